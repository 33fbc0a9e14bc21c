# shellcheck shell=sh
# shellcheck disable=SC2034 # the variables are for the scripts sourcing this file
# Shared by run.sh, demo.sh and bench-boot.sh (sourced): builds the test
# root and boot images, installs what `make install` produces into / for
# the length of a run, boots emulated machines and reads their serial logs.
#
# Callers set HERE (this directory, absolute) before sourcing.

TOP=$(cd "$HERE/../.." && pwd)
WORK=$TOP/build/qemu
LOGS=$WORK/logs
ROOT_IMG=$WORK/root.img
# The nvme machine: the same root by UUID on one NVMe controller, swap by UUID
# in its fstab on an identical second one.
NVME_ROOT_IMG=$WORK/nvme-root.img
NVME_SWAP_IMG=$WORK/nvme-swap.img
NVME_ROOT_UUID=3f6a2c1e-8d1b-4c55-9a6e-2b7d0c9e4f10
NVME_SWAP_UUID=7c0e9d52-41a3-4f6b-b1d8-5e2a9c3f7d21
# A TCG boot takes 10-25 s, over 90 s beside image builds on a loaded
# machine (seen: dracut's udev still starting at 90 s); this only stops a
# hung guest.
BOOT_TIMEOUT=${VB_BOOT_TIMEOUT:-180}
CONF=/etc/vfio-binder.conf
# A host's modules-load.d file for a host-only dracut image (races.sh),
# removed again by vb_uninstall
MODULES_LOAD_D=/etc/modules-load.d/vbtest-bochs.conf
# Debian's QEMU loads TCG from here
QEMU_MODULES=/usr/lib/x86_64-linux-gnu/qemu

# Expected drivers of the two cards of the twin machine.
CARD1_HOST="0000:01:00.0=bochs-drm 0000:01:00.1=snd_hda_intel"
CARD2_HOST="0000:02:00.0=bochs-drm 0000:02:00.1=snd_hda_intel"
CARD1_VFIO="0000:01:00.0=vfio-pci 0000:01:00.1=vfio-pci"
CARD2_VFIO="0000:02:00.0=vfio-pci 0000:02:00.1=vfio-pci"

die() {
	echo "$*" >&2
	exit 1
}

now() {
	date +%s
}

# Checks tools, picks the kernel, and arranges for / to be restored on exit.
vb_setup() {
	[ "$(id -u)" = 0 ] || die "needs root: installs the hooks into / and runs mkinitramfs"
	for tool in qemu-system-x86_64 mkinitramfs unmkinitramfs lsinitramfs dracut lsinitrd \
		mke2fs depmod modprobe apt-get dpkg-deb linux-version timeout make; do
		command -v "$tool" >/dev/null || die "missing tool: $tool"
	done
	KVER=$(linux-version list | linux-version sort | tail -n 1)
	[ -r "/boot/vmlinuz-$KVER" ] || die "no kernel image /boot/vmlinuz-$KVER (install linux-image-amd64)"
	# zstd is the faster of the two but only recommended by
	# initramfs-tools-core, and mkinitramfs does not fall back on its own.
	COMPRESS=gzip
	DRACUT_COMPRESS=gzip
	if command -v zstd >/dev/null; then
		COMPRESS=zstd
		# dracut's own zstd is level 15: 8 s of a core an image, where
		# zstd's default level takes a third of a second
		DRACUT_COMPRESS="zstd -3 -q -T0"
	fi
	mkdir -p "$WORK" "$LOGS"
	# Every run installs into / and builds images from it: one at a time on
	# a machine, whichever checkout it comes from.
	exec 9>/run/lock/vfio-binder-qemu.lock
	flock 9 || die "cannot lock /run/lock/vfio-binder-qemu.lock"
	vb_kernel "/boot/vmlinuz-$KVER"
	# A run killed before its cleanup left files in /: take them out first.
	vb_uninstall
	trap 'vb_boots_kill; vb_uninstall' EXIT
	trap 'exit 130' INT TERM HUP
}

