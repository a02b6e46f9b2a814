// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Decoding of FF-A result registers. Function IDs and error codes are 32-bit
 * quantities carried in w0/w2 (DEN0077 "Interface overview"), so only
 * the low 32 bits of a0..a2 are compared: TF-A sign-extends the error code
 * into x2, other SPMCs zero-extend it, and both mean the same thing.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "errtab.h"
#include "result.h"

#define ID32(n) FFA_FN_SMC32(n)
#define ID64(n) FFA_FN_SMC64(n)

/* SMCCC's NOT_SUPPORTED (-1) for a function ID nobody implements. */
#define SMCCC_NOT_SUPPORTED 0xFFFFFFFFu

static const char unknown_abi[] = "unknown ABI";
static const char protocol[] = "PROTOCOL";

/* Violation messages: fixed text; the values seen go into ->detail. */
static const char msg_code_in_a1[] =
	"FFA_ERROR with the error code in a1 instead of a2";
static const char msg_version_error[] =
	"FFA_VERSION answered with FFA_ERROR, not a version or -1 in a0";
static const char msg_version_bad[] =
	"FFA_VERSION returned bit 31 set but not NOT_SUPPORTED (-1)";
static const char msg_smccc[] =
	"SMCCC NOT_SUPPORTED (-1) in a0: "
	"no FF-A implementation answered this call";
static const char msg_interrupt[] =
	"call preempted by FFA_INTERRUPT; resuming it is not supported";
static const char msg_yield[] =
	"target yielded with FFA_YIELD; resuming it is not supported";
static const char msg_direct_success[] =
	"FFA_SUCCESS in answer to a direct request: "
	"the responder must answer with a direct response";

/* The function number of an FF-A function ID, or 0 if @fid is not one. */
static uint32_t ffa_num(uint32_t fid)
{
	uint32_t hi = fid & ~0xFFu;

	if (hi != FFA_SMC32_BASE && hi != FFA_SMC64_BASE)
		return 0;
	if (FFA_FN_NUM(fid) < FFA_FN_NUM_MIN)
		return 0;
	return FFA_FN_NUM(fid);
}

static const char *id_name(uint32_t id)
{
	uint32_t n = ffa_num(id);

	return n ? errtab_abi_name(n) : NULL;
}

static bool is_success(uint32_t w0)
{
	return w0 == ID32(FFA_SUCCESS) || w0 == ID64(FFA_SUCCESS);
}

static bool is_direct_resp(uint32_t w0)
{
	return w0 == ID32(FFA_MSG_SEND_DIRECT_RESP) ||
	       w0 == ID64(FFA_MSG_SEND_DIRECT_RESP);
}

bool result_is_success_id(uint32_t fid, uint64_t a0)
{
	uint32_t w0 = (uint32_t)a0;

	if (fid == 0)
		return is_success(w0) || is_direct_resp(w0) ||
		       w0 == ID64(FFA_MSG_SEND_DIRECT_RESP2) ||
		       w0 == ID32(FFA_MEM_FRAG_RX) ||
		       w0 == ID32(FFA_MEM_FRAG_TX) ||
		       w0 == ID32(FFA_MEM_RETRIEVE_RESP);

	switch (ffa_num(fid)) {
	case FFA_VERSION:
		/* DEN0077 §13.2: the answer is a version, bit 31 clear. */
		return !(w0 & FFA_VERSION_MBZ);
	case FFA_MSG_SEND_DIRECT_REQ:
		/* DEN0077 FFA_MSG_SEND_DIRECT_REQ: only a response ends it. */
		return is_direct_resp(w0);
	case FFA_MSG_SEND_DIRECT_REQ2:
		return w0 == ID64(FFA_MSG_SEND_DIRECT_RESP2);
	case FFA_MEM_DONATE:
	case FFA_MEM_LEND:
	case FFA_MEM_SHARE:
	case FFA_MEM_FRAG_TX:
		/* FRAG_RX: the SPMC asks for the next descriptor fragment. */
		return is_success(w0) || w0 == ID32(FFA_MEM_FRAG_RX);
	case FFA_MEM_RETRIEVE_REQ:
		/* The retrieved descriptor comes in FFA_MEM_RETRIEVE_RESP. */
		return w0 == ID32(FFA_MEM_RETRIEVE_RESP);
	case FFA_MEM_FRAG_RX:
		/* The next fragment is handed over with FRAG_TX. */
		return w0 == ID32(FFA_MEM_FRAG_TX);
	default:
		return is_success(w0);
	}
}

static void set_violation(struct result_status *st, const char *message)
{
	st->kind = RESULT_VIOLATION;
	st->name = protocol;
	st->message = message;
}

/* a0 = FFA_ERROR: the code belongs in w2 (DEN0077 FFA_ERROR). */
static void classify_error(uint32_t num, const struct ffa_regs *r,
			   struct result_status *st)
{
	int32_t code = (int32_t)(uint32_t)r->a[2];
	int32_t code_a1 = (int32_t)(uint32_t)r->a[1];

	if (errtab_name(code)) {
		st->kind = RESULT_FFA_ERROR;
		st->code = code;
		st->name = errtab_name(code);
		st->message = errtab_message(num, code);
		return;
	}

	if (code == 0 && errtab_name(code_a1)) {
		/* OP-TEE once answered FFA_MEM_RECLAIM like this. */
		set_violation(st, msg_code_in_a1);
		st->code = code_a1;
		snprintf(st->detail, sizeof(st->detail),
			 "a1=%" PRId32 " (%s), a2=0", code_a1,
			 errtab_name(code_a1));
		return;
	}

