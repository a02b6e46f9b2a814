#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The qemu-tfa cases, run by the guest's /init (busybox sh, as root) with
# ffactl and ffactl.ko in the initramfs, on TF-A 2.8's EL3 SPMC with the
# TSP as partition 0x8001 (tests/tfa/README.md). TAP 13 on the console; the
# host (tests/tfa/run-tfa-test) judges it. Helpers: tests/qemu/guest-lib.sh.
#
# Every expectation here is what TF-A 2.8 does, read in its source and seen
# on this firmware; where that is not what the FF-A spec or our model says,
# the case says so and names the TF-A function. The TSP answers direct
# requests whose a3 is a command (README "The TSP's test protocol"):
# 1 echo a4; 3 / 5 retrieve the share / lend whose handle is a4, add 1 to
# the first byte of each range, relinquish, answer that byte (first range).
# A handle may need 64 bits (TF-A counts from 0xffffffc0), so memory
# commands go as SMC64.
#
# Blocks between "=== BEGIN name ===" and "=== END name ===" lines are saved
# by the host (smoke-tap, smoke-json, bench), each line prefixed "| " so that
# the smoke suite's own TAP is not read as these cases'.

# Handles and IDs are single hex words, and $o below is split on purpose.
# shellcheck disable=SC2086,SC1091
. /guest-lib.sh

SP=0x8001
# The TSP's UUID as the partition descriptor's 16 bytes (the manifest's
# words 0x6b43b460 0x74a24b78 0xade24502 0x40682886, little endian).
TSP_UUID=60b4436b-784b-a274-0245-e2ad86286840
SHARE_EINVAL='^ffactl: FFA_MEM_SHARE: INVALID_PARAMETERS: '

# tsp CMD HANDLE: the TSP's memory test on HANDLE; sets $reply (its a3).
tsp() {
	run ffactl msg --to $SP --smc64 "$1" "$2"
	reply=$(sed -n 's/^reply from 0x8001: \(0x[0-9a-f]*\) .*/\1/p' $OUT)
}
# send OP ARGS...: a send that must succeed; its handle in $h.
send() {
	run ffactl "$@"
	status 0
	handle
}
reclaim_ok() {
	run ffactl reclaim "$1"
	status 0
	out_has "^reclaimed $1 "
}
# block NAME FILE: FILE between the markers the host extracts.
block() {
	echo "=== BEGIN $1 ==="
	sed 's/^/| /' "$2"
	echo "=== END $1 ==="
}

echo "TAP version 13"
dmesg | grep -E 'Booting Linux|Linux version' | sed 's/^/# /'

# ---- module load, negotiated version -------------------------------------

run insmod $KO
status 0
[ -c /dev/ffactl ] || fail "no /dev/ffactl"
[ "$(stat -c %a /dev/ffactl 2>/dev/null)" = 600 ] ||
	fail "/dev/ffactl mode $(stat -c %a /dev/ffactl 2>/dev/null), want 600"
dmesg | grep 'ffactl:' | sed 's/^/# dmesg: /'
check "insmod ffactl.ko on TF-A creates /dev/ffactl 0600"

# The module asks for 1.1 (its default ffa_version); TF-A 2.8 is FF-A 1.1.
dmesg | grep -qE 'ffactl: firmware FF-A version 1\.1 \(asked for 1\.1\), endpoint ID 0x0000, conduit smc' ||
	fail "no load line naming firmware FF-A 1.1 over smc, endpoint 0"
check "module load negotiated FF-A 1.1 with TF-A's EL3 SPMC"

# The tool's and the loaded module's versions (meson.build's, both) and
# uapi ABIs, as a bug report would show them.
run ffactl --version
status 0
tv=$(sed -n 's/^ffactl \([^ ]*\) (uapi ABI \([0-9]*\))$/\1 \2/p' $OUT)
mv=$(sed -n 's/^module ffactl \([^ ]*\) (uapi ABI \([0-9]*\))$/\1 \2/p' $OUT)
sed 's/^/# /' $OUT
if [ -z "$tv" ] || [ "$tv" != "$mv" ]; then
	fail "tool '$tv' and module '$mv' differ in version or ABI"
