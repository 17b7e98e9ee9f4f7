#!/usr/bin/python3
"""Times a firmware ELF on Unicorn 2.0.1: run to the semihosting exit, no per-instruction
hook (Unicorn's best case), or with --hook a per-instruction hook that counts instructions
(what any cycle accounting on Unicorn needs). Prints one JSON line:
{"seconds": wall seconds of emu_start, "instructions": counted (only with --hook), "exit": code}"""
import json
import os
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "oracle"))
import unicorn_run as U  # noqa: E402
from unicorn import UcError, UC_HOOK_CODE, UC_HOOK_INTR  # noqa: E402
import unicorn.arm_const as A  # noqa: E402


def main():
    elf = sys.argv[1]
    hook = "--hook" in sys.argv
    uc = U.new_uc()
    U.load_elf(uc, elf)
    sp, pc = struct.unpack("<II", uc.mem_read(U.FLASH_BASE, 8))
    uc.reg_write(A.UC_ARM_REG_SP, sp)
    uc.reg_write(A.UC_ARM_REG_MSP, sp)
    sh = U.Semihost(uc, open(os.devnull, "wb"))
    n = [0]

    def on_intr(uc, intno, _):
        p = uc.reg_read(A.UC_ARM_REG_PC)
        try:
            r = sh.call(uc.reg_read(A.UC_ARM_REG_R0), uc.reg_read(A.UC_ARM_REG_R1))
        except U.GuestExit:
            uc.emu_stop()
            return
        uc.reg_write(A.UC_ARM_REG_R0, r & 0xFFFFFFFF)
        uc.reg_write(A.UC_ARM_REG_PC, (p + 2) | 1)

    def on_code(uc, address, size, _):
        n[0] += 1

    uc.hook_add(UC_HOOK_INTR, on_intr)
    if hook:
        uc.hook_add(UC_HOOK_CODE, on_code)
    t = time.perf_counter()
    try:
        uc.emu_start(pc | 1, 0xFFFFFFFF)
    except UcError as e:
        sys.stderr.write("unicorn_speed: %s\n" % e)
        sys.exit(1)
    dt = time.perf_counter() - t
    print(json.dumps({"seconds": dt, "instructions": n[0] if hook else None, "exit": sh.exit_code}))


main()
