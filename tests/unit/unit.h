/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the unit tests: cmocka, and a growable suite so that every table
 * row runs as its own named test ("group: row" in cmocka's output).
 */
#pragma once

/* cmocka.h needs these before it */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

struct suite {
        struct CMUnitTest *v;
        char **names; /* owned copies, freed after the run */
        size_t n;
        size_t cap;
};

/* Test setup failures are bugs in the test itself: stop loudly. */
static inline void *unit_xalloc(void *p) {
        if (!p) {
                fputs("unit: out of memory\n", stderr);
                abort();
        }
        return p;
}

static inline void suite_add(struct suite *s, const char *group, const char *name, CMUnitTestFunction fn, void *state) {
        if (s->n == s->cap) {
                s->cap = s->cap ? s->cap * 2 : 64;
                s->v = unit_xalloc(reallocarray(s->v, s->cap, sizeof(*s->v)));
                s->names = unit_xalloc(reallocarray(s->names, s->cap, sizeof(*s->names)));
        }
        char *full = NULL;
        if (asprintf(&full, "%s: %s", group, name) < 0)
                unit_xalloc(NULL);
        s->names[s->n] = full;
        s->v[s->n++] = (struct CMUnitTest){ .name = full, .test_func = fn, .initial_state = state };
}

/* One test per row; each row type starts with `const char *name`. */
#define SUITE_TABLE(s, group, rows, fn)                                                  \
        do {                                                                             \
                for (size_t row_ = 0; row_ < sizeof(rows) / sizeof((rows)[0]); row_++)   \
                        suite_add((s), (group), (rows)[row_].name, (fn), &(rows)[row_]); \
        } while (0)

/* cmocka's result: the number of failed tests, 0 when all passed. */
static inline int suite_run(struct suite *s, const char *group) {
        int r = _cmocka_run_group_tests(group, s->v, s->n, NULL, NULL);

        for (size_t i = 0; i < s->n; i++)
                free(s->names[i]);
        free(s->names);
        free(s->v);
        *s = (struct suite){ 0 };
        return r;
}

/* Compares integers and names the row and the field in the failure. */
#define CHECK_EQ(ctx, field, got, want)                                                             \
        do {                                                                                        \
                long long got_ = (long long)(got), want_ = (long long)(want);                       \
                if (got_ != want_)                                                                  \
                        fail_msg("%s: %s is %lld (%#llx), want %lld (%#llx)", (ctx), (field), got_, \
                                 (unsigned long long)got_, want_, (unsigned long long)want_);       \
        } while (0)

#define CHECK_STR(ctx, field, got, want)                                                                          \
        do {                                                                                                      \
                const char *got_ = (got), *want_ = (want);                                                        \
                if (!got_ || strcmp(got_, want_) != 0)                                                            \
                        fail_msg("%s: %s is \"%s\", want \"%s\"", (ctx), (field), got_ ? got_ : "(null)", want_); \
        } while (0)
