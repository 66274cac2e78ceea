/* test_review.c — the review layer (review.h): values read with the number
 * grammar, accept/correct/reject/add and the reviewed view of points and
 * records, the raw view, the audit, reviews re-attached after
 * re-extraction; the queue, a replaced document carrying its reviews, and
 * finding marks. */
#include "harness.h"

#include <math.h>
#include <unistd.h>

static char path[64];

static const char *const report =
    "Báo cáo quý I năm 2026 của tỉnh.\n"
    "Trong quý I năm 2026, toàn tỉnh có 2,15 triệu thuê bao di động.\n"
    "Doanh thu dịch vụ bưu chính của tỉnh trong quý đạt 96 tỷ đồng.\n";

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/ct_test_review_%d.db", (int)getpid());
    test_remove_db(path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    test_remove_db(path);
    return 0;
}

static void test_value(void **state)
{
    (void)state;
    const ct_catalog *cat = test_catalog();
    const ct_indicator *subs = ct_catalog_find(cat, "telecom.mobile_subs");
    assert_non_null(subs);
    ct_error err;
    ct_decimal v;
    assert_int_equal(ct_review_value(cat, subs, "1,33 triệu thuê bao", &v, &err), CT_OK);
    assert_true(fabs(ct_decimal_value(v) - 1330000) < 1e-6);
    assert_int_equal(ct_review_value(cat, subs, "1330000", &v, &err), CT_OK);
    assert_true(fabs(ct_decimal_value(v) - 1330000) < 1e-6);
    assert_int_equal(ct_review_value(cat, subs, "2.150.000 thuê bao", &v, &err), CT_OK);
    assert_true(fabs(ct_decimal_value(v) - 2150000) < 1e-6);
    assert_int_equal(ct_review_value(cat, subs, "548 tỷ đồng", &v, &err), CT_EINVAL);
    assert_int_equal(ct_review_value(cat, subs, "không rõ", &v, &err), CT_EPARSE);
    const ct_indicator *rev = ct_catalog_find(cat, "postal.revenue");
    assert_int_equal(ct_review_value(cat, rev, "96 tỷ đồng", &v, &err), CT_OK);
    assert_true(fabs(ct_decimal_value(v) - 96e9) < 1);
}

typedef struct pts {
    int n;
    double v;
} pts;

static int on_point(void *ud, const ct_point *p)
{
    pts *x = ud;
    x->n++;
    x->v = ct_decimal_value(p->value);
    return 0;
}

static pts points(ct_store *st, const char *code)
{
    pts x = {0, 0};
    ct_error err;
    assert_int_equal(ct_store_points(st, code, "Nghệ An", 0, 0, on_point, &x, &err), CT_OK);
    return x;
}

typedef struct ids {
    long long mob, post;
    int n;
} ids;

static int on_obs(void *ud, const ct_obs *o)
{
    ids *x = ud;
    x->n++;
    if (!strcmp(o->indicator, "telecom.mobile_subs")) x->mob = o->id;
    if (!strcmp(o->indicator, "postal.revenue")) x->post = o->id;
    return 0;
}

static ids records(ct_store *st, int raw)
{
    ids x = {0, 0, 0};
    ct_error err;
    ct_obs_query q = {.raw = raw};
    assert_int_equal(ct_store_records(st, test_catalog(), &q, on_obs, &x, &err), CT_OK);
    return x;
}

static int count_review(void *ud, const ct_review *r)
{
    int *n = ud;
    assert_true(r->attached);
    assert_non_null(r->who);
    (*n)++;
    return 0;
}

static void reviewed(ct_store *st)
{
    assert_true(points(st, "telecom.mobile_subs").n == 1);
    assert_true(fabs(points(st, "telecom.mobile_subs").v - 2180000) < 1e-6);
    assert_int_equal(points(st, "postal.revenue").n, 0);
    assert_true(fabs(points(st, "telecom.mobile_bb_subs").v - 1330000) < 1e-6);
    assert_int_equal(records(st, 0).n, 2); /* the correction and the addition */
    assert_int_equal(records(st, 1).n, 2); /* as extracted */
    int n = 0;
    ct_error err;
    assert_int_equal(ct_store_reviews(st, "tinh", count_review, &n, &err), CT_OK);
    assert_int_equal(n, 3);
}

