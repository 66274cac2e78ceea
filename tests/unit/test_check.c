/* test_check.c — the checker's rules on records built by hand: intervals
 * from written precision, qualifiers, each finding kind, and the focus and
 * judged filters. */
#include "harness.h"

static ct_obs mk(const char *doc, long long doc_id, const char *code, ct_period per, long long mant,
                 int exp, const char *unit)
{
    ct_obs o;
    memset(&o, 0, sizeof o);
    o.doc = doc;
    o.doc_id = doc_id;
    o.indicator = code;
    o.pub_y = 2024;
    o.pub_m = 1;
    o.pub_d = (int)doc_id;
    o.rec.type = CT_REC_OBSERVATION;
    o.rec.ind = ct_catalog_find(test_catalog(), code);
    assert_non_null(o.rec.ind);
    o.rec.period = per;
    o.rec.value.mant = mant;
    o.rec.value.exp = exp;
    o.rec.unit = unit;
    return o;
}

typedef struct got {
    int n;
    ct_finding f[8];
} got;

static int on_f(void *ud, const ct_finding *f)
{
    got *g = ud;
    if (g->n < 8) g->f[g->n] = *f;
    g->n++;
    return 0;
}

static got run(ct_obs *v, int n, const int *judged)
{
    ct_checker *ck = ct_checker_new(test_catalog());
    for (int i = 0; i < n; i++)
        assert_int_equal(ct_checker_add(ck, &v[i], judged ? judged[i] : 1), CT_OK);
    got g = {0};
    int r = ct_checker_run(ck, NULL, on_f, &g);
    assert_int_equal(r, g.n);
    ct_checker_free(ck);
    return g;
}

static void test_conflict_precision(void **state)
{
    (void)state;
    ct_period m = ct_period_month(2022, 1), q = ct_period_range(2023, 1, 2023, 3);
    /* 68% and 68,31% agree within the precision written */
    ct_obs a[2] = {mk("A", 1, "telecom.fixed_bb_household_rate", m, 68, 0, "percent"),
                   mk("B", 2, "telecom.fixed_bb_household_rate", m, 6831, -2, "percent")};
    assert_int_equal(run(a, 2, NULL).n, 0);
    /* 548 tỷ and 252,8 tỷ do not */
    ct_obs b[2] = {mk("A", 1, "infosec.revenue", q, 548, 9, "VND"),
                   mk("B", 2, "infosec.revenue", q, 2528, 8, "VND")};
    got g = run(b, 2, NULL);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.f[0].kind, CT_FIND_CONFLICT);
    assert_int_equal(g.f[0].severity, CT_SEV_MAJOR);
    assert_non_null(strstr(g.f[0].message, "548 tỷ đồng"));
    assert_non_null(strstr(g.f[0].message, "252,8 tỷ đồng"));
    /* the same document never conflicts with itself */
    b[1].doc_id = 1;
    b[1].doc = "A";
    assert_int_equal(run(b, 2, NULL).n, 0);
    /* "khoảng 550 tỷ" meets 548; "hơn 500 tỷ" meets 548 */
    ct_obs c[2] = {mk("A", 1, "infosec.revenue", q, 548, 9, "VND"),
                   mk("B", 2, "infosec.revenue", q, 575, 9, "VND")};
    c[1].rec.approx = CT_APPROX_ABOUT;
    assert_int_equal(run(c, 2, NULL).n, 0);
    c[1].rec.value.mant = 500;
    c[1].rec.approx = CT_APPROX_OVER;
    assert_int_equal(run(c, 2, NULL).n, 0);
    c[1].rec.approx = CT_APPROX_UNDER;
    assert_int_equal(run(c, 2, NULL).n, 1);
    /* an estimate replaced by the final figure: info */
    c[0].rec.approx = CT_APPROX_ESTIMATE;
    c[0].pub_y = 2020;
    c[1].rec.approx = CT_APPROX_NONE;
    got e = run(c, 2, NULL);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.f[0].severity, CT_SEV_INFO);
    /* stored context alone is not judged */
    int judged[2] = {0, 0};
    assert_int_equal(run(b, 2, judged).n, 0);
}

