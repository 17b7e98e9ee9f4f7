#include "data.h"

static uint32_t rd16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return rd16(p) | (rd16(p + 2) << 16); }

int vae_data_read_header(FILE *f, vae_data_hdr *h, const char **err) {
  uint8_t b[VAE_DATA_HDR];
  if (fread(b, 1, VAE_DATA_HDR, f) != VAE_DATA_HDR) {
    *err = "data file too short for its 16-byte header";
    return -1;
  }
  if (b[0] != 'M' || b[1] != '4' || b[2] != 'V' || b[3] != 'D') {
    *err = "data file has no M4VD magic";
    return -2;
  }
  if (rd16(b + 4) != 1u) {
    *err = "data file version is not 1";
    return -3;
  }
  h->rows = (uint16_t)rd16(b + 6);
  h->cols = (uint16_t)rd16(b + 8);
  h->classes = (uint16_t)rd16(b + 10);
  h->count = rd32(b + 12);
  if (h->rows != 28 || h->cols != 28) {
    *err = "data file images are not 28x28";
    return -4;
  }
  *err = 0;
  return 0;
}

int vae_data_read_record(FILE *f, uint8_t *label, uint8_t *pixels) {
  if (fread(label, 1, 1, f) != 1) return -1;
  if (fread(pixels, 1, 784, f) != 784) return -1;
  return 0;
}
