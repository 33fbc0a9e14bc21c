/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/pci.h"

enum item_kind {
        ITEM_ADDRESS, /* [DOMAIN:]BUS:DEV[.FN] */
        ITEM_PATH,    /* [DOMAIN:]BUS:DEV.FN/DEV.FN[/...] */
        ITEM_ID,      /* id:VENDOR:DEVICE */
        ITEM_GPUS,    /* gpus */
};

#define ITEM_MAX_HOPS 16
#define ITEM_MAX_COUNT 16384
/* the longest valid item: 8-digit domain, 16 hops and a guard, with room */
#define ITEM_TEXT_MAX 128

struct item_hop {
        uint8_t dev;
        uint8_t fn;
};

struct item {
        enum item_kind kind;
        struct pci_addr addr; /* ADDRESS, and the root of a PATH */
        unsigned n_hops;
        struct item_hop hops[ITEM_MAX_HOPS];
        bool guarded; /* ADDRESS or PATH with @VENDOR:DEVICE */
        uint16_t vendor;
        uint16_t device;
        unsigned index;  /* 1-based position in the list */
        unsigned column; /* 1-based column of its first character */
        char text[ITEM_TEXT_MAX];
};

struct item_list {
        struct item *v;
        size_t n;
        bool off; /* "off" or an empty list: bind nothing */
};

struct item_error {
        unsigned index;  /* 1-based item number */
        unsigned column; /* 1-based column in the list of the offending character */
        size_t start;    /* the bad item's bytes in the list */
        size_t len;
        const char *what;
};

#define ITEM_MAX_ERRORS 8

struct item_errors {
        size_t n; /* all errors found; the first ITEM_MAX_ERRORS are kept */
        struct item_error v[ITEM_MAX_ERRORS];
};

/*
 * Parses a comma separated vfio.slots= list. On a syntax error it returns
 * -EINVAL with every bad item recorded in errs and out left empty: one bad item
 * invalidates the whole list. Also -E2BIG (too many items), -ENOMEM.
 */
int items_parse(const char *list, struct item_list *out, struct item_errors *errs);
void items_free(struct item_list *l);
