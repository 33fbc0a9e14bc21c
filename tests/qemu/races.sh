# shellcheck shell=sh
# Sourced by run.sh: what loads a host driver before udev (functions a host
# driver holds before the binder runs are check-kernel's scenarios: the same
# binder, on the live sysfs). Every race image starts the
# binder 3 s late (slow-binder), so that ordering, not speed, decides; each
# has a control image, the product without its ordering, which must lose:
# card 02's display on bochs-drm before the binder starts, so the binder
# keeps the whole card with the host (its audio on snd_hda_intel too).
# race_checks reads who took the card from the kernel log: slow-binder's
# mark, the binder's start and done lines, bochs-drm's probe of each card.

DRACUT_MODULE=/usr/lib/dracut/modules.d/90vfio-binder
RACE_LOST="$CARD1_HOST $CARD2_HOST"

# race_image NAME BUILD-COMMAND...: builds $WORK/NAME.img, a failure counted
race_image() {
	race_name=$1
	shift
	vb_timed "$race_name.img" "$@" || fail "race.$race_name-image" "build failed: see $LOGS/$race_name.img.build.log"
	vb_boot_ready "$WORK/$race_name.img"
}

# dracut's systemd initrd, and its shell initrd, with slow-binder
race_dracut_sd() {
	vb_dracut "$@" --include "$SLOW_ROOT" /
}
race_dracut_sh() {
	vb_dracut "$@" --omit "systemd systemd-initrd dracut-systemd" --include "$SLOW_ROOT" /
}

races_build() {
	SLOW_ROOT=$(vb_slow_root)
	# initramfs-tools: the binder in init-top, before udev's coldplug (in
	# init-top too) and /etc/initramfs-tools/modules (loaded after init-top).
	# The control runs the binder's script from init-premount, after both,
	# and loses to the first of them, udev's coldplug, which loads bochs by
	# modalias before the modules file is read. (With bochs blacklisted in
	# the image, so that only the modules file could load it, bochs took no
	# card before init-premount and the control won: nothing loses to the
	# modules file alone.)
	race_image itools-modules vb_mkinitramfs "$WORK/itools-modules.img" slow modules=bochs
	race_image itools-modules-unfixed vb_mkinitramfs "$WORK/itools-modules-unfixed.img" slow-late modules=bochs
	# dracut's systemd initrd: systemd-modules-load.service loads
	# rd.modules_load= and modules-load.d, unordered but for the unit's Before=
	unfixed_unit="s/ systemd-modules-load\\.service//"
	race_image sd-modules-load race_dracut_sd "$WORK/sd-modules-load.img"
	race_image sd-modules-load-unfixed vb_without_fix "$DRACUT_MODULE/vfio-binder.service" "$unfixed_unit" \
		race_dracut_sd "$WORK/sd-modules-load-unfixed.img"
	# /etc/modules-load.d goes into host-only images
	echo bochs >"$MODULES_LOAD_D"
	hostonly="--hostonly --hostonly-mode sloppy --no-hostonly-cmdline"
	# shellcheck disable=SC2086 # one word per option
	race_image sd-modules-load-d race_dracut_sd "$WORK/sd-modules-load-d.img" $hostonly
	# shellcheck disable=SC2086
	race_image sd-modules-load-d-unfixed vb_without_fix "$DRACUT_MODULE/vfio-binder.service" "$unfixed_unit" \
		race_dracut_sd "$WORK/sd-modules-load-d-unfixed.img" $hostonly
	rm -f "$MODULES_LOAD_D"
	# the shell initrd: 90kernel-modules loads rd.driver.pre= from cmdline
	# hook 01; the control is the binder's old pre-udev hook
	unfixed_hook="s/inst_hook cmdline 00/inst_hook pre-udev 00/"
	race_image sh-driver-pre race_dracut_sh "$WORK/sh-driver-pre.img"
	race_image sh-driver-pre-unfixed vb_without_fix "$DRACUT_MODULE/module-setup.sh" "$unfixed_hook" \
		race_dracut_sh "$WORK/sh-driver-pre-unfixed.img"
	# force_drivers in dracut.conf: dracut writes it as rd.driver.pre= into the image
	printf 'force_drivers+=" bochs "\n' >"$WORK/force-drivers.conf"
	race_image sh-force-drivers race_dracut_sh "$WORK/sh-force-drivers.img" --conf "$WORK/force-drivers.conf"
	race_image sh-force-drivers-unfixed vb_without_fix "$DRACUT_MODULE/module-setup.sh" "$unfixed_hook" \
		race_dracut_sh "$WORK/sh-force-drivers-unfixed.img" --conf "$WORK/force-drivers.conf"
}

