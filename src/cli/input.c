/* input.c — reading inputs for the commands: files, "-", and the checks
 * that turn missing paths and directories into clear one-line errors. */
#include "cli.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

int cli_read(const char *path, cli_chunk_fn fn, void *ud, long long *total_size)
{
    FILE *fp;
    int is_stdin = strcmp(path, "-") == 0;
    if (total_size) *total_size = -1;
    if (is_stdin) {
        fp = stdin;
    } else {
        struct stat st;
        if (stat(path, &st) != 0) {
            fprintf(stderr, "%s: %s: %s\n", cli_prog, path, strerror(errno));
            return EXIT_NOINPUT;
        }
        if (S_ISDIR(st.st_mode)) {
            fprintf(stderr, "%s: %s: is a directory\n", cli_prog, path);
            return EXIT_NOINPUT;
        }
        if (total_size && S_ISREG(st.st_mode)) *total_size = (long long)st.st_size;
        fp = fopen(path, "rb");
        if (!fp) {
            fprintf(stderr, "%s: %s: %s\n", cli_prog, path, strerror(errno));
            return EXIT_NOINPUT;
        }
    }
    static char buf[1 << 16];
    size_t n;
    int rc = 0;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        rc = fn(ud, buf, n);
        if (rc) break;
    }
    if (!rc && ferror(fp)) {
        fprintf(stderr, "%s: %s: read error: %s\n", cli_prog, path, strerror(errno));
        rc = EXIT_IOERR;
    }
    if (!is_stdin)
        fclose(fp);
    else
        clearerr(stdin);
    return rc;
}

int cli_write(const char *buf, size_t n)
{
    if (n && fwrite(buf, 1, n, stdout) != n) {
        fprintf(stderr, "%s: write error: %s\n", cli_prog, strerror(errno));
        return EXIT_IOERR;
    }
    return 0;
}
