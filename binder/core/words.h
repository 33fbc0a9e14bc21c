/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#include "core/items.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/selection.h"

/* The stable words of the outputs, each defined here once. */

/* A verdict as the JSON outputs give it: "bind", "group-not-viable"... */
const char *verdict_word(enum plan_verdict v);
/* Where the slots came from, for JSON: "none", "cmdline", "conf". */
const char *source_word(enum slots_source s);
/* The same for people: "the kernel command line", "the conf file". */
const char *source_text(enum slots_source s);
/* A function's role in its unit: "chosen", "same-group", "same-vendor". */
const char *role_word(enum plan_role r);

/* Why a unit was refused, in words; "" for BIND. Cut with "..." when it does not fit. */
void unit_reason(const struct plan_unit *u, const struct item *it, const struct model *m, char *buf, size_t size);
/* An accepted unit's functions: "ADDR [VENDOR:DEVICE class CLASS, same IOMMU group N] ...". */
void unit_functions(const struct plan_unit *u, const struct model *m, char *buf, size_t size);

/*
 * What an accepted unit leaves on its card's own switch, on_switch[k]: named,
 * with the item that would add it (a path when the unit's item is one).
 */
void unit_switch_note(const struct plan_unit *u, const struct item *it, const struct model *m, size_t k, char *buf,
                      size_t size);

/* What makes the selection unusable, one message per error (conf file position, or item and column). */
size_t selection_error_count(const struct selection *sel);
void selection_error_text(const struct selection *sel, const char *conf_path, size_t k, char *buf, size_t size);
/*
 * Where error k is: file, line and column in the conf file (line 0: the file
 * as a whole), or the column in the command line's list (file NULL, line 0);
 * all 0 when it has no position (too many items, more bad items).
 */
struct error_where {
        const char *file;
        unsigned line;
        unsigned column;
};
void selection_error_where(const struct selection *sel, const char *conf_path, size_t k, struct error_where *out);