# race NAME CMDLINE: the fixed image wins, the unfixed one loses
race() {
	scenario "race-$1" "$WORK/$1.img" twin "vfio.slots=02:00.0 $2" binder "$CARD1_HOST $CARD2_VFIO"
	later race_checks "race-$1" won
	scenario "race-$1-unfixed" "$WORK/$1-unfixed.img" twin "vfio.slots=02:00.0 $2" binder "$RACE_LOST"
	later race_checks "race-$1-unfixed" lost
}

# dmesg_at LOG REGEX: the time stamp of the first DMESG line of LOG matching REGEX
dmesg_at() {
	log_dmesg "$1" | grep -m 1 -E -- "$2" | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p'
}

# later_than A B SECONDS: time stamp A is at least SECONDS after B (both set)
later_than() {
	[ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" -v s="$3" 'BEGIN { exit !(a - b >= s) }'
}

# race_checks NAME won|lost: the binder really started late (3 s after
# slow-binder's mark), and who took card 02, by the driver link (the
# scenario's drivers) and by whose log: won, the binder's done line with
# both functions on vfio-pci, no probe of card 02 by bochs-drm, and its probe
# of card 01 after the binder was done (the host driver was loaded, later);
# lost, bochs-drm's probe of card 02 before the binder started, and the
# binder's line that found it there.
race_checks() {
	log=$LOGS/$1.log
	log_reached_root "$log" || return 0
	slow=$(dmesg_at "$log" 'vbtest-slow: ')
	start=$(dmesg_at "$log" 'vfio-binder: start')
	done_at=$(dmesg_at "$log" 'vfio-binder: done')
	card1=$(dmesg_at "$log" 'Initialized bochs-drm .* for 0000:01:00\.0 ')
	card2=$(dmesg_at "$log" 'Initialized bochs-drm .* for 0000:02:00\.0 ')
	check "$1.binder-late" "$(later_than "$start" "$slow" 2.9 ||
		echo "the binder started at '$start', slow-binder's mark at '$slow': not 3 s late")"
	if [ "$2" = won ]; then
		check "$1.taken-by-binder" "$(log_dmesg "$log" | grep -qE 'vfio-binder: done in [0-9]+ ms: 2 of 2 functions on vfio-pci$' ||
			echo "no done line with 2 of 2 functions on vfio-pci")"
		check "$1.card2-not-probed" "${card2:+bochs-drm probed 0000:02:00.0 at $card2}"
		check "$1.host-driver-after-binder" "$(later_than "$card1" "$done_at" 0 ||
			echo "bochs-drm probed 0000:01:00.0 at '$card1', the binder was done at '$done_at'")"
	else
		check "$1.taken-by-host-driver" "$(later_than "$start" "$card2" 0 ||
			echo "bochs-drm probed 0000:02:00.0 at '$card2', the binder started at '$start'")"
		log_has "$1.binder-found-it" "$log" \
			'vfio-binder: 0000:02:00.0: bochs-drm bound it before the binder ran; the card stays whole with the host'
	fi
}

# log_has NAME LOG TEXT...: every TEXT is in a line of LOG
log_has() {
	has_name=$1
	has_log=$2
	shift 2
	detail=
	for text in "$@"; do
		log_text "$has_log" | grep -qF -- "$text" || detail="$detail no line with '$text';"
	done
	check "$has_name" "${detail# }"
}

races_run() {
	race itools-modules ""
	race sd-modules-load "rd.modules_load=bochs"
	race sd-modules-load-d ""
	race sh-driver-pre "rd.driver.pre=bochs"
	race sh-force-drivers ""
}

# races_images: what the images hold, once built: the slow binder in every
# race image, so the binder really starts late.
races_images() {
	for img in itools-modules itools-modules-unfixed; do
		[ -f "$WORK/$img.img" ] || continue
		check "race.$img-is-slow" "$(image_missing "$(lsinitramfs "$WORK/$img.img")" 'usr/sbin/vfio-binder\.real$')"
	done
	for img in sd-modules-load sd-modules-load-unfixed sd-modules-load-d sd-modules-load-d-unfixed \
		sh-driver-pre sh-driver-pre-unfixed sh-force-drivers sh-force-drivers-unfixed; do
		[ -f "$WORK/$img.img" ] || continue
		check "race.$img-is-slow" "$(image_missing "$(lsinitrd "$WORK/$img.img")" 'usr/sbin/vfio-binder\.real$')"
	done
	for img in sd-modules-load-d sd-modules-load-d-unfixed; do
		[ -f "$WORK/$img.img" ] || continue
		check "race.$img-holds-modules-load-d" \
			"$(image_missing "$(lsinitrd "$WORK/$img.img")" 'etc/modules-load\.d/vbtest-bochs\.conf$')"
	done
}
