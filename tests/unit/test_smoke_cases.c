// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests for src/smoke_cases.c: the case table, the judgement, and whole
 * runs against the sim under each profile (state in a temporary file).
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
#include "model.h"
#include "sim.h"
#include "smoke.h"

static char state_path[64];

static int setup(void **state)
{
	(void)state;
	snprintf(state_path, sizeof(state_path), "/tmp/test_smoke.XXXXXX");
	assert_non_null(mkdtemp(state_path));
	strcat(state_path, "/sim.state");
	return 0;
}

static int teardown(void **state)
{
	char dir[64];

	(void)state;
	unlink(state_path);
	snprintf(dir, sizeof(dir), "%s", state_path);
	*strrchr(dir, '/') = '\0';
	rmdir(dir);
	return 0;
}

static const struct smoke_case *find_case(const char *name)
{
	for (unsigned int i = 0; i < smoke_case_count(); i++)
		if (!strcmp(smoke_case_at(i)->name, name))
			return smoke_case_at(i);
	return NULL;
}

static void test_table(void **state)
{
	unsigned int n = smoke_case_count();

	(void)state;
	assert_true(n >= 40);
	assert_null(smoke_case_at(n));
	for (unsigned int i = 0; i < n; i++) {
		const struct smoke_case *k = smoke_case_at(i);

		assert_non_null(k->name);
		assert_non_null(k->what);
		assert_non_null(k->run);
		/* TAP: a name must not carry a directive or a number. */
		assert_null(strchr(k->name, '#'));
		assert_null(strchr(k->name, ' '));
		for (unsigned int j = 0; j < i; j++)
			assert_string_not_equal(k->name,
						smoke_case_at(j)->name);
	}
	/* The cases the issue names are there. */
	assert_non_null(find_case("version_bit31"));
	assert_non_null(find_case("reclaim_flag_bit2"));
	assert_non_null(find_case("reclaim_while_retrieved"));
	assert_non_null(find_case("reclaim_zero_really_zeroes"));
	assert_non_null(find_case("share_fragmented"));
	assert_int_equal(find_case("reclaim_while_retrieved")->expect,
			 FFA_RET_DENIED);
	assert_int_equal(find_case("reclaim_flags_all_ones")->arg,
			 0xffffffffu);
}

/*
 * smoke_retrieve.c's scenarios and the cases that run them: one each, by
 * the same name, and only where ffactl's test partition runs.
 */
static void test_retrieve_with_table(void **state)
{
	unsigned int used = 0;

	(void)state;
	for (unsigned int i = 0; i < smoke_case_count(); i++) {
		const struct smoke_case *k = smoke_case_at(i);

		if (k->run != smoke_run_retrieve_with)
			continue;
		assert_true(k->arg < smoke_retrieve_scenario_count());
		assert_string_equal(smoke_retrieve_scenario_name(k->arg),
				    k->name);
		assert_true(k->needs & SMOKE_NEED_RETRIEVE_WITH);
		assert_non_null(k->acs);
		used++;
	}
	assert_int_equal(used, smoke_retrieve_scenario_count());
	assert_null(smoke_retrieve_scenario_name(used));
}

