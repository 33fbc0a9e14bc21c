/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "core/check.h"
#include "core/hostfacts.h"
#include "core/model.h"
#include "core/plan.h"

/* bind's policy (now): a use of this kind means the function is in use now, and bind refuses to move it. */
bool inuse_now(enum host_use u);
/*
 * Appends, as errors, each use now of a function bind would hand over that
 * check only warns of: a mounted file system, a holder (md, dm, bcache), an
 * imported pool's member, a device node a process holds open, an interface up
 * with an address or enslaved; each "ADDR is in use: WHAT; ADVICE". The uses
 * check calls errors (/, swap, a route, what the next boot waits for)
 * check_plan_errors() refuses. -ENOMEM only.
 */
int inuse_findings(const struct plan *p, const struct model *m, const struct host_facts *h, struct findings *out);
