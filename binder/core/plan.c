/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/plan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct plan_unit *unit_new(struct plan *p, size_t *cap, size_t item, enum plan_verdict v, long chosen) {
        if (p->n_units == *cap) {
                size_t n = *cap ? *cap * 2 : 8;
                struct plan_unit *u = reallocarray(p->units, n, sizeof(*u));
                if (!u)
                        return NULL;
                p->units = u;
                *cap = n;
        }
        struct plan_unit *u = &p->units[p->n_units++];
        *u = (struct plan_unit){ .item = item, .verdict = v, .chosen = chosen, .detail = -1 };
        return u;
}

int plan_companions(const struct model *m, size_t chosen, struct plan_func out[8], size_t *n) {
        const struct pci_func *c = &m->v[chosen];

        *n = 0;
        out[(*n)++] = (struct plan_func){ .func = chosen, .role = ROLE_CHOSEN };
        /*
         * Only a card's display function brings its device along. Anything else
         * is taken as named: one port of a dual-port NIC may go to a guest while
         * the host keeps the other. A VF shares its slot with unrelated VFs and its PF.
         */
        if (c->is_vf || !pci_func_is_display(c))
                return 0;

        for (uint8_t fn = 0; fn < 8; fn++) {
                struct pci_addr a = c->addr;
                a.fn = fn;
                long i = model_find(m, &a);
                if (i < 0 || (size_t)i == chosen)
                        continue;
                const struct pci_func *f = &m->v[i];
                if (f->unreadable)
                        return (int)i + 1; /* cannot tell whether it is a companion */
                if (f->is_vf || pci_func_is_bridge(f))
                        continue;
                if (c->iommu_group >= 0 && f->iommu_group == c->iommu_group)
                        out[(*n)++] = (struct plan_func){ .func = (size_t)i, .role = ROLE_SAME_GROUP };
                else if (f->vendor == c->vendor)
                        out[(*n)++] = (struct plan_func){ .func = (size_t)i, .role = ROLE_SAME_VENDOR };
        }
        return 0;
}

bool plan_releases_at_boot(const struct plan_unit *u, size_t k, const struct model *m) {
        const struct pci_func *f = &m->v[u->funcs[k].func];
        unsigned base = PCI_BASE_CLASS(f->class);

        return u->verdict == VERDICT_BIND && u->funcs[k].role != ROLE_CHOSEN && pci_func_is_display(&m->v[u->chosen]) &&
               !f->unreadable && (base == PCI_BASE_CLASS_MULTIMEDIA || base == PCI_BASE_CLASS_SERIAL);
}

static int expand(struct plan_unit *u, const struct model *m) {
        u->funcs = calloc(8, sizeof(*u->funcs));
        if (!u->funcs)
                return -ENOMEM;
        int unreadable = plan_companions(m, (size_t)u->chosen, u->funcs, &u->n_funcs);
        if (unreadable > 0) {
                /* refuse rather than guess */
                u->verdict = VERDICT_UNREADABLE;
                u->detail = unreadable - 1;
        }
        return 0;
}

/* Follows a path item from its root bridge; on failure records where it broke. */
static long resolve_path(const struct item *it, const struct model *m, struct plan_unit *u) {
        long at = model_find(m, &it->addr);

        if (at < 0) {
                u->missing = it->addr;
                return -1;
        }
        for (unsigned h = 0; h < it->n_hops; h++) {
                long next = model_find_child(m, &m->v[at].addr, it->hops[h].dev, it->hops[h].fn);
                if (next < 0) {
                        u->missing = m->v[at].addr;
                        u->missing_hop = true;
                        u->hop = it->hops[h];
                        return -1;
                }
                at = next;
        }
        return at;
}

static int plan_explicit(struct plan *p, size_t *cap, size_t item, const struct item *it, const struct model *m,
                         bool *covered) {
        struct plan_unit *u = unit_new(p, cap, item, VERDICT_BIND, -1);
        if (!u)
                return -ENOMEM;

        long i = resolve_path(it, m, u);
        if (i < 0) {
                u->verdict = VERDICT_ABSENT;
                return 0;
        }
        u->chosen = i;
        const struct pci_func *f = &m->v[i];
        if (f->unreadable) {
                u->verdict = VERDICT_UNREADABLE;
                u->detail = i;
        } else if (it->guarded && (f->vendor != it->vendor || f->device != it->device)) {
                u->verdict = VERDICT_GUARD;
        } else if (pci_func_is_bridge(f)) {
                u->verdict = VERDICT_BRIDGE;
        } else {
                int r = expand(u, m);
                if (r < 0)
                        return r;
                for (size_t k = 0; k < u->n_funcs; k++)
                        covered[u->funcs[k].func] = true;
        }
        return 0;
}

