/* Flash read-path benchmarks shared by timing_flash.c and timing_clock.c. */
#ifndef M4SIM_TIMING_FLASH_BENCH_H
#define M4SIM_TIMING_FLASH_BENCH_H
#include <stdint.h>
#include "stm32l4r5_regs.h"

uint32_t seq16_short(void);
uint32_t seq16_long(void);
uint32_t data_short(void);
uint32_t data_long(void);

#define ACR_ICRST (1u << 11)
#define ACR_DCRST (1u << 12)

/* FLASH_ACR := latency | enables, with the caches emptied first when `cold` (ICRST/DCRST only
 * act while the cache is disabled, RM0432 3.7.1). */
static inline void flash_config(uint32_t latency, uint32_t enables, int cold) {
  uint32_t acr = FLASH_ACR & ~(FLASH_ACR_LATENCY_Msk | FLASH_ACR_PRFTEN | FLASH_ACR_ICEN | FLASH_ACR_DCEN | ACR_ICRST | ACR_DCRST);
  FLASH_ACR = acr | latency; /* caches off */
  if (cold) {
    FLASH_ACR = acr | latency | ACR_ICRST | ACR_DCRST;
    FLASH_ACR = acr | latency;
  }
  FLASH_ACR = acr | latency | enables;
  while ((FLASH_ACR & FLASH_ACR_LATENCY_Msk) != latency) {
  }
}

/* Cycles of 16 extra units of sequential 16-bit code (long block minus short block), with
 * FLASH_ACR = latency | enables. Cold: the caches are emptied before each block; warm: each
 * block runs once before it is measured. */
static inline uint32_t seq16_extra(uint32_t latency, uint32_t enables, int warm) {
  flash_config(latency, enables, 1);
  if (warm) (void)seq16_long();
  uint32_t l = seq16_long();
  flash_config(latency, enables, !warm);
  if (warm) (void)seq16_short();
  uint32_t s = seq16_short();
  return l - s;
}

/* Cycles of 8 extra flash data reads (long minus short), as seq16_extra. */
static inline uint32_t data_extra(uint32_t latency, uint32_t enables, int warm) {
  flash_config(latency, enables, 1);
  if (warm) (void)data_long();
  uint32_t l = data_long();
  flash_config(latency, enables, 1);
  if (warm) (void)data_short();
  uint32_t s = data_short();
  return l - s;
}
#endif
