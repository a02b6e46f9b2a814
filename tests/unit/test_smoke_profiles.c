// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests for src/smoke_profiles.c: the deviation table, the profile decision
 * from facts, and detection against the sim under each profile.
 */
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
#include "model.h"
#include "sim.h"
#include "smoke.h"

static bool case_exists(const char *name)
{
	for (unsigned int i = 0; i < smoke_case_count(); i++)
		if (!strcmp(smoke_case_at(i)->name, name))
			return true;
	return false;
}

static int32_t case_expect(const char *name)
{
	for (unsigned int i = 0; i < smoke_case_count(); i++)
		if (!strcmp(smoke_case_at(i)->name, name))
			return smoke_case_at(i)->expect;
	return 1;
}

static void test_table_rows(void **state)
{
	(void)state;
	assert_true(smoke_deviation_count() >= 5);
	assert_null(smoke_deviation_at(smoke_deviation_count()));
	for (unsigned int i = 0; i < smoke_deviation_count(); i++) {
		const struct smoke_deviation *d = smoke_deviation_at(i);

		/* Every row names a case, a non-spec profile, a reason,
		 * and an answer other than the one the spec asks for. */
		assert_true(case_exists(d->name));
		assert_true(d->profile == FFA_PROFILE_TFA_EL3 ||
			    d->profile == FFA_PROFILE_OPTEE);
		assert_true(strlen(d->reason) > 10);
		assert_int_not_equal(d->observed, case_expect(d->name));
		/* One row per (profile, case). */
		assert_ptr_equal(smoke_deviation(d->profile, d->name), d);
	}
}

static void test_lookup(void **state)
{
	const struct smoke_deviation *d;

	(void)state;
	d = smoke_deviation(FFA_PROFILE_TFA_EL3, "reclaim_flag_zero");
	assert_non_null(d);
	assert_int_equal(d->observed, FFA_RET_INVALID_PARAMETERS);
	assert_non_null(strstr(d->reason, "reclaim flag"));
	assert_non_null(smoke_deviation(FFA_PROFILE_OPTEE,
					"reclaim_flag_time_slice"));
	/* The MBZ bit is refused everywhere: no deviation. */
	assert_null(smoke_deviation(FFA_PROFILE_TFA_EL3, "reclaim_flag_bit2"));
	assert_null(smoke_deviation(FFA_PROFILE_SPEC, "reclaim_flag_zero"));
	assert_null(smoke_deviation(FFA_PROFILE_TFA_EL3,
				    "share_outer_shareable"));
	assert_null(smoke_deviation(FFA_PROFILE_OPTEE, "no_such_case"));
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(smoke_profile_parse("spec"), FFA_PROFILE_SPEC);
	assert_int_equal(smoke_profile_parse("tfa-el3"), FFA_PROFILE_TFA_EL3);
	assert_int_equal(smoke_profile_parse("optee"), FFA_PROFILE_OPTEE);
	assert_int_equal(smoke_profile_parse("auto"), -1);
	assert_int_equal(smoke_profile_parse("hafnium"), -1);
	assert_string_equal(smoke_profile_name(FFA_PROFILE_TFA_EL3), "tfa-el3");
	assert_null(smoke_profile_name(SMOKE_PROFILE_COUNT));
}

static void test_decide(void **state)
{
	struct smoke_facts f = { .version = FFA_VERSION_1_2, .spm_id = 0x8000,
				 .attr_probe = 1 };
	const char *why = NULL;

	(void)state;
	f.donate = true;
	assert_int_equal(smoke_profile_decide(&f, &why), FFA_PROFILE_SPEC);
	assert_non_null(strstr(why, "DONATE"));
	/* Donate wins over everything else. */
	f.optee_uuid = true;
	assert_int_equal(smoke_profile_decide(&f, NULL), FFA_PROFILE_SPEC);
	f.donate = false;
	assert_int_equal(smoke_profile_decide(&f, &why), FFA_PROFILE_OPTEE);
	assert_non_null(strstr(why, "UUID"));
	f.optee_uuid = false;
	f.attr_probe = FFA_RET_INVALID_PARAMETERS;
	assert_int_equal(smoke_profile_decide(&f, &why), FFA_PROFILE_OPTEE);
	assert_non_null(strstr(why, "refused"));
	f.attr_probe = 0;
	assert_int_equal(smoke_profile_decide(&f, &why), FFA_PROFILE_TFA_EL3);
	assert_non_null(strstr(why, "accepted"));
	f.attr_probe = 1;
	assert_int_equal(smoke_profile_decide(&f, &why), FFA_PROFILE_TFA_EL3);
	assert_non_null(strstr(why, "assuming"));
}

static void test_detect_on_sim(void **state)
{
	char dir[] = "/tmp/test_smoke_profiles.XXXXXX", path[64], err[256];
	struct backend_opts o = { .state = path };
	struct smoke_facts f;
	struct ffactl_backend be;
	const char *why;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sim.state", dir);
	for (uint32_t p = 0; p < SMOKE_PROFILE_COUNT; p++) {
		assert_int_equal(sim_reset(path, p, err, sizeof(err)), 0);
		assert_int_equal(backend_open(&be, "sim", &o), 0);
		assert_int_equal(smoke_profile_detect(&be, &f, &why), (int)p);
		assert_int_equal(f.version, FFA_VERSION_1_2);
		assert_int_equal(f.spm_id, FFA_MODEL_SPMC_ID);
		assert_int_equal(f.donate, p == FFA_PROFILE_SPEC);
		assert_false(f.optee_uuid);
		/* Probed only where donate did not decide. */
		assert_int_equal(f.attr_probe,
				 p == FFA_PROFILE_SPEC ? 1 :
				 p == FFA_PROFILE_OPTEE ?
					 FFA_RET_INVALID_PARAMETERS : 0);
		/* The probe's page came back. */
		n = 99;
		assert_int_equal(be.ops->handles(&be, NULL, 0, &n), 0);
		assert_int_equal(n, 0);
		backend_close(&be);
	}
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_detect_on_sim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
