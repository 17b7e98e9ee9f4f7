/*
 * Classifier on the frozen encoder's mu: Dense(LATENT -> CLS_HID, ReLU) -> Dense(-> 10),
 * softmax cross-entropy, float32 in both builds. Features are standardized with the
 * mean and standard deviation of the labelled training subset. Adam (lr 0.01, betas
 * 0.9/0.999), mini-batch 10, shuffled each epoch with a seeded PRNG.
 */
#ifndef VAE_CLS_H
#define VAE_CLS_H
#include <stdint.h>
#include <stdio.h>
#include "vae_cfg.h"

void cls_train(const float *feat, const uint8_t *labels, int n, int epochs, uint64_t seed);
int cls_predict(const float *feat);
float cls_accuracy(const float *feat, const uint8_t *labels, int n);
uint32_t cls_param_count(void);

/* The classifier phase as the firmware runs it (same code in vae-host --cls-phase): from the
 * M4VD file f (positioned after the header), take the first per_class images of each class
 * (at most CLS_PHASE_MAX in all) as the labelled subset, encode their mu with the frozen
 * encoder, train the classifier `epochs` epochs, then classify the next `eval_n` images of the
 * file (held out: never in the subset). Returns 0, or -1 if the file ends first. */
#define CLS_PHASE_MAX 100
typedef struct {
  uint32_t n_lab, lab_correct, n_eval, eval_correct;
} cls_phase_result;
int cls_phase(FILE *f, uint32_t per_class, uint32_t epochs, uint32_t eval_n, uint64_t seed, cls_phase_result *r);

#endif
