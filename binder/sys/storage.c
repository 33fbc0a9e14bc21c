/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/storage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/procfs.h"
#include "sys/fileio.h"
#include "sys/sysfs.h"

#define PROC_MAX ((size_t)1024 * 1024)
/* dm on md on partitions: deeper stacks are not real */
#define STACK_DEPTH 8

/*
 * A block device (sys/class/block/NAME) to the PCI controllers below it,
 * through dm, md and friends by their slaves/.
 */
/* NOLINTNEXTLINE(misc-no-recursion): one level per stacked device, at most STACK_DEPTH */
static int block_to_pci(struct host_facts *h, int sys_fd, const char *name, const char *what, unsigned depth) {
        char path[PATH_MAX];
        struct pci_addr a;

        if (depth > STACK_DEPTH || strchr(name, '/') || strcmp(name, "..") == 0)
                return 0;
        snprintf(path, sizeof(path), "class/block/%s", name);
        if (sysfs_link_pci(sys_fd, path, &a) == 0)
                return host_add_dev(h, &a, what, name);

        snprintf(path, sizeof(path), "class/block/%s/slaves", name);
        DIR *d = opendir_at(sys_fd, path);
        if (!d)
                return 0;
        int r = 0;
        for (struct dirent *e; r >= 0 && (e = readdir(d));)
                if (e->d_name[0] != '.')
                        r = block_to_pci(h, sys_fd, e->d_name, what, depth + 1);
        closedir(d);
        return r;
}

/* MAJ:MIN to the block device's name through sys/dev/block. */
static int devno_to_name(int sys_fd, const char *majmin, char *name, size_t size) {
        char path[64];

        snprintf(path, sizeof(path), "dev/block/%s", majmin);
        return read_link_name(sys_fd, path, name, size);
}

static const char *base_name(const char *p) {
        const char *s = strrchr(p, '/');
        return s ? s + 1 : p;
}

/* A device-mapper name (/dev/mapper/NAME) to its block device (dm-N), by each dm-N's dm/name. */
static int dm_to_name(int sys_fd, const char *mapname, char *name, size_t size) {
        DIR *d = opendir_at(sys_fd, "class/block");
        int r = -ENOENT;

        if (!d)
                return r;
        for (struct dirent *e; r < 0 && (e = readdir(d));) {
                char path[PATH_MAX], buf[NAME_MAX + 1];
                if (strncmp(e->d_name, "dm-", 3) != 0 || strlen(e->d_name) >= size)
                        continue;
                snprintf(path, sizeof(path), "class/block/%s/dm/name", e->d_name);
                if (read_attr(sys_fd, path, buf, sizeof(buf)) == 0 && strcmp(buf, mapname) == 0) {
                        memcpy(name, e->d_name, strlen(e->d_name) + 1);
                        r = 0;
                }
        }
        closedir(d);
        return r;
}

/*
 * A btrfs spanning several devices names one of them as its source; all are
 * in sys/fs/btrfs/UUID/devices. The controllers of every member of the file
 * system holding name, or -ENOENT when no btrfs holds it.
 */
