// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the command-line value parsers: src/parse.c
 * (numbers, ID lists, function IDs and ABI names, versions, descriptor
 * layouts), ffa_uuid_parse(), errtab_abi_parse() and hexdump_parse(). Each
 * parser gets a NUL-terminated copy of the input in a buffer of exactly
 * that size; what it accepts must be in range and round-trip where the
 * format allows, and every refusal must come with a one-line message.
 *
 * Input: byte 0 picks the parser; the rest is the string.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errtab.h"
#include "ffa/ffa.h"
#include "ffa/uuid.h"
#include "hexdump.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_err(int rc, const char *err)
{
	if (rc == 0)
		return;
	if (rc != -1 || !memchr(err, '\0', PARSE_ERR_LEN) || !err[0] ||
	    strchr(err, '\n'))
		abort();
}

static bool fid_in_range(uint32_t fid)
{
	return (fid >= 0x84000060u && fid <= 0x840000FFu) ||
	       (fid >= 0xC4000060u && fid <= 0xC40000FFu);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[PARSE_ERR_LEN], back[64];
	uint16_t ids[16];
	uint32_t w[4], w2[4], fid, ver;
	char uuid[FFA_UUID_STR_LEN + 1];
	unsigned int n = 0;
	uint64_t v, max;
	uint8_t *bytes;
	char *s;
	long got;
	int rc;

	if (size < 1)
		return 0;
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	memset(err, 0, sizeof(err));

	switch (data[0] % 9) {
	case 0:
		rc = parse_u64(s, &v, err);
		check_err(rc, err);
		/* Accepted: printing it back (decimal) must parse the same. */
		if (!rc) {
			snprintf(back, sizeof(back), "%" PRIu64, v);
			if (parse_u64(back, &max, err) || max != v)
				abort();
		}
		break;
	case 1:
		max = size > 9 ? (uint64_t)data[size - 1] << (data[1] % 57) :
				 0xFFFF;
		rc = parse_uint(s, max, &v, err);
		check_err(rc, err);
		if (!rc && v > max)
			abort();
		break;
	case 2:
		rc = parse_id_list(s, ids, data[0] / 9 % 17, &n, err);
		check_err(rc, err);
		if (!rc && n > data[0] / 9 % 17)
			abort();
		break;
	case 3:
		rc = parse_fid(s, &fid, err);
		check_err(rc, err);
		if (!rc && !fid_in_range(fid))
			abort();
		break;
	case 4:
		rc = parse_version(s, &ver, err);
		check_err(rc, err);
		if (!rc && (ver & 0x80000000u))
			abort(); /* DEN0077 FFA_VERSION: bit 31 MBZ */
		break;
	case 5:
		rc = parse_desc_version(s, &ver, err);
		check_err(rc, err);
		if (!rc && ver != FFA_VERSION_1_0 && ver != FFA_VERSION_1_1 &&
		    ver != FFA_VERSION_1_2)
			abort();
		break;
	case 6:
		if (ffa_uuid_parse(s, w) == 0) {
			ffa_uuid_format(w, uuid);
			if (ffa_uuid_parse(uuid, w2) || memcmp(w, w2, sizeof(w)))
				abort();
		}
		break;
	case 7:
		rc = errtab_abi_parse(s);
		if (rc >= 0 && !errtab_abi_name((uint32_t)rc))
			abort();
		break;
	case 8:
		bytes = malloc(size);
		if (!bytes)
			break;
		got = hexdump_parse(s, bytes, size / 2, err, sizeof(err));
		if (got > (long)(size / 2) || got < -1)
			abort();
		free(bytes);
		break;
	}
	free(s);
	return 0;
}
