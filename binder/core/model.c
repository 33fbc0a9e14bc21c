/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/model.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/items.h"

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

/* The upstream bridge of i, when it is in the model and a bridge with the given vendor ID. */
static long vendor_bridge_above(const struct model *m, size_t i, uint16_t vendor) {
        if (!m->v[i].has_parent)
                return -1;
        long b = model_find(m, &m->v[i].parent);
        if (b < 0 || !pci_func_is_bridge(&m->v[b]) || m->v[b].vendor != vendor)
                return -1;
        return b;
}

long model_switch_above(const struct model *m, size_t display) {
        const struct pci_func *d = &m->v[display];

        if (!pci_func_is_display(d) || d->is_vf)
                return -1;
        long port = vendor_bridge_above(m, display, d->vendor);
        long up = port < 0 ? -1 : vendor_bridge_above(m, (size_t)port, d->vendor);
        /* a switch's upstream port sits below a root port; a root port sits on a root bus */
        return up >= 0 && m->v[up].has_parent ? up : -1;
}

/* Whether func, not a bridge, sits behind a downstream port of the switch up other than display's. */
static bool beside(const struct model *m, long up, size_t display, size_t func) {
        const struct pci_func *f = &m->v[func];

        if (!f->has_parent || pci_func_is_bridge(f) || pci_addr_cmp(&f->parent, &m->v[display].parent) == 0)
                return false;
        long port = vendor_bridge_above(m, func, m->v[display].vendor);
        return port >= 0 && m->v[port].has_parent && pci_addr_cmp(&m->v[port].parent, &m->v[up].addr) == 0;
}

long model_card_switch(const struct model *m, size_t display) {
        long up = model_switch_above(m, display);
        bool own = false;

        for (size_t i = 0; up >= 0 && i < m->n; i++) {
                const struct pci_func *f = &m->v[i];
                if (!beside(m, up, display, i))
                        continue;
                /* another card: the board's switch, NVIDIA's NF200 with two GeForce cards */
                if (pci_func_is_display(f))
                        return -1;
                /*
                 * The one function a card puts behind another port of its own
                 * switch is its HDMI audio; a Thunderbolt enclosure's switch
                 * carries the card's vendor too, with its USB controller.
                 */
                own |= !f->unreadable && f->vendor == m->v[display].vendor &&
                       PCI_BASE_CLASS(f->class) == PCI_BASE_CLASS_MULTIMEDIA;
        }
        return own ? up : -1;
}

bool model_on_card_switch(const struct model *m, size_t display, size_t func) {
        long up = model_switch_above(m, display);

        /* where func sits first: whether the switch is the card's reads the whole model */
        return up >= 0 && beside(m, up, display, func) && model_card_switch(m, display) == up;
}

/* Appends to buf; false once it does not fit. */
__attribute__((format(printf, 4, 5))) static bool append(char *buf, size_t size, size_t *len, const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        int n = vsnprintf(buf + *len, size - *len, fmt, ap);
        va_end(ap);
        if (n < 0 || (size_t)n >= size - *len)
                return false;
        *len += (size_t)n;
        return true;
}

int model_path(const struct model *m, size_t func, char *buf, size_t size) {
        struct pci_addr hops[ITEM_MAX_HOPS];
        unsigned n = 0;
        size_t at = func, len = 0;

        if (size == 0)
                return -E2BIG;
        buf[0] = '\0';
        while (m->v[at].has_parent) {
                long up = model_find(m, &m->v[at].parent);
                if (up < 0)
                        return -ENOENT;
                if (n == ITEM_MAX_HOPS)
                        return -E2BIG;
                hops[n++] = m->v[at].addr;
                at = (size_t)up;
        }
        const struct pci_addr *root = &m->v[at].addr;
        bool fits = (!root->domain || append(buf, size, &len, "%04x:", (unsigned)root->domain)) &&
                    append(buf, size, &len, "%02x:%02x.%x", root->bus, root->dev, root->fn);
        while (fits && n > 0) {
                n--;
                fits = append(buf, size, &len, "/%02x.%x", hops[n].dev, hops[n].fn);
        }
        return fits ? 0 : -E2BIG;
}

void model_free(struct model *m) {
        free(m->v);
        *m = (struct model){ 0 };
}
