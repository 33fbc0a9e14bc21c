/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sys/inputs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "sys/fileio.h"
#include "sys/log.h"

int inputs_read(const char *root, const char *cmdline_arg, const char *conf_path, struct inputs *in) {
        size_t len;
        int r;

        *in = (struct inputs){ 0 };
        if (cmdline_arg) {
                in->cmdline = strdup(cmdline_arg);
                if (!in->cmdline)
                        return -ENOMEM;
        } else {
                r = read_file_below(root, "/proc/cmdline", CMDLINE_MAX, &in->cmdline);
                if (r == -ENOMEM)
                        return r;
                if (r < 0)
                        log_msg(LOG_WARNING, "cannot read %s/proc/cmdline: %s", root, strerror(-r));
        }
        r = read_file_max(AT_FDCWD, conf_path, CONF_FILE_MAX, &in->conf, &len);
        if (r == -ENOMEM)
                return r;
        in->conf_in =
                (struct conf_input){ .text = in->conf, .len = r == 0 ? len : 0, .read_err = r == -ENOENT ? 0 : r };
        return 0;
}

void inputs_free(struct inputs *in) {
        free(in->cmdline);
        free(in->conf);
        *in = (struct inputs){ 0 };
}
