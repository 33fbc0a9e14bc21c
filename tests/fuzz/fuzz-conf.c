/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_parse() on any bytes, then selection_load() on the same file with a
 * command line: the first byte says whether there is one (bit 0), whether the
 * file is absent (bit 1) or exists but cannot be read (bit 2); the command
 * line is the text up to the first '\n'.
 */
#include <errno.h>

#include "core/conffile.h"
#include "core/selection.h"
#include "fuzz.h"

static void check_conf(const uint8_t *data, size_t size) {
        struct conf c;
        struct conf_error err = { 0 };
        int r = conf_parse((const char *)data, size, &c, &err);

        CHECK(r == 0 || r == -EINVAL || r == -ENOMEM);
        if (r == -EINVAL)
                CHECK(err.line >= 1 && err.column >= 1 && err.what != NULL && !c.has_slots && c.slots == NULL);
        if (r == 0 && c.has_slots)
                CHECK(c.slots != NULL && !strpbrk(c.slots, "#\n") && c.slots_line >= 1 && c.slots_column >= 1);
        conf_free(&c);
}

static void check_selection(const uint8_t *data, size_t size) {
        if (size == 0)
                return;
        uint8_t mode = data[0];
        const char *text = (const char *)data + 1;
        size_t len = size - 1;
        char *cmdline = NULL;

        if (mode & 1) {
                const char *nl = memchr(text, '\n', len);
                size_t n = nl ? (size_t)(nl - text) : len;
                cmdline = fuzz_cstr((const uint8_t *)text, n);
                n += nl != NULL; /* the file starts after the newline */
                text += n;
                len -= n;
        }

        struct selection c;
        struct conf_input in = { .text = mode & 2 ? NULL : text, .len = len, .read_err = mode & 4 ? -EIO : 0 };
        int r = selection_load(&c, cmdline, &in);
        CHECK(r == 0 || r == -EINVAL || r == -E2BIG || r == -ENOMEM);
        if (c.source == SLOTS_NONE)
                CHECK(c.slots == NULL && c.items.n == 0);
        else
                CHECK(c.slots != NULL);
        if (r == 0 && c.source != SLOTS_NONE)
                CHECK(c.items_status == 0 && (c.items.off || c.items.n > 0));
        if (r < 0)
                CHECK(c.items.n == 0); /* an unusable selection binds nothing */
        if (c.source == SLOTS_CONF)
                CHECK(c.conf_status == 0 && c.conf_line >= 1);
        if (c.source == SLOTS_CMDLINE || (mode & 6) == 2)
                CHECK(r == c.items_status); /* the file cannot spoil the command line's list */
        if ((mode & 4) && c.source != SLOTS_CMDLINE)
                CHECK(r == -EINVAL && c.conf_status == -EINVAL); /* an unreadable file fails closed */
        CHECK(selection_active(&c) == (r == 0 && c.source != SLOTS_NONE && !c.items.off));
        selection_free(&c);
        free(cmdline);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        check_conf(data, size);
        check_selection(data, size);
        return 0;
}
