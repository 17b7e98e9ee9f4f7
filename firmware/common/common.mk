# Shared toolchain settings for m4sim firmware (tests and the VAE training firmware).
# Include from a Makefile:  include $(dir $(lastword $(MAKEFILE_LIST)))../common/common.mk
# Provides: CC, OBJCOPY, SIZE, M4_COMMON (this folder), M4_CFLAGS, M4_LDFLAGS,
# M4_LD_FULL (640 KB RAM, the real chip), M4_LD_SMALL (128 KB RAM, also runs on QEMU
# netduinoplus2), M4_STARTUP_SRCS (startup + vector table; add system_stm32l4r5.c for
# clock set-up). Builds are reproducible: paths under the repository root are mapped to
# relative ones in debug info and __FILE__, and no build-id is written.
M4_COMMON := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
M4_REPO_ROOT := $(abspath $(M4_COMMON)/../..)

CROSS ?= arm-none-eabi-
CC := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
SIZE := $(CROSS)size

M4_ARCH := -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard
M4_CFLAGS := $(M4_ARCH) -g -std=gnu11 -Wall -Wextra -ffunction-sections -fdata-sections \
  -ffile-prefix-map=$(M4_REPO_ROOT)/= -fdebug-prefix-map=$(M4_REPO_ROOT)=. -I$(M4_COMMON)
M4_LDFLAGS := $(M4_ARCH) -nostartfiles --specs=nano.specs --specs=rdimon.specs -u _printf_float \
  -Wl,--gc-sections -Wl,--build-id=none -L$(M4_COMMON)
M4_LD_FULL := $(M4_COMMON)/stm32l4r5zi.ld
M4_LD_SMALL := $(M4_COMMON)/stm32l4r5zi-small.ld
M4_STARTUP_SRCS := $(M4_COMMON)/startup_stm32l4r5.c
M4_SYSTEM_SRCS := $(M4_COMMON)/system_stm32l4r5.c
