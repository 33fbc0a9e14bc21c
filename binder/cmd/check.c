/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check: what the next boot may apply against this machine and what the host
 * runs on; every image hook runs it. The selection in effect now, and the
 * conf file's too when the command line replaces it (a rescue vfio.slots=off
 * is one boot: the next one applies the conf file again).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/run.h"
#include "core/check.h"
#include "core/words.h"
#include "report/json.h"
#include "sys/host.h"

static const char *level_word(enum finding_level l) {
        return l == FINDING_DANGER ? "error" : "warning";
}

struct verdict {
        const struct judged *j;
        size_t n; /* 2: each finding says which selection it is about */
        const struct model *m;
        const struct findings *f;
        bool valid; /* false when the configuration in effect is wrong (nothing would be bound) */
};

static void print_bind(const struct plan *p, const struct model *m) {
        char a[PCI_ADDR_STRLEN];

        putchar('[');
        for (size_t k = 0; p && k < p->n_bind; k++)
                printf("%s\"%s\"", k ? "," : "", pci_addr_format(&m->v[p->bind[k]].addr, a));
        putchar(']');
}

static void print_uint_or_null(unsigned v) {
        if (v)
                printf("%u", v);
        else
                fputs("null", stdout);
}

/* A parse error's position: file, line and column in the conf file, or the column in vfio.slots=. */
static void print_where(const struct error_where *w) {
        fputs(",\"file\":", stdout);
        json_str_or_null(stdout, w->file);
        fputs(",\"line\":", stdout);
        print_uint_or_null(w->line);
        fputs(",\"column\":", stdout);
        print_uint_or_null(w->column);
}

static void print_json(const struct verdict *v, size_t warnings, size_t dangers) {
        fputs("{\"valid\":", stdout);
        json_bool(stdout, v->valid);
        fputs(",\"bind\":", stdout);
        print_bind(v->n ? v->j[0].plan : NULL, v->m);
        fputs(",\"selections\":[", stdout);
        for (size_t k = 0; k < v->n; k++) {
                printf("%s{\"source\":\"%s\",\"slots\":", k ? "," : "", source_word(v->j[k].sel->source));
                json_str_or_null(stdout, v->j[k].sel->slots);
                fputs(",\"bind\":", stdout);
                print_bind(v->j[k].plan, v->m);
                putchar('}');
        }
        fputs("],\"findings\":[", stdout);
        for (size_t i = 0; i < v->f->n; i++) {
                const struct finding *f = &v->f->v[i];
                printf("%s{\"level\":\"%s\",\"code\":\"%s\",\"source\":", i ? "," : "", level_word(f->level), f->code);
                if (f->judged >= 0)
                        printf("\"%s\"", source_word(v->j[f->judged].sel->source));
                else
                        fputs("null", stdout);
                fputs(",\"message\":", stdout);
                json_str(stdout, f->text);
                if (strcmp(f->code, "invalid-configuration") == 0)
                        print_where(&f->where);
                putchar('}');
        }
        printf("],\"warnings\":%zu,\"errors\":%zu}\n", warnings, dangers);
}

static size_t n_bind(const struct plan *p) {
        return p ? p->n_bind : 0;
}

static void print_text(const struct verdict *v, size_t warnings, size_t dangers) {
        for (size_t i = 0; i < v->f->n; i++) {
                const struct finding *f = &v->f->v[i];
                if (v->n > 1 && f->judged >= 0)
                        printf("%s: %s: %s\n", level_word(f->level), source_text(v->j[f->judged].sel->source), f->text);
                else
                        printf("%s: %s\n", level_word(f->level), f->text);
        }
        if (!v->valid)
                puts("error: the configuration is invalid: nothing would be bound at boot");
        printf("check: %zu functions would go to vfio-pci", n_bind(v->n ? v->j[0].plan : NULL));
        if (v->n > 1)
                printf(" with %s, %zu with %s", source_text(v->j[0].sel->source), n_bind(v->j[1].plan),
                       source_text(v->j[1].sel->source));
        printf("; %zu warnings, %zu errors\n", warnings, dangers);
}

static void print_findings(const struct verdict *v, bool json) {
        size_t warnings = 0, dangers = 0;

        for (size_t i = 0; i < v->f->n; i++)
                v->f->v[i].level == FINDING_DANGER ? dangers++ : warnings++;
        if (json)
                print_json(v, warnings, dangers);
        else
                print_text(v, warnings, dangers);
}

/*
 * The conf file's selection, when the command line replaces it now: the next
 * boot without that vfio.slots= applies it. 1 when there is one to judge.
 */
static int conf_selection(struct run *run, struct selection *sel, struct plan *p) {
        if (run->sel.source != SLOTS_CMDLINE || !run->in.conf_in.text)
                return 0;
        int r = selection_load(sel, NULL, &run->in.conf_in);
        if (r < 0 || !selection_active(sel))
                return r == -ENOMEM ? r : 0;
        r = plan_build(&sel->items, &run->model, p);
        return r < 0 ? r : 1;
}

int cmd_check(const struct options *o) {
        struct run run = RUN_INIT;
        struct host_facts h = { 0 };
        struct findings f = { 0 };
        struct selection conf_sel = { 0 };
        struct plan conf_plan = { 0 };
        struct judged j[2];
        size_t n = 0;

        int ret = run_prepare(o, &run, SCOPE_WHOLE_BUS);
        /*
         * An invalid configuration stops run_prepare() early; the machine's own
         * problems still count where its bus can be read (not in a bare chroot).
         */
        if (ret == EXIT_CONFIG && sysfs_open(&run.sys, o->root) == 0) {
                int r = sysfs_load_all(&run.sys, &run.model);
                if (r < 0)
                        ret = run_failed("cannot read the PCI devices", r);
        }
        if (ret == EXIT_FAILURE_RUN)
                goto out;
        if (ret == EXIT_OK && run.sel.source != SLOTS_NONE)
                j[n++] = (struct judged){ .sel = &run.sel, .plan = run.have_plan ? &run.plan : NULL };
        int r = ret == EXIT_OK ? conf_selection(&run, &conf_sel, &conf_plan) : 0;
        if (r > 0)
                j[n++] = (struct judged){ .sel = &conf_sel, .plan = &conf_plan };
        /* vfio-pci.ids= is on the command line too */
        if (r >= 0)
                r = host_read(o->root, run.in.cmdline, false, &h);
        if (r >= 0)
                r = check_build(j, n, &run.model, &h, &f);
        /* the configuration's own errors are findings too, so that --json carries them */
        if (r >= 0 && ret == EXIT_CONFIG)
                r = check_config_errors(&run.sel, o->conf_path, &f);
        if (r < 0) {
                ret = run_failed("check", r);
                goto out;
        }
        print_findings(&(struct verdict){ .j = j, .n = n, .m = &run.model, .f = &f, .valid = ret != EXIT_CONFIG },
                       o->json);
        if (ret == EXIT_OK)
                ret = check_level(&f); /* 1 warnings, 3 would take what the host needs */
out:
        findings_free(&f);
        host_facts_free(&h);
        plan_free(&conf_plan);
        selection_free(&conf_sel);
        run_free(&run);
        return run_flush(ret);
}
