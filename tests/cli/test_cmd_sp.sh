#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests for src/cmd_sp.c: the test partition's commands on a handle
# (retrieve, write, checksum, relinquish) without splitting the 64-bit
# handle into msg words by hand, and its refusals decoded.
. "$(dirname "$0")/lib.sh"

SIM=(--backend sim)

test_retrieve_write_checksum_relinquish() {
	local h
	h=$("$FFACTL" --backend sim lend --to 0x8001 --pages 2)
	run "${SIM[@]}" sp retrieve "$h"
	status_is 0
	out_is "partition 0x8001 retrieved $h"
	run "${SIM[@]}" sp checksum "$h"
	status_is 0
	out_is "partition 0x8001 reads $h: checksum 0x0 (all zero)"
	run "${SIM[@]}" sp write "$h" 0xabcd
	status_is 0
	out_is "partition 0x8001 wrote 0xabcd into $h"
	run "${SIM[@]}" --json sp checksum "$h"
	status_is 0
	json_is .action checksum
	json_is .partition 0x8001
	json_is .handle "$h"
	json_is '.checksum != "0x0"' true
	# Retrieved: the owner cannot reclaim it.
	run "${SIM[@]}" reclaim "$h"
	status_is 16
	run "${SIM[@]}" sp relinquish "$h"
	status_is 0
	out_is "partition 0x8001 relinquished $h"
	run "${SIM[@]}" reclaim "$h"
	status_is 0
}

test_refusal_decoded() {
	local h
	h=$("$FFACTL" --backend sim share --to 0x8001)
	run "${SIM[@]}" sp relinquish "$h"
	status_is 16
	out_empty
	err_one_line
	err_has "^ffactl: sp relinquish $h: partition 0x8001: DENIED: "
	run "${SIM[@]}" --json sp relinquish "$h"
	status_is 16
	json_is .error.abi FFA_MEM_RELINQUISH
	json_is .error.name DENIED
	json_is .origin firmware
	run "${SIM[@]}" sp retrieve 0x1234
	status_is 12
	err_has '^ffactl: sp retrieve 0x1234: partition 0x8001: INVALID_PARAMETERS: '
}

test_usage() {
	run "${SIM[@]}" sp retrieve
	status_is 2
	err_one_line
	run "${SIM[@]}" sp frob 0x1
	status_is 2
	err_is "ffactl: sp: 'frob': unknown action (use retrieve, write, checksum or relinquish)"
	run "${SIM[@]}" sp write 0x1
	status_is 2
	err_is 'ffactl: sp write: missing PATTERN (a 32-bit word)'
	run "${SIM[@]}" sp retrieve 0x1 2
	status_is 2
	run "${SIM[@]}" sp write 0x1 0x100000000
	status_is 2
	run "${SIM[@]}" sp retrieve 0x1x
	status_is 2
	err_has 'handle'
	[ ! -e "$FFACTL_SIM_STATE" ] || fail "a usage error touched the sim"
}

# Only a partition speaking ffactl's test protocol understands these.
test_needs_the_test_protocol() {
	run sim reset --partitions optee
	run "${SIM[@]}" sp retrieve 0x1
	status_is 2
	err_is "ffactl: sp: partition 0x8001 does not speak ffactl's test protocol (UUID ffac7100-7e57-4d1e-a5a1-000000008001 or ffac7100-7e57-4d1e-a5a1-000000008002); choose one with --to"
}

# Two borrowers: each retrieves and relinquishes on its own, and the lender
# gets the region back only once neither holds it (DENIED before).
test_two_borrowers() {
	local h
	run sim reset
	h=$("$FFACTL" --backend sim lend --to 0x8001,0x8002 --pages 2)
	run "${SIM[@]}" sp --to 0x8002 retrieve "$h"
	status_is 0
	out_is "partition 0x8002 retrieved $h"
	run "${SIM[@]}" sp --to 0x8002 write "$h" 0x5a5a
	status_is 0
	# The other borrower holds nothing yet.
	run "${SIM[@]}" sp --to 0x8001 relinquish "$h"
	status_is 16
	err_has "^ffactl: sp relinquish $h: partition 0x8001: DENIED: "
	run "${SIM[@]}" sp --to 0x8001 retrieve "$h"
	status_is 0
	run "${SIM[@]}" sp --to 0x8001 relinquish "$h"
	status_is 0
	run "${SIM[@]}" reclaim "$h"
	status_is 16
	err_has '^ffactl: FFA_MEM_RECLAIM: DENIED: '
	run "${SIM[@]}" --json sp --to 0x8002 relinquish "$h"
	status_is 0
	json_is .partition 0x8002
	run "${SIM[@]}" reclaim "$h"
	status_is 0
	# 0x8003 is a partition, but takes no direct requests at all.
	run "${SIM[@]}" sp --to 0x8003 retrieve "$h"
	status_is 2
	err_has "^ffactl: sp: partition 0x8003 does not speak ffactl's test protocol"
}

# A direct request to a partition without "direct request receive" in its
# properties: DENIED (DEN0077 v1.1 §15.2), decoded, exit 16.
test_direct_request_refused() {
	run sim reset
	run "${SIM[@]}" msg --to 0x8003 0
	status_is 16
	out_empty
	err_one_line
	err_is 'ffactl: FFA_MSG_SEND_DIRECT_REQ: DENIED: Callee is not in a state to handle this request'
	run "${SIM[@]}" --json msg --to 0x8003 0
	status_is 16
	json_is .error.name DENIED
	json_is .error.code -6
	json_is .origin firmware
}

run_tests
