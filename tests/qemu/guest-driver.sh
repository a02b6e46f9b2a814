#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The QEMU system test's second boot: the module's driver transport. Linux's
# own FF-A driver (drivers/firmware/arm_ffa from Debian's linux-source-6.1,
# built by tests/qemu/lib.sh q_build_arm_ffa) is /bin/ffa-module.ko in the
# initramfs; it negotiates FF-A 1.0 with the EL2 responder, maps the
# endpoint's RX/TX pair and makes a device for partition 0x8001. Then
# ffactl.ko goes through its ops. Run by the guest's /init (busybox sh, as
# root); TAP 13 on the console; helpers: tests/qemu/guest-lib.sh.
#
# Both load orders are here: the in-tree driver first (driver transport),
# then ours first (own transport; the in-tree driver then fails to load,
# and says why). The responder keeps the version the first load negotiated
# (DEN0077 v1.2 §13.2), the in-tree driver's 1.0, so ours asks for 1.0.
# What the driver transport cannot do (kmod/README.md) must fail with exit
# 3 and one line naming it.

# Handles and IDs are single hex words, and $o below is split on purpose.
# shellcheck disable=SC2086,SC1091,SC2154  # rc, h: guest-lib.sh sets them
. /guest-lib.sh

SP=0x8001
SP_UUID=ffac7100-7e57-4d1e-a5a1-000000008001
FFA=/bin/ffa-module.ko
CANNOT='the module.s driver transport cannot'

echo "TAP version 13"

# ---- the in-tree driver first -----------------------------------------------

run insmod $FFA
status 0
dmesg | grep 'ARM FF-A' | tail -n 3 | sed 's/^/# dmesg: /'
# One device per partition the responder lists: 0x8001, 0x8002, 0x8003.
[ "$(cat /sys/bus/arm_ffa/devices/arm-ffa-*/partition_id 2>/dev/null |
	sort | tr '\n' ' ')" = "$SP 0x8002 0x8003 " ] ||
	fail "no FF-A devices for $SP, 0x8002, 0x8003: $(ls /sys/bus/arm_ffa/devices 2>&1)"
check "in-tree FF-A driver loads: FF-A 1.0, RX/TX mapped, a device for each of $SP, 0x8002, 0x8003"

run insmod $KO transport=own
[ $rc -ne 0 ] || fail "transport=own loaded beside the in-tree driver"
dmesg | grep -q 'ffactl: transport=own: the in-tree FF-A driver is loaded' ||
	fail "no message refusing transport=own"
run insmod $KO transport=bogus
[ $rc -ne 0 ] || fail "transport=bogus loaded"
run insmod $KO
status 0
dmesg | grep -q 'ffactl: transport driver (transport=auto)' ||
	fail "auto did not pick the driver transport"
dmesg | grep -q 'ffactl: transport driver: the in-tree FF-A driver negotiated FF-A 1\.0, endpoint ID 0x0000, 3 partition device(s), memory ABIs as SMC64' ||
	fail "no driver transport load line"
dmesg | grep 'ffactl' | tail -n 3 | sed 's/^/# dmesg: /'
run rmmod ffa_module
[ $rc -ne 0 ] || fail "the in-tree driver unloaded under ffactl"
check "then ours: transport=own refused, auto picks the driver transport, the in-tree driver pinned"

# ---- register ABIs -------------------------------------------------------------

run ffactl version
status 0
out_has '^FF-A 1\.0 negotiated by the in-tree FF-A driver \(transport driver'
run ffactl --json version
status 0
out_has '"transport": *"driver"'
out_has '"negotiated": *"1\.0"'
run ffactl version --negotiate 1.1
status 3
err_has "^ffactl: version: --negotiate 1\.1: the module's driver transport cannot renegotiate"
[ "$(wc -l <$ERR)" -eq 1 ] || fail "more than one line"
run ffactl call FFA_VERSION 0x10001
status 3
err_has "$CANNOT make this call: FFA_VERSION belongs to the in-tree FF-A driver"
run ffactl call FFA_RX_RELEASE
status 3
check "version: the in-tree driver's 1.0, no FFA_VERSION asked; --negotiate, raw FFA_VERSION, RX_RELEASE -> 3"

run ffactl id
status 0
out_has '^0x0000$'
run ffactl features FFA_MEM_RECLAIM
status 0
run ffactl features 0x840000fe
status 11
check "id and features through the module's conduit"

run ffactl partitions
status 0
out_has '^0x8001 '
run ffactl -v partitions $SP_UUID
status 0
out_has '^0x8001 '
err_has 'registers rebuilt'
run ffactl partitions ffac7100-7e57-4d1e-a5a1-0000deadbeef
status 4
err_has 'names no single FF-A status|found no partition'
check "partitions through partition_info_get (all, by UUID); unknown UUID -> 4 (the driver says -ENOENT either way)"

