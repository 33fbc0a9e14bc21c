/* SPDX-License-Identifier: GPL-2.0-or-later */
/* items_parse(): every valid form with every field, and where errors point. */
#include "unit.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "core/items.h"

/* ---- valid lists ---- */

struct want_item {
        enum item_kind kind;
        uint32_t domain;
        uint8_t bus, dev, fn;
        unsigned n_hops;
        struct item_hop hops[ITEM_MAX_HOPS];
        bool guarded;
        uint16_t vendor, device;
        unsigned index, column;
        const char *text;
};

#define MAX_WANT 4

struct valid_row {
        const char *name;
        const char *list;
        size_t n;
        struct want_item items[MAX_WANT];
};

#define ADDR(d, b, s, f) .domain = (d), .bus = (b), .dev = (s), .fn = (f)
#define AT(i, c, t) .index = (i), .column = (c), .text = (t)

static struct valid_row valid_rows[] = {
        { "BUS:DEV", "01:00", 1, { { ITEM_ADDRESS, ADDR(0, 1, 0, 0), AT(1, 1, "01:00") } } },
        { "BUS:DEV.FN", "01:00.1", 1, { { ITEM_ADDRESS, ADDR(0, 1, 0, 1), AT(1, 1, "01:00.1") } } },
        { "DOMAIN:BUS:DEV.FN",
          "0000:0b:1f.7",
          1,
          { { ITEM_ADDRESS, ADDR(0, 0xb, 0x1f, 7), AT(1, 1, "0000:0b:1f.7") } } },
        { "DOMAIN:BUS:DEV", "0001:02:03", 1, { { ITEM_ADDRESS, ADDR(1, 2, 3, 0), AT(1, 1, "0001:02:03") } } },
        { "5-digit domain (VMD)",
          "10000:e0:00.0",
          1,
          { { ITEM_ADDRESS, ADDR(0x10000, 0xe0, 0, 0), AT(1, 1, "10000:e0:00.0") } } },
        { "8-digit domain",
          "ffffffff:ff:1f.7",
          1,
          { { ITEM_ADDRESS, ADDR(0xffffffff, 0xff, 0x1f, 7), AT(1, 1, "ffffffff:ff:1f.7") } } },
        { "upper-case hex",
          "000A:0B:1F.7",
          1,
          { { ITEM_ADDRESS, ADDR(0xa, 0xb, 0x1f, 7), AT(1, 1, "000A:0B:1F.7") } } },
        { "mixed-case hex", "0000:aB:0c.3", 1, { { ITEM_ADDRESS, ADDR(0, 0xab, 0xc, 3), AT(1, 1, "0000:aB:0c.3") } } },
        { "one-digit fields", "1:2.3", 1, { { ITEM_ADDRESS, ADDR(0, 1, 2, 3), AT(1, 1, "1:2.3") } } },
        { "path, one hop",
          "00:01.0/00.0",
          1,
          { { ITEM_PATH, ADDR(0, 0, 1, 0), .n_hops = 1, .hops = { { 0, 0 } }, AT(1, 1, "00:01.0/00.0") } } },
        { "path with domain, two hops",
          "0000:00:1c.4/00.0/01.0",
          1,
          { { ITEM_PATH, ADDR(0, 0, 0x1c, 4), .n_hops = 2, .hops = { { 0, 0 }, { 1, 0 } },
              AT(1, 1, "0000:00:1c.4/00.0/01.0") } } },
        { "path, 16 hops",
          "00:01.0/01.1/02.2/03.3/04.4/05.5/06.6/07.7/08.0/09.1/0a.2/0b.3/0c.4/0D.5/0e.6/10.0/1f.7",
          1,
          { { ITEM_PATH, ADDR(0, 0, 1, 0), .n_hops = 16,
              .hops = { { 1, 1 },
                        { 2, 2 },
                        { 3, 3 },
                        { 4, 4 },
                        { 5, 5 },
                        { 6, 6 },
                        { 7, 7 },
                        { 8, 0 },
                        { 9, 1 },
                        { 0xa, 2 },
                        { 0xb, 3 },
                        { 0xc, 4 },
                        { 0xd, 5 },
                        { 0xe, 6 },
                        { 0x10, 0 },
                        { 0x1f, 7 } },
              AT(1, 1, "00:01.0/01.1/02.2/03.3/04.4/05.5/06.6/07.7/08.0/09.1/0a.2/0b.3/0c.4/0D.5/0e.6/10.0/1f.7") } } },
        { "longest item, 16 hops and a guard",
          "ffffffff:ff:1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7@FFFF:ffff",
          1,
          { { ITEM_PATH, ADDR(0xffffffff, 0xff, 0x1f, 7), .n_hops = 16,
              .hops = { { 0x1f, 7 },
                        { 0x1f, 7 },
                        { 0x1f, 7 },
                        { 0x1f, 7 },
                        { 0x1f, 7 },
                        { 0x1f, 7 },
                        { 0x1f, 7 },
                        { 0x1f, 7 },
                        { 0x1f, 7 },
                        { 0x1f, 7 },
                        { 0x1f, 7 },
                        { 0x1f, 7 },
                        { 0x1f, 7 },
                        { 0x1f, 7 },
                        { 0x1f, 7 },
                        { 0x1f, 7 } },
              .guarded = true, .vendor = 0xffff, .device = 0xffff,
              AT(1, 1,
                 "ffffffff:ff:1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7/1f.7@"
                 "FFFF:ffff") } } },
        { "guard on BUS:DEV.FN",
          "01:00.0@10de:2204",
          1,
          { { ITEM_ADDRESS, ADDR(0, 1, 0, 0), .guarded = true, .vendor = 0x10de, .device = 0x2204,
              AT(1, 1, "01:00.0@10de:2204") } } },
        { "guard on BUS:DEV",
          "01:00@10de:2204",
          1,
          { { ITEM_ADDRESS, ADDR(0, 1, 0, 0), .guarded = true, .vendor = 0x10de, .device = 0x2204,
              AT(1, 1, "01:00@10de:2204") } } },
        { "guard on DOMAIN:BUS:DEV.FN, upper case",
          "0000:0C:00.1@1002:AB28",
          1,
          { { ITEM_ADDRESS, ADDR(0, 0xc, 0, 1), .guarded = true, .vendor = 0x1002, .device = 0xab28,
              AT(1, 1, "0000:0C:00.1@1002:AB28") } } },
        { "guard on a path",
          "0000:00:03.1/00.0/00.0@1002:73bf",
          1,
          { { ITEM_PATH, ADDR(0, 0, 3, 1), .n_hops = 2, .hops = { { 0, 0 }, { 0, 0 } }, .guarded = true,
              .vendor = 0x1002, .device = 0x73bf, AT(1, 1, "0000:00:03.1/00.0/00.0@1002:73bf") } } },
        { "guard with short IDs",
          "01:00.0@1:2",
          1,
          { { ITEM_ADDRESS, ADDR(0, 1, 0, 0), .guarded = true, .vendor = 1, .device = 2, AT(1, 1, "01:00.0@1:2") } } },
        { "id:", "id:10de:2204", 1, { { ITEM_ID, .vendor = 0x10de, .device = 0x2204, AT(1, 1, "id:10de:2204") } } },
        { "id: upper case hex",
          "id:10DE:22AF",
          1,
          { { ITEM_ID, .vendor = 0x10de, .device = 0x22af, AT(1, 1, "id:10DE:22AF") } } },
        { "gpus", "gpus", 1, { { ITEM_GPUS, AT(1, 1, "gpus") } } },
        { "two addresses",
          "01:00.0,02:00.0",
          2,
          { { ITEM_ADDRESS, ADDR(0, 1, 0, 0), AT(1, 1, "01:00.0") },
            { ITEM_ADDRESS, ADDR(0, 2, 0, 0), AT(2, 9, "02:00.0") } } },
        { "blank after the comma",
          "01:00.0, 02:00.0",
          2,
          { { ITEM_ADDRESS, ADDR(0, 1, 0, 0), AT(1, 1, "01:00.0") },
            { ITEM_ADDRESS, ADDR(0, 2, 0, 0), AT(2, 10, "02:00.0") } } },
        { "blanks and tabs around items",
          " \t01:00.0 ,\tgpus ",
          2,
          { { ITEM_ADDRESS, ADDR(0, 1, 0, 0), AT(1, 3, "01:00.0") }, { ITEM_GPUS, AT(2, 13, "gpus") } } },
        { "every kind in one list",
          "gpus,id:10de:2204,0000:01:00.0@10de:2204,00:01.0/00.0",
          4,
          { { ITEM_GPUS, AT(1, 1, "gpus") },
            { ITEM_ID, .vendor = 0x10de, .device = 0x2204, AT(2, 6, "id:10de:2204") },
            { ITEM_ADDRESS, ADDR(0, 1, 0, 0), .guarded = true, .vendor = 0x10de, .device = 0x2204,
              AT(3, 19, "0000:01:00.0@10de:2204") },
            { ITEM_PATH, ADDR(0, 0, 1, 0), .n_hops = 1, .hops = { { 0, 0 } }, AT(4, 42, "00:01.0/00.0") } } },
        { "the same address twice is kept twice",
          "01:00.0,01:00.0",
          2,
          { { ITEM_ADDRESS, ADDR(0, 1, 0, 0), AT(1, 1, "01:00.0") },
            { ITEM_ADDRESS, ADDR(0, 1, 0, 0), AT(2, 9, "01:00.0") } } },
};

