/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/bootrecord.h"
#include "core/model.h"
#include "core/plan.h"

/* What status judges: each selected function's state, and the IOMMU groups of the selection. */

enum fn_state {
        FN_ON_VFIO,
        FN_BOUND_BEFORE,     /* a host driver held it when the binder ran, and still does */
        FN_HOST_WON,         /* a host driver although the override is set, and the binder did not run this boot */
        FN_NOT_IN_BOOT,      /* the binder ran this boot and did not hand it over */
        FN_NO_BINDER,        /* no override, and the binder did not run this boot */
        FN_NO_DRIVER,        /* override set, no driver: vfio-pci missing or its probe failed */
        FN_GIVEN_BACK,       /* handed over (or released) at boot, on a host driver or none since */
        FN_STUB,             /* pci-stub or another stub driver holds it, bound by ID on purpose */
        FN_KEPT_NO_VFIO,     /* a companion boot left on its host driver: vfio-pci could not be loaded */
        FN_CARD_WITH_HOST,   /* a host driver held the card's display function: boot left the whole card */
        FN_RECORD_UNREADABLE /* the record is there but cannot be read: nothing told from it */
};
#define FN_STATE_COUNT (FN_RECORD_UNREADABLE + 1)

/* This boot's record as status found it. */
enum record_state {
        RECORD_ABSENT,     /* none: the binder did not run this boot */
        RECORD_READ,       /* rec holds it */
        RECORD_UNREADABLE, /* there, but it cannot be read or parsed */
};
struct record_view {
        enum record_state state;
        const struct boot_record *rec; /* RECORD_READ: the record; NULL otherwise */
};

/* A selected function's state, from its driver, its override and this boot's record. */
enum fn_state fn_state(const struct pci_func *f, const struct record_view *rv);
/* The state as status prints it, the same in text and JSON. */
const char *fn_state_word(enum fn_state s);
/* What to do about function f of the card whose chosen function is card, in state s, into buf; "" when nothing. */
void fn_state_hint(enum fn_state s, const struct pci_func *f, const struct pci_func *card, char *buf, size_t size);
/* What to do about a refused unit; "" when the reason says it all. */
const char *refusal_hint(enum plan_verdict v);
/* VFIO can use a group whose every member is a bridge or on vfio-pci, pci-stub or no driver. */
bool group_viable(const struct model *m, int group);

struct status {
        unsigned on_vfio; /* selected functions on vfio-pci */
        unsigned refused; /* units refused */
        bool ok;          /* every selected function on vfio-pci, no unit refused */
        int *groups;      /* the accepted units' IOMMU groups, each once, in the order first met */
        size_t n_groups;
};

/* -ENOMEM only; rv as for fn_state(). */
int status_judge(const struct plan *p, const struct model *m, const struct record_view *rv, struct status *out);
void status_free(struct status *st);
