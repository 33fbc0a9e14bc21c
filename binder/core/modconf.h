/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

/* The modprobe.d directories libkmod reads, below the root: one list for reading them and for kmod_new(). */
#define MODPROBE_DIR_COUNT 4
extern const char *const modprobe_dirs[MODPROBE_DIR_COUNT];

/* vfio-pci's ids= entries: VENDOR:DEVICE[:...], 0xffffffff meaning any. */
struct pci_id_match {
        uint32_t vendor;
        uint32_t device;
        char source[96]; /* where it was written, for messages */
};

/* What modprobe.d files say that matters for passthrough. */
struct modconf {
        struct pci_id_match *ids; /* options vfio-pci ids= */
        size_t n_ids;
        char (*blacklist)[MODEL_NAME_MAX]; /* blacklist MODULE: no autoload by udev */
        size_t n_blacklist;
        char (*disabled)[MODEL_NAME_MAX]; /* install MODULE /bin/false: never loads */
        size_t n_disabled;
};

/* Adds one modprobe.d file's statements; pure. -ENOMEM only: unknown lines are modprobe's business. */
int modconf_parse(struct modconf *mc, const char *text, const char *source);
/* Adds a comma separated ids= value (from modprobe.d or vfio-pci.ids=); bad entries are skipped, as the kernel does. */
int modconf_add_ids(struct modconf *mc, const char *value, const char *source);
bool modconf_id_matches(const struct pci_id_match *id, const struct pci_func *f);
void modconf_free(struct modconf *mc);

/*
 * options with every "param" / "param=value" removed: libkmod hands vfio our
 * own vfio.slots= as "slots=", which the kernel would warn about.
 */
int options_without(const char *options, const char *param, char *out, size_t size);

/*
 * The options libkmod gives MODULE, appended to the string out (size bytes,
 * NUL-terminated, "" to start), each joined by one space; -ENOSPC when they
 * do not fit. modconf_options() reads one modprobe.d file's text the way
 * libkmod's config parser does: "options MODULE ..." lines ('-' and '_'
 * alike), a backslash before a newline joining lines and dropped before any
 * other character, '#' a comment only at the start of a line, the rest of
 * the line after the name taken whole, tabs as spaces.
 */
int modconf_options(const char *text, const char *module, char *out, size_t size);
/*
 * The same from a kernel command line, by libkmod's own scan of
 * /proc/cmdline (not the kernel's): MODULE.PARAM[=VALUE] words give
 * PARAM[=VALUE], a value may be quoted, and a word quoted whole by the boot
 * loader ("mod.p=a b") is quoted back as p="a b". -ENOMEM, -ENOSPC.
 */
int modconf_cmdline_options(const char *cmdline, const char *module, char *out, size_t size);
