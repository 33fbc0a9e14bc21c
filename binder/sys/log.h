/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <syslog.h>

/*
 * The one place messages leave the program. Boot mode writes to /dev/kmsg so
 * the lines land in dmesg with a priority: every warning and error, info
 * lines until 200 lines have gone out. Everything else, and whatever kmsg
 * does not take, goes to stderr.
 */
void log_to_kmsg(const char *path);
void log_close(void);
void log_msg(int priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A run's closing line: always written, after a note of the info lines the budget held back. */
void log_last(int priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
