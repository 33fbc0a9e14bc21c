#!/bin/sh
# make check-kernel: the real-kernel harness. Boots the harness machine
# (lib.sh: two identical cards with display, audio and USB functions, two
# NVMe controllers with an ext4 file system each, an e1000e NIC, an IOMMU)
# from the plain initramfs-tools image with vfio.slots=off, twice at once:
# as it is, and with module_blacklist=vfio_pci. In each boot harness-guest
# runs a set of scenarios (boot, bind, unbind, status) on the live sysfs and
# real drivers; this script asserts what each printed: the exit status, the
# output and where every function ended, read from sysfs after the command.
# Ends with "N passed, N failed, N skipped". Needs root; restores / on exit.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=/dev/null
. "$HERE/lib.sh"
# shellcheck source-path=SCRIPTDIR source=../harness.sh
. "$TOP/tests/harness.sh"
# shellcheck source-path=SCRIPTDIR source=../doclib.sh
. "$TOP/tests/doclib.sh"

# A suite that cannot even start still ends with its count, as a failure.
die() {
	abort "$*"
}

# a boot runs a whole set of scenarios, not one report (read by vb_boot)
# shellcheck disable=SC2034
BOOT_TIMEOUT=${VB_HARNESS_TIMEOUT:-400}

# where every function of the machine is when the host keeps it all
HOST_ENDS="0000:01:00.0=bochs-drm 0000:01:00.1=snd_hda_intel 0000:01:00.2=xhci_hcd
	0000:02:00.0=bochs-drm 0000:02:00.1=snd_hda_intel 0000:02:00.2=xhci_hcd
	0000:03:00.0=nvme 0000:04:00.0=nvme 0000:05:00.0=e1000e"
CARD1="0000:01:00.0 0000:01:00.1 0000:01:00.2"
CARD1_VFIO="0000:01:00.0=vfio-pci 0000:01:00.1=vfio-pci 0000:01:00.2=vfio-pci"
CARD2="0000:02:00.0 0000:02:00.1 0000:02:00.2"
CARD2_VFIO="0000:02:00.0=vfio-pci 0000:02:00.1=vfio-pci 0000:02:00.2=vfio-pci"
NVME2=0000:04:00.0
NIC=0000:05:00.0

# host_but "ADDR=DRIVER ...": HOST_ENDS with those functions' ends instead
host_but() {
	for end in $HOST_ENDS; do
		for other in $1; do
			[ "${other%%=*}" != "${end%%=*}" ] || end=$other
		done
		printf '%s ' "$end"
	done
}

# scn NAME KIND: the rest of each line "SCN NAME KIND ..." of the set's log
scn() {
	sed -n "s/^SCN $1 $2 //p" "$TEXT"
}

# ran NAME: the scenario began, ended, its starting state was set up, and
# its command did not block
ran() {
	detail=
	grep -q "^SCN $1 BEGIN\$" "$TEXT" || detail="no BEGIN line;"
	grep -q "^SCN $1 END\$" "$TEXT" || detail="$detail no END line;"
	! grep -q "^SCN $1 HUNG\$" "$TEXT" ||
		detail="$detail the command blocked for 30 s, until the processes holding files were ended;"
	pre=$(scn "$1" PRE | tr '\n' '|')
	[ -z "$pre" ] || detail="$detail starting state not set up: $pre"
	check "$1.ran" "${detail# }"
}

# output NAME: the command's output on one line, for a message
output() {
	scn "$1" OUT | awk 'NR > 1 { printf " | " } { printf "%s", $0 }' | cut -c1-600
}

# exit_is NAME RC: the command exited RC ("non-zero": anything but 0)
exit_is() {
	got=$(scn "$1" EXIT)
	case $2 in
	non-zero) [ -n "$got" ] && [ "$got" != 0 ] ;;
	*) [ "$got" = "$2" ] ;;
	esac && detail= || detail="exit '$got', want $2; output: $(output "$1")"
	check "$1.exit" "$detail"
}

