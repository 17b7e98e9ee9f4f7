#include "vae.h"
#include <string.h>
#include "layers.h"
#include "quant.h"
#include "vmath.h"

/* ---------------------------------------------------------------- architecture */
enum { L_CONV1, L_CONV2, L_ENC, L_HEAD, L_DEC, L_DC1, L_DC2, NLAYERS };
#define ID_REPARAM 5u /* trace id of the reparameterization + ELBO */

#define NW0 (VAE_C1 * 9 * 1)
#define NW1 (VAE_C2 * 9 * VAE_C1)
#define NW2 (VAE_HID * VAE_FLAT)
#define NW3 (VAE_HEAD * VAE_HID)
#define NW4 (VAE_FLAT * VAE_LATENT)
#define NW5 (VAE_C1 * 9 * VAE_C2)
#define NW6 (1 * 9 * VAE_C1)
#define NB0 VAE_C1
#define NB1 VAE_C2
#define NB2 VAE_HID
#define NB3 VAE_HEAD
#define NB4 VAE_FLAT
#define NB5 VAE_C1
#define NB6 1
#define WOFF0 0
#define WOFF1 (WOFF0 + NW0)
#define WOFF2 (WOFF1 + NW1)
#define WOFF3 (WOFF2 + NW2)
#define WOFF4 (WOFF3 + NW3)
#define WOFF5 (WOFF4 + NW4)
#define WOFF6 (WOFF5 + NW5)
#define NWTOT (WOFF6 + NW6)
#define BOFF0 0
#define BOFF1 (BOFF0 + NB0)
#define BOFF2 (BOFF1 + NB1)
#define BOFF3 (BOFF2 + NB2)
#define BOFF4 (BOFF3 + NB3)
#define BOFF5 (BOFF4 + NB4)
#define BOFF6 (BOFF5 + NB5)
#define NBTOT (BOFF6 + NB6)
#define A1N (VAE_S1 * VAE_S1 * VAE_C1)
#define MAXACT (A1N > VAE_NPIX ? A1N : VAE_NPIX)

typedef struct {
  uint8_t conv, leaky, id;
  conv_geom g;
  uint16_t ni, no;
  uint32_t nw, nb, woff, boff;
  float init_gain; /* He: 2 for leaky layers, 1 for linear outputs */
} layer_t;

#define GEOM(ih, ic, oh, oc, tr) {ih, ih, ic, oh, oh, oc, VAE_K, VAE_STRIDE, VAE_PAD, tr}
static const layer_t LY[NLAYERS] = {
    {1, 1, 1, GEOM(VAE_IMG, 1, VAE_S1, VAE_C1, 0), VAE_NPIX, A1N, NW0, NB0, WOFF0, BOFF0, 2.0f},
    {1, 1, 2, GEOM(VAE_S1, VAE_C1, VAE_S2, VAE_C2, 0), A1N, VAE_FLAT, NW1, NB1, WOFF1, BOFF1, 2.0f},
    {0, 1, 3, {0}, VAE_FLAT, VAE_HID, NW2, NB2, WOFF2, BOFF2, 2.0f},
    {0, 0, 4, {0}, VAE_HID, VAE_HEAD, NW3, NB3, WOFF3, BOFF3, 1.0f},
    {0, 1, 6, {0}, VAE_LATENT, VAE_FLAT, NW4, NB4, WOFF4, BOFF4, 2.0f},
    {1, 1, 7, GEOM(VAE_S2, VAE_C2, VAE_S1, VAE_C1, 1), VAE_FLAT, A1N, NW5, NB5, WOFF5, BOFF5, 2.0f},
    {1, 0, 8, GEOM(VAE_S1, VAE_C1, VAE_IMG, 1, 1), A1N, VAE_NPIX, NW6, NB6, WOFF6, BOFF6, 1.0f},
};

uint32_t vae_param_count(void) { return NWTOT + NBTOT; }

/* ---------------------------------------------------------------- common state */
static vae_opts g_opt;
static v_rng g_rng;      /* reparameterization noise (training) */
static v_rng g_rng_eval; /* noise for evaluation */
static uint32_t g_steps, g_updates, g_in_batch;
static uint32_t g_rows_total, g_rows_updated;

uint32_t vae_steps(void) { return g_steps; }
uint32_t vae_updates(void) { return g_updates; }
float vae_update_fraction(void) {
  return g_rows_total ? (float)g_rows_updated / (float)g_rows_total : 1.0f;
}

void vae_default_opts(vae_opts *o) {
  o->lr = 0.001f;
  o->momentum = 0.9f;
  o->alpha_norm = 0.7f;
  o->alpha_act = 0.1f;
  o->alpha_w = 0.001f;
  o->dsgu = 0;
  o->lambda_min = 0.1f;
  o->lambda_max = 0.9f;
  o->batch = VAE_BATCH;
  o->err_round = 2; /* u8 recipe (docs/workload.md): stochastic rounding of errors ... */
  o->w_stoch = 1;   /* ... and of the updated weights */
}

