/* store_int.h — what a storage backend implements. store.c holds the
 * backend-neutral part (opening by path or URL, hashing, argument checks)
 * and calls these; store_sqlite.c is the embedded backend, store_pg.c the
 * server one (PostgreSQL, for postgres:// and postgresql:// URLs). */
#ifndef CHITIEU_STORE_INT_H
#define CHITIEU_STORE_INT_H

#include "chitieu/buf.h"
#include "chitieu/store.h"

typedef struct ct__store_ops {
    const char *name;
    int (*open)(const char *path, void **impl, ct_error *err);
    void (*close)(void *impl);
    int (*schema_version)(void *impl);
    int (*begin)(void *impl, ct_error *err);
    int (*commit)(void *impl, ct_error *err);
    void (*rollback)(void *impl);
    int (*mark)(void *impl, ct_error *err);
    int (*release)(void *impl, ct_error *err);
    void (*undo)(void *impl);
    int (*doc_find)(void *impl, const char *sha256, long long *id, ct_error *err);
    int (*doc_add)(void *impl, ct_docinfo *d, ct_error *err);
    int (*record_add)(void *impl, long long doc_id, const ct_record *r, ct_error *err);
    int (*doc_clear)(void *impl, long long doc_id, ct_error *err);
    int (*docs)(void *impl, int with_text, const char *only, ct_doc_fn fn, void *ud, ct_error *err);
    int (*records)(void *impl, const ct_catalog *cat, const ct_obs_query *q, int from_month,
                   int to_month, ct_obs_fn fn, void *ud, ct_error *err);
    int (*indicators)(void *impl, int (*fn)(void *ud, const char *code, long long n), void *ud,
                      ct_error *err);
    int (*points)(void *impl, const char *indicator, const char *area, int from_month, int to_month,
                  ct_point_fn fn, void *ud, ct_error *err);
    int (*counts)(void *impl, long long *docs, long long *obs, long long *targets, ct_error *err);
    int (*token_add)(void *impl, const char *name, const char *role, const char *hash,
                     ct_error *err);
    int (*token_find)(void *impl, const char *hash, ct_token_fn fn, void *ud, ct_error *err);
    int (*tokens)(void *impl, ct_token_fn fn, void *ud, ct_error *err);
    int (*token_revoke)(void *impl, const char *name, ct_error *err);
    int (*data_version)(void *impl, long long *v, ct_error *err);
    int (*doc_delete)(void *impl, long long doc_id, ct_error *err);
    int (*doc_span)(void *impl, long long doc_id, long long start, long long end, ct_buf *out,
                    ct_error *err);
    int (*review_put)(void *impl, ct_review *r, long long doc_id, long long hide_obs,
                      const ct_record *rec, ct_error *err);
    int (*review_detach)(void *impl, long long id, ct_error *err);
    int (*reviews)(void *impl, const char *doc, ct_review_fn fn, void *ud, ct_error *err);
    /* schema 6 (store.h: ct_store_review_move ... ct_store_doc_versions) */
    int (*review_move)(void *impl, long long id, const long long span[2],
                       const long long value_span[2], ct_error *err);
    int (*obs_doc)(void *impl, long long obs_id, long long *doc_id, ct_error *err);
    int (*mark_put)(void *impl, ct_finding_mark *m, ct_error *err);
    int (*marks)(void *impl, const char *finding, int history, ct_mark_fn fn, void *ud,
                 ct_error *err);
    int (*doc_replace)(void *impl, long long old_id, long long new_id, const char *who,
                       ct_error *err);
    int (*doc_versions)(void *impl, const char *name, ct_version_fn fn, void *ud, ct_error *err);
    int (*explain)(void *impl, const char *what, ct_buf *out, ct_error *err);
    int marks_max; /* see ct_store_marks_max; 0 no limit */
} ct__store_ops;

/* EXPLAIN QUERY PLAN of one of the store's hot statements (tests check
 * that they use their indexes); `what` is backend-defined. */
int ct__store_explain(ct_store *st, const char *what, ct_buf *out, ct_error *err);
int ct__sqlite_explain(void *impl, const char *what, ct_buf *out, ct_error *err);

extern const ct__store_ops ct__store_sqlite;
extern const ct__store_ops ct__store_pg;

/* store_sqlite_review.c: schema 6 of the SQLite backend, beside the rest
 * (store_sqlite.c gives it the connection and its error message). */
struct sqlite3;
struct sqlite3 *ct__sqlite_db(void *impl);
int ct__sqlite_fail(void *impl, ct_error *err, const char *what);
extern const char *const ct__sqlite_schema_v6;
int ct__sqlite_review_move(void *impl, long long id, const long long span[2],
                           const long long value_span[2], ct_error *err);
int ct__sqlite_obs_doc(void *impl, long long obs_id, long long *doc_id, ct_error *err);
int ct__sqlite_mark_put(void *impl, ct_finding_mark *m, ct_error *err);
int ct__sqlite_marks(void *impl, const char *finding, int history, ct_mark_fn fn, void *ud,
                     ct_error *err);
int ct__sqlite_doc_replace(void *impl, long long old_id, long long new_id, const char *who,
                           ct_error *err);
int ct__sqlite_doc_versions(void *impl, const char *name, ct_version_fn fn, void *ud,
                            ct_error *err);

#endif
