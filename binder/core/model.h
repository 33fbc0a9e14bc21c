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
/*
 * The switch a display function sits behind when its upstream bridge and that
 * bridge's upstream bridge, itself below a root port, carry the display's
 * vendor ID: its upstream port, or -1 (also when a part of it is not in the
 * model). Only a candidate for model_card_switch: boards and Thunderbolt
 * enclosures have switches of a card's vendor too.
 */
long model_switch_above(const struct model *m, size_t display);
/*
 * The card's own PCIe switch, as on Intel Arc (the GPU behind one downstream
 * port, its HDMI audio behind another): model_switch_above, when behind its
 * other downstream ports sits no display function (a board's switch with
 * another card) and the display vendor's audio does (not only an enclosure's
 * USB controller). Returns the switch's upstream port, or -1.
 */
long model_card_switch(const struct model *m, size_t display);
/* Whether func sits on display's own switch, behind another downstream port: another device, not a companion. */
bool model_on_card_switch(const struct model *m, size_t display, size_t func);
/*
 * The path item that names func wherever its bus number moves (the kernel's
 * path form, as vfio.slots= takes it): the function on a root bus above it,
 * then the device.function of each hop down; a function on a root bus is its
 * own address. The domain only when it is not 0000. -ENOENT when a bridge on
 * the way is not in the model, -E2BIG past the item grammar's hops or when
 * buf is too short.
 */
int model_path(const struct model *m, size_t func, char *buf, size_t size);
void model_free(struct model *m);
