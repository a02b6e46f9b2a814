#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests for src/cmd_info.c: version, id, features, partitions, msg, call.
. "$(dirname "$0")/lib.sh"

SIM=(--backend sim)
SP_UUID=ffac7100-7e57-4d1e-a5a1-000000008001

# FFA_VERSION is per endpoint and the last caller wins: "version" is a
# query (it asks with the negotiated version), only --negotiate changes it.
# The sim negotiates 1.1 when it starts, as the module does at load.
test_version_is_a_query() {
	run "${SIM[@]}" version
	status_is 0
	out_is 'FF-A 1.2 (firmware), negotiated 1.1'
	run "${SIM[@]}" --json version
	status_is 0
	json_valid
	json_is .version 1.2
	json_is .major 1
	json_is .minor 2
	json_is .negotiated 1.1
	json_is .negotiated_tracked true
	json_is .requested 1.1
	json_is .renegotiated false
	json_is .previous null
	json_is '.regs[0]' 0x10002
	run "${SIM[@]}" -v version
	status_is 0
	err_has '^FFA_VERSION asked with the negotiated version, 1\.1, which changes nothing$'
	err_has '^FFA_VERSION: a0=0x10002 '
	# Nothing changed: still 1.1.
	run "${SIM[@]}" version
	out_is 'FF-A 1.2 (firmware), negotiated 1.1'
}

# The SPMCs that let the caller renegotiate after other calls (OP-TEE's
# spmc_exchange_version(), TF-A's ffa_version_handler()).
test_version_negotiate() {
	"$FFACTL" sim reset --profile optee >/dev/null
	run "${SIM[@]}" version --negotiate 1.0
	status_is 0
	out_is 'FF-A 1.2 (firmware), negotiated 1.0 (was 1.1)'
	run "${SIM[@]}" version
	out_is 'FF-A 1.2 (firmware), negotiated 1.0'
	run "${SIM[@]}" --json version --negotiate 1.2
	status_is 0
	json_is .version 1.2
	json_is .negotiated 1.2
	json_is .requested 1.2
	json_is .renegotiated true
	json_is .previous 1.0
	run "${SIM[@]}" version
	out_is 'FF-A 1.2 (firmware), negotiated 1.2'
}

# DEN0077 v1.2 §13.2 (the spec profile, as Hafnium): the version is fixed
# once other calls are made, and the module made them at load. Refused,
# saying why and how to get another; nothing changes.
test_version_negotiate_refused_once_fixed() {
	run "${SIM[@]}" version --negotiate 1.0
	status_is 11
	out_empty
	err_is 'ffactl: FFA_VERSION: NOT_SUPPORTED: the SPMC keeps FF-A 1.1, fixed once other FF-A calls were made (DEN0077 v1.2 §13.2) (to run at 1.0, reboot the sim: ffactl sim reset --negotiate 1.0)'
	run "${SIM[@]}" --json version --negotiate 1.2
	status_is 11
	json_is .ok false
	json_is .error.name NOT_SUPPORTED
	json_is .regs[0] 0xffffffff
	run "${SIM[@]}" version
	out_is 'FF-A 1.2 (firmware), negotiated 1.1'
	# The version in effect is answered as ever.
	run "${SIM[@]}" version --negotiate 1.1
	status_is 0
	# A reboot with the module asking 1.0 at load.
	"$FFACTL" sim reset --negotiate 1.0 >/dev/null
	run "${SIM[@]}" version
	out_is 'FF-A 1.2 (firmware), negotiated 1.0'
	run "${SIM[@]}" version --negotiate 1.1
	status_is 11
	err_has 'keeps FF-A 1\.0, .*sim reset --negotiate 1\.1)$'
}

# The old form renegotiated silently: now refused, and nothing is called.
test_version_positional_refused() {
	"$FFACTL" sim reset --negotiate 1.2 >/dev/null
	run "${SIM[@]}" version 1.0
	status_is 2
	out_empty
	err_is 'ffactl: version: asking with 1.0 would renegotiate FF-A for the whole normal world; use --negotiate 1.0'
	run "${SIM[@]}" version 01.1
	status_is 2
	err_has 'use --negotiate 1\.1$'
	run "${SIM[@]}" version
	out_is 'FF-A 1.2 (firmware), negotiated 1.2'
}

# DEN0077 §13.2: the callee answers its own version whatever was asked,
# and the caller judges; another major agrees nothing.
test_version_major2_not_agreed() {
	run "${SIM[@]}" version --negotiate 2.0
	status_is 11
	err_is 'ffactl: version: 2.0 was not agreed: the firmware is FF-A 1.2; still negotiated 1.1'
	run "${SIM[@]}" version
	out_is 'FF-A 1.2 (firmware), negotiated 1.1'
}

