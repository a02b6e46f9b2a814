#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The qemu-tfa suite's second boot: TF-A 2.8's EL3 SPMC with the TSP as
# partition 0x8001, Linux's own FF-A driver (/bin/ffa-module.ko, built from
# Debian's linux-source-6.1) loaded first, then ffactl.ko through it (the
# driver transport). What TF-A does is tests/tfa/guest-tests.sh's to say;
# here, that the same answers come back through the in-tree driver's ops.
# Helpers: tests/qemu/guest-lib.sh; TSP commands: tests/tfa/README.md.

# Handles and IDs are single hex words.
# shellcheck disable=SC2086,SC1091,SC2154  # rc, h: guest-lib.sh sets them
. /guest-lib.sh

SP=0x8001
FFA=/bin/ffa-module.ko

# tsp CMD HANDLE: the TSP's memory test on HANDLE; sets $reply (its a3).
tsp() {
	run ffactl msg --to $SP --smc64 "$1" "$2"
	reply=$(sed -n 's/^reply from 0x8001: \(0x[0-9a-f]*\) .*/\1/p' $OUT)
}
send() {
	run ffactl "$@"
	status 0
	handle
}

echo "TAP version 13"

run insmod $FFA
status 0
dmesg | grep 'ARM FF-A' | sed 's/^/# dmesg: /'
[ "$(cat /sys/bus/arm_ffa/devices/arm-ffa-*/partition_id 2>/dev/null)" = "$SP" ] ||
	fail "no FF-A device for the TSP: $(ls /sys/bus/arm_ffa/devices 2>&1)"
run insmod $KO
status 0
dmesg | grep -q 'ffactl: transport driver: the in-tree FF-A driver negotiated FF-A 1\.0, endpoint ID 0x0000, 1 partition device(s), memory ABIs as SMC64' ||
	fail "no driver transport load line"
dmesg | grep 'ffactl:' | sed 's/^/# dmesg: /'
check "on TF-A: the in-tree driver (FF-A 1.0, the TSP's device), then ffactl's driver transport"

run ffactl version
status 0
out_has '^FF-A 1\.0 negotiated by the in-tree FF-A driver \(transport driver'
run ffactl id
status 0
out_has '^0x0000$'
run ffactl features FFA_MEM_DONATE
status 11
run ffactl partitions
status 0
out_has '^0x8001 +exec_ctx 8 +properties 0x3 '
check "version (the driver's 1.0), id, features, partitions (the TSP) through the driver transport"

run ffactl msg --to $SP --smc64 1 0x1234
status 0
out_has '^reply from 0x8001: 0x1234 '
check "msg: the TSP echoes through its FF-A device"

send share --smc64 --to $SP --pages 2
h1=$h
# spmc_ffa_mem_reclaim(): any flag -> INVALID_PARAMETERS, through the driver.
run ffactl reclaim $h1 --zero
status 12
err_is "$RECLAIM_EINVAL"
run ffactl reclaim $h1
status 0
run ffactl reclaim $h1
status 12
err_is "$RECLAIM_EINVAL"
check "seed on TF-A: reclaim --zero -> 12 (TF-A refuses the flag), reclaim, reclaim again -> 12"

send share --smc64 --to $SP --pages 2 --fill 0x41414141
tsp 3 $h
[ "$reply" = 0x42 ] || fail "TSP share test answered '$reply', want 0x42"
run ffactl reclaim $h
status 0
send lend --smc64 --to $SP --pages 3 --fill 0xfe
tsp 5 $h
[ "$reply" = 0xff ] || fail "TSP lend test answered '$reply', want 0xff"
run ffactl reclaim $h
status 0
send share --smc64 --to $SP --pages 300
run ffactl reclaim $h
status 0
run ffactl donate --smc64 --to $SP
status 3
check "the TSP retrieves the driver's v1.0 share and lend; 300 pages (the driver fragments); donate -> 3"

before=$(handles_now)
ffactl smoke >/tmp/smoke.tap 2>&1
src=$?
note "smoke exited $src"
grep -E '^# ffactl smoke:|^# passed|^not ok' /tmp/smoke.tap | sed 's/^/#   /'
[ $src -eq 0 ] || fail "smoke exited $src"
[ "$(handles_now)" = "$before" ] || fail "the smoke suite left handles behind"
check "ffactl smoke through the driver transport on TF-A"

run rmmod ffactl
status 0
run rmmod ffa_module
status 0
dmesg_clean
check "rmmod ffactl, then the in-tree driver; kernel log clean"

plan
