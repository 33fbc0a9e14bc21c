/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/status.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Drivers that only hold a device, bound to it by ID on purpose (pci-stub.ids=, xen-pciback.hide=). */
static bool stub_driver(const char *driver) {
        return strcmp(driver, "pci-stub") == 0 || strcmp(driver, "pciback") == 0;
}

enum fn_state fn_state(const struct pci_func *f, const struct record_view *rv) {
        bool override = strcmp(f->override, "vfio-pci") == 0;
        bool no_driver = override && !f->driver[0];

        if (strcmp(f->driver, "vfio-pci") == 0)
                return FN_ON_VFIO;
        if (stub_driver(f->driver))
                return FN_STUB;
        if (rv->state == RECORD_UNREADABLE)
                return no_driver ? FN_NO_DRIVER : FN_RECORD_UNREADABLE;
        if (rv->state == RECORD_ABSENT)
                return !override ? FN_NO_BINDER : f->driver[0] ? FN_HOST_WON : FN_NO_DRIVER;

        const struct boot_entry *e = boot_record_find(rv->rec, &f->addr);
        if (!e)
                return FN_NOT_IN_BOOT;
        bool still_held = e->held[0] && strcmp(e->held, f->driver) == 0;
        switch (e->action) {
        case BOOT_KEPT_WITH_DISPLAY:
                return FN_CARD_WITH_HOST;
        case BOOT_LEFT:
                if (still_held)
                        return FN_BOUND_BEFORE;
                break;
        case BOOT_KEPT_NO_VFIO:
                if (still_held)
                        return FN_KEPT_NO_VFIO;
                break;
        case BOOT_HANDED_OVER:
        case BOOT_RELEASED: /* back on the driver boot released it from: given back */
                break;
        }
        return no_driver ? FN_NO_DRIVER : FN_GIVEN_BACK;
}

static const char *const state_words[] = {
        [FN_ON_VFIO] = "vfio-pci",
        [FN_BOUND_BEFORE] = "bound-before-binder",
        [FN_HOST_WON] = "host-driver-won",
        [FN_NOT_IN_BOOT] = "not-handed-over-at-boot",
        [FN_NO_BINDER] = "binder-did-not-run",
        [FN_NO_DRIVER] = "no-driver",
        [FN_GIVEN_BACK] = "given-back",
        [FN_STUB] = "stub-driver",
        [FN_KEPT_NO_VFIO] = "kept-no-vfio-pci",
        [FN_CARD_WITH_HOST] = "card-kept-with-host",
        [FN_RECORD_UNREADABLE] = "boot-record-unreadable",
};
static_assert(sizeof(state_words) / sizeof(state_words[0]) == FN_STATE_COUNT, "a word for every state");

const char *fn_state_word(enum fn_state s) {
        assert((unsigned)s < FN_STATE_COUNT);
        return state_words[s];
}

/* how each generator rebuilds the image that carries the binder and the conf */
#define REBUILD "rebuild the initramfs (update-initramfs -u, dracut -f or mkinitcpio -P)"

void fn_state_hint(enum fn_state s, const struct pci_func *f, const struct pci_func *card, char *buf, size_t size) {
        char a[PCI_ADDR_STRLEN], c[PCI_ADDR_STRLEN];

        pci_addr_format(&f->addr, a);
        pci_addr_format(&card->addr, c);
        buf[0] = '\0';
        switch (s) {
        case FN_ON_VFIO:
                break;
        case FN_BOUND_BEFORE:
                snprintf(buf, size,
                         "%s bound it before vfio-binder ran (a driver built into the kernel, or loaded earlier) and "
                         "still holds it; boot unbinds only a card's audio, USB and UCSI functions (dmesg | grep "
                         "vfio-binder says what it did): run vfio-binder bind %s to hand it over now",
                         f->driver, a);
                break;
        case FN_HOST_WON:
                snprintf(buf, size,
                         "driver_override is set, but %s bound first and vfio-binder did not run this boot (no %s): "
                         "something else wrote the override, or the initramfs lacks vfio-binder; " REBUILD
                         ", check that it holds vfio-binder and reboot, or run vfio-binder bind %s now",
                         f->driver, BOOT_RECORD_PATH, a);
                break;
        case FN_NOT_IN_BOOT:
                snprintf(buf, size,
                         "vfio-binder ran this boot but did not hand it over: the initramfs holds an older "
                         "configuration, or the item was refused then (dmesg | grep vfio-binder); " REBUILD
                         " and reboot, or run vfio-binder bind %s now",
                         a);
                break;
        case FN_NO_BINDER:
                snprintf(buf, size,
                         "vfio-binder did not run this boot (no %s): the initramfs lacks it; " REBUILD
                         ", check that it holds vfio-binder and reboot, or run vfio-binder bind %s now",
                         BOOT_RECORD_PATH, a);
                break;
        case FN_NO_DRIVER:
                snprintf(buf, size,
                         "driver_override is set but no driver took it: vfio-pci is not loaded or failed to probe "
                         "(see dmesg | grep -i vfio)");
                break;
        case FN_STUB:
                snprintf(buf, size,
                         "%s, a stub driver, holds it: something binds it by ID before vfio-binder runs "
                         "(pci-stub.ids= or xen-pciback.hide= on the kernel command line, or their options in "
                         "modprobe.d), and a VM cannot open it through VFIO there; remove that setting, " REBUILD
                         " and reboot, or run vfio-binder bind %s now",
                         f->driver, a);
                break;
        case FN_GIVEN_BACK:
                snprintf(buf, size,
                         "handed to vfio-pci at boot and given back since (vfio-binder unbind, or a manual rebind): "
                         "run vfio-binder bind %s to hand it over again",
                         a);
                break;
        case FN_KEPT_NO_VFIO:
                snprintf(buf, size,
                         "%s bound it before vfio-binder ran, and boot left it there because vfio-pci could not be "
                         "loaded (dmesg | grep vfio-binder shows the modules line): check that the initramfs holds "
                         "vfio-pci and that nothing blacklists it (module_blacklist=, modprobe.d); " REBUILD
                         " and reboot, or run vfio-binder bind %s now",
                         f->driver, c);
                break;
        case FN_CARD_WITH_HOST:
                snprintf(buf, size,
                         "a host driver held the card's display function %s before vfio-binder ran, so boot left the "
                         "whole card with the host (a split card's IOMMU group is unusable): run vfio-binder bind %s "
                         "to hand the card over now",
                         c, c);
                break;
        case FN_RECORD_UNREADABLE:
                snprintf(buf, size,
                         "%s cannot be read, so status cannot tell what vfio-binder did with it this boot (dmesg | "
                         "grep vfio-binder says): run vfio-binder bind %s to hand it over now",
                         BOOT_RECORD_PATH, c);
                break;
        }
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

int status_judge(const struct plan *p, const struct model *m, const struct record_view *rv, struct status *out) {
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
                out->on_vfio += fn_state(&m->v[p->bind[k]], rv) == FN_ON_VFIO;
        out->ok = out->on_vfio == p->n_bind && out->refused == 0;
        return 0;
}

void status_free(struct status *st) {
        free(st->groups);
        *st = (struct status){ 0 };
}
