/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "core/hostfacts.h"
#include "core/procfs.h"
#include "sys/blockdev.h"

/*
 * Tracing what the host runs on to PCI functions, below a root. Each trace_*
 * adds the functions it finds to h, or a note saying what it could not tell
 * and why; -ENOMEM is the only error.
 */
struct trace {
        struct host_facts *h;
        const char *root;
        int sys_fd;          /* ROOT/sys */
        const char *cmdline; /* for nbdroot= and resume= */
        struct blockdevs devs;
};

/* A block device (sys/class/block/NAME): through partitions, dm and md, NVMe multipath, NVMe over fabrics, iSCSI. */
int trace_block(struct trace *t, const char *name, const char *what);
/* What a mount stands on: its device, a pool's members, several devices, or a network server. */
int trace_mount(struct trace *t, const struct mount_entry *m, const char *what);
/* A device-mapper name (/dev/mapper/NAME) to its block device (dm-N); -ENOENT when none is active. */
int trace_dm_name(struct trace *t, const char *mapname, char *name, size_t size);
/* A file (a swap file in fstab): the mount holding it now. */
int trace_file(struct trace *t, const char *path, const char *what);
/* A device as fstab, crypttab and resume= name it: UUID=, LABEL=, PARTUUID=, PARTLABEL= or a path. */
int trace_spec(struct trace *t, const char *spec, const char *what);

/* /, /boot, /boot/efi and swap as mounted now (ROOT/proc/self/mountinfo, ROOT/proc/swaps). */
int storage_trace(struct trace *t);
/* The same as the next boot needs them: ROOT/etc/fstab, ROOT/etc/crypttab under them, resume=. */
int nextboot_trace(struct trace *t);
