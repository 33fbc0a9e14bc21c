/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PCI functions read from sysfs into the model: the named ones with the
 * bridges above them, their IOMMU groups and children, and the switches of
 * the cards among them (sysfs_gather), or the whole bus (sysfs_load_all).
 */
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

/* The upstream bridge is the directory the device sits in, if that is a PCI function. */
static void read_parent(const struct sysfs *s, const char *name, struct pci_func *f) {
        char target[PATH_MAX];
        ssize_t n = readlinkat(s->devices_fd, name, target, sizeof(target) - 1);

        if (n <= 0)
                return;
        target[n] = '\0';
        char *last = strrchr(target, '/');
        if (!last)
                return;
        *last = '\0';
        char *parent = strrchr(target, '/');
        f->has_parent = pci_addr_from_sysfs(parent ? parent + 1 : target, &f->parent) == 0;
}

static int read_ids(int dfd, struct pci_func *f) {
        char buf[32];
        uint32_t v;

        if (read_attr(dfd, "vendor", buf, sizeof(buf)) < 0 || pci_parse_hex_attr(buf, 4, &v) < 0)
                return -EIO;
        f->vendor = (uint16_t)v;
        if (read_attr(dfd, "device", buf, sizeof(buf)) < 0 || pci_parse_hex_attr(buf, 4, &v) < 0)
                return -EIO;
        f->device = (uint16_t)v;
        if (read_attr(dfd, "class", buf, sizeof(buf)) < 0 || pci_parse_hex_attr(buf, 6, &f->class) < 0)
                return -EIO;
        return 0;
}

static int read_group(int dfd, int *group) {
        char buf[32];
        uint32_t g;
        int r = read_link_name(dfd, "iommu_group", buf, sizeof(buf));

        if (r == -ENOENT) {
                *group = -1;
                return 0;
        }
        if (r < 0 || parse_decimal(buf, INT_MAX, &g) < 0)
                return -EIO;
        *group = (int)g;
        return 0;
}

static int read_details(int dfd, struct pci_func *f) {
        char buf[MODEL_NAME_MAX];
        int r;

        if (read_ids(dfd, f) < 0 || read_group(dfd, &f->iommu_group) < 0)
                return -EIO;
        if ((f->class >> 8) == PCI_CLASS_VGA && read_attr(dfd, "boot_vga", buf, sizeof(buf)) == 0)
                f->boot_vga = strcmp(buf, "1") == 0;
        r = read_link_name(dfd, "driver", f->driver, sizeof(f->driver));
        if (r < 0 && r != -ENOENT)
                return -EIO;
        if (r == 0)
                (void)read_link_name(dfd, "driver/module", f->module, sizeof(f->module));
        r = read_attr(dfd, "driver_override", buf, sizeof(buf));
        if (r == 0 && strcmp(buf, "(null)") != 0)
                memcpy(f->override, buf, sizeof(buf));
        else if (r < 0 && r != -ENOENT)
                return -EIO;
        f->is_vf = read_link_name(dfd, "physfn", buf, sizeof(buf)) == 0;
        return 0;
}

/*
 * -ENOENT when no such function exists. A function that exists but cannot be
 * read is returned as unreadable, so that planning refuses what touches it.
 */
