#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The QEMU system test's cases, run by the guest's /init (busybox sh, as
# root) with ffactl, ffactl.ko, ioctl_probe, ioctl_fuzz and runas in the
# initramfs.
# Prints TAP 13 on the console; the host (tests/qemu/run-system-test) reads
# it. To add a case: a few lines calling run / status / err_is / out_has,
# then `check "name"` (the helpers: tests/qemu/guest-lib.sh). Each case
# reports its own failures as "# " lines.
#
# Every call goes tool -> ioctl -> ffactl.ko -> SMC -> the EL2 responder's
# SPMC model (tests/qemu/fw) and back.

# Handles and IDs are single hex words, and $cmd below is split on purpose.
# shellcheck disable=SC2086

# shellcheck disable=SC1091
. /guest-lib.sh

SP=0x8001

echo "TAP version 13"

# ---- module load: FFA_VERSION reaches the EL2 responder ------------------

run insmod $KO
status 0
[ -c /dev/ffactl ] || fail "no /dev/ffactl"
[ "$(stat -c %a /dev/ffactl 2>/dev/null)" = 600 ] ||
	fail "/dev/ffactl mode $(stat -c %a /dev/ffactl 2>/dev/null), want 600"
dmesg | grep 'ffactl' | sed 's/^/# dmesg: /'
check "insmod ffactl.ko creates /dev/ffactl 0600"

dmesg | grep -qE 'ffactl: firmware FF-A version 1\.2 .*endpoint ID 0x0000, conduit smc' ||
	fail "no load line naming firmware FF-A 1.2 over smc"
check "module load negotiated FF-A 1.2 with the EL2 responder"

# ---- register ABIs --------------------------------------------------------

run ffactl version
status 0
out_has '1\.2'
check "version"

run ffactl --json version
status 0
out_has '"ok": *true'
check "version --json"

run ffactl id
status 0
out_has '0x0000'
check "id"

run ffactl features
status 0
out_has 'FFA_MEM_RECLAIM'
run ffactl features FFA_MEM_RECLAIM
status 0
run ffactl features 0x840000fe
status 11
check "features (list, supported, unsupported)"

run ffactl partitions
status 0
out_has '0x8001'
run ffactl partitions ffac7100-7e57-4d1e-a5a1-000000008001
status 0
out_has '0x8001'
check "partitions through the RX buffer (all, by UUID)"

# The responder's model lists three partitions: the test partitions 0x8001
# and 0x8002 and 0x8003, which takes no direct requests (indirect only).
run ffactl partitions
status 0
[ "$(grep -c '^0x800[123] ' $OUT)" = 3 ] || fail "not three partitions listed"
out_has '^0x8002 .*ffac7100-7e57-4d1e-a5a1-000000008002$'
out_has '^0x8003 .*properties 0x104 \(indirect-msg,aarch64\)'
run ffactl msg --to 0x8003 0
status 16
err_has '^ffactl: FFA_MSG_SEND_DIRECT_REQ: DENIED: '
check "three partitions listed; a direct request to 0x8003 (none taken) -> DENIED (16)"

# Two borrowers, end to end: each retrieves on its own; the lender gets the
# region back only when neither holds it (the smoke suite's
# lend_two_both_write below checks the owner reads the last write).
run ffactl lend --to 0x8001,0x8002 --pages 2 --fill 0x11111111
status 0
handle
h2=$h
for sp in 0x8001 0x8002; do
	run ffactl sp --to $sp retrieve $h2
	status 0
	out_has "^partition $sp retrieved $h2\$"
done
run ffactl sp --to 0x8002 write $h2 0x22222222
status 0
run ffactl sp --to 0x8001 relinquish $h2
status 0
run ffactl reclaim $h2
status 16
err_has '^ffactl: FFA_MEM_RECLAIM: DENIED: '
run ffactl sp --to 0x8002 relinquish $h2
status 0
run ffactl -v reclaim $h2 --zero
status 0
out_has "reclaimed $h2"
err_has 'read back after reclaim: all zero'
check "lend to 0x8001 and 0x8002: both retrieve; reclaim DENIED while one holds it, then reclaim --zero"

run ffactl msg --to $SP 0 0x11 0x22
status 0
out_has '0x11'
check "direct message echo to the test partition"

# ---- share, reclaim --zero, reclaim again (the seed's case) ---------------

