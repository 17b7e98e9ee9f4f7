/* Lazy FP context stacking: main does a long float computation while SysTick fires often;
 * the handler does float math that overwrites S0-S15 and FPSCR flags. Every repetition
 * of the computation must give the result of the reference run made with SysTick off.
 * Prints the reference result (bit pattern) and whether every interrupted run matched.
 * Output does not depend on timing: the runs repeat until at least MIN_TICKS ticks
 * happened during them. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "stm32l4r5_regs.h"

extern void initialise_monitor_handles(void);

#define MIN_TICKS 40
static volatile uint32_t ticks;
static volatile float handler_acc;

void SysTick_Handler(void) {
  /* clobber many FP registers and FPSCR rounding-independent state */
  float a = handler_acc + 1.0f, b = 3.0f, c = 0.1f, d = -2.5f, e = 7.0f, f = 1e-3f, g = 9.0f, h = 0.5f;
  for (int i = 0; i < 8; i++) {
    a = a * 1.0001f + b;
    b = b / 3.3f + c;
    c = c * d - e;
    d = d + f * g;
    e = e - h * a;
    f = f * 1.5f;
    g = g + 0.25f;
    h = h * 0.75f + a / (b + 100.0f);
  }
  handler_acc = a + b + c + d + e + f + g + h;
  ticks++;
}

static float __attribute__((noinline)) compute(uint32_t n) {
  float x = 0.5f, y = 1.25f, z = -0.75f, acc = 0.0f;
  for (uint32_t i = 0; i < n; i++) {
    x = x * 0.99991f + y * 0.0001f;
    y = y - z * 0.00037f;
    z = z + x / (y + 4.0f);
    acc += x * y - z;
  }
  return acc + x + y + z;
}

static uint32_t bits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

int main(void) {
  initialise_monitor_handles();
  const uint32_t N = 20000;
  uint32_t ref = bits(compute(N));
  uint32_t fpccr = FPU_FPCCR;
  SYST_RVR = 1999;
  SYST_CVR = 0;
  SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
  uint32_t runs = 0, mismatches = 0;
  while (ticks < MIN_TICKS || runs < 2) {
    if (bits(compute(N)) != ref) mismatches++;
    runs++;
  }
  SYST_CSR = 0;
  printf("ref %08lx (%.9g)\n", (unsigned long)ref, (double)compute(N));
  printf("interrupted runs mismatched: %lu, ticks>=%d: %s, lspen+aspen %lu\n", (unsigned long)mismatches, MIN_TICKS,
         ticks >= MIN_TICKS ? "yes" : "no", (unsigned long)(fpccr >> 30));
  return mismatches ? 1 : 0;
}
