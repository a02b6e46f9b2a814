// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl: the kernel half of the ffactl tool. A misc device, /dev/ffactl,
 * that issues FF-A calls (Arm DEN0077) to the SPMC on behalf of user
 * space, owns every page it shares or lends (and donates), and frees a
 * page only once the firmware has given it back with a successful
 * FFA_MEM_RECLAIM.
 *
 * This file is the ioctl layer: it copies and checks every user value,
 * keeps the handle list and the pages, and hands the calls to one of two
 * transports (ffactl.h): its own conduit and RX/TX pair
 * (ffactl_own.c), or the in-tree FF-A driver's ops (ffactl_driver.c),
 * chosen at load with transport=auto|own|driver.
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

#include "ffactl.h"

#ifndef CONFIG_ARM64
#error "ffactl issues SMCCC v1.2 calls and is for arm64 kernels only"
#endif

static char *conduit = "auto";
module_param(conduit, charp, 0444);
MODULE_PARM_DESC(conduit,
		 "FF-A conduit: auto (default: the kernel's SMCCC conduit, as PSCI found it), smc or hvc");

static char *transport = "auto";
module_param(transport, charp, 0444);
MODULE_PARM_DESC(transport,
		 "auto (default: driver when the in-tree FF-A driver is loaded and set up, else own), own (our conduit and RX/TX pair) or driver (the in-tree driver's ops)");

static bool force;
module_param(force, bool, 0444);
MODULE_PARM_DESC(force,
		 "load even when the kernel found no SMCCC v1.1+ conduit");

struct ffactl_state ffactl;

