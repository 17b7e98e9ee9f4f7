/*
 * The few STM32L4R5 / Cortex-M4 register addresses and bits that m4sim firmware uses.
 * Sources: the CMSIS device header stm32l4r5xx.h (STM32CubeL4) for base addresses,
 * register offsets and bit positions (RM0432 chapters 5 PWR, 6 RCC, 3 FLASH, 8 GPIO,
 * 51 LPUART); core_cm4.h / ARMv7-M ARM for SCB, SysTick, ITM, DWT, CoreDebug.
 */
#ifndef M4SIM_STM32L4R5_REGS_H
#define M4SIM_STM32L4R5_REGS_H
#include <stdint.h>

#define M4_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* Bus bases (stm32l4r5xx.h): APB1PERIPH_BASE 0x40000000, AHB1PERIPH_BASE 0x40020000,
 * AHB2PERIPH_BASE 0x48000000. */
#define PWR_BASE     0x40007000u /* APB1 + 0x7000 */
#define LPUART1_BASE 0x40008000u /* APB1 + 0x8000 */
#define RCC_BASE     0x40021000u /* AHB1 + 0x1000 */
#define FLASH_R_BASE 0x40022000u /* AHB1 + 0x2000 */
#define GPIOA_BASE   0x48000000u /* AHB2 + 0x400 * port index */
#define GPIO_BASE(port) (GPIOA_BASE + 0x400u * (uint32_t)(port))
#define GPIO_PORT_B 1u
#define GPIO_PORT_C 2u
#define GPIO_PORT_G 6u

/* RCC (RM0432 6.4) */
#define RCC_CR       M4_REG(RCC_BASE + 0x00)
#define RCC_CFGR     M4_REG(RCC_BASE + 0x08)
#define RCC_PLLCFGR  M4_REG(RCC_BASE + 0x0C)
#define RCC_AHB2ENR  M4_REG(RCC_BASE + 0x4C)
#define RCC_APB1ENR1 M4_REG(RCC_BASE + 0x58)
#define RCC_APB1ENR2 M4_REG(RCC_BASE + 0x5C)
#define RCC_CCIPR    M4_REG(RCC_BASE + 0x88)

#define RCC_CR_MSION       (1u << 0)
#define RCC_CR_MSIRDY      (1u << 1)
#define RCC_CR_MSIRGSEL    (1u << 3)
#define RCC_CR_MSIRANGE_Pos 4 /* 4 bits; range 6 = 4 MHz (reset value) */
#define RCC_CR_PLLON       (1u << 24)
#define RCC_CR_PLLRDY      (1u << 25)

#define RCC_CFGR_SW_Pos    0 /* 2 bits: 0 MSI, 1 HSI16, 2 HSE, 3 PLL */
#define RCC_CFGR_SWS_Pos   2
#define RCC_CFGR_HPRE_Pos  4 /* 4 bits: 0xxx /1, 1000 /2, ... */
#define RCC_CFGR_PPRE1_Pos 8 /* 3 bits */
#define RCC_CFGR_PPRE2_Pos 11

#define RCC_PLLCFGR_PLLSRC_Pos 0  /* 2 bits: 1 = MSI */
#define RCC_PLLCFGR_PLLM_Pos   4  /* 4 bits: M - 1 */
#define RCC_PLLCFGR_PLLN_Pos   8  /* 7 bits: 8..127 */
#define RCC_PLLCFGR_PLLREN     (1u << 24)
#define RCC_PLLCFGR_PLLR_Pos   25 /* 2 bits: 0 /2, 1 /4, 2 /6, 3 /8 */

#define RCC_APB1ENR1_PWREN     (1u << 28)
#define RCC_APB1ENR2_LPUART1EN (1u << 0)

/* PWR (RM0432 5.4) */
#define PWR_CR1 M4_REG(PWR_BASE + 0x00)
#define PWR_CR2 M4_REG(PWR_BASE + 0x04)
#define PWR_SR2 M4_REG(PWR_BASE + 0x14)
#define PWR_CR5 M4_REG(PWR_BASE + 0x80)
#define PWR_CR1_VOS_Pos 9 /* 2 bits: 01 range 1, 10 range 2 */
#define PWR_CR2_IOSV    (1u << 9)  /* VDDIO2 valid: needed before using port G (PG2..PG15) */
#define PWR_SR2_VOSF    (1u << 10) /* regulator still switching */
#define PWR_CR5_R1MODE  (1u << 8)  /* 1 = range 1 normal, 0 = range 1 boost */