fi
check "ffactl --version: the tool's and the loaded module's version and ABI agree"

# ---- FFA_VERSION -----------------------------------------------------------

run ffactl version
status 0
out_has '^FF-A 1\.1 \(firmware\), negotiated 1\.1$'
run ffactl --json version
status 0
out_has '"version": *"1\.1"'
out_has '"negotiated": *"1\.1"'
check "version: TF-A is FF-A 1.1, the module negotiated 1.1 (text and JSON)"

# ffa_version_handler() answers its own 1.1 to any request with bit 31
# clear, 2.0 and 0.9 included (DEN0077 §13.2: the caller judges), and
# records the request as the caller's version. The module follows what a
# raw call agreed, a 1.x version only.
for v in 0x10000 0x10002 0x20000 0x9; do
	run ffactl -v call FFA_VERSION $v
	status 0
	err_has 'FFA_VERSION: a0=0x10001 '
done
run ffactl version
out_has 'negotiated 1\.2$'
run ffactl -v call FFA_VERSION 0x80010001
status 11
err_has 'a0=0xffffffff '
run ffactl version --negotiate 2.0
status 11
err_is 'ffactl: version: 2.0 was not agreed: the firmware is FF-A 1.1; still negotiated 1.2'
run ffactl version --negotiate 1.1
status 0
out_has '^FF-A 1\.1 \(firmware\), negotiated 1\.1 \(was 1\.2\)$'
check "FFA_VERSION: 1.1 for 1.0, 1.2, 2.0 and 0.9; bit 31 -> 11; the module follows 1.x"

# SMC_RET1() leaves x1..x7 as the caller passed them.
run ffactl -v call FFA_VERSION 0x10001 0x55 0x66
status 0
err_has 'a0=0x10001 a1=0x10001 a2=0x55 a3=0x66 '
check "FFA_VERSION's answer keeps the caller's a1..a3 (SMC_RET1)"

# ---- ID, features, partitions ------------------------------------------------

run ffactl id
status 0
out_has '^0x0000$'
run ffactl -v call FFA_SPM_ID_GET
status 0
err_has 'a0=0x84000061 a1=0x0 a2=0x8000 '
check "id 0x0000, SPMC ID 0x8000"

run ffactl features
status 0
out_has '^FFA_MEM_SHARE +0x84000073 +supported'
out_has '^FFA_MEM_LEND +0x84000072 +supported'
out_has '^FFA_MEM_RECLAIM +0x84000077 +supported'
out_has '^FFA_MEM_FRAG_TX +0x8400007b +supported'
out_has '^FFA_MEM_DONATE +0x84000071 +not supported'
out_has '^FFA_MEM_RELINQUISH +0x84000076 +not supported'
out_has '^FFA_MSG_SEND_DIRECT_REQ2 +0xc400008d +not supported'
run ffactl features FFA_MEM_DONATE
status 11
run ffactl features 0xc4000073
status 0
# SUCCESS echoes the queried ID in a1 (SMC_RET1 again).
run ffactl -v features FFA_MEM_RECLAIM
status 0
err_has 'a0=0x84000061 a1=0x84000077 a2=0x0 a3=0x0 '
check "features: share/lend/reclaim/frag_tx yes, donate/relinquish/direct_req2 no"

run ffactl partitions
status 0
out_has "^0x8001 +exec_ctx 8 +properties 0x3 .* $TSP_UUID\$"
[ "$(grep -c '^0x' $OUT)" -eq 1 ] || fail "not exactly one partition"
run ffactl -v partitions
err_has 'a0=0x84000061 a1=0x0 a2=0x1 a3=0x18 '
check "partitions: the TSP, 0x8001, 8 contexts, properties 0x3, its UUID; 24-byte descriptors"

