// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Text and JSON renderers: the only code that prints results. Text renderers
 * read the same JSON object the JSON mode prints, so both say the same.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "errtab.h"
#include "hexdump.h"
#include "output.h"

json_object *out_new(const char *command)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "schema", json_object_new_int(OUT_SCHEMA));
	json_object_object_add(o, "command", json_object_new_string(command));
	json_object_object_add(o, "ok", json_object_new_boolean(1));
	return o;
}

json_object *out_hex(uint64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "0x%llx", (unsigned long long)v);
	return json_object_new_string(s);
}

void out_add_regs(json_object *obj, const struct ffa_regs *r, int n)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < n && i < FFA_NREGS; i++)
		json_object_array_add(a, out_hex(r->a[i]));
	json_object_object_add(obj, "regs", a);
}

/* Field accessors that tolerate a missing key. */
static const char *s_of(json_object *o, const char *key)
{
	json_object *v;

	/* A JSON null reads as absent. */
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return "";
	return json_object_get_string(v);
}

static int64_t i_of(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	return json_object_get_int64(v);
}

static double d_of(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	return json_object_get_double(v);
}

static int b_of(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) &&
	       json_object_get_boolean(v);
}

/* An ABI name in text: JSON null (unknown to ffactl) reads "unknown ABI". */
static const char *abi_of(json_object *o, const char *key)
{
	return *s_of(o, key) ? s_of(o, key) : "unknown ABI";
}

static json_object *a_of(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_array))
		return NULL;
	return v;
}

/* "FF-A 1.2 (firmware), negotiated 1.1", and what --negotiate changed. */
static void text_version(FILE *f, json_object *o)
{
	const char *tp = s_of(o, "transport");

	if (!strcmp(tp, "driver")) {
		fprintf(f, "FF-A %s negotiated by the in-tree FF-A driver "
			"(transport driver: FFA_VERSION is the driver's, not "
			"asked)\n", s_of(o, "negotiated"));
		return;
	}
	fprintf(f, "FF-A %s (firmware), negotiated %s", s_of(o, "version"),
		s_of(o, "negotiated"));
	if (b_of(o, "renegotiated"))
		fprintf(f, " (was %s)", s_of(o, "previous"));
	if (!b_of(o, "negotiated_tracked"))
		fprintf(f, "; as of module load: this module does not track "
			"renegotiation");
	fputc('\n', f);
	if (*tp)
		fprintf(f, "transport %s\n", tp);
}

static void text_id(FILE *f, json_object *o)
{
	fprintf(f, "%s\n", s_of(o, "id"));
}

static void text_features(FILE *f, json_object *o)
{
	json_object *a = a_of(o, "features");

	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);

		fprintf(f, "%-30s %s  %s", abi_of(e, "abi"), s_of(e, "fid"),
			b_of(e, "supported") ? "supported" : "not supported");
		if (b_of(e, "supported"))
			fprintf(f, "  (a2=%s a3=%s)", s_of(e, "a2"),
				s_of(e, "a3"));
		fputc('\n', f);
	}
}

static void text_partitions(FILE *f, json_object *o)
{
	json_object *a = a_of(o, "partitions");

	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);
		json_object *names = a_of(e, "property_names");

		fprintf(f, "%s  exec_ctx %lld  properties %s", s_of(e, "id"),
			(long long)i_of(e, "exec_ctx"), s_of(e, "properties"));
		for (size_t j = 0; names && j < json_object_array_length(names);
		     j++)
			fprintf(f, "%s%s", j ? "," : " (",
				json_object_get_string(
					json_object_array_get_idx(names, j)));
		if (names && json_object_array_length(names))
			fputc(')', f);
		if (*s_of(e, "uuid"))
			fprintf(f, "  %s", s_of(e, "uuid"));
		fputc('\n', f);
	}
}

static void text_msg(FILE *f, json_object *o)
{
	json_object *a = a_of(o, "words");

	fprintf(f, "reply from %s:", s_of(o, "from"));
	for (size_t i = 0; a && i < json_object_array_length(a); i++)
		fprintf(f, " %s",
			json_object_get_string(json_object_array_get_idx(a, i)));
	fputc('\n', f);
}

