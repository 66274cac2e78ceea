/* review.c — the review layer over extraction (review.h).
 *
 * A review names its record by document, spans and indicator; the store
 * keeps it in the reviews table with the record it stands for (after_*),
 * hides the raw row it corrects or rejects, and stores a correction's or
 * an addition's record as a row of its own. Each public call here is one
 * transaction. Re-extraction deletes every row of the document, the
 * reviews' own included; ct_review_reattach then applies each review again,
 * in the order they were made, to the record extracted at the same place.
 *
 * Invariant: a raw row is hidden only by a correct or reject review that
 * is attached; every correct or add review that is attached has exactly
 * one row of its own. */
#include "chitieu/review.h"
#include "chitieu/json.h"
#include "chitieu/num.h"
#include "chitieu/period.h"
#include "chitieu/text.h"
#include "alloc_int.h"
#include "lex.h"
#include "review_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void ct__review_test_pause(void)
{
    const char *p = getenv("CHITIEU_TEST_REVIEW_PAUSE");
    if (!p || atoi(p) <= 0) return;
    struct timespec ts = {atoi(p), 0};
    nanosleep(&ts, NULL);
}

const char *ct_review_action_name(ct_review_action a)
{
    switch (a) {
    case CT_REVIEW_ACCEPT: return "accept";
    case CT_REVIEW_CORRECT: return "correct";
    case CT_REVIEW_REJECT: return "reject";
    case CT_REVIEW_ADD: return "add";
    }
    return "?";
}

/* ---- values ---- */

/* Does a figure's unit fit the indicator's ("VND|USD" holds "USD")? */
static int unit_fits(const char *ind_unit, const char *u)
{
    size_t n = strlen(u);
    for (const char *p = ind_unit; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t m = bar ? (size_t)(bar - p) : strlen(p);
        if (m == n && !strncmp(p, u, n)) return 1;
        p = bar ? bar + 1 : NULL;
    }
    return 0;
}

int ct_review_value(const ct_catalog *cat, const ct_indicator *ind, const char *text,
                    ct_decimal *out, ct_error *err)
{
    if (!text || !*text) return ct_error_set(err, CT_EPARSE, -1, 0, "no value given");
    ct_fold f;
    ct_fold_init(&f);
    tk_list toks = {0};
    int rc = ct_fold_text(&f, text, strlen(text));
    if (rc == CT_OK) rc = ct__lex(cat, f.text, f.len, &toks);
    if (rc != CT_OK) {
        rc = ct_error_set(err, rc, -1, 0, "value '%s': cannot be read", text);
        goto done;
    }
    const tk *num = NULL;
    for (size_t k = 0; k < toks.n && !num; k++)
        if (toks.v[k].kind == TK_NUM) num = &toks.v[k];
    if (!num || num->range) {
        rc = ct_error_set(err, CT_EPARSE, -1, 0, "value '%s': expected one number%s", text,
                          num ? ", not a range" : "");
        goto done;
    }
    const char *u = num->unit;
    if (!u && num->cur_implied) u = "VND";
    if (u && ind && ind->unit && !unit_fits(ind->unit, u)) {
        rc = ct_error_set(err, CT_EINVAL, -1, 0, "value '%s' is in %s; %s is in %s", text, u,
                          ind->code, ind->unit);
        goto done;
    }
    *out = num->v;
done:
    free(toks.v);
    ct_fold_free(&f);
    return rc;
}

/* ---- the record a review is about ---- */

typedef struct found {
    long long want;
    int hit;
    ct_obs o;
    char doc[128], ind[128], unit[64], alt_unit[64];
} found;

static int take_obs(void *ud, const ct_obs *o)
{
    found *f = ud;
    if (o->id != f->want) return 0;
    f->o = *o;
    snprintf(f->doc, sizeof f->doc, "%s", o->doc);
    snprintf(f->ind, sizeof f->ind, "%s", o->indicator);
    snprintf(f->unit, sizeof f->unit, "%s", o->rec.unit ? o->rec.unit : "");
    snprintf(f->alt_unit, sizeof f->alt_unit, "%s", o->rec.alt_unit ? o->rec.alt_unit : "");
    f->o.doc = f->doc;
    f->o.indicator = f->ind;
    f->o.rec.unit = f->unit;
    f->o.rec.alt_unit = o->rec.alt_unit ? f->alt_unit : NULL;
    f->hit = 1;
    return 1;
}

