#include "vmath.h"
#include <string.h>

static inline float bits_to_f(uint32_t u) {
  float f;
  memcpy(&f, &u, 4);
  return f;
}
static inline uint32_t f_to_bits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

int32_t v_floor_i(float x) {
  int32_t i = (int32_t)x; /* truncation toward zero: exact on both targets */
  return (x < (float)i) ? i - 1 : i;
}

int32_t v_round_i(float x) { return v_floor_i(x + 0.5f); }

float v_sqrtf(float x) {
#if defined(__arm__)
  float r;
  __asm__("vsqrt.f32 %0, %1" : "=t"(r) : "t"(x));
  return r;
#else
  return __builtin_sqrtf(x);
#endif
}

/* exp: x = k ln2 + r, |r| <= ln2/2, Cody-Waite split of ln2, degree-6 Taylor for e^r. */
float v_expf(float x) {
  if (x > 88.0f) x = 88.0f;
  if (x < -87.0f) return 0.0f;
  const float log2e = 1.44269504f;
  const float ln2_hi = 0.693145752f; /* 0x3f317200: exact in few bits */
  const float ln2_lo = 1.42860677e-6f;
  int32_t k = v_round_i(x * log2e);
  float kf = (float)k;
  float r = (x - kf * ln2_hi) - kf * ln2_lo;
  float p = 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  /* 2^k, k in [-126, 127] */
  return p * bits_to_f((uint32_t)(k + 127) << 23);
}

/* log: x = m 2^e, m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(s), s = (m-1)/(m+1). */
float v_logf(float x) {
  if (!(x > 0.0f)) return -87.0f; /* callers keep x > 0; clamp instead of -inf/NaN */
  uint32_t u = f_to_bits(x);
  int32_t e = (int32_t)((u >> 23) & 0xff);
  if (e == 0) { /* subnormal: scale up by 2^23 */
    x = x * 8388608.0f;
    u = f_to_bits(x);
    e = (int32_t)((u >> 23) & 0xff) - 23;
  }
  e -= 127;
  float m = bits_to_f((u & 0x007fffffu) | 0x3f800000u); /* [1, 2) */
  if (m > 1.41421356f) {
    m = m * 0.5f;
    e += 1;
  }
  float s = (m - 1.0f) / (m + 1.0f);
  float s2 = s * s;
  float p = 2.0f / 9.0f;
  p = p * s2 + 2.0f / 7.0f;
  p = p * s2 + 2.0f / 5.0f;
  p = p * s2 + 2.0f / 3.0f;
  p = p * s2 + 2.0f;
  const float ln2_hi = 0.693145752f;
  const float ln2_lo = 1.42860677e-6f;
  float ef = (float)e;
  return (ef * ln2_hi + s * p) + ef * ln2_lo;
}

float v_sigmoid(float x) {
  if (x >= 0.0f) return 1.0f / (1.0f + v_expf(-x));
  float e = v_expf(x);
  return e / (1.0f + e);
}

float v_softplus(float x) {
  float ax = x < 0.0f ? -x : x;
  float m = x > 0.0f ? x : 0.0f;
  return m + v_logf(1.0f + v_expf(-ax));
}

void v_rng_seed(v_rng *r, uint64_t seed, uint64_t stream) {
  r->state = 0u;
  r->inc = (stream << 1u) | 1u;
  r->has_spare = 0;
  r->spare = 0.0f;
  (void)v_rng_u32(r);
  r->state += seed;
  (void)v_rng_u32(r);
}

uint32_t v_rng_u32(v_rng *r) {
  uint64_t old = r->state;
  r->state = old * 6364136223846793005ull + r->inc;
  uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
  uint32_t rot = (uint32_t)(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
}

float v_rng_uniform(v_rng *r) { return (float)(v_rng_u32(r) >> 8) * (1.0f / 16777216.0f); }

uint32_t v_rng_below(v_rng *r, uint32_t n) {
  uint32_t threshold = (uint32_t)(-n) % n;
  for (;;) {
    uint32_t x = v_rng_u32(r);
    if (x >= threshold) return x % n;
  }
}

float v_rng_normal(v_rng *r) {
  if (r->has_spare) {
    r->has_spare = 0;
    return r->spare;
  }
  float u, v, s;
  do {
    u = 2.0f * v_rng_uniform(r) - 1.0f;
    v = 2.0f * v_rng_uniform(r) - 1.0f;
    s = u * u + v * v;
  } while (s >= 1.0f || s == 0.0f);
  float f = v_sqrtf(-2.0f * v_logf(s) / s);
  r->spare = v * f;
  r->has_spare = 1;
  return u * f;
}
