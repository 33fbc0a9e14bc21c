#!/bin/sh
# Static checks, each a step that passes or fails; last line "N passed, N failed, N skipped" (none skipped).
#   - the glibc build and the unit tests, -Werror, under gcc and under clang
#     (through the Makefile, in BUILD/static/CC), and the test-side C files;
#     the klibc build, -Werror, with klcc (the Makefile's own: klcc is the only
#     compiler it takes, and make test has built it already)
#   - the core's purity: its objects call no libc function that does I/O or
#     logging, and nothing of sys/ (tests/static/core-purity.sh)
#   - cppcheck on every C file
#   - clang-tidy (.clang-tidy at the top) on the program and the test-side C
#   - clang-format (.clang-format at the top) on every C file (format.sh)
#   - shellcheck on every shell file: *.sh, files with a shell #! line or a
#     "shellcheck shell=" directive, and the hooks (initramfs-hooks/,
#     dracut-module/; systemd units there are not shell)
# Run by `make check-static`, which passes MAKE, MAKEFILE, BUILD, UNIT_TESTS,
# CORE_SRCS and CFLAGS_CHECK (the Makefile's compiler flags); run from the top
# directory.
set -u

: "${MAKE:=make}" "${MAKEFILE:=Makefile}" "${BUILD:=build}" "${UNIT_TESTS:=}" "${CORE_SRCS:=}" "${KLCC:=klcc}"
: "${CFLAGS_CHECK:=-std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ibinder}"
TEST_C="tests/fuzz/*.c tests/sanitize/*.c"

passed=0
failed=0
log=$(mktemp) || exit 1
trap 'rm -f "$log"' EXIT
trap 'exit 130' HUP INT TERM

# step NAME COMMAND...: runs COMMAND, shows its output when it fails
step() {
	name=$1
	shift
	if ! command -v "$1" >/dev/null 2>&1; then
		failed=$((failed + 1))
		echo "FAIL $name: $1 is not installed"
		return
	fi
	if "$@" >"$log" 2>&1; then
		passed=$((passed + 1))
		echo "ok $name"
	else
		failed=$((failed + 1))
		sed 's/^/  /' "$log"
		echo "FAIL $name"
	fi
}

# build CC: the Makefile's glibc binary and unit tests, then the test-side C
build() {
	dir=$BUILD/static/$1
	tests=
	for t in $UNIT_TESTS; do tests="$tests $dir/tests/$t"; done
	# shellcheck disable=SC2086 # word splitting of the flag and file lists is intended
	"$MAKE" --no-print-directory -f "$MAKEFILE" BUILD="$dir" CC="$1" "$dir/vfio-binder" $tests &&
		for f in $TEST_C; do "$1" $CFLAGS_CHECK -fsyntax-only "$f" || return 1; done
}

# the core objects of the gcc build
core_purity() {
	objs=
	for s in $CORE_SRCS; do
		o=${s#binder/}
		objs="$objs $BUILD/static/gcc/glibc/${o%.c}.o"
	done
	# shellcheck disable=SC2086 # one word per object
	sh tests/static/core-purity.sh $objs
}

cppcheck_all() {
	cppcheck --enable=warning,style,performance,portability --error-exitcode=1 --inline-suppr \
		--std=c11 -D_GNU_SOURCE -Ibinder -Itests --quiet binder tests/fuzz tests/sanitize tests/unit
}

tidy() {
	# shellcheck disable=SC2046,SC2086 # file names without spaces
	clang-tidy --quiet $(find binder -name '*.c' | sort) $TEST_C -- $CFLAGS_CHECK
}

# every shell file of the repository, build output and git excluded
shell_files() {
	find . \( -path ./.git -o -path "./$BUILD" -o -path ./build \) -prune -o -type f -print | sort |
		while IFS= read -r f; do
			case $f in
			*.sh) echo "$f" ;;
			*.service | *.conf | *.c | *.h | *.md | *.mk | */Makefile) ;;
			./initramfs-hooks/* | ./dracut-module/*) echo "$f" ;;
			*) if head -n 1 "$f" | grep -qE '^#!.*[/ ](ba|da|k)?sh( |$)' ||
				grep -qE '^# shellcheck shell=' "$f"; then echo "$f"; fi ;;
			esac
		done
}

shellcheck_all() {
	files=$(shell_files)
	echo "$files" | wc -l | sed 's/$/ shell files/'
	# shellcheck disable=SC2086 # file names without spaces
	shellcheck -x $files
}

step "gcc -Werror" build gcc
step "clang -Werror" build clang
step "klcc -Werror" "$MAKE" --no-print-directory -f "$MAKEFILE" BUILD="$BUILD" KLCC="$KLCC" "$BUILD/klibc/vfio-binder"
step "core purity" core_purity
step cppcheck cppcheck_all
step clang-tidy tidy
step clang-format sh tests/static/format.sh
step shellcheck shellcheck_all

echo "$passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
