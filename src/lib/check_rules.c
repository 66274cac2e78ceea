/* check_rules.c — the checker's rules, one function each (docs/check.md
 * gives them for readers): conflicts between and inside documents, stated
 * changes (arithmetic, reference period, stated vs stored, points), parts
 * against their whole, plans, year-to-date sums and plausibility.
 *
 * Each rule reads the sorted items of check.c and finds the records it
 * compares by key (ct__check_range), never by scanning every item: the
 * cost of a run is n log n plus the pairs of records sharing one key. */
#include "check_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define meet ct__check_meet
#define same_doc ct__check_same_doc

static long long pub_rank(const item *a)
{
    return a->o.pub_y * 10000LL + a->o.pub_m * 100 + a->o.pub_d;
}

static int decimals_of(ct_decimal d)
{
    return d.exp < 0 ? -d.exp : 0;
}

/* ---- conflicts ----------------------------------------------------------- */

/* Another value of the same key in the item's own sentence: an
 * enumeration ("106 doanh nghiệp ..., trong đó 74 ..., 29 ...") whose
 * parts the text does not name apart; such a sentence is not read as
 * restating the indicator. */
static int crowded(const item *v, size_t from, size_t to, const item *a)
{
    for (size_t k = from; k < to; k++) {
        const item *b = &v[k];
        if (b != a && same_doc(a, b) && b->o.rec.span[0] == a->o.rec.span[0] && b->v != a->v)
            return 1;
    }
    return 0;
}

/* Two values of one document for one key: reported when both are
 * reported figures (not baselines) of different sentences, neither
 * sentence an enumeration, and less than a quarter apart. A text that
 * restates its own figure differently gives a typo or a stale figure,
 * close to the other; a value further off is, on real reports, another
 * quantity the text does name apart (a week's attacks beside the month's,
 * the state agencies' addresses among the botnet's, the first item of a
 * list "gồm 74 doanh nghiệp nhập khẩu, ..." beside the total).
 * Returns 1 when reported. */
static int self_conflict(run *r, size_t from, size_t to, const item *a, const item *b)
{
    item *v = r->ck->v;
    if (!(a->judged || b->judged) || a->o.rec.baseline || b->o.rec.baseline ||
        a->o.rec.span[0] == b->o.rec.span[0] || crowded(v, from, to, a) || crowded(v, from, to, b))
        return 0;
    double big = fmax(fabs(a->v), fabs(b->v));
    double rel = big > 0 ? fabs(a->v - b->v) / big : 0;
    if (rel >= 0.25) return 0;
    ct_finding f;
    ct__find_init(&f, CT_FIND_SELF_CONFLICT, rel < 0.01 ? CT_SEV_MINOR : CT_SEV_MAJOR, a);
    ct__find_value(&f, a->o.rec.value);
    ct__find_value(&f, b->o.rec.value);
    ct__find_doc(&f, a);
    if (f.ndocs < CT_FIND_MAX) { /* the second sentence, same document */
        f.spans[f.ndocs][0] = b->o.rec.span[0];
        f.spans[f.ndocs][1] = b->o.rec.span[1];
        f.doc_ids[f.ndocs] = b->o.doc_id;
        snprintf(f.docs[f.ndocs], sizeof f.docs[0], "%s", b->doc);
        f.ndocs++;
    }
    ct_buf_reset(&r->msg);
    ct_buf_puts(&r->msg, ct__check_name(a));
    ct_buf_puts(&r->msg, " ");
    ct__put_period(&r->msg, &a->o.rec.period);
    ct_buf_printf(&r->msg, ": %s ghi hai số khác nhau, ", a->doc);
    ct__put_val(&r->msg, a, a->o.rec.value);
    ct_buf_puts(&r->msg, " và ");
    ct__put_val(&r->msg, b, b->o.rec.value);
    ct_buf_puts(&r->msg, ", lệch ");
    ct__put_num(&r->msg, rel * 100, 1);
    ct_buf_puts(&r->msg, "%.");
    ct_buf_reset(&r->exp);
    ct_buf_puts(&r->exp, ct__check_name(a));
    ct_buf_puts(&r->exp, " ");
    ct__put_period(&r->exp, &a->o.rec.period);
    ct_buf_puts(&r->exp, " được chính ");
    ct__put_source(&r->exp, a);
    ct_buf_puts(&r->exp, " ghi ở hai chỗ với hai số khác nhau: ");
    ct__put_val(&r->exp, a, a->o.rec.value);
    ct_buf_puts(&r->exp, " và ");
    ct__put_val(&r->exp, b, b->o.rec.value);
    ct_buf_puts(&r->exp, ".");
    ct__find_emit(r, &f);
    return 1;
}

