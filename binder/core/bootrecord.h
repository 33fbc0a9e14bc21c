/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#include "core/model.h"
#include "core/pci.h"

/*
 * The boot record: what boot leaves in /run for status. That it exists says
 * the binder ran this boot; each line is a function it handed over, with the
 * driver that already held it when the override was written ("-": none).
 *
 *     # vfio-binder boot record: ...
 *     0000:02:00.0 -
 *     0000:02:00.2 xhci_hcd
 */
struct boot_entry {
        struct pci_addr addr;
        char held[MODEL_NAME_MAX]; /* "" when no driver held it */
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
        "# vfio-binder boot record: each function handed over at boot, and the driver that held it then\n"

/* The record's text, header first, into a malloc'd NUL-terminated *out of *len bytes; 0 or -ENOMEM. */
int boot_record_format(const struct boot_record *r, char **out, size_t *len);
/*
 * Parses a record's text (len bytes, NULs included). -EINVAL with *bad_line
 * set (from 1) on a line that is not "ADDR DRIVER", a comment or blank; -ENOMEM.
 */
int boot_record_parse(const char *text, size_t len, struct boot_record *out, unsigned *bad_line);
/* The entry of a, or NULL. */
const struct boot_entry *boot_record_find(const struct boot_record *r, const struct pci_addr *a);
void boot_record_free(struct boot_record *r);
