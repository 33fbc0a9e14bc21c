/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "core/bootrecord.h"
#include "core/model.h"
#include "core/plan.h"
#include "sys/sysfs.h"

/* What acting on a plan did, parallel to the plan's units and the model. */
struct apply {
        int *unit_err;                  /* per unit: 0, or why its overrides could not all be written */
        long *unit_failed_func;         /* per unit: the function whose write failed, -1 for none */
        bool *unit_kept;                /* per unit: a host driver holds its display function, so the card stays */
        bool *written;                  /* per model function: carries our override now */
        char (*held)[MODEL_NAME_MAX];   /* per written or kept function: the host driver bound when it was written */
        enum boot_action *action;       /* per written or kept function: what boot did with it */
        char (*driver)[MODEL_NAME_MAX]; /* per model function, read back by apply_verify() */
};

/*
 * Writes driver_override for every function of every BIND unit. A unit is all
 * or nothing: when one write fails, the unit's earlier writes are undone.
 * A unit whose display function a host driver already holds is never split:
 * its overrides are put back, none of its functions is handed over, and each
 * is kept (action BOOT_KEPT_WITH_DISPLAY, unit_kept set).
 */
int apply_overrides(const struct sysfs *s, const struct model *m, const struct plan *p, struct apply *a);
/*
 * Unbinds the host driver that held written function f, so the probe hands
 * it to vfio-pci (action BOOT_RELEASED); 0 or -errno. Only once vfio-pci is
 * loaded or built in.
 */
int apply_release(const struct sysfs *s, const struct model *m, size_t f, struct apply *a);
/* Asks the kernel to probe written functions that have no driver yet. */
void apply_probe(const struct sysfs *s, const struct model *m, const struct apply *a);
/*
 * Reads back each written function's driver. With wait, gives a function
 * still without a driver, or still on the driver apply_release() unbound,
 * up to timeout_ms in total (asynchronous probing).
 */
void apply_verify(const struct sysfs *s, const struct model *m, struct apply *a, bool wait, unsigned timeout_ms);
void apply_free(struct apply *a);