run ffactl share --to $SP --pages 2 --fill 0xdeadbeef
status 0
handle
h1=$h
run ffactl -v reclaim $h1 --zero
status 0
out_has "reclaimed $h1"
err_has 'read back after reclaim: all zero'
run ffactl reclaim $h1
status 12
err_is "$RECLAIM_EINVAL"
out_empty
check "share, reclaim --zero (pages read back zero), reclaim again -> 12"

# ---- share and lend, 32 and 64 --------------------------------------------

for cmd in "share" "share --smc64" "lend" "lend --smc64"; do
	run ffactl $cmd --to $SP --pages 1
	status 0
	handle
	note "$cmd: handle $h"
	run ffactl reclaim $h
	status 0
done
check "share and lend, SMC32 and SMC64, print handles and reclaim"

# The module asked for FF-A 1.1 at load, and the SPMC reads descriptors in
# the negotiated version's layout (DEN0077 §5.12): 1.0's is refused, and
# this SPMC keeps 1.1 (below).
for v in 1.1 1.2; do
	run ffactl share --to $SP --desc-version $v
	status 0
	handle
	run ffactl reclaim $h
	status 0
done
run ffactl share --to $SP --desc-version 1.0
status 12
err_has '^ffactl: FFA_MEM_SHARE: INVALID_PARAMETERS: '
check "descriptor layouts v1.1 and v1.2 accepted, v1.0 refused under FF-A 1.1"

# DEN0077 v1.2 §13.2 fixes the version once other calls are made, and the
# EL2 responder's SPMC (the model's spec profile, as Hafnium) keeps it
# across the module's reloads: only a reboot changes it. A reload asking
# 1.0 fails to load and says why; one asking the version in effect loads.
# (A module at 1.0 from load on, and renegotiation the module follows: the
# qemu-tfa suite, on TF-A, which allows it.)
run rmmod ffactl
status 0
run insmod $KO ffa_version=0x10000
[ $rc -ne 0 ] || fail "the module loaded asking 1.0 while the SPMC keeps 1.1"
[ -c /dev/ffactl ] && fail "/dev/ffactl left behind by a failed load"
dmesg | tail -n 3 | sed 's/^/# dmesg: /'
dmesg | tail -n 3 | grep -q 'FFA_VERSION(1\.0) answered 0xffffffff (NOT_SUPPORTED): .*an SPMC that keeps the version negotiated before' ||
	fail "no load error naming an SPMC that keeps the version"
run insmod $KO
status 0
run ffactl version
status 0
out_has '^FF-A 1\.2 \(firmware\), negotiated 1\.1$'
check "module reload asking 1.0 refused (the SPMC keeps 1.1, DEN0077 v1.2 §13.2), says why; the default reload works"

# ---- the negotiated version: the module's business ------------------------

# FFA_VERSION negotiates per endpoint (DEN0077 v1.2 §13.2). "version" only
# asks (with the version negotiated already); --negotiate, or a raw
# FFA_VERSION, asks another, which this SPMC refuses once other calls were
# made: the module keeps 1.1, and the error says how to run at another.
SP_UUID=ffac7100-7e57-4d1e-a5a1-000000008001
run ffactl version
status 0
out_has '^FF-A 1\.2 \(firmware\), negotiated 1\.1$'
run ffactl version 1.0
status 2
err_has 'would renegotiate .* use --negotiate 1\.0$'
run ffactl version --negotiate 1.0
status 11
err_is 'ffactl: FFA_VERSION: NOT_SUPPORTED: the SPMC keeps FF-A 1.1, fixed once other FF-A calls were made (DEN0077 v1.2 §13.2) (to run at 1.0, reload the module with ffa_version=0x10000)'
run ffactl call 0x84000063 0x10000
status 11
err_has '^ffactl: FFA_VERSION: NOT_SUPPORTED: '
dmesg | grep -q 'renegotiated through /dev/ffactl' &&
	fail "the module followed a refused FFA_VERSION"
run ffactl --json version
status 0
out_has '"negotiated": *"1\.1"'
run ffactl -v share --to $SP --pages 2 --fill 0x5a5a5a5a
status 0
err_has 'descriptor layout v1\.1 \(FF-A 1\.1 negotiated\)'
handle
run ffactl -v reclaim $h --zero
status 0
err_has 'read back after reclaim: all zero'
check "version --negotiate 1.0 and a raw FFA_VERSION(1.0): NOT_SUPPORTED, saying why; the module keeps 1.1 and its layout"

