// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl's own transport: the module's conduit, its own RX/TX pair, and
 * memory descriptors sent exactly as user space built them (so malformed
 * ones reach the firmware too). It negotiates the FF-A version at load
 * and follows every FFA_VERSION made through /dev/ffactl.
 *
 * It is for kernels where nothing else speaks FF-A: the in-tree FF-A
 * driver, if it is loaded later, finds the endpoint's RX/TX pair taken and
 * fails; a module notifier says so and negotiates our version back.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ffactl.h"

static uint ffa_version = 0x10001;
module_param(ffa_version, uint, 0444);
MODULE_PARM_DESC(ffa_version,
		 "own transport: FF-A version to ask for at load, (major << 16) | minor; it sets the descriptor layout the firmware expects until an FFA_VERSION through /dev/ffactl renegotiates, where the firmware allows that (default 0x10001, v1.1)");

/* The in-tree FF-A driver's module, as drivers/firmware/arm_ffa names it. */
#define FFACTL_INTREE_MODULE	"ffa_module"

/*
 * FFA_VERSION negotiates per endpoint (DEN0077 v1.2 §13.2). TF-A's and
 * OP-TEE's SPMCs let a later call renegotiate; v1.2 itself (and Hafnium)
 * fixes the version once other calls are made, and such an SPMC refuses
 * another with NOT_SUPPORTED: nothing to follow. Once the firmware
 * answers a version (a0 bit 31 clear) of the same major as the one asked (a1), it
 * reads our descriptors in the layout of the version asked, whoever asked.
 * Another major is answered with the callee's own version all the same
 * (the caller judges compatibility) and agrees nothing (OP-TEE's
 * spmc_exchange_version(), TF-A's ffa_version_handler()). The raw-call
 * ioctls are the only way user space can ask, so the module follows what
 * they agreed here. Called with ffactl.lock held, after the call, with the
 * caller's a0/a1 and the firmware's a0.
 */
static void own_follow_version(u64 fid, u64 asked, u64 answer)
{
	u32 v = (u32)asked;

	lockdep_assert_held(&ffactl.lock);
	if (fid != FFA_SMC32(FFA_NUM_VERSION) || (u32)answer & FFA_VERSION_MBZ)
		return;
	if (v & FFA_VERSION_MBZ || v == ffactl.version_negotiated ||
	    FFA_MAJOR(v) != FFA_MAJOR((u32)answer))
		return;
	pr_info("FF-A version renegotiated through /dev/%s: %u.%u -> %u.%u (firmware FF-A %u.%u)\n",
		KBUILD_MODNAME, FFA_MAJOR(ffactl.version_negotiated),
		FFA_MINOR(ffactl.version_negotiated), FFA_MAJOR(v),
		FFA_MINOR(v), FFA_MAJOR((u32)answer), FFA_MINOR((u32)answer));
	WRITE_ONCE(ffactl.version_negotiated, v);
}

static void own_loop_done(const u64 *in, const u64 *out)
{
	own_follow_version(in[0], in[1], out[0]);
}

static int own_call(u64 *regs)
{
	u64 fid = regs[0], asked = regs[1];

	ffactl_invoke(regs);
	own_follow_version(fid, asked, regs[0]);
	return 0;
}

/* Bench and batch follow FFA_VERSION themselves: anything may loop. */
static int own_loop_allowed(const u64 *regs)
{
	return 0;
}

static int own_send_check(const struct ffactl_mem_send *s, const u8 *desc)
{
	return ffactl.rxtx_size ? 0 : -ENXIO;
}

/*
 * Sends @d through TX, whole or in fragments (DEN0077 §11.3 "Fragmented
 * transmission"): the first call carries the total length in a1 and the
 * fragment length in a2; while the firmware answers FFA_MEM_FRAG_RX (a1/a2
 * = handle), FFA_MEM_FRAG_TX sends the next piece (a1/a2 = handle, a3 =
 * its length). If the firmware still asks for more once everything is
 * sent, its FFA_MEM_FRAG_RX is left in @regs for the caller to judge.
 */
