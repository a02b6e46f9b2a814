/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A tiny host for the SPMC model's unit tests: storage arrays, a fake
 * "physical memory" of TH_PAGES pages at TH_BASE that fill/checksum really
 * write and read, map() resolving addresses inside it, and a hand-written
 * descriptor builder (independent of src/ffa_desc.c's encoder) that lays the
 * bytes out as DEN0077 §10.11 says.
 */
#ifndef TEST_MODEL_HOST_H
#define TEST_MODEL_HOST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ffa/desc.h"
#include "model.h"

#define TH_PAGES 64u
#define TH_BASE 0x80000000ull
#define TH_TX TH_BASE                     /* page 0 */
#define TH_RX (TH_BASE + FFA_PAGE_SIZE)   /* page 1 */
#define TH_DATA (TH_BASE + 8 * FFA_PAGE_SIZE) /* pages 8..63: to share */
/* Addresses no host memory backs: fine for constituents (never mapped). */
#define TH_FAR 0x1000000000ull

struct th {
	uint8_t mem[TH_PAGES * FFA_PAGE_SIZE];
	struct ffa_model_state s;
	struct ffa_model_host h;
	struct ffa_model_region *regions;
	struct ffa_model_range *ranges;
	uint32_t *index;
	uint8_t *frag;
	unsigned int fills; /* fill() calls, to see zeroing happen */
};

static inline void *th_map(void *ctx, uint64_t pa, uint64_t len)
{
	struct th *t = ctx;

	if (pa < TH_BASE || len > sizeof(t->mem) ||
	    pa - TH_BASE > sizeof(t->mem) - len)
		return NULL;
	return t->mem + (pa - TH_BASE);
}

static inline void th_fill(void *ctx, uint64_t pa, uint32_t pages,
			   uint32_t pattern)
{
	struct th *t = ctx;
	uint8_t *p = th_map(ctx, pa, (uint64_t)pages * FFA_PAGE_SIZE);
	uint64_t i;

	t->fills++;
	if (!p)
		return;
	for (i = 0; i < (uint64_t)pages * FFA_PAGE_SIZE; i += 4)
		ffa_put32(p + i, pattern);
}

static inline uint32_t th_checksum(void *ctx, uint64_t pa, uint32_t pages)
{
	uint8_t *p = th_map(ctx, pa, (uint64_t)pages * FFA_PAGE_SIZE);
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

static inline uint8_t th_bump(void *ctx, uint64_t pa)
{
	uint8_t *p = th_map(ctx, pa, 1);

	if (!p)
		return 0;
	return ++*p;
}

static inline struct th *th_new_caps(uint32_t region_cap, uint32_t range_cap,
				     uint32_t index_cap, uint32_t frag_cap,
				     uint32_t profile)
{
	struct th *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->regions = calloc(region_cap ? region_cap : 1, sizeof(*t->regions));
	t->ranges = calloc(range_cap ? range_cap : 1, sizeof(*t->ranges));
	t->index = calloc(index_cap ? index_cap : 1, sizeof(*t->index));
	t->frag = calloc(frag_cap ? frag_cap : 1, 1);
	assert_non_null(t->regions);
	assert_non_null(t->ranges);
	assert_non_null(t->index);
	assert_non_null(t->frag);
	t->h.ctx = t;
	t->h.map = th_map;
	t->h.fill = th_fill;
	t->h.checksum = th_checksum;
	t->h.bump = th_bump;
	t->h.regions = t->regions;
	t->h.region_cap = region_cap;
	t->h.ranges = t->ranges;
	t->h.range_cap = range_cap;
	t->h.index = t->index;
	t->h.index_cap = index_cap;
	t->h.frag_buf = t->frag;
	t->h.frag_cap = frag_cap;
	ffa_model_reset(&t->s, &t->h, profile);
	return t;
}

static inline struct th *th_new(uint32_t profile)
{
	return th_new_caps(64, 256, 128, 8192, profile);
}

static inline void th_free(struct th *t)
{
	free(t->regions);
	free(t->ranges);
	free(t->index);
	free(t->frag);
	free(t);
}

static inline struct ffa_regs th_call(struct th *t, uint64_t a0, uint64_t a1,
				      uint64_t a2, uint64_t a3, uint64_t a4,
				      uint64_t a5, uint64_t a6, uint64_t a7)
{
	struct ffa_regs r = { .a = { a0, a1, a2, a3, a4, a5, a6, a7 } };

	ffa_model_call(&t->s, &t->h, FFA_MODEL_NWD_ID, &r);
	return r;
}

#define TH_ERROR 0x84000060u
#define TH_SUCCESS 0x84000061u

/* The status of an FFA_ERROR result (low 32 bits of a2), or 0. */
static inline int32_t th_status(const struct ffa_regs *r)
{
	if (r->a[0] == TH_ERROR)
		return (int32_t)(uint32_t)r->a[2];
	assert_int_equal(r->a[0], TH_SUCCESS);
	return 0;
}

/* Maps TX at TH_TX and RX at TH_RX, one page each. */
static inline void th_rxtx(struct th *t)
{
	struct ffa_regs r = th_call(t, 0x84000066u, TH_TX, TH_RX, 1, 0, 0, 0,
				    0);

	assert_int_equal(th_status(&r), 0);
}

/* A transaction to encode by hand. */
struct td {
	uint32_t version; /* FFA_VERSION_1_0, _1_1 or _1_2 */
	uint16_t sender;
	uint16_t attr;
	uint32_t flags;
	uint64_t tag;
	uint32_t nrecv;
	uint16_t recv[8];
	uint8_t perm[8];
	uint32_t ncons;
	uint64_t addr[8];
	uint32_t pages[8];
};

/* A one-receiver, one-range share to the test SP, v1.1 layout. */
static inline struct td td_simple(uint64_t addr, uint32_t pages)
{
	struct td d = {
		.version = FFA_VERSION_1_1,
		.sender = FFA_MODEL_NWD_ID,
		.attr = FFA_ATTR_NORMAL_WB_INNER,
		.nrecv = 1,
		.recv = { FFA_MODEL_TEST_SP_ID },
		.perm = { FFA_PERM_RW },
		.ncons = 1,
		.addr = { addr },
		.pages = { pages },
	};
	return d;
}

/*
 * Lays @d out by hand: v1.0 header 32 bytes (attributes u8 @2, receiver
 * count @28, EMADs @32); v1.1+ header 48 bytes (attributes u16 @2, EMAD size
 * @24, count @28, EMAD offset @32); EMADs 16 bytes (32 in v1.2); one
 * composite after the EMADs: total pages, count, reserved u64, then 16-byte
 * constituents. Returns the length.
 */
static inline uint32_t td_encode(const struct td *d, uint8_t *buf)
{
	int v10 = d->version == FFA_VERSION_1_0;
	uint32_t hdr = v10 ? 32 : 48;
	uint32_t esz = d->version == FFA_VERSION_1_2 ? 32 : 16;
	uint32_t comp = hdr + d->nrecv * esz;
	uint32_t len = comp + 16 + d->ncons * 16;
	uint32_t i, total = 0;

	memset(buf, 0, len);
	ffa_put16(buf, d->sender);
	if (v10)
		buf[2] = (uint8_t)d->attr;
	else
		ffa_put16(buf + 2, d->attr);
	ffa_put32(buf + 4, d->flags);
	ffa_put64(buf + 16, d->tag);
	ffa_put32(buf + 28, d->nrecv);
	if (!v10) {
		ffa_put32(buf + 24, esz);
		ffa_put32(buf + 32, hdr);
	}
	for (i = 0; i < d->nrecv; i++) {
		uint8_t *e = buf + hdr + i * esz;

		ffa_put16(e, d->recv[i]);
		e[2] = d->perm[i];
		ffa_put32(e + 4, comp);
	}
	for (i = 0; i < d->ncons; i++) {
		ffa_put64(buf + comp + 16 + 16 * i, d->addr[i]);
		ffa_put32(buf + comp + 16 + 16 * i + 8, d->pages[i]);
		total += d->pages[i];
	}
	ffa_put32(buf + comp, total);
	ffa_put32(buf + comp + 4, d->ncons);
	return len;
}

static inline uint8_t *th_txbuf(struct th *t)
{
	return t->mem + (TH_TX - TH_BASE);
}

/* Sends @d whole through TX with @fid; returns the result registers. */
static inline struct ffa_regs th_send(struct th *t, uint32_t fid,
				      const struct td *d)
{
	uint32_t len = td_encode(d, th_txbuf(t));

	return th_call(t, fid, len, len, 0, 0, 0, 0, 0);
}

#define TH_SHARE32 0x84000073u
#define TH_LEND32 0x84000072u
#define TH_DONATE32 0x84000071u
#define TH_RECLAIM 0x84000077u

static inline uint64_t th_handle(const struct ffa_regs *r)
{
	assert_int_equal(r->a[0], TH_SUCCESS);
	return (uint64_t)(uint32_t)r->a[2] | (uint64_t)(uint32_t)r->a[3] << 32;
}

static inline struct ffa_regs th_reclaim(struct th *t, uint64_t handle,
					 uint32_t flags)
{
	return th_call(t, TH_RECLAIM, (uint32_t)handle, handle >> 32, flags,
		       0, 0, 0, 0);
}

/* One command of test partition @sp's protocol; returns its status (a3). */
static inline int32_t th_sp_to(struct th *t, uint16_t sp, uint32_t cmd,
			       uint64_t handle, uint64_t arg,
			       uint64_t *result)
{
	struct ffa_regs r = th_call(t, 0x8400006Fu, sp, 0, cmd,
				    (uint32_t)handle, handle >> 32, arg, 0);

	assert_int_equal(r.a[0], 0x84000070u);
	if (result)
		*result = r.a[4];
	return (int32_t)(uint32_t)r.a[3];
}

/* One command of the test SP's protocol; returns its status (a3). */
static inline int32_t th_sp(struct th *t, uint32_t cmd, uint64_t handle,
			    uint64_t arg, uint64_t *result)
{
	struct ffa_regs r = th_call(t, 0x8400006Fu, FFA_MODEL_TEST_SP_ID, 0,
				    cmd, (uint32_t)handle, handle >> 32, arg,
				    0);

	assert_int_equal(r.a[0], 0x84000070u);
	if (result)
		*result = r.a[4];
	return (int32_t)(uint32_t)r.a[3];
}

#endif /* TEST_MODEL_HOST_H */
