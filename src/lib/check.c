/* check.c — findings: recomputes what the texts state (see check.h).
 *
 * The checker holds copies of the records of one indicator (and of its
 * parts), sorted by area, unit and period key, so that the records of one
 * period are adjacent. A period key is the month interval for a flow and
 * the last month (and day) for a stock written for a month; a stock
 * written for a quarter, half or year keeps its interval (its end month is
 * uncertain: "quý 2 (tính đến cuối tháng 5)"). Every figure is an interval from its written precision (see
 * fig_interval); two figures disagree when their intervals do not meet.
 *
 * A finding is reported only when it involves at least one judged record
 * (the documents being checked) and concerns the focus indicator, so that
 * running the checker indicator by indicator over a database reports each
 * finding once. */
#include "chitieu/check.h"
#include "chitieu/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct item {
    ct_obs o;
    char *doc, *indicator, *unit;
    int judged;
    int stock;
    int kfirst; /* period key: first month, 0 for a stock written for a month */
    double v, lo, hi;
} item;

struct ct_checker {
    const ct_catalog *cat;
    item *v;
    size_t n, cap;
    int oom;
};

ct_checker *ct_checker_new(const ct_catalog *cat)
{
    ct_checker *ck = calloc(1, sizeof *ck);
    if (ck) ck->cat = cat;
    return ck;
}

void ct_checker_clear(ct_checker *ck)
{
    for (size_t i = 0; i < ck->n; i++) {
        free(ck->v[i].doc);
        free(ck->v[i].indicator);
        free(ck->v[i].unit);
    }
    ck->n = 0;
    ck->oom = 0;
}

void ct_checker_free(ct_checker *ck)
{
    if (!ck) return;
    ct_checker_clear(ck);
    free(ck->v);
    free(ck);
}

/* The interval a written figure stands for. */
static void fig_interval(ct_decimal d, ct_approx a, double *lo, double *hi)
{
    double v = ct_decimal_value(d), h = ct_decimal_halfulp(d);
    *lo = v - h;
    *hi = v + h;
    if (a == CT_APPROX_ABOUT) {
        *lo -= 0.05 * fabs(v);
        *hi += 0.05 * fabs(v);
    } else if (a == CT_APPROX_OVER) {
        *hi = INFINITY;
    } else if (a == CT_APPROX_UNDER) {
        *lo = -INFINITY;
    }
}

int ct_checker_add(ct_checker *ck, const ct_obs *o, int judged)
{
    if (ck->n == ck->cap) {
        size_t cap = ck->cap ? ck->cap * 2 : 64;
        item *v = realloc(ck->v, cap * sizeof *v);
        if (!v) return CT_ENOMEM;
        ck->v = v;
        ck->cap = cap;
    }
    item *it = &ck->v[ck->n];
    memset(it, 0, sizeof *it);
    it->o = *o;
    it->doc = strdup(o->doc ? o->doc : "");
    it->indicator = strdup(o->indicator ? o->indicator : (o->rec.ind ? o->rec.ind->code : ""));
    it->unit = strdup(o->rec.unit ? o->rec.unit : "");
    if (!it->doc || !it->indicator || !it->unit) {
        free(it->doc);
        free(it->indicator);
        free(it->unit);
        return CT_ENOMEM;
    }
    it->o.doc = it->doc;
    it->o.indicator = it->indicator;
    it->o.rec.unit = it->unit;
    it->o.rec.alt_unit = NULL;
    it->o.rec.ind = ck->cat ? ct_catalog_find(ck->cat, it->indicator) : o->rec.ind;
    it->judged = judged;
    it->stock = it->o.rec.ind && it->o.rec.ind->measure == CT_STOCK;
    /* A stock is compared at its end month; but one written for a quarter,
     * half or year ("quý 2") is often measured before the end (reports say
     * "quý 2 (tính đến cuối tháng 5)"), so it is only compared with figures
     * written for the same interval. */
    it->kfirst = it->stock && o->rec.period.first == o->rec.period.last ? 0 : o->rec.period.first;
    it->v = ct_decimal_value(o->rec.value);
    fig_interval(o->rec.value, o->rec.approx, &it->lo, &it->hi);
    ck->n++;
    return CT_OK;
}

