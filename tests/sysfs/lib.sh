# shellcheck shell=sh
# Builds fake sysfs trees shaped like the kernel's, for running the real binary
# with --root: devices under sys/devices/pciDDDD:BB/..., links in
# sys/bus/pci/devices, sys/kernel/iommu_groups/N/devices, and per-function
# iommu_group and driver links. Sourced by the tests; POSIX sh.

# fake_root DIR: an empty machine below DIR, with the pseudo file systems mounted
fake_root() {
	root=$1
	rm -rf "$root"
	mkdir -p "$root/sys/devices" "$root/sys/bus/pci/devices" "$root/sys/bus/pci/drivers" \
		"$root/sys/kernel/iommu_groups" "$root/proc" "$root/etc"
	: >"$root/sys/bus/pci/drivers_probe"
	: >"$root/proc/cmdline"
	fake_mounts_noise
}

# fake_pci_ids: the machine's PCI ID database, ROOT/usr/share/misc/pci.ids:
#   tests/sysfs/pci.ids, an excerpt of Debian 12's, which the sourcing script
#   names in PCI_IDS_FIXTURE
fake_pci_ids() {
	mkdir -p "$root/usr/share/misc"
	cp "$PCI_IDS_FIXTURE" "$root/usr/share/misc/pci.ids"
}

# fake_slot NAME ADDRESS: a physical slot as the firmware describes it,
#   sys/bus/pci/slots/NAME/address holding ADDRESS (DDDD:BB:DD)
fake_slot() {
	mkdir -p "$root/sys/bus/pci/slots/$1"
	printf '%s\n' "$2" >"$root/sys/bus/pci/slots/$1/address"
}

# fake_no_iommu: drop the iommu_groups directory, as with the IOMMU off
fake_no_iommu() {
	rm -rf "$root/sys/kernel/iommu_groups"
}

# fake_cmdline TEXT: the machine's /proc/cmdline
fake_cmdline() {
	printf '%s\n' "$1" >"$root/proc/cmdline"
}

# fake_conf TEXT: the machine's /etc/vfio-binder.conf
fake_conf() {
	printf '%s\n' "$1" >"$root/etc/vfio-binder.conf"
}

# fake_record "LINE|LINE...": the boot record a boot left in /run (its header,
#   then "ADDR DRIVER" lines); fake_no_record: none, as when the binder did not run
fake_record() {
	mkdir -p "$root/run/vfio-binder"
	{
		echo '# vfio-binder boot record: each function handed over at boot, and the driver that held it then'
		printf '%s' "$1" | tr '|' '\n'
	} >"$root/run/vfio-binder/boot-record"
}

fake_no_record() {
	rm -rf "$root/run/vfio-binder"
}

# fake_no_conf: no /etc/vfio-binder.conf
fake_no_conf() {
	rm -f "$root/etc/vfio-binder.conf"
}

# new_machine BUILDER: M (and root) become a new, empty directory below $TMP,
# which BUILDER, a function, fills: every group of tests starts on a machine
# of its own, so that nothing an earlier group wrote, changed or could not
# remove reaches it
new_machine() {
	M=$(mktemp -d "$TMP/machine.XXXXXX") || exit 1
	root=$M
	"$1"
}

# group TITLE BUILDER: the heading of a group of tests, and its new machine
group() {
	echo "# $1"
	new_machine "$2"
}

# machine_no_sysfs: a root with /proc and /etc but no /sys, which cannot be read
machine_no_sysfs() {
	mkdir -p "$root/proc" "$root/etc"
}

# path of a function's directory below sys/devices
_fake_dir() {
	link=$root/sys/bus/pci/devices/$1
	[ -L "$link" ] || { echo "fake: no function $1" >&2; return 1; }
	_to=$(readlink "$link") || return 1
	# links are ../../../devices/...
	echo "$root/sys/${_to#../../../}"
}

