// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Memory commands: share, lend, donate (build the transaction descriptor and
 * send it), reclaim, handles.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "desc_json.h"
#include "desc_verdict.h"
#include "errtab.h"
#include "ffa/desc.h"
#include "model.h"
#include "parse.h"
#include "sim.h"

/* Pages one share may ask for: the descriptor stays under 1 MiB. */
#define SEND_MAX_PAGES 65536u

struct send_opts {
	uint16_t to[FFA_DESC_MAX_RECEIVERS];
	unsigned int nto;
	uint32_t pages;
	uint32_t attrs;     /* given with --attrs, else per ABI */
	uint32_t perm;      /* given with --perm, else per ABI */
	bool have_attrs;
	bool have_perm;
	uint32_t flags;
	uint32_t desc_version;     /* 0: the negotiated version's */
	uint64_t tag;
	uint16_t sender;
	bool have_sender;
	bool smc64, smc32;
	bool dry_run;
	bool fill;
	uint32_t fill_pattern;
	uint32_t frag_len;
	bool have_impdef;
	uint64_t impdef[2];
	uint64_t addr[FFA_DESC_MAX_RECEIVERS]; /* --addr: as-is constituents */
	unsigned int naddr;
	bool have_pages;
	bool reuse;             /* --pages-of: the pages of a live handle */
	uint64_t reuse_handle;
};

static struct send_opts send_opts = {
	.pages = 1,
};

/* The negotiated version the default layout followed; 0 = not asked. */
static uint32_t negotiated_seen;

enum {
	OPT_ATTRS = 0x200, OPT_PERM, OPT_SMC64, OPT_SMC32, OPT_DESC_VERSION,
	OPT_TAG, OPT_DRY_RUN, OPT_SENDER, OPT_FILL, OPT_FRAG_LEN, OPT_FLAGS,
	OPT_ZERO, OPT_TIME_SLICE, OPT_IMPDEF, OPT_ADDR, OPT_ALL, OPT_STUCK,
	OPT_PAGES_OF,
};

static const struct argp_option send_options[] = {
	{ "to", 't', "ID[,ID...]", 0, "Receiver endpoint ID(s), all in "
	  "one --to, given once (up to 4)", 0 },
	{ "pages", 'n', "N", 0, "Pages to send, one constituent each "
	  "(default 1, at most 65536: the descriptor stays under 1 MiB)", 0 },
	{ "attrs", OPT_ATTRS, "ATTR", 0, "Memory region attributes: "
	  "normal-wb (normal, write-back, inner shareable), normal-wb-outer, "
	  "normal-nc, device, or a raw number. Default, as DEN0077's usage "
	  "rules want: normal-wb for share and for lend to several "
	  "borrowers; 0, not specified, for lend to one borrower and for "
	  "donate", 0 },
	{ "perm", OPT_PERM, "PERM", 0, "Access permissions: rw, ro, rw-nx, "
	  "ro-nx, rwx, rx, or a raw number. Default: rw for share and lend; "
	  "0, not specified, for donate. The usage rules never let a sender "
	  "specify instruction access: the -nx and x values are for negative "
	  "tests", 0 },
	{ "smc64", OPT_SMC64, NULL, 0, "Use the SMC64 function ID", 0 },
	{ "smc32", OPT_SMC32, NULL, 0, "Use the SMC32 function ID (the "
	  "default, except on the module's driver transport where Linux's "
	  "FF-A driver sends SMC64: there its width)", 0 },
	{ "desc-version", OPT_DESC_VERSION, "1.0|1.1|1.2", 0,
	  "Descriptor layout (default: the negotiated FF-A version's; 1.1 "
	  "with --dry-run)", 0 },
	{ "tag", OPT_TAG, "N", 0, "Transaction tag (default 0)", 0 },
	{ "addr", OPT_ADDR, "ADDR", 0, "A constituent of one page at ADDR, "
	  "sent as is instead of the backend's own pages (repeat for more, "
	  "at most 16): for negative tests, e.g. overlapping or unaligned "
	  "constituents", 0 },
	{ "pages-of", OPT_PAGES_OF, "HANDLE", 0, "Send the pages the "
	  "backend holds for HANDLE (a live share, lend or donate of ours) "
	  "instead of fresh ones: all of them, or the first N with --pages "
	  "N. DEN0077 lets a page be in one transaction at a time, so the "
	  "SPMC should refuse; if it accepts, both handles share the pages, "
	  "freed when the last is reclaimed", 0 },
	{ "impdef", OPT_IMPDEF, "WORD0,WORD1", 0, "Implementation-defined "
	  "value of every receiver's EMAD: WORD0 at EMAD offset 8, WORD1 at "
	  "16 (v1.2 layout only; default 0,0)", 0 },
	{ "flags", OPT_FLAGS, "RAW", 0, "Descriptor flags word (default 0)",
	  0 },
	{ "sender", OPT_SENDER, "ID", 0, "Sender ID to write (default: the "
	  "answer of FFA_ID_GET)", 0 },
	{ "fill", OPT_FILL, "PATTERN", 0, "Fill the pages with this 32-bit "
	  "pattern before sending", 0 },
	{ "frag-len", OPT_FRAG_LEN, "BYTES", 0, "Send the descriptor in "
	  "fragments of this size (FFA_MEM_FRAG_TX; at least 16). A "
	  "fragment is never larger than the TX buffer (4096 bytes on the "
	  "sim; the module's RX/TX size): a larger value is capped, and "
	  "said", 0 },
	{ "dry-run", OPT_DRY_RUN, NULL, 0, "Print the descriptor, send "
	  "nothing, and judge it as decode --abi does (the sim's profile "
	  "with --backend sim, else the spec's checks): the exit status is "
	  "the answer the send would get", 0 },
	{ 0 }
};

