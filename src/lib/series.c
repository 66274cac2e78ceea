/* series.c — rows of a series from the store's points (see series.h).
 *
 * Points arrive per (period, unit, value); they are sorted by row key
 * (unit, end month, first month for a flow, day) and, within a row, by
 * preference: a reported figure before a baseline, then the latest
 * publication. The first of a row is the chosen value. The computed
 * year-on-year change looks up the row twelve months earlier by binary
 * search, which is why points are read from a year before `from`. */
#include "chitieu/series.h"
#include "chitieu/num.h"
#include "alloc_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pt {
    ct_series_value val;
    char unit[32];
    int urank; /* the unit's place among the series' units (strcmp order), or -1 */
    int kfirst;
    long long rank;
    int has_yoy;
    ct_decimal yoy;
} pt;

typedef struct acc {
    pt *v;
    size_t n, cap;
    int stock;
    int oom;
} acc;

static long long date_rank(ct_date d)
{
    return (long long)d.y * 10000 + d.m * 100 + d.d;
}

/* snprintf(dst, size, "%s", src) without the formatter: it ran for two
 * fields of every point read */
static void copy_str(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size) n = size - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

static int on_point(void *ud, const ct_point *p)
{
    acc *a = ud;
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 256;
        pt *v = ct__realloc(a->v, cap * sizeof *v);
        if (!v) {
            a->oom = 1;
            return 1;
        }
        a->v = v;
        a->cap = cap;
    }
    pt *q = &a->v[a->n++];
    memset(q, 0, sizeof *q);
    q->val.period = p->period;
    q->val.value = p->value;
    q->val.approx = p->best_approx;
    q->val.baseline = p->best_baseline;
    q->val.nobs = p->nobs;
    copy_str(q->val.doc, sizeof q->val.doc, p->best_doc_name);
    q->val.pub = p->best_pub;
    copy_str(q->unit, sizeof q->unit, p->unit);
    q->kfirst = a->stock ? 0 : p->period.first;
    q->rank = (long long)(!p->best_baseline) * 100000000LL + date_rank(p->best_pub);
    q->has_yoy = p->has_yoy;
    q->yoy = p->yoy;
    return 0;
}

static int cmp_key(const pt *a, const pt *b)
{
    int c = a->urank >= 0 && b->urank >= 0 ? a->urank - b->urank : strcmp(a->unit, b->unit);
    if (c) return c;
    if (a->val.period.last != b->val.period.last)
        return a->val.period.last < b->val.period.last ? -1 : 1;
    if (a->kfirst != b->kfirst) return a->kfirst < b->kfirst ? -1 : 1;
    if (a->val.period.day != b->val.period.day)
        return a->val.period.day < b->val.period.day ? -1 : 1;
    return 0;
}

