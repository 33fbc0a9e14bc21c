/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmdline_get() against the kernel's own rules: next_arg() in lib/cmdline.c
 * splits and unquotes, parse_args() in kernel/params.c stops at "--", and
 * parameq() treats '-' and '_' in names alike ('.' is a different character).
 */
#include "unit.h"

#include <errno.h>
#include <string.h>

#include "core/cmdline.h"

struct row {
        const char *name;
        const char *cmdline;
        const char *key; /* NULL: "vfio.slots" */
        int rc;          /* 1 found, 0 absent */
        const char *value;
};

static struct row rows[] = {
        /* separators: the kernel's isspace() */
        { "alone", "vfio.slots=01:00.0", NULL, 1, "01:00.0" },
        { "among others", "BOOT_IMAGE=/vmlinuz-6.1 root=UUID=0f1e ro vfio.slots=01:00.0 quiet splash", NULL, 1,
          "01:00.0" },
        { "tab separated", "ro\tvfio.slots=01:00.0\tquiet", NULL, 1, "01:00.0" },
        { "newline separated", "ro\nvfio.slots=01:00.0\nquiet", NULL, 1, "01:00.0" },
        { "CR, VT and FF separate", "ro\rvfio.slots=01:00.0\vquiet\fsplash", NULL, 1, "01:00.0" },
        { "leading and repeated blanks", "  \t vfio.slots=01:00.0   quiet", NULL, 1, "01:00.0" },
        { "trailing newline as in /proc/cmdline", "ro quiet vfio.slots=01:00.0\n", NULL, 1, "01:00.0" },
        { "trailing blanks", "vfio.slots=01:00.0 \t ", NULL, 1, "01:00.0" },
        /* the kernel's _ctype[] marks 0xa0 (Latin-1 NBSP) as a space too */
        { "0xa0 separates like a space", "quiet\xa0vfio.slots=01:00.0", NULL, 1, "01:00.0" },

        /* quoting */
        { "quoted value", "vfio.slots=\"01:00.0\"", NULL, 1, "01:00.0" },
        { "quoted value with a space", "ro vfio.slots=\"01:00.0, 02:00.0\" quiet", NULL, 1, "01:00.0, 02:00.0" },
        { "whole arg quoted, value with a space", "\"vfio.slots=01:00.0 02:00.0\"", NULL, 1, "01:00.0 02:00.0" },
        { "whole arg quoted, more args after", "\"vfio.slots=01:00.0 02:00.0\" quiet", NULL, 1, "01:00.0 02:00.0" },
        { "quote inside the value is kept", "vfio.slots=01:00.0,\"02:00.0 03:00.0\" quiet", NULL, 1,
          "01:00.0,\"02:00.0 03:00.0\"" },
        { "quoted value then text keeps inner quote", "vfio.slots=\"01:00.0\"x", NULL, 1, "01:00.0\"x" },
        { "empty quoted value", "vfio.slots=\"\" quiet", NULL, 1, "" },
        { "opening quote then a blank to the end", "vfio.slots=\" ", NULL, 1, " " },
        { "unterminated quoted value runs to the end", "vfio.slots=\"01:00.0 02:00.0", NULL, 1, "01:00.0 02:00.0" },
        { "unterminated whole-arg quote swallows the rest", "\"vfio.slots=01:00.0 vfio.slots=02:00.0", NULL, 1,
          "01:00.0 vfio.slots=02:00.0" },
        { "our name inside another arg's quoted value", "dyndbg=\"vfio.slots=01:00.0\" quiet", NULL, 0, NULL },
        { "unterminated quote earlier hides the name", "foo=\"bar vfio.slots=01:00.0", NULL, 0, NULL },
        { "quoted name before '=' is another name", "\"vfio.slots\"=01:00.0", NULL, 0, NULL },

        /* the last one wins */
        { "last occurrence wins", "vfio.slots=01:00.0 quiet vfio.slots=02:00.0", NULL, 1, "02:00.0" },
        { "last occurrence wins, bare", "vfio.slots=01:00.0 vfio.slots", NULL, 1, "" },
        { "last occurrence wins, quoted", "vfio.slots=\"01:00.0\" \"vfio.slots=02:00.0\"", NULL, 1, "02:00.0" },

        /* "--" ends the kernel's parameters: the rest is init's */
        { "-- ends parameters", "vfio.slots=01:00.0 -- vfio.slots=02:00.0", NULL, 1, "01:00.0" },
        { "only after --", "ro quiet -- vfio.slots=01:00.0", NULL, 0, NULL },
        { "quoted -- also ends", "\"--\" vfio.slots=01:00.0", NULL, 0, NULL },
        { "--=x is a parameter, not the end", "--=x vfio.slots=01:00.0", NULL, 1, "01:00.0" },
        { "--- is not the end", "--- vfio.slots=01:00.0", NULL, 1, "01:00.0" },
        { "-- at the very end", "vfio.slots=01:00.0 --", NULL, 1, "01:00.0" },

