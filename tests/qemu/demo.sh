#!/bin/sh
# make demo (QEMU part): the twin-GPU machine booted twice from the same
# initramfs-tools image, once without and once with vfio.slots=, showing
# which driver took each PCI function and what vfio-binder logged.
# Needs root; restores / on exit.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=/dev/null
. "$HERE/lib.sh"

SLOTS=${VB_DEMO_SLOTS:-02:00.0}

vb_setup
echo "Building the test root and an initramfs with vfio-binder (about 1 minute)..."
vb_prepare >/dev/null
[ -z "$PREPARE_FAILED" ] || die "$PREPARE_FAILED"

without=$LOGS/demo-without.log
with=$LOGS/demo-with.log
echo "Booting two identical GPUs (1234:1111, each with an HDA function) without vfio.slots=,"
echo "and beside it with vfio.slots=$SLOTS, then starting a VM with each card..."
vb_boots_start
vb_boot_ready "$WORK/plain.img"
vb_boot_queue demo-without "$WORK/plain.img" twin ""
vb_boot_queue demo-with "$WORK/plain.img" twin "vfio.slots=$SLOTS vbtest.vm=0000:02:00.0,0000:01:00.0"
vb_boot_wait demo-without
vb_boot_wait demo-with
vb_boots_stop
for log in "$without" "$with"; do
	log_reached_root "$log" || die "the guest did not reach its root: see $log"
done

echo
printf '%-14s %-16s %s\n' "PCI function" "without" "with vfio.slots=$SLOTS"
for addr in $(log_functions "$with"); do
	printf '%-14s %-16s %s\n' "$addr" "$(log_driver "$without" "$addr")" "$(log_driver "$with" "$addr")"
done
echo
echo "vfio-binder's log (guest dmesg, with vfio.slots=$SLOTS):"
log_binder_lines "$with" | sed 's/^/  /'
runtime=$(log_binder_runtime "$with")
[ -z "$runtime" ] || echo "vfio-binder ran ${runtime} s (kmsg start to done), from init-top before udev."
echo
echo "A VM (QEMU inside the booted machine, -device vfio-pci,host=ADDR, paused) asked for its PCI devices:"
for addr in 0000:02:00.0 0000:01:00.0; do
	if [ "$(log_value "$with" "VM-EXIT $addr")" = 0 ]; then
		echo "  $addr: the VM holds it: $(log_text "$with" | sed -n "s/^VM-OUT $addr *\(Display controller: .*\)/\1/p" | head -n 1)"
	else
		echo "  $addr: refused: $(log_text "$with" | sed -n "s/^VM-OUT $addr .*\(vfio $addr: .*\)/\1/p" | head -n 1)"
	fi
done
