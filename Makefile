# vfio-binder: see README.md and HACKING.md. `make` builds the three binaries:
# the host tool (every command, the system's shared libkmod, libblkid and libpci),
# the initramfs binary (boot and plan, static with musl and a libkmod built
# from kmod's source: KMOD_SRC, else Debian's) and its klibc build (the same,
# with its own module loader instead of libkmod; WITH_KLIBC=no leaves it out
# where klibc is not packaged). `make V=1` shows the commands.
VERSION = 0.1.0
PREFIX ?= /usr
DESTDIR ?=
SBINDIR ?= /usr/sbin
# where the image hooks take the initramfs binary from
LIBEXECDIR ?= /usr/libexec/vfio-binder
# README.md, HACKING.md and the pages of docs/ below it, so that their links hold
DOCDIR ?= $(PREFIX)/share/doc/vfio-binder
DOC_PAGES = $(wildcard docs/*.md)
# initramfs-tools, dracut and mkinitcpio look only here, whatever PREFIX says
INITRAMFS_TOOLS_DIR ?= /usr/share/initramfs-tools
DRACUT_MODULES_DIR ?= /usr/lib/dracut/modules.d
INITCPIO_DIR ?= /usr/lib/initcpio
# the generators make install hooks into; a distribution leaves out those it lacks
GENERATORS ?= initramfs-tools dracut mkinitcpio
WITH_KLIBC ?= yes
CC ?= cc
MUSL_CC ?= musl-gcc
KLCC ?= klcc
STRIP ?= strip
INSTALL ?= install
BUILD ?= build

# kbuild's way: one short line a step (`$(call say,CC,$<)`), the commands with V=1
ifeq ($(V),1)
Q =
say =
else
Q = @
say = @printf '  %-7s %s\n' '$(1)' '$(2)'
endif

WARNINGS = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
	-Wvla -Wundef -Wpointer-arith -Wcast-qual -Wwrite-strings
BASE_CFLAGS = -std=c11 -D_GNU_SOURCE -g $(WARNINGS)
CFLAGS ?= -O2

# The layers, each using only those before it: core (pure), sys, report, cmd, main.c.
CORE_SRCS = $(wildcard binder/core/*.c)
REPORT_SRCS = $(wildcard binder/report/*.c)
# the host tool: every command, modules through libkmod (sys/modules.c)
SRCS = $(CORE_SRCS) $(filter-out binder/sys/modload.c,$(wildcard binder/sys/*.c)) $(REPORT_SRCS) \
	$(filter-out binder/cmd/table-initramfs.c,$(wildcard binder/cmd/*.c)) binder/main.c
# the initramfs binary: only what boot and plan need, so no libblkid
INITRAMFS_COMMON_SRCS = $(CORE_SRCS) $(addprefix binder/sys/,fileio.c log.c sysfs.c pciread.c apply.c inputs.c loadvfio.c bootrecord.c) \
	$(REPORT_SRCS) $(addprefix binder/cmd/,run.c boot.c plan.c table-initramfs.c) binder/main.c
# with libkmod (musl), or with the klibc build's own loader (sys/modload.c)
INITRAMFS_SRCS = $(INITRAMFS_COMMON_SRCS) binder/sys/modules.c
KLIBC_SRCS = $(INITRAMFS_COMMON_SRCS) binder/sys/modload.c binder/sys/modprobe.c
HDRS = $(wildcard binder/*/*.h)
HOST_BIN = $(BUILD)/vfio-binder
INITRAMFS_BIN = $(BUILD)/initramfs/vfio-binder
KLIBC_BIN = $(BUILD)/klibc/vfio-binder

all: $(HOST_BIN) $(INITRAMFS_BIN) $(if $(filter yes,$(WITH_KLIBC)),$(KLIBC_BIN))

klibc: $(KLIBC_BIN)

