/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A plain driver for the fuzz targets, without libFuzzer: runs every file
 * given (or found in a directory given) through LLVMFuzzerTestOneInput, each
 * in a child process, and prints "N passed, N failed".
 */
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

static unsigned passed, failed;

/* The whole file in a malloc'd buffer; NULL when it cannot be read. */
static uint8_t *slurp(const char *path, size_t *size) {
        FILE *f = fopen(path, "rb");
        uint8_t *data = NULL;
        size_t cap = 0, n;

        *size = 0;
        if (!f)
                return NULL;
        do {
                if (*size == cap) {
                        cap = cap * 2 + 4096;
                        uint8_t *more = realloc(data, cap);
                        if (!more)
                                abort();
                        data = more;
                }
                n = fread(data + *size, 1, cap - *size, f);
                *size += n;
        } while (n > 0);
        int bad = ferror(f);
        if (fclose(f) != 0 || bad) {
                free(data);
                return NULL;
        }
        return data;
}

static void run_file(const char *path) {
        size_t size;
        uint8_t *data = slurp(path, &size);

        if (!data) {
                printf("FAIL %s: cannot read it\n", path);
                failed++;
                return;
        }
        if (fflush(stdout) != 0)
                abort();
        pid_t pid = fork();
        if (pid == 0) {
                LLVMFuzzerTestOneInput(data, size);
                free(data);
                exit(0); /* not _exit: LeakSanitizer checks at exit */
        }
        int status = -1;
        if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                printf("FAIL %s (%s %d)\n", path, WIFSIGNALED(status) ? "signal" : "exit status",
                       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
                failed++;
        } else {
                printf("ok %s\n", path);
                passed++;
        }
        free(data);
}

static void run_path(const char *path) {
        struct stat st;
        DIR *d = stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? opendir(path) : NULL;

        if (!d) {
                run_file(path);
                return;
        }
        for (struct dirent *e; (e = readdir(d));) {
                char sub[4096];
                if (e->d_name[0] == '.')
                        continue; /* .keep holds an empty directory in git */
                snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
                run_file(sub);
        }
        closedir(d);
}

int main(int argc, char **argv) {
        for (int i = 1; i < argc; i++)
                run_path(argv[i]);
        printf("%u passed, %u failed\n", passed, failed);
        return failed ? 1 : 0;
}
