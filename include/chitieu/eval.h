/* chitieu — eval: extraction scored against gold records, with the rules
 * of ../shared/tools/eval-extract (../shared/spec/observations.md,
 * "Scoring"), so that an office measures the extractor on its own
 * reviewed reports (chitieu review export --gold) and a grammar change is
 * judged on them before it ships.
 *
 * Records are JSON Lines in the record contract, gold and predicted alike
 * (a prediction is rendered with ct_render_json and read back, so that
 * both sides go through one reader). Matching: the same indicator (of the
 * catalogue), area (NFC, case folded, without tỉnh/thành phố/TP), period
 * (month intervals; a stock by its last month; the gold's alt_periods)
 * and value (0,1% relative; 0,01 absolute for percent, per100 and rank;
 * the gold's alt readings); duplicates of a prediction count once; each
 * gold observation takes the first prediction that matches it. Changes of
 * matched observations (basis, pct to 0,01) and targets are scored apart. */
#ifndef CHITIEU_EVAL_H
#define CHITIEU_EVAL_H

#include <stddef.h>
#include "chitieu/catalog.h"
#include "chitieu/error.h"

typedef struct ct_eval_tally {
    long long tp, fp, fn;
} ct_eval_tally;

/* Precision, recall and F1 as eval-extract gives them (no predictions and
 * no gold: 1). */
void ct_eval_prf(const ct_eval_tally *t, double *p, double *r, double *f);

/* Records read from JSON Lines. Caller frees with ct_eval_set_free. */
typedef struct ct_eval_set ct_eval_set;

/* Read the JSON Lines in text (name for messages). strict (gold): a line
 * that is not a JSON object, or a record whose indicator is not in cat,
 * is CT_EPARSE with err->line set; else (predictions) such lines are
 * counted in *bad (may be NULL) and records outside the catalogue are
 * kept and never scored. */
int ct_eval_read(const ct_catalog *cat, const char *text, size_t len, const char *name, int strict,
                 ct_eval_set **out, long long *bad, ct_error *err);
void ct_eval_set_free(ct_eval_set *s);
/* Number of records read. */
size_t ct_eval_set_count(const ct_eval_set *s);

/* Score document doc: its gold records against its predictions (those
 * with a confidence of at least min_conf when min_conf >= 0). t[0]
 * observations, t[1] changes, t[2] targets (set, not added to). */
int ct_eval_score(const ct_catalog *cat, const ct_eval_set *gold, const ct_eval_set *pred,
                  const char *doc, double min_conf, ct_eval_tally t[3]);

#endif