# vb_kernel BZIMAGE: sets KERNEL to what the guests boot. A TCG guest
# spends 2.5 s of every boot undoing the bzImage's xz, so when the kernel
# inside is xz-compressed and has a PVH entry (Debian's has both), it is
# decompressed once into $WORK and QEMU starts that ELF at its PVH entry:
# the same kernel, built by Debian, only its decompressor stub left out.
# Otherwise KERNEL is BZIMAGE.
vb_kernel() {
	KERNEL=$1
	elf=$WORK/vmlinux-$(cksum <"$1" | cut -d ' ' -f 1)
	if [ ! -s "$elf" ]; then
		# the payload: after the setup sectors (their count is the byte at
		# 0x1f1), at payload_offset (0x248), payload_length (0x24c) long
		# shellcheck disable=SC2046 # od's numbers as separate words
		set -- "$1" $(od -An -tu1 -j 497 -N 1 "$1") $(od -An -tu4 -j 584 -N 8 "$1")
		[ $# = 4 ] || return 0
		payload=$((($2 + 1) * 512 + $3 + 1))
		[ "$(tail -c +"$payload" "$1" | head -c 6 | od -An -tx1 | tr -d ' ')" = fd377a585a00 ] || return 0
		if ! tail -c +"$payload" "$1" | head -c "$4" | xz -dc --single-stream >"$elf.tmp" ||
			! readelf -n "$elf.tmp" | grep -Eq 'Xen .*(0x00000012|PHYS32_ENTRY)'; then
			rm -f "$elf.tmp"
			return 0
		fi
		mv "$elf.tmp" "$elf"
	fi
	KERNEL=$elf
}

# The test root and the images every entry point boots are built once for
# the same inputs and shared by the suites and runs that want them
# (check-qemu, check-kernel, check-package, demo, bench-boot): kept in
# CACHE under a digest of what went into them, hard-linked into place.
CACHE=$TOP/build/qemu-cache

# The packages an image or the test root is made from (mkinitramfs, dracut
# and what they copy in: the kernel, udev, kmod, busybox, klibc, the C
# library, the compressors, mke2fs), by name pattern: not every package of
# the system, which other work on the machine installs meanwhile.
VB_PACKAGES="linux-image-* initramfs-tools* dracut* busybox* klibc-utils libklibc udev systemd libsystemd* libudev*
	kmod libkmod* libc6 zstd libzstd* gzip cpio e2fsprogs util-linux libblkid* libmount* dash"

# vb_digest TEXT FILE...: 16 hex digits naming TEXT, the files' contents and
# the versions of VB_PACKAGES; what went into it is in $LOGS/digest-KEY.log,
# to tell why a cache entry was not reused
vb_digest() {
	digest_in=$WORK/digest.in
	{
		printf '%s\n' "$1"
		shift
		for f in "$@"; do
			printf '%s %s\n' "$f" "$(sha256sum <"$f" | cut -c1-16)"
		done
		# one word per pattern, never a file name (-f); a pattern no
		# package matches makes dpkg-query fail, the others listed
		# shellcheck disable=SC2086
		(set -f && dpkg-query -W -f '${Package} ${Version}\n' $VB_PACKAGES 2>/dev/null) || true
	} >"$digest_in"
	digest_key=$(sha256sum <"$digest_in" | cut -c1-16)
	mv "$digest_in" "$LOGS/digest-$digest_key.log"
	echo "$digest_key"
}

# vb_functions NAME...: the text of those functions of this file, for a digest
vb_functions() {
	for fn; do
		sed -n "/^$fn() {/,/^}/p" "$HERE/lib.sh"
	done
}

# vb_cached KEY COMMAND FILE...: the FILEs, which COMMAND makes from inputs
# whose digest is KEY, made once: later with the same KEY, links to the
# copies kept in $CACHE/KEY.
vb_cached() {
	cache_dir=$CACHE/$1
	cache_cmd=$2
	shift 2
	# a suite may run before any other made build/qemu (check-package in a fresh clone)
	for f in "$@"; do
		mkdir -p "${f%/*}" && rm -f "$f"
	done
	if [ -f "$cache_dir/complete" ]; then
		for f in "$@"; do
			ln "$cache_dir/${f##*/}" "$f" || return 1
		done
		echo "# reused ${cache_dir##*/}: $(for f in "$@"; do printf '%s ' "${f##*/}"; done)"
		return 0
	fi
	$cache_cmd || return
	rm -rf "$cache_dir.new"
	mkdir -p "$cache_dir.new"
	for f in "$@"; do
		ln "$f" "$cache_dir.new/${f##*/}" || return 1
	done
	: >"$cache_dir.new/complete"
	rm -rf "$cache_dir"
	mv "$cache_dir.new" "$cache_dir"
}

# The test root: static busybox, the host drivers with their dependencies
# (of KVER below MODROOT, the package test's Debian root, or /), and
# rootfs-init as /sbin/init; with the nvme machine's two disks.
vb_build_root() {
	if [ ! -x "$WORK/busybox/bin/busybox" ]; then
		# Not the installed busybox: Debian's busybox package is dynamic.
		rm -rf "$WORK/deb" "$WORK/busybox"
		mkdir -p "$WORK/deb"
		(cd "$WORK/deb" && apt-get download busybox-static) >"$LOGS/apt-download.log" 2>&1 ||
			die "apt-get download busybox-static failed: see $LOGS/apt-download.log"
		dpkg-deb -x "$WORK"/deb/busybox-static_*.deb "$WORK/busybox"
	fi
	# the modules of KVER below MODROOT (the package test's Debian root) or /;
	# nvme, e1000e and ext4 (a module in Debian's kernel) for the harness machine
	modprobe -d "${MODROOT:-/}" -S "$KVER" --show-depends -a bochs snd-hda-intel e1000 xhci-pci \
		vfio vfio_iommu_type1 vfio-pci nvme e1000e ext4 | sed -n 's/^insmod \([^ ]*\).*/\1/p' >"$WORK/root-modules"
	moddir=${MODROOT:-}/lib/modules/$KVER
	# the host tool's and Debian's QEMU's shared libraries, copied in by vb_make_root
	for bin in "$TOP/build/vfio-binder" /usr/bin/qemu-system-x86_64 "$QEMU_MODULES/accel-tcg-x86_64.so"; do
		ldd "$bin" 2>/dev/null
	done |
		awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u >"$WORK/root-libs"
	# shellcheck disable=SC2046 # one word per file
	key=root-$(vb_digest "$KVER $(sed "s|^${MODROOT:-}||" "$WORK/root-modules" | tr '\n' ' ')
$(vb_functions vb_make_root)" "$HERE/rootfs-init" "$HERE/harness-guest" "$TOP/build/vfio-binder" \
		"$TOP/build/initramfs/vfio-binder" "$WORK/busybox/bin/busybox" /usr/bin/qemu-system-x86_64 \
		"$QEMU_MODULES/accel-tcg-x86_64.so" /usr/share/seabios/bios-256k.bin /usr/share/misc/pci.ids $(cat "$WORK/root-libs") \
		$(cat "$WORK/root-modules") "$moddir/modules.order" "$moddir/modules.builtin" "$moddir/modules.builtin.modinfo")
	vb_cached "$key" vb_make_root "$ROOT_IMG" "$NVME_ROOT_IMG" "$NVME_SWAP_IMG"
}

vb_make_root() {
	dir=$WORK/rootfs
	rm -rf "$dir"
	# /run: the initramfs moves its /run there, with the binder's record
	mkdir -p "$dir/bin" "$dir/sbin" "$dir/etc" "$dir/proc" "$dir/sys" "$dir/dev" "$dir/run" \
		"$dir/tmp" "$dir/lib/modules/$KVER"
	cp "$WORK/busybox/bin/busybox" "$dir/bin/busybox"
	for applet in $("$dir/bin/busybox" --list); do
		[ -e "$dir/bin/$applet" ] || ln -s busybox "$dir/bin/$applet"
	done
	cp "$HERE/rootfs-init" "$dir/sbin/init"
	chmod 755 "$dir/sbin/init"
	# systemd's switch-root (dracut) refuses a root without os-release.
	printf 'NAME=vfio-binder-test\nID=vfio-binder-test\n' >"$dir/etc/os-release"
	# the installed host tool, for the post-boot commands run inside the
	# guest, and Debian's QEMU with its TCG module and BIOS, for a VM that
	# opens the card (the VM proof), each with the shared libraries it links
	mkdir -p "$dir/usr/sbin" "$dir/usr/bin" "$dir$QEMU_MODULES" "$dir/usr/share/vbtest-qemu"
	cp "$TOP/build/vfio-binder" "$dir/usr/sbin/vfio-binder"
	# the initramfs binary, and the scenarios of the harness (harness.sh) that run it
	mkdir -p "$dir/usr/libexec/vfio-binder"
	cp "$TOP/build/initramfs/vfio-binder" "$dir/usr/libexec/vfio-binder/vfio-binder"
	cp "$HERE/harness-guest" "$dir/usr/libexec/vfio-binder/vbtest-harness"
	chmod 755 "$dir/usr/libexec/vfio-binder/vbtest-harness"
	cp /usr/bin/qemu-system-x86_64 "$dir/usr/bin/"
	cp "$QEMU_MODULES/accel-tcg-x86_64.so" "$dir$QEMU_MODULES/"
	cp -L /usr/share/seabios/bios-256k.bin "$dir/usr/share/vbtest-qemu/"
	while read -r lib; do
		mkdir -p "$dir${lib%/*}"
		cp -L "$lib" "$dir$lib"
	done <"$WORK/root-libs"
	# and the PCI ID database its list names devices from (Debian's pci.ids)
	mkdir -p "$dir/usr/share/misc"
	cp /usr/share/misc/pci.ids "$dir/usr/share/misc/pci.ids" || die "no /usr/share/misc/pci.ids: apt-get install pci.ids"
	while read -r path; do
		rel=${path#"${MODROOT:-}"}
		mkdir -p "$dir${rel%/*}"
		cp "$path" "$dir$rel"
	done <"$WORK/root-modules"
	cp "$moddir/modules.order" "$moddir/modules.builtin" "$moddir/modules.builtin.modinfo" \
		"$dir/lib/modules/$KVER/"
	depmod -b "$dir" "$KVER"
	# room for what the tree holds (QEMU is most of it) and the guest's writes
	size=$(($(du -sm "$dir" | cut -f1) + 32))M
	mke2fs -q -t ext4 -d "$dir" -L vbtest "$ROOT_IMG" "$size" >/dev/null
	# the nvme machine's disks: its fstab names both by UUID, and its conf
	# takes the swap disk's controller (02:00.0), for check to refuse
	printf 'UUID=%s / ext4 defaults 0 1\nUUID=%s none swap sw 0 0\n' "$NVME_ROOT_UUID" "$NVME_SWAP_UUID" \
		>"$dir/etc/fstab"
	printf 'slots = 02:00.0\n' >"$dir/etc/vfio-binder.conf"
	mke2fs -q -t ext4 -d "$dir" -U "$NVME_ROOT_UUID" -L vbnvme "$NVME_ROOT_IMG" "$size" >/dev/null
	dd if=/dev/zero of="$NVME_SWAP_IMG" bs=1M count=32 status=none
	chmod 600 "$NVME_SWAP_IMG"
	mkswap -U "$NVME_SWAP_UUID" "$NVME_SWAP_IMG" >/dev/null
	rm -f "$dir/etc/fstab" "$dir/etc/vfio-binder.conf"
}

# What `make install` puts into /, staged so it can be put in and taken out
# again exactly.
vb_stage() {
	rm -rf "$WORK/stage"
	make -C "$TOP" install DESTDIR="$WORK/stage" PREFIX=/usr >"$LOGS/make-install.log" 2>&1 ||
		die "make install failed: see $LOGS/make-install.log"
	(cd "$WORK/stage" && find . ! -type d | sed 's/^\.//') >"$WORK/staged"
}

# Moves aside whatever a staged file (and the conf) would overwrite, so the
# machine is in its state without vfio-binder. Undone by vb_uninstall.
vb_clear() {
	rm -rf "$WORK/backup" "$WORK/created-dirs"
	{
		cat "$WORK/staged"
		echo "$CONF"
	} | sort -u >"$WORK/installed"
	while read -r f; do
		if [ -e "$f" ] || [ -L "$f" ]; then
			mkdir -p "$WORK/backup${f%/*}"
			mv "$f" "$WORK/backup$f"
		fi
	done <"$WORK/installed"
}

vb_install() {
	while read -r f; do
		d=${f%/*}
		while [ ! -d "$d" ]; do
			echo "$d" >>"$WORK/created-dirs"
			d=${d%/*}
		done
		mkdir -p "${f%/*}"
		cp -a "$WORK/stage$f" "$f"
	done <"$WORK/staged"
}

vb_uninstall() {
	rm -f "$MODULES_LOAD_D"
	[ -f "$WORK/installed" ] || return 0
	while read -r f; do
		rm -f "$f"
		if [ -e "$WORK/backup$f" ] || [ -L "$WORK/backup$f" ]; then
			mkdir -p "${f%/*}"
			mv "$WORK/backup$f" "$f"
		fi
	done <"$WORK/installed"
	if [ -f "$WORK/created-dirs" ]; then
		# Deepest first; a directory someone else filled meanwhile stays.
		sort -r -u "$WORK/created-dirs" | while read -r d; do
			rmdir "$d" 2>/dev/null || true
		done
	fi
	rm -rf "$WORK/installed" "$WORK/created-dirs" "$WORK/backup"
}

# vb_set_conf SLOTS: /etc/vfio-binder.conf with that slots line; none if empty.
vb_set_conf() {
	if [ -n "$1" ]; then
		printf '# written by tests/qemu\nslots = %s\n' "$1" >"$CONF"
	else
		rm -f "$CONF"
	fi
}

# vb_mkinitramfs OUT [OPTION...]: an image from the real mkinitramfs with
# MODULES=list and the modules the emulated machines need (initramfs-host-drivers:
# the cards' host drivers, so udev coldplug races for them as it would for
# amdgpu on a real machine, and the root disk's). Debian's default
# MODULES=most copies some 3,000 modules the machines never use, a third of
# each boot's unpacking and most of each build; check-package builds and
# boots Debian's default image. Options: naive adds the test-only after-udev
# baseline; lite (no drivers) is for checks that never boot; modules=NAME adds a line to
# /etc/initramfs-tools/modules (loaded after init-top, before udev); slow and
# slow-late start the binder 3 s late, the second from init-premount instead
# of init-top (initramfs-test-binder); klibc sets VFIO_BINDER_LIBC=klibc in
# the image's conf.d, for the hook to take the klibc build.
vb_mkinitramfs() {
	out=$1
	shift
	confdir=$WORK/initramfs-conf
	rm -rf "$confdir"
	mkdir -p "$confdir/conf.d" "$confdir/hooks" "$confdir/scripts"
	drivers=yes
	binder=
	: >"$confdir/modules"
	for opt in "$@"; do
		case $opt in
		lite) drivers= ;;
		naive)
			mkdir -p "$confdir/scripts/init-premount"
			cp "$HERE/naive-init-premount" "$confdir/scripts/init-premount/naive-vfio"
			# As the tutorials do: vfio-pci loaded from the modules list.
			printf 'vfio\nvfio_iommu_type1\nvfio-pci\n' >>"$confdir/modules"
			;;
		modules=*) echo "${opt#modules=}" >>"$confdir/modules" ;;
		klibc) printf 'VFIO_BINDER_LIBC=klibc\n' >"$confdir/conf.d/vfio-binder" ;;
		slow | slow-late)
			binder=$opt
			cp "$HERE/initramfs-test-binder" "$confdir/hooks/test-binder"
			cp "$HERE/slow-binder" "$confdir/slow-binder"
			# mkinitramfs orders only scripts that one of its script directories holds
			if [ "$opt" = slow-late ]; then
				mkdir -p "$confdir/scripts/init-premount"
				cp /usr/share/initramfs-tools/scripts/init-top/00-vfio-binder "$confdir/scripts/init-premount/"
			fi
			;;
		*) die "vb_mkinitramfs: unknown option $opt" ;;
		esac
	done
	printf 'MODULES=list\nBUSYBOX=auto\nCOMPRESS=%s\n' "$COMPRESS" >"$confdir/initramfs.conf"
	if [ -n "$drivers" ]; then
		cp "$HERE/initramfs-host-drivers" "$confdir/hooks/host-drivers"
	fi
	# mkinitramfs silently skips scripts that are not executable.
	find "$confdir/hooks" "$confdir/scripts" -type f -exec chmod 755 {} +
	VBTEST_BINDER=$binder mkinitramfs -d "$confdir" -o "$out" "$KVER" >"$LOGS/${out##*/}.build.log" 2>&1
}

# vb_slow_root: a tree for dracut's --include DIR /, in which slow-binder
# takes the place of the binder, as initramfs-test-binder's slow does
vb_slow_root() {
	rm -rf "$WORK/slow-root"
	mkdir -p "$WORK/slow-root/usr/sbin"
	cp /usr/libexec/vfio-binder/vfio-binder "$WORK/slow-root/usr/sbin/vfio-binder.real"
	cp "$HERE/slow-binder" "$WORK/slow-root/usr/sbin/vfio-binder"
	echo "$WORK/slow-root"
}

# vb_without_fix FILE SED-SCRIPT COMMAND...: runs COMMAND while the installed
# FILE is edited by SED-SCRIPT (the product without one of its fixes, for a
# control run that must lose), then puts the staged FILE back. Fails when
# SED-SCRIPT changes nothing, so a control cannot silently become the product.
vb_without_fix() {
	fix_file=$1
	fix_sed=$2
	shift 2
	sed "$fix_sed" "$WORK/stage$fix_file" >"$fix_file"
	if cmp -s "$WORK/stage$fix_file" "$fix_file"; then
		echo "vb_without_fix: '$fix_sed' does not change $fix_file" >&2
		return 1
	fi
	fix_rc=0
	"$@" || fix_rc=$?
	cp -a "$WORK/stage$fix_file" "$fix_file"
	return "$fix_rc"
}

# vb_dracut OUT [ARGS...]: an image from the real dracut holding the host
# drivers of the emulated cards. --drivers limits the kernel-modules module
# to what this machine needs (20 s instead of 90 s); installkernel() of
# every module, ours included, still adds its own.
vb_dracut() {
	out=$1
	shift
	# without the dracut modules for storage stacks the test machines lack
	# (a fifth of each build's time)
	dracut --force --no-hostonly --kver "$KVER" --compress "$DRACUT_COMPRESS" \
		--drivers "bochs snd-hda-intel e1000 xhci-pci virtio_pci virtio_blk ext4" \
		--omit "btrfs crypt dm nvdimm lunmask resume virtiofs kernel-modules-extra" \
		"$@" "$out" >"$LOGS/${out##*/}.build.log" 2>&1
}

# vb_timed LABEL COMMAND...: runs COMMAND, notes its duration.
vb_timed() {
	label=$1
	shift
	t0=$(now)
	rc=0
	"$@" || rc=$?
	echo "# $label: $(($(now) - t0)) s"
	return "$rc"
}

# Common to all three entry points: the test root, `make install` staged,
# with "naive" the baseline image (built while vfio-binder is absent from
# /), then the staged files installed and the plain image (no conf) built.
# Sets PREPARE_FAILED to a reason when an image could not be built.
vb_prepare() {
	PREPARE_FAILED=
	t0=$(now)
	vb_build_root
	vb_stage
	echo "# test root and staged make install: $(($(now) - t0)) s"
	# what the two images are made of besides the packages: mkinitramfs
	# (the one on PATH), the staged files, the functions that make them, the
	# scripts they copy in, and the host's modprobe.d; not the suites, so
	# that editing a scenario keeps the images
	# shellcheck disable=SC2046 # one word per file
	images=$(vb_digest "$KVER $COMPRESS
$(vb_functions vb_mkinitramfs vb_naive_image vb_plain_image)" "$(command -v mkinitramfs)" \
		"$HERE/initramfs-host-drivers" "$HERE/naive-init-premount" $(find "$WORK/stage" \
		/etc/modprobe.d -type f | sort))
	vb_clear
	if [ "${1:-}" = naive ]; then
		vb_timed "mkinitramfs naive.img" vb_cached "naive-$images" vb_naive_image "$WORK/naive.img" ||
			PREPARE_FAILED="mkinitramfs naive.img failed: see $LOGS/naive.img.build.log"
	fi
	vb_install
	vb_set_conf ""
	vb_timed "mkinitramfs plain.img" vb_cached "plain-$images" vb_plain_image "$WORK/plain.img" ||
		PREPARE_FAILED="mkinitramfs plain.img failed: see $LOGS/plain.img.build.log"
}

vb_naive_image() {
	vb_mkinitramfs "$WORK/naive.img" naive
}

vb_plain_image() {
	vb_mkinitramfs "$WORK/plain.img"
}

# Emulated machines. Each card sits behind its own PCIe root port, GPU on
# function 0 with multifunction=on, so its functions share an IOMMU group.
# Slots are fixed so bus numbers are known: root port 00:02.0 leads to
# bus 01, 00:03.0 to bus 02 (bus 03 on the bridge machine).
card() { # card PORT-ID CHASSIS SLOT [xhci]
	printf ' -device pcie-root-port,id=%s,bus=pcie.0,chassis=%s,addr=%s' "$1" "$2" "$3"
	printf ' -device bochs-display,bus=%s,addr=0x0,multifunction=on' "$1"
	printf ' -device ich9-intel-hda,bus=%s,addr=0x0.1' "$1"
	[ "${4:-}" = xhci ] && printf ' -device qemu-xhci,bus=%s,addr=0x0.2' "$1"
	return 0
}

machine_devices() {
	case "$1" in
	twin) card rp1 1 0x2 && card rp2 2 0x3 ;;
	# -vga std is the boot display (boot_vga 1) at 00:01.0.
	twin-vga) printf ' -vga std' && card rp1 1 0x2 && card rp2 2 0x3 ;;
	# twelve cards, buses 01 to 0c, behind root ports at slots 0x8 to 0x13
	# (0x7 is the root disk's)
	twelve)
		for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
			card "rp$n" "$n" "$(printf '0x%x' $((n + 7)))"
		done
		;;
	bridge)
		# Root port 00:02.0, PCIe-to-PCI bridge 01:00.0, behind it bus 02
		# with a display and a NIC in one IOMMU group.
		printf ' -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,addr=0x2'
		printf ' -device pcie-pci-bridge,id=br1,bus=rp1,addr=0x0'
		printf ' -device bochs-display,bus=br1,addr=0x1'
		printf ' -device e1000,bus=br1,addr=0x2'
		card rp2 2 0x3
		;;
	# two identical NVMe controllers (1b36:0010): 01:00.0 holds /, 02:00.0 swap
	nvme)
		printf ' -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,addr=0x2'
		printf ' -device nvme,serial=vbroot,drive=root,bus=rp1'
		printf ' -drive if=none,id=swap,file=%s,format=raw,snapshot=on' "$NVME_SWAP_IMG"
		printf ' -device pcie-root-port,id=rp2,bus=pcie.0,chassis=2,addr=0x3'
		printf ' -device nvme,serial=vbswap,drive=swap,bus=rp2'
		;;
	# the harness machine (harness.sh): two cards with USB, an NVMe
	# controller with an ext4 file system each on buses 03 and 04, and an
	# e1000e NIC on bus 05
	harness)
		card rp1 1 0x2 xhci && card rp2 2 0x3 xhci
		for n in 1 2; do
			printf ' -device pcie-root-port,id=rpd%s,bus=pcie.0,chassis=%s,addr=0x%s' "$n" $((n + 2)) $((n + 3))
			printf ' -drive if=none,id=data%s,file=%s,format=raw,snapshot=on' "$n" "$WORK/harness-data$n.img"
			printf ' -device nvme,serial=vbdata%s,drive=data%s,bus=rpd%s' "$n" "$n" "$n"
		done
		printf ' -device pcie-root-port,id=rpn,bus=pcie.0,chassis=5,addr=0x6 -device e1000e,bus=rpn'
		;;
	*) die "unknown machine $1" ;;
	esac
}

