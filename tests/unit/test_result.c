// SPDX-License-Identifier: GPL-2.0-or-later
/* Tests for src/result.c: classification of FF-A result registers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ffa/ffa.h"
#include "result.h"

/* Function IDs written out by hand from DEN0077, not built by macros. */
#define ERROR32 0x84000060u
#define ERROR64 0xC4000060u
#define SUCCESS32 0x84000061u
#define SUCCESS64 0xC4000061u
#define INTERRUPT32 0x84000062u
#define VERSION 0x84000063u
#define FEATURES 0x84000064u
#define ID_GET 0x84000069u
#define YIELD32 0x8400006Cu
#define DIRECT_REQ32 0x8400006Fu
#define DIRECT_REQ64 0xC400006Fu
#define DIRECT_RESP32 0x84000070u
#define DIRECT_RESP64 0xC4000070u
#define MEM_DONATE32 0x84000071u
#define MEM_LEND64 0xC4000072u
#define MEM_SHARE32 0x84000073u
#define MEM_SHARE64 0xC4000073u
#define RETRIEVE_REQ32 0x84000074u
#define RETRIEVE_RESP 0x84000075u
#define MEM_RELINQUISH 0x84000076u
#define MEM_RECLAIM 0x84000077u
#define FRAG_RX 0x8400007Au
#define FRAG_TX 0x8400007Bu
#define DIRECT_REQ2 0xC400008Du
#define DIRECT_RESP2 0xC400008Eu

static struct result_status st;

static void classify(uint32_t fid, uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct ffa_regs r;

	memset(&r, 0, sizeof(r));
	r.a[0] = a0;
	r.a[1] = a1;
	r.a[2] = a2;
	/* Garbage in the struct must not leak into the answer. */
	memset(&st, 0xA5, sizeof(st));
	result_classify(fid, &r, &st);
	assert_int_equal(st.fid, fid);
	assert_non_null(st.abi);
}

static void assert_violation(void)
{
	assert_int_equal(st.kind, RESULT_VIOLATION);
	assert_string_equal(st.name, "PROTOCOL");
	assert_non_null(st.message);
	assert_true(strlen(st.message) > 0);
	assert_int_equal(result_exit_status(&st), 9);
}

static void test_success(void **state)
{
	(void)state;
	classify(MEM_RECLAIM, SUCCESS32, 0, 0);
	assert_int_equal(st.kind, RESULT_OK);
	assert_int_equal(st.code, 0);
	assert_string_equal(st.abi, "FFA_MEM_RECLAIM");
	assert_int_equal(result_exit_status(&st), 0);

	classify(ID_GET, SUCCESS32, 0, 0x8001);
	assert_int_equal(st.kind, RESULT_OK);
	assert_string_equal(st.abi, "FFA_ID_GET");
}

static void test_success64(void **state)
{
	(void)state;
	classify(MEM_SHARE64, SUCCESS64, 0, 2);
	assert_int_equal(st.kind, RESULT_OK);
	assert_string_equal(st.abi, "FFA_MEM_SHARE");
	classify(MEM_RECLAIM, SUCCESS64, 0, 0);
	assert_int_equal(st.kind, RESULT_OK);
}

static void test_error_sign_extended(void **state)
{
	(void)state;
	/* TF-A: -2 sign-extended into x2. */
	classify(MEM_RECLAIM, ERROR32, 0, 0xFFFFFFFFFFFFFFFEull);
	assert_int_equal(st.kind, RESULT_FFA_ERROR);
	assert_int_equal(st.code, -2);
	assert_string_equal(st.name, "INVALID_PARAMETERS");
	assert_string_equal(st.message, "Invalid handle or flags");
	assert_string_equal(st.abi, "FFA_MEM_RECLAIM");
	assert_int_equal(result_exit_status(&st), 12);
}

static void test_error_zero_extended(void **state)
{
	(void)state;
	classify(MEM_RECLAIM, ERROR32, 0, 0x00000000FFFFFFFEull);
	assert_int_equal(st.kind, RESULT_FFA_ERROR);
	assert_int_equal(st.code, -2);
	assert_string_equal(st.message, "Invalid handle or flags");

	classify(MEM_RECLAIM, ERROR32, 0, 0x00000000FFFFFFFAull);
	assert_int_equal(st.kind, RESULT_FFA_ERROR);
	assert_int_equal(st.code, -6);
	assert_string_equal(st.name, "DENIED");
	assert_string_equal(st.message, "Memory region state issue");
	assert_int_equal(result_exit_status(&st), 16);
}

