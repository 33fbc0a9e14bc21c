#!/bin/sh
# make check-docs: the user's documents against the program, so they cannot
# drift. Every example of README.md and docs/*.md (tests/doclib.sh says how
# one is marked) runs on the machine it names, a fake root from
# tests/examples/, and must print what the page shows; a "# vfio-binder" block,
# or one that looks like the program's output, without a mark fails.
# The EXAMPLES of vfio-binder(8) run in order on the machines their "; example:"
# comments name, each command exiting as EXIT STATUS calls success (the two
# that need a whole Debian system, check-package runs there). Every exit
# status the page lists comes out of the program in a case below, and no case
# gives one it does not list; every option the page names is in the usage,
# and every file it names is installed by make install or used by the program.
#   sh tests/docs.sh HOST-BINARY VFIO-BINDER.8.SCD
set -u

# shellcheck source-path=SCRIPTDIR source=harness.sh disable=SC1091
. "$(dirname "$0")/harness.sh"
[ $# -eq 2 ] || {
	echo "usage: $0 HOST-BINARY VFIO-BINDER.8.SCD" >&2
	exit 64
}
harness_binary "$1"
MAN=$2
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=sysfs/lib.sh disable=SC1091
. "$HERE/sysfs/lib.sh"
# shellcheck source-path=SCRIPTDIR source=doclib.sh disable=SC1091
. "$HERE/doclib.sh"
EXAMPLES=$HERE/examples
# shellcheck disable=SC2034 # lib.sh's fake_pci_ids reads it
PCI_IDS_FIXTURE=$HERE/sysfs/pci.ids

harness_tmpdir docs fake_kernel_stop
OUT=$TMP/out
WANT=$TMP/want
machines=0

# machine NAME: a new fake root M built by tests/examples/NAME.sh ("none": no sysfs at all)
machine() {
	machines=$((machines + 1))
	M=$TMP/machine.$machines
	# shellcheck disable=SC2034 # the fake root lib.sh's functions build
	root=$M
	if [ "$1" = none ]; then
		mkdir -p "$M/proc" "$M/etc"
		return 0
	fi
	fake_root "$M"
	if [ ! -f "$EXAMPLES/$1.sh" ]; then
		echo "docs: no example machine $1" >&2
		return 1
	fi
	# shellcheck disable=SC1090 # the example machine
	. "$EXAMPLES/$1.sh"
}

# run_words ARGS: the binary on the machine with ARGS, a shell-quoted string;
# stdout and stderr together in $OUT, the machine's root taken out of paths
run_words() {
	eval "set -- $1"
	"$BIN" --root "$M" "$@" >"$TMP/raw" 2>&1
	rc=$?
	sed "s|$M||g" "$TMP/raw" >"$OUT"
}

# edit_conf COMMAND: a shell command that edits /etc/vfio-binder.conf, run on the machine's
edit_conf() {
	sh -c "$(printf '%s\n' "$1" | sed "s| /etc/vfio-binder.conf\$| $M/etc/vfio-binder.conf|")"
}

# --- README.md and docs/*.md
# every page's examples, "PAGE DIR" a line, in order
pages=0
: >"$TMP/examples"
for page in $(doc_pages "$TOP"); do
	pages=$((pages + 1))
	dir=$TMP/page.$pages
	doc_examples "$TOP/$page" "$dir"
	while read -r line; do
		fail "$page/unmarked:$line" "a '# vfio-binder' example or the program's output without an <!-- example: ... --> line before it"
	done <"$dir/unmarked"
	n=1
	while [ -d "$dir/$n" ]; do
		echo "$page $dir/$n" >>"$TMP/examples"
		n=$((n + 1))
	done
