/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/bootrecord.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "0000:02:00.0 xhci_hcd\n": an address, a driver name and a newline */
#define LINE_MAX_LEN (PCI_ADDR_STRLEN + MODEL_NAME_MAX + 1)

int boot_record_format(const struct boot_record *r, char **out, size_t *len) {
        size_t size = sizeof(BOOT_RECORD_HEADER) + r->n * LINE_MAX_LEN;
        char *text = malloc(size), addr[PCI_ADDR_STRLEN];

        if (!text)
                return -ENOMEM;
        size_t n = (size_t)snprintf(text, size, "%s", BOOT_RECORD_HEADER);
        for (size_t i = 0; i < r->n; i++)
                n += (size_t)snprintf(text + n, size - n, "%s %s\n", pci_addr_format(&r->v[i].addr, addr),
                                      r->v[i].held[0] ? r->v[i].held : "-");
        *out = text;
        *len = n;
        return 0;
}

/* "ADDR DRIVER" with one blank between and nothing after; false otherwise. */
static bool parse_entry(const char *line, size_t n, struct boot_entry *e) {
        char addr[PCI_ADDR_STRLEN];
        const char *blank = memchr(line, ' ', n);

        if (!blank || (size_t)(blank - line) >= sizeof(addr))
                return false;
        memcpy(addr, line, (size_t)(blank - line));
        addr[blank - line] = '\0';
        const char *driver = blank + 1;
        size_t dlen = n - (size_t)(driver - line);
        if (pci_addr_from_sysfs(addr, &e->addr) < 0 || dlen == 0 || dlen >= sizeof(e->held) ||
            memchr(driver, ' ', dlen) || memchr(driver, '\t', dlen))
                return false;
        if (dlen == 1 && driver[0] == '-') {
                e->held[0] = '\0';
        } else {
                memcpy(e->held, driver, dlen);
                e->held[dlen] = '\0';
        }
        return true;
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