static int cmp_item(const void *pa, const void *pb)
{
    const item *a = pa, *b = pb;
    int c;
    if ((c = strcmp(a->indicator, b->indicator))) return c;
    if ((c = (int)a->o.rec.type - (int)b->o.rec.type)) return c;
    if ((c = strcmp(a->o.rec.area, b->o.rec.area))) return c;
    if ((c = strcmp(a->unit, b->unit))) return c;
    if (a->o.rec.period.last != b->o.rec.period.last)
        return a->o.rec.period.last < b->o.rec.period.last ? -1 : 1;
    if (a->kfirst != b->kfirst) return a->kfirst < b->kfirst ? -1 : 1;
    if (a->o.rec.period.day != b->o.rec.period.day)
        return a->o.rec.period.day < b->o.rec.period.day ? -1 : 1;
    return a->o.id < b->o.id ? -1 : a->o.id > b->o.id;
}

/* Same indicator, record type, area, unit and period key. */
static int same_key(const item *a, const item *b)
{
    return !strcmp(a->indicator, b->indicator) && a->o.rec.type == b->o.rec.type &&
           !strcmp(a->o.rec.area, b->o.rec.area) && !strcmp(a->unit, b->unit) &&
           a->o.rec.period.last == b->o.rec.period.last && a->kfirst == b->kfirst &&
           a->o.rec.period.day == b->o.rec.period.day;
}

/* An item's period key equals period p. */
static int key_is(const item *a, const ct_period *p)
{
    if (a->o.rec.period.last != p->last || a->o.rec.period.day != p->day) return 0;
    return a->stock || a->o.rec.period.first == p->first;
}

static int same_doc(const item *a, const item *b)
{
    if (a->o.doc_id && b->o.doc_id) return a->o.doc_id == b->o.doc_id;
    return !strcmp(a->doc, b->doc);
}

static int meet(double alo, double ahi, double blo, double bhi)
{
    return alo <= bhi && blo <= ahi;
}

/* ---- output ---------------------------------------------------------- */

typedef struct run {
    ct_checker *ck;
    const char *focus;
    ct_finding_fn fn;
    void *ud;
    int n;
    int stop;
    ct_buf msg;
} run;

static const char *name_vi(const item *it)
{
    return it->o.rec.ind && it->o.rec.ind->name_vi ? it->o.rec.ind->name_vi : it->indicator;
}

static void put_val(ct_buf *b, const item *it, ct_decimal d)
{
    ct_render_value_vi(b, d, it->unit);
}

static void put_num(ct_buf *b, double x, int decimals)
{
    char tmp[64];
    ct_num_format_vi(x, decimals, tmp, sizeof tmp);
    ct_buf_puts(b, tmp);
}

static void put_period(ct_buf *b, const ct_period *p)
{
    char tmp[64];
    ct_period_format_vi(p, tmp, sizeof tmp);
    ct_buf_puts(b, tmp);
}

static void finding_init(ct_finding *f, ct_finding_kind kind, ct_severity sev, const item *it)
{
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->severity = sev;
    snprintf(f->indicator, sizeof f->indicator, "%s", it->indicator);
    snprintf(f->area, sizeof f->area, "%s", it->o.rec.area);
    snprintf(f->unit, sizeof f->unit, "%s", it->unit);
    f->period = it->o.rec.period;
}

static void finding_value(ct_finding *f, ct_decimal v)
{
    if (f->nvalues < CT_FIND_MAX) f->values[f->nvalues++] = v;
}

static void finding_doc(ct_finding *f, const item *it)
{
    for (int k = 0; k < f->ndocs; k++)
        if (!strcmp(f->docs[k], it->doc)) return;
    if (f->ndocs >= CT_FIND_MAX) return;
    snprintf(f->docs[f->ndocs], sizeof f->docs[0], "%s", it->doc);
    f->spans[f->ndocs][0] = it->o.rec.span[0];
    f->spans[f->ndocs][1] = it->o.rec.span[1];
    f->doc_ids[f->ndocs] = it->o.doc_id;
    f->ndocs++;
}

