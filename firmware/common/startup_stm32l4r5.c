/*
 * Startup code and vector table for the STM32L4R5ZI (Cortex-M4F), m4sim firmware.
 *
 * Vector table: the 16 Cortex-M4 system exception slots (ARMv7-M ARM B1.5.2) followed by
 * the 95 STM32L4R5 device interrupts, IRQ 0 (WWDG) .. IRQ 94 (DMAMUX1_OVR), with the
 * numbers and names of IRQn_Type in the CMSIS header stm32l4r5xx.h (STM32CubeL4).
 * Numbers the header leaves out (47, 78, 79, 86-89, 91-93) are reserved slots (0).
 * Every handler is a weak alias of Default_Handler; define a function of the same name
 * to override it.
 *
 * Reset_Handler: enables the FPU first (CPACR CP10/CP11 full access, then DSB/ISB,
 * ARMv7-M ARM B3.2.20), copies .data from flash, zeroes .bss and the training-buffer
 * sections (.weights .grads .activations .errors), calls SystemInit (weak, empty),
 * the C/C++ constructors, then main, then exit(main's return value).
 * Link with -nostartfiles (newlib's rdimon-crt0 is not used).
 */
#include <stdint.h>
#include <stdlib.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, __buffers_start, __buffers_end;
extern uint32_t _estack;

int main(void);
void __libc_init_array(void);
void Reset_Handler(void);
void Default_Handler(void);

/* Called by Default_Handler with the active exception number (IPSR). Weak: the default
 * spins forever (the behaviour of an unhandled exception on the board). Test programs
 * override it to report over semihosting. */
__attribute__((weak)) void m4_unhandled_exception(uint32_t ipsr) {
  (void)ipsr;
  for (;;) {
  }
}

void Default_Handler(void) {
  uint32_t ipsr;
  __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
  m4_unhandled_exception(ipsr & 0x1ffu);
}

/* Weak, empty: board code (clock set-up) may define it. */
__attribute__((weak)) void SystemInit(void) {}

/* newlib's __libc_init_array calls _init; crti.o is not linked (-nostartfiles). */
__attribute__((weak)) void _init(void) {}
__attribute__((weak)) void _fini(void) {}

#define WEAK_HANDLER(name) void name(void) __attribute__((weak, alias("Default_Handler")))

WEAK_HANDLER(NMI_Handler);
WEAK_HANDLER(HardFault_Handler);
WEAK_HANDLER(MemManage_Handler);
WEAK_HANDLER(BusFault_Handler);
WEAK_HANDLER(UsageFault_Handler);
WEAK_HANDLER(SVC_Handler);
WEAK_HANDLER(DebugMon_Handler);
WEAK_HANDLER(PendSV_Handler);
WEAK_HANDLER(SysTick_Handler);

