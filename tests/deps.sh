#!/bin/sh
# Installs what a level of the work needs on Debian 12, asking apt only for
# what is missing: build (the static binary), check (unit and fake-sysfs
# tests), qemu (booting real images, the Debian package, the Arch and Fedora
# recipes).
set -eu

level=${1:-check}
build="make gcc libc6-dev musl-tools libklibc-dev libkmod-dev libblkid-dev libpci-dev pkg-config autoconf automake libtool dpkg-dev scdoc"
check="$build man-db libcmocka-dev jq shellcheck strace clang libclang-rt-14-dev clang-tidy cppcheck kmod e2fsprogs
	dosfstools btrfs-progs fdisk"
qemu="$check qemu-system-x86 linux-image-amd64 initramfs-tools dracut-core busybox-static e2fsprogs cpio kmod zstd pci.ids
	build-essential debhelper fakeroot lintian mmdebstrap"
# the Ansible role's suite: the real ansible-playbook, its chroot connection
# (community.general, in the ansible bundle), ansible-lint, unmkinitramfs
qemu="$qemu ansible ansible-core ansible-lint initramfs-tools-core"
# Arch's mkinitcpio, run from its release tarball: bsdtar and bsdcpio
qemu="$qemu libarchive-tools"
# the Arch and Fedora recipes in dist/: makepkg and pacman, rpmbuild, rpmlint
qemu="$qemu pacman-package-manager makepkg rpm rpmlint"

case $level in
build) want=$build ;;
check) want=$check ;;
qemu) want=$qemu ;;
*) echo "usage: $0 build|check|qemu" >&2; exit 64 ;;
esac

missing=
for p in $want; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done

# The static libkmod is built from the distribution's own kmod source
# package: a deb-src entry for every deb one (debian.sources, Ubuntu's
# ubuntu.sources, or one-line lists).
src=/etc/apt/sources.list.d/vfio-binder-src
need_src=
if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	need_src=yes
	for f in /etc/apt/sources.list.d/*.sources; do
		if [ -f "$f" ]; then sed 's/^Types: deb$/Types: deb-src/' "$f"; fi
	done >/tmp/vfio-binder-src.$$
	mv /tmp/vfio-binder-src.$$ "$src.sources"
	grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | sed 's/^deb /deb-src /' >"$src.list" || true
	for f in "$src.sources" "$src.list"; do
		[ -s "$f" ] || rm -f "$f"
	done
fi

if [ -n "$missing" ] || [ -n "$need_src" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "deps: need root to install:$missing" >&2
		exit 1
	fi
	apt-get update -qq
fi
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	# shellcheck disable=SC2086 # one word per package is intended
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