static int btrfs_to_pci(struct host_facts *h, int sys_fd, const char *name, const char *what) {
        DIR *all = opendir_at(sys_fd, "fs/btrfs");
        int r = -ENOENT;

        if (!all)
                return r;
        for (struct dirent *e; r == -ENOENT && (e = readdir(all));) {
                char path[PATH_MAX];
                if (e->d_name[0] == '.')
                        continue;
                snprintf(path, sizeof(path), "fs/btrfs/%s/devices/%s", e->d_name, name);
                if (faccessat(sys_fd, path, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
                        continue;
                snprintf(path, sizeof(path), "fs/btrfs/%s/devices", e->d_name);
                DIR *members = opendir_at(sys_fd, path);
                if (!members)
                        continue;
                r = 0;
                for (struct dirent *d; r >= 0 && (d = readdir(members));)
                        if (d->d_name[0] != '.')
                                r = block_to_pci(h, sys_fd, d->d_name, what, 0);
                closedir(members);
        }
        closedir(all);
        return r;
}

/*
 * The device behind a mount: its MAJ:MIN, or for 0:N (btrfs, overlay) its
 * source's name: /dev/NAME, or /dev/mapper/NAME (btrfs on dm-crypt or LVM).
 */
static int mount_to_pci(struct host_facts *h, int sys_fd, const struct mount_entry *m, const char *what) {
        char name[NAME_MAX + 1];
        int r = -ENOENT;

        if (strncmp(m->majmin, "0:", 2) != 0)
                r = devno_to_name(sys_fd, m->majmin, name, sizeof(name));
        if (r < 0 && strncmp(m->source, "/dev/mapper/", 12) == 0)
                r = dm_to_name(sys_fd, m->source + 12, name, sizeof(name));
        if (r < 0 && strncmp(m->source, "/dev/", 5) == 0) {
                const char *base = base_name(m->source);
                size_t len = strlen(base);
                if (len < sizeof(name)) {
                        memcpy(name, base, len + 1);
                        r = 0;
                }
        }
        if (r < 0 || strchr(name, '/') || name[0] == '.')
                return 0;
        if (strcmp(m->fstype, "btrfs") == 0 && (r = btrfs_to_pci(h, sys_fd, name, what)) != -ENOENT)
                return r;
        return block_to_pci(h, sys_fd, name, what, 0);
}

/* The longest mount point containing path, for swap files. */
static const struct mount_entry *mount_of(const struct mount_entry *v, size_t n, const char *path) {
        const struct mount_entry *best = NULL;
        size_t best_len = 0;

        for (size_t i = 0; i < n; i++) {
                size_t l = strlen(v[i].point);
                bool under = strcmp(v[i].point, "/") == 0 ||
                             (strncmp(path, v[i].point, l) == 0 && (path[l] == '/' || path[l] == '\0'));
                if (under && (!best || l >= best_len)) {
                        best = &v[i];
                        best_len = l;
                }
        }
        return best;
}

int storage_trace(struct host_facts *h, const char *root, int sys_fd) {
        struct mount_entry *mounts = NULL;
        size_t n = 0;
        char *text = NULL;
        int r = 0;

        if (read_file_below(root, "/proc/self/mountinfo", PROC_MAX, &text) == 0)
                for (char *save = NULL, *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                        struct mount_entry m;
                        if (!procfs_mountinfo_line(line, &m))
                                continue;
                        struct mount_entry *v = reallocarray(mounts, n + 1, sizeof(*v));
                        if (!v) {
                                r = -ENOMEM;
                                goto out;
                        }
                        mounts = v;
                        mounts[n++] = m;
                }
        free(text);
        text = NULL;

        /* the last mount on a point is the one in effect */
        for (size_t i = n; i-- > 0 && r >= 0;) {
                const char *point = mounts[i].point;
                if (strcmp(point, "/") != 0 && strcmp(point, "/boot") != 0)
                        continue;
                bool seen = false;
                for (size_t k = i + 1; k < n; k++)
                        seen |= strcmp(mounts[k].point, point) == 0;
                if (!seen)
                        r = mount_to_pci(h, sys_fd, &mounts[i], point);
        }

        if (r >= 0 && read_file_below(root, "/proc/swaps", PROC_MAX, &text) == 0) {
                for (char *save = NULL, *line = strtok_r(text, "\n", &save); r >= 0 && line;
                     line = strtok_r(NULL, "\n", &save)) {
                        struct swap_entry sw;
                        if (!procfs_swaps_line(line, &sw))
                                continue;
                        if (sw.partition) {
                                r = block_to_pci(h, sys_fd, base_name(sw.file), "swap", 0);
                        } else {
                                const struct mount_entry *m = mount_of(mounts, n, sw.file);
                                if (m)
                                        r = mount_to_pci(h, sys_fd, m, "swap file");
                        }
                }
        }
out:
        free(text);
        free(mounts);
        return r;
}
