/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot: in the initramfs, before udev: write the overrides, load vfio, probe, verify. */
#include <stdlib.h>
#include <string.h>

#include "cmd/run.h"
#include "core/words.h"
#include "report/report.h"
#include "sys/apply.h"
#include "sys/bootrecord.h"
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

/* Whether some accepted unit may take function f from the driver that holds it. */
static bool releasable(const struct plan *p, const struct model *m, size_t f) {
        for (size_t u = 0; u < p->n_units; u++)
                for (size_t k = 0; k < p->units[u].n_funcs; k++)
                        if (p->units[u].funcs[k].func == f && plan_releases_at_boot(&p->units[u], k, m))
                                return true;
        return false;
}

/* Each unit whose display function a host driver held: the card stays whole with the host, with the fix. */
static void report_kept(const struct run *run, const struct apply *a) {
        char addr[PCI_ADDR_STRLEN];

        for (size_t u = 0; u < run->plan.n_units; u++) {
                if (!a->unit_kept[u])
                        continue;
                long d = run->plan.units[u].chosen;
                pci_addr_format(&run->model.v[d].addr, addr);
                log_msg(LOG_WARNING,
                        "%s: %s bound it before the binder ran; the card stays whole with the host, none of its "
                        "functions handed over: run vfio-binder bind %s after boot",
                        addr, a->held[d], addr);
        }
}

/*
 * A host driver held these functions before the binder ran (built into the
 * kernel, or loaded earlier): a card's companion is unbound for vfio-pci once
 * vfio-pci is there to take it (vfio_pci), the rest is left as it is, with
 * the fix.
 */
static void release_held(const struct run *run, struct apply *a, bool vfio_pci) {
        const struct model *m = &run->model;
        char addr[PCI_ADDR_STRLEN];

        for (size_t f = 0; f < m->n; f++) {
                if (!a->written[f] || !a->held[f][0])
                        continue;
                pci_addr_format(&m->v[f].addr, addr);
                if (!releasable(&run->plan, m, f)) {
                        log_msg(LOG_WARNING,
                                "%s: %s bound it before the binder ran; left as it is (boot unbinds only a card's "
                                "audio, USB and UCSI functions): run vfio-binder bind %s after boot",
                                addr, a->held[f], addr);
                        continue;
                }
                if (!vfio_pci) {
                        a->action[f] = BOOT_KEPT_NO_VFIO;
                        log_msg(LOG_WARNING,
                                "%s: %s bound it before the binder ran; kept on it, as vfio-pci could not be loaded",
                                addr, a->held[f]);
                        continue;
                }
                int r = apply_release(&run->sys, m, f, a);
                if (r < 0)
                        log_msg(LOG_WARNING,
                                "%s: %s bound it before the binder ran and cannot be unbound: %s; run vfio-binder "
                                "bind %s after boot",
                                addr, a->held[f], strerror(-r), addr);
                else
                        log_msg(LOG_INFO, "%s: %s bound it before the binder ran; unbound it for vfio-pci", addr,
                                a->held[f]);
        }
}

/* What status reads to tell what this boot did; a is NULL when nothing was handed over. */
static void save_record(const char *root, const struct model *m, const struct apply *a) {
        struct boot_record rec = { 0 };

        if (a) {
                rec.v = calloc(m->n + 1, sizeof(*rec.v));
                if (!rec.v) {
                        log_msg(LOG_ERR, "cannot write %s%s: out of memory", root, BOOT_RECORD_PATH);
                        return;
                }
                for (size_t i = 0; i < m->n; i++)
                        if (a->written[i] || a->action[i] == BOOT_KEPT_WITH_DISPLAY) {
                                rec.v[rec.n].addr = m->v[i].addr;
                                memcpy(rec.v[rec.n].held, a->held[i], sizeof(a->held[i]));
                                rec.v[rec.n++].action = a->action[i];
                        }
        }
        int r = bootrecord_write(root, &rec);
        if (r < 0)
                log_msg(LOG_WARNING, "cannot write %s%s: %s; status cannot tell what this boot did", root,
                        BOOT_RECORD_PATH, strerror(-r));
        boot_record_free(&rec);
}

/* The closing line of a run that got as far as a plan. */
static void done(const struct run *run, long t0, unsigned on_vfio) {
        log_last(on_vfio == run->plan.n_bind ? LOG_INFO : LOG_WARNING,
                 "done in %ld ms: %u of %zu functions on vfio-pci", monotonic_ms() - t0, on_vfio, run->plan.n_bind);
}

/* Writes, loads, releases, probes and reads back; logs each function that did not end on vfio-pci. */
static void hand_over(const struct options *o, const struct run *run, long t0) {
        const struct model *m = &run->model;
        struct apply a;
        char addr[PCI_ADDR_STRLEN];
        unsigned on_vfio = 0, written = 0;

        if (apply_overrides(&run->sys, m, &run->plan, &a) < 0) {
                log_msg(LOG_ERR, "out of memory: nothing bound");
                save_record(o->root, m, NULL);
                done(run, t0, 0);
                return;
        }
        report_write_errors(run, &a);
        report_kept(run, &a);
        for (size_t i = 0; i < m->n; i++)
                written += a.written[i];
        if (written > 0) {
                /* before any release: a host driver is unbound only for a vfio-pci that can take the function */
                bool vfio_pci = modules_load_vfio(o->root);
                release_held(run, &a, vfio_pci);
                apply_probe(&run->sys, m, &a);
                apply_verify(&run->sys, m, &a, vfio_pci, VERIFY_TIMEOUT_MS);
        }
        for (size_t i = 0; i < m->n; i++) {
                if (!a.written[i])
                        continue;
                pci_addr_format(&m->v[i].addr, addr);
                if (strcmp(a.driver[i], "vfio-pci") == 0)
                        on_vfio++;
                else if (a.held[i][0] && a.action[i] != BOOT_RELEASED)
                        continue; /* release_held() said why */
                else if (a.driver[i][0])
                        log_msg(LOG_WARNING, "%s: %s took it first; override set, left alone until it is unbound", addr,
                                a.driver[i]);
                else
                        log_msg(LOG_WARNING, "%s: no driver bound after the probe", addr);
        }
        save_record(o->root, m, &a);
        done(run, t0, on_vfio);
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
                save_record(o->root, &run.model, NULL);
                log_last(ret == EXIT_OK ? LOG_INFO : LOG_ERR, "done in %ld ms: %s", monotonic_ms() - t0, why);
        }
        run_free(&run);
        log_close();
        return EXIT_OK;
}
