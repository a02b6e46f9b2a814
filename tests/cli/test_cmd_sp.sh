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
	err_is "ffactl: sp: 'frob': unknown action (use retrieve, write, checksum, relinquish or features)"
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

# Request fields of our choosing (test protocol commands 6 and 7): each
# option reaches the SPMC's check, which answers as DEN0077 says.
test_retrieve_with_fields() {
	local ro rw sh
	ro=$("$FFACTL" --backend sim lend --to 0x8001 --perm ro)
	run "${SIM[@]}" sp retrieve "$ro" --perm rw --nx
	status_is 16
	err_has "^ffactl: sp retrieve $ro: partition 0x8001: DENIED: "
	run "${SIM[@]}" --json sp retrieve "$ro" --perm ro --nx
	status_is 0
	json_is .test_command 6
	json_is .a6 0x5
	json_is .a7 0x1000000
	run "${SIM[@]}" sp relinquish "$ro" --zero
	status_is 16
	run "${SIM[@]}" sp relinquish "$ro" --endpoints 0
	status_is 12
	run "${SIM[@]}" --json sp relinquish "$ro" --endpoints 1
	status_is 0
	json_is .test_command 7
	run "${SIM[@]}" reclaim "$ro"
	status_is 0

	rw=$("$FFACTL" --backend sim lend --to 0x8001)
	run "${SIM[@]}" sp retrieve "$rw" --type share
	status_is 12
	run "${SIM[@]}" sp retrieve "$rw" --tag 1
	status_is 12
	run "${SIM[@]}" sp retrieve "$rw" --sender 0x7ffe
	status_is 16
	run "${SIM[@]}" sp retrieve "$rw" --device-memory --x
	status_is 16
	run "${SIM[@]}" sp retrieve "$rw" --zero
	status_is 16
	run "${SIM[@]}" sp retrieve "$rw" --flags 0x800
	status_is 12
	# A lend's sole borrower names its instruction access.
	run "${SIM[@]}" sp retrieve "$rw" --perm rw
	status_is 12
	run "${SIM[@]}" sp retrieve "$rw" --type lend --tag 0 --nx
	status_is 0
	run "${SIM[@]}" sp write "$rw" 0x5a5a5a5a
	status_is 0
	run "${SIM[@]}" sp relinquish "$rw" --flags 4
	status_is 12
	run "${SIM[@]}" sp relinquish "$rw" --zero
	status_is 0
	run "${SIM[@]}" sp retrieve "$rw" --type any --perm none --nx
	status_is 0
	run "${SIM[@]}" sp checksum "$rw"
	out_is "partition 0x8001 reads $rw: checksum 0x0 (all zero)"
	run "${SIM[@]}" sp relinquish "$rw"
	status_is 0
	run "${SIM[@]}" reclaim "$rw"
	status_is 0

	sh=$("$FFACTL" --backend sim share --to 0x8001)
	run "${SIM[@]}" sp retrieve "$sh" --x
	status_is 12
	# Normal non-cacheable inner shareable: stronger than write-back.
	run "${SIM[@]}" sp retrieve "$sh" --attr 0x27
	status_is 16
	run "${SIM[@]}" sp retrieve "$sh" --attr 0x2f --perm ro
	status_is 0
	run "${SIM[@]}" sp relinquish "$sh"
	status_is 0
	run "${SIM[@]}" reclaim "$sh"
	status_is 0
}

