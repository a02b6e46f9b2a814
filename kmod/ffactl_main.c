// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl: the kernel half of the ffactl tool. A misc device, /dev/ffactl,
 * that issues FF-A calls (Arm DEN0077) to the SPMC by SMC or HVC on behalf
 * of user space, owns the RX/TX buffer pair and every page it shares,
 * lends or donates, and frees a page only once the firmware has given it
 * back with a successful FFA_MEM_RECLAIM.
 *
 * The ioctl ABI is include/uapi/ffactl.h (kmod/uapi is a link to it).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/arm-smccc.h>
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/unaligned.h>

#include "uapi/ffactl.h"

#ifndef CONFIG_ARM64
#error "ffactl issues SMCCC v1.2 calls and is for arm64 kernels only"
#endif

/* FF-A function IDs (DEN0077 v1.2 §13 table 13.1): SMC32 and SMC64. */
#define FFA_SMC32(n)			(0x84000000U | (n))
#define FFA_SMC64(n)			(0xC4000000U | (n))
#define FFA_FN_NUM(fid)			((fid) & 0xFFU)
#define FFA_FN_NUM_MIN			0x60U

#define FFA_NUM_ERROR			0x60
#define FFA_NUM_SUCCESS			0x61
#define FFA_NUM_VERSION			0x63
#define FFA_NUM_RX_RELEASE		0x65
#define FFA_NUM_RXTX_MAP		0x66
#define FFA_NUM_RXTX_UNMAP		0x67
#define FFA_NUM_PARTITION_INFO_GET	0x68
#define FFA_NUM_ID_GET			0x69
#define FFA_NUM_MSG_SEND		0x6E
#define FFA_NUM_MEM_DONATE		0x71
#define FFA_NUM_MEM_LEND		0x72
#define FFA_NUM_MEM_SHARE		0x73
#define FFA_NUM_MEM_RETRIEVE_REQ	0x74
#define FFA_NUM_MEM_RETRIEVE_RESP	0x75
#define FFA_NUM_MEM_RELINQUISH		0x76
#define FFA_NUM_MEM_RECLAIM		0x77
#define FFA_NUM_MEM_FRAG_RX		0x7A
#define FFA_NUM_MEM_FRAG_TX		0x7B
#define FFA_NUM_RX_ACQUIRE		0x84
#define FFA_NUM_MSG_SEND2		0x86

#define FFA_ERROR			FFA_SMC32(FFA_NUM_ERROR)
#define FFA_MEM_FRAG_RX			FFA_SMC32(FFA_NUM_MEM_FRAG_RX)

/* Error status codes (DEN0077 §13.1 table 13.3). */
#define FFA_RET_NOT_SUPPORTED		(-1)
#define FFA_RET_INVALID_PARAMETERS	(-2)
#define FFA_RET_DENIED			(-6)

#define FFA_VERSION_MBZ			BIT(31)
#define FFA_MAJOR(v)			(((v) >> 16) & 0x7FFFU)
#define FFA_MINOR(v)			((v) & 0xFFFFU)

/* Partition info flags, a5 (v1.1+): bit 0 = count only, RX untouched. */
#define FFA_PARTITION_INFO_COUNT_ONLY	BIT(0)

#define FFA_HANDLE_INVALID		U64_MAX
#define FFA_CONSTITUENT_SIZE		16
#define FFA_RXTX_PAGE			SZ_4K
#define FFACTL_RECEIVERS		4

static char *conduit = "smc";
module_param(conduit, charp, 0444);
MODULE_PARM_DESC(conduit, "FF-A conduit: smc (default) or hvc");

static uint ffa_version = 0x10001;
module_param(ffa_version, uint, 0444);
MODULE_PARM_DESC(ffa_version,
		 "FF-A version to ask for at load, (major << 16) | minor; it sets the descriptor layout the firmware expects until an FFA_VERSION through /dev/ffactl renegotiates (default 0x10001, v1.1)");

static bool force;
module_param(force, bool, 0444);
MODULE_PARM_DESC(force,
		 "load even when the kernel found no SMCCC v1.1+ conduit");

/* One handle the module holds pages for. */
struct ffactl_handle {
	struct list_head node;
	u64 handle;
	u32 fn_num;
	u32 state;
	u32 nr_pages;
	u32 receiver_count;
	u16 receivers[FFACTL_RECEIVERS];
	struct page **pages;
};

/*
 * The module's state: one RX/TX pair per endpoint (DEN0077 §13.6) makes
 * this a singleton. @lock serialises every call to the firmware (TX and RX
 * contents, and firmware that is not SMP-safe), the handle list and the
 * changes of @version_negotiated, the FF-A version the firmware uses for
 * our descriptors now.
 */
static struct {
	struct mutex lock; /* firmware calls, TX/RX, handles, version */
	struct list_head handles;
	struct page *tx_page;
	struct page *rx_page;
	void *tx;
	void *rx;
	u32 rxtx_size;
	bool hvc;
	u32 version_found;
	u32 version_requested;
	u32 version_negotiated;
	u16 id;
	u32 flags;
} ffactl;

