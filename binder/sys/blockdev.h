/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <limits.h>
#include <stddef.h>

#include "core/fstab.h"

/* One block device of ROOT/sys/class/block and what its content is. */
struct blockdev {
        char name[NAME_MAX + 1];
        struct fs_ident id;
        int err; /* 0, or why it could not be identified */
};

/* Every block device below a root, identified once, when a tag or a pool member must be found. */
struct blockdevs {
        const char *root;
        int sys_fd;
        struct blockdev *v;
        size_t n;
        int loaded; /* 0 not yet, 1 done, < 0 the error */
};

/*
 * Identifies every block device: udev's database when ROOT/run/udev/data has
 * it, else libblkid on ROOT/dev/NAME (opened without blocking, refused unless
 * a block device or a regular file). A device that cannot be read keeps its
 * error and the others go on. -ENOMEM only.
 */
int blockdevs_load(struct blockdevs *b);
/*
 * The first device after `after` (NULL: from the start) whose field of kind
 * equals value (after blockdevs_load()), or NULL: the members of a
 * multi-device file system share its UUID and LABEL.
 */
const struct blockdev *blockdevs_find(const struct blockdevs *b, enum spec_kind kind, const char *value,
                                      const struct blockdev *after);
/* ", but NAME: WHY, ..." for the devices that could not be identified, "" when none: why a search may have failed. */
void blockdevs_failures(const struct blockdevs *b, char *buf, size_t size);
void blockdevs_free(struct blockdevs *b);
