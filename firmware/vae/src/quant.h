/*
 * Fully quantized (uint8) training primitives, after Deutel et al., TCAD 44(4) 2025.
 * Per-tensor asymmetric quantization v_q = v_f / s + zp. Ranges are tracked as float
 * min/max while outputs are produced, smoothed by exponential moving averages once per
 * batch (qparam_update), and turned into s = (max - min) / 255, zp = floor(-min / s).
 */
#ifndef VAE_QUANT_H
#define VAE_QUANT_H
#include <stdint.h>
#include "layers.h"
#include "vmath.h"

/* Rounding modes of error tensors (qparam.rnd) and of the weight requantization. */
#define Q_FLOOR 0   /* floor(v / s) + zp: the published rule for errors */
#define Q_NEAREST 1 /* floor(v / s + 1/2) + zp */
#define Q_STOCH 2   /* floor(v / s + u) + zp, u uniform in [0, 1) from quant_rng (seeded PCG32) */

/* The stream of stochastic rounding (seeded by vae_init; same sequence on host and target). */
extern v_rng quant_rng;

typedef struct {
  float s, inv_s;       /* scale and 1/scale */
  int32_t zp;           /* zero point, 0..255 */
  float ema_min, ema_max; /* smoothed range */
  float bmin, bmax;     /* range observed since the last update */
  uint8_t init;         /* ema holds a value */
  uint8_t seen;         /* bmin/bmax hold a value */
  uint8_t fixed;        /* never updated (the input image) */
  uint8_t rnd;          /* rounding of quant_err: Q_FLOOR (published), Q_NEAREST, Q_STOCH */
} qparam;

void qparam_set_range(qparam *q, float lo, float hi);
static inline void qparam_observe(qparam *q, float v) {
  if (!q->seen) {
    q->bmin = q->bmax = v;
    q->seen = 1;
  } else {
    if (v < q->bmin) q->bmin = v;
    if (v > q->bmax) q->bmax = v;
  }
}
/* ema = (1 - alpha) * ema + alpha * observed (the first observation initialises it). */
void qparam_update(qparam *q, float alpha);
uint8_t quant_round(const qparam *q, float v); /* activations, weights */
uint8_t quant_floor(const qparam *q, float v); /* errors: rounding by q->rnd (published: floor) */
uint8_t quant_stoch(const qparam *q, float v); /* stochastic rounding (draws from quant_rng) */
static inline float dequant(const qparam *q, uint8_t v) { return q->s * (float)((int32_t)v - q->zp); }

/* sum_i (a_i - za) * (b_i - zb): SMLAD on Cortex-M4 (DSP extension), plain C elsewhere;
 * the integer result is the same on both. */
int32_t dot_u8(const uint8_t *a, const uint8_t *b, int n, int32_t za, int32_t zb);

/* Forward: int32 accumulators (bias included, in units of s_x * s_w). */
void conv_u8_forward(const conv_geom *g, const uint8_t *x, int32_t zx, const uint8_t *w, int32_t zw,
                     const int32_t *b, int32_t *acc);
void dense_u8_forward(int ni, int no, const uint8_t *x, int32_t zx, const uint8_t *w, int32_t zw,
                      const int32_t *b, int32_t *acc);
/* acc * unit -> (leaky ReLU) -> observed (if observe) -> u8 with qy */
void requant_u8(const int32_t *acc, int n, float unit, int leaky, qparam *qy, int observe, uint8_t *y);
void dequant_acc(const int32_t *acc, int n, float unit, float *y);
/* float -> u8 with range observation (round for activations, floor for errors) */
void quantize_act(const float *v, int n, qparam *q, int observe, uint8_t *out);
void quantize_err(const float *v, int n, qparam *q, int observe, uint8_t *out);

/* Gradient standardization of one filter/row of n weight gradients g: the smoothed mean
 * m = (1 - alpha) m + alpha mean(g) (first batch: mean(g)), then the smoothed variance about
 * that mean, v = (1 - alpha) v + alpha mean((g - m)^2) (first batch: mean((g - m)^2)). The
 * update steps by (g - m) / sqrt(v), whose mean square over the row is then at most 1 / alpha.
 * (About the batch mean instead, a row whose gradients move together has a small v, and the
 * change of its mean from batch to batch, divided by sqrt(v), moved all its weights at once:
 * conv1's 9 taps by up to 44 lr per update; docs/workload.md.) */
void gstd_row(const float *g, uint32_t n, float alpha, int first, float *m, float *v);

/* Backward. delta = error w.r.t. the pre-activation in integer units:
 *   identity: d = e - zp_e, unit s_e;  leaky (alpha 1/8): d = 8 (e - zp_e) where y > 0
 *   else (e - zp_e), unit s_e / 8.
 * Returns the unit; adds sum |d| and max |d| to the DSGU statistics. */
float make_delta_u8(const uint8_t *e, const qparam *qe, const uint8_t *y, int32_t zy, int leaky,
                    int n, int16_t *d, uint32_t *sum_abs, uint32_t *max_abs);
/* gw += unit_w * sum d (x - zx); gb += unit_b * sum d */
void conv_u8_wgrad(const conv_geom *g, const uint8_t *x, int32_t zx, const int16_t *d, float unit_w,
                   float unit_b, float *gw, float *gb);
void dense_u8_wgrad(int ni, int no, const uint8_t *x, int32_t zx, const int16_t *d, float unit_w,
                    float unit_b, float *gw, float *gb);
/* acc[input] = sum (w - zw) d  (error propagation, integer part) */
void conv_u8_prop(const conv_geom *g, const uint8_t *w, int32_t zw, const int16_t *d, int32_t *acc);
void dense_u8_prop(int ni, int no, const uint8_t *w, int32_t zw, const int16_t *d, int32_t *acc);
/* error acc * unit -> floor-quantized u8 error tensor (observed) */
void requant_err(const int32_t *acc, int n, float unit, qparam *qe, int observe, uint8_t *e);

#endif
