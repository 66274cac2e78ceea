/* store.c — the storage interface: picks the backend for a path or URL,
 * hashes document content, and forwards each call. Callers (ingest,
 * import, series, check, and later report and serve) use only this. */
#include "store_int.h"
#include "chitieu/text.h"
#include "alloc_int.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ct_store {
    const ct__store_ops *ops;
    void *impl;
};

int ct_store_is_url(const char *path)
{
    return path && (!strncmp(path, "postgres://", 11) || !strncmp(path, "postgresql://", 13));
}

int ct_store_open(const char *path, ct_store **out, ct_error *err)
{
    ct_error_clear(err);
    *out = NULL;
    if (!path || !*path) return ct_error_set(err, CT_EINVAL, -1, 0, "no database path");
    ct_store *st = ct__calloc(1, sizeof *st);
    if (!st) return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    st->ops = ct_store_is_url(path) ? &ct__store_pg : &ct__store_sqlite;
    int rc = st->ops->open(path, &st->impl, err);
    if (rc != CT_OK) {
        ct__free(st);
        return rc;
    }
    *out = st;
    return CT_OK;
}

void ct_store_close(ct_store *st)
{
    if (!st) return;
    st->ops->close(st->impl);
    ct__free(st);
}

int ct_store_schema_version(ct_store *st)
{
    return st->ops->schema_version(st->impl);
}

int ct_store_begin(ct_store *st, ct_error *err)
{
    return st->ops->begin(st->impl, err);
}

int ct_store_commit(ct_store *st, ct_error *err)
{
    return st->ops->commit(st->impl, err);
}

void ct_store_rollback(ct_store *st)
{
    st->ops->rollback(st->impl);
}

int ct_store_mark(ct_store *st, ct_error *err)
{
    return st->ops->mark(st->impl, err);
}

int ct_store_release(ct_store *st, ct_error *err)
{
    return st->ops->release(st->impl, err);
}

int ct_store_marks_max(ct_store *st)
{
    return st->ops->marks_max;
}

void ct_store_undo(ct_store *st)
{
    st->ops->undo(st->impl);
}

void ct_store_hash(const char *text, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!EVP_Digest(text, len, md, &n, EVP_sha256(), NULL)) n = 0;
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < n && i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[2 * (n < 32 ? n : 32)] = '\0';
}

int ct_store_doc_find(ct_store *st, const char *sha256, long long *id, ct_error *err)
{
    return st->ops->doc_find(st->impl, sha256, id, err);
}

int ct_store_doc_add(ct_store *st, ct_docinfo *d, ct_error *err)
{
    if (!d->name || !d->source || !d->text)
        return ct_error_set(err, CT_EINVAL, -1, 0, "document without name, source or text");
    if (!d->sha256[0]) ct_store_hash(d->text, d->text_len, d->sha256);
    return st->ops->doc_add(st->impl, d, err);
}

int ct_store_record_add(ct_store *st, long long doc_id, const ct_record *r, ct_error *err)
{
    if (!r->ind) return ct_error_set(err, CT_EINVAL, -1, 0, "record without indicator");
    return st->ops->record_add(st->impl, doc_id, r, err);
}

int ct_store_doc_clear(ct_store *st, long long doc_id, ct_error *err)
{
    return st->ops->doc_clear(st->impl, doc_id, err);
}

int ct_store_docs(ct_store *st, int with_text, ct_doc_fn fn, void *ud, ct_error *err)
{
    return st->ops->docs(st->impl, with_text, NULL, fn, ud, err);
}

int ct_store_key_id(const char *key, long long *id)
{
    const char *p = strncmp(key, "id:", 3) ? key : key + 3;
    if (!*p || strlen(p) > 18) return 0;
    for (const char *c = p; *c; c++)
        if (*c < '0' || *c > '9') return 0;
    *id = strtoll(p, NULL, 10);
    return 1;
}

const char *ct_store_label_why(const char *v, int name)
{
    size_t n = strlen(v);
    long long id;
    if (n > (name ? 100u : 255u)) return name ? "at most 100 bytes" : "at most 255 bytes";
    if (ct_utf8_valid_prefix(v, n) != n) return "not valid UTF-8";
    if (name && ct_store_key_id(v, &id))
        return "all digits (or id:DIGITS) is a document id, not a name";
    if (name && (!strcmp(v, ".") || !strcmp(v, ".."))) return "'.' and '..' are not names";
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0))
            return "no control characters";
        if (name && (*p == '/' || *p == '\\')) return "no '/' or '\\'";
    }
    return NULL;
}

