/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Class codes as the kernel prints them in sysfs "class": 0xCCSSPP. */
#define PCI_BASE_CLASS(c) ((c) >> 16)
#define PCI_BASE_CLASS_DISPLAY 0x03
#define PCI_BASE_CLASS_MULTIMEDIA 0x04 /* a card's HDMI audio */
#define PCI_BASE_CLASS_BRIDGE 0x06
#define PCI_BASE_CLASS_SERIAL 0x0c /* a card's USB-C xHCI and UCSI */
#define PCI_CLASS_VGA 0x0300       /* the only class the kernel gives boot_vga to */

/* A function address; domains above 0xffff exist (Intel VMD). */
struct pci_addr {
        uint32_t domain;
        uint8_t bus;
        uint8_t dev;
        uint8_t fn;
};

/* "ffffffff:ff:1f.7" plus NUL */
#define PCI_ADDR_STRLEN 17

/* Parses 1..max_digits hex digits from s[*pos], stopping at the first other character; advances *pos.
 * -ERANGE when there are more than max_digits, -EINVAL when there is none. The one hex parser. */
int hex_parse(const char *s, size_t *pos, unsigned max_digits, uint32_t *out);

/* Parses the kernel's sysfs spelling "DDDD:BB:DD.F", nothing more or less. */
int pci_addr_from_sysfs(const char *s, struct pci_addr *out);
/* Writes the sysfs spelling into buf and returns buf. */
const char *pci_addr_format(const struct pci_addr *a, char buf[PCI_ADDR_STRLEN]);
int pci_addr_cmp(const struct pci_addr *a, const struct pci_addr *b);

/* The kernel's "0x%04x" / "0x%06x" attribute spelling, exactly digits wide. */
int pci_parse_hex_attr(const char *s, unsigned digits, uint32_t *out);
/* A decimal number such as an IOMMU group name: digits only, at most max. */
int parse_decimal(const char *s, uint32_t max, uint32_t *out);
