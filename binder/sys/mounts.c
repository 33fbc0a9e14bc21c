/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * File systems: what each one stands on (a device, a pool's members, several
 * devices, an overlay's layers, a server), those mounted now
 * (/proc/self/mountinfo) and those the next boot mounts (/etc/fstab).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fstab.h"
#include "sys/fileio.h"
#include "sys/network.h"
#include "sys/trace.h"

#define PROC_MAX ((size_t)4 * 1024 * 1024)
/* a loop file on an overlay's layer on a loop file...: deeper stacks are not real */
#define FILE_DEPTH 8

int mounts_read(struct trace *t) {
        char *text = NULL, *line;
        size_t len;
        bool nul;
        int r = read_file_below(t->root, "/proc/self/mountinfo", PROC_MAX, &text);

        if (r == -ENOMEM)
                return r;
        t->mounts_err = r < 0 ? r : 0;
        if (r < 0)
                return host_add_note(t->h, "/proc/self/mountinfo",
                                     "cannot read it (%s): no file system mounted now is traced",
                                     r == -EFBIG ? "too big" : strerror(-r));
        len = strlen(text);
        for (char *p = text; (line = trace_next_line(&p, &len, &nul));) {
                struct mount_entry m;
                if (!procfs_mountinfo_line(line, &m))
                        continue;
                struct mount_entry *v = reallocarray(t->mounts, t->n_mounts + 1, sizeof(*v));
                if (!v) {
                        free(text);
                        return -ENOMEM;
                }
                t->mounts = v;
                v[t->n_mounts++] = m;
        }
        free(text);
        return 0;
}

/* The mount in effect holding path: the longest mount point containing it, the last of several on one point. */
static const struct mount_entry *mount_of(const struct trace *t, const char *path) {
        const struct mount_entry *best = NULL;
        size_t best_len = 0;

        for (size_t i = 0; i < t->n_mounts; i++) {
                const struct mount_entry *m = &t->mounts[i];
                size_t l = strlen(m->point);
                bool under = strcmp(m->point, "/") == 0 ||
                             (strncmp(path, m->point, l) == 0 && (path[l] == '/' || path[l] == '\0'));
                if (under && (!best || l >= best_len)) {
                        best = m;
                        best_len = l;
                }
        }
        return best;
}

/* NOLINTNEXTLINE(misc-no-recursion): a file's mount may stand on files, at most FILE_DEPTH deep */
static int file_mount(struct trace *t, const char *path, const struct mount_entry *self, const char *what) {
        const struct mount_entry *m = mount_of(t, path);

        if (t->mounts_err)
                return host_add_note(t->h, what, "cannot tell which file system holds %s", path);
        if (!m || m == self)
                return host_add_note(t->h, what, "no file system mounted now holds %s", path);
        if (t->depth >= FILE_DEPTH)
                return host_add_note(t->h, what, "%s stands on files more than %d deep", path, FILE_DEPTH);
        t->depth++;
        int r = trace_mount(t, m, what);
        t->depth--;
        return r;
}

/* NOLINTNEXTLINE(misc-no-recursion): see file_mount() */
int trace_file(struct trace *t, const char *path, const char *what) {
        return file_mount(t, path, NULL, what);
}

/* An overlay: the mounts holding its lower layers and its upper one (lowerdir=A:B,upperdir=C). */
/* NOLINTNEXTLINE(misc-no-recursion): see file_mount() */
static int overlay_layers(struct trace *t, const struct mount_entry *m, const char *what) {
        static const char *const keys[] = { "lowerdir", "upperdir" };
        char dirs[PATH_MAX];
        int r = 0, n = 0;

        for (size_t k = 0; r >= 0 && k < sizeof(keys) / sizeof(keys[0]); k++) {
                if (!fs_option(m->options, keys[k], dirs, sizeof(dirs)))
                        continue;
                for (const char *p = dirs; r >= 0 && *p; p += strcspn(p, ":"), p += *p == ':', n++) {
                        char dir[PATH_MAX];
                        snprintf(dir, sizeof(dir), "%.*s", (int)strcspn(p, ":"), p);
                        r = file_mount(t, dir, m, what);
                }
        }
        if (r < 0 || n > 0)
                return r;
        return host_add_note(t->h, what,
                             "cannot tell which layers the overlay at %s stands on (no lowerdir= in \"%s\")", m->point,
                             m->options);
}

/* NOLINTNEXTLINE(misc-no-recursion): see file_mount() */
int trace_mount(struct trace *t, const struct mount_entry *m, const char *what) {
        char name[NAME_MAX + 1], path[64];

        if (strcmp(m->fstype, "zfs") == 0)
                return trace_zfs_pool(t, m->source, what);
        if (strcmp(m->fstype, "overlay") == 0)
                return overlay_layers(t, m, what);
        if (fs_network_type(m->fstype)) {
                if (m->server[0])
                        return network_trace_server(t->h, t->root, t->sys_fd, m->server, t->use, what);
                return host_add_note(t->h, what, "a %s mount whose server is not in its options (%s)", m->fstype,
                                     m->source);
        }
        if (fs_without_device(m->fstype))
                return 0; /* no device: nothing to lose */
        /* "/dev/nvme0n1p2:/dev/nvme1n1p1": every member of a multi-device file system (bcachefs) */
        if (strchr(m->source, ':') && strncmp(m->source, "/dev/", 5) == 0)
                return trace_spec(t, m->source, what);
        snprintf(path, sizeof(path), "dev/block/%s", m->majmin);
        if (strncmp(m->majmin, "0:", 2) != 0 && read_link_name(t->sys_fd, path, name, sizeof(name)) == 0)
                return trace_block(t, name, what);
        if (strcmp(m->fstype, "btrfs") == 0 && strncmp(m->source, "/dev/", 5) == 0) {
                const char *base = strrchr(m->source, '/') + 1;
                if (strncmp(m->source, "/dev/mapper/", 12) != 0 || trace_dm_name(t, base, name, sizeof(name)) < 0)
                        snprintf(name, sizeof(name), "%s", base);
                int r = trace_btrfs_members(t, name, what);
                if (r != -ENOENT)
                        return r;
        }
        if (strncmp(m->source, "/dev/", 5) == 0 || strchr(m->source, '='))
                return trace_spec(t, m->source, what);
        return host_add_note(t->h, what, "cannot tell which device holds this %s file system (source %s)", m->fstype,
                             m->source);
}

/*
 * Whether a mount away from the vital points stands on something to trace:
 * not a pseudo file system, nor a FUSE file system without a device.
 */
static bool has_device(const struct mount_entry *m) {
        if (fs_without_device(m->fstype))
                return false;
        return strncmp(m->majmin, "0:", 2) != 0 || strncmp(m->source, "/dev/", 5) == 0 ||
               strcmp(m->fstype, "zfs") == 0 || strcmp(m->fstype, "overlay") == 0 || fs_network_type(m->fstype);
}

/* Another mount on the same point later hides this one. */
static bool hidden(const struct trace *t, size_t i) {
        for (size_t k = i + 1; k < t->n_mounts; k++)
                if (strcmp(t->mounts[k].point, t->mounts[i].point) == 0)
                        return true;
        return false;
}

int mounts_trace(struct trace *t) {
        int r = 0;

        /* the vital points first, so that a device is named for the most vital of its uses */
        for (int vital = 1; vital >= 0; vital--) {
                t->use = vital ? HOST_USE_VITAL_MOUNT : HOST_USE_MOUNT;
                for (size_t i = 0; r >= 0 && i < t->n_mounts; i++) {
                        const struct mount_entry *m = &t->mounts[i];
                        if (fs_vital_point(m->point) != vital || hidden(t, i) || (!vital && !has_device(m)))
                                continue;
                        r = trace_mount(t, m, m->point);
                }
        }
        return r;
}

/* One entry of /etc/fstab the next boot mounts. */
static int fstab_entry(struct trace *t, const struct fstab_entry *e) {
        bool swap = strcmp(e->type, "swap") == 0, vital = swap || fs_vital_point(e->point);
        char what[PATH_MAX + 32];

        /* the vital ones count whatever their options say: the host cannot do without them for long */
        if ((!vital && e->noauto) || fs_without_device(e->type))
                return 0;
        t->use = vital || !e->nofail ? HOST_USE_BOOT_WAITS : HOST_USE_NOFAIL;
        snprintf(what, sizeof(what), "%s in /etc/fstab", swap ? "swap" : e->point);
        if (fs_network_type(e->type)) {
                char server[256];
                if (fs_network_server(e->spec, server, sizeof(server)) < 0)
                        return host_add_note(t->h, what, "cannot tell the server of %s", e->spec);
                return network_trace_server(t->h, t->root, t->sys_fd, server, t->use, what);
        }
        if (strcmp(e->type, "zfs") == 0)
                return trace_zfs_pool(t, e->spec, what);
        /* a swap file (Ubuntu's /swap.img), a bind mount's directory, an image file: the file system holding it */
        if (e->spec[0] == '/' && strncmp(e->spec, "/dev/", 5) != 0) {
                if (swap)
                        snprintf(what, sizeof(what), "swap file in /etc/fstab");
                return trace_file(t, e->spec, what);
        }
        return trace_spec(t, e->spec, what);
}

/*
 * Each line judged alone: a line that cannot be read is a note, the others
 * still count. The vital entries in a first pass (vital), so that a device is
 * named for the most vital of its uses.
 */
static int fstab_pass(struct trace *t, bool vital) {
        char *text, *line;
        size_t len;
        bool nul;
        unsigned line_no = 0;
        int r = trace_read_etc(t, "/etc/fstab", &text, &len);

        r = vital ? trace_unreadable(t, "/etc/fstab", r) : r == -ENOMEM ? r : 0;
        for (char *p = text; r >= 0 && (line = trace_next_line(&p, &len, &nul)); line_no++) {
                struct fstab_entry e;
                int k = nul ? -EINVAL : fstab_line(line, &e);
                if (k < 0 && vital) {
                        char where[64];
                        snprintf(where, sizeof(where), "/etc/fstab line %u", line_no + 1);
                        r = host_add_note(t->h, where, "cannot read it (expected DEVICE MOUNTPOINT TYPE ...)");
                } else if (k > 0 && vital == (strcmp(e.type, "swap") == 0 || fs_vital_point(e.point))) {
                        r = fstab_entry(t, &e);
                }
        }
        free(text);
        return r;
}

int fstab_trace(struct trace *t) {
        int r = fstab_pass(t, true);
        return r < 0 ? r : fstab_pass(t, false);
}
