/* chitieu — tables as XLSX workbooks for a spreadsheet (libxlsxwriter):
 * sheets with Vietnamese names, a bold frozen header row with a filter,
 * cells as text or as numbers in a Vietnamese-readable format. The
 * workbook is written to a temporary file and read back into a buffer, so
 * that the server can answer with it and the command line write it
 * anywhere. */
#ifndef CHITIEU_XLSX_H
#define CHITIEU_XLSX_H

#include "chitieu/buf.h"
#include "chitieu/error.h"

typedef struct ct_xlsx ct_xlsx;

/* A new workbook (its temporary file in $TMPDIR, else /tmp). Caller ends it
 * with ct_xlsx_finish, which frees it. NULL when out of memory or the
 * file cannot be made. */
ct_xlsx *ct_xlsx_new(void);
/* A sheet named name (at most 31 characters, cut there) with the column
 * headers and widths (in characters; NULL for 16 each); later cells go
 * to it, from the row under the headers. */
int ct_xlsx_sheet(ct_xlsx *x, const char *name, const char *const *headers, int ncols,
                  const double *widths);
/* Cells of the current row; a NULL or empty string leaves the cell empty. */
void ct_xlsx_str(ct_xlsx *x, int col, const char *s);
/* A number with at most `decimals` decimals shown (#,##0.0…). */
void ct_xlsx_num(ct_xlsx *x, int col, double v, int decimals);
/* The next row. */
void ct_xlsx_row(ct_xlsx *x);
/* Close the workbook and append its bytes to out; x is freed either way.
 * CT_OK, or CT_EIO / CT_ENOMEM with err filled. */
int ct_xlsx_finish(ct_xlsx *x, ct_buf *out, ct_error *err);

#endif
