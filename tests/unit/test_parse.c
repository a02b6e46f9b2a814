// SPDX-License-Identifier: GPL-2.0-or-later
/* Tests for src/parse.c: hostile values get -1 and a message, never a value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ffa/ffa.h"
#include "parse.h"

static void test_u64_good(void **state)
{
	static const struct {
		const char *s;
		uint64_t v;
	} good[] = {
		{ "0", 0 }, { "1", 1 }, { "0x0", 0 }, { "0X1f", 0x1f },
		{ "0xFFFFFFFFFFFFFFFF", UINT64_MAX },
		{ "18446744073709551615", UINT64_MAX },
		{ "0x1000000000002", 0x1000000000002ull },
		{ "00012", 12 },
	};
	char err[PARSE_ERR_LEN];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		uint64_t v = 0xabc;

		assert_int_equal(parse_u64(good[i].s, &v, err), 0);
		assert_true(v == good[i].v);
	}
}

static void test_u64_bad(void **state)
{
	static const char *const bad[] = {
		"", "-1", "+1", " 1", "1 ", "0x", "0x1g", "12abc", "1.5",
		"0x10000000000000000", "18446744073709551616",
		"99999999999999999999999", "\xff\xfe", "1\n", "0b101",
	};
	char err[PARSE_ERR_LEN];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t v = 7;

		err[0] = '\0';
		assert_int_equal(parse_u64(bad[i], &v, err), -1);
		assert_true(v == 7);
		assert_true(strlen(err) > 0);
		assert_null(strchr(err, '\n'));
	}
}

static void test_uint_max(void **state)
{
	char err[PARSE_ERR_LEN];
	uint64_t v;

	(void)state;
	assert_int_equal(parse_uint("0xffff", 0xffff, &v, err), 0);
	assert_int_equal(v, 0xffff);
	assert_int_equal(parse_uint("0x10000", 0xffff, &v, err), -1);
	assert_non_null(strstr(err, "out of range"));
}

static void test_err_quotes_and_truncates(void **state)
{
	char err[PARSE_ERR_LEN], longs[300];
	uint64_t v;

	(void)state;
	memset(longs, '9', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = '\0';
	longs[5] = 'x';
	assert_int_equal(parse_u64(longs, &v, err), -1);
	assert_true(strlen(err) < PARSE_ERR_LEN);
	assert_non_null(strstr(err, "..."));
	assert_int_equal(parse_u64("a\x01z", &v, err), -1);
	assert_non_null(strstr(err, "\\x01"));
}

static void test_id_list(void **state)
{
	uint16_t ids[4];
	unsigned int n;
	char err[PARSE_ERR_LEN];

	(void)state;
	assert_int_equal(parse_id_list("0x8001", ids, 4, &n, err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 0x8001);
	assert_int_equal(parse_id_list("1,2,0x8003", ids, 4, &n, err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ids[2], 0x8003);
	assert_int_equal(parse_id_list("1,2,3,4,5", ids, 4, &n, err), -1);
	assert_int_equal(parse_id_list("", ids, 4, &n, err), -1);
	assert_int_equal(parse_id_list("1,", ids, 4, &n, err), -1);
	assert_int_equal(parse_id_list(",1", ids, 4, &n, err), -1);
	assert_int_equal(parse_id_list("1,,2", ids, 4, &n, err), -1);
	assert_int_equal(parse_id_list("0x10000", ids, 4, &n, err), -1);
}

static void test_fid(void **state)
{
	char err[PARSE_ERR_LEN];
	uint32_t fid;

	(void)state;
	assert_int_equal(parse_fid("0x84000077", &fid, err), 0);
	assert_int_equal(fid, 0x84000077);
	assert_int_equal(parse_fid("0xC40000FF", &fid, err), 0);
	assert_int_equal(parse_fid("mem_reclaim", &fid, err), 0);
	assert_int_equal(fid, FFA_FN_SMC32(FFA_MEM_RECLAIM));
	assert_int_equal(parse_fid("FFA_MEM_SHARE_64", &fid, err), 0);
	assert_int_equal(fid, FFA_FN_SMC64(FFA_MEM_SHARE));
	assert_int_equal(parse_fid("mem_share_32", &fid, err), 0);
	assert_int_equal(fid, FFA_FN_SMC32(FFA_MEM_SHARE));
	/* Outside the FF-A range of function IDs. */
	assert_int_equal(parse_fid("0x8400005F", &fid, err), -1);
	assert_int_equal(parse_fid("0x84000100", &fid, err), -1);
	assert_int_equal(parse_fid("0x85000063", &fid, err), -1);
	assert_int_equal(parse_fid("0x184000063", &fid, err), -1);
	assert_int_equal(parse_fid("mem_frobnicate", &fid, err), -1);
	assert_int_equal(parse_fid("", &fid, err), -1);
}

