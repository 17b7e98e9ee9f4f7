#include "quant.h"
#include <string.h>
#include "vmath.h"
#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

void qparam_set_range(qparam *q, float lo, float hi) {
  if (lo > 0.0f) lo = 0.0f; /* zero must be representable */
  if (hi < 0.0f) hi = 0.0f;
  if (hi - lo < 1e-20f) hi = lo + 1e-20f;
  q->s = (hi - lo) / 255.0f;
  q->inv_s = 1.0f / q->s;
  int32_t zp = v_floor_i(-lo * q->inv_s);
  if (zp < 0) zp = 0;
  if (zp > 255) zp = 255;
  q->zp = zp;
}

void qparam_update(qparam *q, float alpha) {
  if (q->fixed || !q->seen) return;
  if (!q->init) {
    q->ema_min = q->bmin;
    q->ema_max = q->bmax;
    q->init = 1;
  } else {
    q->ema_min = (1.0f - alpha) * q->ema_min + alpha * q->bmin;
    q->ema_max = (1.0f - alpha) * q->ema_max + alpha * q->bmax;
  }
  q->seen = 0;
  qparam_set_range(q, q->ema_min, q->ema_max);
}

void gstd_row(const float *g, uint32_t n, float alpha, int first, float *m, float *v) {
  float mb = 0.0f, vb = 0.0f;
  for (uint32_t i = 0; i < n; i++) mb += g[i];
  mb = mb / (float)n;
  if (!first) mb = (1.0f - alpha) * *m + alpha * mb;
  for (uint32_t i = 0; i < n; i++) vb += (g[i] - mb) * (g[i] - mb);
  vb = vb / (float)n;
  *m = mb;
  *v = first ? vb : (1.0f - alpha) * *v + alpha * vb;
}

static inline uint8_t clamp_u8(int32_t v) { return (uint8_t)(v < 0 ? 0 : (v > 255 ? 255 : v)); }

uint8_t quant_round(const qparam *q, float v) {
  float t = v * q->inv_s;
  if (t > 1e6f) t = 1e6f;
  if (t < -1e6f) t = -1e6f;
  return clamp_u8(v_round_i(t) + q->zp);
}

v_rng quant_rng;

/* floor(t + u), u = k / 2^24 uniform: rounds up with probability frac(t), so E[q] = t. */
static inline int32_t stoch_i(float t) {
  int32_t f = v_floor_i(t);
  float frac = t - (float)f;
  float u = (float)(v_rng_u32(&quant_rng) >> 8) * (1.0f / 16777216.0f);
  return f + (u < frac ? 1 : 0);
}

uint8_t quant_stoch(const qparam *q, float v) {
  float t = v * q->inv_s;
  if (t > 1e6f) t = 1e6f;
  if (t < -1e6f) t = -1e6f;
  return clamp_u8(stoch_i(t) + q->zp);
}

uint8_t quant_floor(const qparam *q, float v) {
  float t = v * q->inv_s;
  if (t > 1e6f) t = 1e6f;
  if (t < -1e6f) t = -1e6f;
  int32_t i = q->rnd == Q_STOCH ? stoch_i(t) : (q->rnd == Q_NEAREST ? v_round_i(t) : v_floor_i(t));
  return clamp_u8(i + q->zp);
}

#if defined(__ARM_FEATURE_DSP)
static inline uint32_t ror8(uint32_t x) { return (x >> 8) | (x << 24); }
#endif

int32_t dot_u8(const uint8_t *a, const uint8_t *b, int n, int32_t za, int32_t zb) {
  int32_t acc = 0;
  int i = 0;
#if defined(__ARM_FEATURE_DSP)
  const uint32_t za2 = ((uint32_t)za & 0xffffu) | ((uint32_t)za << 16);
  const uint32_t zb2 = ((uint32_t)zb & 0xffffu) | ((uint32_t)zb << 16);
  for (; i + 4 <= n; i += 4) {
    uint32_t va, vb;
    memcpy(&va, a + i, 4);
    memcpy(&vb, b + i, 4);
    /* bytes 0,2 and 1,3 as two halfword lanes, zero point subtracted (SSUB16) */
    int16x2_t a02 = (int16x2_t)__ssub16((int16x2_t)__uxtb16(va), (int16x2_t)za2);
    int16x2_t a13 = (int16x2_t)__ssub16((int16x2_t)__uxtb16(ror8(va)), (int16x2_t)za2);
    int16x2_t b02 = (int16x2_t)__ssub16((int16x2_t)__uxtb16(vb), (int16x2_t)zb2);
    int16x2_t b13 = (int16x2_t)__ssub16((int16x2_t)__uxtb16(ror8(vb)), (int16x2_t)zb2);
    acc = __smlad(a02, b02, acc);
    acc = __smlad(a13, b13, acc);
  }
#endif
  for (; i < n; i++) acc += ((int32_t)a[i] - za) * ((int32_t)b[i] - zb);
  return acc;
}

