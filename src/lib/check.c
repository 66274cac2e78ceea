/* check.c — findings: recomputes what the texts state (see check.h); the
 * core: records become items, sorted by key; the rules (check_rules.c)
 * look keys up by binary search; findings get their stable id, message
 * and explanation here; and the per-document summary.
 *
 * A period key is the month interval for a flow and the last month (and
 * day) for a stock written for a month; a stock written for a quarter,
 * half or year keeps its interval (its end month is uncertain: "quý 2
 * (tính đến cuối tháng 5)"). Every figure is an interval from its written
 * precision (ct__check_interval); two figures disagree when their
 * intervals do not meet.
 *
 * A finding is reported only when it involves at least one judged record
 * (the documents being checked) and concerns the focus indicator, so that
 * running the checker indicator by indicator over a database reports each
 * finding once. The checker never prints; it hands findings to a callback. */
#include "check_int.h"
#include "chitieu/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ct_checker *ct_checker_new(const ct_catalog *cat)
{
    ct_checker *ck = calloc(1, sizeof *ck);
    if (ck) ck->cat = cat;
    return ck;
}

void ct_checker_clear(ct_checker *ck)
{
    for (size_t i = 0; i < ck->nslot; i++) {
        free(ck->pool[i]);
        ck->pool[i] = NULL;
    }
    ck->npool = 0;
    ck->n = 0;
    ck->oom = 0;
    ck->last_code = NULL;
    ck->last_ind = NULL;
}

void ct_checker_free(ct_checker *ck)
{
    if (!ck) return;
    ct_checker_clear(ck);
    free(ck->pool);
    free(ck->v);
    free(ck);
}

static unsigned long long fnv(unsigned long long h, const char *s);

/* The one copy of s in the checker's pool (a record's document, indicator,
 * unit and area): items then share their strings, sorting compares
 * pointers first, and adding a record allocates nothing new for strings
 * seen before. NULL when out of memory. */
static const char *intern(ct_checker *ck, const char *s)
{
    if ((ck->npool + 1) * 2 > ck->nslot) {
        size_t n = ck->nslot ? ck->nslot * 2 : 256;
        char **pool = calloc(n, sizeof *pool);
        if (!pool) return NULL;
        for (size_t i = 0; i < ck->nslot; i++) {
            if (!ck->pool[i]) continue;
            size_t h = (size_t)fnv(14695981039346656037ULL, ck->pool[i]) & (n - 1);
            while (pool[h])
                h = (h + 1) & (n - 1);
            pool[h] = ck->pool[i];
        }
        free(ck->pool);
        ck->pool = pool;
        ck->nslot = n;
    }
    size_t h = (size_t)fnv(14695981039346656037ULL, s) & (ck->nslot - 1);
    for (; ck->pool[h]; h = (h + 1) & (ck->nslot - 1))
        if (!strcmp(ck->pool[h], s)) return ck->pool[h];
    if (!(ck->pool[h] = strdup(s))) return NULL;
    ck->npool++;
    return ck->pool[h];
}

void ct_checker_only(ct_checker *ck, unsigned mask)
{
    ck->only = mask;
}

/* The interval a written figure stands for. */
void ct__check_interval(ct_decimal d, ct_approx a, double *lo, double *hi)
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

int ct__check_kfirst(int stock, const ct_period *p)
{
    /* A stock is compared at its end month; but one written for a quarter,
     * half or year ("quý 2") is often measured before the end (reports say
     * "quý 2 (tính đến cuối tháng 5)"), so it is only compared with figures
     * written for the same interval. */
    return stock && p->first == p->last ? 0 : p->first;
}

static int has_plan(const ct_record *r)
{
    for (int k = 0; k < r->nchanges; k++)
        if (r->changes[k].basis == CT_BASIS_PLAN) return 1;
    return 0;
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
    it->doc = intern(ck, o->doc ? o->doc : "");
    it->indicator = intern(ck, o->indicator ? o->indicator : (o->rec.ind ? o->rec.ind->code : ""));
    it->unit = intern(ck, o->rec.unit ? o->rec.unit : "");
    it->area = intern(ck, o->rec.area);
    if (!it->doc || !it->indicator || !it->unit || !it->area) return CT_ENOMEM;
    it->o.doc = it->doc;
    it->o.indicator = it->indicator;
    it->o.rec.unit = it->unit;
    it->o.rec.alt_unit = NULL;
    if (ck->cat && it->indicator != ck->last_code) {
        ck->last_code = it->indicator;
        ck->last_ind = ct_catalog_find(ck->cat, it->indicator);
    }
    it->o.rec.ind = ck->cat ? ck->last_ind : o->rec.ind;
    it->judged = judged;
    it->stock = it->o.rec.ind && it->o.rec.ind->measure == CT_STOCK;
    it->kfirst = ct__check_kfirst(it->stock, &o->rec.period);
    it->plan = o->rec.type == CT_REC_OBSERVATION && has_plan(&o->rec);
    it->v = ct_decimal_value(o->rec.value);
    ct__check_interval(o->rec.value, o->rec.approx, &it->lo, &it->hi);
    ck->n++;
    return CT_OK;
}

