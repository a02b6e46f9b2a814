# SPDX-License-Identifier: GPL-2.0-or-later
# A small harness for testing the built ffactl (after libgpiod's tools tests):
#   run ARGS...        runs ffactl, captures $out, $err, $status
#   status_is N, out_is TEXT, err_is TEXT, out_has RE, err_has RE,
#   json_is JQ-FILTER VALUE (jq -r on $out), out_empty, err_empty
# Each test is a function named test_*; the runner prints TAP.
set -u

: "${FFACTL:?FFACTL must point at the built binary}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export FFACTL_SIM_STATE="$TMP/sim.state"
unset XDG_RUNTIME_DIR

fails=0
cur_failed=0

# Every JSON object ffactl prints here is kept, with its exit status and
# command line, and checked at the end against docs/schema/ (and "ok" and
# "exit_status" against the status) by check-json-schema.
JSON_SEEN="$TMP/json-seen"
mkdir -p "$JSON_SEEN"
json_keep() {
	local n
	[ "${1:0:1}" = "{" ] || return 0
	n=$(find "$JSON_SEEN" -name '*.json' | wc -l)
	printf '%s' "$1" >"$JSON_SEEN/$n.json"
	printf '%s\n%s\n' "$status" "${*:2}" >"$JSON_SEEN/$n.info"
}

run() {
	"$FFACTL" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	status=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
	json_keep "$out" "$@"
}

run_stdin() {
	local input=$1
	shift
	printf '%s' "$input" | "$FFACTL" "$@" >"$TMP/out" 2>"$TMP/err"
	status=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
	json_keep "$out" "$@"
}

fail() {
	cur_failed=1
	printf '# FAIL: %s\n' "$*"
	printf '#   ffactl status %s\n#   stdout: %s\n#   stderr: %s\n' \
		"$status" "$(head -c 600 "$TMP/out" | tr '\n' '|')" \
		"$(head -c 600 "$TMP/err" | tr '\n' '|')"
}

status_is() { [ "$status" -eq "$1" ] || fail "status $status, want $1"; }
out_is() { [ "$out" = "$1" ] || fail "stdout is not '$1'"; }
err_is() { [ "$err" = "$1" ] || fail "stderr is not '$1'"; }
out_has() { grep -Eq -- "$1" "$TMP/out" || fail "stdout lacks /$1/"; }
err_has() { grep -Eq -- "$1" "$TMP/err" || fail "stderr lacks /$1/"; }
out_empty() { [ -z "$out" ] || fail "stdout not empty"; }
err_empty() { [ -z "$err" ] || fail "stderr not empty"; }
err_one_line() {
	[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "stderr is not one line"
}
json_valid() {
	jq -e . "$TMP/out" >/dev/null 2>&1 || fail "stdout is not valid JSON"
}
json_is() {
	local got
	got=$(jq -r "$1" "$TMP/out" 2>/dev/null)
	[ "$got" = "$2" ] || fail "JSON $1 is '$got', want '$2'"
}

# A state fingerprint, to check that bad input changes nothing.
state_sum() { cat "$FFACTL_SIM_STATE" 2>/dev/null | md5sum; }

run_tests() {
	local tests n=0 t
	tests=$(declare -F | awk '{print $3}' | grep '^test_')
	echo "TAP version 13"
	echo "1..$(($(echo "$tests" | wc -l) + 1))"
	for t in $tests; do
		n=$((n + 1))
		rm -f "$FFACTL_SIM_STATE"
		cur_failed=0
		"$t"
		if [ $cur_failed -eq 0 ]; then
			echo "ok $n - $t"
		else
			echo "not ok $n - $t"
			fails=$((fails + 1))
		fi
	done
	n=$((n + 1))
	# Debian's own python3 sees python3-jsonschema (DESIGN.md §11).
	if /usr/bin/python3 "$SRCDIR/tests/cli/check-json-schema" \
		"$SRCDIR/docs/schema" "$JSON_SEEN"; then
		echo "ok $n - json_outputs_match_schema"
	else
		echo "not ok $n - json_outputs_match_schema"
		fails=$((fails + 1))
	fi
	[ $fails -eq 0 ]
}
