#!/bin/sh
# What the host runs on, as `check` traces it (issue 12): fake machines whose
# root, /boot, /boot/efi and swap sit on ZFS pools, multi-device bcachefs, NVMe
# native multipath, NFS, iSCSI, NVMe over TCP and nbd, or are only named by
# /etc/fstab, /etc/crypttab and resume= for the next boot; devices found by
# libblkid in real file-system images (sparse files at ROOT/dev/NAME) and in
# udev's database; what cannot be traced, and broken input; the next boot's
# policy on what the host uses (issue 22): mounts on partitions, LVM, md, loop
# files, overlay layers and squashfs, swap, pools, fstab with and without
# nofail, crypttab, /efi and /usr, and what cannot be seen.
#   sh tests/sysfs/hosts.sh BINARY
# POSIX sh; needs jq, strace, perl-base, blkid, mkfs.ext4, mkswap, mkfs.vfat,
# mkfs.btrfs and sfdisk (tests/deps.sh check); runs as any user.
set -u

# shellcheck source-path=SCRIPTDIR source=../harness.sh disable=SC1091
. "$(dirname "$0")/../harness.sh"
harness_binary "$@"
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
. "$HERE/lib.sh"

harness_tmpdir hosts
TMP=$(cd "$TMP" && pwd -P)
# M: the machine under test, a new directory for every machine (machine, below)
IMG=$TMP/images
OUT=$TMP/stdout
ERR=$TMP/stderr
WANT=$TMP/want

# HOSTS_BREAK=WORD...: break a fixture on purpose, to see the tests that rely
# on it fail: zfs-label (no ZFS label), gpt (no partition table), udev (no
# udev records), route (no route but the default one)
broken() {
	case " ${HOSTS_BREAK:-} " in *" $1 "*) return 0 ;; esac
	return 1
}

# --- running the binary: harness.sh's is, json_is and code_is, with every run
# bounded, so that a hang is a failure and not the end of the suite

# run ARGS...: the binary on the machine under test; stdout $OUT, stderr $ERR, exit code $rc
run() {
	timeout 10 "$BIN" --root "$M" "$@" >"$OUT" 2>"$ERR"
	rc=$?
}

# ok_if NAME DETAIL COMMAND...: passes when COMMAND succeeds
ok_if() {
	_n=$1 _d=$2
	shift 2
	if "$@"; then pass "$_n"; else fail "$_n" "$_d"; fi
}

# the findings of `check` for a selection
CLEAN_CARD='check: 2 functions would go to vfio-pci; 0 warnings, 0 errors'
card() { # the GPU and its audio: never what the host needs
	echo 'vfio.slots=01:00.0'
}

# danger NAME SLOTS ADDR WHAT N: check --cmdline "vfio.slots=SLOTS $XCMD" exits 3
# with one error, that the selection takes ADDR which the host needs for
# WHAT; N functions would go; the same through --json
XCMD=
danger() {
	_dn=$1 _ds="vfio.slots=$2${XCMD:+ $XCMD}" _da=$3 _dw=$4 _dc=$5
	is "$_dn" 3 "error: the selection would take $_da, which the host needs for $_dw; remove it from the list
check: $_dc functions would go to vfio-pci; 0 warnings, 1 errors" --cmdline "$_ds" check
	json_is "$_dn/json" 3 '[.findings[] | [.level, .code]] == [["error","takes-host-device"]] and .errors == 1
		and (.findings[0].message | contains("'"$_da"'") and contains("needs for '"$_dw"';"))' \
		--cmdline "$_ds" check
}

# clean NAME SLOTS N: with --cmdline "vfio.slots=SLOTS $XCMD", nothing the host
# needs is taken, nothing untraced
clean() {
	is "$1" 0 "check: $3 functions would go to vfio-pci; 0 warnings, 0 errors" --cmdline "vfio.slots=$2${XCMD:+ $XCMD}" check
}

# untraced NAME RC SLOTS N TEXT...: check --cmdline "vfio.slots=SLOTS $XCMD" exits
# RC; its warnings are exactly one "untraced" finding per TEXT, in order, each
# "warning: TEXT; make sure the selection does not take it", and N functions
# would go
untraced() {
	_un=$1 _ur=$2 _us="vfio.slots=$3${XCMD:+ $XCMD}" _uc=$4
	shift 4
	run --cmdline "$_us" check
	_uw=
	for _ut in "$@"; do
		_uw="${_uw}warning: $_ut; make sure the selection does not take it
"
	done
	grep '^warning: ' "$OUT" >"$TMP/warnings"
	printf '%s' "$_uw" >"$WANT"
	if [ "$rc" != "$_ur" ]; then
		fail "$_un" "exit code: expected $_ur, got $rc (stdout: $(oneline "$OUT"); stderr: $(oneline "$ERR"))"
	elif ! cmp -s "$WANT" "$TMP/warnings"; then
		fail "$_un" "warnings differ (-expected +got): $(diff "$WANT" "$TMP/warnings" | grep '^[<>]' | sed 's/^</-/; s/^>/+/' | tr '\n' '~' | sed 's/~/ | /g')"
	elif ! tail -n 1 "$OUT" | grep -q "^check: $_uc functions would go to vfio-pci; $# warnings, "; then
		fail "$_un" "last line: expected 'check: $_uc functions would go to vfio-pci; $# warnings, ...', got '$(tail -n 1 "$OUT")'"
	else
		pass "$_un"
	fi
	json_is "$_un/json" "$_ur" '[.findings[] | select(.level == "warning") | .code] == [range('"$#"') | "untraced"]' \
		--cmdline "$_us" check
}

# --- fixtures

# etc FILE TEXT: FILE below the machine's /etc holds the lines of TEXT
etc() {
	_ed=$M/etc/$1
	[ -d "${_ed%/*}" ] || mkdir -p "${_ed%/*}"
	printf '%s\n' "$2" >"$M/etc/$1"
}

# mountinfo LINE: a line of proc/self/mountinfo, as the kernel writes it
mountinfo() {
	printf '%s\n' "$1" >>"$M/proc/self/mountinfo"
}

