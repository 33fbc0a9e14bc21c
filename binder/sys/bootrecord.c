/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/bootrecord.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys/fileio.h"

/* 8192 functions of 80 bytes: far beyond any machine */
#define BOOT_RECORD_MAX ((size_t)640 * 1024)

static int mkdir_below(const char *root, const char *path) {
        char full[PATH_MAX];

        if ((size_t)snprintf(full, sizeof(full), "%s%s", root, path) >= sizeof(full))
                return -ENAMETOOLONG;
        return mkdir(full, 0755) == 0 || errno == EEXIST ? 0 : -errno;
}

int bootrecord_write(const char *root, const struct boot_record *r) {
        char dir[PATH_MAX], *text;
        size_t len;
        int ret;

        if ((ret = mkdir_below(root, "/run")) < 0 || (ret = mkdir_below(root, BOOT_RECORD_DIR)) < 0)
                return ret;
        if ((ret = boot_record_format(r, &text, &len)) < 0)
                return ret;
        snprintf(dir, sizeof(dir), "%s%s", root, BOOT_RECORD_DIR);
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (dfd < 0) {
                ret = -errno;
                free(text);
                return ret;
        }
        /* a reader sees the old record or the new one, never half of it */
        int fd = openat(dfd, "boot-record.new", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0) {
                ret = -errno;
        } else {
                ssize_t w = write(fd, text, len);
                ret = w < 0 ? -errno : (size_t)w != len ? -EIO : 0;
                if (close(fd) < 0 && ret == 0)
                        ret = -errno;
                if (ret == 0 && renameat(dfd, "boot-record.new", dfd, "boot-record") < 0)
                        ret = -errno;
        }
        close(dfd);
        free(text);
        return ret;
}

int bootrecord_read(const char *root, struct boot_record *r, unsigned *bad_line) {
        char full[PATH_MAX], *text;
        size_t len;

        *r = (struct boot_record){ 0 };
        if ((size_t)snprintf(full, sizeof(full), "%s%s", root, BOOT_RECORD_PATH) >= sizeof(full))
                return -ENAMETOOLONG;
        int ret = read_file_max(AT_FDCWD, full, BOOT_RECORD_MAX, &text, &len);
        if (ret < 0)
                return ret;
        ret = boot_record_parse(text, len, r, bad_line);
        free(text);
        return ret;
}
