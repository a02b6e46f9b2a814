// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The smoke suite's cases: setup ABIs, memory sends (good and malformed
 * descriptors), reclaim, and the retrieve/relinquish state machine through
 * the test partition. They mirror the FF-A ACS memory-management and setup
 * tests and Hafnium's memory-sharing tests; expectations follow DEN0077
 * v1.2 (sections cited per case group).
 *
 * Every case goes through the backend ops only and cleans up after itself:
 * handles it made are relinquished (by the test partition, if it retrieved
 * them) and reclaimed, whatever happened in the case.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errtab.h"
#include "ffa/desc.h"
#include "ffa/uuid.h"
#include "model.h"
#include "result.h"
#include "smoke.h"

#define ID32(n) FFA_FN_SMC32(n)
#define ID64(n) FFA_FN_SMC64(n)

/* A handle no SPMC hands out in a short run: SPMC-allocated, arbitrary. */
#define UNKNOWN_HANDLE 0x0000dead0000beefull
/* An endpoint ID no partition uses in the sim or on the boards we know. */
#define UNKNOWN_ID 0x8ffeu

/* Fill patterns: anything non-zero that differs between writer and owner. */
#define OWNER_PATTERN 0xa5a5a5a5u
#define SP_PATTERN 0x5a5a5a5au

const char *smoke_code_name(int32_t code)
{
	if (code == 0)
		return "SUCCESS";
	if (code == SMOKE_OBS_VIOLATION)
		return "PROTOCOL";
	if (code == SMOKE_EXPECT_ERROR)
		return "ERROR";
	return errtab_name(code) ? errtab_name(code) : "UNKNOWN";
}

/* ---- calls -------------------------------------------------------- */

/* This file's short names for the helpers it shares (smoke.h). */
#define note(...) smoke_note(__VA_ARGS__)
#define record(c, fid, r) smoke_record(c, fid, r)
#define be_failed(c, what, rc) smoke_be_failed(c, what, rc)
#define track(c, h) smoke_track(c, h)


void smoke_note(struct smoke_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->out.why, sizeof(c->out.why), fmt, ap);
	va_end(ap);
}

/* 0, an FFA_RET_* code, or SMOKE_OBS_VIOLATION. */
static int32_t status_of(uint32_t fid, const struct ffa_regs *r)
{
	return result_code(fid, r, SMOKE_OBS_VIOLATION);
}

void smoke_record(struct smoke_ctx *c, uint32_t fid, const struct ffa_regs *r)
{
	c->out.have_regs = true;
	c->out.fid = fid;
	c->out.regs = *r;
}

/*
 * A backend failure is not an SPMC answer: it fails the case, unless the
 * backend's transport cannot make the call as the case asks, or cannot
 * tell which answer it got (the module's driver transport): then there is
 * nothing to judge, and the case is skipped with the transport's reason.
 */
int smoke_be_failed(struct smoke_ctx *c, const char *what, int rc)
{
	note(c, "%s: backend: %s", what,
	     c->be->errmsg[0] ? c->be->errmsg : strerror(-rc));
	if (rc != -EOPNOTSUPP && rc != -EREMOTEIO)
		return SMOKE_RUN_FAIL;
	/* The case's reason now, not a backend failure to report. */
	c->be->errmsg[0] = '\0';
	return SMOKE_RUN_SKIP;
}

/* A register-only call; *code gets its status. Returns 0 or a run code. */
static int call(struct smoke_ctx *c, struct ffa_regs *io, int32_t *code)
{
	uint32_t fid = (uint32_t)io->a[0];
	int rc;

	c->be->errmsg[0] = '\0';
	rc = c->be->ops->call(c->be, io);
	/* The one width a fixed-form transport sends a request in. */
	if (rc == -EOPNOTSUPP && c->fixed_form && !FFA_FN_IS_SMC64(fid) &&
	    FFA_FN_NUM(fid) == FFA_MSG_SEND_DIRECT_REQ) {
		fid = FFA_FN_SMC64(FFA_MSG_SEND_DIRECT_REQ);
		io->a[0] = fid;
		c->be->errmsg[0] = '\0';
		rc = c->be->ops->call(c->be, io);
	}
	if (rc < 0)
		return be_failed(c, errtab_abi_name(FFA_FN_NUM(fid)) ?: "call",
				 rc);
	record(c, fid, io);
	*code = status_of(fid, io);
	return 0;
}

static int call1(struct smoke_ctx *c, uint32_t fid, uint64_t a1, int32_t *code)
{
	struct ffa_regs r = { { fid, a1 } };

	return call(c, &r, code);
}

static struct smoke_tracked *tracked(struct smoke_ctx *c, uint64_t h)
{
	for (unsigned int i = 0; i < SMOKE_MAX_HANDLES; i++)
		if (c->handles[i].live && c->handles[i].handle == h)
			return &c->handles[i];
	return NULL;
}

void smoke_track(struct smoke_ctx *c, uint64_t h)
{
	for (unsigned int i = 0; i < SMOKE_MAX_HANDLES; i++) {
		if (!c->handles[i].live) {
			c->handles[i] = (struct smoke_tracked){ .handle = h,
								.live = true };
			return;
		}
	}
	/* No slot: report it rather than forget it. */
	if (c->nleaked < SMOKE_MAX_LEAKS)
		c->leaked[c->nleaked++] = h;
	else
		c->leaks_dropped++;
}

/* What a case asks a send to look like. */
struct send_spec {
	uint32_t fid;
	uint32_t version;      /* descriptor layout */
	uint32_t nrecv;
	uint16_t recv[2];
	uint8_t perm;
	uint16_t attrs;
	uint32_t flags;
	uint32_t ncons;        /* constituents */
	uint32_t cons_pages;   /* page count of each */
	uint32_t total_pages;  /* non-zero: written as is (mismatch tests) */
	bool as_is;            /* addresses below, not the backend's pages */
	uint64_t addr[2];
	uint32_t frag_len;
	bool fill;
	uint32_t pattern;
	bool sender_set;       /* .sender, not our ID, in the descriptor */
	uint16_t sender;
	bool keep_version;     /* no renegotiation for a v1.0 layout */
	bool exact_fid;        /* the width is the case's point: never the
				* fixed-form transport's instead */
	bool poke;             /* after encoding, write poke_val (u32) at */
	uint32_t poke_off;     /* ...this offset of the descriptor */
	uint32_t poke_val;
};

/*
 * A send of @fid to the test partition, attributes and permissions as the
 * usage rules want them for the ABI (DEN0077 v1.1 §10.10.2-4, as
 * `ffactl share|lend|donate` sends by default): a share names normal WB
 * inner-shareable memory and RW; a lend to one borrower RW only; a donate
 * neither.
 */
static void spec_init(const struct smoke_ctx *c, struct send_spec *s,
		      uint32_t fid, uint32_t version)
{
	memset(s, 0, sizeof(*s));
	s->fid = fid;
	s->version = version ? version :
		     c->fixed_form || c->version_fixed ? c->nego :
							 FFA_VERSION_1_1;
	s->nrecv = 1;
	s->recv[0] = c->part.id;
	s->perm = ffa_desc_default_perm(fid, 1);
	s->attrs = ffa_desc_default_attributes(fid, 1);
	s->ncons = 1;
	s->cons_pages = 1;
}

/*
 * Whether FFA_VERSION(@v) answered @code is a v1.2 SPMC keeping the
 * version in effect: DEN0077 v1.2 §13.2 fixes it once the caller has made
 * other FF-A calls (Hafnium's api_ffa_version() answers NOT_SUPPORTED).
 * Then the request cannot be checked in this run, only in one at @v: the
 * skip reason says how to get one.
 */
bool smoke_version_refused(struct smoke_ctx *c, uint32_t v, int32_t code)
{
	if (code != FFA_RET_NOT_SUPPORTED || v == c->nego ||
	    v & FFA_VERSION_MBZ || FFA_VERSION_MAJOR(v) != 1 ||
	    c->version < FFA_VERSION_1_2)
		return false;
	c->version_fixed = true;
	note(c, "FFA_VERSION(%u.%u) refused (%s): the SPMC keeps %u.%u once "
	     "other calls are made (DEN0077 v1.2 §13.2); run at %u.%u "
	     "(module ffa_version=0x%x, or sim reset --negotiate %u.%u)",
	     FFA_VERSION_MAJOR(v), FFA_VERSION_MINOR(v),
	     smoke_code_name(code), FFA_VERSION_MAJOR(c->nego),
	     FFA_VERSION_MINOR(c->nego), FFA_VERSION_MAJOR(v),
	     FFA_VERSION_MINOR(v), v, FFA_VERSION_MAJOR(v),
	     FFA_VERSION_MINOR(v));
	return true;
}

/*
 * The descriptor layout follows the negotiated version (DEN0077 §5.12 and
 * the memory management chapter): a v1.0 descriptor goes with FFA_VERSION
 * 1.0 and the suite's own version is restored after the case.
 */
static int negotiate(struct smoke_ctx *c, uint32_t v)
{
	int32_t code;
	int rc = call1(c, ID32(FFA_VERSION), v, &code);

	c->renegotiate = true;
	if (rc)
		return rc;
	if (code && smoke_version_refused(c, v, code))
		return SMOKE_RUN_SKIP;
	if (code) {
		note(c, "FFA_VERSION(%u.%u) refused: %s",
		     FFA_VERSION_MAJOR(v), FFA_VERSION_MINOR(v),
		     smoke_code_name(code));
		return SMOKE_RUN_SKIP;
	}
	return 0;
}

/*
 * Sends per @s. *code gets the answer; a handle is tracked for cleanup.
 * Returns 0 or a run code.
 */
static int send(struct smoke_ctx *c, const struct send_spec *s,
		int32_t *code, uint64_t *handle, uint32_t *fragments)
{
	struct ffa_mem_region r = {
		.version = s->version,
		.sender = s->sender_set ? s->sender : c->self_id,
		.attributes = s->attrs, .flags = s->flags,
		.receiver_count = s->nrecv, .total_pages = s->total_pages,
	};
	struct ffa_constituent cons[2] = { { 0 } };
	struct ffa_constituent *many = NULL;
	struct mem_send_req req = { 0 };
	struct mem_send_res res = { 0 };
	uint8_t *buf;
	size_t size;
	int rc;

	*handle = 0;
	if (s->version == FFA_VERSION_1_0 && c->nego != FFA_VERSION_1_0 &&
	    !s->keep_version) {
		rc = negotiate(c, FFA_VERSION_1_0);
		if (rc)
			return rc;
	}
	/*
	 * A v1.1+ layout under a fixed 1.0 (DEN0077 v1.2 §13.2): the suite
	 * cannot negotiate the version that layout needs.
	 */
	if (s->version != FFA_VERSION_1_0 && c->nego == FFA_VERSION_1_0 &&
	    c->version_fixed && !s->keep_version) {
		note(c, "a v%u.%u descriptor needs FF-A v1.1+ negotiated; the "
		     "SPMC fixed v1.0 once other calls were made (DEN0077 "
		     "v1.2 §13.2): run at v1.1 or later to check this",
		     FFA_VERSION_MAJOR(s->version),
		     FFA_VERSION_MINOR(s->version));
		return SMOKE_RUN_SKIP;
	}
	for (uint32_t i = 0; i < s->nrecv && i < 2; i++) {
		r.receivers[i].receiver = s->recv[i];
		r.receivers[i].perm = s->perm;
	}
	if (s->ncons > 2) {
		many = calloc(s->ncons, sizeof(*many));
		if (!many) {
			note(c, "out of memory");
			return SMOKE_RUN_FAIL;
		}
	}
	for (uint32_t i = 0; i < s->ncons; i++) {
		struct ffa_constituent *k = many ? &many[i] : &cons[i];

		k->page_count = s->cons_pages;
		k->address = s->as_is && i < 2 ? s->addr[i] : 0;
	}
	/* constituent_count from the array: only total_pages may lie. */
	r.constituent_count = 0;
	size = ffa_desc_size(&(struct ffa_mem_region){
		.version = s->version, .receiver_count = s->nrecv,
		.constituent_count = s->ncons });
	buf = size ? calloc(1, size) : NULL;
	if (!buf || !ffa_desc_encode(&r, many ? many : cons, s->ncons, buf,
				     size)) {
		free(buf);
		free(many);
		note(c, "cannot encode the descriptor");
		return SMOKE_RUN_FAIL;
	}
	free(many);
	if (s->poke && s->poke_off + 4 <= size) {
		buf[s->poke_off] = (uint8_t)s->poke_val;
		buf[s->poke_off + 1] = (uint8_t)(s->poke_val >> 8);
		buf[s->poke_off + 2] = (uint8_t)(s->poke_val >> 16);
		buf[s->poke_off + 3] = (uint8_t)(s->poke_val >> 24);
	}
	req.fid = s->fid;
	req.desc = buf;
	req.desc_len = (uint32_t)size;
	req.frag_len = s->frag_len;
	req.fill = s->fill;
	req.fill_pattern = s->pattern;
	if (s->as_is) {
		req.addr_mode = MEM_ADDR_AS_IS;
	} else {
		/*
		 * Where the encoder put constituent[0]: after the header, the
		 * EMADs and the composite (include/ffa/desc.h). Computed, not
		 * decoded: a malformed descriptor may not decode.
		 */
		req.cons_off = (s->version == FFA_VERSION_1_0 ?
				FFA_MTD_V1_0_HDR_SIZE : FFA_MTD_V1_1_HDR_SIZE) +
			       s->nrecv * (s->version == FFA_VERSION_1_2 ?
					   FFA_EMAD_V1_2_SIZE :
					   FFA_EMAD_V1_0_SIZE) +
			       FFA_COMPOSITE_SIZE;
		req.addr_mode = MEM_ADDR_FILL;
		req.cons_count = s->ncons;
		req.pages = s->ncons;
	}
	c->be->errmsg[0] = '\0';
	rc = c->be->ops->mem_send(c->be, &req, &res);
	if (rc == -EOPNOTSUPP && c->fixed_form && !s->exact_fid &&
	    !FFA_FN_IS_SMC64(req.fid)) {
		/* Nothing was sent: the transport's SMC64, if that is it. */
		req.fid = FFA_FN_SMC64(FFA_FN_NUM(req.fid));
		c->be->errmsg[0] = '\0';
		rc = c->be->ops->mem_send(c->be, &req, &res);
	}
	free(buf);
	if (rc < 0)
		return be_failed(c, errtab_abi_name(FFA_FN_NUM(s->fid)), rc);
	record(c, req.fid, &res.regs);
	*code = status_of(req.fid, &res.regs);
	if (*code == 0 && (uint32_t)res.regs.a[0] == ID32(FFA_MEM_FRAG_RX)) {
		/* The backend stops only at SUCCESS or ERROR. */
		*code = SMOKE_OBS_VIOLATION;
	}
	if (*code == 0) {
		*handle = res.handle;
		track(c, res.handle);
	}
	if (fragments)
		*fragments = res.fragments;
	return 0;
}

static int reclaim(struct smoke_ctx *c, uint64_t h, uint32_t flags,
		   bool verify, int32_t *code, struct mem_reclaim_res *res)
{
	struct smoke_tracked *t;
	int rc;

	c->be->errmsg[0] = '\0';
	rc = c->be->ops->mem_reclaim(c->be, h, flags, verify, res);
	if (rc < 0)
		return be_failed(c, "FFA_MEM_RECLAIM", rc);
	record(c, ID32(FFA_MEM_RECLAIM), &res->regs);
	*code = status_of(ID32(FFA_MEM_RECLAIM), &res->regs);
	t = tracked(c, h);
	if (*code == 0 && t)
		t->live = false;
	return 0;
}

/*
 * One request of the test protocol (model.h) to partition @sp with @a6/@a7:
 * *code gets the partition's status, or the direct request's own error.
 * Retrieves and relinquishes by c->part and c->part2 are counted for the
 * cleanup.
 */
static int sp_request_to(struct smoke_ctx *c, uint16_t sp, uint32_t cmd,
			 uint64_t h, uint32_t a6, uint32_t a7, int32_t *code,
			 uint64_t *result)
{
	struct ffa_regs r = { {
		ID32(FFA_MSG_SEND_DIRECT_REQ),
		(uint64_t)c->self_id << 16 | sp, 0, cmd,
		ffa_handle_lo(h), ffa_handle_hi(h), a6, a7 } };
	struct smoke_tracked *t;
	uint32_t *held = NULL;
	int rc = call(c, &r, code);

	if (rc || *code)
		return rc;
	*code = (int32_t)(uint32_t)r.a[3];
	if (result)
		*result = (uint32_t)r.a[4];
	t = tracked(c, h);
	if (t && sp == c->part.id)
		held = &t->retrieved;
	else if (t && c->part2.found && sp == c->part2.id)
		held = &t->retrieved2;
	if (*code == 0 && held) {
		if (cmd == FFA_SP_CMD_RETRIEVE ||
		    cmd == FFA_SP_CMD_RETRIEVE_WITH)
			(*held)++;
		else if ((cmd == FFA_SP_CMD_RELINQUISH ||
			  cmd == FFA_SP_CMD_RELINQUISH_WITH) && *held)
			(*held)--;
	}
	return 0;
}