static void check_item(const char *row, size_t k, const struct item *got, const struct want_item *w) {
        char ctx[160];

        snprintf(ctx, sizeof(ctx), "%s: item %zu", row, k + 1);
        CHECK_EQ(ctx, "kind", got->kind, w->kind);
        CHECK_EQ(ctx, "index", got->index, w->index);
        CHECK_EQ(ctx, "column", got->column, w->column);
        CHECK_STR(ctx, "text", got->text, w->text);
        CHECK_EQ(ctx, "guarded", got->guarded, w->guarded);
        if (w->kind == ITEM_ADDRESS || w->kind == ITEM_PATH) {
                CHECK_EQ(ctx, "domain", got->addr.domain, w->domain);
                CHECK_EQ(ctx, "bus", got->addr.bus, w->bus);
                CHECK_EQ(ctx, "dev", got->addr.dev, w->dev);
                CHECK_EQ(ctx, "fn", got->addr.fn, w->fn);
        }
        CHECK_EQ(ctx, "n_hops", got->n_hops, w->n_hops);
        for (unsigned h = 0; h < w->n_hops && h < ITEM_MAX_HOPS; h++) {
                char field[32];
                snprintf(field, sizeof(field), "hop %u dev", h + 1);
                CHECK_EQ(ctx, field, got->hops[h].dev, w->hops[h].dev);
                snprintf(field, sizeof(field), "hop %u fn", h + 1);
                CHECK_EQ(ctx, field, got->hops[h].fn, w->hops[h].fn);
        }
        if (w->guarded || w->kind == ITEM_ID) {
                CHECK_EQ(ctx, "vendor", got->vendor, w->vendor);
                CHECK_EQ(ctx, "device", got->device, w->device);
        }
}

