/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The smoke suite: a table of conformance cases run through the backend ops
 * (so the same cases run on the sim and on /dev/ffactl), the known
 * deviations of real SPMCs, and the profile detection behind --profile auto.
 *
 * A case runs one decisive call and reports what the SPMC answered (0 or an
 * FFA_RET_* code). The suite compares it with what DEN0077 says (the case's
 * expectation) and, when they differ, with the deviation the selected
 * profile documents: a documented deviation is a TAP TODO, anything else a
 * failure.
 */
#ifndef FFACTL_SMOKE_H
#define FFACTL_SMOKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend.h"
#include "ffa/ffa.h"

/* Profiles: the model's numbering (spec, tfa-el3, optee). */
#define SMOKE_PROFILE_COUNT 3u

/*
 * Preconditions a case needs; missing ones make it a SKIP. Most memory
 * cases only send to a partition and reclaim: any secure partition will
 * do. Cases where the borrower must act need a partition whose protocol
 * ffactl knows (struct smoke_proto), with these capabilities.
 */
enum {
	SMOKE_NEED_PARTITION = 1u << 0, /* a secure partition to address */
	SMOKE_NEED_UUID = 1u << 1,      /* ...whose UUID the listing gave */
	SMOKE_NEED_ECHO = 1u << 2,      /* its protocol echoes a payload */
	SMOKE_NEED_HOLD = 1u << 3,      /* retrieves on request, holds the
					 * region until told to relinquish */
	SMOKE_NEED_WRITE = 1u << 4,     /* writes a region it holds */
	SMOKE_NEED_CHECKSUM = 1u << 5,  /* reads a region it holds back */
	SMOKE_NEED_CYCLE = 1u << 6,     /* retrieves, writes, relinquishes */
	SMOKE_NEED_RETRIEVE_WITH = 1u << 7, /* retrieves and relinquishes
					     * with the request fields the
					     * case chooses */
	/*
	 * Two borrowers (ACS's multi-borrower rows): a second secure
	 * partition to name in a send (c->part2), and, with TWO, one that
	 * also speaks the first one's test protocol with the capabilities
	 * the case asks of the first.
	 */
	SMOKE_NEED_SECOND = 1u << 8,
	SMOKE_NEED_TWO = 1u << 9,
	/*
	 * A listed partition whose properties lack "direct request
	 * receive" (c->quiet), and one that supports indirect messaging
	 * only (ACS ffa_direct_message_error, _error1).
	 */
	SMOKE_NEED_NO_DIRECT = 1u << 10,
	SMOKE_NEED_INDIRECT_ONLY = 1u << 11,
	/*
	 * Its protocol asks FFA_FEATURES as the partition and reports the
	 * answer (ACS lend_share_multiple_retrievals: the borrower's
	 * outstanding-retrieval count).
	 */
	SMOKE_NEED_SP_FEATURES = 1u << 12,
};

/* Partitions besides the one the suite addresses. */
#define SMOKE_NEED_OTHERS (SMOKE_NEED_SECOND | SMOKE_NEED_TWO | \
			   SMOKE_NEED_NO_DIRECT | SMOKE_NEED_INDIRECT_ONLY)

/* The capabilities only a test protocol provides. */
#define SMOKE_NEED_PROTOCOL (SMOKE_NEED_ECHO | SMOKE_NEED_HOLD | \
			     SMOKE_NEED_WRITE | SMOKE_NEED_CHECKSUM | \
			     SMOKE_NEED_CYCLE | SMOKE_NEED_RETRIEVE_WITH | \
			     SMOKE_NEED_SP_FEATURES)

/* The test protocols ffactl speaks. */
enum smoke_proto_kind {
	SMOKE_PROTO_FFACTL = 0,  /* ours: model/model.h enum ffa_model_sp_cmd */
	SMOKE_PROTO_TSP = 1,     /* TF-A's TSP: model/model.h, FFA_TSP_CMD_* */
};

