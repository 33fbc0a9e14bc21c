# shellcheck shell=sh
# The README's machine in use, for bind's refusals: /home mounted from a
# second NVMe disk, a VM's QEMU holding the second card's /dev/dri/card0, and
# a NIC enslaved to a bond.
# shellcheck source-path=SCRIPTDIR source=two-gpus-conf.sh
. "$EXAMPLES/two-gpus-conf.sh"
fake_fn 0000:00:1b.0 - 8086 a340 060400 7 pcieport
fake_fn 0000:03:00.0 0000:00:1b.0 144d a808 010802 7 nvme
fake_fn 0000:00:1c.0 - 8086 a338 060400 8 pcieport
fake_fn 0000:05:00.0 0000:00:1c.0 8086 1539 020000 8 igb
fake_pci_ids
fake_block sda 0000:00:17.0 8:0
fake_block sda2 0000:00:17.0 8:2
fake_block nvme1n1 0000:03:00.0 259:4
fake_block nvme1n1p1 0000:03:00.0 259:5
fake_mounts_noise
fake_mount 8:2 / /dev/sda2 ext4
fake_mount 259:5 /home /dev/nvme1n1p1 ext4
fake_drm card0 0000:02:00.0
fake_opener 812 qemu-system-x86 /dev/dri/card0
fake_net eno1 0000:00:1f.6
fake_route eno1
fake_net enp5s0 0000:05:00.0
fake_net bond0 -
fake_master bond0 enp5s0