/* Observation obs_id of the reviewed view into f. */
static int find_obs(ct_store *st, const ct_catalog *cat, long long obs_id, found *f, ct_error *err)
{
    memset(f, 0, sizeof *f);
    f->want = obs_id;
    /* the record's document by the primary key, then that document's
     * records (by its index), not a scan of the store */
    ct_obs_query q = {0};
    int rc = ct_store_obs_doc(st, obs_id, &q.doc_id, err);
    if (rc == CT_ENOENT) {
        ct_error_clear(err);
        q.doc_id = -1; /* no such row: no records */
        rc = CT_OK;
    }
    if (rc == CT_OK && q.doc_id >= 0) rc = ct_store_records(st, cat, &q, take_obs, f, err);
    if (rc != CT_OK) return rc;
    if (!f->hit)
        return ct_error_set(err, CT_ENOENT, -1, 0,
                            "no record %lld (see chitieu review list; a rejected or corrected "
                            "record is no longer listed)",
                            obs_id);
    if (f->o.review_id)
        return ct_error_set(err, CT_EINVAL, -1, 0,
                            "record %lld was made by review %lld; review the original record",
                            obs_id, f->o.review_id);
    return CT_OK;
}

/* {"indicator":..,"period":..,"value":..,"unit":..,"area":..,"approx":..} */
static void rec_json(ct_buf *b, const char *indicator, const ct_record *r)
{
    ct_json j;
    ct_json_init(&j, b);
    ct_json_obj(&j);
    ct_json_kstr(&j, "indicator", indicator);
    ct_json_key(&j, "period");
    ct_json_period(&j, &r->period);
    ct_json_kdec(&j, "value", r->value);
    ct_json_kstr(&j, "unit", r->unit ? r->unit : "");
    ct_json_kstr(&j, "area", r->area);
    ct_json_kbool(&j, "approx", r->approx != 0);
    ct_json_kbool(&j, "baseline", r->baseline != 0);
    ct_json_end(&j);
}

/* The first unit of an indicator ("VND|USD" -> "VND") into out. */
static void first_unit(const ct_indicator *ind, char *out, size_t size)
{
    const char *u = ind->unit ? ind->unit : "";
    size_t n = strcspn(u, "|");
    snprintf(out, size, "%.*s", (int)n, u);
}

/* Apply edit e to r (a copy of the record, or a blank one for add). */
static int apply_edit(const ct_catalog *cat, const ct_review_edit *e, ct_record *r,
                      char *unit, size_t usize, ct_error *err)
{
    if (e->indicator) {
        const ct_indicator *ind = ct_catalog_find(cat, e->indicator);
        if (!ind)
            return ct_error_set(err, CT_EINVAL, -1, 0, "no indicator '%s' in the catalogue",
                                e->indicator);
        if (r->ind != ind) {
            r->ind = ind;
            first_unit(ind, unit, usize);
            r->unit = unit;
        }
    }
    if (!r->ind) return ct_error_set(err, CT_EINVAL, -1, 0, "give the indicator");
    if (e->period) {
        ct_period p;
        if (ct_period_parse(e->period, strlen(e->period), &p) != CT_OK)
            return ct_error_set(err, CT_EINVAL, -1, 0,
                                "period '%s': expected 2026, 2026-Q1, 2026-H1, 2026-03 or "
                                "2026-01..2026-06",
                                e->period);
        r->period = p;
    }
    if (e->value) {
        ct_decimal v;
        int rc = ct_review_value(cat, r->ind, e->value, &v, err);
        if (rc != CT_OK) return rc == CT_EPARSE ? (err->code = CT_EINVAL) : rc;
        r->value = v;
        r->approx = CT_APPROX_NONE;
        r->has_alt = 0;
        r->alt_unit = NULL;
    }
    if (e->area) {
        const char *a = *e->area ? ct_catalog_area(cat, e->area) : "";
        if (!a) return ct_error_set(err, CT_EINVAL, -1, 0, "area '%s' is not in the gazetteer",
                                    e->area);
        snprintf(r->area, sizeof r->area, "%s", a);
    }
    if (!r->unit || !*r->unit) {
        first_unit(r->ind, unit, usize);
        r->unit = unit;
    }
    return CT_OK;
}

