/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cmdline.h"
#include "sys/fileio.h"
#include "sys/network.h"
#include "sys/sysfs.h"
#include "sys/trace.h"

#define PROC_MAX ((size_t)1024 * 1024)
/* dm on md on partitions: deeper stacks are not real */
#define STACK_DEPTH 8

static bool is_name(const char *name) {
        return name[0] && name[0] != '.' && !strchr(name, '/');
}

/* Adds a on behalf of what; 1 for "found one". */
static int found(struct trace *t, const struct pci_addr *a, const char *what, const char *name) {
        int r = host_add_dev(t->h, a, what, name);
        return r < 0 ? r : 1;
}

/*
 * The directory (relative to ROOT/sys) that a link's target reaches through
 * the component PREFIX<number> ("nvme-subsys0", not "nvme-subsystem").
 */
static bool link_dir(int sys_fd, const char *path, const char *prefix, char *out, size_t size) {
        char target[PATH_MAX];
        ssize_t n = readlinkat(sys_fd, path, target, sizeof(target) - 1);
        size_t len = strlen(prefix);

        if (n < 0)
                return false;
        target[n] = '\0';
        char *at = strstr(target, "/devices/");
        char *c = at ? strstr(at, prefix) : NULL;
        while (c && !(c[-1] == '/' && c[len] >= '0' && c[len] <= '9'))
                c = strstr(c + 1, prefix);
        if (!c)
                return false;
        c += strcspn(c, "/");
        *c = '\0';
        return (size_t)snprintf(out, size, "%s", at + 1) < size;
}

/* An NVMe controller (class/nvme/NAME): on PCI, or over TCP or RDMA to a server. */
static int nvme_ctrl(struct trace *t, const char *ctrl, const char *what) {
        char path[PATH_MAX], transport[16], address[256];
        struct pci_addr a;

        snprintf(path, sizeof(path), "class/nvme/%s", ctrl);
        if (sysfs_link_pci(t->sys_fd, path, &a) == 0)
                return found(t, &a, what, ctrl);
        snprintf(path, sizeof(path), "class/nvme/%s/transport", ctrl);
        if (read_attr(t->sys_fd, path, transport, sizeof(transport)) < 0)
                return 0;
        snprintf(path, sizeof(path), "class/nvme/%s/address", ctrl);
        if ((strcmp(transport, "tcp") != 0 && strcmp(transport, "rdma") != 0) ||
            read_attr(t->sys_fd, path, address, sizeof(address)) < 0)
                return 0;
        /* "traddr=10.0.0.5,trsvcid=4420,src_addr=..." */
        char *traddr = strstr(address, "traddr=");
        if (!traddr)
                return 0;
        traddr += 7;
        traddr[strcspn(traddr, ",")] = '\0';
        int r = network_trace_server(t->h, t->root, t->sys_fd, traddr, what);
        return r < 0 ? r : 1;
}

/* "nvme0": a controller, where "nvme0n1" is a namespace. */
static bool is_nvme_ctrl(const char *name) {
        size_t digits = strspn(name + 4, "0123456789");
        return strncmp(name, "nvme", 4) == 0 && digits > 0 && name[4 + digits] == '\0';
}

/* Every controller of an NVMe subsystem (NVMe native multipath: one namespace, several paths). */
static int nvme_subsystem(struct trace *t, const char *subsys, const char *what) {
        DIR *d = opendir_at(t->sys_fd, subsys);
        int n = 0;

        for (struct dirent *e; d && n >= 0 && (e = readdir(d));)
                if (is_nvme_ctrl(e->d_name)) {
                        int r = nvme_ctrl(t, e->d_name, what);
                        n = r < 0 ? r : n + r;
                }
        if (d)
                closedir(d);
        return n;
}

