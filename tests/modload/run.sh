#!/bin/sh
# The klibc build's module loader (binder/sys/modload.c) on fake module
# trees: boot --root on a machine with one card, so that it loads vfio,
# vfio_iommu_type1 and vfio-pci from ROOT/lib/modules/RELEASE. Every
# finit_module(2) is intercepted by strace and answered (success, or the
# error a case asks for), never executed; the suite checks which files were
# inserted, in which order, with which options and flags, and the binder's
# "modules:" line. Where kmod's own modprobe can say what libkmod would do
# (the order from Debian's real modules.dep, the options from modprobe.d and
# the kernel command line), the loader must do the same.
#   sh tests/modload/run.sh BINARY
# POSIX sh; needs strace (5.3 or later), cc and depmod for the comparisons
# with modprobe; as root, also the command line comparisons (a mount
# namespace with its own /proc/cmdline). What cannot run is skipped, and said.
set -u

# shellcheck source-path=SCRIPTDIR source=../harness.sh disable=SC1091
. "$(dirname "$0")/../harness.sh"
harness_binary "$@"
harness_module_guard
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../sysfs/lib.sh disable=SC1091
. "$HERE/../sysfs/lib.sh"
# shellcheck source-path=SCRIPTDIR source=../doclib.sh disable=SC1091
. "$HERE/../doclib.sh"

harness_tmpdir modload
ERR=$TMP/stderr
LOGS=$TMP/logs
mkdir -p "$LOGS"
TRACE=$TMP/trace
GOT=$TMP/got
WANT=$TMP/want
RELEASE=$(uname -r)

# --- the machine: one card behind a root port, and its module directory MD

build_machine() {
	fake_root "$M"
	fake_fn 0000:00:01.0 - 8086 1901 060400 1 pcieport
	fake_fn 0000:01:00.0 0000:00:01.0 10de 2204 030000 1
	fake_fn 0000:01:00.1 0000:00:01.0 10de 1aef 040300 1
	MD=$M/lib/modules/$RELEASE
	mkdir -p "$MD" "$M/sys/module"
}

# Debian 12's lines for the vfio modules (6.1)
DEBIAN_DEP='kernel/arch/x86/kvm/kvm.ko: kernel/virt/lib/irqbypass.ko
kernel/drivers/vfio/vfio.ko:
kernel/drivers/vfio/vfio_virqfd.ko:
kernel/drivers/vfio/vfio_iommu_type1.ko: kernel/drivers/vfio/vfio.ko
kernel/drivers/vfio/pci/vfio-pci-core.ko: kernel/drivers/vfio/vfio_virqfd.ko kernel/drivers/vfio/vfio.ko kernel/virt/lib/irqbypass.ko
kernel/drivers/vfio/pci/vfio-pci.ko: kernel/drivers/vfio/pci/vfio-pci-core.ko kernel/drivers/vfio/vfio_virqfd.ko kernel/drivers/vfio/vfio.ko kernel/virt/lib/irqbypass.ko
kernel/virt/lib/irqbypass.ko:'
# what loading the three takes there, in order: "path|options|flags" per insertion
DEBIAN_INSERTS='kernel/drivers/vfio/vfio.ko||0
kernel/drivers/vfio/vfio_iommu_type1.ko||0
kernel/virt/lib/irqbypass.ko||0
kernel/drivers/vfio/vfio_virqfd.ko||0
kernel/drivers/vfio/pci/vfio-pci-core.ko||0
kernel/drivers/vfio/pci/vfio-pci.ko||0'
ALL_LOADED='vfio loaded, vfio_iommu_type1 loaded, vfio-pci loaded'

# tree TEXT: a new machine whose modules.dep is TEXT, with an (empty) file
# for every path it names
tree() {
	new_machine build_machine
	printf '%s\n' "$1" >"$MD/modules.dep"
	tr -d ':' <"$MD/modules.dep" | tr -s ' \t' '\n' | sed '/^$/d' | sort -u | while read -r p; do
		case $p in /*) f=$M$p ;; *) f=$MD/$p ;; esac
		mkdir -p "${f%/*}" && : >"$f"
	done
}

# boot [INJECTION]: boot --root under strace, every finit_module answered
# with INJECTION (default retval=0) and init_module with ENOSYS; sets rc
boot() {
	timeout 20 strace -f -qq --seccomp-bpf -y -s 4096 -o "$TRACE" -e trace=init_module,finit_module \
		-e inject=finit_module:"${1:-retval=0}" -e inject=init_module:error=ENOSYS \
		"$BIN" --root "$M" --cmdline 'vfio.slots=01:00.0' boot >/dev/null 2>"$ERR" </dev/null
	rc=$?
}

# inserts: the insertions of the last boot, "path|options|flags", the path
# relative to MD (or to the root when outside it); "ESCAPED" for one that was
# not intercepted
inserts() {
	grep -E 'init_module\(' "$TRACE" | while IFS= read -r l; do
		case $l in *INJECTED*) ;; *) echo ESCAPED ;; esac
		echo "$l" | sed -n 's/^[0-9]* *finit_module([0-9]*<\(.*\)>, "\(.*\)", \([A-Z_0-9|]*\)) *=.*/\1|\2|\3/p' |
			sed "s|^$MD/||; s|^$M||"
	done
}

