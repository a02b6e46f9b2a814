// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The borrower's retrieve request and relinquish descriptor, made with the
 * fields a case chooses: the ACS checks whose decisive call is a secure
 * partition's FFA_MEM_RETRIEVE_REQ or FFA_MEM_RELINQUISH, made by ffactl's
 * test partition on the normal world's request (FFA_SP_CMD_RETRIEVE_WITH
 * and FFA_SP_CMD_RELINQUISH_WITH, model/model.h). Only that partition
 * serves them (SMOKE_NEED_RETRIEVE_WITH): on TF-A's TSP or OP-TEE they
 * SKIP.
 *
 * Expectations: DEN0077 v1.1/v1.2 §11.4 FFA_MEM_RETRIEVE_REQ, the usage
 * rules of §10.10 (retrieve flags Table 10.22, memory region attributes
 * Table 10.18, access permissions Table 10.15) and §11.6 FFA_MEM_RELINQUISH;
 * where DEN0077 names no error code, Hafnium's (ffa_memory.c
 * ffa_memory_retrieve_validate()), which is what ACS expects too. Each
 * scenario's comment names its rule.
 */
#include <stdio.h>
#include <string.h>

#include "ffa/desc.h"
#include "model.h"
#include "smoke.h"

#define RO_NX (FFA_PERM_RO | FFA_PERM_NX)
#define RW_NX (FFA_PERM_RW | FFA_PERM_NX)
#define RW_X (FFA_PERM_RW | FFA_PERM_X)
/* A sender ID the normal world does not have, without the secure bit. */
#define OTHER_SENDER 0x7ffeu

enum rw_step {
	RW_RETRIEVE,        /* the retrieve with @w is decisive */
	RW_RETRIEVE_READ,   /* ...and a checksum of the region after it */
	RW_RETRIEVE_ZEROED, /* ...which must read zero */
	RW_RELINQUISH,      /* a plain retrieve, then the relinquish with @q */
	RW_RELINQUISH_UNKNOWN, /* a relinquish of a handle never given out */
};

struct rw_scenario {
	const char *name;   /* the case's, for the table's cross-check */
	uint32_t fn_num;    /* FFA_MEM_SHARE, _LEND, _DONATE */
	uint8_t perm;       /* the send's; 0xFF: the usage rules' default */
	uint32_t flags;     /* the send's */
	enum rw_step step;
	struct ffa_sp_retrieve_with w;
	struct ffa_sp_relinquish_with q;
};

#define DEF 0xFFu
#define W(set_, ...) { .set = (set_), __VA_ARGS__ }
#define WPERM FFA_SP_RETRIEVE_SET_PERM
#define WFLAGS FFA_SP_RETRIEVE_SET_FLAGS
#define WATTR FFA_SP_RETRIEVE_SET_ATTR