# blockdev NAME MAJ:MIN DIR [PARTNO]: a block device whose directory is
#   sys/devices/DIR, linked from sys/class/block and sys/dev/block as the
#   kernel does; a partition (DIR inside its disk's) has its number PARTNO
blockdev() {
	mkdir -p "$M/sys/devices/$3" "$M/sys/class/block" "$M/sys/dev/block"
	printf '%s\n' "$2" >"$M/sys/devices/$3/dev"
	[ $# -lt 4 ] || printf '%s\n' "$4" >"$M/sys/devices/$3/partition"
	ln -sfn "../../devices/$3" "$M/sys/class/block/$1"
	ln -sfn "../../devices/$3" "$M/sys/dev/block/$2"
}

# blank NAME MIB: ROOT/dev/NAME is a sparse file of MIB MiB holding nothing
blank() {
	[ -d "$M/dev" ] || mkdir -p "$M/dev"
	if [ -e "$M/dev/$1" ] || [ -L "$M/dev/$1" ]; then
		rm -f "$M/dev/$1"
	fi
	truncate -s "${2}M" "$M/dev/$1"
}

# image NAME FILE: ROOT/dev/NAME is the image FILE (made once by make_images;
#   a hard link, since nothing writes to it)
image() {
	[ -d "$M/dev" ] || mkdir -p "$M/dev"
	if [ -e "$M/dev/$1" ] || [ -L "$M/dev/$1" ]; then
		rm -f "$M/dev/$1"
	fi
	ln "$IMG/$2" "$M/dev/$1"
}

# udev MAJ:MIN LINE...: udev's database record of the block device MAJ:MIN
udev() {
	_uf=$M/run/udev/data/b$1
	shift
	broken udev && return 0
	[ -d "$M/run/udev/data" ] || mkdir -p "$M/run/udev/data"
	printf '%s\n' "$@" >"$_uf"
}

# zfs_label FILE POOL POOL_GUID GUID: the four vdev labels of a ZFS pool
#   member, as libblkid (util-linux 2.38, superblocks/zfs.c) reads them: in
#   each 256 KiB label, the nvlist (XDR: big-endian pairs, "name" a string,
#   "pool_guid" and "guid" uint64) at 16 KiB and an uberblock (magic
#   0x00bab10c, host order) in the ring at 128 KiB; labels 2 and 3 at the end
#   of the device, aligned down to 256 KiB. FILE must be 64 MiB or more.
zfs_label() {
	broken zfs-label && return 0
	perl -e '
		use strict; use warnings;
		my ($file, $pool, $pool_guid, $guid) = @ARGV;
		sub pad { my $s = shift; return $s . ("\0" x ((4 - length($s) % 4) % 4)); }
		sub pair {
			my ($name, $value) = @_;
			my $v = $value =~ /^[0-9]+$/ ? pack("N N Q>", 8, 1, $value)
				: pack("N N N", 9, 1, length $value) . pad($value);
			my $body = pack("N", length $name) . pad($name) . $v;
			return pack("N N", 8 + length $body, 0) . $body;
		}
		my $nvlist = pack("C4 N N", 1, 1, 0, 0, 0, 1) . pair("version", 5000) . pair("name", $pool)
			. pair("state", 0) . pair("txg", 4) . pair("pool_guid", $pool_guid)
			. pair("hostname", "pve") . pair("top_guid", $guid) . pair("guid", $guid) . pack("N N", 0, 0);
		my $uberblock = pack("Q< Q< Q< Q< Q<", 0x00bab10c, 5000, 4, $guid, 1700000000);
		open(my $h, "+<", $file) or die "zfs_label: $file: $!\n";
		my $size = -s $h;
		die "zfs_label: $file: under 64 MiB\n" if $size < 64 << 20;
		my $end = $size - $size % (256 << 10);
		for my $label (0, 256 << 10, $end - (512 << 10), $end - (256 << 10)) {
			sysseek($h, $label + (16 << 10), 0) && syswrite($h, $nvlist) or die "zfs_label: $!\n";
			sysseek($h, $label + (128 << 10) + 4 * 1024, 0) && syswrite($h, $uberblock) or die "zfs_label: $!\n";
		}
		close($h) or die "zfs_label: $!\n";' "$@"
}

# The machine every group starts from, built once and copied: an Intel desktop
# with the card to pass through (RTX 3090 and its audio, 01:00.0 and 01:00.1),
# the iGPU as boot display, two SATA controllers (the PCH's AHCI at 00:17.0 and
# an ASMedia at 03:00.0), two NVMe drives' controllers (04:00.0, 06:00.0), the
# onboard I219 (eno1, 00:1f.6) carrying the default route and an X550 (enp5s0,
# 05:00.0); the pseudo file systems mounted, nothing else.
build_base() {
	fake_root "$M"
	fake_fn 0000:00:00.0 - 8086 3e30 060000 0
	fake_fn 0000:00:01.0 - 8086 1901 060400 1 pcieport
	fake_fn 0000:01:00.0 0000:00:01.0 10de 2204 030000 1 nouveau
	fake_fn 0000:01:00.1 0000:00:01.0 10de 1aef 040300 1 snd_hda_intel
	fake_fn 0000:00:02.0 - 8086 3e92 030000 2 i915
	fake_boot_vga 0000:00:02.0
	fake_fn 0000:00:17.0 - 8086 a352 010601 5 ahci
	fake_fn 0000:00:1c.0 - 8086 a338 060400 6 pcieport
	fake_fn 0000:03:00.0 0000:00:1c.0 1b21 0612 010601 7 ahci
	fake_fn 0000:00:1d.0 - 8086 a330 060400 8 pcieport
	fake_fn 0000:04:00.0 0000:00:1d.0 144d a80a 010802 9 nvme
	fake_fn 0000:00:1c.4 - 8086 a33c 060400 10 pcieport
	fake_fn 0000:05:00.0 0000:00:1c.4 8086 1563 020000 11 ixgbe
	fake_fn 0000:00:1d.4 - 8086 a334 060400 12 pcieport
	fake_fn 0000:06:00.0 0000:00:1d.4 1c5c 174a 010802 13 nvme
	fake_fn 0000:00:1f.6 - 8086 15bc 020000 14 e1000e
	fake_net eno1 0000:00:1f.6
	fake_net enp5s0 0000:05:00.0
	fake_route eno1
	fake_route eno1 0002A8C0 00FFFFFF
	fake_cmdline 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 ro quiet intel_iommu=on'
}

# machine: M (and lib.sh's root) become a new directory holding a copy of the
#   base machine: every machine is built afresh, none changed for the next
#   test; the one before goes, so that the suite keeps a few MiB on disk
machine() {
	if [ "$M" != "$BASE" ]; then rm -rf "$M"; fi
	M=$(mktemp -d "$TMP/machine.XXXXXX") || exit 1
	# shellcheck disable=SC2034 # the machine lib.sh works on
	root=$M
	cp -RPp "$BASE/." "$M/"
}

# the kernel's directories of the base machine's disks
SATA0=pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block
SATA1=pci0000:00/0000:00:1c.0/0000:03:00.0/ata3/host2/target2:0:0/2:0:0:0/block
NVME0=pci0000:00/0000:00:1d.0/0000:04:00.0/nvme/nvme0
NVME1=pci0000:00/0000:00:1d.4/0000:06:00.0/nvme/nvme1

new_machine build_base
BASE=$M

# --- the file-system images, made once by the real tools; every machine links them

ESP_UUID=1234-ABCD
BOOT_UUID=3f9b2c1d-7e4a-4b8e-9c2d-1a5f6e7d8c90
SWAP_UUID=6d1f2e3c-4b5a-4978-8a6b-5c4d3e2f1a0b
SWAP2_UUID=2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901
ROOT_UUID=9d2e0c1a-4b7f-4e55-8c3b-2f6a1d0e9b47
RAID_UUID=5e1f7a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b
# the GPT of the SATA disk: sfdisk writes these, blkid reads them in lower case
ESP_PARTUUID=0c7b5d7e-1f3a-4e2b-9c8d-7a6b5c4d3e21
BOOT_PARTUUID=a1b2c3d4-e5f6-4789-8abc-def012345678
SWAP_PARTUUID=7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b
CRYPT_PARTUUID=c4d5e6f7-0819-4a2b-9c3d-4e5f60718293

make_images() {
	mkdir -p "$IMG"
	(
		cd "$IMG" || exit 1
		truncate -s 256M gpt esp boot swap swap2 root raid-a raid-b || exit 1
		broken gpt || printf '%s\n' 'label: gpt' 'label-id: 5B0E6B2C-2C55-4A4E-8E3A-6F1D2C3B4A59' \
			"start=2048, size=65536, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=$ESP_PARTUUID, name=\"EFI system partition\"" \
			"start=67584, size=131072, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=$BOOT_PARTUUID, name=\"boot\"" \
			"start=198656, size=32768, type=0657FD6D-A4AB-43C4-84E5-0933C84B4F4F, uuid=$SWAP_PARTUUID, name=\"swap\"" \
			"start=231424, size=262144, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=$CRYPT_PARTUUID, name=\"cryptroot\"" |
			sfdisk -q gpt || exit 1
		mkfs.vfat -i "$(echo "$ESP_UUID" | tr -d -)" -n 'EFI SYS' esp >/dev/null &&
			mkfs.ext4 -q -F -L boot -U "$BOOT_UUID" boot &&
			mkswap -L swap -U "$SWAP_UUID" swap >/dev/null 2>&1 &&
			mkswap -U "$SWAP2_UUID" swap2 >/dev/null 2>&1 &&
			mkfs.btrfs -q -f -L root -U "$ROOT_UUID" root >/dev/null 2>&1 &&
			mkfs.btrfs -q -f -d raid1 -m raid1 -L raid -U "$RAID_UUID" raid-a raid-b >/dev/null 2>&1
	)
}

# udev's records of the same partitions, as udev writes them (values \x-escaped)
udev_records() {
	udev 8:0 'E:ID_PART_TABLE_UUID=5b0e6b2c-2c55-4a4e-8e3a-6f1d2c3b4a59' 'E:ID_PART_TABLE_TYPE=gpt'
	udev 8:1 "E:ID_FS_UUID=$ESP_UUID" 'E:ID_FS_LABEL=EFI_SYS' 'E:ID_FS_LABEL_ENC=EFI\x20SYS' 'E:ID_FS_TYPE=vfat' \
		"E:ID_PART_ENTRY_UUID=$ESP_PARTUUID" 'E:ID_PART_ENTRY_NAME=EFI\x20system\x20partition' 'G:systemd'
	udev 8:2 "E:ID_FS_UUID=$BOOT_UUID" 'E:ID_FS_LABEL_ENC=boot' 'E:ID_FS_TYPE=ext4' \
		"E:ID_PART_ENTRY_UUID=$BOOT_PARTUUID" 'E:ID_PART_ENTRY_NAME=boot'
	udev 8:3 "E:ID_FS_UUID=$SWAP_UUID" 'E:ID_FS_LABEL_ENC=swap' 'E:ID_FS_TYPE=swap' \
		"E:ID_PART_ENTRY_UUID=$SWAP_PARTUUID" 'E:ID_PART_ENTRY_NAME=swap'
	udev 8:4 "E:ID_FS_UUID=$ROOT_UUID" 'E:ID_FS_LABEL_ENC=root' 'E:ID_FS_TYPE=btrfs' \
		"E:ID_PART_ENTRY_UUID=$CRYPT_PARTUUID" 'E:ID_PART_ENTRY_NAME=cryptroot'
}

# root_nvme: / on nvme0n1p2 (04:00.0), mounted now, found through sys/dev/block
root_nvme() {
	blockdev nvme0n1 259:0 "$NVME0/nvme0n1"
	blockdev nvme0n1p2 259:2 "$NVME0/nvme0n1/nvme0n1p2" 2
	blank nvme0n1 512
	blank nvme0n1p2 256
	mountinfo '26 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro'
}

# sata_disk: the SATA disk sda (00:17.0) with its four partitions: the ESP, /boot,
#   swap and a LUKS container, none of them mounted or active
sata_disk() {
	blockdev sda 8:0 "$SATA0/sda"
	for _p in 1 2 3 4; do
		blockdev "sda$_p" "8:$_p" "$SATA0/sda/sda$_p" "$_p"
	done
}

# machine_nextboot images|udev: / on the NVMe drive, and the SATA disk known
#   either from its images (the GPT, vfat, ext4, swap, btrfs) or from udev's
#   records alone (no ROOT/dev/sda*)
machine_nextboot() {
	machine
	root_nvme
	sata_disk
	if [ "$1" = images ]; then
		image sda gpt
		image sda1 esp
		image sda2 boot
		image sda3 swap
		image sda4 root
	else
		udev_records
	fi
}

# --- the suite

make_images
for f in "$IMG"/*; do
	case ${f##*/} in
	gpt) want='PTTYPE="gpt"' ;;
	esp) want='TYPE="vfat"' ;;
	boot) want='TYPE="ext4"' ;;
	swap*) want='TYPE="swap"' ;;
	*) want='TYPE="btrfs"' ;;
	esac
	blkid -p "$f" >"$OUT" 2>&1
	ok_if "fixtures/image-${f##*/}" "blkid -p: expected $want, got '$(oneline "$OUT")'" grep -qF "$want" "$OUT"
