/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals shared by the model's source files. Not part of the model's
 * interface: only the model's own sources include this.
 *
 * Storage conventions (all plain data, so a state file can hold it):
 * - Live regions are dense: slots [0, region_count) of h->regions are in use
 *   (SENDING or SENT), slots from region_count on are free. Freeing a slot
 *   moves the last live region into it, so allocation and freeing are O(1)
 *   without a free list in the state.
 * - Ranges form chains through .next; free ranges are one chain headed by
 *   s->free_range. A free range has pages == 0 (a live one never does).
 * - h->index maps handle -> slot + 1 by open addressing with linear probing
 *   and backward-shift deletion (no tombstones).
 */
#ifndef FFA_MODEL_PRIV_H
#define FFA_MODEL_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "ffa/desc.h"
#include "model.h"

#define MODEL_NONE UINT32_MAX

/* What the first fragment of a fragmented transmission must hold. */
enum model_frag_first {
	MODEL_FRAG_ANY = 0,       /* any length */
	MODEL_FRAG_HEADER,        /* the descriptor header of its layout */
	MODEL_FRAG_COMPOSITE,     /* header, EMADs and the composite header */
};

/* How a profile judges a borrower's retrieve request and relinquish. */
enum model_retrieve_rules {
	MODEL_RETRIEVE_SPEC = 0, /* DEN0077, as Hafnium reads it */
	MODEL_RETRIEVE_TFA,      /* TF-A 2.8 spmc_ffa_mem_retrieve_req() */
};

/* How a profile judges the flags of a send. */
enum model_send_flags {
	MODEL_FLAGS_SPEC = 0,    /* DEN0077's: ffa_desc_check() */
	MODEL_FLAGS_TYPE_ONLY,   /* 0 or exactly the transaction type */
	MODEL_FLAGS_BYTE,        /* anything in bits [7:0] */
};

/*
 * What distinguishes one profile from another. One row per profile in
 * model.c; the call handlers read the row, they never test the profile.
 */
struct model_rules {
	const char *name;
	/* What FFA_VERSION answers: the SPMC's own version. */
	uint32_t version;
	/*
	 * Once the caller has made any other FF-A call, FFA_VERSION asking
	 * a compatible version other than the one in effect is refused
	 * (DEN0077 v1.2 §13.2; Hafnium api_ffa_version()).
	 */
	bool version_fixed_after_calls;
	/* FFA_MEM_RECLAIM flags (a3) accepted; others: INVALID_PARAMETERS. */
	uint32_t reclaim_flags_ok;
	/* FFA_MEM_RECLAIM: a4..a7 are MBZ and checked. */
	bool reclaim_mbz_a4_a7;
	bool donate_supported;
	/*
	 * A direct request's source ID is only checked not to be a secure
	 * one (TF-A 2.8 direct_req_smc_handler()), not to be the caller's.
	 */
	bool direct_src_unchecked;
	/*
	 * A direct request goes to the receiver whatever its properties say
	 * (TF-A 2.8 direct_req_smc_handler() never reads them), not DENIED.
	 */
	bool direct_recv_unchecked;
	/*
	 * FF-A IDs nothing routes: answered with SMCCC NOT_SUPPORTED (-1 in
	 * a0), not FFA_ERROR; 0-terminated function numbers.
	 */
	const uint8_t *smccc_unknown;
	/*
	 * Function numbers the firmware has no handler for, though its
	 * version defines them: FFA_ERROR NOT_SUPPORTED; 0 ends the list.
	 */
	const uint8_t *fns_missing;
	/* Shares: exactly normal WB inner-shareable memory; shares, lends: RW. */
	bool strict_attrs;
	/* Status for constituents overlapping a live transaction. */
	int32_t overlap_error;
	/*
	 * Function numbers FFA_FEATURES reports NOT_SUPPORTED although the
	 * call itself works; 0 ends the list.
	 */
	const uint8_t *features_hidden;
	/*
	 * Not NULL: FFA_FEATURES answers SUCCESS for exactly these function
	 * IDs (0 ends the list), whatever the model implements.
	 */
	const uint32_t *features_fids;
	/* FFA_PARTITION_INFO_GET of an unknown UUID: SUCCESS, count 0. */
	bool unknown_uuid_empty;
	/* Handles are handle_base + a sequence number starting at 1. */
	uint64_t handle_base;
	/* What the first fragment of a fragmented send must hold. */
	enum model_frag_first frag_first;
	/*
	 * A first fragment short of what frag_first wants is judged on
	 * memory the SPMC has not written yet (its answer is not
	 * predictable); the model answers as the SPMC does on fresh memory.
	 */
	bool frag_first_stale;
	/*
	 * Pending fragmented transactions are kept (a new one does not
	 * abandon them), and every send is checked for overlap against
	 * their constituents, received or not: a send's answer is not
	 * predictable while one is pending.
	 */
	bool pending_stale_overlap;
	/* Later fragments: whole 16-byte constituents only. */
	bool frag_whole_constituents;
	/* Every fragmented send: refused with this status (0: accepted). */
	int32_t frag_refused;
	/* ffa_desc_check() rules this SPMC does not apply (RULE_BIT mask). */
	uint32_t desc_tolerate;
	enum model_send_flags send_flags;
	/* A sender ID with bit 15 set (secure) is DENIED. */
	bool secure_sender_denied;
	/* Receivers without bit 15 (normal world) are not looked up. */
	bool nwd_receivers_unchecked;
	/*
	 * FFA_MEM_FRAG_TX's a4 must be the first fragment's sender ID << 16,
	 * and a mismatch leaves the transaction pending (neither completed
	 * nor freed).
	 */
	bool frag_tx_desc_sender;
	/* The checks of a retrieve request and of a relinquish. */
	enum model_retrieve_rules retrieve_rules;
};