        /* values */
        { "bare name is an empty value", "ro vfio.slots quiet", NULL, 1, "" },
        { "empty value", "vfio.slots= quiet", NULL, 1, "" },
        { "'=' inside the value", "vfio.slots=a=b", NULL, 1, "a=b" },
        { "blank before '=' makes it bare", "vfio.slots = 01:00.0", NULL, 1, "" },

        /* names */
        { "longer name does not match", "vfio.slotsX=1", NULL, 0, NULL },
        { "shorter name does not match", "vfio.slot=1", NULL, 0, NULL },
        { "prefixed name does not match", "xvfio.slots=1", NULL, 0, NULL },
        { "names are case sensitive", "VFIO.SLOTS=1", NULL, 0, NULL },
        { "'_' is not '.'", "vfio_slots=01:00.0", NULL, 0, NULL },
        { "'-' is not '.'", "vfio-slots=01:00.0", NULL, 0, NULL },
        { "'-' on the line matches '_' asked", "vfio-slots=01:00.0", "vfio_slots", 1, "01:00.0" },
        { "'_' on the line matches '-' asked", "vfio_slots=01:00.0", "vfio-slots", 1, "01:00.0" },
        { "'-' and '_' alike in a module name", "vfio-pci.ids=10de:2204", "vfio_pci.ids", 1, "10de:2204" },

        /* empty lines */
        { "empty line", "", NULL, 0, NULL },
        { "only a newline", "\n", NULL, 0, NULL },
        { "only blanks", " \t \n", NULL, 0, NULL },
};

static void test_row(void **state) {
        const struct row *r = *state;
        static char sentinel[1]; /* *value is only written when found */
        char *value = sentinel;

        int rc = cmdline_get(r->cmdline, r->key ? r->key : "vfio.slots", &value);
        CHECK_EQ(r->name, "return", rc, r->rc);
        if (r->rc == 1) {
                CHECK_STR(r->name, "value", value, r->value);
                free(value);
        } else {
                assert_ptr_equal(value, sentinel);
        }
}

#define LINE_MAX_TEST 4096

/* A full 4 KiB line: the parameter at its very end is still found. */
static void test_4k_line_tail(void **state) {
        static const char tail[] = " vfio.slots=01:00.0";
        char line[LINE_MAX_TEST + 1];
        size_t fill = LINE_MAX_TEST - (sizeof(tail) - 1);
        char *value = NULL;

        (void)state;
        for (size_t i = 0; i < fill; i++)
                line[i] = i % 8 == 7 ? ' ' : 'a'; /* "aaaaaaa aaaaaaa ..." */
        memcpy(line + fill, tail, sizeof(tail));
        assert_int_equal(strlen(line), LINE_MAX_TEST);

        assert_int_equal(cmdline_get(line, "vfio.slots", &value), 1);
        assert_string_equal(value, "01:00.0");
        free(value);
}

/* A 4 KiB value comes back whole, not cut at some internal buffer size. */
static void test_4k_value(void **state) {
        static const char head[] = "vfio.slots=";
        char line[LINE_MAX_TEST + 2];
        size_t n = LINE_MAX_TEST - (sizeof(head) - 1);
        char *value = NULL;

        (void)state;
        memcpy(line, head, sizeof(head) - 1);
        for (size_t i = 0; i < n; i++)
                line[sizeof(head) - 1 + i] = "01:00.0,"[i % 8];
        line[LINE_MAX_TEST] = '\n';
        line[LINE_MAX_TEST + 1] = '\0';

        assert_int_equal(cmdline_get(line, "vfio.slots", &value), 1);
        assert_int_equal(strlen(value), n);
        assert_memory_equal(value, line + sizeof(head) - 1, n);
        free(value);
}

/* 4 KiB of other parameters after ours: the earlier value is kept. */
static void test_4k_after(void **state) {
        char line[LINE_MAX_TEST + 1];
        static const char head[] = "vfio.slots=01:00.0 ";
        char *value = NULL;

        (void)state;
        memcpy(line, head, sizeof(head) - 1);
        for (size_t i = sizeof(head) - 1; i < LINE_MAX_TEST; i++)
                line[i] = i % 4 == 3 ? '\t' : 'q';
        line[LINE_MAX_TEST] = '\0';

        assert_int_equal(cmdline_get(line, "vfio.slots", &value), 1);
        assert_string_equal(value, "01:00.0");
        free(value);
}

int main(void) {
        struct suite s = { 0 };

        SUITE_TABLE(&s, "cmdline", rows, test_row);
        suite_add(&s, "cmdline", "4 KiB line, parameter at the end", test_4k_line_tail, NULL);
        suite_add(&s, "cmdline", "4 KiB value", test_4k_value, NULL);
        suite_add(&s, "cmdline", "4 KiB of parameters after ours", test_4k_after, NULL);
        return suite_run(&s, "cmdline");
}
