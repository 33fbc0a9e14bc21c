/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "core/fstab.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define BLANKS " \t"

bool fs_field(const char **s, char *out, size_t size) {
        const char *p = *s + strspn(*s, BLANKS);
        size_t n = strcspn(p, BLANKS), k = 0;

        if (n == 0)
                return false;
        for (size_t i = 0; i < n; i++) {
                char c = p[i];
                if (c == '\\' && i + 3 < n + 1 && p[i + 1] >= '0' && p[i + 1] <= '3' && p[i + 2] >= '0' &&
                    p[i + 2] <= '7' && p[i + 3] >= '0' && p[i + 3] <= '7') {
                        c = (char)((p[i + 1] - '0') * 64 + (p[i + 2] - '0') * 8 + (p[i + 3] - '0'));
                        i += 3;
                }
                if (k + 1 >= size || c == '\0')
                        return false;
                out[k++] = c;
        }
        out[k] = '\0';
        *s = p + n;
        return true;
}

bool fs_option(const char *options, const char *name, char *value, size_t size) {
        size_t len = strlen(name);
        bool found = false;

        for (const char *o = options; *o; o += strcspn(o, ","), o += *o == ',') {
                size_t n = strcspn(o, ",");
                if (n < len || strncmp(o, name, len) != 0 || (n > len && o[len] != '='))
                        continue;
                if (n == len) {
                        found = !value;
                } else if (value && n - len - 1 < size) {
                        /* the last one counts, as with mount(8) */
                        memcpy(value, o + len + 1, n - len - 1);
                        value[n - len - 1] = '\0';
                        found = true;
                }
        }
        return found;
}

static bool listed(const char *word, const char *const *list) {
        for (; *list; list++)
                if (strcmp(word, *list) == 0)
                        return true;
        return false;
}

bool fs_vital_point(const char *point) {
        static const char *const vital[] = { "/", "/usr", "/boot", "/efi", "/boot/efi", NULL };
        return listed(point, vital);
}

bool fs_network_type(const char *type) {
        static const char *const network[] = { "nfs", "nfs4", "cifs", "smb3", "9p", "ceph", "glusterfs", NULL };
        return listed(type, network);
}

bool fs_without_device(const char *type) {
        static const char *const none[] = {
                "tmpfs",     "ramfs",     "rootfs",     "devtmpfs",    "proc",    "sysfs",   "devpts",
                "cgroup",    "cgroup2",   "securityfs", "efivarfs",    "debugfs", "tracefs", "configfs",
                "hugetlbfs", "mqueue",    "fusectl",    "binfmt_misc", "pstore",  "bpf",     "autofs",
                "nsfs",      "selinuxfs", "rpc_pipefs", "nfsd",        NULL,
        };
        return listed(type, none);
}

int fs_network_server(const char *spec, char *out, size_t size) {
        const char *host = spec;
        size_t n;

        if (strncmp(spec, "//", 2) == 0) { /* cifs: //SERVER/share */
                host = spec + 2;
                n = strcspn(host, "/");
        } else if (spec[0] == '[') { /* [IPV6]:/export */
                host = spec + 1;
                n = strcspn(host, "]");
        } else { /* SERVER:/export */
                n = strcspn(host, ":");
                if (host[n] != ':')
                        return -EINVAL;
        }
        if (n == 0 || n >= size)
                return -EINVAL;
        memcpy(out, host, n);
        out[n] = '\0';
        return 0;
}

static bool blank_or_comment(const char *line) {
        const char *p = line + strspn(line, BLANKS);
        return *p == '\0' || *p == '#' || *p == '\r';
}

static void unquote(char *s) {
        size_t n = strlen(s);
        if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
                memmove(s, s + 1, n - 2);
                s[n - 2] = '\0';
        }
}

int spec_parse(const char *s, struct device_spec *out) {
        static const struct {
                const char *prefix;
                enum spec_kind kind;
        } tags[] = {
                { "UUID=", SPEC_UUID },
                { "LABEL=", SPEC_LABEL },
                { "PARTUUID=", SPEC_PARTUUID },
                { "PARTLABEL=", SPEC_PARTLABEL },
        };
        const char *value = s;

        *out = (struct device_spec){ .kind = SPEC_PATH };
        for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
                if (strncmp(s, tags[i].prefix, strlen(tags[i].prefix)) == 0) {
                        out->kind = tags[i].kind;
                        value = s + strlen(tags[i].prefix);
                }
        if (out->kind == SPEC_PATH && s[0] != '/')
                return -EINVAL;
        if ((size_t)snprintf(out->value, sizeof(out->value), "%s", value) >= sizeof(out->value))
                return -EINVAL;
        unquote(out->value);
        return out->value[0] ? 0 : -EINVAL;
}