int ct_store_doc_get(ct_store *st, const char *name_or_id, ct_doc_fn fn, void *ud, ct_error *err)
{
    return st->ops->docs(st->impl, 1, name_or_id, fn, ud, err);
}

int ct_store_records(ct_store *st, const ct_catalog *cat, const ct_obs_query *q, ct_obs_fn fn,
                     void *ud, ct_error *err)
{
    return st->ops->records(st->impl, cat, q, 0, 0, fn, ud, err);
}

int ct_store_records_in(ct_store *st, const ct_catalog *cat, const ct_obs_query *q, int from_month,
                        int to_month, ct_obs_fn fn, void *ud, ct_error *err)
{
    return st->ops->records(st->impl, cat, q, from_month, to_month, fn, ud, err);
}

int ct_store_doc_span(ct_store *st, long long doc_id, long long start, long long end, ct_buf *out,
                      ct_error *err)
{
    return st->ops->doc_span(st->impl, doc_id, start, end, out, err);
}

int ct__store_explain(ct_store *st, const char *what, ct_buf *out, ct_error *err)
{
    return st->ops->explain(st->impl, what, out, err);
}

int ct_store_indicators(ct_store *st, int (*fn)(void *ud, const char *code, long long n), void *ud,
                        ct_error *err)
{
    return st->ops->indicators(st->impl, fn, ud, err);
}

int ct_store_points(ct_store *st, const char *indicator, const char *area, int from_month,
                    int to_month, ct_point_fn fn, void *ud, ct_error *err)
{
    return st->ops->points(st->impl, indicator, area ? area : "", from_month, to_month, fn, ud,
                           err);
}

int ct_store_counts(ct_store *st, long long *docs, long long *obs, long long *targets,
                    ct_error *err)
{
    return st->ops->counts(st->impl, docs, obs, targets, err);
}

int ct_store_doc_delete(ct_store *st, long long doc_id, ct_error *err)
{
    ct_error_clear(err);
    return st->ops->doc_delete(st->impl, doc_id, err);
}

int ct_store_data_version(ct_store *st, long long *v, ct_error *err)
{
    ct_error_clear(err);
    return st->ops->data_version(st->impl, v, err);
}

int ct_token_new(char out[CT_TOKEN_SIZE], ct_error *err)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char r[33];
    ct_error_clear(err);
    if (RAND_bytes(r, sizeof r) != 1)
        return ct_error_set(err, CT_EIO, -1, 0, "no random bytes for a token");
    /* 256 bits in 43 characters (6 bits each; the last takes the rest) */
    size_t o = 0;
    memcpy(out, "ct_", 3);
    o = 3;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < 32; i++) {
        acc = (acc << 8) | r[i];
        bits += 8;
        while (bits >= 6) {
            out[o++] = b64[(acc >> (bits - 6)) & 63];
            bits -= 6;
        }
    }
    if (bits) out[o++] = b64[(acc << (6 - bits)) & 63];
    out[o] = '\0';
    OPENSSL_cleanse(r, sizeof r);
    return CT_OK;
}

int ct_store_token_add(ct_store *st, const char *name, const char *role, const char *hash,
                       ct_error *err)
{
    ct_error_clear(err);
    if (!name || !*name || strlen(name) > 64)
        return ct_error_set(err, CT_EINVAL, -1, 0, "a token needs a name (at most 64 bytes)");
    if (!role || (strcmp(role, "editor") && strcmp(role, "admin")))
        return ct_error_set(err, CT_EINVAL, -1, 0, "role '%s': expected editor or admin",
                            role ? role : "");
    if (!hash || strlen(hash) != 64) return ct_error_set(err, CT_EINVAL, -1, 0, "bad token hash");
    return st->ops->token_add(st->impl, name, role, hash, err);
}

int ct_store_token_find(ct_store *st, const char *hash, ct_token_fn fn, void *ud, ct_error *err)
{
    ct_error_clear(err);
    return st->ops->token_find(st->impl, hash, fn, ud, err);
}

