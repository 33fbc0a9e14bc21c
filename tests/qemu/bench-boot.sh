#!/bin/sh
# make bench-boot: boots the twin-GPU machine N times (default 10) with
# each build of vfio-binder (musl, and klibc chosen by VFIO_BINDER_LIBC)
# and N times with the naive after-udev baseline, in turns, all asked for
# the second card, and reports how often each won (both functions of that
# card on vfio-pci, the first card with the host), the binder's run time
# from its own kmsg timestamps, and the size of each stripped binary. Needs
# root; restores / on exit.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=/dev/null
. "$HERE/lib.sh"

RUNS=${VB_BENCH_RUNS:-10}
WIN="$CARD1_HOST $CARD2_VFIO"

vb_setup
vb_prepare naive
[ -z "$PREPARE_FAILED" ] || die "$PREPARE_FAILED"

# The klibc build's image, from the same hooks with VFIO_BINDER_LIBC=klibc
vb_timed "mkinitramfs klibc.img" vb_mkinitramfs "$WORK/klibc.img" klibc ||
	die "mkinitramfs klibc.img failed: see $LOGS/klibc.img.build.log"
for f in /usr/libexec/vfio-binder/vfio-binder /usr/libexec/vfio-binder/vfio-binder-klibc; do
	echo "# $f: $(wc -c <"$f") bytes stripped"
done

# boot_once KIND IMAGE CMDLINE I: boot I of KIND; appends 1 (won) or 0 to
# $LOGS/bench-KIND.won and the binder's run time to $LOGS/bench-KIND.times
boot_once() {
	log=$LOGS/bench-$1-$4.log
	vb_boot "$log" "$2" twin "$3" || true
	if log_reached_root "$log" && [ -z "$(vb_mismatches "$log" "$WIN")" ]; then
		echo 1
	else
		echo 0
	fi >>"$LOGS/bench-$1.won"
	t=$(log_binder_runtime "$log")
	[ -z "$t" ] || echo "$t" >>"$LOGS/bench-$1.times"
}

# report KIND: "KIND: W of RUNS won" and, for the binder, the run times
report() {
	echo "$1: $(grep -c 1 "$LOGS/bench-$1.won") of $RUNS boots won"
	[ -s "$LOGS/bench-$1.times" ] || return 0
	sort -n "$LOGS/bench-$1.times" | awk -v kind="$1" '
		{ t[NR] = $1; sum += $1 }
		END { printf "%s: run time (kmsg start to done) min %.3f s, median %.3f s, max %.3f s, mean %.3f s over %d boots\n",
			kind, t[1], t[int((NR + 1) / 2)], t[NR], sum / NR, NR }'
}

# The three kinds take turns, so that the machine's load falls on each alike.
KINDS="vfio-binder vfio-binder-klibc naive-after-udev"
for k in $KINDS; do rm -f "$LOGS/bench-$k.won" "$LOGS/bench-$k.times"; done
t0=$(now)
i=1
while [ "$i" -le "$RUNS" ]; do
	boot_once vfio-binder "$WORK/plain.img" "vfio.slots=02:00.0" "$i"
	boot_once vfio-binder-klibc "$WORK/klibc.img" "vfio.slots=02:00.0" "$i"
	boot_once naive-after-udev "$WORK/naive.img" "naive.slots=0000:02:00.0,0000:02:00.1" "$i"
	i=$((i + 1))
done
for k in $KINDS; do report "$k"; done
echo "# $((3 * RUNS)) boots: $(($(now) - t0)) s"
