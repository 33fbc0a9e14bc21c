#!/bin/sh
# `make demo-plan`: builds the example machine of tests/examples/two-gpus.sh as
# a fake sysfs tree, shows it with `vfio-binder list`, then runs `vfio-binder
# plan` on it for a few vfio.slots= values, showing what would go to vfio-pci
# (stdout) and why (stderr).
#   sh tests/demo-plan.sh BINARY    (the host tool: list and plan)
set -u

# shellcheck source-path=SCRIPTDIR source=harness.sh disable=SC1091
. "$(dirname "$0")/harness.sh"
harness_binary "$@"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/examples/two-gpus.sh
# shellcheck source-path=SCRIPTDIR source=sysfs/lib.sh disable=SC1091
. "$HERE/sysfs/lib.sh"
# shellcheck disable=SC2034 # lib.sh's fake_pci_ids reads it
PCI_IDS_FIXTURE=$HERE/sysfs/pci.ids

harness_tmpdir demo
M=$TMP/machine

fake_root "$M"
# shellcheck source=examples/two-gpus.sh disable=SC1091
. "$EXAMPLE"

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
echo "The example machine (tests/examples/two-gpus.sh, a fake sysfs tree), as vfio-binder list shows it:"
echo
if ! "$BIN" --root "$M" list >"$TMP/out" 2>"$TMP/err"; then
	cat "$TMP/err" >&2
	echo "demo: vfio-binder list failed" >&2
	status=1
fi
sed 's/^/  /' "$TMP/out"

show "the first RTX 3090, with its HDMI audio (same IOMMU group)" "01:00.0" 0
show "the second one, only if it still is a 10de:2204 (ID guard against bus renumbering)" "02:00.0@10de:2204" 0
show "the second one by where it sits, as list suggests: its path, with the ID guard" "00:01.1/00.0@10de:2204" 0
show "every GPU except the boot display" "gpus" 0
show "a typo (letter O for zero): nothing is bound this boot, the host keeps both cards" "01:00.0,O2:00.0" 2

echo
echo "'vfio-binder boot' writes vfio-pci into driver_override of each 'bind' function in the"
echo "initramfs, before udev loads any GPU driver; 'plan' shows the same decisions and writes nothing."
exit $status