/* ELBO terms shared by both precisions. logvar is bounded to [VAE_LV_MIN, VAE_LV_MAX]
 * (vae_cfg.h): the posterior is sampled with clamp(lv); the KL term of one dimension,
 * 2 KL = mu^2 + exp(lv) - 1 - lv, is exact inside the bounds and continues as its tangent
 * outside (value and gradient from the same function, gradient bounded). */
static inline float clamp_lv(float v) { return v < VAE_LV_MIN ? VAE_LV_MIN : (v > VAE_LV_MAX ? VAE_LV_MAX : v); }
/* d/dlv of 0.5 (exp(lv) - 1 - lv), continued: 0.5 (exp(clamp(lv)) - 1) */
static inline float kl_lv_grad(float lv) { return 0.5f * (v_expf(clamp_lv(lv)) - 1.0f); }
static float kl_term(const float *mu, const float *lv) {
  float kl = 0.0f;
  for (int i = 0; i < VAE_LATENT; i++) {
    float c = clamp_lv(lv[i]), e = v_expf(c);
    kl += mu[i] * mu[i] + e - 1.0f - c;
    if (lv[i] != c) kl += (e - 1.0f) * (lv[i] - c); /* tangent continuation */
  }
  return 0.5f * kl;
}
static void reparam(const float *head, float *eps, float *z, v_rng *r) {
  for (int i = 0; i < VAE_LATENT; i++) {
    float sd = v_expf(0.5f * clamp_lv(head[VAE_LATENT + i]));
    eps[i] = v_rng_normal(r);
    z[i] = head[i] + sd * eps[i];
  }
}
/* d(recon + KL)/d(mu, logvar) given dz. Through the clamp, z does not depend on a logvar
 * outside the bounds: only the KL term's (bounded) gradient reaches it there. */
static void reparam_backward(const float *head, const float *eps, const float *dz, float *dhead) {
  for (int i = 0; i < VAE_LATENT; i++) {
    float lv = head[VAE_LATENT + i], c = clamp_lv(lv);
    float sd = v_expf(0.5f * c);
    dhead[i] = dz[i] + head[i];
    if (lv == c)
      dhead[VAE_LATENT + i] = dz[i] * eps[i] * 0.5f * sd + 0.5f * (sd * sd - 1.0f);
    else
      dhead[VAE_LATENT + i] = kl_lv_grad(lv);
  }
}
/* test access (both precisions): the KL term and d(recon + KL)/d(mu, logvar) */
float vae_test_kl(const float *head) { return kl_term(head, head + VAE_LATENT); }
void vae_test_head_grad(const float *head, const float *eps, const float *dz, float *dhead) {
  reparam_backward(head, eps, dz, dhead);
}
void vae_test_reparam(const float *head, uint64_t seed, float *eps, float *z) {
  v_rng r;
  v_rng_seed(&r, seed, 1u);
  reparam(head, eps, z, &r);
}
static float recon_term(const float *logits, const uint8_t *img) {
  float r = 0.0f;
  for (int i = 0; i < VAE_NPIX; i++) {
    float x = (float)img[i] * (1.0f / 255.0f);
    r += v_softplus(logits[i]) - x * logits[i];
  }
  return r;
}

static float init_std(const layer_t *l) {
  float fan_in = l->conv ? (float)(l->g.ic * l->g.k * l->g.k) : (float)l->ni;
  if (l->conv && l->g.transposed) fan_in = fan_in / (float)(l->g.s * l->g.s);
  return v_sqrtf(l->init_gain / fan_in);
}

#if !VAE_U8
/* ================================================================ fp32 */
static float P[NWTOT + NBTOT] VAE_SEC_WEIGHTS;   /* weights then biases */
static float G[NWTOT + NBTOT] VAE_SEC_GRADS;     /* gradient accumulator */
static float V[NWTOT + NBTOT] VAE_SEC_GRADS;     /* momentum */
#define PW(l) (P + LY[l].woff)
#define PB(l) (P + NWTOT + LY[l].boff)
#define GW_(l) (G + LY[l].woff)
#define GB_(l) (G + NWTOT + LY[l].boff)

static float a_x[VAE_NPIX] VAE_SEC_ACTS;
static float a_1[A1N] VAE_SEC_ACTS;
static float a_2[VAE_FLAT] VAE_SEC_ACTS;
static float a_h[VAE_HID] VAE_SEC_ACTS;
static float a_head[VAE_HEAD] VAE_SEC_ACTS;
static float a_z[VAE_LATENT] VAE_SEC_ACTS;
static float a_eps[VAE_LATENT] VAE_SEC_ACTS;
static float a_4[VAE_FLAT] VAE_SEC_ACTS;
static float a_5[A1N] VAE_SEC_ACTS;
static float a_log[VAE_NPIX] VAE_SEC_ACTS;
static float e_1[A1N] VAE_SEC_ERRORS;
static float e_2[VAE_FLAT] VAE_SEC_ERRORS;
static float e_h[VAE_HID] VAE_SEC_ERRORS;
static float e_head[VAE_HEAD] VAE_SEC_ERRORS;
static float e_z[VAE_LATENT] VAE_SEC_ERRORS;
static float e_4[VAE_FLAT] VAE_SEC_ERRORS;
static float e_5[A1N] VAE_SEC_ERRORS;
static float e_log[VAE_NPIX] VAE_SEC_ERRORS;

