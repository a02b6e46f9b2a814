#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests for src/ffactl.c: global options, dispatch, help, dev backend.
. "$(dirname "$0")/lib.sh"

test_help_lists_every_command() {
	run --help
	status_is 0
	for c in version id features partitions msg share lend donate \
		reclaim handles call decode sim; do
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

test_dev_backend_missing_device() {
	run --device "$TMP/nonexistent" version
	status_is 3
	err_one_line
	err_has 'modprobe ffactl'
	err_has 'backend sim'
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

test_global_options_after_command() {
	run id --backend sim --json
	status_is 0
	json_is .id 0x0000
}

test_quiet() {
	run --backend sim --quiet share --to 0x8001
	status_is 0
	out_empty
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
