/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The klibc loader's parsers on any bytes: moddep_order() and
 * modbuiltin_lists() on the input as modules.dep and modules.builtin (which
 * may hold NUL bytes), modconf_options() and modconf_cmdline_options() on it
 * as a modprobe.d file and a command line. The module asked for is the
 * first line when it is a name, else vfio-pci.
 */
#include <errno.h>

#include "core/modconf.h"
#include "core/moddep.h"
#include "fuzz.h"

static void check_order(const char *text, size_t len, const char *name, size_t max) {
        struct modfile out[MODDEP_MAX];
        char want[MODEL_NAME_MAX];
        size_t n = 0;
        int r = moddep_order(text, len, name, out, max, &n);

        CHECK(r == 0 || r == -ENOENT || r == -EINVAL || r == -E2BIG || r == -ENAMETOOLONG);
        if (r < 0)
                return;
        CHECK(n >= 1 && n <= max);
        CHECK(modname_of(name, want) == 0);
        /* the module itself last, every module once, every path a piece of the text without NUL bytes */
        CHECK(strcmp(out[n - 1].name, want) == 0);
        for (size_t i = 0; i < n; i++) {
                char again[MODEL_NAME_MAX];
                CHECK(out[i].path >= text && out[i].path_len > 0 && out[i].path + out[i].path_len <= text + len);
                CHECK(memchr(out[i].path, '\0', out[i].path_len) == NULL);
                CHECK(modname_of_path(out[i].path, out[i].path_len, again) == 0 && strcmp(again, out[i].name) == 0);
                for (size_t j = 0; j < i; j++)
                        CHECK(strcmp(out[i].name, out[j].name) != 0);
        }
}

static void check_options(int r, const char *out, size_t size) {
        CHECK(r == 0 || r == -ENOSPC || r == -ENOMEM);
        CHECK(strlen(out) < size);
        CHECK(strchr(out, '\t') == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        const char *text = (const char *)data;
        char name[MODEL_NAME_MAX] = "vfio-pci", small[16] = "", big[4096] = "";
        const uint8_t *nl = memchr(data, '\n', size);
        size_t first = nl ? (size_t)(nl - data) : size;

        if (first > 0 && first < sizeof(name) && !memchr(data, '\0', first)) {
                memcpy(name, data, first);
                name[first] = '\0';
        }
        check_order(text, size, name, MODDEP_MAX);
        check_order(text, size, name, 2);
        (void)modbuiltin_lists(text, size, name);
        for (size_t i = 0; i <= size && i < 64; i++)
                (void)modfile_compression(text, i);

        char *s = fuzz_cstr(data, size);
        check_options(modconf_options(s, name, big, sizeof(big)), big, sizeof(big));
        check_options(modconf_options(s, name, small, sizeof(small)), small, sizeof(small));
        big[0] = small[0] = '\0';
        check_options(modconf_cmdline_options(s, name, big, sizeof(big)), big, sizeof(big));
        check_options(modconf_cmdline_options(s, name, small, sizeof(small)), small, sizeof(small));
        free(s);
        return 0;
}
