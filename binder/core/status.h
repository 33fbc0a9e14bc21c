/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"
#include "core/plan.h"

/* What status judges: each selected function's state, and the IOMMU groups of the selection. */

enum fn_state {
        FN_ON_VFIO,
        FN_HOST_WON,         /* a host driver bound although the override is set */
        FN_NOT_HANDED,       /* a host driver, no override: the binder did not act this boot */
        FN_OVERRIDE_UNBOUND, /* override set, no driver: vfio-pci missing or its probe failed */
        FN_UNBOUND,          /* neither */
};
#define FN_STATE_COUNT (FN_UNBOUND + 1)

enum fn_state fn_state(const struct pci_func *f);
/* The state as JSON gives it. */
const char *fn_state_word(enum fn_state s);
/* What to do about a function in state s; "" when nothing. */
const char *fn_state_hint(enum fn_state s);
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

/* -ENOMEM only. */
int status_judge(const struct plan *p, const struct model *m, struct status *out);
void status_free(struct status *st);
