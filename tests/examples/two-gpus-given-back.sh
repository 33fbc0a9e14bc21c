# shellcheck shell=sh
# Handed over at boot, then given back to the host with vfio-binder unbind.
# shellcheck source-path=SCRIPTDIR source=two-gpus-conf.sh
. "$EXAMPLES/two-gpus-conf.sh"
fake_record '0000:02:00.0 - handed-over|0000:02:00.1 - handed-over|'
