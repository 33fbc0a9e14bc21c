/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plan_build() over in-memory machines, one scenario per selection rule.
 * A plan is compared as text so that each row reads like the decision:
 *   units: "ITEM VERDICT CHOSEN [+COMPANION(g|v)...] [outside A,B] [detail A]
 *           [missing A [hop DD.F]] [takes-boot-display] [boot-left N] [on-switch A,B]" joined by "; "
 *   bind:  the bound functions in order, space separated
 * (g) is a companion by shared IOMMU group, (v) by vendor; domain 0000 is left out.
 */
#include "unit.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "core/items.h"
#include "core/model.h"
#include "core/plan.h"
#include "plan-invariants.h"

/* ---- machines ---- */

#define HOST_BRIDGE 0x060000
#define ISA_BRIDGE 0x060100
#define PCI_BRIDGE 0x060400
#define VGA 0x030000
#define DISPLAY 0x038000
#define AUDIO 0x040300
#define USB 0x0c0330
#define SMBUS 0x0c0500
#define UCSI 0x0c8000
#define NIC 0x020000
#define CRYPTO 0x108000

#define BOOT 1u
#define VF 2u
#define UNREADABLE 4u

struct fn_spec {
        const char *addr;   /* "BB:DD.F" in domain 0, or "DDDD:BB:DD.F" */
        const char *parent; /* upstream bridge, NULL for none */
        uint16_t vendor, device;
        uint32_t class;
        int group; /* -1: none */
        unsigned flags;
};

/* Two identical NVIDIA cards, the second one the boot display; a PCH group without ACS. */
static const struct fn_spec desk[] = {
        { "00:00.0", NULL, 0x8086, 0x4660, HOST_BRIDGE, 0, 0 }, { "00:01.0", NULL, 0x8086, 0x460d, PCI_BRIDGE, 1, 0 },
        { "00:01.1", NULL, 0x8086, 0x462d, PCI_BRIDGE, 2, 0 },  { "00:14.0", NULL, 0x8086, 0x7ae0, USB, 3, 0 },
        { "00:1c.0", NULL, 0x8086, 0x7ab8, PCI_BRIDGE, 6, 0 },  { "00:1c.2", NULL, 0x8086, 0x7aba, PCI_BRIDGE, 6, 0 },
        { "00:1f.0", NULL, 0x8086, 0x7a84, ISA_BRIDGE, 4, 0 },  { "00:1f.3", NULL, 0x8086, 0x7ad0, AUDIO, 4, 0 },
        { "00:1f.4", NULL, 0x8086, 0x7aa3, SMBUS, 4, 0 },       { "01:00.0", "00:01.0", 0x10de, 0x2204, VGA, 1, 0 },
        { "01:00.1", "00:01.0", 0x10de, 0x1aef, AUDIO, 1, 0 },  { "02:00.0", "00:01.1", 0x10de, 0x2204, VGA, 2, BOOT },
        { "02:00.1", "00:01.1", 0x10de, 0x1aef, AUDIO, 2, 0 },  { "03:00.0", "00:1c.0", 0x8086, 0x125c, NIC, 6, 0 },
        { "04:00.0", "00:1c.2", 0x1b21, 0x3242, USB, 6, 0 },    { 0 },
};

/* An AMD card behind its own switch, VGA and audio in separate groups; an APU as boot display. */
static const struct fn_spec amd[] = {
        { "00:00.0", NULL, 0x1022, 0x14d8, HOST_BRIDGE, 0, 0 },
        { "00:01.1", NULL, 0x1022, 0x14db, PCI_BRIDGE, 1, 0 },
        { "00:08.1", NULL, 0x1022, 0x14dd, PCI_BRIDGE, 2, 0 },
        { "0a:00.0", "00:01.1", 0x1002, 0x1478, PCI_BRIDGE, 10, 0 },
        { "0b:00.0", "0a:00.0", 0x1002, 0x1479, PCI_BRIDGE, 11, 0 },
        { "0c:00.0", "0b:00.0", 0x1002, 0x73bf, VGA, 12, 0 },
        { "0c:00.1", "0b:00.0", 0x1002, 0xab28, AUDIO, 13, 0 },
        { "10:00.0", "00:08.1", 0x1002, 0x164e, VGA, 20, BOOT },
        { "10:00.1", "00:08.1", 0x1002, 0x1640, AUDIO, 21, 0 },
        { "10:00.2", "00:08.1", 0x1022, 0x1649, CRYPTO, 22, 0 },
        { "10:00.3", "00:08.1", 0x1022, 0x15b6, USB, 23, 0 },
        { "10:00.6", "00:08.1", 0x1022, 0x15e3, AUDIO, 24, 0 },
        { 0 },
};

/* An integrated GPU with SR-IOV: the PF is the boot display, each VF in its own group. */
static const struct fn_spec sriov[] = {
        { "00:00.0", NULL, 0x8086, 0xa700, HOST_BRIDGE, 0, 0 }, { "00:02.0", NULL, 0x8086, 0xa780, VGA, 1, BOOT },
        { "00:02.1", NULL, 0x8086, 0xa780, VGA, 11, VF },       { "00:02.2", NULL, 0x8086, 0xa780, VGA, 12, VF },
        { "00:1f.3", NULL, 0x8086, 0x7ad0, AUDIO, 5, 0 },       { 0 },
};

