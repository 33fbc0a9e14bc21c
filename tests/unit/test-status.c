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
        const char *want; /* the entries as "ADDR HELD ACTION|...", with "-" for none */
};

#define NUL_TEXT "0000:02:00.0 - handed-over\n0000:03:00.0 a\0b left\n"

static struct record_row record_rows[] = {
        { "header only", BOOT_RECORD_HEADER, 0, 0, 0, "" },
        { "empty file", "", 0, 0, 0, "" },
        { "every action",
          BOOT_RECORD_HEADER "0000:01:00.0 - handed-over\n0000:01:00.1 nvidia left\n0000:01:00.2 xhci_hcd released\n"
                             "0000:02:00.1 snd_hda_intel kept-no-vfio-pci\n0000:03:00.0 bochs-drm kept-with-display\n"
                             "0000:03:00.1 - kept-with-display\n",
          0, 0, 0,
          "0000:01:00.0 - handed-over|0000:01:00.1 nvidia left|0000:01:00.2 xhci_hcd released|"
          "0000:02:00.1 snd_hda_intel kept-no-vfio-pci|0000:03:00.0 bochs-drm kept-with-display|"
          "0000:03:00.1 - kept-with-display|" },
        /* an older binder's record, read as it was then: a driver that held it reads as left */
        { "an older binder's two fields", "# old\n0000:02:00.0 -\n0000:02:00.2 xhci_hcd\n", 0, 0, 0,
          "0000:02:00.0 - handed-over|0000:02:00.2 xhci_hcd left|" },
        { "no newline at the end", "0000:02:00.0 - handed-over", 0, 0, 0, "0000:02:00.0 - handed-over|" },
        { "no newline at the end, two fields", "0000:02:00.0 -", 0, 0, 0, "0000:02:00.0 - handed-over|" },
        { "blank lines and comments", "\n# a\n0001:40:00.0 snd_hda_intel released\n\n", 0, 0, 0,
          "0001:40:00.0 snd_hda_intel released|" },
        { "short address", "02:00.0 - handed-over\n", 0, -EINVAL, 1, "" },
        { "no driver field", "# h\n0000:02:00.0\n", 0, -EINVAL, 2, "" },
        { "empty driver field", "0000:02:00.0 \n", 0, -EINVAL, 1, "" },
        { "two blanks", "0000:02:00.0  -\n", 0, -EINVAL, 1, "" },
        { "two blanks before the action", "0000:02:00.0 -  handed-over\n", 0, -EINVAL, 1, "" },
        { "a blank at the end", "0000:02:00.0 - handed-over \n", 0, -EINVAL, 1, "" },
        { "a blank after two fields", "0000:02:00.0 - \n", 0, -EINVAL, 1, "" },
        { "not an action", "0000:02:00.0 - x\n", 0, -EINVAL, 1, "" },
        { "an action cut short", "0000:02:00.0 - handed\n", 0, -EINVAL, 1, "" },
        { "an action run on", "0000:02:00.0 - handed-overs\n", 0, -EINVAL, 1, "" },
        { "a fourth field", "0000:02:00.0 - handed-over x\n", 0, -EINVAL, 1, "" },
        { "handed over from a driver", "0000:02:00.0 nvidia handed-over\n", 0, -EINVAL, 1, "" },
        { "left without a driver", "0000:02:00.0 - left\n", 0, -EINVAL, 1, "" },
        { "released without a driver", "0000:02:00.0 - released\n", 0, -EINVAL, 1, "" },
        { "kept without a driver for want of vfio-pci", "0000:02:00.0 - kept-no-vfio-pci\n", 0, -EINVAL, 1, "" },
        { "a tab in the driver", "0000:02:00.0 a\tb left\n", 0, -EINVAL, 1, "" },
        { "a tab in the action", "0000:02:00.0 a left\t\n", 0, -EINVAL, 1, "" },
        { "a carriage return", "0000:02:00.0 -\r\n", 0, 0, 0, "0000:02:00.0 -\r left|" },
        { "a NUL byte", NUL_TEXT, sizeof(NUL_TEXT) - 1, -EINVAL, 2, "" },
        { "driver name too long",
          "0000:02:00.0 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa left\n", 0, -EINVAL, 1, "" },
        { "63 characters fit",
          "0000:02:00.0 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa released\n", 0, 0, 0,
          "0000:02:00.0 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa released|" },
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

/* What boot writes, status reads back, every action. */
static void test_round_trip(void **state) {
        struct boot_entry e[BOOT_ACTION_COUNT];
        struct boot_record rec = { .v = e, .n = BOOT_ACTION_COUNT }, back;
        unsigned bad = 0;
        char *text;
        size_t len;

        (void)state;
        for (unsigned a = 0; a < BOOT_ACTION_COUNT; a++)
                e[a] = (struct boot_entry){ .addr = { .domain = 0x10000, .bus = 0xe1, .dev = 0x1f, .fn = a },
                                            .held = "xhci_hcd",
                                            .action = (enum boot_action)a };
        e[BOOT_HANDED_OVER].held[0] = '\0';
        assert_int_equal(boot_record_format(&rec, &text, &len), 0);
        assert_int_equal(boot_record_parse(text, len, &back, &bad), 0);
        assert_int_equal(back.n, BOOT_ACTION_COUNT);
        for (unsigned a = 0; a < BOOT_ACTION_COUNT; a++) {
                assert_int_equal(pci_addr_cmp(&back.v[a].addr, &e[a].addr), 0);
                assert_string_equal(back.v[a].held, e[a].held);
                assert_int_equal(back.v[a].action, a);
                assert_ptr_equal(boot_record_find(&back, &e[a].addr), &back.v[a]);
        }
        struct pci_addr other = e[0].addr;
        other.bus = 0xe2;
        assert_null(boot_record_find(&back, &other));
        boot_record_free(&back);
        free(text);
}

struct state_row {
        const char *name;
        const char *driver;   /* now; "" none */
        const char *override; /* now; "" unset */
        const char *record;   /* NULL: no record (the binder did not run); UNREADABLE; else its text */
        enum fn_state want;
};

/* a record that is there but cannot be read */
static const char unreadable_record[] = "(cannot be read)";
#define UNREADABLE unreadable_record

#define REC(lines) BOOT_RECORD_HEADER lines

static struct state_row state_rows[] = {
        { "on vfio-pci, with a record", "vfio-pci", "vfio-pci", REC("0000:02:00.0 - handed-over\n"), FN_ON_VFIO },
        { "on vfio-pci without a record (bound by hand)", "vfio-pci", "", NULL, FN_ON_VFIO },
        { "on vfio-pci, not in the record", "vfio-pci", "", REC(""), FN_ON_VFIO },
        { "left, still held", "nvidia", "vfio-pci", REC("0000:02:00.0 nvidia left\n"), FN_BOUND_BEFORE },
        { "left, no driver now", "", "vfio-pci", REC("0000:02:00.0 nvidia left\n"), FN_NO_DRIVER },
        { "left, another driver since", "nouveau", "", REC("0000:02:00.0 nvidia left\n"), FN_GIVEN_BACK },
        { "released, on vfio-pci", "vfio-pci", "vfio-pci", REC("0000:02:00.0 xhci_hcd released\n"), FN_ON_VFIO },
        /* released at boot, given back since with vfio-binder unbind: not bound before the binder */
        { "released, given back to its driver", "xhci_hcd", "", REC("0000:02:00.0 xhci_hcd released\n"),
          FN_GIVEN_BACK },
        { "released, back on its driver, override still set", "xhci_hcd", "vfio-pci",
          REC("0000:02:00.0 xhci_hcd released\n"), FN_GIVEN_BACK },
        { "released, no driver now", "", "vfio-pci", REC("0000:02:00.0 xhci_hcd released\n"), FN_NO_DRIVER },
        { "kept for want of vfio-pci, still held", "snd_hda_intel", "vfio-pci",
          REC("0000:02:00.0 snd_hda_intel kept-no-vfio-pci\n"), FN_KEPT_NO_VFIO },
        { "kept for want of vfio-pci, no driver now", "", "vfio-pci",
          REC("0000:02:00.0 snd_hda_intel kept-no-vfio-pci\n"), FN_NO_DRIVER },
        { "kept for want of vfio-pci, on vfio-pci since", "vfio-pci", "vfio-pci",
          REC("0000:02:00.0 snd_hda_intel kept-no-vfio-pci\n"), FN_ON_VFIO },
        { "kept with the display, its own driver", "bochs-drm", "", REC("0000:02:00.0 bochs-drm kept-with-display\n"),
          FN_CARD_WITH_HOST },
        { "kept with the display, a host driver took it since", "snd_hda_intel", "",
          REC("0000:02:00.0 - kept-with-display\n"), FN_CARD_WITH_HOST },
        { "kept with the display, no driver", "", "", REC("0000:02:00.0 - kept-with-display\n"), FN_CARD_WITH_HOST },
        { "kept with the display, bound since", "vfio-pci", "vfio-pci", REC("0000:02:00.0 - kept-with-display\n"),
          FN_ON_VFIO },
        { "handed over, no driver now", "", "vfio-pci", REC("0000:02:00.0 - handed-over\n"), FN_NO_DRIVER },
        { "handed over, unbound since", "nvidia", "", REC("0000:02:00.0 - handed-over\n"), FN_GIVEN_BACK },
        { "handed over, unbound, no host driver", "", "", REC("0000:02:00.0 - handed-over\n"), FN_GIVEN_BACK },
        { "handed over, another driver since although the override", "nvidia", "vfio-pci",
          REC("0000:02:00.0 - handed-over\n"), FN_GIVEN_BACK },
        /* an older binder's record: a driver that still holds it reads as before */
        { "older record, held, still held", "xhci_hcd", "vfio-pci", REC("0000:02:00.0 xhci_hcd\n"), FN_BOUND_BEFORE },
        { "older record, held, no driver now", "", "vfio-pci", REC("0000:02:00.0 xhci_hcd\n"), FN_NO_DRIVER },
        { "older record, handed over, unbound since", "nvidia", "", REC("0000:02:00.0 -\n"), FN_GIVEN_BACK },
        { "the binder ran without it", "nvidia", "", REC("0000:01:00.0 - handed-over\n"), FN_NOT_IN_BOOT },
        { "the binder ran without it, override set by someone", "nvidia", "vfio-pci", REC(""), FN_NOT_IN_BOOT },
        { "no record, override set, host driver", "nvidia", "vfio-pci", NULL, FN_HOST_WON },
        { "no record, override set, no driver", "", "vfio-pci", NULL, FN_NO_DRIVER },
        { "no record, no override, host driver", "nvidia", "", NULL, FN_NO_BINDER },
        { "no record, nothing at all", "", "", NULL, FN_NO_BINDER },
        { "no record, another override", "nvidia", "pci-stub", NULL, FN_NO_BINDER },
        /* a record that cannot be read says nothing: neither that the binder ran nor that it did not */
        { "unreadable record, host driver", "nvidia", "", UNREADABLE, FN_RECORD_UNREADABLE },
        { "unreadable record, override set, host driver", "nvidia", "vfio-pci", UNREADABLE, FN_RECORD_UNREADABLE },
        { "unreadable record, nothing at all", "", "", UNREADABLE, FN_RECORD_UNREADABLE },
        { "unreadable record, override set, no driver", "", "vfio-pci", UNREADABLE, FN_NO_DRIVER },
        { "unreadable record, on vfio-pci", "vfio-pci", "vfio-pci", UNREADABLE, FN_ON_VFIO },
        { "unreadable record, pci-stub", "pci-stub", "", UNREADABLE, FN_STUB },
        { "pci-stub, no record", "pci-stub", "", NULL, FN_STUB },
        { "pci-stub, held before the binder ran", "pci-stub", "vfio-pci", REC("0000:02:00.0 pci-stub left\n"),
          FN_STUB },
        { "xen-pciback", "pciback", "", REC(""), FN_STUB },
        { "a driver named like a stub is not one", "pci-stub2", "", NULL, FN_NO_BINDER },
};

static void test_state(void **state) {
        const struct state_row *r = *state;
        struct pci_func f = { .addr = { .bus = 2 } };
        struct boot_record rec = { 0 };
        struct record_view rv = { .state = r->record == UNREADABLE ? RECORD_UNREADABLE : RECORD_ABSENT };
        unsigned bad = 0;

        strcpy(f.driver, r->driver);
        strcpy(f.override, r->override);
        if (r->record && r->record != UNREADABLE) {
                assert_int_equal(boot_record_parse(r->record, strlen(r->record), &rec, &bad), 0);
                rv = (struct record_view){ .state = RECORD_READ, .rec = &rec };
        }
        enum fn_state got = fn_state(&f, &rv);
        CHECK_STR(r->name, "state", fn_state_word(got), fn_state_word(r->want));
        boot_record_free(&rec);
}

/* A companion's hint names its card's display function where the fix is the card's: bind the whole card. */
static void test_card_hints(void **state) {
        static const enum fn_state card_states[] = { FN_KEPT_NO_VFIO, FN_CARD_WITH_HOST, FN_RECORD_UNREADABLE };
        struct pci_func card = { .addr = { .bus = 2 }, .driver = "bochs-drm" };
        struct pci_func audio = { .addr = { .bus = 2, .fn = 1 }, .driver = "snd_hda_intel" };
        char hint[512];

        (void)state;
        for (size_t i = 0; i < sizeof(card_states) / sizeof(card_states[0]); i++) {
                fn_state_hint(card_states[i], &audio, &card, hint, sizeof(hint));
                if (!strstr(hint, "run vfio-binder bind 0000:02:00.0 ") || strstr(hint, "0000:02:00.1"))
                        fail_msg("state %s: hint \"%s\"", fn_state_word(card_states[i]), hint);
        }
        fn_state_hint(FN_KEPT_NO_VFIO, &audio, &card, hint, sizeof(hint));
        assert_non_null(strstr(hint, "snd_hda_intel bound it before vfio-binder ran"));
}

int main(void) {
        struct suite s = { 0 };

        SUITE_TABLE(&s, "boot record", record_rows, test_record);
        suite_add(&s, "boot record", "round trip", test_round_trip, NULL);
        SUITE_TABLE(&s, "state", state_rows, test_state);
        suite_add(&s, "state", "hints name the card", test_card_hints, NULL);
        return suite_run(&s, "status");
}
