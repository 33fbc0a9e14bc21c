#!/bin/sh
# Runs the post-boot commands of the real binary (status, list, check, bind,
# unbind) against fake machines (see lib.sh): sysfs trees with drivers,
# driver_override files and driver modules, and what the host runs on:
# proc/self/mountinfo, proc/swaps, proc/net/route and ipv6_route, block
# devices (NVMe, SATA, dm-crypt, LVM, md, btrfs), network interfaces
# (bridges, bonds, VLANs) and modprobe.d files.
#   sh tests/sysfs/postboot.sh BINARY
# POSIX sh; needs jq, strace and perl-base; runs as any user. bind and unbind
# write only below the fake root, and must never load a module.
set -u

# shellcheck source-path=SCRIPTDIR source=../harness.sh disable=SC1091
. "$(dirname "$0")/../harness.sh"
harness_binary "$@"
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
. "$HERE/lib.sh"
# shellcheck disable=SC2034 # lib.sh's fake_pci_ids reads it
PCI_IDS_FIXTURE=$HERE/pci.ids

# shellcheck disable=SC2034 # lib.sh: fake_kernel_start sets it, fake_kernel_stop reads it
FAKE_KERNEL=
harness_tmpdir postboot fake_kernel_stop
# M: the machine under test, a new one for every group of tests (group, in lib.sh)
OUT=$TMP/stdout
ERR=$TMP/stderr
WANT=$TMP/want
TRACE=$TMP/trace

# the loaded vfio modules of the running kernel, to show that nothing was inserted
vfio_modules() {
	grep '^vfio' /proc/modules 2>/dev/null | cut -d' ' -f1 | sort | tr '\n' ' '
}
VFIO_BEFORE=$(vfio_modules)

# --- checks of what the binary wrote

# bytes FILE: a file's exact bytes, escaped (vfio-pci\n)
bytes() {
	od -An -c "$1" | tr -d ' \n'
}

# state NAME "ADDR=DRIVER/OVERRIDE ...": set what is bound now ("-" for none)
state() {
	for _s in $1; do
		_a=${_s%%=*} _v=${_s#*=}
		fake_driver "$_a" "${_v%/*}"
		case ${_v#*/} in
		-) fake_set_override "$_a" '(null)' ;;
		*) fake_set_override "$_a" "${_v#*/}" ;;
		esac
	done
}

# writes_none NAME: no driver_override, unbind file or drivers_probe was written
writes_none() {
	bad=$(fake_overrides_wrong "")
	[ -z "$bad" ] || bad=" driver_override:$bad"
	for f in "$M"/sys/bus/pci/drivers/*/unbind "$M/sys/bus/pci/drivers_probe"; do
		[ ! -s "$f" ] || bad="$bad ${f#"$M/sys/bus/pci/"}=$(cat "$f")"
	done
	if [ -z "$bad" ]; then
		pass "$1"
	else
		fail "$1" "expected nothing written, got:$bad"
	fi
}

# file_is NAME FILE TEXT: FILE (below the machine) holds TEXT, a trailing newline aside
file_is() {
	got=$(cat "$M/$2" 2>/dev/null)
	if [ "$got" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "$2: expected '$3', got '$got'"
	fi
}

# override_is NAME ADDR BYTES: the exact bytes of ADDR's driver_override (as bytes prints them)
override_is() {
	got=$(bytes "$M/sys/bus/pci/devices/$2/driver_override")
	if [ "$got" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "driver_override of $2: expected '$3', got '$got'"
	fi
}

# fresh: every function's driver_override "(null)" and every unbind file,
# drivers_probe included, empty
fresh() {
	fake_reset
	fake_driver_attrs
}

# traced NAME ARGS...: run ARGS under strace; $TRACE gets the writes below the
# machine as "override ADDR DATA", "unbind DRIVER DATA", "probe DATA", in order;
# fails NAME if a module was inserted (init_module, finit_module)
traced() {
	name=$1
	shift
	if ! command -v strace >/dev/null 2>&1; then
		fail "$name" "strace is not installed"
		return 1
	fi
	real=$(cd "$M" && pwd -P)
	strace -f -y -s 256 -o "$TMP/strace" -e trace=write,init_module,finit_module \
		"$BIN" --root "$M" "$@" >"$OUT" 2>"$ERR"
	rc=$?
	if ! grep -q 'write(' "$TMP/strace"; then
		fail "$name" "strace did not run (exit $rc): $(head -c 300 "$ERR")"
		return 1
	fi
	if grep -q 'init_module(' "$TMP/strace"; then
		fail "$name" "a module was inserted into the running kernel: $(grep 'init_module(' "$TMP/strace" | head -n 3 | tr '\n' ' ')"
		return 1
	fi
	# nothing outside the test's directory: not the real sysfs, not /dev/kmsg
	outside=$(sed -n 's/^[0-9]* *write([0-9]*<\([^>]*\)>.*/\1/p' "$TMP/strace" | grep -v "^$(cd "$TMP" && pwd -P)/" | sort -u | tr '\n' ' ')
	if [ -n "$outside" ]; then
		fail "$name" "wrote outside the fake root: $outside"
		return 1
	fi
	sed -n 's/^[0-9]* *write([0-9]*<\([^>]*\)>, "\([^"]*\)".*/\1|\2/p' "$TMP/strace" |
		awk -F'|' -v root="$real/sys/" '
			index($1, root) != 1 { next }
			{ p = substr($1, length(root) + 1); n = split(p, c, "/") }
			c[n] == "driver_override" { print "override " c[n - 1] " " $2; next }
			c[n] == "unbind" { print "unbind " c[n - 1] " " $2; next }
			c[n] == "drivers_probe" { print "probe " $2; next }
			{ print "other " p " " $2 }' >"$TRACE"
	pass "$name/no-module-inserted-nothing-written-outside"
}

# kernel_is NAME RC EXPECTED_STDOUT ARGS...: is, with the fake kernel moving
#   the links as the kernel would (lib.sh); the links put back after, for
#   the tests that follow on the same machine
kernel_is() {
	_links=
	for _l in "$M"/sys/bus/pci/devices/*; do
		_d=$(readlink "$_l/driver") && _d=${_d##*/} || _d=-
		_links="$_links ${_l##*/}=$_d"
	done
	fake_kernel_start 6 ''
	is "$@"
	fake_kernel_stop
	for _p in $_links; do
		_d=$(readlink "$M/sys/bus/pci/devices/${_p%%=*}/driver") && _d=${_d##*/} || _d=-
		[ "$_d" = "${_p#*=}" ] || fake_driver "${_p%%=*}" "${_p#*=}"
	done
}

# trace_is NAME EXPECTED: the writes of the last traced run, in order
trace_is() {
	printf '%s\n' "$2" >"$WANT"
	if cmp -s "$WANT" "$TRACE"; then
		pass "$1"
	else
		fail "$1" "writes: expected '$(oneline "$WANT")', got '$(oneline "$TRACE")'"
	fi
}

# --- machines; realistic IDs, classes and groups

# cached BUILDER: the machine BUILDER makes, built once and then copied
cached() {
	if [ -d "$TMP/template-$1" ]; then
		rm -rf "$M"
		cp -RPp "$TMP/template-$1" "$M"
		# shellcheck disable=SC2034 # the machine lib.sh works on, as fake_root sets it
		root=$M
	else
		"$1"
		cp -RPp "$M" "$TMP/template-$1"
	fi
}

# An Intel desktop: two RTX 3090 (10de:2204 + HDMI audio 10de:1aef) on CPU root
# ports with ACS, the iGPU as boot display, / on an NVMe drive behind a PCH
# root port, /boot on the SATA controller, swap on a second NVMe drive, the
# default route on the onboard I219 (eno1), an X550 (enp5s0) and a Realtek Wi-Fi
# card, whose module (rtw88_8822ce) is not named like its driver (rtw_8822ce),
# and a function whose attributes cannot be read.
machine_desk() {
	cached build_desk
}

build_desk() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 3e30 060000 0
	fake_fn 0000:00:01.0 - 8086 1901 060400 1 pcieport
	fake_fn 0000:00:01.1 - 8086 1905 060400 2 pcieport
	fake_fn 0000:01:00.0 0000:00:01.0 10de 2204 030000 1 nouveau
	fake_fn 0000:01:00.1 0000:00:01.0 10de 1aef 040300 1 snd_hda_intel
	fake_fn 0000:02:00.0 0000:00:01.1 10de 2204 030000 2 nouveau
	fake_fn 0000:02:00.1 0000:00:01.1 10de 1aef 040300 2 snd_hda_intel
	fake_fn 0000:00:02.0 - 8086 3e92 030000 3 i915
	fake_boot_vga 0000:00:02.0
	fake_fn 0000:00:14.0 - 8086 a36d 0c0330 4 xhci_hcd
	fake_fn 0000:00:17.0 - 8086 a352 010601 5 ahci
	fake_fn 0000:00:1c.0 - 8086 a338 060400 6 pcieport
	fake_fn 0000:03:00.0 0000:00:1c.0 144d a808 010802 7 nvme
	fake_fn 0000:00:1d.0 - 8086 a330 060400 8 pcieport
	fake_fn 0000:04:00.0 0000:00:1d.0 144d a80a 010802 9 nvme
	fake_fn 0000:00:1c.4 - 8086 a33c 060400 10 pcieport
	fake_fn 0000:05:00.0 0000:00:1c.4 8086 1563 020000 11 ixgbe
	fake_fn 0000:00:1c.5 - 8086 a33d 060400 14 pcieport
	fake_fn 0000:06:00.0 0000:00:1c.5 10ec c822 028000 15 rtw_8822ce
	fake_fn 0000:00:1c.6 - 8086 a33e 060400 16 pcieport
	fake_fn 0000:08:00.0 0000:00:1c.6 10de 1e84 030000 17
	printf '0xZZZZ\n' >"$M/sys/devices/pci0000:00/0000:00:1c.6/0000:08:00.0/vendor"
	fake_fn 0000:00:1f.0 - 8086 a305 060100 12
	fake_fn 0000:00:1f.3 - 8086 a348 040300 12 snd_hda_intel
	fake_fn 0000:00:1f.4 - 8086 a323 0c0500 12 i801_smbus
	fake_fn 0000:00:1f.6 - 8086 15bc 020000 13 e1000e
	for d in nouveau snd_hda_intel i915 ahci nvme ixgbe e1000e i801_smbus; do
		fake_module $d $d
	done
	fake_module xhci_hcd xhci_pci
	fake_module rtw_8822ce rtw88_8822ce
	for a in 0000:01:00.0 0000:01:00.1 0000:02:00.0 0000:02:00.1 0000:00:02.0; do
		fake_modalias $a
	done
	fake_driver_attrs
	fake_block nvme0n1 0000:04:00.0 259:0
	fake_block nvme0n1p1 0000:04:00.0 259:1
	fake_block nvme0n1p2 0000:04:00.0 259:2
	fake_block nvme0n1p3 0000:04:00.0 259:3
	fake_block nvme1n1 0000:03:00.0 259:4
	fake_block nvme1n1p1 0000:03:00.0 259:5
	fake_block sda 0000:00:17.0 8:0
	fake_block sda1 0000:00:17.0 8:1
	fake_block sda2 0000:00:17.0 8:2
	fake_block zram0 - 252:0
	fake_loop loop0 7:0 /var/lib/snapd/snaps/core_16202.snap
	fake_net eno1 0000:00:1f.6
	fake_net enp5s0 0000:05:00.0
	fake_net wlp6s0 0000:06:00.0
	desk_storage
	desk_routes
	fake_cmdline 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3c2a1e-54b1-4c7e-9d1e-2b8f6a7c9e10 ro quiet intel_iommu=on'
}

# the desk's storage: / on nvme0n1p2, /boot on sda1, the ESP on nvme0n1p1, a
# snap on loop0, swap on nvme1n1p1 and zram
desk_storage() {
	rm -f "$M/proc/self/mountinfo" "$M/proc/swaps"
	fake_mounts_noise
	fake_mount 259:2 / /dev/nvme0n1p2 ext4
	fake_mount 8:1 /boot /dev/sda1 ext4
	fake_mount 259:1 /boot/efi /dev/nvme0n1p1 vfat
	fake_mount 7:0 /snap/core/16202 /dev/loop0 squashfs
	fake_swap /dev/nvme1n1p1 partition
	fake_swap /dev/zram0 partition
}

# no mounts and no swap at all (only what the tests add)
no_storage() {
	rm -f "$M/proc/self/mountinfo" "$M/proc/swaps"
	fake_mounts_noise
}

# the desk's routes: the default route and the LAN on eno1, a storage network
# on enp5s0, IPv6 link-local routes and lo's unreachable default
desk_routes() {
	rm -f "$M/proc/net/route" "$M/proc/net/ipv6_route"
	fake_route eno1
	fake_route eno1 0002A8C0 00FFFFFF
	fake_route enp5s0 000010AC 0000FFFF
	fake_route6 eno1 fe800000000000000000000000000000 40
	fake_route6 enp5s0 fe800000000000000000000000000000 40
	fake_route6 lo
}

no_routes() {
	rm -f "$M/proc/net/route" "$M/proc/net/ipv6_route"
	fake_route enp5s0 000010AC 0000FFFF
	fake_route6 lo
}

# A GTX 1050 Ti (10de:1c82 + 10de:0fb9), an I210 NIC and an ASMedia SATA
# controller behind a PLX switch without ACS: one group for all of them; /
# lives on the SATA controller, the default route on the I210.
machine_shared() {
	cached build_shared
}

build_shared() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 3e30 060000 0
	fake_fn 0000:00:01.0 - 8086 1901 060400 1 pcieport
	fake_fn 0000:01:00.0 0000:00:01.0 10b5 8747 060400 2 pcieport
	fake_fn 0000:02:08.0 0000:01:00.0 10b5 8747 060400 2 pcieport
	fake_fn 0000:02:09.0 0000:01:00.0 10b5 8747 060400 2 pcieport
	fake_fn 0000:02:10.0 0000:01:00.0 10b5 8747 060400 2 pcieport
	fake_fn 0000:03:00.0 0000:02:08.0 10de 1c82 030000 2 nouveau
	fake_fn 0000:03:00.1 0000:02:08.0 10de 0fb9 040300 2 snd_hda_intel
	fake_fn 0000:04:00.0 0000:02:09.0 8086 1533 020000 2 igb
	fake_fn 0000:05:00.0 0000:02:10.0 1b21 0612 010601 2 ahci
	fake_fn 0000:00:02.0 - 8086 3e92 030000 3 i915
	fake_boot_vga 0000:00:02.0
	fake_driver_attrs
	fake_block sda 0000:05:00.0 8:0
	fake_block sda2 0000:05:00.0 8:2
	fake_mounts_noise
	fake_mount 8:2 / /dev/sda2 ext4
	fake_net enp4s0 0000:04:00.0
	fake_route enp4s0
}

# The twin cards with the IOMMU off: no groups at all
machine_nommu() {
	cached build_nommu
}

build_nommu() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 3e30 060000 -
	fake_fn 0000:00:01.0 - 8086 1901 060400 - pcieport
	fake_fn 0000:01:00.0 0000:00:01.0 10de 2204 030000 - nouveau
	fake_fn 0000:01:00.1 0000:00:01.0 10de 1aef 040300 - snd_hda_intel
	fake_fn 0000:00:02.0 - 8086 3e92 030000 - i915
	fake_boot_vga 0000:00:02.0
	fake_no_iommu
	fake_driver_attrs
	fake_pci_ids
}

# The same with / on an NVMe drive and the default route on an I219 NIC
machine_nommu_host() {
	cached build_nommu_host
}