/* The IOMMU is off: nothing has a group. */
static const struct fn_spec no_iommu[] = {
        { "00:01.0", NULL, 0x8086, 0x1901, PCI_BRIDGE, -1, 0 },
        { "01:00.0", "00:01.0", 0x10de, 0x1c82, VGA, -1, 0 },
        { "01:00.1", "00:01.0", 0x10de, 0x0fb9, AUDIO, -1, 0 },
        { "02:00.0", NULL, 0x1002, 0x67df, VGA, -1, BOOT },
        { 0 },
};

/* One function of the card without a group. */
static const struct fn_spec half_iommu[] = {
        { "01:00.0", NULL, 0x10de, 0x1c82, VGA, 1, 0 },
        { "01:00.1", NULL, 0x10de, 0x0fb9, AUDIO, -1, 0 },
        { 0 },
};

/*
 * Two cards share group 7; the AMD card's audio shares group 8 with a NIC.
 * Refusing the AMD card leaves the NVIDIA card's group short.
 */
static const struct fn_spec shared[] = {
        { "00:01.0", NULL, 0x8086, 0x1901, PCI_BRIDGE, 7, 0 }, { "01:00.0", "00:01.0", 0x1002, 0x73bf, VGA, 7, 0 },
        { "01:00.1", "00:01.0", 0x1002, 0xab28, AUDIO, 8, 0 }, { "02:00.0", "00:01.0", 0x10de, 0x1c82, VGA, 7, 0 },
        { "02:00.1", "00:01.0", 0x10de, 0x0fb9, AUDIO, 7, 0 }, { "03:00.0", NULL, 0x8086, 0x1533, NIC, 8, 0 },
        { "05:00.0", NULL, 0x1b36, 0x0100, VGA, 9, BOOT },     { 0 },
};

/* Functions whose attributes could not be read (the sysfs loader keeps only address and group). */
static const struct fn_spec unreadable[] = {
        { "01:00.0", NULL, 0x10de, 0x2204, VGA, 1, 0 },
        { "01:00.1", NULL, 0, 0, 0, 1, UNREADABLE },
        { "02:00.0", NULL, 0x10de, 0x2204, VGA, 2, 0 },
        { "03:00.0", NULL, 0, 0, 0, 2, UNREADABLE },
        { "04:00.0", NULL, 0, 0, 0, -1, UNREADABLE },
        { "05:00.0", NULL, 0x1002, 0x67df, VGA, 5, BOOT },
        { 0 },
};

/*
 * A Turing card with USB-C and UCSI functions (and, contrived, a bridge function);
 * a boot card with a second display function; a non-boot card with two.
 */
static const struct fn_spec turing[] = {
        { "01:00.0", NULL, 0x10de, 0x1e84, VGA, 1, 0 },        { "01:00.1", NULL, 0x10de, 0x10f8, AUDIO, 1, 0 },
        { "01:00.2", NULL, 0x10de, 0x1ad8, USB, 1, 0 },        { "01:00.3", NULL, 0x10de, 0x1ad9, UCSI, 1, 0 },
        { "01:00.4", NULL, 0x10de, 0x1ada, PCI_BRIDGE, 1, 0 }, { "02:00.0", NULL, 0x1234, 0x1111, VGA, 2, BOOT },
        { "02:00.1", NULL, 0x1234, 0x1112, DISPLAY, 2, 0 },    { "03:00.0", NULL, 0x1002, 0x6798, VGA, 3, 0 },
        { "03:00.1", NULL, 0x1002, 0x679a, DISPLAY, 3, 0 },    { 0 },
};

/*
 * A device whose functions are companions of each other asymmetrically:
 * 10:00.2 (other vendor) shares the VGA's group, the audio only shares its vendor.
 */
static const struct fn_spec mixed[] = {
        { "00:08.1", NULL, 0x1022, 0x14dd, PCI_BRIDGE, 2, 0 },  { "10:00.0", "00:08.1", 0x1002, 0x1681, VGA, 30, 0 },
        { "10:00.1", "00:08.1", 0x1002, 0x1640, AUDIO, 31, 0 }, { "10:00.2", "00:08.1", 0x1022, 0x1649, CRYPTO, 30, 0 },
        { "20:00.0", NULL, 0x10de, 0x1c82, VGA, 40, BOOT },     { 0 },
};

/*
 * A dual-port I350 on a PCH root port, each port in its own group (ACS), the
 * first with its root port; a dual-port X710 whose ports share a group.
 */
static const struct fn_spec nic[] = {
        { "00:1c.0", NULL, 0x8086, 0xa338, PCI_BRIDGE, 6, 0 },
        { "05:00.0", "00:1c.0", 0x8086, 0x1521, NIC, 6, 0 },
        { "05:00.1", "00:1c.0", 0x8086, 0x1521, NIC, 7, 0 },
        { "00:1c.4", NULL, 0x8086, 0xa33c, PCI_BRIDGE, 8, 0 },
        { "06:00.0", "00:1c.4", 0x8086, 0x1572, NIC, 9, 0 },
        { "06:00.1", "00:1c.4", 0x8086, 0x1572, NIC, 9, 0 },
        { 0 },
};

/*
 * An Intel Arc A770 behind its own switch (upstream port 8086:4fa1, downstream
 * ports 8086:4fa4 with ACS): the GPU behind one port, its HDMI audio behind
 * another; the iGPU as boot display; a workstation's PLX switch (10b5) with
 * two unrelated GTX 1050 Ti cards.
 */
