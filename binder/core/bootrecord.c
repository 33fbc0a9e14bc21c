/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/bootrecord.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const action_words[] = {
        [BOOT_HANDED_OVER] = "handed-over",
        [BOOT_LEFT] = "left",
        [BOOT_RELEASED] = "released",
        [BOOT_KEPT_NO_VFIO] = "kept-no-vfio-pci",
        [BOOT_KEPT_WITH_DISPLAY] = "kept-with-display",
};
static_assert(sizeof(action_words) / sizeof(action_words[0]) == BOOT_ACTION_COUNT, "a word for every action");

/* the longest word, for the size of a line */
#define ACTION_MAX sizeof("kept-with-display")

/* "0000:02:00.0 xhci_hcd released\n": an address, a driver name, an action and a newline */
#define LINE_MAX_LEN (PCI_ADDR_STRLEN + MODEL_NAME_MAX + ACTION_MAX + 1)

const char *boot_action_word(enum boot_action a) {
        assert((unsigned)a < BOOT_ACTION_COUNT);
        return action_words[a];
}

int boot_record_format(const struct boot_record *r, char **out, size_t *len) {
        size_t size = sizeof(BOOT_RECORD_HEADER) + r->n * LINE_MAX_LEN;
        char *text = malloc(size), addr[PCI_ADDR_STRLEN];

        if (!text)
                return -ENOMEM;
        size_t n = (size_t)snprintf(text, size, "%s", BOOT_RECORD_HEADER);
        for (size_t i = 0; i < r->n; i++)
                n += (size_t)snprintf(text + n, size - n, "%s %s %s\n", pci_addr_format(&r->v[i].addr, addr),
                                      r->v[i].held[0] ? r->v[i].held : "-", boot_action_word(r->v[i].action));
        *out = text;
        *len = n;
        return 0;
}

/* A field of line[0..n) from *pos up to the next blank or the end: its start and length; false when empty. */
static bool next_field(const char *line, size_t n, size_t *pos, const char **start, size_t *len) {
        const char *blank = memchr(line + *pos, ' ', n - *pos);
        size_t end = blank ? (size_t)(blank - line) : n;

        *start = line + *pos;
        *len = end - *pos;
        *pos = blank ? end + 1 : n;
        return *len > 0 && !memchr(*start, '\t', *len);
}

/* Whether an action may go with a held driver, or with none. */
static bool action_fits(enum boot_action a, bool held) {
        switch (a) {
        case BOOT_HANDED_OVER:
                return !held;
        case BOOT_KEPT_WITH_DISPLAY:
                return true;
        default:
                return held;
        }
}

/* "ADDR DRIVER ACTION", or an older binder's "ADDR DRIVER", one blank between, nothing after; false otherwise. */
static bool parse_entry(const char *line, size_t n, struct boot_entry *e) {
        char addr[PCI_ADDR_STRLEN];
        const char *field, *driver;
        size_t pos = 0, len, dlen;

        if (!next_field(line, n, &pos, &field, &len) || len >= sizeof(addr))
                return false;
        memcpy(addr, field, len);
        addr[len] = '\0';
        if (pci_addr_from_sysfs(addr, &e->addr) < 0 || pos == n || !next_field(line, n, &pos, &driver, &dlen) ||
            dlen >= sizeof(e->held))
                return false;
        bool held = !(dlen == 1 && driver[0] == '-');
        memcpy(e->held, driver, held ? dlen : 0);
        e->held[held ? dlen : 0] = '\0';
        if (pos == n && driver + dlen == line + n) {
                e->action = held ? BOOT_LEFT : BOOT_HANDED_OVER;
                return true;
        }
        if (!next_field(line, n, &pos, &field, &len) || pos != n || field + len != line + n)
                return false;
        for (unsigned a = 0; a < BOOT_ACTION_COUNT; a++)
                if (strlen(action_words[a]) == len && memcmp(field, action_words[a], len) == 0) {
                        e->action = (enum boot_action)a;
                        return action_fits(e->action, held);
                }
        return false;
}

int boot_record_parse(const char *text, size_t len, struct boot_record *out, unsigned *bad_line) {
        size_t cap = 0;
        unsigned line = 0;

        *out = (struct boot_record){ 0 };
        for (size_t pos = 0; pos < len;) {
                const char *start = text + pos;
                const char *nl = memchr(start, '\n', len - pos);
                size_t n = nl ? (size_t)(nl - start) : len - pos;
                pos += n + (nl != NULL);
                line++;
                if (n == 0 || start[0] == '#')
                        continue;
                struct boot_entry e;
                if (memchr(start, '\0', n) || !parse_entry(start, n, &e)) {
                        boot_record_free(out);
                        *bad_line = line;
                        return -EINVAL;
                }
                if (out->n == cap) {
                        size_t c = cap ? cap * 2 : 8;
                        struct boot_entry *v = reallocarray(out->v, c, sizeof(*v));
                        if (!v) {
                                boot_record_free(out);
                                return -ENOMEM;
                        }
                        out->v = v;
                        cap = c;
                }
                out->v[out->n++] = e;
        }
        return 0;
}

const struct boot_entry *boot_record_find(const struct boot_record *r, const struct pci_addr *a) {
        for (size_t i = 0; i < r->n; i++)
                if (pci_addr_cmp(&r->v[i].addr, a) == 0)
                        return &r->v[i];
        return NULL;
}

void boot_record_free(struct boot_record *r) {
        free(r->v);
        *r = (struct boot_record){ 0 };
}
