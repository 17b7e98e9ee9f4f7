#!/usr/bin/env bash
# Run an ELF on QEMU's netduinoplus2 (STM32F405: Cortex-M4F, flash at 0x0800_0000,
# 128 KB SRAM at 0x2000_0000) with semihosting on stdio.
#   usage: qemu_run.sh ELF [timeout_s]     (default timeout 60 s)
# -icount shift=0,sleep=off makes virtual time count instructions (1 ns each), so timer
# interrupts (SysTick) arrive at the same instruction on every run: output is deterministic.
# Prints the guest's semihosting stdout; exits with the guest's exit code
# (SYS_EXIT_EXTENDED), 124 on timeout, 2 on bad usage.
set -u
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: qemu_run.sh ELF [timeout_s]" >&2
  exit 2
fi
elf=$1
t=${2:-60}
if [ ! -f "$elf" ]; then
  echo "qemu_run.sh: no such ELF: $elf" >&2
  exit 2
fi
case $t in '' | *[!0-9]*) echo "qemu_run.sh: timeout must be whole seconds, got '$t'" >&2; exit 2 ;; esac
if ! command -v qemu-system-arm >/dev/null; then
  echo "qemu_run.sh: qemu-system-arm not found (scripts/setup.sh installs it)" >&2
  exit 2
fi
# QEMU makes its stdout non-blocking and drops what a slow pipe does not take: its output goes
# to a regular file first, and is copied to our stdout when QEMU has exited.
out=$(mktemp) || exit 2
trap 'rm -f "$out"' EXIT
timeout --kill-after=5 "$t" qemu-system-arm -M netduinoplus2 -icount shift=0,sleep=off -nographic -monitor none -serial null \
  -semihosting-config enable=on,target=native,chardev=sh0 -chardev stdio,id=sh0 -kernel "$elf" </dev/null >"$out"
rc=$?
cat "$out"
exit $rc
