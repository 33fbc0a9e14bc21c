/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/procfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* /proc/net/route separates by tabs, the others by spaces */
#define BLANKS " \t"

/* The next blank-separated field of *s, copied into out; false when there is none or it does not fit. */
static bool field(const char **s, char *out, size_t size) {
        const char *p = *s + strspn(*s, BLANKS);
        size_t n = strcspn(p, BLANKS);

        if (n == 0 || n >= size)
                return false;
        memcpy(out, p, n);
        out[n] = '\0';
        *s = p + n;
        return true;
}

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
        if (!skip(&s, 2) || !field(&s, m->majmin, sizeof(m->majmin)) || !skip(&s, 1) ||
            !field(&s, m->point, sizeof(m->point)))
                return false;
        /* optional tags up to "-", then the file system type and the source */
        while (field(&s, tag, sizeof(tag)))
                if (strcmp(tag, "-") == 0) {
                        if (field(&s, m->fstype, sizeof(m->fstype)))
                                (void)field(&s, m->source, sizeof(m->source));
                        break;
                }
        return true;
}

bool procfs_swaps_line(const char *line, struct swap_entry *sw) {
        const char *s = line;
        char type[16];

        *sw = (struct swap_entry){ 0 };
        if (!field(&s, sw->file, sizeof(sw->file)) || !field(&s, type, sizeof(type)) ||
            strcmp(sw->file, "Filename") == 0)
                return false;
        sw->partition = strcmp(type, "partition") == 0;
        return true;
}

/* Iface Destination Gateway Flags RefCnt Use Metric Mask ... */
bool procfs_route_default(const char *line, char iface[PROCFS_IFACE_MAX]) {
        const char *s = line;
        char dest[16], mask[16];

        return field(&s, iface, PROCFS_IFACE_MAX) && field(&s, dest, sizeof(dest)) && skip(&s, 5) &&
               field(&s, mask, sizeof(mask)) && strcmp(dest, "00000000") == 0 && strcmp(mask, "00000000") == 0;
}

/* DEST PLEN SRC SPLEN NEXTHOP METRIC REFCNT USE FLAGS IFACE */
bool procfs_route6_default(const char *line, char iface[PROCFS_IFACE_MAX]) {
        const char *s = line;
        char dest[40], plen[8];

        return field(&s, dest, sizeof(dest)) && field(&s, plen, sizeof(plen)) && skip(&s, 7) &&
               field(&s, iface, PROCFS_IFACE_MAX) && strlen(dest) == 32 && strspn(dest, "0") == 32 &&
               strcmp(plen, "00") == 0 && strcmp(iface, "lo") != 0;
}
