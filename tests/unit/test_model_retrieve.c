// SPDX-License-Identifier: BSD-3-Clause
/*
 * model/model_retrieve.c through the test partition's protocol: the
 * retrieve request FFA_SP_CMD_RETRIEVE_WITH builds and the relinquish of
 * FFA_SP_CMD_RELINQUISH_WITH, judged as DEN0077 (spec) and TF-A 2.8
 * (tfa-el3) judge them.
 */
#include "test_model_host.h"

#define H1 0x1000000000001ull

/* Sends so far in this test: each takes its own 2 pages. */
static uint32_t nsent;

static struct th *mapped(uint32_t profile)
{
	struct th *t = th_new(profile);

	nsent = 0;

	th_rxtx(t);
	return t;
}

/* Sends @d with @fid (a lend if @lend), perm @perm; returns the handle. */
static uint64_t sent(struct th *t, bool lend, uint8_t perm, uint32_t flags)
{
	struct td d = td_simple(TH_DATA + 2ull * FFA_PAGE_SIZE * nsent++, 2);
	struct ffa_regs r;

	/* DEN0077 §10.10 memory type usage: a lend leaves it to the SPMC. */
	if (lend)
		d.attr = 0;
	d.perm[0] = perm;
	d.flags = flags;
	r = th_send(t, lend ? TH_LEND32 : TH_SHARE32, &d);
	assert_int_equal(r.a[0], TH_SUCCESS);
	return th_handle(&r);
}

static int32_t retr(struct th *t, uint64_t h,
		    const struct ffa_sp_retrieve_with *w)
{
	struct ffa_regs r;
	uint64_t a6, a7;

	ffa_sp_retrieve_with_encode(w, &a6, &a7);
	r = th_call(t, 0x8400006Fu, FFA_MODEL_TEST_SP_ID, 0,
		    FFA_SP_CMD_RETRIEVE_WITH, (uint32_t)h, h >> 32, a6, a7);
	assert_int_equal(r.a[0], 0x84000070u);
	return (int32_t)(uint32_t)r.a[3];
}

static int32_t rq(struct th *t, uint64_t h,
		  const struct ffa_sp_relinquish_with *w)
{
	struct ffa_regs r;
	uint64_t a6, a7;

	ffa_sp_relinquish_with_encode(w, &a6, &a7);
	r = th_call(t, 0x8400006Fu, FFA_MODEL_TEST_SP_ID, 0,
		    FFA_SP_CMD_RELINQUISH_WITH, (uint32_t)h, h >> 32, a6, a7);
	assert_int_equal(r.a[0], 0x84000070u);
	return (int32_t)(uint32_t)r.a[3];
}

#define PERM(p) (&(struct ffa_sp_retrieve_with){ \
	.set = FFA_SP_RETRIEVE_SET_PERM, .perm = (p) })
#define FLAGS(f) (&(struct ffa_sp_retrieve_with){ \
	.set = FFA_SP_RETRIEVE_SET_FLAGS, .flags = (f) })
#define ATTR(a, p) (&(struct ffa_sp_retrieve_with){ \
	.set = FFA_SP_RETRIEVE_SET_ATTR | FFA_SP_RETRIEVE_SET_PERM, \
	.attributes = (a), .perm = (p) })

static uint32_t retrieved(struct th *t, uint64_t h)
{
	return ffa_model_find(&t->s, &t->h, h)->retrieved[0];
}