# root_disk MACHINE: the root drive and kernel argument: virtio-blk at
# 00:07.0, or the nvme machine's disk by UUID (its controller is in machine_devices)
root_disk() {
	case "$1" in
	nvme) printf ' -drive if=none,id=root,file=%s,format=raw,snapshot=on' "$NVME_ROOT_IMG" ;;
	*)
		printf ' -drive if=none,id=root,file=%s,format=raw,snapshot=on' "$ROOT_IMG"
		printf ' -device virtio-blk-pci,drive=root,bus=pcie.0,addr=0x7'
		;;
	esac
}

# vb_boot LOG IMAGE MACHINE CMDLINE-EXTRA: one boot, serial console to LOG.
# no_timer_check: on a loaded host the kernel's early check of the timer
# through the interrupt-remapped IO-APIC times out under TCG and panics
# ("timer doesn't work through Interrupt-remapped IO-APIC").
# Returns qemu's (or timeout's) exit status. QEMU runs in the background
# for a worker's trap to end it (vb_boot_pid) while the shell waits.
vb_boot() {
	log=$1
	rm -f "$log"
	root=root=/dev/vda
	[ "$3" != nvme ] || root=root=UUID=$NVME_ROOT_UUID
	# shellcheck disable=SC2046 # machine_devices yields separate words by design
	timeout -k 5 "$BOOT_TIMEOUT" qemu-system-x86_64 \
		-nodefaults -machine q35,accel=tcg -smp 1 -m 1024 \
		-display none -no-reboot -serial "file:$log" \
		-device intel-iommu \
		-kernel "$KERNEL" -initrd "$2" \
		-append "$root rw console=ttyS0 intel_iommu=on panic=-1 rd.emergency=poweroff no_timer_check $4" \
		$(root_disk "$3") $(machine_devices "$3") >"$log.qemu" 2>&1 &
	vb_boot_pid=$!
	wait "$vb_boot_pid"
}

