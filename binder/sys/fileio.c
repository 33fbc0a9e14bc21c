/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static ssize_t read_all(int fd, char *buf, size_t size) {
        size_t got = 0;

        while (got < size) {
                ssize_t n = read(fd, buf + got, size - got);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return -errno;
                if (n == 0)
                        break;
                got += (size_t)n;
        }
        return (ssize_t)got;
}

int read_attr(int dirfd, const char *path, char *buf, size_t size) {
        int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
        if (fd < 0)
                return -errno;

        /* one byte more than fits tells an oversized attribute from a full one */
        ssize_t n = read_all(fd, buf, size);
        close(fd);
        if (n < 0)
                return (int)n;
        if ((size_t)n == size)
                return -EFBIG;
        if (n > 0 && buf[n - 1] == '\n')
                n--;
        buf[n] = '\0';
        if (memchr(buf, '\0', (size_t)n))
                return -EINVAL;
        return 0;
}

int write_attr(int dirfd, const char *path, const char *s) {
        int fd = openat(dirfd, path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
        if (fd < 0)
                return -errno;

        size_t len = strlen(s);
        ssize_t n;
        do
                n = write(fd, s, len);
        while (n < 0 && errno == EINTR);
        int r = n < 0 ? -errno : (size_t)n != len ? -EIO : 0;
        if (close(fd) < 0 && r == 0 && errno != EINTR)
                r = -errno;
        return r;
}

int read_file_max(int dirfd, const char *path, size_t max, char **out, size_t *len) {
        /* O_NONBLOCK: a FIFO in the place of a file must not block the boot */
        int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        struct stat st;

        if (fd < 0)
                return -errno;
        int r = fstat(fd, &st) < 0 ? -errno : S_ISDIR(st.st_mode) ? -EISDIR : !S_ISREG(st.st_mode) ? -EINVAL : 0;
        if (r < 0) {
                close(fd);
                return r;
        }

        char *buf = malloc(max + 1);
        if (!buf) {
                close(fd);
                return -ENOMEM;
        }
        ssize_t n = read_all(fd, buf, max + 1);
        close(fd);
        if (n < 0 || (size_t)n > max) {
                free(buf);
                return n < 0 ? (int)n : -EFBIG;
        }
        buf[n] = '\0';
        *out = buf;
        *len = (size_t)n;
        return 0;
}

int read_link_name(int dirfd, const char *path, char *buf, size_t size) {
        char target[PATH_MAX];
        ssize_t n = readlinkat(dirfd, path, target, sizeof(target) - 1);

        if (n < 0)
                return -errno;
        target[n] = '\0';
        while (n > 0 && target[n - 1] == '/')
                target[--n] = '\0';
        const char *slash = strrchr(target, '/');
        const char *name = slash ? slash + 1 : target;
        if (*name == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
                return -EINVAL;
        size_t len = strlen(name);
        if (len >= size)
                return -ENAMETOOLONG;
        memcpy(buf, name, len + 1);
        return 0;
}

int read_file_below(const char *root, const char *path, size_t max, char **out) {
        char full[PATH_MAX];
        size_t len;

        if ((size_t)snprintf(full, sizeof(full), "%s%s", root, path) >= sizeof(full))
                return -ENAMETOOLONG;
        return read_file_max(AT_FDCWD, full, max, out, &len);
}

DIR *opendir_at(int dirfd, const char *path) {
        int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR *d = fd < 0 ? NULL : fdopendir(fd);

        if (!d && fd >= 0)
                close(fd);
        return d;
}
