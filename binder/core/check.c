/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cmdline.h"
#include "core/words.h"

/* Findings are made for one judged selection at a time (j), or for the machine (j = -1). */
struct builder {
        struct findings *out;
        int j;
};

__attribute__((format(printf, 5, 0))) static int add_v(struct findings *f, int j, enum finding_level level,
                                                       const char *code, const char *fmt, va_list ap) {
        struct finding *v = reallocarray(f->v, f->n + 1, sizeof(*v));

        if (!v)
                return -ENOMEM;
        f->v = v;
        v[f->n] = (struct finding){ .level = level, .code = code, .judged = j };
        vsnprintf(v[f->n].text, sizeof(v[f->n].text), fmt, ap);
        f->n++;
        return 0;
}

__attribute__((format(printf, 4, 5))) static int add(struct builder *b, enum finding_level level, const char *code,
                                                     const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        int r = add_v(b->out, b->j, level, code, fmt, ap);
        va_end(ap);
        return r;
}

int findings_add(struct findings *f, enum finding_level level, const char *code, const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        int r = add_v(f, 0, level, code, fmt, ap);
        va_end(ap);
        return r;
}

/*
 * What the selection takes: the planned binds, and the units held back only
 * because the IOMMU is off, since the boot after it is turned on binds them.
 */
static bool in_selection(const struct plan *p, size_t func) {
        for (size_t k = 0; p && k < p->n_bind; k++)
                if (p->bind[k] == func)
                        return true;
        for (size_t u = 0; p && u < p->n_units; u++)
                for (size_t k = 0; p->units[u].verdict == VERDICT_NO_IOMMU && k < p->units[u].n_funcs; k++)
                        if (p->units[u].funcs[k].func == func)
                                return true;
        return false;
}

static const char *kind_of(const struct pci_func *f) {
        switch (PCI_BASE_CLASS(f->class)) {
        case 0x01:
                return "storage controller";
        case 0x02:
                return "network controller";
        case PCI_BASE_CLASS_DISPLAY:
                return "display";
        }
        return "function";
}

static int check_units(const struct selection *sel, const struct plan *p, const struct model *m, struct builder *out) {
        char why[512];
        int r = 0;

        for (size_t k = 0; p && r >= 0 && k < p->n_units; k++) {
                const struct plan_unit *u = &p->units[k];
                const struct item *it = &sel->items.v[u->item];
                if (u->verdict != VERDICT_BIND) {
                        unit_reason(u, it, m, why, sizeof(why));
                        r = add(out, FINDING_WARNING, verdict_word(u->verdict), "%s: %s", it->text, why);
                } else if (u->takes_boot_display) {
                        r = add(out, FINDING_WARNING, "boot-display",
                                "%s: takes the boot display; the host console goes dark at boot", it->text);
                }
                for (size_t s = 0; r >= 0 && s < u->n_on_switch; s++) {
                        unit_switch_note(u, it, m, s, why, sizeof(why));
                        r = add(out, FINDING_WARNING, "card-switch-function", "%s: %s", it->text, why);
                }
        }
        return r;
}

static bool takes_anything(const struct plan *p) {
        for (size_t u = 0; p && u < p->n_units; u++)
                if (p->units[u].verdict == VERDICT_NO_IOMMU)
                        return true;
        return p && p->n_bind > 0;
}

enum finding_level check_boot_level(enum host_use u) {
        switch (u) {
        case HOST_USE_VITAL_MOUNT:
        case HOST_USE_SWAP:
        case HOST_USE_ROUTE:
        case HOST_USE_BOOT_WAITS:
                return FINDING_DANGER;
        case HOST_USE_MOUNT:
        case HOST_USE_HOLDER:
        case HOST_USE_POOL:
        case HOST_USE_NOFAIL:
        case HOST_USE_OPEN:
        case HOST_USE_NET:
                break;
        }
        return FINDING_WARNING;
}

/* The use that names a function in check's findings (an index of h->devs, n_devs for none): the first at the
 * highest level. */
static size_t top_use(const struct host_facts *h, const struct pci_addr *a) {
        size_t top = h->n_devs;

        for (size_t i = 0; i < h->n_devs; i++)
                if (pci_addr_cmp(&h->devs[i].addr, a) == 0 &&
                    (top == h->n_devs || check_boot_level(h->devs[i].use) > check_boot_level(h->devs[top].use)))
                        top = i;
        return top;
}

/*
 * vfio-pci ids= binds by ID, so it also takes the identical card the selection
 * leaves to the host. When the selection takes anything, the binder loads
 * vfio-pci before udev loads the host's drivers, and ids= takes their devices
 * first: fatal for the disk of / or the uplink.
 */