struct name_val {
	const char *name;
	uint32_t val;
};

static const struct name_val attr_names[] = {
	{ "normal-wb", FFA_ATTR_NORMAL_WB_INNER },
	{ "normal-wb-outer", FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_WB |
			     FFA_ATTR_SH_OUTER },
	{ "normal-nc", FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_NC |
		       FFA_ATTR_SH_OUTER },
	{ "device", FFA_ATTR_TYPE_DEVICE },
	{ NULL, 0 }
};

static const struct name_val perm_names[] = {
	{ "rw", FFA_PERM_RW },
	{ "ro", FFA_PERM_RO },
	{ "rw-nx", FFA_PERM_RW | FFA_PERM_NX },
	{ "ro-nx", FFA_PERM_RO | FFA_PERM_NX },
	{ "rwx", FFA_PERM_RW | FFA_PERM_X },
	{ "rx", FFA_PERM_RO | FFA_PERM_X },
	{ NULL, 0 }
};

static int parse_named(const char *s, const struct name_val *names,
		       uint64_t max, uint32_t *out, char err[PARSE_ERR_LEN])
{
	uint64_t v;

	for (int i = 0; names[i].name; i++) {
		if (!strcmp(s, names[i].name)) {
			*out = names[i].val;
			return 0;
		}
	}
	if (parse_uint(s, max, &v, err))
		return -1;
	*out = (uint32_t)v;
	return 0;
}

#define OPT_FAIL(opt) exit(cli_usage(ctx, "%s: %s", opt, err))

