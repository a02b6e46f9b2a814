// SPDX-License-Identifier: BSD-3-Clause
/*
 * model/model_index.c: the handle index under churn (random share/reclaim
 * order, a small table with many collisions, no index at all) and
 * ffa_model_reindex().
 */
#include "test_model_host.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_churn_10000),
		cmocka_unit_test(test_churn_tight_table),
		cmocka_unit_test(test_no_index),
		cmocka_unit_test(test_index_too_small_is_ignored),
		cmocka_unit_test(test_reindex),
		cmocka_unit_test(test_region_storage_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
