@ Exclusive access: LDREX/STREX (word, byte, halfword), CLREX, STREX without a
@ preceding LDREX, STREX to a different address (IMPLEMENTATION DEFINED on a local
@ monitor: not checked), LDREX with an offset.
        .file "ldrex.S"  @ fixed name: keeps the temp file's name out of the ELF
#include "common.inc"
        .section .rodata
        .global test_name
test_name: .asciz "ldrex"

        .data
        .align 2
word:   .word 0x11223344
word2:  .word 0xAABBCCDD
half:   .hword 0x5566
byte:   .byte 0x77
        .byte 0

        .text
        .thumb_func
        .global test_main
test_main:
        push    {r4-r7, lr}
        ldr     r4, =word
        @ plain LDREX/STREX pair succeeds (status 0) and stores
        ldrex   r0, [r4]
        CHECK   r0, 0x11223344, 1
        adds    r0, r0, #1
        strex   r1, r0, [r4]
        CHECK   r1, 0, 2
        ldr     r2, [r4]
        CHECK   r2, 0x11223345, 3
        @ a second STREX without a new LDREX fails (status 1) and does not store
        movs    r0, #0
        strex   r1, r0, [r4]
        CHECK   r1, 1, 4
        ldr     r2, [r4]
        CHECK   r2, 0x11223345, 5
        @ CLREX clears the monitor
        ldrex   r0, [r4]
        clrex
        strex   r1, r0, [r4]
        CHECK   r1, 1, 6
        @ LDREX with an immediate offset (multiple of 4)
        ldrex   r0, [r4, #4]
        CHECK   r0, 0xAABBCCDD, 7
        ldr     r3, =0x01020304
        strex   r1, r3, [r4, #4]
        CHECK   r1, 0, 8
        ldr     r2, [r4, #4]
        CHECK   r2, 0x01020304, 9
        @ halfword
        ldr     r5, =half
        ldrexh  r0, [r5]
        CHECK   r0, 0x5566, 10
        movw    r3, #0xBEEF
        strexh  r1, r3, [r5]
        CHECK   r1, 0, 11
        ldrh    r2, [r5]
        CHECK   r2, 0xBEEF, 12
        @ byte
        ldr     r6, =byte
        ldrexb  r0, [r6]
        CHECK   r0, 0x77, 13
        movs    r3, #0xF0
        strexb  r1, r3, [r6]
        CHECK   r1, 0, 14
        ldrb    r2, [r6]
        CHECK   r2, 0xF0, 15
        strexb  r1, r3, [r6]
        CHECK   r1, 1, 16
        @ an atomic-increment loop, 10 times
        movs    r7, #10
1:      ldrex   r0, [r4]
        adds    r0, r0, #3
        strex   r1, r0, [r4]
        cmp     r1, #0
        bne     1b
        subs    r7, r7, #1
        bne     1b
        ldr     r2, [r4]
        CHECK   r2, 0x11223363, 17
        pop     {r4-r7, pc}