static int need_who(const char *who, ct_error *err)
{
    if (who && *who) return CT_OK;
    return ct_error_set(err, CT_EINVAL, -1, 0, "a review needs its reviewer (--by)");
}

/* One review of stored record obs_id, in its own transaction. */
static int review_one(ct_store *st, const ct_catalog *cat, ct_review_action act, long long obs_id,
                      const ct_review_edit *e, long long *review_id, ct_error *err)
{
    ct_error_clear(err);
    int rc = need_who(e->who, err);
    if (rc != CT_OK) return rc;
    if ((rc = ct_store_begin(st, err)) != CT_OK) return rc;
    found f;
    ct_buf before, after;
    ct_buf_init(&before);
    ct_buf_init(&after);
    char unit[64] = "";
    rc = find_obs(st, cat, obs_id, &f, err);
    if (rc == CT_OK && !f.o.rec.ind)
        rc = ct_error_set(err, CT_EINVAL, -1, 0, "record %lld: indicator %s is not in the catalogue",
                          obs_id, f.ind);
    ct_review r;
    memset(&r, 0, sizeof r);
    ct_record nr;
    if (rc == CT_OK) {
        rec_json(&before, f.ind, &f.o.rec);
        r.doc = f.doc;
        r.action = act;
        r.indicator = f.ind;
        r.span[0] = f.o.rec.span[0];
        r.span[1] = f.o.rec.span[1];
        r.value_span[0] = f.o.rec.value_span[0];
        r.value_span[1] = f.o.rec.value_span[1];
        r.who = e->who;
        r.note = e->note;
        r.before = before.data;
        nr = f.o.rec;
        if (act == CT_REVIEW_CORRECT) {
            rc = apply_edit(cat, e, &nr, unit, sizeof unit, err);
            if (rc == CT_OK) {
                rec_json(&after, nr.ind->code, &nr);
                r.after = after.data;
                r.after_indicator = nr.ind->code;
                r.after_rec = nr;
            }
        }
    }
    if (rc == CT_OK && (before.oom || after.oom))
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    if (rc == CT_OK)
        rc = ct_store_review_put(st, &r, f.o.doc_id,
                                 act == CT_REVIEW_ACCEPT ? 0 : obs_id,
                                 act == CT_REVIEW_CORRECT ? &nr : NULL, err);
    if (rc == CT_OK) ct__review_test_pause();
    if (rc == CT_OK) rc = ct_store_commit(st, err);
    if (rc != CT_OK)
        ct_store_rollback(st);
    else if (review_id)
        *review_id = r.id;
    ct_buf_free(&before);
    ct_buf_free(&after);
    return rc;
}

int ct_review_accept(ct_store *st, const ct_catalog *cat, long long obs_id, const char *who,
                     const char *note, long long *review_id, ct_error *err)
{
    ct_review_edit e = {.who = who, .note = note};
    return review_one(st, cat, CT_REVIEW_ACCEPT, obs_id, &e, review_id, err);
}

int ct_review_reject(ct_store *st, const ct_catalog *cat, long long obs_id, const char *who,
                     const char *note, long long *review_id, ct_error *err)
{
    ct_review_edit e = {.who = who, .note = note};
    return review_one(st, cat, CT_REVIEW_REJECT, obs_id, &e, review_id, err);
}

int ct_review_correct(ct_store *st, const ct_catalog *cat, long long obs_id,
                      const ct_review_edit *e, long long *review_id, ct_error *err)
{
    if (!e->indicator && !e->period && !e->value && !e->area) {
        ct_error_clear(err);
        return ct_error_set(err, CT_EINVAL, -1, 0,
                            "a correction changes the indicator, period, value or area");
    }
    return review_one(st, cat, CT_REVIEW_CORRECT, obs_id, e, review_id, err);
}

