/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The klibc build's module loader, in place of libkmod (which needs a
 * POSIX.1-2008 C library and dlopen; klibc has neither): depmod's
 * modules.dep and modules.builtin as text, ROOT/sys/module for what the
 * kernel has already, finit_module(2) with the options libkmod would pass
 * (modprobe.d, then the kernel command line; vfio never slots=), and a
 * compressed module only through the kernel's own decompressor, when
 * /sys/module/compression names the one it needs.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/module.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "compat/libc.h"
#include "core/modconf.h"
#include "core/moddep.h"
#include "sys/fileio.h"
#include "sys/inputs.h"
#include "sys/modprobe.h"
#include "sys/modules.h"

/* Debian 12's modules.dep is 0.4 MiB, modules.builtin 40 KiB. */
#define MODULES_DEP_MAX ((size_t)16 * 1024 * 1024)
#define MODULES_BUILTIN_MAX ((size_t)4 * 1024 * 1024)
#define OPTIONS_MAX 4096

struct loader {
        const char *root;
        char moddir[PATH_MAX]; /* ROOT/lib/modules/RELEASE */
        char *dep;             /* modules.dep; NULL when it could not be read (dep_err) */
        size_t dep_len;
        int dep_err;
        char *builtin; /* modules.builtin; NULL when absent */
        size_t builtin_len;
        char *cmdline;        /* ROOT/proc/cmdline, as libkmod reads /proc/cmdline; NULL when unreadable */
        char compression[16]; /* /sys/module/compression: "" when the kernel decompresses no modules */
        char **conf;          /* the modprobe.d texts, in libkmod's order */
        size_t n_conf;
        char inserted[MODDEP_MAX * 3][MODEL_NAME_MAX]; /* by this run, which /sys/module may not show yet */
        size_t n_inserted;
};

static int keep_conf(void *data, const char *text, const char *path) {
        struct loader *l = data;
        char **v = reallocarray(l->conf, l->n_conf + 1, sizeof(*v));

        (void)path;
        if (!v)
                return -ENOMEM;
        l->conf = v;
        if (!(v[l->n_conf] = strdup(text)))
                return -ENOMEM;
        l->n_conf++;
        return 0;
}

static int read_below(const char *dir, const char *name, size_t max, char **out, size_t *len) {
        char path[PATH_MAX];

        if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
                return -ENAMETOOLONG;
        return read_file_max(AT_FDCWD, path, max, out, len);
}

static void loader_free(struct loader *l) {
        free(l->dep);
        free(l->builtin);
        free(l->cmdline);
        for (size_t i = 0; i < l->n_conf; i++)
                free(l->conf[i]);
        free(l->conf);
}

/* Reads what every module needs once. -ENOMEM, or -errno for a name that does not fit. */
static int loader_init(struct loader *l, const char *root) {
        char path[PATH_MAX];
        struct utsname u;
        int r;

        l->root = root;
        if (uname(&u) < 0)
                return -errno;
        if ((size_t)snprintf(l->moddir, sizeof(l->moddir), "%s/lib/modules/%s", root, u.release) >= sizeof(l->moddir))
                return -ENAMETOOLONG;
        l->dep_err = read_below(l->moddir, "modules.dep", MODULES_DEP_MAX, &l->dep, &l->dep_len);
        if (l->dep_err == -ENOMEM)
                return -ENOMEM;
        r = read_below(l->moddir, "modules.builtin", MODULES_BUILTIN_MAX, &l->builtin, &l->builtin_len);
        if (r == -ENOMEM)
                return r;
        r = read_file_below(root, "/proc/cmdline", CMDLINE_MAX, &l->cmdline);
        if (r == -ENOMEM)
                return r;
        snprintf(path, sizeof(path), "%s/sys/module/compression", root);
        if (read_attr(AT_FDCWD, path, l->compression, sizeof(l->compression)) < 0)
                l->compression[0] = '\0';
        return modprobe_read(root, keep_conf, l);
}

enum presence {
        ABSENT,
        BUILT_IN,
        THERE
};

/* What the kernel has of the module called name (normalized), as libkmod's kmod_module_get_initstate() tells. */
static enum presence presence(const struct loader *l, const char *name) {
        char path[PATH_MAX], initstate[PATH_MAX], state[32];
        struct stat st;

        for (size_t i = 0; i < l->n_inserted; i++)
                if (strcmp(l->inserted[i], name) == 0)
                        return THERE;
        if (l->builtin && modbuiltin_lists(l->builtin, l->builtin_len, name))
                return BUILT_IN;
        if ((size_t)snprintf(path, sizeof(path), "%s/sys/module/%s", l->root, name) >= sizeof(path) ||
            (size_t)snprintf(initstate, sizeof(initstate), "%s/initstate", path) >= sizeof(initstate))
                return ABSENT;
        if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode))
                return ABSENT;
        int r = read_attr(AT_FDCWD, initstate, state, sizeof(state));
        if (r == -ENOENT)
                return BUILT_IN; /* a built-in module with parameters has a directory and no initstate */
        return r == 0 && (strcmp(state, "live") == 0 || strcmp(state, "coming") == 0) ? THERE : ABSENT;
}

/* The options libkmod would give the module f: modprobe.d's, then the command line's; vfio's without slots. */
static int options_of(const struct loader *l, const struct modfile *f, char *out, size_t size) {
        char all[OPTIONS_MAX] = "";
        int r = 0;

        for (size_t i = 0; r == 0 && i < l->n_conf; i++)
                r = modconf_options(l->conf[i], f->name, all, sizeof(all));
        if (r == 0 && l->cmdline)
                r = modconf_cmdline_options(l->cmdline, f->name, all, sizeof(all));
        if (r < 0)
                return r;
        /* our own vfio.slots= would reach the vfio module as slots=, an unknown parameter */
        if (strcmp(f->name, "vfio") == 0)
                return options_without(all, "slots", out, size);
        snprintf(out, size, "%s", all);
        return 0;
}

