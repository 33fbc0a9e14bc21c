/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cmd/inuse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys/inuse.h"
#include "sys/log.h"

struct refusals {
        const struct run *run;
        char **said; /* each line once: a process may hold a node many times */
        size_t n;
};

/* Whether bind would hand the function over: one of the plan's functions, companions included. */
static bool moves(const struct run *run, const struct pci_addr *a) {
        for (size_t i = 0; i < run->plan.n_bind; i++)
                if (pci_addr_cmp(&run->model.v[run->plan.bind[i]].addr, a) == 0)
                        return true;
        return false;
}

static int refuse(void *ctx, const struct pci_addr *a, const char *what) {
        struct refusals *c = ctx;
        char name[PCI_ADDR_STRLEN], *line = NULL;

        if (!moves(c->run, a))
                return 0;
        if (asprintf(&line, "%s: %s", pci_addr_format(a, name), what) < 0)
                return -ENOMEM;
        for (size_t i = 0; i < c->n; i++)
                if (strcmp(c->said[i], line) == 0) {
                        free(line);
                        return 0;
                }
        char **v = reallocarray(c->said, c->n + 1, sizeof(*v));
        if (!v) {
                free(line);
                return -ENOMEM;
        }
        c->said = v;
        c->said[c->n++] = line;
        log_msg(LOG_ERR, "refused: %s", line);
        return 0;
}

int inuse_guard(const struct options *o, const struct run *run, int ret) {
        struct refusals c = { .run = run };

        if (ret == EXIT_FAILURE_RUN)
                return ret;
        int r = openers_scan(o->root, run->sys.sys_fd, refuse, &c);
        if (r >= 0)
                r = netinuse_scan(o->root, run->sys.sys_fd, refuse, &c);
        bool refused = c.n > 0;
        for (size_t i = 0; i < c.n; i++)
                free(c.said[i]);
        free(c.said);
        if (r < 0)
                return run_failed("cannot tell what the host uses now", r);
        return refused ? EXIT_DANGER : ret;
}
