// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl explore: model-based differential exploration. The operations
 * (src/explore_gen.c) run on the backend (the target) and on an in-memory
 * sim of the same profile listing the same partitions (the reference),
 * one after the other; the first whose outcomes differ is a divergence.
 * It is shrunk by delta debugging (replaying subsets on fresh references
 * and the cleaned-up target) to the fewest operations that still diverge,
 * and printed as ffactl command lines with the registers of the diverging
 * call and what the profile predicted instead.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "errtab.h"
#include "explore.h"
#include "ffa/desc.h"
#include "ffa/uuid.h"
#include "model.h"
#include "parse.h"
#include "sim.h"
#include "smoke.h"

#define EXIT_DIVERGED 1
/* Replays one shrink may make (each runs a few operations). */
#define MAX_REPLAYS 400u
#define MAX_DIVERGENCES 64u

static struct {
	uint64_t seed;
	bool have_seed;
	uint32_t ops;
	double seconds;
	int profile;          /* -1: auto */
	uint32_t kinds;
	int partition;        /* -1: the default choice */
	bool keep_going;
	bool list;
} opts = { .ops = 1000, .profile = -1, .kinds = ~0u, .partition = -1 };

enum {
	OPT_SEED = 0x500, OPT_OPS, OPT_TIME, OPT_PROFILE, OPT_ABIS,
	OPT_PARTITION, OPT_KEEP_GOING, OPT_LIST,
};

static const struct argp_option explore_options[] = {
	{ "seed", OPT_SEED, "N", 0, "Seed of the sequence (default: from "
	  "the clock, printed); the same seed gives the same sequence", 0 },
	{ "ops", OPT_OPS, "N", 0, "Operations to run (default 1000, at "
	  "most 10000000)", 0 },
	{ "time", OPT_TIME, "S", 0, "Stop after S seconds, whatever --ops "
	  "says", 0 },
	{ "profile", OPT_PROFILE, "NAME", 0, "The reference's profile: auto "
	  "(default: detected as the smoke suite does), spec, tfa-el3 or "
	  "optee", 0 },
	{ "abis", OPT_ABIS, "LIST", 0, "Only these, comma-separated: "
	  "mem_share, mem_lend, mem_donate, mem_reclaim, "
	  "msg_send_direct_req, version, features, partition_info_get, "
	  "memory (default: all)", 0 },
	{ "partition", OPT_PARTITION, "ID", 0, "The partition to send to "
	  "(default: as the smoke suite chooses)", 0 },
	{ "keep-going", OPT_KEEP_GOING, NULL, 0, "Record every distinct "
	  "divergence instead of stopping at the first", 0 },
	{ "list", OPT_LIST, NULL, 0, "Print the sequence as command lines, "
	  "run nothing", 0 },
	{ 0 }
};

