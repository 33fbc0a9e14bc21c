/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/apply.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sys/clock.h"

/* Puts back what the function had before: the kernel clears an override on a lone newline. */
static void restore_override(const struct sysfs *s, const struct pci_func *f) {
        char value[MODEL_NAME_MAX + 1];

        snprintf(value, sizeof(value), "%s\n", f->override);
        (void)sysfs_write_function_attr(s, &f->addr, "driver_override", value);
}

/*
 * Read once its override is written, so that no driver can take it after:
 * the card's display function bound before the binder ran, left with its
 * host driver by design. Its companions then stay too: a split card's IOMMU
 * group is of no use to a guest, and the host loses the card's audio.
 */
static bool display_held(const struct plan_unit *unit, const struct model *m, const struct apply *a) {
        return unit->chosen >= 0 && pci_func_is_display(&m->v[unit->chosen]) && a->held[unit->chosen][0];
}

/*
 * Puts back the overrides this unit wrote (mine), so that a host driver can
 * probe them later: after a failed write (forgetting them), or to keep the
 * card with the host (kept: recorded as such). Returns kept.
 */
static bool undo(const struct sysfs *s, const struct model *m, const struct plan_unit *unit, const bool *mine,
                 struct apply *a, bool kept) {
        for (size_t k = 0; k < unit->n_funcs; k++) {
                size_t f = unit->funcs[k].func;
                if (!mine[k])
                        continue;
                restore_override(s, &m->v[f]);
                a->written[f] = false;
                if (kept)
                        a->action[f] = BOOT_KEPT_WITH_DISPLAY;
                else
                        a->held[f][0] = '\0';
        }
        return kept;
}

int apply_overrides(const struct sysfs *s, const struct model *m, const struct plan *p, struct apply *a) {
        *a = (struct apply){ 0 };
        a->unit_err = calloc(p->n_units + 1, sizeof(*a->unit_err));
        a->unit_failed_func = calloc(p->n_units + 1, sizeof(*a->unit_failed_func));
        a->unit_kept = calloc(p->n_units + 1, sizeof(*a->unit_kept));
        a->written = calloc(m->n + 1, sizeof(*a->written));
        a->held = calloc(m->n + 1, sizeof(*a->held));
        a->action = calloc(m->n + 1, sizeof(*a->action));
        a->driver = calloc(m->n + 1, sizeof(*a->driver));
        if (!a->unit_err || !a->unit_failed_func || !a->unit_kept || !a->written || !a->held || !a->action ||
            !a->driver) {
                apply_free(a);
                return -ENOMEM;
        }

        for (size_t u = 0; u < p->n_units; u++) {
                const struct plan_unit *unit = &p->units[u];
                size_t k;

                a->unit_failed_func[u] = -1;
                if (unit->verdict != VERDICT_BIND)
                        continue;
                bool *mine = calloc(unit->n_funcs, sizeof(*mine));
                if (!mine) {
                        a->unit_err[u] = -ENOMEM;
                        continue;
                }
                for (k = 0; k < unit->n_funcs; k++) {
                        size_t f = unit->funcs[k].func;
                        if (a->written[f] || a->action[f] == BOOT_KEPT_WITH_DISPLAY)
                                continue; /* an earlier unit shares it */
                        int r = sysfs_write_function_attr(s, &m->v[f].addr, "driver_override", "vfio-pci\n");
                        if (r < 0) {
                                a->unit_err[u] = r;
                                a->unit_failed_func[u] = (long)f;
                                break;
                        }
                        a->written[f] = mine[k] = true;
                        /* bound before the binder ran: a driver built into the kernel, or loaded earlier */
                        if (sysfs_read_driver(s, &m->v[f].addr, a->held[f]) < 0 || strcmp(a->held[f], "vfio-pci") == 0)
                                a->held[f][0] = '\0';
                        a->action[f] = a->held[f][0] ? BOOT_LEFT : BOOT_HANDED_OVER;
                }
                if (a->unit_err[u] < 0)
                        undo(s, m, unit, mine, a, false);
                else if (display_held(unit, m, a))
                        a->unit_kept[u] = undo(s, m, unit, mine, a, true);
                free(mine);
        }
        return 0;
}

int apply_release(const struct sysfs *s, const struct model *m, size_t f, struct apply *a) {
        int r = sysfs_unbind(s, &m->v[f].addr);

        if (r == 0)
                a->action[f] = BOOT_RELEASED;
        return r;
}

void apply_probe(const struct sysfs *s, const struct model *m, const struct apply *a) {
        for (size_t i = 0; i < m->n; i++) {
                char driver[MODEL_NAME_MAX];

                /* a bound function stays as it is, on vfio-pci or on a host driver that came first */
                if (a->written[i] && sysfs_read_driver(s, &m->v[i].addr, driver) == -ENOENT)
                        sysfs_probe(s, &m->v[i].addr); /* the result shows in apply_verify() */
        }
}

/* A function is settled once bound, and a released one once bound to another driver than the one it left. */
static bool settled(const struct apply *a, size_t i) {
        return a->driver[i][0] && !(a->action[i] == BOOT_RELEASED && strcmp(a->driver[i], a->held[i]) == 0);
}

static bool read_drivers(const struct sysfs *s, const struct model *m, struct apply *a) {
        bool all_settled = true;

        for (size_t i = 0; i < m->n; i++) {
                if (!a->written[i] || settled(a, i))
                        continue;
                (void)sysfs_read_driver(s, &m->v[i].addr, a->driver[i]);
                all_settled &= settled(a, i);
        }
        return all_settled;
}

void apply_verify(const struct sysfs *s, const struct model *m, struct apply *a, bool wait, unsigned timeout_ms) {
        long deadline = monotonic_ms() + (long)timeout_ms;

        while (!read_drivers(s, m, a) && wait && monotonic_ms() < deadline) {
                struct timespec step = { .tv_nsec = 10L * 1000000 };
                nanosleep(&step, NULL);
        }
}

void apply_free(struct apply *a) {
        free(a->unit_err);
        free(a->unit_failed_func);
        free(a->unit_kept);
        free(a->written);
        free(a->held);
        free(a->action);
        free(a->driver);
        *a = (struct apply){ 0 };
}