int smoke_sp_request(struct smoke_ctx *c, uint32_t cmd, uint64_t h,
		     uint32_t a6, uint32_t a7, int32_t *code, uint64_t *result)
{
	return sp_request_to(c, c->part.id, cmd, h, a6, a7, code, result);
}

static int sp_cmd_to(struct smoke_ctx *c, uint16_t sp, uint32_t cmd,
		     uint64_t h, uint32_t arg, int32_t *code,
		     uint64_t *result)
{
	return sp_request_to(c, sp, cmd, h, arg, 0, code, result);
}

static int sp_cmd(struct smoke_ctx *c, uint32_t cmd, uint64_t h, uint32_t arg,
		  int32_t *code, uint64_t *result)
{
	return sp_cmd_to(c, c->part.id, cmd, h, arg, code, result);
}

int smoke_send_one(struct smoke_ctx *c, uint32_t fid, uint8_t perm,
		   uint32_t flags, int32_t *code, uint64_t *h)
{
	struct send_spec s;

	spec_init(c, &s, fid, 0);
	s.perm = perm;
	s.flags = flags;
	s.fill = true;
	s.pattern = OWNER_PATTERN;
	return send(c, &s, code, h, NULL);
}

/* ---- setup cases (DEN0077 §13: FFA_VERSION, FEATURES, ID_GET, ...) -- */

/*
 * Registers a0..a7 from @from on must be zero (the ACS checks of reserved
 * result registers). A failed check is the case's failure, whatever the
 * profile: no firmware we know sets them.
 */
static int mbz(struct smoke_ctx *c, const struct ffa_regs *r, unsigned int from)
{
	for (unsigned int i = from; i < 8; i++) {
		if (r->a[i]) {
			note(c, "a%u = 0x%llx in the answer: must be zero", i,
			     (unsigned long long)r->a[i]);
			return SMOKE_RUN_FAIL;
		}
	}
	return SMOKE_RUN_DONE;
}


static int run_version(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct ffa_regs r = { { ID32(FFA_VERSION), k->arg } };
	int rc;

	c->renegotiate = true;
	rc = call(c, &r, &c->out.observed);
	if (rc)
		return rc;
	if (smoke_version_refused(c, k->arg, c->out.observed))
		return SMOKE_RUN_SKIP;
	/* §13.2: a compatible callee answers a version of the same major. */
	if (c->out.observed == 0 && FFA_VERSION_MAJOR(r.a[0]) != 1) {
		note(c, "answered version 0x%llx, major is not 1",
		     (unsigned long long)r.a[0]);
		return SMOKE_RUN_FAIL;
	}
	/* The answer is w0 alone; w2-w7 MBZ (ACS ffa_version). */
	return c->out.observed == 0 ? mbz(c, &r, 2) : SMOKE_RUN_DONE;
}

/* FT_EITHER: SUCCESS and NOT_SUPPORTED are both conforming answers. */
#define FT_EITHER 1u

/*
 * FFA_FEATURES of k->fid (with input properties k->arg2 in a2), and the
 * fields of a SUCCESS answer as the FF-A ACS ffa_features checks them:
 * FFA_RXTX_MAP a defined minimum buffer size in w2[1:0], w2[15:2] and
 * w3-w7 MBZ; FFA_MEM_RETRIEVE_REQ w2[31:3] and w3[31:8] MBZ; the memory
 * send ABIs w2 (from v1.2) and w3-w7 MBZ; any other ABI w2-w7 MBZ.
 */
static int run_features(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct ffa_regs r = { { ID32(FFA_FEATURES), k->fid, k->arg2 } };
	uint32_t num = FFA_FN_NUM(k->fid);
	int rc = call(c, &r, &c->out.observed);

	if (rc)
		return rc;
	if (c->out.observed == FFA_RET_NOT_SUPPORTED && (k->arg & FT_EITHER)) {
		c->out.observed = 0;
		return SMOKE_RUN_DONE;
	}
	if (c->out.observed || !(k->fid & 0x80000000u))
		return SMOKE_RUN_DONE;
	if (num == FFA_RXTX_MAP) {
		if ((r.a[2] & 3) == 3 || (r.a[2] & 0xfffcu)) {
			note(c, "w2 0x%llx: granule [1:0] reserved or [15:2] "
			     "not zero", (unsigned long long)r.a[2]);
			return SMOKE_RUN_FAIL;
		}
		return mbz(c, &r, 3);
	}
	if (num == FFA_MEM_RETRIEVE_REQ) {
		if ((uint32_t)r.a[2] >> 3 || (uint32_t)r.a[3] >> 8) {
			note(c, "w2 0x%llx w3 0x%llx: w2[31:3], w3[31:8] MBZ",
			     (unsigned long long)r.a[2],
			     (unsigned long long)r.a[3]);
			return SMOKE_RUN_FAIL;
		}
		return mbz(c, &r, 4);
	}
	if (num == FFA_MEM_SHARE || num == FFA_MEM_LEND ||
	    num == FFA_MEM_DONATE)
		return mbz(c, &r, c->nego >= FFA_VERSION_1_2 ? 2 : 3);
	return mbz(c, &r, 2);
}

/*
 * FFA_FEATURES of the Schedule Receiver Interrupt (feature ID 2, DEN0077
 * v1.1 §13.3; the ID Linux's arm_ffa driver asks for): the interrupt the
 * scheduler of notification receivers takes, so it is offered to the
 * normal world exactly when notifications are (FFA_NOTIFICATION_INFO_GET,
 * which only that scheduler calls); when offered, w2 is the interrupt ID
 * and w3-w7 MBZ. The FF-A ACS (ffa_features_intr) expects it supported
 * from the normal world, on platforms that all have notifications.
 */
#define FEAT_SRI 2u

static int run_features_sri(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct ffa_regs r = { { ID32(FFA_FEATURES), FEAT_SRI } };
	int32_t info32, info64;
	int rc;

	(void)k;
	rc = call1(c, ID32(FFA_FEATURES), ID32(FFA_NOTIFICATION_INFO_GET),
		   &info32);
	if (!rc)
		rc = call1(c, ID32(FFA_FEATURES),
			   ID64(FFA_NOTIFICATION_INFO_GET), &info64);
	if (!rc)
		rc = call(c, &r, &c->out.observed);
	if (rc)
		return rc;
	if (!c->out.observed != (!info32 || !info64)) {
		note(c, "the schedule receiver interrupt is %s, "
		     "FFA_NOTIFICATION_INFO_GET %s", c->out.observed ?
		     "not supported" : "supported", !info32 || !info64 ?
		     "supported" : "not");
		return SMOKE_RUN_FAIL;
	}
	c->out.observed = 0;
	return r.a[0] == FFA_FN_SMC32(FFA_SUCCESS) ? mbz(c, &r, 3) :
	       SMOKE_RUN_DONE;
}

/*
 * FFA_FEATURES of the direct request ABIs against the chosen partition's
 * listed properties (ACS ffa_features, messaging vs properties; DEN0077
 * v1.1 §6.2 partition properties bit 0 "receives direct requests", v1.2
 * bit 9 "receives FFA_MSG_SEND_DIRECT_REQ2"): an SPMC listing a partition
 * that takes a kind of direct request must offer its caller that ABI.
 */
#define PROP_DIRECT_REQ_RECV (1u << 0)
#define PROP_DIRECT_REQ2_RECV (1u << 9)

static int run_features_vs_props(struct smoke_ctx *c,
				 const struct smoke_case *k)
{
	static const struct { uint32_t prop, fid, min; } need[] = {
		{ PROP_DIRECT_REQ_RECV, ID32(FFA_MSG_SEND_DIRECT_REQ), 0 },
		{ PROP_DIRECT_REQ2_RECV, ID64(FFA_MSG_SEND_DIRECT_REQ2),
		  FFA_VERSION_1_2 },
	};
	unsigned int i, asked = 0;
	int32_t code;
	int rc;

	(void)k;
	c->out.observed = 0;
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (!(c->part.props & need[i].prop) || c->nego < need[i].min)
			continue;
		rc = call1(c, ID32(FFA_FEATURES), need[i].fid, &code);
		if (rc)
			return rc;
		asked++;
		if (code) {
			note(c, "partition 0x%04x lists properties 0x%x, but "
			     "FFA_FEATURES(0x%08x) answered %s", c->part.id,
			     c->part.props, need[i].fid, smoke_code_name(code));
			c->out.observed = code;
			return SMOKE_RUN_DONE;
		}
	}
	if (!asked) {
		note(c, "partition 0x%04x lists properties 0x%x: no direct "
		     "request it takes to ask about", c->part.id,
		     c->part.props);
		return SMOKE_RUN_SKIP;
	}
	return SMOKE_RUN_DONE;
}

/*
 * Consistency of the memory ABIs' FFA_FEATURES answers (ACS ffa_features):
 * FFA_MEM_RECLAIM with any send ABI, FFA_MEM_RETRIEVE_REQ and _RESP
 * together, FFA_MEM_RELINQUISH with a retrieve. An answer that breaks a
 * rule is reported as the NOT_SUPPORTED that broke it.
 */
static int run_features_mem(struct smoke_ctx *c, const struct smoke_case *k)
{
	static const uint32_t sends[] = {
		ID32(FFA_MEM_SHARE), ID64(FFA_MEM_SHARE), ID32(FFA_MEM_LEND),
		ID64(FFA_MEM_LEND), ID32(FFA_MEM_DONATE), ID64(FFA_MEM_DONATE),
	};
	int32_t code, reclaim, req, resp, relinquish;
	bool any = false;
	int rc;

	(void)k;
	for (unsigned int i = 0; i < sizeof(sends) / sizeof(sends[0]); i++) {
		rc = call1(c, ID32(FFA_FEATURES), sends[i], &code);
		if (rc)
			return rc;
		any |= code == 0;
	}
	rc = call1(c, ID32(FFA_FEATURES), ID32(FFA_MEM_RECLAIM), &reclaim);
	if (!rc)
		rc = call1(c, ID32(FFA_FEATURES), ID32(FFA_MEM_RETRIEVE_REQ),
			   &req);
	if (!rc)
		rc = call1(c, ID32(FFA_FEATURES), ID32(FFA_MEM_RETRIEVE_RESP),
			   &resp);
	if (!rc)
		rc = call1(c, ID32(FFA_FEATURES), ID32(FFA_MEM_RELINQUISH),
			   &relinquish);
	if (rc)
		return rc;
	c->out.observed = 0;
	if (any && reclaim) {
		note(c, "a send ABI is supported, FFA_MEM_RECLAIM is not");
		c->out.observed = reclaim;
	} else if ((req == 0) != (resp == 0)) {
		note(c, "FFA_MEM_RETRIEVE_REQ %s, FFA_MEM_RETRIEVE_RESP %s",
		     smoke_code_name(req), smoke_code_name(resp));
		c->out.observed = req ? req : resp;
	} else if (req == 0 && relinquish) {
		note(c, "FFA_MEM_RETRIEVE_REQ supported, FFA_MEM_RELINQUISH "
		     "not");
		c->out.observed = relinquish;
	}
	return SMOKE_RUN_DONE;
}

static int run_id_get(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct ffa_regs r = { { ID32(FFA_ID_GET) } };
	int rc = call(c, &r, &c->out.observed);

	(void)k;
	if (rc)
		return rc;
	if (c->out.observed == 0 && (r.a[2] >> 16)) {
		note(c, "ID 0x%llx does not fit 16 bits",
		     (unsigned long long)r.a[2]);
		return SMOKE_RUN_FAIL;
	}
	/* w3-w7 MBZ (ACS ffa_id_get). */
	return c->out.observed == 0 ? mbz(c, &r, 3) : SMOKE_RUN_DONE;
}

static int run_spm_id(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct ffa_regs r = { { ID32(FFA_SPM_ID_GET) } };
	int rc = call(c, &r, &c->out.observed);

	(void)k;
	if (rc)
		return rc;
	/* The SPMC is a secure endpoint: ID bit 15 set (DEN0077 §2.8). */
	if (c->out.observed == 0 &&
	    ((r.a[2] >> 16) || !(r.a[2] & FFA_ID_SECURE_BIT))) {
		note(c, "SPMC ID 0x%llx is not a secure endpoint ID",
		     (unsigned long long)r.a[2]);
		return SMOKE_RUN_FAIL;
	}
	return SMOKE_RUN_DONE;
}

enum { PI_ALL, PI_BY_UUID, PI_UNKNOWN, PI_COUNT_ONLY };

/* The count of partitions a nil-UUID query finds; -1 on failure. */
static long partition_count(struct smoke_ctx *c)
{
	static const uint32_t nil[4];
	struct ffa_regs r;
	size_t len;

	if (c->be->ops->partition_info(c->be, nil, 0, &r, NULL, 0, &len) < 0 ||
	    status_of(ID32(FFA_PARTITION_INFO_GET), &r))
		return -1;
	return (long)(uint32_t)r.a[2];
}

/*
 * Each descriptor of a nil-UUID listing (DEN0077 v1.1 Table 6.1): a
 * distinct ID, at least one execution context, the partition ID type
 * field [5:4] not reserved (3), the properties' reserved bits clear
 * (v1.2 defines [10:0], v1.1 [8:0]). ACS compares them with the
 * manifest too, which ffactl cannot read.
 */
static bool entries_bad(struct smoke_ctx *c, const uint8_t *buf, uint32_t n,
			uint32_t size)
{
	uint32_t defined = c->nego >= FFA_VERSION_1_2 ? 0x7ffu : 0x1ffu;

	for (uint32_t i = 0; i < n && size >= 8; i++) {
		const uint8_t *e = buf + i * (size_t)size;
		uint16_t id = ffa_le16(e), ctx = ffa_le16(e + 2);
		uint32_t props = ffa_le32(e + 4);

		for (uint32_t j = 0; j < i; j++) {
			if (ffa_le16(buf + j * (size_t)size) == id) {
				note(c, "partition 0x%04x listed twice", id);
				return true;
			}
		}
		if (!ctx || (props & ~defined) || ((props >> 4) & 3) == 3) {
			note(c, "partition 0x%04x: %u execution contexts, "
			     "properties 0x%x", id, ctx, props);
			return true;
		}
	}
	return false;
}

static int run_partitions(struct smoke_ctx *c, const struct smoke_case *k)
{
	uint32_t uuid[4] = { 0 }, flags = 0, size, n;
	uint8_t buf[4096];
	struct ffa_regs r;
	size_t len = 0;
	long all = 0;
	bool found = false;
	int rc;

	if (k->arg == PI_BY_UUID)
		memcpy(uuid, c->part.uuid, sizeof(uuid));
	else if (k->arg == PI_UNKNOWN)
		ffa_uuid_parse("ffac7100-7e57-4d1e-a5a1-0000deadbeef", uuid);
	if (k->arg == PI_COUNT_ONLY) {
		flags = FFA_PARTITION_INFO_COUNT_ONLY;
		all = partition_count(c);
	}
	c->be->errmsg[0] = '\0';
	rc = c->be->ops->partition_info(c->be, uuid, flags, &r, buf,
					sizeof(buf), &len);
	if (rc < 0)
		return be_failed(c, "FFA_PARTITION_INFO_GET", rc);
	record(c, ID32(FFA_PARTITION_INFO_GET), &r);
	c->out.observed = status_of(ID32(FFA_PARTITION_INFO_GET), &r);
	if (c->out.observed)
		return SMOKE_RUN_DONE;
	/* v1.0 has no size in a3: 8-byte descriptors (DEN0077 v1.0 §8.8). */
	size = (uint32_t)r.a[3] ? (uint32_t)r.a[3] : 8;
	n = (uint32_t)r.a[2];
	switch (k->arg) {
	case PI_ALL:
		if (!n || len < n * (size_t)size) {
			note(c, "%u partition(s), %zu bytes of descriptors",
			     n, len);
			return SMOKE_RUN_FAIL;
		}
		break;
	case PI_BY_UUID:
		/* Several partitions may share a UUID; ours must be one. */
		for (uint32_t i = 0; i < n && (i + 1) * (size_t)size <= len;
		     i++)
			found |= ffa_le16(buf + i * (size_t)size) ==
				 c->part.id;
		if (!found) {
			note(c, "%u partition(s) for the UUID of 0x%04x, "
			     "none of them 0x%04x", n, c->part.id,
			     c->part.id);
			return SMOKE_RUN_FAIL;
		}
		break;
	case PI_COUNT_ONLY:
		if (all < 0 || n != (unsigned long)all) {
			note(c, "count-only says %u, a full query %ld", n,
			     all);
			return SMOKE_RUN_FAIL;
		}
		/* No descriptors, so no size: w3 MBZ (ACS). */
		if ((uint32_t)r.a[3]) {
			note(c, "count-only answer has size %u in w3: MBZ",
			     (uint32_t)r.a[3]);
			return SMOKE_RUN_FAIL;
		}
		break;
	}
	if (k->arg != PI_ALL)
		return SMOKE_RUN_DONE;
	if (entries_bad(c, buf, n, size))
		return SMOKE_RUN_FAIL;
	/*
	 * w4-w7 MBZ for the nil-UUID query (ACS ffa_partition_info_get);
	 * by UUID or count only TF-A 2.8 hands the caller's w4/w5 back.
	 */
	return mbz(c, &r, 4);
}