const struct model_rules *model_rules(const struct ffa_model_state *s);

/* Result registers: all cleared first, then the fields that matter. */
void model_ret_error(struct ffa_regs *r, int32_t code);
void model_ret_success(struct ffa_regs *r, uint64_t a2, uint64_t a3);

/* Partitions (model_partitions.c). */
void model_partitions_reset(struct ffa_model_state *s);
const struct ffa_model_partition *
model_partition_find(const struct ffa_model_state *s, uint16_t id);
void model_rxtx_map(struct ffa_model_state *s, const struct ffa_model_host *h,
		    const struct ffa_regs *in, struct ffa_regs *out);
void model_rxtx_unmap(struct ffa_model_state *s, const struct ffa_regs *in,
		      struct ffa_regs *out);
void model_rx_release(struct ffa_model_state *s, struct ffa_regs *out);
void model_partition_info_get(struct ffa_model_state *s,
			      const struct ffa_model_host *h,
			      const struct ffa_regs *in, struct ffa_regs *out);
/*
 * model_desc.c: the transaction type bits [4:3] of a retrieve request's
 * flags (DEN0077 v1.1 Table 10.22) for a send of @fn_num.
 */
uint32_t model_type_bits(uint32_t fn_num);

/* model_partinfo_regs.c */
void model_partition_info_get_regs(const struct ffa_model_state *s,
				   const struct ffa_regs *in,
				   struct ffa_regs *out);
void model_direct_req(struct ffa_model_state *s,
		      const struct ffa_model_host *h, uint16_t caller,
		      const struct ffa_regs *in, struct ffa_regs *out);
void model_direct_req2(struct ffa_model_state *s, uint16_t caller,
		       const struct ffa_regs *in, struct ffa_regs *out);

/*
 * Whether @frag bytes of @buf (a fragment of a @total-byte descriptor
 * laid out for @version, 0 = guess) may be the first fragment under
 * @rl. 0 or the FFA_RET_* to answer.
 */
int32_t model_frag_first_check(const struct model_rules *rl,
			       const uint8_t *buf, uint32_t frag,
			       uint32_t total, uint32_t version);
/* The same for a later fragment of @frag bytes. */
int32_t model_frag_next_check(const struct model_rules *rl, uint32_t frag);
/* Whether frag_first_stale makes that first fragment's answer unknown. */
bool model_frag_first_undetermined(const struct model_rules *rl,
				   const uint8_t *buf, uint32_t frag,
				   uint32_t total, uint32_t version);

/*
 * A descriptor as @rl's SPMC judges it before consulting its state
 * (model_desc.c): decoded into @d in the layout of @version (0: guessed),
 * the spec's checks minus model_desc_tolerated(), the profile's own
 * rules. 0 or the FFA_RET_* to answer; issues in @rep (may be NULL);
 * *@why (may be NULL) names a profile rule that refused it, else NULL.
 */
int32_t model_desc_verdict(const struct model_rules *rl, const uint8_t *buf,
			   uint32_t len, uint32_t version, uint32_t fn_num,
			   uint16_t caller, struct ffa_mem_region *d,
			   struct ffa_desc_report *rep, const char **why);
/* The ffa_desc_check() rules @rl's SPMC does not apply. */
uint32_t model_desc_tolerated(const struct model_rules *rl);

/* Memory transactions (model_mem.c). */
void model_mem_reset(struct ffa_model_state *s,
		     const struct ffa_model_host *h);
void model_mem_send(struct ffa_model_state *s, const struct ffa_model_host *h,
		    uint16_t caller, uint32_t fn_num, const struct ffa_regs *in,
		    struct ffa_regs *out);
void model_mem_frag_tx(struct ffa_model_state *s,
		       const struct ffa_model_host *h, uint16_t caller,
		       const struct ffa_regs *in, struct ffa_regs *out);
void model_mem_reclaim(struct ffa_model_state *s,
		       const struct ffa_model_host *h,
		       const struct ffa_regs *in, struct ffa_regs *out);
/*
 * The test partition's memory commands, as partition @sp: each returns an
 * FFA_RET_* status and sets *@result.
 */
int32_t model_sp_retrieve(struct ffa_model_state *s,
			  const struct ffa_model_host *h, uint16_t sp,
			  uint64_t handle, uint64_t *result);
int32_t model_sp_relinquish(struct ffa_model_state *s,
			    const struct ffa_model_host *h, uint16_t sp,
			    uint64_t handle, uint64_t *result);
