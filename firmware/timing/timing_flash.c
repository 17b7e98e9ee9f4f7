/*
 * timing-flash.elf: the STM32L4R5 flash read path at FLASH_ACR.LATENCY = 0..5 with the ART
 * accelerator's prefetch buffer and caches off and on (RM0432 3.3.3 "Read access latency",
 * 3.3.4 "ART accelerator"). Runs at the reset clock (MSI 4 MHz), where any latency is
 * allowed (more wait states than table 12 requires are always safe).
 *
 * Expected counts (per the model of the read path documented in docs/timing.md):
 * the flash is read one 64-bit unit at a time (dual-bank mode) and a read keeps the array
 * busy LATENCY + 1 cycles; 4 sequential 16-bit ALU instructions (1 cycle each) come from one
 * unit, so 16 extra units of code cost:
 *   ART off (no prefetch, no I-cache hit):       16 x (4 + WS)      every unit waits WS
 *   prefetch on (PRFTEN), I-cache cold or off:   16 x (4 + max(0, WS - 3))
 *                                                the next unit is read while the current one
 *                                                executes and arrives WS + 1 cycles after it
 *   I-cache on and warm (ICEN, second run):      16 x 4             every unit hits
 * and 8 extra pipelined LDRs of flash data (code in SRAM), one unit each:
 *   D-cache off or cold:                         8 x (1 + WS)       each read waits WS
 *   D-cache on and warm (DCEN, second run):      8 x 1
 */
#include <stdio.h>
#include "bench.h"
#include "flash_bench.h"

#define PF FLASH_ACR_PRFTEN
#define IC FLASH_ACR_ICEN
#define DC FLASH_ACR_DCEN

int main(void) {
  bench_init();
  int bad = 0;
  char name[64];
  for (uint32_t ws = 0; ws <= 5; ws++) {
    uint32_t pf_stall = ws > 3 ? ws - 3 : 0;
    snprintf(name, sizeof name, "ws%lu.code.art_off", (unsigned long)ws);
    bad += bench_report(name, seq16_extra(ws, 0, 0), 16 * (4 + ws));
    snprintf(name, sizeof name, "ws%lu.code.icache_cold", (unsigned long)ws);
    bad += bench_report(name, seq16_extra(ws, IC, 0), 16 * (4 + ws));
    snprintf(name, sizeof name, "ws%lu.code.icache_warm", (unsigned long)ws);
    bad += bench_report(name, seq16_extra(ws, IC, 1), 16 * 4);
    snprintf(name, sizeof name, "ws%lu.code.prefetch", (unsigned long)ws);
    bad += bench_report(name, seq16_extra(ws, PF, 0), 16 * (4 + pf_stall));
    snprintf(name, sizeof name, "ws%lu.code.art_on_cold", (unsigned long)ws);
    bad += bench_report(name, seq16_extra(ws, PF | IC | DC, 0), 16 * (4 + pf_stall));
    snprintf(name, sizeof name, "ws%lu.code.art_on_warm", (unsigned long)ws);
    bad += bench_report(name, seq16_extra(ws, PF | IC | DC, 1), 16 * 4);
    snprintf(name, sizeof name, "ws%lu.data.dcache_off", (unsigned long)ws);
    bad += bench_report(name, data_extra(ws, 0, 0), 8 * (1 + ws));
    snprintf(name, sizeof name, "ws%lu.data.dcache_cold", (unsigned long)ws);
    bad += bench_report(name, data_extra(ws, DC, 0), 8 * (1 + ws));
    snprintf(name, sizeof name, "ws%lu.data.dcache_warm", (unsigned long)ws);
    bad += bench_report(name, data_extra(ws, DC, 1), 8 * 1);
  }
  flash_config(0, IC | DC, 1); /* back to the reset configuration */
  printf("timing-flash: %d mismatches\n", bad);
  return bad;
}
