/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "apply.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"

static int set_override(const struct sysfs *s, const struct pci_addr *addr, const char *value) {
        int dfd = sysfs_open_function(s, addr);
        if (dfd < 0)
                return dfd;
        int r = write_attr(dfd, "driver_override", value);
        close(dfd);
        return r;
}

/* Puts back what the function had before: the kernel clears an override on a lone newline. */
static void restore_override(const struct sysfs *s, const struct pci_func *f) {
        char value[MODEL_NAME_MAX + 1];

        snprintf(value, sizeof(value), "%s\n", f->override);
        (void)set_override(s, &f->addr, value);
}

int apply_overrides(const struct sysfs *s, const struct model *m, const struct plan *p, struct apply *a) {
        *a = (struct apply){ 0 };
        a->unit_err = calloc(p->n_units + 1, sizeof(*a->unit_err));
        a->unit_func = calloc(p->n_units + 1, sizeof(*a->unit_func));
        a->written = calloc(m->n + 1, sizeof(*a->written));
        a->driver = calloc(m->n + 1, sizeof(*a->driver));
        if (!a->unit_err || !a->unit_func || !a->written || !a->driver) {
                apply_free(a);
                return -ENOMEM;
        }

        for (size_t u = 0; u < p->n_units; u++) {
                const struct plan_unit *unit = &p->units[u];
                size_t k;

                a->unit_func[u] = -1;
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
                        int r = set_override(s, &m->v[f].addr, "vfio-pci\n");
                        if (r < 0) {
                                a->unit_err[u] = r;
                                a->unit_func[u] = (long)f;
                                break;
                        }
                        a->written[f] = mine[k] = true;
                }
                if (a->unit_err[u] < 0)
                        for (k = 0; k < unit->n_funcs; k++)
                                if (mine[k]) {
                                        restore_override(s, &m->v[unit->funcs[k].func]);
                                        a->written[unit->funcs[k].func] = false;
                                }
                free(mine);
        }
        return 0;
}

void apply_probe(const struct sysfs *s, const struct model *m, const struct apply *a) {
        for (size_t i = 0; i < m->n; i++) {
                char name[PCI_ADDR_STRLEN], driver[MODEL_NAME_MAX];

                if (!a->written[i])
                        continue;
                int dfd = sysfs_open_function(s, &m->v[i].addr);
                if (dfd < 0)
                        continue;
                int r = read_link_name(dfd, "driver", driver, sizeof(driver));
                close(dfd);
                if (r != -ENOENT)
                        continue; /* bound, to vfio-pci or to a host driver that came first */
                pci_addr_format(&m->v[i].addr, name);
                /* the result shows in apply_verify(); a failed probe is not an error here */
                (void)write_attr(s->sys_fd, "bus/pci/drivers_probe", name);
        }
}

static long now_ms(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool read_drivers(const struct sysfs *s, const struct model *m, struct apply *a) {
        bool all_bound = true;

        for (size_t i = 0; i < m->n; i++) {
                if (!a->written[i] || a->driver[i][0])
                        continue;
                int dfd = sysfs_open_function(s, &m->v[i].addr);
                if (dfd < 0 || read_link_name(dfd, "driver", a->driver[i], sizeof(a->driver[i])) < 0) {
                        a->driver[i][0] = '\0';
                        all_bound = false;
                }
                if (dfd >= 0)
                        close(dfd);
        }
        return all_bound;
}

void apply_verify(const struct sysfs *s, const struct model *m, struct apply *a, bool wait, unsigned timeout_ms) {
        long deadline = now_ms() + (long)timeout_ms;

        while (!read_drivers(s, m, a) && wait && now_ms() < deadline) {
                struct timespec step = { .tv_nsec = 10L * 1000000 };
                nanosleep(&step, NULL);
        }
}

void apply_free(struct apply *a) {
        free(a->unit_err);
        free(a->unit_func);
        free(a->written);
        free(a->driver);
        *a = (struct apply){ 0 };
}
