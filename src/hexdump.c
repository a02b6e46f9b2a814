// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
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

static bool all_hex(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (xval((unsigned char)t[i]) < 0)
			return false;
	return n > 0;
}

/*
 * The formats (one per dump; hexdump.h lists them), told apart by the
 * first line that holds data:
 *   COLON  "OFFSET: hex..." (print_hex_dump, xxd, U-Boot md): an offset of
 *          4-16 hex digits, ':' and a space; the hex ends at two spaces
 *          (the ASCII column). Text before the offset is print_hex_dump's
 *          prefix_str. Lines without an offset are log text, skipped.
 *   SPACE  "OFFSET hex hex ..." (od -A x -t x1, hexdump -C): 6-8 digits
 *          from 0, then single bytes; '*' repeats the line before up to
 *          the next offset, and an offset alone is the end.
 *   PLAIN  hex tokens ("0102", "0x01", "01:02"), nothing else.
 * Offsets are checked against the bytes read, so a line missing, another
 * dump's line or an octal offset is named instead of read as data.
 */
enum dump_mode { MODE_NONE, MODE_PLAIN, MODE_COLON, MODE_SPACE };

struct dump {
	uint8_t *out;
	size_t cap, count;
	enum dump_mode mode;
	bool have_base;
	uint64_t base;
	bool repeat;          /* a '*' line waits for the next offset */
	size_t last_off, last_len; /* the previous line's bytes, for '*' */
	bool ended;           /* SPACE: the offset alone that ends it */
	size_t lineno;
	char *err;
	size_t errcap;
};

static int fail(struct dump *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct dump *d, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (d->lineno)
		snprintf(d->err, d->errcap, "line %zu: %s", d->lineno, msg);
	else
		snprintf(d->err, d->errcap, "%s", msg);
	return -1;
}

static int put_hex(struct dump *d, const char *hex, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2) {
		if (d->count == d->cap) {
			d->lineno = 0;
			return fail(d, "more than %zu bytes of hex", d->cap);
		}
		d->out[d->count++] = (uint8_t)(xval((unsigned char)hex[i]) << 4 |
					       xval((unsigned char)hex[i + 1]));
	}
	return 0;
}

static uint64_t hex_value(const char *t, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = v << 4 | (uint64_t)xval((unsigned char)t[i]);
	return v;
}

/* Length of a dmesg "[   12.345678] " (after an optional "<6>"), or 0. */
static size_t dmesg_prefix(const char *l, size_t len)
{
	size_t i = 0, digits = 0;

	if (i < len && l[i] == '<') {
		while (++i < len && isdigit((unsigned char)l[i]))
			;
		if (i >= len || l[i] != '>')
			return 0;
		i++;
	}
	if (i >= len || l[i] != '[')
		return 0;
	for (i++; i < len && l[i] == ' '; i++)
		;
	for (; i < len && isdigit((unsigned char)l[i]); i++)
		digits++;
	if (!digits || i >= len || l[i] != '.')
		return 0;
	for (i++, digits = 0; i < len && isdigit((unsigned char)l[i]); i++)
		digits++;
	if (!digits || i >= len || l[i] != ']')
		return 0;
	i++;
	if (i < len && l[i] == ' ')
		i++;
	return i;
}

/*
 * Finds "OFFSET: " (4-16 hex digits at the start or after a space, ':'
 * then a space or the end): *@off and *@offlen; the offset's position,
 * or -1.
 */
static long colon_offset(const char *l, size_t len, size_t *offlen)
{
	for (size_t i = 0; i < len; i++) {
		size_t j = i;

		if (i && l[i - 1] != ' ' && l[i - 1] != '\t')
			continue;
		while (j < len && xval((unsigned char)l[j]) >= 0)
			j++;
		if (j - i >= 4 && j - i <= 16 && j < len && l[j] == ':' &&
		    (j + 1 == len || l[j + 1] == ' ')) {
			*offlen = j - i;
			return (long)i;
		}
	}
	return -1;
}

/* Is every whitespace-separated word of @l hex (0x, colons allowed)? */
static bool words_all_hex(const char *l, size_t len)
{
	size_t i = 0;
	bool any = false;

	while (i < len) {
		size_t start;

		while (i < len && isspace((unsigned char)l[i]))
			i++;
		start = i;
		while (i < len && !isspace((unsigned char)l[i]))
			i++;
		if (i == start)
			break;
		any = true;
		for (size_t k = start; k < i; k++)
			if (xval((unsigned char)l[k]) < 0 && l[k] != ':' &&
			    !(k == start + 1 && (l[k] == 'x' || l[k] == 'X')))
				return false;
	}
	return any;
}

