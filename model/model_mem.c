// SPDX-License-Identifier: BSD-3-Clause
/*
 * Memory transactions: FFA_MEM_SHARE/LEND/DONATE (whole or in fragments with
 * FFA_MEM_FRAG_TX), FFA_MEM_RECLAIM, the test partition's retrieve,
 * relinquish, write and checksum, and the consistency check of a loaded
 * state. Descriptors are parsed only by the shared decoder (ffa/desc.h).
 *
 * Life of a region: SENDING (fragments arriving, no ranges yet) -> SENT
 * (ranges stored, borrowers may retrieve) -> freed by FFA_MEM_RECLAIM once
 * no borrower holds it. A donated region follows the same path: the model
 * keeps donation as simple as lending (the owner may reclaim it once the
 * borrower has relinquished it), which real SPMCs do not allow.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ffa/desc.h"
#include "model_priv.h"

/* The retrieve count a borrower may hold must fit its uint8_t. */
_Static_assert(MODEL_RETRIEVE_MAX <= UINT8_MAX,
	       "MODEL_RETRIEVE_MAX outgrows ffa_model_region.retrieved");

void model_mem_reset(struct ffa_model_state *s,
		     const struct ffa_model_host *h)
{
	uint32_t i;

	s->region_count = 0;
	s->ranges_used = 0;
	if (h->regions && h->region_cap)
		memset(h->regions, 0,
		       (size_t)h->region_cap * sizeof(h->regions[0]));
	for (i = 0; h->ranges && i < h->range_cap; i++) {
		h->ranges[i].address = 0;
		h->ranges[i].pages = 0;
		h->ranges[i].next = i + 1 < h->range_cap ? i + 1 : MODEL_NONE;
	}
	s->free_range = h->ranges && h->range_cap ? 0 : MODEL_NONE;
	model_index_clear(h);
	model_ranges_clear(h);
}

/* ---- storage ---------------------------------------------------------- */

static struct ffa_model_region *region_alloc(struct ffa_model_state *s,
					     const struct ffa_model_host *h,
					     uint32_t *slot)
{
	struct ffa_model_region *r;

	if (!h->regions || s->region_count >= h->region_cap)
		return NULL;
	*slot = s->region_count++;
	r = &h->regions[*slot];
	memset(r, 0, sizeof(*r));
	r->first_range = MODEL_NONE;
	return r;
}

static void ranges_free(struct ffa_model_state *s,
			const struct ffa_model_host *h,
			struct ffa_model_region *r)
{
	uint32_t i = r->first_range, n;

	for (n = 0; n < r->range_count && i < h->range_cap; n++) {
		struct ffa_model_range *g = &h->ranges[i];
		uint32_t next = g->next;

		model_ranges_remove(h, i);
		g->address = 0;
		g->pages = 0;
		g->next = s->free_range;
		s->free_range = i;
		s->ranges_used--;
		i = next;
	}
	r->first_range = MODEL_NONE;
	r->range_count = 0;
}

/* Frees @slot; the last live region moves into it, keeping them dense. */
static void region_free(struct ffa_model_state *s,
			const struct ffa_model_host *h, uint32_t slot)
{
	uint32_t last = s->region_count - 1;

	ranges_free(s, h, &h->regions[slot]);
	model_index_remove(h, h->regions[slot].handle);
	if (slot != last) {
		h->regions[slot] = h->regions[last];
		model_index_retarget(h, h->regions[slot].handle, slot);
	}
	memset(&h->regions[last], 0, sizeof(h->regions[last]));
	s->region_count--;
}

/* ---- sending ---------------------------------------------------------- */

/* The descriptor layout the caller negotiated; 0 lets the decoder guess. */
static uint32_t layout_version(const struct ffa_model_state *s)
{
	if (!s->version)
		return 0;
	switch (FFA_VERSION_MINOR(s->version)) {
	case 0:
		return FFA_VERSION_1_0;
	case 1:
		return FFA_VERSION_1_1;
	default:
		return FFA_VERSION_1_2;
	}
}

static bool ranges_overlap(uint64_t a, uint32_t an, uint64_t b, uint32_t bn)
{
	uint64_t aend = a + (uint64_t)an * FFA_PAGE_SIZE;
	uint64_t bend = b + (uint64_t)bn * FFA_PAGE_SIZE;

	return a < bend && b < aend;
}

