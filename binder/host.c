/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "host.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "fileio.h"

#define PROC_MAX ((size_t)1024 * 1024)
#define MODPROBE_MAX ((size_t)64 * 1024)
/* dm on md on partitions, or a bond on a bridge: deeper stacks are not real */
#define STACK_DEPTH 8

const struct host_dev *host_find(const struct host_facts *h, const struct pci_addr *a) {
        for (size_t i = 0; i < h->n_devs; i++)
                if (pci_addr_cmp(&h->devs[i].addr, a) == 0)
                        return &h->devs[i];
        return NULL;
}

static int add_dev(struct host_facts *h, const struct pci_addr *a, const char *what, const char *name) {
        if (host_find(h, a))
                return 0;
        struct host_dev *v = reallocarray(h->devs, h->n_devs + 1, sizeof(*v));
        if (!v)
                return -ENOMEM;
        h->devs = v;
        v[h->n_devs].addr = *a;
        snprintf(v[h->n_devs].what, sizeof(v[h->n_devs].what), "%s (%s)", what, name);
        h->n_devs++;
        return 0;
}

static DIR *open_dir(int dirfd, const char *path) {
        int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR *d = fd < 0 ? NULL : fdopendir(fd);

        if (!d && fd >= 0)
                close(fd);
        return d;
}

/* The nearest PCI function in a sysfs link target: the last component that is an address. */
static int pci_in_link(int dirfd, const char *path, struct pci_addr *out) {
        char target[PATH_MAX];
        ssize_t n = readlinkat(dirfd, path, target, sizeof(target) - 1);
        int found = -ENOENT;

        if (n < 0)
                return -errno;
        target[n] = '\0';
        for (char *save = NULL, *c = strtok_r(target, "/", &save); c; c = strtok_r(NULL, "/", &save))
                if (pci_addr_from_sysfs(c, out) == 0)
                        found = 0;
        return found;
}

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
        if (pci_in_link(sys_fd, path, &a) == 0)
                return add_dev(h, &a, what, name);

        snprintf(path, sizeof(path), "class/block/%s/slaves", name);
        DIR *d = open_dir(sys_fd, path);
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

/* mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS...] - FSTYPE SOURCE SUPEROPTS */
struct mount {
        char majmin[32];
        char point[PATH_MAX];
        char fstype[32];
        char source[PATH_MAX];
};

static bool parse_mount(char *line, struct mount *m) {
        char *save = NULL, *f[5];

        for (int i = 0; i < 5; i++)
                if (!(f[i] = strtok_r(i ? NULL : line, " ", &save)))
                        return false;
        char *dash;
        while ((dash = strtok_r(NULL, " ", &save)) && strcmp(dash, "-") != 0)
                ;
        char *fstype = dash ? strtok_r(NULL, " ", &save) : NULL;
        char *source = fstype ? strtok_r(NULL, " ", &save) : NULL;
        snprintf(m->majmin, sizeof(m->majmin), "%s", f[2]);
        snprintf(m->point, sizeof(m->point), "%s", f[4]);
        snprintf(m->fstype, sizeof(m->fstype), "%s", fstype ? fstype : "");
        snprintf(m->source, sizeof(m->source), "%s", source ? source : "");
        return true;
}

