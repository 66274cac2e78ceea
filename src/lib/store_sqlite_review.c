/* store_sqlite_review.c — schema 6 of the SQLite backend: finding marks
 * and document versions, and the review statements that came with them
 * (moving a review to a replaced document's spans, a record's document by
 * its id). Kept beside store_sqlite.c, which migrates to this schema and
 * hands over its connection (ct__sqlite_db) and error reporting.
 *
 * finding_marks is an audit: a row per mark, never updated; a finding's
 * status is its latest row (the index on (finding, id) finds it).
 * doc_versions links a replaced document to the one that replaced it;
 * a document without a row there is a current version. Every statement
 * takes parameters; no SQL is built from data. */
#include "store_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

const char *const ct__sqlite_schema_v6 =
    "CREATE TABLE finding_marks("
    " id INTEGER PRIMARY KEY,"
    " finding TEXT NOT NULL,"
    " status TEXT NOT NULL CHECK(status IN ('open', 'confirmed', 'explained', 'dismissed')),"
    " who TEXT NOT NULL,"
    " at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    " note TEXT);"
    "CREATE INDEX finding_marks_finding ON finding_marks(finding, id);"
    "CREATE TABLE doc_versions("
    " doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,"
    " replaced_by INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    " who TEXT);"
    "CREATE INDEX doc_versions_by ON doc_versions(replaced_by);";

static const char *const status_names[] = {"open", "confirmed", "explained", "dismissed"};

static int prep(void *impl, const char *sql, sqlite3_stmt **q, const char *what, ct_error *err)
{
    if (sqlite3_prepare_v2(ct__sqlite_db(impl), sql, -1, q, NULL) != SQLITE_OK) {
        *q = NULL;
        return ct__sqlite_fail(impl, err, what);
    }
    return CT_OK;
}

static int done(void *impl, sqlite3_stmt *q, const char *what, ct_error *err)
{
    int st = sqlite3_step(q);
    int rc = st == SQLITE_DONE || st == SQLITE_ROW ? CT_OK : ct__sqlite_fail(impl, err, what);
    sqlite3_finalize(q);
    return rc;
}

int ct__sqlite_review_move(void *impl, long long id, const long long span[2],
                           const long long value_span[2], ct_error *err)
{
    sqlite3_stmt *q;
    int rc = prep(impl,
                  "UPDATE reviews SET span_start = ?2, span_end = ?3, vspan_start = ?4,"
                  " vspan_end = ?5 WHERE id = ?1",
                  &q, "moving a review", err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, span[0]);
    sqlite3_bind_int64(q, 3, span[1]);
    sqlite3_bind_int64(q, 4, value_span[0]);
    sqlite3_bind_int64(q, 5, value_span[1]);
    return done(impl, q, "moving a review", err);
}

