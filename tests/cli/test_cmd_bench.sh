#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests for src/cmd_bench.c: the in-process benchmarks run and report
# figures, ratios and targets; the rest of the interface refuses bad input.
# (Timings are not judged here: bench/ is for that.)
. "$(dirname "$0")/lib.sh"

test_desc_json() {
	run --json bench desc --quick
	status_is 0
	json_valid
	json_is .command bench
	json_is '.benchmarks | length' 1
	json_is '.benchmarks[0].name' desc
	json_is '.benchmarks[0].rows | length' 7
	json_is '.benchmarks[0].rows[6].constituents' 4096
	json_is '.benchmarks[0].rows[0].ns_per_constituent > 0' true
	json_is '.benchmarks[0].ratios[0].target' 1.5
	json_is '.benchmarks[0].ratios[0].met | type' boolean
}

test_sim_ops_text() {
	run bench sim-ops --quick
	status_is 0
	out_has '^sim-ops: '
	out_has '^  1000 live handles +[0-9]+ ns per call'
	out_has '^  100000 live handles '
	out_has 'ratio [0-9.]+  per-call cost, many / few live handles  \(target <= 1.50: (met|MISSED)\)'
	err_empty
}

# Without /dev/ffactl: skipped when not named, the backend error if named.
test_ioctl_without_device() {
	run --device /nonexistent/ffactl bench ioctl desc --quick
	status_is 3
	err_has 'no such file'
	out_empty
	run --json --device /nonexistent/ffactl bench desc ioctl --quick
	status_is 3
	json_is .error.message '/nonexistent/ffactl: no such file (give the path of the ffactl device node with --device)'
	run --json --device /nonexistent/ffactl bench desc --quick
	status_is 0
	json_is '.benchmarks | length' 1
}

# "no" when ffactl cannot start another ffactl here (QEMU user mode
# without binfmt_misc): the startup benchmark is skipped for that reason.
spawn_ok() {
	"$FFACTL" --json bench startup --quick --runs 3 >"$TMP/spawn.json" 2>&1
	jq -r 'if .benchmarks[0].skipped == "cannot run ffactl" then "no"
		else "yes" end' "$TMP/spawn.json"
}

# explore on the sim, in its own state file; the module's half only where
# there is a device.
test_explore_json() {
	run --backend sim share --to 0x8001
	status_is 0
	local before
	before=$(state_sum)
	run --json --device /nonexistent/ffactl bench explore --quick
	status_is 0
	json_valid
	json_is '.benchmarks[0].name' explore
	if [ "$(spawn_ok)" = no ]; then
		# Only where ffactl cannot start itself (startup says so too).
		echo "# ffactl cannot start ffactl here: explore skipped too"
		json_is '.benchmarks[0].skipped' 'cannot run ffactl'
		return
	fi
	json_is '.benchmarks[0] | has("skipped")' false
	json_is '.benchmarks[0].rows | length' 3
	json_is '.benchmarks[0].rows[0].label' 'sim: whole run'
	json_is '.benchmarks[0].rows[0].per_second > 0' true
	json_is '.benchmarks[0].rows[1].us_per_op > 0' true
	json_is '.benchmarks[0].rows[2].us_per_op > 0' true
	json_is '.benchmarks[0].ratios[0].value >= 1' true
	json_is '.benchmarks[0].ratios[0].target' 1.5
	json_is '.benchmarks[0].note | test("dev: skipped: /nonexistent/ffactl")' true
	[ "$(state_sum)" = "$before" ] || fail "state file changed"
}

test_unknown_benchmark() {
	run bench warp-speed
	status_is 2
	err_is "ffactl: bench: 'warp-speed': unknown benchmark (use startup, ioctl, sim-ops, sim-procs, desc or explore)"
	out_empty
}

test_runs_bounds() {
	run bench --runs 2 desc
	status_is 2
	err_has 'at least 3'
	run bench --runs 1x desc
	status_is 2
}

# The user's state file is never touched: the process benchmarks use their
# own temporary one.
test_state_untouched() {
	run --backend sim share --to 0x8001
	status_is 0
	local before
	before=$(state_sum)
	run bench desc --quick
	status_is 0
	[ "$(state_sum)" = "$before" ] || fail "state file changed"
}

# The process benchmark's temporary state directory goes, journal and all.
test_sim_procs_leaves_nothing_behind() {
	local before after
	before=$(ls -d /tmp/ffactl-bench-* 2>/dev/null)
	mkdir "$TMP/tmpdir"
	TMPDIR="$TMP/tmpdir" run bench sim-procs --quick --runs 3
	status_is 0
	after=$(ls -d /tmp/ffactl-bench-* 2>/dev/null)
	[ "$before" = "$after" ] || fail "left behind in /tmp: $after"
	[ -z "$(ls -A "$TMP/tmpdir")" ] || fail "left behind: $(ls "$TMP/tmpdir")"
}

run_tests