/* Every register x0..x17 in and out (SMCCC v1.2). */
static void ffactl_invoke(u64 *regs)
{
	struct arm_smccc_1_2_regs args, res;

	BUILD_BUG_ON(sizeof(args) != FFACTL_NREGS * sizeof(u64));
	memcpy(&args, regs, sizeof(args));
	if (ffactl.hvc)
		arm_smccc_1_2_hvc(&args, &res);
	else
		arm_smccc_1_2_smc(&args, &res);
	memcpy(regs, &res, sizeof(res));
}

/*
 * FFA_VERSION negotiates per endpoint (DEN0077 v1.2 §13.2), and the SPMCs
 * we know let a later call renegotiate: once the firmware answers a
 * version (a0 bit 31 clear) of the same major as the one asked (a1), it
 * reads our descriptors in the layout of the version asked, whoever asked.
 * Another major is answered with the callee's own version all the same
 * (the caller judges compatibility) and agrees nothing (OP-TEE's
 * spmc_exchange_version(), TF-A's ffa_version_handler()). The raw-call
 * ioctls are the only way user space can ask, so the module follows what
 * they agreed here. Called with ffactl.lock held, after the call, with the
 * caller's a0/a1 and the firmware's a0.
 */
static void ffactl_follow_version(u64 fid, u64 asked, u64 answer)
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

/* One raw call for user space (lock held): the registers in and out. */
static void ffactl_invoke_raw(u64 *regs)
{
	u64 fid = regs[0], asked = regs[1];

	ffactl_invoke(regs);
	ffactl_follow_version(fid, asked, regs[0]);
}

static void ffactl_call5(u64 *regs, u32 fid, u64 a1, u64 a2, u64 a3, u64 a4)
{
	memset(regs, 0, FFACTL_NREGS * sizeof(u64));
	regs[0] = fid;
	regs[1] = a1;
	regs[2] = a2;
	regs[3] = a3;
	regs[4] = a4;
	ffactl_invoke(regs);
}

/* SMC32 results live in w0..w7: the upper halves are not defined. */
static bool ffa_is_success(u64 a0)
{
	return (u32)a0 == FFA_SMC32(FFA_NUM_SUCCESS) ||
	       (u32)a0 == FFA_SMC64(FFA_NUM_SUCCESS);
}

static bool ffa_is_error(u64 a0)
{
	return (u32)a0 == FFA_ERROR;
}

static s32 ffa_error_code(const u64 *regs)
{
	return (s32)(u32)regs[2];
}

static bool ffa_is_ffa_fid(u64 a0)
{
	u32 base = (u32)a0 & ~0xFFU;

	if (a0 >> 32)
		return false;
	if (base != FFA_SMC32(0) && base != FFA_SMC64(0))
		return false;
	return FFA_FN_NUM((u32)a0) >= FFA_FN_NUM_MIN;
}

/*
 * The raw call and bench ioctls take register-only ABIs. The ones that use
 * the RX/TX pair or move memory go only through the commands that keep our
 * bookkeeping right: a raw FFA_MEM_RECLAIM would free nothing, a raw
 * FFA_PARTITION_INFO_GET would leave RX owned by us with nobody to release
 * it (DEN0077 §13.8), a raw FFA_RXTX_UNMAP would pull RX/TX from under us.
 * FFA_RX_RELEASE passes: no raw call can leave RX owned, and our own
 * PARTITION_INFO_GET releases RX under the same lock, so a raw release can
 * only meet an RX we do not own (DENIED: the negative test it is for).
 */
static bool ffactl_raw_allowed(const u64 *regs)
{
	if (!ffa_is_ffa_fid(regs[0]))
		return false;
	switch (FFA_FN_NUM((u32)regs[0])) {
	case FFA_NUM_PARTITION_INFO_GET:
		return regs[5] & FFA_PARTITION_INFO_COUNT_ONLY;
	case FFA_NUM_RXTX_MAP:
	case FFA_NUM_RXTX_UNMAP:
	case FFA_NUM_MSG_SEND:
	case FFA_NUM_MEM_DONATE:
	case FFA_NUM_MEM_LEND:
	case FFA_NUM_MEM_SHARE:
	case FFA_NUM_MEM_RETRIEVE_REQ:
	case FFA_NUM_MEM_RETRIEVE_RESP:
	case FFA_NUM_MEM_RELINQUISH:
	case FFA_NUM_MEM_RECLAIM:
	case FFA_NUM_MEM_FRAG_RX:
	case FFA_NUM_MEM_FRAG_TX:
	case FFA_NUM_RX_ACQUIRE:
	case FFA_NUM_MSG_SEND2:
		return false;
	default:
		return true;
	}
}

