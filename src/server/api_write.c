/* api_write.c — the API's writes: POST /api/documents (a text, extracted
 * outside the write lock, then stored by the library's ingest session),
 * POST /api/import (rows of CSV or JSON Lines), DELETE /api/documents/ID.
 *
 * Writes run one at a time (srv.writing), each in one transaction held by
 * an ingest session: a posted document and its records are stored whole
 * or not at all, and a text stored already (same SHA-256) is answered with
 * the stored one, so a retried POST never stores a document twice.
 * dry_run=1 writes nothing and takes no lock for its check: the documents
 * that would be stored are checked as fresh ones after the stored (the
 * findings the write would give). */
#include "api_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Bodies of POST /api/documents: the text itself (text/plain, with name,
 * published and source as query arguments) or a JSON object with text,
 * name, published, source. */
typedef struct upload {
    const char *text;
    size_t len;
    char name[128], source[256];
    char area[128]; /* area=, as written (resolved against the gazetteer later) */
    ct_date pub;
    json_t *json;
} upload;

/* Provenance: "token:NAME" in a source is the server's record of the
 * token that wrote. A source given with a request may name the writing
 * token itself, never another: NULL when src may be stored under who, else
 * why not. */
static const char *forged_mark(const char *src, const char *who)
{
    if (!src || strncasecmp(src, "token:", 6) || !strcmp(src + 6, who)) return NULL;
    return "source: 'token:NAME' is the server's record of the token that wrote; this request's "
           "token is another";
}

static int read_upload(const srv_req *rq, srv_resp *rs, upload *u)
{
    memset(u, 0, sizeof *u);
    const char *ct = rq->content_type ? rq->content_type : "";
    const char *name = srv_arg_get(rq, "name"), *pub = srv_arg_get(rq, "published"),
               *source = srv_arg_get(rq, "source"), *area = srv_arg_get(rq, "area");
    if (!strncasecmp(ct, "application/json", 16)) {
        json_error_t je;
        u->json = json_loadb(rq->body ? rq->body : "", rq->body_len, JSON_REJECT_DUPLICATES, &je);
        if (!u->json) {
            srv__fail(rs, 400, "body:%d:%d: %s", je.line, je.column, je.text);
            return -1;
        }
        if (!json_is_object(u->json)) {
            srv__fail(rs, 400, "body: expected a JSON object with \"text\"");
            return -1;
        }
        json_t *t = json_object_get(u->json, "text");
        if (!json_is_string(t)) {
            srv__fail(rs, 422, "body: \"text\" must be a string");
            return -1;
        }
        u->text = json_string_value(t);
        u->len = json_string_length(t);
        json_t *v;
        if ((v = json_object_get(u->json, "name")) && json_is_string(v))
            name = json_string_value(v);
        if ((v = json_object_get(u->json, "published")) && json_is_string(v))
            pub = json_string_value(v);
        if ((v = json_object_get(u->json, "source")) && json_is_string(v))
            source = json_string_value(v);
        if ((v = json_object_get(u->json, "area")) && json_is_string(v))
            area = json_string_value(v);
    } else if (!*ct || !strncasecmp(ct, "text/plain", 10) ||
               !strncasecmp(ct, "application/octet-stream", 24)) {
        /* a file's bytes as they are: the library detects format and
         * encoding (ct_doc_decode), which a browser cannot */
        u->text = rq->body ? rq->body : "";
        u->len = rq->body_len;
    } else {
        srv__fail(rs, 415,
                  "Content-Type %.60s: send text/plain, application/octet-stream or "
                  "application/json",
                  ct);
        return -1;
    }
    if (u->len == 0) {
        srv__fail(rs, 422, "empty document");
        return -1;
    }
    if (pub && *pub && ct_date_parse(pub, &u->pub)) {
        srv__fail(rs, 400, "published=%.20s: expected YYYY-MM-DD or YYYY-MM", pub);
        return -1;
    }
    if (name && *name) {
        if (srv__check_label("name", name, 1, rs)) return -1;
        snprintf(u->name, sizeof u->name, "%s", name);
    }
    if (source && *source) {
        if (srv__check_label("source", source, 0, rs)) return -1;
        const char *why = forged_mark(source, rs->who);
        if (why) {
            srv__fail(rs, 400, "%s", why);
            return -1;
        }
        snprintf(u->source, sizeof u->source, "%.255s", source);
    }
    if (area && *area) snprintf(u->area, sizeof u->area, "%.127s", area);
    return 0;
}

typedef struct named {
    const char *name;
    long long id;
    char sha[65];
} named;