# A bad request field: one line, exit 2, nothing sent.
test_retrieve_with_usage() {
	run "${SIM[@]}" sp retrieve 0x1 --perm rx
	status_is 2
	err_is "ffactl: --perm: 'rx' is not ro, rw or none"
	run "${SIM[@]}" sp retrieve 0x1 --type borrow
	status_is 2
	err_is "ffactl: --type: 'borrow' is not share, lend, donate or any"
	run "${SIM[@]}" sp retrieve 0x1 --tag 256
	status_is 2
	err_one_line
	err_has '^ffactl: --tag: '
	run "${SIM[@]}" sp retrieve 0x1 --sender 0x10000
	status_is 2
	err_one_line
	run "${SIM[@]}" sp retrieve 0x1 --attr x
	status_is 2
	err_one_line
	run "${SIM[@]}" sp retrieve 0x1 --flags 0x100000000
	status_is 2
	err_one_line
	run "${SIM[@]}" sp relinquish 0x1 --endpoints -1
	status_is 2
	err_one_line
	run "${SIM[@]}" sp write 0x1 0x2 --zero
	status_is 2
	err_is 'ffactl: sp write: --zero is for retrieve or relinquish'
	run "${SIM[@]}" sp retrieve 0x1 --endpoints 2
	status_is 2
	err_is 'ffactl: sp retrieve: --endpoints is for relinquish'
	run "${SIM[@]}" sp retrieve 0x1 --flags 0x10000
	status_is 2
	err_is 'ffactl: sp retrieve: --flags above 0xffff is for relinquish'
	run "${SIM[@]}" sp relinquish 0x1 --nx
	status_is 2
	err_is 'ffactl: sp relinquish: --nx is for retrieve'
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

# The partition's FFA_FEATURES (test protocol command 8): for
# FFA_MEM_RETRIEVE_REQ, the outstanding retrievals a borrower may hold.
test_features() {
	local h
	run sim reset
	run "${SIM[@]}" sp features 0x84000074 --input 0x2
	status_is 0
	out_is "partition 0x8001 FFA_FEATURES(0x84000074, input 0x2): SUCCESS, w2 0x2, w3 0x7 (255 outstanding retrievals)"
	run "${SIM[@]}" --json sp features 0xC4000074 --input 2
	status_is 0
	json_is .action features
	json_is .function 0xc4000074
	json_is .w2 0x2
	json_is .w3 0x7
	json_is .outstanding_retrievals 255
	json_is .test_command 8
	# The borrower's relinquish is a partition's call.
	run "${SIM[@]}" sp features 0x84000076
	status_is 0
	out_is "partition 0x8001 FFA_FEATURES(0x84000076, input 0x0): SUCCESS, w2 0x0, w3 0x0"
	# A v1.1 partition must say it handles the NS bit.
	run "${SIM[@]}" sp features 0x84000074
	status_is 11
	out_empty
	err_one_line
	err_has '^ffactl: sp features 0x84000074: partition 0x8001: NOT_SUPPORTED: .*\(a v1\.1\+ partition must say it handles the NS bit: --input 0x2\)$'
	run "${SIM[@]}" --json sp features 0x84000074
	status_is 11
	json_is .error.abi FFA_FEATURES
	# Held once already: the zero flag is INVALID_PARAMETERS, not DENIED.
	h=$("$FFACTL" --backend sim lend --to 0x8001)
	run "${SIM[@]}" sp retrieve "$h" --zero
	status_is 16
	run "${SIM[@]}" sp retrieve "$h"
	status_is 0
	run "${SIM[@]}" sp retrieve "$h" --zero
	status_is 12
	run "${SIM[@]}" sp relinquish "$h"
	status_is 0
	run "${SIM[@]}" reclaim "$h"
	status_is 0
	# TF-A 2.8 reports one.
	run sim reset --profile tfa-el3
	run "${SIM[@]}" --json sp features 0x84000074 --input 2
	status_is 0
	json_is .w3 0x0
	json_is .outstanding_retrievals 1
}

test_features_usage() {
	run "${SIM[@]}" sp features
	status_is 2
	err_is 'ffactl: sp features: missing FID (an FF-A function ID)'
	run "${SIM[@]}" sp features 0x84000074 2
	status_is 2
	err_is 'ffactl: sp features: too many arguments (FID only)'
	run "${SIM[@]}" sp features 0x100000000
	status_is 2
	err_one_line
	err_has '^ffactl: sp features: FID '
	run "${SIM[@]}" sp features 0x84000074 --input x
	status_is 2
	err_one_line
	run "${SIM[@]}" sp features 0x84000074 --zero
	status_is 2
	err_is 'ffactl: sp features: --zero is for retrieve or relinquish'
	run "${SIM[@]}" sp retrieve 0x1 --input 2
	status_is 2
	err_is 'ffactl: sp retrieve: --input is for features'
	[ ! -e "$FFACTL_SIM_STATE" ] || fail "a usage error touched the sim"
}

run_tests
