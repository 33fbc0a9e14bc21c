# shellcheck shell=sh
# The README's example machine with the second card chosen in
# /etc/vfio-binder.conf, as the quick start leaves it before the image is
# rebuilt: both cards still on their host drivers, no boot record.
# Sourced by tests/docs.sh after lib.sh, with EXAMPLES set.
# shellcheck source-path=SCRIPTDIR source=two-gpus.sh
. "$EXAMPLES/two-gpus.sh"
fake_conf '# written by the quick start
slots = 0000:02:00.0@10de:2204'
fake_cmdline 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3c2a1e ro quiet intel_iommu=on'
