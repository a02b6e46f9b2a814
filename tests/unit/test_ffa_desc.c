// SPDX-License-Identifier: BSD-3-Clause
/*
 * Tests for src/ffa_desc.c. The byte vectors below are written by hand from
 * the layouts in DEN0077 v1.1 §10.11 / v1.2 §11.11 (and the comment in
 * ffa/desc.h), one line per field; they are never produced by the encoder
 * under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ffa/desc.h"
#include "ffa/ffa.h"

/*
 * v1.0 FFA_MEM_SHARE from VM 1 to SP 0x8001, normal WB inner shareable,
 * RW, two constituents (1 + 2 pages). 96 bytes.
 */
static const uint8_t v10[] = {
	/* @0 header (32 bytes) */
	0x01, 0x00,				/* sender 0x0001 */
	0x2f,					/* attributes: WB IS */
	0x00,					/* reserved */
	0x00, 0x00, 0x00, 0x00,			/* flags */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* handle */
	0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, /* tag */
	0x00, 0x00, 0x00, 0x00,			/* reserved */
	0x01, 0x00, 0x00, 0x00,			/* receiver count 1 */
	/* @32 EMAD 0 */
	0x01, 0x80,				/* receiver 0x8001 */
	0x02,					/* perm: RW */
	0x00,					/* flags */
	0x30, 0x00, 0x00, 0x00,			/* composite offset 48 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* reserved */
	/* @48 composite */
	0x03, 0x00, 0x00, 0x00,			/* total pages 3 */
	0x02, 0x00, 0x00, 0x00,			/* constituent count 2 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* reserved */
	/* @64 constituent 0 */
	0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, /* 0x80000000 */
	0x01, 0x00, 0x00, 0x00,			/* 1 page */
	0x00, 0x00, 0x00, 0x00,			/* reserved */
	/* @80 constituent 1 */
	0x00, 0x20, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, /* 0x80002000 */
	0x02, 0x00, 0x00, 0x00,			/* 2 pages */
	0x00, 0x00, 0x00, 0x00,			/* reserved */
};

/*
 * v1.1 FFA_MEM_LEND (type bits and zero flag set) from VM 2 to 0x8001 (RW)
 * and 0x8002 (RO), one constituent of 4 pages above 4 GiB. 112 bytes.
 */
static const uint8_t v11[] = {
	/* @0 header (48 bytes) */
	0x02, 0x00,				/* sender 0x0002 */
	0x2f, 0x00,				/* attributes (u16) */
	0x11, 0x00, 0x00, 0x00,			/* flags: zero, lend */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* handle */
	0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* tag 5 */
	0x10, 0x00, 0x00, 0x00,			/* EMAD size 16 */
	0x02, 0x00, 0x00, 0x00,			/* receiver count 2 */
	0x30, 0x00, 0x00, 0x00,			/* EMAD offset 48 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* reserved (12) */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* @48 EMAD 0 */
	0x01, 0x80, 0x02, 0x00,			/* 0x8001, RW, flags 0 */
	0x50, 0x00, 0x00, 0x00,			/* composite offset 80 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* reserved */
	/* @64 EMAD 1 */
	0x02, 0x80, 0x01, 0x00,			/* 0x8002, RO, flags 0 */
	0x50, 0x00, 0x00, 0x00,			/* composite offset 80 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* reserved */
	/* @80 composite */
	0x04, 0x00, 0x00, 0x00,			/* total pages 4 */
	0x01, 0x00, 0x00, 0x00,			/* constituent count 1 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* reserved */
	/* @96 constituent 0 */
	0x00, 0x60, 0x45, 0x23, 0x01, 0x00, 0x00, 0x00, /* 0x123456000 */
	0x04, 0x00, 0x00, 0x00,			/* 4 pages */
	0x00, 0x00, 0x00, 0x00,			/* reserved */
};

/*
 * v1.2 FFA_MEM_SHARE from VM 1 to 0x8001, RW, with a non-zero
 * implementation-defined EMAD value, one page at 0x40000000. 112 bytes.
 * The 32-byte EMAD as DEN0077 v1.2 Table 11.16 "Endpoint memory access
 * descriptor" lays it out (and Linux's struct ffa_mem_region_attributes):
 * permissions descriptor @0, composite offset @4, implementation-defined
 * value (16 bytes) @8, reserved (MBZ, 8 bytes) @24.
 */
static const uint8_t v12[] = {
	/* @0 header (48 bytes) */
	0x01, 0x00,				/* sender 0x0001 */
	0x2f, 0x00,				/* attributes (u16) */
	0x00, 0x00, 0x00, 0x00,			/* flags */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* handle */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* tag */
	0x20, 0x00, 0x00, 0x00,			/* EMAD size 32 */
	0x01, 0x00, 0x00, 0x00,			/* receiver count 1 */
	0x30, 0x00, 0x00, 0x00,			/* EMAD offset 48 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* reserved (12) */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* @48 EMAD 0 (32 bytes) */
	0x01, 0x80, 0x02, 0x00,			/* 0x8001, RW, flags 0 */
	0x50, 0x00, 0x00, 0x00,			/* composite offset 80 */
	0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, /* @56 impdef[0] */
	0x10, 0x00, 0xf0, 0xe0, 0xd0, 0xc0, 0xb0, 0xa0, /* @64 impdef[1] */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* @72 reserved */
	/* @80 composite */
	0x01, 0x00, 0x00, 0x00,			/* total pages 1 */
	0x01, 0x00, 0x00, 0x00,			/* constituent count 1 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* reserved */
	/* @96 constituent 0 */
	0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, /* 0x40000000 */
	0x01, 0x00, 0x00, 0x00,			/* 1 page */
	0x00, 0x00, 0x00, 0x00,			/* reserved */
};

/* Relinquish: handle 0x1000000000002, flags 1, endpoints 0x8001, 0x8002. */
static const uint8_t relq[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, /* handle */
	0x01, 0x00, 0x00, 0x00,			/* flags: zero */
	0x02, 0x00, 0x00, 0x00,			/* endpoint count 2 */
	0x01, 0x80, 0x02, 0x80,			/* 0x8001, 0x8002 */
};

/* ---- helpers ---- */

static const struct ffa_desc_issue *
find_issue(const struct ffa_desc_report *rep, const char *field)
{
	for (unsigned int i = 0; i < rep->count; i++)
		if (strcmp(rep->issue[i].field, field) == 0)
			return &rep->issue[i];
	return NULL;
}

/* Asserts an issue on @field at @off with status @err is in @rep. */
static void expect_issue(const struct ffa_desc_report *rep, const char *field,
			 uint32_t off, int32_t err)
{
	const struct ffa_desc_issue *is = find_issue(rep, field);

	if (!is)
		fail_msg("no issue on field \"%s\" (%u issues)", field,
			 rep->count);
	assert_int_equal(is->offset, off);
	assert_int_equal(is->ffa_error, err);
	assert_non_null(is->problem);
}

/* Copies @v into a buffer of exactly @len bytes so overreads are caught. */
static uint8_t *exact(const uint8_t *v, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, v, len);
	return p;
}

static int decode_copy(const uint8_t *v, size_t len, uint32_t version,
		       struct ffa_mem_region *r, struct ffa_desc_report *rep)
{
	uint8_t *p = exact(v, len);
	int ret;

	memset(rep, 0, sizeof(*rep));
	ret = ffa_desc_decode(p, len, version, r, rep);
	free(p);
	return ret;
}

/* The region v10 describes, for the encoder. */
static void region_v10(struct ffa_mem_region *r, struct ffa_constituent c[2])
{
	memset(r, 0, sizeof(*r));
	r->version = FFA_VERSION_1_0;
	r->sender = 1;
	r->attributes = 0x2f;
	r->tag = 0x1122334455667788ull;
	r->receiver_count = 1;
	r->receivers[0].receiver = 0x8001;
	r->receivers[0].perm = 0x02;
	c[0].address = 0x80000000ull;
	c[0].page_count = 1;
	c[1].address = 0x80002000ull;
	c[1].page_count = 2;
}

/* ---- encode ---- */

static void test_encode_v1_0(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	uint8_t buf[256];

	(void)state;
	region_v10(&r, c);
	memset(buf, 0xAA, sizeof(buf));
	assert_int_equal(ffa_desc_encode(&r, c, 2, buf, sizeof(buf)),
			 sizeof(v10));
	assert_memory_equal(buf, v10, sizeof(v10));
	assert_int_equal(buf[sizeof(v10)], 0xAA); /* nothing past the end */
}

static void test_encode_v1_1(void **state)
{
	struct ffa_mem_region r = {
		.version = FFA_VERSION_1_1, .sender = 2, .attributes = 0x2f,
		.flags = 0x11, .tag = 5, .receiver_count = 2,
		.receivers = { { .receiver = 0x8001, .perm = 0x02 },
			       { .receiver = 0x8002, .perm = 0x01 } },
	};
	struct ffa_constituent c = { 0x123456000ull, 4 };
	uint8_t buf[256];

	(void)state;
	memset(buf, 0xAA, sizeof(buf));
	assert_int_equal(ffa_desc_encode(&r, &c, 1, buf, sizeof(buf)),
			 sizeof(v11));
	assert_memory_equal(buf, v11, sizeof(v11));
}

