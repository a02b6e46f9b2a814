// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Outstanding retrievals (ACS lend_share_multiple_retrievals): a borrower
 * asks FFA_FEATURES(FFA_MEM_RETRIEVE_REQ) how many retrievals of one
 * region it may hold at once, retrieves a lent or shared page that often,
 * and then either once more (DENIED) or once more with the "zero memory
 * before retrieval" flag (INVALID_PARAMETERS). The borrower is ffactl's
 * test partition (FFA_SP_CMD_FEATURES, _RETRIEVE, _RETRIEVE_WITH,
 * _RELINQUISH: model/model.h), so the cases need its protocol
 * (SMOKE_NEED_SP_FEATURES): on TF-A's TSP or OP-TEE they SKIP.
 *
 * Expectations: DEN0077 v1.1 §13.3 FFA_FEATURES (MEM_RETRIEVE_REQ
 * interface properties: w3[7:0] = n, 2^(n+1) - 1 outstanding retrievals
 * per borrower), §11.4 FFA_MEM_RETRIEVE_REQ (a retrieval beyond that
 * count: DENIED, as ACS expects) and Table 10.22 bit 0 (the zero flag
 * MBZ if the receiver has retrieved the region before: INVALID_PARAMETERS,
 * whatever the owner asked for in the send).
 */
#include <stdio.h>
#include <string.h>

#include "ffa/desc.h"
#include "model.h"
#include "smoke.h"

/*
 * More retrievals than this the suite does not make (an SPMC may report
 * up to 2^256 - 1): the case SKIPs and says so.
 */
#define MOST_RETRIEVALS 4095u

/*
 * The partition's FFA_FEATURES(@fid, @props): *st its status (0 or an
 * FFA_RET_*), *w3 the answer's w3. Returns 0 or a run code; the direct
 * request's own failure is the case's answer (*st).
 */
static int sp_features(struct smoke_ctx *c, uint32_t fid, uint32_t props,
		       int32_t *st, uint32_t *w3)
{
	struct ffa_regs r = { {
		FFA_FN_SMC32(FFA_MSG_SEND_DIRECT_REQ),
		(uint64_t)c->self_id << 16 | c->part.id, 0,
		FFA_SP_CMD_FEATURES, 0, 0, fid, props } };
	int32_t code;
	int rc = smoke_call(c, &r, &code);

	if (rc)
		return rc;
	*st = code ? code : (int32_t)(uint32_t)r.a[3];
	*w3 = (uint32_t)r.a[5];
	return SMOKE_RUN_DONE;
}

/* The zero flag's retrieve (k->arg2 SMOKE_RT_ZERO) or a plain one. */
static int decisive(struct smoke_ctx *c, const struct smoke_case *k,
		    uint64_t h)
{
	struct ffa_sp_retrieve_with w = {
		.set = FFA_SP_RETRIEVE_SET_FLAGS, .flags = FFA_MTD_FLAG_ZERO,
	};
	uint64_t a6, a7;

	if (k->arg2 != SMOKE_RT_ZERO)
		return smoke_sp_request(c, FFA_SP_CMD_RETRIEVE, h, 0, 0,
					&c->out.observed, NULL);
	ffa_sp_retrieve_with_encode(&w, &a6, &a7);
	return smoke_sp_request(c, FFA_SP_CMD_RETRIEVE_WITH, h, (uint32_t)a6,
				(uint32_t)a7, &c->out.observed, NULL);
}

/*
 * Relinquishes the @held retrievals and reclaims @h, as the ACS test
 * ends; the report keeps the case's decisive call. A refusal here fails
 * the case (the cleanup then tries again).
 */
static int give_back(struct smoke_ctx *c, uint64_t h, uint32_t held)
{
	struct smoke_case_out saved = c->out;
	struct mem_reclaim_res res;
	int32_t code = 0;
	uint32_t i;
	int rc = 0;

	for (i = 0; i < held; i++) {
		rc = smoke_sp_request(c, FFA_SP_CMD_RELINQUISH, h, 0, 0, &code,
				      NULL);
		if (rc || code)
			break;
	}
	if (!rc && !code)
		rc = smoke_reclaim(c, h, 0, false, &code, &res);
	/* The decisive call's answer, with what went wrong since. */
	memcpy(saved.why, c->out.why, sizeof(saved.why));
	c->out = saved;
	if (rc)
		return rc;
	if (code && i < held) {
		smoke_note(c, "relinquish %u of the %u retrievals held: %s",
			   i + 1, held, smoke_code_name(code));
		return SMOKE_RUN_FAIL;
	}
	if (code) {
		smoke_note(c, "reclaim once the borrower relinquished all: %s",
			   smoke_code_name(code));
		return SMOKE_RUN_FAIL;
	}
	return SMOKE_RUN_DONE;
}

int smoke_run_retrievals(struct smoke_ctx *c, const struct smoke_case *k)
{
	uint32_t fn = FFA_FN_NUM(k->fid), w3 = 0, count, held = 0;
	/* v1.1+: the borrower says it handles the NS bit (as ACS does). */
	uint32_t props = c->nego >= FFA_VERSION_1_1 ?
			 FFA_FEATURES_RETRIEVE_NS : 0;
	uint64_t h = 0;
	int32_t st = 0, code = 0;
	int rc;

	rc = sp_features(c, FFA_FN_SMC32(FFA_MEM_RETRIEVE_REQ), props, &st,
			 &w3);
	if (rc)
		return rc;
	if (st) {
		/* ACS fails here too: no count to go by. */
		c->out.observed = st;
		smoke_note(c, "the partition's FFA_FEATURES("
			   "FFA_MEM_RETRIEVE_REQ_32, 0x%x): %s", props,
			   smoke_code_name(st));
		return SMOKE_RUN_DONE;
	}
	count = ffa_features_retrieve_count(w3);
	if (count > MOST_RETRIEVALS) {
		smoke_note(c, "FFA_FEATURES reports %u outstanding retrievals "
			   "(w3 0x%x); the suite makes at most %u", count, w3,
			   MOST_RETRIEVALS);
		return SMOKE_RUN_SKIP;
	}
	/* ACS checks the zero flag only where a borrower may hold two. */
	if (k->arg2 == SMOKE_RT_ZERO && count < 2) {
		smoke_note(c, "FFA_FEATURES reports one outstanding retrieval "
			   "(w3 0x%x): no retrieve while holding one", w3);
		return SMOKE_RUN_SKIP;
	}
	rc = smoke_send_one(c, k->fid, ffa_desc_default_perm(fn, 1), 0,
			    &code, &h);
	if (rc)
		return rc;
	if (code) {
		/* The setup send is what this firmware refuses. */
		c->out.observed = code;
		return SMOKE_RUN_DONE;
	}
	while (held < count) {
		rc = smoke_sp_request(c, FFA_SP_CMD_RETRIEVE, h, 0, 0, &code,
				      NULL);
		if (rc)
			return rc;
		if (code) {
			smoke_note(c, "retrieve %u of the %u FFA_FEATURES "
				   "allows: %s", held + 1, count,
				   smoke_code_name(code));
			return SMOKE_RUN_FAIL;
		}
		held++;
	}
	rc = decisive(c, k, h);
	if (rc)
		return rc;
	if (c->out.observed == 0)
		held++;
	return give_back(c, h, held);
}
