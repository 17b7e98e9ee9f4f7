/* Deep and branchy recursion: Ackermann, naive Fibonacci, Towers of Hanoi, a recursive
 * descent expression evaluator. */
#include <stdint.h>
#include <stdio.h>

extern void initialise_monitor_handles(void);

static unsigned __attribute__((noinline)) ack(unsigned m, unsigned n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

static uint32_t __attribute__((noinline)) fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static uint32_t moves, hsum;
static void hanoi(int n, int from, int to, int via) {
  if (n == 0) return;
  hanoi(n - 1, from, via, to);
  moves++;
  hsum = hsum * 3 + (uint32_t)(from * 4 + to);
  hanoi(n - 1, via, to, from);
}

static const char *p;
static int expr(void);
static int atom(void) {
  if (*p == '(') {
    p++;
    int v = expr();
    p++; /* ')' */
    return v;
  }
  if (*p == '-') {
    p++;
    return -atom();
  }
  int v = 0;
  while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
  return v;
}
static int term(void) {
  int v = atom();
  while (*p == '*' || *p == '/') {
    char op = *p++;
    int r = atom();
    v = op == '*' ? v * r : (r ? v / r : 0);
  }
  return v;
}
static int expr(void) {
  int v = term();
  while (*p == '+' || *p == '-') {
    char op = *p++;
    int r = term();
    v = op == '+' ? v + r : v - r;
  }
  return v;
}
static int eval(const char *s) {
  p = s;
  return expr();
}

int main(void) {
  initialise_monitor_handles();
  printf("ack(2,3)=%u ack(3,3)=%u ack(3,5)=%u\n", ack(2, 3), ack(3, 3), ack(3, 5));
  printf("fib(20)=%lu fib(24)=%lu\n", (unsigned long)fib(20), (unsigned long)fib(24));
  hanoi(12, 1, 3, 2);
  printf("hanoi moves=%lu hash=%08lx\n", (unsigned long)moves, (unsigned long)hsum);
  printf("eval %d %d %d\n", eval("1+2*3-(4-5)*6"), eval("((((((7))))))*-(3+-2)"),
         eval("100/7/2+((2*(3+4))*(5-(6/2)))-8*-1"));
  return 0;
}
