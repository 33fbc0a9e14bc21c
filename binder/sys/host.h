/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "core/hostfacts.h"

/*
 * What the host uses, read below root (sys/trace.h): the PCI functions
 * behind every mount, swap, holder and imported pool now, behind what the
 * next boot needs (/etc/fstab, /etc/crypttab under it, resume=) and behind
 * the default routes, each with its kind of use; what cannot be traced as
 * notes; the modprobe.d directories libkmod reads, plus vfio-pci.ids= from
 * cmdline. With now (bind), also the device nodes processes hold open and the
 * interfaces up with an address or enslaved. -ENOMEM only.
 */
int host_read(const char *root, const char *cmdline, bool now, struct host_facts *h);
