/* SPDX-License-Identifier: GPL-2.0-or-later */
/* items_parse(): the vfio.slots= grammar, on any string. */
#include <errno.h>

#include "core/items.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        char *list = fuzz_cstr(data, size);
        size_t len = strlen(list);
        struct item_list l;
        struct item_errors e;
        int r = items_parse(list, &l, &e);

        CHECK(r == 0 || r == -EINVAL || r == -E2BIG || r == -ENOMEM);
        if (r == 0) {
                CHECK(e.n == 0);
                CHECK(l.off ? l.n == 0 : l.n > 0);
        } else {
                /* fail closed: nothing usable comes out of a bad list */
                CHECK(l.n == 0 && l.v == NULL && !l.off);
                CHECK(r != -EINVAL || e.n > 0);
        }
        for (size_t i = 0; i < l.n; i++) {
                const struct item *it = &l.v[i];
                CHECK(it->kind == ITEM_ADDRESS || it->kind == ITEM_PATH || it->kind == ITEM_ID ||
                      it->kind == ITEM_GPUS);
                CHECK(it->index >= 1 && it->column >= 1 && it->column <= len);
                CHECK(it->text[0] != '\0' && memchr(it->text, '\0', sizeof(it->text)) != NULL);
                CHECK(strncmp(list + it->column - 1, it->text, strlen(it->text)) == 0);
                CHECK(it->addr.dev <= 0x1f && it->addr.fn <= 7);
                CHECK(it->n_hops <= ITEM_MAX_HOPS && (it->kind == ITEM_PATH) == (it->n_hops > 0));
                for (unsigned h = 0; h < it->n_hops; h++)
                        CHECK(it->hops[h].dev <= 0x1f && it->hops[h].fn <= 7);
        }
        for (size_t k = 0; k < e.n && k < ITEM_MAX_ERRORS; k++) {
                CHECK(e.v[k].what != NULL && e.v[k].index >= 1);
                CHECK(e.v[k].start + e.v[k].len <= len && e.v[k].column >= 1 && e.v[k].column <= len + 1);
        }
        items_free(&l);
        free(list);
        return 0;
}
