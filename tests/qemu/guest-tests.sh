#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The QEMU system test's cases, run by the guest's /init (busybox sh, as
# root) with ffactl, ffactl.ko, ioctl_probe and runas in the initramfs.
# Prints TAP 13 on the console; the host (tests/qemu/run-system-test) reads
# it. To add a case: a few lines calling run / status / err_is / out_has,
# then `check "name"`. Each case reports its own failures as "# " lines.
#
# Every call goes tool -> ioctl -> ffactl.ko -> SMC -> the EL2 responder's
# SPMC model (tests/qemu/fw) and back.

# Handles and IDs are single hex words, and $cmd below is split on purpose.
# shellcheck disable=SC2086

KO=/lib/modules/ffactl.ko
SP=0x8001
RECLAIM_EINVAL='ffactl: FFA_MEM_RECLAIM: INVALID_PARAMETERS: Invalid handle or flags'
RECLAIM_DENIED='ffactl: FFA_MEM_RECLAIM: DENIED: '

n=0
bad=0
OUT=/tmp/out
ERR=/tmp/err

note() { echo "# $*"; }
# A failed expectation inside the current case.
fail() { note "  $*"; bad=1; }

# run CMD...: run it, keeping stdout, stderr and the exit status.
run() {
	"$@" >$OUT 2>$ERR
	rc=$?
	last="$*"
}
status() {
	[ "$rc" -eq "$1" ] || {
		fail "'$last' exited $rc, want $1"
		sed 's/^/#   out: /' $OUT | head -n 5
		sed 's/^/#   err: /' $ERR | head -n 5
	}
}
out_has() { grep -qE -- "$1" $OUT || fail "stdout lacks /$1/: $(head -c 200 $OUT)"; }
err_has() { grep -qE -- "$1" $ERR || fail "stderr lacks /$1/: $(head -c 200 $ERR)"; }
err_is() { [ "$(cat $ERR)" = "$1" ] || fail "stderr is '$(cat $ERR)', want '$1'"; }
out_empty() { [ ! -s $OUT ] || fail "stdout not empty: $(head -c 200 $OUT)"; }

# check NAME: close the current case.
check() {
	n=$((n + 1))
	if [ $bad -eq 0 ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
	fi
	bad=0
}

# The handle a share/lend printed, checked to be one hex number.
handle() {
	h=$(cat $OUT)
	echo "$h" | grep -qE '^0x[0-9a-f]+$' || { fail "no handle: '$h'"; h=0; }
}
lo() { printf '0x%x' $(($1 & 0xffffffff)); }
hi() { printf '0x%x' $((($1 >> 32) & 0xffffffff)); }
handles_now() { ffactl handles 2>&1; }

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
# the negotiated version's layout (DEN0077 §5.12): 1.0's is refused until
# the module negotiates 1.0 (module parameter ffa_version).
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

run rmmod ffactl
status 0
run insmod $KO ffa_version=0x10000
status 0
dmesg | tail -n 3 | grep -q 'asked for 1\.0' || fail "module did not ask for 1.0"
run ffactl share --to $SP --desc-version 1.0 --pages 2
status 0
handle
run ffactl -v reclaim $h --zero
status 0
err_has 'read back after reclaim: all zero'
run rmmod ffactl
status 0
run insmod $KO
status 0
check "module reloaded with ffa_version=0x10000: v1.0 layout share and reclaim"

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
[ "$(handles_now)" = "$before" ] || fail "the smoke suite left handles behind"
check "ffactl smoke (profile auto-detected as spec): all ok through the module"

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

# ---- the kernel stayed healthy --------------------------------------------

if dmesg | grep -E 'BUG:|WARNING:|Oops|Call trace' >$OUT; then
	sed 's/^/# dmesg: /' $OUT
	fail "the kernel complained"
fi
check "kernel log clean: no bug, warning or oops lines in dmesg"

run rmmod ffactl
status 0
check "final rmmod"

echo "1..$n"
