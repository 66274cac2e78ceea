/* cmd_export.c — `chitieu export`: the database as CSV, JSON Lines, XLSX or
 * SDMX-CSV (export.h). */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu export [--format csv|jsonl|xlsx|sdmx-csv] [-o FILE] [--db PATH]\n"
          "                      [--catalog FILE] [--raw]\n"
          "\n"
          "Write the database out: every observation and target with its provenance (csv,\n"
          "jsonl: what chitieu import reads back), a workbook with a sheet per sector and a\n"
          "sources sheet (xlsx, needs -o), or the chosen value of every period in SDMX-CSV\n"
          "(TIME_PERIOD in SDMX notation, OBS_STATUS E for estimates). The records are the\n"
          "reviewed ones (docs/review.md); --raw gives them as extracted, reviews ignored\n"
          "(csv, jsonl, xlsx).\n"
          "\n"
          "Exit statuses: 0 ok, 64 usage, 74 I/O or database error, 78 bad catalogue.\n",
          fp);
}

int cmd_export(int argc, char **argv)
{
    const char *format = "csv", *out = NULL, *db = NULL, *catalog = NULL;
    int raw = 0;
    const cli_opt opts[] = {{"--format", NULL, &format, NULL},
                            {"--raw", NULL, NULL, &raw},
                            {"--output", "-o", &out, NULL},
                            {"--db", NULL, &db, NULL},
                            {"--catalog", NULL, &catalog, NULL},
                            {NULL, NULL, NULL, NULL}};
    int prc = cli_parse("export", argc, argv, opts, NULL, 0, NULL, usage);
    if (prc) return prc < 0 ? EXIT_OK : prc;
    ct_export_format fmt;
    if (!(format = cli_format("export", format, "csv", "csv,jsonl,xlsx,sdmx-csv")))
        return EXIT_USAGE;
    if (!strcmp(format, "csv"))
        fmt = CT_EXPORT_CSV;
    else if (!strcmp(format, "jsonl"))
        fmt = CT_EXPORT_JSONL;
    else if (!strcmp(format, "xlsx"))
        fmt = CT_EXPORT_XLSX;
    else if (!strcmp(format, "sdmx-csv") || !strcmp(format, "sdmx"))
        fmt = CT_EXPORT_SDMX;
    else {
        fprintf(stderr, "chitieu export: --format '%s': expected csv, jsonl, xlsx or sdmx-csv\n",
                format);
        return EXIT_USAGE;
    }
    if (raw && fmt == CT_EXPORT_SDMX) {
        fprintf(stderr, "chitieu export: --raw: sdmx-csv is each period's chosen value; use csv or "
                        "jsonl\n");
        return EXIT_USAGE;
    }
    if (fmt == CT_EXPORT_XLSX && !out) {
        fprintf(stderr, "chitieu export: xlsx is binary: give -o FILE.xlsx\n");
        return EXIT_USAGE;
    }
    ct_catalog *cat;
    ct_store *st;
    int status = cli_open("export", catalog, db, NULL, &cat, &st);
    if (status) return status;
    FILE *fp = stdout;
    if (out && fmt != CT_EXPORT_XLSX && !(fp = fopen(out, "wb"))) {
        fprintf(stderr, "chitieu export: %s: %s\n", out, strerror(errno));
        status = EXIT_IOERR;
    }
    ct_error err;
    if (!status && ct_export_view(st, cat, fmt, out, fp, raw, &err) != CT_OK) {
        fprintf(stderr, "chitieu export: %s\n", err.msg);
        status = EXIT_IOERR;
    }
    if (fp && fp != stdout && fclose(fp) != 0 && !status) status = EXIT_IOERR;
    if (fp == stdout && fflush(stdout) != 0 && !status) status = EXIT_IOERR;
    ct_store_close(st);
    ct_catalog_free(cat);
    return status;
}
