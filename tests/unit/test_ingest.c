/* test_ingest.c — the ingest session (ingest.h): a text in is extracted
 * and stored, the same text again is the stored id and nothing more, a
 * held transaction rolled back leaves nothing, batches count only what
 * they committed, re-extraction replaces a document's records, and
 * imported rows become one document per `doc`. */
#include "harness.h"

#include <unistd.h>

static char path[64];
static const char text[] = "Doanh thu an toàn thông tin quý 1/2024 ước đạt 804 tỷ đồng, tăng "
                           "46,8% so với cùng kỳ (548 tỷ đồng).";

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/ct_test_ingest_%d.db", (int)getpid());
    unlink(path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    test_remove_db(path);
    return 0;
}

static long long count(ct_store *st)
{
    long long d, o, t;
    ct_error err;
    assert_int_equal(ct_store_counts(st, &d, &o, &t, &err), CT_OK);
    return d * 1000 + o + t;
}

static void test_text_same_and_reextract(void **state)
{
    (void)state;
    ct_store *st;
    ct_error err;
    assert_int_equal(ct_store_open(path, &st, &err), CT_OK);
    ct_ingest *g;
    assert_int_equal(ct_ingest_new(st, test_catalog(), NULL, &g, &err), CT_OK);
    ct_date pub = {2024, 4, 20};
    ct_ingest_result r1, r2;
    assert_int_equal(ct_ingest_text(g, "a", text, strlen(text), pub, "t", &r1, &err), CT_OK);
    assert_false(r1.same);
    assert_int_equal(r1.nobs, 2);
    assert_int_equal(ct_ingest_text(g, "b", text, strlen(text), pub, "t", &r2, &err), CT_OK);
    assert_true(r2.same);
    assert_int_equal(r2.id, r1.id);
    assert_int_equal(ct_ingest_commit(g, NULL, &err), CT_OK);
    ct_ingest_counts c = ct_ingest_totals(g);
    assert_int_equal(c.docs, 1);
    assert_int_equal(c.same, 1);
    assert_int_equal(c.obs, 2);
    size_t n;
    const long long *ids = ct_ingest_ids(g, &n);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], r1.id);
    assert_int_equal(count(st), 1002);
    /* re-extraction: the same records again, the document kept */
    ct_ingest_result r3;
    assert_int_equal(ct_ingest_reextract(g, r1.id, &r3, &err), CT_OK);
    assert_string_equal(r3.name, "a");
    assert_int_equal(ct_ingest_commit(g, NULL, &err), CT_OK);
    assert_int_equal(count(st), 1002);
    ct_ingest_free(g);
    ct_store_close(st);
}

static void test_held_rollback(void **state)
{
    (void)state;
    ct_store *st;
    ct_error err;
    assert_int_equal(ct_store_open(path, &st, &err), CT_OK);
    ct_ingest_opts o = {.hold = 1};
    ct_ingest *g;
    assert_int_equal(ct_ingest_new(st, test_catalog(), &o, &g, &err), CT_OK);
    ct_textdoc d;
    memset(&d, 0, sizeof d);
    ct_date pub = {2024, 4, 20};
    assert_int_equal(ct_textdoc_set(&d, "held", text, strlen(text), pub), CT_OK);
    assert_int_equal(ct_textdoc_extract(test_catalog(), &d, &err), CT_OK);
    ct_ingest_result r;
    assert_int_equal(ct_ingest_doc(g, &d, "t", &r, &err), CT_OK);
    size_t n;
    ct_ingest_ids(g, &n);
    assert_int_equal(n, 1); /* pending, for a dry run's check */
    ct_ingest_rollback(g);
    ct_ingest_ids(g, &n);
    assert_int_equal(n, 0);
    assert_int_equal(ct_ingest_totals(g).docs, 0);
    ct_ingest_free(g);
    assert_int_equal(count(st), 0);
    /* and freed without a commit: rolled back too */
    assert_int_equal(ct_ingest_new(st, test_catalog(), &o, &g, &err), CT_OK);
    assert_int_equal(ct_ingest_doc(g, &d, "t", &r, &err), CT_OK);
    ct_ingest_free(g);
    assert_int_equal(count(st), 0);
    ct_textdoc_free(&d);
    ct_store_close(st);
}

static void test_rows(void **state)
{
    (void)state;
    static const char rows[] = "indicator,period,value,unit,doc\n"
                               "infosec.attacks,2024-Q2,1500,incidents,x\n"
                               "infosec.attacks,2024-Q3,1600,incidents,y\n"
                               "infosec.attacks,2024-Q4,1700,incidents,x\n";
    ct_store *st;
    ct_error err;
    assert_int_equal(ct_store_open(path, &st, &err), CT_OK);
    for (int round = 0; round < 2; round++) {
        ct_import im;
        memset(&im, 0, sizeof im);
        assert_int_equal(
            ct_import_read(test_catalog(), rows, strlen(rows), 1, "d", NULL, NULL, &im), CT_OK);
        assert_int_equal(im.bad, 0);
        ct_ingest *g;
        assert_int_equal(ct_ingest_new(st, test_catalog(), NULL, &g, &err), CT_OK);
        ct_ingest_counts c = {0, 0, 0, 0, 0};
        assert_int_equal(ct_ingest_rows(g, &im, "import", &c, &err), CT_OK);
        assert_int_equal(ct_ingest_commit(g, NULL, &err), CT_OK);
        assert_int_equal(c.docs, round ? 0 : 2); /* x and y; the second time both are known */
        assert_int_equal(c.obs, round ? 0 : 3);
        assert_int_equal(c.same, round ? 2 : 0);
        ct_ingest_free(g);
        ct_import_free(&im);
    }
    assert_int_equal(count(st), 2003);
    ct_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_text_same_and_reextract, setup, teardown),
        cmocka_unit_test_setup_teardown(test_held_rollback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
