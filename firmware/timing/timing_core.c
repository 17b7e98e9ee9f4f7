/*
 * timing-core.elf: the Cortex-M4 instruction-class micro-benchmarks (core_body.S) run from
 * SRAM and from flash, and the exception benchmarks (exc.S). Flash is at its reset
 * configuration (FLASH_ACR.LATENCY = 0, RM0432 3.7.1), the clock MSI 4 MHz, so both runs
 * expect the zero-wait-state counts of the TRM. Prints one line per benchmark:
 *   timing <where>.<name> <measured> <expected> OK|MISMATCH
 * and exits with the number of mismatches.
 */
#include <stdio.h>
#include "bench.h"

extern const bench_t timing_sram_table[], timing_sram_table_end[];
extern const bench_t timing_flash_table[], timing_flash_table_end[];
extern const bench_t timing_exc_table[], timing_exc_table_end[];

/* the load/store benchmarks' scratch words */
uint32_t timing_buf[64] __attribute__((aligned(8)));

int main(void) {
  bench_init();
  int bad = 0;
  bad += bench_run_table("sram", timing_sram_table, timing_sram_table_end);
  bad += bench_run_table("flash", timing_flash_table, timing_flash_table_end);
  bad += bench_run_table("exc", timing_exc_table, timing_exc_table_end);
  printf("timing-core: %d mismatches\n", bad);
  return bad;
}
