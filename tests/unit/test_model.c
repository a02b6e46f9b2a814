// SPDX-License-Identifier: BSD-3-Clause
/*
 * model/model.c: dispatch, FFA_VERSION, FFA_FEATURES, ID calls, profiles,
 * reset and fault injection.
 */
#include "test_model_host.h"

static void assert_zero_from(const struct ffa_regs *r, int first)
{
	int i;

	for (i = first; i < FFA_NREGS; i++)
		assert_int_equal(r->a[i], 0);
}

static void test_profile_names(void **state)
{
	(void)state;
	assert_string_equal(ffa_model_profile_name(FFA_PROFILE_SPEC), "spec");
	assert_string_equal(ffa_model_profile_name(FFA_PROFILE_TFA_EL3),
			    "tfa-el3");
	assert_string_equal(ffa_model_profile_name(FFA_PROFILE_OPTEE), "optee");
	assert_null(ffa_model_profile_name(FFA_PROFILE_COUNT));
	assert_int_equal(ffa_model_profile_parse("spec"), FFA_PROFILE_SPEC);
	assert_int_equal(ffa_model_profile_parse("tfa-el3"),
			 FFA_PROFILE_TFA_EL3);
	assert_int_equal(ffa_model_profile_parse("optee"), FFA_PROFILE_OPTEE);
	assert_int_equal(ffa_model_profile_parse("OPTEE"), -1);
	assert_int_equal(ffa_model_profile_parse("tfa"), -1);
	assert_int_equal(ffa_model_profile_parse(""), -1);
	assert_int_equal(ffa_model_profile_parse(NULL), -1);
}

static void test_reset_defaults(void **state)
{
	struct th *t = th_new(FFA_PROFILE_OPTEE);

	(void)state;
	assert_int_equal(t->s.profile, FFA_PROFILE_OPTEE);
	assert_int_equal(t->s.version, 0);
	assert_int_equal(t->s.next_handle, 1);
	assert_int_equal(t->s.rxtx_pages, 0);
	assert_int_equal(t->s.region_count, 0);
	/* The test layout: 0x8001, 0x8002 (test protocol), 0x8003. */
	assert_int_equal(t->s.partition_count, 3);
	assert_int_equal(t->s.partitions[1].id, 0x8002);
	assert_int_equal(t->s.partitions[1].props & 7u, 3u);
	assert_int_equal(t->s.partitions[1].proto, FFA_SP_PROTO_TEST);
	/* ...-000000008002: its own UUID, the last word differs. */
	assert_int_equal(t->s.partitions[1].uuid[3], 0x02800000u);
	/* No direct request receipt or sending: indirect messaging only. */
	assert_int_equal(t->s.partitions[2].id, 0x8003);
	assert_int_equal(t->s.partitions[2].props & 7u, 4u);
	assert_int_equal(t->s.partitions[2].uuid[3], 0x03800000u);
	assert_int_equal(t->s.partitions[0].id, 0x8001);
	assert_int_equal(t->s.partitions[0].exec_ctx, 1);
	/* Direct request receive and send (DEN0077 table 6.2 bits 0, 1). */
	assert_int_equal(t->s.partitions[0].props & 3u, 3u);
	/* ffac7100-7e57-4d1e-a5a1-000000008001, bytes as LE words. */
	assert_int_equal(t->s.partitions[0].uuid[0], 0x0071ACFFu);
	assert_int_equal(t->s.partitions[0].uuid[1], 0x1E4D577Eu);
	assert_int_equal(t->s.partitions[0].uuid[2], 0x0000A1A5u);
	assert_int_equal(t->s.partitions[0].uuid[3], 0x01800000u);
	th_free(t);

	t = th_new(77);
	assert_int_equal(t->s.profile, FFA_PROFILE_SPEC);
	th_free(t);
}

