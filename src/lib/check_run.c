/* check_run.c — the checker run over a store (chitieu/check.h): which
 * indicators to look at (those of the judged documents, or every stored
 * one, plus the wholes whose parts are among them), then for each the
 * stored records of it and its parts, the fresh documents' records, and
 * one ct_checker_run. Memory holds one indicator's records at a time,
 * whatever the size of the database.
 *
 * And a finding's JSON (ct_finding_json, ct_finding_json_fields) with the
 * sentences it quotes (ct_quoter: from a document being checked from its
 * file or from the store), for both front ends. */
#include "chitieu/check.h"
#include "chitieu/ingest.h"
#include "chitieu/review.h"
#include "alloc_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The indicator codes to check, each with the months its judged records
 * reach (their periods and reference periods): a check of new records
 * reads only that window of the database, widened by a year each side for
 * the neighbours of a series. lo > hi: no window known (read everything). */
typedef struct codes {
    char **v;
    int *lo, *hi;
    size_t n, cap;
} codes;

static int codes_find(const codes *c, const char *s)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i], s)) return (int)i;
    return -1;
}

static int codes_add(codes *c, const char *s)
{
    if (codes_find(c, s) >= 0) return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        char **v = ct__realloc(c->v, cap * sizeof *v);
        if (v) c->v = v;
        int *lo = v ? ct__realloc(c->lo, cap * sizeof *lo) : NULL;
        if (lo) c->lo = lo;
        int *hi = lo ? ct__realloc(c->hi, cap * sizeof *hi) : NULL;
        if (!hi) return -1;
        c->hi = hi;
        c->cap = cap;
    }
    if (!(c->v[c->n] = ct__strdup(s))) return -1;
    c->lo[c->n] = 1;
    c->hi[c->n] = 0;
    c->n++;
    return 0;
}

static int codes_reach(codes *c, const char *s, const ct_record *r)
{
    if (codes_add(c, s)) return -1;
    int i = codes_find(c, s), lo = r->period.first, hi = r->period.last;
    for (int k = 0; k < r->nchanges; k++)
        if (ct_period_is_set(&r->changes[k].ref) && r->changes[k].ref.first < lo)
            lo = r->changes[k].ref.first;
    lo -= 13;
    hi += 12;
    if (c->lo[i] > c->hi[i]) {
        c->lo[i] = lo;
        c->hi[i] = hi;
    } else {
        if (lo < c->lo[i]) c->lo[i] = lo;
        if (hi > c->hi[i]) c->hi[i] = hi;
    }
    return 0;
}

