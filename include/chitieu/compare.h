/* chitieu — two periods side by side (as PX-Web tables show them): for
 * every indicator of a sector (or all), the chosen value of its series in
 * period a and in period b, and the change between them, for the country
 * or one area. A flow is compared on the same interval (quý 1/2025 with
 * quý 1/2026), a stock at the periods' end months. */
#ifndef CHITIEU_COMPARE_H
#define CHITIEU_COMPARE_H

#include "chitieu/buf.h"
#include "chitieu/catalog.h"
#include "chitieu/series.h"
#include "chitieu/store.h"

typedef struct ct_compare_row {
    const ct_indicator *ind;
    char unit[32];
    int has_a, has_b;
    ct_series_value a, b; /* the chosen values (series.h) */
    int conflict_a, conflict_b;
} ct_compare_row;

typedef struct ct_compare {
    ct_period a, b;
    char sector[32]; /* "" all */
    char area[128];  /* "" the country */
    ct_compare_row *rows;
    size_t n;
    ct_period *periods; /* the periods with figures (no single days), latest first */
    size_t nperiods;
} ct_compare;

/* Build the comparison. sector: an indicator code prefix ("telecom") or
 * NULL/"" for all; area NULL/"" for the country; a or b unset: b the latest
 * period (the interval most figures ending in the latest month have), a
 * the same a year before. Rows are the indicators with a figure in a or b,
 * in catalogue order. Caller frees with ct_compare_free. CT_EINVAL for an
 * unknown sector. */
int ct_compare_build(ct_store *st, const ct_catalog *cat, const char *sector, const char *area,
                     const ct_period *a, const ct_period *b, ct_compare *out, ct_error *err);
void ct_compare_free(ct_compare *c);

/* b's change on a: 1 with the exact difference in base units (and, when
 * a is not 0 and the unit is no percentage, rank or ratio, the relative
 * change in percent), 0 when one side is missing or the units differ. */
int ct_compare_change(const ct_compare_row *r, ct_decimal *diff, int *has_pct, double *pct);

/* As JSON: {"a","b","sector","area","periods":[...],"rows":[{indicator,
 * name, sector, measure, unit, a:{period,value,approx,doc,published,
 * conflict}|null, b:..., change, change_pct}]}. */
int ct_compare_json(ct_buf *out, const ct_compare *c);
/* As CSV for a spreadsheet (BOM, Vietnamese headers naming the periods)
 * and as an XLSX workbook (sheet "So sánh hai kỳ"). */
int ct_compare_csv(ct_buf *out, const ct_compare *c);
int ct_compare_xlsx(ct_buf *out, const ct_compare *c, ct_error *err);

#endif
