/*
 * Packed image data set, format "M4VD" version 1 (little-endian), see docs/workload.md:
 *   0  char[4] magic "M4VD"
 *   4  u16 version (1)
 *   6  u16 rows (28)
 *   8  u16 cols (28)
 *   10 u16 classes (10)
 *   12 u32 count
 *   16 count records of 1 + rows*cols bytes: label, then pixels row-major (0..255)
 */
#ifndef VAE_DATA_H
#define VAE_DATA_H
#include <stdint.h>
#include <stdio.h>

#define VAE_DATA_HDR 16u
#define VAE_DATA_REC 785u

typedef struct {
  uint16_t rows, cols, classes;
  uint32_t count;
} vae_data_hdr;

/* Reads and checks the header. Returns 0 or a negative error code; *err names it. */
int vae_data_read_header(FILE *f, vae_data_hdr *h, const char **err);
/* Reads the next record; returns 0 at success, -1 at end of file/error. */
int vae_data_read_record(FILE *f, uint8_t *label, uint8_t *pixels);

#endif
