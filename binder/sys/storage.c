/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sys/fileio.h"
#include "sys/network.h"
#include "sys/sysfs.h"
#include "sys/trace.h"

#define PROC_MAX ((size_t)1024 * 1024)
/* MAJ:MIN to the block device's name through sys/dev/block. */
static int devno_to_name(int sys_fd, const char *majmin, char *name, size_t size) {
        char path[64];

        snprintf(path, sizeof(path), "dev/block/%s", majmin);
        return read_link_name(sys_fd, path, name, size);
}

/* A device-mapper name (/dev/mapper/NAME) to its block device (dm-N), by each dm-N's dm/name. */
int trace_dm_name(struct trace *t, const char *mapname, char *name, size_t size) {
        DIR *d = opendir_at(t->sys_fd, "class/block");
        int r = -ENOENT;

        for (struct dirent *e; d && r < 0 && (e = readdir(d));) {
                char path[PATH_MAX], buf[NAME_MAX + 1];
                if (strncmp(e->d_name, "dm-", 3) != 0 || strlen(e->d_name) >= size)
                        continue;
                snprintf(path, sizeof(path), "class/block/%s/dm/name", e->d_name);
                if (read_attr(t->sys_fd, path, buf, sizeof(buf)) == 0 && strcmp(buf, mapname) == 0) {
                        memcpy(name, e->d_name, strlen(e->d_name) + 1);
                        r = 0;
                }
        }
        if (d)
                closedir(d);
        return r;
}

/*
 * A btrfs spanning several devices names one of them as its source; all are
 * in sys/fs/btrfs/UUID/devices. -ENOENT when no btrfs holds name.
 */
