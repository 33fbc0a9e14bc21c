/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Swap: active now (/proc/swaps), and the next boot's resume device (resume=, initramfs-tools' conf.d/resume). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cmdline.h"
#include "core/fstab.h"
#include "sys/fileio.h"
#include "sys/trace.h"

#define PROC_MAX ((size_t)1024 * 1024)
#define RESUME_CONF "/etc/initramfs-tools/conf.d/resume"

int swap_trace(struct trace *t) {
        char *text = NULL, *line;
        size_t len = 0;
        bool nul;
        int r = 0;

        t->use = HOST_USE_SWAP;
        if (read_file_below(t->root, "/proc/swaps", PROC_MAX, &text) == 0)
                len = strlen(text);
        for (char *p = text; r >= 0 && (line = trace_next_line(&p, &len, &nul));) {
                struct swap_entry sw;
                if (!procfs_swaps_line(line, &sw))
                        continue;
                /* a swap file: the file system holding it */
                r = sw.partition ? trace_spec(t, sw.file, "swap") : trace_file(t, sw.file, "swap file");
        }
        free(text);
        return r;
}

/* A resume device: as fstab names one, or the kernel's MAJ:MIN ("8:3"), through sys/dev/block. */
static int resume_spec(struct trace *t, const char *spec, const char *what) {
        size_t major = strspn(spec, "0123456789");
        bool colon = major > 0 && major <= 10 && spec[major] == ':';
        size_t minor = colon ? strspn(spec + major + 1, "0123456789") : 0;
        char path[64], name[NAME_MAX + 1];

        if (minor == 0 || minor > 10 || spec[major + 1 + minor] != '\0')
                return trace_spec(t, spec, what);
        snprintf(path, sizeof(path), "dev/block/%s", spec);
        if (read_link_name(t->sys_fd, path, name, sizeof(name)) < 0)
                return host_add_note(t->h, what, "no block device is %s", spec);
        return trace_block(t, name, what);
}

int resume_trace(struct trace *t) {
        char *value = NULL, *text, *line, spec[PATH_MAX];
        size_t len;
        bool nul;
        int r = t->cmdline ? cmdline_get(t->cmdline, "resume", &value) : 0;

        t->use = HOST_USE_BOOT_WAITS;
        if (r < 0)
                return r;
        if (r > 0) {
                if (value[0] && strcmp(value, "none") != 0)
                        r = resume_spec(t, value, "resume= on the command line");
                free(value);
                return r < 0 ? r : 0;
        }
        r = trace_unreadable(t, RESUME_CONF, trace_read_etc(t, RESUME_CONF, &text, &len));
        for (char *p = text; r >= 0 && (line = trace_next_line(&p, &len, &nul));) {
                int k = nul ? -EINVAL : resume_conf_line(line, spec, sizeof(spec));
                if (k < 0)
                        r = host_add_note(t->h, RESUME_CONF, "cannot read \"%.64s\" (expected RESUME=DEVICE)", line);
                else if (k > 0)
                        r = resume_spec(t, spec, "resume in " RESUME_CONF);
        }
        free(text);
        return r;
}
