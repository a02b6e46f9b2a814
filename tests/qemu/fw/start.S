/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reset entry, EL2 set-up, the EL2 vector table and the few instructions C
 * cannot express. QEMU's virt board starts the boot CPU here at EL2 (flash
 * at 0, -M virt,virtualization=on,secure=off); secondaries start powered
 * off and arrive at fw_secondary_entry through PSCI CPU_ON.
 */
#include "fw.h"

#define HCR_RW		(1 << 31)
#define HCR_TSC		(1 << 19)
#define HCR_API		(1 << 41)
#define HCR_APK		(1 << 40)
/* CPTR_EL2 (E2H = 0): RES1 bits only, so no FP/SIMD/SVE traps. */
#define CPTR_EL2_RES1	0x32ff
/* SCTLR_EL1 RES1 bits (ARM DDI 0487 D17.2), MMU and caches off. */
#define SCTLR_EL1_SAFE	0x30d00800
/* SCTLR_EL2 RES1 bits plus I-cache; MMU off, so data is Device memory. */
#define SCTLR_EL2_SAFE	0x30c51830
/* SPSR: EL1h, D, A, I, F masked. */
#define SPSR_EL1H	0x3c5

/* Leaves the CPU index in \idx; hangs on a CPU outside FW_MAX_CPUS. */
.macro cpu_index idx, tmp
	mrs	\idx, mpidr_el1
	ubfx	\tmp, \idx, #8, #8
	and	\idx, \idx, #0xff
	add	\idx, \idx, \tmp, lsl #3
	cmp	\idx, #FW_MAX_CPUS
	b.hs	hang
.endm

/* sp = top of this CPU's stack. */
.macro cpu_stack idx, tmp
	ldr	\tmp, =__stacks_end
	sub	\tmp, \tmp, \idx, lsl #14
	mov	sp, \tmp
.endm

/* What the kernel needs from EL2 before it runs at EL1 (DESIGN.md §10). */
.macro el2_setup
	ldr	x9, =(HCR_RW | HCR_TSC | HCR_API | HCR_APK)
	msr	hcr_el2, x9
	ldr	x9, =SCTLR_EL2_SAFE
	msr	sctlr_el2, x9
	ldr	x9, =vectors
	msr	vbar_el2, x9
	ldr	x9, =CPTR_EL2_RES1
	msr	cptr_el2, x9
	msr	hstr_el2, xzr
	mov	x9, #3			/* EL1PCTEN | EL1PCEN */
	msr	cnthctl_el2, x9
	msr	cntvoff_el2, xzr
	mrs	x9, midr_el1
	msr	vpidr_el2, x9
	mrs	x9, mpidr_el1
	msr	vmpidr_el2, x9
	mrs	x9, pmcr_el0
	ubfx	x9, x9, #11, #5		/* PMCR.N: all counters to EL1 */
	msr	mdcr_el2, x9
	msr	vttbr_el2, xzr
	ldr	x9, =SCTLR_EL1_SAFE
	msr	sctlr_el1, x9
	isb
.endm

	.section .text.boot, "ax"
	.global _start
_start:
	mrs	x9, CurrentEL
	cmp	x9, #(2 << 2)
	b.ne	hang
	cpu_index x19, x9
	cpu_stack x19, x9

	/* Flash is ROM: copy .data to RAM, clear .bss. */
	ldr	x1, =__data_load
	ldr	x2, =__data_start
	ldr	x3, =__data_end
1:	cmp	x2, x3
	b.hs	2f
	ldr	x4, [x1], #8
	str	x4, [x2], #8
	b	1b
2:	ldr	x2, =__bss_start
	ldr	x3, =__bss_end
3:	cmp	x2, x3
	b.hs	4f
	str	xzr, [x2], #8
	b	3b
4:
	el2_setup
	bl	fw_main
	b	hang

	.global fw_secondary_entry
fw_secondary_entry:
	cpu_index x19, x9
	cpu_stack x19, x9
	el2_setup
	mov	x0, x19
	bl	fw_secondary
	b	hang

hang:
	wfe
	b	hang

	.text
/* void fw_enter_el1(uint64_t x0, uint64_t entry) */
	.global fw_enter_el1
fw_enter_el1:
	msr	elr_el2, x1
	mov	x9, #SPSR_EL1H
	msr	spsr_el2, x9
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	isb
	eret

/*
 * uint64_t fw_smc(a0, a1, a2, a3): an SMC from EL2 reaches QEMU's own PSCI
 * (there is no EL3); QEMU writes only x0.
 */
	.global fw_smc
fw_smc:
	smc	#0
	ret

/*
 * A ticket-free spinlock. QEMU implements exclusives whatever the memory
 * type, so this works with the MMU off (on hardware it would need the MMU).
 */
	.global fw_lock
fw_lock:
	mov	w2, #1
1:	ldaxr	w1, [x0]
	cbnz	w1, 1b
	stxr	w1, w2, [x0]
	cbnz	w1, 1b
	ret

	.global fw_unlock
fw_unlock:
	stlr	wzr, [x0]
	ret

/* ---- EL2 vectors --------------------------------------------------- */

.macro save_frame
	sub	sp, sp, #FW_FRAME_SIZE
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
.endm

.macro fatal_vector n
	.balign 0x80
	save_frame
	mov	x0, sp
	mov	x1, #\n
	bl	fw_fatal
.endm

	.balign 0x800
vectors:
	fatal_vector 0		/* current EL, SP0: sync */
	fatal_vector 1		/* irq */
	fatal_vector 2		/* fiq */
	fatal_vector 3		/* serror */
	fatal_vector 4		/* current EL, SPx: sync */
	fatal_vector 5
	fatal_vector 6
	fatal_vector 7
	.balign 0x80		/* lower EL, AArch64: sync */
	b	lower_sync
	fatal_vector 9		/* irq: never routed here (HCR_EL2.IMO = 0) */
	fatal_vector 10
	fatal_vector 11
	fatal_vector 12		/* lower EL, AArch32 */
	fatal_vector 13
	fatal_vector 14
	fatal_vector 15

/*
 * A trapped SMC (or an HVC): save every register, let C rewrite the frame,
 * restore every register. Registers C does not write come back unchanged,
 * which SMCCC 1.1 callers rely on for x4..x17.
 */
lower_sync:
	save_frame
	mov	x0, sp
	bl	fw_trap
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #FW_FRAME_SIZE
	eret