done

# ======================================================================
echo "# ZFS: / on a pool (Proxmox VE), members found by libblkid"
PVE_ROOT='26 1 0:26 / / rw,relatime shared:1 - zfs rpool/ROOT/pve-1 rw,xattr,posixacl'
# zfs_member NAME MAJ:MIN DIR PARTNO POOL GUID: a 64 MiB partition labelled as a member of POOL
zfs_member() {
	blockdev "$1" "$2" "$3" "$4"
	blank "$1" 64
	zfs_label "$M/dev/$1" "$5" 8589934591123456789 "$6"
}

# Proxmox VE's layout on one NVMe drive: BIOS boot, the ESP, the pool
machine_pve() {
	machine
	blockdev nvme0n1 259:0 "$NVME0/nvme0n1"
	blockdev nvme0n1p1 259:1 "$NVME0/nvme0n1/nvme0n1p1" 1
	blockdev nvme0n1p2 259:2 "$NVME0/nvme0n1/nvme0n1p2" 2
	blank nvme0n1 512
	blank nvme0n1p1 1
	blank nvme0n1p2 512
	zfs_member nvme0n1p3 259:3 "$NVME0/nvme0n1/nvme0n1p3" 3 rpool 1234567890123456789
	mountinfo "$PVE_ROOT"
	mountinfo '27 26 0:27 / /rpool rw,noatime shared:2 - zfs rpool rw,xattr,noacl'
	mountinfo '28 26 0:28 / /rpool/data rw,noatime shared:3 - zfs rpool/data rw,xattr,noacl'
}
machine_pve
blkid -p "$M/dev/nvme0n1p3" >"$OUT" 2>&1
ok_if zfs/fixture-is-a-zfs-member "blkid -p: expected TYPE=\"zfs_member\" and LABEL=\"rpool\", got '$(oneline "$OUT")'" \
	grep -q 'LABEL="rpool" .*TYPE="zfs_member"' "$OUT"
danger zfs/root-nvme 04:00.0 0000:04:00.0 '/ (nvme0n1p3)' 1
danger zfs/root-nvme-by-path 00:1d.0/00.0@144d:a80a 0000:04:00.0 '/ (nvme0n1p3)' 1
is zfs/card 0 "$CLEAN_CARD" --cmdline "$(card)" check
clean zfs/other-nvme 06:00.0 1

echo "# ZFS: Ubuntu's two pools, and a pool on LUKS"
# / on rpool (nvme0n1p4 on the second NVMe drive), /boot on bpool (nvme0n1p3 on the first)
machine
blockdev nvme0n1 259:0 "$NVME0/nvme0n1"
blank nvme0n1 512
zfs_member nvme0n1p3 259:3 "$NVME0/nvme0n1/nvme0n1p3" 3 bpool 4444444444444444444
blockdev nvme1n1 259:4 "$NVME1/nvme1n1"
blank nvme1n1 512
zfs_member nvme1n1p4 259:8 "$NVME1/nvme1n1/nvme1n1p4" 4 rpool 5555555555555555555
mountinfo '26 1 0:26 / / rw,relatime shared:1 - zfs rpool/ROOT/ubuntu_x1y2z3 rw,xattr,posixacl'
mountinfo '27 26 0:27 / /boot rw,relatime shared:2 - zfs bpool/BOOT/ubuntu_x1y2z3 rw,xattr,posixacl'
danger zfs/ubuntu-rpool 06:00.0 0000:06:00.0 '/ (nvme1n1p4)' 1
danger zfs/ubuntu-bpool 04:00.0 0000:04:00.0 '/boot (nvme0n1p3)' 1
# the member is the LUKS mapping dm-0 on nvme0n1p3: its controller through slaves/
machine
blockdev nvme0n1 259:0 "$NVME0/nvme0n1"
blockdev nvme0n1p3 259:3 "$NVME0/nvme0n1/nvme0n1p3" 3
mkdir -p "$M/sys/devices/$NVME0/nvme0n1/nvme0n1p3/holders"
blank nvme0n1 512
blank nvme0n1p3 64
fake_dm dm-0 254:0 nvme0n1p3
fake_dm_name dm-0 luks-rpool
blank dm-0 64
zfs_label "$M/dev/dm-0" rpool 8589934591123456789 1234567890123456789
mountinfo "$PVE_ROOT"
danger zfs/on-luks 04:00.0 0000:04:00.0 '/ (nvme0n1p3)' 1

echo "# ZFS: a pool mirrored across two SATA controllers"
machine_mirror() {
	machine
	blockdev sda 8:0 "$SATA0/sda"
	blockdev sdb 8:16 "$SATA1/sdb"
	blank sda 512
	blank sdb 512
	zfs_member sda1 8:1 "$SATA0/sda/sda1" 1 rpool 1111111111111111111
	zfs_member sdb1 8:17 "$SATA1/sdb/sdb1" 1 rpool 2222222222222222222
	mountinfo "$PVE_ROOT"
}
machine_mirror
danger zfs/mirror-first 00:17.0 0000:00:17.0 '/ (sda1)' 1
danger zfs/mirror-second 03:00.0 0000:03:00.0 '/ (sdb1)' 1
json_is zfs/mirror-both 3 '[.findings[] | [.level, .code]] == [["error","takes-host-device"],["error","takes-host-device"]]
	and (([.findings[].message | capture("take (?<a>[^,]*),").a] | sort) == ["0000:00:17.0","0000:03:00.0"])' \
	--cmdline 'vfio.slots=00:17.0,03:00.0' check
is zfs/mirror-card 0 "$CLEAN_CARD" --cmdline "$(card)" check

echo "# ZFS: the same mirror known from udev's records alone"
machine
blockdev sda 8:0 "$SATA0/sda"
blockdev sda1 8:1 "$SATA0/sda/sda1" 1
blockdev sdb 8:16 "$SATA1/sdb"
blockdev sdb1 8:17 "$SATA1/sdb/sdb1" 1
for d in 8:1 8:17; do
	udev "$d" 'E:ID_FS_VERSION=5000' 'E:ID_FS_LABEL=rpool' 'E:ID_FS_LABEL_ENC=rpool' \
		'E:ID_FS_UUID=8589934591123456789' 'E:ID_FS_TYPE=zfs_member' 'E:ID_FS_USAGE=filesystem'
done
udev 8:0 'E:ID_PART_TABLE_TYPE=gpt'
udev 8:16 'E:ID_PART_TABLE_TYPE=gpt'
mountinfo "$PVE_ROOT"
danger zfs/udev-first 00:17.0 0000:00:17.0 '/ (sda1)' 1
danger zfs/udev-second 03:00.0 0000:03:00.0 '/ (sdb1)' 1

echo "# ZFS: members that cannot be found"
# no device carries the label: a warning that names the pool, and the NVMe is free to go
machine_pve
blank nvme0n1p3 64
untraced zfs/no-member 1 04:00.0 1 '/: no block device is a member of the ZFS pool rpool'
untraced zfs/no-member-card 1 01:00.0 2 '/: no block device is a member of the ZFS pool rpool'
# another pool's member is not this pool's
machine_pve
zfs_label "$M/dev/nvme0n1p3" tank 7777777777777777777 3333333333333333333
untraced zfs/other-pool 1 04:00.0 1 '/: no block device is a member of the ZFS pool rpool'
# a member that cannot be read is named
machine_pve
rm "$M/dev/nvme0n1p3"
mkfifo "$M/dev/nvme0n1p3"
untraced zfs/member-fifo 1 04:00.0 1 \
	'/: no block device is a member of the ZFS pool rpool, but cannot read /dev/nvme0n1p3: not a block device'

# ======================================================================
echo "# bcachefs: / on two NVMe drives"
machine_bcachefs() {
	machine
	blockdev nvme0n1 259:0 "$NVME0/nvme0n1"
	blockdev nvme0n1p2 259:2 "$NVME0/nvme0n1/nvme0n1p2" 2
	blockdev nvme1n1 259:4 "$NVME1/nvme1n1"
	blockdev nvme1n1p1 259:5 "$NVME1/nvme1n1/nvme1n1p1" 1
	for d in nvme0n1 nvme0n1p2 nvme1n1 nvme1n1p1; do blank "$d" 512; done
	mountinfo "26 1 0:27 / / rw,relatime shared:1 - bcachefs $1 rw,compression=lz4"
}
machine_bcachefs /dev/nvme0n1p2:/dev/nvme1n1p1
danger bcachefs/first 04:00.0 0000:04:00.0 '/ (nvme0n1p2)' 1
danger bcachefs/second 06:00.0 0000:06:00.0 '/ (nvme1n1p1)' 1
is bcachefs/card 0 "$CLEAN_CARD" --cmdline "$(card)" check
# a member the machine does not have: the others still count, and it is named
machine_bcachefs /dev/nvme0n1p2:/dev/nvme2n1p1
is bcachefs/missing-member 3 'error: the selection would take 0000:04:00.0, which the host needs for / (nvme0n1p2); remove it from the list
warning: /: /dev/nvme2n1p1 is not among the block devices; make sure the selection does not take it
check: 1 functions would go to vfio-pci; 1 warnings, 1 errors' --cmdline 'vfio.slots=04:00.0' check

