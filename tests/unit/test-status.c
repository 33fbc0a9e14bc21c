/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status: the boot record's parser, and each selected function's state from its driver, override and the record. */
#include "unit.h"

#include <errno.h>

#include "core/bootrecord.h"
#include "core/status.h"

struct record_row {
        const char *name;
        const char *text;
        size_t len; /* 0: strlen(text) */
        int want_rc;
        unsigned want_bad_line;
        const char *want; /* the entries as "ADDR HELD|...", with "-" for none */
};

#define NUL_TEXT "0000:02:00.0 -\n0000:03:00.0 a\0b\n"

static struct record_row record_rows[] = {
        { "header only", BOOT_RECORD_HEADER, 0, 0, 0, "" },
        { "empty file", "", 0, 0, 0, "" },
        { "two entries", BOOT_RECORD_HEADER "0000:02:00.0 -\n0000:02:00.2 xhci_hcd\n", 0, 0, 0,
          "0000:02:00.0 -|0000:02:00.2 xhci_hcd|" },
        { "no newline at the end", "0000:02:00.0 -", 0, 0, 0, "0000:02:00.0 -|" },
        { "blank lines and comments", "\n# a\n0001:40:00.0 snd_hda_intel\n\n", 0, 0, 0, "0001:40:00.0 snd_hda_intel|" },
        { "short address", "02:00.0 -\n", 0, -EINVAL, 1, "" },
        { "no driver field", "# h\n0000:02:00.0\n", 0, -EINVAL, 2, "" },
        { "empty driver field", "0000:02:00.0 \n", 0, -EINVAL, 1, "" },
        { "two blanks", "0000:02:00.0  -\n", 0, -EINVAL, 1, "" },
        { "a third field", "0000:02:00.0 - x\n", 0, -EINVAL, 1, "" },
        { "a tab in the driver", "0000:02:00.0 a\tb\n", 0, -EINVAL, 1, "" },
        { "a carriage return", "0000:02:00.0 -\r\n", 0, 0, 0, "0000:02:00.0 -\r|" },
        { "a NUL byte", NUL_TEXT, sizeof(NUL_TEXT) - 1, -EINVAL, 2, "" },
        { "driver name too long", "0000:02:00.0 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", 0,
          -EINVAL, 1, "" },
        { "63 characters fit", "0000:02:00.0 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", 0, 0,
          0, "0000:02:00.0 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|" },
};

static void test_record(void **state) {
        const struct record_row *r = *state;
        struct boot_record rec;
        unsigned bad = 0;
        char *text;
        size_t len;

        int rc = boot_record_parse(r->text, r->len ? r->len : strlen(r->text), &rec, &bad);
        CHECK_EQ(r->name, "rc", rc, r->want_rc);
        CHECK_EQ(r->name, "bad line", bad, r->want_bad_line);
        assert_int_equal(boot_record_format(&rec, &text, &len), 0);
        assert_int_equal(strncmp(text, BOOT_RECORD_HEADER, strlen(BOOT_RECORD_HEADER)), 0);
        for (char *c = text; *c; c++)
                if (*c == '\n')
                        *c = '|';
        CHECK_STR(r->name, "entries", text + strlen(BOOT_RECORD_HEADER), r->want);
        CHECK_EQ(r->name, "length", len, strlen(text));
        free(text);
        boot_record_free(&rec);
}

/* What boot writes, status reads back. */
static void test_round_trip(void **state) {
        struct boot_entry e = { .addr = { .domain = 0x10000, .bus = 0xe1, .dev = 0x1f, .fn = 7 }, .held = "xhci_hcd" };
        struct boot_record rec = { .v = &e, .n = 1 }, back;
        struct pci_addr other = e.addr;
        unsigned bad = 0;
        char *text;
        size_t len;

        (void)state;
        assert_int_equal(boot_record_format(&rec, &text, &len), 0);
        assert_int_equal(boot_record_parse(text, len, &back, &bad), 0);
        assert_int_equal(back.n, 1);
        assert_int_equal(pci_addr_cmp(&back.v[0].addr, &e.addr), 0);
        assert_string_equal(back.v[0].held, "xhci_hcd");
        assert_non_null(boot_record_find(&back, &e.addr));
        other.fn = 6;
        assert_null(boot_record_find(&back, &other));
        boot_record_free(&back);
        free(text);
}