int ct__sqlite_obs_doc(void *impl, long long obs_id, long long *doc_id, ct_error *err)
{
    sqlite3_stmt *q;
    int rc =
        prep(impl, "SELECT doc_id FROM observations WHERE id = ?1", &q, "finding a record", err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(q, 1, obs_id);
    int st = sqlite3_step(q);
    if (st == SQLITE_ROW)
        *doc_id = sqlite3_column_int64(q, 0);
    else if (st == SQLITE_DONE)
        rc = ct_error_set(err, CT_ENOENT, -1, 0, "no record %lld", obs_id);
    else
        rc = ct__sqlite_fail(impl, err, "finding a record");
    sqlite3_finalize(q);
    return rc;
}

int ct__sqlite_mark_put(void *impl, ct_finding_mark *m, ct_error *err)
{
    sqlite3_stmt *q;
    int rc = prep(impl,
                  "INSERT INTO finding_marks(finding, status, who, at, note) VALUES(?1, ?2, ?3,"
                  " coalesce(?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), ?5)",
                  &q, "marking a finding", err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_text(q, 1, m->finding, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, status_names[m->status], -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, m->who, -1, SQLITE_STATIC);
    if (m->at) sqlite3_bind_text(q, 4, m->at, -1, SQLITE_STATIC);
    if (m->note) sqlite3_bind_text(q, 5, m->note, -1, SQLITE_STATIC);
    if ((rc = done(impl, q, "marking a finding", err)) != CT_OK) return rc;
    m->id = sqlite3_last_insert_rowid(ct__sqlite_db(impl));
    return CT_OK;
}

int ct__sqlite_marks(void *impl, const char *finding, int history, ct_mark_fn fn, void *ud,
                     ct_error *err)
{
    sqlite3_stmt *q;
    int rc = prep(impl,
                  history ? "SELECT id, finding, status, who, at, note FROM finding_marks"
                            " WHERE ?1 IS NULL OR finding = ?1 ORDER BY id"
                          : "SELECT id, finding, status, who, at, note FROM finding_marks m"
                            " WHERE (?1 IS NULL OR finding = ?1) AND id = (SELECT max(id)"
                            " FROM finding_marks WHERE finding = m.finding) ORDER BY id",
                  &q, "reading finding marks", err);
    if (rc != CT_OK) return rc;
    if (finding) sqlite3_bind_text(q, 1, finding, -1, SQLITE_STATIC);
    int st;
    while ((st = sqlite3_step(q)) == SQLITE_ROW) {
        ct_finding_mark m;
        memset(&m, 0, sizeof m);
        m.id = sqlite3_column_int64(q, 0);
        m.finding = (const char *)sqlite3_column_text(q, 1);
        const char *s = (const char *)sqlite3_column_text(q, 2);
        m.who = (const char *)sqlite3_column_text(q, 3);
        m.at = (const char *)sqlite3_column_text(q, 4);
        m.note = (const char *)sqlite3_column_text(q, 5);
        if (!m.finding || !s || !m.who || !m.at) {
            rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
            break;
        }
        for (int k = 0; k < 4; k++)
            if (!strcmp(s, status_names[k])) m.status = (ct_finding_status)k;
        if (fn(ud, &m)) break;
    }
    if (rc == CT_OK && st != SQLITE_ROW && st != SQLITE_DONE)
        rc = ct__sqlite_fail(impl, err, "reading finding marks");
    sqlite3_finalize(q);
    return rc;
}

int ct__sqlite_doc_replace(void *impl, long long old_id, long long new_id, const char *who,
                           ct_error *err)
{
    sqlite3_stmt *q;
    int rc = prep(impl, "INSERT INTO doc_versions(doc_id, replaced_by, who) VALUES(?1, ?2, ?3)", &q,
                  "storing a document version", err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_int64(q, 1, old_id);
    sqlite3_bind_int64(q, 2, new_id);
    if (who) sqlite3_bind_text(q, 3, who, -1, SQLITE_STATIC);
    return done(impl, q, "storing a document version", err);
}

int ct__sqlite_doc_versions(void *impl, const char *name, ct_version_fn fn, void *ud, ct_error *err)
{
    sqlite3_stmt *q;
    int rc = prep(impl,
                  "SELECT d.id, v.replaced_by, v.at, v.who, d.sha256 FROM documents d"
                  " LEFT JOIN doc_versions v ON v.doc_id = d.id WHERE d.name = ?1 ORDER BY d.id",
                  &q, "reading document versions", err);
    if (rc != CT_OK) return rc;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    int st;
    while ((st = sqlite3_step(q)) == SQLITE_ROW) {
        ct_version v;
        memset(&v, 0, sizeof v);
        v.id = sqlite3_column_int64(q, 0);
        v.replaced_by = sqlite3_column_int64(q, 1);
        v.at = (const char *)sqlite3_column_text(q, 2);
        v.who = (const char *)sqlite3_column_text(q, 3);
        v.sha256 = (const char *)sqlite3_column_text(q, 4);
        if (fn(ud, &v)) break;
    }
    if (st != SQLITE_ROW && st != SQLITE_DONE)
        rc = ct__sqlite_fail(impl, err, "reading document versions");
    sqlite3_finalize(q);
    return rc;
}