/* Does [addr, +pages) touch any page of a live (SENT) transaction? */
static bool overlaps_live(const struct ffa_model_state *s,
			  const struct ffa_model_host *h, uint64_t addr,
			  uint32_t pages)
{
	uint32_t slot, i, n;

	/* O(log n) with the host's tree of live ranges; else a scan. */
	if (model_ranges_indexed(h))
		return model_ranges_overlap(h, addr, pages);
	for (slot = 0; slot < s->region_count; slot++) {
		const struct ffa_model_region *r = &h->regions[slot];

		if (r->state != FFA_REGION_SENT)
			continue;
		i = r->first_range;
		for (n = 0; n < r->range_count && i < h->range_cap; n++) {
			const struct ffa_model_range *g = &h->ranges[i];

			if (ranges_overlap(addr, pages, g->address, g->pages))
				return true;
			i = g->next;
		}
	}
	return false;
}

static int32_t check_receivers(const struct ffa_model_state *s,
			       const struct ffa_mem_region *d)
{
	const struct model_rules *rl = model_rules(s);
	uint32_t i;

	/* The model keeps up to four borrowers: a resource limit. */
	if (d->receiver_count > FFA_MODEL_MAX_RECEIVERS)
		return FFA_RET_NO_MEMORY;
	for (i = 0; i < d->receiver_count; i++) {
		uint16_t id = d->receivers[i].receiver;

		if (rl->nwd_receivers_unchecked && !(id & FFA_ID_SECURE_BIT))
			continue;
		if (!model_partition_find(s, id))
			return FFA_RET_INVALID_PARAMETERS;
	}
	return FFA_OK;
}

/*
 * Validates the complete descriptor in @buf and, if it is acceptable, stores
 * the transaction in @r (state SENT). On failure @r is left without ranges.
 */
static int32_t mem_accept(struct ffa_model_state *s,
			  const struct ffa_model_host *h, uint16_t caller,
			  uint32_t fn_num, const uint8_t *buf, uint32_t len,
			  struct ffa_model_region *r)
{
	struct ffa_mem_region d;
	struct ffa_constituent c;
	uint32_t i, idx, prev = MODEL_NONE;
	int32_t st;

	st = model_desc_verdict(model_rules(s), buf, len, layout_version(s),
				fn_num, caller, &d, NULL, NULL);
	if (st)
		return st;
	st = check_receivers(s, &d);
	if (st)
		return st;
	/* DEN0077 ownership rules: a page is in one transaction at a time. */
	for (i = 0; i < d.constituent_count; i++) {
		if (ffa_desc_constituent(buf, len, &d, i, &c))
			return FFA_RET_INVALID_PARAMETERS;
		if (c.page_count &&
		    overlaps_live(s, h, c.address, c.page_count))
			return model_rules(s)->overlap_error;
	}
	if (d.constituent_count > h->range_cap - s->ranges_used)
		return FFA_RET_NO_MEMORY;

	r->state = FFA_REGION_SENT;
	r->fn_num = fn_num;
	r->flags = d.flags;
	r->tag = d.tag;
	r->sender = d.sender;
	r->attributes = d.attributes;
	r->receiver_count = d.receiver_count;
	for (i = 0; i < d.receiver_count; i++) {
		r->receivers[i] = d.receivers[i].receiver;
		r->perm[i] = d.receivers[i].perm;
		r->retrieved[i] = 0;
	}
	r->total_pages = 0;
	for (i = 0; i < d.constituent_count; i++) {
		ffa_desc_constituent(buf, len, &d, i, &c);
		/*
		 * A profile that lets a constituent without pages, or one
		 * repeating pages of an earlier one, through (TF-A) has
		 * nothing more to keep for it: the live ranges never
		 * overlap.
		 */
		if (!c.page_count ||
		    overlaps_live(s, h, c.address, c.page_count))
			continue;
		idx = s->free_range;
		s->free_range = h->ranges[idx].next;
		s->ranges_used++;
		h->ranges[idx].address = c.address;
		h->ranges[idx].pages = c.page_count;
		h->ranges[idx].next = MODEL_NONE;
		if (prev == MODEL_NONE)
			r->first_range = idx;
		else
			h->ranges[prev].next = idx;
		prev = idx;
		r->range_count++;
		r->total_pages += c.page_count;
		model_ranges_insert(h, idx);
	}
	r->frag_received = 0;
	r->frag_total = 0;
	return FFA_OK;
}

