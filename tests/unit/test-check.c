/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_build(): the findings of `check` for a selection on a machine, from
 * the plan and the host facts (what the host runs on, modprobe.d, ids=).
 */
#include "unit.h"

#include <errno.h>

#include "core/check.h"
#include "core/inuse.h"
#include "core/items.h"
#include "core/modconf.h"
#include "core/plan.h"

/* A desktop: boot iGPU, two identical cards, the root NVMe, a SATA controller, the uplink. */
struct fn {
        const char *addr;
        uint16_t vendor, device;
        uint32_t class;
        int group;
        const char *driver;
        bool boot_vga;
};

static const struct fn desk[] = {
        { "00:02.0", 0x8086, 0x3e92, 0x030000, 0, "i915", true },
        { "00:17.0", 0x8086, 0xa352, 0x010601, 3, "ahci", false },
        { "00:1f.6", 0x8086, 0x15bc, 0x020000, 5, "e1000e", false },
        { "01:00.0", 0x10de, 0x2204, 0x030000, 1, "nouveau", false },
        { "01:00.1", 0x10de, 0x1aef, 0x040300, 1, "snd_hda_intel", false },
        { "02:00.0", 0x10de, 0x2204, 0x030000, 2, "nouveau", false },
        { "02:00.1", 0x10de, 0x1aef, 0x040300, 2, "snd_hda_intel", false },
        { "04:00.0", 0x144d, 0xa80a, 0x010802, 4, "nvme", false },
        /* a card whose slot shares the NVMe controller's group */
        { "05:00.0", 0x10de, 0x1c82, 0x030000, 6, "nouveau", false },
        { "06:00.0", 0x144d, 0xa808, 0x010802, 6, "nvme", false },
        { 0 },
};

struct row {
        const char *name;
        const char *slots;    /* NULL: nothing selected */
        const char *modprobe; /* a modprobe.d file, or NULL */
        bool iommu_off;       /* no function has a group */
        const char *want;     /* "LEVEL code" per finding, "; " between */
        int level;            /* check_level() */
};

static struct row rows[] = {
        { "clean", "02:00.0", NULL, false, "", 0 },
        { "nothing selected, nothing wrong", NULL, NULL, false, "", 0 },
        { "takes the root NVMe", "04:00.0", NULL, false, "3 takes-host-device", 3 },
        { "takes the uplink by its ID", "id:8086:15bc", NULL, false, "3 takes-host-device", 3 },
        { "a card in the group of a second NVMe is refused", "05:00.0", NULL, false,
          "1 group-not-viable; 1 group-holds-host-device", 1 },
        { "a refused item is a warning", "09:00.0", NULL, false, "1 absent", 1 },
        { "an ID guard that does not match", "02:00.0@10de:2206", NULL, false, "1 id-guard-mismatch", 1 },
        { "the boot display by address", "00:02.0", NULL, false, "1 boot-display", 1 },
        { "ids= also takes the host's card", "02:00.0", "options vfio-pci ids=10de:2204,10de:1aef", false,
          "1 vfio-pci-ids; 1 vfio-pci-ids", 1 },
        { "ids= takes the root NVMe before nvme loads", "02:00.0", "options vfio-pci ids=144d:a80a", false,
          "3 ids-takes-host-device", 3 },
        { "ids= on the NVMe with nothing selected: vfio-pci is not loaded early", NULL,
          "options vfio-pci ids=144d:a80a", false, "1 vfio-pci-ids", 1 },
        { "a blacklisted disk driver", "02:00.0", "blacklist nvme", false, "1 blacklisted-driver; 1 blacklisted-driver",
          1 },
        { "a disabled network driver", NULL, "install e1000e /bin/false", false, "1 disabled-driver", 1 },
        { "blacklisting a GPU driver is no finding", "02:00.0", "blacklist nouveau", false, "", 0 },
        /* the boot after the IOMMU is turned on binds what it holds back now */
        { "IOMMU off: taking the root NVMe is still an error", "04:00.0", NULL, true,
          "1 no-iommu-group; 3 takes-host-device", 3 },
        { "IOMMU off: ids= on the NVMe with a selection", "02:00.0", "options vfio-pci ids=144d:a80a", true,
          "1 no-iommu-group; 3 ids-takes-host-device", 3 },
};

