#!/bin/sh
# Measures `plan` on fake machines of 64 and 4096 functions (16 and 1024 IOMMU
# groups: a root port, VGA, HDMI audio and USB per group) for one explicit
# address and for `gpus`: median wall time of 21 runs and the number of system
# calls. Checks that an explicit address costs the same number of system calls
# on both machines, and that the stripped binary is under 160 KiB
# (BENCH_SIZE_LIMIT bytes for another budget: 64 KiB for the klibc build).
#   sh tests/bench.sh BINARY
set -u

# shellcheck source-path=SCRIPTDIR source=harness.sh disable=SC1091
. "$(dirname "$0")/harness.sh"
harness_binary "$@"
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=sysfs/lib.sh disable=SC1091
. "$HERE/sysfs/lib.sh"

RUNS=21
SIZE_LIMIT=${BENCH_SIZE_LIMIT:-163840}
ADDR=0000:05:00.0

harness_tmpdir bench

failed=0
verdict() { # verdict PASS|FAIL TEXT
	printf '%s %s\n' "$1" "$2"
	if [ "$1" = FAIL ]; then failed=$((failed + 1)); fi
}

# machine_lines GROUPS: fake_fn lines of GROUPS groups, 128 per PCI domain; each
# group is a root port DDDD:00:DD.F and a card on its own bus below it. The first
# card is the boot display.
machine_lines() {
	awk -v groups="$1" 'BEGIN {
		for (i = 0; i < groups; i++) {
			d = sprintf("%04x", int(i / 128)); k = i % 128
			rp = sprintf("%s:00:%02x.%x", d, 1 + int(k / 8), k % 8)
			card = sprintf("%s:%02x:00", d, k + 1)
			print rp, "-", "8086", "1901", "060400", i, "pcieport"
			print card ".0", rp, "10de", "1e84", "030000", i
			print card ".1", rp, "10de", "10f8", "040300", i
			print card ".2", rp, "10de", "1ad8", "0c0330", i, "xhci_hcd"
		}
	}'
}

# build DIR GROUPS
build() {
	fake_root "$1"
	machine_lines "$2" | fake_bulk || exit 1
	fake_boot_vga 0000:01:00.0
	printf 'BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1 ro quiet\n' >"$1/proc/cmdline"
}

# a tree as text: every path with its type, link target and content
snapshot() {
	(cd "$1" && find . -printf '%p %y %l\n' | LC_ALL=C sort && find . -type f | LC_ALL=C sort | while read -r f; do
		printf '%s: %s\n' "$f" "$(cat "$f")"
	done)
}

now_ns() {
	date +%s%N
}

# median_ms COMMAND...: median wall time of RUNS runs, in milliseconds (start-up
# of the command and of one date(1) included: see the start-up row)
median_ms() {
	i=0
	while [ $i -lt $RUNS ]; do
		t0=$(now_ns)
		"$@" >/dev/null 2>&1
		t1=$(now_ns)
		echo $((t1 - t0))
		i=$((i + 1))
	done | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] / 1e6 }'
}

# syscalls ARGS...: system calls of one run of plan (strace -f -c total)
syscalls() {
	if ! strace -f -c -o "$TMP/count" "$BIN" "$@" plan >/dev/null 2>&1; then
		echo "?"
		return
	fi
	awk '$NF == "total" { print $4 }' "$TMP/count"
}

# binds ARGS...: bind lines of plan
binds() {
	"$BIN" "$@" plan 2>/dev/null | grep -c '^bind '
}

echo "building the fake machines..."
build "$TMP/m64" 16
build "$TMP/m4096" 1024
n64=$(find "$TMP/m64/sys/bus/pci/devices" -type l | wc -l)
n4096=$(find "$TMP/m4096/sys/bus/pci/devices" -type l | wc -l)
g4096=$(find "$TMP/m4096/sys/kernel/iommu_groups" -mindepth 1 -maxdepth 1 | wc -l)

