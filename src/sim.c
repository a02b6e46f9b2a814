// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sim backend: the SPMC model in-process, with the kernel module's part
 * played here too (RX/TX pair, pages lent to the secure side, handle ->
 * pages records), and the state persisted between invocations.
 *
 * Normal-world memory is simulated. TX and RX are 4 KiB buffers of this
 * process at fixed fake physical addresses. Lent pages get fake addresses
 * from a counter that is never rewound, so no address is handed out twice.
 * Page contents are not stored: each live page "reads as" one 32-bit
 * pattern word repeated, which is all the model's fill/checksum need. A
 * borrower's byte write (TF-A's TSP adding 1 to a page's first byte)
 * changes the low byte of the page's pattern: the first word reads back
 * as it would, and the page as zero or not as it would; only the other
 * words, which nothing reads on their own, differ from real memory.
 *
 * The state file, its lock and the in-memory state are in sim_state.c;
 * this file is the backend proper: host callbacks for the model, the
 * ops, and opening.
 *
 * The negotiated FF-A version: the module records the version asked by
 * every FFA_VERSION the firmware answers with a version (bit 31 clear).
 * The model records exactly then too (model.c do_version), so the sim's
 * record and the model's are one field, ms.version, persisted with the
 * rest of the state. The first open after `sim reset` negotiates
 * SIM_MODULE_FFA_VERSION, as the module does at load; `sim reset
 * --negotiate V` asks V instead (the module's ffa_version parameter), in
 * sim_reset_version(), so the open only maps RX/TX. Under a profile that
 * fixes the version once other calls are made (spec, DEN0077 v1.2
 * §13.2), that is the only way to run the sim at another version.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>

#include "backend.h"
#include "ffa/desc.h"
#include "ffa/ffa.h"
#include "model.h"
#include "sim.h"
#include "sim_state.h"

/* What the module asks for at load by default (kmod ffa_version). */
#define SIM_MODULE_FFA_VERSION FFA_VERSION_1_1

struct sim {
	/*
	 * No file at all: the state lives in this process only (the
	 * explorer's reference SPMC, or a run that wants no trace). Then
	 * path is empty and cached always holds the state.
	 */
	bool memory;
	char path[4096];
	/*
	 * The state as this process last loaded or saved it, kept between
	 * operations (opening and the command's call, or the many calls of
	 * smoke): the next operation reuses it if the file, checked under
	 * the lock, is still the same one, instead of reading it again.
	 */
	struct sim_state *cached;
	/* begin() negotiated or mapped RX/TX on a state reset since. */
	bool reloaded;
};

static bool fn_is_ffa(uint32_t fid)
{
	return (fid & ~0x400000FFu) == FFA_SMC32_BASE &&
	       FFA_FN_NUM(fid) >= FFA_FN_NUM_MIN;
}

static bool is_success(uint64_t a0)
{
	return (uint32_t)a0 == FFA_FN_SMC32(FFA_SUCCESS) ||
	       (uint32_t)a0 == FFA_FN_SMC64(FFA_SUCCESS);
}

static bool is_error(uint64_t a0)
{
	return (uint32_t)a0 == FFA_FN_SMC32(FFA_ERROR);
}

/*
 * As the kernel module decides: a reclaim refused with INVALID_PARAMETERS
 * or NOT_SUPPORTED changed nothing; any other failure (DENIED, ABORTED,
 * ...) or an unreadable answer leaves the pages with the SPMC, stuck.
 */
static bool reclaim_leaves_stuck(const struct ffa_regs *r)
{
	int32_t code = (int32_t)r->a[2];

	if (is_success(r->a[0]))
		return false;
	if (!is_error(r->a[0]))
		return true;
	return code != FFA_RET_INVALID_PARAMETERS &&
	       code != FFA_RET_NOT_SUPPORTED;
}

/* ---- simulated memory (struct ffa_model_host callbacks) --------------- */

static void *host_map(void *ctx, uint64_t pa, uint64_t len)
{
	struct sim_state *st = ctx;

	if (pa >= SIM_TX_PA && len <= SIM_BUF_SIZE &&
	    pa - SIM_TX_PA <= SIM_BUF_SIZE - len)
		return st->tx + (pa - SIM_TX_PA);
	if (pa >= SIM_RX_PA && len <= SIM_BUF_SIZE &&
	    pa - SIM_RX_PA <= SIM_BUF_SIZE - len)
		return st->rx + (pa - SIM_RX_PA);
	return NULL;
}

static void host_fill(void *ctx, uint64_t pa, uint32_t pages,
		      uint32_t pattern)
{
	struct sim_state *st = ctx;
	uint32_t i, *p;

	/* Pages that are not ours (a deliberately bogus descriptor): no-op. */
	for (i = 0; i < pages; i++)
		if ((p = sim_page_pattern(st,
					  pa + (uint64_t)i * FFA_PAGE_SIZE)))
			*p = pattern;
}

static uint32_t host_checksum(void *ctx, uint64_t pa, uint32_t pages)
{
	struct sim_state *st = ctx;
	uint32_t h = 0x811c9dc5u, i, w, *p;
	bool nonzero = false;
	int b;

	for (i = 0; i < pages; i++) {
		p = sim_page_pattern(st, pa + (uint64_t)i * FFA_PAGE_SIZE);
		/* Memory that is not ours reads as junk, never as zero. */
		w = p ? *p : 0xDEADBEEFu;
		nonzero |= w != 0;
		for (b = 0; b < 4; b++) {
			h ^= (w >> (8 * b)) & 0xFFu;
			h *= 0x01000193u;
		}
	}
	if (!nonzero)
		return 0;
	return h ? h : 1;
}

static uint8_t host_bump(void *ctx, uint64_t pa)
{
	uint32_t *p = sim_page_pattern(ctx, pa & ~(uint64_t)(FFA_PAGE_SIZE - 1));
	uint8_t v;

	if (!p)
		return 0;
	v = (uint8_t)(*p + 1);
	*p = (*p & ~0xFFu) | v;
	return v;
}

/* ---- the backend ------------------------------------------------------- */

/* One FF-A call to the model, reported to --trace if tracing. */
static void model_call(struct ffactl_backend *be, struct sim_state *st,
		       struct ffa_regs *io)
{
	struct ffa_regs in;

	if (be->trace)
		memcpy(&in, io, sizeof(in));
	ffa_model_call(&st->ms, &st->host, FFA_MODEL_NWD_ID, io);
	if (be->trace)
		be->trace(be->trace_arg, NULL, &in, io, NULL);
}

static struct sim *sim_of(struct ffactl_backend *be)
{
	return be->priv;
}

/* Gives the model our simulated memory. */
static void attach_host(struct sim_state *st)
{
	st->host.ctx = st;
	st->host.map = host_map;
	st->host.fill = host_fill;
	st->host.checksum = host_checksum;
	st->host.bump = host_bump;
}

/* Loads the state (lock held) and gives the model our simulated memory. */
static int load(struct ffactl_backend *be, struct sim_state **st,
		bool *fresh)
{
	int ret;

	ret = sim_state_load(sim_of(be)->path, st, fresh, be->errmsg,
			     sizeof(be->errmsg));
	if (ret < 0)
		return ret;
	attach_host(*st);
	return 0;
}

static int module_load(struct ffactl_backend *be, struct sim_state *st,
		       bool *changed);

/*
 * Lock, load: the start of every operation that may change state. A state
 * that `sim reset` started over since this process opened the backend has
 * no version negotiated and no RX/TX mapped yet: that is done first, as
 * opening does (the module did it at load), and saved by end().
 */
static int begin(struct ffactl_backend *be, struct sim_state **st, int *lk)
{
	struct sim *s = sim_of(be);
	int ret;

	if (s->memory) {
		*lk = -1;
		*st = s->cached;
		s->cached = NULL;
		return 0;
	}

	s->reloaded = false;

	*lk = sim_state_lock(s->path, LOCK_EX, be->errmsg,
			     sizeof(be->errmsg));
	if (*lk < 0)
		return *lk;
	if (s->cached) {
		*st = s->cached;
		s->cached = NULL;
		if (sim_state_current(s->path, *st))
			return 0;
		sim_state_free(*st);
	}
	ret = load(be, st, NULL);
	if (ret == 0)
		ret = module_load(be, *st, &s->reloaded);
	if (ret < 0) {
		if (*st)
			sim_state_free(*st);
		*st = NULL;
		sim_state_unlock(*lk);
		*lk = -1;
	}
	return ret;
}

/*
 * Save (if @changed), unlock. The state is kept for the next operation
 * when it is exactly what the file holds: saved, or loaded and unchanged.
 */
static int end(struct ffactl_backend *be, struct sim_state *st, int lk,
	       int ret, bool changed)
{
	struct sim *s = sim_of(be);
	int r = 0;

	if (s->memory) {
		s->cached = st;
		return ret;
	}
	changed |= s->reloaded;
	s->reloaded = false;
	if (changed)
		r = sim_state_save(s->path, st, be->errmsg,
				   sizeof(be->errmsg));
	sim_state_free(s->cached);
	s->cached = NULL;
	if (r == 0 && (changed || ret >= 0))
		s->cached = st;
	else
		sim_state_free(st);
	sim_state_unlock(lk);
	return ret < 0 ? ret : r;
}

/*
 * The kernel module passes only FF-A function IDs through its raw-call
 * ioctl, and none that touch the buffers or memory it owns (DESIGN.md §5):
 * the sim refuses the same ones, or its records would drift from the
 * model's.
 */
static bool raw_call_allowed(const struct ffa_regs *io)
{
	uint32_t fid = (uint32_t)io->a[0];

	switch (FFA_FN_NUM(fid)) {
	case FFA_PARTITION_INFO_GET:
		/* The RX contents would be lost: only the count passes. */
		return io->a[5] & FFA_PARTITION_INFO_COUNT_ONLY;
	case FFA_RX_ACQUIRE:
	case FFA_MSG_SEND:
	case FFA_MSG_SEND2:
	case FFA_MEM_RETRIEVE_RESP:
	case FFA_RXTX_MAP:
	case FFA_RXTX_UNMAP:
	case FFA_MEM_DONATE:
	case FFA_MEM_LEND:
	case FFA_MEM_SHARE:
	case FFA_MEM_RETRIEVE_REQ:
	case FFA_MEM_RELINQUISH:
	case FFA_MEM_RECLAIM:
	case FFA_MEM_FRAG_RX:
	case FFA_MEM_FRAG_TX:
		return false;
	default:
		return fn_is_ffa(fid);
	}
}

static int sim_call(struct ffactl_backend *be, struct ffa_regs *io)
{
	uint32_t num = FFA_FN_NUM((uint32_t)io->a[0]);
	struct ffa_model_state before;
	struct sim_state *st;
	bool changed;
	int lk, ret;

	if (io->a[0] >> 32 || !raw_call_allowed(io)) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "function ID 0x%llx refused for a raw call (only FF-A IDs; memory and RX/TX ABIs have their own commands)",
			 (unsigned long long)io->a[0]);
		return -EPERM;
	}
	ret = begin(be, &st, &lk);
	if (ret < 0)
		return ret;
	memcpy(&before, &st->ms, sizeof(before));
	model_call(be, st, io);
	/*
	 * Most raw calls (version, id, features) change nothing: saving
	 * would make every such invocation pay for an fsync. Only direct
	 * messages reach the test partition, which may change regions and
	 * pages beyond struct ffa_model_state.
	 */
	changed = memcmp(&before, &st->ms, sizeof(before)) != 0 ||
		  num == FFA_MSG_SEND_DIRECT_REQ ||
		  num == FFA_MSG_SEND_DIRECT_REQ2;
	return end(be, st, lk, 0, changed);
}

