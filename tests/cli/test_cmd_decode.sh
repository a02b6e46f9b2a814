#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests for src/cmd_decode.c: offline decoding of registers, descriptors.
. "$(dirname "$0")/lib.sh"

# A v1.0 MEM_SHARE descriptor written by hand from DEN0077 v1.0 table 5.19:
# sender 0, attributes 0x2f, flags 0, handle 0, tag 0, 1 receiver (0x8001,
# RW, composite at 48), composite: 1 page, 1 constituent at 0x880000000.
V10_DESC='00000000: 00 00 2f 00 00 00 00 00 00 00 00 00 00 00 00 00
00000010: 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00
00000020: 01 80 02 00 30 00 00 00 00 00 00 00 00 00 00 00
00000030: 01 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00
00000040: 00 00 00 80 08 00 00 00 01 00 00 00 00 00 00 00'

# A v1.1 MEM_SHARE whose header puts the EMAD array at 64, not right after
# the 48-byte header (DEN0077 v1.1 Table 10.20: the offset is the header's,
# 16-byte aligned): sender 0, attributes 0x2f, 1 receiver (0x8001, RW,
# composite at 80), 1 page at 0x880000000.
V11_GAP_DESC='00000000: 00 00 2f 00 00 00 00 00 00 00 00 00 00 00 00 00
00000010: 00 00 00 00 00 00 00 00 10 00 00 00 01 00 00 00
00000020: 40 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00000030: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00000040: 01 80 02 00 50 00 00 00 00 00 00 00 00 00 00 00
00000050: 01 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00
00000060: 00 00 00 80 08 00 00 00 01 00 00 00 00 00 00 00'

test_decode_reclaim_error() {
	run decode --abi mem_reclaim 0x84000060 0 0xfffffffe
	status_is 0
	out_has '^FFA_MEM_RECLAIM: INVALID_PARAMETERS \(-2\): Invalid handle or flags'
	run decode --abi mem_reclaim 0x84000060 0 0x00000000fffffffa
	out_has 'DENIED \(-6\): Memory region state issue'
}

test_decode_generic_fallback() {
	run --json decode 0x84000060 0 0xfffffffd
	json_valid
	json_is .error.name NO_MEMORY
	json_is .error.exit_status 13
}

test_decode_violations() {
	run decode --abi mem_reclaim 0x84000060 0xfffffffe 0
	status_is 0
	out_has 'protocol violation: .*a1'
	run decode 0x84000060 0 0
	out_has 'protocol violation: .*code 0'
	run decode 0x84000060 0 0xffffffd6
	out_has 'protocol violation: .*-42'
	run --json decode --abi mem_reclaim 0x84000070
	json_is .kind violation
}

# A send's success answer carries the handle in a2 (low) and a3 (high).
test_decode_success_shows_the_handle() {
	run decode --abi mem_share 0x84000061 0 0x2 0x10000
	status_is 0
	out_has '^FFA_MEM_SHARE: success: handle 0x1000000000002$'
	run --json decode --abi mem_lend_64 0xc4000061 0 0xffffffc0 0
	json_is .handle 0xffffffc0
	run decode --abi mem_reclaim 0x84000061
	if grep -q handle "$TMP/out"; then fail "a reclaim answer has no handle"; fi
}