static void test_loop(void **state)
{
    (void)state;
    const ct_catalog *cat = test_catalog();
    ct_store *st;
    ct_error err;
    assert_int_equal(ct_store_open(path, &st, &err), CT_OK);
    ct_ingest *g;
    ct_ingest_opts o = {.area = ct_catalog_area(cat, "Nghệ An")};
    assert_non_null(o.area);
    assert_int_equal(ct_ingest_new(st, cat, &o, &g, &err), CT_OK);
    ct_ingest_result res;
    ct_date pub = {2026, 4, 5};
    assert_int_equal(ct_ingest_text(g, "tinh", report, strlen(report), pub, "test", &res, &err),
                     CT_OK);
    assert_int_equal(ct_ingest_commit(g, NULL, &err), CT_OK);
    long long doc = res.id;
    ids x = records(st, 0);
    assert_int_equal(x.n, 2);
    assert_true(x.mob && x.post);

    /* refusals change nothing */
    ct_review_edit none = {.value = "2,18 triệu thuê bao"};
    assert_int_equal(ct_review_correct(st, cat, x.mob, &none, NULL, &err), CT_EINVAL); /* no who */
    ct_review_edit bad = {.value = "9 tỷ đồng", .who = "lan"};
    assert_int_equal(ct_review_correct(st, cat, x.mob, &bad, NULL, &err), CT_EINVAL);
    assert_int_equal(ct_review_reject(st, cat, 99999, "lan", NULL, NULL, &err), CT_ENOENT);
    assert_true(fabs(points(st, "telecom.mobile_subs").v - 2150000) < 1e-6);

    long long r1 = 0, r2 = 0, r3 = 0;
    ct_review_edit fix = {.value = "2,18 triệu thuê bao", .who = "lan", .note = "đính chính"};
    assert_int_equal(ct_review_correct(st, cat, x.mob, &fix, &r1, &err), CT_OK);
    assert_int_equal(ct_review_reject(st, cat, x.post, "minh", NULL, &r2, &err), CT_OK);
    ct_review_edit add = {.indicator = "telecom.mobile_bb_subs",
                          .period = "2026-Q1",
                          .value = "1,33 triệu thuê bao",
                          .area = "Nghệ An",
                          .who = "lan"};
    assert_int_equal(ct_review_add(st, cat, "tinh", &add, &r3, &err), CT_OK);
    assert_true(r1 > 0 && r2 > r1 && r3 > r2);
    /* a rejected record is out of the reviewed view; a review-made one is not reviewed again */
    assert_int_equal(ct_review_accept(st, cat, x.post, "lan", NULL, NULL, &err), CT_ENOENT);
    ids y = records(st, 0);
    assert_int_equal(ct_review_reject(st, cat, y.mob, "lan", NULL, NULL, &err), CT_EINVAL);
    reviewed(st);

    /* re-extraction: the same records come back, the reviews apply again */
    assert_int_equal(ct_ingest_reextract(g, doc, &res, &err), CT_OK);
    assert_int_equal(ct_ingest_commit(g, NULL, &err), CT_OK);
    assert_int_equal(res.reviews_lost, 0);
    reviewed(st);
    ct_ingest_free(g);
    ct_store_close(st);
}

/* ---- the queue, a replaced document, finding marks ---- */

typedef struct qlist {
    int n;
    long long id[8];
    double conf[8];
} qlist;

static int on_queued(void *ud, const ct_obs *o)
{
    qlist *q = ud;
    if (q->n < 8) q->id[q->n] = o->id, q->conf[q->n] = o->rec.confidence;
    q->n++;
    return 0;
}

static qlist queue(ct_store *st)
{
    qlist q = {0, {0}, {0}};
    ct_error err;
    assert_int_equal(ct_review_queue(st, test_catalog(), 0, 1.01, on_queued, &q, &err), CT_OK);
    return q;
}

static int count_versions(void *ud, const ct_version *v)
{
    long long *x = ud;
    x[0]++;
    if (v->replaced_by) x[1] = v->replaced_by;
    return 0;
}

static void test_queue_replace(void **state)
{
    (void)state;
    const ct_catalog *cat = test_catalog();
    ct_store *st;
    ct_error err;
    assert_int_equal(ct_store_open(path, &st, &err), CT_OK);
    ct_ingest *g;
    assert_int_equal(ct_ingest_new(st, cat, NULL, &g, &err), CT_OK);
    ct_ingest_result res;
    ct_date pub = {2026, 4, 5};
    assert_int_equal(ct_ingest_text(g, "tinh", report, strlen(report), pub, "test", &res, &err),
                     CT_OK);
    assert_int_equal(ct_ingest_commit(g, NULL, &err), CT_OK);
    long long old = res.id;
    qlist q = queue(st);
    assert_int_equal(q.n, 2);
    assert_true(q.conf[0] <= q.conf[1]); /* least sure first */
    assert_int_equal(ct_review_accept(st, cat, q.id[0], "lan", NULL, NULL, &err), CT_OK);
    assert_int_equal(queue(st).n, 1); /* an accepted record leaves the queue */
    long long left = queue(st).id[0];

    /* a corrected version: a line more at the top, every span moves */
    const char *v2 = "Bản sửa, thay bản gửi trước.\n"
                     "Báo cáo quý I năm 2026 của tỉnh.\n"
                     "Trong quý I năm 2026, toàn tỉnh có 2,15 triệu thuê bao di động.\n"
                     "Doanh thu dịch vụ bưu chính của tỉnh trong quý đạt 96 tỷ đồng.\n";
    assert_int_equal(
        ct_ingest_replace(g, "nothing", v2, strlen(v2), pub, "test", "lan", &res, &err), CT_ENOENT);
    assert_int_equal(
        ct_ingest_replace(g, "tinh", report, strlen(report), pub, "test", "lan", &res, &err),
        CT_OK);
    assert_true(res.same); /* the text of the current version: nothing to do */
    assert_int_equal(ct_ingest_replace(g, "tinh", v2, strlen(v2), pub, "test", "lan", &res, &err),
                     CT_OK);
    assert_int_equal(ct_ingest_commit(g, NULL, &err), CT_OK);
    assert_int_equal(res.replaced, old);
    assert_int_equal(res.reviews_lost, 0);
    long long v[2] = {0, 0};
    assert_int_equal(ct_store_doc_versions(st, "tinh", count_versions, v, &err), CT_OK);
    assert_int_equal(v[0], 2);
    assert_int_equal(v[1], res.id);
    /* the acceptance moved with its record: still one record waits, the
     * new version's copy of the one that waited before */
    q = queue(st);
    assert_int_equal(q.n, 1);
    assert_true(q.id[0] != left);
    assert_int_equal(records(st, 0).n, 2); /* the old version's records are gone */
    /* an old version is not replaced again */
    char key[32];
    snprintf(key, sizeof key, "%lld", old);
    assert_int_equal(ct_ingest_replace(g, key, v2, strlen(v2), pub, "test", "lan", &res, &err),
                     CT_EINVAL);
    ct_ingest_free(g);
    ct_store_close(st);
}