static void fwd_layer(int l, const float *x, float *y) {
  VAE_TRACE(LY[l].id, VAE_PH_FWD_BEGIN);
  if (LY[l].conv)
    conv_f32_forward(&LY[l].g, x, PW(l), PB(l), y);
  else
    dense_f32_forward(LY[l].ni, LY[l].no, x, PW(l), PB(l), y);
  if (LY[l].leaky) leaky_f32_forward(y, LY[l].no, VAE_LEAKY);
  VAE_TRACE(LY[l].id, VAE_PH_FWD_END);
}
static void bwd_layer(int l, const float *x, const float *y, float *dy, float *dx) {
  VAE_TRACE(LY[l].id, VAE_PH_BWD_BEGIN);
  if (LY[l].leaky) leaky_f32_backward(y, dy, LY[l].no, VAE_LEAKY);
  if (LY[l].conv)
    conv_f32_backward(&LY[l].g, x, PW(l), dy, dx, GW_(l), GB_(l));
  else
    dense_f32_backward(LY[l].ni, LY[l].no, x, PW(l), dy, dx, GW_(l), GB_(l));
  VAE_TRACE(LY[l].id, VAE_PH_BWD_END);
}

static void encode(const uint8_t *img) {
  for (int i = 0; i < VAE_NPIX; i++) a_x[i] = (float)img[i] * (1.0f / 255.0f);
  fwd_layer(L_CONV1, a_x, a_1);
  fwd_layer(L_CONV2, a_1, a_2);
  fwd_layer(L_ENC, a_2, a_h);
  fwd_layer(L_HEAD, a_h, a_head);
}
static void decode(void) {
  fwd_layer(L_DEC, a_z, a_4);
  fwd_layer(L_DC1, a_4, a_5);
  fwd_layer(L_DC2, a_5, a_log);
}

void vae_init(const vae_opts *o, uint64_t seed) {
  g_opt = *o;
  v_rng_seed(&g_rng, seed, 1u);
  v_rng_seed(&g_rng_eval, seed, 2u);
  v_rng winit;
  v_rng_seed(&winit, seed, 3u);
  g_steps = g_updates = g_in_batch = 0;
  g_rows_total = g_rows_updated = 0;
  for (int l = 0; l < NLAYERS; l++) {
    float sd = init_std(&LY[l]);
    for (uint32_t i = 0; i < LY[l].nw; i++) PW(l)[i] = sd * v_rng_normal(&winit);
    for (uint32_t i = 0; i < LY[l].nb; i++) PB(l)[i] = 0.0f;
  }
  memset(G, 0, sizeof G);
  memset(V, 0, sizeof V);
}

static void apply_update(void) {
  float inv_b = 1.0f / (float)g_opt.batch;
  float lr = g_opt.lr, mom = g_opt.momentum;
  for (uint32_t i = 0; i < NWTOT + NBTOT; i++) {
    float v = mom * V[i] + G[i] * inv_b;
    V[i] = v;
    P[i] -= lr * v;
    G[i] = 0.0f;
  }
  g_updates++;
  g_rows_total += NBTOT;
  g_rows_updated += NBTOT;
}

void vae_train_sample(const uint8_t *img, vae_loss *loss) {
  encode(img);
  VAE_TRACE(ID_REPARAM, VAE_PH_FWD_BEGIN);
  reparam(a_head, a_eps, a_z, &g_rng);
  VAE_TRACE(ID_REPARAM, VAE_PH_FWD_END);
  decode();
  VAE_TRACE(ID_REPARAM, VAE_PH_BWD_BEGIN);
  float rec = recon_term(a_log, img), kl = kl_term(a_head, a_head + VAE_LATENT);
  for (int i = 0; i < VAE_NPIX; i++) e_log[i] = v_sigmoid(a_log[i]) - a_x[i];
  VAE_TRACE(ID_REPARAM, VAE_PH_BWD_END);
  bwd_layer(L_DC2, a_5, a_log, e_log, e_5);
  bwd_layer(L_DC1, a_4, a_5, e_5, e_4);
  bwd_layer(L_DEC, a_z, a_4, e_4, e_z);
  reparam_backward(a_head, a_eps, e_z, e_head);
  bwd_layer(L_HEAD, a_h, a_head, e_head, e_h);
  bwd_layer(L_ENC, a_2, a_h, e_h, e_2);
  bwd_layer(L_CONV2, a_1, a_2, e_2, e_1);
  bwd_layer(L_CONV1, a_x, a_1, e_1, 0);
  if (loss) {
    loss->recon = rec;
    loss->kl = kl;
    loss->elbo = rec + kl;
  }
  g_steps++;
  if (++g_in_batch >= (uint32_t)g_opt.batch) {
    VAE_TRACE(0, VAE_PH_UPD_BEGIN);
    apply_update();
    VAE_TRACE(0, VAE_PH_UPD_END);
    g_in_batch = 0;
  }
}

