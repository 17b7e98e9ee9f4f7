#!/usr/bin/python3
"""Unicorn 2.0.1 oracle for m4sim (Cortex-M4F), two modes.

lockstep ELF --out TRACE.bin [--max N] [--fp] [--stats]
    Loads the ELF's PT_LOAD segments (file bytes at p_paddr), starts from the vector
    table at 0x0800_0000 (SP = word 0, PC = word 1, LR = 0xFFFFFFFF, xPSR = 0x0100_0000),
    implements semihosting (BKPT 0xAB)
    and writes one trace record BEFORE each executed instruction. The guest's
    semihosting stdout goes to stdout; the process exits with the guest's exit code.
    Errors (unmapped access, unhandled exception, --max reached) print one line on
    stderr and exit with 125.

    Trace record: little-endian uint32 words, no header, no padding:
        word 0        pc          address of the instruction about to execute
        words 1..13   r0..r12
        word 14       sp          (the active stack pointer)
        word 15       lr
        word 16       xpsr        as Unicorn reports it (NZCVQ 31:27, GE 19:16, T bit 24,
                                   IPSR 8:0; Unicorn reports IT bits as 0)
      with --fp additionally:
        words 17..48  s0..s31     raw IEEE-754 bit patterns
        word 49       fpscr
    so a record is 17 words = 68 bytes, or 50 words = 200 bytes with --fp.

    Unicorn quirks (as observed with 2.0.1): the code hook does not fire for
    instructions inside an IT block whose condition fails (they are absent from the
    trace), CPACR is ignored (the FPU is always on), there is no SysTick/NVIC: programs
    that need interrupts (systick, pendsv, fpu_irq) do not work here; use QEMU for them.

batch CASES.jsonl OUT.jsonl
    One case per input line:
      {"code":"hex bytes","base":n,"regs":[r0..r15],"apsr":n,"fpscr":n,"s":[32 u32],
       "mem":[{"addr":n,"hex":"..."}],"count":n}
    regs[15] is ignored: execution starts at base (Thumb). "regs" may be shorter than 16
    (missing registers are 0), "s", "mem", "apsr", "fpscr" may be omitted (0 / none),
    "count" defaults to 1. Runs `count` instructions or until PC reaches
    base + len(code). Writes one line per case:
      {"regs":[16],"apsr":n,"fpscr":n,"s":[32],"mem":[{"addr":n,"hex":"..."}],"error":null|"..."}
    "regs"[15] is the PC after the run, "apsr" = xPSR & 0xF80F0000 (NZCVQ + GE),
    "mem" holds the same ranges as the input, read after the run.
    One Unicorn instance serves all cases; memory: flash (2 MB at 0x0800_0000, aliased at
    0x0, read-only: stores fault; "code" and "mem" may still be placed there), RAM (640 KB at 0x2000_0000; its SRAM2 part 0x2003_0000.. aliased at 0x1000_0000),
    SCS (1 MB at 0xE000_0000, plain RAM) are always mapped; other pages named by "mem" or "base" are mapped on demand. After each
    case the code and "mem" ranges are zeroed again. An instruction that raises an
    exception (SVC, UDF, BKPT, a fault) stops the case with "error":"exception N".
    Quirk: Unicorn executes an IT instruction together with the next one as one step,
    so count=1 on an IT runs two instructions.
"""
import json
import struct
import sys
import time

try:
    from unicorn import Uc, UcError, UC_ARCH_ARM, UC_MODE_THUMB, UC_MODE_MCLASS, UC_HOOK_CODE, UC_HOOK_INTR
    from unicorn import UC_PROT_ALL, UC_PROT_READ, UC_PROT_EXEC
    import unicorn.arm_const as A
except ImportError:
    sys.stderr.write("unicorn_run: python3-unicorn is not installed (scripts/setup.sh installs it)\n")
    sys.exit(2)

FLASH_BASE, FLASH_SIZE = 0x08000000, 2 * 1024 * 1024
RAM_BASE, RAM_SIZE = 0x20000000, 640 * 1024
SRAM2_BASE, SRAM2_SIZE = 0x10000000, 64 * 1024
SCS_BASE, SCS_SIZE = 0xE0000000, 1024 * 1024
PAGE = 0x1000

GP_REGS = [getattr(A, "UC_ARM_REG_R%d" % i) for i in range(13)] + [A.UC_ARM_REG_SP, A.UC_ARM_REG_LR]
S_REGS = [getattr(A, "UC_ARM_REG_S%d" % i) for i in range(32)]

