/*
 * Deterministic float math for host (x86-64 SSE) and Cortex-M4F (FPv4-SP).
 * Only IEEE single-precision +,-,*,/ and sqrt (correctly rounded on both) are used,
 * so with -ffp-contract=off and no -ffast-math both builds give bit-identical results.
 * libm's expf/logf differ between glibc and newlib, hence the own versions here.
 */
#ifndef VMATH_H
#define VMATH_H
#include <stdint.h>

float v_expf(float x);      /* relative error < 2e-7 on [-87, 88] */
float v_logf(float x);      /* x > 0; relative error < 2e-7 */
float v_sigmoid(float x);
float v_softplus(float x);  /* log(1 + e^x), stable */
float v_sqrtf(float x);     /* IEEE sqrt (VSQRT / SQRTSS) */
int32_t v_floor_i(float x); /* floor for |x| < 2^31 */
int32_t v_round_i(float x); /* floor(x + 0.5) */

/* PCG32 (O'Neill), 64-bit state. */
typedef struct {
  uint64_t state;
  uint64_t inc;
  float spare; /* cached second value of the polar method */
  int has_spare;
} v_rng;

void v_rng_seed(v_rng *r, uint64_t seed, uint64_t stream);
uint32_t v_rng_u32(v_rng *r);
float v_rng_uniform(v_rng *r); /* [0, 1), 24-bit resolution */
float v_rng_normal(v_rng *r);  /* N(0,1), Marsaglia polar method with v_logf */
uint32_t v_rng_below(v_rng *r, uint32_t n); /* uniform integer in [0, n), unbiased */

#endif
