/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "model.h"
#include "plan.h"

/* Turns the pure layers' results into words, once, at the top. */

/* A stable word for a verdict, as the JSON outputs give it. */
const char *plan_verdict_code(enum plan_verdict v);
/* Why a unit was refused, in words. */
void plan_reason(const struct plan_unit *u, const struct item *it, const struct model *m, char *buf, size_t size);
/* Logs what is wrong with the configuration; conf_path names the file in messages. */
void report_config(const struct config *c, const char *conf_path);
/* Logs every decision of the plan: what is bound and why, what is skipped and why. */
void report_plan(const struct config *c, const struct plan *p, const struct model *m);
/*
 * The plan command's output: "bind ADDR" and "skip ITEM: REASON" lines, or JSON.
 * p is NULL when there is nothing to plan: slots off or absent, or not valid.
 */
void print_plan(FILE *out, const struct config *c, const struct plan *p, const struct model *m, const char *conf_path,
                bool valid, bool json);
