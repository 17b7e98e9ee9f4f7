/* The core micro-benchmarks in flash. */
#define CODE_SECTION .text.timing_code
#define CODE_FLAGS "ax"
#define TABLE_SECTION .rodata.timing_flash
  .section TABLE_SECTION, "a"
  .global timing_flash_table
timing_flash_table:
#include "core_body.S"
  .section TABLE_SECTION, "a"
  .global timing_flash_table_end
timing_flash_table_end:
