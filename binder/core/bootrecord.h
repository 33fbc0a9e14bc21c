/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#include "core/model.h"
#include "core/pci.h"

/*
 * The boot record: what boot leaves in /run for status. That it exists says
 * the binder ran this boot; each line is a function it acted on, the driver
 * that already held it when the override was written ("-": none), and what
 * boot did with it:
 *
 *     # vfio-binder boot record: ...
 *     0000:02:00.0 - handed-over
 *     0000:02:00.2 xhci_hcd released
 *
 * A record of older binders has no third field: "-" reads as handed-over, a
 * driver as left (they did not say whether they released it).
 */
enum boot_action {
        BOOT_HANDED_OVER,       /* "handed-over": override written, no driver held it */
        BOOT_LEFT,              /* "left": a driver held it, boot left it there (a display, a function named alone,
                                   an unbind that failed) */
        BOOT_RELEASED,          /* "released": boot unbound the driver that held it, once vfio-pci was loaded */
        BOOT_KEPT_NO_VFIO,      /* "kept-no-vfio-pci": a companion left on its driver: vfio-pci could not be loaded */
        BOOT_KEPT_WITH_DISPLAY, /* "kept-with-display": a host driver held the card's display function, so the
                                   whole card stays with the host; its override put back */
};
#define BOOT_ACTION_COUNT (BOOT_KEPT_WITH_DISPLAY + 1)

struct boot_entry {
        struct pci_addr addr;
        char held[MODEL_NAME_MAX]; /* "" when no driver held it */
        enum boot_action action;
};

struct boot_record {
        struct boot_entry *v;
        size_t n;
};

/* Where boot leaves it, below the root; /run does not outlive the boot. */
#define BOOT_RECORD_DIR "/run/vfio-binder"
#define BOOT_RECORD_PATH BOOT_RECORD_DIR "/boot-record"

/* The first line of every record. */
#define BOOT_RECORD_HEADER \
        "# vfio-binder boot record: each function boot acted on, the driver that held it then, and what boot did\n"

/* The action as the record spells it. */
const char *boot_action_word(enum boot_action a);
/* The record's text, header first, into a malloc'd NUL-terminated *out of *len bytes; 0 or -ENOMEM. */
int boot_record_format(const struct boot_record *r, char **out, size_t *len);
/*
 * Parses a record's text (len bytes, NULs included). -EINVAL with *bad_line
 * set (from 1) on a line that is not "ADDR DRIVER ACTION" (or an older
 * binder's "ADDR DRIVER"), a comment or blank, or whose action contradicts
 * its driver (handed-over never names one; left, released and
 * kept-no-vfio-pci always do); -ENOMEM.
 */
int boot_record_parse(const char *text, size_t len, struct boot_record *out, unsigned *bad_line);
/* The entry of a, or NULL. */
const struct boot_entry *boot_record_find(const struct boot_record *r, const struct pci_addr *a);
void boot_record_free(struct boot_record *r);
