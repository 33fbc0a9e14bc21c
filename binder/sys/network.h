/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "core/hostfacts.h"

/*
 * Adds the PCI NICs behind the IPv4 and IPv6 default routes, from
 * ROOT/proc/net/route and ipv6_route, through sys_fd (ROOT/sys): bridges,
 * bonds and VLANs by their lower_ links. -ENOMEM only.
 */
int network_trace(struct host_facts *h, const char *root, int sys_fd);
