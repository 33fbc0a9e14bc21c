/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "check.h"
#include "clock.h"
#include "config.h"
#include "fileio.h"
#include "host.h"
#include "log.h"
#include "modules.h"
#include "plan.h"
#include "report.h"
#include "runtime.h"
#include "status.h"
#include "sysfs.h"

#define CMDLINE_MAX ((size_t)64 * 1024)
#define CONF_MAX ((size_t)64 * 1024)
/* generous for asynchronous probing, short enough never to be felt at boot */
#define VERIFY_TIMEOUT_MS 1000

enum exit_code {
        EXIT_OK = 0,
        EXIT_FAILURE_RUN = 1, /* could not do the job: sysfs unreadable, out of memory */
        EXIT_CONFIG = 2,      /* the configuration is wrong */
        EXIT_USAGE = 64,
};

struct options {
        const char *root; /* "" for the real system */
        const char *cmdline;
        const char *conf;
        bool json;
        bool force;
        char conf_path[PATH_MAX];
        char **args; /* bind and unbind: the addresses */
        int n_args;
};

/* The inputs of one run: command line and conf file, read with bounds. */
struct inputs {
        char *cmdline;
        char *conf;
        size_t conf_len;
};

static void usage(FILE *out) {
        fputs("usage: vfio-binder [--root DIR] [--cmdline STRING] [--conf FILE] [--json] COMMAND\n"
              "\n"
              "commands:\n"
              "  boot   in the initramfs: write driver_override for the selected functions, load vfio, verify\n"
              "  plan   print what boot would do now, writing nothing\n"
              "  status the configured selection against what is bound now\n"
              "  list   display devices, their companions, IOMMU groups and drivers\n"
              "  check  validate the configuration against this machine\n"
              "  bind ADDR...    hand cards to vfio-pci now (--force to take the boot display)\n"
              "  unbind ADDR...  give cards back to their host drivers now\n"
              "\n"
              "options:\n"
              "  --root DIR        read and write below DIR (DIR/sys, DIR/proc/cmdline, DIR/etc/vfio-binder.conf,\n"
              "                    DIR/lib/modules) and log to stderr\n"
              "  --cmdline STRING  use STRING instead of /proc/cmdline\n"
              "  --conf FILE       use FILE instead of /etc/vfio-binder.conf\n"
              "  --json            machine-readable output (plan, status, list, check)\n"
              "  --force           bind: take the boot display too\n",
              out);
}

static void free_inputs(struct inputs *in) {
        free(in->cmdline);
        free(in->conf);
        *in = (struct inputs){ 0 };
}

/* Everything one decision holds, freed together. */
struct run {
        struct config c;
        struct sysfs s;
        struct model m;
        struct plan p;
        bool have_plan; /* p and m were filled */
        struct inputs in;
};

#define RUN_INIT { .s = { .sys_fd = -1, .devices_fd = -1, .groups_fd = -1 } }

static void run_free(struct run *r) {
        free_inputs(&r->in);
        plan_free(&r->p);
        model_free(&r->m);
        sysfs_close(&r->s);
        config_free(&r->c);
}

/* Returns the conf file's read error (0 when it is absent or read); logs nothing about it. */
static int read_inputs(const struct options *o, struct inputs *in) {
        size_t len;
        int r;

        *in = (struct inputs){ 0 };
        if (o->cmdline) {
                in->cmdline = strdup(o->cmdline);
                if (!in->cmdline)
                        return -ENOMEM;
        } else {
                char path[PATH_MAX];
                snprintf(path, sizeof(path), "%s/proc/cmdline", o->root);
                r = read_file_max(AT_FDCWD, path, CMDLINE_MAX, &in->cmdline, &len);
                if (r == -ENOMEM)
                        return r;
                if (r < 0)
                        log_msg(LOG_WARNING, "cannot read %s: %s", path, strerror(-r));
        }
        r = read_file_max(AT_FDCWD, o->conf_path, CONF_MAX, &in->conf, &in->conf_len);
        return r == -ENOENT ? 0 : r;
}

