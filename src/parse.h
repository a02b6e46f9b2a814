/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Parsers for command-line values. Each returns 0 or -1 and, on -1, writes
 * one line saying what is wrong into @err (no prefix, no newline).
 */
#ifndef FFACTL_PARSE_H
#define FFACTL_PARSE_H

#include <stddef.h>
#include <stdint.h>

#define PARSE_ERR_LEN 160

/* Hex ("0x" prefix) or decimal, no sign, no spaces, no trailing junk. */
int parse_u64(const char *s, uint64_t *out, char err[PARSE_ERR_LEN]);
/* As parse_u64, and at most @max. */
int parse_uint(const char *s, uint64_t max, uint64_t *out,
	       char err[PARSE_ERR_LEN]);

/* "0x8001" or "0x8001,0x8002": up to @cap 16-bit IDs. */
int parse_id_list(const char *s, uint16_t *ids, unsigned int cap,
		  unsigned int *n, char err[PARSE_ERR_LEN]);

/*
 * An FF-A function ID: a number in the FF-A range (0x84000060-0x840000FF or
 * 0xC4000060-0xC40000FF), or an ABI name ("MEM_SHARE", "ffa_mem_share") with
 * an optional "_32"/"_64" suffix for the SMC32/SMC64 form (default SMC32).
 */
int parse_fid(const char *s, uint32_t *fid, char err[PARSE_ERR_LEN]);

/* "1.0", "1.1", "1.2" (any major.minor in range) to FFA_VERSION_MAKE(). */
int parse_version(const char *s, uint32_t *ver, char err[PARSE_ERR_LEN]);

/*
 * Two u64 words separated by one comma, "WORD0,WORD1", each as parse_u64()
 * takes it. @out is written only on success.
 */
int parse_u64_pair(const char *s, uint64_t out[2], char err[PARSE_ERR_LEN]);

/* A descriptor layout: exactly "1.0", "1.1" or "1.2". */
int parse_desc_version(const char *s, uint32_t *ver, char err[PARSE_ERR_LEN]);

#endif /* FFACTL_PARSE_H */
