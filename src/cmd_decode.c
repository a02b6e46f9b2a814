// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ffactl decode: offline decoding of result registers pasted from a firmware
 * log, and of memory transaction descriptors from a hex dump.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "desc_json.h"
#include "errtab.h"
#include "hexdump.h"
#include "model.h"
#include "parse.h"

/* Largest descriptor accepted from a dump (a TX buffer is 4-64 KiB). */
#define DECODE_MAX_DESC (1u << 20)

struct decode_opts {
	const char *desc;
	const char *abi;
	uint32_t version;
	uint16_t caller;
	int profile;          /* -1: the spec's verdict alone */
};

static struct decode_opts decode_opts = { .profile = -1 };

enum { OPT_DESC = 0x300, OPT_ABI, OPT_DESC_VERSION, OPT_CALLER, OPT_PROFILE };

static const struct argp_option decode_options[] = {
	{ "abi", OPT_ABI, "ABI|FID", 0, "The call the registers answer (for "
	  "its per-ABI message), or the ABI a descriptor was sent with (to "
	  "check it as an SPMC would)", 0 },
	{ "desc", OPT_DESC, "HEX|-", 0, "Decode a memory transaction "
	  "descriptor from a hex dump ('-' reads standard input): plain hex, "
	  "a kernel log of print_hex_dump lines, xxd, hexdump -C or od -A x "
	  "-t x1; an ambiguous dump is refused naming the line", 0 },
	{ "desc-version", OPT_DESC_VERSION, "1.0|1.1|1.2", 0,
	  "Descriptor layout (default: guessed from the header)", 0 },
	{ "caller", OPT_CALLER, "ID", 0, "Endpoint that sent the descriptor "
	  "(default: its sender field)", 0 },
	{ "profile", OPT_PROFILE, "NAME", 0, "With --desc and --abi: also "
	  "the verdict of that profile's SPMC (spec, tfa-el3, optee) on the "
	  "descriptor alone, which becomes the exit status", 0 },
	{ 0 }
};