# The dumps firmware engineers have: a descriptor as hexdump -C (with '*'
# repeats: the constituent addresses are zero), od -A x -t x1, xxd, and a
# kernel log with timestamps and print_hex_dump's prefix; each must decode
# to the same bytes as the plain hex, and ambiguous ones must be refused
# naming the line.
test_decode_desc_from_every_dump_format() {
	local hex f
	hex=$("$FFACTL" share --to 0x8001 --pages 3 --dry-run --json |
		jq -r .descriptor.hex)
	printf '%s' "$hex" | xxd -r -p >"$TMP/desc.bin"
	# The dry run's placeholder addresses (@80, @96, @112) zeroed, for
	# identical lines that hexdump -C and od print as '*'.
	for f in 80 96 112; do
		dd if=/dev/zero of="$TMP/desc.bin" bs=1 seek=$f count=8 \
			conv=notrunc status=none
	done
	hex=$(xxd -p "$TMP/desc.bin" | tr -d '\n')
	# (Three zero addresses overlap: the verdict is 12 every time.)
	run decode --desc "$hex" --abi mem_share --json
	status_is 12
	jq -c .descriptor "$TMP/out" >"$TMP/want"
	hexdump -C "$TMP/desc.bin" >"$TMP/dump.hexdump-C"
	grep -qx '\*' "$TMP/dump.hexdump-C" || fail "no '*' line to test"
	od -A x -t x1 "$TMP/desc.bin" >"$TMP/dump.od"
	xxd "$TMP/desc.bin" >"$TMP/dump.xxd"
	xxd -g1 "$TMP/desc.bin" |
		awk '{ printf "[%5d.%06d] ffactl TX buffer: %s\n", NR, NR, $0 }' \
		>"$TMP/dump.dmesg"
	sed -i '1i [    0.000000] ffactl: TX buffer (144 bytes):' "$TMP/dump.dmesg"
	echo '[    9.000000] ffactl: done' >>"$TMP/dump.dmesg"
	for f in hexdump-C od xxd dmesg; do
		run_stdin "$(cat "$TMP/dump.$f")" decode --desc - --abi mem_share --json
		status_is 12
		[ "$(jq -c .descriptor "$TMP/out")" = "$(cat "$TMP/want")" ] ||
			fail "$f: decoded differently"
	done
	# od's default octal offsets would be read as data: refused.
	run_stdin "$(od -t x1 "$TMP/desc.bin")" decode --desc -
	status_is 2
	err_has '^ffactl: decode --desc: line 2: offset 0x20 where 0x10 bytes'
	# Two-byte groups in a kernel log: byte order unknown.
	run_stdin "$(xxd "$TMP/desc.bin" | sed 's/^/[ 1.000000] /')" decode --desc -
	status_is 2
	err_has 'line 1: groups of 2 bytes in a kernel log line'
	run decode --desc 00:01
	out_has 'descriptor: 2 bytes'
}

test_decode_success() {
	run decode --abi mem_share 0x84000061 0 2 0x10000
	out_has '^FFA_MEM_SHARE: success'
}

test_decode_bad_registers() {
	run decode 0x84000060 junk
	status_is 2
	err_one_line
	run decode 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18
	status_is 2
	run decode
	status_is 2
	run decode --abi nonsense 0
	status_is 2
}

test_decode_desc_v10() {
	run --json decode --desc "$V10_DESC"
	status_is 0
	json_valid
	json_is .descriptor.layout 1.0
	json_is .descriptor.valid true
	json_is '.descriptor.receivers[0].id' 0x8001
	json_is '.descriptor.constituents[0].address' 0x880000000
	json_is .descriptor.total_pages 1
}

# Without --desc-version the layout is guessed from the header's own EMAD
# size and offset fields, wherever the offset points.
test_decode_desc_v11_emads_after_a_gap() {
	run --json decode --desc "$V11_GAP_DESC" --abi mem_share
	status_is 0
	json_valid
	json_is .descriptor.layout 1.1
	json_is .descriptor.valid true
	json_is '.descriptor.receivers[0].id' 0x8001
	json_is '.descriptor.receivers[0].composite_off' 80
	json_is '.descriptor.constituents[0].address' 0x880000000
	run decode --desc "$V11_GAP_DESC"
	status_is 0
	out_has '^descriptor: 112 bytes, v1.1 layout, well-formed'
}

test_decode_desc_from_stdin_plain_hex() {
	local hex
	hex=$(printf '%s\n' "$V10_DESC" | sed 's/^[0-9a-f]*: //' | tr -d ' \n')
	run_stdin "$hex" decode --desc - --abi mem_share
	status_is 0
	out_has 'well-formed'
}

