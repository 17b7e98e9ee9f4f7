/*
 * timing-clock.elf: the same flash benchmark at 24 MHz and at 120 MHz, with the wait states
 * the clock set-up code programs (clock_init_mhz, firmware/common/system_stm32l4r5.c, from
 * RM0432 3.3.3 table 12, range 1: <= 40 MHz 1 WS, <= 120 MHz 5 WS).
 * Expected, as in timing_flash.c, for 16 extra units of sequential 16-bit code:
 *   24 MHz, LATENCY 1:  ART off 16 x (4 + 1) = 80, prefetch 16 x 4 = 64, I-cache warm 64
 *  120 MHz, LATENCY 5:  ART off 16 x (4 + 5) = 144, prefetch 16 x (4 + 2) = 96, warm 64
 * The cycle counts depend only on the wait states; the simulated time of each run is
 * cycles / HCLK.
 */
#include <stdio.h>
#include "bench.h"
#include "flash_bench.h"
#include "system_stm32l4r5.h"

static int run_at(uint32_t mhz, uint32_t expect_ws, uint32_t off, uint32_t pf, uint32_t warm) {
  char name[64];
  int bad = 0;
  int r = clock_init_mhz(mhz);
  uint32_t ws = FLASH_ACR & FLASH_ACR_LATENCY_Msk;
  printf("clock %lu MHz: init %d, LATENCY %lu\n", (unsigned long)mhz, r, (unsigned long)ws);
  snprintf(name, sizeof name, "%luMHz.latency", (unsigned long)mhz);
  bad += bench_report(name, ws, expect_ws);
  snprintf(name, sizeof name, "%luMHz.code.art_off", (unsigned long)mhz);
  bad += bench_report(name, seq16_extra(ws, 0, 0), off);
  snprintf(name, sizeof name, "%luMHz.code.prefetch", (unsigned long)mhz);
  bad += bench_report(name, seq16_extra(ws, FLASH_ACR_PRFTEN, 0), pf);
  snprintf(name, sizeof name, "%luMHz.code.art_on_warm", (unsigned long)mhz);
  bad += bench_report(name, seq16_extra(ws, FLASH_ACR_PRFTEN | FLASH_ACR_ICEN | FLASH_ACR_DCEN, 1), warm);
  return bad;
}

int main(void) {
  bench_init();
  int bad = 0;
  bad += run_at(24, 1, 80, 64, 64);
  bad += run_at(120, 5, 144, 96, 64);
  printf("timing-clock: %d mismatches\n", bad);
  return bad;
}