static error_t parse_decode(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;
	char err[PARSE_ERR_LEN];
	uint64_t v;

	switch (key) {
	case OPT_DESC:
		decode_opts.desc = arg;
		break;
	case OPT_ABI:
		decode_opts.abi = arg;
		break;
	case OPT_DESC_VERSION:
		if (parse_desc_version(arg, &decode_opts.version, err))
			exit(cli_usage(ctx, "--desc-version: %s", err));
		break;
	case OPT_CALLER:
		if (parse_uint(arg, UINT16_MAX, &v, err))
			exit(cli_usage(ctx, "--caller: %s", err));
		decode_opts.caller = (uint16_t)v;
		break;
	case OPT_PROFILE:
		decode_opts.profile = ffa_model_profile_parse(arg);
		if (decode_opts.profile < 0)
			exit(cli_usage(ctx, "--profile: '%.20s': unknown "
				       "profile (use spec, tfa-el3 or optee)",
				       arg));
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static char *read_all(FILE *f, size_t max)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);

	while (buf) {
		size_t n = fread(buf + len, 1, cap - len - 1, f);

		len += n;
		if (n == 0)
			break;
		if (len + 1 == cap) {
			char *nb = cap >= max ? NULL : realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

/*
 * What @profile's SPMC answers to the descriptor on its own (its
 * partitions and live transactions aside): the status, what decided it,
 * and the spec's rules it does not apply. *@status gets the FFA_RET_*.
 */
static json_object *verdict_json(uint32_t profile, const uint8_t *buf,
				 size_t len, uint32_t version, uint32_t fn_num,
				 uint16_t caller, int32_t *status)
{
	struct ffa_desc_report rep = { 0 };
	json_object *o = json_object_new_object(), *tol;
	const char *why = NULL;
	uint32_t seen = 0;
	char by[160] = "";

	*status = ffa_model_desc_verdict(profile, buf, len, version, fn_num,
					 caller, &rep, &why);
	tol = json_object_new_array();
	for (unsigned int i = 0; i < rep.count; i++) {
		const struct ffa_desc_issue *is = &rep.issue[i];

		if (is->tolerated) {
			if (!(seen & FFA_DESC_RULE_BIT(is->rule)))
				json_object_array_add(tol,
					json_object_new_string(
						ffa_desc_rule_name(is->rule)));
			seen |= FFA_DESC_RULE_BIT(is->rule);
		} else if (!by[0] && is->ffa_error == *status) {
			snprintf(by, sizeof(by), "%s: %s", is->field,
				 is->problem);
		}
	}
	if (why)
		snprintf(by, sizeof(by), "%s (the profile's own rule)", why);
	json_object_object_add(o, "profile", json_object_new_string(
		ffa_model_profile_name(profile)));
	json_object_object_add(o, "status", json_object_new_string(
		*status ? errtab_name(*status) : "SUCCESS"));
	json_object_object_add(o, "exit_status", json_object_new_int(
		*status ? errtab_exit_status(*status) : EXIT_OK));
	json_object_object_add(o, "decided_by",
			       by[0] ? json_object_new_string(by) : NULL);
	json_object_object_add(o, "not_applied", tol);
	return o;
}

static int decode_desc(struct ffactl_ctx *ctx, uint32_t fn_num)
{
	char *text = strcmp(decode_opts.desc, "-") ? strdup(decode_opts.desc) :
			     read_all(stdin, DECODE_MAX_DESC * 4);
	uint8_t *buf = malloc(DECODE_MAX_DESC);
	char err[160];
	json_object *out;
	long len;
	int status = 0;
	uint16_t caller;

	if (!text || !buf) {
		free(text);
		free(buf);
		out_error(&ctx->out, "decode", "tool", EXIT_SYSTEM,
			  "decode: cannot read the hex dump (too large or out "
			  "of memory)");
		return EXIT_SYSTEM;
	}
	len = hexdump_parse(text, buf, DECODE_MAX_DESC, err, sizeof(err));
	free(text);
	if (len < 0) {
		free(buf);
		return cli_usage(ctx, "decode --desc: %s", err);
	}
	/* Unless told otherwise, the caller is whoever the header names. */
	caller = decode_opts.caller;
	if (!caller && len >= 2)
		caller = ffa_le16(buf);
	out = out_new("decode");
	json_object_object_add(out, "descriptor",
			       desc_json(buf, (size_t)len, decode_opts.version,
					 fn_num, caller, &status));
	if (fn_num)
		json_object_object_add(out, "abi",
			json_object_new_string(errtab_abi_name(fn_num)));
	if (decode_opts.profile >= 0) {
		uint32_t v = decode_opts.version ? decode_opts.version :
			     ffa_desc_guess_version(buf, (size_t)len);
		json_object *verdicts = json_object_new_array();
		int32_t st;

		json_object_array_add(verdicts, verdict_json(FFA_PROFILE_SPEC,
			buf, (size_t)len, v, fn_num, caller, &st));
		json_object_array_add(verdicts, verdict_json(
			(uint32_t)decode_opts.profile, buf, (size_t)len, v,
			fn_num, caller, &st));
		json_object_object_add(out, "verdicts", verdicts);
		/* The profile's answer is what was asked for. */
		status = st;
	}
	free(buf);
	out_result(&ctx->out, out);
	/* The status an SPMC would answer this descriptor with. */
	return status ? errtab_exit_status(status) : EXIT_OK;
}

static int decode_regs(struct ffactl_ctx *ctx, uint32_t fid)
{
	struct ffa_regs r = { { 0 } };
	struct result_status st;
	char err[PARSE_ERR_LEN];
	json_object *out, *e;

	if (ctx->nargs > FFA_NREGS)
		return cli_usage(ctx, "decode: at most 18 registers (x0..x17)");
	for (int i = 0; i < ctx->nargs; i++)
		if (parse_u64(ctx->args[i], &r.a[i], err))
			return cli_usage(ctx, "decode: a%d: %s", i, err);
	result_classify(fid, &r, &st);
	out = out_new("decode");
	json_object_object_add(out, "abi", out_abi(st.abi));
	/* null: a0 is not an FF-A function ID we know. */
	json_object_object_add(out, "a0_name", out_abi(
		errtab_abi_name(FFA_FN_NUM(r.a[0])) &&
		((uint32_t)r.a[0] & 0xBF000000u) == FFA_SMC32_BASE &&
		r.a[0] == (uint32_t)r.a[0] ?
		errtab_abi_name(FFA_FN_NUM(r.a[0])) : NULL));
	json_object_object_add(out, "kind", json_object_new_string(
		st.kind == RESULT_OK ? "success" :
		st.kind == RESULT_FFA_ERROR ? "error" : "violation"));
	/* A send's success carries the handle (DEN0077 §11: a2 low, a3 high). */
	if (st.kind == RESULT_OK && FFA_FN_NUM(r.a[0]) == FFA_SUCCESS &&
	    (FFA_FN_NUM(fid) == FFA_MEM_SHARE ||
	     FFA_FN_NUM(fid) == FFA_MEM_LEND ||
	     FFA_FN_NUM(fid) == FFA_MEM_DONATE))
		json_object_object_add(out, "handle", out_hex(
			ffa_handle_join(r.a[2], r.a[3])));
	if (st.kind != RESULT_OK) {
		e = json_object_new_object();
		json_object_object_add(e, "code", json_object_new_int(st.code));
		json_object_object_add(e, "name",
				       json_object_new_string(st.name));
		json_object_object_add(e, "message",
				       json_object_new_string(st.message));
		if (st.detail[0])
			json_object_object_add(e, "detail",
				json_object_new_string(st.detail));
		json_object_object_add(e, "exit_status",
			json_object_new_int(result_exit_status(&st)));
		json_object_object_add(out, "error", e);
	}
	out_add_regs(out, &r, ctx->nargs);
	out_result(&ctx->out, out);
	return EXIT_OK;
}

static int run_decode(struct ffactl_ctx *ctx)
{
	char err[PARSE_ERR_LEN];
	uint32_t fid = 0;

	if (decode_opts.abi && parse_fid(decode_opts.abi, &fid, err))
		return cli_usage(ctx, "--abi: %s", err);
	if (decode_opts.profile >= 0 && (!decode_opts.desc || !fid))
		return cli_usage(ctx, "decode: --profile needs --desc and --abi "
				 "(a verdict is an SPMC's answer to a send)");
	if (decode_opts.desc) {
		if (ctx->nargs)
			return cli_usage(ctx, "decode: give registers or "
					 "--desc, not both");
		return decode_desc(ctx, fid ? FFA_FN_NUM(fid) : 0);
	}
	if (!ctx->nargs)
		return cli_usage(ctx, "decode: missing registers (a0 [a1...]) "
				 "or --desc");
	return decode_regs(ctx, fid);
}

const struct ffactl_cmd cmd_decode = {
	.name = "decode", .args_doc = "[A0 [A1...A17]]",
	.summary = "Decode result registers or a descriptor, offline",
	.doc = "Registers as a firmware log prints them, e.g. 'ffactl decode "
	       "--abi mem_reclaim 0x84000060 0 0xfffffffe'. Exit status 0 "
	       "once decoded. With --desc, the exit status is what an SPMC "
	       "would answer: 0 for a well-formed descriptor, 12 "
	       "(INVALID_PARAMETERS) etc. otherwise; with --profile, what "
	       "that profile's SPMC would answer, beside the spec's verdict "
	       "(the descriptor alone: not its partitions, live "
	       "transactions or fragmentation).",
	.options = decode_options, .parse_opt = parse_decode,
	.run = run_decode, .min_args = 0, .max_args = FFA_NREGS + 1,
};
