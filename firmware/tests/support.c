/* Shared by the test programs: unhandled exceptions are reported over semihosting and
 * end the program with exit code 128 + exception number (so a fault never hangs QEMU). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void m4_unhandled_exception(uint32_t ipsr) {
  printf("unhandled exception %lu\n", (unsigned long)ipsr);
  fflush(stdout);
  exit(128 + (int)ipsr);
}
