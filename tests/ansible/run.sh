#!/bin/sh
# make check-ansible: the role in ansible/ applied by the real ansible-playbook
# (the example playbook ansible/site.yml) to Debian 12 roots made by
# mmdebstrap, through Ansible's chroot connection (community.general.chroot).
# Each root carries a fake machine in its /sys and /proc (machine.sh), so
# vfio-binder in the chroot judges that machine; nothing is mounted there.
# The package built from this tree and the Debian root are check-package's
# (tests/package/deb.sh); the roots have Debian's kernel and initramfs-tools,
# so the handler runs the real update-initramfs. What the role must report
# is written here as a user reads it, never asked of the program.
#   sh tests/ansible/run.sh
# Prints "ok NAME" or "FAIL NAME: detail" per check and "N passed, N failed, N skipped".
# Needs root (mmdebstrap, chroot) and Debian's archive the first time: the
# pristine root is cached in build/debian.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../harness.sh
. "$TOP/tests/harness.sh"
# shellcheck source-path=SCRIPTDIR source=../sysfs/lib.sh
. "$TOP/tests/sysfs/lib.sh"
# shellcheck source-path=SCRIPTDIR source=machine.sh
. "$HERE/machine.sh"
# shellcheck source-path=SCRIPTDIR source=../package/deb.sh
. "$TOP/tests/package/deb.sh"

WORK=$TOP/build/ansible
LOGS=$WORK/logs
HOSTS=$WORK/hosts
# scratch files, each run's own
SCRATCH=$WORK/scratch
OUT=$SCRATCH/out
WANT=$SCRATCH/want
T0=$(date +%s)

die() {
	fail setup "$*"
	summary
	exit 1
}

since() {
	echo $(($(date +%s) - $1))
}

[ "$(id -u)" = 0 ] || die "needs root: mmdebstrap and chroot"
for tool in ansible-playbook ansible-lint ansible-doc mmdebstrap dpkg-buildpackage dpkg-deb unmkinitramfs \
	jq chroot tar git flock; do
	command -v "$tool" >/dev/null || die "missing tool: $tool"
done
ansible-doc -t connection community.general.chroot >/dev/null 2>&1 ||
	die "no community.general.chroot connection: install Debian's ansible package (the collection bundle)"
rm -rf "$LOGS" "$HOSTS" "$SCRATCH" "$WORK/tmp"
mkdir -p "$LOGS" "$HOSTS" "$SCRATCH" "$WORK/tmp"
trap 'exit 130' INT TERM HUP

# --- ansible-lint, and that it finds a violation

echo "# ansible-lint"
# lint LOG DIR: ansible-lint on every file below DIR, the way a user runs it there
lint() {
	(cd "$2" && NO_COLOR=1 ansible-lint --offline --nocolor) >"$1" 2>&1
}
if lint "$LOGS/lint.log" "$TOP/ansible"; then
	n=$(sed -n 's/.* on \([0-9]*\) files\.$/\1/p' "$LOGS/lint.log")
	check lint "$([ "${n:-0}" -ge 10 ] || echo "ansible-lint passed on only '${n:-no}' files: $(oneline "$LOGS/lint.log")")"
else
	fail lint "$(grep -v '^$' "$LOGS/lint.log" | head -n 20 | tr '\n' '|')"
fi
# The same tree with a task no linter lets through, a nameless command that
# always reports a change, outside the repository: ansible-lint leaves out
# what git ignores, such as build/.
PROBE=$(mktemp -d "${TMPDIR:-/tmp}/vfio-binder-lint.XXXXXX") || die "mktemp failed"
cp -R "$TOP/ansible" "$PROBE/"
printf '\n- ansible.builtin.command: update-initramfs -u\n' >>"$PROBE/ansible/roles/vfio_binder/tasks/verify.yml"
if lint "$LOGS/lint-probe.log" "$PROBE/ansible"; then
	fail lint.finds-a-violation "ansible-lint passed a role with a nameless command task: $(oneline "$LOGS/lint-probe.log")"
else
	check lint.finds-a-violation "$(grep -q 'no-changed-when' "$LOGS/lint-probe.log" ||
		echo "no no-changed-when finding: $(oneline "$LOGS/lint-probe.log")")"
fi
rm -rf "$PROBE"

# --- the Debian roots, made before the package: when check-package runs
# beside this suite, it builds the package meanwhile (both are shared)