/* Reads the inputs and decides; whole_bus reads every function, not just the selection's. */
static int decide(const struct options *o, struct run *run, bool whole_bus) {
        struct config *c = &run->c;
        struct sysfs *s = &run->s;
        struct model *m = &run->m;
        struct inputs *in = &run->in;
        int conf_err, r;

        conf_err = read_inputs(o, in);
        if (conf_err == -ENOMEM)
                return EXIT_FAILURE_RUN;
        r = config_load(c, in->cmdline, conf_err < 0 ? NULL : in->conf, in->conf_len);
        if (conf_err < 0 && r != -ENOMEM) {
                /* a conf file that exists but cannot be used fails closed, unless the command line replaces it */
                c->conf_status = -EINVAL;
                c->conf_error = (struct conf_error){ .what = conf_err == -EFBIG    ? "larger than 64 KiB"
                                                             : conf_err == -EINVAL ? "not a regular file"
                                                                                   : strerror(-conf_err) };
                if (c->source != SLOTS_CMDLINE) {
                        report_config(c, o->conf_path);
                        return EXIT_CONFIG;
                }
        }
        report_config(c, o->conf_path);
        if (r == -ENOMEM)
                return EXIT_FAILURE_RUN;
        if (r < 0)
                return EXIT_CONFIG;
        if ((c->source == SLOTS_NONE || c->items.off) && !whole_bus)
                return EXIT_OK;

        r = sysfs_open(s, o->root);
        if (r < 0) {
                log_msg(LOG_ERR, "cannot open %s/sys/bus/pci/devices: %s", o->root, strerror(-r));
                return EXIT_FAILURE_RUN;
        }
        r = whole_bus ? sysfs_load_all(s, m) : sysfs_gather(s, &c->items, m);
        if (r >= 0 && c->source != SLOTS_NONE && !c->items.off) {
                r = plan_build(&c->items, m, &run->p);
                run->have_plan = r >= 0;
        }
        if (r < 0) {
                log_msg(LOG_ERR, "cannot read the PCI devices: %s", strerror(-r));
                return EXIT_FAILURE_RUN;
        }
        return EXIT_OK;
}

static const char *source_text(const struct config *c) {
        switch (c->source) {
        case SLOTS_CMDLINE:
                return "the kernel command line";
        case SLOTS_CONF:
                return "the conf file";
        case SLOTS_NONE:
                break;
        }
        return "nowhere";
}

static int cmd_plan(const struct options *o) {
        struct run run = RUN_INIT;

        int ret = decide(o, &run, false);
        if (run.have_plan)
                report_plan(&run.c, &run.p, &run.m);
        else if (ret == EXIT_OK)
                log_msg(LOG_INFO, run.c.source == SLOTS_NONE ? "no slots configured: nothing to bind"
                                                         : "slots are off: nothing to bind");
        if (ret == EXIT_OK || ret == EXIT_CONFIG)
                print_plan(stdout, &run.c, run.have_plan ? &run.p : NULL, &run.m, o->conf_path, ret == EXIT_OK, o->json);
        run_free(&run);
        return fflush(stdout) == 0 ? ret : EXIT_FAILURE_RUN;
}

/* Writes, loads, probes and reads back; logs each function that did not end on vfio-pci. */
static void act(const struct options *o, const struct config *c, const struct sysfs *s, const struct model *m,
                const struct plan *p, long t0) {
        struct apply a;
        char addr[PCI_ADDR_STRLEN];
        unsigned on_vfio = 0, written = 0;

        if (apply_overrides(s, m, p, &a) < 0) {
                log_msg(LOG_ERR, "out of memory: nothing bound");
                return;
        }
        for (size_t u = 0; u < p->n_units; u++)
                if (a.unit_err[u] < 0) {
                        const char *what = a.unit_func[u] >= 0 ? (pci_addr_format(&m->v[a.unit_func[u]].addr, addr), addr)
                                                               : "memory";
                        log_msg(LOG_ERR, "%s: cannot write driver_override of %s: %s; the item is left unbound",
                                c->items.v[p->units[u].item].text, what, strerror(-a.unit_err[u]));
                }
        for (size_t i = 0; i < m->n; i++)
                written += a.written[i];
        if (written > 0) {
                bool vfio_pci = modules_load_vfio(o->root);
                apply_probe(s, m, &a);
                apply_verify(s, m, &a, vfio_pci, VERIFY_TIMEOUT_MS);
        }
        for (size_t i = 0; i < m->n; i++) {
                if (!a.written[i])
                        continue;
                pci_addr_format(&m->v[i].addr, addr);
                if (strcmp(a.driver[i], "vfio-pci") == 0)
                        on_vfio++;
                else if (a.driver[i][0])
                        log_msg(LOG_WARNING, "%s: %s took it first; override set, left alone until it is unbound",
                                addr, a.driver[i]);
                else
                        log_msg(LOG_WARNING, "%s: no driver bound after the probe", addr);
        }
        log_msg(on_vfio == p->n_bind ? LOG_INFO : LOG_WARNING, "done in %ld ms: %u of %zu functions on vfio-pci",
                monotonic_ms() - t0, on_vfio, p->n_bind);
        apply_free(&a);
}

