#!/bin/sh
# The core is pure: its objects may call each other and these libc functions
# (memory, strings, formatting into buffers, sorting), nothing that does I/O,
# logs or loads modules. Lists every other undefined symbol and exits 1.
#   sh tests/static/core-purity.sh OBJECT...
set -u

allowed=' __assert_fail __stack_chk_fail calloc free malloc realloc reallocarray strdup strndup '
allowed="$allowed memchr memcmp memcpy memmove memset strchr strcmp strcspn strerror strlen strncmp strrchr "
allowed="$allowed strspn strstr snprintf vsnprintf qsort "

if [ $# -eq 0 ]; then
	echo "usage: $0 OBJECT..." >&2
	exit 64
fi
# nm -P: "NAME TYPE [VALUE SIZE]" per symbol; one object at a time, no file headers
symbols() {
	for o in "$@"; do nm -P "$o" || exit 1; done
}
defined=$(symbols "$@" | awk '$2 != "U" { print $1 }' | sort -u)
bad=0
for sym in $(symbols "$@" | awk '$2 == "U" { print $1 }' | sort -u); do
	case $allowed in
	*" $sym "*) continue ;;
	esac
	if printf '%s\n' "$defined" | grep -qx "$sym"; then
		continue
	fi
	echo "core-purity: the core calls $sym" >&2
	bad=1
done
exit $bad
