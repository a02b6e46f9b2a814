// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests for src/ioctl_bridge.c: each way the device can be unusable gets
 * its own message (the bridge itself arrives with the kernel module).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "backend.h"

static void test_missing(void **state)
{
	struct ffactl_backend be = { 0 };
	struct backend_opts o = { .device = "/nonexistent/dev/ffactl" };

	(void)state;
	assert_int_equal(ioctl_bridge_open(&be, &o), -ENOENT);
	assert_non_null(strstr(be.errmsg, "not loaded"));
	assert_non_null(strstr(be.errmsg, "--backend sim"));
}

static void test_present_but_not_the_module(void **state)
{
	char path[] = "/tmp/ffactl-test-XXXXXX";
	int fd = mkstemp(path);
	struct ffactl_backend be = { 0 };
	struct backend_opts o = { .device = path };

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(ioctl_bridge_open(&be, &o), -ENOTTY);
	assert_non_null(strstr(be.errmsg, path));
	assert_null(be.ops);
	unlink(path);
}

static void test_not_a_device(void **state)
{
	struct ffactl_backend be = { 0 };
	struct backend_opts o = { .device = "/" };

	(void)state;
	/* A directory cannot be opened read-write: reported, not crashed. */
	assert_int_equal(ioctl_bridge_open(&be, &o), -EISDIR);
	assert_non_null(strstr(be.errmsg, "/: "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_present_but_not_the_module),
		cmocka_unit_test(test_not_a_device),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