/* DEN0077 §10.10 data access usage: no more than the owner gave. */
static void test_permissions(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	uint64_t ro = sent(t, true, FFA_PERM_RO, 0);
	uint64_t rw;

	(void)state;
	assert_int_equal(retr(t, ro, PERM(FFA_PERM_RW | FFA_PERM_NX)),
			 FFA_RET_DENIED);
	assert_int_equal(retrieved(t, ro), 0);
	assert_int_equal(retr(t, ro, PERM(FFA_PERM_RO | FFA_PERM_NX)), 0);
	assert_int_equal(retrieved(t, ro), 1);
	/* A lend's sole borrower names its instruction access. */
	rw = sent(t, true, FFA_PERM_RW, 0);
	assert_int_equal(retr(t, rw, PERM(FFA_PERM_RW)),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(retr(t, rw, PERM(FFA_PERM_RO | FFA_PERM_NX)), 0);
	/* A share's borrower does not; RO of an RW share is fine. */
	rw = sent(t, false, FFA_PERM_RW, 0);
	assert_int_equal(retr(t, rw, PERM(FFA_PERM_RW | FFA_PERM_X)),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(retr(t, rw, PERM(FFA_PERM_RO)), 0);
	th_free(t);
}

static void test_header_fields(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	uint64_t h = sent(t, true, FFA_PERM_RW, 0);

	(void)state;
	assert_int_equal(retr(t, h, &(struct ffa_sp_retrieve_with){
		.set = FFA_SP_RETRIEVE_SET_SENDER, .sender = 0x1234 }),
		FFA_RET_DENIED);
	assert_int_equal(retr(t, h, &(struct ffa_sp_retrieve_with){
		.set = FFA_SP_RETRIEVE_SET_TAG, .tag = 5 }),
		FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(retr(t, h, FLAGS(FFA_RETRIEVE_FLAG_TYPE_SHARE)),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(retr(t, h, FLAGS(FFA_RETRIEVE_FLAG_TYPE_DONATE)),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(retr(t, h, FLAGS(1u << 11)),
			 FFA_RET_INVALID_PARAMETERS);
	/* A mask bit the protocol does not define. */
	assert_int_equal(retr(t, h, &(struct ffa_sp_retrieve_with){
		.set = 1u << 5 }), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(retrieved(t, h), 0);
	assert_int_equal(retr(t, h, FLAGS(FFA_RETRIEVE_FLAG_TYPE_LEND)), 0);
	/* The plain retrieve is a conforming request. */
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, h, 0, NULL), 0);
	assert_int_equal(retrieved(t, h), 2);
	th_free(t);
}

/*
 * Table 10.22 bits [10:5]: a hint without its valid bit is reserved; a
 * valid one is taken; the bypass flag is not for a sole borrower.
 */
static void test_hint_and_bypass(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	uint64_t h = sent(t, true, FFA_PERM_RW, 0);

	(void)state;
	assert_int_equal(retr(t, h, FLAGS(0x8u << 5)),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(retr(t, h, FLAGS(FFA_RETRIEVE_FLAG_BYPASS_BORROWERS)),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(retrieved(t, h), 0);
	assert_int_equal(retr(t, h, FLAGS(FFA_RETRIEVE_FLAG_HINT_VALID |
					  (0x1u << 5))), 0);
	assert_int_equal(retrieved(t, h), 1);
	th_free(t);
}

static void test_attributes(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	uint64_t lend = sent(t, true, FFA_PERM_RW, 0);
	uint64_t share = sent(t, false, FFA_PERM_RW, 0);

	(void)state;
	assert_int_equal(retr(t, lend, ATTR(FFA_ATTR_TYPE_DEVICE,
					  FFA_PERM_RW | FFA_PERM_X)),
			 FFA_RET_DENIED);
	assert_int_equal(retr(t, share, ATTR(FFA_ATTR_TYPE_NORMAL |
					   FFA_ATTR_CACHE_NC |
					   FFA_ATTR_SH_INNER, 0)),
			 FFA_RET_DENIED);
	assert_int_equal(retr(t, share, ATTR(FFA_ATTR_NORMAL_WB_INNER |
					   FFA_ATTR_NS, 0)),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(retr(t, share, ATTR(FFA_ATTR_NORMAL_WB_INNER, 0)), 0);
	th_free(t);
}

/* Table 10.22 bit 0: zeroing before retrieve, only as the owner asked. */
static void test_zero_flag(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	uint64_t ro = sent(t, true, FFA_PERM_RO, 0);
	uint64_t rw = sent(t, true, FFA_PERM_RW, 0);
	uint64_t share = sent(t, false, FFA_PERM_RW, 0);
	uint64_t z;

	(void)state;
	assert_int_equal(retr(t, ro, FLAGS(FFA_MTD_FLAG_ZERO)), FFA_RET_DENIED);
	assert_int_equal(retr(t, rw, FLAGS(FFA_MTD_FLAG_ZERO)), FFA_RET_DENIED);
	assert_int_equal(retr(t, share, FLAGS(FFA_MTD_FLAG_ZERO)),
			 FFA_RET_INVALID_PARAMETERS);
	z = sent(t, true, FFA_PERM_RW, FFA_MTD_FLAG_ZERO);
	assert_int_equal(retr(t, z, FLAGS(FFA_MTD_FLAG_ZERO)), 0);
	th_free(t);
}

static void test_relinquish_with(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	uint64_t ro = sent(t, true, FFA_PERM_RO, 0);
	uint64_t share = sent(t, false, FFA_PERM_RW, 0);
	uint64_t res;

	(void)state;
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, ro, 0, &res), 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, share, 0, &res), 0);
	assert_int_equal(rq(t, ro, &(struct ffa_sp_relinquish_with){
		.set = FFA_SP_RELINQUISH_SET_FLAGS, .flags = 1u << 2 }),
		FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rq(t, ro, &(struct ffa_sp_relinquish_with){
		.set = FFA_SP_RELINQUISH_SET_COUNT, .count = 0 }),
		FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rq(t, ro, &(struct ffa_sp_relinquish_with){
		.set = FFA_SP_RELINQUISH_SET_FLAGS,
		.flags = FFA_RELINQUISH_FLAG_ZERO }), FFA_RET_DENIED);
	assert_int_equal(rq(t, share, &(struct ffa_sp_relinquish_with){
		.set = FFA_SP_RELINQUISH_SET_FLAGS,
		.flags = FFA_RELINQUISH_FLAG_ZERO }),
		FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(retrieved(t, ro), 1);
	assert_int_equal(rq(t, ro, &(struct ffa_sp_relinquish_with){ 0 }), 0);
	assert_int_equal(retrieved(t, ro), 0);
	th_free(t);
}

/* A relinquish with the zero flag zeroes a lent region. */
static void test_relinquish_zeroes(void **state)
{
	struct th *t = mapped(FFA_PROFILE_SPEC);
	uint64_t h = sent(t, true, FFA_PERM_RW, 0);
	uint64_t sum = 0;

	(void)state;
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, h, 0, NULL), 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_WRITE, h, 0x5A5A5A5Au, NULL), 0);
	assert_int_equal(rq(t, h, &(struct ffa_sp_relinquish_with){
		.set = FFA_SP_RELINQUISH_SET_FLAGS,
		.flags = FFA_RELINQUISH_FLAG_ZERO }), 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_RETRIEVE, h, 0, NULL), 0);
	assert_int_equal(th_sp(t, FFA_SP_CMD_CHECKSUM, h, 0, &sum), 0);
	assert_int_equal(sum, 0);
	th_free(t);
}

/* TF-A 2.8 spmc_ffa_mem_retrieve_req()/_relinquish(): header and flags. */
static void test_tfa_rules(void **state)
{
	struct th *t = mapped(FFA_PROFILE_TFA_EL3);
	uint64_t ro = sent(t, true, FFA_PERM_RO, 0);

	(void)state;
	assert_int_equal(retr(t, ro, &(struct ffa_sp_retrieve_with){
		.set = FFA_SP_RETRIEVE_SET_SENDER, .sender = 0x1234 }),
		FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(retr(t, ro, FLAGS(FFA_MTD_FLAG_ZERO)),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(retr(t, ro, FLAGS(FFA_MTD_FLAG_ZERO |
					 FFA_RETRIEVE_FLAG_TYPE_LEND)),
			 FFA_RET_INVALID_PARAMETERS);
	/* No permission or attribute checks. */
	assert_int_equal(retr(t, ro, ATTR(FFA_ATTR_TYPE_DEVICE,
					FFA_PERM_RW | FFA_PERM_X)), 0);
	assert_int_equal(rq(t, ro, &(struct ffa_sp_relinquish_with){
		.set = FFA_SP_RELINQUISH_SET_FLAGS,
		.flags = FFA_RELINQUISH_FLAG_ZERO }),
		FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(rq(t, ro, &(struct ffa_sp_relinquish_with){ 0 }), 0);
	th_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_permissions),
		cmocka_unit_test(test_header_fields),
		cmocka_unit_test(test_hint_and_bypass),
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_zero_flag),
		cmocka_unit_test(test_relinquish_with),
		cmocka_unit_test(test_relinquish_zeroes),
		cmocka_unit_test(test_tfa_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
