// SPDX-License-Identifier: BSD-3-Clause
/*
 * The EL2 responder's C half: boot the Linux Image at EL1, then serve the
 * SMCs it makes. FF-A calls go to the SPMC model (model/), PSCI goes on to
 * QEMU's own PSCI, SMCCC discovery is answered here, anything else gets
 * SMCCC NOT_SUPPORTED.
 *
 * The MMU stays off at EL2: normal-world addresses are physical addresses,
 * and the model's map() is the identity over RAM. Data accesses are Device
 * memory then, hence -mstrict-align and no cache maintenance (QEMU TCG
 * models no caches; real hardware would need them).
 */
#include <stddef.h>
#include <stdint.h>

#include "ffa/ffa.h"
#include "model.h"
#include "fw.h"

#ifndef FW_RAM_SIZE
#define FW_RAM_SIZE 0x40000000ull
#endif

#define SMCCC_VERSION		0x80000000u
#define SMCCC_VERSION_1_2	0x10002u
#define SMCCC_NOT_SUPPORTED	UINT64_MAX	/* -1 */
#define PSCI_FEATURES		0x8400000Au
#define PSCI_CPU_ON_32		0x84000003u
#define PSCI_CPU_ON_64		0xC4000003u
#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_INVALID_PARAMS	((uint64_t)-2)

#define ESR_EC(esr)		(((esr) >> 26) & 0x3f)
#define EC_HVC64		0x16
#define EC_SMC64		0x17

/* ---- console -------------------------------------------------------- */

#define UART_DR		0x00
#define UART_FR		0x18
#define UART_FR_TXFF	(1u << 5)

static void putc_raw(char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)FW_UART_BASE;

	while (uart[UART_FR / 4] & UART_FR_TXFF)
		;
	uart[UART_DR / 4] = (uint32_t)(unsigned char)c;
}

static void puts_raw(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc_raw('\r');
		putc_raw(*s);
	}
}

static void puthex(uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	int i;

	puts_raw("0x");
	for (i = 60; i >= 0; i -= 4)
		putc_raw(digits[(v >> i) & 0xf]);
}

static void putdec(uint64_t v)
{
	char buf[21];
	int i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	puts_raw(buf + i);
}

/* ---- the model's host -------------------------------------------------- */

#define REGION_CAP	64
#define RANGE_CAP	4096
#define INDEX_CAP	256	/* power of two, >= 2 * REGION_CAP */
#define FRAG_CAP	(64 * 1024)

static struct ffa_model_state state;
static struct ffa_model_region regions[REGION_CAP];
static struct ffa_model_range ranges[RANGE_CAP];
static uint32_t index_slots[INDEX_CAP];
static uint8_t frag_buf[FRAG_CAP];
static volatile uint32_t model_lock;

/* Secondary CPUs: where PSCI CPU_ON asked each one to enter EL1. */
static struct {
	uint64_t entry;
	uint64_t context;
} cpu_boot[FW_MAX_CPUS];

static uint64_t ffa_calls;

/*
 * Normal-world RAM, less this firmware's own: a descriptor naming the
 * firmware's storage must not make the model write over itself.
 */
static int ram_range_ok(uint64_t pa, uint64_t len)
{
	uint64_t end = pa + len;

	if (end < pa || pa < FW_RAM_BASE || end > FW_RAM_BASE + FW_RAM_SIZE)
		return 0;
	if (pa < FW_DATA_BASE + FW_DATA_SIZE && end > FW_DATA_BASE)
		return 0;
	return 1;
}

static void *host_map(void *ctx, uint64_t pa, uint64_t len)
{
	(void)ctx;
	if (!len || !ram_range_ok(pa, len))
		return NULL;
	return (void *)(uintptr_t)pa;
}

