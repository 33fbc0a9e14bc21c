/* SPDX-License-Identifier: GPL-2.0-or-later */
/* list: every display device with its companions, the rest of its IOMMU group, drivers and IDs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/run.h"
#include "core/words.h"
#include "report/json.h"

static void func_text(const struct pci_func *f, const char *indent, const char *role) {
        char a[PCI_ADDR_STRLEN];

        pci_addr_format(&f->addr, a);
        if (f->unreadable) {
                printf("%s%s unreadable\n", indent, a);
                return;
        }
        printf("%s%s %04x:%04x class %06x", indent, a, f->vendor, f->device, f->class);
        if (f->iommu_group >= 0)
                printf(" group %d", f->iommu_group);
        else
                fputs(" no IOMMU group", stdout);
        printf(" driver %s override %s%s%s%s\n", f->driver[0] ? f->driver : "-", f->override[0] ? f->override : "-",
               f->boot_vga ? " boot-display" : "", *role ? " " : "", role);
}

static void func_json(const struct pci_func *f, const char *role) {
        putchar('{');
        json_pci_func(stdout, f);
        if (role)
                printf(",\"companion\":\"%s\"", role);
        putchar('}');
}

static bool in_unit(const struct plan_func *unit, size_t n, size_t i) {
        for (size_t k = 0; k < n; k++)
                if (unit[k].func == i)
                        return true;
        return false;
}

/* One display device: the function, its companions, the other members of its group. */
static void print_display(const struct model *m, size_t i, const struct plan_func *unit, size_t n, bool json) {
        if (json) {
                putchar('{');
                json_pci_func(stdout, &m->v[i]);
                fputs(",\"companions\":[", stdout);
        } else {
                func_text(&m->v[i], "", "");
        }
        for (size_t k = 1; k < n; k++) {
                const char *role = role_word(unit[k].role);
                if (json) {
                        if (k > 1)
                                putchar(',');
                        func_json(&m->v[unit[k].func], role);
                } else {
                        func_text(&m->v[unit[k].func], "  ", role);
                }
        }
        if (json)
                fputs("],\"group_members\":[", stdout);
        bool first = true;
        int g = m->v[i].iommu_group;
        for (size_t k = 0; g >= 0 && k < m->n; k++) {
                if (m->v[k].iommu_group != g || in_unit(unit, n, k))
                        continue;
                if (json) {
                        if (!first)
                                putchar(',');
                        func_json(&m->v[k], NULL);
                } else {
                        func_text(&m->v[k], "  group member ", "");
                }
                first = false;
        }
        if (json)
                fputs("]}", stdout);
}

static int list_displays(const struct model *m, bool json) {
        bool *shown = calloc(m->n + 1, sizeof(*shown));
        bool first = true;

        if (!shown)
                return -ENOMEM;
        if (json)
                fputs("{\"displays\":[", stdout);
        for (size_t i = 0; i < m->n; i++) {
                struct plan_func unit[8];
                size_t n;

                if (!pci_func_is_display(&m->v[i]) || shown[i])
                        continue;
                (void)plan_companions(m, i, unit, &n);
                for (size_t k = 0; k < n; k++)
                        shown[unit[k].func] = true;
                if (json && !first)
                        putchar(',');
                print_display(m, i, unit, n, json);
                first = false;
        }
        if (json)
                fputs("]}\n", stdout);
        free(shown);
        return 0;
}

int cmd_list(const struct options *o) {
        struct sysfs s;
        struct model m = { 0 };
        int ret = EXIT_OK;

        if (run_open_sysfs(o, &s) < 0)
                return EXIT_FAILURE_RUN;
        int r = sysfs_load_all(&s, &m);
        if (r < 0)
                ret = run_failed("cannot read the PCI devices", r);
        else if ((r = list_displays(&m, o->json)) < 0)
                ret = run_failed("list", r);
        model_free(&m);
        sysfs_close(&s);
        return run_flush(ret);
}
