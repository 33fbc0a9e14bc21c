# shellcheck shell=sh
# The quick start's machine after the reboot: the binder handed the second
# card to vfio-pci at boot and left its record.
# shellcheck source-path=SCRIPTDIR source=two-gpus-conf.sh
. "$EXAMPLES/two-gpus-conf.sh"
for f in 0000:02:00.0 0000:02:00.1; do
	fake_driver "$f" vfio-pci
	fake_set_override "$f" vfio-pci
done
fake_record '0000:02:00.0 - handed-over|0000:02:00.1 - handed-over|'
