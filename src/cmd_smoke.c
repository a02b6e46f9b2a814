// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl smoke: run the conformance cases (src/smoke_cases.c) against the
 * backend and report them. The result is one JSON object; the output layer
 * renders it as TAP 13 (text mode) or prints it as JSON (--json).
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "errtab.h"
#include "ffa/uuid.h"
#include "model.h"
#include "parse.h"
#include "sim.h"
#include "smoke.h"

/* The suite found an unexpected failure (or left memory shared). */
#define EXIT_SMOKE_FAILED 1

#define MAX_FILTERS 16

static struct {
	const char *filter[MAX_FILTERS];
	unsigned int nfilter;
	bool list;
	int profile;              /* -1 = auto */
	int partition;            /* -1 = the default choice */
	bool in_place;            /* sim: in its state, not a copy */
	bool conformance;         /* docs/conformance.md, run nothing */
} opts = { .profile = -1, .partition = -1 };

enum {
	OPT_FILTER = 0x300, OPT_LIST, OPT_PROFILE, OPT_TAP, OPT_PARTITION,
	OPT_IN_PLACE, OPT_CONFORMANCE,
};

static const struct argp_option smoke_options[] = {
	{ "filter", OPT_FILTER, "GLOB", 0, "Run only the cases whose name "
	  "matches GLOB (fnmatch; repeat for more); none matching is a usage "
	  "error (exit 2)", 0 },
	{ "list", OPT_LIST, NULL, 0, "List the cases (name, what each checks, "
	  "expectations per profile), run nothing", 0 },
	{ "profile", OPT_PROFILE, "NAME", 0, "Expectations: auto (default: "
	  "detect the SPMC), spec, tfa-el3 or optee", 0 },
	{ "partition", OPT_PARTITION, "ID", 0, "Send memory and messages to "
	  "this partition (default: one speaking a test protocol ffactl "
	  "knows, else the first secure partition listed)", 0 },
	{ "tap", OPT_TAP, NULL, 0, "TAP 13 on stdout (the default; overrides "
	  "an earlier --json)", 0 },
	{ "in-place", OPT_IN_PLACE, NULL, 0, "sim: run in the sim's state "
	  "file itself (default: in a private copy of it, so parallel runs "
	  "and other commands do not disturb each other)", 0 },
	{ "conformance", OPT_CONFORMANCE, NULL, 0, "Print the FF-A ACS "
	  "conformance table (docs/conformance.md: each ACS check, the cases "
	  "that cover it and their expected outcome per profile), run "
	  "nothing", 0 },
	{ 0 }
};