void conv_u8_forward(const conv_geom *g, const uint8_t *x, int32_t zx, const uint8_t *w, int32_t zw,
                     const int32_t *b, int32_t *acc) {
  const int k = g->k, ic = g->ic, oc = g->oc;
  for (int oy = 0; oy < g->oh; oy++) {
    for (int ox = 0; ox < g->ow; ox++) {
      int32_t *ao = acc + ((uint32_t)oy * g->ow + (uint32_t)ox) * (uint32_t)oc;
      for (int o = 0; o < oc; o++) {
        int32_t a = b[o];
        for (int ky = 0; ky < k; ky++) {
          int iy = conv_src(g, oy, ky, g->ih);
          if (iy < 0) continue;
          for (int kx = 0; kx < k; kx++) {
            int ix = conv_src(g, ox, kx, g->iw);
            if (ix < 0) continue;
            const uint8_t *xi = x + ((uint32_t)iy * g->iw + (uint32_t)ix) * (uint32_t)ic;
            const uint8_t *wi = w + (((uint32_t)o * k + (uint32_t)ky) * k + (uint32_t)kx) * (uint32_t)ic;
            a += dot_u8(xi, wi, ic, zx, zw);
          }
        }
        ao[o] = a;
      }
    }
  }
}

void dense_u8_forward(int ni, int no, const uint8_t *x, int32_t zx, const uint8_t *w, int32_t zw,
                      const int32_t *b, int32_t *acc) {
  for (int o = 0; o < no; o++) acc[o] = b[o] + dot_u8(x, w + (uint32_t)o * (uint32_t)ni, ni, zx, zw);
}

void requant_u8(const int32_t *acc, int n, float unit, int leaky, qparam *qy, int observe, uint8_t *y) {
  for (int i = 0; i < n; i++) {
    float v = (float)acc[i] * unit;
    if (leaky && v < 0.0f) v = v * 0.125f;
    if (observe) qparam_observe(qy, v);
    y[i] = quant_round(qy, v);
  }
}

void dequant_acc(const int32_t *acc, int n, float unit, float *y) {
  for (int i = 0; i < n; i++) y[i] = (float)acc[i] * unit;
}

void quantize_act(const float *v, int n, qparam *q, int observe, uint8_t *out) {
  for (int i = 0; i < n; i++) {
    if (observe) qparam_observe(q, v[i]);
    out[i] = quant_round(q, v[i]);
  }
}

void quantize_err(const float *v, int n, qparam *q, int observe, uint8_t *out) {
  for (int i = 0; i < n; i++) {
    if (observe) qparam_observe(q, v[i]);
    out[i] = quant_floor(q, v[i]);
  }
}

float make_delta_u8(const uint8_t *e, const qparam *qe, const uint8_t *y, int32_t zy, int leaky,
                    int n, int16_t *d, uint32_t *sum_abs, uint32_t *max_abs) {
  uint32_t s = 0, m = *max_abs;
  for (int i = 0; i < n; i++) {
    int32_t v = (int32_t)e[i] - qe->zp;
    if (leaky && (int32_t)y[i] > zy) v *= 8;
    d[i] = (int16_t)v;
    uint32_t a = (uint32_t)(v < 0 ? -v : v);
    s += a;
    if (a > m) m = a;
  }
  *sum_abs += s;
  *max_abs = m;
  return leaky ? qe->s * 0.125f : qe->s;
}

