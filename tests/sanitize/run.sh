#!/bin/sh
# Runs the unit tests and the fake-sysfs tests on the sanitizer build. ASan
# and LeakSanitizer reports are written below REPORT_DIR, and each one fails
# the run even when the test that triggered it expected the binary to exit
# non-zero; UBSan aborts (gcc's UBSan ignores log_path when linked with ASan),
# which no test takes for a pass. Last line "N passed, N failed, N skipped".
#   sh tests/sanitize/run.sh REPORT_DIR BINARY KLIBC-SOURCES-BINARY UNIT-BINARY...
# BINARY is the host tool's build; KLIBC-SOURCES-BINARY the klibc build's
# sources (boot and plan, its own module loader) built with glibc, for the
# module loader suite: the rest of its sources are the host tool's, which
# the fake-sysfs suite runs here (check-sysfs-klibc runs it on the klibc
# build itself).
set -u

if [ $# -lt 4 ]; then
	echo "usage: $0 REPORT_DIR BINARY KLIBC-SOURCES-BINARY UNIT-BINARY..." >&2
	exit 64
fi
reports=$1 bin=$2 loader_bin=$3
shift 3
HERE=$(cd "$(dirname "$0")" && pwd)

rm -rf "$reports" && mkdir -p "$reports" || exit 1
case $reports in /*) ;; *) reports=$(pwd)/$reports ;; esac
ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:abort_on_error=0"
UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1:halt_on_error=1:abort_on_error=1"
export ASAN_OPTIONS UBSAN_OPTIONS

passed=0
failed=0
skipped=0
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
trap 'exit 130' HUP INT TERM

# run NAME COMMAND...: a suite whose last line is "N passed, N failed, N skipped"
run() {
	name=$1
	shift
	echo "# $name"
	"$@" | tee "$out"
	last=$(tail -n 1 "$out")
	case $last in
	*" passed, "*" failed, "*" skipped")
		passed=$((passed + ${last%% passed*}))
		n=${last#*passed, }
		failed=$((failed + ${n%% failed*}))
		n=${n#*failed, }
		skipped=$((skipped + ${n%% skipped}))
		;;
	*)
		echo "# $name: no summary line"
		failed=$((failed + 1))
		;;
	esac
}

run "unit tests (sanitizers)" sh "$HERE/../run-unit.sh" "$@"
run "fake-sysfs tests (sanitizers)" sh "$HERE/../sysfs/run.sh" "$bin"
run "post-boot command tests (sanitizers)" sh "$HERE/../sysfs/postboot.sh" "$bin"
run "host tracing tests (sanitizers)" sh "$HERE/../sysfs/hosts.sh" "$bin"
run "module loader tests, klibc build's sources (sanitizers)" sh "$HERE/../modload/run.sh" "$loader_bin"

# every report is a failure of its own, whatever the exit codes said
n=0
for r in "$reports"/*; do
	[ -f "$r" ] || continue
	n=$((n + 1))
	echo "# sanitizer report $r:"
	cat "$r"
done
if [ "$n" -gt 0 ]; then
	echo "# $n sanitizer report(s)"
	failed=$((failed + n))
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
