/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/model.h"

/* The few JSON pieces the --json outputs are made of. */
void json_string(FILE *out, const char *s, size_t len);
void json_str(FILE *out, const char *s);
/* s, or null when s is NULL or empty */
void json_str_or_null(FILE *out, const char *s);
void json_bool(FILE *out, bool b);
/*
 * The one JSON form of a PCI function, shared by plan, list and status: its
 * fields without the braces, so each output adds its own (role, state...).
 */
void json_pci_func(FILE *out, const struct pci_func *f);