static int btrfs_members(struct trace *t, const char *name, const char *what) {
        DIR *all = opendir_at(t->sys_fd, "fs/btrfs");
        int r = -ENOENT;

        for (struct dirent *e; all && r == -ENOENT && (e = readdir(all));) {
                char path[PATH_MAX];
                if (e->d_name[0] == '.')
                        continue;
                snprintf(path, sizeof(path), "fs/btrfs/%s/devices/%s", e->d_name, name);
                if (faccessat(t->sys_fd, path, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
                        continue;
                snprintf(path, sizeof(path), "fs/btrfs/%s/devices", e->d_name);
                DIR *members = opendir_at(t->sys_fd, path);
                r = 0;
                for (struct dirent *d; members && r >= 0 && (d = readdir(members));)
                        if (d->d_name[0] != '.')
                                r = trace_block(t, d->d_name, what);
                if (members)
                        closedir(members);
        }
        if (all)
                closedir(all);
        return r;
}

/* Every device libblkid finds to be a member of the ZFS pool (TYPE zfs_member, LABEL the pool's name). */
static int zfs_pool(struct trace *t, const char *dataset, const char *what) {
        char pool[256], failures[512];
        int r = blockdevs_load(&t->devs), n = 0;

        if (r < 0)
                return r;
        snprintf(pool, sizeof(pool), "%.*s", (int)strcspn(dataset, "/"), dataset);
        for (size_t i = 0; r >= 0 && i < t->devs.n; i++) {
                const struct blockdev *d = &t->devs.v[i];
                if (strcmp(d->id.type, "zfs_member") != 0 || strcmp(d->id.label, pool) != 0)
                        continue;
                r = trace_block(t, d->name, what);
                n++;
        }
        if (r < 0 || n > 0)
                return r;
        blockdevs_failures(&t->devs, failures, sizeof(failures));
        return host_add_note(t->h, what, "no block device is a member of the ZFS pool %s%s", pool, failures);
}

/* "/dev/nvme0n1p2:/dev/nvme1n1p1": every member of a multi-device file system (bcachefs). */
static int each_device(struct trace *t, const char *source, const char *what) {
        int r = 0;

        for (const char *p = source; r >= 0 && *p; p += strcspn(p, ":"), p += *p == ':') {
                char spec[PATH_MAX];
                snprintf(spec, sizeof(spec), "%.*s", (int)strcspn(p, ":"), p);
                r = trace_spec(t, spec, what);
        }
        return r;
}

static bool listed(const char *word, const char *const *list) {
        for (; *list; list++)
                if (strcmp(word, *list) == 0)
                        return true;
        return false;
}

int trace_mount(struct trace *t, const struct mount_entry *m, const char *what) {
        static const char *const in_memory[] = { "tmpfs", "ramfs", "rootfs", "overlay", "squashfs", "devtmpfs", NULL };
        static const char *const network[] = { "nfs", "nfs4", "cifs", "smb3", "9p", "ceph", "glusterfs", NULL };
        char name[NAME_MAX + 1];

        if (strcmp(m->fstype, "zfs") == 0)
                return zfs_pool(t, m->source, what);
        if (strchr(m->source, ':') && strncmp(m->source, "/dev/", 5) == 0)
                return each_device(t, m->source, what);
        if (listed(m->fstype, network)) {
                if (m->server[0])
                        return network_trace_server(t->h, t->root, t->sys_fd, m->server, what);
                return host_add_note(t->h, what, "a %s mount whose server is not in its options (%s)", m->fstype,
                                     m->source);
        }
        if (listed(m->fstype, in_memory))
                return 0; /* no device: nothing to lose */
        if (strncmp(m->majmin, "0:", 2) != 0 && devno_to_name(t->sys_fd, m->majmin, name, sizeof(name)) == 0)
                return trace_block(t, name, what);
        if (strcmp(m->fstype, "btrfs") == 0 && strncmp(m->source, "/dev/", 5) == 0) {
                const char *base = strrchr(m->source, '/') + 1;
                if (strncmp(m->source, "/dev/mapper/", 12) != 0 || trace_dm_name(t, base, name, sizeof(name)) < 0)
                        snprintf(name, sizeof(name), "%s", base);
                int r = btrfs_members(t, name, what);
                if (r != -ENOENT)
                        return r;
        }
        if (strncmp(m->source, "/dev/", 5) == 0 || strchr(m->source, '='))
                return trace_spec(t, m->source, what);
        return host_add_note(t->h, what, "cannot tell which device holds this %s file system (source %s)", m->fstype,
                             m->source);
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

static int read_mounts(const char *root, struct mount_entry **out, size_t *n) {
        char *text = NULL;

        *out = NULL;
        *n = 0;
        if (read_file_below(root, "/proc/self/mountinfo", PROC_MAX, &text) < 0)
                return 0;
        for (char *save = NULL, *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                struct mount_entry m;
                if (!procfs_mountinfo_line(line, &m))
                        continue;
                struct mount_entry *v = reallocarray(*out, *n + 1, sizeof(*v));
                if (!v) {
                        free(text);
                        return -ENOMEM;
                }
                *out = v;
                v[(*n)++] = m;
        }
        free(text);
        return 0;
}

int trace_file(struct trace *t, const char *path, const char *what) {
        struct mount_entry *mounts;
        size_t n;
        int r = read_mounts(t->root, &mounts, &n);
        const struct mount_entry *m = r < 0 ? NULL : mount_of(mounts, n, path);

        if (r >= 0)
                r = m ? trace_mount(t, m, what)
                      : host_add_note(t->h, what, "no file system mounted now holds %s", path);
        free(mounts);
        return r;
}

int storage_trace(struct trace *t) {
        struct mount_entry *mounts;
        size_t n;
        char *text = NULL;
        int r = read_mounts(t->root, &mounts, &n);

        /* in this order, so that a device is named for the most vital of its uses */
        static const char *const points[] = { "/", "/boot", "/boot/efi" };
        for (size_t p = 0; p < sizeof(points) / sizeof(points[0]) && r >= 0; p++)
                /* the last mount on a point is the one in effect */
                for (size_t i = n; i-- > 0;)
                        if (strcmp(mounts[i].point, points[p]) == 0) {
                                r = trace_mount(t, &mounts[i], points[p]);
                                break;
                        }
        if (r >= 0 && read_file_below(t->root, "/proc/swaps", PROC_MAX, &text) == 0)
                for (char *save = NULL, *line = strtok_r(text, "\n", &save); r >= 0 && line;
                     line = strtok_r(NULL, "\n", &save)) {
                        struct swap_entry sw;
                        if (!procfs_swaps_line(line, &sw))
                                continue;
                        const struct mount_entry *m = sw.partition ? NULL : mount_of(mounts, n, sw.file);
                        if (sw.partition)
                                r = trace_spec(t, sw.file, "swap");
                        else if (m)
                                r = trace_mount(t, m, "swap file");
                }
        free(text);
        free(mounts);
        return r;
}
