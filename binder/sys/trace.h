/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "core/hostfacts.h"
#include "core/procfs.h"
#include "sys/blockdev.h"

/*
 * Tracing what the host uses to the PCI functions below it, below a root,
 * split by what is traced: mounts (sys/mounts.c, mounted now and in
 * /etc/fstab), swap and resume (sys/swap.c), device names and crypttab
 * (sys/devspec.c), pools (sys/pools.c), block devices and their holders
 * (sys/blockpath.c), routes (sys/network.c), and for bind, device nodes
 * processes hold open (sys/openers.c) and interfaces in use
 * (sys/netinuse.c). Each trace adds the functions it
 * finds to h as uses of kind t->use, or a note saying what it could not tell
 * and why; -ENOMEM is the only error.
 */
struct trace {
        struct host_facts *h;
        const char *root;
        int sys_fd;          /* ROOT/sys */
        const char *cmdline; /* for nbdroot= and resume= */
        struct blockdevs devs;
        enum host_use use;          /* what the trace in progress records */
        struct mount_entry *mounts; /* ROOT/proc/self/mountinfo, read once by mounts_read() */
        size_t n_mounts;
        int mounts_err; /* why mountinfo could not be read, 0 when it was */
        unsigned depth; /* files on mounts on loop devices or overlays: how deep */
};

/* A block device (sys/class/block/NAME): through partitions, slaves, loop files, NVMe multipath and fabrics, iSCSI. */
int trace_block(struct trace *t, const char *name, const char *what);
/* Every stacked block device now (md, dm, bcache: a holder), to the functions below it. */
int holders_trace(struct trace *t);

/* ROOT/proc/self/mountinfo into t->mounts; a file that cannot be read is a note. -ENOMEM only. */
int mounts_read(struct trace *t);
/* What a mount stands on: its device, a pool's members, several devices, an overlay's layers, or a server. */
int trace_mount(struct trace *t, const struct mount_entry *m, const char *what);
/* A file (a swap file, a loop device's backing file, an overlay's layer): the mount holding it now. */
int trace_file(struct trace *t, const char *path, const char *what);
/* Every file system mounted now: /, /usr, /boot, /efi and /boot/efi first. */
int mounts_trace(struct trace *t);
/* Every entry of ROOT/etc/fstab the next boot mounts, by its options. */
int fstab_trace(struct trace *t);

/* A device as fstab, crypttab and resume= name it: UUID=, LABEL=, PARTUUID=, PARTLABEL=, a path or a list. */
int trace_spec(struct trace *t, const char *spec, const char *what);
/* A device-mapper name (/dev/mapper/NAME) to its block device (dm-N); -ENOENT when none is active. */
int trace_dm_name(struct trace *t, const char *mapname, char *name, size_t size);
/* The lines of ROOT/etc/crypttab that cannot be read, as notes. */
int crypttab_trace(struct trace *t);

/* ZFS: every member of the pool of a dataset. */
int trace_zfs_pool(struct trace *t, const char *dataset, const char *what);
/* A btrfs spanning several devices, named by one of them: all of them; -ENOENT when no btrfs holds name. */
int trace_btrfs_members(struct trace *t, const char *name, const char *what);
/* Every ZFS pool imported now (ROOT/proc/spl/kstat/zfs/POOL), to its members. */
int pools_trace(struct trace *t);

/* Active swap now (ROOT/proc/swaps). */
int swap_trace(struct trace *t);
/* The next boot's resume device: resume= on the command line, else initramfs-tools' conf.d/resume. */
int resume_trace(struct trace *t);

/*
 * Device nodes processes hold open (ROOT/proc/PID/fd), by the link's text:
 * block devices (through trace_block), DRM (/dev/dri), sound (/dev/snd) and
 * NVIDIA's /dev/nvidia nodes. Processes that vanish or deny access are passed
 * over; other unreadable ones are warned of.
 */
int openers_trace(struct trace *t);
/*
 * Network interfaces of PCI functions that are up with an address (an IPv4
 * route of theirs, an IPv6 address that is not link-local) or enslaved to a
 * bond, bridge or team, and the same of a VLAN or other upper device on them.
 */
int netinuse_trace(struct trace *t);

/* Reading the administrator's files below the root, line by line. */
/* ROOT + path, and its length: a NUL byte does not end it. */
int trace_read_etc(const struct trace *t, const char *path, char **text, size_t *len);
/* A file that is there but cannot be read is a hole in what is traced: a note (no file: nothing to say). */
int trace_unreadable(struct trace *t, const char *path, int r);
/*
 * The next line of the *left bytes at *p, NUL-terminated in place (the
 * buffer has a NUL after its last byte); NULL after the last. *nul: the line
 * holds a NUL byte, so it cannot be read, and the lines after it still count.
 */
char *trace_next_line(char **p, size_t *left, bool *nul);