WEAK_HANDLER(WWDG_IRQHandler);
WEAK_HANDLER(PVD_PVM_IRQHandler);
WEAK_HANDLER(TAMP_STAMP_IRQHandler);
WEAK_HANDLER(RTC_WKUP_IRQHandler);
WEAK_HANDLER(FLASH_IRQHandler);
WEAK_HANDLER(RCC_IRQHandler);
WEAK_HANDLER(EXTI0_IRQHandler);
WEAK_HANDLER(EXTI1_IRQHandler);
WEAK_HANDLER(EXTI2_IRQHandler);
WEAK_HANDLER(EXTI3_IRQHandler);
WEAK_HANDLER(EXTI4_IRQHandler);
WEAK_HANDLER(DMA1_Channel1_IRQHandler);
WEAK_HANDLER(DMA1_Channel2_IRQHandler);
WEAK_HANDLER(DMA1_Channel3_IRQHandler);
WEAK_HANDLER(DMA1_Channel4_IRQHandler);
WEAK_HANDLER(DMA1_Channel5_IRQHandler);
WEAK_HANDLER(DMA1_Channel6_IRQHandler);
WEAK_HANDLER(DMA1_Channel7_IRQHandler);
WEAK_HANDLER(ADC1_IRQHandler);
WEAK_HANDLER(CAN1_TX_IRQHandler);
WEAK_HANDLER(CAN1_RX0_IRQHandler);
WEAK_HANDLER(CAN1_RX1_IRQHandler);
WEAK_HANDLER(CAN1_SCE_IRQHandler);
WEAK_HANDLER(EXTI9_5_IRQHandler);
WEAK_HANDLER(TIM1_BRK_TIM15_IRQHandler);
WEAK_HANDLER(TIM1_UP_TIM16_IRQHandler);
WEAK_HANDLER(TIM1_TRG_COM_TIM17_IRQHandler);
WEAK_HANDLER(TIM1_CC_IRQHandler);
WEAK_HANDLER(TIM2_IRQHandler);
WEAK_HANDLER(TIM3_IRQHandler);
WEAK_HANDLER(TIM4_IRQHandler);
WEAK_HANDLER(I2C1_EV_IRQHandler);
WEAK_HANDLER(I2C1_ER_IRQHandler);
WEAK_HANDLER(I2C2_EV_IRQHandler);
WEAK_HANDLER(I2C2_ER_IRQHandler);
WEAK_HANDLER(SPI1_IRQHandler);
WEAK_HANDLER(SPI2_IRQHandler);
WEAK_HANDLER(USART1_IRQHandler);
WEAK_HANDLER(USART2_IRQHandler);
WEAK_HANDLER(USART3_IRQHandler);
WEAK_HANDLER(EXTI15_10_IRQHandler);
WEAK_HANDLER(RTC_Alarm_IRQHandler);
WEAK_HANDLER(DFSDM1_FLT3_IRQHandler);
WEAK_HANDLER(TIM8_BRK_IRQHandler);
WEAK_HANDLER(TIM8_UP_IRQHandler);
WEAK_HANDLER(TIM8_TRG_COM_IRQHandler);
WEAK_HANDLER(TIM8_CC_IRQHandler);
WEAK_HANDLER(FMC_IRQHandler);
WEAK_HANDLER(SDMMC1_IRQHandler);
WEAK_HANDLER(TIM5_IRQHandler);
WEAK_HANDLER(SPI3_IRQHandler);
WEAK_HANDLER(UART4_IRQHandler);
WEAK_HANDLER(UART5_IRQHandler);
WEAK_HANDLER(TIM6_DAC_IRQHandler);
WEAK_HANDLER(TIM7_IRQHandler);
WEAK_HANDLER(DMA2_Channel1_IRQHandler);
WEAK_HANDLER(DMA2_Channel2_IRQHandler);
WEAK_HANDLER(DMA2_Channel3_IRQHandler);
WEAK_HANDLER(DMA2_Channel4_IRQHandler);
WEAK_HANDLER(DMA2_Channel5_IRQHandler);
WEAK_HANDLER(DFSDM1_FLT0_IRQHandler);
WEAK_HANDLER(DFSDM1_FLT1_IRQHandler);
WEAK_HANDLER(DFSDM1_FLT2_IRQHandler);
WEAK_HANDLER(COMP_IRQHandler);
WEAK_HANDLER(LPTIM1_IRQHandler);
WEAK_HANDLER(LPTIM2_IRQHandler);
WEAK_HANDLER(OTG_FS_IRQHandler);
WEAK_HANDLER(DMA2_Channel6_IRQHandler);
WEAK_HANDLER(DMA2_Channel7_IRQHandler);
WEAK_HANDLER(LPUART1_IRQHandler);
WEAK_HANDLER(OCTOSPI1_IRQHandler);
WEAK_HANDLER(I2C3_EV_IRQHandler);
WEAK_HANDLER(I2C3_ER_IRQHandler);
WEAK_HANDLER(SAI1_IRQHandler);
WEAK_HANDLER(SAI2_IRQHandler);
WEAK_HANDLER(OCTOSPI2_IRQHandler);
WEAK_HANDLER(TSC_IRQHandler);
WEAK_HANDLER(RNG_IRQHandler);
WEAK_HANDLER(FPU_IRQHandler);
WEAK_HANDLER(CRS_IRQHandler);
WEAK_HANDLER(I2C4_ER_IRQHandler);
WEAK_HANDLER(I2C4_EV_IRQHandler);
WEAK_HANDLER(DCMI_IRQHandler);
WEAK_HANDLER(DMA2D_IRQHandler);
WEAK_HANDLER(DMAMUX1_OVR_IRQHandler);

