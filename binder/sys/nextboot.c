/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the next boot needs that may not be in use now: /etc/fstab, /etc/crypttab under it, resume=. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cmdline.h"
#include "core/fstab.h"
#include "sys/fileio.h"
#include "sys/network.h"
#include "sys/trace.h"

#define ETC_MAX ((size_t)1024 * 1024)
#define RESUME_CONF "/etc/initramfs-tools/conf.d/resume"
/* crypttab naming a mapping that crypttab names: deeper is not real */
#define SPEC_DEPTH 4

static const char *base_name(const char *p) {
        const char *s = strrchr(p, '/');
        return s ? s + 1 : p;
}

/* ROOT + path, a text file of the administrator's, and its length: a NUL byte does not end it. */
static int read_etc(const struct trace *t, const char *path, char **text, size_t *len) {
        char full[PATH_MAX];

        *text = NULL;
        *len = 0;
        if ((size_t)snprintf(full, sizeof(full), "%s%s", t->root, path) >= sizeof(full))
                return -ENAMETOOLONG;
        return read_file_max(AT_FDCWD, full, ETC_MAX, text, len);
}

/* A file that is there but cannot be read is a hole in what is traced: say so (no file: nothing to say). */
static int unreadable(struct trace *t, const char *path, int r) {
        if (r == -ENOMEM)
                return r;
        if (r >= 0 || r == -ENOENT || r == -ENOTDIR)
                return 0;
        if (r == -EFBIG)
                return host_add_note(t->h, path, "cannot read it (over %zu bytes)", ETC_MAX);
        return host_add_note(t->h, path, "cannot read it (%s)", r == -EINVAL ? "not a regular file" : strerror(-r));
}

/*
 * The next line of the *left bytes at *p, NUL-terminated in place (the
 * buffer has a NUL after its last byte); NULL after the last. *nul: the line
 * holds a NUL byte, so it cannot be read, and the lines after it still count.
 */
