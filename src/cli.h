/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the subcommand handlers share: the invocation context, the command
 * table entry type, and helpers for calling the backend and reporting.
 */
#ifndef FFACTL_CLI_H
#define FFACTL_CLI_H

#include <argp.h>
#include <stdbool.h>

#include "backend.h"
#include "output.h"
#include "result.h"

/* Exit statuses (DESIGN.md §7); FF-A errors map to 10 + n, see errtab. */
enum {
	EXIT_OK = 0,
	EXIT_USAGE = 2,
	EXIT_BACKEND = 3,
	EXIT_SYSTEM = 4,
};

#define CLI_MAX_ARGS 32

struct ffactl_ctx {
	const char *backend_name;
	struct backend_opts bopts;
	struct out out;
	struct ffactl_backend be;
	bool be_open;
	const struct ffactl_cmd *cmd;
	const struct ffactl_cmd *cmd_hint;     /* the command argv names,
						* before argp reaches it */
	int cmd_index;                         /* argv index of the command */
	char *args[CLI_MAX_ARGS];
	int nargs;
};

struct ffactl_cmd {
	const char *name;
	const char *args_doc;
	const char *summary;
	const char *doc;                       /* extra --help text, or NULL */
	const struct argp_option *options;     /* command options, or NULL */
	/* Command options; state->input is the ctx. NULL = none. */
	error_t (*parse_opt)(int key, char *arg, struct argp_state *state);
	int (*run)(struct ffactl_ctx *ctx);
	int min_args;
	int max_args;
};

/* The command table (ffactl.c) and its length. */
extern const struct ffactl_cmd *const ffactl_cmds[];

/* Handlers, one group per file. */
extern const struct ffactl_cmd cmd_version, cmd_id, cmd_features,
	cmd_partitions, cmd_msg, cmd_call;
extern const struct ffactl_cmd cmd_share, cmd_lend, cmd_donate, cmd_reclaim,
	cmd_handles;
extern const struct ffactl_cmd cmd_decode;
extern const struct ffactl_cmd cmd_sim;
extern const struct ffactl_cmd cmd_smoke;
extern const struct ffactl_cmd cmd_explore;
extern const struct ffactl_cmd cmd_bench;
extern const struct ffactl_cmd cmd_sp;

/* One-line usage error (exit 2). Prints and returns EXIT_USAGE. */
int cli_usage(struct ffactl_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Opens the backend once; on failure reports it and returns its exit status. */
int cli_backend(struct ffactl_ctx *ctx);

/*
 * Reports a backend op that failed to reach the SPMC (@rc < 0): exit 3 for a
 * missing device or permission, 4 otherwise.
 */
int cli_backend_error(struct ffactl_ctx *ctx, int rc);

/*
 * Classifies the result of a call to @fid, prints -v registers; if it is not
 * a success, reports it and returns its exit status; 0 if it succeeded.
 */
int cli_check(struct ffactl_ctx *ctx, uint32_t fid, const struct ffa_regs *r,
	      struct result_status *st);

/* Makes a register-only call through the backend: 0 = success, else exit. */
int cli_call(struct ffactl_ctx *ctx, struct ffa_regs *io,
	     struct result_status *st);

#endif /* FFACTL_CLI_H */
