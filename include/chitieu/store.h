/* chitieu — the store: documents, their records, and the points series
 * are read from.
 *
 * One interface for every backend (SQLite, the embedded default;
 * PostgreSQL for a shared server database): callers never see SQL. A document is stored with its
 * full text, content hash, source and dates; its records (observations,
 * baselines, targets, changes) carry their byte spans into that text. A
 * document and all of its records are written in one transaction: all or
 * nothing.
 *
 * Points are the store's summary for series: one row per indicator, area,
 * period and distinct value, with how many observations gave it and which
 * one is preferred (reported over baseline, then latest publication, then
 * latest ingested). They are kept in step with the observations by the
 * store itself. */
#ifndef CHITIEU_STORE_H
#define CHITIEU_STORE_H

#include "chitieu/buf.h"
#include "chitieu/catalog.h"
#include "chitieu/error.h"
#include "chitieu/record.h"

#define CT_SCHEMA_VERSION 6

typedef struct ct_store ct_store;

typedef struct ct_docinfo {
    long long id;         /* set by ct_store_doc_add */
    const char *name;     /* document id in records: the file name without extension */
    const char *source;   /* --source NAME|URL, or the path it was read from */
    char sha256[65];      /* hex of the content hash */
    ct_date pub;          /* publication date; 0 when unknown */
    const char *ingested; /* "2026-11-22T10:00:00Z" (set by the store when NULL) */
    const char *text;
    size_t text_len;
    long long nobs, ntargets; /* filled by ct_store_docs */
    const char *area;         /* the area given at ingest (--area, area=); NULL or "" none */
} ct_docinfo;

/* A stored record with its document. */
typedef struct ct_obs {
    long long id, doc_id;
    const char *doc; /* document name */
    union {          /* the publication date; the triple's names stay until check.c moves to pub */
        ct_date pub;
        struct {
            int pub_y, pub_m, pub_d;
        };
    };
    const char *indicator;
    ct_record rec; /* rec.ind is NULL when the code is not in the catalogue */
    long long review_id; /* a row a review made (a correction or an addition); 0 raw */
    int hidden;          /* a raw row a review corrected or rejected (raw view only) */
} ct_obs;

/* One point of a series (see the file comment). */
typedef struct ct_point {
    const char *indicator, *area, *unit;
    ct_period period;
    ct_decimal value;
    long long nobs, nreported;
    long long best_obs, best_doc;
    const char *best_doc_name;
    ct_date best_pub;
    int best_baseline; /* the preferred observation is itself a baseline */
    ct_approx best_approx;
    int has_yoy; /* the preferred observation states a year-on-year change */
    ct_decimal yoy;
} ct_point;

/* Open (creating when absent) the database at path, or the PostgreSQL
 * database of a postgres:// or postgresql:// URL (its tables are created
 * when absent); an older schema is migrated, a newer one refused with
 * CT_EINVAL; a server that cannot be reached is CT_EIO. Caller closes
 * with ct_store_close. */
int ct_store_open(const char *path, ct_store **out, ct_error *err);
/* 1 when path is a PostgreSQL URL (postgres://, postgresql://), else 0. */
int ct_store_is_url(const char *path);
void ct_store_close(ct_store *st);
int ct_store_schema_version(ct_store *st);

int ct_store_begin(ct_store *st, ct_error *err);
int ct_store_commit(ct_store *st, ct_error *err);
void ct_store_rollback(ct_store *st);
/* A nested transaction inside begin/commit: everything since the mark is
 * kept (release) or undone (undo). Bulk loads put each document in one, so
 * that a document is stored whole or not at all while commits (the costly
 * part) are shared by many documents. */
int ct_store_mark(ct_store *st, ct_error *err);
int ct_store_release(ct_store *st, ct_error *err);
void ct_store_undo(ct_store *st);

/* How many marks one transaction should take at most before a commit
 * costs less than another mark (0: no limit). PostgreSQL keeps 64
 * subtransactions per transaction in shared memory; past them every
 * snapshot of every session reads pg_subtrans, and a batch ingest slows
 * down tenfold. Bulk loads commit at least this often. */
int ct_store_marks_max(ct_store *st);

/* SHA-256 of a document's bytes, as 64 hex digits and a NUL. */
void ct_store_hash(const char *text, size_t len, char out[65]);
/* The id of the document with this content hash: CT_OK, or CT_ENOENT. */
int ct_store_doc_find(ct_store *st, const char *sha256, long long *id, ct_error *err);
/* Add a document (inside a transaction); sets d->id. */
int ct_store_doc_add(ct_store *st, ct_docinfo *d, ct_error *err);
/* Add one record of document doc_id (inside a transaction). */
int ct_store_record_add(ct_store *st, long long doc_id, const ct_record *r, ct_error *err);
/* Delete a document's records, keeping the document (for re-extraction). */
int ct_store_doc_clear(ct_store *st, long long doc_id, ct_error *err);

typedef int (*ct_doc_fn)(void *ud, const ct_docinfo *d);
/* Every document in id order (with its text when with_text); fn returns
 * non-zero to stop. */
