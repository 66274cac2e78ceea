/* chitieu — charts: a series drawn as self-contained SVG by the library
 * (no chart service, no script): bars for a flow, a line for a stock,
 * labelled axes in Vietnamese number format, period labels, the
 * year-on-year change over each point, target bands, and a red ring on a
 * period whose sources disagree. Reports and the dashboard reuse it. */
#ifndef CHITIEU_CHART_H
#define CHITIEU_CHART_H

#include "chitieu/buf.h"
#include "chitieu/series.h"

typedef struct ct_chart_band {
    ct_period period; /* the target's period */
    int has_lo, has_hi;
    double lo, hi; /* in the series' unit */
    char label[64];
} ct_chart_band;

typedef struct ct_chart_opts {
    int width, height; /* pixels; 0 for 800 × 420 */
    int months;        /* draw only rows of this many months (1, 3, 6, 12);
                          0: the length most rows have */
    const ct_chart_band *bands;
    int nbands;
} ct_chart_opts;

/* Append the SVG document of s (rows must be of one unit). Returns the
 * number of points drawn, or CT_ENOMEM. */
int ct_chart_svg(ct_buf *out, const ct_series *s, const ct_chart_opts *opts);

/* The level targets of code stored in st, as bands for ct_chart_opts (at
 * most max, one per period). Returns their count or a CT_E* code. */
int ct_chart_bands(ct_store *st, const ct_catalog *cat, const char *code, ct_chart_band *out,
                   int max, ct_error *err);

#endif
