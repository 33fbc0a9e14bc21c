/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/moddep.h"

#include <errno.h>
#include <string.h>

/* as the kernel's KBUILD_MODNAME has it */
static void dashes_to_underscores(char *s) {
        for (; *s; s++)
                if (*s == '-')
                        *s = '_';
}

int modname_of(const char *name, char out[MODEL_NAME_MAX]) {
        size_t len = strlen(name);

        if (len == 0)
                return -EINVAL;
        if (len >= MODEL_NAME_MAX)
                return -ENAMETOOLONG;
        memcpy(out, name, len + 1);
        dashes_to_underscores(out);
        return 0;
}

int modname_of_path(const char *path, size_t len, char out[MODEL_NAME_MAX]) {
        const char *base = path;

        for (size_t i = 0; i < len; i++)
                if (path[i] == '/')
                        base = path + i + 1;
        size_t n = 0, blen = (size_t)(path + len - base);
        while (n < blen && base[n] != '.' && base[n] != '\0')
                n++;
        if (n == 0)
                return -EINVAL;
        if (n >= MODEL_NAME_MAX)
                return -ENAMETOOLONG;
        memcpy(out, base, n);
        out[n] = '\0';
        dashes_to_underscores(out);
        return 0;
}

/* The path [p, p+len) names the module called want (normalized). */
static bool path_is(const char *p, size_t len, const char *want) {
        char name[MODEL_NAME_MAX];

        return modname_of_path(p, len, name) == 0 && strcmp(name, want) == 0;
}

/* The next line of [*pos, len) as [*line, *line + *line_len); false at the end. */
static bool next_line(const char *text, size_t len, size_t *pos, const char **line, size_t *line_len) {
        if (*pos >= len)
                return false;
        const char *start = text + *pos;
        const char *nl = memchr(start, '\n', len - *pos);
        size_t l = nl ? (size_t)(nl - start) : len - *pos;

        *line = start;
        *line_len = l;
        *pos += l + (nl != NULL);
        return true;
}

static bool is_blank(char c) {
        return c == ' ' || c == '\t';
}

static int add(struct modfile *out, size_t out_max, size_t *n, const char *path, size_t len) {
        struct modfile f = { .path = path, .path_len = len };
        int r = modname_of_path(path, len, f.name);

        if (r < 0)
                return r;
        for (size_t i = 0; i < *n; i++)
                if (strcmp(out[i].name, f.name) == 0)
                        return 0; /* listed twice: inserted once */
        if (*n >= out_max)
                return -E2BIG;
        out[(*n)++] = f;
        return 0;
}

int moddep_order(const char *text, size_t len, const char *name, struct modfile *out, size_t out_max, size_t *n) {
        char want[MODEL_NAME_MAX];
        const char *line;
        size_t pos = 0, line_len;
        int r = modname_of(name, want);

        *n = 0;
        if (r < 0)
                return r;
        while (next_line(text, len, &pos, &line, &line_len)) {
                const char *colon = memchr(line, ':', line_len);
                if (!colon || !path_is(line, (size_t)(colon - line), want))
                        continue;
                /* a NUL would cut a path short when it is opened */
                if (memchr(line, '\0', line_len))
                        return -EINVAL;
                const char *end = line + line_len;
                /* the dependencies, last first: walk the line backwards */
                for (const char *q = end; q > colon + 1;) {
                        while (q > colon + 1 && is_blank(q[-1]))
                                q--;
                        const char *tok_end = q;
                        while (q > colon + 1 && !is_blank(q[-1]))
                                q--;
                        if (q < tok_end && !path_is(q, (size_t)(tok_end - q), want) &&
                            (r = add(out, out_max, n, q, (size_t)(tok_end - q))) < 0)
                                return r;
                }
                return add(out, out_max, n, line, (size_t)(colon - line));
        }
        return -ENOENT;
}

bool modbuiltin_lists(const char *text, size_t len, const char *name) {
        char want[MODEL_NAME_MAX];
        const char *line;
        size_t pos = 0, line_len;

        if (modname_of(name, want) < 0)
                return false;
        while (next_line(text, len, &pos, &line, &line_len))
                if (path_is(line, line_len, want))
                        return true;
        return false;
}

const char *modfile_compression(const char *path, size_t len) {
        static const struct {
                const char *suffix, *word;
        } kinds[] = { { ".ko", "" }, { ".ko.gz", "gzip" }, { ".ko.xz", "xz" }, { ".ko.zst", "zstd" } };

        for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
                size_t sl = strlen(kinds[i].suffix);
                /* something before the suffix, and not a slash */
                if (len > sl && path[len - sl - 1] != '/' && memcmp(path + len - sl, kinds[i].suffix, sl) == 0)
                        return kinds[i].word;
        }
        return NULL;
}
