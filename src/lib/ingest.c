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
#include "review_int.h"

#include <stdio.h>
#include <stdlib.h>
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
    int dry;
    ct_textdoc *fresh; /* dry: the documents that would be stored */
    char (*fresh_sha)[65];
    size_t nfresh, capfresh;
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
    ct_extract_opts o = {
        .pub_year = d->pub.y, .pub_month = d->pub.m, .pub_day = d->pub.d, .area = d->area};
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

static void count_record(ct_ingest_result *res, const ct_record *r);

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
    g->dry = opts ? opts->dry : 0;
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
    for (size_t i = 0; i < g->nfresh; i++)
        ct_textdoc_free(&g->fresh[i]);
    ct__free(g->fresh);
    ct__free(g->fresh_sha);
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

const ct_textdoc *ct_ingest_fresh(const ct_ingest *g, size_t *n)
{
    *n = g->nfresh;
    return g->fresh;
}

/* Dry: keep a copy of the document that would be stored (name, text,
 * publication, area, records). */
static int keep_fresh(ct_ingest *g, const char *name, const char *text, size_t len, ct_date pub,
                      const char *area, const ct_record *recs, size_t nrecs, const char *sha,
                      ct_ingest_result *res, ct_error *err)
{
    if (g->nfresh == g->capfresh) {
        size_t cap = g->capfresh ? g->capfresh * 2 : 8;
        ct_textdoc *v = ct__realloc(g->fresh, cap * sizeof *v);
        if (v) g->fresh = v;
        char(*h)[65] = v ? ct__realloc(g->fresh_sha, cap * sizeof *h) : NULL;
        if (!h) return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
        g->fresh_sha = h;
        g->capfresh = cap;
    }
    ct_textdoc *d = &g->fresh[g->nfresh];
    memset(d, 0, sizeof *d);
    int rc = ct_textdoc_set(d, name, text, len, pub);
    d->area = area;
    if (rc == CT_OK && nrecs && !(d->recs = ct__malloc(nrecs * sizeof *d->recs))) rc = CT_ENOMEM;
    if (rc != CT_OK) {
        ct_textdoc_free(d);
        return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    }
    if (nrecs) memcpy(d->recs, recs, nrecs * sizeof *d->recs);
    d->nrecs = d->cap = nrecs;
    memcpy(g->fresh_sha[g->nfresh], sha, 65);
    g->nfresh++;
    for (size_t k = 0; k < nrecs; k++)
        count_record(res, &recs[k]);
    g->pend_docs++;
    g->pend_obs += res->nobs;
    g->pend_targets += res->ntargets;
    return CT_OK;
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
    /* the lookup of sha ran before the write lock when no transaction was
     * open: another process may have stored the text since; ask again under
     * the lock, whose answer holds until commit */
    int fresh = !g->in_tx && sha && !reuse_id;
    int marked, rc = open_doc(g, &marked, err);
    if (rc == CT_OK && fresh) {
        long long id;
        rc = ct_store_doc_find(g->st, sha, &id, err);
        if (rc == CT_OK && (rc = ct_store_release(g->st, err)) == CT_OK) {
            res->id = id;
            res->same = 1;
            g->total.same++;
            return CT_OK;
        }
        if (rc == CT_ENOENT) {
            ct_error_clear(err);
            rc = CT_OK;
        }
    }
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
    int rc = g->hold && !g->dry ? begin(g, err) : CT_OK;
    for (size_t i = 0; i < g->nfresh && rc == CT_OK; i++)
        if (!strcmp(g->fresh_sha[i], sha)) { /* dry: kept already in this session */
            res->same = 1;
            g->total.same++;
            return CT_OK;
        }
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

/* put_doc, or in a dry session the document kept instead (its sha known:
 * never a re-extraction) */
static int put_or_keep(ct_ingest *g, const ct_textdoc *d, const char *source, const char *sha,
                       ct_ingest_result *res, ct_error *err)
{
    if (!g->dry) return put_doc(g, d, source, sha, 0, res, err);
    return keep_fresh(g, d->name, d->text.data ? d->text.data : "", d->text.len, d->pub, d->area,
                      d->recs, d->nrecs, sha, res, err);
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
    return put_or_keep(g, d, source, sha, res, err);
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
        rc = put_or_keep(g, &d, source, sha, res, err);
    }
    ct_textdoc_free(&d);
    return rc;
}