static void text_desc(FILE *f, json_object *d)
{
	json_object *a;

	fprintf(f, "descriptor: %lld bytes, v%s layout, %s\n",
		(long long)i_of(d, "length"), s_of(d, "layout"),
		b_of(d, "valid") ? "well-formed" : "MALFORMED");
	if (*s_of(d, "sender")) {
		fprintf(f, "  sender %s  attributes %s  flags %s  handle %s  "
			"tag %s\n", s_of(d, "sender"), s_of(d, "attributes"),
			s_of(d, "flags"), s_of(d, "handle"), s_of(d, "tag"));
		a = a_of(d, "receivers");
		fprintf(f, "  receivers %lld:", (long long)i_of(d,
				"receiver_count"));
		for (size_t i = 0; a && i < json_object_array_length(a); i++) {
			json_object *e = json_object_array_get_idx(a, i);
			json_object *imp = a_of(e, "impdef");

			fprintf(f, " %s (perm %s, composite @%lld",
				s_of(e, "id"), s_of(e, "perm"),
				(long long)i_of(e, "composite_off"));
			if (imp && json_object_array_length(imp) == 2)
				fprintf(f, ", impdef %s,%s",
					json_object_get_string(
					json_object_array_get_idx(imp, 0)),
					json_object_get_string(
					json_object_array_get_idx(imp, 1)));
			fputc(')', f);
		}
		fprintf(f, "\n  total pages %lld, %lld constituent(s)\n",
			(long long)i_of(d, "total_pages"),
			(long long)i_of(d, "constituent_count"));
		a = a_of(d, "constituents");
		for (size_t i = 0; a && i < json_object_array_length(a); i++) {
			json_object *e = json_object_array_get_idx(a, i);

			fprintf(f, "    [%zu] %s x %lld page(s)\n", i,
				s_of(e, "address"), (long long)i_of(e, "pages"));
		}
	}
	a = a_of(d, "issues");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);
		int32_t st = (int32_t)i_of(e, "status");

		fprintf(f, "  @%lld %s: %s (%s)\n", (long long)i_of(e, "offset"),
			s_of(e, "field"), s_of(e, "problem"),
			errtab_name(st) ? errtab_name(st) : "?");
	}
	if (i_of(d, "issues_dropped"))
		fprintf(f, "  ... and %lld more issue(s)\n",
			(long long)i_of(d, "issues_dropped"));
	if (*s_of(d, "judged_by")) {
		fprintf(f, "judged by %s: %s", s_of(d, "judged_by"),
			s_of(d, "verdict"));
		if (*s_of(d, "decided_by"))
			fprintf(f, " (%s)", s_of(d, "decided_by"));
		fputc('\n', f);
	}
}

static void text_send(FILE *f, json_object *o)
{
	json_object *d;

	if (!b_of(o, "dry_run")) {
		/* Alone on the line, so h=$(ffactl share ...) works. */
		fprintf(f, "%s\n", s_of(o, "handle"));
		return;
	}
	fprintf(f, "%s (dry run, nothing sent; the constituent addresses "
		"are placeholders: the backend writes its pages')\n",
		s_of(o, "abi"));
	if (json_object_object_get_ex(o, "descriptor", &d)) {
		const char *hex = s_of(d, "hex");
		size_t n = strlen(hex) / 2;
		uint8_t buf[4096];
		char err[64];
		long got;

		if (n <= sizeof(buf)) {
			got = hexdump_parse(hex, buf, sizeof(buf), err,
					    sizeof(err));
			if (got > 0)
				hexdump_print(f, buf, (size_t)got);
		}
		text_desc(f, d);
	}
}

static void text_reclaim(FILE *f, json_object *o)
{
	json_object *z, *a = a_of(o, "reclaimed");

	/* --all: a line per handle reclaimed (refusals went to stderr). */
	if (b_of(o, "all")) {
		for (size_t i = 0; a && i < json_object_array_length(a); i++) {
			json_object *e = json_object_array_get_idx(a, i);

			if (!b_of(e, "ok"))
				continue;
			fprintf(f, "reclaimed %s (%lld page(s)", s_of(e,
				"handle"), (long long)i_of(e, "pages"));
			if (json_object_object_get_ex(e, "zeroed", &z))
				fprintf(f, ", %s", json_object_get_boolean(z) ?
					"read back zero" :
					"NOT zero on read-back");
			fprintf(f, ")\n");
		}
		if (!i_of(o, "count"))
			fprintf(f, "reclaim --all: no handles\n");
		else
			fprintf(f, "reclaim --all: %lld of %lld reclaimed, "
				"%lld refused\n", (long long)i_of(o, "done"),
				(long long)i_of(o, "count"),
				(long long)(i_of(o, "count") - i_of(o, "done")));
		return;
	}

	fprintf(f, "reclaimed %s (%lld page(s)", s_of(o, "handle"),
		(long long)i_of(o, "pages"));
	if (json_object_object_get_ex(o, "zeroed", &z))
		fprintf(f, ", %s", json_object_get_boolean(z) ?
			"read back zero" : "NOT zero on read-back");
	fprintf(f, ")\n");
}

static void text_handles(FILE *f, json_object *o)
{
	json_object *a = a_of(o, "handles");

	if (!i_of(o, "total")) {
		fprintf(f, "no handles\n");
		return;
	}
	if (b_of(o, "stuck_only") && !i_of(o, "count")) {
		fprintf(f, "no handle stuck (of %lld)\n",
			(long long)i_of(o, "total"));
		return;
	}
	fprintf(f, "%-20s %-16s %6s  %-9s %s\n", "HANDLE", "ABI", "PAGES",
		"STATE", "RECEIVERS");
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);
		json_object *rv = a_of(e, "receivers");

		fprintf(f, "%-20s %-16s %6lld  %-9s", s_of(e, "handle"),
			abi_of(e, "abi"), (long long)i_of(e, "pages"),
			s_of(e, "state"));
		for (size_t j = 0; rv && j < json_object_array_length(rv); j++)
			fprintf(f, "%s%s", j ? "," : " ",
				json_object_get_string(
					json_object_array_get_idx(rv, j)));
		fputc('\n', f);
	}
	if (b_of(o, "stuck_only"))
		fprintf(f, "%lld handle%s stuck (of %lld)\n",
			(long long)i_of(o, "count"), i_of(o, "count") == 1 ?
			"" : "s", (long long)i_of(o, "total"));
	else
		fprintf(f, "%lld handle%s: %lld owned, %lld retrieved, %lld "
			"stuck\n", (long long)i_of(o, "total"),
			i_of(o, "total") == 1 ? "" : "s",
			(long long)i_of(o, "owned"),
			(long long)i_of(o, "retrieved"),
			(long long)i_of(o, "stuck"));
}

