#!/bin/sh
# Runs the real binary against fake sysfs trees shaped like the kernel's (see
# lib.sh): each group of scenarios builds a machine, checks `plan` (whole stdout
# and exit code) and `boot` (exit code 0, the driver_override of every function,
# and a log that tells the same decisions as the plan).
#   sh tests/sysfs/run.sh BINARY
# POSIX sh; needs jq and strace; runs as any user.
set -u

# shellcheck source-path=SCRIPTDIR source=../harness.sh disable=SC1091
. "$(dirname "$0")/../harness.sh"
harness_binary "$@"
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
. "$HERE/lib.sh"

IMMUTABLE= # a file made immutable by a check, to release before removing
release() { [ -z "$IMMUTABLE" ] || chattr -i "$IMMUTABLE" 2>/dev/null; }
harness_tmpdir sysfs release
# M: the machine under test, a new one for every group of tests (group, in lib.sh)
OUT=$TMP/stdout
ERR=$TMP/stderr
WANT=$TMP/want

# --- checks; ARGS are extra options of the binary (--cmdline ..., --conf ...)

# boot_is NAME "ADDR..." ARGS...: boot exits 0 and writes vfio-pci into the
# driver_override of the listed functions and of no other (boot_wrote)
boot_is() {
	name=$1 want=$2
	shift 2
	for a in $want; do
		if [ ! -L "$M/sys/bus/pci/devices/$a" ]; then
			fail "$name" "test bug: no function $a on this machine"
			return
		fi
	done
	fake_reset
	run "$@" boot
	if [ "$rc" != 0 ]; then
		fail "$name" "boot exit code: expected 0, got $rc (stderr: $(oneline "$ERR"))"
	else
		boot_wrote "$name" "$want"
	fi
}

# boot_wrote NAME "ADDR...": after a boot from fake_reset, the listed
# functions' driver_override is vfio-pci and every other function's still
# (null); drivers_probe only names listed functions; nothing on stdout
boot_wrote() {
	name=$1 want=$2
	bad=$(fake_overrides_wrong "$want")
	probe=$(cat "$M/sys/bus/pci/drivers_probe")
	if [ -n "$bad" ]; then
		fail "$name" "driver_override:$bad"
	elif [ -z "$want" ] && [ -n "$probe" ]; then
		fail "$name" "drivers_probe: expected nothing written, got '$probe'"
	elif [ -n "$probe" ] && case " $want " in *" $probe "*) false ;; *) true ;; esac then
		fail "$name" "drivers_probe: expected one of '$want', got '$probe'"
	elif [ -s "$OUT" ]; then
		fail "$name" "boot stdout: expected nothing (logs go to stderr), got '$(oneline "$OUT")'"
	else
		pass "$name"
	fi
}

# overrides_are NAME "ADDR=VALUE ...": the driver_override of the cards'
#   functions (0000:0[12]:*) after a boot; an empty VALUE is one put back
#   with a lone newline (the kernel then shows "(null)")
overrides_are() {
	got=$(fake_overrides | grep '^0000:0[12]:' | sed 's/ /=/' | tr '\n' ' ')
	check "$1" "$([ "$got" = "$2 " ] || echo "expected '$2 ', got '$got'")"
}

# boot_logged NAME RC PLAN: the log of the last boot (stderr under --root)
# tells what PLAN, the whole stdout of plan exiting RC, says. A valid
# configuration (RC 0): every function of a bind line on a "bind" line, every
# skip line as a warning, and a done line counting the functions of the bind
# lines (or, with no line at all, saying that nothing was bound). An invalid
# one (RC 2): a done line saying that it is invalid and nothing was bound.
boot_logged() {
	name=$1 plan_rc=$2 plan=$3
	binds=$(printf '%s\n' "$plan" | sed -n 's/^bind //p')
	if [ "$plan_rc" = 2 ]; then
		last='error: done in [0-9]+ ms: the configuration is invalid, nothing bound this boot'
	elif [ -z "$plan" ]; then
		last='done in [0-9]+ ms: (no slots configured, nothing to bind|slots are off, nothing bound this boot)'
	else
		last="(warning: )?done in [0-9]+ ms: [0-9]+ of $(printf '%s' "$binds" | grep -c .) functions on vfio-pci"
	fi
	bad=
	if [ "$plan_rc" = 0 ]; then
		for a in $binds; do
			grep ': bind ' "$ERR" | grep -qF " $a [" || bad="$bad | no bind line with $a"
		done
		printf '%s\n' "$plan" | grep '^skip ' >"$TMP/skips"
		while IFS= read -r line; do
			grep -qxF "vfio-binder: warning: $line" "$ERR" || bad="$bad | no warning '$line'"
		done <"$TMP/skips"
	fi
	grep -qxE "vfio-binder: $last" "$ERR" || bad="$bad | no line 'vfio-binder: $last'"
	if [ -z "$bad" ]; then
		pass "$name"
	else
		fail "$name" "boot log:${bad# |} (stderr: $(oneline "$ERR"))"
	fi
}

# both NAME RC EXPECTED_STDOUT ARGS...: plan's exit code and whole stdout
# (is), then boot_is with the functions of the expected "bind" lines, and
# boot_logged
both() {
	both_name=$1 both_rc=$2 both_want=$3
	shift 3
	is "$both_name/plan" "$both_rc" "$both_want" "$@" plan
	boot_is "$both_name/boot" "$(printf '%s\n' "$both_want" | sed -n 's/^bind //p' | tr '\n' ' ')" "$@"
	boot_logged "$both_name/boot-log" "$both_rc" "$both_want"
}

# --- machines; realistic IDs, classes and groups

# Two RTX 3090 (10de:2204 + HDMI audio 10de:1aef), each behind its own CPU root
# port with ACS (one group each, root port included), and the usual PCH devices.
machine_twin() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 3e30 060000 0
	fake_fn 0000:00:01.0 - 8086 1901 060400 1 pcieport
	fake_fn 0000:00:01.1 - 8086 1905 060400 2 pcieport
	fake_fn 0000:01:00.0 0000:00:01.0 10de 2204 030000 1
	fake_fn 0000:01:00.1 0000:00:01.0 10de 1aef 040300 1
	fake_fn 0000:02:00.0 0000:00:01.1 10de 2204 030000 2
	fake_fn 0000:02:00.1 0000:00:01.1 10de 1aef 040300 2
	fake_fn 0000:00:14.0 - 8086 a36d 0c0330 3 xhci_hcd
	fake_fn 0000:00:17.0 - 8086 a352 010601 4 ahci
	fake_fn 0000:00:1f.0 - 8086 a305 060100 5
	fake_fn 0000:00:1f.3 - 8086 a348 040300 5 snd_hda_intel
	fake_fn 0000:00:1f.4 - 8086 a323 0c0500 5 i801_smbus
	fake_fn 0000:00:1f.6 - 8086 15bc 020000 6 e1000e
	# what else the kernel puts in a root port's directory: port services, the bus
	for rp in 0000:00:01.0 0000:00:01.1; do
		d=$M/sys/devices/pci0000:00/$rp
		for svc in pcie001 pcie002 pcie010; do
			mkdir "$d/$rp:$svc"
		done
		mkdir -p "$d/pci_bus/0000:0${rp#0000:00:01.}" "$d/power" "$d/msi_irqs"
	done
	fake_cmdline 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3c2a1e-54b1-4c7e-9d1e-2b8f6a7c9e10 ro quiet intel_iommu=on'
}

# A Turing card (RTX 2080 Ti: VGA, HDMI audio, USB-C xHCI, UCSI) in one group with
# its root port; the Intel iGPU is the boot display; an NVMe drive on the PCH.
machine_turing() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 3e30 060000 0
	fake_fn 0000:00:01.0 - 8086 1901 060400 1 pcieport
	fake_fn 0000:01:00.0 0000:00:01.0 10de 1e84 030000 1
	fake_fn 0000:01:00.1 0000:00:01.0 10de 10f8 040300 1
	fake_fn 0000:01:00.2 0000:00:01.0 10de 1ad8 0c0330 1
	fake_fn 0000:01:00.3 0000:00:01.0 10de 1ad9 0c8000 1
	fake_fn 0000:00:02.0 - 8086 3e92 030000 2
	fake_boot_vga 0000:00:02.0
	fake_fn 0000:00:1d.0 - 8086 a330 060400 9 pcieport
	fake_fn 0000:02:00.0 0000:00:1d.0 144d a808 010802 10 nvme
}