/* Never fails: whatever happens, the boot goes on. */
static int cmd_boot(const struct options *o) {
        struct run run = RUN_INIT;
        long t0 = monotonic_ms();

        if (o->root[0] == '\0')
                log_to_kmsg("/dev/kmsg");
        log_msg(LOG_INFO, "start");
        int ret = decide(o, &run, false);
        if (run.have_plan) {
                log_msg(LOG_INFO, "slots \"%s\" from %s", run.c.slots, source_text(&run.c));
                report_plan(&run.c, &run.p, &run.m);
                act(o, &run.c, &run.s, &run.m, &run.p, t0);
        } else {
                const char *why = ret == EXIT_CONFIG       ? "the configuration is invalid, nothing bound this boot"
                                  : ret != EXIT_OK         ? "nothing bound this boot"
                                  : run.c.source == SLOTS_NONE ? "no slots configured, nothing to bind"
                                                           : "slots are off, nothing bound this boot";
                log_msg(ret == EXIT_OK ? LOG_INFO : LOG_ERR, "done in %ld ms: %s", monotonic_ms() - t0, why);
        }
        run_free(&run);
        log_close();
        return EXIT_OK;
}

static int cmd_status(const struct options *o) {
        struct run run = RUN_INIT;

        int ret = decide(o, &run, false);
        if (run.have_plan) {
                ret = status_print(stdout, &run.c, &run.p, &run.m, o->json) ? EXIT_OK : EXIT_FAILURE_RUN;
        } else if (ret == EXIT_OK) {
                const char *what = run.c.source == SLOTS_NONE ? "no slots configured" : "slots are off";
                if (o->json)
                        printf("{\"ok\":true,\"source\":\"%s\",\"items\":[],\"groups\":[]}\n",
                               run.c.source == SLOTS_NONE ? "none" : run.c.source == SLOTS_CMDLINE ? "cmdline" : "conf");
                else
                        printf("status: ok: %s, nothing to bind\n", what);
        } else if (o->json) {
                printf("{\"ok\":false,\"error\":\"%s\"}\n",
                       ret == EXIT_CONFIG ? "invalid configuration" : "cannot read the PCI devices");
        }
        run_free(&run);
        return fflush(stdout) == 0 ? ret : EXIT_FAILURE_RUN;
}

static int cmd_list(const struct options *o) {
        struct sysfs s;
        struct model m = { 0 };

        int r = sysfs_open(&s, o->root);
        if (r < 0) {
                log_msg(LOG_ERR, "cannot open %s/sys/bus/pci/devices: %s", o->root, strerror(-r));
                return EXIT_FAILURE_RUN;
        }
        r = sysfs_load_all(&s, &m);
        if (r < 0)
                log_msg(LOG_ERR, "cannot read the PCI devices: %s", strerror(-r));
        else
                list_print(stdout, &m, o->json);
        model_free(&m);
        sysfs_close(&s);
        return r < 0 || fflush(stdout) != 0 ? EXIT_FAILURE_RUN : EXIT_OK;
}

