/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * modules.dep and modules.builtin for the klibc build's loader: the order of
 * insertion is libkmod's (the dependencies on the module's line from the
 * last to the first, then the module: depmod lists a module before what it
 * needs), names compare with '-' and '_' alike, and module file names give
 * the compression the kernel must undo. The lines of DEBIAN are Debian 12's
 * (6.1) for the vfio modules.
 */
#include "unit.h"

#include <errno.h>
#include <string.h>

#include "core/moddep.h"

#define DEBIAN                                                                                                      \
        "kernel/arch/x86/kvm/kvm.ko: kernel/virt/lib/irqbypass.ko\n"                                                \
        "kernel/drivers/vfio/vfio.ko:\n"                                                                            \
        "kernel/drivers/vfio/vfio_virqfd.ko:\n"                                                                     \
        "kernel/drivers/vfio/vfio_iommu_type1.ko: kernel/drivers/vfio/vfio.ko\n"                                    \
        "kernel/drivers/vfio/pci/vfio-pci-core.ko: kernel/drivers/vfio/vfio_virqfd.ko kernel/drivers/vfio/vfio.ko " \
        "kernel/virt/lib/irqbypass.ko\n"                                                                            \
        "kernel/drivers/vfio/pci/vfio-pci.ko: kernel/drivers/vfio/pci/vfio-pci-core.ko "                            \
        "kernel/drivers/vfio/vfio_virqfd.ko kernel/drivers/vfio/vfio.ko kernel/virt/lib/irqbypass.ko\n"             \
        "kernel/drivers/vfio/mdev/mdev.ko:\n"                                                                       \
        "kernel/virt/lib/irqbypass.ko:\n"

/* A modules.dep text (len -1: strlen), a module, and the order as "name=path ..." or the error. */
struct order_row {
        const char *name;
        const char *text;
        long len;
        const char *module;
        size_t max; /* 0: MODDEP_MAX */
        int rc;
        const char *want;
};

static const char nul_in_line[] = "a.ko: b.ko\nvfio.ko: x\0y.ko\n";
static const char nul_elsewhere[] = "junk\0more.ko: x.ko\nvfio.ko:\n";