# An RX 6800 XT (Navi 21): the card's own switch (upstream 1002:1478, downstream
# 1002:1479) below an AMD root port, VGA and HDMI audio in separate groups.
machine_amd() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 1022 1480 060000 0
	fake_fn 0000:00:03.0 - 1022 1482 060000 4
	fake_fn 0000:00:03.1 - 1022 1483 060400 5 pcieport
	fake_fn 0000:0b:00.0 0000:00:03.1 1002 1478 060400 6 pcieport
	fake_fn 0000:0c:00.0 0000:0b:00.0 1002 1479 060400 7 pcieport
	fake_fn 0000:0d:00.0 0000:0c:00.0 1002 73bf 030000 8
	fake_fn 0000:0d:00.1 0000:0c:00.0 1002 ab28 040300 9
	fake_fn 0000:00:01.2 - 1022 1483 060400 10 pcieport
	fake_fn 0000:02:00.0 0000:00:01.2 10ec 8125 020000 11 r8169
	fake_boot_vga 0000:0d:00.0
}

# A GTX 1050 Ti (10de:1c82 + 10de:0fb9), an I210 NIC and an ASMedia SATA
# controller behind a PLX switch without ACS: one group for all of them.
machine_shared() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 3e30 060000 0
	fake_fn 0000:00:01.0 - 8086 1901 060400 1 pcieport
	fake_fn 0000:01:00.0 0000:00:01.0 10b5 8747 060400 2 pcieport
	fake_fn 0000:02:08.0 0000:01:00.0 10b5 8747 060400 2 pcieport
	fake_fn 0000:02:09.0 0000:01:00.0 10b5 8747 060400 2 pcieport
	fake_fn 0000:02:10.0 0000:01:00.0 10b5 8747 060400 2 pcieport
	fake_fn 0000:03:00.0 0000:02:08.0 10de 1c82 030000 2
	fake_fn 0000:03:00.1 0000:02:08.0 10de 0fb9 040300 2
	fake_fn 0000:04:00.0 0000:02:09.0 8086 1533 020000 2 igb
	fake_fn 0000:05:00.0 0000:02:10.0 1b21 0612 010601 2 ahci
	fake_fn 0000:00:02.0 - 8086 3e92 030000 3
	fake_boot_vga 0000:00:02.0
}

# The same with a second card, in a group with a NIC behind non-ACS chipset
# root ports
machine_shared_two() {
	machine_shared
	fake_fn 0000:00:1c.0 - 8086 a338 060400 9 pcieport
	fake_fn 0000:00:1c.4 - 8086 a33c 060400 9 pcieport
	fake_fn 0000:07:00.0 0000:00:1c.0 1002 67df 030000 9
	fake_fn 0000:07:00.1 0000:00:1c.0 1002 aaf0 040300 9
	fake_fn 0000:08:00.0 0000:00:1c.4 10ec 8168 020000 9 r8169
}

# The Intel iGPU is the boot display; a GTX 1080 (10de:1b80 + 10de:10f0) for the guest.
machine_bootvga() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 3e30 060000 0
	fake_fn 0000:00:01.0 - 8086 1901 060400 1 pcieport
	fake_fn 0000:01:00.0 0000:00:01.0 10de 1b80 030000 1
	fake_fn 0000:01:00.1 0000:00:01.0 10de 10f0 040300 1
	fake_fn 0000:00:02.0 - 8086 3e92 030000 2
	fake_boot_vga 0000:00:02.0
	fake_fn 0000:00:1f.6 - 8086 15bc 020000 6 e1000e
}

# A server whose only display is the BMC's ASPEED AST2500 (behind the ASPEED
# bridge 1a03:1150), plus a dual-port X550 NIC.
machine_bmc() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 2020 060000 0
	fake_fn 0000:00:1c.0 - 8086 a190 060400 10 pcieport
	fake_fn 0000:02:00.0 0000:00:1c.0 1a03 1150 060400 10
	fake_fn 0000:03:00.0 0000:02:00.0 1a03 2000 030000 10
	fake_boot_vga 0000:03:00.0
	fake_fn 0000:00:1c.5 - 8086 a195 060400 11 pcieport
	fake_fn 0000:04:00.0 0000:00:1c.5 8086 1563 020000 12 ixgbe
	fake_fn 0000:04:00.1 0000:00:1c.5 8086 1563 020000 13 ixgbe
}

# The same with a Tesla T4 (a 3D controller, class 030200) on its own root port
machine_bmc_3d() {
	machine_bmc
	fake_fn 0000:00:1d.0 - 8086 a198 060400 14 pcieport
	fake_fn 0000:05:00.0 0000:00:1d.0 10de 1eb8 030200 15
}

# A Ryzen 5000G APU (Cezanne): VGA 1002:1638, HDMI audio 1002:1637 and the SoC's
# own 1022 functions on one device, each in its own group; an RX 580 is the boot display.
machine_apu() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 1022 1630 060000 0
	fake_fn 0000:00:01.1 - 1022 1633 060400 1 pcieport
	fake_fn 0000:01:00.0 0000:00:01.1 1002 67df 030000 2
	fake_fn 0000:01:00.1 0000:00:01.1 1002 aaf0 040300 2
	fake_boot_vga 0000:01:00.0
	fake_fn 0000:00:08.1 - 1022 1635 060400 5 pcieport
	fake_fn 0000:05:00.0 0000:00:08.1 1002 1638 030000 6
	fake_fn 0000:05:00.1 0000:00:08.1 1002 1637 040300 7
	fake_fn 0000:05:00.2 0000:00:08.1 1022 15df 108000 8 ccp
	fake_fn 0000:05:00.3 0000:00:08.1 1022 1639 0c0330 9 xhci_hcd
	fake_fn 0000:05:00.4 0000:00:08.1 1022 1639 0c0330 10 xhci_hcd
	fake_fn 0000:05:00.6 0000:00:08.1 1022 15e3 040300 11 snd_hda_intel
}

# Identical cards in three PCI domains (a multi-segment server, and a VMD domain).
machine_domains() {
	fake_root "$M"
	for d in 0000 0001 10000; do
		case $d in
		0000) g=1 ;;
		0001) g=31 ;;
		*) g=41 ;;
		esac
		fake_fn $d:00:01.0 - 8086 2030 060400 $g pcieport
		fake_fn $d:01:00.0 $d:00:01.0 10de 2204 030000 $g
		fake_fn $d:01:00.1 $d:00:01.0 10de 1aef 040300 $g
	done
}

# The twin machine with the IOMMU off: no groups at all
machine_nommu() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 3e30 060000 -
	fake_fn 0000:00:01.0 - 8086 1901 060400 - pcieport
	fake_fn 0000:00:01.1 - 8086 1905 060400 - pcieport
	fake_fn 0000:01:00.0 0000:00:01.0 10de 2204 030000 -
	fake_fn 0000:01:00.1 0000:00:01.0 10de 1aef 040300 -
	fake_fn 0000:02:00.0 0000:00:01.1 10de 2204 030000 -
	fake_fn 0000:02:00.1 0000:00:01.1 10de 1aef 040300 -
	fake_fn 0000:00:1f.6 - 8086 15bc 020000 - e1000e
	fake_no_iommu
}

# The same with the iommu_groups directory there, and empty: how the kernel shows it
machine_nommu_empty_groups() {
	machine_nommu
	mkdir "$M/sys/kernel/iommu_groups"
}

# The twin machine with 0000:02:00.0 in no IOMMU group while the others are
machine_twin_uncovered() {
	machine_twin
	rm "$M/sys/devices/pci0000:00/0000:00:01.1/0000:02:00.0/iommu_group" \
		"$M/sys/kernel/iommu_groups/2/devices/0000:02:00.0"
}

