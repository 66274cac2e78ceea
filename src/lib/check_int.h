/* check_int.h — what the checker's core (check.c) and its rules
 * (check_rules.c) share: the item a record becomes, the sorted array of
 * them, key lookups, and the writing of findings.
 *
 * Items are sorted by indicator, record type, area, unit and period key
 * (see period_key), then id: the records of one key are adjacent, the keys
 * of one series (indicator, type, area, unit) too, in period order. Every
 * lookup of a rule is a binary search for a key, so that a run costs
 * n log n plus the pairs inside one key, never n². */
#ifndef CHITIEU_CHECK_INT_H
#define CHITIEU_CHECK_INT_H

#include "chitieu/check.h"

#include <stddef.h>

typedef struct item {
    ct_obs o;
    const char *doc, *indicator, *unit, *area; /* interned in the checker */
    int judged;
    int stock;
    int kfirst; /* period key: first month, 0 for a stock written for a month */
    int plan;   /* states "đạt X% kế hoạch" */
    double v, lo, hi;
} item;

struct ct_checker {
    const ct_catalog *cat;
    item *v;
    size_t n, cap;
    char **pool; /* interned strings: equal strings are one pointer */
    size_t npool, nslot;
    const char *last_code; /* the catalogue entry of the last indicator added */
    const ct_indicator *last_ind;
    unsigned only; /* kinds to run; 0 all */
    int oom;
};

typedef struct run {
    ct_checker *ck;
    const char *focus;
    ct_finding_fn fn;
    void *ud;
    int n;
    int stop;
    ct_buf msg, exp; /* the message and the journalist's line being written */
    double *tmp;     /* scratch for medians */
    size_t ntmp;
} run;

/* The period key of a period for an indicator that is (not) a stock. */
int ct__check_kfirst(int stock, const ct_period *p);
/* [*from, *to) of the items with this series and period key. */
void ct__check_range(const ct_checker *ck, const char *indicator, ct_rec_type type,
                     const char *area, const char *unit, int stock, const ct_period *p,
                     size_t *from, size_t *to);
int ct__check_same_doc(const item *a, const item *b);
int ct__check_meet(double alo, double ahi, double blo, double bhi);
void ct__check_interval(ct_decimal d, ct_approx a, double *lo, double *hi);

/* Writing findings: init, values, documents, then emit (which adds the id,
 * the message and the explanation written in r->msg and r->exp). */
void ct__find_init(ct_finding *f, ct_finding_kind kind, ct_severity sev, const item *it);
void ct__find_value(ct_finding *f, ct_decimal v);
void ct__find_doc(ct_finding *f, const item *it);
void ct__find_emit(run *r, ct_finding *f);
int ct__check_wants(const run *r, ct_finding_kind k);

/* Vietnamese pieces for messages. */
const char *ct__check_name(const item *it);
void ct__put_val(ct_buf *b, const item *it, ct_decimal d);
void ct__put_dval(ct_buf *b, const item *it, double x, int exp); /* a computed value */
void ct__put_num(ct_buf *b, double x, int decimals);
void ct__put_pct(ct_buf *b, double x, int decimals); /* "tăng 5%", "giảm 9,7%" */
void ct__put_period(ct_buf *b, const ct_period *p);
void ct__put_source(ct_buf *b, const item *it); /* "báo cáo p033 ngày 15/10/2023" */

/* The rules (check_rules.c). */
void ct__rule_conflicts(run *r, size_t from, size_t to);
void ct__rule_changes(run *r, item *it);
void ct__rule_parts(run *r, item *w);
void ct__rule_plans(run *r);
void ct__rule_cumulative(run *r, item *it);
void ct__rule_plausibility(run *r, size_t from, size_t to);

#endif
