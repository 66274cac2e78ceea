/* cmd_report.c — `chitieu report`: a Vietnamese report of one period from
 * the database (report.h), as text, Markdown or self-contained HTML. */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu report --period P|latest [--sector S] [--area NAME] [--format "
          "html|md|txt|xlsx|csv]\n"
          "                      [-o FILE] [--records FILE] [--as-of YYYY-MM] [--db PATH]\n"
          "\n"
          "Write a Vietnamese report of period P (2024-Q1, 2024-S1, 2024-02, 2024, or latest):\n"
          "per sector the figures in the ministry's sentences, a table, then target status,\n"
          "check findings of the period and the sources. HTML is self-contained (inline CSS\n"
          "and SVG charts) and prints on A4; XLSX (CSV) its tables as a workbook (a table).\n"
          "--records writes the records the report states\n"
          "as JSON Lines (extract reads the report back into exactly these). --area writes\n"
          "a province's or agency's report from its own figures (no targets or findings).\n"
          "\n"
          "Exit statuses: 0 ok, 64 usage, 66 no figures, 74 I/O or database error.\n",
          fp);
}

typedef struct rec_out {
    ct_buf b;
} rec_out;

static int on_rec(void *ud, const ct_record *r)
{
    rec_out *o = ud;
    ct_render_json(&o->b, r, "report");
    return 0;
}

static int write_file(const char *path, const ct_buf *b)
{
    FILE *fp = strcmp(path, "-") ? fopen(path, "wb") : stdout;
    if (!fp) {
        fprintf(stderr, "chitieu report: %s: %s\n", path, strerror(errno));
        return EXIT_IOERR;
    }
    int st = b->len && fwrite(b->data, 1, b->len, fp) != b->len ? EXIT_IOERR : EXIT_OK;
    if (fp != stdout ? fclose(fp) != 0 : fflush(fp) != 0) st = EXIT_IOERR;
    return st;
}

int cmd_report(int argc, char **argv)
{
    const char *period = NULL, *sector = NULL, *area = NULL, *format = "txt", *out = "-", *records = NULL,
               *asof = NULL, *db = NULL, *catalog = NULL;
    const cli_opt opts[] = {{"--period", NULL, &period, NULL},
                            {"--sector", NULL, &sector, NULL},
                            {"--area", NULL, &area, NULL},
                            {"--format", NULL, &format, NULL},
                            {"--output", "-o", &out, NULL},
                            {"--records", NULL, &records, NULL},
                            {"--as-of", NULL, &asof, NULL},
                            {"--db", NULL, &db, NULL},
                            {"--catalog", NULL, &catalog, NULL},
                            {NULL, NULL, NULL, NULL}};
    int prc = cli_parse("report", argc, argv, opts, NULL, 0, NULL, usage);
    if (prc) return prc < 0 ? EXIT_OK : prc;
    ct_report_opts o;
    memset(&o, 0, sizeof o);
    if (!period) {
        fprintf(stderr, "chitieu report: --period P (2024-Q1, 2024-02, 2024...) or latest\n");
        return EXIT_USAGE;
    }
    if (strcmp(period, "latest") && ct_period_parse(period, strlen(period), &o.period) != CT_OK) {
        fprintf(stderr, "chitieu report: bad period '%s'\n", period);
        return EXIT_USAGE;
    }
    if (!(format = cli_format("report", format, "txt", "txt,md,html,xlsx,csv"))) return EXIT_USAGE;
    if (!strcmp(format, "txt"))
        o.format = CT_REPORT_TXT;
    else if (!strcmp(format, "md"))
        o.format = CT_REPORT_MD;
    else if (!strcmp(format, "html"))
        o.format = CT_REPORT_HTML;
    else if (!strcmp(format, "xlsx"))
        o.format = CT_REPORT_XLSX;
    else if (!strcmp(format, "csv"))
        o.format = CT_REPORT_CSV;
    else {
        fprintf(stderr, "chitieu report: --format '%s': expected html, md or txt\n", format);
        return EXIT_USAGE;
    }
    int asof_month = 0; /* none: the library judges as of the report's period */
    if (asof && cli_as_of("report", asof, &asof_month)) return EXIT_USAGE;
    o.as_of = asof_month;
    o.sector = sector;
    o.area = area;
    rec_out ro;
    ct_buf_init(&ro.b);
    if (records) {
        o.records = on_rec;
        o.ud = &ro;
    }
    ct_catalog *cat;
    ct_store *st;
    int status = cli_open("report", catalog, db, NULL, &cat, &st);
    if (status) {
        ct_buf_free(&ro.b);
        return status;
    }
    ct_buf b;
    ct_buf_init(&b);
    ct_error err;
    int n = ct_report(st, cat, &o, &b, &err);
    if (n < 0) {
        fprintf(stderr, "chitieu report: %s\n", err.msg);
        status = n == CT_ENOENT ? EXIT_NOINPUT : n == CT_EINVAL ? EXIT_USAGE : EXIT_IOERR;
    } else {
        status = write_file(out, &b);
        if (!status && records) status = write_file(records, &ro.b);
    }
    ct_buf_free(&b);
    ct_buf_free(&ro.b);
    ct_store_close(st);
    ct_catalog_free(cat);
    return status;
}