# SR-IOV: a ConnectX-4 Lx (PF 15b3:1015 x2) with ARI, its VFs (15b3:1016) in the
# PFs' slot; an I350 (PF 8086:1521 x2) with VFs (8086:1520) in slot 10.
machine_sriov() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 2020 060000 0
	fake_fn 0000:00:02.0 - 8086 2032 060400 1 pcieport
	fake_fn 0000:03:00.0 0000:00:02.0 15b3 1015 020000 20 mlx5_core
	fake_fn 0000:03:00.1 0000:00:02.0 15b3 1015 020000 21 mlx5_core
	g=22
	for fn in 2 3 4 5 6 7; do
		fake_fn 0000:03:00.$fn 0000:00:02.0 15b3 1016 020000 $g
		fake_vf 0000:03:00.$fn 0000:03:00.$((fn % 2))
		g=$((g + 1))
	done
	fake_fn 0000:00:03.0 - 8086 2033 060400 2 pcieport
	fake_fn 0000:04:00.0 0000:00:03.0 8086 1521 020000 30 igb
	fake_fn 0000:04:00.1 0000:00:03.0 8086 1521 020000 31 igb
	fake_fn 0000:04:10.0 0000:00:03.0 8086 1520 020000 32
	fake_vf 0000:04:10.0 0000:04:00.0
	fake_fn 0000:04:10.1 0000:00:03.0 8086 1520 020000 33
	fake_vf 0000:04:10.1 0000:04:00.1
	fake_fn 0000:04:10.4 0000:00:03.0 8086 1520 020000 34
	fake_vf 0000:04:10.4 0000:04:00.0
}

# A workstation full of devices, for checking what an explicit address reads.
machine_big() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 1022 1480 060000 0
	g=1
	for bus in 01 02 03 04 05 06 07 08; do
		rp=0000:00:$(printf '%02x' $((0x$bus + 1))).1
		fake_fn "$rp" - 1022 1483 060400 $g pcieport
		fake_fn "0000:$bus:00.0" "$rp" 10de 2204 030000 $((g + 1))
		fake_fn "0000:$bus:00.1" "$rp" 10de 1aef 040300 $((g + 1))
		g=$((g + 2))
	done
	fake_fn 0000:00:08.1 - 1022 1484 060400 30 pcieport
	fake_fn 0000:09:00.0 0000:00:08.1 1022 148a 130000 31
	fake_fn 0000:09:00.1 0000:00:08.1 1022 1486 108000 32 ccp
	fake_fn 0000:09:00.3 0000:00:08.1 1022 149c 0c0330 33 xhci_hcd
	fake_fn 0000:00:14.0 - 1022 790b 0c0500 34 piix4_smbus
	fake_fn 0000:00:14.3 - 1022 790e 060100 34
	# the card under test shares its group with its root port; its slot has a gap
	fake_fn 0000:00:0a.1 - 1022 1483 060400 40 pcieport
	fake_fn 0000:0a:00.0 0000:00:0a.1 10de 1e84 030000 40
	fake_fn 0000:0a:00.1 0000:00:0a.1 10de 10f8 040300 40
	fake_fn 0000:0a:00.3 0000:00:0a.1 10de 1ad9 0c8000 40
	fake_fn 0000:0b:00.0 - 144d a808 010802 41 nvme
}

# An Intel desktop: the iGPU as boot display, an Intel Arc A770 (its own
# switch, the HDMI audio behind another downstream port) in the CPU slot, and a
# PLX switch (10b5:8747) on the chipset with two unrelated cards behind it, a
# GTX 1050 Ti (VGA and audio in one group) and an RX 580.
machine_arc() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 a700 060000 0
	fake_fn 0000:00:02.0 - 8086 a780 030000 1
	fake_boot_vga 0000:00:02.0
	fake_fn 0000:00:01.0 - 8086 a70d 060400 2 pcieport
	fake_arc 0000:00:01.0 01 3
	fake_fn 0000:00:1c.0 - 8086 7ab8 060400 8 pcieport
	fake_fn 0000:05:00.0 0000:00:1c.0 10b5 8747 060400 9 pcieport
	fake_fn 0000:06:08.0 0000:05:00.0 10b5 8747 060400 10 pcieport
	fake_fn 0000:06:10.0 0000:05:00.0 10b5 8747 060400 11 pcieport
	fake_fn 0000:07:00.0 0000:06:08.0 10de 1c82 030000 12
	fake_fn 0000:07:00.1 0000:06:08.0 10de 0fb9 040300 12
	fake_fn 0000:08:00.0 0000:06:10.0 1002 67df 030000 13
	fake_fn 0000:08:00.1 0000:06:10.0 1002 aaf0 040300 14
}

# An X58 board whose two x16 slots hang off NVIDIA's NF200 switch, a GTX 580
# in each (fake_nf200), the first one the boot display.
machine_nf200() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 3405 060000 0
	fake_fn 0000:00:03.0 - 8086 340a 060400 1 pcieport
	fake_nf200 0000:00:03.0 01 2
	fake_boot_vga 0000:03:00.0
}

# A Tiger Lake laptop, its iGPU the boot display, with a Thunderbolt 3
# enclosure holding an Intel DG1 (fake_egpu).
machine_egpu() {
	fake_root "$M"
	fake_fn 0000:00:02.0 - 8086 9a49 030000 0
	fake_boot_vga 0000:00:02.0
	fake_fn 0000:00:07.0 - 8086 9a23 060400 1 pcieport
	fake_egpu 0000:00:07.0 2c 2
}

# ======================================================================
group "two identical GPUs" machine_twin
B1='bind 0000:01:00.0
bind 0000:01:00.1'
B2='bind 0000:02:00.0
bind 0000:02:00.1'
both twin/first 0 "$B1" --cmdline 'vfio.slots=01:00.0'
both twin/second 0 "$B2" --cmdline 'vfio.slots=02:00.0'
both twin/both 0 "$B1
$B2" --cmdline 'vfio.slots=01:00.0,02:00.0'
both twin/full-address 0 "$B2" --cmdline 'vfio.slots=0000:02:00.0'
# only a display function brings its device along: the audio named alone
# leaves its card in the group, which refuses it (rule 5)
both twin/audio-named 0 'skip 02:00.1: its IOMMU group also holds 0000:02:00.0 (group 2, 10de:2204) outside the selection; add them to the slots list to pass them through too, or move the card to a slot with its own group' \
	--cmdline 'vfio.slots=02:00.1'
both twin/audio-and-card 0 "$B2" --cmdline 'vfio.slots=02:00.1,02:00.0'
both twin/function-twice 0 "$B1" --cmdline 'vfio.slots=01:00.0,01:00.1'
both twin/guard-match 0 "$B2" --cmdline 'vfio.slots=02:00.0@10de:2204'
both twin/guard-uppercase 0 "$B2" --cmdline 'vfio.slots=02:00.0@10DE:2204'
both twin/guard-mismatch 0 'skip 02:00.0@10de:2206: 0000:02:00.0 is 10de:2204, not 10de:2206 (ID guard)' \
	--cmdline 'vfio.slots=02:00.0@10de:2206'
err_has twin/guard-mismatch/stderr 'skip 02:00.0@10de:2206: 0000:02:00.0 is 10de:2204, not 10de:2206 (ID guard)'
both twin/guard-mismatch-others-apply 0 "$B1
skip 02:00.0@10de:2206: 0000:02:00.0 is 10de:2204, not 10de:2206 (ID guard)" \
	--cmdline 'vfio.slots=01:00.0,02:00.0@10de:2206'
both twin/id 0 "$B1
$B2" --cmdline 'vfio.slots=id:10de:2204'
both twin/id-audio 0 'skip id:10de:1aef: 0000:01:00.1: its IOMMU group also holds 0000:01:00.0 (group 1, 10de:2204) outside the selection; add them to the slots list to pass them through too, or move the card to a slot with its own group
skip id:10de:1aef: 0000:02:00.1: its IOMMU group also holds 0000:02:00.0 (group 2, 10de:2204) outside the selection; add them to the slots list to pass them through too, or move the card to a slot with its own group' \
	--cmdline 'vfio.slots=id:10de:1aef'
