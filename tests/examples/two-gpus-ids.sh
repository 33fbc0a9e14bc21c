# shellcheck shell=sh
# The quick start's machine with a Proxmox-guide vfio-pci ids= left in
# modprobe.d, which would take the host's identical card too.
# shellcheck source-path=SCRIPTDIR source=two-gpus-conf.sh
. "$EXAMPLES/two-gpus-conf.sh"
fake_modprobe etc/modprobe.d/vfio.conf 'options vfio-pci ids=10de:2204,10de:1aef'
