/* bench_nfc — the baseline extraction must beat: a plain utf8proc NFC pass
 * (utf8proc_map with STABLE|COMPOSE, one call per line) over a file.
 * Prints MB/s. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_nfc FILE\n");
        return 64;
    }
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) {
        perror(argv[1]);
        return 66;
    }
    char *line = NULL;
    size_t cap = 0, total = 0, out = 0;
    ssize_t n;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    while ((n = getline(&line, &cap, fp)) > 0) {
        utf8proc_uint8_t *dst = NULL;
        utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)line, n, &dst,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (m > 0) out += (size_t)m;
        free(dst);
        total += (size_t)n;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    free(line);
    fclose(fp);
    double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("%.1f\n", (double)total / 1e6 / s);
    return out == 0 && total != 0;
}
