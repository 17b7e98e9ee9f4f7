/*
 * Host unit tests of the VAE library, run by test/workload/vae-native.test.ts.
 * Built twice: VAE_U8=0 (fp32 gradient checks, math) and VAE_U8=1 (quantization).
 * Prints "ok <name> ..." or "FAIL <name> ..." per check; exit code = number of failures.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "../src/layers.h"
#include "../src/quant.h"
#include "../src/vae.h"
#include "../src/vmath.h"

static int fails;
static void report(const char *name, int ok, const char *fmt, double a, double b) {
  printf("%s %s ", ok ? "ok" : "FAIL", name);
  printf(fmt, a, b);
  printf("\n");
  if (!ok) fails++;
}

static v_rng R;
static void fill(float *p, int n, float sc) {
  for (int i = 0; i < n; i++) p[i] = sc * (2.0f * v_rng_uniform(&R) - 1.0f);
}

static void test_math(void) {
  double worst = 0.0;
  for (int i = 0; i <= 20000; i++) {
    float x = -80.0f + 160.0f * (float)i / 20000.0f;
    if (x > 88.0f) break;
    double ref = exp((double)x), got = (double)v_expf(x);
    double rel = fabs(got - ref) / ref;
    if (rel > worst) worst = rel;
  }
  report("v_expf", worst < 1e-6, "max_rel %.3g (limit %.0g)", worst, 1e-6);
  worst = 0.0;
  for (int i = 1; i <= 20000; i++) {
    float x = (float)i * 0.37f * (float)i / 20000.0f + 1e-30f;
    double ref = log((double)x), got = (double)v_logf(x);
    double err = fabs(got - ref) / (fabs(ref) > 1.0 ? fabs(ref) : 1.0);
    if (err > worst) worst = err;
  }
  report("v_logf", worst < 1e-6, "max_err %.3g (limit %.0g)", worst, 1e-6);
  v_rng r;
  v_rng_seed(&r, 42, 5);
  double m = 0.0, v = 0.0;
  const int n = 200000;
  for (int i = 0; i < n; i++) {
    double z = (double)v_rng_normal(&r);
    m += z;
    v += z * z;
  }
  m /= n;
  v = v / n - m * m;
  report("v_rng_normal", fabs(m) < 0.01 && fabs(v - 1.0) < 0.01, "mean %.4f var %.4f", m, v);
}

/* logvar bounds (vae_cfg.h VAE_LV_MIN/MAX): the KL term and its gradient are one function
 * (central differences of the KL value agree with the gradient, also beyond the bounds),
 * the gradient is bounded by (exp(VAE_LV_MAX) - 1) / 2 and continuous at the bounds, the
 * sampled z does not change beyond the bounds and gets no reconstruction gradient there. */
float vae_test_kl(const float *head);
void vae_test_head_grad(const float *head, const float *eps, const float *dz, float *dhead);
void vae_test_reparam(const float *head, uint64_t seed, float *eps, float *z);

