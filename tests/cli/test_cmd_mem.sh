#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests for src/cmd_mem.c: share, lend, donate, reclaim, handles (sim).
. "$(dirname "$0")/lib.sh"

SIM=(--backend sim)
RECLAIM_EINVAL='ffactl: FFA_MEM_RECLAIM: INVALID_PARAMETERS: Invalid handle or flags'

test_share_prints_handle_alone() {
	run "${SIM[@]}" share --to 0x8001 --pages 2
	status_is 0
	[[ "$out" =~ ^0x[0-9a-f]+$ ]] || fail "not a lone hex handle: '$out'"
	err_empty
}

# The share happened: a handle that cannot be written must be named on
# stderr, or the pages are held and nobody knows the handle.
test_share_to_full_stdout_names_the_handle() {
	"$FFACTL" --backend sim share --to 0x8001 >/dev/full 2>"$TMP/err"
	status=$?
	status_is 4
	err=$(cat "$TMP/err")
	err_one_line
	err_has '^ffactl: share: cannot write the result to standard output \(No space left on device\); the share happened: handle 0x1000000000001$'
	run --backend sim --json handles
	json_is '.handles[0].handle' 0x1000000000001
}

# The width: SMC32 by default on the sim, --smc32 says so, never both.
test_width_options() {
	run "${SIM[@]}" --trace share --to 0x8001 --smc32
	status_is 0
	err_has '^trace [0-9]+: FFA_MEM_SHARE in: a0=0x84000073 '
	run "${SIM[@]}" --trace share --to 0x8001
	status_is 0
	err_has '^trace [0-9]+: FFA_MEM_SHARE in: a0=0x84000073 '
	run "${SIM[@]}" share --to 0x8001 --smc32 --smc64
	status_is 2
	err_is 'ffactl: --smc64 and --smc32: choose one'
	run "${SIM[@]}" msg --to 0x8001 --smc64 --smc32 1
	status_is 2
	err_is 'ffactl: msg: --smc32 and --smc64: choose one'
	run "${SIM[@]}" msg --to 0x8001 --smc32 --req2 --uuid ffac7100-7e57-4d1e-a5a1-000000008001
	status_is 2
	err_is 'ffactl: msg: --smc32 and --req2 (SMC64 only): choose one'
	run "${SIM[@]}" msg --to 0x8001 --smc32 0x100000000
	status_is 2
	err_is "ffactl: msg: word 1: '0x100000000': out of range (at most 0xffffffff)"
	run "${SIM[@]}" msg --to 0x8001 0x100000000
	status_is 2
	err_is "ffactl: msg: word 1: '0x100000000': out of range (at most 0xffffffff)"
}

# --quiet drops notes, never the result.
test_quiet_keeps_the_result() {
	run --backend sim -q share --to 0x8001
	status_is 0
	out_is 0x1000000000001
	run --backend sim -q -v share --to 0x8001
	err_empty
	run --backend sim -q reclaim 0x1000000000001
	status_is 0
	out_is 'reclaimed 0x1000000000001 (1 page(s))'
}

# A second --to is refused, not silently replacing the first.
test_second_to_is_refused() {
	run --backend sim share --to 0x8001 --to 0x8002
	status_is 2
	err_is "ffactl: share: --to: given twice; name every receiver in one --to (--to 0x8001,0x8002)"
	[ ! -e "$FFACTL_SIM_STATE" ] || fail "state written"
	run share --help
	out_has 'once'
}

# The page limit and the fragment cap are said, not silent.
test_limits_are_documented_and_said() {
	run share --help
	out_has '65536'
	out_has 'larger than the TX buffer'
	run --backend sim -v share --to 0x8001 --frag-len 100000
	status_is 0
	err_has 'frag-len 100000 is more than the 4096-byte TX buffer: fragments of 4096'
	run --backend sim share --to 0x8001 --pages 65537
	status_is 2
	err_has 'at most 65536'
}

