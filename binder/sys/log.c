/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/log.h"

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

static const char *level_word(int priority) {
        return priority <= LOG_ERR ? "error: " : priority == LOG_WARNING ? "warning: " : "";
}

void log_msg(int priority, const char *fmt, ...) {
        char body[960], line[1024];
        int saved_errno = errno;
        va_list ap;

        va_start(ap, fmt);
        int n = vsnprintf(body, sizeof(body), fmt, ap);
        va_end(ap);
        if (n >= (int)sizeof(body))
                memcpy(body + sizeof(body) - 4, "...", 4); /* say it was cut */

        /* one record per write(): /dev/kmsg turns each write into one dmesg line */
        if (kmsg_fd >= 0) {
                n = snprintf(line, sizeof(line), "<%d>vfio-binder: %s\n", LOG_USER | LOG_PRI(priority), body);
                if (write(kmsg_fd, line, (size_t)n) >= 0) {
                        errno = saved_errno;
                        return;
                }
        }
        n = snprintf(line, sizeof(line), "vfio-binder: %s%s\n", level_word(priority), body);
        (void)!write(STDERR_FILENO, line, (size_t)n);
        errno = saved_errno;
}
