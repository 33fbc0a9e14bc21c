/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "report/json.h"

#include <string.h>

#include "core/pci.h"
#include "core/utf8.h"

/* Always valid JSON in UTF-8: what the input holds that is not UTF-8 (a Latin-1 byte) becomes U+FFFD. */
void json_string(FILE *out, const char *s, size_t len) {
        const unsigned char *u = (const unsigned char *)s;

        fputc('"', out);
        for (size_t i = 0; i < len;) {
                unsigned char ch = u[i];
                size_t n = utf8_len(u + i, len - i);
                if (n == 0) {
                        fputs("\\ufffd", out);
                        i++;
                } else if (ch == '"' || ch == '\\') {
                        fprintf(out, "\\%c", ch);
                        i++;
                } else if (ch < 0x20 || ch == 0x7f) {
                        fprintf(out, "\\u%04x", ch);
                        i++;
                } else {
                        /* a short write shows in the stream's error flag, which the command's final flush reports */
                        (void)fwrite(u + i, 1, n, out);
                        i += n;
                }
        }
        fputc('"', out);
}

void json_str(FILE *out, const char *s) {
        json_string(out, s, strlen(s));
}

void json_str_or_null(FILE *out, const char *s) {
        if (s && *s)
                json_str(out, s);
        else
                fputs("null", out);
}

void json_bool(FILE *out, bool b) {
        fputs(b ? "true" : "false", out);
}

void json_pci_func(FILE *out, const struct pci_func *f) {
        char a[PCI_ADDR_STRLEN];

        pci_addr_format(&f->addr, a);
        fprintf(out,
                "\"address\":\"%s\",\"vendor\":\"%04x\",\"device\":\"%04x\",\"class\":\"%06x\",\"iommu_group\":", a,
                f->vendor, f->device, f->class);
        if (f->iommu_group >= 0)
                fprintf(out, "%d", f->iommu_group);
        else
                fputs("null", out);
        fputs(",\"driver\":", out);
        json_str_or_null(out, f->driver);
        fputs(",\"driver_override\":", out);
        json_str_or_null(out, f->override);
        fputs(",\"boot_vga\":", out);
        json_bool(out, f->boot_vga);
        fputs(",\"bridge\":", out);
        json_bool(out, pci_func_is_bridge(f));
        fputs(",\"unreadable\":", out);
        json_bool(out, f->unreadable);
}