/*
 * FFA_PARTITION_INFO_GET_REGS (DEN0077 v1.2): the listing in x3..x17, up
 * to five partitions a call, walked by start index until the current
 * index [31:16] of x2 reaches the last [15:0]. PR_ALL compares every
 * entry (ID, execution contexts, properties, UUID) with the RX listing
 * of FFA_PARTITION_INFO_GET; PR_UNKNOWN names a UUID nobody has;
 * PR_PAST_LAST starts one past the last index. Both are
 * INVALID_PARAMETERS.
 */
enum { PR_ALL, PR_UNKNOWN, PR_PAST_LAST };
#define PR_FID ID64(FFA_PARTITION_INFO_GET_REGS)
#define PR_MAX 64u

static int regs_walk_entry(struct smoke_ctx *c, const uint64_t *e,
			   const uint8_t *d, uint32_t idx)
{
	uint64_t want = (uint64_t)ffa_le32(d + 4) << 32 |
			(uint64_t)ffa_le16(d + 2) << 16 | ffa_le16(d);
	uint64_t lo = (uint64_t)ffa_le32(d + 12) << 32 | ffa_le32(d + 8);
	uint64_t hi = (uint64_t)ffa_le32(d + 20) << 32 | ffa_le32(d + 16);

	if (e[0] != want || e[1] != lo || e[2] != hi) {
		note(c, "entry %u: 0x%016llx 0x%016llx 0x%016llx, the RX "
		     "listing says 0x%016llx 0x%016llx 0x%016llx", idx,
		     (unsigned long long)e[0], (unsigned long long)e[1],
		     (unsigned long long)e[2], (unsigned long long)want,
		     (unsigned long long)lo, (unsigned long long)hi);
		return SMOKE_RUN_FAIL;
	}
	return SMOKE_RUN_DONE;
}

/* By the chosen partition's UUID (when listed): the answer names it. */
static int partitions_regs_by_uuid(struct smoke_ctx *c)
{
	const uint32_t *u = c->part.uuid;
	struct ffa_regs q = { { PR_FID, (uint64_t)u[1] << 32 | u[0],
				(uint64_t)u[3] << 32 | u[2] } };
	uint32_t cur;
	int rc;

	if (!c->part.found || !c->part.have_uuid)
		return SMOKE_RUN_DONE;
	rc = call(c, &q, &c->out.observed);
	if (rc || c->out.observed)
		return rc;
	cur = (uint32_t)(q.a[2] >> 16 & 0xFFFF);
	for (uint32_t i = 0; i <= cur && i < 5; i++)
		if ((uint16_t)q.a[3 + 3 * i] == c->part.id)
			return SMOKE_RUN_DONE;
	note(c, "by the UUID of 0x%04x: %u entr%s, none of them 0x%04x",
	     c->part.id, cur + 1, cur ? "ies" : "y", c->part.id);
	return SMOKE_RUN_FAIL;
}

static int run_partitions_regs(struct smoke_ctx *c, const struct smoke_case *k)
{
	static const uint32_t nil[4];
	uint8_t buf[PR_MAX * 24];
	uint32_t n, start = 0, cur, last;
	struct ffa_regs r;
	size_t len = 0;
	int rc;

	c->be->errmsg[0] = '\0';
	rc = c->be->ops->partition_info(c->be, nil, 0, &r, buf, sizeof(buf),
					&len);
	if (rc < 0)
		return be_failed(c, "FFA_PARTITION_INFO_GET", rc);
	if (status_of(ID32(FFA_PARTITION_INFO_GET), &r) ||
	    (uint32_t)r.a[3] != 24 || !(n = (uint32_t)r.a[2]) || n > PR_MAX ||
	    len < n * 24u) {
		note(c, "FFA_PARTITION_INFO_GET gave no v1.2 listing to compare "
		     "with");
		return SMOKE_RUN_FAIL;
	}
	if (k->arg != PR_ALL) {
		struct ffa_regs q = { { PR_FID } };

		if (k->arg == PR_UNKNOWN) {
			uint32_t u[4];

			ffa_uuid_parse("ffac7100-7e57-4d1e-a5a1-0000deadbeef",
				       u);
			q.a[1] = (uint64_t)u[1] << 32 | u[0];
			q.a[2] = (uint64_t)u[3] << 32 | u[2];
		} else {
			q.a[3] = n;
		}
		return call(c, &q, &c->out.observed);
	}
	do {
		struct ffa_regs q = { { PR_FID, 0, 0, start } };
		uint32_t size;

		rc = call(c, &q, &c->out.observed);
		if (rc || c->out.observed)
			return rc;
		last = (uint32_t)(q.a[2] & 0xFFFF);
		cur = (uint32_t)(q.a[2] >> 16 & 0xFFFF);
		size = (uint32_t)(q.a[2] >> 48);
		if (last != n - 1 || cur < start || cur - start > 4 ||
		    cur > last || size != 24) {
			note(c, "start %u: x2 0x%016llx (last %u, current %u, "
			     "size %u); the RX listing has %u partition(s)",
			     start, (unsigned long long)q.a[2], last, cur, size,
			     n);
			return SMOKE_RUN_FAIL;
		}
		for (uint32_t i = start; i <= cur; i++) {
			rc = regs_walk_entry(c, &q.a[3 + 3 * (i - start)],
					     buf + (size_t)i * 24, i);
			if (rc)
				return rc;
		}
		/* Registers past the last entry returned are MBZ. */
		for (uint32_t i = 3 + 3 * (cur - start + 1); i < FFA_NREGS;
		     i++) {
			if (q.a[i]) {
				note(c, "x%u = 0x%llx past the last entry: "
				     "must be zero", i,
				     (unsigned long long)q.a[i]);
				return SMOKE_RUN_FAIL;
			}
		}
		start = cur + 1;
	} while (cur < last);
	return partitions_regs_by_uuid(c);
}

static int run_rx_release(struct smoke_ctx *c, const struct smoke_case *k)
{
	/* The backend released RX after its last PARTITION_INFO_GET. */
	struct ffa_regs r = { { ID32(FFA_RX_RELEASE) } };
	int rc;

	(void)k;
	c->be->errmsg[0] = '\0';
	rc = c->be->ops->call(c->be, &r);
	/*
	 * A backend that keeps FFA_RX_RELEASE to itself (it owns RX) has
	 * made a policy choice, not given the SPMC's answer.
	 */
	if (rc == -EPERM) {
		note(c, "the %s backend owns RX and does not pass FFA_RX_RELEASE "
		    "through", c->be->ops->name);
		return SMOKE_RUN_SKIP;
	}
	if (rc < 0)
		return be_failed(c, "FFA_RX_RELEASE", rc);
	record(c, ID32(FFA_RX_RELEASE), &r);
	c->out.observed = status_of(ID32(FFA_RX_RELEASE), &r);
	return SMOKE_RUN_DONE;
}

/*
 * A direct request is answered by a direct response from the partition,
 * sender and receiver swapped (DEN0077 §15.2, §15.3); with arg 1 the
 * payload must come back too, as the partition's test protocol echoes it:
 * ours a4..a7 in a4..a7, TF-A's TSP a4 in a3.
 */
int smoke_direct_echo(struct smoke_ctx *c, const struct smoke_case *k)
{
	bool tsp = c->part.proto && c->part.proto->kind == SMOKE_PROTO_TSP;
	struct ffa_regs r = { {
		k->fid, (uint64_t)c->self_id << 16 | c->part.id, 0,
		tsp ? FFA_TSP_CMD_ECHO : FFA_SP_CMD_ECHO, 0x11111111,
		0x22222222, 0x33333333, 0x44444444 } };
	int rc = call(c, &r, &c->out.observed);

	if (rc || c->out.observed)
		return rc ? rc : SMOKE_RUN_DONE;
	if (c->be->rebuilt && !k->arg) {
		note(c, "the %s backend's transport rebuilds the response from "
		     "the in-tree FF-A driver's: a1 is not the partition's",
		     c->be->ops->name);
		return SMOKE_RUN_SKIP;
	}
	/* Rebuilt: a3..a7 are the partition's, a1 is not. */
	if (!c->be->rebuilt && ((uint16_t)(r.a[1] >> 16) != c->part.id ||
				(uint16_t)r.a[1] != c->self_id)) {
		note(c, "response a1 0x%llx does not swap sender and receiver",
		     (unsigned long long)r.a[1]);
		return SMOKE_RUN_FAIL;
	}
	if (k->arg && tsp && (uint32_t)r.a[3] != 0x11111111) {
		note(c, "the TSP's echo answered a3 0x%llx for a4 0x11111111",
		     (unsigned long long)r.a[3]);
		return SMOKE_RUN_FAIL;
	}
	if (k->arg && !tsp && (r.a[4] != 0x11111111 || r.a[5] != 0x22222222 ||
			       r.a[6] != 0x33333333 || r.a[7] != 0x44444444)) {
		note(c, "payload not echoed");
		return SMOKE_RUN_FAIL;
	}
	return SMOKE_RUN_DONE;
}

/* A register-only call of k->fid, arguments zero; its answer decides. */
static int run_call(struct smoke_ctx *c, const struct smoke_case *k)
{
	int rc = call1(c, k->fid, 0, &c->out.observed);

	return rc ? rc : SMOKE_RUN_DONE;
}

enum { DB_WRONG_SRC, DB_SAME_IDS, DB_W2, DB_RESP };

/*
 * A direct request the relayer must refuse (ACS ffa_direct_message_32/64,
 * client side): a source ID other than the caller's, source = destination,
 * a non-zero w2 (no framework message), or a direct response from the
 * normal world, which has no request to answer (any FFA_ERROR).
 */
static int run_direct_bad(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct ffa_regs r = { {
		k->fid, (uint64_t)c->self_id << 16 | c->part.id, 0,
		FFA_SP_CMD_ECHO, 0x11111111 } };
	int rc;

	switch (k->arg) {
	case DB_WRONG_SRC:
		r.a[1] = (uint64_t)(uint16_t)(c->self_id ^ 1u) << 16 |
			 c->part.id;
		break;
	case DB_SAME_IDS:
		r.a[1] = (uint64_t)c->self_id << 16 | c->self_id;
		break;
	case DB_W2:
		r.a[2] = 1;
		break;
	case DB_RESP:
		r.a[0] = FFA_FN_IS_SMC64(k->fid) ?
			 ID64(FFA_MSG_SEND_DIRECT_RESP) :
			 ID32(FFA_MSG_SEND_DIRECT_RESP);
		break;
	}
	rc = call(c, &r, &c->out.observed);
	return rc ? rc : SMOKE_RUN_DONE;
}

enum { D2_ECHO, D2_WRONG_SRC, D2_SAME_IDS, D2_UNKNOWN_UUID };

/*
 * FFA_MSG_SEND_DIRECT_REQ2 (DEN0077 v1.2; ACS ffa_direct_message2): the
 * partition's UUID in a2/a3 and a payload in x4-x17 that the test
 * protocol echoes in FFA_MSG_SEND_DIRECT_RESP2; wrong IDs or a UUID the
 * partition does not implement are INVALID_PARAMETERS.
 */
static int run_direct2(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct ffa_regs r = { { ID64(FFA_MSG_SEND_DIRECT_REQ2),
				(uint64_t)c->self_id << 16 | c->part.id } };
	uint8_t b[16];
	int rc;

	ffa_uuid_to_bytes(c->part.uuid, b);
	r.a[2] = ffa_le64(b);
	r.a[3] = ffa_le64(b + 8);
	for (unsigned int i = 4; i < FFA_NREGS; i++)
		r.a[i] = 0x1111111111111111ull * i;
	switch (k->arg) {
	case D2_WRONG_SRC:
		r.a[1] = (uint64_t)(uint16_t)(c->self_id ^ 1u) << 16 |
			 c->part.id;
		break;
	case D2_SAME_IDS:
		r.a[1] = (uint64_t)c->self_id << 16 | c->self_id;
		break;
	case D2_UNKNOWN_UUID:
		r.a[2] ^= 0xdeadbeefull;
		break;
	}
	rc = call(c, &r, &c->out.observed);
	if (rc || c->out.observed || k->arg != D2_ECHO)
		return rc ? rc : SMOKE_RUN_DONE;
	if ((uint32_t)r.a[0] != ID64(FFA_MSG_SEND_DIRECT_RESP2) ||
	    (uint16_t)(r.a[1] >> 16) != c->part.id ||
	    (uint16_t)r.a[1] != c->self_id) {
		note(c, "answered a0 0x%llx a1 0x%llx: not the partition's "
		     "FFA_MSG_SEND_DIRECT_RESP2", (unsigned long long)r.a[0],
		     (unsigned long long)r.a[1]);
		return SMOKE_RUN_FAIL;
	}
	for (unsigned int i = 4; i < FFA_NREGS; i++) {
		if (r.a[i] != 0x1111111111111111ull * i) {
			note(c, "payload x%u not echoed", i);
			return SMOKE_RUN_FAIL;
		}
	}
	return SMOKE_RUN_DONE;
}

/* ---- sends (DEN0077 §11: FFA_MEM_SHARE/LEND/DONATE) ---------------- */

/* Happy path: send one page, then reclaim it with flags 0. */
static int run_send_ok(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct mem_reclaim_res res;
	struct send_spec s;
	uint64_t h;
	int rc;

	spec_init(c, &s, k->fid, k->arg);
	s.ncons = 2;
	s.exact_fid = true;
	rc = send(c, &s, &c->out.observed, &h, NULL);
	if (rc || c->out.observed)
		return rc ? rc : SMOKE_RUN_DONE;
	/* The handle in w2/w3, w4-w7 MBZ (ACS ffa_mem_share/lend/donate). */
	if (mbz(c, &c->out.regs, 4) != SMOKE_RUN_DONE)
		return SMOKE_RUN_FAIL;
	rc = reclaim(c, h, 0, false, &c->out.observed, &res);
	return rc ? rc : SMOKE_RUN_DONE;
}

enum defect {
	D_NO_RECV, D_RECV_SELF, D_RECV_UNKNOWN, D_ZERO_PAGES, D_TOTAL_MISMATCH,
	D_OVERLAP, D_UNALIGNED, D_NS, D_DEVICE, D_EXEC_SHARE, D_SHAREABILITY,
	D_ZERO_FLAG_SHARE, D_TYPE_MISMATCH, D_FLAGS_MBZ, D_DONATE_TWO,
	D_OUTER_SH, D_NON_CACHEABLE, D_LEND_EXEC, D_PERM_RESERVED,
	D_SENDER_NOT_CALLER, D_SENDER_IS_SP, D_LAYOUT_NOT_NEGOTIATED,
	D_FLAG_BIT2, D_COMPOSITE_OFF_ZERO, D_NX, D_MEM_TYPE,
	D_DATA_ACCESS, D_EXEC,
};

