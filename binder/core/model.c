/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/model.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int reserve(struct model *m) {
        if (m->n < m->cap)
                return 0;
        size_t cap = m->cap ? m->cap * 2 : 16;
        struct pci_func *v = reallocarray(m->v, cap, sizeof(*v));
        if (!v)
                return -ENOMEM;
        m->v = v;
        m->cap = cap;
        return 0;
}

/* First index whose address is >= addr. */
static size_t lower_bound(const struct model *m, const struct pci_addr *addr) {
        size_t lo = 0, hi = m->n;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (pci_addr_cmp(&m->v[mid].addr, addr) < 0)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo;
}

int model_add(struct model *m, const struct pci_func *f) {
        size_t at = lower_bound(m, &f->addr);

        if (at < m->n && pci_addr_cmp(&m->v[at].addr, &f->addr) == 0)
                return -EEXIST;
        if (reserve(m) < 0)
                return -ENOMEM;
        memmove(&m->v[at + 1], &m->v[at], (m->n - at) * sizeof(*m->v));
        m->v[at] = *f;
        m->n++;
        return 0;
}

int model_append(struct model *m, const struct pci_func *f) {
        if (reserve(m) < 0)
                return -ENOMEM;
        m->v[m->n++] = *f;
        return 0;
}

static int cmp_func(const void *a, const void *b) {
        return pci_addr_cmp(&((const struct pci_func *)a)->addr, &((const struct pci_func *)b)->addr);
}

void model_sort(struct model *m) {
        if (m->n > 1)
                qsort(m->v, m->n, sizeof(*m->v), cmp_func);
}

long model_find(const struct model *m, const struct pci_addr *addr) {
        size_t at = lower_bound(m, addr);

        if (at < m->n && pci_addr_cmp(&m->v[at].addr, addr) == 0)
                return (long)at;
        return -1;
}

long model_find_child(const struct model *m, const struct pci_addr *bridge, uint8_t dev, uint8_t fn) {
        for (size_t i = 0; i < m->n; i++) {
                const struct pci_func *f = &m->v[i];
                if (f->has_parent && pci_addr_cmp(&f->parent, bridge) == 0 && f->addr.dev == dev && f->addr.fn == fn)
                        return (long)i;
        }
        return -1;
}

void model_free(struct model *m) {
        free(m->v);
        *m = (struct model){ 0 };
}