typedef struct docref {
    long long id;
    char name[128];
    int hit;
} docref;

static int take_doc(void *ud, const ct_docinfo *d)
{
    docref *r = ud;
    r->id = d->id;
    snprintf(r->name, sizeof r->name, "%s", d->name);
    r->hit = 1;
    return 1;
}

int ct_review_add(ct_store *st, const ct_catalog *cat, const char *doc, const ct_review_edit *e,
                  long long *review_id, ct_error *err)
{
    ct_error_clear(err);
    int rc = need_who(e->who, err);
    if (rc != CT_OK) return rc;
    if (!doc || !e->indicator || !e->period || !e->value)
        return ct_error_set(err, CT_EINVAL, -1, 0,
                            "an addition needs the document, indicator, period and value");
    if ((rc = ct_store_begin(st, err)) != CT_OK) return rc;
    docref d = {0};
    rc = ct_store_doc_get(st, doc, take_doc, &d, err);
    ct_record nr;
    memset(&nr, 0, sizeof nr);
    nr.type = CT_REC_OBSERVATION;
    char unit[64] = "";
    ct_buf after;
    ct_buf_init(&after);
    ct_review r;
    memset(&r, 0, sizeof r);
    if (rc == CT_OK) rc = apply_edit(cat, e, &nr, unit, sizeof unit, err);
    if (rc == CT_OK) {
        nr.confidence = 1;
        rec_json(&after, nr.ind->code, &nr);
        if (after.oom) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
        r.doc = d.name;
        r.action = CT_REVIEW_ADD;
        r.indicator = nr.ind->code;
        r.who = e->who;
        r.note = e->note;
        r.after = after.data;
        r.after_indicator = nr.ind->code;
        r.after_rec = nr;
    }
    if (rc == CT_OK) rc = ct_store_review_put(st, &r, d.id, 0, &nr, err);
    if (rc == CT_OK) ct__review_test_pause();
    if (rc == CT_OK) rc = ct_store_commit(st, err);
    if (rc != CT_OK)
        ct_store_rollback(st);
    else if (review_id)
        *review_id = r.id;
    ct_buf_free(&after);
    return rc;
}

/* ---- re-attachment after re-extraction ---- */

typedef struct rv_copy {
    ct_review r;
    char ind[128], after_ind[128], unit[64];
} rv_copy;

typedef struct raw_copy {
    long long id;
    int claimed;
    ct_record rec;
    char ind[128], unit[64];
} raw_copy;

typedef struct vec {
    void *v;
    size_t n, cap, size;
    int oom;
} vec;

static void *vec_push(vec *a)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;
        void *v = ct__realloc(a->v, cap * a->size);
        if (!v) {
            a->oom = 1;
            return NULL;
        }
        a->v = v;
        a->cap = cap;
    }
    return (char *)a->v + a->size * a->n++;
}

static int keep_review(void *ud, const ct_review *r)
{
    rv_copy *c = vec_push(ud);
    if (!c) return 1;
    c->r = *r;
    snprintf(c->ind, sizeof c->ind, "%s", r->indicator);
    snprintf(c->after_ind, sizeof c->after_ind, "%s", r->after_indicator ? r->after_indicator : "");
    snprintf(c->unit, sizeof c->unit, "%s", r->after_rec.unit ? r->after_rec.unit : "");
    /* the strings the caller of lost needs; the audit's JSON is not kept */
    c->r.doc = c->r.who = c->r.at = c->r.note = c->r.before = c->r.after = NULL;
    return 0;
}

static int keep_raw(void *ud, const ct_obs *o)
{
    raw_copy *c = vec_push(ud);
    if (!c) return 1;
    c->id = o->id;
    c->claimed = 0;
    c->rec = o->rec;
    snprintf(c->ind, sizeof c->ind, "%s", o->indicator);
    snprintf(c->unit, sizeof c->unit, "%s", o->rec.unit ? o->rec.unit : "");
    c->rec.alt_unit = NULL; /* not carried into a correction */
    c->rec.has_alt = 0;
    return 0;
}

