# shellcheck shell=sh
# The fake machines the role is applied to, each built inside a Debian root
# with tests/sysfs/lib.sh: the root's /sys and /proc are plain directories
# (nothing is mounted there), so vfio-binder, run in the chroot without
# --root, judges the fake machine. Sourced after lib.sh; POSIX sh.

# _machine_start ROOT: the empty sysfs and proc of a machine below ROOT (a
#   Debian root, so not fake_root, which starts from an empty directory)
_machine_start() {
	# shellcheck disable=SC2034 # the machine lib.sh works on, as fake_root sets it
	root=$1
	mkdir -p "$root/sys/devices" "$root/sys/bus/pci/devices" "$root/sys/bus/pci/drivers" \
		"$root/sys/kernel/iommu_groups" "$root/proc"
	: >"$root/sys/bus/pci/drivers_probe"
	printf 'BOOT_IMAGE=/boot/vmlinuz root=/dev/nvme0n1p2 ro quiet intel_iommu=on\n' >"$root/proc/cmdline"
}

# _machine_host NVME: the Intel iGPU (the boot display), the onboard I219
#   (eno1, the default route) and a Samsung NVMe drive at NVME behind the
#   root port 00:1c.0, holding / (nvme0n1p2) and the ESP (nvme0n1p1)
_machine_host() {
	fake_fn 0000:00:00.0 - 8086 3e30 060000 0
	fake_fn 0000:00:02.0 - 8086 3e92 030000 3 i915
	fake_boot_vga 0000:00:02.0
	fake_fn 0000:00:1c.0 - 8086 a338 060400 6 pcieport
	fake_fn "$1" 0000:00:1c.0 144d a808 010802 7 nvme
	fake_fn 0000:00:1f.6 - 8086 15bc 020000 13 e1000e
	fake_block nvme0n1 "$1" 259:0
	fake_block nvme0n1p1 "$1" 259:1
	fake_block nvme0n1p2 "$1" 259:2
	fake_net eno1 0000:00:1f.6
	fake_mounts_noise
	fake_mount 259:2 / /dev/nvme0n1p2 ext4
	fake_mount 259:1 /boot/efi /dev/nvme0n1p1 vfat
	fake_route eno1
}

# _machine_card PORT ADDR GROUP: an RTX 3090 (10de:2204, HDMI audio
#   10de:1aef on function 1) at ADDR below the CPU root port PORT, one IOMMU
#   group with it, both functions on their host drivers
_machine_card() {
	fake_fn "$1" - 8086 1901 060400 "$3" pcieport
	fake_fn "$2" "$1" 10de 2204 030000 "$3" nouveau
	fake_fn "${2%.0}.1" "$1" 10de 1aef 040300 "$3" snd_hda_intel
}

# machine_twin ROOT: two identical RTX 3090 at 01:00.0 and 02:00.0, the
#   NVMe drive of / at 03:00.0
machine_twin() {
	_machine_start "$1"
	_machine_card 0000:00:01.0 0000:01:00.0 1
	_machine_card 0000:00:01.1 0000:02:00.0 2
	_machine_host 0000:03:00.0
}

# machine_single ROOT: one RTX 3090 at 01:00.0; with no card behind the
#   second root port, the NVMe drive of / gets bus 02: 02:00.0
machine_single() {
	_machine_start "$1"
	_machine_card 0000:00:01.0 0000:01:00.0 1
	fake_fn 0000:00:01.1 - 8086 1905 060400 2 pcieport
	_machine_host 0000:02:00.0
}

# machine_booted ROOT ADDR...: the machine after a boot whose initramfs
#   handed ADDR... to vfio-pci (driver_override and driver), and /run empty,
#   a fresh tmpfs
machine_booted() {
	# shellcheck disable=SC2034 # the machine lib.sh works on
	root=$1
	shift
	for _a in "$@"; do
		fake_set_override "$_a" vfio-pci
		fake_driver "$_a" vfio-pci
	done
	if [ -n "$root" ] && [ -d "$root/run" ]; then
		find "$root/run" -mindepth 1 -delete
	fi
}
