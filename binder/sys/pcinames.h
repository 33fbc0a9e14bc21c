/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "core/model.h"

/* pci.ids lines are at most a few hundred bytes; libpci cuts longer names with "..." */
#define PCI_NAME_MAX 256

/*
 * Names of PCI IDs through libpci (pciutils, the library behind lspci), from
 * the system's PCI ID database: below a root only ROOT's ID file (the path
 * libpci was built with, ROOT/usr/share/misc/pci.ids), never the running
 * system's udev hwdb or /sys; without one, what lspci reads (hwdb, then the
 * ID file). Only the host tool links libpci.
 */
struct pci_names {
        /* as lspci -nn words them; the numbers stand in for what the database lacks */
        char class_text[PCI_NAME_MAX];  /* "VGA compatible controller", "Class 0380" */
        char device_text[PCI_NAME_MAX]; /* "NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204]", "Device
                                           [1234:1111]" */
        /* the database's names alone, "" when it has none */
        char vendor[PCI_NAME_MAX];
        char device[PCI_NAME_MAX];
        char class_name[PCI_NAME_MAX];
};

struct pcinames;

/*
 * "" for the running system. A missing ID file gives numbers; one that cannot
 * be parsed too, with a warning. -ENOMEM only.
 */
int pcinames_open(const char *root, struct pcinames **out);
/* The names of f's IDs and class; an unreadable function has numbers only. -ENOMEM only. */
int pcinames_lookup(struct pcinames *n, const struct pci_func *f, struct pci_names *out);
void pcinames_close(struct pcinames *n);