static void test_lv_bounds(void) {
  static const float LV[] = {-40.0f, -17.0f, -3.0f, -0.5f, 0.0f, 0.7f, 1.5f, 3.0f, 7.5f, 12.0f, 20.0f, 31.0f, 60.0f};
  float head[2 * VAE_LATENT], eps[VAE_LATENT], dz[VAE_LATENT], dh[2 * VAE_LATENT], z1[VAE_LATENT], z2[VAE_LATENT];
  const float gmax = 0.5f * (v_expf(VAE_LV_MAX) - 1.0f);
  double worst = 0.0, gbig = 0.0;
  int ok = 1;
  for (unsigned k = 0; k < sizeof LV / sizeof LV[0]; k++) {
    for (int i = 0; i < VAE_LATENT; i++) {
      head[i] = 0.1f * (float)i - 0.3f;
      head[VAE_LATENT + i] = LV[k];
      eps[i] = 0.0f;
      dz[i] = 0.0f;
    }
    vae_test_head_grad(head, eps, dz, dh); /* dz = 0: the KL part only */
    /* central difference of the KL value in logvar 0 (skip the kinks at the bounds) */
    const float h = 1e-2f;
    float keep = head[VAE_LATENT];
    head[VAE_LATENT] = keep + h;
    double kp = (double)vae_test_kl(head);
    head[VAE_LATENT] = keep - h;
    double km = (double)vae_test_kl(head);
    head[VAE_LATENT] = keep;
    double num = (kp - km) / (2.0 * (double)h), g = (double)dh[VAE_LATENT];
    double err = fabs(num - g) / (0.01 + 0.01 * fabs(g));
    if (err > worst) worst = err;
    if (!isfinite(kp) || !isfinite(km)) ok = 0;
    if (fabs(g) > gbig) gbig = fabs(g);
    if (g > (double)gmax * 1.0001 || g < -0.5) ok = 0;
  }
  /* continuity of the gradient at the upper bound */
  for (int i = 0; i < VAE_LATENT; i++) head[VAE_LATENT + i] = VAE_LV_MAX - 1e-4f;
  vae_test_head_grad(head, eps, dz, dh);
  float gin = dh[VAE_LATENT];
  for (int i = 0; i < VAE_LATENT; i++) head[VAE_LATENT + i] = VAE_LV_MAX + 1e-4f;
  vae_test_head_grad(head, eps, dz, dh);
  if (fabsf(gin - dh[VAE_LATENT]) > 1e-3f * (1.0f + gmax)) ok = 0;
  /* beyond the bound: same z as at the bound, no reconstruction gradient (dz != 0) */
  for (int i = 0; i < VAE_LATENT; i++) head[VAE_LATENT + i] = VAE_LV_MAX;
  vae_test_reparam(head, 5, eps, z1);
  for (int i = 0; i < VAE_LATENT; i++) head[VAE_LATENT + i] = VAE_LV_MAX + 10.0f;
  vae_test_reparam(head, 5, eps, z2);
  if (memcmp(z1, z2, sizeof z1)) ok = 0;
  for (int i = 0; i < VAE_LATENT; i++) dz[i] = 3.0f;
  vae_test_head_grad(head, eps, dz, dh);
  if (dh[VAE_LATENT] != 0.5f * (v_expf(VAE_LV_MAX) - 1.0f)) ok = 0;
  char msg[96];
  snprintf(msg, sizeof msg, "max |dKL/dlv - central diff| rel %%.3g, largest |dKL/dlv| %%.4g (bound %.4g)", (double)gmax);
  report("logvar_bounds", ok && worst < 1.0, msg, worst, gbig);
}

#if !VAE_U8
/* loss = sum r_i * act(y_i); checks dW, db, dx of one layer against central differences */
typedef struct {
  int conv;
  conv_geom g;
  int ni, no, leaky;
} tlayer;

static float T_x[512], T_w[1024], T_b[32], T_y[512], T_r[512], T_dy[512], T_dx[512], T_gw[1024], T_gb[32];

static float tloss(const tlayer *t) {
  if (t->conv)
    conv_f32_forward(&t->g, T_x, T_w, T_b, T_y);
  else
    dense_f32_forward(t->ni, t->no, T_x, T_w, T_b, T_y);
  if (t->leaky) leaky_f32_forward(T_y, t->no, VAE_LEAKY);
  float l = 0.0f;
  for (int i = 0; i < t->no; i++) l += T_r[i] * T_y[i];
  return l;
}