build_nommu_host() {
	build_nommu
	fake_fn 0000:00:1d.0 - 8086 a330 060400 - pcieport
	fake_fn 0000:03:00.0 0000:00:1d.0 144d a80a 010802 - nvme
	fake_fn 0000:00:1f.6 - 8086 15bc 020000 - e1000e
	fake_driver_attrs
	fake_block nvme0n1 0000:03:00.0 259:0
	fake_block nvme0n1p2 0000:03:00.0 259:2
	fake_mount 259:2 / /dev/nvme0n1p2 ext4
	fake_net eno1 0000:00:1f.6
	fake_route eno1
}

# A Ryzen 7 5700G desktop: twin RTX 3090 (the first is the boot display, on
# nvidia; the second already on vfio-pci) and the APU (Cezanne: VGA 1002:1638,
# HDMI audio 1002:1637 and the SoC's own 1022 functions on one device, each
# function in its own group), a 2.5G NIC sharing its root port's group.
machine_list() {
	cached build_list
}

build_list() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 1022 1630 060000 0
	fake_fn 0000:00:01.1 - 1022 1633 060400 1 pcieport
	fake_fn 0000:01:00.0 0000:00:01.1 10de 2204 030000 1 nvidia
	fake_fn 0000:01:00.1 0000:00:01.1 10de 1aef 040300 1 snd_hda_intel
	fake_boot_vga 0000:01:00.0
	fake_fn 0000:00:01.2 - 1022 1634 060400 2 pcieport
	fake_fn 0000:02:00.0 0000:00:01.2 10de 2204 030000 3 vfio-pci
	fake_fn 0000:02:00.1 0000:00:01.2 10de 1aef 040300 3 vfio-pci
	fake_set_override 0000:02:00.0 vfio-pci
	fake_set_override 0000:02:00.1 vfio-pci
	fake_fn 0000:00:08.1 - 1022 1635 060400 5 pcieport
	fake_fn 0000:05:00.0 0000:00:08.1 1002 1638 030000 6 amdgpu
	fake_fn 0000:05:00.1 0000:00:08.1 1002 1637 040300 7 snd_hda_intel
	fake_fn 0000:05:00.2 0000:00:08.1 1022 15df 108000 8 ccp
	fake_fn 0000:05:00.3 0000:00:08.1 1022 1639 0c0330 9 xhci_hcd
	fake_fn 0000:05:00.4 0000:00:08.1 1022 1639 0c0330 10 xhci_hcd
	fake_fn 0000:05:00.6 0000:00:08.1 1022 15e3 040300 11 snd_hda_intel
	fake_fn 0000:00:02.1 - 1022 1634 060400 12 pcieport
	fake_fn 0000:06:00.0 0000:00:02.1 10ec 8125 020000 12 r8169
	fake_pci_ids
}

# The same with a Tesla T4 (a 3D controller, class 030200, no driver) on its own root port
machine_list_3d() {
	machine_list
	fake_fn 0000:00:03.1 - 1022 1633 060400 13 pcieport
	fake_fn 0000:07:00.0 0000:00:03.1 10de 1eb8 030200 14
}

# The README's example machine (tests/examples/two-gpus.sh): the iGPU as boot
# display, two identical RTX 3090 in physical slots 1 and 2
machine_example() {
	fake_root "$M"
	# shellcheck source=../examples/two-gpus.sh disable=SC1091
	. "$HERE/../examples/two-gpus.sh"
}

# An Intel desktop: the iGPU (the boot display, with two SR-IOV VFs of its
# own ID), an Intel Arc A770 on its own switch in the CPU slot (physical slot
# 1), a workstation PLX switch (10b5:8747) on the chipset with two unrelated
# cards behind it: a GTX 1050 Ti and an RX 580 (slots named for the whole bus)
machine_arc() {
	cached build_arc
}

build_arc() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 a700 060000 0
	fake_fn 0000:00:02.0 - 8086 a780 030000 1 i915
	fake_boot_vga 0000:00:02.0
	fake_fn 0000:00:02.1 - 8086 a780 030000 15
	fake_vf 0000:00:02.1 0000:00:02.0
	fake_fn 0000:00:02.2 - 8086 a780 030000 16
	fake_vf 0000:00:02.2 0000:00:02.0
	fake_fn 0000:00:01.0 - 8086 a70d 060400 2 pcieport
	fake_arc 0000:00:01.0 01 3 i915 snd_hda_intel
	fake_fn 0000:00:1c.0 - 8086 7ab8 060400 8 pcieport
	fake_fn 0000:05:00.0 0000:00:1c.0 10b5 8747 060400 9 pcieport
	fake_fn 0000:06:08.0 0000:05:00.0 10b5 8747 060400 10 pcieport
	fake_fn 0000:06:10.0 0000:05:00.0 10b5 8747 060400 11 pcieport
	fake_fn 0000:07:00.0 0000:06:08.0 10de 1c82 030000 12 nouveau
	fake_fn 0000:07:00.1 0000:06:08.0 10de 0fb9 040300 12 snd_hda_intel
	fake_fn 0000:08:00.0 0000:06:10.0 1002 67df 030000 13 amdgpu
	fake_fn 0000:08:00.1 0000:06:10.0 1002 aaf0 040300 14 snd_hda_intel
	fake_slot 1 0000:01:00
	fake_slot 4 0000:07
	fake_slot 5 0000:08
	fake_pci_ids
}

# An X58 board whose two x16 slots (1 and 2) hang off NVIDIA's NF200 switch,
# a GTX 580 in each (fake_nf200), the first one the boot display.
machine_nf200() {
	cached build_nf200
}

build_nf200() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 3405 060000 0
	fake_fn 0000:00:03.0 - 8086 340a 060400 1 pcieport
	fake_nf200 0000:00:03.0 01 2 nouveau snd_hda_intel
	fake_boot_vga 0000:03:00.0
	fake_slot 1 0000:03:00
	fake_slot 2 0000:04:00
	fake_pci_ids
}

# A Tiger Lake laptop, its iGPU the boot display, with a Thunderbolt 3
# enclosure holding an Intel DG1 (fake_egpu).
machine_egpu() {
	cached build_egpu
}

build_egpu() {
	fake_root "$M"
	fake_fn 0000:00:02.0 - 8086 9a49 030000 0 i915
	fake_boot_vga 0000:00:02.0
	fake_fn 0000:00:07.0 - 8086 9a23 060400 1 pcieport
	fake_egpu 0000:00:07.0 2c 2 i915 xhci_hcd
	fake_pci_ids
}

# A host bridge and a NIC: no display at all
machine_no_display() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 2020 060000 0
	fake_fn 0000:00:1f.6 - 8086 15bc 020000 1 e1000e
}

# A homelab router: a dual-port I350 (8086:1521), each port in its own IOMMU
# group, the default route on the first port (enp5s0f0), the second meant for a
# firewall guest; an RTX 2080 (Turing: VGA, HDMI audio, USB-C xHCI and UCSI in
# one group) whose USB-C port holds a USB NIC carrying a second default route.
machine_homelab() {
	cached build_homelab
}

build_homelab() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 3e30 060000 0
	fake_fn 0000:00:02.0 - 8086 3e92 030000 1 i915
	fake_boot_vga 0000:00:02.0
	fake_fn 0000:00:1c.0 - 8086 a338 060400 2 pcieport
	fake_fn 0000:05:00.0 0000:00:1c.0 8086 1521 020000 3 igb
	fake_fn 0000:05:00.1 0000:00:1c.0 8086 1521 020000 4 igb
	fake_fn 0000:00:01.0 - 8086 1901 060400 5 pcieport
	fake_fn 0000:01:00.0 0000:00:01.0 10de 1e87 030000 5 nouveau
	fake_fn 0000:01:00.1 0000:00:01.0 10de 10f8 040300 5 snd_hda_intel
	fake_fn 0000:01:00.2 0000:00:01.0 10de 1ad8 0c0330 5 xhci_hcd
	fake_fn 0000:01:00.3 0000:00:01.0 10de 1ad9 0c8000 5 nvidia-gpu
	fake_driver_attrs
	fake_vfio_builtin
	fake_net enp5s0f0 0000:05:00.0
	fake_net enp5s0f1 0000:05:00.1
	fake_net enx00e04c680002 0000:01:00.2 usb3/3-1/3-1:1.0
	fake_mounts_noise
	fake_route enp5s0f0
	fake_route enx00e04c680002
}

# the hints and reasons, as status prints them
REBUILD='rebuild the initramfs (update-initramfs -u, dracut -f or mkinitcpio -P)'
# hostwon ADDR DRIVER, nobinder ADDR, ...: a function's state and hint
hostwon() {
	echo "host-driver-won: driver_override is set, but $2 bound first and vfio-binder did not run this boot (no /run/vfio-binder/boot-record): something else wrote the override, or the initramfs lacks vfio-binder; $REBUILD, check that it holds vfio-binder and reboot, or run vfio-binder bind $1 now"
}
nobinder() {
	echo "binder-did-not-run: vfio-binder did not run this boot (no /run/vfio-binder/boot-record): the initramfs lacks it; $REBUILD, check that it holds vfio-binder and reboot, or run vfio-binder bind $1 now"
}
boundbefore() {
	echo "bound-before-binder: $2 bound it before vfio-binder ran (a driver built into the kernel, or loaded earlier) and still holds it; boot unbinds only a card's audio, USB and UCSI functions (dmesg | grep vfio-binder says what it did): run vfio-binder bind $1 to hand it over now"
}
notinboot() {
	echo "not-handed-over-at-boot: vfio-binder ran this boot but did not hand it over: the initramfs holds an older configuration, or the item was refused then (dmesg | grep vfio-binder); $REBUILD and reboot, or run vfio-binder bind $1 now"
}
stub() {
	echo "stub-driver: pci-stub, a stub driver, holds it: something binds it by ID before vfio-binder runs (pci-stub.ids= or xen-pciback.hide= on the kernel command line, or their options in modprobe.d), and a VM cannot open it through VFIO there; remove that setting, $REBUILD and reboot, or run vfio-binder bind $1 now"
}
cardkept() {
	echo "card-kept-with-host: a host driver held the card's display function $1 before vfio-binder ran, so boot left the whole card with the host (a split card's IOMMU group is unusable): run vfio-binder bind $1 to hand the card over now"
}
keptnovfio() {
	echo "kept-no-vfio-pci: $2 bound it before vfio-binder ran, and boot left it there because vfio-pci could not be loaded (dmesg | grep vfio-binder shows the modules line): check that the initramfs holds vfio-pci and that nothing blacklists it (module_blacklist=, modprobe.d); $REBUILD and reboot, or run vfio-binder bind $1 now"
}
unreadable() {
	echo "boot-record-unreadable: /run/vfio-binder/boot-record cannot be read, so status cannot tell what vfio-binder did with it this boot (dmesg | grep vfio-binder says): run vfio-binder bind $1 to hand it over now"
}
givenback() {
	echo "given-back: handed to vfio-pci at boot and given back since (vfio-binder unbind, or a manual rebind): run vfio-binder bind $1 to hand it over again"
}
NODRIVER='no-driver: driver_override is set but no driver took it: vfio-pci is not loaded or failed to probe (see dmesg | grep -i vfio)'
MOVED='bus numbers move after a BIOS update or a new card: find the card with vfio-binder list and update the slots list, or name it by path (ROOTPORT/DEV.FN)'
NOMMU='has no IOMMU group: the IOMMU is off; enable VT-d or AMD-Vi in the firmware setup and on Intel boot with intel_iommu=on'
SHARED='its IOMMU group also holds 0000:04:00.0 (group 2, 8086:1533, igb), 0000:05:00.0 (group 2, 1b21:0612, ahci) outside the selection; add them to the slots list to pass them through too, or move the card to a slot with its own group'
S2='slots "02:00.0" from the kernel command line'
G2VFIO='group 2: viable: 0000:00:01.1 (bridge, pcieport) 0000:02:00.0 (vfio-pci) 0000:02:00.1 (vfio-pci)'
ON_VFIO='0000:02:00.0=vfio-pci/vfio-pci 0000:02:00.1=vfio-pci/vfio-pci'
G2HOST='group 2: not viable for VFIO: 0000:00:01.1 (bridge, pcieport) 0000:02:00.0 (nouveau) 0000:02:00.1 (snd_hda_intel)'

# ======================================================================
group status machine_desk
state "$ON_VFIO"
is status/ok 0 "$S2
02:00.0: ok
  0000:02:00.0 10de:2204 vfio-pci
  0000:02:00.1 10de:1aef vfio-pci
$G2VFIO
status: ok: 2 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
json_is status/ok-json 0 '.ok == true and .source == "cmdline" and .slots == "02:00.0" and .selected == 2 and .on_vfio == 2
	and (.items | length) == 1 and .items[0].item == "02:00.0" and .items[0].verdict == "bind"
	and .items[0].reason == null and .items[0].hint == null
	and [.items[0].functions[] | [.address, .driver, .driver_override, .state, .hint]]
		== [["0000:02:00.0","vfio-pci","vfio-pci","vfio-pci",null],["0000:02:00.1","vfio-pci","vfio-pci","vfio-pci",null]]
	and [.groups[] | {group, viable, members: [.members[] | {address, bridge, driver}]}]
		== [{"group":2,"viable":true,"members":[
		{"address":"0000:00:01.1","bridge":true,"driver":"pcieport"},
		{"address":"0000:02:00.0","bridge":false,"driver":"vfio-pci"},
		{"address":"0000:02:00.1","bridge":false,"driver":"vfio-pci"}]}]
	and (.items[0].functions[0] | del(.state, .hint) | keys) == (.groups[0].members[0] | keys)' \
	--cmdline 'vfio.slots=02:00.0' status
# the same from /proc/cmdline, from the conf file, and by path with an ID guard
fake_cmdline 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3c2a1e ro quiet intel_iommu=on vfio.slots=02:00.0'
is status/proc-cmdline 0 "$S2
02:00.0: ok
  0000:02:00.0 10de:2204 vfio-pci
  0000:02:00.1 10de:1aef vfio-pci
$G2VFIO
status: ok: 2 of 2 selected functions on vfio-pci, 0 items refused" status
fake_cmdline 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3c2a1e ro quiet intel_iommu=on'
fake_conf '# the second card goes to the guest
slots = 00:01.1/00.0@10de:2204'
is status/conf 0 'slots "00:01.1/00.0@10de:2204" from the conf file
00:01.1/00.0@10de:2204: ok
  0000:02:00.0 10de:2204 vfio-pci
  0000:02:00.1 10de:1aef vfio-pci
'"$G2VFIO"'
status: ok: 2 of 2 selected functions on vfio-pci, 0 items refused' status
json_is status/conf-json 0 '.ok == true and .source == "conf" and .slots == "00:01.1/00.0@10de:2204"
	and .items[0].verdict == "bind" and [.items[0].functions[].state] == ["vfio-pci","vfio-pci"]' status
fake_no_conf

state '0000:02:00.0=nouveau/vfio-pci 0000:02:00.1=snd_hda_intel/vfio-pci'
is status/host-driver-won 1 "$S2
02:00.0: problem
  0000:02:00.0 10de:2204 nouveau: $(hostwon 0000:02:00.0 nouveau)
  0000:02:00.1 10de:1aef snd_hda_intel: $(hostwon 0000:02:00.1 snd_hda_intel)
$G2HOST
status: problem: 0 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
json_is status/host-driver-won-json 1 '.ok == false and .selected == 2 and .on_vfio == 0
	and [.items[0].functions[] | [.driver, .driver_override, .state]]
		== [["nouveau","vfio-pci","host-driver-won"],["snd_hda_intel","vfio-pci","host-driver-won"]]
	and (.items[0].functions[0].hint | test("update-initramfs"))
	and .binder_ran == false and .groups[0].viable == false' --cmdline 'vfio.slots=02:00.0' status