# A dry run judges the descriptor as decode --abi does (the sim's profile
# when the sim is the backend, else the spec's checks), names the field
# and offset, and exits with the verdict the send then gets.
test_dry_run_runs_the_checks() {
	local a field
	while IFS='|' read -r a field; do
		# shellcheck disable=SC2086
		run --backend sim share $a
		status_is 12
		# shellcheck disable=SC2086
		run --backend sim share $a --dry-run
		status_is 12
		out_has 'MALFORMED'
		out_has "^  @[0-9]+ $field"
		out_has "^judged by the sim's spec profile: INVALID_PARAMETERS"
		# shellcheck disable=SC2086
		run share $a --dry-run
		status_is 12
		out_has "^  @[0-9]+ $field"
		out_has '^judged by the spec.s checks \(DEN0077\), no backend asked: INVALID_PARAMETERS'
	done <<'EOF2'
--to 0x8001,0x8001|emad\[1\]\.receiver: receiver named twice
--to 0x8001 --pages 0|composite\.total_pages: zero pages
--to 0x8001 --perm rwx|emad\[0\]\.perm: instruction access specified
--to 0x0000|emad\[0\]\.receiver: receiver is the sender
EOF2
	# Several pages: the placeholder addresses do not overlap.
	run --backend sim share --to 0x8001 --pages 3 --dry-run
	status_is 0
	out_has 'well-formed'
	# The sim as TF-A's SPMC accepts receiver = sender: so does its dry run.
	run sim reset --profile tfa-el3
	run --backend sim share --to 0x0000 --dry-run
	status_is 0
	out_has "^judged by the sim's tfa-el3 profile: SUCCESS"
	run --backend sim --json share --to 0x0000 --dry-run
	json_is .descriptor.judged_by "the sim's tfa-el3 profile"
}

# A refused send says, with -v, which check the model failed.
test_refused_send_names_the_check() {
	run --backend sim -v share --to 0x8001 --perm rwx
	status_is 12
	err_has "^share: refused by the sim's spec profile: @50 emad\[0\]\.perm: instruction access specified on FFA_MEM_SHARE \(INVALID_PARAMETERS\)$"
	err_has '^ffactl: FFA_MEM_SHARE: INVALID_PARAMETERS: '
}

# --trace: every FF-A call of a multi-call operation with its registers,
# not only the last (each FFA_MEM_FRAG_TX, the FFA_RX_RELEASE after a
# partition query); -vv does the same.
test_trace_shows_every_call() {
	local frags
	run --backend sim --json --trace share --to 0x8001 --pages 300 \
		--frag-len 1024
	status_is 0
	frags=$(jq -r .fragments "$TMP/out")
	[ "$frags" -eq 5 ] || fail "$frags fragments, want 5"
	json_is '[.calls[].abi] | map(select(. == "FFA_MEM_FRAG_TX")) | length' 4
	json_is '[.calls[] | select(.abi == "FFA_MEM_SHARE")][0].in[2]' 0x400
	json_is '[.calls[] | select(.abi == "FFA_MEM_SHARE")][0].out[0]' 0x8400007a
	json_is '.calls[-1].out[0]' 0x84000061
	run --backend sim --trace share --to 0x8001 --pages 300 --frag-len 1024
	status_is 0
	[ "$(grep -c '^trace [0-9]*: FFA_MEM_FRAG_TX in: a0=0x8400007b ' "$TMP/err")" -eq 4 ] ||
		fail "not every FFA_MEM_FRAG_TX traced"
	err_has '^trace [0-9]+: FFA_MEM_FRAG_TX out: a0=0x84000061 '
	run --backend sim -vv partitions
	status_is 0
	err_has '^trace [0-9]+: FFA_PARTITION_INFO_GET in: a0=0x84000068 '
	err_has '^trace [0-9]+: FFA_RX_RELEASE out: a0=0x84000061 '
	run share --help
	out_has -- '--trace'
}

test_handles_are_distinct_and_canonical() {
	run "${SIM[@]}" share --to 0x8001
	out_is 0x1000000000001
	run "${SIM[@]}" lend --to 0x8001 --pages 3
	out_is 0x1000000000002
}

test_reclaim_zero_then_again() {
	run "${SIM[@]}" share --to 0x8001 --pages 2
	local h=$out
	run "${SIM[@]}" reclaim "$h" --zero
	status_is 0
	out_has "^reclaimed $h \\(2 page"
	run "${SIM[@]}" reclaim "$h" --zero
	status_is 12
	err_is "$RECLAIM_EINVAL"
	out_empty
}

