// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Register-only queries: version, id, features, partitions, msg, call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "errtab.h"
#include "ffa/desc.h"
#include "ffa/uuid.h"
#include "parse.h"

static json_object *version_json(uint32_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%u.%u", FFA_VERSION_MAJOR(v),
		 FFA_VERSION_MINOR(v));
	return json_object_new_string(s);
}

/*
 * ffactl version [--negotiate MAJOR.MINOR]
 *
 * FFA_VERSION negotiates per endpoint (DEN0077 v1.2 §13.2). TF-A's EL3
 * SPMC and OP-TEE let any later call renegotiate: the last caller wins,
 * and its version becomes the one the SPMC reads the whole normal world's
 * descriptors in. v1.2 itself (and Hafnium, and the sim's spec profile)
 * fixes the version once other calls are made: then only reloading the
 * module negotiates another (version_fixed_error()). So the query asks with the
 * version already negotiated, which changes nothing, and only --negotiate
 * asks with another; the backend (the module, or the sim playing it)
 * follows what the firmware agreed to.
 */
static struct {
	uint32_t version;
	bool negotiate;
} version_opts;

enum { OPT_NEGOTIATE = 0x300 };

static const struct argp_option version_options[] = {
	{ "negotiate", OPT_NEGOTIATE, "MAJOR.MINOR", 0, "Renegotiate: ask "
	  "FFA_VERSION with this version, which the SPMC then uses for the "
	  "whole normal world's descriptors (and the module follows)", 0 },
	{ 0 }
};

static error_t parse_version_opt(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;
	char err[PARSE_ERR_LEN];

	if (key != OPT_NEGOTIATE)
		return ARGP_ERR_UNKNOWN;
	if (parse_version(arg, &version_opts.version, err))
		exit(cli_usage(ctx, "--negotiate: %s", err));
	version_opts.negotiate = true;
	return 0;
}

/* The backend's negotiated version; 0 or an exit status, reported. */
static int negotiated_now(struct ffactl_ctx *ctx,
			  struct negotiated_version *nv)
{
	int rc = cli_backend(ctx);

