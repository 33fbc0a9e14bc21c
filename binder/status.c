/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "status.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "report.h"

enum fn_state {
        FN_ON_VFIO,
        FN_HOST_WON,          /* a host driver bound although the override is set */
        FN_NOT_HANDED,        /* a host driver, no override: the binder did not act this boot */
        FN_OVERRIDE_UNBOUND,  /* override set, no driver: vfio-pci missing or its probe failed */
        FN_UNBOUND,           /* neither */
};

static enum fn_state fn_state(const struct pci_func *f) {
        bool override = strcmp(f->override, "vfio-pci") == 0;

        if (strcmp(f->driver, "vfio-pci") == 0)
                return FN_ON_VFIO;
        if (f->driver[0])
                return override ? FN_HOST_WON : FN_NOT_HANDED;
        return override ? FN_OVERRIDE_UNBOUND : FN_UNBOUND;
}

static const char *state_code(enum fn_state s) {
        static const char *const codes[] = { "vfio-pci", "host-driver-won", "not-handed-over", "no-driver",
                                             "not-handed-over" };
        return codes[s];
}

static const char *state_hint(enum fn_state s) {
        switch (s) {
        case FN_ON_VFIO:
                return "";
        case FN_HOST_WON:
                return "the host driver bound first although driver_override is set: the initramfs probably "
                       "lacks vfio-binder or loads that driver earlier; run update-initramfs -u (or dracut -f) "
                       "and check lsinitramfs for vfio-binder";
        case FN_NOT_HANDED:
        case FN_UNBOUND:
                return "vfio-binder did not hand it over this boot: rebuild the initramfs after changing the "
                       "configuration (update-initramfs -u or dracut -f) and reboot, or run vfio-binder bind now";
        case FN_OVERRIDE_UNBOUND:
                return "driver_override is set but no driver took it: vfio-pci is not loaded or failed to "
                       "probe (see dmesg | grep -i vfio)";
        }
        return "";
}

static const char *refusal_hint(enum plan_verdict v) {
        switch (v) {
        case VERDICT_ABSENT:
        case VERDICT_GUARD:
                return "bus numbers move after a BIOS update or a new card: find the card with "
                       "vfio-binder list and update the slots list, or name it by path (ROOTPORT/DEV.FN)";
        default:
                return "";
        }
}

static bool group_member_ok(const struct pci_func *f) {
        return pci_func_is_bridge(f) || strcmp(f->driver, "vfio-pci") == 0 || strcmp(f->driver, "pci-stub") == 0 ||
               f->driver[0] == '\0';
}

/* VFIO can use a group whose every member is a bridge or on vfio-pci, pci-stub or no driver. */
static bool group_viable(const struct model *m, int group) {
        for (size_t i = 0; i < m->n; i++)
                if (m->v[i].iommu_group == group && !group_member_ok(&m->v[i]))
                        return false;
        return true;
}

/* Groups of accepted units, each once, in the order first met. */
static size_t selected_groups(const struct plan *p, const struct model *m, int *groups) {
        size_t n = 0;

        for (size_t k = 0; k < p->n_units; k++) {
                const struct plan_unit *u = &p->units[k];
                for (size_t f = 0; u->verdict == VERDICT_BIND && f < u->n_funcs; f++) {
                        int g = m->v[u->funcs[f].func].iommu_group;
                        bool seen = g < 0;
                        for (size_t i = 0; i < n && !seen; i++)
                                seen = groups[i] == g;
                        if (!seen)
                                groups[n++] = g;
                }
        }
        return n;
}

static void print_text(FILE *out, const struct config *c, const struct plan *p, const struct model *m,
                       const int *groups, size_t n_groups, unsigned on_vfio, unsigned refused, bool ok) {
        char a[PCI_ADDR_STRLEN], why[512];

        fprintf(out, "slots \"%s\" from %s\n", c->slots, c->source == SLOTS_CMDLINE ? "the kernel command line"
                                                                                   : "the conf file");
        for (size_t k = 0; k < p->n_units; k++) {
                const struct plan_unit *u = &p->units[k];
                const struct item *it = &c->items.v[u->item];
                if (u->verdict != VERDICT_BIND) {
                        plan_reason(u, it, m, why, sizeof(why));
                        fprintf(out, "%s: refused: %s\n", it->text, why);
                        if (*refusal_hint(u->verdict))
                                fprintf(out, "  hint: %s\n", refusal_hint(u->verdict));
                        continue;
                }
                bool unit_ok = true;
                for (size_t f = 0; f < u->n_funcs; f++)
                        unit_ok &= fn_state(&m->v[u->funcs[f].func]) == FN_ON_VFIO;
                fprintf(out, "%s: %s\n", it->text, unit_ok ? "ok" : "problem");
                for (size_t f = 0; f < u->n_funcs; f++) {
                        const struct pci_func *pf = &m->v[u->funcs[f].func];
                        enum fn_state s = fn_state(pf);
                        pci_addr_format(&pf->addr, a);
                        fprintf(out, "  %s %04x:%04x %s%s%s\n", a, pf->vendor, pf->device,
                                pf->driver[0] ? pf->driver : "no driver", s == FN_ON_VFIO ? "" : ": ",
                                state_hint(s));
                }
        }
        for (size_t g = 0; g < n_groups; g++) {
                fprintf(out, "group %d: %s:", groups[g], group_viable(m, groups[g]) ? "viable" : "not viable for VFIO");
                for (size_t i = 0; i < m->n; i++) {
                        const struct pci_func *f = &m->v[i];
                        if (f->iommu_group != groups[g])
                                continue;
                        pci_addr_format(&f->addr, a);
                        fprintf(out, " %s (%s%s)", a, pci_func_is_bridge(f) ? "bridge, " : "",
                                f->driver[0] ? f->driver : "no driver");
                }
                fputc('\n', out);
        }
        fprintf(out, "status: %s: %u of %zu selected functions on vfio-pci, %u items refused\n",
                ok ? "ok" : "problem", on_vfio, p->n_bind, refused);
}