typedef struct current {
    long long id, replaced_by;
    char name[128], area[64];
    ct_date pub;
    int hit;
} current;

static int take_current(void *ud, const ct_docinfo *d)
{
    current *c = ud;
    c->id = d->id;
    snprintf(c->name, sizeof c->name, "%s", d->name);
    snprintf(c->area, sizeof c->area, "%s", d->area ? d->area : "");
    c->pub = d->pub;
    c->hit = 1;
    return 1;
}

static int version_of(void *ud, const ct_version *v)
{
    current *c = ud;
    if (v->id == c->id) c->replaced_by = v->replaced_by;
    return 0;
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
    if (g->dry) return ct_error_set(err, CT_EINVAL, -1, 0, "a dry run cannot re-extract");
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
    /* an old version keeps no records: nothing to extract */
    current c = {.id = id};
    if (ct_store_schema_version(g->st) >= 6) {
        rc = ct_store_doc_versions(g->st, d.name, version_of, &c, err);
        if (rc == CT_OK && c.replaced_by) {
            res->same = 1;
            g->total.same++;
            ct_textdoc_free(&d);
            return CT_OK;
        }
        if (rc != CT_OK) {
            res->stage = CT_INGEST_READ;
            g->total.failed++;
            ct_textdoc_free(&d);
            return rc;
        }
    }
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

/* ---- a new version of a stored document ---------------------------------------- */

/* The document named key (name or id) and, from schema 6, what replaced it. */
static int find_current(ct_ingest *g, const char *key, current *c, ct_error *err)
{
    memset(c, 0, sizeof *c);
    int rc = ct_store_doc_get(g->st, key, take_current, c, err);
    if (rc == CT_OK && ct_store_schema_version(g->st) >= 6)
        rc = ct_store_doc_versions(g->st, c->name, version_of, c, err);
    return rc;
}

int ct_ingest_replace(ct_ingest *g, const char *key, const char *text, size_t len, ct_date pub,
                      const char *source, const char *who, ct_ingest_result *res, ct_error *err)
{
    ct_error_clear(err);
    result_clear(res);
    res->stage = CT_INGEST_STORE;
    current old;
    int rc = begin(g, err); /* the document replaced must be the truth at commit */
    if (rc == CT_OK) rc = find_current(g, key, &old, err);
    if (rc == CT_ENOENT) {
        g->total.failed++;
        return ct_error_set(err, CT_ENOENT, -1, 0, "no document '%s' to replace", key);
    }
    if (rc == CT_OK && old.replaced_by)
        rc = ct_error_set(err, CT_EINVAL, -1, 0,
                          "document %lld is an old version (replaced by %lld): replace %s", old.id,
                          old.replaced_by, old.name);
    if (rc != CT_OK) {
        g->total.failed++;
        return rc;
    }
    snprintf(res->name, sizeof res->name, "%s", old.name);
    char sha[65];
    ct_store_hash(text ? text : "", len, sha);
    long long same_id = 0;
    rc = ct_store_doc_find(g->st, sha, &same_id, err);
    if (rc == CT_OK) {
        if (same_id == old.id) { /* the text stored already: nothing to replace */
            res->id = old.id;
            res->same = 1;
            res->stage = 0;
            g->total.same++;
            return CT_OK;
        }
        g->total.failed++;
        return ct_error_set(err, CT_EINVAL, -1, 0, "this text is stored already, as document %lld",
                            same_id);
    }
    if (rc != CT_ENOENT) {
        g->total.failed++;
        return rc;
    }
    ct_error_clear(err);
    ct_textdoc d;
    memset(&d, 0, sizeof d);
    rc = ct_textdoc_set(&d, old.name, text, len, pub.y ? pub : old.pub);
    d.area = g->area ? g->area : old.area[0] ? ct_catalog_area(g->cat, old.area) : NULL;
    if (rc != CT_OK)
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    else
        rc = ct_textdoc_extract(g->cat, &d, err);
    if (rc != CT_OK) {
        res->stage = CT_INGEST_EXTRACT;
        g->total.failed++;
        ct_textdoc_free(&d);
        return rc;
    }
    int marked;
    rc = open_doc(g, &marked, err);
    ct_docinfo di;
    memset(&di, 0, sizeof di);
    di.name = d.name;
    di.source = source;
    di.pub = d.pub;
    di.area = d.area;
    di.text = d.text.data ? d.text.data : "";
    di.text_len = d.text.len;
    memcpy(di.sha256, sha, sizeof di.sha256);
    if (rc == CT_OK) rc = ct_store_doc_add(g->st, &di, err);
    for (size_t k = 0; k < d.nrecs && rc == CT_OK; k++) {
        rc = ct_store_record_add(g->st, di.id, &d.recs[k], err);
        count_record(res, &d.recs[k]);
    }
    /* the old version keeps its text, loses its records (the view holds
     * the current version) and hands its reviews over */
    if (rc == CT_OK) rc = ct_store_doc_replace(g->st, old.id, di.id, who, err);
    if (rc == CT_OK) rc = ct_store_doc_clear(g->st, old.id, err);
    if (rc == CT_OK)
        rc = ct_review_carry(g->st, g->cat, old.id, di.id, NULL, NULL, &res->reviews_lost, err);
    if (rc == CT_OK) ct__review_test_pause(); /* the whole replacement written, not committed */
    ct_textdoc_free(&d);
    if ((rc = close_doc(g, rc, marked, di.id, err)) != CT_OK) {
        res->nobs = res->ntargets = 0;
        g->total.failed++;
        return rc;
    }
    res->stage = 0;
    res->id = di.id;
    res->replaced = old.id;
    return stored(g, res, err);
}

/* ---- imported rows ------------------------------------------------------------- */

/* Rows are grouped by their doc through an index sorted by (doc, row):
 * each group is a run of it, in input order, and groups are stored in the
 * order of their first rows, so that n rows in m documents cost n log n,
 * not a scan of every row per document. */
typedef struct row_ref {
    const char *doc;
    size_t row;
} row_ref;

typedef struct groups {
    const ct_import *im;
    row_ref *by_doc; /* rows sorted by (doc, row) */
    size_t *start;   /* group k (in order of first rows) is by_doc[start[k] .. end[k]) */
    size_t *end;
    size_t n;
} groups;

static int cmp_ref(const void *pa, const void *pb)
{
    const row_ref *a = pa, *b = pb;
    int c = strcmp(a->doc, b->doc);
    return c ? c : a->row < b->row ? -1 : a->row > b->row;
}

typedef struct group_ref {
    size_t row, at, end;
} group_ref;

static int cmp_group(const void *pa, const void *pb)
{
    const group_ref *a = pa, *b = pb;
    return a->row < b->row ? -1 : a->row > b->row;
}

static int groups_make(const ct_import *im, groups *gr)
{
    memset(gr, 0, sizeof *gr);
    gr->im = im;
    gr->by_doc = ct__malloc((im->n + 1) * sizeof *gr->by_doc);
    group_ref *v = ct__malloc((im->n + 1) * sizeof *v);
    gr->start = ct__malloc((im->n + 1) * sizeof *gr->start);
    gr->end = ct__malloc((im->n + 1) * sizeof *gr->end);
    if (!gr->by_doc || !v || !gr->start || !gr->end) {
        ct__free(v);
        return CT_ENOMEM;
    }
    for (size_t i = 0; i < im->n; i++)
        gr->by_doc[i] = (row_ref){im->rows[i].doc, i};
    if (im->n) qsort(gr->by_doc, im->n, sizeof *gr->by_doc, cmp_ref);
    for (size_t i = 0; i < im->n; i++) {
        if (i && !strcmp(gr->by_doc[i - 1].doc, gr->by_doc[i].doc)) continue;
        if (gr->n) v[gr->n - 1].end = i;
        v[gr->n++] = (group_ref){gr->by_doc[i].row, i, im->n};
    }
    if (gr->n) qsort(v, gr->n, sizeof *v, cmp_group);
    for (size_t k = 0; k < gr->n; k++)
        gr->start[k] = v[k].at, gr->end[k] = v[k].end;
    ct__free(v);
    return CT_OK;
}

static void groups_free(groups *gr)
{
    ct__free(gr->by_doc);
    ct__free(gr->start);
    ct__free(gr->end);
}

/* Group k's text (its rows, in order), each row's offset in off[]. */
static int group_text(const groups *gr, size_t k, long long *off, ct_buf *text)
{
    for (size_t x = gr->start[k]; x < gr->end[k]; x++) {
        size_t j = gr->by_doc[x].row;
        off[j] = (long long)text->len;
        ct_buf_append(text, gr->im->rows[j].raw, gr->im->rows[j].raw_len);
    }
    return text->oom ? CT_ENOMEM : CT_OK;
}

/* A row's span when none was given: the row in the stored text. */
static void place_row(ct_import *im, size_t j, const long long *off)
{
    ct_record *r = &im->rows[j].rec;
    if (!r->span[1]) {
        r->span[0] = r->value_span[0] = off[j];
        r->span[1] = r->value_span[1] = off[j] + (long long)im->rows[j].raw_len - 1;
    }
}

static int put_group_dry(ct_ingest *g, ct_import *im, const groups *gr, size_t k,
                         const long long *off, const ct_docinfo *d, ct_ingest_counts *c,
                         ct_error *err)
{
    size_t n = gr->end[k] - gr->start[k];
    ct_record *v = ct__malloc((n ? n : 1) * sizeof *v);
    if (!v) return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    for (size_t x = 0; x < n; x++) {
        size_t j = gr->by_doc[gr->start[k] + x].row;
        place_row(im, j, off);
        v[x] = im->rows[j].rec;
    }
    ct_ingest_result res;
    result_clear(&res);
    int rc = keep_fresh(g, d->name, d->text, d->text_len, d->pub, NULL, v, n, d->sha256, &res, err);
    ct__free(v);
    if (rc == CT_OK && c) {
        c->docs++;
        c->obs += res.nobs + res.ntargets;
    }
    return rc;
}

/* Store group k as one new document. */
static int put_group(ct_ingest *g, ct_import *im, const groups *gr, size_t k, const long long *off,
                     const ct_docinfo *proto, ct_ingest_counts *c, ct_error *err)
{
    ct_docinfo d = *proto;
    ct_ingest_result res;
    result_clear(&res);
    if (g->dry) return put_group_dry(g, im, gr, k, off, proto, c, err);
    int marked, rc = open_doc(g, &marked, err);
    if (rc == CT_OK) rc = ct_store_doc_add(g->st, &d, err);
    for (size_t x = gr->start[k]; x < gr->end[k] && rc == CT_OK; x++) {
        size_t j = gr->by_doc[x].row;
        ct_record *r = &im->rows[j].rec;
        place_row(im, j, off);
        rc = ct_store_record_add(g->st, d.id, r, err);
        count_record(&res, r);
    }
    if ((rc = close_doc(g, rc, marked, d.id, err)) != CT_OK) return rc;
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
    groups gr;
    long long *off = ct__malloc((im->n + 1) * sizeof *off);
    if (groups_make(im, &gr) != CT_OK || !off)
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    for (size_t k = 0; k < gr.n && rc == CT_OK; k++) {
        size_t i = gr.by_doc[gr.start[k]].row;
        ct_buf text;
        ct_buf_init(&text);
        if (group_text(&gr, k, off, &text) != CT_OK) {
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
        } else if (rc == CT_ENOENT) {
            ct_error_clear(err);
            rc = put_group(g, im, &gr, k, off, &d, c, err);
        }
        ct_buf_free(&text);
    }
    groups_free(&gr);
    ct__free(off);
    return rc;
}
