# shellcheck shell=sh
# Sourced by run.sh after lib.sh: the real mkinitcpio 41 (Arch's generator,
# which Debian does not package), made runnable from upstream's release
# tarball into a scratch prefix under build/qemu/mkinitcpio, and the images
# the mkinitcpio scenarios boot. Nothing of it is installed into /: the
# vfio-binder hooks come from /usr/lib/initcpio, where vb_install put what
# `make install` produces, as on Arch.

# The fixture: upstream's v41 release (see ../shared/ENVIRONMENT-NOTES.md),
# read from shared/third-party beside the repository's top, where CI's fresh
# clone has it too. A user's clone has no such directory: without the
# tarball the mkinitcpio checks are skipped, with the variable that names it.
MKINITCPIO_TARBALL=${VB_MKINITCPIO_TARBALL:-$(cd "$TOP/.." && pwd)/shared/third-party/mkinitcpio-41.tar.gz}
# @VERSION@: meson takes it from git describe, which a tarball lacks
MKINITCPIO_VERSION=41
MKC=$WORK/mkinitcpio
# mkinitcpio's own library, hooks and install hooks (upstream's
# /usr/lib/initcpio), and the hook directories for the tests
MKC_LIB=$MKC/prefix/usr/lib/initcpio
# where make install puts the vfio-binder hooks, and mkinitcpio on Arch its own
INITCPIO_DIR=/usr/lib/initcpio

