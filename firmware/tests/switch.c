/* Dense switch statements (TBB / TBH tables at -O2/-Os) and a sparse one. */
#include <stdint.h>
#include <stdio.h>

extern void initialise_monitor_handles(void);

static int __attribute__((noinline)) small_switch(unsigned x) {
  switch (x) {
  case 0: return 11;
  case 1: return 23;
  case 2: return 37;
  case 3: return 41;
  case 4: return 59;
  case 5: return 61;
  case 6: return 73;
  case 7: return 89;
  case 8: return 97;
  case 9: return 101;
  default: return -1;
  }
}

/* Far-apart cases with long bodies: forces halfword offsets (TBH). */
#define BODY(n)                                                                                  \
  do {                                                                                           \
    v = v * (n) + 7;                                                                             \
    v ^= v >> 3;                                                                                 \
    v = v * 2654435761u + (n);                                                                   \
    v ^= v << 5;                                                                                 \
    v = v * 40503u + (n) * 3;                                                                    \
    v ^= v >> 11;                                                                                \
    v = v * 69069u + 1;                                                                          \
    v ^= v >> 7;                                                                                 \
    v = v * 1103515245u + 12345;                                                                 \
    v ^= v << 9;                                                                                 \
    v = v * (n + 17) + 99;                                                                       \
    v ^= v >> 13;                                                                                \
  } while (0)

static uint32_t __attribute__((noinline)) big_switch(unsigned x, uint32_t v) {
  switch (x) {
  case 0: BODY(1); BODY(2); BODY(3); BODY(4); break;
  case 1: BODY(5); BODY(6); BODY(7); BODY(8); break;
  case 2: BODY(9); BODY(10); BODY(11); BODY(12); break;
  case 3: BODY(13); BODY(14); BODY(15); BODY(16); break;
  case 4: BODY(17); BODY(18); BODY(19); BODY(20); break;
  case 5: BODY(21); BODY(22); BODY(23); BODY(24); break;
  case 6: BODY(25); BODY(26); BODY(27); BODY(28); break;
  case 7: BODY(29); BODY(30); BODY(31); BODY(32); break;
  case 8: BODY(33); BODY(34); BODY(35); BODY(36); break;
  case 9: BODY(37); BODY(38); BODY(39); BODY(40); break;
  case 10: BODY(41); BODY(42); BODY(43); BODY(44); break;
  case 11: BODY(45); BODY(46); BODY(47); BODY(48); break;
  case 12: BODY(49); BODY(50); BODY(51); BODY(52); break;
  case 13: BODY(53); BODY(54); BODY(55); BODY(56); break;
  case 14: BODY(57); BODY(58); BODY(59); BODY(60); break;
  case 15: BODY(61); BODY(62); BODY(63); BODY(64); break;
  default: v = ~v; break;
  }
  return v;
}

static int __attribute__((noinline)) sparse_switch(int x) {
  switch (x) {
  case -1000: return 1;
  case -7: return 2;
  case 0: return 3;
  case 13: return 4;
  case 1024: return 5;
  case 65537: return 6;
  case 0x7FFFFFFF: return 7;
  default: return 0;
  }
}

/* A small state machine driven by characters. */
static int __attribute__((noinline)) lex(const char *s) {
  enum { START, INT, FRAC, EXP, EXPSIGN, EXPDIG, BAD } st = START;
  int tokens = 0;
  for (; *s; s++) {
    char c = *s;
    switch (st) {
    case START: st = (c >= '0' && c <= '9') ? INT : (c == ' ' ? START : BAD); break;
    case INT: st = (c >= '0' && c <= '9') ? INT : c == '.' ? FRAC : c == 'e' ? EXP : c == ' ' ? (tokens++, START) : BAD; break;
    case FRAC: st = (c >= '0' && c <= '9') ? FRAC : c == 'e' ? EXP : c == ' ' ? (tokens++, START) : BAD; break;
    case EXP: st = (c == '+' || c == '-') ? EXPSIGN : (c >= '0' && c <= '9') ? EXPDIG : BAD; break;
    case EXPSIGN: st = (c >= '0' && c <= '9') ? EXPDIG : BAD; break;
    case EXPDIG: st = (c >= '0' && c <= '9') ? EXPDIG : c == ' ' ? (tokens++, START) : BAD; break;
    case BAD: st = c == ' ' ? START : BAD; break;
    }
  }
  return tokens * 10 + (int)st;
}

int main(void) {
  initialise_monitor_handles();
  int acc = 0;
  for (unsigned i = 0; i < 12; i++) {
    int r = small_switch(i);
    acc = acc * 31 + r;
    printf("small %u %d\n", i, r);
  }
  uint32_t v = 1;
  for (unsigned i = 0; i < 40; i++) v = big_switch((i * 7) % 18, v);
  printf("big %08lx\n", (unsigned long)v);
  static const int sp[] = {-1000, -7, 0, 13, 1024, 65537, 0x7FFFFFFF, 5, -1};
  for (unsigned i = 0; i < sizeof sp / sizeof sp[0]; i++) acc = acc * 7 + sparse_switch(sp[i]);
  printf("acc %d\n", acc);
  printf("lex %d %d %d\n", lex("12 3.5 7e+3 1e 99 "), lex("x 1.2.3 "), lex("000 1e-9"));
  return 0;
}
