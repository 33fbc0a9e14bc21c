#!/bin/sh
# `make demo`: builds the example machine of tests/examples/two-gpus.sh as a fake
# sysfs tree, lists it like lspci, then runs `vfio-binder plan` on it for a few
# vfio.slots= values, showing what would go to vfio-pci (stdout) and why (stderr).
#   sh tests/demo-plan.sh BINARY
set -u

# shellcheck source-path=SCRIPTDIR source=harness.sh disable=SC1091
. "$(dirname "$0")/harness.sh"
harness_binary "$@"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/examples/two-gpus.sh
# shellcheck source-path=SCRIPTDIR source=sysfs/lib.sh disable=SC1091
. "$HERE/sysfs/lib.sh"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vfio-binder-demo.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' HUP INT PIPE TERM
M=$TMP/machine
NAMES=$TMP/names

# the example's names for the listing
# shellcheck disable=SC2317 # called by the example file
describe() {
	printf '%s %s\n' "$1" "$2" >>"$NAMES"
}

fake_root "$M"
: >"$NAMES"
# shellcheck source=examples/two-gpus.sh disable=SC1091
. "$EXAMPLE"

class_name() {
	case $1 in
	0600) echo "Host bridge" ;;
	0601) echo "ISA bridge" ;;
	0604) echo "PCI bridge" ;;
	0300) echo "VGA compatible controller" ;;
	0302) echo "3D controller" ;;
	0403) echo "Audio device" ;;
	0200) echo "Ethernet controller" ;;
	0106) echo "SATA controller" ;;
	0108) echo "Non-Volatile memory controller" ;;
	0c03) echo "USB controller" ;;
	0c05) echo "SMBus" ;;
	*) echo "Class $1" ;;
	esac
}

# what lspci -D would show, plus the IOMMU group, the driver and the boot display
list_machine() {
	for l in "$M"/sys/bus/pci/devices/*; do
		a=${l##*/}
		class=$(cut -c3-6 "$l/class")
		id="$(cut -c3- "$l/vendor"):$(cut -c3- "$l/device")"
		name=$(sed -n "s/^$a //p" "$NAMES")
		group=-
		if [ -L "$l/iommu_group" ]; then
			group=$(readlink "$l/iommu_group")
			group=${group##*/}
		fi
		extra=
		if [ -L "$l/driver" ]; then
			extra=$(readlink "$l/driver")
			extra=${extra##*/}
		fi
		if [ -f "$l/boot_vga" ] && [ "$(cat "$l/boot_vga")" = 1 ]; then
			extra="${extra:+$extra, }boot display"
		fi
		printf '  %s  %-32s %s  %-26s %5s  %s\n' "$a" "$(class_name "$class") [$class]" "$id" "$name" "$group" "$extra"
	done | sed 's/ *$//'
}

BOOT_ARGS='BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3c2a1e ro quiet intel_iommu=on'
status=0
n=0

# show TITLE SLOTS EXPECTED_EXIT: one run of plan, stdout and stderr
show() {
	n=$((n + 1))
	echo
	echo "--- $n. $1"
	echo "kernel command line: ... vfio.slots=$2"
	"$BIN" --root "$M" --cmdline "$BOOT_ARGS vfio.slots=$2" plan >"$TMP/out" 2>"$TMP/err"
	rc=$?
	echo "\$ vfio-binder plan    (exit status $rc)"
	if [ -s "$TMP/out" ]; then
		sed 's/^/  /' "$TMP/out"
	else
		echo "  (nothing)"
	fi
	echo "why (its log, on stderr under --root; on a real boot it goes to dmesg):"
	sed 's/^vfio-binder: /  /' "$TMP/err"
	if [ "$rc" != "$3" ]; then
		echo "demo: expected exit status $3, got $rc" >&2
		status=1
	fi
}

echo "vfio-binder demo: which PCI functions 'vfio-binder boot' would hand to vfio-pci, and why."
echo "The example machine (tests/examples/two-gpus.sh, a fake sysfs tree), as lspci would list it:"
echo
printf '  %-12s  %-32s %-9s  %-26s %5s  %s\n' address class ID name group "driver, boot display"
list_machine

show "the first RTX 3090, with its HDMI audio (same IOMMU group)" "01:00.0" 0
show "the second one, only if it still is a 10de:2204 (ID guard against bus renumbering)" "02:00.0@10de:2204" 0
show "every GPU except the boot display" "gpus" 0
show "a typo (letter O for zero): nothing is bound this boot, the host keeps both cards" "01:00.0,O2:00.0" 2

echo
echo "'vfio-binder boot' writes vfio-pci into driver_override of each 'bind' function in the"
echo "initramfs, before udev loads any GPU driver; 'plan' shows the same decisions and writes nothing."
exit $status
