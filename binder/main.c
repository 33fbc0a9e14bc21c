/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apply.h"
#include "config.h"
#include "fileio.h"
#include "log.h"
#include "modules.h"
#include "plan.h"
#include "report.h"
#include "sysfs.h"

#define CMDLINE_MAX (64 * 1024)
#define CONF_MAX (64 * 1024)
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
        char conf_path[PATH_MAX];
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
              "\n"
              "options:\n"
              "  --root DIR        read and write below DIR (DIR/sys, DIR/proc/cmdline, DIR/etc/vfio-binder.conf,\n"
              "                    DIR/lib/modules) and log to stderr\n"
              "  --cmdline STRING  use STRING instead of /proc/cmdline\n"
              "  --conf FILE       use FILE instead of /etc/vfio-binder.conf\n"
              "  --json            machine-readable output (plan)\n",
              out);
}

static void free_inputs(struct inputs *in) {
        free(in->cmdline);
        free(in->conf);
        *in = (struct inputs){ 0 };
}

/* Returns the conf file's read error (0 when it is absent or read); logs nothing about it. */
static int read_inputs(const struct options *o, struct inputs *in) {
        char path[PATH_MAX];
        size_t len;
        int r;

        *in = (struct inputs){ 0 };
        if (o->cmdline) {
                in->cmdline = strdup(o->cmdline);
                if (!in->cmdline)
                        return -ENOMEM;
        } else {
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

/* Reads the inputs and decides. *have_plan tells whether p and m were filled. */
static int decide(const struct options *o, struct config *c, struct sysfs *s, struct model *m, struct plan *p,
                  bool *have_plan) {
        struct inputs in;
        int conf_err, r;

        *have_plan = false;
        conf_err = read_inputs(o, &in);
        if (conf_err == -ENOMEM) {
                free_inputs(&in);
                return EXIT_FAILURE_RUN;
        }
        r = config_load(c, in.cmdline, conf_err < 0 ? NULL : in.conf, in.conf_len);
        free_inputs(&in);
        if (conf_err < 0 && r != -ENOMEM) {
                /* a conf file that exists but cannot be used fails closed, unless the command line replaces it */
                c->conf_status = -EINVAL;
                c->conf_error = (struct conf_error){ .what = conf_err == -EFBIG ? "larger than 64 KiB"
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
        if (c->source == SLOTS_NONE || c->items.off)
                return EXIT_OK;

        r = sysfs_open(s, o->root);
        if (r < 0) {
                log_msg(LOG_ERR, "cannot open %s/sys/bus/pci/devices: %s", o->root, strerror(-r));
                return EXIT_FAILURE_RUN;
        }
        r = sysfs_gather(s, &c->items, m);
        if (r >= 0)
                r = plan_build(&c->items, m, p);
        if (r < 0) {
                log_msg(LOG_ERR, "cannot read the PCI devices: %s", strerror(-r));
                return EXIT_FAILURE_RUN;
        }
        *have_plan = true;
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
        struct config c = { 0 };
        struct sysfs s = { .sys_fd = -1, .devices_fd = -1, .groups_fd = -1 };
        struct model m = { 0 };
        struct plan p = { 0 };
        bool have_plan;

        int ret = decide(o, &c, &s, &m, &p, &have_plan);
        if (have_plan)
                report_plan(&c, &p, &m);
        else if (ret == EXIT_OK)
                log_msg(LOG_INFO, c.source == SLOTS_NONE ? "no slots configured: nothing to bind"
                                                         : "slots are off: nothing to bind");
        if (ret == EXIT_OK || ret == EXIT_CONFIG)
                print_plan(stdout, &c, have_plan ? &p : NULL, &m, o->conf_path, ret == EXIT_OK, o->json);
        plan_free(&p);
        model_free(&m);
        sysfs_close(&s);
        config_free(&c);
        return fflush(stdout) == 0 ? ret : EXIT_FAILURE_RUN;
}

static long elapsed_ms(const struct timespec *t0) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

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
        return strerror(-r->err);
}

/* Loads vfio; true when vfio-pci is there to take the devices. */
static bool load_vfio(const char *root) {
        static const char *const names[] = { "vfio", "vfio_iommu_type1", "vfio-pci" };
        struct module_result res[3];
        char line[256] = "";
        bool failed = false;

        int r = modules_load(root, names, 3, res);
        if (r < 0) {
                log_msg(LOG_ERR, "cannot load modules: %s", strerror(-r));
                return false;
        }
        for (size_t i = 0; i < 3; i++) {
                size_t used = strlen(line);
                snprintf(line + used, sizeof(line) - used, "%s%s %s", i ? ", " : "", res[i].name,
                         module_state_text(&res[i]));
                failed |= res[i].state == MODULE_FAILED;
        }
        /* a missing module is normal when it is built in under another name or gone (vfio_virqfd) */
        log_msg(failed ? LOG_WARNING : LOG_INFO, "modules: %s", line);
        return res[2].state != MODULE_MISSING && res[2].state != MODULE_FAILED;
}

/* Writes, loads, probes and reads back; logs each function that did not end on vfio-pci. */
static void act(const struct options *o, const struct config *c, const struct sysfs *s, const struct model *m,
                const struct plan *p, const struct timespec *t0) {
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
                bool vfio_pci = load_vfio(o->root);
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
                elapsed_ms(t0), on_vfio, p->n_bind);
        apply_free(&a);
}

/* Never fails: whatever happens, the boot goes on. */
static int cmd_boot(const struct options *o) {
        struct config c = { 0 };
        struct sysfs s = { .sys_fd = -1, .devices_fd = -1, .groups_fd = -1 };
        struct model m = { 0 };
        struct plan p = { 0 };
        struct timespec t0;
        bool have_plan;

        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (o->root[0] == '\0')
                log_to_kmsg("/dev/kmsg");
        log_msg(LOG_INFO, "start");
        int ret = decide(o, &c, &s, &m, &p, &have_plan);
        if (have_plan) {
                log_msg(LOG_INFO, "slots \"%s\" from %s", c.slots, source_text(&c));
                report_plan(&c, &p, &m);
                act(o, &c, &s, &m, &p, &t0);
        } else {
                const char *why = ret == EXIT_CONFIG       ? "the configuration is invalid, nothing bound this boot"
                                  : ret != EXIT_OK         ? "nothing bound this boot"
                                  : c.source == SLOTS_NONE ? "no slots configured, nothing to bind"
                                                           : "slots are off, nothing bound this boot";
                log_msg(ret == EXIT_OK ? LOG_INFO : LOG_ERR, "done in %ld ms: %s", elapsed_ms(&t0), why);
        }
        plan_free(&p);
        model_free(&m);
        sysfs_close(&s);
        config_free(&c);
        log_close();
        return EXIT_OK;
}

int main(int argc, char **argv) {
        static const struct option longopts[] = {
                { "root", required_argument, NULL, 'r' },
                { "cmdline", required_argument, NULL, 'c' },
                { "conf", required_argument, NULL, 'f' },
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        struct options o = { .root = "" };
        int opt;

        while ((opt = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
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
                case 'h':
                        usage(stdout);
                        return EXIT_OK;
                default:
                        usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (optind != argc - 1) {
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

        const char *cmd = argv[optind];
        if (strcmp(cmd, "boot") == 0)
                return cmd_boot(&o);
        if (strcmp(cmd, "plan") == 0)
                return cmd_plan(&o);
        fprintf(stderr, "vfio-binder: unknown command '%s'\n", cmd);
        usage(stderr);
        return EXIT_USAGE;
}
