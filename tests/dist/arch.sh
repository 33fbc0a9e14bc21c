# shellcheck shell=sh
# Sourced by run.sh: dist/arch/PKGBUILD built by makepkg, its package checked,
# installed by pacman into a scratch root, and an image built there by the
# real mkinitcpio (tests/qemu/mkinitcpio.sh's fixture) with the installed hook.

ARCH_DIR=$WORK/arch
ARCH_ROOT=$WORK/roots/arch

# arch_build: makepkg in a copy of dist/arch with the two sources beside the
# PKGBUILD (found there, so nothing is downloaded; their checksums are still
# verified). Runs in the background: its exit code goes to $WORK/arch.rc.
# --nocheck: check() runs check-sysfs, which check-sysfs runs itself.
arch_build() {
	mkdir -p "$ARCH_DIR"
	cp "$TOP"/dist/arch/* "$TARBALL" "$KMOD_TARBALL" "$ARCH_DIR/"
	chown -R "$BUILDER" "$ARCH_DIR"
	rc=0
	as_builder "$ARCH_DIR" "$LOGS/makepkg.log" 'MAKEFLAGS=-j2 makepkg -d --nocheck --noconfirm' || rc=$?
	echo "$rc" >"$WORK/arch.rc"
}

# arch_pkginfo KEY: the values of KEY in the package's .PKGINFO, one a line
arch_pkginfo() {
	sed -n "s/^$1 = //p" "$ARCH_DIR/pkg.info"
}

arch_checks() {
	echo "# Arch: makepkg"
	PKG=$(find "$ARCH_DIR" -maxdepth 1 -name "vfio-binder-$VERSION-*-x86_64.pkg.tar.*" | head -n 1)
	if [ "$(cat "$WORK/arch.rc")" != 0 ] || [ -z "$PKG" ]; then
		fail arch.build "makepkg failed: $(tail_of "$LOGS/makepkg.log")"
		return
	fi
	pass arch.build
	check arch.build.offline "$(grep -E 'Downloading|Failed to download' "$LOGS/makepkg.log" | tr '\n' ' ')"
	# shellcheck disable=SC2154 # kmodver: run.sh's, from the PKGBUILD
	check arch.build.kmod-verified "$(grep -q "kmod_$kmodver.orig.tar.xz ... Passed" "$LOGS/makepkg.log" ||
		echo "makepkg did not verify the kmod tarball")"
	check arch.build.quiet "$(grep -E '^ *(cc|gcc|musl-gcc|klcc) ' "$LOGS/makepkg.log" | head -n 3 | tr '\n' ' ')"

	echo "# Arch: the package"
	bsdtar -tf "$PKG" | grep -v '/$' | grep -v '^\.' | sed 's|^|/|' >"$ARCH_DIR/pkg.list"
	sed 's/^/# arch: /' "$ARCH_DIR/pkg.list"
	same_layout arch.layout "$ARCH_DIR/pkg.list" "$DIST_HERE/arch.files"
	bsdtar -xOf "$PKG" .PKGINFO >"$ARCH_DIR/pkg.info"
	check arch.backup "$(arch_pkginfo backup | grep -qx etc/vfio-binder.conf ||
		echo "etc/vfio-binder.conf is not in backup=")"
	mkdir -p "$ARCH_DIR/unpacked"
	bsdtar -xf "$PKG" -C "$ARCH_DIR/unpacked"
	u=$ARCH_DIR/unpacked
	check arch.static "$(is_static "$u/usr/libexec/vfio-binder/vfio-binder")$(is_static \
		"$u/usr/libexec/vfio-binder/vfio-binder-klibc")"
	check arch.doc-links "$(sh "$TOP/tests/doclinks.sh" "$u/usr/share/doc/vfio-binder" | tr '\n' ' ')"
	# every library the host tool links, by the Arch package that ships it
	missing=
	for lib in $(needed_libs "$u/usr/bin/vfio-binder"); do
		case $lib in
		libc.so.*) want=glibc ;;
		libkmod.so.*) want=kmod ;;
		libblkid.so.*) want=util-linux-libs ;;
		libpci.so.*) want=pciutils ;;
		*) want="(no Arch package known for $lib)" ;;
		esac
		arch_pkginfo depend | grep -qx "$want" || missing="$missing $lib:$want"
	done
	check arch.depends "$([ -z "$missing" ] || echo "depends lacks$missing")"
	bash -c ". '$u/.INSTALL' && post_install $VERSION-1" >"$ARCH_DIR/post_install.txt" 2>&1
	sed 's/^/# arch post_install: /' "$ARCH_DIR/post_install.txt"
	check arch.post-install "$(grep -q /etc/vfio-binder.conf "$ARCH_DIR/post_install.txt" || echo 'no conf file named;'
		grep -q 'mkinitcpio -P' "$ARCH_DIR/post_install.txt" || echo 'no image rebuild command')"

	echo "# Arch: pacman -U into a scratch root"
	mkdir -p "$ARCH_ROOT/var/lib/pacman"
	# --noscriptlet: the scratch root has no shell; post_install is run above.
	# --nodeps twice: no dependency checks at all (its depends are Arch's)
	pacman_u() {
		pacman -U --root "$ARCH_ROOT" --dbpath "$ARCH_ROOT/var/lib/pacman" --nodeps --nodeps --noconfirm --noscriptlet \
			"$PKG" >"$LOGS/$1.log" 2>&1
	}
	pacman_u pacman-install || { fail arch.install "pacman -U failed: $(tail_of "$LOGS/pacman-install.log")"; return; }
	check arch.install "$(pacman -Q --root "$ARCH_ROOT" --dbpath "$ARCH_ROOT/var/lib/pacman" vfio-binder 2>&1 |
		grep -vx "vfio-binder $VERSION-1")"
	with_conf_mark "$ARCH_ROOT"
	pacman_u pacman-reinstall || fail arch.reinstall "pacman -U failed: $(tail_of "$LOGS/pacman-reinstall.log")"
	check arch.reinstall.conf-kept "$(cmp -s "$WORK/arch.edited.conf" "$ARCH_ROOT/etc/vfio-binder.conf" ||
		echo 'the edited /etc/vfio-binder.conf was replaced')"

	echo "# Arch: mkinitcpio with the installed hook"
	if [ ! -f "$MKINITCPIO_TARBALL" ]; then
		skip arch.image "no mkinitcpio fixture at $MKINITCPIO_TARBALL: set VB_MKINITCPIO_TARBALL"
		return
	fi
	mkc_setup || { fail arch.image "mkinitcpio fixture: $MKC_FAILED"; return; }
	# Arch's /usr/sbin is a link to /usr/bin, Debian's a directory: the one
	# name the hooks call there, linked as it resolves on Arch
	mkdir -p "$WORK/roots/arch-sbin/usr/sbin" "$WORK/roots/arch-sbin/etc"
	ln -sfn ../bin/vfio-binder "$WORK/roots/arch-sbin/usr/sbin/vfio-binder"
	printf 'MODULES=()\nBINARIES=()\nFILES=()\nHOOKS=(base vfio-binder)\nCOMPRESSION=cat\n' >"$ARCH_DIR/mkinitcpio.conf"
	img=$ARCH_DIR/initramfs.img
	in_namespace "$LOGS/mkinitcpio.log" "$ARCH_ROOT $WORK/roots/arch-sbin" \
		"bash '$MKC_LIB/mkinitcpio' -n -c '$ARCH_DIR/mkinitcpio.conf' -k '$KVER' -g '$img' \
			-D '$MKC_LIB' -D /usr/lib/initcpio"
	check arch.image.errors "$(mkc_errors "$LOGS/mkinitcpio.log" | tr '\n' ' ')"
	rm -rf "$ARCH_DIR/image" && mkdir -p "$ARCH_DIR/image"
	(cd "$ARCH_DIR/image" && bash "$MKC_LIB/lsinitcpio" -x "$img") >"$LOGS/lsinitcpio.log" 2>&1
	image_has arch.image "$ARCH_DIR/image" "$ARCH_ROOT" "$LOGS/mkinitcpio.log" \
		hooks/vfio-binder usr/lib/systemd/system/vfio-binder.service
}