static void codes_free(codes *c)
{
    for (size_t i = 0; i < c->n; i++)
        ct__free(c->v[i]);
    ct__free(c->v);
    ct__free(c->lo);
    ct__free(c->hi);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int on_code(void *ud, const char *code, long long n)
{
    (void)n;
    return codes_add(ud, code) != 0;
}

static int on_obs_code(void *ud, const ct_obs *ob)
{
    return codes_reach(ud, ob->indicator, &ob->rec) != 0;
}

typedef struct feed {
    ct_checker *ck;
    const ct_check_opts *o;
    const long long *judged; /* o->judged, sorted */
    const char **fresh;      /* the names of o->fresh, sorted */
    int oom;
} feed;

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* By binary search: an import judges thousands of documents, and every
 * stored record read is asked about. */
static int judged_id(const feed *f, long long id)
{
    if (f->o->all) return 1;
    return f->o->njudged &&
           bsearch(&id, f->judged, f->o->njudged, sizeof *f->judged, cmp_ll) != NULL;
}

static int on_stored(void *ud, const ct_obs *ob)
{
    feed *f = ud;
    /* a document being checked from its file replaces its stored copy */
    if (f->o->nfresh && bsearch(&ob->doc, f->fresh, f->o->nfresh, sizeof *f->fresh, cmp_str))
        return 0;
    if (ct_checker_add(f->ck, ob, judged_id(f, ob->doc_id)) != CT_OK) f->oom = 1;
    return f->oom;
}

static int wanted(const ct_indicator *focus, const char *code)
{
    if (!strcmp(focus->code, code)) return 1;
    for (int p = 0; p < 8 && focus->parts[p]; p++)
        if (!strcmp(focus->parts[p], code)) return 1;
    return 0;
}

/* The indicators to check, sorted: the judged ones and the wholes of
 * their parts. */
static int collect_codes(ct_store *st, const ct_catalog *cat, const ct_check_opts *o, codes *c,
                         ct_error *err)
{
    int rc = CT_OK;
    if (o->all && st) rc = ct_store_indicators(st, on_code, c, err);
    for (size_t i = 0; i < o->nfresh && rc == CT_OK; i++)
        for (size_t k = 0; k < o->fresh[i].nrecs; k++)
            if (codes_reach(c, o->fresh[i].recs[k].ind->code, &o->fresh[i].recs[k])) rc = CT_ENOMEM;
    for (size_t i = 0; i < o->njudged && rc == CT_OK && st && !o->all; i++) {
        /* the indicators of documents just stored */
        ct_obs_query q = {NULL, o->judged[i], 0, 0};
        rc = ct_store_records(st, NULL, &q, on_obs_code, c, err);
        q.targets = 1;
        if (rc == CT_OK) rc = ct_store_records(st, NULL, &q, on_obs_code, c, err);
    }
    size_t n0 = c->n;
    for (size_t k = 0; k < ct_catalog_count(cat) && rc == CT_OK; k++) {
        const ct_indicator *ind = ct_catalog_at(cat, k);
        for (int p = 0; p < 8 && ind->parts[p]; p++)
            for (size_t i = 0; i < n0; i++)
                if (!strcmp(c->v[i], ind->parts[p]) && codes_add(c, ind->code)) rc = CT_ENOMEM;
    }
    if (c->n) qsort(c->v, c->n, sizeof *c->v, cmp_str);
    return rc;
}

/* Load focus and its parts (stored, within the months the judged records
 * reach, then fresh) into ck. */
static int load_focus(ct_store *st, const ct_catalog *cat, const ct_check_opts *o,
                      const long long *judged, const char **fresh, const codes *c,
                      const ct_indicator *focus, ct_checker *ck, ct_error *err)
{
    int rc = CT_OK;
    feed f = {ck, o, judged, fresh, 0};
    const char *load[9] = {focus->code};
    int nl = 1;
    for (int p = 0; p < 8 && focus->parts[p]; p++)
        load[nl++] = focus->parts[p];
    int lo = 1, hi = 0;
    for (int l = 0; l < nl && !o->all; l++) {
        int k = codes_find(c, load[l]);
        if (k < 0 || c->lo[k] > c->hi[k]) continue;
        if (lo > hi) {
            lo = c->lo[k];
            hi = c->hi[k];
        } else {
            lo = c->lo[k] < lo ? c->lo[k] : lo;
            hi = c->hi[k] > hi ? c->hi[k] : hi;
        }
    }
    if (lo > hi) lo = hi = 0; /* everything */
    for (int l = 0; l < nl && st && rc == CT_OK; l++) {
        ct_obs_query q = {load[l], 0, 0, 0};
        rc = ct_store_records_in(st, cat, &q, lo, hi, on_stored, &f, err);
        q.targets = 1;
        if (rc == CT_OK) rc = ct_store_records_in(st, cat, &q, lo, hi, on_stored, &f, err);
    }
    for (size_t d = 0; d < o->nfresh && rc == CT_OK; d++) {
        for (size_t k = 0; k < o->fresh[d].nrecs; k++) {
            const ct_record *r = &o->fresh[d].recs[k];
            if (!wanted(focus, r->ind->code)) continue;
            ct_obs ob;
            memset(&ob, 0, sizeof ob);
            ob.doc = o->fresh[d].name;
            if (o->fresh_last) { /* the ids a store would give them: after the stored */
                ob.doc_id = CT_CHECK_FRESH_ID + (long long)d;
                ob.id = (long long)k + 1;
            }
            ob.indicator = r->ind->code;
            ob.pub = o->fresh[d].pub;
            ob.rec = *r;
            if (ct_checker_add(ck, &ob, 1) != CT_OK) f.oom = 1;
        }
    }
    if (rc == CT_OK && f.oom) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    return rc;
}

int ct_check_store(ct_store *st, const ct_catalog *cat, const ct_check_opts *o, ct_finding_fn fn,
                   void *ud, ct_error *err)
{
    return ct_check_store_only(st, cat, o, 0, fn, ud, err);
}

/* ---- finding status: each finding's latest mark ---- */

typedef struct mark_copy {
    char finding[17];
    ct_finding_status status;
    char by[64], note[256], at[32];
} mark_copy;

typedef struct marks {
    mark_copy *v;
    size_t n, cap;
    int oom;
    /* the caller's */
    int dismissed;
    long long *ndismissed;
    ct_finding_fn fn;
    void *ud;
    int dropped;
} marks;

static int keep_mark(void *ud, const ct_finding_mark *m)
{
    marks *k = ud;
    if (strlen(m->finding) != 16) return 0; /* not a finding's id: it marks nothing */
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 32;
        mark_copy *v = ct__realloc(k->v, cap * sizeof *v);
        if (!v) return k->oom = 1;
        k->v = v;
        k->cap = cap;
    }
    mark_copy *c = &k->v[k->n++];
    memcpy(c->finding, m->finding, 17);
    c->status = m->status;
    snprintf(c->by, sizeof c->by, "%s", m->who);
    snprintf(c->note, sizeof c->note, "%s", m->note ? m->note : "");
    snprintf(c->at, sizeof c->at, "%s", m->at ? m->at : "");
    return 0;
}