static void ret_handle(struct ffa_regs *out, uint64_t handle)
{
	model_ret_success(out, ffa_handle_lo(handle), ffa_handle_hi(handle));
}

static void ret_frag_rx(struct ffa_regs *out, const struct ffa_model_region *r)
{
	memset(out, 0, sizeof(*out));
	out->a[0] = FFA_FN_SMC32(FFA_MEM_FRAG_RX);
	out->a[1] = ffa_handle_lo(r->handle);
	out->a[2] = ffa_handle_hi(r->handle);
	out->a[3] = r->frag_received;
}

int32_t model_frag_first_check(const struct model_rules *rl,
			       const uint8_t *buf, uint32_t frag,
			       uint32_t total, uint32_t version)
{
	uint64_t need;

	(void)total;
	if (rl->frag_refused)
		return rl->frag_refused;
	if (rl->frag_first == MODEL_FRAG_ANY)
		return FFA_OK;
	need = version == FFA_VERSION_1_0 ? FFA_MTD_V1_0_HDR_SIZE :
					    FFA_MTD_V1_1_HDR_SIZE;
	if (frag < need)
		return FFA_RET_INVALID_PARAMETERS;
	if (rl->frag_first == MODEL_FRAG_HEADER)
		return FFA_OK;
	/* The EMAD array and the composite header follow the header. */
	if (version == FFA_VERSION_1_0)
		need = FFA_MTD_V1_0_HDR_SIZE +
		       (uint64_t)ffa_le32(buf + 28) * FFA_EMAD_V1_0_SIZE;
	else
		need = (uint64_t)ffa_le32(buf + 32) +
		       (uint64_t)ffa_le32(buf + 28) * ffa_le32(buf + 24);
	return frag >= need + FFA_COMPOSITE_SIZE ? FFA_OK :
						   FFA_RET_INVALID_PARAMETERS;
}

/*
 * TF-A 2.8's spmc_shmem_check_obj() runs on the first fragment too and
 * reads each EMAD's composite offset and the composite's range count
 * wherever they fall, received or not: the bytes past the fragment are
 * what an earlier object left in its datastore (zero after boot). Only a
 * fragment of at least the v1.0 header (spmc_ffa_mem_send()) naming some
 * EMADs gets that far.
 */
bool model_frag_first_undetermined(const struct model_rules *rl,
				   const uint8_t *buf, uint32_t frag,
				   uint32_t total, uint32_t version)
{
	return rl->frag_first_stale && frag < total &&
	       frag >= FFA_MTD_V1_0_HDR_SIZE && ffa_le32(buf + 28) &&
	       model_frag_first_check(rl, buf, frag, total, version);
}

int32_t model_frag_next_check(const struct model_rules *rl, uint32_t frag)
{
	if (rl->frag_whole_constituents && frag % FFA_CONSTITUENT_SIZE)
		return FFA_RET_INVALID_PARAMETERS;
	return FFA_OK;
}

bool ffa_model_send_undetermined(const struct ffa_model_state *s,
				 const struct ffa_model_host *h)
{
	uint32_t slot;

	if (!model_rules(s)->pending_stale_overlap)
		return false;
	for (slot = 0; slot < s->region_count; slot++)
		if (h->regions[slot].state == FFA_REGION_SENDING)
			return true;
	return false;
}

/*
 * Only one fragmented transmission at a time (one h->frag_buf): a new one
 * abandons an unfinished one, whose handle then becomes invalid. A tool
 * killed between fragments thus never blocks later sends.
 */
static void abandon_sending(struct ffa_model_state *s,
			    const struct ffa_model_host *h)
{
	uint32_t slot;

	for (slot = 0; slot < s->region_count; slot++) {
		if (h->regions[slot].state == FFA_REGION_SENDING) {
			region_free(s, h, slot);
			return;
		}
	}
}