void vae_eval_sample(const uint8_t *img, vae_loss *loss) {
  encode(img);
  reparam(a_head, a_eps, a_z, &g_rng_eval);
  decode();
  loss->recon = recon_term(a_log, img);
  loss->kl = kl_term(a_head, a_head + VAE_LATENT);
  loss->elbo = loss->recon + loss->kl;
}

void vae_encode_mu(const uint8_t *img, float *mu) {
  encode(img);
  for (int i = 0; i < VAE_LATENT; i++) mu[i] = a_head[i];
}

void vae_decode(const float *z, uint8_t *img) {
  for (int i = 0; i < VAE_LATENT; i++) a_z[i] = z[i];
  decode();
  for (int i = 0; i < VAE_NPIX; i++) img[i] = (uint8_t)v_round_i(v_sigmoid(a_log[i]) * 255.0f);
}

int vae_dump(vae_write_fn write, void *ctx) {
  uint32_t hdr[8] = {0x5756344Du /* "M4VW" */, 1u, 0u, VAE_LATENT, VAE_FILTERS, NLAYERS, g_steps, 0u};
  if (write(hdr, sizeof hdr, ctx)) return -1;
  for (int l = 0; l < NLAYERS; l++) {
    uint32_t n[2] = {LY[l].nw, LY[l].nb};
    if (write(n, 8, ctx) || write(PW(l), 4u * LY[l].nw, ctx) || write(PB(l), 4u * LY[l].nb, ctx)) return -1;
  }
  return 0;
}

/* test access (gradient checks) */
float *vae_test_params(void) { return P; }
float *vae_test_grads(void) { return G; }
/* Forward+backward with fixed eps, gradients added to G, returns the ELBO. */
float vae_test_loss_grad(const uint8_t *img, const float *eps, int backward) {
  encode(img);
  for (int i = 0; i < VAE_LATENT; i++) {
    a_eps[i] = eps[i];
    a_z[i] = a_head[i] + v_expf(0.5f * clamp_lv(a_head[VAE_LATENT + i])) * eps[i];
  }
  decode();
  float l = recon_term(a_log, img) + kl_term(a_head, a_head + VAE_LATENT);
  if (!backward) return l;
  for (int i = 0; i < VAE_NPIX; i++) e_log[i] = v_sigmoid(a_log[i]) - a_x[i];
  bwd_layer(L_DC2, a_5, a_log, e_log, e_5);
  bwd_layer(L_DC1, a_4, a_5, e_5, e_4);
  bwd_layer(L_DEC, a_z, a_4, e_4, e_z);
  reparam_backward(a_head, a_eps, e_z, e_head);
  bwd_layer(L_HEAD, a_h, a_head, e_head, e_h);
  bwd_layer(L_ENC, a_2, a_h, e_h, e_2);
  bwd_layer(L_CONV2, a_1, a_2, e_2, e_1);
  bwd_layer(L_CONV1, a_x, a_1, e_1, 0);
  return l;
}

#else
/* ================================================================ uint8 */
static uint8_t W8[NWTOT] VAE_SEC_WEIGHTS;         /* quantized weights */
static int32_t B32[NBTOT] VAE_SEC_WEIGHTS;        /* int32 biases, unit s_x * s_w */
static qparam QW[NLAYERS] VAE_SEC_WEIGHTS;        /* weight quantization */
static float GW[NWTOT] VAE_SEC_GRADS;             /* weight gradient accumulator */
static float GB[NBTOT] VAE_SEC_GRADS;             /* bias gradient accumulator */
static float NORM[2 * NBTOT] VAE_SEC_GRADS;       /* per filter/row: smoothed mean, variance */
static uint8_t ROWSEL[NBTOT] VAE_SEC_GRADS;       /* DSGU: row selected in this update */
static uint32_t DSUM[NLAYERS], DMAX[NLAYERS], DCNT[NLAYERS]; /* DSGU error statistics */

/* activations (u8 unless noted) */
static uint8_t q_x[VAE_NPIX] VAE_SEC_ACTS;
static uint8_t q_1[A1N] VAE_SEC_ACTS;
static uint8_t q_2[VAE_FLAT] VAE_SEC_ACTS;
static uint8_t q_h[VAE_HID] VAE_SEC_ACTS;
static float f_head[VAE_HEAD] VAE_SEC_ACTS;  /* mu, logvar (float domain) */
static float f_z[VAE_LATENT] VAE_SEC_ACTS;
static float f_eps[VAE_LATENT] VAE_SEC_ACTS;
static uint8_t q_z[VAE_LATENT] VAE_SEC_ACTS;
static uint8_t q_4[VAE_FLAT] VAE_SEC_ACTS;
static uint8_t q_5[A1N] VAE_SEC_ACTS;
static float f_log[VAE_NPIX] VAE_SEC_ACTS;  /* logits (float domain, for the ELBO) */
static int32_t acc32[MAXACT] VAE_SEC_ACTS;  /* int32 accumulators of the current layer */
/* errors */
static uint8_t qe_1[A1N] VAE_SEC_ERRORS;
static uint8_t qe_2[VAE_FLAT] VAE_SEC_ERRORS;
static uint8_t qe_h[VAE_HID] VAE_SEC_ERRORS;
static uint8_t qe_head[VAE_HEAD] VAE_SEC_ERRORS;
static float fe_head[VAE_HEAD] VAE_SEC_ERRORS;
static float fe_z[VAE_LATENT] VAE_SEC_ERRORS;
static uint8_t qe_4[VAE_FLAT] VAE_SEC_ERRORS;
static uint8_t qe_5[A1N] VAE_SEC_ERRORS;
static uint8_t qe_log[VAE_NPIX] VAE_SEC_ERRORS;
static int16_t delta[MAXACT] VAE_SEC_ERRORS; /* error w.r.t. pre-activation, integer */

