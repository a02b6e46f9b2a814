# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# What the package suite's scripts share: TAP output and the work
# directory. Sourced after `set -euo pipefail`; the caller sets `prog`.
#   check DESCRIPTION COMMAND...  one TAP case: ok iff COMMAND succeeds;
#                                 its output becomes "# " lines
#   note TEXT                     a "# " line
#   finish                        the plan; exit 1 if a case failed
# Env: SRCDIR (the source tree), FFACTL_PKG_DIR (scripts/build-deb --out).
# Sets pkgdir, version (debian/changelog's) and host_arch for the caller.
# shellcheck disable=SC2034  # version, host_arch: the caller's
# shellcheck disable=SC2154  # prog: the caller's

: "${SRCDIR:?SRCDIR must name the source tree}"
pkgdir=${FFACTL_PKG_DIR:-$SRCDIR/build/package}
mkdir -p "$pkgdir"
version=$(dpkg-parsechangelog -l "$SRCDIR/debian/changelog" -S Version)
host_arch=$(dpkg --print-architecture)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

n=0
fails=0
echo "TAP version 13"

note() { printf '# %s\n' "$@"; }

check() {
	local what=$1 rc=0
	shift
	n=$((n + 1))
	"$@" >"$TMP/check.out" 2>&1 || rc=$?
	if [ $rc -eq 0 ]; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what"
		fails=$((fails + 1))
	fi
	sed 's/^/# /' "$TMP/check.out"
	return 0
}

# bail TEXT: stop here, the rest cannot run.
bail() {
	echo "Bail out! $prog: $*"
	exit 1
}

finish() {
	echo "1..$n"
	[ $fails -eq 0 ]
}
