/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/words.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const verdict_words[] = {
        [VERDICT_BIND] = "bind",
        [VERDICT_ABSENT] = "absent",
        [VERDICT_GUARD] = "id-guard-mismatch",
        [VERDICT_BRIDGE] = "bridge",
        [VERDICT_UNREADABLE] = "unreadable",
        [VERDICT_NO_IOMMU] = "no-iommu-group",
        [VERDICT_GROUP_SHARED] = "group-not-viable",
        [VERDICT_BOOT_DISPLAY] = "boot-display",
        [VERDICT_NO_MATCH] = "no-match",
};
static_assert(ELEMENTSOF(verdict_words) == VERDICT_COUNT, "a word for every verdict");

static const char *const source_words[] = {
        [SLOTS_NONE] = "none",
        [SLOTS_CMDLINE] = "cmdline",
        [SLOTS_CONF] = "conf",
};
static_assert(ELEMENTSOF(source_words) == SLOTS_SOURCE_COUNT, "a word for every source");

static const char *const source_texts[] = {
        [SLOTS_NONE] = "nowhere",
        [SLOTS_CMDLINE] = "the kernel command line",
        [SLOTS_CONF] = "the conf file",
};
static_assert(ELEMENTSOF(source_texts) == SLOTS_SOURCE_COUNT, "a text for every source");

static const char *const role_words[] = {
        [ROLE_CHOSEN] = "chosen",
        [ROLE_SAME_GROUP] = "same-group",
        [ROLE_SAME_VENDOR] = "same-vendor",
};
static_assert(ELEMENTSOF(role_words) == ROLE_COUNT, "a word for every role");

const char *verdict_word(enum plan_verdict v) {
        assert((unsigned)v < VERDICT_COUNT);
        return verdict_words[v];
}

const char *source_word(enum slots_source s) {
        assert((unsigned)s < SLOTS_SOURCE_COUNT);
        return source_words[s];
}

const char *source_text(enum slots_source s) {
        assert((unsigned)s < SLOTS_SOURCE_COUNT);
        return source_texts[s];
}

const char *role_word(enum plan_role r) {
        assert((unsigned)r < ROLE_COUNT);
        return role_words[r];
}

/* A bounded string that says when it had to cut. */
struct text {
        char buf[1024];
        size_t len;
};

__attribute__((format(printf, 2, 3))) static void add(struct text *t, const char *fmt, ...) {
        va_list ap;

        if (t->len >= sizeof(t->buf) - 1)
                return;
        va_start(ap, fmt);
        int n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
        va_end(ap);
        if (n < 0)
                return;
        t->len += (size_t)n;
        if (t->len >= sizeof(t->buf) - 1) {
                t->len = sizeof(t->buf) - 1;
                memcpy(t->buf + t->len - 3, "...", 3);
        }
}

static const char *func_str(const struct model *m, size_t i, char buf[PCI_ADDR_STRLEN]) {
        return pci_addr_format(&m->v[i].addr, buf);
}

