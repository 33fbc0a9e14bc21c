/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/selection.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/cmdline.h"

#define STR(x) #x
#define XSTR(x) STR(x)

/* What an unreadable conf file is called in messages, from its read error. */
static const char *read_error_text(int err) {
        switch (err) {
        case -EFBIG:
                return "larger than " XSTR(CONF_FILE_MAX_KIB) " KiB";
        case -EINVAL:
                return "not a regular file";
        default:
                return strerror(-err);
        }
}

/*
 * "vfio.slots=02:00.0, 03:00.0" reaches us as "02:00.0,": the kernel splits
 * its command line at blanks. Say that, rather than "empty item".
 */
static void explain_split(struct selection *sel) {
        size_t len = strlen(sel->slots);
        unsigned last = 1;

        while (len > 0 && (sel->slots[len - 1] == ' ' || sel->slots[len - 1] == '\t'))
                len--;
        if (len == 0 || sel->slots[len - 1] != ',')
                return;
        for (size_t i = 0; i < len; i++)
                last += sel->slots[i] == ',';
        for (size_t e = 0; e < sel->item_errors.n && e < ITEM_MAX_ERRORS; e++)
                if (sel->item_errors.v[e].index == last)
                        sel->item_errors.v[e].what =
                                "empty item: the kernel splits its command line at blanks, so write the list "
                                "without them or quote it: vfio.slots=\"02:00.0, 03:00.0\"";
}

int selection_load(struct selection *sel, const char *cmdline, const struct conf_input *conf) {
        struct conf parsed = { 0 };
        char *value = NULL;

        *sel = (struct selection){ 0 };
        if (cmdline) {
                int r = cmdline_get(cmdline, "vfio.slots", &value);
                if (r < 0)
                        return r;
                if (r > 0) {
                        sel->source = SLOTS_CMDLINE;
                        sel->slots = value;
                }
        }
        if (conf->read_err < 0) {
                sel->conf_status = -EINVAL;
                sel->conf_error = (struct conf_error){ .what = read_error_text(conf->read_err) };
        } else if (conf->text) {
                sel->conf_status = conf_parse(conf->text, conf->len, &parsed, &sel->conf_error);
                if (sel->conf_status == -ENOMEM)
                        return -ENOMEM;
                if (sel->source == SLOTS_NONE && parsed.has_slots) {
                        sel->source = SLOTS_CONF;
                        sel->slots = parsed.slots;
                        sel->conf_line = parsed.slots_line;
                        sel->conf_column = parsed.slots_column;
                        parsed.slots = NULL;
                }
                conf_free(&parsed);
        }
        if (sel->source == SLOTS_NONE)
                return sel->conf_status;

        sel->items_status = items_parse(sel->slots, &sel->items, &sel->item_errors);
        if (sel->source == SLOTS_CMDLINE && sel->items_status == -EINVAL)
                explain_split(sel);
        return sel->items_status;
}

bool selection_active(const struct selection *sel) {
        return sel->source != SLOTS_NONE && !sel->items.off && sel->items_status == 0;
}

void selection_free(struct selection *sel) {
        free(sel->slots);
        items_free(&sel->items);
        *sel = (struct selection){ 0 };
}
