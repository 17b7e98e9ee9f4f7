@ Special registers: CPSID/CPSIE i and f, MRS/MSR PRIMASK, FAULTMASK, BASEPRI,
@ BASEPRI_MAX (only raises), CONTROL.SPSEL: switch thread mode to PSP and back,
@ checking that PUSH/POP use the selected stack and MSP stays untouched; MSR APSR.
        .file "sysregs.S"  @ fixed name: keeps the temp file's name out of the ELF
#include "common.inc"
        .section .rodata
        .global test_name
test_name: .asciz "sysregs"

        .bss
        .align 3
pstack: .space 256
pstack_top:

        .text
        .thumb_func
        .global test_main
test_main:
        push    {r4-r7, lr}
        @ PRIMASK
        mrs     r0, primask
        CHECK   r0, 0, 1
        cpsid   i
        mrs     r0, primask
        CHECK   r0, 1, 2
        cpsie   i
        mrs     r0, primask
        CHECK   r0, 0, 3
        movs    r1, #1
        msr     primask, r1
        mrs     r0, primask
        CHECK   r0, 1, 4
        movs    r1, #0
        msr     primask, r1
        @ FAULTMASK
        cpsid   f
        mrs     r0, faultmask
        CHECK   r0, 1, 5
        cpsie   f
        mrs     r0, faultmask
        CHECK   r0, 0, 6
        @ BASEPRI (4 implemented priority bits on the STM32L4: low nibble reads 0)
        movs    r1, #0x40
        msr     basepri, r1
        mrs     r0, basepri
        CHECK   r0, 0x40, 7
        movs    r1, #0x80          @ BASEPRI_MAX: lower priority (larger value) is ignored
        msr     basepri_max, r1
        mrs     r0, basepri
        CHECK   r0, 0x40, 8
        movs    r1, #0x20          @ higher priority: taken
        msr     basepri_max, r1
        mrs     r0, basepri
        CHECK   r0, 0x20, 9
        movs    r1, #0
        msr     basepri, r1
        mrs     r0, basepri
        CHECK   r0, 0, 10
        @ CONTROL: thread mode, privileged, MSP
        mrs     r0, control
        CHECK   r0, 0, 11
        mrs     r0, ipsr
        CHECK   r0, 0, 12
        @ switch to the process stack
        mov     r6, sp             @ MSP value
        ldr     r0, =pstack_top
        msr     psp, r0
        movs    r1, #2
        msr     control, r1
        isb
        mrs     r0, control
        CHECK   r0, 2, 13
        mov     r2, sp
        CHECK   r2, pstack_top, 14
        ldr     r3, =0xABCD1234
        push    {r3}
        mrs     r0, psp
        CHECK   r0, pstack_top - 4, 15
        mrs     r0, msp
        CHECKR  r0, r6, 16
        ldr     r1, =pstack_top - 4
        ldr     r2, [r1]
        CHECK   r2, 0xABCD1234, 17
        pop     {r3}
        @ back to MSP
        movs    r1, #0
        msr     control, r1
        isb
        mov     r2, sp
        CHECKR  r2, r6, 18
        mrs     r0, psp
        CHECK   r0, pstack_top, 19
        @ MSR APSR_nzcvq / APSR_g and MRS APSR
        ldr     r1, =0xF80F0000
        msr     apsr_nzcvqg, r1
        mrs     r0, apsr
        CHECK   r0, 0xF80F0000, 20
        movs    r1, #0
        msr     apsr_nzcvqg, r1
        mrs     r0, apsr
        CHECK   r0, 0, 21
        @ SEL uses GE written by MSR
        ldr     r1, =0x00050000    @ GE = 0b0101
        msr     apsr_g, r1
        ldr     r2, =0x11223344
        ldr     r3, =0xAABBCCDD
        sel     r0, r2, r3
        CHECK   r0, 0xAA22CC44, 22
        pop     {r4-r7, pc}
