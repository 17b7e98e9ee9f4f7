/*
 * Classifier on the frozen encoder's mu: Dense(LATENT -> CLS_HID, ReLU) -> Dense(-> 10),
 * softmax cross-entropy, float32 in both builds. Features are standardized with the
 * mean and standard deviation of the labelled training subset. Adam (lr 0.01, betas
 * 0.9/0.999), mini-batch 10, shuffled each epoch with a seeded PRNG.
 */
#ifndef VAE_CLS_H
#define VAE_CLS_H
#include <stdint.h>
#include "vae_cfg.h"

void cls_train(const float *feat, const uint8_t *labels, int n, int epochs, uint64_t seed);
int cls_predict(const float *feat);
float cls_accuracy(const float *feat, const uint8_t *labels, int n);
uint32_t cls_param_count(void);

#endif
