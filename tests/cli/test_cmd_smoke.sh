#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests for src/cmd_smoke.c: --list, --filter, --profile, --json, TAP,
# exit statuses and usage errors. (The full runs per profile, checked with
# prove, are the `smoke` suite: tests/smoke/run-smoke.)
. "$(dirname "$0")/lib.sh"

SIM=(--backend sim)

test_list() {
	run smoke --list
	status_is 0
	out_has '^version_bit31 +FFA_VERSION with bit 31 set'
	out_has '^reclaim_while_retrieved '
	[ "$(wc -l <"$TMP/out")" -ge 40 ] || fail "fewer than 40 cases listed"
	[ ! -e "$FFACTL_SIM_STATE" ] || fail "--list touched the sim"
}

test_list_json_expectations() {
	run --json smoke --list --filter 'reclaim_flag_*'
	status_is 0
	json_valid
	json_is '.cases | length' 3
	json_is '.cases[] | select(.name == "reclaim_flag_zero") | .expect.spec' SUCCESS
	json_is '.cases[] | select(.name == "reclaim_flag_zero") | .expect["tfa-el3"]' INVALID_PARAMETERS
	json_is '.cases[] | select(.name == "reclaim_flag_bit2") | .expect.optee' INVALID_PARAMETERS
}

test_filter_runs_only_matches() {
	run "${SIM[@]}" smoke --filter 'version_*' --filter rx_release_not_owned
	status_is 0
	out_has '^TAP version 13$'
	out_has '^1\.\.7$'
	# The spec profile keeps the module's 1.1 (DEN0077 v1.2 §13.2).
	out_has '^ok 1 - version_1_0 # SKIP FFA_VERSION\(1\.0\) refused \(NOT_SUPPORTED\): the SPMC keeps 1\.1 .*sim reset --negotiate 1\.0\)$'
	out_has '^ok 2 - version_1_1$'
	out_has '^ok 6 - version_fixed_after_calls$'
	out_has '^ok 7 - rx_release_not_owned$'
	if grep -q share "$TMP/out"; then fail "a share case ran"; fi
}

# No case selected would let CI go green on nothing: a usage error.
test_filter_no_match_is_a_usage_error() {
	run "${SIM[@]}" smoke --filter 'nothing*'
	status_is 2
	out_empty
	err_is "ffactl: smoke: --filter: no case matches 'nothing*' (see ffactl smoke --list)"
	run "${SIM[@]}" --json smoke --filter nosuchcase --filter 'nor*this'
	status_is 2
	json_is .ok false
	json_is .exit_status 2
	json_is .command smoke
	run smoke --list --filter nosuchcase
	status_is 2
}

# Three suites at once on one state: each runs in a copy of its own, so
# none sees another's handles, and the state itself is left as it was.
test_parallel_suites_on_one_state() {
	run sim reset --profile tfa-el3
	local h before i
	h=$("$FFACTL" --backend sim share --to 0x8001)
	before=$(state_sum)
	mkdir "$TMP/tmpdir"
	for i in 1 2 3; do
		TMPDIR="$TMP/tmpdir" "$FFACTL" --backend sim smoke \
			>"$TMP/smoke.$i" 2>&1 &
	done
	for i in 1 2 3; do
		wait %$i || fail "suite $i exited $?"
	done
	for i in 1 2 3; do
		grep -q '^not ok .*[^#]*$' "$TMP/smoke.$i" &&
			grep -v '# TODO' "$TMP/smoke.$i" | grep -q '^not ok' &&
			fail "suite $i: $(grep -v '# TODO' "$TMP/smoke.$i" | grep -m1 '^not ok')"
		grep -q 'profile tfa-el3' "$TMP/smoke.$i" ||
			fail "suite $i did not run as the state's profile"
	done
	[ "$(state_sum)" = "$before" ] || fail "the shared state changed"
	run "${SIM[@]}" --json handles
	json_is '[.handles[].handle] | join(",")' "$h"
	[ -z "$(ls -A "$TMP/tmpdir")" ] || fail "left behind: $(ls "$TMP/tmpdir")"
}