state '0000:02:00.0=nouveau/- 0000:02:00.1=snd_hda_intel/-'
is status/not-handed-over 1 "$S2
02:00.0: problem
  0000:02:00.0 10de:2204 nouveau: $(nobinder 0000:02:00.0)
  0000:02:00.1 10de:1aef snd_hda_intel: $(nobinder 0000:02:00.1)
$G2HOST
status: problem: 0 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
json_is status/not-handed-over-json 1 '.ok == false and .on_vfio == 0
	and [.items[0].functions[] | [.driver, .driver_override, .state]]
		== [["nouveau",null,"binder-did-not-run"],["snd_hda_intel",null,"binder-did-not-run"]]
	and (.items[0].functions[1].hint | test("bind 0000:02:00.1 now"))' --cmdline 'vfio.slots=02:00.0' status

state '0000:02:00.0=-/vfio-pci 0000:02:00.1=-/vfio-pci'
is status/no-driver 1 "$S2
02:00.0: problem
  0000:02:00.0 10de:2204 no driver: $NODRIVER
  0000:02:00.1 10de:1aef no driver: $NODRIVER
group 2: viable: 0000:00:01.1 (bridge, pcieport) 0000:02:00.0 (no driver) 0000:02:00.1 (no driver)
status: problem: 0 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
json_is status/no-driver-json 1 '.ok == false
	and [.items[0].functions[] | [.driver, .driver_override, .state]]
		== [[null,"vfio-pci","no-driver"],[null,"vfio-pci","no-driver"]]
	and (.items[0].functions[0].hint | test("dmesg"))
	and .groups[0].viable == true' --cmdline 'vfio.slots=02:00.0' status

# one function on vfio-pci, its audio function left without a driver
state '0000:02:00.0=vfio-pci/vfio-pci 0000:02:00.1=-/-'
is status/half 1 "$S2
02:00.0: problem
  0000:02:00.0 10de:2204 vfio-pci
  0000:02:00.1 10de:1aef no driver: $(nobinder 0000:02:00.1)
group 2: viable: 0000:00:01.1 (bridge, pcieport) 0000:02:00.0 (vfio-pci) 0000:02:00.1 (no driver)
status: problem: 1 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
json_is status/half-json 1 '.ok == false and .selected == 2 and .on_vfio == 1
	and [.items[0].functions[].state] == ["vfio-pci","binder-did-not-run"]' --cmdline 'vfio.slots=02:00.0' status

# with the record boot leaves in /run: the binder ran this boot
state '0000:02:00.0=nouveau/vfio-pci 0000:02:00.1=vfio-pci/vfio-pci'
fake_record '0000:02:00.0 nouveau left|0000:02:00.1 - handed-over|'
is status/bound-before-binder 1 "$S2
02:00.0: problem
  0000:02:00.0 10de:2204 nouveau: $(boundbefore 0000:02:00.0 nouveau)
  0000:02:00.1 10de:1aef vfio-pci
group 2: not viable for VFIO: 0000:00:01.1 (bridge, pcieport) 0000:02:00.0 (nouveau) 0000:02:00.1 (vfio-pci)
status: problem: 1 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
json_is status/bound-before-binder-json 1 '.binder_ran == true
	and [.items[0].functions[].state] == ["bound-before-binder","vfio-pci"]
	and (.items[0].functions[0].hint | test("bind 0000:02:00.0 to hand it over now"))' --cmdline 'vfio.slots=02:00.0' status
# the binder ran with another selection (an image with an older conf)
state '0000:02:00.0=nouveau/- 0000:02:00.1=snd_hda_intel/-'
fake_record '0000:01:00.0 - handed-over|0000:01:00.1 - handed-over|'
is status/not-handed-over-at-boot 1 "$S2
02:00.0: problem
  0000:02:00.0 10de:2204 nouveau: $(notinboot 0000:02:00.0)
  0000:02:00.1 10de:1aef snd_hda_intel: $(notinboot 0000:02:00.1)
$G2HOST
status: problem: 0 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
# handed over at boot, given back since
fake_record '0000:02:00.0 - handed-over|0000:02:00.1 - handed-over|'
is status/given-back 1 "$S2
02:00.0: problem
  0000:02:00.0 10de:2204 nouveau: $(givenback 0000:02:00.0)
  0000:02:00.1 10de:1aef snd_hda_intel: $(givenback 0000:02:00.1)
$G2HOST
status: problem: 0 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
json_is status/given-back-json 1 '.binder_ran == true and [.items[0].functions[].state] == ["given-back","given-back"]' \
	--cmdline 'vfio.slots=02:00.0' status
# pci-stub.ids= took the card: named, with its own fix, not a missing binder
state '0000:02:00.0=pci-stub/- 0000:02:00.1=pci-stub/-'
fake_no_record
is status/pci-stub 1 "$S2
02:00.0: problem
  0000:02:00.0 10de:2204 pci-stub: $(stub 0000:02:00.0)
  0000:02:00.1 10de:1aef pci-stub: $(stub 0000:02:00.1)
group 2: viable: 0000:00:01.1 (bridge, pcieport) 0000:02:00.0 (pci-stub) 0000:02:00.1 (pci-stub)
status: problem: 0 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
json_is status/pci-stub-json 1 '[.items[0].functions[].state] == ["stub-driver","stub-driver"]' --cmdline 'vfio.slots=02:00.0' status
state '0000:02:00.0=nouveau/- 0000:02:00.1=snd_hda_intel/-'
# the audio released at boot (its driver held it), given back since with
# unbind: given back, not bound before the binder
fake_record '0000:02:00.0 - handed-over|0000:02:00.1 snd_hda_intel released|'
is status/released-given-back 1 "$S2
02:00.0: problem
  0000:02:00.0 10de:2204 nouveau: $(givenback 0000:02:00.0)
  0000:02:00.1 10de:1aef snd_hda_intel: $(givenback 0000:02:00.1)
$G2HOST
status: problem: 0 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
# an older binder's record (no action): a driver it names reads as before
fake_record '0000:02:00.0 -|0000:02:00.1 snd_hda_intel|'
json_is status/older-record-json 1 '.binder_ran == true
	and [.items[0].functions[].state] == ["given-back","bound-before-binder"]' --cmdline 'vfio.slots=02:00.0' status
# the whole card kept with the host: its display was held
fake_record '0000:02:00.0 nouveau kept-with-display|0000:02:00.1 - kept-with-display|'
is status/card-kept-with-host 1 "$S2
02:00.0: problem
  0000:02:00.0 10de:2204 nouveau: $(cardkept 0000:02:00.0)
  0000:02:00.1 10de:1aef snd_hda_intel: $(cardkept 0000:02:00.0)
$G2HOST
status: problem: 0 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
# the audio kept on its driver: vfio-pci could not be loaded
state '0000:02:00.0=-/vfio-pci 0000:02:00.1=snd_hda_intel/vfio-pci'
fake_record '0000:02:00.0 - handed-over|0000:02:00.1 snd_hda_intel kept-no-vfio-pci|'
is status/kept-no-vfio-pci 1 "$S2
02:00.0: problem
  0000:02:00.0 10de:2204 no driver: $NODRIVER
  0000:02:00.1 10de:1aef snd_hda_intel: $(keptnovfio 0000:02:00.0 snd_hda_intel)
group 2: not viable for VFIO: 0000:00:01.1 (bridge, pcieport) 0000:02:00.0 (no driver) 0000:02:00.1 (snd_hda_intel)
status: problem: 0 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
json_is status/kept-no-vfio-pci-json 1 '.binder_ran == true and .boot_record_error == null
	and [.items[0].functions[].state] == ["no-driver","kept-no-vfio-pci"]' --cmdline 'vfio.slots=02:00.0' status
state '0000:02:00.0=nouveau/- 0000:02:00.1=snd_hda_intel/-'
# a record that does not parse: said, and nothing told from it (not that the binder did not run)
fake_record '0000:02:00.0 - handed-over|not a line|'
is status/record-unreadable 1 "$S2
02:00.0: problem
  0000:02:00.0 10de:2204 nouveau: $(unreadable 0000:02:00.0)
  0000:02:00.1 10de:1aef snd_hda_intel: $(unreadable 0000:02:00.0)
$G2HOST
status: problem: 0 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
err_has status/record-unreadable/says-why "vfio-binder: warning: the boot record $M/run/vfio-binder/boot-record cannot be read: line 3 is not a line of a boot record; status tells nothing from it"
err_lacks status/record-unreadable/no-verdict 'binder-did-not-run'
json_is status/record-unreadable-json 1 '.binder_ran == null
	and .boot_record_error == "line 3 is not a line of a boot record"
	and [.items[0].functions[].state] == ["boot-record-unreadable","boot-record-unreadable"]' \
	--cmdline 'vfio.slots=02:00.0' status
# one that cannot be read at all
fake_no_record
mkdir -p "$M/run/vfio-binder/boot-record"
json_is status/record-not-a-file-json 1 '.binder_ran == null and (.boot_record_error | test("directory"))
	and [.items[0].functions[].state] == ["boot-record-unreadable","boot-record-unreadable"]' \
	--cmdline 'vfio.slots=02:00.0' status
err_has status/record-not-a-file/says-why "the boot record $M/run/vfio-binder/boot-record cannot be read: "
# all on vfio-pci: nothing to judge from the record, and all is well
state "$ON_VFIO"
is status/record-unreadable-all-bound 0 "$S2
02:00.0: ok
  0000:02:00.0 10de:2204 vfio-pci
  0000:02:00.1 10de:1aef vfio-pci
$G2VFIO
status: ok: 2 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
fake_no_record

# refused items: all selected functions on vfio-pci, and still a problem
state "$ON_VFIO"
REFUSED='02:00.0,07:00.0,01:00.0@10de:2206,00:01.0,id:10de:9999,08:00.0'
is status/refused 1 "slots \"$REFUSED\" from the kernel command line
02:00.0: ok
  0000:02:00.0 10de:2204 vfio-pci
  0000:02:00.1 10de:1aef vfio-pci
07:00.0: refused: 0000:07:00.0 is not present
  hint: $MOVED
01:00.0@10de:2206: refused: 0000:01:00.0 is 10de:2204, not 10de:2206 (ID guard)
  hint: $MOVED
00:01.0: refused: 0000:00:01.0 is a PCI bridge (class 0x060400); bridges are never bound
id:10de:9999: refused: no function has ID 10de:9999
08:00.0: refused: cannot read 0000:08:00.0 in sysfs
$G2VFIO
status: problem: 2 of 2 selected functions on vfio-pci, 5 items refused" --cmdline "vfio.slots=$REFUSED" status
json_is status/refused-json 1 '.ok == false and .selected == 2 and .on_vfio == 2
	and [.items[] | [.item, .verdict]] == [["02:00.0","bind"],["07:00.0","absent"],
		["01:00.0@10de:2206","id-guard-mismatch"],["00:01.0","bridge"],["id:10de:9999","no-match"],["08:00.0","unreadable"]]
	and ([.items[1:][] | .reason | type] | unique) == ["string"]
	and (.items[1].hint | test("vfio-binder list")) and (.items[2].hint | test("by path"))
	and [.items[1:][] | .functions] == [[],[],[],[],[]]' --cmdline "vfio.slots=$REFUSED" status

group "status after boot: functions bound before the binder ran" machine_desk
# as in the initramfs: the card unbound but for its audio, whose driver is built in
state '0000:02:00.0=-/- 0000:02:00.1=snd_hda_intel/-'
fake_driver_attrs
fake_vfio_builtin
fake_kernel_start 6 ''
run --cmdline 'vfio.slots=02:00.0' boot
fake_kernel_stop
err_has status/after-boot/released '0000:02:00.1: snd_hda_intel bound it before the binder ran; unbound it for vfio-pci'
# where boot leaves the card (whole on vfio-pci) is check-kernel's
# boot-companion-held; status reads it from the links as the kernel leaves them
state '0000:02:00.0=vfio-pci/vfio-pci 0000:02:00.1=vfio-pci/vfio-pci'
is status/after-boot/released-ok 0 "$S2
02:00.0: ok
  0000:02:00.0 10de:2204 vfio-pci
  0000:02:00.1 10de:1aef vfio-pci
$G2VFIO
status: ok: 2 of 2 selected functions on vfio-pci, 0 items refused" --cmdline 'vfio.slots=02:00.0' status
# a GPU driver built in: the card left whole with the host by boot, and status names the fix
fresh
fake_no_record
state '0000:02:00.0=nouveau/- 0000:02:00.1=-/-'
run --cmdline 'vfio.slots=02:00.0' boot
json_is status/after-boot/card-kept 1 '.binder_ran == true
	and [.items[0].functions[] | [.address, .driver, .driver_override, .state]]
		== [["0000:02:00.0","nouveau",null,"card-kept-with-host"],["0000:02:00.1",null,null,"card-kept-with-host"]]
	and (.items[0].functions[1].hint | test("run vfio-binder bind 0000:02:00.0 to hand the card over now"))' \
	--cmdline 'vfio.slots=02:00.0' status
fake_no_record

group "status: nothing configured, invalid configuration" machine_desk
is status/nothing-configured 0 'status: ok: no slots configured, nothing to bind' status
json_is status/nothing-configured-json 0 '.ok == true and .source == "none" and .items == [] and .groups == []' status
is status/off 0 'status: ok: slots are off, nothing to bind' --cmdline 'vfio.slots=off' status
json_is status/off-json 0 '.ok == true and .source == "cmdline" and .items == []' --cmdline 'vfio.slots=off' status
fake_conf 'slots = off'
json_is status/off-conf-json 0 '.ok == true and .source == "conf" and .items == []' status
fake_no_conf
is status/syntax-error 2 '' --cmdline 'vfio.slots=02:00.0,02:00.9' status
err_has status/syntax-error/stderr 'item 2 "02:00.9" at column 15: function number above 7'
json_is status/syntax-error-json 2 '.ok == false and (.error | test("invalid"))' --cmdline 'vfio.slots=02:00.0,02:00.9' status
fake_conf 'slots = 02:00.0
bogus = 1'
is status/conf-error 2 '' status
err_has status/conf-error/stderr 'vfio-binder.conf:2:1: unknown key'
json_is status/conf-error-json 2 '.ok == false and (.error | test("invalid"))' status

group "status: no sysfs" machine_no_sysfs
run --cmdline 'vfio.slots=02:00.0' status
code_is status/no-sysfs 1
run --cmdline 'vfio.slots=02:00.0' --json status
if [ "$rc" = 1 ] && jq -e '.ok == false and (.error | type) == "string"' "$OUT" >/dev/null 2>&1; then
	pass status/no-sysfs-json
else
	fail status/no-sysfs-json "expected exit 1 and {ok: false, error: ...}, got exit $rc: $(oneline "$OUT")"
fi

group "status: refusals of the selection rules" machine_shared
is status/group-not-viable 1 "slots \"03:00.0\" from the kernel command line
03:00.0: refused: $SHARED
status: problem: 0 of 0 selected functions on vfio-pci, 1 items refused" --cmdline 'vfio.slots=03:00.0' status
json_is status/group-not-viable-json 1 '.ok == false and .selected == 0
	and .items[0].verdict == "group-not-viable" and (.items[0].reason | test("0000:04:00.0.*0000:05:00.0"))
	and .items[0].functions == [] and .groups == []' --cmdline 'vfio.slots=03:00.0' status
# the whole group selected: viable only once the host drivers let go
state '0000:03:00.0=vfio-pci/vfio-pci 0000:03:00.1=vfio-pci/vfio-pci 0000:04:00.0=igb/vfio-pci 0000:05:00.0=vfio-pci/vfio-pci'
json_is status/group-member-on-host-driver-json 1 '.ok == false and .selected == 4 and .on_vfio == 3
	and [.items[].verdict] == ["bind","bind","bind"]
	and [.items[1].functions[] | [.address, .state]] == [["0000:04:00.0","host-driver-won"]]
	and (.groups | length) == 1 and .groups[0].group == 2 and .groups[0].viable == false
	and ([.groups[0].members[] | select(.bridge == false) | .address]
		== ["0000:03:00.0","0000:03:00.1","0000:04:00.0","0000:05:00.0"])' \
	--cmdline 'vfio.slots=03:00.0,04:00.0,05:00.0' status