static bool ffactl_is_send_fid(u32 fid)
{
	u32 base = fid & ~0xFFU;

	if (base != FFA_SMC32(0) && base != FFA_SMC64(0))
		return false;
	switch (FFA_FN_NUM(fid)) {
	case FFA_NUM_MEM_DONATE:
	case FFA_NUM_MEM_LEND:
	case FFA_NUM_MEM_SHARE:
		return true;
	default:
		return false;
	}
}

static void ffactl_free_page_array(struct page **pages, u32 n)
{
	u32 i;

	if (!pages)
		return;
	for (i = 0; i < n; i++)
		if (pages[i])
			__free_page(pages[i]);
	kvfree(pages);
}

static void ffactl_handle_free(struct ffactl_handle *h)
{
	ffactl_free_page_array(h->pages, h->nr_pages);
	kfree(h);
}

static struct ffactl_handle *ffactl_handle_find(u64 handle)
{
	struct ffactl_handle *h;

	list_for_each_entry(h, &ffactl.handles, node)
		if (h->handle == handle)
			return h;
	return NULL;
}

/* Zeroed pages, filled with @pattern when asked. */
static struct page **ffactl_alloc_pages(u32 n, bool fill, u32 pattern)
{
	struct page **pages;
	u32 i, w;

	pages = kvcalloc(n ? n : 1, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return NULL;
	for (i = 0; i < n; i++) {
		u32 *p;

		pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!pages[i])
			goto out_free;
		if (!fill)
			continue;
		p = page_address(pages[i]);
		for (w = 0; w < PAGE_SIZE / sizeof(u32); w++)
			p[w] = pattern;
	}
	return pages;

out_free:
	ffactl_free_page_array(pages, n);
	return NULL;
}

/*
 * The receivers named in a transaction descriptor, for the handle list
 * only (advisory). v1.0 (DEN0077 v1.0 table 5.19): EMADs of 16 bytes from
 * offset 32, the word at 24 reserved (zero). v1.1+ (table 10.20): EMAD size
 * at 24, EMAD offset at 32. Receiver count at 28 in both.
 */
static void ffactl_note_receivers(struct ffactl_handle *h, const u8 *d,
				  u32 len)
{
	u32 count, size, off, i;

	if (len < 36)
		return;
	count = get_unaligned_le32(d + 28);
	size = get_unaligned_le32(d + 24);
	off = 32;
	if (size)
		off = get_unaligned_le32(d + 32);
	else
		size = 16;
	for (i = 0; i < count && i < FFACTL_RECEIVERS; i++) {
		u64 p = off + (u64)i * size;

		if (p + 2 > len)
			break;
		h->receivers[i] = get_unaligned_le16(d + p);
	}
	h->receiver_count = i;
}

static long ffactl_ioctl_version(struct ffactl_version __user *uarg)
{
	struct ffactl_version v;

	/* The input is ignored on purpose: any tool may probe any module. */
	memset(&v, 0, sizeof(v));
	v.abi_version = FFACTL_ABI_VERSION;
	v.ffa_version = ffactl.version_found;
	v.ffa_version_requested = ffactl.version_requested;
	v.conduit = ffactl.hvc ? FFACTL_CONDUIT_HVC : FFACTL_CONDUIT_SMC;
	v.endpoint_id = ffactl.id;
	v.rxtx_size = ffactl.rxtx_size;
	v.flags = ffactl.flags;
	/* A snapshot: this ioctl never waits for a call in progress. */
	v.ffa_version_negotiated = READ_ONCE(ffactl.version_negotiated);
	if (copy_to_user(uarg, &v, sizeof(v)))
		return -EFAULT;
	return 0;
}

static long ffactl_ioctl_call(struct ffactl_call __user *uarg)
{
	struct ffactl_call c;

	if (copy_from_user(&c, uarg, sizeof(c)))
		return -EFAULT;
	if (c.flags || c.pad || !ffactl_raw_allowed(c.regs))
		return -EINVAL;
	mutex_lock(&ffactl.lock);
	ffactl_invoke_raw(c.regs);
	mutex_unlock(&ffactl.lock);
	if (copy_to_user(uarg, &c, sizeof(c)))
		return -EFAULT;
	return 0;
}

static int ffactl_check_send(const struct ffactl_mem_send *s)
{
	u64 end;

	if (!ffactl_is_send_fid(s->fid))
		return -EINVAL;
	if (s->flags & ~FFACTL_SEND_VALID_FLAGS)
		return -EINVAL;
	if (s->reserved[0] || s->reserved[1])
		return -EINVAL;
	if (!s->desc_len || s->desc_len > FFACTL_MAX_DESC)
		return -EINVAL;
	if (s->pages > FFACTL_MAX_PAGES)
		return -EINVAL;
	if (s->addr_mode == FFACTL_ADDR_AS_IS)
		return 0;
	if (s->addr_mode != FFACTL_ADDR_FILL)
		return -EINVAL;
	if (s->cons_count > s->pages)
		return -EINVAL;
	end = (u64)s->cons_off + (u64)s->cons_count * FFA_CONSTITUENT_SIZE;
	if (end > s->desc_len)
		return -EINVAL;
	return 0;
}

