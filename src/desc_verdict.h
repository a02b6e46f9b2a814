/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A descriptor judged without being sent (share --dry-run, and the -v
 * explanation of a refused send): by the sim's profile when the sim is the
 * backend, else by the spec's checks (DEN0077), the same ones decode --abi
 * runs.
 */
#ifndef FFACTL_DESC_VERDICT_H
#define FFACTL_DESC_VERDICT_H

#include <stddef.h>
#include <stdint.h>

struct desc_verdict {
	int32_t status;         /* FFA_RET_*, 0 = accepted */
	char judged_by[64];     /* "the sim's spec profile", ... */
	char decided_by[200];   /* "@50 emad[0].perm: ... (NAME)", or "" */
};

/*
 * Judges @buf, sent with @fn_num from @caller in layout @version, as
 * @profile's SPMC (enum ffa_model_profile), or with @profile < 0 by the
 * spec's checks. @judged_by names the judge for the report.
 */
void desc_verdict(int profile, const char *judged_by, const uint8_t *buf,
		  size_t len, uint32_t version, uint32_t fn_num,
		  uint16_t caller, struct desc_verdict *v);

/*
 * Writes distinct page-aligned placeholder addresses into the @count
 * constituents at @cons_off of the @len-byte @buf, as a backend writes its
 * pages' (a descriptor with every address 0 overlaps itself). Nothing if
 * @cons_off is 0 (none found) or the array does not fit.
 */
void desc_placeholder_addresses(uint8_t *buf, size_t len, uint32_t cons_off,
				uint32_t count);

#endif /* FFACTL_DESC_VERDICT_H */