# ======================================================================
echo "# NVMe native multipath: one namespace, two controllers"
# nvme_ctrl NAME DIR TRANSPORT ADDRESS: the controller NAME at sys/devices/DIR, in sys/class/nvme
nvme_ctrl() {
	mkdir -p "$M/sys/devices/$2"
	printf '%s\n' "$3" >"$M/sys/devices/$2/transport"
	printf '%s\n' "$4" >"$M/sys/devices/$2/address"
	_fake_link "class/nvme/$1" "../../devices/$2"
}
# nvme_subsys SUBSYS CTRL...: the subsystem's links to its controllers, as the kernel makes them
nvme_subsys() {
	_sd=$M/sys/devices/virtual/nvme-subsystem/$1
	shift
	mkdir -p "$_sd"
	for _c in "$@"; do
		_t=$(readlink "$M/sys/class/nvme/$_c")
		ln -s "../../../${_t#../../devices/}" "$_sd/$_c"
	done
}
# nvme_ns NAME MAJ:MIN PARENT: a namespace below PARENT (a subsystem or a
#   controller directory), its device link to PARENT, and its first partition
nvme_ns() {
	blockdev "$1" "$2" "$3/$1"
	ln -s "../../${3##*/}" "$M/sys/devices/$3/$1/device"
	blockdev "${1}p1" "${2%:*}:$((${2#*:} + 1))" "$3/$1/${1}p1" 1
	blank "$1" 512
	blank "${1}p1" 256
}
machine_multipath() {
	machine
	nvme_ctrl nvme0 "$NVME0" pcie 0000:04:00.0
	nvme_ctrl nvme1 "$NVME1" pcie 0000:06:00.0
	nvme_subsys nvme-subsys0 nvme0 nvme1
	nvme_ns nvme0n1 259:0 virtual/nvme-subsystem/nvme-subsys0
	mountinfo '26 1 259:1 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p1 rw'
}
machine_multipath
ok_if multipath/fixture-layout "expected the kernel's links, got $(readlink "$M/sys/devices/virtual/nvme-subsystem/nvme-subsys0/nvme0")" \
	test "$(readlink "$M/sys/devices/virtual/nvme-subsystem/nvme-subsys0/nvme0")" = \
	../../../pci0000:00/0000:00:1d.0/0000:04:00.0/nvme/nvme0 -a -d "$M/sys/class/nvme/nvme1/"
danger multipath/first-path 04:00.0 0000:04:00.0 '/ (nvme0)' 1
danger multipath/second-path 06:00.0 0000:06:00.0 '/ (nvme1)' 1
is multipath/card 0 "$CLEAN_CARD" --cmdline "$(card)" check
# swap on the same namespace, now: the same controllers
machine_multipath
: >"$M/proc/self/mountinfo"
fake_swap /dev/nvme0n1p1 partition
danger multipath/swap 06:00.0 0000:06:00.0 'swap (nvme1)' 1

# ======================================================================
echo "# network roots: NFS"
NFS_OPTS=rw,vers=4.2,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys
# machine_nfs SERVER ADDR: / on NFS from SERVER (addr=ADDR), the default route on eno1
machine_nfs() {
	machine
	mountinfo "26 1 0:22 / / rw,relatime shared:1 - nfs4 $1:/export $NFS_OPTS,clientaddr=10.0.0.20,local_lock=none,addr=$2"
}
# the server's network (10.0.0.0/24) on enp5s0: the longest prefix wins
machine_nfs 10.0.0.5 10.0.0.5
broken route || fake_route enp5s0 0000000A 00FFFFFF
danger nfs/longest-prefix 05:00.0 0000:05:00.0 '/ (server 10.0.0.5) (enp5s0)' 1
danger nfs/default-route-still 00:1f.6 0000:00:1f.6 'default route (eno1)' 1
is nfs/card 0 "$CLEAN_CARD" --cmdline "$(card)" check
# a wider route on enp5s0 and a narrower one on a bridge over eno1
machine_nfs 10.0.0.5 10.0.0.5
fake_route enp5s0 0000000A 000000FF
fake_net br0 -
fake_lower br0 eno1
fake_route br0 0000000A 00FFFFFF
clean nfs/longest-prefix-bridge-wider 05:00.0 1
danger nfs/longest-prefix-bridge 00:1f.6 0000:00:1f.6 '/ (server 10.0.0.5) (eno1)' 1
# only the default route: that NIC carries the root, the other is free
machine_nfs 10.0.0.5 10.0.0.5
danger nfs/default-route 00:1f.6 0000:00:1f.6 '/ (server 10.0.0.5) (eno1)' 1
clean nfs/default-route-other-nic 05:00.0 1
# IPv6: the server's /64 on enp5s0
machine_nfs '[fd00:0:0:1::5]' fd00:0:0:1::5
fake_route6 enp5s0 fd000000000000010000000000000000 40
fake_route6 eno1
danger nfs/ipv6 05:00.0 0000:05:00.0 '/ (server fd00:0:0:1::5) (enp5s0)' 1
# NFSv3: addr= is the server, mountaddr= (the mount daemon's) is not
machine
mountinfo '26 1 0:22 / / rw,relatime shared:1 - nfs 10.0.0.5:/export rw,vers=3,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys,mountaddr=10.0.3.5,mountvers=3,mountport=20048,mountproto=udp,local_lock=none,addr=10.0.0.5'
fake_route enp5s0 0000000A 00FFFFFF
fake_route eno1 0003000A 00FFFFFF
danger nfs/v3 05:00.0 0000:05:00.0 '/ (server 10.0.0.5) (enp5s0)' 1
# no route to the server, or no server in the options
machine_nfs 10.0.0.5 10.0.0.5
rm "$M/proc/net/route"
untraced nfs/no-route 1 01:00.0 2 '/ (server 10.0.0.5): no route to 10.0.0.5'
machine
mountinfo "26 1 0:22 / / rw,relatime shared:1 - nfs4 10.0.0.5:/export $NFS_OPTS"
untraced nfs/no-addr 1 01:00.0 2 '/: a nfs4 mount whose server is not in its options (10.0.0.5:/export)'

echo "# network roots: iSCSI"
ISCSI=platform/host2/session1
machine
blockdev sdb 8:16 "$ISCSI/target2:0:0/2:0:0:0/block/sdb"
blockdev sdb1 8:17 "$ISCSI/target2:0:0/2:0:0:0/block/sdb/sdb1" 1
blank sdb 512
blank sdb1 256
mkdir -p "$M/sys/devices/$ISCSI/connection1:0/iscsi_connection/connection1:0"
printf '10.0.1.9\n' >"$M/sys/devices/$ISCSI/connection1:0/iscsi_connection/connection1:0/persistent_address"
printf '3260\n' >"$M/sys/devices/$ISCSI/connection1:0/iscsi_connection/connection1:0/persistent_port"
broken route || fake_route enp5s0 0001000A 00FFFFFF
mountinfo '26 1 8:17 / / rw,relatime shared:1 - ext4 /dev/sdb1 rw'
danger iscsi/root 05:00.0 0000:05:00.0 '/ (server 10.0.1.9) (enp5s0)' 1
is iscsi/card 0 "$CLEAN_CARD" --cmdline "$(card)" check

echo "# network roots: NVMe over TCP"
machine_nvme_tcp() {
	machine
	nvme_ctrl nvme1 virtual/nvme-fabrics/ctl/nvme1 tcp traddr=10.0.1.9,trsvcid=4420,src_addr=10.0.1.20
	nvme_ns nvme1n1 259:0 virtual/nvme-fabrics/ctl/nvme1
	broken route || fake_route enp5s0 0001000A 00FFFFFF
	mountinfo "26 1 $1 / / rw,relatime shared:1 - ext4 /dev/$2 rw"
}
machine_nvme_tcp 259:0 nvme1n1
danger nvme-tcp/namespace 05:00.0 0000:05:00.0 '/ (server 10.0.1.9) (enp5s0)' 1
is nvme-tcp/card 0 "$CLEAN_CARD" --cmdline "$(card)" check
# a partition has no device link of its own: its disk's controller
machine_nvme_tcp 259:1 nvme1n1p1
danger nvme-tcp/partition 05:00.0 0000:05:00.0 '/ (server 10.0.1.9) (enp5s0)' 1
# native multipath over two fabrics paths, to two servers on two NICs
machine
nvme_ctrl nvme2 virtual/nvme-fabrics/ctl/nvme2 tcp traddr=10.0.1.9,trsvcid=4420
nvme_ctrl nvme3 virtual/nvme-fabrics/ctl/nvme3 tcp traddr=10.0.2.9,trsvcid=4420
nvme_subsys nvme-subsys1 nvme2 nvme3
nvme_ns nvme1n1 259:0 virtual/nvme-subsystem/nvme-subsys1
fake_route enp5s0 0001000A 00FFFFFF
fake_route eno1 0002000A 00FFFFFF
mountinfo '26 1 259:1 / / rw,relatime shared:1 - ext4 /dev/nvme1n1p1 rw'
danger nvme-tcp/multipath-first 05:00.0 0000:05:00.0 '/ (server 10.0.1.9) (enp5s0)' 1
danger nvme-tcp/multipath-second 00:1f.6 0000:00:1f.6 '/ (server 10.0.2.9) (eno1)' 1

echo "# network roots: nbd"
machine_nbd() {
	machine
	blockdev nbd0 43:0 virtual/block/nbd0
	blank nbd0 0
	broken route || fake_route enp5s0 0002000A 00FFFFFF
	mountinfo '26 1 43:0 / / rw,relatime shared:1 - ext4 /dev/nbd0 rw'
}
machine_nbd
fake_cmdline 'BOOT_IMAGE=/vmlinuz root=/dev/nbd0 nbdroot=10.0.2.7,10809 ip=dhcp ro'
fake_conf 'slots = 05:00.0'
is nbd/root-conf 3 'error: the selection would take 0000:05:00.0, which the host needs for / (server 10.0.2.7) (enp5s0); remove it from the list
check: 1 functions would go to vfio-pci; 0 warnings, 1 errors' check
# --cmdline replaces /proc/cmdline, nbdroot= with it
machine_nbd
XCMD='root=/dev/nbd0 nbdroot=10.0.2.7,10809'
danger nbd/root-cmdline 05:00.0 0000:05:00.0 '/ (server 10.0.2.7) (enp5s0)' 1
XCMD=
machine_nbd
untraced nbd/no-nbdroot 1 01:00.0 2 '/: cannot tell which PCI controller holds /dev/nbd0'

