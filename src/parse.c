// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "errtab.h"
#include "ffa/ffa.h"
#include "parse.h"

/* Quote at most this much of a bad value, so one line stays one line. */
#define QUOTE_MAX 40

static void quote(char *dst, size_t cap, const char *s)
{
	size_t o = 0;

	for (size_t i = 0; s[i] && o + 5 < cap && i < QUOTE_MAX; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isprint(c) && c < 0x80)
			dst[o++] = (char)c;
		else
			o += (size_t)snprintf(dst + o, cap - o, "\\x%02x", c);
	}
	if (strlen(s) > QUOTE_MAX && o + 4 < cap) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
}

static int fail(char err[PARSE_ERR_LEN], const char *what, const char *s)
{
	char q[QUOTE_MAX * 4 + 8];

	quote(q, sizeof(q), s);
	snprintf(err, PARSE_ERR_LEN, "'%.60s': %.90s", q, what);
	return -1;
}

int parse_u64(const char *s, uint64_t *out, char err[PARSE_ERR_LEN])
{
	unsigned int base = 10;
	uint64_t v = 0;
	const char *p = s;

	if (!*p)
		return fail(err, "empty number", s);
	if (*p == '-')
		return fail(err, "negative numbers are not allowed", s);
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		if (!*p)
			return fail(err, "no digits after 0x", s);
	}
	for (; *p; p++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned int)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned int)(*p - 'A' + 10);
		else
			return fail(err, base == 16 ? "not a hex number" :
				    "not a number (use decimal or 0x hex)", s);
		if (v > (UINT64_MAX - d) / base)
			return fail(err, "out of range (more than 64 bits)", s);
		v = v * base + d;
	}
	*out = v;
	return 0;
}

int parse_uint(const char *s, uint64_t max, uint64_t *out,
	       char err[PARSE_ERR_LEN])
{
	uint64_t v;
	char what[64];

	if (parse_u64(s, &v, err))
		return -1;
	if (v > max) {
		snprintf(what, sizeof(what), "out of range (at most %#llx)",
			 (unsigned long long)max);
		return fail(err, what, s);
	}
	*out = v;
	return 0;
}

int parse_u64_pair(const char *s, uint64_t out[2], char err[PARSE_ERR_LEN])
{
	const char *comma = strchr(s, ',');
	char first[64];
	uint64_t v[2];
	size_t n;

	if (!comma || strchr(comma + 1, ','))
		return fail(err, "not two numbers (use WORD0,WORD1)", s);
	n = (size_t)(comma - s);
	/* 0x and 16 digits, or 20, fit many times over: leading zeros. */
	if (n >= sizeof(first))
		return fail(err, "WORD0 too long", s);
	memcpy(first, s, n);
	first[n] = '\0';
	if (parse_u64(first, &v[0], err) || parse_u64(comma + 1, &v[1], err))
		return -1;
	out[0] = v[0];
	out[1] = v[1];
	return 0;
}

int parse_id_list(const char *s, uint16_t *ids, unsigned int cap,
		  unsigned int *n, char err[PARSE_ERR_LEN])
{
	char buf[256];
	char *save = NULL, *tok;
	unsigned int count = 0;

	if (strlen(s) >= sizeof(buf))
		return fail(err, "ID list too long", s);
	if (!*s || s[strlen(s) - 1] == ',' || s[0] == ',' || strstr(s, ",,"))
		return fail(err, "empty endpoint ID in list", s);
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		uint64_t v;

		if (count == cap) {
			char what[64];

			snprintf(what, sizeof(what),
				 "too many endpoint IDs (at most %u)", cap);
			return fail(err, what, s);
		}
		if (parse_uint(tok, UINT16_MAX, &v, err))
			return -1;
		ids[count++] = (uint16_t)v;
	}
	*n = count;
	return 0;
}

static int fid_in_ffa_range(uint64_t v)
{
	uint32_t num = (uint32_t)v & 0xFFFFFFu;

	if (v != (uint32_t)v)
		return 0;
	if (((uint32_t)v & 0xFF000000u) != FFA_SMC32_BASE &&
	    ((uint32_t)v & 0xFF000000u) != FFA_SMC64_BASE)
		return 0;
	return num >= FFA_FN_NUM_MIN && num <= FFA_FN_NUM_MAX;
}

int parse_fid(const char *s, uint32_t *fid, char err[PARSE_ERR_LEN])
{
	char name[64];
	size_t len = strlen(s);
	int smc64 = 0, num;
	uint64_t v;

	if (len && isdigit((unsigned char)s[0])) {
		if (parse_u64(s, &v, err))
			return -1;
		if (!fid_in_ffa_range(v))
			return fail(err, "not an FF-A function ID "
				    "(0x84000060-0x840000FF, 0xC4000060-0xC40000FF)",
				    s);
		*fid = (uint32_t)v;
		return 0;
	}
	if (len >= sizeof(name))
		return fail(err, "unknown FF-A ABI name", s);
	strcpy(name, s);
	if (len > 3 && (!strcasecmp(name + len - 3, "_64") ||
			!strcasecmp(name + len - 3, "_32"))) {
		smc64 = name[len - 2] == '6';
		name[len - 3] = '\0';
	}
	num = errtab_abi_parse(name);
	if (num < 0)
		return fail(err, "unknown FF-A ABI name", s);
	*fid = smc64 ? FFA_FN_SMC64(num) : FFA_FN_SMC32(num);
	return 0;
}

int parse_version(const char *s, uint32_t *ver, char err[PARSE_ERR_LEN])
{
	char buf[32];
	char *dot;
	uint64_t maj, min;

	if (strlen(s) >= sizeof(buf))
		return fail(err, "not a version (use MAJOR.MINOR, e.g. 1.1)", s);
	strcpy(buf, s);
	dot = strchr(buf, '.');
	if (!dot)
		return fail(err, "not a version (use MAJOR.MINOR, e.g. 1.1)", s);
	*dot = '\0';
	if (parse_uint(buf, 0x7FFF, &maj, err) ||
	    parse_uint(dot + 1, 0xFFFF, &min, err))
		return fail(err, "not a version (use MAJOR.MINOR, e.g. 1.1)", s);
	*ver = FFA_VERSION_MAKE(maj, min);
	return 0;
}

int parse_desc_version(const char *s, uint32_t *ver, char err[PARSE_ERR_LEN])
{
	static const char *const names[] = { "1.0", "1.1", "1.2" };
	static const uint32_t vers[] = {
		FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i])) {
			*ver = vers[i];
			return 0;
		}
	}
	return fail(err, "not a descriptor layout (use 1.0, 1.1 or 1.2)", s);
}