static struct order_row order_rows[] = {
        { "a module without dependencies", DEBIAN, -1, "vfio", 0, 0, "vfio=kernel/drivers/vfio/vfio.ko" },
        { "one dependency first", DEBIAN, -1, "vfio_iommu_type1", 0, 0,
          "vfio=kernel/drivers/vfio/vfio.ko vfio_iommu_type1=kernel/drivers/vfio/vfio_iommu_type1.ko" },
        { "vfio-pci: its line read backwards, then itself", DEBIAN, -1, "vfio-pci", 0, 0,
          "irqbypass=kernel/virt/lib/irqbypass.ko vfio=kernel/drivers/vfio/vfio.ko "
          "vfio_virqfd=kernel/drivers/vfio/vfio_virqfd.ko vfio_pci_core=kernel/drivers/vfio/pci/vfio-pci-core.ko "
          "vfio_pci=kernel/drivers/vfio/pci/vfio-pci.ko" },
        { "vfio_pci finds vfio-pci.ko", DEBIAN, -1, "vfio_pci", 0, 0,
          "irqbypass=kernel/virt/lib/irqbypass.ko vfio=kernel/drivers/vfio/vfio.ko "
          "vfio_virqfd=kernel/drivers/vfio/vfio_virqfd.ko vfio_pci_core=kernel/drivers/vfio/pci/vfio-pci-core.ko "
          "vfio_pci=kernel/drivers/vfio/pci/vfio-pci.ko" },
        { "no line: not found", DEBIAN, -1, "nvidia", 0, -ENOENT, NULL },
        { "a longer name with the same start is another module", "kernel/vfio-pci-core.ko:\n", -1, "vfio-pci", 0,
          -ENOENT, NULL },
        { "a directory named like the module is not the module", "kernel/drivers/vfio/other.ko:\n", -1, "vfio", 0,
          -ENOENT, NULL },
        { "a dependency named like the module is not its line", "a.ko: vfio.ko\n", -1, "vfio", 0, -ENOENT, NULL },
        { "empty text", "", -1, "vfio", 0, -ENOENT, NULL },
        { "the order is the line's, not sorted", "m.ko: c.ko a.ko b.ko\n", -1, "m", 0, 0,
          "b=b.ko a=a.ko c=c.ko m=m.ko" },
        { "the dependencies' own lines are not followed (depmod lists the closure)", "m.ko: a.ko\na.ko: z.ko\n", -1,
          "m", 0, 0, "a=a.ko m=m.ko" },
        { "the first line for a name counts", "x/vfio.ko: a.ko\ny/vfio.ko: b.ko\n", -1, "vfio", 0, 0,
          "a=a.ko vfio=x/vfio.ko" },
        { "tabs and runs of blanks separate", "m.ko:\t a.ko  \t b.ko \t\n", -1, "m", 0, 0, "b=b.ko a=a.ko m=m.ko" },
        { "no space after the colon", "m.ko:a.ko\n", -1, "m", 0, 0, "a=a.ko m=m.ko" },
        { "no newline at the end", "m.ko: a.ko", -1, "m", 0, 0, "a=a.ko m=m.ko" },
        { "a dependency listed twice is inserted once", "m.ko: a.ko b.ko a.ko\n", -1, "m", 0, 0,
          "a=a.ko b=b.ko m=m.ko" },
        { "the module among its own dependencies is skipped", "m.ko: m.ko a.ko\n", -1, "m", 0, 0, "a=a.ko m=m.ko" },
        { "compressed files keep their names", "d/vfio-pci.ko.xz: d/vfio-pci-core.ko.zst\n", -1, "vfio-pci", 0, 0,
          "vfio_pci_core=d/vfio-pci-core.ko.zst vfio_pci=d/vfio-pci.ko.xz" },
        { "absolute paths, as old depmod wrote them", "/lib/modules/6.1/vfio.ko: /lib/modules/6.1/a.ko\n", -1, "vfio",
          0, 0, "a=/lib/modules/6.1/a.ko vfio=/lib/modules/6.1/vfio.ko" },
        { "lines without a colon are skipped", "garbage\n\n:\nvfio.ko:\n", -1, "vfio", 0, 0, "vfio=vfio.ko" },
        { "a NUL byte in the module's line", nul_in_line, sizeof(nul_in_line) - 1, "vfio", 0, -EINVAL, NULL },
        { "a NUL byte in another line", nul_elsewhere, sizeof(nul_elsewhere) - 1, "vfio", 0, 0, "vfio=vfio.ko" },
        { "the length bounds the text", "a.ko:\nvfio.ko:\n", 6, "vfio", 0, -ENOENT, NULL },
        { "a dependency without a name", "m.ko: dir/\n", -1, "m", 0, -EINVAL, NULL },
        { "more than fit", "m.ko: a.ko b.ko c.ko\n", -1, "m", 3, -E2BIG, NULL },
        { "exactly fit", "m.ko: a.ko b.ko\n", -1, "m", 3, 0, "b=b.ko a=a.ko m=m.ko" },
        { "an empty name", DEBIAN, -1, "", 0, -EINVAL, NULL },
        { "a name too long", DEBIAN, -1, "a_module_name_of_sixty_four_characters_which_is_one_more_than_fit", 0,
          -ENAMETOOLONG, NULL },
};

static void test_order(void **state) {
        const struct order_row *r = *state;
        struct modfile out[MODDEP_MAX];
        char got[2048] = "";
        size_t n = 99, len = r->len < 0 ? strlen(r->text) : (size_t)r->len;

        int rc = moddep_order(r->text, len, r->module, out, r->max ? r->max : MODDEP_MAX, &n);
        CHECK_EQ(r->name, "return", rc, r->rc);
        if (rc < 0)
                return;
        for (size_t i = 0; i < n; i++) {
                CHECK_EQ(r->name, "path inside the text",
                         out[i].path >= r->text && out[i].path + out[i].path_len <= r->text + len, 1);
                size_t used = strlen(got);
                /* the name is NUL-terminated inside its array; gcc cannot tell */
                if (snprintf(got + used, sizeof(got) - used, "%s%.*s=%.*s", i ? " " : "", MODEL_NAME_MAX - 1,
                             out[i].name, (int)out[i].path_len, out[i].path) >= (int)(sizeof(got) - used))
                        fail_msg("%s: the order does not fit the test's buffer", r->name);
        }
        CHECK_STR(r->name, "order", got, r->want);
}

