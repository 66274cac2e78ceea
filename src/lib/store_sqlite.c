/* store_sqlite.c — the SQLite backend of the store (store_int.h).
 *
 * One file, WAL journal, foreign keys on, synchronous=NORMAL: a commit
 * survives a crash of the process (SIGKILL included) and the file is
 * always consistent; only the last commits before a power loss may be
 * lost. Every statement is prepared once with parameters; no SQL is ever
 * built from data.
 *
 * Schema versions live in PRAGMA user_version and are applied in order by
 * migrate(): 1 documents, observations, changes, targets; 2 the points
 * table (the series summary, see store.h), filled from the observations
 * already there; 3 tokens (the server's bearer tokens, hashed); 4 each
 * record's confidence (observations and targets; 0 for records stored
 * before); 5 reviews (review.h): the reviews table, each observation's
 * review_id (a row a review made) and hidden flag (a raw row a review
 * corrected or rejected), and each document's own area; 6 finding marks
 * and document versions (their tables and statements are in
 * store_sqlite_review.c). A file newer than CT_SCHEMA_VERSION is refused.
 *
 * Invariant: points holds, for every (indicator, area, period, unit,
 * value) of the observations, their count and the preferred one; record_add
 * adds to it and doc_clear rebuilds the indicators it touched. From schema
 * 5 on, points hold only the reviewed view: rows not hidden by a review. */
#include "store_int.h"
#include "alloc_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sq {
    sqlite3 *db;
    int version;
    sqlite3_stmt *doc_find, *doc_add, *obs_add, *ch_add, *tg_add, *pt_add, *pub_rank;
    sqlite3_stmt *tok_find, *data_version; /* prepared on first use */
    sqlite3_stmt *rec[3][4], *chg, *span;  /* records (see rec_sql), changes, spans: on first use */
    sqlite3_stmt *points;                  /* a series' points: on first use */
    long long rank_doc, rank_val;          /* cache: the last document's publication rank */
    char rank_name[128];                   /* and its name */
    char *path;
} sq;

#define BUSY_MS 60000

static int fail(sq *s, ct_error *err, const char *what)
{
    int code = sqlite3_errcode(s->db);
    int ct = code == SQLITE_NOMEM                                ? CT_ENOMEM
             : (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) ? CT_EPARSE
                                                                 : CT_EIO;
    return ct_error_set(err, ct, -1, 0, "database: %s: %s", what, sqlite3_errmsg(s->db));
}

static int exec(sq *s, const char *sql, ct_error *err)
{
    char *msg = NULL;
    int st = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    if (st != SQLITE_OK) {
        int ct = st == SQLITE_NOMEM                              ? CT_ENOMEM
                 : (st == SQLITE_NOTADB || st == SQLITE_CORRUPT) ? CT_EPARSE
                                                                 : CT_EIO;
        int rc = ct_error_set(err, ct, -1, 0, "database: %s%s%s", s->path ? s->path : "",
                              s->path ? ": " : "", msg ? msg : "error");
        sqlite3_free(msg);
        return rc;
    }
    return CT_OK;
}

static const char *const schema_v1 =
    "CREATE TABLE documents("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " source TEXT NOT NULL,"
    " sha256 TEXT NOT NULL UNIQUE,"
    " published TEXT,"
    " pub_rank INTEGER NOT NULL DEFAULT 0," /* yyyymmdd, 0 unknown */
    " ingested TEXT NOT NULL,"
    " text TEXT NOT NULL);"
    "CREATE INDEX documents_name ON documents(name);"
    "CREATE TABLE observations("
    " id INTEGER PRIMARY KEY,"
    " doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " indicator TEXT NOT NULL,"
    " p_first INTEGER NOT NULL, p_last INTEGER NOT NULL, p_day INTEGER NOT NULL,"
    " mant INTEGER NOT NULL, exp INTEGER NOT NULL,"
    " unit TEXT NOT NULL,"
    " approx INTEGER NOT NULL,"
    " baseline INTEGER NOT NULL,"
    " alt_mant INTEGER, alt_exp INTEGER, alt_unit TEXT,"
    " area TEXT NOT NULL DEFAULT '',"
    " span_start INTEGER, span_end INTEGER, vspan_start INTEGER, vspan_end INTEGER);"
    "CREATE INDEX observations_doc ON observations(doc_id);"
    "CREATE INDEX observations_ind ON observations(indicator, p_last, p_first);"
    "CREATE TABLE changes("
    " obs_id INTEGER NOT NULL REFERENCES observations(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL,"
    " basis INTEGER NOT NULL,"
    " pct_mant INTEGER NOT NULL, pct_exp INTEGER NOT NULL,"
    " ref_first INTEGER NOT NULL, ref_last INTEGER NOT NULL, ref_day INTEGER NOT NULL,"
    " PRIMARY KEY(obs_id, seq)) WITHOUT ROWID;"
    "CREATE TABLE targets("
    " id INTEGER PRIMARY KEY,"
    " doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " indicator TEXT NOT NULL,"
    " p_first INTEGER NOT NULL, p_last INTEGER NOT NULL, p_day INTEGER NOT NULL,"
    " unit TEXT NOT NULL,"
    " growth INTEGER NOT NULL,"
    " min_mant INTEGER, min_exp INTEGER, max_mant INTEGER, max_exp INTEGER,"
    " area TEXT NOT NULL DEFAULT '',"
    " span_start INTEGER, span_end INTEGER, vspan_start INTEGER, vspan_end INTEGER);"
    "CREATE INDEX targets_doc ON targets(doc_id);"
    "CREATE INDEX targets_ind ON targets(indicator, p_last);";

static const char *const schema_v2 =
    "CREATE TABLE points("
    " indicator TEXT NOT NULL, area TEXT NOT NULL,"
    " p_first INTEGER NOT NULL, p_last INTEGER NOT NULL, p_day INTEGER NOT NULL,"
    " unit TEXT NOT NULL, mant INTEGER NOT NULL, exp INTEGER NOT NULL,"
    " nobs INTEGER NOT NULL, nreported INTEGER NOT NULL,"
    " best_rank INTEGER NOT NULL, best_obs INTEGER NOT NULL, best_doc INTEGER NOT NULL,"
    " best_doc_name TEXT NOT NULL, best_pub INTEGER NOT NULL,"
    " best_approx INTEGER NOT NULL, best_baseline INTEGER NOT NULL,"
    " has_yoy INTEGER NOT NULL, yoy_mant INTEGER, yoy_exp INTEGER,"
    " PRIMARY KEY(indicator, area, p_last, p_first, p_day, unit, mant, exp)) WITHOUT ROWID;";

/* v3: the server's bearer tokens. Only the SHA-256 of a token is kept; a
 * revoked token stays listed (who had access, until when) and its name may
 * be given to a new one. */
static const char *const schema_v3 =
    "CREATE TABLE tokens("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " role TEXT NOT NULL CHECK(role IN ('editor', 'admin')),"
    " hash TEXT NOT NULL UNIQUE,"
    " created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    " revoked TEXT);"
    "CREATE UNIQUE INDEX tokens_live_name ON tokens(name) WHERE revoked IS NULL;";

/* The record inserts: with the confidence from schema 4 on (an older
 * file is kept as it is when the tests ask for one). */
#define OBS_ADD_COLS                                                                               \
    "INSERT INTO observations(doc_id, indicator, p_first, p_last, p_day, mant, exp, unit,"         \
    " approx, baseline, alt_mant, alt_exp, alt_unit, area, span_start, span_end, vspan_start,"     \
    " vspan_end"
#define OBS_ADD_VALS "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18"
static const char *const obs_add_v1 = OBS_ADD_COLS ") " OBS_ADD_VALS ")";
static const char *const obs_add_v4 = OBS_ADD_COLS ", confidence) " OBS_ADD_VALS ",?19)";
#define TG_ADD_COLS                                                                                \
    "INSERT INTO targets(doc_id, indicator, p_first, p_last, p_day, unit, growth, min_mant,"       \
    " min_exp, max_mant, max_exp, area, span_start, span_end, vspan_start, vspan_end"
#define TG_ADD_VALS "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16"
static const char *const tg_add_v1 = TG_ADD_COLS ") " TG_ADD_VALS ")";
static const char *const tg_add_v4 = TG_ADD_COLS ", confidence) " TG_ADD_VALS ",?17)";

/* 4: how sure the extractor was of each record (record.h), in [0,1]. */
static const char *const schema_v4 =
    "ALTER TABLE observations ADD COLUMN confidence REAL NOT NULL DEFAULT 0;"
    "ALTER TABLE targets ADD COLUMN confidence REAL NOT NULL DEFAULT 0;";

/* 5: reviews. A review is attached to its record by document name, span
 * and indicator, never by row id, so that it outlives re-extraction; the
 * raw rows stay as extracted (hidden = 1 only takes one out of the
 * reviewed view) and a correction or an addition is a row of its own
 * (review_id). The after_* columns are the record a correction or an
 * addition stands for; before and after are the audit's JSON. */
