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

# The negotiated FF-A version is the sim's (the module's) record: shown by
# sim status and the JSON of sends, pinned by version --negotiate.
test_status_shows_negotiated_version() {
	run sim status
	out_has '^negotiated:   none yet'
	run --backend sim id
	run sim status
	out_has '^negotiated:   1\.1$'
	# The spec profile keeps it (DEN0077 v1.2 §13.2)...
	run --backend sim version --negotiate 1.0
	status_is 11
	run --backend sim --json sim status
	json_is .negotiated 1.1
	# ...until a reboot whose module asks 1.0: negotiated at once.
	run --json sim reset --negotiate 1.0
	status_is 0
	json_is .negotiated 1.0
	run --backend sim --json sim status
	json_is .negotiated 1.0
	json_is .rxtx_mapped false
	run --backend sim --json share --to 0x8001
	json_is .negotiated 1.0
	json_is .layout 1.0
	run --backend sim --json share --to 0x8001 --desc-version 1.0
	json_is .negotiated 1.0
	json_is .layout 1.0
}

# sim reset --negotiate: the module's ffa_version at load. The spec
# profile then keeps that version; the others let a caller renegotiate.
test_reset_negotiate() {
	run sim reset --negotiate 1.2
	status_is 0
	out_is 'sim state reset (profile spec; the module negotiates 1.2)'
	run --backend sim version
	out_is 'FF-A 1.2 (firmware), negotiated 1.2'
	run --backend sim version --negotiate 1.1
	status_is 11
	err_has 'keeps FF-A 1\.2, fixed once other FF-A calls were made'
	run --json sim reset
	json_is .negotiated 1.1
	run sim reset --negotiate 1.1
	out_is 'sim state reset (profile spec)'
	run sim reset --profile tfa-el3 --negotiate 1.0
	status_is 0
	run --backend sim version
	out_is 'FF-A 1.1 (firmware), negotiated 1.0'
	run --backend sim version --negotiate 1.1
	status_is 0
	out_is 'FF-A 1.1 (firmware), negotiated 1.1 (was 1.0)'
	run sim reset --negotiate 2.0
	status_is 2
	err_is "ffactl: --negotiate: '2.0': the module asks for FF-A 1.x"
	run sim fault --negotiate 1.0 --abi version --error DENIED
	status_is 2
	err_has 'are for reset'
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

# A reset between a share's opening and its send leaves a state without
# RX/TX mapped or a version negotiated: the sim sets that up again, as the
# module's load did, instead of failing the share.
test_reset_beside_share_fails_nothing() {
	local i bad=0
	(for i in $(seq 60); do "$FFACTL" sim reset >/dev/null; done) &
	for i in $(seq 150); do
		"$FFACTL" --backend sim share --to 0x8001 >/dev/null 2>>"$TMP/e" ||
			bad=$((bad + 1))
	done
	wait
	[ "$bad" -eq 0 ] || fail "$bad of 150 shares failed: $(sort "$TMP/e" | uniq -c | head -3)"
}

# Fault injection (sim fault = the test partition's FFA_SP_CMD_FAULT).
test_fault_reclaim_denied_keeps_pages_stuck() {
	local h
	h=$("$FFACTL" --backend sim share --to 0x8001 --pages 2)
	run sim fault --abi mem_reclaim --error DENIED
	status_is 0
	out_is 'sim fault armed: the next 1 FFA_MEM_RECLAIM call(s) answer FFA_ERROR DENIED'
	run "${SIM[@]}" reclaim "$h"
	status_is 16
	err_is 'ffactl: FFA_MEM_RECLAIM: DENIED: Memory region state issue'
	run "${SIM[@]}" --json handles
	json_is '.handles | length' 1
	json_is '.handles[0].state' stuck
	json_is '.handles[0].pages' 2
	# The fault is spent: the next reclaim frees the pages.
	run "${SIM[@]}" --json reclaim "$h"
	status_is 0
	json_is .pages_freed 2
	run "${SIM[@]}" --json handles
	json_is '.handles | length' 0
}

test_fault_aborted_through_msg() {
	local h
	h=$("$FFACTL" --backend sim lend --to 0x8001)
	# The raw protocol: cmd 5, fn 0x77, error -8 (ABORTED), count 1.
	run "${SIM[@]}" msg --to 0x8001 5 0x77 0xfffffff8 1 0
	status_is 0
	run "${SIM[@]}" reclaim "$h"
	status_is 18
	err_has '^ffactl: FFA_MEM_RECLAIM: ABORTED: '
	run "${SIM[@]}" --json handles
	json_is '.handles[0].state' stuck
}

test_fault_unexpected_a0_is_a_violation() {
	local h
	h=$("$FFACTL" --backend sim share --to 0x8001)
	run sim fault --abi mem_reclaim --a0 0x84000099
	run "${SIM[@]}" reclaim "$h"
	status_is 9
	err_one_line
	err_has 'FFA_MEM_RECLAIM: protocol violation'
	run "${SIM[@]}" --json handles
	json_is '.handles[0].state' stuck
}

test_fault_frag_rx_mid_transmit() {
	run sim fault --abi mem_share --a0 mem_frag_rx
	status_is 0
	run "${SIM[@]}" share --to 0x8001 --pages 3
	status_is 9
	err_is 'ffactl: FFA_MEM_SHARE: transmission ended with FFA_MEM_FRAG_RX instead of FFA_SUCCESS'
	# The SPMC may hold the pages: kept, stuck.
	run "${SIM[@]}" --json handles
	json_is '.handles | length' 1
	json_is '.handles[0].state' stuck
	json_is '.handles[0].pages' 3
}

test_fault_busy_and_retry() {
	run sim fault --abi mem_share --error busy --count 2
	status_is 0
	run "${SIM[@]}" share --to 0x8001
	status_is 14
	err_is 'ffactl: FFA_MEM_SHARE: BUSY: Busy'
	run "${SIM[@]}" share --to 0x8001
	status_is 14
	run "${SIM[@]}" share --to 0x8001
	status_is 0
	run sim fault --abi mem_lend --error RETRY
	run "${SIM[@]}" lend --to 0x8001
	status_is 17
	# Refused sends keep nothing: only the one share is held.
	run "${SIM[@]}" --json handles
	json_is '.handles | length' 1
	json_is '.handles[0].state' owned
}

test_fault_clear_and_usage() {
	run sim fault --abi version --a0 5
	run sim fault --clear
	status_is 0
	out_is 'sim fault cleared'
	run "${SIM[@]}" version
	status_is 0
	for bad in "sim fault" "sim fault --abi mem_reclaim" \
		"sim fault --abi mem_reclaim --error DENIED --a0 1" \
		"sim fault --abi mem_reclaim --error NOPE" \
		"sim fault --abi mem_reclaim --a0 0" \
		"sim fault --abi mem_reclaim --error DENIED --count 0" \
		"sim fault --abi 0x12 --error DENIED" \
		"sim reset --abi mem_reclaim" "sim fault --clear --abi version"; do
		# shellcheck disable=SC2086
		run $bad
		status_is 2
		err_one_line
	done
}

# Faults are armed through ffactl's test partition: other partition
# tables are refused before anything is sent.
test_fault_needs_test_partition() {
	for t in optee tsp; do
		run sim reset --partitions $t
		status_is 0
		run sim fault --abi mem_reclaim --error DENIED
		status_is 2
		err_is "ffactl: sim fault: the sim lists no ffactl test partition (partitions $t); run 'ffactl sim reset --partitions test'"
		run --json sim status
		json_is .partition_table $t
	done
}

run_tests