static void test_error_generic_fallback(void **state)
{
	(void)state;
	/* Reclaim has no NOT_SUPPORTED entry: generic text. */
	classify(MEM_RECLAIM, ERROR32, 0, 0xFFFFFFFF);
	assert_int_equal(st.kind, RESULT_FFA_ERROR);
	assert_int_equal(st.code, -1);
	assert_string_equal(st.message, "Operation not supported");
	assert_int_equal(result_exit_status(&st), 11);

	classify(ID_GET, ERROR32, 0, (uint32_t)-10);
	assert_int_equal(st.kind, RESULT_FFA_ERROR);
	assert_string_equal(st.name, "NOT_READY");
	assert_int_equal(result_exit_status(&st), 20);
}

static void test_error_code_zero(void **state)
{
	(void)state;
	classify(MEM_RECLAIM, ERROR32, 0, 0);
	assert_violation();
	assert_int_equal(st.code, 0);
	assert_non_null(strstr(st.message, "error code 0"));
}

static void test_error_unknown_code(void **state)
{
	(void)state;
	classify(MEM_RECLAIM, ERROR32, 0, (uint32_t)-42);
	assert_violation();
	assert_int_equal(st.code, 0);
	assert_non_null(strstr(st.message, "unknown error code"));
	assert_non_null(strstr(st.detail, "-42"));

	classify(MEM_RECLAIM, ERROR32, 0, 0xFFFFFFF5); /* -11 */
	assert_violation();
	assert_non_null(strstr(st.detail, "-11"));

	classify(MEM_RECLAIM, ERROR32, 0, 0x80000000); /* INT32_MIN */
	assert_violation();

	classify(MEM_RECLAIM, ERROR32, 0, 5);
	assert_violation();
}

static void test_error_code_in_a1(void **state)
{
	(void)state;
	/* What OP-TEE once returned for FFA_MEM_RECLAIM. */
	classify(MEM_RECLAIM, ERROR32, 0xFFFFFFFE, 0);
	assert_violation();
	assert_string_equal(st.message, "FFA_ERROR with the error code "
			    "in a1 instead of a2");
	assert_string_equal(st.detail, "a1=-2 (INVALID_PARAMETERS), a2=0");
	assert_int_equal(st.code, -2);

	/* Sign-extended a1 too. */
	classify(MEM_RECLAIM, ERROR32, 0xFFFFFFFFFFFFFFFAull, 0);
	assert_violation();
	assert_int_equal(st.code, -6);
	assert_string_equal(st.detail, "a1=-6 (DENIED), a2=0");

	/* a1 unknown and a2 zero: plain "code 0". */
	classify(MEM_RECLAIM, ERROR32, 0x1234, 0);
	assert_violation();
	assert_int_equal(st.code, 0);
	assert_non_null(strstr(st.message, "error code 0"));
}

static void test_error64_is_violation(void **state)
{
	(void)state;
	classify(MEM_RECLAIM, ERROR64, 0, (uint32_t)-2);
	assert_violation();
	assert_int_equal(st.code, 0);
}

static void test_unexpected_a0(void **state)
{
	(void)state;
	/* A FRAG_RX ID for a call that never asks for fragments. */
	classify(MEM_RECLAIM, FRAG_RX, 0, 0);
	assert_violation();
	assert_non_null(strstr(st.detail, "FFA_MEM_FRAG_RX"));
	assert_non_null(strstr(st.detail, "FFA_MEM_RECLAIM"));

	/* Not an FF-A ID at all. */
	classify(MEM_RECLAIM, 0x12345678, 0, 0);
	assert_violation();
	assert_non_null(strstr(st.detail, "12345678"));

	classify(FEATURES, 0, 0, 0);
	assert_violation();

	/* A direct response to a non-direct call. */
	classify(ID_GET, DIRECT_RESP32, 0, 0);
	assert_violation();
	assert_non_null(strstr(st.detail, "FFA_MSG_SEND_DIRECT_RESP"));
}

static void test_version(void **state)
{
	(void)state;
	classify(VERSION, 0x00010002, 0, 0);
	assert_int_equal(st.kind, RESULT_OK);
	assert_string_equal(st.abi, "FFA_VERSION");
	assert_int_equal(result_exit_status(&st), 0);

	classify(VERSION, 0x00010000, 0, 0);
	assert_int_equal(st.kind, RESULT_OK);

	/* NOT_SUPPORTED, as w0 or sign-extended x0. */
	classify(VERSION, 0xFFFFFFFF, 0, 0);
	assert_int_equal(st.kind, RESULT_FFA_ERROR);
	assert_int_equal(st.code, -1);
	assert_string_equal(st.name, "NOT_SUPPORTED");
	assert_non_null(st.message);
	assert_int_equal(result_exit_status(&st), 11);
	classify(VERSION, 0xFFFFFFFFFFFFFFFFull, 0, 0);
	assert_int_equal(st.kind, RESULT_FFA_ERROR);

	/* Other negatives are not defined for VERSION. */
	classify(VERSION, 0xFFFFFFFE, 0, 0);
	assert_violation();
	classify(VERSION, 0x80010002, 0, 0);
	assert_violation();
	classify(VERSION, ERROR32, 0, (uint32_t)-1);
	assert_violation();
}

