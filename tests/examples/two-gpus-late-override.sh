# shellcheck shell=sh
# An after-udev script wrote the overrides once the host drivers had the
# card; the image lacks the binder (no boot record).
# shellcheck source-path=SCRIPTDIR source=two-gpus-conf.sh
. "$EXAMPLES/two-gpus-conf.sh"
fake_set_override 0000:02:00.0 vfio-pci
fake_set_override 0000:02:00.1 vfio-pci