static void test_version(void **state)
{
	char err[PARSE_ERR_LEN];
	uint32_t v;

	(void)state;
	assert_int_equal(parse_version("1.2", &v, err), 0);
	assert_int_equal(v, 0x10002);
	assert_int_equal(parse_version("2.0", &v, err), 0);
	assert_int_equal(v, 0x20000);
	assert_int_equal(parse_version("1", &v, err), -1);
	assert_int_equal(parse_version("1.", &v, err), -1);
	assert_int_equal(parse_version(".1", &v, err), -1);
	assert_int_equal(parse_version("32768.0", &v, err), -1);
	assert_int_equal(parse_version("1.65536", &v, err), -1);
	assert_int_equal(parse_version("1.0.0", &v, err), -1);
}

static void test_desc_version(void **state)
{
	char err[PARSE_ERR_LEN];
	uint32_t v = 0;

	(void)state;
	assert_int_equal(parse_desc_version("1.0", &v, err), 0);
	assert_int_equal(v, FFA_VERSION_1_0);
	assert_int_equal(parse_desc_version("1.2", &v, err), 0);
	assert_int_equal(v, FFA_VERSION_1_2);
	assert_int_equal(parse_desc_version("1.3", &v, err), -1);
	assert_int_equal(parse_desc_version("1.00", &v, err), -1);
	assert_int_equal(parse_desc_version("", &v, err), -1);
	assert_non_null(strstr(err, "1.0, 1.1 or 1.2"));
}

/* --impdef: exactly two u64 words, "WORD0,WORD1". */
static void test_u64_pair(void **state)
{
	static const char *const bad[] = {
		"", ",", "1", "1,", ",1", "1,,2", "1,2,3", "0x1g,2", "1,-2",
		"-1,2", "18446744073709551616,0", "0,0x10000000000000000",
		" 1,2", "1, 2", "1,2 ", "\xff,1",
	};
	char err[PARSE_ERR_LEN];
	uint64_t v[2] = { 7, 7 };

	(void)state;
	assert_int_equal(parse_u64_pair("0x1122334455667788,99", v, err), 0);
	assert_true(v[0] == 0x1122334455667788ull);
	assert_true(v[1] == 99);
	assert_int_equal(parse_u64_pair("0xffffffffffffffff,0", v, err), 0);
	assert_true(v[0] == UINT64_MAX && v[1] == 0);
	/* Leading zeros, as parse_u64() takes them. */
	assert_int_equal(parse_u64_pair("0x000000000000000000000001,"
					"000000000000000000000002", v, err), 0);
	assert_true(v[0] == 1 && v[1] == 2);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v[0] = v[1] = 7;
		err[0] = '\0';
		assert_int_equal(parse_u64_pair(bad[i], v, err), -1);
		assert_true(v[0] == 7 && v[1] == 7);
		assert_true(strlen(err) > 0);
		assert_null(strchr(err, '\n'));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64_good),
		cmocka_unit_test(test_u64_bad),
		cmocka_unit_test(test_uint_max),
		cmocka_unit_test(test_err_quotes_and_truncates),
		cmocka_unit_test(test_id_list),
		cmocka_unit_test(test_fid),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_desc_version),
		cmocka_unit_test(test_u64_pair),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
