/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plan_build() on machines made from the input: byte 0 gives the number of
 * functions (modulo 48), then 4 bytes each (see make_model), and the rest is a
 * vfio.slots= list. After planning, the selection rules must hold.
 */
#include <errno.h>
#include <stdbool.h>

#include "fuzz.h"
#include "items.h"
#include "model.h"
#include "plan.h"

static const uint32_t classes[] = { 0x030000, 0x030200, 0x038000, 0x040300, 0x0c0330,
                                    0x0c8000, 0x020000, 0x060400, 0x060000, 0x010601 };
static const uint16_t vendors[] = { 0x10de, 0x1002, 0x8086, 0x1b21 };
static const uint16_t devices[] = { 0x2204, 0x1aef, 0x73bf, 0xab28 };

/*
 * Decodes the machine; returns how many bytes it used. Per function:
 *   b0: domain (bit 7), vendor (bits 5-6), device number (bits 3-4), bus (bits 0-2)
 *   b1: device ID (bits 3-4), function (bits 0-2)
 *   b2: parent (bits 4-7: none, or 1 + index of a function already made), class (bits 0-3)
 *   b3: unreadable (bits 6-7 both), VF (bits 4-5 both), boot_vga (bit 3), IOMMU group + 1 (bits 0-2)
 */
static size_t make_model(const uint8_t *d, size_t size, struct model *m) {
        size_t n = size ? d[0] % 48 : 0, used = size ? 1 : 0;

        for (size_t i = 0; i < n && used + 4 <= size; i++, used += 4) {
                const uint8_t *b = d + used;
                struct pci_func f = {
                        .addr = { .domain = b[0] >> 7, .bus = b[0] & 7, .dev = (b[0] >> 3) & 3, .fn = b[1] & 7 },
                        .vendor = vendors[(b[0] >> 5) & 3],
                        .device = devices[(b[1] >> 3) & 3],
                        .class = classes[(b[2] & 15) % 10],
                        .iommu_group = (int)(b[3] & 7) - 1,
                        .boot_vga = b[3] & 0x08,
                        .is_vf = (b[3] & 0x30) == 0x30,
                        .unreadable = (b[3] & 0xc0) == 0xc0,
                };
                if (m->n > 0 && (b[2] >> 4)) {
                        f.has_parent = true;
                        f.parent = m->v[((b[2] >> 4) - 1) % m->n].addr;
                }
                if (f.unreadable) /* what sysfs.c keeps of a function it cannot read */
                        f = (struct pci_func){ .addr = f.addr, .parent = f.parent, .has_parent = f.has_parent,
                                               .unreadable = true, .iommu_group = f.iommu_group };
                if (model_add(m, &f) == -ENOMEM)
                        abort();
        }
        return used;
}

static bool in_unit(const struct plan_unit *u, size_t func) {
        for (size_t k = 0; k < u->n_funcs; k++)
                if (u->funcs[k].func == func)
                        return true;
        return false;
}

static bool bound(const struct plan *p, size_t func) {
        for (size_t k = 0; k < p->n_bind; k++)
                if (p->bind[k] == func)
                        return true;
        return false;
}

static void check_plan(const struct item_list *items, const struct model *m, const struct plan *p) {
        for (size_t k = 0; k < p->n_bind; k++) {
                const struct pci_func *f = &m->v[p->bind[k]];
                CHECK(p->bind[k] < m->n);
                CHECK(k == 0 || pci_addr_cmp(&m->v[p->bind[k - 1]].addr, &f->addr) < 0); /* sorted, unique */
                CHECK(!f->unreadable && PCI_BASE_CLASS(f->class) != PCI_BASE_CLASS_BRIDGE);
                bool accepted = false;
                for (size_t u = 0; u < p->n_units; u++)
                        accepted |= p->units[u].verdict == VERDICT_BIND && in_unit(&p->units[u], p->bind[k]);
                CHECK(accepted);
        }
        for (size_t u = 0; u < p->n_units; u++) {
                const struct plan_unit *unit = &p->units[u];
                CHECK(unit->item < items->n);
                CHECK(u == 0 || p->units[u - 1].item <= unit->item); /* in item order, as the report expects */
                const struct item *it = &items->v[unit->item];
                bool selector = it->kind == ITEM_ID || it->kind == ITEM_GPUS;

                if (unit->verdict != VERDICT_BIND)
                        continue;
                for (size_t k = 0; k < unit->n_funcs; k++) {
                        const struct pci_func *f = &m->v[unit->funcs[k].func];
                        CHECK(bound(p, unit->funcs[k].func));
                        CHECK(f->iommu_group >= 0);
                        CHECK(!(selector && f->boot_vga));
                        /* every non-bridge function of the unit's groups is selected */
                        for (size_t i = 0; i < m->n; i++)
                                if (m->v[i].iommu_group == f->iommu_group && !pci_func_is_bridge(&m->v[i]))
                                        CHECK(bound(p, i));
                }
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        struct model m = { 0 };
        struct item_list items;
        struct item_errors errs;
        struct plan p;
        size_t used = make_model(data, size, &m);
        char *list = fuzz_cstr(data + used, size - used);

        if (items_parse(list, &items, &errs) == 0) {
                CHECK(plan_build(&items, &m, &p) == 0);
                check_plan(&items, &m, &p);
                plan_free(&p);
                items_free(&items);
        }
        free(list);
        model_free(&m);
        return 0;
}
