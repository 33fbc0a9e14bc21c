# shellcheck shell=sh
# Shared by tests/docs.sh and tests/qemu/run.sh (sourced): the examples of
# the Markdown documents. An example is an indented code block right after a
# line
#     <!-- example: MACHINE -->             the block's first line is "# vfio-binder ARGS"
#     <!-- example: MACHINE: ARGS -->       the block is the log of vfio-binder ARGS
#     <!-- example: qemu LOG -->            the block's lines are in that check-qemu log
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
# start with "# vfio-binder" and follow no such comment
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
			} else if (!outside && $0 ~ /^    # vfio-binder/) {
				print NR > (dir "/unmarked")
			}
			outside = 1
			next
		}
		/^$/ { if (inblock) finish(); outside = 0; next }
		{ if (inblock) finish(); pending = 0; outside = 0 }
		END { finish() }
	' "$1"
}

# doc_normal: a log as the document shows it: no kmsg timestamps, no
# durations (they vary from run to run)
doc_normal() {
	sed -E 's/^\[ *[0-9]+\.[0-9]+\] //; s/done in [0-9]+ ms/done in N ms/'
}
