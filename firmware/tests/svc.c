/* SVC: the handler finds the stacked frame (MSP or PSP by EXC_RETURN bit 2), reads the
 * SVC immediate from the halfword before the stacked PC, computes a result from the
 * stacked r0-r3 and returns it by overwriting the stacked r0. */
#include <stdint.h>
#include <stdio.h>

extern void initialise_monitor_handles(void);

static volatile uint32_t svc_calls, last_imm;

void svc_dispatch(uint32_t *frame) {
  uint16_t insn = ((const uint16_t *)frame[6])[-1]; /* SVC #imm8: 0xDFxx */
  uint32_t imm = insn & 0xFFu;
  uint32_t r;
  svc_calls++;
  last_imm = imm;
  switch (imm) {
  case 0: r = frame[0] + frame[1]; break;
  case 1: r = frame[0] * frame[1] + frame[2]; break;
  case 7: r = frame[0] ^ frame[1] ^ frame[2] ^ frame[3]; break;
  case 42: r = (insn == 0xDF2Au) ? 0x4242u : 0; break;
  case 255: r = frame[5] & 1u; break; /* stacked LR: Thumb bit of the caller's return */
  default: r = 0xDEAD0000u | imm; break;
  }
  frame[0] = r;
}

__attribute__((naked)) void SVC_Handler(void) {
  __asm volatile("tst lr, #4\n\t"
                 "ite eq\n\t"
                 "mrseq r0, msp\n\t"
                 "mrsne r0, psp\n\t"
                 "b svc_dispatch\n\t");
}

#define SVC_CALL(imm, a, b, c, d)                                                                  \
  ({                                                                                               \
    register uint32_t r0 __asm("r0") = (a);                                                        \
    register uint32_t r1 __asm("r1") = (b);                                                        \
    register uint32_t r2 __asm("r2") = (c);                                                        \
    register uint32_t r3 __asm("r3") = (d);                                                        \
    __asm volatile("svc %[i]" : "+r"(r0) : [i] "i"(imm), "r"(r1), "r"(r2), "r"(r3) : "memory");   \
    r0;                                                                                            \
  })

static uint32_t psp_stack[128] __attribute__((aligned(8)));

int main(void) {
  initialise_monitor_handles();
  printf("svc0 %lu\n", (unsigned long)SVC_CALL(0, 40, 2, 0, 0));
  printf("svc1 %lu\n", (unsigned long)SVC_CALL(1, 6, 7, 100, 0));
  printf("svc7 %08lx\n", (unsigned long)SVC_CALL(7, 0x11111111u, 0x22222222u, 0x44444444u, 0x88888888u));
  printf("svc42 %08lx\n", (unsigned long)SVC_CALL(42, 0, 0, 0, 0));
  printf("svc255 %lu\n", (unsigned long)SVC_CALL(255, 0, 0, 0, 0));
  printf("svc9 %08lx\n", (unsigned long)SVC_CALL(9, 0, 0, 0, 0));

  /* Same from thread mode on the process stack (CONTROL.SPSEL = 1). */
  uint32_t r;
  __asm volatile("msr psp, %0\n\t"
                 "mrs r1, control\n\t"
                 "orr r1, r1, #2\n\t"
                 "msr control, r1\n\t"
                 "isb\n\t" ::"r"(psp_stack + 128)
                 : "r1", "memory");
  r = SVC_CALL(1, 1000, 1000, 1, 0);
  uint32_t control;
  __asm volatile("mrs %0, control" : "=r"(control));
  __asm volatile("mrs r1, control\n\t"
                 "bic r1, r1, #2\n\t"
                 "msr control, r1\n\t"
                 "isb\n\t" ::
                     : "r1", "memory");
  printf("psp svc1 %lu control.spsel %lu\n", (unsigned long)r, (unsigned long)((control >> 1) & 1u));
  printf("calls %lu last %lu\n", (unsigned long)svc_calls, (unsigned long)last_imm);
  return 0;
}
