/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#include "core/selection.h"

/* The kernel's COMMAND_LINE_SIZE is at most 4 KiB on x86 today; room for others. */
#define CMDLINE_MAX ((size_t)64 * 1024)

/* The inputs of one run: the kernel command line and the conf file, read with bounds. */
struct inputs {
        char *cmdline; /* NULL when it could not be read (logged) */
        char *conf;    /* NULL when absent or unreadable */
        struct conf_input conf_in;
};

/*
 * cmdline_arg, when not NULL, replaces root/proc/cmdline. A conf file that
 * exists but cannot be read is not an error here: conf_in.read_err says so
 * and selection_load() decides. -ENOMEM only.
 */
int inputs_read(const char *root, const char *cmdline_arg, const char *conf_path, struct inputs *in);
void inputs_free(struct inputs *in);