int ct_store_docs(ct_store *st, int with_text, ct_doc_fn fn, void *ud, ct_error *err);
/* One document by id (a key of digits, or "id:DIGITS") or by name
 * ("000_d4d94a..."): ids and names never share a lookup, and a name that
 * several documents share gives the latest of them (the highest id).
 * CT_ENOENT if none. */
int ct_store_doc_get(ct_store *st, const char *name_or_id, ct_doc_fn fn, void *ud, ct_error *err);
/* 1 and *id when key names a document by id (digits, or "id:DIGITS"),
 * else 0: then it is a name. A document's name may not be all digits. */
int ct_store_key_id(const char *key, long long *id);
/* NULL when v may be stored as a document's name (name set) or as a source
 * or another label (name clear), else why not (a static string). Both:
 * UTF-8 without control characters (C0, DEL, C1), at most 255 bytes; a
 * name also at most 100 bytes, no '/' or '\\', not all digits or
 * id:DIGITS (those are ids), not "." or "..". The one rule for every
 * front end: what reaches a name is checked at the edge. */
const char *ct_store_label_why(const char *v, int name);

typedef struct ct_obs_query {
    const char *indicator; /* NULL: all */
    long long doc_id;      /* 0: all */
    int targets;           /* 0 observations and baselines, 1 targets */
    int raw;               /* observations as extracted, reviews ignored (0: the reviewed view) */
} ct_obs_query;
typedef int (*ct_obs_fn)(void *ud, const ct_obs *o);
/* Records matching q, ordered by indicator, period and id; rec.ind is
 * resolved in cat (may be NULL). */
int ct_store_records(ct_store *st, const ct_catalog *cat, const ct_obs_query *q, ct_obs_fn fn,
                     void *ud, ct_error *err);
/* The same, only records whose period ends in months [from_month,
 * to_month] (month indexes, 0 for an open end): what a check of new
 * records needs of a large database. */
int ct_store_records_in(ct_store *st, const ct_catalog *cat, const ct_obs_query *q, int from_month,
                        int to_month, ct_obs_fn fn, void *ud, ct_error *err);
/* The bytes [start, end) of document doc_id's text into out (reset
 * first): a finding's quote without reading the whole text. CT_ENOENT when
 * there is no such document; a span past the end gives what there is. */
int ct_store_doc_span(ct_store *st, long long doc_id, long long start, long long end, ct_buf *out,
                      ct_error *err);
/* The distinct indicator codes with observations, in order. */
int ct_store_indicators(ct_store *st, int (*fn)(void *ud, const char *code, long long n), void *ud,
                        ct_error *err);

typedef int (*ct_point_fn)(void *ud, const ct_point *p);
/* Points of one indicator and area ("" national) whose last month lies in
 * [from_month, to_month] (month indexes; 0 for open ends), by period. */
int ct_store_points(ct_store *st, const char *indicator, const char *area, int from_month,
                    int to_month, ct_point_fn fn, void *ud, ct_error *err);

/* Counts for summaries. */
int ct_store_counts(ct_store *st, long long *docs, long long *obs, long long *targets,
                    ct_error *err);

/* Delete a document with its records (inside a transaction); CT_ENOENT if
 * there is none. */
int ct_store_doc_delete(ct_store *st, long long doc_id, ct_error *err);

/* ---- reviews (schema 5; the API is review.h) ---- */
typedef enum {
    CT_REVIEW_ACCEPT = 1,
    CT_REVIEW_CORRECT,
    CT_REVIEW_REJECT,
    CT_REVIEW_ADD,
} ct_review_action;

/* One audited review. It names its record by document, span and
 * indicator; `after` is the record a correction or an addition stands
 * for (its ind, period, value, unit, area, approx, baseline). */
typedef struct ct_review {
    long long id;
    const char *doc; /* document name */
    ct_review_action action;
    const char *indicator;           /* the reviewed record's (accept, correct, reject) */
    long long span[2], value_span[2]; /* the reviewed record's spans; the marked one (add) */
    const char *who, *at, *note;     /* at: set by the store when NULL */
    const char *before, *after;      /* the audit's JSON ("{...}"), may be NULL */
    int attached;                    /* 0: re-extraction found no such record any more */
    const char *after_indicator;
    ct_record after_rec; /* correct, add: ind NULL (after_indicator names it) */
} ct_review;
typedef int (*ct_review_fn)(void *ud, const ct_review *r);

/* Store a review (inside a transaction): insert it when r->id is 0 (sets
 * r->id), else mark it attached; hide raw observation hide_obs (0: none);
 * add rec (NULL: none) to document doc_id as the review's own row. The
 * points follow. */
int ct_store_review_put(ct_store *st, ct_review *r, long long doc_id, long long hide_obs,
                        const ct_record *rec, ct_error *err);
/* Mark review id detached (its record is gone after re-extraction). */
int ct_store_review_detach(ct_store *st, long long id, ct_error *err);
/* The reviews of document doc (all when NULL), in id order. */
int ct_store_reviews(ct_store *st, const char *doc, ct_review_fn fn, void *ud, ct_error *err);

