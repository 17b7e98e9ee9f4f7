/* qsort, string functions and memcpy/memmove/memset/strlen/strcmp on odd sizes and alignments. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void initialise_monitor_handles(void);

static uint32_t rng = 12345;
static uint32_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

struct rec {
  char name[12];
  int16_t key;
  uint8_t pad;
};
static int cmp_rec(const void *a, const void *b) {
  const struct rec *x = a, *y = b;
  if (x->key != y->key) return x->key - y->key;
  return strcmp(x->name, y->name);
}

static uint32_t sum_bytes(const void *p, size_t n) {
  const uint8_t *b = p;
  uint32_t s = 0;
  for (size_t i = 0; i < n; i++) s = s * 31 + b[i];
  return s;
}

static int ints[600];
static struct rec recs[64];
static uint8_t buf1[300], buf2[300];

int main(void) {
  initialise_monitor_handles();
  for (int i = 0; i < 600; i++) ints[i] = (int)(next() % 2001) - 1000;
  qsort(ints, 600, sizeof ints[0], cmp_int);
  int sorted = 1;
  for (int i = 1; i < 600; i++) sorted &= ints[i - 1] <= ints[i];
  printf("ints sorted=%d min=%d med=%d max=%d hash=%08lx\n", sorted, ints[0], ints[300], ints[599],
         (unsigned long)sum_bytes(ints, sizeof ints));

  static const char *words[] = {"pear", "apple", "fig", "banana", "kiwi", "apricot", "cherry", "date",
                                "elderberry", "grape", "apple pie", "Zebra", "", "a"};
  size_t nw = sizeof words / sizeof words[0];
  qsort(words, nw, sizeof words[0], cmp_str);
  for (size_t i = 0; i < nw; i++) printf("%s%s", words[i], i + 1 < nw ? "," : "\n");

  for (int i = 0; i < 64; i++) {
    recs[i].key = (int16_t)(next() % 9) - 4;
    snprintf(recs[i].name, sizeof recs[i].name, "r%02u-%lu", (unsigned)i, (unsigned long)(next() % 1000));
  }
  qsort(recs, 64, sizeof recs[0], cmp_rec);
  printf("recs first=%s/%d last=%s/%d\n", recs[0].name, recs[0].key, recs[63].name, recs[63].key);

  uint32_t h = 0;
  for (int i = 0; i < 300; i++) buf1[i] = (uint8_t)next();
  for (size_t off = 0; off < 4; off++)
    for (size_t doff = 0; doff < 4; doff++)
      for (size_t n = 0; n < 70; n += 3) {
        memset(buf2, 0xA5, sizeof buf2);
        memcpy(buf2 + doff, buf1 + off, n);
        h = h * 17 + sum_bytes(buf2, 80);
      }
  printf("memcpy hash %08lx\n", (unsigned long)h);
  h = 0;
  for (size_t n = 0; n < 50; n += 7) {
    memcpy(buf2, buf1, 128);
    memmove(buf2 + 3, buf2, n);
    memmove(buf2 + 40, buf2 + 45, n);
    memset(buf2 + 60 + (n & 3), (int)n, n);
    h = h * 13 + sum_bytes(buf2, 128);
  }
  printf("memmove hash %08lx\n", (unsigned long)h);

  char s[64];
  strcpy(s, "The quick brown fox");
  strcat(s, " jumps");
  printf("strlen %u strchr %s strrchr %s strstr %s\n", (unsigned)strlen(s), strchr(s, 'q'), strrchr(s, 'o'),
         strstr(s, "fox"));
  printf("strcmp %d %d %d strncmp %d memcmp %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0,
         strcmp("same", "same"), strncmp("abcdef", "abcxyz", 3), memcmp(buf1, buf1 + 1, 0));
  char num[32];
  snprintf(num, sizeof num, "%d|%5s|%-4d|%x", -17, "ab", 9, 255u);
  printf("snprintf [%s] atoi %d strtol %ld\n", num, atoi("  -1234xyz"), strtol("0x7fff", 0, 16));
  return 0;
}