static void conflict(run *r, size_t from, size_t to, item *a, item *b)
{
    item *v = r->ck->v;
    long long ra = pub_rank(a), rb = pub_rank(b);
    if (rb < ra) { /* the earlier publication first */
        item *t = a;
        a = b;
        b = t;
        long long tr = ra;
        ra = rb;
        rb = tr;
    }
    int revision = a->o.rec.approx == CT_APPROX_ESTIMATE && ra != rb;
    double big = fmax(fabs(a->v), fabs(b->v));
    double rel = big > 0 ? fabs(a->v - b->v) / big : 0;
    ct_finding f;
    ct__find_init(&f, CT_FIND_CONFLICT,
                  revision     ? CT_SEV_INFO
                  : rel < 0.01 ? CT_SEV_MINOR
                               : CT_SEV_MAJOR,
                  a);
    ct__find_value(&f, a->o.rec.value);
    ct__find_doc(&f, a);
    ct__find_value(&f, b->o.rec.value);
    ct__find_doc(&f, b);
    /* other values of the period, for the reader */
    for (size_t k = from; k < to; k++) {
        int seen = 0;
        for (int q = 0; q < f.nvalues; q++)
            if (fabs(ct_decimal_value(f.values[q]) - v[k].v) <= 0) seen = 1;
        if (!seen && f.nvalues < CT_FIND_MAX && f.ndocs < CT_FIND_MAX) {
            ct__find_value(&f, v[k].o.rec.value);
            ct__find_doc(&f, &v[k]);
        }
    }
    ct_buf_reset(&r->msg);
    ct_buf_puts(&r->msg, ct__check_name(a));
    ct_buf_puts(&r->msg, " ");
    ct__put_period(&r->msg, &a->o.rec.period);
    if (a->o.rec.area[0]) ct_buf_printf(&r->msg, " (%s)", a->o.rec.area);
    ct_buf_reset(&r->exp);
    ct_buf_puts(&r->exp, ct__check_name(a));
    ct_buf_puts(&r->exp, " ");
    ct__put_period(&r->exp, &a->o.rec.period);
    if (a->o.rec.area[0]) ct_buf_printf(&r->exp, " của %s", a->o.rec.area);
    if (revision) {
        ct_buf_puts(&r->msg, ": số ước tính ");
        ct__put_val(&r->msg, a, a->o.rec.value);
        ct_buf_printf(&r->msg, " (%s) được thay bằng ", a->doc);
        ct__put_val(&r->msg, b, b->o.rec.value);
        ct_buf_printf(&r->msg, " (%s).", b->doc);
        ct_buf_puts(&r->exp, " được ");
        ct__put_source(&r->exp, a);
        ct_buf_puts(&r->exp, " ước tính là ");
        ct__put_val(&r->exp, a, a->o.rec.value);
        ct_buf_puts(&r->exp, ", sau đó ");
        ct__put_source(&r->exp, b);
        ct_buf_puts(&r->exp, " đưa ra số ");
        ct__put_val(&r->exp, b, b->o.rec.value);
        ct_buf_puts(&r->exp, " (số được điều chỉnh, không phải sai sót).");
    } else {
        ct_buf_puts(&r->msg, ": ");
        ct__put_val(&r->msg, a, a->o.rec.value);
        ct_buf_printf(&r->msg, " (%s) khác ", a->doc);
        ct__put_val(&r->msg, b, b->o.rec.value);
        ct_buf_printf(&r->msg, " (%s), lệch ", b->doc);
        ct__put_num(&r->msg, rel * 100, 1);
        ct_buf_puts(&r->msg, "%.");
        ct_buf_puts(&r->exp, " là ");
        ct__put_val(&r->exp, a, a->o.rec.value);
        ct_buf_puts(&r->exp, " theo ");
        ct__put_source(&r->exp, a);
        ct_buf_puts(&r->exp, " nhưng là ");
        ct__put_val(&r->exp, b, b->o.rec.value);
        ct_buf_puts(&r->exp, " theo ");
        ct__put_source(&r->exp, b);
        ct_buf_puts(&r->exp, ", chênh nhau ");
        ct__put_num(&r->exp, rel * 100, 1);
        ct_buf_puts(&r->exp, "%.");
    }
    ct__find_emit(r, &f);
}

/* Two values five times apart or more are not two readings of one figure
 * but two quantities filed under one key: a province's figure the text did
 * not name as such beside the nation's, a week's beside the month's. A
 * scale slip among them is plausibility's to report. */
#define CONFLICT_APART 5.0

static int apart(const item *a, const item *b)
{
    double x = fabs(a->v), y = fabs(b->v);
    return x > 0 && y > 0 && fmax(x, y) >= CONFLICT_APART * fmin(x, y);
}

/* One key's records [from, to): the first pair of documents whose values
 * do not meet (one finding per period), and inside each document the first
 * two values that do not meet. The records of one document are adjacent
 * (items sort by document inside a key). */
void ct__rule_conflicts(run *r, size_t from, size_t to)
{
    item *v = r->ck->v;
    if (v[from].o.rec.type != CT_REC_OBSERVATION) return;
    /* all intervals meet when the highest low end is under the lowest
     * high end: the common case, decided in one pass */
    double maxlo = -INFINITY, minhi = INFINITY;
    int judged = 0;
    for (size_t i = from; i < to; i++) {
        maxlo = fmax(maxlo, v[i].lo);
        minhi = fmin(minhi, v[i].hi);
        judged |= v[i].judged;
    }
    if (maxlo <= minhi || !judged) return;
    if (ct__check_wants(r, CT_FIND_SELF_CONFLICT)) {
        for (size_t s = from; s < to && !r->stop;) {
            size_t e = s + 1;
            while (e < to && same_doc(&v[s], &v[e]))
                e++;
            int done = 0;
            for (size_t i = s; i < e && !done; i++)
                for (size_t j = i + 1; j < e && !done; j++)
                    if (!meet(v[i].lo, v[i].hi, v[j].lo, v[j].hi))
                        done = self_conflict(r, from, to, &v[i], &v[j]);
            s = e;
        }
    }
    if (!ct__check_wants(r, CT_FIND_CONFLICT)) return;
    for (size_t i = from; i < to && !r->stop; i++) {
        for (size_t j = i + 1; j < to; j++) {
            item *a = &v[i], *b = &v[j];
            if (same_doc(a, b) || !(a->judged || b->judged) || meet(a->lo, a->hi, b->lo, b->hi) ||
                apart(a, b))
                continue;
            conflict(r, from, to, a, b);
            return; /* one finding per period */
        }
    }
}

/* ---- changes: arithmetic, reference period, stated vs stored, points ---- */

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

enum { M_NONE = 0, M_REL, M_POINTS, M_UNKNOWN };

/* The change from [blo, bhi] to the item, as an interval in percent,
 * against the stated one: M_REL when they meet, M_POINTS when only the
 * difference in points does (a percent indicator), M_UNKNOWN when there is
 * no basis to judge; *computed is the relative change. */