EXIT_ERROR = 125


class GuestExit(Exception):
    pass


def die(msg, code=2):
    sys.stderr.write("unicorn_run: %s\n" % msg)
    sys.exit(code)


SRAM2_IN_RAM = 0x30000  # SRAM2 (0x1000_0000) is also at 0x2003_0000 (RM0432 memory map)
_host_buffers = []  # keeps the host memory behind mem_map_ptr alive


def new_uc():
    """Unicorn with the STM32L4R5 memory: flash at 0x0800_0000 and its boot alias at 0x0
    (one host buffer mapped twice, read/execute only), RAM at 0x2000_0000 with SRAM2 also visible at
    0x1000_0000 (again one buffer), and the system control space as plain RAM."""
    import ctypes

    uc = Uc(UC_ARCH_ARM, UC_MODE_THUMB | UC_MODE_MCLASS)
    uc.ctl_set_cpu_model(A.UC_CPU_ARM_CORTEX_M4)  # must precede any other call
    flash = ctypes.create_string_buffer(FLASH_SIZE)
    ram = ctypes.create_string_buffer(RAM_SIZE)
    _host_buffers.extend((flash, ram))
    # flash is read/execute only: a store to it faults (UC_ERR_WRITE_PROT), as on m4sim
    uc.mem_map_ptr(FLASH_BASE, FLASH_SIZE, UC_PROT_READ | UC_PROT_EXEC, ctypes.addressof(flash))
    uc.mem_map_ptr(0, FLASH_SIZE, UC_PROT_READ | UC_PROT_EXEC, ctypes.addressof(flash))
    uc.mem_map_ptr(RAM_BASE, RAM_SIZE, UC_PROT_ALL, ctypes.addressof(ram))
    uc.mem_map_ptr(SRAM2_BASE, SRAM2_SIZE, UC_PROT_ALL, ctypes.addressof(ram) + SRAM2_IN_RAM)
    uc.mem_map(SCS_BASE, SCS_SIZE, UC_PROT_ALL)
    return uc


# ----------------------------------------------------------------------------- semihosting
SYS_OPEN, SYS_CLOSE, SYS_WRITEC, SYS_WRITE0, SYS_WRITE, SYS_READ = 0x01, 0x02, 0x03, 0x04, 0x05, 0x06
SYS_READC, SYS_ISERROR, SYS_ISTTY, SYS_SEEK, SYS_FLEN = 0x07, 0x08, 0x09, 0x0A, 0x0C
SYS_CLOCK, SYS_TIME, SYS_ERRNO, SYS_GET_CMDLINE, SYS_HEAPINFO = 0x10, 0x11, 0x13, 0x15, 0x16
SYS_EXIT, SYS_EXIT_EXTENDED = 0x18, 0x20
ADP_STOPPED_APPLICATION_EXIT = 0x20026
FEATURES = b"SHFB\x03"  # SH_EXT_EXIT_EXTENDED | SH_EXT_STDOUT_STDERR