static bool selector_matches(const struct item *it, const struct pci_func *f) {
        if (f->unreadable)
                return false;
        if (it->kind == ITEM_GPUS)
                return pci_func_is_display(f);
        return f->vendor == it->vendor && f->device == it->device;
}

static int plan_selector(struct plan *p, size_t *cap, size_t item, const struct item *it, const struct model *m,
                         bool *covered) {
        unsigned matched = 0, boot_displays = 0, bridges = 0;

        for (size_t i = 0; i < m->n; i++) {
                const struct pci_func *f = &m->v[i];
                if (!selector_matches(it, f))
                        continue;
                if (pci_func_is_bridge(f)) {
                        bridges++;
                        continue;
                }
                if (f->boot_vga) {
                        boot_displays++;
                        continue;
                }
                matched++;
                struct plan_unit *u = unit_new(p, cap, item, VERDICT_BIND, (long)i);
                if (!u || expand(u, m) < 0)
                        return -ENOMEM;
                /*
                 * Companionship is not symmetric (same group or same vendor as the
                 * chosen function), so a function an earlier unit covers may still
                 * bring companions of its own: drop the unit only if it adds nothing.
                 */
                bool adds = false;
                for (size_t k = 0; k < u->n_funcs; k++)
                        adds |= !covered[u->funcs[k].func];
                if (!adds) {
                        free(u->funcs);
                        p->n_units--;
                        continue;
                }
                for (size_t k = 0; k < u->n_funcs; k++)
                        covered[u->funcs[k].func] = true;
        }
        if (matched == 0) {
                struct plan_unit *u = unit_new(p, cap, item, VERDICT_NO_MATCH, -1);
                if (!u)
                        return -ENOMEM;
                u->boot_displays_left = boot_displays;
                u->bridges_left = bridges;
        } else if (boot_displays > 0) {
                /* tell the first unit of this item, so the log says why the console stays */
                for (size_t k = 0; k < p->n_units; k++)
                        if (p->units[k].item == item) {
                                p->units[k].boot_displays_left = boot_displays;
                                break;
                        }
        }
        return 0;
}

/* Boot display and IOMMU checks that need no knowledge of other units. */
static void check_unit(struct plan_unit *u, const struct item *it, const struct model *m) {
        bool selector = it->kind == ITEM_ID || it->kind == ITEM_GPUS;

        for (size_t k = 0; k < u->n_funcs && u->verdict == VERDICT_BIND; k++) {
                const struct pci_func *f = &m->v[u->funcs[k].func];
                if (f->boot_vga && selector) {
                        u->verdict = VERDICT_BOOT_DISPLAY;
                        u->detail = (long)u->funcs[k].func;
                } else if (f->boot_vga) {
                        u->takes_boot_display = true;
                }
        }
        for (size_t k = 0; k < u->n_funcs && u->verdict == VERDICT_BIND; k++)
                if (m->v[u->funcs[k].func].iommu_group < 0) {
                        u->verdict = VERDICT_NO_IOMMU;
                        u->detail = (long)u->funcs[k].func;
                }
}

static bool unit_has_group(const struct plan_unit *u, const struct model *m, int group) {
        for (size_t k = 0; k < u->n_funcs; k++)
                if (m->v[u->funcs[k].func].iommu_group == group)
                        return true;
        return false;
}

static void mark_selection(const struct plan *p, bool *in_sel, size_t n) {
        memset(in_sel, 0, n * sizeof(*in_sel));
        for (size_t u = 0; u < p->n_units; u++)
                if (p->units[u].verdict == VERDICT_BIND)
                        for (size_t k = 0; k < p->units[u].n_funcs; k++)
                                in_sel[p->units[u].funcs[k].func] = true;
}

