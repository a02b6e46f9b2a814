// SPDX-License-Identifier: BSD-3-Clause
/*
 * Tests for src/ffa_uuid.c. The word vectors are worked out by hand: the 16
 * UUID bytes in string order, each group of four read as a little-endian
 * u32 (how FFA_PARTITION_INFO_GET carries a UUID in a1..a4).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ffa/uuid.h"

struct vec {
	const char *str;
	uint32_t w[4];
};

static const struct vec vecs[] = {
	/* bytes ff ac 71 00 | 7e 57 4d 1e | a5 a1 00 00 | 00 00 80 01 */
	{ "ffac7100-7e57-4d1e-a5a1-000000008001",
	  { 0x0071acff, 0x1e4d577e, 0x0000a1a5, 0x01800000 } },
	/* OP-TEE: 48 61 78 e0 | e7 f8 11 e3 | bc 5e 00 02 | a5 d5 c5 1b */
	{ "486178e0-e7f8-11e3-bc5e-0002a5d5c51b",
	  { 0xe0786148, 0xe311f8e7, 0x02005ebc, 0x1bc5d5a5 } },
	{ "00000000-0000-0000-0000-000000000000", { 0, 0, 0, 0 } },
	{ "ffffffff-ffff-ffff-ffff-ffffffffffff",
	  { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff } },
	/* bytes 01..10 in order */
	{ "01020304-0506-0708-090a-0b0c0d0e0f10",
	  { 0x04030201, 0x08070605, 0x0c0b0a09, 0x100f0e0d } },
};

static void test_parse_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		uint32_t w[4] = { 0xdead, 0xdead, 0xdead, 0xdead };

		assert_int_equal(ffa_uuid_parse(vecs[i].str, w), 0);
		assert_memory_equal(w, vecs[i].w, sizeof(w));
	}
}

static void test_format_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		char out[FFA_UUID_STR_LEN + 2];

		memset(out, 'Z', sizeof(out));
		ffa_uuid_format(vecs[i].w, out);
		assert_string_equal(out, vecs[i].str);
		assert_int_equal(out[FFA_UUID_STR_LEN + 1], 'Z');
	}
}

static void test_parse_upper_case(void **state)
{
	uint32_t w[4];
	char out[FFA_UUID_STR_LEN + 1];

	(void)state;
	assert_int_equal(ffa_uuid_parse("486178E0-E7F8-11E3-BC5E-0002A5D5C51B",
					w), 0);
	assert_memory_equal(w, vecs[1].w, sizeof(w));
	/* Formatting always gives lower case. */
	ffa_uuid_format(w, out);
	assert_string_equal(out, vecs[1].str);
	assert_int_equal(ffa_uuid_parse("FfAc7100-7E57-4d1E-A5a1-000000008001",
					w), 0);
	assert_memory_equal(w, vecs[0].w, sizeof(w));
}

static void test_round_trip(void **state)
{
	uint32_t w[4] = { 0x89abcdef, 0x01234567, 0xfedcba98, 0x76543210 };
	uint32_t back[4];
	char s[FFA_UUID_STR_LEN + 1];

	(void)state;
	ffa_uuid_format(w, s);
	/* ef cd ab 89 | 67 45 23 01 | 98 ba dc fe | 10 32 54 76 */
	assert_string_equal(s, "efcdab89-6745-2301-98ba-dcfe10325476");
	assert_int_equal(ffa_uuid_parse(s, back), 0);
	assert_memory_equal(back, w, sizeof(w));
}

static void test_bytes(void **state)
{
	static const uint8_t b[16] = { 0xff, 0xac, 0x71, 0x00, 0x7e, 0x57,
				       0x4d, 0x1e, 0xa5, 0xa1, 0x00, 0x00,
				       0x00, 0x00, 0x80, 0x01 };
	uint32_t w[4];
	uint8_t out[16];

	(void)state;
	ffa_uuid_from_bytes(b, w);
	assert_memory_equal(w, vecs[0].w, sizeof(w));
	ffa_uuid_to_bytes(vecs[0].w, out);
	assert_memory_equal(out, b, sizeof(b));
}

static void test_parse_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		/* one short, one long */
		"ffac7100-7e57-4d1e-a5a1-00000000800",
		"ffac7100-7e57-4d1e-a5a1-0000000080011",
		/* trailing newline or space */
		"ffac7100-7e57-4d1e-a5a1-000000008001\n",
		" ffac7100-7e57-4d1e-a5a1-00000000800",
		/* dash one position early / late, in each group */
		"ffac710-07e57-4d1e-a5a1-000000008001",
		"ffac71007-e57-4d1e-a5a1-000000008001",
		"ffac7100-7e5-74d1e-a5a1-000000008001",
		"ffac7100-7e57-4d1-ea5a1-000000008001",
		"ffac7100-7e57-4d1e-a5a10-00000008001",
		/* no dashes at all (32 hex digits + 4) */
		"ffac71007e574d1ea5a1000000008001abcd",
		/* a dash where a digit belongs */
		"ffac7100-7e57-4d1e-a5a1-0000-0008001",
		/* non-hex digits */
		"gfac7100-7e57-4d1e-a5a1-000000008001",
		"ffac7100-7e57-4d1e-a5a1-00000000800g",
		"ffac7100-7e57-4d1e-a5a1-0000 0008001",
		"ffac7100-7e57-4d1e-a5a1-0x0000008001",
		"ffac7100_7e57_4d1e_a5a1_000000008001",
		("\xff" "fac7100-7e57-4d1e-a5a1-000000008001"),
	};
	uint32_t w[4];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(w, 0x5a, sizeof(w));
		if (ffa_uuid_parse(bad[i], w) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		/* A failed parse leaves the output alone. */
		for (int k = 0; k < 4; k++)
			assert_int_equal(w[k], 0x5a5a5a5a);
	}
	assert_int_equal(ffa_uuid_parse(NULL, w), -1);
}

/* Short strings in exact-size heap buffers: no read past the NUL. */
static void test_parse_no_overread(void **state)
{
	const char *good = vecs[0].str;
	uint32_t w[4];

	(void)state;
	for (size_t n = 0; n < FFA_UUID_STR_LEN; n++) {
		char *s = malloc(n + 1);

		assert_non_null(s);
		memcpy(s, good, n);
		s[n] = '\0';
		assert_int_equal(ffa_uuid_parse(s, w), -1);
		free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_vectors),
		cmocka_unit_test(test_format_vectors),
		cmocka_unit_test(test_parse_upper_case),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_no_overread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