int ct_review_reattach(ct_store *st, const ct_catalog *cat, long long doc_id,
                       ct_review_fn lost, void *ud, long long *nlost, ct_error *err)
{
    if (nlost) *nlost = 0;
    if (ct_store_schema_version(st) < 5) return CT_OK;
    docref d = {0};
    char key[32];
    snprintf(key, sizeof key, "%lld", doc_id);
    int rc = ct_store_doc_get(st, key, take_doc, &d, err);
    if (rc != CT_OK) return rc;
    vec rvs = {.size = sizeof(rv_copy)}, raws = {.size = sizeof(raw_copy)};
    rc = ct_store_reviews(st, d.name, keep_review, &rvs, err);
    if (rc == CT_OK && rvs.n) {
        ct_obs_query q = {.doc_id = doc_id, .raw = 1};
        rc = ct_store_records(st, cat, &q, keep_raw, &raws, err);
    }
    if (rc == CT_OK && (rvs.oom || raws.oom))
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    raw_copy *raw = raws.v;
    for (size_t k = 0; k < rvs.n && rc == CT_OK; k++) {
        rv_copy *c = (rv_copy *)rvs.v + k;
        ct_review *r = &c->r;
        r->doc = d.name;
        r->indicator = c->ind;
        r->after_indicator = c->after_ind[0] ? c->after_ind : NULL;
        r->after_rec.unit = c->unit;
        r->who = "";
        if (r->action == CT_REVIEW_ADD) {
            ct_record nr = r->after_rec;
            nr.ind = ct_catalog_find(cat, c->after_ind);
            nr.confidence = 1;
            if (nr.ind) {
                rc = ct_store_review_put(st, r, doc_id, 0, &nr, err);
                continue;
            }
        } else {
            raw_copy *m = NULL;
            for (size_t j = 0; j < raws.n && !m; j++)
                if (!raw[j].claimed && !strcmp(raw[j].ind, c->ind) &&
                    raw[j].rec.span[0] == r->span[0] && raw[j].rec.span[1] == r->span[1] &&
                    raw[j].rec.value_span[0] == r->value_span[0] &&
                    raw[j].rec.value_span[1] == r->value_span[1])
                    m = &raw[j];
            if (m) {
                m->rec.unit = m->unit;
                if (r->action == CT_REVIEW_ACCEPT) {
                    rc = ct_store_review_put(st, r, doc_id, 0, NULL, err);
                    continue;
                }
                m->claimed = 1;
                if (r->action == CT_REVIEW_REJECT) {
                    rc = ct_store_review_put(st, r, doc_id, m->id, NULL, err);
                    continue;
                }
                const ct_indicator *ai = ct_catalog_find(cat, c->after_ind);
                if (ai) {
                    ct_record nr = m->rec; /* the new extraction's changes and confidence */
                    const ct_record *a = &r->after_rec;
                    nr.ind = ai;
                    nr.period = a->period;
                    nr.value = a->value;
                    nr.unit = a->unit;
                    memcpy(nr.area, a->area, sizeof nr.area);
                    nr.approx = a->approx;
                    nr.baseline = a->baseline;
                    rc = ct_store_review_put(st, r, doc_id, m->id, &nr, err);
                    continue;
                }
            }
        }
        /* no record at that place any more (or its indicator left the catalogue) */
        rc = ct_store_review_detach(st, r->id, err);
        if (rc == CT_OK) {
            if (nlost) (*nlost)++;
            r->attached = 0;
            if (lost && lost(ud, r)) break;
        }
    }
    ct__free(rvs.v);
    ct__free(raws.v);
    return rc;
}

/* ---- a replaced document ---- */

typedef struct text_copy {
    ct_buf b;
    int hit;
} text_copy;

static int take_text(void *ud, const ct_docinfo *d)
{
    text_copy *t = ud;
    ct_buf_append(&t->b, d->text ? d->text : "", d->text_len);
    t->hit = 1;
    return 1;
}

