/* UsageFault: enable it in SHCSR and DIV_0_TRP in CCR, divide by zero; the handler records
 * CFSR, clears it, and skips the faulting instruction by advancing the stacked PC.
 * Then an undefined instruction (UDF) is skipped the same way, and an unaligned LDRD
 * (always faults). Main prints what the handler saw and continues. */
#include <stdint.h>
#include <stdio.h>
#include "stm32l4r5_regs.h"

extern void initialise_monitor_handles(void);

static volatile uint32_t faults, cfsr_seen[4], pc_off[4];

void usage_dispatch(uint32_t *frame) {
  uint32_t cfsr = SCB_CFSR;
  uint32_t pc = frame[6];
  uint16_t hw = *(const uint16_t *)pc;
  uint32_t len = ((hw & 0xF800u) >= 0xE800u) ? 4 : 2; /* 32-bit Thumb if bits 15:11 >= 0b11101 */
  if (faults < 4) {
    cfsr_seen[faults] = cfsr;
    pc_off[faults] = len;
  }
  faults++;
  SCB_CFSR = cfsr; /* write-one-to-clear */
  frame[6] = pc + len;
}

__attribute__((naked)) void UsageFault_Handler(void) {
  __asm volatile("tst lr, #4\n\t"
                 "ite eq\n\t"
                 "mrseq r0, msp\n\t"
                 "mrsne r0, psp\n\t"
                 "b usage_dispatch\n\t");
}

int main(void) {
  initialise_monitor_handles();
  volatile int32_t zero = 0, num = 1234;
  uint32_t q;

  /* Without the trap: division by zero gives 0. */
  q = (uint32_t)num / (uint32_t)zero;
  printf("no trap: %lu\n", (unsigned long)q);

  SCB_SHCSR |= SCB_SHCSR_USGFAULTENA;
  SCB_CCR |= SCB_CCR_DIV_0_TRP;
  __asm volatile("dsb\n\tisb");

  register uint32_t rq __asm("r2") = 77;
  __asm volatile("div_site: sdiv %0, %1, %2" : "+r"(rq) : "r"((int32_t)num), "r"((int32_t)zero));
  printf("after sdiv: q=%lu faults=%lu cfsr=%08lx len=%lu\n", (unsigned long)rq, (unsigned long)faults,
         (unsigned long)cfsr_seen[0], (unsigned long)pc_off[0]);

  __asm volatile("udf_site: udf #7" ::: "memory");
  printf("after udf: faults=%lu cfsr=%08lx len=%lu\n", (unsigned long)faults, (unsigned long)cfsr_seen[1],
         (unsigned long)pc_off[1]);

  static uint32_t words[4] = {1, 2, 3, 4};
  register uint32_t lo __asm("r4") = 0, hi __asm("r5") = 0;
  __asm volatile("ldrd_site: ldrd %0, %1, [%2]" : "+r"(lo), "+r"(hi) : "r"((uintptr_t)words + 1) : "memory");
  printf("after ldrd: faults=%lu cfsr=%08lx len=%lu lo=%lu\n", (unsigned long)faults, (unsigned long)cfsr_seen[2],
         (unsigned long)pc_off[2], (unsigned long)lo);

  printf("cfsr now %08lx shcsr.usgfaultena %lu\n", (unsigned long)SCB_CFSR,
         (unsigned long)((SCB_SHCSR >> 18) & 1u));
  return 0;
}
