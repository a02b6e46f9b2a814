// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests for src/sim_image.c: the state file's format (read back with a
 * checksum written again here from sim_image.h's description),
 * sim_state_parse() on hostile images, and the records and capacities
 * that live in an image (tombstones, compaction, growth). Images come
 * from real state files that the sim backend writes in a temporary
 * directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "backend.h"
#include "ffa/desc.h"
#include "ffa/ffa.h"
#include "model.h"
#include "sim.h"
#include "sim_image.h"
#include "sim_state.h"

#include "sim_fixture.h"

#define PG 4096u
#define H(field) offsetof(struct sim_hdr, field)

static uint32_t get32(const uint8_t *b, size_t off)
{
	return (uint32_t)b[off] | (uint32_t)b[off + 1] << 8 |
	       (uint32_t)b[off + 2] << 16 | (uint32_t)b[off + 3] << 24;
}

static uint64_t get64(const uint8_t *b, size_t off)
{
	return get32(b, off) | (uint64_t)get32(b, off + 4) << 32;
}

static void put32(uint8_t *b, size_t off, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		b[off + i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *b, size_t off, uint64_t v)
{
	put32(b, off, (uint32_t)v);
	put32(b, off + 4, (uint32_t)(v >> 32));
}

/*
 * The checksums as sim_image.h describes them, written again here:
 * FNV-1a-64 steps over little-endian 8-byte words in four interleaved
 * lanes, bytes of a short tail round-robin, the lanes folded with the
 * length; each payload page seeded by its number, the page hashes summed.
 */
#define FNV_INIT 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static uint64_t ref_csum64(uint64_t seed, const uint8_t *b, size_t n)
{
	uint64_t h[4] = { seed, seed ^ 1, seed ^ 2, seed ^ 3 }, w;
	size_t i = 0;
	int k;

	for (; i + 32 <= n; i += 32)
		for (k = 0; k < 4; k++)
			h[k] = (h[k] ^ get64(b, i + 8 * (size_t)k)) *
			       FNV_PRIME;
	for (k = 0; i < n; i++, k = (k + 1) & 3)
		h[k] = (h[k] ^ b[i]) * FNV_PRIME;
	w = FNV_INIT ^ n;
	for (k = 0; k < 4; k++)
		w = (w ^ h[k]) * FNV_PRIME;
	return w;
}

static uint64_t ref_payload(const uint8_t *img, size_t len)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 1; i < len / PG; i++)
		sum += ref_csum64(FNV_INIT ^ (i * 0x9E3779B97F4A7C15ull),
				  img + i * PG, PG);
	return sum;
}

static uint64_t ref_hdr(const uint8_t *img)
{
	uint8_t page[PG];

	memcpy(page, img, PG);
	put64(page, H(hdr_csum), 0);
	return ref_csum64(FNV_INIT, page, PG);
}

/* Makes both checksums agree with the bytes (the payload's over @len). */
static void fix_csums(uint8_t *img, size_t len)
{
	put64(img, H(payload_csum), ref_payload(img, len));
	put64(img, H(hdr_csum), ref_hdr(img));
}

/* Section offsets, from the capacities in the header. */
static struct sim_layout layout(const uint8_t *img)
{
	struct sim_layout l;
	struct sim_hdr h;

	memcpy(&h, img, sizeof(h));
	assert_int_equal(sim_layout_of(&h, &l), 0);
	return l;
}

/* A valid image with two live handles: 3 pages of 0x42, 2 of 0x43. */
static uint8_t *valid_image(struct fixture *f, size_t *len)
{
	struct ffactl_backend be;
	uint8_t *img;

	open_sim(&be);
	share_ok(&be, 3, 0x42);
	share_ok(&be, 2, 0x43);
	close_sim(&be);
	img = read_file(f->path, len);
	assert_true(*len > PG);
	return img;
}

static void expect_bad(const uint8_t *img, size_t len, const char *what)
{
	struct sim_state *st = (struct sim_state *)&st;
	const char *why = NULL;

	if (sim_state_parse(img, len, &st, &why) != -EINVAL)
		fail_msg("len %zu: accepted, wanted '%s'", len, what);
	assert_null(st);
	assert_non_null(why);
	if (!strstr(why, what))
		fail_msg("len %zu: why '%s' lacks '%s'", len, why, what);
	assert_null(strchr(why, '\n'));
}

