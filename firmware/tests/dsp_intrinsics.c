/* Every ACLE DSP/SIMD intrinsic of GCC 12's arm_acle.h for ARMv7E-M, over edge operands.
 * For each operation: the result, and after the SIMD ones the GE flags (via __sel) and
 * the Q flag (__saturation_occurred, cleared before each op). */
#include <arm_acle.h>
#include <stdint.h>
#include <stdio.h>

extern void initialise_monitor_handles(void);

static const uint32_t OPS[] = {0x00000000u, 0xFFFFFFFFu, 0x7FFF8000u, 0x80007FFFu, 0x7F80017Fu,
                               0x807FFF80u, 0x01020304u, 0xFEDCBA98u, 0x12345678u, 0x00010001u, 0x80008000u};
#define NOPS (sizeof OPS / sizeof OPS[0])

static uint32_t hash;
static unsigned lines;
static int printing; /* print this operand pair in full; every pair goes into the hash */
static void out(const char *name, uint32_t a, uint32_t b, uint32_t r, uint32_t ge, int q) {
  hash = (hash ^ r) * 0x01000193u;
  hash = (hash ^ ge) * 0x01000193u;
  hash = (hash ^ (uint32_t)q) * 0x01000193u;
  if (printing) {
    printf("%s %08lx %08lx -> %08lx ge=%lx q=%d\n", name, (unsigned long)a, (unsigned long)b, (unsigned long)r,
           (unsigned long)ge, q);
    lines++;
  }
}
static void out64(const char *name, uint32_t a, uint32_t b, uint64_t r) {
  out(name, a, b, (uint32_t)r, (uint32_t)(r >> 32), 0);
}