static void test_encode_v1_2(void **state)
{
	struct ffa_mem_region r = {
		.version = FFA_VERSION_1_2, .sender = 1, .attributes = 0x2f,
		.receiver_count = 1,
		.receivers = { { .receiver = 0x8001, .perm = 0x02,
				 .impdef = { 0x0102030405060708ull,
					     0xa0b0c0d0e0f00010ull } } },
	};
	struct ffa_constituent c = { 0x40000000ull, 1 };
	uint8_t buf[256];

	(void)state;
	memset(buf, 0xAA, sizeof(buf));
	assert_int_equal(ffa_desc_size(&(struct ffa_mem_region){
				 .version = FFA_VERSION_1_2,
				 .receiver_count = 1,
				 .constituent_count = 1 }),
			 sizeof(v12));
	assert_int_equal(ffa_desc_encode(&r, &c, 1, buf, sizeof(buf)),
			 sizeof(v12));
	assert_memory_equal(buf, v12, sizeof(v12));
}

static void test_encode_limits(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	uint8_t buf[256];

	(void)state;
	region_v10(&r, c);
	/* One byte short of the 96 needed. */
	assert_int_equal(ffa_desc_encode(&r, c, 2, buf, sizeof(v10) - 1), 0);
	assert_int_equal(ffa_desc_encode(&r, c, 2, buf, sizeof(v10)),
			 sizeof(v10));
	r.constituent_count = 2;
	assert_int_equal(ffa_desc_size(&r), sizeof(v10));
	r.version = FFA_VERSION_MAKE(2, 0);
	assert_int_equal(ffa_desc_size(&r), 0);
	assert_int_equal(ffa_desc_encode(&r, c, 2, buf, sizeof(buf)), 0);
	r.version = FFA_VERSION_1_0;
	r.receiver_count = FFA_DESC_MAX_RECEIVERS + 1;
	assert_int_equal(ffa_desc_size(&r), 0);
	assert_int_equal(ffa_desc_encode(&r, c, 2, buf, sizeof(buf)), 0);
}

/* Caller-set totals are written as given, making inconsistent descriptors. */
static void test_encode_caller_totals(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	uint8_t buf[256];

	(void)state;
	region_v10(&r, c);
	r.total_pages = 7;
	r.constituent_count = 9;
	assert_int_equal(ffa_desc_encode(&r, c, 2, buf, sizeof(buf)),
			 sizeof(v10));
	assert_memory_equal(buf + 48, "\x07\0\0\0\x09\0\0\0", 8);
	assert_memory_equal(buf + 64, v10 + 64, 32);
}

/* ---- decode: good descriptors ---- */

static void test_decode_v1_0(void **state)
{
	struct ffa_mem_region r;
	struct ffa_desc_report rep;
	struct ffa_constituent c;

	(void)state;
	assert_int_equal(decode_copy(v10, sizeof(v10), FFA_VERSION_1_0, &r,
				     &rep), 0);
	assert_int_equal(rep.count, 0);
	assert_int_equal(r.sender, 1);
	assert_int_equal(r.attributes, 0x2f);
	assert_int_equal(r.flags, 0);
	assert_true(r.tag == 0x1122334455667788ull);
	assert_int_equal(r.emad_size, 16);
	assert_int_equal(r.emad_off, 32);
	assert_int_equal(r.receiver_count, 1);
	assert_int_equal(r.receivers[0].receiver, 0x8001);
	assert_int_equal(r.receivers[0].perm, 2);
	assert_int_equal(r.receivers[0].composite_off, 48);
	assert_int_equal(r.composite_off, 48);
	assert_int_equal(r.total_pages, 3);
	assert_int_equal(r.constituent_count, 2);
	assert_int_equal(r.constituents_off, 64);
	assert_int_equal(ffa_desc_constituent(v10, sizeof(v10), &r, 1, &c), 0);
	assert_true(c.address == 0x80002000ull);
	assert_int_equal(c.page_count, 2);
}

static void test_decode_v1_1(void **state)
{
	struct ffa_mem_region r;
	struct ffa_desc_report rep;
	struct ffa_constituent c;

	(void)state;
	/* version 0: guessed from the bytes */
	assert_int_equal(decode_copy(v11, sizeof(v11), 0, &r, &rep), 0);
	assert_int_equal(rep.count, 0);
	assert_int_equal(r.version, FFA_VERSION_1_1);
	assert_int_equal(r.sender, 2);
	assert_int_equal(r.flags, 0x11);
	assert_true(r.tag == 5);
	assert_int_equal(r.emad_size, 16);
	assert_int_equal(r.emad_off, 48);
	assert_int_equal(r.receiver_count, 2);
	assert_int_equal(r.receivers[1].receiver, 0x8002);
	assert_int_equal(r.receivers[1].perm, 1);
	assert_int_equal(r.receivers[1].composite_off, 80);
	assert_int_equal(r.total_pages, 4);
	assert_int_equal(r.constituent_count, 1);
	assert_int_equal(r.constituents_off, 96);
	assert_int_equal(ffa_desc_constituent(v11, sizeof(v11), &r, 0, &c), 0);
	assert_true(c.address == 0x123456000ull);
	assert_int_equal(c.page_count, 4);
}

static void test_decode_v1_2(void **state)
{
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	assert_int_equal(decode_copy(v12, sizeof(v12), 0, &r, &rep), 0);
	assert_int_equal(rep.count, 0);
	assert_int_equal(r.version, FFA_VERSION_1_2);
	assert_int_equal(r.emad_size, 32);
	assert_int_equal(r.receivers[0].perm, 0x02);
	assert_true(r.receivers[0].impdef[0] == 0x0102030405060708ull);
	assert_true(r.receivers[0].impdef[1] == 0xa0b0c0d0e0f00010ull);
	assert_int_equal(r.composite_off, 80);
	assert_int_equal(r.total_pages, 1);
	/* A 32-byte EMAD is accepted even when the caller says v1.1. */
	assert_int_equal(decode_copy(v12, sizeof(v12), FFA_VERSION_1_1, &r,
				     &rep), 0);
	assert_int_equal(r.emad_size, 32);
}

static void test_guess_version(void **state)
{
	uint8_t b[112];

	(void)state;
	assert_int_equal(ffa_desc_guess_version(v10, sizeof(v10)),
			 FFA_VERSION_1_0);
	assert_int_equal(ffa_desc_guess_version(v11, sizeof(v11)),
			 FFA_VERSION_1_1);
	assert_int_equal(ffa_desc_guess_version(v12, sizeof(v12)),
			 FFA_VERSION_1_2);
	assert_int_equal(ffa_desc_guess_version(v11, 47), FFA_VERSION_1_0);
	memcpy(b, v11, sizeof(v11));
	b[24] = 24; /* EMAD size neither 16 nor 32 */
	assert_int_equal(ffa_desc_guess_version(b, sizeof(b)),
			 FFA_VERSION_1_0);
	memcpy(b, v11, sizeof(v11));
	b[32] = 0x38; /* EMAD offset 56: not 16-byte aligned */
	assert_int_equal(ffa_desc_guess_version(b, sizeof(b)),
			 FFA_VERSION_1_0);
	memcpy(b, v11, sizeof(v11));
	b[32] = 0x20; /* EMAD offset 32: inside the 48-byte header */
	assert_int_equal(ffa_desc_guess_version(b, sizeof(b)),
			 FFA_VERSION_1_0);
	memcpy(b, v11, sizeof(v11));
	b[32] = 0x80; /* EMAD offset 128: past the 112 bytes */
	assert_int_equal(ffa_desc_guess_version(b, sizeof(b)),
			 FFA_VERSION_1_0);
}

/*
 * @v (a v1.1+ vector with its EMADs at 48) with 16 bytes of padding after
 * the header: EMADs at 64, composite offsets moved along. Returns the length.
 */
static size_t gap_after_header(const uint8_t *v, size_t len, uint8_t *out)
{
	uint32_t esz = ffa_le32(v + 24), n = ffa_le32(v + 28), i;

	memcpy(out, v, 48);
	memset(out + 48, 0, 16);
	memcpy(out + 64, v + 48, len - 48);
	ffa_put32(out + 32, 64);
	for (i = 0; i < n; i++)
		ffa_put32(out + 64 + i * esz + 4,
			  ffa_le32(out + 64 + i * esz + 4) + 16);
	return len + 16;
}

/*
 * DEN0077 v1.1 Table 10.20: the EMAD array starts at the header's own
 * 16-byte aligned offset, not necessarily right after the 48-byte header.
 */