static void emit(run *r, ct_finding *f)
{
    if (r->stop) return;
    if (r->focus && strcmp(f->indicator, r->focus)) return;
    snprintf(f->message, sizeof f->message, "%s", r->msg.data ? r->msg.data : "");
    r->n++;
    if (r->fn(r->ud, f)) r->stop = 1;
}

/* ---- conflicts ----------------------------------------------------------- */

static void check_conflicts(run *r, size_t from, size_t to)
{
    item *v = r->ck->v;
    if (v[from].o.rec.type != CT_REC_OBSERVATION) return;
    /* find a pair from different documents whose intervals do not meet */
    for (size_t i = from; i < to; i++) {
        for (size_t j = i + 1; j < to; j++) {
            item *a = &v[i], *b = &v[j];
            if (same_doc(a, b) || !(a->judged || b->judged)) continue;
            if (meet(a->lo, a->hi, b->lo, b->hi)) continue;
            /* the earlier publication first */
            int ra = a->o.pub_y * 10000 + a->o.pub_m * 100 + a->o.pub_d;
            int rb = b->o.pub_y * 10000 + b->o.pub_m * 100 + b->o.pub_d;
            if (rb < ra) {
                item *t = a;
                a = b;
                b = t;
            }
            int revision = a->o.rec.approx == CT_APPROX_ESTIMATE && ra != rb;
            double big = fmax(fabs(a->v), fabs(b->v));
            double rel = big > 0 ? fabs(a->v - b->v) / big : 0;
            ct_finding f;
            finding_init(&f, CT_FIND_CONFLICT,
                         revision     ? CT_SEV_INFO
                         : rel < 0.01 ? CT_SEV_MINOR
                                      : CT_SEV_MAJOR,
                         a);
            finding_value(&f, a->o.rec.value);
            finding_doc(&f, a);
            finding_value(&f, b->o.rec.value);
            finding_doc(&f, b);
            /* other values of the period, for the reader */
            for (size_t k = from; k < to; k++) {
                int seen = 0;
                for (int q = 0; q < f.nvalues; q++)
                    if (fabs(ct_decimal_value(f.values[q]) - v[k].v) <= 0) seen = 1;
                if (!seen && f.nvalues < CT_FIND_MAX && f.ndocs < CT_FIND_MAX) {
                    finding_value(&f, v[k].o.rec.value);
                    finding_doc(&f, &v[k]);
                }
            }
            ct_buf_reset(&r->msg);
            ct_buf_puts(&r->msg, name_vi(a));
            ct_buf_puts(&r->msg, " ");
            put_period(&r->msg, &a->o.rec.period);
            if (a->o.rec.area[0]) ct_buf_printf(&r->msg, " (%s)", a->o.rec.area);
            if (revision) {
                ct_buf_puts(&r->msg, ": số ước tính ");
                put_val(&r->msg, a, a->o.rec.value);
                ct_buf_printf(&r->msg, " (%s) được thay bằng ", a->doc);
                put_val(&r->msg, b, b->o.rec.value);
                ct_buf_printf(&r->msg, " (%s).", b->doc);
            } else {
                ct_buf_puts(&r->msg, ": ");
                put_val(&r->msg, a, a->o.rec.value);
                ct_buf_printf(&r->msg, " (%s) khác ", a->doc);
                put_val(&r->msg, b, b->o.rec.value);
                ct_buf_printf(&r->msg, " (%s), lệch ", b->doc);
                put_num(&r->msg, rel * 100, 1);
                ct_buf_puts(&r->msg, "%.");
            }
            emit(r, &f);
            return; /* one finding per period */
        }
    }
}

/* ---- changes: arithmetic, reference period, stated vs stored ------------- */

/* The reference period of a change: as written, else one year (or one
 * period) before. */