# fake_fn ADDR PARENT VENDOR DEVICE CLASS GROUP [DRIVER]
#   PARENT is the upstream bridge's address or "-" for the root bus;
#   GROUP is an IOMMU group number or "-" for none; DRIVER "-" for none.
fake_fn() {
	addr=$1 parent=$2 vendor=$3 device=$4 class=$5 group=$6 driver=${7:--}
	if [ "$parent" = - ]; then
		rel=devices/pci${addr%:*.*}/$addr
	else
		prel=$(_fake_dir "$parent") || return 1
		rel=${prel#"$root/sys/"}/$addr
	fi
	dir=$root/sys/$rel
	# from dir back up to sys/: one ".." for each component of rel
	up=.. _r=$rel
	while [ "${_r#*/}" != "$_r" ]; do
		_r=${_r#*/}
		up=$up/..
	done
	set -- "$dir"
	[ "$group" = - ] || set -- "$@" "$root/sys/kernel/iommu_groups/$group/devices"
	[ "$driver" = - ] || set -- "$@" "$root/sys/bus/pci/drivers/$driver"
	mkdir -p "$@"
	printf '0x%s\n' "$vendor" >"$dir/vendor"
	printf '0x%s\n' "$device" >"$dir/device"
	printf '0x%s\n' "$class" >"$dir/class"
	printf '(null)\n' >"$dir/driver_override"
	case $class in 0300*) printf '0\n' >"$dir/boot_vga" ;; esac
	ln -s "../../../$rel" "$root/sys/bus/pci/devices/$addr"
	if [ "$group" != - ]; then
		ln -s "$up/kernel/iommu_groups/$group" "$dir/iommu_group"
		ln -s "../../../../$rel" "$root/sys/kernel/iommu_groups/$group/devices/$addr"
	fi
	if [ "$driver" != - ]; then
		ln -s "$up/bus/pci/drivers/$driver" "$dir/driver"
	fi
}

# fake_arc PORT BUS GROUP [GPU-DRIVER AUDIO-DRIVER]: an Intel Arc A770 below
#   root port PORT, built as the card is: its own switch (upstream port
#   8086:4fa1 on bus BUS, hex, downstream ports 8086:4fa4 at 01.0 and 04.0 on
#   BUS+1), the GPU (8086:56a0) behind the first on BUS+2, its HDMI audio
#   (8086:4f90) behind the second on BUS+3, each in an IOMMU group of its own,
#   GROUP to GROUP+4
fake_arc() {
	_fb=$((0x$2)) _fg=$3
	_fu=$(printf '0000:%02x:00.0' "$_fb")
	_fd1=$(printf '0000:%02x:01.0' $((_fb + 1)))
	_fd4=$(printf '0000:%02x:04.0' $((_fb + 1)))
	fake_fn "$_fu" "$1" 8086 4fa1 060400 "$_fg" pcieport
	fake_fn "$_fd1" "$_fu" 8086 4fa4 060400 $((_fg + 1)) pcieport
	fake_fn "$_fd4" "$_fu" 8086 4fa4 060400 $((_fg + 2)) pcieport
	fake_fn "$(printf '0000:%02x:00.0' $((_fb + 2)))" "$_fd1" 8086 56a0 030000 $((_fg + 3)) "${4:--}"
	fake_fn "$(printf '0000:%02x:00.0' $((_fb + 3)))" "$_fd4" 8086 4f90 040300 $((_fg + 4)) "${5:--}"
}

# fake_nf200 PORT BUS GROUP [GPU-DRIVER AUDIO-DRIVER]: a board whose two
#   slots hang off NVIDIA's NF200 switch below root port PORT (upstream port
#   10de:05b1 on BUS, hex, downstream ports 10de:05b1 at 00.0 and 02.0 on
#   BUS+1), a GTX 580 (GPU 10de:1080 and HDMI audio 10de:0e09, one IOMMU group)
#   in each, on BUS+2 and BUS+3; groups GROUP to GROUP+4
fake_nf200() {
	_fb=$((0x$2)) _fg=$3
	_fu=$(printf '0000:%02x:00.0' "$_fb")
	fake_fn "$_fu" "$1" 10de 05b1 060400 "$_fg" pcieport
	for _fs in 0 2; do
		_fd=$(printf '0000:%02x:%02x.0' $((_fb + 1)) "$_fs")
		_fc=$(printf '0000:%02x:00' $((_fb + 2 + _fs / 2)))
		fake_fn "$_fd" "$_fu" 10de 05b1 060400 $((_fg + 1 + _fs / 2)) pcieport
		fake_fn "$_fc.0" "$_fd" 10de 1080 030000 $((_fg + 3 + _fs / 2)) "${4:--}"
		fake_fn "$_fc.1" "$_fd" 10de 0e09 040300 $((_fg + 3 + _fs / 2)) "${5:--}"
	done
}

# fake_egpu PORT BUS GROUP [GPU-DRIVER USB-DRIVER]: a Thunderbolt 3 enclosure
#   below the Thunderbolt root port PORT (JHL7540: upstream port 8086:15e7 on
#   BUS, hex, downstream ports 8086:15e7 at 01.0 and 02.0 on BUS+1), in its slot
#   an Intel DG1 (8086:4908) without a switch of its own on BUS+2, the
#   enclosure's USB controller (8086:15ec) on BUS+3; groups GROUP to GROUP+4
fake_egpu() {
	_fb=$((0x$2)) _fg=$3
	_fu=$(printf '0000:%02x:00.0' "$_fb")
	_fd1=$(printf '0000:%02x:01.0' $((_fb + 1)))
	_fd2=$(printf '0000:%02x:02.0' $((_fb + 1)))
	fake_fn "$_fu" "$1" 8086 15e7 060400 "$_fg" pcieport
	fake_fn "$_fd1" "$_fu" 8086 15e7 060400 $((_fg + 1)) pcieport
	fake_fn "$_fd2" "$_fu" 8086 15e7 060400 $((_fg + 2)) pcieport
	fake_fn "$(printf '0000:%02x:00.0' $((_fb + 2)))" "$_fd1" 8086 4908 030000 $((_fg + 3)) "${4:--}"
	fake_fn "$(printf '0000:%02x:00.0' $((_fb + 3)))" "$_fd2" 8086 15ec 0c0330 $((_fg + 4)) "${5:--}"
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

# fake_overrides_wrong "ADDR...": every function whose driver_override is
#   not, byte for byte, "vfio-pci\n" if listed and "(null)\n" if not, as
#   " ADDR='BYTES' (expected 'VALUE\n')"; nothing when all are right. All are
#   compared at once in tail's form; one by one only for the message.
fake_overrides_wrong() {
	set -- "$1"
	for _l in "$root"/sys/bus/pci/devices/*; do
		[ $# = 1 ] || echo
		set -- "$@" "$_l/driver_override"
		_fake_override_expect "$1" "${_l##*/}"
		printf '==> %s <==\n%s\n' "$_l/driver_override" "$_fexp"
	done >"$root.overrides"
	_fwant=$1
	shift
	if ! tail -v -c +1 "$@" 2>&1 | cmp -s "$root.overrides" -; then
		_fbad=
		for _l in "$root"/sys/bus/pci/devices/*; do
			_fake_override_expect "$_fwant" "${_l##*/}"
			printf '%s\n' "$_fexp" >"$root.overrides"
			cmp -s "$root.overrides" "$_l/driver_override" ||
				_fbad="$_fbad ${_l##*/}='$(od -An -c "$_l/driver_override" | tr -d ' \n')' (expected '$_fexp\\n')"
		done
		printf '%s\n' "${_fbad:- tail -v shows a difference that cmp does not (a test bug)}"
	fi
	rm -f "$root.overrides"
}

