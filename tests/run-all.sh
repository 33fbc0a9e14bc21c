#!/bin/sh
# make test: every suite in turn, whatever the others did, then the sum of
# their closing "N passed, N failed" lines as the last line. A suite that
# fails without such a line counts as one failure.
#   sh tests/run-all.sh TARGET...
set -u

MAKE=${MAKE:-make}
out=$(mktemp) || exit 1
rcfile=$(mktemp) || exit 1
trap 'rm -f "$out" "$rcfile"' EXIT
trap 'exit 130' HUP INT TERM

passed=0
failed=0
for target in "$@"; do
	echo "### make $target"
	{
		$MAKE --no-print-directory "$target"
		echo $? >"$rcfile"
	} 2>&1 | tee "$out"
	rc=$(cat "$rcfile")
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
	if [ -n "$summary" ]; then
		p=${summary%% passed*}
		f=${summary#*passed, }
		f=${f%% failed}
	else
		p=0
		f=0
	fi
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "### make $target failed (exit $rc) without a failed test: counted as one"
		f=1
	fi
	echo "### make $target: $p passed, $f failed"
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