void conv_u8_wgrad(const conv_geom *g, const uint8_t *x, int32_t zx, const int16_t *d, float unit_w,
                   float unit_b, float *gw, float *gb) {
  const int k = g->k, ic = g->ic, oc = g->oc;
  int32_t acc[64];
  for (int o = 0; o < oc; o++) {
    int32_t bs = 0;
    for (uint32_t p = 0; p < (uint32_t)g->oh * g->ow; p++) bs += d[p * (uint32_t)oc + (uint32_t)o];
    gb[o] += (float)bs * unit_b;
    for (int ky = 0; ky < k; ky++) {
      for (int kx = 0; kx < k; kx++) {
        for (int c = 0; c < ic; c++) acc[c] = 0;
        for (int oy = 0; oy < g->oh; oy++) {
          int iy = conv_src(g, oy, ky, g->ih);
          if (iy < 0) continue;
          for (int ox = 0; ox < g->ow; ox++) {
            int ix = conv_src(g, ox, kx, g->iw);
            if (ix < 0) continue;
            int32_t dv = d[((uint32_t)oy * g->ow + (uint32_t)ox) * (uint32_t)oc + (uint32_t)o];
            if (dv == 0) continue;
            const uint8_t *xi = x + ((uint32_t)iy * g->iw + (uint32_t)ix) * (uint32_t)ic;
            for (int c = 0; c < ic; c++) acc[c] += dv * ((int32_t)xi[c] - zx);
          }
        }
        float *gwi = gw + (((uint32_t)o * k + (uint32_t)ky) * k + (uint32_t)kx) * (uint32_t)ic;
        for (int c = 0; c < ic; c++) gwi[c] += (float)acc[c] * unit_w;
      }
    }
  }
}

void dense_u8_wgrad(int ni, int no, const uint8_t *x, int32_t zx, const int16_t *d, float unit_w,
                    float unit_b, float *gw, float *gb) {
  for (int o = 0; o < no; o++) {
    int32_t dv = d[o];
    gb[o] += (float)dv * unit_b;
    if (dv == 0) continue;
    float *g = gw + (uint32_t)o * (uint32_t)ni;
    for (int i = 0; i < ni; i++) g[i] += (float)(dv * ((int32_t)x[i] - zx)) * unit_w;
  }
}

void conv_u8_prop(const conv_geom *g, const uint8_t *w, int32_t zw, const int16_t *d, int32_t *acc) {
  const int k = g->k, ic = g->ic, oc = g->oc;
  for (int iy = 0; iy < g->ih; iy++) {
    for (int ix = 0; ix < g->iw; ix++) {
      int32_t *ai = acc + ((uint32_t)iy * g->iw + (uint32_t)ix) * (uint32_t)ic;
      for (int c = 0; c < ic; c++) ai[c] = 0;
      for (int ky = 0; ky < k; ky++) {
        int oy = conv_dst(g, iy, ky, g->oh);
        if (oy < 0) continue;
        for (int kx = 0; kx < k; kx++) {
          int ox = conv_dst(g, ix, kx, g->ow);
          if (ox < 0) continue;
          const int16_t *dd = d + ((uint32_t)oy * g->ow + (uint32_t)ox) * (uint32_t)oc;
          for (int o = 0; o < oc; o++) {
            int32_t dv = dd[o];
            if (dv == 0) continue;
            const uint8_t *wi = w + (((uint32_t)o * k + (uint32_t)ky) * k + (uint32_t)kx) * (uint32_t)ic;
            for (int c = 0; c < ic; c++) ai[c] += dv * ((int32_t)wi[c] - zw);
          }
        }
      }
    }
  }
}

void dense_u8_prop(int ni, int no, const uint8_t *w, int32_t zw, const int16_t *d, int32_t *acc) {
  for (int i = 0; i < ni; i++) acc[i] = 0;
  for (int o = 0; o < no; o++) {
    int32_t dv = d[o];
    if (dv == 0) continue;
    const uint8_t *wr = w + (uint32_t)o * (uint32_t)ni;
    for (int i = 0; i < ni; i++) acc[i] += dv * ((int32_t)wr[i] - zw);
  }
}

void requant_err(const int32_t *acc, int n, float unit, qparam *qe, int observe, uint8_t *e) {
  for (int i = 0; i < n; i++) {
    float v = (float)acc[i] * unit;
    if (observe) qparam_observe(qe, v);
    e[i] = quant_floor(qe, v);
  }
}