# The version in effect, asked again: answered, nothing changes.
run ffactl call 0x84000063 0x10001
status 0
run ffactl version
status 0
out_has 'negotiated 1\.1$'
run ffactl -v partitions $SP_UUID
status 0
out_has "^0x8001 .*  $SP_UUID\$"
err_has 'descriptor UUID field 00000000-0000-0000-0000-000000000000: not meaningful for a non-Nil query'
check "a raw FFA_VERSION of the version in effect is answered; partitions by UUID show the UUID asked"

# ---- fragmented send ------------------------------------------------------

run ffactl -v share --to $SP --pages 300
status 0
err_has 'in [2-9][0-9]* fragment'
handle
run ffactl reclaim $h --zero
status 0
run ffactl --json share --to $SP --pages 8 --frag-len 64
status 0
out_has '"fragments": *([2-9]|[1-9][0-9])'
h=$(sed -n 's/.*"handle": *"\(0x[0-9a-f]*\)".*/\1/p' $OUT)
run ffactl reclaim $h
status 0
check "a descriptor larger than TX goes out in fragments (FFA_MEM_FRAG_TX)"

# ---- a borrower holds it: DENIED, pages stay owned ------------------------

run ffactl lend --to $SP --pages 2
status 0
handle
hl=$h
run ffactl msg --to $SP 1 "$(lo $hl)" "$(hi $hl)"
status 0
run ffactl reclaim $hl --zero
status 16
err_has "^$RECLAIM_DENIED"
run ffactl handles
status 0
out_has "^$hl "
check "reclaim while the test partition holds the region -> DENIED (16), still owned"

run ffactl msg --to $SP 3 "$(lo $hl)" "$(hi $hl)" 0x5a5a5a5a
status 0
run ffactl msg --to $SP 4 "$(lo $hl)" "$(hi $hl)"
status 0
run ffactl msg --to $SP 2 "$(lo $hl)" "$(hi $hl)"
status 0
run ffactl -v reclaim $hl --zero
status 0
err_has 'read back after reclaim: all zero'
check "borrower writes, relinquishes; reclaim --zero really zeroes"

# The borrower's own request fields (test protocol commands 6 and 7): the
# responder's SPMC judges them as DEN0077 says.
run ffactl lend --to $SP --perm ro
handle
hr=$h
run ffactl sp retrieve $hr --perm rw --nx
status 16
err_has "^ffactl: sp retrieve $hr: partition $SP: DENIED: "
run ffactl sp retrieve $hr --perm ro --nx --type lend
status 0
run ffactl sp relinquish $hr --zero
status 16
run ffactl sp relinquish $hr --endpoints 0
status 12
run ffactl sp relinquish $hr
status 0
run ffactl reclaim $hr
status 0
check "sp retrieve/relinquish with request fields: RW of a read-only lend DENIED, RO retrieved; relinquish --zero DENIED, --endpoints 0 -> 12"

# ---- handles --------------------------------------------------------------

run ffactl handles
status 0
out_has '^no handles'
run ffactl share --to $SP --pages 2
handle
hs=$h
run ffactl lend --to $SP --pages 3
handle
hd=$h
run ffactl handles
status 0
out_has "^$hs +FFA_MEM_SHARE +2 "
out_has "^$hd +FFA_MEM_LEND +3 "
check "handles lists what is outstanding"

# ---- the smoke suite, through the module ------------------------------------

before=$(handles_now)
run ffactl smoke
status 0
out_has '^TAP version 13$'
out_has '^# ffactl smoke: backend dev, .* profile spec'
out_has '^# every handle made was reclaimed$'
grep -E '^# passed|^not ok' $OUT | sed 's/^/#   /'
# The responder keeps the module's 1.1 (DEN0077 v1.2 §13.2): the suite
# runs at it, and the rule itself is checked.
out_has '^# the SPMC keeps FF-A 1\.1 once other calls are made'
for c in lend_two_reclaim lend_two_nx lend_two_both_write \
	reclaim_two_one_holds direct_req_no_receipt direct_req_indirect_only \
	version_fixed_after_calls; do
	grep -q "^ok [0-9]* - $c\$" $OUT || fail "$c did not pass"
