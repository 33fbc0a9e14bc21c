#!/bin/sh
# Fault injection: the shipped binary's `boot` against fake roots broken the
# ways a machine, its sysfs or its configuration can be. For every fault:
# boot exits 0 and never hangs; no function outside the accepted items gets
# an override; an item is all or nothing (if one of its overrides cannot be
# written, those already written are put back and the item is reported);
# the log says what happened. Each case prints the binder's own words
# ("# binder: ...") for the fault table.
#   sh tests/faults/run.sh BINARY
# POSIX sh; needs strace (every boot runs with module insertion intercepted,
# so nothing can reach the running kernel). As root it also boots the binary
# without --root in a chroot (the initramfs mode: /dev/kmsg) and makes files
# immutable with chattr; those cases are skipped otherwise.
set -u

# shellcheck source-path=SCRIPTDIR source=../harness.sh disable=SC1091
. "$(dirname "$0")/../harness.sh"
harness_binary "$@"
harness_module_guard
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../sysfs/lib.sh disable=SC1091
. "$HERE/../sysfs/lib.sh"

IMMUTABLE= # a file made immutable, released before removing
BG=        # a background helper still running
release() {
	[ -z "$BG" ] || kill "$BG" 2>/dev/null
	[ -z "$IMMUTABLE" ] || chattr -i "$IMMUTABLE" 2>/dev/null
}
harness_tmpdir faults release
# M: the machine under test, a new one for every case (machine)
ERR=$TMP/stderr
TRACE=$TMP/modules.trace
RELEASE=$(uname -r)
BOOT_TIMEOUT=${BOOT_TIMEOUT:-20}

# said: the errors and warnings of the last boot, for the fault table
said() {
	grep -E 'error:|warning:' "$ERR" | grep -vE 'no driver bound after the probe|done in' | head -n 3 |
		sed 's/^/#   binder: /'
}

# kernel_modules: the running kernel's modules, to compare before and after a run
kernel_modules() {
	if [ -r /proc/modules ]; then cut -d' ' -f1 /proc/modules | sort; fi
}

# --- the machine: two identical NVIDIA cards (the second the boot display), an
# AMD card, each behind its own root port with its own IOMMU group, PCH devices;
# new for every case, in a directory of its own
machine() {
	new_machine build_machine
}

build_machine() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 3e30 060000 0
	fake_fn 0000:00:01.0 - 8086 1901 060400 1 pcieport
	fake_fn 0000:00:01.1 - 8086 1905 060400 2 pcieport
	fake_fn 0000:00:01.2 - 8086 1909 060400 7 pcieport
	fake_fn 0000:01:00.0 0000:00:01.0 10de 2204 030000 1
	fake_fn 0000:01:00.1 0000:00:01.0 10de 1aef 040300 1
	fake_fn 0000:02:00.0 0000:00:01.1 10de 2204 030000 2
	fake_fn 0000:02:00.1 0000:00:01.1 10de 1aef 040300 2
	fake_fn 0000:03:00.0 0000:00:01.2 1002 73bf 030000 7
	fake_fn 0000:03:00.1 0000:00:01.2 1002 ab28 040300 7
	fake_fn 0000:00:14.0 - 8086 a36d 0c0330 3 xhci_hcd
	fake_fn 0000:00:1f.6 - 8086 15bc 020000 6 e1000e
	fake_boot_vga 0000:02:00.0
	printf 'BOOT_IMAGE=/boot/vmlinuz-%s root=UUID=4f0c ro quiet intel_iommu=on\n' "$RELEASE" >"$M/proc/cmdline"
}

# dir ADDR: a function's directory in the fake tree
dir() {
	_fake_dir "$1"
}

# --- running boot

# run_boot COMMAND...: runs COMMAND (a boot) with a time limit and with module
# insertion intercepted by strace (answered ENOEXEC, never executed); sets rc,
# inserts (insertion attempts) and escaped (insertions that were not
# intercepted, or a change in the kernel's module list: must stay 0).
# Its stderr goes to $ERR, or to $ERR_TO when set.
run_boot() {
	before=$(kernel_modules)
	: >"$ERR"
	timeout "$BOOT_TIMEOUT" strace -f -qq --seccomp-bpf -o "$TRACE" -e trace=init_module,finit_module \
		-e inject=init_module,finit_module:error=ENOEXEC "$@" >/dev/null 2>"${ERR_TO:-$ERR}" </dev/null
	rc=$?
	inserts=$(grep -c 'init_module(' "$TRACE" 2>/dev/null)
	escaped=$(grep 'init_module(' "$TRACE" 2>/dev/null | grep -vc INJECTED)
	after=$(kernel_modules)
	[ "$before" = "$after" ] || escaped=$((escaped + 1))
}

# $OWN_SYSMODULE DIR COMMAND...: COMMAND in a mount namespace of its own whose
# /sys/module is DIR, the fake root's: libkmod (the musl build) reads the
# running kernel's /sys/module whatever --root says (the klibc build reads the
# root's), and no result may depend on what the machine running the tests has
# loaded. A script, so that run_boot can run it under strace.
OWN_SYSMODULE=$TMP/own-sysmodule
printf '#!/bin/sh\nexec unshare -m --propagation private sh -c %s sh "$@"\n' \
	"'mount --bind \"\$1\" /sys/module && shift && exec \"\$@\"'" >"$OWN_SYSMODULE"
chmod +x "$OWN_SYSMODULE"

# boot_ok NAME "ADDR..." [ARGS...]: boot --root, then check_result
boot_ok() {
	name=$1 want=$2
	shift 2
	run_boot "$BIN" --root "$M" "$@" boot
	check_result "$name" "$want"
}

# check_result NAME "ADDR..." [LOG]: the last boot exited 0 within the time
# limit, the listed functions carry vfio-pci and every other one has no
# override (the kernel's "(null)", or empty after being put back): every
# function's directory below sys/devices counts, whatever the bus links say.
# Then NAME/logged: LOG ($ERR by default, "-" for none) has a "bind" line
# for each listed function and a done line, which says that nothing was
# bound when none is listed.
check_result() {
	name=$1 want=$2 log=${3:-$ERR}
	bad=
	find "$M/sys/devices" -name driver_override >"$TMP/overrides"
	while IFS= read -r o; do
		[ -f "$o" ] || continue # not a file (a directory, a FIFO): nothing written there
		a=${o%/driver_override}
		a=${a##*/}
		got=$(cat "$o" 2>/dev/null)
		case " $want " in
		*" $a "*) [ "$got" = vfio-pci ] || bad="$bad $a='$got' (expected vfio-pci)" ;;
		*) case $got in '(null)' | '') ;; *) bad="$bad $a='$got' (expected none)" ;; esac ;;
		esac
	done <"$TMP/overrides"
	if [ "$rc" = 124 ]; then
		fail "$name" "boot hung: killed after ${BOOT_TIMEOUT}s (stderr: $(oneline "$ERR"))"
	elif [ "$rc" != 0 ]; then
		fail "$name" "boot exit code: expected 0, got $rc (stderr: $(oneline "$ERR"))"
	elif [ "$escaped" != 0 ]; then
		fail "$name" "a module insertion was not intercepted, or the kernel's module list changed"
	elif [ -n "$bad" ]; then
		fail "$name" "driver_override:$bad (stderr: $(oneline "$ERR"))"
	else
		pass "$name"
	fi
	[ "$log" = - ] || logged "$name/logged" "$want" "$log"
	said
}

# logged NAME "ADDR..." LOG: LOG has a "bind" line naming each ADDR and a done
# line, which says that nothing was bound when there is no ADDR
logged() {
	detail=
	for a in $2; do
		grep ': bind ' "$3" | grep -qF " $a [" || detail="$detail no bind line with $a;"
	done
	case $2 in
	'') last='done in [0-9]+ ms: (.*, )?nothing (bound this boot|to bind)' ;;
	*) last='done in [0-9]+ ms: [0-9]+ of [0-9]+ functions on vfio-pci' ;;
	esac
	grep -qE "vfio-binder: ((warning|error): )?$last\$" "$3" || detail="$detail no line '$last';"
	check "$1" "${detail:+$detail log: $(oneline "$3")}"
}

# rolled_back NAME ADDR: ADDR has no override (never written, or put back)
rolled_back() {
	got=$(cat "$(dir "$2")/driver_override")
	case $got in
	'(null)' | '') pass "$1" ;;
	*) fail "$1" "$2's driver_override is '$got', expected none" ;;
	esac
}

# --- faults

echo "# overrides that cannot be written"
machine
d=$(dir 0000:01:00.1)
if chattr +i "$d/driver_override" 2>/dev/null; then
	IMMUTABLE=$d/driver_override
	boot_ok write/immutable-second "0000:03:00.0 0000:03:00.1" --cmdline "vfio.slots=01:00.0,03:00.0"
	err_has write/immutable-second/named "cannot write driver_override of 0000:01:00.1"
	err_has write/immutable-second/unbound "left unbound"
	# 01:00.0 was written first: it must have been put back
	rolled_back write/immutable-second/rolled-back 0000:01:00.0
	chattr -i "$d/driver_override"
	IMMUTABLE=

	machine
	fake_set_override 0000:01:00.0 nouveau
	d=$(dir 0000:01:00.1)
	chattr +i "$d/driver_override"
	IMMUTABLE=$d/driver_override
	run_boot "$BIN" --root "$M" --cmdline "vfio.slots=01:00.0" boot
	got=$(cat "$(dir 0000:01:00.0)/driver_override")
	if [ "$rc" = 0 ] && [ "$got" = nouveau ]; then
		pass write/immutable-restores-previous
	else
		fail write/immutable-restores-previous "0000:01:00.0's override is '$got', expected nouveau back (rc $rc)"
	fi
	said
	err_has write/immutable-restores-previous/named "cannot write driver_override of 0000:01:00.1"
	chattr -i "$d/driver_override"
	IMMUTABLE=

	machine
	d=$(dir 0000:01:00.0)
	chattr +i "$d/driver_override"
	IMMUTABLE=$d/driver_override
	boot_ok write/immutable-first "0000:03:00.0 0000:03:00.1" --cmdline "vfio.slots=01:00.0,03:00.0"
	err_has write/immutable-first/named "cannot write driver_override of 0000:01:00.0"
	chattr -i "$d/driver_override"
	IMMUTABLE=
else
	skip write/immutable "chattr +i is not possible here (not root, or the file system has no immutable flag)"
fi

machine
d=$(dir 0000:01:00.1)
rm "$d/driver_override" && mkdir "$d/driver_override"
boot_ok write/directory "0000:03:00.0 0000:03:00.1" --cmdline "vfio.slots=01:00.0,03:00.0"
err_has write/directory/named "0000:01:00.1"

machine
d=$(dir 0000:01:00.1)
rm "$d/driver_override" && ln -s "$(dir 0000:02:00.1)/driver_override" "$d/driver_override"
boot_ok write/symlink-to-other-function "0000:03:00.0 0000:03:00.1" --cmdline "vfio.slots=01:00.0,03:00.0"
rolled_back write/symlink-not-followed 0000:02:00.1

machine
rm -f "$M/sys/bus/pci/drivers_probe"
boot_ok write/no-drivers-probe "0000:01:00.0 0000:01:00.1" --cmdline "vfio.slots=01:00.0"

echo "# devices that go away"
machine
rm "$M/sys/bus/pci/devices/0000:01:00.1"
ln -s ../../../devices/pci0000:00/0000:00:01.0/0000:01:00.1-gone "$M/sys/bus/pci/devices/0000:01:00.1"
boot_ok vanish/companion-link-dangling "0000:03:00.0 0000:03:00.1" --cmdline "vfio.slots=01:00.0,03:00.0"
err_has vanish/companion-link-dangling/named "0000:01:00.1"

machine
rm "$M/sys/bus/pci/devices/0000:01:00.0"
ln -s ../../../devices/pci0000:00/0000:00:01.0/0000:01:00.0-gone "$M/sys/bus/pci/devices/0000:01:00.0"
boot_ok vanish/chosen-link-dangling "0000:03:00.0 0000:03:00.1" --cmdline "vfio.slots=01:00.0,03:00.0"
err_has vanish/chosen-link-dangling/named "0000:01:00.0"

# Removed between decision and action: 01:00.1's driver_override is a FIFO.
# While boot reads it (deciding), the helper removes the device the way the
# kernel does (directory, bus link, group link), then answers "(null)". Boot
# then writes 01:00.0 (which works) and 01:00.1 (which is gone).
machine
d=$(dir 0000:01:00.1)
rm "$d/driver_override" && mkfifo "$d/driver_override"
# shellcheck disable=SC2016 # $1..$3 are the inner shell's arguments
timeout "$BOOT_TIMEOUT" sh -c '{ rm -rf "$1" "$2" "$3"; printf "(null)\n"; } >"$1/driver_override"' sh \
	"$d" "$M/sys/bus/pci/devices/0000:01:00.1" "$M/sys/kernel/iommu_groups/1/devices/0000:01:00.1" &
BG=$!
boot_ok vanish/between-decision-and-action "0000:03:00.0 0000:03:00.1" --cmdline "vfio.slots=01:00.0,03:00.0"
wait "$BG" 2>/dev/null
BG=
err_has vanish/between-decision-and-action/named "cannot write driver_override of 0000:01:00.1"
rolled_back vanish/between-decision-and-action/rolled-back 0000:01:00.0

echo "# module loading"
# vfio, vfio_iommu_type1 and vfio-pci in ROOT/lib/modules/RELEASE, indexed by
# depmod but not kernel modules: every insertion is answered ENOEXEC by strace
fake_modules() {
	md=$M/lib/modules/$RELEASE/kernel/drivers/vfio
	mkdir -p "$md/pci"
	for m in vfio vfio_iommu_type1 pci/vfio-pci; do
		printf '\177ELF not a module\n' >"$md/$m.ko"
	done
}
if command -v depmod >/dev/null 2>&1 && command -v cc >/dev/null 2>&1; then
	machine
	fake_modules
	printf '__attribute__((section(".modinfo"), used)) static const char n[] = "license=GPL";\n' >"$TMP/m.c"
	for m in vfio vfio_iommu_type1 pci/vfio-pci; do cc -c -o "$md/$m.ko" "$TMP/m.c" || exit 1; done
	depmod -b "$M" "$RELEASE" 2>/dev/null
	for m in vfio vfio_iommu_type1 pci/vfio-pci; do head -c 4096 /dev/urandom >"$md/$m.ko"; done
	# the fake root's kernel has none of the three loaded
	mkdir -p "$M/sys/module"
	if "$OWN_SYSMODULE" "$M/sys/module" true 2>/dev/null; then
		run_boot "$OWN_SYSMODULE" "$M/sys/module" "$BIN" --root "$M" --cmdline "vfio.slots=01:00.0" boot
		check_result modules/garbage-ko "0000:01:00.0 0000:01:00.1"
		check modules/garbage-ko/attempted "$([ "$inserts" = 3 ] ||
			echo "$inserts insertions attempted, expected 3: vfio, vfio_iommu_type1, vfio-pci (the index did not lead to the files, or a module counted as loaded)")"
		err_has modules/garbage-ko/error-logged "vfio not loaded: Exec format error"
		echo "#   insertions attempted and intercepted: $inserts"
		# the same files, the fake root's kernel saying all three are live
		for m in vfio vfio_iommu_type1 vfio_pci; do
			mkdir -p "$M/sys/module/$m"
			echo live >"$M/sys/module/$m/initstate"
		done
		run_boot "$OWN_SYSMODULE" "$M/sys/module" "$BIN" --root "$M" --cmdline "vfio.slots=01:00.0" boot
		check_result modules/garbage-ko-already-live "0000:01:00.0 0000:01:00.1"
		check modules/garbage-ko-already-live/none-attempted "$([ "$inserts" = 0 ] || echo "$inserts insertions attempted, expected none: the fake root says all three are live")"
	else
		skip modules/garbage-ko "needs a mount namespace (unshare -m, as root) to give libkmod the fake root's /sys/module"
	fi
else
	skip modules/garbage-ko "needs depmod and cc"
fi

machine
fake_modules
for f in modules.dep modules.dep.bin modules.alias.bin modules.symbols.bin modules.builtin.bin; do
	head -c 2048 /dev/urandom >"$M/lib/modules/$RELEASE/$f"
done
boot_ok modules/garbage-index "0000:01:00.0 0000:01:00.1" --cmdline "vfio.slots=01:00.0"
err_has modules/garbage-index/logged "modules: vfio"

machine
mkdir -p "$M/lib/modules"
printf 'not a directory\n' >"$M/lib/modules/$RELEASE"
boot_ok modules/dir-is-a-file "0000:01:00.0 0000:01:00.1" --cmdline "vfio.slots=01:00.0"
err_has modules/dir-is-a-file/logged "modules: vfio"

echo "# configuration files"
machine
mkdir "$M/etc/vfio-binder.conf"
boot_ok conf/directory ""
err_has conf/directory/named "vfio-binder.conf"

machine
ln -s vfio-binder.conf "$M/etc/vfio-binder.conf"
boot_ok conf/symlink-loop ""
err_has conf/symlink-loop/named "vfio-binder.conf"

machine
{
	echo 'slots = 01:00.0'
	i=0
	while [ $i -lt 16384 ]; do
		echo '# 63 bytes of comment, 16384 times: a 1 MiB file ################'
		i=$((i + 1))
	done
} >"$M/etc/vfio-binder.conf"
boot_ok conf/1MiB ""
err_has conf/1MiB/named "vfio-binder.conf"
echo "ro quiet vfio.slots=03:00.0" >"$M/proc/cmdline"
boot_ok conf/1MiB-cmdline-wins "0000:03:00.0 0000:03:00.1"

machine
head -c 65536 /dev/urandom >"$M/etc/vfio-binder.conf"
boot_ok conf/64KiB-random ""
err_has conf/64KiB-random/invalid "the configuration is invalid"

machine
ln -s nowhere "$M/etc/vfio-binder.conf"
boot_ok conf/dangling-symlink ""
err_has conf/dangling-symlink/no-slots "no slots configured"

# a FIFO never gets a writer: reading it must not hang the boot
machine
mkfifo "$M/etc/vfio-binder.conf"
BOOT_TIMEOUT=5 boot_ok conf/fifo ""
err_has conf/fifo/named "vfio-binder.conf"

machine
ln -s /dev/zero "$M/etc/vfio-binder.conf"
BOOT_TIMEOUT=5 boot_ok conf/device ""
err_has conf/device/named "vfio-binder.conf"

echo "# command lines"
machine
{
	printf 'BOOT_IMAGE=/boot/vmlinuz-%s root=UUID=4f0c ro' "$RELEASE"
	i=0
	while [ $i -lt 300 ]; do
		printf ' opt%d=value%d' $i $i
		i=$((i + 1))
	done
} | head -c 4060 >"$M/proc/cmdline"
printf ' vfio.slots=01:00.0\n' >>"$M/proc/cmdline"
boot_ok cmdline/4KiB "0000:01:00.0 0000:01:00.1"
echo "#   /proc/cmdline: $(wc -c <"$M/proc/cmdline") bytes"

machine
awk 'BEGIN { s = "ro vfio.slots="; for (i = 0; length(s) < 4080; i++) s = s sprintf("%x:%02x.%x,", 16 + int(i / 64), int(i / 8) % 8, i % 8); print s "01:00.0" }' >"$M/proc/cmdline"
boot_ok cmdline/4KiB-of-slots "0000:01:00.0 0000:01:00.1"
echo "#   /proc/cmdline: $(wc -c <"$M/proc/cmdline") bytes"

machine
head -c 70000 /dev/zero | tr '\0' x >"$M/proc/cmdline"
echo "slots = 03:00.0" >"$M/etc/vfio-binder.conf"
boot_ok cmdline/over-64KiB "0000:03:00.0 0000:03:00.1"
err_has cmdline/over-64KiB/named "proc/cmdline"

machine
rm "$M/proc/cmdline"
echo "slots = 03:00.0" >"$M/etc/vfio-binder.conf"
boot_ok cmdline/missing "0000:03:00.0 0000:03:00.1"

machine
rm "$M/proc/cmdline" && mkfifo "$M/proc/cmdline"
echo "slots = 03:00.0" >"$M/etc/vfio-binder.conf"
BOOT_TIMEOUT=5 boot_ok cmdline/fifo "0000:03:00.0 0000:03:00.1"

echo "# many items"
machine
list=$(awk 'BEGIN { for (i = 0; i < 9999; i++) printf "%x:%02x.%x,", 16 + int(i / 64), int(i / 8) % 8, i % 8; printf "03:00.0" }')
boot_ok items/10000-distinct "0000:03:00.0 0000:03:00.1" --cmdline "vfio.slots=$list"
echo "#   $(grep -o 'done in [0-9]* ms' "$ERR")"

machine
awk 'BEGIN { printf "slots = "; for (i = 0; i < 9999; i++) printf "1:0,"; print "1:0" }' >"$M/etc/vfio-binder.conf"
boot_ok items/10000-same "0000:01:00.0 0000:01:00.1"
echo "#   $(grep -o 'done in [0-9]* ms' "$ERR")"

machine
awk 'BEGIN { printf "slots = "; for (i = 0; i < 9999; i++) printf "gpus,"; print "gpus" }' >"$M/etc/vfio-binder.conf"
boot_ok items/10000-selectors "0000:01:00.0 0000:01:00.1 0000:03:00.0 0000:03:00.1"
echo "#   $(grep -o 'done in [0-9]* ms' "$ERR")"

machine
boot_ok items/16385 "" --cmdline "$(awk 'BEGIN { printf "vfio.slots="; for (i = 0; i < 16384; i++) printf "1:0,"; print "1:0" }')"
err_has items/16385/named "more than 16384 items"

echo "# symlink loops and .. in sysfs"
machine
d=$(dir 0000:01:00.1)
rm "$d/iommu_group" && ln -s iommu_group "$d/iommu_group"
boot_ok links/iommu_group-loop "0000:03:00.0 0000:03:00.1" --cmdline "vfio.slots=01:00.0,03:00.0"

machine
d=$(dir 0000:01:00.0)
rm "$d/iommu_group" && ln -s ../../../../kernel/iommu_groups/.. "$d/iommu_group"
boot_ok links/iommu_group-dotdot "0000:03:00.0 0000:03:00.1" --cmdline "vfio.slots=01:00.0,03:00.0"

machine
d=$(dir 0000:01:00.1)
ln -s ../.. "$d/driver"
boot_ok links/driver-dotdot "0000:03:00.0 0000:03:00.1" --cmdline "vfio.slots=01:00.0,03:00.0"

# only the link's last component is read: a loop named "driver" reads as a
# driver called "driver" holding the display, so the card stays with it
# (its overrides put back) and the other card goes
machine
d=$(dir 0000:01:00.0)
ln -s driver "$d/driver"
boot_ok links/driver-loop "0000:03:00.0 0000:03:00.1" --cmdline "vfio.slots=01:00.0,03:00.0"
err_has links/driver-loop/card-stays "0000:01:00.0: driver bound it before the binder ran; the card stays whole with the host"

machine
rm "$M/sys/bus/pci/devices/0000:01:00.1"
ln -s 0000:01:00.1 "$M/sys/bus/pci/devices/0000:01:00.1"
boot_ok links/bus-entry-loop "0000:03:00.0 0000:03:00.1" --cmdline "vfio.slots=01:00.0,03:00.0"

machine
rm "$M/sys/bus/pci/devices/0000:01:00.0"
ln -s ../../../devices/pci0000:00/0000:00:01.0/../0000:00:01.0/0000:01:00.0 "$M/sys/bus/pci/devices/0000:01:00.0"
boot_ok links/bus-entry-dotdot "0000:01:00.0 0000:01:00.1" --cmdline "vfio.slots=01:00.0"
boot_ok links/bus-entry-dotdot-path "0000:01:00.0 0000:01:00.1" --cmdline "vfio.slots=00:01.0/00.0"

machine
rm "$M/sys/kernel/iommu_groups/1/devices/0000:01:00.1"
ln -s 0000:01:00.1 "$M/sys/kernel/iommu_groups/1/devices/0000:01:00.1"
boot_ok links/group-entry-loop "0000:01:00.0 0000:01:00.1" --cmdline "vfio.slots=01:00.0"

machine
rm -r "$M/sys/kernel/iommu_groups/1/devices"
ln -s devices "$M/sys/kernel/iommu_groups/1/devices"
boot_ok links/group-dir-loop "" --cmdline "vfio.slots=01:00.0,03:00.0"
err_has links/group-dir-loop/named "cannot read the PCI devices"

machine
rm -r "$M/sys/bus/pci/devices"
ln -s devices "$M/sys/bus/pci/devices"
boot_ok links/bus-dir-loop "" --cmdline "vfio.slots=01:00.0"
err_has links/bus-dir-loop/named "cannot open $M/sys/bus/pci/devices"

echo "# logging"
machine
ERR_TO=/dev/full run_boot "$BIN" --root "$M" --cmdline "vfio.slots=01:00.0" boot
check_result log/stderr-full "0000:01:00.0 0000:01:00.1" -

# The initramfs mode itself (no --root: /sys, /proc/cmdline, /dev/kmsg) in a
# chroot of the fake machine: the static binary needs nothing else, and
# nothing outside the chroot is reachable.
chroot_boot() {
	cp "$BIN" "$M/vfio-binder"
	run_boot chroot "$M" /vfio-binder boot
}
kmsg_missing=
[ "$(id -u)" = 0 ] || kmsg_missing=" root"
command -v chroot >/dev/null 2>&1 || kmsg_missing="$kmsg_missing chroot"
! ldd "$BIN" >/dev/null 2>&1 || kmsg_missing="$kmsg_missing a static binary ($BIN is dynamic)"
if [ -z "$kmsg_missing" ]; then
	machine
	echo "ro quiet vfio.slots=01:00.0" >"$M/proc/cmdline"
	chroot_boot
	check_result kmsg/missing "0000:01:00.0 0000:01:00.1"
	err_has kmsg/missing/falls-back-to-stderr "vfio-binder: start"

	machine
	echo "ro quiet vfio.slots=01:00.0" >"$M/proc/cmdline"
	mkdir -p "$M/dev"
	: >"$M/dev/kmsg"
	chroot_boot
	check_result kmsg/present "0000:01:00.0 0000:01:00.1" "$M/dev/kmsg"
	if grep -q '^<14>vfio-binder: start$' "$M/dev/kmsg" && [ ! -s "$ERR" ]; then
		pass kmsg/present/records
	else
		fail kmsg/present/records "kmsg: $(oneline "$M/dev/kmsg"); stderr: $(oneline "$ERR")"
	fi

	# the budget: info lines stop at the 200th line, counted in a note before
	# the done line, which is last; no warning or error is ever held back
	# budget_kept NAME: the last boot's $M/dev/kmsg keeps to it
	budget_kept() {
		detail=
		tail -n 2 "$M/dev/kmsg" | head -n 1 |
			grep -qx '<12>vfio-binder: [1-9][0-9]* more info lines not logged (over 200): vfio-binder plan shows every decision' ||
			detail="no note before the last line: $(tail -n 2 "$M/dev/kmsg" | head -n 1);"
		tail -n 1 "$M/dev/kmsg" | grep -q '^<1[24]>vfio-binder: done in [0-9]* ms: ' ||
			detail="$detail the done line is not last: $(tail -n 1 "$M/dev/kmsg")"
		late_info=$(sed '$d' "$M/dev/kmsg" | sed -n '201,$p' | grep -c '^<14>')
		[ "$late_info" = 0 ] || detail="$detail $late_info info lines past the 200th;"
		check "$1" "$detail"
	}
	# 300 items that each add nothing: an info line each would flood dmesg
	machine
	items=01:00.0
	for _ in $(seq 1 300); do items="$items,01:00.0"; done
	echo "ro quiet vfio.slots=$items" >"$M/proc/cmdline"
	mkdir -p "$M/dev"
	: >"$M/dev/kmsg"
	chroot_boot
	check_result kmsg/budget "0000:01:00.0 0000:01:00.1" "$M/dev/kmsg"
	budget_kept kmsg/budget/bounded
	lines=$(wc -l <"$M/dev/kmsg")
	check kmsg/budget/short "$([ "$lines" -le 210 ] || echo "$lines lines, expected 200, a few warnings, the note and the done line")"

	# 300 items absent from the machine: a warning each, every one logged
	machine
	items=01:00.0
	for bus in $(seq 16 315); do items="$items,$(printf '%04x:%02x:00.0' $((bus / 256)) $((bus % 256)))"; done
	echo "ro quiet vfio.slots=$items" >"$M/proc/cmdline"
	mkdir -p "$M/dev"
	: >"$M/dev/kmsg"
	chroot_boot
	check_result kmsg/budget-warnings "0000:01:00.0 0000:01:00.1" "$M/dev/kmsg"
	budget_kept kmsg/budget-warnings/bounded
	skips=$(grep -c '^<12>vfio-binder: skip [0-9a-f:.]*: .* is not present$' "$M/dev/kmsg")
	check kmsg/budget-warnings/all-logged "$([ "$skips" = 300 ] || echo "$skips of 300 warnings logged")"

	machine
	echo "ro quiet vfio.slots=01:00.0" >"$M/proc/cmdline"
	mkdir -p "$M/dev/kmsg"
	chroot_boot
	check_result kmsg/directory "0000:01:00.0 0000:01:00.1"
	err_has kmsg/directory/falls-back-to-stderr "vfio-binder: start"

	machine
	echo "ro quiet vfio.slots=01:00.0" >"$M/proc/cmdline"
	mkdir -p "$M/dev"
	if mknod "$M/dev/kmsg" c 1 7 2>/dev/null && ! printf x 2>/dev/null >"$M/dev/kmsg"; then
		chroot_boot
		check_result kmsg/write-fails "0000:01:00.0 0000:01:00.1"
		err_has kmsg/write-fails/falls-back-to-stderr "vfio-binder: start"
	else
		skip kmsg/write-fails "cannot make a /dev/full node here"
	fi
else
	for t in missing present budget directory write-fails; do
		skip "kmsg/$t" "needs${kmsg_missing}"
	done
fi

summary