test_decode_desc_reports_malformed_fields() {
	# receiver count 2 with only one EMAD present, and a page mismatch.
	local bad
	bad=$(printf '%s\n' "$V10_DESC" | sed '2s/01 00 00 00$/02 00 00 00/')
	run decode --desc "$bad"
	status_is 12
	out_has 'MALFORMED'
	out_has '@[0-9]+ '
	run --json decode --desc "$bad"
	[ "$(jq '.descriptor.issues | length' "$TMP/out")" -ge 1 ] ||
		fail "no issue reported"
}

test_decode_desc_semantic_check() {
	# The same descriptor sent by endpoint 0x0001 is not from its sender.
	run decode --desc "$V10_DESC" --abi mem_share --caller 1
	status_is 16
	out_has '^  @0 sender: sender is not the caller \(DENIED\)$'
}

# A send's flags: bit 0 zero memory (MBZ in a share), bit 1 time slicing,
# [31:2] MBZ (DEN0077 v1.1 Table 10.21); bit 2 and [4:3] belong to retrieve
# requests (Table 10.22).
test_decode_desc_send_flags() {
	local f bad
	for f in 04 08 10 18; do
		bad=$(printf '%s\n' "$V10_DESC" |
		      sed "1s/^00000000: 00 00 2f 00 00/00000000: 00 00 2f 00 $f/")
		run decode --desc "$bad" --abi mem_share
		status_is 12
		out_has '^  @4 flags: bits \[31:2\] set \(MBZ in a send\) \(INVALID_PARAMETERS\)$'
		run --json decode --desc "$bad" --abi mem_share
		json_is .descriptor.valid false
		json_is '.descriptor.issues[0].field' flags
		# Structurally fine: without --abi nothing to object to.
		run decode --desc "$bad"
		status_is 0
	done
	bad=$(printf '%s\n' "$V10_DESC" |
	      sed "1s/^00000000: 00 00 2f 00 00/00000000: 00 00 2f 00 02/")
	run decode --desc "$bad" --abi mem_share
	status_is 0
}

test_decode_desc_bad_hex() {
	run decode --desc 'abc'
	status_is 2
	err_has 'odd number of hex digits'
	run decode --desc 'zz'
	status_is 2
	err_has 'no hex bytes'
	run decode --desc 00 0x84000060
	status_is 2
}

# --profile: a profile's SPMC on the descriptor alone, beside the spec.
test_decode_desc_profile_verdict() {
	local self lend1
	self=$("$FFACTL" --json share --to 0x0000 --dry-run | jq -r .descriptor.hex)
	run decode --desc "$self" --abi mem_share --profile tfa-el3
	status_is 0
	out_has '^verdict spec: INVALID_PARAMETERS \(emad\[0\]\.receiver: receiver is the sender\)$'
	out_has '^verdict tfa-el3: SUCCESS; does not apply: receiver-is-sender$'
	run decode --desc "$self" --abi mem_share --profile spec
	status_is 12
	run --json decode --desc "$self" --abi mem_share --profile optee
	status_is 12
	json_is '.verdicts[1].profile' optee
	json_is '.verdicts[1].status' INVALID_PARAMETERS
	json_is '.verdicts[1].exit_status' 12
	# A lend with the zero flag: the spec's, refused by TF-A's own rule.
	lend1=$("$FFACTL" --json lend --to 0x8001 --flags 1 --dry-run |
		jq -r .descriptor.hex)
	run --json decode --desc "$lend1" --abi mem_lend --profile tfa-el3
	status_is 12
	json_is '.verdicts[0].status' SUCCESS
	json_is '.verdicts[0].decided_by' null
	json_is '.verdicts[1].status' INVALID_PARAMETERS
	json_is '.verdicts[1].decided_by' 'flags other than 0 or exactly the transaction type (the profile'"'"'s own rule)'
	run decode --desc "$lend1" --profile tfa-el3
	status_is 2
	err_is 'ffactl: decode: --profile needs --desc and --abi (a verdict is an SPMC'"'"'s answer to a send)'
	run decode --desc "$lend1" --abi mem_lend --profile hafnium
	status_is 2
	err_one_line
}

run_tests