static int doc_text(ct_store *st, long long id, text_copy *t, ct_error *err)
{
    char key[32];
    snprintf(key, sizeof key, "%lld", id);
    ct_buf_init(&t->b);
    t->hit = 0;
    int rc = ct_store_doc_get(st, key, take_text, t, err);
    if (rc == CT_OK && t->b.oom) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    return rc;
}

/* The bytes [a, e) of t, or NULL when the span is not inside it. */
static const char *slice(const ct_buf *t, long long a, long long e)
{
    if (a < 0 || e < a || (size_t)e > t->len) return NULL;
    return (t->data ? t->data : "") + a;
}

static int same_bytes(const ct_buf *x, const long long *sx, const ct_buf *y, const long long *sy)
{
    const char *p = slice(x, sx[0], sx[1]), *q = slice(y, sy[0], sy[1]);
    return p && q && sx[1] - sx[0] == sy[1] - sy[0] && !memcmp(p, q, (size_t)(sx[1] - sx[0]));
}

int ct_review_carry(ct_store *st, const ct_catalog *cat, long long old_id, long long new_id,
                    ct_review_fn lost, void *ud, long long *nlost, ct_error *err)
{
    if (nlost) *nlost = 0;
    docref d = {0};
    char key[32];
    snprintf(key, sizeof key, "%lld", new_id);
    int rc = ct_store_doc_get(st, key, take_doc, &d, err);
    if (rc != CT_OK) return rc;
    text_copy ot, nt;
    rc = doc_text(st, old_id, &ot, err);
    if (rc == CT_OK)
        rc = doc_text(st, new_id, &nt, err);
    else
        ct_buf_init(&nt.b);
    vec rvs = {.size = sizeof(rv_copy)}, raws = {.size = sizeof(raw_copy)};
    if (rc == CT_OK) rc = ct_store_reviews(st, d.name, keep_review, &rvs, err);
    if (rc == CT_OK && rvs.n) {
        ct_obs_query q = {.doc_id = new_id, .raw = 1};
        rc = ct_store_records(st, cat, &q, keep_raw, &raws, err);
    }
    if (rc == CT_OK && (rvs.oom || raws.oom))
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    raw_copy *raw = raws.v;
    for (size_t k = 0; k < rvs.n && rc == CT_OK; k++) {
        ct_review *r = &((rv_copy *)rvs.v)[k].r;
        const char *ind = ((rv_copy *)rvs.v)[k].ind;
        if (r->action == CT_REVIEW_ADD) continue; /* an addition names no place */
        const raw_copy *m = NULL;
        /* the same sentence with the figure at the same place in it */
        for (size_t j = 0; j < raws.n && !m; j++)
            if (!strcmp(raw[j].ind, ind) && same_bytes(&ot.b, r->span, &nt.b, raw[j].rec.span) &&
                same_bytes(&ot.b, r->value_span, &nt.b, raw[j].rec.value_span) &&
                r->value_span[0] - r->span[0] == raw[j].rec.value_span[0] - raw[j].rec.span[0])
                m = &raw[j];
        /* else the one record of the indicator whose figure is written the same */
        int n = 0;
        for (size_t j = 0; j < raws.n && !m; j++)
            if (!strcmp(raw[j].ind, ind) &&
                same_bytes(&ot.b, r->value_span, &nt.b, raw[j].rec.value_span))
                n++;
        for (size_t j = 0; j < raws.n && !m && n == 1; j++)
            if (!strcmp(raw[j].ind, ind) &&
                same_bytes(&ot.b, r->value_span, &nt.b, raw[j].rec.value_span))
                m = &raw[j];
        /* none: the old spans name no place of the new text */
        static const long long nowhere[2] = {-1, -1};
        rc = ct_store_review_move(st, r->id, m ? m->rec.span : nowhere,
                                  m ? m->rec.value_span : nowhere, err);
    }
    ct__free(rvs.v);
    ct__free(raws.v);
    ct_buf_free(&ot.b);
    ct_buf_free(&nt.b);
    if (rc == CT_OK) rc = ct_review_reattach(st, cat, new_id, lost, ud, nlost, err);
    return rc;
}

/* ---- the queue ---- */

