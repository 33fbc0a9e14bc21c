# shellcheck shell=sh
# Shared by run.sh, demo.sh and bench-boot.sh (sourced, POSIX sh): builds
# the test root and boot images, installs the hooks into / for the length
# of a run, boots emulated machines and reads their serial logs.
#
# Callers set HERE (this directory) before sourcing.

TOP=$(cd "$HERE/../.." && pwd)
WORK=$TOP/build/qemu
LOGS=$WORK/logs
ROOT_IMG=$WORK/root.img
# A TCG boot takes 15-30 s; this only stops a hung guest.
BOOT_TIMEOUT=${VB_BOOT_TIMEOUT:-150}
CONF=/etc/vfio-binder.conf

die() {
	echo "$*" >&2
	exit 1
}

vb_setup() {
	[ "$(id -u)" = 0 ] || die "needs root: installs the hooks into / and runs mkinitramfs"
	for tool in qemu-system-x86_64 mkinitramfs unmkinitramfs dracut lsinitrd \
		mke2fs depmod modprobe apt-get dpkg-deb linux-version timeout; do
		command -v "$tool" >/dev/null || die "missing tool: $tool"
	done
	KVER=$(linux-version list | linux-version sort | tail -n 1)
	KERNEL=/boot/vmlinuz-$KVER
	[ -r "$KERNEL" ] || die "no kernel image $KERNEL (install linux-image-amd64)"
	mkdir -p "$WORK" "$LOGS"
	# A run killed before its cleanup left files in /: take them out first.
	if [ -f "$WORK/installed" ]; then
		vb_uninstall
	fi
}

# The test root: static busybox, the host drivers with their dependencies,
# and rootfs-init as /sbin/init.
vb_build_root() {
	dir=$WORK/rootfs
	rm -rf "$dir" "$ROOT_IMG"
	if [ ! -x "$WORK/busybox/bin/busybox" ]; then
		# Not the installed busybox: Debian's busybox package is dynamic.
		rm -rf "$WORK/deb" "$WORK/busybox"
		mkdir -p "$WORK/deb"
		(cd "$WORK/deb" && apt-get download busybox-static) >"$LOGS/apt-download.log" 2>&1 ||
			die "apt-get download busybox-static failed: see $LOGS/apt-download.log"
		dpkg-deb -x "$WORK"/deb/busybox-static_*.deb "$WORK/busybox"
	fi
	mkdir -p "$dir/bin" "$dir/sbin" "$dir/etc" "$dir/proc" "$dir/sys" "$dir/dev" \
		"$dir/tmp" "$dir/lib/modules/$KVER"
	cp "$WORK/busybox/bin/busybox" "$dir/bin/busybox"
	for applet in $("$dir/bin/busybox" --list); do
		[ -e "$dir/bin/$applet" ] || ln -s busybox "$dir/bin/$applet"
	done
	cp "$HERE/rootfs-init" "$dir/sbin/init"
	chmod 755 "$dir/sbin/init"
	# systemd's switch-root (dracut) refuses a root without os-release.
	printf 'NAME=vfio-binder-test\nID=vfio-binder-test\n' >"$dir/etc/os-release"
	modprobe -S "$KVER" --show-depends -a bochs snd-hda-intel e1000 xhci-pci |
		while read -r verb path _; do
			[ "$verb" = insmod ] || continue
			mkdir -p "$dir${path%/*}"
			cp "$path" "$dir$path"
		done
	cp "/lib/modules/$KVER/modules.order" "/lib/modules/$KVER/modules.builtin" \
		"/lib/modules/$KVER/modules.builtin.modinfo" "$dir/lib/modules/$KVER/"
	depmod -b "$dir" "$KVER"
	mke2fs -q -t ext4 -d "$dir" -L vbtest "$ROOT_IMG" 64M
}

# Files `make install` puts into /, staged so they can be put in and taken
# out again exactly.
vb_stage() {
	rm -rf "$WORK/stage"
	make -C "$TOP" install DESTDIR="$WORK/stage" PREFIX=/usr >"$LOGS/make-install.log" 2>&1 ||
		die "make install failed: see $LOGS/make-install.log"
	(cd "$WORK/stage" && find . ! -type d | sed 's/^\.//') >"$WORK/staged"
}

# Moves aside whatever a staged file (and the conf) would overwrite, so the
# machine is in its state without vfio-binder. Undone by vb_uninstall.
vb_clear() {
	rm -rf "$WORK/backup"
	: >"$WORK/installed"
	{
		cat "$WORK/staged"
		echo "$CONF"
	} | sort -u | while read -r f; do
		echo "$f" >>"$WORK/installed"
		if [ -e "$f" ] || [ -L "$f" ]; then
			mkdir -p "$WORK/backup${f%/*}"
			mv "$f" "$WORK/backup$f"
		fi
	done
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
	while read -r f; do
		rm -f "$f"
		if [ -e "$WORK/backup$f" ] || [ -L "$WORK/backup$f" ]; then
			mkdir -p "${f%/*}"
			mv "$WORK/backup$f" "$f"
		fi
	done <"$WORK/installed"
	if [ -f "$WORK/created-dirs" ]; then
		# Deepest first; a directory someone else filled stays.
		sort -r -u "$WORK/created-dirs" | while read -r d; do
			rmdir "$d" 2>/dev/null || true
		done
	fi
	rm -rf "$WORK/installed" "$WORK/created-dirs" "$WORK/backup"
}

vb_set_conf() {
	if [ -n "$1" ]; then
		printf '# written by tests/qemu\nslots = %s\n' "$1" >"$CONF"
	else
		rm -f "$CONF"
	fi
}

