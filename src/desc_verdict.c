// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "desc_verdict.h"
#include "errtab.h"
#include "ffa/desc.h"
#include "model.h"

/* Where the sim's pages start: placeholders look like what it writes. */
#define PLACEHOLDER_BASE 0x100000000ull

void desc_placeholder_addresses(uint8_t *buf, size_t len, uint32_t cons_off,
				uint32_t count)
{
	/* No constituent array found (0), or not all of it in the buffer. */
	if (!cons_off || cons_off + (uint64_t)count * FFA_CONSTITUENT_SIZE > len)
		return;
	for (uint32_t i = 0; i < count; i++)
		ffa_put64(buf + cons_off + (size_t)FFA_CONSTITUENT_SIZE * i,
			  PLACEHOLDER_BASE + (uint64_t)i * FFA_PAGE_SIZE);
}

void desc_verdict(int profile, const char *judged_by, const uint8_t *buf,
		  size_t len, uint32_t version, uint32_t fn_num,
		  uint16_t caller, struct desc_verdict *v)
{
	struct ffa_desc_report rep = { 0 };
	struct ffa_mem_region r;
	const char *why = NULL;

	memset(v, 0, sizeof(*v));
	snprintf(v->judged_by, sizeof(v->judged_by), "%s", judged_by);
	if (profile >= 0) {
		v->status = ffa_model_desc_verdict((uint32_t)profile, buf, len,
						   version, fn_num, caller,
						   &rep, &why);
	} else {
		v->status = ffa_desc_decode(buf, len, version, &r, &rep);
		if (!v->status)
			v->status = ffa_desc_check(buf, len, &r, fn_num,
						   caller, &rep);
	}
	if (!v->status)
		return;
	if (why) {
		snprintf(v->decided_by, sizeof(v->decided_by),
			 "%s (the profile's own rule; %s)", why,
			 errtab_name(v->status) ?: "?");
		return;
	}
	/* The first issue the judge did not tolerate that has its answer. */
	for (unsigned int i = 0; i < rep.count; i++) {
		const struct ffa_desc_issue *is = &rep.issue[i];

		if (is->tolerated || is->ffa_error != v->status)
			continue;
		snprintf(v->decided_by, sizeof(v->decided_by), "@%u %s: %s "
			 "(%s)", is->offset, is->field, is->problem,
			 errtab_name(v->status) ?: "?");
		return;
	}
}
