/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <limits.h>
#include <stdbool.h>

/* Pure parsers for the /proc lines the host facts come from; each takes one line without its newline. */

/* mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS...] - FSTYPE SOURCE SUPEROPTS */
struct mount_entry {
        char majmin[32];
        char point[PATH_MAX];
        char fstype[32];
        char source[PATH_MAX];
};

bool procfs_mountinfo_line(const char *line, struct mount_entry *m);

/* /proc/swaps: FILENAME TYPE ...; false for the header and malformed lines. */
struct swap_entry {
        char file[PATH_MAX];
        bool partition; /* TYPE "partition", else a swap file */
};

bool procfs_swaps_line(const char *line, struct swap_entry *s);

/* The interface of a default route in /proc/net/route or /proc/net/ipv6_route, else false. */
#define PROCFS_IFACE_MAX 32
bool procfs_route_default(const char *line, char iface[PROCFS_IFACE_MAX]);
bool procfs_route6_default(const char *line, char iface[PROCFS_IFACE_MAX]);