static void test_valid(void **state) {
        const struct valid_row *r = *state;
        struct item_list l;
        struct item_errors e;

        int rc = items_parse(r->list, &l, &e);
        if (rc != 0)
                fail_msg("%s: items_parse returned %d; first error: item %u column %u: %s", r->name, rc,
                         e.n ? e.v[0].index : 0, e.n ? e.v[0].column : 0, e.n && e.v[0].what ? e.v[0].what : "-");
        CHECK_EQ(r->name, "errors", e.n, 0);
        CHECK_EQ(r->name, "off", l.off, false);
        CHECK_EQ(r->name, "item count", l.n, r->n);
        for (size_t k = 0; k < r->n; k++)
                check_item(r->name, k, &l.v[k], &r->items[k]);
        items_free(&l);
        assert_null(l.v);
}

/* ---- "off": explicitly or by an empty list ---- */

struct off_row {
        const char *name;
        const char *list;
};

static struct off_row off_rows[] = {
        { "off", "off" },     { "off with blanks", " \toff\t " },    { "empty string", "" },
        { "one space", " " }, { "only blanks and tabs", " \t  \t" },
};

static void test_off(void **state) {
        const struct off_row *r = *state;
        struct item_list l;
        struct item_errors e;

        CHECK_EQ(r->name, "return", items_parse(r->list, &l, &e), 0);
        CHECK_EQ(r->name, "off", l.off, true);
        CHECK_EQ(r->name, "item count", l.n, 0);
        CHECK_EQ(r->name, "errors", e.n, 0);
        items_free(&l);
}

