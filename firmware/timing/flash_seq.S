/*
 * Straight-line code and data reads for the flash wait-state benchmarks (timing_flash.c,
 * timing_clock.c). Each function returns the DWT_CYCCNT difference around its block; the C
 * side takes the difference of a long and a short block with the same layout, so the frame
 * and the entry cancel and what remains is the cost of the extra flash read units.
 * The DWT address is built with MOVW/MOVT: no literal-pool read from flash.
 *
 *   seq16_short / seq16_long: 16 / 32 units of 8 bytes (one 64-bit flash read, RM0432 3.3.3),
 *     each unit 4 x ADDS (16-bit, 1 cycle): code in flash, 64-byte aligned, the block starting
 *     at a unit boundary.
 *   data_short / data_long (code in SRAM): 8 / 16 LDRs of flash_table with a stride of 8
 *     bytes, one read unit each.
 */
  .syntax unified
  .cpu cortex-m4
  .thumb

.macro SEQ16 name, units
  .section .text.timing_seq_\name, "ax", %progbits
  .global \name
  .type \name, %function
  .thumb_func
  .balign 64
\name:
  push {r4-r11, lr}          /* +0  (4 bytes) */
  movw r12, #0x1004          /* +4  (4) */
  movt r12, #0xe000          /* +8  (4) */
  nop                        /* +12 */
  nop                        /* +14 */
  ldr r11, [r12]             /* +16 (4): start */
  nop                        /* +20 */
  nop                        /* +22 */
  .rept \units               /* +24: a unit boundary */
  adds r0, r0, #1
  adds r0, r0, #1
  adds r0, r0, #1
  adds r0, r0, #1
  .endr
  nop
  ldr r10, [r12]
  sub r0, r10, r11
  pop {r4-r11, pc}
.endm

SEQ16 seq16_short, 16
SEQ16 seq16_long, 32

.macro DATA name, loads
  .section .data.timing_data_\name, "aw", %progbits
  .global \name
  .type \name, %function
  .thumb_func
  .balign 32
\name:
  push {r4-r11, lr}
  movw r12, #0x1004
  movt r12, #0xe000
  ldr r1, =flash_table
  nop
  ldr r11, [r12]
  nop
  .set off, 0
  .rept \loads
  ldr r0, [r1, #off]
  .set off, off + 8
  .endr
  nop
  ldr r10, [r12]
  sub r0, r10, r11
  pop {r4-r11, pc}
  .ltorg
.endm

DATA data_short, 8
DATA data_long, 16

  .section .rodata.flash_table, "a"
  .balign 64
  .global flash_table
flash_table:
  .rept 32
  .word 0x5a5a5a5a
  .endr