typedef void (*vector_t)(void);

#define M4_NUM_IRQS 95 /* IRQ 0..94, stm32l4r5xx.h IRQn_Type */

__attribute__((section(".isr_vector"), used)) const vector_t g_vectors[16 + M4_NUM_IRQS] = {
    (vector_t)(uintptr_t)&_estack, /* 0: initial SP */
    Reset_Handler,                 /* 1 */
    NMI_Handler,                   /* 2 */
    HardFault_Handler,             /* 3 */
    MemManage_Handler,             /* 4 */
    BusFault_Handler,              /* 5 */
    UsageFault_Handler,            /* 6 */
    0, 0, 0, 0,                    /* 7-10 reserved */
    SVC_Handler,                   /* 11 */
    DebugMon_Handler,              /* 12 */
    0,                             /* 13 reserved */
    PendSV_Handler,                /* 14 */
    SysTick_Handler,               /* 15 */
    /* device IRQs: vector 16 + IRQn */
    [16 + 0] = WWDG_IRQHandler,
    [16 + 1] = PVD_PVM_IRQHandler,
    [16 + 2] = TAMP_STAMP_IRQHandler,
    [16 + 3] = RTC_WKUP_IRQHandler,
    [16 + 4] = FLASH_IRQHandler,
    [16 + 5] = RCC_IRQHandler,
    [16 + 6] = EXTI0_IRQHandler,
    [16 + 7] = EXTI1_IRQHandler,
    [16 + 8] = EXTI2_IRQHandler,
    [16 + 9] = EXTI3_IRQHandler,
    [16 + 10] = EXTI4_IRQHandler,
    [16 + 11] = DMA1_Channel1_IRQHandler,
    [16 + 12] = DMA1_Channel2_IRQHandler,
    [16 + 13] = DMA1_Channel3_IRQHandler,
    [16 + 14] = DMA1_Channel4_IRQHandler,
    [16 + 15] = DMA1_Channel5_IRQHandler,
    [16 + 16] = DMA1_Channel6_IRQHandler,
    [16 + 17] = DMA1_Channel7_IRQHandler,
    [16 + 18] = ADC1_IRQHandler,
    [16 + 19] = CAN1_TX_IRQHandler,
    [16 + 20] = CAN1_RX0_IRQHandler,
    [16 + 21] = CAN1_RX1_IRQHandler,
    [16 + 22] = CAN1_SCE_IRQHandler,
    [16 + 23] = EXTI9_5_IRQHandler,
    [16 + 24] = TIM1_BRK_TIM15_IRQHandler,
    [16 + 25] = TIM1_UP_TIM16_IRQHandler,
    [16 + 26] = TIM1_TRG_COM_TIM17_IRQHandler,
    [16 + 27] = TIM1_CC_IRQHandler,
    [16 + 28] = TIM2_IRQHandler,
    [16 + 29] = TIM3_IRQHandler,
    [16 + 30] = TIM4_IRQHandler,
    [16 + 31] = I2C1_EV_IRQHandler,
    [16 + 32] = I2C1_ER_IRQHandler,
    [16 + 33] = I2C2_EV_IRQHandler,
    [16 + 34] = I2C2_ER_IRQHandler,
    [16 + 35] = SPI1_IRQHandler,
    [16 + 36] = SPI2_IRQHandler,
    [16 + 37] = USART1_IRQHandler,
    [16 + 38] = USART2_IRQHandler,
    [16 + 39] = USART3_IRQHandler,
    [16 + 40] = EXTI15_10_IRQHandler,
    [16 + 41] = RTC_Alarm_IRQHandler,
    [16 + 42] = DFSDM1_FLT3_IRQHandler,
    [16 + 43] = TIM8_BRK_IRQHandler,
    [16 + 44] = TIM8_UP_IRQHandler,
    [16 + 45] = TIM8_TRG_COM_IRQHandler,
    [16 + 46] = TIM8_CC_IRQHandler,
    [16 + 48] = FMC_IRQHandler,
    [16 + 49] = SDMMC1_IRQHandler,
    [16 + 50] = TIM5_IRQHandler,
    [16 + 51] = SPI3_IRQHandler,
    [16 + 52] = UART4_IRQHandler,
    [16 + 53] = UART5_IRQHandler,
    [16 + 54] = TIM6_DAC_IRQHandler,
    [16 + 55] = TIM7_IRQHandler,
    [16 + 56] = DMA2_Channel1_IRQHandler,
    [16 + 57] = DMA2_Channel2_IRQHandler,
    [16 + 58] = DMA2_Channel3_IRQHandler,
    [16 + 59] = DMA2_Channel4_IRQHandler,
    [16 + 60] = DMA2_Channel5_IRQHandler,
    [16 + 61] = DFSDM1_FLT0_IRQHandler,
    [16 + 62] = DFSDM1_FLT1_IRQHandler,
    [16 + 63] = DFSDM1_FLT2_IRQHandler,
    [16 + 64] = COMP_IRQHandler,
    [16 + 65] = LPTIM1_IRQHandler,
    [16 + 66] = LPTIM2_IRQHandler,
    [16 + 67] = OTG_FS_IRQHandler,
    [16 + 68] = DMA2_Channel6_IRQHandler,
    [16 + 69] = DMA2_Channel7_IRQHandler,
    [16 + 70] = LPUART1_IRQHandler,
    [16 + 71] = OCTOSPI1_IRQHandler,
    [16 + 72] = I2C3_EV_IRQHandler,
    [16 + 73] = I2C3_ER_IRQHandler,
    [16 + 74] = SAI1_IRQHandler,
    [16 + 75] = SAI2_IRQHandler,
    [16 + 76] = OCTOSPI2_IRQHandler,
    [16 + 77] = TSC_IRQHandler,
    [16 + 80] = RNG_IRQHandler,
    [16 + 81] = FPU_IRQHandler,
    [16 + 82] = CRS_IRQHandler,
    [16 + 83] = I2C4_ER_IRQHandler,
    [16 + 84] = I2C4_EV_IRQHandler,
    [16 + 85] = DCMI_IRQHandler,
    [16 + 90] = DMA2D_IRQHandler,
    [16 + 94] = DMAMUX1_OVR_IRQHandler,
};

/* Not optimised into library calls: runs before .data/.bss exist. */
__attribute__((noreturn, optimize("no-tree-loop-distribute-patterns"))) void Reset_Handler(void) {
  /* CPACR (0xE000ED88): CP10 and CP11 full access (bits 20-23). */
  *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
  __asm volatile("dsb\n\tisb" ::: "memory");

  uint32_t *src = &_sidata;
  for (uint32_t *dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (uint32_t *p = &_sbss; p < &_ebss;) *p++ = 0;
  /* buffers: 8-aligned start, any end */
  uint8_t *b = (uint8_t *)&__buffers_start, *be = (uint8_t *)&__buffers_end;
  for (; b + 4 <= be; b += 4) *(uint32_t *)b = 0;
  for (; b < be; b++) *b = 0;

  SystemInit();
  __libc_init_array();
  exit(main());
}
