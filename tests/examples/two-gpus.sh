# shellcheck shell=sh
# The example machine of README.md and `make demo-plan` (tests/demo-plan.sh): a
# desktop whose Intel iGPU is the boot display, with two identical RTX 3090
# cards (VGA and HDMI audio), each behind its own CPU root port and in a
# physical slot the firmware names, the usual chipset devices, drivers bound as
# on the running host, and a PCI ID database (the excerpt tests/sysfs/pci.ids).
# Source tests/sysfs/lib.sh first and set PCI_IDS_FIXTURE, then: fake_root
# DIR; . this file.
#
# fake_fn ADDR PARENT VENDOR DEVICE CLASS IOMMU-GROUP [DRIVER]
fake_fn 0000:00:00.0 - 8086 3e30 060000 0
fake_fn 0000:00:01.0 - 8086 1901 060400 1 pcieport
fake_fn 0000:00:01.1 - 8086 1905 060400 2 pcieport
fake_fn 0000:00:02.0 - 8086 3e92 030000 3 i915
fake_boot_vga 0000:00:02.0
fake_fn 0000:00:14.0 - 8086 a36d 0c0330 4 xhci_hcd
fake_fn 0000:00:17.0 - 8086 a352 010601 5 ahci
fake_fn 0000:00:1f.6 - 8086 15bc 020000 6 e1000e
fake_fn 0000:01:00.0 0000:00:01.0 10de 2204 030000 1 nvidia
fake_fn 0000:01:00.1 0000:00:01.0 10de 1aef 040300 1 snd_hda_intel
fake_fn 0000:02:00.0 0000:00:01.1 10de 2204 030000 2 nvidia
fake_fn 0000:02:00.1 0000:00:01.1 10de 1aef 040300 2 snd_hda_intel
fake_slot 1 0000:01:00
fake_slot 2 0000:02:00
fake_pci_ids