static void text_regs(FILE *f, json_object *o)
{
	json_object *a = a_of(o, "regs");

	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		const char *v = json_object_get_string(
			json_object_array_get_idx(a, i));
		unsigned long long x = strtoull(v, NULL, 16);
		const char *name = NULL;

		if (i == 0 && x == (uint32_t)x &&
		    ((x & 0xFF000000u) == 0x84000000u ||
		     (x & 0xFF000000u) == 0xC4000000u))
			name = errtab_abi_name(FFA_FN_NUM(x));
		fprintf(f, "a%zu = %s%s%s%s\n", i, v, name ? " (" : "",
			name ? name : "", name ? ")" : "");
	}
}

/* ffactl sp: what the partition did with the handle. */
static void text_sp(FILE *f, json_object *o)
{
	if (!strcmp(s_of(o, "action"), "features")) {
		fprintf(f, "partition %s FFA_FEATURES(%s, input %s): SUCCESS, "
			"w2 %s, w3 %s", s_of(o, "partition"),
			s_of(o, "function"), s_of(o, "input"), s_of(o, "w2"),
			s_of(o, "w3"));
		if (*s_of(o, "outstanding_retrievals"))
			fprintf(f, " (%s outstanding retrievals)",
				s_of(o, "outstanding_retrievals"));
		fputc('\n', f);
		return;
	}
	fprintf(f, "partition %s %s", s_of(o, "partition"), s_of(o, "did"));
	if (*s_of(o, "pattern"))
		fprintf(f, " %s into", s_of(o, "pattern"));
	fprintf(f, " %s", s_of(o, "handle"));
	if (*s_of(o, "checksum"))
		fprintf(f, ": checksum %s%s", s_of(o, "checksum"),
			strcmp(s_of(o, "checksum"), "0x0") ? "" :
			" (all zero)");
	fputc('\n', f);
}

static void text_call(FILE *f, json_object *o)
{
	text_regs(f, o);
}

/* decode --profile: each SPMC's verdict on the descriptor alone. */
static void text_verdicts(FILE *f, json_object *o)
{
	json_object *a = a_of(o, "verdicts"), *na;

	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *v = json_object_array_get_idx(a, i);

		fprintf(f, "verdict %s: %s", s_of(v, "profile"),
			s_of(v, "status"));
		if (*s_of(v, "decided_by"))
			fprintf(f, " (%s)", s_of(v, "decided_by"));
		na = a_of(v, "not_applied");
		for (size_t j = 0; na && j < json_object_array_length(na); j++)
			fprintf(f, "%s%s", j ? ", " : "; does not apply: ",
				json_object_get_string(
				json_object_array_get_idx(na, j)));
		fputc('\n', f);
	}
}

static void text_decode(FILE *f, json_object *o)
{
	json_object *d, *e;

	if (json_object_object_get_ex(o, "descriptor", &d)) {
		text_desc(f, d);
		text_verdicts(f, o);
		return;
	}
	text_regs(f, o);
	if (!json_object_object_get_ex(o, "error", &e)) {
		fprintf(f, "%s: success", *s_of(o, "abi") ? s_of(o, "abi") :
			"unknown ABI");
		if (*s_of(o, "handle"))
			fprintf(f, ": handle %s", s_of(o, "handle"));
		fputc('\n', f);
		return;
	}
	if (!strcmp(s_of(o, "kind"), "error"))
		fprintf(f, "%s: %s (%lld): %s\n", *s_of(o, "abi") ?
			s_of(o, "abi") : "unknown ABI",
			s_of(e, "name"), (long long)i_of(e, "code"),
			s_of(e, "message"));
	else
		fprintf(f, "%s: protocol violation: %s%s%s%s\n",
			*s_of(o, "abi") ? s_of(o, "abi") : "unknown ABI",
			s_of(e, "message"),
			*s_of(e, "detail") ? " (" : "", s_of(e, "detail"),
			*s_of(e, "detail") ? ")" : "");
	fprintf(f, "exit status for this answer: %lld\n",
		(long long)i_of(e, "exit_status"));
}