/*
 * Sends @d through TX, whole or in fragments (DEN0077 §11.3 "Fragmented
 * transmission"): the first call carries the total length in a1 and the
 * fragment length in a2; while the firmware answers FFA_MEM_FRAG_RX (a1/a2
 * = handle), FFA_MEM_FRAG_TX sends the next piece (a1/a2 = handle, a3 =
 * its length). If the firmware still asks for more once everything is
 * sent, its FFA_MEM_FRAG_RX is left in @regs for the caller to judge.
 * Called with ffactl.lock held.
 */
static void ffactl_transmit(u32 fid, const u8 *d, u32 len, u32 frag_len,
			    u64 *regs, u32 *fragments, u64 *frag_handle)
{
	u32 flen = ffactl.rxtx_size, off, piece;

	if (frag_len && frag_len < flen)
		flen = frag_len;
	piece = min(len, flen);
	memcpy(ffactl.tx, d, piece);
	ffactl_call5(regs, fid, len, piece, 0, 0);
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
}

static long ffactl_ioctl_mem_send(struct ffactl_mem_send __user *uarg)
{
	u64 regs[FFACTL_NREGS], frag_handle = FFA_HANDLE_INVALID;
	struct ffactl_mem_send s;
	struct ffactl_handle *h;
	u32 i, fragments = 0;
	u8 *desc;
	int ret;

	if (copy_from_user(&s, uarg, sizeof(s)))
		return -EFAULT;
	ret = ffactl_check_send(&s);
	if (ret)
		return ret;
	if (!ffactl.rxtx_size)
		return -ENXIO;

	desc = vmemdup_user(u64_to_user_ptr(s.desc_ptr), s.desc_len);
	if (IS_ERR(desc))
		return PTR_ERR(desc);
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h) {
		ret = -ENOMEM;
		goto out_free_desc;
	}
	h->pages = ffactl_alloc_pages(s.pages, s.flags & FFACTL_SEND_FILL,
				      s.fill_pattern);
	if (!h->pages) {
		ret = -ENOMEM;
		goto out_free_handle;
	}
	h->nr_pages = s.pages;
	h->fn_num = FFA_FN_NUM(s.fid);
	if (s.addr_mode == FFACTL_ADDR_FILL)
		for (i = 0; i < s.cons_count; i++)
			put_unaligned_le64(page_to_phys(h->pages[i]),
					   desc + s.cons_off +
					   i * FFA_CONSTITUENT_SIZE);
	ffactl_note_receivers(h, desc, s.desc_len);

	mutex_lock(&ffactl.lock);
	ffactl_transmit(s.fid, desc, s.desc_len, s.frag_len, regs, &fragments,
			&frag_handle);
	if (ffa_is_success(regs[0])) {
		h->handle = (u64)(u32)regs[3] << 32 | (u32)regs[2];
		h->state = FFACTL_HANDLE_OWNED;
		list_add_tail(&h->node, &ffactl.handles);
		s.handle = h->handle;
		h = NULL;
	} else if (ffa_is_error(regs[0])) {
		/* Refused: nobody but us ever had these pages. */
		s.handle = 0;
	} else {
		/*
		 * An answer we cannot read: the firmware may have taken the
		 * pages. Keep them (DESIGN §5), under the handle the firmware
		 * named while fragments were moving, if any.
		 */
		h->handle = frag_handle;
		h->state = FFACTL_HANDLE_STUCK;
		list_add_tail(&h->node, &ffactl.handles);
		pr_warn("memory send: unexpected answer 0x%llx; keeping its %u pages under handle 0x%llx\n",
			regs[0], s.pages, frag_handle);
		s.handle = frag_handle;
		h = NULL;
	}
	mutex_unlock(&ffactl.lock);

	s.fragments = fragments;
	memcpy(s.regs, regs, sizeof(s.regs));
	if (copy_to_user(uarg, &s, sizeof(s)))
		ret = -EFAULT;
	if (h)
		ffactl_free_page_array(h->pages, h->nr_pages);
out_free_handle:
	kfree(h);
out_free_desc:
	kvfree(desc);
	return ret;
}

static bool ffactl_pages_zero(struct ffactl_handle *h)
{
	u32 i;

	for (i = 0; i < h->nr_pages; i++)
		if (memchr_inv(page_address(h->pages[i]), 0, PAGE_SIZE))
			return false;
	return true;
}

/* FFA_MEM_RECLAIM (DEN0077 §11.5): a1/a2 handle, a3 flags. Lock held. */
static void ffactl_reclaim_regs(u64 *regs, u64 handle, u32 flags)
{
	ffactl_call5(regs, FFA_SMC32(FFA_NUM_MEM_RECLAIM), (u32)handle,
		     (u32)(handle >> 32), flags, 0);
}

