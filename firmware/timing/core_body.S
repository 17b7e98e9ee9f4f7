/*
 * Cortex-M4 instruction-class micro-benchmarks, one per row group of the TRM's table 3-1
 * (Arm DDI 0439B 3.3.1), the FPU table 7-1 (7.2.3) and the pipelining rules of 3.3.2.
 * Included twice: core_sram.S places the code in SRAM (copied by the start-up code with
 * .data), core_flash.S in flash (run at the reset configuration: LATENCY = 0).
 * Each BEGIN gives the expected cycles of the measured sequence; the comment shows how it
 * follows from the TRM (P = pipeline refill, N = registers). Numbers marked "assumed" are the
 * profile's assumptions (profiles/stm32l4r5zi.json timing.core.sources).
 * r4 points at timing_buf (64 words of SRAM) in the load/store benchmarks.
 */
#include "frame.inc"

  .section CODE_SECTION, CODE_FLAGS, %progbits

/* frame: empty sequence. 0 (the frame's own 4 cycles are subtracted). */
BEGIN frame, 0
START
STOP

/* ---- data processing: 1 cycle each (table 3-1) ---- */

/* 8 x ADDS (16-bit): 8 x 1 = 8 */
BEGIN alu16, 8
START
  adds r0, r0, #1
  adds r0, r0, #1
  adds r0, r0, #1
  adds r0, r0, #1
  adds r0, r0, #1
  adds r0, r0, #1
  adds r0, r0, #1
  adds r0, r0, #1
STOP

/* 4 x ADD.W with a shifted register operand: 4 x 1 = 4 */
BEGIN alu32_shift, 4
START
  add.w r1, r2, r3, lsl #2
  add.w r1, r2, r3, lsl #2
  add.w r1, r2, r3, lsl #2
  add.w r1, r2, r3, lsl #2
STOP

/* MOVW + MOVT twice: 4 x 1 = 4 */
BEGIN movw_movt, 4
START
  movw r0, #0x1234
  movt r0, #0x5678
  movw r1, #0x9abc
  movt r1, #0xdef0
STOP

/* BFI, UBFX, SBFX, CLZ, REV, RBIT, UXTB, SXTH: 8 x 1 = 8 */
BEGIN bitfield, 8
START
  bfi r0, r1, #4, #8
  ubfx r2, r1, #3, #5
  sbfx r3, r1, #0, #4
  clz r4, r1
  rev r5, r1
  rbit r6, r1
  uxtb r7, r1
  sxth r8, r1
STOP

/* MUL, MLA, MLS, SMULL, UMLAL: 5 x 1 = 5 (single-cycle multiplier, table 3-1) */
BEGIN multiply, 5
START
  mul r0, r1, r2
  mla r3, r1, r2, r3
  mls r4, r1, r2, r4
  smull r5, r6, r1, r2
  umlal r7, r8, r1, r2
STOP

/* DSP: SMLAD, QADD, SADD16, USAT, SMULBB, USAD8, SSAT16, UMAAL: 8 x 1 = 8 */
BEGIN dsp, 8
START
  smlad r0, r1, r2, r0
  qadd r3, r1, r2
  sadd16 r4, r1, r2
  usat r5, #8, r1
  smulbb r6, r1, r2
  usad8 r7, r1, r2
  ssat16 r8, #8, r1
  umaal r0, r3, r1, r2
STOP

/* ---- divide: 2-12 by early termination (table 3-1; the rate is assumed:
 * 2 + ceil(quotient bits / 4), capped at 12) ---- */

/* 5 / 10: dividend < divisor, no quotient bits: 2 */
BEGIN udiv_small, 2
  movs r1, #5
  movs r2, #10
START
  udiv r0, r1, r2
STOP

/* 100 / 7: quotient bits = clz(7) - clz(100) + 1 = 29 - 25 + 1 = 5: 2 + 2 = 4 */
BEGIN udiv_7bit, 4
  movs r1, #100
  movs r2, #7
START
  udiv r0, r1, r2
STOP

/* 0xFFFFFFFF / 1: 32 quotient bits: 2 + 8 = 10 */
BEGIN udiv_32bit, 10
  mov r1, #0xffffffff
  movs r2, #1
START
  udiv r0, r1, r2
STOP

/* -1000 / 3: |1000| has clz 22, 3 has clz 30: 9 bits: 2 + 3 = 5 */
BEGIN sdiv_neg, 5
  movw r1, #1000
  negs r1, r1
  movs r2, #3
START
  sdiv r0, r1, r2
STOP

/* x / 0 (no DIV_0_TRP: result 0): 2 */
BEGIN div_zero, 2
  movs r1, #9
  movs r2, #0
START
  udiv r0, r1, r2
STOP

/* ---- branches: 1 + P, P = 1 for a 16-bit or word-aligned target, +1 for a 32-bit target
 * at a halfword address; not taken: 1 ---- */