class Semihost:
    """Arm semihosting v2 over BKPT 0xAB, as newlib's rdimon uses it."""

    def __init__(self, uc, out):
        self.uc = uc
        self.out = out
        self.files = {}  # handle -> dict(kind, pos, data)
        self.next_handle = 1
        self.errno = 0
        self.exit_code = None
        self.start = time.monotonic()

    def rd32(self, addr):
        return struct.unpack("<I", self.uc.mem_read(addr, 4))[0]

    def rdstr(self, addr, n=None):
        if n is not None:
            return bytes(self.uc.mem_read(addr, n))
        s = bytearray()
        while True:
            c = self.uc.mem_read(addr + len(s), 1)[0]
            if c == 0:
                return bytes(s)
            s.append(c)

    def call(self, op, arg):
        uc = self.uc
        if op == SYS_OPEN:
            name = self.rdstr(self.rd32(arg), self.rd32(arg + 8))
            mode = self.rd32(arg + 4)
            h = self.next_handle
            self.next_handle += 1
            if name == b":tt":
                self.files[h] = {"kind": "stdin" if mode < 4 else ("stdout" if mode < 8 else "stderr"), "pos": 0}
            elif name == b":semihosting-features":
                self.files[h] = {"kind": "data", "pos": 0, "data": FEATURES}
            else:
                self.errno = 2  # ENOENT: no host file access
                return 0xFFFFFFFF
            return h
        if op == SYS_CLOSE:
            return 0 if self.files.pop(self.rd32(arg), None) is not None else 0xFFFFFFFF
        if op == SYS_WRITEC:
            self.out.write(bytes(uc.mem_read(arg, 1)))
            return 0
        if op == SYS_WRITE0:
            self.out.write(self.rdstr(arg))
            return 0
        if op == SYS_WRITE:
            h, buf, n = self.rd32(arg), self.rd32(arg + 4), self.rd32(arg + 8)
            f = self.files.get(h)
            if f is None:
                self.errno = 9
                return n
            data = bytes(uc.mem_read(buf, n)) if n else b""
            if f["kind"] in ("stdout", "stderr"):
                (self.out if f["kind"] == "stdout" else sys.stderr.buffer).write(data)
                return 0  # bytes NOT written
            self.errno = 9
            return n
        if op == SYS_READ:
            h, buf, n = self.rd32(arg), self.rd32(arg + 4), self.rd32(arg + 8)
            f = self.files.get(h)
            if f is None:
                self.errno = 9
                return 0xFFFFFFFF
            if f["kind"] == "data":
                chunk = f["data"][f["pos"] : f["pos"] + n]
                uc.mem_write(buf, chunk)
                f["pos"] += len(chunk)
                return n - len(chunk)
            return n  # stdin: EOF
        if op == SYS_READC:
            return 0xFFFFFFFF
        if op == SYS_ISERROR:
            return 1 if (self.rd32(arg) & 0x80000000) else 0
        if op == SYS_ISTTY:
            f = self.files.get(self.rd32(arg))
            return 1 if f is not None and f["kind"] != "data" else 0
        if op == SYS_SEEK:
            f = self.files.get(self.rd32(arg))
            if f is None:
                self.errno = 9
                return 0xFFFFFFFF
            f["pos"] = self.rd32(arg + 4)
            return 0
        if op == SYS_FLEN:
            f = self.files.get(self.rd32(arg))
            if f is None:
                self.errno = 9
                return 0xFFFFFFFF
            return len(f["data"]) if f["kind"] == "data" else 0
        if op == SYS_CLOCK:
            return int((time.monotonic() - self.start) * 100) & 0xFFFFFFFF
        if op == SYS_TIME:
            return int(time.time()) & 0xFFFFFFFF
        if op == SYS_ERRNO:
            return self.errno
        if op == SYS_GET_CMDLINE:
            buf, size = self.rd32(arg), self.rd32(arg + 4)
            if size < 1:
                return 0xFFFFFFFF
            uc.mem_write(buf, b"\0")
            uc.mem_write(arg + 4, struct.pack("<I", 0))
            return 0
        if op == SYS_HEAPINFO:
            # heap base, heap limit, stack base, stack limit: 0 lets newlib use its own symbols
            uc.mem_write(self.rd32(arg), struct.pack("<4I", 0, 0, 0, 0))
            return 0
        if op == SYS_EXIT:
            # 32-bit ARM: r1 is the reason code itself
            self.exit_code = 0 if arg == ADP_STOPPED_APPLICATION_EXIT else 1
            raise GuestExit()
        if op == SYS_EXIT_EXTENDED:
            reason, sub = self.rd32(arg), self.rd32(arg + 4)
            self.exit_code = (sub & 0xFF) if reason == ADP_STOPPED_APPLICATION_EXIT else 1
            raise GuestExit()
        raise RuntimeError("unsupported semihosting operation 0x%x" % op)


# ----------------------------------------------------------------------------- lockstep
def batch_reader(uc, regs):
    """One uc_reg_read_batch call per record (the per-register Python binding is ~20x
    slower). Returns a function giving the registers as packed little-endian uint32."""
    import ctypes
    from unicorn import unicorn as _u

    n = len(regs)
    fn = _u._uc.uc_reg_read_batch
    fn.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_void_p), ctypes.c_int]
    fn.restype = ctypes.c_int
    ids = (ctypes.c_int * n)(*regs)
    vals = (ctypes.c_uint64 * n)()
    ptrs = (ctypes.c_void_p * n)(*[ctypes.addressof(vals) + 8 * i for i in range(n)])
    low_words = memoryview(vals).cast("B").cast("I")  # little-endian host: low half first
    handle = uc._uch

    def read():
        fn(handle, ids, ptrs, n)
        return low_words[::2].tobytes()

    return read