static error_t parse_smoke(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;
	char err[PARSE_ERR_LEN];
	uint64_t v;

	switch (key) {
	case OPT_FILTER:
		if (opts.nfilter == MAX_FILTERS)
			exit(cli_usage(ctx, "--filter: at most %d patterns",
				       MAX_FILTERS));
		opts.filter[opts.nfilter++] = arg;
		break;
	case OPT_LIST:
		opts.list = true;
		break;
	case OPT_PROFILE:
		if (!strcmp(arg, "auto")) {
			opts.profile = -1;
			break;
		}
		opts.profile = smoke_profile_parse(arg);
		if (opts.profile < 0)
			exit(cli_usage(ctx, "--profile: '%s': unknown profile "
				       "(use auto, spec, tfa-el3 or optee)",
				       arg));
		break;
	case OPT_PARTITION:
		if (parse_uint(arg, UINT16_MAX, &v, err))
			exit(cli_usage(ctx, "--partition: %s", err));
		opts.partition = (int)v;
		break;
	case OPT_TAP:
		ctx->out.json = false;
		break;
	case OPT_IN_PLACE:
		opts.in_place = true;
		break;
	case OPT_CONFORMANCE:
		opts.conformance = true;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static bool selected(const struct smoke_case *k)
{
	if (!opts.nfilter)
		return true;
	for (unsigned int i = 0; i < opts.nfilter; i++)
		if (!fnmatch(opts.filter[i], k->name, 0))
			return true;
	return false;
}

/* No case selected would let a CI job pass on nothing: a usage error. */
static int check_selection(struct ffactl_ctx *ctx)
{
	for (unsigned int i = 0; i < smoke_case_count(); i++)
		if (selected(smoke_case_at(i)))
			return EXIT_OK;
	return cli_usage(ctx, "smoke: --filter: no case matches '%.60s'%s "
			 "(see ffactl smoke --list)", opts.filter[0],
			 opts.nfilter > 1 ? " or the other patterns" : "");
}

static json_object *version_str(uint32_t v)
{
	char s[16];

	snprintf(s, sizeof(s), "%u.%u", FFA_VERSION_MAJOR(v),
		 FFA_VERSION_MINOR(v));
	return json_object_new_string(s);
}

/* The ACS rows a case names, as an array of their ids. */
static json_object *acs_json(const struct smoke_case *k)
{
	json_object *arr = json_object_new_array();
	char id[128];

	for (const char *p = k->acs; p && *p;) {
		size_t w = strcspn(p, " ");

		snprintf(id, sizeof(id), "%.*s", (int)w, p);
		json_object_array_add(arr, json_object_new_string(id));
		p += w;
		p += strspn(p, " ");
	}
	return arr;
}

/*
 * What case @k comes to on the sim in @profile: its expectation (the
 * profile's documented deviation marked TODO), or a skip the profile
 * makes certain (an FF-A version below the case's, an ABI its
 * FFA_FEATURES does not report).
 */
static void outcome(const struct smoke_case *k, uint32_t profile, char *buf,
		    size_t cap)
{
	const struct smoke_deviation *d = smoke_deviation(profile, k->name);

	if (k->min_version &&
	    ffa_model_profile_version(profile) < k->min_version) {
		snprintf(buf, cap, "skip");
		return;
	}
	for (unsigned int i = 0; k->feature && i < smoke_case_count(); i++) {
		const struct smoke_case *f = smoke_case_at(i);
		const struct smoke_deviation *fd;

		if (strncmp(f->name, "features_", 9) || f->fid != k->feature)
			continue;
		fd = smoke_deviation(profile, f->name);
		if (fd && fd->observed) {
			snprintf(buf, cap, "skip");
			return;
		}
	}
	snprintf(buf, cap, "%s%s", smoke_code_name(d ? d->observed : k->expect),
		 d ? " (TODO)" : "");
}

static int run_conformance(struct ffactl_ctx *ctx)
{
	json_object *res = out_new("smoke"), *doc = json_object_new_object();
	json_object *rows = json_object_new_array(), *counts, *profiles;
	unsigned int n[SMOKE_ACS_STATUS_COUNT] = { 0 };
	unsigned int w[SMOKE_ACS_STATUS_COUNT] = { 0 };
	unsigned int total = 0, wtotal = 0;
	char buf[512], one[64];

	for (unsigned int i = 0; i < smoke_acs_count(); i++) {
		const struct smoke_acs_row *r = smoke_acs_at(i);
		enum smoke_acs_status st = smoke_acs_status(r);
		json_object *o = json_object_new_object();
		json_object *cs = json_object_new_array();

		n[st]++;
		w[st] += r->weight;
		total++;
		wtotal += r->weight;
		json_object_object_add(o, "id", json_object_new_string(r->id));
		json_object_object_add(o, "area",
				       json_object_new_string(r->area));
		json_object_object_add(o, "test",
				       json_object_new_string(r->test));
		json_object_object_add(o, "tag", json_object_new_string(r->tag));
		json_object_object_add(o, "check",
				       json_object_new_string(r->check));
		json_object_object_add(o, "sender",
				       json_object_new_string(r->sender));
		json_object_object_add(o, "expect",
				       json_object_new_string(r->expect));
		json_object_object_add(o, "weight",
				       json_object_new_int((int)r->weight));
		json_object_object_add(o, "status", json_object_new_string(
			smoke_acs_status_name(st)));
		for (unsigned int j = 0; j < smoke_case_count(); j++) {
			const struct smoke_case *k = smoke_case_at(j);
			json_object *c;

			if (!smoke_case_names_acs(k, r->id))
				continue;
			buf[0] = '\0';
			for (uint32_t p = 0; p < SMOKE_PROFILE_COUNT; p++) {
				outcome(k, p, one, sizeof(one));
				snprintf(buf + strlen(buf),
					 sizeof(buf) - strlen(buf), "%s%s",
					 p ? " / " : "", one);
			}
			c = json_object_new_object();
			json_object_object_add(c, "name",
					       json_object_new_string(k->name));
			json_object_object_add(c, "outcomes",
					       json_object_new_string(buf));
			json_object_array_add(cs, c);
		}
		json_object_object_add(o, "cases", cs);
		json_object_object_add(o, "not_checkable", r->not_nw ?
			json_object_new_string(r->not_nw) : NULL);
		json_object_object_add(o, "left", r->left && st != SMOKE_ACS_COVERED ?
			json_object_new_string(r->left) : NULL);
		json_object_array_add(rows, o);
	}
	counts = json_object_new_array();
	for (unsigned int st = 0; st <= SMOKE_ACS_STATUS_COUNT; st++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "status", json_object_new_string(
			st < SMOKE_ACS_STATUS_COUNT ?
			smoke_acs_status_name(st) : "all ACS checks in scope"));
		json_object_object_add(o, "rows", json_object_new_int((int)(
			st < SMOKE_ACS_STATUS_COUNT ? n[st] : total)));
		json_object_object_add(o, "weighted", json_object_new_int((int)(
			st < SMOKE_ACS_STATUS_COUNT ? w[st] : wtotal)));
		json_object_array_add(counts, o);
	}
	profiles = json_object_new_array();
	for (uint32_t p = 0; p < SMOKE_PROFILE_COUNT; p++)
		json_object_array_add(profiles, json_object_new_string(
			smoke_profile_name(p)));
	json_object_object_add(doc, "preamble",
			       json_object_new_string(smoke_acs_preamble));
	json_object_object_add(doc, "counts", counts);
	json_object_object_add(doc, "profiles", profiles);
	json_object_object_add(doc, "rows", rows);
	json_object_object_add(doc, "postamble",
			       json_object_new_string(smoke_acs_postamble));
	json_object_object_add(res, "conformance", doc);
	out_result(&ctx->out, res);
	return EXIT_OK;
}

static int run_list(struct ffactl_ctx *ctx)
{
	json_object *res = out_new("smoke"), *arr = json_object_new_array();

	for (unsigned int i = 0; i < smoke_case_count(); i++) {
		const struct smoke_case *k = smoke_case_at(i);
		json_object *e, *exp;

		if (!selected(k))
			continue;
		e = json_object_new_object();
		json_object_object_add(e, "name",
				       json_object_new_string(k->name));
		json_object_object_add(e, "what",
				       json_object_new_string(k->what));
		json_object_object_add(e, "min_version", version_str(
			k->min_version ? k->min_version : FFA_VERSION_1_0));
		json_object_object_add(e, "needs_partition",
			json_object_new_boolean(k->needs &
						SMOKE_NEED_PARTITION));
		json_object_object_add(e, "needs_test_protocol",
			json_object_new_boolean(k->needs &
						SMOKE_NEED_PROTOCOL));
		json_object_object_add(e, "needs_other_partitions",
			json_object_new_boolean(k->needs &
						SMOKE_NEED_OTHERS));
		if (k->feature)
			json_object_object_add(e, "needs_feature",
				json_object_new_string(errtab_abi_name(
					FFA_FN_NUM(k->feature))));
		exp = json_object_new_object();
		for (uint32_t p = 0; p < SMOKE_PROFILE_COUNT; p++) {
			const struct smoke_deviation *d =
				smoke_deviation(p, k->name);

			json_object_object_add(exp, smoke_profile_name(p),
				json_object_new_string(smoke_code_name(
					d ? d->observed : k->expect)));
		}
		json_object_object_add(e, "expect", exp);
		json_object_object_add(e, "acs", acs_json(k));
		json_object_array_add(arr, e);
	}
	json_object_object_add(res, "list", json_object_new_boolean(1));
	json_object_object_add(res, "cases", arr);
	out_result(&ctx->out, res);
	return EXIT_OK;
}

static const char *const result_names[] = {
	[SMOKE_OK] = "ok", [SMOKE_NOT_OK] = "not ok", [SMOKE_SKIP] = "skip",
	[SMOKE_TODO] = "todo",
};

/* The decisive call of a case that did not pass, decoded. */
static void add_call(json_object *e, const struct smoke_case_out *o)
{
	struct result_status st;
	json_object *err;

	if (!o->have_regs)
		return;
	result_classify(o->fid, &o->regs, &st);
	json_object_object_add(e, "abi", out_abi(st.abi));
	if (st.kind != RESULT_OK) {
		err = json_object_new_object();
		json_object_object_add(err, "code",
				       json_object_new_int(st.code));
		json_object_object_add(err, "name",
				       json_object_new_string(st.name));
		json_object_object_add(err, "message",
				       json_object_new_string(st.message));
		if (st.detail[0])
			json_object_object_add(err, "detail",
				json_object_new_string(st.detail));
		json_object_object_add(e, "error", err);
	}
	out_add_regs(e, &o->regs, 8);
}

static json_object *partition_json(const struct smoke_partition *p)
{
	json_object *o = json_object_new_object();
	char u[FFA_UUID_STR_LEN + 1], id[8];

	json_object_object_add(o, "found", json_object_new_boolean(p->found));
	if (p->found) {
		snprintf(id, sizeof(id), "0x%04x", p->id);
		json_object_object_add(o, "id", json_object_new_string(id));
	}
	if (p->found && p->have_uuid) {
		ffa_uuid_format(p->uuid, u);
		json_object_object_add(o, "uuid", json_object_new_string(u));
	} else {
		json_object_object_add(o, "uuid", NULL);
	}
	json_object_object_add(o, "protocol", p->proto ?
			       json_object_new_string(p->proto->name) : NULL);
	json_object_object_add(o, "reason", json_object_new_string(p->why));
	return o;
}

static json_object *evidence_json(const struct smoke_detection *d)
{
	json_object *arr = json_object_new_array();

	for (unsigned int i = 0; i < d->n; i++) {
		const struct smoke_evidence *e = &d->e[i];
		json_object *o = json_object_new_object(), *fits;

		json_object_object_add(o, "probe",
				       json_object_new_string(e->name));
		json_object_object_add(o, "observed", e->ran ?
			json_object_new_string(smoke_code_name(e->observed)) :
			NULL);
		fits = json_object_new_array();
		for (uint32_t p = 0; p < SMOKE_PROFILE_COUNT; p++)
			if (e->fits & (1u << p))
				json_object_array_add(fits,
					json_object_new_string(
						smoke_profile_name(p)));
		json_object_object_add(o, "fits", fits);
		json_object_array_add(arr, o);
	}
	return arr;
}

static int run_suite(struct ffactl_ctx *ctx)
{
	unsigned int counts[4] = { 0 }, n = 0;
	struct smoke_detection det;
	const char *why = "given with --profile";
	struct smoke_ctx *c;
	json_object *res, *arr, *leaks;
	char reason[256];
	int rc;

	rc = cli_backend(ctx);
	if (rc)
		return rc;
	c = calloc(1, sizeof(*c));
	if (!c) {
		out_error(&ctx->out, "smoke", "tool", EXIT_SYSTEM,
			  "out of memory");
		return EXIT_SYSTEM;
	}
	rc = smoke_prepare(c, &ctx->be, opts.profile < 0 ? FFA_PROFILE_SPEC :
			   (uint32_t)opts.profile, opts.partition);
	if (rc == -ENOENT) {
		rc = cli_usage(ctx, "smoke: %s", c->part.why);
		free(c);
		return rc;
	}
	if (rc == 0 && opts.profile < 0) {
		rc = smoke_profile_detect(c, &det);
		c->profile = det.profile;
		why = det.why;
	}
	if (rc < 0) {
		free(c);
		return cli_backend_error(ctx, rc);
	}

	res = out_new("smoke");
	arr = json_object_new_array();
	for (unsigned int i = 0; i < smoke_case_count(); i++) {
		const struct smoke_case *k = smoke_case_at(i);
		enum smoke_result r;
		json_object *e;

		if (!selected(k))
			continue;
		r = smoke_run_case(c, k, reason, sizeof(reason));
		counts[r]++;
		e = json_object_new_object();
		json_object_object_add(e, "n", json_object_new_int((int)++n));
		json_object_object_add(e, "name",
				       json_object_new_string(k->name));
		json_object_object_add(e, "what",
				       json_object_new_string(k->what));
		json_object_object_add(e, "result",
				       json_object_new_string(result_names[r]));
		json_object_object_add(e, "acs", acs_json(k));
		if (reason[0])
			json_object_object_add(e, "reason",
					       json_object_new_string(reason));
		if (r == SMOKE_NOT_OK || r == SMOKE_TODO) {
			json_object_object_add(e, "expected",
				json_object_new_string(
					smoke_code_name(k->expect)));
			if (c->out.have_regs)
				json_object_object_add(e, "observed",
					json_object_new_string(smoke_code_name(
						c->out.observed)));
			add_call(e, &c->out);
		}
		json_object_array_add(arr, e);
	}

	rc = smoke_finish(c);
	if (rc < 0) {
		json_object_put(res);
		free(c);
		return cli_backend_error(ctx, rc);
	}
	json_object_object_add(res, "ok", json_object_new_boolean(
		!counts[SMOKE_NOT_OK] && !c->nleaked && !c->leaks_dropped));
	json_object_object_add(res, "backend",
			       json_object_new_string(ctx->backend_name));
	json_object_object_add(res, "profile", json_object_new_string(
		smoke_profile_name(c->profile)));
	json_object_object_add(res, "profile_source", json_object_new_string(
		opts.profile < 0 ? "auto" : "option"));
	json_object_object_add(res, "profile_reason",
			       json_object_new_string(why));
	json_object_object_add(res, "profile_evidence", opts.profile < 0 ?
			       evidence_json(&det) : NULL);
	json_object_object_add(res, "partition", partition_json(&c->part));
	json_object_object_add(res, "second_partition",
			       partition_json(&c->part2));
	json_object_object_add(res, "spmc_version", version_str(c->version));
	json_object_object_add(res, "negotiated", version_str(c->nego));
	json_object_object_add(res, "negotiated_after", c->found_nego ?
			       version_str(c->found_nego) :
			       version_str(c->nego));
	/*
	 * The SPMC refused another FFA_VERSION than the one in effect
	 * (DEN0077 v1.2 §13.2): the run spoke that one.
	 */
	json_object_object_add(res, "version_fixed",
			       json_object_new_boolean(c->version_fixed));
	json_object_object_add(res, "plan", json_object_new_int((int)n));
	json_object_object_add(res, "cases", arr);
	json_object_object_add(res, "passed",
			       json_object_new_int((int)counts[SMOKE_OK]));
	json_object_object_add(res, "failed",
			       json_object_new_int((int)counts[SMOKE_NOT_OK]));
	json_object_object_add(res, "skipped",
			       json_object_new_int((int)counts[SMOKE_SKIP]));
	json_object_object_add(res, "todo",
			       json_object_new_int((int)counts[SMOKE_TODO]));
	leaks = json_object_new_array();
	for (unsigned int i = 0; i < c->nleaked; i++)
		json_object_array_add(leaks, out_hex(c->leaked[i]));
	json_object_object_add(res, "unreclaimed_handles", leaks);
	json_object_object_add(res, "unreclaimed_dropped",
			       json_object_new_int((int)c->leaks_dropped));
	rc = counts[SMOKE_NOT_OK] || c->nleaked || c->leaks_dropped ?
		     EXIT_SMOKE_FAILED : EXIT_OK;
	free(c);
	out_result(&ctx->out, res);
	return rc;
}

/*
 * On the sim the suite runs in a private copy of the state unless
 * --in-place: three suites at once, or a reset beside one, would
 * otherwise see each other's handles and negotiated versions.
 */
static int run_smoke(struct ffactl_ctx *ctx)
{
	char path[4096], err[512];
	int rc = check_selection(ctx);

	if (rc)
		return rc;
	if (opts.conformance)
		return run_conformance(ctx);
	if (opts.list)
		return run_list(ctx);
	if (strcmp(ctx->backend_name, "sim") || opts.in_place)
		return run_suite(ctx);
	if (sim_state_snapshot(ctx->bopts.state, path, sizeof(path), err,
			       sizeof(err))) {
		out_error(&ctx->out, "smoke", "backend", EXIT_SYSTEM, "%s",
			  err);
		return EXIT_SYSTEM;
	}
	ctx->bopts.state = path;
	rc = run_suite(ctx);
	if (ctx->be_open) {
		backend_close(&ctx->be);
		ctx->be_open = false;
	}
	sim_state_snapshot_remove(path);
	return rc;
}

const struct ffactl_cmd cmd_smoke = {
	.name = "smoke", .summary = "Conformance smoke suite (TAP 13 or JSON)",
	.doc = "Runs the FF-A conformance cases through the backend and prints "
	"TAP 13 (or JSON with --json). Cases a profile documents as deviating "
	"are TODO; preconditions missing are SKIP. Exit status 0 iff no case "
	"failed unexpectedly and every handle was reclaimed, else 1.",
	.options = smoke_options, .parse_opt = parse_smoke, .run = run_smoke,
	.max_args = 0,
};
