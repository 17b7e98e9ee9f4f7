@ IT blocks: every condition code, taken and not taken, with IT/ITE/ITT/ITET/ITTEE
@ patterns; 16-bit instructions inside IT do not set flags; a flag-setting CMP inside an
@ IT block changes the condition of the following instructions; branches last in a block.
        .file "it.S"  @ fixed name: keeps the temp file's name out of the ELF
#include "common.inc"
        .section .rodata
        .global test_name
test_name: .asciz "it"

@ COND cc, nzcv, expected: set APSR.NZCV = nzcv, run "it cc; movcc r0,#1" and check r0
        .macro COND cc, nzcv, expect, id
        ldr     r12, =(\nzcv << 28)
        msr     apsr_nzcvq, r12
        movs    r0, #0
        msr     apsr_nzcvq, r12     @ movs changed N/Z: restore
        it      \cc
        mov\cc  r0, #1
        CHECK   r0, \expect, \id
        .endm

        .text
        .thumb_func
        .global test_main
test_main:
        push    {r4-r7, lr}
        @ flags: N=8 Z=4 C=2 V=1
        COND eq, 0x4, 1, 1
        COND eq, 0x0, 0, 2
        COND ne, 0x0, 1, 3
        COND ne, 0x4, 0, 4
        COND cs, 0x2, 1, 5
        COND cs, 0x0, 0, 6
        COND cc, 0x0, 1, 7
        COND cc, 0x2, 0, 8
        COND mi, 0x8, 1, 9
        COND mi, 0x0, 0, 10
        COND pl, 0x0, 1, 11
        COND pl, 0x8, 0, 12
        COND vs, 0x1, 1, 13
        COND vs, 0x0, 0, 14
        COND vc, 0x0, 1, 15
        COND vc, 0x1, 0, 16
        COND hi, 0x2, 1, 17       @ C=1 Z=0
        COND hi, 0x6, 0, 18       @ C=1 Z=1
        COND hi, 0x0, 0, 19
        COND ls, 0x0, 1, 20
        COND ls, 0x6, 1, 21
        COND ls, 0x2, 0, 22
        COND ge, 0x0, 1, 23       @ N == V
        COND ge, 0x9, 1, 24
        COND ge, 0x8, 0, 25
        COND ge, 0x1, 0, 26
        COND lt, 0x8, 1, 27
        COND lt, 0x1, 1, 28
        COND lt, 0x9, 0, 29
        COND gt, 0x0, 1, 30       @ Z == 0 && N == V
        COND gt, 0x9, 1, 31
        COND gt, 0x4, 0, 32
        COND gt, 0x8, 0, 33
        COND le, 0x4, 1, 34
        COND le, 0x8, 1, 35
        COND le, 0x0, 0, 36
        COND le, 0x9, 0, 37

        @ ITE / ITET / ITTEE
        movs    r0, #5
        cmp     r0, #5
        ite     eq
        moveq   r1, #10
        movne   r1, #20
        CHECK   r1, 10, 40
        cmp     r0, #6
        itet    lt
        movlt   r1, #1
        movge   r1, #2
        addlt   r1, r1, #4         @ 1 + 4
        CHECK   r1, 5, 41
        cmp     r0, #4
        ittee   le
        movle   r2, #1
        movle   r3, #1
        movgt   r2, #7
        movgt   r3, #8
        CHECK   r2, 7, 42
        CHECK   r3, 8, 43

        @ 16-bit ADD inside IT does not set flags (ADDS outside would)
        movs    r0, #0
        cmp     r0, #0             @ Z = 1
        itt     eq
        addeq   r0, r0, #1         @ encoded as 16-bit ADD (no S) inside IT
        addeq   r0, r0, #1         @ still executes: Z unchanged
        CHECK   r0, 2, 44

        @ a CMP inside the block changes the flags for the rest of it
        movs    r0, #1
        cmp     r0, #1             @ Z = 1
        itte    eq
        moveq   r1, #3
        cmpeq   r1, #4             @ Z = 0 now
        movne   r1, #9             @ executes: condition NE is true after the CMP
        CHECK   r1, 9, 45

        @ conditional branch as the last instruction of an IT block
        movs    r0, #3
        cmp     r0, #3
        it      eq
        beq     1f
        movs    r0, #46
        b       fail
1:      cmp     r0, #2
        it      eq
        beq     2f                 @ not taken
        b       3f
2:      movs    r0, #47
        b       fail
3:
        @ a 4-instruction block mixing 32-bit instructions
        movs    r4, #0
        ldr     r5, =0x12345678
        cmp     r4, #1             @ C = 0, Z = 0, N = 1
        ittet   mi
        ubfxmi  r6, r5, #4, #8     @ 0x67
        lslmi   r6, r6, #1         @ 0xCE
        movpl   r6, #0
        addmi   r6, r6, #0x100     @ 0x1CE
        CHECK   r6, 0x1CE, 48
        pop     {r4-r7, pc}
