// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl sp: the test partition's commands on a handle (retrieve, write,
 * checksum, relinquish), as direct requests in its protocol (model.h
 * FFA_SP_CMD_*: a3 command, a4/a5 the handle's low/high words, a6 the
 * argument; the reply's a3 is 0 or an FF-A error, a4 the result), and
 * its FFA_FEATURES (features FID: a6 the function ID, a7 the input
 * properties; the reply's a4/a5 the answer's w2/w3). The partition must
 * list ffactl's test protocol UUID.
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
	/*
	 * The request fields chosen: a retrieve's (FFA_SP_CMD_RETRIEVE_WITH)
	 * or a relinquish's (FFA_SP_CMD_RELINQUISH_WITH). @given names the
	 * first option that chose one, for the error if the action takes
	 * none.
	 */
	struct ffa_sp_retrieve_with rw;
	struct ffa_sp_relinquish_with rq;
	const char *given;
	const char *retrieve_only; /* an option only a retrieve takes */
	const char *relinquish_only;
	uint32_t input;            /* features: the input properties */
	bool input_given;
} sp_opts = { .to = FFA_MODEL_TEST_SP_ID };

enum {
	OPT_PERM = 0x100, OPT_X, OPT_NX, OPT_TYPE, OPT_TAG, OPT_SENDER,
	OPT_ZERO, OPT_DEVICE, OPT_ATTR, OPT_FLAGS, OPT_ENDPOINTS, OPT_INPUT,
};

static const struct argp_option sp_options[] = {
	{ "to", 't', "ID", 0, "The partition (default 0x8001, ffactl's test "
	  "partition); it must speak ffactl's test protocol", 0 },
	{ 0, 0, 0, 0, "retrieve and relinquish with request fields of your "
	  "choosing (the others as a conforming borrower asks):", 1 },
	{ "perm", OPT_PERM, "ro|rw|none", 0, "Data access to ask for", 1 },
	{ "x", OPT_X, 0, 0, "Ask for instruction access (X)", 1 },
	{ "nx", OPT_NX, 0, 0, "Ask for no instruction access (NX)", 1 },
	{ "type", OPT_TYPE, "share|lend|donate|any", 0, "The transaction "
	  "type in flags bits [4:3] (any: 0)", 1 },
	{ "tag", OPT_TAG, "N", 0, "The tag (0..255)", 1 },
	{ "sender", OPT_SENDER, "ID", 0, "The sender ID the request names", 1 },
	{ "device-memory", OPT_DEVICE, 0, 0, "Ask for device memory "
	  "(nGnRnE)", 1 },
	{ "attr", OPT_ATTR, "BYTE", 0, "The memory region attributes byte as "
	  "is", 1 },
	{ "zero", OPT_ZERO, 0, 0, "The zero-memory flag (bit 0): zero "
	  "before retrieve, or after relinquish", 1 },
	{ "flags", OPT_FLAGS, "RAW", 0, "The flags field as is (a retrieve's "
	  "16 low bits; --type and --zero are ORed in)", 1 },
	{ "endpoints", OPT_ENDPOINTS, "N", 0, "relinquish: the endpoint count "
	  "the descriptor claims (0..65535; default 1, the partition)", 1 },
	{ 0, 0, 0, 0, "features FID (the partition's FFA_FEATURES):", 2 },
	{ "input", OPT_INPUT, "PROPS", 0, "The input properties (w2; default "
	  "0; 0x2 for FFA_MEM_RETRIEVE_REQ: the caller handles the NS bit)",
	  2 },
	{ 0 }
};

static const char *const perm_names[] = { "none", "ro", "rw" };
static const char *const type_names[] = { "any", "share", "lend", "donate" };

/* The index of @arg in @names (@n of them), or -1. */
static int word_of(const char *arg, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(arg, names[i]))
			return i;
	return -1;
}

