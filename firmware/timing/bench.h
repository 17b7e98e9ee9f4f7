/* Timing micro-benchmark tables (firmware/timing/): each entry is a function that runs one
 * measured sequence and returns its cycles (DWT_CYCCNT difference minus the frame), its name,
 * and the count the Cortex-M4 TRM / RM0432 predicts (derived in the assembly source). */
#ifndef M4SIM_TIMING_BENCH_H
#define M4SIM_TIMING_BENCH_H
#include <stdint.h>

typedef struct {
  uint32_t (*fn)(void);
  const char *name;
  uint32_t expected;
} bench_t;

/* Runs every entry of [first, last), printing "timing <prefix>.<name> <measured> <expected>
 * OK|MISMATCH" lines; returns the number of mismatches. */
int bench_run_table(const char *prefix, const bench_t *first, const bench_t *last);

/* Prints one result line; returns 1 for a mismatch. */
int bench_report(const char *name, uint32_t measured, uint32_t expected);

void bench_init(void);
#endif