done
[ "$pages" -gt 1 ] || fail docs/pages "no pages in $TOP/docs"
while read -r page ex; do
	spec=$(cat "$ex/spec")
	name=$page/$(cat "$ex/line"):$spec
	case $spec in
	qemu\ *) continue ;;    # check-qemu compares it with its boot logs
	kernel\ *) continue ;;  # check-kernel with its scenario's lines
	modload\ *) continue ;; # check-modload with its case's log
	*:*)
		# a log: the block is what vfio-binder ARGS logs
		machine "${spec%%:*}" || { fail "$name" "no machine"; continue; }
		args=${spec#*: }
		run_words "$args"
		case $args in
		*boot) doc_kmsg <"$OUT" | doc_normal >"$TMP/o" ;;
		*) doc_normal <"$OUT" >"$TMP/o" ;;
		esac
		mv "$TMP/o" "$OUT"
		doc_normal <"$ex/block" >"$WANT"
		;;
	*)
		machine "$spec" || { fail "$name" "no machine"; continue; }
		first=$(head -n 1 "$ex/block")
		case $first in
		"# vfio-binder "*) ;;
		*)
			fail "$name" "the block does not start with '# vfio-binder ': $first"
			continue
			;;
		esac
		run_words "${first#\# vfio-binder }"
		sed 1d "$ex/block" >"$WANT"
		;;
	esac
	if [ ! -s "$WANT" ]; then
		fail "$name" "no block after the example line"
	else
		# the output, whatever the exit status, is the block
		expect_output "$name" "$rc" "$rc" "$(cat "$WANT")"
	fi
done <"$TMP/examples"

# --- the links between README.md, docs/*.md and HACKING.md: each names a file
# of the tree, and its #anchor a heading of that file (GitHub's slugs)
# anchors FILE: the slugs of FILE's headings, one a line
anchors() {
	sed -n 's/^#\{1,6\} //p' "$1" | tr '[:upper:]' '[:lower:]' | sed 's/[^a-z0-9 _-]//g; s/ /-/g'
}
for page in $(doc_pages "$TOP") HACKING.md; do
	dir=$(dirname "$page")
	# shellcheck disable=SC2013 # a link's target has no blanks
	for link in $(grep -oE '\]\([^)]+\)' "$TOP/$page" | sed 's/^](//; s/)$//' | grep -vE '^[a-z]+:' | sort -u); do
		file=${link%%#*}
		anchor=
		case $link in *#*) anchor=${link#*#} ;; esac
		target=$TOP/$dir/$file
		[ -n "$file" ] || target=$TOP/$page
		if [ ! -e "$target" ]; then
			fail "link:$page:$link" "no $dir/$file"
		elif [ -n "$anchor" ] && ! anchors "$target" | grep -qx -- "$anchor"; then
			fail "link:$page:$link" "no heading with the anchor #$anchor in $dir/$file"
		else
			pass "link:$page:$link"
		fi
	done
done

# --- vfio-binder(8): EXAMPLES, each fenced block in order on the machine of
# the "; example: MACHINE" comment before it
doc_man_examples "$MAN" >"$TMP/man-examples"
[ -s "$TMP/man-examples" ] || fail man/examples "no examples under EXAMPLES in $MAN"
current=
while IFS="	" read -r m cmd; do
	name="man/example:$m:$cmd"
	if [ "$m" != "$current" ]; then
		fake_kernel_stop
		machine "$m" || { fail "$name" "no machine"; continue; }
		current=$m
		case $m in
		# the bind and unbind example: a kernel that moves the links, vfio-pci built in
		*-passed)
			fake_driver_attrs
			fake_vfio_builtin
			fake_kernel_start 20 '0000:02:00.0=nvidia 0000:02:00.1=snd_hda_intel'
			;;
		esac
	fi
	case $cmd in
	"vfio-binder "*)
		run_words "${cmd#vfio-binder }"
		# check reports warnings with 1; every other command succeeds with 0
		case $cmd in
		*" check") ok=' 0 1 ' ;;
		*) ok=' 0 ' ;;
		esac
		case $ok in
		*" $rc "*) pass "$name" ;;
		*) fail "$name" "exit status $rc: $(oneline "$OUT")" ;;
		esac
		;;
	*" /etc/vfio-binder.conf")
		# an edit of the conf, on the machine's
		if edit_conf "$cmd"; then pass "$name"; else fail "$name" "the edit failed"; fi
		;;
	*)
		# those that need a whole Debian system run in check-package; no other is known
		where=$(doc_man_elsewhere "$cmd")
		case $where in
		chroot) echo "# $name: run by check-package (in its Debian root)" ;;
		guest) echo "# $name: run by check-package (in its booted guest)" ;;
		*) fail "$name" "not a command this test knows how to run" ;;
		esac
		;;
	esac
