/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ffactl explore: random but reproducible sequences of FF-A operations run
 * on a backend (the target: /dev/ffactl on real firmware, or the sim) and
 * on the SPMC model in this process (the reference: an in-memory sim of
 * the same profile listing the same partitions), side by side; the first
 * operation whose outcome differs is a divergence, shrunk to the fewest
 * operations that still diverge and printed as ffactl command lines.
 *
 * Operations are plain data (struct xop) and name handles symbolically
 * (the handle of the k-th operation), so a sequence replays on any pair of
 * backends, whatever handles each hands out.
 */
#ifndef FFACTL_EXPLORE_H
#define FFACTL_EXPLORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend.h"
#include "ffa/ffa.h"

enum xop_kind {
	XOP_SEND = 0,     /* share / lend / donate */
	XOP_RECLAIM,
	XOP_BORROW,       /* a request of the partition's test protocol */
	XOP_VERSION,      /* version --negotiate (1.x) */
	XOP_FEATURES,
	XOP_PARTITIONS,
	XOP_MSG,          /* a direct request (echo) */
	XOP_KIND_COUNT
};

/* Who receives a send, named by role, not ID. */
enum xop_recv {
	XR_PART = 0,      /* the partition */
	XR_SELF,          /* the sender itself */
	XR_UNKNOWN,       /* a secure ID no partition has */
	XR_PART_TWICE,
	XR_PART_UNKNOWN,  /* the partition and an unknown one */
	XR_COUNT
};

/* Where a send's constituents are. */
enum xop_addr {
	XA_PAGES = 0,     /* the backend's own pages */
	XA_OVERLAP,       /* two constituents at one bogus page, as is */
	XA_UNALIGNED,     /* a bogus, unaligned address, as is */
	XA_COUNT
};

/* Which handle a reclaim or borrower request names. */
enum xop_href {
	XH_OF_OP = 0,     /* the handle operation .ref made (or none) */
	XH_FLIP63,        /* that handle with bit 63 flipped */
	XH_UNKNOWN,       /* one never handed out */
	XH_COUNT
};

/* "Not given": the CLI's default. */
#define XOP_DEFAULT UINT32_MAX

struct xop {
	uint32_t kind;         /* enum xop_kind */
	/* XOP_SEND */
	uint32_t fn;           /* FFA_MEM_SHARE, _LEND, _DONATE */
	bool smc64;
	uint32_t pages;        /* 1..4 (one constituent each) */
	uint32_t recv;         /* enum xop_recv */
	uint32_t perm;         /* raw, or XOP_DEFAULT */
	uint32_t attrs;        /* raw, or XOP_DEFAULT */
	uint32_t flags;
	uint32_t desc_version; /* FFA_VERSION_1_x, or XOP_DEFAULT */
	uint32_t frag_len;     /* 0: whole */
	bool other_sender;     /* the sender field is not the caller */
	uint64_t tag;
	uint32_t addr;         /* enum xop_addr */
	/* XOP_RECLAIM, XOP_BORROW */
	uint32_t ref;          /* index of the XOP_SEND op in the sequence */
	uint32_t href;         /* enum xop_href */
	uint32_t rflags;       /* reclaim flags */
	uint32_t cmd;          /* XOP_BORROW: the protocol's command */
	uint32_t arg;          /* XOP_BORROW: its argument */
	/* XOP_VERSION */
	uint32_t version;
	/* XOP_FEATURES */
	uint32_t fid;
	/* XOP_PARTITIONS: 0 nil, 1 the partition's UUID, 2 unknown */
	uint32_t which;
};

/* What an operation came to on one side. */
struct xout {
	int32_t status;        /* 0, FFA_RET_*, XOUT_* below */
	bool have_value;       /* an observable beyond the status: */
	uint64_t value;        /* borrower's answer, read-back word, ... */
	uint32_t fid;          /* the deciding call */
	struct ffa_regs regs;  /* its result registers */
	char why[256];         /* the backend's refusal, for XOUT_BACKEND */
	char rule[160];        /* a send: the profile's rule that decided */
	/* The reference's profile cannot predict this outcome: not compared. */
	bool undetermined;
};

