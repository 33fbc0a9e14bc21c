/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "core/hostfacts.h"

/*
 * What the host runs on, read below root: the PCI functions behind /, /boot,
 * swap and the default routes (sys/storage.c, sys/network.c), and the
 * modprobe.d directories libkmod reads, plus vfio-pci.ids= from cmdline.
 * What cannot be read is left out. -ENOMEM only.
 */
int host_read(const char *root, const char *cmdline, struct host_facts *h);
