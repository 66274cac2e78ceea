/* ingest.c — a document in, stored whole or not at all (chitieu/ingest.h).
 *
 * Invariants: every document is written inside its own savepoint within
 * the session's transaction, so a failure undoes exactly that document;
 * ids[0..pend_ids) are committed, ids[pend_ids..nids) are pending and are
 * forgotten with their transaction when a commit fails or is rolled back;
 * the counts only ever include committed documents.
 *
 * It does not read files, parse dates or print: the front ends do (and
 * the check of the new documents is ct_check_store's, in check_run.c). */
#include "chitieu/ingest.h"
#include "chitieu/extract.h"
#include "chitieu/review.h"
#include "alloc_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define BATCH_DOCS 200
#define BATCH_SECONDS 0.5

struct ct_ingest {
    ct_store *st;
    const ct_catalog *cat;
    int batch_docs;
    double batch_seconds;
    int hold;
    const char *area; /* given to every text's records (opts) */
    long long *ids;
    size_t nids, capids;
    size_t pend_ids; /* ids[pend_ids..nids) are not committed yet */
    ct_ingest_counts total;
    /* the open transaction: documents since its start, each in its own
     * savepoint */
    int in_tx;
    double tx_start;
    long long pend_docs, pend_obs, pend_targets;
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- documents in memory ---------------------------------------------------- */

int ct_textdoc_set(ct_textdoc *d, const char *name, const char *text, size_t len, ct_date pub)
{
    ct__free(d->name);
    d->name = ct__strdup(name ? name : "");
    ct_buf_reset(&d->text);
    ct_buf_append(&d->text, text ? text : "", len);
    d->pub = pub;
    d->nrecs = 0;
    return d->name && !d->text.oom ? CT_OK : CT_ENOMEM;
}

typedef struct keep {
    ct_textdoc *d;
    int oom;
} keep;

static int keep_record(void *ud, const ct_record *r)
{
    keep *k = ud;
    ct_textdoc *d = k->d;
    if (d->nrecs == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        ct_record *v = ct__realloc(d->recs, cap * sizeof *v);
        if (!v) {
            k->oom = 1;
            return 1;
        }
        d->recs = v;
        d->cap = cap;
    }
    d->recs[d->nrecs++] = *r;
    return 0;
}

int ct_textdoc_extract(const ct_catalog *cat, ct_textdoc *d, ct_error *err)
{
    ct_extract_opts o = {.pub_year = d->pub.y, .pub_month = d->pub.m, .pub_day = d->pub.d,
                         .area = d->area};
    keep k = {d, 0};
    d->nrecs = 0;
    if (d->text.oom) return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    int rc = ct_extract_buffer(cat, &o, d->text.data ? d->text.data : "", d->text.len, keep_record,
                               &k, err);
    /* the sink stops extraction when it cannot keep a record: that is an
     * out-of-memory, never a document with records silently missing */
    if (k.oom && rc == CT_OK) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    return rc;
}

void ct_textdoc_free(ct_textdoc *d)
{
    ct__free(d->name);
    ct_buf_free(&d->text);
    ct__free(d->recs);
    memset(d, 0, sizeof *d);
}

/* ---- the session --------------------------------------------------------------- */

int ct_ingest_new(ct_store *st, const ct_catalog *cat, const ct_ingest_opts *opts, ct_ingest **out,
                  ct_error *err)
{
    ct_error_clear(err);
    ct_ingest *g = ct__calloc(1, sizeof *g);
    *out = g;
    if (!g) return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    g->st = st;
    g->cat = cat;
    g->batch_docs = opts && opts->batch_docs > 0 ? opts->batch_docs : BATCH_DOCS;
    /* each document is a mark: a server database wants fewer per commit */
    int mx = ct_store_marks_max(st);
    if (mx > 0 && g->batch_docs > mx) g->batch_docs = mx;
    g->batch_seconds = opts && opts->batch_seconds > 0 ? opts->batch_seconds : BATCH_SECONDS;
    g->hold = opts ? opts->hold : 0;
    g->area = opts ? opts->area : NULL;
    return CT_OK;
}

static void forget_pending(ct_ingest *g)
{
    g->nids = g->pend_ids;
    g->pend_docs = g->pend_obs = g->pend_targets = 0;
}

void ct_ingest_rollback(ct_ingest *g)
{
    if (!g->in_tx) return;
    g->in_tx = 0;
    ct_store_rollback(g->st);
    forget_pending(g);
}

int ct_ingest_commit(ct_ingest *g, long long *lost, ct_error *err)
{
    if (lost) *lost = 0;
    if (!g->in_tx) return CT_OK;
    g->in_tx = 0;
    int rc = ct_store_commit(g->st, err);
    if (rc != CT_OK) {
        ct_store_rollback(g->st);
        if (lost) *lost = g->pend_docs;
        g->total.failed += g->pend_docs;
        forget_pending(g);
        return rc;
    }
    g->total.docs += g->pend_docs;
    g->total.obs += g->pend_obs;
    g->total.targets += g->pend_targets;
    g->pend_docs = g->pend_obs = g->pend_targets = 0;
    g->pend_ids = g->nids;
    return CT_OK;
}

void ct_ingest_free(ct_ingest *g)
{
    if (!g) return;
    ct_ingest_rollback(g);
    ct__free(g->ids);
    ct__free(g);
}

const long long *ct_ingest_ids(const ct_ingest *g, size_t *n)
{
    *n = g->nids;
    return g->ids;
}

ct_ingest_counts ct_ingest_totals(const ct_ingest *g)
{
    return g->total;
}

static int begin(ct_ingest *g, ct_error *err)
{
    if (g->in_tx) return CT_OK;
    int rc = ct_store_begin(g->st, err);
    if (rc != CT_OK) return rc;
    g->in_tx = 1;
    g->tx_start = now_s();
    g->pend_ids = g->nids;
    return CT_OK;
}

static int remember(ct_ingest *g, long long id)
{
    if (g->nids == g->capids) {
        size_t cap = g->capids ? g->capids * 2 : 64;
        long long *v = ct__realloc(g->ids, cap * sizeof *v);
        if (!v) return CT_ENOMEM;
        g->ids = v;
        g->capids = cap;
    }
    g->ids[g->nids++] = id;
    return CT_OK;
}

/* Open a document's savepoint (and the transaction, first). */
static int open_doc(ct_ingest *g, int *marked, ct_error *err)
{
    *marked = 0;
    int rc = begin(g, err);
    if (rc == CT_OK && (rc = ct_store_mark(g->st, err)) == CT_OK) *marked = 1;
    return rc;
}

/* After a document's writes (rc their outcome): its id remembered and its
 * savepoint released, or everything of it undone. */
static int close_doc(ct_ingest *g, int rc, int marked, long long id, ct_error *err)
{
    int remembered = 0;
    if (rc == CT_OK && (rc = remember(g, id)) == CT_OK) remembered = 1;
    if (rc == CT_OK) rc = ct_store_release(g->st, err);
    if (rc == CT_OK) return CT_OK;
    if (marked) ct_store_undo(g->st);
    if (rc == CT_ENOMEM && err->code != CT_ENOMEM)
        ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    if (remembered) g->nids--;
    return rc;
}

static void count_record(ct_ingest_result *res, const ct_record *r)
{
    if (r->type == CT_REC_TARGET)
        res->ntargets++;
    else
        res->nobs++;
}

static void result_clear(ct_ingest_result *res)
{
    memset(res, 0, sizeof *res);
}

/* After a document is in (its savepoint released): count it pending and
 * commit when the batch is full. */
static int stored(ct_ingest *g, ct_ingest_result *res, ct_error *err)
{
    g->pend_docs++;
    g->pend_obs += res->nobs;
    g->pend_targets += res->ntargets;
    if (g->hold) return CT_OK;
    if (g->pend_docs < g->batch_docs && now_s() - g->tx_start < g->batch_seconds) return CT_OK;
    int rc = ct_ingest_commit(g, &res->lost, err);
    if (rc != CT_OK) res->stage = CT_INGEST_COMMIT;
    return rc;
}

/* Write d (extracted) as a new document, or its records over document
 * reuse_id, in a savepoint of the open transaction. */
static int put_doc(ct_ingest *g, const ct_textdoc *d, const char *source, const char *sha,
                   long long reuse_id, ct_ingest_result *res, ct_error *err)
{
    int marked, rc = open_doc(g, &marked, err);
    ct_docinfo di;
    memset(&di, 0, sizeof di);
    di.id = reuse_id;
    if (rc == CT_OK && reuse_id) {
        rc = ct_store_doc_clear(g->st, reuse_id, err);
    } else if (rc == CT_OK) {
        di.name = d->name;
        di.source = source;
        di.pub = d->pub;
        di.area = d->area;
        di.text = d->text.data ? d->text.data : "";
        di.text_len = d->text.len;
        if (sha) memcpy(di.sha256, sha, sizeof di.sha256);
        rc = ct_store_doc_add(g->st, &di, err);
    }
    for (size_t k = 0; k < d->nrecs && rc == CT_OK; k++) {
        rc = ct_store_record_add(g->st, di.id, &d->recs[k], err);
        count_record(res, &d->recs[k]);
    }
    /* re-extraction: the document's reviews apply to the new records */
    if (rc == CT_OK && reuse_id)
        rc = ct_review_reattach(g->st, g->cat, reuse_id, NULL, NULL, &res->reviews_lost, err);
    if ((rc = close_doc(g, rc, marked, di.id, err)) != CT_OK) {
        res->nobs = res->ntargets = 0;
        /* a new document another process stored since find_same (a
         * server database refuses the second copy): unchanged, not failed */
        ct_error e2;
        if (!reuse_id && sha && g->in_tx && ct_store_doc_find(g->st, sha, &res->id, &e2) == CT_OK) {
            ct_error_clear(err);
            res->same = 1;
            g->total.same++;
            return CT_OK;
        }
        res->stage = CT_INGEST_STORE;
        g->total.failed++;
        return rc;
    }
    res->id = di.id;
    return stored(g, res, err);
}

/* The id of the document with content sha: CT_OK (res->same), CT_ENOENT,
 * or a failure. Inside the transaction when hold (the writer's answer
 * must be the truth at commit), before it otherwise (no write lock is
 * taken for a document that is stored already). */
static int find_same(ct_ingest *g, const char *sha, ct_ingest_result *res, ct_error *err)
{
    int rc = g->hold ? begin(g, err) : CT_OK;
    if (rc == CT_OK) rc = ct_store_doc_find(g->st, sha, &res->id, err);
    if (rc == CT_OK) {
        res->same = 1;
        g->total.same++;
    } else if (rc != CT_ENOENT) {
        res->stage = CT_INGEST_STORE;
        g->total.failed++;
    }
    return rc;
}

int ct_ingest_doc(ct_ingest *g, const ct_textdoc *d, const char *source, ct_ingest_result *res,
                  ct_error *err)
{
    ct_error_clear(err);
    result_clear(res);
    char sha[65];
    ct_store_hash(d->text.data ? d->text.data : "", d->text.len, sha);
    int rc = find_same(g, sha, res, err);
    if (rc != CT_ENOENT) return rc;
    ct_error_clear(err);
    return put_doc(g, d, source, sha, 0, res, err);
}

int ct_ingest_text(ct_ingest *g, const char *name, const char *text, size_t len, ct_date pub,
                   const char *source, ct_ingest_result *res, ct_error *err)
{
    ct_error_clear(err);
    result_clear(res);
    char sha[65];
    ct_store_hash(text ? text : "", len, sha);
    int rc = find_same(g, sha, res, err);
    if (rc != CT_ENOENT) return rc;
    ct_error_clear(err);
    ct_textdoc d;
    memset(&d, 0, sizeof d);
    rc = ct_textdoc_set(&d, name, text, len, pub);
    d.area = g->area;
    if (rc != CT_OK)
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    else
        rc = ct_textdoc_extract(g->cat, &d, err);
    if (rc != CT_OK) {
        res->stage = CT_INGEST_EXTRACT;
        g->total.failed++;
    } else {
        rc = put_doc(g, &d, source, sha, 0, res, err);
    }
    ct_textdoc_free(&d);
    return rc;
}

typedef struct take {
    ct_textdoc *d;
    const ct_catalog *cat;
} take;

/* The stored document, with the area it was ingested with (the
 * catalogue's own copy of the name: the textdoc does not own it). */
static int take_doc(void *ud, const ct_docinfo *di)
{
    take *t = ud;
    int rc = ct_textdoc_set(t->d, di->name, di->text, di->text_len, di->pub);
    if (di->area && *di->area) t->d->area = ct_catalog_area(t->cat, di->area);
    return rc != CT_OK;
}

int ct_ingest_reextract(ct_ingest *g, long long id, ct_ingest_result *res, ct_error *err)
{
    ct_error_clear(err);
    result_clear(res);
    res->id = id;
    char key[32];
    snprintf(key, sizeof key, "%lld", id);
    ct_textdoc d;
    memset(&d, 0, sizeof d);
    take t = {&d, g->cat};
    int rc = ct_store_doc_get(g->st, key, take_doc, &t, err);
    if (rc == CT_OK && (!d.name || d.text.oom))
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    if (rc != CT_OK) {
        res->stage = CT_INGEST_READ;
        g->total.failed++;
        ct_textdoc_free(&d);
        return rc;
    }
    snprintf(res->name, sizeof res->name, "%s", d.name);
    rc = ct_textdoc_extract(g->cat, &d, err);
    if (rc != CT_OK) {
        res->stage = CT_INGEST_EXTRACT;
        g->total.failed++;
    } else {
        rc = put_doc(g, &d, NULL, NULL, id, res, err);
    }
    ct_textdoc_free(&d);
    return rc;
}

/* ---- imported rows ------------------------------------------------------------- */

/* Rows i.. of im's document im->rows[i].doc: its text (the rows, in order)
 * in text, each row's offset in off[]. */
static int group_text(const ct_import *im, size_t i, const int *done, long long *off, ct_buf *text)
{
    for (size_t j = i; j < im->n; j++)
        if (!done[j] && !strcmp(im->rows[j].doc, im->rows[i].doc)) {
            off[j] = (long long)text->len;
            ct_buf_append(text, im->rows[j].raw, im->rows[j].raw_len);
        }
    return text->oom ? CT_ENOMEM : CT_OK;
}

/* Store the group of rows starting at i as one new document. */
static int put_group(ct_ingest *g, ct_import *im, size_t i, int *done, const long long *off,
                     const ct_docinfo *proto, ct_ingest_counts *c, ct_error *err)
{
    ct_docinfo d = *proto;
    ct_ingest_result res;
    result_clear(&res);
    int marked, rc = open_doc(g, &marked, err);
    if (rc == CT_OK) rc = ct_store_doc_add(g->st, &d, err);
    for (size_t j = i; j < im->n && rc == CT_OK; j++) {
        if (done[j] || strcmp(im->rows[j].doc, im->rows[i].doc)) continue;
        ct_record *r = &im->rows[j].rec;
        if (!r->span[1]) { /* no span given: the row in the stored text */
            r->span[0] = r->value_span[0] = off[j];
            r->span[1] = r->value_span[1] = off[j] + (long long)im->rows[j].raw_len - 1;
        }
        rc = ct_store_record_add(g->st, d.id, r, err);
        count_record(&res, r);
    }
    if ((rc = close_doc(g, rc, marked, d.id, err)) != CT_OK) return rc;
    for (size_t j = i; j < im->n; j++)
        if (!strcmp(im->rows[j].doc, im->rows[i].doc)) done[j] = 1;
    if (c) {
        c->docs++;
        c->obs += res.nobs + res.ntargets;
    }
    return stored(g, &res, err);
}

int ct_ingest_rows(ct_ingest *g, ct_import *im, const char *source, ct_ingest_counts *c,
                   ct_error *err)
{
    ct_error_clear(err);
    int rc = CT_OK;
    int *done = ct__calloc(im->n + 1, sizeof *done);
    long long *off = ct__malloc((im->n + 1) * sizeof *off);
    if (!done || !off) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    for (size_t i = 0; i < im->n && rc == CT_OK; i++) {
        if (done[i]) continue;
        ct_buf text;
        ct_buf_init(&text);
        if (group_text(im, i, done, off, &text) != CT_OK) {
            ct_buf_free(&text);
            rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
            break;
        }
        ct_docinfo d;
        memset(&d, 0, sizeof d);
        d.name = im->rows[i].doc;
        d.source = im->rows[i].source ? im->rows[i].source : source;
        d.pub = im->rows[i].pub;
        d.text = text.data ? text.data : "";
        d.text_len = text.len;
        ct_store_hash(d.text, d.text_len, d.sha256);
        ct_ingest_result res;
        result_clear(&res);
        rc = find_same(g, d.sha256, &res, err);
        if (rc == CT_OK) {
            if (c) c->same++;
            for (size_t j = i; j < im->n; j++)
                if (!strcmp(im->rows[j].doc, im->rows[i].doc)) done[j] = 1;
        } else if (rc == CT_ENOENT) {
            ct_error_clear(err);
            rc = put_group(g, im, i, done, off, &d, c, err);
        }
        ct_buf_free(&text);
    }
    ct__free(off);
    ct__free(done);
    return rc;
}
