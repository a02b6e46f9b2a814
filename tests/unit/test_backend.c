// SPDX-License-Identifier: GPL-2.0-or-later
/* Tests for src/backend.c: selection by name, never a silent fallback. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "backend.h"

static void test_unknown_backend(void **state)
{
	struct ffactl_backend be;
	struct backend_opts o = { 0 };

	(void)state;
	assert_int_equal(backend_open(&be, "hafnium", &o), -EINVAL);
	assert_null(be.ops);
	assert_non_null(strstr(be.errmsg, "unknown backend 'hafnium'"));
}

static void test_dev_missing_does_not_fall_back(void **state)
{
	struct ffactl_backend be;
	struct backend_opts o = { .device = "/nonexistent/ffactl" };

	(void)state;
	assert_int_equal(backend_open(&be, "dev", &o), -ENOENT);
	assert_null(be.ops);
	assert_non_null(strstr(be.errmsg, "/nonexistent/ffactl"));
	/* A path given that is not there: said so, not "load the module". */
	assert_non_null(strstr(be.errmsg, "no such file"));
}

static void test_close_is_idempotent(void **state)
{
	struct ffactl_backend be = { 0 };

	(void)state;
	backend_close(&be);
	backend_close(&be);
	assert_null(be.ops);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_backend),
		cmocka_unit_test(test_dev_missing_does_not_fall_back),
		cmocka_unit_test(test_close_is_idempotent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