/* Sends a descriptor with one defect; the send's answer decides. */
static int run_send_bad(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct send_spec s;
	uint64_t h;
	int rc;

	spec_init(c, &s, k->fid, k->arg2);
	switch (k->arg) {
	case D_NO_RECV:
		s.nrecv = 0;
		break;
	case D_RECV_SELF:
		s.recv[0] = c->self_id;
		break;
	case D_RECV_UNKNOWN:
		s.recv[0] = UNKNOWN_ID;
		break;
	case D_ZERO_PAGES:
		s.cons_pages = 0;
		break;
	case D_TOTAL_MISMATCH:
		s.ncons = 2;
		s.total_pages = 3;
		break;
	case D_OVERLAP:
		/* Never mapped by anyone: refused before any page is used. */
		s.as_is = true;
		s.ncons = 2;
		s.addr[0] = 0x7fff0000;
		s.addr[1] = 0x7fff0000;
		break;
	case D_UNALIGNED:
		s.as_is = true;
		s.addr[0] = 0x7fff0800;
		break;
	case D_NS:
		s.attrs |= FFA_ATTR_NS;
		break;
	case D_DEVICE:
		s.attrs = FFA_ATTR_TYPE_DEVICE;
		break;
	case D_EXEC_SHARE:
		s.perm = FFA_PERM_RW | FFA_PERM_X;
		break;
	case D_SHAREABILITY:
		s.attrs = FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_WB | 1;
		break;
	case D_ZERO_FLAG_SHARE:
		s.flags = FFA_MTD_FLAG_ZERO;
		break;
	case D_TYPE_MISMATCH:
		/* A retrieve request's [4:3] (DEN0077 v1.1 Table 10.22). */
		s.flags = FFA_RETRIEVE_FLAG_TYPE_LEND;
		break;
	case D_FLAGS_MBZ:
		s.flags = 1u << 31;
		break;
	case D_DONATE_TWO:
		s.nrecv = 2;
		s.recv[1] = UNKNOWN_ID;
		break;
	case D_OUTER_SH:
		s.attrs = FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_WB |
			  FFA_ATTR_SH_OUTER;
		break;
	case D_NON_CACHEABLE:
		s.attrs = FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_NC |
			  FFA_ATTR_SH_OUTER;
		break;
	case D_LEND_EXEC:
		s.perm = FFA_PERM_RW | FFA_PERM_X;
		break;
	case D_PERM_RESERVED:
		s.perm = 3;
		break;
	case D_FLAG_BIT2:
		/* A retrieve request's "zero after relinquish" (Table 10.22). */
		s.flags = FFA_RETRIEVE_FLAG_ZERO_AFTER_RELINQUISH;
		break;
	case D_SENDER_NOT_CALLER:
		/* Another normal-world ID: a secure one is refused anyway. */
		s.sender_set = true;
		s.sender = (uint16_t)(c->self_id ^ 1u);
		break;
	case D_SENDER_IS_SP:
		/*
		 * Another secure partition named as the owner (ACS: SP2,
		 * while SP1 borrows): the second one where there is one,
		 * else the ID after the borrower's. Not the borrower's own,
		 * which would also make the receiver the sender.
		 */
		s.sender_set = true;
		s.sender = c->part2.found ? c->part2.id :
			   (uint16_t)(c->part.id + 1u);
		break;
	case D_COMPOSITE_OFF_ZERO:
		/* The first EMAD's composite offset (at 4 in it) = 0. */
		s.poke = true;
		s.poke_off = (s.version == FFA_VERSION_1_0 ?
			      FFA_MTD_V1_0_HDR_SIZE : FFA_MTD_V1_1_HDR_SIZE) + 4;
		s.poke_val = 0;
		break;
	case D_NX:
		s.perm = FFA_PERM_RW | FFA_PERM_NX;
		break;
	case D_MEM_TYPE:
		s.attrs = FFA_ATTR_NORMAL_WB_INNER;
		break;
	case D_DATA_ACCESS:
		s.perm = FFA_PERM_RW;
		break;
	case D_EXEC:
		s.perm = FFA_PERM_X;
		break;
	case D_LAYOUT_NOT_NEGOTIATED:
		s.version = c->nego == FFA_VERSION_1_0 ? FFA_VERSION_1_1 :
							 FFA_VERSION_1_0;
		s.keep_version = true;
		break;
	}
	rc = send(c, &s, &c->out.observed, &h, NULL);
	return rc ? rc : SMOKE_RUN_DONE;
}

/* Fragmented transmission (DEN0077 §11.3): arg pages, arg2 fragment. */
static int run_send_frag(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct mem_reclaim_res res;
	struct send_spec s;
	uint32_t frags = 0;
	uint64_t h;
	int rc;

	spec_init(c, &s, k->fid, 0);
	s.ncons = k->arg;
	s.frag_len = k->arg2;
	rc = send(c, &s, &c->out.observed, &h, &frags);
	if (rc || c->out.observed)
		return rc ? rc : SMOKE_RUN_DONE;
	/* Larger than a 4 KiB TX, or cut small: more than one fragment. */
	if (frags < 2) {
		note(c, "sent in %u fragment(s), expected several", frags);
		return SMOKE_RUN_FAIL;
	}
	rc = reclaim(c, h, 0, false, &c->out.observed, &res);
	return rc ? rc : SMOKE_RUN_DONE;
}

/* ---- reclaim (DEN0077 §11.5 FFA_MEM_RECLAIM) ----------------------- */

static int lend_one(struct smoke_ctx *c, uint64_t *h, uint32_t flags,
		    bool fill)
{
	struct send_spec s;
	int32_t code;
	int rc;

	spec_init(c, &s, ID32(FFA_MEM_LEND), 0);
	s.flags = flags;
	s.fill = fill;
	s.pattern = OWNER_PATTERN;
	rc = send(c, &s, &code, h, NULL);
	if (rc)
		return rc;
	if (code) {
		note(c, "setup: FFA_MEM_LEND refused: %s",
		     smoke_code_name(code));
		return SMOKE_RUN_FAIL;
	}
	return 0;
}

static int run_reclaim_flags(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct mem_reclaim_res res;
	bool zero = k->arg & FFA_RECLAIM_ZERO;
	uint64_t h;
	int rc = lend_one(c, &h, 0, zero);

	if (rc)
		return rc;
	rc = reclaim(c, h, k->arg, zero, &c->out.observed, &res);
	if (rc)
		return rc;
	if (c->out.observed == 0 && zero && res.verified && !res.zeroed) {
		note(c, "reclaimed with the zero flag, pages not zero");
		return SMOKE_RUN_FAIL;
	}
	return SMOKE_RUN_DONE;
}

enum { RC_UNKNOWN, RC_BIT63, RC_DOUBLE };

static int run_reclaim_bad(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct mem_reclaim_res res;
	uint64_t h = UNKNOWN_HANDLE;
	int32_t code;
	int rc;

	if (k->arg != RC_UNKNOWN) {
		rc = lend_one(c, &h, 0, false);
		if (rc)
			return rc;
	}
	if (k->arg == RC_BIT63)
		h ^= FFA_HANDLE_HYP;
	if (k->arg == RC_DOUBLE) {
		rc = reclaim(c, h, 0, false, &code, &res);
		if (rc)
			return rc;
		if (code) {
			note(c, "first reclaim refused: %s",
			     smoke_code_name(code));
			return SMOKE_RUN_FAIL;
		}
	}
	rc = reclaim(c, h, 0, false, &c->out.observed, &res);
	return rc ? rc : SMOKE_RUN_DONE;
}

/* A step of a borrower scenario that must succeed. */
static int sp_step(struct smoke_ctx *c, uint32_t cmd, uint64_t h,
		   uint32_t arg, uint64_t *result)
{
	static const char *const names[] = { "echo", "retrieve", "relinquish",
					      "write", "checksum" };
	int32_t code;
	int rc = sp_cmd(c, cmd, h, arg, &code, result);

	if (rc)
		return rc;
	if (code) {
		note(c, "setup: test partition %s refused: %s",
		     cmd < 5 ? names[cmd] : "?", smoke_code_name(code));
		return SMOKE_RUN_FAIL;
	}
	return 0;
}

/*
 * The borrower retrieves @h (sent with @fn_num, its pages holding
 * @pattern), writes it and relinquishes it, through whichever test
 * protocol the partition speaks; *expect gets the word the owner should
 * then read first. Ours writes SP_PATTERN over everything in three
 * requests; TF-A's TSP adds 1 to each range's first byte in one, and
 * answers that byte, so it must have read the owner's.
 */
static int borrower_cycle(struct smoke_ctx *c, uint64_t h, uint32_t fn_num,
			  uint32_t pattern, uint32_t *expect)
{
	struct ffa_regs r = { {
		ID64(FFA_MSG_SEND_DIRECT_REQ),
		(uint64_t)c->self_id << 16 | c->part.id, 0,
		fn_num == FFA_MEM_SHARE ? FFA_TSP_CMD_SHARE : FFA_TSP_CMD_LEND,
		h } };
	uint32_t want = (pattern + 1) & 0xFFu;
	int32_t code;
	int rc;

	if (c->part.proto->kind != SMOKE_PROTO_TSP) {
		rc = sp_step(c, FFA_SP_CMD_RETRIEVE, h, 0, NULL);
		if (!rc)
			rc = sp_step(c, FFA_SP_CMD_WRITE, h, SP_PATTERN, NULL);
		if (!rc)
			rc = sp_step(c, FFA_SP_CMD_RELINQUISH, h, 0, NULL);
		*expect = SP_PATTERN;
		return rc;
	}
	rc = call(c, &r, &code);
	if (rc)
		return rc;
	if (code) {
		note(c, "setup: the direct request to the TSP failed: %s",
		     smoke_code_name(code));
		return SMOKE_RUN_FAIL;
	}
	if ((uint32_t)r.a[3] == FFA_TSP_ERR_RETRIEVE) {
		note(c, "setup: the TSP could not retrieve the region");
		return SMOKE_RUN_FAIL;
	}
	if ((uint32_t)r.a[3] != want) {
		note(c, "the TSP answered byte 0x%llx; the owner's was 0x%02x, "
		     "so it should be 0x%02x", (unsigned long long)r.a[3],
		     pattern & 0xFFu, want);
		return SMOKE_RUN_FAIL;
	}
	*expect = (pattern & ~0xFFu) | want;
	return 0;
}

enum { RB_RETRIEVED, RB_RELINQUISHED, RB_ZEROES };

static int run_reclaim_borrowed(struct smoke_ctx *c,
				const struct smoke_case *k)
{
	struct mem_reclaim_res res;
	uint32_t flags = k->arg == RB_ZEROES ? FFA_RECLAIM_ZERO : 0;
	uint32_t expect = 0;
	uint64_t h;
	int rc;

	rc = lend_one(c, &h, 0, true);
	if (!rc && k->arg == RB_RETRIEVED)
		rc = sp_step(c, FFA_SP_CMD_RETRIEVE, h, 0, NULL);
	else if (!rc)
		rc = borrower_cycle(c, h, FFA_MEM_LEND, OWNER_PATTERN,
				    &expect);
	if (rc)
		return rc;
	rc = reclaim(c, h, flags, true, &c->out.observed, &res);
	if (rc || c->out.observed)
		return rc ? rc : SMOKE_RUN_DONE;
	if (!res.verified) {
		note(c, "the backend cannot read the pages back");
		return flags ? SMOKE_RUN_SKIP : SMOKE_RUN_DONE;
	}
	if (flags && !res.zeroed) {
		note(c, "reclaimed with the zero flag, pages not zero");
		return SMOKE_RUN_FAIL;
	}
	if (!flags && k->arg == RB_RELINQUISHED && res.word_read &&
	    res.first_word != expect) {
		note(c, "the owner reads 0x%08x back, the borrower wrote "
		     "0x%08x", res.first_word, expect);
		return SMOKE_RUN_FAIL;
	}
	return SMOKE_RUN_DONE;
}

/*
 * DEN0077 §11.1: the borrower's writes to shared or lent memory are the
 * owner's to read once it has reclaimed it.
 */
static int run_write_seen(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct mem_reclaim_res res;
	struct send_spec s;
	uint32_t expect = 0;
	int32_t code;
	uint64_t h;
	int rc;

	spec_init(c, &s, k->fid, 0);
	s.fill = true;
	s.pattern = OWNER_PATTERN;
	rc = send(c, &s, &code, &h, NULL);
	if (rc)
		return rc;
	if (code) {
		c->out.observed = code;
		return SMOKE_RUN_DONE;
	}
	rc = borrower_cycle(c, h, FFA_FN_NUM(k->fid), OWNER_PATTERN, &expect);
	if (!rc)
		rc = reclaim(c, h, 0, true, &c->out.observed, &res);
	if (rc || c->out.observed)
		return rc ? rc : SMOKE_RUN_DONE;
	if (!res.word_read) {
		note(c, "the %s backend cannot read the pages back",
		     c->be->ops->name);
		return SMOKE_RUN_SKIP;
	}
	if (res.first_word != expect) {
		note(c, "the owner reads 0x%08x back, the borrower wrote "
		     "0x%08x", res.first_word, expect);
		return SMOKE_RUN_FAIL;
	}
	return SMOKE_RUN_DONE;
}

/* ---- the borrower's side (DEN0077 §11.4 retrieve, §11.6 relinquish) - */

enum {
	SP_RETRIEVE, SP_RELINQUISH_UNHELD, SP_RETRIEVE_UNKNOWN,
	SP_RETRIEVE_RECLAIMED, SP_WRITE_RELINQUISHED, SP_WRITE_RO,
	SP_LEND_ZERO_FLAG,
};

static int run_sp(struct smoke_ctx *c, const struct smoke_case *k)
{
	struct mem_reclaim_res res;
	struct send_spec s;
	uint64_t h = UNKNOWN_HANDLE, result = 0;
	int32_t code;
	int rc = 0;

	spec_init(c, &s, k->arg == SP_WRITE_RO || k->arg == SP_RETRIEVE ?
		  ID32(FFA_MEM_SHARE) : ID32(FFA_MEM_LEND), 0);
	s.ncons = 2;
	s.fill = true;
	s.pattern = OWNER_PATTERN;
	if (k->arg == SP_WRITE_RO)
		s.perm = FFA_PERM_RO;
	if (k->arg == SP_LEND_ZERO_FLAG)
		s.flags = FFA_MTD_FLAG_ZERO;
	if (k->arg != SP_RETRIEVE_UNKNOWN) {
		rc = send(c, &s, &code, &h, NULL);
		if (rc)
			return rc;
		if (code) {
			/* The setup send is what this firmware refuses. */
			c->out.observed = code;
			return SMOKE_RUN_DONE;
		}
	}
	switch (k->arg) {
	case SP_RETRIEVE:
		rc = sp_cmd(c, FFA_SP_CMD_RETRIEVE, h, 0, &c->out.observed,
			    &result);
		if (!rc && !c->out.observed && result != 2) {
			note(c, "retrieved %llu page(s), lent 2",
			     (unsigned long long)result);
			return SMOKE_RUN_FAIL;
		}
		break;
	case SP_RELINQUISH_UNHELD:
		rc = sp_cmd(c, FFA_SP_CMD_RELINQUISH, h, 0, &c->out.observed,
			    NULL);
		break;
	case SP_RETRIEVE_UNKNOWN:
		rc = sp_cmd(c, FFA_SP_CMD_RETRIEVE, h, 0, &c->out.observed,
			    NULL);
		break;
	case SP_RETRIEVE_RECLAIMED:
		rc = reclaim(c, h, 0, false, &code, &res);
		if (!rc && code) {
			note(c, "setup: reclaim refused: %s",
			     smoke_code_name(code));
			return SMOKE_RUN_FAIL;
		}
		if (!rc)
			rc = sp_cmd(c, FFA_SP_CMD_RETRIEVE, h, 0,
				    &c->out.observed, NULL);
		break;
	case SP_WRITE_RELINQUISHED:
		rc = sp_step(c, FFA_SP_CMD_RETRIEVE, h, 0, NULL);
		if (!rc)
			rc = sp_step(c, FFA_SP_CMD_RELINQUISH, h, 0, NULL);
		if (!rc)
			rc = sp_cmd(c, FFA_SP_CMD_WRITE, h, SP_PATTERN,
				    &c->out.observed, NULL);
		break;
	case SP_WRITE_RO:
		rc = sp_step(c, FFA_SP_CMD_RETRIEVE, h, 0, NULL);
		if (!rc)
			rc = sp_cmd(c, FFA_SP_CMD_WRITE, h, SP_PATTERN,
				    &c->out.observed, NULL);
		break;
	case SP_LEND_ZERO_FLAG:
		/* DEN0077 flags bit 0 on a lend: zeroed before mapping. */
		rc = sp_cmd(c, FFA_SP_CMD_RETRIEVE, h, 0, &c->out.observed,
			    NULL);
		if (!rc && !c->out.observed)
			rc = sp_step(c, FFA_SP_CMD_CHECKSUM, h, 0, &result);
		if (!rc && !c->out.observed && result) {
			note(c, "the borrower sees the owner's data: not "
			     "zeroed before retrieval");
			return SMOKE_RUN_FAIL;
		}
		break;
	}
	return rc ? rc : SMOKE_RUN_DONE;
}

/* ---- for the run functions of other files (smoke.h) ---------------- */