/*
 * DEN0077 FFA_MEM_DONATE/LEND/SHARE: a1 total length, a2 fragment
 * length, a3/a4 address and page count of a buffer other than TX. That
 * option is not supported, and like Hafnium (api_ffa_mem_send) and TF-A
 * (spmc_ffa_mem_send) the model answers INVALID_PARAMETERS. No RX/TX pair,
 * or a fragment longer than the total or than TX, is INVALID_PARAMETERS too.
 */
void model_mem_send(struct ffa_model_state *s, const struct ffa_model_host *h,
		    uint16_t caller, uint32_t fn_num, const struct ffa_regs *in,
		    struct ffa_regs *out)
{
	uint32_t total = (uint32_t)in->a[1];
	uint32_t frag = (uint32_t)in->a[2];
	struct ffa_model_region *r;
	const uint8_t *tx;
	uint32_t slot;
	int32_t st;

	if (fn_num == FFA_MEM_DONATE && !model_rules(s)->donate_supported) {
		model_ret_error(out, FFA_RET_NOT_SUPPORTED);
		return;
	}
	if (in->a[3] || in->a[4] || !s->rxtx_pages || !frag || frag > total ||
	    frag > s->rxtx_pages * FFA_PAGE_SIZE) {
		model_ret_error(out, FFA_RET_INVALID_PARAMETERS);
		return;
	}
	tx = h->map ? h->map(h->ctx, s->tx_pa, frag) : NULL;
	if (!tx) {
		model_ret_error(out, FFA_RET_ABORTED);
		return;
	}
	if (frag < total) {
		st = model_frag_first_check(model_rules(s), tx, frag, total,
					    layout_version(s));
		if (st) {
			model_ret_error(out, st);
			return;
		}
		if (!h->frag_buf || total > h->frag_cap) {
			model_ret_error(out, FFA_RET_NO_MEMORY);
			return;
		}
		if (!model_rules(s)->pending_stale_overlap)
			abandon_sending(s, h);
	}
	r = region_alloc(s, h, &slot);
	if (!r) {
		model_ret_error(out, FFA_RET_NO_MEMORY);
		return;
	}
	r->fn_num = fn_num;
	r->sender = caller;
	if (frag < total) {
		/* The handle names the transaction from its first fragment. */
		r->handle = model_rules(s)->handle_base + s->next_handle++;
		memcpy(h->frag_buf, tx, frag);
		r->state = FFA_REGION_SENDING;
		r->frag_received = frag;
		r->frag_total = total;
		model_index_insert(h, r->handle, slot);
		ret_frag_rx(out, r);
		return;
	}
	st = mem_accept(s, h, caller, fn_num, tx, total, r);
	if (st) {
		/* Never indexed: just give the slot back. */
		memset(r, 0, sizeof(*r));
		s->region_count--;
		model_ret_error(out, st);
		return;
	}
	/* A refused descriptor costs no handle: handles stay sequential. */
	r->handle = model_rules(s)->handle_base + s->next_handle++;
	model_index_insert(h, r->handle, slot);
	ret_handle(out, r->handle);
}

/*
 * DEN0077 FFA_MEM_FRAG_TX: a1/a2 handle, a3 fragment length. Any
 * error abandons the transaction (as TF-A's spmc_ffa_fill_desc() and
 * Hafnium do).
 */