test_in_place_uses_the_state_itself() {
	run "${SIM[@]}" sim fault --abi mem_reclaim --error DENIED --count 100
	run "${SIM[@]}" smoke --in-place --filter reclaim_flag_zero
	status_is 1
	run "${SIM[@]}" sim fault --clear
	run "${SIM[@]}" smoke --filter reclaim_flag_zero
	status_is 0
}

test_json_run() {
	run "${SIM[@]}" smoke --json --filter 'reclaim_*'
	status_is 0
	err_empty
	json_valid
	json_is .command smoke
	json_is .schema 1
	json_is .ok true
	json_is .profile spec
	json_is .profile_source auto
	json_is .failed 0
	json_is '.plan == (.cases | length)' true
	json_is '.unreclaimed_handles | length' 0
	json_is '[.cases[].result] | unique | join(",")' ok
}

test_json_failure_has_registers() {
	run sim reset --profile tfa-el3
	run "${SIM[@]}" --json smoke --profile spec --filter reclaim_flag_zero
	status_is 1
	json_valid
	json_is .ok false
	json_is .failed 1
	json_is '.cases[0].result' 'not ok'
	json_is '.cases[0].abi' FFA_MEM_RECLAIM
	json_is '.cases[0].error.name' INVALID_PARAMETERS
	json_is '.cases[0].regs[0]' 0x84000060
	json_is '.cases[0].regs[2]' 0xfffffffffffffffe
}

test_todo_on_matching_profile() {
	run sim reset --profile tfa-el3
	run "${SIM[@]}" smoke --profile tfa-el3 --filter reclaim_flag_zero
	status_is 0
	out_has '^not ok 1 - reclaim_flag_zero # TODO known deviation: TF-A EL3'
	out_has '^  ---$'
	out_has '^    a0: "0x84000060"$'
	out_has '^  \.\.\.$'
}

test_tap_overrides_json() {
	run "${SIM[@]}" --json smoke --tap --filter id_get
	status_is 0
	out_has '^TAP version 13$'
}

test_no_handles_left() {
	run "${SIM[@]}" smoke --filter '*share*'
	status_is 0
	run "${SIM[@]}" handles
	out_is 'no handles'
}

test_bad_options() {
	run "${SIM[@]}" smoke --profile hafnium
	status_is 2
	err_one_line
	err_is "ffactl: --profile: 'hafnium': unknown profile (use auto, spec, tfa-el3 or optee)"
	run "${SIM[@]}" smoke --frob
	status_is 2
	err_one_line
	run "${SIM[@]}" smoke extra
	status_is 2
	err_one_line
	run "${SIM[@]}" smoke --filter
	status_is 2
	err_one_line
}

# The partition a run uses, said in the header and the JSON.
test_partition_in_header() {
	run "${SIM[@]}" smoke --filter id_get
	status_is 0
	out_has '^# partition 0x8001: speaks ffactl.s test protocol \(UUID ffac7100-7e57-4d1e-a5a1-000000008001\); borrower cases run$'
	out_has '^# second partition 0x8002: speaks ffactl.s test protocol \(UUID ffac7100-7e57-4d1e-a5a1-000000008002\); two-borrower cases run$'
	out_has '^# evidence: features_mem_donate_32: SUCCESS \(predicted by spec\)$'
	run "${SIM[@]}" --json smoke --filter id_get
	json_is .second_partition.id 0x8002
	json_is .second_partition.protocol ffactl
}

