#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests for src/ffactl.c: global options, dispatch, help, dev backend.
. "$(dirname "$0")/lib.sh"

test_help_lists_every_command() {
	run --help
	status_is 0
	for c in version id features partitions msg share lend donate \
		reclaim handles sp call decode sim; do
		out_has "^  $c "
	done
}

test_command_help() {
	run reclaim --help
	status_is 0
	out_has -- '--zero'
	out_has -- '--backend'
}

test_unknown_command_and_no_command() {
	run frobnicate
	status_is 2
	err_is "ffactl: 'frobnicate': unknown command (see ffactl --help)"
	run
	status_is 2
	err_one_line
}

test_argp_errors_are_one_line() {
	run --frob version
	status_is 2
	err_is "ffactl: unrecognized option '--frob' (see ffactl --help)"
	run --backend sim reclaim --flags
	status_is 2
	err_is "ffactl: reclaim: option '--flags' requires an argument (see ffactl reclaim --help)"
	run --json --backend sim reclaim --zero=1 1
	status_is 2
	err_empty
	json_valid
	json_is .ok false
	json_is .exit_status 2
}

test_unknown_backend() {
	run --backend foo version
	status_is 2
	err_is "ffactl: --backend: 'foo': unknown backend (use dev or sim)"
}

# The default node missing means the module is not loaded.
test_dev_backend_missing_device() {
	[ -e /dev/ffactl ] && { echo "# SKIP /dev/ffactl exists here"; return; }
	run version
	status_is 3
	err_one_line
	err_has 'modprobe ffactl'
	err_has 'backend sim'
}

test_dev_backend_device_path_problems() {
	run --device "$TMP" version
	status_is 3
	err_one_line
	err_is "ffactl: $TMP: a directory, not the ffactl device node (give the path of /dev/ffactl with --device)"
	run --device /nonexistent/ffactl version
	status_is 3
	err_is "ffactl: /nonexistent/ffactl: no such file (give the path of the ffactl device node with --device)"
	if grep -q modprobe "$TMP/err"; then fail "suggests modprobe"; fi
}

# An XDG_RUNTIME_DIR that cannot hold the state falls back to /tmp. The
# fallback is the user's real /tmp/ffactl-$UID: a private tmpfs is mounted
# over it (in a mount namespace of its own) so no real state is read or
# written, and nothing else under /tmp is hidden (the build may be there).
in_private_fallback() {
	unshare --mount --propagation private sh -c \
		'mount -t tmpfs -o mode=0700 tmpfs "$0" && exec "$@"' \
		"/tmp/ffactl-$(id -u)" "$@"
}

test_unusable_xdg_runtime_dir_falls_back() {
	local uid fallback created=0 x
	uid=$(id -u)
	fallback=/tmp/ffactl-$uid
	# The mount point must exist: made (as ffactl would) and removed after.
	if [ ! -e "$fallback" ]; then
		mkdir -m 700 "$fallback" 2>/dev/null && created=1
	fi
	if ! in_private_fallback true 2>/dev/null; then
		[ $created = 1 ] && rmdir "$fallback"
		echo "# SKIP needs root for a private mount namespace"
		return
	fi
	touch "$TMP/not-a-dir"
	for x in /nonexistent/run "$TMP/not-a-dir"; do
		in_private_fallback env -u FFACTL_SIM_STATE \
			XDG_RUNTIME_DIR="$x" sh -c '"$1" --backend sim id \
				>/dev/null && "$1" --json sim status' sh "$FFACTL" \
			>"$TMP/out" 2>"$TMP/err"
		status=$?
		status_is 0
		json_is .state_file "$fallback/sim.state"
	done
	[ $created = 1 ] && rmdir "$fallback"
}

test_dev_never_falls_back_to_sim() {
	run --device "$TMP/nonexistent" share --to 0x8001
	status_is 3
	out_empty
	[ ! -e "$FFACTL_SIM_STATE" ] || fail "the sim was used"
}

test_dev_backend_error_as_json() {
	run --json --device "$TMP/nonexistent" id
	status_is 3
	json_valid
	json_is .ok false
	json_is .origin backend
	json_is .exit_status 3
}

# "ok" says what the exit status says, everywhere; exit_status is always at
# the top; an unknown ABI is null; usage errors name their command. (Every
# --json output of the cli suite is also checked against docs/schema/ and
# for ok/exit_status by lib.sh's json_outputs_match_schema.)
test_json_ok_agrees_with_exit_status() {
	run --backend sim --json features mem_retrieve_req
	status_is 11
	json_is .ok false
	json_is .exit_status 11
	json_is '.features[0].supported' false
	run --json decode --desc 0000 --abi mem_share
	status_is 12
	json_is .ok false
	json_is .exit_status 12
	run --backend sim --json id
	status_is 0
	json_is .ok true
	json_is .exit_status 0
	run --json decode 0x84000012 0
	status_is 0
	json_is .abi null
	json_is .a0_name null
}

test_json_usage_errors_name_their_command() {
	local args
	for args in "--backend frob share --to 0x8001" "share --to x" \
		"--frob reclaim 1" "reclaim 1 2" "smoke --profile nope" \
		"decode --desc zz"; do
		# shellcheck disable=SC2086
		run --json $args
		status_is 2
		err_empty
		json_is .command "$(for w in $args; do case $w in
			share|reclaim|smoke|decode) echo $w; break ;; esac; done)"
		json_is .exit_status 2
		json_is .ok false
		json_is .origin tool
	done
	run --json --frob
	status_is 2
	json_is .command null
}

test_global_options_after_command() {
	run id --backend sim --json
	status_is 0
	json_is .id 0x0000
}

test_quiet() {
	run --backend sim --quiet share --to 0x8001
	status_is 0
	out_is 0x1000000000001
}

# The man page and the completion name every command of the table (--help).
test_man_and_completion_cover_commands() {
	run --help
	local cmds
	cmds=$(sed -n 's/^  \([a-z]*\) .*/\1/p' "$TMP/out")
	[ -n "$cmds" ] || fail "no commands in --help"
	for c in $cmds; do
		grep -Eq "^\.BR? (.*\| )?$c( |$)" "$SRCDIR/man/ffactl.1" ||
			fail "man page lacks $c"
		grep -q "\b$c\b" "$SRCDIR/completions/ffactl.bash" ||
			fail "completion lacks $c"
	done
}

# Every long option of every command is in the man page and the completion.
test_man_and_completion_cover_options() {
	local c o
	for c in $(sed -n 's/^  \([a-z]*\) .*/\1/p' <("$FFACTL" --help)); do
		for o in $("$FFACTL" "$c" --help | grep -o -- '--[a-z][a-z0-9-]*' |
			sort -u); do
			case $o in --help | --usage | --version) continue ;; esac
			grep -qF -- "${o//-/\\-}" "$SRCDIR/man/ffactl.1" ||
				fail "man page lacks $c $o"
			grep -q -- "$o" "$SRCDIR/completions/ffactl.bash" ||
				fail "completion lacks $c $o"
		done
	done
}

run_tests
