/* Bit manipulation: CRC-32 (bitwise and table), CRC-16, CLZ/RBIT/REV/REV16/REVSH,
 * popcount, bitfields in structs, rotates. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

extern void initialise_monitor_handles(void);

static uint32_t crc32_bitwise(const uint8_t *p, unsigned n) {
  uint32_t c = 0xFFFFFFFFu;
  while (n--) {
    c ^= *p++;
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & -(c & 1u));
  }
  return ~c;
}

static uint32_t table[256];
static uint32_t crc32_table(const uint8_t *p, unsigned n) {
  uint32_t c = 0xFFFFFFFFu;
  while (n--) c = table[(c ^ *p++) & 0xFF] ^ (c >> 8);
  return ~c;
}

static uint16_t crc16_ccitt(const uint8_t *p, unsigned n) {
  uint16_t c = 0xFFFF;
  while (n--) {
    c ^= (uint16_t)(*p++ << 8);
    for (int k = 0; k < 8; k++) c = (c & 0x8000) ? (uint16_t)((c << 1) ^ 0x1021) : (uint16_t)(c << 1);
  }
  return c;
}

static inline uint32_t rbit(uint32_t x) {
  uint32_t r;
  __asm("rbit %0, %1" : "=r"(r) : "r"(x));
  return r;
}
static inline int32_t revsh(int32_t x) {
  int32_t r;
  __asm("revsh %0, %1" : "=r"(r) : "r"(x));
  return r;
}

struct packed_fields {
  uint32_t a : 3;
  int32_t b : 5;
  uint32_t c : 11;
  int32_t d : 13;
};

struct flags {
  unsigned ready : 1, error : 1, mode : 2, count : 4;
  signed level : 6;
  unsigned : 2;
  unsigned id : 16;
};

static uint32_t raw32(const volatile void *p) {
  uint32_t u;
  memcpy(&u, (const void *)p, 4);
  return u;
}

int main(void) {
  initialise_monitor_handles();
  static const uint8_t msg[] = "123456789";
  for (unsigned i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & -(c & 1u));
    table[i] = c;
  }
  printf("crc32 %08lx %08lx crc16 %04x\n", (unsigned long)crc32_bitwise(msg, 9), (unsigned long)crc32_table(msg, 9),
         crc16_ccitt(msg, 9));

  static uint8_t big[1024];
  for (unsigned i = 0; i < sizeof big; i++) big[i] = (uint8_t)(i * 7 + (i >> 3));
  printf("crc32 big %08lx\n", (unsigned long)crc32_table(big, sizeof big));

  static const uint32_t vals[] = {0, 1, 0x80000000u, 0x0000FFFFu, 0x12345678u, 0xF0F0F0F0u, 0xFFFFFFFFu, 0x00010000u,
                                  0x000080FFu};
  volatile const uint32_t *vv = vals;
  for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
    uint32_t x = vv[i];
    printf("%08lx clz=%d rbit=%08lx rev=%08lx rev16=%08lx revsh=%08lx pop=%d ctz=%d ror13=%08lx\n", (unsigned long)x,
           x ? __builtin_clz(x) : 32, (unsigned long)rbit(x), (unsigned long)__builtin_bswap32(x),
           (unsigned long)((x >> 8 & 0x00FF00FFu) | (x << 8 & 0xFF00FF00u)), (unsigned long)revsh((int32_t)x),
           __builtin_popcount(x), x ? __builtin_ctz(x) : 32, (unsigned long)((x >> 13) | (x << 19)));
  }

  volatile struct packed_fields pf = {0};
  int32_t acc = 0;
  for (int i = 0; i < 40; i++) {
    pf.a = (uint32_t)i;
    pf.b = i - 20;
    pf.c = (uint32_t)(i * 97);
    pf.d = -i * 211;
    acc = acc * 3 + (int32_t)pf.a + pf.b + (int32_t)pf.c + pf.d;
  }
  printf("bitfields acc=%ld raw=%08lx\n", (long)acc, (unsigned long)raw32((const volatile void *)&pf));

  volatile struct flags f = {0};
  f.ready = 1;
  f.mode = 3;
  f.count = 9;
  f.level = -17;
  f.id = 0xBEEF;
  f.count += 8; /* wraps mod 16 */
  printf("flags ready=%u err=%u mode=%u count=%u level=%d id=%04x raw=%08lx\n", f.ready, f.error, f.mode, f.count,
         f.level, f.id, (unsigned long)raw32((const volatile void *)&f));
  return 0;
}