static int sim_partition_info(struct ffactl_backend *be,
			      const uint32_t uuid[4], uint32_t flags,
			      struct ffa_regs *out, void *buf, size_t cap,
			      size_t *len)
{
	struct sim_state *st;
	struct ffa_regs rel;
	uint64_t n, size;
	int lk, ret, i;

	*len = 0;
	ret = begin(be, &st, &lk);
	if (ret < 0)
		return ret;
	memset(out, 0, sizeof(*out));
	out->a[0] = FFA_FN_SMC32(FFA_PARTITION_INFO_GET);
	for (i = 0; i < 4; i++)
		out->a[1 + i] = uuid[i];
	out->a[5] = flags;
	model_call(be, st, out);
	/* DEN0077 §13.8: count-only (flags bit 0) leaves RX with the SPMC. */
	if (is_success(out->a[0]) &&
	    !(flags & FFA_PARTITION_INFO_COUNT_ONLY)) {
		/* v1.0 returns no size in a3: its descriptor is 8 bytes. */
		size = (uint32_t)out->a[3] ? (uint32_t)out->a[3] : 8;
		n = (uint64_t)(uint32_t)out->a[2] * size;
		if (n > SIM_BUF_SIZE)
			n = SIM_BUF_SIZE;
		if (n > cap)
			n = cap;
		if (buf && n)
			memcpy(buf, st->rx, (size_t)n);
		*len = buf ? (size_t)n : 0;
		memset(&rel, 0, sizeof(rel));
		rel.a[0] = FFA_FN_SMC32(FFA_RX_RELEASE);
		model_call(be, st, &rel);
	}
	return end(be, st, lk, 0, true);
}

