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