static int cmp_mark(const void *a, const void *b)
{
    return strcmp(((const mark_copy *)a)->finding, ((const mark_copy *)b)->finding);
}

/* The finding with its status, to the caller unless dismissed. */
static int with_status(void *ud, const ct_finding *f)
{
    marks *k = ud;
    mark_copy key;
    memcpy(key.finding, f->id, sizeof key.finding);
    const mark_copy *m = k->n ? bsearch(&key, k->v, k->n, sizeof *k->v, cmp_mark) : NULL;
    if (!m || m->status == CT_FSTATUS_OPEN) return k->fn(k->ud, f);
    if (m->status == CT_FSTATUS_DISMISSED && !k->dismissed) {
        if (k->ndismissed) (*k->ndismissed)++;
        k->dropped++;
        return 0;
    }
    ct_finding g = *f;
    g.status = m->status;
    snprintf(g.status_by, sizeof g.status_by, "%s", m->by);
    snprintf(g.status_note, sizeof g.status_note, "%s", m->note);
    snprintf(g.status_at, sizeof g.status_at, "%s", m->at);
    return k->fn(k->ud, &g);
}

int ct_check_store_only(ct_store *st, const ct_catalog *cat, const ct_check_opts *o, unsigned kinds,
                        ct_finding_fn fn, void *ud, ct_error *err)
{
    return ct_check_store_marked(st, cat, o, kinds, 0, NULL, fn, ud, err);
}

