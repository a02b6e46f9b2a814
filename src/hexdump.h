/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hex dumps: printing descriptors, and reading back dumps firmware printed. */
#ifndef FFACTL_HEXDUMP_H
#define FFACTL_HEXDUMP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* "00000000: 01 02 ... (16 per line)" */
void hexdump_print(FILE *f, const void *buf, size_t len);

/* Lowercase hex, no separators, into a malloc'ed string (NULL on ENOMEM). */
char *hexdump_string(const void *buf, size_t len);

/*
 * Parses a hex dump into bytes. Accepts plain hex ("0102aabb", spaces and
 * newlines anywhere between bytes), and per line an offset prefix ending in
 * ':' ("00000000: 01 02", Linux print_hex_dump, U-Boot md.b) or hexdump -C's
 * "00000000  01 02 ... |ascii|". Multi-byte groups are read as bytes in
 * order. On each line, reading stops at the first token that is not hex
 * (the ASCII column). Returns the byte count, or -1 with @err set.
 */
long hexdump_parse(const char *text, uint8_t *out, size_t cap, char *err,
		   size_t errcap);

#endif /* FFACTL_HEXDUMP_H */
