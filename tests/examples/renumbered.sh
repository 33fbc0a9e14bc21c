# shellcheck shell=sh
# Two identical cards, the first the boot display, after an NVMe drive
# appeared at 01:00.0: the cards moved from buses 01 and 02 to 02 and 03,
# and the command line still names the old address of the guest's card.
fake_fn 0000:00:00.0 - 8086 3e30 060000 0
fake_fn 0000:00:01.0 - 8086 1901 060400 4 pcieport
fake_fn 0000:01:00.0 0000:00:01.0 144d a808 010802 4 nvme
fake_fn 0000:00:03.0 - 8086 6f08 060400 1 pcieport
fake_fn 0000:02:00.0 0000:00:03.0 10de 2204 030000 1 nvidia
fake_boot_vga 0000:02:00.0
fake_fn 0000:02:00.1 0000:00:03.0 10de 1aef 040300 1 snd_hda_intel
fake_fn 0000:00:03.2 - 8086 6f0a 060400 2 pcieport
fake_fn 0000:03:00.0 0000:00:03.2 10de 2204 030000 2 nvidia
fake_fn 0000:03:00.1 0000:00:03.2 10de 1aef 040300 2 snd_hda_intel
fake_pci_ids
fake_cmdline 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3c2a1e ro quiet intel_iommu=on vfio.slots=01:00.0@10de:2204'