/* ---- keys ---------------------------------------------------------------- */

typedef struct key {
    const char *indicator;
    int type;
    const char *area, *unit;
    int last, kfirst, day;
} key;

static key key_of(const item *a)
{
    key k = {a->indicator, (int)a->o.rec.type, a->area, a->unit, a->o.rec.period.last,
             a->kfirst,    a->o.rec.period.day};
    return k;
}

/* Series first (indicator, type, area, unit), then the period key; depth
 * 4 compares the series only. */
/* Interned strings are equal exactly when their pointers are. */
static int cmp_str(const char *a, const char *b)
{
    return a == b ? 0 : strcmp(a, b);
}

static int cmp_key(const key *a, const key *b, int depth)
{
    int c;
    if ((c = cmp_str(a->indicator, b->indicator))) return c;
    if ((c = a->type - b->type)) return c;
    if ((c = cmp_str(a->area, b->area))) return c;
    if ((c = cmp_str(a->unit, b->unit))) return c;
    if (depth == 4) return 0;
    if (a->last != b->last) return a->last < b->last ? -1 : 1;
    if (a->kfirst != b->kfirst) return a->kfirst < b->kfirst ? -1 : 1;
    if (a->day != b->day) return a->day < b->day ? -1 : 1;
    return 0;
}

static int cmp_item(const void *pa, const void *pb)
{
    const item *a = pa, *b = pb;
    key ka = key_of(a), kb = key_of(b);
    int c = cmp_key(&ka, &kb, 7);
    if (c) return c;
    /* a document's records together inside a key (fresh ones have no ids) */
    if (a->o.doc_id != b->o.doc_id) return a->o.doc_id < b->o.doc_id ? -1 : 1;
    if ((c = cmp_str(a->doc, b->doc))) return c;
    return a->o.id < b->o.id ? -1 : a->o.id > b->o.id;
}