static void test_version(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	struct ffa_regs r;

	(void)state;
	r = th_call(t, 0x84000063u, 0x10000, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	assert_zero_from(&r, 1);
	assert_int_equal(t->s.version, 0x10000);

	r = th_call(t, 0x84000063u, 0x10001, 7, 7, 7, 7, 7, 7);
	assert_int_equal(r.a[0], 0x10002);
	assert_zero_from(&r, 1);
	assert_int_equal(t->s.version, 0x10001);

	r = th_call(t, 0x84000063u, 0x10002, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	assert_int_equal(t->s.version, 0x10002);

	/* A later minor of the same major is compatible too. */
	r = th_call(t, 0x84000063u, 0x10009, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);

	/* Bit 31 MBZ: NOT_SUPPORTED in a0, state untouched. */
	r = th_call(t, 0x84000063u, 0x80010002u, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0xFFFFFFFFu);
	assert_zero_from(&r, 1);
	assert_int_equal(t->s.version, 0x10009);

	/*
	 * Another major: the callee still answers its own version and the
	 * caller judges (DEN0077 §13.2; the ACS's "incompatible major
	 * version" check), but nothing is negotiated.
	 */
	r = th_call(t, 0x84000063u, 0x20000, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	r = th_call(t, 0x84000063u, 0x00005, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	assert_int_equal(t->s.version, 0x10009);

	/* SMC32: the upper half of a1 is not part of the argument. */
	r = th_call(t, 0x84000063u, 0xFFFFFFFF00010001ull, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	assert_int_equal(t->s.version, 0x10001);
	th_free(t);
}

static void test_unknown_ids(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	struct ffa_regs r;

	(void)state;
	/* An FF-A number the model lacks: FFA_ERROR NOT_SUPPORTED. */
	r = th_call(t, 0x840000FFu, 1, 2, 3, 4, 5, 6, 7);
	assert_int_equal(r.a[0], TH_ERROR);
	assert_int_equal(r.a[1], 0);
	/* Sign-extended as TF-A does; the low 32 bits are what counts. */
	assert_int_equal(r.a[2], 0xFFFFFFFFFFFFFFFFull);
	assert_zero_from(&r, 3);
	r = th_call(t, 0x8400006Bu, 0, 0, 0, 0, 0, 0, 0); /* MSG_WAIT */
	assert_int_equal(th_status(&r), FFA_RET_NOT_SUPPORTED);
	/* Normal world may not retrieve or relinquish. */
	r = th_call(t, 0x84000074u, 48, 48, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_NOT_SUPPORTED);
	r = th_call(t, 0x84000076u, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_NOT_SUPPORTED);
	r = th_call(t, 0x8400007Au, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_NOT_SUPPORTED);
	/* SMC64 form of an SMC32-only call. */
	r = th_call(t, 0xC4000069u, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_NOT_SUPPORTED);
	/* Not an FF-A ID at all: SMCCC NOT_SUPPORTED (-1) in a0. */
	r = th_call(t, 0x84000000u, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], UINT64_MAX);
	assert_zero_from(&r, 1);
	r = th_call(t, 0x82000063u, 0x10002, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], UINT64_MAX);
	assert_int_equal(t->s.version, 0);
	th_free(t);
}

static int32_t features(struct th *t, uint32_t fid)
{
	struct ffa_regs r = th_call(t, 0x84000064u, fid, 0, 0, 0, 0, 0, 0);
	int32_t st = th_status(&r);

	if (st == 0) {
		assert_int_equal(r.a[2], 0);
		assert_zero_from(&r, 3);
	}
	return st;
}

static void test_features(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);

	(void)state;
	assert_int_equal(features(t, 0x84000066u), 0);
	assert_int_equal(features(t, 0xC4000066u), 0);
	assert_int_equal(features(t, 0x84000063u), 0);
	assert_int_equal(features(t, 0x84000073u), 0);
	assert_int_equal(features(t, 0xC4000073u), 0);
	assert_int_equal(features(t, 0x84000071u), 0);
	assert_int_equal(features(t, 0x84000077u), 0);
	assert_int_equal(features(t, 0x84000085u), 0);
	assert_int_equal(features(t, 0xC400008Du), 0);
	assert_int_equal(features(t, 0x8400008Du), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(features(t, 0xC4000077u), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(features(t, 0x84000074u), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(features(t, 0x8400007Au), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(features(t, 0x840000FEu), FFA_RET_NOT_SUPPORTED);
	/* Feature IDs (bit 31 clear): none implemented. */
	assert_int_equal(features(t, 1), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(features(t, 3), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(features(t, 0x63), FFA_RET_NOT_SUPPORTED);
	/* Not FF-A. */
	assert_int_equal(features(t, 0x84000001u), FFA_RET_NOT_SUPPORTED);
	th_free(t);

	t = th_new(FFA_PROFILE_TFA_EL3);
	assert_int_equal(features(t, 0x84000071u), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(features(t, 0xC4000071u), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(features(t, 0x84000072u), 0);
	assert_int_equal(features(t, 0x84000069u), 0);
	th_free(t);

	/*
	 * OP-TEE hides FFA_ID_GET and FFA_MEM_LEND from FFA_FEATURES,
	 * though both calls work.
	 */
	t = th_new(FFA_PROFILE_OPTEE);
	assert_int_equal(features(t, 0x84000069u), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(features(t, 0x84000072u), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(features(t, 0xC4000072u), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(features(t, 0x84000073u), 0);
	{
		struct ffa_regs r = th_call(t, 0x84000069u, 0, 0, 0, 0, 0, 0,
					    0);

		assert_int_equal(r.a[0], TH_SUCCESS);
	}
	th_free(t);
}

/* FFA_MSG_SEND_DIRECT_REQ2 is offered only to a v1.2 caller. */
static void test_features_req2_by_version(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);

	(void)state;
	th_call(t, 0x84000063u, 0x10001, 0, 0, 0, 0, 0, 0);
	assert_int_equal(features(t, 0xC400008Du), FFA_RET_NOT_SUPPORTED);
	th_free(t);
	/* A new caller: the first one's version is fixed (§13.2). */
	t = th_new(FFA_PROFILE_SPEC);
	th_call(t, 0x84000063u, 0x10002, 0, 0, 0, 0, 0, 0);
	assert_int_equal(features(t, 0xC400008Du), 0);
	th_free(t);
}

/*
 * DEN0077 v1.2 §13.2 (Hafnium api_ffa_version(), the FF-A ACS's
 * ffa_version_negotiation): the spec profile lets the caller change its
 * version only until it makes another FF-A call; then a compatible
 * request for another version is NOT_SUPPORTED, -1 in a0 (no FFA_ERROR),
 * and the version in effect is answered as ever.
 */
static void test_version_fixed_after_calls(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	struct ffa_regs r;

	(void)state;
	r = th_call(t, 0x84000063u, 0x10001, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	/* FFA_VERSION alone fixes nothing; nor does a non-FF-A SMC. */
	r = th_call(t, 0x84000063u, 0x10002, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	th_call(t, 0x84000000u, 0, 0, 0, 0, 0, 0, 0);
	r = th_call(t, 0x84000063u, 0x10001, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	assert_int_equal(t->s.version, 0x10001);
	assert_int_equal(t->s.version_fixed, 0);
	/* Any other FF-A call fixes it, even one answered NOT_SUPPORTED. */
	r = th_call(t, 0x8400006Bu, 0, 0, 0, 0, 0, 0, 0); /* MSG_WAIT */
	assert_int_equal(th_status(&r), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(t->s.version_fixed, 1);
	r = th_call(t, 0x84000063u, 0x10002, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0xFFFFFFFFu);
	assert_zero_from(&r, 1);
	r = th_call(t, 0x84000063u, 0x10000, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0xFFFFFFFFu);
	assert_int_equal(t->s.version, 0x10001);
	/* The version in effect: answered, still 1.1. */
	r = th_call(t, 0x84000063u, 0x10001, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	assert_zero_from(&r, 1);
	assert_int_equal(t->s.version, 0x10001);
	/* Another major negotiates nothing: answered with ours. */
	r = th_call(t, 0x84000063u, 0x20000, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	assert_int_equal(t->s.version, 0x10001);
	r = th_call(t, 0x84000063u, 0x80010001u, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0xFFFFFFFFu);
	th_free(t);

	/* Calls before any FFA_VERSION: the SPMC's own is in effect. */
	t = th_new(FFA_PROFILE_SPEC);
	r = th_call(t, 0x84000069u, 0, 0, 0, 0, 0, 0, 0); /* ID_GET */
	assert_int_equal(th_status(&r), 0);
	r = th_call(t, 0x84000063u, 0x10001, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0xFFFFFFFFu);
	assert_int_equal(t->s.version, 0);
	r = th_call(t, 0x84000063u, 0x10002, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	assert_int_equal(t->s.version, 0x10002);
	/* A reset (reboot) starts over. */
	ffa_model_reset(&t->s, &t->h, FFA_PROFILE_SPEC);
	assert_int_equal(t->s.version_fixed, 0);
	r = th_call(t, 0x84000063u, 0x10000, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	th_free(t);
}

/*
 * TF-A 2.8 (ffa_version_handler()) and OP-TEE (spmc_exchange_version())
 * let the caller renegotiate after other calls: profile deviations.
 */
static void test_version_renegotiates_tfa_optee(void **state)
{
	uint32_t profiles[] = { FFA_PROFILE_TFA_EL3, FFA_PROFILE_OPTEE };
	struct ffa_regs r;

	(void)state;
	for (unsigned int i = 0; i < 2; i++) {
		struct th *t = th_new(profiles[i]);

		th_call(t, 0x84000063u, 0x10001, 0, 0, 0, 0, 0, 0);
		r = th_call(t, 0x84000069u, 0, 0, 0, 0, 0, 0, 0);
		assert_int_equal(th_status(&r), 0);
		r = th_call(t, 0x84000063u, 0x10000, 0, 0, 0, 0, 0, 0);
		assert_int_equal(r.a[0],
				 ffa_model_profile_version(profiles[i]));
		assert_int_equal(t->s.version, 0x10000);
		th_free(t);
	}
}

/*
 * The version in effect is the lower of the two (DEN0077 v1.2 §13.2.1):
 * TF-A 2.8 (FF-A 1.1) neither offers nor answers DIRECT_REQ2 to a caller
 * that asked for 1.2, and the spec's model does not answer it below 1.2.
 */
static void test_req2_needs_both_at_1_2(void **state)
{
	struct th *t = th_new(FFA_PROFILE_TFA_EL3);
	struct ffa_regs r;

	(void)state;
	th_call(t, 0x84000063u, 0x10002, 0, 0, 0, 0, 0, 0);
	assert_int_equal(features(t, 0xC400008Du), FFA_RET_NOT_SUPPORTED);
	r = th_call(t, 0xC400008Du, 0x8001, 0, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_NOT_SUPPORTED);
	th_free(t);
	t = th_new(FFA_PROFILE_SPEC);
	th_call(t, 0x84000063u, 0x10001, 0, 0, 0, 0, 0, 0);
	r = th_call(t, 0xC400008Du, 0x8001, 0, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_NOT_SUPPORTED);
	th_free(t);
	/* The first caller's 1.1 is fixed now (§13.2): a new one. */
	t = th_new(FFA_PROFILE_SPEC);
	th_call(t, 0x84000063u, 0x10002, 0, 0, 0, 0, 0, 0);
	r = th_call(t, 0xC400008Du, 0x8001, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0xC400008Eu);
	th_free(t);
}

/*
 * TF-A 2.8's FFA_FEATURES answers from its own table (spmc_main.c
 * ffa_features_handler), found by explore: FFA_MEM_RETRIEVE_REQ is
 * SUCCESS to the normal world; FFA_SUCCESS in SMC64 is not listed.
 */
static void test_features_tfa_table(void **state)
{
	struct th *t = th_new(FFA_PROFILE_TFA_EL3);

	(void)state;
	assert_int_equal(features(t, 0x84000074u), 0);
	assert_int_equal(features(t, 0xC4000074u), 0);
	assert_int_equal(features(t, 0x8400007Au), 0);
	assert_int_equal(features(t, 0xC4000061u), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(features(t, 0x84000071u), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(features(t, 0x84000076u), FFA_RET_NOT_SUPPORTED);
	assert_int_equal(features(t, 0x84000073u), 0);
	assert_int_equal(features(t, 0x84000085u), 0);
	th_free(t);
	t = th_new(FFA_PROFILE_SPEC);
	assert_int_equal(features(t, 0x84000074u), FFA_RET_NOT_SUPPORTED);
	th_free(t);
}

static void test_id_get(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	struct ffa_regs r = { .a = { 0x84000069u } };

	(void)state;
	ffa_model_call(&t->s, &t->h, 0x0005, &r);
	assert_int_equal(r.a[0], TH_SUCCESS);
	assert_int_equal(r.a[2], 5);
	r = th_call(t, 0x84000069u, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], TH_SUCCESS);
	assert_int_equal(r.a[2], 0);
	assert_zero_from(&r, 3);
	r = th_call(t, 0x84000085u, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], TH_SUCCESS);
	assert_int_equal(r.a[2], 0x8000);
	th_free(t);
}

static void test_fault_error(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	struct ffa_regs r;

	(void)state;
	t->s.fault.fn_num = FFA_ID_GET;
	t->s.fault.error = FFA_RET_BUSY;
	t->s.fault.count = 2;
	/* Other calls are not affected. */
	r = th_call(t, 0x84000085u, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), 0);
	r = th_call(t, 0x84000069u, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_BUSY);
	r = th_call(t, 0xC4000069u, 0, 0, 0, 0, 0, 0, 0); /* same number */
	assert_int_equal(th_status(&r), FFA_RET_BUSY);
	assert_int_equal(t->s.fault.count, 0);
	r = th_call(t, 0x84000069u, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), 0);
	th_free(t);
}

static void test_fault_a0(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	struct ffa_regs r;

	(void)state;
	t->s.fault.fn_num = FFA_VERSION;
	t->s.fault.a0 = 0x12345678u;
	t->s.fault.count = 1;
	r = th_call(t, 0x84000063u, 0x10001, 9, 9, 9, 9, 9, 9);
	assert_int_equal(r.a[0], 0x12345678u);
	assert_zero_from(&r, 1);
	/* The call itself did not happen. */
	assert_int_equal(t->s.version, 0);
	r = th_call(t, 0x84000063u, 0x10001, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0x10002);
	assert_int_equal(t->s.version, 0x10001);
	th_free(t);
}

static void test_fault_skips_call(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	struct td d = td_simple(TH_DATA, 1);
	struct ffa_regs r;
	uint64_t handle;

	(void)state;
	th_rxtx(t);
	r = th_send(t, TH_SHARE32, &d);
	handle = th_handle(&r);
	t->s.fault.fn_num = FFA_MEM_RECLAIM;
	t->s.fault.error = FFA_RET_ABORTED;
	t->s.fault.count = 1;
	r = th_reclaim(t, handle, 0);
	assert_int_equal(th_status(&r), FFA_RET_ABORTED);
	assert_non_null(ffa_model_find(&t->s, &t->h, handle));
	r = th_reclaim(t, handle, 0);
	assert_int_equal(th_status(&r), 0);
	assert_null(ffa_model_find(&t->s, &t->h, handle));
	th_free(t);
}

/*
 * FFA_PARTITION_INFO_GET_REGS (v1.2): the listing in x3..x17, three
 * registers a partition, the UUID only for a Nil-UUID query; an unknown
 * UUID or a start index past the last entry is INVALID_PARAMETERS; the
 * model hands out no UUID information tag (RETRY); a v1.1 caller, TF-A
 * 2.8 (v1.1) and OP-TEE (no handler) answer NOT_SUPPORTED.
 */
static void test_partition_info_get_regs(void **state)
{
	struct th *t = th_new(FFA_PROFILE_SPEC);
	const struct ffa_model_partition *p = &t->s.partitions[0];
	uint64_t lo = (uint64_t)p->uuid[1] << 32 | p->uuid[0];
	uint64_t hi = (uint64_t)p->uuid[3] << 32 | p->uuid[2];
	uint32_t n = t->s.partition_count;
	struct ffa_regs r;

	(void)state;
	th_call(t, 0x84000063u, 0x10002, 0, 0, 0, 0, 0, 0);
	assert_int_equal(features(t, 0xC400008Bu), 0);
	r = th_call(t, 0xC400008Bu, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0xC4000061u);
	assert_int_equal(r.a[2] & 0xFFFF, n - 1);
	assert_int_equal((r.a[2] >> 16) & 0xFFFF, n - 1);
	assert_int_equal(r.a[2] >> 48, 24);
	assert_int_equal(r.a[3], (uint64_t)p->props << 32 |
			 (uint64_t)p->exec_ctx << 16 | p->id);
	assert_int_equal(r.a[4], lo);
	assert_int_equal(r.a[5], hi);
	assert_zero_from(&r, 3 + 3 * (int)n);
	r = th_call(t, 0xC400008Bu, lo, hi, 0, 0, 0, 0, 0);
	assert_int_equal(r.a[0], 0xC4000061u);
	assert_int_equal(r.a[2] & 0xFFFF, 0);
	assert_int_equal(r.a[3] & 0xFFFF, p->id);
	assert_zero_from(&r, 4);
	r = th_call(t, 0xC400008Bu, lo ^ 1, hi, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);
	r = th_call(t, 0xC400008Bu, 0, 0, n, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_INVALID_PARAMETERS);
	r = th_call(t, 0xC400008Bu, 0, 0, 1u << 16, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_RETRY);
	th_free(t);
	/* Not for a 1.1 caller (a new one: the first one's 1.2 is fixed). */
	t = th_new(FFA_PROFILE_SPEC);
	th_call(t, 0x84000063u, 0x10001, 0, 0, 0, 0, 0, 0);
	r = th_call(t, 0xC400008Bu, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(th_status(&r), FFA_RET_NOT_SUPPORTED);
	th_free(t);
	for (uint32_t prof = FFA_PROFILE_TFA_EL3; prof <= FFA_PROFILE_OPTEE;
	     prof++) {
		t = th_new(prof);
		th_call(t, 0x84000063u, 0x10002, 0, 0, 0, 0, 0, 0);
		r = th_call(t, 0xC400008Bu, 0, 0, 0, 0, 0, 0, 0);
		assert_int_equal(th_status(&r), FFA_RET_NOT_SUPPORTED);
		th_free(t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_names),
		cmocka_unit_test(test_reset_defaults),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_unknown_ids),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_features_req2_by_version),
		cmocka_unit_test(test_version_fixed_after_calls),
		cmocka_unit_test(test_version_renegotiates_tfa_optee),
		cmocka_unit_test(test_req2_needs_both_at_1_2),
		cmocka_unit_test(test_features_tfa_table),
		cmocka_unit_test(test_id_get),
		cmocka_unit_test(test_partition_info_get_regs),
		cmocka_unit_test(test_fault_error),
		cmocka_unit_test(test_fault_a0),
		cmocka_unit_test(test_fault_skips_call),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
