#!/bin/sh
# The man pages against the binary they document: they render without a
# groff warning, vfio-binder(8) names every command and option the binary's
# usage lists, and vfio-binder.conf(5) every item form its parser names.
#   sh tests/man.sh BINARY VFIO-BINDER.8 VFIO-BINDER.CONF.5
set -u

# shellcheck source-path=SCRIPTDIR source=harness.sh disable=SC1091
. "$(dirname "$0")/harness.sh"
[ $# -eq 3 ] || {
	echo "usage: $0 BINARY MAN8 MAN5" >&2
	exit 64
}
harness_binary "$1"
MAN8=$2 MAN5=$3
harness_tmpdir man

for page in "$MAN8" "$MAN5"; do
	name=render/$(basename "$page")
	if ! LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" >"$TMP/text" 2>"$TMP/warn"; then
		fail "$name" "man failed: $(oneline "$TMP/warn")"
	elif [ -s "$TMP/warn" ]; then
		fail "$name" "groff warnings: $(oneline "$TMP/warn")"
	else
		pass "$name"
	fi
	cp "$TMP/text" "$TMP/$(basename "$page").txt"
done
PAGE8=$TMP/$(basename "$MAN8").txt
PAGE5=$TMP/$(basename "$MAN5").txt

# section TEXT HEADING: the lines of a rendered page's section
section() {
	awk -v h="$2" '/^[A-Z]/ { on = ($0 == h) } on' "$1"
}

# documented NAME FILE WORD: WORD is a term of its own in FILE
documented() {
	if grep -qE "(^|[^[:alnum:]_-])$(printf '%s' "$3" | sed 's/[.[*^$]/\\&/g')([^[:alnum:]_-]|$)" "$2"; then
		pass "$1"
	else
		fail "$1" "'$3' is not in the page"
	fi
}

"$BIN" --help >"$TMP/usage" 2>&1
commands=$(sed -n '/^commands:/,/^$/p' "$TMP/usage" | awk 'NR > 1 && NF { print $1 }')
options=$(grep -oE -- '--[a-z-]+' "$TMP/usage" | sort -u)
if [ -z "$commands" ] || [ -z "$options" ]; then
	fail usage "no commands or options in: $(oneline "$TMP/usage")"
fi

section "$PAGE8" COMMANDS >"$TMP/commands"
section "$PAGE8" OPTIONS >"$TMP/options"
section "$PAGE8" "EXIT STATUS" >"$TMP/exit"
for c in $commands; do
	documented "vfio-binder.8/command/$c" "$TMP/commands" "$c"
	documented "vfio-binder.8/exit-status/$c" "$TMP/exit" "$c"
done
for o in $options; do
	documented "vfio-binder.8/option/$o" "$TMP/options" "$o"
	case $o in
	--help) documented "vfio-binder.8/synopsis/$o" "$PAGE8" "vfio-binder --help" ;;
	*) documented "vfio-binder.8/synopsis/$o" "$PAGE8" "[$o" ;;
	esac
done

# the item forms, as the parser names them when it meets an unknown one
"$BIN" --root "$TMP/none" --cmdline 'vfio.slots=?' plan >/dev/null 2>"$TMP/err"
forms=$(sed -n 's/.*unknown item (expected \(.*\))$/\1/p' "$TMP/err" | head -n 1)
[ -n "$forms" ] || fail item-forms "no list of item forms in: $(oneline "$TMP/err")"
section "$PAGE5" ITEMS >"$TMP/items"
for form in $(printf '%s\n' "$forms" | sed 's/, / /g; s/ or / /g; s/^an address //; s/^a path //'); do
	documented "vfio-binder.conf.5/item/$form" "$TMP/items" "$form"
done
documented vfio-binder.conf.5/item/address "$TMP/items" "[DOMAIN:]BUS:DEV[.FN]"
documented vfio-binder.conf.5/item/path "$TMP/items" "[DOMAIN:]BUS:DEV.FN/DEV.FN[/DEV.FN...]"
documented vfio-binder.conf.5/item/guard "$TMP/items" "ITEM@VENDOR:DEVICE"
documented vfio-binder.conf.5/files "$PAGE5" /etc/vfio-binder.conf

summary
