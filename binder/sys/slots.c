/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The physical slots the firmware or a hotplug driver describes (ROOT/sys/bus/pci/slots), for list. */
#include "sys/sysfs.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys/fileio.h"

static int add_slot(const struct sysfs *s, const char *name, struct pci_slots *slots) {
        char path[PATH_MAX], addr[32], full[40];
        struct pci_slot slot = { 0 };

        if ((size_t)snprintf(path, sizeof(path), "bus/pci/slots/%s/address", name) >= sizeof(path) ||
            strlen(name) >= sizeof(slot.name) || read_attr(s->sys_fd, path, addr, sizeof(addr)) < 0)
                return 0; /* not a slot the list can name */
        /* the address parser takes whole function addresses: complete the slot's */
        snprintf(full, sizeof(full), "%s.0", addr);
        if (pci_addr_from_sysfs(full, &slot.at) < 0) {
                snprintf(full, sizeof(full), "%s:00.0", addr);
                if (pci_addr_from_sysfs(full, &slot.at) < 0)
                        return 0;
                slot.whole_bus = true;
        }
        memcpy(slot.name, name, strlen(name) + 1);
        struct pci_slot *v = reallocarray(slots->v, slots->n + 1, sizeof(*v));
        if (!v)
                return -ENOMEM;
        slots->v = v;
        slots->v[slots->n++] = slot;
        return 0;
}

static int cmp_slot(const void *a, const void *b) {
        return strcmp(((const struct pci_slot *)a)->name, ((const struct pci_slot *)b)->name);
}

int sysfs_read_slots(const struct sysfs *s, struct pci_slots *out) {
        *out = (struct pci_slots){ 0 };
        DIR *d = opendir_at(s->sys_fd, "bus/pci/slots");
        int r = d || errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
        for (struct dirent *e; d && r >= 0 && (errno = 0, e = readdir(d));)
                if (e->d_name[0] != '.')
                        r = add_slot(s, e->d_name, out);
        if (d && r >= 0 && errno != 0)
                r = -errno;
        if (d)
                closedir(d);
        if (r < 0) {
                pci_slots_free(out);
                return r;
        }
        if (out->n > 1)
                qsort(out->v, out->n, sizeof(*out->v), cmp_slot);
        return 0;
}

const char *pci_slot_of(const struct pci_slots *slots, const struct pci_addr *a) {
        for (size_t i = 0; i < slots->n; i++) {
                const struct pci_slot *sl = &slots->v[i];
                if (sl->at.domain == a->domain && sl->at.bus == a->bus && (sl->whole_bus || sl->at.dev == a->dev))
                        return sl->name;
        }
        return NULL;
}

void pci_slots_free(struct pci_slots *slots) {
        free(slots->v);
        *slots = (struct pci_slots){ 0 };
}
