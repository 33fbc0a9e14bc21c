/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/items.h"
#include "core/model.h"

enum plan_role {
        ROLE_CHOSEN,      /* named by the item, or matched by a selector */
        ROLE_SAME_GROUP,  /* companion: same device, same IOMMU group */
        ROLE_SAME_VENDOR, /* companion: same device, same vendor ID */
};
#define ROLE_COUNT (ROLE_SAME_VENDOR + 1)

struct plan_func {
        size_t func; /* index in the model */
        enum plan_role role;
};

enum plan_verdict {
        VERDICT_BIND,
        VERDICT_ABSENT,       /* the address, or a path hop, is not on this machine */
        VERDICT_GUARD,        /* the ID guard does not match the chosen function */
        VERDICT_BRIDGE,       /* bridges are never bound */
        VERDICT_UNREADABLE,   /* detail: a function whose attributes could not be read */
        VERDICT_NO_IOMMU,     /* detail: a function without an IOMMU group */
        VERDICT_GROUP_SHARED, /* outside: functions that share a group but are not selected */
        VERDICT_BOOT_DISPLAY, /* a selector's unit would take the boot display */
        VERDICT_NO_MATCH,     /* a selector matched nothing */
};
#define VERDICT_COUNT (VERDICT_NO_MATCH + 1)

/* One chosen function with its companions, and what was decided for it. */
struct plan_unit {
        size_t item; /* index in the item list */
        enum plan_verdict verdict;
        long chosen; /* model index; -1 for ABSENT and NO_MATCH */
        struct plan_func *funcs;
        size_t n_funcs;
        size_t *outside;
        size_t n_outside;
        long detail;             /* UNREADABLE, NO_IOMMU, BOOT_DISPLAY: the function concerned */
        struct pci_addr missing; /* ABSENT: the address not found, or the bridge below which... */
        bool missing_hop;        /* ...this hop was not found */
        struct item_hop hop;
        bool takes_boot_display;     /* BIND of an explicit address that includes the boot display */
        unsigned boot_displays_left; /* selectors: boot display functions passed over */
        unsigned bridges_left;       /* id: functions with the ID that are bridges, never bound */
        size_t *on_switch;           /* BIND: functions on the card's own switch the selection leaves out */
        size_t n_on_switch;
};

struct plan {
        struct plan_unit *units;
        size_t n_units;
        size_t *bind; /* model indices of every function to hand over, in address order */
        size_t n_bind;
};

/*
 * The chosen function first, then its companions: when it is a display
 * function (class 0x03xxxx) and not a VF, the other functions of the same
 * device sharing its IOMMU group or vendor ID; none otherwise. Returns 0, or
 * 1 + the index of a function in the slot that could not be read.
 */
int plan_companions(const struct model *m, size_t chosen, struct plan_func out[8], size_t *n);

/*
 * Whether boot may unbind a host driver that already holds function k of an
 * accepted unit: only a display card's audio, USB or serial bus (UCSI)
 * companion, whose driver is built into many kernels and lets go cleanly.
 * A display function or a function named on its own is left as it is.
 */
bool plan_releases_at_boot(const struct plan_unit *u, size_t k, const struct model *m);

/* Pure: decides from the items and the model alone. -ENOMEM is the only error. */
int plan_build(const struct item_list *items, const struct model *m, struct plan *out);
void plan_free(struct plan *p);
