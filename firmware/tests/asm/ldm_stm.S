@ LDM/STM in all forms: IA/DB, with and without writeback, 16-bit and 32-bit encodings,
@ PUSH/POP (incl. POP {pc}), LDM that loads its base register (no writeback), STMDB sp!.
        .file "ldm_stm.S"  @ fixed name: keeps the temp file's name out of the ELF
#include "common.inc"
        .section .rodata
        .global test_name
test_name: .asciz "ldm_stm"
        .align 2
src:    .word 0x10101010, 0x20202020, 0x30303030, 0x40404040, 0x50505050, 0x60606060, 0x70707070, 0x80808080

        .bss
        .align 3
dst:    .space 64

        .text
        .thumb_func
        .global test_main
test_main:
        push    {r4-r11, lr}
        @ 16-bit LDMIA with writeback (base not in list)
        ldr     r0, =src
        mov     r8, r0
        ldmia   r0!, {r1, r2, r3}
        CHECK   r1, 0x10101010, 1
        CHECK   r3, 0x30303030, 2
        sub     r12, r0, r8
        CHECK   r12, 12, 3
        @ 16-bit LDMIA with the base in the list: no writeback, base gets the loaded value
        ldr     r1, =src
        ldmia   r1, {r0, r1, r2}
        CHECK   r1, 0x20202020, 4
        CHECK   r0, 0x10101010, 5
        @ 32-bit LDMIA without writeback, high registers
        ldr     r0, =src
        ldmia.w r0, {r4-r11}
        CHECK   r4, 0x10101010, 6
        CHECK   r11, 0x80808080, 7
        ldr     r12, =src
        CHECK   r0, src, 8
        @ 32-bit LDMDB with writeback
        ldr     r0, =src + 32
        ldmdb   r0!, {r1, r2}
        CHECK   r1, 0x70707070, 9
        CHECK   r2, 0x80808080, 10
        CHECK   r0, src + 24, 11
        @ 16-bit STMIA with writeback
        ldr     r0, =dst
        movs    r1, #1
        movs    r2, #2
        movs    r3, #3
        stmia   r0!, {r1, r2, r3}
        CHECK   r0, dst + 12, 12
        ldr     r0, =dst
        ldr     r1, [r0, #8]
        CHECK   r1, 3, 13
        @ 32-bit STMIA without writeback
        ldr     r0, =dst + 16
        ldr     r4, =0xA4
        ldr     r9, =0xA9
        ldr     lr, =0xAE
        stmia.w r0, {r4, r9, lr}
        CHECK   r0, dst + 16, 14
        ldr     r1, [r0, #8]
        CHECK   r1, 0xAE, 15
        ldr     r1, [r0, #4]
        CHECK   r1, 0xA9, 16
        @ STMDB with writeback (non-SP base)
        ldr     r0, =dst + 64
        movs    r1, #0x11
        movs    r2, #0x22
        stmdb   r0!, {r1, r2}
        CHECK   r0, dst + 56, 17
        ldr     r1, [r0]
        CHECK   r1, 0x11, 18
        @ STMIA/LDMIA with writeback in a loop: copy 8 words
        ldr     r0, =src
        ldr     r1, =dst
        movs    r7, #2
1:      ldmia   r0!, {r2, r3, r4, r5}
        stmia   r1!, {r2, r3, r4, r5}
        subs    r7, r7, #1
        bne     1b
        ldr     r1, =dst
        ldr     r2, [r1, #28]
        CHECK   r2, 0x80808080, 19
        @ PUSH/POP of low and high registers, sp arithmetic
        mov     r10, sp
        ldr     r1, =0xC1
        ldr     r8, =0xC8
        push    {r1, r8}
        mov     r12, sp
        sub     r12, r10, r12
        CHECK   r12, 8, 20
        pop     {r2, r3}
        CHECK   r2, 0xC1, 21
        CHECK   r3, 0xC8, 22
        mov     r12, sp
        CHECKR  r12, r10, 23
        @ POP {pc} return, and LDMIA sp! loading pc (interworking: bit 0 set)
        bl      sub_pop_pc
        CHECK   r0, 0x5A, 24
        adr     r1, 2f + 1
        movs    r0, #0x77
        push    {r0, r1}
        movs    r0, #0
        ldmia   sp!, {r0, pc}
        b       3f                 @ skipped
2:      CHECK   r0, 0x77, 25
        mov     r12, sp
        CHECKR  r12, r10, 26
        pop     {r4-r11, pc}
3:      movs    r0, #27
        b       fail

        .thumb_func
sub_pop_pc:
        push    {r4, lr}
        movs    r0, #0x5A
        pop     {r4, pc}