both twin/id-no-match 0 'skip id:10de:2206: no function has ID 10de:2206' --cmdline 'vfio.slots=id:10de:2206'
both twin/gpus 0 "$B1
$B2" --cmdline 'vfio.slots=gpus'
both twin/path-first 0 "$B1" --cmdline 'vfio.slots=00:01.0/00.0'
both twin/path-second-guarded 0 "$B2" --cmdline 'vfio.slots=0000:00:01.1/00.0@10de:2204'
both twin/path-no-hop 0 'skip 00:01.1/01.0: nothing at 01.0 below 0000:00:01.1' --cmdline 'vfio.slots=00:01.1/01.0'
both twin/path-no-root 0 'skip 00:1c.0/00.0: 0000:00:1c.0 is not present' --cmdline 'vfio.slots=00:1c.0/00.0'
both twin/bridge-named 0 "$B2
skip 00:01.0: 0000:00:01.0 is a PCI bridge (class 0x060400); bridges are never bound" \
	--cmdline 'vfio.slots=00:01.0,02:00.0'
both twin/host-bridge-named 0 'skip 00:00.0: 0000:00:00.0 is a PCI bridge (class 0x060000); bridges are never bound' \
	--cmdline 'vfio.slots=00:00.0'
both twin/absent-others-apply 0 "$B1
skip 07:00.0: 0000:07:00.0 is not present" --cmdline 'vfio.slots=07:00.0,01:00.0'
both twin/absent-domain 0 'skip 0001:01:00.0: 0001:01:00.0 is not present' --cmdline 'vfio.slots=0001:01:00.0'

group "two identical GPUs: the command line as the kernel parses it" machine_twin
both twin/quoted-value 0 "$B1" --cmdline 'root=/dev/nvme0n1p2 vfio.slots="01:00.0" quiet'
both twin/quoted-param 0 "$B1
$B2" --cmdline 'root=/dev/nvme0n1p2 "vfio.slots=01:00.0,02:00.0" quiet'
both twin/last-wins 0 "$B2" --cmdline 'vfio.slots=01:00.0 quiet vfio.slots=02:00.0'
both twin/after-dashdash 0 '' --cmdline 'root=/dev/nvme0n1p2 ro -- vfio.slots=01:00.0'
err_has twin/after-dashdash/stderr 'no slots configured'
both twin/no-slots 0 '' --cmdline 'root=/dev/nvme0n1p2 ro quiet'
err_has twin/no-slots/stderr 'no slots configured'
fake_cmdline 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3c2a1e ro quiet intel_iommu=on vfio.slots=02:00.0'
both twin/proc-cmdline 0 "$B2"

group "two identical GPUs: syntax errors fail closed" machine_twin
both twin/cmdline-syntax-error 2 'skip 01:00.0: not applied: the list has a syntax error
skip 02:00.9: syntax error at column 15: function number above 7' --cmdline 'vfio.slots=01:00.0,02:00.9'
err_has twin/cmdline-syntax-error/stderr 'item 2 "02:00.9" at column 15: function number above 7'
err_has twin/cmdline-syntax-error/boot-says 'nothing bound'
both twin/cmdline-typo 2 'skip 01:00.0: not applied: the list has a syntax error
skip gpu: syntax error at column 9: unknown item (expected an address, a path, id:VENDOR:DEVICE, gpus or off)' \
	--cmdline 'vfio.slots=01:00.0,gpu'
both twin/cmdline-empty-item 2 'skip 01:00.0: not applied: the list has a syntax error
skip "": syntax error at column 9: empty item
skip 02:00.0: not applied: the list has a syntax error' --cmdline 'vfio.slots=01:00.0,,02:00.0'
both twin/off-not-alone 2 "skip off: syntax error at column 1: 'off' must stand alone
skip 01:00.0: not applied: the list has a syntax error" --cmdline 'vfio.slots=off,01:00.0'

group "two identical GPUs: the conf file" machine_twin
fake_conf '# /etc/vfio-binder.conf
# the second card goes to the guest

slots = 02:00.0@10de:2204   # by address, with an ID guard'
both twin/conf-only 0 "$B2"
err_has twin/conf-only/stderr 'from the conf file'
printf 'slots=01:00.0\n' >"$TMP/other.conf"
both twin/conf-option 0 "$B1" --conf "$TMP/other.conf" --cmdline 'quiet'
both twin/cmdline-replaces-conf 0 "$B1" --cmdline 'ro quiet vfio.slots=01:00.0'
both twin/cmdline-off-with-conf 0 '' --cmdline 'ro quiet vfio.slots=off'
err_has twin/cmdline-off-with-conf/stderr 'slots are off'
both twin/cmdline-empty-with-conf 0 '' --cmdline 'ro quiet vfio.slots='
err_has twin/cmdline-empty-with-conf/stderr 'slots are off'
both twin/conf-after-dashdash 0 "$B2" --cmdline 'ro quiet -- vfio.slots=01:00.0'
fake_conf 'slots = 01:00.0, 02:00.0.1'
both twin/conf-item-syntax-error 2 "skip 01:00.0: not applied: the list has a syntax error
skip 02:00.0.1: syntax error at $M/etc/vfio-binder.conf:1:25: unexpected character"
err_has twin/conf-item-syntax-error/stderr 'vfio-binder.conf:1:25: slots item 2 "02:00.0.1": unexpected character'
both twin/conf-item-syntax-error-cmdline-replaces 0 "$B2" --cmdline 'vfio.slots=02:00.0'
fake_conf 'slots = 01:00.0
slot = 02:00.0'
both twin/conf-bad-key 2 ''
err_has twin/conf-bad-key/stderr 'vfio-binder.conf:2:1: unknown key'
fake_conf 'slots 01:00.0'
both twin/conf-no-equals 2 ''
err_has twin/conf-no-equals/stderr 'vfio-binder.conf:1:'
fake_conf 'slots = 01:00.0
slots = 02:00.0'
both twin/conf-twice 2 ''
both twin/conf-bad-cmdline-replaces 0 "$B1" --cmdline 'vfio.slots=01:00.0'
err_has twin/conf-bad-cmdline-replaces/stderr 'ignored'
fake_conf 'slots = off'
both twin/conf-off 0 ''
err_has twin/conf-off/stderr 'slots are off'
fake_conf '# nothing configured yet'
both twin/conf-no-slots 0 ''
err_has twin/conf-no-slots/stderr 'no slots configured'

group "two identical GPUs: a card's audio bound before the binder ran" machine_twin
# boot unbinds it, says so and records it; where the card then ends (whole
# on vfio-pci) is check-kernel's boot-companion-held: boot probes only what it
# reads back without a driver right after the unbind, which the real kernel
# has done within the write and the fake one may not have done yet
fake_driver 0000:01:00.1 snd_hda_intel
fake_driver_attrs
fake_vfio_builtin
fake_kernel_start 10 ''
run --cmdline 'vfio.slots=01:00.0' boot
fake_kernel_stop
code_is early/companion/exit 0
err_has early/companion/says-so '0000:01:00.1: snd_hda_intel bound it before the binder ran; unbound it for vfio-pci'
record_is early/companion/record '0000:01:00.0 - handed-over|0000:01:00.1 snd_hda_intel released|'

group "two identical GPUs: a probe with vfio-pci neither loaded nor built in" machine_twin
# the kernel binds a function to the driver its override names only when
# that driver is there: without vfio-pci the probe leaves the card without a
# driver, and boot says so
fake_driver_attrs
fake_kernel_start 10 ''
run --cmdline 'vfio.slots=01:00.0' boot
fake_kernel_stop
code_is probe/no-vfio/exit 0
drivers_are probe/no-vfio/drivers "0000:01:00.0=none 0000:01:00.1=none"
err_has probe/no-vfio/says-so '0000:01:00.0: no driver bound after the probe'
err_matches probe/no-vfio/done '^vfio-binder: warning: done in [0-9]* ms: 0 of 2 functions on vfio-pci$'
# the control: vfio-pci built in takes the card on the probe
fake_reset
fake_vfio_builtin
fake_kernel_start 10 ''
run --cmdline 'vfio.slots=01:00.0' boot
fake_kernel_stop
drivers_are probe/built-in/drivers "0000:01:00.0=vfio-pci 0000:01:00.1=vfio-pci"
err_matches probe/built-in/done '^vfio-binder: done in [0-9]* ms: 2 of 2 functions on vfio-pci$'
# and loaded (the libkmod build cannot see a fake root's /sys/module, so only where the card ends)
fake_driver 0000:01:00.0 -
fake_driver 0000:01:00.1 -
fake_reset
rm -rf "$M/lib/modules"
mkdir -p "$M/sys/module/vfio_pci"
echo live >"$M/sys/module/vfio_pci/initstate"
fake_kernel_start 10 ''
run --cmdline 'vfio.slots=01:00.0' boot
fake_kernel_stop
drivers_are probe/loaded/drivers "0000:01:00.0=vfio-pci 0000:01:00.1=vfio-pci"

