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

static void add(struct smoke_detection *d, const char *name, int32_t obs,
		uint32_t fits)
{
	struct smoke_evidence *e = &d->e[d->n++];

	e->name = name;
	e->observed = obs;
	e->ran = true;
	e->fits = fits;
}

#define SPEC_B (1u << FFA_PROFILE_SPEC)
#define TFA_B (1u << FFA_PROFILE_TFA_EL3)
#define OPTEE_B (1u << FFA_PROFILE_OPTEE)

static void test_decide(void **state)
{
	struct smoke_detection d = { 0 };

	(void)state;
	smoke_profile_decide(&d);
	assert_int_equal(d.profile, FFA_PROFILE_SPEC);
	assert_non_null(strstr(d.why, "no probe"));
	add(&d, "features_mem_donate_32", FFA_RET_NOT_SUPPORTED,
	    TFA_B | OPTEE_B);
	add(&d, "features_id_get", 0, SPEC_B | TFA_B);
	smoke_profile_decide(&d);
	assert_int_equal(d.profile, FFA_PROFILE_TFA_EL3);
	assert_int_equal(d.predicted, 2);
	assert_string_equal(d.why, "tfa-el3 predicts all 2 probes");
	/* One contradicting probe: the closest profile, and it says so. */
	add(&d, "partition_info_unknown_uuid", 0, OPTEE_B);
	add(&d, "features_mem_lend_32", FFA_RET_NOT_SUPPORTED, OPTEE_B);
	smoke_profile_decide(&d);
	assert_int_equal(d.profile, FFA_PROFILE_OPTEE);
	assert_int_equal(d.predicted, 3);
	assert_non_null(strstr(d.why, "no profile predicts every probe"));
	/* A probe that did not run counts for nobody. */
	d.e[2].ran = false;
	d.e[3].ran = false;
	smoke_profile_decide(&d);
	assert_int_equal(d.profile, FFA_PROFILE_TFA_EL3);
	assert_int_equal(d.ran, 2);
}

/*
 * Each profile's sim is detected as that profile, whatever partitions it
 * lists: TF-A's EL3 SPMC with OP-TEE as its partition lists OP-TEE's UUID
 * and must still be detected as tfa-el3.
 */
static void test_detect_on_sim(void **state)
{
	char dir[] = "/tmp/test_smoke_profiles.XXXXXX", path[64], err[256];
	struct backend_opts o = { .state = path };
	struct smoke_detection d;
	struct ffactl_backend be;
	struct smoke_ctx *c = calloc(1, sizeof(*c));
	size_t n;

	(void)state;
	assert_non_null(c);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sim.state", dir);
	for (uint32_t l = 0; l < FFA_LAYOUT_COUNT; l++) {
		for (uint32_t p = 0; p < SMOKE_PROFILE_COUNT; p++) {
			assert_int_equal(sim_reset(path, p, l, err,
						   sizeof(err)), 0);
			assert_int_equal(backend_open(&be, "sim", &o), 0);
			assert_int_equal(smoke_prepare(c, &be,
						       FFA_PROFILE_SPEC, -1),
					 0);
			assert_int_equal(smoke_profile_detect(c, &d), 0);
			assert_int_equal(d.profile, p);
			assert_int_equal(d.n, smoke_probe_count());
			assert_int_equal(d.ran, d.n);
			assert_int_equal(d.predicted, d.n);
			/* Each probe is predicted by some profile, not all. */
			for (unsigned int i = 0; i < d.n; i++) {
				assert_true(d.e[i].fits & (1u << p));
				assert_int_not_equal(d.e[i].fits,
					(1u << SMOKE_PROFILE_COUNT) - 1);
			}
			n = 99;
			assert_int_equal(be.ops->handles(&be, NULL, 0, &n), 0);
			assert_int_equal(n, 0);
			backend_close(&be);
		}
	}
	free(c);
	unlink(path);
	rmdir(dir);
}

/* The probes exist and tell every pair of profiles apart. */
static void test_probes_separate_profiles(void **state)
{
	(void)state;
	assert_true(smoke_probe_count() >= 3);
	for (uint32_t a = 0; a < SMOKE_PROFILE_COUNT; a++) {
		for (uint32_t b = a + 1; b < SMOKE_PROFILE_COUNT; b++) {
			bool differ = false;

			for (unsigned int i = 0; i < smoke_probe_count(); i++) {
				const char *nm = smoke_probe_at(i);
				const struct smoke_deviation *da =
					smoke_deviation(a, nm);
				const struct smoke_deviation *db =
					smoke_deviation(b, nm);
				int32_t ea = da ? da->observed :
						  case_expect(nm);
				int32_t eb = db ? db->observed :
						  case_expect(nm);

				assert_true(case_exists(nm));
				differ |= ea != eb;
			}
			assert_true(differ);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_detect_on_sim),
		cmocka_unit_test(test_probes_separate_profiles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
