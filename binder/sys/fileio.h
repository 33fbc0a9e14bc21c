/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <dirent.h>
#include <stddef.h>

/*
 * Bounded, symlink-refusing access to attribute files below a directory fd.
 * Everything returns 0 or -errno.
 */

/* A small attribute into buf, NUL-terminated, one trailing newline removed; -EFBIG if it does not fit. */
int read_attr(int dirfd, const char *path, char *buf, size_t size);
/* Writes all of s in one write(), as sysfs attributes expect. */
int write_attr(int dirfd, const char *path, const char *s);
/*
 * A whole regular file of at most max bytes into a malloc'd, NUL-terminated
 * buffer; -EFBIG if larger, -EINVAL if not a regular file (a FIFO would block).
 */
int read_file_max(int dirfd, const char *path, size_t max, char **out, size_t *len);
/* The last component of a symlink's target, as sysfs "driver" and "iommu_group" links are read. */
int read_link_name(int dirfd, const char *path, char *buf, size_t size);
/* read_file_max() of root + path ("" for the real system). */
int read_file_below(const char *root, const char *path, size_t max, char **out);
/* A directory below dirfd for readdir(), O_CLOEXEC; NULL with errno set. */
DIR *opendir_at(int dirfd, const char *path);