static long ffactl_ioctl_mem_reclaim(struct ffactl_mem_reclaim __user *uarg)
{
	struct ffactl_mem_reclaim r, out;
	u64 regs[FFACTL_NREGS], handle;
	struct ffactl_handle *h;

	if (copy_from_user(&r, uarg, sizeof(r)))
		return -EFAULT;
	if (r.request & ~FFACTL_RECLAIM_VALID_REQUEST)
		return -EINVAL;
	if (r.first_word || r.pad || r.reserved)
		return -EINVAL;
	handle = (u64)r.handle_hi << 32 | r.handle_lo;

	memset(&out, 0, sizeof(out));
	out.handle_lo = r.handle_lo;
	out.handle_hi = r.handle_hi;
	out.flags = r.flags;
	out.request = r.request;

	mutex_lock(&ffactl.lock);
	ffactl_reclaim_regs(regs, handle, r.flags);
	h = ffactl_handle_find(handle);
	if (h)
		out.pages = h->nr_pages;
	if (h && ffa_is_success(regs[0])) {
		/* Ours again (DESIGN §5): only now may the pages go back. */
		if (r.request & FFACTL_RECLAIM_VERIFY_ZERO) {
			out.verified = 1;
			out.zeroed = ffactl_pages_zero(h);
			/* What a borrower left there (TF-A's TSP: +1). */
			if (h->nr_pages)
				out.first_word =
					*(u32 *)page_address(h->pages[0]);
		}
		out.pages_freed = h->nr_pages;
		list_del(&h->node);
		ffactl_handle_free(h);
	} else if (h && ffa_is_error(regs[0])) {
		s32 code = ffa_error_code(regs);

		/* INVALID_PARAMETERS, NOT_SUPPORTED: nothing happened. */
		if (code != FFA_RET_INVALID_PARAMETERS &&
		    code != FFA_RET_NOT_SUPPORTED)
			h->state = FFACTL_HANDLE_STUCK;
	} else if (h && !ffa_is_success(regs[0])) {
		h->state = FFACTL_HANDLE_STUCK;
	}
	mutex_unlock(&ffactl.lock);

	memcpy(out.regs, regs, sizeof(out.regs));
	if (copy_to_user(uarg, &out, sizeof(out)))
		return -EFAULT;
	return 0;
}

/*
 * Bytes per partition information descriptor in RX, by the version
 * negotiated now: 8 under FF-A 1.0 (DEN0077 v1.0 table 8.25; a3 is
 * reserved there), the size the firmware answers in a3 from 1.1 on (24 in
 * v1.1 table 13.37 and v1.2 table 6.1), 24 if it answered none. Lock held.
 */
static u64 ffactl_partition_desc_size(const u64 *regs)
{
	u32 v = ffactl.version_negotiated;

	lockdep_assert_held(&ffactl.lock);
	if (FFA_MAJOR(v) == 1 && FFA_MINOR(v) == 0)
		return 8;
	return (u32)regs[3] ? (u32)regs[3] : 24;
}

static long
ffactl_ioctl_partition_info(struct ffactl_partition_info __user *uarg)
{
	struct ffactl_partition_info p;
	u64 regs[FFACTL_NREGS], rel[FFACTL_NREGS];
	u8 *bounce = NULL;
	u32 n = 0;
	bool count_only;

	if (copy_from_user(&p, uarg, sizeof(p)))
		return -EFAULT;
	if (p.pad || p.reserved[0] || p.reserved[1])
		return -EINVAL;
	if (p.buf_size && !p.buf_ptr)
		return -EINVAL;
	count_only = p.flags & FFA_PARTITION_INFO_COUNT_ONLY;
	if (!count_only && !ffactl.rxtx_size)
		return -ENXIO;
	if (!count_only) {
		bounce = kmalloc(ffactl.rxtx_size, GFP_KERNEL);
		if (!bounce)
			return -ENOMEM;
	}

	mutex_lock(&ffactl.lock);
	memset(regs, 0, sizeof(regs));
	regs[0] = FFA_SMC32(FFA_NUM_PARTITION_INFO_GET);
	regs[1] = p.uuid[0];
	regs[2] = p.uuid[1];
	regs[3] = p.uuid[2];
	regs[4] = p.uuid[3];
	regs[5] = p.flags;
	ffactl_invoke(regs);
	if (ffa_is_success(regs[0]) && !count_only) {
		u64 size = ffactl_partition_desc_size(regs);
		u64 total = (u64)(u32)regs[2] * size;

		n = (u32)min3(total, (u64)ffactl.rxtx_size, (u64)p.buf_size);
		memcpy(bounce, ffactl.rx, n);
		/* RX is ours until released (DEN0077 §13.8, §13.5). */
		ffactl_call5(rel, FFA_SMC32(FFA_NUM_RX_RELEASE), 0, 0, 0, 0);
		if (!ffa_is_success(rel[0]))
			pr_warn("FFA_RX_RELEASE after FFA_PARTITION_INFO_GET: a0 0x%llx, a2 %d\n",
				rel[0], ffa_error_code(rel));
	}
	mutex_unlock(&ffactl.lock);

	memset(&p.reserved, 0, sizeof(p.reserved));
	p.len = n;
	memcpy(p.regs, regs, sizeof(p.regs));
	if (n && copy_to_user(u64_to_user_ptr(p.buf_ptr), bounce, n)) {
		kfree(bounce);
		return -EFAULT;
	}
	kfree(bounce);
	if (copy_to_user(uarg, &p, sizeof(p)))
		return -EFAULT;
	return 0;
}