	if (code == 0) {
		set_violation(st, "FFA_ERROR with error code 0");
		snprintf(st->detail, sizeof(st->detail), "a2=0");
		return;
	}

	set_violation(st, "FFA_ERROR with an unknown error code");
	snprintf(st->detail, sizeof(st->detail),
		 "a2=%" PRId32 " (0x%08" PRIx32 ")", code, (uint32_t)code);
}

static void classify_version(const struct ffa_regs *r,
			     struct result_status *st)
{
	uint32_t w0 = (uint32_t)r->a[0];

	if (!(w0 & FFA_VERSION_MBZ)) {
		st->kind = RESULT_OK;
		return;
	}
	if ((int32_t)w0 == FFA_RET_NOT_SUPPORTED) {
		st->kind = RESULT_FFA_ERROR;
		st->code = FFA_RET_NOT_SUPPORTED;
		st->name = errtab_name(st->code);
		st->message = errtab_message(FFA_VERSION, st->code);
		return;
	}
	if (w0 == ID32(FFA_ERROR)) {
		int32_t code = (int32_t)(uint32_t)r->a[2];
		const char *name = errtab_name(code);

		/* §13.2: VERSION reports NOT_SUPPORTED in w0 itself. */
		set_violation(st, msg_version_error);
		snprintf(st->detail, sizeof(st->detail),
			 "a2=%" PRId32 " (%s)", code, name ? name : "unknown");
		return;
	}
	set_violation(st, msg_version_bad);
	snprintf(st->detail, sizeof(st->detail), "a0=0x%08" PRIx32, w0);
}

void result_classify(uint32_t fid, const struct ffa_regs *r,
		     struct result_status *st)
{
	uint32_t num = ffa_num(fid);
	uint32_t w0 = (uint32_t)r->a[0];
	const char *seen;

	memset(st, 0, sizeof(*st));
	st->fid = fid;
	st->abi = num && errtab_abi_name(num) ? errtab_abi_name(num) :
						unknown_abi;

	if (num == FFA_VERSION) {
		classify_version(r, st);
		return;
	}

	if (w0 == ID32(FFA_ERROR)) {
		classify_error(num, r, st);
		return;
	}

	if (result_is_success_id(fid, r->a[0])) {
		st->kind = RESULT_OK;
		return;
	}

	/* Everything below breaks the calling convention; say how. */
	if (w0 == ID64(FFA_ERROR)) {
		/* DEN0077 FFA_ERROR: there is only an SMC32 encoding. */
		set_violation(st, "FFA_ERROR with the SMC64 function ID");
		snprintf(st->detail, sizeof(st->detail),
			 "a0=0x%08" PRIx32 ", a2=%" PRId32, w0,
			 (int32_t)(uint32_t)r->a[2]);
		return;
	}
	if (w0 == SMCCC_NOT_SUPPORTED) {
		set_violation(st, msg_smccc);
		snprintf(st->detail, sizeof(st->detail),
			 "a0=0x%016" PRIx64, r->a[0]);
		return;
	}
	if (w0 == ID32(FFA_INTERRUPT) || w0 == ID64(FFA_INTERRUPT)) {
		/* Preempted; resuming it with FFA_RUN is not wired up. */
		set_violation(st, msg_interrupt);
		snprintf(st->detail, sizeof(st->detail),
			 "a0=0x%08" PRIx32 ", a1=0x%08" PRIx32, w0,
			 (uint32_t)r->a[1]);
		return;
	}
	if (w0 == ID32(FFA_YIELD) || w0 == ID64(FFA_YIELD)) {
		set_violation(st, msg_yield);
		snprintf(st->detail, sizeof(st->detail),
			 "a0=0x%08" PRIx32 ", a1=0x%08" PRIx32, w0,
			 (uint32_t)r->a[1]);
		return;
	}
	if (is_success(w0) && (num == FFA_MSG_SEND_DIRECT_REQ ||
			       num == FFA_MSG_SEND_DIRECT_REQ2)) {
		set_violation(st, msg_direct_success);
		snprintf(st->detail, sizeof(st->detail), "a0=0x%08" PRIx32,
			 w0);
		return;
	}

	seen = id_name(w0);
	if (seen) {
		set_violation(st, "unexpected FF-A function ID in a0");
		snprintf(st->detail, sizeof(st->detail),
			 "a0=0x%08" PRIx32 " (%s%s) for %s", w0, seen,
			 FFA_FN_IS_SMC64(w0) ? " SMC64" : "", st->abi);
	} else {
		set_violation(st, "unexpected value in a0");
		snprintf(st->detail, sizeof(st->detail),
			 "a0=0x%016" PRIx64 " for %s", r->a[0], st->abi);
	}
}

int result_exit_status(const struct result_status *st)
{
	switch (st->kind) {
	case RESULT_OK:
		return 0;
	case RESULT_FFA_ERROR:
		return errtab_exit_status(st->code);
	case RESULT_VIOLATION:
	default:
		return RESULT_EXIT_VIOLATION;
	}
}

int32_t result_code(uint32_t fid, const struct ffa_regs *r, int32_t violation)
{
	struct result_status st;

	result_classify(fid, r, &st);
	if (st.kind == RESULT_OK)
		return 0;
	if (st.kind == RESULT_FFA_ERROR)
		return st.code;
	return violation;
}
