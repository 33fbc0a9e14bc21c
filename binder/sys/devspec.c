/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Devices as the administrator names them (UUID=, LABEL=, PARTUUID=,
 * PARTLABEL=, udev's links, /dev/mapper/NAME and its crypttab source, lists of
 * devices) to block devices; reading /etc's files line by line.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fstab.h"
#include "sys/fileio.h"
#include "sys/trace.h"

#define ETC_MAX ((size_t)1024 * 1024)
/* crypttab naming a mapping that crypttab names: deeper is not real */
#define SPEC_DEPTH 4

int trace_read_etc(const struct trace *t, const char *path, char **text, size_t *len) {
        char full[PATH_MAX];

        *text = NULL;
        *len = 0;
        if ((size_t)snprintf(full, sizeof(full), "%s%s", t->root, path) >= sizeof(full))
                return -ENAMETOOLONG;
        return read_file_max(AT_FDCWD, full, ETC_MAX, text, len);
}

int trace_unreadable(struct trace *t, const char *path, int r) {
        if (r == -ENOMEM)
                return r;
        if (r >= 0 || r == -ENOENT || r == -ENOTDIR)
                return 0;
        if (r == -EFBIG)
                return host_add_note(t->h, path, "cannot read it (over %zu bytes)", ETC_MAX);
        return host_add_note(t->h, path, "cannot read it (%s)", r == -EINVAL ? "not a regular file" : strerror(-r));
}

char *trace_next_line(char **p, size_t *left, bool *nul) {
        char *line = *p;

        if (!line || *left == 0)
                return NULL;
        char *nl = memchr(line, '\n', *left);
        size_t n = nl ? (size_t)(nl - line) : *left, used = n + (nl != NULL);
        *nul = memchr(line, '\0', n) != NULL;
        line[n] = '\0';
        *p += used;
        *left -= used;
        return line;
}

static const char *base_name(const char *p) {
        const char *s = strrchr(p, '/');
        return s ? s + 1 : p;
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

static int trace_spec_at(struct trace *t, const char *spec, const char *what, unsigned depth);

/* /dev/mapper/NAME that is not active now: its crypttab source, which the next boot unlocks. */
/* NOLINTNEXTLINE(misc-no-recursion): crypttab may name another spec, at most SPEC_DEPTH deep */
static int crypttab_source(struct trace *t, const char *mapname, const char *what, unsigned depth) {
        char *text, *line;
        size_t len;
        bool nul;
        int r = trace_read_etc(t, "/etc/crypttab", &text, &len);

        if (r == -ENOMEM)
                return r;
        for (char *p = text; (line = trace_next_line(&p, &len, &nul));) {
                struct crypttab_entry e;
                if (!nul && crypttab_line(line, &e) == 1 && strcmp(e.name, mapname) == 0) {
                        r = trace_spec_at(t, e.source, what, depth + 1);
                        free(text);
                        return r;
                }
        }
        free(text);
        return host_add_note(t->h, what, "/dev/mapper/%s is not active and not in /etc/crypttab", mapname);
}

/* /dev/disk/by-uuid/X, /dev/VG/LV and the like: udev's links below the root, to the device's name. */
static int by_link(struct trace *t, const char *path, char *name, size_t size) {
        char full[PATH_MAX];

        if ((size_t)snprintf(full, sizeof(full), "%s%s", t->root, path) >= sizeof(full))
                return -ENAMETOOLONG;
        return read_link_name(AT_FDCWD, full, name, size);
}

/* "/dev/nvme0n1p2:/dev/nvme1n1p1", a multi-device file system (bcachefs); not a by-path link with colons. */
static bool device_list(const char *s) {
        if (!strchr(s, ':'))
                return false;
        for (const char *p = s; *p; p += strcspn(p, ":"), p += *p == ':')
                if (strncmp(p, "/dev/", 5) != 0)
                        return false;
        return true;
}

/* A path: /dev/mapper/NAME (active, or crypttab's), udev's links, /dev/NAME. */
/* NOLINTNEXTLINE(misc-no-recursion): crypttab may name another spec, at most SPEC_DEPTH deep */
static int trace_path(struct trace *t, const char *path, const char *what, unsigned depth) {
        char name[NAME_MAX + 1];

        if (strncmp(path, "/dev/mapper/", 12) == 0) {
                if (trace_dm_name(t, path + 12, name, sizeof(name)) == 0)
                        return trace_block(t, name, what);
                return crypttab_source(t, path + 12, what, depth);
        }
        /* udev's links below /dev: /dev/disk/by-uuid/X, LVM's /dev/VG/LV, /dev/md/NAME */
        if (strncmp(path, "/dev/", 5) == 0 && strchr(path + 5, '/')) {
                if (by_link(t, path, name, sizeof(name)) < 0)
                        return host_add_note(t->h, what, "%s does not exist", path);
                return trace_block(t, name, what);
        }
        if (strncmp(path, "/dev/", 5) != 0)
                return host_add_note(t->h, what, "%s is not a device", path);
        return trace_block(t, base_name(path), what);
}

/* NOLINTNEXTLINE(misc-no-recursion): crypttab may name another spec, at most SPEC_DEPTH deep */
static int trace_spec_at(struct trace *t, const char *text, const char *what, unsigned depth) {
        struct device_spec spec;
        char failures[512];

        if (depth <= SPEC_DEPTH && device_list(text)) {
                int r = 0;
                for (const char *p = text; r >= 0 && *p; p += strcspn(p, ":"), p += *p == ':') {
                        char one[PATH_MAX];
                        snprintf(one, sizeof(one), "%.*s", (int)strcspn(p, ":"), p);
                        r = trace_spec_at(t, one, what, depth + 1);
                }
                return r;
        }
        if (depth > SPEC_DEPTH || spec_parse(text, &spec) < 0)
                return host_add_note(t->h, what, "cannot read the device \"%s\"", text);
        if (spec.kind == SPEC_PATH)
                return trace_path(t, spec.value, what, depth);
        int r = blockdevs_load(&t->devs);
        if (r < 0)
                return r;
        /* every device with the tag: the members of a multi-device file system share its UUID and LABEL */
        const struct blockdev *d = NULL;
        int n = 0;
        while (r >= 0 && (d = blockdevs_find(&t->devs, spec.kind, spec.value, d))) {
                r = trace_block(t, d->name, what);
                n++;
        }
        if (r < 0 || n > 0)
                return r;
        blockdevs_failures(&t->devs, failures, sizeof(failures));
        return host_add_note(t->h, what, "no block device has %s%s", text, failures);
}

int trace_spec(struct trace *t, const char *spec, const char *what) {
        return trace_spec_at(t, spec, what, 0);
}

/*
 * Each line of /etc/crypttab judged alone, once: one that cannot be read may
 * be the source of a mapping that fstab names (crypttab_source() skips it).
 */
int crypttab_trace(struct trace *t) {
        char *text, *line;
        size_t len;
        bool nul;
        unsigned line_no = 0;
        int r = trace_unreadable(t, "/etc/crypttab", trace_read_etc(t, "/etc/crypttab", &text, &len));

        for (char *p = text; r >= 0 && (line = trace_next_line(&p, &len, &nul)); line_no++) {
                struct crypttab_entry e;
                char where[64];
                if (!nul && crypttab_line(line, &e) >= 0)
                        continue;
                snprintf(where, sizeof(where), "/etc/crypttab line %u", line_no + 1);
                r = host_add_note(t->h, where, "cannot read it (expected NAME DEVICE ...)");
        }
        free(text);
        return r;
}
