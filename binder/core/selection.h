/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/conffile.h"
#include "core/items.h"

/* The conf file is read whole, and refused above this size. */
#define CONF_FILE_MAX_KIB 64
#define CONF_FILE_MAX ((size_t)CONF_FILE_MAX_KIB * 1024)

enum slots_source {
        SLOTS_NONE,    /* neither the command line nor the conf file sets slots */
        SLOTS_CMDLINE, /* vfio.slots= on the kernel command line */
        SLOTS_CONF,    /* slots = in the conf file */
};
#define SLOTS_SOURCE_COUNT (SLOTS_CONF + 1)

/* The conf file as it was read: text NULL when absent, read_err < 0 when it exists but could not be read. */
struct conf_input {
        const char *text;
        size_t len;
        int read_err;
};

/* The selection this boot uses, and everything wrong with its inputs. */
struct selection {
        enum slots_source source;
        char *slots;        /* the list as written */
        unsigned conf_line; /* SLOTS_CONF: where the list starts in the file */
        unsigned conf_column;
        struct item_list items;
        int items_status; /* 0, or the items_parse() error */
        struct item_errors item_errors;
        int conf_status; /* 0, or -EINVAL: conf_error says why (line 0: the file could not be read) */
        struct conf_error conf_error;
};

/*
 * cmdline may be NULL (absent). The command line's vfio.slots= replaces the
 * file's slots entirely, so a broken or unreadable file is then only worth a
 * warning; without it, such a file fails closed. Returns 0 when the selection
 * is usable (possibly "bind nothing"), -EINVAL or -E2BIG (more than
 * ITEM_MAX_COUNT items) when it is not (nothing may be bound), -ENOMEM.
 */
int selection_load(struct selection *sel, const char *cmdline, const struct conf_input *conf);
/* Slots are set and not "off": there is something to plan. */
bool selection_active(const struct selection *sel);
void selection_free(struct selection *sel);
