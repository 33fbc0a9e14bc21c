/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int kmsg_fd = -1;

void log_to_kmsg(const char *path) {
        log_close();
        kmsg_fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
}

void log_close(void) {
        if (kmsg_fd >= 0)
                close(kmsg_fd);
        kmsg_fd = -1;
}

void log_msg(int priority, const char *fmt, ...) {
        /* one record per write(): /dev/kmsg turns each write into one dmesg line */
        char line[1024];
        int saved_errno = errno;
        va_list ap;
        int n;

        if (kmsg_fd >= 0)
                n = snprintf(line, sizeof(line), "<%d>vfio-binder: ", LOG_USER | LOG_PRI(priority));
        else
                n = snprintf(line, sizeof(line), "vfio-binder: %s",
                             priority <= LOG_ERR       ? "error: "
                             : priority == LOG_WARNING ? "warning: "
                                                       : "");
        va_start(ap, fmt);
        vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
        va_end(ap);

        size_t len = strlen(line);
        if (len == sizeof(line) - 1)
                memcpy(line + len - 3, "...", 3); /* say it was cut */
        line[len++] = '\n';
        if (kmsg_fd < 0 || write(kmsg_fd, line, len) < 0)
                (void)!write(STDERR_FILENO, line, len);
        errno = saved_errno;
}
