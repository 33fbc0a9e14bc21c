/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/pci.h"

#include <errno.h>
#include <stdio.h>

static int hex_value(char c) {
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

int hex_parse(const char *s, size_t *pos, unsigned max_digits, uint32_t *out) {
        size_t i = *pos;
        uint32_t v = 0;
        unsigned n = 0;

        for (int d; (d = hex_value(s[i])) >= 0; i++) {
                if (++n > max_digits)
                        return -ERANGE;
                v = v << 4 | (uint32_t)d;
        }
        if (n == 0)
                return -EINVAL;
        *pos = i;
        *out = v;
        return 0;
}

int pci_addr_from_sysfs(const char *s, struct pci_addr *out) {
        size_t pos = 0, start;
        uint32_t domain, bus, dev, fn;

        /* The kernel prints the domain with %04x: at least four digits. */
        start = pos;
        if (hex_parse(s, &pos, 8, &domain) < 0 || pos - start < 4 || s[pos++] != ':')
                return -EINVAL;
        start = pos;
        if (hex_parse(s, &pos, 2, &bus) < 0 || pos - start != 2 || s[pos++] != ':')
                return -EINVAL;
        start = pos;
        if (hex_parse(s, &pos, 2, &dev) < 0 || pos - start != 2 || dev > 0x1f || s[pos++] != '.')
                return -EINVAL;
        if (hex_parse(s, &pos, 1, &fn) < 0 || fn > 7 || s[pos] != '\0')
                return -EINVAL;
        *out = (struct pci_addr){ .domain = domain, .bus = (uint8_t)bus, .dev = (uint8_t)dev, .fn = (uint8_t)fn };
        return 0;
}

const char *pci_addr_format(const struct pci_addr *a, char buf[PCI_ADDR_STRLEN]) {
        snprintf(buf, PCI_ADDR_STRLEN, "%04x:%02x:%02x.%x", (unsigned)a->domain, a->bus, a->dev, a->fn);
        return buf;
}

int pci_addr_cmp(const struct pci_addr *a, const struct pci_addr *b) {
        if (a->domain != b->domain)
                return a->domain < b->domain ? -1 : 1;
        if (a->bus != b->bus)
                return a->bus < b->bus ? -1 : 1;
        if (a->dev != b->dev)
                return a->dev < b->dev ? -1 : 1;
        if (a->fn != b->fn)
                return a->fn < b->fn ? -1 : 1;
        return 0;
}

int pci_parse_hex_attr(const char *s, unsigned digits, uint32_t *out) {
        size_t pos = 2;

        if (s[0] != '0' || s[1] != 'x' || hex_parse(s, &pos, digits, out) < 0 || pos != 2 + digits || s[pos] != '\0')
                return -EINVAL;
        return 0;
}

int parse_decimal(const char *s, uint32_t max, uint32_t *out) {
        uint64_t v = 0;

        if (*s == '\0')
                return -EINVAL;
        for (; *s; s++) {
                if (*s < '0' || *s > '9')
                        return -EINVAL;
                v = v * 10 + (uint64_t)(*s - '0');
                if (v > max)
                        return -ERANGE;
        }
        *out = (uint32_t)v;
        return 0;
}
