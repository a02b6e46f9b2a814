// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl sp: the test partition's commands on a handle (retrieve, write,
 * checksum, relinquish), as direct requests in its protocol (model.h
 * FFA_SP_CMD_*: a3 command, a4/a5 the handle's low/high words, a6 the
 * argument; the reply's a3 is 0 or an FF-A error, a4 the result). The
 * partition must list ffactl's test protocol UUID.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "errtab.h"
#include "ffa/desc.h"
#include "ffa/uuid.h"
#include "model.h"
#include "parse.h"

static struct {
	uint16_t to;
} sp_opts = { .to = FFA_MODEL_TEST_SP_ID };

static const struct argp_option sp_options[] = {
	{ "to", 't', "ID", 0, "The partition (default 0x8001, ffactl's test "
	  "partition); it must speak ffactl's test protocol", 0 },
	{ 0 }
};

static error_t parse_sp(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;
	char err[PARSE_ERR_LEN];
	uint64_t v;

	if (key != 't')
		return ARGP_ERR_UNKNOWN;
	if (parse_uint(arg, UINT16_MAX, &v, err))
		exit(cli_usage(ctx, "--to: %s", err));
	sp_opts.to = (uint16_t)v;
	return 0;
}

static const struct {
	const char *name;
	uint32_t cmd;
	uint32_t abi;        /* the FF-A ABI the partition made, for errors */
	const char *did;     /* text: "partition 0x8001 <did> <handle>" */
} actions[] = {
	{ "retrieve", FFA_SP_CMD_RETRIEVE, FFA_MEM_RETRIEVE_REQ, "retrieved" },
	{ "write", FFA_SP_CMD_WRITE, 0, "wrote" },
	{ "checksum", FFA_SP_CMD_CHECKSUM, 0, "reads" },
	{ "relinquish", FFA_SP_CMD_RELINQUISH, FFA_MEM_RELINQUISH,
	  "relinquished" },
};

/*
 * The UUIDs of ffactl's test partitions (model.h): the first and the
 * second, which speak the same protocol under UUIDs of their own.
 */
static const char *const test_uuids[] = {
	FFA_MODEL_TEST_SP_UUID_STR, FFA_MODEL_TEST_SP2_UUID_STR,
};

/* Does partition @id list a test protocol UUID? 0, or exit status. */
static int check_protocol(struct ffactl_ctx *ctx, uint16_t id)
{
	uint32_t uuid[4];
	uint8_t buf[4096];
	struct ffa_regs r = { { 0 } };
	size_t len = 0, size;
	int rc;

	for (size_t u = 0; u < sizeof(test_uuids) / sizeof(test_uuids[0]);
	     u++) {
		ffa_uuid_parse(test_uuids[u], uuid);
		rc = ctx->be.ops->partition_info(&ctx->be, uuid, 0, &r, buf,
						 sizeof(buf), &len);
		if (rc < 0)
			return cli_backend_error(ctx, rc);
		size = (uint32_t)r.a[3] ? (uint32_t)r.a[3] : 8;
		if ((uint32_t)r.a[0] != FFA_FN_SMC32(FFA_SUCCESS))
			continue;
		for (size_t off = 0; size >= 8 && off + size <= len &&
		     off / size < (uint32_t)r.a[2]; off += size)
			if (ffa_le16(buf + off) == id)
				return EXIT_OK;
	}
	return cli_usage(ctx, "sp: partition 0x%04x does not speak ffactl's "
			 "test protocol (UUID %s or %s); choose one with --to",
			 id, test_uuids[0], test_uuids[1]);
}

/* The partition's refusal (a3 = an FF-A error code), decoded. */
static int refused(struct ffactl_ctx *ctx, unsigned int a, uint64_t handle,
		   const struct ffa_regs *r)
{
	int32_t code = (int32_t)r->a[3];
	struct result_status st = { 0 };
	char label[96];

	if (!errtab_name(code)) {
		out_error(&ctx->out, "sp", "firmware", RESULT_EXIT_VIOLATION,
			  "sp %s 0x%llx: partition 0x%04x answered status "
			  "0x%x, not an FF-A error code", actions[a].name,
			  (unsigned long long)handle, sp_opts.to,
			  (uint32_t)r->a[3]);
		return RESULT_EXIT_VIOLATION;
	}
	st.kind = RESULT_FFA_ERROR;
	st.code = code;
	st.name = errtab_name(code);
	st.message = actions[a].abi ? errtab_message(actions[a].abi, code) :
				      errtab_generic(code);
	/* Text names the command and partition; JSON the ABI it made. */
	snprintf(label, sizeof(label), "sp %s 0x%llx: partition 0x%04x",
		 actions[a].name, (unsigned long long)handle, sp_opts.to);
	st.abi = ctx->out.json ? errtab_abi_name(actions[a].abi ?
			actions[a].abi : FFA_MSG_SEND_DIRECT_REQ) : label;
	out_ffa_error(&ctx->out, "sp", &st, r);
	return errtab_exit_status(code);
}

static int run_sp(struct ffactl_ctx *ctx)
{
	struct ffa_regs id = { { FFA_FN_SMC32(FFA_ID_GET) } };
	struct ffa_regs r = { { FFA_FN_SMC32(FFA_MSG_SEND_DIRECT_REQ) } };
	char err[PARSE_ERR_LEN], h[24];
	struct result_status st;
	uint64_t handle, pattern = 0;
	unsigned int a;
	json_object *out;
	int rc;

	for (a = 0; a < sizeof(actions) / sizeof(actions[0]); a++)
		if (!strcmp(ctx->args[0], actions[a].name))
			break;
	if (a == sizeof(actions) / sizeof(actions[0]))
		return cli_usage(ctx, "sp: '%.20s': unknown action (use "
				 "retrieve, write, checksum or relinquish)",
				 ctx->args[0]);
	if (ctx->nargs < 2)
		return cli_usage(ctx, "sp %s: missing HANDLE", actions[a].name);
	if (parse_u64(ctx->args[1], &handle, err))
		return cli_usage(ctx, "sp %s: handle %s", actions[a].name,
				 err);
	if (actions[a].cmd == FFA_SP_CMD_WRITE) {
		if (ctx->nargs < 3)
			return cli_usage(ctx, "sp write: missing PATTERN (a "
					 "32-bit word)");
		if (parse_uint(ctx->args[2], UINT32_MAX, &pattern, err))
			return cli_usage(ctx, "sp write: PATTERN %s", err);
	} else if (ctx->nargs > 2) {
		return cli_usage(ctx, "sp %s: too many arguments (HANDLE only)",
				 actions[a].name);
	}
	rc = cli_backend(ctx);
	if (!rc)
		rc = check_protocol(ctx, sp_opts.to);
	if (!rc)
		rc = cli_call(ctx, &id, &st);
	if (rc)
		return rc;
	r.a[1] = (id.a[2] & 0xFFFF) << 16 | sp_opts.to;
	r.a[3] = actions[a].cmd;
	r.a[4] = ffa_handle_lo(handle);
	r.a[5] = ffa_handle_hi(handle);
	r.a[6] = pattern;
	rc = cli_call(ctx, &r, &st);
	if (rc)
		return rc;
	if ((uint32_t)r.a[3])
		return refused(ctx, a, handle, &r);
	out = out_new("sp");
	snprintf(h, sizeof(h), "0x%04x", sp_opts.to);
	json_object_object_add(out, "action",
			       json_object_new_string(actions[a].name));
	json_object_object_add(out, "partition", json_object_new_string(h));
	json_object_object_add(out, "handle", out_hex(handle));
	json_object_object_add(out, "did",
			       json_object_new_string(actions[a].did));
	if (actions[a].cmd == FFA_SP_CMD_WRITE)
		json_object_object_add(out, "pattern", out_hex(pattern));
	if (actions[a].cmd == FFA_SP_CMD_CHECKSUM)
		json_object_object_add(out, "checksum",
				       out_hex((uint32_t)r.a[4]));
	out_add_regs(out, &r, 8);
	out_result(&ctx->out, out);
	return EXIT_OK;
}

const struct ffactl_cmd cmd_sp = {
	.name = "sp", .args_doc = "retrieve|write|checksum|relinquish HANDLE "
	"[PATTERN]",
	.summary = "The test partition's commands on a handle",
	.doc = "As the borrower: retrieve HANDLE (FFA_MEM_RETRIEVE_REQ), "
	       "write HANDLE PATTERN (fill the retrieved region with a 32-bit "
	       "word), checksum HANDLE (0 iff the region reads all zero), "
	       "relinquish HANDLE (FFA_MEM_RELINQUISH). Sent as direct "
	       "requests in ffactl's test protocol, so the partition (--to, "
	       "default 0x8001) must speak it (the sim's test partition, the "
	       "QEMU responder's). A refusal is decoded as an FF-A error and "
	       "gives its exit status.",
	.options = sp_options, .parse_opt = parse_sp, .run = run_sp,
	.min_args = 1, .max_args = 3,
};
