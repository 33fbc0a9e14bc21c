/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/host.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/cmdline.h"
#include "sys/modprobe.h"
#include "sys/network.h"
#include "sys/trace.h"

/* modprobe_read()'s callback: one modprobe.d file into the host's statements */
static int add_modprobe_file(void *data, const char *text, const char *path) {
        return modconf_parse(data, text, path);
}

int host_read(const char *root, const char *cmdline, bool now, struct host_facts *h) {
        char path[PATH_MAX];
        int r = 0;

        *h = (struct host_facts){ 0 };
        snprintf(path, sizeof(path), "%s/sys", root);
        int sys_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (sys_fd >= 0) {
                struct trace t = { .h = h,
                                   .root = root,
                                   .sys_fd = sys_fd,
                                   .cmdline = cmdline,
                                   .devs = { .root = root, .sys_fd = sys_fd } };
                /* what is in use now, then what the next boot needs: a device is named for its first use */
                int (*const steps[])(struct trace *) = { mounts_read, mounts_trace, swap_trace,     holders_trace,
                                                         pools_trace, fstab_trace,  crypttab_trace, resume_trace };
                for (size_t i = 0; r >= 0 && i < sizeof(steps) / sizeof(steps[0]); i++)
                        r = steps[i](&t);
                if (r >= 0)
                        r = network_trace(h, root, sys_fd);
                if (r >= 0 && now)
                        r = openers_trace(&t);
                if (r >= 0 && now)
                        r = netinuse_trace(&t);
                blockdevs_free(&t.devs);
                free(t.mounts);
                close(sys_fd);
        }
        if (r >= 0)
                r = modprobe_read(root, add_modprobe_file, &h->mod);
        if (r >= 0 && cmdline) {
                char *ids = NULL;
                int found = cmdline_get(cmdline, "vfio-pci.ids", &ids);
                if (found > 0)
                        r = modconf_add_ids(&h->mod, ids, "vfio-pci.ids= on the kernel command line");
                else if (found < 0)
                        r = found;
                free(ids);
        }
        if (r < 0)
                host_facts_free(h);
        return r;
}
