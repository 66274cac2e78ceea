/* chitieu — exports of the database: CSV and JSON Lines of every record
 * with provenance (what `chitieu import` reads back), an XLSX workbook, and
 * SDMX-CSV of each period's chosen value. */
#ifndef CHITIEU_EXPORT_H
#define CHITIEU_EXPORT_H

#include <stdio.h>
#include "chitieu/catalog.h"
#include "chitieu/store.h"
#include "chitieu/xlsx.h"
#include "chitieu/xlsx.h"

typedef enum { CT_EXPORT_CSV, CT_EXPORT_JSONL, CT_EXPORT_XLSX, CT_EXPORT_SDMX } ct_export_format;

/* Write the export to fp (text formats) or to the file at path (xlsx,
 * which needs one). Returns CT_OK or a CT_E* code with err filled. */
int ct_export(ct_store *st, const ct_catalog *cat, ct_export_format fmt, const char *path, FILE *fp,
              ct_error *err);
/* The same; raw: the records as extracted, reviews ignored (review.h), for
 * csv, jsonl and xlsx (sdmx-csv, made of the reviewed points, is CT_EINVAL). */
int ct_export_view(ct_store *st, const ct_catalog *cat, ct_export_format fmt, const char *path,
                   FILE *fp, int raw, ct_error *err);

/* A series as CSV for a spreadsheet: UTF-8 with a byte-order mark (Excel
 * reads it as UTF-8 then), Vietnamese headers, one row per period: the
 * period as the reports write it and in contract notation, the value in
 * base units, the Vietnamese unit, the value as written ("hơn 2.000 cuộc",
 * "23,9 triệu thuê bao"), the qualifier, the stated and computed
 * year-on-year change, the source document and its date, and whether the
 * sources disagree. Appends to b; CT_ENOMEM when b ran out. */
struct ct_series;
int ct_series_csv(ct_buf *b, const struct ct_series *s);
/* A table of observations for a spreadsheet, row by row: ct_obs_csv_head
 * writes the BOM and the Vietnamese headers, ct_obs_csv_row one
 * observation (indicator name and code, period in words and in notation,
 * area, value, Vietnamese unit, the figure as written, role, document,
 * publication date). */
void ct_obs_csv_head(ct_buf *b);
void ct_obs_csv_row(ct_buf *b, const ct_obs *o);

/* The same two tables as XLSX workbooks (xlsx.h), the same Vietnamese
 * headers, values as numbers with the Vietnamese unit beside them: the
 * series in one sheet "Chuỗi số liệu", appended to out (CT_OK or a CT_E*
 * code with err filled); the observations in a sheet "Số liệu theo
 * nguồn", a workbook from ct_obs_xlsx_head (NULL when it cannot be made)
 * that the caller fills row by row and ends with ct_xlsx_finish. */
int ct_series_xlsx(ct_buf *out, const struct ct_series *s, ct_error *err);
ct_xlsx *ct_obs_xlsx_head(void);
void ct_obs_xlsx_row(ct_xlsx *x, const ct_obs *o);

/* The same two tables as XLSX workbooks (xlsx.h), the same Vietnamese
 * headers, values as numbers with the Vietnamese unit beside them: the
 * series in one sheet "Chuỗi số liệu", appended to out (CT_OK or a CT_E*
 * code with err filled); the observations in a sheet "Số liệu theo
 * nguồn", a workbook from ct_obs_xlsx_head (NULL when it cannot be made)
 * that the caller fills row by row and ends with ct_xlsx_finish. */
int ct_series_xlsx(ct_buf *out, const struct ct_series *s, ct_error *err);
ct_xlsx *ct_obs_xlsx_head(void);
void ct_obs_xlsx_row(ct_xlsx *x, const ct_obs *o);

#endif
