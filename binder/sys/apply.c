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

int apply_overrides(const struct sysfs *s, const struct model *m, const struct plan *p, struct apply *a) {
        *a = (struct apply){ 0 };
        a->unit_err = calloc(p->n_units + 1, sizeof(*a->unit_err));
        a->unit_failed_func = calloc(p->n_units + 1, sizeof(*a->unit_failed_func));
        a->written = calloc(m->n + 1, sizeof(*a->written));
        a->held = calloc(m->n + 1, sizeof(*a->held));
        a->released = calloc(m->n + 1, sizeof(*a->released));
        a->driver = calloc(m->n + 1, sizeof(*a->driver));
        if (!a->unit_err || !a->unit_failed_func || !a->written || !a->held || !a->released || !a->driver) {
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
                        if (a->written[f])
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
                }
                if (a->unit_err[u] < 0)
                        for (k = 0; k < unit->n_funcs; k++)
                                if (mine[k]) {
                                        restore_override(s, &m->v[unit->funcs[k].func]);
                                        a->written[unit->funcs[k].func] = false;
                                        a->held[unit->funcs[k].func][0] = '\0';
                                }
                free(mine);
        }
        return 0;
}

int apply_release(const struct sysfs *s, const struct model *m, size_t f, struct apply *a) {
        int r = sysfs_unbind(s, &m->v[f].addr);

        a->released[f] = r == 0;
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
        return a->driver[i][0] && !(a->released[i] && strcmp(a->driver[i], a->held[i]) == 0);
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
        free(a->written);
        free(a->held);
        free(a->released);
        free(a->driver);
        *a = (struct apply){ 0 };
}