static void reason(struct text *t, const struct plan_unit *u, const struct item *it, const struct model *m) {
        char a[PCI_ADDR_STRLEN], b[PCI_ADDR_STRLEN];

        switch (u->verdict) {
        case VERDICT_BIND:
                break;
        case VERDICT_ABSENT:
                if (u->missing_hop)
                        add(t, "nothing at %02x.%x below %s", u->hop.dev, u->hop.fn, pci_addr_format(&u->missing, a));
                else
                        add(t, "%s is not present", pci_addr_format(&u->missing, a));
                break;
        case VERDICT_GUARD:
                assert(u->chosen >= 0);
                add(t, "%s is %04x:%04x, not %04x:%04x (ID guard)", func_str(m, (size_t)u->chosen, a),
                    m->v[u->chosen].vendor, m->v[u->chosen].device, it->vendor, it->device);
                break;
        case VERDICT_BRIDGE:
                assert(u->chosen >= 0);
                add(t, "%s is a PCI bridge (class 0x%06x); bridges are never bound", func_str(m, (size_t)u->chosen, a),
                    m->v[u->chosen].class);
                break;
        case VERDICT_UNREADABLE:
                assert(u->detail >= 0);
                add(t, "cannot read %s in sysfs", func_str(m, (size_t)u->detail, a));
                break;
        case VERDICT_NO_IOMMU:
                assert(u->detail >= 0);
                if (m->iommu_off)
                        add(t,
                            "%s has no IOMMU group: the IOMMU is off; enable VT-d or AMD-Vi in the firmware setup "
                            "and on Intel boot with intel_iommu=on",
                            func_str(m, (size_t)u->detail, a));
                else
                        add(t, "%s has no IOMMU group: the IOMMU does not cover it, so VFIO cannot use it",
                            func_str(m, (size_t)u->detail, a));
                break;
        case VERDICT_GROUP_SHARED:
                assert(u->chosen >= 0 && u->n_outside > 0);
                /* a selector's line must say which of its matches this is */
                if (it->kind == ITEM_ID || it->kind == ITEM_GPUS)
                        add(t, "%s: ", func_str(m, (size_t)u->chosen, a));
                add(t, "its IOMMU group also holds");
                for (size_t k = 0; k < u->n_outside; k++) {
                        const struct pci_func *f = &m->v[u->outside[k]];
                        add(t, "%s %s (group %d", k ? "," : "", func_str(m, u->outside[k], b), f->iommu_group);
                        if (f->unreadable)
                                add(t, ", unreadable)");
                        else if (f->driver[0])
                                add(t, ", %04x:%04x, %s)", f->vendor, f->device, f->driver);
                        else
                                add(t, ", %04x:%04x)", f->vendor, f->device);
                }
                add(t, " outside the selection; add them to the slots list to pass them through too, "
                       "or move the card to a slot with its own group");
                break;
        case VERDICT_BOOT_DISPLAY:
                assert(u->detail >= 0);
                add(t, "%s is the boot display; %s never takes it, name it by address to take it anyway",
                    func_str(m, (size_t)u->detail, a), it->kind == ITEM_GPUS ? "gpus" : "id:");
                break;
        case VERDICT_NO_MATCH:
                if (it->kind == ITEM_GPUS)
                        add(t, "no display function");
                else if (u->bridges_left)
                        add(t, "only bridges have ID %04x:%04x, and bridges are never bound", it->vendor, it->device);
                else
                        add(t, "no function has ID %04x:%04x", it->vendor, it->device);
                if (u->boot_displays_left)
                        add(t, " besides the boot display, which stays with the host");
                break;
        }
}

void unit_reason(const struct plan_unit *u, const struct item *it, const struct model *m, char *buf, size_t size) {
        struct text t = { 0 };

        reason(&t, u, it, m);
        snprintf(buf, size, "%s", t.buf);
}

static void functions(struct text *t, const struct plan_unit *u, const struct model *m) {
        char a[PCI_ADDR_STRLEN];

        for (size_t k = 0; k < u->n_funcs; k++) {
                const struct plan_func *pf = &u->funcs[k];
                const struct pci_func *f = &m->v[pf->func];
                add(t, "%s%s [%04x:%04x class %06x", k ? " " : "", func_str(m, pf->func, a), f->vendor, f->device,
                    f->class);
                if (pf->role == ROLE_SAME_GROUP)
                        add(t, ", same IOMMU group %d", f->iommu_group);
                else if (pf->role == ROLE_SAME_VENDOR)
                        add(t, ", same vendor");
                else if (f->iommu_group >= 0)
                        add(t, ", IOMMU group %d", f->iommu_group);
                add(t, "]");
        }
}

void unit_functions(const struct plan_unit *u, const struct model *m, char *buf, size_t size) {
        struct text t = { 0 };

        functions(&t, u, m);
        snprintf(buf, size, "%s", t.buf);
}

/* An address as an item: the domain only when it is not 0000. */
static void item_address(struct text *t, const struct pci_addr *a) {
        if (a->domain)
                add(t, "%04x:", a->domain);
        add(t, "%02x:%02x.%x", a->bus, a->dev, a->fn);
}

/*
 * The item that names func as it names the unit's card: a path through the
 * same switch when the item is a path (its last two hops are the card's
 * downstream port and the card), else the address; the ID guard kept.
 */
