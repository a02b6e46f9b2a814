#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests for src/cmd_explore.c: the sim as the target, the in-process
# model as the reference. Same profile on both sides must never diverge;
# another profile must, and the divergence must shrink and reproduce.
. "$(dirname "$0")/lib.sh"

SIM=(--backend sim)

# The sim journals every operation: on tmpfs when there is one, a run is
# CPU-bound rather than disk-bound (these test the model, not fsync).
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	FAST=$(mktemp -d /dev/shm/ffactl-explore.XXXXXX)
	trap 'rm -rf "$TMP" "$FAST"' EXIT
	export FFACTL_SIM_STATE="$FAST/sim.state"
fi

# The long runs, divided by FFACTL_EXPLORE_DIVISOR (the qemu-user suite,
# where every instruction is emulated, sets 10; natively they run whole).
DIV=${FFACTL_EXPLORE_DIVISOR:-1}
LONG=$((100000 / DIV))
MID=$((20000 / DIV))

# Same profile, same partitions: 100,000 operations, no divergence, and
# nothing left behind (every handle reclaimed, the version restored).
test_same_profile_never_diverges() {
	run sim reset --profile spec
	run "${SIM[@]}" --json explore --seed 1 --ops $LONG --profile spec
	status_is 0
	json_is .ok true
	json_is .ran $LONG
	json_is '.divergences | length' 0
	run "${SIM[@]}" --json handles
	json_is '.handles | length' 0
	run "${SIM[@]}" --json sim status
	json_is .live_handles 0
}

# The reference negotiates what the target did at load: an SPMC that
# keeps that version (spec, DEN0077 v1.2 §13.2) answers a later
# FFA_VERSION as the target does, and a v1.0 target's partition (no UUID
# in a v1.0 listing) is the reference's too.
test_same_profile_at_every_module_version() {
	local v p
	for p in spec optee; do
		for v in 1.0 1.2; do
			run sim reset --profile $p --negotiate $v
			run "${SIM[@]}" --json explore --seed 2 --ops 300 \
				--profile $p
			status_is 0
			json_is .ran 300
			json_is '.divergences | length' 0
			run "${SIM[@]}" --json sim status
			json_is .negotiated $v
		done
	done
}

# The real SPMCs' profiles with the partitions they carry.
test_same_profile_tfa_and_optee() {
	local p
	for p in "tfa-el3 tsp" "optee optee"; do
		set -- $p
		run sim reset --profile "$1" --partitions "$2"
		run "${SIM[@]}" --json explore --seed 2 --ops $MID
		status_is 0
		json_is .profile "$1"
		json_is .profile_source auto
		json_is .reference "$2"
		json_is '.divergences | length' 0
		# Only TF-A judges short first fragments on stale memory.
		json_is '.not_compared > 0' "$([ "$1" = tfa-el3 ] && echo true ||
			echo false)"
	done
}

# Another profile as the reference: found, shrunk to at most 3 steps, and
# the shrunk sequence still diverges when replayed.
test_other_profile_diverges_and_shrinks() {
	local steps
	run sim reset --profile tfa-el3 --partitions tsp
	run "${SIM[@]}" --json explore --seed 7 --ops 2000 --profile spec
	status_is 1
	json_is .ok false
	json_is '.divergences | length' 1
	json_is '.divergences[0].reproduced' true
	steps=$(jq -r '.divergences[0].steps' "$TMP/out")
	[ "$steps" -ge 1 ] && [ "$steps" -le 3 ] ||
		fail "shrunk to $steps steps, want 1..3"
	json_is "[.divergences[0].reproducer | length] == [$steps]" true
	[ "$(jq -r '.divergences[0].target.status' "$TMP/out")" != \
	  "$(jq -r '.divergences[0].reference.status' "$TMP/out")" ] ||
		fail "the two sides agree on the diverging call"
	json_is '.divergences[0].predicted | test("spec profile")' true
}

# OP-TEE's fragment rule against the spec's: a fragmented send diverges.
test_optee_fragments_found() {
	run sim reset --profile optee --partitions optee
	run "${SIM[@]}" --json explore --seed 3 --ops 5000 --profile spec \
		--abis mem_share,mem_reclaim --keep-going
	status_is 1
	json_is '[.divergences[].reproducer[] | test("--frag-len")] | any' true
}

# The printed reproducer, pasted into bash on a sim reset as before the
# run, fails its last call with the code the target gave.
test_reproducer_reproduces() {
	local want script
	run sim reset --profile tfa-el3 --partitions tsp
	run "${SIM[@]}" --json explore --seed 7 --ops 2000 --profile spec
	status_is 1
	want=$(jq -r '.divergences[0].target.status' "$TMP/out")
	script=$(jq -r '.divergences[0].reproducer[]' "$TMP/out")
	"$FFACTL" sim reset --profile tfa-el3 --partitions tsp >/dev/null
	ffactl() { "$FFACTL" "$@"; }
	eval "$script" 2>"$TMP/repro.err"
	unset -f ffactl
	grep -q "$want" "$TMP/repro.err" ||
		fail "reproducer's stderr '$(cat "$TMP/repro.err")' lacks $want"
}