# A raw FFA_VERSION is a renegotiation too, and the backend follows it.
# The firmware answering another major than was asked breaks DEN0077
# §13.2's negotiation: not "FF-A 2.0" and exit 0, a protocol violation.
test_version_other_major_is_a_violation() {
	run --backend sim sim fault --abi version --a0 0x20000
	status_is 0
	run --backend sim version
	status_is 9
	out_empty
	err_is 'ffactl: FFA_VERSION: protocol violation: the firmware answered FF-A 2.0 to a request for 1.1 (another major version: nothing was agreed)'
	run --backend sim sim fault --abi version --a0 0x20000
	run --backend sim --json version
	status_is 9
	json_is .ok false
	json_is .exit_status 9
	json_is .error.violation true
	json_is .regs[0] 0x20000
}

# The v1.2 register set: x0-x17 through call and decode, and
# FFA_MSG_SEND_DIRECT_REQ2 with its UUID and 14 words through msg.
test_call_and_decode_take_x0_to_x17() {
	"$FFACTL" sim reset --negotiate 1.2 >/dev/null
	run --backend sim --json call msg_send_direct_req2_64 0x8001 0 0 \
		4 5 6 7 8 9 10 11 12 13 14 15 16 17
	status_is 0
	json_is '.regs | length' 18
	json_is .regs[0] 0xc400008e
	json_is .regs[4] 0x4
	json_is .regs[17] 0x11
	run --backend sim call msg_send_direct_req2_64 0x8001 0 0 \
		4 5 6 7 8 9 10 11 12 13 14 15 16 17
	out_has '^a17 = 0x11$'
	run --backend sim call version 0x10001 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
	status_is 2
	err_has 'at most'
	run --json decode 0xc400008e 0x80010000 0 0 4 5 6 7 8 9 10 11 12 13 14 \
		15 16 0x11
	status_is 0
	json_is '.regs | length' 18
	json_is .regs[17] 0x11
	run decode 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18
	status_is 2
	err_has 'at most 18 registers \(x0\.\.x17\)'
}

test_msg_req2_with_uuid() {
	"$FFACTL" sim reset --negotiate 1.2 >/dev/null
	run --backend sim --json msg --req2 --to 0x8001 \
		--uuid ffac7100-7e57-4d1e-a5a1-000000008001 \
		1 2 3 4 5 6 7 8 9 10 11 12 13 14
	status_is 0
	json_is .abi FFA_MSG_SEND_DIRECT_RESP2
	json_is '.words | length' 14
	json_is .words[13] 0xe
	json_is .uuid ffac7100-7e57-4d1e-a5a1-000000008001
	json_is .regs[0] 0xc400008e
	run --backend sim msg --req2 --to 0x8001 --uuid \
		ffac7100-7e57-4d1e-a5a1-000000008001 7
	out_is 'reply from 0x8001: 0x7 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0'
	run --backend sim msg --req2 --to 0x8001 1
	status_is 2
	err_is 'ffactl: msg: --req2 needs --uuid UUID (the protocol the partition speaks)'
	run --backend sim msg --to 0x8001 1 2 3 4 5 6
	status_is 2
	err_has 'at most 5 words without --req2'
	run --backend sim msg --uuid ffac7100-7e57-4d1e-a5a1-000000008001 --to 0x8001
	status_is 2
	err_has -- '--uuid is for --req2'
}

test_version_follows_raw_call() {
	# The spec profile keeps 1.1 (DEN0077 v1.2 §13.2): nothing to follow.
	run "${SIM[@]}" call 0x84000063 0x10000
	status_is 11
	err_has '^ffactl: FFA_VERSION: NOT_SUPPORTED: '
	run "${SIM[@]}" version
	out_is 'FF-A 1.2 (firmware), negotiated 1.1'
	"$FFACTL" sim reset --profile optee >/dev/null
	run "${SIM[@]}" call 0x84000063 0x10000
	status_is 0
	run "${SIM[@]}" version
	out_is 'FF-A 1.2 (firmware), negotiated 1.0'
	# Bit 31 set: NOT_SUPPORTED, nothing agreed.
	run "${SIM[@]}" call 0x84000063 0x80010001
	status_is 11
	err_has '^ffactl: FFA_VERSION: NOT_SUPPORTED: '
	run "${SIM[@]}" version
	out_is 'FF-A 1.2 (firmware), negotiated 1.0'
}

