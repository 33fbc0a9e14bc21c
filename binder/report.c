/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "report.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "json.h"
#include "log.h"

/* A bounded string that says when it had to cut. */
struct text {
        char buf[1024];
        size_t len;
};

__attribute__((format(printf, 2, 3))) static void add(struct text *t, const char *fmt, ...) {
        va_list ap;

        if (t->len >= sizeof(t->buf) - 1)
                return;
        va_start(ap, fmt);
        int n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
        va_end(ap);
        if (n < 0)
                return;
        t->len += (size_t)n;
        if (t->len >= sizeof(t->buf) - 1) {
                t->len = sizeof(t->buf) - 1;
                memcpy(t->buf + t->len - 3, "...", 3);
        }
}

static const char *addr_str(const struct pci_addr *a, char buf[PCI_ADDR_STRLEN]) {
        pci_addr_format(a, buf);
        return buf;
}

static const char *func_str(const struct model *m, size_t i, char buf[PCI_ADDR_STRLEN]) {
        return addr_str(&m->v[i].addr, buf);
}

const char *plan_verdict_code(enum plan_verdict v) {
        switch (v) {
        case VERDICT_BIND:
                return "bind";
        case VERDICT_ABSENT:
                return "absent";
        case VERDICT_GUARD:
                return "id-guard-mismatch";
        case VERDICT_BRIDGE:
                return "bridge";
        case VERDICT_UNREADABLE:
                return "unreadable";
        case VERDICT_NO_IOMMU:
                return "no-iommu-group";
        case VERDICT_GROUP_SHARED:
                return "group-not-viable";
        case VERDICT_BOOT_DISPLAY:
                return "boot-display";
        case VERDICT_NO_MATCH:
                return "no-match";
        }
        return "unknown";
}

static void reason(struct text *t, const struct plan_unit *u, const struct item *it, const struct model *m) {
        char a[PCI_ADDR_STRLEN], b[PCI_ADDR_STRLEN];

        switch (u->verdict) {
        case VERDICT_BIND:
                break;
        case VERDICT_ABSENT:
                if (u->missing_hop)
                        add(t, "nothing at %02x.%x below %s", u->hop.dev, u->hop.fn, addr_str(&u->missing, a));
                else
                        add(t, "%s is not present", addr_str(&u->missing, a));
                break;
        case VERDICT_GUARD: /* GUARD and BRIDGE always have a chosen function */
                add(t, "%s is %04x:%04x, not %04x:%04x (ID guard)", func_str(m, (size_t)u->chosen, a),
                    m->v[u->chosen].vendor, m->v[u->chosen].device, it->vendor, it->device);
                break;
        case VERDICT_BRIDGE:
                add(t, "%s is a PCI bridge (class 0x%06x); bridges are never bound", func_str(m, (size_t)u->chosen, a),
                    m->v[u->chosen].class);
                break;
        case VERDICT_UNREADABLE:
                add(t, "cannot read %s in sysfs", func_str(m, (size_t)u->detail, a));
                break;
        case VERDICT_NO_IOMMU:
                if (m->iommu_off)
                        add(t,
                            "%s has no IOMMU group: the IOMMU is off; enable VT-d or AMD-Vi in the firmware setup "
                            "and on Intel boot with intel_iommu=on",
                            func_str(m, (size_t)u->detail, a));
                else
                        add(t, "%s has no IOMMU group: the IOMMU does not cover it, so VFIO cannot use it",
                            func_str(m, (size_t)u->detail, a));
                break;
        case VERDICT_GROUP_SHARED:
                /* a selector's line must say which of its matches this is */
                if (it->kind == ITEM_ID || it->kind == ITEM_GPUS)
                        add(t, "%s: ", func_str(m, (size_t)u->chosen, a));
                add(t, "its IOMMU group also holds");
                for (size_t k = 0; k < u->n_outside; k++) {
                        const struct pci_func *f = &m->v[u->outside[k]];
                        add(t, "%s %s (group %d", k ? "," : "", func_str(m, u->outside[k], b), f->iommu_group);
                        if (f->unreadable)
                                add(t, ", unreadable)");
                        else if (f->driver[0])
                                add(t, ", %04x:%04x, %s)", f->vendor, f->device, f->driver);
                        else
                                add(t, ", %04x:%04x)", f->vendor, f->device);
                }
                add(t, " outside the selection; add them to the slots list to pass them through too, "
                       "or move the card to a slot with its own group");
                break;
        case VERDICT_BOOT_DISPLAY:
                add(t, "%s is the boot display; %s never takes it, name it by address to take it anyway",
                    func_str(m, (size_t)u->detail, a), it->kind == ITEM_GPUS ? "gpus" : "id:");
                break;
        case VERDICT_NO_MATCH:
                if (it->kind == ITEM_GPUS)
                        add(t, "no display function");
                else if (u->bridges_left)
                        add(t, "only bridges have ID %04x:%04x, and bridges are never bound", it->vendor, it->device);
                else
                        add(t, "no function has ID %04x:%04x", it->vendor, it->device);
                if (u->boot_displays_left)
                        add(t, " besides the boot display, which stays with the host");
                break;
        }
}