static const struct fn_spec arc[] = {
        { "00:00.0", NULL, 0x8086, 0xa700, HOST_BRIDGE, 0, 0 },
        { "00:01.0", NULL, 0x8086, 0xa70d, PCI_BRIDGE, 1, 0 },
        { "00:02.0", NULL, 0x8086, 0xa780, VGA, 13, BOOT },
        { "01:00.0", "00:01.0", 0x8086, 0x4fa1, PCI_BRIDGE, 2, 0 },
        { "02:01.0", "01:00.0", 0x8086, 0x4fa4, PCI_BRIDGE, 3, 0 },
        { "02:04.0", "01:00.0", 0x8086, 0x4fa4, PCI_BRIDGE, 4, 0 },
        { "03:00.0", "02:01.0", 0x8086, 0x56a0, VGA, 5, 0 },
        { "04:00.0", "02:04.0", 0x8086, 0x4f90, AUDIO, 6, 0 },
        { "00:1c.0", NULL, 0x8086, 0x7ab8, PCI_BRIDGE, 7, 0 },
        { "05:00.0", "00:1c.0", 0x10b5, 0x8747, PCI_BRIDGE, 8, 0 },
        { "06:08.0", "05:00.0", 0x10b5, 0x8747, PCI_BRIDGE, 9, 0 },
        { "06:10.0", "05:00.0", 0x10b5, 0x8747, PCI_BRIDGE, 10, 0 },
        { "07:00.0", "06:08.0", 0x10de, 0x1c82, VGA, 11, 0 },
        { "07:00.1", "06:08.0", 0x10de, 0x0fb9, AUDIO, 11, 0 },
        { "08:00.0", "06:10.0", 0x10de, 0x1c82, VGA, 12, 0 },
        { "08:00.1", "06:10.0", 0x10de, 0x0fb9, AUDIO, 12, 0 },
        { 0 },
};

/* The same Arc card in a slot whose root port has no ACS: switch, GPU and audio in one group. */
static const struct fn_spec arc_one_group[] = {
        { "00:01.0", NULL, 0x8086, 0xa70d, PCI_BRIDGE, 1, 0 },
        { "01:00.0", "00:01.0", 0x8086, 0x4fa1, PCI_BRIDGE, 1, 0 },
        { "02:01.0", "01:00.0", 0x8086, 0x4fa4, PCI_BRIDGE, 1, 0 },
        { "02:04.0", "01:00.0", 0x8086, 0x4fa4, PCI_BRIDGE, 1, 0 },
        { "03:00.0", "02:01.0", 0x8086, 0x56a0, VGA, 1, 0 },
        { "04:00.0", "02:04.0", 0x8086, 0x4f90, AUDIO, 1, 0 },
        { 0 },
};

/*
 * A board whose two slots hang off NVIDIA's NF200 switch (10de:05b1), two
 * identical GTX 580 cards (GPU and audio) behind two of its downstream ports:
 * the switch carries the cards' vendor ID and is neither card's own.
 */
static const struct fn_spec nf200[] = {
        { "00:00.0", NULL, 0x8086, 0x3405, HOST_BRIDGE, 0, 0 },
        { "00:03.0", NULL, 0x8086, 0x340a, PCI_BRIDGE, 1, 0 },
        { "01:00.0", "00:03.0", 0x10de, 0x05b1, PCI_BRIDGE, 2, 0 },
        { "02:00.0", "01:00.0", 0x10de, 0x05b1, PCI_BRIDGE, 3, 0 },
        { "02:02.0", "01:00.0", 0x10de, 0x05b1, PCI_BRIDGE, 4, 0 },
        { "03:00.0", "02:00.0", 0x10de, 0x1080, VGA, 5, BOOT },
        { "03:00.1", "02:00.0", 0x10de, 0x0e09, AUDIO, 5, 0 },
        { "04:00.0", "02:02.0", 0x10de, 0x1080, VGA, 6, 0 },
        { "04:00.1", "02:02.0", 0x10de, 0x0e09, AUDIO, 6, 0 },
        { 0 },
};

/*
 * Two Thunderbolt enclosures (switch 8086:15e7, USB controller 8086:15ec
 * behind another of its ports): in the first an Intel DG1 without a switch of
 * its own, in the second an Arc A770 on its own switch.
 */
static const struct fn_spec egpu[] = {
        { "00:02.0", NULL, 0x8086, 0x9a49, VGA, 0, BOOT },
        { "00:07.0", NULL, 0x8086, 0x9a23, PCI_BRIDGE, 1, 0 },
        { "00:07.1", NULL, 0x8086, 0x9a25, PCI_BRIDGE, 2, 0 },
        { "2c:00.0", "00:07.0", 0x8086, 0x15e7, PCI_BRIDGE, 3, 0 },
        { "2d:01.0", "2c:00.0", 0x8086, 0x15e7, PCI_BRIDGE, 4, 0 },
        { "2d:02.0", "2c:00.0", 0x8086, 0x15e7, PCI_BRIDGE, 5, 0 },
        { "2e:00.0", "2d:01.0", 0x8086, 0x4908, VGA, 6, 0 },
        { "2f:00.0", "2d:02.0", 0x8086, 0x15ec, USB, 7, 0 },
        { "50:00.0", "00:07.1", 0x8086, 0x15e7, PCI_BRIDGE, 8, 0 },
        { "51:01.0", "50:00.0", 0x8086, 0x15e7, PCI_BRIDGE, 9, 0 },
        { "51:02.0", "50:00.0", 0x8086, 0x15e7, PCI_BRIDGE, 10, 0 },
        { "52:00.0", "51:01.0", 0x8086, 0x4fa1, PCI_BRIDGE, 11, 0 },
        { "53:01.0", "52:00.0", 0x8086, 0x4fa4, PCI_BRIDGE, 12, 0 },
        { "53:04.0", "52:00.0", 0x8086, 0x4fa4, PCI_BRIDGE, 13, 0 },
        { "54:00.0", "53:01.0", 0x8086, 0x56a0, VGA, 14, 0 },
        { "55:00.0", "53:04.0", 0x8086, 0x4f90, AUDIO, 15, 0 },
        { "56:00.0", "51:02.0", 0x8086, 0x15ec, USB, 16, 0 },
        { 0 },
};

