#!/bin/sh
# make check-dist: the Arch and Fedora recipes in dist/, with the real tools
# Debian packages. makepkg builds dist/arch/PKGBUILD and rpmbuild
# dist/fedora/vfio-binder.spec, as an unprivileged user, from `make dist`'s
# tarball of this tree and kmod's source given locally, with no network
# (unshare -n); rpmlint reports no error; each package's files are compared
# with the layout its distribution expects (arch.files, fedora.files); each
# installs into a scratch root, keeps an edited configuration on reinstall,
# and the hook it installed builds an image (mkinitcpio from its test fixture
# for Arch, dracut for Fedora) that carries the binary and the configuration.
# Prints "ok NAME" or "FAIL NAME: detail" per check and "N passed, N failed, N skipped".
# Needs root (useradd, unshare, mount).
set -u

DIST_HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$DIST_HERE/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../harness.sh
. "$TOP/tests/harness.sh"

WORK=$TOP/build/dist
LOGS=$WORK/logs
BUILDER=vbdist
# the kmod tarball: where the Debian build fetched it, in shared/third-party
# beside the repository, or fetched here by apt-get source --download-only
THIRD_PARTY=$(cd "$TOP/.." && pwd)/shared/third-party

now() {
	date +%s
}

tail_of() {
	tail -n 5 "$1" | tr '\n' '|'
}

# as_builder DIR LOG COMMAND: COMMAND as the unprivileged user in DIR,
# without a network (a namespace of its own with no interface up)
as_builder() {
	unshare -n su "$BUILDER" -s /bin/sh -c "cd '$1' && $3" >"$2" 2>&1
}

# in_namespace LOG "ROOT..." SCRIPT: SCRIPT (sh) in a mount namespace where
# the ROOTs' /usr and /etc lie over this machine's, the first on top
# (overlayfs, read-only: nothing is written to either): the generators see
# the package's files where it installed them, everything else from here
in_namespace() {
	usr='' etc=''
	for r in $2; do
		usr=$usr$r/usr: etc=$etc$r/etc:
	done
	unshare -m sh -c "mount --make-rprivate / &&
		mount -t overlay vbdist-usr -o 'lowerdir=${usr}/usr' /usr &&
		mount -t overlay vbdist-etc -o 'lowerdir=${etc}/etc' /etc && $3" >"$1" 2>&1
}

# image_has NAME DIR ROOT LOG PATH...: the image unpacked in DIR carries
# ROOT's initramfs binary as /usr/sbin/vfio-binder, ROOT's configuration, and
# every PATH; its vfio-binder files are listed
image_has() {
	name=$1 dir=$2 root=$3 log=$4
	shift 4
	(cd "$dir" && find . -path '*vfio*' ! -type d | sed 's|^\.|# image: |' | sort)
	detail=
	cmp -s "$dir/usr/sbin/vfio-binder" "$root/usr/libexec/vfio-binder/vfio-binder" ||
		detail="usr/sbin/vfio-binder is not the package's initramfs binary;"
	cmp -s "$dir/etc/vfio-binder.conf" "$root/etc/vfio-binder.conf" ||
		detail="$detail etc/vfio-binder.conf is not the installed configuration;"
	for p in "$@"; do
		[ -e "$dir/$p" ] || detail="$detail no $p;"
	done
	check "$name" "${detail:+$detail (build log: $(tail_of "$log"))}"
}

# same_layout NAME LIST EXPECTED: the package's file list against the expected
# one, but for what the packaging tool adds on its own: the compression of man
# pages (each tool's choice) and rpm's /usr/lib/.build-id links
same_layout() {
	check "$1" "$(grep -v '^/usr/lib/\.build-id' "$2" | sed '\|^/usr/share/man/|s/\.\(gz\|bz2\|xz\|zst\)$//' |
		LC_ALL=C sort | diff "$3" - | sed -n 's/^\([<>]\) /\1/p' | sed 's/^</missing /; s/^>/unexpected /' |
		tr '\n' ' ')"
}

# needed_libs FILE: the shared libraries an ELF file links, one soname a line
needed_libs() {
	readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'
}

# is_static FILE: empty when FILE is a static executable, else why not
is_static() {
	if [ ! -f "$1" ]; then
		echo "no $1"
	elif readelf -l "$1" | grep -q INTERP || [ -n "$(needed_libs "$1")" ]; then
		echo "$1 is dynamically linked"
	fi
}

# with_conf_mark ROOT: an edit of ROOT's /etc/vfio-binder.conf, the way an
# admin's would be, for the reinstall and the image to keep
with_conf_mark() {
	printf '\n# edited for check-dist\n' >>"$1/etc/vfio-binder.conf"
	cp "$1/etc/vfio-binder.conf" "$WORK/${1##*/}.edited.conf"
}