static int change_ref(const item *it, const ct_change *c, ct_period *ref)
{
    if (ct_period_is_set(&c->ref)) {
        *ref = c->ref;
        return 1;
    }
    if (c->basis == CT_BASIS_YOY) {
        *ref = ct_period_shift(it->o.rec.period, -12);
        return 1;
    }
    return 0;
}

/* The change from b to the item, as an interval in percent; for a percent
 * indicator the difference in points is accepted as well. */
static int change_meets(const item *it, double blo, double bhi, const ct_change *c,
                        double *computed)
{
    double s = ct_decimal_value(c->pct), hs = ct_decimal_halfulp(c->pct);
    double bmid = (blo + bhi) / 2;
    if (!(blo > 0) || !isfinite(bhi)) return 1; /* no basis to judge */
    *computed = (it->v / bmid - 1) * 100;
    double plo = (it->lo / bhi - 1) * 100, phi = (it->hi / blo - 1) * 100;
    if (meet(plo, phi, s - hs, s + hs)) return 1;
    if (!strcmp(it->unit, "percent") && meet(it->lo - bhi, it->hi - blo, s - hs, s + hs)) return 1;
    return 0;
}

static ct_severity change_severity(double computed, const ct_change *c)
{
    double unit = pow(10.0, c->pct.exp);
    return fabs(computed - ct_decimal_value(c->pct)) <= 2 * unit ? CT_SEV_MINOR : CT_SEV_MAJOR;
}

static void msg_change(run *r, const item *it, const ct_change *c, const item *base,
                       const ct_period *ref, double computed)
{
    ct_buf_reset(&r->msg);
    ct_buf_puts(&r->msg, name_vi(it));
    ct_buf_puts(&r->msg, " ");
    put_period(&r->msg, &it->o.rec.period);
    ct_buf_puts(&r->msg, ": ");
    put_val(&r->msg, it, it->o.rec.value);
    ct_buf_puts(&r->msg, " so với ");
    put_val(&r->msg, base, base->o.rec.value);
    ct_buf_puts(&r->msg, " (");
    put_period(&r->msg, ref);
    if (!same_doc(it, base)) ct_buf_printf(&r->msg, ", %s", base->doc);
    ct_buf_puts(&r->msg, ") là ");
    ct_buf_puts(&r->msg, computed >= 0 ? "+" : "");
    put_num(&r->msg, computed, 2);
    ct_buf_puts(&r->msg, "%, văn bản ghi ");
    double s = ct_decimal_value(c->pct);
    ct_buf_puts(&r->msg, s >= 0 ? "+" : "");
    put_num(&r->msg, s, c->pct.exp < 0 ? -c->pct.exp : 0);
    ct_buf_puts(&r->msg, "%.");
}