/* ---- scenarios ---- */

struct scenario {
        const char *name;
        const struct fn_spec *machine;
        const char *slots;
        const char *units;
        const char *bind;
};

static struct scenario scenarios[] = {
        /* rule 3: companions */
        { "GPU and audio in one group", desk, "01:00.0", "1 bind 01:00.0 +01:00.1(g)", "01:00.0 01:00.1" },
        { "audio named alone: its card in the group refuses it", desk, "01:00.1",
          "1 group-shared 01:00.1 outside 01:00.0", "" },
        { "BUS:DEV form means function 0", desk, "01:00", "1 bind 01:00.0 +01:00.1(g)", "01:00.0 01:00.1" },
        { "AMD card: audio in another group comes by vendor", amd, "0c:00.0", "1 bind 0c:00.0 +0c:00.1(v)",
          "0c:00.0 0c:00.1" },
        { "AMD card's audio named alone, in a group of its own", amd, "0c:00.1", "1 bind 0c:00.1", "0c:00.1" },
        { "APU: other-vendor functions in own groups stay", amd, "10:00.0",
          "1 bind 10:00.0 +10:00.1(v) takes-boot-display", "10:00.0 10:00.1" },
        { "APU SoC function named alone", amd, "10:00.3", "1 bind 10:00.3", "10:00.3" },
        { "USB-C and UCSI functions come along", turing, "01:00.0",
          "1 bind 01:00.0 +01:00.1(g) +01:00.2(g) +01:00.3(g)", "01:00.0 01:00.1 01:00.2 01:00.3" },
        { "VF has no companions", sriov, "00:02.1", "1 bind 00:02.1", "00:02.1" },
        { "VFs are not companions of the PF", sriov, "00:02.0", "1 bind 00:02.0 takes-boot-display", "00:02.0" },
        { "selector takes each VF alone", sriov, "gpus", "1 bind 00:02.1 boot-left 1; 1 bind 00:02.2",
          "00:02.1 00:02.2" },
        { "id: of PF and VFs takes the VFs only", sriov, "id:8086:a780", "1 bind 00:02.1 boot-left 1; 1 bind 00:02.2",
          "00:02.1 00:02.2" },
        { "companions do not depend on item order (selector first)", mixed, "gpus,10:00.2",
          "1 bind 10:00.0 +10:00.1(v) +10:00.2(g) boot-left 1; 2 bind 10:00.2", "10:00.0 10:00.1 10:00.2" },
        { "companions do not depend on item order (selector last)", mixed, "10:00.2,gpus",
          "1 bind 10:00.2; 2 bind 10:00.0 +10:00.1(v) +10:00.2(g) boot-left 1", "10:00.0 10:00.1 10:00.2" },
        { "a function sharing the display's group, named alone", mixed, "10:00.2",
          "1 group-shared 10:00.2 outside 10:00.0", "" },
        { "one NIC port, the other kept", nic, "05:00.1", "1 bind 05:00.1", "05:00.1" },
        { "the other NIC port, beside its root port", nic, "05:00.0", "1 bind 05:00.0", "05:00.0" },
        { "both NIC ports", nic, "05:00.0,05:00.1", "1 bind 05:00.0; 2 bind 05:00.1", "05:00.0 05:00.1" },
        { "id: of the NIC takes each port alone", nic, "id:8086:1521", "1 bind 05:00.0; 1 bind 05:00.1",
          "05:00.0 05:00.1" },
        { "NIC ports sharing a group: one alone is refused", nic, "06:00.1", "1 group-shared 06:00.1 outside 06:00.0",
          "" },
        { "NIC ports sharing a group: both named", nic, "06:00.1,06:00.0", "1 bind 06:00.1; 2 bind 06:00.0",
          "06:00.0 06:00.1" },

        /* the card's own switch: named, never taken along */
        { "Arc: the audio on the card's switch is named, not taken", arc, "03:00.0", "1 bind 03:00.0 on-switch 04:00.0",
          "03:00.0" },
        { "Arc by path", arc, "00:01.0/00.0/01.0/00.0@8086:56a0", "1 bind 03:00.0 on-switch 04:00.0", "03:00.0" },
        { "Arc with its audio named", arc, "03:00.0,04:00.0", "1 bind 03:00.0; 2 bind 04:00.0", "03:00.0 04:00.0" },
        { "Arc's audio named alone", arc, "04:00.0", "1 bind 04:00.0", "04:00.0" },
        { "Arc by gpus", arc, "gpus",
          "1 bind 03:00.0 boot-left 1 on-switch 04:00.0; 1 bind 07:00.0 +07:00.1(g); 1 bind 08:00.0 +08:00.1(g)",
          "03:00.0 07:00.0 07:00.1 08:00.0 08:00.1" },
        { "a workstation's switch brings no other card", arc, "07:00.0", "1 bind 07:00.0 +07:00.1(g)",
          "07:00.0 07:00.1" },
        { "Arc in one group: refused for the audio, nothing more to say", arc_one_group, "03:00.0",
          "1 group-shared 03:00.0 outside 04:00.0", "" },
        { "Arc in one group with its audio", arc_one_group, "03:00.0,04:00.0", "1 bind 03:00.0; 2 bind 04:00.0",
          "03:00.0 04:00.0" },

