/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "cmd/run.h"

/*
 * What bind and unbind share. The arguments are addresses and paths in the
 * slots grammar (never selectors), planned as boot would plan them; usable()
 * says which units may move, and logs why not. The functions of those units
 * move to vfio-pci (to_vfio) or back to their host drivers, and one line per
 * function says where each went. EXIT_OK, EXIT_USAGE or EXIT_FAILURE_RUN.
 */
typedef bool (*unit_filter)(const struct options *o, const struct run *run, const struct plan_unit *u);

/* Logs why the unit was refused by the selection rules; false, for usable() to return. */
bool targets_refuse(const struct run *run, const struct plan_unit *u);

int targets_move(const struct options *o, unit_filter usable, bool to_vfio);
