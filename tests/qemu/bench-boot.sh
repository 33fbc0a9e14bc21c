#!/bin/sh
# make bench-boot: boots the twin-GPU machine N times (default 10) with
# vfio-binder and N times with the naive after-udev baseline, both asked
# for the second card, and reports how often each won (both functions of
# that card on vfio-pci, the first card with the host) and the binder's
# run time from its own kmsg timestamps. Needs root; restores / on exit.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=/dev/null
. "$HERE/lib.sh"

RUNS=${VB_BENCH_RUNS:-10}
WIN="$CARD1_HOST $CARD2_VFIO"

vb_setup
vb_prepare naive
[ -z "$PREPARE_FAILED" ] || die "$PREPARE_FAILED"

# bench KIND IMAGE CMDLINE: prints "KIND: W of RUNS won" and, for the
# binder, the run times.
bench() {
	won=0
	times=
	i=1
	while [ "$i" -le "$RUNS" ]; do
		log=$LOGS/bench-$1-$i.log
		vb_boot "$log" "$2" twin "$3" || true
		if log_reached_root "$log" && [ -z "$(vb_mismatches "$log" "$WIN")" ]; then
			won=$((won + 1))
		fi
		t=$(log_binder_runtime "$log")
		[ -z "$t" ] || times="$times $t"
		i=$((i + 1))
	done
	echo "$1: $won of $RUNS boots won"
	if [ -n "$times" ]; then
		echo "$times" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk -v kind="$1" '
			{ t[NR] = $1; sum += $1 }
			END { printf "%s: run time (kmsg start to done) min %.3f s, median %.3f s, max %.3f s, mean %.3f s over %d boots\n",
				kind, t[1], t[int((NR + 1) / 2)], t[NR], sum / NR, NR }'
	fi
}

t0=$(now)
bench vfio-binder "$WORK/plain.img" "vfio.slots=02:00.0"
bench naive-after-udev "$WORK/naive.img" "naive.slots=0000:02:00.0,0000:02:00.1"
echo "# $((2 * RUNS)) boots: $(($(now) - t0)) s"