static int change_match(const item *it, double blo, double bhi, const ct_change *c,
                        double *computed)
{
    double s = ct_decimal_value(c->pct), hs = ct_decimal_halfulp(c->pct);
    double bmid = (blo + bhi) / 2;
    if (!(blo > 0) || !isfinite(bhi) || !isfinite(it->lo) || !isfinite(it->hi)) return M_UNKNOWN;
    *computed = (it->v / bmid - 1) * 100;
    double plo = (it->lo / bhi - 1) * 100, phi = (it->hi / blo - 1) * 100;
    if (meet(plo, phi, s - hs, s + hs)) return M_REL;
    if (!strcmp(it->unit, "percent") && meet(it->lo - bhi, it->hi - blo, s - hs, s + hs))
        return M_POINTS;
    return M_NONE;
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
    ct_buf_puts(&r->msg, ct__check_name(it));
    ct_buf_puts(&r->msg, " ");
    ct__put_period(&r->msg, &it->o.rec.period);
    ct_buf_puts(&r->msg, ": ");
    ct__put_val(&r->msg, it, it->o.rec.value);
    ct_buf_puts(&r->msg, " so với ");
    ct__put_val(&r->msg, base, base->o.rec.value);
    ct_buf_puts(&r->msg, " (");
    ct__put_period(&r->msg, ref);
    if (!same_doc(it, base)) ct_buf_printf(&r->msg, ", %s", base->doc);
    ct_buf_puts(&r->msg, ") là ");
    ct_buf_puts(&r->msg, computed >= 0 ? "+" : "");
    ct__put_num(&r->msg, computed, 2);
    ct_buf_puts(&r->msg, "%, văn bản ghi ");
    double s = ct_decimal_value(c->pct);
    ct_buf_puts(&r->msg, s >= 0 ? "+" : "");
    ct__put_num(&r->msg, s, decimals_of(c->pct));
    ct_buf_puts(&r->msg, "%.");
    /* the journalist's line: "X tháng 10/2023 được ghi tăng 5% so với
     * tháng 9/2023, nhưng số tháng 9/2023 trong báo cáo ngày ... là ...,
     * tức chỉ tăng 1,45%." */
    ct_buf_reset(&r->exp);
    ct_buf_puts(&r->exp, ct__check_name(it));
    ct_buf_puts(&r->exp, " ");
    ct__put_period(&r->exp, &it->o.rec.period);
    ct_buf_puts(&r->exp, " (");
    ct__put_val(&r->exp, it, it->o.rec.value);
    ct_buf_puts(&r->exp, ") được ghi ");
    ct__put_pct(&r->exp, s, decimals_of(c->pct));
    ct_buf_puts(&r->exp, " so với ");
    ct__put_period(&r->exp, ref);
    ct_buf_puts(&r->exp, ", nhưng số ");
    ct__put_period(&r->exp, ref);
    if (same_doc(it, base))
        ct_buf_puts(&r->exp, " nêu trong cùng văn bản");
    else {
        ct_buf_puts(&r->exp, " trong ");
        ct__put_source(&r->exp, base);
    }
    ct_buf_puts(&r->exp, " là ");
    ct__put_val(&r->exp, base, base->o.rec.value);
    ct_buf_puts(&r->exp, ", tức ");
    if ((computed < 0) == (s < 0) && fabs(computed) < fabs(s)) ct_buf_puts(&r->exp, "chỉ ");
    ct__put_pct(&r->exp, computed, 2);
    ct_buf_puts(&r->exp, ".");
}

static void points(run *r, item *it, const ct_change *c, const item *base, double computed)
{
    ct_finding f;
    ct__find_init(&f, CT_FIND_POINTS, CT_SEV_INFO, it);
    ct__find_value(&f, it->o.rec.value);
    ct__find_value(&f, base->o.rec.value);
    ct__find_value(&f, c->pct);
    ct__find_doc(&f, it);
    ct__find_doc(&f, base);
    int dec = decimals_of(it->o.rec.value) > decimals_of(base->o.rec.value)
                  ? decimals_of(it->o.rec.value)
                  : decimals_of(base->o.rec.value);
    ct_buf_reset(&r->msg);
    ct_buf_puts(&r->msg, ct__check_name(it));
    ct_buf_puts(&r->msg, " ");
    ct__put_period(&r->msg, &it->o.rec.period);
    ct_buf_puts(&r->msg, ": ");
    ct__put_val(&r->msg, base, base->o.rec.value);
    ct_buf_puts(&r->msg, " → ");
    ct__put_val(&r->msg, it, it->o.rec.value);
    ct_buf_puts(&r->msg, " là ");
    ct__put_num(&r->msg, it->v - base->v, dec);
    ct_buf_puts(&r->msg, " điểm phần trăm (tương đối ");
    ct_buf_puts(&r->msg, computed >= 0 ? "+" : "");
    ct__put_num(&r->msg, computed, 2);
    ct_buf_puts(&r->msg, "%), văn bản ghi ");
    double s = ct_decimal_value(c->pct);
    ct_buf_puts(&r->msg, s >= 0 ? "+" : "");
    ct__put_num(&r->msg, s, decimals_of(c->pct));
    ct_buf_puts(&r->msg, "%.");
    ct_buf_reset(&r->exp);
    ct_buf_puts(&r->exp, ct__check_name(it));
    ct_buf_puts(&r->exp, " từ ");
    ct__put_val(&r->exp, base, base->o.rec.value);
    ct_buf_puts(&r->exp, " lên ");
    ct__put_val(&r->exp, it, it->o.rec.value);
    ct_buf_puts(&r->exp, " được ghi là ");
    ct__put_pct(&r->exp, s, decimals_of(c->pct));
    ct_buf_puts(&r->exp, ": đó là chênh lệch ");
    ct__put_num(&r->exp, fabs(it->v - base->v), dec);
    ct_buf_puts(&r->exp, " điểm phần trăm; tính theo tỷ lệ thì là ");
    ct__put_pct(&r->exp, computed, 2);
    ct_buf_puts(&r->exp, ".");
    ct__find_emit(r, &f);
}

