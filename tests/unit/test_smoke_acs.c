// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests for src/smoke_acs.c: the table of FF-A ACS checks and how the case
 * table maps onto it (each case's acs names rows that exist and that the
 * normal world can check; a row no case covers says why).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "smoke.h"

static void test_rows_unique_and_complete(void **state)
{
	(void)state;
	assert_true(smoke_acs_count() >= 150);
	assert_null(smoke_acs_at(smoke_acs_count()));
	for (unsigned int i = 0; i < smoke_acs_count(); i++) {
		const struct smoke_acs_row *r = smoke_acs_at(i);

		assert_non_null(r->id);
		assert_true(r->weight >= 1);
		assert_true(!strcmp(r->area, "setup") ||
			    !strcmp(r->area, "direct") ||
			    !strcmp(r->area, "mem"));
		assert_true(strlen(r->check) > 5 && strlen(r->expect) > 2);
		/* The row found by its id is the row itself. */
		assert_ptr_equal(smoke_acs_find(r->id, strlen(r->id)), r);
		/* Not checkable means no "left" too: one reason. */
		assert_false(r->not_nw && r->left);
		/* Ids are one word: the case table separates by spaces. */
		assert_null(strchr(r->id, ' '));
	}
}

/* Every ACS id a case names is a row, and one the normal world can make. */
static void test_cases_name_existing_checkable_rows(void **state)
{
	unsigned int named = 0;

	(void)state;
	for (unsigned int i = 0; i < smoke_case_count(); i++) {
		const struct smoke_case *k = smoke_case_at(i);

		for (const char *p = k->acs; p && *p;) {
			size_t w = strcspn(p, " ");
			const struct smoke_acs_row *r = smoke_acs_find(p, w);

			if (!r)
				fail_msg("%s names ACS row '%.*s', which does "
					 "not exist", k->name, (int)w, p);
			if (r->not_nw)
				fail_msg("%s names %s, which the normal world "
					 "cannot check", k->name, r->id);
			assert_true(smoke_case_names_acs(k, r->id));
			named++;
			p += w;
			p += strspn(p, " ");
		}
		/* An empty string would read as "names nothing". */
		assert_true(!k->acs || *k->acs);
	}
	assert_true(named >= 50);
}

/* A row no case covers says why; a covered one's status follows. */
static void test_status(void **state)
{
	unsigned int n[SMOKE_ACS_STATUS_COUNT] = { 0 };

	(void)state;
	for (unsigned int i = 0; i < smoke_acs_count(); i++) {
		const struct smoke_acs_row *r = smoke_acs_at(i);
		enum smoke_acs_status st = smoke_acs_status(r);

		n[st]++;
		if (st == SMOKE_ACS_NOT_COVERED && !r->left)
			fail_msg("%s: no case covers it and no reason why",
				 r->id);
		if (st == SMOKE_ACS_NOT_CHECKABLE)
			assert_non_null(r->not_nw);
		if (st == SMOKE_ACS_PARTLY)
			assert_non_null(r->left);
	}
	assert_true(n[SMOKE_ACS_COVERED] > 0);
	assert_true(n[SMOKE_ACS_NOT_CHECKABLE] > 0);
	assert_string_equal(smoke_acs_status_name(SMOKE_ACS_PARTLY), "partly");
}

static void test_names_acs_matches_whole_words(void **state)
{
	struct smoke_case k = { .name = "x", .acs = "ffa_mem_share.sender "
				"ffa_version" };

	(void)state;
	assert_true(smoke_case_names_acs(&k, "ffa_version"));
	assert_true(smoke_case_names_acs(&k, "ffa_mem_share.sender"));
	assert_false(smoke_case_names_acs(&k, "ffa_mem_share"));
	assert_false(smoke_case_names_acs(&k, "ffa_versio"));
	k.acs = NULL;
	assert_false(smoke_case_names_acs(&k, "ffa_version"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_unique_and_complete),
		cmocka_unit_test(test_cases_name_existing_checkable_rows),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_names_acs_matches_whole_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
