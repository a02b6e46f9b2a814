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
 * Parses a hex dump into bytes, in one of the formats firmware engineers
 * have, decided by its first data line, all of it in that format:
 *  - plain hex: "0102aabb", "01 02", "0x01 0x02", "01:02" (each part of a
 *    colon-separated token one byte);
 *  - "OFFSET: hex ... [ascii]": Linux print_hex_dump (in a kernel log, with
 *    dmesg's "[   12.345678] " and a prefix string before the offset; log
 *    lines around it are skipped; groups wider than a byte are refused,
 *    as they are CPU-endian values), xxd (groups in byte order), U-Boot md;
 *  - "OFFSET bb bb ... [|ascii|]": hexdump -C and od -A x -t x1, with '*'
 *    repeating the line before up to the next offset, and the final
 *    offset (the length) read as the end, not as data.
 * Every offset must follow on from the bytes read (od's default octal
 * offsets do not). Text lines before the dump are skipped. Anything else
 * is refused: -1, @err naming the line. Returns the byte count.
 */
long hexdump_parse(const char *text, uint8_t *out, size_t cap, char *err,
		   size_t errcap);

#endif /* FFACTL_HEXDUMP_H */
