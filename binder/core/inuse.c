/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/inuse.h"

bool inuse_now(enum host_use u) {
        return u != HOST_USE_BOOT_WAITS && u != HOST_USE_NOFAIL;
}

/* "ADDR is in use: WHAT; ADVICE", one style for every use bind refuses. */
static int refuse(const struct host_dev *u, struct findings *out) {
        char a[PCI_ADDR_STRLEN];

        pci_addr_format(&u->addr, a);
        switch (u->use) {
        case HOST_USE_HOLDER:
                return findings_add(out, FINDING_DANGER, "in-use", "%s is in use: %s holds %s; stop it first", a,
                                    u->where, u->name);
        case HOST_USE_POOL:
                return findings_add(out, FINDING_DANGER, "in-use",
                                    "%s is in use: %s is a member of the imported %s; export it first", a, u->name,
                                    u->where);
        case HOST_USE_OPEN:
                return findings_add(out, FINDING_DANGER, "in-use", "%s is in use: %s; stop that process first", a,
                                    u->where);
        case HOST_USE_NET:
                return findings_add(out, FINDING_DANGER, "in-use", "%s is in use: %s; take it out of use first", a,
                                    u->where);
        case HOST_USE_MOUNT:
        case HOST_USE_VITAL_MOUNT:
        case HOST_USE_SWAP:
        case HOST_USE_ROUTE:
        case HOST_USE_BOOT_WAITS:
        case HOST_USE_NOFAIL:
                break;
        }
        return findings_add(out, FINDING_DANGER, "in-use", "%s is in use: %s is mounted from %s; unmount it first", a,
                            u->where, u->name);
}

/* One of the functions bind would hand over, companions included. */
static bool moves(const struct plan *p, const struct model *m, const struct pci_addr *a) {
        for (size_t i = 0; i < p->n_bind; i++)
                if (pci_addr_cmp(&m->v[p->bind[i]].addr, a) == 0)
                        return true;
        return false;
}

int inuse_findings(const struct plan *p, const struct model *m, const struct host_facts *h, struct findings *out) {
        int r = 0;

        for (size_t d = 0; r >= 0 && d < h->n_devs; d++) {
                const struct host_dev *u = &h->devs[d];
                /* what check calls an error, check_plan_errors() refuses already */
                if (moves(p, m, &u->addr) && inuse_now(u->use) && check_boot_level(u->use) != FINDING_DANGER)
                        r = refuse(u, out);
        }
        return r;
}
