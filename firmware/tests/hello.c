/* Semihosting smoke test: printf with integers, a string and a float; exit code 3. */
#include <stdio.h>

extern void initialise_monitor_handles(void);

volatile float g_scale = 1.5f;

int main(void) {
  initialise_monitor_handles();
  printf("hello from m4sim\n");
  printf("int %d hex %08x str %s\n", -42, 0xC0FFEEu, "ok");
  printf("float %.4f\n", (double)(g_scale * 2.25f));
  return 3;
}
