#!/bin/sh
# Runs the fuzz targets. Last line "N passed, N failed, N skipped" (none skipped): inputs replayed, or
# targets fuzzed without a crash.
#   sh tests/fuzz/run.sh replay DIR TARGET...
#       DIR/TARGET is the plain driver: replays tests/fuzz/corpus/TARGET and
#       every crash kept in tests/fuzz/crashes/TARGET
#   sh tests/fuzz/run.sh fuzz DIR SECONDS TARGET...
#       DIR/TARGET is the libFuzzer build: fuzzes each target for SECONDS,
#       from the seeds and DIR/corpus/TARGET (new inputs go there, not into
#       the source tree); crashes are written to tests/fuzz/crashes/TARGET/
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
usage() {
	echo "usage: $0 replay DIR TARGET... | fuzz DIR SECONDS TARGET..." >&2
	exit 64
}
[ $# -ge 3 ] || usage
mode=$1 dir=$2
shift 2
case $mode in
replay) ;;
fuzz)
	seconds=$1
	shift
	case $seconds in '' | *[!0-9]*) usage ;; esac
	;;
*) usage ;;
esac
[ $# -ge 1 ] || usage

passed=0
failed=0
log=$(mktemp) || exit 1
trap 'rm -f "$log"' EXIT
trap 'exit 130' HUP INT TERM

# count LINE: adds a "N passed, N failed" line to the totals; false if LINE is not one
count() {
	case $1 in
	*" passed, "*" failed")
		passed=$((passed + ${1%% passed*}))
		n=${1#*passed, }
		failed=$((failed + ${n%% failed}))
		;;
	*) return 1 ;;
	esac
}

# replay TARGET: every seed and kept crash, through the plain driver
replay() {
	echo "# $1: corpus and kept crashes"
	"$dir/$1" "$HERE/corpus/$1" "$HERE/crashes/$1" >"$log" 2>&1
	rc=$?
	grep -v '^ok ' "$log"
	if ! count "$(tail -n 1 "$log")"; then
		echo "FAIL $1: the replay stopped (exit $rc)"
		failed=$((failed + 1))
	fi
}

# fuzz TARGET: libFuzzer for $seconds; a crash, or a new file in crashes/, fails it
fuzz() {
	mkdir -p "$dir/corpus/$1" "$HERE/crashes/$1"
	before=$(find "$HERE/crashes/$1" -type f ! -name '.*' | wc -l)
	"$dir/$1" -max_total_time="$seconds" -print_final_stats=1 -use_value_profile=1 -timeout=10 \
		-dict="$HERE/vfio.dict" -artifact_prefix="$HERE/crashes/$1/" \
		"$dir/corpus/$1" "$HERE/corpus/$1" >"$log" 2>&1
	rc=$?
	after=$(find "$HERE/crashes/$1" -type f ! -name '.*' | wc -l)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
	rate='?'
	[ -z "$execs" ] || [ -z "$secs" ] || [ "$secs" -eq 0 ] || rate=$((execs / secs))
	echo "$1: ${execs:-?} executions in ${secs:-?} s ($rate/s), corpus $(find "$dir/corpus/$1" -type f | wc -l) inputs," \
		"$((after - before)) new crash(es)"
	if [ "$rc" -eq 0 ] && [ "$after" -eq "$before" ]; then
		passed=$((passed + 1))
	else
		grep -E '^(==[0-9]+==|SUMMARY|.*invariant failed|Test unit written)' "$log" | head -20
		echo "FAIL $1"
		failed=$((failed + 1))
	fi
}

for t in "$@"; do
	"$mode" "$t"
done

echo "$passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
