/* SPDX-License-Identifier: GPL-2.0-or-later */
/* conf_parse(): the "key = value" file, and where its errors point. */
#include "unit.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "core/conffile.h"

/* The text with its exact length, so that rows may hold NUL bytes. */
#define TEXT(s) .text = (s), .len = sizeof(s) - 1

struct row {
        const char *name;
        const char *text;
        size_t len;
        int rc;
        bool has_slots;
        const char *slots;
        unsigned line, column; /* of the value when parsed, of the error otherwise */
        const char *what;      /* the error says this, when given */
};

static struct row rows[] = {
        /* accepted */
        { "empty file", TEXT(""), 0, false, NULL, 0, 0 },
        { "only a newline", TEXT("\n"), 0, false, NULL, 0, 0 },
        { "only comments", TEXT("# vfio-binder\n# slots = 01:00.0\n"), 0, false, NULL, 0, 0 },
        { "only blank lines", TEXT("\n  \n\t\n"), 0, false, NULL, 0, 0 },
        { "key = value", TEXT("slots = 01:00.0\n"), 0, true, "01:00.0", 1, 9 },
        { "no blanks around '='", TEXT("slots=01:00.0\n"), 0, true, "01:00.0", 1, 7 },
        { "tabs around '='", TEXT("slots\t=\t01:00.0\n"), 0, true, "01:00.0", 1, 9 },
        { "several blanks around '='", TEXT("slots  \t =  \t01:00.0\n"), 0, true, "01:00.0", 1, 14 },
        { "indented key", TEXT("  \tslots = 01:00.0\n"), 0, true, "01:00.0", 1, 12 },
        { "no trailing newline", TEXT("slots = 01:00.0"), 0, true, "01:00.0", 1, 9 },
        { "after comments and blank lines", TEXT("# the guest GPU\n\n   \nslots = 01:00.0\n"), 0, true, "01:00.0", 4,
          9 },
        { "blank lines after", TEXT("slots = gpus\n\n\n"), 0, true, "gpus", 1, 9 },
        { "trailing comment", TEXT("slots = 01:00.0 # the guest GPU\n"), 0, true, "01:00.0", 1, 9 },
        { "trailing comment without a blank", TEXT("slots = 01:00.0#x\n"), 0, true, "01:00.0", 1, 9 },
        { "trailing blanks dropped", TEXT("slots = 01:00.0 \t \n"), 0, true, "01:00.0", 1, 9 },
        { "blanks inside the value kept", TEXT("slots = 01:00.0, 02:00.0\n"), 0, true, "01:00.0, 02:00.0", 1, 9 },
        { "value kept as written", TEXT("slots = 0000:01:00.0@10de:2204,id:1002:73bf\n"), 0, true,
          "0000:01:00.0@10de:2204,id:1002:73bf", 1, 9 },
        { "'=' inside the value", TEXT("slots = a=b\n"), 0, true, "a=b", 1, 9 },
        { "CRLF line endings", TEXT("# guest\r\nslots = 01:00.0\r\n"), 0, true, "01:00.0", 2, 9 },
        { "CRLF, no final newline", TEXT("\r\nslots = 01:00.0\r"), 0, true, "01:00.0", 2, 9 },
        { "empty value", TEXT("slots =\n"), 0, true, "", 1, 8 },
        { "empty value, blanks after '='", TEXT("slots =   \n"), 0, true, "", 1, 8 },
        { "empty value with a comment", TEXT("slots = # nothing this boot\n"), 0, true, "", 1, 8 },
        { "comment line after the key", TEXT("slots = off\n# slots = 01:00.0\n"), 0, true, "off", 1, 9 },