# partition_info_get_handler_v1_1() fills the UUID only for a nil query:
# for a non-nil one the field is whatever was on EL3's stack.
run ffactl partitions $TSP_UUID
status 0
out_has '^0x8001 '
note "UUID field of the by-UUID answer: $(awk '{ print $NF }' $OUT)"
run ffactl partitions ffac7100-7e57-4d1e-a5a1-000000008001
status 12
run ffactl -v call FFA_PARTITION_INFO_GET 0 0 0 0 1
status 0
err_has 'a2=0x1 '
run ffactl call FFA_RX_RELEASE
status 16
check "partitions by UUID; unknown UUID -> 12; count only -> 1; RX_RELEASE not owned -> 16"

# ---- direct messages to the TSP -----------------------------------------------

run ffactl -v msg --to $SP 1 0x1234
status 0
out_has '^reply from 0x8001: 0x1234 0x0 0x0 0x0 0x0$'
# The TSP answers every request with the 64-bit response.
err_has 'FFA_MSG_SEND_DIRECT_REQ: a0=0xc4000070 a1=0x80010000 '
# The echo is an int, answered through ffa_msg_send_direct_resp()'s
# uint32_t arguments: 32 bits even over SMC64.
run ffactl msg --to $SP --smc64 1 0x123456789a
status 0
out_has '^reply from 0x8001: 0x3456789a 0x0 '
check "msg: the TSP echoes a4's low 32 bits (command 1), SMC32 and SMC64, as DIRECT_RESP_64"

run ffactl msg --to $SP 99 1
status 0
out_has '^reply from 0x8001: 0xffffffff '
run ffactl msg --to 0x8002 1 1
status 12
err_has '^ffactl: FFA_MSG_SEND_DIRECT_REQ: INVALID_PARAMETERS: '
check "msg: unknown command -> 0xffffffff; unknown partition -> 12"

# ---- the seed's case --------------------------------------------------------------

send share --to $SP --pages 2
h1=$h
# spmc_ffa_mem_reclaim(): any flag -> INVALID_PARAMETERS, before the handle.
run ffactl reclaim $h1 --zero
status 12
err_is "$RECLAIM_EINVAL"
out_empty
reclaim_ok $h1
run ffactl reclaim $h1
status 12
err_is "$RECLAIM_EINVAL"
out_empty
check "share, reclaim --zero -> 12 (TF-A refuses the flag), reclaim, reclaim again -> 12"

for f in --time-slice "--flags 4"; do
	send share --to $SP
	run ffactl reclaim $h $f
	status 12
	reclaim_ok $h
done
run ffactl reclaim 0x12345
status 12
send share --to $SP
run ffactl reclaim "$(printf '0x%x' $((h ^ 0x8000000000000000)))"
status 12
reclaim_ok $h
check "reclaim: time-slice flag, MBZ flag, unknown handle, bit 63 flipped -> 12"

# ---- the TSP retrieves, increments, relinquishes ------------------------------

send share --to $SP --pages 2 --fill 0x41414141
tsp 3 $h
[ "$reply" = 0x42 ] || fail "TSP share test answered '$reply', want 0x42"
tsp 3 $h
[ "$reply" = 0x43 ] || fail "second share test answered '$reply', want 0x43"
# Command 5 retrieves as a lend: the transaction type does not match.
tsp 5 $h
[ "$reply" = 0xfffffffe ] || fail "lend test on a share answered '$reply'"
reclaim_ok $h
send lend --to $SP --pages 3 --fill 0xfe
tsp 5 $h
[ "$reply" = 0xff ] || fail "TSP lend test answered '$reply', want 0xff"
reclaim_ok $h
check "TSP: share test (3) and lend test (5) retrieve, increment, relinquish; reclaim"

# ---- share and lend, 32 and 64, descriptor layouts -----------------------------

for o in "share" "share --smc64" "lend" "lend --smc64"; do
	send $o --to $SP --pages 1
	note "$o: handle $h"
	reclaim_ok $h
done
check "share and lend, SMC32 and SMC64, print handles and reclaim"

# The lend attributes the tool sends by default (0, DEN0077 v1.1 §10.10.4)
# and 0x2f, which TF-A does not check.
for a in 0 0x2f; do
	send lend --to $SP --attrs $a
	reclaim_ok $h
done
check "lend with attributes 0 and 0x2f both accepted"

