/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * options_without(): libkmod hands vfio our own vfio.slots= as "slots=...";
 * it must go, every other option must stay. libkmod re-quotes a whole-arg
 * quoted "vfio.slots=a b" as slots="a b" and turns tabs into spaces, so the
 * options seen here are space separated with quoted values.
 */
#include "unit.h"

#include <errno.h>
#include <string.h>

#include "modules.h"

#define BUF_SIZE 4096
#define ROOMY ((size_t)-1)

struct row {
        const char *name;
        const char *options;
        const char *param; /* NULL: "slots" */
        size_t size;       /* ROOMY: the whole test buffer */
        int rc;
        const char *want;
};

static struct row rows[] = {
        { "empty", "", NULL, ROOMY, 0, "" },
        { "only slots=", "slots=01:00.0", NULL, ROOMY, 0, "" },
        { "only bare slots", "slots", NULL, ROOMY, 0, "" },
        { "only empty slots=", "slots=", NULL, ROOMY, 0, "" },
        { "other options kept", "enable_unsafe_noiommu_mode=1 slots=01:00.0 dma_entry_limit=65535", NULL, ROOMY, 0,
          "enable_unsafe_noiommu_mode=1 dma_entry_limit=65535" },
        { "slots first", "slots=01:00.0 enable_unsafe_noiommu_mode=1", NULL, ROOMY, 0, "enable_unsafe_noiommu_mode=1" },
        { "bare slots last", "enable_unsafe_noiommu_mode=1 slots", NULL, ROOMY, 0, "enable_unsafe_noiommu_mode=1" },
        { "quoted value with spaces", "a=1 slots=\"01:00.0, 02:00.0\" b=2", NULL, ROOMY, 0, "a=1 b=2" },
        { "quoted value with spaces last", "a=1 slots=\"01:00.0 02:00.0\"", NULL, ROOMY, 0, "a=1" },
        { "unterminated quote swallows the rest", "a=1 slots=\"01:00.0 b=2", NULL, ROOMY, 0, "a=1" },
        { "every occurrence removed", "slots=1 a=1 slots slots=\"x y\" b=2 slots=3", NULL, ROOMY, 0, "a=1 b=2" },
        { "other quoted values kept whole", "a=\"x slots=1\" b=2", NULL, ROOMY, 0, "a=\"x slots=1\" b=2" },
        { "shared prefix kept", "slotsx=1 slots_max=2 slots-x=3", NULL, ROOMY, 0, "slotsx=1 slots_max=2 slots-x=3" },
        { "longer name ending in slots kept", "xslots=1 max_slots=2", NULL, ROOMY, 0, "xslots=1 max_slots=2" },
        { "shorter name kept", "slot=1 s=2", NULL, ROOMY, 0, "slot=1 s=2" },
        { "case sensitive", "SLOTS=1", NULL, ROOMY, 0, "SLOTS=1" },
        { "extra spaces collapse", "  a=1   slots=2  b  ", NULL, ROOMY, 0, "a=1 b" },
        { "only spaces", "   ", NULL, ROOMY, 0, "" },
        { "another parameter name", "ids=10de:2204 disable_vga=1", "ids", ROOMY, 0, "disable_vga=1" },

        /* buffer sizes: room for the text and its NUL, or ENOSPC */
        { "size 1, nothing left", "slots=1", NULL, 1, 0, "" },
        { "size 0", "", NULL, 0, -ENOSPC, NULL },
        { "exact fit", "abcdef", NULL, 7, 0, "abcdef" },
        { "one byte short", "abcdef", NULL, 6, -ENOSPC, NULL },
        { "separator counts", "a b", NULL, 3, -ENOSPC, NULL },
        { "separator fits", "a b", NULL, 4, 0, "a b" },
        { "removed options need no room", "slots=\"a long value that is removed\" a", NULL, 2, 0, "a" },
        { "long options short buffer", "a=1 b=2 c=3 d=4 e=5 slots=1", NULL, 8, -ENOSPC, NULL },
};

static void test_row(void **state) {
        const struct row *r = *state;
        char buf[BUF_SIZE];
        size_t size = r->size == ROOMY ? sizeof(buf) : r->size;

        memset(buf, 'Z', sizeof(buf));
        int rc = options_without(r->options, r->param ? r->param : "slots", buf, size);
        CHECK_EQ(r->name, "return", rc, r->rc);
        if (rc == 0)
                CHECK_STR(r->name, "options", buf, r->want);
        /* nothing written past the given size */
        for (size_t i = size; i < sizeof(buf); i++)
                if (buf[i] != 'Z')
                        fail_msg("%s: byte %zu written beyond size %zu", r->name, i, size);
}

/* A 4 KiB option string, as the insert path's buffer holds. */
static void test_long(void **state) {
        char options[BUF_SIZE], want[BUF_SIZE], out[BUF_SIZE];
        size_t n = 0, w = 0;

        (void)state;
        /* "o0=0 slots=x o1=1 slots=x ...": every other option removed */
        for (unsigned i = 0; n + 32 < sizeof(options); i++) {
                n += (size_t)snprintf(options + n, sizeof(options) - n, "%so%u=%u slots=\"%u %u\"", i ? " " : "",
                                      i, i, i, i);
                w += (size_t)snprintf(want + w, sizeof(want) - w, "%so%u=%u", i ? " " : "", i, i);
        }
        assert_int_equal(options_without(options, "slots", out, sizeof(out)), 0);
        assert_string_equal(out, want);
}

int main(void) {
        struct suite s = { 0 };

        SUITE_TABLE(&s, "modules", rows, test_row);
        suite_add(&s, "modules", "4 KiB of options", test_long, NULL);
        return suite_run(&s, "modules");
}
