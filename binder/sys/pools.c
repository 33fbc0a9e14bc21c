/* SPDX-License-Identifier: GPL-2.0-or-later */
/* File systems and pools over several devices: ZFS pools (a dataset's, and every pool imported now), btrfs. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sys/fileio.h"
#include "sys/trace.h"

int trace_btrfs_members(struct trace *t, const char *name, const char *what) {
        DIR *all = opendir_at(t->sys_fd, "fs/btrfs");
        int r = -ENOENT;

        for (struct dirent *e; all && r == -ENOENT && (e = readdir(all));) {
                char path[PATH_MAX];
                if (e->d_name[0] == '.')
                        continue;
                snprintf(path, sizeof(path), "fs/btrfs/%s/devices/%s", e->d_name, name);
                if (faccessat(t->sys_fd, path, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
                        continue;
                snprintf(path, sizeof(path), "fs/btrfs/%s/devices", e->d_name);
                DIR *members = opendir_at(t->sys_fd, path);
                r = 0;
                for (struct dirent *d; members && r >= 0 && (d = readdir(members));)
                        if (d->d_name[0] != '.')
                                r = trace_block(t, d->d_name, what);
                if (members)
                        closedir(members);
        }
        if (all)
                closedir(all);
        return r;
}

/* Every device libblkid finds to be a member of the ZFS pool (TYPE zfs_member, LABEL the pool's name). */
int trace_zfs_pool(struct trace *t, const char *dataset, const char *what) {
        char pool[256], failures[512];
        int r = blockdevs_load(&t->devs), n = 0;

        if (r < 0)
                return r;
        snprintf(pool, sizeof(pool), "%.*s", (int)strcspn(dataset, "/"), dataset);
        for (size_t i = 0; r >= 0 && i < t->devs.n; i++) {
                const struct blockdev *d = &t->devs.v[i];
                if (strcmp(d->id.type, "zfs_member") != 0 || strcmp(d->id.label, pool) != 0)
                        continue;
                r = trace_block(t, d->name, what);
                n++;
        }
        if (r < 0 || n > 0)
                return r;
        blockdevs_failures(&t->devs, failures, sizeof(failures));
        char why[sizeof(t->h->notes->why) + sizeof(pool) + sizeof(failures)];
        snprintf(why, sizeof(why), "no block device is a member of the ZFS pool %s%s", pool, failures);
        /* said once per pool, for its first dataset: its other datasets add nothing */
        for (size_t i = 0; i < t->h->n_notes; i++)
                if (strncmp(t->h->notes[i].why, why, sizeof(t->h->notes[i].why) - 1) == 0)
                        return 0;
        return host_add_note(t->h, what, "%s", why);
}

/* OpenZFS keeps a directory of statistics per imported pool, with its state, whether a dataset is mounted or not. */
int pools_trace(struct trace *t) {
        char path[PATH_MAX];
        int r = 0;

        snprintf(path, sizeof(path), "%s/proc/spl/kstat/zfs", t->root);
        DIR *d = opendir_at(AT_FDCWD, path);
        t->use = HOST_USE_POOL;
        for (struct dirent *e; d && r >= 0 && (e = readdir(d));) {
                char state[PATH_MAX], what[128];
                if (e->d_name[0] == '.' ||
                    (size_t)snprintf(state, sizeof(state), "%s/%s/state", path, e->d_name) >= sizeof(state) ||
                    faccessat(AT_FDCWD, state, F_OK, 0) < 0)
                        continue;
                snprintf(what, sizeof(what), "ZFS pool %.*s", (int)(sizeof(what) - 10), e->d_name);
                r = trace_zfs_pool(t, e->d_name, what);
        }
        if (d)
                closedir(d);
        return r;
}