static error_t parse_sp(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;
	struct ffa_sp_retrieve_with *w = &sp_opts.rw;
	char err[PARSE_ERR_LEN];
	const char *opt = NULL;
	uint64_t v = 0;
	int i;

	switch (key) {
	case 't':
		if (parse_uint(arg, UINT16_MAX, &v, err))
			exit(cli_usage(ctx, "--to: %s", err));
		sp_opts.to = (uint16_t)v;
		return 0;
	case OPT_PERM:
		i = word_of(arg, perm_names, 3);
		if (i < 0)
			exit(cli_usage(ctx, "--perm: '%.20s' is not ro, rw or "
				       "none", arg));
		w->perm = (uint8_t)((w->perm & ~FFA_PERM_DATA_MASK) | i);
		w->set |= FFA_SP_RETRIEVE_SET_PERM;
		opt = sp_opts.retrieve_only = "--perm";
		break;
	case OPT_X:
	case OPT_NX:
		w->perm = (uint8_t)((w->perm & ~FFA_PERM_INST_MASK) |
				    (key == OPT_X ? FFA_PERM_X : FFA_PERM_NX));
		w->set |= FFA_SP_RETRIEVE_SET_PERM;
		opt = sp_opts.retrieve_only = key == OPT_X ? "--x" : "--nx";
		break;
	case OPT_TYPE:
		i = word_of(arg, type_names, 4);
		if (i < 0)
			exit(cli_usage(ctx, "--type: '%.20s' is not share, "
				       "lend, donate or any", arg));
		w->flags = (uint16_t)((w->flags & ~FFA_RETRIEVE_FLAG_TYPE_MASK) |
				      (uint32_t)i << FFA_RETRIEVE_FLAG_TYPE_SHIFT);
		w->set |= FFA_SP_RETRIEVE_SET_FLAGS;
		opt = sp_opts.retrieve_only = "--type";
		break;
	case OPT_TAG:
		if (parse_uint(arg, UINT8_MAX, &v, err))
			exit(cli_usage(ctx, "--tag: %s", err));
		w->tag = (uint8_t)v;
		w->set |= FFA_SP_RETRIEVE_SET_TAG;
		opt = sp_opts.retrieve_only = "--tag";
		break;
	case OPT_SENDER:
		if (parse_uint(arg, UINT16_MAX, &v, err))
			exit(cli_usage(ctx, "--sender: %s", err));
		w->sender = (uint16_t)v;
		w->set |= FFA_SP_RETRIEVE_SET_SENDER;
		opt = sp_opts.retrieve_only = "--sender";
		break;
	case OPT_DEVICE:
		w->attributes = FFA_ATTR_TYPE_DEVICE;
		w->set |= FFA_SP_RETRIEVE_SET_ATTR;
		opt = sp_opts.retrieve_only = "--device-memory";
		break;
	case OPT_ATTR:
		if (parse_uint(arg, UINT8_MAX, &v, err))
			exit(cli_usage(ctx, "--attr: %s", err));
		w->attributes = (uint8_t)v;
		w->set |= FFA_SP_RETRIEVE_SET_ATTR;
		opt = sp_opts.retrieve_only = "--attr";
		break;
	case OPT_ZERO:
		w->flags |= FFA_MTD_FLAG_ZERO;
		w->set |= FFA_SP_RETRIEVE_SET_FLAGS;
		sp_opts.rq.flags |= FFA_RELINQUISH_FLAG_ZERO;
		sp_opts.rq.set |= FFA_SP_RELINQUISH_SET_FLAGS;
		opt = "--zero";
		break;
	case OPT_FLAGS:
		if (parse_uint(arg, UINT32_MAX, &v, err))
			exit(cli_usage(ctx, "--flags: %s", err));
		/* The protocol carries a retrieve's 16 low bits only. */
		w->flags |= (uint16_t)v;
		w->set |= FFA_SP_RETRIEVE_SET_FLAGS;
		if (v > UINT16_MAX)
			sp_opts.relinquish_only = "--flags above 0xffff";
		sp_opts.rq.flags |= (uint32_t)v;
		sp_opts.rq.set |= FFA_SP_RELINQUISH_SET_FLAGS;
		opt = "--flags";
		break;
	case OPT_INPUT:
		if (parse_uint(arg, UINT32_MAX, &v, err))
			exit(cli_usage(ctx, "--input: %s", err));
		sp_opts.input = (uint32_t)v;
		sp_opts.input_given = true;
		return 0;
	case OPT_ENDPOINTS:
		if (parse_uint(arg, UINT16_MAX, &v, err))
			exit(cli_usage(ctx, "--endpoints: %s", err));
		sp_opts.rq.count = (uint16_t)v;
		sp_opts.rq.set |= FFA_SP_RELINQUISH_SET_COUNT;
		opt = sp_opts.relinquish_only = "--endpoints";
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (!sp_opts.given)
		sp_opts.given = opt;
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
	{ "features", FFA_SP_CMD_FEATURES, FFA_FEATURES, "asked" },
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

/* The result object every action starts with: which action, which SP. */
static json_object *sp_out(unsigned int a)
{
	json_object *out = out_new("sp");
	char h[8];

	snprintf(h, sizeof(h), "0x%04x", sp_opts.to);
	json_object_object_add(out, "action",
			       json_object_new_string(actions[a].name));
	json_object_object_add(out, "partition", json_object_new_string(h));
	return out;
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
	/*
	 * TF-A and Hafnium refuse FFA_FEATURES(FFA_MEM_RETRIEVE_REQ) to a
	 * v1.1+ partition that does not say it handles the NS bit.
	 */
	if (!strcmp(actions[a].name, "features") &&
	    code == FFA_RET_NOT_SUPPORTED &&
	    FFA_FN_NUM(handle) == FFA_MEM_RETRIEVE_REQ &&
	    !(sp_opts.input & 2u))
		snprintf(st.detail, sizeof(st.detail), "a v1.1+ partition "
			 "must say it handles the NS bit: --input 0x2");
	/* Text names the command and partition; JSON the ABI it made. */
	snprintf(label, sizeof(label), "sp %s 0x%llx: partition 0x%04x",
		 actions[a].name, (unsigned long long)handle, sp_opts.to);
	st.abi = ctx->out.json ? errtab_abi_name(actions[a].abi ?
			actions[a].abi : FFA_MSG_SEND_DIRECT_REQ) : label;
	out_ffa_error(&ctx->out, "sp", &st, r);
	return errtab_exit_status(code);
}

/*
 * The backend, the partition's protocol and our own ID: a direct request
 * to the partition in @r (a0, a1). 0 or an exit status.
 */
static int request_to(struct ffactl_ctx *ctx, struct ffa_regs *r)
{
	struct ffa_regs id = { { FFA_FN_SMC32(FFA_ID_GET) } };
	struct result_status st;
	int rc = cli_backend(ctx);

	if (!rc)
		rc = check_protocol(ctx, sp_opts.to);
	if (!rc)
		rc = cli_call(ctx, &id, &st);
	if (rc)
		return rc;
	r->a[0] = FFA_FN_SMC32(FFA_MSG_SEND_DIRECT_REQ);
	r->a[1] = (id.a[2] & 0xFFFF) << 16 | sp_opts.to;
	return 0;
}

/*
 * sp features FID: the partition's FFA_FEATURES (test protocol command
 * 8), its answer's w2 and w3; for FFA_MEM_RETRIEVE_REQ also the
 * outstanding retrievals w3[7:0] = n stands for (2^(n+1) - 1, DEN0077
 * v1.1 §13.3).
 */
static int run_features(struct ffactl_ctx *ctx, unsigned int a)
{
	struct ffa_regs r = { { 0 } };
	struct result_status st;
	char err[PARSE_ERR_LEN];
	uint64_t fid;
	json_object *out;
	int rc;

	if (ctx->nargs < 2)
		return cli_usage(ctx, "sp features: missing FID (an FF-A "
				 "function ID)");
	if (ctx->nargs > 2)
		return cli_usage(ctx, "sp features: too many arguments (FID "
				 "only)");
	if (parse_uint(ctx->args[1], UINT32_MAX, &fid, err))
		return cli_usage(ctx, "sp features: FID %s", err);
	if (sp_opts.given)
		return cli_usage(ctx, "sp features: %s is for retrieve or "
				 "relinquish", sp_opts.given);
	rc = request_to(ctx, &r);
	if (rc)
		return rc;
	r.a[3] = FFA_SP_CMD_FEATURES;
	r.a[6] = fid;
	r.a[7] = sp_opts.input;
	rc = cli_call(ctx, &r, &st);
	if (rc)
		return rc;
	if ((uint32_t)r.a[3])
		return refused(ctx, a, fid, &r);
	out = sp_out(a);
	json_object_object_add(out, "did",
			       json_object_new_string(actions[a].did));
	json_object_object_add(out, "function", out_hex(fid));
	json_object_object_add(out, "input", out_hex(sp_opts.input));
	json_object_object_add(out, "w2", out_hex((uint32_t)r.a[4]));
	json_object_object_add(out, "w3", out_hex((uint32_t)r.a[5]));
	if (FFA_FN_NUM(fid) == FFA_MEM_RETRIEVE_REQ && (fid & 0x80000000u))
		json_object_object_add(out, "outstanding_retrievals",
			json_object_new_int64(ffa_features_retrieve_count(
				(uint32_t)r.a[5])));
	json_object_object_add(out, "test_command",
			       json_object_new_int((int)FFA_SP_CMD_FEATURES));
	out_add_regs(out, &r, 8);
	out_result(&ctx->out, out);
	return EXIT_OK;
}

static int run_sp(struct ffactl_ctx *ctx)
{
	struct ffa_regs r = { { 0 } };
	char err[PARSE_ERR_LEN];
	struct result_status st;
	uint64_t handle, pattern = 0, a6 = 0, a7 = 0;
	unsigned int a;
	uint32_t cmd;
	json_object *out;
	int rc;

	for (a = 0; a < sizeof(actions) / sizeof(actions[0]); a++)
		if (!strcmp(ctx->args[0], actions[a].name))
			break;
	if (a == sizeof(actions) / sizeof(actions[0]))
		return cli_usage(ctx, "sp: '%.20s': unknown action (use "
				 "retrieve, write, checksum, relinquish or "
				 "features)", ctx->args[0]);
	if (actions[a].cmd == FFA_SP_CMD_FEATURES)
		return run_features(ctx, a);
	if (sp_opts.input_given)
		return cli_usage(ctx, "sp %s: --input is for features",
				 actions[a].name);
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
	/* Request fields only for the requests that carry them. */
	if (sp_opts.given && actions[a].cmd != FFA_SP_CMD_RETRIEVE &&
	    actions[a].cmd != FFA_SP_CMD_RELINQUISH)
		return cli_usage(ctx, "sp %s: %s is for retrieve or "
				 "relinquish", actions[a].name, sp_opts.given);
	if (actions[a].cmd == FFA_SP_CMD_RETRIEVE && sp_opts.relinquish_only)
		return cli_usage(ctx, "sp retrieve: %s is for relinquish",
				 sp_opts.relinquish_only);
	if (actions[a].cmd == FFA_SP_CMD_RELINQUISH && sp_opts.retrieve_only)
		return cli_usage(ctx, "sp relinquish: %s is for retrieve",
				 sp_opts.retrieve_only);
	cmd = actions[a].cmd;
	if (cmd == FFA_SP_CMD_RETRIEVE && sp_opts.rw.set) {
		cmd = FFA_SP_CMD_RETRIEVE_WITH;
		ffa_sp_retrieve_with_encode(&sp_opts.rw, &a6, &a7);
	} else if (cmd == FFA_SP_CMD_RELINQUISH && sp_opts.rq.set) {
		cmd = FFA_SP_CMD_RELINQUISH_WITH;
		ffa_sp_relinquish_with_encode(&sp_opts.rq, &a6, &a7);
	} else {
		a6 = pattern;
	}
	rc = request_to(ctx, &r);
	if (rc)
		return rc;
	r.a[3] = cmd;
	r.a[4] = ffa_handle_lo(handle);
	r.a[5] = ffa_handle_hi(handle);
	r.a[6] = a6;
	r.a[7] = a7;
	rc = cli_call(ctx, &r, &st);
	if (rc)
		return rc;
	if ((uint32_t)r.a[3])
		return refused(ctx, a, handle, &r);
	out = sp_out(a);
	json_object_object_add(out, "handle", out_hex(handle));
	json_object_object_add(out, "did",
			       json_object_new_string(actions[a].did));
	if (actions[a].cmd == FFA_SP_CMD_WRITE)
		json_object_object_add(out, "pattern", out_hex(pattern));
	if (actions[a].cmd == FFA_SP_CMD_CHECKSUM)
		json_object_object_add(out, "checksum",
				       out_hex((uint32_t)r.a[4]));
	/* The test protocol's command and its a6/a7, as sent. */
	json_object_object_add(out, "test_command",
			       json_object_new_int((int)cmd));
	if (cmd == FFA_SP_CMD_RETRIEVE_WITH ||
	    cmd == FFA_SP_CMD_RELINQUISH_WITH) {
		json_object_object_add(out, "a6", out_hex(a6));
		json_object_object_add(out, "a7", out_hex(a7));
	}
	out_add_regs(out, &r, 8);
	out_result(&ctx->out, out);
	return EXIT_OK;
}

const struct ffactl_cmd cmd_sp = {
	.name = "sp", .args_doc = "retrieve|write|checksum|relinquish HANDLE "
	"[PATTERN]\nfeatures FID [--input PROPS]",
	.summary = "The test partition's commands on a handle, its "
		   "FFA_FEATURES",
	.doc = "As the borrower: retrieve HANDLE (FFA_MEM_RETRIEVE_REQ), "
	       "write HANDLE PATTERN (fill the retrieved region with a 32-bit "
	       "word), checksum HANDLE (0 iff the region reads all zero), "
	       "relinquish HANDLE (FFA_MEM_RELINQUISH). Sent as direct "
	       "requests in ffactl's test protocol, so the partition (--to, "
	       "default 0x8001) must speak it (the sim's test partition, the "
	       "QEMU responder's). A refusal is decoded as an FF-A error and "
	       "gives its exit status. With request options, retrieve and "
	       "relinquish send the request fields given (test protocol "
	       "commands 6 and 7) and the SPMC judges them: e.g. --perm rw "
	       "--nx of a read-only lend is DENIED. features FID: the "
	       "partition's FFA_FEATURES(FID, --input) and the answer's w2 "
	       "and w3 (test protocol command 8); for FFA_MEM_RETRIEVE_REQ "
	       "(0x84000074, input 0x2) w3[7:0] = n says the partition may "
	       "hold 2^(n+1) - 1 retrievals of a region at once.",
	.options = sp_options, .parse_opt = parse_sp, .run = run_sp,
	.min_args = 1, .max_args = 3,
};