/* FLASH (RM0432 3.7.1) */
#define FLASH_ACR M4_REG(FLASH_R_BASE + 0x00)
#define FLASH_ACR_LATENCY_Msk 0xFu
#define FLASH_ACR_PRFTEN (1u << 8)
#define FLASH_ACR_ICEN   (1u << 9)
#define FLASH_ACR_DCEN   (1u << 10)

/* GPIO (RM0432 8.5): MODER 0x00, OTYPER 0x04, OSPEEDR 0x08, PUPDR 0x0C, IDR 0x10,
 * ODR 0x14, BSRR 0x18, AFRL 0x20, AFRH 0x24, BRR 0x28 */
#define GPIO_MODER(b)   M4_REG((b) + 0x00)
#define GPIO_OSPEEDR(b) M4_REG((b) + 0x08)
#define GPIO_ODR(b)     M4_REG((b) + 0x14)
#define GPIO_BSRR(b)    M4_REG((b) + 0x18)
#define GPIO_AFRL(b)    M4_REG((b) + 0x20)
#define GPIO_AFRH(b)    M4_REG((b) + 0x24)

/* LPUART (RM0432 52.7): CR1 0x00, BRR 0x0C, ISR 0x1C, TDR 0x28 */
#define LPUART_CR1(b) M4_REG((b) + 0x00)
#define LPUART_BRR(b) M4_REG((b) + 0x0C)
#define LPUART_ISR(b) M4_REG((b) + 0x1C)
#define LPUART_TDR(b) M4_REG((b) + 0x28)
#define USART_CR1_UE (1u << 0)
#define USART_CR1_TE (1u << 3)
#define USART_ISR_TXE (1u << 7)
#define USART_ISR_TC  (1u << 6)

/* Cortex-M4 core (ARMv7-M ARM B3.2, C1; core_cm4.h) */
#define SCB_ICSR   M4_REG(0xE000ED04u)
#define SCB_VTOR   M4_REG(0xE000ED08u)
#define SCB_AIRCR  M4_REG(0xE000ED0Cu)
#define SCB_SCR    M4_REG(0xE000ED10u)
#define SCB_CCR    M4_REG(0xE000ED14u)
#define SCB_SHPR1  M4_REG(0xE000ED18u) /* priorities of exceptions 4..7 */
#define SCB_SHPR2  M4_REG(0xE000ED1Cu) /* 8..11 (SVCall in bits 31:24) */
#define SCB_SHPR3  M4_REG(0xE000ED20u) /* 12..15 (PendSV 23:16, SysTick 31:24) */
#define SCB_SHCSR  M4_REG(0xE000ED24u)
#define SCB_CFSR   M4_REG(0xE000ED28u)
#define SCB_HFSR   M4_REG(0xE000ED2Cu)
#define SCB_CPACR  M4_REG(0xE000ED88u)
#define FPU_FPCCR  M4_REG(0xE000EF34u)
#define SCB_ICSR_PENDSVSET (1u << 28)
#define SCB_CCR_DIV_0_TRP  (1u << 4)
#define SCB_CCR_UNALIGN_TRP (1u << 3)
#define SCB_SHCSR_USGFAULTENA (1u << 18)
#define SCB_SHCSR_BUSFAULTENA (1u << 17)
#define SCB_SHCSR_MEMFAULTENA (1u << 16)

#define SYST_CSR   M4_REG(0xE000E010u)
#define SYST_RVR   M4_REG(0xE000E014u)
#define SYST_CVR   M4_REG(0xE000E018u)
#define SYST_CSR_ENABLE    (1u << 0)
#define SYST_CSR_TICKINT   (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2) /* 1 = processor clock */
#define SYST_CSR_COUNTFLAG (1u << 16)

#define NVIC_ISER(n) M4_REG(0xE000E100u + 4u * (n))

/* Debug: DEMCR.TRCENA gates ITM and DWT. */
#define DEMCR        M4_REG(0xE000EDFCu)
#define DEMCR_TRCENA (1u << 24)
#define ITM_STIM(n)  M4_REG(0xE0000000u + 4u * (n))
#define ITM_TER      M4_REG(0xE0000E00u)
#define ITM_TCR      M4_REG(0xE0000E80u)
#define ITM_LAR      M4_REG(0xE0000FB0u)
#define ITM_TCR_ITMENA (1u << 0)
#define DWT_CTRL     M4_REG(0xE0001000u)
#define DWT_CYCCNT   M4_REG(0xE0001004u)
#define DWT_LAR      M4_REG(0xE0001FB0u)
#define DWT_CTRL_CYCCNTENA (1u << 0)
#define CORESIGHT_UNLOCK 0xC5ACCE55u

#endif
