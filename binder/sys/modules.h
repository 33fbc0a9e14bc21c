/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum module_state {
        MODULE_LOADED,  /* inserted now */
        MODULE_LIVE,    /* was already loaded */
        MODULE_BUILTIN, /* part of the kernel image */
        MODULE_MISSING, /* not in ROOT/lib/modules/RELEASE */
        MODULE_FAILED,  /* err says why */
};

struct module_result {
        const char *name;
        enum module_state state;
        int err;
        char detail[200]; /* for MISSING and FAILED: which module or file, and why; "" for err alone */
};

/*
 * Loads the modules in order, each after what it depends on, from
 * ROOT/lib/modules/RELEASE with the options of ROOT's modprobe.d and the
 * kernel command line, vfio never with slots=. Two loaders, one per build:
 * libkmod (sys/modules.c) and the klibc build's own (sys/modload.c).
 * Returns -errno only when the loader itself cannot start.
 */
int modules_load(const char *root, const char *const *names, size_t n, struct module_result *out);

/* Loads vfio, vfio_iommu_type1 and vfio-pci and logs how; true when vfio-pci is there to take devices. */
bool modules_load_vfio(const char *root);

/* Loads the modules matching a device's modalias, as udev would (blacklist applied). 0, or -errno. libkmod only. */
int modules_load_alias(const char *root, const char *modalias);