static const char *const schema_v5 =
    "CREATE TABLE reviews("
    " id INTEGER PRIMARY KEY,"
    " doc_name TEXT NOT NULL,"
    " action TEXT NOT NULL CHECK(action IN ('accept', 'correct', 'reject', 'add')),"
    " indicator TEXT NOT NULL,"
    " span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,"
    " vspan_start INTEGER NOT NULL, vspan_end INTEGER NOT NULL,"
    " who TEXT NOT NULL,"
    " at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    " before TEXT, after TEXT, note TEXT,"
    " attached INTEGER NOT NULL DEFAULT 1,"
    " a_indicator TEXT, a_p_first INTEGER, a_p_last INTEGER, a_p_day INTEGER,"
    " a_mant INTEGER, a_exp INTEGER, a_unit TEXT, a_area TEXT, a_approx INTEGER,"
    " a_baseline INTEGER);"
    "CREATE INDEX reviews_doc ON reviews(doc_name, id);"
    "ALTER TABLE observations ADD COLUMN review_id INTEGER;"
    "ALTER TABLE observations ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE documents ADD COLUMN area TEXT NOT NULL DEFAULT '';";

/* Preference of an observation for its point: reported beats baseline,
 * then the later publication; ties go to the later id. */
#define RANK(reported, pub_rank) ((long long)(reported)*100000000LL + (pub_rank))

static const char *const pt_add_sql =
    "INSERT INTO points(indicator, area, p_first, p_last, p_day, unit, mant, exp, nobs,"
    " nreported, best_rank, best_obs, best_doc, best_approx, best_baseline, has_yoy, yoy_mant,"
    " yoy_exp, best_doc_name, best_pub)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,1,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)"
    " ON CONFLICT(indicator, area, p_last, p_first, p_day, unit, mant, exp) DO UPDATE SET"
    " nobs = nobs + 1, nreported = nreported + excluded.nreported,"
    " best_obs = CASE WHEN "
    "excluded.best_rank > best_rank OR (excluded.best_rank = best_rank"
    "  AND excluded.best_obs > best_obs) THEN excluded.best_obs ELSE best_obs END,"
    " best_doc = CASE WHEN excluded.best_rank > best_rank OR (excluded.best_rank = best_rank"
    "  AND excluded.best_obs > best_obs) THEN excluded.best_doc ELSE best_doc END,"
    " best_doc_name = CASE WHEN excluded.best_rank > best_rank OR (excluded.best_rank ="
    "  best_rank AND excluded.best_obs > best_obs) THEN excluded.best_doc_name ELSE"
    "  best_doc_name END,"
    " best_pub = CASE WHEN excluded.best_rank > best_rank OR (excluded.best_rank = best_rank"
    "  AND excluded.best_obs > best_obs) THEN excluded.best_pub ELSE best_pub END,"
    " best_approx = CASE WHEN excluded.best_rank > best_rank OR (excluded.best_rank = best_rank"
    "  AND excluded.best_obs > best_obs) THEN excluded.best_approx ELSE best_approx END,"
    " best_baseline = CASE WHEN excluded.best_rank > best_rank OR (excluded.best_rank ="
    "  best_rank AND excluded.best_obs > best_obs) THEN excluded.best_baseline ELSE"
    "  best_baseline END,"
    " has_yoy = CASE WHEN excluded.best_rank > best_rank OR (excluded.best_rank = best_rank"
    "  AND excluded.best_obs > best_obs) THEN excluded.has_yoy ELSE has_yoy END,"
    " yoy_mant = CASE WHEN excluded.best_rank > best_rank OR (excluded.best_rank = best_rank"
    "  AND excluded.best_obs > best_obs) THEN excluded.yoy_mant ELSE yoy_mant END,"
    " yoy_exp = CASE WHEN excluded.best_rank > best_rank OR (excluded.best_rank = best_rank"
    "  AND excluded.best_obs > best_obs) THEN excluded.yoy_exp ELSE yoy_exp END,"
    " best_rank = max(best_rank, excluded.best_rank)";

typedef struct pt_in {
    const char *indicator, *area, *unit, *doc_name;
    int first, last, day;
    long long mant, exp;
    int baseline, approx;
    long long obs_id, doc_id, pub_rank;
    int has_yoy;
    long long yoy_mant, yoy_exp;
} pt_in;

static int point_add(sq *s, const pt_in *p, ct_error *err)
{
    sqlite3_stmt *q = s->pt_add;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, p->indicator, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, p->area, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, p->first);
    sqlite3_bind_int(q, 4, p->last);
    sqlite3_bind_int(q, 5, p->day);
    sqlite3_bind_text(q, 6, p->unit, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 7, p->mant);
    sqlite3_bind_int64(q, 8, p->exp);
    sqlite3_bind_int(q, 9, !p->baseline);
    sqlite3_bind_int64(q, 10, RANK(!p->baseline, p->pub_rank));
    sqlite3_bind_int64(q, 11, p->obs_id);
    sqlite3_bind_int64(q, 12, p->doc_id);
    sqlite3_bind_int(q, 13, p->approx);
    sqlite3_bind_int(q, 14, p->baseline);
    sqlite3_bind_int(q, 15, p->has_yoy);
    if (p->has_yoy) {
        sqlite3_bind_int64(q, 16, p->yoy_mant);
        sqlite3_bind_int64(q, 17, p->yoy_exp);
    } else {
        sqlite3_bind_null(q, 16);
        sqlite3_bind_null(q, 17);
    }
    sqlite3_bind_text(q, 18, p->doc_name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 19, p->pub_rank);
    if (sqlite3_step(q) != SQLITE_DONE) return fail(s, err, "adding a point");
    return CT_OK;
}

/* Rebuild the points of one indicator (all when NULL) from observations. */
static int points_rebuild(sq *s, const char *indicator, ct_error *err)
{
    sqlite3_stmt *del = NULL, *sel = NULL;
    int rc = CT_OK;
    char sql[1024];
    snprintf(sql, sizeof sql, "%s%s",
             "SELECT o.indicator, o.area, o.p_first, o.p_last, o.p_day, o.unit, o.mant, o.exp,"
            " o.baseline, o.approx, o.id, o.doc_id, d.pub_rank,"
            " (SELECT pct_mant FROM changes c WHERE c.obs_id = o.id AND c.basis = 0 ORDER BY seq"
            "  LIMIT 1),"
            " (SELECT pct_exp FROM changes c WHERE c.obs_id = o.id AND c.basis = 0 ORDER BY seq"
            "  LIMIT 1), d.name"
            " FROM observations o JOIN documents d ON d.id = o.doc_id"
             " WHERE (?1 IS NULL OR o.indicator = ?1)",
             s->version >= 5 ? " AND o.hidden = 0" : "");
    if (sqlite3_prepare_v2(
            s->db, indicator ? "DELETE FROM points WHERE indicator = ?1" : "DELETE FROM points", -1,
            &del, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, sql, -1, &sel, NULL) != SQLITE_OK) {
        rc = fail(s, err, "rebuilding points");
        goto done;
    }
    if (indicator) sqlite3_bind_text(del, 1, indicator, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(del) != SQLITE_DONE) {
        rc = fail(s, err, "rebuilding points");
        goto done;
    }
    if (indicator)
        sqlite3_bind_text(sel, 1, indicator, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(sel, 1);
    int st;
    while ((st = sqlite3_step(sel)) == SQLITE_ROW) {
        pt_in p = {
            .indicator = (const char *)sqlite3_column_text(sel, 0),
            .area = (const char *)sqlite3_column_text(sel, 1),
            .first = sqlite3_column_int(sel, 2),
            .last = sqlite3_column_int(sel, 3),
            .day = sqlite3_column_int(sel, 4),
            .unit = (const char *)sqlite3_column_text(sel, 5),
            .mant = sqlite3_column_int64(sel, 6),
            .exp = sqlite3_column_int64(sel, 7),
            .baseline = sqlite3_column_int(sel, 8),
            .approx = sqlite3_column_int(sel, 9),
            .obs_id = sqlite3_column_int64(sel, 10),
            .doc_id = sqlite3_column_int64(sel, 11),
            .pub_rank = sqlite3_column_int64(sel, 12),
            .has_yoy = sqlite3_column_type(sel, 13) != SQLITE_NULL,
            .yoy_mant = sqlite3_column_int64(sel, 13),
            .yoy_exp = sqlite3_column_int64(sel, 14),
            .doc_name = (const char *)sqlite3_column_text(sel, 15),
        };
        if (!p.indicator || !p.area || !p.unit || !p.doc_name) {
            rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
            goto done;
        }
        if ((rc = point_add(s, &p, err)) != CT_OK) goto done;
    }
    if (st != SQLITE_DONE) rc = fail(s, err, "rebuilding points");
done:
    sqlite3_finalize(del);
    sqlite3_finalize(sel);
    return rc;
}

static int user_version(sq *s)
{
    sqlite3_stmt *q;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(q) == SQLITE_ROW) v = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return v;
}