done
[ "$(handles_now)" = "$before" ] || fail "the smoke suite left handles behind"
check "ffactl smoke (profile auto-detected as spec): all ok through the module"

# ---- RX/TX probes: the module unmaps, maps, holds RX, then restores ---------

# FFACTL_IOC_RXTX_PROBE through its smoke cases: each answer as DEN0077
# says (ok under the spec profile), and the module's pair is back: a share,
# reclaim --zero and a partition listing through RX work afterwards.
RXTX_CASES="rxtx_unmap_no_pair rxtx_map_unaligned_tx rxtx_map_unaligned_rx
rxtx_map_zero_pages rxtx_map_twice rxtx_unmap_after_map_twice
partition_info_busy"
before=$(handles_now)
run ffactl smoke --profile spec --filter 'rxtx_*' --filter partition_info_busy
status 0
for c in $RXTX_CASES; do
	grep -qE "^ok [0-9]+ - $c\$" $OUT || fail "$c: $(grep -- " - $c" $OUT)"
done
grep -E '^not ok|# SKIP' $OUT | sed 's/^/#   /'
# A map the responder accepts (2 and 32 pages): mapped, unmapped, restored.
# ($n is the TAP counter: not a loop variable.)
for pages in 2 32; do
	ioctl_probe mappages $pages >$OUT 2>&1
	rc=$?
	cat $OUT
	[ $rc -eq 0 ] || fail "ioctl_probe mappages $pages exited $rc"
done
run ffactl share --to $SP --pages 2 --fill 0x5a5a5a5a
status 0
handle
run ffactl -v reclaim $h --zero
status 0
err_has 'read back after reclaim: all zero'
run ffactl partitions
status 0
out_has '0x8001'
[ "$(handles_now)" = "$before" ] || fail "handles changed"
if dmesg | grep 'RX/TX probe' >/tmp/dmesg.rxtx; then
	sed 's/^/# dmesg: /' /tmp/dmesg.rxtx
	fail "the module complained about a probe"
fi
check "RX/TX probes: UNMAP without a pair, unaligned and 0-page MAP -> INVALID_PARAMETERS, MAP twice -> DENIED then UNMAP, second PARTITION_INFO_GET -> BUSY, accepted 2/32-page MAPs unmapped; share, reclaim --zero, partitions after"

# ---- explore: the module and the responder against the model ----------------

# The EL2 responder runs our model in the spec profile: through the module
# and a real SMC, no operation may answer otherwise than the in-process
# model, and everything made is reclaimed.
before=$(handles_now)
run ffactl --json explore --seed 1 --ops 3000
status 0
[ $rc -eq 0 ] || sed -n '/"divergences"/,$p' $OUT | head -60 | sed 's/^/#   /'
grep -q '"divergences":\[' $OUT || fail "no divergence list"
grep -q '"ran":3000' $OUT || fail "did not run 3000 operations"
note "$(tr -d ' \n' <$OUT | grep -o '"per_second":[0-9.]*') operations per second"
# Kept ones (stuck: a refused fragmented send naming another sender) aside.
[ "$(handles_now | grep '^0x' | grep -v ' stuck ')" = \
  "$(echo "$before" | grep '^0x' | grep -v ' stuck ')" ] ||
	fail "explore left handles behind"
check "ffactl explore: 3000 operations, the responder agrees with the model"

# ---- a non-root user changes nothing --------------------------------------

before=$(handles_now)
run runas 1000 ffactl version
status 3
run runas 1000 ffactl reclaim $hs
status 3
chmod 0666 /dev/ffactl
run runas 1000 ffactl reclaim $hs
status 3
run runas 1000 ioctl_probe bench 1
[ $rc -ne 0 ] || fail "an unprivileged ioctl worked"
chmod 0600 /dev/ffactl
[ "$(handles_now)" = "$before" ] || fail "the handle list changed"
check "non-root: exit 3 (no access; no CAP_SYS_RAWIO), nothing changes"

# ---- fault injection in the EL2 responder's SPMC model -------------------

