#!/bin/sh
# The installed documentation's links, as a reader of /usr/share/doc follows
# them: every relative link of every *.md below DOCDIR names a file there.
# Prints "PAGE: LINK" for each link that points at nothing; exits 1 if any.
#   sh tests/doclinks.sh DOCDIR
set -u
[ $# = 1 ] || {
	echo "usage: $0 DOCDIR" >&2
	exit 64
}
[ -f "$1/README.md" ] || {
	echo "$1: no README.md"
	exit 1
}
bad=0
for page in $(cd "$1" && find . -name '*.md' | sort); do
	dir=$(dirname "$1/$page")
	# shellcheck disable=SC2013 # a link's target has no blanks
	for link in $(grep -oE '\]\([^)]+\)' "$1/$page" | sed 's/^](//; s/)$//; s/#.*//' | grep -vE '^([a-z]+:|$)' | sort -u); do
		[ -e "$dir/$link" ] && continue
		echo "${page#./}: $link"
		bad=1
	done
done
exit "$bad"