static void item_for(struct text *t, const struct plan_unit *u, const struct item *it, const struct model *m,
                     size_t func) {
        const struct pci_func *f = &m->v[func];
        long port = f->has_parent ? model_find(m, &f->parent) : -1;

        if (it->kind == ITEM_PATH && it->n_hops >= 2 && port >= 0 && u->chosen >= 0) {
                item_address(t, &it->addr);
                for (unsigned h = 0; h + 2 < it->n_hops; h++)
                        add(t, "/%02x.%x", it->hops[h].dev, it->hops[h].fn);
                add(t, "/%02x.%x/%02x.%x", m->v[port].addr.dev, m->v[port].addr.fn, f->addr.dev, f->addr.fn);
        } else {
                item_address(t, &f->addr);
        }
        if (it->guarded)
                add(t, "@%04x:%04x", f->vendor, f->device);
}

void unit_switch_note(const struct plan_unit *u, const struct item *it, const struct model *m, size_t k, char *buf,
                      size_t size) {
        char a[PCI_ADDR_STRLEN];
        struct text t = { 0 };
        size_t func = u->on_switch[k];
        const struct pci_func *f = &m->v[func];

        add(&t, "the card's own switch also holds %s (%04x:%04x", func_str(m, func, a), f->vendor, f->device);
        if (f->iommu_group >= 0)
                add(&t, ", IOMMU group %d", f->iommu_group);
        add(&t, "), another device, which is not taken along; add ");
        item_for(&t, u, it, m, func);
        add(&t, " to the list to pass it through too");
        snprintf(buf, size, "%s", t.buf);
}

size_t selection_error_count(const struct selection *sel) {
        size_t n = sel->conf_status == -EINVAL && sel->source != SLOTS_CMDLINE;

        if (sel->items_status == -EINVAL)
                n += sel->item_errors.n > ITEM_MAX_ERRORS ? ITEM_MAX_ERRORS + 1 : sel->item_errors.n;
        else if (sel->items_status == -E2BIG)
                n++;
        return n;
}

void selection_error_where(const struct selection *sel, const char *conf_path, size_t k, struct error_where *out) {
        *out = (struct error_where){ 0 };
        if (sel->conf_status == -EINVAL && sel->source != SLOTS_CMDLINE) {
                if (k == 0) {
                        *out = (struct error_where){ .file = conf_path,
                                                     .line = sel->conf_error.line,
                                                     .column = sel->conf_error.column };
                        return;
                }
                k--;
        }
        if (sel->items_status != -EINVAL || k >= ITEM_MAX_ERRORS)
                return;
        const struct item_error *ie = &sel->item_errors.v[k];
        if (sel->source == SLOTS_CONF)
                *out = (struct error_where){ .file = conf_path,
                                             .line = sel->conf_line,
                                             .column = sel->conf_column + ie->column - 1 };
        else
                out->column = ie->column;
}

void selection_error_text(const struct selection *sel, const char *conf_path, size_t k, char *buf, size_t size) {
        buf[0] = '\0';
        if (sel->conf_status == -EINVAL && sel->source != SLOTS_CMDLINE) {
                if (k == 0) {
                        /* line 0: the file as a whole could not be read */
                        if (sel->conf_error.line == 0)
                                snprintf(buf, size, "%s: %s", conf_path, sel->conf_error.what);
                        else
                                snprintf(buf, size, "%s:%u:%u: %s", conf_path, sel->conf_error.line,
                                         sel->conf_error.column, sel->conf_error.what);
                        return;
                }
                k--;
        }
        if (sel->items_status == -E2BIG) {
                snprintf(buf, size, "the slots list has more than %d items", ITEM_MAX_COUNT);
                return;
        }
        if (k >= ITEM_MAX_ERRORS) {
                snprintf(buf, size, "%zu more bad items", sel->item_errors.n - ITEM_MAX_ERRORS);
                return;
        }
        const struct item_error *ie = &sel->item_errors.v[k];
        int len = (int)(ie->len > 64 ? 64 : ie->len);
        if (sel->source == SLOTS_CONF)
                snprintf(buf, size, "%s:%u:%u: slots item %u \"%.*s\": %s", conf_path, sel->conf_line,
                         sel->conf_column + ie->column - 1, ie->index, len, sel->slots + ie->start, ie->what);
        else
                snprintf(buf, size, "vfio.slots= item %u \"%.*s\" at column %u: %s", ie->index, len,
                         sel->slots + ie->start, ie->column, ie->what);
}