void model_mem_frag_tx(struct ffa_model_state *s,
		       const struct ffa_model_host *h, uint16_t caller,
		       const struct ffa_regs *in, struct ffa_regs *out)
{
	uint64_t handle = ffa_handle_join(in->a[1], in->a[2]);
	uint32_t frag = (uint32_t)in->a[3];
	uint32_t slot = model_index_lookup(s, h, handle);
	struct ffa_model_region *r;
	const uint8_t *tx = NULL;
	int32_t st;

	if (slot == MODEL_NONE ||
	    h->regions[slot].state != FFA_REGION_SENDING ||
	    h->regions[slot].sender != caller) {
		model_ret_error(out, FFA_RET_INVALID_PARAMETERS);
		return;
	}
	/* Refused without freeing: the transaction stays pending. */
	if (model_rules(s)->frag_tx_desc_sender &&
	    (uint32_t)in->a[4] != (uint32_t)ffa_le16(h->frag_buf) << 16) {
		model_ret_error(out, FFA_RET_INVALID_PARAMETERS);
		return;
	}
	r = &h->regions[slot];
	if (!s->rxtx_pages || !frag ||
	    frag > r->frag_total - r->frag_received ||
	    frag > s->rxtx_pages * FFA_PAGE_SIZE ||
	    r->frag_total > h->frag_cap) {
		region_free(s, h, slot);
		model_ret_error(out, FFA_RET_INVALID_PARAMETERS);
		return;
	}
	st = model_frag_next_check(model_rules(s), frag);
	if (st) {
		region_free(s, h, slot);
		model_ret_error(out, st);
		return;
	}
	if (h->map)
		tx = h->map(h->ctx, s->tx_pa, frag);
	if (!tx) {
		region_free(s, h, slot);
		model_ret_error(out, FFA_RET_ABORTED);
		return;
	}
	memcpy(h->frag_buf + r->frag_received, tx, frag);
	r->frag_received += frag;
	if (r->frag_received < r->frag_total) {
		ret_frag_rx(out, r);
		return;
	}
	st = mem_accept(s, h, caller, r->fn_num, h->frag_buf, r->frag_total,
			r);
	if (st) {
		region_free(s, h, slot);
		model_ret_error(out, st);
		return;
	}
	ret_handle(out, r->handle);
}

/* ---- reclaim ---------------------------------------------------------- */

static uint64_t region_fill(const struct ffa_model_host *h,
			    const struct ffa_model_region *r, uint32_t pattern)
{
	uint32_t i = r->first_range, n;
	uint64_t pages = 0;

	for (n = 0; n < r->range_count && i < h->range_cap; n++) {
		const struct ffa_model_range *g = &h->ranges[i];

		if (h->fill)
			h->fill(h->ctx, g->address, g->pages, pattern);
		pages += g->pages;
		i = g->next;
	}
	return pages;
}

static bool region_retrieved(const struct ffa_model_region *r)
{
	uint32_t i;

	for (i = 0; i < r->receiver_count && i < FFA_MODEL_MAX_RECEIVERS; i++)
		if (r->retrieved[i])
			return true;
	return false;
}

/*
 * DEN0077 FFA_MEM_RECLAIM: a1/a2 handle, a3 flags (bit 0 zero the
 * memory first, bit 1 time slicing, others MBZ). Unknown handles (and
 * transactions still being transmitted) are INVALID_PARAMETERS; a region a
 * borrower still holds is DENIED. The profile decides which flags pass.
 */
void model_mem_reclaim(struct ffa_model_state *s,
		       const struct ffa_model_host *h,
		       const struct ffa_regs *in, struct ffa_regs *out)
{
	const struct model_rules *rl = model_rules(s);
	uint64_t handle = ffa_handle_join(in->a[1], in->a[2]);
	uint32_t flags = (uint32_t)in->a[3];
	struct ffa_model_region *r;
	uint32_t slot;

	s->last_zeroed_pages = 0;
	if ((rl->reclaim_mbz_a4_a7 &&
	     (in->a[4] | in->a[5] | in->a[6] | in->a[7])) ||
	    (flags & ~rl->reclaim_flags_ok)) {
		model_ret_error(out, FFA_RET_INVALID_PARAMETERS);
		return;
	}
	slot = model_index_lookup(s, h, handle);
	if (slot == MODEL_NONE || h->regions[slot].state != FFA_REGION_SENT) {
		model_ret_error(out, FFA_RET_INVALID_PARAMETERS);
		return;
	}
	r = &h->regions[slot];
	if (region_retrieved(r)) {
		model_ret_error(out, FFA_RET_DENIED);
		return;
	}
	if (flags & FFA_RECLAIM_ZERO) {
		s->last_zeroed_pages = region_fill(h, r, 0);
		s->stats_zeroed_pages += s->last_zeroed_pages;
	}
	region_free(s, h, slot);
	model_ret_success(out, 0, 0);
}

/* ---- the test partition's side ---------------------------------------- */

/*
 * Finds @handle as a SENT region naming @sp as a borrower. Returns the
 * status for "not usable" (INVALID_PARAMETERS, as Hafnium and TF-A answer a
 * retrieve of an unknown handle or by a non-borrower).
 */
