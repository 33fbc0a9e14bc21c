# shellcheck shell=sh
# shellcheck disable=SC2154 # root: the fake root lib.sh builds, set by the caller
# The quick start's machine booted with the IOMMU off: no IOMMU groups.
# shellcheck source-path=SCRIPTDIR source=two-gpus-conf.sh
. "$EXAMPLES/two-gpus-conf.sh"
for l in "$root"/sys/bus/pci/devices/*; do
	rm -f "$l/iommu_group"
done
fake_no_iommu