/*
 * Inserts the module file f: 0, or 1 when the kernel had it already. On
 * failure fills res->detail (naming f when it is not res's module) and
 * returns -errno.
 */
static int insert(struct loader *l, const struct modfile *f, struct module_result *res, bool is_top) {
        char path[PATH_MAX], options[OPTIONS_MAX], who[MODEL_NAME_MAX + 2] = "";
        const char *kind = modfile_compression(f->path, f->path_len);
        int r;

        if (!is_top)
                snprintf(who, sizeof(who), "%.*s: ", MODEL_NAME_MAX - 1, f->name);
        /* depmod writes paths relative to the modules directory; older ones absolute */
        if ((size_t)snprintf(path, sizeof(path), "%s/%.*s", f->path[0] == '/' ? l->root : l->moddir, (int)f->path_len,
                             f->path) >= sizeof(path)) {
                snprintf(res->detail, sizeof(res->detail), "%spath too long", who);
                return -ENAMETOOLONG;
        }
        if (!kind) {
                snprintf(res->detail, sizeof(res->detail), "%s%.*s is not a module file", who, (int)f->path_len,
                         f->path);
                return -ENOEXEC;
        }
        if (kind[0] && strcmp(kind, l->compression) != 0) {
                if (l->compression[0])
                        snprintf(res->detail, sizeof(res->detail),
                                 "%.*s is compressed with %s, and this kernel decompresses %s only", (int)f->path_len,
                                 f->path, kind, l->compression);
                else
                        snprintf(res->detail, sizeof(res->detail),
                                 "%.*s is compressed with %s, and this kernel cannot decompress modules "
                                 "(no /sys/module/compression)",
                                 (int)f->path_len, f->path, kind);
                return -ENOEXEC;
        }
        r = options_of(l, f, options, sizeof(options));
        if (r < 0) {
                snprintf(res->detail, sizeof(res->detail), "%soptions: %s", who, strerror(-r));
                return r;
        }
        /* O_NONBLOCK: a FIFO in the place of a module must not block the boot */
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        struct stat st;
        r = fd < 0 ? -errno : fstat(fd, &st) < 0 ? -errno : !S_ISREG(st.st_mode) ? -EINVAL : 0;
        if (r < 0) {
                snprintf(res->detail, sizeof(res->detail), "%.*s: %s", (int)f->path_len, f->path,
                         r == -EINVAL ? "not a regular file" : strerror(-r));
                if (fd >= 0)
                        close(fd);
                return r;
        }
        r = finit_module(fd, options, kind[0] ? MODULE_INIT_COMPRESSED_FILE : 0) < 0 ? -errno : 0;
        close(fd);
        if (r < 0 && r != -EEXIST) {
                if (!is_top)
                        snprintf(res->detail, sizeof(res->detail), "%s%s", who, strerror(-r));
                return r;
        }
        if (l->n_inserted < sizeof(l->inserted) / sizeof(l->inserted[0]))
                memcpy(l->inserted[l->n_inserted++], f->name, MODEL_NAME_MAX);
        return r == -EEXIST;
}

static void load_one(struct loader *l, const char *name, struct module_result *res) {
        struct modfile order[MODDEP_MAX];
        char want[MODEL_NAME_MAX];
        size_t n;
        int r;

        *res = (struct module_result){ .name = name, .state = MODULE_MISSING };
        if (modname_of(name, want) < 0) {
                res->err = -EINVAL;
                return;
        }
        switch (presence(l, want)) {
        case BUILT_IN:
                res->state = MODULE_BUILTIN;
                return;
        case THERE:
                res->state = MODULE_LIVE;
                return;
        case ABSENT:
                break;
        }
        if (!l->dep) {
                res->err = l->dep_err;
                if (l->dep_err != -ENOENT && l->dep_err != -ENOTDIR) {
                        res->state = MODULE_FAILED;
                        snprintf(res->detail, sizeof(res->detail), "cannot read modules.dep: %s",
                                 strerror(-l->dep_err));
                }
                return;
        }
        r = moddep_order(l->dep, l->dep_len, want, order, MODDEP_MAX, &n);
        if (r == -ENOENT) {
                res->err = r;
                return;
        }
        if (r < 0) {
                res->state = MODULE_FAILED;
                res->err = r;
                if (r == -E2BIG)
                        snprintf(res->detail, sizeof(res->detail), "needs more than %d modules", MODDEP_MAX);
                else
                        snprintf(res->detail, sizeof(res->detail), "its line in modules.dep: %s", strerror(-r));
                return;
        }
        for (size_t i = 0; i < n; i++) {
                if (presence(l, order[i].name) != ABSENT)
                        continue;
                r = insert(l, &order[i], res, i == n - 1);
                if (r < 0) {
                        res->state = r == -ENOENT ? MODULE_MISSING : MODULE_FAILED;
                        res->err = r;
                        return;
                }
        }
        /* the module itself is last: 1 there means the kernel had it already */
        res->state = r == 1 ? MODULE_LIVE : MODULE_LOADED;
}

int modules_load(const char *root, const char *const *names, size_t n, struct module_result *out) {
        struct loader *l = calloc(1, sizeof(*l));
        int r = l ? loader_init(l, root) : -ENOMEM;

        for (size_t i = 0; r == 0 && i < n; i++)
                load_one(l, names[i], &out[i]);
        if (l)
                loader_free(l);
        free(l);
        return r;
}
