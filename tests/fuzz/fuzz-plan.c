/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plan_build() on machines made from the input: byte 0 gives the number of
 * functions (modulo 48), then 4 bytes each (see make_model), and the rest is a
 * vfio.slots= list. After planning, the selection rules must hold.
 */
#include <errno.h>
#include <stdbool.h>

#include "core/items.h"
#include "core/model.h"
#include "core/plan.h"
#include "fuzz.h"
#include "plan-invariants.h"

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
                        f = (struct pci_func){ .addr = f.addr,
                                               .parent = f.parent,
                                               .has_parent = f.has_parent,
                                               .unreadable = true,
                                               .iommu_group = f.iommu_group };
                if (model_add(m, &f) == -ENOMEM)
                        abort();
        }
        return used;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        struct model m = { 0 };
        struct item_list items;
        struct item_errors errs;
        struct plan p;
        size_t used = make_model(data, size, &m);
        char *list = fuzz_cstr(data + used, size - used);

        if (items_parse(list, &items, &errs) == 0) {
                char why[256];
                CHECK(plan_build(&items, &m, &p) == 0);
                const char *broken = plan_broken_invariant(&items, &m, &p, why, sizeof(why));
                if (broken)
                        fprintf(stderr, "plan invariant: %s\n", broken);
                CHECK(!broken);
                plan_free(&p);
                items_free(&items);
        }
        free(list);
        model_free(&m);
        return 0;
}
