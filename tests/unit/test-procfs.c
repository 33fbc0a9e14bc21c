/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host facts: the /proc lines they come from (mountinfo, swaps, the IPv4
 * and IPv6 route tables), and the list of devices the host needs.
 */
#include "unit.h"

#include <errno.h>

#include "core/hostfacts.h"
#include "core/procfs.h"

struct mount_row {
        const char *name;
        const char *line;
        bool ok;
        const char *majmin, *point, *fstype, *source;
};

static struct mount_row mount_rows[] = {
        { "ext4 root", "29 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro", true, "259:2",
          "/", "ext4", "/dev/nvme0n1p2" },
        { "no optional tags", "30 29 8:1 / /boot rw - vfat /dev/sda1 rw", true, "8:1", "/boot", "vfat", "/dev/sda1" },
        { "several tags", "31 29 0:26 / / rw shared:1 master:2 propagate_from:3 - zfs rpool/ROOT/pve-1 rw,xattr", true,
          "0:26", "/", "zfs", "rpool/ROOT/pve-1" },
        { "btrfs subvolume", "32 1 0:31 /@ / rw,noatime - btrfs /dev/mapper/root rw,subvol=/@", true, "0:31", "/",
          "btrfs", "/dev/mapper/root" },
        { "no separator: no type or source", "33 1 8:2 / /mnt rw shared:5", true, "8:2", "/mnt", "", "" },
        { "too few fields", "34 1 8:2 /", false, NULL, NULL, NULL, NULL },
        { "empty line", "", false, NULL, NULL, NULL, NULL },
};

static void test_mount(void **state) {
        const struct mount_row *r = *state;
        struct mount_entry m;

        CHECK_EQ(r->name, "parsed", procfs_mountinfo_line(r->line, &m), r->ok);
        if (!r->ok)
                return;
        CHECK_STR(r->name, "majmin", m.majmin, r->majmin);
        CHECK_STR(r->name, "point", m.point, r->point);
        CHECK_STR(r->name, "fstype", m.fstype, r->fstype);
        CHECK_STR(r->name, "source", m.source, r->source);
}

struct swap_row {
        const char *name;
        const char *line;
        bool ok;
        const char *file;
        bool partition;
};