/* Bring the file to CT_SCHEMA_VERSION (or to $CHITIEU_SCHEMA_MAX, which the
 * migration tests use to make an old file), one transaction per step. */
static int migrate(sq *s, const char *path, ct_error *err)
{
    int v = user_version(s);
    if (v < 0) return fail(s, err, path);
    if (v > CT_SCHEMA_VERSION)
        return ct_error_set(err, CT_EINVAL, -1, 0,
                            "%s: database schema version %d is newer than this chitieu (%d): "
                            "upgrade chitieu",
                            path, v, CT_SCHEMA_VERSION);
    int target = CT_SCHEMA_VERSION;
    const char *mx = getenv("CHITIEU_SCHEMA_MAX");
    if (mx && atoi(mx) >= 1 && atoi(mx) < target) target = atoi(mx);
    while (v < target) {
        int rc;
        if ((rc = exec(s, "BEGIN IMMEDIATE", err)) != CT_OK) return rc;
        /* another process may have migrated meanwhile */
        v = user_version(s);
        if (v < 0) {
            /* unreadable (out of memory): never guess, or the version
             * written back would be wrong (found by test_fault) */
            rc = fail(s, err, "migrating");
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        if (v >= target) {
            exec(s, "COMMIT", err);
            break;
        }
        char set[64];
        snprintf(set, sizeof set, "PRAGMA user_version = %d", v + 1);
        if (v == 0)
            rc = exec(s, schema_v1, err);
        else if (v == 1)
            rc = exec(s, schema_v2, err);
        else if (v == 2)
            rc = exec(s, schema_v3, err);
        else if (v == 3)
            rc = exec(s, schema_v4, err);
        else if (v == 4)
            rc = exec(s, schema_v5, err);
        else if (v == 5)
            rc = exec(s, ct__sqlite_schema_v6, err);
        if (rc == CT_OK && v == 1) {
            /* the new table's statements, then its rows */
            if (sqlite3_prepare_v2(s->db, pt_add_sql, -1, &s->pt_add, NULL) != SQLITE_OK)
                rc = fail(s, err, "migrating");
            else
                rc = points_rebuild(s, NULL, err);
            sqlite3_finalize(s->pt_add);
            s->pt_add = NULL;
        }
        if (rc == CT_OK) rc = exec(s, set, err);
        if (rc == CT_OK) rc = exec(s, "COMMIT", err);
        if (rc != CT_OK) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        v++;
    }
    s->version = v;
    return CT_OK;
}

static void sq_close(void *impl)
{
    sq *s = impl;
    if (!s) return;
    sqlite3_finalize(s->doc_find);
    sqlite3_finalize(s->doc_add);
    sqlite3_finalize(s->obs_add);
    sqlite3_finalize(s->ch_add);
    sqlite3_finalize(s->tg_add);
    sqlite3_finalize(s->pt_add);
    sqlite3_finalize(s->pub_rank);
    sqlite3_finalize(s->tok_find);
    sqlite3_finalize(s->data_version);
    for (int t = 0; t < 3; t++)
        for (int k = 0; k < 4; k++)
            sqlite3_finalize(s->rec[t][k]);
    sqlite3_finalize(s->chg);
    sqlite3_finalize(s->span);
    sqlite3_finalize(s->points);
    sqlite3_close(s->db);
    ct__free(s->path);
    ct__free(s);
}

static int sq_open(const char *path, void **impl, ct_error *err)
{
    sq *s = ct__calloc(1, sizeof *s);
    if (!s) return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    s->rank_doc = -1;
    s->path = ct__strdup(path);
    /* no mutex: a connection is used by one thread at a time (a server
     * worker has its own), and every column read would take one */
    if (sqlite3_open_v2(path, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) !=
        SQLITE_OK) {
        int rc = ct_error_set(err, CT_EIO, -1, 0, "%s: cannot open database: %s", path,
                              s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sq_close(s);
        return rc;
    }
    /* a writer waits for another's transaction: longer than the longest
     * write (an ingest commits every 0,5 s; the server's largest import,
     * --max-body of rows, is stored in a few seconds; a dry run writes
     * nothing), so that a busy database is waited for, not an error */
    sqlite3_busy_timeout(s->db, BUSY_MS);
    /* 16 KiB pages for a new file (fewer, larger WAL writes: a commit's
     * cost is its count of writes); statement and savepoint journals in
     * memory, not in temporary files; a page cache that holds a batch of
     * documents without spilling; checkpoints every 64 MiB of WAL; reads
     * through mmap */
    int rc = exec(s,
                  "PRAGMA page_size = 16384; PRAGMA foreign_keys = ON;"
                  " PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;"
                  " PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 4000;"
                  " PRAGMA mmap_size = 268435456;",
                  err);
    /* WAL: readers never block the writer; a file that is not a database
     * fails here with a clear message */
    if (rc == CT_OK) {
        /* two processes opening a new file at once: the change to WAL
         * needs the file to itself and answers SQLITE_BUSY at once, without
         * the busy handler; wait for the other as a busy write would */
        int st = SQLITE_BUSY;
        for (int waited = 0; waited <= BUSY_MS; waited += 10) {
            sqlite3_stmt *q = NULL;
            st = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &q, NULL);
            if (st == SQLITE_OK) st = sqlite3_step(q);
            sqlite3_finalize(q);
            if (st != SQLITE_BUSY && st != SQLITE_LOCKED) break;
            sqlite3_sleep(10);
        }
        if (st != SQLITE_ROW)
            rc = ct_error_set(err, st == SQLITE_BUSY || st == SQLITE_LOCKED ? CT_EIO : CT_EPARSE,
                              -1, 0, "%s: %s: %s", path,
                              st == SQLITE_BUSY || st == SQLITE_LOCKED ? "database busy"
                                                                       : "not a chitieu database",
                              sqlite3_errmsg(s->db));
    }
    if (rc == CT_OK) rc = migrate(s, path, err);
    if (rc == CT_OK && s->version >= 1) {
        if (sqlite3_prepare_v2(s->db, "SELECT id FROM documents WHERE sha256 = ?1", -1,
                               &s->doc_find, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(s->db,
                               "INSERT INTO documents(name, source, sha256, published, pub_rank,"
                               " ingested, text) VALUES(?1, ?2, ?3, ?4, ?5,"
                               " coalesce(?6, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), ?7)",
                               -1, &s->doc_add, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(s->db, s->version >= 4 ? obs_add_v4 : obs_add_v1, -1, &s->obs_add,
                               NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(s->db,
                               "INSERT INTO changes(obs_id, seq, basis, pct_mant, pct_exp,"
                               " ref_first, ref_last, ref_day) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
                               -1, &s->ch_add, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(s->db, s->version >= 4 ? tg_add_v4 : tg_add_v1, -1, &s->tg_add,
                               NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(s->db, "SELECT pub_rank, name FROM documents WHERE id = ?1", -1,
                               &s->pub_rank, NULL) != SQLITE_OK ||
            (s->version >= 2 &&
             sqlite3_prepare_v2(s->db, pt_add_sql, -1, &s->pt_add, NULL) != SQLITE_OK))
            rc = fail(s, err, "preparing statements");
    }
    if (rc != CT_OK) {
        sq_close(s);
        return rc;
    }
    *impl = s;
    return CT_OK;
}

static int sq_version(void *impl)
{
    return ((sq *)impl)->version;
}

static int sq_begin(void *impl, ct_error *err)
{
    return exec(impl, "BEGIN IMMEDIATE", err);
}

static int sq_commit(void *impl, ct_error *err)
{
    return exec(impl, "COMMIT", err);
}

static void sq_rollback(void *impl)
{
    sq *s = impl;
    if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->rank_doc = -1;
}

static int sq_mark(void *impl, ct_error *err)
{
    return exec(impl, "SAVEPOINT doc", err);
}

static int sq_release(void *impl, ct_error *err)
{
    return exec(impl, "RELEASE doc", err);
}

static void sq_undo(void *impl)
{
    sq *s = impl;
    sqlite3_exec(s->db, "ROLLBACK TO doc; RELEASE doc", NULL, NULL, NULL);
    s->rank_doc = -1;
}

static int sq_doc_find(void *impl, const char *sha256, long long *id, ct_error *err)
{
    sq *s = impl;
    sqlite3_stmt *q = s->doc_find;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, sha256, -1, SQLITE_STATIC);
    int st = sqlite3_step(q);
    if (st == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
        return CT_OK;
    }
    sqlite3_reset(q);
    if (st != SQLITE_DONE) return fail(s, err, "looking up a document");
    return CT_ENOENT;
}

static long long pub_rank(ct_date d)
{
    return d.y > 0 ? (long long)d.y * 10000 + d.m * 100 + d.d : 0;
}

static int sq_doc_add(void *impl, ct_docinfo *d, ct_error *err)
{
    sq *s = impl;
    sqlite3_stmt *q = s->doc_add;
    char pub[CT_DATE_SIZE];
    ct_date_format(d->pub, pub, sizeof pub);
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, d->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, d->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, d->sha256, -1, SQLITE_STATIC);
    if (pub[0])
        sqlite3_bind_text(q, 4, pub, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q, 4);
    sqlite3_bind_int64(q, 5, pub_rank(d->pub));
    if (d->ingested)
        sqlite3_bind_text(q, 6, d->ingested, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, 6);
    sqlite3_bind_text(q, 7, d->text, (int)d->text_len, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE) {
        int rc = fail(s, err, "adding a document");
        sqlite3_reset(q);
        return rc;
    }
    sqlite3_reset(q);
    d->id = sqlite3_last_insert_rowid(s->db);
    if (s->version >= 5 && d->area && *d->area) {
        if (sqlite3_prepare_v2(s->db, "UPDATE documents SET area = ?1 WHERE id = ?2", -1, &q,
                               NULL) != SQLITE_OK)
            return fail(s, err, "adding a document");
        sqlite3_bind_text(q, 1, d->area, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, d->id);
        int st = sqlite3_step(q);
        sqlite3_finalize(q);
        if (st != SQLITE_DONE) return fail(s, err, "adding a document");
    }
    s->rank_doc = d->id;
    s->rank_val = pub_rank(d->pub);
    snprintf(s->rank_name, sizeof s->rank_name, "%s", d->name);
    return CT_OK;
}

static int doc_rank(sq *s, long long doc_id, long long *rank, ct_error *err)
{
    if (s->rank_doc == doc_id) {
        *rank = s->rank_val;
        return CT_OK;
    }
    sqlite3_stmt *q = s->pub_rank;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, doc_id);
    int st = sqlite3_step(q);
    if (st != SQLITE_ROW) {
        sqlite3_reset(q);
        if (st == SQLITE_DONE)
            return ct_error_set(err, CT_ENOENT, -1, 0, "database: no document %lld", doc_id);
        return fail(s, err, "reading a document");
    }
    *rank = sqlite3_column_int64(q, 0);
    const char *nm = (const char *)sqlite3_column_text(q, 1);
    snprintf(s->rank_name, sizeof s->rank_name, "%s", nm ? nm : "");
    sqlite3_reset(q);
    s->rank_doc = doc_id;
    s->rank_val = *rank;
    return CT_OK;
}

static void bind_spans(sqlite3_stmt *q, int at, const ct_record *r)
{
    sqlite3_bind_int64(q, at, r->span[0]);
    sqlite3_bind_int64(q, at + 1, r->span[1]);
    sqlite3_bind_int64(q, at + 2, r->value_span[0]);
    sqlite3_bind_int64(q, at + 3, r->value_span[1]);
}

static int sq_record_add(void *impl, long long doc_id, const ct_record *r, ct_error *err)
{
    sq *s = impl;
    const char *unit = r->unit ? r->unit : "";
    if (r->type == CT_REC_TARGET) {
        sqlite3_stmt *q = s->tg_add;
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, doc_id);
        sqlite3_bind_text(q, 2, r->ind->code, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 3, r->period.first);
        sqlite3_bind_int(q, 4, r->period.last);
        sqlite3_bind_int(q, 5, r->period.day);
        sqlite3_bind_text(q, 6, unit, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 7, r->growth);
        for (int k = 0; k < 4; k++)
            sqlite3_bind_null(q, 8 + k);
        if (r->has_min) {
            sqlite3_bind_int64(q, 8, r->min.mant);
            sqlite3_bind_int(q, 9, r->min.exp);
        }
        if (r->has_max) {
            sqlite3_bind_int64(q, 10, r->max.mant);
            sqlite3_bind_int(q, 11, r->max.exp);
        }
        sqlite3_bind_text(q, 12, r->area, -1, SQLITE_STATIC);
        bind_spans(q, 13, r);
        if (s->version >= 4) sqlite3_bind_double(q, 17, r->confidence);
        int st = sqlite3_step(q);
        sqlite3_reset(q);
        return st == SQLITE_DONE ? CT_OK : fail(s, err, "adding a target");
    }
    long long rank = 0;
    int rc = doc_rank(s, doc_id, &rank, err);
    if (rc != CT_OK) return rc;
    sqlite3_stmt *q = s->obs_add;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, doc_id);
    sqlite3_bind_text(q, 2, r->ind->code, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, r->period.first);
    sqlite3_bind_int(q, 4, r->period.last);
    sqlite3_bind_int(q, 5, r->period.day);
    sqlite3_bind_int64(q, 6, r->value.mant);
    sqlite3_bind_int(q, 7, r->value.exp);
    sqlite3_bind_text(q, 8, unit, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 9, (int)r->approx);
    sqlite3_bind_int(q, 10, r->baseline != 0);
    if (r->has_alt) {
        sqlite3_bind_int64(q, 11, r->alt_value.mant);
        sqlite3_bind_int(q, 12, r->alt_value.exp);
        sqlite3_bind_text(q, 13, r->alt_unit ? r->alt_unit : "", -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_null(q, 11);
        sqlite3_bind_null(q, 12);
        sqlite3_bind_null(q, 13);
    }
    sqlite3_bind_text(q, 14, r->area, -1, SQLITE_STATIC);
    bind_spans(q, 15, r);
    if (s->version >= 4) sqlite3_bind_double(q, 19, r->confidence);
    int st = sqlite3_step(q);
    sqlite3_reset(q);
    if (st != SQLITE_DONE) return fail(s, err, "adding an observation");
    long long obs = sqlite3_last_insert_rowid(s->db);
    int yoy = -1;
    for (int k = 0; k < r->nchanges && k < CT_MAX_CHANGES; k++) {
        const ct_change *c = &r->changes[k];
        if (c->basis == CT_BASIS_YOY && yoy < 0) yoy = k;
        sqlite3_stmt *cq = s->ch_add;
        sqlite3_reset(cq);
        sqlite3_bind_int64(cq, 1, obs);
        sqlite3_bind_int(cq, 2, k);
        sqlite3_bind_int(cq, 3, (int)c->basis);
        sqlite3_bind_int64(cq, 4, c->pct.mant);
        sqlite3_bind_int(cq, 5, c->pct.exp);
        sqlite3_bind_int(cq, 6, c->ref.first);
        sqlite3_bind_int(cq, 7, c->ref.last);
        sqlite3_bind_int(cq, 8, c->ref.day);
        st = sqlite3_step(cq);
        sqlite3_reset(cq);
        if (st != SQLITE_DONE) return fail(s, err, "adding a change");
    }
    if (!s->pt_add) return CT_OK; /* an old schema kept on purpose (tests) */
    pt_in p = {.indicator = r->ind->code,
               .area = r->area,
               .unit = unit,
               .first = r->period.first,
               .last = r->period.last,
               .day = r->period.day,
               .mant = r->value.mant,
               .exp = r->value.exp,
               .baseline = r->baseline != 0,
               .approx = (int)r->approx,
               .obs_id = obs,
               .doc_id = doc_id,
               .pub_rank = rank,
               .doc_name = s->rank_name,
               .has_yoy = yoy >= 0,
               .yoy_mant = yoy >= 0 ? r->changes[yoy].pct.mant : 0,
               .yoy_exp = yoy >= 0 ? r->changes[yoy].pct.exp : 0};
    return point_add(s, &p, err);
}

static int sq_doc_clear(void *impl, long long doc_id, ct_error *err)
{
    sq *s = impl;
    sqlite3_stmt *q = NULL;
    char **codes = NULL;
    size_t n = 0, cap = 0;
    int rc = CT_OK;
    if (sqlite3_prepare_v2(s->db, "SELECT DISTINCT indicator FROM observations WHERE doc_id = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(s, err, "clearing a document");
    sqlite3_bind_int64(q, 1, doc_id);
    int st;
    while ((st = sqlite3_step(q)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **v = ct__realloc(codes, cap * sizeof *v);
            if (!v) {
                rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
                goto done;
            }
            codes = v;
        }
        codes[n] = ct__strdup((const char *)sqlite3_column_text(q, 0));
        if (!codes[n]) {
            rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
            goto done;
        }
        n++;
    }
    if (st != SQLITE_DONE) {
        rc = fail(s, err, "clearing a document");
        goto done;
    }
    sqlite3_finalize(q);
    q = NULL;
    static const char *const del[] = {"DELETE FROM observations WHERE doc_id = ?1",
                                      "DELETE FROM targets WHERE doc_id = ?1"};
    for (int k = 0; k < 2; k++) {
        if (sqlite3_prepare_v2(s->db, del[k], -1, &q, NULL) != SQLITE_OK) {
            rc = fail(s, err, "clearing a document");
            goto done;
        }
        sqlite3_bind_int64(q, 1, doc_id);
        if (sqlite3_step(q) != SQLITE_DONE) {
            rc = fail(s, err, "clearing a document");
            goto done;
        }
        sqlite3_finalize(q);
        q = NULL;
    }
    if (s->pt_add)
        for (size_t k = 0; k < n && rc == CT_OK; k++)
            rc = points_rebuild(s, codes[k], err);
done:
    sqlite3_finalize(q);
    for (size_t k = 0; k < n; k++)
        ct__free(codes[k]);
    ct__free(codes);
    return rc;
}

static ct_date unrank(long long r)
{
    ct_date d = {(int)(r / 10000), (int)(r / 100 % 100), (int)(r % 100)};
    return d;
}

static int sq_docs(void *impl, int with_text, const char *only, ct_doc_fn fn, void *ud,
                   ct_error *err)
{
    sq *s = impl;
    sqlite3_stmt *q;
    char sql[512];
    /* ids and names are two namespaces: a key of digits (or "id:DIGITS")
     * is an id and never a name; a name several documents share means the
     * latest of them (the highest id), never silently the oldest */
    long long id = 0;
    int by_id = only && ct_store_key_id(only, &id);
    snprintf(sql, sizeof sql,
             "SELECT id, name, source, sha256, pub_rank, ingested, %s,"
             " (SELECT count(*) FROM observations o WHERE o.doc_id = d.id%s),"
             " (SELECT count(*) FROM targets t WHERE t.doc_id = d.id), %s"
             " FROM documents d %s",
             with_text ? "text" : "''", s->version >= 5 ? " AND o.hidden = 0" : "",
             s->version >= 5 ? "area" : "''",
             !only   ? "ORDER BY id"
             : by_id ? "WHERE id = ?1"
                     : "WHERE name = ?1 ORDER BY id DESC LIMIT 1");
    if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
        return fail(s, err, "listing documents");
    if (only && by_id)
        sqlite3_bind_int64(q, 1, id);
    else if (only)
        sqlite3_bind_text(q, 1, only, -1, SQLITE_STATIC);
    int st, found = 0, rc = CT_OK;
    while ((st = sqlite3_step(q)) == SQLITE_ROW) {
        ct_docinfo d;
        memset(&d, 0, sizeof d);
        d.id = sqlite3_column_int64(q, 0);
        d.name = (const char *)sqlite3_column_text(q, 1);
        d.source = (const char *)sqlite3_column_text(q, 2);
        const char *h = (const char *)sqlite3_column_text(q, 3);
        snprintf(d.sha256, sizeof d.sha256, "%s", h ? h : "");
        d.pub = unrank(sqlite3_column_int64(q, 4));
        d.ingested = (const char *)sqlite3_column_text(q, 5);
        d.text = (const char *)sqlite3_column_text(q, 6);
        d.text_len = (size_t)sqlite3_column_bytes(q, 6);
        d.nobs = sqlite3_column_int64(q, 7);
        d.ntargets = sqlite3_column_int64(q, 8);
        d.area = (const char *)sqlite3_column_text(q, 9);
        if (!d.name || !d.source || !d.text) {
            rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
            break;
        }
        found = 1;
        if (fn(ud, &d)) break;
    }
    if (rc == CT_OK && st != SQLITE_ROW && st != SQLITE_DONE)
        rc = fail(s, err, "listing documents");
    sqlite3_finalize(q);
    if (rc == CT_OK && only && !found)
        rc = ct_error_set(err, CT_ENOENT, -1, 0, "no document '%s'", only);
    return rc;
}

/* The record queries, one statement per case so that each uses its index:
 * a generic "(?1 IS NULL OR indicator = ?1)" makes SQLite scan the whole
 * index for every lookup. Case: bit 0 an indicator (observations_ind /
 * targets_ind, the period range on p_last), bit 1 a document
 * (observations_doc / targets_doc; with both, "+indicator" keeps SQLite on
 * the document's few rows rather than the indicator's many). Rows come in
 * the index order of the indicator case, so that case needs no sort. */
static const char *const rec_cond[4] = {
    " WHERE x.p_last BETWEEN ?3 AND ?4",
    " WHERE x.indicator = ?1 AND x.p_last BETWEEN ?3 AND ?4",
    " WHERE x.doc_id = ?2 AND x.p_last BETWEEN ?3 AND ?4",
    " WHERE x.doc_id = ?2 AND +x.indicator = ?1 AND x.p_last BETWEEN ?3 AND ?4",
};

/* v4: the records' confidence (0 before schema 4); v5: the observations'
 * review columns, and the view: the reviewed one (rows no review hid) or,
 * raw, the rows as extracted (none a review made). */
static void rec_sql(char *out, size_t size, int targets, int kase, int version, int raw)
{
    int v5 = version >= 5 && !targets;
    snprintf(out, size, "%s, %s, %s%s%s%s ORDER BY x.indicator, x.p_last, x.p_first, x.id",
             targets
                 ? "SELECT x.id, x.doc_id, d.name, d.pub_rank, x.indicator, x.p_first, x.p_last,"
                   " x.p_day, x.unit, x.growth, x.min_mant, x.min_exp, x.max_mant, x.max_exp,"
                   " x.area, x.span_start, x.span_end, x.vspan_start, x.vspan_end"
                 : "SELECT x.id, x.doc_id, d.name, d.pub_rank, x.indicator, x.p_first, x.p_last,"
                   " x.p_day, x.unit, x.mant, x.exp, x.approx, x.baseline, x.alt_mant,"
                   " x.alt_exp, x.alt_unit, x.area, x.span_start, x.span_end, x.vspan_start,"
                   " x.vspan_end",
             version >= 4 ? "x.confidence" : "0.0",
             v5 ? "x.review_id, x.hidden" : "NULL, 0",
             targets ? " FROM targets x JOIN documents d ON d.id = x.doc_id"
                     : " FROM observations x JOIN documents d ON d.id = x.doc_id",
             rec_cond[kase],
             !v5 ? "" : raw ? " AND x.review_id IS NULL" : " AND x.hidden = 0");
}

static const char *const chg_sql = "SELECT basis, pct_mant, pct_exp, ref_first, ref_last, ref_day"
                                   " FROM changes WHERE obs_id = ?1 ORDER BY seq";

/* A statement kept on the connection, prepared on first use; one already
 * stepping (a caller reading records from inside a callback) is not
 * shared: *own gets a fresh one, finalized by the caller. */
static int cached(sq *s, sqlite3_stmt **slot, const char *sql, sqlite3_stmt **q, sqlite3_stmt **own)
{
    *own = NULL;
    if (*slot && sqlite3_stmt_busy(*slot)) {
        if (sqlite3_prepare_v2(s->db, sql, -1, own, NULL) != SQLITE_OK) return -1;
        *q = *own;
        return 0;
    }
    if (!*slot && sqlite3_prepare_v2(s->db, sql, -1, slot, NULL) != SQLITE_OK) return -1;
    sqlite3_reset(*slot);
    sqlite3_clear_bindings(*slot);
    *q = *slot;
    return 0;
}

static int sq_records(void *impl, const ct_catalog *cat, const ct_obs_query *qq, int from_month,
                      int to_month, ct_obs_fn fn, void *ud, ct_error *err)
{
    sq *s = impl;
    sqlite3_stmt *q = NULL, *cq = NULL, *own = NULL, *cown = NULL;
    int t = qq->targets ? 1 : 0, kase = (qq->indicator ? 1 : 0) | (qq->doc_id ? 2 : 0);
    int slot = t ? 1 : qq->raw ? 2 : 0;
    char sql[1024];
    rec_sql(sql, sizeof sql, t, kase, s->version, qq->raw);
    if (cached(s, &s->rec[slot][kase], sql, &q, &own) ||
        (!t && cached(s, &s->chg, chg_sql, &cq, &cown))) {
        int rc = fail(s, err, "reading records");
        sqlite3_finalize(own);
        return rc;
    }
    if (qq->indicator) sqlite3_bind_text(q, 1, qq->indicator, -1, SQLITE_STATIC);
    if (qq->doc_id) sqlite3_bind_int64(q, 2, qq->doc_id);
    sqlite3_bind_int(q, 3, from_month > 0 ? from_month : 0);
    sqlite3_bind_int(q, 4, to_month > 0 ? to_month : 0x7FFFFFFF);
    int st, rc = CT_OK;
    while ((st = sqlite3_step(q)) == SQLITE_ROW) {
        ct_obs o;
        memset(&o, 0, sizeof o);
        ct_record *r = &o.rec;
        o.id = sqlite3_column_int64(q, 0);
        o.doc_id = sqlite3_column_int64(q, 1);
        o.doc = (const char *)sqlite3_column_text(q, 2);
        o.pub = unrank(sqlite3_column_int64(q, 3));
        o.indicator = (const char *)sqlite3_column_text(q, 4);
        if (!o.doc || !o.indicator) {
            rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
            break;
        }
        r->ind = cat ? ct_catalog_find(cat, o.indicator) : NULL;
        r->period.first = sqlite3_column_int(q, 5);
        r->period.last = sqlite3_column_int(q, 6);
        r->period.day = sqlite3_column_int(q, 7);
        r->unit = (const char *)sqlite3_column_text(q, 8);
        int c = 9;
        if (qq->targets) {
            r->type = CT_REC_TARGET;
            r->growth = sqlite3_column_int(q, c++);
            r->has_min = sqlite3_column_type(q, c) != SQLITE_NULL;
            r->min.mant = sqlite3_column_int64(q, c++);
            r->min.exp = sqlite3_column_int(q, c++);
            r->has_max = sqlite3_column_type(q, c) != SQLITE_NULL;
            r->max.mant = sqlite3_column_int64(q, c++);
            r->max.exp = sqlite3_column_int(q, c++);
        } else {
            r->type = CT_REC_OBSERVATION;
            r->value.mant = sqlite3_column_int64(q, c++);
            r->value.exp = sqlite3_column_int(q, c++);
            r->approx = (ct_approx)sqlite3_column_int(q, c++);
            r->baseline = sqlite3_column_int(q, c++);
            r->has_alt = sqlite3_column_type(q, c) != SQLITE_NULL;
            r->alt_value.mant = sqlite3_column_int64(q, c++);
            r->alt_value.exp = sqlite3_column_int(q, c++);
            r->alt_unit = (const char *)sqlite3_column_text(q, c++);
        }
        const char *area = (const char *)sqlite3_column_text(q, c++);
        snprintf(r->area, sizeof r->area, "%s", area ? area : "");
        r->span[0] = sqlite3_column_int64(q, c++);
        r->span[1] = sqlite3_column_int64(q, c++);
        r->value_span[0] = sqlite3_column_int64(q, c++);
        r->value_span[1] = sqlite3_column_int64(q, c++);
        r->confidence = sqlite3_column_double(q, c++);
        o.review_id = sqlite3_column_int64(q, c++);
        o.hidden = sqlite3_column_int(q, c++);
        if (cq) {
            sqlite3_reset(cq);
            sqlite3_bind_int64(cq, 1, o.id);
            int cs = SQLITE_DONE;
            while (r->nchanges < CT_MAX_CHANGES && (cs = sqlite3_step(cq)) == SQLITE_ROW) {
                ct_change *ch = &r->changes[r->nchanges++];
                ch->basis = (ct_basis)sqlite3_column_int(cq, 0);
                ch->pct.mant = sqlite3_column_int64(cq, 1);
                ch->pct.exp = sqlite3_column_int(cq, 2);
                ch->ref.first = sqlite3_column_int(cq, 3);
                ch->ref.last = sqlite3_column_int(cq, 4);
                ch->ref.day = sqlite3_column_int(cq, 5);
            }
            /* a failed step is an error, not the end of the changes (a
             * record without them would be judged wrongly; test_fault) */
            if (cs != SQLITE_ROW && cs != SQLITE_DONE) {
                rc = fail(s, err, "reading changes");
                break;
            }
        }
        if (fn(ud, &o)) break;
    }
    if (rc == CT_OK && st != SQLITE_ROW && st != SQLITE_DONE) rc = fail(s, err, "reading records");
    /* reset now: a kept statement holds its read transaction until then */
    sqlite3_reset(q);
    if (cq) sqlite3_reset(cq);
    sqlite3_finalize(own);
    sqlite3_finalize(cown);
    return rc;
}

/* The bytes [start, end) of a document's text, by span: the quote of a
 * finding without the whole text copied out. */
static int sq_doc_span(void *impl, long long doc_id, long long start, long long end, ct_buf *out,
                       ct_error *err)
{
    sq *s = impl;
    sqlite3_stmt *q, *own;
    ct_buf_reset(out);
    if (start < 0 || end <= start) return CT_OK;
    if (cached(s, &s->span,
               "SELECT substr(CAST(text AS BLOB), ?2, ?3) FROM documents WHERE id = ?1", &q, &own))
        return fail(s, err, "reading a quote");
    sqlite3_bind_int64(q, 1, doc_id);
    sqlite3_bind_int64(q, 2, start + 1);
    sqlite3_bind_int64(q, 3, end - start);
    int st = sqlite3_step(q), rc = CT_OK;
    if (st == SQLITE_ROW) {
        const void *p = sqlite3_column_blob(q, 0);
        int n = sqlite3_column_bytes(q, 0);
        if (p && ct_buf_append(out, p, (size_t)n) != CT_OK)
            rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    } else if (st == SQLITE_DONE) {
        rc = ct_error_set(err, CT_ENOENT, -1, 0, "no document %lld", doc_id);
    } else {
        rc = fail(s, err, "reading a quote");
    }
    sqlite3_reset(q);
    sqlite3_finalize(own);
    return rc;
}

/* EXPLAIN QUERY PLAN of a hot statement, its rows joined by "; " (for the
 * test that they use their indexes). what: "records" with a case digit and
 * "t" for targets ("records1", "records2t"), "changes", "span", "points". */
int ct__sqlite_explain(void *impl, const char *what, ct_buf *out, ct_error *err)
{
    sq *s = impl;
    char sql[1100], plan[1200];
    if (!strncmp(what, "records", 7) && what[7] >= '0' && what[7] <= '3')
        rec_sql(sql, sizeof sql, what[8] == 't', what[7] - '0', s->version, 0);
    else if (!strcmp(what, "changes"))
        snprintf(sql, sizeof sql, "%s", chg_sql);
    else if (!strcmp(what, "span"))
        snprintf(sql, sizeof sql,
                 "SELECT substr(CAST(text AS BLOB), ?2, ?3) FROM documents"
                 " WHERE id = ?1");
    else
        return ct_error_set(err, CT_EINVAL, -1, 0, "no statement '%s'", what);
    snprintf(plan, sizeof plan, "EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, plan, -1, &q, NULL) != SQLITE_OK)
        return fail(s, err, "explaining");
    ct_buf_reset(out);
    while (sqlite3_step(q) == SQLITE_ROW) {
        if (out->len) ct_buf_puts(out, "; ");
        const char *d = (const char *)sqlite3_column_text(q, 3);
        ct_buf_puts(out, d ? d : "");
    }
    sqlite3_finalize(q);
    return out->oom ? ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory") : CT_OK;
}

static int sq_indicators(void *impl, int (*fn)(void *ud, const char *code, long long n), void *ud,
                         ct_error *err)
{
    sq *s = impl;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT indicator, count(*) FROM observations GROUP BY indicator"
                           " ORDER BY indicator",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(s, err, "listing indicators");
    int st;
    while ((st = sqlite3_step(q)) == SQLITE_ROW)
        if (fn(ud, (const char *)sqlite3_column_text(q, 0), sqlite3_column_int64(q, 1))) break;
    int rc = (st == SQLITE_ROW || st == SQLITE_DONE) ? CT_OK : fail(s, err, "listing indicators");
    sqlite3_finalize(q);
    return rc;
}

static int sq_points(void *impl, const char *indicator, const char *area, int from_month,
                     int to_month, ct_point_fn fn, void *ud, ct_error *err)
{
    sq *s = impl;
    if (!s->pt_add) return ct_error_set(err, CT_EINVAL, -1, 0, "database schema too old");
    sqlite3_stmt *q, *own;
    if (cached(s, &s->points,
               "SELECT p.p_first, p.p_last, p.p_day, p.unit, p.mant, p.exp, p.nobs, p.nreported,"
               " p.best_obs, p.best_doc, p.best_doc_name, p.best_pub, p.best_baseline,"
               " p.best_approx, p.has_yoy, p.yoy_mant, p.yoy_exp"
               " FROM points p"
               " WHERE p.indicator = ?1 AND p.area = ?2 AND p.p_last BETWEEN ?3 AND ?4"
               " ORDER BY p.p_last, p.p_first, p.p_day", /* the key order: no sort */
               &q, &own))
        return fail(s, err, "reading points");
    sqlite3_bind_text(q, 1, indicator, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, area, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, from_month > 0 ? from_month : 0);
    sqlite3_bind_int(q, 4, to_month > 0 ? to_month : 0x7FFFFFFF);
    int st;
    while ((st = sqlite3_step(q)) == SQLITE_ROW) {
        ct_point p;
        memset(&p, 0, sizeof p);
        p.indicator = indicator;
        p.area = area;
        p.period.first = sqlite3_column_int(q, 0);
        p.period.last = sqlite3_column_int(q, 1);
        p.period.day = sqlite3_column_int(q, 2);
        p.unit = (const char *)sqlite3_column_text(q, 3);
        p.value.mant = sqlite3_column_int64(q, 4);
        p.value.exp = sqlite3_column_int(q, 5);
        p.nobs = sqlite3_column_int64(q, 6);
        p.nreported = sqlite3_column_int64(q, 7);
        p.best_obs = sqlite3_column_int64(q, 8);
        p.best_doc = sqlite3_column_int64(q, 9);
        p.best_doc_name = (const char *)sqlite3_column_text(q, 10);
        p.best_pub = unrank(sqlite3_column_int64(q, 11));
        p.best_baseline = sqlite3_column_int(q, 12);
        p.best_approx = (ct_approx)sqlite3_column_int(q, 13);
        p.has_yoy = sqlite3_column_int(q, 14);
        p.yoy.mant = sqlite3_column_int64(q, 15);
        p.yoy.exp = sqlite3_column_int(q, 16);
        if (!p.unit || !p.best_doc_name) continue;
        if (fn(ud, &p)) break;
    }
    int rc = (st == SQLITE_ROW || st == SQLITE_DONE) ? CT_OK : fail(s, err, "reading points");
    sqlite3_reset(q); /* a kept statement holds its read transaction until reset */
    sqlite3_finalize(own);
    return rc;
}

static int sq_counts(void *impl, long long *docs, long long *obs, long long *targets, ct_error *err)
{
    sq *s = impl;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT (SELECT count(*) FROM documents),"
                           " (SELECT count(*) FROM observations), (SELECT count(*) FROM targets)",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(s, err, "counting");
    int rc = CT_OK;
    if (sqlite3_step(q) == SQLITE_ROW) {
        if (docs) *docs = sqlite3_column_int64(q, 0);
        if (obs) *obs = sqlite3_column_int64(q, 1);
        if (targets) *targets = sqlite3_column_int64(q, 2);
    } else {
        rc = fail(s, err, "counting");
    }
    sqlite3_finalize(q);
    return rc;
}

/* ---- tokens (schema 3) ------------------------------------------------- */

static int need_v3(sq *s, ct_error *err)
{
    return s->version >= 3 ? CT_OK : ct_error_set(err, CT_EINVAL, -1, 0, "database schema too old");
}

static int sq_token_add(void *impl, const char *name, const char *role, const char *hash,
                        ct_error *err)
{
    sq *s = impl;
    int rc = need_v3(s, err);
    if (rc != CT_OK) return rc;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "INSERT INTO tokens(name, role, hash) VALUES(?1, ?2, ?3)", -1, &q,
                           NULL) != SQLITE_OK)
        return fail(s, err, "adding a token");
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, role, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, hash, -1, SQLITE_STATIC);
    int st = sqlite3_step(q);
    if (st == SQLITE_CONSTRAINT)
        rc = ct_error_set(err, CT_EINVAL, -1, 0, "a token named '%s' exists (revoke it first)",
                          name);
    else if (st != SQLITE_DONE)
        rc = fail(s, err, "adding a token");
    sqlite3_finalize(q);
    return rc;
}

static int token_rows(sq *s, sqlite3_stmt *q, ct_token_fn fn, void *ud, ct_error *err)
{
    int st, n = 0;
    while ((st = sqlite3_step(q)) == SQLITE_ROW) {
        ct_token t = {.id = sqlite3_column_int64(q, 0),
                      .name = (const char *)sqlite3_column_text(q, 1),
                      .role = (const char *)sqlite3_column_text(q, 2),
                      .created = (const char *)sqlite3_column_text(q, 3),
                      .revoked = (const char *)sqlite3_column_text(q, 4)};
        if (!t.name || !t.role || !t.created) return fail(s, err, "reading tokens");
        n++;
        if (fn && fn(ud, &t)) break;
    }
    if (st != SQLITE_ROW && st != SQLITE_DONE) return fail(s, err, "reading tokens");
    return n;
}

static int sq_token_find(void *impl, const char *hash, ct_token_fn fn, void *ud, ct_error *err)
{
    sq *s = impl;
    int rc = need_v3(s, err);
    if (rc != CT_OK) return rc;
    if (!s->tok_find && sqlite3_prepare_v2(s->db,
                                           "SELECT id, name, role, created, revoked FROM tokens"
                                           " WHERE hash = ?1 AND revoked IS NULL",
                                           -1, &s->tok_find, NULL) != SQLITE_OK)
        return fail(s, err, "finding a token");
    sqlite3_bind_text(s->tok_find, 1, hash, -1, SQLITE_STATIC);
    int n = token_rows(s, s->tok_find, fn, ud, err);
    sqlite3_reset(s->tok_find);
    sqlite3_clear_bindings(s->tok_find);
    if (n < 0) return n;
    return n ? CT_OK : ct_error_set(err, CT_ENOENT, -1, 0, "no such token");
}

static int sq_tokens(void *impl, ct_token_fn fn, void *ud, ct_error *err)
{
    sq *s = impl;
    int rc = need_v3(s, err);
    if (rc != CT_OK) return rc;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT id, name, role, created, revoked FROM tokens ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(s, err, "listing tokens");
    int n = token_rows(s, q, fn, ud, err);
    sqlite3_finalize(q);
    return n < 0 ? n : CT_OK;
}

static int sq_token_revoke(void *impl, const char *name, ct_error *err)
{
    sq *s = impl;
    int rc = need_v3(s, err);
    if (rc != CT_OK) return rc;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE tokens SET revoked = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                           " WHERE name = ?1 AND revoked IS NULL",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(s, err, "revoking a token");
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE)
        rc = fail(s, err, "revoking a token");
    else if (sqlite3_changes(s->db) == 0)
        rc = ct_error_set(err, CT_ENOENT, -1, 0, "no live token named '%s'", name);
    sqlite3_finalize(q);
    return rc;
}

/* Changes when another connection (or process) commits: the server's
 * response cache is valid while it stays the same. */
static int sq_data_version(void *impl, long long *v, ct_error *err)
{
    sq *s = impl;
    if (!s->data_version &&
        sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &s->data_version, NULL) != SQLITE_OK)
        return fail(s, err, "reading the data version");
    int st = sqlite3_step(s->data_version);
    int rc = CT_OK;
    if (st == SQLITE_ROW)
        *v = sqlite3_column_int64(s->data_version, 0);
    else
        rc = fail(s, err, "reading the data version");
    sqlite3_reset(s->data_version);
    return rc;
}

