/* Test fixture for `m4sim check`: a deliberately slowed VAE firmware. Linked with
 * -Wl,--wrap=dense_f32_backward, it adds a delay loop to the encoder dense layer's backward
 * pass only (the call with no == VAE_HID outputs); every other layer is unchanged. */
void __real_dense_f32_backward(int ni, int no, const float *x, const float *w, const float *dy, float *dx, float *gw,
                               float *gb);

void __wrap_dense_f32_backward(int ni, int no, const float *x, const float *w, const float *dy, float *dx, float *gw,
                               float *gb) {
  if (no == 36)
    for (volatile int i = 0; i < 20000; i++) {
    }
  __real_dense_f32_backward(ni, no, x, w, dy, dx, gw, gb);
}