static void text_sim(FILE *f, json_object *o)
{
	if (!strcmp(s_of(o, "action"), "reset")) {
		/* The module's default, 1.1, goes without saying. */
		if (*s_of(o, "negotiated") &&
		    strcmp(s_of(o, "negotiated"), "1.1"))
			fprintf(f, "sim state reset (profile %s; the module "
				"negotiates %s)\n", s_of(o, "profile"),
				s_of(o, "negotiated"));
		else
			fprintf(f, "sim state reset (profile %s)\n",
				s_of(o, "profile"));
		return;
	}
	if (!strcmp(s_of(o, "action"), "fault")) {
		if (!i_of(o, "count"))
			fprintf(f, "sim fault cleared\n");
		else
			fprintf(f, "sim fault armed: the next %lld %s call(s) "
				"answer %s%s\n", (long long)i_of(o, "count"),
				s_of(o, "abi"), *s_of(o, "error") ?
				"FFA_ERROR " : "a0 = ", *s_of(o, "error") ?
				s_of(o, "error") : s_of(o, "a0"));
		return;
	}
	fprintf(f, "state file:   %s\nprofile:      %s\nlive handles: "
		"%lld\nnext handle:  %s\nRX/TX mapped: %s\nRX owned:     %s\n"
		"zeroed pages: %lld\npartitions:   %lld\nnegotiated:   %s\n",
		s_of(o, "state_file"), s_of(o, "profile"),
		(long long)i_of(o, "live_handles"), s_of(o, "next_handle"),
		b_of(o, "rxtx_mapped") ? "yes" : "no",
		b_of(o, "rx_owned") ? "yes" : "no",
		(long long)i_of(o, "zeroed_pages"),
		(long long)i_of(o, "partitions"),
		*s_of(o, "negotiated") ? s_of(o, "negotiated") :
		"none yet (the first command after a reset negotiates 1.1)");
}

/* A YAML double-quoted scalar (TAP 13 diagnostics). */
static void yaml_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* "  acs: [a, b]": the ACS checks of a smoke case, a YAML flow sequence. */
static void yaml_acs(FILE *f, json_object *acs)
{
	fprintf(f, "  acs: [");
	for (size_t j = 0; j < json_object_array_length(acs); j++)
		fprintf(f, "%s%s", j ? ", " : "", json_object_get_string(
			json_object_array_get_idx(acs, j)));
	fprintf(f, "]\n");
}

/* A Markdown table cell: no '|' or line break inside. */
static void md_cell(FILE *f, const char *s)
{
	for (; *s; s++)
		if (*s == '|')
			fputs("\\|", f);
		else
			fputc(*s == '\n' ? ' ' : *s, f);
}

/*
 * ffactl smoke --conformance: docs/conformance.md, generated from the case
 * table and the ACS rows (src/smoke_acs.c) as cmd_smoke.c collected them.
 */
static void text_conformance(FILE *f, json_object *o)
{
	static const char *const areas[][2] = {
		{ "setup", "Setup and discovery" },
		{ "direct", "Direct messaging" },
		{ "mem", "Memory management" },
	};
	json_object *rows = a_of(o, "rows"), *counts = a_of(o, "counts");
	json_object *profiles = a_of(o, "profiles");

	fprintf(f, "%s", s_of(o, "preamble"));
	fprintf(f, "## Counts\n\n| status | rows | weighted by merged "
		"ACS tests |\n|---|---|---|\n");
	for (size_t i = 0; counts && i < json_object_array_length(counts);
	     i++) {
		json_object *c = json_object_array_get_idx(counts, i);

		fprintf(f, "| %s | %lld | %lld |\n", s_of(c, "status"),
			(long long)i_of(c, "rows"),
			(long long)i_of(c, "weighted"));
	}
	for (size_t k = 0; k < sizeof(areas) / sizeof(areas[0]); k++) {
		fprintf(f, "\n## %s\n\n| ACS check | what ACS checks | "
			"sender | ACS expects | status | ffactl cases: ",
			areas[k][1]);
		for (size_t p = 0; profiles &&
		     p < json_object_array_length(profiles); p++)
			fprintf(f, "%s%s", p ? " / " : "", json_object_get_string(
				json_object_array_get_idx(profiles, p)));
		fprintf(f, " | left, or why not checkable |\n"
			"|---|---|---|---|---|---|---|\n");
		for (size_t i = 0; rows && i < json_object_array_length(rows);
		     i++) {
			json_object *r = json_object_array_get_idx(rows, i);
			json_object *cs = a_of(r, "cases");

			if (strcmp(s_of(r, "area"), areas[k][0]))
				continue;
			fprintf(f, "| `%s`", s_of(r, "id"));
			if (*s_of(r, "tag"))
				fprintf(f, " (%s)", s_of(r, "tag"));
			fprintf(f, " | ");
			md_cell(f, s_of(r, "check"));
			fprintf(f, " | ");
			md_cell(f, s_of(r, "sender"));
			fprintf(f, " | ");
			md_cell(f, s_of(r, "expect"));
			fprintf(f, " | %s | ", s_of(r, "status"));
			for (size_t j = 0; cs &&
			     j < json_object_array_length(cs); j++) {
				json_object *c = json_object_array_get_idx(cs,
									   j);

				fprintf(f, "%s`%s`: %s", j ? "<br>" : "",
					s_of(c, "name"), s_of(c, "outcomes"));
			}
			fprintf(f, " | ");
			md_cell(f, *s_of(r, "not_checkable") ?
				s_of(r, "not_checkable") : s_of(r, "left"));
			fprintf(f, " |\n");
		}
	}
	fprintf(f, "%s", s_of(o, "postamble"));
}