/* An iSCSI disk: the server of its session's connections. */
static int iscsi_session(struct trace *t, const char *session, const char *what) {
        DIR *d = opendir_at(t->sys_fd, session);
        int n = 0;

        for (struct dirent *e; d && n >= 0 && (e = readdir(d));) {
                char path[PATH_MAX], address[64];
                if (strncmp(e->d_name, "connection", 10) != 0)
                        continue;
                if ((size_t)snprintf(path, sizeof(path), "%s/%s/iscsi_connection/%s/persistent_address", session,
                                     e->d_name, e->d_name) >= sizeof(path) ||
                    read_attr(t->sys_fd, path, address, sizeof(address)) < 0)
                        continue;
                int r = network_trace_server(t->h, t->root, t->sys_fd, address, what);
                n = r < 0 ? r : n + 1;
        }
        if (d)
                closedir(d);
        return n;
}

/* nbd keeps no server in sysfs: Debian's nbd-client takes it from nbdroot=SERVER,PORT on the command line. */
static int nbd_server(struct trace *t, const char *what) {
        char *value = NULL;
        int r = t->cmdline ? cmdline_get(t->cmdline, "nbdroot", &value) : 0;

        if (r <= 0)
                return r;
        value[strcspn(value, ",")] = '\0';
        r = network_trace_server(t->h, t->root, t->sys_fd, value, what);
        free(value);
        return r < 0 ? r : 1;
}

/* Returns how many PCI functions or servers it found, or -ENOMEM. */
/* NOLINTNEXTLINE(misc-no-recursion): one level per stacked device, at most STACK_DEPTH */
static int block_to_pci(struct trace *t, const char *name, const char *what, unsigned depth) {
        char path[PATH_MAX], dir[PATH_MAX];
        struct pci_addr a;

        if (depth > STACK_DEPTH || !is_name(name))
                return 0;
        /* compressed RAM: nothing to lose with a controller (1: say nothing of it) */
        if (strncmp(name, "zram", 4) == 0 || strncmp(name, "ram", 3) == 0)
                return 1;
        snprintf(path, sizeof(path), "class/block/%s", name);
        if (sysfs_link_pci(t->sys_fd, path, &a) == 0)
                return found(t, &a, what, name);
        if (link_dir(t->sys_fd, path, "nvme-subsys", dir, sizeof(dir)))
                return nvme_subsystem(t, dir, what);
        if (link_dir(t->sys_fd, path, "session", dir, sizeof(dir)))
                return iscsi_session(t, dir, what);
        if (strstr(name, "nvme") == name) {
                /* over fabrics: the namespace's controller is its parent device; a partition has no
                   device link, its disk (the directory above it) has */
                char ctrl[NAME_MAX + 1];
                snprintf(path, sizeof(path), "class/block/%s/device", name);
                int r = read_link_name(t->sys_fd, path, ctrl, sizeof(ctrl));
                if (r < 0) {
                        snprintf(path, sizeof(path), "class/block/%s/partition", name);
                        if (faccessat(t->sys_fd, path, F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
                                snprintf(path, sizeof(path), "class/block/%s/../device", name);
                                r = read_link_name(t->sys_fd, path, ctrl, sizeof(ctrl));
                        }
                }
                if (r == 0 && is_nvme_ctrl(ctrl))
                        return nvme_ctrl(t, ctrl, what);
        }
        if (strncmp(name, "nbd", 3) == 0)
                return nbd_server(t, what);

        snprintf(path, sizeof(path), "class/block/%s/slaves", name);
        DIR *d = opendir_at(t->sys_fd, path);
        int n = 0;
        for (struct dirent *e; d && n >= 0 && (e = readdir(d));)
                if (e->d_name[0] != '.') {
                        int r = block_to_pci(t, e->d_name, what, depth + 1);
                        n = r < 0 ? r : n + r;
                }
        if (d)
                closedir(d);
        return n;
}

int trace_block(struct trace *t, const char *name, const char *what) {
        char path[PATH_MAX];
        int r = block_to_pci(t, name, what, 0);

        if (r != 0)
                return r < 0 ? r : 0;
        snprintf(path, sizeof(path), "class/block/%s", name);
        if (faccessat(t->sys_fd, path, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
                return host_add_note(t->h, what, "/dev/%s is not among the block devices", name);
        return host_add_note(t->h, what, "cannot tell which PCI controller holds /dev/%s", name);
}

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