echo "# Debian roots"
t0=$(date +%s)
vb_debian_root || die "cannot make the Debian root: $(tail -n 5 "$ROOT_LOG" | tr '\n' '|')"
# new_host NAME MACHINE: a copy of the pristine root carrying the fake MACHINE
new_host() {
	# root/.ansible as Ansible leaves it, so that its first run changes no
	# directory of the root's own; MODULES=list, so that the handler's
	# update-initramfs takes seconds instead of a minute (no host boots
	# these images; the hook adds the vfio modules)
	if ! mkdir "$HOSTS/$1" || ! tar -C "$HOSTS/$1" -xf "$ROOT_TAR" || ! "$2" "$HOSTS/$1" ||
		! mkdir -p "$HOSTS/$1/root/.ansible/tmp" ||
		! echo MODULES=list >"$HOSTS/$1/etc/initramfs-tools/conf.d/vbtest-modules"; then
		die "cannot make the host $1"
	fi
}
new_host alpha machine_twin
new_host bravo machine_single
new_host charlie machine_twin
ALPHA=$HOSTS/alpha BRAVO=$HOSTS/bravo CHARLIE=$HOSTS/charlie
KVER=$(find "$ALPHA/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
IMAGE=boot/initrd.img-$KVER
[ -f "$ALPHA/$IMAGE" ] || die "no initramfs for the kernel $KVER in the Debian root"
echo "# three hosts with Debian's kernel $KVER: $(since "$t0") s"

# --- the package, built from this tree

echo "# build the package"
t0=$(date +%s)
vb_deb || die "dpkg-buildpackage failed: $(tail -n 5 "$DEB_LOG" | tr '\n' '|')"
DEB_VERSION=$(dpkg-deb -f "$DEB" Version)
rm -rf "$WORK/deb"
dpkg-deb -x "$DEB" "$WORK/deb"
echo "# ${DEB##*/}: $(since "$t0") s"

cat >"$WORK/inventory.yml" <<EOF
# make check-ansible's hosts: Debian roots reached through the chroot connection
vfio_hosts:
  vars:
    ansible_connection: community.general.chroot
    ansible_python_interpreter: /usr/bin/python3
    # root already; a minbase root has no sudo
    ansible_become: false
    vfio_binder_deb: $DEB
    vfio_binder_slots: ["02:00.0"]
  hosts:
    alpha:
      ansible_host: $ALPHA
    bravo:
      ansible_host: $BRAVO
    charlie:
      ansible_host: $CHARLIE
EOF

# --- helpers

# play NAME ARGS...: the example playbook on the test hosts, output in
# $LOGS/NAME.log, exit status in $rc; $STAMP is older than anything it writes
play() {
	log=$LOGS/$1.log
	shift
	STAMP=$SCRATCH/stamp.$(date +%s.%N)
	touch "$STAMP"
	sleep 0.01
	t0=$(date +%s)
	rc=0
	# pipelining: each task's module fed to one python in the chroot, not
	# copied in and run in steps (the chroot connection supports it)
	ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_LOCAL_TEMP=$WORK/tmp ANSIBLE_PIPELINING=1 \
		ansible-playbook -i "$WORK/inventory.yml" "$TOP/ansible/site.yml" "$@" >"$log" 2>&1 || rc=$?
	echo "# ${log##*/}: exit $rc in $(since "$t0") s"
}

# recap HOST: the host's line of the last play's PLAY RECAP, "ok=N changed=N ..."
recap() {
	awk -v h="$1" '$1 == h && $2 == ":" { $1 = ""; $2 = ""; sub(/^ +/, ""); gsub(/ +/, " "); print }' "$log"
}

# recap_is NAME HOST FIELD=VALUE...: those counts in the host's recap line
recap_is() {
	name=$1 host=$2
	shift 2
	line=$(recap "$host")
	bad=
	for want in "$@"; do
		case " $line " in
		*" $want "*) ;;
		*) bad="$bad $want" ;;
		esac
	done
	check "$name" "$([ -z "$bad" ] || echo "expected$bad in the recap of $host, got '$line' (exit $rc): $(grep -E '^(fatal|failed):' "$log" | head -n 3 | tr '\n' '|')")"
}

# changed HOST: how many tasks the host's recap counts as changed
changed() {
	recap "$1" | sed -n 's/.*changed=\([0-9]*\).*/\1/p'
}

# exit_is NAME RC: the exit status of the last play
exit_is() {
	check "$1" "$([ "$rc" = "$2" ] || echo "ansible-playbook exited $rc, not $2: $(tail -n 5 "$log" | tr '\n' '|')")"
}

