/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/pcinames.h"

#include <errno.h>
#include <limits.h>
#include <pci/pci.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sys/log.h"

struct pcinames {
        struct pci_access *pacc;
        int flags;         /* every lookup's: no udev hwdb below a root */
        bool numbers_only; /* the ID file could not be parsed */
};

/*
 * libpci reports a parse error in the ID file, and an allocation that failed,
 * through pacc->error, which is declared not to return: it jumps back into
 * the call that failed. One database is open at a time, in one thread.
 */
static jmp_buf failed;
static bool failed_nomem;

__attribute__((format(printf, 1, 0))) static void say(const char *fmt, va_list ap) {
        char text[512];

        vsnprintf(text, sizeof(text), fmt, ap);
        text[strcspn(text, "\n")] = '\0';
        log_msg(LOG_WARNING, "the PCI ID database: %s; its names are left out", text);
}

__attribute__((noreturn, format(printf, 1, 2))) static void on_error(char *msg, ...) {
        /* pci_malloc()'s words: the one error that is not about the file */
        failed_nomem = strncmp(msg, "Out of memory", 13) == 0;
        if (!failed_nomem) {
                va_list ap;
                va_start(ap, msg);
                say(msg, ap);
                va_end(ap);
        }
        longjmp(failed, 1);
}

/* With the DNS cache off nothing warns; should libpci start to, the user hears it. */
__attribute__((format(printf, 1, 2))) static void on_warning(char *msg, ...) {
        va_list ap;

        va_start(ap, msg);
        say(msg, ap);
        va_end(ap);
}

__attribute__((format(printf, 1, 2))) static void on_debug(char *msg, ...) {
        (void)msg;
}

/* A bound far above pci.ids' 1.4 MB: libpci keeps every line it reads. */
#define ID_FILE_MAX (32u << 20)

/* Whether libpci may read path: absent, or a regular file within the bound (a FIFO would block it). */
static int readable_id_file(const char *path, const char **why) {
        struct stat st;

        if (stat(path, &st) < 0)
                return errno == ENOENT ? 0 : (*why = strerror(errno), -1);
        if (!S_ISREG(st.st_mode))
                return *why = "not a regular file", -1;
        if ((uintmax_t)st.st_size > ID_FILE_MAX)
                return *why = "larger than 32 MiB", -1;
        return 1;
}

/*
 * libpci opens NAME.gz, else NAME (stdio, without O_CLOEXEC: the host tool
 * runs no programs). Checks the one it will read; false when it must not.
 */
static bool id_file_ok(const char *name) {
        char plain[PATH_MAX];
        const char *why = NULL, *bad = name;
        size_t len = strlen(name);
        int r = readable_id_file(name, &why);

        if (r == 0 && len > 3 && strcmp(name + len - 3, ".gz") == 0 && len - 3 < sizeof(plain)) {
                memcpy(plain, name, len - 3);
                plain[len - 3] = '\0';
                bad = plain;
                r = readable_id_file(plain, &why);
        }
        if (r < 0)
                log_msg(LOG_WARNING, "the PCI ID database %s: %s; its names are left out", bad, why);
        return r >= 0;
}

int pcinames_open(const char *root, struct pcinames **out) {
        struct pcinames *n = calloc(1, sizeof(*n));

        *out = NULL;
        if (!n)
                return -ENOMEM;
        n->pacc = pci_alloc();
        n->pacc->error = on_error;
        n->pacc->warning = on_warning;
        n->pacc->debug = on_debug;
        /* pci_alloc() turns on the cache of names found by DNS, in ~/.pciids-cache: not ours to read */
        n->pacc->id_lookup_mode = 0;
        if (root[0]) {
                /* the ID file libpci was built with, below the root; libpci tries NAME.gz, then NAME */
                size_t len = strlen(root) + strlen(n->pacc->id_file_name) + 1;
                char *path = malloc(len);
                if (!path) {
                        pcinames_close(n);
                        return -ENOMEM;
                }
                snprintf(path, len, "%s%s", root, n->pacc->id_file_name);
                pci_set_name_list_path(n->pacc, path, 1);
                n->flags = PCI_LOOKUP_NO_HWDB;
        }
        if (!id_file_ok(n->pacc->id_file_name)) {
                n->numbers_only = true;
        } else if (setjmp(failed)) {
                if (failed_nomem) {
                        pcinames_close(n);
                        return -ENOMEM;
                }
                /* what was parsed before the error stays unused */
                n->numbers_only = true;
        } else {
                /* 0 when there is no ID file: the numbers stand in, as in lspci */
                (void)pci_load_name_list(n->pacc);
        }
        *out = n;
        return 0;
}

/* got is buf, a name libpci keeps, NULL (no name) or one of its "<pci_lookup_name: ...>" complaints. */
static void take(char dst[PCI_NAME_MAX], const char *got) {
        if (!got)
                dst[0] = '\0';
        else if (got != dst)
                snprintf(dst, PCI_NAME_MAX, "%s", got);
}

static void lookup_all(struct pcinames *n, const struct pci_func *f, struct pci_names *out) {
        /* skipping the local database without hwdb leaves the numbers alone */
        const int flags = n->numbers_only ? PCI_LOOKUP_SKIP_LOCAL | PCI_LOOKUP_NO_HWDB : n->flags;
        const int cls = (int)(f->class >> 8);
        struct pci_access *a = n->pacc;

        *out = (struct pci_names){ 0 };
        take(out->class_text, pci_lookup_name(a, out->class_text, PCI_NAME_MAX, flags | PCI_LOOKUP_CLASS, cls));
        take(out->device_text,
             pci_lookup_name(a, out->device_text, PCI_NAME_MAX,
                             flags | PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE | PCI_LOOKUP_MIXED, f->vendor, f->device));
        take(out->vendor, pci_lookup_name(a, out->vendor, PCI_NAME_MAX,
                                          flags | PCI_LOOKUP_VENDOR | PCI_LOOKUP_NO_NUMBERS, f->vendor));
        take(out->device, pci_lookup_name(a, out->device, PCI_NAME_MAX,
                                          flags | PCI_LOOKUP_DEVICE | PCI_LOOKUP_NO_NUMBERS, f->vendor, f->device));
        take(out->class_name,
             pci_lookup_name(a, out->class_name, PCI_NAME_MAX, flags | PCI_LOOKUP_CLASS | PCI_LOOKUP_NO_NUMBERS, cls));
}

int pcinames_lookup(struct pcinames *n, const struct pci_func *f, struct pci_names *out) {
        *out = (struct pci_names){ 0 };
        if (f->unreadable)
                return 0;
        if (setjmp(failed)) {
                if (failed_nomem)
                        return -ENOMEM;
                /* only a load parses, and open loaded; numbers, should one happen here */
                n->numbers_only = true;
                /* without the database only an allocation can fail */
                if (setjmp(failed))
                        return -ENOMEM;
        }
        lookup_all(n, f, out);
        return 0;
}

void pcinames_close(struct pcinames *n) {
        if (!n)
                return;
        pci_cleanup(n->pacc);
        free(n);
}