static void check_changes(run *r, item *it)
{
    ct_checker *ck = r->ck;
    if (!it->judged || it->o.rec.type != CT_REC_OBSERVATION || it->o.rec.baseline) return;
    for (int k = 0; k < it->o.rec.nchanges && !r->stop; k++) {
        const ct_change *c = &it->o.rec.changes[k];
        if (c->basis == CT_BASIS_PLAN) continue;
        ct_period ref;
        if (!change_ref(it, c, &ref)) continue;
        /* the baseline quoted in the same document, same sentence first */
        item *base = NULL;
        for (size_t i = 0; i < ck->n; i++) {
            item *b = &ck->v[i];
            if (b == it || !b->o.rec.baseline || b->o.rec.type != CT_REC_OBSERVATION ||
                !same_doc(b, it) || strcmp(b->indicator, it->indicator) ||
                strcmp(b->unit, it->unit) || strcmp(b->o.rec.area, it->o.rec.area) ||
                !key_is(b, &ref))
                continue;
            if (!base ||
                (b->o.rec.span[0] == it->o.rec.span[0] && base->o.rec.span[0] != it->o.rec.span[0]))
                base = b;
        }
        /* reference period: "cùng kỳ" a year before, in the year written */
        if (c->basis == CT_BASIS_YOY && ct_period_is_set(&c->ref) &&
            CT_YEAR_OF(c->ref.last) != CT_YEAR_OF(it->o.rec.period.last) - 1) {
            ct_finding f;
            finding_init(&f, CT_FIND_REF_PERIOD, CT_SEV_MAJOR, it);
            finding_value(&f, it->o.rec.value);
            if (base) finding_value(&f, base->o.rec.value);
            finding_doc(&f, it);
            ct_period want = ct_period_shift(it->o.rec.period, -12);
            ct_buf_reset(&r->msg);
            ct_buf_puts(&r->msg, name_vi(it));
            ct_buf_puts(&r->msg, " ");
            put_period(&r->msg, &it->o.rec.period);
            ct_buf_puts(&r->msg, ": so sánh với cùng kỳ nhưng kỳ gốc ghi là ");
            put_period(&r->msg, &c->ref);
            ct_buf_puts(&r->msg, ", cùng kỳ năm trước là ");
            put_period(&r->msg, &want);
            ct_buf_puts(&r->msg, ".");
            emit(r, &f);
        }
        double computed = 0;
        if (base) {
            if (change_meets(it, base->lo, base->hi, c, &computed)) continue;
            ct_finding f;
            finding_init(&f, CT_FIND_ARITHMETIC, change_severity(computed, c), it);
            finding_value(&f, it->o.rec.value);
            finding_value(&f, base->o.rec.value);
            finding_value(&f, c->pct);
            finding_doc(&f, it);
            msg_change(r, it, c, base, &ref, computed);
            emit(r, &f);
            continue;
        }
        /* No baseline in the text: the stored values of the reference
         * period. Real reports revise estimates and quote rates in points
         * or in percent, so this only speaks up when it is sure: exact
         * figures on both sides (no ước, khoảng, hơn), reported values
         * only (a baseline quoted elsewhere may carry that text's own
         * error), none of them agreeing, and a gap of more than one point. */
        if (it->o.rec.approx != CT_APPROX_NONE) continue;
        item *cand = NULL;
        int agree = 0;
        for (size_t i = 0; i < ck->n && !agree; i++) {
            item *b = &ck->v[i];
            if (b->o.rec.type != CT_REC_OBSERVATION || same_doc(b, it) ||
                strcmp(b->indicator, it->indicator) || strcmp(b->unit, it->unit) ||
                strcmp(b->o.rec.area, it->o.rec.area) || !key_is(b, &ref))
                continue;
            if (b->o.rec.baseline) continue;
            double cc;
            if (b->o.rec.approx != CT_APPROX_NONE || change_meets(it, b->lo, b->hi, c, &cc))
                agree = 1; /* an inexact value settles nothing either */
            else if (!cand)
                cand = b;
        }
        if (agree || !cand) continue;
        change_meets(it, cand->lo, cand->hi, c, &computed);
        if (fabs(computed - ct_decimal_value(c->pct)) <= 1.0) continue;
        ct_finding f;
        finding_init(&f, CT_FIND_STATED_VS_STORED, change_severity(computed, c), it);
        finding_value(&f, it->o.rec.value);
        finding_value(&f, cand->o.rec.value);
        finding_value(&f, c->pct);
        finding_doc(&f, it);
        finding_doc(&f, cand);
        msg_change(r, it, c, cand, &ref, computed);
        emit(r, &f);
    }
}

/* ---- parts and whole ----------------------------------------------------- */