/* The kmod's bounds check before it writes addresses into a descriptor. */
static int check_send_req(struct ffactl_backend *be,
			  const struct mem_send_req *req)
{
	uint32_t num = FFA_FN_NUM(req->fid);
	uint64_t end_off;

	if (!fn_is_ffa(req->fid) || (num != FFA_MEM_DONATE &&
				     num != FFA_MEM_LEND &&
				     num != FFA_MEM_SHARE)) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "function ID 0x%x is not FFA_MEM_SHARE, _LEND or _DONATE",
			 req->fid);
		return -EINVAL;
	}
	if (!req->desc || !req->desc_len) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "empty memory transaction descriptor");
		return -EINVAL;
	}
	if (req->desc_len > SIM_MAX_DESC) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "descriptor of %u bytes is larger than the sim accepts (%u)",
			 req->desc_len, SIM_MAX_DESC);
		return -E2BIG;
	}
	if (req->pages > SIM_MAX_PAGES) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%u pages is more than the sim lends at once (%u)",
			 req->pages, SIM_MAX_PAGES);
		return -E2BIG;
	}
	if (req->addr_mode != MEM_ADDR_FILL &&
	    req->addr_mode != MEM_ADDR_AS_IS) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "unknown address mode %u", req->addr_mode);
		return -EINVAL;
	}
	if (req->addr_mode != MEM_ADDR_FILL)
		return 0;
	end_off = req->cons_off +
		  (uint64_t)req->cons_count * FFA_CONSTITUENT_SIZE;
	if (end_off > req->desc_len) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "constituent array [%u, %llu) lies outside the %u-byte descriptor",
			 req->cons_off, (unsigned long long)end_off,
			 req->desc_len);
		return -EINVAL;
	}
	if (req->cons_count > req->pages) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "%u constituents but only %u pages to put in them",
			 req->cons_count, req->pages);
		return -EINVAL;
	}
	return 0;
}