test_version_bad_input() {
	for bad in 1 1. .1 a.b 1.65536 32768.0 '' 1.0.0; do
		run "${SIM[@]}" version "$bad"
		status_is 2
		err_one_line
		run "${SIM[@]}" version --negotiate "$bad"
		status_is 2
		err_one_line
		err_has '^ffactl: --negotiate: '
	done
}

test_id() {
	run "${SIM[@]}" id
	status_is 0
	out_is 0x0000
}

test_features_one_and_all() {
	run "${SIM[@]}" features mem_share
	status_is 0
	out_has '^FFA_MEM_SHARE +0x84000073 +supported'
	run "${SIM[@]}" features FFA_MEM_RECLAIM
	status_is 0
	run "${SIM[@]}" features 0x840000ff
	status_is 11
	out_has 'not supported'
	run "${SIM[@]}" --json features
	status_is 0
	json_valid
	[ "$(jq '.features | length' "$TMP/out")" -ge 15 ] ||
		fail "too few features listed"
	json_is '[.features[] | select(.abi == "FFA_MEM_RECLAIM")][0].supported' true
}

# An ABI ffactl does not know: null in JSON, named so in text.
test_features_unknown_abi() {
	run --backend sim features 0x840000fe
	status_is 11
	out_has '^unknown ABI +0x840000fe +not supported$'
	run --backend sim --json features 0x840000fe
	json_is '.features[0].abi' null
}

test_features_bad_input() {
	for bad in nonsense 0x12345678 0x84000000 0x840000100 mem_share_63; do
		run "${SIM[@]}" features "$bad"
		status_is 2
		err_one_line
	done
}

test_features_tfa_el3_no_donate() {
	"$FFACTL" sim reset --profile tfa-el3 >/dev/null
	run "${SIM[@]}" features mem_donate
	status_is 11
}

test_partitions_all_and_by_uuid() {
	run "${SIM[@]}" partitions
	status_is 0
	out_has "^0x8001 .*$SP_UUID"
	run "${SIM[@]}" --json partitions "$SP_UUID"
	json_valid
	json_is .count 1
	json_is '.partitions[0].id' 0x8001
	json_is '.partitions[0].uuid' "$SP_UUID"
	# RX was released: a second query works.
	run "${SIM[@]}" partitions
	status_is 0
}

# DEN0077 v1.1 table 13.37 (v1.2 table 6.1): for a non-Nil query the
# descriptor's UUID field is reserved (the model writes zero there; TF-A's
# EL3 SPMC leaves it unwritten). The tool shows the UUID asked for, never
# the field; -v shows the field, marked as not meaningful.
NIL_UUID=00000000-0000-0000-0000-000000000000

test_partitions_by_uuid_shows_the_queried_uuid() {
	run "${SIM[@]}" partitions "$SP_UUID"
	status_is 0
	out_has "^0x8001 .*  $SP_UUID\$"
	grep -q "$NIL_UUID" "$TMP/out" && fail "the reserved field was printed"
	err_empty
	run "${SIM[@]}" --json partitions "$SP_UUID"
	json_is '.partitions[0].uuid' "$SP_UUID"
	json_is '.partitions[0].uuid_source' query
	json_is '.partitions[0].uuid_field' "$NIL_UUID"
	run "${SIM[@]}" -v partitions "$SP_UUID"
	status_is 0
	out_has "^0x8001 .*  $SP_UUID\$"
	err_has "^partition 0x8001: descriptor UUID field $NIL_UUID: not meaningful for a non-Nil query \(DEN0077 "
	# A Nil query: the field is the partition's UUID, and is data.
	run "${SIM[@]}" --json partitions
	json_is '.partitions[0].uuid' "$SP_UUID"
	json_is '.partitions[0].uuid_source' descriptor
	json_is '.partitions[0].uuid_field' "$SP_UUID"
	run "${SIM[@]}" -v partitions
	status_is 0
	grep -q 'not meaningful' "$TMP/err" && fail "a Nil query's field was marked"
}

test_partitions_v1_0_descriptors() {
	# v1.0 descriptors are 8 bytes: no UUID field at all.
	run sim reset --negotiate 1.0
	status_is 0
	out_is 'sim state reset (profile spec; the module negotiates 1.0)'
	run "${SIM[@]}" --json partitions
	status_is 0
	json_is .count 3
	json_is '.partitions[0].id' 0x8001
	json_is '.partitions[1].id' 0x8002
	json_is '.partitions[2].id' 0x8003
	json_is '.partitions[0].uuid' null
	json_is '.partitions[0].uuid_field' null
	run "${SIM[@]}" --json partitions "$SP_UUID"
	json_is '.partitions[0].uuid' "$SP_UUID"
	json_is '.partitions[0].uuid_source' query
	json_is '.partitions[0].uuid_field' null
}

