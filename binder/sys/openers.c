/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which processes hold a PCI function's device nodes open: every
 * ROOT/proc/PID/fd link, read as text (the kernel shows the path the node
 * was opened by, and below a --root the links are plain symlinks to
 * "/dev/dri/card1"), traced through the node's ROOT/sys/class link to the
 * function, as a USB device's node leads to its host controller.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sys/fileio.h"
#include "sys/log.h"
#include "sys/sysfs.h"
#include "sys/trace.h"

/* the kernel's PID_MAX_LIMIT */
#define PID_LIMIT (4U * 1024 * 1024)
#define INFO_MAX ((size_t)64 * 1024)

/* A GPU NVIDIA's driver holds, and the minor of its /dev/nvidiaN. */
struct nvidia_gpu {
        struct pci_addr addr;
        long minor; /* -1 when its information file does not say */
};

struct scan {
        struct trace *t;
        int proc_fd;             /* ROOT/proc */
        struct nvidia_gpu *gpus; /* read at the first /dev/nvidia* */
        size_t n_gpus;
        bool gpus_read;
        /* the process being read: its PID, and its command once a node of it is found */
        const char *pid;
        char comm[64];
        bool comm_read;
};

/* Passes over what vanished or is denied, as a process may exit or belong to another user at any time. */
static int unreadable(const struct scan *s, const char *path, int err) {
        if (err == ENOMEM)
                return -ENOMEM;
        if (err != ENOENT && err != ESRCH && err != EACCES)
                log_msg(LOG_WARNING, "cannot read %s/proc/%s: %s; passed over", s->t->root, path, strerror(err));
        return 0;
}

/* The process's command (ROOT/proc/PID/comm), control characters replaced; -ESRCH when it is gone. */
static int read_comm(struct scan *s) {
        char path[NAME_MAX + 8];

        if (s->comm_read)
                return 0;
        snprintf(path, sizeof(path), "%s/comm", s->pid);
        int r = read_attr(s->proc_fd, path, s->comm, sizeof(s->comm));
        if (r == -ENOENT || r == -ESRCH)
                return -ESRCH;
        if (r < 0) {
                (void)unreadable(s, path, -r);
                snprintf(s->comm, sizeof(s->comm), "?");
        }
        for (char *c = s->comm; *c; c++)
                if ((unsigned char)*c < 0x20 || *c == 0x7f)
                        *c = '?';
        s->comm_read = true;
        return 0;
}

/* "/dev/NODE open by PID N (COMM)"; false when the process is gone. */
static bool opener(struct scan *s, const char *node, char *what, size_t size) {
        if (read_comm(s) < 0)
                return false;
        snprintf(what, size, "/dev/%s open by PID %s (%s)", node, s->pid, s->comm);
        return true;
}

static int found(struct scan *s, const struct pci_addr *a, const char *node) {
        char what[PATH_MAX + 128];

        if (!opener(s, node, what, sizeof(what)))
                return 0;
        return host_add_dev(s->t->h, a, HOST_USE_OPEN, what, node);
}

/* "Device Minor: N" of a GPU's information file, -1 when it says none. */
static long nvidia_minor(int proc_fd, const char *gpu) {
        char path[PATH_MAX], *text = NULL;
        size_t len;
        long minor = -1;

        snprintf(path, sizeof(path), "driver/nvidia/gpus/%s/information", gpu);
        if (read_file_max(proc_fd, path, INFO_MAX, &text, &len) < 0)
                return -1;
        const char *at = strstr(text, "Device Minor:");
        if (at) {
                at += strlen("Device Minor:");
                at += strspn(at, " \t");
                size_t n = strspn(at, "0123456789");
                char digits[12];
                uint32_t v;
                if (n > 0 && n < sizeof(digits)) {
                        memcpy(digits, at, n);
                        digits[n] = '\0';
                        if (parse_decimal(digits, 255, &v) == 0)
                                minor = (long)v;
                }
        }
        free(text);
        return minor;
}

/* The GPUs of NVIDIA's driver, ROOT/proc/driver/nvidia/gpus/ADDR: none without the driver. */
static int nvidia_read(struct scan *s) {
        if (s->gpus_read)
                return 0;
        s->gpus_read = true;
        DIR *d = opendir_at(s->proc_fd, "driver/nvidia/gpus");
        if (!d)
                return errno == ENOMEM ? -ENOMEM : 0;
        int r = 0;
        for (struct dirent *e; r == 0 && (e = readdir(d));) {
                struct pci_addr a;
                if (pci_addr_from_sysfs(e->d_name, &a) < 0)
                        continue;
                struct nvidia_gpu *v = reallocarray(s->gpus, s->n_gpus + 1, sizeof(*v));
                if (!v) {
                        r = -ENOMEM;
                        break;
                }
                s->gpus = v;
                s->gpus[s->n_gpus++] = (struct nvidia_gpu){ .addr = a, .minor = nvidia_minor(s->proc_fd, e->d_name) };
        }
        closedir(d);
        return r;
}