def load_elf(uc, path):
    try:
        from elftools.elf.elffile import ELFFile
    except ImportError:
        die("python3-pyelftools is not installed (scripts/setup.sh installs it)")
    try:
        f = open(path, "rb")
    except OSError as e:
        die("cannot open ELF %s: %s" % (path, e.strerror))
    with f:
        try:
            elf = ELFFile(f)
        except Exception:
            die("%s is not an ELF file" % path)
        if elf["e_machine"] != "EM_ARM" or elf.elfclass != 32:
            die("%s is not a 32-bit Arm ELF" % path)
        for seg in elf.iter_segments():
            if seg["p_type"] != "PT_LOAD" or seg["p_filesz"] == 0:
                continue
            data = seg.data()
            try:
                uc.mem_write(seg["p_paddr"], data)
            except UcError:
                die("%s: segment at 0x%08x (%d bytes) lies outside the mapped memory" % (path, seg["p_paddr"], len(data)))


def lockstep(args):
    import argparse

    ap = argparse.ArgumentParser(prog="unicorn_run.py lockstep")
    ap.add_argument("elf")
    ap.add_argument("--out", required=True)
    ap.add_argument("--max", type=int, default=50_000_000, help="stop with an error after N instructions (default 50M)")
    ap.add_argument("--fp", action="store_true", help="also record s0..s31 and fpscr")
    ap.add_argument("--stats", action="store_true", help="print the instruction count and speed on stderr")
    a = ap.parse_args(args)

    uc = new_uc()
    load_elf(uc, a.elf)
    sp, pc = struct.unpack("<II", uc.mem_read(FLASH_BASE, 8))
    uc.reg_write(A.UC_ARM_REG_SP, sp)
    uc.reg_write(A.UC_ARM_REG_MSP, sp)
    uc.reg_write(A.UC_ARM_REG_LR, 0xFFFFFFFF)  # LR's reset value (ARMv7-M ARM B1.5.5)
    uc.reg_write(A.UC_ARM_REG_XPSR, 0x01000000)  # Thumb, flags clear (Unicorn starts with Z set)

    out = sys.stdout.buffer
    sh = Semihost(uc, out)
    try:
        trace = open(a.out, "wb")
    except OSError as e:
        die("cannot write trace %s: %s" % (a.out, e.strerror))
    buf = []
    state = {"n": 0, "error": None}
    regs = GP_REGS + [A.UC_ARM_REG_XPSR]
    if a.fp:
        regs = regs + S_REGS + [A.UC_ARM_REG_FPSCR]
    limit = a.max
    read_regs = batch_reader(uc, regs)

    def on_code(uc, address, size, _):
        if state["n"] >= limit:  # the trace holds exactly `limit` records
            state["error"] = "instruction limit %d reached at pc=0x%08x" % (limit, address)
            uc.emu_stop()
            return
        buf.append(struct.pack("<I", address) + read_regs())
        state["n"] += 1
        if len(buf) >= 8192:
            trace.write(b"".join(buf))
            buf.clear()

    def on_intr(uc, intno, _):
        pc = uc.reg_read(A.UC_ARM_REG_PC)
        if intno == 7 and bytes(uc.mem_read(pc, 2)) == b"\xab\xbe":  # BKPT 0xAB
            try:
                r = sh.call(uc.reg_read(A.UC_ARM_REG_R0), uc.reg_read(A.UC_ARM_REG_R1))
            except GuestExit:
                uc.emu_stop()
                return
            except (RuntimeError, UcError) as e:
                state["error"] = "semihosting at pc=0x%08x: %s" % (pc, e)
                uc.emu_stop()
                return
            uc.reg_write(A.UC_ARM_REG_R0, r & 0xFFFFFFFF)
            uc.reg_write(A.UC_ARM_REG_PC, (pc + 2) | 1)
            return
        state["error"] = "unhandled exception (Unicorn intno %d) at pc=0x%08x" % (intno, pc)
        uc.emu_stop()

    uc.hook_add(UC_HOOK_CODE, on_code)
    uc.hook_add(UC_HOOK_INTR, on_intr)
    try:
        uc.emu_start(pc | 1, 0xFFFFFFFF)
    except UcError as e:
        state["error"] = "%s at pc=0x%08x" % (e, uc.reg_read(A.UC_ARM_REG_PC))
    trace.write(b"".join(buf))
    trace.close()
    out.flush()
    if a.stats:
        dt = time.monotonic() - sh.start
        sys.stderr.write("unicorn_run: %d instructions in %.2f s (%.2f MIPS)\n" % (state["n"], dt, state["n"] / dt / 1e6))
    if state["error"] is None and sh.exit_code is None:
        pc = uc.reg_read(A.UC_ARM_REG_PC)
        state["error"] = "emulation stopped without a semihosting exit at pc=0x%08x" % pc
        try:
            prev = struct.unpack("<H", uc.mem_read(pc - 2, 2))[0]
            if prev in (0xBF30, 0xBF20):  # WFI / WFE just executed
                state["error"] += " (WFI/WFE: Unicorn has no SysTick or NVIC, so nothing wakes the core)"
        except UcError:
            pass
    if state["error"]:
        sys.stderr.write("unicorn_run: %s (after %d instructions)\n" % (state["error"], state["n"]))
        sys.exit(EXIT_ERROR)
    sys.exit(sh.exit_code)


