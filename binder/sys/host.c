/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/host.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cmdline.h"
#include "sys/fileio.h"
#include "sys/network.h"
#include "sys/trace.h"

#define MODPROBE_MAX ((size_t)64 * 1024)

/* kmod reads one file of a name: the one in the first directory holding it (/etc masks /lib). */
static bool masked(const char *root, size_t k, const char *name) {
        char p[PATH_MAX];

        for (size_t j = 0; j < k; j++)
                if ((size_t)snprintf(p, sizeof(p), "%s%s/%s", root, modprobe_dirs[j], name) < sizeof(p) &&
                    faccessat(AT_FDCWD, p, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
                        return true;
        return false;
}

static int read_modprobe_dir(struct modconf *mc, const char *root, size_t k) {
        const char *dir = modprobe_dirs[k];
        char path[PATH_MAX];
        struct dirent **names = NULL;
        int r = 0;

        snprintf(path, sizeof(path), "%s%s", root, dir);
        int n = scandir(path, &names, NULL, alphasort);
        for (int i = 0; i < n; i++) {
                const char *name = names[i]->d_name;
                size_t len = strlen(name), flen;
                char file[PATH_MAX], *text;
                if (r >= 0 && len > 5 && strcmp(name + len - 5, ".conf") == 0 && !masked(root, k, name) &&
                    (size_t)snprintf(file, sizeof(file), "%s/%s", path, name) < sizeof(file) &&
                    read_file_max(AT_FDCWD, file, MODPROBE_MAX, &text, &flen) == 0) {
                        /* messages name the file as the system sees it, without the root */
                        r = modconf_parse(mc, text, file + strlen(root));
                        free(text);
                }
                free(names[i]);
        }
        free(names);
        return r;
}

int host_read(const char *root, const char *cmdline, struct host_facts *h) {
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
                r = storage_trace(&t);
                if (r >= 0)
                        r = nextboot_trace(&t);
                if (r >= 0)
                        r = network_trace(h, root, sys_fd);
                blockdevs_free(&t.devs);
                close(sys_fd);
        }
        for (size_t i = 0; r >= 0 && i < MODPROBE_DIR_COUNT; i++)
                r = read_modprobe_dir(&h->mod, root, i);
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
