#!/bin/sh
# make check-package: builds the Debian package from a copy of this tree with
# dpkg-buildpackage, runs lintian on it, installs it into a clean Debian root
# made by mmdebstrap (with Debian's kernel and initramfs-tools), both shared
# with check-ansible (deb.sh), and boots the initramfs that the install built
# there under QEMU. Then it removes and purges the package and boots again.
# Prints "ok NAME" or "FAIL NAME: detail" per check and "N passed, N failed, N skipped".
# Needs root (mmdebstrap, chroot) and Debian's archive.
set -u

PKG_HERE=$(cd "$(dirname "$0")" && pwd)
HERE=$(cd "$PKG_HERE/../qemu" && pwd)
# shellcheck source-path=SCRIPTDIR source=../qemu/lib.sh
. "$HERE/lib.sh"
# shellcheck source-path=SCRIPTDIR source=../harness.sh
. "$TOP/tests/harness.sh"
# shellcheck source-path=SCRIPTDIR source=deb.sh
. "$PKG_HERE/deb.sh"
# shellcheck source-path=SCRIPTDIR source=../doclib.sh
. "$TOP/tests/doclib.sh"

# lib.sh's images and logs are check-qemu's; this suite keeps its own
WORK=$TOP/build/package
LOGS=$WORK/logs
ROOT_IMG=$WORK/root.img
CHROOT=$WORK/chroot

# a suite that cannot even start still ends with its count, as a failure
die() {
	abort "$*"
}

# Only proc: with the build machine's sysfs, the hook's check would judge
# the test's slots against this machine's PCI devices, not the guest's.
unmount_chroot() {
	if mountpoint -q "$CHROOT/proc" 2>/dev/null; then
		umount -l "$CHROOT/proc"
	fi
}

# in_chroot LOG COMMAND...: COMMAND inside the Debian root, output to LOG
in_chroot() {
	log=$1
	shift
	DEBIAN_FRONTEND=noninteractive LC_ALL=C chroot "$CHROOT" "$@" >"$log" 2>&1
}

tail_of() {
	tail -n 5 "$1" | tr '\n' '|'
}

[ "$(id -u)" = 0 ] || die "needs root: mmdebstrap and chroot"
for tool in dpkg-buildpackage lintian mmdebstrap qemu-system-x86_64 mke2fs depmod modprobe \
	apt-get dpkg-deb mountpoint timeout flock; do
	command -v "$tool" >/dev/null || die "missing tool: $tool"
done
mkdir -p "$WORK" "$LOGS"
trap unmount_chroot EXIT
trap 'exit 130' INT TERM HUP

echo "# build"
t0=$(now)
if vb_deb; then
	pass build
else
	fail build "dpkg-buildpackage failed: $(tail_of "$DEB_LOG")"
fi
echo "# dpkg-buildpackage: $(($(now) - t0)) s ($DEB_LOG)"
[ -n "$DEB" ] || die "no package was built: see $DEB_LOG"
# The build-time tests are built without (nocheck, deb.sh): what they run
# must still be the suites a package build runs, and nothing under nocheck.
# shellcheck disable=SC2016 # make's $(MAKE), set to print what it would run
rules_test() {
	(cd "$TOP" && env DEB_BUILD_OPTIONS="$1" make -s -f debian/rules override_dh_auto_test MAKE='echo make') 2>&1
}
got=$(rules_test '')
check build-time-tests "$([ "$got" = 'make check-unit check-sysfs check-sysfs-klibc check-postboot check-man' ] ||
	echo "debian/rules' dh_auto_test runs '$got'")"
