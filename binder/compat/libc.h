/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a C library the binder is built with lacks, in one place. The klibc
 * build force-includes this file (-include) into every source; sys/modload.c
 * includes it for finit_module(), which no libc but klibc declares.
 */
#pragma once

#ifdef __KLIBC__
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/param.h>
#include <sys/times.h>
#include <time.h>

#define static_assert _Static_assert

/* realloc() of n * size bytes, failing with ENOMEM where that overflows, as glibc's and musl's. */
static inline void *reallocarray(void *p, size_t n, size_t size) {
        if (size != 0 && n > SIZE_MAX / size) {
                errno = ENOMEM;
                return NULL;
        }
        return realloc(p, n * size);
}

/*
 * klibc has no clock_gettime(). times() counts clock ticks (HZ, 100 a
 * second) from a fixed point, never backwards: CLOCK_MONOTONIC to 10 ms.
 */
static inline int clock_gettime(int id, struct timespec *ts) {
        if (id != CLOCK_MONOTONIC) {
                errno = EINVAL;
                return -1;
        }
        clock_t t = times(NULL);
        ts->tv_sec = t / HZ;
        ts->tv_nsec = (long)(t % HZ) * (1000000000L / HZ);
        return 0;
}

/* klibc's libc has the system call but declares it nowhere. */
int finit_module(int fd, const char *params, int flags);
#else
#include <sys/syscall.h>
#include <unistd.h>

/* glibc and musl have no wrapper for finit_module(2). */
static inline int finit_module(int fd, const char *params, int flags) {
        return (int)syscall(SYS_finit_module, fd, params, flags);
}
#endif