/* Move review id to new spans (a replaced document's text: review.h's
 * ct_review_carry); it attaches again on the next ct_review_reattach. */
int ct_store_review_move(ct_store *st, long long id, const long long span[2],
                         const long long value_span[2], ct_error *err);
/* The document of stored record obs_id (an index lookup); CT_ENOENT. */
int ct_store_obs_doc(ct_store *st, long long obs_id, long long *doc_id, ct_error *err);

/* ---- finding marks (schema 6) ----
 * A person's word on a finding (check.h), by its stable id: confirmed,
 * explained (with a note), dismissed, or open again. Marks are an audit:
 * each is a row; a finding's status is its latest mark, open when none. */
typedef enum {
    CT_FSTATUS_OPEN = 0,
    CT_FSTATUS_CONFIRMED,
    CT_FSTATUS_EXPLAINED,
    CT_FSTATUS_DISMISSED,
} ct_finding_status;

typedef struct ct_finding_mark {
    long long id;        /* set by the store */
    const char *finding; /* the finding's id (16 hex digits) */
    ct_finding_status status;
    const char *who, *at, *note; /* at: set by the store when NULL */
} ct_finding_mark;
typedef int (*ct_mark_fn)(void *ud, const ct_finding_mark *m);
/* Store a mark (inside a transaction); sets m->id. */
int ct_store_mark_put(ct_store *st, ct_finding_mark *m, ct_error *err);
/* The marks of finding (all findings when NULL): with history, every mark
 * in id order; else each finding's latest, in id order. */
int ct_store_marks(ct_store *st, const char *finding, int history, ct_mark_fn fn, void *ud,
                   ct_error *err);

/* ---- document versions (schema 6) ----
 * `ingest --replace NAME` stores a corrected report as a new document of
 * the same name; the old one stays, with its text, as a version replaced
 * by it (its records are cleared: the view holds the current version). */
typedef struct ct_version {
    long long id, replaced_by; /* replaced_by 0: the current version */
    const char *at, *who;      /* when and by whom it was replaced (NULL: current) */
    const char *sha256;
} ct_version;
typedef int (*ct_version_fn)(void *ud, const ct_version *v);
/* Record that old_id is replaced by new_id (inside a transaction). */
int ct_store_doc_replace(ct_store *st, long long old_id, long long new_id, const char *who,
                         ct_error *err);
/* The versions of the documents named name, oldest first. */
int ct_store_doc_versions(ct_store *st, const char *name, ct_version_fn fn, void *ud,
                          ct_error *err);

/* A number that changes whenever a commit lands from another connection
 * or process; equal numbers mean unchanged data for this connection. */
int ct_store_data_version(ct_store *st, long long *v, ct_error *err);

/* ---- copying a whole database (store_copy.c) ----
 * Every document, its records as extracted and its targets, then every
 * review, applied again as a re-extraction would: from `from` into `to`,
 * which must be empty (CT_EINVAL otherwise), in one transaction of `to`.
 * The counts of both are compared before the commit: a difference is
 * CT_EIO and nothing is kept. Tokens are not copied (only their hashes
 * are stored). cat resolves the reviews' indicators. */
typedef struct ct_copy_counts {
    long long docs, obs, targets, reviews;
} ct_copy_counts;
int ct_store_copy(ct_store *from, ct_store *to, const ct_catalog *cat, ct_copy_counts *out,
                  ct_error *err);

/* ---- bearer tokens of the server (schema 3) ----
 * A token is shown once, when made; the store keeps only its SHA-256. */
typedef struct ct_token {
    long long id;
    const char *name, *role; /* role: "editor" or "admin" */
    const char *created;     /* "2026-11-22T10:00:00Z" */
    const char *revoked;     /* NULL while the token is live */
} ct_token;
typedef int (*ct_token_fn)(void *ud, const ct_token *t);

/* A new random token, "ct_" and 43 base64url characters (256 bits), in
 * out (at least CT_TOKEN_SIZE bytes); CT_EIO when no randomness. */
#define CT_TOKEN_SIZE 48
int ct_token_new(char out[CT_TOKEN_SIZE], ct_error *err);
/* Store a token's hash (ct_store_hash of the token) under name and role;
 * CT_EINVAL when a live token has the name or the role is unknown. */
int ct_store_token_add(ct_store *st, const char *name, const char *role, const char *hash,
                       ct_error *err);
/* The live token with this hash: fn called once, CT_OK; else CT_ENOENT. */
int ct_store_token_find(ct_store *st, const char *hash, ct_token_fn fn, void *ud, ct_error *err);
/* Every token, live or revoked, in order of creation. */
int ct_store_tokens(ct_store *st, ct_token_fn fn, void *ud, ct_error *err);
/* Revoke the live token named name; CT_ENOENT if there is none. */
int ct_store_token_revoke(ct_store *st, const char *name, ct_error *err);

#endif