[ "$(id -u)" = 0 ] || abort "needs root: useradd, unshare and mount"
for tool in makepkg pacman rpmbuild rpm rpmlint rpm2cpio cpio bsdtar readelf unshare su useradd dracut lsinitrd \
	sha256sum git; do
	command -v "$tool" >/dev/null || abort "missing tool: $tool (make deps-qemu installs it)"
done
KVER=$(find /lib/modules -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort -V | tail -n 1)
[ -n "$KVER" ] || abort "no kernel in /lib/modules for the images (linux-image-amd64)"
rm -rf "$WORK/arch" "$WORK/rpm" "$WORK/roots" "$LOGS"
mkdir -p "$WORK" "$LOGS" "$WORK/roots"
id "$BUILDER" >/dev/null 2>&1 || useradd -r -m -d "$WORK/home" -s /bin/sh "$BUILDER" ||
	abort "useradd $BUILDER failed"

echo "# sources"
VERSION=$(sed -n 's/^VERSION = //p' "$TOP/Makefile")
arch_ver=$(sed -n 's/^pkgver=//p' "$TOP/dist/arch/PKGBUILD")
rpm_ver=$(sed -n 's/^Version: *//p' "$TOP/dist/fedora/vfio-binder.spec")
deb_ver=$(sed -n '1s/^vfio-binder (\([^)-]*\).*/\1/p' "$TOP/debian/changelog")
check version "$(for v in "PKGBUILD:$arch_ver" "spec:$rpm_ver" "debian/changelog:$deb_ver"; do
	[ "${v#*:}" = "$VERSION" ] || echo "${v%%:*} says ${v#*:}, the Makefile $VERSION;"
done)"
make -C "$TOP" --no-print-directory dist >"$LOGS/dist.log" 2>&1 || abort "make dist failed: $(tail_of "$LOGS/dist.log")"
TARBALL=$TOP/build/vfio-binder-$VERSION.tar.gz

# the pins: one kmod version and checksum in both recipes, Debian's own
kmodver=$(sed -n 's/^_kmodver=//p' "$TOP/dist/arch/PKGBUILD")
kmod_sum=$(sed -n "s/^sha256sums=('SKIP'//; /^ *'\([0-9a-f]\{64\}\)')\$/s//\1/p" "$TOP/dist/arch/PKGBUILD")
KMOD_TARBALL_NAME=kmod_$kmodver.orig.tar.xz
check kmod-pin.recipes-agree "$(
	grep -qx "%global kmod_version $kmodver" "$TOP/dist/fedora/vfio-binder.spec" || echo "kmod version differs;"
	grep -qx "%global kmod_sha256 $kmod_sum" "$TOP/dist/fedora/vfio-binder.spec" || echo "kmod checksum differs;"
	[ -n "$kmod_sum" ] || echo "no checksum in the PKGBUILD")"
KMOD_TARBALL=
for f in "$TOP/build/kmod/$KMOD_TARBALL_NAME" "$THIRD_PARTY/$KMOD_TARBALL_NAME" "$WORK/kmod/$KMOD_TARBALL_NAME"; do
	[ -f "$f" ] && KMOD_TARBALL=$f && break
done
if [ -z "$KMOD_TARBALL" ]; then
	mkdir -p "$WORK/kmod"
	(cd "$WORK/kmod" && apt-get source --download-only -qq "kmod=${kmodver}-1") >"$LOGS/kmod-fetch.log" 2>&1 ||
		abort "no $KMOD_TARBALL_NAME and apt-get source failed: $(tail_of "$LOGS/kmod-fetch.log")"
	KMOD_TARBALL=$WORK/kmod/$KMOD_TARBALL_NAME
fi
echo "# kmod source: $KMOD_TARBALL"
dsc=$(find "${KMOD_TARBALL%/*}" -maxdepth 1 -name "kmod_$kmodver-*.dsc" | head -n 1)
if [ -n "$dsc" ]; then
	check kmod-pin.debian-dsc "$(grep -q " $kmod_sum [0-9]* $KMOD_TARBALL_NAME\$" "$dsc" ||
		echo "the pinned checksum is not the one in $dsc")"
else
	skip kmod-pin.debian-dsc "no Debian .dsc beside $KMOD_TARBALL"
fi

# mkinitcpio 41 from its release tarball, as check-qemu runs it (mkc_setup,
# mkc_errors), set up under $WORK
# shellcheck source-path=SCRIPTDIR source=../qemu/mkinitcpio.sh
. "$TOP/tests/qemu/mkinitcpio.sh"
# shellcheck source-path=SCRIPTDIR source=arch.sh
. "$DIST_HERE/arch.sh"
# shellcheck source-path=SCRIPTDIR source=fedora.sh
. "$DIST_HERE/fedora.sh"

t0=$(now)
arch_build &
arch_pid=$!
fedora_build
wait "$arch_pid"
echo "# builds (in parallel): $(($(now) - t0)) s"

arch_checks
fedora_checks

summary