static void test_guess_version_emad_gap(void **state)
{
	uint8_t b[sizeof(v12) + 16];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;
	struct ffa_constituent c;
	size_t len;

	(void)state;
	len = gap_after_header(v11, sizeof(v11), b);
	assert_int_equal(ffa_desc_guess_version(b, len), FFA_VERSION_1_1);
	assert_int_equal(decode_copy(b, len, 0, &r, &rep), 0);
	assert_int_equal(rep.count, 0);
	assert_int_equal(r.emad_off, 64);
	assert_int_equal(r.receivers[1].receiver, 0x8002);
	assert_int_equal(r.constituents_off, 112);
	assert_int_equal(ffa_desc_constituent(b, len, &r, 0, &c), 0);
	assert_true(c.address == 0x123456000ull);

	len = gap_after_header(v12, sizeof(v12), b);
	assert_int_equal(ffa_desc_guess_version(b, len), FFA_VERSION_1_2);
	assert_int_equal(decode_copy(b, len, 0, &r, &rep), 0);
	assert_true(r.receivers[0].impdef[0] == 0x0102030405060708ull);
	/* Cut where the EMADs begin: still v1.2; before that: not. */
	assert_int_equal(ffa_desc_guess_version(b, 64), FFA_VERSION_1_2);
	assert_int_equal(ffa_desc_guess_version(b, 63), FFA_VERSION_1_0);
}

/*
 * A v1.0 header is never taken for v1.1: its word at 24 is reserved, zero,
 * even when its emad[0] (receiver, permissions, flags at 32..35) reads as
 * an aligned EMAD offset within the buffer.
 */
static void test_guess_version_keeps_v1_0(void **state)
{
	uint8_t b[sizeof(v10)];

	(void)state;
	memcpy(b, v10, sizeof(b));
	b[32] = 0x40; /* receiver 0x0040, */
	b[33] = 0x00;
	b[34] = 0x00; /* permissions not specified (a donate): u32 @32 = 64 */
	assert_int_equal(ffa_desc_guess_version(b, sizeof(b)),
			 FFA_VERSION_1_0);
	b[32] = 0x30; /* 48, the v1.1 offset itself */
	assert_int_equal(ffa_desc_guess_version(b, sizeof(b)),
			 FFA_VERSION_1_0);
}

/* ---- decode: truncation ---- */