# The text form names the seed, the steps and the profile's rule.
test_text_report() {
	run sim reset --profile tfa-el3 --partitions tsp
	run "${SIM[@]}" explore --seed 7 --ops 2000 --profile spec
	status_is 1
	out_has '^explore: seed 0x7 against the spec profile'
	out_has '^divergence at operation [0-9]+ \(.*\), shrunk to [123] step'
	out_has '^  (h[0-9]+=\$\()?ffactl --backend sim '
	out_has 'answered [A-Z_]+: a0=0x'
	out_has "where the spec profile's model answers"
	err_empty
}

test_keep_going_records_distinct() {
	run sim reset --profile tfa-el3 --partitions tsp
	run "${SIM[@]}" --json explore --seed 5 --ops 3000 --profile spec \
		--keep-going
	status_is 1
	[ "$(jq '.divergences | length' "$TMP/out")" -ge 2 ] ||
		fail "--keep-going recorded fewer than 2 divergences"
	json_is '[.divergences[] | .steps <= 3] | all' true
	json_is '.ran' 3000
	# What cleanup could not reclaim, the TSP holds (it keeps a region it
	# was lent read-only): counted in the report, nothing else is left.
	left=$(jq -r .left_behind "$TMP/out")
	run "${SIM[@]}" --json handles
	json_is '[.handles[] | select(.state != "retrieved")] | length' 0
	json_is '.handles | length' "$left"
}

# After a divergence the run resumes where it stopped; the operations after
# it still name earlier sends by their place in the whole sequence. (ASan
# caught a read past the handle table here when they were not rebased.)
test_keep_going_resumes_with_references() {
	run sim reset --profile optee --partitions optee
	run "${SIM[@]}" --json explore --seed 1 --ops 3000 --profile tfa-el3 \
		--abis version,features,partition_info_get,msg_send_direct_req \
		--keep-going
	status_is 1
	json_is .ran 3000
	json_is '[.divergences[].reproduced] | all' true
	json_is '.divergences | length > 3' true
}

# A pool running dry is the firmware's configuration, not FF-A: the target
# answering NO_MEMORY is not compared (the EL2 responder has smaller pools
# than the in-process model); any other injected answer is a divergence.
test_out_of_memory_not_compared() {
	run sim reset
	run sim fault --abi mem_share --error NO_MEMORY --count 3
	run "${SIM[@]}" --json explore --seed 1 --ops 500 \
		--abis mem_share,mem_reclaim
	status_is 0
	json_is .out_of_memory 3
	run "${SIM[@]}" --json handles
	json_is '.handles | length' 0
	run sim reset
	run sim fault --abi mem_share --error DENIED --count 3
	run "${SIM[@]}" --json explore --seed 1 --ops 500 \
		--abis mem_share,mem_reclaim
	status_is 1
	json_is '.divergences[0].target.status' DENIED
}

test_same_seed_same_sequence() {
	local a b c
	run "${SIM[@]}" explore --seed 42 --ops 300 --list
	status_is 0
	a=$out
	run "${SIM[@]}" explore --seed 42 --ops 300 --list
	b=$out
	run "${SIM[@]}" explore --seed 43 --ops 300 --list
	c=$out
	[ "$a" = "$b" ] || fail "seed 42 gave two sequences"
	[ "$a" != "$c" ] || fail "seeds 42 and 43 gave one sequence"
	[ "$(printf '%s\n' "$a" | wc -l)" -eq 300 ] || fail "not 300 lines"
	# --list runs nothing: no handle was made.
	run "${SIM[@]}" --json sim status
	json_is .live_handles 0
}

test_abis_restrict_the_sequence() {
	run "${SIM[@]}" explore --seed 9 --ops 200 --list --abis version,features
	status_is 0
	out_has '^ffactl --backend sim (version|features)'
	if grep -Eq '(share|lend|donate|reclaim|msg|partitions) ' "$TMP/out"; then
		fail "--abis version,features drew other operations"
	fi
}

test_time_bounds_the_run() {
	run sim reset
	run "${SIM[@]}" --json explore --seed 4 --ops 10000000 --time 1
	status_is 0
	[ "$(jq -r .ran "$TMP/out")" -lt 10000000 ] || fail "--time 1 ran all"
	json_is '.seconds < 30' true
}

test_seed_printed_when_not_given() {
	run "${SIM[@]}" --json explore --ops 50
	status_is 0
	json_is '.seed | test("^0x[0-9a-f]+$")' true
}

test_bad_input() {
	local before args
	run sim reset --profile tfa-el3 --partitions tsp
	run "${SIM[@]}" share --to 0x8001
	before=$(state_sum)
	for args in "--ops 0" "--ops 12x" "--ops 10000001" "--seed nope" \
		    "--time -1" "--time 0" "--abis bogus" "--abis ," \
		    "--profile hafnium" "--partition 0x10000" "extra"; do
		# shellcheck disable=SC2086
		run "${SIM[@]}" explore $args
		status_is 2
		err_one_line
		err_has '^ffactl: '
		[ "$(state_sum)" = "$before" ] || fail "'$args' changed the state"
	done
}

test_unknown_partition_refused() {
	run sim reset
	run "${SIM[@]}" explore --ops 10 --partition 0x8123
	[ "$status" -ne 0 ] && [ "$status" -ne 1 ] ||
		fail "an unlisted partition was explored"
	err_one_line
	err_has '0x8123'
}

run_tests