static int sq_doc_delete(void *impl, long long doc_id, ct_error *err)
{
    sq *s = impl;
    int rc = sq_doc_clear(impl, doc_id, err);
    if (rc != CT_OK) return rc;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "DELETE FROM documents WHERE id = ?1", -1, &q, NULL) != SQLITE_OK)
        return fail(s, err, "deleting a document");
    sqlite3_bind_int64(q, 1, doc_id);
    if (sqlite3_step(q) != SQLITE_DONE)
        rc = fail(s, err, "deleting a document");
    else if (sqlite3_changes(s->db) == 0)
        rc = ct_error_set(err, CT_ENOENT, -1, 0, "no document %lld", doc_id);
    sqlite3_finalize(q);
    return rc;
}

/* ---- reviews (schema 5) ---- */

static int need_v5(sq *s, ct_error *err)
{
    if (s->version >= 5) return CT_OK;
    return ct_error_set(err, CT_EINVAL, -1, 0, "database schema %d has no reviews (need 5)",
                        s->version);
}

static int one_step(sq *s, sqlite3_stmt *q, const char *what, ct_error *err)
{
    int st = sqlite3_step(q);
    int rc = st == SQLITE_DONE || st == SQLITE_ROW ? CT_OK : fail(s, err, what);
    sqlite3_finalize(q);
    return rc;
}