static void gradcheck_layer(const char *name, const tlayer *t) {
  int nw = t->conv ? (int)conv_wcount(&t->g) : t->ni * t->no;
  int nb = t->conv ? t->g.oc : t->no;
  fill(T_x, t->ni, 1.0f);
  fill(T_w, nw, 0.5f);
  fill(T_b, nb, 0.5f);
  fill(T_r, t->no, 1.0f);
  tloss(t);
  for (int i = 0; i < t->no; i++) T_dy[i] = T_r[i];
  memset(T_gw, 0, sizeof T_gw);
  memset(T_gb, 0, sizeof T_gb);
  if (t->leaky) leaky_f32_backward(T_y, T_dy, t->no, VAE_LEAKY);
  if (t->conv)
    conv_f32_backward(&t->g, T_x, T_w, T_dy, T_dx, T_gw, T_gb);
  else
    dense_f32_backward(t->ni, t->no, T_x, T_w, T_dy, T_dx, T_gw, T_gb);
  const float h = 1e-2f;
  double worst = 0.0;
  int checked = 0;
  float *ps[3] = {T_w, T_b, T_x};
  float *gs[3] = {T_gw, T_gb, T_dx};
  int ns[3] = {nw, nb, t->ni};
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < ns[k]; i++) {
      float keep = ps[k][i];
      ps[k][i] = keep + h;
      float lp = tloss(t);
      ps[k][i] = keep - h;
      float lm = tloss(t);
      ps[k][i] = keep;
      double num = ((double)lp - (double)lm) / (2.0 * (double)h);
      double err = fabs(num - (double)gs[k][i]) / (1.0 + fabs(num));
      if (err > worst) worst = err;
      checked++;
    }
  char nm[64];
  snprintf(nm, sizeof nm, "gradcheck_%s", name);
  report(nm, worst < 2e-3, "max_err %.3g over %.0f values", worst, (double)checked);
}

float *vae_test_params(void);
float *vae_test_grads(void);
float vae_test_loss_grad(const uint8_t *img, const float *eps, int backward);

static void gradcheck_model(void) {
  vae_opts o;
  vae_default_opts(&o);
  vae_init(&o, 3);
  uint8_t img[784];
  for (int i = 0; i < 784; i++) {
    int y = i / 28, x = i % 28;
    img[i] = (uint8_t)(((x - 14) * (x - 14) + (y - 14) * (y - 14) < 64) ? 230 : (x * 7 + y * 3) % 40);
  }
  float eps[VAE_LATENT];
  for (int i = 0; i < VAE_LATENT; i++) eps[i] = 0.3f * (float)(i % 5) - 0.6f;
  float *P = vae_test_params(), *G = vae_test_grads();
  uint32_t np = vae_param_count();
  memset(G, 0, sizeof(float) * np);
  vae_test_loss_grad(img, eps, 1);
  /* sample parameters across all layers; loss in float, so compare with a tolerance
   * that covers its rounding (|L| ~ 500, h = 1e-2) and rare leaky-ReLU kinks */
  const float h = 1e-2f;
  int bad = 0, checked = 0;
  double worst = 0.0;
  for (uint32_t i = 0; i < np; i += 97) {
    float keep = P[i];
    P[i] = keep + h;
    float lp = vae_test_loss_grad(img, eps, 0);
    P[i] = keep - h;
    float lm = vae_test_loss_grad(img, eps, 0);
    P[i] = keep;
    double num = ((double)lp - (double)lm) / (2.0 * (double)h);
    double err = fabs(num - (double)G[i]) / (0.05 + 0.02 * fabs(num));
    if (err > 1.0) bad++;
    if (err > worst) worst = err;
    checked++;
  }
  report("gradcheck_model", bad <= checked / 50, "%.0f of %.0f sampled parameters outside tolerance", (double)bad,
         (double)checked);
}

