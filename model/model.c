// SPDX-License-Identifier: BSD-3-Clause
/*
 * The SPMC model: call dispatch, FFA_VERSION, FFA_FEATURES, the ID calls,
 * profiles and fault injection. Memory transactions live in model_mem.c,
 * partitions, RX/TX and direct messages in model_partitions.c, the handle
 * index in model_index.c.
 *
 * Result registers: every call rewrites a0..a17, zero where unused. An
 * FFA_ERROR status in a2 is sign-extended to 64 bits as TF-A does; callers
 * (and ffactl) compare only the low 32 bits, (int32_t)a2.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model_priv.h"

/*
 * The profiles. Sources for each rule:
 * - spec: DEN0077 v1.2 FFA_MEM_RECLAIM (flags bit 0 zero memory, bit 1
 *   time slicing, others MBZ) and Hafnium src/ffa_memory.c (a page can be in
 *   one transaction only; a second one fails the ownership check: DENIED).
 * - tfa-el3: TF-A services/std_svc/spm/el3_spmc/spmc_shared_mem.c,
 *   spmc_ffa_mem_reclaim(): "if (mem_flags != 0U) ... return
 *   FFA_ERROR_INVALID_PARAMETER" before looking the handle up;
 *   spmc_shmem_check_state_obj() answers INVALID_PARAMETERS for overlapping
 *   transactions; spmc_main.c routes no FFA_MEM_DONATE, so it is
 *   NOT_SUPPORTED.
 * - optee: OP-TEE core/arch/arm/kernel/thread_spmc.c, handle_mem_reclaim():
 *   "if (args->a3 || args->a4 || args->a5 || args->a6 || args->a7) goto out"
 *   with INVALID_PARAMETERS (so any reclaim flag is refused too); the share
 *   path accepts only normal WB inner-shareable RW memory; no FFA_MEM_DONATE
 *   case in the dispatcher. FFA_FEATURES (handle_features()) knows no
 *   FFA_ID_GET or FFA_MEM_LEND, though both work (the SPMD answers
 *   FFA_ID_GET); FFA_PARTITION_INFO_GET of an unknown UUID answers SUCCESS
 *   with no partitions (spmc_handle_partition_info_get()).
 *   Handles are slot numbers with bit 44 set (mobj_ffa_sel1_spmc_new()).
 *   Every fragmented send is refused with INVALID_PARAMETERS: both
 *   callers of spmc_read_mem_transaction() pass the fragment and total
 *   lengths swapped, so frag_len > tot_len. Were that fixed, the first
 *   fragment would need the header, the EMADs and the composite header
 *   (mem_op_init()) and later ones whole constituents.
 *   A send's flags may be anything in bits [7:0]; the sender ID is not
 *   compared with the caller's (spmc_read_mem_transaction()).
 * - spec also: DEN0077 v1.2 §13.2 FFA_VERSION, as Hafnium's
 *   api_ffa_version() implements it: once the caller has made an FF-A
 *   call other than FFA_VERSION (vm->ffa_version_negotiated), a request
 *   for a version other than the one in effect is refused.
 * - tfa-el3 and optee let the caller renegotiate at any time: TF-A 2.8's
 *   ffa_version_handler() (el3_spmc/spmc_main.c) stores whatever version
 *   the normal world asks (a v1.1 SPMC, not bound by the v1.2 rule);
 *   OP-TEE's spmc_exchange_version() (thread_spmc.c) does so on purpose,
 *   "to support differing versions between the loader and the driver".
 * - tfa-el3 also (TF-A 2.8, checked by running it: the qemu-tfa suite):
 *   handles count up from 0xffffffc0 (spmc_shmem_obj_state.next_handle).
 *   spmc_ffa_fill_desc() and spmc_shmem_check_obj() check no memory
 *   attribute but the NS bit, no permission, no constituent's alignment
 *   or page count (only their sum), no overlap within a descriptor (only
 *   with live transactions, spmc_shmem_check_state_obj()), and no sender
 *   against the caller; they look up only secure receiver IDs, refuse a
 *   secure sender (DENIED) and flags other than 0 or exactly the
 *   transaction type. spmc_shmem_check_obj() runs on every fragment and
 *   reads the composite's range count before it has arrived (stale
 *   memory), so a first fragment that does not reach it is refused;
 *   spmc_ffa_mem_send() refuses one shorter than 32 bytes anyway.
 */