/* The offset of a data line must follow on from the bytes read. */
static int check_offset(struct dump *d, uint64_t off)
{
	if (!d->have_base) {
		d->have_base = true;
		d->base = off;
	}
	if (off - d->base == d->count)
		return 0;
	return fail(d, "offset 0x%llx where 0x%zx bytes were read (a line "
		    "missing, or lines of another dump%s)",
		    (unsigned long long)off, d->count,
		    d->mode == MODE_SPACE ? "; od prints octal offsets "
		    "unless -A x" : "");
}

static int colon_line(struct dump *d, const char *l, size_t len, long at,
		      size_t offlen, bool kernel)
{
	size_t i = (size_t)at + offlen + 1;
	/* Text before the offset: print_hex_dump's prefix_str. */
	bool prefixed = kernel;

	for (long k = 0; k < at; k++)
		if (!isspace((unsigned char)l[k]))
			prefixed = true;
	if (d->mode != MODE_NONE && d->mode != MODE_COLON)
		return fail(d, "an 'OFFSET:' line in a dump of another format");
	d->mode = MODE_COLON;
	if (check_offset(d, hex_value(l + at, offlen)))
		return -1;
	while (i < len) {
		size_t start, n;

		/* Two spaces (or a tab) end the hex: the ASCII column. */
		if (l[i] == '\t' || (l[i] == ' ' && i + 1 < len &&
				     l[i + 1] == ' '))
			break;
		if (l[i] == ' ')
			i++;
		start = i;
		while (i < len && l[i] != ' ' && l[i] != '\t')
			i++;
		n = i - start;
		if (!n)
			break;
		if (!all_hex(l + start, n))
			return fail(d, "'%.*s' is not hex", (int)(n > 24 ? 24 : n),
				    l + start);
		if (n % 2)
			return fail(d, "odd number of hex digits in '%.*s'",
				    (int)(n > 32 ? 32 : n), l + start);
		/*
		 * print_hex_dump(groupsize 2, 4 or 8) prints each group as a
		 * CPU-endian value: the bytes' order is not in the log.
		 */
		if (n > 2 && prefixed)
			return fail(d, "groups of %zu bytes in a kernel log "
				    "line: print_hex_dump prints them as "
				    "CPU-endian values, so their byte order is "
				    "unknown (dump with groupsize 1)", n / 2);
		if (put_hex(d, l + start, n))
			return -1;
	}
	return 0;
}

/* od -A x -t x1 / hexdump -C: "OFFSET bb bb ... [|ascii|]". */
static bool space_line_shape(const char *l, size_t len, size_t *offlen,
			     size_t *bytes, bool *words16)
{
	size_t i = 0, n;

	while (i < len && xval((unsigned char)l[i]) >= 0)
		i++;
	if (i < 6 || i > 8 || (i < len && l[i] != ' '))
		return false;
	*offlen = i;
	*bytes = 0;
	*words16 = false;
	while (i < len) {
		while (i < len && l[i] == ' ')
			i++;
		if (i == len || l[i] == '|')
			break;
		n = 0;
		while (i + n < len && xval((unsigned char)l[i + n]) >= 0)
			n++;
		if (i + n < len && l[i + n] != ' ')
			return false;
		if (n == 4)
			*words16 = true;
		else if (n != 2)
			return false;
		(*bytes)++;
		i += n;
	}
	return true;
}

static int repeat_to(struct dump *d, uint64_t off)
{
	uint64_t target = off - d->base;

	if (!d->repeat)
		return 0;
	d->repeat = false;
	if (target < d->count || !d->last_len ||
	    (target - d->count) % d->last_len)
		return fail(d, "'*' does not repeat whole lines up to offset "
			    "0x%llx", (unsigned long long)off);
	while (d->count < target) {
		if (d->count + d->last_len > d->cap) {
			d->lineno = 0;
			return fail(d, "more than %zu bytes of hex", d->cap);
		}
		memmove(d->out + d->count, d->out + d->last_off, d->last_len);
		d->count += d->last_len;
	}
	return 0;
}