/* The evidence behind an auto-detected profile and the partition used. */
static void smoke_header(FILE *f, json_object *o)
{
	json_object *a = a_of(o, "profile_evidence"), *p, *fits;

	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);

		fprintf(f, "# evidence: %s: %s", s_of(e, "probe"),
			*s_of(e, "observed") ? s_of(e, "observed") :
					       "(did not run)");
		fits = a_of(e, "fits");
		for (size_t j = 0; fits && j < json_object_array_length(fits);
		     j++)
			fprintf(f, "%s%s", j ? ", " : " (predicted by ",
				json_object_get_string(
				json_object_array_get_idx(fits, j)));
		fprintf(f, "%s\n", fits && json_object_array_length(fits) ?
			")" : " (no profile predicts it)");
	}
	if (!json_object_object_get_ex(o, "partition", &p) || !p)
		return;
	if (b_of(p, "found"))
		fprintf(f, "# partition %s: %s; %s\n", s_of(p, "id"),
			s_of(p, "reason"), *s_of(p, "protocol") ?
			"borrower cases run" :
			"no test protocol: borrower cases skip");
	else
		fprintf(f, "# partition: %s; memory cases skip\n",
			s_of(p, "reason"));
	if (!b_of(p, "found") ||
	    !json_object_object_get_ex(o, "second_partition", &p) || !p)
		return;
	if (b_of(p, "found"))
		fprintf(f, "# second partition %s: %s; %s\n", s_of(p, "id"),
			s_of(p, "reason"), *s_of(p, "protocol") ?
			"two-borrower cases run" :
			"no test protocol: two-borrower cases with a borrower "
			"acting skip");
	else
		fprintf(f, "# second partition: %s; two-borrower cases skip\n",
			s_of(p, "reason"));
}

/* ffactl smoke: TAP 13 (or the case list for --list). */
static void text_smoke(FILE *f, json_object *o)
{
	json_object *a = a_of(o, "cases"), *err, *regs, *acs;

	if (json_object_object_get_ex(o, "conformance", &acs)) {
		text_conformance(f, acs);
		return;
	}
	if (b_of(o, "list")) {
		for (size_t i = 0; a && i < json_object_array_length(a); i++) {
			json_object *e = json_object_array_get_idx(a, i);

			fprintf(f, "%-34s %s\n", s_of(e, "name"),
				s_of(e, "what"));
			acs = a_of(e, "acs");
			for (size_t j = 0; acs &&
			     j < json_object_array_length(acs); j++)
				fprintf(f, "%-34s %s %s\n", "", j ? "    " :
					"ACS:", json_object_get_string(
					json_object_array_get_idx(acs, j)));
		}
		return;
	}
	fprintf(f, "TAP version 13\n1..%lld\n", (long long)i_of(o, "plan"));
	fprintf(f, "# ffactl smoke: backend %s, SPMC FF-A %s, profile %s "
		"(%s: %s)\n", s_of(o, "backend"), s_of(o, "spmc_version"),
		s_of(o, "profile"), s_of(o, "profile_source"),
		s_of(o, "profile_reason"));
	smoke_header(f, o);
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);
		const char *r = s_of(e, "result");
		bool bad = !strcmp(r, "not ok") || !strcmp(r, "todo");

		fprintf(f, "%s %lld - %s", bad ? "not ok" : "ok",
			(long long)i_of(e, "n"), s_of(e, "name"));
		if (!strcmp(r, "skip"))
			fprintf(f, " # SKIP %s", s_of(e, "reason"));
		else if (!strcmp(r, "todo"))
			fprintf(f, " # TODO %s", s_of(e, "reason"));
		fputc('\n', f);
		acs = a_of(e, "acs");
		if (!bad) {
			/* The ACS checks the case stands for, when it has. */
			if (acs && json_object_array_length(acs)) {
				fprintf(f, "  ---\n");
				yaml_acs(f, acs);
				fprintf(f, "  ...\n");
			}
			continue;
		}
		fprintf(f, "  ---\n  message: ");
		yaml_str(f, s_of(e, "reason"));
		fprintf(f, "\n  what: ");
		yaml_str(f, s_of(e, "what"));
		fprintf(f, "\n  expected: %s\n", s_of(e, "expected"));
		if (acs && json_object_array_length(acs))
			yaml_acs(f, acs);
		if (*s_of(e, "observed"))
			fprintf(f, "  observed: %s\n", s_of(e, "observed"));
		if (*s_of(e, "abi"))
			fprintf(f, "  abi: %s\n", s_of(e, "abi"));
		if (json_object_object_get_ex(e, "error", &err)) {
			fprintf(f, "  error:\n    name: %s\n    code: %lld\n"
				"    message: ", s_of(err, "name"),
				(long long)i_of(err, "code"));
			yaml_str(f, s_of(err, "message"));
			fputc('\n', f);
		}
		regs = a_of(e, "regs");
		if (regs && json_object_array_length(regs)) {
			fprintf(f, "  regs:\n");
			for (size_t j = 0; j < json_object_array_length(regs);
			     j++)
				fprintf(f, "    a%zu: \"%s\"\n", j,
					json_object_get_string(
					json_object_array_get_idx(regs, j)));
		}
		fprintf(f, "  ...\n");
	}
	a = a_of(o, "unreclaimed_handles");
	if (a && json_object_array_length(a)) {
		fprintf(f, "# could not reclaim:");
		for (size_t i = 0; i < json_object_array_length(a); i++)
			fprintf(f, " %s", json_object_get_string(
				json_object_array_get_idx(a, i)));
		fputc('\n', f);
	} else {
		fprintf(f, "# every handle made was reclaimed\n");
	}
	fprintf(f, "# FF-A %s negotiated for the run, %s after it\n",
		s_of(o, "negotiated"), s_of(o, "negotiated_after"));
	if (b_of(o, "version_fixed"))
		fprintf(f, "# the SPMC keeps FF-A %s once other calls are made "
			"(DEN0077 v1.2 §13.2): cases of another version "
			"skip; run them at it (module ffa_version=, sim reset "
			"--negotiate)\n", s_of(o, "negotiated"));
	fprintf(f, "# passed %lld, failed %lld, skipped %lld, todo %lld\n",
		(long long)i_of(o, "passed"), (long long)i_of(o, "failed"),
		(long long)i_of(o, "skipped"), (long long)i_of(o, "todo"));
}

