/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>

#include "json.h"
#include "plan.h"
#include "status.h"

static void func_text(FILE *out, const struct pci_func *f, const char *indent, const char *role) {
        char a[PCI_ADDR_STRLEN];

        pci_addr_format(&f->addr, a);
        if (f->unreadable) {
                fprintf(out, "%s%s unreadable\n", indent, a);
                return;
        }
        fprintf(out, "%s%s %04x:%04x class %06x", indent, a, f->vendor, f->device, f->class);
        if (f->iommu_group >= 0)
                fprintf(out, " group %d", f->iommu_group);
        else
                fputs(" no IOMMU group", out);
        fprintf(out, " driver %s override %s%s%s%s\n", f->driver[0] ? f->driver : "-",
                f->override[0] ? f->override : "-", f->boot_vga ? " boot-display" : "", *role ? " " : "", role);
}

/* The fields of one function, without the braces, so a display can add its own. */
static void func_json(FILE *out, const struct pci_func *f, const char *role) {
        char a[PCI_ADDR_STRLEN];

        pci_addr_format(&f->addr, a);
        fprintf(out, "\"address\":\"%s\",\"vendor\":\"%04x\",\"device\":\"%04x\",\"class\":\"%06x\",\"iommu_group\":",
                a, f->vendor, f->device, f->class);
        if (f->iommu_group >= 0)
                fprintf(out, "%d", f->iommu_group);
        else
                fputs("null", out);
        fputs(",\"driver\":", out);
        json_str_or_null(out, f->driver);
        fputs(",\"driver_override\":", out);
        json_str_or_null(out, f->override);
        fprintf(out, ",\"boot_vga\":%s,\"bridge\":%s,\"unreadable\":%s", f->boot_vga ? "true" : "false",
                pci_func_is_bridge(f) ? "true" : "false", f->unreadable ? "true" : "false");
        if (role)
                fprintf(out, ",\"companion\":\"%s\"", role);
}

static bool in_unit(const struct plan_func *u, size_t n, size_t i) {
        for (size_t k = 0; k < n; k++)
                if (u[k].func == i)
                        return true;
        return false;
}

void list_print(FILE *out, const struct model *m, bool json) {
        bool *shown = calloc(m->n + 1, sizeof(*shown));
        bool first = true;

        if (json)
                fputs("{\"displays\":[", out);
        for (size_t i = 0; shown && i < m->n; i++) {
                struct plan_func unit[8];
                size_t n;

                if (!pci_func_is_display(&m->v[i]) || shown[i])
                        continue;
                (void)plan_companions(m, i, unit, &n);
                for (size_t k = 0; k < n; k++)
                        shown[unit[k].func] = true;
                if (json) {
                        fputs(first ? "{" : ",{", out);
                        func_json(out, &m->v[i], NULL);
                        fputs(",\"companions\":[", out);
                } else {
                        func_text(out, &m->v[i], "", "");
                }
                first = false;
                for (size_t k = 1; k < n; k++) {
                        const char *role = unit[k].role == ROLE_SAME_GROUP ? "same-group" : "same-vendor";
                        if (json) {
                                fputs(k > 1 ? ",{" : "{", out);
                                func_json(out, &m->v[unit[k].func], role);
                                fputc('}', out);
                        } else {
                                func_text(out, &m->v[unit[k].func], "  ", role);
                        }
                }
                if (json)
                        fputs("],\"group_members\":[", out);
                bool first_member = true;
                int g = m->v[i].iommu_group;
                for (size_t k = 0; g >= 0 && k < m->n; k++) {
                        if (m->v[k].iommu_group != g || in_unit(unit, n, k))
                                continue;
                        if (json) {
                                fputs(first_member ? "{" : ",{", out);
                                func_json(out, &m->v[k], NULL);
                                fputc('}', out);
                        } else {
                                func_text(out, &m->v[k], "  group member ", "");
                        }
                        first_member = false;
                }
                if (json)
                        fputs("]}", out);
        }
        if (json)
                fputs("]}\n", out);
        free(shown);
}