run ffactl msg --to $SP --smc64 0 0x11 0x22
status 0
out_has '^reply from 0x8001: 0x0 0x11 0x22 '
run ffactl -v msg --to $SP 0 0x1ffffffff
status 0
out_has '^reply from 0x8001: 0x0 0x1ffffffff '
err_has "^msg: SMC64, the width Linux's FF-A driver sends direct requests in"
run ffactl msg --to $SP --smc32 0 0x11
status 3
err_has "$CANNOT make this call"
run ffactl msg --to $SP 0 0x11
status 0
[ -s $ERR ] && fail "stderr without -v: $(cat $ERR)"
run ffactl msg --to 0x8009 --smc64 0 1
status 3
dmesg | grep -q 'no FF-A device for partition 0x8009' || fail "no reason in dmesg"
check "msg through the partition's FF-A device: SMC64 (its mode) by default, with a note; --smc32 and unknown partition -> 3"

# ---- the seed's case: share, reclaim --zero, reclaim again ------------------

run ffactl -v share --to $SP --pages 2 --fill 0xdeadbeef
status 0
handle
h1=$h
err_has "^share: SMC64, the width Linux's FF-A driver sends memory ABIs in"
run ffactl -v reclaim $h1 --zero
status 0
out_has "reclaimed $h1"
err_has 'read back after reclaim: all zero'
cat $OUT $ERR | sed 's/^/#   /'
run ffactl reclaim $h1
status 12
err_is "$RECLAIM_EINVAL"
out_empty
check "seed: share (SMC64, the transport's width), reclaim --zero (pages read back zero), reclaim again -> 12"

for o in "share --smc64" "lend --smc64"; do
	run ffactl $o --to $SP --pages 3
	status 0
	handle
	note "$o: handle $h"
	run ffactl reclaim $h
	status 0
done
for o in share lend; do
	run ffactl $o --to $SP
	status 0
	handle
	run ffactl reclaim $h
	status 0
	run ffactl $o --smc32 --to $SP
	status 3
	err_has "^ffactl: SMC32: $CANNOT send this"
	[ "$(wc -l <$ERR)" -eq 1 ] || fail "more than one line"
done
check "share and lend through the in-tree driver: SMC64 given or by default; --smc32 -> 3 (it sends SMC64 here)"

before=$(handles_now)
for o in "donate --smc64" "share --smc64 --frag-len 64" \
	"share --smc64 --desc-version 1.1" "share --smc64 --attrs device" \
	"share --smc64 --sender 0x1234" "lend --smc64 --attrs normal-wb"; do
	run ffactl $o --to $SP
	[ $rc -eq 3 ] || fail "'$o' exited $rc, want 3"
	grep -q "$CANNOT send this" $ERR || fail "'$o': $(cat $ERR)"
	[ "$(wc -l <$ERR)" -eq 1 ] || fail "'$o': more than one line"
done
[ "$(handles_now)" = "$before" ] || fail "a refused send left a handle"
dmesg | grep 'transport driver cannot' | tail -n 6 | sed 's/^/# dmesg: /'
check "donate, --frag-len, v1.1 layout, other attributes or sender -> 3, nothing sent"

run ffactl share --smc64 --to $SP --perm ro --tag 7
status 0
handle
run ffactl reclaim $h
status 0
run ffactl share --smc64 --to $SP --flags 0x80000000
status 12
check "permissions, tag and flags from the tool reach the firmware"

# ---- a borrower holds it: DENIED; it writes, relinquishes; zeroed ----------

run ffactl lend --smc64 --to $SP --pages 2
status 0
handle
hl=$h
run ffactl msg --smc64 --to $SP 1 "$(lo $hl)" "$(hi $hl)"
status 0
run ffactl reclaim $hl --zero
status 16
err_has "^$RECLAIM_DENIED"
run ffactl handles
out_has "^$hl +FFA_MEM_LEND +2 +stuck "
run ffactl msg --smc64 --to $SP 3 "$(lo $hl)" "$(hi $hl)" 0x5a5a5a5a
status 0
run ffactl msg --smc64 --to $SP 2 "$(lo $hl)" "$(hi $hl)"
status 0
run ffactl -v reclaim $hl --zero
status 0
err_has 'read back after reclaim: all zero'
check "lend, retrieved -> DENIED (16), stuck; written, relinquished; reclaim --zero zeroes"

# ---- RX/TX probes: refused, nothing touched ----------------------------------

