// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for src/ffa_desc.c: the memory transaction descriptor
 * decoder in every layout (v1.0, v1.1, v1.2, and guessed), the SPMC-side
 * semantic checks, constituent access and the relinquish descriptor
 * decoder, on hostile bytes. The decoders promise never to read past @len
 * (include/ffa/desc.h): ASan holds them to it, as the input is copied into
 * a buffer of exactly that size.
 *
 * Input: byte 0 picks the layout (bits 0-1: guess, 1.0, 1.1, 1.2) and the
 * transaction type (bits 2-3: share, lend, donate); byte 1 the caller; the
 * rest is the descriptor.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ffa/desc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint32_t versions[] = {
	0, FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2,
};
static const uint32_t fns[] = {
	FFA_MEM_SHARE, FFA_MEM_LEND, FFA_MEM_DONATE, FFA_MEM_SHARE,
};

static void check_report(const struct ffa_desc_report *rep)
{
	unsigned int i;

	if (rep->count > FFA_DESC_MAX_ISSUES)
		abort();
	for (i = 0; i < rep->count; i++)
		if (!rep->issue[i].problem ||
		    !memchr(rep->issue[i].field, '\0', FFA_DESC_FIELD_LEN) ||
		    rep->issue[i].ffa_error >= 0)
			abort();
}

/* Both sides 32-byte EMADs (the only ones with the field): same value. */
static int same_impdef(const struct ffa_mem_region *a,
		       const struct ffa_mem_region *b, uint32_t i)
{
	if (a->emad_size != FFA_EMAD_V1_2_SIZE ||
	    b->emad_size != FFA_EMAD_V1_2_SIZE)
		return 1;
	return a->receivers[i].impdef[0] == b->receivers[i].impdef[0] &&
	       a->receivers[i].impdef[1] == b->receivers[i].impdef[1];
}

/*
 * A descriptor the decoder accepted, encoded again from what it decoded,
 * must decode to the same transaction: catches fields the decoder reads
 * from the wrong offset or the encoder writes to one.
 */
static void roundtrip(const uint8_t *buf, size_t len,
		      const struct ffa_mem_region *r)
{
	struct ffa_constituent *cons;
	struct ffa_mem_region back;
	uint32_t i, n = r->constituent_count;
	uint8_t *enc;
	size_t sz;

	if (n > 4096 || r->receiver_count > FFA_DESC_MAX_RECEIVERS)
		return;
	cons = calloc(n ? n : 1, sizeof(*cons));
	if (!cons)
		return;
	for (i = 0; i < n; i++)
		if (ffa_desc_constituent(buf, len, r, i, &cons[i]))
			goto out;
	sz = ffa_desc_size(r);
	enc = sz ? malloc(sz) : NULL;
	if (enc && ffa_desc_encode(r, cons, n, enc, sz) == sz) {
		memset(&back, 0, sizeof(back));
		if (ffa_desc_decode(enc, sz, r->version, &back, NULL) != 0 ||
		    back.sender != r->sender || back.flags != r->flags ||
		    back.handle != r->handle || back.tag != r->tag ||
		    back.receiver_count != r->receiver_count ||
		    back.total_pages != r->total_pages ||
		    back.constituent_count != n)
			abort();
		for (i = 0; i < r->receiver_count; i++)
			if (back.receivers[i].receiver !=
				    r->receivers[i].receiver ||
			    back.receivers[i].perm != r->receivers[i].perm ||
			    !same_impdef(&back, r, i))
				abort();
	}
	free(enc);
out:
	free(cons);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ffa_desc_report rep;
	struct ffa_mem_region r;
	struct ffa_relinquish rel;
	uint8_t *buf;
	size_t len;
	int st;

	if (size < 2)
		return 0;
	len = size - 2;
	/* Exactly @len bytes on the heap: one byte more is a reported bug. */
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 2, len);

	memset(&rep, 0, sizeof(rep));
	memset(&r, 0, sizeof(r));
	st = ffa_desc_decode(buf, len, versions[data[0] & 3], &r, &rep);
	check_report(&rep);
	if (st > 0)
		abort(); /* FFA_RET_* are negative */
	if (st == 0) {
		roundtrip(buf, len, &r);
		memset(&rep, 0, sizeof(rep));
		st = ffa_desc_check(buf, len, &r, fns[(data[0] >> 2) & 3],
				    data[1] | (data[0] & 0x80 ? 0x8000 : 0),
				    &rep);
		check_report(&rep);
		if (st > 0)
			abort();
	}
	(void)ffa_desc_guess_version(buf, len);

	memset(&rep, 0, sizeof(rep));
	memset(&rel, 0, sizeof(rel));
	st = ffa_relinquish_decode(buf, len, &rel, &rep);
	check_report(&rep);
	if (st > 0)
		abort();
	free(buf);
	return 0;
}
