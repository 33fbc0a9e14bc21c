/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdio.h>

#include "core/model.h"
#include "core/plan.h"
#include "core/selection.h"

/* Turns the core's results into log lines and JSON, once, at the top. */

/* Logs what is wrong with the selection's inputs; conf_path names the file in messages. */
void report_selection(const struct selection *sel, const char *conf_path);
/* Logs every decision of the plan: what is bound and why, what is skipped and why. */
void report_plan(const struct selection *sel, const struct plan *p, const struct model *m);
/* "errors":[...] for the JSON outputs: the conf file's error and every bad item, with positions. */
void json_selection_errors(FILE *out, const struct selection *sel, const char *conf_path);
