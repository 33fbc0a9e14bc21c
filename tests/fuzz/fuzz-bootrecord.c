/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot_record_parse(): the record status reads back from /run, on any bytes. */
#include <errno.h>

#include "core/bootrecord.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        struct boot_record rec;
        unsigned bad = 0;
        int r = boot_record_parse((const char *)data, size, &rec, &bad);

        CHECK(r == 0 || r == -EINVAL || r == -ENOMEM);
        if (r < 0) {
                /* nothing half-read is kept; a bad line is named */
                CHECK(rec.v == NULL && rec.n == 0);
                CHECK(r != -EINVAL || bad >= 1);
        }
        if (r == 0) {
                /* written back, it parses to the same entries */
                struct boot_record again;
                char *text;
                size_t len;
                CHECK(boot_record_format(&rec, &text, &len) == 0 && strlen(text) == len);
                CHECK(boot_record_parse(text, len, &again, &bad) == 0 && again.n == rec.n);
                for (size_t i = 0; i < rec.n; i++) {
                        CHECK(pci_addr_cmp(&again.v[i].addr, &rec.v[i].addr) == 0);
                        CHECK(strcmp(again.v[i].held, rec.v[i].held) == 0 && again.v[i].action == rec.v[i].action);
                        CHECK((unsigned)rec.v[i].action < BOOT_ACTION_COUNT);
                        /* an action that names no driver, or one that must, as the parser promises */
                        CHECK(rec.v[i].action != BOOT_HANDED_OVER || !rec.v[i].held[0]);
                        CHECK(rec.v[i].action == BOOT_HANDED_OVER || rec.v[i].action == BOOT_KEPT_WITH_DISPLAY ||
                              rec.v[i].held[0]);
                        CHECK(strcmp(rec.v[i].held, "-") != 0 && !strpbrk(rec.v[i].held, " \t\n"));
                }
                boot_record_free(&again);
                free(text);
        }
        boot_record_free(&rec);
        return 0;
}
