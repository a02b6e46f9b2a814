// SPDX-License-Identifier: BSD-3-Clause
/*
 * What a profile's SPMC says of a memory transaction descriptor on its own,
 * before its state (partitions, live transactions) is consulted: the
 * spec's checks (src/ffa_desc.c) minus the rules that SPMC does not apply,
 * plus the rules it adds. The sim's sends and `ffactl decode --profile`
 * both ask here, so the two cannot disagree.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ffa/desc.h"
#include "model_priv.h"

/*
 * The transaction type bits [4:3] a send of @fn_num would carry, were
 * they allowed in a send (they are a retrieve request's, DEN0077 v1.1
 * Table 10.22; TF-A accepts them in a send too).
 */
uint32_t model_type_bits(uint32_t fn_num)
{
	switch (fn_num) {
	case FFA_MEM_SHARE:
		return FFA_RETRIEVE_FLAG_TYPE_SHARE;
	case FFA_MEM_LEND:
		return FFA_RETRIEVE_FLAG_TYPE_LEND;
	default:
		return FFA_RETRIEVE_FLAG_TYPE_DONATE;
	}
}

/* The flags rule of a profile that replaces the spec's. */
static int32_t check_flags(const struct model_rules *rl, uint32_t fn_num,
			   uint32_t flags, const char **why)
{
	switch (rl->send_flags) {
	case MODEL_FLAGS_TYPE_ONLY:
		*why = "flags other than 0 or exactly the transaction type";
		return flags && flags != model_type_bits(fn_num) ?
			       FFA_RET_INVALID_PARAMETERS : FFA_OK;
	case MODEL_FLAGS_BYTE:
		*why = "flags above bit 7";
		return flags > 0xFFu ? FFA_RET_INVALID_PARAMETERS : FFA_OK;
	default:
		return FFA_OK;
	}
}

/* OP-TEE's exact attributes: 0x2f for a share, 0 for a lend. */
static int32_t check_exact_attrs(const struct model_rules *rl,
				 uint32_t fn_num,
				 const struct ffa_mem_region *d, const char **why)
{
	uint32_t i;

	*why = "not exactly 0x2f (share) or 0 (lend) attributes, RW access";
	if (!rl->strict_attrs)
		return FFA_OK;
	if (fn_num == FFA_MEM_SHARE &&
	    d->attributes != FFA_ATTR_NORMAL_WB_INNER)
		return FFA_RET_INVALID_PARAMETERS;
	if (fn_num == FFA_MEM_LEND && d->attributes)
		return FFA_RET_INVALID_PARAMETERS;
	for (i = 0; i < d->receiver_count && i < FFA_DESC_MAX_RECEIVERS; i++)
		if (d->receivers[i].perm != FFA_PERM_RW)
			return FFA_RET_INVALID_PARAMETERS;
	return FFA_OK;
}

uint32_t model_desc_tolerated(const struct model_rules *rl)
{
	return rl->desc_tolerate |
	       (rl->send_flags != MODEL_FLAGS_SPEC ?
			FFA_DESC_RULE_BIT(FFA_DESC_RULE_FLAGS) : 0);
}

int32_t model_desc_verdict(const struct model_rules *rl, const uint8_t *buf,
			   uint32_t len, uint32_t version, uint32_t fn_num,
			   uint16_t caller, struct ffa_mem_region *d,
			   struct ffa_desc_report *rep, const char **why)
{
	const char *w = NULL;
	int32_t st;

	st = ffa_desc_decode(buf, len, version, d, rep);
	if (st)
		goto out;
	/* TF-A's spmc_ffa_fill_desc(): no secure sender from here. */
	if (rl->secure_sender_denied && (d->sender & FFA_ID_SECURE_BIT)) {
		w = "a secure sender ID";
		st = FFA_RET_DENIED;
		goto out;
	}
	st = ffa_desc_check_rules(buf, len, d, fn_num, caller,
				  model_desc_tolerated(rl), rep);
	if (st)
		goto out;
	st = check_flags(rl, fn_num, d->flags, &w);
	if (!st)
		st = check_exact_attrs(rl, fn_num, d, &w);
	if (!st)
		w = NULL;
out:
	if (why)
		*why = w;
	return st;
}

int32_t ffa_model_desc_verdict(uint32_t profile, const void *buf, size_t len,
			       uint32_t version, uint32_t fn_num,
			       uint16_t caller, struct ffa_desc_report *rep,
			       const char **why)
{
	struct ffa_model_state s;
	struct ffa_mem_region d;

	memset(&s, 0, sizeof(s));
	s.profile = profile < FFA_PROFILE_COUNT ? profile : FFA_PROFILE_SPEC;
	if (len > UINT32_MAX)
		return FFA_RET_INVALID_PARAMETERS;
	return model_desc_verdict(model_rules(&s), buf, (uint32_t)len,
				  version, FFA_FN_NUM(fn_num), caller, &d,
				  rep, why);
}

bool ffa_model_frag_undetermined(uint32_t profile, const void *buf,
				 size_t len, uint32_t frag_len,
				 uint32_t version)
{
	struct ffa_model_state s;

	memset(&s, 0, sizeof(s));
	s.profile = profile < FFA_PROFILE_COUNT ? profile : FFA_PROFILE_SPEC;
	if (len > UINT32_MAX || !frag_len || frag_len >= len)
		return false;
	return model_frag_first_undetermined(model_rules(&s), buf, frag_len,
					     (uint32_t)len, version);
}
