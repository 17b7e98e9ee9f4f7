/*
 * Layer primitives. Tensors are HWC (channel fastest). Conv and transposed-conv weights
 * are stored [out_ch][ky][kx][in_ch]; dense weights [out][in].
 *
 * Conv2D:      in[iy] contributes to out[oy] when iy = oy*s - p + ky
 * ConvT (the decoder's DeConv): in[iy] contributes to out[oy] when oy = iy*s - p + ky
 * Every pass (forward, error propagation, weight gradient) is written as a gather over
 * output positions, so the same index map serves both layer types.
 */
#ifndef VAE_LAYERS_H
#define VAE_LAYERS_H
#include <stdint.h>

typedef struct {
  uint16_t ih, iw, ic; /* input  height, width, channels */
  uint16_t oh, ow, oc; /* output height, width, channels */
  uint8_t k, s, p;     /* kernel, stride, padding */
  uint8_t transposed;  /* 0: Conv2D, 1: transposed Conv2D */
} conv_geom;

/* Input coordinate feeding output coordinate o through kernel tap k, or -1. */
static inline int conv_src(const conv_geom *g, int o, int k, int n_in) {
  if (!g->transposed) {
    int i = o * g->s - g->p + k;
    return (i >= 0 && i < n_in) ? i : -1;
  }
  int t = o + g->p - k;
  if (t < 0 || (t % g->s) != 0) return -1;
  t /= g->s;
  return t < n_in ? t : -1;
}

/* Output coordinate that input coordinate i feeds through tap k, or -1 (inverse map). */
static inline int conv_dst(const conv_geom *g, int i, int k, int n_out) {
  if (g->transposed) {
    int o = i * g->s - g->p + k;
    return (o >= 0 && o < n_out) ? o : -1;
  }
  int t = i + g->p - k;
  if (t < 0 || (t % g->s) != 0) return -1;
  t /= g->s;
  return t < n_out ? t : -1;
}

static inline uint32_t conv_wcount(const conv_geom *g) {
  return (uint32_t)g->oc * g->k * g->k * g->ic;
}

/* ---- fp32 ---- */
void conv_f32_forward(const conv_geom *g, const float *x, const float *w, const float *b, float *y);
/* dx may be 0 (first layer). gw/gb accumulate (+=). */
void conv_f32_backward(const conv_geom *g, const float *x, const float *w, const float *dy,
                       float *dx, float *gw, float *gb);
void dense_f32_forward(int ni, int no, const float *x, const float *w, const float *b, float *y);
void dense_f32_backward(int ni, int no, const float *x, const float *w, const float *dy, float *dx,
                        float *gw, float *gb);
void leaky_f32_forward(float *y, int n, float alpha);
/* dy *= f'(.) where f' is taken from the activation output y */
void leaky_f32_backward(const float *y, float *dy, int n, float alpha);

#endif