void plan_reason(const struct plan_unit *u, const struct item *it, const struct model *m, char *buf, size_t size) {
        struct text t = { 0 };

        reason(&t, u, it, m);
        snprintf(buf, size, "%s", t.buf);
}

static void describe_funcs(struct text *t, const struct plan_unit *u, const struct model *m) {
        char a[PCI_ADDR_STRLEN];

        for (size_t k = 0; k < u->n_funcs; k++) {
                const struct plan_func *pf = &u->funcs[k];
                const struct pci_func *f = &m->v[pf->func];
                add(t, "%s%s [%04x:%04x class %06x", k ? " " : "", func_str(m, pf->func, a), f->vendor, f->device,
                    f->class);
                if (pf->role == ROLE_SAME_GROUP)
                        add(t, ", same IOMMU group %d", f->iommu_group);
                else if (pf->role == ROLE_SAME_VENDOR)
                        add(t, ", same vendor");
                else if (f->iommu_group >= 0)
                        add(t, ", IOMMU group %d", f->iommu_group);
                add(t, "]");
        }
}

static void report_syntax(const struct config *c, const char *conf_path) {
        for (size_t e = 0; e < c->item_errors.n && e < ITEM_MAX_ERRORS; e++) {
                const struct item_error *ie = &c->item_errors.v[e];
                int len = (int)(ie->len > 64 ? 64 : ie->len);
                if (c->source == SLOTS_CONF)
                        log_msg(LOG_ERR, "%s:%u:%u: slots item %u \"%.*s\": %s", conf_path, c->conf_line,
                                c->conf_column + ie->column - 1, ie->index, len, c->slots + ie->start, ie->what);
                else
                        log_msg(LOG_ERR, "vfio.slots= item %u \"%.*s\" at column %u: %s", ie->index, len,
                                c->slots + ie->start, ie->column, ie->what);
        }
        if (c->item_errors.n > ITEM_MAX_ERRORS)
                log_msg(LOG_ERR, "%zu more bad items", c->item_errors.n - ITEM_MAX_ERRORS);
}

void report_config(const struct config *c, const char *conf_path) {
        if (c->conf_status == -EINVAL) {
                const char *ignored =
                        c->source == SLOTS_CMDLINE ? " (ignored: vfio.slots= on the command line replaces the file)" : "";
                int prio = c->source == SLOTS_CMDLINE ? LOG_WARNING : LOG_ERR;
                /* line 0: the file as a whole could not be read */
                if (c->conf_error.line == 0)
                        log_msg(prio, "%s: %s%s", conf_path, c->conf_error.what, ignored);
                else
                        log_msg(prio, "%s:%u:%u: %s%s", conf_path, c->conf_error.line, c->conf_error.column,
                                c->conf_error.what, ignored);
        }
        if (c->items_status == -EINVAL)
                report_syntax(c, conf_path);
        else if (c->items_status == -E2BIG)
                log_msg(LOG_ERR, "the slots list has more than %d items", ITEM_MAX_COUNT);
}