# ======================================================================
# nextboot MODE NAME WHAT FSTAB [CRYPTTAB]: on a fresh machine_nextboot MODE,
#   with /etc/fstab (and /etc/crypttab) holding these lines, the SATA
#   controller is what the host needs for WHAT
nextboot() {
	machine_nextboot "$1"
	etc fstab "$4"
	[ $# -lt 5 ] || etc crypttab "$5"
	danger "nextboot-$1/$2" 00:17.0 0000:00:17.0 "$3" 1
}

# machine_lvm MODE FSTAB: machine_nextboot MODE with the LV vg0/boot (dm-1) on
#   sda2, not mounted, its links /dev/vg0/boot and /dev/mapper/vg0-boot, and FSTAB
machine_lvm() {
	machine_nextboot "$1"
	mkdir -p "$M/sys/devices/$SATA0/sda/sda2/holders" "$M/dev/vg0"
	fake_dm dm-1 254:1 sda2
	fake_dm_name dm-1 vg0-boot
	ln -s ../dm-1 "$M/dev/vg0/boot"
	etc fstab "$2"
}

for mode in images udev; do
	echo "# the next boot: fstab, crypttab and resume=, devices known from $mode"
	machine_nextboot "$mode"
	clean "nextboot-$mode/nothing-in-fstab" 00:17.0 1
	nextboot "$mode" boot-uuid '/boot in /etc/fstab (sda2)' "UUID=$BOOT_UUID /boot ext4 defaults 0 2"
	nextboot "$mode" boot-label '/boot in /etc/fstab (sda2)' 'LABEL=boot /boot ext4 defaults 0 2'
	nextboot "$mode" boot-label-quoted '/boot in /etc/fstab (sda2)' 'LABEL="boot" /boot ext4 defaults 0 2'
	nextboot "$mode" boot-partuuid '/boot in /etc/fstab (sda2)' "PARTUUID=$BOOT_PARTUUID /boot ext4 defaults 0 2"
	nextboot "$mode" boot-partlabel '/boot in /etc/fstab (sda2)' 'PARTLABEL=boot /boot ext4 defaults 0 2'
	nextboot "$mode" boot-path '/boot in /etc/fstab (sda2)' '/dev/sda2 /boot ext4 defaults 0 2'
	machine_nextboot "$mode"
	mkdir -p "$M/dev/disk/by-uuid"
	ln -s ../../sda2 "$M/dev/disk/by-uuid/$BOOT_UUID"
	etc fstab "/dev/disk/by-uuid/$BOOT_UUID /boot ext4 defaults 0 2"
	danger "nextboot-$mode/boot-by-uuid-link" 00:17.0 0000:00:17.0 '/boot in /etc/fstab (sda2)' 1
	# LVM's /dev/VG/LV and md's /dev/md/NAME are udev's links too
	machine_lvm "$mode" '/dev/vg0/boot /boot ext4 defaults 0 2'
	danger "nextboot-$mode/boot-lvm-path" 00:17.0 0000:00:17.0 '/boot in /etc/fstab (sda2)' 1
	machine_lvm "$mode" '/dev/mapper/vg0-boot /boot ext4 defaults 0 2'
	danger "nextboot-$mode/boot-lvm-mapper" 00:17.0 0000:00:17.0 '/boot in /etc/fstab (sda2)' 1
	machine_lvm "$mode" '/dev/vg0/nosuch /boot ext4 defaults 0 2'
	untraced "nextboot-$mode/boot-lvm-path-missing" 1 01:00.0 2 '/boot in /etc/fstab: /dev/vg0/nosuch does not exist'
	# a by-path link has colons, and is one device
	machine_nextboot "$mode"
	mkdir -p "$M/dev/disk/by-path"
	ln -s ../../sda2 "$M/dev/disk/by-path/pci-0000:00:17.0-ata-1.0-part2"
	etc fstab '/dev/disk/by-path/pci-0000:00:17.0-ata-1.0-part2 /boot ext4 defaults 0 2'
	danger "nextboot-$mode/boot-by-path-link" 00:17.0 0000:00:17.0 '/boot in /etc/fstab (sda2)' 1
	nextboot "$mode" esp-uuid '/boot/efi in /etc/fstab (sda1)' "UUID=$ESP_UUID /boot/efi vfat umask=0077 0 1"
	nextboot "$mode" esp-label-with-space '/boot/efi in /etc/fstab (sda1)' 'LABEL=EFI\040SYS /boot/efi vfat umask=0077 0 1'
	nextboot "$mode" esp-partlabel-with-spaces '/boot/efi in /etc/fstab (sda1)' \
		'PARTLABEL=EFI\040system\040partition /boot/efi vfat umask=0077 0 1'
	nextboot "$mode" esp-noauto '/boot/efi in /etc/fstab (sda1)' \
		"PARTUUID=$ESP_PARTUUID /boot/efi vfat noauto,x-systemd.automount 0 1"
	nextboot "$mode" swap-uuid 'swap in /etc/fstab (sda3)' "UUID=$SWAP_UUID none swap sw 0 0"
	nextboot "$mode" swap-label 'swap in /etc/fstab (sda3)' 'LABEL=swap none swap sw 0 0'
	nextboot "$mode" swap-partuuid 'swap in /etc/fstab (sda3)' "PARTUUID=$SWAP_PARTUUID none swap sw,pri=5 0 0"
	nextboot "$mode" swap-partlabel 'swap in /etc/fstab (sda3)' 'PARTLABEL=swap swap swap defaults'
	nextboot "$mode" root-uuid '/ in /etc/fstab (sda4)' "UUID=$ROOT_UUID / btrfs defaults,subvol=@ 0 0"
	nextboot "$mode" crypttab-partuuid '/ in /etc/fstab (sda4)' '/dev/mapper/cryptroot / ext4 defaults 0 1' \
		"cryptroot PARTUUID=$CRYPT_PARTUUID none luks,discard"
	nextboot "$mode" crypttab-partlabel '/ in /etc/fstab (sda4)' '/dev/mapper/cryptroot / ext4 defaults 0 1' \
		'# <target name> <source device> <key file> <options>
cryptswap /dev/sda9 /dev/urandom swap,cipher=aes-xts-plain64
cryptroot PARTLABEL=cryptroot none luks'
	nextboot "$mode" crypttab-swap 'swap in /etc/fstab (sda3)' '/dev/mapper/cryptswap none swap sw 0 0' \
		"cryptswap PARTUUID=$SWAP_PARTUUID /dev/urandom swap,cipher=aes-xts-plain64,size=256"
	machine_nextboot "$mode"
	XCMD="resume=UUID=$SWAP_UUID"
	danger "nextboot-$mode/resume-cmdline" 00:17.0 0000:00:17.0 'resume= on the command line (sda3)' 1
	XCMD="resume=PARTLABEL=swap"
	danger "nextboot-$mode/resume-cmdline-partlabel" 00:17.0 0000:00:17.0 'resume= on the command line (sda3)' 1
	XCMD="resume=/dev/sda3"
	danger "nextboot-$mode/resume-cmdline-path" 00:17.0 0000:00:17.0 'resume= on the command line (sda3)' 1
	# the kernel's MAJ:MIN form
	XCMD="resume=8:3"
	danger "nextboot-$mode/resume-cmdline-majmin" 00:17.0 0000:00:17.0 'resume= on the command line (sda3)' 1
	XCMD="resume=8:99"
	untraced "nextboot-$mode/resume-cmdline-majmin-none" 1 00:17.0 1 'resume= on the command line: no block device is 8:99'
	XCMD=
	machine_nextboot "$mode"
	etc initramfs-tools/conf.d/resume "RESUME=UUID=$SWAP_UUID"
	danger "nextboot-$mode/resume-conf" 00:17.0 0000:00:17.0 \
		'resume in /etc/initramfs-tools/conf.d/resume (sda3)' 1
	# the command line wins over the file: resume=none turns it off
	XCMD=resume=none
	clean "nextboot-$mode/resume-none-wins" 00:17.0 1
	XCMD=
	machine_nextboot "$mode"
	etc initramfs-tools/conf.d/resume 'RESUME=8:3'
	danger "nextboot-$mode/resume-conf-majmin" 00:17.0 0000:00:17.0 \
		'resume in /etc/initramfs-tools/conf.d/resume (sda3)' 1
	machine_nextboot "$mode"
	etc initramfs-tools/conf.d/resume 'RESUME=none'
	clean "nextboot-$mode/resume-conf-none" 00:17.0 1
done

echo "# the next boot: udev's record wins, else libblkid"
# a record without ID_FS_TYPE (written before probing ended) is not enough: the image decides
machine_nextboot images
udev 8:2 "E:ID_PART_ENTRY_UUID=$BOOT_PARTUUID"
etc fstab "UUID=$BOOT_UUID /boot ext4 defaults 0 2"
danger nextboot/udev-record-without-type 00:17.0 0000:00:17.0 '/boot in /etc/fstab (sda2)' 1
# a record that is a FIFO: no hang, the image decides
machine_nextboot images
mkdir -p "$M/run/udev/data"
mkfifo "$M/run/udev/data/b8:2"
etc fstab "UUID=$BOOT_UUID /boot ext4 defaults 0 2"
danger nextboot/udev-record-fifo 00:17.0 0000:00:17.0 '/boot in /etc/fstab (sda2)' 1

echo "# the next boot: what is mounted now keeps its name"
machine_nextboot images
mountinfo '27 26 8:2 / /boot rw,relatime shared:2 - ext4 /dev/sda2 rw'
mountinfo '28 27 8:1 / /boot/efi rw,relatime shared:3 - vfat /dev/sda1 rw,fmask=0077,dmask=0077'
fake_swap /dev/sda3 partition
etc fstab "UUID=$ROOT_UUID / btrfs defaults 0 0
UUID=$BOOT_UUID /boot ext4 defaults 0 2
UUID=$ESP_UUID /boot/efi vfat umask=0077 0 1
UUID=$SWAP_UUID none swap sw 0 0"
danger nextboot/mounted-boot 00:17.0 0000:00:17.0 '/boot (sda2)' 1
is nextboot/mounted-card 0 "$CLEAN_CARD" --cmdline "$(card)" check

echo "# the next boot: multi-device file systems named once"
# btrfs RAID 1 across both SATA controllers, not mounted now: fstab's UUID= is every member's
machine
root_nvme
blockdev sda 8:0 "$SATA0/sda"
blockdev sdb 8:16 "$SATA1/sdb"
image sda raid-a
image sdb raid-b
etc fstab "UUID=$RAID_UUID /srv btrfs defaults 0 0
UUID=$RAID_UUID / btrfs defaults 0 0"
danger nextboot/btrfs-raid1-first 00:17.0 0000:00:17.0 '/ in /etc/fstab (sda)' 1
danger nextboot/btrfs-raid1-second 03:00.0 0000:03:00.0 '/ in /etc/fstab (sdb)' 1
# bcachefs names its members with colons in fstab too
machine_bcachefs /dev/nvme0n1p2:/dev/nvme1n1p1
: >"$M/proc/self/mountinfo"
etc fstab '/dev/nvme0n1p2:/dev/nvme1n1p1 / bcachefs defaults 0 0'
danger nextboot/bcachefs-first 04:00.0 0000:04:00.0 '/ in /etc/fstab (nvme0n1p2)' 1
danger nextboot/bcachefs-second 06:00.0 0000:06:00.0 '/ in /etc/fstab (nvme1n1p1)' 1

echo "# the next boot: swap files and network file systems in fstab"
# a swap file lives on the file system that holds it: no warning
machine_nextboot images
etc fstab '/dev/nvme0n1p2 / ext4 errors=remount-ro 0 1
/swap.img none swap sw 0 0'
danger nextboot/swap-file 04:00.0 0000:04:00.0 '/ (nvme0n1p2)' 1
clean nextboot/swap-file-card 01:00.0 2
# on the file system mounted where it lives: /srv from the SATA disk
machine_nextboot images
mountinfo '27 26 8:2 / /srv rw,relatime shared:2 - ext4 /dev/sda2 rw'
etc fstab '/srv/swap/file1 none swap sw 0 0'
danger nextboot/swap-file-srv 00:17.0 0000:00:17.0 'swap file in /etc/fstab (sda2)' 1
# nothing mounted: named
machine_nextboot images
rm "$M/proc/self/mountinfo"
etc fstab '/swap.img none swap sw 0 0'
untraced nextboot/swap-file-no-mounts 1 01:00.0 2 \
	'/proc/self/mountinfo: cannot read it (No such file or directory): no file system mounted now is traced' \
	'swap file in /etc/fstab: cannot tell which file system holds /swap.img'
# NFS in fstab, by IPv4 and by IPv6 address
machine_nfs 10.0.0.5 10.0.0.5
: >"$M/proc/self/mountinfo"
fake_route enp5s0 0000000A 00FFFFFF
etc fstab '10.0.0.5:/export / nfs4 defaults 0 0'
danger nextboot/nfs 05:00.0 0000:05:00.0 '/ in /etc/fstab (server 10.0.0.5) (enp5s0)' 1
machine
fake_route6 enp5s0 fd000000000000010000000000000000 40
etc fstab '[fd00:0:0:1::5]:/export / nfs4 defaults 0 0'
danger nextboot/nfs-ipv6 05:00.0 0000:05:00.0 '/ in /etc/fstab (server fd00:0:0:1::5) (enp5s0)' 1

# ======================================================================
echo "# untraced: a warning that names the mount and why"
# untraced_fstab NAME FSTAB TEXT...: fstab's lines leave the warnings TEXT...
untraced_fstab() {
	_tn=$1 _tf=$2
	shift 2
	machine_nextboot images
	etc fstab "$_tf"
	untraced "untraced/$_tn" 1 01:00.0 2 "$@"
}
untraced_fstab unknown-uuid 'UUID=0badc0de-0000-4000-8000-000000000000 /boot ext4 defaults 0 2' \
	'/boot in /etc/fstab: no block device has UUID=0badc0de-0000-4000-8000-000000000000'
untraced_fstab unknown-label 'LABEL=nosuch /boot/efi vfat defaults 0 1' \
	'/boot/efi in /etc/fstab: no block device has LABEL=nosuch'
untraced_fstab unknown-partuuid 'PARTUUID=00000000-0000-0000-0000-000000000001 none swap sw 0 0' \
	'swap in /etc/fstab: no block device has PARTUUID=00000000-0000-0000-0000-000000000001'
untraced_fstab unknown-partlabel 'PARTLABEL=nosuch / ext4 defaults 0 1' \
	'/ in /etc/fstab: no block device has PARTLABEL=nosuch'
untraced_fstab empty-tag 'UUID= /boot ext4 defaults 0 2' '/boot in /etc/fstab: cannot read the device "UUID="'
untraced_fstab no-such-device '/dev/sdz1 /boot ext4 defaults 0 2' '/boot in /etc/fstab: /dev/sdz1 is not among the block devices'
untraced_fstab no-such-link '/dev/disk/by-label/nosuch /boot ext4 defaults 0 2' \
	'/boot in /etc/fstab: /dev/disk/by-label/nosuch does not exist'
untraced_fstab mapper-not-in-crypttab '/dev/mapper/cryptroot / ext4 defaults 0 1' \
	'/ in /etc/fstab: /dev/mapper/cryptroot is not active and not in /etc/crypttab'
untraced_fstab line-too-short 'UUID=0badc0de-0000-4000-8000-000000000000 /boot' \
	'/etc/fstab line 1: cannot read it (expected DEVICE MOUNTPOINT TYPE ...)'
untraced_fstab nfs-by-name 'nas.example.org:/export / nfs defaults 0 0' \
	'/ in /etc/fstab (server nas.example.org): nas.example.org is not an IP address: cannot tell which NIC reaches it'
# what is mounted now
machine
mountinfo '26 1 0:40 / / rw,relatime shared:1 - virtiofs rootfs rw'
untraced untraced/root-unknown-fs 1 01:00.0 2 '/: cannot tell which device holds this virtiofs file system (source rootfs)'
machine
blockdev loop0 7:0 virtual/block/loop0
blank loop0 64
mountinfo '26 1 7:0 / / rw,relatime shared:1 - ext4 /dev/loop0 rw'
untraced untraced/root-on-loop 1 01:00.0 2 '/: cannot tell which PCI controller holds /dev/loop0'
machine
mountinfo '26 1 0:31 / /boot rw,relatime shared:1 - ext4 /dev/sdq1 rw'
untraced untraced/boot-gone 1 01:00.0 2 '/boot: /dev/sdq1 is not among the block devices'
machine_nextboot images
XCMD=resume=garbage
untraced untraced/resume-garbage 1 01:00.0 2 'resume= on the command line: cannot read the device "garbage"'
XCMD='resume=UUID=0badc0de-0000-4000-8000-000000000000'
untraced untraced/resume-unknown-uuid 1 01:00.0 2 \
	'resume= on the command line: no block device has UUID=0badc0de-0000-4000-8000-000000000000'
XCMD=

# ======================================================================
echo "# bad input: garbage lines, each judged alone"
# fstab: lines that cannot be read, one with a NUL byte, one of binary bytes;
# the /boot line before them and the swap line after them still count
# machine_two_disks: machine_nextboot images, and swap2's image on sdb (03:00.0)
machine_two_disks() {
	machine_nextboot images
	blockdev sdb 8:16 "$SATA1/sdb"
	image sdb swap2
}
machine_two_disks
long=$(printf '%05000d' 0)
{
	printf '# /etc/fstab: static file system information.\n'
	printf 'garbage\n'
	printf 'UUID=%s /boot ext4 defaults 0 2\n' "$BOOT_UUID"
	printf 'only two\n'
	printf '%s /boot/efi vfat defaults 0 1\n' "$long"
	printf ' \t \n'
	printf 'gar\000bage /boot/efi vfat defaults 0 1\n'
	printf '\377\376\001binary / ext4 defaults 0 1\n'
	printf 'UUID=%s none swap sw 0 0\n' "$SWAP2_UUID"
} >"$M/etc/fstab"
FSTAB_BAD='error: the selection would take 0000:00:17.0, which the host needs for /boot in /etc/fstab (sda2); remove it from the list
error: the selection would take 0000:03:00.0, which the host needs for swap in /etc/fstab (sdb); remove it from the list'
run --cmdline 'vfio.slots=00:17.0,03:00.0' check
code_is bad-input/fstab-garbage 3
ok_if bad-input/fstab-garbage/errors "expected '$FSTAB_BAD', got '$(oneline "$OUT")'" \
	test "$(grep '^error: ' "$OUT")" = "$FSTAB_BAD"
for n in 2 4 5 7; do
	ok_if "bad-input/fstab-garbage/line-$n" "expected a warning for line $n, got '$(oneline "$OUT")'" \
		grep -qF "warning: /etc/fstab line $n: cannot read it (expected DEVICE MOUNTPOINT TYPE ...)" "$OUT"
done
ok_if bad-input/fstab-garbage/line-8 "expected a warning for line 8, got '$(oneline "$OUT")'" \
	env LC_ALL=C grep -aq '^warning: / in /etc/fstab: cannot read the device ".*binary"' "$OUT"
ok_if bad-input/fstab-garbage/count "expected 5 warnings and 2 errors, got '$(tail -n 1 "$OUT")'" \
	test "$(tail -n 1 "$OUT")" = 'check: 2 functions would go to vfio-pci; 5 warnings, 2 errors'
json_is bad-input/fstab-garbage/json 3 '.errors == 2 and .warnings == 5 and ([.findings[].code] | unique) == ["takes-host-device","untraced"]' \
	--cmdline 'vfio.slots=00:17.0,03:00.0' check
# JSON is UTF-8: the bytes of line 8 that are not come out as U+FFFD
ok_if bad-input/fstab-garbage/json-utf8 "not UTF-8: $(oneline "$OUT")" iconv -f UTF-8 -t UTF-8 -o /dev/null "$OUT"
json_judge bad-input/fstab-garbage/json-replacement 3 \
	'[.findings[].message | select(contains("binary"))] == ["/ in /etc/fstab: cannot read the device \"\ufffd\ufffd\u0001binary\"; make sure the selection does not take it"]'
# without the garbage, the same verdict
machine_two_disks
etc fstab "UUID=$BOOT_UUID /boot ext4 defaults 0 2
UUID=$SWAP2_UUID none swap sw 0 0"
is bad-input/fstab-clean-same-verdict 3 "$FSTAB_BAD
check: 2 functions would go to vfio-pci; 0 warnings, 2 errors" --cmdline 'vfio.slots=00:17.0,03:00.0' check

# UTF-8 that is UTF-8 stays as it is
machine_nextboot images
etc fstab 'LABEL=Données /boot ext4 defaults 0 2'
json_is bad-input/utf8-label-json 1 '[.findings[].message] == ["/boot in /etc/fstab: no block device has LABEL=Données; make sure the selection does not take it"]' \
	--cmdline 'vfio.slots=00:17.0' check

# crypttab: garbage before and after the line that counts, a NUL byte in between
machine_nextboot images
etc fstab '/dev/mapper/cryptroot / ext4 defaults 0 1'
printf 'garbage\n\000\ncryptroot PARTUUID=%s none luks\nfoo\n' "$CRYPT_PARTUUID" >"$M/etc/crypttab"
is bad-input/crypttab-garbage 3 'error: the selection would take 0000:00:17.0, which the host needs for / in /etc/fstab (sda4); remove it from the list
warning: /etc/crypttab line 1: cannot read it (expected NAME DEVICE ...); make sure the selection does not take it
warning: /etc/crypttab line 2: cannot read it (expected NAME DEVICE ...); make sure the selection does not take it
warning: /etc/crypttab line 4: cannot read it (expected NAME DEVICE ...); make sure the selection does not take it
check: 1 functions would go to vfio-pci; 3 warnings, 1 errors' --cmdline 'vfio.slots=00:17.0' check

# crypttab a directory: named once, however many mappings fstab names
machine_nextboot images
etc fstab '/dev/mapper/cryptroot / ext4 defaults 0 1
/dev/mapper/cryptswap none swap sw 0 0'
mkdir "$M/etc/crypttab"
untraced bad-input/crypttab-directory 1 01:00.0 2 '/ in /etc/fstab: /dev/mapper/cryptroot is not active and not in /etc/crypttab' \
	'swap in /etc/fstab: /dev/mapper/cryptswap is not active and not in /etc/crypttab' \
	'/etc/crypttab: cannot read it (Is a directory)'

# initramfs-tools' resume file
machine_nextboot images
mkdir -p "$M/etc/initramfs-tools/conf.d"
printf '# the swap partition\nRESUME\nresume=UUID=%s\n\000\nRESUME=UUID=%s\n' "$SWAP_UUID" "$SWAP_UUID" \
	>"$M/etc/initramfs-tools/conf.d/resume"
is bad-input/resume-garbage 3 "error: the selection would take 0000:00:17.0, which the host needs for resume in /etc/initramfs-tools/conf.d/resume (sda3); remove it from the list
warning: /etc/initramfs-tools/conf.d/resume: cannot read \"RESUME\" (expected RESUME=DEVICE); make sure the selection does not take it
warning: /etc/initramfs-tools/conf.d/resume: cannot read \"resume=UUID=$SWAP_UUID\" (expected RESUME=DEVICE); make sure the selection does not take it
warning: /etc/initramfs-tools/conf.d/resume: cannot read \"\" (expected RESUME=DEVICE); make sure the selection does not take it
check: 1 functions would go to vfio-pci; 3 warnings, 1 errors" --cmdline 'vfio.slots=00:17.0' check

# the files themselves unreadable: named, never a hang
for what in fifo directory loop big; do
	machine_nextboot images
	mountinfo '27 26 8:2 / /boot rw,relatime shared:2 - ext4 /dev/sda2 rw'
	case $what in
	fifo) mkfifo "$M/etc/fstab" ;;
	directory) mkdir "$M/etc/fstab" ;;
	loop) ln -s fstab "$M/etc/fstab" ;;
	big) head -c 1100000 /dev/zero | tr '\0' '#' >"$M/etc/fstab" ;;
	esac
	case $what in
	fifo) why='not a regular file' ;;
	directory) why='Is a directory' ;;
	loop) why='Too many levels of symbolic links' ;;
	big) why='over 1048576 bytes' ;;
	esac
	is "bad-input/fstab-$what" 3 "error: the selection would take 0000:00:17.0, which the host needs for /boot (sda2); remove it from the list