# fatal_msg HOST: the msg of the host's failure in the last play
fatal_msg() {
	sed -n "s/^fatal: \[$1\]: FAILED! => //p" "$log" | tail -n 1 | jq -r .msg 2>/dev/null
}

# msg_is NAME HOST TEXT: the host failed with exactly TEXT
msg_is() {
	got=$(fatal_msg "$2")
	check "$1" "$([ "$got" = "$3" ] || echo "expected the failure '$3', got '$got'")"
}

# shows NAME TEXT: the last play's output has TEXT as one string of a task's
# result (JSON-quoted there), or as a line of its own
shows() {
	quoted=$(jq -n --arg s "$2" '$s')
	check "$1" "$(grep -qF -- "$quoted" "$log" || grep -qxF -- "$2" "$log" ||
		echo "no '$2' in the output: $(grep -E '^(fatal|ok|changed):' "$log" | tail -n 4 | tr '\n' '|')")"
}

# untouched NAME ROOT: nothing below ROOT changed since $STAMP, but for what
# running Ansible there always writes: its module files (below
# root/.ansible), and the role's temporary directory in tmp (which must be
# gone)
untouched() {
	r=$2
	changes=$(find "$r" -newer "$STAMP" | sed "s|^$r||" | grep -vxE '/tmp|/root/\.ansible/.*' |
		head -n 10 | tr '\n' ' ')
	left=$(find "$r/tmp" -mindepth 1 | sed "s|^$r||" | head -n 5 | tr '\n' ' ')
	check "$1" "${changes:+changed:$changes}${left:+ left in tmp:$left}"
}

# image_file ROOT PATH: PATH from the host's initramfs, on stdout
image_file() {
	rm -rf "$SCRATCH/image"
	unmkinitramfs "$1/$IMAGE" "$SCRATCH/image" >/dev/null 2>&1 || return 1
	f=$(find "$SCRATCH/image" -path "*/$2" | head -n 1)
	[ -n "$f" ] && cat "$f"
}

# is_installed ROOT: "VERSION ii " when dpkg in ROOT has vfio-binder installed
is_installed() {
	# shellcheck disable=SC2016 # dpkg-query's format, not the shell's
	chroot "$1" dpkg-query -W -f '${Version} ${db:Status-Abbrev}' vfio-binder 2>/dev/null
}

# --- the cases

echo "# first run: alpha takes its second card; on bravo 02:00.0 is the NVMe drive of /"
play first --limit alpha,bravo
exit_is first.exit-status-says-a-host-failed 2
recap_is first.alpha-goes-on alpha failed=0
recap_is first.bravo-fails bravo failed=1 changed=0
msg_is first.bravo-fails-with-the-finding bravo \
	'vfio-binder check: the new selection ["02:00.0"] is refused, nothing was changed: the selection would take 0000:02:00.0, which the host needs for / (nvme0n1p2); remove it from the list'
untouched first.bravo-untouched "$BRAVO"
check first.bravo-not-installed "$(is_installed "$BRAVO" | grep -q ii && echo "vfio-binder is installed on bravo")"
got=$(is_installed "$ALPHA")
check first.alpha-installed "$([ "$got" = "$DEB_VERSION ii " ] || echo "dpkg says '$got', not '$DEB_VERSION ii '")"
{
	cat "$WORK/deb/etc/vfio-binder.conf"
	echo 'slots = 02:00.0'
} >"$WANT"
check first.conf-written-comments-kept "$(cmp -s "$WANT" "$ALPHA/etc/vfio-binder.conf" ||
	echo "/etc/vfio-binder.conf differs from the package's with the slots line added: $(diff "$WANT" "$ALPHA/etc/vfio-binder.conf" | tr '\n' '|')")"
# The install's own trigger built an image with the package's conf, which has
# no slots line; the handler's rebuild is the one with the new conf.
shows first.handler-ran-update-initramfs "update-initramfs: Generating /$IMAGE"
image_file "$ALPHA" etc/vfio-binder.conf >"$OUT" 2>/dev/null
check first.image-has-the-new-conf "$(cmp -s "$ALPHA/etc/vfio-binder.conf" "$OUT" ||
	echo "the conf in /$IMAGE is not the new one: $(tail -n 2 "$OUT" | tr '\n' '|')")"
check first.image-has-the-binary "$(find "$SCRATCH/image" -path '*/usr/sbin/vfio-binder' | grep -q . ||
	echo "no usr/sbin/vfio-binder in /$IMAGE")"
check first.image-newer-than-conf "$(find "$ALPHA/$IMAGE" -newer "$ALPHA/etc/vfio-binder.conf" | grep -q . ||
	echo "/$IMAGE is older than /etc/vfio-binder.conf")"