test_reclaim_json_error() {
	run "${SIM[@]}" share --to 0x8001
	local h=$out
	run "${SIM[@]}" reclaim "$h"
	run "${SIM[@]}" --json reclaim "$h"
	status_is 12
	json_valid
	json_is .ok false
	json_is .schema 1
	json_is .error.abi FFA_MEM_RECLAIM
	json_is .error.code -2
	json_is .error.name INVALID_PARAMETERS
	json_is .error.message 'Invalid handle or flags'
	json_is '.regs[0]' 0x84000060
	json_is .exit_status 12
}

test_reclaim_json_success() {
	run "${SIM[@]}" share --to 0x8001 --pages 2
	local h=$out
	run "${SIM[@]}" --json reclaim "$h" --zero
	status_is 0
	json_valid
	json_is .ok true
	json_is .handle "$h"
	json_is .zeroed true
	json_is .pages 2
	json_is '.regs[0]' 0x84000061
}

test_reclaim_verbose_shows_zeroing() {
	run "${SIM[@]}" share --to 0x8001 --pages 2 --fill 0xdeadbeef
	local h=$out
	run "${SIM[@]}" -v reclaim "$h" --zero
	status_is 0
	err_has 'a0=0x84000061'
	err_has '2 page\(s\) read back after reclaim: all zero'
}

test_reclaim_unknown_handle_bit63() {
	run "${SIM[@]}" share --to 0x8001
	run "${SIM[@]}" reclaim 0x8001000000000001
	status_is 12
	err_is "$RECLAIM_EINVAL"
	run "${SIM[@]}" reclaim 0x1000000000001
	status_is 0
}

test_reclaim_mbz_flag_through_flags_only() {
	run "${SIM[@]}" share --to 0x8001
	local h=$out
	run "${SIM[@]}" reclaim "$h" --flags 0x4
	status_is 12
	err_is "$RECLAIM_EINVAL"
	run "${SIM[@]}" handles --json
	json_is '.handles | length' 1
	run "${SIM[@]}" reclaim "$h" --flags 0xffffffff
	status_is 12
	run "${SIM[@]}" reclaim "$h" --time-slice
	status_is 0
}

test_reclaim_bad_handle_is_usage_error() {
	run "${SIM[@]}" share --to 0x8001
	local before
	before=$(state_sum)
	for bad in '' 0x 12abc 0x10000000000000000 18446744073709551616 \
		' 1' 0x1g; do
		run "${SIM[@]}" reclaim "$bad"
		status_is 2
		err_one_line
		err_has '^ffactl: reclaim: handle'
	done
	# A negative number looks like an option to argp: still one line.
	run "${SIM[@]}" reclaim -1
	status_is 2
	err_is "ffactl: reclaim: invalid option -- '1' (see ffactl reclaim --help)"
	[ "$(state_sum)" = "$before" ] || fail "bad input changed the state"
}

test_reclaim_missing_and_extra_args() {
	run "${SIM[@]}" reclaim
	status_is 2
	run "${SIM[@]}" reclaim 1 2
	status_is 2
}

test_reclaim_while_retrieved_is_denied() {
	run "${SIM[@]}" lend --to 0x8001 --pages 1
	local h=$out lo hi
	lo=$(printf '0x%x' $((h & 0xffffffff)))
	hi=$(printf '0x%x' $((h >> 32)))
	run "${SIM[@]}" msg --to 0x8001 1 "$lo" "$hi"
	status_is 0
	run "${SIM[@]}" reclaim "$h"
	status_is 16
	err_is 'ffactl: FFA_MEM_RECLAIM: DENIED: Memory region state issue'
	run "${SIM[@]}" --json handles
	json_is '.handles[0].state' retrieved
	run "${SIM[@]}" msg --to 0x8001 2 "$lo" "$hi"
	run "${SIM[@]}" reclaim "$h"
	status_is 0
}

test_zero_really_zeroes_after_borrower_writes() {
	run "${SIM[@]}" lend --to 0x8001 --pages 2
	local h=$out lo hi
	lo=$(printf '0x%x' $((h & 0xffffffff)))
	hi=$(printf '0x%x' $((h >> 32)))
	run "${SIM[@]}" msg --to 0x8001 1 "$lo" "$hi"
	run "${SIM[@]}" msg --to 0x8001 3 "$lo" "$hi" 0x5a5a5a5a
	status_is 0
	run "${SIM[@]}" --json msg --to 0x8001 4 "$lo" "$hi"
	[ "$(jq -r '.words[1]' "$TMP/out")" != 0x0 ] ||
		fail "checksum after write is zero"
	run "${SIM[@]}" msg --to 0x8001 2 "$lo" "$hi"
	run "${SIM[@]}" --json reclaim "$h" --zero
	status_is 0
	json_is .zeroed true
}