#define TFA_DESC_TOLERATE \
	(FFA_DESC_RULE_BIT(FFA_DESC_RULE_SENDER_NOT_CALLER) | \
	 FFA_DESC_RULE_BIT(FFA_DESC_RULE_RECEIVER_IS_SENDER) | \
	 FFA_DESC_RULE_BIT(FFA_DESC_RULE_ATTR_RESERVED) | \
	 FFA_DESC_RULE_BIT(FFA_DESC_RULE_ATTR_USAGE) | \
	 FFA_DESC_RULE_BIT(FFA_DESC_RULE_ATTR_DEVICE) | \
	 FFA_DESC_RULE_BIT(FFA_DESC_RULE_PERM_RESERVED) | \
	 FFA_DESC_RULE_BIT(FFA_DESC_RULE_PERM_USAGE) | \
	 FFA_DESC_RULE_BIT(FFA_DESC_RULE_PAGES_ZERO) | \
	 FFA_DESC_RULE_BIT(FFA_DESC_RULE_CONS_UNALIGNED) | \
	 FFA_DESC_RULE_BIT(FFA_DESC_RULE_CONS_OVERLAP))
#define OPTEE_DESC_TOLERATE \
	FFA_DESC_RULE_BIT(FFA_DESC_RULE_SENDER_NOT_CALLER)
#define TFA_HANDLE_BASE (0xffffffc0ull - 1)
#define OPTEE_HANDLE_BASE ((1ull << 44) - 1)
/*
 * TF-A 2.8 spmc_main.c ffa_features_handler(), as the normal world asks:
 * its "both worlds" and "normal world only" cases, whether or not the
 * call is routed (FFA_MSG_RUN, FFA_MEM_RETRIEVE_REQ from the normal world).
 */
#define FN32(n) (FFA_SMC32_BASE | (n))
#define FN64(n) (FFA_SMC64_BASE | (n))
static const uint32_t tfa_features_fids[] = {
	FN32(FFA_ERROR), FN32(FFA_SUCCESS), FN32(FFA_INTERRUPT),
	FN32(FFA_SPM_ID_GET), FN32(FFA_ID_GET), FN32(FFA_FEATURES),
	FN32(FFA_VERSION), FN32(FFA_RX_RELEASE),
	FN32(FFA_MSG_SEND_DIRECT_REQ), FN64(FFA_MSG_SEND_DIRECT_REQ),
	FN32(FFA_PARTITION_INFO_GET), FN32(FFA_RXTX_MAP), FN64(FFA_RXTX_MAP),
	FN32(FFA_RXTX_UNMAP), FN32(FFA_MEM_FRAG_TX), FN32(FFA_RUN),
	FN32(FFA_MEM_SHARE), FN64(FFA_MEM_SHARE), FN32(FFA_MEM_LEND),
	FN64(FFA_MEM_LEND), FN32(FFA_MEM_RECLAIM), FN32(FFA_MEM_FRAG_RX),
	FN32(FFA_MEM_RETRIEVE_REQ), FN64(FFA_MEM_RETRIEVE_REQ), 0
};
#undef FN32
#undef FN64

/* TF-A 2.8's std_svc routes no FFA_MEM_PERM_GET/SET (seen on qemu-tfa). */
static const uint8_t tfa_smccc_unknown[] = {
	FFA_MEM_PERM_GET, FFA_MEM_PERM_SET, 0
};

static const uint8_t optee_features_hidden[] = {
	FFA_ID_GET, FFA_MEM_LEND, 0
};

/* OP-TEE's thread_spmc_msg_recv() has no FFA_PARTITION_INFO_GET_REGS case. */
static const uint8_t optee_fns_missing[] = {
	FFA_PARTITION_INFO_GET_REGS, 0
};

