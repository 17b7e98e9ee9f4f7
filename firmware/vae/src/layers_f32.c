#include "layers.h"

void conv_f32_forward(const conv_geom *g, const float *x, const float *w, const float *b, float *y) {
  const int k = g->k, ic = g->ic, oc = g->oc;
  for (int oy = 0; oy < g->oh; oy++) {
    for (int ox = 0; ox < g->ow; ox++) {
      float *yo = y + ((uint32_t)oy * g->ow + (uint32_t)ox) * (uint32_t)oc;
      for (int o = 0; o < oc; o++) {
        float acc = b[o];
        for (int ky = 0; ky < k; ky++) {
          int iy = conv_src(g, oy, ky, g->ih);
          if (iy < 0) continue;
          for (int kx = 0; kx < k; kx++) {
            int ix = conv_src(g, ox, kx, g->iw);
            if (ix < 0) continue;
            const float *xi = x + ((uint32_t)iy * g->iw + (uint32_t)ix) * (uint32_t)ic;
            const float *wi = w + (((uint32_t)o * k + (uint32_t)ky) * k + (uint32_t)kx) * (uint32_t)ic;
            for (int c = 0; c < ic; c++) acc += xi[c] * wi[c];
          }
        }
        yo[o] = acc;
      }
    }
  }
}

void conv_f32_backward(const conv_geom *g, const float *x, const float *w, const float *dy,
                       float *dx, float *gw, float *gb) {
  const int k = g->k, ic = g->ic, oc = g->oc;
  /* weight and bias gradient: gather over output positions */
  for (int oy = 0; oy < g->oh; oy++) {
    for (int ox = 0; ox < g->ow; ox++) {
      const float *d = dy + ((uint32_t)oy * g->ow + (uint32_t)ox) * (uint32_t)oc;
      for (int o = 0; o < oc; o++) gb[o] += d[o];
      for (int ky = 0; ky < k; ky++) {
        int iy = conv_src(g, oy, ky, g->ih);
        if (iy < 0) continue;
        for (int kx = 0; kx < k; kx++) {
          int ix = conv_src(g, ox, kx, g->iw);
          if (ix < 0) continue;
          const float *xi = x + ((uint32_t)iy * g->iw + (uint32_t)ix) * (uint32_t)ic;
          for (int o = 0; o < oc; o++) {
            float e = d[o];
            if (e == 0.0f) continue;
            float *gwi = gw + (((uint32_t)o * k + (uint32_t)ky) * k + (uint32_t)kx) * (uint32_t)ic;
            for (int c = 0; c < ic; c++) gwi[c] += e * xi[c];
          }
        }
      }
    }
  }
  if (!dx) return;
  /* error propagation: gather over input positions through the inverse map */
  for (int iy = 0; iy < g->ih; iy++) {
    for (int ix = 0; ix < g->iw; ix++) {
      float *dxi = dx + ((uint32_t)iy * g->iw + (uint32_t)ix) * (uint32_t)ic;
      for (int c = 0; c < ic; c++) dxi[c] = 0.0f;
      for (int ky = 0; ky < k; ky++) {
        int oy = conv_dst(g, iy, ky, g->oh);
        if (oy < 0) continue;
        for (int kx = 0; kx < k; kx++) {
          int ox = conv_dst(g, ix, kx, g->ow);
          if (ox < 0) continue;
          const float *d = dy + ((uint32_t)oy * g->ow + (uint32_t)ox) * (uint32_t)oc;
          for (int o = 0; o < oc; o++) {
            float e = d[o];
            const float *wi = w + (((uint32_t)o * k + (uint32_t)ky) * k + (uint32_t)kx) * (uint32_t)ic;
            for (int c = 0; c < ic; c++) dxi[c] += e * wi[c];
          }
        }
      }
    }
  }
}

void dense_f32_forward(int ni, int no, const float *x, const float *w, const float *b, float *y) {
  for (int o = 0; o < no; o++) {
    const float *wr = w + (uint32_t)o * (uint32_t)ni;
    float acc = b[o];
    for (int i = 0; i < ni; i++) acc += wr[i] * x[i];
    y[o] = acc;
  }
}

void dense_f32_backward(int ni, int no, const float *x, const float *w, const float *dy, float *dx,
                        float *gw, float *gb) {
  for (int o = 0; o < no; o++) {
    float e = dy[o];
    gb[o] += e;
    if (e == 0.0f) continue;
    float *g = gw + (uint32_t)o * (uint32_t)ni;
    for (int i = 0; i < ni; i++) g[i] += e * x[i];
  }
  if (!dx) return;
  for (int i = 0; i < ni; i++) dx[i] = 0.0f;
  for (int o = 0; o < no; o++) {
    float e = dy[o];
    const float *wr = w + (uint32_t)o * (uint32_t)ni;
    for (int i = 0; i < ni; i++) dx[i] += e * wr[i];
  }
}

void leaky_f32_forward(float *y, int n, float alpha) {
  for (int i = 0; i < n; i++)
    if (y[i] < 0.0f) y[i] *= alpha;
}

void leaky_f32_backward(const float *y, float *dy, int n, float alpha) {
  for (int i = 0; i < n; i++)
    if (y[i] < 0.0f) dy[i] *= alpha;
}