static int cmd_check(const struct options *o) {
        struct run run = RUN_INIT;
        struct host_facts h;
        struct findings f = { 0 };

        int ret = decide(o, &run, true);
        /* an invalid configuration stops decide() early; the machine's own problems still count */
        if (ret == EXIT_CONFIG && sysfs_open(&run.s, o->root) == 0 && sysfs_load_all(&run.s, &run.m) < 0)
                ret = EXIT_FAILURE_RUN;
        if (ret == EXIT_FAILURE_RUN) {
                run_free(&run);
                return ret;
        }
        /* vfio-pci.ids= is on the command line too */
        int r = host_read(o->root, run.in.cmdline, &h);
        if (r >= 0)
                r = check_build(&run.c, run.have_plan ? &run.p : NULL, &run.m, &h, &f);
        if (r < 0) {
                log_msg(LOG_ERR, "check: %s", strerror(-r));
                ret = EXIT_FAILURE_RUN;
        } else {
                check_print(stdout, &f, run.have_plan ? &run.p : NULL, &run.m, ret != EXIT_CONFIG, o->json);
                if (ret == EXIT_OK)
                        ret = check_level(&f); /* 1 warnings, 3 would take what the host needs */
        }
        findings_free(&f);
        host_free(&h);
        run_free(&run);
        return fflush(stdout) == 0 ? ret : EXIT_FAILURE_RUN;
}

/* bind and unbind take addresses and paths, in the slots grammar, never selectors. */
static int runtime_items(const struct options *o, struct item_list *items) {
        struct item_errors errs;
        size_t len = 1;
        char *list;

        for (int i = 0; i < o->n_args; i++)
                len += strlen(o->args[i]) + 1;
        list = calloc(1, len);
        if (!list)
                return EXIT_FAILURE_RUN;
        size_t at = 0;
        for (int i = 0; i < o->n_args; i++) {
                size_t n = strlen(o->args[i]);
                if (i > 0)
                        list[at++] = ',';
                memcpy(list + at, o->args[i], n);
                at += n;
        }
        int r = items_parse(list, items, &errs);
        for (size_t e = 0; r == -EINVAL && e < errs.n && e < ITEM_MAX_ERRORS; e++)
                log_msg(LOG_ERR, "\"%.*s\": %s", (int)errs.v[e].len, list + errs.v[e].start, errs.v[e].what);
        free(list);
        if (r < 0)
                return EXIT_USAGE;
        for (size_t i = 0; i < items->n; i++)
                if (items->v[i].kind == ITEM_ID || items->v[i].kind == ITEM_GPUS) {
                        log_msg(LOG_ERR, "%s: bind and unbind take addresses, not selectors", items->v[i].text);
                        return EXIT_USAGE;
                }
        if (items->off || items->n == 0) {
                log_msg(LOG_ERR, "no address given");
                return EXIT_USAGE;
        }
        return EXIT_OK;
}