static int own_mem_send(const struct ffactl_mem_send *s, const u8 *d,
			struct ffactl_handle *h, u64 *regs, u32 *fragments,
			u64 *frag_handle)
{
	u32 len = s->desc_len, flen = ffactl.rxtx_size, off, piece;

	if (s->frag_len && s->frag_len < flen)
		flen = s->frag_len;
	piece = min(len, flen);
	memcpy(ffactl.tx, d, piece);
	ffactl_call5(regs, s->fid, len, piece, 0, 0);
	*fragments = 1;
	off = piece;
	while ((u32)regs[0] == FFA_MEM_FRAG_RX) {
		u32 lo = (u32)regs[1], hi = (u32)regs[2];

		*frag_handle = (u64)hi << 32 | lo;
		if (off >= len)
			break;
		piece = min(len - off, flen);
		memcpy(ffactl.tx, d + off, piece);
		ffactl_call5(regs, FFA_SMC32(FFA_NUM_MEM_FRAG_TX), lo, hi,
			     piece, 0);
		(*fragments)++;
		off += piece;
		cond_resched();
	}
	return 0;
}

/* FFA_MEM_RECLAIM (DEN0077 §11.5): a1/a2 handle, a3 flags. */
static int own_reclaim(u64 handle, u32 flags, u64 *regs)
{
	ffactl_call5(regs, FFA_SMC32(FFA_NUM_MEM_RECLAIM), (u32)handle,
		     (u32)(handle >> 32), flags, 0);
	return 0;
}

/*
 * Bytes per partition information descriptor in RX, by the version
 * negotiated now: 8 under FF-A 1.0 (DEN0077 v1.0 table 8.25; a3 is
 * reserved there), the size the firmware answers in a3 from 1.1 on (24 in
 * v1.1 table 13.37 and v1.2 table 6.1), 24 if it answered none.
 */
static u64 own_partition_desc_size(const u64 *regs)
{
	u32 v = ffactl.version_negotiated;

	lockdep_assert_held(&ffactl.lock);
	if (v == FFA_VERSION_1_0)
		return 8;
	return (u32)regs[3] ? (u32)regs[3] : 24;
}

static int own_partition_info(const struct ffactl_partition_info *p,
			      u64 *regs, u8 *buf, u32 cap, u32 *len)
{
	bool count_only = p->flags & FFA_PARTITION_INFO_COUNT_ONLY;
	u64 rel[FFACTL_NREGS];

	if (!count_only && !ffactl.rxtx_size)
		return -ENXIO;
	memset(regs, 0, FFACTL_NREGS * sizeof(u64));
	regs[0] = FFA_SMC32(FFA_NUM_PARTITION_INFO_GET);
	regs[1] = p->uuid[0];
	regs[2] = p->uuid[1];
	regs[3] = p->uuid[2];
	regs[4] = p->uuid[3];
	regs[5] = p->flags;
	ffactl_invoke(regs);
	*len = 0;
	if (!ffa_is_success(regs[0]) || count_only)
		return 0;

	*len = (u32)min3((u64)(u32)regs[2] * own_partition_desc_size(regs),
			 (u64)ffactl.rxtx_size, (u64)cap);
	memcpy(buf, ffactl.rx, *len);
	/* RX is ours until released (DEN0077 §13.8, §13.5). */
	ffactl_call5(rel, FFA_SMC32(FFA_NUM_RX_RELEASE), 0, 0, 0, 0);
	if (!ffa_is_success(rel[0]))
		pr_warn("FFA_RX_RELEASE after FFA_PARTITION_INFO_GET: a0 0x%llx, a2 %d\n",
			rel[0], ffa_error_code(rel));
	return 0;
}

static void own_free_rxtx(void)
{
	if (ffactl.tx_page)
		__free_page(ffactl.tx_page);
	if (ffactl.rx_page)
		__free_page(ffactl.rx_page);
	ffactl.tx_page = NULL;
	ffactl.rx_page = NULL;
	ffactl.tx = NULL;
	ffactl.rx = NULL;
}

/*
 * FFA_RXTX_MAP, 64-bit form (DEN0077 §13.6): a1 = TX, a2 = RX (physical
 * addresses), a3 = size in 4 KiB pages. Failing to map is not fatal: the
 * register-only ABIs still work, and the version ioctl says what is left.
 */