# modules_line: the binder's "modules:" line, without its prefix
modules_line() {
	sed -n 's/^vfio-binder: \(warning: \)\{0,1\}modules: //p' "$ERR"
}

# loads NAME "INSERTS" "MODULES-LINE" [INJECTION]: one boot; it exits 0 and
# writes the card's override (the boot goes on, whatever the modules do),
# makes exactly INSERTS, and logs MODULES-LINE
loads() {
	boot "${4:-}"
	# for the documents' examples of this case
	cp "$ERR" "$LOGS/$(echo "$1" | tr / .)"
	detail=
	[ "$rc" = 0 ] || detail="exit $rc;"
	[ "$(fake_override 0000:01:00.0)" = vfio-pci ] || detail="$detail no override written;"
	check "$1/boot" "${detail:+$detail stderr: $(oneline "$ERR")}"
	inserts >"$GOT"
	if [ -n "$2" ]; then printf '%s\n' "$2"; fi >"$WANT"
	if cmp -s "$WANT" "$GOT"; then
		pass "$1/inserts"
	else
		fail "$1/inserts" "expected: $(oneline "$WANT"); got: $(oneline "$GOT")"
	fi
	got=$(modules_line)
	if [ "$got" = "$3" ]; then
		pass "$1/logged"
	else
		fail "$1/logged" "expected 'modules: $3', got '$got' (stderr: $(oneline "$ERR"))"
	fi
}

echo "# the order of modules.dep"
tree "$DEBIAN_DEP"
loads order/debian "$DEBIAN_INSERTS" "$ALL_LOADED"
err_lacks order/debian/info-only "warning: modules:"

# the same modules named with underscores, and a module directory that sorts differently
tree 'kernel/vfio/vfio.ko:
kernel/vfio/vfio-iommu-type1.ko: kernel/vfio/vfio.ko
extra/vfio_pci.ko: kernel/z/dep-b.ko kernel/a/dep_a.ko kernel/vfio/vfio.ko
kernel/a/dep_a.ko:
kernel/z/dep-b.ko: kernel/a/dep_a.ko'
loads order/names "kernel/vfio/vfio.ko||0
kernel/vfio/vfio-iommu-type1.ko||0
kernel/a/dep_a.ko||0
kernel/z/dep-b.ko||0
extra/vfio_pci.ko||0" "$ALL_LOADED"

# older depmod wrote absolute paths: below the root too
tree "/lib/modules/$RELEASE/kernel/vfio.ko:
/lib/modules/$RELEASE/kernel/vfio_iommu_type1.ko: /lib/modules/$RELEASE/kernel/vfio.ko
/lib/modules/$RELEASE/kernel/vfio-pci.ko: /lib/modules/$RELEASE/kernel/vfio.ko"
loads order/absolute-paths "kernel/vfio.ko||0
kernel/vfio_iommu_type1.ko||0
kernel/vfio-pci.ko||0" "$ALL_LOADED"

