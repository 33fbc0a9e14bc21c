/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The selection rules as properties of any plan, shared by the unit tests
 * (tests/unit/test-plan.c) and the plan fuzzer (tests/fuzz/fuzz-plan.c).
 */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "core/items.h"
#include "core/model.h"
#include "core/plan.h"

static inline bool plan_binds(const struct plan *p, size_t func) {
        for (size_t k = 0; k < p->n_bind; k++)
                if (p->bind[k] == func)
                        return true;
        return false;
}

static inline bool plan_accepts(const struct plan *p, size_t func) {
        for (size_t u = 0; u < p->n_units; u++)
                for (size_t k = 0; p->units[u].verdict == VERDICT_BIND && k < p->units[u].n_funcs; k++)
                        if (p->units[u].funcs[k].func == func)
                                return true;
        return false;
}

/* NULL when every rule holds, else which one broke (in why). */
static inline const char *plan_broken_invariant(const struct item_list *items, const struct model *m,
                                                const struct plan *p, char *why, size_t size) {
        for (size_t k = 0; k < p->n_bind; k++) {
                size_t i = p->bind[k];
                if (i >= m->n)
                        return snprintf(why, size, "bind[%zu] = %zu is not in the model", k, i), why;
                const struct pci_func *f = &m->v[i];
                if (k > 0 && pci_addr_cmp(&m->v[p->bind[k - 1]].addr, &f->addr) >= 0)
                        return snprintf(why, size, "bind list not strictly in address order at %zu", k), why;
                if (pci_func_is_bridge(f) || f->unreadable || f->iommu_group < 0)
                        return snprintf(why, size, "bind[%zu] is a bridge, unreadable or without a group", k), why;
                if (!plan_accepts(p, i))
                        return snprintf(why, size, "bind[%zu] belongs to no accepted unit", k), why;
        }
        for (size_t u = 0; u < p->n_units; u++) {
                const struct plan_unit *unit = &p->units[u];
                if (unit->item >= items->n)
                        return snprintf(why, size, "unit %zu names item %zu of %zu", u + 1, unit->item, items->n), why;
                /* the report reads units in item order */
                if (u > 0 && p->units[u - 1].item > unit->item)
                        return snprintf(why, size, "unit %zu is out of item order", u + 1), why;
                const struct item *it = &items->v[unit->item];
                bool selector = it->kind == ITEM_ID || it->kind == ITEM_GPUS;
                /* rule 3: only a display function that is not a VF brings companions, and only of its device */
                if (unit->chosen >= (long)m->n)
                        return snprintf(why, size, "unit %zu chooses %ld of %zu", u + 1, unit->chosen, m->n), why;
                if (unit->chosen >= 0 && unit->n_funcs > 1) {
                        const struct pci_func *c = &m->v[unit->chosen];
                        if (!pci_func_is_display(c) || c->is_vf)
                                return snprintf(why, size, "unit %zu: a function that is not a display has companions",
                                                u + 1),
                                       why;
                        for (size_t j = 1; j < unit->n_funcs; j++) {
                                const struct pci_addr *a = &m->v[unit->funcs[j].func].addr;
                                if (a->domain != c->addr.domain || a->bus != c->addr.bus || a->dev != c->addr.dev)
                                        return snprintf(why, size, "unit %zu: a companion on another device", u + 1),
                                               why;
                        }
                }
                /* what the card's own switch holds besides the card is named, never taken */
                for (size_t j = 0; j < unit->n_on_switch; j++) {
                        size_t f = unit->on_switch[j];
                        if (unit->verdict != VERDICT_BIND || unit->chosen < 0 || f >= m->n || plan_binds(p, f) ||
                            !model_on_card_switch(m, (size_t)unit->chosen, f))
                                return snprintf(why, size, "unit %zu: on_switch[%zu] is not a left-out function", u + 1,
                                                j),
                                       why;
                }
                if (unit->verdict != VERDICT_BIND)
                        continue;
                for (size_t j = 0; j < unit->n_funcs; j++) {
                        const struct pci_func *f = &m->v[unit->funcs[j].func];
                        if (!plan_binds(p, unit->funcs[j].func))
                                return snprintf(why, size, "unit %zu accepted but function %zu not bound", u + 1, j),
                                       why;
                        if (selector && f->boot_vga)
                                return snprintf(why, size, "unit %zu: a selector took the boot display", u + 1), why;
                        /* every non-bridge function of the unit's groups is selected */
                        for (size_t i = 0; i < m->n; i++)
                                if (m->v[i].iommu_group == f->iommu_group && !pci_func_is_bridge(&m->v[i]) &&
                                    !plan_binds(p, i))
                                        return snprintf(why, size, "unit %zu: group %d holds function %zu outside",
                                                        u + 1, f->iommu_group, i),
                                               why;
                }
        }
        return NULL;
}
