/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/modules.h"

#include <errno.h>
#include <libkmod.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "core/modconf.h"
#include "sys/log.h"

__attribute__((format(printf, 6, 0))) static void kmod_log(void *data, int priority, const char *file, int line,
                                                           const char *fn, const char *format, va_list args) {
        char msg[512];

        (void)data, (void)file, (void)line, (void)fn;
        vsnprintf(msg, sizeof(msg), format, args);
        msg[strcspn(msg, "\n")] = '\0';
        log_msg(priority, "libkmod: %s", msg);
}

/*
 * libkmod turns every "MODULE.PARAM=" on /proc/cmdline into a module option,
 * so our own vfio.slots= would reach the vfio module as "slots=" and make the
 * kernel warn about an unknown parameter. vfio is therefore inserted by hand
 * without it; later probes find it live and skip it.
 */
static int insert_vfio(struct kmod_module *mod) {
        char options[4096];
        const char *given = kmod_module_get_options(mod);
        struct kmod_list *deps = kmod_module_get_dependencies(mod), *l;
        int r = 0;

        kmod_list_foreach(l, deps) {
                r = kmod_module_probe_insert_module(kmod_module_get_module(l), KMOD_PROBE_IGNORE_COMMAND, NULL, NULL,
                                                    NULL, NULL);
                if (r < 0)
                        break;
        }
        kmod_module_unref_list(deps);
        if (r < 0)
                return r;
        r = options_without(given ? given : "", "slots", options, sizeof(options));
        if (r < 0)
                return r;
        return kmod_module_insert_module(mod, 0, options);
}

static void load_one(struct kmod_ctx *ctx, const char *name, struct module_result *res) {
        struct kmod_list *list = NULL;
        int r = kmod_module_new_from_lookup(ctx, name, &list);

        *res = (struct module_result){ .name = name, .state = MODULE_MISSING };
        if (r < 0 || !list) {
                res->err = r;
                return;
        }
        struct kmod_module *mod = kmod_module_get_module(list);
        kmod_module_unref_list(list);

        switch (kmod_module_get_initstate(mod)) {
        case KMOD_MODULE_BUILTIN:
                res->state = MODULE_BUILTIN;
                break;
        case KMOD_MODULE_LIVE:
        case KMOD_MODULE_COMING:
                res->state = MODULE_LIVE;
                break;
        default:
                if (strcmp(kmod_module_get_name(mod), "vfio") == 0)
                        r = insert_vfio(mod);
                else
                        r = kmod_module_probe_insert_module(mod, KMOD_PROBE_IGNORE_COMMAND, NULL, NULL, NULL, NULL);
                if (r == -EEXIST) {
                        res->state = MODULE_LIVE;
                } else if (r < 0) {
                        res->state = r == -ENOENT ? MODULE_MISSING : MODULE_FAILED;
                        res->err = r;
                } else {
                        res->state = MODULE_LOADED;
                }
        }
        kmod_module_unref(mod);
}

/* A libkmod context for ROOT's modules and modprobe.d; NULL with errno set. */
static struct kmod_ctx *context(const char *root) {
        char dirs[MODPROBE_DIR_COUNT][PATH_MAX], moddir[PATH_MAX];
        const char *paths[MODPROBE_DIR_COUNT + 1];
        struct utsname u;

        if (uname(&u) < 0)
                return NULL;
        if ((size_t)snprintf(moddir, sizeof(moddir), "%s/lib/modules/%s", root, u.release) >= sizeof(moddir)) {
                errno = ENAMETOOLONG;
                return NULL;
        }
        for (size_t i = 0; i < MODPROBE_DIR_COUNT; i++) {
                if ((size_t)snprintf(dirs[i], sizeof(dirs[i]), "%s%s", root, modprobe_dirs[i]) >= sizeof(dirs[i])) {
                        errno = ENAMETOOLONG;
                        return NULL;
                }
                paths[i] = dirs[i];
        }
        paths[MODPROBE_DIR_COUNT] = NULL;

        struct kmod_ctx *ctx = kmod_new(moddir, paths);
        if (!ctx) {
                errno = ENOMEM;
                return NULL;
        }
        kmod_set_log_fn(ctx, kmod_log, NULL);
        return ctx;
}

int modules_load(const char *root, const char *const *names, size_t n, struct module_result *out) {
        struct kmod_ctx *ctx = context(root);

        if (!ctx)
                return -errno;
        for (size_t i = 0; i < n; i++)
                load_one(ctx, names[i], &out[i]);
        kmod_unref(ctx);
        return 0;
}

int modules_load_alias(const char *root, const char *modalias) {
        struct kmod_ctx *ctx = context(root);
        struct kmod_list *list = NULL, *l;
        int r;

        if (!ctx)
                return -errno;
        r = kmod_module_new_from_lookup(ctx, modalias, &list);
        kmod_list_foreach(l, list) {
                int e = kmod_module_probe_insert_module(kmod_module_get_module(l),
                                                        KMOD_PROBE_APPLY_BLACKLIST | KMOD_PROBE_IGNORE_COMMAND, NULL,
                                                        NULL, NULL, NULL);
                if (e < 0 && r == 0)
                        r = e;
        }
        kmod_module_unref_list(list);
        kmod_unref(ctx);
        return r < 0 ? r : 0;
}