run --cmdline 'vfio.slots=03:00.0,04:00.0,05:00.0' status
if [ "$rc" = 1 ] && grep -qx 'group 2: not viable for VFIO: .*0000:04:00.0 (igb).*' "$OUT"; then
	pass status/group-member-on-host-driver
else
	fail status/group-member-on-host-driver "expected exit 1 and 'group 2: not viable for VFIO: ... 0000:04:00.0 (igb) ...', got exit $rc: $(oneline "$OUT")"
fi

group "status: refusals: IOMMU off" machine_nommu
is status/no-iommu-group 1 "slots \"01:00.0\" from the kernel command line
01:00.0: refused: 0000:01:00.0 $NOMMU
status: problem: 0 of 0 selected functions on vfio-pci, 1 items refused" --cmdline 'vfio.slots=01:00.0' status
json_is status/no-iommu-group-json 1 '.ok == false and .items[0].verdict == "no-iommu-group"
	and (.items[0].reason | test("intel_iommu=on"))' --cmdline 'vfio.slots=01:00.0' status

group "status: the boot display" machine_list
# id: of the twin cards takes the second card and passes over the boot display
is status/boot-display 0 'slots "id:10de:2204" from the kernel command line
id:10de:2204: ok
  0000:02:00.0 10de:2204 vfio-pci
  0000:02:00.1 10de:1aef vfio-pci
group 3: viable: 0000:02:00.0 (vfio-pci) 0000:02:00.1 (vfio-pci)
status: ok: 2 of 2 selected functions on vfio-pci, 0 items refused' --cmdline 'vfio.slots=id:10de:2204' status
json_is status/boot-display-json 0 '.ok == true and .on_vfio == 2 and [.items[].verdict] == ["bind"]' \
	--cmdline 'vfio.slots=id:10de:2204' status
# id: of their HDMI audio takes no card along: each audio function is refused by its card's group
json_is status/audio-id-json 1 '.ok == false and .selected == 0
	and [.items[] | [.verdict, (.reason | test("also holds 0000:0[12]:00.0"))]] == [["group-not-viable",true],["group-not-viable",true]]' \
	--cmdline 'vfio.slots=id:10de:1aef' status
is status/gpus 1 'slots "gpus" from the kernel command line
gpus: ok
  0000:02:00.0 10de:2204 vfio-pci
  0000:02:00.1 10de:1aef vfio-pci
gpus: problem
  0000:05:00.0 1002:1638 amdgpu: '"$(nobinder 0000:05:00.0)"'
  0000:05:00.1 1002:1637 snd_hda_intel: '"$(nobinder 0000:05:00.1)"'
group 3: viable: 0000:02:00.0 (vfio-pci) 0000:02:00.1 (vfio-pci)
group 6: not viable for VFIO: 0000:05:00.0 (amdgpu)
group 7: not viable for VFIO: 0000:05:00.1 (snd_hda_intel)
status: problem: 2 of 4 selected functions on vfio-pci, 0 items refused' --cmdline 'vfio.slots=gpus' status
json_is status/gpus-json 1 '.ok == false and .selected == 4 and .on_vfio == 2
	and [.items[] | [.item, .verdict]] == [["gpus","bind"],["gpus","bind"]]
	and [.groups[] | [.group, .viable]] == [[3,true],[6,false],[7,false]]' --cmdline 'vfio.slots=gpus' status

# ======================================================================
group list machine_list
LIST_HEAD='display devices; indented below each: what a selection of it takes along, the rest of its IOMMU group, other devices on its own switch'
is list/text 0 "$LIST_HEAD
0000:01:00.0 VGA compatible controller: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204], path 00:01.1/00.0, IOMMU group 1, driver nvidia, no override, boot display
  0000:01:00.1 Audio device: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef], IOMMU group 1, driver snd_hda_intel, no override: goes with it (same IOMMU group)
  0000:00:01.1 PCI bridge: Advanced Micro Devices, Inc. [AMD] Renoir PCIe GPP Bridge [1022:1633], IOMMU group 1, driver pcieport, no override: shares its IOMMU group; a bridge, never bound, no obstacle
0000:02:00.0 VGA compatible controller: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204], path 00:01.2/00.0, IOMMU group 3, driver vfio-pci, override vfio-pci
  0000:02:00.1 Audio device: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef], IOMMU group 3, driver vfio-pci, override vfio-pci: goes with it (same IOMMU group)
0000:05:00.0 VGA compatible controller: Advanced Micro Devices, Inc. [AMD/ATI] Cezanne [Radeon Vega Series / Radeon Vega Mobile Series] [1002:1638], path 00:08.1/00.0, IOMMU group 6, driver amdgpu, no override
  0000:05:00.1 Audio device: Advanced Micro Devices, Inc. [AMD/ATI] Renoir Radeon High Definition Audio Controller [1002:1637], IOMMU group 7, driver snd_hda_intel, no override: goes with it (same device and vendor)
2 identical cards, 10de:2204: bus numbers can move, so name the guest's card by its path with the ID guard; in /etc/vfio-binder.conf, one of:
  slots = 00:01.1/00.0@10de:2204  # 0000:01:00.0
  slots = 00:01.2/00.0@10de:2204  # 0000:02:00.0" list
# the selection is not list's business
is list/ignores-slots 0 "$(cat "$WANT")" --cmdline 'vfio.slots=syntax error' list
json_is list/json 0 '[.displays[].address] == ["0000:01:00.0","0000:02:00.0","0000:05:00.0"]
	and [.displays[].boot_vga] == [true,false,false]
	and [.displays[] | [.vendor, .device, .class, .iommu_group, .driver, .driver_override, .bridge, .unreadable]]
		== [["10de","2204","030000",1,"nvidia",null,false,false],
		    ["10de","2204","030000",3,"vfio-pci","vfio-pci",false,false],
		    ["1002","1638","030000",6,"amdgpu",null,false,false]]
	and [.displays[] | [.companions[] | [.address, .companion, .driver, .driver_override]]]
		== [[["0000:01:00.1","same-group","snd_hda_intel",null]],
		    [["0000:02:00.1","same-group","vfio-pci","vfio-pci"]],
		    [["0000:05:00.1","same-vendor","snd_hda_intel",null]]]
	and [.displays[] | [.group_members[] | [.address, .bridge, .driver]]]
		== [[["0000:00:01.1",true,"pcieport"]],[],[]]
	and ([.displays[] | has("companion")] | any | not)
	and [.displays[] | [.vendor_name, .device_name, .class_name]]
		== [["NVIDIA Corporation","GA102 [GeForce RTX 3090]","VGA compatible controller"],
		    ["NVIDIA Corporation","GA102 [GeForce RTX 3090]","VGA compatible controller"],
		    ["Advanced Micro Devices, Inc. [AMD/ATI]","Cezanne [Radeon Vega Series / Radeon Vega Mobile Series]","VGA compatible controller"]]
	and .displays[0].companions[0].device_name == "GA102 High Definition Audio Controller"
	and .displays[0].group_members[0].class_name == "PCI bridge"
	and [.displays[] | [.path, .physical_slot, .item, .same_id]]
		== [["00:01.1/00.0",null,"00:01.1/00.0@10de:2204",["0000:02:00.0"]],
		    ["00:01.2/00.0",null,"00:01.2/00.0@10de:2204",["0000:01:00.0"]],
		    ["00:08.1/00.0",null,"00:08.1/00.0@1002:1638",[]]]
	and ([.displays[].on_card_switch] | add) == []' list
# what lspci shows without a database: numbers
rm "$M/usr/share/misc/pci.ids"
run list
if [ "$rc" = 0 ] && grep -qxF '0000:01:00.0 Class 0300: Device [10de:2204], path 00:01.1/00.0, IOMMU group 1, driver nvidia, no override, boot display' "$OUT" &&
	grep -qxF '  0000:00:01.1 Class 0604: Device [1022:1633], IOMMU group 1, driver pcieport, no override: shares its IOMMU group; a bridge, never bound, no obstacle' "$OUT" &&
	[ ! -s "$ERR" ]; then
	pass list/no-database
else
	fail list/no-database "expected exit 0, numeric IDs and nothing on stderr, got exit $rc: $(oneline "$OUT") (stderr: $(oneline "$ERR"))"
fi
json_is list/no-database-json 0 '[.displays[] | [.vendor_name, .device_name, .class_name]] == [[null,null,null],[null,null,null],[null,null,null]]
	and .displays[0].vendor == "10de"' list
# libpci reads pci.ids.gz before pci.ids
gzip -c "$PCI_IDS_FIXTURE" >"$M/usr/share/misc/pci.ids.gz"
json_is list/gzip-database-json 0 '.displays[0].device_name == "GA102 [GeForce RTX 3090]"' list
rm "$M/usr/share/misc/pci.ids.gz"
# a database that is not pci.ids: a warning, numbers, and the listing still goes on
printf '10de  NVIDIA Corporation\n\tzzzz  not an ID\n' >"$M/usr/share/misc/pci.ids"
run list
if [ "$rc" = 0 ] && grep -qF '0000:01:00.0 Class 0300: Device [10de:2204]' "$OUT"; then
	pass list/broken-database
else
	fail list/broken-database "expected exit 0 and numeric IDs, got exit $rc: $(oneline "$OUT")"
fi
err_matches list/broken-database/stderr 'warning: the PCI ID database: Parse error at .*/usr/share/misc/pci.ids, line 2; its names are left out'
# a name that is not UTF-8 (a Latin-1 byte): the JSON stays UTF-8 (json_is checks it)
printf '10de  NVIDIA Corpora\351tion\n\t2204  GA102 [GeForce RTX 3090]\n' >"$M/usr/share/misc/pci.ids"
json_is list/latin1-name-json 0 '.displays[0].vendor_name == "NVIDIA Corpora\ufffdtion"' list
# a FIFO in its place must not hang the listing
rm "$M/usr/share/misc/pci.ids"
mkfifo "$M/usr/share/misc/pci.ids"
if timeout 10 "$BIN" --root "$M" list >"$OUT" 2>"$ERR"; then
	pass list/database-fifo
else
	fail list/database-fifo "expected exit 0 within 10 s, got $?: $(oneline "$ERR")"
fi
err_has list/database-fifo/stderr 'pci.ids: not a regular file; its names are left out'
rm "$M/usr/share/misc/pci.ids"
fake_pci_ids
# below a root, libpci reads ROOT's database only: not the running system's
# pci.ids or udev hwdb, nor its /sys, nor a DNS cache in the home directory
# (the shared libraries aside, and /proc/self, which the sanitizers' runtime reads)
if command -v strace >/dev/null 2>&1; then
	strace -f -o "$TMP/strace" -e trace=open,openat,openat2,stat,newfstatat,statx,access "$BIN" --root "$M" list >"$OUT" 2>"$ERR"
	real=$(cd "$M" && pwd -P)
	outside=$(sed -n 's/^[0-9 ]*[a-z0-9]*([^"]*"\([^"]*\)".*/\1/p' "$TMP/strace" | grep '^/' |
		grep -v -e "^$M/" -e "^$real/" -e '^/etc/ld\.so\.' -e '^/[a-z0-9/_-]*/lib[a-z0-9_+-]*\.so[.0-9]*$' \
			-e '^/proc/self/' | sort -u | tr '\n' ' ')
	if [ -z "$outside" ] && grep -q "$real/usr/share/misc/pci.ids\|$M/usr/share/misc/pci.ids" "$TMP/strace"; then
		pass list/reads-below-root-only
	else
		fail list/reads-below-root-only "opened outside the root: $outside"
	fi
else
	fail list/reads-below-root-only "strace is not installed"
fi

group "list: the README's example machine" machine_example
is list/example 0 "$LIST_HEAD
0000:00:02.0 VGA compatible controller: Intel Corporation CoffeeLake-S GT2 [UHD Graphics 630] [8086:3e92], path 00:02.0, IOMMU group 3, driver i915, no override, boot display
0000:01:00.0 VGA compatible controller: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204], path 00:01.0/00.0, physical slot 1, IOMMU group 1, driver nvidia, no override
  0000:01:00.1 Audio device: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef], IOMMU group 1, driver snd_hda_intel, no override: goes with it (same IOMMU group)
  0000:00:01.0 PCI bridge: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901], IOMMU group 1, driver pcieport, no override: shares its IOMMU group; a bridge, never bound, no obstacle
0000:02:00.0 VGA compatible controller: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204], path 00:01.1/00.0, physical slot 2, IOMMU group 2, driver nvidia, no override
  0000:02:00.1 Audio device: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef], IOMMU group 2, driver snd_hda_intel, no override: goes with it (same IOMMU group)
  0000:00:01.1 PCI bridge: Intel Corporation Xeon E3-1200 v5/E3-1500 v5/6th Gen Core Processor PCIe Controller (x8) [8086:1905], IOMMU group 2, driver pcieport, no override: shares its IOMMU group; a bridge, never bound, no obstacle
2 identical cards, 10de:2204: bus numbers can move, so name the guest's card by its path with the ID guard; in /etc/vfio-binder.conf, one of:
  slots = 00:01.0/00.0@10de:2204  # 0000:01:00.0, physical slot 1
  slots = 00:01.1/00.0@10de:2204  # 0000:02:00.0, physical slot 2" list
json_is list/example-json 0 '[.displays[] | [.address, .physical_slot, .item]]
	== [["0000:00:02.0",null,"00:02.0@8086:3e92"],["0000:01:00.0","1","00:01.0/00.0@10de:2204"],
	    ["0000:02:00.0","2","00:01.1/00.0@10de:2204"]]' list

group "list: an Arc card on its own switch, a workstation switch, SR-IOV" machine_arc
is list/arc 0 "$LIST_HEAD
0000:00:02.0 VGA compatible controller: Intel Corporation Raptor Lake-S GT1 [UHD Graphics 770] [8086:a780], path 00:02.0, IOMMU group 1, driver i915, no override, boot display
0000:00:02.1 VGA compatible controller: Intel Corporation Raptor Lake-S GT1 [UHD Graphics 770] [8086:a780], path 00:02.1, IOMMU group 15, no driver, no override, SR-IOV virtual function
0000:00:02.2 VGA compatible controller: Intel Corporation Raptor Lake-S GT1 [UHD Graphics 770] [8086:a780], path 00:02.2, IOMMU group 16, no driver, no override, SR-IOV virtual function
0000:03:00.0 VGA compatible controller: Intel Corporation DG2 [Arc A770] [8086:56a0], path 00:01.0/00.0/01.0/00.0, physical slot 1, IOMMU group 6, driver i915, no override
  0000:04:00.0 Audio device: Intel Corporation DG2 Audio Controller [8086:4f90], path 00:01.0/00.0/04.0/00.0, IOMMU group 7, driver snd_hda_intel, no override: on the card's own switch, another device, not taken along: add 00:01.0/00.0/04.0/00.0@8086:4f90 to pass it through too
0000:07:00.0 VGA compatible controller: NVIDIA Corporation GP107 [GeForce GTX 1050 Ti] [10de:1c82], path 00:1c.0/00.0/08.0/00.0, physical slot 4, IOMMU group 12, driver nouveau, no override
  0000:07:00.1 Audio device: NVIDIA Corporation GP107GL High Definition Audio Controller [10de:0fb9], IOMMU group 12, driver snd_hda_intel, no override: goes with it (same IOMMU group)
