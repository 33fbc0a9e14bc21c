# shellcheck shell=sh
# An example machine for `make demo` (tests/demo-plan.sh): a desktop whose
# Intel iGPU is the boot display, with two identical RTX 3090 cards (VGA and
# HDMI audio), each behind its own CPU root port, and the usual chipset devices.
# Source tests/sysfs/lib.sh first, then: fake_root DIR; . this file.
#
# fake_fn ADDR PARENT VENDOR DEVICE CLASS IOMMU-GROUP [DRIVER]; describe gives
# the name the demo's listing shows.
command -v describe >/dev/null 2>&1 || describe() { :; }

fake_fn 0000:00:00.0 - 8086 3e30 060000 0
describe 0000:00:00.0 "Intel host bridge"
fake_fn 0000:00:01.0 - 8086 1901 060400 1 pcieport
describe 0000:00:01.0 "Intel PCIe root port x16"
fake_fn 0000:00:01.1 - 8086 1905 060400 2 pcieport
describe 0000:00:01.1 "Intel PCIe root port x8"
fake_fn 0000:00:02.0 - 8086 3e92 030000 3
describe 0000:00:02.0 "Intel UHD Graphics 630"
fake_boot_vga 0000:00:02.0
fake_fn 0000:00:14.0 - 8086 a36d 0c0330 4 xhci_hcd
describe 0000:00:14.0 "Intel chipset USB xHCI"
fake_fn 0000:00:17.0 - 8086 a352 010601 5 ahci
describe 0000:00:17.0 "Intel chipset SATA"
fake_fn 0000:00:1f.6 - 8086 15bc 020000 6 e1000e
describe 0000:00:1f.6 "Intel I219-V Ethernet"
fake_fn 0000:01:00.0 0000:00:01.0 10de 2204 030000 1
describe 0000:01:00.0 "NVIDIA RTX 3090"
fake_fn 0000:01:00.1 0000:00:01.0 10de 1aef 040300 1
describe 0000:01:00.1 "NVIDIA RTX 3090 HDMI audio"
fake_fn 0000:02:00.0 0000:00:01.1 10de 2204 030000 2
describe 0000:02:00.0 "NVIDIA RTX 3090"
fake_fn 0000:02:00.1 0000:00:01.1 10de 1aef 040300 2
describe 0000:02:00.1 "NVIDIA RTX 3090 HDMI audio"