/* Moves the named cards; refuses an item the selection rules refuse, and the boot display without --force. */
static int cmd_runtime(const struct options *o, bool bind) {
        struct run run = RUN_INIT;
        char why[512], a[PCI_ADDR_STRLEN];
        size_t *funcs = NULL, n = 0;
        int ret = runtime_items(o, &run.c.items);

        if (ret != EXIT_OK)
                goto out;
        ret = EXIT_FAILURE_RUN;
        int r = sysfs_open(&run.s, o->root);
        if (r >= 0)
                r = sysfs_gather(&run.s, &run.c.items, &run.m);
        if (r >= 0)
                r = plan_build(&run.c.items, &run.m, &run.p);
        funcs = r >= 0 ? calloc(run.m.n + 1, sizeof(*funcs)) : NULL;
        if (!funcs) {
                log_msg(LOG_ERR, "cannot read the PCI devices: %s", strerror(r < 0 ? -r : ENOMEM));
                goto out;
        }
        ret = EXIT_OK;
        for (size_t k = 0; k < run.p.n_units; k++) {
                const struct plan_unit *u = &run.p.units[k];
                const struct item *it = &run.c.items.v[u->item];
                /* giving a card back needs no viable group, only the card */
                bool usable = u->verdict == VERDICT_BIND ||
                              (!bind && (u->verdict == VERDICT_GROUP_SHARED || u->verdict == VERDICT_NO_IOMMU));
                if (!usable) {
                        plan_reason(u, it, &run.m, why, sizeof(why));
                        log_msg(LOG_ERR, "%s: %s", it->text, why);
                        ret = EXIT_FAILURE_RUN;
                        continue;
                }
                if (bind && u->takes_boot_display && !o->force) {
                        log_msg(LOG_ERR, "%s: includes the boot display; the console would go dark (--force to do it)",
                                it->text);
                        ret = EXIT_FAILURE_RUN;
                        continue;
                }
                for (size_t f = 0; f < u->n_funcs; f++) {
                        bool dup = false;
                        for (size_t i = 0; i < n; i++)
                                dup |= funcs[i] == u->funcs[f].func;
                        if (!dup)
                                funcs[n++] = u->funcs[f].func;
                }
        }
        char(*after)[MODEL_NAME_MAX] = calloc(n + 1, sizeof(*after));
        if (!after) {
                ret = EXIT_FAILURE_RUN;
                goto out;
        }
        if (n > 0 && bind)
                runtime_bind(&run.s, o->root, &run.m, funcs, n, after);
        else if (n > 0)
                runtime_unbind(&run.s, o->root, &run.m, funcs, n, after);
        for (size_t i = 0; i < n; i++) {
                const struct pci_func *f = &run.m.v[funcs[i]];
                bool on_vfio = strcmp(after[i], "vfio-pci") == 0;
                bool ok = bind ? on_vfio : !on_vfio;
                pci_addr_format(&f->addr, a);
                printf("%s %s -> %s%s\n", a, f->driver[0] ? f->driver : "(none)", after[i][0] ? after[i] : "(none)",
                       ok ? "" : bind ? ": not on vfio-pci" : ": still on vfio-pci");
                if (!ok)
                        ret = EXIT_FAILURE_RUN;
        }
        free(after);
out:
        free(funcs);
        run_free(&run);
        return fflush(stdout) == 0 ? ret : EXIT_FAILURE_RUN;
}

int main(int argc, char **argv) {
        static const struct option longopts[] = {
                { "root", required_argument, NULL, 'r' },
                { "cmdline", required_argument, NULL, 'c' },
                { "conf", required_argument, NULL, 'f' },
                { "json", no_argument, NULL, 'j' },
                { "force", no_argument, NULL, 'F' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        struct options o = { .root = "" };
        int opt;

        while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
                switch (opt) {
                case 'r':
                        o.root = optarg;
                        break;
                case 'c':
                        o.cmdline = optarg;
                        break;
                case 'f':
                        o.conf = optarg;
                        break;
                case 'j':
                        o.json = true;
                        break;
                case 'F':
                        o.force = true;
                        break;
                case 'h':
                        usage(stdout);
                        return EXIT_OK;
                default:
                        usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (optind >= argc) {
                usage(stderr);
                return EXIT_USAGE;
        }
        const char *cmd = argv[optind];
        o.args = argv + optind + 1;
        o.n_args = argc - optind - 1;
        bool takes_args = strcmp(cmd, "bind") == 0 || strcmp(cmd, "unbind") == 0;
        if (takes_args != (o.n_args > 0)) {
                usage(stderr);
                return EXIT_USAGE;
        }
        if (strcmp(o.root, "/") == 0)
                o.root = "";
        if ((size_t)snprintf(o.conf_path, sizeof(o.conf_path), "%s%s", o.conf ? "" : o.root,
                             o.conf ? o.conf : "/etc/vfio-binder.conf") >= sizeof(o.conf_path)) {
                fputs("vfio-binder: path too long\n", stderr);
                return EXIT_USAGE;
        }

        if (strcmp(cmd, "boot") == 0)
                return cmd_boot(&o);
        if (strcmp(cmd, "plan") == 0)
                return cmd_plan(&o);
        if (strcmp(cmd, "status") == 0)
                return cmd_status(&o);
        if (strcmp(cmd, "list") == 0)
                return cmd_list(&o);
        if (strcmp(cmd, "check") == 0)
                return cmd_check(&o);
        if (takes_args)
                return cmd_runtime(&o, strcmp(cmd, "bind") == 0);
        fprintf(stderr, "vfio-binder: unknown command '%s'\n", cmd);
        usage(stderr);
        return EXIT_USAGE;
}