static void ref_period(run *r, item *it, const ct_change *c, const item *base)
{
    ct_finding f;
    ct__find_init(&f, CT_FIND_REF_PERIOD, CT_SEV_MAJOR, it);
    ct__find_value(&f, it->o.rec.value);
    if (base) ct__find_value(&f, base->o.rec.value);
    ct__find_doc(&f, it);
    ct_period want = ct_period_shift(it->o.rec.period, -12);
    ct_buf_reset(&r->msg);
    ct_buf_puts(&r->msg, ct__check_name(it));
    ct_buf_puts(&r->msg, " ");
    ct__put_period(&r->msg, &it->o.rec.period);
    ct_buf_puts(&r->msg, ": so sánh với cùng kỳ nhưng kỳ gốc ghi là ");
    ct__put_period(&r->msg, &c->ref);
    ct_buf_puts(&r->msg, ", cùng kỳ năm trước là ");
    ct__put_period(&r->msg, &want);
    ct_buf_puts(&r->msg, ".");
    ct_buf_reset(&r->exp);
    ct_buf_puts(&r->exp, ct__check_name(it));
    ct_buf_puts(&r->exp, " ");
    ct__put_period(&r->exp, &it->o.rec.period);
    ct_buf_puts(&r->exp, " được so với \"cùng kỳ\", nhưng văn bản lấy số của ");
    ct__put_period(&r->exp, &c->ref);
    ct_buf_puts(&r->exp, " chứ không phải ");
    ct__put_period(&r->exp, &want);
    ct_buf_puts(&r->exp, ".");
    ct__find_emit(r, &f);
}

/* No baseline in the text: the stored values of the reference period.
 * Real reports revise estimates and quote rates in points or in percent,
 * so this speaks up only when it is sure: exact figures or estimates (no
 * khoảng, hơn, dưới), reported values only (a baseline quoted elsewhere
 * may carry that text's own error), none of them agreeing, a gap of more
 * than one point, two when an estimate is involved, five against a
 * year-old estimate, and a stored value of the magnitude the change
 * implies. */
static void stated_vs_stored(run *r, item *it, const ct_change *c, const ct_period *ref)
{
    ct_checker *ck = r->ck;
    if (it->o.rec.approx != CT_APPROX_NONE && it->o.rec.approx != CT_APPROX_ESTIMATE) return;
    size_t from, to;
    ct__check_range(ck, it->indicator, CT_REC_OBSERVATION, it->area, it->unit, it->stock, ref,
                    &from, &to);
    item *cand = NULL;
    int agree = 0;
    for (size_t i = from; i < to && !agree; i++) {
        item *b = &ck->v[i];
        if (same_doc(b, it) || b->o.rec.baseline) continue;
        double cc;
        if ((b->o.rec.approx != CT_APPROX_NONE && b->o.rec.approx != CT_APPROX_ESTIMATE) ||
            change_match(it, b->lo, b->hi, c, &cc) != M_NONE)
            agree = 1; /* a value known only roughly settles nothing either */
        else if (!cand)
            cand = b;
    }
    if (agree || !cand) return;
    double computed = 0;
    change_match(it, cand->lo, cand->hi, c, &computed);
    double s = ct_decimal_value(c->pct), gap = fabs(computed - s);
    /* A stored value three times off what the stated change implies is not
     * the figure the text compared with but another quantity filed under
     * the key (a month's figure read as the year's, a week's as the
     * month's); a scale slip there is plausibility's to report. */
    double off = (1 + computed / 100) / (1 + s / 100);
    if (!(off > 1.0 / 3 && off < 3)) return;
    int estimate =
        it->o.rec.approx == CT_APPROX_ESTIMATE || cand->o.rec.approx == CT_APPROX_ESTIMATE;
    /* a year-old estimate has been revised by the time a report computes
     * its change over the year (the final figure came out in between):
     * only a gap of more than 5 points says more than that */
    double band = !estimate                                                              ? 1.0
                  : c->basis == CT_BASIS_YOY && cand->o.rec.approx == CT_APPROX_ESTIMATE ? 5.0
                                                                                         : 2.0;
    if (gap <= band) return;
    ct_severity sev = change_severity(computed, c);
    if (estimate) /* revised figures: minor, unless the sign or ten points are wrong */
        sev = (computed < 0) != (s < 0) || gap >= 10 ? CT_SEV_MAJOR : CT_SEV_MINOR;
    ct_finding f;
    ct__find_init(&f, CT_FIND_STATED_VS_STORED, sev, it);
    ct__find_value(&f, it->o.rec.value);
    ct__find_value(&f, cand->o.rec.value);
    ct__find_value(&f, c->pct);
    ct__find_doc(&f, it);
    ct__find_doc(&f, cand);
    msg_change(r, it, c, cand, ref, computed);
    ct__find_emit(r, &f);
}

void ct__rule_changes(run *r, item *it)
{
    ct_checker *ck = r->ck;
    if (!it->judged || it->o.rec.type != CT_REC_OBSERVATION || it->o.rec.baseline) return;
    for (int k = 0; k < it->o.rec.nchanges && !r->stop; k++) {
        const ct_change *c = &it->o.rec.changes[k];
        if (c->basis == CT_BASIS_PLAN) continue;
        ct_period ref;
        if (!change_ref(it, c, &ref)) continue;
        /* the baseline quoted in the same document, same sentence first */
        size_t from, to;
        ct__check_range(ck, it->indicator, CT_REC_OBSERVATION, it->area, it->unit, it->stock, &ref,
                        &from, &to);
        item *base = NULL;
        for (size_t i = from; i < to; i++) {
            item *b = &ck->v[i];
            if (b == it || !b->o.rec.baseline || !same_doc(b, it)) continue;
            if (!base ||
                (b->o.rec.span[0] == it->o.rec.span[0] && base->o.rec.span[0] != it->o.rec.span[0]))
                base = b;
        }
        /* reference period: "cùng kỳ" a year before, in the year written */
        if (c->basis == CT_BASIS_YOY && ct_period_is_set(&c->ref) &&
            CT_YEAR_OF(c->ref.last) != CT_YEAR_OF(it->o.rec.period.last) - 1)
            ref_period(r, it, c, base);
        if (!base) {
            stated_vs_stored(r, it, c, &ref);
            continue;
        }
        double computed = 0;
        int m = change_match(it, base->lo, base->hi, c, &computed);
        if (m == M_POINTS) {
            points(r, it, c, base, computed);
            continue;
        }
        if (m != M_NONE) continue;
        ct_finding f;
        ct__find_init(&f, CT_FIND_ARITHMETIC, change_severity(computed, c), it);
        ct__find_value(&f, it->o.rec.value);
        ct__find_value(&f, base->o.rec.value);
        ct__find_value(&f, c->pct);
        ct__find_doc(&f, it);
        msg_change(r, it, c, base, &ref, computed);
        ct__find_emit(r, &f);
    }
}