/* ---- invalid lists: every error, where it points ---- */

struct want_error {
        unsigned index, column;
        const char *item; /* the bad item's text, from start and len */
};

struct invalid_row {
        const char *name;
        const char *list;
        size_t n; /* errors */
        struct want_error errors[ITEM_MAX_ERRORS];
};

static struct invalid_row invalid_rows[] = {
        /* numbers out of range: the column is the first digit of the field */
        { "device above 1f", "01:20.0", 1, { { 1, 4, "01:20.0" } } },
        { "device above 1f, domain form", "0000:01:20.0", 1, { { 1, 9, "0000:01:20.0" } } },
        { "device ff", "01:ff", 1, { { 1, 4, "01:ff" } } },
        { "function above 7", "01:00.8", 1, { { 1, 7, "01:00.8" } } },
        { "function f", "0000:01:00.f", 1, { { 1, 12, "0000:01:00.f" } } },
        /* too many digits: the column is the first digit too many */
        { "function with two digits", "01:00.10", 1, { { 1, 8, "01:00.10" } } },
        { "3-digit bus", "100:00.0", 1, { { 1, 1, "100:00.0" } } },
        { "3-digit bus, domain form", "0000:100:00.0", 1, { { 1, 6, "0000:100:00.0" } } },
        { "3-digit device", "01:000.0", 1, { { 1, 6, "01:000.0" } } },
        { "9-digit domain", "123456789:00:00.0", 1, { { 1, 9, "123456789:00:00.0" } } },
        { "domain without the rest", "0000:01", 1, { { 1, 1, "0000:01" } } },
        /* paths */
        { "path root without function", "00:01/00.0", 1, { { 1, 6, "00:01/00.0" } } },
        { "path root BUS:DEV with domain, no function", "0000:00:01/00.0", 1, { { 1, 11, "0000:00:01/00.0" } } },
        { "path hop without function", "00:01.0/00", 1, { { 1, 11, "00:01.0/00" } } },
        { "path hop without function, more hops", "00:01.0/00/01.0", 1, { { 1, 11, "00:01.0/00/01.0" } } },
        { "path with trailing '/'", "00:01.0/", 1, { { 1, 9, "00:01.0/" } } },
        { "path with '//'", "00:01.0//00.0", 1, { { 1, 9, "00:01.0//00.0" } } },
        { "path hop device above 1f", "00:01.0/20.0", 1, { { 1, 9, "00:01.0/20.0" } } },
        { "path hop function above 7", "00:01.0/00.9", 1, { { 1, 12, "00:01.0/00.9" } } },
        { "path hop with a bus", "00:01.0/01:00.0", 1, { { 1, 11, "00:01.0/01:00.0" } } },
        { "path with 17 hops",
          "00:01.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/01.0",
          1,
          { { 1, 89,
              "00:01.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/01.0" } } },
        /* empty items */
        { "empty item in the middle", "01:00.0,,02:00.0", 1, { { 2, 9, "" } } },
        { "empty item at the end", "01:00.0,", 1, { { 2, 9, "" } } },
        { "empty item at the start", ",01:00.0", 1, { { 1, 1, "" } } },
        { "blank item in the middle", "01:00.0, ,02:00.0", 1, { { 2, 10, "" } } },
        { "only a comma", ",", 2, { { 1, 1, "" }, { 2, 2, "" } } },
        /* words */
        { "off with another item", "off,01:00.0", 1, { { 1, 1, "off" } } },
        { "off after an item", "01:00.0, off", 1, { { 2, 10, "off" } } },
        { "off twice", "off,off", 2, { { 1, 1, "off" }, { 2, 5, "off" } } },
        { "OFF upper case", "OFF", 1, { { 1, 1, "OFF" } } },
        { "GPUS upper case", "GPUS", 1, { { 1, 1, "GPUS" } } },
        { "gpu", "gpu", 1, { { 1, 1, "gpu" } } },
        { "foo", "foo", 1, { { 1, 1, "foo" } } },
        { "gpus with a guard", "gpus@10de:2204", 1, { { 1, 1, "gpus@10de:2204" } } },
        { "ID: upper case", "ID:10de:2204", 1, { { 1, 1, "ID:10de:2204" } } },
        /* garbage */
        { "trailing garbage", "01:00.0x", 1, { { 1, 8, "01:00.0x" } } },
        { "garbage in the device", "01:0g.0", 1, { { 1, 5, "01:0g.0" } } },
        { "space inside an item", "01:00.0 02:00.0", 1, { { 1, 8, "01:00.0 02:00.0" } } },
        { "semicolon separator", "01:00.0;02:00.0", 1, { { 1, 8, "01:00.0;02:00.0" } } },
        { "0x prefix", "0x01:00.0", 1, { { 1, 2, "0x01:00.0" } } },
        { "minus sign", "-1:00.0", 1, { { 1, 1, "-1:00.0" } } },
        { "only a colon", ":", 1, { { 1, 1, ":" } } },
        { "empty bus", "0000::00.0", 1, { { 1, 6, "0000::00.0" } } },
        { "one field too many", "0000:00:00:00.0", 1, { { 1, 11, "0000:00:00:00.0" } } },
        { "non-ASCII after an item", "01:00.0\xc2\xa0", 1, { { 1, 8, "01:00.0\xc2\xa0" } } },
        /* guards */
        { "'@' without an ID", "01:00.0@", 1, { { 1, 9, "01:00.0@" } } },
        { "'@' with a vendor only", "01:00.0@10de", 1, { { 1, 13, "01:00.0@10de" } } },
        { "'@' with an empty device", "01:00.0@10de:", 1, { { 1, 14, "01:00.0@10de:" } } },
        { "guard device with 5 hex digits", "01:00.0@10de:22045", 1, { { 1, 18, "01:00.0@10de:22045" } } },
        { "guard vendor with 5 hex digits", "01:00.0@10de0:2204", 1, { { 1, 13, "01:00.0@10de0:2204" } } },
        { "two guards", "01:00.0@10de:2204@10de:2204", 1, { { 1, 18, "01:00.0@10de:2204@10de:2204" } } },
        { "guard before the path", "00:01.0@10de:2204/00.0", 1, { { 1, 18, "00:01.0@10de:2204/00.0" } } },
        /* id: */
        { "id: without IDs", "id:", 1, { { 1, 4, "id:" } } },
        { "id: with a vendor only", "id:10de", 1, { { 1, 8, "id:10de" } } },
        { "id: with an empty device", "id:10de:", 1, { { 1, 9, "id:10de:" } } },
        { "id: device with 5 hex digits", "id:10de:22045", 1, { { 1, 13, "id:10de:22045" } } },
        { "id: vendor with 5 hex digits", "id:10de2:2204", 1, { { 1, 8, "id:10de2:2204" } } },
        { "id: trailing garbage", "id:10de:2204x", 1, { { 1, 13, "id:10de:2204x" } } },
        { "id: with a guard", "id:10de:2204@10de:2204", 1, { { 1, 13, "id:10de:2204@10de:2204" } } },
        /* several errors, and columns counted over the whole list */
        { "error column after blanks", "01:00.0,  01:20.0", 1, { { 2, 14, "01:20.0" } } },
        { "one bad item among good ones", "01:00.0,gpus,01:00.8", 1, { { 3, 20, "01:00.8" } } },
        { "several bad items",
          "01:20.0,02:00.0,03:00.8,foo",
          3,
          { { 1, 4, "01:20.0" }, { 3, 23, "03:00.8" }, { 4, 25, "foo" } } },
};