static char *next_line(char **p, size_t *left, bool *nul) {
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

static int trace_spec_at(struct trace *t, const char *spec, const char *what, unsigned depth);

/* /dev/mapper/NAME that is not active now: its crypttab source, which the next boot unlocks. */
/* NOLINTNEXTLINE(misc-no-recursion): crypttab may name another spec, at most SPEC_DEPTH deep */
static int crypttab_source(struct trace *t, const char *mapname, const char *what, unsigned depth) {
        char *text, *line;
        size_t len;
        bool nul;
        int r = read_etc(t, "/etc/crypttab", &text, &len);

        if (r == -ENOMEM)
                return r;
        for (char *p = text; (line = next_line(&p, &len, &nul));) {
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
        if (spec.kind == SPEC_PATH) {
                char name[NAME_MAX + 1];
                if (strncmp(spec.value, "/dev/mapper/", 12) == 0) {
                        if (trace_dm_name(t, spec.value + 12, name, sizeof(name)) == 0)
                                return trace_block(t, name, what);
                        return crypttab_source(t, spec.value + 12, what, depth);
                }
                /* udev's links below /dev: /dev/disk/by-uuid/X, LVM's /dev/VG/LV, /dev/md/NAME */
                if (strncmp(spec.value, "/dev/", 5) == 0 && strchr(spec.value + 5, '/')) {
                        if (by_link(t, spec.value, name, sizeof(name)) < 0)
                                return host_add_note(t->h, what, "%s does not exist", spec.value);
                        return trace_block(t, name, what);
                }
                if (strncmp(spec.value, "/dev/", 5) != 0)
                        return host_add_note(t->h, what, "%s is not a device", spec.value);
                return trace_block(t, base_name(spec.value), what);
        }
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

/* Each line judged alone: a line that cannot be read is a note, the others still count. */
static int fstab(struct trace *t) {
        char *text, *line;
        size_t len;
        bool nul;
        unsigned line_no = 0;
        int r = unreadable(t, "/etc/fstab", read_etc(t, "/etc/fstab", &text, &len));

        for (char *p = text; r >= 0 && (line = next_line(&p, &len, &nul)); line_no++) {
                char what[PATH_MAX + 32], where[64];
                struct fstab_entry e;
                snprintf(where, sizeof(where), "/etc/fstab line %u", line_no + 1);
                int k = nul ? -EINVAL : fstab_line(line, &e);
                if (k < 0) {
                        r = host_add_note(t->h, where, "cannot read it (expected DEVICE MOUNTPOINT TYPE ...)");
                        continue;
                }
                bool swap = k == 1 && strcmp(e.type, "swap") == 0;
                if (k == 0 || !(swap || strcmp(e.point, "/") == 0 || strcmp(e.point, "/boot") == 0 ||
                                strcmp(e.point, "/boot/efi") == 0))
                        continue;
                snprintf(what, sizeof(what), "%s in /etc/fstab", swap ? "swap" : e.point);
                if (strcmp(e.type, "nfs") == 0 || strcmp(e.type, "nfs4") == 0) {
                        /* SERVER:/export, [IPV6]:/export */
                        char server[PATH_MAX];
                        const char *host = e.spec[0] == '[' ? e.spec + 1 : e.spec;
                        snprintf(server, sizeof(server), "%.*s", (int)strcspn(host, host == e.spec ? ":" : "]"), host);
                        r = network_trace_server(t->h, t->root, t->sys_fd, server, what);
                } else if (swap && e.spec[0] == '/' && strncmp(e.spec, "/dev/", 5) != 0) {
                        /* a swap file (Ubuntu's /swap.img): the file system holding it */
                        snprintf(what, sizeof(what), "swap file in /etc/fstab");
                        r = trace_file(t, e.spec, what);
                } else {
                        r = trace_spec(t, e.spec, what);
                }
        }
        free(text);
        return r;
}

/*
 * Each line of /etc/crypttab judged alone, once: one that cannot be read may
 * be the source of a mapping that fstab names (crypttab_source() skips it).
 */
static int crypttab(struct trace *t) {
        char *text, *line;
        size_t len;
        bool nul;
        unsigned line_no = 0;
        int r = unreadable(t, "/etc/crypttab", read_etc(t, "/etc/crypttab", &text, &len));

        for (char *p = text; r >= 0 && (line = next_line(&p, &len, &nul)); line_no++) {
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

/* A resume device: as fstab names one, or the kernel's MAJ:MIN ("8:3"), through sys/dev/block. */
static int resume_spec(struct trace *t, const char *spec, const char *what) {
        size_t major = strspn(spec, "0123456789");
        bool colon = major > 0 && major <= 10 && spec[major] == ':';
        size_t minor = colon ? strspn(spec + major + 1, "0123456789") : 0;
        char path[64], name[NAME_MAX + 1];

        if (minor == 0 || minor > 10 || spec[major + 1 + minor] != '\0')
                return trace_spec(t, spec, what);
        snprintf(path, sizeof(path), "dev/block/%s", spec);
        if (read_link_name(t->sys_fd, path, name, sizeof(name)) < 0)
                return host_add_note(t->h, what, "no block device is %s", spec);
        return trace_block(t, name, what);
}

/* resume= on the command line, else initramfs-tools' conf.d/resume. */
static int resume(struct trace *t) {
        char *value = NULL, *text, *line, spec[PATH_MAX];
        size_t len;
        bool nul;
        int r = t->cmdline ? cmdline_get(t->cmdline, "resume", &value) : 0;

        if (r < 0)
                return r;
        if (r > 0) {
                if (value[0] && strcmp(value, "none") != 0)
                        r = resume_spec(t, value, "resume= on the command line");
                free(value);
                return r < 0 ? r : 0;
        }
        r = unreadable(t, RESUME_CONF, read_etc(t, RESUME_CONF, &text, &len));
        for (char *p = text; r >= 0 && (line = next_line(&p, &len, &nul));) {
                int k = nul ? -EINVAL : resume_conf_line(line, spec, sizeof(spec));
                if (k < 0)
                        r = host_add_note(t->h, RESUME_CONF, "cannot read \"%.64s\" (expected RESUME=DEVICE)", line);
                else if (k > 0)
                        r = resume_spec(t, spec, "resume in " RESUME_CONF);
        }
        free(text);
        return r;
}

int nextboot_trace(struct trace *t) {
        int r = fstab(t);
        if (r >= 0)
                r = crypttab(t);
        return r < 0 ? r : resume(t);
}