test_handles_lists_outstanding() {
	run "${SIM[@]}" handles
	out_is 'no handles'
	run "${SIM[@]}" share --to 0x8001 --pages 2
	run "${SIM[@]}" lend --to 0x8001 --pages 1
	run "${SIM[@]}" --json handles
	status_is 0
	json_valid
	json_is '.handles | length' 2
	json_is '.handles[0].abi' FFA_MEM_SHARE
	json_is '.handles[0].pages' 2
	json_is '.handles[1].abi' FFA_MEM_LEND
	json_is '.handles[0].receivers[0]' 0x8001
	run "${SIM[@]}" handles
	out_has '^0x1000000000001 +FFA_MEM_SHARE +2 +owned +0x8001'
	out_has '^2 handles: 2 owned, 0 retrieved, 0 stuck$'
	run "${SIM[@]}" --json handles
	json_is .count 2
	json_is .owned 2
}

# The handles a failed reclaim left stuck, alone; then every handle
# reclaimed, each reported.
test_handles_stuck_and_reclaim_all() {
	local a b c
	a=$("$FFACTL" --backend sim share --to 0x8001)
	b=$("$FFACTL" --backend sim lend --to 0x8001 --pages 2)
	c=$("$FFACTL" --backend sim share --to 0x8001)
	run "${SIM[@]}" sim fault --abi mem_reclaim --error DENIED
	run "${SIM[@]}" reclaim "$b"
	status_is 16
	run "${SIM[@]}" handles --stuck
	status_is 0
	out_has "^$b +FFA_MEM_LEND +2 +stuck"
	if grep -q "^$a " "$TMP/out"; then fail "an owned handle listed"; fi
	out_has '^1 handle stuck \(of 3\)$'
	run "${SIM[@]}" --json handles --stuck
	json_is '.handles | length' 1
	json_is .count 1
	json_is .stuck_only true
	run "${SIM[@]}" sim fault --abi mem_reclaim --error DENIED
	run "${SIM[@]}" reclaim --all
	status_is 16
	out_has "^reclaimed $b \\(2 page\\(s\\)\\)$"
	out_has "^reclaimed $c \\(1 page\\(s\\)\\)$"
	err_has "^ffactl: FFA_MEM_RECLAIM: $a: DENIED: "
	out_has '^reclaim --all: 2 of 3 reclaimed, 1 refused$'
	run "${SIM[@]}" --json reclaim --all
	status_is 0
	json_is .all true
	json_is '.reclaimed | length' 1
	json_is '.reclaimed[0].handle' "$a"
	json_is '.reclaimed[0].ok' true
	run "${SIM[@]}" handles
	out_is 'no handles'
	run "${SIM[@]}" reclaim --all
	status_is 0
	out_is 'reclaim --all: no handles'
	run "${SIM[@]}" reclaim --all 0x1
	status_is 2
}

# The SPMC reads descriptors in the negotiated version's layout (TF-A's EL3
# SPMC refuses any other): the sim negotiates 1.1 when it starts, as the
# module does at load, so a v1.0 descriptor needs FF-A 1.0 negotiated.
test_share_smc64_and_v10_v12_layouts() {
	for v in 1.1 1.2; do
		run "${SIM[@]}" share --to 0x8001 --smc64 --desc-version "$v"
		status_is 0
		[[ "$out" =~ ^0x[0-9a-f]+$ ]] || fail "v$v: no handle"
		run "${SIM[@]}" reclaim "$out"
		status_is 0
	done
	run "${SIM[@]}" share --to 0x8001 --smc64 --desc-version 1.0
	status_is 12
	err_has '^ffactl: FFA_MEM_SHARE: INVALID_PARAMETERS: '
	# The spec profile keeps the module's 1.1 (DEN0077 v1.2 §13.2): a
	# reboot with the module asking 1.0.
	run "${SIM[@]}" version --negotiate 1.0
	status_is 11
	run sim reset --negotiate 1.0
	status_is 0
	run "${SIM[@]}" share --to 0x8001 --smc64 --desc-version 1.0
	status_is 0
	[[ "$out" =~ ^0x[0-9a-f]+$ ]] || fail "v1.0: no handle"
	run "${SIM[@]}" reclaim "$out"
	status_is 0
}