# ends NAME "ADDR=DRIVER[|DRIVER] ...": every function of the machine ended
# on (one of) its DRIVER ("none": no driver), and no other function exists
ends() {
	funcs=$(scn "$1" FUNC)
	detail=
	known=
	for want in $2; do
		addr=${want%%=*}
		known="$known $addr"
		got=$(echo "$funcs" | awk -v a="$addr" '$1 == a { print $2 }')
		case "|${want#*=}|" in
		*"|${got:-unreported}|"*) ;;
		*) detail="$detail $addr=${got:-unreported} (want ${want#*=});" ;;
		esac
	done
	for addr in $(echo "$funcs" | awk '{ print $1 }'); do
		case "$known " in
		*" $addr "*) ;;
		*) detail="$detail $addr is not a function of the machine;" ;;
		esac
	done
	check "$1.ends" "${detail# }"
}

# unwritten NAME "ADDR ...": the override of each ADDR is unset after the command
unwritten() {
	name=$1
	detail=
	for addr in $2; do
		got=$(scn "$name" FUNC | awk -v a="$addr" '$1 == a { print $3 }')
		[ "$got" = "(null)" ] || detail="$detail $addr override '${got:-unreported}';"
	done
	check "$name.nothing-written" "${detail# }"
}

# has NAME CHECK KIND REGEX: an (extended) REGEX matches a KIND (OUT, DMESG) line
has() {
	if scn "$1" "$3" | grep -Eq -- "$4"; then
		pass "$1.$2"
	else
		fail "$1.$2" "no $3 line matching '$4'; $3 lines: $(scn "$1" "$3" | tr '\n' '|' | cut -c1-600)"
	fi
}

# said NAME CHECK KIND LINE: a KIND (OUT, DMESG without its time stamp) line is LINE, whole
said() {
	if scn "$1" "$3" | sed 's/^\[[^]]*\] //' | grep -qxF -- "$4"; then
		pass "$1.$2"
	else
		fail "$1.$2" "no $3 line '$4'; $3 lines: $(scn "$1" "$3" | tr '\n' '|' | cut -c1-600)"
	fi
}

# holder_named NAME ADDR: bind's refusal names the process the scenario held
# a node of ADDR with, by the node, its PID and its command (sleep)
holder_named() {
	holder=$(scn "$1" HOLDER)
	if [ -z "$holder" ]; then
		fail "$1.names-holder" "no process held anything"
		return
	fi
	said "$1" names-holder OUT "vfio-binder: error: refused: $2 is in use: ${holder#* } open by PID ${holder%% *} (sleep); stop that process first"
}

# boot_ran NAME ENDS: boot never fails, ends as ENDS, and logs its done line
boot_ran() {
	ran "$1"
	exit_is "$1" 0
	ends "$1" "$2"
	has "$1" done-line DMESG 'vfio-binder: done in [0-9]+ ms: '
}

# refused NAME "ADDR ...": bind exits 3 and neither moves nor writes anything
refused() {
	ran "$1"
	exit_is "$1" 3
	ends "$1" "$HOST_ENDS"
	unwritten "$1" "$2"
}

# moved NAME ENDS: the command succeeded and the machine ends as ENDS
moved() {
	ran "$1"
	exit_is "$1" 0
	ends "$1" "$2"
}

# set_ran SET: the set's boot reached the test root and ran every scenario
set_ran() {
	LOG=$LOGS/harness-$1.log
	TEXT=$WORK/harness-$1.txt
	log_text "$LOG" >"$TEXT" 2>/dev/null || : >"$TEXT"
	check "$1.root" "$(log_reached_root "$LOG" || echo "test root not reached: $(tail -n 3 "$TEXT" | tr '\n' '|')")"
	check "$1.complete" "$(grep -q "^SCN-SET $1 DONE\$" "$TEXT" || echo "the scenarios did not all run: last line '$(tail -n 1 "$TEXT")'")"
}

# boot_set SET CMDLINE: queues one boot of the machine running SET
boot_set() {
	vb_boot_queue "harness-$1" "$WORK/plain.img" harness "vfio.slots=off vbtest.harness=$1 $2"
}