static struct swap_row swap_rows[] = {
        { "header", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority", false, NULL, false },
        { "partition", "/dev/nvme0n1p3                          partition\t8388604\t\t0\t\t-2", true, "/dev/nvme0n1p3",
          true },
        { "swap file", "/swapfile                               file\t\t2097148\t\t0\t\t-3", true, "/swapfile", false },
        { "zram is a partition", "/dev/zram0 partition 4194300 0 100", true, "/dev/zram0", true },
        { "one field", "/swapfile", false, NULL, false },
        { "empty", "", false, NULL, false },
};

static void test_swap(void **state) {
        const struct swap_row *r = *state;
        struct swap_entry sw;

        CHECK_EQ(r->name, "parsed", procfs_swaps_line(r->line, &sw), r->ok);
        if (!r->ok)
                return;
        CHECK_STR(r->name, "file", sw.file, r->file);
        CHECK_EQ(r->name, "partition", sw.partition, r->partition);
}

struct route_row {
        const char *name;
        const char *line;
        bool ipv6;
        const char *iface; /* NULL: not a default route */
};

static struct route_row route_rows[] = {
        { "header", "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT", false,
          NULL },
        { "IPv4 default", "eno1\t00000000\t0102A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0", false, "eno1" },
        { "IPv4 subnet", "eno1\t0002A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0", false, NULL },
        { "IPv4 host route to 0.0.0.0 with a mask is no default", "wg0\t00000000\t00000000\t0001\t0\t0\t0\t00000080",
          false, NULL },
        { "IPv4 bridge default", "vmbr0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0", false, "vmbr0" },
        { "IPv4 short line", "eno1\t00000000\t0102A8C0", false, NULL },
        { "IPv6 default",
          "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
          "fe800000000000000000000000000001 00000400 00000001 00000000 00000003 enp5s0",
          true, "enp5s0" },
        { "IPv6 default on lo is the unreachable route",
          "00000000000000000000000000000000 00 "
          "00000000000000000000000000000000 00 "
          "00000000000000000000000000000000 ffffffff 00000001 "
          "00000000 00200200 lo",
          true, NULL },
        { "IPv6 prefix",
          "20010db8000000000000000000000000 40 00000000000000000000000000000000 00 "
          "00000000000000000000000000000000 00000100 00000001 00000000 00000001 enp5s0",
          true, NULL },
        { "IPv6 short line", "00000000000000000000000000000000 00", true, NULL },
};

static void test_route(void **state) {
        const struct route_row *r = *state;
        char iface[PROCFS_IFACE_MAX];
        bool found = r->ipv6 ? procfs_route6_default(r->line, iface) : procfs_route_default(r->line, iface);

        CHECK_EQ(r->name, "default route", found, r->iface != NULL);
        if (r->iface)
                CHECK_STR(r->name, "iface", iface, r->iface);
}

struct inet6_row {
        const char *name;
        const char *line;
        bool ok;
        const char *iface;
        unsigned scope;
        unsigned char last; /* the address's last byte */
};

static struct inet6_row inet6_rows[] = {
        { "global", "20010db8000000000000000000000007 03 40 00 80     eth1", true, "eth1", 0x00, 0x07 },
        { "link-local", "fe80000000000000021b21fffe3a4c5d 03 40 20 80     eth1", true, "eth1", 0x20, 0x5d },
        { "loopback", "00000000000000000000000000000001 01 80 10 80       lo", true, "lo", 0x10, 0x01 },
        { "address too short", "20010db8 03 40 00 80 eth1", false, NULL, 0, 0 },
        { "not hex", "2001zdb8000000000000000000000007 03 40 00 80 eth1", false, NULL, 0, 0 },
        { "no interface", "20010db8000000000000000000000007 03 40 00 80", false, NULL, 0, 0 },
        { "empty line", "", false, NULL, 0, 0 },
};

static void test_inet6(void **state) {
        const struct inet6_row *r = *state;
        struct inet6_entry e;

        CHECK_EQ(r->name, "parsed", procfs_if_inet6_line(r->line, &e), r->ok);
        if (!r->ok)
                return;
        CHECK_STR(r->name, "iface", e.iface, r->iface);
        CHECK_EQ(r->name, "scope", e.scope, r->scope);
        CHECK_EQ(r->name, "last byte", e.addr[15], r->last);
}

/* Every use of an address is kept, each once, as "WHERE (NAME)". */
static void test_host_devs(void **state) {
        struct host_facts h = { 0 };
        struct pci_addr nvme = { .bus = 4 }, nic = { .bus = 0, .dev = 0x1f, .fn = 6 };

        (void)state;
        assert_int_equal(host_add_dev(&h, &nvme, HOST_USE_VITAL_MOUNT, "/", "nvme0n1p2"), 0);
        assert_int_equal(host_add_dev(&h, &nic, HOST_USE_ROUTE, "default route", "eno1"), 0);
        assert_int_equal(host_add_dev(&h, &nvme, HOST_USE_SWAP, "swap", "nvme0n1p3"), 0);
        assert_int_equal(host_add_dev(&h, &nvme, HOST_USE_VITAL_MOUNT, "/", "nvme0n1p2"), 0);
        assert_int_equal(h.n_devs, 3);
        assert_string_equal(h.devs[0].what, "/ (nvme0n1p2)");
        assert_string_equal(h.devs[1].what, "default route (eno1)");
        assert_int_equal(h.devs[2].use, HOST_USE_SWAP);
        host_facts_free(&h);
        assert_int_equal(h.n_devs, 0);
}

int main(void) {
        struct suite s = { 0 };

        SUITE_TABLE(&s, "mountinfo", mount_rows, test_mount);
        SUITE_TABLE(&s, "swaps", swap_rows, test_swap);
        SUITE_TABLE(&s, "route", route_rows, test_route);
        SUITE_TABLE(&s, "if_inet6", inet6_rows, test_inet6);
        suite_add(&s, "host devices", "each use once", test_host_devs, NULL);
        return suite_run(&s, "host facts");
}
