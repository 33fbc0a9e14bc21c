/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Pure parsers for what the next boot needs: /etc/fstab, /etc/crypttab,
 * resume=, device specs (UUID=, LABEL=, PARTUUID=, PARTLABEL=, a path) and
 * udev's database of a block device. Each line parser returns 1 for an entry,
 * 0 for a blank or comment line, -EINVAL for a line it cannot read.
 */

/*
 * The next blank-separated field of *s with the octal escapes of fstab and
 * /proc (\040 for a space) undone; false when there is none, it is too long
 * or it holds a NUL. The one reader of fstab, crypttab and /proc's fields.
 */
bool fs_field(const char **s, char *out, size_t size);
/*
 * Whether comma-separated options hold NAME (value NULL) or NAME=VALUE (the
 * value copied into value, the last one when several).
 */
bool fs_option(const char *options, const char *name, char *value, size_t size);
/* The mount points the boot cannot go on without: /, /usr, /boot, /efi, /boot/efi. */
bool fs_vital_point(const char *point);
/* A file system whose device is a server: NFS, CIFS, 9p, Ceph, GlusterFS. */
bool fs_network_type(const char *type);
/* A file system without a device: tmpfs, proc, sysfs, cgroup and the like. */
bool fs_without_device(const char *type);
/* The server of a network file system's source: SERVER:/export, [IPV6]:/export, //SERVER/share; -EINVAL. */
int fs_network_server(const char *spec, char *out, size_t size);

enum spec_kind {
        SPEC_PATH,
        SPEC_UUID,
        SPEC_LABEL,
        SPEC_PARTUUID,
        SPEC_PARTLABEL
};

struct device_spec {
        enum spec_kind kind;
        char value[PATH_MAX];
};

/* "UUID=..." and friends (values may be quoted), or a path; -EINVAL when empty or unknown. */
int spec_parse(const char *s, struct device_spec *out);

struct fstab_entry {
        char spec[PATH_MAX];
        char point[PATH_MAX]; /* "none" for swap */
        char type[32];
        bool noauto; /* the boot does not mount it */
        bool nofail; /* the boot goes on without it */
        bool bind;   /* a bind mount of a directory, not a device */
};

int fstab_line(const char *line, struct fstab_entry *e);

struct crypttab_entry {
        char name[128];
        char source[PATH_MAX];
};

int crypttab_line(const char *line, struct crypttab_entry *e);

/* initramfs-tools' conf.d/resume: RESUME=SPEC (quotes allowed); "none" and "auto" are no device. */
int resume_conf_line(const char *line, char *spec, size_t size);

/* What udev (or blkid) knows of a block device. */
struct fs_ident {
        char type[32];
        char uuid[64];
        char label[128];
        char partuuid[64];
        char partlabel[128];
};

/* ROOT/run/udev/data/bMAJ:MIN: its "E:ID_FS_TYPE=..." and friends. */
void udevdb_parse(const char *text, struct fs_ident *id);
/* The field of id that spec names; NULL for SPEC_PATH. */
const char *ident_field(const struct fs_ident *id, enum spec_kind kind);