static void test_changes(void **state)
{
    (void)state;
    ct_period p = ct_period_month(2024, 2), ref = ct_period_month(2022, 2);
    ct_obs v[2] = {mk("A", 1, "esign.gov_certs_active", p, 695268, 0, "certificates"),
                   mk("A", 1, "esign.gov_certs_active", ref, 536145, 0, "certificates")};
    v[1].rec.baseline = 1;
    v[0].rec.nchanges = 1;
    v[0].rec.changes[0].basis = CT_BASIS_YOY;
    v[0].rec.changes[0].pct.mant = 296;
    v[0].rec.changes[0].pct.exp = -1;
    v[0].rec.changes[0].ref = ref;
    got g = run(v, 2, NULL);
    int kinds = 0;
    for (int i = 0; i < g.n; i++)
        kinds |= 1 << g.f[i].kind;
    assert_true(kinds & (1 << CT_FIND_REF_PERIOD));
    assert_true(kinds & (1 << CT_FIND_ARITHMETIC));
    for (int i = 0; i < g.n; i++)
        if (g.f[i].kind == CT_FIND_ARITHMETIC) {
            assert_int_equal(g.f[i].severity, CT_SEV_MINOR); /* 29,68 written 29,6 */
            assert_non_null(strstr(g.f[i].message, "+29,68%"));
        }
    /* the right year and the right figure: nothing */
    v[1].rec.period = v[0].rec.changes[0].ref = ct_period_month(2023, 2);
    v[0].rec.changes[0].pct.mant = 297; /* 29,7: 695268 / 536145 = 1,2968 */
    assert_int_equal(run(v, 2, NULL).n, 0);
}

static void test_parts_and_plan(void **state)
{
    (void)state;
    ct_period m = ct_period_month(2025, 4);
    ct_obs v[4] = {mk("A", 1, "infosec.attacks", m, 1000, 0, "incidents"),
                   mk("A", 1, "infosec.attacks_phishing", m, 300, 0, "incidents"),
                   mk("A", 1, "infosec.attacks_deface", m, 200, 0, "incidents"),
                   mk("A", 1, "infosec.attacks_malware", m, 500, 0, "incidents")};
    assert_int_equal(run(v, 4, NULL).n, 0);
    v[3].rec.value.mant = 700;
    got g = run(v, 4, NULL);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.f[0].kind, CT_FIND_PARTS);
    /* implied plan against the plan stated in the same text */
    ct_period h1 = ct_period_range(2025, 1, 2025, 6);
    ct_obs p[2] = {mk("A", 1, "ict.revenue", h1, 19, 14, "VND"),
                   mk("A", 1, "ict.revenue", ct_period_range(2025, 1, 2025, 12), 0, 0, "VND")};
    p[0].rec.nchanges = 1;
    p[0].rec.changes[0].basis = CT_BASIS_PLAN;
    p[0].rec.changes[0].pct.mant = 475;
    p[0].rec.changes[0].pct.exp = -1;
    p[1].rec.type = CT_REC_TARGET;
    p[1].rec.has_min = p[1].rec.has_max = 1;
    p[1].rec.min.mant = p[1].rec.max.mant = 4;
    p[1].rec.min.exp = p[1].rec.max.exp = 15;
    assert_int_equal(run(p, 2, NULL).n, 0); /* 1,9e15 / 47,5% = 4e15 */
    p[0].rec.changes[0].pct.mant = 600;
    g = run(p, 2, NULL);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.f[0].kind, CT_FIND_PLAN);
}

static void test_json(void **state)
{
    (void)state;
    ct_finding f;
    memset(&f, 0, sizeof f);
    f.kind = CT_FIND_CONFLICT;
    f.severity = CT_SEV_MAJOR;
    snprintf(f.indicator, sizeof f.indicator, "infosec.revenue");
    f.period = ct_period_range(2023, 1, 2023, 3);
    f.nvalues = 1;
    f.values[0].mant = 548;
    f.values[0].exp = 9;
    f.ndocs = 1;
    snprintf(f.docs[0], sizeof f.docs[0], "000");
    snprintf(f.message, sizeof f.message, "lệch \"nhiều\"");
    snprintf(f.explain, sizeof f.explain, "Doanh thu quý 1/2023 chênh nhau 54%%.");
    snprintf(f.id, sizeof f.id, "00ab");
    ct_buf b;
    ct_buf_init(&b);
    ct_finding_json(&b, &f);
    assert_string_equal(
        b.data, "{\"id\":\"00ab\",\"kind\":\"conflict\",\"severity\":\"major\",\"indicator\":"
                "\"infosec.revenue\","
                "\"period\":\"2023-Q1\",\"area\":null,\"docs\":[\"000\"],\"values\":[548000000000],"
                "\"unit\":\"\",\"spans\":[[0,0]],\"message\":\"lệch \\\"nhiều\\\"\","
                "\"explanation\":\"Doanh thu quý 1/2023 chênh nhau 54%.\",\"status\":\"open\"}\n");
    /* once marked: its status, who and the note */
    f.status = CT_FSTATUS_EXPLAINED;
    snprintf(f.status_by, sizeof f.status_by, "lan");
    snprintf(f.status_note, sizeof f.status_note, "số đã đính chính");
    snprintf(f.status_at, sizeof f.status_at, "2026-11-30T08:15:00Z");
    ct_buf_reset(&b);
    ct_finding_json(&b, &f);
    assert_non_null(strstr(b.data, ",\"status\":\"explained\",\"status_by\":\"lan\","
                                   "\"status_note\":\"số đã đính chính\","
                                   "\"status_at\":\"2026-11-30T08:15:00Z\"}\n"));
    ct_buf_free(&b);
}