static int cmp_unit(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* A series has a unit or two: each point gets its unit's rank in strcmp
 * order, so that sorting compares integers, in the same order (more than
 * 16 units: strcmp, urank -1). */
static void rank_units(acc *a)
{
    const char *u[16];
    int nu = 0;
    for (size_t i = 0; i < a->n; i++) {
        int k = 0;
        while (k < nu && strcmp(u[k], a->v[i].unit))
            k++;
        if (k == nu) {
            if (nu == 16) {
                for (size_t j = 0; j < a->n; j++)
                    a->v[j].urank = -1;
                return;
            }
            u[nu++] = a->v[i].unit;
        }
    }
    qsort(u, (size_t)nu, sizeof *u, cmp_unit);
    for (size_t i = 0; i < a->n; i++) {
        int k = 0;
        while (strcmp(u[k], a->v[i].unit))
            k++;
        a->v[i].urank = k;
    }
}

static int cmp_pt(const void *pa, const void *pb)
{
    const pt *a = pa, *b = pb;
    int c = cmp_key(a, b);
    if (c) return c;
    if (a->rank != b->rank) return a->rank > b->rank ? -1 : 1;
    return a->val.nobs > b->val.nobs ? -1 : a->val.nobs < b->val.nobs;
}

static void interval(const ct_series_value *v, double *lo, double *hi)
{
    double x = ct_decimal_value(v->value), h = ct_decimal_halfulp(v->value);
    *lo = x - h;
    *hi = x + h;
    if (v->approx == CT_APPROX_ABOUT) *lo -= 0.05 * fabs(x), *hi += 0.05 * fabs(x);
    if (v->approx == CT_APPROX_OVER) *hi = INFINITY;
    if (v->approx == CT_APPROX_UNDER) *lo = -INFINITY;
}

static int same_value(ct_decimal a, ct_decimal b)
{
    return ct_decimal_value(a) == ct_decimal_value(b);
}

int ct_series_build(ct_store *st, const ct_catalog *cat, const char *code, const char *area,
                    const ct_period *from, const ct_period *to, ct_series *out, ct_error *err)
{
    memset(out, 0, sizeof *out);
    ct_error_clear(err);
    out->ind = cat ? ct_catalog_find(cat, code) : NULL;
    acc a;
    memset(&a, 0, sizeof a);
    a.stock = out->ind && out->ind->measure == CT_STOCK;
    int lo_m = from && ct_period_is_set(from) ? from->first : 0;
    int hi_m = to && ct_period_is_set(to) ? to->last : 0;
    int rc = ct_store_points(st, code, area, lo_m > 12 ? lo_m - 12 : 0, hi_m, on_point, &a, err);
    if (rc == CT_OK && a.oom) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    if (rc != CT_OK) {
        ct__free(a.v);
        return rc;
    }
    rank_units(&a);
    if (a.n) qsort(a.v, a.n, sizeof *a.v, cmp_pt);
    /* rows: one per key */
    size_t nrows = 0;
    for (size_t i = 0; i < a.n; i++)
        if (i == 0 || cmp_key(&a.v[i - 1], &a.v[i])) nrows++;
    ct_series_row *rows = nrows ? ct__calloc(nrows, sizeof *rows) : NULL;
    size_t *first = nrows ? ct__malloc(nrows * sizeof *first) : NULL;
    if (nrows && (!rows || !first)) {
        ct__free(rows);
        ct__free(first);
        ct__free(a.v);
        return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    }
    size_t r = 0;
    for (size_t i = 0; i < a.n;) {
        size_t j = i + 1;
        while (j < a.n && !cmp_key(&a.v[i], &a.v[j]))
            j++;
        ct_series_row *row = &rows[r];
        first[r] = i;
        r++;
        const pt *c = &a.v[i];
        row->period = c->val.period;
        if (a.stock) row->period.first = row->period.last; /* a stock is read at its end */
        copy_str(row->unit, sizeof row->unit, c->unit);
        row->chosen = c->val;
        row->has_stated_yoy = c->has_yoy;
        row->stated_yoy = c->yoy;
        int distinct = 0, later_baseline = 0;
        long long cpub = date_rank(c->val.pub);
        for (size_t k = i + 1; k < j; k++) {
            const pt *o = &a.v[k];
            long long opub = date_rank(o->val.pub);
            if (o->val.baseline && opub > cpub) later_baseline = 1;
            if (same_value(o->val.value, c->val.value)) {
                row->chosen.nobs += o->val.nobs;
                continue;
            }
            int dup = 0;
            for (int q = 0; q < row->nothers && q < CT_SERIES_OTHERS; q++)
                if (same_value(row->others[q].value, o->val.value)) {
                    row->others[q].nobs += o->val.nobs;
                    dup = 1;
                }
            if (dup) continue;
            distinct++;
            if (row->nothers < CT_SERIES_OTHERS) row->others[row->nothers] = o->val;
            row->nothers++;
            double l1, h1, l2, h2;
            interval(&c->val, &l1, &h1);
            interval(&o->val, &l2, &h2);
            if (!(l1 <= h2 && l2 <= h1)) row->conflict = 1;
        }
        for (int p = 0; p < row->nothers && p < CT_SERIES_OTHERS && !row->conflict; p++)
            for (int q = p + 1; q < row->nothers && q < CT_SERIES_OTHERS; q++) {
                double l1, h1, l2, h2;
                interval(&row->others[p], &l1, &h1);
                interval(&row->others[q], &l2, &h2);
                if (!(l1 <= h2 && l2 <= h1)) row->conflict = 1;
            }
        row->why = !distinct                            ? CT_CHOSEN_ONLY
                   : later_baseline && !c->val.baseline ? CT_CHOSEN_REPORTED
                                                        : CT_CHOSEN_LATEST;
        i = j;
    }
    /* computed year-on-year change from the row a year before */
    for (size_t k = 0; k < nrows; k++) {
        pt want = a.v[first[k]];
        want.val.period.last -= 12;
        want.kfirst = a.stock ? 0 : want.kfirst - 12;
        size_t lo = 0, hi = nrows;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            int c = cmp_key(&a.v[first[mid]], &want);
            if (c == 0) {
                double b = ct_decimal_value(rows[mid].chosen.value);
                if (b != 0) {
                    rows[k].has_computed_yoy = 1;
                    rows[k].computed_yoy = (ct_decimal_value(rows[k].chosen.value) / b - 1) * 100;
                }
                break;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    /* drop the rows read only for the year before */
    size_t keep = 0;
    for (size_t k = 0; k < nrows; k++)
        if (!lo_m || rows[k].period.last >= lo_m) rows[keep++] = rows[k];
    ct__free(first);
    ct__free(a.v);
    out->rows = rows;
    out->n = keep;
    return CT_OK;
}

void ct_series_free(ct_series *s)
{
    ct__free(s->rows);
    memset(s, 0, sizeof *s);
}

const char *ct_chosen_why_name(ct_chosen_why w)
{
    static const char *const names[] = {"only", "reported", "latest"};
    return (unsigned)w < 3 ? names[w] : "?";
}

/* ---- JSON ------------------------------------------------------------------ */

static void json_value(ct_json *j, const ct_series_value *v)
{
    ct_json_obj(j);
    ct_json_kdec(j, "value", v->value);
    ct_json_key(j, "period");
    ct_json_period(j, &v->period);
    ct_json_kstr(j, "approx", ct_approx_name(v->approx));
    ct_json_kstr(j, "role", v->baseline ? "baseline" : "reported");
    ct_json_kll(j, "observations", v->nobs);
    ct_json_kstr(j, "doc", v->doc);
    ct_json_key(j, "published");
    ct_json_date(j, v->pub);
    ct_json_end(j);
}

static void json_row(ct_json *j, const ct_series_row *r)
{
    ct_json_obj(j);
    ct_json_key(j, "period");
    ct_json_period(j, &r->period);
    ct_json_kstr(j, "unit", r->unit);
    ct_json_key(j, "chosen");
    json_value(j, &r->chosen);
    ct_json_kstr(j, "why", ct_chosen_why_name(r->why));
    ct_json_key(j, "stated_yoy");
    if (r->has_stated_yoy)
        ct_json_dec(j, r->stated_yoy);
    else
        ct_json_null(j);
    ct_json_key(j, "computed_yoy");
    if (r->has_computed_yoy)
        ct_json_fixed(j, r->computed_yoy, 2);
    else
        ct_json_null(j);
    ct_json_kbool(j, "conflict", r->conflict);
    ct_json_key(j, "others");
    ct_json_arr(j);
    for (int k = 0; k < r->nothers && k < CT_SERIES_OTHERS; k++)
        json_value(j, &r->others[k]);
    ct_json_end(j);
    ct_json_kll(j, "more_others",
                r->nothers > CT_SERIES_OTHERS ? r->nothers - CT_SERIES_OTHERS : 0);
    ct_json_end(j);
}

int ct_series_json(ct_buf *b, const ct_series *s, const char *area)
{
    const ct_indicator *ind = s->ind;
    ct_json j;
    ct_json_init(&j, b);
    ct_json_obj(&j);
    ct_json_kstr(&j, "indicator", ind->code);
    ct_json_kstr(&j, "name", ind->name_vi);
    ct_json_kstr(&j, "measure", ind->measure == CT_STOCK ? "stock" : "flow");
    ct_json_key(&j, "area");
    ct_json_str_or_null(&j, area);
    ct_json_key(&j, "rows");
    ct_json_arr(&j);
    for (size_t i = 0; i < s->n; i++)
        json_row(&j, &s->rows[i]);
    ct_json_end(&j);
    ct_json_end(&j);
    return ct_json_ok(&j);
}
