/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * UUIDs as FF-A passes them: FFA_PARTITION_INFO_GET takes the 16 UUID bytes
 * in a1..a4, four bytes per register, each read as a little-endian word (as
 * Linux's arm_ffa driver does with export_uuid()). Freestanding.
 */
#ifndef FFA_UUID_H
#define FFA_UUID_H

#include <stdint.h>

#define FFA_UUID_STR_LEN 36

/* Formats the words as "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" plus NUL. */
void ffa_uuid_format(const uint32_t w[4], char out[FFA_UUID_STR_LEN + 1]);

/* Parses exactly that form (either case). Returns 0, or -1 if malformed. */
int ffa_uuid_parse(const char *str, uint32_t w[4]);

/* Copies the 16 bytes in order to/from the four words. */
void ffa_uuid_from_bytes(const uint8_t b[16], uint32_t w[4]);
void ffa_uuid_to_bytes(const uint32_t w[4], uint8_t b[16]);

#endif /* FFA_UUID_H */
