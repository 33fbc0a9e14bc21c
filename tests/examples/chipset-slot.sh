# shellcheck shell=sh
# A card in a chipset slot: the chipset's root ports lack ACS, so the card
# shares IOMMU group 8 with the onboard I210 NIC that carries the default
# route. The conf names the card.
fake_fn 0000:00:00.0 - 8086 3e30 060000 0
fake_fn 0000:00:02.0 - 8086 3e92 030000 3 i915
fake_boot_vga 0000:00:02.0
fake_fn 0000:00:1c.0 - 8086 a338 060400 8 pcieport
fake_fn 0000:00:1c.4 - 8086 a33c 060400 8 pcieport
fake_fn 0000:03:00.0 0000:00:1c.0 8086 1539 020000 8 igb
fake_fn 0000:04:00.0 0000:00:1c.4 10de 2204 030000 8 nvidia
fake_fn 0000:04:00.1 0000:00:1c.4 10de 1aef 040300 8 snd_hda_intel
fake_net enp3s0 0000:03:00.0
fake_route enp3s0
fake_pci_ids
fake_conf 'slots = 04:00.0@10de:2204'
fake_cmdline 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3c2a1e ro quiet intel_iommu=on'