# _fake_override_expect "ADDR..." ADDR: sets _fexp to vfio-pci if the list names ADDR, else (null)
_fake_override_expect() {
	case " $1 " in
	*" $2 "*) _fexp=vfio-pci ;;
	*) _fexp='(null)' ;;
	esac
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

# ----------------------------------------------------------------------
# The host's own devices, for the post-boot commands (status, list, check,
# bind, unbind): block devices and what is mounted on them, swap, network
# interfaces and routes, driver modules, modprobe.d, and a fake kernel that
# moves driver links the way the real one does. Variables start with _f so
# that the tests' own are left alone.

# _fake_ups PATH: one ".." per component of PATH
_fake_ups() {
	echo "$1" | sed 's|[^/][^/]*|..|g'
}

# _fake_link LINK TARGET: LINK (a path below $root/sys) -> TARGET, replaced
_fake_link() {
	mkdir -p "$(dirname "$root/sys/$1")"
	rm -f "$root/sys/$1"
	ln -s "$2" "$root/sys/$1"
}

# fake_block NAME PCIADDR MAJ:MIN [SUBDIR]: a disk or partition below a PCI
#   storage controller, where the kernel puts it: nvme0n1p2 at
#   ADDR/nvme/nvme0/nvme0n1/nvme0n1p2, sda1 at
#   ADDR/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1; SUBDIR replaces the part
#   between ADDR and the disk (a USB disk: usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block).
#   PCIADDR "-": a virtual device (devices/virtual/block/NAME: zram0, loop0).
#   Writes dev (and partition), links sys/class/block/NAME and sys/dev/block/MAJ:MIN.
fake_block() {
	_fname=$1 _fpci=$2 _fdev=$3
	case $_fname in
	nvme*)
		_fdisk=$(echo "$_fname" | sed 's/^\(nvme[0-9]*n[0-9]*\).*/\1/')
		_fsub=nvme/$(echo "$_fname" | sed 's/^\(nvme[0-9]*\).*/\1/')
		;;
	*)
		_fdisk=$(echo "$_fname" | sed 's/[0-9]*$//')
		_fsub=ata1/host0/target0:0:0/0:0:0:0/block
		;;
	esac
	[ $# -lt 4 ] || _fsub=$4
	if [ "$_fpci" = - ]; then
		_fdir=$root/sys/devices/virtual/block/$_fname
	else
		_fdir=$(_fake_dir "$_fpci") || return 1
		_fdir=$_fdir/$_fsub/$_fdisk
		[ "$_fname" = "$_fdisk" ] || _fdir=$_fdir/$_fname
	fi
	mkdir -p "$_fdir/holders"
	printf '%s\n' "$_fdev" >"$_fdir/dev"
	[ "$_fname" = "$_fdisk" ] || printf '%s\n' "${_fname##*[!0-9]}" >"$_fdir/partition"
	_frel=${_fdir#"$root/sys/"}
	_fake_link "class/block/$_fname" "../../$_frel"
	_fake_link "dev/block/$_fdev" "../../$_frel"
}

# fake_loop NAME MAJ:MIN FILE: a loop device (devices/virtual/block/NAME)
#   whose backing file is FILE, as losetup leaves it (NAME/loop/backing_file)
fake_loop() {
	fake_block "$1" - "$2"
	mkdir -p "$root/sys/devices/virtual/block/$1/loop"
	printf '%s\n' "$3" >"$root/sys/devices/virtual/block/$1/loop/backing_file"
}

# fake_dm NAME MAJ:MIN SLAVE...: a stacked block device (dm-crypt, LVM, md)
#   at devices/virtual/block/NAME, whose slaves/ are the named block devices
#   (each of which gets holders/NAME)
fake_dm() {
	_fname=$1 _fdev=$2
	shift 2
	_fdir=$root/sys/devices/virtual/block/$_fname
	mkdir -p "$_fdir/slaves" "$_fdir/holders"
	printf '%s\n' "$_fdev" >"$_fdir/dev"
	_fake_link "class/block/$_fname" "../../devices/virtual/block/$_fname"
	_fake_link "dev/block/$_fdev" "../../devices/virtual/block/$_fname"
	for _fslave in "$@"; do
		_ft=$(readlink "$root/sys/class/block/$_fslave") || {
			echo "fake: no block device $_fslave" >&2
			return 1
		}
		_ft=${_ft#../../devices/}
		# from devices/virtual/block/NAME/slaves, ../../../.. is devices
		ln -s "../../../../$_ft" "$_fdir/slaves/$_fslave"
		ln -s "$(_fake_ups "$_ft/holders")/virtual/block/$_fname" "$root/sys/devices/$_ft/holders/$_fname"
	done
}

# fake_dm_name NAME MAPNAME: NAME's device-mapper name (NAME/dm/name), and the
#   link udev makes for it: dev/mapper/MAPNAME -> ../NAME
fake_dm_name() {
	mkdir -p "$root/sys/devices/virtual/block/$1/dm" "$root/dev/mapper"
	printf '%s\n' "$2" >"$root/sys/devices/virtual/block/$1/dm/name"
	rm -f "$root/dev/mapper/$2"
	ln -s "../$1" "$root/dev/mapper/$2"
}

# fake_btrfs UUID MEMBER...: a mounted btrfs spanning the named block devices,
#   as the kernel lists them: fs/btrfs/UUID/devices/MEMBER -> the device
fake_btrfs() {
	_fdir=$root/sys/fs/btrfs/$1
	shift
	mkdir -p "$_fdir/devices"
	for _fmember in "$@"; do
		_ft=$(readlink "$root/sys/class/block/$_fmember") || {
			echo "fake: no block device $_fmember" >&2
			return 1
		}
		# from fs/btrfs/UUID/devices, ../../../.. is sys
		ln -s "../../../../${_ft#../../}" "$_fdir/devices/$_fmember"
	done
}

# fake_mount MAJ:MIN POINT SOURCE FSTYPE [FSROOT]: a line of proc/self/mountinfo
#   (ID PARENT MAJ:MIN FSROOT POINT OPTIONS TAGS - FSTYPE SOURCE SUPEROPTIONS)
fake_mount() {
	_ff=$root/proc/self/mountinfo
	mkdir -p "$root/proc/self"
	[ -f "$_ff" ] || : >"$_ff"
	_fid=$((21 + $(wc -l <"$_ff")))
	printf '%s %s %s %s %s rw,relatime shared:%s - %s %s rw\n' \
		"$_fid" "$((_fid - 1))" "$1" "${5:-/}" "$2" "$((_fid - 20))" "$4" "$3" >>"$_ff"
}

# fake_mounts_noise: the pseudo file systems every machine has mounted
fake_mounts_noise() {
	fake_mount 0:21 /sys sysfs sysfs
	fake_mount 0:22 /proc proc proc
	fake_mount 0:5 /dev udev devtmpfs
	fake_mount 0:24 /run tmpfs tmpfs
	fake_mount 0:25 /sys/fs/cgroup cgroup2 cgroup2
}

# fake_swap FILENAME TYPE: a line of proc/swaps (TYPE partition or file)
fake_swap() {
	_ff=$root/proc/swaps
	[ -f "$_ff" ] || printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' >"$_ff"
	printf '%-40s%s\t%s\t\t0\t\t-2\n' "$1" "$2" 8388604 >>"$_ff"
}

# fake_net IFACE PCIADDR [SUBDIR]: a network interface of a PCI function:
#   devices/.../ADDR/net/IFACE with device -> ../../../ADDR; SUBDIR is a device
#   between the function and the interface (a USB NIC: usb2/2-1/2-1:1.0, whose
#   device link is ../../../2-1:1.0; virtio-net: virtio0). PCIADDR "-": a
#   virtual interface (bridge, bond, VLAN) at devices/virtual/net/IFACE.
#   Links sys/class/net/IFACE.
fake_net() {
	if [ "$2" = - ]; then
		_fdir=$root/sys/devices/virtual/net/$1
		mkdir -p "$_fdir"
	else
		_fdev=$(_fake_dir "$2") || return 1
		[ $# -lt 3 ] || _fdev=$_fdev/$3
		_fdir=$_fdev/net/$1
		mkdir -p "$_fdir"
		ln -s "../../../${_fdev##*/}" "$_fdir/device"
	fi
	printf 'up\n' >"$_fdir/operstate"
	_fake_link "class/net/$1" "../../${_fdir#"$root/sys/"}"
}

# fake_lower UPPER LOWER: LOWER is a port of the bridge, bond or VLAN UPPER
#   (UPPER/lower_LOWER and LOWER/upper_UPPER, as the kernel links them)
fake_lower() {
	if ! _fup=$(readlink "$root/sys/class/net/$1") || ! _flo=$(readlink "$root/sys/class/net/$2"); then
		echo "fake: no interface $1 or $2" >&2
		return 1
	fi
	_fup=${_fup#../../devices/} _flo=${_flo#../../devices/}
	ln -s "$(_fake_ups "$_fup")/$_flo" "$root/sys/devices/$_fup/lower_$2"
	ln -s "$(_fake_ups "$_flo")/$_fup" "$root/sys/devices/$_flo/upper_$1"
}

# fake_route IFACE [DESTINATION MASK]: a line of proc/net/route; by default
#   the default route (destination and mask 00000000)
fake_route() {
	_ff=$root/proc/net/route
	mkdir -p "$root/proc/net"
	[ -f "$_ff" ] || printf 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' >"$_ff"
	printf '%s\t%s\t0102A8C0\t0003\t0\t0\t100\t%s\t0\t0\t0\n' "$1" "${2:-00000000}" "${3:-00000000}" >>"$_ff"
}

# fake_route6 IFACE [DESTINATION PREFIXLEN]: a line of proc/net/ipv6_route; by
#   default the default route (:: with prefix length 00)
fake_route6() {
	_ff=$root/proc/net/ipv6_route
	mkdir -p "$root/proc/net"
	[ -f "$_ff" ] || : >"$_ff"
	printf '%s %s 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003 %8s\n' \
		"${2:-00000000000000000000000000000000}" "${3:-00}" "$1" >>"$_ff"
}

# --- what processes and interfaces use now (bind's refusal)

# fake_drm NAME PCIADDR: a DRM device node of the function (card0, renderD128):
#   ADDR/drm/NAME, linked from sys/class/drm/NAME
fake_drm() {
	_fdir=$(_fake_dir "$2") || return 1
	_fdir=$_fdir/drm/$1
	mkdir -p "$_fdir"
	ln -s "../../../$2" "$_fdir/device"
	_fake_link "class/drm/$1" "../../${_fdir#"$root/sys/"}"
}

# fake_sound NAME PCIADDR: a sound device node of the function (controlC1,
#   pcmC1D3p, hwC1D0): ADDR/sound/cardN/NAME, linked from sys/class/sound/NAME
fake_sound() {
	_fcard=card$(echo "$1" | sed 's/^[a-z]*C\([0-9]*\).*/\1/')
	_fdir=$(_fake_dir "$2") || return 1
	_fdir=$_fdir/sound/$_fcard/$1
	mkdir -p "$_fdir"
	ln -s "../../$_fcard" "$_fdir/device"
	_fake_link "class/sound/$1" "../../${_fdir#"$root/sys/"}"
}

# fake_opener PID COMM NODE...: a process (proc/PID/comm) holding NODE... open:
#   proc/PID/fd/3... are symlinks to them ("/dev/dri/card0"), as the kernel
#   shows the path each was opened by, after /dev/null and a socket
fake_opener() {
	_fp=$root/proc/$1
	mkdir -p "$_fp/fd"
	printf '%s\n' "$2" >"$_fp/comm"
	ln -s /dev/null "$_fp/fd/0"
	ln -s 'socket:[40512]' "$_fp/fd/1"
	_fn=3
	shift 2
	for _fnode in "$@"; do
		ln -s "$_fnode" "$_fp/fd/$_fn"
		_fn=$((_fn + 1))
	done
}

# fake_nvidia PCIADDR MINOR: a GPU NVIDIA's driver holds, /dev/nvidiaMINOR:
#   proc/driver/nvidia/gpus/ADDR/information as the driver writes it
fake_nvidia() {
	_fdir=$root/proc/driver/nvidia/gpus/$1
	mkdir -p "$_fdir"
	printf 'Model: \t\t NVIDIA GeForce RTX 3090\nIRQ:   \t\t 130\nBus Type: \t PCIe\nBus Location: \t %s\nDevice Minor: \t %s\nGPU Excluded:\t No\n' \
		"$1" "$2" >"$_fdir/information"
}

# fake_netflags IFACE FLAGS: the interface's flags attribute (0x1003: up, 0x1002: down)
fake_netflags() {
	printf '%s\n' "$2" >"$root/sys/class/net/$1/flags"
}

# fake_master MASTER PORT: PORT is enslaved to the bond, bridge or team MASTER
#   (fake_lower's links, and PORT/master)
fake_master() {
	fake_lower "$1" "$2" || return 1
	_fup=$(readlink "$root/sys/class/net/$1") _flo=$(readlink "$root/sys/class/net/$2")
	_fup=${_fup#../../devices/} _flo=${_flo#../../devices/}
	ln -s "$(_fake_ups "$_flo")/$_fup" "$root/sys/devices/$_flo/master"
}

# fake_inet6 IFACE ADDRESS SCOPE: a line of proc/net/if_inet6 (ADDRESS as 32
#   hex digits; SCOPE 00 global, 20 link)
fake_inet6() {
	mkdir -p "$root/proc/net"
	printf '%s 03 40 %s 80 %8s\n' "$2" "$3" "$1" >>"$root/proc/net/if_inet6"
}

# fake_module DRIVER MODULE: DRIVER's module link (bus/pci/drivers/DRIVER/module)
fake_module() {
	mkdir -p "$root/sys/module/$2/drivers"
	_fake_link "bus/pci/drivers/$1/module" "../../../../module/$2"
}

# fake_modprobe FILE TEXT: FILE below the root (etc/modprobe.d/x.conf) holds TEXT
fake_modprobe() {
	mkdir -p "$(dirname "$root/$1")"
	printf '%s\n' "$2" >"$root/$1"
}

# fake_driver ADDR DRIVER: ADDR is bound to DRIVER now ("-": to no driver)
fake_driver() {
	_fdir=$(_fake_dir "$1") || return 1
	rm -f "$_fdir/driver"
	[ "$2" = - ] && return 0
	mkdir -p "$root/sys/bus/pci/drivers/$2"
	ln -s "$(_fake_ups "${_fdir#"$root/sys/"}")/bus/pci/drivers/$2" "$_fdir/driver"
}

# fake_set_override ADDR VALUE: a function's driver_override, as the kernel shows it
fake_set_override() {
	_fdir=$(_fake_dir "$1") && printf '%s\n' "$2" >"$_fdir/driver_override"
}

# fake_driver_attrs: empty bind, unbind, new_id and remove_id files in every
#   driver's directory, vfio-pci's included
fake_driver_attrs() {
	mkdir -p "$root/sys/bus/pci/drivers/vfio-pci"
	for _fd in "$root"/sys/bus/pci/drivers/*/; do
		for _fa in bind unbind new_id remove_id; do
			: >"$_fd$_fa"
		done
	done
}

# fake_modalias ADDR: the function's modalias, from its IDs and class
fake_modalias() {
	_fdir=$(_fake_dir "$1") || return 1
	_fv=$(sed 's/^0x//' "$_fdir/vendor" | tr a-f A-F)
	_fd=$(sed 's/^0x//' "$_fdir/device" | tr a-f A-F)
	_fc=$(sed 's/^0x//' "$_fdir/class" | tr a-f A-F)
	printf 'pci:v0000%sd0000%ssv00001458sd00004005bc%ssc%si%s\n' "$_fv" "$_fd" \
		"$(echo "$_fc" | cut -c1-2)" "$(echo "$_fc" | cut -c3-4)" "$(echo "$_fc" | cut -c5-6)" >"$_fdir/modalias"
}

# fake_kernel_start SECONDS "ADDR=DRIVER ...": for at most SECONDS, in the
#   background, moves driver links as the kernel does on the writes that make
#   it act, and on nothing else: an address written to a driver's unbind is
#   unbound from it; one written to bus/pci/drivers_probe, if it has no
#   driver, is bound to the driver its driver_override names when that driver
#   is there (vfio-pci only when loaded, ROOT/sys/module/vfio_pci, or built
#   in, modules.builtin as fake_vfio_builtin writes it), or with no override
#   to its host driver from the list; else it stays without a driver. Writing
#   an override binds nothing. Each unbind and drivers_probe is a FIFO
#   meanwhile, so that every write is seen (a file would keep only the last).
#   The kernel acts within the write; here a probe read is applied after every
#   unbind written before it, so the order holds, but a link the program reads
#   back at once may not have moved yet (the real kernel's in check-kernel).
#   FAKE_KERNEL is the process id; fake_kernel_stop applies what was written
#   last, ends it and puts the files back.
fake_kernel_start() {
	mkdir -p "$root/sys/bus/pci/drivers/vfio-pci"
	FAKE_READY=$root.fake-kernel-ready
	_fsecs=$1 _fmap=$2
	set --
	for _fd in "$root"/sys/bus/pci/drivers/*/unbind "$root/sys/bus/pci/drivers_probe"; do
		[ ! -d "${_fd%/*}" ] || set -- "$@" "$_fd"
	done
	rm -f "$FAKE_READY" "$@"
	mkfifo "$@"
	FAKE_ROOT=$root FAKE_READY=$FAKE_READY perl -e '
		use strict; use warnings; use Fcntl;
		my ($root, $secs, $map, $kver) = ($ENV{FAKE_ROOT}, @ARGV);
		my %host = map { split /=/ } split " ", $map;
		my $drivers = "$root/sys/bus/pci/drivers";
		my $devices = "$root/sys/bus/pci/devices";
		sub slurp { open(my $h, "<", $_[0]) or return undef; local $/; my $s = <$h>; close $h; return $s; }
		# our own writer end keeps each FIFO from ever reading as closed
		sub fifo { my ($f, $r, $w) = @_; sysopen($r, $f, O_RDONLY | O_NONBLOCK) && sysopen($w, $f, O_WRONLY | O_NONBLOCK)
			or die "fake kernel: $f: $!\n"; return ($r, $w); }
		sub written { my $buf = ""; 1 while sysread($_[0], $buf, 4096, length $buf);
			return $buf =~ /([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])/g; }
		sub vfio_pci { return 1 if -d "$root/sys/module/vfio_pci";
			my $b = slurp("$root/lib/modules/$kver/modules.builtin"); return defined $b && $b =~ m{(^|/)vfio-pci\.ko$}m; }
		sub probe {
			my $l = "$devices/$_[0]";
			return if !-l $l || -l "$l/driver";
			my $o = slurp("$l/driver_override");
			return unless defined $o;
			$o =~ s/\s+\z//;
			my $to = ($o eq "" || $o eq "(null)") ? $host{$_[0]} : $o;
			return unless defined $to && (($to eq "vfio-pci" && vfio_pci()) || grep { $_ eq $to } values %host);
			(my $rel = readlink($l)) =~ s|^\.\./\.\./\.\./||;
			my $up = join("/", map { ".." } split(m|/|, $rel));
			mkdir("$drivers/$to");
			symlink("$up/bus/pci/drivers/$to", "$l/driver");
		}
		my (%in, %keep);
		for my $d (glob("$drivers/*")) {
			(my $name = $d) =~ s|.*/||;
			($in{$name}, $keep{$name}) = fifo("$d/unbind") if -p "$d/unbind";
		}
		my ($probe_in, $probe_keep) = fifo("$root/sys/bus/pci/drivers_probe");
		sub pass {
			my @probes = written($probe_in);
			for my $name (sort keys %in) {
				for my $a (written($in{$name})) {
					my $t = readlink("$devices/$a/driver");
					unlink("$devices/$a/driver") if defined $t && $t =~ m|/\Q$name\E\z|;
				}
			}
			probe($_) for @probes;
		}
		my $stop = 0;
		$SIG{TERM} = sub { $stop = 1 };
		open(my $ready, ">", $ENV{FAKE_READY}) or die "fake kernel: $ENV{FAKE_READY}: $!\n";
		close $ready;
		my $end = time + $secs;
		while (!$stop && time <= $end) {
			pass();
			select(undef, undef, undef, 0.005);
		}
		pass();' "$_fsecs" "$_fmap" "$(uname -r)" &
	FAKE_KERNEL=$!
	# ready once it reads every FIFO and a stop lets it act on what was written
	while [ ! -e "$FAKE_READY" ] && kill -0 "$FAKE_KERNEL" 2>/dev/null; do
		sleep 0.01
	done
	rm -f "$FAKE_READY"
}

# fake_kernel_stop: ends the fake kernel once it has acted on every write;
#   every unbind and drivers_probe an empty file again
fake_kernel_stop() {
	if [ -n "${FAKE_KERNEL:-}" ]; then
		kill "$FAKE_KERNEL" 2>/dev/null
		wait "$FAKE_KERNEL" 2>/dev/null
		FAKE_KERNEL=
	fi
	[ -n "${root:-}" ] || return 0
	set --
	for _fd in "$root"/sys/bus/pci/drivers/*/unbind "$root/sys/bus/pci/drivers_probe"; do
		[ ! -p "$_fd" ] || set -- "$@" "$_fd"
	done
	[ $# = 0 ] || rm -f "$@"
	for _fd; do
		: >"$_fd"
	done
}

# fake_vfio_builtin: the running kernel's module tree below the root says
#   vfio, vfio_iommu_type1 and vfio-pci are built in (modules.builtin, indexed
#   by the real depmod), so that libkmod finds vfio-pci without inserting
#   anything and bind may go on
fake_vfio_builtin() {
	_fk=$root/lib/modules/$(uname -r)
	mkdir -p "$_fk"
	printf '%s\n' kernel/drivers/vfio/vfio.ko kernel/drivers/vfio/vfio_iommu_type1.ko \
		kernel/drivers/vfio/pci/vfio-pci.ko >"$_fk/modules.builtin"
	: >"$_fk/modules.order"
	: >"$_fk/modules.builtin.modinfo"
	depmod -b "$root" "$(uname -r)"
}
