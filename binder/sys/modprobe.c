/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/modprobe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/modconf.h"
#include "sys/fileio.h"

#define MODPROBE_MAX ((size_t)64 * 1024)

struct conf_name {
        char *name;
        size_t dir; /* index into modprobe_dirs */
};

static int by_name_then_dir(const void *a, const void *b) {
        const struct conf_name *x = a, *y = b;
        int c = strcmp(x->name, y->name);

        return c != 0 ? c : x->dir < y->dir ? -1 : x->dir > y->dir;
}

/* libkmod's conf_files_filter_out(): what it skips in a configuration directory. */
static bool is_conf(int dirfd, const char *name) {
        size_t len = strlen(name);
        struct stat st;

        if (name[0] == '.' || len < 6 ||
            (strcmp(name + len - 5, ".conf") != 0 && strcmp(name + len - 6, ".alias") != 0))
                return false;
        return fstatat(dirfd, name, &st, 0) != 0 || !S_ISDIR(st.st_mode);
}

/* Adds the configuration files of modprobe_dirs[k] to *v. */
static int list_dir(const char *root, size_t k, struct conf_name **v, size_t *n) {
        char path[PATH_MAX];

        if ((size_t)snprintf(path, sizeof(path), "%s%s", root, modprobe_dirs[k]) >= sizeof(path))
                return 0;
        DIR *d = opendir_at(AT_FDCWD, path);
        if (!d)
                return 0; /* a directory that is not there has nothing to say */
        int r = 0;
        for (struct dirent *e; r == 0 && (e = readdir(d));) {
                if (!is_conf(dirfd(d), e->d_name))
                        continue;
                struct conf_name *nv = reallocarray(*v, *n + 1, sizeof(**v));
                char *name = strdup(e->d_name);
                if (nv)
                        *v = nv;
                if (!nv || !name) {
                        free(name);
                        r = -ENOMEM;
                        break;
                }
                nv[(*n)++] = (struct conf_name){ .name = name, .dir = k };
        }
        closedir(d);
        return r;
}

int modprobe_read(const char *root, modprobe_fn *fn, void *data) {
        struct conf_name *v = NULL;
        size_t n = 0;
        int r = 0;

        for (size_t k = 0; r == 0 && k < MODPROBE_DIR_COUNT; k++)
                r = list_dir(root, k, &v, &n);
        if (r == 0 && n > 0) /* qsort() of NULL is undefined, even for none */
                qsort(v, n, sizeof(*v), by_name_then_dir);
        for (size_t i = 0; r == 0 && i < n; i++) {
                char file[PATH_MAX], *text;
                size_t len;
                if (i > 0 && strcmp(v[i].name, v[i - 1].name) == 0)
                        continue; /* masked by the earlier directory */
                if ((size_t)snprintf(file, sizeof(file), "%s%s/%s", root, modprobe_dirs[v[i].dir], v[i].name) >=
                    sizeof(file))
                        continue;
                int e = read_file_max(AT_FDCWD, file, MODPROBE_MAX, &text, &len);
                if (e == -ENOMEM)
                        r = e;
                if (e < 0)
                        continue;
                r = fn(data, text, file + strlen(root));
                free(text);
        }
        for (size_t i = 0; i < n; i++)
                free(v[i].name);
        free(v);
        return r;
}
