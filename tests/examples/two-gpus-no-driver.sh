# shellcheck shell=sh
# The binder wrote the overrides at boot, but vfio-pci was missing from the
# image: the card has no driver.
# shellcheck source-path=SCRIPTDIR source=two-gpus-conf.sh
. "$EXAMPLES/two-gpus-conf.sh"
for f in 0000:02:00.0 0000:02:00.1; do
	fake_driver "$f" -
	fake_set_override "$f" vfio-pci
done
fake_record '0000:02:00.0 - handed-over|0000:02:00.1 - handed-over|'
