/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which PCI functions' network interfaces the host uses now: up with an
 * address, or a port of a bond, bridge or team (whatever its state); and the
 * same of the VLANs, macvlans and other upper devices stacked on them.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/procfs.h"
#include "sys/fileio.h"
#include "sys/log.h"
#include "sys/sysfs.h"
#include "sys/trace.h"

#define PROC_MAX ((size_t)1024 * 1024)
/* a VLAN on a VLAN on a macvlan: deeper stacks are not real */
#define STACK_DEPTH 8

struct net_scan {
        struct host_facts *h;
        int sys_fd;
        char *route; /* ROOT/proc/net/route, NULL when there is none */
        char *inet6; /* ROOT/proc/net/if_inet6, NULL without IPv6 */
};

/* ROOT/proc/net/NAME into *out; a missing table (no IPv6) is none, another failure a warning. -ENOMEM only. */
static int read_table(const char *root, const char *name, char **out) {
        char path[64];

        snprintf(path, sizeof(path), "/proc/net/%s", name);
        int r = read_file_below(root, path, PROC_MAX, out);
        if (r == -ENOMEM)
                return r;
        if (r < 0 && r != -ENOENT)
                log_msg(LOG_WARNING, "cannot read %s%s: %s; the addresses in it are not checked", root, path,
                        strerror(-r));
        return 0;
}

/* The next line of *text, cut to size; false at the end. */
static bool next_line(const char **text, char *line, size_t size) {
        if (!*text || !**text)
                return false;
        size_t n = strcspn(*text, "\n");
        snprintf(line, size, "%.*s", (int)n, *text);
        *text += n + ((*text)[n] == '\n');
        return true;
}

/* IFF_UP in the interface's flags ("0x1003"). */
static bool is_up(int sys_fd, const char *iface) {
        char path[PATH_MAX], buf[32];
        size_t pos = 2;
        uint32_t flags;

        snprintf(path, sizeof(path), "class/net/%s/flags", iface);
        return read_attr(sys_fd, path, buf, sizeof(buf)) == 0 && strncmp(buf, "0x", 2) == 0 &&
               hex_parse(buf, &pos, 8, &flags) == 0 && buf[pos] == '\0' && (flags & IFF_UP);
}

/*
 * An address of the interface, as words: one of its IPv4 routes (the kernel
 * adds one for the prefix of every address), else an IPv6 address that is not
 * link-local. False when it has neither.
 */
static bool address_of(const struct net_scan *n, const char *iface, char *out, size_t size) {
        char line[512], text[INET6_ADDRSTRLEN];
        const char *s = n->route;

        for (struct route_entry r; next_line(&s, line, sizeof(line));)
                if (procfs_route_line(line, &r) && strcmp(r.iface, iface) == 0) {
                        inet_ntop(AF_INET, r.dest, text, sizeof(text));
                        snprintf(out, size, "an IPv4 address (route to %s/%u)", text, r.plen);
                        return true;
                }
        s = n->inet6;
        for (struct inet6_entry e; next_line(&s, line, sizeof(line));)
                if (procfs_if_inet6_line(line, &e) && strcmp(e.iface, iface) == 0 && e.scope != PROCFS_SCOPE_LINK) {
                        inet_ntop(AF_INET6, e.addr, text, sizeof(text));
                        snprintf(out, size, "%s", text);
                        return true;
                }
        return false;
}

/* The interface iface, nic itself or stacked on it, and what is stacked on iface in turn. */
/* NOLINTNEXTLINE(misc-no-recursion): one level per upper device, at most STACK_DEPTH */
static int check_iface(const struct net_scan *n, const struct pci_addr *a, const char *iface, const char *nic,
                       unsigned depth) {
        char path[PATH_MAX], master[NAME_MAX + 1] = "", addr[128], what[512], over[64] = "";
        int r = 0;

        if (depth > STACK_DEPTH || !sysfs_is_name(iface))
                return 0;
        if (strcmp(iface, nic) != 0)
                snprintf(over, sizeof(over), " (over %s)", nic);
        snprintf(path, sizeof(path), "class/net/%s/master", iface);
        if (read_link_name(n->sys_fd, path, master, sizeof(master)) == 0) {
                snprintf(what, sizeof(what), "%s enslaved to %s%s", iface, master, over);
                r = host_add_dev(n->h, a, HOST_USE_NET, what, iface);
        } else if (is_up(n->sys_fd, iface) && address_of(n, iface, addr, sizeof(addr))) {
                snprintf(what, sizeof(what), "%s up with %s%s", iface, addr, over);
                r = host_add_dev(n->h, a, HOST_USE_NET, what, iface);
        }
        /* VLANs and the like: its uppers other than the master, whose port it already is */
        snprintf(path, sizeof(path), "class/net/%s", iface);
        DIR *d = r < 0 ? NULL : opendir_at(n->sys_fd, path);
        for (struct dirent *e; d && r >= 0 && (e = readdir(d));)
                if (strncmp(e->d_name, "upper_", 6) == 0 && strcmp(e->d_name + 6, master) != 0)
                        r = check_iface(n, a, e->d_name + 6, nic, depth + 1);
        if (d)
                closedir(d);
        return r;
}

int netinuse_trace(struct trace *t) {
        const char *root = t->root;
        int sys_fd = t->sys_fd;
        struct net_scan n = { .h = t->h, .sys_fd = sys_fd };
        int r = read_table(root, "route", &n.route);

        if (r == 0)
                r = read_table(root, "if_inet6", &n.inet6);
        DIR *d = r < 0 ? NULL : opendir_at(sys_fd, "class/net");
        if (r == 0 && !d && errno == ENOMEM)
                r = -ENOMEM;
        else if (r == 0 && !d && errno != ENOENT)
                log_msg(LOG_WARNING, "cannot read %s/sys/class/net: %s; network interfaces are not checked", root,
                        strerror(errno));
        for (struct dirent *e; d && r >= 0 && (e = readdir(d));) {
                char path[PATH_MAX];
                struct pci_addr a;
                /* the interface's own link, as a USB NIC's leads to the xHCI controller it hangs off */
                snprintf(path, sizeof(path), "class/net/%s", e->d_name);
                if (sysfs_is_name(e->d_name) && sysfs_link_pci(sys_fd, path, &a) == 0)
                        r = check_iface(&n, &a, e->d_name, e->d_name, 0);
        }
        if (d)
                closedir(d);
        free(n.route);
        free(n.inet6);
        return r;
}
