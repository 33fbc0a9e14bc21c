/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/items.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The item being parsed: s[0..end) of the list, with its position. */
struct cursor {
        const char *s;
        size_t pos;
        size_t end;
        const char *what; /* the error, set where it was found */
};

static bool at(const struct cursor *c, char ch) {
        return c->pos < c->end && c->s[c->pos] == ch;
}

static int fail(struct cursor *c, const char *what) {
        c->what = what;
        return -EINVAL;
}

/* Up to max_digits hex digits; range_error, when given, is the message for a value above max. */
static int hex_field(struct cursor *c, unsigned max_digits, uint32_t max, const char *range_error, uint32_t *out) {
        size_t start = c->pos;
        int r = hex_parse(c->s, &c->pos, max_digits, out);

        if (r == -ERANGE) {
                c->pos = start + max_digits;
                return fail(c, "too many hex digits");
        }
        if (r < 0)
                return fail(c, "expected a hex digit");
        if (range_error && *out > max) {
                c->pos = start;
                return fail(c, range_error);
        }
        return 0;
}

static int expect(struct cursor *c, char ch, const char *what) {
        if (!at(c, ch))
                return fail(c, what);
        c->pos++;
        return 0;
}

static int parse_id(struct cursor *c, uint16_t *vendor, uint16_t *device) {
        uint32_t v, d;

        if (hex_field(c, 4, 0, NULL, &v) < 0 || expect(c, ':', "expected ':' between vendor and device ID") < 0 ||
            hex_field(c, 4, 0, NULL, &d) < 0)
                return -EINVAL;
        *vendor = (uint16_t)v;
        *device = (uint16_t)d;
        return 0;
}

static int parse_devfn(struct cursor *c, bool need_fn, uint8_t *dev, uint8_t *fn) {
        uint32_t d, f = 0;

        if (hex_field(c, 2, 0x1f, "device number above 1f", &d) < 0)
                return -EINVAL;
        if (at(c, '.')) {
                c->pos++;
                if (hex_field(c, 1, 7, "function number above 7", &f) < 0)
                        return -EINVAL;
        } else if (need_fn) {
                return fail(c, "expected '.FUNCTION' (a path names every hop as DEVICE.FUNCTION)");
        }
        *dev = (uint8_t)d;
        *fn = (uint8_t)f;
        return 0;
}

static bool item_has_path(const struct cursor *c) {
        for (size_t i = c->pos; i < c->end && c->s[i] != '@'; i++)
                if (c->s[i] == '/')
                        return true;
        return false;
}

/* [DOMAIN:]BUS:DEV[.FN] or the path form, then an optional @VENDOR:DEVICE */
static int parse_address(struct cursor *c, struct item *it) {
        uint32_t first, second;
        bool path = item_has_path(c);

        size_t first_start = c->pos;
        if (hex_field(c, 8, 0, NULL, &first) < 0 || expect(c, ':', "expected ':' after the bus number") < 0)
                return -EINVAL;
        size_t second_start = c->pos;
        if (hex_field(c, 8, 0, NULL, &second) < 0)
                return -EINVAL;
        if (at(c, ':')) {
                /* DOMAIN:BUS:DEV... */
                if (c->pos - second_start > 2) {
                        c->pos = second_start;
                        return fail(c, "bus number has more than two hex digits");
                }
                c->pos++;
                it->addr.domain = first;
                it->addr.bus = (uint8_t)second;
        } else {
                /* BUS:DEV...: the second field was the device */
                if (second_start - 1 - first_start > 2) {
                        c->pos = first_start;
                        return fail(c, "bus number has more than two hex digits");
                }
                c->pos = second_start;
                it->addr.domain = 0;
                it->addr.bus = (uint8_t)first;
        }
        if (parse_devfn(c, path, &it->addr.dev, &it->addr.fn) < 0)
                return -EINVAL;

        it->kind = ITEM_ADDRESS;
        while (at(c, '/')) {
                c->pos++;
                if (it->n_hops == ITEM_MAX_HOPS)
                        return fail(c, "path has more than 16 hops");
                struct item_hop *h = &it->hops[it->n_hops++];
                if (parse_devfn(c, true, &h->dev, &h->fn) < 0)
                        return -EINVAL;
                it->kind = ITEM_PATH;
        }

        if (at(c, '@')) {
                c->pos++;
                if (parse_id(c, &it->vendor, &it->device) < 0)
                        return -EINVAL;
                it->guarded = true;
        }
        if (c->pos != c->end)
                return fail(c, at(c, ',') ? "unexpected ','" : "unexpected character");
        return 0;
}

