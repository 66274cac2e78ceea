/* import_int.h — what the record import (import.c) shares with its XLSX
 * reader (import_xlsx.c): a row's fields, the import state, and the row
 * sink both CSV and XLSX feed cell by cell. */
#ifndef CHITIEU_IMPORT_INT_H
#define CHITIEU_IMPORT_INT_H

#include <stdint.h>
#include "chitieu/buf.h"
#include "chitieu/import.h"
#include "chitieu/text.h"
#include "lex.h"

/* One row's fields, as strings (NULL when absent). */
enum {
    F_TYPE,
    F_DOC,
    F_IND,
    F_PERIOD,
    F_VALUE,
    F_UNIT,
    F_APPROX,
    F_ROLE,
    F_AREA,
    F_CHANGES,
    F_PRECISION,
    F_SPAN0,
    F_SPAN1,
    F_MIN,
    F_MAX,
    F_GMIN,
    F_GMAX,
    F_VSPAN0,
    F_VSPAN1,
    F_ALTV,
    F_ALTU,
    F_PUBLISHED,
    F_SOURCE,
    /* spreadsheet columns that normalize into the fields above */
    F_NAME, /* Tên chỉ tiêu: the indicator by its Vietnamese name */
    F_KIND, /* Loại: số liệu, số gốc, mục tiêu */
    F_YOY,  /* Tăng/giảm so với cùng kỳ (%) */
    F_SPAN, /* Vị trí (byte): "start-end" */
    F_CONFIDENCE, /* the record's confidence, 0..1 (export's JSON Lines) */
    F_N
};
typedef struct row {
    long line;
    uint64_t exact; /* fields that came from XLSX number cells */
    ct_date pub;
    char *f[F_N];
    ct_record rec;
    char *doc;
    ct_buf raw; /* the row as read, for the stored text */
} row;

typedef struct imp {
    const ct_catalog *cat;
    ct_import_bad_fn badfn;
    void *ud;
    row *rows;
    size_t n, cap;
    long bad;
    /* CSV state */
    int col_of[64]; /* column -> field */
    int ncols, header_done;
    row cur;
    long line;
    int oom;
    int vi;                    /* a Vietnamese sheet: values read by the grammar */
    int cell_exact;            /* the cell ct__import_field receives is an XLSX number */
    int have_ind;              /* some sheet had an indicator column */
    int xlsx;                  /* reading a workbook: sheets without indicators pass */
    int sheet_ind;             /* the current sheet has an indicator column */
    int sources;               /* the current XLSX sheet lists documents' sources */
    char **src_doc, **src_val; /* its rows: doc -> source */
    size_t nsrc, capsrc;
    ct_fold fold;
    tk_list toks;
} imp;

typedef struct csvs {
    imp *im;
    const char *doc;
    int col;
} csvs;

/* Report a refused row (line, why, what); returns -1. */
int ct__import_bad(imp *im, long line, const char *why, const char *what);
/* The sink of cells: a field of the current row (the header row's name
 * its columns), and the end of a row. ud is a csvs. */
void ct__import_field(void *s, size_t len, void *ud);
void ct__import_row(int term, void *ud);
void ct__import_row_free(row *r);
/* Read the sheets of an XLSX workbook into im (import_xlsx.c). */
void ct__import_xlsx(imp *im, const char *data, size_t len, const char *doc);

#endif