/*
 * Transmits @d through TX: whole, or in fragments with FFA_MEM_FRAG_TX while
 * the SPMC answers FFA_MEM_FRAG_RX (DEN0077 §11.3 "Fragmented transmission").
 */
static int transmit(struct ffactl_backend *be, struct sim_state *st,
		    const struct mem_send_req *req, const uint8_t *d,
		    struct mem_send_res *res)
{
	struct ffa_regs *r = &res->regs;
	uint32_t flen, off, piece;
	uint64_t handle;

	res->tx_size = SIM_BUF_SIZE;
	flen = req->frag_len ? req->frag_len : SIM_BUF_SIZE;
	if (flen > SIM_BUF_SIZE)
		flen = SIM_BUF_SIZE;
	piece = req->desc_len < flen ? req->desc_len : flen;
	memcpy(st->tx, d, piece);
	memset(r, 0, sizeof(*r));
	r->a[0] = req->fid;
	r->a[1] = req->desc_len;
	r->a[2] = piece;
	model_call(be, st, r);
	res->fragments = 1;
	off = piece;
	while ((uint32_t)r->a[0] == FFA_FN_SMC32(FFA_MEM_FRAG_RX)) {
		/*
		 * More fragments asked for after the whole descriptor went:
		 * stop and hand the answer up, where it is reported as a
		 * protocol violation (the pages are kept, see below).
		 */
		if (off >= req->desc_len)
			return 0;
		handle = ffa_handle_join(r->a[1], r->a[2]);
		piece = req->desc_len - off < flen ? req->desc_len - off : flen;
		memcpy(st->tx, d + off, piece);
		memset(r, 0, sizeof(*r));
		r->a[0] = FFA_FN_SMC32(FFA_MEM_FRAG_TX);
		r->a[1] = ffa_handle_lo(handle);
		r->a[2] = ffa_handle_hi(handle);
		r->a[3] = piece;
		model_call(be, st, r);
		res->fragments++;
		off += piece;
	}
	return 0;
}

static void record_receivers(struct sim_rec *rec, const uint8_t *d,
			     uint32_t len)
{
	struct ffa_mem_region mr;
	uint32_t i;

	memset(&mr, 0, sizeof(mr));
	if (ffa_desc_decode(d, len, 0, &mr, NULL) != 0 &&
	    mr.receiver_count == 0)
		return;
	for (i = 0; i < mr.receiver_count && i < FFA_MODEL_MAX_RECEIVERS &&
		    i < FFA_DESC_MAX_RECEIVERS; i++)
		rec->receivers[i] = mr.receivers[i].receiver;
	rec->receiver_count = i;
}

/*
 * A reuse send (the module's FFACTL_SEND_REUSE): the base of the first
 * page of the live record for the handle, with the module's checks and
 * the bridge's messages.
 */
static int reuse_base(struct ffactl_backend *be, struct sim_state *st,
		      const struct mem_send_req *req, uint64_t *base)
{
	struct sim_rec *own = sim_rec_by_handle(st, req->reuse_handle);

	if (req->fill) {
		snprintf(be->errmsg, sizeof(be->errmsg), "reused pages are "
			 "another transaction's: they are not filled");
		return -EINVAL;
	}
	if (!own || (own->flags & (SIM_REC_STUCK | SIM_REC_BORROWED))) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "handle 0x%llx: the sim holds no pages for it%s "
			 "(ffactl handles lists those it does)",
			 (unsigned long long)req->reuse_handle,
			 !own ? "" : own->flags & SIM_REC_STUCK ?
			 " but stuck ones" : " but borrowed ones");
		return -ESRCH;
	}
	if (!req->pages || req->pages > own->pages) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "handle 0x%llx holds %u pages: reuse 1 to %u of "
			 "them, not %u", (unsigned long long)req->reuse_handle,
			 own->pages, own->pages, req->pages);
		return -ERANGE;
	}
	*base = own->base_pa;
	return 0;
}

/* One send on a loaded state; @d is the caller's copy of the descriptor. */
static int send_locked(struct ffactl_backend *be, struct sim_state *st,
		       const struct mem_send_req *req, uint8_t *d,
		       struct mem_send_res *res)
{
	struct sim_rec *rec;
	uint64_t base = 0;
	uint32_t i;
	int ret;