group "two identical GPUs: a display function bound before the binder ran" machine_twin
# a GPU driver is never unbound at boot, and its card is never split: the
# whole card stays with the host (nothing unbound, no override left, no
# probe), with the fix; what the kernel then does is check-qemu's to show
fake_driver 0000:01:00.0 nvidia
fake_driver_attrs
fake_vfio_builtin
run --cmdline 'vfio.slots=01:00.0' boot
code_is early/display/exit 0
err_has early/display/whole "0000:01:00.0: nvidia bound it before the binder ran; the card stays whole with the host, none of its functions handed over: run vfio-binder bind 0000:01:00.0 after boot"
err_lacks early/display/said-once 'nvidia took it first'
err_lacks early/display/no-modules 'modules:'
overrides_are early/display/overrides-put-back '0000:01:00.0= 0000:01:00.1= 0000:02:00.0=(null) 0000:02:00.1=(null)'
check early/display/no-probe "$([ ! -s "$M/sys/bus/pci/drivers_probe" ] || echo "drivers_probe written")"
check early/display/not-unbound "$([ ! -s "$M/sys/bus/pci/drivers/nvidia/unbind" ] || echo "unbind written")"
err_matches early/display/done '^vfio-binder: warning: done in [0-9]* ms: 0 of 2 functions on vfio-pci$'
record_is early/display/record '0000:01:00.0 nvidia kept-with-display|0000:01:00.1 - kept-with-display|'
# its audio held too: not unbound either, and the other card still goes
fake_reset
fake_driver 0000:01:00.1 snd_hda_intel
fake_driver_attrs
run --cmdline 'vfio.slots=01:00.0,02:00.0' boot
err_has early/display-audio/whole "0000:01:00.0: nvidia bound it before the binder ran; the card stays whole with the host"
err_lacks early/display-audio/not-released 'unbound it for vfio-pci'
check early/display-audio/not-unbound \
	"$([ ! -s "$M/sys/bus/pci/drivers/nvidia/unbind" ] && [ ! -s "$M/sys/bus/pci/drivers/snd_hda_intel/unbind" ] || echo "unbind written")"
overrides_are early/display-audio/overrides '0000:01:00.0= 0000:01:00.1= 0000:02:00.0=vfio-pci 0000:02:00.1=vfio-pci'
record_is early/display-audio/record \
	'0000:01:00.0 nvidia kept-with-display|0000:01:00.1 snd_hda_intel kept-with-display|0000:02:00.0 - handed-over|0000:02:00.1 - handed-over|'

group "two identical GPUs: a USB controller named alone, bound before the binder ran" machine_twin
# the function named is left as it is, though its class is one boot releases from a card
fake_driver_attrs
fake_vfio_builtin
run --cmdline 'vfio.slots=00:14.0' boot
err_has early/named/left '0000:00:14.0: xhci_hcd bound it before the binder ran; left as it is'
check early/named/not-unbound "$([ ! -s "$M/sys/bus/pci/drivers/xhci_hcd/unbind" ] || echo "unbind written")"
record_is early/named/record '0000:00:14.0 xhci_hcd left|'

group "two identical GPUs: a held companion that cannot be unbound" machine_twin
# no unbind attribute to write: said, with the fix; the rest goes on
fake_driver 0000:01:00.1 snd_hda_intel
fake_vfio_builtin
both early/no-unbind 0 "$B1" --cmdline 'vfio.slots=01:00.0'
err_has early/no-unbind/says-why '0000:01:00.1: snd_hda_intel bound it before the binder ran and cannot be unbound: No such file or directory; run vfio-binder bind 0000:01:00.1 after boot'
record_is early/no-unbind/record '0000:01:00.0 - handed-over|0000:01:00.1 snd_hda_intel left|'

group "two identical GPUs: a held companion, vfio-pci not loadable" machine_twin
# no vfio module in the image: the companion keeps its host driver (no
# unbind written), said, and the record says why
# (the fake kernel for the probe of 01:00.0, which vfio-pci is not there to take)
fake_driver 0000:01:00.1 snd_hda_intel
fake_driver_attrs
fake_kernel_start 10 ''
run --cmdline 'vfio.slots=01:00.0' boot
fake_kernel_stop
code_is early/no-vfio/exit 0
err_has early/no-vfio/says-why '0000:01:00.1: snd_hda_intel bound it before the binder ran; kept on it, as vfio-pci could not be loaded'
err_lacks early/no-vfio/not-released 'unbound it for vfio-pci'
drivers_are early/no-vfio/drivers "0000:01:00.0=none 0000:01:00.1=snd_hda_intel"
err_matches early/no-vfio/done '^vfio-binder: warning: done in [0-9]* ms: 0 of 2 functions on vfio-pci$'
record_is early/no-vfio/record '0000:01:00.0 - handed-over|0000:01:00.1 snd_hda_intel kept-no-vfio-pci|'

group "two identical GPUs: the boot record" machine_twin
run --cmdline 'vfio.slots=02:00.0' boot
record_is record/bind '0000:02:00.0 - handed-over|0000:02:00.1 - handed-over|'
run --cmdline 'vfio.slots=off' boot
record_is record/off ''
run --cmdline 'vfio.slots=0g:00.0' boot
record_is record/invalid ''
# a directory where the record goes: said, and the boot goes on
rm -rf "$M/run/vfio-binder"
mkdir -p "$M/run/vfio-binder/boot-record.new"
fake_driver_attrs
fake_kernel_start 10 ''
run --cmdline 'vfio.slots=02:00.0' boot
fake_kernel_stop
code_is record/unwritable/exit 0
err_matches record/unwritable/says-why "^vfio-binder: warning: cannot write $M/run/vfio-binder/boot-record: .*; status cannot tell what this boot did\$"
err_matches record/unwritable/done '^vfio-binder: warning: done in [0-9]* ms: 0 of 2 functions on vfio-pci$'

group "two identical GPUs: a write that fails" machine_twin
# it leaves its whole item unbound, and the other items bound
ro=$M/sys/devices/pci0000:00/0000:00:01.1/0000:02:00.1/driver_override
fake_reset
if [ "$(id -u)" = 0 ]; then
	if chattr +i "$ro" 2>/dev/null; then IMMUTABLE=$ro; else ro=; fi
else
	chmod a-w "$ro"
fi
if [ -z "$ro" ]; then
	echo "skip twin/write-fails: cannot make a file read-only for root here (no chattr +i)"
else
	run --cmdline 'vfio.slots=01:00.0,02:00.0' boot
	got=$(fake_overrides | tr '\n' ' ')
	want='0000:00:00.0 (null) 0000:00:01.0 (null) 0000:00:01.1 (null) 0000:00:14.0 (null) 0000:00:17.0 (null) 0000:00:1f.0 (null) 0000:00:1f.3 (null) 0000:00:1f.4 (null) 0000:00:1f.6 (null) 0000:01:00.0 vfio-pci 0000:01:00.1 vfio-pci 0000:02:00.0  0000:02:00.1 (null) '
	# 0000:02:00.0 was written, then cleared with a lone newline (the kernel shows "(null)")
	if [ "$rc" = 0 ] && [ "$got" = "$want" ]; then
		pass twin/write-fails
	else
		fail twin/write-fails "boot exit $rc, overrides: expected '$want', got '$got'"
	fi
	err_has twin/write-fails/stderr '02:00.0: cannot write driver_override of 0000:02:00.1'
	if [ "$(id -u)" = 0 ]; then chattr -i "$ro" && IMMUTABLE=; else chmod u+w "$ro"; fi
fi