        { "NF200: the other slot's card is not on this card's switch", nf200, "04:00.0", "1 bind 04:00.0 +04:00.1(g)",
          "04:00.0 04:00.1" },
        { "NF200: nor for the boot display", nf200, "03:00.0", "1 bind 03:00.0 +03:00.1(g) takes-boot-display",
          "03:00.0 03:00.1" },
        { "NF200 by gpus", nf200, "gpus", "1 bind 04:00.0 +04:00.1(g) boot-left 1", "04:00.0 04:00.1" },
        { "a card without a switch: the enclosure's USB is not its own", egpu, "2e:00.0", "1 bind 2e:00.0", "2e:00.0" },
        { "an Arc in an enclosure: its own switch, not the enclosure's", egpu, "54:00.0",
          "1 bind 54:00.0 on-switch 55:00.0", "54:00.0" },
        { "enclosures by gpus", egpu, "gpus", "1 bind 2e:00.0 boot-left 1; 1 bind 54:00.0 on-switch 55:00.0",
          "2e:00.0 54:00.0" },

        /* rule 4: bridges */
        { "named root port", desk, "00:01.0", "1 bridge 00:01.0", "" },
        { "named host bridge", desk, "00:00.0", "1 bridge 00:00.0", "" },
        { "named ISA bridge", desk, "00:1f.0", "1 bridge 00:1f.0", "" },
        { "path ending at a switch port", amd, "00:01.1/00.0", "1 bridge 0a:00.0", "" },
        { "bridge function of a card is no outsider", turing, "01:00.1",
          "1 group-shared 01:00.1 outside 01:00.0,01:00.2,01:00.3", "" },
        { "id: of a bridge matches nothing", desk, "id:8086:460d", "1 no-match", "" },
        { "bridge in the group does not block", desk, "02:00.0", "1 bind 02:00.0 +02:00.1(g) takes-boot-display",
          "02:00.0 02:00.1" },

        /* rule 5: whole items refused */
        { "group holds an outside NIC", desk, "03:00.0", "1 group-shared 03:00.0 outside 04:00.0", "" },
        { "group covered by two named items", desk, "03:00.0,04:00.0", "1 bind 03:00.0; 2 bind 04:00.0",
          "03:00.0 04:00.0" },
        { "refusal keeps the other items", desk, "03:00.0,01:00.0",
          "1 group-shared 03:00.0 outside 04:00.0; 2 bind 01:00.0 +01:00.1(g)", "01:00.0 01:00.1" },
        { "path to a refused function", desk, "00:1c.0/00.0", "1 group-shared 03:00.0 outside 04:00.0", "" },
        { "companion's group counts too", shared, "01:00.0",
          "1 group-shared 01:00.0 +01:00.1(v) outside 02:00.0,02:00.1,03:00.0", "" },
        { "card sharing a group with another card", shared, "02:00.0",
          "1 group-shared 02:00.0 +02:00.1(g) outside 01:00.0", "" },
        { "refusal cascades", shared, "01:00.0,02:00.0",
          "1 group-shared 01:00.0 +01:00.1(v) outside 03:00.0; 2 group-shared 02:00.0 +02:00.1(g) outside 01:00.0",
          "" },
        { "refusal cascades backwards", shared, "02:00.0,01:00.0",
          "1 group-shared 02:00.0 +02:00.1(g) outside 01:00.0; 2 group-shared 01:00.0 +01:00.1(v) outside 03:00.0",
          "" },
        { "refusal cascades within a selector", shared, "gpus",
          "1 group-shared 01:00.0 +01:00.1(v) outside 03:00.0 boot-left 1; "
          "1 group-shared 02:00.0 +02:00.1(g) outside 01:00.0",
          "" },
        { "every shared group covered", shared, "01:00.0,02:00.0,03:00.0",
          "1 bind 01:00.0 +01:00.1(v); 2 bind 02:00.0 +02:00.1(g); 3 bind 03:00.0",
          "01:00.0 01:00.1 02:00.0 02:00.1 03:00.0" },
        { "selector plus the NIC", shared, "gpus,03:00.0",
          "1 bind 01:00.0 +01:00.1(v) boot-left 1; 1 bind 02:00.0 +02:00.1(g); 2 bind 03:00.0",
          "01:00.0 01:00.1 02:00.0 02:00.1 03:00.0" },
        { "IOMMU off", no_iommu, "01:00.0", "1 no-iommu 01:00.0 +01:00.1(v) detail 01:00.0", "" },
        { "IOMMU off, selector", no_iommu, "gpus", "1 no-iommu 01:00.0 +01:00.1(v) detail 01:00.0 boot-left 1", "" },
        { "IOMMU off, bridge still a bridge", no_iommu, "00:01.0", "1 bridge 00:01.0", "" },
        { "companion without a group", half_iommu, "01:00.0", "1 no-iommu 01:00.0 +01:00.1(v) detail 01:00.1", "" },
        { "unreadable companion", unreadable, "01:00.0", "1 unreadable 01:00.0 detail 01:00.1", "" },
        { "unreadable function named", unreadable, "01:00.1", "1 unreadable 01:00.1 detail 01:00.1", "" },
        { "unreadable function without a group named", unreadable, "04:00.0", "1 unreadable 04:00.0 detail 04:00.0",
          "" },
        { "unreadable before the ID guard", unreadable, "04:00.0@10de:2204", "1 unreadable 04:00.0 detail 04:00.0",
          "" },
        { "unreadable function in the group", unreadable, "02:00.0", "1 group-shared 02:00.0 outside 03:00.0", "" },
        { "selector over unreadable functions", unreadable, "gpus",
          "1 unreadable 01:00.0 detail 01:00.1 boot-left 1; 1 group-shared 02:00.0 outside 03:00.0", "" },
        { "id: never matches unreadable functions", unreadable, "id:0000:0000", "1 no-match", "" },