/*
 * A unit stays only if every non-bridge member of its groups is selected too.
 * Refusing one unit can leave another's group short, so repeat until stable.
 */
static int check_groups(struct plan *p, const struct model *m, bool *in_sel) {
        for (bool changed = true; changed;) {
                changed = false;
                mark_selection(p, in_sel, m->n);
                for (size_t k = 0; k < p->n_units; k++) {
                        struct plan_unit *u = &p->units[k];
                        if (u->verdict != VERDICT_BIND)
                                continue;
                        size_t n = 0;
                        for (int pass = 0; pass < 2; pass++) {
                                for (size_t i = 0; i < m->n; i++) {
                                        const struct pci_func *f = &m->v[i];
                                        if (in_sel[i] || f->iommu_group < 0 || pci_func_is_bridge(f) ||
                                            !unit_has_group(u, m, f->iommu_group))
                                                continue;
                                        if (pass == 1)
                                                u->outside[u->n_outside++] = i;
                                        else
                                                n++;
                                }
                                if (n == 0)
                                        break;
                                if (pass == 0) {
                                        u->outside = calloc(n, sizeof(*u->outside));
                                        if (!u->outside)
                                                return -ENOMEM;
                                }
                        }
                        if (u->n_outside > 0) {
                                u->verdict = VERDICT_GROUP_SHARED;
                                changed = true;
                        }
                }
        }
        return 0;
}

/*
 * What sits on an accepted card's own switch (model_card_switch) and is not
 * selected: another device, so not taken along, but worth naming.
 */
static int note_card_switch(struct plan *p, const struct model *m, const bool *in_sel) {
        for (size_t k = 0; k < p->n_units; k++) {
                struct plan_unit *u = &p->units[k];
                if (u->verdict != VERDICT_BIND || model_card_switch(m, (size_t)u->chosen) < 0)
                        continue;
                for (size_t i = 0; i < m->n; i++) {
                        if (in_sel[i] || !model_on_card_switch(m, (size_t)u->chosen, i))
                                continue;
                        size_t *v = reallocarray(u->on_switch, u->n_on_switch + 1, sizeof(*v));
                        if (!v)
                                return -ENOMEM;
                        u->on_switch = v;
                        u->on_switch[u->n_on_switch++] = i;
                }
        }
        return 0;
}

int plan_build(const struct item_list *items, const struct model *m, struct plan *out) {
        size_t cap = 0;
        bool *covered = NULL, *in_sel = NULL;
        int r = -ENOMEM;

        *out = (struct plan){ 0 };
        covered = calloc(m->n + 1, sizeof(*covered));
        in_sel = calloc(m->n + 1, sizeof(*in_sel));
        if (!covered || !in_sel)
                goto fail;

        for (size_t i = 0; i < items->n; i++) {
                const struct item *it = &items->v[i];
                size_t first = out->n_units;

                if (it->kind == ITEM_ADDRESS || it->kind == ITEM_PATH)
                        r = plan_explicit(out, &cap, i, it, m, covered);
                else
                        r = plan_selector(out, &cap, i, it, m, covered);
                if (r < 0)
                        goto fail;
                for (size_t k = first; k < out->n_units; k++)
                        if (out->units[k].verdict == VERDICT_BIND)
                                check_unit(&out->units[k], it, m);
        }

        r = check_groups(out, m, in_sel);
        if (r < 0)
                goto fail;

        mark_selection(out, in_sel, m->n);
        r = note_card_switch(out, m, in_sel);
        if (r < 0)
                goto fail;
        out->bind = calloc(m->n + 1, sizeof(*out->bind));
        if (!out->bind) {
                r = -ENOMEM;
                goto fail;
        }
        for (size_t i = 0; i < m->n; i++)
                if (in_sel[i])
                        out->bind[out->n_bind++] = i;
        free(covered);
        free(in_sel);
        return 0;
fail:
        free(covered);
        free(in_sel);
        plan_free(out);
        return r;
}

void plan_free(struct plan *p) {
        for (size_t k = 0; k < p->n_units; k++) {
                free(p->units[k].funcs);
                free(p->units[k].outside);
                free(p->units[k].on_switch);
        }
        free(p->units);
        free(p->bind);
        *p = (struct plan){ 0 };
}