static void test_invalid(void **state) {
        const struct invalid_row *r = *state;
        struct item_list l;
        struct item_errors e;

        CHECK_EQ(r->name, "return", items_parse(r->list, &l, &e), -EINVAL);
        CHECK_EQ(r->name, "item count", l.n, 0);
        assert_null(l.v);
        CHECK_EQ(r->name, "off", l.off, false);
        CHECK_EQ(r->name, "error count", e.n, r->n);
        for (size_t k = 0; k < r->n && k < ITEM_MAX_ERRORS; k++) {
                const struct item_error *g = &e.v[k];
                const struct want_error *w = &r->errors[k];
                char ctx[160];

                snprintf(ctx, sizeof(ctx), "%s: error %zu", r->name, k + 1);
                CHECK_EQ(ctx, "index", g->index, w->index);
                CHECK_EQ(ctx, "column", g->column, w->column);
                if (g->what == NULL)
                        fail_msg("%s: no message", ctx);
                if (g->start > strlen(r->list) || g->len > strlen(r->list) - g->start)
                        fail_msg("%s: item bytes %zu+%zu outside the list", ctx, g->start, g->len);
                if (g->len != strlen(w->item) || memcmp(r->list + g->start, w->item, g->len) != 0)
                        fail_msg("%s: item is \"%.*s\", want \"%s\"", ctx, (int)g->len, r->list + g->start, w->item);
        }
}