/* ffactl explore: the divergences as reproducers, then the summary. */
static void text_explore(FILE *f, json_object *o)
{
	json_object *a = a_of(o, "list"), *d, *t, *lines, *regs;

	if (a) {
		for (size_t i = 0; i < json_object_array_length(a); i++)
			fprintf(f, "%s\n", json_object_get_string(
				json_object_array_get_idx(a, i)));
		return;
	}
	fprintf(f, "explore: seed %s against the %s profile's model (%s), "
		"partition %s (reference partitions: %s)\n", s_of(o, "seed"),
		s_of(o, "profile"), s_of(o, "profile_source"),
		s_of(o, "partition_id"), s_of(o, "reference"));
	a = a_of(o, "divergences");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		d = json_object_array_get_idx(a, i);
		fprintf(f, "divergence at operation %lld (%s), shrunk to %lld "
			"step(s)%s:\n", (long long)i_of(d, "at"),
			s_of(d, "kind"), (long long)i_of(d, "steps"),
			b_of(d, "reproduced") ? "" :
			" (not reproduced on replay: flaky?)");
		lines = a_of(d, "reproducer");
		for (size_t j = 0; lines && j < json_object_array_length(lines);
		     j++)
			fprintf(f, "  %s\n", json_object_get_string(
				json_object_array_get_idx(lines, j)));
		if (!json_object_object_get_ex(d, "target", &t) || !t) {
			json_object *ob, *ot, *orf;

			if (json_object_object_get_ex(d, "observed", &ob) &&
			    json_object_object_get_ex(ob, "target", &ot) &&
			    json_object_object_get_ex(ob, "reference", &orf))
				fprintf(f, "  seen once: the target answered "
					"%s where the model answered %s\n",
					s_of(ot, "status"),
					s_of(orf, "status"));
			continue;
		}
		fprintf(f, "  the last one answered %s%s%s", s_of(t, "status"),
			*s_of(t, "value") ? " " : "", s_of(t, "value"));
		regs = a_of(t, "regs");
		for (size_t j = 0; regs && j < json_object_array_length(regs);
		     j++)
			fprintf(f, "%s a%zu=%s", j ? "" : ":", j,
				json_object_get_string(
				json_object_array_get_idx(regs, j)));
		fprintf(f, "\n  where %s\n", s_of(d, "predicted"));
	}
	fprintf(f, "explore: %lld operation(s) in %.2f s (%.0f/s), %lld "
		"replay(s), %zu divergence(s)%s\n", (long long)i_of(o, "ran"),
		d_of(o, "seconds"), d_of(o, "per_second"),
		(long long)i_of(o, "replays"),
		a ? json_object_array_length(a) : 0,
		i_of(o, "repeats") ? " (and repeats of them)" : "");
	if (i_of(o, "not_compared"))
		fprintf(f, "explore: %lld outcome(s) not compared: the "
			"profile cannot predict them (what they made was "
			"reclaimed at once)\n",
			(long long)i_of(o, "not_compared"));
	if (i_of(o, "out_of_memory"))
		fprintf(f, "explore: %lld outcome(s) not compared: one side "
			"ran out of memory (its pool sizes, not FF-A)\n",
			(long long)i_of(o, "out_of_memory"));
	if (i_of(o, "left_behind"))
		fprintf(f, "explore: %lld handle(s) left with the backend: "
			"the partition still holds them (ffactl handles)\n",
			(long long)i_of(o, "left_behind"));
}