group "two identical GPUs: plan --json" machine_twin
json_is twin/json-bind 0 '.valid == true and .source == "cmdline" and .errors == []
	and .bind == ["0000:01:00.0","0000:01:00.1"]
	and (.decisions | length) == 1 and .decisions[0].verdict == "bind" and .decisions[0].reason == null
	and ([.decisions[0].functions[] | .address + "=" + .role] == ["0000:01:00.0=chosen","0000:01:00.1=same-group"])' \
	--cmdline 'vfio.slots=01:00.0' plan
json_is twin/json-skip 0 '.valid == true and .bind == ["0000:01:00.0","0000:01:00.1"]
	and [.decisions[].verdict] == ["id-guard-mismatch","bind","absent","bridge"]
	and (.decisions[0].reason | test("ID guard"))' \
	--cmdline 'vfio.slots=02:00.0@10de:1234,01:00.0,07:00.0,00:01.1' plan
json_is twin/json-syntax-error 2 '.valid == false and .bind == [] and .decisions == []
	and (.errors | length) == 1 and .errors[0].index == 2 and .errors[0].item == "02:00.9"
	and .errors[0].column == 15 and (.errors[0].message | test("function"))' \
	--cmdline 'vfio.slots=01:00.0,02:00.9' plan
fake_conf 'slots = 01:00.0
bogus = 1'
json_is twin/json-conf-error 2 '.valid == false and .bind == []
	and (.errors | length) == 1 and .errors[0].line == 2 and (.errors[0].file | endswith("vfio-binder.conf"))' plan
fake_no_conf
json_is twin/json-off 0 '.off == true and .bind == [] and .decisions == []' --cmdline 'vfio.slots=off' plan

group "options after the command, with every libc" machine_twin
# "$BIN" --root "$M" plan --cmdline ...: --root first (run), the rest after the command
is args/after-command 0 'bind 0000:01:00.0
bind 0000:01:00.1' plan --cmdline 'vfio.slots=01:00.0'
run plan --json --cmdline 'vfio.slots=01:00.0'
json_judge args/after-command-json 0 '.bind == ["0000:01:00.0","0000:01:00.1"]'
is args/after-double-dash 64 '' --cmdline 'vfio.slots=01:00.0' -- plan --json
is args/command-twice 64 '' --cmdline 'vfio.slots=01:00.0' plan plan

group "sysfs that cannot be read" machine_no_sysfs
is nosysfs/plan 1 '' --cmdline 'vfio.slots=01:00.0' plan
(cd "$M" && find . | sort) >"$TMP/before"
run --cmdline 'vfio.slots=01:00.0' boot
# boot writes nothing, not even a directory, where there is no sysfs; only
# its record, which says that it ran
(cd "$M" && find . | grep -vx -e ./run -e ./run/vfio-binder -e ./run/vfio-binder/boot-record | sort) >"$TMP/after"
if [ "$rc" != 0 ]; then
	fail nosysfs/boot "boot exit code: expected 0, got $rc (stderr: $(oneline "$ERR"))"
elif ! cmp -s "$TMP/before" "$TMP/after"; then
	fail nosysfs/boot "boot changed the root: $(diff "$TMP/before" "$TMP/after" | grep '^[<>]' | tr '\n' ' ')"
else
	pass nosysfs/boot
fi
err_has nosysfs/boot/says-why "error: cannot open $M/sys/bus/pci/devices"
err_matches nosysfs/boot/stderr '^vfio-binder: error: done in [0-9]* ms: nothing bound this boot$'
is nosysfs/off 0 '' --cmdline 'vfio.slots=off' plan

group "a four-function Turing card" machine_turing
T='bind 0000:01:00.0
bind 0000:01:00.1
bind 0000:01:00.2
bind 0000:01:00.3'
both turing/address 0 "$T" --cmdline 'vfio.slots=01:00.0'
both turing/ucsi-named 0 'skip 01:00.3: its IOMMU group also holds 0000:01:00.0 (group 1, 10de:1e84), 0000:01:00.1 (group 1, 10de:10f8), 0000:01:00.2 (group 1, 10de:1ad8) outside the selection; add them to the slots list to pass them through too, or move the card to a slot with its own group' \
	--cmdline 'vfio.slots=01:00.3'
both turing/gpus 0 "$T" --cmdline 'vfio.slots=gpus'
err_has turing/gpus/boot-display-stays 'boot display stays with the host'
both turing/id 0 "$T" --cmdline 'vfio.slots=id:10de:1e84'
json_is turing/json 0 '[.decisions[0].functions[] | .role] == ["chosen","same-group","same-group","same-group"]' \
	--cmdline 'vfio.slots=01:00.0' plan

group "an AMD card with VGA and audio in separate groups" machine_amd
A='bind 0000:0d:00.0
bind 0000:0d:00.1'
both amd/address 0 "$A" --cmdline 'vfio.slots=0d:00.0@1002:73bf'
err_has amd/address/boot-display-warning 'host console goes dark'
# the audio has a group of its own: named alone, it goes alone
both amd/audio-named 0 'bind 0000:0d:00.1' --cmdline 'vfio.slots=0d:00.1'
both amd/path 0 "$A" --cmdline 'vfio.slots=00:03.1/00.0/00.0/00.0'
both amd/path-to-switch 0 'skip 00:03.1/00.0/00.0: 0000:0c:00.0 is a PCI bridge (class 0x060400); bridges are never bound' \
	--cmdline 'vfio.slots=00:03.1/00.0/00.0'
both amd/gpus-boot-display 0 'skip gpus: no display function besides the boot display, which stays with the host' \
	--cmdline 'vfio.slots=gpus'
# id: of the boot display card's audio takes the audio alone: the display stays
both amd/id-audio-of-boot-display 0 'bind 0000:0d:00.1' --cmdline 'vfio.slots=id:1002:ab28'
json_is amd/json 0 '[.decisions[0].functions[] | [.address, .role, .iommu_group]]
	== [["0000:0d:00.0","chosen",8],["0000:0d:00.1","same-vendor",9]] and .decisions[0].takes_boot_display == true' \
	--cmdline 'vfio.slots=0d:00.0' plan

group "a card sharing its group with a NIC and a SATA controller" machine_shared
SH='its IOMMU group also holds 0000:04:00.0 (group 2, 8086:1533, igb), 0000:05:00.0 (group 2, 1b21:0612, ahci) outside the selection; add them to the slots list to pass them through too, or move the card to a slot with its own group'
both shared/card-alone 0 "skip 03:00.0: $SH" --cmdline 'vfio.slots=03:00.0'
err_has shared/card-alone/stderr "skip 03:00.0: $SH"
both shared/all-three 0 'bind 0000:03:00.0
bind 0000:03:00.1
bind 0000:04:00.0
bind 0000:05:00.0' --cmdline 'vfio.slots=03:00.0,04:00.0,05:00.0'
both shared/two-of-three 0 'skip 03:00.0: its IOMMU group also holds 0000:05:00.0 (group 2, 1b21:0612, ahci) outside the selection; add them to the slots list to pass them through too, or move the card to a slot with its own group
skip 04:00.0: its IOMMU group also holds 0000:05:00.0 (group 2, 1b21:0612, ahci) outside the selection; add them to the slots list to pass them through too, or move the card to a slot with its own group' \
	--cmdline 'vfio.slots=03:00.0,04:00.0'
# the switch's ID selects nothing: bridges are never bound (the wording of the reason is free)
run --cmdline 'vfio.slots=id:10b5:8747' plan
if [ "$rc" = 0 ] && [ "$(wc -l <"$OUT")" -eq 1 ] && grep -q '^skip id:10b5:8747: ' "$OUT"; then
	pass shared/id-of-bridges/plan
else
	fail shared/id-of-bridges/plan "expected exit 0 and one 'skip id:10b5:8747: ...' line, got exit $rc and '$(oneline "$OUT")'"
fi
plan=$(cat "$OUT")
boot_is shared/id-of-bridges/boot '' --cmdline 'vfio.slots=id:10b5:8747'
boot_logged shared/id-of-bridges/boot-log 0 "$plan"
both shared/switch-port-named 0 'skip 02:08.0: 0000:02:08.0 is a PCI bridge (class 0x060400); bridges are never bound' \
	--cmdline 'vfio.slots=02:08.0'