static int on_named(void *ud, const ct_docinfo *di)
{
    named *n = ud;
    if (di->name && !strcmp(di->name, n->name)) { /* a name, not an id that looks like one */
        n->id = di->id;
        snprintf(n->sha, sizeof n->sha, "%s", di->sha256);
    }
    return 1;
}

/* A second document under a stored name would be a silent twin: two
 * "bao-cao-q1" with different figures. The same text again is fine (the
 * store answers with the stored one); other text under the name is
 * refused with 409, the stored document named. Returns 1 after an answer. */
static int name_taken(ct_store *st, const ct_textdoc *d, srv_resp *rs)
{
    named n = {d->name, 0, ""};
    ct_error err;
    int rc = ct_store_doc_get(st, d->name, on_named, &n, &err);
    if (rc != CT_OK || !n.id) return 0; /* none (CT_ENOENT), or let the write report it */
    char sha[65];
    ct_store_hash(d->text.data ? d->text.data : "", d->text.len, sha);
    if (!strcmp(sha, n.sha)) return 0;
    srv__fail(rs, 409,
              "name=%.100s: a different document of that name is stored (id %lld); give the new "
              "one another name, such as %.90s-2",
              d->name, n.id, d->name);
    return 1;
}

/* The end of a write made under s->writing in session g (rc its outcome
 * so far): a dry run is checked as if stored, then rolled back; else
 * committed, and the new documents checked after the lock is let go. The
 * findings of the judged documents go to out as a JSON array; changed
 * says new data was committed (the caches' generation moves). The ids
 * of the documents stored are copied to *ids (caller frees). */
static int end_write(srv *s, ct_store *st, srv_resp *rs, ct_ingest *g, int rc, int dry,
                     long long **ids, size_t *nids, ct_json *out, ct_error *err)
{
    size_t n = 0;
    const long long *v = g ? ct_ingest_ids(g, &n) : NULL;
    *ids = NULL;
    *nids = 0;
    if (n && !(*ids = malloc(n * sizeof **ids)))
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    if (*ids) memcpy(*ids, v, n * sizeof **ids), *nids = n;
    ct_check_opts co = {.judged = *ids, .njudged = *nids};
    if (rc == CT_OK && dry) {
        /* nothing was written (the session is dry): the documents are
         * checked as fresh ones, as `chitieu check FILE` does, with no
         * lock held however long the check */
        pthread_mutex_unlock(&s->writing);
        size_t nf;
        const ct_textdoc *fresh = ct_ingest_fresh(g, &nf);
        ct_check_opts fo = {.fresh = fresh, .nfresh = nf, .fresh_last = 1};
        rc = nf ? srv__findings_json(s, st, &fo, NULL, out, err, NULL)
                : (ct_json_arr(out), ct_json_end(out), CT_OK);
        ct_ingest_free(g);
        return rc;
    } else if (rc == CT_OK) {
        rc = ct_ingest_commit(g, NULL, err);
    } else if (g) {
        ct_ingest_rollback(g);
    }
    if (rc == CT_OK && *nids && !dry) {
        rs->changed = 1;
        atomic_fetch_add(&s->gen, 1);
    }
    ct_ingest_free(g);
    pthread_mutex_unlock(&s->writing);
    if (rc == CT_OK && !dry)
        rc = *nids ? srv__findings_json(s, st, &co, NULL, out, err, NULL)
                   : (ct_json_arr(out), ct_json_end(out), CT_OK);
    return rc;
}

/* Begin a write: the lock, and a session holding one transaction (a dry
 * one writes nothing and opens none). */
static int begin_write(srv *s, ct_store *st, int dry, ct_ingest **g, ct_error *err)
{
    ct_ingest_opts io = {.hold = 1, .dry = dry};
    pthread_mutex_lock(&s->writing);
    return ct_ingest_new(st, s->cat, &io, g, err);
}

/* key and an array written already in b ([] when b is empty). */
static void raw_array(ct_json *j, const char *key, const ct_buf *b)
{
    ct_json_key(j, key);
    ct_json_raw(j, b->data ? b->data : "[]", b->data ? b->len : 2);
}

/* The records of a document extracted but not stored, as JSON. */
static void dry_doc_json(ct_json *j, const ct_textdoc *d, const char *sha)
{
    ct_json_obj(j);
    ct_json_key(j, "id");
    ct_json_null(j);
    ct_json_kstr(j, "name", d->name);
    ct_json_kstr(j, "sha256", sha);
    ct_json_key(j, "records");
    ct_json_arr(j);
    for (size_t k = 0; k < d->nrecs; k++) {
        ct_json_obj(j);
        ct_render_json_fields(j, &d->recs[k], d->name, 0);
        ct_json_end(j);
    }
    ct_json_end(j);
    ct_json_end(j);
}

