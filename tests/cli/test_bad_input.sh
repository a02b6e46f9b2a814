#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every argument parser of every subcommand, fed hostile values: overflow,
# negative, trailing junk, empty, huge, repeated, invalid UTF-8. Each row
# must give exit 2, exactly one line on stderr, nothing on stdout, and leave
# the sim state file byte-identical (and no temporary file behind): a usage
# error means nothing was called or changed (DESIGN.md §7).
# One TAP line per row; the table is below, one command line per row (bash
# words, so quoting and $'\xff' work).
. "$(dirname "$0")/lib.sh"

# Values longer than any parser's buffer (below the kernel's 128 KiB limit
# for one argument).
BIG=$(head -c 100000 /dev/zero | tr '\0' 9)
MANY_IDS=$(seq -s, 32769 32808)          # 40 receivers
MANY_FILTERS=$(for i in $(seq 1 300); do printf -- '--filter c%d ' "$i"; done)
MANY_WORDS=$(printf '1 %.0s' $(seq 1 40))

S='--backend sim'
table() {
	cat <<EOF
# global options and dispatch
--backend frob version
--backend '' version
--backend \$'\xff' version
--bogus-option version
frobnicate
''
\$'\xff\xfe'
$S
# version [MAJOR.MINOR]: parse_version
$S version 1.
$S version .1
$S version 1.2x
$S version -1.0
$S version 1.-1
$S version 65536.0
$S version 1.65536
$S version 99999999999999999999.1
$S version 1.2.3
$S version ''
$S version ' 1.1'
$S version \$'1.1\xff'
$S version $BIG
$S version 1.1 1.2
# version 1.0 (the old form) would renegotiate: refused, names --negotiate
$S version 1.0
$S version 1.2
# version --negotiate MAJOR.MINOR: parse_version
$S version --negotiate
$S version --negotiate ''
$S version --negotiate 1.
$S version --negotiate .1
$S version --negotiate 1.65536
$S version --negotiate 32768.0
$S version --negotiate -1.0
$S version --negotiate 1.1x
$S version --negotiate \$'1.1\xff'
$S version --negotiate $BIG
$S version --negotiate 1.1 1.0
$S version --negotiate=1.0.0
# id, handles: no arguments
$S id extra
$S handles extra
# features [ABI|FID]: parse_fid
$S features 0x100000000
$S features 18446744073709551616
$S features -1
$S features 0x84000060x
$S features 0x1
$S features 0x840000ff0
$S features ''
$S features mem_share_65
$S features \$'mem_share\xff'
$S features $BIG
# partitions [UUID]: ffa_uuid_parse
$S partitions ffac7100-7e57-4d1e-a5a1-00000000800
$S partitions ffac7100-7e57-4d1e-a5a1-0000000080011
$S partitions gfac7100-7e57-4d1e-a5a1-000000008001
$S partitions ffac7100+7e57-4d1e-a5a1-000000008001
$S partitions \$'ffac7100-7e57-4d1e-a5a1-00000000800\xff'
$S partitions ''
$S partitions $BIG
# msg --to ID [WORD...]: parse_uint
$S msg 0
$S msg --to 65536 0
$S msg --to -1 0
$S msg --to '' 0
$S msg --to 0x8001x 0
$S msg --to $BIG 0
$S msg --to 0x8001 0x100000000
$S msg --to 0x8001 -- -1
$S msg --to 0x8001 0x
$S msg --to 0x8001 \$'1\xff'
$S msg --smc64 --to 0x8001 18446744073709551616
$S msg --to 0x8001 $MANY_WORDS
# share/lend/donate: every option's parser
$S share
$S share --to
$S share --to ''
$S share --to 0x8001,
$S share --to ,0x8001
$S share --to 0x8001,,0x8002
$S share --to 0x18001
$S share --to -0x8001
$S share --to \$'\xff'
$S share --to $MANY_IDS
$S share --to 0x8001 --pages
$S share --to 0x8001 --pages -1
$S share --to 0x8001 --pages ''
$S share --to 0x8001 --pages 1e3
$S share --to 0x8001 --pages 99999999999
$S share --to 0x8001 --pages 4294967297
$S share --to 0x8001 --pages 0x$BIG
$S lend --to 0x8001 --pages 0x
$S donate --to 0x8001 --pages ' 1'
$S share --to 0x8001 --attrs normal-wbx
$S share --to 0x8001 --attrs 0x10000
$S share --to 0x8001 --attrs ''
$S share --to 0x8001 --perm 256
$S share --to 0x8001 --perm ''
$S share --to 0x8001 --perm \$'rw\xff'
$S share --to 0x8001 --desc-version 1.3
$S share --to 0x8001 --desc-version 1.1.
$S share --to 0x8001 --desc-version ''
$S share --to 0x8001 --tag 18446744073709551616
$S share --to 0x8001 --tag 0x
$S share --to 0x8001 --tag -5
$S share --to 0x8001 --flags 0x100000000
$S share --to 0x8001 --flags 1x
$S share --to 0x8001 --sender 0x10000
$S share --to 0x8001 --sender ''
$S share --to 0x8001 --fill 0x100000000
$S share --to 0x8001 --fill junk
$S share --to 0x8001 --frag-len 15
$S share --to 0x8001 --frag-len 0
$S share --to 0x8001 --frag-len 4294967296
$S share --to 0x8001 extra
$S share --to 0x8001 --desc-version 1.2 --impdef ''
$S share --to 0x8001 --desc-version 1.2 --impdef 1
$S share --to 0x8001 --desc-version 1.2 --impdef 1,
$S share --to 0x8001 --desc-version 1.2 --impdef 1,2,3
$S share --to 0x8001 --desc-version 1.2 --impdef 0x1g,2
$S share --to 0x8001 --desc-version 1.2 --impdef 1,-2
$S share --to 0x8001 --desc-version 1.2 --impdef 18446744073709551616,0
$S share --to 0x8001 --desc-version 1.2 --impdef 0x$BIG,1
$S lend --to 0x8001 --impdef 1,2
$S donate --to 0x8001 --impdef 1,2 --desc-version 1.0
$S share --to 0x8001 --attrs 0x100 --desc-version 1.0
$S lend --to 0x8001 --desc-version 1.0 --attrs 0xffff
# reclaim HANDLE: parse_u64, --flags parse_uint
$S reclaim
$S reclaim 1 2
$S reclaim 18446744073709551616
$S reclaim -1
$S reclaim 0x1000000000001g
$S reclaim ''
$S reclaim \$'\xff'
$S reclaim 0x$BIG
$S reclaim 0x1000000000001 --flags 0x100000000
$S reclaim 0x1000000000001 --flags ''
# call FID [A1...A7]: parse_fid, parse_u64
$S call
$S call 0x100000000
$S call 0x12345678
$S call mem_frobnicate
$S call ''
$S call 0x84000063 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18
$S call 0x84000063 -1
$S call 0x84000063 18446744073709551616
$S call 0x84000063 0x1z
# decode: parse_u64, --abi parse_fid, --desc hexdump_parse, --caller
decode
decode ''
decode 0x1g
decode 18446744073709551616
decode 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18
decode --abi nope 0x84000060
decode --abi $BIG 0
decode --desc zz
decode --desc ''
decode --desc \$'\xff\xfe'
decode --desc 00 --desc-version 2.0
decode --desc 00 --caller 0x10000
decode --desc 00 --caller -1
decode --desc 00 --abi mem_share --profile ''
decode --desc 00 --abi mem_share --profile hafnium
decode --desc 00 --profile tfa-el3
decode 0x84000060 --profile spec
# sim reset|status [--profile]
sim
sim frobnicate
sim reset status
sim reset --profile ''
sim reset --profile hafnium
sim reset --profile \$'\xff'
sim reset --profile $BIG
sim reset --partitions ''
sim reset --partitions hafnium
sim reset --partitions $BIG
sim fault --partitions optee --abi mem_reclaim --error DENIED
# sim reset --negotiate MAJOR.MINOR: parse_version, and 1.x only
sim reset --negotiate
sim reset --negotiate ''
sim reset --negotiate 1.
sim reset --negotiate 2.0
sim reset --negotiate 0.9
sim reset --negotiate 1.65536
sim reset --negotiate 1.1x
sim reset --negotiate \$'1.1\xff'
sim reset --negotiate $BIG
sim fault --negotiate 1.0 --abi mem_reclaim --error DENIED
# smoke: --filter repeat limit, --profile
$S smoke --profile nope
$S smoke --profile ''
$S smoke --partition ''
$S smoke --partition 0x10000
$S smoke --partition -1
$S smoke --partition 0x8001x
$S smoke $MANY_FILTERS
EOF
}