/* A test protocol a partition may speak, known by the partition's UUID. */
struct smoke_proto {
	const char *name;     /* "ffactl" */
	const char *who;      /* "ffactl's test partition" */
	const char *uuid;
	uint32_t kind;        /* enum smoke_proto_kind */
	uint32_t caps;        /* SMOKE_NEED_* it can serve */
};

/* The partition the memory and messaging cases address. */
struct smoke_partition {
	bool found;
	uint16_t id;
	uint32_t props;             /* partition properties, as listed */
	uint16_t exec_ctx;          /* execution contexts, as listed */
	bool have_uuid;             /* a v1.1+ listing gave its UUID */
	uint32_t uuid[4];
	const struct smoke_proto *proto; /* NULL: no test protocol */
	char why[200];              /* how it was chosen, for the report */
};

/* Handles one case may create and must clean up. */
#define SMOKE_MAX_HANDLES 8u
/* Handles the whole run may fail to reclaim and still report. */
#define SMOKE_MAX_LEAKS 32u

/* An outcome "code" that is not an FF-A status: the case saw a success
 * where an error was expected is 0; these mark answers outside FF-A. */
#define SMOKE_OBS_VIOLATION INT32_MIN   /* broke the calling convention */

struct smoke_tracked {
	uint64_t handle;
	uint32_t retrieved;   /* retrieves by the test partition not undone */
	bool live;
	uint32_t retrieved2;  /* ...and by the second one (c->part2) */
};

/* What the run of one case left behind, for the report. */
struct smoke_case_out {
	int32_t observed;     /* 0 or FFA_RET_* of the decisive call */
	bool have_regs;
	uint32_t fid;         /* the decisive (or failing) call */
	struct ffa_regs regs; /* its result registers */
	char why[200];        /* failure or skip reason */
};

struct smoke_ctx {
	struct ffactl_backend *be;
	uint32_t profile;     /* the expectations in force */
	uint32_t version;     /* the SPMC's FFA_VERSION answer */
	uint32_t nego;        /* version the suite negotiates for its calls */
	uint32_t found_nego;  /* what the backend had negotiated before the
			       * run, restored by smoke_finish(); 0 unknown */
	uint16_t self_id;     /* FFA_ID_GET */
	struct smoke_partition part;
	struct smoke_partition part2; /* another one, for two borrowers */
	struct smoke_partition quiet; /* one taking no direct requests */
	bool renegotiate;     /* a case changed the negotiated version */
	bool version_fixed;   /* the SPMC refused the suite's FFA_VERSION:
			       * it fixes the version once other calls are
			       * made (DEN0077 v1.2 §13.2), so the suite
			       * speaks the one in effect, found_nego, and
			       * descriptors take its layout */
	bool fixed_form;      /* the transport sends one form of each call
			       * and owns FFA_VERSION (the module's driver
			       * transport: the in-tree FF-A driver's
			       * descriptor layout and SMC width): a send or
			       * message whose layout or width is not the
			       * case's point takes that form */
	struct smoke_tracked handles[SMOKE_MAX_HANDLES];
	uint64_t leaked[SMOKE_MAX_LEAKS];
	unsigned int nleaked;
	unsigned int leaks_dropped;
	struct smoke_case_out out;
};

/* What a run function returns. */
enum smoke_run {
	SMOKE_RUN_DONE = 0,   /* out.observed holds the decisive answer */
	SMOKE_RUN_FAIL = 1,   /* a check failed whatever the profile (why) */
	SMOKE_RUN_SKIP = 2,   /* a precondition is missing (why) */
};

struct smoke_case;
typedef int smoke_fn(struct smoke_ctx *c, const struct smoke_case *k);