json_is shared/json 0 '.bind == [] and .decisions[0].verdict == "group-not-viable"
	and .decisions[0].outside == ["0000:04:00.0","0000:05:00.0"]' --cmdline 'vfio.slots=03:00.0' plan

group "two cards, each sharing its group with a NIC" machine_shared_two
# gpus refuses both cards, and each refusal names the card it is about: the
# first line 0000:03:00.0, the second 0000:07:00.0
run --cmdline 'vfio.slots=gpus' plan
if [ "$rc" != 0 ] || [ "$(wc -l <"$OUT")" -ne 2 ] || [ "$(grep -c '^skip gpus: .*outside the selection' "$OUT")" -ne 2 ]; then
	fail shared/gpus-two-cards/plan "expected exit 0 and two 'skip gpus: ...' group refusals, got exit $rc and '$(oneline "$OUT")'"
elif ! sed -n 1p "$OUT" | grep -q '0000:03:00\.0' || ! sed -n 2p "$OUT" | grep -q '0000:07:00\.0'; then
	fail shared/gpus-two-cards/plan "each refusal must name its card (0000:03:00.0, then 0000:07:00.0), got '$(oneline "$OUT")'"
else
	pass shared/gpus-two-cards/plan
fi
plan=$(cat "$OUT")
boot_is shared/gpus-two-cards/boot '' --cmdline 'vfio.slots=gpus'
boot_logged shared/gpus-two-cards/boot-log 0 "$plan"
both shared/second-card 0 'skip 07:00.0: its IOMMU group also holds 0000:08:00.0 (group 9, 10ec:8168, r8169) outside the selection; add them to the slots list to pass them through too, or move the card to a slot with its own group' \
	--cmdline 'vfio.slots=07:00.0'
json_is shared/json-gpus 0 '.bind == [] and [.decisions[] | .verdict] == ["group-not-viable","group-not-viable"]
	and [.decisions[] | .functions[0].address] == ["0000:03:00.0","0000:07:00.0"]
	and [.decisions[] | .outside] == [["0000:04:00.0","0000:05:00.0"],["0000:08:00.0"]]' --cmdline 'vfio.slots=gpus' plan

group "a boot display and a second GPU" machine_bootvga
both bootvga/gpus 0 'bind 0000:01:00.0
bind 0000:01:00.1' --cmdline 'vfio.slots=gpus'
err_has bootvga/gpus/stderr 'gpus: the boot display stays with the host'
both bootvga/id 0 'skip id:8086:3e92: no function has ID 8086:3e92 besides the boot display, which stays with the host' \
	--cmdline 'vfio.slots=id:8086:3e92'
both bootvga/explicit 0 'bind 0000:00:02.0' --cmdline 'vfio.slots=00:02.0'
err_has bootvga/explicit/warning 'warning: 00:02.0: takes the boot display; the host console goes dark'
is bootvga/explicit-plan-warns 0 'bind 0000:00:02.0' --cmdline 'vfio.slots=00:02.0' plan
err_has bootvga/explicit-plan-warns/warning 'host console goes dark'
both bootvga/gpus-and-explicit 0 'bind 0000:00:02.0
bind 0000:01:00.0
bind 0000:01:00.1' --cmdline 'vfio.slots=gpus,00:02.0'
is bootvga/second-no-warning 0 'bind 0000:01:00.0
bind 0000:01:00.1' --cmdline 'vfio.slots=01:00.0' plan
err_lacks bootvga/second-no-warning/stderr 'warning'

group "a server with only a BMC display" machine_bmc
both bmc/gpus 0 'skip gpus: no display function besides the boot display, which stays with the host' \
	--cmdline 'vfio.slots=gpus'
# one port of the dual-port X550 goes, the host keeps the other
both bmc/nic-port 0 'bind 0000:04:00.0' --cmdline 'vfio.slots=04:00.0'
both bmc/nic-other-port 0 'bind 0000:04:00.1' --cmdline 'vfio.slots=04:00.1'
both bmc/nic-both-ports 0 'bind 0000:04:00.0
bind 0000:04:00.1' --cmdline 'vfio.slots=04:00.1,04:00.0'

group "a server with a BMC display and a 3D controller" machine_bmc_3d
both bmc/gpus-3d-controller 0 'bind 0000:05:00.0' --cmdline 'vfio.slots=gpus'

group "an APU" machine_apu
APU='bind 0000:05:00.0
bind 0000:05:00.1'
both apu/address 0 "$APU" --cmdline 'vfio.slots=05:00.0'
both apu/gpus 0 "$APU" --cmdline 'vfio.slots=gpus'
# the named USB controller goes alone: not the SoC's other functions
both apu/usb-named 0 'bind 0000:05:00.3' --cmdline 'vfio.slots=05:00.3'
json_is apu/json 0 '[.decisions[0].functions[].address] == ["0000:05:00.0","0000:05:00.1"]' \
	--cmdline 'vfio.slots=05:00.0' plan

group "PCI domains" machine_domains
both domains/default-0000 0 "$B1" --cmdline 'vfio.slots=01:00.0'
both domains/0001 0 'bind 0001:01:00.0
bind 0001:01:00.1' --cmdline 'vfio.slots=0001:01:00.0'
both domains/10000 0 'bind 10000:01:00.0
bind 10000:01:00.1' --cmdline 'vfio.slots=10000:01:00.0@10de:2204'
both domains/path 0 'bind 0001:01:00.0
bind 0001:01:00.1' --cmdline 'vfio.slots=0001:00:01.0/00.0'
both domains/id 0 "$B1
bind 0001:01:00.0
bind 0001:01:00.1
bind 10000:01:00.0
bind 10000:01:00.1" --cmdline 'vfio.slots=id:10de:2204'

group "IOMMU off" machine_nommu
NOMMU='has no IOMMU group: the IOMMU is off; enable VT-d or AMD-Vi in the firmware setup and on Intel boot with intel_iommu=on'
both nommu/address 0 "skip 01:00.0: 0000:01:00.0 $NOMMU" --cmdline 'vfio.slots=01:00.0'
err_has nommu/address/stderr 'intel_iommu=on'
both nommu/gpus 0 "skip gpus: 0000:01:00.0 $NOMMU
skip gpus: 0000:02:00.0 $NOMMU" --cmdline 'vfio.slots=gpus'

group "IOMMU off, and an empty iommu_groups directory" machine_nommu_empty_groups
both nommu/empty-groups-dir 0 "skip 02:00.0: 0000:02:00.0 $NOMMU" --cmdline 'vfio.slots=02:00.0'
json_is nommu/json 0 '.bind == [] and .decisions[0].verdict == "no-iommu-group"' --cmdline 'vfio.slots=01:00.0' plan

group "a function the IOMMU does not cover" machine_twin_uncovered
both nommu/one-function-uncovered 0 "$B1
skip 02:00.0: 0000:02:00.0 has no IOMMU group: the IOMMU does not cover it, so VFIO cannot use it" \
	--cmdline 'vfio.slots=01:00.0,02:00.0'

group "SR-IOV" machine_sriov
both sriov/vf 0 'bind 0000:03:00.2' --cmdline 'vfio.slots=03:00.2'
both sriov/two-vfs 0 'bind 0000:03:00.2
bind 0000:03:00.5' --cmdline 'vfio.slots=03:00.2,03:00.5@15b3:1016'
both sriov/vf-in-vf-slot 0 'bind 0000:04:10.0' --cmdline 'vfio.slots=04:10.0'
both sriov/pf-takes-no-vfs 0 'bind 0000:03:00.0' --cmdline 'vfio.slots=03:00.0'
both sriov/id-vf 0 'bind 0000:04:10.0
bind 0000:04:10.1
bind 0000:04:10.4' --cmdline 'vfio.slots=id:8086:1520'