warning: /etc/fstab: cannot read it ($why); make sure the selection does not take it
check: 1 functions would go to vfio-pci; 1 warnings, 1 errors" --cmdline 'vfio.slots=00:17.0' check
done

machine_nextboot images
mkdir -p "$M/etc/initramfs-tools/conf.d"
mkfifo "$M/etc/initramfs-tools/conf.d/resume"
untraced bad-input/resume-fifo 1 01:00.0 2 '/etc/initramfs-tools/conf.d/resume: cannot read it (not a regular file)'

echo "# bad input: devices that cannot be read"
# /boot by UUID on sda2, swap by UUID on sdb (03:00.0); sda2 broken each way:
# /boot is named with the reason, swap still found, nothing hangs
machine_bad_device() {
	machine_two_disks
	etc fstab "UUID=$BOOT_UUID /boot ext4 defaults 0 2
UUID=$SWAP2_UUID none swap sw 0 0"
	rm "$M/dev/sda2"
}
# bad_device NAME WHY: check on the broken machine
bad_device() {
	is "bad-input/device-$1" 3 "error: the selection would take 0000:03:00.0, which the host needs for swap in /etc/fstab (sdb); remove it from the list
warning: /boot in /etc/fstab: no block device has UUID=$BOOT_UUID, but cannot read /dev/sda2: $2; make sure the selection does not take it
check: 2 functions would go to vfio-pci; 1 warnings, 1 errors" --cmdline 'vfio.slots=00:17.0,03:00.0' check
}
machine_bad_device
: >"$M/dev/sda2"
bad_device zero-length empty
machine_bad_device
mkfifo "$M/dev/sda2"
bad_device fifo 'not a block device'
machine_bad_device
ln -s sda2 "$M/dev/sda2"
bad_device symlink-loop 'Too many levels of symbolic links'
machine_bad_device
mkdir "$M/dev/sda2"
bad_device directory 'not a block device'
# EIO on every read of the image, injected by strace into the real binary
if strace -f -qq -o /dev/null -e inject=read:error=EIO cat /dev/null 2>"$ERR" || ! grep -q 'Input/output error' "$ERR"; then
	fail bad-input/device-eio "strace cannot inject EIO here: $(oneline "$ERR")"