/* Outcomes outside FF-A's codes. */
#define XOUT_VIOLATION INT32_MIN      /* broke the calling convention */
#define XOUT_BACKEND (INT32_MIN + 1)  /* the backend refused to call */

/* The two sides and what they share. */
struct xside {
	struct ffactl_backend *be;
	uint16_t self_id;
	uint16_t part_id;      /* the partition, as this side lists it */
	uint32_t part_uuid[4]; /* ...and its UUID (nil if unknown) */
	uint32_t proto;        /* SMOKE_PROTO_*, or UINT32_MAX for none */
	uint32_t found_nego;   /* negotiated before the run */
	/*
	 * The index of ops[0] in the whole sequence: a run resumed after a
	 * divergence keeps the sequence's references (.ref), which name
	 * op .ref - base of this run.
	 */
	uint32_t base;
	uint64_t *handles;     /* per op: the handle it made (0: none) */
	bool *live;            /* per op: still to be reclaimed */
	uint32_t *held;        /* per op: retrieves not relinquished */
	/* Refused sends whose pages the backend keeps (ffactl handles). */
	uint32_t kept;
	/* Not UINT32_MAX: explain each send by this profile's rules. */
	uint32_t verdict_profile;
};

struct xconfig {
	uint64_t seed;
	uint32_t ops;
	uint32_t kinds;        /* bit per enum xop_kind allowed */
	uint32_t profile;
	bool have_protocol;
	uint32_t proto;        /* the partition's protocol, SMOKE_PROTO_* */
};

/* ---- explore_gen.c ------------------------------------------------- */

/* Fills @ops[0..n) from @cfg's seed: the same seed, the same sequence. */
void explore_generate(const struct xconfig *cfg, struct xop *ops, uint32_t n);

/* "share", "reclaim", ... ; NULL if unknown. */
const char *explore_kind_name(uint32_t kind);
/* Parses "mem_share,mem_reclaim,version" into a kind mask; -1 if bad. */
int explore_parse_abis(const char *list, uint32_t *kinds, char *err,
		       size_t cap);

/* ---- explore_run.c -------------------------------------------------- */

/* Prepares @s (ID, partition, protocol, negotiated version) for @n ops. */
int explore_side_init(struct xside *s, struct ffactl_backend *be,
		      uint16_t part_id, const uint32_t part_uuid[4],
		      uint32_t proto, uint32_t n);
void explore_side_free(struct xside *s);

/*
 * Runs op @i of @ops on @s, outcome in @out. Returns 0, or a negative
 * errno if the backend failed (be->errmsg says why).
 */
int explore_run_op(struct xside *s, const struct xop *ops, uint32_t i,
		   struct xout *out);

/*
 * Reclaims what op @i made on @s, if anything: after an outcome that was
 * not compared, both sides go on without its handle.
 */
void explore_forget(struct xside *s, uint32_t i);

/* Whether two outcomes of one operation agree. */
bool explore_agree(const struct xop *op, const struct xout *t,
		   const struct xout *r);

/*
 * Gives back what ops made on @s: relinquishes what the partition holds,
 * reclaims what is live (pages of a refused reclaim stay with the
 * backend), renegotiates the version found. Returns the handles that could
 * not be reclaimed.
 */
uint32_t explore_cleanup(struct xside *s, uint32_t n);

/* ---- explore_print.c ------------------------------------------------ */

/*
 * Writes to @buf the ffactl command line for op @i of @ops: a send's
 * handle into $h<i>, a handle named as $h<k> if op k @made one, else the
 * unknown handle the run used. @self and @part are the target's IDs,
 * @proto its partition's protocol, @uuid its UUID; @global the options
 * that name the backend (e.g. "--backend sim ", or "").
 */
void explore_command(const struct xop *ops, uint32_t i, const bool *made,
		     uint16_t self, uint16_t part, uint32_t proto,
		     const char *uuid, const char *global, char *buf,
		     size_t cap);

#endif /* FFACTL_EXPLORE_H */