static int32_t sp_region(struct ffa_model_state *s,
			 const struct ffa_model_host *h, uint16_t sp,
			 uint64_t handle, struct ffa_model_region **rp,
			 uint32_t *recv)
{
	uint32_t slot = model_index_lookup(s, h, handle);
	struct ffa_model_region *r;
	uint32_t i;

	if (slot == MODEL_NONE)
		return FFA_RET_INVALID_PARAMETERS;
	r = &h->regions[slot];
	if (r->state != FFA_REGION_SENT)
		return FFA_RET_INVALID_PARAMETERS;
	for (i = 0; i < r->receiver_count && i < FFA_MODEL_MAX_RECEIVERS;
	     i++) {
		if (r->receivers[i] == sp) {
			*rp = r;
			*recv = i;
			return FFA_OK;
		}
	}
	return FFA_RET_INVALID_PARAMETERS;
}

int32_t model_sp_retrieve(struct ffa_model_state *s,
			  const struct ffa_model_host *h, uint16_t sp,
			  uint64_t handle, uint64_t *result)
{
	static const struct ffa_sp_retrieve_with conforming = { 0 };

	return model_sp_retrieve_req(s, h, sp, handle, &conforming, result);
}

/*
 * The test partition builds its retrieve request: a conforming one
 * (model_retrieve_default()) with the fields @w overrides, and the SPMC
 * judges it as it would any borrower's (model_retrieve.c).
 */
int32_t model_sp_retrieve_req(struct ffa_model_state *s,
			      const struct ffa_model_host *h, uint16_t sp,
			      uint64_t handle,
			      const struct ffa_sp_retrieve_with *w,
			      uint64_t *result)
{
	struct model_retrieve_req q;
	struct ffa_model_region *r;
	uint32_t i;
	int32_t st;

	if (w->set & ~FFA_SP_RETRIEVE_SET_ALL)
		return FFA_RET_INVALID_PARAMETERS;
	st = sp_region(s, h, sp, handle, &r, &i);
	if (st)
		return st;
	model_retrieve_default(r, i, &q);
	if (w->set & FFA_SP_RETRIEVE_SET_PERM)
		q.perm = w->perm;
	if (w->set & FFA_SP_RETRIEVE_SET_ATTR)
		q.attributes = w->attributes;
	if (w->set & FFA_SP_RETRIEVE_SET_SENDER)
		q.sender = w->sender;
	if (w->set & FFA_SP_RETRIEVE_SET_FLAGS)
		q.flags = w->flags;
	if (w->set & FFA_SP_RETRIEVE_SET_TAG)
		q.tag = w->tag;
	/* Bit 10 (v1.2): the request lists the caller alone. */
	if (q.flags & FFA_RETRIEVE_FLAG_BYPASS_BORROWERS)
		q.receiver_count = 1;
	st = model_retrieve_check(model_rules(s), r, i, &q,
				  r->retrieved[i] != 0);
	if (st)
		return st;
	/* More than FFA_FEATURES' outstanding-retrieval count: DENIED. */
	if (r->retrieved[i] >= MODEL_RETRIEVE_MAX)
		return FFA_RET_DENIED;
	/*
	 * DEN0077 "zero memory" flag of a lend/donate: the memory is zeroed
	 * before the first borrower maps it.
	 */
	if (!region_retrieved(r) && (r->flags & FFA_MTD_FLAG_ZERO) &&
	    r->fn_num != FFA_MEM_SHARE)
		region_fill(h, r, 0);
	r->retrieved[i]++;
	*result = r->total_pages;
	return FFA_OK;
}

int32_t model_sp_relinquish(struct ffa_model_state *s,
			    const struct ffa_model_host *h, uint16_t sp,
			    uint64_t handle, uint64_t *result)
{
	static const struct ffa_sp_relinquish_with conforming = { 0 };

	return model_sp_relinquish_req(s, h, sp, handle, &conforming, result);
}