# mkc_setup: unpacks the tarball and fills the scratch prefix the way
# upstream's meson install would, with the substitutions its meson.build
# makes, and three adjustments for Debian (see ENVIRONMENT-NOTES.md). Sets
# MKC_FAILED to a reason when it cannot.
mkc_setup() {
	MKC_FAILED=
	rm -rf "$MKC"
	mkdir -p "$MKC/src" "$MKC_LIB/hooks" "$MKC_LIB/install" "$MKC/prefix/etc/initcpio" "$MKC/test/install"
	if [ ! -f "$MKINITCPIO_TARBALL" ]; then
		MKC_FAILED="no $MKINITCPIO_TARBALL (set VB_MKINITCPIO_TARBALL to mkinitcpio's v41 release tarball)"
		return 1
	fi
	if ! tar -xzf "$MKINITCPIO_TARBALL" -C "$MKC/src" --strip-components=1; then
		MKC_FAILED="cannot unpack $MKINITCPIO_TARBALL"
		return 1
	fi
	for tool in bash bsdtar bsdcpio; do
		command -v "$tool" >/dev/null || {
			MKC_FAILED="missing tool: $tool (bsdtar and bsdcpio are in libarchive-tools)"
			return 1
		}
	done
	# meson.build's configuration_data, with Debian's paths
	# (@INITCPIO_SYSCONFDIR@ and @SYSCONFDIR@ inside the prefix, so that
	# nothing of this machine's /etc is read)
	src=$MKC/src
	for f in "$src/mkinitcpio" "$src/lsinitcpio" "$src/functions" "$src/init" "$src/init_functions" \
		"$src"/install/* "$src"/hooks/*; do
		case $f in */meson.build) continue ;; esac
		dest=$MKC_LIB/${f#"$src/"}
		sed -e "s|@VERSION@|$MKINITCPIO_VERSION|g" -e "s|@BINDIR@|/usr/bin|g" \
			-e "s|@INITCPIO_LIBDIR@|$MKC_LIB|g" -e "s|@INITCPIO_SYSCONFDIR@|$MKC/prefix/etc/initcpio|g" \
			-e "s|@SYSCONFDIR@|$MKC/prefix/etc|g" -e "s|@TMPFILES_PATH@|/usr/bin/systemd-tmpfiles|g" \
			-e "s|@UDEVD_PATH@|/usr/lib/systemd/systemd-udevd|g" -e "s|@VCONSOLE_CONF@|/etc/vconsole.conf|g" \
			"$f" >"$dest" || {
			MKC_FAILED="cannot write $dest"
			return 1
		}
	done
	# 1. Debian's modinfo and depmod live in /usr/sbin: without it on PATH
	# every module is "not found".
	sed -i 's|^export PATH="/usr/bin:/bin"$|export PATH="/usr/bin:/usr/sbin:/bin"|' "$MKC_LIB/mkinitcpio"
	# 2. install/base takes busybox from the library directory. Debian's
	# busybox package's binary, which runs what PATH names as Arch's does:
	# busybox-static prefers its own applets, so its modprobe and mount
	# would run in place of kmod's and util-linux's that install/base adds.
	if [ ! -x "$WORK/busybox-dynamic/bin/busybox" ]; then
		rm -rf "$WORK/busybox-dynamic" "$WORK/deb-dynamic"
		mkdir -p "$WORK/deb-dynamic"
		if ! (cd "$WORK/deb-dynamic" && apt-get download busybox) >"$LOGS/apt-download-busybox.log" 2>&1; then
			MKC_FAILED="apt-get download busybox failed: see $LOGS/apt-download-busybox.log"
			return 1
		fi
		dpkg-deb -x "$WORK"/deb-dynamic/busybox_*.deb "$WORK/busybox-dynamic"
	fi
	cp "$WORK/busybox-dynamic/bin/busybox" "$MKC_LIB/busybox"
	sed -i "s|/usr/lib/initcpio/busybox|$MKC_LIB/busybox|g" "$MKC_LIB/install/base"
	# 3. bsdtar (libarchive-tools) writes the archive: checked above.
	for want in 'PATH="/usr/bin:/usr/sbin:/bin"' "$MKC_LIB/busybox"; do
		grep -qF "$want" "$MKC_LIB/mkinitcpio" "$MKC_LIB/install/base" || {
			MKC_FAILED="adjustment '$want' did not apply: not mkinitcpio 41?"
			return 1
		}
	done
	if grep -l '@[A-Z_]*@' "$MKC_LIB/mkinitcpio" "$MKC_LIB/functions" "$MKC_LIB/init" \
		"$MKC_LIB/init_functions" "$MKC_LIB/lsinitcpio" "$MKC_LIB"/install/* "$MKC_LIB"/hooks/* >"$MKC/left" 2>&1; then
		MKC_FAILED="substitutions left in: $(tr '\n' ' ' <"$MKC/left")"
		return 1
	fi
	return 0
}

# mkc_build OUT "MODULES" "HOOKS" [HOOKDIR]: an image from the real
# mkinitcpio with those MODULES= and HOOKS=, its hooks taken from HOOKDIR
# first (a control's), then upstream's, then /usr/lib/initcpio (vfio-binder's,
# as make install put them), then the test hook vbtest (VB_CONTROL_UNIT from
# MKC_CONTROL_UNIT). Log in $LOGS/NAME.build.log. Returns mkinitcpio's exit
# status, which Debian's paths make 1 for most images (see mkc_errors).
mkc_build() {
	rm -f "$1"
	mkc_run "$@"
}

# mkc_run: mkc_build over what OUT holds now.
mkc_run() {
	out=$1
	conf=$MKC/${out##*/}.conf
	printf 'MODULES=(%s)\nBINARIES=()\nFILES=()\nHOOKS=(%s)\nCOMPRESSION=%s\n' "$2" "$3" "$COMPRESS" >"$conf"
	first=
	[ -z "${4:-}" ] || first="-D $4"
	# shellcheck disable=SC2086 # $first is an option and its argument, or nothing
	VB_SLOW_BINDER=$HERE/slow-binder VB_CONTROL_UNIT=${MKC_CONTROL_UNIT:-} \
		bash "$MKC_LIB/mkinitcpio" -n -c "$conf" -k "$KVER" -g "$out" \
		$first -D "$MKC_LIB" -D "$INITCPIO_DIR" -D "$MKC/test" >"$LOGS/${out##*/}.build.log" 2>&1
}

