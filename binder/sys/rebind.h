/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#include "core/model.h"
#include "sys/sysfs.h"

/*
 * After boot, moves functions between their host drivers and vfio-pci, as
 * driverctl or libvirt's managed mode do. after[i] receives the driver each
 * function ended on ("" for none); every wait is bounded. rebind_to_vfio()
 * expects vfio-pci to be loaded: the caller refuses before touching anything
 * when it cannot be.
 */
void rebind_to_vfio(const struct sysfs *s, const struct model *m, const size_t *funcs, size_t n,
                    char (*after)[MODEL_NAME_MAX]);
void rebind_to_host(const struct sysfs *s, const char *root, const struct model *m, const size_t *funcs, size_t n,
                    char (*after)[MODEL_NAME_MAX]);
