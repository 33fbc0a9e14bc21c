/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/sysfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sys/fileio.h"

static int open_dir_at(int dirfd, const char *path) {
        int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        return fd < 0 ? -errno : fd;
}

int sysfs_open(struct sysfs *s, const char *root) {
        char path[PATH_MAX];
        int r;

        *s = (struct sysfs){ .sys_fd = -1, .devices_fd = -1, .groups_fd = -1 };
        if ((size_t)snprintf(path, sizeof(path), "%s/sys", root) >= sizeof(path))
                return -ENAMETOOLONG;
        r = open_dir_at(AT_FDCWD, path);
        if (r < 0)
                return r;
        s->sys_fd = r;
        r = open_dir_at(s->sys_fd, "bus/pci/devices");
        if (r < 0) {
                sysfs_close(s);
                return r;
        }
        s->devices_fd = r;
        r = open_dir_at(s->sys_fd, "kernel/iommu_groups");
        s->groups_fd = r < 0 ? -1 : r;
        return 0;
}

void sysfs_close(struct sysfs *s) {
        if (s->groups_fd >= 0)
                close(s->groups_fd);
        if (s->devices_fd >= 0)
                close(s->devices_fd);
        if (s->sys_fd >= 0)
                close(s->sys_fd);
        *s = (struct sysfs){ .sys_fd = -1, .devices_fd = -1, .groups_fd = -1 };
}

int sysfs_open_function(const struct sysfs *s, const struct pci_addr *a) {
        char name[PCI_ADDR_STRLEN];

        pci_addr_format(a, name);
        return open_dir_at(s->devices_fd, name);
}

int sysfs_write_function_attr(const struct sysfs *s, const struct pci_addr *a, const char *attr, const char *value) {
        int dfd = sysfs_open_function(s, a);
        if (dfd < 0)
                return dfd;
        int r = write_attr(dfd, attr, value);
        close(dfd);
        return r;
}

int sysfs_read_driver(const struct sysfs *s, const struct pci_addr *a, char driver[MODEL_NAME_MAX]) {
        int dfd = sysfs_open_function(s, a);

        driver[0] = '\0';
        if (dfd < 0)
                return dfd == -ENOENT ? -ENODEV : dfd;
        int r = read_link_name(dfd, "driver", driver, MODEL_NAME_MAX);
        close(dfd);
        if (r < 0)
                driver[0] = '\0';
        return r;
}

int sysfs_unbind(const struct sysfs *s, const struct pci_addr *a) {
        char name[PCI_ADDR_STRLEN];

        return sysfs_write_function_attr(s, a, "driver/unbind", pci_addr_format(a, name));
}

void sysfs_probe(const struct sysfs *s, const struct pci_addr *a) {
        char name[PCI_ADDR_STRLEN];

        pci_addr_format(a, name);
        (void)write_attr(s->sys_fd, "bus/pci/drivers_probe", name);
}

/* The nearest PCI function in a sysfs link target: the last component that is an address. */
int sysfs_link_pci(int dirfd, const char *path, struct pci_addr *out) {
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

bool sysfs_is_name(const char *name) {
        return name[0] && name[0] != '.' && !strchr(name, '/');
}