# boot_done SET: waits for SET's boot, its duration noted
boot_done() {
	vb_boot_wait "harness-$1"
	echo "# harness-$1: boot and scenarios $BOOT_SECONDS s (qemu exit $BOOT_RC)"
}

vb_setup
echo "# kernel $KVER, booted from $KERNEL"
suite_t0=$(now)
vb_prepare
[ -z "$PREPARE_FAILED" ] || die "$PREPARE_FAILED"
# the NVMe controllers' file systems, each found in the guest by its label
for n in 1 2; do
	rm -f "$WORK/harness-data$n.img"
	mke2fs -q -t ext4 -L "vbdata$n" "$WORK/harness-data$n.img" 16M >/dev/null ||
		die "mke2fs harness-data$n.img failed"
done

# The two boots at once (lib.sh's boot workers): each TCG guest uses one core.
t0=$(now)
vb_boots_start
vb_boot_ready "$WORK/plain.img"
boot_set normal ""
boot_set no-vfio-pci module_blacklist=vfio_pci
boot_done normal
boot_done no-vfio-pci
vb_boots_stop
echo "# both boots: $(($(now) - t0)) s"

set_ran normal
# 1: in the initramfs situation (no driver, vfio not loaded) boot hands
# card 2 over whole; udev then gives card 1 its host drivers.
boot_ran boot-initramfs "$(host_but "$CARD2_VFIO")"
has boot-initramfs modules-line DMESG 'vfio-binder: modules: vfio loaded, vfio_iommu_type1 loaded, vfio-pci loaded$'
has boot-initramfs all-on-vfio DMESG 'vfio-binder: done in [0-9]+ ms: 3 of 3 functions on vfio-pci$'
# 5: status from that boot's record, unbind, status of the given-back card,
# and a bind and unbind round trip from the host's state
ran status-after-boot
exit_is status-after-boot 0
said status-after-boot verdict OUT 'status: ok: 3 of 3 selected functions on vfio-pci, 0 items refused'
for fn in "0000:02:00.0 1234:1111" "0000:02:00.1 8086:293e" "0000:02:00.2 1b36:000d"; do
	said status-after-boot "on-vfio-${fn%% *}" OUT "  $fn vfio-pci"
done
moved unbind-after-boot "$HOST_ENDS"
unwritten unbind-after-boot "$CARD2"
ran status-given-back
exit_is status-given-back 1
for end in 0000:02:00.0=bochs-drm 0000:02:00.1=snd_hda_intel 0000:02:00.2=xhci_hcd; do
	has status-given-back "given-back-${end%%=*}" OUT "^  ${end%%=*} [0-9a-f:]+ ${end#*=}: given-back: handed to vfio-pci at boot and given back since "
done
moved bind-card "$(host_but "$CARD2_VFIO")"
moved unbind-card "$HOST_ENDS"
unwritten unbind-card "$CARD2"
# 2 (issue 22): the display and its audio bound before the binder: the
# card stays whole with the host, its USB function with xhci_hcd, with the
# fix in the log, and status says so from the record
HELD_DISPLAY='vfio-binder: 0000:02:00.0: bochs-drm bound it before the binder ran; the card stays whole with the host, none of its functions handed over: run vfio-binder bind 0000:02:00.0 after boot'
CARD_KEPT="a host driver held the card's display function 0000:02:00.0 before vfio-binder ran, so boot left the whole card with the host (a split card's IOMMU group is unusable): run vfio-binder bind 0000:02:00.0 to hand the card over now"
boot_ran boot-display-held "$HOST_ENDS"
said boot-display-held card-kept DMESG "$HELD_DISPLAY"
unwritten boot-display-held "$CARD2"
ran status-display-held
exit_is status-display-held 1
said status-display-held verdict OUT 'status: problem: 0 of 3 selected functions on vfio-pci, 0 items refused'
said status-display-held display-kept OUT "  0000:02:00.0 1234:1111 bochs-drm: card-kept-with-host: $CARD_KEPT"
said status-display-held audio-kept OUT "  0000:02:00.1 8086:293e snd_hda_intel: card-kept-with-host: $CARD_KEPT"
# 3, the control of 4: only the companions bound before it, vfio-pci
# loadable: they are released and the card goes whole to vfio-pci; given
# back, status tells them given back (issue 22)
boot_ran boot-companion-held "$(host_but "$CARD2_VFIO")"
said boot-companion-held audio-released DMESG 'vfio-binder: 0000:02:00.1: snd_hda_intel bound it before the binder ran; unbound it for vfio-pci'
said boot-companion-held usb-released DMESG 'vfio-binder: 0000:02:00.2: xhci_hcd bound it before the binder ran; unbound it for vfio-pci'
ran status-companion-held
exit_is status-companion-held 0
said status-companion-held verdict OUT 'status: ok: 3 of 3 selected functions on vfio-pci, 0 items refused'
moved unbind-after-companion "$HOST_ENDS"
ran status-companion-given-back
for end in 0000:02:00.1=snd_hda_intel 0000:02:00.2=xhci_hcd; do
	has status-companion-given-back "given-back-${end%%=*}" OUT "^  ${end%%=*} [0-9a-f:]+ ${end#*=}: given-back: handed to vfio-pci at boot and given back since "