	memset(res, 0, sizeof(*res));
	if (req->reuse) {
		ret = reuse_base(be, st, req, &base);
		if (ret < 0)
			return ret;
	}
	/* The model may keep one range per constituent the descriptor has. */
	if (sim_state_reserve(st, 1, req->desc_len / FFA_CONSTITUENT_SIZE + 1,
			      req->desc_len) < 0 ||
	    !(rec = sim_rec_alloc(st, req->reuse ? 0 : req->pages,
				  req->fill ? req->fill_pattern : 0))) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "sim: out of memory for %u pages", req->pages);
		return -ENOMEM;
	}
	if (req->reuse) {
		/* No pages of its own: the other record's, by address. */
		rec->flags |= SIM_REC_BORROWED;
		rec->reserved = req->pages;
	} else {
		base = rec->base_pa;
	}
	if (req->addr_mode == MEM_ADDR_FILL)
		for (i = 0; i < req->cons_count; i++)
			ffa_put64(d + req->cons_off + FFA_CONSTITUENT_SIZE * i,
				  base + (uint64_t)i * FFA_PAGE_SIZE);

	ret = transmit(be, st, req, d, res);
	if (ret == 0 && is_success(res->regs.a[0])) {
		res->handle = ffa_handle_join(res->regs.a[2], res->regs.a[3]);
		sim_rec_set_handle(st, rec, res->handle);
		rec->fn_num = FFA_FN_NUM(req->fid);
		record_receivers(rec, d, req->desc_len);
	} else if (ret == 0 && !is_error(res->regs.a[0])) {
		/*
		 * An answer that is neither SUCCESS nor ERROR: the SPMC may
		 * hold the pages, so they are kept, stuck, as the kernel
		 * module keeps them (DESIGN.md §5).
		 */
		sim_rec_set_handle(st, rec, ffa_handle_join(res->regs.a[1],
							    res->regs.a[2]));
		rec->fn_num = FFA_FN_NUM(req->fid);
		rec->flags |= SIM_REC_STUCK;
		record_receivers(rec, d, req->desc_len);
	} else {
		/* The SPMC refused: nobody else holds these pages. */
		sim_rec_drop(st, rec);
	}
	return ret;
}

/*
 * @n sends of @req under one lock, load and save (sim_send_many() in
 * sim.h): each gets fresh pages, as @n separate sends would.
 */
static int send_many(struct ffactl_backend *be,
		     const struct mem_send_req *req, uint32_t n,
		     struct mem_send_res *res)
{
	struct sim_state *st;
	uint8_t *d;
	uint32_t k;
	int lk, ret;

	memset(res, 0, sizeof(*res));
	ret = check_send_req(be, req);
	if (ret < 0)
		return ret;
	d = malloc(req->desc_len);
	if (!d) {
		snprintf(be->errmsg, sizeof(be->errmsg), "out of memory");
		return -ENOMEM;
	}
	ret = begin(be, &st, &lk);
	if (ret < 0) {
		free(d);
		return ret;
	}
	for (k = 0; k < n; k++) {
		memcpy(d, req->desc, req->desc_len);
		ret = send_locked(be, st, req, d, res);
		/* Stop at the first refusal: the caller sees its answer. */
		if (ret < 0 || !is_success(res->regs.a[0]))
			break;
	}
	free(d);
	/* Refused before the first call (memory, reuse): nothing to save. */
	return end(be, st, lk, ret, ret >= 0 || k > 0);
}

static int sim_mem_send(struct ffactl_backend *be,
			const struct mem_send_req *req,
			struct mem_send_res *res)
{
	return send_many(be, req, 1, res);
}

int sim_send_many(struct ffactl_backend *be, const struct mem_send_req *req,
		  uint32_t n, struct mem_send_res *res)
{
	if (!be->ops || strcmp(be->ops->name, "sim")) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "sim_send_many needs the sim backend");
		return -EOPNOTSUPP;
	}
	return send_many(be, req, n, res);
}

static int sim_mem_reclaim(struct ffactl_backend *be, uint64_t handle,
			   uint32_t flags, bool verify_zero,
			   struct mem_reclaim_res *res)
{
	struct sim_state *st;
	struct sim_rec *rec;
	uint32_t i;
	int lk, ret;

