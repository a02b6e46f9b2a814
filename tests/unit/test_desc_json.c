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
 * attributes 0x2f, 1 EMAD of 16 bytes at 48: receiver 0x8001, perm RW,
 * composite at 64: 2 pages, 2 constituents at 0x80000000, 0x80001000. */
static const uint8_t lend_v11[] = {
	0x00, 0x00, 0x2f, 0x00, 0x00, 0x00, 0x00, 0x00, /* sender attr flags */
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
	assert_string_equal(get(o, "attributes"), "0x2f");
	assert_string_equal(get(o, "total_pages"), "2");
	assert_true(json_object_object_get_ex(o, "constituents", &cons));
	assert_int_equal(json_object_array_length(cons), 2);
	c1 = json_object_array_get_idx(cons, 1);
	assert_string_equal(get(c1, "address"), "0x80001000");
	assert_int_equal(strlen(get(o, "hex")), 2 * sizeof(lend_v11));
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
		cmocka_unit_test(test_issues_reported),
		cmocka_unit_test(test_truncated_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