static void check_parts(run *r, item *w)
{
    ct_checker *ck = r->ck;
    const ct_indicator *ind = w->o.rec.ind;
    if (!ind || !ind->parts[0] || w->o.rec.type != CT_REC_OBSERVATION) return;
    double slo = 0, shi = 0;
    int nparts = 0, found = 0, judged = w->judged;
    item *parts[8] = {NULL};
    for (int p = 0; p < 8 && ind->parts[p]; p++) {
        nparts++;
        for (size_t i = 0; i < ck->n; i++) {
            item *b = &ck->v[i];
            if (b->o.rec.type != CT_REC_OBSERVATION || !same_doc(b, w) ||
                strcmp(b->indicator, ind->parts[p]) || strcmp(b->unit, w->unit) ||
                strcmp(b->o.rec.area, w->o.rec.area) || !key_is(b, &w->o.rec.period))
                continue;
            parts[p] = b;
            slo += b->lo;
            shi += b->hi;
            found++;
            judged |= b->judged;
            break;
        }
    }
    if (!found || !judged) return;
    int bad = found == nparts ? !meet(slo, shi, w->lo, w->hi) : slo > w->hi;
    if (!bad) return;
    ct_finding f;
    finding_init(&f, CT_FIND_PARTS, CT_SEV_MAJOR, w);
    finding_value(&f, w->o.rec.value);
    finding_doc(&f, w);
    ct_buf_reset(&r->msg);
    ct_buf_puts(&r->msg, name_vi(w));
    ct_buf_puts(&r->msg, " ");
    put_period(&r->msg, &w->o.rec.period);
    ct_buf_puts(&r->msg, ": tổng số ");
    put_val(&r->msg, w, w->o.rec.value);
    ct_buf_puts(&r->msg, found == nparts ? " khác tổng các thành phần ("
                                         : " nhỏ hơn tổng một số thành phần (");
    double sum = 0;
    int first = 1;
    for (int p = 0; p < nparts; p++) {
        if (!parts[p]) continue;
        finding_value(&f, parts[p]->o.rec.value);
        sum += parts[p]->v;
        if (!first) ct_buf_puts(&r->msg, " + ");
        first = 0;
        put_num(&r->msg, parts[p]->v, 0);
    }
    ct_buf_puts(&r->msg, " = ");
    put_num(&r->msg, sum, 0);
    ct_buf_puts(&r->msg, ").");
    emit(r, &f);
}

/* ---- plans --------------------------------------------------------------- */

/* The annual plan implied by "đạt X% kế hoạch": value / share. */
static int implied_plan(const item *it, double *lo, double *hi, const ct_change **pc)
{
    if (it->o.rec.type != CT_REC_OBSERVATION || it->o.rec.baseline) return 0;
    for (int k = 0; k < it->o.rec.nchanges; k++) {
        const ct_change *c = &it->o.rec.changes[k];
        if (c->basis != CT_BASIS_PLAN) continue;
        double s = ct_decimal_value(c->pct), hs = ct_decimal_halfulp(c->pct);
        if (s - hs <= 0 || !isfinite(it->hi) || !(it->lo > 0)) return 0;
        *lo = it->lo / ((s + hs) / 100);
        *hi = it->hi / ((s - hs) / 100);
        *pc = c;
        return 1;
    }
    return 0;
}

