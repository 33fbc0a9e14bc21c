/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#include "core/modconf.h"
#include "core/pci.h"

/* PCI devices the running host cannot lose: what holds /, /boot, swap, and the default route. */
struct host_dev {
        struct pci_addr addr;
        char what[96]; /* "/ (nvme0n1p2)", "default route (eno1)" */
};

/* Something the host runs on that could not be traced to a PCI function: worth a warning, never silence. */
struct host_note {
        char what[128]; /* "/boot in /etc/fstab (UUID=...)" */
        char why[256];
};

struct host_facts {
        struct host_dev *devs;
        size_t n_devs;
        struct host_note *notes;
        size_t n_notes;
        struct modconf mod; /* modprobe.d, plus vfio-pci.ids= from the command line */
};

/* Records that the host needs the function at a for what (name); the first need of an address stays. */
int host_add_dev(struct host_facts *h, const struct pci_addr *a, const char *what, const char *name);
/* Records what could not be traced and why; -ENOMEM only. */
int host_add_note(struct host_facts *h, const char *what, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The host's need for the function at a, or NULL. */
const struct host_dev *host_find(const struct host_facts *h, const struct pci_addr *a);
void host_facts_free(struct host_facts *h);
