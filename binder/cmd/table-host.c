/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The host tool's commands: everything. */
#include "cmd/commands.h"

const struct command commands[] = {
        { "boot", cmd_boot, false,
          "in the initramfs: write driver_override for the selected functions, load vfio, verify" },
        { "plan", cmd_plan, false, "print what boot would do now, writing nothing" },
        { "status", cmd_status, false, "the configured selection against what is bound now" },
        { "list", cmd_list, false, "display devices, their companions, IOMMU groups and drivers" },
        { "check", cmd_check, false, "validate the configuration against this machine" },
        { "bind", cmd_bind, true, "hand cards to vfio-pci now (--force to take the boot display)" },
        { "unbind", cmd_unbind, true, "give cards back to their host drivers now" },
};
const size_t n_commands = sizeof(commands) / sizeof(commands[0]);
