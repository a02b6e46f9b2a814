// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl sim reset|status|fault: the simulator's own state, and its fault
 * injection (the test partition's FFA_SP_CMD_FAULT, model/model.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "errtab.h"
#include "model.h"
#include "parse.h"
#include "sim.h"

static int sim_profile = FFA_PROFILE_SPEC;

/* "1.1" */
static json_object *version_json(uint32_t v)
{
	char s[16];

	snprintf(s, sizeof(s), "%u.%u", FFA_VERSION_MAJOR(v),
		 FFA_VERSION_MINOR(v));
	return json_object_new_string(s);
}

static int sim_layout = FFA_LAYOUT_TEST;
static uint32_t sim_negotiate; /* 0: the module's default, 1.1 */
static bool reset_opts_given;

/* sim fault: what to arm. */
static struct {
	uint32_t fn_num;     /* 0 = no --abi */
	int32_t error;
	uint64_t a0;
	uint32_t count;
	bool clear;
} fault = { .count = 1 };

enum {
	OPT_PROFILE = 0x400, OPT_ABI, OPT_ERROR, OPT_A0, OPT_COUNT, OPT_CLEAR,
	OPT_PARTITIONS, OPT_NEGOTIATE,
};

static const struct argp_option sim_options[] = {
	{ "profile", OPT_PROFILE, "NAME", 0, "reset: the SPMC behaviour to "
	  "model: spec (default, Hafnium-like), tfa-el3 (TF-A EL3 SPMC), "
	  "optee (OP-TEE S-EL1 SPMC)", 0 },
	{ "partitions", OPT_PARTITIONS, "TABLE", 0, "reset: the partitions "
	  "to present: test (default: ffactl's test partition 0x8001), optee "
	  "(0x8001 with OP-TEE's UUID, answering in OP-TEE's protocol, as "
	  "real firmware lists it), tsp (0x8001 as TF-A's TSP)", 0 },
	{ "negotiate", OPT_NEGOTIATE, "MAJOR.MINOR", 0, "reset: the FF-A "
	  "version the module asks for at load (default 1.1), as its "
	  "ffa_version parameter; the spec profile fixes it once other "
	  "calls are made", 0 },
	{ "abi", OPT_ABI, "ABI", 0, "fault: the call to fail (mem_reclaim, "
	  "0x84000077, ...)", 0 },
	{ "error", OPT_ERROR, "NAME", 0, "fault: answer FFA_ERROR with this "
	  "code (DENIED, ABORTED, BUSY, RETRY, ...)", 0 },
	{ "a0", OPT_A0, "VALUE", 0, "fault: answer with this a0 instead "
	  "(e.g. mem_frag_rx, or any number)", 0 },
	{ "count", OPT_COUNT, "N", 0, "fault: how many calls to fail "
	  "(default 1)", 0 },
	{ "clear", OPT_CLEAR, NULL, 0, "fault: disarm", 0 },
	{ 0 }
};

/* "DENIED", "denied", "FFA_RET_DENIED" to its FFA_RET_* code; 0 if none. */
static int32_t error_parse(const char *s)
{
	int32_t c;

	if (!strncasecmp(s, "FFA_RET_", 8))
		s += 8;
	for (c = -1; c >= -64; c--)
		if (errtab_name(c) && !strcasecmp(errtab_name(c), s))
			return c;
	return 0;
}

static error_t parse_sim(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;
	char err[PARSE_ERR_LEN];
	uint32_t fid;
	uint64_t v;

	switch (key) {
	case OPT_PROFILE:
		sim_profile = ffa_model_profile_parse(arg);
		if (sim_profile < 0)
			exit(cli_usage(ctx, "--profile: '%.20s': unknown "
				       "profile (use spec, tfa-el3 or optee)",
				       arg));
		reset_opts_given = true;
		return 0;
	case OPT_PARTITIONS:
		sim_layout = ffa_model_layout_parse(arg);
		if (sim_layout < 0)
			exit(cli_usage(ctx, "--partitions: '%.20s': unknown "
				       "partition table (use test, optee or tsp)",
				       arg));
		reset_opts_given = true;
		return 0;
	case OPT_NEGOTIATE:
		if (parse_version(arg, &sim_negotiate, err))
			exit(cli_usage(ctx, "--negotiate: %s", err));
		if (FFA_VERSION_MAJOR(sim_negotiate) != 1)
			exit(cli_usage(ctx, "--negotiate: '%.20s': the module "
				       "asks for FF-A 1.x", arg));
		reset_opts_given = true;
		return 0;
	case OPT_ABI:
		if (parse_fid(arg, &fid, err))
			exit(cli_usage(ctx, "--abi: %s", err));
		fault.fn_num = FFA_FN_NUM(fid);
		return 0;
	case OPT_ERROR:
		fault.error = error_parse(arg);
		if (!fault.error)
			exit(cli_usage(ctx, "--error: '%.40s': not an FF-A "
				       "error name (DENIED, ABORTED, BUSY, "
				       "RETRY, ...)", arg));
		return 0;
	case OPT_A0:
		/* A function name or ID (mem_frag_rx), else any number. */
		if (parse_fid(arg, &fid, err) == 0) {
			fault.a0 = fid;
		} else if (parse_u64(arg, &v, err) == 0 && v) {
			fault.a0 = v;
		} else {
			exit(cli_usage(ctx, "--a0: '%.40s': not an FF-A "
				       "function or a non-zero number", arg));
		}
		return 0;
	case OPT_COUNT:
		if (parse_uint(arg, UINT32_MAX, &v, err))
			exit(cli_usage(ctx, "--count: %s", err));
		if (!v)
			exit(cli_usage(ctx, "--count: must be at least 1"));
		fault.count = (uint32_t)v;
		return 0;
	case OPT_CLEAR:
		fault.clear = true;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

/*
 * Arms (or clears) the model's fault through the test partition's
 * FFA_SP_CMD_FAULT: the same direct message works on the EL2 responder
 * (ffactl msg --to 0x8001 5 FN ERROR COUNT A0).
 */
static int run_fault(struct ffactl_ctx *ctx)
{
	struct ffa_regs r = { { FFA_FN_SMC64(FFA_MSG_SEND_DIRECT_REQ) } };
	struct sim_status status;
	struct result_status st;
	json_object *out;
	char err[512];
	int rc;

	if (fault.clear) {
		if (fault.fn_num || fault.error || fault.a0)
			return cli_usage(ctx, "sim fault: --clear takes no "
					 "--abi, --error or --a0");
	} else {
		if (!fault.fn_num)
			return cli_usage(ctx, "sim fault: missing --abi ABI");
		if (!fault.error == !fault.a0)
			return cli_usage(ctx, "sim fault: give one of --error "
					 "NAME or --a0 VALUE");
	}
	/* Faults are armed through our test partition's protocol. */
	if (sim_status(ctx->bopts.state, &status, err, sizeof(err)) == 0 &&
	    status.layout != FFA_LAYOUT_TEST)
		return cli_usage(ctx, "sim fault: the sim lists no ffactl test "
				 "partition (partitions %s); run 'ffactl sim "
				 "reset --partitions test'",
				 ffa_model_layout_name(status.layout) ?: "?");
	ctx->backend_name = "sim";
	rc = cli_backend(ctx);
	if (rc)
		return rc;
	r.a[1] = (uint64_t)FFA_MODEL_NWD_ID << 16 | FFA_MODEL_TEST_SP_ID;
	r.a[3] = FFA_SP_CMD_FAULT;
	if (!fault.clear) {
		r.a[4] = fault.fn_num;
		r.a[5] = (uint32_t)fault.error;
		r.a[6] = fault.count;
		r.a[7] = fault.a0;
	}
	rc = ctx->be.ops->call(&ctx->be, &r);
	if (rc < 0)
		return cli_backend_error(ctx, rc);
	rc = cli_check(ctx, FFA_FN_SMC64(FFA_MSG_SEND_DIRECT_REQ), &r, &st);
	if (rc)
		return rc;
	if ((uint32_t)r.a[3]) {
		out_error(&ctx->out, "sim", "firmware", EXIT_SYSTEM,
			  "sim fault: the test partition refused (status %d)",
			  (int32_t)r.a[3]);
		return EXIT_SYSTEM;
	}
	out = out_new("sim");
	json_object_object_add(out, "action", json_object_new_string("fault"));
	json_object_object_add(out, "abi", fault.clear ? NULL :
			       out_abi(errtab_abi_name(fault.fn_num)));
	if (fault.error)
		json_object_object_add(out, "error", json_object_new_string(
			errtab_name(fault.error)));
	if (fault.a0)
		json_object_object_add(out, "a0", out_hex(fault.a0));
	json_object_object_add(out, "count", json_object_new_int64(
		fault.clear ? 0 : fault.count));
	out_result(&ctx->out, out);
	return EXIT_OK;
}

static int run_sim(struct ffactl_ctx *ctx)
{
	char err[512];
	json_object *out;
	bool fault_opts = fault.fn_num || fault.error || fault.a0 ||
			  fault.clear || fault.count != 1;

	if (!strcmp(ctx->args[0], "fault")) {
		if (reset_opts_given)
			return cli_usage(ctx, "sim fault: --profile, "
					 "--partitions and --negotiate are for "
					 "reset");
		return run_fault(ctx);
	}
	if (fault_opts)
		return cli_usage(ctx, "sim %.20s: --abi, --error, --a0, "
				 "--count and --clear are for sim fault",
				 ctx->args[0]);
	if (!strcmp(ctx->args[0], "reset")) {
		if (sim_reset_version(ctx->bopts.state, (uint32_t)sim_profile,
				      (uint32_t)sim_layout, sim_negotiate, err,
				      sizeof(err))) {
			out_error(&ctx->out, "sim", "backend", EXIT_SYSTEM,
				  "%s", err);
			return EXIT_SYSTEM;
		}
		out = out_new("sim");
		json_object_object_add(out, "action",
				       json_object_new_string("reset"));
		json_object_object_add(out, "profile", json_object_new_string(
			ffa_model_profile_name((uint32_t)sim_profile)));
		json_object_object_add(out, "partitions",
			json_object_new_string(ffa_model_layout_name(
				(uint32_t)sim_layout)));
		json_object_object_add(out, "negotiated", version_json(
			sim_negotiate ? sim_negotiate : FFA_VERSION_1_1));
		out_result(&ctx->out, out);
		return EXIT_OK;
	}
	if (!strcmp(ctx->args[0], "status")) {
		struct sim_status st;

		if (sim_status(ctx->bopts.state, &st, err, sizeof(err))) {
			out_error(&ctx->out, "sim", "backend", EXIT_SYSTEM,
				  "%s", err);
			return EXIT_SYSTEM;
		}
		out = out_new("sim");
		json_object_object_add(out, "action",
				       json_object_new_string("status"));
		json_object_object_add(out, "state_file",
				       json_object_new_string(st.path));
		json_object_object_add(out, "profile", json_object_new_string(
			ffa_model_profile_name(st.profile) ?: "?"));
		json_object_object_add(out, "live_handles",
				       json_object_new_int64(st.live_handles));
		json_object_object_add(out, "next_handle",
				       out_hex(st.next_handle));
		json_object_object_add(out, "rxtx_mapped",
				       json_object_new_boolean(st.rxtx_mapped));
		json_object_object_add(out, "rx_owned",
				       json_object_new_boolean(st.rx_owned));
		json_object_object_add(out, "zeroed_pages",
				       json_object_new_int64((int64_t)
							     st.zeroed_pages));
		json_object_object_add(out, "partitions",
			json_object_new_int64(st.partition_count));
		json_object_object_add(out, "partition_table",
			json_object_new_string(ffa_model_layout_name(st.layout)
					       ?: "?"));
		/*
		 * null until the first command opens the sim after a reset
		 * without --negotiate.
		 */
		json_object_object_add(out, "negotiated", st.negotiated ?
				       version_json(st.negotiated) : NULL);
		out_result(&ctx->out, out);
		return EXIT_OK;
	}
	return cli_usage(ctx, "sim: '%.20s': unknown action (use reset, "
			 "status or fault)", ctx->args[0]);
}

const struct ffactl_cmd cmd_sim = {
	.name = "sim", .args_doc = "reset|status|fault",
	.summary = "The simulator's state: start over, show it, inject faults",
	.doc = "reset [--profile spec|tfa-el3|optee] [--partitions "
	       "test|optee|tsp] [--negotiate MAJOR.MINOR] "
	       "forgets every handle (a reboot), and the module then "
	       "negotiates MAJOR.MINOR (default 1.1) at load; "
	       "status shows the state file and what it holds; fault --abi "
	       "ABI (--error NAME|--a0 VALUE) [--count N] makes the next N "
	       "calls of ABI fail that way (--clear disarms).",
	.options = sim_options, .parse_opt = parse_sim, .run = run_sim,
	.min_args = 1, .max_args = 1,
};