static void test_fp32(void) {
  tlayer conv = {1, {6, 6, 2, 3, 3, 3, 3, 2, 1, 0}, 72, 27, 1};
  tlayer deconv = {1, {3, 3, 3, 6, 6, 2, 3, 2, 1, 1}, 27, 72, 1};
  tlayer deconv_lin = {1, {4, 4, 2, 8, 8, 1, 3, 2, 1, 1}, 32, 64, 0};
  tlayer conv_s1 = {1, {5, 5, 2, 5, 5, 2, 3, 1, 1, 0}, 50, 50, 0};
  tlayer dense = {0, {0}, 20, 7, 1};
  gradcheck_layer("conv2d", &conv);
  gradcheck_layer("conv2d_stride1", &conv_s1);
  gradcheck_layer("deconv", &deconv);
  gradcheck_layer("deconv_linear", &deconv_lin);
  gradcheck_layer("dense", &dense);
  gradcheck_model();
}
#else
static void test_u8(void) {
  /* requantization round trip: q -> float -> q is the identity for round and floor */
  int ok = 1;
  double worst = 0.0;
  for (int t = 0; t < 200; t++) {
    qparam q;
    memset(&q, 0, sizeof q);
    float lo = -10.0f * v_rng_uniform(&R), hi = 10.0f * v_rng_uniform(&R) + 1e-3f;
    qparam_set_range(&q, lo, hi);
    if (dequant(&q, (uint8_t)q.zp) != 0.0f) ok = 0;
    for (int v = 0; v < 256; v++) {
      float f = dequant(&q, (uint8_t)v);
      if (quant_round(&q, f) != v) ok = 0;
      if (quant_floor(&q, f + 0.25f * q.s) != v) ok = 0;
    }
    for (int i = 0; i < 100; i++) {
      /* within the representable range [deq(0), deq(255)] (zp = floor(-lo/s) may put it up
       * to one step inside [lo, hi]) */
      float qlo = dequant(&q, 0), qhi = dequant(&q, 255);
      float f = qlo + (qhi - qlo) * v_rng_uniform(&R);
      double e = fabs((double)dequant(&q, quant_round(&q, f)) - (double)f) / (double)q.s;
      if (e > worst) worst = e;
      float fl = dequant(&q, quant_floor(&q, f));
      if (fl > f + 1e-6f * q.s * 256.0f || f - fl > q.s * 1.001f) ok = 0;
    }
  }
  report("quant_roundtrip", ok && worst <= 0.5001, "max |deq(q(v)) - v| / s = %.4f, exact=%.0f", worst, ok);

  /* stochastic rounding: exact on grid points, never more than one step away, unbiased
   * (mean of many roundings of v within 0.01 steps of v), same sequence after reseeding */
  {
    qparam q;
    memset(&q, 0, sizeof q);
    qparam_set_range(&q, -1.0f, 3.0f);
    v_rng_seed(&quant_rng, 7, 4);
    int oks = 1;
    for (int v = 0; v < 256; v++)
      if (quant_stoch(&q, dequant(&q, (uint8_t)v)) != v) oks = 0;
    double worst_bias = 0.0;
    for (int t = 0; t < 20; t++) {
      float f = -0.9f + 3.8f * v_rng_uniform(&R);
      double sum = 0.0;
      const int n = 20000;
      for (int i = 0; i < n; i++) {
        uint8_t v = quant_stoch(&q, f);
        double d = (double)dequant(&q, v) - (double)f;
        if (fabs(d) >= (double)q.s * 1.0001) oks = 0;
        sum += d;
      }
      double bias = fabs(sum / n) / (double)q.s;
      if (bias > worst_bias) worst_bias = bias;
    }
    uint8_t a[64], b[64];
    v_rng_seed(&quant_rng, 9, 4);
    for (int i = 0; i < 64; i++) a[i] = quant_stoch(&q, 0.3f + 0.01f * (float)i);
    v_rng_seed(&quant_rng, 9, 4);
    for (int i = 0; i < 64; i++) b[i] = quant_stoch(&q, 0.3f + 0.01f * (float)i);
    if (memcmp(a, b, sizeof a)) oks = 0;
    /* error tensors: the three modes of quant_floor */
    float f = dequant(&q, 100) + 0.7f * q.s;
    q.rnd = Q_FLOOR;
    if (quant_floor(&q, f) != 100) oks = 0;
    q.rnd = Q_NEAREST;
    if (quant_floor(&q, f) != 101) oks = 0;
    q.rnd = Q_STOCH;
    int ups = 0;
    for (int i = 0; i < 1000; i++) ups += quant_floor(&q, f) == 101;
    if (ups < 640 || ups > 760) oks = 0;
    report("quant_stochastic", oks && worst_bias < 0.01, "max |mean(deq(q(v))) - v| / s = %.4f, ok=%.0f", worst_bias, oks);
  }

  /* range tracking: first observation initialises, then ema = 0.9 ema + 0.1 batch */
  qparam q;
  memset(&q, 0, sizeof q);
  qparam_set_range(&q, -1.0f, 1.0f);
  qparam_observe(&q, -2.0f);
  qparam_observe(&q, 6.0f);
  qparam_observe(&q, 1.0f);
  qparam_update(&q, 0.1f);
  int ok1 = q.ema_min == -2.0f && q.ema_max == 6.0f && fabsf(q.s - 8.0f / 255.0f) < 1e-7f && q.zp == 63;
  qparam_observe(&q, -1.0f);
  qparam_observe(&q, 16.0f);
  qparam_update(&q, 0.1f);
  int ok2 = fabsf(q.ema_min - (-1.9f)) < 1e-6f && fabsf(q.ema_max - 7.0f) < 1e-6f;
  qparam_update(&q, 0.1f); /* nothing observed: unchanged */
  int ok3 = fabsf(q.ema_max - 7.0f) < 1e-6f;
  qparam qpos;
  memset(&qpos, 0, sizeof qpos);
  qparam_observe(&qpos, 0.5f);
  qparam_observe(&qpos, 3.0f);
  qparam_update(&qpos, 0.1f);
  int ok4 = qpos.zp == 0 && dequant(&qpos, 0) == 0.0f; /* range extended to include zero */
  report("range_tracking", ok1 && ok2 && ok3 && ok4, "ema_min %.4f ema_max %.4f", (double)q.ema_min, (double)q.ema_max);

  /* gradient standardization (gstd_row): first batch = its own mean and variance; after
   * that the variance is about the smoothed mean, so the standardized steps (g - m) / sqrt(v)
   * have a mean square of at most 1 / alpha over the row, also when the row's gradients move
   * together and their mean jumps (conv1: 9 taps of one input channel) */
  {
    int okg = 1;
    float g[9], m = 0.0f, v = 0.0f;
    const float a = 0.7f;
    for (int i = 0; i < 9; i++) g[i] = 2.0f + 0.1f * (float)(i - 4);
    gstd_row(g, 9, a, 1, &m, &v);
    if (fabsf(m - 2.0f) > 1e-6f || fabsf(v - 0.0666667f) > 1e-6f) okg = 0;
    double worst_ms = 0.0;
    for (int b = 0; b < 200; b++) {
      float shift = 50.0f * (2.0f * v_rng_uniform(&R) - 1.0f); /* mean jumps of up to 50 spreads */
      for (int i = 0; i < 9; i++) g[i] = shift + 0.01f * (2.0f * v_rng_uniform(&R) - 1.0f);
      gstd_row(g, 9, a, 0, &m, &v);
      double ms = 0.0;
      for (int i = 0; i < 9; i++) ms += ((double)g[i] - (double)m) * ((double)g[i] - (double)m) / (double)v;
      ms /= 9.0;
      if (ms > worst_ms) worst_ms = ms;
    }
    report("gradient_standardization", okg && worst_ms <= 1.0 / 0.7 + 1e-3, "largest mean square of the standardized steps %.4f (bound %.4f)", worst_ms, 1.0 / 0.7);
  }

  /* dot_u8 against the definition, all lengths 0..40 */
  int okd = 1;
  uint8_t a[64], b[64];
  for (int n = 0; n <= 40; n++) {
    for (int i = 0; i < n; i++) {
      a[i] = (uint8_t)v_rng_below(&R, 256);
      b[i] = (uint8_t)v_rng_below(&R, 256);
    }
    int32_t za = (int32_t)v_rng_below(&R, 256), zb = (int32_t)v_rng_below(&R, 256), ref = 0;
    for (int i = 0; i < n; i++) ref += ((int32_t)a[i] - za) * ((int32_t)b[i] - zb);
    if (dot_u8(a, b, n, za, zb) != ref) okd = 0;
  }
  report("dot_u8", okd, "%.0f%.0f", 0.0, 0.0);

  /* quantized conv forward/backward against fp32 on the dequantized tensors */
  conv_geom g = {6, 6, 4, 3, 3, 5, 3, 2, 1, 0};
  static uint8_t xq[144], wq[180], eq[45];
  static float xf[144], wf[180], bf[5], yf[45], dyf[45], dxf[144], gwf[180], gbf[5], gw8[180], gb8[5];
  static int32_t b32[5], acc[144];
  static int16_t d[45];
  qparam qx, qw, qe;
  memset(&qx, 0, sizeof qx);
  memset(&qw, 0, sizeof qw);
  memset(&qe, 0, sizeof qe);
  qparam_set_range(&qx, -0.5f, 3.0f);
  qparam_set_range(&qw, -0.7f, 0.6f);
  qparam_set_range(&qe, -0.2f, 0.3f);
  for (int i = 0; i < 144; i++) { xq[i] = (uint8_t)v_rng_below(&R, 256); xf[i] = dequant(&qx, xq[i]); }
  for (int i = 0; i < 180; i++) { wq[i] = (uint8_t)v_rng_below(&R, 256); wf[i] = dequant(&qw, wq[i]); }
  for (int i = 0; i < 5; i++) { b32[i] = (int32_t)v_rng_below(&R, 2001) - 1000; bf[i] = (float)b32[i] * qx.s * qw.s; }
  for (int i = 0; i < 45; i++) { eq[i] = (uint8_t)v_rng_below(&R, 256); dyf[i] = dequant(&qe, eq[i]); }
  conv_u8_forward(&g, xq, qx.zp, wq, qw.zp, b32, acc);
  conv_f32_forward(&g, xf, wf, bf, yf);
  double wf_err = 0.0;
  for (int i = 0; i < 45; i++) {
    double e = fabs((double)acc[i] * (double)(qx.s * qw.s) - (double)yf[i]) / (1.0 + fabs((double)yf[i]));
    if (e > wf_err) wf_err = e;
  }
  report("conv_u8_forward", wf_err < 1e-4, "max_rel %.3g vs fp32 on dequantized values%.0f", wf_err, 0.0);
  uint32_t sa = 0, ma = 0;
  float ud = make_delta_u8(eq, &qe, 0, 0, 0, 45, d, &sa, &ma);
  memset(gw8, 0, sizeof gw8);
  memset(gb8, 0, sizeof gb8);
  memset(gwf, 0, sizeof gwf);
  memset(gbf, 0, sizeof gbf);
  conv_u8_wgrad(&g, xq, qx.zp, d, ud * qx.s, ud, gw8, gb8);
  conv_u8_prop(&g, wq, qw.zp, d, acc);
  conv_f32_backward(&g, xf, wf, dyf, dxf, gwf, gbf);
  double eg = 0.0, ex = 0.0;
  for (int i = 0; i < 180; i++) {
    double e = fabs((double)gw8[i] - (double)gwf[i]) / (1e-3 + fabs((double)gwf[i]));
    if (e > eg) eg = e;
  }
  for (int i = 0; i < 144; i++) {
    double e = fabs((double)acc[i] * (double)(ud * qw.s) - (double)dxf[i]) / (1e-3 + fabs((double)dxf[i]));
    if (e > ex) ex = e;
  }
  report("conv_u8_backward", eg < 1e-3 && ex < 1e-3, "weight grad max_rel %.3g, error prop max_rel %.3g", eg, ex);
}
#endif

int main(void) {
  v_rng_seed(&R, 1234, 9);
  test_math();
  test_lv_bounds();
#if !VAE_U8
  test_fp32();
#else
  test_u8();
#endif
  printf("%s %d failures\n", fails ? "FAILED" : "PASSED", fails);
  return fails;
}
