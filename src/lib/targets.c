/* targets.c — each stored target against the chosen figures of its
 * indicator's series (series.h); the status rules are in targets.h and
 * docs/targets.md. */
#include "chitieu/targets.h"
#include "chitieu/series.h"
#include "alloc_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tg {
    ct_obs o;
    char *doc, *indicator, *unit;
} tg;

typedef struct coll {
    tg *v;
    size_t n, cap;
    int year, oom;
} coll;

static int same_dec(int has_a, ct_decimal a, int has_b, ct_decimal b)
{
    return has_a == has_b && (!has_a || ct_decimal_value(a) == ct_decimal_value(b));
}

static int on_target(void *ud, const ct_obs *o)
{
    coll *c = ud;
    if (c->year > 0 && CT_YEAR_OF(o->rec.period.last) != c->year) return 0;
    /* the same target quoted by several documents: once, from the latest */
    for (size_t i = c->n; i-- > 0 && !strcmp(c->v[i].indicator, o->indicator);) {
        const ct_record *p = &c->v[i].o.rec, *r = &o->rec;
        if (p->period.first == r->period.first && p->period.last == r->period.last &&
            p->growth == r->growth && !strcmp(p->area, r->area) &&
            same_dec(p->has_min, p->min, r->has_min, r->min) &&
            same_dec(p->has_max, p->max, r->has_max, r->max))
            return 0;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        tg *v = ct__realloc(c->v, cap * sizeof *v);
        if (!v) return c->oom = 1;
        c->v = v;
        c->cap = cap;
    }
    tg *t = &c->v[c->n];
    t->o = *o;
    t->doc = ct__strdup(o->doc);
    t->indicator = ct__strdup(o->indicator);
    t->unit = ct__strdup(o->rec.unit ? o->rec.unit : "");
    if (!t->doc || !t->indicator || !t->unit) {
        ct__free(t->doc);
        ct__free(t->indicator);
        ct__free(t->unit);
        return c->oom = 1;
    }
    t->o.doc = t->doc;
    t->o.indicator = t->indicator;
    t->o.rec.unit = t->unit;
    c->n++;
    return 0;
}

static const ct_series_row *row_at(const ct_series *s, const ct_period *p, int stock)
{
    for (size_t i = 0; i < s->n; i++) {
        const ct_period *q = &s->rows[i].period;
        if (q->last == p->last && q->day == p->day && (stock || q->first == p->first))
            return &s->rows[i];
    }
    return NULL;
}

/* The latest figure inside p known as of month as_of: a flow's
 * cumulative one from p's first month, a stock's latest month. A stock
 * target at a month ("đến tháng 12/2025 đạt 28") is a level to reach by
 * then, so the figures of the twelve months before it count too. */
static const ct_series_row *latest_in(const ct_series *s, const ct_period *p, int stock,
                                      int as_of)
{
    const ct_series_row *best = NULL;
    int lo = stock && p->last - 11 < p->first ? p->last - 11 : p->first;
    for (size_t i = 0; i < s->n; i++) {
        const ct_period *q = &s->rows[i].period;
        if (q->last > p->last || q->last < lo || q->last > as_of) continue;
        if (!stock && q->first != p->first) continue;
        if (!best || q->last > best->period.last) best = &s->rows[i];
    }
    return best;
}

/* A target is met by reaching its lower end: "đạt 3.636.752 tỷ đồng" and
 * "tăng 20-30%" are floors, and doing better is no miss. Only a target
 * with no lower end ("tối đa", "không quá": botnet IPs) is a ceiling. For
 * a rank, better is smaller: the upper end (or the single rank) is the
 * bar. */
static int meets(const ct_record *t, double v)
{
    if (t->unit && !strcmp(t->unit, "rank"))
        return v <= ct_decimal_value(t->has_max ? t->max : t->min);
    if (t->has_min) return v >= ct_decimal_value(t->min);
    return !t->has_max || v <= ct_decimal_value(t->max);
}

