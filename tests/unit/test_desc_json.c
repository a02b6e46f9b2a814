// SPDX-License-Identifier: GPL-2.0-or-later
/* Tests for src/desc_json.c: decoded fields and issues come out as JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "desc_json.h"

/* v1.1 MEM_LEND descriptor by hand (DEN0077 v1.1 table 10.20): sender 0,
 * attributes 0 (not specified in a lend to one borrower, §10.10.4), 1 EMAD
 * of 16 bytes at 48: receiver 0x8001, perm RW, composite at 64: 2 pages, 2
 * constituents at 0x80000000, 0x80001000. */
static const uint8_t lend_v11[] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* sender attr flags */
	0, 0, 0, 0, 0, 0, 0, 0,                         /* handle */
	0, 0, 0, 0, 0, 0, 0, 0,                         /* tag */
	0x10, 0, 0, 0, 0x01, 0, 0, 0,                   /* emad size, count */
	0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* emad off, rsvd */
	0x01, 0x80, 0x02, 0x00, 0x40, 0, 0, 0,          /* emad */
	0, 0, 0, 0, 0, 0, 0, 0,
	0x02, 0, 0, 0, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* composite */
	0x00, 0x00, 0x00, 0x80, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0,
	0x00, 0x10, 0x00, 0x80, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0,
};

/* v1.2 MEM_SHARE by hand (DEN0077 v1.2 Table 11.16 for the 32-byte EMAD):
 * attributes 0x2f, 1 EMAD at 48: receiver 0x8001, RW, composite at 80,
 * implementation-defined value 0x1122334455667788, 0x99 @56 and @64,
 * reserved @72; composite: 1 page at 0x80000000. */
static const uint8_t share_v12[] = {
	0x00, 0x00, 0x2f, 0x00, 0x00, 0x00, 0x00, 0x00, /* sender attr flags */
	0, 0, 0, 0, 0, 0, 0, 0,                         /* handle */
	0, 0, 0, 0, 0, 0, 0, 0,                         /* tag */
	0x20, 0, 0, 0, 0x01, 0, 0, 0,                   /* emad size, count */
	0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* emad off, rsvd */
	0x01, 0x80, 0x02, 0x00, 0x50, 0, 0, 0,          /* emad */
	0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, /* impdef[0] */
	0x99, 0, 0, 0, 0, 0, 0, 0,                      /* impdef[1] */
	0, 0, 0, 0, 0, 0, 0, 0,                         /* reserved */
	0x01, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* composite */
	0x00, 0x00, 0x00, 0x80, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0,
};

static const char *get(json_object *o, const char *k)
{
	json_object *v;

	assert_true(json_object_object_get_ex(o, k, &v));
	return json_object_get_string(v);
}

static void test_fields(void **state)
{
	int st = -99;
	json_object *o = desc_json(lend_v11, sizeof(lend_v11), 0,
				   FFA_MEM_LEND, 0, &st);
	json_object *cons, *c1;

	(void)state;
	assert_int_equal(st, 0);
	assert_string_equal(get(o, "layout"), "1.1");
	assert_string_equal(get(o, "valid"), "true");
	assert_string_equal(get(o, "attributes"), "0x00");
	assert_string_equal(get(o, "total_pages"), "2");
	assert_true(json_object_object_get_ex(o, "constituents", &cons));
	assert_int_equal(json_object_array_length(cons), 2);
	c1 = json_object_array_get_idx(cons, 1);
	assert_string_equal(get(c1, "address"), "0x80001000");
	assert_int_equal(strlen(get(o, "hex")), 2 * sizeof(lend_v11));
	json_object_put(o);
}

/* The implementation-defined value of 32-byte EMADs, and only of those. */
static void test_impdef(void **state)
{
	int st = -99;
	json_object *o = desc_json(share_v12, sizeof(share_v12), 0,
				   FFA_MEM_SHARE, 0, &st);
	json_object *recv, *r0, *imp;

	(void)state;
	assert_int_equal(st, 0);
	assert_string_equal(get(o, "layout"), "1.2");
	assert_true(json_object_object_get_ex(o, "receivers", &recv));
	r0 = json_object_array_get_idx(recv, 0);
	assert_true(json_object_object_get_ex(r0, "impdef", &imp));
	assert_int_equal(json_object_array_length(imp), 2);
	assert_string_equal(json_object_get_string(
		json_object_array_get_idx(imp, 0)), "0x1122334455667788");
	assert_string_equal(json_object_get_string(
		json_object_array_get_idx(imp, 1)), "0x99");
	json_object_put(o);

	o = desc_json(lend_v11, sizeof(lend_v11), 0, 0, 0, &st);
	assert_true(json_object_object_get_ex(o, "receivers", &recv));
	r0 = json_object_array_get_idx(recv, 0);
	assert_false(json_object_object_get_ex(r0, "impdef", NULL));
	json_object_put(o);
}

static void test_issues_reported(void **state)
{
	uint8_t bad[sizeof(lend_v11)];
	json_object *o, *issues;
	int st = 0;

	(void)state;
	memcpy(bad, lend_v11, sizeof(bad));
	bad[64] = 3; /* total pages 3, constituents add up to 2 */
	o = desc_json(bad, sizeof(bad), 0, 0, 0, &st);
	assert_int_equal(st, -2);
	assert_string_equal(get(o, "valid"), "false");
	assert_true(json_object_object_get_ex(o, "issues", &issues));
	assert_true(json_object_array_length(issues) >= 1);
	json_object_put(o);
}

static void test_truncated_header(void **state)
{
	json_object *o;
	int st = 0;

	(void)state;
	o = desc_json(lend_v11, 20, FFA_VERSION_1_1, 0, 0, &st);
	assert_int_not_equal(st, 0);
	assert_false(json_object_object_get_ex(o, "sender", NULL));
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_impdef),
		cmocka_unit_test(test_issues_reported),
		cmocka_unit_test(test_truncated_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