# Without --desc-version, share/lend/donate build the negotiated version's
# layout, however it was negotiated: at the module's load (the spec
# profile keeps that one, DEN0077 v1.2 §13.2), or by a renegotiation where
# the SPMC allows one (OP-TEE's spmc_exchange_version()).
test_default_layout_follows_renegotiation() {
	run "${SIM[@]}" -v share --to 0x8001
	status_is 0
	err_has '^share: descriptor layout v1\.1 \(FF-A 1\.1 negotiated\)$'
	run "${SIM[@]}" reclaim "$out"
	status_is 0
	# The module asking 1.0 at load...
	"$FFACTL" sim reset --negotiate 1.0 >/dev/null
	run "${SIM[@]}" -v share --to 0x8001 --pages 2
	status_is 0
	err_has '^share: descriptor layout v1\.0 \(FF-A 1\.0 negotiated\)$'
	run "${SIM[@]}" reclaim "$out" --zero
	status_is 0
	run "${SIM[@]}" donate --to 0x8001
	status_is 0
	run "${SIM[@]}" --json handles
	json_is '.handles | length' 1
	json_is '.handles[0].receivers[0]' 0x8001
	# An explicit --desc-version still wins (here: refused, as it should).
	run "${SIM[@]}" share --to 0x8001 --desc-version 1.1
	status_is 12
	# ...or 1.2.
	"$FFACTL" sim reset --negotiate 1.2 >/dev/null
	run "${SIM[@]}" -v lend --to 0x8001 --smc64
	status_is 0
	err_has '^lend: descriptor layout v1\.2 \(FF-A 1\.2 negotiated\)$'
	run "${SIM[@]}" reclaim "$out"
	status_is 0
	# A raw FFA_VERSION renegotiates the whole normal world where the
	# SPMC lets it...
	"$FFACTL" sim reset --profile optee >/dev/null
	run "${SIM[@]}" call 0x84000063 0x10000
	status_is 0
	run "${SIM[@]}" -v share --to 0x8001 --pages 2
	status_is 0
	err_has '^share: descriptor layout v1\.0 \(FF-A 1\.0 negotiated\)$'
	run "${SIM[@]}" reclaim "$out"
	status_is 0
	# ...and so does --negotiate.
	run "${SIM[@]}" version --negotiate 1.2
	status_is 0
	run "${SIM[@]}" -v lend --to 0x8001 --smc64
	status_is 0
	err_has '^lend: descriptor layout v1\.2 \(FF-A 1\.2 negotiated\)$'
	run "${SIM[@]}" reclaim "$out"
	status_is 0
}

test_share_fragmented() {
	run "${SIM[@]}" -v share --to 0x8001 --pages 300
	status_is 0
	err_has 'in [2-9] fragment'
	run "${SIM[@]}" --json share --to 0x8001 --pages 8 --frag-len 64
	status_is 0
	[ "$(jq -r .fragments "$TMP/out")" -gt 1 ] || fail "not fragmented"
}

test_share_rejections_decoded() {
	run "${SIM[@]}" share --to 0x9999
	status_is 12
	err_has '^ffactl: FFA_MEM_SHARE: INVALID_PARAMETERS: '
	run "${SIM[@]}" share --to 0x8001 --pages 0
	status_is 12
	run "${SIM[@]}" share --to 0x8001 --attrs 0x6f
	status_is 12
	run "${SIM[@]}" share --to 0x8001 --perm rwx
	status_is 12
	run "${SIM[@]}" share --to 0x0000
	status_is 12
	run "${SIM[@]}" handles
	out_is 'no handles'
}

