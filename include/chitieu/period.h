/* chitieu — reporting periods.
 *
 * A period is an interval of months [first, last], months counted as
 * year*12 + month-1, plus an optional day of the last month. Quarters,
 * halves, years and year-to-date spans are just intervals, so "the same
 * period a year earlier" is a shift by twelve months. Whether a figure is
 * a flow over the interval or a stock at its end is the indicator's
 * business (see catalog.h). */
#ifndef CHITIEU_PERIOD_H
#define CHITIEU_PERIOD_H

#include <stddef.h>

typedef struct ct_period {
    int first, last; /* month indexes; first <= last; both 0 when unset */
    int day;         /* 1..31: a day in month `last`; 0 when none */
} ct_period;

#define CT_MONTH(y, m) ((y)*12 + (m)-1)
#define CT_YEAR_OF(idx) ((idx) / 12)
#define CT_MON_OF(idx) ((idx) % 12 + 1)

int ct_period_is_set(const ct_period *p);
ct_period ct_period_month(int y, int m);
ct_period ct_period_range(int y1, int m1, int y2, int m2);
ct_period ct_period_shift(ct_period p, int months);
int ct_period_len(const ct_period *p);
/* Contract notation: "2024", "2024-S1", "2024-Q1", "2024-02",
 * "2022-01-20", "2022-01/2022-07". Returns the length written. */
int ct_period_format(const ct_period *p, char *out, size_t size);
/* The way Vietnamese reports write it: "năm 2022", "quý 1/2024",
 * "tháng 2/2024", "6 tháng đầu năm 2024", "ngày 20/1/2022". */
int ct_period_format_vi(const ct_period *p, char *out, size_t size);
/* Parse contract notation (also "2024-H1"). CT_OK or CT_EPARSE. */
int ct_period_parse(const char *s, size_t n, ct_period *out);
/* Equal intervals (and days). */
int ct_period_eq(const ct_period *a, const ct_period *b);

#endif