static void build(const struct row *r, struct model *m, struct host_facts *h) {
        *m = (struct model){ .iommu_off = r->iommu_off };
        *h = (struct host_facts){ 0 };
        for (const struct fn *d = desk; d->addr; d++) {
                struct pci_func f = { .vendor = d->vendor,
                                      .device = d->device,
                                      .class = d->class,
                                      .iommu_group = r->iommu_off ? -1 : d->group,
                                      .boot_vga = d->boot_vga };
                size_t pos = 0;
                uint32_t bus, dev, fn;
                assert_int_equal(hex_parse(d->addr, &pos, 2, &bus), 0);
                pos++;
                assert_int_equal(hex_parse(d->addr, &pos, 2, &dev), 0);
                pos++;
                assert_int_equal(hex_parse(d->addr, &pos, 1, &fn), 0);
                f.addr = (struct pci_addr){ .bus = (uint8_t)bus, .dev = (uint8_t)dev, .fn = (uint8_t)fn };
                snprintf(f.driver, sizeof(f.driver), "%s", d->driver);
                snprintf(f.module, sizeof(f.module), "%s", d->driver);
                assert_int_equal(model_add(m, &f), 0);
        }
        assert_int_equal(host_add_dev(h, &(struct pci_addr){ .bus = 4 }, HOST_USE_VITAL_MOUNT, "/", "nvme0n1p2"), 0);
        assert_int_equal(host_add_dev(h, &(struct pci_addr){ .bus = 6 }, HOST_USE_VITAL_MOUNT, "/boot", "nvme1n1p1"),
                         0);
        assert_int_equal(
                host_add_dev(h, &(struct pci_addr){ .dev = 0x1f, .fn = 6 }, HOST_USE_ROUTE, "default route", "eno1"),
                0);
        if (r->modprobe)
                assert_int_equal(modconf_parse(&h->mod, r->modprobe, "/etc/modprobe.d/test.conf"), 0);
}

static void test_row(void **state) {
        const struct row *r = *state;
        struct selection sel = { 0 };
        struct item_errors errs;
        struct model m;
        struct host_facts h;
        struct plan p = { 0 };
        struct findings f;
        char got[1024] = "";

        build(r, &m, &h);
        if (r->slots) {
                if (items_parse(r->slots, &sel.items, &errs) != 0)
                        fail_msg("%s: the test's slots \"%s\" do not parse", r->name, r->slots);
                assert_int_equal(plan_build(&sel.items, &m, &p), 0);
        }
        struct judged j = { .sel = &sel, .plan = r->slots ? &p : NULL };
        assert_int_equal(check_build(&j, r->slots ? 1 : 0, &m, &h, &f), 0);
        for (size_t i = 0; i < f.n; i++) {
                snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%d %s", i ? "; " : "", (int)f.v[i].level,
                         f.v[i].code);
                if (f.v[i].text[0] == '\0')
                        fail_msg("%s: finding %zu has no message", r->name, i);
        }
        CHECK_STR(r->name, "findings", got, r->want);
        CHECK_EQ(r->name, "level", check_level(&f), r->level);
        findings_free(&f);
        plan_free(&p);
        items_free(&sel.items);
        host_facts_free(&h);
        model_free(&m);
}

/* The messages name what the user must look at: the function, and what the host needs it for. */
static void test_messages(void **state) {
        struct row r = { .name = "messages", .slots = "04:00.0" };
        struct selection sel = { 0 };
        struct item_errors errs;
        struct model m;
        struct host_facts h;
        struct plan p;
        struct findings f;

        (void)state;
        build(&r, &m, &h);
        assert_int_equal(items_parse(r.slots, &sel.items, &errs), 0);
        assert_int_equal(plan_build(&sel.items, &m, &p), 0);
        assert_int_equal(check_build(&(struct judged){ .sel = &sel, .plan = &p }, 1, &m, &h, &f), 0);
        assert_int_equal(f.n, 1);
        assert_string_equal(f.v[0].text, "the selection would take 0000:04:00.0, which the host needs for / "
                                         "(nvme0n1p2); remove it from the list");
        findings_free(&f);
        plan_free(&p);
        items_free(&sel.items);
        host_facts_free(&h);
        model_free(&m);
}