test_send_usage_errors_change_nothing() {
	run "${SIM[@]}" share --to 0x8001
	local before
	before=$(state_sum)
	run "${SIM[@]}" share
	status_is 2
	err_is 'ffactl: share: missing --to ID'
	run "${SIM[@]}" share --to 0x10000
	status_is 2
	err_one_line
	run "${SIM[@]}" share --to 0x8001, --pages 1
	status_is 2
	run "${SIM[@]}" share --to 0x8001 --pages 65537
	status_is 2
	run "${SIM[@]}" share --to 0x8001 --pages x
	status_is 2
	run "${SIM[@]}" share --to 0x8001 --desc-version 2.0
	status_is 2
	run "${SIM[@]}" share --to 0x8001 --attrs bogus
	status_is 2
	run "${SIM[@]}" lend --to 0x8001 --frag-len 4
	status_is 2
	run "${SIM[@]}" donate --to 0x8001 extra
	status_is 2
	[ "$(state_sum)" = "$before" ] || fail "bad input changed the state"
}

test_dry_run_sends_nothing() {
	run "${SIM[@]}" -v share --to 0x8001 --pages 2 --dry-run --tag 7
	status_is 0
	err_has '^share: dry run: descriptor layout v1\.1, '
	out_has 'v1\.1 layout'
	out_has '^00000000: 00 00 2f 00'
	out_has 'well-formed'
	out_has 'total pages 2, 2 constituent'
	[ ! -e "$FFACTL_SIM_STATE" ] || {
		run "${SIM[@]}" handles
		out_is 'no handles'
	}
	run --backend dev --device "$TMP/none" share --to 0x8001 --dry-run \
		--json --desc-version 1.0
	status_is 0
	json_valid
	json_is .descriptor.layout 1.0
	json_is .descriptor.length 80
	json_is '.descriptor.receivers[0].id' 0x8001
}

# --impdef: the v1.2 EMAD's implementation-defined value, at EMAD offset 8
# (DEN0077 v1.2 Table 11.16), little endian, for every receiver.
test_impdef_in_v12_emad() {
	run share --to 0x8001 --desc-version 1.2 --dry-run \
		--impdef 0x1122334455667788,0x99
	status_is 0
	# The EMAD is at 48: impdef from 0x38, reserved from 0x48.
	out_has '^00000030: 01 80 02 00 50 00 00 00 88 77 66 55 44 33 22 11'
	out_has '^00000040: 99 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00'
	out_has 'impdef 0x1122334455667788,0x99'
	run --json share --to 0x8001,0x8002 --desc-version 1.2 --dry-run \
		--impdef 1,2
	json_is '.descriptor.receivers[1].impdef[0]' 0x1
	json_is '.descriptor.receivers[1].impdef[1]' 0x2
	json_is .descriptor.valid true
	run "${SIM[@]}" lend --to 0x8001 --desc-version 1.2 --impdef 1,2
	status_is 0
	run "${SIM[@]}" reclaim "$out"
	status_is 0
}

test_impdef_needs_v12_layout() {
	run "${SIM[@]}" share --to 0x8001 --impdef 1,2
	status_is 2
	err_is 'ffactl: --impdef: only a v1.2 descriptor (--desc-version 1.2) has the implementation-defined EMAD value'
	out_empty
	run "${SIM[@]}" share --to 0x8001 --desc-version 1.0 --impdef 1,2
	status_is 2
	run "${SIM[@]}" handles
	out_is 'no handles'
}

# A v1.0 descriptor has 8 attribute bits: more is refused, not dropped.
test_attrs_above_8_bits_with_v10_layout() {
	run "${SIM[@]}" share --to 0x8001 --attrs 0x12f --desc-version 1.0
	status_is 2
	err_is "ffactl: --attrs: 0x12f does not fit the 8-bit attributes field of a v1.0 descriptor (use --desc-version 1.1 or 1.2)"
	out_empty
	# Whatever the order of the options.
	run "${SIM[@]}" lend --desc-version 1.0 --attrs 0xff00 --to 0x8001 \
		--dry-run
	status_is 2
	err_one_line
	run "${SIM[@]}" handles
	out_is 'no handles'
	# 8 bits fit; with the v1.1 layout 16 bits go out as given (and the
	# dry run judges them: reserved bits, INVALID_PARAMETERS).
	run share --to 0x8001 --attrs 0xff --desc-version 1.0 --dry-run
	status_is 12
	out_has '^00000000: 00 00 ff 00'
	run share --to 0x8001 --attrs 0x12f --desc-version 1.1 --dry-run
	status_is 12
	out_has '^00000000: 00 00 2f 01'
}

