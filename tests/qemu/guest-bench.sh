#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The benchmarks in the QEMU guest (bench/README.md): the ioctl figures
# need the module and its device, so they are measured here, tool ->
# ioctl -> ffactl.ko -> SMC -> the EL2 responder and back. Run with
#   FFACTL_QEMU_GUEST_SCRIPT=tests/qemu/guest-bench.sh tests/qemu/run-system-test
# or bench/run-qemu. Prints the figures as '#' lines and TAP (each
# benchmark ran, or not), so the runner's judging applies unchanged.

KO=/lib/modules/ffactl.ko
n=0

tap() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2 (exit $1)"
	fi
}

echo "TAP version 13"
insmod $KO
tap $? "insmod ffactl.ko"

# One run, side by side: the ioctl, the kernel loop and the batched ioctl.
ffactl bench ioctl >/tmp/bench.out 2>&1
rc=$?
sed 's/^/# /' /tmp/bench.out
tap $rc "bench ioctl"

# The guest's own view of the rest (TCG: every instruction emulated).
ffactl bench startup sim-ops desc explore --quick >/tmp/bench.out 2>&1
rc=$?
sed 's/^/# /' /tmp/bench.out
tap $rc "bench startup sim-ops desc explore (quick)"

rmmod ffactl
tap $? "rmmod ffactl"
echo "1..$n"
