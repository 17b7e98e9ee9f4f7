/* 64-bit and 32-bit integer arithmetic: mul/div/mod/shift, signed and unsigned,
 * by variables (UDIV/SDIV, __aeabi_ldivmod/uldivmod) and by constants (multiply-high). */
#include <stdint.h>
#include <stdio.h>

extern void initialise_monitor_handles(void);

static const uint64_t U64[] = {0, 1, 2, 3, 7, 10, 0xFFFFFFFFull, 0x100000000ull, 0x123456789ABCDEFull,
                               0x7FFFFFFFFFFFFFFFull, 0x8000000000000000ull, 0xFFFFFFFFFFFFFFFFull,
                               0xDEADBEEFCAFEBABEull, 1000000007ull};
#define N64 (sizeof U64 / sizeof U64[0])
static const uint32_t U32[] = {0, 1, 2, 3, 5, 7, 10, 100, 0x7FFFFFFF, 0x80000000u, 0x80000001u, 0xFFFFFFFFu,
                               0xFFFFFFFEu, 0x12345678u, 0xCAFEBABEu};
#define N32 (sizeof U32 / sizeof U32[0])

static uint32_t h; /* running hash of all results */
static void mix(uint64_t v) {
  h ^= (uint32_t)v;
  h = (h << 5 | h >> 27) * 0x9E3779B1u;
  h ^= (uint32_t)(v >> 32);
  h = (h << 7 | h >> 25) * 0x85EBCA77u;
}

int main(void) {
  initialise_monitor_handles();
  volatile uint64_t *vu = (volatile uint64_t *)U64;
  volatile uint32_t *vw = (volatile uint32_t *)U32;

  for (unsigned i = 0; i < N64; i++) {
    uint64_t a = vu[i];
    int64_t sa = (int64_t)a;
    mix(a * 0x9E3779B97F4A7C15ull);
    mix(a / 10);
    mix(a % 10);
    mix((uint64_t)(sa / 7));
    mix((uint64_t)(sa % 7));
    mix((uint64_t)(sa / -3));
    mix(a / 1000000007ull);
    mix(a >> 1);
    mix(a << 63);
    mix((uint64_t)(sa >> 40));
    for (unsigned j = 0; j < N64; j++) {
      uint64_t b = vu[j];
      int64_t sb = (int64_t)b;
      mix(a * b);
      mix(a + b);
      mix(a - b);
      if (b) {
        mix(a / b);
        mix(a % b);
        if (!(sa == INT64_MIN && sb == -1)) {
          mix((uint64_t)(sa / sb));
          mix((uint64_t)(sa % sb));
        }
      }
      unsigned s = (unsigned)(b & 63);
      mix(a << s);
      mix(a >> s);
      mix((uint64_t)(sa >> s));
      mix((uint64_t)(sa < sb) | (uint64_t)(a < b) << 1);
    }
    if (i < 8) {
      /* newlib-nano's printf has no %ll: print 64-bit values as two 32-bit halves */
      uint64_t q = a / 10, m = a % 10, sq = (uint64_t)(sa / 7);
      printf("u64 %08lx_%08lx /10=%08lx_%08lx %%10=%lu s/7=%08lx_%08lx\n", (unsigned long)(a >> 32),
             (unsigned long)a, (unsigned long)(q >> 32), (unsigned long)q, (unsigned long)m,
             (unsigned long)(sq >> 32), (unsigned long)sq);
    }
  }
  printf("hash64 %08lx\n", (unsigned long)h);

  h = 0;
  for (unsigned i = 0; i < N32; i++) {
    uint32_t a = vw[i];
    int32_t sa = (int32_t)a;
    mix(a / 3);
    mix(a / 10);
    mix(a % 7);
    mix((uint32_t)(sa / 3));
    mix((uint32_t)(sa / -10));
    mix((uint32_t)(sa % 5));
    mix((uint64_t)a * 0xFFFFFFFFu);            /* UMULL */
    mix((uint64_t)((int64_t)sa * -123456789)); /* SMULL */
    for (unsigned j = 0; j < N32; j++) {
      uint32_t b = vw[j];
      int32_t sb = (int32_t)b;
      mix(a * b);
      if (b) {
        mix(a / b);
        mix(a % b);
        if (!(sa == INT32_MIN && sb == -1)) {
          mix((uint32_t)(sa / sb));
          mix((uint32_t)(sa % sb));
        }
      }
      mix((uint64_t)a * b + a); /* UMLAL */
      mix((uint64_t)((int64_t)sa * sb - sa));
      mix(a >> (b & 31));
      mix((uint32_t)(sa >> (b & 31)));
      mix(a << (b & 31));
      mix((a >> (b & 31)) | (a << ((32 - (b & 31)) & 31))); /* ROR */
    }
  }
  printf("hash32 %08lx\n", (unsigned long)h);
  int64_t half = (int64_t)vu[11] / 2;
  printf("misc %ld %lu %08lx_%08lx\n", (long)((int32_t)vw[11] / 2), (unsigned long)(vw[11] / 2),
         (unsigned long)((uint64_t)half >> 32), (unsigned long)half);
  return 0;
}
