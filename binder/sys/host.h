/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "core/hostfacts.h"

/*
 * What the host runs on, read below root: the PCI functions behind /, /boot,
 * /boot/efi and swap as mounted now (sys/storage.c) and as the next boot
 * needs them (sys/nextboot.c), and behind the default routes
 * (sys/network.c); what cannot be traced as notes; the modprobe.d
 * directories libkmod reads, plus vfio-pci.ids= from cmdline. -ENOMEM only.
 */
int host_read(const char *root, const char *cmdline, struct host_facts *h);
