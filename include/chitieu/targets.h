/* chitieu — tracking targets: each stored target (from report text or a
 * targets file) against the figures the database holds.
 *
 * Status rules (docs/targets.md):
 *   achieved  the target period is over (or its figure is in) and the
 *             figure meets the target;
 *   missed    the target period is over and its figure does not;
 *   on track  the period is running and the pace meets the target: a
 *             flow's year-to-date figure scaled to the whole period, a
 *             stock's latest figure, a growth target's year-to-date growth;
 *   at risk   the period is running and the pace falls short;
 *   no data   no figure to judge by.
 * A target is met by reaching its lower end (a single figure or a range is
 * a floor: doing better is no miss); one with only an upper end ("tối đa")
 * is a ceiling; a rank target is met by the rank or a better (smaller)
 * one. The same target quoted by several documents is listed once. */
#ifndef CHITIEU_TARGETS_H
#define CHITIEU_TARGETS_H

#include "chitieu/buf.h"
#include "chitieu/catalog.h"
#include "chitieu/json.h"
#include "chitieu/store.h"

typedef enum {
    CT_TARGET_ACHIEVED = 0,
    CT_TARGET_ON_TRACK,
    CT_TARGET_AT_RISK,
    CT_TARGET_MISSED,
    CT_TARGET_NO_DATA,
} ct_target_status;

typedef struct ct_target_eval {
    const ct_obs *target; /* the target record and its document */
    int has_actual;
    ct_decimal actual; /* the figure judged by (a year-to-date one for a flow) */
    ct_period actual_period;
    char actual_doc[96];
    int has_growth; /* a growth target: the growth computed, percent */
    double growth;
    int has_pace; /* the figure scaled to the whole target period */
    double pace;
    ct_target_status status;
    char why[256]; /* the rule applied, in Vietnamese */
} ct_target_eval;

typedef int (*ct_target_fn)(void *ud, const ct_target_eval *e);

/* Evaluate every stored target (of year `year` when > 0) as of month
 * as_of (a month index, CT_MONTH(y, m): a period is over when it ends
 * before it). Returns CT_OK or a CT_E* code with err filled. */
int ct_targets_eval(ct_store *st, const ct_catalog *cat, int year, int as_of, ct_target_fn fn,
                    void *ud, ct_error *err);
const char *ct_target_status_name(ct_target_status s); /* "achieved", "on track"... */
const char *ct_target_status_vi(ct_target_status s);   /* "đạt", "đúng tiến độ"... */

/* One evaluation as a JSON object (indicator, period, kind, min, max,
 * actual, growth, status, why, source): the next value in j. */
int ct_target_eval_json(ct_json *j, const ct_target_eval *e);
/* {"as_of":"YYYY-MM","targets":[ — left open for the evaluations; the
 * caller closes the array and the object (ct_json_end twice). */
void ct_targets_json_open(ct_json *j, int as_of);

#endif