static error_t parse_explore(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;
	char err[PARSE_ERR_LEN];
	uint64_t v;

	switch (key) {
	case OPT_SEED:
		if (parse_u64(arg, &opts.seed, err))
			exit(cli_usage(ctx, "--seed: %s", err));
		opts.have_seed = true;
		break;
	case OPT_OPS:
		if (parse_uint(arg, 10000000, &v, err))
			exit(cli_usage(ctx, "--ops: %s", err));
		if (!v)
			exit(cli_usage(ctx, "--ops: must be at least 1"));
		opts.ops = (uint32_t)v;
		break;
	case OPT_TIME:
		if (parse_uint(arg, 86400, &v, err))
			exit(cli_usage(ctx, "--time: %s", err));
		if (!v)
			exit(cli_usage(ctx, "--time: must be at least 1"));
		opts.seconds = (double)v;
		break;
	case OPT_PROFILE:
		if (!strcmp(arg, "auto")) {
			opts.profile = -1;
			break;
		}
		opts.profile = ffa_model_profile_parse(arg);
		if (opts.profile < 0)
			exit(cli_usage(ctx, "--profile: '%.20s': unknown "
				       "profile (use auto, spec, tfa-el3 or "
				       "optee)", arg));
		break;
	case OPT_ABIS:
		if (explore_parse_abis(arg, &opts.kinds, err, sizeof(err)))
			exit(cli_usage(ctx, "--abis: %s", err));
		break;
	case OPT_PARTITION:
		if (parse_uint(arg, UINT16_MAX, &v, err))
			exit(cli_usage(ctx, "--partition: %s", err));
		opts.partition = (int)v;
		break;
	case OPT_KEEP_GOING:
		opts.keep_going = true;
		break;
	case OPT_LIST:
		opts.list = true;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* The run: the target, what the reference mirrors, the sequence. */
struct xrun {
	struct ffactl_ctx *ctx;
	struct ffactl_backend *target;
	uint32_t profile;
	uint32_t layout;
	struct smoke_partition part;
	uint32_t proto;            /* SMOKE_PROTO_*, or UINT32_MAX */
	char global[64];           /* options naming the backend */
	char uuid[FFA_UUID_STR_LEN + 1];
	struct xop *ops;
	uint32_t nops;
	unsigned int replays;
	/* Handles cleanup could not reclaim: a partition still holds them. */
	uint32_t left;
	/* Outcomes the profile could not predict (not compared). */
	uint32_t not_compared;
	/* Outcomes where one side ran out of memory (not compared). */
	uint32_t exhausted;
	/* Time in each side's operations, outside shrinking (bench/). */
	double target_s, reference_s;
};

/* What one replay found. */
struct xfind {
	int64_t at;                /* the diverging op, -1 if none */
	struct xout t, r;
	bool *made;                /* per op: the target made a handle */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The reference partition table that mirrors the target's partition. */
static int mirror_layout(const struct smoke_partition *p, uint32_t *layout)
{
	uint32_t optee[4];

	ffa_uuid_parse(FFA_MODEL_OPTEE_UUID_STR, optee);
	if (p->proto && p->proto->kind == SMOKE_PROTO_FFACTL)
		*layout = FFA_LAYOUT_TEST;
	else if (p->proto && p->proto->kind == SMOKE_PROTO_TSP)
		*layout = FFA_LAYOUT_TSP;
	else if (p->have_uuid && !memcmp(p->uuid, optee, sizeof(optee)))
		*layout = FFA_LAYOUT_OPTEE;
	else
		return -1;
	return 0;
}

/*
 * Runs @ops[0..n) on the target and a fresh reference; stops at the
 * first divergence (or runs on with @all). Cleans the target up after.
 * Returns 0 or a negative errno (the backend failed).
 */
static int replay(struct xrun *x, const struct xop *ops, uint32_t n,
		  uint32_t base, struct xfind *f, double deadline, uint32_t *ran,
		  void (*tick)(struct xrun *, uint32_t, uint32_t))
{
	struct negotiated_version nv = { 0 };
	struct ffactl_backend ref;
	struct xside ts, rs;
	uint32_t i, none[4] = { 0 };
	bool oom;
	int rc;

	f->at = -1;
	x->replays++;
	/* Either may be freed below before it is set up. */
	memset(&ts, 0, sizeof(ts));
	memset(&rs, 0, sizeof(rs));
	/*
	 * The reference negotiates what the target has negotiated now, as
	 * a module loaded with that version would: an SPMC that keeps the
	 * version (DEN0077 v1.2 §13.2) keeps that one.
	 */
	if (x->target->ops->negotiated(x->target, &nv) < 0)
		nv.version = 0;
	rc = sim_backend_open_memory(&ref, x->profile, x->layout, nv.version);
	if (rc < 0) {
		snprintf(x->target->errmsg, sizeof(x->target->errmsg),
			 "reference: %.200s", ref.errmsg);
		return rc;
	}
	rc = explore_side_init(&ts, x->target, x->part.id, x->part.uuid,
			       x->proto, n);
	if (!rc)
		rc = explore_side_init(&rs, &ref, FFA_MODEL_TEST_SP_ID,
				       none, x->proto, n);
	ts.base = rs.base = base;
	/* The reference says which of its profile's rules decided a send. */
	rs.verdict_profile = x->profile;
	if (!rc) {
		/*
		 * The reference's UUID for "the partition's": its own, if
		 * the target knows one; the target's when the reference's
		 * listing carries none (v1.0: 8 bytes a partition).
		 */
		struct ffa_regs pr;
		uint8_t buf[64];
		size_t len = 0;

		if ((ts.part_uuid[0] | ts.part_uuid[1] | ts.part_uuid[2] |
		     ts.part_uuid[3]) &&
		    ref.ops->partition_info(&ref, none, 0, &pr, buf,
					    sizeof(buf), &len) == 0 &&
		    len >= 24 && (uint32_t)pr.a[3] >= 24)
			for (int w = 0; w < 4; w++)
				rs.part_uuid[w] = ffa_le32(buf + 8 + 4 * w);
		else
			memcpy(rs.part_uuid, ts.part_uuid,
			       sizeof(rs.part_uuid));
	}
	for (i = 0; !rc && i < n; i++) {
		double t0 = now(), t1;

		rc = explore_run_op(&ts, ops, i, &f->t);
		t1 = now();
		if (!rc)
			rc = explore_run_op(&rs, ops, i, &f->r);
		if (rc)
			break;
		if (ran) {
			/* The run itself, not a shrinking replay. */
			x->target_s += t1 - t0;
			x->reference_s += now() - t1;
		}
		if (f->made)
			f->made[i] = ts.handles[i] != 0;
		if (ran)
			*ran = i + 1;
		if (tick)
			tick(x, i + 1, n);
		/*
		 * Running out of memory is the firmware's configuration (its
		 * pool sizes), not FF-A behaviour the model could predict;
		 * nor is what the profile marks undetermined. Neither is
		 * compared, and both sides go on without what the op made.
		 * Counted once, in the run itself, not in replays.
		 */
		oom = (f->t.status == FFA_RET_NO_MEMORY) !=
		      (f->r.status == FFA_RET_NO_MEMORY);
		if (!oom && !explore_agree(&ops[i], &f->t, &f->r)) {
			f->at = i;
			break;
		}
		if (oom || f->r.undetermined) {
			if (ran && oom)
				x->exhausted++;
			else if (ran)
				x->not_compared++;
			explore_forget(&ts, i);
			explore_forget(&rs, i);
			if (f->made)
				f->made[i] = ts.handles[i] != 0;
		}
		if (deadline && now() > deadline)
			break;
	}
	x->left += explore_cleanup(&ts, n) + ts.kept;
	explore_side_free(&ts);
	explore_side_free(&rs);
	backend_close(&ref);
	return rc;
}

/* @idx[0..m) as a sequence of its own: references to ops left out die. */
static void subsequence(const struct xop *ops, const uint32_t *idx,
			uint32_t m, struct xop *out)
{
	for (uint32_t k = 0; k < m; k++) {
		out[k] = ops[idx[k]];
		if (out[k].kind != XOP_RECLAIM && out[k].kind != XOP_BORROW)
			continue;
		for (uint32_t j = 0; j < k; j++) {
			if (idx[j] == ops[idx[k]].ref) {
				out[k].ref = j;
				goto found;
			}
		}
		out[k].href = XH_UNKNOWN;
		out[k].ref = 0;
found:
		;
	}
}

/* Does the sequence @idx[0..m) still diverge? */
static int diverges(struct xrun *x, const uint32_t *idx, uint32_t m,
		    struct xop *scratch, bool *yes)
{
	struct xfind f = { 0 };
	int rc;

	subsequence(x->ops, idx, m, scratch);
	rc = replay(x, scratch, m, 0, &f, 0, NULL, NULL);
	*yes = f.at >= 0;
	return rc;
}

/*
 * Delta debugging (Zeller's ddmin) over the operations up to the
 * divergence: the smallest subsequence found that still diverges goes
 * back in @idx/@m.
 */
static int shrink(struct xrun *x, uint32_t *idx, uint32_t *m)
{
	uint32_t n = 2, *cand = malloc(*m * sizeof(*cand));
	struct xop *scratch = malloc(*m * sizeof(*scratch));
	unsigned int start = x->replays;
	bool yes;
	int rc = 0;

	if (!cand || !scratch) {
		free(cand);
		free(scratch);
		return -ENOMEM;
	}
	while (*m >= 2 && x->replays - start < MAX_REPLAYS) {
		uint32_t chunk = (*m + n - 1) / n, c, k, len;
		bool reduced = false;

		/* Each chunk alone, then each complement. */
		for (int pass = 0; pass < 2 && !reduced; pass++) {
			for (c = 0; c * chunk < *m && !reduced; c++) {
				uint32_t lo = c * chunk, hi = lo + chunk;

				hi = hi < *m ? hi : *m;
				len = 0;
				for (k = 0; k < *m; k++)
					if ((k >= lo && k < hi) == !pass)
						cand[len++] = idx[k];
				if (!len || len == *m)
					continue;
				rc = diverges(x, cand, len, scratch, &yes);
				if (rc)
					goto out;
				if (yes) {
					memcpy(idx, cand, len * sizeof(*idx));
					*m = len;
					n = pass ? (n > 2 ? n - 1 : 2) : 2;
					reduced = true;
				}
			}
		}
		if (!reduced) {
			if (n >= *m)
				break;
			n = 2 * n < *m ? 2 * n : *m;
		}
	}
out:
	free(cand);
	free(scratch);
	return rc;
}

static const char *status_name(int32_t st)
{
	if (st == 0)
		return "SUCCESS";
	if (st == XOUT_VIOLATION)
		return "PROTOCOL";
	if (st == XOUT_BACKEND)
		return "BACKEND";
	return errtab_name(st) ? errtab_name(st) : "UNKNOWN";
}

static json_object *side_json(const struct xout *o, bool regs)
{
	json_object *j = json_object_new_object();

	json_object_object_add(j, "status",
			       json_object_new_string(status_name(o->status)));
	json_object_object_add(j, "value", o->have_value ?
			       out_hex(o->value) : NULL);
	if (o->status == XOUT_BACKEND)
		json_object_object_add(j, "why",
				       json_object_new_string(o->why));
	if (regs)
		out_add_regs(j, &o->regs, 8);
	return j;
}

/* What the profile's model says of the op, in words. */
static void predicted(struct xrun *x, const struct xout *r, char *buf,
		      size_t cap)
{
	snprintf(buf, cap, "the %s profile's model answers %s",
		 ffa_model_profile_name(x->profile), status_name(r->status));
	if (r->have_value)
		snprintf(buf + strlen(buf), cap - strlen(buf),
			 " (0x%llx)", (unsigned long long)r->value);
	if (r->rule[0])
		snprintf(buf + strlen(buf), cap - strlen(buf), ": %s",
			 r->rule);
}

/* The reproducer of @idx[0..m), the last op diverging, as JSON. */
static json_object *divergence_json(struct xrun *x, const uint32_t *idx,
				    uint32_t m, uint32_t at_orig,
				    const struct xfind *seen)
{
	struct xop *ops = malloc(m * sizeof(*ops));
	bool *made = calloc(m, sizeof(*made));
	json_object *d = json_object_new_object(), *lines;
	struct xfind f = { 0 };
	char line[512], rule[256];
	int rc;

	if (!ops || !made) {
		free(ops);
		free(made);
		return d;
	}
	subsequence(x->ops, idx, m, ops);
	f.made = made;
	rc = replay(x, ops, m, 0, &f, 0, NULL, NULL);
	json_object_object_add(d, "at", json_object_new_int64(at_orig));
	json_object_object_add(d, "steps", json_object_new_int64(m));
	json_object_object_add(d, "shrunk_from",
			       json_object_new_int64(at_orig + 1));
	json_object_object_add(d, "reproduced",
			       json_object_new_boolean(!rc && f.at >= 0));
	/* What the run itself saw, reproduced or not. */
	json_object_object_add(d, "observed", json_object_new_object());
	json_object_object_add(json_object_object_get(d, "observed"),
			       "target", side_json(&seen->t, true));
	json_object_object_add(json_object_object_get(d, "observed"),
			       "reference", side_json(&seen->r, false));
	if (!rc && f.at >= 0) {
		json_object_object_add(d, "kind", json_object_new_string(
			explore_kind_name(ops[f.at].kind)));
		json_object_object_add(d, "target", side_json(&f.t, true));
		json_object_object_add(d, "reference", side_json(&f.r, false));
		predicted(x, &f.r, rule, sizeof(rule));
		json_object_object_add(d, "predicted",
				       json_object_new_string(rule));
	}
	lines = json_object_new_array();
	for (uint32_t k = 0; k < m; k++) {
		explore_command(ops, k, made, 0, x->part.id, x->proto,
				x->uuid, x->global, line, sizeof(line));
		json_object_array_add(lines, json_object_new_string(line));
	}
	json_object_object_add(d, "reproducer", lines);
	free(ops);
	free(made);
	return d;
}

/*
 * --keep-going reports each kind of divergence once: the same kind of
 * operation, the same two answers, the same rule of the profile.
 */
static bool seen_before(const struct xfind *f, uint32_t kind,
			char keys[][192], uint32_t *nkeys)
{
	char key[192];

	snprintf(key, sizeof(key), "%u %d %d %.150s", kind, f->t.status,
		 f->r.status, f->r.rule);
	for (uint32_t i = 0; i < *nkeys; i++)
		if (!strcmp(keys[i], key))
			return true;
	if (*nkeys < MAX_DIVERGENCES)
		snprintf(keys[(*nkeys)++], 192, "%s", key);
	return false;
}

static double last_tick;

/* Progress on a terminal: operations, rate, divergences. */
static void tick(struct xrun *x, uint32_t done, uint32_t total)
{
	static double t0;
	double t = now();

	(void)x;
	if (!t0)
		t0 = t;
	if (t - last_tick < 0.2 && done != total)
		return;
	last_tick = t;
	fprintf(stderr, "\rexplore: %u/%u operations, %.0f/s ", done, total,
		t > t0 ? done / (t - t0) : 0.0);
	fflush(stderr);
}

static int prepare(struct ffactl_ctx *ctx, struct xrun *x, const char **why)
{
	struct smoke_detection det;
	struct smoke_ctx *c = calloc(1, sizeof(*c));
	int rc;

	if (!c)
		return -ENOMEM;
	rc = smoke_prepare(c, &ctx->be, opts.profile < 0 ? FFA_PROFILE_SPEC :
			   (uint32_t)opts.profile, opts.partition);
	if (rc == 0 && opts.profile < 0) {
		rc = smoke_profile_detect(c, &det);
		c->profile = det.profile;
		*why = "auto";
	}
	if (rc == 0)
		rc = smoke_finish(c);
	x->profile = c->profile;
	x->part = c->part;
	free(c);
	return rc;
}

static int run_explore(struct ffactl_ctx *ctx)
{
	struct xrun x = { .ctx = ctx };
	struct xconfig cfg = { 0 };
	struct xfind f = { 0 };
	const char *why = "option";
	json_object *res, *divs;
	uint32_t ran = 0, start = 0, found = 0, repeats = 0, nkeys = 0;
	char keys[MAX_DIVERGENCES][192];
	double t0, deadline;
	int rc;

	cfg.seed = opts.have_seed ? opts.seed :
		   (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32;
	cfg.ops = opts.ops;
	cfg.kinds = opts.kinds;
	rc = cli_backend(ctx);
	if (rc)
		return rc;
	rc = prepare(ctx, &x, &why);
	if (rc == -ENOENT)
		return cli_usage(ctx, "explore: %s", x.part.why);
	if (rc < 0)
		return cli_backend_error(ctx, rc);
	if (!x.part.found)
		return cli_usage(ctx, "explore: %s", x.part.why);
	if (mirror_layout(&x.part, &x.layout)) {
		/* Nothing the reference could answer for it as it does. */
		x.layout = FFA_LAYOUT_OPTEE;
		cfg.kinds &= ~((1u << XOP_MSG) | (1u << XOP_BORROW));
	}
	x.proto = x.part.proto ? x.part.proto->kind : UINT32_MAX;
	cfg.have_protocol = x.part.proto != NULL;
	cfg.proto = x.proto;
	cfg.profile = x.profile;
	x.target = &ctx->be;
	snprintf(x.global, sizeof(x.global), "%s",
		 strcmp(ctx->backend_name, "sim") ? "" : "--backend sim ");
	ffa_uuid_format(x.part.uuid, x.uuid);
	x.nops = opts.ops;
	x.ops = calloc(x.nops, sizeof(*x.ops));
	f.made = calloc(x.nops, sizeof(*f.made));
	if (!x.ops || !f.made) {
		free(x.ops);
		free(f.made);
		out_error(&ctx->out, "explore", "tool", EXIT_SYSTEM,
			  "out of memory");
		return EXIT_SYSTEM;
	}
	explore_generate(&cfg, x.ops, x.nops);

	res = out_new("explore");
	json_object_object_add(res, "seed", out_hex(cfg.seed));
	json_object_object_add(res, "planned", json_object_new_int64(x.nops));
	json_object_object_add(res, "profile", json_object_new_string(
		ffa_model_profile_name(x.profile)));
	json_object_object_add(res, "profile_source",
			       json_object_new_string(why));
	json_object_object_add(res, "partition", json_object_new_string(
		x.uuid));
	json_object_object_add(res, "partition_id", out_hex(x.part.id));
	json_object_object_add(res, "reference", json_object_new_string(
		ffa_model_layout_name(x.layout)));
	if (opts.list) {
		json_object *lines = json_object_new_array();
		char line[512];

		for (uint32_t i = 0; i < x.nops; i++) {
			/* Listed as if every send had made its handle. */
			f.made[i] = true;
			explore_command(x.ops, i, f.made, 0, x.part.id,
					x.proto, x.uuid, x.global, line,
					sizeof(line));
			json_object_array_add(lines,
					      json_object_new_string(line));
		}
		json_object_object_add(res, "list", lines);
		free(x.ops);
		free(f.made);
		out_result(&ctx->out, res);
		return EXIT_OK;
	}

	t0 = now();
	deadline = opts.seconds ? t0 + opts.seconds : 0;
	divs = json_object_new_array();
	while (start < x.nops && found < MAX_DIVERGENCES) {
		uint32_t seg_ran = 0, m, *idx;

		rc = replay(&x, x.ops + start, x.nops - start, start, &f,
			    deadline,
			    &seg_ran, isatty(2) && !ctx->out.json &&
			    !ctx->out.quiet ? tick : NULL);
		ran = start + seg_ran;
		if (rc < 0)
			break;
		if (f.at < 0)
			break;
		/* Shrink the prefix up to the divergence, then report. */
		m = (uint32_t)f.at + 1;
		idx = malloc(m * sizeof(*idx));
		if (!idx) {
			rc = -ENOMEM;
			break;
		}
		for (uint32_t k = 0; k < m; k++)
			idx[k] = start + k;
		if (opts.keep_going && seen_before(&f, x.ops[start + f.at].kind,
						   keys, &nkeys)) {
			/* One like it is shrunk and reported already. */
			repeats++;
		} else {
			rc = shrink(&x, idx, &m);
			if (!rc)
				json_object_array_add(divs, divergence_json(
					&x, idx, m, start + (uint32_t)f.at,
					&f));
			found++;
		}
		free(idx);
		if (rc || !opts.keep_going ||
		    (deadline && now() > deadline))
			break;
		/* Start over after it: both sides from scratch. */
		start += (uint32_t)f.at + 1;
		for (uint32_t k = start; k < x.nops; k++)
			if ((x.ops[k].kind == XOP_RECLAIM ||
			     x.ops[k].kind == XOP_BORROW) &&
			    x.ops[k].ref < start)
				x.ops[k].href = XH_UNKNOWN;
	}
	if (isatty(2) && !ctx->out.json && !ctx->out.quiet && last_tick)
		fputc('\n', stderr);
	free(x.ops);
	free(f.made);
	if (rc < 0) {
		json_object_put(res);
		json_object_put(divs);
		return cli_backend_error(ctx, rc);
	}
	json_object_object_add(res, "ran", json_object_new_int64(ran));
	json_object_object_add(res, "seconds",
			       json_object_new_double(now() - t0));
	json_object_object_add(res, "per_second", json_object_new_double(
		now() > t0 ? ran / (now() - t0) : 0));
	json_object_object_add(res, "target_seconds",
			       json_object_new_double(x.target_s));
	json_object_object_add(res, "reference_seconds",
			       json_object_new_double(x.reference_s));
	json_object_object_add(res, "replays",
			       json_object_new_int64(x.replays));
	json_object_object_add(res, "divergences", divs);
	json_object_object_add(res, "repeats", json_object_new_int64(repeats));
	json_object_object_add(res, "left_behind",
			       json_object_new_int64(x.left));
	json_object_object_add(res, "not_compared",
			       json_object_new_int64(x.not_compared));
	json_object_object_add(res, "out_of_memory",
			       json_object_new_int64(x.exhausted));
	out_result(&ctx->out, res);
	return found ? EXIT_DIVERGED : EXIT_OK;
}

const struct ffactl_cmd cmd_explore = {
	.name = "explore", .summary = "Random FF-A operations on the backend "
	"and the model side by side; shrunk reproducers of divergences",
	.doc = "Runs a reproducible random sequence of FF-A operations "
	"(memory first: sends good and bad, reclaims, borrower requests; then "
	"version, features, partitions, messages) on the backend and on the "
	"SPMC model of the same profile, listing the same partitions, and "
	"compares every outcome. The first divergence is shrunk to the "
	"fewest operations that still diverge and printed as ffactl command "
	"lines. Exit status 0 if none diverged, 1 if one did.",
	.options = explore_options, .parse_opt = parse_explore,
	.run = run_explore, .max_args = 0,
};