static int check_ids(const struct plan *p, const struct model *m, const struct host_facts *h, struct builder *out) {
        bool early = takes_anything(p);
        char a[PCI_ADDR_STRLEN];
        int r = 0;

        for (size_t k = 0; r >= 0 && k < h->mod.n_ids; k++)
                for (size_t i = 0; r >= 0 && i < m->n; i++) {
                        const struct pci_func *f = &m->v[i];
                        const struct host_dev *need;
                        if (!modconf_id_matches(&h->mod.ids[k], f) || in_selection(p, i))
                                continue;
                        pci_addr_format(&f->addr, a);
                        size_t t = top_use(h, &f->addr);
                        need = t < h->n_devs ? &h->devs[t] : NULL;
                        if (early && need && check_boot_level(need->use) == FINDING_DANGER)
                                r = add(out, FINDING_DANGER, "ids-takes-host-device",
                                        "%s: ids= would take %s (%04x:%04x), which the host needs for %s, "
                                        "before its driver loads; remove the ids= setting and let slots choose",
                                        h->mod.ids[k].source, a, f->vendor, f->device, need->what);
                        else
                                r = add(out, FINDING_WARNING, "vfio-pci-ids",
                                        "%s: ids= also takes %s (%04x:%04x), which the selection leaves to the host; "
                                        "remove the ids= setting and let slots choose",
                                        h->mod.ids[k].source, a, f->vendor, f->device);
                }
        return r;
}

static bool listed(char (*v)[MODEL_NAME_MAX], size_t n, const char *name) {
        for (size_t i = 0; i < n; i++)
                if (name_eq(v[i], strlen(v[i]), name))
                        return true;
        return false;
}

/* A blacklisted or disabled driver leaves the host without its disk or network after the next boot. */
static int check_drivers(const struct model *m, const struct host_facts *h, struct builder *out) {
        char a[PCI_ADDR_STRLEN];
        int r = 0;

        for (size_t i = 0; r >= 0 && i < m->n; i++) {
                const struct pci_func *f = &m->v[i];
                unsigned base = PCI_BASE_CLASS(f->class);
                const char *mod = f->module[0] ? f->module : f->driver;
                if (f->unreadable || (base != 0x01 && base != 0x02) || !mod[0])
                        continue;
                pci_addr_format(&f->addr, a);
                if (listed(h->mod.blacklist, h->mod.n_blacklist, mod))
                        r = add(out, FINDING_WARNING, "blacklisted-driver",
                                "modprobe.d blacklists %s, the driver of %s (%s): udev will not load it at boot", mod,
                                a, kind_of(f));
                else if (listed(h->mod.disabled, h->mod.n_disabled, mod))
                        r = add(out, FINDING_WARNING, "disabled-driver",
                                "modprobe.d installs %s as a no-op, and it drives %s (%s): it will never load", mod, a,
                                kind_of(f));
        }
        return r;
}

static bool unit_touches_group(const struct plan_unit *u, const struct model *m, int group) {
        for (size_t k = 0; group >= 0 && k < u->n_funcs; k++)
                if (m->v[u->funcs[k].func].iommu_group == group)
                        return true;
        return false;
}

/* The item that takes func only as a companion of its display function, or NULL when an item names it. */
static const char *taken_along_by(const struct selection *sel, const struct plan *p, size_t func) {
        const char *by = NULL;

        for (size_t u = 0; u < p->n_units; u++) {
                const struct plan_unit *unit = &p->units[u];
                if (unit->verdict != VERDICT_BIND && unit->verdict != VERDICT_NO_IOMMU)
                        continue;
                if (unit->chosen == (long)func)
                        return NULL;
                for (size_t k = 1; !by && k < unit->n_funcs; k++)
                        if (unit->funcs[k].func == func)
                                by = sel->items.v[unit->item].text;
        }
        return by;
}

/* A use the next boot goes on without: a warning that says which. */
static int warn_in_use(const struct host_dev *d, const char *a, struct builder *out) {
        const char *how = d->use == HOST_USE_NOFAIL   ? "with nofail"
                          : d->use == HOST_USE_HOLDER ? "holding it now"
                          : d->use == HOST_USE_POOL   ? "imported now"
                          : d->use == HOST_USE_MOUNT  ? "mounted now"
                                                      : "in use now";

        return add(out, FINDING_WARNING, "takes-device-in-use",
                   "the selection would take %s, which the host uses for %s, %s; the next boot goes on without it: "
                   "remove it from the list, or stop using it first",
                   a, d->what, how);
}

