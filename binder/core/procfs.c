/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/procfs.h"

#include "core/fstab.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* /proc/net/route separates by tabs, the others by spaces */
#define BLANKS " \t"

/* Skips n fields; false when there are fewer. */
static bool skip(const char **s, unsigned n) {
        for (unsigned i = 0; i < n; i++) {
                const char *p = *s + strspn(*s, BLANKS);
                size_t len = strcspn(p, BLANKS);
                if (len == 0)
                        return false;
                *s = p + len;
        }
        return true;
}

bool procfs_mountinfo_line(const char *line, struct mount_entry *m) {
        const char *s = line;
        char tag[PATH_MAX];

        *m = (struct mount_entry){ 0 };
        if (!skip(&s, 2) || !fs_field(&s, m->majmin, sizeof(m->majmin)) || !skip(&s, 1) ||
            !fs_field(&s, m->point, sizeof(m->point)))
                return false;
        /* optional tags up to "-", then the file system type, the source and the super options */
        while (fs_field(&s, tag, sizeof(tag)))
                if (strcmp(tag, "-") == 0) {
                        if (fs_field(&s, m->fstype, sizeof(m->fstype)) && fs_field(&s, m->source, sizeof(m->source)) &&
                            fs_field(&s, m->options, sizeof(m->options)))
                                fs_option(m->options, "addr", m->server, sizeof(m->server));
                        break;
                }
        return true;
}

bool procfs_swaps_line(const char *line, struct swap_entry *sw) {
        const char *s = line;
        char type[16];

        *sw = (struct swap_entry){ 0 };
        if (!fs_field(&s, sw->file, sizeof(sw->file)) || !fs_field(&s, type, sizeof(type)) ||
            strcmp(sw->file, "Filename") == 0)
                return false;
        sw->partition = strcmp(type, "partition") == 0;
        return true;
}

static int hex_nibble(char c) {
        return c >= '0' && c <= '9'   ? c - '0'
               : c >= 'a' && c <= 'f' ? c - 'a' + 10
               : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                      : -1;
}

/* n bytes from 2n hex digits, in the order written. */
static bool hex_bytes(const char *s, unsigned char *out, size_t n) {
        if (strlen(s) != 2 * n)
                return false;
        for (size_t i = 0; i < n; i++) {
                int hi = hex_nibble(s[2 * i]), lo = hex_nibble(s[2 * i + 1]);
                if (hi < 0 || lo < 0)
                        return false;
                out[i] = (unsigned char)(hi << 4 | lo);
        }
        return true;
}

static unsigned prefix_len(const unsigned char *mask, size_t n) {
        unsigned len = 0;
        for (size_t i = 0; i < n; i++)
                for (int b = 7; b >= 0 && (mask[i] >> b & 1); b--)
                        len++;
        return len;
}

/*
 * An IPv4 address of /proc/net/route: the kernel prints the __be32 as a
 * number in host order ("%08X"), so its bytes in memory are the address's
 * bytes in network order on little- and big-endian machines alike.
 */
static bool route_addr(const char *hex, unsigned char out[4]) {
        unsigned char b[4];
        uint32_t v;

        if (!hex_bytes(hex, b, 4))
                return false;
        v = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
        memcpy(out, &v, 4);
        return true;
}

/* Iface Destination Gateway Flags RefCnt Use Metric Mask ... */
bool procfs_route_line(const char *line, struct route_entry *r) {
        const char *s = line;
        char dest[16], mask[16];
        unsigned char m[4];

        *r = (struct route_entry){ 0 };
        if (!fs_field(&s, r->iface, sizeof(r->iface)) || !fs_field(&s, dest, sizeof(dest)) || !skip(&s, 5) ||
            !fs_field(&s, mask, sizeof(mask)) || !route_addr(dest, r->dest) || !route_addr(mask, m))
                return false;
        r->plen = prefix_len(m, 4);
        return true;
}

/* DEST PLEN SRC SPLEN NEXTHOP METRIC REFCNT USE FLAGS IFACE */
bool procfs_route6_line(const char *line, struct route_entry *r) {
        const char *s = line;
        char dest[40], plen[8];
        unsigned char p;

        *r = (struct route_entry){ 0 };
        if (!fs_field(&s, dest, sizeof(dest)) || !fs_field(&s, plen, sizeof(plen)) || !skip(&s, 7) ||
            !fs_field(&s, r->iface, sizeof(r->iface)) || !hex_bytes(dest, r->dest, 16) || !hex_bytes(plen, &p, 1) ||
            p > 128)
                return false;
        r->plen = p;
        return true;
}

bool procfs_if_inet6_line(const char *line, struct inet6_entry *e) {
        const char *s = line;
        char addr[40], scope[8];
        unsigned char sc;

        *e = (struct inet6_entry){ 0 };
        if (!fs_field(&s, addr, sizeof(addr)) || !skip(&s, 2) || !fs_field(&s, scope, sizeof(scope)) || !skip(&s, 1) ||
            !fs_field(&s, e->iface, sizeof(e->iface)) || !hex_bytes(addr, e->addr, 16) || !hex_bytes(scope, &sc, 1))
                return false;
        e->scope = sc;
        return true;
}

bool procfs_route_default(const char *line, char iface[PROCFS_IFACE_MAX]) {
        struct route_entry r;

        if (!procfs_route_line(line, &r) || r.plen != 0 || memcmp(r.dest, "\0\0\0\0", 4) != 0)
                return false;
        memcpy(iface, r.iface, PROCFS_IFACE_MAX);
        return true;
}

bool procfs_route6_default(const char *line, char iface[PROCFS_IFACE_MAX]) {
        static const unsigned char zero[16];
        struct route_entry r;

        /* the kernel's unreachable default route sits on lo */
        if (!procfs_route6_line(line, &r) || r.plen != 0 || memcmp(r.dest, zero, 16) != 0 || strcmp(r.iface, "lo") == 0)
                return false;
        memcpy(iface, r.iface, PROCFS_IFACE_MAX);
        return true;
}

bool route_covers(const struct route_entry *r, const unsigned char *addr, size_t len) {
        if (r->plen > len * 8)
                return false;
        for (unsigned bit = 0; bit < r->plen; bit++) {
                unsigned char m = (unsigned char)(0x80 >> (bit % 8));
                if ((r->dest[bit / 8] & m) != (addr[bit / 8] & m))
                        return false;
        }
        return true;
}
