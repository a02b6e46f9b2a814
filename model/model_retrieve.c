// SPDX-License-Identifier: BSD-3-Clause
/*
 * The SPMC side of FFA_MEM_RETRIEVE_REQ and FFA_MEM_RELINQUISH: how the
 * model judges a borrower's retrieve request and relinquish descriptor
 * against the transaction the owner sent. The test partition's retrieve
 * (FFA_SP_CMD_RETRIEVE, _RETRIEVE_WITH) and relinquish go through here, so
 * what a smoke case asks of the partition is judged by these rules.
 *
 * Two rule sets (struct model_rules retrieve_rules):
 * - spec: DEN0077 v1.1/v1.2 §11.4 FFA_MEM_RETRIEVE_REQ with the usage rules
 *   of §10.10 (flags Table 10.22, attributes Table 10.18, permissions Table
 *   10.15), in the order Hafnium applies them (ffa_memory.c
 *   ffa_memory_retrieve_validate() and _validate_memory_access_list()),
 *   since where the spec leaves the error open Hafnium's answer is the
 *   reference ACS was written against.
 * - tfa: TF-A 2.8 spmc_shared_mem.c spmc_ffa_mem_retrieve_req() and
 *   spmc_ffa_mem_relinquish(), which check the header and flags only.
 */
#include <stdint.h>

#include "model_priv.h"

/* Retrieve flags DEN0077 v1.2 defines: bits [10:0]; [31:11] MBZ. */
#define RETRIEVE_FLAGS_DEFINED 0x7FFu
/* Relinquish flags (v1.1 §11.6): bit 0 zero, bit 1 time slicing. */
#define RELINQUISH_FLAGS_DEFINED \
	(FFA_RELINQUISH_FLAG_ZERO | FFA_RELINQUISH_FLAG_TIME_SLICE)

void model_retrieve_default(const struct ffa_model_region *r, uint32_t i,
			    struct model_retrieve_req *q)
{
	uint8_t sent = r->perm[i];

	q->sender = r->sender;
	q->attributes = 0;
	q->flags = 0;
	q->tag = r->tag;
	q->receiver_count = r->receiver_count;
	q->perm = sent & FFA_PERM_DATA_MASK;
	/*
	 * DEN0077 v1.1 §10.10 instruction access usage: a share, or a lend
	 * to several borrowers, leaves it unspecified; the sole borrower of
	 * a lend or donate names it (what the owner gave, else NX).
	 */
	if (r->fn_num != FFA_MEM_SHARE && r->receiver_count == 1)
		q->perm |= (sent & FFA_PERM_INST_MASK) ? sent & FFA_PERM_INST_MASK :
							 FFA_PERM_NX;
}

/* Memory region attributes (v1.1 §10.10 memory type usage, Table 10.18). */
static int32_t spec_attributes(const struct ffa_model_region *r,
			       uint16_t want)
{
	uint32_t type = want & FFA_ATTR_TYPE_MASK;
	uint32_t sent = r->attributes & FFA_ATTR_TYPE_MASK;

	/* The NS bit is the SPMC's to set in a response, MBZ in a request. */
	if (want & FFA_ATTR_NS)
		return FFA_RET_INVALID_PARAMETERS;
	/* Not specified: the borrower takes what the SPMC maps. */
	if (!type)
		return FFA_OK;
	/*
	 * The borrower may not ask for memory of another type than the
	 * owner's (device memory never as normal, normal not as device),
	 * nor normal memory with attributes the region is not mapped with:
	 * the SPMC maps normal memory write-back inner shareable, and anything
	 * else is stronger than the sender's (DENIED).
	 */
	if (type == FFA_ATTR_TYPE_MASK)
		return FFA_RET_INVALID_PARAMETERS;
	if (sent && type != sent)
		return FFA_RET_DENIED;
	/* A lend or donate without a type is of RAM: normal memory. */
	if (type == FFA_ATTR_TYPE_DEVICE)
		return sent == FFA_ATTR_TYPE_DEVICE ? FFA_OK : FFA_RET_DENIED;
	if ((want & FFA_ATTR_CACHE_MASK) != FFA_ATTR_CACHE_WB ||
	    (want & FFA_ATTR_SH_MASK) != FFA_ATTR_SH_INNER)
		return FFA_RET_DENIED;
	return FFA_OK;
}

