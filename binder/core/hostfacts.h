/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#include "core/modconf.h"
#include "core/pci.h"

/* What the host uses a PCI function for; core/check.c's two policies (next boot, now) read it. */
enum host_use {
        HOST_USE_VITAL_MOUNT, /* mounted now at /, /usr, /boot, /efi or /boot/efi */
        HOST_USE_MOUNT,       /* another file system mounted now */
        HOST_USE_SWAP,        /* active swap: a device, or the file system of a swap file */
        HOST_USE_HOLDER,      /* held now by a stacked device: md, dm (LVM, dm-crypt, multipath), bcache */
        HOST_USE_POOL,        /* a member of an imported ZFS pool */
        HOST_USE_ROUTE,       /* the NIC of a default route */
        HOST_USE_BOOT_WAITS,  /* the next boot waits for it: /etc/fstab without noauto or nofail, resume= */
        HOST_USE_NOFAIL,      /* an /etc/fstab entry with nofail: the next boot goes on without it */
        HOST_USE_OPEN,        /* a device node of it a process holds open (bind only reads these) */
        HOST_USE_NET,         /* its interface up with an address, or enslaved (bind only reads these) */
};

/* One use of a PCI function by the host. */
struct host_dev {
        struct pci_addr addr;
        enum host_use use;
        /* "/home", "swap", "md0", "rpool", "default route", "/boot in /etc/fstab",
           "/dev/dri/card0 open by PID 812 (qemu-system-x86)", "eth1 enslaved to bond0" */
        char where[160];
        char name[64];  /* what on the function it uses: "nvme0n1p2", "eno1" */
        char what[240]; /* "WHERE (NAME)": "/ (nvme0n1p2)", "default route (eno1)" */
};

/* Something the host runs on that could not be traced to a PCI function: worth a warning, never silence. */
struct host_note {
        char what[128]; /* "/boot in /etc/fstab (UUID=...)" */
        char why[256];
};

struct host_facts {
        struct host_dev *devs; /* in the order traced: the most vital first */
        size_t n_devs;
        struct host_note *notes;
        size_t n_notes;
        struct modconf mod; /* modprobe.d, plus vfio-pci.ids= from the command line */
};

/* Records that the host uses the function at a for use, where, through name; the same use twice is kept once. */
int host_add_dev(struct host_facts *h, const struct pci_addr *a, enum host_use use, const char *where,
                 const char *name);
/* Records what could not be traced and why; -ENOMEM only. */
int host_add_note(struct host_facts *h, const char *what, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void host_facts_free(struct host_facts *h);