/* The answer to a POSTed document: stored (or found), with its findings
 * (a JSON array, written already). */
static void doc_answer(srv *s, ct_store *st, srv_resp *rs, const ct_textdoc *d, const char *sha,
                       long long id, int fresh, int dry, const ct_buf *findings)
{
    ct_json j;
    srv__ok_json(rs, fresh && !dry ? 201 : 200, &j);
    ct_json_obj(&j);
    ct_json_kbool(&j, "stored", fresh && !dry);
    ct_json_kbool(&j, "dry_run", dry);
    ct_json_key(&j, "document");
    ct_error err;
    if (dry) {
        /* the records as extracted: nothing in the database to point at */
        dry_doc_json(&j, d, sha);
    } else {
        srv_docref r;
        memset(&r, 0, sizeof r);
        if (srv__get_doc(st, id, &r, &err) != CT_OK ||
            srv__doc_json(s, st, &r, NULL, &j, &err) != CT_OK) {
            srv__keep_err(rs, &err);
            return;
        }
    }
    raw_array(&j, "findings", findings);
    ct_json_end(&j);
    ct_json_nl(&j);
}

void srv__post_document(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    if (srv__authorize(s, st, rq, rs, 1)) return;
    upload u;
    int dry, replace;
    if (srv__flag(rq, "dry_run", &dry, rs) || srv__flag(rq, "replace", &replace, rs)) return;
    if (read_upload(rq, rs, &u)) {
        json_decref(u.json);
        return;
    }
    if (replace && !u.name[0]) {
        srv__fail(rs, 400, "replace=1 needs name= (the document it replaces)");
        json_decref(u.json);
        return;
    }
    char sha[65];
    ct_store_hash(u.text, u.len, sha);
    if (!u.name[0]) snprintf(u.name, sizeof u.name, "upload-%.12s", sha);
    if (!u.source[0]) snprintf(u.source, sizeof u.source, "token:%s", rs->who);
    /* extract first, outside the write lock: it is the CPU's work */
    ct_textdoc d;
    memset(&d, 0, sizeof d);
    ct_error err;
    ct_doc raw;
    memset(&raw, 0, sizeof raw);
    int rc = CT_OK;
    if (!u.json) {
        /* bytes as sent (a file): its format and encoding are the
         * library's to detect, so that a TCVN3 text is not stored garbled */
        rc = ct_doc_decode(u.text, u.len, u.name, NULL, &raw, &err);
        if (rc != CT_OK) {
            if (rc == CT_ENOMEM)
                srv__fail(rs, 503, "out of memory");
            else if (err.offset >= 0) /* where it went wrong, as before decoding */
                srv__fail(rs, 422, "body:%lld: %s", err.offset, err.msg);
            else
                srv__fail(rs, 422, "body: %s", err.msg[0] ? err.msg : "not a document read");
            ct_doc_free(&raw);
            return;
        }
        u.text = raw.text.data ? raw.text.data : "";
        u.len = raw.text.len;
    }
    rc = ct_textdoc_set(&d, u.name, u.text, u.len, u.pub);
    ct_doc_free(&raw);
    json_decref(u.json);
    if (rc == CT_OK && !replace && name_taken(st, &d, rs)) {
        ct_textdoc_free(&d);
        return;
    }
    if (rc != CT_OK) {
        srv__fail(rs, 503, "out of memory");
        ct_textdoc_free(&d);
        return;
    }
    if (u.area[0] && !(d.area = ct_catalog_area(s->cat, u.area))) {
        srv__fail(rs, 400, "area=%.60s: not an area of the gazetteer (GET /api/areas)", u.area);
        ct_textdoc_free(&d);
        return;
    }
    rc = ct_textdoc_extract(s->cat, &d, &err);
    if (rc != CT_OK) {
        if (rc == CT_EUTF8 || rc == CT_EBINARY)
            srv__fail(rs, 422, "body:%lld: %s", err.offset,
                      rc == CT_EBINARY ? "binary data (NUL byte), not text" : "invalid UTF-8");
        else
            srv__keep_err(rs, &err);
        ct_textdoc_free(&d);
        return;
    }
    ct_ingest *g = NULL;
    ct_ingest_result res;
    memset(&res, 0, sizeof res);
    rc = begin_write(s, st, dry, &g, &err);
    /* replace=1: the new version of the document of that name (ingest.h) */
    if (rc == CT_OK)
        rc = replace ? ct_ingest_replace(g, d.name, d.text.data ? d.text.data : "", d.text.len,
                                         d.pub, u.source, rs->who, &res, &err)
                     : ct_ingest_doc(g, &d, u.source, &res, &err);
    long long *ids = NULL, id = res.id;
    size_t nids = 0;
    ct_buf out; /* the findings array */
    ct_buf_init(&out);
    ct_json oj;
    ct_json_init(&oj, &out);
    if (rc == CT_OK && res.same) {
        /* stored already: the findings of the stored document */
        ct_ingest_free(g);
        pthread_mutex_unlock(&s->writing);
        ct_check_opts co = {.judged = &id, .njudged = 1};
        rc = srv__findings_json(s, st, &co, NULL, &oj, &err, NULL);
    } else {
        rc = end_write(s, st, rs, g, rc, dry, &ids, &nids, &oj, &err);
    }
    if (rc == CT_ENOENT && replace)
        srv__fail(rs, 404, "%s", err.msg);
    else if (rc == CT_EINVAL && replace)
        srv__fail(rs, 409, "%s", err.msg);
    else if (rc != CT_OK)
        srv__keep_err(rs, &err);
    else
        doc_answer(s, st, rs, &d, sha, id, !res.same, dry, &out);
    free(ids);
    ct_buf_free(&out);
    ct_textdoc_free(&d);
}

