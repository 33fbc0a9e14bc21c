# shellcheck shell=sh
# Shared by tests/docs.sh, tests/qemu/run.sh, tests/modload/run.sh and
# tests/package/run.sh (sourced): the examples of the documents. In the
# Markdown pages an example is an indented code block right after a line
#     <!-- example: MACHINE -->             the block's first line is "# vfio-binder ARGS"
#     <!-- example: MACHINE: ARGS -->       the block is the log of vfio-binder ARGS
#     <!-- example: qemu LOG -->            the block's lines are in that check-qemu log
#     <!-- example: modload CASE -->        the block's lines are in the kernel log of
#                                           check-modload's CASE (doc_kmsg)
# where MACHINE is tests/examples/MACHINE.sh, a fake root.

# doc_pages TOP: the user's documents, relative to TOP, one a line: README.md
# and the pages of docs/ it links to
doc_pages() {
	echo README.md
	(cd "$1" && find docs -maxdepth 1 -name '*.md' | sort)
}

# doc_examples DOC DIR: one directory DIR/N per example, holding "line" (of
# the comment), "spec" (what follows "example:") and "block" (its lines,
# without their indent); also DIR/unmarked, the line numbers of blocks that
# follow no such comment and start with "# vfio-binder" or hold a line of the
# program's output (a "vfio-binder: " log line, timestamped or not, or a
# status item line "ADDR@VVVV:DDDD: ")
doc_examples() {
	mkdir -p "$2"
	: >"$2/unmarked"
	awk -v dir="$2" '
		function finish() {
			if (n && inblock) close(dir "/" n "/block")
			inblock = 0
		}
		/^<!-- example: .* -->$/ {
			finish()
			n++
			system("mkdir -p " dir "/" n)
			spec = $0
			sub(/^<!-- example: /, "", spec)
			sub(/ -->$/, "", spec)
			print NR > (dir "/" n "/line")
			close(dir "/" n "/line")
			print spec > (dir "/" n "/spec")
			close(dir "/" n "/spec")
			printf "" > (dir "/" n "/block")
			pending = 1
			next
		}
		/^    / {
			if (pending || inblock) {
				if (pending) { pending = 0; inblock = 1 }
				print substr($0, 5) > (dir "/" n "/block")
			} else {
				if (!outside) { start = NR; said = 0 }
				if (!said && ((!outside && $0 ~ /^    # vfio-binder/) ||
				    $0 ~ /^    (\[ *[0-9]+\.[0-9]+\] )?vfio-binder: / ||
				    $0 ~ /^    [0-9a-f:.\/]+@[0-9a-f][0-9a-f][0-9a-f][0-9a-f]:[0-9a-f][0-9a-f][0-9a-f][0-9a-f]: /)) {
					print start > (dir "/unmarked")
					said = 1
				}
			}
			outside = 1
			next
		}
		/^$/ { if (inblock) finish(); outside = 0; next }
		{ if (inblock) finish(); pending = 0; outside = 0 }
		END { finish() }
	' "$1"
}

# doc_kmsg: the binder's stderr as the kernel log carries it: the kmsg
# lines have no "warning: " or "error: " word (their priority says it)
doc_kmsg() {
	sed -E 's/^vfio-binder: (warning|error): /vfio-binder: /'
}

# doc_missing WANT LOG: the first line of the file WANT that LOG lacks, its
# lines taken in order; nothing when LOG holds them all
doc_missing() {
	awk 'NR == FNR { want[++n] = $0; next } i < n && $0 == want[i + 1] { i++ }
		END { if (n == 0) print "(an empty block)"; else if (i < n) print want[i + 1] }' "$1" "$2"
}

# doc_marked TOP KIND DIR: the examples of the documents marked "KIND ...",
# "PAGE EXAMPLE-DIR" a line (the pages' examples go below DIR)
doc_marked() {
	_dp=0
	for _page in $(doc_pages "$1"); do
		_dp=$((_dp + 1))
		doc_examples "$1/$_page" "$3/$_dp"
		for _ex in "$3/$_dp"/*/; do
			[ -f "$_ex/spec" ] || continue
			case $(cat "$_ex/spec") in "$2 "*) echo "$_page $_ex" ;; esac
		done
	done
}

# doc_normal: a log as the document shows it: no kmsg timestamps, no
# durations (they vary from run to run)
doc_normal() {
	sed -E 's/^\[ *[0-9]+\.[0-9]+\] //; s/done in [0-9]+ ms/done in N ms/'
}

# doc_man_examples MAN: the EXAMPLES of vfio-binder(8), "MACHINE<TAB>COMMAND"
# a line in order: each fenced block's lines, on the machine of the
# "; example: MACHINE" comment before it
doc_man_examples() {
	awk '
		/^# EXAMPLES/ { on = 1; next }
		/^# / { on = 0 }
		on && /^; example: / { m = $3; next }
		on && /^```/ { fence = !fence; next }
		on && fence { print m "\t" $0 }
	' "$1"
}

# doc_man_elsewhere COMMAND: where check-package runs an example that needs a
# whole Debian system, "chroot" (its Debian root) or "guest" (the booted
# installed machine); nothing for the examples tests/docs.sh runs itself
doc_man_elsewhere() {
	case $1 in
	"update-initramfs -u") echo chroot ;;
	"dmesg | grep vfio-binder") echo guest ;;
	esac
}