static long ffactl_ioctl_handles(struct ffactl_handles __user *uarg)
{
	struct ffactl_handle_entry *list = NULL;
	struct ffactl_handles hs;
	struct ffactl_handle *h;
	u32 count = 0, n = 0;
	long ret = 0;

	if (copy_from_user(&hs, uarg, sizeof(hs)))
		return -EFAULT;
	if (hs.entry_size != sizeof(struct ffactl_handle_entry))
		return -EINVAL;
	if (hs.pad || hs.reserved[0] || hs.reserved[1])
		return -EINVAL;
	if (hs.capacity && !hs.list_ptr)
		return -EINVAL;

	mutex_lock(&ffactl.lock);
	list_for_each_entry(h, &ffactl.handles, node)
		count++;
	n = min(count, hs.capacity);
	if (n) {
		list = kvcalloc(n, sizeof(*list), GFP_KERNEL);
		if (!list) {
			mutex_unlock(&ffactl.lock);
			return -ENOMEM;
		}
	}
	count = 0;
	list_for_each_entry(h, &ffactl.handles, node) {
		if (count < n) {
			struct ffactl_handle_entry *e = &list[count];

			e->handle = h->handle;
			e->fn_num = h->fn_num;
			e->pages = h->nr_pages;
			e->state = h->state;
			e->receiver_count = h->receiver_count;
			memcpy(e->receivers, h->receivers,
			       sizeof(e->receivers));
		}
		count++;
	}
	mutex_unlock(&ffactl.lock);

	hs.count = count;
	if (n && copy_to_user(u64_to_user_ptr(hs.list_ptr), list,
			      (size_t)n * sizeof(*list)))
		ret = -EFAULT;
	kvfree(list);
	if (!ret && copy_to_user(uarg, &hs, sizeof(hs)))
		ret = -EFAULT;
	return ret;
}

/* Calls FFACTL_IOC_BENCH times one by one, for min_ns and max_ns. */
#define FFACTL_BENCH_TIMED	1000U

static long ffactl_ioctl_bench(struct ffactl_bench __user *uarg)
{
	u64 in[FFACTL_NREGS], regs[FFACTL_NREGS];
	u64 t0, dt, total = 0, lo = U64_MAX, hi = 0;
	struct ffactl_bench b;
	u32 i;

	if (copy_from_user(&b, uarg, sizeof(b)))
		return -EFAULT;
	if (b.flags || b.reserved[0] || b.reserved[1])
		return -EINVAL;
	if (!b.iterations || b.iterations > FFACTL_MAX_BENCH)
		return -EINVAL;
	if (!ffactl_raw_allowed(b.regs))
		return -EINVAL;
	memcpy(in, b.regs, sizeof(in));

	/*
	 * The total is the loop's wall time, as a user-space figure is: a
	 * sum of per-call timestamps would leave out the loop's own work and
	 * put in the clock's. Single calls are timed in a second, shorter
	 * pass for the fastest and slowest.
	 */
	mutex_lock(&ffactl.lock);
	t0 = ktime_get_ns();
	for (i = 0; i < b.iterations; i++) {
		memcpy(regs, in, sizeof(regs));
		ffactl_invoke(regs);
		if (!(i & 1023))
			cond_resched();
	}
	total = ktime_get_ns() - t0;
	for (i = 0; i < min(b.iterations, FFACTL_BENCH_TIMED); i++) {
		memcpy(regs, in, sizeof(regs));
		t0 = ktime_get_ns();
		ffactl_invoke(regs);
		dt = ktime_get_ns() - t0;
		lo = min(lo, dt);
		hi = max(hi, dt);
	}
	/* Every call asked the same: follow the last answer. */
	ffactl_follow_version(in[0], in[1], regs[0]);
	mutex_unlock(&ffactl.lock);

	memcpy(b.regs, regs, sizeof(b.regs));
	b.total_ns = total;
	b.min_ns = lo;
	b.max_ns = hi;
	if (copy_to_user(uarg, &b, sizeof(b)))
		return -EFAULT;
	return 0;
}

/* Calls a batch makes per hold of the lock. */
#define FFACTL_BATCH_CHUNK	32U

/*
 * The whole array is copied in once and out once: per-entry copies cost
 * more than the calls themselves, which is what a batch is for. Every
 * entry is checked before the first call, on the kernel's copy, so a bad
 * one changes nothing. The lock is dropped between chunks so that other
 * users of the device and the scheduler get a turn during a long batch.
 */
