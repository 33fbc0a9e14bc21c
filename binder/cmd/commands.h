/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* The exit codes every command shares; check adds its finding levels (1 and 3). */
enum exit_code {
        EXIT_OK = 0,
        EXIT_FAILURE_RUN = 1, /* could not do the job: sysfs unreadable, out of memory */
        EXIT_CONFIG = 2,      /* the configuration is wrong */
        EXIT_DANGER = 3,      /* check and bind: would take what the host runs on */
        EXIT_USAGE = 64,
};

/* The common options, as main() parsed them. */
struct options {
        const char *root; /* "" for the real system */
        const char *cmdline;
        const char *conf;
        bool json;
        bool force;
        char conf_path[PATH_MAX];
        char **args; /* bind and unbind: the addresses */
        int n_args;
};

/* A row of the command table: table-host.c has every command, table-initramfs.c what the image runs. */
struct command {
        const char *name;
        int (*run)(const struct options *o);
        bool takes_args; /* ADDR... */
        const char *help;
};

extern const struct command commands[];
extern const size_t n_commands;

/* One per command, each in its own file. */
int cmd_boot(const struct options *o);
int cmd_plan(const struct options *o);
int cmd_status(const struct options *o);
int cmd_list(const struct options *o);
int cmd_check(const struct options *o);
int cmd_bind(const struct options *o);
int cmd_unbind(const struct options *o);