static bool word_is(const struct cursor *c, size_t start, const char *w) {
        size_t n = strlen(w);
        return c->end - start == n && memcmp(c->s + start, w, n) == 0;
}

static int parse_item(struct cursor *c, struct item *it) {
        size_t start = c->pos;

        if (c->pos == c->end)
                return fail(c, "empty item");
        if (word_is(c, start, "gpus")) {
                it->kind = ITEM_GPUS;
                return 0;
        }
        if (word_is(c, start, "off"))
                return fail(c, "'off' must stand alone");
        if (c->end - start >= 3 && memcmp(c->s + start, "id:", 3) == 0) {
                c->pos += 3;
                it->kind = ITEM_ID;
                if (parse_id(c, &it->vendor, &it->device) < 0)
                        return -EINVAL;
                if (c->pos != c->end)
                        return fail(c, "unexpected character after id:VENDOR:DEVICE");
                return 0;
        }
        if (!memchr(c->s + start, ':', c->end - start))
                return fail(c, "unknown item (expected an address, a path, id:VENDOR:DEVICE, gpus or off)");
        return parse_address(c, it);
}

static bool is_blank(char ch) {
        return ch == ' ' || ch == '\t';
}

static void record_error(struct item_errors *errs, unsigned index, const struct cursor *c, size_t start) {
        if (errs->n < ITEM_MAX_ERRORS)
                errs->v[errs->n] = (struct item_error){
                        .index = index,
                        .column = (unsigned)c->pos + 1,
                        .start = start,
                        .len = c->end - start,
                        .what = c->what,
                };
        errs->n++;
}

int items_parse(const char *list, struct item_list *out, struct item_errors *errs) {
        size_t len = strlen(list), start = 0, n_items = 1, cap;
        struct item *v;

        *out = (struct item_list){ 0 };
        *errs = (struct item_errors){ 0 };

        size_t first = 0, last = len;
        while (first < len && is_blank(list[first]))
                first++;
        while (last > first && is_blank(list[last - 1]))
                last--;
        if (first == last || (last - first == 3 && memcmp(list + first, "off", 3) == 0)) {
                out->off = true;
                return 0;
        }

        for (size_t i = 0; i < len; i++)
                if (list[i] == ',' && ++n_items > ITEM_MAX_COUNT)
                        return -E2BIG;
        cap = n_items;
        v = calloc(cap, sizeof(*v));
        if (!v)
                return -ENOMEM;

        for (unsigned index = 1; start <= len; index++) {
                size_t stop = start;
                while (stop < len && list[stop] != ',')
                        stop++;

                struct cursor c = { .s = list, .pos = start, .end = stop };
                while (c.pos < c.end && is_blank(list[c.pos]))
                        c.pos++;
                while (c.end > c.pos && is_blank(list[c.end - 1]))
                        c.end--;
                size_t item_start = c.pos;
                struct item *it = &v[out->n];

                *it = (struct item){ .index = index, .column = (unsigned)item_start + 1 };
                if (parse_item(&c, it) < 0) {
                        record_error(errs, index, &c, item_start);
                } else {
                        size_t tl = c.end - item_start;
                        memcpy(it->text, list + item_start, tl < ITEM_TEXT_MAX ? tl : ITEM_TEXT_MAX - 1);
                        out->n++;
                }
                start = stop + 1;
        }

        if (errs->n > 0) {
                free(v);
                out->n = 0;
                return -EINVAL;
        }
        out->v = v;
        return 0;
}

void items_free(struct item_list *l) {
        free(l->v);
        *l = (struct item_list){ 0 };
}
