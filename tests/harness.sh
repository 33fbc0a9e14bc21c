# shellcheck shell=sh
# Shared by the shell test suites: the binary under test, the ok/FAIL/skip
# bookkeeping that ends in "N passed, N failed, N skipped", and the checks of a run of
# the binary on a fake machine. Sourced; POSIX sh.

# The tools the root-only tests need (chroot, depmod, mknod) live in /usr/sbin,
# which a root shell that is no login shell (env -i, su without -, some CI
# runners) leaves off PATH: without this those tests were skipped as root too.
for _d in /usr/sbin /sbin; do
	case :$PATH: in *:$_d:*) ;; *) PATH=$PATH:$_d ;; esac
done
export PATH

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

# harness_module_guard: exits unless strace can answer every module insertion
# of the binary under test, so that none reaches the running kernel
harness_module_guard() {
	if ! strace -f -qq --seccomp-bpf -o /dev/null -e trace=init_module,finit_module \
		-e inject=init_module,finit_module:error=ENOEXEC true 2>/dev/null; then
		echo "$0: needs a working strace (5.3 or later, ptrace allowed), to keep module insertion away from the running kernel" >&2
		exit 1
	fi
}

# harness_tmpdir NAME [UNDO]: TMP, a new directory, removed when the suite
# exits, after the command UNDO releases what the suite holds (a fake kernel,
# an immutable file) that would keep it from being removed
harness_tmpdir() {
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/vfio-binder-$1.XXXXXX") || exit 1
	harness_undo=${2:-:}
	trap 'eval "$harness_undo"; rm -rf "$TMP"' EXIT
	trap 'exit 130' HUP INT PIPE TERM
}

passed=0
failed=0
skipped=0

pass() {
	passed=$((passed + 1))
	printf 'ok %s\n' "$1"
}

fail() {
	failed=$((failed + 1))
	printf 'FAIL %s: %s\n' "$1" "$2"
}

# skip NAME REASON: a test that could not run here, and why; counted apart,
# never as a pass
skip() {
	skipped=$((skipped + 1))
	printf 'skip %s: %s\n' "$1" "$2"
}

# check NAME DETAIL: ok when DETAIL is empty, else FAIL with DETAIL
check() {
	if [ -z "$2" ]; then
		pass "$1"
	else
		fail "$1" "$2"
	fi
}

# summary: the suite's last line, "N passed, N failed, N skipped"; true when none failed
summary() {
	echo "$passed passed, $failed failed, $skipped skipped"
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

# --- a run of the binary on the machine under test: $BIN with --root "$M";
# its stdout goes to $OUT, its stderr to $ERR, its exit code to $rc

# run ARGS...: the binary on the machine with ARGS (options and a command)
run() {
	"$BIN" --root "$M" "$@" >"$OUT" 2>"$ERR"
	rc=$?
}

# is NAME RC EXPECTED_STDOUT ARGS...: run ARGS; the exit code and the whole stdout
is() {
	name=$1 want_rc=$2 want_out=$3
	shift 3
	run "$@"
	expect_output "$name" "$rc" "$want_rc" "$want_out"
}

# json_is NAME RC JQ_FILTER ARGS...: run --json ARGS, then json_judge
json_is() {
	name=$1 want_rc=$2 filter=$3
	shift 3
	run --json "$@"
	json_judge "$name" "$want_rc" "$filter"
}

# json_judge NAME RC JQ_FILTER: the last run (made by json_is, or under strace)
# exited RC, printed one valid JSON document in UTF-8, and JQ_FILTER is true of it
json_judge() {
	name=$1 want_rc=$2 filter=$3
	if [ "$rc" != "$want_rc" ]; then
		fail "$name" "--json exit code: expected $want_rc, got $rc (stdout: $(oneline "$OUT"); stderr: $(oneline "$ERR"))"
	elif ! jq -e . "$OUT" >/dev/null 2>&1; then
		fail "$name" "not valid JSON: $(oneline "$OUT")"
	elif ! iconv -f UTF-8 -t UTF-8 "$OUT" >/dev/null 2>&1; then
		fail "$name" "not valid UTF-8: $(oneline "$OUT")"
	elif [ "$(jq -s length "$OUT")" != 1 ]; then
		fail "$name" "expected one JSON document, got: $(oneline "$OUT")"
	elif ! jq -e "$filter" "$OUT" >/dev/null 2>&1; then
		fail "$name" "expected $filter, got $(jq -c . "$OUT")"
	else
		pass "$name"
	fi
}

# code_is NAME RC: the exit code of the last run
code_is() {
	if [ "$rc" = "$2" ]; then
		pass "$1"
	else
		fail "$1" "exit code: expected $2, got $rc (stdout: $(oneline "$OUT"); stderr: $(oneline "$ERR"))"
	fi
}

# err_has NAME TEXT: a line of stderr of the last run holds TEXT
err_has() {
	_err_grep "$1" yes F "$2" "a line with '$2'"
}

# err_lacks NAME TEXT: no line of stderr of the last run holds TEXT
err_lacks() {
	_err_grep "$1" no F "$2" "no line with '$2'"
}

# err_matches NAME REGEX: a line of stderr of the last run matches the basic REGEX
err_matches() {
	_err_grep "$1" yes '' "$2" "a line matching '$2'"
}

# _err_grep NAME yes|no F|'' PATTERN EXPECTED: whether grep (-F for F) finds
# PATTERN in $ERR is as wanted; EXPECTED says what was, for the message
_err_grep() {
	if grep -q"$3" -e "$4" "$ERR"; then _found=yes; else _found=no; fi
	if [ "$_found" = "$2" ]; then
		pass "$1"
	else
		fail "$1" "stderr: expected $5, got '$(oneline "$ERR")'"
	fi
}

# drivers_are NAME "ADDR=DRIVER ...": where the functions of the machine are bound now ("none": no driver)
drivers_are() {
	bad=
	for _p in $2; do
		_got=$(readlink "$M/sys/bus/pci/devices/${_p%=*}/driver" 2>/dev/null)
		_got=${_got##*/}
		[ "${_got:-none}" = "${_p#*=}" ] || bad="$bad ${_p%=*}=${_got:-none} (want ${_p#*=})"
	done
	check "$1" "${bad# }"
}

# record_is NAME "LINE|LINE...|": the boot record the last boot left, its lines after the header
record_is() {
	_rec=$M/run/vfio-binder/boot-record
	if [ ! -f "$_rec" ]; then
		fail "$1" "no $_rec"
	elif ! head -n 1 "$_rec" | grep -q '^# vfio-binder boot record: '; then
		fail "$1" "no header line: $(oneline "$_rec")"
	else
		_got=$(sed 1d "$_rec" | tr '\n' '|')
		check "$1" "$([ "$_got" = "$2" ] || echo "expected '$2', got '$_got'")"
	fi
}