shows first.check-verdict-shown 'check: 2 functions would go to vfio-pci (0000:02:00.0 0000:02:00.1); 0 warnings, 0 errors'
shows first.status-registered-reboot-pending '2 functions selected, 0 on vfio-pci now (a reboot is pending)'
check first.tmp-cleaned "$(find "$ALPHA/tmp" "$BRAVO/tmp" -mindepth 1 | head -n 3 | tr '\n' ' ')"

echo "# second run: nothing to change"
play second --limit alpha
exit_is second.exit-status 0
recap_is second.no-changes alpha changed=0 failed=0
untouched second.nothing-written "$ALPHA"
shows second.reboot-still-pending '2 functions selected, 0 on vfio-pci now (a reboot is pending)'

echo "# check mode: a new selection, with the boot display, on alpha"
NEW='00:01.1/00.0@10de:2204'
play check-mode --limit alpha --check --diff -e "{\"vfio_binder_slots\": [\"$NEW\", \"00:02.0\"]}"
exit_is check-mode.exit-status 0
untouched check-mode.nothing-written "$ALPHA"
check check-mode.diff-shows-the-change "$(grep -qxF -- '-slots = 02:00.0' "$log" && grep -qxF -- "+slots = $NEW,00:02.0" "$log" ||
	echo "no -/+ slots lines in the diff: $(grep -E '^[-+@]' "$log" | tr '\n' '|')")"
shows check-mode.warning-shown 'warning: 00:02.0: takes the boot display; the host console goes dark at boot'
shows check-mode.verdict-shown 'check: 3 functions would go to vfio-pci (0000:00:02.0 0000:02:00.0 0000:02:00.1); 1 warnings, 0 errors'

echo "# the selection checked above, for real: the conf alone changes, the image is rebuilt"
# alpha's selection from now on
NOW="{\"vfio_binder_slots\": [\"$NEW\"]}"
play reconfigure --limit alpha -e "$NOW"
exit_is reconfigure.exit-status 0
recap_is reconfigure.goes-on alpha failed=0
check reconfigure.conf-written "$(tail -n 1 "$ALPHA/etc/vfio-binder.conf" | grep -qxF "slots = $NEW" ||
	echo "the last line of /etc/vfio-binder.conf is '$(tail -n 1 "$ALPHA/etc/vfio-binder.conf")'")"
check reconfigure.package-left-alone "$(grep -A1 '^TASK \[vfio_binder : Install the package\]' "$log" |
	grep -q '^skipping: \[alpha\]' || echo "the install task ran: $(grep -A1 'Install the package' "$log" | tr '\n' '|')")"
shows reconfigure.handler-ran-update-initramfs "update-initramfs: Generating /$IMAGE"
image_file "$ALPHA" etc/vfio-binder.conf >"$OUT" 2>/dev/null
check reconfigure.image-has-the-new-conf "$(cmp -s "$ALPHA/etc/vfio-binder.conf" "$OUT" ||
	echo "the conf in /$IMAGE is not the new one: $(tail -n 2 "$OUT" | tr '\n' '|')")"

echo "# check mode on a fresh host: the package's own binary checks before anything is installed"
play check-mode-fresh --limit charlie --check --diff
exit_is check-mode-fresh.exit-status 0
untouched check-mode-fresh.nothing-written "$CHARLIE"
check check-mode-fresh.not-installed "$(is_installed "$CHARLIE" | grep -q ii && echo "vfio-binder is installed on charlie")"
shows check-mode-fresh.would-install "check mode: would install vfio-binder $DEB_VERSION (not installed)"
shows check-mode-fresh.would-rebuild 'check mode: would run /usr/sbin/update-initramfs -u -k all'
shows check-mode-fresh.verdict-shown 'check: 2 functions would go to vfio-pci (0000:02:00.0 0000:02:00.1); 0 warnings, 0 errors'
check check-mode-fresh.diff-shows-the-conf "$(grep -qxF -- '+slots = 02:00.0' "$log" ||
	echo "no +slots line in the diff: $(grep -E '^[-+@]' "$log" | head -n 5 | tr '\n' '|')")"