done <"$TMP/man-examples"
fake_kernel_stop
# the page's edit of the conf works too where the Debian guide (docs/install-debian.md) has
# uncommented the slots line already: still one slots line, a valid conf
edit=$(sed -n 's/^[^	]*	\(.* \/etc\/vfio-binder.conf\)$/\1/p' "$TMP/man-examples" | head -n 1)
machine two-gpus-conf
if [ -z "$edit" ]; then
	fail man/example-edit-twice "no edit of /etc/vfio-binder.conf among the examples"
else
	edit_conf "$edit"
	run_words check
	check man/example-edit-twice "$([ "$rc" = 0 ] || [ "$rc" = 1 ] || echo "check exit $rc after the edit: $(oneline "$OUT")")"
fi

# --- vfio-binder(8): EXIT STATUS against cases that give each status
# the page's statuses, "COMMAND STATUS" per line (a status with "(*bind*)"
# after it is bind's alone; "Every command exits 64" is every command's)
awk '
	/^# EXIT STATUS/ { on = 1; next }
	/^# / { on = 0 }
	!on { next }
	/^\*[a-z]+\*/ {
		n = 0
		s = $0
		while (match(s, /\*[a-z]+\*/)) { cmds[++n] = substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH) }
		next
	}
	/^\t/ && n {
		s = $0
		while (match(s, /(^|[ ;\t])[0-9]+( \(\*[a-z]+\*\))?/)) {
			t = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
			gsub(/^[ ;\t]/, "", t)
			split(t, w, " ")
			only = ""
			if (w[2] != "") { only = w[2]; gsub(/[(*)]/, "", only) }
			for (i = 1; i <= n; i++) if (only == "" || only == cmds[i]) print cmds[i], w[1]
		}
	}
	/^$/ { n = 0 }
' "$MAN" | sort -u >"$TMP/documented"
grep -q '^Every command exits 64' "$MAN" && for c in boot plan status list check bind unbind; do
	echo "$c 64"
done >>"$TMP/documented"
sort -u -o "$TMP/documented" "$TMP/documented"
[ -s "$TMP/documented" ] || fail man/exit-status "no statuses under EXIT STATUS in $MAN"

# case COMMAND STATUS MACHINE ARGS: the program gives STATUS, and the page lists it for COMMAND
: >"$TMP/given"
case_is() {
	name="man/exit-status:$1 $2:$3:$4"
	machine "$3" || { fail "$name" "no machine"; return; }
	if [ -n "${5:-}" ]; then
		fake_driver_attrs
		fake_vfio_builtin
		fake_kernel_start 20 "$5"
	fi
	run_words "$4"
	fake_kernel_stop
	echo "$1 $rc" >>"$TMP/given"
	if [ "$rc" != "$2" ]; then
		fail "$name" "exit status $rc: $(oneline "$OUT")"
	elif ! grep -qx "$1 $2" "$TMP/documented"; then
		fail "$name" "vfio-binder(8) does not list status $2 for $1"
	else
		pass "$name"
	fi
}
HOST='0000:02:00.0=nvidia 0000:02:00.1=snd_hda_intel'
case_is boot 0 two-gpus-conf "boot"
case_is boot 0 none "--cmdline 'vfio.slots=02:00.0' boot"
case_is boot 64 two-gpus "boot extra"
case_is plan 0 two-gpus "--cmdline 'vfio.slots=02:00.0' plan"
case_is plan 1 none "--cmdline 'vfio.slots=02:00.0' plan"
case_is plan 2 two-gpus "--cmdline 'vfio.slots=0g:00.0' plan"
case_is plan 64 two-gpus "plan extra"
case_is status 0 two-gpus-passed "status"
case_is status 1 two-gpus-conf "status"
case_is status 2 two-gpus "--cmdline 'vfio.slots=0g:00.0' status"
case_is status 64 two-gpus "--bogus status"
case_is list 0 two-gpus "list"
case_is list 1 none "list"
case_is list 64 two-gpus "list extra"
case_is check 0 two-gpus-conf "check"
case_is check 1 two-gpus "--cmdline 'vfio.slots=00:02.0' check"
case_is check 2 two-gpus "--cmdline 'vfio.slots=0g:00.0' check"
case_is check 3 chipset-slot "--cmdline 'vfio.slots=04:00.0@10de:2204,03:00.0' check"
case_is check 64 two-gpus "check extra"
case_is bind 0 two-gpus-conf "bind 02:00.0" "$HOST"
case_is bind 1 two-gpus-conf "bind 07:00.0" "$HOST"
case_is bind 3 chipset-slot "bind 03:00.0 04:00.0" "0000:03:00.0=igb"
case_is bind 64 two-gpus-conf "bind gpus"
case_is unbind 0 two-gpus-passed "unbind 02:00.0" "$HOST"
case_is unbind 1 two-gpus-conf "unbind 07:00.0" "$HOST"
case_is unbind 64 two-gpus-conf "unbind"
sort -u "$TMP/given" >"$TMP/g"
while read -r c s; do
	grep -qx "$c $s" "$TMP/g" || fail "man/exit-status:$c $s" "listed by vfio-binder(8), given by no case here"