# The test partition's command 5 (model/model.h FFA_SP_CMD_FAULT) arms the
# model: a4 = function number, a5 = FF-A error (32-bit two's complement) or
# 0, a6 = how many calls fail, a7 = an a0 to answer instead (or 0). Its
# reply's a4 is the count armed. fault FN ERROR COUNT A0
fault() {
	run ffactl msg --to $SP --smc64 5 "$@"
	status 0
	out_has "^reply from $SP: 0x0 $(printf '0x%x' $(($3))) "
}
# The module's list holds $1 with PAGES and STATE.
held() { run ffactl handles; out_has "^$1 +FFA_MEM_[A-Z]+ +$2 +$3 "; }
gone() { run ffactl handles; ! grep -q "^$1 " $OUT || fail "$1 still listed"; }
# A later reclaim, the fault spent, frees all PAGES of $1.
reclaim_frees() {
	run ffactl --json reclaim $1
	status 0
	out_has "\"pages_freed\": *$2[,}]"
	gone $1
}

for e in "DENIED 0xfffffffa 16" "ABORTED 0xfffffff8 18"; do
	set -- $e
	run ffactl share --to $SP --pages 2
	status 0
	handle
	fault 0x77 $2 1 0
	run ffactl reclaim $h
	status $3
	err_has "^ffactl: FFA_MEM_RECLAIM: $1: "
	[ "$(wc -l <$ERR)" -eq 1 ] || fail "more than one line on stderr"
	held $h 2 stuck
	reclaim_frees $h 2
	check "reclaim $1 -> exit $3, stuck, pages kept; a later reclaim frees them"
done

run ffactl lend --to $SP --pages 3
handle
fault 0x77 0 1 0x84000099
run ffactl reclaim $h
status 9
err_has '^ffactl: FFA_MEM_RECLAIM: protocol violation: unexpected value in a0 '
held $h 3 stuck
reclaim_frees $h 3
check "reclaim answered with an unexpected a0 -> exit 9, handle stuck, pages kept"

before=$(handles_now)
fault 0x73 0xfffffffc 2 0
for i in 1 2; do
	run ffactl share --to $SP
	status 14
	err_is 'ffactl: FFA_MEM_SHARE: BUSY: Busy'
done
fault 0x72 0xfffffff9 1 0
run ffactl lend --to $SP --pages 2
status 17
err_is 'ffactl: FFA_MEM_LEND: RETRY: Retry'
[ "$(handles_now)" = "$before" ] || fail "a refused send left a handle"
run ffactl share --to $SP
status 0
handle
run ffactl reclaim $h
status 0
check "share BUSY -> exit 14, lend RETRY -> exit 17, nothing kept; then sends work"

# ---- the pages of a live handle sent again (FFACTL_SEND_REUSE) ------------

# DEN0077: a page is in one transaction at a time, so the responder's model
# refuses the resend (DENIED); the original keeps its pages, untouched,
# and reclaims with --zero. A handle the module does not hold, or more
# pages than it holds, is refused before anything is sent.
before=$(handles_now)
run ffactl lend --to $SP --pages 2
status 0
handle
ho=$h
run ffactl share --to $SP --pages-of $ho
status 16
err_has '^ffactl: FFA_MEM_SHARE: DENIED: '
run ffactl lend --to $SP --pages-of $ho --pages 1
status 16
err_has '^ffactl: FFA_MEM_LEND: DENIED: '
held $ho 2 owned
run ffactl share --to $SP --pages-of 0x1234
status 2
err_is 'ffactl: share: --pages-of 0x1234: the dev backend holds no pages for that handle (ffactl handles lists those it does)'
run ffactl share --to $SP --pages-of $ho --pages 3
status 2
err_is "ffactl: share: --pages-of $ho: it holds 2 pages: --pages 1 to 2, not 3"
run ffactl -v reclaim $ho --zero
status 0
err_has 'read back after reclaim: all zero'
[ "$(handles_now)" = "$before" ] || fail "handles left behind"
check "--pages-of: the resend refused (DENIED), the original reclaims --zero; a bad handle -> 2"

# A firmware that wrongly accepts the resend (the model told to answer
# FFA_SUCCESS, handle 0): both handles hold the same pages, which outlive
# the original's reclaim and go with the last one (pages_freed says so).
run ffactl lend --to $SP --pages 2 --fill 0x5a5a5a5a
status 0
handle
ho=$h
fault 0x73 0 1 0x84000061
run ffactl share --to $SP --pages-of $ho
status 0
out_has '^0x0$'
held 0x0 2 owned
run ffactl --json reclaim $ho
status 0
out_has '"pages_freed": *0[,}]'
held 0x0 2 owned
# The reclaim "succeeds" with the zero flag and zeroes nothing: the pages
# the module reads back still hold the original's fill, never freed.
fault 0x77 0 1 0x84000061
run ffactl reclaim 0x0 --zero
status 9
err_has 'the pages do not read back as zero$'
gone 0x0
[ "$(handles_now)" = "$before" ] || fail "handles left behind"
check "--pages-of accepted by a faulty firmware: shared pages outlive the original, freed with the last"

