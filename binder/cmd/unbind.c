/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unbind: give the named cards back to their host drivers now. */
#include "cmd/targets.h"

/* Giving a card back needs no viable group, only the card. */
static bool can_unbind(const struct options *o, const struct run *run, const struct plan_unit *u) {
        (void)o;
        return u->verdict == VERDICT_BIND || u->verdict == VERDICT_GROUP_SHARED || u->verdict == VERDICT_NO_IOMMU ||
               targets_refuse(run, u);
}

int cmd_unbind(const struct options *o) {
        return targets_move(o, can_unbind, false);
}
