/* test_store_pg.c — the storage interface on PostgreSQL (store_pg.c),
 * against the server whose maintenance database $CT_PG_URL names
 * (tests/pg/with-server.sh starts a throwaway one). Each test makes its
 * own database. Covered: the schema made once and a newer one refused;
 * transactions and savepoints all or nothing, a commit after a failed
 * statement reported as a failure; one document per content hash across
 * connections; the data version moving with another connection's
 * commits; bytes of a text kept exactly (spans, NUL, not UTF-8); points
 * kept in step through a clear; tokens shared between connections.
 *
 * Without $CT_PG_URL it exits 77 (skipped; with.server.sh fails in CI). */
#include "harness.h"
#include "store_int.h"

#include <libpq-fe.h>
#include <unistd.h>

static const char *base; /* $CT_PG_URL: .../postgres?host=... */
static char url[512];

/* A fresh database "t_<name>" on the server; url names it. */
static void fresh_db(const char *name)
{
    PGconn *c = PQconnectdb(base);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS t_%s", name);
    PQclear(PQexec(c, sql));
    snprintf(sql, sizeof sql, "CREATE DATABASE t_%s", name);
    PGresult *r = PQexec(c, sql);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    PQfinish(c);
    /* base is postgresql:///postgres?...: the same with another dbname */
    const char *q = strchr(base, '?');
    assert_non_null(q);
    snprintf(url, sizeof url, "postgresql:///t_%s%s", name, q);
}