# Descriptors are read in the negotiated version's layout (1.1 here): v1.0
# is refused (spmc_shmem_obj_get_emad: "Emad offset is not aligned"); v1.2's
# 32-byte EMAD is accepted, its size read from the header.
send share --to $SP --desc-version 1.2
reclaim_ok $h
run ffactl share --to $SP --desc-version 1.0
status 12
err_has "$SHARE_EINVAL"
check "descriptor layouts under FF-A 1.1: v1.2 accepted, v1.0 refused"

# ---- fragmented sends -----------------------------------------------------------

send -v share --to $SP --pages 300 --fill 7
err_has 'in [2-9][0-9]* fragment'
# 4.8 KiB: the TSP fetches the rest with FFA_MEM_FRAG_RX.
tsp 3 $h
[ "$reply" = 0x8 ] || fail "TSP test of 300 pages answered '$reply', want 0x8"
reclaim_ok $h
send -v lend --to $SP --pages 1000 --smc64
err_has 'in [4-9] fragment'
reclaim_ok $h
check "300 and 1000 pages in fragments (FRAG_TX); the TSP retrieves 300 with FRAG_RX"

# spmc_shmem_check_obj() checks the composite descriptor's range count as
# soon as the first fragment arrives, so the first fragment must reach it:
# 48 header + 16 EMAD + 16 composite = 80 bytes for one receiver. A shorter
# one is judged against what the datastore held before: right after the
# 1000-page descriptor above that is 1000 ranges, not 8.
run ffactl share --to $SP --pages 8 --frag-len 64
status 12
err_has "$SHARE_EINVAL"
for f in 80 96; do
	run ffactl --json share --to $SP --pages 8 --frag-len $f
	status 0
	h=$(sed -n 's/.*"handle": *"\(0x[0-9a-f]*\)".*/\1/p' $OUT)
	out_has '"fragments": *[2-9]'
	reclaim_ok $h
done
run ffactl share --to $SP --pages 8 --frag-len 16
status 12
check "fragments: 64-byte first fragment refused (stale range count), 80 and 96 accepted, 16 -> 12"

# ---- descriptors the spec refuses and TF-A 2.8 accepts --------------------------

# spmc_ffa_fill_desc() checks only: the sender is not a secure ID, the NS
# bit, the flags are 0 or the transaction type, an SP receiver exists, no
# receiver twice; then spmc_shmem_check_obj()'s sizes and overlaps.
for o in "share --attrs device" "lend --attrs device" "lend --perm rwx" \
	"share --perm rwx" "share --to 0x0000" "share --sender 0x1234" \
	"share --to 0x1234" "share --to $SP,0x0005" "share --perm 3" \
	"share --flags 0x8" "lend --flags 0x10" "share --tag 5"; do
	case $o in *--to*) t= ;; *) t="--to $SP" ;; esac
	run ffactl $o $t
	[ $rc -eq 0 ] || fail "'$o' exited $rc: $(cat $ERR)"
	[ $rc -ne 0 ] || { handle; reclaim_ok $h; }
done
check "accepted: device memory, RWX, receiver = sender, foreign sender, unknown NW receiver"

run ffactl share --to $SP --sender $SP
status 16
err_has '^ffactl: FFA_MEM_SHARE: DENIED: '
for o in "share --to 0x8002" "share --to 0x8000" "share --to $SP,$SP" \
	"share --flags 1" "lend --flags 1" "share --flags 0x10" \
	"share --attrs 0x40"; do
	case $o in *--to*) t= ;; *) t="--to $SP" ;; esac
	run ffactl $o $t
	status 12
done
run ffactl donate --to $SP
status 11
err_has '^ffactl: FFA_MEM_DONATE: NOT_SUPPORTED: '
check "refused: secure sender -> 16; unknown SP, SPMC, duplicate receiver, flags, NS bit -> 12; donate -> 11"

