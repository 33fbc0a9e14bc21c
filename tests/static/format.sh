#!/bin/sh
# The C layout check: `clang-format --dry-run --Werror` with the .clang-format
# at the top on every *.c and *.h below binder/ and tests/ (all depths). Names
# every file that differs; exits 1 when one does, or when clang-format cannot
# run or check a file, and 0 when none does.
#   sh tests/static/format.sh [-d] [DIR-OR-FILE...]
# -d also prints the change clang-format would make (diff -u). Without
# arguments it checks binder and tests; runs from any directory.
# CLANG_FORMAT names the program (default clang-format).
# Fix a file with: clang-format -i FILE
set -u

show_diff=
if [ "${1:-}" = -d ]; then
	show_diff=yes
	shift
fi
cd "$(dirname "$0")/../.." || exit 1
if [ $# -eq 0 ]; then
	set -- binder tests
fi

CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
if ! command -v "$CLANG_FORMAT" >/dev/null 2>&1; then
	echo "format: $CLANG_FORMAT is not installed" >&2
	exit 1
fi
if [ ! -f .clang-format ]; then
	echo "format: no .clang-format in $(pwd)" >&2
	exit 1
fi
for p in "$@"; do
	if [ ! -e "$p" ]; then
		echo "format: $p does not exist" >&2
		exit 1
	fi
done

list=$(mktemp) || exit 1
err=$(mktemp) || exit 1
trap 'rm -f "$list" "$err"' EXIT
trap 'exit 130' HUP INT TERM

find "$@" -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort >"$list"
if [ ! -s "$list" ]; then
	echo "format: no *.c or *.h file below $*" >&2
	exit 1
fi
# one clang-format over them all first (it starts slowly: a tenth of a
# second a file); file by file only to name those that differ
if [ -z "$show_diff" ] && xargs "$CLANG_FORMAT" --style=file --dry-run --Werror <"$list" >/dev/null 2>&1; then
	echo "format: $(wc -l <"$list") files checked, 0 differ, 0 could not be checked"
	exit 0
fi

checked=0
differ=0
broken=0
while IFS= read -r f; do
	checked=$((checked + 1))
	if "$CLANG_FORMAT" --style=file --dry-run --Werror "$f" >/dev/null 2>"$err"; then
		continue
	fi
	if grep -q 'clang-format-violations' "$err"; then
		differ=$((differ + 1))
		n=$(grep -c 'clang-format-violations' "$err")
		if [ "$n" -eq 1 ]; then where="1 place"; else where="$n places"; fi
		echo "format: $f differs from .clang-format at $where"
		if [ -n "$show_diff" ]; then
			"$CLANG_FORMAT" --style=file "$f" | diff -u "$f" - | sed 's/^/  /'
		fi
	else
		broken=$((broken + 1))
		echo "format: $CLANG_FORMAT failed on $f:"
		sed 's/^/  /' "$err"
	fi
done <"$list"

echo "format: $checked files checked, $differ differ, $broken could not be checked"
[ "$differ" -eq 0 ] && [ "$broken" -eq 0 ]
