/* Clock set-up for the STM32L4R5ZI (register level, no HAL). See system_stm32l4r5.c. */
#ifndef M4SIM_SYSTEM_STM32L4R5_H
#define M4SIM_SYSTEM_STM32L4R5_H
#include <stdint.h>

/* Current HCLK in Hz (4 MHz MSI after reset). */
extern uint32_t SystemCoreClock;

/* MSI 4 MHz -> PLL -> 120 MHz SYSCLK in voltage range 1 boost, flash 5 wait states,
 * ART prefetch + I-cache + D-cache on. Returns 0 on success, non-zero if a ready flag
 * never came (the step number). */
int clock_init_120mhz(void);

/* Any even frequency 16..120 MHz from MSI 4 MHz via the PLL (or 4 = plain MSI).
 * Voltage range 1 (boost above 80 MHz), flash latency per RM0432 table 12.
 * Returns 0 on success, -1 for an unsupported frequency, >0 for a timeout step. */
int clock_init_mhz(uint32_t mhz);

#endif
