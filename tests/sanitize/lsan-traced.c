/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Linked into the sanitizer build of vfio-binder only. LeakSanitizer stops the
 * world with ptrace at exit, which fails when the process is already traced
 * (tests/sysfs/run.sh runs some cases under strace) and turns a clean run
 * into an error. LeakSanitizer asks this hook first: skip the leak check only
 * while a tracer is attached; every other run is still checked.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): the name LeakSanitizer looks for */
int __lsan_is_turned_off(void);

/* NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): the name LeakSanitizer looks for */
int __lsan_is_turned_off(void) {
        char buf[4096]; /* no allocation while the leak check runs */
        int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
        ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

        if (fd >= 0)
                close(fd);
        if (n <= 0)
                return 0;
        buf[n] = '\0';
        const char *tracer = strstr(buf, "\nTracerPid:\t");
        return tracer && tracer[12] != '0';
}