/* ---- parts and whole ----------------------------------------------------- */

void ct__rule_parts(run *r, item *w)
{
    ct_checker *ck = r->ck;
    const ct_indicator *ind = w->o.rec.ind;
    if (!ind || !ind->parts[0] || w->o.rec.type != CT_REC_OBSERVATION || w->o.rec.baseline) return;
    double slo = 0, shi = 0;
    int nparts = 0, found = 0, judged = w->judged;
    item *parts[8] = {NULL};
    for (int p = 0; p < 8 && ind->parts[p]; p++) {
        nparts++;
        size_t from, to;
        /* the parts of a whole share its measure (flow or stock) */
        ct__check_range(ck, ind->parts[p], CT_REC_OBSERVATION, w->area, w->unit, w->stock,
                        &w->o.rec.period, &from, &to);
        for (size_t i = from; i < to; i++) {
            item *b = &ck->v[i];
            if (!same_doc(b, w) || b->o.rec.baseline != w->o.rec.baseline) continue;
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
    ct__find_init(&f, CT_FIND_PARTS, CT_SEV_MAJOR, w);
    ct__find_value(&f, w->o.rec.value);
    ct__find_doc(&f, w);
    ct_buf_reset(&r->msg);
    ct_buf_puts(&r->msg, ct__check_name(w));
    ct_buf_puts(&r->msg, " ");
    ct__put_period(&r->msg, &w->o.rec.period);
    ct_buf_puts(&r->msg, ": tổng số ");
    ct__put_val(&r->msg, w, w->o.rec.value);
    ct_buf_puts(&r->msg, found == nparts ? " khác tổng các thành phần ("
                                         : " nhỏ hơn tổng một số thành phần (");
    double sum = 0;
    int first = 1;
    for (int p = 0; p < nparts; p++) {
        if (!parts[p]) continue;
        ct__find_value(&f, parts[p]->o.rec.value);
        sum += parts[p]->v;
        if (!first) ct_buf_puts(&r->msg, " + ");
        first = 0;
        ct__put_num(&r->msg, parts[p]->v, 0);
    }
    ct_buf_puts(&r->msg, " = ");
    ct__put_num(&r->msg, sum, 0);
    ct_buf_puts(&r->msg, ").");
    ct_buf_reset(&r->exp);
    ct_buf_puts(&r->exp, ct__check_name(w));
    ct_buf_puts(&r->exp, " ");
    ct__put_period(&r->exp, &w->o.rec.period);
    ct_buf_puts(&r->exp, " được ghi tổng cộng ");
    ct__put_val(&r->exp, w, w->o.rec.value);
    ct_buf_puts(&r->exp, found == nparts ? ", nhưng cộng các thành phần văn bản nêu lại được "
                                         : ", nhưng riêng một số thành phần văn bản nêu đã là ");
    ct__put_dval(&r->exp, w, sum, 0);
    ct_buf_puts(&r->exp, ".");
    ct__find_emit(r, &f);
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

static void plan_finding(run *r, item *it, const ct_change *c, double lo, double hi, item *b,
                         const ct_change *bc, double blo, double bhi)
{
    int year = CT_YEAR_OF(it->o.rec.period.last);
    int stated = b->o.rec.type == CT_REC_TARGET;
    ct_finding f;
    ct__find_init(&f, CT_FIND_PLAN, CT_SEV_MINOR, it);
    /* against the plan stated beside it: the figure's period; between two
     * implied plans: the year they share */
    if (!stated) f.period = ct_period_range(year, 1, year, 12);
    ct__find_value(&f, it->o.rec.value);
    ct__find_value(&f, c->pct);
    ct__find_value(&f, stated ? b->o.rec.min : b->o.rec.value);
    if (!stated) ct__find_value(&f, bc->pct);
    ct__find_doc(&f, it);
    ct__find_doc(&f, b);
    ct_decimal imp = {(long long)llround((lo + hi) / 2 / 1e6), 6};
    double share = stated ? it->v / ct_decimal_value(b->o.rec.min) * 100 : 0;
    ct_buf_reset(&r->msg);
    ct_buf_puts(&r->msg, ct__check_name(it));
    ct_buf_printf(&r->msg, ", kế hoạch năm %d: ", year);
    ct__put_val(&r->msg, it, it->o.rec.value);
    ct_buf_puts(&r->msg, " đạt ");
    ct__put_num(&r->msg, ct_decimal_value(c->pct), decimals_of(c->pct));
    ct_buf_puts(&r->msg, "% kế hoạch cho kế hoạch khoảng ");
    ct__put_val(&r->msg, it, imp);
    ct_buf_printf(&r->msg, " (%s), nhưng ", it->doc);
    ct_buf_reset(&r->exp);
    ct_buf_puts(&r->exp, ct__check_name(it));
    ct_buf_puts(&r->exp, " ");
    ct__put_period(&r->exp, &it->o.rec.period);
    ct_buf_puts(&r->exp, " (");
    ct__put_val(&r->exp, it, it->o.rec.value);
    ct_buf_puts(&r->exp, ") được ghi đạt ");
    ct__put_num(&r->exp, ct_decimal_value(c->pct), decimals_of(c->pct));
    ct_buf_printf(&r->exp, "%% kế hoạch năm %d, ", year);
    if (stated) {
        ct_buf_puts(&r->msg, "kế hoạch ghi là ");
        ct__put_val(&r->msg, b, b->o.rec.min);
        ct_buf_puts(&r->exp, "nhưng với kế hoạch ");
        ct__put_val(&r->exp, b, b->o.rec.min);
        ct_buf_puts(&r->exp,
                    same_doc(it, b) ? " nêu trong cùng văn bản thì chỉ đạt " : " thì chỉ đạt ");
        if (share > ct_decimal_value(c->pct)) {
            r->exp.len -= strlen("chỉ đạt ");
            ct_buf_puts(&r->exp, "là ");
        }
        ct__put_num(&r->exp, share, 1);
        ct_buf_puts(&r->exp, "%.");
    } else {
        ct_decimal imp2 = {(long long)llround((blo + bhi) / 2 / 1e6), 6};
        ct__put_val(&r->msg, b, b->o.rec.value);
        ct_buf_puts(&r->msg, " đạt ");
        ct__put_num(&r->msg, ct_decimal_value(bc->pct), decimals_of(bc->pct));
        ct_buf_puts(&r->msg, "% cho kế hoạch khoảng ");
        ct__put_val(&r->msg, b, imp2);
        ct_buf_puts(&r->exp, "tức kế hoạch khoảng ");
        ct__put_val(&r->exp, it, imp);
        ct_buf_puts(&r->exp, ", trong khi ");
        ct__put_source(&r->exp, b);
        ct_buf_puts(&r->exp, " cho thấy kế hoạch khoảng ");
        ct__put_val(&r->exp, b, imp2);
        ct_buf_puts(&r->exp, ".");
    }
    ct_buf_printf(&r->msg, " (%s).", b->doc);
    ct__find_emit(r, &f);
}

/* Each implied plan against the plan stated in its document for the year,
 * and against the other implied plans of its series and year. Only the
 * records that state a share of plan take part, grouped by series and
 * year (adjacent in the sorted items). */
void ct__rule_plans(run *r)
{
    ct_checker *ck = r->ck;
    size_t *pl = NULL, np = 0, cap = 0;
    for (size_t i = 0; i < ck->n; i++) {
        if (!ck->v[i].plan || ck->v[i].o.rec.baseline) continue;
        if (np == cap) {
            cap = cap ? cap * 2 : 16;
            size_t *v = realloc(pl, cap * sizeof *v);
            if (!v) {
                ck->oom = 1;
                free(pl);
                return;
            }
            pl = v;
        }
        pl[np++] = i;
    }
    for (size_t a = 0; a < np && !r->stop; a++) {
        item *it = &ck->v[pl[a]];
        double lo, hi;
        const ct_change *c;
        if (!implied_plan(it, &lo, &hi, &c)) continue;
        int year = CT_YEAR_OF(it->o.rec.period.last);
        ct_period y = ct_period_range(year, 1, year, 12);
        /* a plan stated in the same document: a strategy's target
         * elsewhere need not be the year's plan */
        size_t from, to;
        ct__check_range(ck, it->indicator, CT_REC_TARGET, it->area, it->unit, 0, &y, &from, &to);
        for (size_t i = from; i < to && !r->stop; i++) {
            item *b = &ck->v[i];
            if (!same_doc(b, it) || !(it->judged || b->judged) || b->o.rec.growth ||
                !b->o.rec.has_min || !b->o.rec.has_max || b->o.rec.min.mant != b->o.rec.max.mant ||
                b->o.rec.min.exp != b->o.rec.max.exp || b->o.rec.period.first != y.first ||
                b->o.rec.period.last != y.last)
                continue;
            double blo, bhi;
            ct__check_interval(b->o.rec.min, CT_APPROX_NONE, &blo, &bhi);
            if (!meet(lo, hi, blo, bhi)) plan_finding(r, it, c, lo, hi, b, NULL, blo, bhi);
        }
        /* the other implied plans of the series and year, each pair once */
        for (size_t q = a + 1; q < np && !r->stop; q++) {
            item *b = &ck->v[pl[q]];
            if (strcmp(b->indicator, it->indicator) || b->o.rec.type != it->o.rec.type ||
                strcmp(b->o.rec.area, it->o.rec.area) || strcmp(b->unit, it->unit) ||
                CT_YEAR_OF(b->o.rec.period.last) != year)
                break; /* sorted: the group ends here */
            double blo, bhi;
            const ct_change *bc = NULL;
            if (!(it->judged || b->judged) || !implied_plan(b, &blo, &bhi, &bc)) continue;
            if (same_doc(b, it) && b->o.rec.period.last == it->o.rec.period.last) continue;
            /* estimates are revised from report to report, and the shares
             * of plan computed from them drift with them: 1% each way */
            double tol =
                it->o.rec.approx == CT_APPROX_ESTIMATE || b->o.rec.approx == CT_APPROX_ESTIMATE
                    ? 0.01
                    : 0;
            if (!meet(lo * (1 - tol), hi * (1 + tol), blo * (1 - tol), bhi * (1 + tol)))
                plan_finding(r, it, c, lo, hi, b, bc, blo, bhi);
        }
    }
    free(pl);
}

/* ---- year-to-date sums --------------------------------------------------- */

/* A flow from January to month m (m ≥ 2) of a year is the flow to month
 * m-1 plus month m. Any reported pair that meets the written precision
 * settles it; estimates (which later reports revise) must miss by more
 * than 1% of the year-to-date figure. */
void ct__rule_cumulative(run *r, item *it)
{
    ct_checker *ck = r->ck;
    const ct_period *p = &it->o.rec.period;
    if (it->stock || !it->o.rec.ind || it->o.rec.type != CT_REC_OBSERVATION || it->o.rec.baseline ||
        CT_MON_OF(p->first) != 1 || p->last <= p->first || p->day || !isfinite(it->lo) ||
        !isfinite(it->hi))
        return;
    ct_period prev = {p->first, p->last - 1, 0}, mon = {p->last, p->last, 0};
    size_t pf, pt, mf, mt;
    ct__check_range(ck, it->indicator, CT_REC_OBSERVATION, it->area, it->unit, 0, &prev, &pf, &pt);
    ct__check_range(ck, it->indicator, CT_REC_OBSERVATION, it->area, it->unit, 0, &mon, &mf, &mt);
    item *a = NULL, *b = NULL;
    for (size_t i = pf; i < pt; i++) {
        item *x = &ck->v[i];
        if (x->o.rec.baseline || !isfinite(x->lo) || !isfinite(x->hi)) continue;
        for (size_t j = mf; j < mt; j++) {
            item *y = &ck->v[j];
            if (y->o.rec.baseline || !isfinite(y->lo) || !isfinite(y->hi)) continue;
            if (!(it->judged || x->judged || y->judged)) continue;
            double lo = x->lo + y->lo, hi = x->hi + y->hi;
            int est = it->o.rec.approx == CT_APPROX_ESTIMATE ||
                      x->o.rec.approx == CT_APPROX_ESTIMATE ||
                      y->o.rec.approx == CT_APPROX_ESTIMATE;
            double tol = est ? 0.01 * fabs(it->v) : 0;
            if (meet(lo - tol, hi + tol, it->lo, it->hi)) return; /* one pair agrees */
            if (!a) a = x, b = y;
        }
    }
    if (!a) return;
    double sum = a->v + b->v, rel = fabs(sum - it->v) / fmax(fabs(sum), fabs(it->v));
    ct_finding f;
    ct__find_init(&f, CT_FIND_CUMULATIVE, rel < 0.01 ? CT_SEV_MINOR : CT_SEV_MAJOR, it);
    ct__find_value(&f, it->o.rec.value);
    ct__find_value(&f, a->o.rec.value);
    ct__find_value(&f, b->o.rec.value);
    ct__find_doc(&f, it);
    ct__find_doc(&f, a);
    ct__find_doc(&f, b);
    int exp = a->o.rec.value.exp < b->o.rec.value.exp ? a->o.rec.value.exp : b->o.rec.value.exp;
    ct_buf_reset(&r->msg);
    ct_buf_puts(&r->msg, ct__check_name(it));
    ct_buf_puts(&r->msg, " ");
    ct__put_period(&r->msg, p);
    ct_buf_puts(&r->msg, ": ");
    ct__put_val(&r->msg, it, it->o.rec.value);
    ct_buf_printf(&r->msg, " (%s), nhưng ", it->doc);
    ct__put_period(&r->msg, &prev);
    ct_buf_puts(&r->msg, " ");
    ct__put_val(&r->msg, a, a->o.rec.value);
    ct_buf_printf(&r->msg, " (%s) + ", a->doc);
    ct__put_period(&r->msg, &mon);
    ct_buf_puts(&r->msg, " ");
    ct__put_val(&r->msg, b, b->o.rec.value);
    ct_buf_printf(&r->msg, " (%s) = ", b->doc);
    ct__put_dval(&r->msg, it, sum, exp);
    ct_buf_puts(&r->msg, ", lệch ");
    ct__put_num(&r->msg, rel * 100, 1);
    ct_buf_puts(&r->msg, "%.");
    ct_buf_reset(&r->exp);
    ct_buf_puts(&r->exp, ct__check_name(it));
    ct_buf_puts(&r->exp, " lũy kế ");
    ct__put_period(&r->exp, p);
    ct_buf_puts(&r->exp, " được ");
    ct__put_source(&r->exp, it);
    ct_buf_puts(&r->exp, " ghi là ");
    ct__put_val(&r->exp, it, it->o.rec.value);
    ct_buf_puts(&r->exp, ", nhưng lũy kế ");
    ct__put_period(&r->exp, &prev);
    ct_buf_puts(&r->exp, " là ");
    ct__put_val(&r->exp, a, a->o.rec.value);
    if (!same_doc(a, it)) {
        ct_buf_puts(&r->exp, " theo ");
        ct__put_source(&r->exp, a);
    }
    ct_buf_puts(&r->exp, ", cộng ");
    ct__put_period(&r->exp, &mon);
    ct_buf_puts(&r->exp, " là ");
    ct__put_val(&r->exp, b, b->o.rec.value);
    ct_buf_puts(&r->exp, " thì được ");
    ct__put_dval(&r->exp, it, sum, exp);
    ct_buf_puts(&r->exp, ".");
    ct__find_emit(r, &f);
}

/* ---- plausibility -------------------------------------------------------- */

/* A share cannot pass 100%; a rate "so với" something else (domestic
 * against foreign revenue) can. */
static int bounded_share(const item *it)
{
    const ct_indicator *ind = it->o.rec.ind;
    return ind && !strcmp(it->unit, "percent") && ind->name_vi && !strstr(ind->name_vi, "so với");
}

/* The magnitude of a figure per month (flows are spread over their
 * months, so that a year and a month of one series compare). */
static double per_month(const item *it)
{
    double v = fabs(it->v);
    int months = ct_period_len(&it->o.rec.period);
    if (!it->stock && months > 1) v /= months;
    return v;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The median of log10(per month) over [from, to) outside document
 * `except` (NULL: all); NAN when fewer than `need` values are there. */
static double median_log(run *r, size_t from, size_t to, const item *except, size_t need)
{
    item *v = r->ck->v;
    if (r->ntmp < to - from) {
        double *t = realloc(r->tmp, (to - from) * sizeof *t);
        if (!t) {
            r->ck->oom = 1;
            return NAN;
        }
        r->tmp = t;
        r->ntmp = to - from;
    }
    size_t n = 0;
    for (size_t i = from; i < to; i++) {
        if ((except && same_doc(&v[i], except)) || !(v[i].v > 0) || !isfinite(v[i].hi)) continue;
        r->tmp[n++] = log10(per_month(&v[i]));
    }
    if (n < need) return NAN;
    qsort(r->tmp, n, sizeof *r->tmp, cmp_dbl);
    return n % 2 ? r->tmp[n / 2] : (r->tmp[n / 2 - 1] + r->tmp[n / 2]) / 2;
}

#define PLAUSIBLE_DECADES 2.0 /* a factor of 100 breaks a series */
#define PLAUSIBLE_OTHERS 3    /* values of other documents that make a series */

static void implausible(run *r, item *it, double med)
{
    double d = log10(per_month(it)) - med, factor = pow(10.0, fabs(d));
    ct_finding f;
    ct__find_init(&f, CT_FIND_PLAUSIBILITY, CT_SEV_MAJOR, it);
    ct__find_value(&f, it->o.rec.value);
    ct__find_doc(&f, it);
    /* the factor to two significant digits: "khoảng 9.300 lần" */
    double mag = pow(10.0, floor(log10(factor)) - 1);
    double fr = mag >= 1 ? floor(factor / mag + 0.5) * mag : floor(factor * 10 + 0.5) / 10;
    double typical = pow(10.0, med);
    int texp = (int)floor(log10(typical)) - 2;
    ct_buf_reset(&r->msg);
    ct_buf_puts(&r->msg, ct__check_name(it));
    ct_buf_puts(&r->msg, " ");
    ct__put_period(&r->msg, &it->o.rec.period);
    ct_buf_puts(&r->msg, ": ");
    ct__put_val(&r->msg, it, it->o.rec.value);
    ct_buf_puts(&r->msg, d > 0 ? " gấp khoảng " : " chỉ bằng khoảng 1/");
    ct__put_num(&r->msg, fr, 1);
    ct_buf_puts(&r->msg, d > 0 ? " lần" : "");
    ct_buf_puts(&r->msg, " mức thường thấy của chuỗi số (khoảng ");
    ct__put_dval(&r->msg, it, typical, texp);
    ct_buf_puts(&r->msg, it->stock ? ")." : " mỗi tháng).");
    ct_buf_reset(&r->exp);
    ct_buf_puts(&r->exp, ct__check_name(it));
    ct_buf_puts(&r->exp, " ");
    ct__put_period(&r->exp, &it->o.rec.period);
    ct_buf_puts(&r->exp, " được ");
    ct__put_source(&r->exp, it);
    ct_buf_puts(&r->exp, " ghi là ");
    ct__put_val(&r->exp, it, it->o.rec.value);
    ct_buf_puts(&r->exp, d > 0 ? ", gấp khoảng " : ", chỉ bằng khoảng 1/");
    ct__put_num(&r->exp, fr, 1);
    ct_buf_puts(&r->exp, d > 0 ? " lần" : "");
    ct_buf_puts(&r->exp, " các số khác của cùng chỉ tiêu: nhiều khả năng nhầm đơn vị hoặc số của "
                         "nơi khác.");
    ct__find_emit(r, &f);
}

static void over_100(run *r, item *it)
{
    ct_finding f;
    ct__find_init(&f, CT_FIND_PLAUSIBILITY, CT_SEV_MAJOR, it);
    ct__find_value(&f, it->o.rec.value);
    ct__find_doc(&f, it);
    ct_buf_reset(&r->msg);
    ct_buf_puts(&r->msg, ct__check_name(it));
    ct_buf_puts(&r->msg, " ");
    ct__put_period(&r->msg, &it->o.rec.period);
    ct_buf_puts(&r->msg, ": ");
    ct__put_val(&r->msg, it, it->o.rec.value);
    ct_buf_puts(&r->msg, " vượt 100%.");
    ct_buf_reset(&r->exp);
    ct_buf_puts(&r->exp, ct__check_name(it));
    ct_buf_puts(&r->exp, " ");
    ct__put_period(&r->exp, &it->o.rec.period);
    ct_buf_puts(&r->exp, " được ghi là ");
    ct__put_val(&r->exp, it, it->o.rec.value);
    ct_buf_puts(&r->exp, ", nhưng một tỷ lệ trên tổng số không thể vượt 100%.");
    ct__find_emit(r, &f);
}

/* One series [from, to) (indicator, area, unit): a share above 100%, and
 * reported figures whose magnitude per month lies two orders or more above
 * the median of the other documents' figures (at least three of them): a
 * scale slip (tỷ written nghìn tỷ). Figures far below their series are
 * not reported: on real reports they are, far more often than slips, a
 * part the text names (the 175 addresses of state agencies among the
 * botnet's) that extraction filed as the whole. */
void ct__rule_plausibility(run *r, size_t from, size_t to)
{
    item *v = r->ck->v;
    if (v[from].o.rec.type != CT_REC_OBSERVATION) return;
    int judged = 0;
    for (size_t i = from; i < to; i++)
        judged |= v[i].judged && !v[i].o.rec.baseline;
    if (!judged) return;
    if (bounded_share(&v[from])) {
        for (size_t i = from; i < to && !r->stop; i++)
            if (v[i].judged && !v[i].o.rec.baseline && v[i].lo > 100) over_100(r, &v[i]);
        return;
    }
    if (!strcmp(v[from].unit, "percent") || !strcmp(v[from].unit, "rank")) return;
    if (to - from < PLAUSIBLE_OTHERS + 1) return;
    double all = median_log(r, from, to, NULL, PLAUSIBLE_OTHERS + 1);
    if (isnan(all)) return;
    for (size_t i = from; i < to && !r->stop; i++) {
        item *it = &v[i];
        if (!it->judged || it->o.rec.baseline || !(it->v > 0) || !isfinite(it->hi)) continue;
        /* a cheap test against the whole series first; then the median
         * of the other documents decides */
        if (log10(per_month(it)) - all < PLAUSIBLE_DECADES / 2) continue;
        double med = median_log(r, from, to, it, PLAUSIBLE_OTHERS);
        if (isnan(med) || log10(per_month(it)) - med < PLAUSIBLE_DECADES) continue;
        implausible(r, it, med);
    }
}