static void test_decode_truncated_header(void **state)
{
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	assert_int_equal(decode_copy(v10, 31, FFA_VERSION_1_0, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "header", 31, FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);
	assert_int_equal(decode_copy(v11, 47, FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "header", 47, FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(decode_copy(v11, 0, FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "header", 0, FFA_RET_INVALID_PARAMETERS);
}

static void test_decode_truncated_emads(void **state)
{
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	/* Cut right after the header: not even emad[0]. */
	assert_int_equal(decode_copy(v11, 48, FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[0]", 48, FFA_RET_INVALID_PARAMETERS);
	/* Cut inside emad[1] (48 + 16 + 15). */
	assert_int_equal(decode_copy(v11, 79, FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[1]", 64, FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.issue[0].offset, 64);
	/* v1.0 cut inside emad[0]. */
	assert_int_equal(decode_copy(v10, 40, FFA_VERSION_1_0, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[0]", 32, FFA_RET_INVALID_PARAMETERS);
}

static void test_decode_truncated_composite(void **state)
{
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	/* All EMADs there, composite (at 80) cut at 95. */
	assert_int_equal(decode_copy(v11, 95, FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[0].composite_off", 52,
		     FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);
}

static void test_decode_truncated_constituents(void **state)
{
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	/* Second constituent (80..95) cut short. */
	assert_int_equal(decode_copy(v10, 90, FFA_VERSION_1_0, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "composite.constituent_count", 52,
		     FFA_RET_INVALID_PARAMETERS);
	/* The partial sum is not compared with total_pages. */
	assert_null(find_issue(&rep, "composite.total_pages"));
	assert_int_equal(rep.count, 1);
}

/* Every prefix of a valid descriptor fails cleanly without overreading. */
static void test_decode_every_truncation(void **state)
{
	static const struct {
		const uint8_t *v;
		size_t len;
	} vec[] = { { v10, sizeof(v10) }, { v11, sizeof(v11) },
		    { v12, sizeof(v12) } };
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	for (size_t k = 0; k < 3; k++) {
		uint32_t ver = ffa_desc_guess_version(vec[k].v, vec[k].len);

		for (size_t len = 0; len < vec[k].len; len++) {
			int ret = decode_copy(vec[k].v, len, ver, &r, &rep);

			if (ret != FFA_RET_INVALID_PARAMETERS)
				fail_msg("vector %zu len %zu: %d", k, len, ret);
			assert_true(rep.count >= 1);
			assert_true(rep.issue[0].offset <= len);
			/* And with no report at all. */
			uint8_t *p = exact(vec[k].v, len);

			assert_int_equal(ffa_desc_decode(p, len, 0, NULL, NULL),
					 FFA_RET_INVALID_PARAMETERS);
			free(p);
		}
		assert_int_equal(decode_copy(vec[k].v, vec[k].len, ver, &r,
					     &rep), 0);
	}
}

/* ---- decode: header fields ---- */

static void test_decode_bad_emad_size(void **state)
{
	uint8_t b[sizeof(v11)];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	memcpy(b, v11, sizeof(b));
	b[24] = 24;
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad_size", 24, FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1); /* EMADs not walked with a bad size */
	b[24] = 0;
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad_size", 24, FFA_RET_INVALID_PARAMETERS);
}

static void test_decode_bad_emad_off(void **state)
{
	uint8_t b[sizeof(v11)];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	memcpy(b, v11, sizeof(b));
	b[32] = 32; /* into the header */
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad_off", 32, FFA_RET_INVALID_PARAMETERS);

	memcpy(b, v11, sizeof(b));
	b[32] = 56; /* past the header but not 16-byte aligned */
	decode_copy(b, sizeof(b), FFA_VERSION_1_1, &r, &rep);
	expect_issue(&rep, "emad_off", 32, FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "EMAD offset not 16-byte aligned");

	memcpy(b, v11, sizeof(b));
	b[32] = 128; /* aligned, 16 bytes past the end */
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad_off", 32, FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);

	memcpy(b, v11, sizeof(b));
	b[32] = 0xf0; /* 0xfffffff0: past the end, wraps in 32 bits */
	b[33] = b[34] = b[35] = 0xff;
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad_off", 32, FFA_RET_INVALID_PARAMETERS);
}

static void test_decode_receiver_count(void **state)
{
	uint8_t b[sizeof(v11)];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	memcpy(b, v11, sizeof(b));
	b[28] = 0;
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "receiver_count", 28, FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);

	b[28] = 17; /* above FFA_DESC_MAX_RECEIVERS, and past the end */
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "receiver_count", 28, FFA_RET_INVALID_PARAMETERS);
	/* (112 - 48) / 16 = 4 EMADs fit: emad[4] at 112 is the first out. */
	expect_issue(&rep, "emad[4]", 112, FFA_RET_INVALID_PARAMETERS);
}

/* 0x10000000 * 16 == 2^32: wraps to 0 in 32-bit arithmetic. */
static void test_decode_receiver_count_overflow(void **state)
{
	uint8_t b[sizeof(v11)];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	memcpy(b, v11, sizeof(b));
	b[28] = 0; b[29] = 0; b[30] = 0; b[31] = 0x10;
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[4]", 112, FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(r.receiver_count, 0x10000000u);
}

static void test_decode_header_reserved(void **state)
{
	uint8_t b0[sizeof(v10)], b1[sizeof(v11)];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	memcpy(b0, v10, sizeof(b0));
	b0[3] = 1;
	b0[26] = 1;
	assert_int_equal(decode_copy(b0, sizeof(b0), FFA_VERSION_1_0, &r,
				     &rep), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 2);
	assert_string_equal(rep.issue[0].field, "header.reserved");
	assert_int_equal(rep.issue[0].offset, 3);
	assert_string_equal(rep.issue[1].field, "header.reserved");
	assert_int_equal(rep.issue[1].offset, 24);

	memcpy(b1, v11, sizeof(b1));
	b1[47] = 0x80;
	assert_int_equal(decode_copy(b1, sizeof(b1), FFA_VERSION_1_1, &r,
				     &rep), FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "header.reserved", 36, FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);
}

/* ---- decode: EMADs and composite ---- */

static void test_decode_emad_reserved(void **state)
{
	uint8_t b[sizeof(v11)];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	memcpy(b, v11, sizeof(b));
	b[64 + 15] = 1; /* last byte of emad[1].reserved */
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[1].reserved", 72, FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);
}

/*
 * v1.2 EMAD: the implementation-defined value (@8..23) may be anything, the
 * reserved field (@24..31) must be zero (DEN0077 v1.2 Table 11.16).
 */
static void test_decode_v1_2_emad_reserved(void **state)
{
	uint8_t b[sizeof(v12)];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	memcpy(b, v12, sizeof(b));
	b[48 + 24] = 1; /* first byte of emad[0].reserved */
	assert_int_equal(decode_copy(b, sizeof(b), 0, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[0].reserved", 72, FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);
	memcpy(b, v12, sizeof(b));
	b[48 + 31] = 0x80; /* last byte of emad[0].reserved */
	assert_int_equal(decode_copy(b, sizeof(b), 0, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[0].reserved", 72, FFA_RET_INVALID_PARAMETERS);

	/* Every byte of the implementation-defined value is free. */
	memcpy(b, v12, sizeof(b));
	memset(b + 48 + 8, 0xff, 16);
	assert_int_equal(decode_copy(b, sizeof(b), 0, &r, &rep), 0);
	assert_int_equal(rep.count, 0);
	assert_true(r.receivers[0].impdef[0] == UINT64_MAX);
	assert_true(r.receivers[0].impdef[1] == UINT64_MAX);
}

static void test_decode_composite_mismatch(void **state)
{
	uint8_t b[sizeof(v11)];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	memcpy(b, v11, sizeof(b));
	b[68] = 0x60; /* emad[1] points at 96 instead of 80 */
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[1].composite_off", 68,
		     FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);
	assert_int_equal(r.composite_off, 80); /* emad[0]'s is used */
}

static void test_decode_composite_off_bad(void **state)
{
	uint8_t b[sizeof(v10)];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	/* 0xfffffff8 + 16 wraps to 8 in 32 bits. */
	memcpy(b, v10, sizeof(b));
	b[36] = 0xf8; b[37] = 0xff; b[38] = 0xff; b[39] = 0xff;
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_0, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[0].composite_off", 36,
		     FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);

	/* 52: in range but not 8-byte aligned. */
	memcpy(b, v10, sizeof(b));
	b[36] = 52;
	decode_copy(b, sizeof(b), FFA_VERSION_1_0, &r, &rep);
	expect_issue(&rep, "emad[0].composite_off", 36,
		     FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "composite not 8-byte aligned");

	/* 32: on top of the EMAD. */
	memcpy(b, v10, sizeof(b));
	b[36] = 32;
	decode_copy(b, sizeof(b), FFA_VERSION_1_0, &r, &rep);
	expect_issue(&rep, "emad[0].composite_off", 36,
		     FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "composite overlaps the header or the EMADs");
}

/* 0x10000000 constituents * 16 == 2^32: wraps to 0 in 32 bits. */
static void test_decode_constituent_count_overflow(void **state)
{
	uint8_t b[sizeof(v11)];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;
	struct ffa_constituent c;

	(void)state;
	memcpy(b, v11, sizeof(b));
	b[84] = 0; b[85] = 0; b[86] = 0; b[87] = 0x10;
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "composite.constituent_count", 84,
		     FFA_RET_INVALID_PARAMETERS);
	/* The accessor stays inside the buffer too. */
	assert_int_equal(ffa_desc_constituent(b, sizeof(b), &r, 0, &c), 0);
	assert_int_equal(ffa_desc_constituent(b, sizeof(b), &r, 1, &c), -1);
	assert_int_equal(ffa_desc_constituent(b, sizeof(b), &r, 0x0fffffff,
					      &c), -1);
}

static void test_decode_composite_reserved(void **state)
{
	uint8_t b[sizeof(v11)];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	memcpy(b, v11, sizeof(b));
	b[88] = 1;
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "composite.reserved", 88,
		     FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);
}

static void test_decode_constituent_reserved(void **state)
{
	uint8_t b[sizeof(v10)];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	memcpy(b, v10, sizeof(b));
	b[95] = 0x40; /* constituent[1].reserved, bytes 92..95 */
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_0, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "constituent[1].reserved", 92,
		     FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);
}

static void test_decode_total_pages(void **state)
{
	uint8_t b[sizeof(v10)];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	memcpy(b, v10, sizeof(b));
	b[48] = 4; /* constituents say 1 + 2 */
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_0, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "composite.total_pages", 48,
		     FFA_RET_INVALID_PARAMETERS);

	/* 0xffffffff + 2 overflows u32; total 1 matches the wrapped sum. */
	memcpy(b, v10, sizeof(b));
	b[48] = 1;
	b[72] = b[73] = b[74] = b[75] = 0xff;
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_0, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "composite.total_pages", 48,
		     FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "constituent page counts overflow 32 bits");
}

/* Several problems are all reported, in descriptor order. */
static void test_decode_reports_all(void **state)
{
	uint8_t b[sizeof(v11)];
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	memcpy(b, v11, sizeof(b));
	b[40] = 1;		/* header.reserved */
	b[56] = 1;		/* emad[0].reserved */
	b[68] = 0x60;		/* emad[1].composite_off */
	b[80] = 9;		/* composite.total_pages */
	b[108] = 1;		/* constituent[0].reserved */
	assert_int_equal(decode_copy(b, sizeof(b), FFA_VERSION_1_1, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 5);
	assert_int_equal(rep.dropped, 0);
	assert_string_equal(rep.issue[0].field, "header.reserved");
	assert_string_equal(rep.issue[1].field, "emad[0].reserved");
	assert_string_equal(rep.issue[2].field, "emad[1].composite_off");
	assert_string_equal(rep.issue[3].field, "constituent[0].reserved");
	assert_string_equal(rep.issue[4].field, "composite.total_pages");
}

/* 40 constituents with reserved set: 32 recorded, 8 dropped. */
static void test_decode_report_dropped(void **state)
{
	enum { N = 40, LEN = 32 + 16 + 16 + N * 16 };
	uint8_t *b = calloc(1, LEN);
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	assert_non_null(b);
	memcpy(b, v10, 48);
	b[48] = N;		/* total pages */
	b[52] = N;		/* constituent count */
	for (int i = 0; i < N; i++) {
		uint8_t *q = b + 64 + 16 * i;

		q[1] = (uint8_t)(i << 4); /* address i * 4 KiB */
		q[8] = 1;		/* 1 page */
		q[12] = 1;		/* reserved */
	}
	assert_int_equal(decode_copy(b, LEN, FFA_VERSION_1_0, &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, FFA_DESC_MAX_ISSUES);
	assert_int_equal(rep.dropped, N - FFA_DESC_MAX_ISSUES);
	expect_issue(&rep, "constituent[31].reserved", 64 + 31 * 16 + 12,
		     FFA_RET_INVALID_PARAMETERS);
	assert_null(find_issue(&rep, "constituent[32].reserved"));
	free(b);
}

static void test_decode_unknown_version(void **state)
{
	struct ffa_mem_region r;
	struct ffa_desc_report rep;

	(void)state;
	assert_int_equal(decode_copy(v11, sizeof(v11), FFA_VERSION_MAKE(2, 0),
				     &r, &rep), FFA_RET_NOT_SUPPORTED);
	expect_issue(&rep, "version", 0, FFA_RET_NOT_SUPPORTED);
}

static void test_constituent_bounds(void **state)
{
	struct ffa_mem_region r;
	struct ffa_desc_report rep;
	struct ffa_constituent c;

	(void)state;
	assert_int_equal(decode_copy(v10, sizeof(v10), FFA_VERSION_1_0, &r,
				     &rep), 0);
	assert_int_equal(ffa_desc_constituent(v10, sizeof(v10), &r, 2, &c),
			 -1);
	/* Region says 2, buffer holds 1.5. */
	assert_int_equal(ffa_desc_constituent(v10, 90, &r, 1, &c), -1);
	assert_int_equal(ffa_desc_constituent(v10, 90, &r, 0, &c), 0);
	assert_true(c.address == 0x80000000ull);
}

static void test_report_add(void **state)
{
	struct ffa_desc_report rep;
	char longname[64];

	(void)state;
	memset(&rep, 0, sizeof(rep));
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ffa_desc_report_add(&rep, 7, longname, "p", -2);
	assert_int_equal(rep.count, 1);
	assert_int_equal(strlen(rep.issue[0].field), FFA_DESC_FIELD_LEN - 1);
	for (unsigned int i = 1; i < FFA_DESC_MAX_ISSUES + 3; i++)
		ffa_desc_report_add(&rep, i, "f", "p", -2);
	assert_int_equal(rep.count, FFA_DESC_MAX_ISSUES);
	assert_int_equal(rep.dropped, 3);
	ffa_desc_report_add(NULL, 0, "f", "p", -2); /* no crash */
}

/* ---- ffa_desc_check ---- */

/*
 * Encodes @r (a valid base tweaked by each test), decodes it and runs the
 * checks. The region given to the check is the decoded one.
 */
static int check(const struct ffa_mem_region *r,
		 const struct ffa_constituent *c, uint32_t n, uint32_t fn,
		 uint16_t caller, struct ffa_desc_report *rep)
{
	uint8_t buf[1024];
	struct ffa_mem_region d;
	size_t len = ffa_desc_encode(r, c, n, buf, sizeof(buf));

	assert_true(len > 0);
	memset(rep, 0, sizeof(*rep));
	ffa_desc_decode(buf, len, r->version, &d, NULL);
	return ffa_desc_check(buf, len, &d, fn, caller, rep);
}

/* v1.1 share from 1 to 0x8001, RW, normal WB inner, 2 + 1 pages. */
static void base(struct ffa_mem_region *r, struct ffa_constituent c[2])
{
	memset(r, 0, sizeof(*r));
	r->version = FFA_VERSION_1_1;
	r->sender = 1;
	r->attributes = FFA_ATTR_NORMAL_WB_INNER;
	r->receiver_count = 1;
	r->receivers[0].receiver = 0x8001;
	r->receivers[0].perm = FFA_PERM_RW;
	c[0].address = 0x80000000ull;
	c[0].page_count = 2;
	c[1].address = 0x90000000ull;
	c[1].page_count = 1;
}

/*
 * base() as the usage rules want it for @fn (DEN0077 v1.1 §10.10,
 * "Memory region properties"): a lend to one borrower and a donate leave
 * the memory type unspecified, a donate the access permissions too.
 */
static void base_for(struct ffa_mem_region *r, struct ffa_constituent c[2],
		     uint32_t fn)
{
	base(r, c);
	if (fn != FFA_MEM_SHARE)
		r->attributes = 0;
	if (fn == FFA_MEM_DONATE)
		r->receivers[0].perm = 0;
}

/* Appends receiver @id with @perm to @r. */
static void add_receiver(struct ffa_mem_region *r, uint16_t id, uint8_t perm)
{
	r->receivers[r->receiver_count].receiver = id;
	r->receivers[r->receiver_count].perm = perm;
	r->receiver_count++;
}

static void test_check_valid(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;
	static const uint32_t fns[] = { FFA_MEM_SHARE, FFA_MEM_LEND,
					FFA_MEM_DONATE };

	(void)state;
	for (int i = 0; i < 3; i++) {
		base_for(&r, c, fns[i]);
		assert_int_equal(check(&r, c, 2, fns[i], 1, &rep), 0);
		assert_int_equal(rep.count, 0);
		/* Full SMC64 function IDs are accepted as well. */
		assert_int_equal(check(&r, c, 2, FFA_FN_SMC64(fns[i]), 1,
				       &rep), 0);
	}
	/* A lend to several borrowers is shaped like a share. */
	base(&r, c);
	add_receiver(&r, 0x8002, FFA_PERM_RO);
	assert_int_equal(check(&r, c, 2, FFA_MEM_LEND, 1, &rep), 0);
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep), 0);
	/* The v1.0 vector passes as a share from VM 1. */
	struct ffa_mem_region d;

	assert_int_equal(ffa_desc_decode(v10, sizeof(v10), 0, &d, NULL), 0);
	assert_int_equal(ffa_desc_check(v10, sizeof(v10), &d, FFA_MEM_SHARE, 1,
					&rep), 0);
}

static void test_check_sender(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;

	(void)state;
	base(&r, c);
	/* DENIED, as ACS, Hafnium and TF-A (secure sender) answer. */
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 2, &rep),
			 FFA_RET_DENIED);
	expect_issue(&rep, "sender", 0, FFA_RET_DENIED);
	assert_int_equal(rep.count, 1);
}

static void test_check_receivers(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;

	(void)state;
	base(&r, c);
	r.receivers[0].receiver = 1; /* the sender itself */
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[0].receiver", 48, FFA_RET_INVALID_PARAMETERS);

	base(&r, c);
	r.receiver_count = 3;
	r.receivers[1] = r.receivers[0];
	r.receivers[1].receiver = 0x8002;
	r.receivers[2] = r.receivers[0]; /* 0x8001 again */
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[2].receiver", 48 + 2 * 16,
		     FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);
}

static void test_check_donate_one_receiver(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;

	(void)state;
	base(&r, c);
	r.receiver_count = 2;
	r.receivers[1] = r.receivers[0];
	r.receivers[1].receiver = 0x8002;
	assert_int_equal(check(&r, c, 2, FFA_MEM_LEND, 1, &rep), 0);
	assert_int_equal(check(&r, c, 2, FFA_MEM_DONATE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "receiver_count", 28, FFA_RET_INVALID_PARAMETERS);
}

static void test_check_attr_ns_and_reserved(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;

	(void)state;
	base(&r, c);
	r.attributes |= FFA_ATTR_NS;
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "attributes", 2, FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);

	base(&r, c);
	r.attributes |= 0x100; /* v1.1 attributes are 16 bits */
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem, "reserved bits set");

	base(&r, c);
	r.attributes = 3u << FFA_ATTR_TYPE_SHIFT; /* reserved type */
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "attributes", 2, FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem, "reserved memory type");

	/* The NS bit is MBZ where the type must not be given, too. */
	base_for(&r, c, FFA_MEM_DONATE);
	r.attributes = FFA_ATTR_NS;
	assert_int_equal(check(&r, c, 2, FFA_MEM_DONATE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "NS bit set (MBZ for senders)");
	assert_int_equal(rep.count, 1);
}

/*
 * DEN0077 v1.1 §10.10.4 "Memory region attributes usage": the sender
 * specifies the attributes in a share and in a lend to several borrowers;
 * in a donate and in a lend to one borrower it must not (memory type
 * bits [5:4] b'00 when the receiver is a PE or proxy endpoint), else
 * INVALID_PARAMETERS. The ACS's lend_input_error_checks1 and
 * donate_input_error_checks expect exactly that.
 */
static void test_check_attr_type(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;

	(void)state;
	/* Not specified where it must be. */
	base(&r, c);
	r.attributes = 0;
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "attributes", 2, FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "memory type not specified on FFA_MEM_SHARE");
	add_receiver(&r, 0x8002, FFA_PERM_RW);
	assert_int_equal(check(&r, c, 2, FFA_MEM_LEND, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "memory type not specified on a lend to several "
			    "borrowers");
	assert_int_equal(rep.count, 1);

	/* Specified where it must not be: normal or device alike. */
	base_for(&r, c, FFA_MEM_LEND);
	r.attributes = FFA_ATTR_NORMAL_WB_INNER;
	assert_int_equal(check(&r, c, 2, FFA_MEM_LEND, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "attributes", 2, FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "memory type specified on a lend to one borrower");
	assert_int_equal(rep.count, 1);
	r.attributes = FFA_ATTR_TYPE_DEVICE;
	assert_int_equal(check(&r, c, 2, FFA_MEM_LEND, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	base_for(&r, c, FFA_MEM_DONATE);
	r.attributes = FFA_ATTR_TYPE_NORMAL;
	assert_int_equal(check(&r, c, 2, FFA_MEM_DONATE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "memory type specified on FFA_MEM_DONATE");
	assert_int_equal(rep.count, 1);

	/* Device memory: Hafnium's own rule, DENIED, where it may be named. */
	base(&r, c);
	r.attributes = FFA_ATTR_TYPE_DEVICE;
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_DENIED);
	expect_issue(&rep, "attributes", 2, FFA_RET_DENIED);
	add_receiver(&r, 0x8002, FFA_PERM_RW);
	assert_int_equal(check(&r, c, 2, FFA_MEM_LEND, 1, &rep),
			 FFA_RET_DENIED);
}

static void test_check_attr_cache_share(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;

	(void)state;
	base(&r, c);
	r.attributes = FFA_ATTR_TYPE_NORMAL | FFA_ATTR_SH_INNER; /* cache 0 */
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "reserved cacheability for normal memory");
	r.attributes = FFA_ATTR_TYPE_NORMAL | 2u << FFA_ATTR_CACHE_SHIFT |
		       FFA_ATTR_SH_INNER;
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	r.attributes = FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_NC |
		       FFA_ATTR_SH_OUTER;
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep), 0);
	r.attributes = FFA_ATTR_TYPE_NORMAL | FFA_ATTR_CACHE_WB | 1u;
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem, "reserved shareability");
}

/*
 * DEN0077 v1.1 §10.10.2 "Data access permissions usage": the lender
 * specifies the data access in a share or a lend (Hafnium: else
 * INVALID_PARAMETERS); the owner of a donate must not, else
 * INVALID_PARAMETERS (receiver a PE or proxy endpoint; ACS
 * donate_input_error_checks).
 */
static void test_check_data_access(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;

	(void)state;
	base(&r, c);
	r.receivers[0].perm = 0; /* data access not specified */
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[0].perm", 50, FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "data access not specified on FFA_MEM_SHARE");
	base_for(&r, c, FFA_MEM_LEND);
	r.receivers[0].perm = 0;
	assert_int_equal(check(&r, c, 2, FFA_MEM_LEND, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[0].perm", 50, FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "data access not specified on FFA_MEM_LEND");
	assert_int_equal(rep.count, 1);
	/* Each borrower of a lend to several. */
	base(&r, c);
	add_receiver(&r, 0x8002, 0);
	assert_int_equal(check(&r, c, 2, FFA_MEM_LEND, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[1].perm", 66, FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);

	base_for(&r, c, FFA_MEM_DONATE);
	assert_int_equal(check(&r, c, 2, FFA_MEM_DONATE, 1, &rep), 0);
	r.receivers[0].perm = FFA_PERM_RW;
	assert_int_equal(check(&r, c, 2, FFA_MEM_DONATE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[0].perm", 50, FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "data access specified on FFA_MEM_DONATE");
	assert_int_equal(rep.count, 1);
	r.receivers[0].perm = FFA_PERM_RO;
	assert_int_equal(check(&r, c, 2, FFA_MEM_DONATE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);

	base_for(&r, c, FFA_MEM_LEND);
	r.receivers[0].perm = 3; /* reserved */
	assert_int_equal(check(&r, c, 2, FFA_MEM_LEND, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "emad[0].perm", 50, FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem, "reserved data access value");
	assert_int_equal(rep.count, 1);
}

/*
 * DEN0077 v1.1 §10.10.3 "Instruction access permissions usage": in a share
 * and a lend to several borrowers only NX is used and the lender leaves
 * bits [3:2] b'00 (the relayer reports NX); in a donate and a lend to one
 * borrower the owner must not specify it, else INVALID_PARAMETERS. So a
 * sender never specifies it (Hafnium's ffa_memory_send_validate; ACS:
 * share with NX, lend to one with X, lend to two with NX, donate with X).
 */
static void test_check_instruction_access(void **state)
{
	static const uint8_t ins[] = { FFA_PERM_NX, FFA_PERM_X };
	static const struct {
		uint32_t fn, nrecv;
		const char *problem;
	} sends[] = {
		{ FFA_MEM_SHARE, 1,
		  "instruction access specified on FFA_MEM_SHARE" },
		{ FFA_MEM_SHARE, 2,
		  "instruction access specified on FFA_MEM_SHARE" },
		{ FFA_MEM_LEND, 1,
		  "instruction access specified on a lend to one borrower" },
		{ FFA_MEM_LEND, 2,
		  "instruction access specified on a lend to several "
		  "borrowers" },
		{ FFA_MEM_DONATE, 1,
		  "instruction access specified on FFA_MEM_DONATE" },
	};
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;

	(void)state;
	for (size_t k = 0; k < sizeof(sends) / sizeof(sends[0]); k++) {
		for (size_t i = 0; i < 2; i++) {
			base_for(&r, c, sends[k].nrecv > 1 ? FFA_MEM_SHARE :
							      sends[k].fn);
			if (sends[k].nrecv > 1)
				add_receiver(&r, 0x8002, FFA_PERM_RO);
			r.receivers[0].perm |= ins[i];
			assert_int_equal(check(&r, c, 2, sends[k].fn, 1, &rep),
					 FFA_RET_INVALID_PARAMETERS);
			expect_issue(&rep, "emad[0].perm", 50,
				     FFA_RET_INVALID_PARAMETERS);
			assert_string_equal(rep.issue[0].problem,
					    sends[k].problem);
			assert_int_equal(rep.count, 1);
		}
	}

	base(&r, c);
	r.receivers[0].perm = FFA_PERM_RW | FFA_PERM_INST_MASK; /* 3: rsvd */
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "reserved instruction access value");
	assert_int_equal(rep.count, 1);
	r.receivers[0].perm = FFA_PERM_RW | 0x10; /* bits [7:4] reserved */
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "reserved permission bits set");
}

static void test_check_page_counts(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;

	(void)state;
	base(&r, c);
	c[1].page_count = 0;
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	/* composite at 64, constituents from 80: [1].page_count at 104 */
	expect_issue(&rep, "constituent[1].page_count", 104,
		     FFA_RET_INVALID_PARAMETERS);

	base(&r, c);
	assert_int_equal(check(&r, c, 0, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "composite.total_pages", 64,
		     FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "composite.constituent_count", 68,
		     FFA_RET_INVALID_PARAMETERS);
}

static void test_check_alignment(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;

	(void)state;
	base(&r, c);
	c[1].address = 0x90000800ull;
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "constituent[1].address", 96,
		     FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);

	base(&r, c);
	c[0].address = 0xfffffffffffff000ull; /* 2 pages wrap */
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "constituent[0].address", 80,
		     FFA_RET_INVALID_PARAMETERS);
}

static void test_check_overlap(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;

	(void)state;
	base(&r, c);
	c[1].address = 0x80001000ull; /* inside c[0]'s two pages */
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "constituent[1].address", 96,
		     FFA_RET_INVALID_PARAMETERS);
	/* Adjacent is fine. */
	c[1].address = 0x80002000ull;
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep), 0);
	/* Earlier range starting inside the later one. */
	c[0].address = 0x80002000ull;
	c[0].page_count = 1;
	c[1].address = 0x80001000ull;
	c[1].page_count = 4;
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
}

/*
 * ---- overlap among many constituents ----
 *
 * ffa_desc_check() sorts constituents in blocks of FFA_DESC_CHECK_BLOCK; the
 * tests below cross that size on purpose, and compare every report with
 * what the plain pairwise scan (the reference below) says.
 */

#define CONS_OFF 80u /* v1.1, one receiver: where constituent[0] is */

/* Runs the checks on @n constituents in an exactly sized buffer. */
static int check_many(const struct ffa_constituent *c, uint32_t n,
		      struct ffa_desc_report *rep)
{
	struct ffa_mem_region r, d;
	struct ffa_constituent unused[2];
	size_t cap, len;
	uint8_t *buf;
	int ret;

	base(&r, unused);
	r.constituent_count = n;
	r.total_pages = 1; /* the sum is not what these tests are about */
	cap = ffa_desc_size(&r);
	buf = malloc(cap);
	assert_non_null(buf);
	len = ffa_desc_encode(&r, c, n, buf, cap);
	assert_int_equal(len, cap);
	ffa_desc_decode(buf, len, r.version, &d, NULL);
	assert_int_equal(d.constituents_off, CONS_OFF);
	memset(rep, 0, sizeof(*rep));
	ret = ffa_desc_check(buf, len, &d, FFA_MEM_SHARE, 1, rep);
	free(buf);
	return ret;
}

static void ref_add(struct ffa_desc_report *rep, uint32_t off, uint32_t i,
		    const char *member, const char *problem)
{
	char f[FFA_DESC_FIELD_LEN];

	snprintf(f, sizeof(f), "constituent[%u]%s", i, member);
	ffa_desc_report_add(rep, off, f, problem,
			    FFA_RET_INVALID_PARAMETERS);
}

/* What a pairwise scan of every earlier constituent reports. */
static void ref_pages(const struct ffa_constituent *c, uint32_t n,
		      struct ffa_desc_report *rep)
{
	uint32_t i, j;

	memset(rep, 0, sizeof(*rep));
	for (i = 0; i < n; i++) {
		uint32_t at = CONS_OFF + 16 * i;
		uint64_t ea = c[i].address +
			      (uint64_t)c[i].page_count * FFA_PAGE_SIZE;

		if (!c[i].page_count)
			ref_add(rep, at + 8, i, ".page_count", "zero pages");
		if (c[i].address % FFA_PAGE_SIZE)
			ref_add(rep, at, i, ".address",
				"address not 4 KiB aligned");
		if (ea < c[i].address) {
			ref_add(rep, at, i, ".address",
				"range wraps around the address space");
			continue;
		}
		for (j = 0; j < i && c[i].page_count; j++) {
			uint64_t eb = c[j].address +
				      (uint64_t)c[j].page_count * FFA_PAGE_SIZE;

			if (!c[j].page_count || eb < c[j].address)
				continue;
			if (c[i].address < eb && c[j].address < ea) {
				ref_add(rep, at, i, ".address",
					"overlaps an earlier constituent");
				break;
			}
		}
	}
}

/* Asserts that @n constituents get exactly the reference's report. */
static void expect_ref(const struct ffa_constituent *c, uint32_t n)
{
	struct ffa_desc_report got, want;
	unsigned int i;

	check_many(c, n, &got);
	ref_pages(c, n, &want);
	assert_int_equal(got.count, want.count);
	assert_int_equal(got.dropped, want.dropped);
	for (i = 0; i < want.count; i++) {
		assert_string_equal(got.issue[i].field, want.issue[i].field);
		assert_int_equal(got.issue[i].offset, want.issue[i].offset);
		assert_string_equal(got.issue[i].problem,
				    want.issue[i].problem);
		assert_int_equal(got.issue[i].ffa_error,
				 want.issue[i].ffa_error);
	}
}

static uint32_t xrnd(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* One page every other page from @base: disjoint, in address order. */
static struct ffa_constituent *spaced(uint32_t n, uint64_t base)
{
	struct ffa_constituent *c = calloc(n, sizeof(*c));
	uint32_t i;

	assert_non_null(c);
	for (i = 0; i < n; i++) {
		c[i].address = base + 2ull * i * FFA_PAGE_SIZE;
		c[i].page_count = 1;
	}
	return c;
}

static void shuffle(struct ffa_constituent *c, uint32_t n, uint32_t *x)
{
	struct ffa_constituent t;
	uint32_t i, k;

	for (i = n - 1; i > 0; i--) {
		k = xrnd(x) % (i + 1);
		t = c[i];
		c[i] = c[k];
		c[k] = t;
	}
}

/* A pair thousands of constituents apart, in and out of address order. */
static void test_check_overlap_far_apart(void **state)
{
	const uint32_t n = 3 * FFA_DESC_CHECK_BLOCK - 5;
	struct ffa_constituent *c = spaced(n, 0x80000000ull), t;
	struct ffa_desc_report rep;
	char f[FFA_DESC_FIELD_LEN];
	uint32_t i;

	(void)state;
	assert_int_equal(check_many(c, n, &rep), 0);
	assert_int_equal(rep.count, 0);

	/* The last one lands on the second page of... nothing: still fine. */
	c[n - 1].address = c[3].address + FFA_PAGE_SIZE;
	assert_int_equal(check_many(c, n, &rep), 0);
	/* ...and inside constituent 3 once that has two pages. */
	c[3].page_count = 2;
	assert_int_equal(check_many(c, n, &rep), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);
	snprintf(f, sizeof(f), "constituent[%u].address", n - 1);
	expect_issue(&rep, f, CONS_OFF + 16 * (n - 1),
		     FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "overlaps an earlier constituent");

	/* Descending order (the sorting path), pair across blocks. */
	for (i = 0; i < n / 2; i++) {
		t = c[i];
		c[i] = c[n - 1 - i];
		c[n - 1 - i] = t;
	}
	assert_int_equal(check_many(c, n, &rep), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);
	/* c[n - 1] (now c[0]) is earlier now: c[3] (now c[n - 4]) is hit. */
	snprintf(f, sizeof(f), "constituent[%u].address", n - 4);
	expect_issue(&rep, f, CONS_OFF + 16 * (n - 4),
		     FFA_RET_INVALID_PARAMETERS);
	expect_ref(c, n);
	free(c);

	/* Neighbours across a block boundary, sharing one page. */
	c = spaced(n, 0x80000000ull);
	c[FFA_DESC_CHECK_BLOCK].address = c[FFA_DESC_CHECK_BLOCK - 1].address;
	assert_int_equal(check_many(c, n, &rep), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);
	snprintf(f, sizeof(f), "constituent[%u].address", FFA_DESC_CHECK_BLOCK);
	expect_issue(&rep, f, CONS_OFF + 16 * FFA_DESC_CHECK_BLOCK,
		     FFA_RET_INVALID_PARAMETERS);
	/* ...sharing one byte (and misaligned), then touching. */
	c[FFA_DESC_CHECK_BLOCK].address += FFA_PAGE_SIZE - 1;
	assert_int_equal(check_many(c, n, &rep), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 2);
	assert_string_equal(rep.issue[1].field, f);
	assert_string_equal(rep.issue[1].problem,
			    "overlaps an earlier constituent");
	c[FFA_DESC_CHECK_BLOCK].address++;
	assert_int_equal(check_many(c, n, &rep), 0);
	assert_int_equal(rep.count, 0);
	/* One of block 0 reaching a byte into the top one of block 1. */
	c[5].address = c[2 * FFA_DESC_CHECK_BLOCK - 1].address +
		       FFA_PAGE_SIZE - 1;
	assert_int_equal(check_many(c, n, &rep), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 2);
	snprintf(f, sizeof(f), "constituent[%u].address",
		 2 * FFA_DESC_CHECK_BLOCK - 1);
	assert_string_equal(rep.issue[1].field, f);
	expect_ref(c, n);
	free(c);
}

/*
 * More constituents than one block, shuffled, with a few planted overlaps
 * (inside, covering, same start, touching only): exactly what the pairwise
 * scan reports, no more, no less.
 */
static void test_check_overlap_many_sparse(void **state)
{
	static const uint32_t sizes[] = {
		2, 33, FFA_DESC_CHECK_BLOCK - 1, FFA_DESC_CHECK_BLOCK,
		FFA_DESC_CHECK_BLOCK + 1, 2 * FFA_DESC_CHECK_BLOCK + 7,
		3 * FFA_DESC_CHECK_BLOCK - 5,
	};
	uint32_t x = 0x2545F491u, s, i, k, j, n, planted;
	struct ffa_constituent *c;

	(void)state;
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		n = sizes[s];
		c = spaced(n, 0x100000000ull);
		for (i = 0; i < n; i++)
			c[i].page_count = 1 + xrnd(&x) % 2; /* may touch */
		shuffle(c, n, &x);
		expect_ref(c, n);
		planted = 1 + xrnd(&x) % 6;
		for (k = 0; k < planted; k++) {
			i = xrnd(&x) % n;
			j = xrnd(&x) % n;
			if (i == j)
				continue;
			switch (xrnd(&x) % 4) {
			case 0: /* same start */
				c[i].address = c[j].address;
				break;
			case 1: /* covering */
				c[i].address = c[j].address - FFA_PAGE_SIZE;
				c[i].page_count = 3;
				break;
			case 2: /* touching only: no overlap */
				c[i].address = c[j].address +
					       (uint64_t)c[j].page_count *
						       FFA_PAGE_SIZE;
				c[i].page_count = 1;
				break;
			default: /* last page */
				c[i].address = c[j].address +
					       (uint64_t)(c[j].page_count -
							  1) * FFA_PAGE_SIZE;
				break;
			}
		}
		expect_ref(c, n);
		free(c);
	}
}

static int cmp_address(const void *a, const void *b)
{
	const struct ffa_constituent *x = a, *y = b;

	return x->address < y->address ? -1 : x->address > y->address;
}

/*
 * Hostile: many constituents piled on few pages, with empty, wrapping and
 * misaligned ones (overlapping or not by a single byte) mixed in, in random
 * order, across blocks. The report
 * (its first FFA_DESC_MAX_ISSUES issues and the count of the others) is
 * the pairwise scan's.
 */
static void test_check_overlap_many_dense(void **state)
{
	uint32_t x = 0x9E3779B9u, t, i, n;
	struct ffa_constituent *c;

	(void)state;
	for (t = 0; t < 16; t++) {
		n = 1 + xrnd(&x) % (3 * FFA_DESC_CHECK_BLOCK);
		c = calloc(n, sizeof(*c));
		assert_non_null(c);
		for (i = 0; i < n; i++) {
			uint32_t kind = xrnd(&x) % 64;

			c[i].address = 0x80000000ull +
				       (uint64_t)(xrnd(&x) % (4 * n)) *
					       FFA_PAGE_SIZE;
			c[i].page_count = 1 + xrnd(&x) % 3;
			if (kind == 0)
				c[i].page_count = 0;
			else if (kind == 1)
				c[i].address = 0xfffffffffffff000ull;
			else if (kind == 2)
				c[i].address += 0x800;
			else if (kind < 8 + 4 * (t % 3))
				/* One byte either side of a page boundary. */
				c[i].address += kind % 2 ? 1 : -1;
		}
		/* Half the rounds in address order (no sorting needed). */
		if (t % 2)
			qsort(c, n, sizeof(*c), cmp_address);
		expect_ref(c, n);
		free(c);
	}
}

/*
 * Send flags (DEN0077 v1.1 Table 10.21, v1.0 Table 5.20 "Flags usage in
 * FFA_MEM_DONATE, FFA_MEM_LEND and FFA_MEM_SHARE ABIs"): bit 0 zero memory
 * (MBZ in a share), bit 1 time slicing, bits [31:2] MBZ. Bit 2 (zero after
 * relinquish) and bits [4:3] (transaction type) are retrieve-request flags
 * (Table 10.22): they have no place in a send.
 */
static void test_check_flags(void **state)
{
	static const uint32_t fns[] = { FFA_MEM_SHARE, FFA_MEM_LEND,
					FFA_MEM_DONATE };
	static const uint32_t mbz[] = {
		1u << 2, 1u << 3, 2u << 3, 3u << 3, 1u << 5, 1u << 9,
		1u << 31, 0xFFFFFFFCu,
	};
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;

	(void)state;
	base_for(&r, c, FFA_MEM_SHARE);
	r.flags = FFA_MTD_FLAG_ZERO;
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "flags", 4, FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rep.count, 1);
	for (int f = 1; f < 3; f++) {
		base_for(&r, c, fns[f]);
		r.flags = FFA_MTD_FLAG_ZERO | FFA_MTD_FLAG_TIME_SLICE;
		assert_int_equal(check(&r, c, 2, fns[f], 1, &rep), 0);
	}
	for (int f = 0; f < 3; f++) {
		base_for(&r, c, fns[f]);
		r.flags = FFA_MTD_FLAG_TIME_SLICE;
		assert_int_equal(check(&r, c, 2, fns[f], 1, &rep), 0);
		for (size_t i = 0; i < sizeof(mbz) / sizeof(mbz[0]); i++) {
			r.flags = mbz[i] | FFA_MTD_FLAG_TIME_SLICE;
			assert_int_equal(check(&r, c, 2, fns[f], 1, &rep),
					 FFA_RET_INVALID_PARAMETERS);
			expect_issue(&rep, "flags", 4,
				     FFA_RET_INVALID_PARAMETERS);
			assert_int_equal(rep.count, 1);
			assert_string_equal(rep.issue[0].problem,
					    "bits [31:2] set (MBZ in a send)");
		}
	}
}

/* All failing rules are recorded; the first decides the status. */
static void test_check_collects_all(void **state)
{
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;

	(void)state;
	base(&r, c);
	r.attributes = FFA_ATTR_TYPE_DEVICE;		/* DENIED */
	r.receivers[0].perm = FFA_PERM_RW | FFA_PERM_X;	/* INVALID */
	r.flags = FFA_MTD_FLAG_ZERO;			/* INVALID */
	assert_int_equal(check(&r, c, 2, FFA_MEM_SHARE, 1, &rep),
			 FFA_RET_DENIED);
	assert_int_equal(rep.count, 3);

	assert_int_equal(check(&r, c, 2, FFA_MEM_RECLAIM, 1, &rep),
			 FFA_RET_NOT_SUPPORTED);
	expect_issue(&rep, "function", 0, FFA_RET_NOT_SUPPORTED);
}

/*
 * The attributes and permissions a sender following the usage rules puts
 * in each kind of send (DEN0077 v1.1 §10.10.2-4), and a descriptor built
 * from them passes the checks.
 */
static void test_usage_defaults(void **state)
{
	static const struct {
		uint32_t fn, nrecv;
		uint16_t attrs;
		uint8_t perm;
	} want[] = {
		{ FFA_MEM_SHARE, 1, FFA_ATTR_NORMAL_WB_INNER, FFA_PERM_RW },
		{ FFA_MEM_SHARE, 3, FFA_ATTR_NORMAL_WB_INNER, FFA_PERM_RW },
		{ FFA_MEM_LEND, 1, 0, FFA_PERM_RW },
		{ FFA_MEM_LEND, 2, FFA_ATTR_NORMAL_WB_INNER, FFA_PERM_RW },
		{ FFA_MEM_DONATE, 1, 0, 0 },
	};
	struct ffa_mem_region r;
	struct ffa_constituent c[2];
	struct ffa_desc_report rep;

	(void)state;
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		uint32_t fn = want[k].fn, n = want[k].nrecv;

		assert_int_equal(ffa_desc_default_attributes(fn, n),
				 want[k].attrs);
		assert_int_equal(ffa_desc_default_perm(fn, n), want[k].perm);
		/* Full function IDs work as well. */
		assert_int_equal(ffa_desc_default_attributes(
					 FFA_FN_SMC64(fn), n), want[k].attrs);
		assert_int_equal(ffa_desc_default_perm(FFA_FN_SMC32(fn), n),
				 want[k].perm);

		base(&r, c);
		r.receiver_count = 0;
		for (uint32_t i = 0; i < n; i++)
			add_receiver(&r, (uint16_t)(0x8001 + i),
				     ffa_desc_default_perm(fn, n));
		r.attributes = ffa_desc_default_attributes(fn, n);
		assert_int_equal(check(&r, c, 2, fn, 1, &rep), 0);
		assert_int_equal(rep.count, 0);
	}
}

/* ---- relinquish ---- */

static void test_relinquish_encode(void **state)
{
	struct ffa_relinquish r = {
		.handle = 0x1000000000002ull, .flags = 1, .endpoint_count = 2,
		.endpoints = { 0x8001, 0x8002 },
	};
	uint8_t buf[64];

	(void)state;
	memset(buf, 0xAA, sizeof(buf));
	assert_int_equal(ffa_relinquish_encode(&r, buf, sizeof(buf)),
			 sizeof(relq));
	assert_memory_equal(buf, relq, sizeof(relq));
	assert_int_equal(buf[sizeof(relq)], 0xAA);
	assert_int_equal(ffa_relinquish_encode(&r, buf, sizeof(relq) - 1), 0);
	r.endpoint_count = FFA_DESC_MAX_RECEIVERS + 1;
	assert_int_equal(ffa_relinquish_encode(&r, buf, sizeof(buf)), 0);
}

static void test_relinquish_decode(void **state)
{
	struct ffa_relinquish r;
	struct ffa_desc_report rep;
	uint8_t b[sizeof(relq)];
	uint8_t *p;

	(void)state;
	memset(&rep, 0, sizeof(rep));
	p = exact(relq, sizeof(relq));
	assert_int_equal(ffa_relinquish_decode(p, sizeof(relq), &r, &rep), 0);
	free(p);
	assert_int_equal(rep.count, 0);
	assert_true(r.handle == 0x1000000000002ull);
	assert_int_equal(r.flags, 1);
	assert_int_equal(r.endpoint_count, 2);
	assert_int_equal(r.endpoints[0], 0x8001);
	assert_int_equal(r.endpoints[1], 0x8002);

	/* Every truncation fails, inside an exact-size buffer. */
	for (size_t len = 0; len < sizeof(relq); len++) {
		memset(&rep, 0, sizeof(rep));
		p = exact(relq, len);
		assert_int_equal(ffa_relinquish_decode(p, len, &r, &rep),
				 FFA_RET_INVALID_PARAMETERS);
		free(p);
		expect_issue(&rep, len < 16 ? "header" : "endpoint_count",
			     len < 16 ? (uint32_t)len : 12,
			     FFA_RET_INVALID_PARAMETERS);
	}

	memcpy(b, relq, sizeof(b));
	b[12] = 0;
	memset(&rep, 0, sizeof(rep));
	assert_int_equal(ffa_relinquish_decode(b, sizeof(b), &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	expect_issue(&rep, "endpoint_count", 12, FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem, "no endpoints");

	b[12] = 17;
	memset(&rep, 0, sizeof(rep));
	assert_int_equal(ffa_relinquish_decode(b, sizeof(b), &r, &rep),
			 FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(rep.issue[0].problem,
			    "more endpoints than supported (16)");

	memcpy(b, relq, sizeof(b));
	b[8] = 4; /* flags bit 2: reserved */
	memset(&rep, 0, sizeof(rep));
	assert_int_equal(ffa_relinquish_decode(b, sizeof(b), &r, NULL),
			 FFA_RET_INVALID_PARAMETERS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_v1_0),
		cmocka_unit_test(test_encode_v1_1),
		cmocka_unit_test(test_encode_v1_2),
		cmocka_unit_test(test_encode_limits),
		cmocka_unit_test(test_encode_caller_totals),
		cmocka_unit_test(test_decode_v1_0),
		cmocka_unit_test(test_decode_v1_1),
		cmocka_unit_test(test_decode_v1_2),
		cmocka_unit_test(test_guess_version),
		cmocka_unit_test(test_guess_version_emad_gap),
		cmocka_unit_test(test_guess_version_keeps_v1_0),
		cmocka_unit_test(test_decode_truncated_header),
		cmocka_unit_test(test_decode_truncated_emads),
		cmocka_unit_test(test_decode_truncated_composite),
		cmocka_unit_test(test_decode_truncated_constituents),
		cmocka_unit_test(test_decode_every_truncation),
		cmocka_unit_test(test_decode_bad_emad_size),
		cmocka_unit_test(test_decode_bad_emad_off),
		cmocka_unit_test(test_decode_receiver_count),
		cmocka_unit_test(test_decode_receiver_count_overflow),
		cmocka_unit_test(test_decode_header_reserved),
		cmocka_unit_test(test_decode_emad_reserved),
		cmocka_unit_test(test_decode_v1_2_emad_reserved),
		cmocka_unit_test(test_decode_composite_mismatch),
		cmocka_unit_test(test_decode_composite_off_bad),
		cmocka_unit_test(test_decode_constituent_count_overflow),
		cmocka_unit_test(test_decode_composite_reserved),
		cmocka_unit_test(test_decode_constituent_reserved),
		cmocka_unit_test(test_decode_total_pages),
		cmocka_unit_test(test_decode_reports_all),
		cmocka_unit_test(test_decode_report_dropped),
		cmocka_unit_test(test_decode_unknown_version),
		cmocka_unit_test(test_constituent_bounds),
		cmocka_unit_test(test_report_add),
		cmocka_unit_test(test_check_valid),
		cmocka_unit_test(test_check_sender),
		cmocka_unit_test(test_check_receivers),
		cmocka_unit_test(test_check_donate_one_receiver),
		cmocka_unit_test(test_check_attr_ns_and_reserved),
		cmocka_unit_test(test_check_attr_type),
		cmocka_unit_test(test_check_attr_cache_share),
		cmocka_unit_test(test_check_data_access),
		cmocka_unit_test(test_check_instruction_access),
		cmocka_unit_test(test_check_page_counts),
		cmocka_unit_test(test_check_alignment),
		cmocka_unit_test(test_check_overlap),
		cmocka_unit_test(test_check_overlap_far_apart),
		cmocka_unit_test(test_check_overlap_many_sparse),
		cmocka_unit_test(test_check_overlap_many_dense),
		cmocka_unit_test(test_check_flags),
		cmocka_unit_test(test_check_collects_all),
		cmocka_unit_test(test_usage_defaults),
		cmocka_unit_test(test_relinquish_encode),
		cmocka_unit_test(test_relinquish_decode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
