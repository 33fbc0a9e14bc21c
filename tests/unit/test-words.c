/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The stable words of the outputs, and the reason text of a refused unit. */
#include "unit.h"

#include <errno.h>
#include <stdbool.h>

#include "core/selection.h"
#include "core/status.h"
#include "core/utf8.h"
#include "core/words.h"

/* Every value of an enum has its own non-empty word: JSON readers tell them apart. */
static void check_distinct(const char *what, const char *(*word)(int), int count) {
        for (int i = 0; i < count; i++) {
                const char *w = word(i);
                if (!w || !*w)
                        fail_msg("%s %d has no word", what, i);
                for (int j = 0; j < i; j++)
                        if (strcmp(word(j), w) == 0)
                                fail_msg("%s %d and %d are both \"%s\"", what, j, i, w);
        }
}

static const char *verdict(int v) {
        return verdict_word((enum plan_verdict)v);
}
static const char *source(int s) {
        return source_word((enum slots_source)s);
}
static const char *source_long(int s) {
        return source_text((enum slots_source)s);
}
static const char *role(int r) {
        return role_word((enum plan_role)r);
}

static void test_words(void **state) {
        (void)state;
        check_distinct("verdict", verdict, VERDICT_COUNT);
        check_distinct("source", source, SLOTS_SOURCE_COUNT);
        check_distinct("source text", source_long, SLOTS_SOURCE_COUNT);
        check_distinct("role", role, ROLE_COUNT);
        assert_string_equal(verdict_word(VERDICT_GROUP_SHARED), "group-not-viable");
        assert_string_equal(source_word(SLOTS_CMDLINE), "cmdline");
        assert_string_equal(role_word(ROLE_SAME_GROUP), "same-group");
}

static const char *state_word(int s) {
        return fn_state_word((enum fn_state)s);
}

/* Every state has a word of its own, and a hint but for vfio-pci. */
static void test_states(void **state) {
        struct pci_func f = { .addr = { .bus = 2 }, .driver = "nvidia" };
        char hint[512];

        (void)state;
        check_distinct("state", state_word, FN_STATE_COUNT);
        for (int s = 0; s < FN_STATE_COUNT; s++) {
                fn_state_hint((enum fn_state)s, &f, &f, hint, sizeof(hint));
                if ((s == FN_ON_VFIO) != (hint[0] == '\0'))
                        fail_msg("state %s: hint \"%s\"", fn_state_word((enum fn_state)s), hint);
        }
        /* a short buffer is cut, never overrun */
        fn_state_hint(FN_NO_BINDER, &f, &f, hint, 8);
        assert_string_equal(hint, "vfio-bi");
}

static struct model one_func(void) {
        struct model m = { 0 };
        struct pci_func f = {
                .addr = { .bus = 2 }, .vendor = 0x10de, .device = 0x2204, .class = 0x030000, .iommu_group = 2
        };
        assert_int_equal(model_add(&m, &f), 0);
        return m;
}

static void test_reasons(void **state) {
        struct model m = one_func();
        struct item it = { .kind = ITEM_ADDRESS, .guarded = true, .vendor = 0x10de, .device = 0x2206 };
        struct plan_unit u = { .verdict = VERDICT_GUARD, .chosen = 0, .detail = -1 };
        char buf[256];

        (void)state;
        unit_reason(&u, &it, &m, buf, sizeof(buf));
        assert_string_equal(buf, "0000:02:00.0 is 10de:2204, not 10de:2206 (ID guard)");
        u = (struct plan_unit){ .verdict = VERDICT_ABSENT,
                                .chosen = -1,
                                .detail = -1,
                                .missing_hop = true,
                                .missing = { .bus = 0, .dev = 1, .fn = 1 },
                                .hop = { .dev = 0, .fn = 1 } };
        unit_reason(&u, &it, &m, buf, sizeof(buf));
        assert_string_equal(buf, "nothing at 00.1 below 0000:00:01.1");
        u = (struct plan_unit){ .verdict = VERDICT_BIND, .chosen = 0, .detail = -1 };
        unit_reason(&u, &it, &m, buf, sizeof(buf));
        assert_string_equal(buf, "");
        /* a short buffer is cut, never overrun */
        u = (struct plan_unit){ .verdict = VERDICT_GUARD, .chosen = 0, .detail = -1 };
        unit_reason(&u, &it, &m, buf, 8);
        assert_string_equal(buf, "0000:02");
        model_free(&m);
}