struct state_row {
        const char *name;
        const char *driver;   /* now; "" none */
        const char *override; /* now; "" unset */
        const char *record;   /* NULL: no record (the binder did not run); else its text */
        enum fn_state want;
};

#define REC(lines) BOOT_RECORD_HEADER lines

static struct state_row state_rows[] = {
        { "on vfio-pci, with a record", "vfio-pci", "vfio-pci", REC("0000:02:00.0 -\n"), FN_ON_VFIO },
        { "on vfio-pci without a record (bound by hand)", "vfio-pci", "", NULL, FN_ON_VFIO },
        { "on vfio-pci, not in the record", "vfio-pci", "", REC(""), FN_ON_VFIO },
        { "held before the binder ran, still held", "xhci_hcd", "vfio-pci", REC("0000:02:00.0 xhci_hcd\n"),
          FN_BOUND_BEFORE },
        { "held before, released, no driver now", "", "vfio-pci", REC("0000:02:00.0 xhci_hcd\n"), FN_NO_DRIVER },
        { "handed over, no driver now", "", "vfio-pci", REC("0000:02:00.0 -\n"), FN_NO_DRIVER },
        { "handed over, unbound since", "nvidia", "", REC("0000:02:00.0 -\n"), FN_GIVEN_BACK },
        { "handed over, unbound, no host driver", "", "", REC("0000:02:00.0 -\n"), FN_GIVEN_BACK },
        { "handed over, another driver since although the override", "nvidia", "vfio-pci", REC("0000:02:00.0 -\n"),
          FN_GIVEN_BACK },
        { "the binder ran without it", "nvidia", "", REC("0000:01:00.0 -\n"), FN_NOT_IN_BOOT },
        { "the binder ran without it, override set by someone", "nvidia", "vfio-pci", REC(""), FN_NOT_IN_BOOT },
        { "no record, override set, host driver", "nvidia", "vfio-pci", NULL, FN_HOST_WON },
        { "no record, override set, no driver", "", "vfio-pci", NULL, FN_NO_DRIVER },
        { "no record, no override, host driver", "nvidia", "", NULL, FN_NO_BINDER },
        { "no record, nothing at all", "", "", NULL, FN_NO_BINDER },
        { "no record, another override", "nvidia", "pci-stub", NULL, FN_NO_BINDER },
        { "pci-stub, no record", "pci-stub", "", NULL, FN_STUB },
        { "pci-stub, held before the binder ran", "pci-stub", "vfio-pci", REC("0000:02:00.0 pci-stub\n"), FN_STUB },
        { "xen-pciback", "pciback", "", REC(""), FN_STUB },
        { "a driver named like a stub is not one", "pci-stub2", "", NULL, FN_NO_BINDER },
};

static void test_state(void **state) {
        const struct state_row *r = *state;
        struct pci_func f = { .addr = { .bus = 2 } };
        struct boot_record rec = { 0 };
        unsigned bad = 0;

        strcpy(f.driver, r->driver);
        strcpy(f.override, r->override);
        if (r->record)
                assert_int_equal(boot_record_parse(r->record, strlen(r->record), &rec, &bad), 0);
        enum fn_state got = fn_state(&f, r->record ? &rec : NULL);
        CHECK_STR(r->name, "state", fn_state_word(got), fn_state_word(r->want));
        boot_record_free(&rec);
}

int main(void) {
        struct suite s = { 0 };

        SUITE_TABLE(&s, "boot record", record_rows, test_record);
        suite_add(&s, "boot record", "round trip", test_round_trip, NULL);
        SUITE_TABLE(&s, "state", state_rows, test_state);
        return suite_run(&s, "status");
}