static int own_map_rxtx(void)
{
	u64 regs[FFACTL_NREGS];
	s32 code;

	ffactl.tx_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	ffactl.rx_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!ffactl.tx_page || !ffactl.rx_page) {
		own_free_rxtx();
		return -ENOMEM;
	}
	ffactl.tx = page_address(ffactl.tx_page);
	ffactl.rx = page_address(ffactl.rx_page);

	ffactl_call5(regs, FFA_SMC64(FFA_NUM_RXTX_MAP),
		     page_to_phys(ffactl.tx_page), page_to_phys(ffactl.rx_page),
		     PAGE_SIZE / FFA_RXTX_PAGE, 0);
	if (ffa_is_success(regs[0])) {
		ffactl.rxtx_size = PAGE_SIZE;
		return 0;
	}

	code = ffa_is_error(regs[0]) ? ffa_error_code(regs) : 0;
	if (code == FFA_RET_DENIED)
		pr_err("FFA_RXTX_MAP: DENIED: another agent already mapped an RX/TX pair for endpoint 0x%04x (one pair per endpoint: a hypervisor, or an in-tree FF-A driver built in and not found)\n",
		       ffactl.id);
	else
		pr_err("FFA_RXTX_MAP failed: a0 0x%llx, a2 %d\n",
		       regs[0], code);
	pr_err("running without RX/TX: memory sharing and partition info are unavailable, register-only calls work\n");
	own_free_rxtx();
	ffactl.flags |= FFACTL_VERSION_F_NO_RXTX;
	return 0;
}

/* At unload: the firmware must let go of RX/TX before the pages do. */
static void own_unmap_rxtx(void)
{
	u64 regs[FFACTL_NREGS];

	if (!ffactl.rxtx_size)
		return;
	/* a1 [31:16]: our ID, as Linux's driver passes it (DEN0077 §13.7). */
	ffactl_call5(regs, FFA_SMC32(FFA_NUM_RXTX_UNMAP), (u64)ffactl.id << 16,
		     0, 0, 0);
	if (!ffa_is_success(regs[0])) {
		pr_warn("FFA_RXTX_UNMAP failed (a0 0x%llx, a2 %d): leaking the RX/TX pages, the firmware may still map them\n",
			regs[0], ffa_error_code(regs));
		return;
	}
	own_free_rxtx();
	ffactl.rxtx_size = 0;
}

static int own_probe_ffa(void)
{
	u64 regs[FFACTL_NREGS];
	u32 v;

	if (ffa_version & FFA_VERSION_MBZ || FFA_MAJOR(ffa_version) != 1) {
		pr_err("ffa_version=0x%x: must be 1.x, (1 << 16) | minor\n",
		       ffa_version);
		return -EINVAL;
	}
	ffactl.version_requested = ffa_version;

	/* DEN0077 §13.2: the callee answers its own version, or -1. */
	ffactl_call5(regs, FFA_SMC32(FFA_NUM_VERSION), ffa_version, 0, 0, 0);
	v = (u32)regs[0];
	/*
	 * NOT_SUPPORTED: no FF-A firmware, or, on a reload, an SPMC that
	 * keeps the version the last load negotiated (DEN0077 v1.2 §13.2
	 * fixes it once other calls are made; Hafnium does).
	 */
	if (v & FFA_VERSION_MBZ) {
		pr_err("FFA_VERSION(%u.%u) answered 0x%08x (NOT_SUPPORTED): no FF-A firmware behind %s, or an SPMC that keeps the version negotiated before (fixed once other calls are made, DEN0077 v1.2 13.2): load with that ffa_version\n",
		       FFA_MAJOR(ffa_version), FFA_MINOR(ffa_version), v,
		       ffactl.hvc ? "hvc" : "smc");
		return -ENODEV;
	}
	if (FFA_MAJOR(v) < 1) {
		pr_err("firmware FF-A version %u.%u is below 1.0; not loading\n",
		       FFA_MAJOR(v), FFA_MINOR(v));
		return -ENODEV;
	}
	if (FFA_MAJOR(v) != FFA_MAJOR(ffa_version)) {
		pr_err("firmware FF-A version %u.%u is incompatible with %u.%u; not loading\n",
		       FFA_MAJOR(v), FFA_MINOR(v), FFA_MAJOR(ffa_version),
		       FFA_MINOR(ffa_version));
		return -ENODEV;
	}
	ffactl.version_found = v;
	ffactl.version_negotiated = ffa_version;

	ffactl_call5(regs, FFA_SMC32(FFA_NUM_ID_GET), 0, 0, 0, 0);
	if (!ffa_is_success(regs[0])) {
		pr_err("FFA_ID_GET failed: a0 0x%llx, a2 %d\n", regs[0],
		       ffa_error_code(regs));
		return -ENODEV;
	}
	ffactl.id = (u16)regs[2];
	pr_info("firmware FF-A version %u.%u (asked for %u.%u), endpoint ID 0x%04x, conduit %s\n",
		FFA_MAJOR(v), FFA_MINOR(v), FFA_MAJOR(ffa_version),
		FFA_MINOR(ffa_version), ffactl.id, ffactl.hvc ? "hvc" : "smc");
	return 0;
}

