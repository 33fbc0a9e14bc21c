/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

/*
 * The length of the well-formed UTF-8 sequence at s[0..n) (RFC 3629: no
 * overlong forms, surrogates or values past U+10FFFF), 0 when there is none:
 * what the JSON outputs copy, and what they replace with U+FFFD.
 */
size_t utf8_len(const unsigned char *s, size_t n);
