/* SPDX-License-Identifier: GPL-2.0-or-later */
/* plan: what boot would do on this machine now, writing nothing. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/run.h"
#include "core/words.h"
#include "report/json.h"
#include "report/report.h"
#include "sys/log.h"

/* Every item of a list that failed to parse, by splitting it again. */
static void print_invalid_items(const struct selection *sel, const char *conf_path) {
        unsigned index = 1;

        for (const char *p = sel->slots;; index++) {
                size_t len = strcspn(p, ",");
                size_t b = 0, e = len;
                while (b < e && (p[b] == ' ' || p[b] == '\t'))
                        b++;
                while (e > b && (p[e - 1] == ' ' || p[e - 1] == '\t'))
                        e--;
                const struct item_error *ie = NULL;
                for (size_t k = 0; k < sel->item_errors.n && k < ITEM_MAX_ERRORS; k++)
                        if (sel->item_errors.v[k].index == index)
                                ie = &sel->item_errors.v[k];
                /* an empty item still needs a visible ITEM for line parsers */
                const char *quote = e == b ? "\"" : "";
                printf("skip %s%.*s%s: ", quote, (int)(e - b), p + b, quote);
                if (ie && sel->source == SLOTS_CONF)
                        printf("syntax error at %s:%u:%u: %s\n", conf_path, sel->conf_line,
                               sel->conf_column + ie->column - 1, ie->what);
                else if (ie)
                        printf("syntax error at column %u: %s\n", ie->column, ie->what);
                else
                        puts("not applied: the list has a syntax error");
                if (p[len] == '\0')
                        break;
                p += len + 1;
        }
}

static void print_text(const struct selection *sel, const struct plan *p, const struct model *m) {
        char a[PCI_ADDR_STRLEN], why[1024];

        for (size_t k = 0; k < p->n_bind; k++)
                printf("bind %s\n", pci_addr_format(&m->v[p->bind[k]].addr, a));
        for (size_t k = 0; k < p->n_units; k++) {
                const struct plan_unit *u = &p->units[k];
                const struct item *it = &sel->items.v[u->item];

                if (u->verdict == VERDICT_BIND)
                        continue;
                unit_reason(u, it, m, why, sizeof(why));
                printf("skip %s: %s\n", it->text, why);
        }
}

static void print_json_unit(const struct selection *sel, const struct plan_unit *u, const struct model *m) {
        const struct item *it = &sel->items.v[u->item];
        char a[PCI_ADDR_STRLEN], why[1024];

        fputs("{\"item\":", stdout);
        json_str(stdout, it->text);
        printf(",\"index\":%u,\"verdict\":\"%s\",\"reason\":", it->index, verdict_word(u->verdict));
        unit_reason(u, it, m, why, sizeof(why));
        json_str_or_null(stdout, why);
        fputs(",\"takes_boot_display\":", stdout);
        json_bool(stdout, u->takes_boot_display);
        fputs(",\"functions\":[", stdout);
        for (size_t f = 0; f < u->n_funcs; f++) {
                fputs(f ? ",{" : "{", stdout);
                json_pci_func(stdout, &m->v[u->funcs[f].func]);
                printf(",\"role\":\"%s\"}", role_word(u->funcs[f].role));
        }
        fputs("],\"outside\":[", stdout);
        for (size_t o = 0; o < u->n_outside; o++)
                printf("%s\"%s\"", o ? "," : "", pci_addr_format(&m->v[u->outside[o]].addr, a));
        fputs("],\"on_card_switch\":[", stdout);
        for (size_t o = 0; o < u->n_on_switch; o++)
                printf("%s\"%s\"", o ? "," : "", pci_addr_format(&m->v[u->on_switch[o]].addr, a));
        fputs("]}", stdout);
}

/* p is NULL when there is nothing to plan: slots off or absent, or not valid. */
static void print_json(const struct selection *sel, const struct plan *p, const struct model *m, const char *conf_path,
                       bool valid) {
        char a[PCI_ADDR_STRLEN];

        printf("{\"source\":\"%s\",\"slots\":", source_word(sel->source));
        json_str_or_null(stdout, sel->slots);
        fputs(",\"off\":", stdout);
        json_bool(stdout, sel->items.off);
        fputs(",\"valid\":", stdout);
        json_bool(stdout, valid);
        fputc(',', stdout);
        json_selection_errors(stdout, sel, conf_path);
        fputs(",\"bind\":[", stdout);
        for (size_t k = 0; p && k < p->n_bind; k++)
                printf("%s\"%s\"", k ? "," : "", pci_addr_format(&m->v[p->bind[k]].addr, a));
        fputs("],\"decisions\":[", stdout);
        for (size_t k = 0; p && k < p->n_units; k++) {
                if (k)
                        fputc(',', stdout);
                print_json_unit(sel, &p->units[k], m);
        }
        fputs("]}\n", stdout);
}

int cmd_plan(const struct options *o) {
        struct run run = RUN_INIT;
        int ret = run_prepare(o, &run, SCOPE_SELECTION);
        const struct plan *p = run.have_plan ? &run.plan : NULL;

        if (p)
                report_plan(&run.sel, p, &run.model);
        else if (ret == EXIT_OK)
                log_msg(LOG_INFO, run.sel.source == SLOTS_NONE ? "no slots configured: nothing to bind"
                                                               : "slots are off: nothing to bind");
        if (ret == EXIT_OK || ret == EXIT_CONFIG) {
                if (o->json)
                        print_json(&run.sel, p, &run.model, o->conf_path, ret == EXIT_OK);
                else if (p)
                        print_text(&run.sel, p, &run.model);
                else if (run.sel.items_status == -EINVAL)
                        print_invalid_items(&run.sel, o->conf_path);
        }
        run_free(&run);
        return run_flush(ret);
}