	memset(res, 0, sizeof(*res));
	ret = begin(be, &st, &lk);
	if (ret < 0)
		return ret;
	res->regs.a[0] = FFA_FN_SMC32(FFA_MEM_RECLAIM);
	res->regs.a[1] = ffa_handle_lo(handle);
	res->regs.a[2] = ffa_handle_hi(handle);
	res->regs.a[3] = flags;
	model_call(be, st, &res->regs);
	rec = sim_rec_by_handle(st, handle);
	if (rec)
		res->pages = rec->flags & SIM_REC_BORROWED ? rec->reserved :
			     rec->pages;
	/* Pages are freed only once the SPMC has given them back (§5). */
	if (rec && is_success(res->regs.a[0])) {
		/* A borrower's pages: the sim cannot find them again. */
		if (verify_zero && !(rec->flags & SIM_REC_BORROWED)) {
			res->verified = true;
			res->zeroed = true;
			for (i = 0; i < rec->pages; i++)
				if (st->pat[rec->pat_off + i])
					res->zeroed = false;
			if (rec->pages) {
				res->word_read = true;
				res->first_word = st->pat[rec->pat_off];
			}
		}
		res->pages_freed = rec->pages;
		sim_rec_drop(st, rec);
	} else if (rec && reclaim_leaves_stuck(&res->regs)) {
		rec->flags |= SIM_REC_STUCK;
	}
	return end(be, st, lk, 0, true);
}

/* ---- RX/TX probes: the module's sequences, against the model ---- */

static int map_rxtx(struct ffactl_backend *be, struct sim_state *st);

/* The sim's pair mapped again, as the module restores its own. */
static int probe_restore(struct ffactl_backend *be, struct sim_state *st)
{
	char why[sizeof(be->errmsg)];
	int ret = map_rxtx(be, st);

	if (ret < 0) {
		memcpy(why, be->errmsg, sizeof(why));
		snprintf(be->errmsg, sizeof(be->errmsg), "sim: mapping the "
			 "sim's RX/TX pair again after the probe: %.180s", why);
	}
	return ret;
}

static void probe_call(struct ffactl_backend *be, struct sim_state *st,
		       struct ffa_regs *r, uint32_t fid, uint64_t a1,
		       uint64_t a2, uint64_t a3)
{
	memset(r, 0, sizeof(*r));
	r->a[0] = fid;
	r->a[1] = a1;
	r->a[2] = a2;
	r->a[3] = a3;
	model_call(be, st, r);
}

/*
 * FFACTL_IOC_RXTX_PROBE as the module runs it (include/uapi/ffactl.h
 * struct ffactl_rxtx_probe), with the sim's RX/TX addresses as the
 * module's pair and as the probe's (the model maps only memory the sim
 * knows, and refuses what the probes send before mapping anything);
 * the sim's pair is mapped again and RX released at the end.
 */
static int probe_run(struct ffactl_backend *be, struct sim_state *st,
		     uint32_t kind, uint32_t pages, struct rxtx_probe_res *res)
{
	const uint32_t map = FFA_FN_SMC64(FFA_RXTX_MAP);
	const uint32_t unmap = FFA_FN_SMC32(FFA_RXTX_UNMAP);
	const uint32_t info = FFA_FN_SMC32(FFA_PARTITION_INFO_GET);
	uint64_t tx = SIM_TX_PA, rx = SIM_RX_PA;
	struct ffa_regs r;
	int held = 0;

	if (kind == RXTX_PROBE_INFO_BUSY) {
		probe_call(be, st, &res->regs2, info, 0, 0, 0);
		res->made2 = true;
		if (!is_success(res->regs2.a[0]))
			return 0;
		held++;
		probe_call(be, st, &res->regs, info, 0, 0, 0);
		res->made = true;
		held += is_success(res->regs.a[0]);
		while (held--) {
			probe_call(be, st, &r, FFA_FN_SMC32(FFA_RX_RELEASE), 0,
				   0, 0);
			if (!is_success(r.a[0])) {
				snprintf(be->errmsg, sizeof(be->errmsg),
					 "sim: FFA_RX_RELEASE after the probe "
					 "refused by the SPMC model (a2 %d)",
					 (int32_t)r.a[2]);
				return -EIO;
			}
		}
		return 0;
	}
	if (kind == RXTX_PROBE_MAP_TWICE) {
		/* Swapped: what matters is that a pair is mapped already. */
		probe_call(be, st, &res->regs, map, rx, tx, 1);
		res->made = true;
		probe_call(be, st, &res->regs2, unmap, 0, 0, 0);
		res->made2 = true;
		if (!is_success(res->regs2.a[0]))
			return 0;
		return probe_restore(be, st);
	}
	probe_call(be, st, &r, unmap, 0, 0, 0);
	if (!is_success(r.a[0])) {
		res->regs2 = r;
		res->made2 = true;
		snprintf(be->errmsg, sizeof(be->errmsg), "sim: the SPMC model "
			 "refused to unmap the sim's RX/TX pair (a2 %d); "
			 "nothing changed", (int32_t)r.a[2]);
		return -EIO;
	}
	if (kind == RXTX_PROBE_UNMAP_NO_PAIR) {
		probe_call(be, st, &res->regs, unmap, 0, 0, 0);
		res->made = true;
		return probe_restore(be, st);
	}
	if (kind == RXTX_PROBE_MAP_UNALIGNED_TX)
		tx += 0x100;
	else if (kind == RXTX_PROBE_MAP_UNALIGNED_RX)
		rx += 0x100;
	probe_call(be, st, &res->regs, map, tx, rx,
		   kind == RXTX_PROBE_MAP_PAGES ? pages : 1);
	res->made = true;
	if (is_success(res->regs.a[0])) {
		probe_call(be, st, &res->regs2, unmap, 0, 0, 0);
		res->made2 = true;
	}
	return probe_restore(be, st);
}

