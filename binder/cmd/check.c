/* SPDX-License-Identifier: GPL-2.0-or-later */
/* check: what the next boot would apply against this machine and what the host runs on; every image hook runs it. */
#include <stdio.h>

#include "cmd/run.h"
#include "core/check.h"
#include "report/json.h"
#include "sys/host.h"

static const char *level_word(enum finding_level l) {
        return l == FINDING_DANGER ? "error" : "warning";
}

/* valid: false when the configuration itself is wrong (nothing would be bound) */
static void print_findings(const struct findings *f, const struct plan *p, const struct model *m, bool valid,
                           bool json) {
        size_t warnings = 0, dangers = 0;

        for (size_t i = 0; i < f->n; i++)
                f->v[i].level == FINDING_DANGER ? dangers++ : warnings++;
        if (json) {
                fputs("{\"valid\":", stdout);
                json_bool(stdout, valid);
                fputs(",\"bind\":[", stdout);
                for (size_t k = 0; p && k < p->n_bind; k++) {
                        char a[PCI_ADDR_STRLEN];
                        printf("%s\"%s\"", k ? "," : "", pci_addr_format(&m->v[p->bind[k]].addr, a));
                }
                fputs("],\"findings\":[", stdout);
                for (size_t i = 0; i < f->n; i++) {
                        printf("%s{\"level\":\"%s\",\"code\":\"%s\",\"message\":", i ? "," : "",
                               level_word(f->v[i].level), f->v[i].code);
                        json_str(stdout, f->v[i].text);
                        putchar('}');
                }
                printf("],\"warnings\":%zu,\"errors\":%zu}\n", warnings, dangers);
                return;
        }
        for (size_t i = 0; i < f->n; i++)
                printf("%s: %s\n", level_word(f->v[i].level), f->v[i].text);
        if (!valid)
                puts("error: the configuration is invalid (see above): nothing would be bound at boot");
        printf("check: %zu functions would go to vfio-pci; %zu warnings, %zu errors\n", p ? p->n_bind : 0, warnings,
               dangers);
}

int cmd_check(const struct options *o) {
        struct run run = RUN_INIT;
        struct host_facts h = { 0 };
        struct findings f = { 0 };

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
        /* vfio-pci.ids= is on the command line too */
        const struct plan *p = run.have_plan ? &run.plan : NULL;
        int r = host_read(o->root, run.in.cmdline, &h);
        if (r >= 0)
                r = check_build(&run.sel, p, &run.model, &h, &f);
        if (r < 0) {
                ret = run_failed("check", r);
                goto out;
        }
        print_findings(&f, p, &run.model, ret != EXIT_CONFIG, o->json);
        if (ret == EXIT_OK)
                ret = check_level(&f); /* 1 warnings, 3 would take what the host needs */
out:
        findings_free(&f);
        host_facts_free(&h);
        run_free(&run);
        return run_flush(ret);
}
