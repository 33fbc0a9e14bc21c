/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/cmdline.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool is_space(char c) {
        /* the kernel's isspace(): space, \t \n \v \f \r, and 0xa0 (Latin-1 NBSP in its _ctype[]) */
        return c == ' ' || (c >= '\t' && c <= '\r') || (unsigned char)c == 0xa0;
}

bool name_eq(const char *a, size_t alen, const char *b) {
        size_t i;

        for (i = 0; i < alen && b[i]; i++) {
                char x = a[i], y = b[i];
                if (x == '-')
                        x = '_';
                if (y == '-')
                        y = '_';
                if (x != y)
                        return false;
        }
        return i == alen && b[i] == '\0';
}

/* One argument of the kernel's next_arg(): [start, end) after quote stripping. */
struct arg {
        const char *param;
        size_t param_len;
        const char *val; /* NULL when there is no '=' */
        size_t val_len;
};

static const char *next_arg(const char *args, struct arg *a) {
        size_t i, equals = 0;
        bool in_quote = false, quoted = false;

        if (*args == '"') {
                args++;
                in_quote = quoted = true;
        }
        for (i = 0; args[i]; i++) {
                if (is_space(args[i]) && !in_quote)
                        break;
                if (equals == 0 && args[i] == '=')
                        equals = i;
                if (args[i] == '"')
                        in_quote = !in_quote;
        }

        size_t end = i;
        /* next_arg() drops a closing quote when the value or the whole arg was quoted */
        a->param = args;
        if (equals == 0) {
                if (quoted && end > 0 && args[end - 1] == '"')
                        end--;
                a->param_len = end;
                a->val = NULL;
                a->val_len = 0;
        } else {
                a->param_len = equals;
                a->val = args + equals + 1;
                if (*a->val == '"') {
                        a->val++;
                        if (end > 0 && args[end - 1] == '"')
                                end--;
                } else if (quoted && end > 0 && args[end - 1] == '"') {
                        end--;
                }
                size_t val_off = (size_t)(a->val - args);
                a->val_len = end > val_off ? end - val_off : 0;
        }

        if (args[i])
                i++;
        args += i;
        while (is_space(*args))
                args++;
        return args;
}

int cmdline_get(const char *cmdline, const char *name, char **value) {
        const char *p = cmdline, *found = NULL;
        size_t found_len = 0;

        while (is_space(*p))
                p++;
        while (*p) {
                struct arg a;

                p = next_arg(p, &a);
                if (a.val == NULL && a.param_len == 2 && memcmp(a.param, "--", 2) == 0)
                        break; /* the rest belongs to init */
                if (name_eq(a.param, a.param_len, name)) {
                        found = a.val ? a.val : "";
                        found_len = a.val_len;
                }
        }
        if (!found)
                return 0;
        *value = strndup(found, found_len);
        return *value ? 1 : -ENOMEM;
}