static void bind_opt_text(sqlite3_stmt *q, int at, const char *v)
{
    if (v)
        sqlite3_bind_text(q, at, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, at);
}

static int sq_review_put(void *impl, ct_review *r, long long doc_id, long long hide_obs,
                         const ct_record *rec, ct_error *err)
{
    sq *s = impl;
    sqlite3_stmt *q;
    int rc = need_v5(s, err);
    if (rc != CT_OK) return rc;
    static const char *const act[] = {"", "accept", "correct", "reject", "add"};
    if (!r->id) {
        if (sqlite3_prepare_v2(
                s->db,
                "INSERT INTO reviews(doc_name, action, indicator, span_start, span_end,"
                " vspan_start, vspan_end, who, at, before, after, note, a_indicator, a_p_first,"
                " a_p_last, a_p_day, a_mant, a_exp, a_unit, a_area, a_approx, a_baseline)"
                " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,coalesce(?9, strftime('%Y-%m-%dT%H:%M:%SZ',"
                " 'now')),?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22)",
                -1, &q, NULL) != SQLITE_OK)
            return fail(s, err, "adding a review");
        sqlite3_bind_text(q, 1, r->doc, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, act[r->action], -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, r->indicator, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 4, r->span[0]);
        sqlite3_bind_int64(q, 5, r->span[1]);
        sqlite3_bind_int64(q, 6, r->value_span[0]);
        sqlite3_bind_int64(q, 7, r->value_span[1]);
        sqlite3_bind_text(q, 8, r->who, -1, SQLITE_STATIC);
        bind_opt_text(q, 9, r->at);
        bind_opt_text(q, 10, r->before);
        bind_opt_text(q, 11, r->after);
        bind_opt_text(q, 12, r->note);
        if (r->after_indicator) {
            const ct_record *a = &r->after_rec;
            sqlite3_bind_text(q, 13, r->after_indicator, -1, SQLITE_STATIC);
            sqlite3_bind_int(q, 14, a->period.first);
            sqlite3_bind_int(q, 15, a->period.last);
            sqlite3_bind_int(q, 16, a->period.day);
            sqlite3_bind_int64(q, 17, a->value.mant);
            sqlite3_bind_int(q, 18, a->value.exp);
            sqlite3_bind_text(q, 19, a->unit ? a->unit : "", -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 20, a->area, -1, SQLITE_STATIC);
            sqlite3_bind_int(q, 21, (int)a->approx);
            sqlite3_bind_int(q, 22, a->baseline != 0);
        }
        if ((rc = one_step(s, q, "adding a review", err)) != CT_OK) return rc;
        r->id = sqlite3_last_insert_rowid(s->db);
    } else {
        if (sqlite3_prepare_v2(s->db, "UPDATE reviews SET attached = 1 WHERE id = ?1", -1, &q,
                               NULL) != SQLITE_OK)
            return fail(s, err, "attaching a review");
        sqlite3_bind_int64(q, 1, r->id);
        if ((rc = one_step(s, q, "attaching a review", err)) != CT_OK) return rc;
    }
    char hidden_ind[128] = "";
    if (hide_obs) {
        if (sqlite3_prepare_v2(s->db,
                               "UPDATE observations SET hidden = 1 WHERE id = ?1"
                               " RETURNING indicator",
                               -1, &q, NULL) != SQLITE_OK)
            return fail(s, err, "hiding a record");
        sqlite3_bind_int64(q, 1, hide_obs);
        int st = sqlite3_step(q);
        if (st == SQLITE_ROW)
            snprintf(hidden_ind, sizeof hidden_ind, "%s",
                     (const char *)sqlite3_column_text(q, 0));
        while (st == SQLITE_ROW)
            st = sqlite3_step(q);
        sqlite3_finalize(q);
        if (st != SQLITE_DONE) return fail(s, err, "hiding a record");
    }
    if (rec) {
        if ((rc = sq_record_add(impl, doc_id, rec, err)) != CT_OK) return rc;
        long long row = sqlite3_last_insert_rowid(s->db);
        if (sqlite3_prepare_v2(s->db, "UPDATE observations SET review_id = ?1 WHERE id = ?2", -1,
                               &q, NULL) != SQLITE_OK)
            return fail(s, err, "adding a reviewed record");
        sqlite3_bind_int64(q, 1, r->id);
        sqlite3_bind_int64(q, 2, row);
        if ((rc = one_step(s, q, "adding a reviewed record", err)) != CT_OK) return rc;
    }
    /* the hidden row's point goes (record_add added the new one's) */
    if (hidden_ind[0] && s->pt_add) rc = points_rebuild(s, hidden_ind, err);
    return rc;
}

