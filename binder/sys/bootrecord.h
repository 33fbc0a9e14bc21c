/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "core/bootrecord.h"

/* Writes ROOT/run/vfio-binder/boot-record (creating the directories) in one go; 0 or -errno. */
int bootrecord_write(const char *root, const struct boot_record *r);
/*
 * Reads it back: 0, -ENOENT when there is none (the binder did not run this
 * boot), -EINVAL with *bad_line set when a line does not parse, other -errno.
 */
int bootrecord_read(const char *root, struct boot_record *r, unsigned *bad_line);
