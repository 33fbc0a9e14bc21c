/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#include "modconf.h"
#include "pci.h"

/* PCI devices the running host cannot lose: what holds /, /boot, swap, and the default route. */
struct host_dev {
        struct pci_addr addr;
        char what[96]; /* "/ (nvme0n1p2)", "default route (eno1)" */
};

struct host_facts {
        struct host_dev *devs;
        size_t n_devs;
        struct modconf mod; /* modprobe.d, plus vfio-pci.ids= from the command line */
};

/*
 * Reads ROOT/proc/self/mountinfo, ROOT/proc/swaps, ROOT/proc/net/route and
 * ipv6_route, ROOT/sys/dev/block and ROOT/sys/class/{block,net}, and the
 * modprobe.d directories. What cannot be read is left out. -ENOMEM only.
 */
int host_read(const char *root, const char *cmdline, struct host_facts *h);
void host_free(struct host_facts *h);
/* The host's need for the function at A (one entry per address), or NULL. */
const struct host_dev *host_find(const struct host_facts *h, const struct pci_addr *a);
