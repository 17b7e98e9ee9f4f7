#include "cls.h"
#include <string.h>
#include "data.h"
#include "layers.h"
#include "vae.h"
#include "vmath.h"

#define CIN VAE_LATENT
#define NW1 (CLS_HID * CIN)
#define NW2 (CLS_OUT * CLS_HID)
#define NP (NW1 + CLS_HID + NW2 + CLS_OUT)
#define CLS_BATCH 10
#define CLS_LR 0.01f
#ifndef CLS_MAXN
#if defined(__arm__)
#define CLS_MAXN CLS_PHASE_MAX /* the firmware trains on at most CLS_PHASE_MAX samples */
#else
#define CLS_MAXN 4096
#endif
#endif

static float cp[NP] VAE_SEC_WEIGHTS;
static float cg[NP] VAE_SEC_GRADS;
static float cm[NP] VAE_SEC_GRADS;
static float cv[NP] VAE_SEC_GRADS;
static float fmean[CIN] VAE_SEC_WEIGHTS, fstd[CIN] VAE_SEC_WEIGHTS;
static float cx[CIN] VAE_SEC_ACTS, ch[CLS_HID] VAE_SEC_ACTS, co[CLS_OUT] VAE_SEC_ACTS;
static float dh[CLS_HID] VAE_SEC_ERRORS, dout[CLS_OUT] VAE_SEC_ERRORS;
static uint16_t order[CLS_MAXN];

uint32_t cls_param_count(void) { return NP; }

static void forward(const float *feat) {
  for (int i = 0; i < CIN; i++) cx[i] = (feat[i] - fmean[i]) / fstd[i];
  dense_f32_forward(CIN, CLS_HID, cx, cp, cp + NW1, ch);
  for (int i = 0; i < CLS_HID; i++)
    if (ch[i] < 0.0f) ch[i] = 0.0f;
  dense_f32_forward(CLS_HID, CLS_OUT, ch, cp + NW1 + CLS_HID, cp + NW1 + CLS_HID + NW2, co);
}

int cls_predict(const float *feat) {
  forward(feat);
  int best = 0;
  for (int i = 1; i < CLS_OUT; i++)
    if (co[i] > co[best]) best = i;
  return best;
}

float cls_accuracy(const float *feat, const uint8_t *labels, int n) {
  int ok = 0;
  for (int i = 0; i < n; i++) ok += cls_predict(feat + (uint32_t)i * CIN) == labels[i];
  return n ? (float)ok / (float)n : 0.0f;
}

