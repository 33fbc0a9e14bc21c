/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "core/items.h"
#include "core/model.h"

/* The PCI part of sysfs below a root directory ("" for the real one). */
struct sysfs {
        int sys_fd;     /* ROOT/sys */
        int devices_fd; /* ROOT/sys/bus/pci/devices */
        int groups_fd;  /* ROOT/sys/kernel/iommu_groups, -1 when the IOMMU is off */
};

int sysfs_open(struct sysfs *s, const char *root);
void sysfs_close(struct sysfs *s);

/*
 * Reads what planning these items needs (sys/pciread.c): for addresses and paths only the
 * named devices, the bridges on the path and their IOMMU groups; a selector
 * reads the whole bus once.
 */
int sysfs_gather(struct sysfs *s, const struct item_list *items, struct model *m);
int sysfs_load_all(struct sysfs *s, struct model *m);

/* A physical slot as /sys/bus/pci/slots/NAME/address gives it: "DDDD:BB:DD", or "DDDD:BB" for a whole bus. */
struct pci_slot {
        struct pci_addr at; /* the function number is 0 */
        bool whole_bus;     /* every device on the bus */
        char name[MODEL_NAME_MAX];
};

struct pci_slots {
        struct pci_slot *v; /* sorted by name, so that the first of several is always the same */
        size_t n;
};

/* Every slot the firmware or a hotplug driver describes (sys/slots.c); none without the slots directory. -ENOMEM, -EIO.
 */
int sysfs_read_slots(const struct sysfs *s, struct pci_slots *out);
/* The name of the slot a function sits in, NULL when none is known. */
const char *pci_slot_of(const struct pci_slots *slots, const struct pci_addr *a);
void pci_slots_free(struct pci_slots *slots);

/* Opens a function's directory, following the bus/pci/devices link. */
int sysfs_open_function(const struct sysfs *s, const struct pci_addr *a);
/* Writes one attribute of a function (driver_override, driver/unbind). */
int sysfs_write_function_attr(const struct sysfs *s, const struct pci_addr *a, const char *attr, const char *value);
/*
 * The function's driver now; "" and -ENOENT when it has none, "" and another
 * -errno (-ENODEV when the function is gone) when it cannot be told.
 */
int sysfs_read_driver(const struct sysfs *s, const struct pci_addr *a, char driver[MODEL_NAME_MAX]);
/* Unbinds the function from its driver; -ENOENT when it has none. */
int sysfs_unbind(const struct sysfs *s, const struct pci_addr *a);
/* Asks the kernel to probe drivers for the function; the outcome shows in its driver link. */
void sysfs_probe(const struct sysfs *s, const struct pci_addr *a);
/* The nearest PCI function in a sysfs link's target (the last component that is an address); -ENOENT if none. */
int sysfs_link_pci(int dirfd, const char *path, struct pci_addr *out);
/* A directory entry that names a device: not empty, not "." or "..", no "/". */
bool sysfs_is_name(const char *name);
