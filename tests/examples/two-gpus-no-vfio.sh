# shellcheck shell=sh
# The card's audio driver held its audio function at boot and vfio-pci was
# missing from the image: the binder kept the audio on its driver.
# shellcheck source-path=SCRIPTDIR source=two-gpus-conf.sh
. "$EXAMPLES/two-gpus-conf.sh"
fake_driver 0000:02:00.0 -
fake_set_override 0000:02:00.0 vfio-pci
fake_set_override 0000:02:00.1 vfio-pci
fake_record '0000:02:00.0 - handed-over|0000:02:00.1 snd_hda_intel kept-no-vfio-pci|'