static long ffactl_ioctl_call_batch(struct ffactl_call_batch __user *uarg)
{
	struct ffactl_call __user *calls;
	struct ffactl_call_batch b;
	struct ffactl_call *all;
	long ret = 0;
	u32 i, j, n;

	if (copy_from_user(&b, uarg, sizeof(b)))
		return -EFAULT;
	if (b.flags || b.pad || b.reserved[0] || b.reserved[1])
		return -EINVAL;
	if (!b.count || b.count > FFACTL_MAX_BATCH)
		return -EINVAL;
	calls = u64_to_user_ptr(b.calls_ptr);
	all = vmemdup_user(calls, (size_t)b.count * sizeof(*all));
	if (IS_ERR(all))
		return PTR_ERR(all);
	for (i = 0; i < b.count; i++) {
		if (all[i].flags || all[i].pad ||
		    !ffactl_raw_allowed(all[i].regs)) {
			ret = -EINVAL;
			goto out;
		}
	}
	b.done = 0;
	for (i = 0; i < b.count; i += n) {
		n = min(b.count - i, FFACTL_BATCH_CHUNK);
		mutex_lock(&ffactl.lock);
		for (j = 0; j < n; j++)
			ffactl_invoke_raw(all[i + j].regs);
		mutex_unlock(&ffactl.lock);
		b.done += n;
		cond_resched();
	}
	if (copy_to_user(calls, all, (size_t)b.count * sizeof(*all)) ||
	    copy_to_user(uarg, &b, sizeof(b)))
		ret = -EFAULT;
out:
	kvfree(all);
	return ret;
}

/*
 * A known command number with the wrong size (a tool built against another
 * layout) is -EINVAL; anything else unknown is -ENOTTY.
 */
static long ffactl_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	static const unsigned int cmds[] = {
		FFACTL_IOC_VERSION, FFACTL_IOC_CALL, FFACTL_IOC_MEM_SEND,
		FFACTL_IOC_MEM_RECLAIM, FFACTL_IOC_PARTITION_INFO,
		FFACTL_IOC_HANDLES, FFACTL_IOC_BENCH, FFACTL_IOC_CALL_BATCH,
	};
	void __user *uarg = (void __user *)arg;
	unsigned int nr = _IOC_NR(cmd);

	if (!capable(CAP_SYS_RAWIO))
		return -EPERM;
	if (_IOC_TYPE(cmd) != FFACTL_IOC_MAGIC || nr >= ARRAY_SIZE(cmds))
		return -ENOTTY;
	if (cmd != cmds[nr])
		return -EINVAL;

	switch (cmd) {
	case FFACTL_IOC_VERSION:
		return ffactl_ioctl_version(uarg);
	case FFACTL_IOC_CALL:
		return ffactl_ioctl_call(uarg);
	case FFACTL_IOC_MEM_SEND:
		return ffactl_ioctl_mem_send(uarg);
	case FFACTL_IOC_MEM_RECLAIM:
		return ffactl_ioctl_mem_reclaim(uarg);
	case FFACTL_IOC_PARTITION_INFO:
		return ffactl_ioctl_partition_info(uarg);
	case FFACTL_IOC_HANDLES:
		return ffactl_ioctl_handles(uarg);
	case FFACTL_IOC_BENCH:
		return ffactl_ioctl_bench(uarg);
	case FFACTL_IOC_CALL_BATCH:
		return ffactl_ioctl_call_batch(uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations ffactl_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = ffactl_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice ffactl_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = KBUILD_MODNAME,
	.fops = &ffactl_fops,
	.mode = 0600,
};

static void ffactl_free_rxtx(void)
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
static int ffactl_map_rxtx(void)
{
	u64 regs[FFACTL_NREGS];
	s32 code;

	ffactl.tx_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	ffactl.rx_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!ffactl.tx_page || !ffactl.rx_page) {
		ffactl_free_rxtx();
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
	if (code == FFA_RET_DENIED && IS_ENABLED(CONFIG_ARM_FFA_TRANSPORT))
		pr_err("FFA_RXTX_MAP: DENIED: the in-tree FF-A driver already mapped this endpoint's only RX/TX pair\n");
	else if (code == FFA_RET_DENIED)
		pr_err("FFA_RXTX_MAP: DENIED: another agent already mapped an RX/TX pair for endpoint 0x%04x (one pair per endpoint)\n",
		       ffactl.id);
	else
		pr_err("FFA_RXTX_MAP failed: a0 0x%llx, a2 %d\n",
		       regs[0], code);
	pr_err("running without RX/TX: memory sharing and partition info are unavailable, register-only calls work\n");
	ffactl_free_rxtx();
	ffactl.flags |= FFACTL_VERSION_F_NO_RXTX;
	return 0;
}

/* At unload: the firmware must let go of RX/TX before the pages do. */
static void ffactl_unmap_rxtx(void)
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
	ffactl_free_rxtx();
	ffactl.rxtx_size = 0;
}