static void test_judge(void **state)
{
	const struct smoke_case *k = find_case("reclaim_flag_zero");
	char why[256];

	(void)state;
	assert_int_equal(smoke_judge(k, FFA_PROFILE_SPEC, SMOKE_RUN_DONE, 0,
				     "", why, sizeof(why)), SMOKE_OK);
	assert_int_equal(smoke_judge(k, FFA_PROFILE_SPEC, SMOKE_RUN_DONE,
				     FFA_RET_INVALID_PARAMETERS, "", why,
				     sizeof(why)), SMOKE_NOT_OK);
	assert_string_equal(why, "expected SUCCESS, got INVALID_PARAMETERS");
	assert_int_equal(smoke_judge(k, FFA_PROFILE_TFA_EL3, SMOKE_RUN_DONE,
				     FFA_RET_INVALID_PARAMETERS, "", why,
				     sizeof(why)), SMOKE_TODO);
	assert_non_null(strstr(why, "known deviation: TF-A"));
	/* A deviation documents one answer, not any failure. */
	assert_int_equal(smoke_judge(k, FFA_PROFILE_TFA_EL3, SMOKE_RUN_DONE,
				     FFA_RET_DENIED, "", why, sizeof(why)),
			 SMOKE_NOT_OK);
	/* The spec answer is fine on a deviating profile too. */
	assert_int_equal(smoke_judge(k, FFA_PROFILE_TFA_EL3, SMOKE_RUN_DONE, 0,
				     "", why, sizeof(why)), SMOKE_OK);
	assert_int_equal(smoke_judge(k, FFA_PROFILE_SPEC, SMOKE_RUN_SKIP, 0,
				     "no partition", why, sizeof(why)),
			 SMOKE_SKIP);
	assert_string_equal(why, "no partition");
	assert_int_equal(smoke_judge(k, FFA_PROFILE_TFA_EL3, SMOKE_RUN_FAIL,
				     FFA_RET_INVALID_PARAMETERS,
				     "pages not zero",
				     why, sizeof(why)), SMOKE_NOT_OK);
	assert_string_equal(why, "pages not zero");
	assert_string_equal(smoke_code_name(0), "SUCCESS");
	assert_string_equal(smoke_code_name(FFA_RET_DENIED), "DENIED");
	assert_string_equal(smoke_code_name(SMOKE_OBS_VIOLATION), "PROTOCOL");
}

/*
 * Runs every case on the sim with @layout's partitions; counts[] per
 * result; names of non-OK ones in @seen.
 */
static void run_layout_at(uint32_t sim_profile, uint32_t expect_profile,
			  uint32_t layout, uint32_t module_version,
			  unsigned int counts[4], char *seen, size_t cap)
{
	struct backend_opts o = { .state = state_path };
	struct ffactl_backend be;
	struct smoke_ctx *c = calloc(1, sizeof(*c));
	char err[256], why[256];
	size_t n = 99;

	assert_non_null(c);
	assert_int_equal(sim_reset_version(state_path, sim_profile, layout,
					   module_version, err, sizeof(err)),
			 0);
	assert_int_equal(backend_open(&be, "sim", &o), 0);
	assert_int_equal(smoke_prepare(c, &be, expect_profile, -1), 0);
	assert_true(c->part.found);
	assert_int_equal(c->part.id, FFA_MODEL_TEST_SP_ID);
	/* A v1.0 listing carries no UUIDs. */
	assert_true(c->part.have_uuid == (module_version != FFA_VERSION_1_0));
	/* TF-A 2.8 is FF-A 1.1; the others 1.2. */
	assert_int_equal(c->version, sim_profile == FFA_PROFILE_TFA_EL3 ?
			 FFA_VERSION_1_1 : FFA_VERSION_1_2);
	memset(counts, 0, 4 * sizeof(counts[0]));
	seen[0] = '\0';
	for (unsigned int i = 0; i < smoke_case_count(); i++) {
		const struct smoke_case *k = smoke_case_at(i);
		enum smoke_result r = smoke_run_case(c, k, why, sizeof(why));

		counts[r]++;
		if (r != SMOKE_OK)
			snprintf(seen + strlen(seen), cap - strlen(seen),
				 "%c:%s ", "ONST"[r], k->name);
	}
	/* Nothing left shared, nothing reported stuck. */
	assert_int_equal(c->nleaked, 0);
	assert_int_equal(be.ops->handles(&be, NULL, 0, &n), 0);
	assert_int_equal(n, 0);
	backend_close(&be);
	free(c);
}

/* The module negotiated 1.1 at load, its default. */
static void run_layout(uint32_t sim_profile, uint32_t expect_profile,
		       uint32_t layout, unsigned int counts[4], char *seen,
		       size_t cap)
{
	run_layout_at(sim_profile, expect_profile, layout, 0, counts, seen,
		      cap);
}

static void run_all(uint32_t sim_profile, uint32_t expect_profile,
		    unsigned int counts[4], char *seen, size_t cap)
{
	run_layout(sim_profile, expect_profile, FFA_LAYOUT_TEST, counts, seen,
		   cap);
}

