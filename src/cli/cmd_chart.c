/* cmd_chart.c — `chitieu chart CODE -o FILE.svg`: the series drawn by the
 * library's SVG renderer (chart.h), with the indicator's level targets as
 * bands. */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu chart CODE [--from P] [--to P] [--area A] [--months N] -o FILE.svg\n"
          "                     [--db PATH] [--catalog FILE]\n"
          "\n"
          "Draw the series of CODE as SVG: bars for a flow, a line for a stock, axes in\n"
          "Vietnamese number format, the year-on-year change over each point, target bands,\n"
          "and a red ring where sources disagree. --months picks the rows of one length\n"
          "(1 months, 3 quarters, 6 halves, 12 years; default: the most common). -o - writes\n"
          "to standard output.\n"
          "\n"
          "Exit statuses: 0 ok, 64 usage, 66 unknown indicator, 74 I/O or database error.\n",
          fp);
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
    if ((from && ct_period_parse(from, strlen(from), &pf) != CT_OK) ||
        (to && ct_period_parse(to, strlen(to), &pt) != CT_OK)) {
        fprintf(stderr, "chitieu chart: bad period (2023, 2023-Q1, 2023-02...)\n");
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
    FILE *fp = strcmp(out, "-") ? fopen(out, "wb") : stdout;
    if (!fp) {
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