static void test_parse_valid(void **state)
{
	struct fixture *f = *state;
	struct sim_state *st = NULL;
	const char *why = "unset";
	uint8_t *img, *again;
	char err[256], p2[160];
	size_t len, len2;
	struct sim_layout l;

	img = valid_image(f, &len);
	l = layout(img);
	assert_int_equal(l.len, len);
	assert_int_equal(len % PG, 0);
	assert_int_equal(get64(img, H(file_len)), len);
	assert_int_equal(get32(img, H(hdr_size)), sizeof(struct sim_hdr));
	/* The checksums written again here agree with the file's. */
	assert_true(ref_payload(img, len) == get64(img, H(payload_csum)));
	assert_true(ref_hdr(img) == get64(img, H(hdr_csum)));

	assert_int_equal(sim_state_parse(img, len, &st, &why), 0);
	assert_non_null(st);
	assert_null(why);
	assert_int_equal(st->rec_n, 2);
	assert_int_equal(st->pat_n, 5);
	assert_int_equal(st->ms.region_count, 2);
	assert_true(st->recs_by_handle);
	assert_int_equal(st->recs[0].pages, 3);
	assert_int_equal(st->recs[1].pages, 2);
	assert_int_equal(*sim_page_pattern(st, st->recs[0].base_pa +
					   2 * FFA_PAGE_SIZE), 0x42);
	assert_int_equal(*sim_page_pattern(st, st->recs[1].base_pa), 0x43);
	assert_null(sim_page_pattern(st, st->recs[1].base_pa +
				     2 * FFA_PAGE_SIZE));
	assert_null(sim_page_pattern(st, SIM_PAGE_BASE - FFA_PAGE_SIZE));
	assert_ptr_equal(sim_rec_by_handle(st, st->recs[1].handle),
			 &st->recs[1]);
	assert_null(sim_rec_by_handle(st, st->recs[1].handle + 12345));

	/* Saved whole elsewhere: the same bytes but the commit number. */
	snprintf(p2, sizeof(p2), "%s/copy.state", f->dir);
	assert_int_equal(sim_state_save(p2, st, err, sizeof(err)), 0);
	sim_state_free(st);
	again = read_file(p2, &len2);
	assert_int_equal(len2, len);
	assert_int_equal(get64(again, H(seq)), get64(img, H(seq)) + 1);
	put64(again, H(seq), get64(img, H(seq)));
	put64(again, H(hdr_csum), ref_hdr(again));
	assert_memory_equal(again, img, len);
	free(again);
	free(img);
}

/* Every proper prefix of a valid image is refused as truncated. */
static void test_parse_every_truncation(void **state)
{
	struct fixture *f = *state;
	uint8_t *img;
	size_t len, n;

	img = valid_image(f, &len);
	for (n = 0; n < len; n++)
		expect_bad(img, n, n ? "truncated" : "empty");
	free(img);
}

struct field_case {
	size_t off;
	uint32_t width;
	uint64_t value;     /* written as is */
	const char *fixed;  /* with the checksums made to agree */
};

