/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The modprobe.d parser (modconf_parse, modconf_add_ids), and options_without(): libkmod hands vfio our own vfio.slots=
 * as "slots=..."; it must go, every other option must stay. libkmod re-quotes a whole-arg quoted "vfio.slots=a b" as
 * slots="a b" and turns tabs into spaces, so the options seen here are space separated with quoted values.
 */
#include "unit.h"

#include <errno.h>
#include <string.h>

#include "core/modconf.h"

#define BUF_SIZE 4096
#define ROOMY ((size_t)-1)

struct row {
        const char *name;
        const char *options;
        const char *param; /* NULL: "slots" */
        size_t size;       /* ROOMY: the whole test buffer */
        int rc;
        const char *want;
};

static struct row rows[] = {
        { "empty", "", NULL, ROOMY, 0, "" },
        { "only slots=", "slots=01:00.0", NULL, ROOMY, 0, "" },
        { "only bare slots", "slots", NULL, ROOMY, 0, "" },
        { "only empty slots=", "slots=", NULL, ROOMY, 0, "" },
        { "other options kept", "enable_unsafe_noiommu_mode=1 slots=01:00.0 dma_entry_limit=65535", NULL, ROOMY, 0,
          "enable_unsafe_noiommu_mode=1 dma_entry_limit=65535" },
        { "slots first", "slots=01:00.0 enable_unsafe_noiommu_mode=1", NULL, ROOMY, 0, "enable_unsafe_noiommu_mode=1" },
        { "bare slots last", "enable_unsafe_noiommu_mode=1 slots", NULL, ROOMY, 0, "enable_unsafe_noiommu_mode=1" },
        { "quoted value with spaces", "a=1 slots=\"01:00.0, 02:00.0\" b=2", NULL, ROOMY, 0, "a=1 b=2" },
        { "quoted value with spaces last", "a=1 slots=\"01:00.0 02:00.0\"", NULL, ROOMY, 0, "a=1" },
        { "unterminated quote swallows the rest", "a=1 slots=\"01:00.0 b=2", NULL, ROOMY, 0, "a=1" },
        { "every occurrence removed", "slots=1 a=1 slots slots=\"x y\" b=2 slots=3", NULL, ROOMY, 0, "a=1 b=2" },
        { "other quoted values kept whole", "a=\"x slots=1\" b=2", NULL, ROOMY, 0, "a=\"x slots=1\" b=2" },
        { "shared prefix kept", "slotsx=1 slots_max=2 slots-x=3", NULL, ROOMY, 0, "slotsx=1 slots_max=2 slots-x=3" },
        { "longer name ending in slots kept", "xslots=1 max_slots=2", NULL, ROOMY, 0, "xslots=1 max_slots=2" },
        { "shorter name kept", "slot=1 s=2", NULL, ROOMY, 0, "slot=1 s=2" },
        { "case sensitive", "SLOTS=1", NULL, ROOMY, 0, "SLOTS=1" },
        { "extra spaces collapse", "  a=1   slots=2  b  ", NULL, ROOMY, 0, "a=1 b" },
        { "only spaces", "   ", NULL, ROOMY, 0, "" },
        { "another parameter name", "ids=10de:2204 disable_vga=1", "ids", ROOMY, 0, "disable_vga=1" },

        /* buffer sizes: room for the text and its NUL, or ENOSPC */
        { "size 1, nothing left", "slots=1", NULL, 1, 0, "" },
        { "size 0", "", NULL, 0, -ENOSPC, NULL },
        { "exact fit", "abcdef", NULL, 7, 0, "abcdef" },
        { "one byte short", "abcdef", NULL, 6, -ENOSPC, NULL },
        { "separator counts", "a b", NULL, 3, -ENOSPC, NULL },
        { "separator fits", "a b", NULL, 4, 0, "a b" },
        { "removed options need no room", "slots=\"a long value that is removed\" a", NULL, 2, 0, "a" },
        { "long options short buffer", "a=1 b=2 c=3 d=4 e=5 slots=1", NULL, 8, -ENOSPC, NULL },
};

static void test_row(void **state) {
        const struct row *r = *state;
        char buf[BUF_SIZE];
        size_t size = r->size == ROOMY ? sizeof(buf) : r->size;

        memset(buf, 'Z', sizeof(buf));
        int rc = options_without(r->options, r->param ? r->param : "slots", buf, size);
        CHECK_EQ(r->name, "return", rc, r->rc);
        if (rc == 0)
                CHECK_STR(r->name, "options", buf, r->want);
        /* nothing written past the given size */
        for (size_t i = size; i < sizeof(buf); i++)
                if (buf[i] != 'Z')
                        fail_msg("%s: byte %zu written beyond size %zu", r->name, i, size);
}

