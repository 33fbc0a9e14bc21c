/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "items.h"

enum slots_source {
        SLOTS_NONE,    /* neither the command line nor the conf file sets slots */
        SLOTS_CMDLINE, /* vfio.slots= on the kernel command line */
        SLOTS_CONF,    /* slots = in the conf file */
};

/* The selection this boot uses, and everything wrong with its inputs. */
struct config {
        enum slots_source source;
        char *slots;           /* the list as written */
        unsigned conf_line;    /* SLOTS_CONF: where the list starts in the file */
        unsigned conf_column;
        struct item_list items;
        int items_status; /* 0, or the items_parse() error */
        struct item_errors item_errors;
        int conf_status; /* 0, or -EINVAL: conf_error says why (line 0: the file could not be read) */
        struct conf_error conf_error;
};

/*
 * cmdline and conf_text may be NULL (absent). The command line's vfio.slots=
 * replaces the file's slots entirely, so a broken file is then only worth a
 * warning. Returns 0 when the selection is usable (possibly "bind nothing"),
 * -EINVAL or -E2BIG (more than ITEM_MAX_COUNT items) when it is not (nothing
 * may be bound), -ENOMEM.
 */
int config_load(struct config *c, const char *cmdline, const char *conf_text, size_t conf_len);
void config_free(struct config *c);
