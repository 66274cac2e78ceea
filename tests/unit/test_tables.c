/* test_tables.c — the table-driven grammar tests: each line of
 * tests/data/{figures,periods,extract,qualifiers}.tsv is a case (see the header of
 * each file). A new case joins with one line. */
#include "harness.h"

static int failures;

static void check(const char *file, int line, const char *pub, const char *text,
                  const char *want)
{
    ct_buf got;
    run_extract(&got, pub, text);
    if (strcmp(got.data ? got.data : "", want) != 0) {
        fprintf(stderr, "%s:%d: %s\n  want: %s\n  got:  %s\n", file, line, text, want,
                got.data ? got.data : "");
        failures++;
    }
    ct_buf_free(&got);
}

/* figures.tsv: PHRASE<TAB>EXPECTED; the phrase is the value in
 * "Doanh thu toàn ngành tháng 3/2024 đạt PHRASE." */
static void figure_case(char **f, int nf, int line)
{
    assert_true(nf >= 2);
    char text[2048];
    snprintf(text, sizeof text, "%s", f[0]);
    char *slot = strstr(text, "{}");
    char full[4096];
    if (!slot) {
        snprintf(full, sizeof full, "Doanh thu toàn ngành tháng 3/2024 đạt %s.", f[0]);
    } else {
        *slot = '\0';
        snprintf(full, sizeof full, "%s", text);
    }
    check("figures.tsv", line, "2024-04-15", full, f[1]);
}

static void test_figures(void **state)
{
    (void)state;
    failures = 0;
    int n = each_case("figures.tsv", figure_case);
    assert_true(n > 20);
    assert_int_equal(failures, 0);
}

/* periods.tsv: PUBLISHED<TAB>PHRASE<TAB>EXPECTED PERIOD of a flow (doanh
 * thu toàn ngành) and of a stock (thuê bao băng rộng cố định) */
static void period_case(char **f, int nf, int line)
{
    assert_true(nf >= 4);
    char text[4096], want[512];
    snprintf(text, sizeof text, "%s, doanh thu toàn ngành đạt 100 tỷ đồng.", f[1]);
    snprintf(want, sizeof want, "sector.revenue %s 100000000000 VND", f[2]);
    check("periods.tsv (flow)", line, f[0], text, want);
    snprintf(text, sizeof text, "%s, số thuê bao băng rộng cố định đạt 21,5 triệu thuê bao.", f[1]);
    snprintf(want, sizeof want, "telecom.fixed_bb_subs %s 21500000 subscribers", f[3]);
    check("periods.tsv (stock)", line, f[0], text, want);
}

static void test_periods(void **state)
{
    (void)state;
    failures = 0;
    int n = each_case("periods.tsv", period_case);
    assert_true(n > 20);
    assert_int_equal(failures, 0);
}

/* extract.tsv: PUBLISHED<TAB>TEXT<TAB>EXPECTED ("\n" in TEXT is a line break) */
static void extract_case(char **f, int nf, int line)
{
    assert_true(nf >= 3);
    char text[8192];
    size_t o = 0;
    for (const char *p = f[1]; *p && o + 2 < sizeof text; p++) {
        if (p[0] == '\\' && (p[1] == 'n' || p[1] == 't')) {
            text[o++] = p[1] == 'n' ? '\n' : '\t';
            p++;
        } else {
            text[o++] = *p;
        }
    }
    text[o] = '\0';
    check("extract.tsv", line, f[0], text, f[2]);
}

static void test_extract(void **state)
{
    (void)state;
    failures = 0;
    int n = each_case("extract.tsv", extract_case);
    assert_true(n > 20);
    assert_int_equal(failures, 0);
}

/* qualifiers.tsv: PUBLISHED<TAB>TEXT<TAB>the qualifier of each record in
 * order ("-" for none), space-separated */
static int collect_approx(void *ud, const ct_record *r)
{
    ct_buf *b = ud;
    const char *a = ct_approx_name(r->approx);
    if (b->len) ct_buf_puts(b, " ");
    ct_buf_puts(b, a ? a : "-");
    return 0;
}

static void approx_case(char **f, int nf, int line)
{
    assert_true(nf >= 3);
    ct_extract_opts o = {0};
    sscanf(f[0], "%d-%d-%d", &o.pub_year, &o.pub_month, &o.pub_day);
    ct_buf got;
    ct_buf_init(&got);
    ct_buf_puts(&got, "");
    ct_error err;
    assert_int_equal(ct_extract_buffer(test_catalog(), &o, f[1], strlen(f[1]), collect_approx,
                                       &got, &err),
                     CT_OK);
    if (strcmp(got.data, f[2]) != 0) {
        fprintf(stderr, "qualifiers.tsv:%d: %s\n  want: %s\n  got:  %s\n", line, f[1], f[2],
                got.data);
        failures++;
    }
    ct_buf_free(&got);
}

static void test_qualifiers(void **state)
{
    (void)state;
    failures = 0;
    int n = each_case("qualifiers.tsv", approx_case);
    assert_true(n >= 8);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_extract),
        cmocka_unit_test(test_qualifiers),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    ct_catalog_free(test_catalog());
    return rc;
}