/* B.N taken to a 16-bit instruction: 1 + 1 = 2 */
BEGIN b_taken, 2
START
  b.n 1f
  nop
1:
STOP

/* B.N taken to a word-aligned 32-bit instruction (START leaves us word aligned: the B.N is
 * at +0, the skipped NOP at +2, the target at +4): 1 + 1 = 2, then ADD.W 1: 3 */
BEGIN b_wide_aligned, 3
START
  b.n 1f
  nop
1:
  add.w r0, r0, #1
STOP

/* B.N taken to a 32-bit instruction at +6 (halfword aligned; the B.N is at +0, two skipped
 * NOPs at +2 and +4): 1 + 1 + 1 = 3, ADD.W 1: 4 */
BEGIN b_wide_unaligned, 4
START
  b.n 1f
  nop
  nop
1:
  add.w r0, r0, #1
STOP

/* CMP 1, BEQ not taken 1: 2 */
BEGIN bcond_not_taken, 2
  movs r0, #0
START
  cmp r0, #1
  beq 1f
1:
STOP

/* BL 1 + P = 2, BX LR 1 + P = 2 (16-bit target B), B 1 + P = 2: 6 */
BEGIN bl_bx, 6
START
  bl 2f
  b 3f
2:
  bx lr
3:
STOP

/* CBZ taken: 1 + P = 2 */
BEGIN cbz_taken, 2
  movs r0, #0
START
  cbz r0, 1f
  nop
1:
STOP

/* TBB: 2 (load) + 1 (add) + 3 (refill after a loaded PC) = 6 (3.3.2) */
BEGIN tbb, 6
  movs r1, #1
START
  tbb [pc, r1]
1:
  .byte (2f - 1b) / 2
  .byte (3f - 1b) / 2
2:
  nop
3:
STOP

/* LDR PC: 2 + 3 = 5 (3.3.2: "at least two cycles for the load, and three cycles for the
 * pipeline reload") */
BEGIN ldr_pc, 5
  ldr r4, =timing_buf
  adr.w r2, 1f
  adds r2, r2, #1
  str r2, [r4]
START
  ldr pc, [r4]
  nop
  .balign 4
1:
STOP