int fstab_line(const char *line, struct fstab_entry *e) {
        const char *s = line;
        char options[1024];

        *e = (struct fstab_entry){ 0 };
        if (blank_or_comment(line))
                return 0;
        if (!fs_field(&s, e->spec, sizeof(e->spec)) || !fs_field(&s, e->point, sizeof(e->point)) ||
            !fs_field(&s, e->type, sizeof(e->type)))
                return -EINVAL;
        if (fs_field(&s, options, sizeof(options))) {
                e->noauto = fs_option(options, "noauto", NULL, 0);
                e->nofail = fs_option(options, "nofail", NULL, 0);
                e->bind = fs_option(options, "bind", NULL, 0) || fs_option(options, "rbind", NULL, 0);
        }
        return 1;
}

int crypttab_line(const char *line, struct crypttab_entry *e) {
        const char *s = line;

        *e = (struct crypttab_entry){ 0 };
        if (blank_or_comment(line))
                return 0;
        if (!fs_field(&s, e->name, sizeof(e->name)) || !fs_field(&s, e->source, sizeof(e->source)))
                return -EINVAL;
        return 1;
}

int resume_conf_line(const char *line, char *spec, size_t size) {
        const char *p = line + strspn(line, BLANKS);

        if (blank_or_comment(line))
                return 0;
        if (strncmp(p, "RESUME=", 7) != 0)
                return -EINVAL;
        p += 7;
        size_t n = strcspn(p, BLANKS "#\r");
        if (n >= size)
                return -EINVAL;
        memcpy(spec, p, n);
        spec[n] = '\0';
        unquote(spec);
        if (spec[0] == '\0' || strcmp(spec, "none") == 0 || strcmp(spec, "auto") == 0)
                return 0;
        return 1;
}

static int hex_digit(char c) {
        return c >= '0' && c <= '9'   ? c - '0'
               : c >= 'a' && c <= 'f' ? c - 'a' + 10
               : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                      : -1;
}

/* The value of "KEY=value" when line starts with key, with udev's \xHH escapes undone. */
static void copy_value(const char *line, size_t len, const char *key, char *out, size_t size) {
        size_t klen = strlen(key), k = 0;

        if (len <= klen || strncmp(line, key, klen) != 0)
                return;
        for (size_t i = klen; i < len && k + 1 < size; i++) {
                char c = line[i];
                if (c == '\\' && i + 3 < len && line[i + 1] == 'x' && hex_digit(line[i + 2]) >= 0 &&
                    hex_digit(line[i + 3]) >= 0) {
                        c = (char)(hex_digit(line[i + 2]) * 16 + hex_digit(line[i + 3]));
                        i += 3;
                }
                out[k++] = c;
        }
        out[k] = '\0';
}

void udevdb_parse(const char *text, struct fs_ident *id) {
        *id = (struct fs_ident){ 0 };
        for (const char *p = text; *p;) {
                size_t len = strcspn(p, "\n");
                copy_value(p, len, "E:ID_FS_TYPE=", id->type, sizeof(id->type));
                copy_value(p, len, "E:ID_FS_UUID=", id->uuid, sizeof(id->uuid));
                copy_value(p, len, "E:ID_FS_LABEL_ENC=", id->label, sizeof(id->label));
                copy_value(p, len, "E:ID_PART_ENTRY_UUID=", id->partuuid, sizeof(id->partuuid));
                copy_value(p, len, "E:ID_PART_ENTRY_NAME=", id->partlabel, sizeof(id->partlabel));
                p += len + (p[len] == '\n');
        }
}

const char *ident_field(const struct fs_ident *id, enum spec_kind kind) {
        switch (kind) {
        case SPEC_UUID:
                return id->uuid;
        case SPEC_LABEL:
                return id->label;
        case SPEC_PARTUUID:
                return id->partuuid;
        case SPEC_PARTLABEL:
                return id->partlabel;
        case SPEC_PATH:
                break;
        }
        return NULL;
}
