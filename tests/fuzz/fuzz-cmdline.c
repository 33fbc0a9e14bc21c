/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmdline_get(): the kernel's argument splitting and quoting, on any bytes. */
#include <errno.h>

#include "core/cmdline.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        char *line = fuzz_cstr(data, size), *value = NULL;
        int r = cmdline_get(line, "vfio.slots", &value);

        CHECK(r == 0 || r == 1 || r == -ENOMEM);
        if (r == 1) {
                /* the value is a piece of the line, quotes stripped, never more */
                CHECK(value != NULL);
                CHECK(strstr(line, value) != NULL);
        } else {
                CHECK(value == NULL);
        }
        free(value);
        free(line);
        return 0;
}
