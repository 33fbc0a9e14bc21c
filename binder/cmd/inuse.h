/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "cmd/run.h"

/*
 * bind's refusal of what the host uses now: a device node a process holds
 * open, a network interface up with an address or enslaved, on any function
 * the plan would hand over. Each use is logged "refused: ADDR: WHAT". Gives
 * EXIT_DANGER when there is one, EXIT_FAILURE_RUN when the scan failed, else
 * ret (the guard's verdict so far, which a failure keeps without a scan).
 */
int inuse_guard(const struct options *o, const struct run *run, int ret);