/* Access permissions (v1.1 §10.10 data/instruction access usage). */
static int32_t spec_perm(const struct ffa_model_region *r, uint32_t i,
			 uint8_t want, bool bypass)
{
	uint32_t sent_d = r->perm[i] & FFA_PERM_DATA_MASK;
	uint32_t want_d = want & FFA_PERM_DATA_MASK;
	uint32_t sent_x = r->perm[i] & FFA_PERM_INST_MASK;
	uint32_t want_x = want & FFA_PERM_INST_MASK;
	bool several = r->receiver_count > 1 && !bypass;

	/* No more than the owner gave: RO given, RW asked is DENIED. */
	if (want_d == FFA_PERM_DATA_MASK ||
	    (want_d == FFA_PERM_RW && sent_d == FFA_PERM_RO))
		return FFA_RET_DENIED;
	/*
	 * Instruction access: unspecified in a share's retrieve and in one
	 * of a lend to several borrowers; specified by the sole borrower
	 * of a lend or donate. Otherwise INVALID_PARAMETERS.
	 */
	if (r->fn_num == FFA_MEM_SHARE || several) {
		if (want_x)
			return FFA_RET_INVALID_PARAMETERS;
	} else if (!want_x) {
		return FFA_RET_INVALID_PARAMETERS;
	}
	if (want_x == FFA_PERM_INST_MASK ||
	    (want_x == FFA_PERM_X && sent_x == FFA_PERM_NX))
		return FFA_RET_DENIED;
	return FFA_OK;
}

static int32_t spec_check(const struct ffa_model_region *r, uint32_t i,
			  const struct model_retrieve_req *q, bool again)
{
	uint32_t type = q->flags & FFA_RETRIEVE_FLAG_TYPE_MASK;
	uint32_t zero = q->flags & (FFA_MTD_FLAG_ZERO |
				    FFA_RETRIEVE_FLAG_ZERO_AFTER_RELINQUISH);
	bool bypass = q->flags & FFA_RETRIEVE_FLAG_BYPASS_BORROWERS;
	uint32_t granted;
	int32_t st;

	/* The sender the request names must be the owner's (DENIED). */
	if (q->sender != r->sender)
		return FFA_RET_DENIED;
	/* Table 10.22 bits [4:3]: 0 = any, else the send's ABI. */
	if (type && type != model_type_bits(r->fn_num))
		return FFA_RET_INVALID_PARAMETERS;
	if (q->tag != r->tag)
		return FFA_RET_INVALID_PARAMETERS;
	if (q->flags & ~RETRIEVE_FLAGS_DEFINED)
		return FFA_RET_INVALID_PARAMETERS;
	/*
	 * Table 10.22 bits [9:5], the address range alignment hint: with the
	 * valid bit 9 clear the relayer chooses, and bits [8:5] MBZ (as ACS
	 * donate_retrieve_align_hint_check reads it).
	 */
	if (!(q->flags & FFA_RETRIEVE_FLAG_HINT_VALID) &&
	    (q->flags & FFA_RETRIEVE_FLAG_HINT_MASK))
		return FFA_RET_INVALID_PARAMETERS;
	/*
	 * Bit 10 (v1.2), bypass the multiple-borrower check: INVALID if the
	 * caller is the transaction's only borrower (the v1.2 text ACS
	 * share_multi_borrower_flag_check quotes).
	 */
	if (bypass && r->receiver_count == 1)
		return FFA_RET_INVALID_PARAMETERS;
	/* Zeroing is for memory whose ownership or access moves. */
	if (r->fn_num == FFA_MEM_SHARE && zero)
		return FFA_RET_INVALID_PARAMETERS;
	/* Table 10.22 bit 0: MBZ if the receiver retrieved it before. */
	if (again && (q->flags & FFA_MTD_FLAG_ZERO))
		return FFA_RET_INVALID_PARAMETERS;
	/*
	 * Zero before retrieve: only if the owner asked for it in the send
	 * (Table 10.22 bit 0, "...if the Owner did not set it: DENIED").
	 */
	if ((q->flags & FFA_MTD_FLAG_ZERO) && !(r->flags & FFA_MTD_FLAG_ZERO))
		return FFA_RET_DENIED;
	st = spec_attributes(r, q->attributes);
	if (st)
		return st;
	/* Every borrower listed, unless bit 10 says only the caller is. */
	if (bypass ? q->receiver_count != 1 :
		     q->receiver_count != r->receiver_count)
		return FFA_RET_INVALID_PARAMETERS;
	st = spec_perm(r, i, q->perm, bypass);
	if (st)
		return st;
	/* A borrower with read-only access cannot have it zeroed. */
	granted = q->perm & FFA_PERM_DATA_MASK;
	if (!granted)
		granted = r->perm[i] & FFA_PERM_DATA_MASK;
	if (granted == FFA_PERM_RO && zero)
		return FFA_RET_DENIED;
	return FFA_OK;
}