static void test_parse_header_fields(void **state)
{
	struct fixture *f = *state;
	struct sim_state *st = NULL;
	const char *why;
	uint8_t *img, *bad;
	size_t len, i, bit;

	img = valid_image(f, &len);
	bad = malloc(len);
	assert_non_null(bad);
	{
		const struct field_case c[] = {
			{ 0, 4, 0x54434146, "bad magic" },
			{ 4, 4, 0, "bad magic" },
			{ H(format), 4, 1, "format version 1" },
			{ H(format), 4, 3, "format version 3" },
			{ H(hdr_size), 4, 0, "sizes differ" },
			{ H(state_size), 4, 8, "sizes differ" },
			{ H(region_size), 4, 0, "sizes differ" },
			{ H(range_size), 4, 0xFFFFFFFF, "sizes differ" },
			{ H(rec_size), 4, 1, "sizes differ" },
			{ H(region_cap), 4, 200, "do not match the length" },
			{ H(range_cap), 4, 1000, "do not match the length" },
			{ H(range_cap), 4, 1, "model state invalid" },
			{ H(frag_cap), 4, 1 << 20, "do not match the length" },
			{ H(rec_cap), 4, 1, "counts out of range" },
			{ H(pat_cap), 4, 0, "counts out of range" },
			{ H(rec_n), 4, 3, "out of place" },
			{ H(pat_n), 4, 4, "page table size" },
			{ H(dead_n), 4, 1, "reclaimed record count" },
			{ H(dead_n), 4, 3, "counts out of range" },
			{ H(flags), 4, 2, "reserved header field" },
			{ H(reserved), 4, 1, "reserved header field" },
			{ H(next_pa), 8, 1, "page allocator out of range" },
			{ H(next_pa), 8, SIM_PAGE_BASE,
			  "overlap or out of range" },
			{ H(file_len), 8, 0, "do not match the length" },
			{ SIM_MS_OFF + offsetof(struct ffa_model_state,
						profile), 4, 7,
			  "unknown profile" },
		};

		for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
			memcpy(bad, img, len);
			if (c[i].width == 4)
				put32(bad, c[i].off, (uint32_t)c[i].value);
			else
				put64(bad, c[i].off, c[i].value);
			/* Magic, format and sizes: read before checksums. */
			expect_bad(bad, len, c[i].off < H(region_cap) ?
				   c[i].fixed : "header checksum mismatch");
			fix_csums(bad, len);
			expect_bad(bad, len, c[i].fixed);
		}
	}
	/* No bit of page 0 changes unnoticed... */
	for (i = 0; i < PG; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(bad, img, len);
			bad[i] ^= (uint8_t)(1u << bit);
			if (sim_state_parse(bad, len, &st, &why) != -EINVAL)
				fail_msg("header bit %zu.%zu accepted", i, bit);
		}
	/* ...nor any bit of the payload, checksums left alone... */
	for (i = PG; i < len; i++) {
		memcpy(bad, img, len);
		bad[i] ^= (uint8_t)(1u << (i % 8));
		expect_bad(bad, len, "checksum mismatch");
	}
	/* ...nor two payload pages swapped: a page hash knows its place. */
	memcpy(bad, img, len);
	memcpy(bad + PG, img + 2 * PG, PG);
	memcpy(bad + 2 * PG, img + PG, PG);
	expect_bad(bad, len, "checksum mismatch");
	free(bad);
	free(img);
}

/*
 * Huge capacities with the length and checksums made to agree as far as
 * they can: refused before anything is allocated for them.
 */
static void test_parse_huge_counts(void **state)
{
	struct fixture *f = *state;
	const size_t caps[] = { H(region_cap), H(range_cap), H(frag_cap),
				H(rec_cap), H(pat_cap) };
	const uint32_t huge[] = { UINT32_MAX, (1u << 26) + 1, 1u << 26,
				  1u << 24 };
	struct sim_layout l;
	struct sim_hdr h;
	uint8_t *img, *bad;
	size_t len, i, j;

	img = valid_image(f, &len);
	bad = malloc(len);
	assert_non_null(bad);
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		for (j = 0; j < sizeof(huge) / sizeof(huge[0]); j++) {
			memcpy(bad, img, len);
			put32(bad, caps[i], huge[j]);
			memcpy(&h, bad, sizeof(h));
			if (sim_layout_of(&h, &l) == 0)
				put64(bad, H(file_len), l.len);
			fix_csums(bad, len);
			if (sim_layout_of(&h, &l) < 0)
				expect_bad(bad, len, "counts out of range");
			else
				expect_bad(bad, len, "truncated");
		}
	free(bad);
	free(img);
}

/* Writes @val at @off of a copy of @img, fixes the checksums, parses. */
static void expect_bad_at(const uint8_t *img, size_t len, size_t off,
			  const void *val, size_t n, const char *what)
{
	uint8_t *bad = malloc(len);

	assert_non_null(bad);
	assert_true(off >= sizeof(struct sim_hdr) && off + n <= len);
	memcpy(bad, img, len);
	memcpy(bad + off, val, n);
	fix_csums(bad, len);
	expect_bad(bad, len, what);
	free(bad);
}

