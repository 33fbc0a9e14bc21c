/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Pure parsers for the /proc lines the host facts come from; each takes one
 * line without its newline, and undoes the kernel's octal escapes (\040).
 */

/* mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS...] - FSTYPE SOURCE SUPEROPTS */
struct mount_entry {
        char majmin[32];
        char point[PATH_MAX];
        char fstype[32];
        char source[PATH_MAX];
        char options[PATH_MAX]; /* SUPEROPTS: an overlay's lowerdir= and upperdir=; "" when too long */
        char server[64];        /* a network file system's server address (NFS: addr= of SUPEROPTS), "" for none */
};

bool procfs_mountinfo_line(const char *line, struct mount_entry *m);

/* /proc/swaps: FILENAME TYPE ...; false for the header and malformed lines. */
struct swap_entry {
        char file[PATH_MAX];
        bool partition; /* TYPE "partition", else a swap file */
};

bool procfs_swaps_line(const char *line, struct swap_entry *s);

/* A route of /proc/net/route (IPv4) or /proc/net/ipv6_route: destination prefix and interface. */
#define PROCFS_IFACE_MAX 32
struct route_entry {
        char iface[PROCFS_IFACE_MAX];
        unsigned char dest[16]; /* network byte order; IPv4 in the first 4 */
        unsigned plen;          /* prefix length */
};

bool procfs_route_line(const char *line, struct route_entry *r);
bool procfs_route6_line(const char *line, struct route_entry *r);
/* A line of /proc/net/if_inet6: ADDRESS IFINDEX PLEN SCOPE FLAGS IFACE, the numbers in hex. */
#define PROCFS_SCOPE_LINK 0x20 /* fe80::/10 */
struct inet6_entry {
        char iface[PROCFS_IFACE_MAX];
        unsigned char addr[16];
        unsigned scope;
};

bool procfs_if_inet6_line(const char *line, struct inet6_entry *e);
/* The interface of a default route, else false. */
bool procfs_route_default(const char *line, char iface[PROCFS_IFACE_MAX]);
bool procfs_route6_default(const char *line, char iface[PROCFS_IFACE_MAX]);
/* addr (4 or 16 bytes, by len) lies in r's prefix. */
bool route_covers(const struct route_entry *r, const unsigned char *addr, size_t len);