/* The first item whose key is not below k (at the given depth). */
static size_t lower(const ct_checker *ck, const key *k, int depth, int upper)
{
    size_t lo = 0, hi = ck->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        key km = key_of(&ck->v[mid]);
        int c = cmp_key(&km, k, depth);
        if (c < 0 || (upper && c == 0))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void ct__check_range(const ct_checker *ck, const char *indicator, ct_rec_type type,
                     const char *area, const char *unit, int stock, const ct_period *p,
                     size_t *from, size_t *to)
{
    key k = {indicator, (int)type, area, unit, p->last, ct__check_kfirst(stock, p), p->day};
    *from = lower(ck, &k, 7, 0);
    *to = lower(ck, &k, 7, 1);
}

static int same_key(const item *a, const item *b)
{
    key ka = key_of(a), kb = key_of(b);
    return cmp_key(&ka, &kb, 7) == 0;
}

static int same_series(const item *a, const item *b)
{
    key ka = key_of(a), kb = key_of(b);
    return cmp_key(&ka, &kb, 4) == 0;
}

int ct__check_same_doc(const item *a, const item *b)
{
    if (a->o.doc_id && b->o.doc_id) return a->o.doc_id == b->o.doc_id;
    return !cmp_str(a->doc, b->doc);
}

int ct__check_meet(double alo, double ahi, double blo, double bhi)
{
    return alo <= bhi && blo <= ahi;
}

/* ---- writing findings ---------------------------------------------------- */

const char *ct__check_name(const item *it)
{
    return it->o.rec.ind && it->o.rec.ind->name_vi ? it->o.rec.ind->name_vi : it->indicator;
}

void ct__put_val(ct_buf *b, const item *it, ct_decimal d)
{
    ct_render_value_vi(b, d, it->unit);
}

void ct__put_dval(ct_buf *b, const item *it, double x, int exp)
{
    ct_decimal d = {(long long)llround(x / pow(10.0, exp)), exp};
    ct_render_value_vi(b, d, it->unit);
}

void ct__put_num(ct_buf *b, double x, int decimals)
{
    char tmp[64];
    ct_num_format_vi(x, decimals, tmp, sizeof tmp);
    ct_buf_puts(b, tmp);
}

void ct__put_pct(ct_buf *b, double x, int decimals)
{
    ct_buf_puts(b, x < 0 ? "giảm " : "tăng ");
    ct__put_num(b, fabs(x), decimals);
    ct_buf_puts(b, "%");
}

void ct__put_period(ct_buf *b, const ct_period *p)
{
    char tmp[64];
    ct_period_format_vi(p, tmp, sizeof tmp);
    ct_buf_puts(b, tmp);
}

void ct__put_source(ct_buf *b, const item *it)
{
    const ct_obs *o = &it->o;
    if (o->pub_y && o->pub_m && o->pub_d)
        ct_buf_printf(b, "báo cáo %s ngày %d/%d/%d", it->doc, o->pub_d, o->pub_m, o->pub_y);
    else if (o->pub_y && o->pub_m)
        ct_buf_printf(b, "báo cáo %s tháng %d/%d", it->doc, o->pub_m, o->pub_y);
    else
        ct_buf_printf(b, "tài liệu %s", it->doc);
}

void ct__find_init(ct_finding *f, ct_finding_kind kind, ct_severity sev, const item *it)
{
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->severity = sev;
    snprintf(f->indicator, sizeof f->indicator, "%s", it->indicator);
    snprintf(f->area, sizeof f->area, "%s", it->o.rec.area);
    snprintf(f->unit, sizeof f->unit, "%s", it->unit);
    f->period = it->o.rec.period;
}

void ct__find_value(ct_finding *f, ct_decimal v)
{
    if (f->nvalues < CT_FIND_MAX) f->values[f->nvalues++] = v;
}

void ct__find_doc(ct_finding *f, const item *it)
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

static unsigned long long fnv(unsigned long long h, const char *s)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    h ^= 0xff; /* a separator no UTF-8 text holds */
    return h * 1099511628211ULL;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* FNV-1a of kind, indicator, area, period and the sorted document names:
 * the same contradiction gets the same id in every run and database. */
static void finding_id(ct_finding *f)
{
    char per[40];
    const char *names[CT_FIND_MAX];
    ct_period_format(&f->period, per, sizeof per);
    unsigned long long h = 14695981039346656037ULL;
    h = fnv(h, ct_finding_kind_name(f->kind));
    h = fnv(h, f->indicator);
    h = fnv(h, f->area);
    h = fnv(h, per);
    for (int k = 0; k < f->ndocs; k++)
        names[k] = f->docs[k];
    qsort(names, (size_t)f->ndocs, sizeof *names, cmp_name);
    for (int k = 0; k < f->ndocs; k++)
        h = fnv(h, names[k]);
    snprintf(f->id, sizeof f->id, "%016llx", h);
}

int ct__check_wants(const run *r, ct_finding_kind k)
{
    return !r->ck->only || (r->ck->only & CT_FIND_BIT(k));
}

void ct__find_emit(run *r, ct_finding *f)
{
    if (r->stop || !ct__check_wants(r, f->kind)) return;
    if (r->focus && strcmp(f->indicator, r->focus)) return;
    snprintf(f->message, sizeof f->message, "%s", r->msg.data ? r->msg.data : "");
    snprintf(f->explain, sizeof f->explain, "%s", r->exp.data ? r->exp.data : "");
    finding_id(f);
    r->n++;
    if (r->fn(r->ud, f)) r->stop = 1;
}

/* ---- the run ------------------------------------------------------------- */

int ct_checker_run(ct_checker *ck, const char *focus, ct_finding_fn fn, void *ud)
{
    run r;
    memset(&r, 0, sizeof r);
    r.ck = ck;
    r.focus = focus;
    r.fn = fn;
    r.ud = ud;
    ct_buf_init(&r.msg);
    ct_buf_init(&r.exp);
    if (ck->n) qsort(ck->v, ck->n, sizeof *ck->v, cmp_item);
    int conflicts =
        ct__check_wants(&r, CT_FIND_CONFLICT) || ct__check_wants(&r, CT_FIND_SELF_CONFLICT);
    for (size_t i = 0; i < ck->n && !r.stop && conflicts;) {
        size_t j = i + 1;
        while (j < ck->n && same_key(&ck->v[i], &ck->v[j]))
            j++;
        ct__rule_conflicts(&r, i, j);
        i = j;
    }
    if (ct__check_wants(&r, CT_FIND_ARITHMETIC) || ct__check_wants(&r, CT_FIND_REF_PERIOD) ||
        ct__check_wants(&r, CT_FIND_STATED_VS_STORED) || ct__check_wants(&r, CT_FIND_POINTS))
        for (size_t i = 0; i < ck->n && !r.stop; i++)
            ct__rule_changes(&r, &ck->v[i]);
    if (ct__check_wants(&r, CT_FIND_PARTS))
        for (size_t i = 0; i < ck->n && !r.stop; i++)
            ct__rule_parts(&r, &ck->v[i]);
    if (ct__check_wants(&r, CT_FIND_PLAN) && !r.stop) ct__rule_plans(&r);
    if (ct__check_wants(&r, CT_FIND_CUMULATIVE))
        for (size_t i = 0; i < ck->n && !r.stop; i++)
            ct__rule_cumulative(&r, &ck->v[i]);
    for (size_t i = 0; i < ck->n && !r.stop && ct__check_wants(&r, CT_FIND_PLAUSIBILITY);) {
        size_t j = i + 1;
        while (j < ck->n && same_series(&ck->v[i], &ck->v[j]))
            j++;
        ct__rule_plausibility(&r, i, j);
        i = j;
    }
    int oom = r.msg.oom || r.exp.oom || ck->oom;
    ct_buf_free(&r.msg);
    ct_buf_free(&r.exp);
    free(r.tmp);
    return oom ? CT_ENOMEM : r.n;
}

const char *ct_finding_kind_name(ct_finding_kind k)
{
    static const char *const names[] = {
        "arithmetic", "ref_period", "conflict",     "stated_vs_stored", "parts",
        "plan",       "cumulative", "plausibility", "points",           "self_conflict"};
    return (unsigned)k < CT_FIND_NKINDS ? names[k] : "?";
}

const char *ct_severity_name(ct_severity s)
{
    static const char *const names[] = {"info", "minor", "major"};
    return (unsigned)s < 3 ? names[s] : "?";
}

/* ---- per-document summary ------------------------------------------------ */

void ct_check_summary_init(ct_check_summary *s, int only_known)
{
    memset(s, 0, sizeof *s);
    s->only_known = only_known;
}

void ct_check_summary_free(ct_check_summary *s)
{
    free(s->v);
    free(s->slot);
    memset(s, 0, sizeof *s);
}

static size_t name_hash(const char *s)
{
    return (size_t)fnv(14695981039346656037ULL, s);
}

/* The index + 1 of doc in s->v, or the free slot where it goes (as
 * ~slot, negative) when absent. */
static size_t *find_slot(ct_check_summary *s, const char *doc)
{
    size_t mask = s->nslot - 1;
    for (size_t h = name_hash(doc) & mask;; h = (h + 1) & mask)
        if (!s->slot[h] || !strcmp(s->v[s->slot[h] - 1].doc, doc)) return &s->slot[h];
}

static int grow(ct_check_summary *s)
{
    size_t n = s->nslot ? s->nslot * 2 : 64;
    size_t *slot = calloc(n, sizeof *slot);
    if (!slot) return CT_ENOMEM;
    free(s->slot);
    s->slot = slot;
    s->nslot = n;
    for (size_t i = 0; i < s->n; i++)
        *find_slot(s, s->v[i].doc) = i + 1;
    return CT_OK;
}

static ct_doc_status *summary_get(ct_check_summary *s, const char *doc, long long doc_id,
                                  int create)
{
    if (!s->nslot && grow(s)) return NULL;
    size_t *slot = find_slot(s, doc);
    if (*slot) return &s->v[*slot - 1];
    if (!create) return NULL;
    if ((s->n + 1) * 2 > s->nslot) {
        if (grow(s)) return NULL;
        slot = find_slot(s, doc);
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        ct_doc_status *v = realloc(s->v, cap * sizeof *v);
        if (!v) return NULL;
        s->v = v;
        s->cap = cap;
    }
    ct_doc_status *d = &s->v[s->n];
    memset(d, 0, sizeof *d);
    snprintf(d->doc, sizeof d->doc, "%s", doc);
    d->doc_id = doc_id;
    *slot = ++s->n;
    return d;
}

int ct_check_summary_doc(ct_check_summary *s, const char *doc, long long doc_id)
{
    if (!summary_get(s, doc, doc_id, 1)) {
        s->oom = 1;
        return CT_ENOMEM;
    }
    return CT_OK;
}

int ct_check_summary_add(ct_check_summary *s, const ct_finding *f)
{
    for (int k = 0; k < f->ndocs; k++) {
        int dup = 0; /* a document quoted twice (two sentences) counts once */
        for (int q = 0; q < k; q++)
            dup |= !strcmp(f->docs[q], f->docs[k]);
        if (dup) continue;
        ct_doc_status *d = summary_get(s, f->docs[k], f->doc_ids[k], !s->only_known);
        if (!d) {
            if (s->only_known && !s->oom) continue;
            s->oom = 1;
            return CT_ENOMEM;
        }
        if ((unsigned)f->severity < 3) d->counts[f->severity]++;
    }
    return CT_OK;
}

const char *ct_doc_status_color(const ct_doc_status *d)
{
    return d->counts[CT_SEV_MAJOR] ? "red" : d->counts[CT_SEV_MINOR] ? "yellow" : "green";
}
