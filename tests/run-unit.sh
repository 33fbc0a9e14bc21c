#!/bin/sh
# Runs cmocka test binaries and sums their results. Usage: run-unit.sh BIN...
#
# Counts come from cmocka's TAP output ("1..N", "ok", "not ok"), which goes to
# stdout and is flushed per test. A binary that crashes, hangs or stops early
# has every test it did not report counted as failed, and at least one: a
# crash is never a pass. A test cmocka skipped ("ok ... # SKIP") counts as
# skipped, not passed. The last line is always "N passed, N failed, N skipped".
set -u

if [ $# -eq 0 ]; then
	echo "usage: $0 TEST-BINARY..." >&2
	exit 64
fi

# a hung test must not hang the build
limit=${UNIT_TIMEOUT:-300}
if command -v timeout >/dev/null 2>&1; then
	with_timeout() { timeout "$limit" "$@"; }
else
	with_timeout() { "$@"; }
fi

out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
skipped=0
for bin in "$@"; do
	echo "# $bin"
	rc=0
	CMOCKA_MESSAGE_OUTPUT=TAP with_timeout "$bin" >"$out" 2>&1 </dev/null || rc=$?
	cat "$out"

	# The plan line may be indented in some cmocka versions; results are not.
	read -r plan ok bad skip <<EOF
$(awk '/^[ \t]*1\.\.[0-9]+/ { sub(/^[ \t]*1\.\./, ""); plan += $1 }
	/^ok .*# [Ss][Kk][Ii][Pp]/ { skip++; next }
	/^ok / { ok++ }
	/^not ok / { bad++ }
	END { printf "%d %d %d %d\n", plan, ok, bad, skip }' "$out")
EOF

	lost=$((plan - ok - bad - skip))
	[ "$lost" -lt 0 ] && lost=0
	# cmocka exits with its number of failed tests; anything else is a crash,
	# a timeout or a binary that never ran.
	if [ "$plan" -eq 0 ] || [ "$rc" -ne $((bad % 256)) ]; then
		echo "# $bin: exit status $rc after $((ok + bad + skip)) of $plan tests"
		[ "$lost" -eq 0 ] && lost=1
	fi
	passed=$((passed + ok))
	failed=$((failed + bad + lost))
	skipped=$((skipped + skip))
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