/* TF-A 2.8 spmc_ffa_mem_retrieve_req(): every mismatch INVALID. */
static int32_t tfa_check(const struct ffa_model_region *r,
			 const struct model_retrieve_req *q)
{
	if (q->sender != r->sender || q->tag != r->tag ||
	    q->receiver_count != r->receiver_count ||
	    (q->attributes & FFA_ATTR_NS))
		return FFA_RET_INVALID_PARAMETERS;
	/*
	 * Flags, if any, must carry the send's type (the SPMC ORs it into
	 * the stored descriptor) and be exactly a share's or a lend's type:
	 * no donate, no other flag.
	 */
	if (q->flags &&
	    ((q->flags & FFA_RETRIEVE_FLAG_TYPE_MASK) !=
		     model_type_bits(r->fn_num) ||
	     (q->flags != FFA_RETRIEVE_FLAG_TYPE_SHARE &&
	      q->flags != FFA_RETRIEVE_FLAG_TYPE_LEND)))
		return FFA_RET_INVALID_PARAMETERS;
	return FFA_OK;
}

int32_t model_retrieve_check(const struct model_rules *rl,
			     const struct ffa_model_region *r, uint32_t i,
			     const struct model_retrieve_req *q, bool again)
{
	if (rl->retrieve_rules == MODEL_RETRIEVE_TFA)
		return tfa_check(r, q);
	return spec_check(r, i, q, again);
}

/*
 * A partition's FFA_FEATURES(FFA_MEM_RETRIEVE_REQ), DEN0077 v1.1 §13.3:
 * input bit 1 says the caller handles the NS bit of memory region
 * attributes, and an SPMC of v1.1 or later refuses a v1.1 partition that
 * does not (NOT_SUPPORTED: Hafnium api_ffa_features(), TF-A 2.8
 * ffa_features_retrieve_request()). The model's partitions speak the
 * SPMC's own version. w3[7:0] = n: 2^(n+1) - 1 outstanding retrievals.
 * TF-A 2.8 answers w3 = 0 (one), though spmc_ffa_mem_retrieve_req()
 * counts obj->in_use without a limit (the model, up to
 * MODEL_RETRIEVE_MAX).
 */
int32_t model_retrieve_features(const struct ffa_model_state *s,
				uint32_t props, uint32_t *w2, uint32_t *w3)
{
	const struct model_rules *rl = model_rules(s);

	if (rl->version >= FFA_VERSION_1_1 &&
	    !(props & FFA_FEATURES_RETRIEVE_NS))
		return FFA_RET_NOT_SUPPORTED;
	*w2 = props & FFA_FEATURES_RETRIEVE_NS;
	*w3 = rl->retrieve_rules == MODEL_RETRIEVE_TFA ? 0 : MODEL_RETRIEVE_N;
	return FFA_OK;
}

int32_t model_relinquish_check(const struct model_rules *rl,
			       const struct ffa_model_region *r, uint32_t i,
			       uint32_t flags, uint32_t count)
{
	/* TF-A 2.8 spmc_ffa_mem_relinquish(): no flags, one endpoint. */
	if (rl->retrieve_rules == MODEL_RETRIEVE_TFA)
		return flags || count != 1 ? FFA_RET_INVALID_PARAMETERS :
					     FFA_OK;
	/*
	 * DEN0077 v1.1 §11.6 FFA_MEM_RELINQUISH: the descriptor names the
	 * caller alone (no proxy endpoints), flags bits [31:2] MBZ; zeroing
	 * after relinquish is refused for a share (INVALID_PARAMETERS) and
	 * for a borrower with read-only access (DENIED, as in the retrieve).
	 */
	if (count != 1 || (flags & ~RELINQUISH_FLAGS_DEFINED))
		return FFA_RET_INVALID_PARAMETERS;
	if (flags & FFA_RELINQUISH_FLAG_ZERO) {
		if (r->fn_num == FFA_MEM_SHARE)
			return FFA_RET_INVALID_PARAMETERS;
		if ((r->perm[i] & FFA_PERM_DATA_MASK) == FFA_PERM_RO)
			return FFA_RET_DENIED;
	}
	return FFA_OK;
}
