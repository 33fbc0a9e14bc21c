/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The initramfs binary's commands: what the image runs, and plan to see what boot would do. */
#include "cmd/commands.h"

const struct command commands[] = {
        { "boot", cmd_boot, false,
          "in the initramfs: write driver_override for the selected functions, load vfio, verify" },
        { "plan", cmd_plan, false, "print what boot would do now, writing nothing" },
};
const size_t n_commands = sizeof(commands) / sizeof(commands[0]);