static int space_line(struct dump *d, const char *l, size_t len,
		      size_t offlen)
{
	uint64_t off = hex_value(l, offlen);
	size_t i = offlen, before;

	if (d->ended)
		return fail(d, "data after the offset that ends the dump");
	if (!d->have_base && off)
		return fail(d, "an od or hexdump -C dump starts at offset 0");
	if (d->have_base && repeat_to(d, off))
		return -1;
	if (check_offset(d, off))
		return -1;
	before = d->count;
	while (i < len) {
		while (i < len && l[i] == ' ')
			i++;
		if (i == len || l[i] == '|')
			break;
		if (put_hex(d, l + i, 2))
			return -1;
		i += 2;
	}
	if (d->count == before) {
		d->ended = true;
		return 0;
	}
	d->last_off = before;
	d->last_len = d->count - before;
	return 0;
}

static int plain_line(struct dump *d, const char *l, size_t len)
{
	size_t i = 0;

	d->mode = MODE_PLAIN;
	while (i < len) {
		size_t start, n;

		while (i < len && isspace((unsigned char)l[i]))
			i++;
		start = i;
		while (i < len && !isspace((unsigned char)l[i]))
			i++;
		n = i - start;
		if (!n)
			break;
		if (n > 2 && l[start] == '0' &&
		    (l[start + 1] == 'x' || l[start + 1] == 'X')) {
			start += 2;
			n -= 2;
		}
		/*
		 * "00:01:02": bytes, each of exactly two digits. A trailing
		 * colon ("00: 01") could be an offset as well: refused.
		 */
		if (memchr(l + start, ':', n)) {
			for (size_t k = start; k < start + n; k += 3)
				if (k + 2 > start + n ||
				    l[start + n - 1] == ':' ||
				    !all_hex(l + k, 2) ||
				    (k + 2 < start + n && l[k + 2] != ':'))
					return fail(d, "'%.*s' is not hex "
						    "(colon-separated bytes "
						    "have two digits each)",
						    (int)(n > 24 ? 24 : n),
						    l + start);
			for (size_t k = start; k < start + n; k += 3)
				if (put_hex(d, l + k, 2))
					return -1;
			continue;
		}
		if (!all_hex(l + start, n))
			return fail(d, "'%.*s' is not hex",
				    (int)(n > 24 ? 24 : n), l + start);
		if (n % 2)
			return fail(d, "odd number of hex digits in '%.*s'",
				    (int)(n > 32 ? 32 : n), l + start);
		if (put_hex(d, l + start, n))
			return -1;
	}
	return 0;
}

static int one_line(struct dump *d, const char *l, size_t len)
{
	size_t k = dmesg_prefix(l, len), offlen, bytes;
	bool kernel = k > 0, words16;
	long at;

	l += k;
	len -= k;
	while (len && isspace((unsigned char)l[len - 1]))
		len--;
	if (!len)
		return 0;
	if (len == 1 && l[0] == '*') {
		if (d->mode != MODE_SPACE)
			return fail(d, "'*' outside an od or hexdump -C dump");
		d->repeat = true;
		return 0;
	}
	at = colon_offset(l, len, &offlen);
	if (at >= 0)
		return colon_line(d, l, len, at, offlen, kernel);
	if (kernel || d->mode == MODE_COLON) {
		/* Log text around the dump; hex without an offset is not. */
		if (words_all_hex(l, len))
			return fail(d, "hex without an offset among 'OFFSET:' "
				    "lines");
		return 0;
	}
	if ((d->mode == MODE_NONE || d->mode == MODE_SPACE) &&
	    space_line_shape(l, len, &offlen, &bytes, &words16)) {
		if (words16)
			return fail(d, "16-bit words (od -x, hexdump): their "
				    "byte order is the host's; dump with od -A "
				    "x -t x1 or hexdump -C");
		if (d->mode == MODE_SPACE || (bytes && !hex_value(l, offlen))) {
			d->mode = MODE_SPACE;
			return space_line(d, l, len, offlen);
		}
	}
	if (d->mode == MODE_SPACE)
		return fail(d, "not an od or hexdump -C line");
	/* Text before any data: a header ("TX buffer:"), skipped. */
	if (d->mode == MODE_NONE && !words_all_hex(l, len))
		return 0;
	return plain_line(d, l, len);
}

long hexdump_parse(const char *text, uint8_t *out, size_t cap, char *err,
		   size_t errcap)
{
	struct dump d = {
		.out = out, .cap = cap, .err = err, .errcap = errcap,
	};
	const char *line = text;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		d.lineno++;
		if (one_line(&d, line, len))
			return -1;
		if (!nl)
			break;
		line = nl + 1;
	}
	d.lineno = 0;
	if (d.repeat)
		return fail(&d, "a '*' line with no offset after it");
	if (d.count == 0)
		return fail(&d, "no hex bytes found");
	return (long)d.count;
}