int smoke_call(struct smoke_ctx *c, struct ffa_regs *io, int32_t *code)
{
	return call(c, io, code);
}

int smoke_send_to(struct smoke_ctx *c, uint32_t fid, const uint16_t *recv,
		  uint32_t nrecv, uint8_t perm, bool fill, int32_t *code,
		  uint64_t *handle)
{
	struct send_spec s;

	if (nrecv < 1 || nrecv > 2) {
		note(c, "a send to %u receivers", nrecv);
		return SMOKE_RUN_FAIL;
	}
	spec_init(c, &s, fid, 0);
	s.nrecv = nrecv;
	for (uint32_t i = 0; i < nrecv; i++)
		s.recv[i] = recv[i];
	s.perm = perm;
	s.attrs = ffa_desc_default_attributes(fid, nrecv);
	s.ncons = 2;
	s.fill = fill;
	s.pattern = OWNER_PATTERN;
	return send(c, &s, code, handle, NULL);
}

int smoke_reclaim(struct smoke_ctx *c, uint64_t h, uint32_t flags,
		  bool verify, int32_t *code, struct mem_reclaim_res *res)
{
	return reclaim(c, h, flags, verify, code, res);
}

int smoke_sp_cmd(struct smoke_ctx *c, uint16_t sp, uint32_t cmd, uint64_t h,
		 uint32_t arg, int32_t *code, uint64_t *result)
{
	return sp_cmd_to(c, sp, cmd, h, arg, code, result);
}

/* ---- the table ----------------------------------------------------- */

#define V10 FFA_VERSION_1_0
#define V11 FFA_VERSION_1_1
#define V12 FFA_VERSION_1_2
#define INVAL FFA_RET_INVALID_PARAMETERS
#define DENIED FFA_RET_DENIED
#define NOTSUP FFA_RET_NOT_SUPPORTED
/* Needs: any partition; one that holds what it retrieves; and more. */
#define PART SMOKE_NEED_PARTITION
#define HOLD (SMOKE_NEED_PARTITION | SMOKE_NEED_HOLD)
#define HOLD_W (HOLD | SMOKE_NEED_WRITE)
#define HOLD_C (HOLD | SMOKE_NEED_CHECKSUM)
#define HOLD_WC (HOLD_W | SMOKE_NEED_CHECKSUM)
#define CYCLE (SMOKE_NEED_PARTITION | SMOKE_NEED_CYCLE)
#define DON32 ID32(FFA_MEM_DONATE)
#define DON64 ID64(FFA_MEM_DONATE)

#define FEAT(nm, f, v, acs) { "features_" nm, "FFA_FEATURES reports " #f, v, \
	0, 0, 0, run_features, f, 0, 0, acs }
#define SEND_OK(nm, f, dv, feat, acs) { nm, "happy path: 2 pages sent, then " \
	"reclaimed with flags 0", 0, PART, feat, 0, run_send_ok, f, dv, 0, acs }
#define BAD(nm, what, f, d, exp, acs) { nm, what, 0, PART, 0, exp, \
	run_send_bad, f, d, 0, acs }
#define BADF(nm, what, f, d, exp, feat, acs) { nm, what, 0, PART, feat, \
	exp, run_send_bad, f, d, 0, acs }
#define ERROR SMOKE_EXPECT_ERROR
#define BAD10(nm, what, f, d, exp, acs) { nm, what, 0, PART, 0, exp, \
	run_send_bad, f, d, V10, acs }

