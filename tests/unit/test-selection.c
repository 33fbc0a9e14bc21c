/* SPDX-License-Identifier: GPL-2.0-or-later */
/* selection_load(): which of the command line and the conf file decides, and when it fails. */
#include "unit.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "core/selection.h"

struct row {
        const char *name;
        const char *cmdline; /* NULL: absent */
        const char *conf;    /* NULL: absent */
        int rc;
        enum slots_source source;
        const char *slots; /* NULL: none */
        bool off;
        size_t n_items;
        int items_status;
        size_t n_item_errors;
        int conf_status;
        unsigned conf_line, conf_column; /* SLOTS_CONF: where the list starts */
        unsigned err_line, err_column;   /* conf_status < 0: the conf error */
        int read_err;                    /* the conf file could not be read: conf is NULL */
        const char *err_what;            /* NULL: any message */
};

static struct row rows[] = {
        { "no inputs", NULL, NULL, 0, SLOTS_NONE, NULL, .off = false },
        { "command line without vfio.slots, no conf", "ro quiet", NULL, 0, SLOTS_NONE, NULL, .off = false },
        { "conf without slots, no command line", NULL, "# nothing\n", 0, SLOTS_NONE, NULL, .off = false },
        { "command line only", "ro vfio.slots=01:00.0 quiet", NULL, 0, SLOTS_CMDLINE, "01:00.0", .n_items = 1 },
        { "conf only", NULL, "slots = 01:00.0\n", 0, SLOTS_CONF, "01:00.0", .n_items = 1, .conf_line = 1,
          .conf_column = 9 },
        { "conf used when the command line lacks vfio.slots", "ro quiet", "# guests\n\n  slots = 01:00.0, 02:00.0\n", 0,
          SLOTS_CONF, "01:00.0, 02:00.0", .n_items = 2, .conf_line = 3, .conf_column = 11 },
        { "command line replaces the conf entirely", "vfio.slots=03:00.0", "slots = 01:00.0,02:00.0\n", 0,
          SLOTS_CMDLINE, "03:00.0", .n_items = 1 },
        { "quoted command line value", "vfio.slots=\"01:00.0, 02:00.0\"", "slots = gpus\n", 0, SLOTS_CMDLINE,
          "01:00.0, 02:00.0", .n_items = 2 },
        { "vfio.slots after -- is init's, conf applies", "ro -- vfio.slots=01:00.0", "slots = 02:00.0\n", 0, SLOTS_CONF,
          "02:00.0", .n_items = 1, .conf_line = 1, .conf_column = 9 },
        { "vfio_slots is another parameter", "vfio_slots=01:00.0", "slots = 02:00.0\n", 0, SLOTS_CONF, "02:00.0",
          .n_items = 1, .conf_line = 1, .conf_column = 9 },

        /* the rescue switch */
        { "vfio.slots=off beats the conf", "vfio.slots=off", "slots = 01:00.0\n", 0, SLOTS_CMDLINE, "off",
          .off = true },
        { "empty vfio.slots= beats the conf", "vfio.slots=", "slots = 01:00.0\n", 0, SLOTS_CMDLINE, "", .off = true },
        { "bare vfio.slots beats the conf", "quiet vfio.slots", "slots = 01:00.0\n", 0, SLOTS_CMDLINE, "",
          .off = true },
        { "last vfio.slots=off wins", "vfio.slots=01:00.0 vfio.slots=off", NULL, 0, SLOTS_CMDLINE, "off", .off = true },
        { "conf slots = off", NULL, "slots = off\n", 0, SLOTS_CONF, "off", .off = true, .conf_line = 1,
          .conf_column = 9 },
        { "conf empty slots", NULL, "slots =\n", 0, SLOTS_CONF, "", .off = true, .conf_line = 1, .conf_column = 8 },

        /* a broken conf file */
        { "broken conf, no command line: fatal", NULL, "slots 01:00.0\n", -EINVAL, SLOTS_NONE, NULL,
          .conf_status = -EINVAL, .err_line = 1, .err_column = 7 },
        { "broken conf, command line without vfio.slots: fatal", "ro quiet", "# x\nbogus = 1\n", -EINVAL, SLOTS_NONE,
          NULL, .conf_status = -EINVAL, .err_line = 2, .err_column = 1 },
        { "broken conf, command line sets vfio.slots: only recorded", "vfio.slots=01:00.0", "bogus = 1\n", 0,
          SLOTS_CMDLINE, "01:00.0", .n_items = 1, .conf_status = -EINVAL, .err_line = 1, .err_column = 1 },
        { "broken conf, vfio.slots=off: off", "vfio.slots=off", "slots = 01:00.0\nslots = 02:00.0\n", 0, SLOTS_CMDLINE,
          "off", .off = true, .conf_status = -EINVAL, .err_line = 2, .err_column = 1 },

        /* syntax errors in the list: fail closed */
        { "syntax error on the command line", "vfio.slots=01:00.8", NULL, -EINVAL, SLOTS_CMDLINE, "01:00.8",
          .items_status = -EINVAL, .n_item_errors = 1 },
        { "syntax error on the command line beats a good conf", "vfio.slots=01:00.0,foo", "slots = 02:00.0\n", -EINVAL,
          SLOTS_CMDLINE, "01:00.0,foo", .items_status = -EINVAL, .n_item_errors = 1 },
        { "syntax error in the conf list", NULL, "\nslots = 01:00.0,foo,bar\n", -EINVAL, SLOTS_CONF, "01:00.0,foo,bar",
          .items_status = -EINVAL, .n_item_errors = 2, .conf_line = 2, .conf_column = 9 },
        { "a blank split the command line's list", "vfio.slots=02:00.0, 03:00.0", NULL, -EINVAL, SLOTS_CMDLINE,
          "02:00.0,", .items_status = -EINVAL, .n_item_errors = 1 },
        { "syntax error in a replaced conf list is ignored", "vfio.slots=01:00.0", "slots = foo\n", 0, SLOTS_CMDLINE,
          "01:00.0", .n_items = 1 },