static void test_smccc_not_supported(void **state)
{
	const char *msg = "SMCCC NOT_SUPPORTED (-1) in a0: no FF-A "
			  "implementation answered this call";

	(void)state;
	classify(MEM_RECLAIM, 0xFFFFFFFF, 0, 0);
	assert_violation();
	assert_string_equal(st.message, msg);
	classify(ID_GET, 0xFFFFFFFFFFFFFFFFull, 0, 0);
	assert_violation();
	assert_string_equal(st.message, msg);
	classify(0, 0xFFFFFFFFFFFFFFFFull, 0, 0);
	assert_violation();
	assert_string_equal(st.message, msg);
}

static void test_mem_send_frag_rx(void **state)
{
	(void)state;
	classify(MEM_SHARE32, FRAG_RX, 1, 0);
	assert_int_equal(st.kind, RESULT_OK);
	classify(MEM_LEND64, FRAG_RX, 1, 0);
	assert_int_equal(st.kind, RESULT_OK);
	classify(MEM_DONATE32, FRAG_RX, 1, 0);
	assert_int_equal(st.kind, RESULT_OK);
	classify(FRAG_TX, FRAG_RX, 1, 0);
	assert_int_equal(st.kind, RESULT_OK);
	classify(FRAG_TX, SUCCESS32, 1, 0);
	assert_int_equal(st.kind, RESULT_OK);

	/* FRAG_RX is answered with FRAG_TX, retrieve with RETRIEVE_RESP. */
	classify(FRAG_RX, FRAG_TX, 1, 0);
	assert_int_equal(st.kind, RESULT_OK);
	classify(FRAG_RX, SUCCESS32, 1, 0);
	assert_violation();
	classify(RETRIEVE_REQ32, RETRIEVE_RESP, 0x40, 0x40);
	assert_int_equal(st.kind, RESULT_OK);
	classify(RETRIEVE_REQ32, SUCCESS32, 0, 0);
	assert_violation();
	classify(MEM_RELINQUISH, SUCCESS32, 0, 0);
	assert_int_equal(st.kind, RESULT_OK);
}

static void test_direct_req(void **state)
{
	(void)state;
	classify(DIRECT_REQ32, DIRECT_RESP32, 0x80010000, 0);
	assert_int_equal(st.kind, RESULT_OK);
	assert_string_equal(st.abi, "FFA_MSG_SEND_DIRECT_REQ");
	classify(DIRECT_REQ64, DIRECT_RESP64, 0x80010000, 0);
	assert_int_equal(st.kind, RESULT_OK);
	classify(DIRECT_REQ2, DIRECT_RESP2, 0x80010000, 0);
	assert_int_equal(st.kind, RESULT_OK);
	assert_string_equal(st.abi, "FFA_MSG_SEND_DIRECT_REQ2");

	/* SUCCESS does not complete a direct request. */
	classify(DIRECT_REQ32, SUCCESS32, 0, 0);
	assert_violation();
	assert_non_null(strstr(st.message, "FFA_SUCCESS"));
	classify(DIRECT_REQ2, SUCCESS64, 0, 0);
	assert_violation();
	/* REQ2 is answered with RESP2 only, and REQ never with RESP2. */
	classify(DIRECT_REQ2, DIRECT_RESP32, 0, 0);
	assert_violation();
	classify(DIRECT_REQ32, DIRECT_RESP2, 0, 0);
	assert_violation();

	/* Preemption and yield are reported, not taken as results. */
	classify(DIRECT_REQ32, INTERRUPT32, 0, 0);
	assert_violation();
	assert_non_null(strstr(st.message, "FFA_INTERRUPT"));
	classify(DIRECT_REQ32, YIELD32, 0, 0);
	assert_violation();
	assert_non_null(strstr(st.message, "FFA_YIELD"));

	/* Errors are still errors, with the direct request's message. */
	classify(DIRECT_REQ32, ERROR32, 0, (uint32_t)-4);
	assert_int_equal(st.kind, RESULT_FFA_ERROR);
	assert_string_equal(st.name, "BUSY");
	assert_int_equal(result_exit_status(&st), 14);
}

