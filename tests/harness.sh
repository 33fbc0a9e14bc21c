# shellcheck shell=sh
# Shared by the shell test suites: the binary under test and the ok/FAIL
# bookkeeping that ends in "N passed, N failed". Sourced; POSIX sh.

# harness_binary "$@": the single argument, an executable, as an absolute BIN
harness_binary() {
	if [ $# -ne 1 ]; then
		echo "usage: $0 BINARY" >&2
		exit 64
	fi
	case $1 in
	/*) BIN=$1 ;;
	*) BIN=$(pwd)/$1 ;;
	esac
	if [ ! -x "$BIN" ]; then
		echo "$0: $BIN is not an executable" >&2
		exit 64
	fi
}

passed=0
failed=0

pass() {
	passed=$((passed + 1))
	printf 'ok %s\n' "$1"
}

fail() {
	failed=$((failed + 1))
	printf 'FAIL %s: %s\n' "$1" "$2"
}

# check NAME DETAIL: ok when DETAIL is empty, else FAIL with DETAIL
check() {
	if [ -z "$2" ]; then
		pass "$1"
	else
		fail "$1" "$2"
	fi
}

# summary: the suite's last line, "N passed, N failed"; true when none failed
summary() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# abort DETAIL: a suite that cannot go on still ends with its count, the
# setup counted as a failure; exits 1
abort() {
	fail setup "$1"
	summary
	exit 1
}

# a file on one line for a message: lines joined by " | ", cut at 600 characters, or (empty)
oneline() {
	if [ -s "$1" ]; then
		awk 'NR > 1 { printf " | " } { printf "%s", $0 }' "$1" | cut -c1-600
	else
		printf '(empty)'
	fi
}

# expect_output NAME RC WANT_RC WANT: after a run that exited RC leaving $OUT
# and $ERR, the exit code and the whole stdout ("" for none); $WANT is scratch
expect_output() {
	if [ -n "$4" ]; then printf '%s\n' "$4"; fi >"$WANT"
	if [ "$2" != "$3" ]; then
		fail "$1" "exit code: expected $3, got $2 (stdout: $(oneline "$OUT"); stderr: $(oneline "$ERR"))"
	elif ! cmp -s "$WANT" "$OUT"; then
		fail "$1" "stdout differs (-expected +got): $(diff "$WANT" "$OUT" | grep '^[<>]' | sed 's/^</-/; s/^>/+/' | tr '\n' '~' | sed 's/~/ | /g')"
	else
		pass "$1"
	fi
}