        /* refused: the line and column of the offending character */
        { "missing '='", TEXT("slots 01:00.0\n"), -EINVAL, false, NULL, 1, 7 },
        { "key alone", TEXT("slots\n"), -EINVAL, false, NULL, 1, 6 },
        { "key alone on line 3", TEXT("# guest\n\nslots\n"), -EINVAL, false, NULL, 3, 6 },
        { "blank inside the key", TEXT("sl ots = 1\n"), -EINVAL, false, NULL, 1, 4 },
        { "no key", TEXT("= 01:00.0\n"), -EINVAL, false, NULL, 1, 1 },
        { "no key, indented", TEXT("\t= 01:00.0\n"), -EINVAL, false, NULL, 1, 2 },
        { "not a key character", TEXT("[slots]\n"), -EINVAL, false, NULL, 1, 1 },
        { "unknown key", TEXT("slot = 01:00.0\n"), -EINVAL, false, NULL, 1, 1 },
        { "unknown key, indented", TEXT("  devices = 01:00.0\n"), -EINVAL, false, NULL, 1, 3 },
        { "keys are case sensitive", TEXT("SLOTS = 01:00.0\n"), -EINVAL, false, NULL, 1, 1 },
        { "the vfio. prefix is not part of the key", TEXT("vfio.slots = 01:00.0\n"), -EINVAL, false, NULL, 1, 5 },
        { "unknown key after a good line", TEXT("slots = 01:00.0\nfoo = 1\n"), -EINVAL, false, NULL, 2, 1 },
        { "duplicate key", TEXT("slots = 01:00.0\nslots = 02:00.0\n"), -EINVAL, false, NULL, 2, 1 },
        { "duplicate key, first empty", TEXT("slots =\n  slots = gpus\n"), -EINVAL, false, NULL, 2, 3 },
        { "error on a CRLF line", TEXT("\r\nfoo = 1\r\n"), -EINVAL, false, NULL, 2, 1 },
        { "NUL byte in the value", TEXT("slots = 01:00.0\0\n"), -EINVAL, false, NULL, 1, 16 },
        { "NUL byte in the key", TEXT("# guest\nsl\0ots = 01:00.0\n"), -EINVAL, false, NULL, 2, 3 },
        { "NUL byte in a comment", TEXT("slots = 01:00.0\n# \0\n"), -EINVAL, false, NULL, 2, 3 },
        { "NUL byte on its own, no newline", TEXT("\0"), -EINVAL, false, NULL, 1, 1 },

        /* mistakes the message names, so that the user can fix them */
        { "UTF-8 byte-order mark", TEXT("\xef\xbb\xbfslots = 01:00.0\n"), -EINVAL, false, NULL, 1, 1,
          "byte-order mark" },
        { "byte-order mark alone", TEXT("\xef\xbb\xbf"), -EINVAL, false, NULL, 1, 1, "byte-order mark" },
        { "quoted value", TEXT("slots = \"02:00.0\"\n"), -EINVAL, false, NULL, 1, 9, "no quotes" },
        { "single-quoted value", TEXT("# guest\nslots = '02:00.0, 03:00.0'\n"), -EINVAL, false, NULL, 2, 9,
          "no quotes" },
};

static void test_row(void **state) {
        const struct row *r = *state;
        struct conf c;
        struct conf_error e = { 0 };

        int rc = conf_parse(r->text, r->len, &c, &e);
        CHECK_EQ(r->name, "return", rc, r->rc);
        CHECK_EQ(r->name, "has_slots", c.has_slots, r->has_slots);
        if (rc == 0) {
                if (r->has_slots) {
                        CHECK_STR(r->name, "slots", c.slots, r->slots);
                        CHECK_EQ(r->name, "slots_line", c.slots_line, r->line);
                        CHECK_EQ(r->name, "slots_column", c.slots_column, r->column);
                } else {
                        assert_null(c.slots);
                }
        } else {
                assert_null(c.slots); /* freed on failure */
                CHECK_EQ(r->name, "error line", e.line, r->line);
                CHECK_EQ(r->name, "error column", e.column, r->column);
                if (e.what == NULL)
                        fail_msg("%s: error without a message", r->name);
                if (r->what && !strstr(e.what, r->what))
                        fail_msg("%s: error \"%s\" does not say \"%s\"", r->name, e.what, r->what);
        }
        conf_free(&c);
        assert_false(c.has_slots);
        assert_null(c.slots);
}

/* Only len bytes count: what follows in memory is not part of the file. */
static void test_len_bounds(void **state) {
        static const char text[] = "slots = 01:00.0\nslots = 02:00.0\n";
        struct conf c;
        struct conf_error e = { 0 };

        (void)state;
        assert_int_equal(conf_parse(text, strlen("slots = 01:00.0\n"), &c, &e), 0);
        assert_string_equal(c.slots, "01:00.0");
        conf_free(&c);
        /* cut inside the value: the value ends there */
        assert_int_equal(conf_parse(text, strlen("slots = 01:0"), &c, &e), 0);
        assert_string_equal(c.slots, "01:0");
        conf_free(&c);
}

int main(void) {
        struct suite s = { 0 };

        SUITE_TABLE(&s, "conf", rows, test_row);
        suite_add(&s, "conf", "only len bytes are read", test_len_bounds, NULL);
        return suite_run(&s, "conf");
}
