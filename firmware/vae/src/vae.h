/*
 * VAE training library: Conv -> Conv -> Dense -> (mu, logvar) -> z -> Dense -> DeConv ->
 * DeConv -> sigmoid, trained on the ELBO one sample at a time with per-batch updates.
 * One build is either fp32 (VAE_U8=0) or fully quantized uint8 (VAE_U8=1), see vae_cfg.h.
 * All state is static; nothing is allocated.
 */
#ifndef VAE_H
#define VAE_H
#include <stdint.h>
#include "vae_cfg.h"

typedef struct {
  float lr;          /* learning rate (published: 0.001) */
  float momentum;    /* fp32: SGD momentum (0 = plain SGD) */
  float alpha_norm;  /* u8: gradient-standardization smoothing rate (0.85 MNIST, 0.7 Fashion) */
  float alpha_act;   /* u8: activation/error range EMA rate (0.1) */
  float alpha_w;     /* u8: weight range EMA rate (0.001) */
  int dsgu;          /* u8: dynamic sparse gradient updates on/off */
  float lambda_min, lambda_max;
  int batch;         /* samples per update (published: 100) */
  int err_round;     /* u8: rounding of error tensors: 0 floor (published), 1 nearest, 2 stochastic */
  int w_stoch;       /* u8: requantize updated weights with stochastic rounding (1) or to nearest (0) */
} vae_opts;

typedef struct {
  float elbo, recon, kl;
} vae_loss;

void vae_default_opts(vae_opts *o);
void vae_init(const vae_opts *o, uint64_t seed);
/* Forward + backward of one sample (784 bytes, 0..255), gradients accumulated; after
 * `batch` samples the update is applied. */
void vae_train_sample(const uint8_t *img, vae_loss *loss);
/* Loss of one sample without training (eps drawn from the separate evaluation stream). */
void vae_eval_sample(const uint8_t *img, vae_loss *loss);
/* Encoder mean (VAE_LATENT floats) of one image, no side effects. */
void vae_encode_mu(const uint8_t *img, float *mu);
/* Decoder: z (VAE_LATENT) -> 784 probabilities as bytes 0..255. */
void vae_decode(const float *z, uint8_t *img);
uint32_t vae_steps(void);   /* samples trained so far */
uint32_t vae_updates(void); /* batch updates applied */
/* Fraction of rows (filters/neurons) updated over all batches so far (DSGU; 1 without). */
float vae_update_fraction(void);

/* Weight dump, format "M4VW" (docs/workload.md). write() returns 0 on success. */
typedef int (*vae_write_fn)(const void *p, uint32_t n, void *ctx);
int vae_dump(vae_write_fn write, void *ctx);

/* Trace hook: layer id (1..8) << 8 | phase, see docs/workload.md. */
#define VAE_PH_FWD_BEGIN 1u
#define VAE_PH_FWD_END 2u
#define VAE_PH_BWD_BEGIN 3u
#define VAE_PH_BWD_END 4u
#define VAE_PH_UPD_BEGIN 5u
#define VAE_PH_UPD_END 6u
#ifdef VAE_TRACE_FN
void VAE_TRACE_FN(uint32_t code);
#define VAE_TRACE(layer, phase) VAE_TRACE_FN(((uint32_t)(layer) << 8) | (phase))
#else
#define VAE_TRACE(layer, phase) ((void)0)
#endif

#if VAE_DIAG
/* Diagnostics (host builds only, -DVAE_DIAG=1; no effect on the trajectory): state of the
 * u8 quantization since the last vae_diag_read. */
typedef struct {
  float s_w, w_lo, w_hi;   /* weight scale and representable range [deq(0), deq(255)] */
  float sat;               /* share of weights at 0 or 255 */
  float b_min, b_max;      /* float biases */
  float step_max;          /* largest |standardized weight step| / lr since the last read */
} vae_diag_layer;
typedef struct {
  float lv_min, lv_max, mu_absmax, kl_max; /* training samples since the last read */
  float act_lo[8], act_hi[8], err_lo[8], err_hi[8]; /* smoothed ranges (ema) */
  vae_diag_layer layer[7];
} vae_diag;
void vae_diag_read(vae_diag *d); /* fills d, resets the since-last-read statistics */
#endif

/* Parameter counts (for tests and the docs). */
uint32_t vae_param_count(void);

#endif