run ffactl smoke --filter 'rxtx_*' --filter partition_info_busy
status 0
n_skip=$(grep -c "^ok [0-9]* - .* # SKIP RX/TX probe: the module's driver transport cannot unmap or map RX/TX" $OUT)
[ "$n_skip" = 7 ] || { fail "$n_skip of 7 probes skipped naming the driver transport"; sed 's/^/#   /' $OUT; }
run ffactl partitions
status 0
out_has '0x8001'
check "RX/TX probes on the driver transport: each skipped naming it; partitions still listed"

# ---- the smoke suite ----------------------------------------------------------

before=$(handles_now)
run ffactl smoke
status 0
grep -E '^# ffactl smoke|^# passed' $OUT | sed 's/^/#   /'
grep -E 'SKIP' $OUT | sed 's/^/#   /'
grep '^not ok' $OUT | sed 's/^/#   /'
out_has '^# every handle made was reclaimed$'
grep -q "SKIP.*driver transport cannot" $OUT ||
	fail "no case skipped naming the driver transport"
grep -q '^ok [0-9]* - reclaim_flag_zero$' $OUT || fail "reclaim_flag_zero did not pass"
grep -q '^ok [0-9]* - reclaim_zero_really_zeroes$' $OUT ||
	fail "reclaim_zero_really_zeroes did not pass"
[ "$(handles_now)" = "$before" ] || fail "the smoke suite left handles behind"
check "ffactl smoke through the driver transport: passes, skips naming the transport"

# ---- unload with outstanding handles ------------------------------------------

run ffactl share --smc64 --to $SP --pages 2
handle
hs=$h
run ffactl lend --smc64 --to $SP --pages 1
handle
hr=$h
run ffactl msg --smc64 --to $SP 1 "$(lo $hr)" "$(hi $hr)"
status 0
run rmmod ffactl
status 0
dmesg | grep -q "handle $hs reclaimed at unload" || fail "$hs not reclaimed at unload"
dmesg | grep -q "handle $hr: FFA_MEM_RECLAIM at unload failed (a0 0x84000060, a2 -6).*leaking" ||
	fail "no warning about leaking $hr"
dmesg | grep 'at unload' | tail -n 2 | sed 's/^/# dmesg: /'
run insmod $KO transport=driver
status 0
run ffactl handles
out_has '^no handles'
run ffactl msg --smc64 --to $SP 2 "$(lo $hr)" "$(hi $hr)"
status 0
run ffactl reclaim $hr
status 0
check "rmmod reclaims through the driver what it can, leaks what a borrower holds; reclaimable after reload"

# ---- unload both; the kernel stayed healthy ---------------------------------

run rmmod ffactl
status 0
run rmmod ffa_module
status 0
dmesg_clean
check "rmmod ffactl, then the in-tree driver; kernel log clean"

# ---- ours last: the in-tree driver cannot load beside the own transport --

# The responder keeps the version the in-tree driver negotiated first, 1.0
# (DEN0077 v1.2 §13.2, as Hafnium): ours asking its default 1.1 fails to
# load, saying why; asking 1.0 (ffa_version=0x10000) it loads.
run insmod $KO
[ $rc -ne 0 ] || fail "ffactl loaded asking 1.1 while the SPMC keeps 1.0"
dmesg | tail -n 2 | grep -q 'FFA_VERSION(1\.1) answered 0xffffffff (NOT_SUPPORTED): .*an SPMC that keeps the version negotiated before' ||
	fail "no load error naming an SPMC that keeps the version"
run insmod $KO ffa_version=0x10000
status 0
dmesg | grep -q 'ffactl: transport own (transport=auto), conduit smc (the kernel.s SMCCC conduit)' ||
	fail "no load line naming transport own and the kernel's conduit"
run ffactl version
status 0
out_has '^transport own$'
run insmod $FFA
[ $rc -ne 0 ] || fail "the in-tree driver loaded beside the own transport"
dmesg | grep -q 'ffactl: the in-tree FF-A driver (ffa_module) is loading while' ||
	fail "no warning from ffactl as the in-tree driver loaded"
dmesg | grep -q 'ARM FF-A: failed to register FFA RxTx buffers' ||
	fail "the in-tree driver did not say its RX/TX map failed"
dmesg | grep -q 'ffactl: the in-tree FF-A driver (ffa_module) is gone; .*FF-A 1\.0 negotiated back' ||
	fail "ffactl did not negotiate its version back"
dmesg | grep -E 'ARM FF-A|ffactl: the in-tree' | sed 's/^/# dmesg: /'
run ffactl share --to $SP
status 0
handle
run ffactl reclaim $h
status 0
run rmmod ffactl
status 0
dmesg_clean
check "ours last: at the kept 1.0 only; the in-tree driver fails to load (RX/TX taken), says so; ffactl negotiates 1.0 back and works"

plan
