/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"

/*
 * depmod's modules.dep and modules.builtin, for the klibc build's own module
 * loader (libkmod reads their .bin indexes instead). Pure: the texts come in
 * whole, with their length, and may hold any bytes.
 */

/* More than vfio-pci needs anywhere (five modules on Debian 12). */
#define MODDEP_MAX 32

/* One module file to insert. */
struct modfile {
        char name[MODEL_NAME_MAX]; /* as the kernel names it: '_' for '-' */
        const char *path;          /* as modules.dep has it, relative to the modules directory; into the text */
        size_t path_len;
};

/*
 * The module name of a path, as libkmod's path_to_modname() makes it: the
 * last component up to its first '.', '-' as '_'. -EINVAL when that is
 * empty, -ENAMETOOLONG when it does not fit MODEL_NAME_MAX.
 */
int modname_of_path(const char *path, size_t len, char out[MODEL_NAME_MAX]);

/* name with '-' as '_', as the kernel and /sys/module name modules. -ENAMETOOLONG, -EINVAL for "". */
int modname_of(const char *name, char out[MODEL_NAME_MAX]);

/*
 * What inserting NAME takes, in libkmod's order: the dependencies on NAME's
 * line of modules.dep from the last to the first (depmod lists a module
 * before what it needs), then NAME itself. Without recursion, as libkmod:
 * depmod writes the whole closure on each line. The first line naming the
 * module counts. -ENOENT when no line names it; -E2BIG beyond out_max.
 */
int moddep_order(const char *text, size_t len, const char *name, struct modfile *out, size_t out_max, size_t *n);

/* Whether modules.builtin's text lists NAME (any spelling, '-' or '_'). */
bool modbuiltin_lists(const char *text, size_t len, const char *name);

/*
 * How a module file is compressed, named as /sys/module/compression names
 * the kernel's own decompressor: "gzip", "xz" or "zstd"; "" for a plain .ko.
 * NULL when the path is not a module file at all.
 */
const char *modfile_compression(const char *path, size_t len);
