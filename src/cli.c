// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_usage(struct ffactl_ctx *ctx, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	out_error(&ctx->out, ctx->cmd ? ctx->cmd->name : ctx->cmd_hint ?
		  ctx->cmd_hint->name : NULL, "tool", EXIT_USAGE, "%s", msg);
	return EXIT_USAGE;
}

int cli_backend_error(struct ffactl_ctx *ctx, int rc)
{
	int status = EXIT_SYSTEM;

	/* No device, no permission, wrong module: the backend is unusable. */
	/* ...or its transport cannot make this request (nothing sent). */
	if (rc == -ENOENT || rc == -ENODEV || rc == -ENXIO || rc == -EACCES ||
	    rc == -EPERM || rc == -EPROTO || rc == -ENOTTY ||
	    rc == -EOPNOTSUPP)
		status = EXIT_BACKEND;
	out_error(&ctx->out, ctx->cmd->name, "backend", status, "%s",
		  ctx->be.errmsg[0] ? ctx->be.errmsg : strerror(-rc));
	return status;
}

static void cli_trace(void *arg, const char *what, const struct ffa_regs *in,
		      const struct ffa_regs *out, const char *note)
{
	struct ffactl_ctx *ctx = arg;

	out_trace(&ctx->out, what, in, out, note);
}

int cli_backend(struct ffactl_ctx *ctx)
{
	int rc;

	if (ctx->be_open)
		return EXIT_OK;
	if (ctx->out.trace) {
		ctx->bopts.trace = cli_trace;
		ctx->bopts.trace_arg = ctx;
	}
	rc = backend_open(&ctx->be, ctx->backend_name, &ctx->bopts);
	if (rc < 0)
		return cli_backend_error(ctx, rc);
	/* The sim traces each call; the dev backend each ioctl. */
	if (ctx->out.trace && !strcmp(ctx->backend_name, "dev"))
		backend_trace_wrap(&ctx->be);
	ctx->be_open = true;
	return EXIT_OK;
}

/*
 * An FF-A 1.2 ABI refused as NOT_SUPPORTED while an earlier version is
 * negotiated: the SPMC answers in the version in effect, the lower of the
 * two (DEN0077 v1.2 §13.2.1), so the cause is most likely ours. Says so.
 */
static void version_hint(struct ffactl_ctx *ctx, uint32_t fid,
			 struct result_status *st)
{
	uint32_t num = FFA_FN_NUM(fid);
	struct negotiated_version nv;

	if (st->kind != RESULT_FFA_ERROR || st->code != FFA_RET_NOT_SUPPORTED ||
	    (num != FFA_MSG_SEND_DIRECT_REQ2 &&
	     num != FFA_PARTITION_INFO_GET_REGS) || !ctx->be_open ||
	    ctx->be.ops->negotiated(&ctx->be, &nv) || !nv.version ||
	    nv.version >= FFA_VERSION_1_2)
		return;
	if (nv.transport == BACKEND_TRANSPORT_DRIVER)
		snprintf(st->detail, sizeof(st->detail), "an FF-A 1.2 ABI, "
			 "and the in-tree FF-A driver negotiated %u.%u",
			 FFA_VERSION_MAJOR(nv.version),
			 FFA_VERSION_MINOR(nv.version));
	/*
	 * An SPMC that fixes the version once other calls are made (DEN0077
	 * v1.2 §13.2) refuses --negotiate: then only a reload does it.
	 */
	else
		snprintf(st->detail, sizeof(st->detail), "an FF-A 1.2 ABI, "
			 "and %u.%u is negotiated: ffactl version --negotiate "
			 "1.2, or if the SPMC keeps %u.%u, %s",
			 FFA_VERSION_MAJOR(nv.version),
			 FFA_VERSION_MINOR(nv.version),
			 FFA_VERSION_MAJOR(nv.version),
			 FFA_VERSION_MINOR(nv.version),
			 !strcmp(ctx->backend_name, "sim") ?
				"sim reset --negotiate 1.2" :
				"reload the module with ffa_version=0x10002");
}

int cli_check(struct ffactl_ctx *ctx, uint32_t fid, const struct ffa_regs *r,
	      struct result_status *st)
{
	int n = 8;

	/* x8..x17 too when the answer uses them (FF-A 1.2 register ABIs). */
	for (int i = 8; i < FFA_NREGS; i++)
		if (r->a[i])
			n = FFA_NREGS;
	result_classify(fid, r, st);
	version_hint(ctx, fid, st);
	if (ctx->be_open && ctx->be.rebuilt)
		out_note(&ctx->out, "%s: registers rebuilt by the module's "
			 "driver transport from what the in-tree FF-A driver "
			 "returned (its status, handle and payload; not the "
			 "firmware's own a0..a2)", st->abi);
	out_regs(&ctx->out, st->abi, r, n);
	if (st->kind == RESULT_OK)
		return EXIT_OK;
	out_ffa_error(&ctx->out, ctx->cmd->name, st, r);
	return result_exit_status(st);
}

int cli_call(struct ffactl_ctx *ctx, struct ffa_regs *io,
	     struct result_status *st)
{
	uint32_t fid = (uint32_t)io->a[0];
	int rc = cli_backend(ctx);

	if (rc)
		return rc;
	rc = ctx->be.ops->call(&ctx->be, io);
	if (rc < 0)
		return cli_backend_error(ctx, rc);
	return cli_check(ctx, fid, io, st);
}