# The pages of a live handle sent again (FFACTL_SEND_REUSE): DEN0077 says
# DENIED; TF-A 2.8's spmc_ffa_fill_desc() refuses the overlap with a live
# transaction (spmc_shmem_check_state_obj()) with INVALID_PARAMETERS. The
# original keeps its pages and reclaims.
send lend --to $SP --pages 2
ho=$h
run ffactl share --to $SP --pages-of $ho
status 12
err_has "$SHARE_EINVAL"
run ffactl lend --to $SP --pages-of $ho --pages 1
status 12
err_has '^ffactl: FFA_MEM_LEND: INVALID_PARAMETERS: '
run ffactl handles
out_has "^$ho +FFA_MEM_LEND +2 +owned "
reclaim_ok $ho
check "--pages-of a live lend: share and lend of its pages -> 12 (TF-A: INVALID_PARAMETERS, not DENIED)"

# ---- FF-A 1.0 negotiated by the module -------------------------------------------

run rmmod ffactl
status 0
run insmod $KO ffa_version=0x10000
status 0
dmesg | tail -n 3 | grep -q 'asked for 1\.0' || fail "module did not ask for 1.0"
run ffactl -v partitions
status 0
# v1.0 descriptors: 8 bytes, no UUID; a3 (size) is 0 as 1.0 has no size.
err_has 'a2=0x1 a3=0x0 '
out_has '^0x8001 +exec_ctx 8 +properties 0x3 '
# The default layout follows the version the module negotiated: v1.0.
run ffactl -v share --to $SP --pages 2 --fill 0x10
status 0
err_has 'descriptor layout v1\.0 \(FF-A 1\.0 negotiated\)'
handle
# The SPMC stored it converted to v1.1: the TSP (FF-A 1.1) retrieves it.
tsp 3 $h
[ "$reply" = 0x11 ] || fail "TSP test of a v1.0 share answered '$reply'"
reclaim_ok $h
run ffactl share --to $SP --desc-version 1.1
status 12
run rmmod ffactl
status 0
run insmod $KO
status 0
check "module with ffa_version=0x10000: v1.0 partition info, a default share in v1.0; v1.1 refused"

# ---- the smoke suite ----------------------------------------------------------------

# Every answer of TF-A's must be the spec's or a deviation the tfa-el3
# profile documents, auto-detected. Its TAP and JSON go to the host
# (smoke-tfa.tap, smoke-tfa.json): run-tfa-test compares them case by case
# with the sim in the tfa-el3 profile listing the TSP.
before=$(handles_now)
ffactl smoke --profile auto >/tmp/smoke.tap 2>&1
src=$?
ffactl --json smoke --profile auto >/tmp/smoke.json 2>&1
srj=$?
block smoke-tap /tmp/smoke.tap
block smoke-json /tmp/smoke.json
note "smoke --profile auto exited $src (TAP), $srj (JSON)"
grep -E '^# ffactl smoke:|^# passed' /tmp/smoke.tap | sed 's/^/#   /'
grep '^not ok' /tmp/smoke.tap | sed 's/^/#   /'
[ $src -eq 0 ] || fail "smoke exited $src: a case failed unexpectedly"
[ $srj -eq 0 ] || fail "smoke --json exited $srj"
grep -q '^# ffactl smoke: backend dev, SPMC FF-A 1\.1, profile tfa-el3 (auto: ' \
	/tmp/smoke.tap || fail "smoke did not detect tfa-el3"
grep -q '^1\.\.[0-9]' /tmp/smoke.tap || fail "no TAP plan from smoke"
grep -q '^# passed [0-9]*, failed [0-9]*, skipped [0-9]*, todo [0-9]*' \
	/tmp/smoke.tap || fail "no summary line from smoke"
[ "$(handles_now)" = "$before" ] ||
	fail "the smoke suite left handles behind: $(handles_now)"
# It negotiates its own version for the run and gives 1.1 back.
run ffactl version
out_has 'negotiated 1\.1$'
check "ffactl smoke --profile auto: tfa-el3 detected, 0 unexpected failures, all reclaimed"

# ---- ioctl cost on TF-A ---------------------------------------------------------------

ffactl bench ioctl >/tmp/bench.out 2>&1
rc=$?
block bench /tmp/bench.out
sed 's/^/# /' /tmp/bench.out
[ $rc -eq 0 ] || fail "ffactl bench ioctl exited $rc"
grep -q 'kernel loop' /tmp/bench.out || fail "no kernel-loop figure"
check "ffactl bench ioctl: FFA_VERSION through the ioctl vs the module's loop"

