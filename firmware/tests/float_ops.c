/* Single-precision FPU operations over edge values, compared exactly: results printed as
 * bit patterns (newlib-nano has no %a), with the FPSCR cumulative exception flags of each operation.
 * Also: the four rounding modes, flush-to-zero and default-NaN modes. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

extern void initialise_monitor_handles(void);

static uint32_t B(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}
static float F(uint32_t u) {
  float f;
  memcpy(&f, &u, 4);
  return f;
}

static const uint32_t VALS[] = {
    0x00000000u, 0x80000000u, 0x3F800000u, 0xBF800000u, 0x40490FDBu, /* 0 -0 1 -1 pi */
    0x7F7FFFFFu, 0x00800000u, 0x007FFFFFu, 0x00000001u, 0x80000001u, /* max, min normal, subnormals */
    0x7F800000u, 0xFF800000u, 0x7FC00000u, 0x7F800001u, 0xFFC12345u, /* inf -inf qnan snan -qnan */
    0x4F000000u, 0xCF000000u, 0x4F800000u, 0x3F000000u, 0x3FC00000u, /* 2^31 -2^31 2^32 0.5 1.5 */
    0xC0200000u, 0x3EAAAAABu, 0x4B7FFFFFu, 0xC2F6E979u};             /* -2.5 1/3 2^24-1 -123.456 */
#define NV (sizeof VALS / sizeof VALS[0])

static uint32_t h;
static void put(uint32_t r) { h = (h ^ r) * 0x01000193u; }

static inline void set_fpscr(uint32_t v) { __builtin_arm_set_fpscr(v); }
static inline uint32_t get_fpscr(void) { return __builtin_arm_get_fpscr(); }

/* Each operation runs inside one asm statement between "FPSCR := mode" and "read FPSCR",
 * so the compiler cannot move it away from the flag read. */
#define FOP1(insn, x, mode, flags)                                                                 \
  ({                                                                                               \
    float r_;                                                                                      \
    __asm volatile("vmsr fpscr, %[m]\n\t" insn " %[r], %[a]\n\tvmrs %[f], fpscr"                   \
                   : [r] "=&t"(r_), [f] "=r"(flags)                                                \
                   : [a] "t"(x), [m] "r"(mode));                                                   \
    r_;                                                                                            \
  })
#define FOP2(insn, x, y, mode, flags)                                                              \
  ({                                                                                               \
    float r_;                                                                                      \
    __asm volatile("vmsr fpscr, %[m]\n\t" insn " %[r], %[a], %[b]\n\tvmrs %[f], fpscr"             \
                   : [r] "=&t"(r_), [f] "=r"(flags)                                                \
                   : [a] "t"(x), [b] "t"(y), [m] "r"(mode));                                       \
    r_;                                                                                            \
  })
#define FMAC(insn, acc, x, y, mode, flags)                                                         \
  ({                                                                                               \
    float r_ = (acc);                                                                              \
    __asm volatile("vmsr fpscr, %[m]\n\t" insn " %[r], %[a], %[b]\n\tvmrs %[f], fpscr"             \
                   : [r] "+t"(r_), [f] "=r"(flags)                                                 \
                   : [a] "t"(x), [b] "t"(y), [m] "r"(mode));                                       \
    r_;                                                                                            \
  })
#define FCMP(insn, x, y, mode)                                                                     \
  ({                                                                                               \
    uint32_t f_;                                                                                   \
    __asm volatile("vmsr fpscr, %[m]\n\t" insn " %[a], %[b]\n\tvmrs %[f], fpscr"                   \
                   : [f] "=r"(f_)                                                                  \
                   : [a] "t"(x), [b] "t"(y), [m] "r"(mode));                                       \
    f_;                                                                                            \
  })