        /* rule 6: selectors and the boot display */
        { "gpus passes over the boot display", desk, "gpus", "1 bind 01:00.0 +01:00.1(g) boot-left 1",
          "01:00.0 01:00.1" },
        { "id: of two identical cards takes the non-boot one", desk, "id:10de:2204",
          "1 bind 01:00.0 +01:00.1(g) boot-left 1", "01:00.0 01:00.1" },
        { "id: of the audio takes no card along", desk, "id:10de:1aef",
          "1 group-shared 01:00.1 outside 01:00.0; 1 group-shared 02:00.1 outside 02:00.0", "" },
        { "id: of the audio with both cards named", desk, "id:10de:1aef,00:01.0/00.0",
          "1 bind 01:00.1; 1 group-shared 02:00.1 outside 02:00.0; 2 bind 01:00.0 +01:00.1(g)", "01:00.0 01:00.1" },
        { "gpus refuses a display function beside the boot display", turing, "gpus",
          "1 bind 01:00.0 +01:00.1(g) +01:00.2(g) +01:00.3(g) boot-left 1; "
          "1 boot-display 02:00.1 +02:00.0(g) detail 02:00.0; 1 bind 03:00.0 +03:00.1(g)",
          "01:00.0 01:00.1 01:00.2 01:00.3 03:00.0 03:00.1" },
        { "gpus over the APU and a card", amd, "gpus", "1 bind 0c:00.0 +0c:00.1(v) boot-left 1", "0c:00.0 0c:00.1" },
        { "id: matching only the boot display", no_iommu, "id:1002:67df", "1 no-match boot-left 1", "" },
        { "explicit boot display", desk, "02:00.0", "1 bind 02:00.0 +02:00.1(g) takes-boot-display",
          "02:00.0 02:00.1" },
        { "explicit boot display by path", desk, "00:01.1/00.0", "1 bind 02:00.0 +02:00.1(g) takes-boot-display",
          "02:00.0 02:00.1" },

        /* rule 2: absent addresses and ID guards */
        { "ID guard matches", desk, "01:00.0@10de:2204", "1 bind 01:00.0 +01:00.1(g)", "01:00.0 01:00.1" },
        { "ID guard mismatch", desk, "01:00.0@10de:2206", "1 guard 01:00.0", "" },
        { "ID guard checks the device ID too", desk, "01:00.0@10de:1aef", "1 guard 01:00.0", "" },
        { "ID guard mismatch skips only its item", desk, "01:00.0@1002:73bf,02:00.0",
          "1 guard 01:00.0; 2 bind 02:00.0 +02:00.1(g) takes-boot-display", "02:00.0 02:00.1" },
        { "ID guard on a path", amd, "00:01.1/00.0/00.0/00.0@1002:73bf", "1 bind 0c:00.0 +0c:00.1(v)",
          "0c:00.0 0c:00.1" },
        { "ID guard on a path mismatch", amd, "00:01.1/00.0/00.0/00.0@1002:73ff", "1 guard 0c:00.0", "" },
        { "absent address", desk, "05:00.0", "1 absent missing 05:00.0", "" },
        { "absent function of a present device", desk, "01:00.2", "1 absent missing 01:00.2", "" },
        { "absent domain", desk, "0001:01:00.0", "1 absent missing 0001:01:00.0", "" },
        { "absent address skips only its item", desk, "09:00.0,01:00.0",
          "1 absent missing 09:00.0; 2 bind 01:00.0 +01:00.1(g)", "01:00.0 01:00.1" },
        { "id: matching nothing", desk, "id:dead:beef", "1 no-match", "" },

        /* paths */
        { "path, one hop", desk, "00:01.0/00.0", "1 bind 01:00.0 +01:00.1(g)", "01:00.0 01:00.1" },
        { "path to the audio function", desk, "00:01.0/00.1", "1 group-shared 01:00.1 outside 01:00.0", "" },
        { "path through a switch", amd, "00:01.1/00.0/00.0/00.0", "1 bind 0c:00.0 +0c:00.1(v)", "0c:00.0 0c:00.1" },
        { "path with domain", amd, "0000:00:01.1/00.0/00.0/00.1", "1 bind 0c:00.1", "0c:00.1" },
        { "path root absent", desk, "00:05.0/00.0", "1 absent missing 00:05.0", "" },
        { "path hop absent", desk, "00:01.0/01.0", "1 absent missing 00:01.0 hop 01.0", "" },
        { "path hop absent mid-way", amd, "00:01.1/00.0/01.0/00.0", "1 absent missing 0a:00.0 hop 01.0", "" },
        { "path hop past the end", amd, "00:01.1/00.0/00.0/00.0/00.0", "1 absent missing 0c:00.0 hop 00.0", "" },