done
# 6 (issue 22): nothing in use is taken; each refusal has its control.
# /home on the second NVMe controller's disk (branch host's refusal)
refused bind-nvme-mounted "$NVME2"
check bind-nvme-mounted.home-from-nvme1n1 "$([ "$(scn bind-nvme-mounted MOUNT)" = /dev/nvme1n1 ] ||
	echo "/home mounted from '$(scn bind-nvme-mounted MOUNT)', not /dev/nvme1n1")"
said bind-nvme-mounted names-mount OUT \
	'vfio-binder: error: refused: 0000:04:00.0 is in use: /home is mounted from nvme1n1; unmount it first'
moved bind-nvme-unmounted "$(host_but "$NVME2=vfio-pci")"
moved unbind-nvme "$HOST_ENDS"
refused bind-card-dri-open "$CARD2"
holder_named bind-card-dri-open 0000:02:00.0
refused bind-card-snd-open "$CARD2"
holder_named bind-card-snd-open 0000:02:00.1
# (the initramfs's udev names the NIC by its slot: enp5s0)
refused bind-nic-up "$NIC"
check bind-nic-up.interface-enp5s0 "$([ "$(scn bind-nic-up IFACE)" = enp5s0 ] ||
	echo "the guest brought up '$(scn bind-nic-up IFACE)', not enp5s0")"
said bind-nic-up names-interface OUT \
	"vfio-binder: error: refused: $NIC is in use: enp5s0 up with an IPv4 address (route to 192.0.2.0/24); take it out of use first"
moved bind-nic-down "$(host_but "$NIC=vfio-pci")"
moved unbind-nic "$HOST_ENDS"
# 7: the selection as boot reads it: the command line as the kernel keeps it
# (quotes and all), the kernel's path form, ID guards, a syntax error (fail
# closed), the conf and the command line over it
boot_ran cmdline-first "$(host_but "$CARD1_VFIO")"
said cmdline-first from-cmdline DMESG 'vfio-binder: slots "01:00.0" from the kernel command line'
boot_ran cmdline-quoted "$(host_but "$CARD2_VFIO")"
said cmdline-quoted unquoted DMESG 'vfio-binder: slots "0000:02:00.0" from the kernel command line'
boot_ran cmdline-path-form "$(host_but "$CARD2_VFIO")"
said cmdline-path-form path DMESG 'vfio-binder: slots "00:03.0/00.0" from the kernel command line'
boot_ran guard-match "$(host_but "$CARD2_VFIO")"
boot_ran guard-mismatch "$HOST_ENDS"
unwritten guard-mismatch "$CARD1 $CARD2"
said guard-mismatch names-ids DMESG 'vfio-binder: skip 02:00.0@1234:2222: 0000:02:00.0 is 1234:1111, not 1234:2222 (ID guard)'
boot_ran syntax-error "$HOST_ENDS"
unwritten syntax-error "$CARD1 $CARD2"
said syntax-error names-item DMESG "vfio-binder: vfio.slots= item 2 \"0g:00.0\" at column 10: expected ':' after the bus number"
has syntax-error nothing-bound DMESG 'vfio-binder: done in [0-9]+ ms: the configuration is invalid, nothing bound this boot$'
boot_ran no-selection "$HOST_ENDS"
has no-selection nothing-to-bind DMESG 'vfio-binder: done in [0-9]+ ms: no slots configured, nothing to bind$'
boot_ran conf-replaced-by-cmdline "$(host_but "$CARD2_VFIO")"
said conf-replaced-by-cmdline from-cmdline DMESG 'vfio-binder: slots "02:00.0" from the kernel command line'
boot_ran conf-off "$HOST_ENDS"
unwritten conf-off "$CARD1 $CARD2"
has conf-off slots-off DMESG 'vfio-binder: done in [0-9]+ ms: slots are off, nothing bound this boot$'