static const struct model_rules rules[FFA_PROFILE_COUNT] = {
	[FFA_PROFILE_SPEC] = {
		.name = "spec",
		.version = FFA_MODEL_VERSION,
		.reclaim_flags_ok = FFA_RECLAIM_VALID_MASK,
		.donate_supported = true,
		.overlap_error = FFA_RET_DENIED,
		.handle_base = FFA_MODEL_HANDLE_BASE,
		.version_fixed_after_calls = true,
	},
	[FFA_PROFILE_TFA_EL3] = {
		.name = "tfa-el3",
		/* TF-A 2.8 (v2.14 answers 1.2). */
		.version = FFA_VERSION_1_1,
		.reclaim_flags_ok = 0,
		.donate_supported = false,
		.direct_src_unchecked = true,
		.direct_recv_unchecked = true,
		.smccc_unknown = tfa_smccc_unknown,
		.overlap_error = FFA_RET_INVALID_PARAMETERS,
		.handle_base = TFA_HANDLE_BASE,
		.frag_first = MODEL_FRAG_COMPOSITE,
		/* spmc_shmem_check_obj() reads past desc_filled. */
		.frag_first_stale = true,
		/* spmc_shmem_check_state_obj() reads pending objects too. */
		.pending_stale_overlap = true,
		.desc_tolerate = TFA_DESC_TOLERATE,
		.send_flags = MODEL_FLAGS_TYPE_ONLY,
		.secure_sender_denied = true,
		.nwd_receivers_unchecked = true,
		.features_fids = tfa_features_fids,
		/* spmc_ffa_mem_frag_tx(): "invalid sender_id", err_unlock. */
		.frag_tx_desc_sender = true,
		.retrieve_rules = MODEL_RETRIEVE_TFA,
	},
	[FFA_PROFILE_OPTEE] = {
		.name = "optee",
		.version = FFA_VERSION_1_2,
		.reclaim_flags_ok = 0,
		.reclaim_mbz_a4_a7 = true,
		.donate_supported = false,
		.strict_attrs = true,
		.overlap_error = FFA_RET_DENIED,
		.features_hidden = optee_features_hidden,
		.fns_missing = optee_fns_missing,
		.unknown_uuid_empty = true,
		.handle_base = OPTEE_HANDLE_BASE,
		.frag_first = MODEL_FRAG_COMPOSITE,
		.frag_whole_constituents = true,
		.frag_refused = FFA_RET_INVALID_PARAMETERS,
		.desc_tolerate = OPTEE_DESC_TOLERATE,
		.send_flags = MODEL_FLAGS_BYTE,
	},
};

const struct model_rules *model_rules(const struct ffa_model_state *s)
{
	return &rules[s->profile < FFA_PROFILE_COUNT ? s->profile : 0];
}

const char *ffa_model_profile_name(uint32_t profile)
{
	return profile < FFA_PROFILE_COUNT ? rules[profile].name : NULL;
}

uint32_t ffa_model_profile_version(uint32_t profile)
{
	return rules[profile < FFA_PROFILE_COUNT ? profile : 0].version;
}

int ffa_model_profile_parse(const char *name)
{
	int i;

	if (!name)
		return -1;
	for (i = 0; i < (int)FFA_PROFILE_COUNT; i++)
		if (strcmp(name, rules[i].name) == 0)
			return i;
	return -1;
}

void model_ret_error(struct ffa_regs *r, int32_t code)
{
	memset(r, 0, sizeof(*r));
	r->a[0] = FFA_FN_SMC32(FFA_ERROR);
	r->a[2] = (uint64_t)(int64_t)code;
}

void model_ret_success(struct ffa_regs *r, uint64_t a2, uint64_t a3)
{
	memset(r, 0, sizeof(*r));
	r->a[0] = FFA_FN_SMC32(FFA_SUCCESS);
	r->a[2] = a2;
	r->a[3] = a3;
}

