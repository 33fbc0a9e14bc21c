/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A block device to what holds it: its PCI controller, through partitions,
 * dm and md slaves and a loop device's backing file; every controller of an
 * NVMe multipath subsystem; the server of an NVMe over TCP or RDMA
 * controller, an iSCSI session or nbd, by the route to it. And the stacked
 * devices of now (holders) to theirs.
 */
#include <dirent.h>
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

/* dm on md on partitions: deeper stacks are not real */
#define STACK_DEPTH 8

/* Adds a on behalf of what; 1 for "found one". */
static int found(struct trace *t, const struct pci_addr *a, const char *what, const char *name) {
        int r = host_add_dev(t->h, a, t->use, what, name);
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
        int r = network_trace_server(t->h, t->root, t->sys_fd, traddr, t->use, what);
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
                int r = network_trace_server(t->h, t->root, t->sys_fd, address, t->use, what);
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
        r = network_trace_server(t->h, t->root, t->sys_fd, value, t->use, what);
        free(value);
        return r < 0 ? r : 1;
}

/* Returns how many PCI functions or servers it found, or -ENOMEM. */
/* NOLINTNEXTLINE(misc-no-recursion): one level per stacked device, at most STACK_DEPTH */
static int block_to_pci(struct trace *t, const char *name, const char *what, unsigned depth) {
        char path[PATH_MAX], dir[PATH_MAX];
        struct pci_addr a;

        if (depth > STACK_DEPTH || !sysfs_is_name(name))
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
        /* a loop device: the file system holding its backing file (1: that trace says what it found) */
        char file[PATH_MAX];
        snprintf(path, sizeof(path), "class/block/%s/loop/backing_file", name);
        if (read_attr(t->sys_fd, path, file, sizeof(file)) == 0) {
                int r = trace_file(t, file, what);
                return r < 0 ? r : 1;
        }

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

/* The name a stacked device goes by: device-mapper's (an LV, a LUKS mapping), else the kernel's (md0, bcache0). */
static void holder_name(const struct trace *t, const char *dev, char *out, size_t size) {
        char path[PATH_MAX];

        snprintf(path, sizeof(path), "class/block/%s/dm/name", dev);
        if (read_attr(t->sys_fd, path, out, size) < 0 || !out[0])
                snprintf(out, size, "%s", dev);
}

int holders_trace(struct trace *t) {
        DIR *d = opendir_at(t->sys_fd, "class/block");
        int r = 0;

        t->use = HOST_USE_HOLDER;
        for (struct dirent *e; d && r >= 0 && (e = readdir(d));) {
                char path[PATH_MAX], name[NAME_MAX + 1];
                if (!sysfs_is_name(e->d_name))
                        continue;
                snprintf(path, sizeof(path), "class/block/%s/slaves", e->d_name);
                DIR *slaves = opendir_at(t->sys_fd, path);
                bool stacked = false;
                for (struct dirent *s; slaves && !stacked && (s = readdir(slaves));)
                        stacked = s->d_name[0] != '.';
                if (slaves)
                        closedir(slaves);
                if (!stacked)
                        continue;
                holder_name(t, e->d_name, name, sizeof(name));
                r = block_to_pci(t, e->d_name, name, 0);
        }
        if (d)
                closedir(d);
        return r < 0 ? r : 0;
}
