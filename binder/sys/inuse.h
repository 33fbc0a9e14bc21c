/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "core/pci.h"

/*
 * What the host uses now, traced to the PCI functions below it, for bind's
 * refusal: each use goes to add() with the function and a line that says
 * what ("/dev/dri/card1 open by PID 812 (qemu-system-x86)", "eth1 enslaved
 * to bond0"). A negative return of add() ends the scan and is returned;
 * -ENOMEM is the scans' own only error.
 */
typedef int (*inuse_add)(void *ctx, const struct pci_addr *a, const char *what);

/*
 * Device nodes processes hold open (ROOT/proc/PID/fd), by the link's text:
 * block devices, DRM (/dev/dri), sound (/dev/snd) and NVIDIA's /dev/nvidia
 * nodes. Processes that vanish or deny access are passed over; other
 * unreadable ones are warned of. sys_fd is ROOT/sys.
 */
int openers_scan(const char *root, int sys_fd, inuse_add add, void *ctx);

/*
 * Network interfaces of PCI functions that are up with an address (an IPv4
 * route of theirs, an IPv6 address that is not link-local) or enslaved to a
 * bond, bridge or team, and the same of a VLAN or other upper device on them.
 */
int netinuse_scan(const char *root, int sys_fd, inuse_add add, void *ctx);
