/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "cmd/commands.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/selection.h"
#include "sys/inputs.h"
#include "sys/sysfs.h"

/* Everything one decision holds, freed together. */
struct run {
        struct inputs in;
        struct selection sel;
        struct sysfs sys;
        struct model model;
        struct plan plan;
        bool have_plan; /* plan was built: the selection is active and the bus was read */
};

#define RUN_INIT                                                          \
        {                                                                 \
                .sys = {.sys_fd = -1, .devices_fd = -1, .groups_fd = -1 } \
        }

enum run_scope {
        SCOPE_SELECTION, /* read only what the selection names */
        SCOPE_WHOLE_BUS, /* read every function, for check */
};

/*
 * Reads the inputs, decides the selection, reads the bus and plans; logs what
 * is wrong once. Returns EXIT_OK (with have_plan false when nothing is
 * selected), EXIT_CONFIG or EXIT_FAILURE_RUN.
 */
int run_prepare(const struct options *o, struct run *run, enum run_scope scope);
void run_free(struct run *run);

/* sysfs_open() of the root, said once when it fails. */
int run_open_sysfs(const struct options *o, struct sysfs *s);

/* Logs "what: the error" and gives EXIT_FAILURE_RUN: the one report of a failure at the top. */
int run_failed(const char *what, int err);
/* EXIT_FAILURE_RUN, said once, when stdout could not be written; else ret. */
int run_flush(int ret);
