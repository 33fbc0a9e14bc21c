# vfio-binder: see README.md. `make` builds the shipped static binary.
PREFIX ?= /usr
DESTDIR ?=
SBINDIR ?= /usr/sbin
# initramfs-tools and dracut look only here, whatever PREFIX says
INITRAMFS_TOOLS_DIR ?= /usr/share/initramfs-tools
DRACUT_MODULES_DIR ?= /usr/lib/dracut/modules.d
CC ?= cc
MUSL_CC ?= musl-gcc
STRIP ?= strip
BUILD ?= build

WARNINGS = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
	-Wvla -Wundef -Wpointer-arith -Wcast-qual -Wwrite-strings
BASE_CFLAGS = -std=c11 -D_GNU_SOURCE -g $(WARNINGS)
CFLAGS ?= -O2

# The layers, each using only those before it: core (pure), sys, report, cmd, main.c.
CORE_SRCS = $(wildcard binder/core/*.c)
SRCS = $(CORE_SRCS) $(wildcard binder/sys/*.c) $(wildcard binder/report/*.c) $(wildcard binder/cmd/*.c) binder/main.c
HDRS = $(wildcard binder/*/*.h)

# --- the shipped binary: static, musl, with a libkmod built from Debian's kmod source
KMOD = $(BUILD)/kmod
MUSL_OBJS = $(SRCS:binder/%.c=$(BUILD)/musl/%.o)
MUSL_CFLAGS = $(BASE_CFLAGS) -Ibinder -Os -ffunction-sections -fdata-sections -I$(KMOD)/include

all: $(BUILD)/vfio-binder

$(BUILD)/vfio-binder: $(MUSL_OBJS) $(KMOD)/libkmod.a
	$(MUSL_CC) -static -Wl,--gc-sections -Wl,--build-id -o $@ $(MUSL_OBJS) $(KMOD)/libkmod.a
	$(STRIP) $@

$(BUILD)/musl/%.o: binder/%.c $(HDRS) $(KMOD)/libkmod.a
	@mkdir -p $(@D)
	$(MUSL_CC) $(MUSL_CFLAGS) -c -o $@ $<