/* The relinquish descriptor: flags 0 and the SP alone, unless @w says. */
int32_t model_sp_relinquish_req(struct ffa_model_state *s,
				const struct ffa_model_host *h, uint16_t sp,
				uint64_t handle,
				const struct ffa_sp_relinquish_with *w,
				uint64_t *result)
{
	uint32_t flags = w->set & FFA_SP_RELINQUISH_SET_FLAGS ? w->flags : 0;
	uint32_t count = w->set & FFA_SP_RELINQUISH_SET_COUNT ? w->count : 1;
	struct ffa_model_region *r;
	uint32_t i;
	int32_t st;

	if (w->set & ~FFA_SP_RELINQUISH_SET_ALL)
		return FFA_RET_INVALID_PARAMETERS;
	st = sp_region(s, h, sp, handle, &r, &i);
	if (st)
		return st;
	st = model_relinquish_check(model_rules(s), r, i, flags, count);
	if (st)
		return st;
	if (!r->retrieved[i])
		return FFA_RET_DENIED;
	r->retrieved[i]--;
	/*
	 * The relinquish descriptor's zero flag (DEN0077 v1.1 §11.6): the
	 * memory is zeroed once the borrower gives it up. The retrieve
	 * request's "zero after relinquish" (Table 10.22 bit 2) is judged
	 * but not remembered: the region keeps no per-retrieve flags.
	 */
	if (flags & FFA_RELINQUISH_FLAG_ZERO)
		region_fill(h, r, 0);
	*result = 0;
	return FFA_OK;
}

int32_t model_sp_write(struct ffa_model_state *s,
		       const struct ffa_model_host *h, uint16_t sp,
		       uint64_t handle, uint32_t pattern, uint64_t *result)
{
	struct ffa_model_region *r;
	uint32_t i;
	int32_t st = sp_region(s, h, sp, handle, &r, &i);

	if (st)
		return st;
	if (!r->retrieved[i] ||
	    (r->perm[i] & FFA_PERM_DATA_MASK) != FFA_PERM_RW)
		return FFA_RET_DENIED;
	*result = region_fill(h, r, pattern);
	return FFA_OK;
}

int32_t model_sp_checksum(struct ffa_model_state *s,
			  const struct ffa_model_host *h, uint16_t sp,
			  uint64_t handle, uint64_t *result)
{
	struct ffa_model_region *r;
	uint32_t i, idx, n, c, sum = 0;
	bool nonzero = false;
	int32_t st = sp_region(s, h, sp, handle, &r, &i);

	if (st)
		return st;
	if (!r->retrieved[i])
		return FFA_RET_DENIED;
	idx = r->first_range;
	for (n = 0; n < r->range_count && idx < h->range_cap; n++) {
		const struct ffa_model_range *g = &h->ranges[idx];

		c = h->checksum ? h->checksum(h->ctx, g->address, g->pages) : 0;
		nonzero |= c != 0;
		sum = sum * 31u + c;
		idx = g->next;
	}
	/* Keep the host's promise: 0 iff every page reads zero. */
	if (nonzero && !sum)
		sum = 1;
	*result = sum;
	return FFA_OK;
}

uint32_t model_sp_touch(struct ffa_model_state *s,
			const struct ffa_model_host *h, uint16_t sp,
			uint16_t sender, uint64_t handle, uint32_t fn_num)
{
	struct ffa_model_region *r;
	uint32_t i, idx, n, first = 0;
	uint64_t pages;

	/*
	 * The SPMC checks the TSP's retrieve request against the send: the
	 * transaction type, the tag (0) and the receiver count (1) must
	 * match (TF-A spmc_shmem's retrieve checks), and so must the sender:
	 * the TSP names the direct request's source (test_memory_send()).
	 */
	if (sp_region(s, h, sp, handle, &r, &i) || r->fn_num != fn_num ||
	    r->tag || r->receiver_count != 1 || r->sender != sender)
		return FFA_TSP_ERR_RETRIEVE;
	if (model_sp_retrieve(s, h, sp, handle, &pages))
		return FFA_TSP_ERR_RETRIEVE;
	/*
	 * The TSP wants RW: anything else it answers as a failed retrieve
	 * without relinquishing, so the region stays retrieved for good
	 * (tsp_ffa_main.c test_memory_send(), seen in qemu-tfa).
	 */
	if ((r->perm[i] & FFA_PERM_DATA_MASK) != FFA_PERM_RW)
		return FFA_TSP_ERR_RETRIEVE;
	idx = r->first_range;
	for (n = 0; n < r->range_count && idx < h->range_cap; n++) {
		uint8_t v = h->bump ? h->bump(h->ctx, h->ranges[idx].address) :
				      0;

		if (n == 0)
			first = v;
		idx = h->ranges[idx].next;
	}
	model_sp_relinquish(s, h, sp, handle, &pages);
	return first;
}