# Debian's real index, against kmod's modprobe: the three lists of
# --show-depends --ignore-install, each module once, are the insertions
KVER=
for d in /lib/modules/*/; do
	[ -f "$d/modules.dep.bin" ] && grep -q '/vfio-pci\.ko' "$d/modules.dep" 2>/dev/null && KVER=$(basename "$d")
done
if [ -n "$KVER" ] && command -v modprobe >/dev/null 2>&1; then
	new_machine build_machine
	cp /lib/modules/"$KVER"/modules.* "$MD/"
	tr -d ':' <"$MD/modules.dep" | tr ' ' '\n' | sed '/^$/d' | sort -u >"$TMP/paths"
	sed 's|/[^/]*$||' "$TMP/paths" | sort -u | (cd "$MD" && xargs mkdir -p)
	(cd "$MD" && xargs touch) <"$TMP/paths"
	want=$(for m in vfio vfio_iommu_type1 vfio-pci; do
		modprobe -d "$M" -S "$RELEASE" -C "$TMP/none" --ignore-install --show-depends "$m" 2>/dev/null
	done | sed -n "s#^insmod $MD/\([^ ]*\) *\$#\1||0#p" | awk '!seen[$0]++')
	echo "#   modprobe --show-depends on $KVER's index: $(echo "$want" | sed 's/||0//; s|.*/||' | tr '\n' ' ')"
	if [ "$(echo "$want" | wc -l)" -ge 3 ]; then
		loads order/kmod-modprobe "$want" "$ALL_LOADED"
	else
		fail order/kmod-modprobe "modprobe named fewer than three modules: '$want'"
	fi
else
	skip order/kmod-modprobe "no Debian kernel with vfio-pci in /lib/modules, or no modprobe"
fi

echo "# what the kernel has already"
tree "$DEBIAN_DEP"
printf '%s\n' kernel/drivers/vfio/vfio.ko kernel/virt/lib/irqbypass.ko >"$MD/modules.builtin"
loads present/builtin "kernel/drivers/vfio/vfio_iommu_type1.ko||0
kernel/drivers/vfio/vfio_virqfd.ko||0
kernel/drivers/vfio/pci/vfio-pci-core.ko||0
kernel/drivers/vfio/pci/vfio-pci.ko||0" "vfio built in, vfio_iommu_type1 loaded, vfio-pci loaded"

tree "$DEBIAN_DEP"
printf '%s\n' kernel/drivers/vfio/pci/vfio-pci.ko >"$MD/modules.builtin"
loads present/builtin-with-dash "kernel/drivers/vfio/vfio.ko||0
kernel/drivers/vfio/vfio_iommu_type1.ko||0" "vfio loaded, vfio_iommu_type1 loaded, vfio-pci built in"

# a built-in module with parameters has a directory in /sys/module and no initstate
tree "$DEBIAN_DEP"
mkdir -p "$M/sys/module/vfio/parameters"
loads present/builtin-sysfs "kernel/drivers/vfio/vfio_iommu_type1.ko||0
kernel/virt/lib/irqbypass.ko||0
kernel/drivers/vfio/vfio_virqfd.ko||0
kernel/drivers/vfio/pci/vfio-pci-core.ko||0
kernel/drivers/vfio/pci/vfio-pci.ko||0" "vfio built in, vfio_iommu_type1 loaded, vfio-pci loaded"

tree "$DEBIAN_DEP"
for m in vfio:live vfio_iommu_type1:coming irqbypass:live; do
	mkdir -p "$M/sys/module/${m%:*}" && echo "${m#*:}" >"$M/sys/module/${m%:*}/initstate"
done
loads present/live "kernel/drivers/vfio/vfio_virqfd.ko||0
kernel/drivers/vfio/pci/vfio-pci-core.ko||0
kernel/drivers/vfio/pci/vfio-pci.ko||0" "vfio already loaded, vfio_iommu_type1 already loaded, vfio-pci loaded"

# going away: not there to use, so inserted (the kernel decides)
tree "$DEBIAN_DEP"
mkdir -p "$M/sys/module/vfio" && echo going >"$M/sys/module/vfio/initstate"
loads present/going "$DEBIAN_INSERTS" "$ALL_LOADED"

# the kernel says it has it (EEXIST): each module tried once, none failed
tree "$DEBIAN_DEP"
loads present/eexist "$DEBIAN_INSERTS" \
	"vfio already loaded, vfio_iommu_type1 already loaded, vfio-pci already loaded" error=EEXIST

echo "# what is missing"
tree "$DEBIAN_DEP"
rm "$MD/kernel/drivers/vfio/pci/vfio-pci-core.ko"
loads missing/dependency-file "kernel/drivers/vfio/vfio.ko||0
kernel/drivers/vfio/vfio_iommu_type1.ko||0
kernel/virt/lib/irqbypass.ko||0
kernel/drivers/vfio/vfio_virqfd.ko||0" \
	"vfio loaded, vfio_iommu_type1 loaded, vfio-pci not found: kernel/drivers/vfio/pci/vfio-pci-core.ko: No such file or directory"
err_has missing/dependency-file/no-driver "0000:01:00.0: no driver bound after the probe"

