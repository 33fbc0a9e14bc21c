/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "core/hostfacts.h"

/*
 * Adds the PCI NICs behind the IPv4 and IPv6 default routes, from
 * ROOT/proc/net/route and ipv6_route, through sys_fd (ROOT/sys): bridges,
 * bonds and VLANs by their lower_ links. -ENOMEM only.
 */
int network_trace(struct host_facts *h, const char *root, int sys_fd);

/*
 * Adds the PCI NIC of the longest route to server (a numeric IPv4 or IPv6
 * address: an NFS, iSCSI or NVMe over TCP server), as a use of kind use for
 * what; a note when it cannot be told. -ENOMEM only.
 */
int network_trace_server(struct host_facts *h, const char *root, int sys_fd, const char *server, enum host_use use,
                         const char *what);