static void set_actual(ct_target_eval *e, const ct_series_row *r)
{
    e->has_actual = 1;
    e->actual = r->chosen.value;
    e->actual_period = r->chosen.period;
    snprintf(e->actual_doc, sizeof e->actual_doc, "%s", r->chosen.doc);
}

static void judge(ct_target_eval *e, const ct_series *s, const ct_indicator *ind, int as_of)
{
    const ct_record *t = &e->target->rec;
    int stock = ind && ind->measure == CT_STOCK;
    int ended = t->period.last < as_of;
    const ct_series_row *full = row_at(s, &t->period, stock);
    if (full && full->period.last > as_of) full = NULL; /* not known yet as of then */
    if (!t->growth) {
        if (full) {
            set_actual(e, full);
            int ok = meets(t, ct_decimal_value(full->chosen.value));
            e->status = ok ? CT_TARGET_ACHIEVED : ended ? CT_TARGET_MISSED : CT_TARGET_AT_RISK;
            snprintf(e->why, sizeof e->why, "số của cả kỳ %s mục tiêu", ok ? "đạt" : "chưa đạt");
            return;
        }
        const ct_series_row *part = latest_in(s, &t->period, stock, as_of);
        if (!part) {
            e->status = CT_TARGET_NO_DATA;
            snprintf(e->why, sizeof e->why, "chưa có số liệu trong kỳ");
            return;
        }
        set_actual(e, part);
        double v = ct_decimal_value(part->chosen.value);
        if (!stock) { /* a flow's year to date, at the same pace to the end */
            int done = ct_period_len(&part->period), all = ct_period_len(&t->period);
            e->has_pace = 1;
            e->pace = v * all / (done > 0 ? done : 1);
            v = e->pace;
        }
        int ok = meets(t, v);
        if (ended) {
            e->status = CT_TARGET_NO_DATA;
            snprintf(e->why, sizeof e->why, "kỳ đã kết thúc nhưng chưa có số cả kỳ");
        } else {
            e->status = ok ? CT_TARGET_ON_TRACK : CT_TARGET_AT_RISK;
            snprintf(e->why, sizeof e->why, "%s %s mục tiêu",
                     stock ? "số mới nhất" : "lũy kế quy ra cả kỳ", ok ? "đạt" : "chưa đạt");
        }
        return;
    }
    /* a growth target: against the same period a year before */
    const ct_series_row *now = full ? full : latest_in(s, &t->period, stock, as_of);
    if (!now) {
        e->status = CT_TARGET_NO_DATA;
        snprintf(e->why, sizeof e->why, "chưa có số liệu trong kỳ");
        return;
    }
    set_actual(e, now);
    ct_period before = ct_period_shift(now->period, -12);
    const ct_series_row *prev = row_at(s, &before, stock);
    if (prev && ct_decimal_value(prev->chosen.value) > 0) {
        e->has_growth = 1;
        e->growth =
            (ct_decimal_value(now->chosen.value) / ct_decimal_value(prev->chosen.value) - 1) * 100;
    } else if (now->has_stated_yoy) {
        e->has_growth = 1;
        e->growth = ct_decimal_value(now->stated_yoy);
    }
    if (!e->has_growth) {
        e->status = CT_TARGET_NO_DATA;
        snprintf(e->why, sizeof e->why, "không có số cùng kỳ năm trước để tính tăng trưởng");
        return;
    }
    int ok = meets(t, e->growth);
    if (full) {
        e->status = ok ? CT_TARGET_ACHIEVED : ended ? CT_TARGET_MISSED : CT_TARGET_AT_RISK;
        snprintf(e->why, sizeof e->why, "tăng trưởng cả kỳ %s mục tiêu", ok ? "đạt" : "chưa đạt");
    } else if (ended) {
        e->status = CT_TARGET_NO_DATA;
        snprintf(e->why, sizeof e->why, "kỳ đã kết thúc nhưng chưa có số cả kỳ");
    } else {
        e->status = ok ? CT_TARGET_ON_TRACK : CT_TARGET_AT_RISK;
        snprintf(e->why, sizeof e->why, "tăng trưởng lũy kế %s mục tiêu", ok ? "đạt" : "chưa đạt");
    }
}

