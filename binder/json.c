/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "json.h"

#include <string.h>

void json_string(FILE *out, const char *s, size_t len) {
        fputc('"', out);
        for (size_t i = 0; i < len; i++) {
                unsigned char ch = (unsigned char)s[i];
                if (ch == '"' || ch == '\\')
                        fprintf(out, "\\%c", ch);
                else if (ch < 0x20 || ch == 0x7f)
                        fprintf(out, "\\u%04x", ch);
                else
                        fputc(ch, out);
        }
        fputc('"', out);
}

void json_str(FILE *out, const char *s) {
        json_string(out, s, strlen(s));
}

void json_str_or_null(FILE *out, const char *s) {
        if (s && *s)
                json_str(out, s);
        else
                fputs("null", out);
}

void json_bool(FILE *out, bool b) {
        fputs(b ? "true" : "false", out);
}