/* ffactl bench: each benchmark's figures, then its ratios and targets. */
static void text_bench(FILE *f, json_object *o)
{
	json_object *list = a_of(o, "benchmarks"), *b, *a, *e, *v;
	size_t i, j;

	for (i = 0; list && i < json_object_array_length(list); i++) {
		b = json_object_array_get_idx(list, i);
		fprintf(f, "%s: %s\n", s_of(b, "name"), s_of(b, "title"));
		if (*s_of(b, "skipped")) {
			fprintf(f, "  skipped: %s\n", s_of(b, "skipped"));
			continue;
		}
		a = a_of(b, "rows");
		for (j = 0; a && j < json_object_array_length(a); j++) {
			e = json_object_array_get_idx(a, j);
			fprintf(f, "  %-34s %s\n", s_of(e, "label"),
				s_of(e, "text"));
		}
		a = a_of(b, "ratios");
		for (j = 0; a && j < json_object_array_length(a); j++) {
			double val = 0, tgt = 0;

			e = json_object_array_get_idx(a, j);
			if (json_object_object_get_ex(e, "value", &v))
				val = json_object_get_double(v);
			if (json_object_object_get_ex(e, "target", &v))
				tgt = json_object_get_double(v);
			fprintf(f, "  ratio %.2f  %s  (target <= %.2f: %s)\n",
				val, s_of(e, "what"), tgt,
				json_object_object_get_ex(e, "met", &v) &&
				json_object_get_boolean(v) ? "met" :
							     "MISSED");
		}
		if (*s_of(b, "note"))
			fprintf(f, "  note: %s\n", s_of(b, "note"));
	}
}

static const struct {
	const char *command;
	void (*text)(FILE *f, json_object *o);
} renderers[] = {
	{ "version", text_version }, { "id", text_id },
	{ "features", text_features }, { "partitions", text_partitions },
	{ "msg", text_msg }, { "share", text_send }, { "lend", text_send },
	{ "donate", text_send }, { "reclaim", text_reclaim },
	{ "handles", text_handles }, { "call", text_call },
	{ "decode", text_decode }, { "sim", text_sim },
	{ "smoke", text_smoke }, { "bench", text_bench }, { "sp", text_sp },
	{ "explore", text_explore },
};

/*
 * JSON mode prints one object per invocation, at the end, when the exit
 * status is known (out_finish()): "ok" and "exit_status" then say the same
 * as the status, whatever the handler thought. An error reported after a
 * result (reclaim's pages not zero) joins that result.
 */
static json_object *pending;