int32_t model_sp_write(struct ffa_model_state *s,
		       const struct ffa_model_host *h, uint16_t sp,
		       uint64_t handle, uint32_t pattern, uint64_t *result);
int32_t model_sp_checksum(struct ffa_model_state *s,
			  const struct ffa_model_host *h, uint16_t sp,
			  uint64_t handle, uint64_t *result);
/*
 * A borrower's retrieve request, as the SPMC side of the model sees one
 * (the fields of DEN0077 v1.1 Table 10.20 and of the borrower's EMAD
 * that the model judges).
 */
struct model_retrieve_req {
	uint16_t sender;
	uint16_t attributes;
	uint32_t flags;
	uint64_t tag;
	uint32_t receiver_count; /* EMADs the request lists */
	uint8_t perm;            /* the borrower's EMAD */
};

/*
 * The most retrievals of one region a borrower may hold at once: 2^(n+1)
 * - 1 with n = MODEL_RETRIEVE_N, which the spec profile's
 * FFA_FEATURES(FFA_MEM_RETRIEVE_REQ) reports in w3[7:0] (so the answer
 * and the limit cannot drift apart). It must fit the uint8_t count of
 * struct ffa_model_region.retrieved.
 */
#define MODEL_RETRIEVE_N 7u
#define MODEL_RETRIEVE_MAX ((2u << MODEL_RETRIEVE_N) - 1u)

/*
 * FFA_FEATURES(FFA_MEM_RETRIEVE_REQ) asked by a partition of @s with input
 * properties @props: 0 or an FFA_RET_*; *@w2 and *@w3 the interface
 * properties of a SUCCESS.
 */
int32_t model_retrieve_features(const struct ffa_model_state *s,
				uint32_t props, uint32_t *w2, uint32_t *w3);
/*
 * model.c: FFA_FEATURES(@fid, input properties @props) as a partition of
 * @s asks it (the test partition's FFA_SP_CMD_FEATURES), answered in @out.
 */
void model_sp_features(const struct ffa_model_state *s, uint32_t fid,
		       uint32_t props, struct ffa_regs *out);

/* What a conforming borrower asks for region @r, as its receiver @i. */
void model_retrieve_default(const struct ffa_model_region *r, uint32_t i,
			    struct model_retrieve_req *q);
/*
 * The SPMC's verdict on request @q for region @r by its receiver @i,
 * under @rl: 0 or an FFA_RET_*. @again: that receiver holds a retrieval
 * of @r already.
 */
int32_t model_retrieve_check(const struct model_rules *rl,
			     const struct ffa_model_region *r, uint32_t i,
			     const struct model_retrieve_req *q, bool again);
/* The same for a relinquish with @flags naming @count endpoints. */
int32_t model_relinquish_check(const struct model_rules *rl,
			       const struct ffa_model_region *r, uint32_t i,
			       uint32_t flags, uint32_t count);
/* The retrieve and relinquish the test partition makes with them. */
int32_t model_sp_retrieve_req(struct ffa_model_state *s,
			      const struct ffa_model_host *h, uint16_t sp,
			      uint64_t handle,
			      const struct ffa_sp_retrieve_with *w,
			      uint64_t *result);
int32_t model_sp_relinquish_req(struct ffa_model_state *s,
				const struct ffa_model_host *h, uint16_t sp,
				uint64_t handle,
				const struct ffa_sp_relinquish_with *w,
				uint64_t *result);

/*
 * TF-A's TSP lending a hand: retrieves @handle as @sp (transaction type
 * @fn_num, one receiver, tag 0, @sender as the sender), adds 1 to the
 * first byte of each range, relinquishes. Returns the first range's new
 * byte, or FFA_TSP_ERR_RETRIEVE.
 */
uint32_t model_sp_touch(struct ffa_model_state *s,
			const struct ffa_model_host *h, uint16_t sp,
			uint16_t sender, uint64_t handle, uint32_t fn_num);

/* Handle index (model_index.c). */
uint32_t model_index_lookup(const struct ffa_model_state *s,
			    const struct ffa_model_host *h, uint64_t handle);
void model_index_insert(const struct ffa_model_host *h, uint64_t handle,
			uint32_t slot);
void model_index_remove(const struct ffa_model_host *h, uint64_t handle);
void model_index_retarget(const struct ffa_model_host *h, uint64_t handle,
			  uint32_t slot);
void model_index_clear(const struct ffa_model_host *h);

/*
 * Tree of live ranges by address (model_index.c), when the host gives
 * h->range_links. Live ranges never overlap (the send checks), so the one
 * starting last below an end is the only candidate for an overlap.
 */
bool model_ranges_indexed(const struct ffa_model_host *h);
void model_ranges_clear(const struct ffa_model_host *h);
void model_ranges_insert(const struct ffa_model_host *h, uint32_t idx);
void model_ranges_remove(const struct ffa_model_host *h, uint32_t idx);
/* Does [addr, +pages) touch a live range? Only if indexed. */
bool model_ranges_overlap(const struct ffa_model_host *h, uint64_t addr,
			  uint32_t pages);

#endif /* FFA_MODEL_PRIV_H */
