/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The EL2 responder: shared by its assembly and C parts.
 */
#ifndef FW_H
#define FW_H

/* QEMU virt memory map (hw/arm/virt.c). */
#define FW_RAM_BASE	0x40000000
#define FW_UART_BASE	0x09000000

/*
 * The firmware's own RAM (bss and stacks): the flash at 0 is read-only, so
 * everything writable lives here. The runner gives the kernel this range as
 * a /memreserve/ in the DTB; the Image goes in at FW_DATA_BASE + FW_DATA_SIZE.
 */
#define FW_DATA_BASE	0x40100000
#define FW_DATA_SIZE	0x00100000

#define FW_MAX_CPUS	8
#define FW_STACK_SIZE	0x4000

/* Where the runner puts the Linux Image and QEMU puts the DTB. */
#define FW_KERNEL_ADDR	0x40200000
#define FW_DTB_ADDR	FW_RAM_BASE

/* Size of the register frame the vectors save: x0..x30 and one pad. */
#define FW_FRAME_SIZE	256

#ifndef __ASSEMBLER__
#include <stdint.h>

struct fw_frame {
	uint64_t x[31];
	uint64_t pad;
};

_Static_assert(sizeof(struct fw_frame) == FW_FRAME_SIZE, "frame layout");

/* start.S */
void fw_enter_el1(uint64_t x0, uint64_t entry) __attribute__((noreturn));
uint64_t fw_smc(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3);
void fw_lock(volatile uint32_t *lock);
void fw_unlock(volatile uint32_t *lock);
extern char fw_secondary_entry[];

/* main.c, called from start.S */
void fw_main(void) __attribute__((noreturn));
void fw_secondary(uint64_t cpu) __attribute__((noreturn));
void fw_trap(struct fw_frame *f);
void fw_fatal(struct fw_frame *f, uint64_t vector) __attribute__((noreturn));
#endif

#endif /* FW_H */
