/* chitieu — importing structured records: rows of CSV or JSON Lines with
 * the fields of the record contract (docs/chitieu.1.md, chitieu import),
 * checked against the catalogue and turned into ct_record. */
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
    long bad; /* rows refused */
    void *priv;
} ct_import;

/* Receives each refused row: its line and why ("unknown indicator: x.y"). */
typedef void (*ct_import_bad_fn)(void *ud, long line, const char *why);

/* Read data (csv: CSV with a header row, else JSON Lines). Returns CT_OK or
 * CT_ENOMEM; bad rows are counted and reported, not errors. Caller frees
 * out with ct_import_free (the rows' strings live until then). */
int ct_import_read(const ct_catalog *cat, const char *data, size_t len, int csv,
                   const char *default_doc, ct_import_bad_fn bad, void *ud, ct_import *out);
void ct_import_free(ct_import *in);

#endif