done <"$TMP/documented"

# --- vfio-binder(8): status's states, the same words in the page, the text and the JSON
awk '/^\*status\*$/ { on = 1; next } /^\*[a-z]+\*$/ { on = 0 } on' "$MAN" | tr '\n' ' ' |
	sed -n 's/.*JSON \*state\* field: \(.*\)For each IOMMU group.*/\1/p' | grep -oE '\*[a-z-]+\*' | tr -d '*' |
	sort -u >"$TMP/states-page"
[ -s "$TMP/states-page" ] || fail man/states "no states in the page's status paragraph"
: >"$TMP/states-given"
for m in two-gpus-passed two-gpus-conf two-gpus-old-image two-gpus-built-in two-gpus-late-override \
	two-gpus-no-driver two-gpus-given-back two-gpus-pci-stub two-gpus-no-vfio two-gpus-named-alone two-gpus-record-unreadable; do
	machine "$m"
	# stdout alone: an unreadable record's warning goes to stderr beside the JSON
	"$BIN" --root "$M" --json status 2>/dev/null | jq -r '.items[].functions[].state' | sort -u >"$TMP/states"
	cat "$TMP/states" >>"$TMP/states-given"
	run_words status
	bad=
	while read -r st; do
		[ "$st" = vfio-pci ] || grep -qF ": $st: " "$OUT" || bad="$bad $st"
	done <"$TMP/states"
	check "man/states:$m:text-as-json" "${bad:+the text does not say:$bad}"
done
sort -u -o "$TMP/states-given" "$TMP/states-given"
check man/states:page-is-program "$(diff "$TMP/states-page" "$TMP/states-given" | grep '^[<>]' | sed 's/^</page only:/; s/^>/program only:/' | tr '\n' ' ')"

# --- vfio-binder(8): options and files
"$BIN" --help >"$TMP/usage" 2>&1
for o in $(grep -oE -- '\*--[a-z-]+\*' "$MAN" | tr -d '*' | sort -u); do
	if grep -qE -- "(^|[^a-z-])$o([^a-z-]|$)" "$TMP/usage"; then pass "man/option:$o"; else fail "man/option:$o" "not in the usage"; fi
done
make -s -C "$TOP" install DESTDIR="$TMP/stage" PREFIX=/usr >"$TMP/install.log" 2>&1 || fail man/files "make install failed: $(oneline "$TMP/install.log")"
# what the program names: the binaries' strings and those of the libraries
# the host tool links (libpci's ID file, libkmod's module directory), the hooks' sources
{
	strings "$BIN" "$TOP/build/initramfs/vfio-binder" "$TOP/build/klibc/vfio-binder"
	ldd "$BIN" | awk '$3 ~ /lib(pci|kmod|blkid)/ { print $3 }' | xargs -r strings
	cat "$TOP"/initramfs-hooks/* "$TOP"/dracut-module/*/* "$TOP"/mkinitcpio/*/*
} >"$TMP/named"
# named PATH: the program names PATH, up to its first placeholder (ADDR,
# NAME...); below /sys and /proc as it opens them, relative to those
named() {
	_p=$(printf '%s
' "$1" | sed -E 's|/[A-Z][A-Z0-9_]*(/.*)?$||; s|/$||')
	case $_p in /sys/* | /proc/*) _p=${_p#/*/} ;; esac
	grep -qF -- "$_p" "$TMP/named"
}
for f in $(awk '/^# FILES/ { on = 1; next } /^# / { on = 0 } on && /^_\//' "$MAN" | grep -oE '_/[^_ ]+_' | tr -d '_' | sort -u); do
	if [ -e "$TMP/stage$f" ] || named "$f"; then
		pass "man/file:$f"
	else
		fail "man/file:$f" "neither installed by make install nor named by the program, its libraries or its hooks"
	fi
done

summary
