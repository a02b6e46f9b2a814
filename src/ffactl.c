// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl: drive an FF-A SPMC from a Linux shell. This file holds only the
 * global options, the command table and the dispatch; handlers live in
 * src/cmd_*.c.
 */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "version.h"

/* --version: the tool's version and the module's (src/version.c). */
void (*argp_program_version_hook)(FILE *, struct argp_state *) = version_print;
const char *argp_program_bug_address = "the ffactl issue tracker";

const struct ffactl_cmd *const ffactl_cmds[] = {
	&cmd_version, &cmd_id, &cmd_features, &cmd_partitions, &cmd_msg,
	&cmd_share, &cmd_lend, &cmd_donate, &cmd_reclaim, &cmd_handles,
	&cmd_sp, &cmd_call, &cmd_decode, &cmd_sim, &cmd_smoke, &cmd_explore,
	&cmd_bench, NULL,
};

enum { OPT_DEVICE = 0x100, OPT_STATE, OPT_TRACE };

/*
 * argp reports its own errors (unknown option, missing value) in two lines
 * and exits. We collect them here and print the first line only, in our
 * format (or as JSON), so every usage error is one line.
 */
static FILE *argp_errs;
static char *argp_errbuf;
static size_t argp_errlen;
static const struct ffactl_ctx *argp_ctx;

static FILE *real_stderr;

/* A usage error exits while parsing: its JSON object is printed then. */
static void finish_json_at_exit(void)
{
	out_finish_held(&argp_ctx->out);
	fflush(stdout);
}

/*
 * The command's name before argp reaches it, so that a usage error in a
 * global option given before it (--backend foo share) names it too.
 */
static const struct ffactl_cmd *command_in(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--"))
			return NULL;
		/* Global options that take a separate value. */
		if (!strcmp(a, "-b") || !strcmp(a, "--backend") ||
		    !strcmp(a, "--device") || !strcmp(a, "--state")) {
			i++;
			continue;
		}
		if (a[0] == '-')
			continue;
		for (int c = 0; ffactl_cmds[c]; c++)
			if (!strcmp(a, ffactl_cmds[c]->name))
				return ffactl_cmds[c];
		return NULL;
	}
	return NULL;
}

static void report_argp_error(void)
{
	const char *cmd = argp_ctx->cmd ? argp_ctx->cmd->name : NULL;
	/* JSON names the command even when argp had not reached it. */
	const char *named = cmd ? cmd : argp_ctx->cmd_hint ?
			    argp_ctx->cmd_hint->name : NULL;
	char *nl, *msg;

	if (!argp_errs)
		return;
	stderr = real_stderr;
	if (fflush(argp_errs) || !argp_errlen)
		return;
	nl = strchr(argp_errbuf, '\n');
	if (nl)
		*nl = '\0';
	/* Drop argp's and getopt's "PROGRAM: " prefix; ours replaces it. */
	msg = strstr(argp_errbuf, ": ");
	msg = msg ? msg + 2 : argp_errbuf;
	if (cmd)
		out_error(&argp_ctx->out, cmd, "tool", EXIT_USAGE,
			  "%s: %s (see ffactl %s --help)", cmd, msg, cmd);
	else
		out_error(&argp_ctx->out, named, "tool", EXIT_USAGE,
			  "%s (see ffactl --help)", msg);
	fflush(stdout);
}

static const struct argp_option global_options[] = {
	{ "backend", 'b', "NAME", 0,
	  "dev (default: /dev/ffactl through the ffactl module) or sim "
	  "(the SPMC model in-process)", -1 },
	{ "device", OPT_DEVICE, "PATH", 0, "Device node (default /dev/ffactl)",
	  -1 },
	{ "state", OPT_STATE, "FILE", 0,
	  "sim state file (default $FFACTL_SIM_STATE, else "
	  "$XDG_RUNTIME_DIR/ffactl/sim.state)", -1 },
	{ "json", 'j', NULL, 0, "Print results and errors as JSON: one "
	  "object, whose ok is true iff the exit status (exit_status) is 0; "
	  "schemas in docs/schema/", -1 },
	{ "verbose", 'v', NULL, 0, "Print the raw result registers (twice: "
	  "--trace)", -1 },
	{ "trace", OPT_TRACE, NULL, 0, "Print every FF-A call of an operation "
	  "with its registers, in and out (each FFA_MEM_FRAG_TX, "
	  "FFA_RX_RELEASE, ...); on the dev backend the module makes some "
	  "calls itself, which are not traced: each ioctl is, with a note",
	  -1 },
	{ "quiet", 'q', NULL, 0, "Print results and errors only: no notes or "
	  "register dumps, even with -v", -1 },
	{ 0 }
};

