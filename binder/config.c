/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "cmdline.h"

int config_load(struct config *c, const char *cmdline, const char *conf_text, size_t conf_len) {
        struct conf conf = { 0 };
        char *value = NULL;

        *c = (struct config){ 0 };
        if (cmdline) {
                int r = cmdline_get(cmdline, "vfio.slots", &value);
                if (r < 0)
                        return r;
                if (r > 0) {
                        c->source = SLOTS_CMDLINE;
                        c->slots = value;
                }
        }
        if (conf_text) {
                c->conf_status = conf_parse(conf_text, conf_len, &conf, &c->conf_error);
                if (c->conf_status == -ENOMEM)
                        return -ENOMEM;
                if (c->source == SLOTS_NONE && c->conf_status < 0)
                        return c->conf_status;
                if (c->source == SLOTS_NONE && conf.has_slots) {
                        c->source = SLOTS_CONF;
                        c->slots = conf.slots;
                        c->conf_line = conf.slots_line;
                        c->conf_column = conf.slots_column;
                        conf.slots = NULL;
                }
                conf_free(&conf);
        }
        if (c->source == SLOTS_NONE)
                return 0;

        c->items_status = items_parse(c->slots, &c->items, &c->item_errors);
        return c->items_status;
}

void config_free(struct config *c) {
        free(c->slots);
        items_free(&c->items);
        *c = (struct config){ 0 };
}