void ffa_model_reset(struct ffa_model_state *s, const struct ffa_model_host *h,
		     uint32_t profile)
{
	memset(s, 0, sizeof(*s));
	s->profile = profile < FFA_PROFILE_COUNT ? profile : FFA_PROFILE_SPEC;
	s->next_handle = 1;
	model_partitions_reset(s);
	model_mem_reset(s, h);
}

/*
 * DEN0077 §13.2 FFA_VERSION: bit 31 of the requested version MBZ
 * (NOT_SUPPORTED in a0, no FFA_ERROR wrapper). Otherwise the callee answers
 * its own version and the caller judges compatibility (same major, minor
 * at least its own): the FF-A ACS (ffa_version, "incompatible major
 * version") expects the callee's version for a request of 2.0, as TF-A and
 * OP-TEE answer. Only a compatible request (major 1) is recorded as the
 * caller's version.
 *
 * v1.2 §13.2 also fixes the version once the caller has made other FF-A
 * calls: a compatible request for another version than the one in effect
 * (the one recorded; the SPMC's own if none was) is refused, in the
 * profiles that follow it. Refused how: Hafnium's api_ffa_version()
 * returns {.func = FFA_NOT_SUPPORTED}, -1 in w0 and no FFA_ERROR, as for
 * bit 31; the FF-A ACS (ffa_version_negotiation) checks exactly that,
 * payload.fid == FFA_ERROR_NOT_SUPPORTED (-1). An incompatible request
 * (another major) changes nothing, so it is answered as before.
 */
static void do_version(struct ffa_model_state *s, const struct ffa_regs *in,
		       struct ffa_regs *out)
{
	const struct model_rules *r = model_rules(s);
	uint32_t v = (uint32_t)in->a[1];
	uint32_t in_effect = s->version ? s->version : r->version;

	if (v & FFA_VERSION_MBZ) {
		out->a[0] = (uint32_t)FFA_RET_NOT_SUPPORTED;
		return;
	}
	if (FFA_VERSION_MAJOR(v) == FFA_VERSION_MAJOR(r->version)) {
		if (r->version_fixed_after_calls && s->version_fixed &&
		    v != in_effect) {
			out->a[0] = (uint32_t)FFA_RET_NOT_SUPPORTED;
			return;
		}
		s->version = v;
	}
	out->a[0] = r->version;
}

/* Which forms of a function the model implements. */
#define F32 1u
#define F64 2u

struct fn_desc {
	uint8_t num;
	uint8_t forms;
};

/*
 * Calls answered from the normal world. MEM_RETRIEVE_REQ, MEM_RELINQUISH and
 * MEM_FRAG_RX are not here: only partitions retrieve (through the test
 * partition's protocol), so the normal world gets NOT_SUPPORTED for them.
 */
static const struct fn_desc fns[] = {
	{ FFA_ERROR, F32 },
	{ FFA_SUCCESS, F32 | F64 },
	/*
	 * Not a call but an answer; FFA_FEATURES reports it supported, as
	 * the FF-A ACS (ffa_features) expects of every instance.
	 */
	{ FFA_INTERRUPT, F32 },
	{ FFA_VERSION, F32 },
	{ FFA_FEATURES, F32 },
	{ FFA_RX_RELEASE, F32 },
	{ FFA_RXTX_MAP, F32 | F64 },
	{ FFA_RXTX_UNMAP, F32 },
	{ FFA_PARTITION_INFO_GET, F32 },
	{ FFA_ID_GET, F32 },
	{ FFA_MSG_SEND_DIRECT_REQ, F32 | F64 },
	{ FFA_MEM_DONATE, F32 | F64 },
	{ FFA_MEM_LEND, F32 | F64 },
	{ FFA_MEM_SHARE, F32 | F64 },
	{ FFA_MEM_RECLAIM, F32 },
	{ FFA_MEM_FRAG_TX, F32 },
	{ FFA_SPM_ID_GET, F32 },
	{ FFA_MSG_SEND_DIRECT_REQ2, F64 },
	{ FFA_PARTITION_INFO_GET_REGS, F64 },
};

