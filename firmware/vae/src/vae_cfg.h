/*
 * Compile-time configuration of the VAE training library.
 *
 *   VAE_U8       0: fp32 training, 1: fully quantized uint8 training (TCAD 2025 method)
 *   VAE_LATENT   latent dimension (baseline 10, "latent" variant 40)
 *   VAE_FILTERS  multiplier of conv/deconv filters (baseline 1, "filters" variant 2)
 *   VAE_CLASSES  1: larger classifier ("classes" variant, hidden width 54 instead of 18)
 *
 * Buffer placement: on the target the static buffers go to the linker sections
 * .weights .grads .activations .errors (firmware/common/sections.ld) so their sizes
 * can be read from the ELF section headers; on the host the macros expand to nothing.
 */
#ifndef VAE_CFG_H
#define VAE_CFG_H

#ifndef VAE_U8
#define VAE_U8 0
#endif
#ifndef VAE_LATENT
#define VAE_LATENT 10
#endif
#ifndef VAE_FILTERS
#define VAE_FILTERS 1
#endif
#ifndef VAE_DIAG
#define VAE_DIAG 0 /* 1: diagnostics (vae_diag_read), host builds */
#endif

#if defined(__arm__) && !defined(VAE_NO_SECTIONS)
#define VAE_SEC_WEIGHTS __attribute__((section(".weights"), aligned(8)))
#define VAE_SEC_GRADS __attribute__((section(".grads"), aligned(8)))
#define VAE_SEC_ACTS __attribute__((section(".activations"), aligned(8)))
#define VAE_SEC_ERRORS __attribute__((section(".errors"), aligned(8)))
#else
#define VAE_SEC_WEIGHTS
#define VAE_SEC_GRADS
#define VAE_SEC_ACTS
#define VAE_SEC_ERRORS
#endif

/* Architecture (see docs/workload.md). Input 28x28x1, HWC layout everywhere. */
#define VAE_IMG 28
#define VAE_NPIX (VAE_IMG * VAE_IMG)
#define VAE_C1 (8 * VAE_FILTERS)   /* conv1: 1 -> C1, 3x3 stride 2 pad 1: 28 -> 14 */
#define VAE_C2 (16 * VAE_FILTERS)  /* conv2: C1 -> C2, 3x3 stride 2 pad 1: 14 -> 7 */
#define VAE_S1 14
#define VAE_S2 7
#define VAE_FLAT (VAE_S2 * VAE_S2 * VAE_C2)
#define VAE_HID 36                 /* encoder dense: FLAT -> HID, leaky ReLU */
#define VAE_HEAD (2 * VAE_LATENT)  /* head: HID -> (mu, logvar) */
/* decoder: dense LATENT -> FLAT (leaky ReLU), deconv C2 -> C1 (7 -> 14, leaky ReLU),
 * deconv C1 -> 1 (14 -> 28), logits -> sigmoid */
#define VAE_K 3
#define VAE_STRIDE 2
#define VAE_PAD 1

/* Bounds of the encoder's logvar output (docs/workload.md, "logvar bounds"). The sampled
 * posterior uses clamp(lv) (z = mu + exp(clamp(lv) / 2) eps); the KL term is exact inside
 * [VAE_LV_MIN, VAE_LV_MAX] and continues as its tangent outside, so the loss, its reported
 * value and its gradient are one function and d KL / d lv stays within
 * [-1/2, (exp(VAE_LV_MAX) - 1) / 2]. u8: the gradient goes into the u8 error tensor of the
 * head (one range for mu and logvar), so VAE_LV_MAX = 2 keeps it at most 3.2 (the tensor's
 * normal range is about +-50) and the posterior standard deviation at most e (the prior's
 * is 1); at 16, a single sample's gradient of 4.4e6 set that range and the u8 training
 * diverged. fp32 keeps 16 (inert there: no logvar reaches it). */
#ifndef VAE_LV_MIN
#define VAE_LV_MIN (-16.0f)
#endif
#ifndef VAE_LV_MAX
#if VAE_U8
#define VAE_LV_MAX 2.0f
#else
#define VAE_LV_MAX 16.0f
#endif
#endif

#define VAE_BATCH 100
#define VAE_LEAKY 0.125f

/* Classifier on the frozen encoder's mu: LATENT -> CLS_HID (ReLU) -> 10, softmax.
 * VAE_CLASSES=1 is the "classes" variant (larger classifier): hidden width 54 instead of 18
 * (388 -> 1,144 parameters; +756 x 16 bytes = +12.1 kB in fp32, as the published table). */
#ifndef VAE_CLASSES
#define VAE_CLASSES 0
#endif
#ifndef CLS_HID
#define CLS_HID (VAE_CLASSES ? 54 : 18)
#endif
#define CLS_OUT 10

#endif