# ----------------------------------------------------------------------------- batch
def u32(v, what):
    if not isinstance(v, int) or isinstance(v, bool) or v < 0 or v > 0xFFFFFFFF:
        raise ValueError("%s must be an integer 0..2^32-1, got %r" % (what, v))
    return v


class RegBlock:
    """Batched register access (uc_reg_write_batch / uc_reg_read_batch): one ctypes call
    instead of one per register."""

    def __init__(self, uc, regs):
        import ctypes
        from unicorn import unicorn as _u

        self.n = n = len(regs)
        self.ids = (ctypes.c_int * n)(*regs)
        self.vals = (ctypes.c_uint64 * n)()
        self.ptrs = (ctypes.c_void_p * n)(*[ctypes.addressof(self.vals) + 8 * i for i in range(n)])
        self.handle = uc._uch
        self.rd = _u._uc.uc_reg_read_batch
        self.wr = _u._uc.uc_reg_write_batch
        for fn in (self.rd, self.wr):
            fn.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_void_p), ctypes.c_int]
            fn.restype = ctypes.c_int

    def write(self, values):
        self.vals[:] = values
        if self.wr(self.handle, self.ids, self.ptrs, self.n) != 0:
            raise RuntimeError("uc_reg_write_batch failed")

    def read(self):
        if self.rd(self.handle, self.ids, self.ptrs, self.n) != 0:
            raise RuntimeError("uc_reg_read_batch failed")
        return [v & 0xFFFFFFFF for v in self.vals]


