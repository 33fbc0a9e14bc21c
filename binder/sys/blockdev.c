/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/blockdev.h"

#include <blkid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pci.h"
#include "sys/fileio.h"

#define UDEVDB_MAX ((size_t)64 * 1024)

static void copy(char *out, size_t size, const char *s) {
        snprintf(out, size, "%s", s ? s : "");
}

static const char *value(blkid_probe pr, const char *name) {
        const char *v = NULL;
        return blkid_probe_lookup_value(pr, name, &v, NULL) == 0 ? v : NULL;
}

/* udev's record of the device, when udev runs there: no need to read the device itself. */
static bool from_udev(const struct blockdevs *b, const char *name, struct fs_ident *id) {
        char path[PATH_MAX], majmin[32], *text;
        int r;

        snprintf(path, sizeof(path), "class/block/%s/dev", name);
        if (read_attr(b->sys_fd, path, majmin, sizeof(majmin)) < 0)
                return false;
        snprintf(path, sizeof(path), "/run/udev/data/b%s", majmin);
        r = read_file_below(b->root, path, UDEVDB_MAX, &text);
        if (r < 0)
                return false;
        udevdb_parse(text, id);
        free(text);
        /* a record without ID_FS_TYPE was written before probing finished, or for nothing to find */
        return id->type[0] != '\0';
}

/* The partitions of a whole disk, from its table: PARTUUID and PARTLABEL by partition number. */
static void partitions(struct blockdevs *b, size_t disk, blkid_probe pr) {
        blkid_partlist list = blkid_probe_get_partitions(pr);
        int n = list ? blkid_partlist_numof_partitions(list) : 0;

        for (int i = 0; i < n; i++) {
                blkid_partition part = blkid_partlist_get_partition(list, i);
                int no = blkid_partition_get_partno(part);
                for (size_t k = 0; k < b->n; k++) {
                        char path[PATH_MAX], buf[16];
                        uint32_t got;
                        snprintf(path, sizeof(path), "class/block/%s/%s/partition", b->v[disk].name, b->v[k].name);
                        if (read_attr(b->sys_fd, path, buf, sizeof(buf)) < 0 ||
                            parse_decimal(buf, 1u << 20, &got) < 0 || (int)got != no)
                                continue;
                        copy(b->v[k].id.partuuid, sizeof(b->v[k].id.partuuid), blkid_partition_get_uuid(part));
                        copy(b->v[k].id.partlabel, sizeof(b->v[k].id.partlabel), blkid_partition_get_name(part));
                }
        }
}

/* libblkid on ROOT/dev/NAME. */
static int probe(struct blockdevs *b, size_t i) {
        struct blockdev *d = &b->v[i];
        char path[PATH_MAX];
        struct stat st;

        if ((size_t)snprintf(path, sizeof(path), "%s/dev/%s", b->root, d->name) >= sizeof(path))
                return -ENAMETOOLONG;
        /* O_NONBLOCK and O_NOFOLLOW: a FIFO or a link loop in the place of a device must not stop us */
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0 || !(S_ISBLK(st.st_mode) || S_ISREG(st.st_mode))) {
                close(fd);
                return -ENOTBLK;
        }
        blkid_probe pr = blkid_new_probe();
        if (!pr) {
                close(fd);
                return -ENOMEM;
        }
        int r = blkid_probe_set_device(pr, fd, 0, 0) < 0 ? -EIO : 0;
        if (r == 0 && blkid_probe_get_size(pr) <= 0)
                r = -ENODATA;
        if (r == 0) {
                blkid_probe_enable_superblocks(pr, 1);
                blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID | BLKID_SUBLKS_LABEL);
                blkid_probe_enable_partitions(pr, 1);
                blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
                /*
                 * 1: nothing found, -2: ambiguous (say nothing); any other negative value: the device
                 * could not be read (-1, or since util-linux 2.3x the read's -errno, -EIO for a bad disk)
                 */
                int got = blkid_do_safeprobe(pr);
                r = got >= 0 || got == -2 ? 0 : got == -1 ? -EIO : got;
        }
        if (r == 0) {
                copy(d->id.type, sizeof(d->id.type), value(pr, "TYPE"));
                copy(d->id.uuid, sizeof(d->id.uuid), value(pr, "UUID"));
                copy(d->id.label, sizeof(d->id.label), value(pr, "LABEL"));
                partitions(b, i, pr);
        }
        blkid_free_probe(pr);
        close(fd);
        return r;
}

static int add(struct blockdevs *b, const char *name) {
        struct blockdev *v = reallocarray(b->v, b->n + 1, sizeof(*v));

        if (!v)
                return -ENOMEM;
        b->v = v;
        v[b->n] = (struct blockdev){ 0 };
        copy(v[b->n].name, sizeof(v[b->n].name), name);
        b->n++;
        return 0;
}

int blockdevs_load(struct blockdevs *b) {
        int r = 0;

        if (b->loaded)
                return b->loaded < 0 ? b->loaded : 0;
        DIR *d = opendir_at(b->sys_fd, "class/block");
        for (struct dirent *e; d && r >= 0 && (e = readdir(d));)
                if (e->d_name[0] != '.')
                        r = add(b, e->d_name);
        if (d)
                closedir(d);
        /* first what udev knows, then the rest from the devices (whole disks also name their partitions) */
        for (size_t i = 0; r >= 0 && i < b->n; i++)
                b->v[i].err = from_udev(b, b->v[i].name, &b->v[i].id) ? 0 : 1;
        for (size_t i = 0; r >= 0 && i < b->n; i++) {
                if (b->v[i].err != 1)
                        continue;
                b->v[i].err = probe(b, i);
                if (b->v[i].err == -ENOMEM)
                        r = -ENOMEM;
        }
        b->loaded = r < 0 ? r : 1;
        return r;
}

const struct blockdev *blockdevs_find(const struct blockdevs *b, enum spec_kind kind, const char *want,
                                      const struct blockdev *after) {
        for (size_t i = after ? (size_t)(after - b->v) + 1 : 0; i < b->n; i++) {
                const char *have = ident_field(&b->v[i].id, kind);
                if (have && have[0] && strcmp(have, want) == 0)
                        return &b->v[i];
        }
        return NULL;
}

void blockdevs_failures(const struct blockdevs *b, char *buf, size_t size) {
        size_t used = 0;

        buf[0] = '\0';
        for (size_t i = 0; i < b->n && used < size; i++) {
                int err = b->v[i].err;
                /* an empty drive or an unused loop or RAM disk holds nothing */
                if (err >= 0 || err == -ENOMEDIUM ||
                    (err == -ENODATA && (strncmp(b->v[i].name, "loop", 4) == 0 || strstr(b->v[i].name, "ram"))))
                        continue;
                const char *why = err == -ENOTBLK ? "not a block device" : err == -ENODATA ? "empty" : strerror(-err);
                int n = snprintf(buf + used, size - used, "%s/dev/%s: %s", used ? ", " : ", but cannot read ",
                                 b->v[i].name, why);
                used += n > 0 ? (size_t)n : 0;
        }
}

void blockdevs_free(struct blockdevs *b) {
        free(b->v);
        b->v = NULL;
        b->n = 0;
        b->loaded = 0;
}
