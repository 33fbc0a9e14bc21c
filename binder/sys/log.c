/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/*
 * Info lines: enough for every decision on a machine with dozens of cards;
 * 10,000 items do not flood dmesg. A warning or an error always goes out.
 */
#define KMSG_LINES_MAX 200u

static const char *kmsg_path; /* NULL: stderr */
static unsigned kmsg_lines, kmsg_dropped;

/*
 * The kernel lets one open /dev/kmsg write 10 lines per 5 s and drops the
 * rest while write() still reports success (printk.devkmsg=ratelimit, the
 * default), so every line gets an open file of its own. One write() is one
 * record, one dmesg line.
 */
static bool kmsg_write(const char *line, size_t n) {
        int fd = open(kmsg_path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);

        if (fd < 0)
                return false;
        bool ok = write(fd, line, n) == (ssize_t)n;
        close(fd);
        return ok;
}

void log_to_kmsg(const char *path) {
        int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);

        kmsg_path = fd >= 0 ? path : NULL;
        kmsg_lines = kmsg_dropped = 0;
        if (fd >= 0)
                close(fd);
}

void log_close(void) {
        kmsg_path = NULL;
}

static const char *level_word(int priority) {
        return priority <= LOG_ERR ? "error: " : priority == LOG_WARNING ? "warning: " : "";
}

static void emit(int priority, const char *body) {
        char line[1024];
        int n;

        if (kmsg_path) {
                n = snprintf(line, sizeof(line), "<%d>vfio-binder: %s\n", LOG_USER | LOG_PRI(priority), body);
                if (kmsg_write(line, (size_t)n))
                        return;
        }
        n = snprintf(line, sizeof(line), "vfio-binder: %s%s\n", level_word(priority), body);
        (void)!write(STDERR_FILENO, line, (size_t)n);
}

__attribute__((format(printf, 3, 0))) static void vlog(bool last, int priority, const char *fmt, va_list ap) {
        char body[960];
        int saved_errno = errno;
        int n = vsnprintf(body, sizeof(body), fmt, ap);

        if (n >= (int)sizeof(body))
                memcpy(body + sizeof(body) - 4, "...", 4); /* say it was cut */
        if (kmsg_path && !last && priority > LOG_WARNING && kmsg_lines >= KMSG_LINES_MAX) {
                kmsg_dropped++;
        } else {
                if (kmsg_path && last && kmsg_dropped > 0) {
                        char note[128];
                        snprintf(note, sizeof(note),
                                 "%u more info lines not logged (over %u): vfio-binder plan shows every decision",
                                 kmsg_dropped, KMSG_LINES_MAX);
                        emit(LOG_WARNING, note);
                }
                kmsg_lines++;
                emit(priority, body);
        }
        errno = saved_errno;
}

void log_msg(int priority, const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        vlog(false, priority, fmt, ap);
        va_end(ap);
}

void log_last(int priority, const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        vlog(true, priority, fmt, ap);
        va_end(ap);
}
