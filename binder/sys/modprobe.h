/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The modprobe.d files libkmod reads, below root, in its order: every
 * *.conf and *.alias file of the directories of core/modconf.c's
 * modprobe_dirs (not hidden, not a directory), sorted by name across the
 * directories, a name in an earlier directory masking the same name in a
 * later one. fn gets each readable regular file of at most 64 KiB (libkmod
 * would read a larger one; none is) with its path as the system sees it,
 * without the root. Stops at fn's first negative return and returns it;
 * -ENOMEM; else 0.
 */
typedef int modprobe_fn(void *data, const char *text, const char *path);
int modprobe_read(const char *root, modprobe_fn *fn, void *data);
