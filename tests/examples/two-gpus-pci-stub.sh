# shellcheck shell=sh
# An older guide's pci-stub.ids=10de:2204,10de:1aef took both cards by ID.
# shellcheck source-path=SCRIPTDIR source=two-gpus-conf.sh
. "$EXAMPLES/two-gpus-conf.sh"
for f in 0000:01:00.0 0000:01:00.1 0000:02:00.0 0000:02:00.1; do
	fake_driver "$f" pci-stub
done
fake_record ''