/* /dev/nvidiaN is the GPU of minor N; nvidiactl, nvidia-uvm, nvidia-modeset and the rest hold every GPU of the
 * driver. */
static int nvidia_node(struct scan *s, const char *node) {
        const char *rest = node + strlen("nvidia");
        uint32_t minor;
        bool one = parse_decimal(rest, 255, &minor) == 0;
        int r = nvidia_read(s);

        for (size_t i = 0; r >= 0 && i < s->n_gpus; i++)
                if (!one || s->gpus[i].minor == (long)minor)
                        r = found(s, &s->gpus[i].addr, node);
        return r;
}

/*
 * A node below /dev (the link's text without "/dev/") to the functions it
 * stands for: a block device through the one block resolver (partitions,
 * dm, md, loop files), a DRM or sound node through its class link.
 */
static int node_uses(struct scan *s, const char *node) {
        char path[PATH_MAX], what[PATH_MAX + 128];
        const char *class = strncmp(node, "dri/", 4) == 0 ? "drm" : strncmp(node, "snd/", 4) == 0 ? "sound" : NULL;
        struct pci_addr a;

        if (strncmp(node, "nvidia", 6) == 0)
                return nvidia_node(s, node);
        if (class) {
                if (!sysfs_is_name(node + 4) ||
                    (size_t)snprintf(path, sizeof(path), "class/%s/%s", class, node + 4) >= sizeof(path) ||
                    sysfs_link_pci(s->t->sys_fd, path, &a) < 0)
                        return 0;
                return found(s, &a, node);
        }
        /* any other node: a block device, or nothing to trace (a tty, /dev/null) */
        if (!sysfs_is_name(node) || (size_t)snprintf(path, sizeof(path), "class/block/%s", node) >= sizeof(path) ||
            faccessat(s->t->sys_fd, path, F_OK, AT_SYMLINK_NOFOLLOW) < 0 || !opener(s, node, what, sizeof(what)))
                return 0;
        return trace_block(s->t, node, what);
}

static int scan_process(struct scan *s, const char *pid) {
        char path[2 * NAME_MAX + 8], link[PATH_MAX];

        snprintf(path, sizeof(path), "%s/fd", pid);
        int fd = openat(s->proc_fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return unreadable(s, path, errno);
        DIR *d = fdopendir(fd);
        if (!d) {
                int err = errno;
                close(fd);
                return unreadable(s, path, err);
        }
        s->pid = pid;
        s->comm_read = false;
        int r = 0;
        errno = 0;
        for (struct dirent *e; r >= 0 && (e = readdir(d)); errno = 0) {
                if (e->d_name[0] == '.')
                        continue;
                ssize_t n = readlinkat(fd, e->d_name, link, sizeof(link) - 1);
                if (n < 0) {
                        int err = errno;
                        snprintf(path, sizeof(path), "%s/fd/%s", pid, e->d_name);
                        r = unreadable(s, path, err);
                        continue;
                }
                link[n] = '\0';
                /* the node may have been removed since it was opened; it is still held */
                size_t len = (size_t)n, del = strlen(" (deleted)");
                if (len > del && strcmp(link + len - del, " (deleted)") == 0)
                        link[len - del] = '\0';
                if (strncmp(link, "/dev/", 5) == 0)
                        r = node_uses(s, link + 5);
        }
        if (r >= 0 && errno != 0) {
                int err = errno;
                snprintf(path, sizeof(path), "%s/fd", pid);
                r = unreadable(s, path, err);
        }
        closedir(d);
        return r;
}

int openers_trace(struct trace *t) {
        struct scan s = { .t = t };
        char path[PATH_MAX];

        t->use = HOST_USE_OPEN;
        snprintf(path, sizeof(path), "%s/proc", t->root);
        s.proc_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (s.proc_fd < 0) {
                int err = errno;
                if (err == ENOMEM)
                        return -ENOMEM;
                log_msg(LOG_WARNING, "cannot read %s: %s; open device nodes are not checked", path, strerror(err));
                return 0;
        }
        DIR *d = opendir_at(s.proc_fd, ".");
        int r = 0;
        if (!d)
                r = unreadable(&s, "", errno);
        for (struct dirent *e; d && r >= 0 && (e = readdir(d));) {
                uint32_t pid;
                if (parse_decimal(e->d_name, PID_LIMIT, &pid) == 0)
                        r = scan_process(&s, e->d_name);
        }
        if (d)
                closedir(d);
        close(s.proc_fd);
        free(s.gpus);
        return r;
}