else
	machine_bad_device
	image sda2 boot
	timeout 10 strace -f -o /dev/null -P "$M/dev/sda2" -e inject=read,pread64:error=EIO \
		"$BIN" --root "$M" --cmdline 'vfio.slots=00:17.0,03:00.0' check >"$OUT" 2>"$ERR"
	rc=$?
	expect_output bad-input/device-eio "$rc" 3 "error: the selection would take 0000:03:00.0, which the host needs for swap in /etc/fstab (sdb); remove it from the list
warning: /boot in /etc/fstab: no block device has UUID=$BOOT_UUID, but cannot read /dev/sda2: Input/output error; make sure the selection does not take it
check: 2 functions would go to vfio-pci; 1 warnings, 1 errors"
	# the same image without the fault: found
	danger bad-input/device-eio-control 00:17.0 0000:00:17.0 '/boot in /etc/fstab (sda2)' 1
fi

# ======================================================================
echo "# what the host uses: check's policy for the next boot"
# findings NAME SLOTS RC LINE...: check --cmdline "vfio.slots=SLOTS" exits RC,
#   and its findings (every line but the last) are exactly LINE...
findings() {
	_fn=$1 _fs="vfio.slots=$2" _fr=$3
	shift 3
	run --cmdline "$_fs" check
	printf '%s\n' "$@" >"$WANT"
	sed '$d' "$OUT" >"$TMP/findings"
	if [ "$rc" != "$_fr" ]; then
		fail "$_fn" "exit code: expected $_fr, got $rc (stdout: $(oneline "$OUT"); stderr: $(oneline "$ERR"))"
	elif ! cmp -s "$WANT" "$TMP/findings"; then
		fail "$_fn" "findings differ (-expected +got): $(diff "$WANT" "$TMP/findings" | grep '^[<>]' | sed 's/^</-/; s/^>/+/' | tr '\n' '~' | sed 's/~/ | /g')"
	else
		pass "$_fn"
	fi
}
# needs ADDR WHAT: check's error; uses ADDR WHAT HOW: check's warning for a use the next boot goes on without
needs() {
	echo "error: the selection would take $1, which the host needs for $2; remove it from the list"
}
uses() {
	echo "warning: the selection would take $1, which the host uses for $2, $3; the next boot goes on without it: remove it from the list, or stop using it first"
}
# machine_home: / on the first NVMe drive, nvme1n1p1 (06:00.0) and sda1 (00:17.0) not in use
machine_home() {
	machine
	root_nvme
	blockdev nvme1n1 259:4 "$NVME1/nvme1n1"
	blockdev nvme1n1p1 259:5 "$NVME1/nvme1n1/nvme1n1p1" 1
	blockdev sda 8:0 "$SATA0/sda"
	blockdev sda1 8:1 "$SATA0/sda/sda1" 1
}
NV1=0000:06:00.0
SATA=0000:00:17.0

