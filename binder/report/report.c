/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "report/report.h"

#define CONF_REPLACED " (ignored: vfio.slots= on the command line replaces the file)"

#include <errno.h>

#include "core/words.h"
#include "report/json.h"
#include "sys/log.h"

void report_selection(const struct selection *sel, const char *conf_path) {
        char text[1024];

        if (sel->conf_status == -EINVAL && sel->source == SLOTS_CMDLINE) {
                /* line 0: the file as a whole could not be read */
                if (sel->conf_error.line == 0)
                        log_msg(LOG_WARNING, "%s: %s%s", conf_path, sel->conf_error.what, CONF_REPLACED);
                else
                        log_msg(LOG_WARNING, "%s:%u:%u: %s%s", conf_path, sel->conf_error.line, sel->conf_error.column,
                                sel->conf_error.what, CONF_REPLACED);
        }
        for (size_t k = 0; k < selection_error_count(sel); k++) {
                selection_error_text(sel, conf_path, k, text, sizeof(text));
                log_msg(LOG_ERR, "%s", text);
        }
}

void report_plan(const struct selection *sel, const struct plan *p, const struct model *m) {
        /* units come in item order (plan_build() takes the items one by one): one pass, not items x units */
        for (size_t i = 0, k = 0; i < sel->items.n; i++) {
                while (k < p->n_units && p->units[k].item < i)
                        k++;
                if (k == p->n_units || p->units[k].item != i)
                        log_msg(LOG_INFO, "%s: adds nothing to the items before it", sel->items.v[i].text);
        }
        for (size_t k = 0; k < p->n_units; k++) {
                const struct plan_unit *u = &p->units[k];
                const struct item *it = &sel->items.v[u->item];
                char text[1024];

                if (u->verdict == VERDICT_BIND) {
                        unit_functions(u, m, text, sizeof(text));
                        log_msg(LOG_INFO, "%s: bind %s", it->text, text);
                        if (u->takes_boot_display)
                                log_msg(LOG_WARNING, "%s: takes the boot display; the host console goes dark",
                                        it->text);
                        if (u->boot_displays_left)
                                log_msg(LOG_INFO, "%s: the boot display stays with the host", it->text);
                        for (size_t s = 0; s < u->n_on_switch; s++) {
                                unit_switch_note(u, it, m, s, text, sizeof(text));
                                log_msg(LOG_WARNING, "%s: %s", it->text, text);
                        }
                } else {
                        unit_reason(u, it, m, text, sizeof(text));
                        log_msg(LOG_WARNING, "skip %s: %s", it->text, text);
                }
        }
}

void json_selection_errors(FILE *out, const struct selection *sel, const char *conf_path) {
        bool first = true;

        fputs("\"errors\":[", out);
        if (sel->conf_status == -EINVAL && sel->source != SLOTS_CMDLINE) {
                fputs("{\"file\":", out);
                json_str(out, conf_path);
                fprintf(out, ",\"line\":%u,\"column\":%u,\"message\":", sel->conf_error.line, sel->conf_error.column);
                json_str(out, sel->conf_error.what);
                fputc('}', out);
                first = false;
        }
        for (size_t k = 0; sel->items_status == -EINVAL && k < sel->item_errors.n && k < ITEM_MAX_ERRORS; k++) {
                const struct item_error *ie = &sel->item_errors.v[k];
                fprintf(out, "%s{\"index\":%u,\"column\":%u,\"item\":", first ? "" : ",", ie->index, ie->column);
                json_string(out, sel->slots + ie->start, ie->len);
                fputs(",\"message\":", out);
                json_str(out, ie->what);
                fputc('}', out);
                first = false;
        }
        if (sel->items_status == -E2BIG) {
                fprintf(out, "%s{\"message\":\"more than %d items\"}", first ? "" : ",", ITEM_MAX_COUNT);
        }
        fputc(']', out);
}
