/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * list: every display device, named as lspci names it, with its path item and
 * physical slot; below it the functions a selection of it takes along, the
 * rest of its IOMMU group and what else sits on the card's own switch; then,
 * for identical cards, the item that names each.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/run.h"
#include "core/words.h"
#include "report/json.h"
#include "sys/pcinames.h"

/* An item as list suggests it: the path form (else the address) with its ID guard. */
#define ITEM_MAX (ITEM_TEXT_MAX + 16)

struct listing {
        const struct model *m;
        struct pcinames *names;
        const struct pci_slots *slots;
        const char *conf; /* where the slots line goes, as the user knows the file */
        bool json;
        bool first;
        struct pci_names n; /* the last function's names */
};

/* What a function is to the display it is listed under. */
enum kind {
        KIND_DISPLAY,
        KIND_COMPANION,
        KIND_MEMBER,    /* the rest of its IOMMU group */
        KIND_ON_SWITCH, /* another device on the card's own switch */
};

static void item_of(const struct model *m, size_t i, char buf[ITEM_MAX]) {
        const struct pci_func *f = &m->v[i];
        char path[ITEM_TEXT_MAX];

        if (model_path(m, i, path, sizeof(path)) < 0) {
                char a[PCI_ADDR_STRLEN];
                pci_addr_format(&f->addr, a);
                snprintf(path, sizeof(path), "%s", f->addr.domain ? a : a + 5);
        }
        snprintf(buf, ITEM_MAX, "%s@%04x:%04x", path, f->vendor, f->device);
}

/* A card on its own switch sits in the slot of the switch's upstream port. */
static const char *slot_of(const struct listing *l, size_t d) {
        const char *slot = pci_slot_of(l->slots, &l->m->v[d].addr);
        long up = slot ? -1 : model_card_switch(l->m, d);

        return up >= 0 ? pci_slot_of(l->slots, &l->m->v[up].addr) : slot;
}

static int names_of(struct listing *l, size_t i) {
        return pcinames_lookup(l->names, &l->m->v[i], &l->n);
}

static void text_facts(const struct listing *l, size_t i, enum kind kind) {
        const struct pci_func *f = &l->m->v[i];
        char path[ITEM_MAX];

        if ((kind == KIND_DISPLAY || kind == KIND_ON_SWITCH) && model_path(l->m, i, path, sizeof(path)) == 0)
                printf(", path %s", path);
        const char *slot = kind == KIND_DISPLAY ? slot_of(l, i) : NULL;
        if (slot)
                printf(", physical slot %s", slot);
        if (f->iommu_group >= 0)
                printf(", IOMMU group %d", f->iommu_group);
        else
                fputs(", no IOMMU group", stdout);
        if (f->driver[0])
                printf(", driver %s", f->driver);
        else
                fputs(", no driver", stdout);
        if (f->override[0])
                printf(", override %s", f->override);
        else
                fputs(", no override", stdout);
        if (f->boot_vga)
                fputs(", boot display", stdout);
        if (f->is_vf)
                fputs(", SR-IOV virtual function", stdout);
}

/* One function on one line: "ADDR CLASS: VENDOR DEVICE [VVVV:DDDD], facts[: what it is to the display above]". */
static void text_line(const struct listing *l, size_t i, enum kind kind, const char *role) {
        const struct pci_func *f = &l->m->v[i];
        char a[PCI_ADDR_STRLEN];

        pci_addr_format(&f->addr, a);
        fputs(kind == KIND_DISPLAY ? "" : "  ", stdout);
        if (f->unreadable) {
                printf("%s cannot be read in sysfs%s%s\n", a, role ? ": " : "", role ? role : "");
                return;
        }
        printf("%s %s: %s", a, l->n.class_text, l->n.device_text);
        text_facts(l, i, kind);
        if (role)
                printf(": %s", role);
        putchar('\n');
}

static void json_names(const struct pci_names *n) {
        fputs(",\"vendor_name\":", stdout);
        json_str_or_null(stdout, n->vendor);
        fputs(",\"device_name\":", stdout);
        json_str_or_null(stdout, n->device);
        fputs(",\"class_name\":", stdout);
        json_str_or_null(stdout, n->class_name);
}

/* A function below the display: the shared fields and its names, then what list adds. */
static int json_func(struct listing *l, size_t i, enum kind kind, const char *companion) {
        int r = names_of(l, i);

        if (r < 0)
                return r;
        fputs(l->first ? "{" : ",{", stdout);
        l->first = false;
        json_pci_func(stdout, &l->m->v[i]);
        json_names(&l->n);
        if (kind == KIND_COMPANION)
                printf(",\"companion\":\"%s\"", companion);
        if (kind == KIND_ON_SWITCH) {
                char item[ITEM_MAX];
                item_of(l->m, i, item);
                fputs(",\"item\":", stdout);
                json_str(stdout, item);
        }
        putchar('}');
        return 0;
}