# One partition listed (TF-A's TSP): the two-borrower cases and the refused
# direct requests skip, saying why; with --partition 0x8002 on the test
# layout, 0x8001 becomes the second borrower.
test_two_borrower_cases() {
	run "${SIM[@]}" smoke --filter 'lend_two_*' --filter 'direct_req_no_*'
	status_is 0
	out_has '^ok [0-9]+ - lend_two_reclaim$'
	out_has '^ok [0-9]+ - direct_req_no_receipt$'
	run "${SIM[@]}" smoke --partition 0x8002 --filter lend_two_both_write
	status_is 0
	out_has '^# second partition 0x8001: '
	out_has '^ok 1 - lend_two_both_write$'
	run sim reset --profile tfa-el3 --partitions tsp
	run "${SIM[@]}" smoke --filter lend_two_reclaim --filter lend_two_nx \
		--filter direct_req_no_receipt
	status_is 0
	out_has '^# second partition: none: no other secure partition is listed; two-borrower cases skip$'
	out_has '^ok [0-9]+ - lend_two_reclaim # SKIP needs a second borrower; the firmware lists one secure partition$'
	out_has '^ok [0-9]+ - lend_two_nx # SKIP needs a second borrower; '
	out_has '^ok [0-9]+ - direct_req_no_receipt # SKIP needs a partition that does not take direct requests; every one listed does$'
}

# On an ordinary partition (OP-TEE's): sends run, borrower cases skip and
# say what they miss.
test_ordinary_partition() {
	run sim reset --partitions optee
	status_is 0
	run "${SIM[@]}" smoke --filter share_32_v1_1 --filter retrieve_share \
		--filter direct_req_answered --filter direct_req_echo
	status_is 0
	out_has '^# partition 0x8001: the first secure partition listed \(UUID 486178e0-e7f8-11e3-bc5e-0002a5d5c51b, OP-TEE\); no test protocol: borrower cases skip$'
	out_has '^ok [0-9]+ - direct_req_answered$'
	out_has '^ok [0-9]+ - direct_req_echo # SKIP needs a borrower that echoes a payload; partition 0x8001 speaks no test protocol ffactl knows$'
	out_has '^ok [0-9]+ - share_32_v1_1$'
	out_has '^ok [0-9]+ - retrieve_share # SKIP needs a borrower that holds a region it retrieved'
	run "${SIM[@]}" --json smoke --filter share_32_v1_1
	json_is .partition.id 0x8001
	json_is .partition.uuid 486178e0-e7f8-11e3-bc5e-0002a5d5c51b
	json_is .partition.protocol null
	json_is '.profile_evidence | length' 4
	run "${SIM[@]}" sim status --json
	json_is .partition_table optee
}

test_partition_option() {
	run "${SIM[@]}" smoke --partition 0x8001 --filter retrieve_share
	status_is 0
	out_has '^# partition 0x8001: chosen with --partition'
	out_has '^ok 1 - retrieve_share$'
	run "${SIM[@]}" smoke --partition 0x8009 --filter id_get
	status_is 2
	err_one_line
	err_is 'ffactl: smoke: --partition 0x8009: the firmware lists no such partition (3 listed)'
	out_empty
}

# The suite negotiates its own version for the run and gives the one it
# found back: a CI job's smoke run must not change what the module sends.
# Where the SPMC lets the caller renegotiate (OP-TEE), the suite speaks
# 1.2 and gives the version it found back.
test_negotiated_version_restored() {
	run sim reset --profile optee
	run "${SIM[@]}" version --negotiate 1.0
	status_is 0
	run "${SIM[@]}" smoke --filter 'version_*' --filter share_32_v1_1
	status_is 0
	out_has '^# FF-A 1\.2 negotiated for the run, 1\.0 after it$'
	run "${SIM[@]}" version
	out_is 'FF-A 1.2 (firmware), negotiated 1.0'
	run "${SIM[@]}" --json smoke --filter id_get
	json_is .negotiated 1.2
	json_is .negotiated_after 1.0
	json_is .version_fixed false
}