struct smoke_case {
	const char *name;
	const char *what;     /* what it checks, one line */
	uint32_t min_version; /* FF-A version the SPMC must have */
	uint32_t needs;       /* SMOKE_NEED_* */
	uint32_t feature;     /* FID FFA_FEATURES must report, 0 = none */
	int32_t expect;       /* DEN0077: 0 success, or FFA_RET_* */
	smoke_fn *run;
	uint32_t fid;         /* parameters of the run function */
	uint32_t arg;
	uint32_t arg2;
	/*
	 * The FF-A ACS checks the case stands for: ids of rows of the ACS
	 * table (smoke_acs.c), separated by spaces; NULL if it has no ACS
	 * counterpart.
	 */
	const char *acs;
};

/*
 * An expectation that is not one code: any FFA_ERROR (the ACS checks only
 * that the call failed, not how: "any FFA_ERROR" in docs/conformance.md).
 */
#define SMOKE_EXPECT_ERROR (INT32_MIN + 1)

enum smoke_result {
	SMOKE_OK = 0,
	SMOKE_NOT_OK = 1,     /* an unexpected failure */
	SMOKE_SKIP = 2,
	SMOKE_TODO = 3,       /* a deviation the profile documents */
};

/* The case table. */
unsigned int smoke_case_count(void);
const struct smoke_case *smoke_case_at(unsigned int i);

/*
 * Prepares @c for a run against @be with expectations of @profile: asks
 * FFA_VERSION and FFA_ID_GET and picks the partition (smoke_pick_partition
 * with @want_id, -1 for the default). Returns 0; -ENOENT if @want_id is not
 * a partition the firmware lists (c->part.why says so); or another negative
 * errno if the backend failed (be->errmsg says why).
 */
int smoke_prepare(struct smoke_ctx *c, struct ffactl_backend *be,
		  uint32_t profile, int want_id);

/*
 * Negotiates back the FF-A version the backend had before the run (the
 * suite negotiates its own, which would otherwise stay for the whole
 * normal world). Returns 0, or a negative errno if the backend failed.
 */
int smoke_finish(struct smoke_ctx *c);

/*
 * For the case files other than smoke_cases.c. A request of ffactl's test
 * protocol with @a6/@a7 (model.h): *code gets the partition's status, or
 * the direct request's own error; a retrieve or relinquish that succeeds
 * is counted for the cleanup. Returns 0 or a run code.
 */
int smoke_sp_request(struct smoke_ctx *c, uint32_t cmd, uint64_t h,
		     uint32_t a6, uint32_t a7, int32_t *code, uint64_t *result);
/*
 * Sends one page with @fid (SMC32 share/lend/donate) to the partition,
 * as the usage rules want it but with @perm and @flags; a handle is
 * tracked for the cleanup. *code gets the answer. Returns 0 or a run code.
 */
int smoke_send_one(struct smoke_ctx *c, uint32_t fid, uint8_t perm,
		   uint32_t flags, int32_t *code, uint64_t *h);

/* ---- smoke_retrieve.c ---------------------------------------------- */

/*
 * The retrieve or relinquish with fields of the case's choosing, scenario
 * k->arg (smoke_retrieve.c's table, whose names are the cases').
 */
int smoke_run_retrieve_with(struct smoke_ctx *c, const struct smoke_case *k);
unsigned int smoke_retrieve_scenario_count(void);
const char *smoke_retrieve_scenario_name(unsigned int i);

/*
 * ---- smoke_cases.c: for run functions in other files ---------------
 * Each returns 0 or a run code (SMOKE_RUN_*), as the case table's own.
 */

