// SPDX-License-Identifier: BSD-3-Clause
/*
 * model/model_index.c: the handle index under churn (random share/reclaim
 * order, a small table with many collisions, no index at all) and
 * ffa_model_reindex().
 */
#include "test_model_host.h"
#include "model_priv.h"

#define MAX_LIVE 512u

/* A small deterministic PRNG (xorshift32). */
static uint32_t rnd(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static uint64_t share_at(struct th *t, uint64_t addr)
{
	struct td d = td_simple(addr, 1);
	struct ffa_regs r = th_send(t, TH_SHARE32, &d);

	return th_handle(&r);
}

static void check_all(struct th *t, const uint64_t *live, uint32_t n)
{
	uint32_t i;

	assert_int_equal(t->s.region_count, n);
	for (i = 0; i < n; i++) {
		const struct ffa_model_region *g =
			ffa_model_find(&t->s, &t->h, live[i]);

		assert_non_null(g);
		assert_int_equal(g->handle, live[i]);
	}
}

/*
 * @cycles random steps: share a fresh page (handles are sequential) or
 * reclaim a random live handle; every reclaimed handle must be gone, every
 * live one findable.
 */
static void churn(struct th *t, uint32_t cycles, uint32_t max_live,
		  uint32_t seed)
{
	static uint64_t live[MAX_LIVE];
	uint32_t n = 0, i, x = seed, k;
	uint64_t next_addr = TH_FAR, gone;
	struct ffa_regs r;

	for (i = 0; i < cycles; i++) {
		bool add = n == 0 || (n < max_live && (rnd(&x) & 3) != 0);

		if (i > cycles / 2 && n && (rnd(&x) & 1))
			add = false; /* drain towards the end */
		if (add) {
			live[n++] = share_at(t, next_addr);
			next_addr += FFA_PAGE_SIZE;
			continue;
		}
		k = rnd(&x) % n;
		gone = live[k];
		r = th_reclaim(t, gone, 0);
		assert_int_equal(th_status(&r), 0);
		live[k] = live[--n];
		assert_null(ffa_model_find(&t->s, &t->h, gone));
		if ((i & 255) == 0)
			check_all(t, live, n);
	}
	check_all(t, live, n);
	while (n) {
		r = th_reclaim(t, live[--n], 0);
		assert_int_equal(th_status(&r), 0);
	}
	assert_int_equal(t->s.region_count, 0);
	assert_int_equal(t->s.ranges_used, 0);
	assert_int_equal(ffa_model_validate(&t->s, &t->h, NULL), 0);
	for (i = 0; i < t->h.index_cap; i++)
		assert_int_equal(t->index[i], 0);
}

static void test_churn_10000(void **state)
{
	struct th *t = th_new_caps(MAX_LIVE, 2 * MAX_LIVE, 2 * MAX_LIVE, 4096,
				   FFA_PROFILE_SPEC);

	(void)state;
	th_rxtx(t);
	churn(t, 10000, MAX_LIVE, 0x12345678u);
	/* 10000 cycles never reuse a handle. */
	assert_true(t->s.next_handle > 5000);
	assert_true(t->s.next_handle < 10001);
	th_free(t);
}

static void test_churn_tight_table(void **state)
{
	/* index_cap == 2 * region_cap exactly, tiny: long probe runs. */
	struct th *t = th_new_caps(8, 16, 16, 4096, FFA_PROFILE_SPEC);

	(void)state;
	th_rxtx(t);
	churn(t, 5000, 8, 0xBEEF1234u);
	th_free(t);
}

static void test_no_index(void **state)
{
	struct th *t = th_new_caps(32, 64, 0, 4096, FFA_PROFILE_SPEC);

	(void)state;
	t->h.index = NULL;
	th_rxtx(t);
	churn(t, 2000, 32, 7u);
	th_free(t);
}

static void test_index_too_small_is_ignored(void **state)
{
	/* Not >= 2 * region_cap: the model must not trust it. */
	struct th *t = th_new_caps(32, 64, 16, 4096, FFA_PROFILE_SPEC);
	uint32_t i;

	(void)state;
	th_rxtx(t);
	churn(t, 1000, 32, 99u);
	for (i = 0; i < 16; i++)
		assert_int_equal(t->index[i], 0);
	th_free(t);
}

static void test_reindex(void **state)
{
	struct th *t = th_new_caps(64, 128, 128, 4096, FFA_PROFILE_SPEC);
	uint64_t h[40];
	uint32_t i;

	(void)state;
	th_rxtx(t);
	for (i = 0; i < 40; i++)
		h[i] = share_at(t, TH_FAR + 4096ull * i);
	/* A lost index (e.g. a state file without it) finds nothing... */
	memset(t->index, 0, 128 * sizeof(t->index[0]));
	assert_null(ffa_model_find(&t->s, &t->h, h[3]));
	/* ...until rebuilt. */
	ffa_model_reindex(&t->s, &t->h);
	for (i = 0; i < 40; i++) {
		assert_non_null(ffa_model_find(&t->s, &t->h, h[i]));
		assert_int_equal(ffa_model_find(&t->s, &t->h, h[i])->handle,
				 h[i]);
	}
	/* Growing storage: a bigger index, then reindex. */
	free(t->index);
	t->index = calloc(1024, sizeof(*t->index));
	assert_non_null(t->index);
	t->h.index = t->index;
	t->h.index_cap = 1024;
	ffa_model_reindex(&t->s, &t->h);
	for (i = 0; i < 40; i++)
		assert_non_null(ffa_model_find(&t->s, &t->h, h[i]));
	assert_null(ffa_model_find(&t->s, &t->h, h[39] + 1));
	assert_null(ffa_model_find(&t->s, &t->h, 0));
	th_free(t);
}

static void test_region_storage_full(void **state)
{
	struct th *t = th_new_caps(4, 16, 8, 4096, FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_FAR + 100 * 4096ull, 1);
	struct ffa_regs r;
	uint32_t i;

	(void)state;
	th_rxtx(t);
	for (i = 0; i < 4; i++)
		share_at(t, TH_FAR + 4096ull * i);
	r = th_send(t, TH_SHARE32, &d);
	assert_int_equal(th_status(&r), FFA_RET_NO_MEMORY);
	r = th_reclaim(t, 0x1000000000002ull, 0);
	assert_int_equal(th_status(&r), 0);
	r = th_send(t, TH_SHARE32, &d);
	assert_int_equal(th_handle(&r), 0x1000000000005ull);
	assert_int_equal(ffa_model_validate(&t->s, &t->h, NULL), 0);
	th_free(t);
}

/* Longest run of occupied index slots (runs wrap around the end). */
static uint32_t longest_run(const struct th *t)
{
	uint32_t cap = t->h.index_cap, i, start, run = 0, best = 0;

	for (start = 0; start < cap && t->index[start]; start++)
		;
	if (start == cap)
		return cap;
	for (i = 1; i <= cap; i++) {
		run = t->index[(start + i) % cap] ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

/*
 * Probe runs decide the cost of a lookup and of a reclaim's backward
 * shift (each entry passed reads a region). Handles are sequential, and
 * the index places any window of recent ones with no two in one run; live
 * sets with structure (two batches index_cap / 2 handles apart, which
 * land in the same chunks of the index) still make only short runs.
 */
static void test_index_runs_stay_short(void **state)
{
	struct th *t = th_new_caps(1024, 1024, 2048, 4096, FFA_PROFILE_SPEC);
	static uint64_t live[1024];
	uint64_t addr = TH_FAR, h;
	struct ffa_regs r;
	uint32_t i, n = 0;

	(void)state;
	th_rxtx(t);
	for (i = 0; i < 500; i++, addr += FFA_PAGE_SIZE)
		live[n++] = share_at(t, addr);
	assert_int_equal(longest_run(t), 1);
	/* Transients until the sequence is index_cap / 2 further on. */
	while (t->s.next_handle < live[0] - FFA_MODEL_HANDLE_BASE + 1024) {
		h = share_at(t, addr);
		r = th_reclaim(t, h, 0);
		assert_int_equal(th_status(&r), 0);
		assert_true(longest_run(t) <= 2);
	}
	for (i = 0; i < 500; i++, addr += FFA_PAGE_SIZE)
		live[n++] = share_at(t, addr);
	assert_int_equal(live[500] - live[0], 1024);
	check_all(t, live, n);
	assert_true(longest_run(t) <= 48);
	/* Transients probing through that, and the index stays exact. */
	for (i = 0; i < 2048; i++, addr += FFA_PAGE_SIZE) {
		h = share_at(t, addr);
		assert_non_null(ffa_model_find(&t->s, &t->h, h));
		r = th_reclaim(t, h, 0);
		assert_int_equal(th_status(&r), 0);
		assert_null(ffa_model_find(&t->s, &t->h, h));
	}
	check_all(t, live, n);
	assert_true(longest_run(t) <= 48);
	th_free(t);
}

/* ---- the tree of live ranges (h->range_links) ------------------------- */

static void th_add_links(struct th *t, struct ffa_model_range_link **links)
{
	*links = calloc((size_t)t->h.range_cap + 1, sizeof(**links));
	assert_non_null(*links);
	t->h.range_links = *links;
	ffa_model_reindex(&t->s, &t->h);
}

/* Walks the subtree at @i: search order, heap order, parent links. */
static uint32_t tree_check(const struct ffa_model_host *h, uint32_t i,
			   uint32_t parent, uint64_t lo, uint64_t hi)
{
	const struct ffa_model_range_link *l;

	if (i == UINT32_MAX)
		return 0;
	assert_true(i < h->range_cap);
	l = &h->range_links[i];
	assert_int_equal(l->parent, parent);
	assert_true(h->ranges[i].pages != 0);
	assert_true(h->ranges[i].address >= lo);
	assert_true(h->ranges[i].address < hi);
	return 1 + tree_check(h, l->left, i, lo, h->ranges[i].address) +
	       tree_check(h, l->right, i, h->ranges[i].address + 1, hi);
}

static void tree_ok(const struct th *t)
{
	const struct ffa_model_host *h = &t->h;

	assert_int_equal(tree_check(h, h->range_links[h->range_cap].left,
				    h->range_cap, 0, UINT64_MAX),
			 t->s.ranges_used);
}

/*
 * The same random shares (1-3 pages at page 0..63 of a small window, so
 * that many overlap a live one) and reclaims on a host with the tree and
 * one without: every answer must be the same, and the tree well formed.
 */
static void test_range_tree_matches_scan(void **state)
{
	struct th *a = th_new_caps(64, 128, 128, 4096, FFA_PROFILE_SPEC);
	struct th *b = th_new_caps(64, 128, 128, 4096, FFA_PROFILE_SPEC);
	struct ffa_model_range_link *links;
	uint64_t live[64];
	uint32_t n = 0, i, x = 0xC0FFEEu, k, refused = 0;
	struct ffa_regs ra, rb;

	(void)state;
	th_rxtx(a);
	th_rxtx(b);
	th_add_links(a, &links);
	for (i = 0; i < 4000; i++) {
		if (n < 64 && (n == 0 || (rnd(&x) % 3) != 0)) {
			struct td d = td_simple(TH_FAR + 4096ull *
						(rnd(&x) % 64),
						1 + rnd(&x) % 3);

			ra = th_send(a, TH_SHARE32, &d);
			rb = th_send(b, TH_SHARE32, &d);
			assert_memory_equal(&ra, &rb, sizeof(ra));
			if (th_status(&ra) == 0)
				live[n++] = th_handle(&ra);
			else
				refused++;
		} else {
			k = rnd(&x) % n;
			ra = th_reclaim(a, live[k], 0);
			rb = th_reclaim(b, live[k], 0);
			assert_memory_equal(&ra, &rb, sizeof(ra));
			assert_int_equal(th_status(&ra), 0);
			live[k] = live[--n];
		}
		if ((i & 63) == 0)
			tree_ok(a);
	}
	tree_ok(a);
	/* The window is small: overlaps were refused, and not all. */
	assert_true(refused > 100);
	assert_true(a->s.next_handle > 500);
	/* A rebuild gives a well-formed tree of the same ranges. */
	ffa_model_reindex(&a->s, &a->h);
	tree_ok(a);
	while (n) {
		ra = th_reclaim(a, live[--n], 0);
		assert_int_equal(th_status(&ra), 0);
	}
	assert_int_equal(links[a->h.range_cap].left, UINT32_MAX);
	free(links);
	th_free(a);
	th_free(b);
}

/* The overlap query on its own, against ranges placed by hand. */
static void test_range_tree_queries(void **state)
{
	struct th *t = th_new_caps(16, 32, 32, 4096, FFA_PROFILE_SPEC);
	struct ffa_model_range_link *links;
	struct td d = td_simple(TH_FAR + 10 * 4096ull, 4); /* pages 10..13 */
	struct ffa_regs r;

	(void)state;
	th_rxtx(t);
	th_add_links(t, &links);
	assert_false(model_ranges_overlap(&t->h, TH_FAR, 1000));
	r = th_send(t, TH_SHARE32, &d);
	assert_int_equal(th_status(&r), 0);
	share_at(t, TH_FAR + 20 * 4096ull);                 /* page 20 */
	assert_false(model_ranges_overlap(&t->h, TH_FAR, 10));
	assert_true(model_ranges_overlap(&t->h, TH_FAR, 11));
	assert_true(model_ranges_overlap(&t->h, TH_FAR + 13 * 4096ull, 1));
	assert_false(model_ranges_overlap(&t->h, TH_FAR + 14 * 4096ull, 6));
	assert_true(model_ranges_overlap(&t->h, TH_FAR + 14 * 4096ull, 7));
	assert_true(model_ranges_overlap(&t->h, TH_FAR + 5 * 4096ull, 100));
	assert_false(model_ranges_overlap(&t->h, TH_FAR + 21 * 4096ull, 9));
	/* Reclaimed: gone from the tree. */
	r = th_reclaim(t, th_handle(&r), 0);
	assert_int_equal(th_status(&r), 0);
	assert_false(model_ranges_overlap(&t->h, TH_FAR + 10 * 4096ull, 4));
	assert_true(model_ranges_overlap(&t->h, TH_FAR + 20 * 4096ull, 1));
	free(links);
	th_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_churn_10000),
		cmocka_unit_test(test_churn_tight_table),
		cmocka_unit_test(test_no_index),
		cmocka_unit_test(test_index_too_small_is_ignored),
		cmocka_unit_test(test_reindex),
		cmocka_unit_test(test_region_storage_full),
		cmocka_unit_test(test_index_runs_stay_short),
		cmocka_unit_test(test_range_tree_matches_scan),
		cmocka_unit_test(test_range_tree_queries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
