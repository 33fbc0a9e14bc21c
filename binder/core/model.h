/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/pci.h"

#define MODEL_NAME_MAX 64

/* What the planner knows of one PCI function. */
struct pci_func {
        struct pci_addr addr;
        struct pci_addr parent; /* the upstream bridge, when has_parent */
        bool has_parent;
        bool unreadable; /* present, but its attributes could not be read */
        bool boot_vga;
        bool is_vf; /* an SR-IOV virtual function */
        uint16_t vendor;
        uint16_t device;
        uint32_t class;
        int iommu_group;               /* -1: none */
        char driver[MODEL_NAME_MAX];   /* "" when unbound */
        char module[MODEL_NAME_MAX];   /* the driver's module, "" when built in or unbound */
        char override[MODEL_NAME_MAX]; /* driver_override, "" when unset */
};

/* Functions sorted by address. */
struct model {
        struct pci_func *v;
        size_t n;
        size_t cap;
        bool iommu_off; /* no IOMMU groups at all: say so rather than blame a device */
};

static inline bool pci_func_is_bridge(const struct pci_func *f) {
        return !f->unreadable && PCI_BASE_CLASS(f->class) == PCI_BASE_CLASS_BRIDGE;
}

static inline bool pci_func_is_display(const struct pci_func *f) {
        return !f->unreadable && PCI_BASE_CLASS(f->class) == PCI_BASE_CLASS_DISPLAY;
}

/* Inserts in order; -EEXIST when the address is already there. */
int model_add(struct model *m, const struct pci_func *f);
/* Appends without ordering, for bulk loads; model_sort() before any lookup. */
int model_append(struct model *m, const struct pci_func *f);
void model_sort(struct model *m);
/* Index of addr, or -1. */
long model_find(const struct model *m, const struct pci_addr *addr);
/* Index of the function dev.fn directly below bridge, or -1. */
long model_find_child(const struct model *m, const struct pci_addr *bridge, uint8_t dev, uint8_t fn);
void model_free(struct model *m);