echo "# a bad item: the parser's message, the conf untouched"
cp "$ALPHA/etc/vfio-binder.conf" "$SCRATCH/conf-before"
# the line of the new slots line: where alpha's conf has its own
LINE=$(grep -n '^slots = ' "$ALPHA/etc/vfio-binder.conf" | cut -d: -f1)
play bad-item --limit alpha -e '{"vfio_binder_slots": ["02:00.0", "02:00.0@10de"]}'
exit_is bad-item.exit-status 2
recap_is bad-item.fails alpha failed=1 changed=0
msg_is bad-item.parser-message alpha "vfio_binder_slots [\"02:00.0\", \"02:00.0@10de\"]: vfio-binder check refuses the new /etc/vfio-binder.conf, nothing was changed: vfio-binder: error: new /etc/vfio-binder.conf:$LINE:29: slots item 2 \"02:00.0@10de\": expected ':' between vendor and device ID"
untouched bad-item.nothing-written "$ALPHA"
check bad-item.conf-untouched "$(cmp -s "$SCRATCH/conf-before" "$ALPHA/etc/vfio-binder.conf" || echo "/etc/vfio-binder.conf changed")"

# YAML reads an unquoted 02:00.0 as the number 120.0
printf 'vfio_binder_slots:\n  - 02:00.0\n' >"$SCRATCH/unquoted.yml"
play bad-item-unquoted --limit alpha -e "@$SCRATCH/unquoted.yml"
recap_is bad-item-unquoted.fails alpha failed=1 changed=0
check bad-item-unquoted.says-quote "$(fatal_msg alpha | grep -q '120.0 is not a string: quote every item' ||
	echo "got '$(fatal_msg alpha)'")"
untouched bad-item-unquoted.nothing-written "$ALPHA"

echo "# after a reboot: the card on vfio-pci, status ok and registered"
machine_booted "$ALPHA" 0000:02:00.0 0000:02:00.1
play booted --limit alpha -e "$NOW"
exit_is booted.exit-status 0
recap_is booted.no-changes alpha changed=0 failed=0
shows booted.status-registered '2 functions selected, 2 on vfio-pci now'
untouched booted.nothing-written "$ALPHA"

echo "# the binary already there: vfio_binder_install false"
play installed-binary --limit alpha -e "$NOW" -e '{"vfio_binder_install": false, "vfio_binder_deb": ""}'
exit_is installed-binary.exit-status 0
recap_is installed-binary.no-changes alpha changed=0 failed=0
check installed-binary.no-install-task "$(! grep -q '^TASK \[vfio_binder : Install the package\]' "$log" ||
	grep -A1 '^TASK \[vfio_binder : Install the package\]' "$log" | grep -q '^skipping: \[alpha\]' ||
	echo "the install task ran: $(grep -A1 '^TASK \[vfio_binder : Install the package\]' "$log" | tr '\n' '|')")"
play installed-binary-missing --limit charlie -e '{"vfio_binder_install": false, "vfio_binder_deb": ""}'
recap_is installed-binary-missing.fails charlie failed=1 changed=0
msg_is installed-binary-missing.says-so charlie \
	'/usr/sbin/vfio-binder is not there and vfio_binder_install is false: install vfio-binder, or set vfio_binder_install and vfio_binder_deb'
untouched installed-binary-missing.nothing-written "$CHARLIE"

echo "# after a reboot where the host driver took the card's audio: status fails the host"
# shellcheck disable=SC2034 # the machine lib.sh works on
root=$ALPHA
fake_driver 0000:02:00.1 snd_hda_intel
fake_set_override 0000:02:00.1 '(null)'
play status-fails --limit alpha -e "$NOW"
exit_is status-fails.exit-status 2
recap_is status-fails.fails alpha failed=1 changed=0
msg_is status-fails.status-message alpha "vfio-binder status: not every selected function is on vfio-pci: \
slots \"$NEW\" from the conf file; $NEW: problem; \
  0000:02:00.0 10de:2204 vfio-pci; \
  0000:02:00.1 10de:1aef snd_hda_intel: binder-did-not-run: vfio-binder did not run this boot \
(no /run/vfio-binder/boot-record): the initramfs lacks it; rebuild the initramfs (update-initramfs -u, \
dracut -f or mkinitcpio -P), check that it holds vfio-binder and reboot, or run vfio-binder bind 0000:02:00.1 now; \
group 2: not viable for VFIO: 0000:00:01.1 (bridge, pcieport) 0000:02:00.0 (vfio-pci) 0000:02:00.1 (snd_hda_intel); \
status: problem: 1 of 2 selected functions on vfio-pci, 0 items refused"
untouched status-fails.nothing-written "$ALPHA"

if [ "$failed" = 0 ]; then
	rm -rf "$HOSTS"
fi
echo "# check-ansible: $(since "$T0") s"
summary
