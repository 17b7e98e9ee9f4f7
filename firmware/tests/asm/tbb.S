@ TBB and TBH: byte and halfword branch tables, index in a register, base = PC,
@ every entry exercised; TBH with a table in a register base.
        .file "tbb.S"  @ fixed name: keeps the temp file's name out of the ELF
#include "common.inc"
        .section .rodata
        .global test_name
test_name: .asciz "tbb"

        .text
        .thumb_func
        .global test_main
test_main:
        push    {r4-r7, lr}
        movs    r4, #0             @ index
        movs    r5, #0             @ accumulated result
loop_b: cmp     r4, #5
        bhs     done_b
        tbb     [pc, r4]
tab_b:  .byte   (case_b0 - tab_b) / 2
        .byte   (case_b1 - tab_b) / 2
        .byte   (case_b2 - tab_b) / 2
        .byte   (case_b3 - tab_b) / 2
        .byte   (case_b4 - tab_b) / 2
        .align  1
case_b0: adds   r5, r5, #1
        b       next_b
case_b1: adds   r5, r5, #10
        b       next_b
case_b2: adds   r5, r5, #100
        b       next_b
case_b3: lsls   r5, r5, #1
        b       next_b
case_b4: adds   r5, r5, #7
next_b: adds    r4, r4, #1
        b       loop_b
done_b: CHECK   r5, 229, 1         @ ((0+1+10+100)*2)+7

        @ TBH with a table of halfword offsets and targets far apart
        movs    r4, #0
        movs    r5, #0
loop_h: cmp     r4, #3
        bhs     done_h
        tbh     [pc, r4, lsl #1]
tab_h:  .hword  (case_h0 - tab_h) / 2
        .hword  (case_h1 - tab_h) / 2
        .hword  (case_h2 - tab_h) / 2
case_h0: adds   r5, r5, #3
        b       next_h
        .space  600                @ pushes case_h1 beyond the reach of TBB
case_h1: lsls   r5, r5, #4
        b       next_h
        .space  300
case_h2: adds   r5, r5, #5
next_h: adds    r4, r4, #1
        b       loop_h
done_h: CHECK   r5, 53, 2          @ (3 << 4) + 5

        @ TBB with the table addressed by a register (Rn != PC): offsets from the TBB's PC
        ldr     r6, =table_ext
        movs    r4, #2
        tbb     [r6, r4]
after_ext:
        movs    r0, #3
        b       fail
ext0:   movs    r0, #4
        b       fail
ext2:   movs    r7, #0x42
        CHECK   r7, 0x42, 5
        pop     {r4-r7, pc}

        .section .rodata
table_ext:
        .byte   (ext0 - after_ext) / 2
        .byte   0
        .byte   (ext2 - after_ext) / 2
        .byte   0
