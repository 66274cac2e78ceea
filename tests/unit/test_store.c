/* test_store.c — the storage interface on SQLite: documents by content
 * hash, records with their changes, the points summary (preference and
 * rebuild after a document is cleared), transactions that roll back, and
 * the schema checks. */
#include "harness.h"
#include "store_int.h"

#include <unistd.h>

static char path[64];

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/ct_test_store_%d.db", (int)getpid());
    unlink(path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    test_remove_db(path);
    return 0;
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
    return r;
}

static long long add_doc(ct_store *st, const char *name, const char *text, int y, int m, int d,
                         const ct_record *recs, int n)
{
    ct_error err;
    ct_docinfo di;
    memset(&di, 0, sizeof di);
    di.name = name;
    di.source = "test";
    di.text = text;
    di.text_len = strlen(text);
    di.pub.y = y, di.pub.m = m, di.pub.d = d;
    assert_int_equal(ct_store_begin(st, &err), CT_OK);
    assert_int_equal(ct_store_doc_add(st, &di, &err), CT_OK);
    for (int i = 0; i < n; i++)
        assert_int_equal(ct_store_record_add(st, di.id, &recs[i], &err), CT_OK);
    assert_int_equal(ct_store_commit(st, &err), CT_OK);
    return di.id;
}

typedef struct pts {
    int n;
    ct_point p[8];
    char docs[8][32];
} pts;

static int on_pt(void *ud, const ct_point *p)
{
    pts *s = ud;
    if (s->n < 8) {
        s->p[s->n] = *p;
        snprintf(s->docs[s->n], sizeof s->docs[0], "%s", p->best_doc_name);
        s->n++;
    }
    return 0;
}

static int count_obs(void *ud, const ct_obs *o)
{
    (*(int *)ud)++;
    assert_non_null(o->rec.ind);
    return 0;
}

static void test_documents_records_points(void **state)
{
    (void)state;
    ct_store *st;
    ct_error err;
    assert_int_equal(ct_store_open(path, &st, &err), CT_OK);
    assert_int_equal(ct_store_schema_version(st), CT_SCHEMA_VERSION);
    ct_period q1 = ct_period_range(2023, 1, 2023, 3);
    ct_record a[2] = {obs("infosec.revenue", q1, 548, 9, 1),
                      obs("infosec.revenue", q1, 2528, 8, 0)};
    a[1].nchanges = 1;
    a[1].changes[0].basis = CT_BASIS_YOY;
    a[1].changes[0].pct.mant = 468;
    a[1].changes[0].pct.exp = -1;
    long long d1 = add_doc(st, "later", "a text published later", 2024, 3, 11, &a[0], 1);
    long long d2 = add_doc(st, "earlier", "a text published earlier", 2023, 3, 7, &a[1], 1);
    assert_true(d1 > 0 && d2 > d1);
    /* the same content is found by its hash */
    char h[65];
    ct_store_hash("a text published later", strlen("a text published later"), h);
    long long id;
    assert_int_equal(ct_store_doc_find(st, h, &id, &err), CT_OK);
    assert_int_equal(id, d1);
    ct_store_hash("unknown", 7, h);
    assert_int_equal(ct_store_doc_find(st, h, &id, &err), CT_ENOENT);
    /* points: two values; the reported one is preferred over the later baseline */
    pts s = {0};
    assert_int_equal(ct_store_points(st, "infosec.revenue", "", 0, 0, on_pt, &s, &err), CT_OK);
    assert_int_equal(s.n, 2);
    int rep = s.p[0].value.mant == 2528 ? 0 : 1; /* one point per value, any order */
    assert_int_equal(s.p[rep].value.mant, 2528);
    assert_string_equal(s.docs[rep], "earlier");
    assert_false(s.p[rep].best_baseline);
    assert_true(s.p[rep].has_yoy);
    assert_int_equal(s.p[rep].yoy.mant, 468);
    assert_true(s.p[1 - rep].best_baseline);
    assert_string_equal(s.docs[1 - rep], "later");
    /* records come back with their changes and spans */
    int n = 0;
    ct_obs_query qq = {"infosec.revenue", 0, 0, 0};
    assert_int_equal(ct_store_records(st, test_catalog(), &qq, count_obs, &n, &err), CT_OK);
    assert_int_equal(n, 2);
    /* clearing a document rebuilds the points */
    assert_int_equal(ct_store_begin(st, &err), CT_OK);
    assert_int_equal(ct_store_doc_clear(st, d2, &err), CT_OK);
    assert_int_equal(ct_store_commit(st, &err), CT_OK);
    memset(&s, 0, sizeof s);
    assert_int_equal(ct_store_points(st, "infosec.revenue", "", 0, 0, on_pt, &s, &err), CT_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.docs[0], "later");
    /* a rolled back transaction leaves nothing */
    long long nd0, no0, nd1, no1;
    assert_int_equal(ct_store_counts(st, &nd0, &no0, NULL, &err), CT_OK);
    assert_int_equal(ct_store_begin(st, &err), CT_OK);
    ct_docinfo di = {0};
    di.name = "gone";
    di.source = "test";
    di.text = "never committed";
    di.text_len = strlen(di.text);
    assert_int_equal(ct_store_doc_add(st, &di, &err), CT_OK);
    assert_int_equal(ct_store_record_add(st, di.id, &a[0], &err), CT_OK);
    ct_store_rollback(st);
    assert_int_equal(ct_store_counts(st, &nd1, &no1, NULL, &err), CT_OK);
    assert_int_equal(nd0, nd1);
    assert_int_equal(no0, no1);
    /* the same content twice is refused by the database too */
    assert_int_equal(ct_store_begin(st, &err), CT_OK);
    di.text = "a text published later";
    di.text_len = strlen(di.text);
    di.sha256[0] = '\0';
    assert_int_not_equal(ct_store_doc_add(st, &di, &err), CT_OK);
    ct_store_rollback(st);
    ct_store_close(st);
}