static void print_json(FILE *out, const struct config *c, const struct plan *p, const struct model *m,
                       const int *groups, size_t n_groups, unsigned on_vfio, bool ok) {
        char a[PCI_ADDR_STRLEN], why[512];

        fprintf(out, "{\"ok\":%s,\"source\":\"%s\",\"slots\":", ok ? "true" : "false",
                c->source == SLOTS_CMDLINE ? "cmdline" : "conf");
        json_str(out, c->slots);
        fprintf(out, ",\"selected\":%zu,\"on_vfio\":%u,\"items\":[", p->n_bind, on_vfio);
        for (size_t k = 0; k < p->n_units; k++) {
                const struct plan_unit *u = &p->units[k];
                const struct item *it = &c->items.v[u->item];
                fputs(k ? ",{\"item\":" : "{\"item\":", out);
                json_str(out, it->text);
                fprintf(out, ",\"verdict\":\"%s\",\"reason\":", plan_verdict_code(u->verdict));
                plan_reason(u, it, m, why, sizeof(why));
                json_str_or_null(out, why);
                fputs(",\"hint\":", out);
                json_str_or_null(out, refusal_hint(u->verdict));
                fputs(",\"functions\":[", out);
                for (size_t f = 0; u->verdict == VERDICT_BIND && f < u->n_funcs; f++) {
                        const struct pci_func *pf = &m->v[u->funcs[f].func];
                        enum fn_state s = fn_state(pf);
                        pci_addr_format(&pf->addr, a);
                        fprintf(out, "%s{\"address\":\"%s\",\"driver\":", f ? "," : "", a);
                        json_str_or_null(out, pf->driver);
                        fputs(",\"driver_override\":", out);
                        json_str_or_null(out, pf->override);
                        fprintf(out, ",\"state\":\"%s\",\"hint\":", state_code(s));
                        json_str_or_null(out, state_hint(s));
                        fputc('}', out);
                }
                fputs("]}", out);
        }
        fputs("],\"groups\":[", out);
        for (size_t g = 0; g < n_groups; g++) {
                bool first = true;
                fprintf(out, "%s{\"group\":%d,\"viable\":%s,\"members\":[", g ? "," : "", groups[g],
                        group_viable(m, groups[g]) ? "true" : "false");
                for (size_t i = 0; i < m->n; i++) {
                        const struct pci_func *f = &m->v[i];
                        if (f->iommu_group != groups[g])
                                continue;
                        pci_addr_format(&f->addr, a);
                        fprintf(out, "%s{\"address\":\"%s\",\"bridge\":%s,\"driver\":", first ? "" : ",", a,
                                pci_func_is_bridge(f) ? "true" : "false");
                        json_str_or_null(out, f->driver);
                        fputc('}', out);
                        first = false;
                }
                fputs("]}", out);
        }
        fputs("]}\n", out);
}

bool status_print(FILE *out, const struct config *c, const struct plan *p, const struct model *m, bool json) {
        unsigned on_vfio = 0, refused = 0;
        int *groups = calloc(m->n + 1, sizeof(*groups));
        size_t n_groups = groups ? selected_groups(p, m, groups) : 0;

        for (size_t k = 0; k < p->n_bind; k++)
                on_vfio += fn_state(&m->v[p->bind[k]]) == FN_ON_VFIO;
        for (size_t k = 0; k < p->n_units; k++)
                refused += p->units[k].verdict != VERDICT_BIND;
        bool ok = on_vfio == p->n_bind && refused == 0;
        if (json)
                print_json(out, c, p, m, groups, n_groups, on_vfio, ok);
        else
                print_text(out, c, p, m, groups, n_groups, on_vfio, refused, ok);
        free(groups);
        return ok;
}