int ct_targets_eval(ct_store *st, const ct_catalog *cat, int year, int as_of, ct_target_fn fn,
                    void *ud, ct_error *err)
{
    coll c;
    memset(&c, 0, sizeof c);
    c.year = year;
    ct_obs_query q = {NULL, 0, 1, 0};
    int rc = ct_store_records(st, cat, &q, on_target, &c, err);
    if (rc == CT_OK && c.oom) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    ct_series s;
    memset(&s, 0, sizeof s);
    const tg *have = NULL;
    for (size_t i = 0; i < c.n && rc == CT_OK; i++) {
        tg *t = &c.v[i];
        /* targets come by indicator: one series for each indicator and area */
        if (!have || strcmp(have->indicator, t->indicator) ||
            strcmp(have->o.rec.area, t->o.rec.area)) {
            ct_series_free(&s);
            rc = ct_series_build(st, cat, t->indicator, t->o.rec.area, NULL, NULL, &s, err);
            if (rc != CT_OK) break;
            have = t;
        }
        ct_target_eval e;
        memset(&e, 0, sizeof e);
        e.target = &t->o;
        judge(&e, &s, t->o.rec.ind, as_of);
        if (fn(ud, &e)) break;
    }
    ct_series_free(&s);
    for (size_t i = 0; i < c.n; i++) {
        ct__free(c.v[i].doc);
        ct__free(c.v[i].indicator);
        ct__free(c.v[i].unit);
    }
    ct__free(c.v);
    return rc;
}

const char *ct_target_status_name(ct_target_status s)
{
    static const char *const n[] = {"achieved", "on track", "at risk", "missed", "no data"};
    return (unsigned)s < 5 ? n[s] : "?";
}

const char *ct_target_status_vi(ct_target_status s)
{
    static const char *const n[] = {"đã đạt", "đúng tiến độ", "có nguy cơ không đạt", "không đạt",
                                    "chưa có số liệu"};
    return (unsigned)s < 5 ? n[s] : "?";
}

int ct_target_eval_json(ct_json *j, const ct_target_eval *e)
{
    const ct_record *t = &e->target->rec;
    ct_json_obj(j);
    ct_json_kstr(j, "indicator", e->target->indicator);
    ct_json_key(j, "period");
    ct_json_period(j, &t->period);
    ct_json_kstr(j, "kind", t->growth ? "growth" : "level");
    ct_json_kdec_opt(j, "min", t->has_min, t->min);
    ct_json_kdec_opt(j, "max", t->has_max, t->max);
    ct_json_key(j, "actual");
    if (e->has_actual) {
        ct_json_obj(j);
        ct_json_kdec(j, "value", e->actual);
        ct_json_key(j, "period");
        ct_json_period(j, &e->actual_period);
        ct_json_kstr(j, "doc", e->actual_doc);
        ct_json_end(j);
    } else
        ct_json_null(j);
    ct_json_key(j, "growth");
    if (e->has_growth)
        ct_json_fixed(j, e->growth, 2);
    else
        ct_json_null(j);
    ct_json_kstr(j, "status", ct_target_status_name(e->status));
    ct_json_kstr(j, "why", e->why);
    ct_json_kstr(j, "source", e->target->doc);
    ct_json_end(j);
    return ct_json_ok(j);
}

void ct_targets_json_open(ct_json *j, int as_of)
{
    ct_date d = {CT_YEAR_OF(as_of), CT_MON_OF(as_of), 0};
    ct_json_obj(j);
    ct_json_key(j, "as_of");
    ct_json_date(j, d);
    ct_json_key(j, "targets");
    ct_json_arr(j);
}
