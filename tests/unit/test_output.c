// SPDX-License-Identifier: GPL-2.0-or-later
/* Tests for src/output.c: text and JSON say the same, errors are one line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "errtab.h"
#include "output.h"

struct cap {
	char *obuf, *ebuf;
	size_t olen, elen;
	struct out o;
};

static void cap_open(struct cap *c, bool json, int verbose)
{
	memset(c, 0, sizeof(*c));
	c->o.json = json;
	c->o.verbose = verbose;
	c->o.out = open_memstream(&c->obuf, &c->olen);
	c->o.err = open_memstream(&c->ebuf, &c->elen);
}

static void cap_close(struct cap *c)
{
	fclose(c->o.out);
	fclose(c->o.err);
}

static void cap_free(struct cap *c)
{
	free(c->obuf);
	free(c->ebuf);
}

static void reclaim_error(struct result_status *st, struct ffa_regs *r)
{
	memset(r, 0, sizeof(*r));
	r->a[0] = 0x84000060;
	r->a[2] = 0xfffffffffffffffeull;
	result_classify(FFA_FN_SMC32(FFA_MEM_RECLAIM), r, st);
}

static void test_ffa_error_text_is_the_seed_line(void **state)
{
	struct result_status st;
	struct ffa_regs r;
	struct cap c;

	(void)state;
	reclaim_error(&st, &r);
	cap_open(&c, false, 0);
	out_ffa_error(&c.o, "reclaim", &st, &r);
	cap_close(&c);
	assert_string_equal(c.ebuf, "ffactl: FFA_MEM_RECLAIM: "
			    "INVALID_PARAMETERS: Invalid handle or flags\n");
	assert_int_equal(c.olen, 0);
	cap_free(&c);
}

static void test_ffa_error_json(void **state)
{
	struct result_status st;
	struct ffa_regs r;
	struct cap c;
	json_object *o, *e, *v;

	(void)state;
	reclaim_error(&st, &r);
	cap_open(&c, true, 0);
	out_ffa_error(&c.o, "reclaim", &st, &r);
	/* JSON is printed as the process ends, with its exit status. */
	out_finish(&c.o, 12);
	cap_close(&c);
	assert_int_equal(c.elen, 0);
	o = json_tokener_parse(c.obuf);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "error", &e));
	assert_true(json_object_object_get_ex(e, "code", &v));
	assert_int_equal(json_object_get_int(v), -2);
	assert_true(json_object_object_get_ex(e, "name", &v));
	assert_string_equal(json_object_get_string(v), "INVALID_PARAMETERS");
	assert_true(json_object_object_get_ex(o, "exit_status", &v));
	assert_int_equal(json_object_get_int(v), 12);
	assert_true(json_object_object_get_ex(o, "ok", &v));
	assert_false(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(o, "regs", &v));
	assert_string_equal(json_object_get_string(
		json_object_array_get_idx(v, 2)), "0xfffffffffffffffe");
	json_object_put(o);
	cap_free(&c);
}

static void test_tool_error_one_line(void **state)
{
	struct cap c;

	(void)state;
	cap_open(&c, false, 0);
	out_error(&c.o, "share", "tool", 2, "share: missing --to %s", "ID");
	cap_close(&c);
	assert_string_equal(c.ebuf, "ffactl: share: missing --to ID\n");
	cap_free(&c);
}

static void test_share_text_is_handle_alone(void **state)
{
	json_object *res = out_new("share");
	struct cap c;

	(void)state;
	json_object_object_add(res, "handle",
			       json_object_new_string("0x1000000000002"));
	cap_open(&c, false, 0);
	out_result(&c.o, res);
	cap_close(&c);
	assert_string_equal(c.obuf, "0x1000000000002\n");
	cap_free(&c);
}

/* --quiet drops notes and register dumps, never the result. */
static void test_quiet_and_verbose(void **state)
{
	struct ffa_regs r = { { 0x84000061, 0, 2, 0x10000 } };
	json_object *res = out_new("id");
	struct cap c;

	(void)state;
	json_object_object_add(res, "id", json_object_new_string("0x0000"));
	cap_open(&c, false, 1);
	out_regs(&c.o, "FFA_ID_GET", &r, 4);
	c.o.quiet = true;
	out_regs(&c.o, "FFA_ID_GET", &r, 4);
	out_note(&c.o, "a note");
	out_result(&c.o, res);
	cap_close(&c);
	assert_string_equal(c.obuf, "0x0000\n");
	assert_string_equal(c.ebuf, "FFA_ID_GET: a0=0x84000061 a1=0x0 a2=0x2 "
			    "a3=0x10000\n");
	cap_free(&c);
}

static void test_hex_keeps_64_bits(void **state)
{
	json_object *h = out_hex(UINT64_MAX);

	(void)state;
	assert_string_equal(json_object_get_string(h), "0xffffffffffffffff");
	json_object_put(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ffa_error_text_is_the_seed_line),
		cmocka_unit_test(test_ffa_error_json),
		cmocka_unit_test(test_tool_error_one_line),
		cmocka_unit_test(test_share_text_is_handle_alone),
		cmocka_unit_test(test_quiet_and_verbose),
		cmocka_unit_test(test_hex_keeps_64_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