	if (rc)
		return rc;
	rc = ctx->be.ops->negotiated(&ctx->be, nv);
	if (rc < 0)
		return cli_backend_error(ctx, rc);
	if (!nv->version) {
		out_error(&ctx->out, ctx->cmd->name, "backend", EXIT_SYSTEM,
			  "the %s backend reports no negotiated FF-A version",
			  ctx->backend_name);
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

/*
 * Under the module's driver transport the in-tree FF-A driver owns
 * FFA_VERSION: it negotiated the endpoint's version at its load, and a
 * call from here would renegotiate behind its back (the last caller wins,
 * DEN0077 v1.2 §13.2). So nothing is asked: the version it negotiated is
 * reported, and --negotiate is refused.
 */
static int version_via_driver(struct ffactl_ctx *ctx,
			      const struct negotiated_version *nv)
{
	json_object *res;

	if (version_opts.negotiate) {
		out_error(&ctx->out, "version", "backend", EXIT_BACKEND,
			  "version: --negotiate %u.%u: the module's driver "
			  "transport cannot renegotiate: FFA_VERSION belongs to "
			  "the in-tree FF-A driver, which negotiated %u.%u",
			  FFA_VERSION_MAJOR(version_opts.version),
			  FFA_VERSION_MINOR(version_opts.version),
			  FFA_VERSION_MAJOR(nv->version),
			  FFA_VERSION_MINOR(nv->version));
		return EXIT_BACKEND;
	}
	res = out_new("version");
	json_object_object_add(res, "version", NULL);
	json_object_object_add(res, "negotiated", version_json(nv->version));
	json_object_object_add(res, "negotiated_tracked",
			       json_object_new_boolean(nv->tracked));
	json_object_object_add(res, "renegotiated",
			       json_object_new_boolean(0));
	json_object_object_add(res, "transport",
			       json_object_new_string("driver"));
	out_result(&ctx->out, res);
	return EXIT_OK;
}

/*
 * --negotiate refused with NOT_SUPPORTED while another version is in
 * effect: a v1.2 SPMC keeps the version once the caller (the module, at
 * load) has made other FF-A calls (DEN0077 v1.2 §13.2; Hafnium's
 * api_ffa_version(); the sim's spec profile). Only a reload negotiates
 * another: the error says so, with the module parameter or the sim's
 * reset that does it.
 */
static int version_fixed_error(struct ffactl_ctx *ctx, const struct ffa_regs *r,
			       uint32_t v, uint32_t in_effect)
{
	struct result_status st;
	char msg[160];

	result_classify(FFA_FN_SMC32(FFA_VERSION), r, &st);
	snprintf(msg, sizeof(msg), "the SPMC keeps FF-A %u.%u, fixed once "
		 "other FF-A calls were made (DEN0077 v1.2 §13.2)",
		 FFA_VERSION_MAJOR(in_effect), FFA_VERSION_MINOR(in_effect));
	st.message = msg;
	if (!strcmp(ctx->backend_name, "sim"))
		snprintf(st.detail, sizeof(st.detail), "to run at %u.%u, "
			 "reboot the sim: ffactl sim reset --negotiate %u.%u",
			 FFA_VERSION_MAJOR(v), FFA_VERSION_MINOR(v),
			 FFA_VERSION_MAJOR(v), FFA_VERSION_MINOR(v));
	else
		snprintf(st.detail, sizeof(st.detail), "to run at %u.%u, "
			 "reload the module with ffa_version=0x%x",
			 FFA_VERSION_MAJOR(v), FFA_VERSION_MINOR(v), v);
	out_regs(&ctx->out, st.abi, r, 8);
	out_ffa_error(&ctx->out, ctx->cmd->name, &st, r);
	return result_exit_status(&st);
}

static int run_version(struct ffactl_ctx *ctx)
{
	struct negotiated_version before, after;
	struct ffa_regs r = { { 0 } };
	struct result_status st;
	char err[PARSE_ERR_LEN], msg[96];
	json_object *res;
	uint32_t v;
	int rc;

	/* The old form asked with any version: refused, not reinterpreted. */
	if (ctx->nargs) {
		if (parse_version(ctx->args[0], &v, err))
			return cli_usage(ctx, "version: %s", err);
		return cli_usage(ctx, "version: asking with %u.%u would "
				 "renegotiate FF-A for the whole normal world; "
				 "use --negotiate %u.%u", FFA_VERSION_MAJOR(v),
				 FFA_VERSION_MINOR(v), FFA_VERSION_MAJOR(v),
				 FFA_VERSION_MINOR(v));
	}
	rc = negotiated_now(ctx, &before);
	if (rc)
		return rc;
	if (before.transport == BACKEND_TRANSPORT_DRIVER)
		return version_via_driver(ctx, &before);
	v = version_opts.negotiate ? version_opts.version : before.version;
	if (!version_opts.negotiate)
		out_note(&ctx->out, "FFA_VERSION asked with the negotiated "
			 "version, %u.%u, which changes nothing",
			 FFA_VERSION_MAJOR(v), FFA_VERSION_MINOR(v));
	r.a[0] = FFA_FN_SMC32(FFA_VERSION);
	r.a[1] = v;
	rc = ctx->be.ops->call(&ctx->be, &r);
	if (rc < 0)
		return cli_backend_error(ctx, rc);
	if (version_opts.negotiate && v != before.version &&
	    (uint32_t)r.a[0] == (uint32_t)FFA_RET_NOT_SUPPORTED)
		return version_fixed_error(ctx, &r, v, before.version);
	rc = cli_check(ctx, FFA_FN_SMC32(FFA_VERSION), &r, &st);
	if (rc)
		return rc;
	/*
	 * DEN0077 §13.2: a callee that cannot work with the caller's major
	 * answers NOT_SUPPORTED; answering another major to a 1.x request
	 * agrees nothing and is not a version this tool can speak.
	 */
	if (!version_opts.negotiate &&
	    FFA_VERSION_MAJOR((uint32_t)r.a[0]) != FFA_VERSION_MAJOR(v)) {
		st.kind = RESULT_VIOLATION;
		st.name = "PROTOCOL";
		st.code = 0;
		snprintf(st.detail, sizeof(st.detail), "another major "
			 "version: nothing was agreed");
		snprintf(msg, sizeof(msg), "the firmware answered FF-A %u.%u "
			 "to a request for %u.%u",
			 FFA_VERSION_MAJOR((uint32_t)r.a[0]),
			 FFA_VERSION_MINOR((uint32_t)r.a[0]),
			 FFA_VERSION_MAJOR(v), FFA_VERSION_MINOR(v));
		st.message = msg;
		out_ffa_error(&ctx->out, ctx->cmd->name, &st, &r);
		return RESULT_EXIT_VIOLATION;
	}
	rc = negotiated_now(ctx, &after);
	if (rc)
		return rc;
	/*
	 * DEN0077 §13.2: the callee answers its own version whatever was
	 * asked, and the caller judges. Another major agrees nothing.
	 */
	if (version_opts.negotiate && after.version != v) {
		out_error(&ctx->out, "version", "firmware",
			  (10 - FFA_RET_NOT_SUPPORTED),
			  "version: %u.%u was not agreed: the firmware is "
			  "FF-A %u.%u; still negotiated %u.%u",
			  FFA_VERSION_MAJOR(v), FFA_VERSION_MINOR(v),
			  FFA_VERSION_MAJOR((uint32_t)r.a[0]),
			  FFA_VERSION_MINOR((uint32_t)r.a[0]),
			  FFA_VERSION_MAJOR(after.version),
			  FFA_VERSION_MINOR(after.version));
		return (10 - FFA_RET_NOT_SUPPORTED);
	}
	res = out_new("version");
	json_object_object_add(res, "version", version_json((uint32_t)r.a[0]));
	json_object_object_add(res, "major",
		json_object_new_int((int)FFA_VERSION_MAJOR(r.a[0])));
	json_object_object_add(res, "minor",
		json_object_new_int((int)FFA_VERSION_MINOR(r.a[0])));
	json_object_object_add(res, "negotiated", version_json(after.version));
	json_object_object_add(res, "negotiated_tracked",
			       json_object_new_boolean(after.tracked));
	json_object_object_add(res, "requested", version_json(v));
	json_object_object_add(res, "renegotiated",
			       json_object_new_boolean(version_opts.negotiate));
	if (version_opts.negotiate)
		json_object_object_add(res, "previous",
				       version_json(before.version));
	if (backend_transport_name(after.transport))
		json_object_object_add(res, "transport", json_object_new_string(
			backend_transport_name(after.transport)));
	out_add_regs(res, &r, 8);
	out_result(&ctx->out, res);
	return EXIT_OK;
}

static int run_id(struct ffactl_ctx *ctx)
{
	struct ffa_regs r = { { FFA_FN_SMC32(FFA_ID_GET) } };
	struct result_status st;
	json_object *res;
	char id[8];
	int rc = cli_call(ctx, &r, &st);

	if (rc)
		return rc;
	snprintf(id, sizeof(id), "0x%04x", (unsigned int)(r.a[2] & 0xFFFF));
	res = out_new("id");
	json_object_object_add(res, "id", json_object_new_string(id));
	out_add_regs(res, &r, 8);
	out_result(&ctx->out, res);
	return EXIT_OK;
}

/* One FFA_FEATURES query; fills @entry. Returns 0, an FF-A error's exit
 * status for NOT_SUPPORTED, or another exit status on failure. */
static int features_one(struct ffactl_ctx *ctx, uint32_t fid,
			json_object *entry)
{
	struct ffa_regs r = { { FFA_FN_SMC32(FFA_FEATURES), fid } };
	struct result_status st;
	const char *name = errtab_abi_name(FFA_FN_NUM(fid));
	char fs[16];
	int rc = cli_backend(ctx);

	if (rc)
		return rc;
	rc = ctx->be.ops->call(&ctx->be, &r);
	if (rc < 0)
		return cli_backend_error(ctx, rc);
	result_classify(FFA_FN_SMC32(FFA_FEATURES), &r, &st);
	out_regs(&ctx->out, "FFA_FEATURES", &r, 8);
	snprintf(fs, sizeof(fs), "0x%08x", fid);
	json_object_object_add(entry, "abi", out_abi(name));
	json_object_object_add(entry, "fid", json_object_new_string(fs));
	json_object_object_add(entry, "smc64",
		json_object_new_boolean(FFA_FN_IS_SMC64(fid)));
	if (st.kind == RESULT_OK) {
		json_object_object_add(entry, "supported",
				       json_object_new_boolean(1));
		json_object_object_add(entry, "a2", out_hex(r.a[2]));
		json_object_object_add(entry, "a3", out_hex(r.a[3]));
		return EXIT_OK;
	}
	if (st.kind == RESULT_FFA_ERROR &&
	    st.code == FFA_RET_NOT_SUPPORTED) {
		json_object_object_add(entry, "supported",
				       json_object_new_boolean(0));
		return result_exit_status(&st);
	}
	out_ffa_error(&ctx->out, ctx->cmd->name, &st, &r);
	return -result_exit_status(&st);
}

/* The ABIs "ffactl features" asks about when given none. */
static const uint8_t features_all[] = {
	FFA_VERSION, FFA_FEATURES, FFA_RX_RELEASE, FFA_RXTX_MAP,
	FFA_RXTX_UNMAP, FFA_PARTITION_INFO_GET, FFA_ID_GET,
	FFA_MSG_SEND_DIRECT_REQ, FFA_MEM_DONATE, FFA_MEM_LEND, FFA_MEM_SHARE,
	FFA_MEM_RETRIEVE_REQ, FFA_MEM_RELINQUISH, FFA_MEM_RECLAIM,
	FFA_MEM_FRAG_RX, FFA_MEM_FRAG_TX, FFA_SPM_ID_GET,
	FFA_MSG_SEND_DIRECT_REQ2, FFA_PARTITION_INFO_GET_REGS,
};

static int run_features(struct ffactl_ctx *ctx)
{
	json_object *res = out_new("features");
	json_object *list = json_object_new_array();
	char err[PARSE_ERR_LEN];
	int rc = EXIT_OK;

	json_object_object_add(res, "features", list);
	if (ctx->nargs) {
		json_object *e = json_object_new_object();
		uint32_t fid;

		if (parse_fid(ctx->args[0], &fid, err)) {
			json_object_put(res);
			json_object_put(e);
			return cli_usage(ctx, "features: %s", err);
		}
		json_object_array_add(list, e);
		rc = features_one(ctx, fid, e);
	} else {
		for (size_t i = 0; i < sizeof(features_all); i++) {
			json_object *e = json_object_new_object();
			uint32_t fid = FFA_FN_SMC32(features_all[i]);
			int one;

			if (features_all[i] == FFA_MSG_SEND_DIRECT_REQ2 ||
			    features_all[i] == FFA_PARTITION_INFO_GET_REGS)
				fid = FFA_FN_SMC64(features_all[i]);
			json_object_array_add(list, e);
			one = features_one(ctx, fid, e);
			/* "Not supported" is an answer here, not a failure. */
			if (one != EXIT_OK &&
			    one != errtab_exit_status(FFA_RET_NOT_SUPPORTED)) {
				rc = one;
				break;
			}
		}
	}
	if (rc < 0 || (rc != EXIT_OK &&
		       rc != errtab_exit_status(FFA_RET_NOT_SUPPORTED))) {
		json_object_put(res);
		return rc < 0 ? -rc : rc;
	}
	out_result(&ctx->out, res);
	return rc;
}

/* Partition properties we name (DEN0077 v1.2 table 6.2; Linux arm_ffa.h). */
static const char *const prop_names[] = {
	[0] = "direct-req-recv", [1] = "direct-req-send",
	[2] = "indirect-msg", [3] = "notifications",
	[6] = "vm-created-msg", [7] = "vm-destroyed-msg",
	[8] = "aarch64", [9] = "direct-req2-recv", [10] = "direct-req2-send",
};

static json_object *uuid_json(const uint32_t w[4])
{
	char s[FFA_UUID_STR_LEN + 1];

	ffa_uuid_format(w, s);
	return json_object_new_string(s);
}

/*
 * A descriptor's UUID field (v1.1+, bytes 8..23) names the partition only
 * for a Nil-UUID query; for a non-Nil one it is reserved, MBZ (DEN0077
 * v1.1 table 13.37, v1.2 table 6.1), and firmware may leave it
 * unwritten (TF-A's EL3 SPMC does). Every descriptor answers the query, so
 * the partition's UUID is then the one asked for. JSON: "uuid" is the
 * partition's UUID (null when unknown: a v1.0 descriptor on a Nil query),
 * "uuid_source" says where it came from ("descriptor" or "query"), and
 * "uuid_field" is the raw field (null when the layout has none: v1.0).
 */
static void partition_uuid(struct ffactl_ctx *ctx, json_object *e,
			   const uint8_t *p, size_t size,
			   const uint32_t query[4])
{
	bool nil = !(query[0] | query[1] | query[2] | query[3]);
	bool has_field = size >= 24;
	uint32_t field[4] = { 0 };
	char s[FFA_UUID_STR_LEN + 1];

	if (has_field)
		ffa_uuid_from_bytes(p + 8, field);
	json_object_object_add(e, "uuid", nil && !has_field ? NULL :
			       uuid_json(nil ? field : query));
	json_object_object_add(e, "uuid_source", nil && !has_field ? NULL :
		json_object_new_string(nil ? "descriptor" : "query"));
	json_object_object_add(e, "uuid_field",
			       has_field ? uuid_json(field) : NULL);
	if (nil || !has_field)
		return;
	ffa_uuid_format(field, s);
	out_note(&ctx->out, "partition 0x%04x: descriptor UUID field %s: not "
		 "meaningful for a non-Nil query (DEN0077 v1.1 table 13.37, "
		 "v1.2 table 6.1: reserved, MBZ)%s", ffa_le16(p), s,
		 field[0] | field[1] | field[2] | field[3] ?
		 "; the firmware did not clear it" : "");
}

static struct {
	bool regs;
} part_opts;

enum { OPT_REGS = 0x320 };

static const struct argp_option partitions_options[] = {
	{ "regs", OPT_REGS, NULL, 0, "Use FFA_PARTITION_INFO_GET_REGS (FF-A "
	  "1.2): the listing in registers x3..x17, five partitions a call, "
	  "no RX buffer", 0 },
	{ 0 }
};

static error_t parse_partitions(int key, char *arg, struct argp_state *state)
{
	(void)arg;
	(void)state;
	if (key != OPT_REGS)
		return ARGP_ERR_UNKNOWN;
	part_opts.regs = true;
	return 0;
}

/* One listed partition as JSON; the UUID fields are the caller's. */
static json_object *partition_json(uint16_t id, uint16_t exec_ctx,
				   uint32_t pr)
{
	json_object *e = json_object_new_object(), *props;
	char s[8];

	snprintf(s, sizeof(s), "0x%04x", id);
	json_object_object_add(e, "id", json_object_new_string(s));
	json_object_object_add(e, "exec_ctx", json_object_new_int(exec_ctx));
	json_object_object_add(e, "properties", out_hex(pr));
	props = json_object_new_array();
	for (unsigned int b = 0; b < sizeof(prop_names) / sizeof(prop_names[0]);
	     b++)
		if ((pr & (1u << b)) && prop_names[b])
			json_object_array_add(props,
				json_object_new_string(prop_names[b]));
	json_object_object_add(e, "property_names", props);
	return e;
}

/*
 * --regs: FFA_PARTITION_INFO_GET_REGS, walked by start index until x2's
 * current index [31:16] reaches its last [15:0]; each entry is x3+3i
 * (ID [15:0], execution contexts [31:16], properties [63:32]) and the
 * UUID in the next two, meaningful for a Nil-UUID query only, as in the
 * RX listing. An answer whose indices do not move forward is a protocol
 * violation (exit 9), not a loop.
 */
static int partitions_regs(struct ffactl_ctx *ctx, const uint32_t uuid[4],
			   json_object *list, struct ffa_regs *r,
			   uint32_t *count)
{
	const uint32_t fid = FFA_FN_SMC64(FFA_PARTITION_INFO_GET_REGS);
	bool nil = !(uuid[0] | uuid[1] | uuid[2] | uuid[3]);
	uint32_t start = 0, cur, last;
	struct result_status st;
	int rc;

	do {
		*r = (struct ffa_regs){ { fid,
			(uint64_t)uuid[1] << 32 | uuid[0],
			(uint64_t)uuid[3] << 32 | uuid[2], start } };
		rc = ctx->be.ops->call(&ctx->be, r);
		if (rc < 0)
			return cli_backend_error(ctx, rc);
		rc = cli_check(ctx, fid, r, &st);
		if (rc)
			return rc;
		last = (uint32_t)(r->a[2] & 0xFFFF);
		cur = (uint32_t)(r->a[2] >> 16 & 0xFFFF);
		if (cur < start || cur > last || cur - start > 4) {
			out_error(&ctx->out, "partitions", "firmware",
				  RESULT_EXIT_VIOLATION,
				  "FFA_PARTITION_INFO_GET_REGS from index %u "
				  "answered x2 = 0x%llx (current index %u, "
				  "last %u): not a step forward of at most "
				  "five entries", start,
				  (unsigned long long)r->a[2], cur, last);
			return RESULT_EXIT_VIOLATION;
		}
		for (uint32_t i = 0; i <= cur - start; i++) {
			const uint64_t *e = &r->a[3 + 3 * i];
			uint32_t field[4] = {
				(uint32_t)e[1], (uint32_t)(e[1] >> 32),
				(uint32_t)e[2], (uint32_t)(e[2] >> 32),
			};
			json_object *o = partition_json((uint16_t)e[0],
							(uint16_t)(e[0] >> 16),
							(uint32_t)(e[0] >> 32));

			json_object_object_add(o, "uuid",
					       uuid_json(nil ? field : uuid));
			json_object_object_add(o, "uuid_source",
				json_object_new_string(nil ? "descriptor" :
						       "query"));
			json_object_object_add(o, "uuid_field",
					       uuid_json(field));
			json_object_array_add(list, o);
		}
		start = cur + 1;
	} while (cur < last);
	*count = last + 1;
	return EXIT_OK;
}

static int run_partitions(struct ffactl_ctx *ctx)
{
	uint32_t uuid[4] = { 0 };
	uint8_t buf[4096];
	struct ffa_regs r = { { 0 } };
	struct result_status st;
	json_object *res, *list;
	size_t len = 0, size;
	uint32_t count = 0;
	int rc;

	if (ctx->nargs && ffa_uuid_parse(ctx->args[0], uuid))
		return cli_usage(ctx, "partitions: '%.40s': not a UUID "
				 "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
				 ctx->args[0]);
	rc = cli_backend(ctx);
	if (rc)
		return rc;
	res = out_new("partitions");
	list = json_object_new_array();
	json_object_object_add(res, "partitions", list);
	if (part_opts.regs) {
		rc = partitions_regs(ctx, uuid, list, &r, &count);
		if (rc) {
			json_object_put(res);
			return rc;
		}
		json_object_object_add(res, "count",
				       json_object_new_int((int)count));
		out_add_regs(res, &r, FFA_NREGS);
		out_result(&ctx->out, res);
		return EXIT_OK;
	}
	rc = ctx->be.ops->partition_info(&ctx->be, uuid, 0, &r, buf,
					 sizeof(buf), &len);
	if (rc < 0) {
		json_object_put(res);
		return cli_backend_error(ctx, rc);
	}
	rc = cli_check(ctx, FFA_FN_SMC32(FFA_PARTITION_INFO_GET), &r, &st);
	if (rc) {
		json_object_put(res);
		return rc;
	}
	count = (uint32_t)r.a[2];
	/* v1.0 answers a3 = 0 and 8-byte entries; v1.1+ gives the size. */
	size = (uint32_t)r.a[3] ? (uint32_t)r.a[3] : 8;
	for (uint32_t i = 0; i < count && size >= 8 && (i + 1) * size <= len;
	     i++) {
		const uint8_t *p = buf + i * size;
		json_object *e = partition_json(ffa_le16(p), ffa_le16(p + 2),
						ffa_le32(p + 4));

		partition_uuid(ctx, e, p, size, uuid);
		json_object_array_add(list, e);
	}
	json_object_object_add(res, "count", json_object_new_int((int)count));
	out_add_regs(res, &r, 8);
	out_result(&ctx->out, res);
	return EXIT_OK;
}

struct msg_opts {
	uint16_t to;
	bool have_to;
	bool smc64, smc32;
	bool req2;
	const char *uuid;
};

static struct msg_opts msg_opts;

enum { OPT_REQ2 = 0x310, OPT_UUID, OPT_SMC32 };

/* FFA_MSG_SEND_DIRECT_REQ carries 5 words (a3..a7), REQ2 14 (a4..a17). */
#define MSG_WORDS 5
#define MSG_WORDS_REQ2 14

static const struct argp_option msg_options[] = {
	{ "to", 't', "ID", 0, "Receiver endpoint ID (e.g. 0x8001)", 0 },
	{ "smc64", '6', NULL, 0, "Use the SMC64 form (64-bit words)", 0 },
	{ "smc32", OPT_SMC32, NULL, 0, "Use the SMC32 form (the default, "
	  "except on the module's driver transport, where Linux's FF-A "
	  "driver sends SMC64 unless a client driver set the partition's "
	  "device to 32-bit mode)", 0 },
	{ "req2", OPT_REQ2, NULL, 0, "FFA_MSG_SEND_DIRECT_REQ2 (FF-A 1.2, "
	  "SMC64): up to 14 words in a4..a17, to the protocol named by "
	  "--uuid", 0 },
	{ "uuid", OPT_UUID, "UUID", 0, "With --req2: the UUID of the "
	  "partition's protocol (a2/a3)", 0 },
	{ 0 }
};

static error_t parse_msg(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;
	char err[PARSE_ERR_LEN];
	uint64_t v;

	switch (key) {
	case 't':
		if (parse_uint(arg, UINT16_MAX, &v, err))
			exit(cli_usage(ctx, "--to: %s", err));
		msg_opts.to = (uint16_t)v;
		msg_opts.have_to = true;
		return 0;
	case '6':
		msg_opts.smc64 = true;
		return 0;
	case OPT_SMC32:
		msg_opts.smc32 = true;
		return 0;
	case OPT_REQ2:
		msg_opts.req2 = true;
		return 0;
	case OPT_UUID:
		msg_opts.uuid = arg;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

/*
 * DEN0077 v1.2 FFA_MSG_SEND_DIRECT_REQ2: x2 holds UUID bytes 0..7 and x3
 * bytes 8..15, each with the lowest-numbered byte in the least significant
 * bits.
 */
static void uuid_regs(const uint32_t w[4], uint64_t *lo, uint64_t *hi)
{
	uint8_t b[16];

	ffa_uuid_to_bytes(w, b);
	*lo = ffa_le64(b);
	*hi = ffa_le64(b + 8);
}

static int run_msg(struct ffactl_ctx *ctx)
{
	bool req2 = msg_opts.req2, wide = msg_opts.smc64 || req2;
	/* No width named: the transport may choose 64 (words checked then). */
	bool chosen = wide || msg_opts.smc32;
	uint32_t fid = req2 ? FFA_FN_SMC64(FFA_MSG_SEND_DIRECT_REQ2) :
		       msg_opts.smc64 ? FFA_FN_SMC64(FFA_MSG_SEND_DIRECT_REQ) :
		       FFA_FN_SMC32(FFA_MSG_SEND_DIRECT_REQ);
	struct negotiated_version nv;
	int first = req2 ? 4 : 3, nwords = req2 ? MSG_WORDS_REQ2 : MSG_WORDS;
	struct ffa_regs r = { { fid } };
	struct ffa_regs id = { { FFA_FN_SMC32(FFA_ID_GET) } };
	struct result_status st;
	char err[PARSE_ERR_LEN], s[8];
	json_object *res, *words;
	uint32_t uuid[4] = { 0 };
	int rc;

	if (!msg_opts.have_to)
		return cli_usage(ctx, "msg: missing --to ID");
	if (msg_opts.smc32 && wide)
		return cli_usage(ctx, "msg: --smc32 and %s: choose one",
				 req2 ? "--req2 (SMC64 only)" : "--smc64");
	if (req2 && !msg_opts.uuid)
		return cli_usage(ctx, "msg: --req2 needs --uuid UUID (the "
				 "protocol the partition speaks)");
	if (!req2 && msg_opts.uuid)
		return cli_usage(ctx, "msg: --uuid is for --req2 "
				 "(FFA_MSG_SEND_DIRECT_REQ2)");
	if (msg_opts.uuid && ffa_uuid_parse(msg_opts.uuid, uuid))
		return cli_usage(ctx, "msg: --uuid: '%.40s': not a UUID "
				 "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
				 msg_opts.uuid);
	if (ctx->nargs > nwords)
		return cli_usage(ctx, "msg: at most %d words %s", nwords,
				 req2 ? "with --req2" : "without --req2 (14 "
				 "with --req2)");
	for (int i = 0; i < ctx->nargs; i++) {
		uint64_t v;

		if (parse_uint(ctx->args[i], wide || !chosen ? UINT64_MAX :
			       UINT32_MAX, &v, err))
			return cli_usage(ctx, "msg: word %d: %s", i + 1, err);
		r.a[first + i] = v;
	}
	if (req2)
		uuid_regs(uuid, &r.a[2], &r.a[3]);
	rc = cli_call(ctx, &id, &st);
	if (rc)
		return rc;
	if (!chosen && ctx->be.ops->negotiated(&ctx->be, &nv) == 0 &&
	    nv.msg_width == 64) {
		r.a[0] = fid = FFA_FN_SMC64(FFA_MSG_SEND_DIRECT_REQ);
		wide = true;
		out_note(&ctx->out, "msg: SMC64, the width Linux's FF-A driver "
			 "sends direct requests in (the module's driver "
			 "transport; --smc32 asks for the other)");
	}
	for (int i = 0; !wide && i < ctx->nargs; i++) {
		uint64_t v;

		/* SMC32 after all: the words as the 32-bit form's. */
		if (parse_uint(ctx->args[i], UINT32_MAX, &v, err))
			return cli_usage(ctx, "msg: word %d: %s", i + 1, err);
	}
	r.a[1] = (id.a[2] & 0xFFFF) << 16 | msg_opts.to;
	rc = cli_call(ctx, &r, &st);
	if (rc)
		return rc;
	res = out_new("msg");
	snprintf(s, sizeof(s), "0x%04x", (unsigned int)(r.a[1] >> 16 & 0xFFFF));
	json_object_object_add(res, "from", json_object_new_string(s));
	json_object_object_add(res, "abi", out_abi(errtab_abi_name(
		FFA_FN_NUM((uint32_t)r.a[0]))));
	if (req2) {
		char u[FFA_UUID_STR_LEN + 1];

		ffa_uuid_format(uuid, u);
		json_object_object_add(res, "uuid", json_object_new_string(u));
	}
	words = json_object_new_array();
	for (int i = first; i < first + nwords; i++)
		json_object_array_add(words, out_hex(wide ? r.a[i] :
						     (uint32_t)r.a[i]));
	json_object_object_add(res, "words", words);
	out_add_regs(res, &r, req2 ? FFA_NREGS : 8);
	out_result(&ctx->out, res);
	return EXIT_OK;
}

/*
 * ABIs that "call" refuses: they need the TX buffer or page ownership, which
 * only the memory commands (and, on a real system, the module) manage.
 */
static const char *call_refusal(uint32_t num)
{
	switch (num) {
	case FFA_MEM_SHARE:
	case FFA_MEM_LEND:
	case FFA_MEM_DONATE:
	case FFA_MEM_FRAG_TX:
	case FFA_MEM_FRAG_RX:
	case FFA_MEM_RETRIEVE_REQ:
		return "needs the TX buffer: use share, lend or donate";
	case FFA_MEM_RELINQUISH:
		/* Its descriptor is read from the TX buffer too. */
		return "needs the TX buffer: a borrower relinquishes (ffactl sp "
		       "relinquish asks the test partition)";
	case FFA_MEM_RECLAIM:
		return "frees pages on success: use 'ffactl reclaim'";
	case FFA_RXTX_MAP:
	case FFA_RXTX_UNMAP:
		return "the RX/TX pair belongs to the backend";
	}
	return NULL;
}

static bool regs_beyond_a7(const struct ffa_regs *r)
{
	for (int i = 8; i < FFA_NREGS; i++)
		if (r->a[i])
			return true;
	return false;
}

static int run_call(struct ffactl_ctx *ctx)
{
	struct ffa_regs r = { { 0 } };
	struct result_status st;
	char err[PARSE_ERR_LEN];
	const char *why;
	json_object *res;
	uint32_t fid;
	int rc;

	if (parse_fid(ctx->args[0], &fid, err))
		return cli_usage(ctx, "call: %s", err);
	why = call_refusal(FFA_FN_NUM(fid));
	if (why)
		return cli_usage(ctx, "call: %s %s",
				 errtab_abi_name(FFA_FN_NUM(fid)), why);
	r.a[0] = fid;
	for (int i = 1; i < ctx->nargs; i++) {
		uint64_t v;

		if (parse_uint(ctx->args[i], FFA_FN_IS_SMC64(fid) ?
			       UINT64_MAX : UINT32_MAX, &v, err))
			return cli_usage(ctx, "call: a%d: %s", i, err);
		r.a[i] = v;
	}
	rc = cli_call(ctx, &r, &st);
	if (rc)
		return rc;
	res = out_new("call");
	json_object_object_add(res, "abi", out_abi(st.abi));
	/* x8..x17 (v1.2 register ABIs) when given or answered. */
	out_add_regs(res, &r, ctx->nargs > 8 || regs_beyond_a7(&r) ?
		     FFA_NREGS : 8);
	out_result(&ctx->out, res);
	return EXIT_OK;
}

const struct ffactl_cmd cmd_version = {
	.name = "version",
	.summary = "FFA_VERSION: the SPMC's FF-A version, the negotiated one",
	.doc = "Without --negotiate, a query: asks with the version already "
	       "negotiated (the module's record), which changes nothing. "
	       "FFA_VERSION is per endpoint and the last caller wins, so "
	       "--negotiate changes the version, and the descriptor layout, "
	       "the SPMC uses for the whole normal world; share, lend and "
	       "donate then build that layout by default.",
	.options = version_options, .parse_opt = parse_version_opt,
	.run = run_version, .min_args = 0, .max_args = 1,
};

const struct ffactl_cmd cmd_id = {
	.name = "id", .summary = "FFA_ID_GET: this endpoint's ID",
	.run = run_id, .min_args = 0, .max_args = 0,
};

const struct ffactl_cmd cmd_features = {
	.name = "features", .args_doc = "[ABI|FID]",
	.summary = "FFA_FEATURES: which ABIs the SPMC supports",
	.doc = "ABI is a name (mem_share, FFA_MEM_SHARE_64) or a function ID. "
	       "With one ABI, exit status 11 means not supported. Without, "
	       "lists every ABI ffactl uses.",
	.run = run_features, .min_args = 0, .max_args = 1,
};

const struct ffactl_cmd cmd_partitions = {
	.name = "partitions", .args_doc = "[UUID]",
	.summary = "FFA_PARTITION_INFO_GET: list partitions",
	.doc = "Lists every partition, or those of UUID. With --regs, "
	       "FFA_PARTITION_INFO_GET_REGS (FF-A 1.2) instead.",
	.options = partitions_options, .parse_opt = parse_partitions,
	.run = run_partitions, .min_args = 0, .max_args = 1,
};

const struct ffactl_cmd cmd_msg = {
	.name = "msg", .args_doc = "[WORD...]",
	.summary = "FFA_MSG_SEND_DIRECT_REQ(2): send up to 5 (14) words, "
		   "print the reply",
	.doc = "Without --req2, FFA_MSG_SEND_DIRECT_REQ with up to 5 words in "
	       "a3..a7; with --req2 --uuid UUID, FFA_MSG_SEND_DIRECT_REQ2 "
	       "(FF-A 1.2) with up to 14 in a4..a17.",
	.options = msg_options, .parse_opt = parse_msg,
	.run = run_msg, .min_args = 0, .max_args = MSG_WORDS_REQ2,
};

const struct ffactl_cmd cmd_call = {
	.name = "call", .args_doc = "FID [A1...A17]",
	.summary = "Any register-only FF-A call, raw (x0-x17)",
	.doc = "FID is a function ID in the FF-A range or an ABI name; A1..A17 "
	       "go in x1..x17 (FF-A 1.2 register ABIs use them all). Prints "
	       "a0..a7, and a8..a17 when given or answered. Memory and RX/TX "
	       "ABIs are refused: use the memory commands.",
	.run = run_call, .min_args = 1, .max_args = FFA_NREGS,
};
