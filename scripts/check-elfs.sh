#!/usr/bin/env bash
# Fails (non-zero, naming the file) if any committed firmware ELF in firmware/elf/ differs
# from a fresh build: wraps `make -C firmware check`, which rebuilds the test programs in a
# temporary directory and runs `check` in firmware/vae and firmware/timing when present.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v arm-none-eabi-gcc >/dev/null; then
  echo "check-elfs: arm-none-eabi-gcc not found (scripts/setup.sh installs it)" >&2
  exit 2
fi
exec make --no-print-directory -C firmware check