# Boots two at a time: each TCG guest runs on one core (-smp 1), so a
# 2-core machine boots two in the time of one. vb_boots_start starts
# VB_BOOT_JOBS workers (2); vb_boot_queue NAME IMAGE MACHINE CMDLINE hands
# them a boot (log $LOGS/NAME.log), which the first free worker takes once
# IMAGE is ready: named by vb_boot_ready IMAGE... after its build (whether
# it was built or not), or all of them by vb_boots_all_ready. So boots of
# the images built first overlap the builds of the others. vb_boot_wait NAME
# waits for a boot; vb_boots_width N lets only the first N workers take new
# boots (1 while the caller builds images on the other core).
BOOTS=$WORK/boots
VB_BOOT_JOBS=${VB_BOOT_JOBS:-2}

vb_boots_start() {
	vb_boots_stop
	rm -rf "$BOOTS"
	mkdir -p "$BOOTS"
	echo "$VB_BOOT_JOBS" >"$BOOTS/width"
	: >"$BOOTS/ready"
	boots_n=0
	boots_workers=
	w=1
	while [ "$w" -le "$VB_BOOT_JOBS" ]; do
		vb_boot_worker "$w" &
		boots_workers="$boots_workers $!"
		w=$((w + 1))
	done
}

vb_boots_width() {
	echo "$1" >"$BOOTS/width.tmp" && mv "$BOOTS/width.tmp" "$BOOTS/width"
}