# ---- a region the borrower keeps: DENIED, and unload ---------------------------------

# The TSP retrieves a read-only share, then refuses it (it wants RW) and
# answers INVALID_PARAMETERS without relinquishing: the region stays
# retrieved for good, and reclaim is DENIED (spmc_ffa_mem_reclaim: in_use).
send share --to $SP --perm ro
hk=$h
tsp 3 $hk
[ "$reply" = 0xfffffffe ] || fail "TSP test of a read-only share answered '$reply'"
run ffactl reclaim $hk
status 16
err_has "^$RECLAIM_DENIED"
# The flags are checked first: INVALID_PARAMETERS, not DENIED.
run ffactl reclaim $hk --zero
status 12
run ffactl handles
out_has "^$hk +FFA_MEM_SHARE +1 +stuck "
check "reclaim while the TSP holds the region -> DENIED (16); handle stuck, pages kept"

send share --to $SP
hs=$h
send lend --to $SP --pages 2
hl=$h
run ffactl handles
status 0
out_has "^$hs +FFA_MEM_SHARE +1 +owned +0x8001"
out_has "^$hl +FFA_MEM_LEND +2 +owned +0x8001"
run rmmod ffactl
status 0
for x in $hs $hl; do
	dmesg | grep -q "handle $x reclaimed at unload" ||
		fail "no 'handle $x reclaimed at unload' in dmesg"
done
dmesg | grep -q "handle $hk: FFA_MEM_RECLAIM at unload failed (a0 0x84000060, a2 -6): leaking its 1 pages" ||
	fail "no warning about leaking $hk"
dmesg | grep 'at unload' | sed 's/^/# dmesg: /'
run insmod $KO
status 0
run ffactl handles
out_has '^no handles'
run ffactl reclaim $hs
status 12
err_is "$RECLAIM_EINVAL"
run ffactl reclaim $hk
status 16
check "rmmod with handles outstanding: reclaims two, leaks the retrieved one with a warning"

# ---- explore: random sequences against the tfa-el3 profile ----------------------------

# Each operation runs on TF-A and on the model in the tfa-el3 profile listing
# the TSP; every divergence is recorded (--keep-going), shrunk, and sent to
# the host (explore-tfa.json), which prints the reproducers. A divergence is
# a difference between the profile and the firmware: fix one or the other.
# Last of the cases that send: a FRAG_TX TF-A 2.8 refuses can leave a
# transaction pending that makes it refuse later sends (tests/tfa/README).
before=$(handles_now)
ffactl --json explore --profile tfa-el3 --seed ${FFACTL_EXPLORE_SEED:-1} \
	--ops ${FFACTL_EXPLORE_OPS:-3000} --keep-going >/tmp/explore.json 2>/tmp/explore.err
erc=$?
block explore-json /tmp/explore.json
sed 's/^/#   stderr: /' /tmp/explore.err
note "explore exited $erc"
[ $erc -eq 0 ] || fail "explore exited $erc: TF-A and the tfa-el3 profile diverged"
[ -s /tmp/explore.err ] && fail "explore wrote to stderr"
grep -q '"ran":[0-9]' /tmp/explore.json || fail "no operations counted"
# Only what a partition still holds (the TSP keeps a region it refused) may
# stay behind, listed as stuck.
handles_now | grep '^0x' | grep -Ev 'stuck|retrieved' | sort >/tmp/h.after
echo "$before" | grep '^0x' | grep -Ev 'stuck|retrieved' | sort >/tmp/h.before
cmp -s /tmp/h.before /tmp/h.after ||
	fail "explore left handles behind: $(cat /tmp/h.after)"
run ffactl version
out_has 'negotiated 1\.1$'
check "ffactl explore --profile tfa-el3: no divergence from TF-A; cleaned up"

# ---- the kernel stayed healthy ---------------------------------------------------------

dmesg_clean
check "kernel log clean: no bug, warning or oops lines in dmesg"

run rmmod ffactl
status 0
check "final rmmod"

plan