/* A 4 KiB option string, as the insert path's buffer holds. */
static void test_long(void **state) {
        char options[BUF_SIZE], want[BUF_SIZE], out[BUF_SIZE];
        size_t n = 0, w = 0;

        (void)state;
        /* "o0=0 slots=x o1=1 slots=x ...": every other option removed */
        for (unsigned i = 0; n + 32 < sizeof(options); i++) {
                n += (size_t)snprintf(options + n, sizeof(options) - n, "%so%u=%u slots=\"%u %u\"", i ? " " : "", i, i,
                                      i, i);
                w += (size_t)snprintf(want + w, sizeof(want) - w, "%so%u=%u", i ? " " : "", i, i);
        }
        assert_int_equal(options_without(options, "slots", out, sizeof(out)), 0);
        assert_string_equal(out, want);
}

/* A modprobe.d file and what the parser keeps of it, as text: "vendor:device[@source]" per id. */
struct conf_row {
        const char *name;
        const char *text;
        const char *ids;       /* "10de:2204 ffffffff:1aef", "" for none */
        const char *blacklist; /* "nouveau nvme", "" for none */
        const char *disabled;
};

static struct conf_row conf_rows[] = {
        { "empty", "", "", "", "" },
        { "comments and blank lines", "# blacklist nvme\n\n   \n\t# options vfio-pci ids=1:2\n", "", "", "" },
        { "blacklist", "blacklist nouveau\nblacklist  nvme \n", "", "nouveau nvme", "" },
        { "blacklist with a trailing comment", "blacklist e1000e # the onboard NIC\n", "", "e1000e", "" },
        { "blacklist without a module is nothing", "blacklist\n", "", "", "" },
        { "install no-ops",
          "install ahci /bin/false\ninstall ixgbe /bin/true\ninstall a /usr/bin/false\n"
          "install b /usr/bin/true\ninstall c false\ninstall d true\n",
          "", "", "ahci ixgbe a b c d" },
        { "install with a real command is not a no-op", "install nvme /sbin/modprobe --ignore-install nvme\n", "", "",
          "" },
        { "options vfio-pci ids=", "options vfio-pci ids=10de:2204,10de:1aef\n", "10de:2204 10de:1aef", "", "" },
        { "vfio_pci is vfio-pci", "options vfio_pci disable_vga=1 ids=1002:73bf\n", "1002:73bf", "", "" },
        { "quoted ids=", "options vfio-pci ids=\"10de:2204,10de:1aef\"\n", "10de:2204 10de:1aef", "", "" },
        { "subvendor fields are ignored", "options vfio-pci ids=10de:2204:ffffffff:ffffffff\n", "10de:2204", "", "" },
        { "any vendor", "options vfio-pci ids=ffffffff:1aef\n", "ffffffff:1aef", "", "" },
        { "bad entries are skipped as the kernel does", "options vfio-pci ids=zz:2204,10de,10de:,:1,10de:2204\n",
          "10de:2204", "", "" },
        { "nine hex digits are not an ID", "options vfio-pci ids=123456789:1\n", "", "", "" },
        { "other modules' options are not vfio-pci's", "options vfio ids=10de:2204\noptions nvidia ids=1:2\n", "", "",
          "" },
        { "ids= in a comment does not count", "options vfio-pci disable_vga=1 # ids=10de:2204\n", "", "", "" },
        { "no newline at the end", "blacklist nouveau", "", "nouveau", "" },
        { "tabs separate words", "blacklist\tnouveau\noptions\tvfio-pci\tids=10de:2204\n", "10de:2204", "nouveau", "" },
        { "unknown statements are modprobe's business", "alias pci:v* nvme\nsoftdep nvme pre: vfio-pci\n", "", "", "" },
};

static void join_names(char (*v)[MODEL_NAME_MAX], size_t n, char *out, size_t size) {
        out[0] = '\0';
        for (size_t i = 0; i < n; i++)
                snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "", v[i]);
}

static void test_conf_row(void **state) {
        const struct conf_row *r = *state;
        struct modconf mc = { 0 };
        char got[512];

        assert_int_equal(modconf_parse(&mc, r->text, "/etc/modprobe.d/x.conf"), 0);
        got[0] = '\0';
        for (size_t i = 0; i < mc.n_ids; i++) {
                snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%04x:%04x", i ? " " : "", mc.ids[i].vendor,
                         mc.ids[i].device);
                CHECK_STR(r->name, "id source", mc.ids[i].source, "/etc/modprobe.d/x.conf");
        }
        CHECK_STR(r->name, "ids", got, r->ids);
        join_names(mc.blacklist, mc.n_blacklist, got, sizeof(got));
        CHECK_STR(r->name, "blacklist", got, r->blacklist);
        join_names(mc.disabled, mc.n_disabled, got, sizeof(got));
        CHECK_STR(r->name, "disabled", got, r->disabled);
        modconf_free(&mc);
}

