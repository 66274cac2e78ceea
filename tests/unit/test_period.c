/* test_period.c — month intervals and the contract notation. */
#include "harness.h"

static void roundtrip(const char *s)
{
    ct_period p;
    assert_int_equal(ct_period_parse(s, strlen(s), &p), CT_OK);
    char out[40];
    ct_period_format(&p, out, sizeof out);
    assert_string_equal(out, s);
}

static void test_notation(void **state)
{
    (void)state;
    const char *ok[] = {"2024",    "2024-S1", "2024-S2",         "2024-Q1", "2024-Q4",
                        "2024-02", "2022-01-20", "2022-01/2022-07", "2023-01/2023-02", NULL};
    for (int i = 0; ok[i]; i++) roundtrip(ok[i]);
    ct_period p;
    assert_int_equal(ct_period_parse("2024-H1", 7, &p), CT_OK);
    char out[40];
    ct_period_format(&p, out, sizeof out);
    assert_string_equal(out, "2024-S1");
    /* found by fuzz_period: a day ends no interval */
    assert_int_equal(ct_period_parse("2020-Q1/2022-01-20", 18, &p), CT_OK);
    ct_period_format(&p, out, sizeof out);
    assert_string_equal(out, "2020-01/2022-01");
    const char *bad[] = {"", "24", "2024-13", "2024-Q5", "2024-S3", "2024-02-32", "abcd",
                         "2024/2023", "2024-02-", NULL};
    for (int i = 0; bad[i]; i++)
        assert_int_equal(ct_period_parse(bad[i], strlen(bad[i]), &p), CT_EPARSE);
}

static void test_shift(void **state)
{
    (void)state;
    ct_period q1 = ct_period_range(2024, 1, 2024, 3);
    ct_period y = ct_period_shift(q1, -12);
    char out[40];
    ct_period_format(&y, out, sizeof out);
    assert_string_equal(out, "2023-Q1");
    ct_period m = ct_period_month(2022, 1);
    m = ct_period_shift(m, -1);
    ct_period_format(&m, out, sizeof out);
    assert_string_equal(out, "2021-12");
    assert_int_equal(ct_period_len(&q1), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notation),
        cmocka_unit_test(test_shift),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