int main(void) {
  initialise_monitor_handles();
  volatile const uint32_t *vv = VALS;
  uint32_t f[8];

  /* unary ops and conversions: printed in full (flags = FPSCR & 0x9F: IDC IXC UFC OFC DZC IOC) */
  for (unsigned i = 0; i < NV; i++) {
    float a = F(vv[i]);
    float s = FOP1("vsqrt.f32", a, 0u, f[0]);
    float ci = FOP1("vcvt.s32.f32", a, 0u, f[1]);
    float cu = FOP1("vcvt.u32.f32", a, 0u, f[2]);
    float cr = FOP1("vcvtr.s32.f32", a, 0u, f[3]);
    float cr2 = FOP1("vcvtr.u32.f32", a, 2u << 22, f[4]); /* round towards +inf */
    float ab = FOP1("vabs.f32", a, 0u, f[5]);
    float ng = FOP1("vneg.f32", a, 0u, f[6]);
    printf("%08lx sqrt=%08lx/%02lx s32=%08lx/%02lx u32=%08lx/%02lx s32r=%08lx/%02lx u32rp=%08lx/%02lx abs=%08lx "
           "neg=%08lx/%02lx\n",
           (unsigned long)vv[i], (unsigned long)B(s), (unsigned long)(f[0] & 0x9F), (unsigned long)B(ci),
           (unsigned long)(f[1] & 0x9F), (unsigned long)B(cu), (unsigned long)(f[2] & 0x9F), (unsigned long)B(cr),
           (unsigned long)(f[3] & 0x9F), (unsigned long)B(cr2), (unsigned long)(f[4] & 0x9F), (unsigned long)B(ab),
           (unsigned long)B(ng), (unsigned long)((f[5] | f[6]) & 0x9F));
  }

  /* int -> float, in round-to-nearest and round-towards-zero */
  static const uint32_t INTS[] = {0, 1, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 16777217u, 0x12345679u, 0xFFFFFF01u};
  volatile const uint32_t *vi = INTS;
  for (unsigned i = 0; i < sizeof INTS / sizeof INTS[0]; i++) {
    float x = F(vi[i]); /* the integer's bits in an S register */
    float fs = FOP1("vcvt.f32.s32", x, 0u, f[0]);
    float fu = FOP1("vcvt.f32.u32", x, 0u, f[1]);
    float fz = FOP1("vcvt.f32.u32", x, 3u << 22, f[2]);
    printf("cvt %08lx s=%08lx/%02lx u=%08lx/%02lx u_rz=%08lx/%02lx\n", (unsigned long)vi[i], (unsigned long)B(fs),
           (unsigned long)(f[0] & 0x9F), (unsigned long)B(fu), (unsigned long)(f[1] & 0x9F), (unsigned long)B(fz),
           (unsigned long)(f[2] & 0x9F));
  }

  /* binary ops over all pairs, under each rounding mode: hash, plus a printed sample */
  for (uint32_t rm = 0; rm < 4; rm++) {
    uint32_t mode = rm << 22;
    h = 0;
    for (unsigned i = 0; i < NV; i++)
      for (unsigned j = 0; j < NV; j++) {
        float a = F(vv[i]), b = F(vv[j]), c = F(vv[(i * 7 + j) % NV]);
        uint32_t r[9];
        r[0] = B(FOP2("vadd.f32", a, b, mode, f[0]));
        r[1] = B(FOP2("vsub.f32", a, b, mode, f[1]));
        r[2] = B(FOP2("vmul.f32", a, b, mode, f[2]));
        r[3] = B(FOP2("vdiv.f32", a, b, mode, f[3]));
        r[4] = B(FOP2("vnmul.f32", a, b, mode, f[4]));
        r[5] = B(FMAC("vfma.f32", c, a, b, mode, f[5]));
        r[6] = B(FMAC("vmla.f32", c, a, b, mode, f[6]));
        r[7] = B(FMAC("vfnms.f32", c, a, b, mode, f[7]));
        r[8] = FCMP("vcmp.f32", a, b, mode) ^ (FCMP("vcmpe.f32", a, b, mode) << 8);
        for (int k = 0; k < 9; k++) put(r[k]);
        for (int k = 0; k < 8; k++) put(f[k]);
        if (rm == 0 && (i * NV + j) % 23 == 0)
          printf("%08lx %08lx add=%08lx/%02lx mul=%08lx/%02lx div=%08lx/%02lx fma=%08lx/%02lx mla=%08lx/%02lx "
                 "cmp=%08lx\n",
                 (unsigned long)vv[i], (unsigned long)vv[j], (unsigned long)r[0], (unsigned long)(f[0] & 0x9F),
                 (unsigned long)r[2], (unsigned long)(f[2] & 0x9F), (unsigned long)r[3], (unsigned long)(f[3] & 0x9F),
                 (unsigned long)r[5], (unsigned long)(f[5] & 0x9F), (unsigned long)r[6], (unsigned long)(f[6] & 0x9F),
                 (unsigned long)r[8]);
      }
    printf("rmode %lu hash %08lx\n", (unsigned long)rm, (unsigned long)h);
  }

  /* flush-to-zero (FZ, bit 24) and default NaN (DN, bit 25) */
  float tiny = F(vv[7]), one = F(vv[2]), snan = F(vv[13]), qnan = F(vv[14]);
  float r1 = FOP2("vmul.f32", tiny, one, 1u << 24, f[0]);
  float r2 = FOP2("vadd.f32", tiny, F(vv[8]), 1u << 24, f[1]);
  float r3 = FOP2("vadd.f32", qnan, one, 1u << 25, f[2]);
  float r4 = FOP2("vmul.f32", snan, one, 1u << 25, f[3]);
  float r5 = FOP2("vadd.f32", qnan, one, 0u, f[4]);
  float r6 = FOP2("vmul.f32", snan, one, 0u, f[5]);
  float r7 = FOP2("vmul.f32", F(vv[6]), F(vv[18]), 1u << 24, f[6]); /* min normal * 0.5 -> flushed */
  printf("fz %08lx/%08lx %08lx/%08lx dn %08lx/%08lx %08lx/%08lx nodn %08lx/%08lx %08lx/%08lx fzres %08lx/%08lx\n",
         (unsigned long)B(r1), (unsigned long)f[0], (unsigned long)B(r2), (unsigned long)f[1], (unsigned long)B(r3),
         (unsigned long)f[2], (unsigned long)B(r4), (unsigned long)f[3], (unsigned long)B(r5), (unsigned long)f[4],
         (unsigned long)B(r6), (unsigned long)f[5], (unsigned long)B(r7), (unsigned long)f[6]);
  set_fpscr(0);
  /* compiler-generated code paths as well */
  volatile float va = 2.0f, vb = 3.0f;
  printf("c: %08lx %08lx %08lx %d\n", (unsigned long)B(sqrtf(va)), (unsigned long)B(fmaf(va, vb, va)),
         (unsigned long)B((float)(int32_t)(vb * 1e9f)), (int)(va < vb));
  printf("c flags %02lx\n", (unsigned long)(get_fpscr() & 0x9F));
  return 0;
}