missing=
for t in ${got#make }; do
	grep -q "^$t:" "$TOP/Makefile" || missing="$missing $t"
done
check build-time-tests.are-targets "${missing:+not targets of the Makefile:$missing}"
got=$(rules_test nocheck)
check build-time-tests.nocheck "$([ -z "$got" ] || echo "with nocheck, debian/rules' dh_auto_test runs '$got'")"

echo "# lintian"
# Any error or warning fails. Overrides are shown by a second run: lintian
# 2.116 with --show-overrides fails on the overridden tags too.
if lintian --fail-on error,warning "$DEB_DIR"/vfio-binder_*.changes >"$LOGS/lintian.log" 2>&1; then
	pass lintian
else
	fail lintian "$(grep -E '^[EW]: ' "$LOGS/lintian.log" | tr '\n' '|')"
fi
lintian --pedantic --display-info --show-overrides "$DEB_DIR"/vfio-binder_*.changes 2>&1 |
	grep -v 'running with root privileges' | sed 's/^/# lintian: /'
# every override says why, on the comment lines right above it
unjustified=$(awk '/^#/ { said = 1; next } /^[[:space:]]*$/ { said = 0; next }
	{ if (!said) print FILENAME ": " $0 }' "$TOP"/debian/*lintian-overrides)
check lintian-overrides-justified "$unjustified"

echo "# the package's control data"
dpkg-deb -c "$DEB" | awk '{ print $6 }' | sed 's/^\.//' >"$WORK/contents"
missing=
for f in /usr/sbin/vfio-binder /usr/libexec/vfio-binder/vfio-binder /usr/libexec/vfio-binder/vfio-binder-klibc \
	/etc/vfio-binder.conf /usr/share/man/man8/vfio-binder.8.gz \
	/usr/share/man/man5/vfio-binder.conf.5.gz /usr/share/initramfs-tools/hooks/vfio-binder \
	/usr/share/initramfs-tools/scripts/init-top/00-vfio-binder \
	/usr/lib/dracut/modules.d/90vfio-binder/module-setup.sh /usr/share/doc/vfio-binder/copyright \
	/usr/share/doc/vfio-binder/README.md /usr/share/doc/vfio-binder/docs/install-debian.md; do
	grep -qx "$f" "$WORK/contents" || missing="$missing $f"
done
check contents "${missing:+missing:$missing}"
rm -rf "$WORK/unpacked"
dpkg-deb -x "$DEB" "$WORK/unpacked"
check doc-links "$(sh "$TOP/tests/doclinks.sh" "$WORK/unpacked/usr/share/doc/vfio-binder" | tr '\n' ' ')"
check no-mkinitcpio-files "$(grep '^/usr/lib/initcpio' "$WORK/contents" | tr '\n' ' ')"
conffiles=$(dpkg-deb --ctrl-tarfile "$DEB" | tar -xOf - ./conffiles 2>/dev/null)
check conffile "$([ "$conffiles" = /etc/vfio-binder.conf ] || echo "conffiles: '$conffiles'")"
triggers=$(dpkg-deb --ctrl-tarfile "$DEB" | tar -xOf - ./triggers 2>/dev/null | grep -v '^#')
check trigger "$([ "$triggers" = 'activate-noawait update-initramfs' ] || echo "triggers: '$triggers'")"
built_using=$(dpkg-deb -f "$DEB" Built-Using)
# dpkg-gencontrol sorts the list: klibc, kmod, musl
check built-using "$(echo "$built_using" | grep -qx 'klibc (= [^,]*), kmod (= [^,]*), musl (= [^,]*)' ||
	echo "Built-Using: '$built_using'")"

echo "# a clean Debian root"
t0=$(now)
unmount_chroot
vb_debian_root || die "could not make the Debian root: see $ROOT_LOG"
rm -rf "$CHROOT"
if ! mkdir "$CHROOT" || ! tar -C "$CHROOT" -xf "$ROOT_TAR"; then
	die "cannot extract $ROOT_TAR"
fi
mount -t proc proc "$CHROOT/proc" || die "cannot mount proc in $CHROOT"
echo "# Debian root: $(($(now) - t0)) s"
KVER=$(find "$CHROOT/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
KERNEL=$CHROOT/boot/vmlinuz-$KVER
IMAGE=$CHROOT/boot/initrd.img-$KVER
if [ ! -r "$KERNEL" ] || [ ! -r "$IMAGE" ]; then
	die "no kernel or initramfs in the Debian root for $KVER"
fi
vb_kernel "$KERNEL"
echo "# kernel in the Debian root: $KVER, booted from $KERNEL"

# the image's file list, and whether the binder is in it
image_files() {
	in_chroot "$LOGS/lsinitramfs.log" lsinitramfs "/boot/initrd.img-$KVER"
	cat "$LOGS/lsinitramfs.log"
}

# image_generated LOG: the dpkg run in LOG rebuilt this kernel's initramfs
image_generated() {
	grep -q "update-initramfs: Generating /boot/initrd.img-$KVER" "$1" ||
		echo "no initramfs rebuild: $(tail_of "$1")"
}

# the test root of the QEMU tests, with the Debian root's kernel modules
MODROOT=$CHROOT
vb_build_root >"$LOGS/root.log" 2>&1 || die "cannot build the test root: see $LOGS/root.log"
MODROOT=

# boot NAME CMDLINE "ADDR=DRIVER ...": the Debian root's kernel and initramfs
# on the twin-GPU machine, the test root reached and every function's driver
boot() {
	log=$LOGS/$1.log
	t0=$(now)
	rc=0
	vb_boot "$log" "$IMAGE" twin "$2" || rc=$?
	echo "# $1: boot $(($(now) - t0)) s"
	if log_reached_root "$log"; then
		pass "$1.root"
		check "$1.drivers" "$(vb_mismatches "$log" "$3")"
	else
		fail "$1.root" "test root not reached (qemu exit $rc): $(log_text "$log" | tail -n 3 | tr '\n' '|')"
	fi
}

echo "# install"
cp "$DEB" "$CHROOT/tmp/"
# as docs/install-debian.md says, with apt, which brings the shared libraries the host
# tool links (libpci3 is not in a minbase root)
# shellcheck disable=SC2016 # $1 is the inner shell's
if in_chroot "$LOGS/install.log" sh -c 'apt-get update -qq && apt-get install -y --no-install-recommends "$1"' sh \
	"/tmp/${DEB##*/}"; then
	pass install
else
	fail install "apt-get install failed: $(tail_of "$LOGS/install.log")"
fi
check install.trigger-rebuilds-image "$(image_generated "$LOGS/install.log")"
files=$(image_files)
missing=
for f in usr/sbin/vfio-binder scripts/init-top/00-vfio-binder etc/vfio-binder.conf vfio-pci.ko; do
	echo "$files" | grep -q "$f\$" || missing="$missing $f"
done
check install.image-has-binder "${missing:+not in the image:$missing}"
missing=
for f in man8/vfio-binder.8.gz man5/vfio-binder.conf.5.gz; do
	[ -s "$CHROOT/usr/share/man/$f" ] || missing="$missing $f"
done
check install.man-pages "${missing:+not installed:$missing}"

# The rebuilds from here on take MODULES=list and the machine's drivers (as
# check-qemu's images do): seconds each instead of a minute for Debian's
# MODULES=most, which the install above built
echo MODULES=list >"$CHROOT/etc/initramfs-tools/conf.d/vbtest-modules"
cp "$HERE/initramfs-host-drivers" "$CHROOT/etc/initramfs-tools/hooks/vbtest-host-drivers"

echo "# the conffile: an edit survives a reinstall, and the image carries it"
printf '\n# the guest card\nslots = 02:00.0\n' >>"$CHROOT/etc/vfio-binder.conf"
cp "$CHROOT/etc/vfio-binder.conf" "$WORK/edited.conf"
rc=0
in_chroot "$LOGS/reinstall.log" dpkg -i "/tmp/${DEB##*/}" || rc=$?
check reinstall "$([ "$rc" = 0 ] || echo "dpkg -i failed: $(tail_of "$LOGS/reinstall.log")")"
check reinstall.conffile-kept "$(cmp -s "$WORK/edited.conf" "$CHROOT/etc/vfio-binder.conf" ||
	echo "the edited /etc/vfio-binder.conf was replaced")"
check reinstall.trigger-rebuilds-image "$(image_generated "$LOGS/reinstall.log")"
# vfio-binder(8)'s EXAMPLES that need a whole Debian system (tests/docs.sh
# runs the others): here in the root, in order, and in the booted guest
man_guest=
doc_man_examples "$TOP/docs/vfio-binder.8.scd" >"$WORK/man-examples"
while IFS="	" read -r _ cmd; do
	case $(doc_man_elsewhere "$cmd") in
	chroot)
		rc=0
		in_chroot "$LOGS/man-example.log" sh -c "$cmd" || rc=$?
		check "man-example:$cmd" "$([ "$rc" = 0 ] || echo "exit $rc: $(tail_of "$LOGS/man-example.log")")$(
			image_generated "$LOGS/man-example.log")"
		;;
	guest)
		# the kernel command line quotes it: no double quote inside
		case $cmd in *'"'*) fail "man-example:$cmd" "a double quote: cannot pass it on the kernel command line" ;;
		*) man_guest="${man_guest:+$man_guest && }$cmd" ;;
		esac
		;;
	esac
