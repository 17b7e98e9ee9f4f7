/* CPU-bound integer benchmark for MIPS measurement, a CoreMark-like mix:
 * linked-list find/reverse/sort, small matrix multiply (16-bit data, 32-bit accumulate),
 * a byte-driven state machine and CRC-16 over the results.
 * ITERATIONS (compile-time define) sets the amount of work; the printed checksum
 * depends on every iteration. Deterministic: no timers, no input. */
#include <stdint.h>
#include <stdio.h>

#ifndef ITERATIONS
#define ITERATIONS 2000 /* about 55M instructions at -O2, 69M at -Os, 196M at -O0 */
#endif

extern void initialise_monitor_handles(void);

static uint16_t crc16(uint32_t v, uint16_t crc) {
  for (int k = 0; k < 32; k++) {
    uint16_t bit = (uint16_t)((v ^ crc) & 1u);
    crc >>= 1;
    if (bit) crc ^= 0xA001;
    v >>= 1;
  }
  return crc;
}

/* ---- list ---- */
#define NODES 64
struct node {
  struct node *next;
  int16_t data;
  int16_t idx;
};
static struct node pool[NODES];

static struct node *list_build(uint32_t seed) {
  for (int i = 0; i < NODES; i++) {
    seed = seed * 1103515245u + 12345u;
    pool[i].data = (int16_t)(seed >> 16);
    pool[i].idx = (int16_t)i;
    pool[i].next = i + 1 < NODES ? &pool[i + 1] : 0;
  }
  return &pool[0];
}
static struct node *list_reverse(struct node *l) {
  struct node *r = 0;
  while (l) {
    struct node *n = l->next;
    l->next = r;
    r = l;
    l = n;
  }
  return r;
}
static struct node *list_find(struct node *l, int16_t data) {
  while (l && l->data != data) l = l->next;
  return l;
}
/* merge sort on a singly linked list by data (then idx) */
static struct node *list_sort(struct node *l) {
  if (!l || !l->next) return l;
  struct node *slow = l, *fast = l->next;
  while (fast && fast->next) {
    slow = slow->next;
    fast = fast->next->next;
  }
  struct node *b = slow->next;
  slow->next = 0;
  struct node *a = list_sort(l);
  b = list_sort(b);
  struct node head, *t = &head;
  while (a && b) {
    if (a->data < b->data || (a->data == b->data && a->idx <= b->idx)) {
      t->next = a;
      a = a->next;
    } else {
      t->next = b;
      b = b->next;
    }
    t = t->next;
  }
  t->next = a ? a : b;
  return head.next;
}

/* ---- matrix ---- */
#define MN 12
static int16_t ma[MN][MN], mb[MN][MN];
static int32_t mc[MN][MN];
static uint32_t matrix_step(uint32_t seed) {
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) {
      seed = seed * 69069u + 1u;
      ma[i][j] = (int16_t)(seed >> 20);
      mb[i][j] = (int16_t)((seed >> 8) & 0x7FF) - 1024;
    }
  uint32_t sum = 0;
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) {
      int32_t acc = 0;
      for (int k = 0; k < MN; k++) acc += (int32_t)ma[i][k] * mb[k][j];
      mc[i][j] = acc;
      sum += (uint32_t)acc ^ (uint32_t)(i * MN + j);
    }
  /* add a constant, multiply by a column, bit-extract */
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) sum += (uint32_t)((mc[i][j] + 7) * ma[j][i]) >> 3;
  return sum;
}

/* ---- state machine ---- */
enum { S_START, S_INT, S_FLOAT, S_EXP, S_SCI, S_INVALID, S_COUNT };
static uint32_t state_step(uint32_t seed) {
  static const char alphabet[] = "0123456789.+-eE,x ";
  char text[96];
  for (int i = 0; i < 95; i++) {
    seed = seed * 1664525u + 1013904223u;
    text[i] = alphabet[(seed >> 24) % (sizeof alphabet - 1)];
  }
  text[95] = 0;
  uint32_t counts[S_COUNT] = {0};
  int st = S_START;
  for (const char *p = text; *p; p++) {
    char c = *p;
    if (c == ',' || c == ' ') {
      counts[st]++;
      st = S_START;
      continue;
    }
    switch (st) {
    case S_START: st = (c >= '0' && c <= '9') ? S_INT : (c == '+' || c == '-') ? S_INT : c == '.' ? S_FLOAT : S_INVALID; break;
    case S_INT: st = (c >= '0' && c <= '9') ? S_INT : c == '.' ? S_FLOAT : (c == 'e' || c == 'E') ? S_EXP : S_INVALID; break;
    case S_FLOAT: st = (c >= '0' && c <= '9') ? S_FLOAT : (c == 'e' || c == 'E') ? S_EXP : S_INVALID; break;
    case S_EXP: st = (c == '+' || c == '-' || (c >= '0' && c <= '9')) ? S_SCI : S_INVALID; break;
    case S_SCI: st = (c >= '0' && c <= '9') ? S_SCI : S_INVALID; break;
    default: break;
    }
  }
  counts[st]++;
  uint32_t r = 0;
  for (int i = 0; i < S_COUNT; i++) r = r * 131 + counts[i];
  return r;
}

int main(void) {
  initialise_monitor_handles();
  uint16_t crc = 0;
  uint32_t seed = 0x66;
  for (uint32_t it = 0; it < ITERATIONS; it++) {
    struct node *l = list_build(seed + it);
    l = list_sort(l);
    uint32_t found = 0;
    for (int q = 0; q < 16; q++) {
      struct node *n = list_find(l, pool[(q * 5 + it) % NODES].data);
      found += n ? (uint32_t)n->idx : 0xFFu;
    }
    l = list_reverse(l);
    crc = crc16((uint32_t)l->data << 16 | found, crc);
    crc = crc16(matrix_step(seed ^ it), crc);
    crc = crc16(state_step(seed + 3 * it), crc);
    seed = seed * 31 + crc;
  }
  printf("cpubench iterations=%d crc=%04x seed=%08lx\n", ITERATIONS, crc, (unsigned long)seed);
  return 0;
}