/* activation ranges: index = tensor */
enum { T_X, T_1, T_2, T_H, T_Z, T_4, T_5, NACT };
enum { E_1, E_2, E_H, E_HEAD, E_4, E_5, E_LOG, NERR };
static qparam QA[NACT], QE[NERR];
static int g_observe;
static uint32_t g_norm_init;
#if VAE_DIAG
static float dg_lv_min = 1e30f, dg_lv_max = -1e30f, dg_mu_absmax, dg_kl_max, dg_step_max[NLAYERS];
#define DIAG(...) __VA_ARGS__
#else
#define DIAG(...)
#endif

/* input tensor / output tensor / error tensors of each layer */
static const uint8_t LIN[NLAYERS] = {T_X, T_1, T_2, T_H, T_Z, T_4, T_5};
static const int8_t LOUT[NLAYERS] = {T_1, T_2, T_H, -1, T_4, T_5, -1};
static const int8_t LEIN[NLAYERS] = {-1, E_1, E_2, E_H, -1, E_4, E_5}; /* error of the input */
static const uint8_t LEOUT[NLAYERS] = {E_1, E_2, E_H, E_HEAD, E_4, E_5, E_LOG};

static float bias_unit(int l) { return QA[LIN[l]].s * QW[l].s; }

static void fwd_layer(int l, const uint8_t *x, uint8_t *y, float *yf) {
  VAE_TRACE(LY[l].id, VAE_PH_FWD_BEGIN);
  const qparam *qx = &QA[LIN[l]];
  if (LY[l].conv)
    conv_u8_forward(&LY[l].g, x, qx->zp, W8 + LY[l].woff, QW[l].zp, B32 + LY[l].boff, acc32);
  else
    dense_u8_forward(LY[l].ni, LY[l].no, x, qx->zp, W8 + LY[l].woff, QW[l].zp, B32 + LY[l].boff, acc32);
  float unit = qx->s * QW[l].s;
  if (y)
    requant_u8(acc32, LY[l].no, unit, LY[l].leaky, &QA[LOUT[l]], g_observe, y);
  else
    dequant_acc(acc32, LY[l].no, unit, yf);
  VAE_TRACE(LY[l].id, VAE_PH_FWD_END);
}

/* backward of layer l: error tensor of its output (u8) -> gradients, error of its input */
static void bwd_layer(int l, const uint8_t *x, const uint8_t *y, const uint8_t *ey, uint8_t *ex, float *exf) {
  VAE_TRACE(LY[l].id, VAE_PH_BWD_BEGIN);
  const layer_t *ly = &LY[l];
  const qparam *qx = &QA[LIN[l]];
  int32_t zy = LOUT[l] >= 0 ? QA[LOUT[l]].zp : 0;
  float ud = make_delta_u8(ey, &QE[LEOUT[l]], y, zy, ly->leaky && y, ly->no, delta, &DSUM[l], &DMAX[l]);
  DCNT[l] += ly->no;
  const uint8_t *w = W8 + ly->woff;
  if (ly->conv) {
    conv_u8_wgrad(&ly->g, x, qx->zp, delta, ud * qx->s, ud, GW + ly->woff, GB + ly->boff);
    if (ex || exf) conv_u8_prop(&ly->g, w, QW[l].zp, delta, acc32);
  } else {
    dense_u8_wgrad(ly->ni, ly->no, x, qx->zp, delta, ud * qx->s, ud, GW + ly->woff, GB + ly->boff);
    if (ex || exf) dense_u8_prop(ly->ni, ly->no, w, QW[l].zp, delta, acc32);
  }
  float ue = ud * QW[l].s;
  if (ex)
    requant_err(acc32, ly->ni, ue, &QE[LEIN[l]], g_observe, ex);
  else if (exf)
    dequant_acc(acc32, ly->ni, ue, exf);
  VAE_TRACE(ly->id, VAE_PH_BWD_END);
}

static void encode(const uint8_t *img) {
  memcpy(q_x, img, VAE_NPIX); /* s = 1/255, zp = 0: the bytes are the quantized input */
  fwd_layer(L_CONV1, q_x, q_1, 0);
  fwd_layer(L_CONV2, q_1, q_2, 0);
  fwd_layer(L_ENC, q_2, q_h, 0);
  fwd_layer(L_HEAD, q_h, 0, f_head);
}
static void decode(void) {
  quantize_act(f_z, VAE_LATENT, &QA[T_Z], g_observe, q_z);
  fwd_layer(L_DEC, q_z, q_4, 0);
  fwd_layer(L_DC1, q_4, q_5, 0);
  fwd_layer(L_DC2, q_5, 0, f_log);
}