/*
 * The in-tree FF-A driver loaded after us: its FFA_VERSION (1.0 in 6.1)
 * renegotiates for the whole endpoint (the last caller wins; an SPMC that
 * keeps the version, DEN0077 v1.2 §13.2, refuses it unless it is ours),
 * and its FFA_RXTX_MAP is refused, so its init fails. Say so as it starts, and
 * once it is gone negotiate our version back, so that what the tool
 * builds is read in the layout it expects.
 */
static int own_module_event(struct notifier_block *nb, unsigned long event,
			    void *data)
{
	struct module *mod = data;
	u64 regs[FFACTL_NREGS];

	if (strcmp(mod->name, FFACTL_INTREE_MODULE))
		return NOTIFY_DONE;
	if (event == MODULE_STATE_COMING) {
		pr_warn("the in-tree FF-A driver (%s) is loading while ffactl's own transport holds this endpoint's RX/TX pair: its FFA_RXTX_MAP will be refused and it will fail to load; unload ffactl first to use it (then load ffactl again: transport=auto picks it)\n",
			mod->name);
	} else if (event == MODULE_STATE_GOING) {
		mutex_lock(&ffactl.lock);
		ffactl_call5(regs, FFA_SMC32(FFA_NUM_VERSION),
			     ffactl.version_negotiated, 0, 0, 0);
		mutex_unlock(&ffactl.lock);
		pr_warn("the in-tree FF-A driver (%s) is gone; its FFA_VERSION had renegotiated this endpoint: FF-A %u.%u negotiated back (firmware answered 0x%llx)\n",
			mod->name, FFA_MAJOR(ffactl.version_negotiated),
			FFA_MINOR(ffactl.version_negotiated), regs[0]);
	}
	return NOTIFY_DONE;
}

static struct notifier_block own_module_nb = {
	.notifier_call = own_module_event,
};

static int own_init(void)
{
	int ret = own_probe_ffa();

	if (ret)
		return ret;
	ret = own_map_rxtx();
	if (ret)
		return ret;
	ret = register_module_notifier(&own_module_nb);
	if (ret)
		own_unmap_rxtx();
	return ret;
}

static void own_exit(void)
{
	unregister_module_notifier(&own_module_nb);
	own_unmap_rxtx();
}

/* ---- FFACTL_IOC_RXTX_PROBE ------------------------------------------ */

/* Buffers of a second (or bogus) pair, alive only within one probe. */
struct own_pair {
	struct page *tx;
	struct page *rx;
	unsigned int order;
};

/* Two naturally aligned buffers of at least @bytes each. */
static int own_pair_alloc(struct own_pair *pp, size_t bytes)
{
	pp->order = get_order(bytes);
	pp->tx = alloc_pages(GFP_KERNEL | __GFP_ZERO, pp->order);
	pp->rx = alloc_pages(GFP_KERNEL | __GFP_ZERO, pp->order);
	if (pp->tx && pp->rx)
		return 0;
	if (pp->tx)
		__free_pages(pp->tx, pp->order);
	if (pp->rx)
		__free_pages(pp->rx, pp->order);
	return -ENOMEM;
}

/*
 * Pages the firmware may still map are never handed back to the
 * allocator (as for memory it refused to give back at reclaim).
 */
static void own_pair_free(struct own_pair *pp, struct ffactl_rxtx_probe *p,
			  bool held)
{
	if (held) {
		pr_warn("RX/TX probe %u: the firmware may still map the probe's buffers: leaking 2 x %lu bytes\n",
			p->kind, PAGE_SIZE << pp->order);
		p->made |= FFACTL_PROBE_PAGES_KEPT;
		return;
	}
	__free_pages(pp->tx, pp->order);
	__free_pages(pp->rx, pp->order);
}

/* FFA_RXTX_MAP, 64-bit form (DEN0077 v1.1 §13.6). */
static void own_rxtx_map(u64 *regs, u64 tx, u64 rx, u32 pages)
{
	ffactl_call5(regs, FFA_SMC64(FFA_NUM_RXTX_MAP), tx, rx, pages, 0);
}

