# shellcheck shell=sh
# The GPU driver held the second card's display when the binder ran (built
# into the kernel): the binder left the whole card with the host, whose
# audio driver took the card's audio later.
# shellcheck source-path=SCRIPTDIR source=two-gpus-conf.sh
. "$EXAMPLES/two-gpus-conf.sh"
fake_record '0000:02:00.0 nvidia kept-with-display|0000:02:00.1 - kept-with-display|'