# vb_mkinitramfs OUT [NAIVE]: a stock initramfs-tools image (MODULES=most,
# as Debian ships) that also carries the host drivers of the emulated cards,
# so udev coldplug races for them as it would on a real machine. NAIVE adds
# the test-only after-udev baseline.
vb_mkinitramfs() {
	out=$1
	confdir=$WORK/initramfs-conf
	rm -rf "$confdir"
	mkdir -p "$confdir/conf.d" "$confdir/hooks" "$confdir/scripts"
	printf 'MODULES=most\nBUSYBOX=auto\nCOMPRESS=zstd\n' >"$confdir/initramfs.conf"
	cp "$HERE/initramfs-host-drivers" "$confdir/hooks/host-drivers"
	if [ "${2:-}" = naive ]; then
		mkdir -p "$confdir/scripts/init-premount"
		cp "$HERE/naive-init-premount" "$confdir/scripts/init-premount/naive-vfio"
		# As the tutorials do: vfio-pci loaded from the modules list.
		printf 'vfio\nvfio_iommu_type1\nvfio-pci\n' >"$confdir/modules"
	else
		: >"$confdir/modules"
	fi
	chmod 755 "$confdir/hooks/host-drivers" "$confdir"/scripts/*/* 2>/dev/null || true
	mkinitramfs -d "$confdir" -o "$out" "$KVER" >"$LOGS/${out##*/}.build.log" 2>&1
}

# vb_dracut OUT [ARGS...]: a dracut image with the host drivers added.
vb_dracut() {
	out=$1
	shift
	dracut --force --no-hostonly --kver "$KVER" \
		--add-drivers "bochs snd-hda-intel e1000 xhci-pci virtio_blk ext4" \
		"$@" "$out" >"$LOGS/${out##*/}.build.log" 2>&1
}

# Emulated machines. Each card sits behind its own PCIe root port, GPU on
# function 0 with multifunction=on, so its functions share an IOMMU group.
# Slot numbers are fixed so bus numbers are known:
# root port 00:02.0 -> bus 01, 00:03.0 -> bus 02.
card() { # card PORT-ID CHASSIS SLOT [extra functions...]
	port=$1
	printf ' -device pcie-root-port,id=%s,bus=pcie.0,chassis=%s,addr=%s' "$port" "$2" "$3"
	printf ' -device bochs-display,bus=%s,addr=0x0,multifunction=on' "$port"
	printf ' -device ich9-intel-hda,bus=%s,addr=0x0.1' "$port"
	[ "${4:-}" = xhci ] && printf ' -device qemu-xhci,bus=%s,addr=0x0.2' "$port"
	return 0
}

machine_devices() {
	case "$1" in
	twin) card rp1 1 0x2 && card rp2 2 0x3 ;;
	twin-vga) printf ' -vga std' && card rp1 1 0x2 && card rp2 2 0x3 ;;
	three) card rp1 1 0x2 xhci && card rp2 2 0x3 ;;
	bridge)
		# Everything behind a PCIe-to-PCI bridge shares one IOMMU group.
		printf ' -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,addr=0x2'
		printf ' -device pcie-pci-bridge,id=br1,bus=rp1,addr=0x0'
		printf ' -device bochs-display,bus=br1,addr=0x1'
		printf ' -device e1000,bus=br1,addr=0x2'
		card rp2 2 0x3
		;;
	*) die "unknown machine $1" ;;
	esac
}

# vb_boot LOG IMAGE MACHINE CMDLINE-EXTRA: one boot, serial console to LOG.
# Returns qemu's (or timeout's) exit status.
vb_boot() {
	log=$1
	image=$2
	machine=$3
	extra=$4
	rm -f "$log"
	# shellcheck disable=SC2046 # machine_devices yields separate words by design
	timeout -k 5 "$BOOT_TIMEOUT" qemu-system-x86_64 \
		-nodefaults -machine q35,accel=tcg -smp 1 -m 1024 \
		-display none -no-reboot -serial "file:$log" \
		-device intel-iommu \
		-kernel "$KERNEL" -initrd "$image" \
		-append "root=/dev/vda rw console=ttyS0 intel_iommu=on panic=-1 rd.emergency=poweroff $extra" \
		-drive "if=none,id=root,file=$ROOT_IMG,format=raw,snapshot=on" \
		-device virtio-blk-pci,drive=root,bus=pcie.0,addr=0x7 \
		$(machine_devices "$machine") >"$log.qemu" 2>&1
}

# The driver of ADDR according to a boot log ("" when not reported).
log_driver() {
	tr -d '\r' <"$1" | sed -n "s/^RESULT $2 \([^ ]*\)\$/\1/p" | head -n 1
}

log_reached_root() {
	tr -d '\r' <"$1" | grep -q '^VBTEST ROOT-REACHED$'
}

# The binder's own kmsg lines as the guest's dmesg showed them.
log_binder_lines() {
	tr -d '\r' <"$1" | sed -n 's/^DMESG //p' | grep 'vfio-binder:' || true
}

# Seconds from the binder's start line to its done line, from the kmsg
# timestamps ("[    1.234567] vfio-binder: start ...").
log_binder_runtime() {
	log_binder_lines "$1" | awk '
		{ t = $0; sub(/^\[ */, "", t); sub(/\].*/, "", t) }
		/vfio-binder: start/ && start == "" { start = t }
		/vfio-binder: done/ { done = t }
		END { if (start != "" && done != "") printf "%.6f\n", done - start }'
}
