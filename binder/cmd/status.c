/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status: the configured selection against what is bound now, per item and per IOMMU group. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/run.h"
#include "core/status.h"
#include "core/words.h"
#include "report/json.h"
#include "sys/bootrecord.h"
#include "sys/log.h"

/* The status of the selection, or of its absence (p NULL), or why there is none (error). */
struct view {
        const struct selection *sel;
        const struct plan *p; /* NULL: nothing planned */
        const struct model *m;
        const struct status *st;  /* NULL when p is */
        struct record_view rv;    /* this boot's record */
        const char *record_error; /* NULL, or why the record that is there cannot be read */
        const char *error;        /* NULL, or why status could not be told */
};

static void print_text(const struct view *v) {
        const struct model *m = v->m;
        char a[PCI_ADDR_STRLEN], why[512], hint[512];

        printf("slots \"%s\" from %s\n", v->sel->slots, source_text(v->sel->source));
        for (size_t k = 0; k < v->p->n_units; k++) {
                const struct plan_unit *u = &v->p->units[k];
                const struct item *it = &v->sel->items.v[u->item];
                if (u->verdict != VERDICT_BIND) {
                        unit_reason(u, it, m, why, sizeof(why));
                        printf("%s: refused: %s\n", it->text, why);
                        if (*refusal_hint(u->verdict))
                                printf("  hint: %s\n", refusal_hint(u->verdict));
                        continue;
                }
                const struct pci_func *card = &m->v[u->chosen];
                bool unit_ok = true;
                for (size_t f = 0; f < u->n_funcs; f++)
                        unit_ok &= fn_state(&m->v[u->funcs[f].func], &v->rv) == FN_ON_VFIO;
                printf("%s: %s\n", it->text, unit_ok ? "ok" : "problem");
                for (size_t f = 0; f < u->n_funcs; f++) {
                        const struct pci_func *pf = &m->v[u->funcs[f].func];
                        enum fn_state s = fn_state(pf, &v->rv);
                        printf("  %s %04x:%04x %s", pci_addr_format(&pf->addr, a), pf->vendor, pf->device,
                               pf->driver[0] ? pf->driver : "no driver");
                        if (s != FN_ON_VFIO) {
                                fn_state_hint(s, pf, card, hint, sizeof(hint));
                                printf(": %s: %s", fn_state_word(s), hint);
                        }
                        putchar('\n');
                }
        }
        for (size_t g = 0; g < v->st->n_groups; g++) {
                int group = v->st->groups[g];
                printf("group %d: %s:", group, group_viable(m, group) ? "viable" : "not viable for VFIO");
                for (size_t i = 0; i < m->n; i++) {
                        const struct pci_func *f = &m->v[i];
                        if (f->iommu_group == group)
                                printf(" %s (%s%s)", pci_addr_format(&f->addr, a),
                                       pci_func_is_bridge(f) ? "bridge, " : "", f->driver[0] ? f->driver : "no driver");
                }
                putchar('\n');
        }
        printf("status: %s: %u of %zu selected functions on vfio-pci, %u items refused\n", v->st->ok ? "ok" : "problem",
               v->st->on_vfio, v->p->n_bind, v->st->refused);
}

static void print_json_unit(const struct view *v, const struct plan_unit *u) {
        const struct item *it = &v->sel->items.v[u->item];
        char why[512], hint[512];

        fputs("{\"item\":", stdout);
        json_str(stdout, it->text);
        printf(",\"verdict\":\"%s\",\"reason\":", verdict_word(u->verdict));
        unit_reason(u, it, v->m, why, sizeof(why));
        json_str_or_null(stdout, why);
        fputs(",\"hint\":", stdout);
        json_str_or_null(stdout, refusal_hint(u->verdict));
        fputs(",\"functions\":[", stdout);
        for (size_t f = 0; u->verdict == VERDICT_BIND && f < u->n_funcs; f++) {
                const struct pci_func *pf = &v->m->v[u->funcs[f].func];
                enum fn_state s = fn_state(pf, &v->rv);
                fputs(f ? ",{" : "{", stdout);
                json_pci_func(stdout, pf);
                printf(",\"state\":\"%s\",\"hint\":", fn_state_word(s));
                fn_state_hint(s, pf, &v->m->v[u->chosen], hint, sizeof(hint));
                json_str_or_null(stdout, hint);
                fputc('}', stdout);
        }
        fputs("]}", stdout);
}