static const struct rw_scenario scenarios[] = {
	/* §10.10 data access: no more than the owner gave (DENIED). */
	{ "retrieve_rw_of_ro_lend", FFA_MEM_LEND, FFA_PERM_RO, 0, RW_RETRIEVE,
	  W(WPERM, .perm = RW_NX), { 0 } },
	{ "retrieve_rw_of_ro_share", FFA_MEM_SHARE, FFA_PERM_RO, 0,
	  RW_RETRIEVE, W(WPERM, .perm = FFA_PERM_RW), { 0 } },
	/* ...less is fine, and the borrower reads the region. */
	{ "retrieve_ro_of_rw_lend", FFA_MEM_LEND, FFA_PERM_RW, 0,
	  RW_RETRIEVE_READ, W(WPERM, .perm = RO_NX), { 0 } },
	{ "retrieve_ro_of_rw_share", FFA_MEM_SHARE, FFA_PERM_RW, 0,
	  RW_RETRIEVE_READ, W(WPERM, .perm = FFA_PERM_RO), { 0 } },
	/*
	 * Table 10.22 bit 0: zeroing before retrieve needs the owner's zero
	 * flag in the send, and write access (DENIED).
	 */
	{ "retrieve_zero_of_ro_lend", FFA_MEM_LEND, FFA_PERM_RO, 0,
	  RW_RETRIEVE, W(WPERM | WFLAGS, .perm = RO_NX,
			 .flags = FFA_MTD_FLAG_ZERO), { 0 } },
	{ "retrieve_zero_of_donate", FFA_MEM_DONATE, DEF, 0, RW_RETRIEVE,
	  W(WFLAGS, .flags = FFA_MTD_FLAG_ZERO), { 0 } },
	/* ...and with both flags the borrower sees zeroes. */
	{ "retrieve_zero_of_zeroed_lend", FFA_MEM_LEND, FFA_PERM_RW,
	  FFA_MTD_FLAG_ZERO, RW_RETRIEVE_ZEROED,
	  W(WFLAGS, .flags = FFA_MTD_FLAG_ZERO), { 0 } },
	/* A share's memory is not zeroed (INVALID_PARAMETERS). */
	{ "retrieve_zero_of_share", FFA_MEM_SHARE, FFA_PERM_RW, 0, RW_RETRIEVE,
	  W(WFLAGS, .flags = FFA_MTD_FLAG_ZERO), { 0 } },
	/* Table 10.22 bits [4:3]: another ABI's type (INVALID_PARAMETERS). */
	{ "retrieve_share_type_of_lend", FFA_MEM_LEND, FFA_PERM_RW, 0,
	  RW_RETRIEVE, W(WFLAGS, .flags = FFA_RETRIEVE_FLAG_TYPE_SHARE),
	  { 0 } },
	{ "retrieve_lend_type_of_donate", FFA_MEM_DONATE, DEF, 0, RW_RETRIEVE,
	  W(WFLAGS, .flags = FFA_RETRIEVE_FLAG_TYPE_LEND), { 0 } },
	/*
	 * §10.10 memory type usage: device memory asked of normal memory is
	 * stronger than the owner's (DENIED); the X asked with it is
	 * allowed to a lend's or donate's sole borrower.
	 */
	{ "retrieve_device_x_of_lend", FFA_MEM_LEND, FFA_PERM_RW, 0,
	  RW_RETRIEVE, W(WATTR | WPERM, .attributes = FFA_ATTR_TYPE_DEVICE,
			 .perm = RW_X), { 0 } },
	{ "retrieve_device_x_of_donate", FFA_MEM_DONATE, DEF, 0, RW_RETRIEVE,
	  W(WATTR | WPERM, .attributes = FFA_ATTR_TYPE_DEVICE,
	    .perm = RW_X), { 0 } },
	/* ...and normal non-cacheable of write-back memory (DENIED). */
	{ "retrieve_nc_of_share", FFA_MEM_SHARE, FFA_PERM_RW, 0, RW_RETRIEVE,
	  W(WATTR, .attributes = FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_NC |
				 FFA_ATTR_SH_INNER), { 0 } },
	/* §10.10 instruction access: unspecified in a share's retrieve. */
	{ "retrieve_x_of_share", FFA_MEM_SHARE, FFA_PERM_RW, 0, RW_RETRIEVE,
	  W(WPERM, .perm = RW_X), { 0 } },
	/* §11.4: the request's sender must be the owner (DENIED). */
	{ "retrieve_wrong_sender_of_lend", FFA_MEM_LEND, FFA_PERM_RW, 0,
	  RW_RETRIEVE, W(FFA_SP_RETRIEVE_SET_SENDER, .sender = OTHER_SENDER),
	  { 0 } },
	{ "retrieve_wrong_sender_of_donate", FFA_MEM_DONATE, DEF, 0,
	  RW_RETRIEVE, W(FFA_SP_RETRIEVE_SET_SENDER, .sender = OTHER_SENDER),
	  { 0 } },
	/* §11.4: ...and its tag the send's (INVALID_PARAMETERS). */
	{ "retrieve_wrong_tag_share", FFA_MEM_SHARE, FFA_PERM_RW, 0,
	  RW_RETRIEVE, W(FFA_SP_RETRIEVE_SET_TAG, .tag = 1), { 0 } },
	{ "retrieve_wrong_tag_lend", FFA_MEM_LEND, FFA_PERM_RW, 0,
	  RW_RETRIEVE, W(FFA_SP_RETRIEVE_SET_TAG, .tag = 1), { 0 } },
	{ "retrieve_wrong_tag_donate", FFA_MEM_DONATE, DEF, 0, RW_RETRIEVE,
	  W(FFA_SP_RETRIEVE_SET_TAG, .tag = 1), { 0 } },
	/*
	 * §11.6 relinquish descriptor: flags [31:2] MBZ, exactly one
	 * endpoint (INVALID_PARAMETERS); zeroing what the borrower could
	 * only read (DENIED, as in the retrieve).
	 */
	{ "relinquish_flag_bit2", FFA_MEM_SHARE, FFA_PERM_RW, 0,
	  RW_RELINQUISH, { 0 },
	  { .set = FFA_SP_RELINQUISH_SET_FLAGS, .flags = 1u << 2 } },
	{ "relinquish_zero_endpoints", FFA_MEM_SHARE, FFA_PERM_RW, 0,
	  RW_RELINQUISH, { 0 },
	  { .set = FFA_SP_RELINQUISH_SET_COUNT, .count = 0 } },
	{ "relinquish_zero_of_ro_lend", FFA_MEM_LEND, FFA_PERM_RO, 0,
	  RW_RELINQUISH, { 0 },
	  { .set = FFA_SP_RELINQUISH_SET_FLAGS,
	    .flags = FFA_RELINQUISH_FLAG_ZERO } },
	{ "relinquish_unknown_handle", 0, 0, 0, RW_RELINQUISH_UNKNOWN, { 0 },
	  { 0 } },
	/*
	 * Table 10.18 bit 6 (v1.1): the NS bit is the SPMC's to set in a
	 * retrieve response; in a request it is INVALID_PARAMETERS.
	 */
	{ "retrieve_ns_bit_of_share", FFA_MEM_SHARE, FFA_PERM_RW, 0,
	  RW_RETRIEVE, W(WATTR, .attributes = FFA_ATTR_NORMAL_WB_INNER |
				FFA_ATTR_NS), { 0 } },
	/*
	 * Table 10.22 bits [9:5]: a hint in bits [8:5] without the valid
	 * bit 9 is a reserved value (INVALID_PARAMETERS); ACS asks 0x8.
	 */
	{ "retrieve_hint_reserved_of_lend", FFA_MEM_LEND, FFA_PERM_RW, 0,
	  RW_RETRIEVE, W(WFLAGS, .flags = 0x8u << 5), { 0 } },
	{ "retrieve_hint_reserved_of_donate", FFA_MEM_DONATE, DEF, 0,
	  RW_RETRIEVE, W(WFLAGS, .flags = 0x8u << 5), { 0 } },
	/*
	 * Bit 10 (v1.2): bypassing the multiple-borrower check is for one
	 * of several borrowers; the sole one gets INVALID_PARAMETERS (and a
	 * v1.1 SPMC, for which the bit is MBZ, the same).
	 */
	{ "retrieve_bypass_sole_share", FFA_MEM_SHARE, FFA_PERM_RW, 0,
	  RW_RETRIEVE, W(WFLAGS, .flags = FFA_RETRIEVE_FLAG_BYPASS_BORROWERS),
	  { 0 } },
	{ "retrieve_bypass_sole_lend", FFA_MEM_LEND, FFA_PERM_RW, 0,
	  RW_RETRIEVE, W(WFLAGS, .flags = FFA_RETRIEVE_FLAG_BYPASS_BORROWERS),
	  { 0 } },
};