        /* duplicates and order */
        { "gpus then the same card", desk, "gpus,01:00.0",
          "1 bind 01:00.0 +01:00.1(g) boot-left 1; 2 bind 01:00.0 +01:00.1(g)", "01:00.0 01:00.1" },
        { "the card then gpus", desk, "01:00.0,gpus", "1 bind 01:00.0 +01:00.1(g)", "01:00.0 01:00.1" },
        { "the same selector twice", desk, "id:10de:2204,id:10de:2204", "1 bind 01:00.0 +01:00.1(g) boot-left 1",
          "01:00.0 01:00.1" },
        { "bind list sorted and unique", desk, "02:00.0,01:00.1,01:00.0,gpus,00:01.0/00.0",
          "1 bind 02:00.0 +02:00.1(g) takes-boot-display; 2 bind 01:00.1; 3 bind 01:00.0 +01:00.1(g); "
          "5 bind 01:00.0 +01:00.1(g)",
          "01:00.0 01:00.1 02:00.0 02:00.1" },
};

/* ---- building and describing ---- */

static struct pci_addr addr_of(const char *s) {
        char full[PCI_ADDR_STRLEN + 8];
        struct pci_addr a;

        snprintf(full, sizeof(full), "%s%s", strlen(s) == 7 ? "0000:" : "", s);
        if (pci_addr_from_sysfs(full, &a) < 0)
                fail_msg("bad address in a machine table: %s", s);
        return a;
}

static void build_model(const struct fn_spec *spec, struct model *m) {
        *m = (struct model){ 0 };
        for (; spec->addr; spec++) {
                struct pci_func f = {
                        .addr = addr_of(spec->addr),
                        .vendor = spec->vendor,
                        .device = spec->device,
                        .class = spec->class,
                        .iommu_group = spec->group,
                        .boot_vga = spec->flags & BOOT,
                        .is_vf = spec->flags & VF,
                        .unreadable = spec->flags & UNREADABLE,
                };
                if (spec->parent) {
                        f.parent = addr_of(spec->parent);
                        f.has_parent = true;
                }
                if (model_add(m, &f) != 0)
                        fail_msg("model_add(%s) failed", spec->addr);
        }
}

/* The address as in the tables: without the domain when it is 0000. */
static const char *short_addr(const struct pci_addr *a, char buf[PCI_ADDR_STRLEN]) {
        pci_addr_format(a, buf);
        return a->domain == 0 ? buf + 5 : buf;
}

static const char *const verdict_names[] = {
        [VERDICT_BIND] = "bind",
        [VERDICT_ABSENT] = "absent",
        [VERDICT_GUARD] = "guard",
        [VERDICT_BRIDGE] = "bridge",
        [VERDICT_UNREADABLE] = "unreadable",
        [VERDICT_NO_IOMMU] = "no-iommu",
        [VERDICT_GROUP_SHARED] = "group-shared",
        [VERDICT_BOOT_DISPLAY] = "boot-display",
        [VERDICT_NO_MATCH] = "no-match",
};

struct text {
        char buf[2048];
        size_t len;
};

__attribute__((format(printf, 2, 3))) static void add(struct text *t, const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        int n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
        va_end(ap);
        if (n < 0 || (size_t)n >= sizeof(t->buf) - t->len)
                fail_msg("plan description too long");
        t->len += (size_t)n;
}

static void describe_units(const struct plan *p, const struct model *m, struct text *t) {
        char a[PCI_ADDR_STRLEN];

        for (size_t k = 0; k < p->n_units; k++) {
                const struct plan_unit *u = &p->units[k];

                add(t, "%s%zu %s", k ? "; " : "", u->item + 1, verdict_names[u->verdict]);
                if (u->chosen >= 0)
                        add(t, " %s", short_addr(&m->v[u->chosen].addr, a));
                if (u->n_funcs > 0 && (u->funcs[0].func != (size_t)u->chosen || u->funcs[0].role != ROLE_CHOSEN))
                        fail_msg("unit %zu: funcs[0] is not the chosen function", k + 1);
                for (size_t f = 1; f < u->n_funcs; f++) {
                        const struct plan_func *pf = &u->funcs[f];
                        if (pf->role == ROLE_CHOSEN)
                                fail_msg("unit %zu: a second chosen function", k + 1);
                        add(t, " +%s(%s)", short_addr(&m->v[pf->func].addr, a),
                            pf->role == ROLE_SAME_GROUP ? "g" : "v");
                }
                for (size_t o = 0; o < u->n_outside; o++)
                        add(t, "%s%s", o ? "," : " outside ", short_addr(&m->v[u->outside[o]].addr, a));
                if (u->detail >= 0)
                        add(t, " detail %s", short_addr(&m->v[u->detail].addr, a));
                if (u->verdict == VERDICT_ABSENT) {
                        add(t, " missing %s", short_addr(&u->missing, a));
                        if (u->missing_hop)
                                add(t, " hop %02x.%x", u->hop.dev, u->hop.fn);
                }
                if (u->takes_boot_display)
                        add(t, " takes-boot-display");
                if (u->boot_displays_left)
                        add(t, " boot-left %u", u->boot_displays_left);
                for (size_t o = 0; o < u->n_on_switch; o++)
                        add(t, "%s%s", o ? "," : " on-switch ", short_addr(&m->v[u->on_switch[o]].addr, a));
        }
}

static void describe_bind(const struct plan *p, const struct model *m, struct text *t) {
        char a[PCI_ADDR_STRLEN];

        for (size_t k = 0; k < p->n_bind; k++)
                add(t, "%s%s", k ? " " : "", short_addr(&m->v[p->bind[k]].addr, a));
}

