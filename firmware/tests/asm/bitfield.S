@ Bit-field and byte-order instructions (BFI, BFC, UBFX, SBFX, RBIT, REV, REV16, REVSH,
@ CLZ), ADR forwards and backwards, LDRD/STRD with offset/pre/post-indexing and
@ writeback, PLD, and unaligned LDR/STR/LDRH/STRH (allowed: CCR.UNALIGN_TRP clear).
        .file "bitfield.S"  @ fixed name: keeps the temp file's name out of the ELF
#include "common.inc"
        .section .rodata
        .global test_name
test_name: .asciz "bitfield"
        .align 2
backdata: .word 0xB0B0B0B0

        .bss
        .align 3
buf:    .space 32

        .text
        .thumb_func
        .global test_main
test_main:
        push    {r4-r7, lr}
        ldr     r0, =0x12345678
        ldr     r1, =0xFFFFFFFF
        mov     r2, r1
        bfi     r2, r0, #8, #12    @ r0[11:0]=0x678 into r2[19:8]
        CHECK   r2, 0xFFF678FF, 1
        mov     r2, r1
        bfc     r2, #4, #20
        CHECK   r2, 0xFF00000F, 2
        ubfx    r2, r0, #12, #8
        CHECK   r2, 0x45, 3
        ldr     r3, =0x00F80000
        sbfx    r2, r3, #19, #5    @ 0b11111 -> -1
        CHECK   r2, 0xFFFFFFFF, 4
        sbfx    r2, r0, #4, #4     @ 0x7 -> 7
        CHECK   r2, 7, 5
        ubfx    r2, r0, #0, #32
        CHECK   r2, 0x12345678, 6
        sbfx    r2, r0, #31, #1
        CHECK   r2, 0, 7
        rbit    r2, r0
        CHECK   r2, 0x1E6A2C48, 8
        rev     r2, r0
        CHECK   r2, 0x78563412, 9
        rev16   r2, r0
        CHECK   r2, 0x34127856, 10
        ldr     r3, =0x000080FF
        revsh   r2, r3
        CHECK   r2, 0xFFFFFF80, 11
        clz     r2, r0
        CHECK   r2, 3, 12
        movs    r3, #0
        clz     r2, r3
        CHECK   r2, 32, 13
        @ ADR forwards (to a word in .text) and backwards
        adr     r4, fwd
        ldr     r2, [r4]
        CHECK   r2, 0xF0F0F0F0, 14
back:   adr.w   r4, back
        ldr     r12, =back
        bic     r12, r12, #1
        CHECKR  r4, r12, 15
        @ LDRD/STRD
        ldr     r4, =buf
        ldr     r0, =0x01234567
        ldr     r1, =0x89ABCDEF
        strd    r0, r1, [r4, #8]
        ldrd    r2, r3, [r4, #8]
        CHECK   r2, 0x01234567, 16
        CHECK   r3, 0x89ABCDEF, 17
        strd    r1, r0, [r4, #16]!        @ pre-index with writeback
        ldr     r12, =buf + 16
        CHECKR  r4, r12, 18
        ldrd    r2, r3, [r4], #-8         @ post-index
        CHECK   r2, 0x89ABCDEF, 19
        ldr     r12, =buf + 8
        CHECKR  r4, r12, 20
        ldrd    r2, r3, [r4, #-8]!
        ldr     r12, =buf
        CHECKR  r4, r12, 21
        CHECK   r2, 0, 22
        @ PLD has no architectural effect
        pld     [r4]
        pld     [r4, #64]
        @ unaligned word and halfword accesses
        ldr     r4, =buf
        ldr     r0, =0xDDCCBBAA
        str     r0, [r4, #1]
        ldrb    r2, [r4, #1]
        CHECK   r2, 0xAA, 23
        ldrb    r2, [r4, #4]
        CHECK   r2, 0xDD, 24
        ldr     r2, [r4, #1]
        CHECK   r2, 0xDDCCBBAA, 25
        ldr     r2, [r4, #2]
        CHECK   r2, 0x00DDCCBB, 26
        ldrh    r2, [r4, #3]
        CHECK   r2, 0xDDCC, 27
        ldrsh   r2, [r4, #3]
        CHECK   r2, 0xFFFFDDCC, 28
        movw    r0, #0x7788
        strh    r0, [r4, #7]
        ldr     r2, [r4, #5]
        CHECK   r2, 0x77880000, 29
        ldr     r2, =backdata
        ldr     r2, [r2]
        CHECK   r2, 0xB0B0B0B0, 30
        pop     {r4-r7, pc}
        .align  2
fwd:    .word   0xF0F0F0F0