static int sim_rxtx_probe(struct ffactl_backend *be, uint32_t kind,
			  uint32_t pages, struct rxtx_probe_res *res)
{
	struct sim_state *st;
	int lk, ret;

	memset(res, 0, sizeof(*res));
	if (kind < RXTX_PROBE_UNMAP_NO_PAIR || kind > RXTX_PROBE_INFO_BUSY ||
	    (kind != RXTX_PROBE_MAP_PAGES && pages)) {
		snprintf(be->errmsg, sizeof(be->errmsg), "RX/TX probe %u "
			 "(pages %u): no such probe", kind, pages);
		return -EINVAL;
	}
	/* The module's limit; the sim's buffers are one page each. */
	if (pages > 1) {
		snprintf(be->errmsg, sizeof(be->errmsg), "RX/TX probe: the "
			 "sim's buffers are one 4 KiB page each: it cannot "
			 "offer %u", pages);
		return -EOPNOTSUPP;
	}
	ret = begin(be, &st, &lk);
	if (ret < 0)
		return ret;
	ret = probe_run(be, st, kind, pages, res);
	return end(be, st, lk, ret, true);
}

static int sim_negotiated(struct ffactl_backend *be,
			  struct negotiated_version *out)
{
	struct sim_state *st;
	int lk, ret;

	memset(out, 0, sizeof(*out));
	ret = begin(be, &st, &lk);
	if (ret < 0)
		return ret;
	out->version = st->ms.version;
	out->tracked = true;
	return end(be, st, lk, 0, false);
}

static uint32_t rec_state(struct sim_state *st, const struct sim_rec *r)
{
	const struct ffa_model_region *mr;
	uint32_t i;

	mr = ffa_model_find(&st->ms, &st->host, r->handle);
	if (!mr)
		return HANDLE_STUCK; /* pages kept, the SPMC does not know it */
	for (i = 0; i < mr->receiver_count && i < FFA_MODEL_MAX_RECEIVERS; i++)
		if (mr->retrieved[i])
			return HANDLE_RETRIEVED;
	/* A reclaim failed (the module's "stuck"); pages kept. */
	return r->flags & SIM_REC_STUCK ? HANDLE_STUCK : HANDLE_OWNED;
}

static int sim_handles(struct ffactl_backend *be, struct handle_info *list,
		       size_t cap, size_t *n)
{
	struct sim *s = sim_of(be);
	struct sim_state *st;
	const struct sim_rec *r;
	size_t k = 0;
	uint32_t i, j;
	int lk, ret;

	*n = 0;
	if (s->memory) {
		ret = begin(be, &st, &lk);
	} else {
		lk = sim_state_lock(s->path, LOCK_SH, be->errmsg,
				    sizeof(be->errmsg));
		if (lk < 0)
			return lk;
		ret = load(be, &st, NULL);
		if (ret < 0)
			sim_state_unlock(lk);
	}
	if (ret < 0)
		return ret;
	for (i = 0; i < st->rec_n; i++) {
		r = &st->recs[i];
		if (r->flags & (SIM_REC_PENDING | SIM_REC_DEAD))
			continue;
		if (k < cap && list) {
			memset(&list[k], 0, sizeof(list[k]));
			list[k].handle = r->handle;
			list[k].fn_num = r->fn_num;
			list[k].pages = r->flags & SIM_REC_BORROWED ?
					r->reserved : r->pages;
			list[k].state = rec_state(st, r);
			list[k].receiver_count = r->receiver_count;
			for (j = 0; j < r->receiver_count && j < 4; j++)
				list[k].receivers[j] = r->receivers[j];
		}
		k++;
	}
	*n = k;
	return end(be, st, lk, 0, false);
}

static void sim_close(struct ffactl_backend *be)
{
	struct sim *s = sim_of(be);

	if (s)
		sim_state_free(s->cached);
	free(be->priv);
	be->priv = NULL;
}

static const struct ffactl_backend_ops sim_ops = {
	.name = "sim",
	.call = sim_call,
	.partition_info = sim_partition_info,
	.mem_send = sim_mem_send,
	.mem_reclaim = sim_mem_reclaim,
	.negotiated = sim_negotiated,
	.rxtx_probe = sim_rxtx_probe,
	.handles = sim_handles,
	.close = sim_close,
};

/*
 * What the kernel module does at load, first: FFA_VERSION (DEN0077 §13.2).
 * The model answers a compatible request with its own version and records
 * the one asked; anything else is the model misbehaving.
 */
