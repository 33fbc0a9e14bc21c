/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "core/hostfacts.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/selection.h"

/* The values are check's exit codes; 2 is an invalid configuration. */
enum finding_level {
        FINDING_WARNING = 1, /* worth fixing; boot still does the safe thing */
        FINDING_DANGER = 3,  /* would take what the host needs to run: the image build stops */
};

struct finding {
        enum finding_level level;
        const char *code;
        char text[512];
};

struct findings {
        struct finding *v;
        size_t n;
};

/*
 * Pure: the configuration's plan against the whole machine (m holds every
 * function) and what the host depends on. p is NULL when nothing is selected.
 */
int check_build(const struct selection *sel, const struct plan *p, const struct model *m, const struct host_facts *h,
                struct findings *out);
/* The highest level found, 0 for none. */
int check_level(const struct findings *f);
void findings_free(struct findings *f);