typedef struct toks {
    int n, live;
    char names[8][32], roles[8][16];
} toks;

static int on_tok(void *ud, const ct_token *t)
{
    toks *k = ud;
    if (k->n < 8) {
        snprintf(k->names[k->n], sizeof k->names[0], "%s", t->name);
        snprintf(k->roles[k->n], sizeof k->roles[0], "%s", t->role);
    }
    k->n++;
    if (!t->revoked) k->live++;
    return 0;
}

/* Tokens: only the hash is kept, a name is live once, revoked tokens stay
 * listed and no longer authenticate; the data version moves when another
 * connection commits; a deleted document takes its points with it. */
static void test_tokens_version_delete(void **state)
{
    (void)state;
    ct_store *st, *other;
    ct_error err;
    assert_int_equal(ct_store_open(path, &st, &err), CT_OK);
    assert_int_equal(ct_store_open(path, &other, &err), CT_OK);
    char tok[CT_TOKEN_SIZE], tok2[CT_TOKEN_SIZE], h[65], h2[65];
    assert_int_equal(ct_token_new(tok, &err), CT_OK);
    assert_int_equal(ct_token_new(tok2, &err), CT_OK);
    assert_int_equal(strlen(tok), 46);
    assert_memory_equal(tok, "ct_", 3);
    assert_string_not_equal(tok, tok2);
    ct_store_hash(tok, strlen(tok), h);
    ct_store_hash(tok2, strlen(tok2), h2);
    assert_int_equal(ct_store_token_add(st, "Sở TT&TT Hà Nội", "editor", h, &err), CT_OK);
    assert_int_equal(ct_store_token_add(st, "Sở TT&TT Hà Nội", "admin", h2, &err), CT_EINVAL);
    assert_non_null(strstr(err.msg, "exists"));
    assert_int_equal(ct_store_token_add(st, "x", "owner", h2, &err), CT_EINVAL);
    assert_int_equal(ct_store_token_add(st, "", "admin", h2, &err), CT_EINVAL);
    assert_int_equal(ct_store_token_add(st, "quản trị", "admin", h2, &err), CT_OK);
    toks k;
    memset(&k, 0, sizeof k);
    assert_int_equal(ct_store_token_find(st, h2, on_tok, &k, &err), CT_OK);
    assert_int_equal(k.n, 1);
    assert_string_equal(k.names[0], "quản trị");
    assert_string_equal(k.roles[0], "admin");
    /* the token itself is not a key: only its hash finds it */
    assert_int_equal(ct_store_token_find(st, tok2, on_tok, &k, &err), CT_ENOENT);

    long long v1, v2, v3;
    assert_int_equal(ct_store_data_version(other, &v1, &err), CT_OK);
    assert_int_equal(ct_store_token_revoke(st, "Sở TT&TT Hà Nội", &err), CT_OK);
    assert_int_equal(ct_store_token_revoke(st, "Sở TT&TT Hà Nội", &err), CT_ENOENT);
    assert_int_equal(ct_store_data_version(other, &v2, &err), CT_OK);
    assert_true(v2 != v1);
    assert_int_equal(ct_store_data_version(other, &v3, &err), CT_OK);
    assert_true(v3 == v2);
    memset(&k, 0, sizeof k);
    assert_int_equal(ct_store_token_find(other, h, on_tok, &k, &err), CT_ENOENT);
    assert_int_equal(ct_store_tokens(other, on_tok, &k, &err), CT_OK);
    assert_int_equal(k.n, 2);
    assert_int_equal(k.live, 1);
    /* the name is free again after revocation */
    char h3[65];
    ct_store_hash("another", 7, h3);
    assert_int_equal(ct_store_token_add(st, "Sở TT&TT Hà Nội", "editor", h3, &err), CT_OK);

    ct_period q1 = ct_period_range(2023, 1, 2023, 3);
    ct_record a[1] = {obs("infosec.revenue", q1, 548, 9, 0)};
    long long id = add_doc(st, "del", "doanh thu 548 tỷ", 2023, 4, 1, a, 1);
    pts p;
    memset(&p, 0, sizeof p);
    assert_int_equal(ct_store_points(st, "infosec.revenue", "", 0, 0, on_pt, &p, &err), CT_OK);
    assert_int_equal(p.n, 1);
    assert_int_equal(ct_store_begin(st, &err), CT_OK);
    assert_int_equal(ct_store_doc_delete(st, id, &err), CT_OK);
    assert_int_equal(ct_store_doc_delete(st, id, &err), CT_ENOENT);
    assert_int_equal(ct_store_commit(st, &err), CT_OK);
    memset(&p, 0, sizeof p);
    assert_int_equal(ct_store_points(st, "infosec.revenue", "", 0, 0, on_pt, &p, &err), CT_OK);
    assert_int_equal(p.n, 0);
    long long dummy;
    char sha[65];
    ct_store_hash("doanh thu 548 tỷ", strlen("doanh thu 548 tỷ"), sha);
    assert_int_equal(ct_store_doc_find(st, sha, &dummy, &err), CT_ENOENT);
    ct_store_close(other);
    ct_store_close(st);
}