/*
 * The spec profile fixes the version the module negotiated at load
 * (DEN0077 v1.2 §13.2): a run at 1.0, 1.1 or 1.2 skips what needs
 * another version, and nothing else; every case passes in one of them.
 */
static void test_spec_all_ok(void **state)
{
	static const uint32_t versions[] = {
		FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2,
	};
	unsigned int counts[4];
	char seen[3][4096];

	(void)state;
	for (unsigned int v = 0; v < 3; v++) {
		run_layout_at(FFA_PROFILE_SPEC, FFA_PROFILE_SPEC,
			      FFA_LAYOUT_TEST, versions[v], counts, seen[v],
			      sizeof(seen[v]));
		assert_int_equal(counts[SMOKE_NOT_OK], 0);
		assert_int_equal(counts[SMOKE_TODO], 0);
		assert_true(counts[SMOKE_SKIP] > 0);
	}
	for (unsigned int i = 0; i < smoke_case_count(); i++) {
		char name[128];

		snprintf(name, sizeof(name), "S:%s ",
			 smoke_case_at(i)->name);
		assert_true(!strstr(seen[0], name) || !strstr(seen[1], name) ||
			    !strstr(seen[2], name));
	}
	/* What each version lacks: the others' FFA_VERSION, layouts, ABIs. */
	assert_non_null(strstr(seen[0], "S:version_1_1 "));
	assert_non_null(strstr(seen[0], "S:share_32_v1_1 "));
	assert_null(strstr(seen[0], "S:share_32_v1_0 "));
	assert_non_null(strstr(seen[1], "S:version_1_0 "));
	assert_non_null(strstr(seen[1], "S:share_32_v1_0 "));
	assert_non_null(strstr(seen[1], "S:direct_req2_echo "));
	assert_null(strstr(seen[1], "S:version_1_1 "));
	assert_non_null(strstr(seen[2], "S:version_1_1 "));
	assert_null(strstr(seen[2], "S:direct_req2_echo "));
	assert_null(strstr(seen[2], "version_fixed_after_calls"));
}

/*
 * What @profile's sim must show: TODO for exactly the cases the profile
 * documents a deviation for, SKIP for the donate cases (FFA_FEATURES says
 * no) and those of a later FF-A version than the profile's, nothing else.
 */
static void expected_seen(uint32_t profile, char *want, size_t cap)
{
	uint32_t version = profile == FFA_PROFILE_TFA_EL3 ? FFA_VERSION_1_1 :
							    FFA_VERSION_1_2;

	want[0] = '\0';
	for (unsigned int i = 0; i < smoke_case_count(); i++) {
		const struct smoke_case *k = smoke_case_at(i);

		uint32_t num = k->feature ? FFA_FN_NUM(k->feature) : 0;

		/*
		 * No donate but in spec; OP-TEE has no ..._GET_REGS; the
		 * fixed version is a v1.2 rule (smoke_version.c).
		 * TF-A 2.8 reports one outstanding retrieval: no retrieve
		 * while holding one (ACS skips that check too).
		 */
		if (num == FFA_MEM_DONATE || k->min_version > version ||
		    (k->run == smoke_run_version_fixed &&
		     version < FFA_VERSION_1_2) ||
		    (num == FFA_PARTITION_INFO_GET_REGS &&
		     profile == FFA_PROFILE_OPTEE) ||
		    (k->run == smoke_run_retrievals &&
		     k->arg2 == SMOKE_RT_ZERO &&
		     profile == FFA_PROFILE_TFA_EL3))
			snprintf(want + strlen(want), cap - strlen(want),
				 "S:%s ", k->name);
		else if (smoke_deviation(profile, k->name))
			snprintf(want + strlen(want), cap - strlen(want),
				 "T:%s ", k->name);
	}
}