# Defaults follow DEN0077's usage rules (v1.1 §10.10.2-4): a share and a
# lend to several borrowers name the memory type, a lend to one borrower
# and a donate leave it to the relayer; data access RW except in a donate;
# instruction access never.
test_defaults_follow_usage_rules() {
	local c want
	for c in "share 0x8001 0x2f 0x02" "lend 0x8001 0x00 0x02" \
		"lend 0x8001,0x8002 0x2f 0x02" "donate 0x8001 0x00 0x00"; do
		set -- $c
		run --json "$1" --to "$2" --dry-run
		status_is 0
		json_is .descriptor.attributes "$3"
		json_is '.descriptor.receivers[0].perm' "$4"
		json_is '.descriptor.receivers[-1].perm' "$4"
	done
	# What --dry-run shows as text, too.
	run lend --to 0x8001 --dry-run
	out_has '^00000000: 00 00 00 00'
	out_has 'attributes 0x00'
	out_has '0x8001 \(perm 0x02,'
	# Given explicitly, the options win (negative tests stay possible).
	run --json lend --to 0x8001 --attrs normal-wb --perm rwx --dry-run
	json_is .descriptor.attributes 0x2f
	json_is '.descriptor.receivers[0].perm' 0x0a
	run --json donate --to 0x8001 --attrs 0 --perm 0 --dry-run
	json_is .descriptor.attributes 0x00
	# And the help says so.
	run lend --help
	out_has 'lend to one borrower'
	out_has 'donate'
}

# Lend and donate with the defaults are what the sim under each profile
# that has them takes (OP-TEE 4.10 refused the old lend, attributes 0x2f).
test_default_sends_accepted() {
	local p
	for p in spec tfa-el3 optee; do
		"$FFACTL" sim reset --profile $p >/dev/null
		run "${SIM[@]}" lend --to 0x8001
		status_is 0
		run "${SIM[@]}" reclaim "$out"
		status_is 0
	done
	"$FFACTL" sim reset --profile spec >/dev/null
	run "${SIM[@]}" donate --to 0x8001
	status_is 0
}

# The usage rules (DEN0077 v1.1 §10.10.2-4), as the sim's SPMC applies
# them: what the defaults leave out, given anyway, is INVALID_PARAMETERS.
test_usage_rules_refused() {
	local args
	for args in "lend --attrs normal-wb" "lend --perm rw-nx" \
		"lend --perm rwx" "lend --perm 0" "donate --perm rw" \
		"donate --attrs normal-wb" "donate --perm 0x04" \
		"share --perm rw-nx" "share --attrs 0"; do
		run "${SIM[@]}" $args --to 0x8001
		status_is 12
		err_has '^ffactl: FFA_MEM_[A-Z]+: INVALID_PARAMETERS: '
	done
	run "${SIM[@]}" handles
	out_is 'no handles'
	# decode names the field and the rule.
	run --json lend --to 0x8001 --perm rwx --dry-run
	local hex
	hex=$(jq -r .descriptor.hex "$TMP/out")
	run decode --desc "$hex" --abi mem_lend
	status_is 12
	out_has '@50 emad\[0\].perm: instruction access specified on a lend to one borrower \(INVALID_PARAMETERS\)'
	# Two borrowers (the sim has one partition: checked offline).
	run --json lend --to 0x8001,0x8002 --attrs 0 --dry-run
	hex=$(jq -r .descriptor.hex "$TMP/out")
	run decode --desc "$hex" --abi mem_lend
	status_is 12
	out_has '@2 attributes: memory type not specified on a lend to several borrowers \(INVALID_PARAMETERS\)'
}

test_donate_on_profiles() {
	run "${SIM[@]}" donate --to 0x8001
	status_is 0
	"$FFACTL" sim reset --profile tfa-el3 >/dev/null
	run "${SIM[@]}" donate --to 0x8001
	status_is 11
	err_has '^ffactl: FFA_MEM_DONATE: NOT_SUPPORTED: '
}

test_tfa_el3_refuses_reclaim_flags() {
	"$FFACTL" sim reset --profile tfa-el3 >/dev/null
	run "${SIM[@]}" share --to 0x8001
	local h=$out
	run "${SIM[@]}" reclaim "$h" --zero
	status_is 12
	err_is "$RECLAIM_EINVAL"
	run "${SIM[@]}" reclaim "$h"
	status_is 0
}

run_tests