/* Sets c->out.why. */
void smoke_note(struct smoke_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The call the case's outcome comes from, for the report. */
void smoke_record(struct smoke_ctx *c, uint32_t fid, const struct ffa_regs *r);
/*
 * A backend failure is the case's failure, unless the transport cannot
 * make the call as asked or tell its answer (-EOPNOTSUPP, -EREMOTEIO):
 * then a SKIP with the transport's reason. Sets c->out.why.
 */
int smoke_be_failed(struct smoke_ctx *c, const char *what, int rc);
/* Tracks handle @h for the cleanup (or reports it leaked if no slot). */
void smoke_track(struct smoke_ctx *c, uint64_t h);
/* A register-only call; *code gets its status (0 or FFA_RET_*). */
int smoke_call(struct smoke_ctx *c, struct ffa_regs *io, int32_t *code);
/*
 * Sends 2 pages (two constituents) to @nrecv (1 or 2) receivers @recv with
 * @perm and the attributes the usage rules want for @fid (32/64-bit
 * share/lend/donate), the pages filled with the owner's pattern if @fill;
 * *code gets the answer and a handle is tracked for the cleanup.
 */
int smoke_send_to(struct smoke_ctx *c, uint32_t fid, const uint16_t *recv,
		  uint32_t nrecv, uint8_t perm, bool fill, int32_t *code,
		  uint64_t *handle);
/* FFA_MEM_RECLAIM of @h; *code gets the answer. */
int smoke_reclaim(struct smoke_ctx *c, uint64_t h, uint32_t flags,
		  bool verify, int32_t *code, struct mem_reclaim_res *res);
/*
 * One request of ffactl's test protocol (model.h enum ffa_model_sp_cmd)
 * to partition @sp: *code gets its status or the request's own error.
 */
int smoke_sp_cmd(struct smoke_ctx *c, uint16_t sp, uint32_t cmd, uint64_t h,
		 uint32_t arg, int32_t *code, uint64_t *result);

/*
 * Whether FFA_VERSION(@v) answered @code is a v1.2+ SPMC keeping the
 * version in effect, c->nego (DEN0077 v1.2 §13.2): then sets
 * c->version_fixed and the skip reason (how to run at @v) and returns
 * true.
 */
bool smoke_version_refused(struct smoke_ctx *c, uint32_t v, int32_t code);

/* ---- smoke_version.c: the version fixed once other calls are made -- */

smoke_fn smoke_run_version_fixed;

/* ---- smoke_retrievals.c -------------------------------------------- */

/* struct smoke_case.arg2 of smoke_run_retrievals: the decisive retrieve. */
enum {
	SMOKE_RT_OVER = 0, /* one more than FFA_FEATURES' count */
	SMOKE_RT_ZERO = 1, /* one more, with the zero-before-retrieve flag */
};

/*
 * The test partition asks FFA_FEATURES(FFA_MEM_RETRIEVE_REQ) for its
 * outstanding-retrieval count, retrieves a page sent with k->fid that
 * often, then once more as k->arg2 says; relinquishes all and reclaims.
 */
smoke_fn smoke_run_retrievals;

/* ---- smoke_multi.c: two borrowers, partitions without direct requests */

/* Run functions of the case table's multi-borrower block. */
smoke_fn smoke_run_two_borrowers;
smoke_fn smoke_run_direct_refused;

/* ---- smoke_partition.c --------------------------------------------- */

/* The test protocols ffactl speaks, in order of preference. */
unsigned int smoke_proto_count(void);
const struct smoke_proto *smoke_proto_at(unsigned int i);

/*
 * Picks the partition for the run into c->part: @want_id if >= 0 (it
 * must be listed: else -ENOENT), else the partition speaking the test
 * protocol ffactl knows first in its table (so 0x8001 before 0x8002,
 * whatever the listing's order), else the first secure partition the
 * firmware lists, else none (c->part.found false). Then c->part2: the
 * first other secure partition speaking a protocol of c->part's kind,
 * else the first other secure one; and c->quiet: the first partition
 * listed without "direct request receive". Returns 0, or a negative
 * errno if the backend failed.
 */
int smoke_pick_partition(struct smoke_ctx *c, int want_id);

/*
 * Why case needs @needs cannot run on c->part, in @why; false if it can.
 */
bool smoke_partition_lacks(const struct smoke_ctx *c, uint32_t needs,
			   char *why, size_t cap);

/*
 * Runs case @k, cleans up what it made (relinquish through the test
 * partition, then reclaim), and judges the outcome. @reason gets the TODO,
 * SKIP or failure reason (may stay empty for ok).
 */
enum smoke_result smoke_run_case(struct smoke_ctx *c,
				 const struct smoke_case *k,
				 char *reason, size_t cap);

/*
 * Runs case @k and cleans up, without judging: returns the run code
 * (SMOKE_RUN_*), c->out holds the decisive answer, and @stuck names the
 * handles the cleanup could not reclaim (empty if none).
 */
int smoke_run_raw(struct smoke_ctx *c, const struct smoke_case *k,
		  char *stuck, size_t cap);

/*
 * The judgement alone: @rc is what the run function returned, @observed the
 * decisive answer. Exposed for the unit tests.
 */
enum smoke_result smoke_judge(const struct smoke_case *k, uint32_t profile,
			      int rc, int32_t observed, const char *why,
			      char *reason, size_t cap);

/* "SUCCESS", "INVALID_PARAMETERS", ..., or "PROTOCOL" for a violation. */
const char *smoke_code_name(int32_t code);

/* ---- smoke_acs.c --------------------------------------------------- */

/*
 * One check of Arm's FF-A Architecture Compliance Suite (ARM-software/
 * ff-a-acs, test/common/test_database_v_1_2.c and the tests' bodies):
 * multi-check tests are split into rows, near-identical tests merged
 * (weight counts them). Whether a row is covered follows from the case
 * table: a row some case names is covered, or partly if @left says what
 * those cases do not check; a row no case names is not covered, @left
 * saying why; @not_nw names why the normal world cannot make the check.
 */
struct smoke_acs_row {
	const char *id;       /* "share_input_error_checks1.composite_offset" */
	const char *area;     /* "setup", "direct", "mem" */
	const char *test;     /* the ACS test function(s) */
	const char *tag;      /* "v1.2", "unverified", ...; "" if none */
	const char *check;    /* what it checks */
	const char *sender;   /* who makes the decisive call in ACS */
	const char *expect;   /* what ACS expects */
	unsigned int weight;  /* ACS tests merged into the row */
	const char *not_nw;   /* non-NULL: why the normal world cannot */
	const char *left;     /* non-NULL: what the cases leave unchecked */
};

enum smoke_acs_status {
	SMOKE_ACS_COVERED = 0,
	SMOKE_ACS_PARTLY = 1,
	SMOKE_ACS_NOT_COVERED = 2, /* the normal world could check it */
	SMOKE_ACS_NOT_CHECKABLE = 3,
	SMOKE_ACS_STATUS_COUNT
};

unsigned int smoke_acs_count(void);
const struct smoke_acs_row *smoke_acs_at(unsigned int i);
/* The row @id (a word of a case's acs, @len bytes of it), or NULL. */
const struct smoke_acs_row *smoke_acs_find(const char *id, size_t len);
/* Whether case @k names row @id. */
bool smoke_case_names_acs(const struct smoke_case *k, const char *id);
enum smoke_acs_status smoke_acs_status(const struct smoke_acs_row *r);
/* The prose of docs/conformance.md around the generated tables. */
extern const char smoke_acs_preamble[];
extern const char smoke_acs_postamble[];
/* "covered", "partly", "not covered", "not checkable". */
const char *smoke_acs_status_name(enum smoke_acs_status st);

/* ---- smoke_profiles.c ---------------------------------------------- */

struct smoke_deviation {
	uint32_t profile;
	const char *name;     /* the case */
	int32_t observed;     /* what that firmware answers instead */
	const char *reason;   /* one line, with its source */
};

/* The deviation @profile documents for case @name, or NULL. */
const struct smoke_deviation *smoke_deviation(uint32_t profile,
					      const char *name);
unsigned int smoke_deviation_count(void);
const struct smoke_deviation *smoke_deviation_at(unsigned int i);

/* "spec", "tfa-el3", "optee"; NULL if unknown. */
const char *smoke_profile_name(uint32_t profile);
/* -1 if unknown; "auto" is the caller's business. */
int smoke_profile_parse(const char *name);

/*
 * --profile auto: a profile is decided from how the SPMC behaves, never
 * from which partitions it lists (OP-TEE's UUID is listed by TF-A's EL3
 * SPMC too, when OP-TEE is its partition). A few register-only cases
 * whose answers differ between the profiles are run as probes; the
 * profile whose expectations (the spec's, or its documented deviation)
 * predict the most of them wins.
 */
#define SMOKE_MAX_PROBES 8u

struct smoke_evidence {
	const char *name;     /* the probe: a case of the table */
	int32_t observed;     /* its answer: 0, FFA_RET_*, SMOKE_OBS_* */
	bool ran;             /* false: skipped or failed to run */
	uint32_t fits;        /* bit p: profile p predicts this answer */
};

struct smoke_detection {
	unsigned int n;
	struct smoke_evidence e[SMOKE_MAX_PROBES];
	uint32_t profile;
	unsigned int predicted; /* probes the chosen profile predicts */
	unsigned int ran;       /* probes that gave an answer */
	char why[200];
};

/* The probe cases, by name. */
unsigned int smoke_probe_count(void);
const char *smoke_probe_at(unsigned int i);

/* Decides d->profile and d->why from the evidence in @d. */
void smoke_profile_decide(struct smoke_detection *d);

/*
 * Runs the probes on the prepared @c and decides. Returns 0, or a
 * negative errno if the backend failed.
 */
int smoke_profile_detect(struct smoke_ctx *c, struct smoke_detection *d);

/* ---- smoke_resend.c ------------------------------------------------ */

/* struct smoke_case.arg2 of smoke_run_resend's cases. */
enum {
	SMOKE_RS_TWO = 1u << 0,      /* the first send has 2 pages, not 1 */
	SMOKE_RS_SUBSET = 1u << 1,   /* the second sends its first page only */
	SMOKE_RS_BOTH = 1u << 2,     /* the second sends all, then the first
				      * page alone: the same answer */
	SMOKE_RS_RETRIEVE = 1u << 3, /* the partition retrieves the first */
	/* Two borrowers (SMOKE_NEED_SECOND: c->part and c->part2). */
	SMOKE_RS_FIRST_TWO = 1u << 4, /* the first send is to both */
	SMOKE_RS_AGAIN_TWO = 1u << 5, /* the second send is to both */
	SMOKE_RS_AGAIN_OTHER = 1u << 6, /* the second is to c->part2 alone */
};

/*
 * A share, lend or donate (k->fid), then a second send (k->arg) of the
 * same pages through the backend's reuse request; that answer decides.
 */
smoke_fn smoke_run_resend;

/* ---- smoke_rxtx.c -------------------------------------------------- */

/* Which answer of an RX/TX probe a case judges (struct smoke_case arg2). */
enum {
	SMOKE_RXTX_DECISIVE = 0,  /* the probe's decisive call */
	SMOKE_RXTX_FOLLOW_UP = 1, /* its follow-up (MAP_TWICE: the UNMAP) */
};

/*
 * Runs the backend's RX/TX probe k->arg (enum rxtx_probe_kind) and
 * records the answer k->arg2 names. SKIP where the backend cannot probe
 * (the module's driver transport, a module that predates the probe).
 */
int smoke_run_rxtx(struct smoke_ctx *c, const struct smoke_case *k);

/*
 * smoke_cases.c: a direct request of k->fid with the partition's echo
 * command, its response checked (sender and receiver swapped; the payload
 * back if k->arg). Returns a run code; c->out.observed holds the answer.
 */
int smoke_direct_echo(struct smoke_ctx *c, const struct smoke_case *k);

/* smoke_cpus.c: a direct echo request from every CPU the suite may use. */
int smoke_run_direct_every_cpu(struct smoke_ctx *c,
			       const struct smoke_case *k);

#endif /* FFACTL_SMOKE_H */
