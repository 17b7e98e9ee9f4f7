/* Shared runner of the timing micro-benchmarks: DWT cycle counter on, results over
 * semihosting, one line per benchmark. */
#include <stdio.h>
#include "board.h"
#include "bench.h"

extern void initialise_monitor_handles(void);

void bench_init(void) {
  initialise_monitor_handles();
  cyccnt_enable();
}

int bench_report(const char *name, uint32_t measured, uint32_t expected) {
  int bad = measured != expected;
  printf("timing %s %lu %lu %s\n", name, (unsigned long)measured, (unsigned long)expected, bad ? "MISMATCH" : "OK");
  return bad;
}

int bench_run_table(const char *prefix, const bench_t *first, const bench_t *last) {
  int bad = 0;
  char name[64];
  for (const bench_t *b = first; b < last; b++) {
    snprintf(name, sizeof name, "%s.%s", prefix, b->name);
    bad += bench_report(name, b->fn(), b->expected);
  }
  return bad;
}
