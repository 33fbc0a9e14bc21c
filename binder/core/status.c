/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/status.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum fn_state fn_state(const struct pci_func *f) {
        bool override = strcmp(f->override, "vfio-pci") == 0;

        if (strcmp(f->driver, "vfio-pci") == 0)
                return FN_ON_VFIO;
        if (f->driver[0])
                return override ? FN_HOST_WON : FN_NOT_HANDED;
        return override ? FN_OVERRIDE_UNBOUND : FN_UNBOUND;
}

static const char *const state_words[] = {
        [FN_ON_VFIO] = "vfio-pci",           [FN_HOST_WON] = "host-driver-won", [FN_NOT_HANDED] = "not-handed-over",
        [FN_OVERRIDE_UNBOUND] = "no-driver", [FN_UNBOUND] = "not-handed-over",
};
static_assert(sizeof(state_words) / sizeof(state_words[0]) == FN_STATE_COUNT, "a word for every state");

const char *fn_state_word(enum fn_state s) {
        assert((unsigned)s < FN_STATE_COUNT);
        return state_words[s];
}

const char *fn_state_hint(enum fn_state s) {
        switch (s) {
        case FN_ON_VFIO:
                break;
        case FN_HOST_WON:
                return "the host driver bound first although driver_override is set: the initramfs probably "
                       "lacks vfio-binder or loads that driver earlier; run update-initramfs -u (or dracut -f) "
                       "and check lsinitramfs for vfio-binder";
        case FN_NOT_HANDED:
        case FN_UNBOUND:
                return "vfio-binder did not hand it over this boot: rebuild the initramfs after changing the "
                       "configuration (update-initramfs -u or dracut -f) and reboot, or run vfio-binder bind now";
        case FN_OVERRIDE_UNBOUND:
                return "driver_override is set but no driver took it: vfio-pci is not loaded or failed to "
                       "probe (see dmesg | grep -i vfio)";
        }
        return "";
}

const char *refusal_hint(enum plan_verdict v) {
        switch (v) {
        case VERDICT_ABSENT:
        case VERDICT_GUARD:
                return "bus numbers move after a BIOS update or a new card: find the card with "
                       "vfio-binder list and update the slots list, or name it by path (ROOTPORT/DEV.FN)";
        default:
                return "";
        }
}

static bool group_member_ok(const struct pci_func *f) {
        return pci_func_is_bridge(f) || strcmp(f->driver, "vfio-pci") == 0 || strcmp(f->driver, "pci-stub") == 0 ||
               f->driver[0] == '\0';
}

bool group_viable(const struct model *m, int group) {
        for (size_t i = 0; i < m->n; i++)
                if (m->v[i].iommu_group == group && !group_member_ok(&m->v[i]))
                        return false;
        return true;
}

int status_judge(const struct plan *p, const struct model *m, struct status *out) {
        *out = (struct status){ 0 };
        out->groups = calloc(m->n + 1, sizeof(*out->groups));
        if (!out->groups)
                return -ENOMEM;
        for (size_t k = 0; k < p->n_units; k++) {
                const struct plan_unit *u = &p->units[k];
                out->refused += u->verdict != VERDICT_BIND;
                for (size_t f = 0; u->verdict == VERDICT_BIND && f < u->n_funcs; f++) {
                        int g = m->v[u->funcs[f].func].iommu_group;
                        bool seen = g < 0;
                        for (size_t i = 0; i < out->n_groups && !seen; i++)
                                seen = out->groups[i] == g;
                        if (!seen)
                                out->groups[out->n_groups++] = g;
                }
        }
        for (size_t k = 0; k < p->n_bind; k++)
                out->on_vfio += fn_state(&m->v[p->bind[k]]) == FN_ON_VFIO;
        out->ok = out->on_vfio == p->n_bind && out->refused == 0;
        return 0;
}

void status_free(struct status *st) {
        free(st->groups);
        *st = (struct status){ 0 };
}