static void test_tfa_todo_exactly_the_deviations(void **state)
{
	unsigned int counts[4];
	char seen[4096], want[4096];

	(void)state;
	run_all(FFA_PROFILE_TFA_EL3, FFA_PROFILE_TFA_EL3, counts, seen,
		sizeof(seen));
	assert_int_equal(counts[SMOKE_NOT_OK], 0);
	expected_seen(FFA_PROFILE_TFA_EL3, want, sizeof(want));
	assert_string_equal(seen, want);
	/* What TF-A was seen to do (qemu-tfa, DESIGN.md §12) is there. */
	assert_non_null(strstr(seen, "T:share_receiver_is_sender "));
	assert_non_null(strstr(seen, "T:share_device_memory "));
	assert_non_null(strstr(seen, "T:lend_rwx "));
	assert_non_null(strstr(seen, "T:share_sender_not_caller "));
	assert_non_null(strstr(seen, "T:reclaim_flag_zero "));
}

static void test_optee(void **state)
{
	unsigned int counts[4];
	char seen[4096], want[4096];

	(void)state;
	run_all(FFA_PROFILE_OPTEE, FFA_PROFILE_OPTEE, counts, seen,
		sizeof(seen));
	assert_int_equal(counts[SMOKE_NOT_OK], 0);
	expected_seen(FFA_PROFILE_OPTEE, want, sizeof(want));
	assert_string_equal(seen, want);
	assert_non_null(strstr(seen, "T:share_fragmented "));
	assert_non_null(strstr(seen, "T:features_id_get "));
	assert_non_null(strstr(seen, "T:partition_info_unknown_uuid "));
	assert_non_null(strstr(seen, "T:share_outer_shareable "));
	assert_non_null(strstr(seen, "T:write_read_only_share "));
}

/* The cross check: TF-A's behaviour judged by the spec must fail. */
static void test_cross_check_fails(void **state)
{
	unsigned int counts[4];
	char seen[4096];

	(void)state;
	char want[4096];

	run_all(FFA_PROFILE_TFA_EL3, FFA_PROFILE_SPEC, counts, seen,
		sizeof(seen));
	assert_int_equal(counts[SMOKE_TODO], 0);
	/* Every deviation TF-A's profile documents is a failure now. */
	expected_seen(FFA_PROFILE_TFA_EL3, want, sizeof(want));
	for (char *p = want; (p = strstr(p, "T:")); p++)
		*p = 'N';
	assert_string_equal(seen, want);
	assert_non_null(strstr(seen, "N:reclaim_flag_zero "));
	assert_non_null(strstr(seen, "N:features_mem_donate_32 "));
}

/*
 * An SPMC whose only partition is an ordinary one (OP-TEE's UUID and
 * protocol): every case that only sends to a partition runs, and exactly
 * the cases that need a borrower acting in a test protocol skip.
 */
static void test_ordinary_partition_only_borrower_cases_skip(void **state)
{
	unsigned int counts[4], want_skip = 0, borrower = 0;
	char seen[4096], want[4096] = "";
	char fixed[4096], name[128];

	(void)state;
	/* At 1.2 the cases of other versions skip (§13.2), as here. */
	run_layout_at(FFA_PROFILE_SPEC, FFA_PROFILE_SPEC, FFA_LAYOUT_TEST,
		      FFA_VERSION_1_2, counts, fixed, sizeof(fixed));
	run_layout_at(FFA_PROFILE_SPEC, FFA_PROFILE_SPEC, FFA_LAYOUT_OPTEE,
		      FFA_VERSION_1_2, counts, seen, sizeof(seen));
	for (unsigned int i = 0; i < smoke_case_count(); i++) {
		const struct smoke_case *k = smoke_case_at(i);

		snprintf(name, sizeof(name), "S:%s ", k->name);
		if (strstr(fixed, name)) {
			want_skip++;
			snprintf(want + strlen(want),
				 sizeof(want) - strlen(want), "%s", name);
			continue;
		}

		/* ...and those needing partitions OP-TEE's layout lacks. */
		if (!(k->needs & (SMOKE_NEED_PROTOCOL | SMOKE_NEED_OTHERS)))
			continue;
		want_skip++;
		borrower++;
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 "S:%s ", k->name);
	}
	assert_string_equal(seen, want);
	assert_int_equal(counts[SMOKE_SKIP], want_skip);
	assert_int_equal(counts[SMOKE_NOT_OK], 0);
	/*
	 * The borrower cases are the state machine ones and the borrower's
	 * own request fields (smoke_retrieve.c): a third at most, not sends.
	 */
	assert_true(borrower * 3 < smoke_case_count());
	assert_int_equal(counts[SMOKE_OK], smoke_case_count() - want_skip);
	assert_null(strstr(seen, "share_32_v1_1"));
	assert_null(strstr(seen, "reclaim_flag_zero "));
	assert_null(strstr(seen, "share_fragmented"));
}

