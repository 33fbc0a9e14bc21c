/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/network.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/procfs.h"
#include "sys/fileio.h"
#include "sys/sysfs.h"

#define PROC_MAX ((size_t)1024 * 1024)
/* a VLAN on a bond on a bridge: deeper stacks are not real */
#define STACK_DEPTH 8

/*
 * A network interface to its PCI devices, through the lower devices of
 * bridges, bonds and VLANs. Returns how many it found, or -ENOMEM.
 */
/* NOLINTNEXTLINE(misc-no-recursion): one level per upper device, at most STACK_DEPTH */
static int net_to_pci(struct host_facts *h, int sys_fd, const char *iface, enum host_use use, const char *what,
                      unsigned depth) {
        char path[PATH_MAX];
        struct pci_addr a;

        if (depth > STACK_DEPTH || strchr(iface, '/') || strcmp(iface, "..") == 0)
                return 0;
        /* the interface's own link, not its device link: a USB NIC's device (../../../2-1:1.0) names no
           PCI function, the path to it names the xHCI controller it hangs off */
        snprintf(path, sizeof(path), "class/net/%s", iface);
        if (sysfs_link_pci(sys_fd, path, &a) == 0) {
                int r = host_add_dev(h, &a, use, what, iface);
                return r < 0 ? r : 1;
        }
        DIR *d = opendir_at(sys_fd, path);
        if (!d)
                return 0;
        int found = 0;
        for (struct dirent *e; found >= 0 && (e = readdir(d));)
                if (strncmp(e->d_name, "lower_", 6) == 0) {
                        int r = net_to_pci(h, sys_fd, e->d_name + 6, use, what, depth + 1);
                        found = r < 0 ? r : found + r;
                }
        closedir(d);
        return found;
}

typedef bool (*route_parser)(const char *line, struct route_entry *r);

/* The interface of the longest route covering addr in one of the route tables, "" for none. */
static void best_route(const char *root, const char *table, route_parser parse, const unsigned char *addr, size_t len,
                       char iface[PROCFS_IFACE_MAX]) {
        char *text = NULL;
        int best = -1;

        iface[0] = '\0';
        if (read_file_below(root, table, PROC_MAX, &text) < 0)
                return;
        for (char *save = NULL, *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                struct route_entry r;
                if (parse(line, &r) && (int)r.plen > best && route_covers(&r, addr, len) &&
                    strcmp(r.iface, "lo") != 0) {
                        best = (int)r.plen;
                        memcpy(iface, r.iface, PROCFS_IFACE_MAX);
                }
        }
        free(text);
}

int network_trace_server(struct host_facts *h, const char *root, int sys_fd, const char *server, enum host_use use,
                         const char *what) {
        unsigned char addr[16];
        char iface[PROCFS_IFACE_MAX], need[128];
        int r;

        snprintf(need, sizeof(need), "%s (server %s)", what, server);
        if (inet_pton(AF_INET, server, addr) == 1)
                best_route(root, "/proc/net/route", procfs_route_line, addr, 4, iface);
        else if (inet_pton(AF_INET6, server, addr) == 1)
                best_route(root, "/proc/net/ipv6_route", procfs_route6_line, addr, 16, iface);
        else
                return host_add_note(h, need, "%s is not an IP address: cannot tell which NIC reaches it", server);
        if (!iface[0])
                return host_add_note(h, need, "no route to %s", server);
        r = net_to_pci(h, sys_fd, iface, use, need, 0);
        if (r == 0)
                return host_add_note(h, need, "the route to %s leaves by %s, which is on no PCI device", server, iface);
        return r < 0 ? r : 0;
}

int network_trace(struct host_facts *h, const char *root, int sys_fd) {
        char *text = NULL, iface[PROCFS_IFACE_MAX];
        int r = 0;

        if (read_file_below(root, "/proc/net/route", PROC_MAX, &text) == 0)
                for (char *save = NULL, *line = strtok_r(text, "\n", &save); r >= 0 && line;
                     line = strtok_r(NULL, "\n", &save))
                        if (procfs_route_default(line, iface))
                                r = net_to_pci(h, sys_fd, iface, HOST_USE_ROUTE, "default route", 0);
        free(text);
        text = NULL;
        if (r >= 0 && read_file_below(root, "/proc/net/ipv6_route", PROC_MAX, &text) == 0)
                for (char *save = NULL, *line = strtok_r(text, "\n", &save); r >= 0 && line;
                     line = strtok_r(NULL, "\n", &save))
                        if (procfs_route6_default(line, iface))
                                r = net_to_pci(h, sys_fd, iface, HOST_USE_ROUTE, "default route", 0);
        free(text);
        return r < 0 ? r : 0;
}
