# shellcheck shell=sh
# A boot record that does not parse: status tells nothing from it.
# shellcheck source-path=SCRIPTDIR source=two-gpus-conf.sh
. "$EXAMPLES/two-gpus-conf.sh"
fake_record '0000:02:00.0 - handed-over|not a line|'