/* What must hold for every plan, whatever the scenario. */
static void check_invariants(const char *name, const struct item_list *items, const struct plan *p,
                             const struct model *m) {
        char why[256];

        if (plan_broken_invariant(items, m, p, why, sizeof(why)))
                fail_msg("%s: %s", name, why);
}

static void test_scenario(void **state) {
        const struct scenario *s = *state;
        struct model m;
        struct item_list items;
        struct item_errors errs;
        struct plan p;
        struct text units = { 0 }, bind = { 0 };

        build_model(s->machine, &m);
        if (items_parse(s->slots, &items, &errs) != 0)
                fail_msg("%s: the test's slots \"%s\" do not parse", s->name, s->slots);
        assert_int_equal(plan_build(&items, &m, &p), 0);

        describe_units(&p, &m, &units);
        describe_bind(&p, &m, &bind);
        /* both in one message: the bind list is the decision, the units say why */
        if (strcmp(bind.buf, s->bind) != 0 || strcmp(units.buf, s->units) != 0)
                fail_msg("%s:\n  bind  \"%s\"\n  want  \"%s\"\n  units \"%s\"\n  want  \"%s\"", s->name, bind.buf,
                         s->bind, units.buf, s->units);
        check_invariants(s->name, &items, &p, &m);

        plan_free(&p);
        items_free(&items);
        model_free(&m);
}

/* "off": no items, no units, nothing bound. */
static void test_off(void **state) {
        struct model m;
        struct item_list items;
        struct item_errors errs;
        struct plan p;

        (void)state;
        build_model(desk, &m);
        assert_int_equal(items_parse("off", &items, &errs), 0);
        assert_true(items.off);
        assert_int_equal(plan_build(&items, &m, &p), 0);
        assert_int_equal(p.n_units, 0);
        assert_int_equal(p.n_bind, 0);
        plan_free(&p);
        model_free(&m);
}

/* An empty machine: everything is absent or unmatched, nothing breaks. */
static void test_empty_model(void **state) {
        struct model m = { 0 };
        struct item_list items;
        struct item_errors errs;
        struct plan p;
        struct text units = { 0 };

        (void)state;
        assert_int_equal(items_parse("01:00.0,00:01.0/00.0,gpus,id:10de:2204", &items, &errs), 0);
        assert_int_equal(plan_build(&items, &m, &p), 0);
        describe_units(&p, &m, &units);
        assert_string_equal(units.buf, "1 absent missing 01:00.0; 2 absent missing 00:01.0; 3 no-match; 4 no-match");
        assert_int_equal(p.n_bind, 0);
        plan_free(&p);
        items_free(&items);
}

/* model_path(): the path item of a function, as list prints it and the item parser takes it back. */
struct path_row {
        const char *name;
        const struct fn_spec *machine;
        const char *func;
        int ret;
        const char *path;
};

static const struct fn_spec orphan[] = {
        { "01:00.0", "00:01.0", 0x10de, 0x2204, VGA, 1, 0 },
        { 0 },
};

static const struct fn_spec deep[] = {
        { "0001:00:01.0", NULL, 0x8086, 0x1901, PCI_BRIDGE, 1, 0 },
        { "0001:01:00.0", "0001:00:01.0", 0x10de, 0x2204, VGA, 1, 0 },
        { 0 },
};

static struct path_row path_rows[] = {
        { "on a root bus: its own address", desk, "00:14.0", 0, "00:14.0" },
        { "below a root port", desk, "02:00.1", 0, "00:01.1/00.1" },
        { "through a switch", amd, "0c:00.1", 0, "00:01.1/00.0/00.0/00.1" },
        { "through the card's own switch", arc, "04:00.0", 0, "00:01.0/00.0/04.0/00.0" },
        { "another domain", deep, "0001:01:00.0", 0, "0001:00:01.0/00.0" },
        { "a bridge on the way not in the model", orphan, "01:00.0", -ENOENT, NULL },
};

static void test_path(void **state) {
        const struct path_row *r = *state;
        struct model m;
        char buf[ITEM_TEXT_MAX];

        build_model(r->machine, &m);
        struct pci_addr a = addr_of(r->func);
        long i = model_find(&m, &a);
        assert_true(i >= 0);
        CHECK_EQ(r->name, "model_path", model_path(&m, (size_t)i, buf, sizeof(buf)), r->ret);
        if (r->path) {
                CHECK_STR(r->name, "path", buf, r->path);
                /* the path parses back to the function */
                struct item_list items;
                struct item_errors errs;
                struct plan p;
                assert_int_equal(items_parse(buf, &items, &errs), 0);
                assert_int_equal(plan_build(&items, &m, &p), 0);
                CHECK_EQ(r->name, "resolves", p.units[0].chosen, i);
                plan_free(&p);
                items_free(&items);
                char small[8];
                CHECK_EQ(r->name, "short buffer", model_path(&m, (size_t)i, small, strlen(r->path) < 8 ? 1 : 8),
                         -E2BIG);
        }
        model_free(&m);
}

int main(void) {
        struct suite s = { 0 };

        SUITE_TABLE(&s, "plan", scenarios, test_scenario);
        SUITE_TABLE(&s, "path", path_rows, test_path);
        suite_add(&s, "plan", "off binds nothing", test_off, NULL);
        suite_add(&s, "plan", "empty machine", test_empty_model, NULL);
        return suite_run(&s, "plan");
}