#define MUL_ASM(name)                                                                              \
  static inline int32_t name(int32_t a, int32_t b) {                                               \
    int32_t r;                                                                                     \
    __asm(#name " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));                                         \
    return r;                                                                                      \
  }
MUL_ASM(smulbb)
MUL_ASM(smulbt)
MUL_ASM(smultb)
MUL_ASM(smultt)
MUL_ASM(smulwb)
MUL_ASM(smulwt)

#define GE() __sel(0x0F0F0F0Fu, 0xF0F0F0F0u)

#define SIMD2(fn)                                                                                  \
  do {                                                                                             \
    __set_saturation_occurred(0);                                                                  \
    uint32_t r = (uint32_t)fn(a, b);                                                               \
    uint32_t ge = GE();                                                                            \
    out(#fn, a, b, r, ge, __saturation_occurred());                                                \
  } while (0)

#define PLAIN2(fn, T)                                                                              \
  do {                                                                                             \
    __set_saturation_occurred(0);                                                                  \
    uint32_t r = (uint32_t)fn((T)a, (T)b);                                                         \
    out(#fn, a, b, r, 0, __saturation_occurred());                                                 \
  } while (0)

#define ACC3(fn, T)                                                                                \
  do {                                                                                             \
    __set_saturation_occurred(0);                                                                  \
    uint32_t r = (uint32_t)fn((T)a, (T)b, (T)c);                                                   \
    out(#fn, a, b, r, c, __saturation_occurred());                                                 \
  } while (0)

#define ACC64(fn)                                                                                  \
  do {                                                                                             \
    uint64_t r = (uint64_t)fn((int16x2_t)a, (int16x2_t)b, (int64_t)acc64);                         \
    out64(#fn, a, b, r);                                                                           \
  } while (0)

int main(void) {
  initialise_monitor_handles();
  volatile const uint32_t *v = OPS;
  for (unsigned i = 0; i < NOPS; i++) {
    for (unsigned j = 0; j < NOPS; j++) {
      uint32_t a = v[i], b = v[j], c = v[(i + j) % NOPS];
      uint64_t acc64 = ((uint64_t)c << 32) | b;
      printing = j == (i * 3 + 1) % NOPS;
      /* 8-bit SIMD */
      SIMD2(__sadd8); SIMD2(__ssub8); SIMD2(__uadd8); SIMD2(__usub8);
      SIMD2(__qadd8); SIMD2(__qsub8); SIMD2(__uqadd8); SIMD2(__uqsub8);
      SIMD2(__shadd8); SIMD2(__shsub8); SIMD2(__uhadd8); SIMD2(__uhsub8);
      /* 16-bit SIMD */
      SIMD2(__sadd16); SIMD2(__ssub16); SIMD2(__uadd16); SIMD2(__usub16);
      SIMD2(__sasx); SIMD2(__ssax); SIMD2(__uasx); SIMD2(__usax);
      SIMD2(__qadd16); SIMD2(__qsub16); SIMD2(__qasx); SIMD2(__qsax);
      SIMD2(__uqadd16); SIMD2(__uqsub16); SIMD2(__uqasx); SIMD2(__uqsax);
      SIMD2(__shadd16); SIMD2(__shsub16); SIMD2(__shasx); SIMD2(__shsax);
      SIMD2(__uhadd16); SIMD2(__uhsub16); SIMD2(__uhasx); SIMD2(__uhsax);
      /* sum of absolute differences, extends */
      PLAIN2(__usad8, uint8x4_t);
      ACC3(__usada8, uint8x4_t);
      PLAIN2(__sxtab16, int16x2_t);
      PLAIN2(__uxtab16, uint16x2_t);
      /* dual 16-bit multiply */
      PLAIN2(__smuad, int16x2_t); PLAIN2(__smuadx, int16x2_t);
      PLAIN2(__smusd, int16x2_t); PLAIN2(__smusdx, int16x2_t);
      ACC3(__smlad, int16x2_t); ACC3(__smladx, int16x2_t);
      ACC3(__smlsd, int16x2_t); ACC3(__smlsdx, int16x2_t);
      ACC64(__smlald); ACC64(__smlaldx); ACC64(__smlsld); ACC64(__smlsldx);
      /* 16x16 and 32x16 multiplies (DSP) */
      /* SMULxy/SMULWy have no intrinsic in GCC 12's arm_acle.h: inline assembly */
      PLAIN2(smulbb, int32_t); PLAIN2(smulbt, int32_t); PLAIN2(smultb, int32_t); PLAIN2(smultt, int32_t);
      PLAIN2(smulwb, int32_t); PLAIN2(smulwt, int32_t);
      ACC3(__smlabb, int32_t); ACC3(__smlabt, int32_t); ACC3(__smlatb, int32_t); ACC3(__smlatt, int32_t);
      ACC3(__smlawb, int32_t); ACC3(__smlawt, int32_t);
      /* saturating 32-bit */
      PLAIN2(__qadd, int32_t); PLAIN2(__qsub, int32_t);
      {
        __set_saturation_occurred(0);
        uint32_t r = (uint32_t)__qdbl((int32_t)a);
        out("__qdbl", a, 0, r, 0, __saturation_occurred());
      }
    }
    uint32_t a = v[i];
    printing = 1;
    /* one-operand: extends and saturations at several widths */
    out("__sxtb16", a, 0, (uint32_t)__sxtb16((int8x4_t)a), 0, 0);
    out("__uxtb16", a, 0, (uint32_t)__uxtb16((uint8x4_t)a), 0, 0);
#define SAT(expr, name)                                                                            \
  do {                                                                                             \
    __set_saturation_occurred(0);                                                                  \
    uint32_t r = (uint32_t)(expr);                                                                 \
    out(name, a, 0, r, 0, __saturation_occurred());                                                \
  } while (0)
    SAT(__ssat16((int16x2_t)a, 1), "__ssat16/1"); SAT(__ssat16((int16x2_t)a, 8), "__ssat16/8");
    SAT(__ssat16((int16x2_t)a, 16), "__ssat16/16");
    SAT(__usat16((int16x2_t)a, 0), "__usat16/0"); SAT(__usat16((int16x2_t)a, 7), "__usat16/7");
    SAT(__usat16((int16x2_t)a, 15), "__usat16/15");
    SAT(__ssat((int32_t)a, 1), "__ssat/1"); SAT(__ssat((int32_t)a, 12), "__ssat/12");
    SAT(__ssat((int32_t)a, 32), "__ssat/32");
    SAT(__usat((int32_t)a, 0), "__usat/0"); SAT(__usat((int32_t)a, 9), "__usat/9");
    SAT(__usat((int32_t)a, 31), "__usat/31");
  }
  /* Q-flag edge cases of the accumulating dual multiplies: the Q flag reports overflow of
   * the whole (infinitely precise) sum, not of the product sum alone. */
  {
    static const uint32_t ACC[] = {0x00000000u, 0xFFFFFFFFu, 0x80000000u, 0x7FFFFFFFu, 0xC0000000u};
    volatile const uint32_t *va = ACC;
    for (unsigned k = 0; k < sizeof ACC / sizeof ACC[0]; k++) {
      uint32_t a = 0x80008000u, b = 0x80008000u, c = va[k];
      printing = 1;
      ACC3(__smlad, int16x2_t); ACC3(__smladx, int16x2_t);
      b = 0x7FFF8000u;
      ACC3(__smlsd, int16x2_t); ACC3(__smlsdx, int16x2_t);
      a = 0x80000000u; b = 0x80000000u;
      ACC3(__smlabb, int32_t); ACC3(__smlatt, int32_t); ACC3(__smlawt, int32_t);
    }
  }
  printf("lines %u hash %08lx\n", lines, (unsigned long)hash);
  return 0;
}
