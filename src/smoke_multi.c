// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Smoke cases with two borrowers (ACS's multi-borrower rows: a lend to
 * SP2 and SP3) and with a partition that takes no direct requests. The
 * two borrowers are c->part and c->part2 (smoke_partition.c); on firmware
 * that lists one secure partition, as TF-A with its TSP and OP-TEE do,
 * these cases are skipped, saying so.
 */
#include <stdbool.h>
#include <stdint.h>

#include "ffa/desc.h"
#include "model.h"
#include "smoke.h"

#define ID32(n) FFA_FN_SMC32(n)

/* What each borrower writes: distinct, so the owner can tell whose. */
#define PATTERN_1 0x11c0ffeeu
#define PATTERN_2 0x22c0ffeeu

/* A step that must succeed; what the partition answered otherwise. */
static int step(struct smoke_ctx *c, uint16_t sp, uint32_t cmd, uint64_t h,
		uint32_t arg, uint64_t *result)
{
	static const char *const names[] = { "echo", "retrieve", "relinquish",
					      "write", "checksum" };
	int32_t code;
	int rc = smoke_sp_cmd(c, sp, cmd, h, arg, &code, result);

	if (rc)
		return rc;
	if (code) {
		smoke_note(c, "setup: partition 0x%04x %s refused: %s", sp,
			   cmd < 5 ? names[cmd] : "?", smoke_code_name(code));
		return SMOKE_RUN_FAIL;
	}
	return 0;
}

/*
 * A lend of 2 pages to both borrowers, read-write (and @perm's
 * instruction bits). c->out.observed gets the answer: where the lend
 * itself is refused, that refusal is what the firmware answers the case.
 */
static int lend_two(struct smoke_ctx *c, uint8_t perm, uint64_t *h)
{
	const uint16_t recv[2] = { c->part.id, c->part2.id };

	return smoke_send_to(c, ID32(FFA_MEM_LEND), recv, 2, perm, true,
			     &c->out.observed, h);
}

/* Both borrowers retrieve @h. */
static int both_retrieve(struct smoke_ctx *c, uint64_t h)
{
	uint64_t pages = 0;
	int rc = step(c, c->part.id, FFA_SP_CMD_RETRIEVE, h, 0, &pages);

	if (!rc)
		rc = step(c, c->part2.id, FFA_SP_CMD_RETRIEVE, h, 0, &pages);
	if (!rc && pages != 2) {
		smoke_note(c, "partition 0x%04x retrieved %llu page(s), lent 2",
			   c->part2.id, (unsigned long long)pages);
		return SMOKE_RUN_FAIL;
	}
	return rc;
}

/*
 * Each borrower writes the region and sees the other's write: one region,
 * mapped by both (DEN0077 v1.1 §11.1: a lend to several borrowers gives
 * each the access the lender named).
 */
static int both_write(struct smoke_ctx *c, uint64_t h)
{
	uint64_t sum1 = 0, sum2 = 0, after = 0;
	int rc;

	rc = step(c, c->part.id, FFA_SP_CMD_WRITE, h, PATTERN_1, NULL);
	if (!rc)
		rc = step(c, c->part.id, FFA_SP_CMD_CHECKSUM, h, 0, &sum1);
	if (!rc)
		rc = step(c, c->part2.id, FFA_SP_CMD_CHECKSUM, h, 0, &sum2);
	if (rc)
		return rc;
	if (sum1 != sum2) {
		smoke_note(c, "the borrowers read different data: checksums "
			   "0x%llx and 0x%llx", (unsigned long long)sum1,
			   (unsigned long long)sum2);
		return SMOKE_RUN_FAIL;
	}
	rc = step(c, c->part2.id, FFA_SP_CMD_WRITE, h, PATTERN_2, NULL);
	if (!rc)
		rc = step(c, c->part.id, FFA_SP_CMD_CHECKSUM, h, 0, &after);
	if (rc)
		return rc;
	if (after == sum1) {
		smoke_note(c, "partition 0x%04x does not see 0x%04x's write",
			   c->part.id, c->part2.id);
		return SMOKE_RUN_FAIL;
	}
	return 0;
}

enum { TB_RECLAIM, TB_NX, TB_BOTH_WRITE, TB_ONE_HOLDS };

int smoke_run_two_borrowers(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct mem_reclaim_res res;
	uint64_t h = 0;
	int rc;

	/*
	 * DEN0077 v1.1 §10.10.3 (v1.2 §11.10.3) "Instruction access
	 * permissions usage": in a lend to more than one borrower the lender
	 * leaves the instruction access unspecified (b'00): NX from it is
	 * INVALID_PARAMETERS (ACS lend_input_error_checks3).
	 */
	rc = lend_two(c, FFA_PERM_RW | (k->arg == TB_NX ? FFA_PERM_NX : 0),
		      &h);
	if (rc || c->out.observed || k->arg == TB_NX)
		return rc ? rc : SMOKE_RUN_DONE;
	rc = both_retrieve(c, h);
	if (!rc && k->arg == TB_BOTH_WRITE)
		rc = both_write(c, h);
	if (rc)
		return rc;
	/*
	 * DEN0077 §11.5 FFA_MEM_RECLAIM: DENIED while any borrower has not
	 * relinquished the region (ACS relinquish_state_machine_4).
	 */
	if (k->arg == TB_ONE_HOLDS) {
		rc = step(c, c->part.id, FFA_SP_CMD_RELINQUISH, h, 0, NULL);
		if (!rc)
			rc = smoke_reclaim(c, h, 0, false, &c->out.observed,
					   &res);
		return rc ? rc : SMOKE_RUN_DONE;
	}
	/* ...and SUCCESS once both have (ACS lend_state_machine_1). */
	rc = step(c, c->part.id, FFA_SP_CMD_RELINQUISH, h, 0, NULL);
	if (!rc)
		rc = step(c, c->part2.id, FFA_SP_CMD_RELINQUISH, h, 0, NULL);
	if (!rc)
		rc = smoke_reclaim(c, h, 0, true, &c->out.observed, &res);
	if (rc || c->out.observed || k->arg != TB_BOTH_WRITE)
		return rc ? rc : SMOKE_RUN_DONE;
	/* The lender gets the last borrower's write back. */
	if (res.word_read && res.first_word != PATTERN_2) {
		smoke_note(c, "the owner reads 0x%08x back, partition 0x%04x "
			   "wrote 0x%08x last", res.first_word, c->part2.id,
			   PATTERN_2);
		return SMOKE_RUN_FAIL;
	}
	return SMOKE_RUN_DONE;
}

/*
 * DEN0077 v1.1 §15.2 FFA_MSG_SEND_DIRECT_REQ: the relayer ensures the
 * target supports receipt of direct requests, else DENIED (ACS
 * ffa_direct_message_error; _error1 with a target that supports indirect
 * messaging only). A partition message, payload zero, as ACS sends it.
 */
int smoke_run_direct_refused(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct ffa_regs r = { {
		k->fid, (uint64_t)c->self_id << 16 | c->quiet.id } };
	int rc = smoke_call(c, &r, &c->out.observed);

	return rc ? rc : SMOKE_RUN_DONE;
}