void report_plan(const struct config *c, const struct plan *p, const struct model *m) {
        /* units come in item order (plan_build() takes the items one by one): one pass, not items x units */
        for (size_t i = 0, k = 0; i < c->items.n; i++) {
                while (k < p->n_units && p->units[k].item < i)
                        k++;
                if (k == p->n_units || p->units[k].item != i)
                        log_msg(LOG_INFO, "%s: adds nothing to the items before it", c->items.v[i].text);
        }
        for (size_t k = 0; k < p->n_units; k++) {
                const struct plan_unit *u = &p->units[k];
                const struct item *it = &c->items.v[u->item];
                struct text t = { 0 };

                if (u->verdict == VERDICT_BIND) {
                        describe_funcs(&t, u, m);
                        log_msg(LOG_INFO, "%s: bind %s", it->text, t.buf);
                        if (u->takes_boot_display)
                                log_msg(LOG_WARNING, "%s: takes the boot display; the host console goes dark",
                                        it->text);
                        if (u->boot_displays_left)
                                log_msg(LOG_INFO, "%s: the boot display stays with the host", it->text);
                } else {
                        reason(&t, u, it, m);
                        log_msg(LOG_WARNING, "skip %s: %s", it->text, t.buf);
                }
        }
}

/* Every item of a list that failed to parse, by splitting it again. */
static void print_invalid_items(FILE *out, const struct config *c, const char *conf_path) {
        const char *s = c->slots;
        unsigned index = 1;

        for (const char *p = s;; index++) {
                size_t len = strcspn(p, ",");
                size_t b = 0, e = len;
                while (b < e && (p[b] == ' ' || p[b] == '\t'))
                        b++;
                while (e > b && (p[e - 1] == ' ' || p[e - 1] == '\t'))
                        e--;
                const struct item_error *ie = NULL;
                for (size_t k = 0; k < c->item_errors.n && k < ITEM_MAX_ERRORS; k++)
                        if (c->item_errors.v[k].index == index)
                                ie = &c->item_errors.v[k];
                /* an empty item still needs a visible ITEM for line parsers */
                const char *quote = e == b ? "\"" : "";
                fprintf(out, "skip %s%.*s%s: ", quote, (int)(e - b), p + b, quote);
                if (ie && c->source == SLOTS_CONF)
                        fprintf(out, "syntax error at %s:%u:%u: %s\n", conf_path, c->conf_line,
                                c->conf_column + ie->column - 1, ie->what);
                else if (ie)
                        fprintf(out, "syntax error at column %u: %s\n", ie->column, ie->what);
                else
                        fputs("not applied: the list has a syntax error\n", out);
                if (p[len] == '\0')
                        break;
                p += len + 1;
        }
}

static const char *source_name(enum slots_source s) {
        return s == SLOTS_CMDLINE ? "cmdline" : s == SLOTS_CONF ? "conf" : "none";
}

static const char *role_name(enum plan_role r) {
        return r == ROLE_CHOSEN ? "chosen" : r == ROLE_SAME_GROUP ? "same-group" : "same-vendor";
}

static void json_errors(FILE *out, const struct config *c, const char *conf_path) {
        bool first = true;

        fputs("\"errors\":[", out);
        if (c->conf_status == -EINVAL && c->source != SLOTS_CMDLINE) {
                fputs("{\"file\":", out);
                json_str(out, conf_path);
                fprintf(out, ",\"line\":%u,\"column\":%u,\"message\":", c->conf_error.line, c->conf_error.column);
                json_str(out, c->conf_error.what);
                fputc('}', out);
                first = false;
        }
        for (size_t k = 0; c->items_status == -EINVAL && k < c->item_errors.n && k < ITEM_MAX_ERRORS; k++) {
                const struct item_error *ie = &c->item_errors.v[k];
                fprintf(out, "%s{\"index\":%u,\"column\":%u,\"item\":", first ? "" : ",", ie->index, ie->column);
                json_string(out, c->slots + ie->start, ie->len);
                fputs(",\"message\":", out);
                json_str(out, ie->what);
                fputc('}', out);
                first = false;
        }
        if (c->items_status == -E2BIG) {
                fprintf(out, "%s{\"message\":\"more than %d items\"}", first ? "" : ",", ITEM_MAX_COUNT);
        }
        fputc(']', out);
}