void tp_cannot_notice(const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_notice_ratelimited("transport %s cannot: %pV\n", ffactl.tp->name,
			      &vaf);
	va_end(args);
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

/* Drops one reference a page: pages shared by FFACTL_SEND_REUSE live on. */
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
 * FFACTL_SEND_REUSE: the first @n pages of @handle's, each with one more
 * reference, so that they stay allocated until every handle holding them
 * lets go (ffactl_free_page_array() drops one reference a page). Only a
 * handle the firmware named and has not refused a reclaim of.
 */
static struct page **ffactl_borrow_pages(u64 handle, u32 n)
{
	struct ffactl_handle *h;
	struct page **pages;
	u32 i;

	pages = kvcalloc(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&ffactl.lock);
	h = ffactl_handle_find(handle);
	if (!h || h->handle == FFA_HANDLE_INVALID ||
	    h->state != FFACTL_HANDLE_OWNED || n > h->nr_pages) {
		mutex_unlock(&ffactl.lock);
		kvfree(pages);
		return ERR_PTR(-EINVAL);
	}
	for (i = 0; i < n; i++) {
		get_page(h->pages[i]);
		pages[i] = h->pages[i];
	}
	mutex_unlock(&ffactl.lock);
	return pages;
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
	v.transport = ffactl.tp->id;
	if (copy_to_user(uarg, &v, sizeof(v)))
		return -EFAULT;
	return 0;
}

static long ffactl_ioctl_call(struct ffactl_call __user *uarg)
{
	struct ffactl_call c;
	int ret;

	if (copy_from_user(&c, uarg, sizeof(c)))
		return -EFAULT;
	if (c.flags || c.pad || !ffactl_raw_allowed(c.regs))
		return -EINVAL;
	mutex_lock(&ffactl.lock);
	ret = ffactl.tp->call(c.regs);
	mutex_unlock(&ffactl.lock);
	if (ret)
		return ret;
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
	if (s->reserved[0])
		return -EINVAL;
	/* Reused pages are another transaction's: never filled here. */
	if (s->flags & FFACTL_SEND_REUSE) {
		if (!s->pages || (s->flags & FFACTL_SEND_FILL))
			return -EINVAL;
	} else if (s->reuse_handle) {
		return -EINVAL;
	}
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

	desc = vmemdup_user(u64_to_user_ptr(s.desc_ptr), s.desc_len);
	if (IS_ERR(desc))
		return PTR_ERR(desc);
	ret = ffactl.tp->send_check(&s, desc);
	if (ret)
		goto out_free_desc;
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h) {
		ret = -ENOMEM;
		goto out_free_desc;
	}
	if (s.flags & FFACTL_SEND_REUSE) {
		h->pages = ffactl_borrow_pages(s.reuse_handle, s.pages);
		if (IS_ERR(h->pages)) {
			ret = PTR_ERR(h->pages);
			h->pages = NULL;
			goto out_free_handle;
		}
	} else {
		h->pages = ffactl_alloc_pages(s.pages,
					      s.flags & FFACTL_SEND_FILL,
					      s.fill_pattern);
		if (!h->pages) {
			ret = -ENOMEM;
			goto out_free_handle;
		}
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
	memset(regs, 0, sizeof(regs));
	ret = ffactl.tp->mem_send(&s, desc, h, regs, &fragments,
				  &frag_handle);
	if (ret && ret != -EREMOTEIO) {
		/* Nothing was sent: the pages were never anybody else's. */
		mutex_unlock(&ffactl.lock);
		ffactl_free_page_array(h->pages, h->nr_pages);
		goto out_free_handle;
	}
	if (ret) {
		/* Sent, and what became of it is not known: keep the pages. */
		h->handle = frag_handle;
		h->state = FFACTL_HANDLE_STUCK;
		list_add_tail(&h->node, &ffactl.handles);
		pr_warn("memory send through the %s transport: outcome unknown; keeping its %u pages under handle 0x%llx\n",
			ffactl.tp->name, s.pages, frag_handle);
		h = NULL;
	} else if (ffa_is_success(regs[0])) {
		h->handle = (u64)(u32)regs[3] << 32 | (u32)regs[2];
		h->state = FFACTL_HANDLE_OWNED;
		list_add_tail(&h->node, &ffactl.handles);
		s.handle = h->handle;
		h = NULL;
	} else if (ffa_is_error(regs[0]) &&
		   frag_handle != FFA_HANDLE_INVALID &&
		   get_unaligned_le16(desc) != ffactl.id) {
		/*
		 * A FRAG_TX (a4 = 0: ours) refused for a transaction whose
		 * descriptor names another sender: TF-A 2.8's
		 * spmc_ffa_mem_frag_tx() refuses it before reading it and
		 * keeps the transaction pending, our pages' addresses in it,
		 * and refuses later sends of them as overlapping. Other
		 * refusals after FFA_MEM_FRAG_RX end the transaction (DEN0077;
		 * TF-A's spmc_ffa_fill_desc(), Hafnium).
		 */
		h->handle = frag_handle;
		h->state = FFACTL_HANDLE_STUCK;
		list_add_tail(&h->node, &ffactl.handles);
		pr_warn_ratelimited("fragmented memory send refused after FFA_MEM_FRAG_RX; the firmware may still hold handle 0x%llx: keeping its %u pages\n",
				    frag_handle, s.pages);
		s.handle = frag_handle;
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
	if (ret)
		goto out_free_desc;

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

/* Pages of @h no other handle shares (FFACTL_SEND_REUSE): freed with it. */
static u32 ffactl_pages_unshared(struct ffactl_handle *h)
{
	u32 i, n = 0;

	for (i = 0; i < h->nr_pages; i++)
		n += page_ref_count(h->pages[i]) == 1;
	return n;
}

static long ffactl_ioctl_mem_reclaim(struct ffactl_mem_reclaim __user *uarg)
{
	struct ffactl_mem_reclaim r, out;
	u64 regs[FFACTL_NREGS], handle;
	struct ffactl_handle *h;
	int ret;

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
	memset(regs, 0, sizeof(regs));
	ret = ffactl.tp->reclaim(handle, r.flags, regs);
	if (ret) {
		mutex_unlock(&ffactl.lock);
		return ret;
	}
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
		out.pages_freed = ffactl_pages_unshared(h);
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

static long
ffactl_ioctl_partition_info(struct ffactl_partition_info __user *uarg)
{
	struct ffactl_partition_info p;
	u64 regs[FFACTL_NREGS];
	u8 *bounce = NULL;
	u32 n = 0, cap;
	int ret;

	if (copy_from_user(&p, uarg, sizeof(p)))
		return -EFAULT;
	if (p.pad || p.reserved[0] || p.reserved[1])
		return -EINVAL;
	if (p.buf_size && !p.buf_ptr)
		return -EINVAL;
	/* Never more than one RX buffer's worth of descriptors. */
	cap = min_t(u32, p.buf_size, SZ_64K);
	bounce = kmalloc(max_t(u32, cap, 1), GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;

	mutex_lock(&ffactl.lock);
	memset(regs, 0, sizeof(regs));
	ret = ffactl.tp->partition_info(&p, regs, bounce, cap, &n);
	mutex_unlock(&ffactl.lock);
	if (ret)
		goto out_free;

	memset(&p.reserved, 0, sizeof(p.reserved));
	p.len = n;
	memcpy(p.regs, regs, sizeof(p.regs));
	if (n && copy_to_user(u64_to_user_ptr(p.buf_ptr), bounce, n))
		ret = -EFAULT;
	else if (copy_to_user(uarg, &p, sizeof(p)))
		ret = -EFAULT;
out_free:
	kfree(bounce);
	return ret;
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
	int ret;
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
	mutex_lock(&ffactl.lock);
	ret = ffactl.tp->loop_allowed(in);
	mutex_unlock(&ffactl.lock);
	if (ret)
		return ret;

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
	/* Every call asked the same: the transport judges the last answer. */
	if (ffactl.tp->loop_done)
		ffactl.tp->loop_done(in, regs);
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
	mutex_lock(&ffactl.lock);
	for (i = 0; i < b.count && !ret; i++)
		ret = ffactl.tp->loop_allowed(all[i].regs);
	mutex_unlock(&ffactl.lock);
	if (ret)
		goto out;
	b.done = 0;
	for (i = 0; i < b.count; i += n) {
		n = min(b.count - i, FFACTL_BATCH_CHUNK);
		mutex_lock(&ffactl.lock);
		for (j = 0; j < n; j++)
			ffactl.tp->call(all[i + j].regs);
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

/* Reclaims what it can; what the firmware keeps is leaked, not freed. */
static void ffactl_reclaim_all(void)
{
	struct ffactl_handle *h, *tmp;
	u64 regs[FFACTL_NREGS];
	int ret;

	list_for_each_entry_safe(h, tmp, &ffactl.handles, node) {
		list_del(&h->node);
		if (h->handle == FFA_HANDLE_INVALID) {
			pr_warn("pages of a memory send the firmware never named a handle for: leaking %u pages\n",
				h->nr_pages);
			goto leak;
		}
		memset(regs, 0, sizeof(regs));
		ret = ffactl.tp->reclaim(h->handle, 0, regs);
		if (!ret && ffa_is_success(regs[0])) {
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

/*
 * The conduit follows the kernel's own SMCCC conduit, as PSCI found it
 * (HVC in a guest, SMC on the host), unless conduit= says otherwise.
 */
static int ffactl_pick_conduit(const char **how)
{
	enum arm_smccc_conduit found = arm_smccc_1_1_get_conduit();

	*how = "conduit= parameter";
	if (!strcmp(conduit, "smc")) {
		ffactl.hvc = false;
	} else if (!strcmp(conduit, "hvc")) {
		ffactl.hvc = true;
	} else if (!strcmp(conduit, "auto")) {
		*how = "the kernel's SMCCC conduit";
		ffactl.hvc = found == SMCCC_CONDUIT_HVC;
	} else {
		pr_err("conduit=%s: use auto, smc or hvc\n", conduit);
		return -EINVAL;
	}
	/* An SMC with nothing at EL3 (or HVC with nothing at EL2) is UNDEF. */
	if (found == SMCCC_CONDUIT_NONE) {
		if (!force) {
			pr_err("the kernel found no SMCCC v1.1+ firmware (PSCI conduit none): an FF-A call could be undefined; not loading (force=1 overrides)\n");
			return -ENODEV;
		}
		*how = "force=1: no SMCCC conduit found";
		pr_warn("no SMCCC v1.1+ firmware found; force=1: calling by %s anyway\n",
			ffactl.hvc ? "hvc" : "smc");
	}
	return 0;
}

/*
 * auto: the in-tree driver's ops when it is loaded and set up (it owns the
 * endpoint's RX/TX pair and version then), else our own. own is refused
 * beside the in-tree driver: our FFA_VERSION at load would renegotiate
 * the endpoint behind its back.
 */
static int ffactl_pick_transport(void)
{
	bool intree = ffactl_driver_present();

	if (!strcmp(transport, "driver") ||
	    (!strcmp(transport, "auto") && intree)) {
		ffactl.tp = &ffactl_transport_driver;
	} else if (!strcmp(transport, "own") ||
		   !strcmp(transport, "auto")) {
		ffactl.tp = &ffactl_transport_own;
		if (intree) {
			pr_err("transport=own: the in-tree FF-A driver is loaded and owns this endpoint's RX/TX pair and FF-A version; use transport=driver (or auto), or unload it first\n");
			return -EBUSY;
		}
	} else {
		pr_err("transport=%s: use auto, own or driver\n", transport);
		return -EINVAL;
	}
	return 0;
}

static int __init ffactl_init(void)
{
	const char *how;
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

	mutex_init(&ffactl.lock);
	INIT_LIST_HEAD(&ffactl.handles);
	ffactl.flags = FFACTL_VERSION_F_FIRST_WORD;

	ret = ffactl_pick_conduit(&how);
	if (!ret)
		ret = ffactl_pick_transport();
	if (ret)
		return ret;
	pr_info("transport %s (transport=%s), conduit %s (%s)\n",
		ffactl.tp->name, transport, ffactl.hvc ? "hvc" : "smc", how);
	ret = ffactl.tp->init();
	if (ret)
		return ret;

	ret = misc_register(&ffactl_misc);
	if (ret) {
		pr_err("misc_register: %d\n", ret);
		ffactl.tp->exit();
		return ret;
	}
	pr_info("/dev/%s ready, transport %s, RX/TX %u bytes\n",
		ffactl_misc.name, ffactl.tp->name, ffactl.rxtx_size);
	return 0;
}

static void __exit ffactl_exit(void)
{
	misc_deregister(&ffactl_misc);
	mutex_lock(&ffactl.lock);
	ffactl_reclaim_all();
	mutex_unlock(&ffactl.lock);
	/* Unlocked: own's module notifier may be waiting for the lock. */
	ffactl.tp->exit();
}

module_init(ffactl_init);
module_exit(ffactl_exit);

MODULE_DESCRIPTION("ffactl: FF-A calls from user space through /dev/ffactl");
MODULE_LICENSE("GPL");
/* meson.build's version (tests/package/check-version); `ffactl --version`. */
MODULE_VERSION("0.1.0");