# opens_ok NAME ADDR ARGS...: under strace, plan (or $OPENS_CMD) opens no function outside ADDR's
# slot, its upstream bridges and the members of its slot's IOMMU groups (and, for
# a path, the children of the path's bridges), and lists neither the whole bus nor
# the group directory
opens_ok() {
	name=$1 addr=$2
	shift 2
	if ! command -v strace >/dev/null 2>&1; then
		fail "$name" "strace is not installed"
		return
	fi
	strace -f -y -o "$TMP/trace" -e trace=openat,openat2,open "$BIN" --root "$M" "$@" "$OPENS_CMD" >"$OUT" 2>"$ERR"
	rc=$?
	if [ "$rc" != 0 ] || ! grep -q '^[0-9 ]*openat(' "$TMP/trace"; then
		fail "$name" "strace did not run (exit $rc): $(head -c 300 "$ERR")"
		return
	fi
	# the allowed functions and groups, from the fake tree
	slot=${addr%.*}
	: >"$TMP/allowed"
	groups=
	for fn in 0 1 2 3 4 5 6 7; do
		echo "$slot.$fn" >>"$TMP/allowed"
		l=$M/sys/bus/pci/devices/$slot.$fn
		[ -L "$l" ] || continue
		if [ -L "$l/iommu_group" ]; then
			g=$(readlink "$l/iommu_group")
			groups="$groups ${g##*/}"
		fi
	done
	readlink "$M/sys/bus/pci/devices/$addr" | tr / '\n' | grep ':.*\.' >>"$TMP/allowed"
	for g in $groups; do
		ls "$M/sys/kernel/iommu_groups/$g/devices" >>"$TMP/allowed"
	done
	for b in $PATH_BRIDGES; do
		for l in "$M/sys/bus/pci/devices/$b"/*; do
			case ${l##*/} in *:*:*.*) echo "${l##*/}" >>"$TMP/allowed" ;; esac
		done
	done
	# every opened path: the directory fd's path joined with the name
	sed -n 's/^\(\[pid *[0-9]*\] \)\{0,1\}[0-9]* *open\(at2\{0,1\}\)\{0,1\}(\([^<,]*<\([^>]*\)>, \)\{0,1\}"\([^"]*\)".*/\4|\5/p' \
		"$TMP/trace" | awk -F'|' '{ print (substr($2, 1, 1) == "/" ? $2 : $1 "/" $2) }' >"$TMP/opened"
	bad=
	while read -r p; do
		case $p in
		*/bus/pci/devices/. | */bus/pci/devices | */kernel/iommu_groups/. | */kernel/iommu_groups)
			case $p in */.) bad="$bad listed:${p%/.}" ;; esac
			continue
			;;
		esac
		# the function the path belongs to is its last address component
		f=$(printf '%s\n' "$p" | tr / '\n' | grep -E '^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$' | tail -n 1)
		if [ -n "$f" ] && ! grep -qx "$f" "$TMP/allowed"; then
			bad="$bad $f"
		fi
		g=$(printf '%s\n' "$p" | sed -n 's|.*/kernel/iommu_groups/\([0-9]*\).*|\1|p')
		if [ -n "$g" ] && case " $groups " in *" $g "*) false ;; *) true ;; esac then
			bad="$bad group:$g"
		fi
	done <"$TMP/opened"
	if [ ! -s "$TMP/opened" ]; then
		fail "$name" "no open seen in the trace"
	elif [ -n "$bad" ]; then
		fail "$name" "opened outside the card's slot, path and groups:$(echo "$bad" | tr ' ' '\n' | sort -u | tr '\n' ' ')"
	else
		pass "$name"
	fi
}
# The audio of an Arc card sits behind another port of the card's own switch:
# another device, so not taken along, but named with the item that adds it.
group "an Intel Arc card's own switch" machine_arc
ARCNOTE="the card's own switch also holds 0000:04:00.0 (8086:4f90, IOMMU group 7), another device, which is not taken along; add"
both arc/gpu 0 'bind 0000:03:00.0' --cmdline 'vfio.slots=03:00.0'
err_has arc/gpu/note "vfio-binder: warning: 03:00.0: $ARCNOTE 04:00.0 to the list to pass it through too"
both arc/gpu-by-path 0 'bind 0000:03:00.0' --cmdline 'vfio.slots=00:01.0/00.0/01.0/00.0@8086:56a0'
err_has arc/gpu-by-path/note "$ARCNOTE 00:01.0/00.0/04.0/00.0@8086:4f90 to the list to pass it through too"
both arc/gpu-and-audio 0 'bind 0000:03:00.0
bind 0000:04:00.0' --cmdline 'vfio.slots=00:01.0/00.0/01.0/00.0@8086:56a0,00:01.0/00.0/04.0/00.0@8086:4f90'
err_lacks arc/gpu-and-audio/no-note "card's own switch"
both arc/gpus 0 'bind 0000:03:00.0
bind 0000:07:00.0
bind 0000:07:00.1
bind 0000:08:00.0
bind 0000:08:00.1' --cmdline 'vfio.slots=gpus'
err_has arc/gpus/note "gpus: $ARCNOTE 04:00.0 to the list"
# a motherboard's switch carries its own vendor's ID: no other card is named
both arc/workstation-switch 0 'bind 0000:07:00.0
bind 0000:07:00.1' --cmdline 'vfio.slots=07:00.0'
err_lacks arc/workstation-switch/no-note "switch"
json_is arc/json 0 '[.decisions[] | [.verdict, .on_card_switch]] == [["bind",["0000:04:00.0"]]]' \
	--cmdline 'vfio.slots=03:00.0' plan

# a board's switch of the cards' vendor holds two cards: neither is the
# other's own, nothing of one is named with the other
group "a board's NF200 switch with two identical cards" machine_nf200
both nf200/second-card 0 'bind 0000:04:00.0
bind 0000:04:00.1' --cmdline 'vfio.slots=04:00.0'
err_lacks nf200/second-card/no-note "switch"
both nf200/gpus 0 'bind 0000:04:00.0
bind 0000:04:00.1' --cmdline 'vfio.slots=gpus'
err_lacks nf200/gpus/no-note "switch"
json_is nf200/json 0 '[.decisions[] | [.verdict, .on_card_switch]] == [["bind",[]]]' \
	--cmdline 'vfio.slots=00:03.0/00.0/02.0/00.0@10de:1080' plan

# an enclosure's switch carries the card's vendor too: its USB controller is
# not the card's
group "a Thunderbolt enclosure around a card without a switch" machine_egpu
both egpu/dg1 0 'bind 0000:2e:00.0' --cmdline 'vfio.slots=2e:00.0'
err_lacks egpu/dg1/no-note "switch"
json_is egpu/json 0 '[.decisions[] | [.verdict, .on_card_switch]] == [["bind",[]]]' \
	--cmdline 'vfio.slots=gpus' plan

group "reads only what it needs" machine_big
PATH_BRIDGES=
OPENS_CMD=plan
opens_ok reads/explicit-address 0000:0a:00.0 --cmdline 'vfio.slots=0a:00.0'
opens_ok reads/explicit-address-guarded 0000:05:00.0 --cmdline 'vfio.slots=05:00.0@10de:2204'
opens_ok reads/explicit-audio 0000:03:00.1 --cmdline 'vfio.slots=03:00.1'
PATH_BRIDGES=0000:00:0a.1
opens_ok reads/path 0000:0a:00.0 --cmdline 'vfio.slots=00:0a.1/00.0'
PATH_BRIDGES=
OPENS_CMD=boot
fake_reset
opens_ok reads/boot-explicit-address 0000:0a:00.0 --cmdline 'vfio.slots=0a:00.0'
boot_wrote reads/boot-explicit-address/wrote '0000:0a:00.0 0000:0a:00.1 0000:0a:00.3'
OPENS_CMD=plan
is reads/big-explicit 0 'bind 0000:0a:00.0
bind 0000:0a:00.1
bind 0000:0a:00.3' --cmdline 'vfio.slots=0a:00.0' plan

# a card's own switch adds its ports and what sits behind them; a
# motherboard's switch adds nothing
group "reads only what it needs: switches" machine_arc
PATH_BRIDGES='0000:01:00.0 0000:02:04.0'
opens_ok reads/arc-switch 0000:03:00.0 --cmdline 'vfio.slots=03:00.0'
PATH_BRIDGES=
opens_ok reads/workstation-switch 0000:07:00.0 --cmdline 'vfio.slots=07:00.0'

summary
