/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The vfio modules, through whichever loader the build links (sys/modules.h), and the one log line on them. */
#include <stdio.h>
#include <string.h>

#include "sys/log.h"
#include "sys/modules.h"

static const char *module_state_text(const struct module_result *r) {
        switch (r->state) {
        case MODULE_LOADED:
                return "loaded";
        case MODULE_LIVE:
                return "already loaded";
        case MODULE_BUILTIN:
                return "built in";
        case MODULE_MISSING:
                return "not found";
        case MODULE_FAILED:
                break;
        }
        return "not loaded";
}

bool modules_load_vfio(const char *root) {
        static const char *const names[] = { "vfio", "vfio_iommu_type1", "vfio-pci" };
        struct module_result res[3];
        char line[768] = "";
        bool failed = false;

        int r = modules_load(root, names, 3, res);
        if (r < 0) {
                log_msg(LOG_ERR, "cannot load modules: %s", strerror(-r));
                return false;
        }
        for (size_t i = 0; i < 3; i++) {
                size_t used = strlen(line);
                const char *why = res[i].detail[0]                ? res[i].detail
                                  : res[i].state == MODULE_FAILED ? strerror(-res[i].err)
                                                                  : NULL;
                snprintf(line + used, sizeof(line) - used, "%s%s %s%s%s", i ? ", " : "", res[i].name,
                         module_state_text(&res[i]), why ? ": " : "", why ? why : "");
                failed |= res[i].state == MODULE_FAILED;
        }
        /* a missing module is normal when it is built in under another name or gone (vfio_virqfd) */
        log_msg(failed ? LOG_WARNING : LOG_INFO, "modules: %s", line);
        return res[2].state != MODULE_MISSING && res[2].state != MODULE_FAILED;
}
