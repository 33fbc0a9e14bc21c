/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vfio-binder: parses the common options and runs one command from the table. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
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
              "  --force           bind: take the boot display too\n"
              "  --help            this text\n",
              out);
}

static const struct command *find_command(const char *name) {
        for (size_t i = 0; i < n_commands; i++)
                if (strcmp(commands[i].name, name) == 0)
                        return &commands[i];
        return NULL;
}

/*
 * Fills o from argv, and words with the arguments that are not options, in
 * order; returns -1 to go on, else the exit code. Options may come after
 * the command. glibc's and musl's getopt_long() would reorder argv for
 * that, klibc's cannot: each stops at the first word here ("+"), which is
 * taken, and the scan goes on after it, the same with every libc. After
 * "--" everything is a word.
 */
static int parse_options(int argc, char **argv, struct options *o, char **words, int *n_words) {
        static const struct option longopts[] = {
                { "root", required_argument, NULL, 'r' },
                { "cmdline", required_argument, NULL, 'c' },
                { "conf", required_argument, NULL, 'f' },
                { "json", no_argument, NULL, 'j' },
                { "force", no_argument, NULL, 'F' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        while (optind < argc) {
                if (strcmp(argv[optind], "--") == 0) {
                        while (++optind < argc)
                                words[(*n_words)++] = argv[optind];
                        break;
                }
                int opt = getopt_long(argc, argv, "+h", longopts, NULL);
                if (opt == -1) {
                        if (optind < argc)
                                words[(*n_words)++] = argv[optind++];
                        continue;
                }
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

static int run(int argc, char **argv, char **words) {
        struct options o = { .root = "" };
        int n_words = 0;
        int ret = parse_options(argc, argv, &o, words, &n_words);

        if (ret >= 0)
                return ret;
        if (n_words == 0) {
                usage(stderr);
                return EXIT_USAGE;
        }
        const struct command *c = find_command(words[0]);
        if (!c) {
                fprintf(stderr, "vfio-binder: unknown command '%s'\n", words[0]);
                usage(stderr);
                return EXIT_USAGE;
        }
        o.args = words + 1;
        o.n_args = n_words - 1;
        if (c->takes_args != (o.n_args > 0)) {
                usage(stderr);
                return EXIT_USAGE;
        }
        return c->run(&o);
}

int main(int argc, char **argv) {
        char **words = calloc((size_t)argc, sizeof(*words));

        if (!words) {
                fputs("vfio-binder: out of memory\n", stderr);
                return EXIT_FAILURE_RUN;
        }
        int ret = run(argc, argv, words);
        free(words);
        return ret;
}
