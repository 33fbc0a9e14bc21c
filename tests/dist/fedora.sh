# shellcheck shell=sh
# Sourced by run.sh: dist/fedora/vfio-binder.spec built by rpmbuild, checked
# by rpmlint, its package installed by rpm into a scratch root, and an image
# built there by the real dracut with the installed module.

RPM_TOP=$WORK/rpm
FEDORA_ROOT=$WORK/roots/fedora

# fedora_build: rpmbuild -bb with both sources in SOURCES (--nodeps: the
# BuildRequires name Fedora's packages). Exit code in $WORK/fedora.rc.
fedora_build() {
	mkdir -p "$RPM_TOP/SPECS" "$RPM_TOP/SOURCES"
	cp "$TOP/dist/fedora/vfio-binder.spec" "$RPM_TOP/SPECS/"
	cp "$TARBALL" "$KMOD_TARBALL" "$RPM_TOP/SOURCES/"
	chown -R "$BUILDER" "$RPM_TOP"
	rc=0
	as_builder "$RPM_TOP" "$LOGS/rpmbuild.log" \
		"rpmbuild --define '_topdir $RPM_TOP' --nodeps -bb SPECS/vfio-binder.spec" || rc=$?
	echo "$rc" >"$WORK/fedora.rc"
}

fedora_checks() {
	echo "# Fedora: rpmbuild"
	RPM=$(find "$RPM_TOP/RPMS" -name "vfio-binder-$VERSION-1*.x86_64.rpm" 2>/dev/null | head -n 1)
	if [ "$(cat "$WORK/fedora.rc")" != 0 ] || [ -z "$RPM" ]; then
		fail fedora.build "rpmbuild failed: $(tail_of "$LOGS/rpmbuild.log")"
		return
	fi
	pass fedora.build
	check fedora.build.kmod-verified "$(grep -q "sha256sum -c" "$LOGS/rpmbuild.log" ||
		echo "%prep did not check the kmod tarball's checksum")"
	rpmlint -r "$TOP/dist/fedora/vfio-binder.rpmlintrc" "$RPM_TOP/SPECS/vfio-binder.spec" "$RPM" \
		>"$LOGS/rpmlint.log" 2>&1
	sed 's/^/# rpmlint: /' "$LOGS/rpmlint.log"
	check fedora.rpmlint "$(grep -q ' 0 errors' "$LOGS/rpmlint.log" || grep ': E: ' "$LOGS/rpmlint.log" | tr '\n' '|')"
	# every filter says why, on the comment lines right above it
	check fedora.rpmlint.filters-justified "$(awk '/^#/ { said = 1; next } /^[[:space:]]*$/ { said = 0; next }
		{ if (!said) print $0 }' "$TOP/dist/fedora/vfio-binder.rpmlintrc" | tr '\n' ' ')"

	echo "# Fedora: the package"
	rpm -qlp "$RPM" 2>/dev/null >"$RPM_TOP/pkg.list"
	sed 's/^/# fedora: /' "$RPM_TOP/pkg.list"
	same_layout fedora.layout "$RPM_TOP/pkg.list" "$DIST_HERE/fedora.files"
	check fedora.config-noreplace "$(rpm -qp --qf '[%{FILEFLAGS:fflags} %{FILENAMES}\n]' "$RPM" 2>/dev/null |
		grep -qx 'cn /etc/vfio-binder.conf' || echo '/etc/vfio-binder.conf is not %config(noreplace)')"
	u=$RPM_TOP/unpacked
	rm -rf "$u" && mkdir -p "$u"
	(cd "$u" && rpm2cpio "$RPM" | cpio -idm --quiet)
	check fedora.static "$(is_static "$u/usr/libexec/vfio-binder/vfio-binder")"
	check fedora.doc-links "$(sh "$TOP/tests/doclinks.sh" "$u/usr/share/doc/vfio-binder" | tr '\n' ' ')"
	rpm -qp --requires "$RPM" 2>/dev/null >"$RPM_TOP/requires"
	missing=
	for lib in $(needed_libs "$u/usr/sbin/vfio-binder"); do
		grep -q "^$lib(" "$RPM_TOP/requires" || missing="$missing $lib"
	done
	check fedora.requires "$([ -z "$missing" ] || echo "Requires lacks$missing")"
	rpm -qp --qf '%{POSTIN}' "$RPM" 2>/dev/null | sh -s 1 >"$RPM_TOP/post.txt" 2>&1
	sed 's/^/# fedora %post: /' "$RPM_TOP/post.txt"
	check fedora.post-install "$(grep -q /etc/vfio-binder.conf "$RPM_TOP/post.txt" || echo 'no conf file named;'
		grep -q 'dracut --regenerate-all --force' "$RPM_TOP/post.txt" || echo 'no image rebuild command')"

	echo "# Fedora: rpm -i into a scratch root"
	mkdir -p "$FEDORA_ROOT"
	rpm --root "$FEDORA_ROOT" --initdb
	# --noscripts: the scratch root has no shell; %post is run above
	rpm_i() {
		log=$LOGS/$1.log
		shift
		rpm --root "$FEDORA_ROOT" -i --nodeps --noscripts "$@" "$RPM" >"$log" 2>&1
	}
	rpm_i rpm-install || { fail fedora.install "rpm -i failed: $(tail_of "$LOGS/rpm-install.log")"; return; }
	check fedora.install "$(rpm --root "$FEDORA_ROOT" -V --nodeps vfio-binder 2>&1)"
	with_conf_mark "$FEDORA_ROOT"
	rpm_i rpm-reinstall --replacepkgs ||
		fail fedora.reinstall "rpm -i --replacepkgs failed: $(tail_of "$LOGS/rpm-reinstall.log")"
	check fedora.reinstall.conf-kept "$(cmp -s "$WORK/fedora.edited.conf" "$FEDORA_ROOT/etc/vfio-binder.conf" ||
		echo 'the edited /etc/vfio-binder.conf was replaced')"

	echo "# Fedora: dracut with the installed module"
	img=$RPM_TOP/initramfs.img
	mkdir -p "$WORK/empty"
	# only vfio-binder and what it needs, this machine's dracut.conf left out
	in_namespace "$LOGS/dracut.log" "$FEDORA_ROOT" \
		"dracut --conf /dev/null --confdir '$WORK/empty' --no-hostonly --no-compress --no-early-microcode \
			-m vfio-binder --kver '$KVER' --force '$img'"
	check fedora.image.built "$([ -s "$img" ] || echo "dracut failed: $(tail_of "$LOGS/dracut.log")")"
	rm -rf "$RPM_TOP/image" && mkdir -p "$RPM_TOP/image"
	(cd "$RPM_TOP/image" && lsinitrd --unpack "$img") >"$LOGS/lsinitrd.log" 2>&1
	image_has fedora.image "$RPM_TOP/image" "$FEDORA_ROOT" "$LOGS/dracut.log" \
		usr/lib/dracut/hooks/cmdline/00-vfio-binder-cmdline.sh
}