int ct_check_store_marked(ct_store *st, const ct_catalog *cat, const ct_check_opts *o,
                          unsigned kinds, int dismissed, long long *ndismissed, ct_finding_fn fn,
                          void *ud, ct_error *err)
{
    codes c = {0};
    int total = 0;
    ct_error_clear(err);
    marks mk = {.dismissed = dismissed, .ndismissed = ndismissed, .fn = fn, .ud = ud};
    int rc = st ? ct_store_marks(st, NULL, 0, keep_mark, &mk, err) : CT_OK;
    if (rc == CT_OK && mk.oom) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    if (rc == CT_OK) {
        /* the latest mark of each finding: sorted by id, a later mark after
         * an earlier one of the same finding (ct_store_marks gives latest only) */
        if (mk.n) qsort(mk.v, mk.n, sizeof *mk.v, cmp_mark);
        rc = collect_codes(st, cat, o, &c, err);
    }
    long long *judged = o->njudged ? ct__malloc(o->njudged * sizeof *judged) : NULL;
    if (o->njudged && !judged && rc == CT_OK)
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    if (judged) {
        memcpy(judged, o->judged, o->njudged * sizeof *judged);
        qsort(judged, o->njudged, sizeof *judged, cmp_ll);
    }
    /* a dry-run import checks thousands of fresh documents, and every
     * stored record read is asked whether one of them replaces it */
    const char **fresh = o->nfresh ? ct__malloc(o->nfresh * sizeof *fresh) : NULL;
    if (o->nfresh && !fresh && rc == CT_OK)
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    if (fresh) {
        for (size_t i = 0; i < o->nfresh; i++)
            fresh[i] = o->fresh[i].name ? o->fresh[i].name : "";
        qsort(fresh, o->nfresh, sizeof *fresh, cmp_str);
    }
    ct_checker *ck = rc == CT_OK ? ct_checker_new(cat) : NULL;
    if (rc == CT_OK && !ck) rc = CT_ENOMEM;
    if (ck) ct_checker_only(ck, kinds);
    for (size_t i = 0; i < c.n && rc == CT_OK; i++) {
        const ct_indicator *focus = ct_catalog_find(cat, c.v[i]);
        if (!focus) continue;
        ct_checker_clear(ck);
        rc = load_focus(st, cat, o, judged, fresh, &c, focus, ck, err);
        if (rc != CT_OK) break;
        mk.dropped = 0;
        int n = ct_checker_run(ck, focus->code, with_status, &mk);
        if (n < 0)
            rc = ct_error_set(err, n, -1, 0, "out of memory");
        else
            total += n - mk.dropped;
    }
    ct_checker_free(ck);
    ct__free(judged);
    ct__free(fresh);
    codes_free(&c);
    ct__free(mk.v);
    if (rc == CT_ENOMEM && err->code == CT_OK) ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    return rc == CT_OK ? total : rc;
}

/* ---- quotes ---------------------------------------------------------------------- */

void ct_quoter_init(ct_quoter *q, ct_store *st, const struct ct_textdoc *fresh, size_t nfresh)
{
    memset(q, 0, sizeof *q);
    q->st = st;
    q->fresh = fresh;
    q->nfresh = nfresh;
    ct_buf_init(&q->span);
}

void ct_quoter_free(ct_quoter *q)
{
    ct_buf_free(&q->span);
}

/* Bytes [a, e) of stored document id into q->span: how many there are
 * (fewer than asked where the span passes the text's end: substr), or -1
 * when the document is gone or cannot be read. */
static long long stored_span(ct_quoter *q, long long id, long long a, long long e)
{
    ct_error err;
    int rc = ct_store_doc_span(q->st, id, a, e, &q->span, &err);
    if (rc != CT_OK) {
        if (rc != CT_ENOENT) q->failed = 1; /* a document gone is no failure */
        return -1;
    }
    return (long long)q->span.len;
}

int ct_quoter_get(ct_quoter *q, const ct_finding *f, int k, const char **s, size_t *n)
{
    const char *t = NULL;
    size_t tl = 0;
    if (f->doc_ids[k] >= CT_CHECK_FRESH_ID &&
        (size_t)(f->doc_ids[k] - CT_CHECK_FRESH_ID) < q->nfresh) {
        const struct ct_textdoc *d = &q->fresh[f->doc_ids[k] - CT_CHECK_FRESH_ID];
        t = d->text.data ? d->text.data : "";
        tl = d->text.len;
    } else if (f->doc_ids[k] && q->st) {
        long long a = f->spans[k][0], e = f->spans[k][1];
        if (a < 0 || e < a) return 0;
        /* an empty span quotes "" where it lies inside the text: the byte
         * before it (or the first, at 0, for the document's existence) */
        long long id = f->doc_ids[k];
        int ok = e > a   ? stored_span(q, id, a, e) == e - a
                 : a > 0 ? stored_span(q, id, a - 1, a) == 1
                         : stored_span(q, id, 0, 1) >= 0;
        if (!ok) return 0;
        *s = q->span.data ? q->span.data : "";
        *n = e > a ? q->span.len : 0;
        return 1;
    } else {
        for (size_t i = 0; i < q->nfresh; i++)
            if (!strcmp(q->fresh[i].name, f->docs[k])) {
                t = q->fresh[i].text.data ? q->fresh[i].text.data : "";
                tl = q->fresh[i].text.len;
                break;
            }
    }
    long long a = f->spans[k][0], e = f->spans[k][1];
    if (!t || a < 0 || e < a || (size_t)e > tl) return 0;
    *s = t + a;
    *n = (size_t)(e - a);
    return 1;
}