/*
 * TF-A's TSP as the partition: its protocol writes and relinquishes in one
 * request, so the cases needing that run (and see its write), and only
 * those needing a borrower that holds a region skip.
 */
static void test_tsp_partition(void **state)
{
	unsigned int counts[4];
	char seen[4096], want[4096] = "";

	(void)state;
	run_layout(FFA_PROFILE_TFA_EL3, FFA_PROFILE_TFA_EL3, FFA_LAYOUT_TSP,
		   counts, seen, sizeof(seen));
	assert_int_equal(counts[SMOKE_NOT_OK], 0);
	for (unsigned int i = 0; i < smoke_case_count(); i++) {
		const struct smoke_case *k = smoke_case_at(i);

		if (k->needs & (SMOKE_NEED_HOLD | SMOKE_NEED_WRITE |
				SMOKE_NEED_CHECKSUM |
				SMOKE_NEED_RETRIEVE_WITH))
			snprintf(want + strlen(want),
				 sizeof(want) - strlen(want), "S:%s ",
				 k->name);
	}
	for (char *w = strtok(want, " "); w; w = strtok(NULL, " "))
		assert_non_null(strstr(seen, w));
	assert_null(strstr(seen, "direct_req_echo"));
	assert_null(strstr(seen, "reclaim_after_relinquish"));
	assert_null(strstr(seen, "borrower_write_seen"));
	assert_non_null(strstr(seen, "T:reclaim_zero_really_zeroes"));
}

/* --partition: a listed one is used; an unlisted one is refused. */
static void test_partition_choice(void **state)
{
	struct backend_opts o = { .state = state_path };
	struct ffactl_backend be;
	struct smoke_ctx *c = calloc(1, sizeof(*c));
	char err[256];

	(void)state;
	assert_non_null(c);
	assert_int_equal(sim_reset(state_path, FFA_PROFILE_SPEC,
				   FFA_LAYOUT_OPTEE, err, sizeof(err)), 0);
	assert_int_equal(backend_open(&be, "sim", &o), 0);
	assert_int_equal(smoke_prepare(c, &be, FFA_PROFILE_SPEC,
				       FFA_MODEL_TEST_SP_ID), 0);
	assert_true(c->part.found);
	assert_null(c->part.proto);
	assert_non_null(strstr(c->part.why, "--partition"));
	assert_non_null(strstr(c->part.why, "OP-TEE"));
	assert_int_equal(smoke_prepare(c, &be, FFA_PROFILE_SPEC, 0x8005),
			 -ENOENT);
	assert_false(c->part.found);
	assert_non_null(strstr(c->part.why, "0x8005"));
	/* Without a protocol, a borrower case says what it misses. */
	assert_int_equal(smoke_prepare(c, &be, FFA_PROFILE_SPEC, -1), 0);
	assert_non_null(strstr(c->part.why, "first secure partition"));
	assert_true(smoke_partition_lacks(c, SMOKE_NEED_PARTITION |
					  SMOKE_NEED_HOLD, err, sizeof(err)));
	assert_non_null(strstr(err, "no test protocol"));
	assert_false(smoke_partition_lacks(c, SMOKE_NEED_PARTITION |
					   SMOKE_NEED_UUID, err, sizeof(err)));
	backend_close(&be);
	free(c);
}

/*
 * The test layout: 0x8001 addressed, 0x8002 the second borrower (same
 * protocol), 0x8003 the partition without direct requests; with one
 * partition listed, the two-borrower and no-direct-request needs say so.
 */
