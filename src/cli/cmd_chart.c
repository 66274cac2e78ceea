/* cmd_chart.c — `chitieu chart CODE -o FILE.svg`: the series drawn by the
 * library's SVG renderer (chart.h), with the indicator's level targets as
 * bands. */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu chart CODE [--from P] [--to P] [--area A] [--months N] -o FILE.svg|png\n"
          "                     [--db PATH] [--catalog FILE]\n"
          "\n"
          "Draw the series of CODE as SVG: bars for a flow, a line for a stock, axes in\n"
          "Vietnamese number format, the year-on-year change over each point, target bands,\n"
          "and a red ring where sources disagree. -o FILE.png renders it with rsvg-convert.\n"
          "--months picks the rows of one length\n"
          "(1 months, 3 quarters, 6 halves, 12 years; default: the most common). -o - writes\n"
          "to standard output.\n"
          "\n"
          "Exit statuses: 0 ok, 64 usage, 66 unknown indicator or no database, 69 no\n"
          "rsvg-convert for PNG, 74 I/O or database error.\n",
          fp);
}

/* PNG through librsvg's rsvg-convert, fed the SVG on a pipe (no shell:
 * the path is an argument). */
static int write_png(const char *out, const ct_buf *svg)
{
    int fd[2];
    if (pipe(fd)) {
        fprintf(stderr, "chitieu chart: pipe: %s\n", strerror(errno));
        return EXIT_OSERR;
    }
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "chitieu chart: fork: %s\n", strerror(errno));
        close(fd[0]);
        close(fd[1]);
        return EXIT_OSERR;
    }
    if (pid == 0) {
        dup2(fd[0], STDIN_FILENO);
        close(fd[0]);
        close(fd[1]);
        execlp("rsvg-convert", "rsvg-convert", "-f", "png", "-o", out, (char *)NULL);
        _exit(127);
    }
    close(fd[0]);
    signal(SIGPIPE, SIG_IGN);
    int st = EXIT_OK;
    for (size_t off = 0; off < svg->len;) {
        ssize_t w = write(fd[1], svg->data + off, svg->len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            st = EXIT_IOERR;
            break;
        }
        off += (size_t)w;
    }
    close(fd[1]);
    int ws;
    while (waitpid(pid, &ws, 0) < 0)
        if (errno != EINTR) return EXIT_OSERR;
    if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127) {
        fprintf(stderr, "chitieu chart: PNG needs rsvg-convert (librsvg2-bin); write .svg\n");
        return EXIT_UNAVAILABLE;
    }
    if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
        fprintf(stderr, "chitieu chart: rsvg-convert failed writing %s\n", out);
        return EXIT_IOERR;
    }
    return st;
}

int cmd_chart(int argc, char **argv)
{
    const char *code = NULL, *from = NULL, *to = NULL, *area = "", *out = NULL, *db = NULL,
               *catalog = NULL, *months = NULL;
    const cli_opt opts[] = {{"--from", NULL, &from, NULL},       {"--to", NULL, &to, NULL},
                            {"--area", NULL, &area, NULL},       {"--months", NULL, &months, NULL},
                            {"--output", "-o", &out, NULL},      {"--db", NULL, &db, NULL},
                            {"--catalog", NULL, &catalog, NULL}, {NULL, NULL, NULL, NULL}};
    int prc = cli_parse("chart", argc, argv, opts, &code, 1, NULL, usage);
    if (prc) return prc < 0 ? EXIT_OK : prc;
    if (!code || !out) {
        fprintf(stderr, "chitieu chart: give CODE and -o FILE.svg\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    ct_period pf = {0, 0, 0}, pt = {0, 0, 0};
    /* the file's extension says the format: a .png name holding SVG would
     * open nowhere */
    const char *ext = strrchr(out, '.');
    int png = ext && !strcasecmp(ext, ".png");
    if (strcmp(out, "-") && !png && !(ext && !strcasecmp(ext, ".svg"))) {
        fprintf(stderr, "chitieu chart: -o %s: write FILE.svg or FILE.png\n", out);
        return EXIT_USAGE;
    }
    int m = months ? atoi(months) : 0;
    if (months && (m < 1 || m > 12)) {
        fprintf(stderr, "chitieu chart: --months takes 1 to 12\n");
        return EXIT_USAGE;
    }
    ct_catalog *cat;
    ct_store *st;
    int status = cli_open("chart", catalog, db, code, &cat, &st);
    if (status) return status;
    if ((status = cli_periods("chart", cat, from, to, &pf, &pt))) {
        ct_store_close(st);
        ct_catalog_free(cat);
        return status;
    }
    ct_series s;
    ct_error err;
    ct_chart_band bands[16];
    int nb = 0;
    if (ct_series_build(st, cat, code, area, &pf, &pt, &s, &err) != CT_OK ||
        (nb = ct_chart_bands(st, cat, code, bands, 16, &err)) < 0) {
        fprintf(stderr, "chitieu chart: %s\n", err.msg);
        ct_store_close(st);
        ct_catalog_free(cat);
        return EXIT_IOERR;
    }
    ct_chart_opts o = {0, 0, m, bands, nb};
    ct_buf svg;
    ct_buf_init(&svg);
    if (ct_chart_svg(&svg, &s, &o) < 0) status = EXIT_OSERR;
    FILE *fp = NULL;
    if (png) {
        if (!status) status = write_png(out, &svg);
    } else if (!(fp = strcmp(out, "-") ? fopen(out, "wb") : stdout)) {
        fprintf(stderr, "chitieu chart: %s: %s\n", out, strerror(errno));
        status = EXIT_IOERR;
    } else {
        if (!status && fwrite(svg.data, 1, svg.len, fp) != svg.len) status = EXIT_IOERR;
        if (fp != stdout && fclose(fp) != 0) status = EXIT_IOERR;
    }
    ct_buf_free(&svg);
    ct_series_free(&s);
    ct_store_close(st);
    ct_catalog_free(cat);
    return status;
}