static void json_plan(FILE *out, const struct config *c, const struct plan *p, const struct model *m,
                      const char *conf_path, bool valid) {
        char a[PCI_ADDR_STRLEN];

        fprintf(out, "{\"source\":\"%s\",\"slots\":", source_name(c->source));
        if (c->slots)
                json_str(out, c->slots);
        else
                fputs("null", out);
        fprintf(out, ",\"off\":%s,\"valid\":%s,", c->items.off ? "true" : "false", valid ? "true" : "false");
        json_errors(out, c, conf_path);
        fputs(",\"bind\":[", out);
        for (size_t k = 0; p && k < p->n_bind; k++) {
                fprintf(out, "%s\"%s\"", k ? "," : "", func_str(m, p->bind[k], a));
        }
        fputs("],\"decisions\":[", out);
        for (size_t k = 0; p && k < p->n_units; k++) {
                const struct plan_unit *u = &p->units[k];
                const struct item *it = &c->items.v[u->item];
                struct text t = { 0 };

                fputs(k ? ",{\"item\":" : "{\"item\":", out);
                json_str(out, it->text);
                fprintf(out, ",\"index\":%u,\"verdict\":\"%s\",\"reason\":", it->index, plan_verdict_code(u->verdict));
                reason(&t, u, it, m);
                if (u->verdict == VERDICT_BIND)
                        fputs("null", out);
                else
                        json_str(out, t.buf);
                fprintf(out, ",\"takes_boot_display\":%s,\"functions\":[", u->takes_boot_display ? "true" : "false");
                for (size_t f = 0; f < u->n_funcs; f++) {
                        const struct pci_func *pf = &m->v[u->funcs[f].func];
                        fprintf(out,
                                "%s{\"address\":\"%s\",\"vendor\":\"%04x\",\"device\":\"%04x\",\"class\":\"%06x\","
                                "\"iommu_group\":",
                                f ? "," : "", func_str(m, u->funcs[f].func, a), pf->vendor, pf->device, pf->class);
                        if (pf->iommu_group >= 0)
                                fprintf(out, "%d", pf->iommu_group);
                        else
                                fputs("null", out);
                        fprintf(out, ",\"role\":\"%s\",\"boot_vga\":%s,\"driver\":", role_name(u->funcs[f].role),
                                pf->boot_vga ? "true" : "false");
                        if (pf->driver[0])
                                json_str(out, pf->driver);
                        else
                                fputs("null", out);
                        fputc('}', out);
                }
                fputs("],\"outside\":[", out);
                for (size_t o = 0; o < u->n_outside; o++)
                        fprintf(out, "%s\"%s\"", o ? "," : "", func_str(m, u->outside[o], a));
                fputs("]}", out);
        }
        fputs("]}\n", out);
}

void print_plan(FILE *out, const struct config *c, const struct plan *p, const struct model *m, const char *conf_path,
                bool valid, bool json) {
        char a[PCI_ADDR_STRLEN];

        if (json) {
                json_plan(out, c, p, m, conf_path, valid);
                return;
        }
        if (!p) {
                if (c->items_status == -EINVAL)
                        print_invalid_items(out, c, conf_path);
                return;
        }
        for (size_t k = 0; k < p->n_bind; k++)
                fprintf(out, "bind %s\n", func_str(m, p->bind[k], a));
        for (size_t k = 0; k < p->n_units; k++) {
                const struct plan_unit *u = &p->units[k];
                const struct item *it = &c->items.v[u->item];
                struct text t = { 0 };

                if (u->verdict == VERDICT_BIND)
                        continue;
                reason(&t, u, it, m);
                fprintf(out, "skip %s: %s\n", it->text, t.buf);
        }
}