vb_boot_ready() {
	printf '%s\n' "$@" >>"$BOOTS/ready"
}

vb_boots_all_ready() {
	: >"$BOOTS/all-ready"
}

vb_boot_queue() {
	boots_n=$((boots_n + 1))
	printf '%s\n' "$1" "$2" "$3" "$4" >"$BOOTS/$boots_n.tmp"
	mv "$BOOTS/$boots_n.tmp" "$BOOTS/$boots_n"
}

# vb_boot_wait NAME: sets BOOT_RC (qemu's or timeout's exit status, or
# "unbuilt" when the image was never made) and BOOT_SECONDS once the boot
# NAME is done.
vb_boot_wait() {
	while [ ! -f "$BOOTS/$1.done" ]; do
		sleep 1
	done
	BOOT_RC=$(cat "$BOOTS/$1.rc")
	BOOT_SECONDS=$(cat "$BOOTS/$1.time")
}

# vb_boot_worker W: takes the first boot queued that no worker took (mkdir
# is the claim) and whose image is ready; quits when the queue is closed
# and every boot taken.
vb_boot_worker() {
	trap - EXIT
	# a failed command must not end a worker: vb_boot_wait would wait for ever
	set +e
	vb_boot_pid=
	trap 'kill $vb_boot_pid 2>/dev/null; exit 130' INT TERM HUP
	while [ -d "$BOOTS" ]; do
		left=
		took=
		i=1
		while [ "$1" -le "$(cat "$BOOTS/width")" ] && [ -f "$BOOTS/$i" ]; do
			if [ ! -d "$BOOTS/$i.claim" ]; then
				left=1
				{
					read -r b_name
					read -r b_image
					read -r b_machine
					read -r b_cmdline
				} <"$BOOTS/$i"
				if { [ -f "$BOOTS/all-ready" ] || grep -qxF "$b_image" "$BOOTS/ready"; } &&
					mkdir "$BOOTS/$i.claim" 2>/dev/null; then
					took=1
					break
				fi
			fi
			i=$((i + 1))
		done
		if [ -z "$took" ]; then
			[ ! -f "$BOOTS/closed" ] || [ -n "$left" ] || return 0
			sleep 1
			continue
		fi
		t0=$(now)
		if [ -f "$b_image" ]; then
			rc=0
			vb_boot "$LOGS/$b_name.log" "$b_image" "$b_machine" "$b_cmdline" || rc=$?
			vb_boot_pid=
		else
			rc=unbuilt
		fi
		echo "$rc" >"$BOOTS/$b_name.rc"
		echo $(($(now) - t0)) >"$BOOTS/$b_name.time"
		: >"$BOOTS/$b_name.done"
	done
}