static bool fn_implemented(const struct ffa_model_state *s, uint32_t fid)
{
	uint32_t num = FFA_FN_NUM(fid);
	uint32_t form = FFA_FN_IS_SMC64(fid) ? F64 : F32;
	size_t i;

	if ((fid & ~0x400000FFu) != FFA_SMC32_BASE)
		return false;
	if (num == FFA_MEM_DONATE && !model_rules(s)->donate_supported)
		return false;
	for (const uint8_t *m = model_rules(s)->fns_missing; m && *m; m++)
		if (*m == num)
			return false;
	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (fns[i].num == num)
			return (fns[i].forms & form) != 0;
	return false;
}

/*
 * DEN0077 FFA_FEATURES: a1 is a function ID (bit 31 set) or a feature
 * ID (bit 31 clear: notification/schedule-receiver/managed-exit interrupt
 * IDs, none of which the model has). For FFA_RXTX_MAP a2[1:0] = 0 says the
 * minimum buffer size is 4K.
 */
/*
 * FFA_MSG_SEND_DIRECT_REQ2 and FFA_PARTITION_INFO_GET_REGS are v1.2 ABIs:
 * a caller that negotiated an earlier version cannot use them, so
 * FFA_FEATURES does not offer them
 * (DEN0077 §13.3; OP-TEE's handle_features() and Hafnium do the same).
 */
static bool fn_in_version(const struct ffa_model_state *s, uint32_t fid)
{
	/* In effect: the lower of the caller's and ours (§13.2.1). */
	uint32_t v = s->version && s->version < model_rules(s)->version ?
		     s->version : model_rules(s)->version;

	return (FFA_FN_NUM(fid) != FFA_MSG_SEND_DIRECT_REQ2 &&
		FFA_FN_NUM(fid) != FFA_PARTITION_INFO_GET_REGS) ||
	       v >= FFA_VERSION_1_2;
}

static bool features_listed(const struct ffa_model_state *s, uint32_t fid)
{
	const uint32_t *f = model_rules(s)->features_fids;

	for (; *f; f++)
		if (*f == fid)
			return true;
	return false;
}

static bool features_hidden(const struct ffa_model_state *s, uint32_t fid)
{
	const uint8_t *h = model_rules(s)->features_hidden;

	for (; h && *h; h++)
		if (*h == FFA_FN_NUM(fid))
			return true;
	return false;
}

static void do_features(const struct ffa_model_state *s,
			const struct ffa_regs *in, struct ffa_regs *out)
{
	uint32_t fid = (uint32_t)in->a[1];

	if (model_rules(s)->features_fids) {
		if (features_listed(s, fid))
			model_ret_success(out, 0, 0);
		else
			model_ret_error(out, FFA_RET_NOT_SUPPORTED);
		return;
	}
	if (!(fid & 0x80000000u) || !fn_implemented(s, fid) ||
	    features_hidden(s, fid) || !fn_in_version(s, fid)) {
		model_ret_error(out, FFA_RET_NOT_SUPPORTED);
		return;
	}
	model_ret_success(out, 0, 0);
}

/*
 * A partition's FFA_FEATURES: the borrower's calls are its to make (the
 * normal world gets NOT_SUPPORTED for them); anything else is answered
 * as the normal world's question.
 */
void model_sp_features(const struct ffa_model_state *s, uint32_t fid,
		       uint32_t props, struct ffa_regs *out)
{
	struct ffa_regs in = { { FFA_FN_SMC32(FFA_FEATURES), fid, props } };
	uint32_t w2, w3;
	int32_t st;

	if (fid == FFA_FN_SMC32(FFA_MEM_RETRIEVE_REQ) ||
	    fid == FFA_FN_SMC64(FFA_MEM_RETRIEVE_REQ)) {
		st = model_retrieve_features(s, props, &w2, &w3);
		if (st)
			model_ret_error(out, st);
		else
			model_ret_success(out, w2, w3);
		return;
	}
	if (fid == FFA_FN_SMC32(FFA_MEM_RELINQUISH)) {
		model_ret_success(out, 0, 0);
		return;
	}
	do_features(s, &in, out);
}