# mkc_errors LOG: the build's errors that matter. mkinitcpio 41's hooks name
# Arch's paths; on Debian some are elsewhere or absent (/usr/lib/libkmod.so.2,
# /usr/bin/sulogin, systemd 254+'s systemd-executor...), each an error that
# makes mkinitcpio exit 1 while the image is complete for these tests. Those
# are left out: a "file not found" for a file this machine lacks. Any other
# error is printed, one a line.
mkc_errors() {
	sed -n 's/^==> ERROR: //p' "$1" | while IFS= read -r line; do
		path=$(echo "$line" | sed -n "s/^file not found: '\(.*\)'\$/\1/p")
		if [ -n "$path" ] && [ ! -e "$path" ]; then
			continue
		fi
		echo "$line"
	done
}

# mkc_built NAME OUT: the check that the image was written and the build
# had no error that matters.
mkc_built() {
	detail=
	if [ ! -s "$2" ]; then
		detail="no image: see $LOGS/${2##*/}.build.log"
	else
		detail=$(mkc_errors "$LOGS/${2##*/}.build.log" | tr '\n' '|')
	fi
	check "$1" "$detail"
}

# mkc_list IMAGE: the image's file names, by upstream's lsinitcpio.
mkc_list() {
	bash "$MKC_LIB/lsinitcpio" "$1"
}

# mkc_extract IMAGE: unpacks IMAGE into $MKC/unpacked; fails when it cannot.
mkc_extract() {
	rm -rf "$MKC/unpacked"
	mkdir -p "$MKC/unpacked"
	(cd "$MKC/unpacked" && bash "$MKC_LIB/lsinitcpio" -x "$1")
}

# mkc_config_has IMAGE-CONFIG VAR HOOK: whether the busybox init's /config
# lists HOOK in VAR (EARLYHOOKS: run_earlyhook, HOOKS: run_hook).
mkc_config_has() {
	case " $(sed -n "s/^$2=\"\(.*\)\"\$/\1/p" "$1") " in
	*" $3 "*) return 0 ;;
	esac
	return 1
}

# For danger_stops_build: builds over an existing image and returns 0 when
# mkinitcpio wrote one (replaced it, or left a new one beside it).
mkinitcpio_wrote_an_image() {
	printf 'the image before\n' >"$WORK/danger.img"
	rm -f "$WORK/danger.img.tmp"
	mkc_run "$WORK/danger.img" "" "base vfio-binder" || true
	[ "$(cat "$WORK/danger.img")" != "the image before" ] || [ -e "$WORK/danger.img.tmp" ]
}

# mkc_order SCENARIO "WHAT=ERE"... [lost]: checks on the serial log of a
# scenario that the binder's done line comes before the first line matching
# each ERE (what loads or binds drivers: MODULES=, udev), as ordering makes
# it; with lost (a control), that the first of them came before it instead.
mkc_order() {
	name=$1
	shift
	log=$LOGS/$name.log
	[ -f "$log" ] && log_reached_root "$log" || return 0
	text=$(log_text "$log" | sed 's/\x1b\[[0-9;]*m//g')
	done_at=$(echo "$text" | grep -n -m 1 'vfio-binder: done' | cut -d: -f1)
	detail=
	early=
	for pair in "$@"; do
		[ "$pair" != lost ] || continue
		at=$(echo "$text" | grep -n -m 1 -E "${pair#*=}" | cut -d: -f1)
		if [ -z "$at" ]; then
			detail="$detail no line for ${pair%%=*};"
		elif [ -z "$done_at" ] || [ "$at" -lt "$done_at" ]; then
			early="$early ${pair%%=*}"
		fi
	done
	case " $* " in
	*" lost "*)
		[ -n "$early" ] || detail="$detail the binder was done before what should beat it;"
		check "$name.host-driver-loaded-first" "${detail# }"
		;;
	*)
		[ -z "$early" ] || detail="$detail before the binder was done:$early;"
		check "$name.binder-first" "${detail# }"
		;;
	esac
}

