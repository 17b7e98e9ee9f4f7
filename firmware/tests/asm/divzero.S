@ SDIV/UDIV: ordinary cases, rounding towards zero, INT_MIN / -1, and division by zero
@ with CCR.DIV_0_TRP clear (the reset value): the result is 0, no fault.
        .file "divzero.S"  @ fixed name: keeps the temp file's name out of the ELF
#include "common.inc"
        .section .rodata
        .global test_name
test_name: .asciz "divzero"

        .text
        .thumb_func
        .global test_main
test_main:
        push    {r4-r7, lr}
        movs    r1, #0
        ldr     r0, =1234
        udiv    r2, r0, r1
        CHECK   r2, 0, 1
        sdiv    r2, r0, r1
        CHECK   r2, 0, 2
        ldr     r0, =0x80000000
        sdiv    r2, r0, r1
        CHECK   r2, 0, 3
        @ INT_MIN / -1 = INT_MIN (no overflow trap)
        mov     r1, #-1
        sdiv    r2, r0, r1
        CHECK   r2, 0x80000000, 4
        udiv    r2, r0, r1
        CHECK   r2, 0, 5
        @ rounding towards zero
        mvn     r0, #6             @ -7
        movs    r1, #2
        sdiv    r2, r0, r1
        CHECK   r2, 0xFFFFFFFD, 6  @ -3
        movs    r0, #7
        mov     r1, #-2
        sdiv    r2, r0, r1
        CHECK   r2, 0xFFFFFFFD, 7
        ldr     r0, =0xFFFFFFFF
        movs    r1, #3
        udiv    r2, r0, r1
        CHECK   r2, 0x55555555, 8
        sdiv    r2, r0, r1
        CHECK   r2, 0, 9
        ldr     r0, =1000000
        ldr     r1, =999
        udiv    r2, r0, r1
        CHECK   r2, 1001, 10
        mls     r3, r2, r1, r0     @ remainder
        CHECK   r3, 1, 11
        pop     {r4-r7, pc}