/* Fault injection: true if this call was answered by the armed fault. */
static bool inject_fault(struct ffa_model_state *s, uint32_t fid,
			 struct ffa_regs *out)
{
	struct ffa_model_fault *f = &s->fault;

	if (f->fn_num == 0 || f->count == 0 || f->fn_num != FFA_FN_NUM(fid))
		return false;
	f->count--;
	if (f->a0) {
		memset(out, 0, sizeof(*out));
		out->a[0] = f->a0;
	} else {
		model_ret_error(out, f->error);
	}
	return true;
}

void ffa_model_call(struct ffa_model_state *s, const struct ffa_model_host *h,
		    uint16_t caller, struct ffa_regs *regs)
{
	struct ffa_regs in = *regs;
	uint32_t fid = (uint32_t)in.a[0];
	uint32_t num = FFA_FN_NUM(fid);
	bool smc64 = FFA_FN_IS_SMC64(fid);
	int i;

	memset(regs, 0, sizeof(*regs));
	if ((fid & ~0x400000FFu) != FFA_SMC32_BASE || num < FFA_FN_NUM_MIN) {
		/* Not FF-A at all: SMCCC's NOT_SUPPORTED, -1 in a0. */
		regs->a[0] = UINT64_MAX;
		return;
	}
	if (inject_fault(s, fid, regs))
		return;
	for (const uint8_t *u = model_rules(s)->smccc_unknown; u && *u; u++) {
		if (*u == num) {
			regs->a[0] = UINT64_MAX;
			return;
		}
	}
	/*
	 * Any FF-A call but FFA_VERSION fixes the version, answered
	 * NOT_SUPPORTED or not: Hafnium sets ffa_version_negotiated for
	 * every call its ffa_handler() takes.
	 */
	if (num != FFA_VERSION)
		s->version_fixed = 1;
	if (!fn_implemented(s, fid) || !fn_in_version(s, fid)) {
		model_ret_error(regs, FFA_RET_NOT_SUPPORTED);
		return;
	}
	/* SMC32 calls carry 32-bit arguments: upper halves are ignored. */
	if (!smc64)
		for (i = 1; i < FFA_NREGS; i++)
			in.a[i] = (uint32_t)in.a[i];

	switch (num) {
	case FFA_VERSION:
		do_version(s, &in, regs);
		break;
	case FFA_FEATURES:
		do_features(s, &in, regs);
		break;
	case FFA_ID_GET:
		model_ret_success(regs, caller, 0);
		break;
	case FFA_SPM_ID_GET:
		model_ret_success(regs, FFA_MODEL_SPMC_ID, 0);
		break;
	case FFA_RXTX_MAP:
		model_rxtx_map(s, h, &in, regs);
		break;
	case FFA_RXTX_UNMAP:
		model_rxtx_unmap(s, &in, regs);
		break;
	case FFA_RX_RELEASE:
		model_rx_release(s, regs);
		break;
	case FFA_PARTITION_INFO_GET:
		model_partition_info_get(s, h, &in, regs);
		break;
	case FFA_PARTITION_INFO_GET_REGS:
		model_partition_info_get_regs(s, &in, regs);
		break;
	case FFA_MSG_SEND_DIRECT_REQ:
		model_direct_req(s, h, caller, &in, regs);
		break;
	case FFA_MSG_SEND_DIRECT_REQ2:
		model_direct_req2(s, caller, &in, regs);
		break;
	case FFA_MEM_DONATE:
	case FFA_MEM_LEND:
	case FFA_MEM_SHARE:
		model_mem_send(s, h, caller, num, &in, regs);
		break;
	case FFA_MEM_FRAG_TX:
		model_mem_frag_tx(s, h, caller, &in, regs);
		break;
	case FFA_MEM_RECLAIM:
		model_mem_reclaim(s, h, &in, regs);
		break;
	default:
		/* FFA_ERROR/FFA_SUCCESS as calls: nothing is pending here. */
		model_ret_error(regs, FFA_RET_NOT_SUPPORTED);
		break;
	}
}
