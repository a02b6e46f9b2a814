#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests for src/smoke_rxtx.c and the sim's rxtx_probe: the RX/TX probe
# cases answer as DEN0077 says on the sim, and the sim (playing the
# module) has its pair mapped and RX free again after each: its state is
# what it was, and a share/reclaim and a partition listing still work.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

SIM=(--backend sim)
CASES="rxtx_unmap_no_pair rxtx_map_unaligned_tx rxtx_map_unaligned_rx
rxtx_map_zero_pages rxtx_map_twice rxtx_unmap_after_map_twice
partition_info_busy"

# After a probe: RX/TX usable (TF-A refuses any reclaim flag).
still_works() {
	local h zero=--zero

	[ "$1" = spec ] || zero=
	run "${SIM[@]}" share --to 0x8001 --pages 2
	status_is 0
	h=$out
	run "${SIM[@]}" reclaim "$h" $zero
	status_is 0
	run "${SIM[@]}" partitions
	status_is 0
	out_has '0x8001'
}

test_each_probe_answers_and_restores() {
	local c p before
	for p in spec tfa-el3; do
		run "${SIM[@]}" sim reset --profile "$p"
		run "${SIM[@]}" version
		for c in $CASES; do
			before=$("$FFACTL" "${SIM[@]}" sim status)
			echo "$before" | grep -q '^RX/TX mapped: yes' ||
				fail "$p: RX/TX not mapped before $c"
			run "${SIM[@]}" smoke --in-place --profile "$p" \
				--filter "$c"
			status_is 0
			out_has "^ok 1 - $c\$"
			# The sim's state is what it was: pair mapped, RX free.
			run "${SIM[@]}" sim status
			[ "$out" = "$before" ] || fail "$p: $c changed: $out"
			still_works "$p"
		done
	done
}

# The decisive answers, as the JSON report gives them.
test_json_names_the_rows() {
	run "${SIM[@]}" --json smoke --filter 'rxtx_*' --filter \
		partition_info_busy
	status_is 0
	json_is '.cases | length' 7
	json_is '[.cases[] | select(.result == "ok")] | length' 7
	json_is '.cases[] | select(.name == "rxtx_map_twice") | .acs[0]' \
		ffa_rxtx_map_and_unmap.map_twice
	json_is '.cases[] | select(.name == "partition_info_busy") | .acs[0]' \
		ffa_partition_info_get.busy
}

# The sim cannot map its pair again: the case fails saying so, and the
# sim shows no pair, as the module would (FFACTL_VERSION_F_NO_RXTX).
test_failed_restore_is_reported() {
	run "${SIM[@]}" version
	run "${SIM[@]}" sim fault --abi rxtx_map --error ABORTED
	status_is 0
	run "${SIM[@]}" smoke --in-place --filter rxtx_unmap_no_pair
	status_is 1
	out_has '^not ok 1 - rxtx_unmap_no_pair$'
	out_has 'message: "RX/TX probe: sim: mapping the sim.s RX/TX pair again after the probe: '
	run "${SIM[@]}" sim status
	out_has '^RX/TX mapped: no$'
}

run_tests