typedef struct bad {
    ct_json j; /* the refused rows, an array */
    long n;
} bad;

static void on_bad(void *ud, long line, const char *why)
{
    bad *x = ud;
    if (x->n++ >= 100) return;
    ct_json_obj(&x->j);
    ct_json_kll(&x->j, "line", line);
    ct_json_kstr(&x->j, "why", why);
    ct_json_end(&x->j);
}

/* csv=, or the Content-Type: 1 CSV, 0 JSON Lines, -1 after an error answer. */
static int import_format(const srv_req *rq, srv_resp *rs)
{
    const char *fmt = srv_arg_get(rq, "format"), *ct = rq->content_type ? rq->content_type : "";
    if (fmt && *fmt) {
        if (!strcmp(fmt, "csv")) return 1;
        if (!strcmp(fmt, "jsonl")) return 0;
        srv__fail(rs, 400, "format=%.20s: expected csv or jsonl", fmt);
        return -1;
    }
    if (!strncasecmp(ct, "text/csv", 8)) return 1;
    if (!strncasecmp(ct, "application/x-ndjson", 20) || !strncasecmp(ct, "application/jsonl", 17) ||
        !strncasecmp(ct, "application/json", 16))
        return 0;
    srv__fail(rs, 415, "Content-Type %.60s: send text/csv or application/x-ndjson (or format=)",
              *ct ? ct : "(none)");
    return -1;
}

/* The rows refused: a 422 with them inside the error object. */
static void refuse_rows(srv_resp *rs, const ct_import *im, const ct_buf *bads, long forged)
{
    char msg[160];
    if (forged)
        snprintf(msg, sizeof msg, "%ld row%s name%s another token as source: nothing stored",
                 forged, forged == 1 ? "" : "s", forged == 1 ? "s" : "");
    else
        snprintf(msg, sizeof msg, "%ld bad row%s: nothing stored (skip_bad=1 stores the others)",
                 im->bad, im->bad == 1 ? "" : "s");
    ct_json j;
    srv__fail_open(rs, &j, 422, msg);
    raw_array(&j, "rows", bads);
    ct_json_end(&j);
    ct_json_end(&j);
    ct_json_nl(&j);
}

static void import_answer(srv_resp *rs, const ct_ingest_counts *c, const ct_import *im, int dry,
                          const long long *ids, size_t nids, const ct_buf *bads,
                          const ct_buf *findings)
{
    ct_json j;
    srv__ok_json(rs, c->docs && !dry ? 201 : 200, &j);
    ct_json_obj(&j);
    ct_json_kbool(&j, "dry_run", dry);
    ct_json_kll(&j, "documents", c->docs);
    ct_json_kll(&j, "records", c->obs);
    ct_json_kll(&j, "unchanged", c->same);
    ct_json_kll(&j, "bad", im->bad);
    ct_json_key(&j, "doc_ids");
    ct_json_arr(&j);
    for (size_t i = 0; i < nids && !dry; i++)
        ct_json_ll(&j, ids[i]);
    ct_json_end(&j);
    raw_array(&j, "bad_rows", bads);
    raw_array(&j, "findings", findings);
    ct_json_end(&j);
    ct_json_nl(&j);
}