/* ---- JSON ------------------------------------------------------------------------ */

void ct_finding_json_fields(ct_json *j, const ct_finding *f)
{
    ct_json_kstr(j, "id", f->id);
    ct_json_kstr(j, "kind", ct_finding_kind_name(f->kind));
    ct_json_kstr(j, "severity", ct_severity_name(f->severity));
    ct_json_kstr(j, "indicator", f->indicator);
    ct_json_key(j, "period");
    ct_json_period(j, &f->period);
    ct_json_key(j, "area");
    ct_json_str_or_null(j, f->area);
    ct_json_key(j, "docs");
    ct_json_arr(j);
    for (int k = 0; k < f->ndocs; k++)
        ct_json_str(j, f->docs[k]);
    ct_json_end(j);
    ct_json_key(j, "values");
    ct_json_arr(j);
    for (int k = 0; k < f->nvalues; k++)
        ct_json_dec(j, f->values[k]);
    ct_json_end(j);
    ct_json_kstr(j, "unit", f->unit);
    ct_json_key(j, "spans");
    ct_json_arr(j);
    for (int k = 0; k < f->ndocs; k++) {
        ct_json_arr(j);
        ct_json_ll(j, f->spans[k][0]);
        ct_json_ll(j, f->spans[k][1]);
        ct_json_end(j);
    }
    ct_json_end(j);
    ct_json_kstr(j, "message", f->message);
    ct_json_kstr(j, "explanation", f->explain);
    ct_json_kstr(j, "status", ct_finding_status_name(f->status));
    if (f->status != CT_FSTATUS_OPEN) {
        ct_json_kstr(j, "status_by", f->status_by);
        ct_json_key(j, "status_note");
        ct_json_str_or_null(j, f->status_note);
        ct_json_kstr(j, "status_at", f->status_at);
    }
}

int ct_finding_json(ct_buf *out, const ct_finding *f)
{
    ct_json j;
    ct_json_init(&j, out);
    ct_json_obj(&j);
    ct_finding_json_fields(&j, f);
    ct_json_end(&j);
    ct_json_nl(&j);
    return ct_json_ok(&j);
}

int ct_quoter_line(ct_quoter *q, const ct_finding *f, int k, ct_buf *out)
{
    const char *s;
    size_t n;
    ct_buf_reset(out);
    if (!ct_quoter_get(q, f, k, &s, &n)) return 0;
    for (size_t i = 0; i < n; i++)
        ct_buf_putc(out, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
    return 1;
}

void ct_finding_json_quotes(ct_json *j, ct_quoter *q, const ct_finding *f, int flat)
{
    ct_buf line;
    ct_buf_init(&line);
    ct_json_key(j, "quotes");
    ct_json_arr(j);
    for (int k = 0; k < f->ndocs; k++) {
        const char *s;
        size_t n;
        if (flat) {
            ct_quoter_line(q, f, k, &line);
            ct_json_strn(j, line.data ? line.data : "", line.len);
            if (line.oom) j->b->oom = 1;
        } else if (ct_quoter_get(q, f, k, &s, &n)) {
            ct_json_strn(j, s, n);
        } else {
            ct_json_null(j);
        }
    }
    ct_json_end(j);
    ct_buf_free(&line);
}