/* One use of a function by the host, under both policies: check's finding and bind's refusal now. */
struct use_row {
        const char *name;
        enum host_use use;
        const char *where, *dev;
        const char *on;    /* the function used: "02:00.0" (selected) or "01:00.0" (not) */
        const char *check; /* "LEVEL code" of check's finding for it, "" for none */
        const char *bind;  /* bind's refusal (inuse_findings), "" for none */
};

static struct use_row use_rows[] = {
        { "/usr mounted now: check's error, refused there", HOST_USE_VITAL_MOUNT, "/usr", "sda1", "02:00.0",
          "3 takes-host-device", "" },
        { "a data mount: a warning, refused now", HOST_USE_MOUNT, "/home", "sda1", "02:00.0", "1 takes-device-in-use",
          "0000:02:00.0 is in use: /home is mounted from sda1; unmount it first" },
        { "swap: check's error", HOST_USE_SWAP, "swap", "sda2", "02:00.0", "3 takes-host-device", "" },
        { "a holder: a warning, refused now", HOST_USE_HOLDER, "md0", "sda1", "02:00.0", "1 takes-device-in-use",
          "0000:02:00.0 is in use: md0 holds sda1; stop it first" },
        { "a pool member: a warning, refused now", HOST_USE_POOL, "ZFS pool tank", "sda1", "02:00.0",
          "1 takes-device-in-use",
          "0000:02:00.0 is in use: sda1 is a member of the imported ZFS pool tank; export it first" },
        { "the uplink: check's error", HOST_USE_ROUTE, "default route", "eno2", "02:00.0", "3 takes-host-device", "" },
        { "fstab without nofail: an error, not in use now", HOST_USE_BOOT_WAITS, "/home in /etc/fstab", "sda1",
          "02:00.0", "3 takes-host-device", "" },
        { "fstab with nofail: a warning, not in use now", HOST_USE_NOFAIL, "/data in /etc/fstab", "sda1", "02:00.0",
          "1 takes-device-in-use", "" },
        { "an open node: refused now", HOST_USE_OPEN, "/dev/dri/card1 open by PID 812 (qemu)", "dri/card1", "02:00.0",
          "1 takes-device-in-use",
          "0000:02:00.0 is in use: /dev/dri/card1 open by PID 812 (qemu); stop that process first" },
        { "an interface up: refused now", HOST_USE_NET, "eth1 enslaved to bond0", "eth1", "02:00.0",
          "1 takes-device-in-use", "0000:02:00.0 is in use: eth1 enslaved to bond0; take it out of use first" },
        { "a mount on a function bind leaves alone", HOST_USE_MOUNT, "/home", "sda1", "01:00.0", "", "" },
};

static void test_use(void **state) {
        const struct use_row *r = *state;
        struct row base = { .name = r->name, .slots = "02:00.0" };
        struct selection sel = { 0 };
        struct item_errors errs;
        struct model m;
        struct host_facts h;
        struct plan p;
        struct findings f, now = { 0 };
        struct pci_addr on = { .bus = (uint8_t)(r->on[1] - '0') };
        char got[512] = "";

        build(&base, &m, &h);
        assert_int_equal(host_add_dev(&h, &on, r->use, r->where, r->dev), 0);
        assert_int_equal(items_parse(base.slots, &sel.items, &errs), 0);
        assert_int_equal(plan_build(&sel.items, &m, &p), 0);
        assert_int_equal(check_build(&(struct judged){ .sel = &sel, .plan = &p }, 1, &m, &h, &f), 0);
        for (size_t i = 0; i < f.n; i++)
                snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%d %s", got[0] ? "; " : "", (int)f.v[i].level,
                         f.v[i].code);
        CHECK_STR(r->name, "check", got, r->check);
        assert_int_equal(inuse_findings(&p, &m, &h, &now), 0);
        CHECK_STR(r->name, "bind", now.n ? now.v[0].text : "", r->bind);
        CHECK_EQ(r->name, "bind refusals", now.n, r->bind[0] ? 1U : 0U);
        findings_free(&f);
        findings_free(&now);
        plan_free(&p);
        items_free(&sel.items);
        host_facts_free(&h);
        model_free(&m);
}

int main(void) {
        struct suite s = { 0 };

        SUITE_TABLE(&s, "check", rows, test_row);
        suite_add(&s, "check", "messages", test_messages, NULL);
        SUITE_TABLE(&s, "host use", use_rows, test_use);
        return suite_run(&s, "check");
}
