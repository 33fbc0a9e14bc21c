/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The few JSON pieces the --json outputs are made of. */
void json_string(FILE *out, const char *s, size_t len);
void json_str(FILE *out, const char *s);
/* s, or null when s is NULL or empty */
void json_str_or_null(FILE *out, const char *s);
void json_bool(FILE *out, bool b);
