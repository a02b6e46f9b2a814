// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for src/result.c (and the src/errtab.c lookups behind
 * it): what `ffactl decode` and every command do with the registers an
 * SPMC answers. Any a0..a7 for any fid must classify without reading out of
 * a table, with a name, a message and an exit status in range.
 *
 * Input: fid (4 bytes, little endian) then up to 8 registers of 8 bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "errtab.h"
#include "result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t le64(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n && i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result_status st;
	struct ffa_regs r;
	uint32_t fid;
	size_t i, off;
	int ex;

	if (size < 4)
		return 0;
	fid = (uint32_t)le64(data, 4);
	memset(&r, 0, sizeof(r));
	for (i = 0, off = 4; i < 8 && off < size; i++, off += 8)
		r.a[i] = le64(data + off, size - off);

	result_classify(fid, &r, &st);
	ex = result_exit_status(&st);
	if (!st.abi || !memchr(st.detail, '\0', sizeof(st.detail)))
		abort();
	/* Whatever is not a success is reported with a name and a message. */
	if (st.kind != RESULT_OK && (!st.name || !st.message))
		abort();
	/* DESIGN.md §7: 0 ok, 9 unknown/violation, 10+n known errors. */
	if (st.kind == RESULT_OK && ex != 0)
		abort();
	if (st.kind != RESULT_OK && ex != 9 && (ex < 11 || ex > 20))
		abort();
	if (st.kind == RESULT_FFA_ERROR && !errtab_name(st.code))
		abort();
	(void)result_is_success_id(fid, r.a[0]);

	/* The table lookups on their own, with hostile numbers. */
	(void)errtab_name((int32_t)r.a[2]);
	(void)errtab_generic((int32_t)r.a[2]);
	(void)errtab_message(fid, (int32_t)r.a[2]);
	(void)errtab_message((uint32_t)r.a[1], (int32_t)r.a[1]);
	(void)errtab_has_abi_message(fid & 0xFFFF, (int32_t)r.a[3]);
	(void)errtab_abi_name(fid);
	(void)errtab_abi_name((uint32_t)r.a[1]);
	ex = errtab_exit_status((int32_t)r.a[2]);
	if (ex != 9 && (ex < 11 || ex > 20))
		abort();
	return 0;
}
