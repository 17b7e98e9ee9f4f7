/* setjmp/longjmp: nested jumps, values, callee-saved registers and the FP context. */
#include <setjmp.h>
#include <stdio.h>

extern void initialise_monitor_handles(void);

static jmp_buf outer, inner;
static volatile int depth_reached;

static void dive(int depth) {
  depth_reached = depth;
  if (depth == 20) longjmp(inner, depth * 3);
  if (depth < 1000) dive(depth + 1);
}

static int __attribute__((noinline)) try_inner(int k) {
  volatile int local = k * 100;
  volatile float f = 1.25f * (float)k;
  int r = setjmp(inner);
  if (r == 0) {
    local += 1;
    f *= 2.0f;
    dive(0);
    return -1; /* not reached */
  }
  return r + local + (int)(f * 4.0f);
}

static void thrower(int v) { longjmp(outer, v); }

int main(void) {
  initialise_monitor_handles();
  for (int k = 0; k < 4; k++) printf("inner %d -> %d depth %d\n", k, try_inner(k), depth_reached);

  volatile int count = 0;
  int r = setjmp(outer);
  printf("setjmp returned %d count %d\n", r, count);
  if (count < 5) {
    count++;
    thrower(count == 3 ? 0 : count * 11); /* longjmp(…, 0) must return 1 */
  }
  printf("done count %d\n", count);
  return 0;
}