void cls_train(const float *feat, const uint8_t *labels, int n, int epochs, uint64_t seed) {
  v_rng r;
  v_rng_seed(&r, seed, 7u);
  if (n > CLS_MAXN) n = CLS_MAXN;
  /* feature standardization */
  for (int j = 0; j < CIN; j++) {
    float m = 0.0f, v = 0.0f;
    for (int i = 0; i < n; i++) m += feat[(uint32_t)i * CIN + j];
    m = m / (float)n;
    for (int i = 0; i < n; i++) {
      float d = feat[(uint32_t)i * CIN + j] - m;
      v += d * d;
    }
    fmean[j] = m;
    fstd[j] = v_sqrtf(v / (float)n) + 1e-6f;
  }
  /* He init */
  float s1 = v_sqrtf(2.0f / (float)CIN), s2 = v_sqrtf(2.0f / (float)CLS_HID);
  for (int i = 0; i < NW1; i++) cp[i] = s1 * v_rng_normal(&r);
  for (int i = 0; i < CLS_HID; i++) cp[NW1 + i] = 0.0f;
  for (int i = 0; i < NW2; i++) cp[NW1 + CLS_HID + i] = s2 * v_rng_normal(&r);
  for (int i = 0; i < CLS_OUT; i++) cp[NW1 + CLS_HID + NW2 + i] = 0.0f;
  memset(cg, 0, sizeof cg);
  memset(cm, 0, sizeof cm);
  memset(cv, 0, sizeof cv);
  for (int i = 0; i < n; i++) order[i] = (uint16_t)i;
  float b1t = 1.0f, b2t = 1.0f;
  for (int ep = 0; ep < epochs; ep++) {
    for (int i = n - 1; i > 0; i--) {
      uint32_t j = v_rng_below(&r, (uint32_t)i + 1u);
      uint16_t t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (int b0 = 0; b0 < n; b0 += CLS_BATCH) {
      int bn = n - b0 < CLS_BATCH ? n - b0 : CLS_BATCH;
      for (int bi = 0; bi < bn; bi++) {
        int idx = order[b0 + bi];
        forward(feat + (uint32_t)idx * CIN);
        float mx = co[0];
        for (int k = 1; k < CLS_OUT; k++)
          if (co[k] > mx) mx = co[k];
        float sum = 0.0f;
        for (int k = 0; k < CLS_OUT; k++) {
          dout[k] = v_expf(co[k] - mx);
          sum += dout[k];
        }
        for (int k = 0; k < CLS_OUT; k++) dout[k] = dout[k] / sum - (k == labels[idx] ? 1.0f : 0.0f);
        dense_f32_backward(CLS_HID, CLS_OUT, ch, cp + NW1 + CLS_HID, dout, dh, cg + NW1 + CLS_HID,
                           cg + NW1 + CLS_HID + NW2);
        for (int k = 0; k < CLS_HID; k++)
          if (ch[k] <= 0.0f) dh[k] = 0.0f;
        dense_f32_backward(CIN, CLS_HID, cx, cp, dh, 0, cg, cg + NW1);
      }
      b1t *= 0.9f;
      b2t *= 0.999f;
      float inv = 1.0f / (float)bn;
      for (int i = 0; i < NP; i++) {
        float g = cg[i] * inv;
        cm[i] = 0.9f * cm[i] + 0.1f * g;
        cv[i] = 0.999f * cv[i] + 0.001f * g * g;
        float mh = cm[i] / (1.0f - b1t), vh = cv[i] / (1.0f - b2t);
        cp[i] -= CLS_LR * mh / (v_sqrtf(vh) + 1e-8f);
        cg[i] = 0.0f;
      }
    }
  }
}

/* The labelled subset's features and labels: data, like the images the firmware reads over
 * semihosting, so outside the four measured sections (.bss). */
static float ph_feat[CLS_PHASE_MAX * CIN];
static uint8_t ph_lab[CLS_PHASE_MAX];
static uint8_t ph_img[VAE_NPIX];

int cls_phase(FILE *f, uint32_t per_class, uint32_t epochs, uint32_t eval_n, uint64_t seed, cls_phase_result *r) {
  uint32_t cnt[CLS_OUT], n = 0;
  memset(cnt, 0, sizeof cnt);
  memset(r, 0, sizeof *r);
  if (per_class * CLS_OUT > CLS_PHASE_MAX) per_class = CLS_PHASE_MAX / CLS_OUT;
  while (n < per_class * CLS_OUT) {
    uint8_t label;
    if (vae_data_read_record(f, &label, ph_img)) return -1;
    if (label >= CLS_OUT || cnt[label] >= per_class) continue;
    cnt[label]++;
    vae_encode_mu(ph_img, ph_feat + n * CIN);
    ph_lab[n++] = label;
  }
  cls_train(ph_feat, ph_lab, (int)n, (int)epochs, seed);
  r->n_lab = n;
  for (uint32_t i = 0; i < n; i++) r->lab_correct += cls_predict(ph_feat + i * CIN) == ph_lab[i];
  float mu[CIN];
  for (uint32_t i = 0; i < eval_n; i++) {
    uint8_t label;
    if (vae_data_read_record(f, &label, ph_img)) return -1;
    vae_encode_mu(ph_img, mu);
    r->eval_correct += cls_predict(mu) == label;
    r->n_eval++;
  }
  return 0;
}