/* ids are stable and name what the finding is about; the kinds mask runs
 * only the rules asked for; the summary colours documents by their worst
 * finding and counts a document quoted twice once. */
static void test_ids_only_summary(void **state)
{
    (void)state;
    ct_period q = ct_period_range(2023, 1, 2023, 3);
    ct_obs b[2] = {mk("A", 1, "infosec.revenue", q, 548, 9, "VND"),
                   mk("B", 2, "infosec.revenue", q, 2528, 8, "VND")};
    got g1 = run(b, 2, NULL);
    ct_obs swapped[2] = {b[1], b[0]};
    got g2 = run(swapped, 2, NULL);
    assert_int_equal(g1.n, 1);
    assert_int_equal(strlen(g1.f[0].id), 16);
    assert_string_equal(g1.f[0].id, g2.f[0].id);
    assert_non_null(strstr(g1.f[0].explain, "chênh nhau 53,9%"));
    b[1].rec.period = ct_period_range(2023, 4, 2023, 6);
    b[0].rec.period = b[1].rec.period;
    got g3 = run(b, 2, NULL);
    assert_int_equal(g3.n, 1);
    assert_string_not_equal(g1.f[0].id, g3.f[0].id);
    /* conflicts only: the parts rule stays silent */
    ct_period m = ct_period_month(2025, 4);
    ct_obs v[3] = {mk("A", 1, "infosec.attacks", m, 100, 0, "incidents"),
                   mk("A", 1, "infosec.attacks_phishing", m, 300, 0, "incidents"),
                   mk("B", 2, "infosec.attacks", m, 120, 0, "incidents")};
    ct_checker *ck = ct_checker_new(test_catalog());
    for (int i = 0; i < 3; i++)
        assert_int_equal(ct_checker_add(ck, &v[i], 1), CT_OK);
    got g = {0};
    assert_int_equal(ct_checker_run(ck, NULL, on_f, &g), 2);
    ct_checker_only(ck, CT_FIND_BIT(CT_FIND_CONFLICT));
    memset(&g, 0, sizeof g);
    assert_int_equal(ct_checker_run(ck, NULL, on_f, &g), 1);
    assert_int_equal(g.f[0].kind, CT_FIND_CONFLICT);
    ct_checker_free(ck);
    /* the summary */
    ct_check_summary s;
    ct_check_summary_init(&s, 1);
    assert_int_equal(ct_check_summary_doc(&s, "A", 1), CT_OK);
    assert_int_equal(ct_check_summary_doc(&s, "C", 3), CT_OK);
    ct_finding f;
    memset(&f, 0, sizeof f);
    f.severity = CT_SEV_MINOR;
    f.ndocs = 3;
    snprintf(f.docs[0], sizeof f.docs[0], "A");
    snprintf(f.docs[1], sizeof f.docs[1], "B"); /* not judged: not summarized */
    snprintf(f.docs[2], sizeof f.docs[2], "A");
    assert_int_equal(ct_check_summary_add(&s, &f), CT_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.v[0].counts[CT_SEV_MINOR], 1);
    assert_string_equal(ct_doc_status_color(&s.v[0]), "yellow");
    assert_string_equal(ct_doc_status_color(&s.v[1]), "green");
    f.severity = CT_SEV_MAJOR;
    assert_int_equal(ct_check_summary_add(&s, &f), CT_OK);
    assert_string_equal(ct_doc_status_color(&s.v[0]), "red");
    ct_check_summary_free(&s);
    /* every document a finding names, many of them (the hash grows) */
    ct_check_summary_init(&s, 0);
    for (int i = 0; i < 500; i++) {
        f.ndocs = 1;
        snprintf(f.docs[0], sizeof f.docs[0], "doc%d", i % 250);
        f.severity = i < 250 ? CT_SEV_INFO : CT_SEV_MINOR;
        assert_int_equal(ct_check_summary_add(&s, &f), CT_OK);
    }
    assert_int_equal(s.n, 250);
    for (size_t i = 0; i < s.n; i++) {
        assert_int_equal(s.v[i].counts[CT_SEV_INFO], 1);
        assert_string_equal(ct_doc_status_color(&s.v[i]), "yellow");
    }
    ct_check_summary_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conflict_precision), cmocka_unit_test(test_changes),
        cmocka_unit_test(test_parts_and_plan),     cmocka_unit_test(test_json),
        cmocka_unit_test(test_ids_only_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
