#!/bin/sh
# Measures the host tool's `check` on a fake host with 64 block devices: 64
# NVMe disks on their own controllers, each holding an ext4 image, / on the
# first, and an fstab whose /boot is named by a UUID on the last, so that
# libblkid identifies every device. Prints the median wall time of 11 runs,
# the system calls and the bytes read from the devices, and fails when the
# median is 1 s or more or check does not find the /boot disk.
#   sh tests/bench-check.sh HOST-TOOL
set -u

# shellcheck source-path=SCRIPTDIR source=harness.sh disable=SC1091
. "$(dirname "$0")/harness.sh"
harness_binary "$@"
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=sysfs/lib.sh disable=SC1091
. "$HERE/sysfs/lib.sh"

RUNS=11
DISKS=64
LIMIT_MS=1000

harness_tmpdir bench-check

for tool in mkfs.ext4 strace; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "bench-check: $tool is not installed (make deps)" >&2
		exit 1
	}
done

M=$TMP/host
fake_root "$M"
mkdir -p "$M/dev"
i=0
while [ "$i" -lt "$DISKS" ]; do
	bus=$(printf '%02x' $((i + 1)))
	fake_fn "0000:$bus:00.0" - 144d a80a 010802 $((i + 1)) nvme || exit 1
	fake_block "nvme${i}n1" "0000:$bus:00.0" "259:$i" || exit 1
	truncate -s 4M "$M/dev/nvme${i}n1"
	mkfs.ext4 -q -F -U "$(printf '00000000-0000-4000-8000-%012d' "$i")" "$M/dev/nvme${i}n1" || exit 1
	i=$((i + 1))
done
fake_mount 259:0 / /dev/nvme0n1 ext4
last=$((DISKS - 1))
mkdir -p "$M/etc"
printf 'UUID=00000000-0000-4000-8000-%012d /boot ext4 defaults 0 2\n' "$last" >"$M/etc/fstab"
printf 'BOOT_IMAGE=/boot/vmlinuz ro quiet\n' >"$M/proc/cmdline"
last_bus=$(printf '%02x' "$DISKS")

# the verdict first: check must have traced /boot to the last disk's controller
out=$("$BIN" --root "$M" --cmdline "vfio.slots=$last_bus:00.0" check 2>&1)
case $out in
*"needs for /boot in /etc/fstab (nvme${last}n1)"*) ;;
*)
	echo "FAIL check did not trace /boot to the last disk: $out"
	exit 1
	;;
esac

times=$TMP/times
: >"$times"
n=0
while [ "$n" -lt "$RUNS" ]; do
	t0=$(date +%s%N)
	"$BIN" --root "$M" --cmdline 'vfio.slots=off' check >/dev/null 2>&1
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000)) >>"$times"
	n=$((n + 1))
done
median=$(sort -n "$times" | sed -n "$(((RUNS + 1) / 2))p")

strace -f -qq -o "$TMP/trace" -e trace=all "$BIN" --root "$M" --cmdline 'vfio.slots=off' check >/dev/null 2>&1
calls=$(wc -l <"$TMP/trace")
# bytes read from the device images: every read and pread64 on a descriptor opened from dev/
bytes=$(strace -f -qq -y -o "$TMP/reads" -e trace=read,pread64 "$BIN" --root "$M" --cmdline 'vfio.slots=off' \
	check >/dev/null 2>&1; grep "</dev/\|$M/dev/" "$TMP/reads" | sed -n 's/.*= \([0-9][0-9]*\)$/\1/p' |
	awk '{ s += $1 } END { print s + 0 }')

printf 'check on %d block devices: median %d ms of %d runs, %d system calls, %d bytes read from the devices (%d per device)\n' \
	"$DISKS" "$median" "$RUNS" "$calls" "$bytes" $((bytes / DISKS))
if [ "$median" -lt "$LIMIT_MS" ]; then
	echo "ok check on $DISKS block devices under $LIMIT_MS ms"
else
	echo "FAIL check on $DISKS block devices took $median ms, the limit is $LIMIT_MS ms"
	exit 1
fi
