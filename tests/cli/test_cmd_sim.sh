#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests for src/cmd_sim.c and the sim state file as the CLI sees it.
. "$(dirname "$0")/lib.sh"

SIM=(--backend sim)

test_reset_and_status() {
	run sim reset --profile optee
	status_is 0
	out_is 'sim state reset (profile optee)'
	run --json sim status
	json_valid
	json_is .profile optee
	json_is .live_handles 0
	json_is .state_file "$FFACTL_SIM_STATE"
}

test_reset_forgets_handles() {
	run "${SIM[@]}" share --to 0x8001
	run --json sim status
	json_is .live_handles 1
	run sim reset
	run --json sim status
	json_is .live_handles 0
	json_is .profile spec
}

test_state_option_overrides_env() {
	run --state "$TMP/other.state" sim reset --profile tfa-el3
	status_is 0
	[ -s "$TMP/other.state" ] || fail "--state file not written"
	run --state "$TMP/other.state" --json sim status
	json_is .profile tfa-el3
}

test_bad_profile_and_action() {
	run sim reset --profile hafnium
	status_is 2
	err_one_line
	run sim frobnicate
	status_is 2
	run sim
	status_is 2
}

test_corrupt_state_named_in_error() {
	echo 'this is not a state file' >"$FFACTL_SIM_STATE"
	local before
	before=$(state_sum)
	run "${SIM[@]}" share --to 0x8001
	status_is 4
	err_is "ffactl: sim state $FFACTL_SIM_STATE: bad magic: not an ffactl sim state file; run 'ffactl sim reset'"
	run sim status
	status_is 4
	err_one_line
	[ "$(state_sum)" = "$before" ] || fail "corrupt file was changed"
	run sim reset
	status_is 0
	run "${SIM[@]}" share --to 0x8001
	status_is 0
}

test_parallel_shares_lose_nothing() {
	local i
	for i in 1 2 3 4 5 6 7 8; do
		(for j in 1 2 3 4 5; do
			"$FFACTL" --backend sim share --to 0x8001
		done >"$TMP/h.$i") &
	done
	wait
	cat "$TMP"/h.* | sort >"$TMP/all"
	[ "$(wc -l <"$TMP/all")" -eq 40 ] || fail "lost a share"
	[ "$(sort -u "$TMP/all" | wc -l)" -eq 40 ] || fail "duplicate handle"
	run "${SIM[@]}" --json handles
	json_is '.handles | length' 40
}

run_tests