static void print_json(FILE *f, json_object *o)
{
	fprintf(f, "%s\n", json_object_to_json_string_ext(o,
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
}

static void set_status(json_object *o, int status)
{
	json_object_object_add(o, "ok", json_object_new_boolean(status == 0));
	json_object_object_add(o, "exit_status", json_object_new_int(status));
}

/* --trace in JSON mode: the calls, for the one object printed. */
static json_object *calls;
static unsigned int ncalls;

static int nregs_used(const struct ffa_regs *r)
{
	for (int i = FFA_NREGS - 1; i >= 8; i--)
		if (r->a[i])
			return FFA_NREGS;
	return 8;
}

static void trace_regs(FILE *f, unsigned int n, const char *abi,
		       const char *dir, const struct ffa_regs *r, int nr)
{
	fprintf(f, "trace %u: %s %s:", n, abi, dir);
	for (int i = 0; i < nr; i++)
		fprintf(f, " a%d=0x%llx", i, (unsigned long long)r->a[i]);
	fputc('\n', f);
}

void out_trace(const struct out *o, const char *what, const struct ffa_regs *in,
	       const struct ffa_regs *out, const char *note)
{
	const char *abi = what;
	int nr;

	if (!o->trace || o->quiet)
		return;
	if (!abi && ((uint32_t)in->a[0] & 0xBF000000u) == FFA_SMC32_BASE)
		abi = errtab_abi_name(FFA_FN_NUM(in->a[0]));
	nr = nregs_used(in) > nregs_used(out) ? nregs_used(in) :
						nregs_used(out);
	ncalls++;
	if (o->json) {
		json_object *e = json_object_new_object(), *tmp;

		if (!calls)
			calls = json_object_new_array();
		json_object_object_add(e, "abi", out_abi(abi));
		tmp = json_object_new_object();
		out_add_regs(tmp, in, nr);
		json_object_object_add(e, "in", json_object_get(
			json_object_object_get(tmp, "regs")));
		json_object_put(tmp);
		tmp = json_object_new_object();
		out_add_regs(tmp, out, nr);
		json_object_object_add(e, "out", json_object_get(
			json_object_object_get(tmp, "regs")));
		json_object_put(tmp);
		if (note)
			json_object_object_add(e, "note",
					       json_object_new_string(note));
		json_object_array_add(calls, e);
		return;
	}
	trace_regs(o->err, ncalls, abi ? abi : "?", "in", in, nr);
	trace_regs(o->err, ncalls, abi ? abi : "?", "out", out, nr);
	if (note)
		fprintf(o->err, "trace %u: %s\n", ncalls, note);
}

void out_finish(const struct out *o, int status)
{
	if (!pending)
		return;
	if (calls) {
		json_object_object_add(pending, "calls", calls);
		calls = NULL;
	}
	set_status(pending, status);
	print_json(o->out, pending);
	json_object_put(pending);
	pending = NULL;
}

void out_finish_held(const struct out *o)
{
	json_object *v;

	if (pending && json_object_object_get_ex(pending, "exit_status", &v))
		out_finish(o, json_object_get_int(v));
}

/* Keeps @res for out_finish(), or merges an error object into the result. */
static void hold(json_object *res, int status)
{
	json_object *e;

	if (!pending) {
		pending = res;
		return;
	}
	/* A second object: an error after a result joins it. */
	if (status && json_object_object_get_ex(res, "error", &e) &&
	    !json_object_object_get_ex(pending, "error", NULL)) {
		json_object_object_add(pending, "error", json_object_get(e));
		set_status(pending, status);
	}
	json_object_put(res);
}

json_object *out_abi(const char *name)
{
	if (!name || !strcmp(name, "unknown ABI") || !strcmp(name, "?"))
		return NULL;
	return json_object_new_string(name);
}

void out_result(const struct out *o, json_object *res)
{
	const char *cmd = s_of(res, "command");

	if (o->json) {
		hold(res, 0);
		return;
	} else {
		/* --quiet drops notes, never the result. */
		size_t i;

		for (i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++)
			if (!strcmp(cmd, renderers[i].command))
				break;
		if (i < sizeof(renderers) / sizeof(renderers[0]))
			renderers[i].text(o->out, res);
		else
			fprintf(o->out, "%s\n", json_object_to_json_string(res));
	}
	json_object_put(res);
}

void out_regs(const struct out *o, const char *what, const struct ffa_regs *r,
	      int n)
{
	if (!o->verbose || o->json || o->quiet)
		return;
	fprintf(o->err, "%s:", what);
	for (int i = 0; i < n; i++)
		fprintf(o->err, " a%d=0x%llx", i, (unsigned long long)r->a[i]);
	fputc('\n', o->err);
}

void out_note(const struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (!o->verbose || o->json || o->quiet)
		return;
	va_start(ap, fmt);
	vfprintf(o->err, fmt, ap);
	va_end(ap);
	fputc('\n', o->err);
}

static json_object *error_obj(const char *command, const char *origin,
			      int status)
{
	json_object *res = out_new(command ? command : "");

	/* No command known (a usage error before it): null, not "". */
	if (!command || !*command)
		json_object_object_add(res, "command", NULL);
	set_status(res, status);
	json_object_object_add(res, "origin", json_object_new_string(origin));
	return res;
}

json_object *out_error_json(const struct result_status *st)
{
	json_object *e = json_object_new_object();

	json_object_object_add(e, "abi", out_abi(st->abi));
	json_object_object_add(e, "code", json_object_new_int(st->code));
	json_object_object_add(e, "name", json_object_new_string(st->name));
	json_object_object_add(e, "message",
			       json_object_new_string(st->message));
	json_object_object_add(e, "violation", json_object_new_boolean(
		st->kind == RESULT_VIOLATION));
	if (st->detail[0])
		json_object_object_add(e, "detail",
				       json_object_new_string(st->detail));
	return e;
}

void out_ffa_error(const struct out *o, const char *command,
		   const struct result_status *st, const struct ffa_regs *r)
{
	int status = result_exit_status(st);

	if (o->json) {
		json_object *res = error_obj(command, "firmware", status);

		json_object_object_add(res, "error", out_error_json(st));
		out_add_regs(res, r, 8);
		hold(res, status);
		return;
	}
	if (st->kind == RESULT_VIOLATION)
		fprintf(o->err, "ffactl: %s: protocol violation: %s%s%s%s\n",
			st->abi, st->message, st->detail[0] ? " (" : "",
			st->detail, st->detail[0] ? ")" : "");
	else
		fprintf(o->err, "ffactl: %s: %s: %s%s%s%s\n", st->abi,
			st->name, st->message, st->detail[0] ? " (" : "",
			st->detail, st->detail[0] ? ")" : "");
}

void out_error(const struct out *o, const char *command, const char *origin,
	       int status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (o->json) {
		json_object *res = error_obj(command, origin, status);
		json_object *e = json_object_new_object();

		json_object_object_add(e, "message",
				       json_object_new_string(msg));
		json_object_object_add(res, "error", e);
		hold(res, status);
		return;
	}
	fprintf(o->err, "ffactl: %s\n", msg);
}

void out_warn(const struct out *o, const char *command, const char *fmt, ...)
{
	va_list ap;

	if (o->json || o->quiet)
		return;
	fprintf(o->err, "ffactl: %s: ", command);
	va_start(ap, fmt);
	vfprintf(o->err, fmt, ap);
	va_end(ap);
	fputc('\n', o->err);
}

void out_write_failed(const struct out *o, const char *command, int err,
		      const char *effect)
{
	fprintf(o->err, "ffactl: %s: cannot write the result to standard "
		"output (%s)%s%s\n", command ? command : "", strerror(err),
		effect && effect[0] ? "; " : "", effect ? effect : "");
}