# fake_bulk must build what fake_fn builds
if fake_root "$TMP/slow" && machine_lines 16 | while read -r line; do
	# shellcheck disable=SC2086 # a line is the words of one fake_fn call
	fake_fn $line
done && fake_boot_vga 0000:01:00.0 &&
	printf 'BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1 ro quiet\n' >"$TMP/slow/proc/cmdline" &&
	snapshot "$TMP/slow" >"$TMP/slow.txt" && snapshot "$TMP/m64" >"$TMP/bulk.txt" &&
	cmp -s "$TMP/slow.txt" "$TMP/bulk.txt"; then
	verdict PASS "the 64-function machine built by fake_bulk is the same tree as built by fake_fn"
else
	verdict FAIL "fake_bulk and fake_fn build different trees: $(diff "$TMP/slow.txt" "$TMP/bulk.txt" | head -5 | tr '\n' ' ')"
fi

# the cost of starting the binary and timing it: `BINARY --help`
base=$(median_ms "$BIN" --help)
echo
printf '%-10s %-26s %10s %10s %10s %8s\n' machine command "median ms" "minus start" syscalls binds
printf '%-10s %-26s %10s %10s %10s %8s\n' - "(start-up: --help)" "$base" - - -
for m in 64 4096; do
	for what in explicit gpus; do
		case $what in
		explicit) slots=$ADDR label="vfio.slots=$ADDR" ;;
		gpus) slots=gpus label="vfio.slots=gpus" ;;
		esac
		set -- --root "$TMP/m$m" --cmdline "vfio.slots=$slots"
		ms=$(median_ms "$BIN" "$@" plan)
		net=$(awk -v a="$ms" -v b="$base" 'BEGIN { printf "%.2f", a - b }')
		sc=$(syscalls "$@")
		nb=$(binds "$@")
		eval "sc_${what}_$m=\$sc nb_${what}_$m=\$nb"
		printf '%-10s %-26s %10s %10s %10s %8s\n' "$m fns" "$label" "$ms" "$net" "$sc" "$nb"
	done
done
echo "(machines: $n64 and $n4096 functions; $g4096 IOMMU groups in the large one; $RUNS runs each)"
echo

# shellcheck disable=SC2154 # set by eval above
if [ "$nb_explicit_64" = 3 ] && [ "$nb_explicit_4096" = 3 ] &&
	[ "$nb_gpus_64" = $((15 * 3)) ] && [ "$nb_gpus_4096" = $((1023 * 3)) ]; then
	verdict PASS "plans bind what they should (3 functions for the address; 3 per card but the boot display for gpus)"
else
	verdict FAIL "unexpected plans: explicit $nb_explicit_64 and $nb_explicit_4096, gpus $nb_gpus_64 and $nb_gpus_4096 bind lines"
fi
# shellcheck disable=SC2154
if [ "$sc_explicit_64" != "?" ] && [ "$sc_explicit_64" = "$sc_explicit_4096" ]; then
	verdict PASS "explicit address: $sc_explicit_64 system calls on 64 and on 4096 functions"
else
	verdict FAIL "explicit address: $sc_explicit_64 system calls on 64 functions, $sc_explicit_4096 on 4096"
fi

cp "$BIN" "$TMP/stripped"
strip "$TMP/stripped" 2>/dev/null || true
size=$(stat -c %s "$TMP/stripped")
kind=static
if command -v readelf >/dev/null && readelf -l "$TMP/stripped" 2>/dev/null | grep -q 'program interpreter'; then
	kind=dynamic
fi
if [ "$size" -lt "$SIZE_LIMIT" ] && [ "$kind" = static ]; then
	verdict PASS "stripped binary: $size bytes ($((size / 1024)) KiB, $kind), under $((SIZE_LIMIT / 1024)) KiB"
else
	verdict FAIL "stripped binary: $size bytes ($((size / 1024)) KiB, $kind), want static and under $((SIZE_LIMIT / 1024)) KiB"
fi
[ "$failed" -eq 0 ]
