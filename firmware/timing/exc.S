/*
 * Exception entry, return and tail-chaining (Cortex-M4 TRM 5.5.1: entry 12 cycles, return 10,
 * tail-chain 6, zero wait states), measured around an SVC. The handlers live here too.
 * svc_mode (in SRAM) selects what the SVC handler does: 0 return, 1 pend PendSV first (which
 * then tail-chains).
 */
#define TABLE_SECTION .rodata.timing_exc
#include "frame.inc"
  .section TABLE_SECTION, "a"
  .global timing_exc_table
timing_exc_table:

  .section .text.timing_exc, "ax", %progbits

/* SVC 1 + entry 12 + handler (LDR literal 2, LDR through it 2 (no pipelining: its address
 * is the previous load's result), CBZ taken to a 16-bit BX 2, BX LR 1) + return 10 = 30 */
BEGIN svc_return, 30
  ldr r0, =svc_mode
  movs r1, #0
  str r1, [r0]
START
  svc #0
STOP

/* SVC 1 + entry 12 + handler (LDR 2, LDR 2, CBZ not taken 1, LDR literal 2, MOV 1, STR 1,
 * BX LR 1) + tail-chain 6 + PendSV handler (BX LR 1) + return 10 = 40 */
BEGIN svc_tailchain, 40
  ldr r0, =svc_mode
  movs r1, #1
  str r1, [r0]
START
  svc #0
STOP

  .section TABLE_SECTION, "a"
  .global timing_exc_table_end
timing_exc_table_end:

  .section .text.timing_handlers, "ax", %progbits
  .global SVC_Handler
  .type SVC_Handler, %function
  .thumb_func
  .balign 4
SVC_Handler:
  ldr r0, =svc_mode
  ldr r0, [r0]
  cbz r0, 1f
  ldr r0, =0xE000ED04      /* SCB_ICSR */
  mov r1, #0x10000000      /* PENDSVSET */
  str r1, [r0]
1:
  bx lr
  .ltorg

  .global PendSV_Handler
  .type PendSV_Handler, %function
  .thumb_func
PendSV_Handler:
  bx lr

  .section .bss.svc_mode, "aw", %nobits
  .balign 4
  .global svc_mode
svc_mode:
  .space 4
