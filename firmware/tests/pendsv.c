/* PendSV pended from a SysTick handler. PendSV has the lowest priority (0xF0), SysTick a
 * higher one (0x40), so PendSV runs when SysTick returns (tail-chaining). SVCall gets 0x80.
 * An event log records the order; the output does not depend on timing. */
#include <stdint.h>
#include <stdio.h>
#include "stm32l4r5_regs.h"

extern void initialise_monitor_handles(void);

#define ROUNDS 6
static volatile char evlog[64];
static volatile uint32_t nlog, pendsv_runs, systick_runs, pend_seen_in_systick, ipsr_in_pendsv;

static void ev(char c) {
  if (nlog < sizeof evlog - 1) evlog[nlog++] = c;
}

void SysTick_Handler(void) {
  systick_runs++;
  ev('S');
  SCB_ICSR = SCB_ICSR_PENDSVSET;
  /* PendSV must not preempt us (lower priority): still pending here. */
  if (SCB_ICSR & SCB_ICSR_PENDSVSET) pend_seen_in_systick++;
  ev('s');
  if (systick_runs == ROUNDS) SYST_CSR = 0;
}

void PendSV_Handler(void) {
  uint32_t ipsr;
  __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
  ipsr_in_pendsv = ipsr;
  pendsv_runs++;
  ev('P');
}

int main(void) {
  initialise_monitor_handles();
  /* SHPR3: PendSV (exception 14) bits 23:16, SysTick (15) bits 31:24 */
  SCB_SHPR3 = (0x40u << 24) | (0xF0u << 16);
  SCB_SHPR2 = 0x80u << 24; /* SVCall */
  SYST_RVR = 19999;
  SYST_CVR = 0;
  SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
  /* waits on the SysTick count, so a PendSV merged with another pending one cannot hang it */
  while (systick_runs < ROUNDS) __asm volatile("wfi");
  evlog[nlog] = 0;
  printf("log %s\n", (const char *)evlog);
  printf("systick %lu pendsv %lu pending_in_systick %lu ipsr %lu shpr3 %08lx\n", (unsigned long)systick_runs,
         (unsigned long)pendsv_runs, (unsigned long)pend_seen_in_systick, (unsigned long)ipsr_in_pendsv,
         (unsigned long)SCB_SHPR3);
  /* Pend from thread mode: taken immediately (priority above thread). */
  SCB_ICSR = SCB_ICSR_PENDSVSET;
  __asm volatile("dsb\n\tisb");
  printf("after thread pend %lu\n", (unsigned long)pendsv_runs);
  return 0;
}
