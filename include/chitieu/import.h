/* chitieu — importing structured records: rows of CSV, XLSX or JSON Lines
 * with the fields of the record contract (docs/chitieu.1.md, chitieu
 * import) or a spreadsheet's Vietnamese columns (docs/formats.md), checked
 * against the catalogue and turned into ct_record. */
#ifndef CHITIEU_IMPORT_H
#define CHITIEU_IMPORT_H

#include <stddef.h>
#include "chitieu/catalog.h"
#include "chitieu/record.h"

typedef struct ct_import_row {
    long line;       /* 1-based line of the row in the input */
    const char *doc; /* its `doc`, else the default */
    ct_record rec;
    const char *raw; /* the row as read (for the stored text) */
    size_t raw_len;
    ct_date pub;        /* its document's `published`; 0 when not given */
    const char *source; /* its document's `source`, or NULL */
} ct_import_row;

typedef struct ct_import {
    ct_import_row *rows; /* the good rows, in input order */
    size_t n;
    long bad;       /* rows refused */
    char note[200]; /* how a CSV was decoded when it was not UTF-8, or "" */
    void *priv;
} ct_import;

/* Receives each refused row: its line and why ("unknown indicator: x.y"). */
typedef void (*ct_import_bad_fn)(void *ud, long line, const char *why);

enum { CT_IMPORT_JSONL = 0, CT_IMPORT_CSV = 1, CT_IMPORT_XLSX = 2 };

/* Read data in the given CT_IMPORT_* format (CSV and XLSX: a header row
 * first; CSV in any encoding the text layer tells, separated by ',' or
 * ';'). Returns CT_OK or CT_ENOMEM; bad rows are counted and reported, not
 * errors. Caller frees out with ct_import_free (the rows' strings live
 * until then). */
int ct_import_read(const ct_catalog *cat, const char *data, size_t len, int format,
                   const char *default_doc, ct_import_bad_fn bad, void *ud, ct_import *out);
/* The format of a file: XLSX by its bytes (a ZIP), JSON Lines by the name
 * (.jsonl, .json, .ndjson), else CSV. */
int ct_import_format(const char *data, size_t len, const char *name);
void ct_import_free(ct_import *in);

#endif