# --- the initramfs binary: static, musl, with a static libkmod built from kmod's
# source. KMOD_SRC names a kmod release tarball or an unpacked tree (the recipes
# in dist/ pass the one they pin), built in a directory of its own; without it,
# Debian's kmod source package (`apt-get source kmod`), in build/kmod.
KMOD_SRC ?=
KMOD = $(BUILD)/kmod$(if $(KMOD_SRC),-$(notdir $(KMOD_SRC)))
MUSL_OBJS = $(INITRAMFS_SRCS:binder/%.c=$(BUILD)/musl/%.o)
MUSL_CFLAGS = $(BASE_CFLAGS) -Ibinder -Os -ffunction-sections -fdata-sections -I$(KMOD)/include

$(INITRAMFS_BIN): $(MUSL_OBJS) $(KMOD)/libkmod.a
	@mkdir -p $(@D)
	$(call say,LD,$@)
	$(Q)$(MUSL_CC) -static -Wl,--gc-sections -Wl,--build-id -o $@ $(MUSL_OBJS) $(KMOD)/libkmod.a
	$(call say,STRIP,$@)
	$(Q)$(STRIP) $@

$(BUILD)/musl/%.o: binder/%.c $(HDRS) $(KMOD)/libkmod.a
	@mkdir -p $(@D)
	$(call say,MUSLCC,$<)
	$(Q)$(MUSL_CC) $(MUSL_CFLAGS) -c -o $@ $<

ifeq ($(KMOD_SRC),)
KMOD_FETCH = cd $(KMOD) && apt-get source -qq kmod
else
KMOD_FETCH = if [ -d $(abspath $(KMOD_SRC)) ]; then cp -a $(abspath $(KMOD_SRC)) $(KMOD)/kmod-src; \
	else tar -xf $(abspath $(KMOD_SRC)) -C $(KMOD); fi
endif

