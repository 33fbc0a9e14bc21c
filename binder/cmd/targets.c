/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cmd/targets.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/check.h"
#include "core/inuse.h"
#include "core/words.h"
#include "sys/host.h"
#include "sys/log.h"
#include "sys/modules.h"
#include "sys/rebind.h"

/* The arguments as one slots list. */
static char *join_args(const struct options *o) {
        size_t len = 1;

        for (int i = 0; i < o->n_args; i++)
                len += strlen(o->args[i]) + 1;
        char *list = calloc(1, len);
        if (!list)
                return NULL;
        size_t at = 0;
        for (int i = 0; i < o->n_args; i++) {
                size_t n = strlen(o->args[i]);
                if (i > 0)
                        list[at++] = ',';
                memcpy(list + at, o->args[i], n);
                at += n;
        }
        return list;
}

static int parse_targets(const struct options *o, struct item_list *items) {
        struct item_errors errs;
        char *list = join_args(o);

        if (!list)
                return run_failed("cannot read the arguments", -ENOMEM);
        int r = items_parse(list, items, &errs);
        for (size_t e = 0; r == -EINVAL && e < errs.n && e < ITEM_MAX_ERRORS; e++)
                log_msg(LOG_ERR, "\"%.*s\": %s", (int)errs.v[e].len, list + errs.v[e].start, errs.v[e].what);
        free(list);
        if (r == -ENOMEM)
                return run_failed("cannot read the arguments", r);
        if (r < 0)
                return EXIT_USAGE;
        for (size_t i = 0; i < items->n; i++)
                if (items->v[i].kind == ITEM_ID || items->v[i].kind == ITEM_GPUS) {
                        log_msg(LOG_ERR, "%s: bind and unbind take addresses, not selectors", items->v[i].text);
                        return EXIT_USAGE;
                }
        if (items->off || items->n == 0) {
                log_msg(LOG_ERR, "no address given");
                return EXIT_USAGE;
        }
        return EXIT_OK;
}

/* The functions of the units usable() accepts, each once, and the driver each ends on. */
struct targets {
        size_t *funcs; /* model indices */
        size_t n;
        char (*after)[MODEL_NAME_MAX];
        bool refused; /* usable() refused some unit */
};

static void targets_free(struct targets *t);

/* bind reads the whole bus, as check does, to judge ids= against every device the host needs. */
static int targets_prepare(const struct options *o, struct run *run, bool whole_bus) {
        int ret = parse_targets(o, &run->sel.items);

        if (ret != EXIT_OK)
                return ret;
        if (run_open_sysfs(o, &run->sys) < 0)
                return EXIT_FAILURE_RUN;
        int r = whole_bus ? sysfs_load_all(&run->sys, &run->model)
                          : sysfs_gather(&run->sys, &run->sel.items, &run->model);
        if (r >= 0)
                r = plan_build(&run->sel.items, &run->model, &run->plan);
        if (r < 0)
                return run_failed("cannot read the PCI devices", r);
        run->have_plan = true;
        return EXIT_OK;
}

/*
 * Before bind touches anything: what check would call an error (the targets,
 * or a vfio-pci ids= with them, take what the host runs on) and whatever the
 * targets' functions are in use for now (core/check.c's policy now: a mounted
 * file system, a holder, an imported pool's member, a device node a process
 * holds open, an interface up with an address or enslaved) are refused with
 * exit 3, --force or not; so is a vfio-pci that cannot be loaded (a kernel
 * upgraded without a reboot), which would leave the cards without a driver.
 * Each finding collected in f is one "refused:" line.
 */