# ---- concurrency: several processes on the module at once ----------------

# Four processes, 50 sends each (two share, two lend), each reclaiming all
# but its last two: 8 handles must then be held, each listed once.
before=$(handles_now)
t0=$(cut -d' ' -f1 /proc/uptime)
for p in 1 2 3 4; do
	(
		op=share
		[ $((p % 2)) -eq 0 ] && op=lend
		i=0
		while [ $i -lt 50 ]; do
			i=$((i + 1))
			h=$(ffactl $op --to $SP --pages $p) ||
				{ echo "FAIL $op $i exited $?"; continue; }
			echo "made $h"
			[ $i -gt 48 ] && continue
			ffactl reclaim $h >/dev/null ||
				echo "FAIL reclaim $h exited $?"
		done
	) >/tmp/conc.$p 2>&1 &
done
wait
t1=$(cut -d' ' -f1 /proc/uptime)
cat /tmp/conc.[1-4] >$OUT
grep '^FAIL\|^ffactl' $OUT | head -n 5 | sed 's/^/#   /'
grep -q '^FAIL\|^ffactl' $OUT && fail "a send or reclaim failed"
made=$(grep -c '^made 0x' $OUT)
dups=$(sed -n 's/^made //p' $OUT | sort | uniq -d | wc -l)
[ "$made" -eq 200 ] || fail "$made handles made, want 200"
[ "$dups" -eq 0 ] || fail "$dups handle(s) handed out twice"
run ffactl handles
live=$(grep -c '^0x' $OUT)
want=$(($(echo "$before" | grep -c '^0x') + 8))
[ "$live" -eq "$want" ] || fail "$live handles held, want $want"
[ -z "$(grep '^0x' $OUT | cut -d' ' -f1 | sort | uniq -d)" ] ||
	fail "a handle is listed twice"
for p in 1 2 3 4; do
	for h in $(sed -n 's/^made //p' /tmp/conc.$p | tail -n 2); do
		grep -qE "^$h +FFA_MEM_[A-Z]+ +$p +owned" $OUT ||
			fail "$h (process $p's last) not held with $p pages"
		ffactl reclaim $h >/dev/null || fail "reclaim $h exited $?"
	done
done
[ "$(handles_now)" = "$before" ] || fail "handles differ from before"
if dmesg | grep -E 'BUG:|WARNING:|Oops|Call trace' >$OUT; then
	sed 's/^/# dmesg: /' $OUT
	fail "the kernel complained"
fi
note "4 processes x 50 sends + 192 reclaims in $(echo "$t0 $t1" |
	awk '{ printf "%.1f", $2 - $1 }') s; 200 handles, 0 duplicated, 8 held"
check "4 processes share/lend and reclaim at once: every handle once, none lost"

# ---- hostile ioctls from racing threads ----------------------------------

before=$(handles_now)
ioctl_fuzz -n 1000000 -t 4 >$OUT 2>&1
rc=$?
cat $OUT
[ $rc -eq 0 ] || fail "ioctl_fuzz exited $rc"
grep -q '^# ioctls: 1000000 in ' $OUT || fail "not 1,000,000 ioctls"
# Besides what it held before, only the refused fragmented sends the module
# keeps (the fuzzer names them) may be listed.
grep -o 'module keeps handle 0x[0-9a-f]*' $OUT | awk '{print $4}' >/tmp/kept
[ "$(handles_now | grep '^0x' | grep -v -F -f /tmp/kept)" = \
  "$(echo "$before" | grep '^0x')" ] || fail "the handle list changed"
if dmesg | grep -E 'BUG:|WARNING:|Oops|Call trace' >$OUT; then
	sed 's/^/# dmesg: /' $OUT
	fail "the kernel complained"
fi
check "1,000,000 hostile ioctls from 4 racing threads: no oops, handles as before"

# ---- garbage ioctls -------------------------------------------------------