struct utf8_row {
        const char *name;
        const char *bytes;
        size_t want; /* the length of the sequence at the start, 0 for none */
};

static struct utf8_row utf8_rows[] = {
        { "ASCII", "a", 1 },
        { "two bytes", "\xc3\xa9", 2 },
        { "three bytes", "\xe2\x82\xac", 3 },
        { "four bytes", "\xf0\x9f\x98\x80", 4 },
        { "Latin-1 NBSP alone", "\xa0", 0 },
        { "Latin-1 e-acute before ASCII", "\xe9t", 0 },
        { "overlong two bytes", "\xc0\xaf", 0 },
        { "overlong three bytes", "\xe0\x80\xaf", 0 },
        { "surrogate", "\xed\xa0\x80", 0 },
        { "past U+10FFFF", "\xf4\x90\x80\x80", 0 },
        { "cut short", "\xe2\x82", 0 },
        { "bad continuation", "\xe2\x28\xa1", 0 },
};

static void test_utf8(void **state) {
        const struct utf8_row *r = *state;

        CHECK_EQ(r->name, "length", utf8_len((const unsigned char *)r->bytes, strlen(r->bytes)), r->want);
}

/* Where each error of an invalid selection is: what check --json gives as file, line and column. */
struct where_row {
        const char *name;
        const char *cmdline; /* NULL: none */
        const char *conf;    /* NULL: no conf file */
        size_t k;            /* the error's index */
        bool in_file;
        unsigned line, column;
        const char *text; /* the start of its message */
};

static struct where_row where_rows[] = {
        { "conf: a key error", NULL, "# x\nslot = 01:00.0\n", 0, true, 2, 1, "F:2:1: unknown key" },
        { "conf: the second bad item", NULL, "  slots = 02:00.0, 0g:00.0, 03:00.9\n", 1, true, 1, 35,
          "F:1:35: slots item 3" },
        { "conf: a byte-order mark", NULL, "\xef\xbb\xbfslots = 01:00.0\n", 0, true, 1, 1, "F:1:1: the file starts" },
        { "cmdline: an item, no file", "vfio.slots=01:00.0,gpu", "slots = bad\n", 0, false, 0, 9,
          "vfio.slots= item 2 \"gpu\" at column 9" },
        { "cmdline: split at a blank", "vfio.slots=01:00.0, 02:00.0", NULL, 0, false, 0, 9,
          "vfio.slots= item 2 \"\" at column 9: empty item: the kernel splits" },
};

static void test_where(void **state) {
        const struct where_row *r = *state;
        struct conf_input conf = { .text = r->conf, .len = r->conf ? strlen(r->conf) : 0 };
        struct selection sel;
        struct error_where w;
        char text[512];

        CHECK_EQ(r->name, "selection_load", selection_load(&sel, r->cmdline, &conf), -EINVAL);
        if (r->k >= selection_error_count(&sel))
                fail_msg("%s: only %zu errors", r->name, selection_error_count(&sel));
        selection_error_where(&sel, "F", r->k, &w);
        selection_error_text(&sel, "F", r->k, text, sizeof(text));
        CHECK_EQ(r->name, "in the file", w.file != NULL, r->in_file);
        CHECK_EQ(r->name, "line", w.line, r->line);
        CHECK_EQ(r->name, "column", w.column, r->column);
        if (strncmp(text, r->text, strlen(r->text)) != 0)
                fail_msg("%s: message \"%s\" does not start with \"%s\"", r->name, text, r->text);
        selection_free(&sel);
}

int main(void) {
        struct suite s = { 0 };

        suite_add(&s, "words", "distinct words", test_words, NULL);
        suite_add(&s, "words", "status states", test_states, NULL);
        suite_add(&s, "words", "reasons", test_reasons, NULL);
        SUITE_TABLE(&s, "utf-8", utf8_rows, test_utf8);
        SUITE_TABLE(&s, "error position", where_rows, test_where);
        return suite_run(&s, "words");
}
