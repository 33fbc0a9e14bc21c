# shellcheck shell=sh
# The chipset-slot machine with the onboard NIC added to the conf, to pass
# the whole IOMMU group: but the NIC carries the default route.
# shellcheck source-path=SCRIPTDIR source=chipset-slot.sh
. "$EXAMPLES/chipset-slot.sh"
fake_conf 'slots = 04:00.0@10de:2204,03:00.0'