/* POP {r5-r7, pc}: 1 + N (4) + P (3, a loaded PC) = 8 */
BEGIN pop_pc, 8
  adr.w r2, 1f
  adds r2, r2, #1
  sub sp, sp, #16
  str r2, [sp, #12]
START
  pop {r5-r7, pc}
  nop
  .balign 4
1:
STOP

/* IT EQ 1 + ADDEQ skipped (Z = 0) 1, ITT NE 1 + 2 x ADDNE 1: 5 */
BEGIN it_block, 5
  movs r1, #1
START
  it eq
  addeq r0, r0, #1
  itt ne
  addne r0, r0, #1
  addne r0, r0, #1
STOP

/* ---- loads and stores (table 3-1, 3.3.2) ---- */

/* LDR: 2 */
BEGIN ldr, 2
  ldr r4, =timing_buf
START
  ldr r0, [r4]
STOP

/* three independent LDRs pipeline: 2 + 1 + 1 = 4 ("N+1" for N loads) */
BEGIN ldr_x3, 4
  ldr r4, =timing_buf
START
  ldr r0, [r4]
  ldr r1, [r4, #4]
  ldr r2, [r4, #8]
STOP

/* LDR then an LDR through the loaded register: no pipelining: 2 + 2 = 4 */
BEGIN ldr_ldr_dep, 4
  ldr r4, =timing_buf
  str r4, [r4]
START
  ldr r0, [r4]
  ldr r1, [r0]
STOP

/* ADDS writes the base, LDR uses it: 1 + 2 + 1 (address dependency) = 4 */
BEGIN alu_ldr_dep, 4
  ldr r4, =timing_buf
START
  adds r5, r4, #4
  ldr r0, [r5]
STOP

/* CMP does not write a register: no dependency: 1 + 2 = 3 */
BEGIN cmp_ldr, 3
  ldr r4, =timing_buf
START
  cmp r4, #0
  ldr r0, [r4]
STOP

/* LDR then STR (immediate offset) pipelines: 2 + 1 = 3 */
BEGIN ldr_str, 3
  ldr r4, =timing_buf
START
  ldr r0, [r4]
  str r0, [r4, #4]
STOP

/* LDR R0,[R4,R5]; STR R1,[R4,R5]: "normally three cycles total" (3.3.2) */
BEGIN ldr_str_reg, 3
  ldr r4, =timing_buf
  movs r5, #8
START
  ldr r0, [r4, r5]
  str r1, [r4, r5]
STOP

/* STR with a register offset, not after a load: 2 */
BEGIN str_reg, 2
  ldr r4, =timing_buf
  movs r5, #8
START
  str r0, [r4, r5]
STOP

/* STR; STR: nothing pipelines after a store: 1 + (1 + 1) = 3 */
BEGIN str_str, 3
  ldr r4, =timing_buf
START
  str r0, [r4]
  str r1, [r4, #4]
STOP

/* STR; LDR: 1 + (2 + 1) = 4 */
BEGIN str_ldr, 4
  ldr r4, =timing_buf
START
  str r0, [r4]
  ldr r1, [r4, #4]
STOP

/* LDRD 3, STRD 3 (not pipelined): 6 */
BEGIN ldrd_strd, 6
  ldr r4, =timing_buf
START
  ldrd r0, r1, [r4]
  strd r0, r1, [r4, #8]
STOP

/* LDM 4 registers 1 + 4, STM 4 registers 1 + 4: 10 */
BEGIN ldm_stm, 10
  ldr r4, =timing_buf
  add r5, r4, #16
START
  ldm r4, {r0, r1, r2, r3}
  stm r5, {r0, r1, r2, r3}
STOP

/* PUSH {r0-r3} 1 + 4, POP {r0-r3} 1 + 4: 10 */
BEGIN push_pop, 10
START
  push {r0, r1, r2, r3}
  pop {r0, r1, r2, r3}
STOP

/* LDREX 2, STREX 2: 4 */
BEGIN ldrex_strex, 4
  ldr r4, =timing_buf
START
  ldrex r0, [r4]
  strex r1, r0, [r4]
STOP

/* unaligned LDR at offset 2: two halfword transfers: 2 + 1 = 3 */
BEGIN ldr_unaligned2, 3
  ldr r4, =timing_buf
  adds r5, r4, #2
  nop
START
  ldr r0, [r5]
STOP

/* unaligned LDR at offset 1: byte, halfword, byte: 2 + 2 = 4 */
BEGIN ldr_unaligned1, 4
  ldr r4, =timing_buf
  adds r5, r4, #1
  nop
START
  ldr r0, [r5]
STOP

/* LDR of a peripheral register (RCC_CR): 2 + 1 (assumed bridge cycle) = 3 */
BEGIN ldr_periph, 3
  ldr r5, =0x40021000
  nop
START
  ldr r0, [r5]
STOP

/* LDR literal (from this code's own memory): 2 */
BEGIN ldr_literal, 2
START
  ldr r0, =0x12345678
STOP

/* ---- FPU (table 7-1; result latencies from GCC's cortex-m4-fpu.md) ---- */

/* 4 independent VADD.F32: 4 x 1 = 4 */
BEGIN vadd_indep, 4
START
  vadd.f32 s0, s1, s2
  vadd.f32 s3, s4, s5
  vadd.f32 s6, s7, s8
  vadd.f32 s9, s10, s11
STOP

/* 4 dependent VADD.F32 (latency 2: each waits 1): 1 + 2 + 2 + 2 = 7 */
BEGIN vadd_chain, 7
START
  vadd.f32 s0, s0, s1
  vadd.f32 s0, s0, s1
  vadd.f32 s0, s0, s1
  vadd.f32 s0, s0, s1
STOP

/* 3 dependent VMUL.F32: 1 + 2 + 2 = 5 */
BEGIN vmul_chain, 5
START
  vmul.f32 s0, s0, s1
  vmul.f32 s0, s0, s1
  vmul.f32 s0, s0, s1
STOP

/* VABS, VNEG, VABS dependent (latency 1: no wait): 3 */
BEGIN vabs_chain, 3
START
  vabs.f32 s0, s1
  vneg.f32 s0, s0
  vabs.f32 s0, s0
STOP

/* 2 independent VFMA.F32: 3 + 3 = 6 */
BEGIN vfma_indep, 6
START
  vfma.f32 s0, s1, s2
  vfma.f32 s3, s4, s5
STOP

/* 2 VMLA.F32 on the same accumulator (latency 4 after 3 cycles): 3 + 1 + 3 = 7 */
BEGIN vmla_chain, 7
START
  vmla.f32 s0, s1, s2
  vmla.f32 s0, s1, s2
STOP

/* VDIV 14, VSQRT 14: 28 */
BEGIN vdiv_vsqrt, 28
START
  vdiv.f32 s0, s1, s2
  vsqrt.f32 s3, s4
STOP

/* VLDR.32 2, VSTR.32 2, VLDR.64 3: 7 */
BEGIN vldr_vstr, 7
  ldr r4, =timing_buf
START
  vldr s0, [r4]
  vstr s0, [r4, #4]
  vldr d1, [r4, #8]
STOP

/* VPUSH {s16-s19} 1 + 4, VPOP {s16-s19} 1 + 4: 10 */
BEGIN vpush_vpop, 10
START
  vpush {s16-s19}
  vpop {s16-s19}
STOP

/* VMOV r0, s0 1; VMOV s1, r1 1; VMOV r2, r3, s4, s5 2; VMRS r5, FPSCR 1: 5 */
BEGIN vmov_core, 5
START
  vmov r0, s0
  vmov s1, r1
  vmov r2, r3, s4, s5
  vmrs r5, fpscr
STOP