# The mkinitcpio part of check-qemu: run.sh calls it with the staged files
# installed in / and no conf, after its own checks (it uses run.sh's
# scenario, danger_stops_build and image_missing).
mkc_suite() {
	mkc_t0=$(now)
	if [ ! -f "$MKINITCPIO_TARBALL" ]; then
		skip mkinitcpio "every mkinitcpio check: no fixture at $MKINITCPIO_TARBALL (set VB_MKINITCPIO_TARBALL to mkinitcpio's v41 release tarball)"
		return
	fi
	if mkc_setup; then
		pass mkinitcpio.setup
	else
		fail mkinitcpio.setup "$MKC_FAILED"
	fi
	cp "$HERE/mkinitcpio-vbtest" "$MKC/test/install/vbtest"
	echo "# mkinitcpio $MKINITCPIO_VERSION set up from $MKINITCPIO_TARBALL: $(($(now) - mkc_t0)) s"
	MKC_CONTROL_UNIT=
	# no block or filesystems hook: vbtest adds the test machine's drivers
	full="base udev vfio-binder vbtest modconf"
	sdfull="base systemd vfio-binder vbtest modconf"

	# mkinitcpio -H: the installed hook's help, and its runtime part an
	# early hook only (-D is read too late for -H: the environment instead)
	MKINITCPIO_INSTALL=$INITCPIO_DIR/install MKINITCPIO_HOOKS=$INITCPIO_DIR/hooks \
		bash "$MKC_LIB/mkinitcpio" -n -H vfio-binder >"$LOGS/mkinitcpio-help.log" 2>&1 || true
	detail=
	grep -q "^==> Help for hook 'vfio-binder':" "$LOGS/mkinitcpio-help.log" || detail="no help;"
	grep -qx '  -> early hook' "$LOGS/mkinitcpio-help.log" || detail="$detail no early hook;"
	! grep -q -e '-> pre-mount hook' -e '-> post-mount hook' "$LOGS/mkinitcpio-help.log" ||
		detail="$detail a later runtime part too;"
	check mkinitcpio.hook-help "${detail:+$detail see $LOGS/mkinitcpio-help.log}"

	# Hooks installed but the binary gone: the image builds, without us.
	[ ! -e /usr/sbin/vfio-binder ] || mv /usr/sbin/vfio-binder "$WORK/vfio-binder.aside"
	vb_timed "mkinitcpio without binary" mkc_build "$WORK/mkc-nobinary.img" "" "base vfio-binder" || true
	[ ! -e "$WORK/vfio-binder.aside" ] || mv "$WORK/vfio-binder.aside" /usr/sbin/vfio-binder
	mkc_built mkinitcpio.builds-without-binary "$WORK/mkc-nobinary.img"
	if [ -s "$WORK/mkc-nobinary.img" ]; then
		detail=
		mkc_list "$WORK/mkc-nobinary.img" >/dev/null || detail="cannot list it;"
		! mkc_list "$WORK/mkc-nobinary.img" | grep -q 'vfio' || detail="image holds vfio-binder files;"
		grep -q 'WARNING: vfio-binder: /usr/sbin/vfio-binder not found' "$LOGS/mkc-nobinary.img.build.log" ||
			detail="$detail no warning in $LOGS/mkc-nobinary.img.build.log"
		check mkinitcpio.without-binary-adds-nothing "$detail"
	fi

	# An invalid conf: the image builds, with a warning, and holds the conf.
	vb_set_conf "0g:00.0"
	vb_timed "mkinitcpio invalid conf" mkc_build "$WORK/mkc-badconf.img" "" "base vfio-binder" || true
	vb_set_conf ""
	mkc_built mkinitcpio.invalid-conf-builds "$WORK/mkc-badconf.img"
	if [ -s "$WORK/mkc-badconf.img" ]; then
		detail=
		grep -q 'WARNING: vfio-binder: the configuration is invalid' "$LOGS/mkc-badconf.img.build.log" ||
			detail="no warning in $LOGS/mkc-badconf.img.build.log;"
		mkc_extract "$WORK/mkc-badconf.img" || detail="$detail cannot unpack it;"
		grep -qx 'slots = 0g:00.0' "$MKC/unpacked/etc/vfio-binder.conf" 2>/dev/null ||
			detail="$detail etc/vfio-binder.conf missing or not the one written;"
		# the static initramfs binary, not the host tool
		cmp -s "$MKC/unpacked/usr/sbin/vfio-binder" /usr/libexec/vfio-binder/vfio-binder ||
			detail="$detail usr/sbin/vfio-binder is not /usr/libexec/vfio-binder/vfio-binder"
		check mkinitcpio.invalid-conf-warns "$detail"
	fi

	# A selection taking this host's root controller or uplink stops the
	# build, and the image already there stays as it was.
	danger_stops_build mkinitcpio.danger-stops-build mkinitcpio_wrote_an_image

	# The images booted below: the busybox init with vfio-binder listed
	# after udev, and the systemd hook; each with its control, the product
	# minus the fix, derived from the installed files.
	vb_timed "mkinitcpio mkc-busybox.img" mkc_build "$WORK/mkc-busybox.img" bochs "$full" || true
	mkc_built mkinitcpio.busybox-image "$WORK/mkc-busybox.img"
	mkdir -p "$MKC/control/hooks"
	sed 's/^run_earlyhook()/run_hook()/' "$INITCPIO_DIR/hooks/vfio-binder" >"$MKC/control/hooks/vfio-binder" || true
	vb_timed "mkinitcpio mkc-busybox-control.img" \
		mkc_build "$WORK/mkc-busybox-control.img" bochs "$full" "$MKC/control" || true
	mkc_built mkinitcpio.busybox-control-image "$WORK/mkc-busybox-control.img"
	vb_timed "mkinitcpio mkc-systemd.img" mkc_build "$WORK/mkc-systemd.img" bochs "$sdfull" || true
	mkc_built mkinitcpio.systemd-image "$WORK/mkc-systemd.img"
	MKC_CONTROL_UNIT=yes
	vb_timed "mkinitcpio mkc-systemd-control.img" mkc_build "$WORK/mkc-systemd-control.img" bochs "$sdfull" || true
	MKC_CONTROL_UNIT=
	mkc_built mkinitcpio.systemd-control-image "$WORK/mkc-systemd-control.img"

	# What the images hold.
	for img in mkc-busybox mkc-busybox-control mkc-systemd mkc-systemd-control; do
		[ -s "$WORK/$img.img" ] || continue
		listing=$(mkc_list "$WORK/$img.img") || listing=
		detail=$(image_missing "$listing" 'usr/bin/vfio-binder$' 'usr/bin/vfio-binder\.real$' \
			'^hooks/vfio-binder$' '/vfio\.ko$' '/vfio_iommu_type1\.ko$' '/vfio-pci\.ko$' \
			'usr/lib/systemd/system/vfio-binder\.service$' \
			'usr/lib/systemd/system/sysinit\.target\.wants/vfio-binder\.service$' \
			'/bochs\.ko$' '/snd-hda-intel\.ko$')
		! echo "$listing" | grep -q 'etc/vfio-binder.conf$' ||
			detail="$detail holds a conf though /etc/vfio-binder.conf was absent;"
		mkc_extract "$WORK/$img.img" || detail="$detail cannot unpack it;"
		u=$MKC/unpacked
		cmp -s "$u/usr/bin/vfio-binder.real" /usr/libexec/vfio-binder/vfio-binder ||
			detail="$detail usr/sbin/vfio-binder.real is not /usr/libexec/vfio-binder/vfio-binder;"
		case $img in
		mkc-busybox)
			mkc_config_has "$u/config" MODULES bochs || detail="$detail MODULES lacks bochs;"
			mkc_config_has "$u/config" EARLYHOOKS vfio-binder || detail="$detail not an early hook;"
			! mkc_config_has "$u/config" HOOKS vfio-binder || detail="$detail a run_hook too;"
			;;
		mkc-busybox-control)
			mkc_config_has "$u/config" HOOKS vfio-binder || detail="$detail the control is no run_hook;"
			! mkc_config_has "$u/config" EARLYHOOKS vfio-binder || detail="$detail the control is an early hook;"
			;;
		mkc-systemd)
			# one unit for both systemd initrds: dracut's file, as it is
			cmp -s "$u/usr/lib/systemd/system/vfio-binder.service" \
				"$TOP/dracut-module/90vfio-binder/vfio-binder.service" || detail="$detail not dracut's unit;"
			[ -e "$u/usr/lib/systemd/system/sysinit.target" ] || detail="$detail no sysinit.target;"
			grep -qx bochs "$u/etc/modules-load.d/MODULES.conf" 2>/dev/null ||
				detail="$detail modules-load.d/MODULES.conf lacks bochs;"
			;;
		mkc-systemd-control)
			# the control: the same unit, without Before=systemd-modules-load.service
			sed '/^Before=/s/ systemd-modules-load\.service//' \
				"$TOP/dracut-module/90vfio-binder/vfio-binder.service" >"$MKC/control.service"
			cmp -s "$u/usr/lib/systemd/system/vfio-binder.service" "$MKC/control.service" &&
				! grep -q '^Before=.*systemd-modules-load' "$MKC/control.service" ||
				detail="$detail not the unit minus its order before systemd-modules-load;"
			;;
		esac
		check "mkinitcpio.$img-contents" "$detail"
	done

	# Each boots the twin machine asking for the second card, the binder
	# 3 s late: the fix wins by ordering, the control loses to MODULES=.
	# (mkc_order reads the logs, once the boots are done: none left from an
	# earlier run)
	rm -f "$LOGS"/mkinitcpio-*.log
	vb_boot_ready "$WORK/mkc-busybox.img" "$WORK/mkc-busybox-control.img" "$WORK/mkc-systemd.img" \
		"$WORK/mkc-systemd-control.img"
	scenario mkinitcpio-busybox-twin "$WORK/mkc-busybox.img" twin "vfio.slots=02:00.0" binder \
		"$CARD1_HOST $CARD2_VFIO"
	later mkc_order mkinitcpio-busybox-twin "bochs-drm=Initialized bochs-drm" "udev's run_hook=running hook \[udev\]"
	# (card 02's display held by bochs-drm first, the binder keeps the whole
	# card with the host: its audio on snd_hda_intel)
	scenario mkinitcpio-busybox-control-loses "$WORK/mkc-busybox-control.img" twin "vfio.slots=02:00.0" binder \
		"$RACE_LOST"
	later mkc_order mkinitcpio-busybox-control-loses "bochs-drm=Initialized bochs-drm" lost
	scenario mkinitcpio-systemd-twin "$WORK/mkc-systemd.img" twin "vfio.slots=02:00.0" binder \
		"$CARD1_HOST $CARD2_VFIO"
	later mkc_order mkinitcpio-systemd-twin "bochs-drm=Initialized bochs-drm" \
		"systemd-modules-load=Starting systemd-modules-l" "systemd-udevd=Starting systemd-udevd"
	scenario mkinitcpio-systemd-control-loses "$WORK/mkc-systemd-control.img" twin "vfio.slots=02:00.0" binder \
		"$RACE_LOST"
	later mkc_order mkinitcpio-systemd-control-loses "systemd-modules-load=Starting systemd-modules-l" lost
	echo "# mkinitcpio part: $(($(now) - mkc_t0)) s"
}