static void init_qparam(qparam *q, float lo, float hi) {
  memset(q, 0, sizeof *q);
  qparam_set_range(q, lo, hi);
}

void vae_init(const vae_opts *o, uint64_t seed) {
  g_opt = *o;
  v_rng_seed(&g_rng, seed, 1u);
  v_rng_seed(&g_rng_eval, seed, 2u);
  v_rng winit;
  v_rng_seed(&winit, seed, 3u);
  v_rng_seed(&quant_rng, seed, 4u);
  g_steps = g_updates = g_in_batch = 0;
  g_rows_total = g_rows_updated = 0;
  g_observe = 0;
  g_norm_init = 0;
  /* initial ranges: replaced by the first batch's observation */
  for (int t = 0; t < NACT; t++) init_qparam(&QA[t], -1.0f, 4.0f);
  for (int t = 0; t < NERR; t++) {
    init_qparam(&QE[t], -1.0f, 1.0f);
    QE[t].rnd = (uint8_t)(o->err_round == 1 ? Q_NEAREST : (o->err_round == 2 ? Q_STOCH : Q_FLOOR));
  }
  init_qparam(&QA[T_X], 0.0f, 1.0f);
  QA[T_X].fixed = 1;
  init_qparam(&QA[T_Z], -4.0f, 4.0f);
  for (int l = 0; l < NLAYERS; l++) {
    /* draw float weights, quantize with their own min/max */
    float sd = init_std(&LY[l]);
    float lo = 0.0f, hi = 0.0f;
    v_rng probe = winit;
    for (uint32_t i = 0; i < LY[l].nw; i++) {
      float v = sd * v_rng_normal(&probe);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    init_qparam(&QW[l], lo, hi);
    QW[l].ema_min = lo;
    QW[l].ema_max = hi;
    QW[l].init = 1;
    for (uint32_t i = 0; i < LY[l].nw; i++) W8[LY[l].woff + i] = quant_round(&QW[l], sd * v_rng_normal(&winit));
    for (uint32_t i = 0; i < LY[l].nb; i++) B32[LY[l].boff + i] = 0;
  }
  memset(GW, 0, sizeof GW);
  memset(GB, 0, sizeof GB);
  memset(NORM, 0, sizeof NORM);
  memset(ROWSEL, 1, sizeof ROWSEL);
  memset(DSUM, 0, sizeof DSUM);
  memset(DMAX, 0, sizeof DMAX);
  memset(DCNT, 0, sizeof DCNT);
}

/* Weight update with gradient standardization, in the quantized domain:
 *   w_f = s_w (w_q - zp_w) - lr (g - mu_r) / sigma_r, per filter/row r,
 * new weight range tracked (alpha_w), w_q' = round(w_f / s_w') + zp_w'. */
static void apply_update(void) {
  const float lr = g_opt.lr, an = g_opt.alpha_norm;
  const int first = !g_norm_init;
  g_norm_init = 1;
  /* pass 1: statistics, DSGU selection, new float weights' range, float biases into GB */
  for (int l = 0; l < NLAYERS; l++) {
    const layer_t *ly = &LY[l];
    uint32_t rows = ly->nb, rl = ly->nw / ly->nb;
    float *nm = NORM + 2u * ly->boff;
    for (uint32_t r = 0; r < rows; r++) gstd_row(GW + ly->woff + r * rl, rl, an, first, &nm[2 * r], &nm[2 * r + 1]);
    /* DSGU: k = max(floor((lmin + |e_mean / e_max| (lmax - lmin)) N), 1) rows with the
     * largest gradient L1 norm */
    uint8_t *sel = ROWSEL + ly->boff;
    uint32_t k = rows;
    if (g_opt.dsgu && rows > 1) {
      float ratio = (DMAX[l] && DCNT[l]) ? ((float)DSUM[l] / (float)DCNT[l]) / (float)DMAX[l] : 1.0f;
      float frac = g_opt.lambda_min + ratio * (g_opt.lambda_max - g_opt.lambda_min);
      int32_t kk = v_floor_i(frac * (float)rows);
      k = kk < 1 ? 1u : (kk > (int32_t)rows ? rows : (uint32_t)kk);
      memset(sel, 0, rows);
      /* selection by repeated maximum (rows <= a few thousand, once per batch) */
      for (uint32_t j = 0; j < k; j++) {
        float best = -1.0f;
        uint32_t bi = 0;
        for (uint32_t r = 0; r < rows; r++) {
          if (sel[r]) continue;
          const float *g = GW + ly->woff + r * rl;
          float s = 0.0f;
          for (uint32_t i = 0; i < rl; i++) s += g[i] < 0.0f ? -g[i] : g[i];
          if (s > best) {
            best = s;
            bi = r;
          }
        }
        sel[bi] = 1;
      }
    } else {
      memset(sel, 1, rows);
    }
    g_rows_total += rows;
    g_rows_updated += k;
    DSUM[l] = DMAX[l] = DCNT[l] = 0;
    /* bias: standardized by the RMS of the layer's bias gradients */
    float rms = 0.0f;
    for (uint32_t r = 0; r < rows; r++) rms += GB[ly->boff + r] * GB[ly->boff + r];
    rms = v_sqrtf(rms / (float)rows) + 1e-12f;
    float bu = bias_unit(l);
    for (uint32_t r = 0; r < rows; r++) {
      float b = (float)B32[ly->boff + r] * bu;
      if (sel[r]) b -= lr * GB[ly->boff + r] / rms;
      GB[ly->boff + r] = b; /* the float bias waits here until the new scales are known */
    }
    /* observe the range of the updated float weights */
    qparam *qw = &QW[l];
    for (uint32_t r = 0; r < rows; r++) {
      float mu = nm[2 * r], sg = v_sqrtf(nm[2 * r + 1]) + 1e-12f;
      const uint8_t *w = W8 + ly->woff + r * rl;
      const float *g = GW + ly->woff + r * rl;
      for (uint32_t i = 0; i < rl; i++) {
        float wf = qw->s * (float)((int32_t)w[i] - qw->zp);
        if (sel[r]) wf -= lr * (g[i] - mu) / sg;
        qparam_observe(qw, wf);
      }
    }
  }
  /* new scales: activations and errors (alpha 0.1), weights (alpha 0.001) */
  qparam old[NLAYERS];
  memcpy(old, QW, sizeof old);
  for (int t = 0; t < NACT; t++) qparam_update(&QA[t], g_opt.alpha_act);
  for (int t = 0; t < NERR; t++) qparam_update(&QE[t], g_opt.alpha_act);
  for (int l = 0; l < NLAYERS; l++) qparam_update(&QW[l], g_opt.alpha_w);
  /* pass 2: requantize weights and biases with the new scales */
  for (int l = 0; l < NLAYERS; l++) {
    const layer_t *ly = &LY[l];
    uint32_t rows = ly->nb, rl = ly->nw / ly->nb;
    const float *nm = NORM + 2u * ly->boff;
    const uint8_t *sel = ROWSEL + ly->boff;
    const qparam *qo = &old[l];
    for (uint32_t r = 0; r < rows; r++) {
      float mu = nm[2 * r], sg = v_sqrtf(nm[2 * r + 1]) + 1e-12f;
      uint8_t *w = W8 + ly->woff + r * rl;
      float *g = GW + ly->woff + r * rl;
      for (uint32_t i = 0; i < rl; i++) {
        float wf = qo->s * (float)((int32_t)w[i] - qo->zp);
        if (sel[r]) wf -= lr * (g[i] - mu) / sg;
        DIAG({
          float z = (g[i] - mu) / sg;
          if (z < 0.0f) z = -z;
          if (sel[r] && z > dg_step_max[l]) dg_step_max[l] = z;
        })
        w[i] = g_opt.w_stoch ? quant_stoch(&QW[l], wf) : quant_round(&QW[l], wf);
        g[i] = 0.0f;
      }
    }
    float bu = bias_unit(l);
    for (uint32_t r = 0; r < rows; r++) {
      float t = GB[ly->boff + r] / bu;
      if (t > 1e9f) t = 1e9f;
      if (t < -1e9f) t = -1e9f;
      B32[ly->boff + r] = v_round_i(t);
      GB[ly->boff + r] = 0.0f;
    }
  }
  g_updates++;
}

static void train_backward(const uint8_t *img) {
  VAE_TRACE(ID_REPARAM, VAE_PH_BWD_BEGIN);
  /* dELBO/dlogits = sigmoid(l) - x, quantized element by element (no float tensor) */
  for (int i = 0; i < VAE_NPIX; i++) {
    float e = v_sigmoid(f_log[i]) - (float)img[i] * (1.0f / 255.0f);
    quantize_err(&e, 1, &QE[E_LOG], g_observe, &qe_log[i]);
  }
  VAE_TRACE(ID_REPARAM, VAE_PH_BWD_END);
  bwd_layer(L_DC2, q_5, 0, qe_log, qe_5, 0);
  bwd_layer(L_DC1, q_4, q_5, qe_5, qe_4, 0);
  bwd_layer(L_DEC, q_z, q_4, qe_4, 0, fe_z);
  reparam_backward(f_head, f_eps, fe_z, fe_head);
  quantize_err(fe_head, VAE_HEAD, &QE[E_HEAD], g_observe, qe_head);
  bwd_layer(L_HEAD, q_h, 0, qe_head, qe_h, 0);
  bwd_layer(L_ENC, q_2, q_h, qe_h, qe_2, 0);
  bwd_layer(L_CONV2, q_1, q_2, qe_2, qe_1, 0);
  bwd_layer(L_CONV1, q_x, q_1, qe_1, 0, 0);
}

void vae_train_sample(const uint8_t *img, vae_loss *loss) {
  g_observe = 1;
  encode(img);
  VAE_TRACE(ID_REPARAM, VAE_PH_FWD_BEGIN);
  reparam(f_head, f_eps, f_z, &g_rng);
  VAE_TRACE(ID_REPARAM, VAE_PH_FWD_END);
  decode();
  float rec = recon_term(f_log, img), kl = kl_term(f_head, f_head + VAE_LATENT);
  DIAG({
    for (int i = 0; i < VAE_LATENT; i++) {
      float lv = f_head[VAE_LATENT + i], am = f_head[i] < 0.0f ? -f_head[i] : f_head[i];
      if (lv < dg_lv_min) dg_lv_min = lv;
      if (lv > dg_lv_max) dg_lv_max = lv;
      if (am > dg_mu_absmax) dg_mu_absmax = am;
    }
    if (kl > dg_kl_max) dg_kl_max = kl;
  })
  train_backward(img);
  g_observe = 0;
  if (loss) {
    loss->recon = rec;
    loss->kl = kl;
    loss->elbo = rec + kl;
  }
  g_steps++;
  if (++g_in_batch >= (uint32_t)g_opt.batch) {
    VAE_TRACE(0, VAE_PH_UPD_BEGIN);
    apply_update();
    VAE_TRACE(0, VAE_PH_UPD_END);
    g_in_batch = 0;
  }
}

void vae_eval_sample(const uint8_t *img, vae_loss *loss) {
  g_observe = 0;
  encode(img);
  reparam(f_head, f_eps, f_z, &g_rng_eval);
  decode();
  loss->recon = recon_term(f_log, img);
  loss->kl = kl_term(f_head, f_head + VAE_LATENT);
  loss->elbo = loss->recon + loss->kl;
}

void vae_encode_mu(const uint8_t *img, float *mu) {
  g_observe = 0;
  encode(img);
  for (int i = 0; i < VAE_LATENT; i++) mu[i] = f_head[i];
}

void vae_decode(const float *z, uint8_t *img) {
  g_observe = 0;
  for (int i = 0; i < VAE_LATENT; i++) f_z[i] = z[i];
  decode();
  for (int i = 0; i < VAE_NPIX; i++) img[i] = (uint8_t)v_round_i(v_sigmoid(f_log[i]) * 255.0f);
}

int vae_dump(vae_write_fn write, void *ctx) {
  uint32_t hdr[8] = {0x5756344Du /* "M4VW" */, 1u, 1u, VAE_LATENT, VAE_FILTERS, NLAYERS, g_steps, 0u};
  if (write(hdr, sizeof hdr, ctx)) return -1;
  for (int l = 0; l < NLAYERS; l++) {
    uint32_t n[2] = {LY[l].nw, LY[l].nb};
    float s = QW[l].s;
    int32_t zp = QW[l].zp;
    float bu = bias_unit(l);
    static const uint8_t pad[4] = {0, 0, 0, 0};
    uint32_t npad = (4u - (LY[l].nw & 3u)) & 3u;
    if (write(n, 8, ctx) || write(&s, 4, ctx) || write(&zp, 4, ctx) || write(&bu, 4, ctx) ||
        write(W8 + LY[l].woff, LY[l].nw, ctx) || (npad && write(pad, npad, ctx)) ||
        write(B32 + LY[l].boff, 4u * LY[l].nb, ctx))
      return -1;
  }
  return 0;
}

#if VAE_DIAG
void vae_diag_read(vae_diag *d) {
  memset(d, 0, sizeof *d);
  d->lv_min = dg_lv_min;
  d->lv_max = dg_lv_max;
  d->mu_absmax = dg_mu_absmax;
  d->kl_max = dg_kl_max;
  for (int t = 0; t < NACT && t < 8; t++) {
    d->act_lo[t] = QA[t].ema_min;
    d->act_hi[t] = QA[t].ema_max;
  }
  for (int t = 0; t < NERR && t < 8; t++) {
    d->err_lo[t] = QE[t].ema_min;
    d->err_hi[t] = QE[t].ema_max;
  }
  for (int l = 0; l < NLAYERS; l++) {
    vae_diag_layer *o = &d->layer[l];
    o->s_w = QW[l].s;
    o->w_lo = dequant(&QW[l], 0);
    o->w_hi = dequant(&QW[l], 255);
    uint32_t sat = 0;
    for (uint32_t i = 0; i < LY[l].nw; i++) sat += W8[LY[l].woff + i] == 0 || W8[LY[l].woff + i] == 255;
    o->sat = (float)sat / (float)LY[l].nw;
    float bu = bias_unit(l);
    o->b_min = 1e30f;
    o->b_max = -1e30f;
    for (uint32_t i = 0; i < LY[l].nb; i++) {
      float b = (float)B32[LY[l].boff + i] * bu;
      if (b < o->b_min) o->b_min = b;
      if (b > o->b_max) o->b_max = b;
    }
    o->step_max = dg_step_max[l];
    dg_step_max[l] = 0.0f;
  }
  dg_lv_min = 1e30f;
  dg_lv_max = -1e30f;
  dg_mu_absmax = dg_kl_max = 0.0f;
}
#endif

/* test access */
qparam *vae_test_qparam_act(int t) { return &QA[t]; }
#endif
