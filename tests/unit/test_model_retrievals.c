// SPDX-License-Identifier: BSD-3-Clause
/*
 * Outstanding retrievals (ACS lend_share_multiple_retrievals): what a
 * partition's FFA_FEATURES(FFA_MEM_RETRIEVE_REQ) reports through the test
 * partition's FFA_SP_CMD_FEATURES, that the model's limit is that count,
 * and that a retrieve with the zero flag by a borrower that holds the
 * region already is INVALID_PARAMETERS (DEN0077 v1.1 Table 10.22 bit 0).
 */
#include "test_model_host.h"

#define DIRECT_REQ 0x8400006Fu
#define DIRECT_RESP 0x84000070u
#define RETRIEVE_REQ32 0x84000074u
#define RETRIEVE_REQ64 0xC4000074u
#define RELINQUISH 0x84000076u

/* Sends so far in this test: each takes its own page. */
static uint32_t nsent;

static struct th *mapped(uint32_t profile)
{
	struct th *t = th_new(profile);

	nsent = 0;
	th_rxtx(t);
	return t;
}

static uint64_t sent(struct th *t, bool lend, uint32_t flags)
{
	struct td d = td_simple(TH_DATA + FFA_PAGE_SIZE * nsent++, 1);
	struct ffa_regs r;

	if (lend)
		d.attr = 0;
	d.perm[0] = FFA_PERM_RW;
	d.flags = flags;
	r = th_send(t, lend ? TH_LEND32 : TH_SHARE32, &d);
	return th_handle(&r);
}

/* FFA_SP_CMD_FEATURES: the status; *w2 and *w3 the answer's properties. */
static int32_t sp_features(struct th *t, uint32_t fid, uint32_t props,
			   uint32_t *w2, uint32_t *w3)
{
	struct ffa_regs r = th_call(t, DIRECT_REQ, FFA_MODEL_TEST_SP_ID, 0,
				    FFA_SP_CMD_FEATURES, 0, 0, fid, props);

	assert_int_equal(r.a[0], DIRECT_RESP);
	*w2 = (uint32_t)r.a[4];
	*w3 = (uint32_t)r.a[5];
	return (int32_t)(uint32_t)r.a[3];
}

static int32_t retrieve_flags(struct th *t, uint64_t h, uint16_t flags)
{
	struct ffa_sp_retrieve_with w = {
		.set = FFA_SP_RETRIEVE_SET_FLAGS, .flags = flags,
	};
	struct ffa_regs r;
	uint64_t a6, a7;

	ffa_sp_retrieve_with_encode(&w, &a6, &a7);
	r = th_call(t, DIRECT_REQ, FFA_MODEL_TEST_SP_ID, 0,
		    FFA_SP_CMD_RETRIEVE_WITH, (uint32_t)h, h >> 32, a6, a7);
	assert_int_equal(r.a[0], DIRECT_RESP);
	return (int32_t)(uint32_t)r.a[3];
}

static void test_count_helper(void **state)
{
	(void)state;
	assert_int_equal(ffa_features_retrieve_count(0), 1);
	assert_int_equal(ffa_features_retrieve_count(1), 3);
	assert_int_equal(ffa_features_retrieve_count(7), 255);
	assert_int_equal(ffa_features_retrieve_count(30), 0x7FFFFFFFu);
	assert_int_equal(ffa_features_retrieve_count(31), UINT32_MAX);
	assert_int_equal(ffa_features_retrieve_count(255), UINT32_MAX);
	/* Only w3[7:0] counts. */
	assert_int_equal(ffa_features_retrieve_count(0x100), 1);
}

/* spec: the NS bit as asked, and the model's own limit in w3[7:0]. */
static void test_features_spec(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	struct ffa_regs r;
	uint32_t w2, w3;

	(void)state;
	assert_int_equal(sp_features(t, RETRIEVE_REQ32,
				     FFA_FEATURES_RETRIEVE_NS, &w2, &w3), 0);
	assert_int_equal(w2, FFA_FEATURES_RETRIEVE_NS);
	assert_int_equal(w3, 7);
	assert_int_equal(sp_features(t, RETRIEVE_REQ64,
				     FFA_FEATURES_RETRIEVE_NS, &w2, &w3), 0);
	assert_int_equal(w3, 7);
	/* A v1.1+ partition must handle the NS bit (Hafnium, TF-A). */
	assert_int_equal(sp_features(t, RETRIEVE_REQ32, 0, &w2, &w3),
			 FFA_RET_NOT_SUPPORTED);
	/* The borrower's calls are a partition's, not the normal world's. */
	assert_int_equal(sp_features(t, RELINQUISH, 0, &w2, &w3), 0);
	r = th_call(t, 0x84000064u, RETRIEVE_REQ32, FFA_FEATURES_RETRIEVE_NS,
		    0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_NOT_SUPPORTED);
	/* Anything else: the normal world's answer. */
	assert_int_equal(sp_features(t, 0x84000063u, 0, &w2, &w3), 0);
	assert_int_equal(sp_features(t, 0x840000FEu, 0, &w2, &w3),
			 FFA_RET_NOT_SUPPORTED);
	th_free(t);
}