static void test_other_partitions(void **state)
{
	struct backend_opts o = { .state = state_path };
	struct ffactl_backend be;
	struct smoke_ctx *c = calloc(1, sizeof(*c));
	char err[256];

	(void)state;
	assert_non_null(c);
	assert_int_equal(sim_reset(state_path, FFA_PROFILE_SPEC,
				   FFA_LAYOUT_TEST, err, sizeof(err)), 0);
	assert_int_equal(backend_open(&be, "sim", &o), 0);
	assert_int_equal(smoke_prepare(c, &be, FFA_PROFILE_SPEC, -1), 0);
	assert_int_equal(c->part.id, FFA_MODEL_TEST_SP_ID);
	assert_true(c->part2.found);
	assert_int_equal(c->part2.id, FFA_MODEL_TEST_SP2_ID);
	assert_non_null(c->part2.proto);
	assert_int_equal(c->part2.proto->kind, SMOKE_PROTO_FFACTL);
	assert_true(c->quiet.found);
	assert_int_equal(c->quiet.id, FFA_MODEL_INDIRECT_SP_ID);
	assert_false(smoke_partition_lacks(c, SMOKE_NEED_PARTITION |
					   SMOKE_NEED_HOLD | SMOKE_NEED_TWO,
					   err, sizeof(err)));
	assert_false(smoke_partition_lacks(c, SMOKE_NEED_INDIRECT_ONLY, err,
					   sizeof(err)));
	/* --partition 0x8002: the other one is the second borrower. */
	assert_int_equal(smoke_prepare(c, &be, FFA_PROFILE_SPEC,
				       FFA_MODEL_TEST_SP2_ID), 0);
	assert_int_equal(c->part.id, FFA_MODEL_TEST_SP2_ID);
	assert_int_equal(c->part2.id, FFA_MODEL_TEST_SP_ID);
	backend_close(&be);

	assert_int_equal(sim_reset(state_path, FFA_PROFILE_TFA_EL3,
				   FFA_LAYOUT_TSP, err, sizeof(err)), 0);
	assert_int_equal(backend_open(&be, "sim", &o), 0);
	assert_int_equal(smoke_prepare(c, &be, FFA_PROFILE_TFA_EL3, -1), 0);
	assert_false(c->part2.found);
	assert_false(c->quiet.found);
	assert_true(smoke_partition_lacks(c, SMOKE_NEED_PARTITION |
					  SMOKE_NEED_HOLD | SMOKE_NEED_TWO,
					  err, sizeof(err)));
	assert_string_equal(err, "needs a second borrower; the firmware "
			    "lists one secure partition");
	assert_true(smoke_partition_lacks(c, SMOKE_NEED_NO_DIRECT, err,
					  sizeof(err)));
	assert_non_null(strstr(err, "does not take direct requests"));
	backend_close(&be);
	free(c);
}