int ct_store_tokens(ct_store *st, ct_token_fn fn, void *ud, ct_error *err)
{
    ct_error_clear(err);
    return st->ops->tokens(st->impl, fn, ud, err);
}

int ct_store_token_revoke(ct_store *st, const char *name, ct_error *err)
{
    ct_error_clear(err);
    return st->ops->token_revoke(st->impl, name, err);
}

int ct_store_review_put(ct_store *st, ct_review *r, long long doc_id, long long hide_obs,
                        const ct_record *rec, ct_error *err)
{
    if (!r->doc || !r->indicator || !r->who || r->action < CT_REVIEW_ACCEPT ||
        r->action > CT_REVIEW_ADD)
        return ct_error_set(err, CT_EINVAL, -1, 0, "review without document, indicator or reviewer");
    if (rec && !rec->ind) return ct_error_set(err, CT_EINVAL, -1, 0, "record without indicator");
    return st->ops->review_put(st->impl, r, doc_id, hide_obs, rec, err);
}

int ct_store_review_detach(ct_store *st, long long id, ct_error *err)
{
    return st->ops->review_detach(st->impl, id, err);
}

int ct_store_reviews(ct_store *st, const char *doc, ct_review_fn fn, void *ud, ct_error *err)
{
    return st->ops->reviews(st->impl, doc, fn, ud, err);
}

static int need6(ct_store *st, ct_error *err)
{
    if (ct_store_schema_version(st) >= 6) return CT_OK;
    return ct_error_set(err, CT_EINVAL, -1, 0,
                        "database schema %d has no finding marks or document versions (need 6)",
                        ct_store_schema_version(st));
}

/* An operation a backend lacks: an error, never a call through NULL. */
static int unsupported(ct_store *st, const char *what, ct_error *err)
{
    return ct_error_set(err, CT_EINVAL, -1, 0, "the %s database does not support %s yet",
                        st->ops->name, what);
}

int ct_store_review_move(ct_store *st, long long id, const long long span[2],
                         const long long value_span[2], ct_error *err)
{
    if (!st->ops->review_move) return unsupported(st, "moving reviews", err);
    return st->ops->review_move(st->impl, id, span, value_span, err);
}

int ct_store_obs_doc(ct_store *st, long long obs_id, long long *doc_id, ct_error *err)
{
    if (!st->ops->obs_doc) return unsupported(st, "record lookups", err);
    return st->ops->obs_doc(st->impl, obs_id, doc_id, err);
}

int ct_store_mark_put(ct_store *st, ct_finding_mark *m, ct_error *err)
{
    int rc = need6(st, err);
    if (rc != CT_OK) return rc;
    if (!m->finding || !m->who || !*m->who || m->status < CT_FSTATUS_OPEN ||
        m->status > CT_FSTATUS_DISMISSED)
        return ct_error_set(err, CT_EINVAL, -1, 0, "a mark needs its finding, status and reviewer");
    if (!st->ops->mark_put) return unsupported(st, "finding marks", err);
    return st->ops->mark_put(st->impl, m, err);
}

int ct_store_marks(ct_store *st, const char *finding, int history, ct_mark_fn fn, void *ud,
                   ct_error *err)
{
    if (ct_store_schema_version(st) < 6) return CT_OK; /* none: every finding open */
    if (!st->ops->marks) return CT_OK;
    return st->ops->marks(st->impl, finding, history, fn, ud, err);
}

int ct_store_doc_replace(ct_store *st, long long old_id, long long new_id, const char *who,
                         ct_error *err)
{
    int rc = need6(st, err);
    if (rc != CT_OK) return rc;
    if (!st->ops->doc_replace) return unsupported(st, "document versions", err);
    return st->ops->doc_replace(st->impl, old_id, new_id, who, err);
}

int ct_store_doc_versions(ct_store *st, const char *name, ct_version_fn fn, void *ud, ct_error *err)
{
    int rc = need6(st, err);
    if (rc != CT_OK) return rc;
    if (!st->ops->doc_versions) return unsupported(st, "document versions", err);
    return st->ops->doc_versions(st->impl, name, fn, ud, err);
}
