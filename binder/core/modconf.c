/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/modconf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cmdline.h"
#include "core/pci.h"

/* libkmod 30's default_config_paths (libkmod/libkmod.c), in its order: the earlier directory masks a same-named file.
 */
const char *const modprobe_dirs[MODPROBE_DIR_COUNT] = {
        "/etc/modprobe.d",
        "/run/modprobe.d",
        "/usr/local/lib/modprobe.d",
        "/lib/modprobe.d",
};

static int add_name(char (**v)[MODEL_NAME_MAX], size_t *n, const char *name, size_t len) {
        char(*nv)[MODEL_NAME_MAX] = reallocarray(*v, *n + 1, sizeof(**v));
        if (!nv)
                return -ENOMEM;
        *v = nv;
        if (len >= MODEL_NAME_MAX)
                len = MODEL_NAME_MAX - 1;
        memcpy(nv[*n], name, len);
        nv[*n][len] = '\0';
        (*n)++;
        return 0;
}

/* s[0..len) is one hex number of 1 to 8 digits. */
static int hex_exact(const char *s, size_t len, uint32_t *out) {
        size_t pos = 0;

        return hex_parse(s, &pos, 8, out) == 0 && pos == len ? 0 : -EINVAL;
}

int modconf_add_ids(struct modconf *mc, const char *value, const char *source) {
        const char *p = value;

        for (;;) {
                size_t len = strcspn(p, ",");
                const char *colon = memchr(p, ':', len);
                struct pci_id_match id = { 0 };

                if (colon) {
                        size_t dlen = strcspn(colon + 1, ":,");
                        if (dlen > (size_t)(p + len - colon - 1))
                                dlen = (size_t)(p + len - colon - 1);
                        if (hex_exact(p, (size_t)(colon - p), &id.vendor) == 0 &&
                            hex_exact(colon + 1, dlen, &id.device) == 0) {
                                struct pci_id_match *v = reallocarray(mc->ids, mc->n_ids + 1, sizeof(*v));
                                if (!v)
                                        return -ENOMEM;
                                snprintf(id.source, sizeof(id.source), "%s", source);
                                mc->ids = v;
                                mc->ids[mc->n_ids++] = id;
                        }
                }
                if (p[len] == '\0')
                        return 0;
                p += len + 1;
        }
}

bool modconf_id_matches(const struct pci_id_match *id, const struct pci_func *f) {
        return !f->unreadable && (id->vendor == 0xffffffff || id->vendor == f->vendor) &&
               (id->device == 0xffffffff || id->device == f->device);
}

/* The next blank-separated word of s[*pos..end); false at the end. */
static bool word(const char *s, size_t end, size_t *pos, const char **w, size_t *len) {
        size_t i = *pos;

        while (i < end && (s[i] == ' ' || s[i] == '\t'))
                i++;
        if (i == end)
                return false;
        *w = s + i;
        while (i < end && s[i] != ' ' && s[i] != '\t')
                i++;
        *len = (size_t)(s + i - *w);
        *pos = i;
        return true;
}

static bool word_is(const char *w, size_t len, const char *lit) {
        return len == strlen(lit) && memcmp(w, lit, len) == 0;
}

static int parse_statement(struct modconf *mc, const char *s, size_t end, const char *source) {
        size_t pos = 0, len, alen;
        const char *cmd, *mod, *arg;

        if (!word(s, end, &pos, &cmd, &len) || !word(s, end, &pos, &mod, &alen))
                return 0;
        if (word_is(cmd, len, "blacklist"))
                return add_name(&mc->blacklist, &mc->n_blacklist, mod, alen);
        if (word_is(cmd, len, "install") && word(s, end, &pos, &arg, &len) &&
            (word_is(arg, len, "/bin/false") || word_is(arg, len, "/bin/true") || word_is(arg, len, "/usr/bin/false") ||
             word_is(arg, len, "/usr/bin/true") || word_is(arg, len, "false") || word_is(arg, len, "true")))
                return add_name(&mc->disabled, &mc->n_disabled, mod, alen);
        if (word_is(cmd, len, "options") && name_eq(mod, alen, "vfio-pci"))
                while (word(s, end, &pos, &arg, &len))
                        if (len > 4 && memcmp(arg, "ids=", 4) == 0) {
                                char value[512];
                                size_t vlen = 0;
                                /* the kernel strips the quotes of ids="10de:2204,10de:1aef" */
                                for (size_t i = 4; i < len && vlen < sizeof(value) - 1; i++)
                                        if (arg[i] != '"')
                                                value[vlen++] = arg[i];
                                value[vlen] = '\0';
                                int r = modconf_add_ids(mc, value, source);
                                if (r < 0)
                                        return r;
                        }
        return 0;
}

int modconf_parse(struct modconf *mc, const char *text, const char *source) {
        for (const char *p = text; *p;) {
                size_t len = strcspn(p, "\n");
                size_t end = strcspn(p, "#");
                if (end > len)
                        end = len;
                int r = parse_statement(mc, p, end, source);
                if (r < 0)
                        return r;
                p += len + (p[len] == '\n');
        }
        return 0;
}

void modconf_free(struct modconf *mc) {
        free(mc->ids);
        free(mc->blacklist);
        free(mc->disabled);
        *mc = (struct modconf){ 0 };
}

