/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "model.h"
#include "plan.h"

/*
 * The status command: the configured selection against what is bound now,
 * per item and per IOMMU group. Returns true when everything configured is on
 * vfio-pci and no item was refused.
 */
bool status_print(FILE *out, const struct config *c, const struct plan *p, const struct model *m, bool json);

/* The list command: every display device with its companions and IOMMU group. */
void list_print(FILE *out, const struct model *m, bool json);