static error_t parse_send(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;
	struct send_opts *o = &send_opts;
	char err[PARSE_ERR_LEN];
	uint64_t v;

	switch (key) {
	case 't':
		/* A second --to replacing the first would send elsewhere. */
		if (o->nto)
			exit(cli_usage(ctx, "%s: --to: given twice; name every "
				       "receiver in one --to (--to "
				       "0x8001,0x8002)", ctx->cmd->name));
		if (parse_id_list(arg, o->to, FFA_DESC_MAX_RECEIVERS, &o->nto,
				  err))
			OPT_FAIL("--to");
		break;
	case 'n':
		if (parse_u64(arg, &v, err))
			OPT_FAIL("--pages");
		if (v > SEND_MAX_PAGES)
			exit(cli_usage(ctx, "--pages: '%.30s': at most %u (the "
				       "descriptor stays under 1 MiB)", arg,
				       SEND_MAX_PAGES));
		o->pages = (uint32_t)v;
		o->have_pages = true;
		break;
	case OPT_ATTRS:
		if (parse_named(arg, attr_names, UINT16_MAX, &o->attrs, err))
			OPT_FAIL("--attrs");
		o->have_attrs = true;
		break;
	case OPT_PERM:
		if (parse_named(arg, perm_names, UINT8_MAX, &o->perm, err))
			OPT_FAIL("--perm");
		o->have_perm = true;
		break;
	case OPT_SMC64:
		if (o->smc32)
			exit(cli_usage(ctx, "--smc64 and --smc32: choose "
					   "one"));
		o->smc64 = true;
		break;
	case OPT_SMC32:
		if (o->smc64)
			exit(cli_usage(ctx, "--smc64 and --smc32: choose "
					   "one"));
		o->smc32 = true;
		break;
	case OPT_DESC_VERSION:
		if (parse_desc_version(arg, &o->desc_version, err))
			OPT_FAIL("--desc-version");
		break;
	case OPT_TAG:
		if (parse_u64(arg, &o->tag, err))
			OPT_FAIL("--tag");
		break;
	case OPT_FLAGS:
		if (parse_uint(arg, UINT32_MAX, &v, err))
			OPT_FAIL("--flags");
		o->flags = (uint32_t)v;
		break;
	case OPT_IMPDEF:
		if (parse_u64_pair(arg, o->impdef, err))
			OPT_FAIL("--impdef");
		o->have_impdef = true;
		break;
	case OPT_SENDER:
		if (parse_uint(arg, UINT16_MAX, &v, err))
			OPT_FAIL("--sender");
		o->sender = (uint16_t)v;
		o->have_sender = true;
		break;
	case OPT_FILL:
		if (parse_uint(arg, UINT32_MAX, &v, err))
			OPT_FAIL("--fill");
		o->fill = true;
		o->fill_pattern = (uint32_t)v;
		break;
	case OPT_ADDR:
		if (o->naddr == FFA_DESC_MAX_RECEIVERS)
			exit(cli_usage(ctx, "--addr: at most %u",
				       FFA_DESC_MAX_RECEIVERS));
		if (parse_u64(arg, &o->addr[o->naddr], err))
			OPT_FAIL("--addr");
		o->naddr++;
		break;
	case OPT_FRAG_LEN:
		if (parse_uint(arg, UINT32_MAX, &v, err))
			OPT_FAIL("--frag-len");
		if (v < 16)
			exit(cli_usage(ctx, "--frag-len: '%s': at least 16 "
				       "bytes", arg));
		o->frag_len = (uint32_t)v;
		break;
	case OPT_DRY_RUN:
		o->dry_run = true;
		break;
	case OPT_PAGES_OF:
		if (parse_u64(arg, &o->reuse_handle, err))
			OPT_FAIL("--pages-of");
		o->reuse = true;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/*
 * Builds the descriptor of a @fn_num send for @o: one constituent per page,
 * address 0 (the backend writes the addresses of the pages it owns).
 * Attributes and permissions not given are the usage rules' for the ABI
 * and the number of receivers. Caller frees.
 */
static uint8_t *build_desc(const struct send_opts *o, uint32_t fn_num,
			   uint16_t sender, uint32_t *len, uint32_t *cons_off)
{
	struct ffa_mem_region r = {
		.version = o->desc_version, .sender = sender,
		.attributes = o->have_attrs ? (uint16_t)o->attrs :
				ffa_desc_default_attributes(fn_num, o->nto),
		.flags = o->flags, .tag = o->tag, .receiver_count = o->nto,
	};
	uint8_t perm = o->have_perm ? (uint8_t)o->perm :
				      ffa_desc_default_perm(fn_num, o->nto);
	struct ffa_constituent *cons = calloc(o->pages ? o->pages : 1,
					      sizeof(*cons));
	struct ffa_mem_region dec;
	uint8_t *buf = NULL;
	size_t size;

	if (!cons)
		return NULL;
	for (unsigned int i = 0; i < o->nto; i++) {
		r.receivers[i].receiver = o->to[i];
		r.receivers[i].perm = perm;
		r.receivers[i].impdef[0] = o->impdef[0];
		r.receivers[i].impdef[1] = o->impdef[1];
	}
	for (uint32_t i = 0; i < o->pages; i++) {
		cons[i].page_count = 1;
		cons[i].address = o->naddr ? o->addr[i] : 0;
	}
	size = ffa_desc_size(&r) + (size_t)o->pages * FFA_CONSTITUENT_SIZE;
	buf = calloc(1, size);
	if (buf && ffa_desc_encode(&r, cons, o->pages, buf, size) == 0) {
		free(buf);
		buf = NULL;
	}
	free(cons);
	if (!buf)
		return NULL;
	*len = (uint32_t)size;
	*cons_off = 0;
	if (ffa_desc_decode(buf, size, o->desc_version, &dec, NULL) == 0)
		*cons_off = dec.constituents_off;
	return buf;
}

/*
 * --desc-version when not given: the layout of the FF-A version negotiated
 * now (the module's record, or the sim's), because the SPMC reads a
 * descriptor in that version's layout (TF-A's EL3 SPMC refuses any
 * other). A dry run asks no backend: 1.1, what the module negotiates at
 * load by default.
 */
static int default_desc_version(struct ffactl_ctx *ctx, struct send_opts *o)
{
	struct negotiated_version nv;
	uint32_t l;
	int rc;

	if (o->desc_version)
		return EXIT_OK;
	if (o->dry_run) {
		o->desc_version = FFA_VERSION_1_1;
		out_note(&ctx->out, "%s: dry run: descriptor layout v1.1, "
			 "the module's default (no backend asked for the "
			 "negotiated version; --desc-version chooses)",
			 ctx->cmd->name);
		return EXIT_OK;
	}
	rc = cli_backend(ctx);
	if (rc)
		return rc;
	rc = ctx->be.ops->negotiated(&ctx->be, &nv);
	if (rc < 0)
		return cli_backend_error(ctx, rc);
	l = ffa_desc_layout_of(nv.version);
	negotiated_seen = nv.version;
	out_note(&ctx->out, "%s: descriptor layout v%u.%u (FF-A %u.%u "
		 "negotiated%s)", ctx->cmd->name, FFA_VERSION_MAJOR(l),
		 FFA_VERSION_MINOR(l), FFA_VERSION_MAJOR(nv.version),
		 FFA_VERSION_MINOR(nv.version), nv.tracked ? "" :
		 " at module load; this module does not track renegotiation");
	o->desc_version = l;
	return EXIT_OK;
}

/*
 * Options that only some descriptor layouts can carry, checked once the
 * layout is known (options come in any order): nothing is sent, nothing is
 * silently dropped.
 */
static int check_layout(struct ffactl_ctx *ctx, const struct send_opts *o)
{
	/*
	 * The v1.0 header has one attribute byte (DEN0077 v1.0 Table 5.19),
	 * v1.1 and v1.2 a 16-bit field (bits [15:7] reserved, which a
	 * negative test may set).
	 */
	if (o->desc_version == FFA_VERSION_1_0 && o->attrs > UINT8_MAX)
		return cli_usage(ctx, "--attrs: 0x%x does not fit the 8-bit "
				 "attributes field of a v1.0 descriptor (use "
				 "--desc-version 1.1 or 1.2)", o->attrs);
	/* The EMAD has the field only in its 32-byte v1.2 form. */
	if (o->have_impdef && o->desc_version != FFA_VERSION_1_2)
		return cli_usage(ctx, "--impdef: only a v1.2 descriptor "
				 "(--desc-version 1.2) has the "
				 "implementation-defined EMAD value");
	return 0;
}

/* "layout" sent, and "negotiated" when the backend was asked (else null). */
static void add_versions(json_object *out)
{
	uint32_t l = send_opts.desc_version;
	char v[16];

	snprintf(v, sizeof(v), "%u.%u", FFA_VERSION_MAJOR(l),
		 FFA_VERSION_MINOR(l));
	json_object_object_add(out, "layout", json_object_new_string(v));
	if (!negotiated_seen) {
		json_object_object_add(out, "negotiated", NULL);
		return;
	}
	snprintf(v, sizeof(v), "%u.%u", FFA_VERSION_MAJOR(negotiated_seen),
		 FFA_VERSION_MINOR(negotiated_seen));
	json_object_object_add(out, "negotiated", json_object_new_string(v));
}

/*
 * Who judges a descriptor that is not sent: the sim's profile when the sim
 * is the backend (read from its state, which is not changed), else the
 * spec's checks, the ones decode --abi runs.
 */
static void judge(struct ffactl_ctx *ctx, const uint8_t *desc, uint32_t len,
		  uint32_t fn_num, uint16_t sender, struct desc_verdict *v)
{
	const struct send_opts *o = &send_opts;
	struct sim_status st;
	char err[256], by[64];

	if (!strcmp(ctx->backend_name, "sim") &&
	    !sim_status(ctx->bopts.state, &st, err, sizeof(err))) {
		snprintf(by, sizeof(by), "the sim's %s profile",
			 ffa_model_profile_name(st.profile) ?: "?");
		desc_verdict((int)st.profile, by, desc, len, o->desc_version,
			     fn_num, sender, v);
		return;
	}
	desc_verdict(-1, o->dry_run ? "the spec's checks (DEN0077), no "
		     "backend asked" : "the spec's checks (DEN0077)", desc,
		     len, o->desc_version, fn_num, sender, v);
}

/* -v, a refused send: which check of the model (or the spec) refuses it. */
static void explain_refusal(struct ffactl_ctx *ctx, const uint8_t *desc,
			    uint32_t len, uint32_t cons_off, uint32_t fn_num,
			    uint16_t sender)
{
	uint8_t *copy;
	struct desc_verdict v;

	if (!ctx->out.verbose || ctx->out.quiet || ctx->out.json)
		return;
	copy = malloc(len);
	if (!copy)
		return;
	memcpy(copy, desc, len);
	desc_placeholder_addresses(copy, len, cons_off, send_opts.pages);
	judge(ctx, copy, len, fn_num, sender, &v);
	free(copy);
	if (v.status)
		out_note(&ctx->out, "%s: refused by %s: %s", ctx->cmd->name,
			 v.judged_by, v.decided_by);
	else
		out_note(&ctx->out, "%s: %s accept%s the descriptor itself: "
			 "the refusal is about partitions, memory or state",
			 ctx->cmd->name, v.judged_by,
			 strncmp(v.judged_by, "the spec", 8) ? "s" : "");
}

/*
 * --pages-of: the handle must be one the backend holds pages for, and
 * --pages at most their count; without --pages, all of them (one
 * constituent each). Refused here, before any call; the backend checks
 * again when it sends.
 */
static int reuse_pages(struct ffactl_ctx *ctx, struct send_opts *o)
{
	struct handle_info *list = NULL;
	size_t n = 0, cap, i;
	int rc = cli_backend(ctx);

	if (rc)
		return rc;
	do {
		free(list);
		cap = n + 16;
		list = calloc(cap, sizeof(*list));
		if (!list) {
			out_error(&ctx->out, ctx->cmd->name, "tool",
				  EXIT_SYSTEM, "out of memory");
			return EXIT_SYSTEM;
		}
		rc = ctx->be.ops->handles(&ctx->be, list, cap, &n);
		if (rc < 0) {
			free(list);
			return cli_backend_error(ctx, rc);
		}
	} while (n > cap);
	for (i = 0; i < n && list[i].handle != o->reuse_handle; i++)
		;
	if (i == n || list[i].state == HANDLE_STUCK || !list[i].pages) {
		bool stuck = i < n && list[i].state == HANDLE_STUCK;

		free(list);
		out_error(&ctx->out, ctx->cmd->name, "backend", EXIT_USAGE,
			  "%s: --pages-of 0x%llx: the %s backend holds %s "
			  "pages for that handle (ffactl handles lists those "
			  "it does)", ctx->cmd->name,
			  (unsigned long long)o->reuse_handle,
			  ctx->backend_name, stuck ? "only stuck" : "no");
		return EXIT_USAGE;
	}
	if (o->have_pages && o->pages > list[i].pages) {
		out_error(&ctx->out, ctx->cmd->name, "backend", EXIT_USAGE,
			  "%s: --pages-of 0x%llx: it holds %u pages: --pages "
			  "1 to %u, not %u", ctx->cmd->name,
			  (unsigned long long)o->reuse_handle, list[i].pages,
			  list[i].pages, o->pages);
		free(list);
		return EXIT_USAGE;
	}
	if (!o->have_pages)
		o->pages = list[i].pages;
	free(list);
	return EXIT_OK;
}

static int run_send(struct ffactl_ctx *ctx, uint32_t fn_num)
{
	const struct send_opts *o = &send_opts;
	uint32_t fid = o->smc64 ? FFA_FN_SMC64(fn_num) : FFA_FN_SMC32(fn_num);
	struct negotiated_version nv;
	struct mem_send_req req = { 0 };
	struct mem_send_res res = { 0 };
	struct result_status st;
	uint16_t sender = o->sender;
	json_object *out;
	uint32_t len, cons_off;
	uint8_t *desc;
	char h[24];
	int rc;

	if (!o->nto)
		return cli_usage(ctx, "%s: missing --to ID", ctx->cmd->name);
	if (o->naddr && (o->have_pages || o->fill))
		return cli_usage(ctx, "%s: --addr sends its constituents as "
				 "given, without pages of ours: no --pages or "
				 "--fill with it", ctx->cmd->name);
	if (o->reuse && (o->naddr || o->fill || o->dry_run))
		return cli_usage(ctx, "%s: --pages-of sends pages the backend "
				 "holds, as they are: no --addr, --fill or "
				 "--dry-run with it", ctx->cmd->name);
	if (o->reuse && o->have_pages && !o->pages)
		return cli_usage(ctx, "%s: --pages-of: --pages 0 reuses "
				 "nothing (1 to the handle's page count)",
				 ctx->cmd->name);
	if (o->naddr)
		send_opts.pages = o->naddr;
	rc = default_desc_version(ctx, &send_opts);
	if (!rc)
		rc = check_layout(ctx, o);
	if (!rc && o->reuse)
		rc = reuse_pages(ctx, &send_opts);
	if (rc)
		return rc;
	if (!o->have_sender && !o->dry_run) {
		struct ffa_regs id = { { FFA_FN_SMC32(FFA_ID_GET) } };

		rc = cli_call(ctx, &id, &st);
		if (rc)
			return rc;
		sender = (uint16_t)id.a[2];
	}
	desc = build_desc(o, fn_num, sender, &len, &cons_off);
	if (!desc) {
		out_error(&ctx->out, ctx->cmd->name, "tool", EXIT_SYSTEM,
			  "cannot build the descriptor (out of memory)");
		return EXIT_SYSTEM;
	}
	if (o->dry_run) {
		struct desc_verdict v;
		json_object *d;
		int status;

		/* The checks see addresses as a backend would write them. */
		desc_placeholder_addresses(desc, len, cons_off, o->pages);
		judge(ctx, desc, len, fn_num, sender, &v);
		out = out_new(ctx->cmd->name);
		json_object_object_add(out, "dry_run",
				       json_object_new_boolean(1));
		json_object_object_add(out, "abi",
			json_object_new_string(errtab_abi_name(fn_num)));
		d = desc_json(desc, len, o->desc_version, fn_num, sender,
			      &status);
		json_object_object_add(d, "judged_by",
				       json_object_new_string(v.judged_by));
		json_object_object_add(d, "verdict", json_object_new_string(
			v.status ? errtab_name(v.status) : "SUCCESS"));
		json_object_object_add(d, "decided_by", v.decided_by[0] ?
			json_object_new_string(v.decided_by) : NULL);
		json_object_object_add(out, "descriptor", d);
		add_versions(out);
		free(desc);
		out_result(&ctx->out, out);
		/* What the send would get, as decode --desc --abi says. */
		return v.status ? errtab_exit_status(v.status) : EXIT_OK;
	}
	rc = cli_backend(ctx);
	if (rc) {
		free(desc);
		return rc;
	}
	if (ctx->be.ops->negotiated(&ctx->be, &nv) == 0) {
		/* --desc-version given: the negotiated one is still reported. */
		if (!negotiated_seen)
			negotiated_seen = nv.version;
		if (!o->smc64 && !o->smc32 && nv.mem_width == 64) {
			fid = FFA_FN_SMC64(fn_num);
			out_note(&ctx->out, "%s: SMC64, the width Linux's FF-A "
				 "driver sends memory ABIs in on this firmware "
				 "(the module's driver transport; --smc32 asks "
				 "for the other)", ctx->cmd->name);
		}
	}
	req = (struct mem_send_req){
		.fid = fid, .desc = desc, .desc_len = len,
		.cons_off = cons_off, .cons_count = o->pages,
		.pages = o->pages, .addr_mode = MEM_ADDR_FILL,
		.fill = o->fill, .fill_pattern = o->fill_pattern,
		.frag_len = o->frag_len,
	};
	/* --addr: the constituents as given, no pages of the backend's. */
	if (o->naddr) {
		req.addr_mode = MEM_ADDR_AS_IS;
		req.cons_off = 0;
		req.cons_count = 0;
		req.pages = 0;
	}
	req.reuse = o->reuse;
	req.reuse_handle = o->reuse_handle;
	rc = ctx->be.ops->mem_send(&ctx->be, &req, &res);
	if (rc == 0 && (uint32_t)res.regs.a[0] == FFA_FN_SMC32(FFA_ERROR))
		explain_refusal(ctx, desc, len, cons_off, fn_num, sender);
	free(desc);
	/* --pages-of naming a handle or a count the backend does not hold. */
	if (rc == -ESRCH || rc == -ERANGE) {
		out_error(&ctx->out, ctx->cmd->name, "backend", EXIT_USAGE,
			  "%s: --pages-of: %s", ctx->cmd->name,
			  ctx->be.errmsg);
		return EXIT_USAGE;
	}
	if (rc < 0)
		return cli_backend_error(ctx, rc);
	rc = cli_check(ctx, fid, &res.regs, &st);
	if (rc)
		return rc;
	if (res.regs.a[0] != FFA_FN_SMC32(FFA_SUCCESS) &&
	    res.regs.a[0] != FFA_FN_SMC64(FFA_SUCCESS)) {
		out_error(&ctx->out, ctx->cmd->name, "firmware", 9,
			  "%s: transmission ended with %s instead of "
			  "FFA_SUCCESS", st.abi,
			  errtab_abi_name(FFA_FN_NUM(res.regs.a[0])) ?: "?");
		return 9;
	}
	out_note(&ctx->out, "%s: %u page(s) in %u fragment(s)", st.abi,
		 o->pages, res.fragments);
	if (o->frag_len && res.tx_size && o->frag_len > res.tx_size)
		out_warn(&ctx->out, ctx->cmd->name, "--frag-len %u is more "
			 "than the %u-byte TX buffer: fragments of %u",
			 o->frag_len, res.tx_size, res.tx_size);
	out = out_new(ctx->cmd->name);
	snprintf(h, sizeof(h), "0x%llx", (unsigned long long)res.handle);
	snprintf(ctx->out.effect, sizeof(ctx->out.effect), "the %s happened: "
		 "handle %s", ctx->cmd->name, h);
	json_object_object_add(out, "handle", json_object_new_string(h));
	json_object_object_add(out, "abi", json_object_new_string(st.abi));
	json_object_object_add(out, "pages",
			       json_object_new_int64(o->pages));
	add_versions(out);
	json_object_object_add(out, "fragments",
			       json_object_new_int64(res.fragments));
	if (res.tx_size)
		json_object_object_add(out, "fragment_size",
			json_object_new_int64(o->frag_len && o->frag_len <
					      res.tx_size ? o->frag_len :
					      res.tx_size));
	out_add_regs(out, &res.regs, 8);
	out_result(&ctx->out, out);
	return EXIT_OK;
}

static int run_share(struct ffactl_ctx *ctx)
{
	return run_send(ctx, FFA_MEM_SHARE);
}

static int run_lend(struct ffactl_ctx *ctx)
{
	return run_send(ctx, FFA_MEM_LEND);
}

static int run_donate(struct ffactl_ctx *ctx)
{
	return run_send(ctx, FFA_MEM_DONATE);
}

static uint32_t reclaim_flags;
static bool reclaim_all;
static bool handles_stuck_only;

static const struct argp_option reclaim_options[] = {
	{ "all", OPT_ALL, NULL, 0, "Reclaim every handle the backend holds "
	  "pages for (instead of HANDLE), reporting each; the exit status is "
	  "the first refusal's", 0 },
	{ "zero", OPT_ZERO, NULL, 0, "Zero the memory before the owner "
	  "regains it (flags bit 0); the backend reads the pages back", 0 },
	{ "time-slice", OPT_TIME_SLICE, NULL, 0, "Allow the SPMC to time-slice "
	  "the operation (flags bit 1)", 0 },
	{ "flags", OPT_FLAGS, "RAW", 0, "The flags word as given, MBZ bits "
	  "included (for negative tests)", 0 },
	{ 0 }
};

static error_t parse_reclaim(int key, char *arg, struct argp_state *state)
{
	struct ffactl_ctx *ctx = state->input;
	char err[PARSE_ERR_LEN];
	uint64_t v;

	switch (key) {
	case OPT_ZERO:
		reclaim_flags |= FFA_RECLAIM_ZERO;
		break;
	case OPT_TIME_SLICE:
		reclaim_flags |= FFA_RECLAIM_TIME_SLICE;
		break;
	case OPT_ALL:
		reclaim_all = true;
		break;
	case OPT_FLAGS:
		if (parse_uint(arg, UINT32_MAX, &v, err))
			OPT_FAIL("--flags");
		reclaim_flags |= (uint32_t)v;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int list_handles(struct ffactl_ctx *ctx, struct handle_info **list,
			size_t *n);
static int run_reclaim_all(struct ffactl_ctx *ctx);

static int run_reclaim(struct ffactl_ctx *ctx)
{
	uint32_t fid = FFA_FN_SMC32(FFA_MEM_RECLAIM);
	struct mem_reclaim_res res = { 0 };
	struct result_status st;
	char err[PARSE_ERR_LEN], h[24];
	bool zero = reclaim_flags & FFA_RECLAIM_ZERO;
	uint64_t handle;
	json_object *out;
	int rc;

	if (reclaim_all) {
		if (ctx->nargs)
			return cli_usage(ctx, "reclaim: --all or a HANDLE, "
					 "not both");
		return run_reclaim_all(ctx);
	}
	if (!ctx->nargs)
		return cli_usage(ctx, "reclaim: missing argument: HANDLE (or "
				 "--all)");
	if (parse_u64(ctx->args[0], &handle, err))
		return cli_usage(ctx, "reclaim: handle %s", err);
	rc = cli_backend(ctx);
	if (rc)
		return rc;
	rc = ctx->be.ops->mem_reclaim(&ctx->be, handle, reclaim_flags, zero,
				      &res);
	if (rc < 0)
		return cli_backend_error(ctx, rc);
	rc = cli_check(ctx, fid, &res.regs, &st);
	if (rc)
		return rc;
	if (res.verified)
		out_note(&ctx->out, "%s: %u page(s) read back after reclaim: "
			 "%s", ctx->backend_name, res.pages,
			 res.zeroed ? "all zero" : "NOT zero");
	snprintf(h, sizeof(h), "0x%llx", (unsigned long long)handle);
	snprintf(ctx->out.effect, sizeof(ctx->out.effect), "the reclaim "
		 "happened: handle %s", h);
	out = out_new("reclaim");
	json_object_object_add(out, "handle", json_object_new_string(h));
	json_object_object_add(out, "flags", out_hex(reclaim_flags));
	json_object_object_add(out, "pages", json_object_new_int64(res.pages));
	json_object_object_add(out, "pages_freed",
			       json_object_new_int64(res.pages_freed));
	if (res.verified)
		json_object_object_add(out, "zeroed",
				       json_object_new_boolean(res.zeroed));
	out_add_regs(out, &res.regs, 8);
	out_result(&ctx->out, out);
	/* The SPMC said it zeroed the pages and they are not: say so. */
	if (zero && res.verified && !res.zeroed) {
		out_error(&ctx->out, "reclaim", "firmware", 9,
			  "FFA_MEM_RECLAIM: succeeded with the zero flag, but "
			  "the pages do not read back as zero");
		return 9;
	}
	return EXIT_OK;
}

static const char *const handle_states[] = { "owned", "retrieved", "stuck" };

/*
 * The backend's handles into *@list (caller frees), *@n of them; 0 or an
 * exit status, reported.
 */
static int list_handles(struct ffactl_ctx *ctx, struct handle_info **list,
			size_t *n)
{
	size_t cap = 0;
	int rc = cli_backend(ctx);

	*list = NULL;
	*n = 0;
	if (rc)
		return rc;
	/* Ask for the count, then for that many (it cannot grow under us:
	 * the sim holds its lock per call, and the list is advisory). */
	rc = ctx->be.ops->handles(&ctx->be, NULL, 0, n);
	if (rc == 0 && *n) {
		cap = *n;
		*list = calloc(cap, sizeof(**list));
		if (!*list) {
			out_error(&ctx->out, ctx->cmd->name, "tool",
				  EXIT_SYSTEM, "out of memory");
			return EXIT_SYSTEM;
		}
		rc = ctx->be.ops->handles(&ctx->be, *list, cap, n);
		if (*n > cap)
			*n = cap;
	}
	if (rc < 0) {
		free(*list);
		*list = NULL;
		return cli_backend_error(ctx, rc);
	}
	return EXIT_OK;
}

/*
 * reclaim --all: each handle the backend holds, in its order, each
 * reported (a refusal on stderr, as a single reclaim's); the exit status
 * is the first refusal's.
 */
static int run_reclaim_all(struct ffactl_ctx *ctx)
{
	uint32_t fid = FFA_FN_SMC32(FFA_MEM_RECLAIM);
	bool zero = reclaim_flags & FFA_RECLAIM_ZERO;
	struct handle_info *list;
	json_object *out, *arr;
	size_t n, done = 0;
	int rc, first = EXIT_OK;

	rc = list_handles(ctx, &list, &n);
	if (rc)
		return rc;
	out = out_new("reclaim");
	arr = json_object_new_array();
	json_object_object_add(out, "all", json_object_new_boolean(1));
	json_object_object_add(out, "flags", out_hex(reclaim_flags));
	json_object_object_add(out, "reclaimed", arr);
	for (size_t i = 0; i < n; i++) {
		struct mem_reclaim_res res = { 0 };
		struct result_status st;
		json_object *e = json_object_new_object();
		char label[48];

		json_object_object_add(e, "handle", out_hex(list[i].handle));
		json_object_array_add(arr, e);
		rc = ctx->be.ops->mem_reclaim(&ctx->be, list[i].handle,
					      reclaim_flags, zero, &res);
		if (rc < 0) {
			json_object_put(out);
			free(list);
			return cli_backend_error(ctx, rc);
		}
		result_classify(fid, &res.regs, &st);
		out_regs(&ctx->out, st.abi, &res.regs, 8);
		rc = st.kind == RESULT_OK ? EXIT_OK : result_exit_status(&st);
		if (rc == EXIT_OK && zero && res.verified && !res.zeroed)
			rc = RESULT_EXIT_VIOLATION;
		json_object_object_add(e, "ok", json_object_new_boolean(!rc));
		json_object_object_add(e, "exit_status",
				       json_object_new_int(rc));
		json_object_object_add(e, "pages",
				       json_object_new_int64(res.pages));
		json_object_object_add(e, "pages_freed",
				       json_object_new_int64(res.pages_freed));
		if (res.verified)
			json_object_object_add(e, "zeroed",
				json_object_new_boolean(res.zeroed));
		out_add_regs(e, &res.regs, 8);
		if (st.kind != RESULT_OK) {
			/* "FFA_MEM_RECLAIM: 0x...: DENIED: ..." on stderr. */
			snprintf(label, sizeof(label), "%s: 0x%llx", st.abi,
				 (unsigned long long)list[i].handle);
			st.abi = label;
			if (!ctx->out.json)
				out_ffa_error(&ctx->out, ctx->cmd->name, &st,
					      &res.regs);
			st.abi = errtab_abi_name(FFA_MEM_RECLAIM);
			json_object_object_add(e, "error",
					       out_error_json(&st));
		} else if (rc && !ctx->out.json) {
			out_error(&ctx->out, "reclaim", "firmware", rc,
				  "FFA_MEM_RECLAIM: 0x%llx: succeeded with the "
				  "zero flag, but the pages do not read back "
				  "as zero", (unsigned long long)list[i].handle);
		} else {
			done++;
		}
		if (rc && first == EXIT_OK)
			first = rc;
	}
	free(list);
	json_object_object_add(out, "count", json_object_new_int64(
		(int64_t)n));
	json_object_object_add(out, "done", json_object_new_int64(
		(int64_t)done));
	out_result(&ctx->out, out);
	return first;
}

static int run_handles(struct ffactl_ctx *ctx)
{
	struct handle_info *list = NULL;
	size_t n = 0, shown = 0, by_state[3] = { 0 };
	json_object *out, *arr;
	int rc = list_handles(ctx, &list, &n);

	if (rc)
		return rc;
	out = out_new("handles");
	arr = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		const struct handle_info *hi = &list[i];
		json_object *e, *rv;
		char s[24];

		if (hi->state < 3)
			by_state[hi->state]++;
		if (handles_stuck_only && hi->state != HANDLE_STUCK)
			continue;
		shown++;
		e = json_object_new_object();

		snprintf(s, sizeof(s), "0x%llx", (unsigned long long)hi->handle);
		json_object_object_add(e, "handle", json_object_new_string(s));
		json_object_object_add(e, "abi",
				       out_abi(errtab_abi_name(hi->fn_num)));
		json_object_object_add(e, "pages",
				       json_object_new_int64(hi->pages));
		json_object_object_add(e, "state", json_object_new_string(
			hi->state < 3 ? handle_states[hi->state] : "?"));
		rv = json_object_new_array();
		for (uint32_t j = 0; j < hi->receiver_count && j < 4; j++) {
			snprintf(s, sizeof(s), "0x%04x", hi->receivers[j]);
			json_object_array_add(rv, json_object_new_string(s));
		}
		json_object_object_add(e, "receivers", rv);
		json_object_array_add(arr, e);
	}
	free(list);
	json_object_object_add(out, "handles", arr);
	json_object_object_add(out, "count", json_object_new_int64(
		(int64_t)shown));
	json_object_object_add(out, "total", json_object_new_int64(
		(int64_t)n));
	json_object_object_add(out, "owned", json_object_new_int64(
		(int64_t)by_state[HANDLE_OWNED]));
	json_object_object_add(out, "retrieved", json_object_new_int64(
		(int64_t)by_state[HANDLE_RETRIEVED]));
	json_object_object_add(out, "stuck", json_object_new_int64(
		(int64_t)by_state[HANDLE_STUCK]));
	json_object_object_add(out, "stuck_only",
			       json_object_new_boolean(handles_stuck_only));
	out_result(&ctx->out, out);
	return EXIT_OK;
}

static const struct argp_option handles_options[] = {
	{ "stuck", OPT_STUCK, NULL, 0, "Only the handles a failed reclaim "
	  "left stuck (pages kept until a reclaim succeeds)", 0 },
	{ 0 }
};

static error_t parse_handles(int key, char *arg, struct argp_state *state)
{
	(void)arg;
	(void)state;
	if (key != OPT_STUCK)
		return ARGP_ERR_UNKNOWN;
	handles_stuck_only = true;
	return 0;
}

#define SEND_DOC \
	"Prints the handle alone on stdout, in hex, so h=$(ffactl share ...) " \
	"works. The pages are the backend's (the module's, or the sim's)."

const struct ffactl_cmd cmd_share = {
	.name = "share", .summary = "FFA_MEM_SHARE: share pages, print the "
	"handle", .doc = SEND_DOC, .options = send_options,
	.parse_opt = parse_send, .run = run_share, .max_args = 0,
};

const struct ffactl_cmd cmd_lend = {
	.name = "lend", .summary = "FFA_MEM_LEND: lend pages, print the handle",
	.doc = SEND_DOC, .options = send_options, .parse_opt = parse_send,
	.run = run_lend, .max_args = 0,
};

const struct ffactl_cmd cmd_donate = {
	.name = "donate", .summary = "FFA_MEM_DONATE: donate pages, print the "
	"handle", .doc = SEND_DOC, .options = send_options,
	.parse_opt = parse_send, .run = run_donate, .max_args = 0,
};

const struct ffactl_cmd cmd_reclaim = {
	.name = "reclaim", .args_doc = "HANDLE|--all",
	.summary = "FFA_MEM_RECLAIM: take shared or lent memory back",
	.doc = "HANDLE is the u64 a share or lend printed (hex or decimal). "
	       "--all reclaims every handle 'ffactl handles' lists, one line "
	       "each.",
	.options = reclaim_options, .parse_opt = parse_reclaim,
	.run = run_reclaim, .min_args = 0, .max_args = 1,
};

const struct ffactl_cmd cmd_handles = {
	.name = "handles", .summary = "List the handles the backend holds "
	"pages for", .doc = "One line per handle, then a count by state.",
	.options = handles_options, .parse_opt = parse_handles,
	.run = run_handles, .max_args = 0,
};
