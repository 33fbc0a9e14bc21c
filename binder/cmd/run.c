/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cmd/run.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report/report.h"
#include "sys/log.h"

int run_failed(const char *what, int err) {
        log_msg(LOG_ERR, "%s: %s", what, strerror(err < 0 ? -err : err));
        return EXIT_FAILURE_RUN;
}

int run_flush(int ret) {
        if (fflush(stdout) == 0 && !ferror(stdout))
                return ret;
        return run_failed("cannot write the output", errno);
}

int run_open_sysfs(const struct options *o, struct sysfs *s) {
        int r = sysfs_open(s, o->root);

        if (r < 0)
                log_msg(LOG_ERR, "cannot open %s/sys/bus/pci/devices: %s", o->root, strerror(-r));
        return r;
}

int run_prepare(const struct options *o, struct run *run, enum run_scope scope) {
        int r = inputs_read(o->root, o->cmdline, o->conf_path, &run->in);
        if (r < 0)
                return run_failed("cannot read the inputs", r);
        r = selection_load(&run->sel, run->in.cmdline, &run->in.conf_in);
        if (r == -ENOMEM)
                return run_failed("cannot decide the selection", r);
        report_selection(&run->sel, o->conf_path);
        if (r < 0)
                return EXIT_CONFIG;
        if (!selection_active(&run->sel) && scope == SCOPE_SELECTION)
                return EXIT_OK;

        if (run_open_sysfs(o, &run->sys) < 0)
                return EXIT_FAILURE_RUN;
        r = scope == SCOPE_WHOLE_BUS ? sysfs_load_all(&run->sys, &run->model)
                                     : sysfs_gather(&run->sys, &run->sel.items, &run->model);
        if (r >= 0 && selection_active(&run->sel)) {
                r = plan_build(&run->sel.items, &run->model, &run->plan);
                run->have_plan = r >= 0;
        }
        if (r < 0)
                return run_failed("cannot read the PCI devices", r);
        return EXIT_OK;
}

void run_free(struct run *run) {
        plan_free(&run->plan);
        model_free(&run->model);
        sysfs_close(&run->sys);
        selection_free(&run->sel);
        inputs_free(&run->in);
}