0000:08:00.0 VGA compatible controller: Advanced Micro Devices, Inc. [AMD/ATI] Ellesmere [Radeon RX 470/480/570/570X/580/580X/590] [1002:67df], path 00:1c.0/00.0/10.0/00.0, physical slot 5, IOMMU group 13, driver amdgpu, no override
  0000:08:00.1 Audio device: Advanced Micro Devices, Inc. [AMD/ATI] Ellesmere HDMI Audio [Radeon RX 470/480 / 570/580/590] [1002:aaf0], IOMMU group 14, driver snd_hda_intel, no override: goes with it (same device and vendor)" list
json_is list/arc-json 0 '[.displays[] | [.address, .path, .physical_slot, (.on_card_switch | map([.address, .item]))]]
	== [["0000:00:02.0","00:02.0",null,[]],["0000:00:02.1","00:02.1",null,[]],["0000:00:02.2","00:02.2",null,[]],
	    ["0000:03:00.0","00:01.0/00.0/01.0/00.0","1",[["0000:04:00.0","00:01.0/00.0/04.0/00.0@8086:4f90"]]],
	    ["0000:07:00.0","00:1c.0/00.0/08.0/00.0","4",[]],["0000:08:00.0","00:1c.0/00.0/10.0/00.0","5",[]]]
	and ([.displays[].same_id] | add) == []
	and .displays[3].on_card_switch[0].device_name == "DG2 Audio Controller"' list

# a board's switch of the cards' vendor (NF200) and a Thunderbolt enclosure's
# are no card's own: nothing of the other card, nor the enclosure's USB
# controller, is named under a card
group "list: a board's NF200 switch with two identical cards" machine_nf200
is list/nf200 0 "$LIST_HEAD
0000:03:00.0 VGA compatible controller: NVIDIA Corporation GF110 [GeForce GTX 580] [10de:1080], path 00:03.0/00.0/00.0/00.0, physical slot 1, IOMMU group 5, driver nouveau, no override, boot display
  0000:03:00.1 Audio device: NVIDIA Corporation GF110 High Definition Audio Controller [10de:0e09], IOMMU group 5, driver snd_hda_intel, no override: goes with it (same IOMMU group)
0000:04:00.0 VGA compatible controller: NVIDIA Corporation GF110 [GeForce GTX 580] [10de:1080], path 00:03.0/00.0/02.0/00.0, physical slot 2, IOMMU group 6, driver nouveau, no override
  0000:04:00.1 Audio device: NVIDIA Corporation GF110 High Definition Audio Controller [10de:0e09], IOMMU group 6, driver snd_hda_intel, no override: goes with it (same IOMMU group)
2 identical cards, 10de:1080: bus numbers can move, so name the guest's card by its path with the ID guard; in /etc/vfio-binder.conf, one of:
  slots = 00:03.0/00.0/00.0/00.0@10de:1080  # 0000:03:00.0, physical slot 1
  slots = 00:03.0/00.0/02.0/00.0@10de:1080  # 0000:04:00.0, physical slot 2" list
json_is list/nf200-json 0 '[.displays[] | [.address, .physical_slot, .on_card_switch]]
	== [["0000:03:00.0","1",[]],["0000:04:00.0","2",[]]]' list

group "list: a Thunderbolt enclosure around a card without a switch" machine_egpu
is list/egpu 0 "$LIST_HEAD
0000:00:02.0 VGA compatible controller: Intel Corporation TigerLake-LP GT2 [Iris Xe Graphics] [8086:9a49], path 00:02.0, IOMMU group 0, driver i915, no override, boot display
0000:2e:00.0 VGA compatible controller: Intel Corporation DG1 [Iris Xe Graphics] [8086:4908], path 00:07.0/00.0/01.0/00.0, IOMMU group 5, driver i915, no override" list
json_is list/egpu-json 0 '[.displays[] | [.address, .on_card_switch]] == [["0000:00:02.0",[]],["0000:2e:00.0",[]]]' list

group "list: a 3D controller" machine_list_3d
json_is list/3d-controller-json 0 '.displays[-1] | .address == "0000:07:00.0" and .class == "030200"
	and .driver == null and .companions == [] and .class_name == "3D controller"
	and .device_name == "TU104GL [Tesla T4]"' list

# the vendor is in the database, the device is not (Raptor Lake's root port
# 8086:a70d is missing from Debian 12's pci.ids): lspci's words for it
group "list: a device the database does not name" machine_no_display
fake_fn 0000:00:01.0 - 8086 a70d 060400 2 pcieport
fake_fn 0000:01:00.0 0000:00:01.0 8086 56a0 030000 2 i915
fake_pci_ids
run list
if [ "$rc" = 0 ] && grep -qxF '  0000:00:01.0 PCI bridge: Intel Corporation Device [8086:a70d], IOMMU group 2, driver pcieport, no override: shares its IOMMU group; a bridge, never bound, no obstacle' "$OUT"; then
	pass list/device-not-named
else
	fail list/device-not-named "expected exit 0 and 'Intel Corporation Device [8086:a70d]', got exit $rc: $(oneline "$OUT")"
fi
json_is list/device-not-named-json 0 '.displays[0].group_members[0] | .vendor_name == "Intel Corporation" and .device_name == null' list

group "list: IOMMU off" machine_nommu
is list/no-iommu 0 "$LIST_HEAD
the IOMMU is off: no function has an IOMMU group and nothing can be passed through; enable VT-d or AMD-Vi in the firmware setup and on Intel boot with intel_iommu=on
0000:00:02.0 VGA compatible controller: Intel Corporation CoffeeLake-S GT2 [UHD Graphics 630] [8086:3e92], path 00:02.0, no IOMMU group, driver i915, no override, boot display
0000:01:00.0 VGA compatible controller: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204], path 00:01.0/00.0, no IOMMU group, driver nouveau, no override
  0000:01:00.1 Audio device: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef], no IOMMU group, driver snd_hda_intel, no override: goes with it (same device and vendor)" list
json_is list/no-iommu-json 0 '[.displays[].iommu_group] == [null,null] and .displays[1].companions[0].iommu_group == null
	and .displays[1].group_members == []' list

group "list: no display" machine_no_display
is list/no-display 0 'no display device (PCI class 03) on this machine' list
json_is list/no-display-json 0 '.displays == []' list

group "list: no sysfs" machine_no_sysfs
run list
code_is list/no-sysfs 1
run --json list
code_is list/no-sysfs-json 1

# ======================================================================
group "check: clean" machine_desk
CLEAN2='check: 2 functions would go to vfio-pci; 0 warnings, 0 errors'
is check/clean 0 "$CLEAN2" --cmdline 'vfio.slots=02:00.0' check
json_is check/clean-json 0 '.bind == ["0000:02:00.0","0000:02:00.1"] and .findings == [] and .warnings == 0 and .errors == 0' \
	--cmdline 'vfio.slots=02:00.0' check
is check/clean-both-cards-by-path 0 'check: 4 functions would go to vfio-pci; 0 warnings, 0 errors' \
	--cmdline 'vfio.slots=00:01.0/00.0@10de:2204,00:01.1/00.0@10de:2204' check
is check/clean-the-other-nic 0 'check: 1 functions would go to vfio-pci; 0 warnings, 0 errors' \
	--cmdline 'vfio.slots=05:00.0' check
is check/nothing-configured 0 'check: 0 functions would go to vfio-pci; 0 warnings, 0 errors' check
json_is check/nothing-configured-json 0 '.bind == [] and .findings == [] and .errors == 0' check
is check/off 0 'check: 0 functions would go to vfio-pci; 0 warnings, 0 errors' --cmdline 'vfio.slots=off' check
fake_conf 'slots = 02:00.0'
is check/conf 0 "$CLEAN2" check
fake_no_conf
# ids= naming only what vfio.slots= takes anyway is harmless
fake_modprobe etc/modprobe.d/vfio.conf 'options vfio-pci ids=10de:2204,10de:1aef'
is check/ids-of-the-selection 0 'check: 4 functions would go to vfio-pci; 0 warnings, 0 errors' \
	--cmdline 'vfio.slots=01:00.0,02:00.0' check
rm "$M/etc/modprobe.d/vfio.conf"
# blacklisting the GPU's and its audio's drivers is what passthrough guides say: no finding
fake_modprobe etc/modprobe.d/blacklist-gpu.conf 'blacklist nouveau
blacklist snd_hda_intel
install i915 /bin/false'
is check/blacklisted-display-driver 0 "$CLEAN2" --cmdline 'vfio.slots=02:00.0' check
# a module named only by its driver's name is another module
fake_modprobe etc/modprobe.d/wifi.conf 'blacklist rtw_8822ce'
is check/blacklisted-driver-name-not-module 0 "$CLEAN2" --cmdline 'vfio.slots=02:00.0' check
rm -r "$M/etc/modprobe.d"
# a file not ending in .conf is not read
fake_modprobe etc/modprobe.d/storage.conf.dpkg-old 'blacklist nvme'
fake_modprobe lib/modprobe.d/README 'blacklist ahci'
is check/not-a-conf-file 0 "$CLEAN2" --cmdline 'vfio.slots=02:00.0' check
rm -r "$M/etc/modprobe.d" "$M/lib/modprobe.d"
# the last mount on / is the one in effect: an earlier root on a USB disk on the xHCI does not count
fake_block sdc 0000:00:14.0 8:32 usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block
fake_block sdc1 0000:00:14.0 8:33 usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block
no_storage
fake_mount 8:33 / /dev/sdc1 ext4
fake_mount 259:2 / /dev/nvme0n1p2 ext4
is check/overmounted-root 0 'check: 1 functions would go to vfio-pci; 0 warnings, 0 errors' --cmdline 'vfio.slots=00:14.0' check
# a routed network that is not the default route, and lo's unreachable default
no_routes
is check/not-default-route 0 'check: 1 functions would go to vfio-pci; 0 warnings, 0 errors' --cmdline 'vfio.slots=05:00.0' check
# what the host cannot be tied to: an overlay whose layers are in memory (tmpfs), zram
no_storage
printf '40 1 0:31 / / rw shared:1 - overlay overlay rw,lowerdir=/run/ro,upperdir=/run/rw,workdir=/run/work\n' \
	>>"$M/proc/self/mountinfo"
fake_swap /dev/zram0 partition
is check/unresolvable-root 0 'check: 1 functions would go to vfio-pci; 0 warnings, 0 errors' --cmdline 'vfio.slots=04:00.0' check
# without /proc, what is mounted cannot be seen: said, never a clean machine
rm -f "$M/proc/self/mountinfo" "$M/proc/swaps" "$M/proc/net/route" "$M/proc/net/ipv6_route"
is check/no-proc 1 'warning: /proc/self/mountinfo: cannot read it (No such file or directory): no file system mounted now is traced; make sure the selection does not take it
check: 1 functions would go to vfio-pci; 1 warnings, 0 errors' --cmdline 'vfio.slots=04:00.0' check

group "check: warnings" machine_desk
W='07:00.0,01:00.0@10de:2206,00:01.0,id:10de:9999,08:00.0,02:00.0,00:02.0'
is check/refused-items 1 'warning: 07:00.0: 0000:07:00.0 is not present
warning: 01:00.0@10de:2206: 0000:01:00.0 is 10de:2204, not 10de:2206 (ID guard)
warning: 00:01.0: 0000:00:01.0 is a PCI bridge (class 0x060400); bridges are never bound
warning: id:10de:9999: no function has ID 10de:9999
warning: 08:00.0: cannot read 0000:08:00.0 in sysfs
warning: 00:02.0: takes the boot display; the host console goes dark at boot
check: 3 functions would go to vfio-pci; 6 warnings, 0 errors' --cmdline "vfio.slots=$W" check
json_is check/refused-items-json 1 '.bind == ["0000:00:02.0","0000:02:00.0","0000:02:00.1"]
	and [.findings[].code] == ["absent","id-guard-mismatch","bridge","no-match","unreadable","boot-display"]
	and ([.findings[].level] | unique) == ["warning"] and .warnings == 6 and .errors == 0
	and (.findings[5].message | test("console"))' --cmdline "vfio.slots=$W" check
# the boot display stays, the unreadable function matches nothing
is check/gpus 0 'check: 4 functions would go to vfio-pci; 0 warnings, 0 errors' --cmdline 'vfio.slots=gpus' check

# vfio-pci ids=, from the command line (either spelling) and every modprobe.d directory
IDS='ids= also takes 0000:01:00.0 (10de:2204), which the selection leaves to the host; remove the ids= setting and let slots choose'
is check/ids-cmdline 1 "warning: vfio-pci.ids= on the kernel command line: $IDS
check: 2 functions would go to vfio-pci; 1 warnings, 0 errors" \
	--cmdline 'quiet vfio-pci.ids=10de:2204 vfio.slots=02:00.0' check
json_is check/ids-cmdline-json 1 '[.findings[] | [.level, .code]] == [["warning","vfio-pci-ids"]]
	and (.findings[0].message | test("0000:01:00.0")) and .warnings == 1' \
	--cmdline 'quiet vfio_pci.ids=10de:2204 vfio.slots=02:00.0' check
fake_cmdline 'BOOT_IMAGE=/boot/vmlinuz root=/dev/nvme0n1p2 ro vfio-pci.ids=10de:2204,10de:1aef vfio.slots=02:00.0'
json_is check/ids-proc-cmdline-json 1 '[.findings[].code] == ["vfio-pci-ids","vfio-pci-ids"]
	and ([.findings[].message | test("0000:01:00.[01]")] | all)' check
