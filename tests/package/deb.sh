# shellcheck shell=sh
# The Debian package built from this tree and the Debian root it is installed
# into, each made once and shared by check-package and check-ansible, which
# make test runs at the same time: the first to come builds, under a lock,
# the other waits and takes the result. Sourced with TOP set; POSIX sh.
# Needs root (mmdebstrap, chroot, mount), dpkg-buildpackage and Debian's archive.

VB_DEBIAN_MIRROR=${VB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# the union of what the two suites need: Debian's kernel and what rebuilds its
# image (both), python3 and python3-apt for Ansible's modules (check-ansible)
VB_DEBIAN_PACKAGES='linux-image-amd64 initramfs-tools zstd python3 python3-apt'

# _vb_tree: the tracked files (and any not yet committed), as a fresh clone
# has them, NUL-separated, relative to TOP
_vb_tree() {
	if git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$TOP" ls-files -z --cached --others --exclude-standard
	else
		(cd "$TOP" && find . -path ./build -prune -o -type f -print0)
	fi
}

# _vb_digest: a short digest of stdin
_vb_digest() {
	sha256sum | cut -c1-16
}

# _vb_build_deb DIR LOG: the package from the tree, its files in DIR
_vb_build_deb() {
	mkdir -p "$1/src/build" || return 1
	(cd "$TOP" && _vb_tree | xargs -0 tar -cf -) | tar -xf - -C "$1/src" || return 1
	# the kmod source `make` already fetched, rather than fetching it again
	if [ -f "$TOP/build/kmod/libkmod.a" ]; then
		cp -a "$TOP/build/kmod" "$1/src/build/" || return 1
	fi
	# nocheck: the build-time tests (debian/rules' override_dh_auto_test)
	# are suites make test runs on these same sources; check-package checks
	# that the package still names them
	(cd "$1/src" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b) >"$2" 2>&1 || return 1
	rm -rf "$1/src"
}

# vb_deb: the package of the tree as it is now, built unless it was already:
# DEB_DIR holds it with its .changes, DEB is the .deb, DEB_LOG the build's
# log (kept beside DEB_DIR when the build failed). Fails when it cannot be built.
vb_deb() {
	DEB=
	_vb_base=$TOP/build/deb
	mkdir -p "$_vb_base" || return 1
	_vb_key=$(cd "$TOP" && _vb_tree | sort -z | xargs -0 sha256sum | _vb_digest)
	DEB_DIR=$_vb_base/$_vb_key
	DEB_LOG=$DEB_DIR/dpkg-buildpackage.log
	(
		flock 9 || exit 1
		[ -f "$DEB_DIR/.complete" ] && exit 0
		# a build of an earlier tree is of no more use
		find "$_vb_base" -mindepth 1 -maxdepth 1 ! -name lock -exec rm -rf {} +
		mkdir -p "$DEB_DIR.tmp" || exit 1
		if _vb_build_deb "$DEB_DIR.tmp" "$DEB_DIR.tmp/${DEB_LOG##*/}"; then
			touch "$DEB_DIR.tmp/.complete" && mv "$DEB_DIR.tmp" "$DEB_DIR"
		else
			mv "$DEB_DIR.tmp/${DEB_LOG##*/}" "$_vb_base/" 2>/dev/null
			rm -rf "$DEB_DIR.tmp"
			exit 1
		fi
	) 9>"$_vb_base/lock" || {
		DEB_LOG=$_vb_base/${DEB_LOG##*/}
		return 1
	}
	DEB=$(find "$DEB_DIR" -maxdepth 1 -name 'vfio-binder_*.deb' | head -n 1)
	[ -n "$DEB" ]
}

# _vb_host_lists: the host's one-line binary package sources
_vb_host_lists() {
	grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list || true
}

# _vb_host_deb822: the host's deb822 binary package sources
_vb_host_deb822() {
	for _vb_f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$_vb_f" ] || continue
		awk 'BEGIN { RS = ""; ORS = "\n\n" } /(^|\n)Types: deb(\n|$)/' "$_vb_f"
	done
}

# _vb_make_root DIR LOG: a minimal Debian root (mmdebstrap, minbase) with the
# packages, from the host's binary package sources (updates and security
# too), so that the root gets the kernel the host would get; Debian's
# mirror when the host names none. DIR is a tmpfs: on this disk the file
# system's work was most of a root's making. dpkg's fsyncs and apt's
# recommends are off while it is made only. The kernel's install makes no
# image (INITRD=No); the first one is made after it with MODULES=list, in
# seconds instead of the minute Debian's MODULES=most takes: the package's
# install rebuilds it with Debian's settings (check-package checks that
# rebuild), and update-initramfs -u rebuilds only an image that exists.
_vb_make_root() {
	_vb_dir=$1 _vb_log=$2
	_vb_sources=$_vb_dir.sources
	_vb_host_deb822 >"$_vb_sources"
	set --
	[ ! -s "$_vb_sources" ] || set -- "$_vb_sources"
	_vb_lines=$(_vb_host_lists)
	while IFS= read -r _vb_line; do
		[ -z "$_vb_line" ] || set -- "$@" "$_vb_line"
	done <<EOF_LINES
$_vb_lines
EOF_LINES
	[ $# -gt 0 ] || set -- "$VB_DEBIAN_MIRROR"
	_vb_first=/etc/initramfs-tools/conf.d/vbtest-first-image
	# shellcheck disable=SC2016 # $1 of the hooks is mmdebstrap's
	INITRD=No mmdebstrap --variant=minbase --include="$(echo "$VB_DEBIAN_PACKAGES" | tr ' ' ,)" \
		--dpkgopt=force-unsafe-io --aptopt='APT::Install-Recommends "false"' --skip=cleanup/apt/lists \
		--customize-hook="echo MODULES=list >\"\$1$_vb_first\" && chroot \"\$1\" update-initramfs -c -k all && rm \"\$1$_vb_first\"" \
		--customize-hook='rm "$1/etc/dpkg/dpkg.cfg.d/99mmdebstrap" "$1/etc/apt/apt.conf.d/99mmdebstrap"' \
		bookworm "$_vb_dir" "$@" >"$_vb_log" 2>&1
}

# vb_debian_root: the pristine Debian root as a tar, made unless it was
# already: ROOT_TAR is the tar, ROOT_LOG the log of its making. Its name
# changes with what goes into it (this recipe, the mirror, the host's
# sources). Each suite extracts its own copy. Fails when it cannot be made.
vb_debian_root() {
	_vb_base=$TOP/build/debian
	mkdir -p "$_vb_base" || return 1
	_vb_key=$({
		cat "$TOP/tests/package/deb.sh"
		echo "$VB_DEBIAN_MIRROR"
		_vb_host_lists
		_vb_host_deb822
	} | _vb_digest)
	ROOT_TAR=$_vb_base/bookworm-$_vb_key.tar
	ROOT_LOG=$_vb_base/bookworm-$_vb_key.log
	(
		flock 9 || exit 1
		[ -f "$ROOT_TAR" ] && exit 0
		_vb_dir=$_vb_base/pristine
		# a killed run's tmpfs, with whatever was mounted in it
		! mountpoint -q "$_vb_dir" || umount -l "$_vb_dir" || exit 1
		find "$_vb_base" -mindepth 1 -maxdepth 1 ! -name lock -exec rm -rf {} +
		mkdir "$_vb_dir" && mount -t tmpfs -o mode=755 tmpfs "$_vb_dir" || exit 1
		_vb_make_root "$_vb_dir" "$ROOT_LOG" &&
			tar -C "$_vb_dir" -cf "$ROOT_TAR.tmp" . && mv "$ROOT_TAR.tmp" "$ROOT_TAR"
		_vb_rc=$?
		umount -l "$_vb_dir"
		rm -rf "$_vb_dir" "$_vb_dir.sources" "$ROOT_TAR.tmp"
		exit "$_vb_rc"
	) 9>"$_vb_base/lock"
}