/* An ids= entry matches by vendor and device, 0xffffffff for any; never an unreadable function. */
static void test_id_matches(void **state) {
        struct pci_func f = { .vendor = 0x10de, .device = 0x2204 };
        struct pci_id_match exact = { .vendor = 0x10de, .device = 0x2204 }, any_vendor = { 0xffffffff, 0x2204, "" },
                            other = { .vendor = 0x10de, .device = 0x2206 };

        (void)state;
        assert_true(modconf_id_matches(&exact, &f));
        assert_true(modconf_id_matches(&any_vendor, &f));
        assert_false(modconf_id_matches(&other, &f));
        f.unreadable = true;
        assert_false(modconf_id_matches(&exact, &f));
}

/* The directories are libkmod 30's, in its order: /etc first, so that it masks the others. */
static void test_dirs(void **state) {
        (void)state;
        assert_int_equal(MODPROBE_DIR_COUNT, 4);
        assert_string_equal(modprobe_dirs[0], "/etc/modprobe.d");
        assert_string_equal(modprobe_dirs[1], "/run/modprobe.d");
        assert_string_equal(modprobe_dirs[2], "/usr/local/lib/modprobe.d");
        assert_string_equal(modprobe_dirs[3], "/lib/modprobe.d");
}

/*
 * The options libkmod gives a module, from one modprobe.d text or from a
 * kernel command line (the klibc loader's modconf_options() and
 * modconf_cmdline_options()), as libkmod 30's kmod_config_parse() and
 * kmod_config_parse_kcmdline() have them; "start" is what out held before.
 */
struct opt_row {
        const char *name;
        const char *text;
        const char *module;
        const char *start;
        size_t size; /* ROOMY: the whole buffer */
        int rc;
        const char *want;
};

static struct opt_row file_opt_rows[] = {
        { "one line", "options vfio-pci ids=10de:2204 disable_vga=1\n", "vfio-pci", "", ROOMY, 0,
          "ids=10de:2204 disable_vga=1" },
        { "dash and underscore alike", "options vfio_pci ids=1:2\noptions vfio-pci nointxmask=1\n", "vfio-pci", "",
          ROOMY, 0, "ids=1:2 nointxmask=1" },
        { "asked with an underscore", "options vfio-iommu-type1 allow_unsafe_interrupts=1\n", "vfio_iommu_type1", "",
          ROOMY, 0, "allow_unsafe_interrupts=1" },
        { "other modules' lines", "options vfio a=1\noptions vfio_pci b=2\noptions vfio_iommu_type1 c=3\n", "vfio", "",
          ROOMY, 0, "a=1" },
        { "appended to what was there", "options vfio b=2\n", "vfio", "a=1", ROOMY, 0, "a=1 b=2" },
        { "a comment at the start of a line", "#options vfio a=1\n", "vfio", "", ROOMY, 0, "" },
        { "a comment after blanks is a bad line libkmod ignores", "  # options vfio a=1\n", "vfio", "", ROOMY, 0, "" },
        { "a comment after the options goes to the kernel", "options vfio a=1 # why\n", "vfio", "", ROOMY, 0,
          "a=1 # why" },
        { "the rest of the line after one blank, as is", "options vfio  a=1 \n", "vfio", "", ROOMY, 0, " a=1 " },
        { "leading blanks before the statement", "  \t options vfio a=1\n", "vfio", "", ROOMY, 0, "a=1" },
        { "tabs become spaces", "options\tvfio\ta=1\tb=2\n", "vfio", "", ROOMY, 0, "a=1 b=2" },
        { "a backslash joins lines", "options vfio a=1 \\\n b=2\n", "vfio", "", ROOMY, 0, "a=1  b=2" },
        { "a backslash before another character is dropped", "options vfio a=x\\y\n", "vfio", "", ROOMY, 0, "a=xy" },
        /* libkmod appends a 0xff byte there (getc()'s EOF), a bug not worth copying */
        { "a backslash at the end of the text is dropped", "options vfio a=1\\", "vfio", "", ROOMY, 0, "a=1" },
        { "quotes stay for the kernel", "options vfio-pci ids=\"10de:2204,10de:1aef\"\n", "vfio-pci", "", ROOMY, 0,
          "ids=\"10de:2204,10de:1aef\"" },
        { "no options: a bad line", "options vfio\noptions vfio \n", "vfio", "", ROOMY, 0, "" },
        { "options is the statement, not a prefix", "optionsx vfio a=1\noption vfio b=2\n", "vfio", "", ROOMY, 0, "" },
        { "no newline at the end", "options vfio a=1", "vfio", "", ROOMY, 0, "a=1" },
        { "CRLF: the CR is part of the options", "options vfio a=1\r\n", "vfio", "", ROOMY, 0, "a=1\r" },
        { "exact fit", "options vfio abc\n", "vfio", "", 4, 0, "abc" },
        { "one byte short", "options vfio abcd\n", "vfio", "", 4, -ENOSPC, NULL },
};