int options_without(const char *options, const char *param, char *out, size_t size) {
        size_t plen = strlen(param), used = 0;
        const char *p = options;

        if (size == 0)
                return -ENOSPC;
        while (*p) {
                while (*p == ' ')
                        p++;
                if (!*p)
                        break;
                /* a value may be quoted and hold spaces, as in modprobe.d */
                const char *start = p;
                bool quoted = false;
                for (; *p && (quoted || *p != ' '); p++)
                        if (*p == '"')
                                quoted = !quoted;
                size_t len = (size_t)(p - start);
                bool drop = len >= plen && strncmp(start, param, plen) == 0 && (len == plen || start[plen] == '=');
                if (drop)
                        continue;
                if (used + (used > 0) + len >= size)
                        return -ENOSPC;
                if (used > 0)
                        out[used++] = ' ';
                memcpy(out + used, start, len);
                used += len;
        }
        out[used] = '\0';
        return 0;
}

/* Appends s[0..len) to the string out, after a space when out is not empty; nothing for "". */
static int append_option(char *out, size_t size, const char *s, size_t len) {
        size_t used = strlen(out);

        if (len == 0)
                return 0;
        if (used + (used > 0) + len >= size)
                return -ENOSPC;
        if (used > 0)
                out[used++] = ' ';
        memcpy(out + used, s, len);
        out[used + len] = '\0';
        for (char *t = out + used; (t = strchr(t, '\t'));)
                *t = ' ';
        return 0;
}

/* One logical line of a modprobe.d text into line, which has room for all of it (libkmod's freadline_wrapped()); NULL
 * at the end. */
static const char *logical_line(const char *p, char *line, size_t *len) {
        size_t n = 0;

        if (*p == '\0')
                return NULL;
        while (*p && *p != '\n') {
                if (*p == '\\') {
                        p++;
                        if (*p == '\n') {
                                p++;
                                continue;
                        }
                        if (*p == '\0')
                                break;
                }
                line[n++] = *p++;
        }
        line[n] = '\0';
        *len = n;
        return *p == '\n' ? p + 1 : p;
}

int modconf_options(const char *text, const char *module, char *out, size_t size) {
        char *line = malloc(strlen(text) + 1);
        size_t len;
        int r = 0;

        if (!line)
                return -ENOMEM;
        for (const char *p = text; r == 0 && (p = logical_line(p, line, &len));) {
                size_t pos = 0, cmd_len, mod_len;
                const char *cmd, *mod;
                if (line[0] == '#' || !word(line, len, &pos, &cmd, &cmd_len) || !word_is(cmd, cmd_len, "options") ||
                    !word(line, len, &pos, &mod, &mod_len) || !name_eq(mod, mod_len, module) || pos == len)
                        continue;
                /* strtok_r() ended the name at one blank: the options are everything after it */
                r = append_option(out, size, line + pos + 1, len - pos - 1);
        }
        free(line);
        return r;
}

/* One word the scan below completed: MODNAME.PARAM[=VALUE] as libkmod hands it on. */
static int cmdline_option(const char *modname, const char *param, const char *module, char *out, size_t size) {
        if (!name_eq(modname, strlen(modname), module))
                return 0;
        if (strcmp(modname, "modprobe") == 0 && strncmp(param, "blacklist=", 10) == 0)
                return 0;
        return append_option(out, size, param, strlen(param));
}

/*
 * libkmod's kmod_config_parse_kcmdline() state machine, step for step on a
 * copy, so that the odd cases (quotes, re-quoting) come out as it has them.
 */
int modconf_cmdline_options(const char *cmdline, const char *module, char *out, size_t size) {
        enum {
                IGNORE,
                MODNAME,
                PARAM,
                VALUE,
                COMPLETE
        } state = MODNAME;
        char *buf = strdup(cmdline), *p, *modname, *param = NULL, *value = NULL, *quote_start = NULL;
        bool quoted = false, more = true;
        int r = 0;

        if (!buf)
                return -ENOMEM;
        for (p = buf, modname = buf; more && r == 0; p++) {
                switch (*p) {
                case '"':
                        quoted = !quoted;
                        /* a quote opens a word only before its module name */
                        if (quoted && state == MODNAME && p == modname) {
                                quote_start = p;
                                modname = p + 1;
                        } else if (state != VALUE) {
                                state = IGNORE;
                        }
                        break;
                case '\0':
                        more = false;
                        /* fall through */
                case ' ':
                case '\n':
                case '\t':
                case '\v':
                case '\f':
                case '\r':
                        if (quoted && state == VALUE) {
                                /* a space inside a quoted value */
                        } else if (quoted) {
                                state = IGNORE;
                        } else if (state == VALUE || state == PARAM) {
                                *p = '\0';
                                state = COMPLETE;
                        } else {
                                modname = p + 1;
                                state = MODNAME;
                                quote_start = NULL;
                        }
                        break;
                case '.':
                        if (state == MODNAME) {
                                *p = '\0';
                                param = p + 1;
                                state = PARAM;
                        } else if (state == PARAM) {
                                state = IGNORE;
                        }
                        break;
                case '=':
                        if (state == PARAM) {
                                value = p + 1;
                                state = VALUE;
                        } else if (state == MODNAME) {
                                state = IGNORE;
                        }
                        break;
                default:
                        break;
                }
                if (state == COMPLETE) {
                        if (quote_start && quote_start < modname) {
                                /* "mod.p=a b" from the boot loader: shift "mod\0p=" left and quote the value */
                                memmove(quote_start, modname, (size_t)(value - modname));
                                value--, modname--, param--;
                                *value = '"';
                        }
                        r = cmdline_option(modname, param, module, out, size);
                        modname = p + 1;
                        state = MODNAME;
                        quote_start = NULL;
                }
        }
        free(buf);
        return r;
}
