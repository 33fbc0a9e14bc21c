# shellcheck shell=sh
# Builds fake sysfs trees shaped like the kernel's, for running the real binary
# with --root: devices under sys/devices/pciDDDD:BB/..., links in
# sys/bus/pci/devices, sys/kernel/iommu_groups/N/devices, and per-function
# iommu_group and driver links. Sourced by the tests; POSIX sh.

# fake_root DIR: an empty machine below DIR
fake_root() {
	root=$1
	rm -rf "$root"
	mkdir -p "$root/sys/devices" "$root/sys/bus/pci/devices" "$root/sys/bus/pci/drivers" \
		"$root/sys/kernel/iommu_groups" "$root/proc" "$root/etc"
	: >"$root/sys/bus/pci/drivers_probe"
	: >"$root/proc/cmdline"
}

# fake_no_iommu: drop the iommu_groups directory, as with the IOMMU off
fake_no_iommu() {
	rm -rf "$root/sys/kernel/iommu_groups"
}

# path of a function's directory below sys/devices
_fake_dir() {
	link=$root/sys/bus/pci/devices/$1
	[ -L "$link" ] || { echo "fake: no function $1" >&2; return 1; }
	# links are ../../../devices/...
	echo "$root/sys/$(readlink "$link" | sed 's|^\.\./\.\./\.\./||')"
}

# fake_fn ADDR PARENT VENDOR DEVICE CLASS GROUP [DRIVER]
#   PARENT is the upstream bridge's address or "-" for the root bus;
#   GROUP is an IOMMU group number or "-" for none; DRIVER "-" for none.
fake_fn() {
	addr=$1 parent=$2 vendor=$3 device=$4 class=$5 group=$6 driver=${7:--}
	if [ "$parent" = - ]; then
		rel=pci${addr%:*.*}
		rel=devices/$rel/$addr
	else
		prel=$(_fake_dir "$parent") || return 1
		rel=${prel#"$root/sys/"}/$addr
	fi
	dir=$root/sys/$rel
	mkdir -p "$dir"
	printf '0x%s\n' "$vendor" >"$dir/vendor"
	printf '0x%s\n' "$device" >"$dir/device"
	printf '0x%s\n' "$class" >"$dir/class"
	printf '(null)\n' >"$dir/driver_override"
	case $class in 0300*) printf '0\n' >"$dir/boot_vga" ;; esac
	up=$(echo "$rel" | sed 's|[^/]*|..|g')
	ln -s "../../../$rel" "$root/sys/bus/pci/devices/$addr"
	if [ "$group" != - ]; then
		mkdir -p "$root/sys/kernel/iommu_groups/$group/devices"
		ln -s "$up/kernel/iommu_groups/$group" "$dir/iommu_group"
		ln -s "../../../../$rel" "$root/sys/kernel/iommu_groups/$group/devices/$addr"
	fi
	if [ "$driver" != - ]; then
		mkdir -p "$root/sys/bus/pci/drivers/$driver"
		ln -s "$up/bus/pci/drivers/$driver" "$dir/driver"
	fi
}

# fake_boot_vga ADDR: mark the boot display
fake_boot_vga() {
	d=$(_fake_dir "$1") && printf '1\n' >"$d/boot_vga"
}

# fake_vf VF PF: mark VF as an SR-IOV virtual function of PF
fake_vf() {
	d=$(_fake_dir "$1") && p=$(_fake_dir "$2") && ln -s "$p" "$d/physfn"
}

# fake_override ADDR: print a function's driver_override
fake_override() {
	d=$(_fake_dir "$1") && cat "$d/driver_override"
}

# fake_reset: every function's driver_override back to "(null)", drivers_probe empty
fake_reset() {
	for _l in "$root"/sys/bus/pci/devices/*; do
		[ -L "$_l" ] || continue
		printf '(null)\n' >"$_l/driver_override"
	done
	: >"$root/sys/bus/pci/drivers_probe"
}

# fake_overrides: "ADDR VALUE" for every function, in address order
fake_overrides() {
	for _l in "$root"/sys/bus/pci/devices/*; do
		[ -L "$_l" ] || continue
		printf '%s %s\n' "${_l##*/}" "$(cat "$_l/driver_override")"
	done
}

# fake_bulk: fake_fn for every line "ADDR PARENT VENDOR DEVICE CLASS GROUP [DRIVER]"
# of stdin, parents before children, in one perl process (perl-base is part of
# every Debian system): the same tree as fake_fn, for machines with thousands
# of functions, where a process per file would take minutes.
fake_bulk() {
	FAKE_ROOT=$root perl -e '
		use strict; use warnings; use File::Path qw(make_path);
		my $root = $ENV{FAKE_ROOT};
		sub put { my ($f, $s) = @_; open(my $h, ">", $f) or die "fake: $f: $!\n"; print $h $s; close($h) or die; }
		sub lnk { my ($t, $l) = @_; symlink($t, $l) or die "fake: $l: $!\n"; }
		while (my $line = <STDIN>) {
			my @f = split(" ", $line);
			next unless @f;
			die "fake: bad line: $line" if @f < 6 || @f > 7;
			my ($addr, $parent, $vendor, $device, $class, $group, $driver) = (@f, "-")[0 .. 6];
			my $rel;
			if ($parent eq "-") {
				(my $bus = $addr) =~ s/:[^:]*$//;
				$rel = "devices/pci$bus/$addr";
			} else {
				my $t = readlink("$root/sys/bus/pci/devices/$parent") or die "fake: no function $parent\n";
				$t =~ s|^\.\./\.\./\.\./||;
				$rel = "$t/$addr";
			}
			my $dir = "$root/sys/$rel";
			make_path($dir);
			put("$dir/vendor", "0x$vendor\n");
			put("$dir/device", "0x$device\n");
			put("$dir/class", "0x$class\n");
			put("$dir/driver_override", "(null)\n");
			put("$dir/boot_vga", "0\n") if $class =~ /^0300/;
			my $up = join("/", map { ".." } split(m|/|, $rel));
			lnk("../../../$rel", "$root/sys/bus/pci/devices/$addr");
			if ($group ne "-") {
				make_path("$root/sys/kernel/iommu_groups/$group/devices");
				lnk("$up/kernel/iommu_groups/$group", "$dir/iommu_group");
				lnk("../../../../$rel", "$root/sys/kernel/iommu_groups/$group/devices/$addr");
			}
			if ($driver ne "-") {
				make_path("$root/sys/bus/pci/drivers/$driver");
				lnk("$up/bus/pci/drivers/$driver", "$dir/driver");
			}
		}'
}