/* FFA_RXTX_UNMAP (v1.1 §13.7), a1 as own_unmap_rxtx() passes it. */
static void own_rxtx_unmap(u64 *regs)
{
	ffactl_call5(regs, FFA_SMC32(FFA_NUM_RXTX_UNMAP), (u64)ffactl.id << 16,
		     0, 0, 0);
}

static void own_probe_keep(__u64 *dst, const u64 *regs)
{
	memcpy(dst, regs, FFACTL_NREGS_SHORT * sizeof(u64));
}

/*
 * Maps the module's own pair again, after an FFA_RXTX_UNMAP the firmware
 * accepted. If it refuses, the module runs on as one that never mapped a
 * pair; its pages are freed unless the firmware may still map them
 * (@uncertain: a map it should have refused was accepted).
 */
static int own_probe_restore(struct ffactl_rxtx_probe *p, bool uncertain)
{
	u64 regs[FFACTL_NREGS];

	own_rxtx_map(regs, page_to_phys(ffactl.tx_page),
		     page_to_phys(ffactl.rx_page), PAGE_SIZE / FFA_RXTX_PAGE);
	if (ffa_is_success(regs[0]))
		return 0;
	pr_err("RX/TX probe %u: FFA_RXTX_MAP of the module's own pair again failed (a0 0x%llx, a2 %d): running without RX/TX until reloaded\n",
	       p->kind, regs[0], ffa_error_code(regs));
	if (uncertain) {
		pr_warn("RX/TX probe %u: the firmware may still map the module's own pair: leaking it\n",
			p->kind);
		ffactl.tx_page = NULL;
		ffactl.rx_page = NULL;
	}
	own_free_rxtx();
	ffactl.rxtx_size = 0;
	ffactl.flags |= FFACTL_VERSION_F_NO_RXTX;
	p->made |= FFACTL_PROBE_RESTORE_FAILED;
	return -EIO;
}

/* Unmaps the module's own pair before a probe that needs none mapped. */
static int own_probe_prepare(struct ffactl_rxtx_probe *p)
{
	u64 regs[FFACTL_NREGS];

	own_rxtx_unmap(regs);
	if (ffa_is_success(regs[0]))
		return 0;
	pr_warn("RX/TX probe %u: FFA_RXTX_UNMAP of the module's own pair refused (a0 0x%llx, a2 %d); nothing changed\n",
		p->kind, regs[0], ffa_error_code(regs));
	own_probe_keep(p->regs2, regs);
	p->made |= FFACTL_PROBE_MADE_REGS2 | FFACTL_PROBE_PREP_FAILED;
	return -EIO;
}

/*
 * A map of the probe's pair (@none_mapped: with the module's own pair
 * unmapped first; else while it is mapped). What the firmware accepted
 * is unmapped again; the probe's pages are freed unless it may still map
 * them: it refused the map, or, with nothing else mapped, an unmap after
 * it succeeded (with the module's pair mapped too, one unmap proves
 * nothing about which pair it let go).
 */
static int own_probe_map(struct ffactl_rxtx_probe *p, bool none_mapped)
{
	u64 regs[FFACTL_NREGS], tx, rx;
	u32 pages = PAGE_SIZE / FFA_RXTX_PAGE;
	size_t bytes = PAGE_SIZE;
	bool accepted, uncertain;
	struct own_pair pp;
	int ret;

	if (p->kind == FFACTL_PROBE_MAP_PAGES) {
		pages = p->pages;
		bytes = max_t(size_t, pages, 1) * FFA_RXTX_PAGE;
	} else if (p->kind != FFACTL_PROBE_MAP_TWICE) {
		/* +0x100 must stay within pages the module owns. */
		bytes = 2 * PAGE_SIZE;
	}
	if (own_pair_alloc(&pp, bytes))
		return -ENOMEM;
	tx = page_to_phys(pp.tx);
	rx = page_to_phys(pp.rx);
	if (p->kind == FFACTL_PROBE_MAP_UNALIGNED_TX)
		tx += 0x100;
	else if (p->kind == FFACTL_PROBE_MAP_UNALIGNED_RX)
		rx += 0x100;

	if (none_mapped) {
		ret = own_probe_prepare(p);
		if (ret) {
			own_pair_free(&pp, p, false);
			return ret;
		}
	}
	own_rxtx_map(regs, tx, rx, pages);
	own_probe_keep(p->regs, regs);
	p->made |= FFACTL_PROBE_MADE_REGS;
	accepted = ffa_is_success(regs[0]);
	if (!accepted && none_mapped) {
		own_pair_free(&pp, p, false);
		return own_probe_restore(p, false);
	}

	own_rxtx_unmap(regs);
	own_probe_keep(p->regs2, regs);
	p->made |= FFACTL_PROBE_MADE_REGS2;
	uncertain = accepted && !none_mapped;
	if (!ffa_is_success(regs[0])) {
		pr_warn("RX/TX probe %u: FFA_RXTX_UNMAP refused (a0 0x%llx, a2 %d)\n",
			p->kind, regs[0], ffa_error_code(regs));
		own_pair_free(&pp, p, accepted);
		/* A second pair refused, then no unmap: ours as it was. */
		if (!accepted && !none_mapped)
			return 0;
		return own_probe_restore(p, uncertain);
	}
	own_pair_free(&pp, p, uncertain);
	return own_probe_restore(p, uncertain);
}

