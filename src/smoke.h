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

/* Preconditions a case needs; missing ones make it a SKIP. */
enum {
	SMOKE_NEED_SP = 1u << 0,  /* the test partition (its UUID) exists */
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
	uint16_t self_id;     /* FFA_ID_GET */
	bool have_sp;         /* the test partition was found */
	uint16_t sp_id;
	bool renegotiate;     /* a case changed the negotiated version */
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
};

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
 * FFA_VERSION, FFA_ID_GET, FFA_FEATURES(FFA_MEM_DONATE) and looks for the
 * test partition. Returns 0, or a negative errno if the backend failed
 * (be->errmsg says why).
 */
int smoke_prepare(struct smoke_ctx *c, struct ffactl_backend *be,
		  uint32_t profile);

/*
 * Runs case @k, cleans up what it made (relinquish through the test
 * partition, then reclaim), and judges the outcome. @reason gets the TODO,
 * SKIP or failure reason (may stay empty for ok).
 */
enum smoke_result smoke_run_case(struct smoke_ctx *c,
				 const struct smoke_case *k,
				 char *reason, size_t cap);

/*
 * The judgement alone: @rc is what the run function returned, @observed the
 * decisive answer. Exposed for the unit tests.
 */
enum smoke_result smoke_judge(const struct smoke_case *k, uint32_t profile,
			      int rc, int32_t observed, const char *why,
			      char *reason, size_t cap);

/* "SUCCESS", "INVALID_PARAMETERS", ..., or "PROTOCOL" for a violation. */
const char *smoke_code_name(int32_t code);

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

/* What --profile auto looks at. */
struct smoke_facts {
	uint32_t version;       /* FFA_VERSION answer (0 = none) */
	int32_t spm_id;         /* FFA_SPM_ID_GET, -1 if not answered */
	bool donate;            /* FFA_FEATURES(FFA_MEM_DONATE) succeeded */
	bool optee_uuid;        /* OP-TEE's UUID among the partitions */
	int32_t attr_probe;     /* outer-shareable share: 0 accepted, else
				 * FFA_RET_*; 1 = not probed */
};

/* Decides a profile from @f; @why says on what (static string). */
uint32_t smoke_profile_decide(const struct smoke_facts *f, const char **why);

/*
 * Gathers the facts from @be (the probe shares one page and reclaims it)
 * and decides. Returns the profile, or a negative errno.
 */
int smoke_profile_detect(struct ffactl_backend *be, struct smoke_facts *f,
			 const char **why);

#endif /* FFACTL_SMOKE_H */