# kmod 30's configure refuses --enable-static, so the archive is made from the
# objects libtool builds for the shared library. Each step's output goes to a
# log in $(KMOD), shown when the step fails.
$(KMOD)/libkmod.a: $(KMOD_SRC)
	$(call say,KMOD,$(or $(KMOD_SRC),apt-get source kmod))
	$(Q)rm -rf $(KMOD) && mkdir -p $(KMOD)/include
	$(Q)($(KMOD_FETCH)) >$(KMOD)/source.log 2>&1 || { cat $(KMOD)/source.log; exit 1; }
	$(Q)cd $(KMOD)/kmod-*/ && { touch libkmod/docs/gtk-doc.make && autoreconf -fi >../autoreconf.log 2>&1 \
		|| { cat ../autoreconf.log; exit 1; }; } \
		&& { CC=$(MUSL_CC) ./configure -q --disable-manpages --without-zstd --without-xz --without-zlib \
			--without-openssl >../configure.log 2>&1 || { cat ../configure.log; exit 1; }; } \
		&& { $(MAKE) -s libkmod/libkmod.la >../make.log 2>&1 || { cat ../make.log; exit 1; }; }
	$(Q)cp $(KMOD)/kmod-*/libkmod/libkmod.h $(KMOD)/include/
	$(call say,AR,$@)
	$(Q)ar rcs $@.tmp $(KMOD)/kmod-*/libkmod/.libs/*.o $(KMOD)/kmod-*/shared/.libs/*.o && mv $@.tmp $@

# --- the initramfs binary built with klcc (Debian's libklibc-dev): static,
# about a third of the musl one. compat/libc.h supplies what klibc lacks.
# klibc's headers are not clean under our warnings: system directories to gcc.
comma := ,
KLIBC_PREFIX = $(shell $(KLCC) -print-klibc-prefix)
KLIBC_INCLUDES = $(KLIBC_PREFIX)/include/arch/$(shell $(KLCC) -print-klibc-archdir) \
	$(KLIBC_PREFIX)/include/bits$(shell $(KLCC) -print-klibc-bitsize) $(KLIBC_PREFIX)/include
KLIBC_OBJS = $(KLIBC_SRCS:binder/%.c=$(BUILD)/klibc/%.o)
KLIBC_CFLAGS = $(BASE_CFLAGS) -Ibinder -Os -ffunction-sections -fdata-sections -include binder/compat/libc.h \
	$(foreach d,$(KLIBC_INCLUDES),-Wp$(comma)-isystem$(comma)$(d))

$(KLIBC_BIN): $(KLIBC_OBJS)
	$(call say,LD,$@)
	$(Q)$(KLCC) -static -Wl,--gc-sections -Wl,--build-id -o $@ $(KLIBC_OBJS)
	$(call say,STRIP,$@)
	$(Q)$(STRIP) $@

$(BUILD)/klibc/%.o: binder/%.c $(HDRS)
	@mkdir -p $(@D)
	$(call say,KLCC,$<)
	$(Q)$(KLCC) $(KLIBC_CFLAGS) -c -o $@ $<

# --- the host tool: glibc, the system's shared libkmod, libblkid and libpci
# (Debian's security updates reach it); the unit tests link its core objects
GLIBC_OBJS = $(SRCS:binder/%.c=$(BUILD)/glibc/%.o)
GLIBC_CFLAGS = $(BASE_CFLAGS) -Ibinder $(CPPFLAGS) $(CFLAGS) $(shell pkg-config --cflags libkmod blkid libpci)
HOST_LIBS = $(shell pkg-config --libs libkmod blkid libpci)

$(HOST_BIN): $(GLIBC_OBJS)
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(HOST_LIBS)

$(BUILD)/glibc/%.o: binder/%.c $(HDRS)
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(GLIBC_CFLAGS) -c -o $@ $<

$(BUILD)/tests $(BUILD)/man:
	@mkdir -p $@

# --- man pages, from scdoc sources
MAN_PAGES = $(BUILD)/man/vfio-binder.8 $(BUILD)/man/vfio-binder.conf.5

man: $(MAN_PAGES)

$(BUILD)/man/%: docs/%.scd | $(BUILD)/man
	$(call say,SCDOC,$@)
	$(Q)scdoc <$< >$@.tmp && mv $@.tmp $@

# --- tests
# Unit tests link the core alone: a core file that calls into sys/ fails to link here.
UNIT_TESTS = test-cmdline test-items test-conffile test-selection test-plan test-modconf test-moddep test-procfs test-check \
	test-status test-words
UNIT_BINS = $(UNIT_TESTS:%=$(BUILD)/tests/%)
GLIBC_CORE_OBJS = $(CORE_SRCS:binder/%.c=$(BUILD)/glibc/%.o)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/*.h tests/plan-invariants.h $(GLIBC_CORE_OBJS) | $(BUILD)/tests
	$(call say,CCLD,$@)
	$(Q)$(CC) $(GLIBC_CFLAGS) -Itests -o $@ $< $(GLIBC_CORE_OBJS) -lcmocka

deps:
	@sh tests/deps.sh check

deps-qemu:
	@sh tests/deps.sh qemu

check-unit: $(UNIT_BINS)
	sh tests/run-unit.sh $(UNIT_BINS)

# boot and plan: the initramfs binary (musl, then klibc); the post-boot commands: the host tool
check-sysfs: $(INITRAMFS_BIN)
	sh tests/sysfs/run.sh $(INITRAMFS_BIN)

check-sysfs-klibc: $(KLIBC_BIN)
	sh tests/sysfs/run.sh $(KLIBC_BIN)

# the klibc build's module loader on fake module trees, insertions intercepted
check-modload: $(KLIBC_BIN)
	sh tests/modload/run.sh $(KLIBC_BIN)

check-postboot: $(HOST_BIN)
	sh tests/sysfs/postboot.sh $(HOST_BIN)

# what check traces the host to: pools, multipath, network roots, fstab,
# crypttab and resume=, with real file-system images at ROOT/dev/NAME
check-hosts: $(HOST_BIN)
	sh tests/sysfs/hosts.sh $(HOST_BIN)

check-man: $(HOST_BIN) $(MAN_PAGES)
	sh tests/man.sh $(HOST_BIN) $(MAN_PAGES)

# the examples of README.md and docs/*.md on the machines they name, their
# links, vfio-binder(8)'s EXAMPLES, exit statuses, options and files against
# the program
check-docs: $(HOST_BIN) $(INITRAMFS_BIN)
	sh tests/docs.sh $(HOST_BIN) docs/vfio-binder.8.scd

# no root needed; check-robustness and check-qemu come on top in `make test`
check: check-unit check-sysfs check-sysfs-klibc check-modload check-postboot check-man check-docs check-fuzz

# The real-kernel harness: boot, bind, unbind and status run inside booted
# QEMU guests against the real sysfs and drivers (tests/qemu/harness.sh)
check-kernel: all
	sh tests/qemu/harness.sh

# Boots Debian's kernel under QEMU with images from the real mkinitramfs and
# dracut; installs into / while it runs and puts everything back after.
check-qemu: all
	sh tests/qemu/run.sh

# Builds the Debian package, runs lintian, installs it into a debootstrapped
# Debian root and boots the image built there under QEMU.
check-package: all
	sh tests/package/run.sh

# The Arch and Fedora recipes in dist/, built by the real makepkg and rpmbuild
# from `make dist`'s tarball, installed into scratch roots, where their hooks
# build images with mkinitcpio and dracut.
check-dist:
	sh tests/dist/run.sh

# The Ansible role in ansible/, applied by the real ansible-playbook to
# debootstrapped Debian roots through Ansible's chroot connection.
check-ansible:
	sh tests/ansible/run.sh

# plan on 64 and 4096 functions (the initramfs binary, both builds), check on 64 block devices (the host tool)
bench: all
	sh tests/bench.sh $(INITRAMFS_BIN)
	BENCH_SIZE_LIMIT=65536 sh tests/bench.sh $(KLIBC_BIN)
	sh tests/bench-check.sh $(HOST_BIN)

bench-boot: all
	sh tests/qemu/bench-boot.sh

# The README's two commands: `make test` runs everything, `make demo` shows it.
# make test first builds what every suite runs (two compilers at a time), then
# runs the suites two at a time, in this order: longest first, so that the
# short ones fill in at the end, with check-package first and check-ansible
# after check-sanitize, when the Debian root check-package makes (and
# check-ansible waits for) is there;
# check-kernel boots its two guests beside the short suites at the end;
# TEST_ALONE runs with nothing beside it (check-qemu keeps two guests or a
# guest and an image build going for eight minutes).
TEST_SUITES = check-package check-sanitize check-ansible check-static check-dist check-postboot check-hosts \
	check-sysfs check-sysfs-klibc check-docs check-faults check-faults-klibc check-kernel check-modload \
	check-fuzz check-unit check-man check-qemu
TEST_ALONE = check-qemu
TEST_BINS = all $(MAN_PAGES) $(UNIT_BINS) $(ROBUSTNESS_BINS)

test: deps-qemu
	@$(MAKE) --no-print-directory -j2 $(TEST_BINS)
	MAKE='$(MAKE)' ALONE='$(TEST_ALONE)' sh tests/run-all.sh $(TEST_SUITES)

demo: deps-qemu
	@$(MAKE) --no-print-directory all
	@sh tests/qemu/demo.sh

demo-plan: deps
	@$(MAKE) --no-print-directory $(HOST_BIN)
	@sh tests/demo-plan.sh $(HOST_BIN)

# The release tarball the recipes in dist/ build from: the files git knows of
# (committed or not, untracked ones unless ignored), as they are in the tree.
DIST_TARBALL = $(BUILD)/vfio-binder-$(VERSION).tar.gz

dist:
	@mkdir -p $(BUILD)
	$(call say,TAR,$(DIST_TARBALL))
	$(Q)git ls-files -z --cached --others --exclude-standard | \
		tar --null -T - --transform 's|^|vfio-binder-$(VERSION)/|' -czf $(DIST_TARBALL).tmp && \
		mv $(DIST_TARBALL).tmp $(DIST_TARBALL)

# The binaries, man pages and example configuration, then the hooks of each
# generator in GENERATORS.
install: install-binaries $(GENERATORS:%=install-%)

install-binaries: all $(MAN_PAGES)
	$(INSTALL) -D -m 0755 $(HOST_BIN) $(DESTDIR)$(SBINDIR)/vfio-binder
	$(INSTALL) -D -m 0755 $(INITRAMFS_BIN) $(DESTDIR)$(LIBEXECDIR)/vfio-binder
	$(if $(filter yes,$(WITH_KLIBC)),$(INSTALL) -D -m 0755 $(KLIBC_BIN) $(DESTDIR)$(LIBEXECDIR)/vfio-binder-klibc)
	$(INSTALL) -D -m 0644 $(BUILD)/man/vfio-binder.8 $(DESTDIR)$(PREFIX)/share/man/man8/vfio-binder.8
	$(INSTALL) -D -m 0644 $(BUILD)/man/vfio-binder.conf.5 $(DESTDIR)$(PREFIX)/share/man/man5/vfio-binder.conf.5
	$(INSTALL) -D -m 0644 conf/vfio-binder.conf $(DESTDIR)$(DOCDIR)/vfio-binder.conf.example
	$(INSTALL) -d $(DESTDIR)$(DOCDIR)/docs
	$(INSTALL) -m 0644 README.md HACKING.md $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 0644 $(DOC_PAGES) $(DESTDIR)$(DOCDIR)/docs/
	test -e $(DESTDIR)/etc/vfio-binder.conf || $(INSTALL) -D -m 0644 conf/vfio-binder.conf $(DESTDIR)/etc/vfio-binder.conf

# init-top is named to sort before init-top/udev: see initramfs-hooks/init-top
install-initramfs-tools:
	$(INSTALL) -D -m 0755 initramfs-hooks/hook $(DESTDIR)$(INITRAMFS_TOOLS_DIR)/hooks/vfio-binder
	$(INSTALL) -D -m 0755 initramfs-hooks/init-top $(DESTDIR)$(INITRAMFS_TOOLS_DIR)/scripts/init-top/00-vfio-binder

install-dracut:
	$(INSTALL) -D -m 0755 dracut-module/90vfio-binder/module-setup.sh \
		$(DESTDIR)$(DRACUT_MODULES_DIR)/90vfio-binder/module-setup.sh
	$(INSTALL) -D -m 0755 dracut-module/90vfio-binder/vfio-binder-cmdline.sh \
		$(DESTDIR)$(DRACUT_MODULES_DIR)/90vfio-binder/vfio-binder-cmdline.sh
	$(INSTALL) -D -m 0644 dracut-module/90vfio-binder/vfio-binder.service \
		$(DESTDIR)$(DRACUT_MODULES_DIR)/90vfio-binder/vfio-binder.service

# the dracut module's unit again, for the systemd hook: mkinitcpio/install/vfio-binder
install-mkinitcpio:
	$(INSTALL) -D -m 0644 mkinitcpio/install/vfio-binder $(DESTDIR)$(INITCPIO_DIR)/install/vfio-binder
	$(INSTALL) -D -m 0644 mkinitcpio/hooks/vfio-binder $(DESTDIR)$(INITCPIO_DIR)/hooks/vfio-binder
	$(INSTALL) -D -m 0644 dracut-module/90vfio-binder/vfio-binder.service \
		$(DESTDIR)$(INITCPIO_DIR)/systemd/vfio-binder.service

clean:
	rm -rf $(BUILD)/musl $(BUILD)/glibc $(BUILD)/tests $(BUILD)/man $(HOST_BIN) $(BUILD)/initramfs $(BUILD)/klibc

distclean:
	rm -rf $(BUILD)

include tests/robustness.mk

.PHONY: all klibc man deps deps-qemu check check-unit check-sysfs check-sysfs-klibc check-modload check-postboot check-hosts check-man check-docs check-kernel check-qemu check-package check-ansible check-dist bench bench-boot test demo demo-plan dist install \
	install-binaries install-initramfs-tools install-dracut install-mkinitcpio clean distclean
