/*
 * Nucleo-L4R5ZI board helpers, header-only (UM2179 "STM32 Nucleo-144 boards", MB1312).
 *
 * Timing marks: the two user LEDs that sit on plain GPIOs, which the paper-style
 * measurement set-up can probe (the paper marked latency with two GPIO pins):
 *   MARK0 = PC7 (LD1, green; also CN12 pin 19)   MARK1 = PB7 (LD2, blue; CN11 pin 21)
 * LPUART1 is wired to the ST-LINK virtual COM port: PG7 = TX, PG8 = RX, alternate
 * function 8. Port G pins PG2..PG15 are powered from VDDIO2, which must be declared
 * valid first (PWR_CR2.IOSV, RM0432 5.1.3 / 5.4.2).
 * ITM stimulus ports and the DWT cycle counter need DEMCR.TRCENA (ARMv7-M ARM C1.6.5).
 */
#ifndef M4SIM_BOARD_H
#define M4SIM_BOARD_H
#include <stdint.h>
#include "stm32l4r5_regs.h"

#define MARK0_PORT GPIO_PORT_C
#define MARK0_PIN  7u
#define MARK1_PORT GPIO_PORT_B
#define MARK1_PIN  7u

static inline void gpio_port_clock_on(uint32_t port) {
  RCC_AHB2ENR |= 1u << port; /* GPIOAEN..GPIOIEN = bits 0..8 */
  (void)RCC_AHB2ENR;
}

static inline void gpio_output(uint32_t port, uint32_t pin) {
  uint32_t b = GPIO_BASE(port);
  gpio_port_clock_on(port);
  GPIO_MODER(b) = (GPIO_MODER(b) & ~(3u << (2 * pin))) | (1u << (2 * pin)); /* 01 output */
  GPIO_OSPEEDR(b) |= 3u << (2 * pin);                                       /* very high */
}

static inline void gpio_set(uint32_t port, uint32_t pin) { GPIO_BSRR(GPIO_BASE(port)) = 1u << pin; }
static inline void gpio_clear(uint32_t port, uint32_t pin) { GPIO_BSRR(GPIO_BASE(port)) = 1u << (pin + 16); }

static inline void marks_init(void) {
  gpio_output(MARK0_PORT, MARK0_PIN);
  gpio_output(MARK1_PORT, MARK1_PIN);
  gpio_clear(MARK0_PORT, MARK0_PIN);
  gpio_clear(MARK1_PORT, MARK1_PIN);
}
static inline void mark0_high(void) { gpio_set(MARK0_PORT, MARK0_PIN); }
static inline void mark0_low(void) { gpio_clear(MARK0_PORT, MARK0_PIN); }
static inline void mark1_high(void) { gpio_set(MARK1_PORT, MARK1_PIN); }
static inline void mark1_low(void) { gpio_clear(MARK1_PORT, MARK1_PIN); }

/* LPUART1 on PG7/PG8 (AF8), 8N1, clocked from PCLK1 (RCC_CCIPR.LPUART1SEL = 00).
 * BRR = 256 * f_ck / baud (RM0432 52.4.7); must be >= 0x300. */
static inline void lpuart1_init(uint32_t pclk_hz, uint32_t baud) {
  RCC_APB1ENR1 |= RCC_APB1ENR1_PWREN;
  (void)RCC_APB1ENR1;
  PWR_CR2 |= PWR_CR2_IOSV;
  gpio_port_clock_on(GPIO_PORT_G);
  uint32_t g = GPIO_BASE(GPIO_PORT_G);
  GPIO_MODER(g) = (GPIO_MODER(g) & ~((3u << 14) | (3u << 16))) | (2u << 14) | (2u << 16); /* AF */
  GPIO_AFRL(g) = (GPIO_AFRL(g) & ~(0xFu << 28)) | (8u << 28);                           /* PG7 AF8 */
  GPIO_AFRH(g) = (GPIO_AFRH(g) & ~0xFu) | 8u;                                             /* PG8 AF8 */
  RCC_CCIPR &= ~(3u << 10); /* LPUART1SEL = PCLK1 */
  RCC_APB1ENR2 |= RCC_APB1ENR2_LPUART1EN;
  (void)RCC_APB1ENR2;
  LPUART_CR1(LPUART1_BASE) = 0;
  LPUART_BRR(LPUART1_BASE) = (uint32_t)(((uint64_t)pclk_hz * 256u + baud / 2) / baud);
  LPUART_CR1(LPUART1_BASE) = USART_CR1_TE | USART_CR1_UE;
}

static inline void lpuart1_putc(char c) {
  while (!(LPUART_ISR(LPUART1_BASE) & USART_ISR_TXE)) {
  }
  LPUART_TDR(LPUART1_BASE) = (uint8_t)c;
}

static inline void lpuart1_puts(const char *s) {
  while (*s) lpuart1_putc(*s++);
}

/* ITM: enable stimulus ports given by mask (TER) with the ITM on (TCR.ITMENA). */
static inline void itm_init(uint32_t port_mask) {
  DEMCR |= DEMCR_TRCENA;
  ITM_LAR = CORESIGHT_UNLOCK;
  ITM_TCR |= ITM_TCR_ITMENA;
  ITM_TER |= port_mask;
}

/* Write a word to stimulus port n (waits while the port FIFO is full: bit 0 reads 0). */
static inline void itm_write32(uint32_t n, uint32_t v) {
  if (!(ITM_TCR & ITM_TCR_ITMENA) || !(ITM_TER & (1u << n))) return;
  while (!(ITM_STIM(n) & 1u)) {
  }
  ITM_STIM(n) = v;
}

static inline void itm_write8(uint32_t n, uint8_t v) {
  if (!(ITM_TCR & ITM_TCR_ITMENA) || !(ITM_TER & (1u << n))) return;
  while (!(ITM_STIM(n) & 1u)) {
  }
  *(volatile uint8_t *)(uintptr_t)(0xE0000000u + 4u * n) = v;
}

/* DWT cycle counter. */
static inline void cyccnt_enable(void) {
  DEMCR |= DEMCR_TRCENA;
  DWT_LAR = CORESIGHT_UNLOCK;
  DWT_CYCCNT = 0;
  DWT_CTRL |= DWT_CTRL_CYCCNTENA;
}
static inline uint32_t cyccnt_read(void) { return DWT_CYCCNT; }

#endif