static int negotiate(struct ffactl_backend *be, struct sim_state *st,
		     uint32_t v)
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_VERSION);
	r.a[1] = v;
	model_call(be, st, &r);
	if ((uint32_t)r.a[0] & FFA_VERSION_MBZ || st->ms.version != v) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "sim: FFA_VERSION(%u.%u) refused by the SPMC model (a0 0x%llx)",
			 FFA_VERSION_MAJOR(v), FFA_VERSION_MINOR(v),
			 (unsigned long long)r.a[0]);
		return -EIO;
	}
	return 0;
}

/* Then FFA_RXTX_MAP (DEN0077 §13.6). */
static int map_rxtx(struct ffactl_backend *be, struct sim_state *st)
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC64(FFA_RXTX_MAP);
	r.a[1] = SIM_TX_PA;
	r.a[2] = SIM_RX_PA;
	r.a[3] = 1;
	model_call(be, st, &r);
	if (!is_success(r.a[0])) {
		snprintf(be->errmsg, sizeof(be->errmsg),
			 "sim: FFA_RXTX_MAP refused by the SPMC model (a0 0x%llx, a2 %d)",
			 (unsigned long long)r.a[0], (int32_t)r.a[2]);
		return -EIO;
	}
	return 0;
}

/*
 * What the module does at load, on a state that has not had it: a fresh
 * one, or one from before the sim negotiated (version 0). Sets *@changed
 * when it did anything.
 */
static int module_load(struct ffactl_backend *be, struct sim_state *st,
		       bool *changed)
{
	int ret = 0;

	if (!st->ms.version) {
		ret = negotiate(be, st, SIM_MODULE_FFA_VERSION);
		*changed = true;
	}
	if (!ret && !st->ms.rxtx_pages) {
		ret = map_rxtx(be, st);
		*changed = true;
	}
	return ret;
}

int sim_backend_open(struct ffactl_backend *be, const struct backend_opts *o)
{
	struct sim_state *st;
	struct sim *s;
	bool fresh;
	int lk, ret;

	be->errmsg[0] = '\0';
	be->trace = o ? o->trace : NULL;
	be->trace_arg = o ? o->trace_arg : NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(be->errmsg, sizeof(be->errmsg), "out of memory");
		return -ENOMEM;
	}
	ret = sim_state_resolve_path(o ? o->state : NULL, s->path,
				     sizeof(s->path), be->errmsg,
				     sizeof(be->errmsg));
	if (!ret)
		ret = sim_state_ensure_dir(s->path, be->errmsg,
					   sizeof(be->errmsg));
	if (ret) {
		free(s);
		return ret;
	}
	be->ops = &sim_ops;
	be->priv = s;
	lk = sim_state_lock(s->path, LOCK_EX, be->errmsg, sizeof(be->errmsg));
	if (lk < 0) {
		ret = lk;
		goto out_free;
	}
	sim_state_remove_stale_tmp(s->path);
	ret = load(be, &st, &fresh);
	if (ret < 0) {
		sim_state_unlock(lk);
		goto out_free;
	}
	ret = module_load(be, st, &fresh);
	ret = end(be, st, lk, ret, fresh && !ret);
	if (ret < 0)
		goto out_free;
	return 0;

out_free:
	free(s);
	be->priv = NULL;
	be->ops = NULL;
	return ret;
}

bool sim_backend_send_undetermined(struct ffactl_backend *be)
{
	struct sim *s = be->ops == &sim_ops ? sim_of(be) : NULL;

	return s && s->memory && s->cached &&
	       ffa_model_send_undetermined(&s->cached->ms,
					   &s->cached->host);
}

int sim_backend_open_memory(struct ffactl_backend *be, uint32_t profile,
			    uint32_t layout, uint32_t ffa_version)
{
	struct sim_state *st;
	struct sim *s;
	int ret;

	memset(be, 0, sizeof(*be));
	s = calloc(1, sizeof(*s));
	st = s ? sim_state_fresh(profile) : NULL;
	if (!st) {
		free(s);
		snprintf(be->errmsg, sizeof(be->errmsg), "out of memory");
		return -ENOMEM;
	}
	s->memory = true;
	attach_host(st);
	ffa_model_set_layout(&st->ms, layout);
	be->ops = &sim_ops;
	be->priv = s;
	/* What the module does at load, as a file-backed sim's first open. */
	if (ffa_version & FFA_VERSION_MBZ ||
	    (ffa_version && FFA_VERSION_MAJOR(ffa_version) != 1))
		ffa_version = 0;
	ret = negotiate(be, st, ffa_version ? ffa_version :
					      SIM_MODULE_FFA_VERSION);
	if (!ret)
		ret = map_rxtx(be, st);
	s->cached = st;
	if (ret < 0) {
		sim_close(be);
		be->ops = NULL;
	}
	return ret;
}