done <"$WORK/man-examples"
boot installed "${man_guest:+vbtest.man=\"$man_guest\"}" "$CARD1_HOST $CARD2_VFIO"
log_binder_lines "$LOGS/installed.log" | sed 's/^/# installed: /'
if [ -n "$man_guest" ]; then
	got=$(log_text "$LOGS/installed.log" | sed -n 's/^MAN-EXIT //p')
	check "man-example:$man_guest" "$([ "$got" = 0 ] || echo "exit '$got' in the guest")$(
		log_text "$LOGS/installed.log" | grep -q '^MAN .*vfio-binder: done' ||
			echo " no 'vfio-binder: done' line in its output")"
fi

echo "# remove: the hooks go, the image is rebuilt without the binder and still boots"
rc=0
in_chroot "$LOGS/remove.log" dpkg -r vfio-binder || rc=$?
check remove "$([ "$rc" = 0 ] || echo "dpkg -r failed: $(tail_of "$LOGS/remove.log")")"
check remove.trigger-rebuilds-image "$(image_generated "$LOGS/remove.log")"
check remove.image-without-binder "$(image_files | grep -E 'vfio-binder' | tr '\n' ' ')"
check remove.conffile-stays "$([ -f "$CHROOT/etc/vfio-binder.conf" ] || echo 'removed before purge')"
# vfio.slots= asks for the card: with the binder gone the host drivers keep both
boot removed "vfio.slots=02:00.0" "$CARD1_HOST $CARD2_HOST"
check removed.no-binder "$(log_binder_lines "$LOGS/removed.log" | tr '\n' '|')"

echo "# purge"
rc=0
in_chroot "$LOGS/purge.log" dpkg -P vfio-binder || rc=$?
check purge "$([ "$rc" = 0 ] || echo "dpkg -P failed: $(tail_of "$LOGS/purge.log")")"
check purge.conffile-gone "$([ ! -e "$CHROOT/etc/vfio-binder.conf" ] || echo '/etc/vfio-binder.conf is still there')"

summary