/* ---- limits ---- */

/* n copies of item joined by commas */
static char *repeat(const char *item, size_t n) {
        size_t len = strlen(item);
        char *s = unit_xalloc(malloc(n * (len + 1) + 1)), *p = s;

        for (size_t i = 0; i < n; i++) {
                if (i > 0)
                        *p++ = ',';
                memcpy(p, item, len);
                p += len;
        }
        *p = '\0';
        return s;
}

/* errs->n counts every error, only the first ITEM_MAX_ERRORS are kept. */
static void test_many_errors(void **state) {
        char *list = repeat("x", ITEM_MAX_ERRORS + 3);
        struct item_list l;
        struct item_errors e;

        (void)state;
        assert_int_equal(items_parse(list, &l, &e), -EINVAL);
        assert_int_equal(e.n, ITEM_MAX_ERRORS + 3);
        for (unsigned k = 0; k < ITEM_MAX_ERRORS; k++) {
                assert_int_equal(e.v[k].index, k + 1);
                assert_int_equal(e.v[k].column, 2 * k + 1);
                assert_non_null(e.v[k].what);
        }
        assert_int_equal(l.n, 0);
        free(list);
}

static void test_max_count(void **state) {
        char *list = repeat("gpus", ITEM_MAX_COUNT);
        struct item_list l;
        struct item_errors e;

        (void)state;
        assert_int_equal(items_parse(list, &l, &e), 0);
        assert_int_equal(l.n, ITEM_MAX_COUNT);
        assert_int_equal(l.v[ITEM_MAX_COUNT - 1].index, ITEM_MAX_COUNT);
        assert_int_equal(l.v[ITEM_MAX_COUNT - 1].column, 5 * (ITEM_MAX_COUNT - 1) + 1);
        items_free(&l);
        free(list);
}

static void test_too_many(void **state) {
        char *list = repeat("gpus", ITEM_MAX_COUNT + 1);
        struct item_list l;
        struct item_errors e;

        (void)state;
        assert_int_equal(items_parse(list, &l, &e), -E2BIG);
        assert_int_equal(l.n, 0);
        assert_null(l.v);
        free(list);
}

/* Counted as items even when empty: commas alone can exceed the limit. */
static void test_too_many_empty(void **state) {
        char *list = repeat("", ITEM_MAX_COUNT + 1);
        struct item_list l;
        struct item_errors e;

        (void)state;
        assert_int_equal(items_parse(list, &l, &e), -E2BIG);
        assert_int_equal(l.n, 0);
        free(list);
}

int main(void) {
        struct suite s = { 0 };

        SUITE_TABLE(&s, "items valid", valid_rows, test_valid);
        SUITE_TABLE(&s, "items off", off_rows, test_off);
        SUITE_TABLE(&s, "items invalid", invalid_rows, test_invalid);
        suite_add(&s, "items", "more errors than kept", test_many_errors, NULL);
        suite_add(&s, "items", "ITEM_MAX_COUNT items", test_max_count, NULL);
        suite_add(&s, "items", "ITEM_MAX_COUNT + 1 items", test_too_many, NULL);
        suite_add(&s, "items", "ITEM_MAX_COUNT + 1 empty items", test_too_many_empty, NULL);
        return suite_run(&s, "items");
}