/* The count FFA_FEATURES reports is the limit: one more is DENIED. */
static void limit_is_reported(uint32_t profile, bool lend)
{
	struct th *t = mapped(profile);
	uint64_t h = sent(t, lend, 0);
	struct ffa_regs r;
	uint32_t w2, w3, n, i;

	assert_int_equal(sp_features(t, RETRIEVE_REQ32,
				     FFA_FEATURES_RETRIEVE_NS, &w2, &w3), 0);
	n = ffa_features_retrieve_count(w3);
	assert_true(n > 1);
	for (i = 0; i < n; i++)
		assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, h, 0, NULL), 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, h, 0, NULL),
			 FFA_RET_DENIED);
	r = th_reclaim(t, h, 0);
	assert_int_equal(th_status(&r), FFA_RET_DENIED);
	for (i = 0; i < n; i++)
		assert_int_equal(th_sp(t, FFA_SP_CMD_RELINQUISH, h, 0, NULL),
				 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RELINQUISH, h, 0, NULL),
			 FFA_RET_DENIED);
	assert_int_equal(th_reclaim(t, h, 0).a[0], TH_SUCCESS);
	th_free(t);
}

static void test_limit_lend(void **state)
{
	(void)state;
	limit_is_reported(FFA_PROFILE_SPEC, true);
}

static void test_limit_share(void **state)
{
	(void)state;
	limit_is_reported(FFA_PROFILE_SPEC, false);
}

/*
 * Table 10.22 bit 0, "MBZ if the Receiver has previously retrieved this
 * memory region": INVALID_PARAMETERS, before the rule that the owner did
 * not ask for zeroing (DENIED), as ACS expects.
 */
static void test_zero_again(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	uint64_t plain = sent(t, true, 0);
	uint64_t zeroed = sent(t, true, FFA_MTD_FLAG_ZERO);

	(void)state;
	/* First retrieve: the owner did not ask for zeroing. */
	assert_int_equal(retrieve_flags(t, plain, FFA_MTD_FLAG_ZERO),
			 FFA_RET_DENIED);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, plain, 0, NULL), 0);
	assert_int_equal(retrieve_flags(t, plain, FFA_MTD_FLAG_ZERO),
			 FFA_RET_INVALID_PARAMETERS);
	/* Without the flag, again is fine. */
	assert_int_equal(retrieve_flags(t, plain, 0), 0);
	/* The owner asked: the first may zero, a second may not. */
	assert_int_equal(retrieve_flags(t, zeroed, FFA_MTD_FLAG_ZERO), 0);
	assert_int_equal(retrieve_flags(t, zeroed, FFA_MTD_FLAG_ZERO),
			 FFA_RET_INVALID_PARAMETERS);
	/* Once relinquished, it is a first retrieve again. */
	assert_int_equal(th_sp(t, FFA_SP_CMD_RELINQUISH, zeroed, 0, NULL), 0);
	assert_int_equal(retrieve_flags(t, zeroed, FFA_MTD_FLAG_ZERO), 0);
	th_free(t);
}

/*
 * TF-A 2.8: ffa_features_retrieve_request() wants the NS bit from a v1.1
 * partition and answers w2 = the NS bit, w3 = 0 (one retrieval), but
 * spmc_ffa_mem_retrieve_req() counts obj->in_use without a limit.
 */
static void test_tfa(void **state)
{
	struct th *t = mapped(FFA_PROFILE_TFA_EL3);
	uint64_t h = sent(t, true, 0);
	uint32_t w2, w3;

	(void)state;
	assert_int_equal(sp_features(t, RETRIEVE_REQ32, 0, &w2, &w3),
			 FFA_RET_NOT_SUPPORTED);
	assert_int_equal(sp_features(t, RETRIEVE_REQ64,
				     FFA_FEATURES_RETRIEVE_NS, &w2, &w3), 0);
	assert_int_equal(w2, FFA_FEATURES_RETRIEVE_NS);
	assert_int_equal(w3, 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, h, 0, NULL), 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, h, 0, NULL), 0);
	/* Any flag but the type: INVALID_PARAMETERS, again or not. */
	assert_int_equal(retrieve_flags(t, h, FFA_MTD_FLAG_ZERO),
			 FFA_RET_INVALID_PARAMETERS);
	th_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count_helper),
		cmocka_unit_test(test_features_spec),
		cmocka_unit_test(test_limit_lend),
		cmocka_unit_test(test_limit_share),
		cmocka_unit_test(test_zero_again),
		cmocka_unit_test(test_tfa),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
