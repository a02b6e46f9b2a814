// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests for src/backend_trace.c: a backend that cannot see each FF-A call
 * (the dev backend's module makes them) is traced one entry per op, the
 * request and the answer the tool saw, and says what it did not see.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "backend.h"

/* A backend standing in for the module: a 3-fragment send, a call. */
static int fake_call(struct ffactl_backend *be, struct ffa_regs *io)
{
	(void)be;
	io->a[0] = FFA_FN_SMC32(FFA_SUCCESS);
	io->a[2] = 0x10002;
	return 0;
}

static int fake_send(struct ffactl_backend *be,
		     const struct mem_send_req *req, struct mem_send_res *res)
{
	(void)be;
	(void)req;
	memset(res, 0, sizeof(*res));
	res->regs.a[0] = FFA_FN_SMC32(FFA_SUCCESS);
	res->regs.a[2] = 7;
	res->fragments = 3;
	res->tx_size = 4096;
	return 0;
}

/* The module's probe: the decisive MAP refused, its follow-up UNMAP. */
static int fake_probe(struct ffactl_backend *be, uint32_t kind,
		      uint32_t pages, struct rxtx_probe_res *res)
{
	(void)be;
	(void)kind;
	(void)pages;
	memset(res, 0, sizeof(*res));
	res->regs.a[0] = FFA_FN_SMC32(FFA_ERROR);
	res->regs.a[2] = (uint32_t)-6;
	res->regs2.a[0] = FFA_FN_SMC32(FFA_SUCCESS);
	res->made = res->made2 = true;
	return 0;
}

static int closed;

static void fake_close(struct ffactl_backend *be)
{
	(void)be;
	closed++;
}

static const struct ffactl_backend_ops fake_ops = {
	.name = "dev", .call = fake_call, .mem_send = fake_send,
	.close = fake_close,
};

static struct {
	int n;
	char note[200];
	struct ffa_regs in, out;
} seen;

static void record(void *arg, const char *what, const struct ffa_regs *in,
		   const struct ffa_regs *out, const char *note)
{
	(void)arg;
	(void)what;
	seen.n++;
	seen.in = *in;
	seen.out = *out;
	snprintf(seen.note, sizeof(seen.note), "%s", note ? note : "");
}

static void test_each_op_is_one_entry(void **state)
{
	struct ffactl_backend be = { .ops = &fake_ops, .trace = record };
	struct mem_send_req req = {
		.fid = FFA_FN_SMC32(FFA_MEM_SHARE), .desc_len = 9000,
	};
	struct mem_send_res res;
	struct ffa_regs io = { { FFA_FN_SMC32(FFA_VERSION), 0x10001 } };

	(void)state;
	memset(&seen, 0, sizeof(seen));
	backend_trace_wrap(&be);
	assert_int_equal(be.ops->call(&be, &io), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.in.a[0], FFA_FN_SMC32(FFA_VERSION));
	assert_int_equal(seen.in.a[1], 0x10001);
	assert_int_equal(seen.out.a[2], 0x10002);
	assert_string_equal(seen.note, "");

	assert_int_equal(be.ops->mem_send(&be, &req, &res), 0);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.in.a[0], FFA_FN_SMC32(FFA_MEM_SHARE));
	assert_int_equal(seen.in.a[1], 9000);
	assert_int_equal(seen.in.a[2], 4096); /* the first fragment */
	assert_int_equal(seen.out.a[2], 7);
	assert_non_null(strstr(seen.note, "3 fragment(s)"));
	assert_non_null(strstr(seen.note, "FFA_MEM_FRAG_TX calls are not "
				"traced"));
	/* Its name is the backend's, for messages that print it. */
	assert_string_equal(be.ops->name, "dev");
	backend_close(&be);
	assert_int_equal(closed, 1);
}

/* The probe's decisive call is traced, with the function it made. */
static void test_rxtx_probe_is_one_entry(void **state)
{
	static const struct ffactl_backend_ops probe_ops = {
		.name = "dev", .rxtx_probe = fake_probe,
	};
	struct ffactl_backend be = { .ops = &probe_ops, .trace = record };
	struct ffactl_backend none = { .ops = &fake_ops, .trace = record };
	struct rxtx_probe_res res;

	(void)state;
	memset(&seen, 0, sizeof(seen));
	backend_trace_wrap(&be);
	assert_int_equal(be.ops->rxtx_probe(&be, RXTX_PROBE_MAP_PAGES, 0,
					    &res), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.in.a[0], FFA_FN_SMC64(FFA_RXTX_MAP));
	assert_int_equal(seen.in.a[3], 0);
	assert_int_equal(seen.out.a[2], (uint32_t)-6);
	assert_non_null(strstr(seen.note, "RX/TX probe 4"));
	assert_int_equal(be.ops->rxtx_probe(&be, RXTX_PROBE_INFO_BUSY, 0,
					    &res), 0);
	assert_int_equal(seen.in.a[0], FFA_FN_SMC32(FFA_PARTITION_INFO_GET));
	/* A wrapped backend without the op refuses instead of crashing. */
	backend_trace_wrap(&none);
	assert_int_equal(none.ops->rxtx_probe(&none, RXTX_PROBE_MAP_TWICE, 0,
					      &res), -EOPNOTSUPP);
	assert_int_equal(seen.n, 2);
}

static void test_not_tracing_wraps_nothing(void **state)
{
	struct ffactl_backend be = { .ops = &fake_ops };

	(void)state;
	backend_trace_wrap(&be);
	assert_ptr_equal(be.ops, &fake_ops);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_op_is_one_entry),
		cmocka_unit_test(test_rxtx_probe_is_one_entry),
		cmocka_unit_test(test_not_tracing_wraps_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