/* A device-mapper name (/dev/mapper/NAME) to its block device (dm-N), by each dm-N's dm/name. */
static int dm_to_name(int sys_fd, const char *mapname, char *name, size_t size) {
        DIR *d = open_dir(sys_fd, "class/block");
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
        DIR *all = open_dir(sys_fd, "fs/btrfs");
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
                DIR *members = open_dir(sys_fd, path);
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
static int mount_to_pci(struct host_facts *h, int sys_fd, const struct mount *m, const char *what) {
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

static int read_root_file(const char *root, const char *path, char **text) {
        char full[PATH_MAX];
        size_t len;

        snprintf(full, sizeof(full), "%s%s", root, path);
        return read_file_max(AT_FDCWD, full, PROC_MAX, text, &len);
}

/* The longest mount point containing path, for swap files. */
static const struct mount *mount_of(const struct mount *v, size_t n, const char *path) {
        const struct mount *best = NULL;
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

static int read_storage(struct host_facts *h, const char *root, int sys_fd) {
        struct mount *mounts = NULL;
        size_t n = 0;
        char *text = NULL;
        int r = 0;

        if (read_root_file(root, "/proc/self/mountinfo", &text) == 0)
                for (char *save = NULL, *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                        struct mount m;
                        if (!parse_mount(line, &m))
                                continue;
                        struct mount *v = reallocarray(mounts, n + 1, sizeof(*v));
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

        if (r >= 0 && read_root_file(root, "/proc/swaps", &text) == 0) {
                char *save = NULL, *line = strtok_r(text, "\n", &save); /* the header */
                while (r >= 0 && line && (line = strtok_r(NULL, "\n", &save))) {
                        char file[PATH_MAX], type[16];
                        if (sscanf(line, "%4095s %15s", file, type) != 2)
                                continue;
                        if (strcmp(type, "partition") == 0) {
                                r = block_to_pci(h, sys_fd, base_name(file), "swap", 0);
                        } else {
                                const struct mount *m = mount_of(mounts, n, file);
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

/* A network interface to its PCI device, through the lower devices of bridges, bonds and VLANs. */
/* NOLINTNEXTLINE(misc-no-recursion): one level per upper device, at most STACK_DEPTH */
static int net_to_pci(struct host_facts *h, int sys_fd, const char *iface, unsigned depth) {
        char path[PATH_MAX];
        struct pci_addr a;

        if (depth > STACK_DEPTH || strchr(iface, '/') || strcmp(iface, "..") == 0)
                return 0;
        /* the interface's own link, not its device link: a USB NIC's device (../../../2-1:1.0) names no
           PCI function, the path to it names the xHCI controller it hangs off */
        snprintf(path, sizeof(path), "class/net/%s", iface);
        if (pci_in_link(sys_fd, path, &a) == 0)
                return add_dev(h, &a, "default route", iface);

        DIR *d = open_dir(sys_fd, path);
        if (!d)
                return 0;
        int r = 0;
        for (struct dirent *e; r >= 0 && (e = readdir(d));)
                if (strncmp(e->d_name, "lower_", 6) == 0)
                        r = net_to_pci(h, sys_fd, e->d_name + 6, depth + 1);
        closedir(d);
        return r;
}

static int read_routes(struct host_facts *h, const char *root, int sys_fd) {
        char *text = NULL;
        int r = 0;

        /* Iface Destination Gateway Flags RefCnt Use Metric Mask ... */
        if (read_root_file(root, "/proc/net/route", &text) == 0)
                for (char *save = NULL, *line = strtok_r(text, "\n", &save); r >= 0 && line;
                     line = strtok_r(NULL, "\n", &save)) {
                        char iface[32], dest[16], gw[16], flags[16], refcnt[16], use[16], metric[16],
                                mask[16];
                        if (sscanf(line, "%15s %15s %15s %15s %15s %15s %15s %15s", iface, dest, gw, flags, refcnt,
                                   use, metric, mask) == 8 &&
                            strcmp(dest, "00000000") == 0 && strcmp(mask, "00000000") == 0)
                                r = net_to_pci(h, sys_fd, iface, 0);
                }
        free(text);
        text = NULL;
        /* DEST PLEN SRC SPLEN NEXTHOP METRIC REFCNT USE FLAGS IFACE */
        if (r >= 0 && read_root_file(root, "/proc/net/ipv6_route", &text) == 0)
                for (char *save = NULL, *line = strtok_r(text, "\n", &save); r >= 0 && line;
                     line = strtok_r(NULL, "\n", &save)) {
                        char dest[40], plen[8], f[7][40], iface[32];
                        if (sscanf(line, "%39s %7s %39s %39s %39s %39s %39s %39s %39s %15s", dest, plen, f[0], f[1],
                                   f[2], f[3], f[4], f[5], f[6], iface) == 10 &&
                            strspn(dest, "0") == 32 && strcmp(plen, "00") == 0 && strcmp(iface, "lo") != 0)
                                r = net_to_pci(h, sys_fd, iface, 0);
                }
        free(text);
        return r;
}

/* kmod reads one file of a name: the one in the first directory holding it (/etc masks /lib). */
static bool masked(const char *root, const char *const *dirs, size_t k, const char *name) {
        char p[PATH_MAX];

        for (size_t j = 0; j < k; j++)
                if ((size_t)snprintf(p, sizeof(p), "%s%s/%s", root, dirs[j], name) < sizeof(p) &&
                    faccessat(AT_FDCWD, p, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
                        return true;
        return false;
}

static int read_modprobe_dir(struct modconf *mc, const char *root, const char *const *dirs, size_t k) {
        const char *dir = dirs[k];
        char path[PATH_MAX];
        struct dirent **names = NULL;
        int r = 0;

        snprintf(path, sizeof(path), "%s%s", root, dir);
        int n = scandir(path, &names, NULL, alphasort);
        for (int i = 0; i < n; i++) {
                const char *name = names[i]->d_name;
                size_t len = strlen(name), flen;
                char file[PATH_MAX], *text;
                if (r >= 0 && len > 5 && strcmp(name + len - 5, ".conf") == 0 && !masked(root, dirs, k, name) &&
                    (size_t)snprintf(file, sizeof(file), "%s/%s", path, name) < sizeof(file) &&
                    read_file_max(AT_FDCWD, file, MODPROBE_MAX, &text, &flen) == 0) {
                        /* messages name the file as the system sees it, without the root */
                        r = modconf_parse(mc, text, file + strlen(root));
                        free(text);
                }
                free(names[i]);
        }
        free(names);
        return r;
}

int host_read(const char *root, const char *cmdline, struct host_facts *h) {
        static const char *const dirs[] = { "/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d",
                                            "/lib/modprobe.d", "/usr/lib/modprobe.d" };
        char path[PATH_MAX];
        int r = 0;

        *h = (struct host_facts){ 0 };
        snprintf(path, sizeof(path), "%s/sys", root);
        int sys_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (sys_fd >= 0) {
                r = read_storage(h, root, sys_fd);
                if (r >= 0)
                        r = read_routes(h, root, sys_fd);
                close(sys_fd);
        }
        for (size_t i = 0; r >= 0 && i < sizeof(dirs) / sizeof(dirs[0]); i++)
                r = read_modprobe_dir(&h->mod, root, dirs, i);
        if (r >= 0 && cmdline) {
                char *ids = NULL;
                int found = cmdline_get(cmdline, "vfio-pci.ids", &ids);
                if (found > 0)
                        r = modconf_add_ids(&h->mod, ids, "vfio-pci.ids= on the kernel command line");
                else if (found < 0)
                        r = found;
                free(ids);
        }
        if (r < 0)
                host_free(h);
        return r;
}

void host_free(struct host_facts *h) {
        free(h->devs);
        modconf_free(&h->mod);
        *h = (struct host_facts){ 0 };
}