static void host_fill(void *ctx, uint64_t pa, uint32_t pages,
		      uint32_t pattern)
{
	uint64_t len = (uint64_t)pages * FFA_PAGE_SIZE;
	volatile uint32_t *p;
	uint64_t i;

	(void)ctx;
	if (!ram_range_ok(pa, len))
		return;
	p = (volatile uint32_t *)(uintptr_t)pa;
	for (i = 0; i < len / 4; i++)
		p[i] = pattern;
}

/* FNV-1a over the words; 0 iff every word read back zero. */
static uint32_t host_checksum(void *ctx, uint64_t pa, uint32_t pages)
{
	uint64_t len = (uint64_t)pages * FFA_PAGE_SIZE;
	volatile const uint32_t *p;
	uint32_t h = 0x811c9dc5u, w, any = 0;
	uint64_t i;

	(void)ctx;
	/* Memory that is not RAM reads as junk, never as zero. */
	if (!ram_range_ok(pa, len))
		return 0xdeadbeefu;
	p = (volatile const uint32_t *)(uintptr_t)pa;
	for (i = 0; i < len / 4; i++) {
		w = p[i];
		any |= w;
		h = (h ^ w) * 0x01000193u;
	}
	if (!any)
		return 0;
	return h ? h : 1;
}

/* A borrower's write: the byte at @pa plus one (TF-A's TSP does that). */
static uint8_t host_bump(void *ctx, uint64_t pa)
{
	volatile uint8_t *p;

	(void)ctx;
	if (!ram_range_ok(pa, 1))
		return 0;
	p = (volatile uint8_t *)(uintptr_t)pa;
	*p = (uint8_t)(*p + 1);
	return *p;
}

static const struct ffa_model_host host = {
	.map = host_map,
	.fill = host_fill,
	.checksum = host_checksum,
	.bump = host_bump,
	.regions = regions,
	.region_cap = REGION_CAP,
	.ranges = ranges,
	.range_cap = RANGE_CAP,
	.index = index_slots,
	.index_cap = INDEX_CAP,
	.frag_buf = frag_buf,
	.frag_cap = FRAG_CAP,
};

/* ---- calls ------------------------------------------------------------ */

static int is_ffa(uint32_t fid)
{
	uint32_t base = fid & 0xFFFFFF00u;

	return (base == FFA_SMC32_BASE || base == FFA_SMC64_BASE) &&
	       FFA_FN_NUM(fid) >= FFA_FN_NUM_MIN;
}

static int is_psci(uint32_t fid)
{
	uint32_t base = fid & 0xFFFFFFE0u;

	return base == 0x84000000u || base == 0xC4000000u;
}

/*
 * How many result registers a reply writes (DEN0077 §11, per ABI): x0..x3
 * for most, x0..x7 where the ABI returns x4..x7, x0..x17 for the v1.2
 * register ABIs. Registers beyond stay as the caller left them, as SMCCC
 * 1.1 requires of x4..x17.
 */
static unsigned int reply_regs(uint32_t call, uint32_t ret)
{
	switch (FFA_FN_NUM(ret)) {
	case FFA_MSG_SEND_DIRECT_RESP2:
		return 18;
	case FFA_MSG_SEND_DIRECT_RESP:
	case FFA_MSG_SEND_DIRECT_REQ:
	case FFA_MEM_FRAG_RX:
		return 8;
	default:
		break;
	}
	if (FFA_FN_NUM(call) == FFA_PARTITION_INFO_GET_REGS)
		return 18;
	return 4;
}

static void ffa_call(struct fw_frame *f)
{
	struct ffa_regs r;
	unsigned int i, n;

	for (i = 0; i < FFA_NREGS; i++)
		r.a[i] = f->x[i];
	fw_lock(&model_lock);
	ffa_model_call(&state, &host, FFA_MODEL_NWD_ID, &r);
	ffa_calls++;
	fw_unlock(&model_lock);
	n = reply_regs((uint32_t)f->x[0], (uint32_t)r.a[0]);
	for (i = 0; i < n; i++)
		f->x[i] = r.a[i];
}

static unsigned int mpidr_to_cpu(uint64_t mpidr)
{
	return (unsigned int)((mpidr & 0xff) + ((mpidr >> 8) & 0xff) * 8);
}