static int sq_review_detach(void *impl, long long id, ct_error *err)
{
    sq *s = impl;
    sqlite3_stmt *q;
    int rc = need_v5(s, err);
    if (rc != CT_OK) return rc;
    if (sqlite3_prepare_v2(s->db, "UPDATE reviews SET attached = 0 WHERE id = ?1", -1, &q,
                           NULL) != SQLITE_OK)
        return fail(s, err, "detaching a review");
    sqlite3_bind_int64(q, 1, id);
    return one_step(s, q, "detaching a review", err);
}

static int sq_reviews(void *impl, const char *doc, ct_review_fn fn, void *ud, ct_error *err)
{
    sq *s = impl;
    sqlite3_stmt *q;
    int rc = need_v5(s, err);
    if (rc != CT_OK) return rc;
    if (sqlite3_prepare_v2(
            s->db,
            "SELECT id, doc_name, action, indicator, span_start, span_end, vspan_start,"
            " vspan_end, who, at, before, after, note, attached, a_indicator, a_p_first,"
            " a_p_last, a_p_day, a_mant, a_exp, a_unit, a_area, a_approx, a_baseline"
            " FROM reviews WHERE ?1 IS NULL OR doc_name = ?1 ORDER BY id",
            -1, &q, NULL) != SQLITE_OK)
        return fail(s, err, "reading reviews");
    bind_opt_text(q, 1, doc);
    int st;
    while ((st = sqlite3_step(q)) == SQLITE_ROW) {
        ct_review r;
        memset(&r, 0, sizeof r);
        r.id = sqlite3_column_int64(q, 0);
        r.doc = (const char *)sqlite3_column_text(q, 1);
        const char *a = (const char *)sqlite3_column_text(q, 2);
        r.indicator = (const char *)sqlite3_column_text(q, 3);
        r.who = (const char *)sqlite3_column_text(q, 8);
        r.at = (const char *)sqlite3_column_text(q, 9);
        if (!r.doc || !a || !r.indicator || !r.who || !r.at) {
            rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
            break;
        }
        r.action = !strcmp(a, "accept")    ? CT_REVIEW_ACCEPT
                   : !strcmp(a, "correct") ? CT_REVIEW_CORRECT
                   : !strcmp(a, "reject")  ? CT_REVIEW_REJECT
                                           : CT_REVIEW_ADD;
        r.span[0] = sqlite3_column_int64(q, 4);
        r.span[1] = sqlite3_column_int64(q, 5);
        r.value_span[0] = sqlite3_column_int64(q, 6);
        r.value_span[1] = sqlite3_column_int64(q, 7);
        r.before = (const char *)sqlite3_column_text(q, 10);
        r.after = (const char *)sqlite3_column_text(q, 11);
        r.note = (const char *)sqlite3_column_text(q, 12);
        r.attached = sqlite3_column_int(q, 13);
        r.after_indicator = (const char *)sqlite3_column_text(q, 14);
        if (r.after_indicator) {
            ct_record *x = &r.after_rec;
            x->type = CT_REC_OBSERVATION;
            x->period.first = sqlite3_column_int(q, 15);
            x->period.last = sqlite3_column_int(q, 16);
            x->period.day = sqlite3_column_int(q, 17);
            x->value.mant = sqlite3_column_int64(q, 18);
            x->value.exp = sqlite3_column_int(q, 19);
            x->unit = (const char *)sqlite3_column_text(q, 20);
            const char *ar = (const char *)sqlite3_column_text(q, 21);
            snprintf(x->area, sizeof x->area, "%s", ar ? ar : "");
            x->approx = (ct_approx)sqlite3_column_int(q, 22);
            x->baseline = sqlite3_column_int(q, 23);
            x->span[0] = r.span[0];
            x->span[1] = r.span[1];
            x->value_span[0] = r.value_span[0];
            x->value_span[1] = r.value_span[1];
        }
        if (fn(ud, &r)) break;
    }
    if (rc == CT_OK && st != SQLITE_ROW && st != SQLITE_DONE) rc = fail(s, err, "reading reviews");
    sqlite3_finalize(q);
    return rc;
}