test_partitions_unknown_uuid() {
	run "${SIM[@]}" partitions 00000000-0000-0000-0000-000000000001
	status_is 12
	err_has '^ffactl: FFA_PARTITION_INFO_GET: INVALID_PARAMETERS: '
}

# FFA_PARTITION_INFO_GET_REGS (v1.2): the same listing, in registers.
test_partitions_regs() {
	"$FFACTL" sim reset --negotiate 1.2 >/dev/null
	run "${SIM[@]}" --json partitions
	jq -c .partitions "$TMP/out" >"$TMP/rx.json"
	run "${SIM[@]}" --json partitions --regs
	status_is 0
	json_valid
	jq -c .partitions "$TMP/out" >"$TMP/regs.json"
	cmp -s "$TMP/rx.json" "$TMP/regs.json" ||
		fail "--regs lists otherwise: $(cat "$TMP/regs.json")"
	json_is '.regs[0]' 0xc4000061
	run "${SIM[@]}" partitions --regs "$SP_UUID"
	status_is 0
	out_has "^0x8001 .*  $SP_UUID\$"
	run "${SIM[@]}" partitions --regs 00000000-0000-0000-0000-000000000001
	status_is 12
	err_has '^ffactl: FFA_PARTITION_INFO_GET_REGS: INVALID_PARAMETERS: '
	# A v1.1 caller (or a v1.1 SPMC) has no such ABI; the spec profile
	# keeps the module's 1.1, so --negotiate alone may not do.
	"$FFACTL" sim reset >/dev/null
	run "${SIM[@]}" partitions --regs
	status_is 11
	err_has '^ffactl: FFA_PARTITION_INFO_GET_REGS: NOT_SUPPORTED: .* \(an FF-A 1\.2 ABI, and 1\.1 is negotiated: ffactl version --negotiate 1\.2, or if the SPMC keeps 1\.1, sim reset --negotiate 1\.2\)$'
	run "${SIM[@]}" msg --to 0x8001 --req2 --uuid "$SP_UUID" 1
	status_is 11
	err_has 'sim reset --negotiate 1\.2)$'
	"$FFACTL" sim reset --profile tfa-el3 >/dev/null
	run "${SIM[@]}" version --negotiate 1.2
	run "${SIM[@]}" partitions --regs
	status_is 11
	grep -q 'negotiate' "$TMP/err" && fail "a 1.2 caller was told to negotiate"
	true
}

test_partitions_bad_uuid() {
	for bad in 1234 ffac7100-7e57-4d1e-a5a1-00000000800 \
		ffac7100x7e57-4d1e-a5a1-000000008001 \
		ffac7100-7e57-4d1e-a5a1-0000000080011; do
		run "${SIM[@]}" partitions "$bad"
		status_is 2
		err_one_line
	done
}

test_msg_echo() {
	run "${SIM[@]}" msg --to 0x8001 0 0x11 0x22 0x33 0x44
	status_is 0
	out_is 'reply from 0x8001: 0x0 0x11 0x22 0x33 0x44'
}

test_msg_errors() {
	run "${SIM[@]}" msg --to 0x7777 0
	status_is 12
	err_has '^ffactl: FFA_MSG_SEND_DIRECT_REQ: INVALID_PARAMETERS: '
	run "${SIM[@]}" msg 0
	status_is 2
	err_is 'ffactl: msg: missing --to ID'
	run "${SIM[@]}" msg --to 0x8001 0x100000000
	status_is 2
	run "${SIM[@]}" msg --to 0x8001 1 2 3 4 5 6
	status_is 2
}

test_call_raw() {
	run "${SIM[@]}" call id_get
	status_is 0
	out_has '^a0 = 0x84000061 \(FFA_SUCCESS\)'
	run "${SIM[@]}" call 0x84000063 0x10001
	status_is 0
	out_has '^a0 = 0x10002'
	# RX is not ours to release: the SPMC answers DENIED.
	run "${SIM[@]}" call rx_release
	status_is 16
	err_has '^ffactl: FFA_RX_RELEASE: DENIED: '
	run "${SIM[@]}" call rxtx_unmap
	status_is 2
	run "${SIM[@]}" call mem_reclaim 1 2 0
	status_is 2
	err_has 'use .ffactl reclaim.'
	run "${SIM[@]}" call 0x12345678
	status_is 2
	run "${SIM[@]}" --json call spm_id_get
	json_is '.regs[2]' 0x8000
}

run_tests