# a data file system mounted now, the next boot does not wait for it: a warning
machine_home
mountinfo '30 26 259:5 / /home rw,relatime shared:5 - ext4 /dev/nvme1n1p1 rw'
findings use/mount-partition 06:00.0 1 "$(uses $NV1 '/home (nvme1n1p1)' 'mounted now')"
clean use/mount-partition-other 00:17.0 1
# in /etc/fstab without nofail (mounted or not): the next boot waits for it, an error
etc fstab '/dev/nvme1n1p1 /home ext4 defaults 0 2'
findings use/fstab-mounted 06:00.0 3 "$(needs $NV1 '/home in /etc/fstab (nvme1n1p1)')"
machine_home
etc fstab '/dev/nvme1n1p1 /home ext4 defaults 0 2'
findings use/fstab 06:00.0 3 "$(needs $NV1 '/home in /etc/fstab (nvme1n1p1)')"
# with nofail: a warning; with noauto: nothing
machine_home
etc fstab '/dev/nvme1n1p1 /srv/data ext4 defaults,nofail 0 2'
findings use/fstab-nofail 06:00.0 1 "$(uses $NV1 '/srv/data in /etc/fstab (nvme1n1p1)' 'with nofail')"
machine_home
etc fstab '/dev/nvme1n1p1 /srv/data ext4 noauto 0 2'
clean use/fstab-noauto 06:00.0 1
# a crypttab mapping under an fstab entry
machine_home
etc fstab '/dev/mapper/crypthome /home ext4 defaults 0 2'
etc crypttab 'crypthome /dev/nvme1n1p1 none luks,discard'
findings use/crypttab-under-fstab 06:00.0 3 "$(needs $NV1 '/home in /etc/fstab (nvme1n1p1)')"
# /efi (systemd-boot's ESP) and /usr: vital, mounted now or in fstab, nofail or not
machine_home
mountinfo '30 26 259:5 / /efi rw,relatime shared:5 - vfat /dev/nvme1n1p1 rw,fmask=0077,dmask=0077'
findings use/efi-mounted 06:00.0 3 "$(needs $NV1 '/efi (nvme1n1p1)')"
machine_home
etc fstab '/dev/nvme1n1p1 /efi vfat umask=0077,nofail 0 1'
findings use/efi-fstab-nofail 06:00.0 3 "$(needs $NV1 '/efi in /etc/fstab (nvme1n1p1)')"
machine_home
mountinfo '30 26 259:5 / /usr rw,relatime shared:5 - ext4 /dev/nvme1n1p1 rw'
findings use/usr-mounted 06:00.0 3 "$(needs $NV1 '/usr (nvme1n1p1)')"
machine_home
etc fstab '/dev/nvme1n1p1 /usr ext4 defaults 0 2'
findings use/usr-fstab 06:00.0 3 "$(needs $NV1 '/usr in /etc/fstab (nvme1n1p1)')"
# active swap
machine_home
fake_swap /dev/sda1 partition
findings use/swap 00:17.0 3 "$(needs $SATA 'swap (sda1)')"
# an LV (dm-0 on nvme1n1p1) mounted now; the same LV not mounted still holds it
machine_home
mkdir -p "$M/sys/devices/$NVME1/nvme1n1/nvme1n1p1/holders"
fake_dm dm-0 254:0 nvme1n1p1
fake_dm_name dm-0 vg0-home
mountinfo '30 26 254:0 / /home rw,relatime shared:5 - ext4 /dev/mapper/vg0-home rw'
findings use/mount-lvm 06:00.0 1 "$(uses $NV1 '/home (nvme1n1p1)' 'mounted now')"
: >"$M/proc/self/mountinfo"
root_nvme
findings use/holder-lvm 06:00.0 1 "$(uses $NV1 'vg0-home (nvme1n1p1)' 'holding it now')"
etc fstab '/dev/mapper/vg0-home /home ext4 defaults 0 2'
findings use/fstab-lvm 06:00.0 3 "$(needs $NV1 '/home in /etc/fstab (nvme1n1p1)')"
# md RAID 1 across both controllers, mounted now: each of them
machine_home
mkdir -p "$M/sys/devices/$SATA0/sda/sda1/holders"
fake_dm md0 9:0 sda1 nvme1n1p1
mountinfo '30 26 9:0 / /srv rw,relatime shared:5 - ext4 /dev/md0 rw'
findings use/mount-md-first 00:17.0 1 "$(uses $SATA '/srv (sda1)' 'mounted now')"
findings use/mount-md-second 06:00.0 1 "$(uses $NV1 '/srv (nvme1n1p1)' 'mounted now')"
# a loop device's backing file: /usr from an image on /srv, which nvme1n1p1 holds
machine_home
mountinfo '30 26 259:5 / /srv rw,relatime shared:5 - ext4 /dev/nvme1n1p1 rw'
fake_loop loop0 7:0 /srv/images/usr.img
mountinfo '31 26 7:0 / /usr rw,relatime shared:6 - ext4 /dev/loop0 rw'
findings use/loop-backing-file 06:00.0 3 "$(needs $NV1 '/usr (nvme1n1p1)')"
# an overlay root: its lower layer on sda1, its upper one on nvme1n1p1
machine
mountinfo '26 1 0:30 / / rw,relatime shared:1 - overlay overlay rw,lowerdir=/media/root-ro,upperdir=/media/root-rw/overlay,workdir=/media/root-rw/overlay-workdir'
blockdev nvme1n1 259:4 "$NVME1/nvme1n1"
blockdev nvme1n1p1 259:5 "$NVME1/nvme1n1/nvme1n1p1" 1
blockdev sda 8:0 "$SATA0/sda"
blockdev sda1 8:1 "$SATA0/sda/sda1" 1
mountinfo '27 26 8:1 / /media/root-ro ro,relatime shared:2 - ext4 /dev/sda1 ro'
mountinfo '28 26 259:5 / /media/root-rw rw,relatime shared:3 - ext4 /dev/nvme1n1p1 rw'
findings use/overlay-lower 00:17.0 3 "$(needs $SATA '/ (sda1)')"
findings use/overlay-upper 06:00.0 3 "$(needs $NV1 '/ (nvme1n1p1)')"
# a squashfs root on a loop device, its image on the live medium (sda1)
machine
blockdev sda 8:0 "$SATA0/sda"
blockdev sda1 8:1 "$SATA0/sda/sda1" 1
mountinfo '25 1 8:1 / /run/live/medium ro,noatime shared:2 - vfat /dev/sda1 ro'
fake_loop loop0 7:0 /run/live/medium/live/filesystem.squashfs
mountinfo '26 1 7:0 / / ro,noatime shared:1 - squashfs /dev/loop0 ro'
findings use/squashfs-root 00:17.0 3 "$(needs $SATA '/ (sda1)')"
# an imported ZFS pool, none of its datasets mounted: a warning
machine_home
zfs_member nvme1n1p2 259:6 "$NVME1/nvme1n1/nvme1n1p2" 2 tank 6666666666666666666
mkdir -p "$M/proc/spl/kstat/zfs/tank"
echo ONLINE >"$M/proc/spl/kstat/zfs/tank/state"
findings use/pool-imported 06:00.0 1 "$(uses $NV1 'ZFS pool tank (nvme1n1p2)' 'imported now')"
# the next boot's resume device (resume=) is under the nextboot-* tests above

# untraced: no mountinfo; a mount on a stacked device whose members cannot be told
machine_home
rm "$M/proc/self/mountinfo"
untraced use/no-mountinfo 1 06:00.0 1 \
	'/proc/self/mountinfo: cannot read it (No such file or directory): no file system mounted now is traced'
machine_home
fake_dm dm-3 254:3
mountinfo '30 26 254:3 / /home rw,relatime shared:5 - ext4 /dev/dm-3 rw'
untraced use/unknown-stacking 1 06:00.0 1 '/home: cannot tell which PCI controller holds /dev/dm-3'

# ======================================================================
# sparse fixtures: the images span GiBs, the disk holds a few MiB
used=$(du -sk "$TMP" | cut -f1)
ok_if fixtures/sparse "expected under 32 MiB on disk, got $used KiB" test "$used" -lt 32768

summary
