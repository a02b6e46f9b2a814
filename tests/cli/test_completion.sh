#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Tests for completions/ffactl.bash, run the way bash runs it: the words as
# readline splits them (COMP_WORDBREAKS holds '=', so --opt=value is three
# words), bash-completion's helpers loaded, and the built ffactl first on
# PATH for the completions that ask it (handles, smoke case names).
. "$(dirname "$0")/lib.sh"

BASH_COMPLETION=/usr/share/bash-completion/bash_completion
mkdir -p "$TMP/bin"
ln -sf "$FFACTL" "$TMP/bin/ffactl"

# complete LINE: the completions offered at the end of LINE, one a line.
complete() {
	PATH="$TMP/bin:$PATH" bash -c '
		. "$1"
		. "$2"
		line=$3
		# Split as readline does, with = a word of its own.
		read -ra COMP_WORDS <<<"${line//=/ = }"
		[ "${line: -1}" = " " ] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$line
		COMP_POINT=${#line}
		_ffactl
		printf "%s\n" "${COMPREPLY[@]}"' _ "$BASH_COMPLETION" \
		"$SRCDIR/completions/ffactl.bash" "$1" >"$TMP/out" 2>"$TMP/err"
	status=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

has_bash_completion() {
	[ -r "$BASH_COMPLETION" ] ||
		{ echo "# SKIP bash-completion not installed"; return 1; }
}

test_opt_equals_value() {
	has_bash_completion || return
	complete "ffactl share --attrs=normal-w"
	out_has '^normal-wb$'
	out_has '^normal-wb-outer$'
	complete "ffactl --backend=s"
	out_is sim
	complete "ffactl decode --desc-version=1."
	out_has '^1\.2$'
}

test_handles_after_reclaim() {
	has_bash_completion || return
	local a b
	a=$("$FFACTL" --backend sim share --to 0x8001)
	b=$("$FFACTL" --backend sim lend --to 0x8001)
	complete "ffactl --backend sim reclaim "
	out_has "^$a\$"
	out_has "^$b\$"
	complete "ffactl --backend=sim reclaim 0x10"
	out_has "^$a\$"
	complete "ffactl reclaim --backend sim "
	out_has "^$b\$"
	# A handle given: nothing more to complete but options.
	complete "ffactl --backend sim reclaim $a "
	if grep -q '^0x' "$TMP/out"; then fail "a second handle offered"; fi
}

test_smoke_case_names_after_filter() {
	has_bash_completion || return
	complete "ffactl smoke --filter reclaim_fl"
	out_has '^reclaim_flag_zero$'
	out_has '^reclaim_flag_bit2$'
	complete "ffactl smoke --filter=version_"
	out_has '^version_1_0$'
}

test_abi_spellings() {
	has_bash_completion || return
	complete "ffactl features FFA_MEM_SH"
	out_has '^FFA_MEM_SHARE$'
	out_has '^FFA_MEM_SHARE_64$'
	complete "ffactl features mem_share_"
	out_has '^mem_share_32$'
	out_has '^mem_share_64$'
	complete "ffactl sim fault --abi FFA_MEM_REC"
	out_has '^FFA_MEM_RECLAIM$'
}

# call refuses memory and RX/TX ABIs: they are not offered.
test_call_offers_what_it_accepts() {
	has_bash_completion || return
	complete "ffactl call mem_"
	out_empty
	complete "ffactl call FFA_MEM_"
	out_empty
	complete "ffactl call "
	out_has '^version$'
	out_has '^msg_send_direct_req2_64$'
	if grep -q 'rxtx_map\|mem_share\|mem_reclaim' "$TMP/out"; then
		fail "call offers what it refuses"
	fi
	# Each offered name is accepted by call's parser.
	local w
	for w in $(cat "$TMP/out"); do
		run --backend sim call "$w" 2>/dev/null
		[ "$status" -ne 2 ] || fail "call refuses '$w' it offered: $err"
	done
}

test_sp_actions() {
	has_bash_completion || return
	complete "ffactl sp re"
	out_has '^retrieve$'
	out_has '^relinquish$'
	# The request fields, and their words (sp's --perm, not a send's).
	complete "ffactl sp retrieve 0x1 --"
	out_has '^--perm$'
	out_has '^--device-memory$'
	out_has '^--endpoints$'
	complete "ffactl sp retrieve 0x1 --perm "
	out_has '^none$'
	! grep -qx 'rwx' "$TMP/out" || fail "sp --perm offers a send's rwx"
	complete "ffactl sp retrieve 0x1 --type "
	out_has '^donate$'
	# Each offered option is one sp accepts (a usage error names it).
	local w
	complete "ffactl sp retrieve 0x1 --"
	for w in $(cat "$TMP/out"); do
		run --backend sim sp --help 2>/dev/null
		case $out in *"$w"*) ;; *) fail "sp --help lacks $w" ;; esac
	done
}

run_tests