#define MS_OFF(field) (SIM_MS_OFF + offsetof(struct ffa_model_state, field))
#define REC_OFF(l, i, field) \
	((l).recs + (i) * sizeof(struct sim_rec) + \
	 offsetof(struct sim_rec, field))
#define REG_OFF(l, i, field) \
	((l).regions + (i) * sizeof(struct ffa_model_region) + \
	 offsetof(struct ffa_model_region, field))

/* The checksums are right, the contents contradict each other. */
static void test_parse_inconsistent(void **state)
{
	struct fixture *f = *state;
	struct sim_layout l;
	uint8_t *img;
	uint32_t u;
	uint64_t q;
	size_t len;

	img = valid_image(f, &len);
	l = layout(img);

	u = 3;
	expect_bad_at(img, len, MS_OFF(region_count), &u, 4,
		      "model state invalid");
	u = 1;
	expect_bad_at(img, len, MS_OFF(ranges_used), &u, 4,
		      "model state invalid: ranges in use do not match");
	u = FFA_MODEL_MAX_PARTITIONS + 1;
	expect_bad_at(img, len, MS_OFF(partition_count), &u, 4,
		      "model state invalid: too many partitions");
	u = 2;
	expect_bad_at(img, len, MS_OFF(rx_owner), &u, 4,
		      "model state invalid: RX/TX");
	u = 0;
	expect_bad_at(img, len, MS_OFF(free_range), &u, 4,
		      "model state invalid");

	u = SIM_REC_PENDING;
	expect_bad_at(img, len, REC_OFF(l, 0, flags), &u, 4, "unknown flags");
	u = 1;
	expect_bad_at(img, len, REC_OFF(l, 1, reserved), &u, 4,
		      "unknown flags");
	u = SIM_REC_DEAD; /* a tombstone the header does not count */
	expect_bad_at(img, len, REC_OFF(l, 0, flags), &u, 4,
		      "reclaimed record count");
	u = SIM_MAX_PAGES + 1;
	expect_bad_at(img, len, REC_OFF(l, 0, pages), &u, 4,
		      "handle record out of range");
	u = FFA_MODEL_MAX_RECEIVERS + 1;
	expect_bad_at(img, len, REC_OFF(l, 1, receiver_count), &u, 4,
		      "handle record out of range");
	u = 4; /* the first record claims one page more than it has */
	expect_bad_at(img, len, REC_OFF(l, 0, pages), &u, 4,
		      "pages out of place");
	u = 2;
	expect_bad_at(img, len, REC_OFF(l, 1, pat_off), &u, 4,
		      "pages out of place");
	u = 3; /* past the page allocator */
	expect_bad_at(img, len, REC_OFF(l, 1, pages), &u, 4,
		      "overlap or out of range");
	u = 1; /* records fine, but fewer pages than patterns */
	expect_bad_at(img, len, REC_OFF(l, 1, pages), &u, 4,
		      "page table size does not match");
	q = get64(img, REC_OFF(l, 0, base_pa));
	expect_bad_at(img, len, REC_OFF(l, 1, base_pa), &q, 8,
		      "overlap or out of range");
	q += 1;
	expect_bad_at(img, len, REC_OFF(l, 0, base_pa), &q, 8,
		      "overlap or out of range");
	q = SIM_PAGE_BASE - FFA_PAGE_SIZE;
	expect_bad_at(img, len, REC_OFF(l, 0, base_pa), &q, 8,
		      "overlap or out of range");
	/* Handles out of order while the header promises order. */
	q = get64(img, REC_OFF(l, 1, handle));
	expect_bad_at(img, len, REC_OFF(l, 0, handle), &q, 8,
		      "handle records out of order");

	u = 0xEE;
	expect_bad_at(img, len, REG_OFF(l, 0, state), &u, 4,
		      "model state invalid");
	u = 0x12345;
	expect_bad_at(img, len, REG_OFF(l, 1, first_range), &u, 4,
		      "model state invalid");
	/* Both regions claim the same range chain. */
	u = get32(img, REG_OFF(l, 0, first_range));
	expect_bad_at(img, len, REG_OFF(l, 1, first_range), &u, 4,
		      "model state invalid");
	u = 0;
	expect_bad_at(img, len, REG_OFF(l, 0, fn_num), &u, 4,
		      "model state invalid");
	free(img);
}