/* What store_sqlite_review.c needs of a connection. */
sqlite3 *ct__sqlite_db(void *impl)
{
    return ((sq *)impl)->db;
}

int ct__sqlite_fail(void *impl, ct_error *err, const char *what)
{
    return fail(impl, err, what);
}

const ct__store_ops ct__store_sqlite = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .schema_version = sq_version,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .mark = sq_mark,
    .release = sq_release,
    .undo = sq_undo,
    .doc_find = sq_doc_find,
    .doc_add = sq_doc_add,
    .record_add = sq_record_add,
    .doc_clear = sq_doc_clear,
    .docs = sq_docs,
    .records = sq_records,
    .indicators = sq_indicators,
    .points = sq_points,
    .counts = sq_counts,
    .token_add = sq_token_add,
    .token_find = sq_token_find,
    .tokens = sq_tokens,
    .token_revoke = sq_token_revoke,
    .data_version = sq_data_version,
    .doc_delete = sq_doc_delete,
    .doc_span = sq_doc_span,
    .review_put = sq_review_put,
    .review_detach = sq_review_detach,
    .reviews = sq_reviews,
    .review_move = ct__sqlite_review_move,
    .obs_doc = ct__sqlite_obs_doc,
    .mark_put = ct__sqlite_mark_put,
    .marks = ct__sqlite_marks,
    .doc_replace = ct__sqlite_doc_replace,
    .doc_versions = ct__sqlite_doc_versions,
    .explain = ct__sqlite_explain,
};
