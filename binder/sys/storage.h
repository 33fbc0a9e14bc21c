/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "core/hostfacts.h"

/*
 * Adds the PCI controllers behind /, /boot and swap as mounted now, from
 * ROOT/proc/self/mountinfo and ROOT/proc/swaps, through sys_fd (ROOT/sys):
 * sys/dev/block, partitions, dm and md slaves, btrfs members. What cannot be
 * read is left out. -ENOMEM only.
 */
int storage_trace(struct host_facts *h, const char *root, int sys_fd);
