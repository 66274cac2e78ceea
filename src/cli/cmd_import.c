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
 * Parsing and validation are libchitieu's (import.h); this file groups the
 * rows into documents and stores them. */
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

int cmd_import(int argc, char **argv)
{
    const char *db = NULL, *format = NULL, *catalog = NULL;
    int skip_bad = 0, status = EXIT_OK;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0;
    if (!files) return EXIT_OSERR;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            free(files);
            return EXIT_OK;
        } else if (!strcmp(a, "--db"))
            slot = &db;
        else if (!strcmp(a, "--format"))
            slot = &format;
        else if (!strcmp(a, "--catalog"))
            slot = &catalog;
        else if (!strcmp(a, "--skip-bad"))
            skip_bad = 1;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "chitieu import: unknown option '%s'\n", a);
            usage(stderr);
            free(files);
            return EXIT_USAGE;
        } else
            files[nfiles++] = a;
        if (slot) {
            if (i + 1 >= argc) {
                fprintf(stderr, "chitieu import: %s needs a value\n", a);
                free(files);
                return EXIT_USAGE;
            }
            *slot = argv[++i];
        }
    }
    if (format && strcmp(format, "csv") && strcmp(format, "jsonl") && strcmp(format, "xlsx")) {
        fprintf(stderr, "chitieu import: --format '%s': expected csv, jsonl or xlsx\n", format);
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
    long long ndocs = 0, nrecs = 0, nsame = 0, nbad = 0;
    for (int f = 0; f < nfiles; f++) {
        ct_buf data;
        ct_buf_init(&data);
        int rc = cli_slurp(files[f], &data);
        if (rc) {
            if (rc > status) status = rc;
            ct_buf_free(&data);
            continue;
        }
        int fmt = !format ? ct_import_format(data.data ? data.data : "", data.len, files[f])
                  : !strcmp(format, "csv")  ? CT_IMPORT_CSV
                  : !strcmp(format, "xlsx") ? CT_IMPORT_XLSX
                                            : CT_IMPORT_JSONL;
        /* CSV and XLSX are decoded by the library (any encoding, a ZIP) */
        if (fmt == CT_IMPORT_JSONL &&
            ct_utf8_valid_prefix(data.data ? data.data : "", data.len) != data.len) {
            fprintf(stderr, "%s:%zu: invalid UTF-8\n", files[f],
                    ct_utf8_valid_prefix(data.data, data.len));
            if (EXIT_DATAERR > status) status = EXIT_DATAERR;
            ct_buf_free(&data);
            continue;
        }
        char *doc = cli_doc_id(files[f]);
        ct_import im;
        memset(&im, 0, sizeof im);
        int irc = doc ? ct_import_read(cat, data.data ? data.data : "", data.len, fmt, doc,
                                       report_bad, (void *)files[f], &im)
                      : CT_ENOMEM;
        if (irc == CT_OK && im.note[0]) fprintf(stderr, "%s: %s\n", files[f], im.note);
        if (irc != CT_OK) {
            fprintf(stderr, "%s: out of memory\n", files[f]);
            status = EXIT_OSERR;
        } else if (im.bad && !skip_bad) {
            fprintf(stderr, "%s: %ld bad row%s: nothing stored (--skip-bad stores the others)\n",
                    files[f], im.bad, im.bad == 1 ? "" : "s");
            if (EXIT_DATAERR > status) status = EXIT_DATAERR;
        } else {
            /* one transaction per file: a file is stored whole or not at all */
            char source[600];
            snprintf(source, sizeof source, "import:%s", files[f]);
            ct_error err;
            cli_import_counts c = {0, 0, 0};
            rc = ct_store_begin(st, &err);
            if (rc == CT_OK) rc = cli_import_store(&im, source, st, &c, NULL, NULL, &err);
            if (rc == CT_OK) rc = ct_store_commit(st, &err);
            if (rc != CT_OK) {
                ct_store_rollback(st);
                fprintf(stderr, "%s: %s\n", files[f], err.msg);
                status = rc == CT_ENOMEM ? EXIT_OSERR : EXIT_IOERR;
            } else {
                ndocs += c.docs;
                nrecs += c.records;
                nsame += c.same;
            }
            if (im.bad && EXIT_DATAERR > status) status = EXIT_DATAERR;
        }
        nbad += im.bad;
        ct_import_free(&im);
        free(doc);
        ct_buf_free(&data);
    }
    fprintf(stderr,
            "chitieu import: %lld document%s stored, %lld unchanged, %lld records, %lld bad rows\n",
            ndocs, ndocs == 1 ? "" : "s", nsame, nrecs, nbad);
    ct_store_close(st);
    ct_catalog_free(cat);
    free(files);
    return status;
}