void srv__post_import(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    if (srv__authorize(s, st, rq, rs, 1)) return;
    int csv = import_format(rq, rs);
    if (csv < 0) return;
    const char *body = rq->body ? rq->body : "";
    size_t vl = ct_utf8_valid_prefix(body, rq->body_len);
    if (vl != rq->body_len) {
        srv__fail(rs, 422, "body:%zu: invalid UTF-8", vl);
        return;
    }
    int dry, skip;
    if (srv__flag(rq, "dry_run", &dry, rs) || srv__flag(rq, "skip_bad", &skip, rs)) return;
    char sha[65], doc[64], source[128];
    ct_store_hash(body, rq->body_len, sha);
    const char *dn = srv_arg_get(rq, "doc");
    if (dn && *dn && srv__check_label("doc", dn, 1, rs)) return;
    if (dn && strlen(dn) > 60) {
        srv__fail(rs, 400, "doc: at most 60 bytes");
        return;
    }
    snprintf(doc, sizeof doc, "%s", dn && *dn ? dn : "");
    if (!doc[0]) snprintf(doc, sizeof doc, "import-%.12s", sha);
    snprintf(source, sizeof source, "token:%s", rs->who);
    ct_buf bads;
    ct_buf_init(&bads);
    bad bx;
    memset(&bx, 0, sizeof bx);
    ct_json_init(&bx.j, &bads);
    ct_json_arr(&bx.j);
    ct_import im;
    memset(&im, 0, sizeof im);
    int rc = ct_import_read(s->cat, body, rq->body_len, csv, doc, on_bad, &bx, &im);
    /* a row may not pass for another token's writing, skip_bad or not */
    long forged = 0;
    for (size_t i = 0; rc == CT_OK && i < im.n; i++) {
        const char *why = forged_mark(im.rows[i].source, rs->who);
        if (why) {
            on_bad(&bx, im.rows[i].line, why);
            forged++;
        }
    }
    im.bad += forged;
    ct_json_end(&bx.j);
    if (rc != CT_OK || bads.oom) {
        srv__fail(rs, 503, "out of memory");
    } else if ((im.bad && !skip) || forged) {
        refuse_rows(rs, &im, &bads, forged);
    } else if (im.n == 0) {
        srv__fail(rs, 422, "no rows");
    } else {
        ct_error err;
        ct_ingest_counts c = {0, 0, 0, 0, 0};
        long long *ids = NULL;
        size_t nids = 0;
        ct_buf out;
        ct_buf_init(&out);
        ct_json oj;
        ct_json_init(&oj, &out);
        ct_ingest *g = NULL;
        rc = begin_write(s, st, dry, &g, &err);
        if (rc == CT_OK) rc = ct_ingest_rows(g, &im, source, &c, &err);
        rc = end_write(s, st, rs, g, rc, dry, &ids, &nids, &oj, &err);
        if (rc != CT_OK)
            srv__keep_err(rs, &err);
        else
            import_answer(rs, &c, &im, dry, ids, nids, &bads, &out);
        free(ids);
        ct_buf_free(&out);
    }
    ct_buf_free(&bads);
    ct_import_free(&im);
}

void srv__delete_document(srv *s, ct_store *st, const srv_req *rq, const char *key, srv_resp *rs)
{
    if (srv__authorize(s, st, rq, rs, 2)) return;
    srv_docref r;
    memset(&r, 0, sizeof r);
    if (srv__find_doc(st, key, &r, rs)) return;
    ct_error err;
    pthread_mutex_lock(&s->writing);
    int rc = ct_store_begin(st, &err);
    if (rc == CT_OK) rc = ct_store_doc_delete(st, r.id, &err);
    if (rc == CT_OK)
        rc = ct_store_commit(st, &err);
    else
        ct_store_rollback(st);
    if (rc == CT_OK) {
        rs->changed = 1;
        atomic_fetch_add(&s->gen, 1);
    }
    pthread_mutex_unlock(&s->writing);
    if (rc == CT_ENOENT) {
        srv__fail(rs, 404, "no document '%.120s'", key);
    } else if (rc != CT_OK) {
        srv__keep_err(rs, &err);
    } else {
        ct_json j;
        srv__ok_json(rs, 200, &j);
        ct_json_obj(&j);
        ct_json_kll(&j, "deleted", r.id);
        ct_json_kstr(&j, "name", r.name);
        ct_json_end(&j);
        ct_json_nl(&j);
    }
}