/* One SQL statement on the test's database, its first value (or ""). */
static void sql1(const char *sql, char *out, size_t n)
{
    PGconn *c = PQconnectdb(url);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    PGresult *r = PQexec(c, sql);
    ExecStatusType es = PQresultStatus(r);
    assert_true(es == PGRES_TUPLES_OK || es == PGRES_COMMAND_OK);
    snprintf(out, n, "%s", es == PGRES_TUPLES_OK && PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    PQfinish(c);
}

static ct_record obs(const char *code, ct_period per, long long mant, int exp, int baseline)
{
    ct_record r;
    memset(&r, 0, sizeof r);
    r.type = CT_REC_OBSERVATION;
    r.ind = ct_catalog_find(test_catalog(), code);
    assert_non_null(r.ind);
    r.period = per;
    r.unit = "VND";
    r.value.mant = mant;
    r.value.exp = exp;
    r.baseline = baseline;
    r.span[0] = 3;
    r.span[1] = 40;
    r.confidence = 0.1 + 0.2; /* not a short decimal: must come back exactly */
    return r;
}

static ct_docinfo doc(const char *name, const char *text, size_t len)
{
    ct_docinfo di;
    memset(&di, 0, sizeof di);
    di.name = name;
    di.source = "test";
    di.text = text;
    di.text_len = len;
    di.pub.y = 2024, di.pub.m = 5, di.pub.d = 2;
    return di;
}

static long long ndocs(ct_store *st)
{
    long long d = -1, o = -1, t = -1;
    ct_error err;
    int rc = ct_store_counts(st, &d, &o, &t, &err);
    if (rc != CT_OK) fprintf(stderr, "counts: %s\n", err.msg);
    assert_int_equal(rc, CT_OK);
    return d;
}

static long long nobs(ct_store *st)
{
    long long d = -1, o = -1, t = -1;
    ct_error err;
    assert_int_equal(ct_store_counts(st, &d, &o, &t, &err), CT_OK);
    return o;
}

static void test_schema(void **state)
{
    (void)state;
    fresh_db("schema");
    ct_store *a, *b;
    ct_error err;
    assert_int_equal(ct_store_open(url, &a, &err), CT_OK);
    /* PostgreSQL builds schema 5: schema 6's marks and versions are SQLite's */
    assert_int_equal(ct_store_schema_version(a), 5);
    assert_int_equal(ct_store_open(url, &b, &err), CT_OK); /* made once, found again */
    ct_store_close(b);
    ct_store_close(a);
    char v[32];
    sql1("SELECT schema_version || '/' || (SELECT count(*) FROM chitieu_meta) FROM chitieu_meta", v,
         sizeof v);
    assert_string_equal(v, "5/1");
    sql1("UPDATE chitieu_meta SET schema_version = 9", v, sizeof v);
    assert_int_equal(ct_store_open(url, &a, &err), CT_EINVAL);
    assert_non_null(strstr(err.msg, "schema version 9 is newer than this chitieu (5)"));
}

static void test_transactions(void **state)
{
    (void)state;
    fresh_db("tx");
    ct_store *st;
    ct_error err;
    assert_int_equal(ct_store_open(url, &st, &err), CT_OK);
    ct_period q1 = ct_period_range(2023, 1, 2023, 3);
    ct_record r = obs("infosec.revenue", q1, 548, 9, 0);
    /* rolled back: nothing */
    ct_docinfo a = doc("a", "text a", 6);
    assert_int_equal(ct_store_begin(st, &err), CT_OK);
    assert_int_equal(ct_store_doc_add(st, &a, &err), CT_OK);
    assert_int_equal(ct_store_record_add(st, a.id, &r, &err), CT_OK);
    ct_store_rollback(st);
    assert_int_equal(ndocs(st), 0);
    assert_int_equal(nobs(st), 0);
    /* a savepoint undone takes only its own document */
    ct_docinfo b = doc("b", "text b", 6), c = doc("c", "text c", 6);
    assert_int_equal(ct_store_begin(st, &err), CT_OK);
    assert_int_equal(ct_store_mark(st, &err), CT_OK);
    assert_int_equal(ct_store_doc_add(st, &b, &err), CT_OK);
    assert_int_equal(ct_store_record_add(st, b.id, &r, &err), CT_OK);
    assert_int_equal(ct_store_release(st, &err), CT_OK);
    assert_int_equal(ct_store_mark(st, &err), CT_OK);
    assert_int_equal(ct_store_doc_add(st, &c, &err), CT_OK);
    assert_int_equal(ct_store_record_add(st, c.id, &r, &err), CT_OK);
    ct_store_undo(st);
    assert_int_equal(ct_store_commit(st, &err), CT_OK);
    assert_int_equal(ndocs(st), 1);
    assert_int_equal(nobs(st), 1);
    long long id;
    assert_int_equal(ct_store_doc_find(st, c.sha256, &id, &err), CT_ENOENT);
    assert_int_equal(ct_store_doc_find(st, b.sha256, &id, &err), CT_OK);
    assert_int_equal(id, b.id);
    /* a failed statement spoils the transaction: the commit says so and
     * keeps nothing of it (a target of a document that is not there) */
    ct_docinfo d = doc("d", "text d", 6);
    ct_record t;
    memset(&t, 0, sizeof t);
    t.type = CT_REC_TARGET;
    t.ind = r.ind;
    t.period = q1;
    t.unit = "VND";
    assert_int_equal(ct_store_begin(st, &err), CT_OK);
    assert_int_equal(ct_store_doc_add(st, &d, &err), CT_OK);
    /* (writes go down a pipeline: the failure may show only at commit) */
    int rc = ct_store_record_add(st, 987654, &t, &err);
    assert_true(rc == CT_OK || rc == CT_EIO);
    if (rc == CT_OK)
        assert_int_not_equal(ct_store_commit(st, &err), CT_OK);
    else
        ct_store_rollback(st);
    assert_non_null(strstr(err.msg, "adding a target"));
    assert_int_equal(ndocs(st), 1);
    /* and the connection is usable again */
    assert_int_equal(ct_store_begin(st, &err), CT_OK);
    assert_int_equal(ct_store_doc_add(st, &d, &err), CT_OK);
    assert_int_equal(ct_store_commit(st, &err), CT_OK);
    assert_int_equal(ndocs(st), 2);
    ct_store_close(st);
}

static void test_one_per_hash(void **state)
{
    (void)state;
    fresh_db("hash");
    ct_store *a, *b;
    ct_error err;
    assert_int_equal(ct_store_open(url, &a, &err), CT_OK);
    assert_int_equal(ct_store_open(url, &b, &err), CT_OK);
    long long v0, v1, v2;
    assert_int_equal(ct_store_data_version(b, &v0, &err), CT_OK);
    assert_int_equal(ct_store_data_version(b, &v1, &err), CT_OK);
    assert_true(v0 == v1); /* nothing committed: unchanged */
    /* b looked first and found nothing; a stores the text meanwhile */
    ct_docinfo x = doc("x", "same text", 9), y = doc("y", "same text", 9);
    long long id;
    assert_int_equal(ct_store_doc_find(b, "0", &id, &err), CT_ENOENT);
    assert_int_equal(ct_store_begin(a, &err), CT_OK);
    assert_int_equal(ct_store_doc_add(a, &x, &err), CT_OK);
    assert_int_equal(ct_store_commit(a, &err), CT_OK);
    assert_int_equal(ct_store_data_version(b, &v2, &err), CT_OK);
    assert_true(v2 != v1); /* another connection committed */
    assert_int_equal(ct_store_begin(b, &err), CT_OK);
    assert_int_equal(ct_store_mark(b, &err), CT_OK);
    assert_int_equal(ct_store_doc_add(b, &y, &err), CT_EINVAL);
    assert_non_null(strstr(err.msg, "already stored"));
    ct_store_undo(b);
    assert_int_equal(ct_store_doc_find(b, y.sha256, &id, &err), CT_OK);
    assert_int_equal(id, x.id);
    assert_int_equal(ct_store_commit(b, &err), CT_OK);
    assert_int_equal(ndocs(a), 1);
    ct_store_close(a);
    ct_store_close(b);
}

typedef struct got {
    char text[64];
    size_t len;
    long long nobs;
    double conf;
    int n;
} got;

static int on_doc(void *ud, const ct_docinfo *d)
{
    got *g = ud;
    assert_true(d->text_len <= sizeof g->text);
    memcpy(g->text, d->text, d->text_len);
    g->len = d->text_len;
    g->nobs = d->nobs;
    return 0;
}

static int on_obs(void *ud, const ct_obs *o)
{
    got *g = ud;
    g->conf = o->rec.confidence;
    assert_int_equal(o->rec.nchanges, 2);
    assert_int_equal(o->rec.changes[1].basis, CT_BASIS_PREV);
    assert_int_equal(o->rec.changes[1].pct.mant, -125);
    assert_int_equal(o->rec.changes[1].pct.exp, -1);
    g->n++;
    return 0;
}

static int on_pt(void *ud, const ct_point *p)
{
    got *g = ud;
    g->n++;
    assert_int_equal(p->nobs, 2);
    assert_int_equal(p->nreported, 1);
    assert_string_equal(p->best_doc_name, "bytes");
    assert_false(p->best_baseline); /* reported beats the baseline */
    assert_true(p->has_yoy);
    assert_int_equal(p->yoy.mant, 468);
    return 0;
}

static void test_bytes_records_points(void **state)
{
    (void)state;
    fresh_db("bytes");
    ct_store *st;
    ct_error err;
    assert_int_equal(ct_store_open(url, &st, &err), CT_OK);
    static const char text[] = "abc\0\xff\xfe Doanh thu \xc4\x91\xe1\xba\xa1t"; /* NUL, not UTF-8 */
    size_t len = sizeof text - 1;
    ct_docinfo d = doc("bytes", text, len);
    ct_period q1 = ct_period_range(2024, 1, 2024, 3);
    ct_record r[2] = {obs("infosec.revenue", q1, 804, 9, 0), obs("infosec.revenue", q1, 804, 9, 1)};
    r[0].nchanges = 2;
    r[0].changes[0].basis = CT_BASIS_YOY;
    r[0].changes[0].pct.mant = 468;
    r[0].changes[0].pct.exp = -1;
    r[0].changes[1].basis = CT_BASIS_PREV;
    r[0].changes[1].pct.mant = -125;
    r[0].changes[1].pct.exp = -1;
    r[1].nchanges = 2;
    r[1].changes[0] = r[0].changes[0];
    r[1].changes[1] = r[0].changes[1];
    assert_int_equal(ct_store_begin(st, &err), CT_OK);
    assert_int_equal(ct_store_doc_add(st, &d, &err), CT_OK);
    assert_int_equal(ct_store_record_add(st, d.id, &r[0], &err), CT_OK);
    assert_int_equal(ct_store_record_add(st, d.id, &r[1], &err), CT_OK);
    assert_int_equal(ct_store_commit(st, &err), CT_OK);
    got g;
    memset(&g, 0, sizeof g);
    assert_int_equal(ct_store_doc_get(st, "bytes", on_doc, &g, &err), CT_OK);
    assert_int_equal(g.len, len);
    assert_memory_equal(g.text, text, len);
    assert_int_equal(g.nobs, 2);
    ct_buf b = {0};
    assert_int_equal(ct_store_doc_span(st, d.id, 2, 6, &b, &err), CT_OK);
    assert_int_equal(b.len, 4);
    assert_memory_equal(b.data, "c\0\xff\xfe", 4);
    assert_int_equal(ct_store_doc_span(st, d.id, len - 2, len + 50, &b, &err), CT_OK);
    assert_int_equal(b.len, 2); /* past the end: what there is */
    assert_int_equal(ct_store_doc_span(st, 424242, 0, 3, &b, &err), CT_ENOENT);
    ct_buf_free(&b);
    ct_obs_query q = {"infosec.revenue", 0, 0, 0};
    assert_int_equal(ct_store_records(st, test_catalog(), &q, on_obs, &g, &err), CT_OK);
    assert_int_equal(g.n, 2);
    assert_true(g.conf == 0.1 + 0.2);
    g.n = 0;
    assert_int_equal(ct_store_points(st, "infosec.revenue", "", 0, 0, on_pt, &g, &err), CT_OK);
    assert_int_equal(g.n, 1);
    /* cleared: its points go with its records */
    assert_int_equal(ct_store_begin(st, &err), CT_OK);
    assert_int_equal(ct_store_doc_clear(st, d.id, &err), CT_OK);
    assert_int_equal(ct_store_commit(st, &err), CT_OK);
    g.n = 0;
    assert_int_equal(ct_store_points(st, "infosec.revenue", "", 0, 0, on_pt, &g, &err), CT_OK);
    assert_int_equal(g.n, 0);
    assert_int_equal(nobs(st), 0);
    assert_int_equal(ndocs(st), 1);
    ct_store_close(st);
}

static int on_tok(void *ud, const ct_token *t)
{
    snprintf(ud, 64, "%s %s %s", t->name, t->role, t->revoked ? "revoked" : "live");
    return 0;
}

static void test_tokens_shared(void **state)
{
    (void)state;
    fresh_db("tokens");
    ct_store *a, *b;
    ct_error err;
    assert_int_equal(ct_store_open(url, &a, &err), CT_OK);
    assert_int_equal(ct_store_open(url, &b, &err), CT_OK);
    char tok[CT_TOKEN_SIZE], h[65], h2[65], seen[64] = "";
    assert_int_equal(ct_token_new(tok, &err), CT_OK);
    ct_store_hash(tok, strlen(tok), h);
    ct_store_hash("other", 5, h2);
    long long v0, v1;
    assert_int_equal(ct_store_data_version(b, &v0, &err), CT_OK);
    assert_int_equal(ct_store_token_add(a, "Sở Huế", "editor", h, &err), CT_OK);
    assert_int_equal(ct_store_data_version(b, &v1, &err), CT_OK);
    assert_true(v0 != v1);
    assert_int_equal(ct_store_token_find(b, h, on_tok, seen, &err), CT_OK);
    assert_string_equal(seen, "Sở Huế editor live");
    assert_int_equal(ct_store_token_add(b, "Sở Huế", "admin", h2, &err), CT_EINVAL);
    assert_non_null(strstr(err.msg, "exists"));
    assert_int_equal(ct_store_token_revoke(b, "Sở Huế", &err), CT_OK);
    assert_int_equal(ct_store_token_find(a, h, on_tok, seen, &err), CT_ENOENT);
    assert_int_equal(ct_store_token_revoke(a, "Sở Huế", &err), CT_ENOENT);
    assert_int_equal(ct_store_token_add(a, "Sở Huế", "admin", h2, &err),
                     CT_OK); /* name free again */
    assert_int_equal(ct_store_tokens(b, on_tok, seen, &err), CT_OK);
    assert_string_equal(seen, "Sở Huế admin live"); /* the last in order */
    ct_store_close(a);
    ct_store_close(b);
}

int main(void)
{
    base = getenv("CT_PG_URL");
    if (!base || !*base) {
        fprintf(stderr, "test_store_pg: CT_PG_URL not set (tests/pg/with-server.sh sets it)\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema),        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_one_per_hash),  cmocka_unit_test(test_bytes_records_points),
        cmocka_unit_test(test_tokens_shared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