ioctl_probe garbage >$OUT 2>&1
rc=$?
cat $OUT
[ $rc -eq 0 ] || fail "ioctl_probe garbage exited $rc"
check "garbage ioctls get -EINVAL/-ENOTTY/-EFAULT and change nothing"

# ---- one FFA_VERSION: ioctl vs kernel loop --------------------------------

ioctl_probe bench 20000 >$OUT 2>&1
rc=$?
cat $OUT
[ $rc -eq 0 ] || fail "ioctl_probe bench exited $rc"
check "FFA_VERSION cost through the ioctl and in a kernel loop"

# ---- unload with outstanding handles --------------------------------------

# Two handles the SPMC can give back, one the test partition still holds:
# unload reclaims the first two and keeps (leaks, with a warning) the third,
# whose pages the firmware may still map (DESIGN.md §5).
run ffactl lend --to $SP --pages 1
handle
hr=$h
run ffactl msg --to $SP 1 "$(lo $hr)" "$(hi $hr)"
status 0
run ffactl handles
note "outstanding before rmmod: $(grep -c '^0x' $OUT)"
run rmmod ffactl
status 0
for x in $hs $hd; do
	dmesg | grep -q "handle $x reclaimed at unload" ||
		fail "no 'handle $x reclaimed at unload' in dmesg"
done
dmesg | grep -q "handle $hr: FFA_MEM_RECLAIM at unload failed.*leaking" ||
	fail "no warning about leaking $hr"
dmesg | grep 'at unload' | sed 's/^/# dmesg: /'
run insmod $KO
status 0
run ffactl handles
out_has '^no handles'
run ffactl reclaim $hs
status 12
err_is "$RECLAIM_EINVAL"
check "rmmod reclaims what it can, keeps what a borrower holds"

# The firmware still has the held region; once the partition lets go, the
# reloaded module can reclaim it (its pages stay leaked in the kernel).
run ffactl msg --to $SP 2 "$(lo $hr)" "$(hi $hr)"
status 0
run ffactl reclaim $hr
status 0
run ffactl reclaim $hr
status 12
check "the region kept at unload is reclaimed after the partition relinquishes"

# ---- a stuck handle at rmmod (fault injection) ---------------------------

# Every reclaim refused (DENIED, 1000 times) and a share answered with
# FFA_MEM_FRAG_RX after the whole descriptor: both handles stuck; unload
# warns about each and keeps their pages (DESIGN.md §5).
# Arming replaces what was armed: the share's fault first.
run ffactl share --to $SP --pages 3
handle
hk=$h
fault 0x73 0 1 0x8400007a
run ffactl share --to $SP --pages 2
status 9
err_is 'ffactl: FFA_MEM_SHARE: transmission ended with FFA_MEM_FRAG_RX instead of FFA_SUCCESS'
fault 0x77 0xfffffffa 1000 0
run ffactl reclaim $hk
status 16
held $hk 3 stuck
run ffactl handles
[ "$(grep -cE '^0x[0-9a-f]+ +FFA_MEM_SHARE +[23] +stuck ' $OUT)" -eq 2 ] ||
	fail "want 2 stuck handles: $(cat $OUT)"
run rmmod ffactl
status 0
unload_failed='FFA_MEM_RECLAIM at unload failed (a0 0x84000060, a2 -6)'
dmesg | grep -qF "handle $hk: $unload_failed: leaking its 3 pages" ||
	fail "no warning about leaking $hk"
dmesg | grep -qF "handle 0x0: $unload_failed: leaking its 2 pages" ||
	fail "no warning about leaking the FRAG_RX share"
dmesg | grep 'at unload' | tail -n 2 | sed 's/^/# dmesg: /'
run insmod $KO
status 0
fault 0 0 0 0
run ffactl reclaim $hk
status 0
run ffactl handles
out_has '^no handles'
check "stuck handles at rmmod (reclaim DENIED, FRAG_RX share): unload warns, keeps the pages"

# ---- the kernel stayed healthy --------------------------------------------

if dmesg | grep -E 'BUG:|WARNING:|Oops|Call trace' >$OUT; then
	sed 's/^/# dmesg: /' $OUT
	fail "the kernel complained"
fi
check "kernel log clean: no bug, warning or oops lines in dmesg"

run rmmod ffactl
status 0
check "final rmmod"

plan