/* Reclaims what it can; what the firmware keeps is leaked, not freed. */
static void ffactl_reclaim_all(void)
{
	struct ffactl_handle *h, *tmp;
	u64 regs[FFACTL_NREGS];

	list_for_each_entry_safe(h, tmp, &ffactl.handles, node) {
		list_del(&h->node);
		if (h->handle == FFA_HANDLE_INVALID) {
			pr_warn("pages of a memory send the firmware never named a handle for: leaking %u pages\n",
				h->nr_pages);
			goto leak;
		}
		ffactl_reclaim_regs(regs, h->handle, 0);
		if (ffa_is_success(regs[0])) {
			pr_info("handle 0x%llx reclaimed at unload (%u pages)\n",
				h->handle, h->nr_pages);
			ffactl_handle_free(h);
			continue;
		}
		pr_warn("handle 0x%llx: FFA_MEM_RECLAIM at unload failed (a0 0x%llx, a2 %d): leaking its %u pages, the firmware may still map them\n",
			h->handle, regs[0], ffa_error_code(regs), h->nr_pages);
leak:
		kvfree(h->pages);
		kfree(h);
	}
}

static int ffactl_probe_ffa(void)
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
	if (v & FFA_VERSION_MBZ) {
		pr_err("FFA_VERSION answered 0x%08x (NOT_SUPPORTED): no FF-A firmware behind %s\n",
		       v, conduit);
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
		FFA_MINOR(ffa_version), ffactl.id, conduit);
	return 0;
}

static int __init ffactl_init(void)
{
	int ret;

	BUILD_BUG_ON(sizeof(struct ffactl_version) != FFACTL_VERSION_SIZE);
	BUILD_BUG_ON(sizeof(struct ffactl_call) != FFACTL_CALL_SIZE);
	BUILD_BUG_ON(sizeof(struct ffactl_mem_send) != FFACTL_MEM_SEND_SIZE);
	BUILD_BUG_ON(sizeof(struct ffactl_mem_reclaim) !=
		     FFACTL_MEM_RECLAIM_SIZE);
	BUILD_BUG_ON(sizeof(struct ffactl_partition_info) !=
		     FFACTL_PARTITION_INFO_SIZE);
	BUILD_BUG_ON(sizeof(struct ffactl_handle_entry) !=
		     FFACTL_HANDLE_ENTRY_SIZE);
	BUILD_BUG_ON(sizeof(struct ffactl_handles) != FFACTL_HANDLES_SIZE);
	BUILD_BUG_ON(sizeof(struct ffactl_bench) != FFACTL_BENCH_SIZE);
	BUILD_BUG_ON(sizeof(struct ffactl_call_batch) !=
		     FFACTL_CALL_BATCH_SIZE);

	if (!strcmp(conduit, "smc")) {
		ffactl.hvc = false;
	} else if (!strcmp(conduit, "hvc")) {
		ffactl.hvc = true;
	} else {
		pr_err("conduit=%s: use smc or hvc\n", conduit);
		return -EINVAL;
	}
	/* An SMC with nothing at EL3 (or HVC with nothing at EL2) is UNDEF. */
	if (arm_smccc_1_1_get_conduit() == SMCCC_CONDUIT_NONE) {
		if (!force) {
			pr_err("the kernel found no SMCCC v1.1+ firmware (PSCI conduit none): an FF-A call could be undefined; not loading (force=1 overrides)\n");
			return -ENODEV;
		}
		pr_warn("no SMCCC v1.1+ firmware found; force=1: calling by %s anyway\n",
			conduit);
	}

	mutex_init(&ffactl.lock);
	INIT_LIST_HEAD(&ffactl.handles);
	ffactl.flags = FFACTL_VERSION_F_FIRST_WORD;

	ret = ffactl_probe_ffa();
	if (ret)
		return ret;

	if (IS_ENABLED(CONFIG_ARM_FFA_TRANSPORT)) {
		ffactl.flags |= FFACTL_VERSION_F_INTREE_FFA;
		pr_warn("this kernel has the in-tree FF-A driver (CONFIG_ARM_FFA_TRANSPORT): it owns this endpoint's RX/TX pair, so our FFA_RXTX_MAP will be refused\n");
	}
	ret = ffactl_map_rxtx();
	if (ret)
		return ret;

	ret = misc_register(&ffactl_misc);
	if (ret) {
		pr_err("misc_register: %d\n", ret);
		ffactl_unmap_rxtx();
		return ret;
	}
	pr_info("/dev/%s ready, RX/TX %u bytes\n", ffactl_misc.name,
		ffactl.rxtx_size);
	return 0;
}

static void __exit ffactl_exit(void)
{
	misc_deregister(&ffactl_misc);
	mutex_lock(&ffactl.lock);
	ffactl_reclaim_all();
	ffactl_unmap_rxtx();
	mutex_unlock(&ffactl.lock);
}

module_init(ffactl_init);
module_exit(ffactl_exit);

MODULE_DESCRIPTION("ffactl: FF-A calls from user space through /dev/ffactl");
MODULE_LICENSE("GPL");
/* meson.build's version (tests/package/check-version); `ffactl --version`. */
MODULE_VERSION("0.1.0");
