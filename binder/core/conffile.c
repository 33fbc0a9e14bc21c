/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/conffile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool is_blank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
}

static bool is_key_char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int fail(struct conf_error *err, unsigned line, size_t column, const char *what) {
        *err = (struct conf_error){ .line = line, .column = (unsigned)column + 1, .what = what };
        return -EINVAL;
}

static int parse_line(const char *s, size_t n, unsigned line, struct conf *out, struct conf_error *err) {
        size_t i = 0, end = n;

        for (size_t k = 0; k < n; k++)
                if (s[k] == '#') {
                        end = k;
                        break;
                }
        while (end > 0 && is_blank(s[end - 1]))
                end--;
        while (i < end && is_blank(s[i]))
                i++;
        if (i == end)
                return 0;

        size_t key = i;
        while (i < end && is_key_char(s[i]))
                i++;
        if (i == key)
                return fail(err, line, i, "expected a key");
        size_t key_len = i - key;
        while (i < end && is_blank(s[i]))
                i++;
        if (i == end || s[i] != '=')
                return fail(err, line, i, "expected '=' after the key");
        i++;
        while (i < end && is_blank(s[i]))
                i++;

        if (!(key_len == 5 && memcmp(s + key, "slots", 5) == 0))
                return fail(err, line, key, "unknown key (the only key is 'slots')");
        if (out->has_slots)
                return fail(err, line, key, "'slots' is set twice");
        /* the kernel's command line quotes; the file does not, and a quote would reach the item parser */
        if (i < end && (s[i] == '"' || s[i] == '\''))
                return fail(err, line, i, "the conf file takes no quotes: write slots = 02:00.0, 03:00.0");
        out->slots = strndup(s + i, end - i);
        if (!out->slots)
                return -ENOMEM;
        out->has_slots = true;
        out->slots_line = line;
        out->slots_column = (unsigned)i + 1;
        return 0;
}

int conf_parse(const char *text, size_t len, struct conf *out, struct conf_error *err) {
        unsigned line = 1;

        *out = (struct conf){ 0 };
        /* editors on another system may write one; "expected a key" at 1:1 would not say what to remove */
        if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
                return fail(err, 1, 0, "the file starts with a UTF-8 byte-order mark: save it without one");
        for (size_t start = 0; start < len; line++) {
                const char *nl = memchr(text + start, '\n', len - start);
                size_t n = nl ? (size_t)(nl - (text + start)) : len - start;
                const char *nul = memchr(text + start, '\0', n);
                int r;

                if (nul)
                        r = fail(err, line, (size_t)(nul - (text + start)), "NUL byte");
                else
                        r = parse_line(text + start, n, line, out, err);
                if (r < 0) {
                        conf_free(out);
                        return r;
                }
                start += n + 1;
        }
        return 0;
}

void conf_free(struct conf *c) {
        free(c->slots);
        *c = (struct conf){ 0 };
}
