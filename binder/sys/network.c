/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/network.h"

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

/* A network interface to its PCI device, through the lower devices of bridges, bonds and VLANs. */
/* NOLINTNEXTLINE(misc-no-recursion): one level per upper device, at most STACK_DEPTH */
static int net_to_pci(struct host_facts *h, int sys_fd, const char *iface, unsigned depth) {
        char path[PATH_MAX];
        struct pci_addr a;

        if (depth > STACK_DEPTH || strchr(iface, '/') || strcmp(iface, "..") == 0)
                return 0;
        /* the interface's own link, not its device link: a USB NIC's device (../../../2-1:1.0) names no
           PCI function, the path to it names the xHCI controller it hangs off */
        snprintf(path, sizeof(path), "class/net/%s", iface);
        if (sysfs_link_pci(sys_fd, path, &a) == 0)
                return host_add_dev(h, &a, "default route", iface);

        DIR *d = opendir_at(sys_fd, path);
        if (!d)
                return 0;
        int r = 0;
        for (struct dirent *e; r >= 0 && (e = readdir(d));)
                if (strncmp(e->d_name, "lower_", 6) == 0)
                        r = net_to_pci(h, sys_fd, e->d_name + 6, depth + 1);
        closedir(d);
        return r;
}

int network_trace(struct host_facts *h, const char *root, int sys_fd) {
        char *text = NULL;
        int r = 0;

        char iface[PROCFS_IFACE_MAX];

        if (read_file_below(root, "/proc/net/route", PROC_MAX, &text) == 0)
                for (char *save = NULL, *line = strtok_r(text, "\n", &save); r >= 0 && line;
                     line = strtok_r(NULL, "\n", &save))
                        if (procfs_route_default(line, iface))
                                r = net_to_pci(h, sys_fd, iface, 0);
        free(text);
        text = NULL;
        if (r >= 0 && read_file_below(root, "/proc/net/ipv6_route", PROC_MAX, &text) == 0)
                for (char *save = NULL, *line = strtok_r(text, "\n", &save); r >= 0 && line;
                     line = strtok_r(NULL, "\n", &save))
                        if (procfs_route6_default(line, iface))
                                r = net_to_pci(h, sys_fd, iface, 0);
        free(text);
        return r;
}
