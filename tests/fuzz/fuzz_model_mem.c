// SPDX-License-Identifier: BSD-3-Clause
/*
 * libFuzzer target for the SPMC model's receive path (model/model_mem.c,
 * reached through ffa_model_call()): FFA_MEM_SHARE/LEND/DONATE whose TX
 * buffer holds hostile bytes, sent whole or in FFA_MEM_FRAG_TX fragments,
 * a stray FRAG_TX, then what a borrower and the owner do with a handle it
 * accepted (retrieve, write, checksum, reclaim, relinquish, reclaim with
 * zeroing). After every input the model's state must still pass
 * ffa_model_validate(): a hostile descriptor must never corrupt it.
 *
 * The host is tiny, as in tests/unit/test_model_host.h: 16 pages of
 * "physical memory" (TX page 0, RX page 1), fixed storage.
 *
 * Input: byte 0: bits 0-1 share/lend/donate, bit 2 SMC64, bits 3-4
 * profile, bit 5 negotiate v1.0 first (v1.0 layout), bit 6 a stray
 * FRAG_TX first, bit 7 lie about the total length; byte 1: fragment length
 * in 16-byte units (0 = as much as TX holds); byte 2: the lie; the rest:
 * the descriptor.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ffa/desc.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOST_PAGES 16u
#define HOST_BASE 0x80000000ull
#define HOST_TX HOST_BASE
#define HOST_RX (HOST_BASE + FFA_PAGE_SIZE)
#define REGIONS 8u
#define RANGES 64u
#define INDEX 32u
#define FRAG 8192u

struct host {
	uint8_t mem[HOST_PAGES * FFA_PAGE_SIZE];
	struct ffa_model_state s;
	struct ffa_model_host h;
	struct ffa_model_region regions[REGIONS];
	struct ffa_model_range ranges[RANGES];
	uint32_t index[INDEX];
	uint8_t frag[FRAG];
};

static void *host_map(void *ctx, uint64_t pa, uint64_t len)
{
	struct host *t = ctx;

	if (pa < HOST_BASE || len > sizeof(t->mem) ||
	    pa - HOST_BASE > sizeof(t->mem) - len)
		return NULL;
	return t->mem + (pa - HOST_BASE);
}

static void host_fill(void *ctx, uint64_t pa, uint32_t pages,
		      uint32_t pattern)
{
	uint8_t *p = host_map(ctx, pa, (uint64_t)pages * FFA_PAGE_SIZE);
	uint64_t i;

	if (!p)
		return;
	for (i = 0; i < (uint64_t)pages * FFA_PAGE_SIZE; i += 4)
		ffa_put32(p + i, pattern);
}

static uint32_t host_checksum(void *ctx, uint64_t pa, uint32_t pages)
{
	uint8_t *p = host_map(ctx, pa, (uint64_t)pages * FFA_PAGE_SIZE);
	uint32_t sum = 0, any = 0;
	uint64_t i;

	if (!p)
		return 0;
	for (i = 0; i < (uint64_t)pages * FFA_PAGE_SIZE; i++) {
		any |= p[i];
		sum = sum * 16777619u ^ p[i];
	}
	return any ? (sum | 1) : 0;
}

static void call(struct host *t, struct ffa_regs *r)
{
	ffa_model_call(&t->s, &t->h, FFA_MODEL_NWD_ID, r);
}

static void sp_cmd(struct host *t, uint32_t cmd, uint64_t handle,
		   uint32_t arg)
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_MSG_SEND_DIRECT_REQ);
	r.a[1] = FFA_MODEL_NWD_ID << 16 | FFA_MODEL_TEST_SP_ID;
	r.a[3] = cmd;
	r.a[4] = ffa_handle_lo(handle);
	r.a[5] = ffa_handle_hi(handle);
	r.a[6] = arg;
	call(t, &r);
}

static void reclaim(struct host *t, uint64_t handle, uint32_t flags)
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_MEM_RECLAIM);
	r.a[1] = ffa_handle_lo(handle);
	r.a[2] = ffa_handle_hi(handle);
	r.a[3] = flags;
	call(t, &r);
}

static bool is_success(uint64_t a0)
{
	return a0 == FFA_FN_SMC32(FFA_SUCCESS) ||
	       a0 == FFA_FN_SMC64(FFA_SUCCESS);
}

static void validate(const struct host *t)
{
	const char *why = NULL;

	if (ffa_model_validate(&t->s, &t->h, &why))
		abort();
}

static struct host *host_new(uint32_t profile)
{
	static struct host t; /* 64 KiB: reused, reset per input */

	memset(&t, 0, sizeof(t));
	t.h.ctx = &t;
	t.h.map = host_map;
	t.h.fill = host_fill;
	t.h.checksum = host_checksum;
	t.h.regions = t.regions;
	t.h.region_cap = REGIONS;
	t.h.ranges = t.ranges;
	t.h.range_cap = RANGES;
	t.h.index = t.index;
	t.h.index_cap = INDEX;
	t.h.frag_buf = t.frag;
	t.h.frag_cap = FRAG;
	ffa_model_reset(&t.s, &t.h, profile);
	ffa_model_reindex(&t.s, &t.h);
	return &t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t fns[] = {
		FFA_MEM_SHARE, FFA_MEM_LEND, FFA_MEM_DONATE, FFA_MEM_SHARE,
	};
	const uint8_t *d = data + 3;
	uint32_t len, flen, off, piece, total, rounds;
	struct ffa_regs r;
	struct host *t;
	uint64_t handle;
	uint8_t sel;

	if (size < 3 || size - 3 > FRAG)
		return 0;
	sel = data[0];
	len = (uint32_t)(size - 3);
	t = host_new(((sel >> 3) & 3) % FFA_PROFILE_COUNT);

	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC64(FFA_RXTX_MAP);
	r.a[1] = HOST_TX;
	r.a[2] = HOST_RX;
	r.a[3] = 1;
	call(t, &r);
	if (!is_success(r.a[0]))
		abort();
	if (sel & 0x20) {
		memset(&r, 0, sizeof(r));
		r.a[0] = FFA_FN_SMC32(FFA_VERSION);
		r.a[1] = FFA_VERSION_1_0;
		call(t, &r);
	}
	if (sel & 0x40) {
		/* FRAG_TX with no transmission in progress. */
		memset(&r, 0, sizeof(r));
		r.a[0] = FFA_FN_SMC32(FFA_MEM_FRAG_TX);
		r.a[1] = data[1] | (uint64_t)data[2] << 8;
		r.a[2] = 1u << 16;
		r.a[3] = len < FFA_PAGE_SIZE ? len : FFA_PAGE_SIZE;
		call(t, &r);
		validate(t);
	}

	flen = data[1] ? data[1] * 16u : FFA_PAGE_SIZE;
	total = sel & 0x80 ? len + data[2] - 128 : len;
	piece = len < flen ? len : flen;
	memcpy(t->mem, d, piece);
	memset(&r, 0, sizeof(r));
	r.a[0] = sel & 4 ? FFA_FN_SMC64(fns[sel & 3]) :
			   FFA_FN_SMC32(fns[sel & 3]);
	r.a[1] = total;
	r.a[2] = piece;
	call(t, &r);
	validate(t);
	off = piece;
	for (rounds = 0; r.a[0] == FFA_FN_SMC32(FFA_MEM_FRAG_RX) &&
			 rounds < 600; rounds++) {
		handle = ffa_handle_join(r.a[1], r.a[2]);
		piece = len - off < flen ? len - off : flen;
		memcpy(t->mem, d + off, piece);
		memset(&r, 0, sizeof(r));
		r.a[0] = FFA_FN_SMC32(FFA_MEM_FRAG_TX);
		r.a[1] = ffa_handle_lo(handle);
		r.a[2] = ffa_handle_hi(handle);
		r.a[3] = piece;
		call(t, &r);
		validate(t);
		off += piece;
	}
	if (!is_success(r.a[0]))
		return 0;
	handle = ffa_handle_join(r.a[2], r.a[3]);
	if (!ffa_model_find(&t->s, &t->h, handle))
		abort(); /* SUCCESS with a handle the model does not know */

	/* What a borrower and the owner do with an accepted handle. */
	sp_cmd(t, FFA_SP_CMD_RETRIEVE, handle, 0);
	sp_cmd(t, FFA_SP_CMD_WRITE, handle, 0xA5A5A5A5u);
	sp_cmd(t, FFA_SP_CMD_CHECKSUM, handle, 0);
	reclaim(t, handle, 0);
	validate(t);
	sp_cmd(t, FFA_SP_CMD_RELINQUISH, handle, 0);
	reclaim(t, handle, FFA_RECLAIM_ZERO);
	validate(t);
	return 0;
}