/*
 * Random damage with the checksums fixed up: never a crash, -EINVAL always
 * comes with a reason, and whatever is accepted saves and loads again.
 */
static void test_parse_random_damage(void **state)
{
	struct fixture *f = *state;
	struct sim_state *st, *st2;
	uint8_t *img, *bad, *again;
	const char *why;
	char err[256], p2[160];
	size_t len, len2, k;
	unsigned int seed = 4242, accepted = 0, iter;
	struct sim_layout l;
	int ret;

	img = valid_image(f, &len);
	/* Aim at the model state and the used start of each section. */
	l = layout(img);
	bad = malloc(len);
	assert_non_null(bad);
	snprintf(p2, sizeof(p2), "%s/copy.state", f->dir);
	for (iter = 0; iter < 3000; iter++) {
		memcpy(bad, img, len);
		for (k = 0; k < 1 + iter % 4; k++) {
			const size_t sec[] = { SIM_MS_OFF, l.regions,
					       l.ranges, l.recs, l.pat,
					       l.frag };
			size_t at = sec[rand_r(&seed) % 6] +
				    (size_t)rand_r(&seed) % 160;

			bad[at] = (uint8_t)rand_r(&seed);
		}
		fix_csums(bad, len);
		st = NULL;
		why = NULL;
		ret = sim_state_parse(bad, len, &st, &why);
		if (ret) {
			assert_int_equal(ret, -EINVAL);
			assert_null(st);
			assert_non_null(why);
			assert_true(why[0] != '\0');
			continue;
		}
		accepted++;
		assert_non_null(st);
		if (sim_state_save(p2, st, err, sizeof(err)) != 0)
			fail_msg("iteration %u: accepted but not saved: %s",
				 iter, err);
		sim_state_free(st);
		again = read_file(p2, &len2);
		assert_int_equal(sim_state_parse(again, len2, &st2, &why), 0);
		sim_state_free(st2);
		free(again);
	}
	/* Damage to partition names and the like is harmless: some pass. */
	assert_true(accepted > 0);
	free(bad);
	free(img);
}

/* ---- records, tombstones, growth ----------------------------------------- */

static struct sim_rec *live_rec(struct sim_state *st, uint32_t pages,
				uint32_t pattern, uint64_t handle)
{
	struct sim_rec *r = sim_rec_alloc(st, pages, pattern);

	assert_non_null(r);
	sim_rec_set_handle(st, r, handle);
	return r;
}

static void test_records_tombstones(void **state)
{
	struct sim_state *st = sim_state_fresh(FFA_PROFILE_SPEC);
	uint64_t pa1;

	(void)state;
	assert_non_null(st);
	live_rec(st, 2, 0x11, 10);
	pa1 = live_rec(st, 1, 0x22, 11)->base_pa;
	live_rec(st, 3, 0x33, 12);
	assert_int_equal(st->rec_n, 3);
	assert_int_equal(st->pat_n, 6);

	/* Dropping one in the middle leaves a tombstone in place. */
	sim_rec_drop(st, sim_rec_by_handle(st, 11));
	assert_int_equal(st->rec_n, 3);
	assert_int_equal(st->dead_n, 1);
	assert_null(sim_rec_by_handle(st, 11));
	assert_null(sim_page_pattern(st, pa1));
	assert_int_equal(sim_rec_by_handle(st, 12)->pages, 3);
	assert_int_equal(sim_rec_by_handle(st, 10)->pages, 2);

	/* Dropping the last pops it and the tombstone before it. */
	sim_rec_drop(st, sim_rec_by_handle(st, 12));
	assert_int_equal(st->rec_n, 1);
	assert_int_equal(st->dead_n, 0);
	assert_int_equal(st->pat_n, 2);
	assert_int_equal(*sim_page_pattern(st, SIM_PAGE_BASE), 0x11);

	/* Freed addresses are never handed out again. */
	assert_true(live_rec(st, 1, 0, 13)->base_pa > pa1);
	sim_state_free(st);
}

