#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=dash
#
# The guest cases' helpers (busybox sh), sourced by tests/qemu/guest-tests.sh
# and tests/tfa/guest-tests.sh from /guest-lib.sh in the initramfs. A case
# is a few lines of run / status / out_has / err_has / err_is, then
# `check "name"`; each failed expectation prints a "# " line saying what,
# and the case goes "not ok". TAP 13 on stdout; `plan` prints the plan.

# shellcheck disable=SC2034  # for the sourcing script
KO=/lib/modules/ffactl.ko
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
plan() { echo "1..$n"; }

# The handle a share/lend printed, checked to be one hex number.
handle() {
	h=$(cat $OUT)
	echo "$h" | grep -qE '^0x[0-9a-f]+$' || { fail "no handle: '$h'"; h=0; }
}
lo() { printf '0x%x' $(($1 & 0xffffffff)); }
hi() { printf '0x%x' $((($1 >> 32) & 0xffffffff)); }
handles_now() { ffactl handles 2>&1; }

# The kernel's complaints in dmesg (`quiet` keeps them off the console).
dmesg_clean() {
	if dmesg | grep -E 'BUG:|WARNING:|Oops|Call trace' >/tmp/dmesg.bad; then
		sed 's/^/# dmesg: /' /tmp/dmesg.bad
		fail "the kernel complained"
	fi
}