# vb_boots_stop: lets the workers finish what is queued, then quit; on a
# signal or exit, ends them and their boots (vb_setup's trap)
vb_boots_stop() {
	[ -n "${boots_workers:-}" ] || return 0
	vb_boots_all_ready
	: >"$BOOTS/closed"
	# shellcheck disable=SC2086 # one word per process ID
	wait $boots_workers 2>/dev/null || true
	boots_workers=
}

vb_boots_kill() {
	[ -n "${boots_workers:-}" ] || return 0
	# shellcheck disable=SC2086 # one word per process ID
	kill $boots_workers 2>/dev/null || true
	wait 2>/dev/null || true
	boots_workers=
}

# The serial log without carriage returns.
log_text() {
	tr -d '\r' <"$1"
}

# The driver of ADDR according to a boot log ("" when not reported).
log_driver() {
	log_text "$1" | sed -n "s/^RESULT $2 \([^ ]*\)\$/\1/p" | head -n 1
}

log_functions() {
	log_text "$1" | sed -n 's/^RESULT \([^ ]*\) [^ ]*$/\1/p'
}

log_override() {
	log_text "$1" | sed -n "s/^OVERRIDE $2 \([^ ]*\)\$/\1/p" | head -n 1
}

# log_value LOG KEY: the word after "KEY " on the test root's report line.
log_value() {
	log_text "$1" | sed -n "s/^$2 //p" | head -n 1
}

