/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/rebind.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sys/clock.h"
#include "sys/fileio.h"
#include "sys/log.h"
#include "sys/modules.h"

/* unbind and probe are synchronous; this only covers drivers that probe asynchronously */
#define SETTLE_MS 2000

/* Reads every function's driver until each is (want) or is not (!want) on vfio-pci, or time runs out. */
static void settle(const struct sysfs *s, const struct model *m, const size_t *funcs, size_t n,
                   char (*after)[MODEL_NAME_MAX], bool want_vfio) {
        long deadline = monotonic_ms() + SETTLE_MS;

        for (;;) {
                bool done = true;
                for (size_t k = 0; k < n; k++) {
                        (void)sysfs_read_driver(s, &m->v[funcs[k]].addr, after[k]);
                        bool on_vfio = strcmp(after[k], "vfio-pci") == 0;
                        done &= want_vfio ? on_vfio : !on_vfio && after[k][0];
                }
                if (done || monotonic_ms() >= deadline)
                        return;
                struct timespec step = { .tv_nsec = 20L * 1000000 };
                nanosleep(&step, NULL);
        }
}

static void unbind_driver(const struct sysfs *s, const struct pci_addr *a, const char *why) {
        int r = sysfs_unbind(s, a);

        if (r < 0 && r != -ENOENT) {
                char name[PCI_ADDR_STRLEN];
                log_msg(LOG_WARNING, "%s: cannot unbind it from %s: %s", pci_addr_format(a, name), why, strerror(-r));
        }
}

void rebind_to_vfio(const struct sysfs *s, const struct model *m, const size_t *funcs, size_t n,
                    char (*after)[MODEL_NAME_MAX]) {
        char name[PCI_ADDR_STRLEN];

        for (size_t k = 0; k < n; k++) {
                const struct pci_func *f = &m->v[funcs[k]];
                pci_addr_format(&f->addr, name);
                int r = sysfs_write_function_attr(s, &f->addr, "driver_override", "vfio-pci\n");
                if (r < 0) {
                        log_msg(LOG_ERR, "%s: cannot write driver_override: %s", name, strerror(-r));
                        continue;
                }
                (void)sysfs_read_driver(s, &f->addr, after[k]);
                if (after[k][0] && strcmp(after[k], "vfio-pci") != 0)
                        unbind_driver(s, &f->addr, after[k]);
        }
        for (size_t k = 0; k < n; k++)
                sysfs_probe(s, &m->v[funcs[k]].addr);
        settle(s, m, funcs, n, after, true);
}

void rebind_to_host(const struct sysfs *s, const char *root, const struct model *m, const size_t *funcs, size_t n,
                    char (*after)[MODEL_NAME_MAX]) {
        char name[PCI_ADDR_STRLEN], alias[256];

        for (size_t k = 0; k < n; k++) {
                const struct pci_func *f = &m->v[funcs[k]];
                pci_addr_format(&f->addr, name);
                /* a lone newline clears the override */
                int r = sysfs_write_function_attr(s, &f->addr, "driver_override", "\n");
                if (r < 0)
                        log_msg(LOG_ERR, "%s: cannot clear driver_override: %s", name, strerror(-r));
                (void)sysfs_read_driver(s, &f->addr, after[k]);
                if (strcmp(after[k], "vfio-pci") == 0)
                        unbind_driver(s, &f->addr, "vfio-pci");
                /* udev is not asked: load the host driver the way it would, by modalias */
                int dfd = sysfs_open_function(s, &f->addr);
                if (dfd >= 0 && read_attr(dfd, "modalias", alias, sizeof(alias)) == 0)
                        (void)modules_load_alias(root, alias);
                if (dfd >= 0)
                        close(dfd);
        }
        for (size_t k = 0; k < n; k++)
                sysfs_probe(s, &m->v[funcs[k]].addr);
        settle(s, m, funcs, n, after, false);
}
