/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* /etc/vfio-binder.conf: "key = value" lines, '#' starts a comment. */
struct conf {
        bool has_slots;
        char *slots;
        unsigned slots_line; /* where the value starts, for error positions */
        unsigned slots_column;
};

struct conf_error {
        unsigned line;
        unsigned column;
        const char *what;
};

/* Fails closed: -EINVAL with err set on the first bad line; also -ENOMEM. */
int conf_parse(const char *text, size_t len, struct conf *out, struct conf_error *err);
void conf_free(struct conf *c);