log_reached_root() {
	log_text "$1" | grep -q '^VBTEST ROOT-REACHED$'
}

# The guest's dmesg lines the test root passed on.
log_dmesg() {
	log_text "$1" | sed -n 's/^DMESG //p'
}

log_binder_lines() {
	log_dmesg "$1" | grep 'vfio-binder: ' || true
}

# Seconds from the binder's start line to its done line, from the kmsg
# timestamps ("[    1.234567] vfio-binder: start ...").
log_binder_runtime() {
	log_binder_lines "$1" | awk '
		{ t = $0; sub(/^\[ */, "", t); sub(/\].*/, "", t) }
		/vfio-binder: start/ && start == "" { start = t }
		/vfio-binder: done/ { done = t }
		END { if (start != "" && done != "") printf "%.3f\n", done - start }'
}

# vb_mismatches LOG "ADDR=DRIVER ...": the functions whose driver differs,
# plus any function not named there that ended on vfio-pci; empty if none.
vb_mismatches() {
	bad=
	for want in $2; do
		addr=${want%=*}
		got=$(log_driver "$1" "$addr")
		[ "$got" = "${want#*=}" ] || bad="$bad $addr=${got:-unreported} (want ${want#*=});"
	done
	for addr in $(log_functions "$1"); do
		case " $2 " in
		*" $addr="*) ;;
		*) [ "$(log_driver "$1" "$addr")" != vfio-pci ] || bad="$bad $addr=vfio-pci (want a host driver);" ;;
		esac
	done
	echo "${bad# }"
}
