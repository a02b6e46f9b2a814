// SPDX-License-Identifier: GPL-2.0-or-later
/* ffactl sim reset|status: the simulator's own state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model.h"
#include "sim.h"

static int sim_profile = FFA_PROFILE_SPEC;

enum { OPT_PROFILE = 0x400 };

static const struct argp_option sim_options[] = {
	{ "profile", OPT_PROFILE, "NAME", 0, "reset: the SPMC behaviour to "
	  "model: spec (default, Hafnium-like), tfa-el3 (TF-A EL3 SPMC), "
	  "optee (OP-TEE S-EL1 SPMC)", 0 },
	{ 0 }
};

static error_t parse_sim(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;

	if (key != OPT_PROFILE)
		return ARGP_ERR_UNKNOWN;
	sim_profile = ffa_model_profile_parse(arg);
	if (sim_profile < 0)
		exit(cli_usage(ctx, "--profile: '%.20s': unknown profile (use "
			       "spec, tfa-el3 or optee)", arg));
	return 0;
}

static int run_sim(struct ffactl_ctx *ctx)
{
	char err[512];
	json_object *out;

	if (!strcmp(ctx->args[0], "reset")) {
		if (sim_reset(ctx->bopts.state, (uint32_t)sim_profile, err,
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
		out_result(&ctx->out, out);
		return EXIT_OK;
	}
	return cli_usage(ctx, "sim: '%.20s': unknown action (use reset or "
			 "status)", ctx->args[0]);
}

const struct ffactl_cmd cmd_sim = {
	.name = "sim", .args_doc = "reset|status",
	.summary = "The simulator's state: start over, or show it",
	.doc = "reset [--profile spec|tfa-el3|optee] forgets every handle; "
	       "status shows the state file and what it holds.",
	.options = sim_options, .parse_opt = parse_sim, .run = run_sim,
	.min_args = 1, .max_args = 1,
};
