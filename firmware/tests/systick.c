/* SysTick interrupt: count N ticks, sleeping with WFI in between; the main loop only
 * leaves when the handler has counted N. Output does not depend on timing. */
#include <stdint.h>
#include <stdio.h>
#include "stm32l4r5_regs.h"

extern void initialise_monitor_handles(void);

#define N_TICKS 25
static volatile uint32_t ticks;
static volatile uint32_t ipsr_seen, countflag_seen;

void SysTick_Handler(void) {
  uint32_t ipsr;
  __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
  ipsr_seen |= 1u << (ipsr & 31);
  ticks++;
  if (ticks == N_TICKS) SYST_CSR &= ~(SYST_CSR_ENABLE | SYST_CSR_TICKINT);
}

int main(void) {
  initialise_monitor_handles();
  SYST_RVR = 9999; /* 10,000 processor clocks per tick */
  SYST_CVR = 0;
  SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
  uint32_t wakeups = 0;
  while (ticks < N_TICKS) {
    __asm volatile("wfi");
    wakeups++;
  }
  printf("ticks %lu ipsr_mask %08lx enabled_after %lu woke %s\n", (unsigned long)ticks, (unsigned long)ipsr_seen,
         (unsigned long)(SYST_CSR & SYST_CSR_ENABLE), wakeups >= 1 ? "yes" : "no");
  return 0;
}