static int check_host_devices(const struct selection *sel, const struct plan *p, const struct model *m,
                              const struct host_facts *h, struct builder *out) {
        char a[PCI_ADDR_STRLEN];
        int r = 0;

        for (size_t d = 0; p && r >= 0 && d < h->n_devs; d++) {
                if (top_use(h, &h->devs[d].addr) != d)
                        continue; /* one finding per function */
                const struct host_dev *need = &h->devs[d];
                long i = model_find(m, &need->addr);
                pci_addr_format(&need->addr, a);
                if (i >= 0 && in_selection(p, (size_t)i)) {
                        /* say what to remove: the user may never have listed a companion */
                        const char *by = taken_along_by(sel, p, (size_t)i);
                        if (check_boot_level(need->use) != FINDING_DANGER)
                                r = warn_in_use(need, a, out);
                        else if (by)
                                r = add(out, FINDING_DANGER, "takes-host-device",
                                        "the selection would take %s, which the host needs for %s, along with its "
                                        "display function: remove %s from the list",
                                        a, need->what, by);
                        else
                                r = add(out, FINDING_DANGER, "takes-host-device",
                                        "the selection would take %s, which the host needs for %s; remove it from the "
                                        "list",
                                        a, need->what);
                        continue;
                }
                for (size_t k = 0; i >= 0 && r >= 0 && k < p->n_units; k++)
                        if (unit_touches_group(&p->units[k], m, m->v[i].iommu_group))
                                r = add(out, FINDING_WARNING, "group-holds-host-device",
                                        "%s: its IOMMU group %d holds %s, which the host needs for %s: "
                                        "this card cannot be passed through from this slot",
                                        sel->items.v[p->units[k].item].text, m->v[i].iommu_group, a, need->what);
        }
        return r;
}

/* What the host runs on but could not be traced: the user must know the guard has a hole there. */
static int check_notes(const struct host_facts *h, struct builder *out) {
        int r = 0;

        for (size_t i = 0; r >= 0 && i < h->n_notes; i++)
                r = add(out, FINDING_WARNING, "untraced", "%s: %s; make sure the selection does not take it",
                        h->notes[i].what, h->notes[i].why);
        return r;
}

int check_build(const struct judged *j, size_t n, const struct model *m, const struct host_facts *h,
                struct findings *out) {
        struct builder b = { .out = out, .j = -1 };
        int r = 0;

        *out = (struct findings){ 0 };
        for (size_t k = 0; r >= 0 && k < n; k++) {
                b.j = (int)k;
                if ((r = check_units(j[k].sel, j[k].plan, m, &b)) >= 0)
                        r = check_ids(j[k].plan, m, h, &b);
        }
        b.j = -1;
        if (r >= 0 && n == 0)
                r = check_ids(NULL, m, h, &b);
        if (r >= 0)
                r = check_drivers(m, h, &b);
        for (size_t k = 0; r >= 0 && k < n; k++) {
                b.j = (int)k;
                r = check_host_devices(j[k].sel, j[k].plan, m, h, &b);
        }
        b.j = -1;
        if (r >= 0)
                r = check_notes(h, &b);
        if (r < 0)
                findings_free(out);
        return r;
}

int check_plan_errors(const struct selection *sel, const struct plan *p, const struct model *m,
                      const struct host_facts *h, struct findings *out) {
        struct builder b = { .out = out, .j = 0 };
        int r;

        *out = (struct findings){ 0 };
        if ((r = check_ids(p, m, h, &b)) < 0 || (r = check_host_devices(sel, p, m, h, &b)) < 0) {
                findings_free(out);
                return r;
        }
        /* only what check calls an error */
        size_t kept = 0;
        for (size_t i = 0; i < out->n; i++)
                if (out->v[i].level == FINDING_DANGER)
                        out->v[kept++] = out->v[i];
        out->n = kept;
        return 0;
}

int check_config_errors(const struct selection *sel, const char *conf_path, struct findings *out) {
        struct builder b = { .out = out, .j = -1 };
        char text[512];
        int r = 0;

        for (size_t k = 0; r >= 0 && k < selection_error_count(sel); k++) {
                selection_error_text(sel, conf_path, k, text, sizeof(text));
                r = add(&b, FINDING_DANGER, "invalid-configuration", "%s", text);
                if (r >= 0)
                        selection_error_where(sel, conf_path, k, &out->v[out->n - 1].where);
        }
        return r;
}

int check_level(const struct findings *f) {
        int level = 0;

        for (size_t i = 0; i < f->n; i++)
                if ((int)f->v[i].level > level)
                        level = (int)f->v[i].level;
        return level;
}

void findings_free(struct findings *f) {
        free(f->v);
        *f = (struct findings){ 0 };
}