fake_cmdline 'ro quiet'
# the directories libkmod 30 reads, in its order
for d in etc/modprobe.d run/modprobe.d usr/local/lib/modprobe.d lib/modprobe.d; do
	rm -rf "${M:?}/etc/modprobe.d" "${M:?}/run" "${M:?}/usr" "${M:?}/lib"
	case $d in
	etc/* | lib/*) opt='options vfio-pci ids=10de:2204,10de:1aef disable_vga=1' ;;
	*) opt='options vfio_pci disable_idle_d3=1 ids=10de:2204,10de:1aef # the second card' ;;
	esac
	fake_modprobe "$d/vfio.conf" "$opt"
	is "check/ids-$d" 1 "warning: /$d/vfio.conf: $IDS
warning: /$d/vfio.conf: ids= also takes 0000:01:00.1 (10de:1aef), which the selection leaves to the host; remove the ids= setting and let slots choose
check: 2 functions would go to vfio-pci; 2 warnings, 0 errors" --cmdline 'vfio.slots=02:00.0' check
done
json_is check/ids-modprobe-json 1 '[.findings[].code] == ["vfio-pci-ids","vfio-pci-ids"]
	and (.findings[0].message | startswith("/lib/modprobe.d/vfio.conf: "))' --cmdline 'vfio.slots=02:00.0' check
# /usr/lib/modprobe.d counts where /lib is /usr/lib (merged /usr, as Debian 12 has it); else libkmod 30 skips it
rm -rf "${M:?}/lib"
fake_modprobe usr/lib/modprobe.d/vfio.conf 'options vfio-pci ids=10de:2204'
is check/ids-usr-lib-unmerged 0 "$CLEAN2" --cmdline 'vfio.slots=02:00.0' check
ln -s usr/lib "$M/lib"
json_is check/ids-usr-lib-merged 1 '[.findings[].code] == ["vfio-pci-ids"]
	and (.findings[0].message | startswith("/lib/modprobe.d/vfio.conf: "))' --cmdline 'vfio.slots=02:00.0' check
rm -rf "${M:?}/usr" "${M:?}/lib"
# with nothing selected, ids= takes cards the host keeps
fake_modprobe etc/modprobe.d/vfio.conf 'options vfio-pci ids=10de:2204'
json_is check/ids-nothing-selected-json 1 '[.findings[].code] == ["vfio-pci-ids","vfio-pci-ids"]
	and .bind == []' check
# modprobe passes quoted values to the kernel, which strips the quotes
fake_modprobe etc/modprobe.d/vfio.conf 'options vfio-pci ids="10de:2204,10de:1aef"'
json_is check/ids-quoted-json 1 '[.findings[].code] == ["vfio-pci-ids","vfio-pci-ids"]' --cmdline 'vfio.slots=02:00.0' check
rm -r "$M/etc/modprobe.d"
# ids= matching the disk of / or the uplink: the binder loads vfio-pci before
# udev loads nvme or e1000e, so a selection makes ids= take them first
fake_modprobe etc/modprobe.d/vfio.conf 'options vfio-pci ids=144d:a80a,8086:15bc'
is check/ids-takes-root 3 'error: /etc/modprobe.d/vfio.conf: ids= would take 0000:04:00.0 (144d:a80a), which the host needs for / (nvme0n1p2), before its driver loads; remove the ids= setting and let slots choose
error: /etc/modprobe.d/vfio.conf: ids= would take 0000:00:1f.6 (8086:15bc), which the host needs for default route (eno1), before its driver loads; remove the ids= setting and let slots choose
check: 2 functions would go to vfio-pci; 0 warnings, 2 errors' --cmdline 'vfio.slots=02:00.0' check
json_is check/ids-takes-root-json 3 '[.findings[] | [.level, .code]] == [["error","ids-takes-host-device"],["error","ids-takes-host-device"]]
	and .errors == 2' --cmdline 'vfio.slots=02:00.0' check
# with nothing selected the binder loads no vfio-pci: only a warning
json_is check/ids-takes-root-nothing-selected-json 1 '[.findings[] | [.level, .code]] == [["warning","vfio-pci-ids"],["warning","vfio-pci-ids"]]' check
rm -r "$M/etc/modprobe.d"

# blacklisted and disabled drivers of storage and network controllers
fake_modprobe etc/modprobe.d/blacklist.conf '# no NVMe on this box
blacklist nvme
blacklist e1000e'
fake_modprobe lib/modprobe.d/wifi.conf 'blacklist rtw88-8822ce'
fake_modprobe run/modprobe.d/disable.conf 'install ahci /bin/false
install ixgbe /bin/true'
is check/drivers 1 'warning: modprobe.d installs ahci as a no-op, and it drives 0000:00:17.0 (storage controller): it will never load
warning: modprobe.d blacklists e1000e, the driver of 0000:00:1f.6 (network controller): udev will not load it at boot
warning: modprobe.d blacklists nvme, the driver of 0000:03:00.0 (storage controller): udev will not load it at boot
warning: modprobe.d blacklists nvme, the driver of 0000:04:00.0 (storage controller): udev will not load it at boot
warning: modprobe.d installs ixgbe as a no-op, and it drives 0000:05:00.0 (network controller): it will never load
warning: modprobe.d blacklists rtw88_8822ce, the driver of 0000:06:00.0 (network controller): udev will not load it at boot
check: 2 functions would go to vfio-pci; 6 warnings, 0 errors' --cmdline 'vfio.slots=02:00.0' check
json_is check/drivers-json 1 '[.findings[] | [.code, (.message | capture("(?<a>[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7])").a)]]
	== [["disabled-driver","0000:00:17.0"],["blacklisted-driver","0000:00:1f.6"],["blacklisted-driver","0000:03:00.0"],
	    ["blacklisted-driver","0000:04:00.0"],["disabled-driver","0000:05:00.0"],["blacklisted-driver","0000:06:00.0"]]
	and .warnings == 6 and .errors == 0' --cmdline 'vfio.slots=02:00.0' check
# with nothing configured: still worth saying
json_is check/drivers-nothing-configured-json 1 '(.findings | length) == 6 and .bind == []' check
# kmod reads one file of a name: /etc/modprobe.d/X.conf masks /lib/modprobe.d/X.conf
rm -r "$M/etc/modprobe.d" "$M/run/modprobe.d"
fake_modprobe lib/modprobe.d/wifi.conf 'blacklist rtw88_8822ce'
fake_modprobe etc/modprobe.d/wifi.conf '# the card works now'
is check/masked-conf 0 "$CLEAN2" --cmdline 'vfio.slots=02:00.0' check
rm -r "$M/etc/modprobe.d" "$M/lib/modprobe.d"

group "check: warnings: a card in a group with the host's disk controller and NIC" machine_shared
is check/group-holds-host-device 1 "warning: 03:00.0: $SHARED
warning: 03:00.0: its IOMMU group 2 holds 0000:05:00.0, which the host needs for / (sda2): this card cannot be passed through from this slot
warning: 03:00.0: its IOMMU group 2 holds 0000:04:00.0, which the host needs for default route (enp4s0): this card cannot be passed through from this slot
check: 0 functions would go to vfio-pci; 3 warnings, 0 errors" --cmdline 'vfio.slots=03:00.0' check
json_is check/group-holds-host-device-json 1 '[.findings[].code] == ["group-not-viable","group-holds-host-device","group-holds-host-device"]
	and ([.findings[].level] | unique) == ["warning"] and .bind == [] and .errors == 0' --cmdline 'vfio.slots=03:00.0' check

group "check: warnings: IOMMU off" machine_nommu
is check/no-iommu-group 1 "warning: 01:00.0: 0000:01:00.0 $NOMMU
check: 0 functions would go to vfio-pci; 1 warnings, 0 errors" --cmdline 'vfio.slots=01:00.0' check
json_is check/no-iommu-group-json 1 '[.findings[].code] == ["no-iommu-group"]' --cmdline 'vfio.slots=01:00.0' check

group "check: IOMMU off, the host's disk and uplink selected" machine_nommu_host
# Nothing binds while the IOMMU is off, but the first boot after it is turned
# on would take the host's disk or uplink: the image build must stop now.
is check/no-iommu-takes-root 3 "warning: 03:00.0: 0000:03:00.0 $NOMMU
error: the selection would take 0000:03:00.0, which the host needs for / (nvme0n1p2); remove it from the list
check: 0 functions would go to vfio-pci; 1 warnings, 1 errors" --cmdline 'vfio.slots=03:00.0' check
json_is check/no-iommu-takes-route-json 3 '[.findings[] | [.level, .code]] == [["warning","no-iommu-group"],["error","takes-host-device"]]
	and (.findings[1].message | contains("0000:00:1f.6") and contains("default route (eno1)"))' \
	--cmdline 'vfio.slots=00:1f.6' check
is check/no-iommu-card-only 1 "warning: 01:00.0: 0000:01:00.0 $NOMMU
check: 0 functions would go to vfio-pci; 1 warnings, 0 errors" --cmdline 'vfio.slots=01:00.0' check

group "check: warnings: the boot display" machine_list
# a selector passes over the boot display by design: nothing to warn about
is check/boot-display-selector 0 'check: 2 functions would go to vfio-pci; 0 warnings, 0 errors' --cmdline 'vfio.slots=id:10de:2204' check
json_is check/boot-display-selector-json 0 '.findings == [] and .bind == ["0000:02:00.0","0000:02:00.1"]' \
	--cmdline 'vfio.slots=id:10de:2204' check
json_is check/boot-display-explicit-json 1 '[.findings[].code] == ["boot-display"] and .bind == ["0000:01:00.0","0000:01:00.1"]' \
	--cmdline 'vfio.slots=01:00.0' check

# the Arc card's HDMI audio sits behind another port of the card's own switch:
# not taken along, named with the item that adds it
group "check: warnings: an Arc card's own switch" machine_arc
is check/card-switch 1 "warning: 00:01.0/00.0/01.0/00.0@8086:56a0: the card's own switch also holds 0000:04:00.0 (8086:4f90, IOMMU group 7), another device, which is not taken along; add 00:01.0/00.0/04.0/00.0@8086:4f90 to the list to pass it through too
check: 1 functions would go to vfio-pci; 1 warnings, 0 errors" --cmdline 'vfio.slots=00:01.0/00.0/01.0/00.0@8086:56a0' check
json_is check/card-switch-json 1 '[.findings[] | [.level, .code]] == [["warning","card-switch-function"]] and .bind == ["0000:03:00.0"]' \
	--cmdline 'vfio.slots=03:00.0' check
is check/card-switch-both 0 'check: 2 functions would go to vfio-pci; 0 warnings, 0 errors' --cmdline 'vfio.slots=03:00.0,04:00.0' check
# a motherboard's switch is no card's own: nothing to say about the other card behind it
is check/workstation-switch 0 'check: 2 functions would go to vfio-pci; 0 warnings, 0 errors' --cmdline 'vfio.slots=07:00.0' check

# nor are they for check: the other card and the enclosure's USB controller go unmentioned
group "check: an NF200 board switch" machine_nf200
is check/nf200 0 'check: 2 functions would go to vfio-pci; 0 warnings, 0 errors' --cmdline 'vfio.slots=04:00.0' check
json_is check/nf200-json 0 '.findings == [] and .bind == ["0000:04:00.0","0000:04:00.1"]' --cmdline 'vfio.slots=gpus' check
group "check: a Thunderbolt enclosure's switch" machine_egpu
is check/egpu 0 'check: 1 functions would go to vfio-pci; 0 warnings, 0 errors' --cmdline 'vfio.slots=2e:00.0' check

group "check: invalid configuration" machine_desk
is check/syntax-error 2 'error: vfio.slots= item 2 "gpu" at column 9: unknown item (expected an address, a path, id:VENDOR:DEVICE, gpus or off)
error: the configuration is invalid: nothing would be bound at boot
check: 0 functions would go to vfio-pci; 0 warnings, 1 errors' --cmdline 'vfio.slots=02:00.0,gpu' check
err_has check/syntax-error/stderr 'unknown item'
# the parse errors are findings, so that --json carries them
json_is check/syntax-error-json 2 '.valid == false and .bind == [] and .errors == 1
	and [.findings[] | [.level, .code]] == [["error","invalid-configuration"]]
	and (.findings[0].message | test("item 2 \"gpu\" at column 9: unknown item"))
	and (.findings[0] | [.file, .line, .column]) == [null, null, 9]' --cmdline 'vfio.slots=02:00.0,gpu' check
# mistakes the messages name
run --cmdline 'vfio.slots=02:00.0, 01:00.0' check
code_is check/cmdline-split 2
err_has check/cmdline-split/stderr 'the kernel splits its command line at blanks, so write the list without them or quote it'
printf '\357\273\277slots = 02:00.0\n' >"$M/etc/vfio-binder.conf"
json_is check/conf-bom-json 2 '.findings[0].code == "invalid-configuration"
	and (.findings[0].message | test("vfio-binder.conf:1:1: the file starts with a UTF-8 byte-order mark"))
	and (.findings[0] | (.file | endswith("/etc/vfio-binder.conf")) and .line == 1 and .column == 1)' check
fake_conf 'slots = "02:00.0"'
run check
code_is check/conf-quotes 2
err_has check/conf-quotes/stderr 'vfio-binder.conf:1:9: the conf file takes no quotes'
json_is check/conf-quotes-json 2 '[.findings[] | [.code, .line, .column, (.message | test("takes no quotes"))]]
	== [["invalid-configuration",1,9,true]]' check
# every bad item of a conf list, each where it is in the file
fake_conf '# the guest
  slots = 02:00.0, 0g:00.0, 03:00.9'
json_is check/conf-items-json 2 '[.findings[] | [.line, .column, (.message | test("item [23] "))]]
	== [[2,21,true],[2,35,true]] and .valid == false and .errors == 2' check
# a Latin-1 byte in the input: every JSON output stays UTF-8 (json_is checks with iconv)
printf 'slots = 02:00.0,\240bad\n' >"$M/etc/vfio-binder.conf"
json_is check/latin1-json 2 '.findings[0].message | test("\ufffdbad")' check
json_is check/latin1-plan-json 2 '.errors[0].item == "\ufffdbad"' plan
json_is check/latin1-status-json 2 '.ok == false' status
fake_conf 'slot = 02:00.0'
run check
code_is check/conf-error 2
err_has check/conf-error/stderr 'vfio-binder.conf:1:1: unknown key'
json_is check/conf-error-json 2 '.valid == false and .bind == []' check

group "check: no sysfs" machine_no_sysfs
run --cmdline 'vfio.slots=02:00.0' check
code_is check/no-sysfs 1
run --cmdline 'vfio.slots=02:00.0' --json check
code_is check/no-sysfs-json 1

group "check: the selection takes what the host needs" machine_desk
# danger NAME SLOTS WHAT: check exits 3 with one error, that the selection takes
# the function of SLOTS (an address) which the host needs for WHAT
danger() {
	dname=$1 slots=$2 what=$3 addr=$4
	is "$dname" 3 "error: the selection would take $addr, which the host needs for $what; remove it from the list
check: $5 functions would go to vfio-pci; 0 warnings, 1 errors" --cmdline "vfio.slots=$slots" check
	json_is "$dname-json" 3 '[.findings[] | [.level, .code]] == [["error","takes-host-device"]] and .errors == 1 and .warnings == 0
		and (.findings[0].message | contains("'"$addr"'") and contains("'"$what"'"))
		and (.bind | any(. == "'"$addr"'"))' --cmdline "vfio.slots=$slots" check
}
danger check/root-nvme 04:00.0 '/ (nvme0n1p2)' 0000:04:00.0 1
danger check/root-nvme-by-path 00:1d.0/00.0@144d:a80a '/ (nvme0n1p2)' 0000:04:00.0 1
danger check/root-nvme-by-id id:144d:a80a '/ (nvme0n1p2)' 0000:04:00.0 1
danger check/boot-sata 00:17.0 '/boot (sda1)' 0000:00:17.0 1
danger check/swap-partition 03:00.0 'swap (nvme1n1p1)' 0000:03:00.0 1
danger check/default-route 00:1f.6 'default route (eno1)' 0000:00:1f.6 1
# with warnings too, the error wins
run --cmdline 'vfio.slots=02:00.0,07:00.0,04:00.0' check
code_is check/danger-and-warnings 3
json_is check/danger-and-warnings-json 3 '[.findings[].code] == ["absent","takes-host-device"] and .errors == 1 and .warnings == 1' \
	--cmdline 'vfio.slots=02:00.0,07:00.0,04:00.0' check
# the default route through a bridge, a bond under a bridge, a VLAN, and IPv6 only
fake_net br0 -
fake_lower br0 eno1
rm -f "$M/proc/net/route"
fake_route br0
fake_route br0 0002A8C0 00FFFFFF
danger check/default-route-bridge 00:1f.6 'default route (eno1)' 0000:00:1f.6 1
fake_net bond0 -
fake_lower bond0 enp5s0
fake_net br1 -
fake_lower br1 bond0
no_routes
fake_route br1
danger check/default-route-bond-in-bridge 05:00.0 'default route (enp5s0)' 0000:05:00.0 1
fake_net eno1.100 -
fake_lower eno1.100 eno1
no_routes
fake_route eno1.100
danger check/default-route-vlan 00:1f.6 'default route (eno1)' 0000:00:1f.6 1
no_routes
fake_route6 enp5s0
danger check/default-route-ipv6 05:00.0 'default route (enp5s0)' 0000:05:00.0 1
no_routes
fake_route wlp6s0
danger check/default-route-wifi 06:00.0 'default route (wlp6s0)' 0000:06:00.0 1
desk_routes
# / on LVM on dm-crypt on the NVMe drive, swap on LVM too
fake_dm dm-0 254:0 nvme0n1p3
fake_dm_name dm-0 nvme0n1p3_crypt
fake_dm dm-1 254:1 dm-0
fake_dm_name dm-1 vg-root
fake_dm dm-2 254:2 dm-0
fake_dm_name dm-2 vg-swap
no_storage
fake_mount 254:1 / /dev/mapper/vg-root ext4
danger check/root-lvm-on-luks 04:00.0 '/ (nvme0n1p3)' 0000:04:00.0 1
no_storage
fake_swap /dev/dm-2 partition
danger check/swap-lvm 04:00.0 'swap (nvme0n1p3)' 0000:04:00.0 1
# / on btrfs (device 0:N): the source names the device
no_storage
fake_mount 0:31 / /dev/nvme0n1p2 btrfs /@rootfs
fake_mount 0:31 /home /dev/nvme0n1p2 btrfs /@home
danger check/root-btrfs 04:00.0 '/ (nvme0n1p2)' 0000:04:00.0 1
# btrfs on dm-crypt (Fedora with encryption): the source is /dev/mapper/NAME
fake_dm dm-3 254:3 nvme0n1p2
fake_dm_name dm-3 luks-6f2e1c3a-8a52-4d2b-a3e4-1b5c9d7e0f21
no_storage
fake_mount 0:31 / /dev/mapper/luks-6f2e1c3a-8a52-4d2b-a3e4-1b5c9d7e0f21 btrfs /root
danger check/root-btrfs-on-luks 04:00.0 '/ (nvme0n1p2)' 0000:04:00.0 1
# btrfs RAID 1 across both NVMe drives: the source names one, the kernel's
# member list both, and either controller is the root file system's
fake_btrfs 9d2e0c1a-4b7f-4e55-8c3b-2f6a1d0e9b47 nvme0n1p2 nvme1n1p1
no_storage
fake_mount 0:31 / /dev/nvme0n1p2 btrfs /@rootfs
danger check/root-btrfs-raid1-named 04:00.0 '/ (nvme0n1p2)' 0000:04:00.0 1
danger check/root-btrfs-raid1-other 03:00.0 '/ (nvme1n1p1)' 0000:03:00.0 1
# a single-device btrfs elsewhere does not pull its device into /
fake_btrfs 0b7c4e1d-5a2f-4c3e-9d8a-6e1f2a3b4c5d sda2
json_is check/root-btrfs-raid1-not-sata 0 '.findings == [] and .bind == ["0000:00:17.0"]' --cmdline 'vfio.slots=00:17.0' check
rm -r "$M/sys/fs/btrfs"
# md RAID 1 across the SATA disk and the second NVMe drive: both controllers
fake_dm md0 9:0 sda2 nvme1n1p1
no_storage
fake_mount 9:0 / /dev/md0 ext4
danger check/root-md-sata 00:17.0 '/ (sda2)' 0000:00:17.0 1
danger check/root-md-nvme 03:00.0 '/ (nvme1n1p1)' 0000:03:00.0 1
# a swap file lives on the mount holding it: /srv on the SATA disk, not /
no_storage
fake_mount 259:2 / /dev/nvme0n1p2 ext4
fake_mount 8:2 /srv /dev/sda2 xfs
fake_mount 8:1 /srvx /dev/sda1 xfs
fake_swap /srv/swap/file1 file
danger check/swap-file 00:17.0 'swap file (sda2)' 0000:00:17.0 1
# / on a USB disk: the xHCI controller
no_storage
fake_mount 8:33 / /dev/sdc1 ext4
fake_block sdc 0000:00:14.0 8:32 usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block
fake_block sdc1 0000:00:14.0 8:33 usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block
danger check/root-usb-disk 00:14.0 '/ (sdc1)' 0000:00:14.0 1
# the default route on a USB NIC: the xHCI controller
desk_storage
fake_net enx00e04c680001 0000:00:14.0 usb2/2-1/2-1:1.0
no_routes
fake_route enx00e04c680001
danger check/default-route-usb-nic 00:14.0 'default route (enx00e04c680001)' 0000:00:14.0 1

# one port of a dual-port NIC to a guest, the host keeps the other (rule 3:
# a function that is not a display function is taken as named)
group "check: one port of a dual-port NIC" machine_homelab
is check/nic-one-port 0 'check: 1 functions would go to vfio-pci; 0 warnings, 0 errors' --cmdline 'vfio.slots=05:00.1' check
json_is check/nic-one-port-json 0 '.bind == ["0000:05:00.1"] and .findings == []' --cmdline 'vfio.slots=05:00.1' check
is check/nic-one-port-plan 0 'bind 0000:05:00.1' --cmdline 'vfio.slots=05:00.1' plan
# the port with the default route: the error names the port that was listed
is check/nic-uplink-port 3 'error: the selection would take 0000:05:00.0, which the host needs for default route (enp5s0f0); remove it from the list
check: 1 functions would go to vfio-pci; 0 warnings, 1 errors' --cmdline 'vfio.slots=05:00.0' check
# a companion the user never listed: the error names the item that brings it
is check/companion-uplink 3 'error: the selection would take 0000:01:00.2, which the host needs for default route (enx00e04c680002), along with its display function: remove 01:00.0 from the list
check: 4 functions would go to vfio-pci; 0 warnings, 1 errors' --cmdline 'vfio.slots=01:00.0' check
json_is check/companion-uplink-json 3 '[.findings[] | [.code, (.message | test("remove 00:01.0/00.0@10de:1e87 from"))]]
	== [["takes-host-device",true]]' --cmdline 'vfio.slots=00:01.0/00.0@10de:1e87' check

group "check: taking the whole shared group takes the host's SATA controller and NIC" machine_shared
run --cmdline 'vfio.slots=03:00.0,04:00.0,05:00.0' check
code_is check/shared-group-taken 3
json_is check/shared-group-taken-json 3 '[.findings[] | [.level, .code]]
	== [["error","takes-host-device"],["error","takes-host-device"]]
	and .errors == 2 and (.bind | length) == 4' --cmdline 'vfio.slots=03:00.0,04:00.0,05:00.0' check

# check judges what the next boot will apply: the conf file too while the
# command line replaces it (a rescue vfio.slots=off is one boot)
group "check: the conf file under a rescue vfio.slots=off" machine_desk
fake_conf 'slots = 04:00.0'
is check/conf-under-off 3 'error: the conf file: the selection would take 0000:04:00.0, which the host needs for / (nvme0n1p2); remove it from the list
check: 0 functions would go to vfio-pci with the kernel command line, 1 with the conf file; 0 warnings, 1 errors' \
	--cmdline 'vfio.slots=off' check
json_is check/conf-under-off-json 3 '[.selections[] | [.source, .slots, .bind]] == [["cmdline","off",[]],["conf","04:00.0",["0000:04:00.0"]]]
	and [.findings[] | [.source, .code]] == [["conf","takes-host-device"]] and .bind == []' --cmdline 'vfio.slots=off' check
is check/conf-under-card 3 'error: the conf file: the selection would take 0000:04:00.0, which the host needs for / (nvme0n1p2); remove it from the list
check: 2 functions would go to vfio-pci with the kernel command line, 1 with the conf file; 0 warnings, 1 errors' \
	--cmdline 'vfio.slots=02:00.0' check
fake_conf 'slots = 02:00.0'
json_is check/cmdline-takes-root-conf-fine 3 '[.findings[] | [.source, .code]] == [["cmdline","takes-host-device"]]' \
	--cmdline 'vfio.slots=04:00.0' check
# the control: both fine, and the conf alone as before (no source named)
is check/both-fine 0 'check: 2 functions would go to vfio-pci with the kernel command line, 2 with the conf file; 0 warnings, 0 errors' \
	--cmdline 'vfio.slots=01:00.0' check
json_is check/conf-alone 0 '.selections == [{"source":"conf","slots":"02:00.0","bind":["0000:02:00.0","0000:02:00.1"]}]' \
	--cmdline 'ro quiet' check

# ======================================================================
group bind machine_desk
fake_vfio_builtin
TOVFIO='0000:02:00.0 nouveau -> vfio-pci
0000:02:00.1 snd_hda_intel -> vfio-pci'
fresh
# what bind writes, in order; where the functions end is bind/moved's, with
# the fake kernel, and check-kernel's bind-card
if traced bind/card bind 02:00.0; then
	override_is bind/card/override 0000:02:00.0 'vfio-pci\n'
	override_is bind/card/override-audio 0000:02:00.1 'vfio-pci\n'
	override_is bind/card/other-card-untouched 0000:01:00.0 '(null)\n'
	file_is bind/card/unbind-nouveau sys/bus/pci/drivers/nouveau/unbind 0000:02:00.0
	file_is bind/card/unbind-snd sys/bus/pci/drivers/snd_hda_intel/unbind 0000:02:00.1
	file_is bind/card/vfio-pci-unbind-untouched sys/bus/pci/drivers/vfio-pci/unbind ''
	# each function: override first, then unbind, then probe
	bad=
	for a in 0000:02:00.0 0000:02:00.1; do
		o=$(grep -n "^override $a vfio-pci\\\\n\$" "$TRACE" | cut -d: -f1 | head -n 1)
		u=$(grep -n "^unbind [a-z_]* $a\$" "$TRACE" | cut -d: -f1 | head -n 1)
		p=$(grep -n "^probe $a\$" "$TRACE" | cut -d: -f1 | tail -n 1)
		if [ -z "$o" ] || [ -z "$u" ] || [ -z "$p" ] || [ "$o" -gt "$u" ] || [ "$u" -gt "$p" ]; then
			bad="$bad $a"
		fi
	done
	if [ -z "$bad" ] && ! grep -q '^other ' "$TRACE" && [ "$(grep -c '^override ' "$TRACE")" = 2 ]; then
		pass bind/card/order
	else
		fail bind/card/order "expected override, unbind, probe for each function and nothing else, got '$(oneline "$TRACE")'"
	fi
	err_has bind/card/vfio-built-in 'modules: vfio built in, vfio_iommu_type1 built in, vfio-pci built in'
fi
fresh
# the audio named alone leaves its card in the group: refused, nothing moved
is bind/audio-named 1 '' bind 02:00.1
err_has bind/audio-named/stderr 'its IOMMU group also holds 0000:02:00.0'
writes_none bind/audio-named/nothing-written
# named with its card, the named function first
kernel_is bind/audio-and-card 0 '0000:02:00.1 snd_hda_intel -> vfio-pci
0000:02:00.0 nouveau -> vfio-pci' bind 02:00.1 02:00.0
override_is bind/audio-and-card/override 0000:02:00.0 'vfio-pci\n'
fresh
kernel_is bind/path 0 "$TOVFIO" bind 00:01.1/00.0@10de:2204
fresh
kernel_is bind/two-cards 0 "0000:01:00.0 nouveau -> vfio-pci
0000:01:00.1 snd_hda_intel -> vfio-pci
$TOVFIO" bind 01:00.0 02:00.0
# already there: nothing to unbind, exit 0 (the kernel's probe of a bound function changes nothing)
fresh
state "$ON_VFIO"
if traced bind/already-on-vfio bind 02:00.0; then
	if [ "$rc" = 0 ] && [ "$(cat "$OUT")" = '0000:02:00.0 vfio-pci -> vfio-pci
0000:02:00.1 vfio-pci -> vfio-pci' ]; then
		pass bind/already-on-vfio
	else
		fail bind/already-on-vfio "expected exit 0 and 'ADDR vfio-pci -> vfio-pci', got exit $rc and '$(oneline "$OUT")'"
	fi
	trace_is bind/already-on-vfio/writes 'override 0000:02:00.0 vfio-pci\n
override 0000:02:00.1 vfio-pci\n
probe 0000:02:00.0
probe 0000:02:00.1'
fi
# without a driver: nothing to unbind
fresh
state '0000:02:00.0=-/- 0000:02:00.1=-/-'
if traced bind/no-driver bind 02:00.0; then
	trace_is bind/no-driver/writes 'override 0000:02:00.0 vfio-pci\n
override 0000:02:00.1 vfio-pci\n
probe 0000:02:00.0
probe 0000:02:00.1'
fi
# with a kernel that moves the links
fresh
state '0000:02:00.0=nouveau/- 0000:02:00.1=snd_hda_intel/-'
fake_kernel_start 6 ''
is bind/moved 0 "$TOVFIO" bind 02:00.0
fake_kernel_stop

group "bind: refusals" machine_desk
fake_vfio_builtin
is bind/boot-display 1 '' bind 00:02.0
err_has bind/boot-display/stderr '--force'
writes_none bind/boot-display/nothing-written
fresh
kernel_is bind/boot-display-force 0 '0000:00:02.0 i915 -> vfio-pci' --force bind 00:02.0
override_is bind/boot-display-force/override 0000:00:02.0 'vfio-pci\n'
fresh
kernel_is bind/force-after-address 0 '0000:00:02.0 i915 -> vfio-pci' bind 00:02.0 --force
fresh
is bind/absent 1 '' bind 07:00.0
err_has bind/absent/stderr '0000:07:00.0 is not present'
writes_none bind/absent/nothing-written
is bind/guard-mismatch 1 '' bind 02:00.0@10de:2206
writes_none bind/guard-mismatch/nothing-written
is bind/bridge 1 '' bind 00:01.1
err_has bind/bridge/stderr 'bridges are never bound'
writes_none bind/bridge/nothing-written
is bind/unreadable 1 '' bind 08:00.0
writes_none bind/unreadable/nothing-written
# a refused item is left alone, the others still go
kernel_is bind/absent-and-card 1 "$TOVFIO" bind 07:00.0 02:00.0
override_is bind/absent-and-card/other-untouched 0000:01:00.0 '(null)\n'
fresh
for sel in gpus id:10de:2204 'id:10de:2204,02:00.0'; do
	is "bind/selector-$sel" 64 '' bind "$sel"
	err_has "bind/selector-$sel/stderr" 'not selectors'
	writes_none "bind/selector-$sel/nothing-written"
done
for bad in 02:00.9 gpu '02:00.0@10de' '' 'off,02:00.0'; do
	is "bind/syntax-error-'$bad'" 64 '' bind "$bad"
	writes_none "bind/syntax-error-'$bad'/nothing-written"
done
is bind/no-address 64 '' bind
writes_none bind/no-address/nothing-written
is bind/off 64 '' bind off

group "bind: one port of a dual-port NIC" machine_homelab
if traced bind/nic-one-port bind 05:00.1; then
	code_is bind/nic-one-port 1
	trace_is bind/nic-one-port/writes 'override 0000:05:00.1 vfio-pci\n
unbind igb 0000:05:00.1
probe 0000:05:00.1'
fi
fresh
is bind/nic-uplink-port 3 '' bind 05:00.0
err_has bind/nic-uplink-port/stderr 'would take 0000:05:00.0, which the host needs for default route (enp5s0f0)'
writes_none bind/nic-uplink-port/nothing-written

group "bind: refusals: a group that is not viable" machine_shared
fake_vfio_builtin
is bind/group-not-viable 1 '' bind 03:00.0
err_has bind/group-not-viable/stderr "$SHARED"
writes_none bind/group-not-viable/nothing-written

group "bind: refusals: IOMMU off" machine_nommu
fake_vfio_builtin
is bind/no-iommu-group 1 '' bind 01:00.0
err_has bind/no-iommu-group/stderr 'intel_iommu=on'
writes_none bind/no-iommu-group/nothing-written

# before touching anything, bind refuses what check calls an error (exit 3):
# the disk of /, the uplink, or a vfio-pci ids= that takes them early
group "bind: refusals: what the host runs on" machine_desk
fake_vfio_builtin
is bind/root-nvme 3 '' bind 04:00.0
err_has bind/root-nvme/stderr 'refused: the selection would take 0000:04:00.0, which the host needs for / (nvme0n1p2)'
writes_none bind/root-nvme/nothing-written
is bind/root-nvme-force 3 '' --force bind 04:00.0
writes_none bind/root-nvme-force/nothing-written
is bind/uplink 3 '' bind 00:1f.6
err_has bind/uplink/stderr 'which the host needs for default route (eno1)'
writes_none bind/uplink/nothing-written
is bind/card-and-root-nvme 3 '' bind 02:00.0 04:00.0
writes_none bind/card-and-root-nvme/nothing-written
fake_modprobe etc/modprobe.d/vfio.conf 'options vfio-pci ids=144d:a80a'
is bind/ids-takes-root 3 '' bind 02:00.0
err_has bind/ids-takes-root/stderr 'refused: /etc/modprobe.d/vfio.conf: ids= would take 0000:04:00.0'
writes_none bind/ids-takes-root/nothing-written

# a kernel upgraded without a reboot: vfio-pci cannot be loaded, and bind
# refuses rather than leave the card without a driver
group "bind: refusals: vfio-pci cannot be loaded" machine_desk
is bind/vfio-missing 1 '' bind 02:00.0
err_has bind/vfio-missing/stderr 'refused: vfio-pci cannot be loaded'
writes_none bind/vfio-missing/nothing-written

# before touching anything, bind refuses a function the host uses now: a
# device node of it a process holds open, an interface of it up with an
# address or enslaved (exit 3, --force or not); the chosen card is card0 and
# renderD128, its audio controlC1, the other card card1
group "bind: refusals: in use now" machine_desk
fake_vfio_builtin
no_storage
rm -f "$M/proc/net/route" "$M/proc/net/ipv6_route"
fake_route eno1
fake_drm card0 0000:02:00.0
fake_drm renderD128 0000:02:00.0
fake_drm card1 0000:01:00.0
fake_drm renderD129 0000:01:00.0
fake_sound controlC1 0000:02:00.1
fake_sound pcmC1D3p 0000:02:00.1
fake_sound controlC0 0000:00:1f.3
# a desktop's processes, none of them on the chosen card: bind goes on
fake_opener 1 systemd /dev/null
fake_opener 977 Xorg /dev/dri/card1 /dev/dri/renderD129 /dev/tty7
fake_opener 1204 pipewire /dev/snd/controlC0 /dev/snd/seq
fake_opener 1530 firefox-esr 'anon_inode:[eventfd]' /dev/dri/renderD129
fresh
kernel_is bind/in-use/others-only 0 "$TOVFIO" bind 02:00.0
err_lacks bind/in-use/others-only/no-refusal 'refused'
override_is bind/in-use/others-only/override 0000:02:00.0 'vfio-pci\n'
fresh
# in_use NAME ADDR MESSAGE ARGS...: bind ARGS is refused with exit 3,
#   "refused: ADDR is in use: MESSAGE", nothing written, and the same with --force
in_use() {
	_iname=$1 _iline="refused: $2 is in use: $3"
	shift 3
	is "$_iname" 3 '' bind "$@"
	err_has "$_iname/stderr" "$_iline"
	writes_none "$_iname/nothing-written"
	is "$_iname/force" 3 '' --force bind "$@"
	err_has "$_iname/force/stderr" "$_iline"
	writes_none "$_iname/force/nothing-written"
}
fake_opener 812 qemu-system-x86 /dev/null /dev/dri/card0
in_use bind/in-use/card0 0000:02:00.0 '/dev/dri/card0 open by PID 812 (qemu-system-x86); stop that process first' 02:00.0
rm -rf "$M/proc/812"
fake_opener 2210 blender /dev/dri/renderD128 /dev/dri/renderD128
in_use bind/in-use/render-node 0000:02:00.0 '/dev/dri/renderD128 open by PID 2210 (blender); stop that process first' 02:00.0
if [ "$(grep -c 'renderD128 open by PID 2210' "$ERR")" = 1 ]; then
	pass bind/in-use/render-node/said-once
else
	fail bind/in-use/render-node/said-once "expected one line for the two descriptors, got: $(oneline "$ERR")"
fi
rm -rf "$M/proc/2210"
# the card's audio, a companion bind would take with it
fake_opener 1288 wireplumber /dev/snd/controlC1 /dev/snd/controlC0
in_use bind/in-use/companion-audio 0000:02:00.1 '/dev/snd/controlC1 open by PID 1288 (wireplumber); stop that process first' 02:00.0
rm -rf "$M/proc/1288"
fresh
# a node removed since it was opened is still held
fake_opener 3001 mpv '/dev/snd/pcmC1D3p (deleted)'
in_use bind/in-use/deleted-node 0000:02:00.1 '/dev/snd/pcmC1D3p open by PID 3001 (mpv); stop that process first' 02:00.0
rm -rf "$M/proc/3001"
# a VM on a raw disk: a partition of the second NVMe drive
fake_opener 4242 qemu-system-x86 /dev/nvme1n1p1
in_use bind/in-use/nvme-partition 0000:03:00.0 '/dev/nvme1n1p1 open by PID 4242 (qemu-system-x86); stop that process first' 03:00.0
rm -rf "$M/proc/4242"
fake_opener 4243 dd /dev/sda
in_use bind/in-use/sata-disk 0000:00:17.0 '/dev/sda open by PID 4243 (dd); stop that process first' 00:17.0
rm -rf "$M/proc/4243"
# NVIDIA's driver: /dev/nvidiaN by the GPU's minor, nvidiactl for all of them
fake_nvidia 0000:01:00.0 0
fake_nvidia 0000:02:00.0 1
fake_opener 5100 nvidia-smi /dev/nvidia0
kernel_is bind/in-use/nvidia-other-minor 0 "$TOVFIO" bind 02:00.0
err_lacks bind/in-use/nvidia-other-minor/no-refusal 'refused'
fresh
fake_opener 5101 ollama /dev/nvidia1 /dev/nvidia-uvm
in_use bind/in-use/nvidia-minor 0000:02:00.0 '/dev/nvidia1 open by PID 5101 (ollama); stop that process first' 02:00.0
rm -rf "$M/proc/5101"
fake_opener 5102 nvidia-persiste /dev/nvidiactl
in_use bind/in-use/nvidiactl 0000:02:00.0 '/dev/nvidiactl open by PID 5102 (nvidia-persiste); stop that process first' 02:00.0
rm -rf "$M/proc/5100" "$M/proc/5102" "$M/proc/driver"
# processes whose descriptors cannot be read do not end the scan: a file and
# a symlink loop in place of fd (warned of), a directory without access
# (passed over in silence; root reads it anyway)
mkdir -p "$M/proc/70" "$M/proc/71" "$M/proc/72/fd" "$M/proc/73"
: >"$M/proc/70/fd"
ln -s fd "$M/proc/71/fd"
chmod 000 "$M/proc/72/fd"
fake_opener 99 qemu-system-x86 /dev/dri/card0
in_use bind/in-use/unreadable-processes 0000:02:00.0 '/dev/dri/card0 open by PID 99 (qemu-system-x86); stop that process first' 02:00.0
err_has bind/in-use/unreadable-processes/warned "cannot read $M/proc/70/fd: Not a directory; passed over"
err_lacks bind/in-use/unreadable-processes/vanished-is-silent '/proc/73'
chmod 755 "$M/proc/72/fd"
rm -rf "$M/proc/70" "$M/proc/71" "$M/proc/72" "$M/proc/73" "$M/proc/99"
fresh
# the X550 (enp5s0): up with a route of its own, only a link-local IPv6
# address, down, a port of a bond, and under an up VLAN
fake_netflags enp5s0 0x1003
fake_route enp5s0 0002000A 00FFFFFF
in_use bind/in-use/nic-ipv4 0000:05:00.0 'enp5s0 up with an IPv4 address (route to 10.0.2.0/24); take it out of use first' 05:00.0
rm -f "$M/proc/net/route"
fake_route eno1
fake_inet6 enp5s0 fe80000000000000021b21fffe3a4c5d 20
kernel_is bind/in-use/nic-link-local-only 0 '0000:05:00.0 ixgbe -> vfio-pci' bind 05:00.0
err_lacks bind/in-use/nic-link-local-only/no-refusal 'refused'
fresh
fake_inet6 enp5s0 20010db8000000000000000000000005 00
in_use bind/in-use/nic-ipv6 0000:05:00.0 'enp5s0 up with 2001:db8::5; take it out of use first' 05:00.0
fake_netflags enp5s0 0x1002
kernel_is bind/in-use/nic-down 0 '0000:05:00.0 ixgbe -> vfio-pci' bind 05:00.0
err_lacks bind/in-use/nic-down/no-refusal 'refused'
fresh
fake_net bond0 -
fake_netflags bond0 0x1403
fake_master bond0 enp5s0
in_use bind/in-use/nic-bond-port 0000:05:00.0 'enp5s0 enslaved to bond0; take it out of use first' 05:00.0
rm "$M/sys/class/net/enp5s0/master" "$M/sys/class/net/enp5s0/upper_bond0"
fake_net enp5s0.100 -
fake_netflags enp5s0.100 0x1003
fake_lower enp5s0.100 enp5s0
fake_route enp5s0.100 0064000A 00FFFFFF
in_use bind/in-use/nic-vlan 0000:05:00.0 'enp5s0.100 up with an IPv4 address (route to 10.0.100.0/24) (over enp5s0); take it out of use first' 05:00.0

# before touching anything, bind refuses the second NVMe drive (03:00.0,
# nvme1n1p1) while the host uses it: mounted, swap, held by a stacked device,
# a member of an imported pool (exit 3, --force or not, nothing written)
group "bind: refusals: mounts, swap, holders, pools" machine_desk
fake_vfio_builtin
no_storage
fake_mount 259:2 / /dev/nvme0n1p2 ext4
fresh
# refused NAME LINE: bind 03:00.0 exits 3 with the error LINE, writes nothing, and the same with --force
refused() {
	is "$1" 3 '' bind 03:00.0
	err_has "$1/stderr" "$2"
	writes_none "$1/nothing-written"
	is "$1/force" 3 '' --force bind 03:00.0
	err_has "$1/force/stderr" "$2"
	writes_none "$1/force/nothing-written"
}
kernel_is bind/host-use/control 0 '0000:03:00.0 nvme -> vfio-pci' bind 03:00.0
err_lacks bind/host-use/control/no-refusal 'refused'
fresh
fake_mount 259:5 /home /dev/nvme1n1p1 ext4
refused bind/host-use/mount 'vfio-binder: error: refused: 0000:03:00.0 is in use: /home is mounted from nvme1n1p1; unmount it first'
no_storage
fake_mount 259:2 / /dev/nvme0n1p2 ext4
fake_swap /dev/nvme1n1p1 partition
refused bind/host-use/swap 'vfio-binder: error: refused: the selection would take 0000:03:00.0, which the host needs for swap (nvme1n1p1); remove it from the list'
rm -f "$M/proc/swaps"
fake_dm md0 9:0 nvme1n1p1
refused bind/host-use/holder 'vfio-binder: error: refused: 0000:03:00.0 is in use: md0 holds nvme1n1p1; stop it first'
rm -rf "$M/sys/devices/virtual/block/md0" "$M/sys/class/block/md0" "$M/sys/dev/block/9:0" \
	"$M"/sys/devices/*/*/*/nvme/nvme1/nvme1n1/nvme1n1p1/holders/md0
mkdir -p "$M/run/udev/data" "$M/proc/spl/kstat/zfs/tank"
printf '%s\n' 'E:ID_FS_TYPE=zfs_member' 'E:ID_FS_LABEL_ENC=tank' 'E:ID_FS_UUID=6666666666666666666' >"$M/run/udev/data/b259:5"
echo ONLINE >"$M/proc/spl/kstat/zfs/tank/state"
refused bind/host-use/pool 'vfio-binder: error: refused: 0000:03:00.0 is in use: nvme1n1p1 is a member of the imported ZFS pool tank; export it first'

# ======================================================================
group unbind machine_desk
state "$ON_VFIO"
# what unbind writes, in order; where the functions end is unbind/moved's
if traced unbind/card unbind 02:00.0; then
	override_is unbind/card/override-cleared 0000:02:00.0 '\n'
	override_is unbind/card/override-cleared-audio 0000:02:00.1 '\n'
	trace_is unbind/card/writes 'override 0000:02:00.0 \n
unbind vfio-pci 0000:02:00.0
override 0000:02:00.1 \n
unbind vfio-pci 0000:02:00.1
probe 0000:02:00.0
probe 0000:02:00.1'
fi
fresh
state "$ON_VFIO"
fake_kernel_start 6 '0000:02:00.0=nouveau 0000:02:00.1=snd_hda_intel'
is unbind/moved 0 '0000:02:00.0 vfio-pci -> nouveau
0000:02:00.1 vfio-pci -> snd_hda_intel' unbind 00:01.1/00.0
fake_kernel_stop
# on its host driver already: the override goes, the driver stays (the kernel's probe of a bound function changes nothing)
fresh
state '0000:01:00.0=nouveau/- 0000:01:00.1=snd_hda_intel/-'
if traced unbind/host-driver unbind 01:00.0; then
	if [ "$rc" = 0 ] && [ "$(cat "$OUT")" = '0000:01:00.0 nouveau -> nouveau
0000:01:00.1 snd_hda_intel -> snd_hda_intel' ]; then
		pass unbind/host-driver
	else
		fail unbind/host-driver "expected exit 0 and 'ADDR nouveau -> nouveau', got exit $rc and '$(oneline "$OUT")'"
	fi
	trace_is unbind/host-driver/writes 'override 0000:01:00.0 \n
override 0000:01:00.1 \n
probe 0000:01:00.0
probe 0000:01:00.1'
fi
fresh
state '0000:02:00.0=-/vfio-pci 0000:02:00.1=-/vfio-pci'
fake_kernel_start 6 '0000:02:00.0=nouveau 0000:02:00.1=snd_hda_intel'
is unbind/no-driver 0 '0000:02:00.0 (none) -> nouveau
0000:02:00.1 (none) -> snd_hda_intel' unbind 02:00.0
fake_kernel_stop
override_is unbind/no-driver/override-cleared 0000:02:00.0 '\n'
# giving back needs neither --force nor a viable group nor an IOMMU
fresh
state '0000:00:02.0=vfio-pci/vfio-pci'
fake_kernel_start 6 '0000:00:02.0=i915'
is unbind/boot-display 0 '0000:00:02.0 vfio-pci -> i915' unbind 00:02.0
fake_kernel_stop

group "unbind: a group that is not viable" machine_shared
state '0000:03:00.0=vfio-pci/vfio-pci 0000:03:00.1=vfio-pci/vfio-pci'
fake_kernel_start 6 '0000:03:00.0=nouveau 0000:03:00.1=snd_hda_intel'
is unbind/group-not-viable 0 '0000:03:00.0 vfio-pci -> nouveau
0000:03:00.1 vfio-pci -> snd_hda_intel' unbind 03:00.0
fake_kernel_stop
override_is unbind/group-not-viable/igb-untouched 0000:04:00.0 '(null)\n'

group "unbind: IOMMU off" machine_nommu
state '0000:01:00.0=-/vfio-pci 0000:01:00.1=-/vfio-pci'
fake_kernel_start 6 '0000:01:00.0=nouveau 0000:01:00.1=snd_hda_intel'
is unbind/no-iommu-group 0 '0000:01:00.0 (none) -> nouveau
0000:01:00.1 (none) -> snd_hda_intel' unbind 01:00.0
fake_kernel_stop

group "unbind: refusals" machine_desk
is unbind/absent 1 '' unbind 07:00.0
writes_none unbind/absent/nothing-written
is unbind/bridge 1 '' unbind 00:01.1
writes_none unbind/bridge/nothing-written
for sel in gpus id:10de:2204; do
	is "unbind/selector-$sel" 64 '' unbind "$sel"
	writes_none "unbind/selector-$sel/nothing-written"
done
is unbind/syntax-error 64 '' unbind 02:00.9
is unbind/no-address 64 '' unbind
writes_none unbind/nothing-written

if [ "$(vfio_modules)" = "$VFIO_BEFORE" ]; then
	pass no-vfio-module-loaded
else
	fail no-vfio-module-loaded "vfio modules before: '$VFIO_BEFORE', after: '$(vfio_modules)'"
fi

summary
