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
        bool noauto;
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