static bool in_unit(const struct plan_func *unit, size_t n, size_t i) {
        for (size_t k = 0; k < n; k++)
                if (unit[k].func == i)
                        return true;
        return false;
}

static const char *companion_text(enum plan_role role) {
        return role == ROLE_SAME_GROUP ? "goes with it (same IOMMU group)" : "goes with it (same device and vendor)";
}

static const char *member_text(const struct pci_func *f) {
        if (pci_func_is_bridge(f))
                return "shares its IOMMU group; a bridge, never bound, no obstacle";
        return "shares its IOMMU group: list it too, or a selection of the card is refused";
}

/* The rest of the display's IOMMU group, as text lines or JSON objects. */
static int members(struct listing *l, size_t d, const struct plan_func *unit, size_t n) {
        const struct model *m = l->m;
        int g = m->v[d].iommu_group;

        for (size_t k = 0; g >= 0 && k < m->n; k++) {
                if (m->v[k].iommu_group != g || in_unit(unit, n, k))
                        continue;
                int r = l->json ? json_func(l, k, KIND_MEMBER, NULL) : names_of(l, k);
                if (r < 0)
                        return r;
                if (!l->json)
                        text_line(l, k, KIND_MEMBER, member_text(&m->v[k]));
        }
        return 0;
}

static int on_switch(struct listing *l, size_t d) {
        char item[ITEM_MAX], role[ITEM_MAX + 96];

        for (size_t k = 0; k < l->m->n; k++) {
                if (!model_on_card_switch(l->m, d, k))
                        continue;
                int r = l->json ? json_func(l, k, KIND_ON_SWITCH, NULL) : names_of(l, k);
                if (r < 0)
                        return r;
                if (l->json)
                        continue;
                item_of(l->m, k, item);
                snprintf(role, sizeof(role),
                         "on the card's own switch, another device, not taken along: add %s to pass it through too",
                         item);
                text_line(l, k, KIND_ON_SWITCH, role);
        }
        return 0;
}

/* The other cards listed with the same vendor:device ID, as a JSON array. */
static void json_same_id(const struct model *m, size_t d, const bool *listed) {
        char a[PCI_ADDR_STRLEN];
        bool first = true;

        fputs(",\"same_id\":[", stdout);
        /* a VF shares its PF's ID and is no second card */
        for (size_t k = 0; listed[d] && k < m->n; k++)
                if (listed[k] && k != d && m->v[k].vendor == m->v[d].vendor && m->v[k].device == m->v[d].device) {
                        printf("%s\"%s\"", first ? "" : ",", pci_addr_format(&m->v[k].addr, a));
                        first = false;
                }
        putchar(']');
}

/* One display device: the function, its companions, the rest of its group, what is on its switch. */
static int display(struct listing *l, size_t d, const struct plan_func *unit, size_t n, const bool *listed) {
        const struct model *m = l->m;
        int r = names_of(l, d);

        if (r < 0)
                return r;
        if (l->json) {
                char path[ITEM_MAX], item[ITEM_MAX];
                putchar('{');
                json_pci_func(stdout, &m->v[d]);
                json_names(&l->n);
                fputs(",\"path\":", stdout);
                json_str_or_null(stdout, model_path(m, d, path, sizeof(path)) == 0 ? path : NULL);
                fputs(",\"physical_slot\":", stdout);
                json_str_or_null(stdout, slot_of(l, d));
                item_of(m, d, item);
                fputs(",\"item\":", stdout);
                json_str(stdout, item);
                json_same_id(m, d, listed);
                fputs(",\"companions\":[", stdout);
        } else {
                text_line(l, d, KIND_DISPLAY, NULL);
        }
        l->first = true;
        for (size_t k = 1; k < n; k++) {
                r = l->json ? json_func(l, unit[k].func, KIND_COMPANION, role_word(unit[k].role))
                            : names_of(l, unit[k].func);
                if (r < 0)
                        return r;
                if (!l->json)
                        text_line(l, unit[k].func, KIND_COMPANION, companion_text(unit[k].role));
        }
        if (l->json)
                fputs("],\"group_members\":[", stdout);
        l->first = true;
        if ((r = members(l, d, unit, n)) < 0)
                return r;
        if (l->json)
                fputs("],\"on_card_switch\":[", stdout);
        l->first = true;
        if ((r = on_switch(l, d)) < 0)
                return r;
        if (l->json)
                fputs("]}", stdout);
        return 0;
}