/* A case that fails half-way still gives the memory back. */
static void test_cleanup_after_retrieve(void **state)
{
	struct backend_opts o = { .state = state_path };
	const struct smoke_case *real = find_case("reclaim_while_retrieved");
	struct smoke_case wrong = *real;
	struct ffactl_backend be;
	struct smoke_ctx *c = calloc(1, sizeof(*c));
	char err[256], why[256];
	size_t n = 99;

	(void)state;
	assert_non_null(c);
	wrong.expect = 0; /* make the case fail after its retrieve */
	assert_int_equal(sim_reset(state_path, FFA_PROFILE_SPEC, FFA_LAYOUT_TEST, err,
				   sizeof(err)), 0);
	assert_int_equal(backend_open(&be, "sim", &o), 0);
	assert_int_equal(smoke_prepare(c, &be, FFA_PROFILE_SPEC, -1), 0);
	assert_int_equal(smoke_run_case(c, &wrong, why, sizeof(why)),
			 SMOKE_NOT_OK);
	assert_string_equal(why, "expected SUCCESS, got DENIED");
	/* The decisive call is reported, not the cleanup's reclaim. */
	assert_true(c->out.have_regs);
	assert_int_equal((uint32_t)c->out.regs.a[0],
			 FFA_FN_SMC32(FFA_ERROR));
	assert_int_equal((int32_t)c->out.regs.a[2], FFA_RET_DENIED);
	assert_int_equal(be.ops->handles(&be, NULL, 0, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(c->nleaked, 0);
	backend_close(&be);
	free(c);
}

/* Opens the sim after a reset to @profile, the suite prepared. */
static void open_prepared(struct ffactl_backend *be, struct smoke_ctx *c,
			  uint32_t profile)
{
	struct backend_opts o = { .state = state_path };
	char err[256];

	assert_int_equal(sim_reset(state_path, profile, FFA_LAYOUT_TEST, err,
				   sizeof(err)), 0);
	assert_int_equal(backend_open(be, "sim", &o), 0);
	assert_int_equal(smoke_prepare(c, be, profile, -1), 0);
}

static uint32_t negotiated_now(struct ffactl_backend *be)
{
	struct negotiated_version nv;

	assert_int_equal(be->ops->negotiated(be, &nv), 0);
	return nv.version;
}

/*
 * version_fixed_after_calls (smoke_version.c): on OP-TEE, which takes the
 * other version, the case is its deviation and puts the version in effect
 * back; an SPMC refusing the version in effect too fails it.
 */
static void test_version_fixed_case(void **state)
{
	const struct smoke_case *k = find_case("version_fixed_after_calls");
	struct smoke_ctx *c = calloc(1, sizeof(*c));
	struct ffactl_backend be;
	struct ffa_regs r;
	char why[256];

	(void)state;
	assert_non_null(c);
	open_prepared(&be, c, FFA_PROFILE_OPTEE);
	assert_int_equal(c->nego, FFA_VERSION_1_2);
	assert_int_equal(smoke_run_case(c, k, why, sizeof(why)), SMOKE_TODO);
	assert_non_null(strstr(why, "spmc_exchange_version"));
	/* The decisive answer: FFA_VERSION(1.1) answered with its 1.2. */
	assert_int_equal((uint32_t)c->out.regs.a[0], FFA_VERSION_1_2);
	assert_int_equal(negotiated_now(&be), FFA_VERSION_1_2);
	backend_close(&be);

	memset(c, 0, sizeof(*c));
	open_prepared(&be, c, FFA_PROFILE_SPEC);
	assert_int_equal(c->nego, FFA_VERSION_1_1);
	assert_true(c->version_fixed);
	assert_int_equal(smoke_run_case(c, k, why, sizeof(why)), SMOKE_OK);
	assert_int_equal((uint32_t)c->out.regs.a[0],
			 (uint32_t)FFA_RET_NOT_SUPPORTED);
	/* Both FFA_VERSION calls answered -1: the version in effect too. */
	memset(&r, 0, sizeof(r));
	r.a[0] = FFA_FN_SMC32(FFA_MSG_SEND_DIRECT_REQ);
	r.a[1] = (uint64_t)FFA_MODEL_NWD_ID << 16 | FFA_MODEL_TEST_SP_ID;
	r.a[3] = FFA_SP_CMD_FAULT;
	r.a[4] = FFA_VERSION;
	r.a[6] = 2;
	r.a[7] = 0xFFFFFFFFu;
	assert_int_equal(be.ops->call(&be, &r), 0);
	assert_int_equal(r.a[3], 0);
	assert_int_equal(smoke_run_case(c, k, why, sizeof(why)),
			 SMOKE_NOT_OK);
	assert_non_null(strstr(why, "FFA_VERSION(1.1), the version in effect, "
				    "answered 0xffffffff"));
	backend_close(&be);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_retrieve_with_table),
		cmocka_unit_test(test_judge),
		cmocka_unit_test_setup_teardown(test_spec_all_ok, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_tfa_todo_exactly_the_deviations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_partitions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_optee, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cross_check_fails, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_ordinary_partition_only_borrower_cases_skip,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_partition_choice, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tsp_partition, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_version_fixed_case, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cleanup_after_retrieve,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