typedef struct confs {
    int n;
    double c[4];
} confs;

static int on_conf(void *ud, const ct_obs *o)
{
    confs *c = ud;
    if (c->n < 4) c->c[c->n++] = o->rec.confidence;
    return 0;
}

/* Schema 4: a record's confidence is stored and read back as it was. */
static void test_confidence_kept(void **state)
{
    (void)state;
    ct_store *st;
    ct_error err;
    assert_int_equal(ct_store_open(path, &st, &err), CT_OK);
    assert_int_equal(ct_store_schema_version(st), CT_SCHEMA_VERSION);
    ct_period q1 = {CT_MONTH(2024, 1), CT_MONTH(2024, 3), 0};
    ct_record r[2] = {obs("infosec.revenue", q1, 804, 9, 0), obs("infosec.revenue", q1, 548, 9, 1)};
    r[0].confidence = 0.75;
    r[1].confidence = 0.125;
    add_doc(st, "d", "doanh thu 804 tỷ, cùng kỳ 548 tỷ", 2024, 4, 1, r, 2);
    confs c = {0, {0}};
    ct_obs_query q = {"infosec.revenue", 0, 0, 0};
    assert_int_equal(ct_store_records(st, test_catalog(), &q, on_conf, &c, &err), CT_OK);
    assert_int_equal(c.n, 2);
    assert_true((c.c[0] == 0.75 && c.c[1] == 0.125) || (c.c[0] == 0.125 && c.c[1] == 0.75));
    ct_store_close(st);
}

/* The hot queries use their indexes (no full scan of observations or
 * targets per lookup); records by period range; quotes by span; a read
 * from inside a read's callback gets its own statement. */
static int nested(void *ud, const ct_obs *o)
{
    ct_store *st = ((void **)ud)[0];
    int *n = ((void **)ud)[1];
    ct_error err;
    int inner = 0;
    ct_obs_query q = {o->indicator, 0, 0, 0};
    assert_int_equal(ct_store_records(st, test_catalog(), &q, count_obs, &inner, &err), CT_OK);
    assert_int_equal(inner, 3);
    (*n)++;
    return 0;
}