static const struct smoke_case cases[] = {
	{ "version_1_0", "FFA_VERSION(1.0) answers a v1.x version", 0, 0, 0,
	  0, run_version, 0, V10, 0, "ffa_version" },
	{ "version_1_1", "FFA_VERSION(1.1) answers a v1.x version", 0, 0, 0,
	  0, run_version, 0, V11, 0, "ffa_version" },
	{ "version_1_2", "FFA_VERSION(1.2) answers a v1.x version", 0, 0, 0,
	  0, run_version, 0, V12, 0, "ffa_version" },
	{ "version_bit31", "FFA_VERSION with bit 31 set: NOT_SUPPORTED", 0,
	  0, 0, NOTSUP, run_version, 0, FFA_VERSION_MBZ | V11, 0, NULL },
	/*
	 * DEN0077 §13.2: the callee answers its own version and the caller
	 * judges compatibility; the FF-A ACS (ffa_version, "incompatible
	 * major version") expects exactly that.
	 */
	{ "version_major_2", "FFA_VERSION(2.0) answers the callee's own v1.x "
	  "version", 0, 0, 0, 0, run_version, 0, FFA_VERSION_MAKE(2, 0), 0,
	  "ffa_version" },
	/* The version fixed once other calls are made (smoke_version.c) */
	{ "version_fixed_after_calls", "after other calls, FFA_VERSION of "
	  "another version: NOT_SUPPORTED; of the one in effect: answered",
	  0, 0, 0, NOTSUP, smoke_run_version_fixed, 0, 0, 0,
	  "ffa_version_negotiation" },
	FEAT("version", ID32(FFA_VERSION), 0, "ffa_features.mandatory_abis"),
	FEAT("features", ID32(FFA_FEATURES), 0, "ffa_features.mandatory_abis"),
	FEAT("id_get", ID32(FFA_ID_GET), 0, "ffa_features.mandatory_abis"),
	FEAT("spm_id_get", ID32(FFA_SPM_ID_GET), V11,
	    "ffa_features.optional_abis"),
	FEAT("rxtx_map_64", ID64(FFA_RXTX_MAP), 0,
	    "ffa_features.mandatory_abis ffa_features.rxtx_map_properties"),
	FEAT("rxtx_unmap", ID32(FFA_RXTX_UNMAP), 0,
	    "ffa_features.mandatory_abis"),
	FEAT("partition_info_get", ID32(FFA_PARTITION_INFO_GET), 0,
	    "ffa_features.mandatory_abis"),
	FEAT("rx_release", ID32(FFA_RX_RELEASE), 0,
	    "ffa_features.mandatory_abis"),
	FEAT("msg_send_direct_req_32", ID32(FFA_MSG_SEND_DIRECT_REQ), 0,
	    "ffa_features.messaging_vs_properties"),
	FEAT("msg_send_direct_req2", ID64(FFA_MSG_SEND_DIRECT_REQ2), V12,
	    "ffa_features.messaging_vs_properties"),
	FEAT("mem_share_32", ID32(FFA_MEM_SHARE), 0,
	    "ffa_features.mem_send_abis"),
	FEAT("mem_share_64", ID64(FFA_MEM_SHARE), 0,
	    "ffa_features.mem_send_abis"),
	FEAT("mem_lend_32", ID32(FFA_MEM_LEND), 0,
	    "ffa_features.mem_send_abis"),
	FEAT("mem_lend_64", ID64(FFA_MEM_LEND), 0,
	    "ffa_features.mem_send_abis"),
	FEAT("mem_donate_32", DON32, 0, "ffa_features.mem_send_abis"),
	FEAT("mem_donate_64", DON64, 0, "ffa_features.mem_send_abis"),
	FEAT("mem_reclaim", ID32(FFA_MEM_RECLAIM), 0,
	    "ffa_features.mem_abi_consistency"),
	FEAT("mem_frag_tx", ID32(FFA_MEM_FRAG_TX), 0, NULL),
	FEAT("error_32", ID32(FFA_ERROR), 0, "ffa_features.mandatory_abis"),
	FEAT("success_32", ID32(FFA_SUCCESS), 0, "ffa_features.mandatory_abis"),
	FEAT("success_64", ID64(FFA_SUCCESS), 0, "ffa_features.mandatory_abis"),
	FEAT("interrupt", ID32(FFA_INTERRUPT), 0,
	     "ffa_features.mandatory_abis"),
	FEAT("rxtx_map_32", ID32(FFA_RXTX_MAP), 0,
	     "ffa_features.mandatory_abis ffa_features.rxtx_map_properties"),
	FEAT("msg_send_direct_req_64", ID64(FFA_MSG_SEND_DIRECT_REQ), 0,
	     "ffa_features.messaging_vs_properties"),
	/* Only the secure physical instance has it (DEN0077 v1.1 §13.3). */
	{ "features_normal_world_resume", "FFA_FEATURES of "
	  "FFA_NORMAL_WORLD_RESUME from the normal world: NOT_SUPPORTED",
	  0, 0, 0, NOTSUP, run_features, ID32(FFA_NORMAL_WORLD_RESUME), 0, 0,
	  "ffa_features.normal_world_resume" },
	{ "features_mem_retrieve_req_ns_bit", "FFA_FEATURES of "
	  "FFA_MEM_RETRIEVE_REQ with the NS-bit input property: SUCCESS with "
	  "w2[31:3] and w3[31:8] zero, or NOT_SUPPORTED", V11, 0, 0, 0,
	  run_features, ID32(FFA_MEM_RETRIEVE_REQ), FT_EITHER, 2,
	  "ffa_features.retrieve_req_w_ns_bit_input" },
	{ "features_partition_info_get_regs", "FFA_FEATURES of "
	  "FFA_PARTITION_INFO_GET_REGS: SUCCESS with w2-w7 zero, or "
	  "NOT_SUPPORTED", V12, 0, 0, 0, run_features,
	  ID64(FFA_PARTITION_INFO_GET_REGS), FT_EITHER, 0,
	  "ffa_features.optional_abis" },
	{ "features_sri", "FFA_FEATURES of the schedule receiver interrupt: "
	  "supported exactly when notifications are (w3-w7 MBZ)", V11, 0, 0,
	  0, run_features_sri, 0, 0, 0, "ffa_features_intr" },
	{ "features_direct_vs_properties", "FFA_FEATURES offers the direct "
	  "request ABIs the partition's listed properties say it takes", 0,
	  PART, 0, 0, run_features_vs_props, 0, 0, 0,
	  "ffa_features.messaging_vs_properties" },
	{ "features_mem_consistency", "FFA_FEATURES of the memory ABIs agree: "
	  "RECLAIM with a send ABI, RETRIEVE_REQ with RETRIEVE_RESP, "
	  "RELINQUISH with a retrieve", 0, 0, 0, 0, run_features_mem, 0, 0, 0,
	  "ffa_features.mem_abi_consistency" },
	/* Only S-EL0 partitions change their own permissions (v1.1 §13.x). */
	{ "mem_perm_get_from_nwd", "FFA_MEM_PERM_GET from the normal world: "
	  "NOT_SUPPORTED", V11, 0, 0, NOTSUP, run_call, ID32(FFA_MEM_PERM_GET),
	  0, 0, "ffa_mem_perm_get_set" },
	{ "mem_perm_set_from_nwd", "FFA_MEM_PERM_SET from the normal world: "
	  "NOT_SUPPORTED", V11, 0, 0, NOTSUP, run_call, ID32(FFA_MEM_PERM_SET),
	  0, 0, "ffa_mem_perm_get_set" },
	{ "features_unknown_fid", "FFA_FEATURES of an unassigned FF-A ID: "
	  "NOT_SUPPORTED", 0, 0, 0, NOTSUP, run_features, ID32(0xFF), 0, 0,
	  "ffa_features.invalid_fid" },
	{ "id_get", "FFA_ID_GET answers a 16-bit ID", 0, 0, 0, 0, run_id_get,
	  0, 0, 0, "ffa_id_get" },
	{ "spm_id_get", "FFA_SPM_ID_GET answers a secure endpoint ID", V11,
	  0, 0, 0, run_spm_id, 0, 0, 0, "ffa_spm_id_get" },
	{ "partition_info_all", "FFA_PARTITION_INFO_GET (nil UUID) lists "
	  "partitions through RX", 0, 0, 0, 0, run_partitions, 0, PI_ALL, 0,
	  "ffa_partition_info_get.nil_uuid" },
	{ "partition_info_by_uuid", "FFA_PARTITION_INFO_GET by the "
	  "partition's UUID finds it", 0, PART | SMOKE_NEED_UUID, 0, 0,
	  run_partitions, 0, PI_BY_UUID, 0, "ffa_partition_info_get.by_uuid" },
	{ "partition_info_unknown_uuid", "FFA_PARTITION_INFO_GET of an unknown "
	  "UUID: INVALID_PARAMETERS", 0, 0, 0, INVAL, run_partitions, 0,
	  PI_UNKNOWN, 0, "ffa_partition_info_get.unknown_uuid" },
	{ "partition_info_count_only", "FFA_PARTITION_INFO_GET flags bit 0: "
	  "the count alone, same count", V11, 0, 0, 0, run_partitions, 0,
	  PI_COUNT_ONLY, 0, "ffa_partition_info_get.count_only" },
	{ "partition_info_regs_all", "FFA_PARTITION_INFO_GET_REGS (nil UUID) "
	  "lists what FFA_PARTITION_INFO_GET does, entry by entry; by UUID "
	  "it finds the partition", V12, 0,
	  PR_FID, 0, run_partitions_regs, 0, PR_ALL, 0,
	  "ffa_partition_info_get_regs" },
	{ "partition_info_regs_unknown_uuid", "FFA_PARTITION_INFO_GET_REGS of "
	  "an unknown UUID: INVALID_PARAMETERS", V12, 0, PR_FID, INVAL,
	  run_partitions_regs, 0, PR_UNKNOWN, 0, "ffa_partition_info_get_regs" },
	{ "partition_info_regs_past_last", "FFA_PARTITION_INFO_GET_REGS from "
	  "one past the last index: INVALID_PARAMETERS", V12, 0, PR_FID, INVAL,
	  run_partitions_regs, 0, PR_PAST_LAST, 0,
	  "ffa_partition_info_get_regs" },
	{ "rx_release_not_owned", "FFA_RX_RELEASE while the SPMC owns RX: "
	  "DENIED", 0, 0, 0, DENIED, run_rx_release, 0, 0, 0,
	  "ffa_rx_release" },
	{ "direct_req_answered", "FFA_MSG_SEND_DIRECT_REQ to the partition "
	  "is answered by its direct response", 0, PART, 0, 0, smoke_direct_echo,
	  ID32(FFA_MSG_SEND_DIRECT_REQ), 0, 0,
	  "ffa_direct_message_32.echo mp_execution_contexts" },
	{ "direct_req_echo", "FFA_MSG_SEND_DIRECT_REQ to a test protocol "
	  "is answered, payload echoed", 0, PART | SMOKE_NEED_ECHO, 0, 0,
	  smoke_direct_echo, ID32(FFA_MSG_SEND_DIRECT_REQ), 1, 0,
	  "ffa_direct_message_32.echo mp_execution_contexts" },
	/* From every CPU in turn (smoke_cpus.c; DEN0077 v1.1 §7.4). */
	{ "direct_req_every_cpu", "FFA_MSG_SEND_DIRECT_REQ from every CPU "
	  "the suite may run on, each answered and echoed", 0,
	  PART | SMOKE_NEED_ECHO, 0, 0, smoke_run_direct_every_cpu,
	  ID32(FFA_MSG_SEND_DIRECT_REQ), 1, 0,
	  "mp_execution_contexts up_migrate_capable" },
	/* RX/TX probes (smoke_rxtx.c; DEN0077 v1.1 §13.5-13.8 cited there). */
	{ "rxtx_unmap_no_pair", "FFA_RXTX_UNMAP with no pair mapped: "
	  "INVALID_PARAMETERS", 0, 0, 0, INVAL, smoke_run_rxtx, 0,
	  RXTX_PROBE_UNMAP_NO_PAIR, SMOKE_RXTX_DECISIVE,
	  "ffa_rxtx_map_and_unmap.unmap_w_o_pair" },
	{ "rxtx_map_unaligned_tx", "FFA_RXTX_MAP with TX at +0x100: "
	  "INVALID_PARAMETERS", 0, 0, 0, INVAL, smoke_run_rxtx, 0,
	  RXTX_PROBE_MAP_UNALIGNED_TX, SMOKE_RXTX_DECISIVE,
	  "ffa_rxtx_map_and_unmap.unaligned" },
	{ "rxtx_map_unaligned_rx", "FFA_RXTX_MAP with RX at +0x100: "
	  "INVALID_PARAMETERS", 0, 0, 0, INVAL, smoke_run_rxtx, 0,
	  RXTX_PROBE_MAP_UNALIGNED_RX, SMOKE_RXTX_DECISIVE,
	  "ffa_rxtx_map_and_unmap.unaligned" },
	{ "rxtx_map_zero_pages", "FFA_RXTX_MAP of 0 pages: "
	  "INVALID_PARAMETERS", 0, 0, 0, INVAL, smoke_run_rxtx, 0,
	  RXTX_PROBE_MAP_PAGES, SMOKE_RXTX_DECISIVE,
	  "ffa_rxtx_map_and_unmap.page_count" },
	{ "rxtx_map_twice", "FFA_RXTX_MAP while a pair is mapped: DENIED", 0,
	  0, 0, DENIED, smoke_run_rxtx, 0, RXTX_PROBE_MAP_TWICE,
	  SMOKE_RXTX_DECISIVE, "ffa_rxtx_map_and_unmap.map_twice" },
	{ "rxtx_unmap_after_map_twice", "FFA_RXTX_UNMAP after the refused "
	  "second map: SUCCESS", 0, 0, 0, 0, smoke_run_rxtx, 0,
	  RXTX_PROBE_MAP_TWICE, SMOKE_RXTX_FOLLOW_UP,
	  "ffa_rxtx_map_and_unmap.map_twice" },
	{ "partition_info_busy", "FFA_PARTITION_INFO_GET again before "
	  "FFA_RX_RELEASE: BUSY", 0, 0, 0, FFA_RET_BUSY, smoke_run_rxtx, 0,
	  RXTX_PROBE_INFO_BUSY, SMOKE_RXTX_DECISIVE,
	  "ffa_partition_info_get.busy" },

	/*
	 * DEN0077 v1.1 §15.2: a1 names the caller as the source and another
	 * endpoint as the destination; w2 of a partition message MBZ; the
	 * normal world has no request to respond to.
	 */
	{ "direct_req_wrong_source", "FFA_MSG_SEND_DIRECT_REQ with a source "
	  "ID other than the caller's: INVALID_PARAMETERS", 0, PART, 0, INVAL,
	  run_direct_bad, ID32(FFA_MSG_SEND_DIRECT_REQ), DB_WRONG_SRC, 0,
	  "ffa_direct_message_32.wrong_ids" },
	{ "direct_req_same_ids", "FFA_MSG_SEND_DIRECT_REQ with source = "
	  "destination: INVALID_PARAMETERS", 0, PART, 0, INVAL, run_direct_bad,
	  ID32(FFA_MSG_SEND_DIRECT_REQ), DB_SAME_IDS, 0,
	  "ffa_direct_message_32.same_ids" },
	{ "direct_req_w2_mbz", "FFA_MSG_SEND_DIRECT_REQ with w2 = 1 (MBZ): "
	  "INVALID_PARAMETERS", 0, PART, 0, INVAL, run_direct_bad,
	  ID32(FFA_MSG_SEND_DIRECT_REQ), DB_W2, 0,
	  "ffa_direct_message_32.w2_mbz" },
	{ "direct_resp_from_nwd", "FFA_MSG_SEND_DIRECT_RESP from the normal "
	  "world: an FFA_ERROR", V11, PART, 0, ERROR, run_direct_bad,
	  ID32(FFA_MSG_SEND_DIRECT_REQ), DB_RESP, 0,
	  "ffa_direct_message_32.ns_sends_resp" },
	{ "direct_req_64_echo", "FFA_MSG_SEND_DIRECT_REQ (SMC64) to a test "
	  "protocol is answered, payload echoed", 0, PART | SMOKE_NEED_ECHO,
	  0, 0, smoke_direct_echo, ID64(FFA_MSG_SEND_DIRECT_REQ), 1, 0,
	  "ffa_direct_message_64" },
	{ "direct_req_64_wrong_source", "SMC64 direct request, source ID not "
	  "the caller's: INVALID_PARAMETERS", 0, PART, 0, INVAL,
	  run_direct_bad, ID64(FFA_MSG_SEND_DIRECT_REQ), DB_WRONG_SRC, 0,
	  "ffa_direct_message_64" },
	{ "direct_req_64_same_ids", "SMC64 direct request, source = "
	  "destination: INVALID_PARAMETERS", 0, PART, 0, INVAL, run_direct_bad,
	  ID64(FFA_MSG_SEND_DIRECT_REQ), DB_SAME_IDS, 0,
	  "ffa_direct_message_64" },
	{ "direct_req_64_w2_mbz", "SMC64 direct request, w2 = 1 (MBZ): "
	  "INVALID_PARAMETERS", 0, PART, 0, INVAL, run_direct_bad,
	  ID64(FFA_MSG_SEND_DIRECT_REQ), DB_W2, 0, "ffa_direct_message_64" },
	{ "direct_req2_echo", "FFA_MSG_SEND_DIRECT_REQ2 with the partition's "
	  "UUID: FFA_MSG_SEND_DIRECT_RESP2, x4-x17 echoed", V12,
	  PART | SMOKE_NEED_UUID | SMOKE_NEED_ECHO,
	  ID64(FFA_MSG_SEND_DIRECT_REQ2), 0, run_direct2, 0, D2_ECHO, 0,
	  "ffa_direct_message2.echo" },
	{ "direct_req2_wrong_source", "FFA_MSG_SEND_DIRECT_REQ2, source ID "
	  "not the caller's: INVALID_PARAMETERS", V12, PART | SMOKE_NEED_UUID,
	  ID64(FFA_MSG_SEND_DIRECT_REQ2), INVAL, run_direct2, 0, D2_WRONG_SRC,
	  0, "ffa_direct_message2.errors" },
	{ "direct_req2_same_ids", "FFA_MSG_SEND_DIRECT_REQ2, source = "
	  "destination: INVALID_PARAMETERS", V12, PART | SMOKE_NEED_UUID,
	  ID64(FFA_MSG_SEND_DIRECT_REQ2), INVAL, run_direct2, 0, D2_SAME_IDS,
	  0, "ffa_direct_message2.errors" },
	{ "direct_req2_unknown_uuid", "FFA_MSG_SEND_DIRECT_REQ2 naming a "
	  "UUID the partition does not implement: INVALID_PARAMETERS", V12,
	  PART | SMOKE_NEED_UUID, ID64(FFA_MSG_SEND_DIRECT_REQ2), INVAL,
	  run_direct2, 0, D2_UNKNOWN_UUID, 0, "ffa_direct_message2.errors" },

	SEND_OK("share_32_v1_1", ID32(FFA_MEM_SHARE), V11, 0,
	    "ffa_mem_share.sender"),
	SEND_OK("share_64_v1_1", ID64(FFA_MEM_SHARE), V11, 0,
	    "ffa_mem_share.sender"),
	SEND_OK("share_32_v1_0", ID32(FFA_MEM_SHARE), V10, 0,
	    "ffa_mem_share.sender"),
	SEND_OK("share_64_v1_0", ID64(FFA_MEM_SHARE), V10, 0,
	    "ffa_mem_share.sender"),
	/*
	 * Lends to one borrower and donates go out as spec_init() makes them:
	 * the memory type left to the relayer (DEN0077 v1.1 §10.10.4), a
	 * donate's data access too (§10.10.2). They used to send normal WB
	 * memory and RW, which the ACS (lend_input_error_checks1,
	 * donate_input_error_checks) and OP-TEE refuse.
	 */
	SEND_OK("lend_32_v1_1", ID32(FFA_MEM_LEND), V11, 0, "ffa_mem_lend"),
	SEND_OK("lend_64_v1_1", ID64(FFA_MEM_LEND), V11, 0, "ffa_mem_lend"),
	SEND_OK("lend_32_v1_0", ID32(FFA_MEM_LEND), V10, 0, "ffa_mem_lend"),
	SEND_OK("lend_64_v1_0", ID64(FFA_MEM_LEND), V10, 0, "ffa_mem_lend"),
	SEND_OK("donate_32_v1_1", DON32, V11, DON32, "ffa_mem_donate"),
	SEND_OK("donate_64_v1_1", DON64, V11, DON64, "ffa_mem_donate"),
	SEND_OK("donate_32_v1_0", DON32, V10, DON32, "ffa_mem_donate"),

	BAD("share_zero_receivers", "no receivers: INVALID_PARAMETERS",
	    ID32(FFA_MEM_SHARE), D_NO_RECV, INVAL,
	  "share_input_error_checks1.receiver_count_0"),
	BAD10("share_zero_receivers_v1_0", "v1.0 descriptor, no receivers: "
	      "INVALID_PARAMETERS", ID32(FFA_MEM_SHARE), D_NO_RECV, INVAL,
	  "share_input_error_checks1.receiver_count_0"),
	BAD("share_receiver_is_sender", "receiver ID = sender ID: "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_SHARE), D_RECV_SELF, INVAL,
	  "share_input_error_checks.self"),
	BAD("share_unknown_receiver", "receiver no partition has: "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_SHARE), D_RECV_UNKNOWN, INVAL,
	  "share_input_error_checks.bad_receiver"),
	BAD("share_zero_page_count", "constituent of 0 pages: "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_SHARE), D_ZERO_PAGES, INVAL,
	  NULL),
	BAD("lend_zero_page_count_64", "SMC64 lend, constituent of 0 pages: "
	    "INVALID_PARAMETERS", ID64(FFA_MEM_LEND), D_ZERO_PAGES, INVAL,
	  NULL),
	BAD("share_total_pages_mismatch", "total pages 3, constituents 1+1: "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_SHARE), D_TOTAL_MISMATCH,
	    INVAL, "share_input_error_checks1.page_count"),
	BAD("share_overlapping_constituents", "two constituents, same page: "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_SHARE), D_OVERLAP, INVAL,
	  "share_input_error_checks1.overlap"),
	BAD("share_unaligned_address", "constituent address not 4K aligned: "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_SHARE), D_UNALIGNED, INVAL,
	  NULL),
	BAD("share_ns_bit", "NS attribute bit set by the normal world: "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_SHARE), D_NS, INVAL,
	  "mem_security_state_ns_bit_share_invalid"),
	BAD("lend_ns_bit_v1_0", "v1.0 lend, NS attribute bit set: "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_LEND), D_NS, INVAL,
	  "mem_security_state_ns_bit_lend_invalid"),
	BAD("share_device_memory", "device memory: DENIED (as Hafnium)",
	    ID32(FFA_MEM_SHARE), D_DEVICE, DENIED,
	  "share_input_error_checks.mmio"),
	/*
	 * DEN0077 v1.1 §10.10.3 "Instruction access permissions usage": the
	 * lender of a share leaves bits [3:2] b'00 (only NX is used, and the
	 * relayer says so); X is refused as NX would be.
	 */
	/*
	 * The sender field names the owner, and the relayer checks it is the
	 * caller (DEN0077 v1.1 Table 10.20). The error is DENIED: ACS
	 * (share/lend/donate_input_error_checks1/2, sender = SP2), Hafnium's
	 * api_ffa_mem_send() (which moved to DENIED from INVALID_PARAMETERS)
	 * and TF-A 2.8's spmc_ffa_fill_desc() (for a secure sender) agree.
	 */
	BAD("share_sender_not_caller", "sender ID another normal-world "
	    "endpoint's: DENIED", ID32(FFA_MEM_SHARE), D_SENDER_NOT_CALLER,
	    DENIED, "share_input_error_checks1.sender_id"),
	BAD("share_sender_is_sp", "sender ID another secure "
	    "partition's: DENIED", ID32(FFA_MEM_SHARE), D_SENDER_IS_SP, DENIED,
	    "share_input_error_checks1.sender_id"),
	BAD("lend_sender_is_sp", "sender ID another secure "
	    "partition's: DENIED", ID32(FFA_MEM_LEND), D_SENDER_IS_SP, DENIED,
	    "lend_input_error_checks1.sender_id"),
	BADF("donate_sender_is_sp", "sender ID another secure "
	     "partition's: DENIED", DON32, D_SENDER_IS_SP, DENIED, DON32,
	     "donate_input_error_checks2"),
	/*
	 * A descriptor is laid out for the FF-A version the caller
	 * negotiated (DEN0077 v1.1 §10.11: the v1.0 and v1.1 layouts
	 * differ); the SPMC reads it so and finds no valid one.
	 */
	BAD("share_layout_not_negotiated", "v1.0 layout while v1.1+ is "
	    "negotiated (or v1.1 under 1.0): INVALID_PARAMETERS",
	    ID32(FFA_MEM_SHARE), D_LAYOUT_NOT_NEGOTIATED, INVAL, NULL),
	BAD("share_rwx", "RW + X on a share: INVALID_PARAMETERS",
	    ID32(FFA_MEM_SHARE), D_EXEC_SHARE, INVAL, NULL),
	BAD("share_perm_reserved", "reserved data access value 3: "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_SHARE), D_PERM_RESERVED, INVAL,
	  NULL),
	BAD("share_invalid_shareability", "reserved shareability 1: "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_SHARE), D_SHAREABILITY, INVAL,
	  NULL),
	BAD("share_zero_flag", "zero-memory flag on a share: "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_SHARE), D_ZERO_FLAG_SHARE,
	    INVAL, "share_input_error_checks.zero_flag"),
	/*
	 * Bits [4:3] are a retrieve request's transaction type (DEN0077 v1.1
	 * Table 10.22); in a send bits [31:2] are MBZ (Table 10.21).
	 */
	BAD("share_type_mismatch", "flags bits [4:3] = 'lend' in a share "
	    "(a retrieve request's type; [31:2] MBZ in a send): "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_SHARE), D_TYPE_MISMATCH, INVAL,
	  NULL),
	BAD("share_flags_mbz", "flags bit 31 (MBZ): INVALID_PARAMETERS",
	    ID32(FFA_MEM_SHARE), D_FLAGS_MBZ, INVAL, NULL),
	{ "donate_two_receivers", "FFA_MEM_DONATE to two receivers: "
	  "INVALID_PARAMETERS", 0, PART, DON32, INVAL, run_send_bad, DON32,
	  D_DONATE_TWO, 0, NULL },
	BAD("share_outer_shareable", "normal WB outer-shareable share is "
	    "accepted", ID32(FFA_MEM_SHARE), D_OUTER_SH, 0, NULL),
	BAD("share_non_cacheable", "normal non-cacheable share is accepted",
	    ID32(FFA_MEM_SHARE), D_NON_CACHEABLE, 0, NULL),
	/*
	 * DEN0077 v1.1 §10.10.3 "Instruction access permissions usage", rule
	 * 2: in a lend to one borrower (a PE endpoint) the lender must not
	 * specify instruction access; the relayer answers INVALID_PARAMETERS
	 * (ACS lend_input_error_checks1). The case once expected SUCCESS.
	 */
	BAD("lend_rwx", "RW + X on a lend to one borrower (instruction access "
	    "is the borrower's to ask): INVALID_PARAMETERS",
	    ID32(FFA_MEM_LEND), D_LEND_EXEC, INVAL,
	  "lend_input_error_checks1.instr_access"),
	/* ACS share/lend/donate_input_error_checks*, mem_security_state_*. */
	BAD("share_nx", "instruction access NX on a share (the relayer's to "
	    "set): INVALID_PARAMETERS", ID32(FFA_MEM_SHARE), D_NX, INVAL,
	    "share_input_error_checks.instr_access"),
	BAD("share_composite_offset_zero", "EMAD composite offset 0: an "
	    "FFA_ERROR", ID32(FFA_MEM_SHARE), D_COMPOSITE_OFF_ZERO, ERROR,
	    "share_input_error_checks1.composite_offset"),
	BAD("lend_zero_receivers", "lend with no receivers: "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_LEND), D_NO_RECV, INVAL,
	    "lend_input_error_checks1.length_count_offset"),
	BAD("lend_composite_offset_zero", "lend, EMAD composite offset 0: an "
	    "FFA_ERROR", ID32(FFA_MEM_LEND), D_COMPOSITE_OFF_ZERO, ERROR,
	    "lend_input_error_checks1.length_count_offset"),
	BAD("lend_unknown_receiver", "lend to a receiver no partition has: "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_LEND), D_RECV_UNKNOWN, INVAL,
	    "lend_input_error_checks.bad_receiver_self lend_input_error_checks2"),
	BAD("lend_receiver_is_sender", "lend, receiver ID = sender ID: "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_LEND), D_RECV_SELF, INVAL,
	    "lend_input_error_checks.bad_receiver_self"),
	BAD("lend_overlapping_constituents", "lend, two constituents on the "
	    "same page: INVALID_PARAMETERS", ID32(FFA_MEM_LEND), D_OVERLAP,
	    INVAL, "lend_input_error_checks.overlap"),
	/*
	 * DEN0077 v1.1 §10.10.4: in a lend to one borrower the memory type
	 * is the borrower's to ask; the lender leaves [5:4] b'00 (ACS
	 * lend_input_error_checks1 mem_lend_mem_attribute_check).
	 */
	BAD("lend_memory_type", "lend to one borrower with the memory type "
	    "specified (normal WB): INVALID_PARAMETERS", ID32(FFA_MEM_LEND),
	    D_MEM_TYPE, INVAL, "lend_input_error_checks1.memory_type"),
	/*
	 * DEN0077 v1.1 §10.10.2-4: a donor specifies neither data access,
	 * instruction access nor the memory type: the new owner's to ask
	 * (ACS donate_input_error_checks).
	 */
	BADF("donate_data_access", "donate with data access RW specified: "
	     "INVALID_PARAMETERS", DON32, D_DATA_ACCESS, INVAL, DON32,
	     "donate_input_error_checks.data_access"),
	BADF("donate_exec", "donate with instruction access X specified: "
	     "INVALID_PARAMETERS", DON32, D_EXEC, INVAL, DON32,
	     "donate_input_error_checks.instr_access"),
	BADF("donate_memory_type", "donate with the memory type specified "
	     "(normal WB): INVALID_PARAMETERS", DON32, D_MEM_TYPE, INVAL, DON32,
	     "donate_input_error_checks.memory_type"),
	BADF("donate_zero_receivers", "donate with no receivers: "
	     "INVALID_PARAMETERS", DON32, D_NO_RECV, INVAL, DON32,
	     "donate_input_error_checks.offset_count"),
	BADF("donate_composite_offset_zero", "donate, EMAD composite offset "
	     "0: an FFA_ERROR", DON32, D_COMPOSITE_OFF_ZERO, ERROR, DON32,
	     "donate_input_error_checks.offset_count"),
	BADF("donate_unknown_receiver", "donate to a receiver no partition "
	     "has: INVALID_PARAMETERS", DON32, D_RECV_UNKNOWN, INVAL, DON32,
	     "donate_input_error_checks.bad_receiver_self"),
	BADF("donate_receiver_is_sender", "donate, receiver ID = sender ID: "
	     "INVALID_PARAMETERS", DON32, D_RECV_SELF, INVAL, DON32,
	     "donate_input_error_checks.bad_receiver_self"),
	BADF("donate_ns_bit", "donate with the NS attribute bit set: "
	     "INVALID_PARAMETERS", DON32, D_NS, INVAL, DON32,
	     "mem_security_state_ns_bit_donate_invalid"),
	{ "share_larger_than_tx", "a 4.8 KiB descriptor (300 pages, larger "
	  "than a 4 KiB TX) goes in fragments", 0, PART, 0, 0, run_send_frag,
	  ID32(FFA_MEM_SHARE), 300, 0, NULL },
	{ "share_fragmented", "FFA_MEM_FRAG_TX: 8 pages in 64-byte fragments",
	  0, PART, 0, 0, run_send_frag, ID32(FFA_MEM_SHARE), 8, 64, NULL },
	/*
	 * DEN0077 §11.3 (fragmented transmission) sets no lower bound on a
	 * fragment's length that we know of; real SPMCs do (TF-A: the
	 * header; OP-TEE: up to the composite header), so this is where
	 * they show it.
	 */
	{ "share_fragment_16", "FFA_MEM_FRAG_TX in 16-byte fragments (the "
	  "first shorter than any header)", 0, PART, 0, 0, run_send_frag,
	  ID32(FFA_MEM_SHARE), 2, 16, NULL },
	{ "lend_fragmented_64", "SMC64 lend in 48-byte fragments", 0, PART, 0,
	  0, run_send_frag, ID64(FFA_MEM_LEND), 4, 48, NULL },

	{ "reclaim_flags_0", "reclaim with flags 0 succeeds", 0, PART, 0, 0,
	  run_reclaim_flags, 0, 0, 0, NULL },
	{ "reclaim_flag_zero", "reclaim with flags bit 0 (zero memory) "
	  "succeeds, pages read back zero", 0, PART, 0, 0, run_reclaim_flags, 0,
	  FFA_RECLAIM_ZERO, 0, NULL },
	{ "reclaim_flag_time_slice", "reclaim with flags bit 1 (time "
	  "slicing) succeeds", 0, PART, 0, 0, run_reclaim_flags, 0,
	  FFA_RECLAIM_TIME_SLICE, 0, NULL },
	{ "reclaim_flag_bit2", "reclaim with flags bit 2 (MBZ): "
	  "INVALID_PARAMETERS", 0, PART, 0, INVAL, run_reclaim_flags, 0,
	  1u << 2, 0, NULL },
	{ "reclaim_flags_all_ones", "reclaim with flags 0xffffffff: "
	  "INVALID_PARAMETERS", 0, PART, 0, INVAL, run_reclaim_flags, 0,
	  0xffffffffu, 0, NULL },
	{ "reclaim_unknown_handle", "reclaim of a handle never given out: "
	  "INVALID_PARAMETERS", 0, 0, 0, INVAL, run_reclaim_bad, 0,
	  RC_UNKNOWN, 0, "reclaim_input_error_checks.handle" },
	{ "reclaim_handle_bit63", "reclaim of a live handle with bit 63 "
	  "flipped: INVALID_PARAMETERS", 0, PART, 0, INVAL, run_reclaim_bad, 0,
	  RC_BIT63, 0, "reclaim_input_error_checks.handle" },
	{ "reclaim_double", "second reclaim of the same handle: "
	  "INVALID_PARAMETERS", 0, PART, 0, INVAL, run_reclaim_bad, 0,
	  RC_DOUBLE, 0, "reclaim_input_error_checks.handle" },
	{ "reclaim_while_retrieved", "reclaim while the borrower holds the "
	  "region: DENIED", 0, HOLD, 0, DENIED, run_reclaim_borrowed, 0,
	  RB_RETRIEVED, 0,
	  "reclaim_input_error_checks.not_relinquished "
	  "relinquish_state_machine_4" },
	{ "reclaim_after_relinquish", "reclaim after the borrower wrote and "
	  "relinquished succeeds; its write is read back", 0, CYCLE, 0, 0,
	  run_reclaim_borrowed, 0, RB_RELINQUISHED, 0,
	  "relinquish_state_machine_3 ffa_mem_lend" },
	{ "reclaim_zero_really_zeroes", "borrower writes, relinquishes; "
	  "reclaim with the zero flag; pages read back zero", 0, CYCLE, 0, 0,
	  run_reclaim_borrowed, 0, RB_ZEROES, 0, "reclaim_zero_flag" },

	{ "share_borrower_write_seen", "the borrower writes a share; the "
	  "owner reads it after reclaim", 0, CYCLE, 0, 0, run_write_seen,
	  ID32(FFA_MEM_SHARE), 0, 0, "ffa_mem_share.borrower" },
	{ "lend_borrower_write_seen", "the borrower writes a lend; the owner "
	  "reads it after reclaim", 0, CYCLE, 0, 0, run_write_seen,
	  ID32(FFA_MEM_LEND), 0, 0, "ffa_mem_lend" },

	{ "retrieve_share", "the borrower retrieves a share of 2 pages", 0,
	  HOLD, 0, 0, run_sp, 0, SP_RETRIEVE, 0, "ffa_mem_share.borrower" },
	{ "relinquish_not_retrieved", "relinquish without a retrieve: DENIED",
	  0, HOLD, 0, DENIED, run_sp, 0, SP_RELINQUISH_UNHELD, 0, NULL },
	{ "retrieve_unknown_handle", "retrieve of an unknown handle: "
	  "INVALID_PARAMETERS", 0, HOLD, 0, INVAL, run_sp, 0,
	  SP_RETRIEVE_UNKNOWN, 0,
	  "share_invalid_handle_tag lend_invalid_handle_tag "
	  "donate_invalid_handle_tag" },
	{ "retrieve_after_reclaim", "retrieve of a reclaimed handle: "
	  "INVALID_PARAMETERS", 0, HOLD, 0, INVAL, run_sp, 0,
	  SP_RETRIEVE_RECLAIMED, 0, NULL },
	{ "write_after_relinquish", "the borrower writes after relinquish: "
	  "DENIED", 0, HOLD_W, 0, DENIED, run_sp, 0, SP_WRITE_RELINQUISHED, 0,
	  "relinquish_mem_unmap_check" },
	{ "write_read_only_share", "the borrower writes a read-only share: "
	  "DENIED", 0, HOLD_W, 0, DENIED, run_sp, 0, SP_WRITE_RO, 0,
	  "share_ro_retrieve_rw_32_64" },
	{ "lend_zero_flag_zeroes", "lend with flags bit 0: the borrower sees "
	  "zeroes", 0, HOLD_C, 0, 0, run_sp, 0, SP_LEND_ZERO_FLAG, 0,
	  "lend_retrieve_input_checks1 lend_retrieve_input_checks3" },
	/*
	 * "Zero after relinquish" is bit 2 of a retrieve request's flags
	 * (DEN0077 v1.1 Table 10.22); a send's bits [31:2] are MBZ (Table
	 * 10.21). The case once expected a lend with it to succeed.
	 */
	BAD("lend_flag_bit2", "send flags bit 2 (MBZ in a send): "
	    "INVALID_PARAMETERS", ID32(FFA_MEM_LEND), D_FLAG_BIT2, INVAL, NULL),

	/* Pages a live transaction holds, sent again (smoke_resend.c). */
	{ "share_after_lend", "lend, then share the same page: DENIED", 0,
	  PART, 0, DENIED, smoke_run_resend, ID32(FFA_MEM_LEND),
	  ID32(FFA_MEM_SHARE), 0, "share_state_machine_2" },
	{ "share_after_lend_retrieved", "lend, the borrower retrieves, then "
	  "share the same page: DENIED", 0, HOLD, 0, DENIED, smoke_run_resend,
	  ID32(FFA_MEM_LEND), ID32(FFA_MEM_SHARE), SMOKE_RS_RETRIEVE,
	  "share_state_machine_3" },
	{ "share_again", "share 2 pages, share them again, then their first "
	  "page: DENIED both", 0, PART, 0, DENIED, smoke_run_resend,
	  ID32(FFA_MEM_SHARE), ID32(FFA_MEM_SHARE),
	  SMOKE_RS_TWO | SMOKE_RS_BOTH, "share_state_machine_5" },
	{ "lend_again", "lend, then lend the same page to the same borrower: "
	  "DENIED", 0, PART, 0, DENIED, smoke_run_resend, ID32(FFA_MEM_LEND),
	  ID32(FFA_MEM_LEND), 0, "lend_state_machine_3" },
	{ "lend_after_share", "share, then lend the same page: DENIED", 0,
	  PART, 0, DENIED, smoke_run_resend, ID32(FFA_MEM_SHARE),
	  ID32(FFA_MEM_LEND), 0, "lend_state_machine_5" },
	{ "donate_after_lend", "lend, then donate the same page: DENIED", 0,
	  PART, DON32, DENIED, smoke_run_resend, ID32(FFA_MEM_LEND), DON32, 0,
	  "donate_state_machine_2 donate_input_error_checks3" },
	{ "donate_after_share", "share, then donate the same page: DENIED", 0,
	  PART, DON32, DENIED, smoke_run_resend, ID32(FFA_MEM_SHARE), DON32, 0,
	  "donate_state_machine_4" },
	{ "donate_again_lower_page", "donate 2 pages, then donate the lower "
	  "one again: DENIED", 0, PART, DON32, DENIED, smoke_run_resend,
	  DON32, DON32, SMOKE_RS_TWO | SMOKE_RS_SUBSET,
	  "donate_input_error_checks1" },
	/* ...and with two borrowers (smoke_resend.c, c->part2). */
