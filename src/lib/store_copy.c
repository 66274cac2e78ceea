/* store_copy.c — a whole database from one store into another (SQLite →
 * PostgreSQL and back): `chitieu db copy`.
 *
 * Over the store interface only, so any pair of backends works. The
 * target must be empty; everything is written in one transaction of the
 * target (all or nothing). Per document, in id order: the document as it
 * was stored (name, source, hash, dates, area, text), its records as
 * extracted (raw: no review's rows) and its targets. Then every review is
 * stored once as it was (who, when, note, audit) and applied again to
 * each document by ct_review_reattach, the same path a re-extraction
 * takes: the target's reviewed view is the source's. Row ids are the
 * target's own. Tokens are not copied: the store keeps only their hashes
 * and cannot hand them over; make new ones.
 *
 * At the end the counts (documents, observations, targets, reviews) of
 * both are compared; a difference is CT_EIO and nothing is committed. */
#include "chitieu/review.h"
#include "chitieu/store.h"
#include "alloc_int.h"

#include <stdio.h>
#include <string.h>

typedef struct cp {
    ct_store *from, *to;
    const ct_catalog *cat;
    long long doc; /* the target's id of the document being copied */
    int rc;
    ct_error *err;
    long long nreviews;
    /* documents of the target with reviews to apply (ids) */
    long long *ids;
    size_t nids, cap;
} cp;

static int put_record(void *ud, const ct_obs *o)
{
    cp *c = ud;
    ct_record r = o->rec;
    ct_indicator unknown; /* a code the catalogue does not know stays as it is */
    if (!r.ind) {
        memset(&unknown, 0, sizeof unknown);
        unknown.code = o->indicator;
        r.ind = &unknown;
    }
    c->rc = ct_store_record_add(c->to, c->doc, &r, c->err);
    return c->rc != CT_OK;
}

static int put_doc(void *ud, const ct_docinfo *d)
{
    cp *c = ud;
    ct_docinfo n = *d;
    n.id = 0;
    long long from_id = d->id;
    if ((c->rc = ct_store_doc_add(c->to, &n, c->err)) != CT_OK) return 1;
    c->doc = n.id;
    for (int t = 0; t < 2 && c->rc == CT_OK; t++) {
        ct_obs_query q = {.doc_id = from_id, .targets = t, .raw = 1};
        int rc = ct_store_records(c->from, NULL, &q, put_record, c, c->err);
        if (rc != CT_OK && c->rc == CT_OK) c->rc = rc;
    }
    if (c->rc != CT_OK) return 1;
    if (c->nids == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        long long *v = ct__realloc(c->ids, cap * sizeof *v);
        if (!v) {
            c->rc = ct_error_set(c->err, CT_ENOMEM, -1, 0, "out of memory");
            return 1;
        }
        c->ids = v;
        c->cap = cap;
    }
    c->ids[c->nids++] = n.id;
    return 0;
}

static int put_review(void *ud, const ct_review *r)
{
    cp *c = ud;
    ct_review n = *r;
    n.id = 0;
    /* stored as it was, applied to nothing yet: reattach applies it */
    c->rc = ct_store_review_put(c->to, &n, 0, 0, NULL, c->err);
    c->nreviews++;
    return c->rc != CT_OK;
}

static int count_review(void *ud, const ct_review *r)
{
    (void)r;
    (*(long long *)ud)++;
    return 0;
}

int ct_store_copy(ct_store *from, ct_store *to, const ct_catalog *cat, ct_copy_counts *out,
                  ct_error *err)
{
    ct_error_clear(err);
    memset(out, 0, sizeof *out);
    long long d, o, t, r = 0;
    int rc = ct_store_counts(to, &d, &o, &t, err);
    if (rc == CT_OK && ct_store_schema_version(to) >= 5)
        rc = ct_store_reviews(to, NULL, count_review, &r, err);
    if (rc != CT_OK) return rc;
    if (d || o || t || r)
        return ct_error_set(err, CT_EINVAL, -1, 0,
                            "the target database is not empty (%lld documents): copy into an "
                            "empty one",
                            d);
    cp c = {.from = from, .to = to, .cat = cat, .err = err};
    if ((rc = ct_store_begin(to, err)) != CT_OK) return rc;
    rc = ct_store_docs(from, 1, put_doc, &c, err);
    if (rc == CT_OK) rc = c.rc;
    if (rc == CT_OK && ct_store_schema_version(from) >= 5) {
        rc = ct_store_reviews(from, NULL, put_review, &c, err);
        if (rc == CT_OK) rc = c.rc;
        for (size_t k = 0; rc == CT_OK && c.nreviews && k < c.nids; k++)
            rc = ct_review_reattach(to, cat, c.ids[k], NULL, NULL, NULL, err);
    }
    ct__free(c.ids);
    /* the counts of both, inside the transaction: a difference commits nothing */
    long long fd = 0, fo = 0, ft = 0, fr = 0, td = 0, to_ = 0, tt = 0, tr = 0;
    if (rc == CT_OK) rc = ct_store_counts(from, &fd, &fo, &ft, err);
    if (rc == CT_OK) rc = ct_store_counts(to, &td, &to_, &tt, err);
    if (rc == CT_OK && ct_store_schema_version(from) >= 5)
        rc = ct_store_reviews(from, NULL, count_review, &fr, err);
    if (rc == CT_OK) rc = ct_store_reviews(to, NULL, count_review, &tr, err);
    if (rc == CT_OK && (fd != td || fo != to_ || ft != tt || fr != tr))
        rc = ct_error_set(err, CT_EIO, -1, 0,
                          "copy: counts differ: documents %lld/%lld, observations %lld/%lld, "
                          "targets %lld/%lld, reviews %lld/%lld",
                          fd, td, fo, to_, ft, tt, fr, tr);
    if (rc == CT_OK) rc = ct_store_commit(to, err);
    if (rc != CT_OK) {
        ct_store_rollback(to);
        return rc;
    }
    out->docs = td;
    out->obs = to_;
    out->targets = tt;
    out->reviews = tr;
    return CT_OK;
}