# A state with something in it, so "unchanged" means something.
"$FFACTL" --backend sim share --to 0x8001 --pages 2 >/dev/null ||
	{ echo "Bail out! cannot create the sim state"; exit 1; }
"$FFACTL" --backend sim share --to 0x8001 >/dev/null
before=$(state_sum)

mapfile -t rows < <(table | grep -v '^#')
echo "TAP version 13"
echo "1..${#rows[@]}"
n=0
for row in "${rows[@]}"; do
	n=$((n + 1))
	cur_failed=0
	eval "set -- $row"
	run "$@"
	status_is 2
	err_one_line
	out_empty
	grep -q '^ffactl: ' "$TMP/err" || fail "stderr does not start 'ffactl: '"
	[ "$(state_sum)" = "$before" ] || {
		fail "sim state changed"
		before=$(state_sum)
	}
	ls "$FFACTL_SIM_STATE".tmp.* >/dev/null 2>&1 &&
		fail "temporary state file left behind"
	# Long values are abbreviated in the TAP name.
	name=$(printf '%s' "$row" | sed -E 's/[0-9]{24,}/<long>/g' |
	       cut -c1-120)
	if [ $cur_failed -eq 0 ]; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		fails=$((fails + 1))
	fi
done
[ $fails -eq 0 ]