static void test_plans_ranges_spans(void **state)
{
    (void)state;
    ct_store *st;
    ct_error err;
    assert_int_equal(ct_store_open(path, &st, &err), CT_OK);
    ct_record a[3] = {obs("sector.revenue", ct_period_month(2023, 9), 367137, 9, 0),
                      obs("sector.revenue", ct_period_month(2023, 10), 372463, 9, 0),
                      obs("sector.revenue", ct_period_range(2024, 1, 2024, 12), 4243984, 9, 0)};
    const char *text = "Tháng 9: 367.137 tỷ. Tháng 10: 372.463 tỷ.";
    long long d = add_doc(st, "r1", text, 2024, 12, 1, a, 3);
    ct_buf b;
    ct_buf_init(&b);
    static const struct {
        const char *what, *index;
    } hot[] = {
        {"records1", "USING INDEX observations_ind (indicator=? AND p_last>? AND p_last<?)"},
        {"records2", "USING INDEX observations_doc (doc_id=?)"},
        {"records3", "USING INDEX observations_doc (doc_id=?)"},
        {"records1t", "USING INDEX targets_ind (indicator=? AND p_last>? AND p_last<?)"},
        {"records2t", "USING INDEX targets_doc (doc_id=?)"},
        {"changes", "USING PRIMARY KEY (obs_id=?)"},
        {"span", "USING INTEGER PRIMARY KEY (rowid=?)"},
    };
    for (size_t k = 0; k < sizeof hot / sizeof hot[0]; k++) {
        assert_int_equal(ct__store_explain(st, hot[k].what, &b, &err), CT_OK);
        if (!strstr(b.data, hot[k].index)) fail_msg("%s: plan '%s'", hot[k].what, b.data);
    }
    /* the indicator case reads in index order: no sort */
    assert_int_equal(ct__store_explain(st, "records1", &b, &err), CT_OK);
    assert_null(strstr(b.data, "TEMP B-TREE"));
    assert_int_equal(ct__store_explain(st, "nothing", &b, &err), CT_EINVAL);
    /* a range of last months */
    int n = 0;
    ct_obs_query q = {"sector.revenue", 0, 0, 0};
    assert_int_equal(ct_store_records_in(st, test_catalog(), &q, CT_MONTH(2023, 10),
                                         CT_MONTH(2024, 11), count_obs, &n, &err),
                     CT_OK);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(
        ct_store_records_in(st, test_catalog(), &q, CT_MONTH(2023, 9), 0, count_obs, &n, &err),
        CT_OK);
    assert_int_equal(n, 3);
    n = 0;
    ct_obs_query qd = {"sector.revenue", d, 0, 0};
    assert_int_equal(ct_store_records(st, test_catalog(), &qd, count_obs, &n, &err), CT_OK);
    assert_int_equal(n, 3);
    /* a read inside a read */
    n = 0;
    void *ud[2] = {st, &n};
    assert_int_equal(ct_store_records(st, test_catalog(), &q, nested, ud, &err), CT_OK);
    assert_int_equal(n, 3);
    /* quotes by span, in bytes */
    assert_int_equal(ct_store_doc_span(st, d, 24, 48, &b, &err), CT_OK);
    assert_string_equal(b.data, "Tháng 10: 372.463 tỷ.");
    assert_int_equal(ct_store_doc_span(st, d, 24, 400, &b, &err), CT_OK);
    assert_string_equal(b.data, "Tháng 10: 372.463 tỷ.");
    assert_int_equal(ct_store_doc_span(st, d + 7, 0, 5, &b, &err), CT_ENOENT);
    /* a finding's quotes, by span: inside the text, past its end (none),
     * empty inside and past the end, a document gone (none, no failure) */
    ct_quoter qt;
    ct_quoter_init(&qt, st, NULL, 0);
    ct_finding f;
    memset(&f, 0, sizeof f);
    static const struct {
        long long id_add, a, e;
        int found;
        const char *quote;
    } qs[] = {{0, 24, 48, 1, "Tháng 10: 372.463 tỷ."}, {0, 24, 49, 0, NULL},
              {0, 24, 24, 1, ""},                       {0, 48, 48, 1, ""},
              {0, 49, 49, 0, NULL},                     {0, 0, 0, 1, ""},
              {7, 0, 5, 0, NULL}};
    for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
        f.ndocs = 1;
        f.doc_ids[0] = d + qs[k].id_add;
        f.spans[0][0] = qs[k].a;
        f.spans[0][1] = qs[k].e;
        const char *qp;
        size_t qn;
        int got = ct_quoter_get(&qt, &f, 0, &qp, &qn);
        if (got != qs[k].found) fail_msg("quote %zu: %d", k, got);
        if (got && (qn != strlen(qs[k].quote) || memcmp(qp, qs[k].quote, qn)))
            fail_msg("quote %zu: '%.*s'", k, (int)qn, qp);
    }
    assert_int_equal(qt.failed, 0);
    ct_quoter_free(&qt);
    ct_buf_free(&b);
    ct_store_close(st);
}

static void test_bad_paths(void **state)
{
    (void)state;
    ct_store *st;
    ct_error err;
    assert_int_equal(ct_store_open("", &st, &err), CT_EINVAL);
    /* a server that is not there: one line naming PostgreSQL, no password */
    assert_int_equal(
        ct_store_open("postgres://u:secret@/x?host=/nonexistent-ct-socket-dir", &st, &err),
        CT_EIO);
    assert_non_null(strstr(err.msg, "cannot connect to PostgreSQL"));
    assert_null(strstr(err.msg, "secret"));
    assert_null(strchr(err.msg, '\n'));
    assert_int_not_equal(ct_store_open("/nonexistent/dir/x.db", &st, &err), CT_OK);
    FILE *fp = fopen(path, "w");
    fputs("not a database at all, just text that is long enough to be a header........", fp);
    fclose(fp);
    assert_int_equal(ct_store_open(path, &st, &err), CT_EPARSE);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_documents_records_points, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_version_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_confidence_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plans_ranges_spans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_paths, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
