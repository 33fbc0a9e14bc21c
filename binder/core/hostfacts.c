/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/hostfacts.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int host_add_dev(struct host_facts *h, const struct pci_addr *a, enum host_use use, const char *where,
                 const char *name) {
        for (size_t i = 0; i < h->n_devs; i++)
                if (pci_addr_cmp(&h->devs[i].addr, a) == 0 && h->devs[i].use == use &&
                    strcmp(h->devs[i].where, where) == 0 && strcmp(h->devs[i].name, name) == 0)
                        return 0;
        struct host_dev *v = reallocarray(h->devs, h->n_devs + 1, sizeof(*v));
        if (!v)
                return -ENOMEM;
        h->devs = v;
        struct host_dev *d = &v[h->n_devs++];
        *d = (struct host_dev){ .addr = *a, .use = use };
        snprintf(d->where, sizeof(d->where), "%s", where);
        snprintf(d->name, sizeof(d->name), "%s", name);
        snprintf(d->what, sizeof(d->what), "%s (%s)", d->where, d->name);
        return 0;
}

int host_add_note(struct host_facts *h, const char *what, const char *fmt, ...) {
        struct host_note *v = reallocarray(h->notes, h->n_notes + 1, sizeof(*v));
        va_list ap;

        if (!v)
                return -ENOMEM;
        h->notes = v;
        snprintf(v[h->n_notes].what, sizeof(v[h->n_notes].what), "%s", what);
        va_start(ap, fmt);
        vsnprintf(v[h->n_notes].why, sizeof(v[h->n_notes].why), fmt, ap);
        va_end(ap);
        h->n_notes++;
        return 0;
}

void host_facts_free(struct host_facts *h) {
        free(h->devs);
        free(h->notes);
        modconf_free(&h->mod);
        *h = (struct host_facts){ 0 };
}