/* A handle no SPMC hands out in a short run (as smoke_cases.c's). */
#define UNKNOWN_HANDLE 0x0000dead0000beefull

static void say(struct smoke_ctx *c, const char *what, int32_t code)
{
	snprintf(c->out.why, sizeof(c->out.why), "%s: %s", what,
		 smoke_code_name(code));
}

int smoke_run_retrieve_with(struct smoke_ctx *c, const struct smoke_case *k)
{
	const struct rw_scenario *sc;
	uint64_t h = UNKNOWN_HANDLE, a6, a7, sum = 0;
	int32_t code;
	int rc;

	if (k->arg >= sizeof(scenarios) / sizeof(scenarios[0]))
		return SMOKE_RUN_FAIL;
	sc = &scenarios[k->arg];
	if (sc->step == RW_RELINQUISH_UNKNOWN) {
		ffa_sp_relinquish_with_encode(&sc->q, &a6, &a7);
		rc = smoke_sp_request(c, FFA_SP_CMD_RELINQUISH_WITH, h,
				      (uint32_t)a6, (uint32_t)a7,
				      &c->out.observed, NULL);
		return rc ? rc : SMOKE_RUN_DONE;
	}
	rc = smoke_send_one(c, FFA_FN_SMC32(sc->fn_num),
			    sc->perm == DEF ?
			    ffa_desc_default_perm(sc->fn_num, 1) : sc->perm,
			    sc->flags, &code, &h);
	if (rc)
		return rc;
	if (code) {
		/* The setup send is what this firmware refuses. */
		c->out.observed = code;
		return SMOKE_RUN_DONE;
	}
	if (sc->step == RW_RELINQUISH) {
		rc = smoke_sp_request(c, FFA_SP_CMD_RETRIEVE, h, 0, 0, &code,
				      NULL);
		if (!rc && code) {
			say(c, "setup: test partition retrieve refused", code);
			return SMOKE_RUN_FAIL;
		}
		ffa_sp_relinquish_with_encode(&sc->q, &a6, &a7);
		if (!rc)
			rc = smoke_sp_request(c, FFA_SP_CMD_RELINQUISH_WITH, h,
					      (uint32_t)a6, (uint32_t)a7,
					      &c->out.observed, NULL);
		return rc ? rc : SMOKE_RUN_DONE;
	}
	ffa_sp_retrieve_with_encode(&sc->w, &a6, &a7);
	rc = smoke_sp_request(c, FFA_SP_CMD_RETRIEVE_WITH, h, (uint32_t)a6,
			      (uint32_t)a7, &c->out.observed, NULL);
	if (rc || c->out.observed || sc->step == RW_RETRIEVE)
		return rc ? rc : SMOKE_RUN_DONE;
	/* What was retrieved reads back: the owner's data, or zeroes. */
	rc = smoke_sp_request(c, FFA_SP_CMD_CHECKSUM, h, 0, 0, &code, &sum);
	if (rc)
		return rc;
	if (code) {
		say(c, "the borrower cannot read what it retrieved", code);
		return SMOKE_RUN_FAIL;
	}
	if (sc->step == RW_RETRIEVE_ZEROED && sum) {
		snprintf(c->out.why, sizeof(c->out.why), "the borrower sees "
			 "the owner's data: not zeroed before retrieval");
		return SMOKE_RUN_FAIL;
	}
	if (sc->step == RW_RETRIEVE_READ && !sum) {
		snprintf(c->out.why, sizeof(c->out.why), "the borrower reads "
			 "zeroes, not the owner's data");
		return SMOKE_RUN_FAIL;
	}
	return SMOKE_RUN_DONE;
}

unsigned int smoke_retrieve_scenario_count(void)
{
	return sizeof(scenarios) / sizeof(scenarios[0]);
}

const char *smoke_retrieve_scenario_name(unsigned int i)
{
	return i < smoke_retrieve_scenario_count() ? scenarios[i].name : NULL;
}
