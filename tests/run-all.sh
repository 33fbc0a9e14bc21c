#!/bin/sh
# make test: every suite in turn, whatever the others did, then the sum of
# their closing "N passed, N failed, N skipped" lines as the last line. A
# suite that fails without such a line counts as one failure.
#   sh tests/run-all.sh TARGET...
set -u

MAKE=${MAKE:-make}
out=$(mktemp) || exit 1
rcfile=$(mktemp) || exit 1
trap 'rm -f "$out" "$rcfile"' EXIT
trap 'exit 130' HUP INT TERM

passed=0
failed=0
skipped=0
for target in "$@"; do
	echo "### make $target"
	{
		$MAKE --no-print-directory "$target"
		echo $? >"$rcfile"
	} 2>&1 | tee "$out"
	rc=$(cat "$rcfile")
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$out" | tail -n 1)
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
		echo "### make $target failed (exit $rc) without a failed test: counted as one"
		f=1
	fi
	echo "### make $target: $p passed, $f failed, $s skipped"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