/* Identical cards: bus numbers can move between them, so each gets the item that names it by where it sits. */
static void identical(const struct listing *l, const bool *listed) {
        const struct model *m = l->m;
        char a[PCI_ADDR_STRLEN], item[ITEM_MAX];

        for (size_t i = 0; i < m->n; i++) {
                size_t twins = 0;
                bool first = true;
                for (size_t k = 0; listed[i] && k < m->n; k++)
                        if (listed[k] && m->v[k].vendor == m->v[i].vendor && m->v[k].device == m->v[i].device) {
                                first &= k >= i;
                                twins++;
                        }
                /* once per ID, at its first card */
                if (!first || twins < 2)
                        continue;
                printf("%zu identical cards, %04x:%04x: bus numbers can move, so name the guest's card by its path "
                       "with the ID guard; in %s, one of:\n",
                       twins, m->v[i].vendor, m->v[i].device, l->conf);
                for (size_t k = i; k < m->n; k++) {
                        if (!listed[k] || m->v[k].vendor != m->v[i].vendor || m->v[k].device != m->v[i].device)
                                continue;
                        item_of(m, k, item);
                        const char *slot = slot_of(l, k);
                        printf("  slots = %s  # %s", item, pci_addr_format(&m->v[k].addr, a));
                        if (slot)
                                printf(", physical slot %s", slot);
                        putchar('\n');
                }
        }
}

static int list_displays(struct listing *l) {
        const struct model *m = l->m;
        bool *shown = calloc(m->n + 1, sizeof(*shown)), *listed = calloc(m->n + 1, sizeof(*listed));
        struct plan_func unit[8];
        size_t n, count = 0;
        int r = 0;

        if (!shown || !listed) {
                free(shown);
                free(listed);
                return -ENOMEM;
        }
        /* the displays with rows of their own: what the companions of an earlier one do not cover */
        for (size_t i = 0; i < m->n; i++) {
                if (!pci_func_is_display(&m->v[i]) || shown[i])
                        continue;
                (void)plan_companions(m, i, unit, &n);
                for (size_t k = 0; k < n; k++)
                        shown[unit[k].func] = true;
                listed[i] = !m->v[i].is_vf;
                count++;
        }
        if (l->json)
                fputs("{\"displays\":[", stdout);
        else if (count == 0)
                puts("no display device (PCI class 03) on this machine");
        else
                puts("display devices; indented below each: what a selection of it takes along, the rest of its "
                     "IOMMU group, other devices on its own switch");
        if (!l->json && count > 0 && m->iommu_off)
                puts("the IOMMU is off: no function has an IOMMU group and nothing can be passed through; enable VT-d "
                     "or AMD-Vi in the firmware setup and on Intel boot with intel_iommu=on");
        memset(shown, 0, (m->n + 1) * sizeof(*shown));
        bool first = true;
        for (size_t i = 0; r >= 0 && i < m->n; i++) {
                if (!pci_func_is_display(&m->v[i]) || shown[i])
                        continue;
                (void)plan_companions(m, i, unit, &n);
                for (size_t k = 0; k < n; k++)
                        shown[unit[k].func] = true;
                if (l->json && !first)
                        putchar(',');
                first = false;
                r = display(l, i, unit, n, listed);
        }
        if (r >= 0 && l->json)
                fputs("]}\n", stdout);
        else if (r >= 0)
                identical(l, listed);
        free(shown);
        free(listed);
        return r;
}

int cmd_list(const struct options *o) {
        struct sysfs s;
        struct model m = { 0 };
        struct pci_slots slots = { 0 };
        struct listing l = { .m = &m, .slots = &slots, .json = o->json };
        int ret = EXIT_OK;

        /* the conf file as the user knows it, without the root the tool reads it under */
        l.conf = o->conf ? o->conf : "/etc/vfio-binder.conf";
        if (run_open_sysfs(o, &s) < 0)
                return EXIT_FAILURE_RUN;
        int r = sysfs_load_all(&s, &m);
        if (r >= 0)
                r = sysfs_read_slots(&s, &slots);
        if (r < 0)
                ret = run_failed("cannot read the PCI devices", r);
        else if ((r = pcinames_open(o->root, &l.names)) < 0 || (r = list_displays(&l)) < 0)
                ret = run_failed("list", r);
        pcinames_close(l.names);
        pci_slots_free(&slots);
        model_free(&m);
        sysfs_close(&s);
        return run_flush(ret);
}