/*
 * FFA_PARTITION_INFO_GET leaves RX with the caller until FFA_RX_RELEASE
 * (DEN0077 v1.1 §13.8, §13.5): a second one before the release finds RX
 * busy. Each success is released once.
 */
static int own_probe_busy(struct ffactl_rxtx_probe *p)
{
	u64 regs[FFACTL_NREGS];
	int held = 0, ret = 0;

	ffactl_call5(regs, FFA_SMC32(FFA_NUM_PARTITION_INFO_GET), 0, 0, 0, 0);
	own_probe_keep(p->regs2, regs);
	p->made |= FFACTL_PROBE_MADE_REGS2;
	if (!ffa_is_success(regs[0]))
		return 0;
	held++;
	ffactl_call5(regs, FFA_SMC32(FFA_NUM_PARTITION_INFO_GET), 0, 0, 0, 0);
	own_probe_keep(p->regs, regs);
	p->made |= FFACTL_PROBE_MADE_REGS;
	if (ffa_is_success(regs[0]))
		held++;
	while (held--) {
		ffactl_call5(regs, FFA_SMC32(FFA_NUM_RX_RELEASE), 0, 0, 0, 0);
		if (ffa_is_success(regs[0]) || ret)
			continue;
		pr_warn("RX/TX probe %u: FFA_RX_RELEASE failed (a0 0x%llx, a2 %d): the firmware may hold RX as ours\n",
			p->kind, regs[0], ffa_error_code(regs));
		p->made |= FFACTL_PROBE_RESTORE_FAILED;
		ret = -EIO;
	}
	return ret;
}

/* UNMAP with no pair: the module's own is unmapped first. */
static int own_probe_unmap(struct ffactl_rxtx_probe *p)
{
	u64 regs[FFACTL_NREGS];
	int ret = own_probe_prepare(p);

	if (ret)
		return ret;
	own_rxtx_unmap(regs);
	own_probe_keep(p->regs, regs);
	p->made |= FFACTL_PROBE_MADE_REGS;
	if (ffa_is_success(regs[0]))
		pr_warn("RX/TX probe %u: FFA_RXTX_UNMAP with no pair mapped succeeded\n",
			p->kind);
	return own_probe_restore(p, false);
}

static int own_rxtx_probe(struct ffactl_rxtx_probe *p)
{
	lockdep_assert_held(&ffactl.lock);
	if (!ffactl.rxtx_size)
		return -ENXIO;
	switch (p->kind) {
	case FFACTL_PROBE_UNMAP_NO_PAIR:
		return own_probe_unmap(p);
	case FFACTL_PROBE_MAP_UNALIGNED_TX:
	case FFACTL_PROBE_MAP_UNALIGNED_RX:
	case FFACTL_PROBE_MAP_PAGES:
		return own_probe_map(p, true);
	case FFACTL_PROBE_MAP_TWICE:
		return own_probe_map(p, false);
	case FFACTL_PROBE_INFO_BUSY:
		return own_probe_busy(p);
	default:
		return -EINVAL;
	}
}

const struct ffactl_transport ffactl_transport_own = {
	.name = "own",
	.id = FFACTL_TRANSPORT_OWN,
	.init = own_init,
	.exit = own_exit,
	.call = own_call,
	.loop_allowed = own_loop_allowed,
	.loop_done = own_loop_done,
	.send_check = own_send_check,
	.mem_send = own_mem_send,
	.reclaim = own_reclaim,
	.partition_info = own_partition_info,
	.rxtx_probe = own_rxtx_probe,
};
