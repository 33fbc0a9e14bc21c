# shellcheck shell=sh
# The conf names the second card, but the image was built with an older
# conf that named the first: the binder ran and handed that one over.
# shellcheck source-path=SCRIPTDIR source=two-gpus-conf.sh
. "$EXAMPLES/two-gpus-conf.sh"
for f in 0000:01:00.0 0000:01:00.1; do
	fake_driver "$f" vfio-pci
	fake_set_override "$f" vfio-pci
done
fake_record '0000:01:00.0 - handed-over|0000:01:00.1 - handed-over|'
