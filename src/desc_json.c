// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>

#include "desc_json.h"
#include "hexdump.h"
#include "output.h"

/* More constituents than this are summarised, not listed. */
#define DESC_JSON_MAX_CONS 4096u

static json_object *str(const char *fmt, unsigned long long v)
{
	char s[32];

	snprintf(s, sizeof(s), fmt, v);
	return json_object_new_string(s);
}

static json_object *issues_json(const struct ffa_desc_report *rep)
{
	json_object *a = json_object_new_array();

	for (unsigned int i = 0; i < rep->count; i++) {
		const struct ffa_desc_issue *is = &rep->issue[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "offset",
				       json_object_new_int((int)is->offset));
		json_object_object_add(o, "field",
				       json_object_new_string(is->field));
		json_object_object_add(o, "problem",
				       json_object_new_string(is->problem));
		json_object_object_add(o, "status",
				       json_object_new_int(is->ffa_error));
		json_object_array_add(a, o);
	}
	return a;
}

static const char *version_str(uint32_t v)
{
	switch (v) {
	case FFA_VERSION_1_0:
		return "1.0";
	case FFA_VERSION_1_1:
		return "1.1";
	default:
		return "1.2";
	}
}

json_object *desc_json(const void *buf, size_t len, uint32_t version,
		       uint32_t fn_num, uint16_t caller, int *status)
{
	struct ffa_desc_report rep = { 0 };
	struct ffa_mem_region r;
	json_object *o = json_object_new_object(), *recv, *cons;
	char *hex = hexdump_string(buf, len);
	int st;

	if (!version)
		version = ffa_desc_guess_version(buf, len);
	st = ffa_desc_decode(buf, len, version, &r, &rep);
	if (!st && fn_num)
		st = ffa_desc_check(buf, len, &r, fn_num, caller, &rep);
	*status = st;
	json_object_object_add(o, "length", json_object_new_int((int)len));
	json_object_object_add(o, "layout",
			       json_object_new_string(version_str(version)));
	if (hex)
		json_object_object_add(o, "hex", json_object_new_string(hex));
	free(hex);
	json_object_object_add(o, "valid", json_object_new_boolean(st == 0));
	json_object_object_add(o, "issues", issues_json(&rep));
	if (rep.dropped)
		json_object_object_add(o, "issues_dropped",
				       json_object_new_int((int)rep.dropped));
	if (len < (version == FFA_VERSION_1_0 ? FFA_MTD_V1_0_HDR_SIZE :
		   FFA_MTD_V1_1_HDR_SIZE))
		return o;
	json_object_object_add(o, "sender", str("0x%04llx", r.sender));
	json_object_object_add(o, "attributes", str("0x%02llx", r.attributes));
	json_object_object_add(o, "flags", str("0x%llx", r.flags));
	json_object_object_add(o, "handle", str("0x%llx", r.handle));
	json_object_object_add(o, "tag", str("0x%llx", r.tag));
	json_object_object_add(o, "receiver_count",
			       json_object_new_int64(r.receiver_count));
	recv = json_object_new_array();
	for (uint32_t i = 0; i < r.receiver_count &&
	     i < FFA_DESC_MAX_RECEIVERS; i++) {
		json_object *e = json_object_new_object();

		json_object_object_add(e, "id",
				       str("0x%04llx", r.receivers[i].receiver));
		json_object_object_add(e, "perm",
				       str("0x%02llx", r.receivers[i].perm));
		json_object_object_add(e, "flags",
				       str("0x%02llx", r.receivers[i].flags));
		json_object_object_add(e, "composite_off",
			json_object_new_int64(r.receivers[i].composite_off));
		/* Only 32-byte (v1.2) EMADs carry one (DEN0077 Table 11.16). */
		if (r.emad_size == FFA_EMAD_V1_2_SIZE) {
			json_object *imp = json_object_new_array();

			json_object_array_add(imp, str("0x%llx",
						r.receivers[i].impdef[0]));
			json_object_array_add(imp, str("0x%llx",
						r.receivers[i].impdef[1]));
			json_object_object_add(e, "impdef", imp);
		}
		json_object_array_add(recv, e);
	}
	json_object_object_add(o, "receivers", recv);
	json_object_object_add(o, "total_pages",
			       json_object_new_int64(r.total_pages));
	json_object_object_add(o, "constituent_count",
			       json_object_new_int64(r.constituent_count));
	cons = json_object_new_array();
	for (uint32_t i = 0; i < r.constituent_count &&
	     i < DESC_JSON_MAX_CONS; i++) {
		struct ffa_constituent c;
		json_object *e;

		if (ffa_desc_constituent(buf, len, &r, i, &c))
			break;
		e = json_object_new_object();
		json_object_object_add(e, "address", str("0x%llx", c.address));
		json_object_object_add(e, "pages",
				       json_object_new_int64(c.page_count));
		json_object_array_add(cons, e);
	}
	json_object_object_add(o, "constituents", cons);
	return o;
}