tree "$DEBIAN_DEP"
rm "$MD/kernel/drivers/vfio/vfio.ko"
loads missing/module-file "kernel/virt/lib/irqbypass.ko||0" "vfio not found: kernel/drivers/vfio/vfio.ko: No such file or directory, vfio_iommu_type1 not found: kernel/drivers/vfio/vfio.ko: No such file or directory, vfio-pci not found: kernel/drivers/vfio/vfio.ko: No such file or directory"

tree "$(echo "$DEBIAN_DEP" | grep -v '^kernel/drivers/vfio/pci/vfio-pci.ko')"
loads missing/not-in-modules.dep "kernel/drivers/vfio/vfio.ko||0
kernel/drivers/vfio/vfio_iommu_type1.ko||0" "vfio loaded, vfio_iommu_type1 loaded, vfio-pci not found"

new_machine build_machine
loads missing/no-modules.dep "" "vfio not found, vfio_iommu_type1 not found, vfio-pci not found"

new_machine build_machine
rm -r "$MD" && printf 'not a directory\n' >"$MD"
loads missing/modules-dir-a-file "" "vfio not found, vfio_iommu_type1 not found, vfio-pci not found"

new_machine build_machine
mkdir "$MD/modules.dep"
loads missing/modules.dep-a-directory "" "vfio not loaded: cannot read modules.dep: Is a directory, vfio_iommu_type1 not loaded: cannot read modules.dep: Is a directory, vfio-pci not loaded: cannot read modules.dep: Is a directory"

echo "# compressed modules"
XZ_DEP=$(echo "$DEBIAN_DEP" | sed 's|pci/vfio-pci-core\.ko|pci/vfio-pci-core.ko.xz|g; s|pci/vfio-pci\.ko|pci/vfio-pci.ko.xz|g')
XZ_HEAD="kernel/drivers/vfio/vfio.ko||0
kernel/drivers/vfio/vfio_iommu_type1.ko||0
kernel/virt/lib/irqbypass.ko||0
kernel/drivers/vfio/vfio_virqfd.ko||0"
tree "$XZ_DEP"
loads compressed/kernel-without-decompression "$XZ_HEAD" "vfio loaded, vfio_iommu_type1 loaded, vfio-pci not loaded: kernel/drivers/vfio/pci/vfio-pci-core.ko.xz is compressed with xz, and this kernel cannot decompress modules (no /sys/module/compression)"
err_has compressed/kernel-without-decompression/warning "vfio-binder: warning: modules:"

tree "$XZ_DEP"
echo zstd >"$M/sys/module/compression"
loads compressed/kernel-with-another "$XZ_HEAD" "vfio loaded, vfio_iommu_type1 loaded, vfio-pci not loaded: kernel/drivers/vfio/pci/vfio-pci-core.ko.xz is compressed with xz, and this kernel decompresses zstd only"

tree "$XZ_DEP"
echo xz >"$M/sys/module/compression"
loads compressed/kernel-decompresses "$XZ_HEAD
kernel/drivers/vfio/pci/vfio-pci-core.ko.xz||MODULE_INIT_COMPRESSED_FILE
kernel/drivers/vfio/pci/vfio-pci.ko.xz||MODULE_INIT_COMPRESSED_FILE" "$ALL_LOADED"

tree "$(echo "$DEBIAN_DEP" | sed 's|\.ko|.ko.zst|g')"
echo zstd >"$M/sys/module/compression"
loads compressed/zstd "$(echo "$DEBIAN_INSERTS" | sed 's/\.ko|/.ko.zst|/; s/|0$/|MODULE_INIT_COMPRESSED_FILE/')" "$ALL_LOADED"

tree "$(echo "$DEBIAN_DEP" | sed 's|vfio/vfio\.ko|vfio/vfio.ko.gz|g')"
loads compressed/gzip-top "kernel/virt/lib/irqbypass.ko||0" "vfio not loaded: kernel/drivers/vfio/vfio.ko.gz is compressed with gzip, and this kernel cannot decompress modules (no /sys/module/compression), vfio_iommu_type1 not loaded: kernel/drivers/vfio/vfio.ko.gz is compressed with gzip, and this kernel cannot decompress modules (no /sys/module/compression), vfio-pci not loaded: kernel/drivers/vfio/vfio.ko.gz is compressed with gzip, and this kernel cannot decompress modules (no /sys/module/compression)"