static struct opt_row cmdline_opt_rows[] = {
        { "one option", "root=/dev/sda1 vfio_iommu_type1.allow_unsafe_interrupts=1 quiet", "vfio_iommu_type1", "",
          ROOMY, 0, "allow_unsafe_interrupts=1" },
        { "dash and underscore alike", "vfio-pci.ids=1:2 vfio_pci.disable_vga=1", "vfio-pci", "", ROOMY, 0,
          "ids=1:2 disable_vga=1" },
        { "our own vfio.slots= reaches vfio: libkmod passes it", "vfio.slots=02:00.0 quiet", "vfio", "", ROOMY, 0,
          "slots=02:00.0" },
        { "appended after modprobe.d's", "vfio.b=2", "vfio", "a=1", ROOMY, 0, "a=1 b=2" },
        { "a parameter without a value", "vfio.enable_unsafe_noiommu_mode ro", "vfio", "", ROOMY, 0,
          "enable_unsafe_noiommu_mode" },
        { "a quoted value keeps its quotes and spaces", "vfio.a=\"x y\" b", "vfio", "", ROOMY, 0, "a=\"x y\"" },
        { "a word quoted whole is quoted back", "\"vfio.a=x y\" ro", "vfio", "", ROOMY, 0, "a=\"x y\"" },
        { "a word quoted whole, last", "ro \"vfio.a=x y\"", "vfio", "", ROOMY, 0, "a=\"x y\"" },
        { "a quote inside the name: ignored", "vf\"io\".a=1 vfio.b=2", "vfio", "", ROOMY, 0, "b=2" },
        { "two dots: ignored", "vfio.a.b=1 vfio.c=2", "vfio", "", ROOMY, 0, "c=2" },
        { "a dot in the value is the value's", "vfio.a=1.5", "vfio", "", ROOMY, 0, "a=1.5" },
        { "an = before the dot: not a module option", "x=vfio.a=1 vfio.b=2", "vfio", "", ROOMY, 0, "b=2" },
        { "a space inside quotes in another word", "foo=\"a vfio.x=1\" vfio.y=2", "vfio", "", ROOMY, 0, "y=2" },
        { "other whitespace separates", "vfio.a=1\tvfio.b=2\nvfio.c=3\v", "vfio", "", ROOMY, 0, "a=1 b=2 c=3" },
        { "the newline of /proc/cmdline", "ro vfio.a=1\n", "vfio", "", ROOMY, 0, "a=1" },
        { "after -- too (libkmod does not stop there)", "ro -- vfio.a=1", "vfio", "", ROOMY, 0, "a=1" },
        { "modprobe.blacklist= is no option", "modprobe.blacklist=nouveau", "modprobe", "", ROOMY, 0, "" },
        { "an empty name", ".a=1 vfio.b=2", "vfio", "", ROOMY, 0, "b=2" },
        { "other modules", "vfio_pci.a=1 vfio_iommu_type1.b=2 xvfio.c=3", "vfio", "", ROOMY, 0, "" },
        { "empty", "", "vfio", "", ROOMY, 0, "" },
        { "exact fit", "vfio.abc", "vfio", "", 4, 0, "abc" },
        { "one byte short", "vfio.abcd", "vfio", "", 4, -ENOSPC, NULL },
};

static void check_opt_row(const struct opt_row *r, bool cmdline) {
        char buf[BUF_SIZE];
        size_t size = r->size == ROOMY ? sizeof(buf) : r->size;

        snprintf(buf, sizeof(buf), "%s", r->start);
        int rc = cmdline ? modconf_cmdline_options(r->text, r->module, buf, size)
                         : modconf_options(r->text, r->module, buf, size);
        CHECK_EQ(r->name, "return", rc, r->rc);
        if (rc == 0)
                CHECK_STR(r->name, "options", buf, r->want);
}

static void test_file_opt(void **state) {
        check_opt_row(*state, false);
}

static void test_cmdline_opt(void **state) {
        check_opt_row(*state, true);
}

int main(void) {
        struct suite s = { 0 };

        SUITE_TABLE(&s, "modprobe.d", conf_rows, test_conf_row);
        suite_add(&s, "modprobe.d", "ids= matching", test_id_matches, NULL);
        suite_add(&s, "modprobe.d", "directories", test_dirs, NULL);
        SUITE_TABLE(&s, "options", rows, test_row);
        suite_add(&s, "options", "4 KiB of options", test_long, NULL);
        SUITE_TABLE(&s, "modprobe.d options", file_opt_rows, test_file_opt);
        SUITE_TABLE(&s, "command line options", cmdline_opt_rows, test_cmdline_opt);
        return suite_run(&s, "modconf");
}
