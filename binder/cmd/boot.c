/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot: in the initramfs, before udev: write the overrides, load vfio, probe, verify. */
#include <string.h>

#include "cmd/run.h"
#include "core/words.h"
#include "report/report.h"
#include "sys/apply.h"
#include "sys/clock.h"
#include "sys/log.h"
#include "sys/modules.h"

/* generous for asynchronous probing, short enough never to be felt at boot */
#define VERIFY_TIMEOUT_MS 1000

static void report_write_errors(const struct run *run, const struct apply *a) {
        char addr[PCI_ADDR_STRLEN];

        for (size_t u = 0; u < run->plan.n_units; u++) {
                if (a->unit_err[u] >= 0)
                        continue;
                long f = a->unit_failed_func[u];
                log_msg(LOG_ERR, "%s: cannot write driver_override of %s: %s; the item is left unbound",
                        run->sel.items.v[run->plan.units[u].item].text,
                        f >= 0 ? pci_addr_format(&run->model.v[f].addr, addr) : "memory", strerror(-a->unit_err[u]));
        }
}

/* Writes, loads, probes and reads back; logs each function that did not end on vfio-pci. */
static void hand_over(const struct options *o, const struct run *run, long t0) {
        const struct model *m = &run->model;
        struct apply a;
        char addr[PCI_ADDR_STRLEN];
        unsigned on_vfio = 0, written = 0;

        if (apply_overrides(&run->sys, m, &run->plan, &a) < 0) {
                log_msg(LOG_ERR, "out of memory: nothing bound");
                return;
        }
        report_write_errors(run, &a);
        for (size_t i = 0; i < m->n; i++)
                written += a.written[i];
        if (written > 0) {
                bool vfio_pci = modules_load_vfio(o->root);
                apply_probe(&run->sys, m, &a);
                apply_verify(&run->sys, m, &a, vfio_pci, VERIFY_TIMEOUT_MS);
        }
        for (size_t i = 0; i < m->n; i++) {
                if (!a.written[i])
                        continue;
                pci_addr_format(&m->v[i].addr, addr);
                if (strcmp(a.driver[i], "vfio-pci") == 0)
                        on_vfio++;
                else if (a.driver[i][0])
                        log_msg(LOG_WARNING, "%s: %s took it first; override set, left alone until it is unbound", addr,
                                a.driver[i]);
                else
                        log_msg(LOG_WARNING, "%s: no driver bound after the probe", addr);
        }
        log_msg(on_vfio == run->plan.n_bind ? LOG_INFO : LOG_WARNING, "done in %ld ms: %u of %zu functions on vfio-pci",
                monotonic_ms() - t0, on_vfio, run->plan.n_bind);
        apply_free(&a);
}

/* Never fails: whatever happens, the boot goes on. */
int cmd_boot(const struct options *o) {
        struct run run = RUN_INIT;
        long t0 = monotonic_ms();

        if (o->root[0] == '\0')
                log_to_kmsg("/dev/kmsg");
        log_msg(LOG_INFO, "start");
        int ret = run_prepare(o, &run, SCOPE_SELECTION);
        if (run.have_plan) {
                log_msg(LOG_INFO, "slots \"%s\" from %s", run.sel.slots, source_text(run.sel.source));
                report_plan(&run.sel, &run.plan, &run.model);
                hand_over(o, &run, t0);
        } else {
                const char *why = ret == EXIT_CONFIG ? "the configuration is invalid, nothing bound this boot"
                                  : ret != EXIT_OK   ? "nothing bound this boot"
                                  : run.sel.source == SLOTS_NONE ? "no slots configured, nothing to bind"
                                                                 : "slots are off, nothing bound this boot";
                log_msg(ret == EXIT_OK ? LOG_INFO : LOG_ERR, "done in %ld ms: %s", monotonic_ms() - t0, why);
        }
        run_free(&run);
        log_close();
        return EXIT_OK;
}