echo "# the kernel refuses"
# vfio tried again as vfio_iommu_type1's dependency: without slots= there too
tree "$DEBIAN_DEP"
fake_cmdline 'ro vfio.slots=01:00.0 vfio.a=1'
loads refused/every-insertion "kernel/drivers/vfio/vfio.ko|a=1|0
kernel/drivers/vfio/vfio.ko|a=1|0
kernel/virt/lib/irqbypass.ko||0" \
	"vfio not loaded: Exec format error, vfio_iommu_type1 not loaded: vfio: Exec format error, vfio-pci not loaded: irqbypass: Exec format error" \
	error=ENOEXEC
err_has refused/every-insertion/warning "vfio-binder: warning: modules:"

echo "# options"
# modprobe.d in libkmod's order: every directory's files sorted by name
# together, /etc masking the same name elsewhere; *.conf and *.alias, not
# hidden files or directories; then the kernel command line. vfio never gets
# slots=, from either.
options_machine() {
	tree "$DEBIAN_DEP"
	fake_modprobe lib/modprobe.d/a.conf 'options vfio_pci from=lib-a'
	fake_modprobe etc/modprobe.d/a.conf 'options vfio-pci from=etc-a'
	fake_modprobe run/modprobe.d/b.conf 'options vfio-pci from=run-b
options vfio slots=02:00.0 y=2'
	fake_modprobe usr/local/lib/modprobe.d/0.conf 'options vfio_pci from=local-0
options vfio_iommu_type1 allow_unsafe_interrupts=1'
	fake_modprobe lib/modprobe.d/c.alias 'options vfio_pci from=lib-c-alias'
	fake_modprobe lib/modprobe.d/.hidden.conf 'options vfio_pci from=hidden'
	fake_modprobe lib/modprobe.d/d.txt 'options vfio_pci from=txt'
	mkdir -p "$M/lib/modprobe.d/e.conf"
	fake_modprobe etc/modprobe.d/irq.conf 'options irqbypass z=1'
	fake_cmdline 'BOOT_IMAGE=/vmlinuz ro vfio.slots=01:00.0 vfio.x=1 vfio_pci.disable_vga=1 "vfio.q=a b"'
}
options_machine
loads options/sources "kernel/drivers/vfio/vfio.ko|y=2 x=1 q=\\\"a b\\\"|0
kernel/drivers/vfio/vfio_iommu_type1.ko|allow_unsafe_interrupts=1|0
kernel/virt/lib/irqbypass.ko|z=1|0
kernel/drivers/vfio/vfio_virqfd.ko||0
kernel/drivers/vfio/pci/vfio-pci-core.ko||0
kernel/drivers/vfio/pci/vfio-pci.ko|from=local-0 from=etc-a from=run-b from=lib-c-alias disable_vga=1|0" "$ALL_LOADED"

# kmod's modprobe on the same modprobe.d and command line: the options it
# would pass are what the loader passes (for vfio, without slots=). Its
# index comes from the real depmod, over small stand-in modules.
kmod_options() { # kmod_options MODULE: what modprobe --show-depends passes MODULE
	set -- "$1" -C "$M/etc/modprobe.d" -C "$M/run/modprobe.d" -C "$M/usr/local/lib/modprobe.d" -C "$M/lib/modprobe.d"
	if [ "$(id -u)" = 0 ]; then
		# shellcheck disable=SC2016 # for the inner shell
		unshare -m sh -c 'mount --bind "$1" /proc/cmdline && shift && exec modprobe "$@"' sh "$M/proc/cmdline" \
			-d "$M" -S "$RELEASE" --ignore-install --show-depends "$@" 2>/dev/null
	else
		modprobe -d "$M" -S "$RELEASE" --ignore-install --show-depends "$@" 2>/dev/null
	fi | tail -n 1 | sed "s|^insmod [^ ]* *||; s/ *\$//"
}
if command -v modprobe >/dev/null 2>&1 && command -v depmod >/dev/null 2>&1 && command -v cc >/dev/null 2>&1; then
	for variant in files cmdline; do
		if [ "$variant" = cmdline ] && { [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; }; then
			skip options/kmod-modprobe-cmdline "needs root and mount namespaces for a /proc/cmdline of its own"
			continue
		fi
		# without a namespace modprobe reads this machine's /proc/cmdline
		if [ "$(id -u)" != 0 ] && grep -q vfio /proc/cmdline; then
			skip options/kmod-modprobe-files "/proc/cmdline names vfio, and no namespace to hide it"
			continue
		fi
		options_machine
		# stand-ins the real depmod indexes, in place of the tree's empty files
		rm -rf "$MD/kernel" "$MD/modules.dep"
		mkdir -p "$MD/kernel"
		printf '__attribute__((section(".modinfo"), used)) static const char n[] = "license=GPL";\n' >"$TMP/m.c"
		for m in vfio vfio_iommu_type1 vfio-pci; do cc -c -o "$MD/kernel/$m.ko" "$TMP/m.c" || exit 1; done
		depmod -b "$M" "$RELEASE" 2>/dev/null
		[ "$variant" = cmdline ] || fake_cmdline ''
		want=
		for m in vfio vfio_iommu_type1 vfio-pci; do
			o=$(kmod_options "$m")
			# vfio: libkmod's own options minus every slots word (unquoted here)
			[ "$m" != vfio ] || o=$(echo "$o" | tr ' ' '\n' | grep -v '^slots\(=\|$\)' | tr '\n' ' ' | sed 's/ *$//')
			want="$want${want:+
}kernel/$m.ko|$(echo "$o" | sed 's/"/\\"/g')|0"
		done
		echo "#   modprobe ($variant): $(echo "$want" | tr '\n' ' ')"
		loads "options/kmod-modprobe-$variant" "$want" "$ALL_LOADED"
	done
