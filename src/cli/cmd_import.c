/* cmd_import.c — `chitieu import FILE.csv|FILE.xlsx|FILE.jsonl`: structured
 * records (the fields of the record contract, or a spreadsheet's Vietnamese
 * columns: docs/formats.md) from spreadsheets or other systems.
 *
 * Every row is validated first; a bad row is reported as FILE:LINE and why,
 * and a file with bad rows commits nothing unless --skip-bad. Rows are
 * grouped by their `doc` (default: the file name): each group is stored as
 * one document whose text is its rows, under the source "import:FILE", so
 * that importing the same rows again adds nothing. Spans given in the rows
 * are kept as given (they point into the original publication); rows
 * without them get their own place in the stored text.
 *
 * Parsing and validation are libchitieu's (import.h), grouping and
 * storing too (ingest.h); this file reads the files and reports. */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu import [--db PATH] [--format csv|xlsx|jsonl] [--skip-bad]\n"
          "                      [--catalog FILE] FILE...\n"
          "\n"
          "Store structured observations and targets (the fields of the record contract,\n"
          "docs/chitieu.1.md, or Vietnamese columns: docs/formats.md) from CSV (',' or ';'),\n"
          "XLSX or JSON Lines. Each bad row is reported with its line and why; a file with\n"
          "bad rows stores nothing unless --skip-bad.\n"
          "\n"
          "Exit statuses: 0 ok, 64 usage, 65 bad rows, 66 missing input, 74 database error,\n"
          "78 bad catalogue.\n",
          fp);
}

static void report_bad(void *ud, long line, const char *why)
{
    fprintf(stderr, "%s:%ld: %s\n", (const char *)ud, line, why);
}

/* Store one file's rows in one transaction: whole or not at all. */
static int store_file(ct_store *st, const ct_catalog *cat, ct_import *im, const char *file,
                      ct_ingest_counts *c)
{
    char source[600];
    snprintf(source, sizeof source, "import:%s", file);
    ct_ingest_opts io = {.hold = 1};
    ct_ingest *g;
    ct_error err;
    int rc = ct_ingest_new(st, cat, &io, &g, &err);
    if (rc == CT_OK) rc = ct_ingest_rows(g, im, source, c, &err);
    if (rc == CT_OK) rc = ct_ingest_commit(g, NULL, &err);
    ct_ingest_free(g); /* rolls back what was not committed */
    if (rc == CT_OK) return 0;
    if (err.code == CT_OK) err.code = rc;
    return cli_fail(CLI_STORE, file, &err);
}

/* Read, validate and store one file; returns its status. */
static int import_file(ct_store *st, const ct_catalog *cat, const char *file, const char *format,
                       int skip_bad, ct_ingest_counts *sum, long long *nbad)
{
    ct_buf data;
    ct_buf_init(&data);
    int status = cli_slurp(file, &data);
    if (status) {
        ct_buf_free(&data);
        return status;
    }
    int fmt = !format ? ct_import_format(data.data ? data.data : "", data.len, file)
              : !strcmp(format, "csv")  ? CT_IMPORT_CSV
              : !strcmp(format, "xlsx") ? CT_IMPORT_XLSX
                                        : CT_IMPORT_JSONL;
    /* CSV and XLSX are decoded by the library (any encoding, a ZIP) */
    size_t valid = ct_utf8_valid_prefix(data.data ? data.data : "", data.len);
    if (fmt == CT_IMPORT_JSONL && valid != data.len) {
        fprintf(stderr, "%s:%zu: invalid UTF-8\n", file, valid);
        ct_buf_free(&data);
        return EXIT_DATAERR;
    }
    char *doc = cli_doc_id(file);
    ct_import im;
    memset(&im, 0, sizeof im);
    int irc = doc ? ct_import_read(cat, data.data ? data.data : "", data.len, fmt, doc, report_bad,
                                   (void *)file, &im)
                  : CT_ENOMEM;
    if (irc == CT_OK && im.note[0]) fprintf(stderr, "%s: %s\n", file, im.note);
    if (irc != CT_OK) {
        fprintf(stderr, "%s: out of memory\n", file);
        status = EXIT_OSERR;
    } else if (im.bad && !skip_bad) {
        fprintf(stderr, "%s: %ld bad row%s: nothing stored (--skip-bad stores the others)\n", file,
                im.bad, im.bad == 1 ? "" : "s");
        status = EXIT_DATAERR;
    } else {
        ct_ingest_counts c = {0, 0, 0, 0, 0};
        status = store_file(st, cat, &im, file, &c);
        if (status == 0) {
            sum->docs += c.docs;
            sum->obs += c.obs;
            sum->same += c.same;
        }
        if (im.bad && EXIT_DATAERR > status) status = EXIT_DATAERR;
    }
    *nbad += im.bad;
    ct_import_free(&im);
    free(doc);
    ct_buf_free(&data);
    return status;
}

int cmd_import(int argc, char **argv)
{
    const char *db = NULL, *format = NULL, *catalog = NULL;
    int skip_bad = 0, status = EXIT_OK, nfiles = 0;
    const cli_opt opts[] = {{"--db", NULL, &db, NULL},
                            {"--format", NULL, &format, NULL},
                            {"--catalog", NULL, &catalog, NULL},
                            {"--skip-bad", NULL, NULL, &skip_bad},
                            {NULL, NULL, NULL, NULL}};
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return EXIT_OSERR;
    int prc = cli_parse("import", argc, argv, opts, files, argc, &nfiles, usage);
    if (prc) {
        free(files);
        return prc < 0 ? EXIT_OK : prc;
    }
    if (format && !(format = cli_format("import", format, NULL, "csv,jsonl,xlsx"))) {
        free(files);
        return EXIT_USAGE;
    }
    if (!nfiles) {
        fprintf(stderr, "chitieu import: no input (FILE.csv or FILE.jsonl)\n");
        free(files);
        return EXIT_USAGE;
    }
    ct_catalog *cat = cli_catalog(catalog, &status);
    if (!cat) {
        free(files);
        return status;
    }
    ct_store *st;
    if ((status = cli_open_store(cli_db_path(db), &st)) != 0) {
        ct_catalog_free(cat);
        free(files);
        return status;
    }
    ct_ingest_counts sum = {0, 0, 0, 0, 0};
    long long nbad = 0;
    for (int f = 0; f < nfiles; f++) {
        int rc = import_file(st, cat, files[f], format, skip_bad, &sum, &nbad);
        if (rc == EXIT_OSERR || rc == EXIT_IOERR)
            status = rc; /* as before: a store failure is the file's status */
        else if (rc > status)
            status = rc;
    }
    fprintf(stderr,
            "chitieu import: %lld document%s stored, %lld unchanged, %lld records, %lld bad rows\n",
            sum.docs, sum.docs == 1 ? "" : "s", sum.same, sum.obs, nbad);
    ct_store_close(st);
    ct_catalog_free(cat);
    free(files);
    return status;
}
