#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests for src/sim_state.c: the state, journal and lock files opened
# as if someone hostile shares the directory. Links and files are planted
# by another user (nobody) in a sticky, world-writable directory that user
# owns, so fs.protected_symlinks does not apply whatever the machine's
# setting (it guards only links whose owner is not the directory's).
. "$(dirname "$0")/lib.sh"

SIM=(--backend sim)

# Root (CI is) and a second user are needed to plant as someone else.
can_plant() {
	[ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
		id nobody >/dev/null 2>&1
}

# A sticky world-writable directory owned by nobody, reachable by nobody.
shared_dir() {
	chmod 755 "$TMP"
	D="$TMP/shared"
	rm -rf "$D"
	mkdir "$D"
	chown nobody "$D"
	chmod 1777 "$D"
	echo precious >"$TMP/victim"
	chmod 644 "$TMP/victim"
}

as_nobody() {
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"
}

victim_intact() {
	[ "$(cat "$TMP/victim")" = precious ] || fail "the victim file was overwritten"
}

test_planted_lock_link_refused() {
	can_plant || { echo "# SKIP needs root and user nobody"; return; }
	shared_dir
	as_nobody ln -s "$TMP/victim" "$D/s.state.lock"
	run "${SIM[@]}" --state "$D/s.state" share --to 0x8001
	status_is 4
	err_one_line
	err_has "$D/s.state.lock: a symbolic link: refused"
	out_empty
	victim_intact
	[ ! -e "$D/s.state" ] || fail "a state file was written"
}

test_planted_journal_link_refused() {
	can_plant || { echo "# SKIP needs root and user nobody"; return; }
	shared_dir
	run "${SIM[@]}" --state "$D/s.state" share --to 0x8001
	status_is 0
	rm -f "$D/s.state.journal"
	as_nobody ln -s "$TMP/victim" "$D/s.state.journal"
	local before
	before=$(md5sum <"$D/s.state")
	run "${SIM[@]}" --state "$D/s.state" share --to 0x8001
	status_is 4
	err_one_line
	err_has "$D/s.state.journal: a symbolic link: refused"
	victim_intact
	[ "$(md5sum <"$D/s.state")" = "$before" ] || fail "state changed"
}

test_planted_state_link_refused() {
	can_plant || { echo "# SKIP needs root and user nobody"; return; }
	shared_dir
	as_nobody ln -s "$TMP/victim" "$D/s.state"
	run "${SIM[@]}" --state "$D/s.state" share --to 0x8001
	status_is 4
	err_one_line
	err_has "$D/s.state: a symbolic link: refused"
	victim_intact
	run --state "$D/s.state" sim reset
	status_is 4
	victim_intact
	[ -L "$D/s.state" ] || fail "reset replaced the planted link"
}

test_file_of_another_user_refused() {
	can_plant || { echo "# SKIP needs root and user nobody"; return; }
	shared_dir
	as_nobody touch "$D/s.state.lock"
	run "${SIM[@]}" --state "$D/s.state" id
	status_is 4
	err_one_line
	err_has "$D/s.state.lock: owned by uid [0-9]+, not by this user: refused"
	[ ! -e "$D/s.state" ] || fail "a state file was written"
}

test_dev_null_is_not_a_state_file() {
	[ -e /dev/null.lock ] && { echo "# SKIP /dev/null.lock exists already"; return; }
	FFACTL_SIM_STATE=/dev/null run "${SIM[@]}" id
	status_is 4
	err_one_line
	err_has '/dev/null: not a regular file \(a character device\): refused'
	if [ -e /dev/null.lock ]; then
		rm -f /dev/null.lock
		fail "/dev/null.lock was created"
	fi
	[ -c /dev/null ] || fail "/dev/null is no longer a character device"
}

test_device_node_never_replaced() {
	[ "$(id -u)" -eq 0 ] || { echo "# SKIP mknod needs root"; return; }
	mknod "$TMP/node" c 1 3
	run "${SIM[@]}" --state "$TMP/node" id
	status_is 4
	err_one_line
	if grep -q 'sim reset' "$TMP/err"; then
		fail "suggests a reset that would replace the node"
	fi
	run --state "$TMP/node" sim reset
	status_is 4
	err_one_line
	[ -c "$TMP/node" ] || fail "reset turned the node into another file"
	[ ! -e "$TMP/node.lock" ] || fail "a lock file was created beside it"
}

test_fifo_refused_without_hanging() {
	mkfifo "$TMP/fifo"
	timeout 10 "$FFACTL" --backend sim --state "$TMP/fifo" id \
		>"$TMP/out" 2>"$TMP/err"
	status=$?
	status_is 4
	err_has 'not a regular file \(a FIFO\): refused'
}

test_hard_link_refused() {
	run "${SIM[@]}" id
	status_is 0
	ln "$FFACTL_SIM_STATE" "$TMP/second-name"
	run "${SIM[@]}" id
	status_is 4
	err_has 'has 2 links: refused'
}

run_tests