static void test_fid_zero(void **state)
{
	(void)state;
	classify(0, SUCCESS32, 0, 0);
	assert_int_equal(st.kind, RESULT_OK);
	assert_string_equal(st.abi, "unknown ABI");
	classify(0, SUCCESS64, 0, 0);
	assert_int_equal(st.kind, RESULT_OK);
	classify(0, DIRECT_RESP32, 0, 0);
	assert_int_equal(st.kind, RESULT_OK);
	classify(0, DIRECT_RESP2, 0, 0);
	assert_int_equal(st.kind, RESULT_OK);
	classify(0, FRAG_RX, 0, 0);
	assert_int_equal(st.kind, RESULT_OK);
	classify(0, RETRIEVE_RESP, 0, 0);
	assert_int_equal(st.kind, RESULT_OK);

	/* FFA_ERROR decodes with the generic message. */
	classify(0, ERROR32, 0, 0xFFFFFFFFFFFFFFFAull);
	assert_int_equal(st.kind, RESULT_FFA_ERROR);
	assert_int_equal(st.code, -6);
	assert_string_equal(st.message, "Denied");
	assert_int_equal(result_exit_status(&st), 16);
	classify(0, ERROR32, 0xFFFFFFFE, 0);
	assert_violation();
	assert_int_equal(st.code, -2);

	classify(0, MEM_RECLAIM, 0, 0);
	assert_violation();
	classify(0, 0x00010002, 0, 0);
	assert_violation();
}

static void test_non_ffa_fid(void **state)
{
	(void)state;
	/* A PSCI ID is not FF-A: no ABI name, no ABI messages. */
	classify(0x84000000, SUCCESS32, 0, 0);
	assert_string_equal(st.abi, "unknown ABI");
	assert_int_equal(st.kind, RESULT_OK);
	classify(0x85000077, ERROR32, 0, (uint32_t)-2);
	assert_string_equal(st.abi, "unknown ABI");
	assert_int_equal(st.kind, RESULT_FFA_ERROR);
	assert_string_equal(st.message, "Invalid parameters");
}

static void test_is_success_id(void **state)
{
	(void)state;
	assert_true(result_is_success_id(MEM_RECLAIM, SUCCESS32));
	assert_true(result_is_success_id(MEM_RECLAIM, SUCCESS64));
	assert_false(result_is_success_id(MEM_RECLAIM, ERROR32));
	assert_false(result_is_success_id(MEM_RECLAIM, FRAG_RX));
	assert_true(result_is_success_id(MEM_SHARE64, FRAG_RX));
	assert_false(result_is_success_id(DIRECT_REQ32, SUCCESS32));
	assert_true(result_is_success_id(DIRECT_REQ32, DIRECT_RESP64));
	assert_true(result_is_success_id(VERSION, 0x00010002));
	assert_false(result_is_success_id(VERSION, 0xFFFFFFFF));
	assert_false(result_is_success_id(0, ERROR32));
	assert_false(result_is_success_id(0, 0));
}

static void test_exit_status_kinds(void **state)
{
	struct result_status s;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.kind = RESULT_OK;
	assert_int_equal(result_exit_status(&s), 0);
	s.kind = RESULT_VIOLATION;
	s.code = -2; /* a violation stays 9 even with a code */
	assert_int_equal(result_exit_status(&s), RESULT_EXIT_VIOLATION);
	s.kind = RESULT_FFA_ERROR;
	for (int32_t n = 1; n <= 10; n++) {
		s.code = -n;
		assert_int_equal(result_exit_status(&s), 10 + n);
	}
	s.code = -11;
	assert_int_equal(result_exit_status(&s), 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_success),
		cmocka_unit_test(test_success64),
		cmocka_unit_test(test_error_sign_extended),
		cmocka_unit_test(test_error_zero_extended),
		cmocka_unit_test(test_error_generic_fallback),
		cmocka_unit_test(test_error_code_zero),
		cmocka_unit_test(test_error_unknown_code),
		cmocka_unit_test(test_error_code_in_a1),
		cmocka_unit_test(test_error64_is_violation),
		cmocka_unit_test(test_unexpected_a0),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_smccc_not_supported),
		cmocka_unit_test(test_mem_send_frag_rx),
		cmocka_unit_test(test_direct_req),
		cmocka_unit_test(test_fid_zero),
		cmocka_unit_test(test_non_ffa_fid),
		cmocka_unit_test(test_is_success_id),
		cmocka_unit_test(test_exit_status_kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