/*
 * QEMU starts a CPU_ON target at the caller's EL, which is EL2 here: give
 * it our own entry, which sets up EL2 and then enters EL1 where Linux asked.
 */
static uint64_t psci_cpu_on(uint32_t fid, uint64_t target, uint64_t entry,
			    uint64_t context)
{
	unsigned int cpu = mpidr_to_cpu(target);

	if (cpu >= FW_MAX_CPUS || (target >> 16) & 0xff)
		return PSCI_INVALID_PARAMS;
	cpu_boot[cpu].entry = entry;
	cpu_boot[cpu].context = context;
	return fw_smc(fid, target, (uint64_t)(uintptr_t)fw_secondary_entry,
		      cpu);
}

static void dispatch(struct fw_frame *f)
{
	uint32_t fid = (uint32_t)f->x[0];

	if (is_ffa(fid)) {
		ffa_call(f);
	} else if (fid == SMCCC_VERSION) {
		/* QEMU's PSCI says NOT_SUPPORTED; Linux then finds no conduit. */
		f->x[0] = SMCCC_VERSION_1_2;
	} else if (fid == PSCI_FEATURES && (uint32_t)f->x[1] == SMCCC_VERSION) {
		f->x[0] = 0;
	} else if (fid == PSCI_CPU_ON_32 || fid == PSCI_CPU_ON_64) {
		f->x[0] = psci_cpu_on(fid, f->x[1], f->x[2], f->x[3]);
	} else if (is_psci(fid)) {
		if (fid == PSCI_SYSTEM_OFF) {
			puts_raw("ffactl-el2: SYSTEM_OFF after ");
			putdec(ffa_calls);
			puts_raw(" FF-A calls\n");
		}
		f->x[0] = fw_smc(f->x[0], f->x[1], f->x[2], f->x[3]);
	} else {
		f->x[0] = SMCCC_NOT_SUPPORTED;
	}
}

static uint64_t read_esr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, esr_el2" : "=r"(v));
	return v;
}

static uint64_t read_elr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, elr_el2" : "=r"(v));
	return v;
}

static void write_elr(uint64_t v)
{
	__asm__ volatile("msr elr_el2, %0" : : "r"(v));
}

static uint64_t read_far(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, far_el2" : "=r"(v));
	return v;
}

static void __attribute__((noreturn)) die(const char *what, uint64_t vector)
{
	puts_raw("\nffactl-el2: FATAL: ");
	puts_raw(what);
	puts_raw(" vector ");
	puthex(vector);
	puts_raw(" ESR ");
	puthex(read_esr());
	puts_raw(" ELR ");
	puthex(read_elr());
	puts_raw(" FAR ");
	puthex(read_far());
	puts_raw("\n");
	/* Power off so the runner fails now, not at its timeout. */
	fw_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfe");
}

void fw_trap(struct fw_frame *f)
{
	uint64_t esr = read_esr();

	switch (ESR_EC(esr)) {
	case EC_SMC64:
		/* A trapped SMC returns to the SMC itself (ARM DDI 0487 D1.10). */
		write_elr(read_elr() + 4);
		dispatch(f);
		break;
	case EC_HVC64:
		/* Same service over HVC (kmod conduit=hvc). */
		dispatch(f);
		break;
	default:
		die("unexpected trap from EL1", 8);
	}
}

void fw_fatal(struct fw_frame *f, uint64_t vector)
{
	(void)f;
	die("exception at EL2", vector);
}

void fw_main(void)
{
	ffa_model_reset(&state, &host, FFA_PROFILE_SPEC);
	puts_raw("ffactl-el2: FF-A responder at EL2, entering Linux at EL1\n");
	fw_enter_el1(FW_DTB_ADDR, FW_KERNEL_ADDR);
}

void fw_secondary(uint64_t cpu)
{
	fw_enter_el1(cpu_boot[cpu].context, cpu_boot[cpu].entry);
}
