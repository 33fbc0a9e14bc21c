# shellcheck shell=sh
# shellcheck disable=SC2154 # root: the fake root lib.sh builds, set by the caller
# The README's example machine right after installation: the example
# configuration, which binds nothing until its slots line is edited.
# shellcheck source-path=SCRIPTDIR source=two-gpus.sh
. "$EXAMPLES/two-gpus.sh"
cp "$TOP/conf/vfio-binder.conf" "$root/etc/vfio-binder.conf"
fake_cmdline 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3c2a1e ro quiet intel_iommu=on'