typedef struct fl {
    int n;
    char id[17];
    ct_finding_status status;
} fl;

static int on_f(void *ud, const ct_finding *f)
{
    fl *x = ud;
    x->n++;
    memcpy(x->id, f->id, sizeof x->id);
    x->status = f->status;
    return 0;
}

static void test_marks(void **state)
{
    (void)state;
    const ct_catalog *cat = test_catalog();
    ct_store *st;
    ct_error err;
    assert_int_equal(ct_store_open(path, &st, &err), CT_OK);
    ct_ingest *g;
    assert_int_equal(ct_ingest_new(st, cat, NULL, &g, &err), CT_OK);
    const char *t = "Trong quý 1/2026, doanh thu bưu chính đạt 96 tỷ đồng, tăng 35% so với cùng "
                    "kỳ năm 2025 (80 tỷ đồng).\n";
    ct_ingest_result res;
    ct_date pub = {2026, 4, 5};
    assert_int_equal(ct_ingest_text(g, "f", t, strlen(t), pub, "test", &res, &err), CT_OK);
    assert_int_equal(ct_ingest_commit(g, NULL, &err), CT_OK);
    ct_ingest_free(g);
    ct_check_opts all = {.all = 1};
    fl x = {0, "", 0};
    assert_int_equal(ct_check_store(st, cat, &all, on_f, &x, &err), 1);
    assert_int_equal(x.status, CT_FSTATUS_OPEN);
    /* refusals store nothing */
    assert_int_equal(ct_finding_mark_set(st, cat, x.id, CT_FSTATUS_DISMISSED, "", NULL, NULL, &err),
                     CT_EINVAL);
    assert_int_equal(
        ct_finding_mark_set(st, cat, x.id, CT_FSTATUS_EXPLAINED, "lan", NULL, NULL, &err),
        CT_EINVAL);
    assert_int_equal(
        ct_finding_mark_set(st, cat, "12", CT_FSTATUS_CONFIRMED, "lan", NULL, NULL, &err),
        CT_EINVAL);
    assert_int_equal(ct_finding_mark_set(st, cat, "00000000000000ff", CT_FSTATUS_CONFIRMED, "lan",
                                         NULL, NULL, &err),
                     CT_ENOENT);
    long long m1 = 0, m2 = 0;
    assert_int_equal(
        ct_finding_mark_set(st, cat, x.id, CT_FSTATUS_EXPLAINED, "lan", "đã đính chính", &m1, &err),
        CT_OK);
    fl y = {0, "", 0};
    assert_int_equal(ct_check_store(st, cat, &all, on_f, &y, &err), 1);
    assert_int_equal(y.status, CT_FSTATUS_EXPLAINED);
    assert_int_equal(
        ct_finding_mark_set(st, cat, x.id, CT_FSTATUS_DISMISSED, "minh", NULL, &m2, &err), CT_OK);
    assert_true(m2 > m1);
    fl z = {0, "", 0};
    assert_int_equal(ct_check_store(st, cat, &all, on_f, &z, &err), 0); /* left out */
    assert_int_equal(z.n, 0);
    long long nd = 0;
    assert_int_equal(ct_check_store_marked(st, cat, &all, 0, 0, &nd, on_f, &z, &err), 0);
    assert_int_equal(nd, 1);
    assert_int_equal(ct_check_store_marked(st, cat, &all, 0, 1, NULL, on_f, &z, &err), 1);
    assert_int_equal(z.status, CT_FSTATUS_DISMISSED);
    ct_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value),
        cmocka_unit_test_setup_teardown(test_loop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queue_replace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_marks, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
