/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "core/hostfacts.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/selection.h"
#include "core/words.h"

/* The values are check's exit codes; 2 is an invalid configuration. */
enum finding_level {
        FINDING_WARNING = 1, /* worth fixing; boot still does the safe thing */
        FINDING_DANGER = 3,  /* would take what the host needs to run: the image build stops */
};

struct finding {
        enum finding_level level;
        const char *code;
        int judged; /* the index of the judged selection it is about, -1 for the machine */
        char text[512];
        struct error_where where; /* invalid-configuration: where in the conf file or the list */
};

struct findings {
        struct finding *v;
        size_t n;
};

/* One selection the next boot may apply, and its plan; plan is NULL when it selects nothing. */
struct judged {
        const struct selection *sel;
        const struct plan *plan;
};

/*
 * Pure: each judged selection's plan against the whole machine (m holds every
 * function) and what the host depends on; the machine's own findings (ids=,
 * drivers, what could not be traced) once.
 */
int check_build(const struct judged *j, size_t n, const struct model *m, const struct host_facts *h,
                struct findings *out);
/* The findings of bind's targets that check would call errors: the same rules, for one plan. */
int check_plan_errors(const struct selection *sel, const struct plan *p, const struct model *m,
                      const struct host_facts *h, struct findings *out);
/* check's policy (the next boot): an error for what the boot waits for or runs on, else a warning. */
enum finding_level check_boot_level(enum host_use u);
/* Appends one finding (judged 0), for bind's refusals of what is in use now (core/inuse.c). -ENOMEM only. */
int findings_add(struct findings *f, enum finding_level level, const char *code, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
/* Appends what makes the selection unusable (nothing would be bound), as errors. -ENOMEM only. */
int check_config_errors(const struct selection *sel, const char *conf_path, struct findings *out);
/* The highest level found, 0 for none. */
int check_level(const struct findings *f);
void findings_free(struct findings *f);