set_ran no-vfio-pci
# the kernel refuses vfio-pci in this boot, so the scenarios below test that
ran vfio-pci-refused
exit_is vfio-pci-refused non-zero
ends vfio-pci-refused "$HOST_ENDS"
# 4 (issue 22): the companions keep their host drivers when vfio-pci cannot
# take them (the log says why); the display, held by nobody, is left on
# vfio-pci's override with no driver; status reports the companions kept
boot_ran boot-companion-held-no-vfio-pci "$(host_but "0000:02:00.0=none")"
said boot-companion-held-no-vfio-pci audio-kept DMESG \
	'vfio-binder: 0000:02:00.1: snd_hda_intel bound it before the binder ran; kept on it, as vfio-pci could not be loaded'
said boot-companion-held-no-vfio-pci usb-kept DMESG \
	'vfio-binder: 0000:02:00.2: xhci_hcd bound it before the binder ran; kept on it, as vfio-pci could not be loaded'
ran status-no-vfio-pci
exit_is status-no-vfio-pci 1
has status-no-vfio-pci audio-kept OUT '^  0000:02:00\.1 8086:293e snd_hda_intel: kept-no-vfio-pci: snd_hda_intel bound it before vfio-binder ran, and boot left it there because vfio-pci could not be loaded '
has status-no-vfio-pci usb-kept OUT '^  0000:02:00\.2 1b36:000d xhci_hcd: kept-no-vfio-pci: xhci_hcd bound it before vfio-binder ran, and boot left it there because vfio-pci could not be loaded '
# 2 with vfio-pci refused too: the card stays whole with the host
boot_ran boot-display-held-no-vfio-pci "$HOST_ENDS"
said boot-display-held-no-vfio-pci card-kept DMESG "$HELD_DISPLAY"
ran status-display-held-no-vfio-pci
said status-display-held-no-vfio-pci display-kept OUT "  0000:02:00.0 1234:1111 bochs-drm: card-kept-with-host: $CARD_KEPT"

# the examples of README.md and docs/*.md marked "kernel SCENARIO": each
# line of the block is among the scenario's kernel log and output lines, in
# order, timestamps and durations aside
cat "$WORK/harness-normal.txt" "$WORK/harness-no-vfio-pci.txt" >"$WORK/harness-all.txt"
rm -rf "$WORK/pages"
doc_marked "$TOP" kernel "$WORK/pages" >"$WORK/page-examples"
while read -r page ex; do
	scenario=$(sed 's/^kernel //' "$ex/spec")
	name=$page.$(cat "$ex/line"):$scenario
	sed -n "s/^SCN $scenario \(DMESG\|OUT\) //p" "$WORK/harness-all.txt" | doc_normal >"$WORK/page-log"
	if [ ! -s "$WORK/page-log" ]; then
		fail "$name" "no scenario $scenario, or it logged nothing"
		continue
	fi
	doc_normal <"$ex/block" >"$WORK/page-want"
	missing=$(doc_missing "$WORK/page-want" "$WORK/page-log")
	check "$name" "${missing:+not in the scenario log (in order): $missing}"
done <"$WORK/page-examples"

echo "# logs: $LOGS/harness-normal.log, $LOGS/harness-no-vfio-pci.log"
echo "# whole suite: $(($(now) - suite_t0)) s"
summary