# kmod 30's configure refuses --enable-static, so the archive is made from the
# objects libtool builds for the shared library.
$(KMOD)/libkmod.a:
	rm -rf $(KMOD) && mkdir -p $(KMOD)/include
	cd $(KMOD) && apt-get source -qq kmod >source.log 2>&1 || { cat $(KMOD)/source.log; exit 1; }
	cd $(KMOD)/kmod-*/ && touch libkmod/docs/gtk-doc.make && autoreconf -fi >../autoreconf.log 2>&1 \
		&& CC=$(MUSL_CC) ./configure -q --disable-manpages --without-zstd --without-xz --without-zlib \
			--without-openssl >../configure.log \
		&& $(MAKE) -s libkmod/libkmod.la >../make.log 2>&1
	cp $(KMOD)/kmod-*/libkmod/libkmod.h $(KMOD)/include/
	ar rcs $@.tmp $(KMOD)/kmod-*/libkmod/.libs/*.o $(KMOD)/kmod-*/shared/.libs/*.o && mv $@.tmp $@

# --- the glibc build of the same sources, for tests and sanitizers
GLIBC_OBJS = $(SRCS:binder/%.c=$(BUILD)/glibc/%.o)
GLIBC_CFLAGS = $(BASE_CFLAGS) -Ibinder $(CFLAGS) $(shell pkg-config --cflags libkmod)
KMOD_LIBS = $(shell pkg-config --libs libkmod)

$(BUILD)/glibc/vfio-binder: $(GLIBC_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(KMOD_LIBS)

$(BUILD)/glibc/%.o: binder/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(GLIBC_CFLAGS) -c -o $@ $<

$(BUILD)/tests $(BUILD)/man:
	mkdir -p $@

# --- man pages, from scdoc sources
MAN_PAGES = $(BUILD)/man/vfio-binder.8 $(BUILD)/man/vfio-binder.conf.5

man: $(MAN_PAGES)

$(BUILD)/man/%: docs/%.scd | $(BUILD)/man
	scdoc <$< >$@.tmp && mv $@.tmp $@

# --- tests
# Unit tests link the core alone: a core file that calls into sys/ fails to link here.
UNIT_TESTS = test-cmdline test-items test-conffile test-selection test-plan test-modconf test-procfs test-check \
	test-words
UNIT_BINS = $(UNIT_TESTS:%=$(BUILD)/tests/%)
GLIBC_CORE_OBJS = $(CORE_SRCS:binder/%.c=$(BUILD)/glibc/%.o)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/*.h tests/plan-invariants.h $(GLIBC_CORE_OBJS) | $(BUILD)/tests
	$(CC) $(GLIBC_CFLAGS) -Itests -o $@ $< $(GLIBC_CORE_OBJS) -lcmocka

deps:
	sh tests/deps.sh check

deps-qemu:
	sh tests/deps.sh qemu

check-unit: $(UNIT_BINS)
	sh tests/run-unit.sh $(UNIT_BINS)

check-sysfs: $(BUILD)/vfio-binder
	sh tests/sysfs/run.sh $(BUILD)/vfio-binder

check-postboot: $(BUILD)/vfio-binder
	sh tests/sysfs/postboot.sh $(BUILD)/vfio-binder

check-man: $(BUILD)/vfio-binder $(MAN_PAGES)
	sh tests/man.sh $(BUILD)/vfio-binder $(MAN_PAGES)

# no root needed; check-robustness and check-qemu come on top in `make test`
check: check-unit check-sysfs check-postboot check-man check-fuzz

# Boots Debian's kernel under QEMU with images from the real mkinitramfs and
# dracut; installs into / while it runs and puts everything back after.
check-qemu: $(BUILD)/vfio-binder
	sh tests/qemu/run.sh

# Builds the Debian package, runs lintian, installs it into a debootstrapped
# Debian root and boots the image built there under QEMU.
check-package: $(BUILD)/vfio-binder
	sh tests/package/run.sh

bench: $(BUILD)/vfio-binder
	sh tests/bench.sh $(BUILD)/vfio-binder

bench-boot: $(BUILD)/vfio-binder
	sh tests/qemu/bench-boot.sh

# The README's two commands: `make test` runs everything, `make demo` shows it.
TEST_SUITES = check-unit check-sysfs check-postboot check-man check-fuzz check-sanitize check-faults check-static check-qemu check-package

test: deps-qemu
	$(MAKE) $(BUILD)/vfio-binder
	MAKE='$(MAKE)' sh tests/run-all.sh $(TEST_SUITES)

demo: deps-qemu
	$(MAKE) $(BUILD)/vfio-binder
	sh tests/qemu/demo.sh

demo-plan: deps
	$(MAKE) $(BUILD)/vfio-binder
	sh tests/demo-plan.sh $(BUILD)/vfio-binder

install: $(BUILD)/vfio-binder $(MAN_PAGES)
	install -D -m 0755 $(BUILD)/vfio-binder $(DESTDIR)$(SBINDIR)/vfio-binder
	install -D -m 0644 $(BUILD)/man/vfio-binder.8 $(DESTDIR)$(PREFIX)/share/man/man8/vfio-binder.8
	install -D -m 0644 $(BUILD)/man/vfio-binder.conf.5 $(DESTDIR)$(PREFIX)/share/man/man5/vfio-binder.conf.5
	install -D -m 0644 conf/vfio-binder.conf $(DESTDIR)$(PREFIX)/share/doc/vfio-binder/vfio-binder.conf.example
	test -e $(DESTDIR)/etc/vfio-binder.conf || install -D -m 0644 conf/vfio-binder.conf $(DESTDIR)/etc/vfio-binder.conf
	install -D -m 0755 initramfs-hooks/hook $(DESTDIR)$(INITRAMFS_TOOLS_DIR)/hooks/vfio-binder
	# named to sort before init-top/udev: see initramfs-hooks/init-top
	install -D -m 0755 initramfs-hooks/init-top $(DESTDIR)$(INITRAMFS_TOOLS_DIR)/scripts/init-top/00-vfio-binder
	install -D -m 0755 dracut-module/90vfio-binder/module-setup.sh \
		$(DESTDIR)$(DRACUT_MODULES_DIR)/90vfio-binder/module-setup.sh
	install -D -m 0755 dracut-module/90vfio-binder/vfio-binder-pre-udev.sh \
		$(DESTDIR)$(DRACUT_MODULES_DIR)/90vfio-binder/vfio-binder-pre-udev.sh
	install -D -m 0644 dracut-module/90vfio-binder/vfio-binder.service \
		$(DESTDIR)$(DRACUT_MODULES_DIR)/90vfio-binder/vfio-binder.service

clean:
	rm -rf $(BUILD)/musl $(BUILD)/glibc $(BUILD)/tests $(BUILD)/man $(BUILD)/vfio-binder

distclean:
	rm -rf $(BUILD)

include tests/robustness.mk

.PHONY: all man deps deps-qemu check check-unit check-sysfs check-postboot check-man check-qemu check-package bench bench-boot test demo demo-plan install clean \
	distclean

# --- fleets: the Ansible role in ansible/, applied by the real ansible-playbook
# to debootstrapped Debian roots through Ansible's chroot connection
TEST_SUITES += check-ansible

check-ansible: $(BUILD)/vfio-binder
	sh tests/ansible/run.sh $(BUILD)/vfio-binder

.PHONY: check-ansible