static int read_function(const struct sysfs *s, const char *name, struct pci_func *f) {
        *f = (struct pci_func){ .iommu_group = -1 };
        if (pci_addr_from_sysfs(name, &f->addr) < 0)
                return -EINVAL;

        int dfd = openat(s->devices_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                dfd = -errno;
        if (dfd == -ENOENT)
                return -ENOENT;
        read_parent(s, name, f);
        if (dfd < 0 || read_details(dfd, f) < 0)
                *f = (struct pci_func){ .addr = f->addr,
                                        .parent = f->parent,
                                        .has_parent = f->has_parent,
                                        .unreadable = true,
                                        .iommu_group = f->iommu_group };
        if (dfd >= 0)
                close(dfd);
        return 0;
}

/* Adds a function by its sysfs name unless the model has it; -ENOENT if absent. */
static int load(const struct sysfs *s, struct model *m, const char *name) {
        struct pci_addr a;
        struct pci_func f;

        if (pci_addr_from_sysfs(name, &a) < 0)
                return -EINVAL;
        if (model_find(m, &a) >= 0)
                return 0;
        int r = read_function(s, name, &f);
        if (r < 0)
                return r;
        return model_add(m, &f);
}

static int load_addr(const struct sysfs *s, struct model *m, const struct pci_addr *a) {
        char name[PCI_ADDR_STRLEN];

        pci_addr_format(a, name);
        int r = load(s, m, name);
        return r == -ENOENT ? 0 : r;
}

typedef int (*entry_fn)(const struct sysfs *s, struct model *m, const char *name, void *data);

static int for_each_entry(const struct sysfs *s, int dirfd, const char *path, struct model *m, entry_fn fn,
                          void *data) {
        DIR *d = opendir_at(dirfd, path);
        if (!d)
                return -errno;
        int r = 0;
        for (struct dirent *e; r >= 0 && (errno = 0, e = readdir(d));)
                if (e->d_name[0] != '.')
                        r = fn(s, m, e->d_name, data);
        if (r >= 0 && errno != 0)
                r = -errno;
        closedir(d);
        return r;
}

static int load_child(const struct sysfs *s, struct model *m, const char *name, void *data) {
        struct pci_addr a;

        (void)data;
        if (pci_addr_from_sysfs(name, &a) < 0)
                return 0; /* attributes, not devices */
        int r = load(s, m, name);
        return r == -ENOENT ? 0 : r;
}

static int load_group_member(const struct sysfs *s, struct model *m, const char *name, void *data) {
        struct pci_addr a;
        int group = *(int *)data;

        /* only PCI functions can be handed to vfio-pci */
        if (pci_addr_from_sysfs(name, &a) < 0)
                return 0;
        int r = load(s, m, name);
        if (r != -ENOENT)
                return r;
        /* listed in the group but not on the bus: count it as an unknown outside member */
        struct pci_func f = { .addr = a, .unreadable = true, .iommu_group = group };
        return model_add(m, &f);
}

static int load_group(const struct sysfs *s, struct model *m, int group) {
        char path[32];

        snprintf(path, sizeof(path), "%d/devices", group);
        if (s->groups_fd < 0)
                return -ENOENT;
        return for_each_entry(s, s->groups_fd, path, m, load_group_member, &group);
}

/* Follows a path item's hops, reading each bridge's children as it goes. */
static int load_path(const struct sysfs *s, struct model *m, const struct item *it, struct pci_addr *end) {
        int r = load_addr(s, m, &it->addr);
        if (r < 0)
                return r;
        long at = model_find(m, &it->addr);
        for (unsigned h = 0; at >= 0 && h < it->n_hops; h++) {
                char name[PCI_ADDR_STRLEN];
                struct pci_addr bridge = m->v[at].addr;

                pci_addr_format(&bridge, name);
                r = for_each_entry(s, s->devices_fd, name, m, load_child, NULL);
                if (r < 0 && r != -ENOENT && r != -ENOTDIR)
                        return r;
                at = model_find_child(m, &bridge, it->hops[h].dev, it->hops[h].fn);
        }
        if (at < 0)
                return 0;
        *end = m->v[at].addr;
        return 1;
}

static bool has_selector(const struct item_list *items) {
        for (size_t i = 0; i < items->n; i++)
                if (items->v[i].kind == ITEM_ID || items->v[i].kind == ITEM_GPUS)
                        return true;
        return false;
}

static bool int_in(const int *v, size_t n, int x) {
        for (size_t i = 0; i < n; i++)
                if (v[i] == x)
                        return true;
        return false;
}

/* Every IOMMU group any loaded function sits in, read until no new group appears. */
static int load_groups(const struct sysfs *s, struct model *m) {
        int *done = NULL;
        size_t n_done = 0;
        int r = 0;

        for (size_t i = 0; r >= 0 && i < m->n; i++) {
                int g = m->v[i].iommu_group;
                if (g < 0 || int_in(done, n_done, g))
                        continue;
                int *v = reallocarray(done, n_done + 1, sizeof(*v));
                if (!v) {
                        r = -ENOMEM;
                        break;
                }
                done = v;
                done[n_done++] = g;
                r = load_group(s, m, g);
                if (r == -ENOENT || r == -ENOTDIR)
                        r = 0;
                /* loading may insert before i: rescan from the start */
                i = (size_t)-1;
        }
        free(done);
        return r;
}

/* Checked only when a function lacks a group, and then by one entry, to keep the cost flat. */
static void check_iommu(const struct sysfs *s, struct model *m) {
        bool missing = false;

        for (size_t i = 0; i < m->n && !missing; i++)
                missing = m->v[i].iommu_group < 0 && !m->v[i].unreadable;
        if (!missing)
                return;
        m->iommu_off = true;
        if (s->groups_fd < 0)
                return;
        DIR *d = opendir_at(s->groups_fd, ".");
        if (!d)
                return;
        for (struct dirent *e; (e = readdir(d));)
                if (e->d_name[0] != '.') {
                        m->iommu_off = false;
                        break;
                }
        closedir(d);
}

/* The children of the function at a, which must be in the model; a bridge without any is fine. */
static int load_children(const struct sysfs *s, struct model *m, const struct pci_addr *a) {
        char name[PCI_ADDR_STRLEN];

        pci_addr_format(a, name);
        int r = for_each_entry(s, s->devices_fd, name, m, load_child, NULL);
        return r == -ENOENT || r == -ENOTDIR ? 0 : r;
}

/*
 * What model_card_switch looks at, so that plan can tell a card's own switch
 * and name what the card leaves there: the two bridges above every display
 * function and, when they could be its switch (model_switch_above), what sits
 * behind that switch's other downstream ports.
 */
static int load_card_switches(const struct sysfs *s, struct model *m) {
        size_t n = 0;
        struct pci_addr *displays = calloc(m->n + 1, sizeof(*displays));
        int r = 0;

        if (!displays)
                return -ENOMEM;
        /* loading inserts into the model: work from addresses, not indices */
        for (size_t i = 0; i < m->n; i++)
                if (pci_func_is_display(&m->v[i]) && !m->v[i].is_vf && m->v[i].has_parent)
                        displays[n++] = m->v[i].addr;
        for (size_t k = 0; r >= 0 && k < n; k++) {
                long d = model_find(m, &displays[k]);
                struct pci_addr port = m->v[d].parent;
                if ((r = load_addr(s, m, &port)) < 0)
                        break;
                long p = model_find(m, &port);
                if (p < 0 || !m->v[p].has_parent)
                        continue;
                struct pci_addr up = m->v[p].parent;
                if ((r = load_addr(s, m, &up)) < 0)
                        break;
                long sw = model_switch_above(m, (size_t)model_find(m, &displays[k]));
                if (sw < 0)
                        continue;
                if ((r = load_children(s, m, &up)) < 0)
                        break;
                for (size_t i = 0; r >= 0 && i < m->n; i++)
                        if (m->v[i].has_parent && pci_addr_cmp(&m->v[i].parent, &up) == 0 &&
                            pci_func_is_bridge(&m->v[i]) && pci_addr_cmp(&m->v[i].addr, &port) != 0) {
                                struct pci_addr other = m->v[i].addr;
                                r = load_children(s, m, &other);
                                /* loading may insert before i */
                                i = (size_t)model_find(m, &other);
                        }
        }
        free(displays);
        return r;
}

int sysfs_gather(struct sysfs *s, const struct item_list *items, struct model *m) {
        int r;

        if (has_selector(items)) {
                return sysfs_load_all(s, m);
        }

        for (size_t i = 0; i < items->n; i++) {
                struct pci_addr end;
                r = load_path(s, m, &items->v[i], &end);
                if (r < 0)
                        return r;
                if (r == 0)
                        continue;
                for (uint8_t fn = 0; fn < 8; fn++) {
                        struct pci_addr a = end;
                        a.fn = fn;
                        r = load_addr(s, m, &a);
                        if (r < 0)
                                return r;
                }
        }
        r = load_groups(s, m);
        if (r >= 0)
                r = load_card_switches(s, m);
        check_iommu(s, m);
        return r;
}

static int append_function(const struct sysfs *s, struct model *m, const char *name, void *data) {
        struct pci_func f;

        (void)data;
        int r = read_function(s, name, &f);
        if (r == -ENOENT || r == -EINVAL)
                return 0; /* gone since readdir, or not a function name */
        return r < 0 ? r : model_append(m, &f);
}

int sysfs_load_all(struct sysfs *s, struct model *m) {
        int r = for_each_entry(s, s->devices_fd, ".", m, append_function, NULL);
        model_sort(m);
        check_iommu(s, m);
        return r;
}