#define TWO_RS (PART | SMOKE_NEED_SECOND)
#define F2 SMOKE_RS_FIRST_TWO
#define A2 SMOKE_RS_AGAIN_TWO
	{ "share_after_lend_two", "lend to two borrowers, then share the page "
	  "with both: DENIED", 0, TWO_RS, 0, DENIED, smoke_run_resend,
	  ID32(FFA_MEM_LEND), ID32(FFA_MEM_SHARE), F2 | A2,
	  "share_state_machine_1" },
	{ "share_one_after_lend_two", "lend to two borrowers, then share the "
	  "page with one: DENIED", 0, TWO_RS, 0, DENIED, smoke_run_resend,
	  ID32(FFA_MEM_LEND), ID32(FFA_MEM_SHARE), F2,
	  "share_state_machine_4" },
	{ "share_two_again", "share with two borrowers, then with the same "
	  "two again: DENIED", 0, TWO_RS, 0, DENIED, smoke_run_resend,
	  ID32(FFA_MEM_SHARE), ID32(FFA_MEM_SHARE), F2 | A2,
	  "share_state_machine_6" },
	{ "lend_again_other", "lend to one borrower, then lend the page to "
	  "another: DENIED", 0, TWO_RS, 0, DENIED, smoke_run_resend,
	  ID32(FFA_MEM_LEND), ID32(FFA_MEM_LEND), SMOKE_RS_AGAIN_OTHER,
	  "lend_state_machine_2" },
	{ "lend_one_after_lend_two", "lend to two borrowers, then lend the "
	  "page to one: DENIED", 0, TWO_RS, 0, DENIED, smoke_run_resend,
	  ID32(FFA_MEM_LEND), ID32(FFA_MEM_LEND), F2, "lend_state_machine_4" },
	{ "lend_after_share_two", "share with two borrowers, then lend the "
	  "page to both: DENIED", 0, TWO_RS, 0, DENIED, smoke_run_resend,
	  ID32(FFA_MEM_SHARE), ID32(FFA_MEM_LEND), F2 | A2,
	  "lend_state_machine_6" },
	{ "donate_after_lend_two", "lend to two borrowers, then donate the "
	  "page: DENIED", 0, TWO_RS, DON32, DENIED, smoke_run_resend,
	  ID32(FFA_MEM_LEND), DON32, F2, "donate_state_machine_3" },
	{ "donate_after_share_two", "share with two borrowers, then donate "
	  "the page: DENIED", 0, TWO_RS, DON32, DENIED, smoke_run_resend,
	  ID32(FFA_MEM_SHARE), DON32, F2, "donate_state_machine_5" },
#undef A2
#undef F2
#undef TWO_RS
	/* The borrower's own request fields (smoke_retrieve.c). */