static error_t parse_global(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;

	switch (key) {
	case 'b':
		if (strcmp(arg, "dev") && strcmp(arg, "sim")) {
			cli_usage(ctx, "--backend: '%s': unknown backend "
				  "(use dev or sim)", arg);
			exit(EXIT_USAGE);
		}
		ctx->backend_name = arg;
		break;
	case OPT_DEVICE:
		ctx->bopts.device = arg;
		break;
	case OPT_STATE:
		ctx->bopts.state = arg;
		break;
	case 'j':
		ctx->out.json = true;
		break;
	case 'v':
		ctx->out.verbose++;
		if (ctx->out.verbose >= 2)
			ctx->out.trace = true;
		break;
	case OPT_TRACE:
		ctx->out.trace = true;
		break;
	case 'q':
		ctx->out.quiet = true;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp global_argp = {
	global_options, parse_global, NULL, NULL, NULL, NULL, NULL
};

static const struct argp_child global_child[] = {
	{ &global_argp, 0, "Global options:", 1 },
	{ 0 }
};

static error_t parse_cmd(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;
	const struct ffactl_cmd *cmd = ctx->cmd;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = ctx;
		state->err_stream = argp_errs;
		break;
	case ARGP_KEY_ARG:
		if (ctx->nargs >= CLI_MAX_ARGS || ctx->nargs >= cmd->max_args) {
			cli_usage(ctx, "%s: too many arguments (at most %d)",
				  cmd->name, cmd->max_args);
			exit(EXIT_USAGE);
		}
		ctx->args[ctx->nargs++] = arg;
		break;
	case ARGP_KEY_END:
		if (ctx->nargs < cmd->min_args) {
			cli_usage(ctx, "%s: missing argument: %s", cmd->name,
				  cmd->args_doc ? cmd->args_doc : "");
			exit(EXIT_USAGE);
		}
		break;
	default:
		if (cmd->parse_opt)
			return cmd->parse_opt(key, arg, state);
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static char *commands_doc(void)
{
	static char doc[4096];
	size_t o;

	o = (size_t)snprintf(doc, sizeof(doc),
			     "Drive an FF-A SPMC (firmware behind SMC) from the "
			     "shell.\vCommands:\n");
	for (int i = 0; ffactl_cmds[i] && o < sizeof(doc); i++)
		o += (size_t)snprintf(doc + o, sizeof(doc) - o, "  %-11s %s\n",
				      ffactl_cmds[i]->name,
				      ffactl_cmds[i]->summary);
	if (o < sizeof(doc))
		snprintf(doc + o, sizeof(doc) - o,
			 "\n'ffactl COMMAND --help' describes a command.\n"
			 "Exit status: 0 ok, 2 usage, 3 backend unavailable, "
			 "4 system error, 9 unknown FF-A error or protocol "
			 "violation, 10+n FF-A error -n (12 "
			 "INVALID_PARAMETERS, 16 DENIED, ...).");
	return doc;
}

static error_t parse_top(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = ctx;
		state->err_stream = argp_errs;
		break;
	case ARGP_KEY_ARG:
		for (int i = 0; ffactl_cmds[i]; i++)
			if (!strcmp(arg, ffactl_cmds[i]->name))
				ctx->cmd = ffactl_cmds[i];
		if (!ctx->cmd) {
			cli_usage(ctx, "'%s': unknown command (see ffactl "
				  "--help)", arg);
			exit(EXIT_USAGE);
		}
		/* The rest belongs to the command's own parser. */
		ctx->cmd_index = state->next - 1;
		state->next = state->argc;
		break;
	case ARGP_KEY_NO_ARGS:
		cli_usage(ctx, "missing command (see ffactl --help)");
		exit(EXIT_USAGE);
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

int main(int argc, char **argv)
{
	/*
	 * Static: the exit handlers (report_argp_error, finish_json_at_exit)
	 * read it after main() has returned too.
	 */
	static struct ffactl_ctx ctx = { .backend_name = "dev" };
	struct argp top = { NULL, parse_top, "COMMAND [ARG...]", NULL,
			    global_child, NULL, NULL };
	char name[64];
	int first, rc;

	ctx.out.out = stdout;
	ctx.out.err = stderr;
	argp_err_exit_status = EXIT_USAGE;
	argp_ctx = &ctx;
	ctx.cmd_hint = command_in(argc, argv);
	/* Registered first, so it runs after report_argp_error(). */
	atexit(finish_json_at_exit);
	/* getopt prints to stderr itself: catch that too while parsing. */
	argp_errs = open_memstream(&argp_errbuf, &argp_errlen);
	if (argp_errs) {
		real_stderr = stderr;
		stderr = argp_errs;
		atexit(report_argp_error);
	}
	top.doc = commands_doc();
	argp_parse(&top, argc, argv, ARGP_IN_ORDER, NULL, &ctx);
	/* The command's parser sees "ffactl CMD" as its argv[0]. */
	first = ctx.cmd_index + 1;
	snprintf(name, sizeof(name), "ffactl %s", ctx.cmd->name);
	argv[first - 1] = name;

	struct argp cmd_argp = {
		ctx.cmd->options, parse_cmd, ctx.cmd->args_doc, NULL,
		global_child, NULL, NULL
	};
	char doc[1024];

	snprintf(doc, sizeof(doc), "%s%s%s", ctx.cmd->summary,
		 ctx.cmd->doc ? "\v" : "", ctx.cmd->doc ? ctx.cmd->doc : "");
	cmd_argp.doc = doc;
	argp_parse(&cmd_argp, argc - first + 1, argv + first - 1, 0, NULL, &ctx);
	if (argp_errs)
		stderr = real_stderr;

	rc = ctx.cmd->run(&ctx);
	if (ctx.be_open)
		backend_close(&ctx.be);
	out_finish(&ctx.out, rc);
	/*
	 * stdout full or closed: the result is lost, but what the command
	 * did (a handle made) is not; say it where it can still be read.
	 */
	if ((fflush(stdout) || ferror(stdout)) && rc == EXIT_OK) {
		out_write_failed(&ctx.out, ctx.cmd->name, errno ? errno : EIO,
				 ctx.out.effect);
		rc = EXIT_SYSTEM;
	}
	return rc;
}
