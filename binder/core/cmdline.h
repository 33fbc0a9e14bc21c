/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/*
 * Finds the last "name=value" among the kernel parameters in cmdline, splitting
 * and unquoting exactly as the kernel's next_arg() does, and stopping at "--"
 * as parse_args() does. A bare "name" counts as an empty value.
 * Returns 1 and a malloc'd *value when found, 0 when absent, -errno on failure.
 */
int cmdline_get(const char *cmdline, const char *name, char **value);

/*
 * a[0..alen) equals the string b, with '-' and '_' the same character, as the
 * kernel has it for parameter names and modprobe for module names.
 */
bool name_eq(const char *a, size_t alen, const char *b);