class Batch:
    def __init__(self):
        self.uc = new_uc()
        self.extra_pages = set()
        self.stop_reason = None
        self.uc.hook_add(UC_HOOK_INTR, self._on_intr)
        # written in this order: xPSR first (T bit, IT = 0), then APSR incl. GE (an XPSR
        # write drops GE), then the rest
        self.wblock = RegBlock(self.uc, [A.UC_ARM_REG_XPSR, A.UC_ARM_REG_APSR_NZCVQG] + GP_REGS + [A.UC_ARM_REG_FPSCR] + S_REGS)
        self.rblock = RegBlock(self.uc, GP_REGS + [A.UC_ARM_REG_PC, A.UC_ARM_REG_XPSR, A.UC_ARM_REG_FPSCR] + S_REGS)

    def _on_intr(self, uc, intno, _):
        self.stop_reason = "exception %d at pc=0x%08x" % (intno, uc.reg_read(A.UC_ARM_REG_PC))
        uc.emu_stop()

    def mapped(self, addr):
        for base, size in ((0, FLASH_SIZE), (FLASH_BASE, FLASH_SIZE), (RAM_BASE, RAM_SIZE), (SRAM2_BASE, SRAM2_SIZE), (SCS_BASE, SCS_SIZE)):
            if base <= addr < base + size:
                return True
        return (addr & ~(PAGE - 1)) in self.extra_pages

    def ensure(self, addr, n):
        if n <= 0:
            return
        if addr + n > 1 << 32:
            raise ValueError("range 0x%x+%d runs past 4 GB" % (addr, n))
        p = addr & ~(PAGE - 1)
        while p < addr + n:
            if not self.mapped(p):
                self.uc.mem_map(p, PAGE, UC_PROT_ALL)
                self.extra_pages.add(p)
            p += PAGE

    def run(self, case):
        uc = self.uc
        if not isinstance(case, dict):
            raise ValueError("case must be a JSON object")
        code = bytes.fromhex(case.get("code", ""))
        base = u32(case.get("base", RAM_BASE), "base")
        if base & 1:
            raise ValueError("base must be even (Thumb halfword aligned)")
        regs = case.get("regs", [])
        if not isinstance(regs, list) or len(regs) > 16:
            raise ValueError("regs must be a list of at most 16 integers")
        regs = [u32(v, "regs[%d]" % i) for i, v in enumerate(regs)] + [0] * (16 - len(regs))
        svals = case.get("s", [])
        if not isinstance(svals, list) or len(svals) > 32:
            raise ValueError("s must be a list of at most 32 integers")
        svals = [u32(v, "s[%d]" % i) for i, v in enumerate(svals)] + [0] * (32 - len(svals))
        apsr = u32(case.get("apsr", 0), "apsr")
        fpscr = u32(case.get("fpscr", 0), "fpscr")
        count = case.get("count", 1)
        if not isinstance(count, int) or count < 0:
            raise ValueError("count must be a non-negative integer")
        mem = case.get("mem", [])
        if not isinstance(mem, list):
            raise ValueError("mem must be a list")
        ranges = []
        for i, m in enumerate(mem):
            if not isinstance(m, dict):
                raise ValueError("mem[%d] must be an object" % i)
            ranges.append((u32(m.get("addr"), "mem[%d].addr" % i), bytes.fromhex(m.get("hex", ""))))
        # "zero": [{"addr": n, "len": n}] ranges cleared before the case, so stores a previous
        # case made outside its "mem" ranges leave nothing behind
        zero = []
        for i, z in enumerate(case.get("zero", [])):
            if not isinstance(z, dict):
                raise ValueError("zero[%d] must be an object" % i)
            zero.append((u32(z.get("addr"), "zero[%d].addr" % i), u32(z.get("len"), "zero[%d].len" % i)))

        self.ensure(base, max(len(code), 2))
        for addr, data in ranges:
            self.ensure(addr, len(data))
        for addr, n in zero:
            self.ensure(addr, n)
        try:
            for addr, n in zero:
                uc.mem_write(addr, bytes(n))
            uc.mem_write(base, code)
            for addr, data in ranges:
                uc.mem_write(addr, data)
            self.wblock.write([0x01000000, apsr & 0xF80F0000] + regs[:15] + [fpscr] + svals)
            self.stop_reason = None
            error = None
            if count > 0 and code:
                try:
                    uc.emu_start(base | 1, base + len(code), count=count)
                except UcError as e:
                    error = "%s at pc=0x%08x" % (e, uc.reg_read(A.UC_ARM_REG_PC))
            if self.stop_reason:
                error = self.stop_reason
            v = self.rblock.read()
            res = {
                "regs": v[:16],
                "apsr": v[16] & 0xF80F0000,
                "fpscr": v[17],
                "s": v[18:],
                "mem": [{"addr": addr, "hex": bytes(uc.mem_read(addr, len(data))).hex()} for addr, data in ranges],
                "error": error,
            }
        finally:
            # leave no trace for the next case
            uc.mem_write(base, b"\0" * len(code))
            for addr, data in ranges:
                uc.mem_write(addr, b"\0" * len(data))
        return res


def batch(args):
    if len(args) != 2:
        die("usage: unicorn_run.py batch CASES.jsonl OUT.jsonl")
    try:
        src = open(args[0], "r")
    except OSError as e:
        die("cannot open cases %s: %s" % (args[0], e.strerror))
    try:
        dst = open(args[1], "w")
    except OSError as e:
        die("cannot write %s: %s" % (args[1], e.strerror))
    b = Batch()
    n = 0
    t0 = time.monotonic()
    with src, dst:
        for lineno, line in enumerate(src, 1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
                res = b.run(case)
            except (ValueError, TypeError) as e:
                die("%s line %d: %s" % (args[0], lineno, e))
            dst.write(json.dumps(res, separators=(",", ":")) + "\n")
            n += 1
    dt = time.monotonic() - t0
    sys.stderr.write("unicorn_run: %d cases in %.2f s (%.0f cases/s)\n" % (n, dt, n / dt if dt > 0 else 0))


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("lockstep", "batch"):
        die("usage: unicorn_run.py lockstep ELF --out TRACE.bin [--max N] [--fp] | batch CASES.jsonl OUT.jsonl")
    if sys.argv[1] == "lockstep":
        lockstep(sys.argv[2:])
    else:
        batch(sys.argv[2:])


if __name__ == "__main__":
    main()
