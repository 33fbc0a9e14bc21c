# shellcheck shell=sh
# The GPU driver held the display function when the binder ran, and the
# record is an older binder's (no action): it reads as left by boot.
# shellcheck source-path=SCRIPTDIR source=two-gpus-conf.sh
. "$EXAMPLES/two-gpus-conf.sh"
fake_set_override 0000:02:00.0 vfio-pci
fake_driver 0000:02:00.1 vfio-pci
fake_set_override 0000:02:00.1 vfio-pci
fake_record '0000:02:00.0 nvidia|0000:02:00.1 -|'
