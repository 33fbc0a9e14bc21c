/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bind: hand the named cards to vfio-pci now; refuses what the selection rules refuse, and the boot display without
 * --force. */
#include "cmd/targets.h"
#include "sys/log.h"

static bool can_bind(const struct options *o, const struct run *run, const struct plan_unit *u) {
        if (u->verdict != VERDICT_BIND)
                return targets_refuse(run, u);
        if (u->takes_boot_display && !o->force) {
                log_msg(LOG_ERR, "%s: includes the boot display; the console would go dark (--force to do it)",
                        run->sel.items.v[u->item].text);
                return false;
        }
        return true;
}

int cmd_bind(const struct options *o) {
        return targets_move(o, can_bind, true);
}