static int bind_guard(const struct options *o, struct run *run) {
        struct host_facts h = { 0 };
        struct findings f = { 0 };
        int r = inputs_read(o->root, o->cmdline, o->conf_path, &run->in);

        if (r >= 0)
                r = host_read(o->root, run->in.cmdline, true, &h);
        if (r >= 0)
                r = check_plan_errors(&run->sel, &run->plan, &run->model, &h, &f);
        if (r >= 0)
                r = inuse_findings(&run->plan, &run->model, &h, &f);
        int ret = r < 0 ? run_failed("bind", r) : EXIT_OK;
        for (size_t i = 0; i < f.n; i++) {
                log_msg(LOG_ERR, "refused: %s", f.v[i].text);
                ret = EXIT_DANGER;
        }
        findings_free(&f);
        host_facts_free(&h);
        if (ret == EXIT_OK && !modules_load_vfio(o->root)) {
                log_msg(LOG_ERR, "refused: vfio-pci cannot be loaded (see above); nothing was changed");
                ret = EXIT_FAILURE_RUN;
        }
        return ret;
}

static int targets_collect(const struct options *o, const struct run *run, unit_filter usable, struct targets *t) {
        *t = (struct targets){ 0 };
        t->funcs = calloc(run->model.n + 1, sizeof(*t->funcs));
        t->after = calloc(run->model.n + 1, sizeof(*t->after));
        if (!t->funcs || !t->after) {
                targets_free(t);
                return -ENOMEM;
        }
        for (size_t k = 0; k < run->plan.n_units; k++) {
                const struct plan_unit *u = &run->plan.units[k];
                if (!usable(o, run, u)) {
                        t->refused = true;
                        continue;
                }
                for (size_t f = 0; f < u->n_funcs; f++) {
                        bool dup = false;
                        for (size_t i = 0; i < t->n; i++)
                                dup |= t->funcs[i] == u->funcs[f].func;
                        if (!dup)
                                t->funcs[t->n++] = u->funcs[f].func;
                }
        }
        return 0;
}

static int targets_report(const struct run *run, const struct targets *t, bool want_vfio) {
        int ret = t->refused ? EXIT_FAILURE_RUN : EXIT_OK;
        char a[PCI_ADDR_STRLEN];

        for (size_t i = 0; i < t->n; i++) {
                const struct pci_func *f = &run->model.v[t->funcs[i]];
                bool on_vfio = strcmp(t->after[i], "vfio-pci") == 0;
                bool ok = want_vfio == on_vfio;
                printf("%s %s -> %s%s\n", pci_addr_format(&f->addr, a), f->driver[0] ? f->driver : "(none)",
                       t->after[i][0] ? t->after[i] : "(none)",
                       ok          ? ""
                       : want_vfio ? ": not on vfio-pci"
                                   : ": still on vfio-pci");
                if (!ok)
                        ret = EXIT_FAILURE_RUN;
        }
        return ret;
}

static void targets_free(struct targets *t) {
        free(t->funcs);
        free(t->after);
        *t = (struct targets){ 0 };
}

bool targets_refuse(const struct run *run, const struct plan_unit *u) {
        const struct item *it = &run->sel.items.v[u->item];
        char why[512];

        unit_reason(u, it, &run->model, why, sizeof(why));
        log_msg(LOG_ERR, "%s: %s", it->text, why);
        return false;
}

int targets_move(const struct options *o, unit_filter usable, bool to_vfio) {
        struct run run = RUN_INIT;
        struct targets t = { 0 };
        int ret = targets_prepare(o, &run, to_vfio);

        if (ret == EXIT_OK && to_vfio)
                ret = bind_guard(o, &run);
        if (ret == EXIT_OK) {
                int r = targets_collect(o, &run, usable, &t);
                if (r < 0) {
                        ret = run_failed(to_vfio ? "bind" : "unbind", r);
                } else {
                        if (t.n > 0 && to_vfio)
                                rebind_to_vfio(&run.sys, &run.model, t.funcs, t.n, t.after);
                        else if (t.n > 0)
                                rebind_to_host(&run.sys, o->root, &run.model, t.funcs, t.n, t.after);
                        ret = targets_report(&run, &t, to_vfio);
                }
        }
        targets_free(&t);
        run_free(&run);
        return run_flush(ret);
}