#define RWITH (SMOKE_NEED_PARTITION | SMOKE_NEED_RETRIEVE_WITH)
#define RWITH_C (RWITH | SMOKE_NEED_CHECKSUM)
#define RW(nm, what, needs, feat, exp, i, acs) { nm, what, 0, needs, feat, \
	exp, smoke_run_retrieve_with, 0, i, 0, acs }
	RW("retrieve_rw_of_ro_lend", "retrieve asking RW of a read-only lend: "
	   "DENIED", RWITH, 0, DENIED, 0, "lend_ro_retrieve_rw"),
	RW("retrieve_rw_of_ro_share", "retrieve asking RW of a read-only "
	   "share: DENIED", RWITH, 0, DENIED, 1, "share_ro_retrieve_rw_32_64"),
	RW("retrieve_ro_of_rw_lend", "retrieve asking RO of an RW lend "
	   "succeeds; the borrower reads it", RWITH_C, 0, 0, 2,
	   "lend_rw_retrieve_ro"),
	RW("retrieve_ro_of_rw_share", "retrieve asking RO of an RW share "
	   "succeeds; the borrower reads it", RWITH_C, 0, 0, 3,
	   "share_rw_retrieve_ro"),
	RW("retrieve_zero_of_ro_lend", "retrieve with the zero flag of a "
	   "read-only lend sent without it: DENIED", RWITH, 0, DENIED, 4,
	   "lend_retrieve_input_checks lend_retrieve_input_checks8"),
	RW("retrieve_zero_of_donate", "retrieve with the zero flag of a donate "
	   "sent without it: DENIED", RWITH, DON32, DENIED, 5,
	   "donate_retrieve_input_checks1 donate_retrieve_input_checks2"),
	RW("retrieve_zero_of_zeroed_lend", "lend and retrieve both with the "
	   "zero flag: the borrower sees zeroes", RWITH_C, 0, 0, 6,
	   "lend_retrieve_input_checks3"),
	RW("retrieve_zero_of_share", "retrieve with the zero flag of a share: "
	   "INVALID_PARAMETERS", RWITH, 0, INVAL, 7,
	   "share_retrieve_input_checks"),
	RW("retrieve_share_type_of_lend", "retrieve of a lend naming the share "
	   "type: INVALID_PARAMETERS", RWITH, 0, INVAL, 8,
	   "lend_retrieve_input_checks2"),
	RW("retrieve_lend_type_of_donate", "retrieve of a donate naming the "
	   "lend type: INVALID_PARAMETERS", RWITH, DON32, INVAL, 9,
	   "donate_retrieve_input_checks1"),
	RW("retrieve_device_x_of_lend", "retrieve of a lend asking device "
	   "memory and X: DENIED", RWITH, 0, DENIED, 10,
	   "lend_retrieve_input_checks4"),
	RW("retrieve_device_x_of_donate", "retrieve of a donate asking device "
	   "memory and X: DENIED", RWITH, DON32, DENIED, 11,
	   "donate_retrieve_input_checks3"),
	RW("retrieve_nc_of_share", "retrieve of a write-back share asking "
	   "non-cacheable memory: DENIED", RWITH, 0, DENIED, 12,
	   "mem_attribute_retrieve_tests share_retrieve_input_checks"),
	RW("retrieve_x_of_share", "retrieve of a share asking X: "
	   "INVALID_PARAMETERS", RWITH, 0, INVAL, 13,
	   "share_retrieve_input_checks"),
	RW("retrieve_wrong_sender_of_lend", "retrieve of a lend naming another "
	   "sender: DENIED", RWITH, 0, DENIED, 14,
	   "lend_retrieve_input_checks6"),
	RW("retrieve_wrong_sender_of_donate", "retrieve of a donate naming "
	   "another sender: DENIED", RWITH, DON32, DENIED, 15,
	   "donate_retrieve_input_checks4"),
	RW("retrieve_wrong_tag_share", "retrieve of a share with another tag: "
	   "INVALID_PARAMETERS", RWITH, 0, INVAL, 16,
	   "share_invalid_handle_tag"),
	RW("retrieve_wrong_tag_lend", "retrieve of a lend with another tag: "
	   "INVALID_PARAMETERS", RWITH, 0, INVAL, 17, "lend_invalid_handle_tag"),
	RW("retrieve_wrong_tag_donate", "retrieve of a donate with another "
	   "tag: INVALID_PARAMETERS", RWITH, DON32, INVAL, 18,
	   "donate_invalid_handle_tag"),
	RW("relinquish_flag_bit2", "relinquish with flags bit 2 (MBZ): "
	   "INVALID_PARAMETERS", RWITH, 0, INVAL, 19,
	   "share_relinquish_input_checks"),
	RW("relinquish_zero_endpoints", "relinquish naming no endpoint: "
	   "INVALID_PARAMETERS", RWITH, 0, INVAL, 20,
	   "share_relinquish_input_checks"),
	RW("relinquish_zero_of_ro_lend", "relinquish with the zero flag of a "
	   "read-only lend: DENIED", RWITH, 0, DENIED, 21,
	   "lend_retrieve_input_checks"),
	RW("relinquish_unknown_handle", "relinquish of a handle never given "
	   "out: INVALID_PARAMETERS", RWITH, 0, INVAL, 22,
	   "share_relinquish_input_checks"),
	RW("retrieve_ns_bit_of_share", "retrieve of a share with the NS bit "
	   "set in the request's attributes: INVALID_PARAMETERS", RWITH, 0,
	   INVAL, 23, "mem_security_state_ns_bit_retrieve_check"),
	RW("retrieve_hint_reserved_of_lend", "retrieve of a lend with an "
	   "alignment hint but not its valid bit: INVALID_PARAMETERS", RWITH,
	   0, INVAL, 24, "lend_share_donate_retrieve_align_hint_check"),
	RW("retrieve_hint_reserved_of_donate", "retrieve of a donate with an "
	   "alignment hint but not its valid bit: INVALID_PARAMETERS", RWITH,
	   DON32, INVAL, 25, "lend_share_donate_retrieve_align_hint_check"),
	RW("retrieve_bypass_sole_share", "retrieve of a share by its only "
	   "borrower with the multi-borrower bypass flag: INVALID_PARAMETERS",
	   RWITH, 0, INVAL, 26, "share_lend_multi_borrower_flag_check"),
	RW("retrieve_bypass_sole_lend", "retrieve of a lend by its only "
	   "borrower with the multi-borrower bypass flag: INVALID_PARAMETERS",
	   RWITH, 0, INVAL, 27, "share_lend_multi_borrower_flag_check"),
#undef RW
	/* Outstanding retrievals (smoke_retrievals.c) */
#define RT (HOLD | SMOKE_NEED_SP_FEATURES)
	{ "lend_retrieve_outstanding", "retrieve a lend as often as "
	  "FFA_FEATURES(FFA_MEM_RETRIEVE_REQ) allows; once more: DENIED", V11,
	  RT, 0, DENIED, smoke_run_retrievals, ID32(FFA_MEM_LEND), 0,
	  SMOKE_RT_OVER, "lend_share_multiple_retrievals" },
	{ "share_retrieve_outstanding", "retrieve a share as often as "
	  "FFA_FEATURES(FFA_MEM_RETRIEVE_REQ) allows; once more: DENIED", V11,
	  RT, 0, DENIED, smoke_run_retrievals, ID32(FFA_MEM_SHARE), 0,
	  SMOKE_RT_OVER, "lend_share_multiple_retrievals" },
	{ "lend_retrieve_again_zero", "retrieve a lend held already, with the "
	  "zero flag: INVALID_PARAMETERS", V11, RT, 0, INVAL,
	  smoke_run_retrievals, ID32(FFA_MEM_LEND), 0, SMOKE_RT_ZERO,
	  "lend_share_multiple_retrievals" },
	{ "share_retrieve_again_zero", "retrieve a share held already, with "
	  "the zero flag: INVALID_PARAMETERS", V11, RT, 0, INVAL,
	  smoke_run_retrievals, ID32(FFA_MEM_SHARE), 0, SMOKE_RT_ZERO,
	  "lend_share_multiple_retrievals" },
#undef RT

	/* Two borrowers; a partition without direct requests (smoke_multi.c) */
	{ "lend_two_reclaim", "lend to two borrowers; both retrieve and "
	  "relinquish; reclaim succeeds", 0, HOLD | SMOKE_NEED_TWO, 0, 0,
	  smoke_run_two_borrowers, 0, 0, 0, "lend_state_machine_1" },
	{ "lend_two_nx", "lend to two borrowers with instruction access NX: "
	  "INVALID_PARAMETERS", 0, PART | SMOKE_NEED_SECOND, 0, INVAL,
	  smoke_run_two_borrowers, 0, 1, 0, "lend_input_error_checks3" },
	{ "lend_two_both_write", "lend to two borrowers; each writes and "
	  "sees the other's write; reclaim gives the owner the last", 0,
	  HOLD_WC | SMOKE_NEED_TWO, 0, 0, smoke_run_two_borrowers, 0, 2, 0,
	  "lend_retrieve_input_checks9" },
	{ "reclaim_two_one_holds", "lend to two borrowers; one relinquishes; "
	  "reclaim while the other holds it: DENIED", 0, HOLD | SMOKE_NEED_TWO,
	  0, DENIED, smoke_run_two_borrowers, 0, 3, 0,
	  "relinquish_state_machine_4" },
	{ "direct_req_no_receipt", "FFA_MSG_SEND_DIRECT_REQ to a partition "
	  "that takes no direct requests: DENIED", 0, SMOKE_NEED_NO_DIRECT, 0,
	  DENIED, smoke_run_direct_refused, ID32(FFA_MSG_SEND_DIRECT_REQ), 0,
	  0, "ffa_direct_message_error" },
	{ "direct_req_indirect_only", "FFA_MSG_SEND_DIRECT_REQ to a partition "
	  "with indirect messaging only: DENIED", 0, SMOKE_NEED_INDIRECT_ONLY,
	  0, DENIED, smoke_run_direct_refused, ID32(FFA_MSG_SEND_DIRECT_REQ),
	  0, 0, "ffa_direct_message_error1" },
};

unsigned int smoke_case_count(void)
{
	return sizeof(cases) / sizeof(cases[0]);
}

const struct smoke_case *smoke_case_at(unsigned int i)
{
	return i < smoke_case_count() ? &cases[i] : NULL;
}

/* ---- running ------------------------------------------------------- */

int smoke_prepare(struct smoke_ctx *c, struct ffactl_backend *be,
		  uint32_t profile, int want_id)
{
	struct negotiated_version found;
	struct ffa_regs r;
	int rc;

	memset(c, 0, sizeof(*c));
	memset(&found, 0, sizeof(found));
	c->be = be;
	c->profile = profile;
	if (be->ops->negotiated(be, &found) == 0)
		c->found_nego = found.version;
	/*
	 * The module's driver transport: the in-tree FF-A driver owns
	 * FFA_VERSION, so the suite speaks what it negotiated.
	 */
	if (found.transport == BACKEND_TRANSPORT_DRIVER && found.version) {
		c->version = c->nego = found.version;
		c->fixed_form = true;
		goto id;
	}
	memset(&r, 0, sizeof(r));
	r.a[0] = ID32(FFA_VERSION);
	r.a[1] = FFA_VERSION_1_2;
	rc = be->ops->call(be, &r);
	if (rc < 0)
		return rc;
	/*
	 * DEN0077 v1.2 §13.2: once the caller (the module, at load) has
	 * made other FF-A calls, a v1.2 SPMC refuses another version than
	 * the one in effect, NOT_SUPPORTED (Hafnium's api_ffa_version()).
	 * Then the suite asks for the one in effect and speaks it.
	 */
	if ((uint32_t)r.a[0] == (uint32_t)FFA_RET_NOT_SUPPORTED &&
	    c->found_nego && c->found_nego != FFA_VERSION_1_2) {
		memset(&r, 0, sizeof(r));
		r.a[0] = ID32(FFA_VERSION);
		r.a[1] = c->found_nego;
		rc = be->ops->call(be, &r);
		if (rc < 0)
			return rc;
		if (!((uint32_t)r.a[0] & FFA_VERSION_MBZ)) {
			c->version = (uint32_t)r.a[0];
			c->nego = c->found_nego;
			c->version_fixed = true;
			goto id;
		}
	}
	c->version = (uint32_t)r.a[0] & FFA_VERSION_MBZ ? 0 : (uint32_t)r.a[0];
	/* Speak the lower of ours (1.2) and the SPMC's (DEN0077 §13.2). */
	c->nego = c->version && c->version < FFA_VERSION_1_2 ? c->version :
							      FFA_VERSION_1_2;
	if (c->nego != FFA_VERSION_1_2) {
		memset(&r, 0, sizeof(r));
		r.a[0] = ID32(FFA_VERSION);
		r.a[1] = c->nego;
		rc = be->ops->call(be, &r);
		if (rc < 0)
			return rc;
	}
id:
	memset(&r, 0, sizeof(r));
	r.a[0] = ID32(FFA_ID_GET);
	rc = be->ops->call(be, &r);
	if (rc < 0)
		return rc;
	if (status_of(ID32(FFA_ID_GET), &r) == 0)
		c->self_id = (uint16_t)r.a[2];
	return smoke_pick_partition(c, want_id);
}

int smoke_finish(struct smoke_ctx *c)
{
	struct ffa_regs r = { { ID32(FFA_VERSION), c->found_nego } };
	int rc;

	if (!c->found_nego || c->found_nego == c->nego)
		return 0;
	rc = c->be->ops->call(c->be, &r);
	return rc < 0 ? rc : 0;
}

/* Relinquishes and reclaims what the case left; false if something stuck. */
static bool cleanup(struct smoke_ctx *c, char *stuck, size_t cap)
{
	struct mem_reclaim_res res;
	bool ok = true;
	int32_t code;

	stuck[0] = '\0';
	for (unsigned int i = 0; i < SMOKE_MAX_HANDLES; i++) {
		struct smoke_tracked *t = &c->handles[i];
		uint64_t h = t->handle;

		if (!t->live)
			continue;
		while (t->retrieved && c->part.proto) {
			if (sp_cmd(c, FFA_SP_CMD_RELINQUISH, h, 0, &code,
				   NULL) || code)
				break;
			t->retrieved--;
		}
		while (t->retrieved2 && c->part2.proto) {
			if (sp_cmd_to(c, c->part2.id, FFA_SP_CMD_RELINQUISH, h,
				      0, &code, NULL) || code)
				break;
			t->retrieved2--;
		}
		if (reclaim(c, h, 0, false, &code, &res) == 0 && code == 0)
			continue;
		ok = false;
		t->live = false;
		snprintf(stuck + strlen(stuck), cap - strlen(stuck),
			 "%s0x%llx", stuck[0] ? ", " : "",
			 (unsigned long long)h);
		if (c->nleaked < SMOKE_MAX_LEAKS)
			c->leaked[c->nleaked++] = h;
		else
			c->leaks_dropped++;
	}
	if (c->renegotiate) {
		struct ffa_regs r = { { ID32(FFA_VERSION), c->nego } };

		c->be->ops->call(c->be, &r);
		c->renegotiate = false;
	}
	return ok;
}

enum smoke_result smoke_judge(const struct smoke_case *k, uint32_t profile,
			      int rc, int32_t observed, const char *why,
			      char *reason, size_t cap)
{
	const struct smoke_deviation *d;

	reason[0] = '\0';
	if (rc == SMOKE_RUN_SKIP) {
		snprintf(reason, cap, "%s", why);
		return SMOKE_SKIP;
	}
	if (rc != SMOKE_RUN_DONE) {
		snprintf(reason, cap, "%s", why && *why ? why : "failed");
		return SMOKE_NOT_OK;
	}
	if (observed == k->expect)
		return SMOKE_OK;
	/* Any FF-A error (not a protocol violation) when any will do. */
	if (k->expect == SMOKE_EXPECT_ERROR && observed < 0 &&
	    observed != SMOKE_OBS_VIOLATION)
		return SMOKE_OK;
	d = smoke_deviation(profile, k->name);
	if (d && d->observed == observed) {
		snprintf(reason, cap, "known deviation: %s", d->reason);
		return SMOKE_TODO;
	}
	snprintf(reason, cap, "expected %s, got %s", smoke_code_name(k->expect),
		 smoke_code_name(observed));
	return SMOKE_NOT_OK;
}

static int precondition(struct smoke_ctx *c, const struct smoke_case *k)
{
	int32_t code;
	int rc;

	if (k->min_version && c->version < k->min_version) {
		note(c, "needs FF-A v%u.%u, the SPMC has v%u.%u",
		     FFA_VERSION_MAJOR(k->min_version),
		     FFA_VERSION_MINOR(k->min_version),
		     FFA_VERSION_MAJOR(c->version),
		     FFA_VERSION_MINOR(c->version));
		return SMOKE_RUN_SKIP;
	}
	/*
	 * The version in effect is the lower of the two (DEN0077 v1.2
	 * §13.2.1) and a later one's ABIs are not offered (§13.3); an SPMC
	 * that fixed the version lets the suite negotiate no other.
	 */
	if (k->min_version && c->version_fixed && c->nego < k->min_version) {
		note(c, "needs FF-A v%u.%u negotiated; the SPMC fixed v%u.%u "
		     "once other calls were made (DEN0077 v1.2 §13.2): run "
		     "at v%u.%u to check this", FFA_VERSION_MAJOR(k->min_version),
		     FFA_VERSION_MINOR(k->min_version),
		     FFA_VERSION_MAJOR(c->nego), FFA_VERSION_MINOR(c->nego),
		     FFA_VERSION_MAJOR(k->min_version),
		     FFA_VERSION_MINOR(k->min_version));
		return SMOKE_RUN_SKIP;
	}
	if (smoke_partition_lacks(c, k->needs, c->out.why,
				  sizeof(c->out.why)))
		return SMOKE_RUN_SKIP;
	if (k->feature) {
		rc = call1(c, ID32(FFA_FEATURES), k->feature, &code);
		if (rc)
			return rc;
		if (code) {
			note(c, "FFA_FEATURES: %s not supported (%s)",
			     errtab_abi_name(FFA_FN_NUM(k->feature)),
			     smoke_code_name(code));
			return SMOKE_RUN_SKIP;
		}
		c->out.have_regs = false;
	}
	return 0;
}

int smoke_run_raw(struct smoke_ctx *c, const struct smoke_case *k,
		  char *stuck, size_t cap)
{
	struct smoke_case_out saved;
	int rc;

	memset(&c->out, 0, sizeof(c->out));
	memset(c->handles, 0, sizeof(c->handles));
	rc = precondition(c, k);
	if (!rc)
		rc = k->run(c, k);
	/* The report shows the case's decisive call, not the cleanup's. */
	saved = c->out;
	if (cleanup(c, stuck, cap))
		stuck[0] = '\0';
	c->out = saved;
	return rc;
}

enum smoke_result smoke_run_case(struct smoke_ctx *c,
				 const struct smoke_case *k,
				 char *reason, size_t cap)
{
	enum smoke_result res;
	char stuck[200];
	int rc = smoke_run_raw(c, k, stuck, sizeof(stuck));

	res = smoke_judge(k, c->profile, rc, c->out.observed, c->out.why,
			  reason, cap);
	if (stuck[0] && res != SMOKE_NOT_OK) {
		snprintf(reason, cap, "could not reclaim %s", stuck);
		res = SMOKE_NOT_OK;
	}
	return res;
}