static void check_plan(run *r, size_t at)
{
    ct_checker *ck = r->ck;
    item *it = &ck->v[at];
    double lo, hi;
    const ct_change *c;
    if (!implied_plan(it, &lo, &hi, &c)) return;
    int year = CT_YEAR_OF(it->o.rec.period.last);
    ct_period y = ct_period_range(year, 1, year, 12);
    for (size_t i = 0; i < ck->n && !r->stop; i++) {
        item *b = &ck->v[i];
        if (b == it || strcmp(b->indicator, it->indicator) || strcmp(b->unit, it->unit) ||
            strcmp(b->o.rec.area, it->o.rec.area) || !(it->judged || b->judged))
            continue;
        double blo, bhi;
        const ct_change *bc = NULL;
        int stated = 0;
        if (b->o.rec.type == CT_REC_TARGET) {
            /* a plan stated in the same document: a strategy's target
             * elsewhere need not be the year's plan */
            if (!same_doc(b, it) || b->o.rec.growth || !b->o.rec.has_min || !b->o.rec.has_max ||
                b->o.rec.min.mant != b->o.rec.max.mant || b->o.rec.min.exp != b->o.rec.max.exp ||
                b->o.rec.period.first != y.first || b->o.rec.period.last != y.last)
                continue;
            fig_interval(b->o.rec.min, CT_APPROX_NONE, &blo, &bhi);
            stated = 1;
        } else {
            if (i < at || CT_YEAR_OF(b->o.rec.period.last) != year ||
                !implied_plan(b, &blo, &bhi, &bc))
                continue; /* each pair of implied plans once */
            if (same_doc(b, it) && b->o.rec.period.last == it->o.rec.period.last) continue;
        }
        if (meet(lo, hi, blo, bhi)) continue;
        ct_finding f;
        finding_init(&f, CT_FIND_PLAN, CT_SEV_MINOR, it);
        f.period = y;
        finding_value(&f, it->o.rec.value);
        finding_value(&f, c->pct);
        finding_value(&f, stated ? b->o.rec.min : b->o.rec.value);
        if (!stated) finding_value(&f, bc->pct);
        finding_doc(&f, it);
        finding_doc(&f, b);
        ct_buf_reset(&r->msg);
        ct_buf_puts(&r->msg, name_vi(it));
        ct_buf_printf(&r->msg, ", kế hoạch năm %d: ", year);
        put_val(&r->msg, it, it->o.rec.value);
        ct_buf_puts(&r->msg, " đạt ");
        put_num(&r->msg, ct_decimal_value(c->pct), c->pct.exp < 0 ? -c->pct.exp : 0);
        ct_buf_puts(&r->msg, "% kế hoạch cho kế hoạch khoảng ");
        ct_decimal imp = {(long long)llround((lo + hi) / 2 / 1e6), 6};
        put_val(&r->msg, it, imp);
        ct_buf_printf(&r->msg, " (%s), nhưng ", it->doc);
        if (stated) {
            ct_buf_puts(&r->msg, "kế hoạch ghi là ");
            put_val(&r->msg, b, b->o.rec.min);
        } else {
            ct_decimal imp2 = {(long long)llround((blo + bhi) / 2 / 1e6), 6};
            put_val(&r->msg, b, b->o.rec.value);
            ct_buf_puts(&r->msg, " đạt ");
            put_num(&r->msg, ct_decimal_value(bc->pct), bc->pct.exp < 0 ? -bc->pct.exp : 0);
            ct_buf_puts(&r->msg, "% cho kế hoạch khoảng ");
            put_val(&r->msg, b, imp2);
        }
        ct_buf_printf(&r->msg, " (%s).", b->doc);
        emit(r, &f);
    }
}

int ct_checker_run(ct_checker *ck, const char *focus, ct_finding_fn fn, void *ud)
{
    run r;
    memset(&r, 0, sizeof r);
    r.ck = ck;
    r.focus = focus;
    r.fn = fn;
    r.ud = ud;
    ct_buf_init(&r.msg);
    if (ck->n) qsort(ck->v, ck->n, sizeof *ck->v, cmp_item);
    for (size_t i = 0; i < ck->n && !r.stop;) {
        size_t j = i + 1;
        while (j < ck->n && same_key(&ck->v[i], &ck->v[j]))
            j++;
        check_conflicts(&r, i, j);
        i = j;
    }
    for (size_t i = 0; i < ck->n && !r.stop; i++)
        check_changes(&r, &ck->v[i]);
    for (size_t i = 0; i < ck->n && !r.stop; i++)
        check_parts(&r, &ck->v[i]);
    for (size_t i = 0; i < ck->n && !r.stop; i++)
        check_plan(&r, i);
    int oom = r.msg.oom;
    ct_buf_free(&r.msg);
    return oom ? CT_ENOMEM : r.n;
}

const char *ct_finding_kind_name(ct_finding_kind k)
{
    static const char *const names[] = {"arithmetic",       "ref_period", "conflict",
                                        "stated_vs_stored", "parts",      "plan"};
    return (unsigned)k < 6 ? names[k] : "?";
}

const char *ct_severity_name(ct_severity s)
{
    static const char *const names[] = {"info", "minor", "major"};
    return (unsigned)s < 3 ? names[s] : "?";
}
