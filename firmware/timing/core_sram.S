/* The core micro-benchmarks in SRAM: the code goes in .data (copied from flash to SRAM by
 * the start-up code), the table in flash. */
#define CODE_SECTION .data.timing_code
#define CODE_FLAGS "aw"  /* .data.* is "aw" to the assembler; the RAM segment is rwx */
#define TABLE_SECTION .rodata.timing_sram
  .section TABLE_SECTION, "a"
  .global timing_sram_table
timing_sram_table:
#include "core_body.S"
  .section TABLE_SECTION, "a"
  .global timing_sram_table_end
timing_sram_table_end:
