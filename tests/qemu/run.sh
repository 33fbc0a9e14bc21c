#!/bin/sh
# make check-qemu: boots Debian's kernel under QEMU with images from the
# real mkinitramfs and dracut, built from the hooks `make install` puts into
# /, and checks which driver took every PCI function of emulated GPUs.
# Prints "ok NAME" or "FAIL NAME: detail" per check, "# ..." notes (timings),
# and finally "N passed, N failed, N skipped". Needs root; restores / on exit.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=/dev/null
. "$HERE/lib.sh"
# shellcheck source=/dev/null
. "$HERE/mkinitcpio.sh"
# shellcheck source-path=SCRIPTDIR source=../harness.sh
. "$TOP/tests/harness.sh"
# shellcheck source-path=SCRIPTDIR source=races.sh
. "$HERE/races.sh"
# shellcheck source-path=SCRIPTDIR source=../doclib.sh
. "$TOP/tests/doclib.sh"

# A suite that cannot even start still ends with its count, as a failure.
die() {
	abort "$*"
}

# The boots run two at a time (lib.sh's vb_boots_start), so what reads a
# boot's log waits for it: `later COMMAND...` keeps COMMAND for
# scenarios_finish, which runs what was kept in the order it was kept.
# Each scenario's checks, and the checks after it that read its log, are
# kept so, and print in the same order every run.
LATER=$WORK/later
later() {
	for arg in "$@"; do
		printf "'%s' " "$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")"
	done >>"$LATER"
	echo >>"$LATER"
}

scenarios_finish() {
	vb_boots_all_ready
	while IFS= read -r cmd <&3; do
		eval "$cmd"
	done 3<"$LATER"
	: >"$LATER"
	vb_boots_stop
}

# scenario NAME IMAGE MACHINE CMDLINE KIND "ADDR=DRIVER ...": boots once and
# asserts the root was reached and every function's driver. KIND binder
# also asserts the binder's start and done lines; naive asserts that the
# baseline did write its overrides for the second card it is asked for (so
# losing is down to timing alone), with vfio.slots= on the command line too.
# The boot is queued, the checks kept for scenarios_finish.
scenario() {
	vb_boot_queue "$1" "$2" "$3" "$4"
	later scenario_check "$1" "$2" "$5" "$6"
}

# scenario_check NAME IMAGE KIND "ADDR=DRIVER ...": scenario's checks, once
# its boot is done
scenario_check() {
	name=$1
	kind=$3
	expect=$4
	log=$LOGS/$name.log
	vb_boot_wait "$name"
	rc=$BOOT_RC
	if [ "$rc" = unbuilt ]; then
		fail "$name" "cannot run: ${2##*/} was not built"
		return 0
	fi
	echo "# $name: boot $BOOT_SECONDS s"
	if ! log_reached_root "$log"; then
		fail "$name.root" "test root not reached (qemu exit $rc): $(log_text "$log" | tail -n 3 | tr '\n' '|')"
		return 0
	fi
	pass "$name.root"
	check "$name.drivers" "$(vb_mismatches "$log" "$expect")"
	case "$kind" in
	binder)
		lines=$(log_binder_lines "$log")
		detail=
		echo "$lines" | grep -q 'vfio-binder: start' || detail="no start line;"
		echo "$lines" | grep -q 'vfio-binder: done' || detail="$detail no done line;"
		[ -z "$detail" ] || detail="$detail got: $(echo "$lines" | tr '\n' '|')"
		check "$name.binder-log" "$detail"
		runtime=$(log_binder_runtime "$log")
		[ -z "$runtime" ] || echo "# $name: binder ran ${runtime} s (kmsg start to done)"
		;;
	naive)
		detail=
		for want in $expect; do
			addr=${want%=*}
			case "$addr" in
			0000:02:*)
				[ "$(log_override "$log" "$addr")" = vfio-pci ] ||
					detail="$detail $addr has no vfio-pci override;"
				;;
			esac
		done
		check "$name.override-written" "${detail# }"
		;;
	esac
	if [ "$kind" = naive ]; then
		# The baseline loads vfio with modprobe, which hands vfio.slots= to it as
		# slots=: the warning the binder avoids shows up, so this check can fail.
		detail=
		log_dmesg "$log" | grep -q "vfio: unknown parameter 'slots'" || detail="no unknown parameter warning"
		check "$name.unknown-parameter-seen" "$detail"
	else
		check "$name.no-unknown-parameter" "$(log_dmesg "$log" | grep 'unknown parameter' | tr '\n' '|' || true)"
	fi
}

# image_missing LISTING PATTERN...: the extended regexps no line matches,
# as a detail for check (empty when all match).
image_missing() {
	listing=$1
	shift
	missing=
	for pattern in "$@"; do
		echo "$listing" | grep -Eq "$pattern" || missing="$missing $pattern"
	done
	[ -z "$missing" ] || echo "missing:$missing"
}

# The init-top scripts of an initramfs-tools image in their boot order.
initramfs_order() {
	rm -rf "$WORK/unpacked"
	unmkinitramfs "$1" "$WORK/unpacked"
	# An early microcode archive moves the main one to main/.
	order=$(find "$WORK/unpacked" -path '*/scripts/init-top/ORDER' | head -n 1)
	sed -n 's|^/scripts/init-top/\([^ ]*\) .*|\1|p' "$order"
}

vb_setup
echo "# kernel $KVER, booted from $KERNEL"
suite_t0=$(now)

vb_prepare naive
[ -z "$PREPARE_FAILED" ] || fail "prepare" "$PREPARE_FAILED"

# Every boot, queued now: each starts, two at a time, once its image is
# ready (vb_boot_ready after its build), the first ones beside the builds
# below (one guest while a build takes the other core); their checks come
# at scenarios_finish.
vb_boots_start
vb_boots_width 1
vb_boot_ready "$WORK/plain.img" "$WORK/naive.img"
: >"$LATER"
plain=$WORK/plain.img
confimg=$WORK/conf.img
# The binder of the plain image reads /proc/cmdline (the variants of the
# selection are check-kernel's scenarios, on the same binder and kernel).
# With the VM proof: a second QEMU in the booted system opens the card; and
# with a module option, which only the binder's module loader applies (see
# options_checks).
OPTION=vfio_iommu_type1.allow_unsafe_interrupts=1
scenario twin-cmdline-second "$plain" twin "vfio.slots=02:00.0 vbtest.vm=0000:02:00.0,0000:01:00.0 $OPTION" binder \
	"$CARD1_HOST $CARD2_VFIO"
# The image's conf (the hook copied it) when the command line names nothing.
scenario conf-only "$confimg" twin "" binder "$CARD1_VFIO $CARD2_HOST"
# The display shares its group with the NIC: refused as a whole, while
# the other item of the list still applies.
scenario bridge-shared-group "$plain" bridge "vfio.slots=02:01.0,03:00.0" binder \
	"0000:02:01.0=bochs-drm 0000:02:02.0=e1000 0000:03:00.0=vfio-pci 0000:03:00.1=vfio-pci"
scenario gpus-keeps-boot-display "$plain" twin-vga "vfio.slots=gpus" binder \
	"0000:00:01.0=bochs-drm $CARD1_VFIO $CARD2_VFIO"
scenario id-keeps-boot-display "$plain" twin-vga "vfio.slots=id:1234:1111" binder \
	"0000:00:01.0=bochs-drm $CARD1_VFIO $CARD2_VFIO"
scenario dracut-systemd-twin "$WORK/dracut-systemd.img" twin "vfio.slots=02:00.0" binder \
	"$CARD1_HOST $CARD2_VFIO"
scenario dracut-shell-twin "$WORK/dracut-shell.img" twin "vfio.slots=02:00.0" binder \
	"$CARD1_HOST $CARD2_VFIO"
# The klibc build and its own module loader, as the musl one above: the
# card on vfio-pci, vfio without slots=, a module option from the command
# line applied by each.
scenario klibc-options "$WORK/klibc.img" twin "vfio.slots=02:00.0 $OPTION" binder "$CARD1_HOST $CARD2_VFIO"
# options_checks BUILD SCENARIO
options_checks() {
	log=$LOGS/$2.log
	if [ -f "$log" ] && log_reached_root "$log"; then
		detail=
		log_binder_lines "$log" | grep -q 'modules: vfio loaded, vfio_iommu_type1 loaded, vfio-pci loaded$' ||
			detail="no modules line saying all three loaded: $(log_binder_lines "$log" | grep 'modules:' || true)"
		check "$1-options.modules-loaded" "$detail"
		check "$1-options.cmdline-option" "$([ "$(log_value "$log" PARAM)" = \
			"vfio_iommu_type1.allow_unsafe_interrupts Y" ] || echo "PARAM line: '$(log_value "$log" PARAM)'")"
	fi
}
later options_checks musl twin-cmdline-second
later options_checks klibc klibc-options

# what twin-cmdline-second's log shows beyond its drivers
twin_second_checks() {
	# The VM proof: QEMU realizes the card on vfio-pci (its monitor lists it);
	# the host's card, on bochs-drm, has no VFIO group to open.
	log=$LOGS/twin-cmdline-second.log
	if [ -f "$log" ] && log_reached_root "$log"; then
		detail=
		[ "$(log_value "$log" "VM-EXIT 0000:02:00.0")" = 0 ] || detail="inner QEMU exit $(log_value "$log" "VM-EXIT 0000:02:00.0");"
		log_text "$log" | grep '^VM-OUT 0000:02:00.0 ' | grep -q 'Display controller: PCI device 1234:1111' ||
			detail="$detail info pci does not list the card: $(log_text "$log" | grep '^VM-OUT 0000:02:00.0' | tr '\n' '|' | cut -c1-600)"
		check "vm.opens-the-card" "$detail"
		detail=
		[ "$(log_value "$log" "VM-EXIT 0000:01:00.0")" != 0 ] || detail="inner QEMU took the host's card;"
		log_text "$log" | grep '^VM-OUT 0000:01:00.0 ' | grep -q 'failed to open /dev/vfio/[0-9]*: No such file or directory' ||
			detail="$detail no VFIO error: $(log_text "$log" | grep '^VM-OUT 0000:01:00.0' | tr '\n' '|' | cut -c1-600)"
		check "vm.host-card-fails" "$detail"
	fi

	# The post-boot commands on the booted machine. status after the binder won:
	if [ -f "$LOGS/twin-cmdline-second.log" ] && log_reached_root "$LOGS/twin-cmdline-second.log"; then
		log=$LOGS/twin-cmdline-second.log
		detail=
		[ "$(log_value "$log" STATUS-EXIT)" = 0 ] || detail="status exit $(log_value "$log" STATUS-EXIT);"
		log_text "$log" | grep -q '^STATUS status: ok: 2 of 2 selected functions on vfio-pci' ||
			detail="$detail no ok verdict: $(log_text "$log" | grep '^STATUS' | tr '\n' '|')"
		check "status.after-binder-won" "$detail"
	fi
	# list in the booted system names QEMU's devices from Debian's pci.ids, as
	# lspci does: bochs-display (1234:1111) has no name there, ich9-intel-hda
	# has; the second card is on vfio-pci, and the twins get their items.
	if [ -f "$LOGS/twin-cmdline-second.log" ] && log_reached_root "$LOGS/twin-cmdline-second.log"; then
		log=$LOGS/twin-cmdline-second.log
		detail=
		[ "$(log_value "$log" LIST-EXIT)" = 0 ] || detail="list exit $(log_value "$log" LIST-EXIT);"
		slot='\(, physical slot [^,]*\)\{0,1\}'
		for want in \
			"^LIST 0000:01:00.0 Display controller: Device \[1234:1111\], path 00:02.0/00.0$slot, IOMMU group [0-9]*, driver bochs-drm, no override\$" \
			"^LIST   0000:01:00.1 Audio device: Intel Corporation 82801I (ICH9 Family) HD Audio Controller \[8086:293e\], IOMMU group [0-9]*, driver snd_hda_intel, no override: goes with it (same IOMMU group)\$" \
			"^LIST 0000:02:00.0 Display controller: Device \[1234:1111\], path 00:03.0/00.0$slot, IOMMU group [0-9]*, driver vfio-pci, override vfio-pci\$" \
			"^LIST 2 identical cards, 1234:1111: " \
			"^LIST   slots = 00:03.0/00.0@1234:1111  # 0000:02:00.0"; do
			log_text "$log" | grep -q "$want" || detail="$detail no line '$want';"
		done
		[ -z "$detail" ] || detail="$detail list: $(log_text "$log" | grep '^LIST' | tr '\n' '|')"
		check "list.names-qemu-devices" "$detail"
	fi
}
later twin_second_checks
# The baseline must lose: the host drivers keep the second card; and status
# then, for the same selection, says the host driver won.
scenario naive-baseline-loses "$WORK/naive.img" twin \
	"vfio.slots=02:00.0 naive.slots=0000:02:00.0,0000:02:00.1" naive "$CARD1_HOST $CARD2_HOST"
host_driver_won_checks() {
	if [ -f "$LOGS/naive-baseline-loses.log" ] && log_reached_root "$LOGS/naive-baseline-loses.log"; then
		log=$LOGS/naive-baseline-loses.log
		detail=
		[ "$(log_value "$log" STATUS-EXIT)" = 1 ] || detail="status exit $(log_value "$log" STATUS-EXIT), want 1;"
		log_text "$log" | grep -q '^STATUS   0000:02:00.0 1234:1111 bochs-drm: host-driver-won: driver_override is set, but bochs-drm bound first and vfio-binder did not run this boot' ||
			detail="$detail no host-driver-won line: $(log_text "$log" | grep '^STATUS' | tr '\n' '|')"
		check "status.host-driver-won" "$detail"
	fi
}
later host_driver_won_checks

# What the host runs on, traced in a real system: / by UUID on the NVMe
# controller 01:00.0, swap by UUID in fstab on the identical 02:00.0 (not
# active), booted with vfio.slots=off while the conf takes 02:00.0.
scenario nvme-host-disks "$plain" nvme "vfio.slots=off vbtest.nvme" binder \
	"0000:01:00.0=nvme 0000:02:00.0=nvme"
nvme_checks() {
	log=$LOGS/nvme-host-disks.log
	if log_reached_root "$log"; then
		for ctrl in 0000:01:00.0 0000:02:00.0; do
			case $ctrl in
			0000:01:00.0) need="needs for / (nvme" ;;
			*) need="needs for swap in /etc/fstab (nvme" ;;
			esac
			detail=
			[ "$(log_text "$log" | sed -n "s/^NVME-CHECK $ctrl //p")" = 3 ] || detail="check did not exit 3;"
			log_text "$log" | grep "^NVME-CHECK-OUT " | grep -q "would take $ctrl, which the host $need" ||
				detail="$detail no finding naming $need;"
			check "nvme.check-refuses-$ctrl" "$detail"
			detail=
			[ "$(log_text "$log" | sed -n "s/^NVME-BIND $ctrl //p")" = 3 ] || detail="bind did not exit 3;"
			[ "$(log_text "$log" | sed -n "s/^NVME-AFTER $ctrl //p")" = nvme ] || detail="$detail no longer on nvme;"
			check "nvme.bind-refuses-$ctrl" "$detail"
		done
		# the control: the same machine with nothing selected passes
		check "nvme.check-nothing-selected" \
			"$([ "$(log_value "$log" NVME-CHECK-NOTHING)" = 0 ] || echo "exit $(log_value "$log" NVME-CHECK-NOTHING)")"
		detail=
		[ "$(log_value "$log" NVME-CHECK-CONF)" = 3 ] || detail="exit $(log_value "$log" NVME-CHECK-CONF);"
		log_text "$log" | grep "^NVME-CHECK-CONF-OUT " | grep -q "the conf file: the selection would take 0000:02:00.0" ||
			detail="$detail the conf's selection was not judged: $(log_text "$log" | grep '^NVME-CHECK-CONF-OUT' | tr '\n' '|')"
		check "nvme.check-judges-conf-under-slots-off" "$detail"
	fi
}
later nvme_checks

races_run

# A boot log that is whole: twelve cards, a decision each, the modules line
# and the summary must all reach dmesg, in order, although the kernel lets
# one open /dev/kmsg write 10 lines per 5 s. The control writes the same
# lines again through one open file, as the binder once did: lines are lost.
twelve_slots=$(seq 1 12 | while read -r n; do printf '%02x:00.0,' "$n"; done)
twelve_vfio=$(seq 1 12 | while read -r n; do printf '0000:%02x:00.0=vfio-pci 0000:%02x:00.1=vfio-pci ' "$n" "$n"; done)
scenario twelve-cards "$plain" twelve "vfio.slots=${twelve_slots%,} vbtest.kmsg-replay" binder "$twelve_vfio"
twelve_checks() {
	log=$LOGS/twelve-cards.log
	if log_reached_root "$log"; then
		order=$(log_binder_lines "$log" | sed 's/^\[[^]]*\] //' | awk '
			/^vfio-binder: start$/ { s = s "start " }
			/^vfio-binder: slots / { s = s "slots " }
			/^vfio-binder: [0-9a-f][0-9a-f]:00\.0: bind / { n++; if (n == 12) s = s "12-decisions " }
			/^vfio-binder: modules: / { s = s "modules " }
			/^vfio-binder: done in [0-9]* ms: 24 of 24 functions on vfio-pci$/ { s = s "done" }
			END { print s }')
		check twelve-cards.whole-log "$([ "$order" = "start slots 12-decisions modules done" ] || echo "got: $order; $(log_binder_lines "$log" | wc -l) lines")"
		check twelve-cards.none-suppressed "$(log_dmesg "$log" | grep ratelimiting || true)"
		kept=$(log_text "$log" | grep -c '^REPLAY .*vbtest-replay: ' || true)
		written=$(log_binder_lines "$log" | wc -l)
		detail=
		[ "$kept" -lt "$written" ] || detail="the kernel kept all $kept of $written lines written through one file;"
		log_text "$log" | grep -q '^REPLAY .*output lines suppressed due to ratelimiting' || detail="$detail no ratelimiting message"
		check twelve-cards.control-loses-lines "$detail"
		echo "# twelve-cards: the control kept $kept of $written lines"
	fi
}
later twelve_checks

# Hooks installed but the binary gone (package half removed): image builds
# must still succeed, just without vfio-binder.
[ ! -e /usr/sbin/vfio-binder ] || mv /usr/sbin/vfio-binder "$WORK/vfio-binder.aside"
detail=
if vb_timed "mkinitramfs without binary" vb_mkinitramfs "$WORK/nobinary.img" lite; then
	! lsinitramfs "$WORK/nobinary.img" | grep -q 'sbin/vfio-binder$' ||
		detail="image holds a vfio-binder"
else
	detail="mkinitramfs failed: see $LOGS/nobinary.img.build.log"
fi
check "initramfs.builds-without-binary" "$detail"
detail=
if vb_timed "dracut without binary" vb_dracut "$WORK/dracut-nobinary.img" --no-kernel; then
	! lsinitrd "$WORK/dracut-nobinary.img" | grep -q 'vfio-binder' ||
		detail="image holds vfio-binder files"
else
	detail="dracut failed: see $LOGS/dracut-nobinary.img.build.log"
fi
check "dracut.builds-without-binary" "$detail"
[ ! -e "$WORK/vfio-binder.aside" ] || mv "$WORK/vfio-binder.aside" /usr/sbin/vfio-binder

# An invalid conf must not fail the build either, but be reported then.
vb_set_conf "0g:00.0"
detail=
if vb_timed "mkinitramfs invalid conf" vb_mkinitramfs "$WORK/badconf.img" lite; then
	grep -q 'the configuration is invalid' "$LOGS/badconf.img.build.log" ||
		detail="no warning in $LOGS/badconf.img.build.log"
else
	detail="mkinitramfs failed: see $LOGS/badconf.img.build.log"
fi
check "initramfs.invalid-conf-warns" "$detail"
detail=
if vb_timed "dracut invalid conf" vb_dracut "$WORK/dracut-badconf.img" --no-kernel; then
	grep -q 'the configuration is invalid' "$LOGS/dracut-badconf.img.build.log" ||
		detail="no warning in $LOGS/dracut-badconf.img.build.log"
else
	detail="dracut failed: see $LOGS/dracut-badconf.img.build.log"
fi
check "dracut.invalid-conf-warns" "$detail"

# check exits 3 when the selection would take the root disk's controller or
# the default route's NIC, and the hooks must then stop the image build: the
# real binder, given this very host's / controller (or, with / on no PCI
# device, its uplink), found here from the kernel's links, not by the binder.
pci_of() { # the last PCI function in a sysfs device path
	readlink -f "$1" | grep -o '[0-9a-f]\{4\}:[0-9a-f]\{2\}:[0-9a-f]\{2\}\.[0-7]' | tail -n 1
}
disk=$(lsblk -snro NAME,TYPE "$(findmnt -nvo SOURCE /)" 2>/dev/null | awk '$2 == "disk" { print $1; exit }')
needed=
[ -n "$disk" ] && needed=$(pci_of "/sys/class/block/$disk/device")
if [ -z "$needed" ]; then
	uplink=$(ip route show default | awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }')
	[ -n "$uplink" ] && needed=$(pci_of "/sys/class/net/$uplink/device")
fi
# danger_stops_build NAME BUILD-COMMAND...: the build with $needed selected
# must fail, with check naming $needed and the hook saying why.
danger_stops_build() {
	name=$1
	shift
	detail=
	log=$LOGS/danger.img.build.log
	if [ -z "$needed" ]; then
		detail="neither / nor the default route of this host is on a PCI device"
	else
		vb_set_conf "$needed"
		if "$@"; then
			detail="$1 succeeded"
		elif ! grep -q "error: the selection would take $needed, which the host needs for" "$log"; then
			detail="check did not name $needed in $log"
		elif ! grep -q 'would take a device this host needs' "$log"; then
			detail="no explanation in $log"
		fi
		vb_set_conf ""
	fi
	check "$name" "$detail"
}
danger_stops_build initramfs.danger-stops-build vb_mkinitramfs "$WORK/danger.img" lite
danger_stops_build dracut.danger-stops-build vb_dracut "$WORK/danger.img" --no-kernel

vb_set_conf "01:00.0"
vb_timed "mkinitramfs conf.img" vb_mkinitramfs "$WORK/conf.img" ||
	fail "initramfs.conf-image" "mkinitramfs failed: see $LOGS/conf.img.build.log"
vb_boot_ready "$WORK/conf.img"
vb_set_conf ""
# the klibc build, chosen in initramfs-tools' conf.d
vb_timed "mkinitramfs klibc.img" vb_mkinitramfs "$WORK/klibc.img" klibc ||
	fail "initramfs.klibc-image" "mkinitramfs failed: see $LOGS/klibc.img.build.log"
vb_boot_ready "$WORK/klibc.img"
vb_timed "dracut dracut-systemd.img" vb_dracut "$WORK/dracut-systemd.img" ||
	fail "dracut.systemd-image" "dracut failed: see $LOGS/dracut-systemd.img.build.log"
vb_boot_ready "$WORK/dracut-systemd.img"
# The shell initrd: dracut's own init script runs the hooks.
vb_timed "dracut dracut-shell.img" vb_dracut "$WORK/dracut-shell.img" \
	--omit "systemd systemd-initrd dracut-systemd" ||
	fail "dracut.shell-image" "dracut failed: see $LOGS/dracut-shell.img.build.log"
vb_boot_ready "$WORK/dracut-shell.img"
races_build
races_images

# What the images hold.
if [ -f "$WORK/plain.img" ]; then
	order=$(initramfs_order "$WORK/plain.img" | tr '\n' ' ')
	case " $order" in
	*" 00-vfio-binder "*" udev "*) pass "initramfs.order-before-udev" ;;
	*) fail "initramfs.order-before-udev" "init-top ORDER is: $order" ;;
	esac
	listing=$(lsinitramfs "$WORK/plain.img")
	detail=$(image_missing "$listing" 'usr/sbin/vfio-binder$' '/vfio\.ko$' \
		'/vfio_iommu_type1\.ko$' '/vfio-pci\.ko$' 'scripts/init-top/00-vfio-binder$')
	! echo "$listing" | grep -q 'etc/vfio-binder.conf$' ||
		detail="$detail holds a conf though /etc/vfio-binder.conf was absent"
	check "initramfs.contents" "$detail"
	# Without the host drivers in the image nothing races in the initramfs
	# and winning would prove nothing.
	check "initramfs.host-drivers-present" "$(image_missing "$listing" '/bochs\.ko$' \
		'/snd-hda-intel\.ko$' '/e1000\.ko$' '/xhci-pci\.ko$')"
fi
if [ -f "$WORK/conf.img" ]; then
	rm -rf "$WORK/unpacked"
	unmkinitramfs "$WORK/conf.img" "$WORK/unpacked"
	conf=$(find "$WORK/unpacked" -path '*/etc/vfio-binder.conf' | head -n 1)
	if [ -n "$conf" ] && grep -q '^slots = 01:00.0$' "$conf"; then
		pass "initramfs.conf-copied"
	else
		fail "initramfs.conf-copied" "etc/vfio-binder.conf missing or not the one written"
	fi
fi
if [ -f "$WORK/naive.img" ]; then
	detail=
	! lsinitramfs "$WORK/naive.img" | grep -q 'vfio-binder' ||
		detail="the baseline image holds vfio-binder files"
	check "initramfs.naive-image-has-no-binder" "$detail"
fi
if [ -f "$WORK/dracut-systemd.img" ]; then
	listing=$(lsinitrd "$WORK/dracut-systemd.img")
	detail=$(image_missing "$listing" 'usr/sbin/vfio-binder$' \
		'/vfio-binder\.service$' 'sysinit\.target\.wants/vfio-binder\.service ' \
		'/vfio\.ko$' '/vfio_iommu_type1\.ko$' '/vfio-pci\.ko$')
	! echo "$listing" | grep -q 'hooks/.*vfio-binder' ||
		detail="$detail a shell initrd hook too (would run twice)"
	check "dracut.systemd-contents" "$detail"
	check "dracut.host-drivers-present" "$(image_missing "$listing" '/bochs\.ko$' \
		'/snd-hda-intel\.ko$')"
fi
if [ -f "$WORK/dracut-shell.img" ]; then
	listing=$(lsinitrd "$WORK/dracut-shell.img")
	detail=$(image_missing "$listing" 'usr/sbin/vfio-binder$' \
		'hooks/cmdline/00-vfio-binder-cmdline\.sh$' '/vfio-pci\.ko$')
	! echo "$listing" | grep -q 'vfio-binder\.service' ||
		detail="$detail systemd unit in a shell initrd"
	check "dracut.shell-contents" "$detail"
fi

# Which build each image carries, by the ELF build ID (strip keeps it): the
# klibc one only where the conf.d setting asked for it.
build_id() {
	readelf -n "$1" 2>/dev/null | sed -n 's/.*Build ID: //p'
}
MUSL_ID=$(build_id /usr/libexec/vfio-binder/vfio-binder)
KLIBC_ID=$(build_id /usr/libexec/vfio-binder/vfio-binder-klibc)
# image_build NAME IMAGE WANT-ID: the image's usr/sbin/vfio-binder has WANT-ID
image_build() {
	rm -rf "$WORK/unpacked" "$WORK/image-binder"
	case $1 in
	dracut*) lsinitrd -f usr/sbin/vfio-binder "$2" >"$WORK/image-binder" 2>/dev/null ;;
	*)
		unmkinitramfs "$2" "$WORK/unpacked"
		f=$(find "$WORK/unpacked" -path '*/usr/sbin/vfio-binder' | head -n 1)
		[ -z "$f" ] || cp "$f" "$WORK/image-binder"
		;;
	esac
	got=$(build_id "$WORK/image-binder")
	check "$1" "$([ -n "$3" ] && [ "$got" = "$3" ] || echo "build ID '$got', want '$3' (musl $MUSL_ID, klibc $KLIBC_ID)")"
}
[ ! -f "$WORK/plain.img" ] || image_build initramfs.musl-build "$WORK/plain.img" "$MUSL_ID"
[ ! -f "$WORK/klibc.img" ] || image_build initramfs.klibc-build "$WORK/klibc.img" "$KLIBC_ID"
[ ! -f "$WORK/dracut-systemd.img" ] || image_build dracut.musl-build "$WORK/dracut-systemd.img" "$MUSL_ID"

# Arch's mkinitcpio: its images, their checks and boots (mkinitcpio.sh).
mkc_suite
# The last image built: both cores for the boots left, then their checks.
vb_boots_width 2
scenarios_finish

# the examples of README.md and docs/*.md from these boots and builds (marked
# "qemu LOG"): each line of the block is in LOG, in order, timestamps and
# durations aside
rm -rf "$WORK/pages"
doc_marked "$TOP" qemu "$WORK/pages" >"$WORK/page-examples"
while read -r page ex; do
	spec=$(cat "$ex/spec")
	log=$LOGS/${spec#qemu }
	name=$page.$(cat "$ex/line"):${spec#qemu }
	if [ ! -f "$log" ]; then
		fail "$name" "no $log"
		continue
	fi
	tr -d '\r' <"$log" | sed 's/^DMESG //' | doc_normal >"$WORK/readme-log"
	doc_normal <"$ex/block" >"$WORK/readme-want"
	missing=$(doc_missing "$WORK/readme-want" "$WORK/readme-log")
	check "$name" "${missing:+not in the log (in order): $missing}"
done <"$WORK/page-examples"

echo "# whole suite: $(($(now) - suite_t0)) s"
summary