        /* a conf file that exists but cannot be read: fails closed unless the command line replaces it */
        { "conf too large, no command line: fatal", NULL, NULL, -EINVAL, SLOTS_NONE, NULL, .conf_status = -EINVAL,
          .read_err = -EFBIG, .err_what = "larger than 64 KiB" },
        { "conf not a regular file, command line without vfio.slots: fatal", "ro", NULL, -EINVAL, SLOTS_NONE, NULL,
          .conf_status = -EINVAL, .read_err = -EINVAL, .err_what = "not a regular file" },
        { "conf unreadable, command line sets vfio.slots: only recorded", "vfio.slots=01:00.0", NULL, 0, SLOTS_CMDLINE,
          "01:00.0", .n_items = 1, .conf_status = -EINVAL, .read_err = -EACCES, .err_what = "Permission denied" },
        { "conf unreadable, vfio.slots=off: off", "vfio.slots=off", NULL, 0, SLOTS_CMDLINE, "off", .off = true,
          .conf_status = -EINVAL, .read_err = -EIO },
};

static void test_row(void **state) {
        const struct row *r = *state;
        struct selection c;
        struct conf_input in = { .text = r->conf, .len = r->conf ? strlen(r->conf) : 0, .read_err = r->read_err };

        int rc = selection_load(&c, r->cmdline, &in);
        CHECK_EQ(r->name, "return", rc, r->rc);
        CHECK_EQ(r->name, "source", c.source, r->source);
        if (r->slots)
                CHECK_STR(r->name, "slots", c.slots, r->slots);
        else
                assert_null(c.slots);
        CHECK_EQ(r->name, "items.off", c.items.off, r->off);
        CHECK_EQ(r->name, "items.n", c.items.n, r->n_items);
        CHECK_EQ(r->name, "items_status", c.items_status, r->items_status);
        CHECK_EQ(r->name, "item error count", c.item_errors.n, r->n_item_errors);
        CHECK_EQ(r->name, "conf_status", c.conf_status, r->conf_status);
        CHECK_EQ(r->name, "conf_line", c.conf_line, r->conf_line);
        CHECK_EQ(r->name, "conf_column", c.conf_column, r->conf_column);
        if (r->conf_status < 0) {
                CHECK_EQ(r->name, "conf error line", c.conf_error.line, r->err_line);
                CHECK_EQ(r->name, "conf error column", c.conf_error.column, r->err_column);
                assert_non_null(c.conf_error.what);
                if (r->err_what)
                        CHECK_STR(r->name, "conf error", c.conf_error.what, r->err_what);
        }
        CHECK_EQ(r->name, "active", selection_active(&c), rc == 0 && r->source != SLOTS_NONE && !r->off);
        selection_free(&c);
}

/* A list the kernel split at a blank says so, where a list that merely ends in ',' does not. */
static void test_split_hint(void **state) {
        struct selection c;
        struct conf_input none = { 0 };

        (void)state;
        assert_int_equal(selection_load(&c, "ro vfio.slots=02:00.0, 03:00.0 quiet", &none), -EINVAL);
        assert_int_equal(c.item_errors.n, 1);
        assert_non_null(strstr(c.item_errors.v[0].what, "splits its command line at blanks"));
        selection_free(&c);
        struct conf_input conf = { .text = "slots = 02:00.0,\n", .len = 17 };
        assert_int_equal(selection_load(&c, NULL, &conf), -EINVAL);
        assert_null(strstr(c.item_errors.v[0].what, "blanks"));
        selection_free(&c);
}

/* An item error in a conf list points into the list; conf_column maps it into the file. */
static void test_conf_error_position(void **state) {
        static const char conf[] = "# guest GPU\n\tslots = 01:00.0, 01:20.0\n";
        struct selection c;
        struct conf_input in = { .text = conf, .len = strlen(conf) };

        (void)state;
        assert_int_equal(selection_load(&c, "ro", &in), -EINVAL);
        assert_int_equal(c.source, SLOTS_CONF);
        assert_int_equal(c.conf_line, 2);
        assert_int_equal(c.conf_column, 10);
        assert_int_equal(c.item_errors.n, 1);
        assert_int_equal(c.item_errors.v[0].index, 2);
        assert_int_equal(c.item_errors.v[0].column, 13); /* the '2' of "20" in the list */
        /* ...which is column conf_column + 13 - 1 of line 2 */
        assert_int_equal(conf[strlen("# guest GPU\n") + c.conf_column + c.item_errors.v[0].column - 2], '2');
        selection_free(&c);
}

int main(void) {
        struct suite s = { 0 };

        SUITE_TABLE(&s, "selection", rows, test_row);
        suite_add(&s, "selection", "item error position in the conf file", test_conf_error_position, NULL);
        suite_add(&s, "selection", "a blank in an unquoted command line list", test_split_hint, NULL);
        return suite_run(&s, "selection");
}
