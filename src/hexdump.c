// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hexdump.h"

void hexdump_print(FILE *f, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	for (size_t off = 0; off < len; off += 16) {
		fprintf(f, "%08zx:", off);
		for (size_t i = off; i < off + 16 && i < len; i++)
			fprintf(f, " %02x", p[i]);
		fputc('\n', f);
	}
}

char *hexdump_string(const void *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *p = buf;
	char *s = malloc(len * 2 + 1);

	if (!s)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		s[2 * i] = hex[p[i] >> 4];
		s[2 * i + 1] = hex[p[i] & 15];
	}
	s[len * 2] = '\0';
	return s;
}

static int xval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int all_hex(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (xval((unsigned char)t[i]) < 0)
			return 0;
	return n > 0;
}

/* Length of the offset prefix of @line, 0 if it has none. */
static size_t offset_prefix(const char *line, size_t len)
{
	size_t n = 0;

	while (n < len && xval((unsigned char)line[n]) >= 0)
		n++;
	if (n > 0 && n < len && line[n] == ':')
		return n + 1;
	/* hexdump -C: 8 hex digits then two spaces. */
	if (n == 8 && n + 1 < len && line[n] == ' ' && line[n + 1] == ' ')
		return n;
	return 0;
}

long hexdump_parse(const char *text, uint8_t *out, size_t cap, char *err,
		   size_t errcap)
{
	size_t count = 0, lineno = 0;
	const char *line = text;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		size_t pos;

		lineno++;
		if (len && line[len - 1] == '\r')
			len--;
		pos = offset_prefix(line, len);
		while (pos < len) {
			size_t start, n;

			while (pos < len && isspace((unsigned char)line[pos]))
				pos++;
			start = pos;
			while (pos < len && !isspace((unsigned char)line[pos]))
				pos++;
			n = pos - start;
			if (n == 0)
				break;
			if (n > 2 && line[start] == '0' &&
			    (line[start + 1] == 'x' || line[start + 1] == 'X')) {
				start += 2;
				n -= 2;
			}
			if (!all_hex(line + start, n))
				break;	/* the ASCII column, or a comment */
			if (n % 2) {
				snprintf(err, errcap,
					 "line %zu: odd number of hex digits in '%.*s'",
					 lineno, (int)(n > 32 ? 32 : n),
					 line + start);
				return -1;
			}
			for (size_t i = 0; i < n; i += 2) {
				if (count == cap) {
					snprintf(err, errcap,
						 "more than %zu bytes of hex",
						 cap);
					return -1;
				}
				out[count++] = (uint8_t)(xval(line[start + i]) << 4 |
							 xval(line[start + i + 1]));
			}
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	if (count == 0) {
		snprintf(err, errcap, "no hex bytes found");
		return -1;
	}
	return (long)count;
}
