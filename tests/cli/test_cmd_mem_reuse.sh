#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests for share/lend/donate --pages-of (src/cmd_mem.c, the sim's
# reuse request in src/sim.c): the pages of a live handle sent again.
. "$(dirname "$0")/lib.sh"

SIM=(--backend sim)

# DEN0077: a page is in one transaction at a time; the spec answer is
# DENIED, and the original handle is untouched and still reclaims.
test_resend_refused_original_reclaims_zero() {
	local h
	h=$("$FFACTL" "${SIM[@]}" lend --to 0x8001 --pages 2)
	run "${SIM[@]}" share --to 0x8001 --pages-of "$h"
	status_is 16
	err_is 'ffactl: FFA_MEM_SHARE: DENIED: Memory region ownership, permission, access or attributes error'
	run "${SIM[@]}" --json handles
	json_is '.handles | length' 1
	json_is '.handles[0].pages' 2
	run "${SIM[@]}" reclaim "$h" --zero
	status_is 0
	out_is "reclaimed $h (2 page(s), read back zero)"
}

# The first N pages: a 1-page subset of a 2-page share is refused too; a
# count beyond the handle's pages, or none, is bad input.
test_subset_and_range() {
	local h sum
	h=$("$FFACTL" "${SIM[@]}" share --to 0x8001 --pages 2)
	run "${SIM[@]}" lend --to 0x8001 --pages-of "$h" --pages 1
	status_is 16
	err_has '^ffactl: FFA_MEM_LEND: DENIED: '
	sum=$(state_sum)
	run "${SIM[@]}" share --to 0x8001 --pages-of "$h" --pages 3
	status_is 2
	err_is "ffactl: share: --pages-of $h: it holds 2 pages: --pages 1 to 2, not 3"
	run "${SIM[@]}" share --to 0x8001 --pages-of "$h" --pages 0
	status_is 2
	err_is 'ffactl: share: --pages-of: --pages 0 reuses nothing (1 to the handle'"'"'s page count)'
	[ "$(state_sum)" = "$sum" ] || fail "bad input changed the state"
	run "${SIM[@]}" reclaim "$h"
	status_is 0
}

# A handle the backend does not hold (or holds stuck): one line, exit 2,
# nothing sent.
test_bad_handle() {
	local h sum
	h=$("$FFACTL" "${SIM[@]}" lend --to 0x8001)
	sum=$(state_sum)
	run "${SIM[@]}" donate --to 0x8001 --pages-of 0x1234
	status_is 2
	err_is 'ffactl: donate: --pages-of 0x1234: the sim backend holds no pages for that handle (ffactl handles lists those it does)'
	run "${SIM[@]}" donate --to 0x8001 --pages-of 0x1234 --pages 1
	status_is 2
	err_is 'ffactl: donate: --pages-of 0x1234: the sim backend holds no pages for that handle (ffactl handles lists those it does)'
	[ "$(state_sum)" = "$sum" ] || fail "bad input changed the state"
	run "${SIM[@]}" share --to 0x8001 --pages-of junk
	status_is 2
	err_is "ffactl: --pages-of: 'junk': not a number (use decimal or 0x hex)"
	"$FFACTL" "${SIM[@]}" sim fault --abi mem_reclaim --error ABORTED >/dev/null
	run "${SIM[@]}" reclaim "$h"
	status_is 18
	run "${SIM[@]}" share --to 0x8001 --pages-of "$h"
	status_is 2
	err_is "ffactl: share: --pages-of $h: the sim backend holds only stuck pages for that handle (ffactl handles lists those it does)"
}

# Options that contradict reusing pages as they are.
test_conflicting_options() {
	local h
	h=$("$FFACTL" "${SIM[@]}" share --to 0x8001)
	for o in "--fill 1" "--addr 0x1000" "--dry-run"; do
		# shellcheck disable=SC2086
		run "${SIM[@]}" share --to 0x8001 --pages-of "$h" $o
		status_is 2
		err_is 'ffactl: share: --pages-of sends pages the backend holds, as they are: no --addr, --fill or --dry-run with it'
	done
}

# TF-A 2.8 refuses with INVALID_PARAMETERS (spmc_shmem_check_state_obj):
# the tfa-el3 profile says so.
test_tfa_el3_answer() {
	local h
	"$FFACTL" "${SIM[@]}" sim reset --profile tfa-el3 >/dev/null
	h=$("$FFACTL" "${SIM[@]}" share --to 0x8001 --pages 2)
	run "${SIM[@]}" lend --to 0x8001 --pages-of "$h"
	status_is 12
	run "${SIM[@]}" reclaim "$h"
	status_is 0
}

test_help_names_it() {
	run share --help
	status_is 0
	out_has '--pages-of=HANDLE'
}

run_tests