struct builtin_row {
        const char *name;
        const char *text;
        const char *module;
        bool want;
};

static struct builtin_row builtin_rows[] = {
        { "listed", "kernel/drivers/vfio/vfio.ko\nkernel/drivers/vfio/pci/vfio-pci.ko\n", "vfio", true },
        { "listed with a dash, asked with an underscore", "kernel/drivers/vfio/pci/vfio-pci.ko\n", "vfio_pci", true },
        { "listed with an underscore, asked with a dash", "kernel/drivers/vfio/vfio_iommu_type1.ko\n",
          "vfio-iommu-type1", true },
        { "not listed", "kernel/drivers/vfio/vfio.ko\n", "vfio_pci", false },
        { "a longer name is another module", "kernel/drivers/vfio/pci/vfio-pci-core.ko\n", "vfio-pci", false },
        { "the directory is not the name", "kernel/drivers/vfio/virqfd.ko\n", "vfio", false },
        { "last line without a newline", "a.ko\nkernel/vfio.ko", "vfio", true },
        { "empty", "", "vfio", false },
        { "an empty name is never listed", "vfio.ko\n", "", false },
};

static void test_builtin(void **state) {
        const struct builtin_row *r = *state;

        CHECK_EQ(r->name, "listed", modbuiltin_lists(r->text, strlen(r->text), r->module), r->want);
}

struct name_row {
        const char *name;
        const char *path;
        int rc;
        const char *want;        /* the module name */
        const char *compression; /* NULL: not a module file */
};

static struct name_row name_rows[] = {
        { "plain", "kernel/drivers/vfio/vfio.ko", 0, "vfio", "" },
        { "dashes become underscores", "kernel/drivers/vfio/pci/vfio-pci.ko", 0, "vfio_pci", "" },
        { "xz", "kernel/drivers/vfio/vfio.ko.xz", 0, "vfio", "xz" },
        { "zstd", "kernel/drivers/vfio/vfio.ko.zst", 0, "vfio", "zstd" },
        { "gzip", "kernel/drivers/vfio/vfio.ko.gz", 0, "vfio", "gzip" },
        { "no directory", "vfio.ko", 0, "vfio", "" },
        { "up to the first dot", "a.b.ko", 0, "a", "" },
        { "bzip2 is no kernel's", "vfio.ko.bz2", 0, "vfio", NULL },
        { "not a .ko", "vfio.o", 0, "vfio", NULL },
        { "only the suffix", "dir/.ko", -EINVAL, NULL, NULL },
        { "a directory", "dir/", -EINVAL, NULL, NULL },
        { "empty", "", -EINVAL, NULL, NULL },
        { "63 characters fit", "a23456789012345678901234567890123456789012345678901234567890123.ko", 0,
          "a23456789012345678901234567890123456789012345678901234567890123", "" },
        { "64 do not", "a234567890123456789012345678901234567890123456789012345678901234.ko", -ENAMETOOLONG, NULL, "" },
};

static void test_name(void **state) {
        const struct name_row *r = *state;
        char name[MODEL_NAME_MAX];
        const char *c = modfile_compression(r->path, strlen(r->path));

        int rc = modname_of_path(r->path, strlen(r->path), name);
        CHECK_EQ(r->name, "return", rc, r->rc);
        if (rc == 0)
                CHECK_STR(r->name, "module name", name, r->want);
        if (r->compression)
                CHECK_STR(r->name, "compression", c, r->compression);
        else if (c)
                fail_msg("%s: compression is \"%s\", want none (not a module file)", r->name, c);
}

int main(void) {
        struct suite s = { 0 };

        SUITE_TABLE(&s, "modules.dep", order_rows, test_order);
        SUITE_TABLE(&s, "modules.builtin", builtin_rows, test_builtin);
        SUITE_TABLE(&s, "module files", name_rows, test_name);
        return suite_run(&s, "moddep");
}