# Where it keeps the version in effect (the spec profile, DEN0077 v1.2
# §13.2), the suite speaks that one, says so, and the cases of another
# version skip; a run at each of 1.0, 1.1, 1.2 passes them all between
# them.
test_version_fixed_runs_at_the_version_in_effect() {
	local v
	for v in 1.0 1.1 1.2; do
		run sim reset --negotiate "$v"
		run "${SIM[@]}" --json smoke
		status_is 0
		json_is .negotiated "$v"
		json_is .negotiated_after "$v"
		json_is .failed 0
		json_is .todo 0
		jq -r '.cases[] | select(.result == "ok") | .name' "$TMP/out" \
			>>"$TMP/passed"
	done
	json_is .version_fixed true
	run smoke --list --json
	jq -r '.cases[].name' "$TMP/out" | sort >"$TMP/all"
	sort -u "$TMP/passed" | cmp -s - "$TMP/all" ||
		fail "not passed at any version: $(sort -u "$TMP/passed" | comm -13 - "$TMP/all" | tr '\n' ' ')"
	run sim reset
	run "${SIM[@]}" smoke --filter direct_req2_echo
	status_is 0
	out_has '^ok 1 - direct_req2_echo # SKIP needs FF-A v1\.2 negotiated; the SPMC fixed v1\.1 '
	out_has '^# FF-A 1\.1 negotiated for the run, 1\.1 after it$'
	out_has '^# the SPMC keeps FF-A 1\.1 once other calls are made'
}

# Traceability: each case names the FF-A ACS checks it stands for, in
# --list, in --json and in the TAP's YAML.
test_acs_ids_listed_and_reported() {
	run smoke --list --filter share_ns_bit
	status_is 0
	out_has '^share_ns_bit +NS attribute bit'
	out_has '^ +ACS: mem_security_state_ns_bit_share_invalid$'
	run --json smoke --list --filter reclaim_while_retrieved
	json_is '.cases[0].acs | join(" ")' \
		'reclaim_input_error_checks.not_relinquished relinquish_state_machine_4'
	run "${SIM[@]}" smoke --filter share_ns_bit --filter version_bit31
	status_is 0
	out_has '^ok 1 - version_bit31$'
	out_has '^ok 2 - share_ns_bit$'
	out_has '^  acs: \[mem_security_state_ns_bit_share_invalid\]$'
	# A case without an ACS counterpart gets no YAML block.
	[ "$(grep -c '^  ---$' "$TMP/out")" -eq 1 ] ||
		fail "a YAML block for a case with no ACS check"
	# A TODO's diagnostics name them too.
	run sim reset --profile tfa-el3
	run "${SIM[@]}" smoke --filter reclaim_zero_really_zeroes
	out_has '^not ok 1 - reclaim_zero_really_zeroes # TODO '
	out_has '^  acs: \[reclaim_zero_flag\]$'
	run "${SIM[@]}" --json smoke --filter share_ns_bit
	json_is '.cases[0].acs[0]' mem_security_state_ns_bit_share_invalid
}

# docs/conformance.md is what the built tool generates: a case or an ACS
# row changed without regenerating it fails here.
test_conformance_doc_is_current() {
	run smoke --conformance
	status_is 0
	[ ! -e "$FFACTL_SIM_STATE" ] || fail "--conformance touched the sim"
	diff -u "$SRCDIR/docs/conformance.md" "$TMP/out" >"$TMP/diff" ||
		fail "docs/conformance.md is stale; regenerate it with" \
			"'ffactl smoke --conformance >docs/conformance.md':" \
			"$(head -20 "$TMP/diff")"
	run --json smoke --conformance
	json_valid
	# The counts add up to the rows, and the rows to the table.
	json_is '[.conformance.counts[:4][].rows] | add' \
		"$(jq '.conformance.rows | length' "$TMP/out")"
	json_is '.conformance.counts[4].rows' \
		"$(jq '.conformance.rows | length' "$TMP/out")"
	json_is '[.conformance.rows[] | select(.status == "not covered" and .left == null)] | length' 0
	json_is '[.conformance.rows[] | select(.status == "covered" and (.cases | length) == 0)] | length' 0
}

test_dev_backend_missing() {
	run --device "$TMP/nonexistent" smoke
	status_is 3
	err_one_line
	out_empty
}

run_tests