else
	skip options/kmod-modprobe "needs modprobe, depmod and cc"
fi

echo "# broken indexes"
new_machine build_machine
head -c 65536 /dev/urandom >"$MD/modules.dep"
head -c 4096 /dev/urandom >"$MD/modules.builtin"
boot
check broken/random-bytes "$([ "$rc" = 0 ] || echo "exit $rc")$(inserts | grep ESCAPED)"
err_has broken/random-bytes/logged "modules: vfio"

# vfio's own line holds a NUL byte: vfio is refused, though the others'
# lines still name its file
tree "$DEBIAN_DEP"
printf 'kernel/drivers/vfio/vfio.ko: kernel/x\000y.ko\n' >>"$MD/modules.dep"
sed -i '2d' "$MD/modules.dep" # the clean vfio line goes; the one with a NUL byte stays
loads broken/nul-byte "$DEBIAN_INSERTS" \
	"vfio not loaded: its line in modules.dep: Invalid argument, vfio_iommu_type1 loaded, vfio-pci loaded"

tree "kernel/vfio.ko:
kernel/vfio_iommu_type1.ko:
kernel/vfio-pci.ko:$(i=0; while [ $i -lt 40 ]; do printf ' kernel/dep%d.ko' $i; i=$((i + 1)); done)"
loads broken/too-many-dependencies "kernel/vfio.ko||0
kernel/vfio_iommu_type1.ko||0" "vfio loaded, vfio_iommu_type1 loaded, vfio-pci not loaded: needs more than 32 modules"

tree 'kernel/vfio.ko:
kernel/vfio_iommu_type1.ko:
kernel/vfio-pci.ko: kernel/notes.txt'
loads broken/not-a-module-file "kernel/vfio.ko||0
kernel/vfio_iommu_type1.ko||0" "vfio loaded, vfio_iommu_type1 loaded, vfio-pci not loaded: notes: kernel/notes.txt is not a module file"

tree "$DEBIAN_DEP"
d=$MD/kernel/drivers/vfio/pci
rm "$d/vfio-pci.ko" && mkfifo "$d/vfio-pci.ko"
loads broken/fifo "$(echo "$DEBIAN_INSERTS" | sed '$d')" \
	"vfio loaded, vfio_iommu_type1 loaded, vfio-pci not loaded: kernel/drivers/vfio/pci/vfio-pci.ko: not a regular file"

# the examples of README.md and docs/*.md marked "modload CASE": each line of
# the block is in CASE's log as the kernel log carries it, in order
echo "# the documents' examples"
doc_marked "$(cd "$HERE/../.." && pwd)" modload "$TMP/pages" >"$TMP/page-examples"
while read -r page ex; do
	spec=$(cat "$ex/spec")
	log=$LOGS/$(echo "${spec#modload }" | tr / .)
	name=$page.$(cat "$ex/line"):$spec
	if [ ! -f "$log" ]; then
		fail "$name" "no case ${spec#modload } here"
		continue
	fi
	doc_kmsg <"$log" | doc_normal >"$TMP/log"
	doc_normal <"$ex/block" >"$TMP/block"
	missing=$(doc_missing "$TMP/block" "$TMP/log")
	check "$name" "${missing:+not in the kernel log of the case (in order): $missing}"
done <"$TMP/page-examples"

summary