typedef struct q_item {
    ct_obs o;
    char doc[128], ind[128], unit[64];
} q_item;

typedef struct queue {
    vec items;
    double below;
    char **acc; /* accepted places: doc \x1f indicator \x1f spans */
    size_t nacc, capacc;
    int oom;
} queue;

static void place_key(char *out, size_t size, const char *doc, const char *ind,
                      const long long *span, const long long *vspan)
{
    snprintf(out, size, "%s\x1f%s\x1f%lld:%lld:%lld:%lld", doc, ind, span[0], span[1], vspan[0],
             vspan[1]);
}

static int q_accepted(void *ud, const ct_review *r)
{
    queue *q = ud;
    if (r->action != CT_REVIEW_ACCEPT || !r->attached) return 0;
    if (q->nacc == q->capacc) {
        size_t cap = q->capacc ? q->capacc * 2 : 16;
        char **v = ct__realloc(q->acc, cap * sizeof *v);
        if (!v) return q->oom = 1;
        q->acc = v;
        q->capacc = cap;
    }
    char key[512];
    place_key(key, sizeof key, r->doc, r->indicator, r->span, r->value_span);
    if (!(q->acc[q->nacc] = ct__strdup(key))) return q->oom = 1;
    q->nacc++;
    return 0;
}

static int q_rec(void *ud, const ct_obs *o)
{
    queue *q = ud;
    if (o->review_id || o->rec.confidence >= q->below) return 0;
    char key[512];
    place_key(key, sizeof key, o->doc, o->indicator, o->rec.span, o->rec.value_span);
    for (size_t k = 0; k < q->nacc; k++)
        if (!strcmp(q->acc[k], key)) return 0;
    q_item *it = vec_push(&q->items);
    if (!it) return q->oom = 1;
    it->o = *o;
    snprintf(it->doc, sizeof it->doc, "%s", o->doc);
    snprintf(it->ind, sizeof it->ind, "%s", o->indicator);
    snprintf(it->unit, sizeof it->unit, "%s", o->rec.unit ? o->rec.unit : "");
    it->o.rec.nchanges = 0; /* the queue shows the figure, not its changes */
    it->o.rec.alt_unit = NULL;
    it->o.rec.has_alt = 0;
    return 0;
}

static int by_confidence(const void *a, const void *b)
{
    const q_item *x = a, *y = b;
    if (x->o.rec.confidence != y->o.rec.confidence)
        return x->o.rec.confidence < y->o.rec.confidence ? -1 : 1;
    return x->o.id < y->o.id ? -1 : x->o.id > y->o.id;
}

int ct_review_queue(ct_store *st, const ct_catalog *cat, long long doc_id, double below,
                    ct_obs_fn fn, void *ud, ct_error *err)
{
    ct_error_clear(err);
    queue q = {.items = {.size = sizeof(q_item)}, .below = below};
    docref d = {0};
    int rc = CT_OK;
    if (doc_id) {
        char key[32];
        snprintf(key, sizeof key, "%lld", doc_id);
        rc = ct_store_doc_get(st, key, take_doc, &d, err);
    }
    if (rc == CT_OK && ct_store_schema_version(st) >= 5)
        rc = ct_store_reviews(st, doc_id ? d.name : NULL, q_accepted, &q, err);
    ct_obs_query oq = {.doc_id = doc_id};
    if (rc == CT_OK && !q.oom) rc = ct_store_records(st, cat, &oq, q_rec, &q, err);
    if (rc == CT_OK && (q.oom || q.items.oom))
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    q_item *v = q.items.v;
    if (rc == CT_OK && q.items.n) qsort(v, q.items.n, sizeof *v, by_confidence);
    for (size_t k = 0; k < q.items.n && rc == CT_OK; k++) {
        v[k].o.doc = v[k].doc;
        v[k].o.indicator = v[k].ind;
        v[k].o.rec.unit = v[k].unit;
        if (fn(ud, &v[k].o)) break;
    }
    for (size_t k = 0; k < q.nacc; k++)
        ct__free(q.acc[k]);
    ct__free(q.acc);
    ct__free(q.items.v);
    return rc;
}
