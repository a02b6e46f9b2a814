#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The sim state file under fire (src/sim_state.c: flock, write-temp +
# rename): 8 parallel writers share and reclaim through the CLI while about
# one invocation in 20 is killed with SIGKILL at a random moment, over
# $FFACTL_CONC_OPS operations in all (default 10000). Then: no handle lost
# (every share that printed its handle and was not reclaimed is listed), none
# duplicated (no handle printed twice, none listed twice), none resurrected
# (a reclaimed handle is gone), and the only unknown handles are from shares
# killed after they committed. Prints the figures as '#' lines.
. "$(dirname "$0")/lib.sh"

OPS=${FFACTL_CONC_OPS:-10000}
WRITERS=8

# One writer: $1 = index. Logs "S handle" (share printed it), "R handle"
# (reclaim done, or found already done after a kill), "K op" (killed).
writer() {
	local w=$1 n=$((OPS / WRITERS)) i op pid st h out
	local -a mine=()
	local killed_reclaim=
	RANDOM=$((w * 7919 + $$))
	for ((i = 0; i < n; i++)); do
		if [ ${#mine[@]} -gt 0 ] && [ $((RANDOM % 3)) -eq 0 ]; then
			op=reclaim
			h=${mine[0]}
			"$FFACTL" --backend sim reclaim "$h" >/dev/null 2>&1 &
		else
			op=share
			"$FFACTL" --backend sim share --to 0x8001 \
				--pages $((RANDOM % 3 + 1)) >"$TMP/w$w.out" 2>&1 &
		fi
		pid=$!
		if [ $((RANDOM % 20)) -eq 0 ]; then
			# Anywhere from before exec to after the rename.
			[ $((RANDOM % 2)) -eq 0 ] && sleep 0.00$((RANDOM % 5))
			kill -9 $pid 2>/dev/null
		fi
		wait $pid
		st=$?
		if [ $st -eq 137 ]; then
			echo "K $op"
			[ $op = reclaim ] && killed_reclaim=$h
			continue # a reclaim is retried: mine[0] stays first
		fi
		if [ $op = share ]; then
			[ $st -eq 0 ] || { echo "E share $st"; continue; }
			read -r out <"$TMP/w$w.out"
			echo "S $out"
			mine+=("$out")
		else
			# 0: reclaimed now; 12: a killed attempt had done it.
			case $st in
			0 | 12) echo "R $h" ;;
			*) echo "E reclaim $st" ;;
			esac
			killed_reclaim=
			mine=("${mine[@]:1}")
		fi
	done
	# A reclaim killed last may have committed: finish it, or its handle
	# would count as lost.
	if [ -n "$killed_reclaim" ]; then
		"$FFACTL" --backend sim reclaim "$killed_reclaim" >/dev/null 2>&1
		st=$?
		case $st in
		0 | 12) echo "R $killed_reclaim" ;;
		*) echo "E reclaim $st" ;;
		esac
	fi
}

test_parallel_writers_with_kill9() {
	local w start end
	"$FFACTL" sim reset >/dev/null
	start=$(date +%s%N)
	for ((w = 0; w < WRITERS; w++)); do
		writer $w >"$TMP/log.$w" 2>/dev/null &
	done
	wait
	end=$(date +%s%N)
	cat "$TMP"/log.* >"$TMP/log"
	local ops kills errs shares reclaims killed_shares
	ops=$(wc -l <"$TMP/log")
	kills=$(grep -c '^K' "$TMP/log")
	killed_shares=$(grep -c '^K share' "$TMP/log")
	errs=$(grep -c '^E' "$TMP/log")
	shares=$(grep -c '^S' "$TMP/log")
	reclaims=$(grep -c '^R' "$TMP/log")
	echo "# $ops operations by $WRITERS writers in" \
		"$(((end - start) / 1000000)) ms: $shares shares, $reclaims" \
		"reclaims, $kills killed with SIGKILL, $errs errors"
	[ "$ops" -ge $((OPS / WRITERS * WRITERS)) ] || fail "only $ops ops"
	[ "$errs" -eq 0 ] || fail "$errs operations failed: $(grep -m3 '^E' "$TMP/log" | tr '\n' ' ')"

	run sim status
	status_is 0
	ls "$FFACTL_SIM_STATE".tmp.* >/dev/null 2>&1 &&
		"$FFACTL" --backend sim id >/dev/null # cleans up after kills
	run --backend sim --json handles
	status_is 0
	jq -r '.handles[].handle' "$TMP/out" | sort >"$TMP/listed"
	sed -n 's/^S //p' "$TMP/log" | sort >"$TMP/printed"
	sed -n 's/^R //p' "$TMP/log" | sort >"$TMP/reclaimed"
	comm -23 "$TMP/printed" "$TMP/reclaimed" >"$TMP/expected"
	local dup_p dup_l lost back extra
	dup_p=$(uniq -d "$TMP/printed" | wc -l)
	dup_l=$(uniq -d "$TMP/listed" | wc -l)
	lost=$(comm -23 "$TMP/expected" "$TMP/listed" | wc -l)
	back=$(comm -12 "$TMP/reclaimed" "$TMP/listed" | wc -l)
	extra=$(comm -13 "$TMP/expected" "$TMP/listed" | wc -l)
	echo "# listed $(wc -l <"$TMP/listed") handles: $lost lost," \
		"$dup_p duplicated (printed), $dup_l duplicated (listed)," \
		"$back reclaimed but listed, $extra from killed shares" \
		"(<= $killed_shares)"
	[ "$dup_p" -eq 0 ] || fail "$dup_p handles printed twice"
	[ "$dup_l" -eq 0 ] || fail "$dup_l handles listed twice"
	# Which, and what the writers did with them: evidence for a rerun.
	[ "$lost" -eq 0 ] || fail "$lost handles lost: $(comm -23 \
		"$TMP/expected" "$TMP/listed" | head -3 | while read -r h; do
		printf '[%s] ' "$h"; [ -n "$h" ] &&
			grep -h -n -F -- "$h" "$TMP"/log.* | tr '\n' ' '
		done)"
	[ "$back" -eq 0 ] || fail "$back reclaimed handles listed"
	[ "$extra" -le "$killed_shares" ] ||
		fail "$extra unknown handles, only $killed_shares shares killed"
	# Listed handles are really reclaimable (a sample of 100: each
	# reclaim is one invocation): the state is consistent.
	local h bad=0 left
	while read -r h; do
		"$FFACTL" --backend sim reclaim "$h" >/dev/null 2>&1 ||
			bad=$((bad + 1))
	done < <(head -100 "$TMP/listed")
	[ $bad -eq 0 ] || fail "$bad listed handles not reclaimable"
	left=$(($(wc -l <"$TMP/listed") - $(head -100 "$TMP/listed" | wc -l)))
	run --backend sim --json handles
	json_is '.handles | length' "$left"
}

run_tests
