#!/bin/sh
# make test: every suite, whatever the others did, then the sum of their
# closing "N passed, N failed, N skipped" lines as the last line. A suite
# that fails without such a line counts as one failure. Each suite's counts
# line gives its duration.
#
# Suites run two at a time (RUN_ALL_JOBS), each with its output kept aside
# and printed whole, in the order given, once it and those before it are
# done. The suites ALONE names (check-qemu: its QEMU boots take both cores)
# run with nothing beside them and print as they go.
#   ALONE='SUITE...' RUN_ALL_JOBS=N sh tests/run-all.sh TARGET...
set -u

MAKE=${MAKE:-make}
JOBS=${RUN_ALL_JOBS:-2}
ALONE=${ALONE:-}
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' HUP INT TERM

now() {
	date +%s
}

# run N TARGET: the suite, its output in N.out, its exit status in N.rc, its
# duration in N.time; N.done last
run() {
	t0=$(now)
	$MAKE --no-print-directory "$2" >"$dir/$1.out" 2>&1
	echo $? >"$dir/$1.rc"
	echo $(($(now) - t0)) >"$dir/$1.time"
	: >"$dir/$1.done"
}

passed=0
failed=0
skipped=0
# report N TARGET: its counts line, added to the sums
report() {
	rc=$(cat "$dir/$1.rc")
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$dir/$1.out" | tail -n 1)
	if [ -n "$summary" ]; then
		p=${summary%% passed*}
		f=${summary#*passed, }
		f=${f%% failed*}
		s=${summary#*failed, }
		s=${s%% skipped}
	else
		p=0
		f=0
		s=0
	fi
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "### make $2 failed (exit $rc) without a failed test: counted as one"
		f=1
	fi
	echo "### make $2: $p passed, $f failed, $s skipped ($(cat "$dir/$1.time") s)"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
}

# The suites started and not yet printed, in order: "N:TARGET ..."
pending=
running=0
# flush [all]: prints the finished suites at the head of the order; with
# all, first waits for every suite started
flush() {
	while [ -n "$pending" ]; do
		head=${pending%% *}
		if [ ! -f "$dir/${head%%:*}.done" ]; then
			[ "${1:-}" = all ] || return 0
			sleep 1
			continue
		fi
		echo "### make ${head#*:}"
		cat "$dir/${head%%:*}.out"
		report "${head%%:*}" "${head#*:}"
		pending=${pending#"$head"}
		pending=${pending# }
	done
}

# the number of suites started and not done
count_running() {
	running=0
	for item in $pending; do
		[ -f "$dir/${item%%:*}.done" ] || running=$((running + 1))
	done
}

t_all=$(now)
n=0
for target in "$@"; do
	n=$((n + 1))
	case " $ALONE " in
	*" $target "*)
		flush all
		echo "### make $target"
		t0=$(now)
		{
			$MAKE --no-print-directory "$target"
			echo $? >"$dir/$n.rc"
		} 2>&1 | tee "$dir/$n.out"
		echo $(($(now) - t0)) >"$dir/$n.time"
		report "$n" "$target"
		continue
		;;
	esac
	while :; do
		flush
		count_running
		[ "$running" -ge "$JOBS" ] || break
		sleep 1
	done
	run "$n" "$target" &
	pending="${pending:+$pending }$n:$target"
done
flush all
wait
echo "### all suites: $(($(now) - t_all)) s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
