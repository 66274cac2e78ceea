/* chitieu — series: one row per period of an indicator, from the store's
 * points (store.h).
 *
 * A row has the chosen value and why it was chosen, the other values seen
 * with their sources, the year-on-year change stated with the chosen value
 * and the one computed from the chosen value a year before, and a conflict
 * mark when two values of the period disagree beyond their written
 * precision. A flow's rows are its distinct month intervals (a quarter, a
 * month and the cumulative months 1..n are different rows); a stock's are
 * its distinct end months, so that a stock's "năm 2023" and "tháng
 * 12/2023" are one row. */
#ifndef CHITIEU_SERIES_H
#define CHITIEU_SERIES_H

#include "chitieu/buf.h"
#include "chitieu/catalog.h"
#include "chitieu/json.h"
#include "chitieu/store.h"

#define CT_SERIES_OTHERS 4

typedef struct ct_series_value {
    ct_period period; /* as written (a stock's row may gather several) */
    ct_decimal value;
    ct_approx approx;
    int baseline; /* the preferred observation of this value is a baseline */
    long long nobs;
    char doc[96];
    ct_date pub;
} ct_series_value;

typedef enum {
    CT_CHOSEN_ONLY = 0, /* one value seen */
    CT_CHOSEN_REPORTED, /* a reported figure over baselines quoted later */
    CT_CHOSEN_LATEST,   /* the latest publication */
} ct_chosen_why;

typedef struct ct_series_row {
    ct_period period; /* the row's key period */
    char unit[32];
    ct_series_value chosen;
    ct_chosen_why why;
    int nothers; /* beyond CT_SERIES_OTHERS only counted */
    ct_series_value others[CT_SERIES_OTHERS];
    int has_stated_yoy;
    ct_decimal stated_yoy;
    int has_computed_yoy;
    double computed_yoy; /* percent */
    int conflict;
} ct_series_row;

typedef struct ct_series {
    const ct_indicator *ind;
    ct_series_row *rows;
    size_t n;
} ct_series;

/* Build the series of code (area "" national) for rows whose period ends
 * within [from, to] (unset: open). Caller frees with ct_series_free. */
int ct_series_build(ct_store *st, const ct_catalog *cat, const char *code, const char *area,
                    const ct_period *from, const ct_period *to, ct_series *out, ct_error *err);
void ct_series_free(ct_series *s);
const char *ct_chosen_why_name(ct_chosen_why w); /* "only", "reported", "latest" */

/* The series as one JSON object (no newline): indicator, name, measure,
 * area, rows with period, unit, chosen, why, stated_yoy, computed_yoy,
 * conflict, others. Appends to b; CT_ENOMEM when b ran out of memory. */
int ct_series_json(ct_buf *b, const ct_series *s, const char *area);

#endif
