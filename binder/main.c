/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vfio-binder: parses the common options and runs one command from the table. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/commands.h"

static void usage(FILE *out) {
        fputs("usage: vfio-binder [--root DIR] [--cmdline STRING] [--conf FILE] [--json] COMMAND\n\ncommands:\n", out);
        for (size_t i = 0; i < n_commands; i++) {
                char name[32];
                snprintf(name, sizeof(name), "%s%s", commands[i].name, commands[i].takes_args ? " ADDR..." : "");
                fprintf(out, "  %-15s %s\n", name, commands[i].help);
        }
        fputs("\n"
              "options:\n"
              "  --root DIR        read and write below DIR (DIR/sys, DIR/proc/cmdline, DIR/etc/vfio-binder.conf,\n"
              "                    DIR/lib/modules) and log to stderr\n"
              "  --cmdline STRING  use STRING instead of /proc/cmdline\n"
              "  --conf FILE       use FILE instead of /etc/vfio-binder.conf\n"
              "  --json            machine-readable output (plan, status, list, check)\n"
              "  --force           bind: take the boot display too\n",
              out);
}

static const struct command *find_command(const char *name) {
        for (size_t i = 0; i < n_commands; i++)
                if (strcmp(commands[i].name, name) == 0)
                        return &commands[i];
        return NULL;
}

/* Fills o from argv; returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, struct options *o) {
        static const struct option longopts[] = {
                { "root", required_argument, NULL, 'r' },
                { "cmdline", required_argument, NULL, 'c' },
                { "conf", required_argument, NULL, 'f' },
                { "json", no_argument, NULL, 'j' },
                { "force", no_argument, NULL, 'F' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        int opt;

        while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
                switch (opt) {
                case 'r':
                        o->root = optarg;
                        break;
                case 'c':
                        o->cmdline = optarg;
                        break;
                case 'f':
                        o->conf = optarg;
                        break;
                case 'j':
                        o->json = true;
                        break;
                case 'F':
                        o->force = true;
                        break;
                case 'h':
                        usage(stdout);
                        return EXIT_OK;
                default:
                        usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (strcmp(o->root, "/") == 0)
                o->root = "";
        if ((size_t)snprintf(o->conf_path, sizeof(o->conf_path), "%s%s", o->conf ? "" : o->root,
                             o->conf ? o->conf : "/etc/vfio-binder.conf") >= sizeof(o->conf_path)) {
                fputs("vfio-binder: path too long\n", stderr);
                return EXIT_USAGE;
        }
        return -1;
}

int main(int argc, char **argv) {
        struct options o = { .root = "" };
        int ret = parse_options(argc, argv, &o);

        if (ret >= 0)
                return ret;
        if (optind >= argc) {
                usage(stderr);
                return EXIT_USAGE;
        }
        const struct command *c = find_command(argv[optind]);
        if (!c) {
                fprintf(stderr, "vfio-binder: unknown command '%s'\n", argv[optind]);
                usage(stderr);
                return EXIT_USAGE;
        }
        o.args = argv + optind + 1;
        o.n_args = argc - optind - 1;
        if (c->takes_args != (o.n_args > 0)) {
                usage(stderr);
                return EXIT_USAGE;
        }
        return c->run(&o);
}