/* A handle out of order still works: lookups fall back to a scan. */
static void test_records_unordered_handles(void **state)
{
	struct sim_state *st = sim_state_fresh(FFA_PROFILE_SPEC);

	(void)state;
	assert_non_null(st);
	live_rec(st, 1, 0, 50);
	live_rec(st, 1, 0, 60);
	assert_true(st->recs_by_handle);
	live_rec(st, 1, 0, 55);
	assert_false(st->recs_by_handle);
	assert_int_equal(sim_rec_by_handle(st, 55)->handle, 55);
	assert_int_equal(sim_rec_by_handle(st, 50)->handle, 50);
	assert_int_equal(sim_rec_by_handle(st, 60)->handle, 60);
	assert_null(sim_rec_by_handle(st, 56));
	sim_state_free(st);
}

/*
 * Past its capacity the image is laid out again: tombstones go, live
 * records keep their handles, pages and patterns.
 */
static void test_records_compaction(void **state)
{
	struct sim_state *st = sim_state_fresh(FFA_PROFILE_SPEC);
	uint32_t cap, i, n = 0;
	const char *why;

	(void)state;
	assert_non_null(st);
	cap = st->rec_cap;
	for (i = 0; i < 3 * cap; i++) {
		live_rec(st, 1 + i % 3, i, 100 + i);
		/* Keep every fourth; the rest become tombstones. */
		if (i % 4 && i != 3 * cap - 1)
			sim_rec_drop(st, sim_rec_by_handle(st, 100 + i));
	}
	assert_true(st->rec_n < st->rec_cap);
	for (i = 0; i < 3 * cap; i++) {
		struct sim_rec *r = sim_rec_by_handle(st, 100 + i);

		if (i % 4 && i != 3 * cap - 1) {
			assert_null(r);
			continue;
		}
		assert_non_null(r);
		assert_int_equal(r->pages, 1 + i % 3);
		assert_int_equal(*sim_page_pattern(st, r->base_pa +
						   (r->pages - 1) * PG), i);
		n++;
	}
	assert_int_equal(st->rec_n - st->dead_n, n);
	assert_true(st->recs_by_handle);
	assert_int_equal(ffa_model_validate(&st->ms, &st->host, &why), 0);
	sim_state_free(st);
}

/* Growing the model's storage keeps the model's state valid. */
static void test_reserve_grows(void **state)
{
	struct sim_state *st = sim_state_fresh(FFA_PROFILE_SPEC);
	uint32_t free0, ranges0;
	const char *why;

	(void)state;
	assert_non_null(st);
	ranges0 = st->host.range_cap;
	free0 = st->host.range_cap - st->ms.ranges_used;
	assert_int_equal(sim_state_reserve(st, 1000, 5000, 3 * PG), 0);
	assert_true(st->host.region_cap >= 1000);
	assert_true(st->host.range_cap >= 5000);
	assert_true(st->host.frag_cap >= 3 * PG);
	assert_true(st->host.index_cap >= 2 * st->host.region_cap);
	/* Every new range slot is on the free list. */
	assert_int_equal(ffa_model_validate(&st->ms, &st->host, &why), 0);
	assert_int_equal(st->host.range_cap - st->ms.ranges_used,
			 free0 + st->host.range_cap - ranges0);
	/* Asking for nothing new changes nothing. */
	assert_int_equal(sim_state_reserve(st, 0, 0, 0), 0);
	assert_int_equal(sim_state_reserve(st, SIM_MAX_COUNT, 0, 0),
			 -ENOMEM);
	sim_state_free(st);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_parse_valid),
		T(test_parse_every_truncation),
		T(test_parse_header_fields),
		T(test_parse_huge_counts),
		T(test_parse_inconsistent),
		T(test_parse_random_damage),
		cmocka_unit_test(test_records_tombstones),
		cmocka_unit_test(test_records_unordered_handles),
		cmocka_unit_test(test_records_compaction),
		cmocka_unit_test(test_reserve_grows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