/* ---- loaded state ----------------------------------------------------- */

/* Walks a chain of @len ranges; false if it leaves ranges[] or loops. */
/* Marks a range while ffa_model_validate() walks it; no range has 2^31 pages. */
#define RANGE_MARK (1u << 31)

static bool chain_ok(const struct ffa_model_host *h, uint32_t first,
		     uint32_t len, bool live)
{
	uint32_t i = first, n;

	for (n = 0; n < len; n++) {
		if (i >= h->range_cap)
			return false;
		if (live != (h->ranges[i].pages != 0) ||
		    (h->ranges[i].pages & RANGE_MARK))
			return false;
		i = h->ranges[i].next;
	}
	/* After @len steps the chain must have ended: longer means a loop. */
	return i == MODEL_NONE;
}

static const char *region_problem(const struct ffa_model_host *h,
				  const struct ffa_model_region *r)
{
	if (r->state == FFA_REGION_SENDING) {
		if (r->range_count || r->first_range != MODEL_NONE)
			return "sending region has ranges";
		if (r->frag_received > r->frag_total ||
		    r->frag_total > h->frag_cap)
			return "fragment counts out of range";
		return NULL;
	}
	if (r->state != FFA_REGION_SENT)
		return "live region in a free state";
	if (r->receiver_count > FFA_MODEL_MAX_RECEIVERS)
		return "too many receivers";
	if (r->fn_num != FFA_MEM_SHARE && r->fn_num != FFA_MEM_LEND &&
	    r->fn_num != FFA_MEM_DONATE)
		return "unknown transaction type";
	if (r->range_count > h->range_cap)
		return "range count too big";
	if (!chain_ok(h, r->first_range, r->range_count, true))
		return "range chain broken or looping";
	return NULL;
}

/*
 * Two regions whose chains share a range would each free it on reclaim,
 * corrupting the free list. Counts alone cannot see that, so mark every
 * range walked (the chains are known to end), then clear the marks.
 */
static const char *chains_disjoint(const struct ffa_model_state *s,
				   const struct ffa_model_host *h)
{
	const char *bad = NULL;
	uint32_t i, n, r;

	for (i = 0; !bad && i < s->region_count; i++) {
		r = h->regions[i].first_range;
		for (n = 0; n < h->regions[i].range_count; n++) {
			if (h->ranges[r].pages & RANGE_MARK) {
				bad = "a range belongs to two regions";
				break;
			}
			h->ranges[r].pages |= RANGE_MARK;
			r = h->ranges[r].next;
		}
	}
	for (i = 0; i < h->range_cap; i++)
		h->ranges[i].pages &= ~RANGE_MARK;
	return bad;
}

int ffa_model_validate(const struct ffa_model_state *s,
		       const struct ffa_model_host *h, const char **why)
{
	const char *bad = NULL;
	uint64_t ranges = 0;
	uint32_t i;

	if (s->profile >= FFA_PROFILE_COUNT)
		bad = "unknown profile";
	else if (s->partition_count > FFA_MODEL_MAX_PARTITIONS)
		bad = "too many partitions";
	else if (s->layout >= FFA_LAYOUT_COUNT)
		bad = "unknown partition layout";
	else if (s->region_count > h->region_cap)
		bad = "region count exceeds capacity";
	else if (s->ranges_used > h->range_cap)
		bad = "ranges in use exceed capacity";
	else if (s->rxtx_pages > 0x3F || s->rx_owner > 1)
		bad = "RX/TX state out of range";
	for (i = 0; !bad && i < s->partition_count; i++)
		if (s->partitions[i].proto >= FFA_SP_PROTO_COUNT)
			bad = "partition speaks an unknown protocol";
	for (i = 0; !bad && i < s->region_count; i++) {
		bad = region_problem(h, &h->regions[i]);
		ranges += h->regions[i].range_count;
	}
	if (!bad && ranges != s->ranges_used)
		bad = "ranges in use do not match the regions";
	if (!bad && !chain_ok(h, s->free_range, h->range_cap - s->ranges_used,
			      false))
		bad = "free range list broken";
	if (!bad)
		bad = chains_disjoint(s, h);
	if (why)
		*why = bad;
	return bad ? -1 : 0;
}
