# shellcheck shell=sh
# The GPU driver held the second card's display when the binder ran (built
# into the kernel): the binder left it and handed over the audio function.
# shellcheck source-path=SCRIPTDIR source=two-gpus-conf.sh
. "$EXAMPLES/two-gpus-conf.sh"
fake_set_override 0000:02:00.0 vfio-pci
fake_driver 0000:02:00.1 vfio-pci
fake_set_override 0000:02:00.1 vfio-pci
fake_record '0000:02:00.0 nvidia|0000:02:00.1 -|'