static void print_json_group(const struct view *v, int group) {
        bool first = true;

        printf("{\"group\":%d,\"viable\":", group);
        json_bool(stdout, group_viable(v->m, group));
        fputs(",\"members\":[", stdout);
        for (size_t i = 0; i < v->m->n; i++) {
                if (v->m->v[i].iommu_group != group)
                        continue;
                fputs(first ? "{" : ",{", stdout);
                json_pci_func(stdout, &v->m->v[i]);
                fputc('}', stdout);
                first = false;
        }
        fputs("]}", stdout);
}

/* The one JSON form of status, whatever happened. */
static void print_json(const struct view *v) {
        printf("{\"ok\":");
        json_bool(stdout, v->error == NULL && (!v->st || v->st->ok));
        fputs(",\"error\":", stdout);
        json_str_or_null(stdout, v->error);
        fputs(",\"binder_ran\":", stdout);
        if (v->rv.state == RECORD_UNREADABLE)
                fputs("null", stdout);
        else
                json_bool(stdout, v->rv.state == RECORD_READ);
        fputs(",\"boot_record_error\":", stdout);
        json_str_or_null(stdout, v->record_error);
        printf(",\"source\":\"%s\",\"slots\":", source_word(v->sel->source));
        json_str_or_null(stdout, v->sel->slots);
        printf(",\"selected\":%zu,\"on_vfio\":%u,\"items\":[", v->p ? v->p->n_bind : 0, v->st ? v->st->on_vfio : 0);
        for (size_t k = 0; v->p && k < v->p->n_units; k++) {
                if (k)
                        fputc(',', stdout);
                print_json_unit(v, &v->p->units[k]);
        }
        fputs("],\"groups\":[", stdout);
        for (size_t g = 0; v->st && g < v->st->n_groups; g++) {
                if (g)
                        fputc(',', stdout);
                print_json_group(v, v->st->groups[g]);
        }
        fputs("]}\n", stdout);
}

/*
 * This boot's record into rec, and how it stands; why, into why, when it is
 * there but cannot be read (said once). -ENOMEM only.
 */
static int read_record(const char *root, struct boot_record *rec, struct record_view *rv, char *why, size_t size) {
        unsigned bad_line = 0;
        int r = bootrecord_read(root, rec, &bad_line);

        *rv = (struct record_view){ .state = r == 0         ? RECORD_READ
                                             : r == -ENOENT ? RECORD_ABSENT
                                                            : RECORD_UNREADABLE,
                                    .rec = r == 0 ? rec : NULL };
        if (r == -ENOMEM)
                return r;
        if (r == -EINVAL)
                snprintf(why, size, "line %u is not a line of a boot record", bad_line);
        else if (rv->state == RECORD_UNREADABLE)
                snprintf(why, size, "%s", strerror(-r));
        if (rv->state == RECORD_UNREADABLE)
                log_msg(LOG_WARNING, "the boot record %s%s cannot be read: %s; status tells nothing from it", root,
                        BOOT_RECORD_PATH, why);
        return 0;
}

int cmd_status(const struct options *o) {
        struct run run = RUN_INIT;
        struct status st = { 0 };
        struct boot_record rec = { 0 };
        char record_error[256] = "";
        int ret = run_prepare(o, &run, SCOPE_SELECTION);
        struct view v = { .sel = &run.sel, .m = &run.model };

        if (run.have_plan) {
                int r = read_record(o->root, &rec, &v.rv, record_error, sizeof(record_error));
                if (record_error[0])
                        v.record_error = record_error;
                if (r == 0)
                        r = status_judge(&run.plan, &run.model, &v.rv, &st);
                if (r < 0) {
                        ret = run_failed("status", r);
                        goto out;
                }
                v.p = &run.plan;
                v.st = &st;
                ret = st.ok ? EXIT_OK : EXIT_FAILURE_RUN;
        } else if (ret != EXIT_OK) {
                v.error = ret == EXIT_CONFIG ? "invalid configuration" : "cannot read the PCI devices";
        }
        if (o->json)
                print_json(&v);
        else if (v.p)
                print_text(&v);
        else if (!v.error)
                printf("status: ok: %s, nothing to bind\n",
                       run.sel.source == SLOTS_NONE ? "no slots configured" : "slots are off");
out:
        status_free(&st);
        boot_record_free(&rec);
        run_free(&run);
        return run_flush(ret);
}
