// SPDX-License-Identifier: BSD-3-Clause
#include <stddef.h>

#include "ffa/desc.h"
#include "ffa/uuid.h"

void ffa_uuid_from_bytes(const uint8_t b[16], uint32_t w[4])
{
	for (int i = 0; i < 4; i++)
		w[i] = ffa_le32(b + 4 * i);
}

void ffa_uuid_to_bytes(const uint32_t w[4], uint8_t b[16])
{
	for (int i = 0; i < 4; i++)
		ffa_put32(b + 4 * i, w[i]);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Positions of the dashes in the canonical 8-4-4-4-12 form. */
static int is_dash_pos(int i)
{
	return i == 8 || i == 13 || i == 18 || i == 23;
}

int ffa_uuid_parse(const char *str, uint32_t w[4])
{
	uint8_t b[16];
	int n = 0;

	if (!str || !w)
		return -1;
	for (int i = 0; i < FFA_UUID_STR_LEN; i++) {
		if (str[i] == '\0')
			return -1;
		if (is_dash_pos(i)) {
			if (str[i] != '-')
				return -1;
			continue;
		}
		int hi = hexval(str[i]), lo;

		if (hi < 0 || str[i + 1] == '\0' || is_dash_pos(i + 1))
			return -1;
		lo = hexval(str[++i]);
		if (lo < 0)
			return -1;
		b[n++] = (uint8_t)(hi << 4 | lo);
	}
	if (str[FFA_UUID_STR_LEN] != '\0' || n != 16)
		return -1;
	ffa_uuid_from_bytes(b, w);
	return 0;
}

void ffa_uuid_format(const uint32_t w[4], char out[FFA_UUID_STR_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t b[16];
	int o = 0;

	ffa_uuid_to_bytes(w, b);
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 15];
	}
	out[o] = '\0';
}
