/* test_num.c — Vietnamese number parsing and formatting, from
 * tests/data/numbers.tsv (TEXT<TAB>JSON VALUE or ERR) and fixed cases. */
#include "harness.h"

static int failures;

static void num_case(char **f, int nf, int line)
{
    assert_true(nf >= 2);
    ct_decimal d;
    int rc = ct_num_parse(f[0], strlen(f[0]), &d);
    char got[64] = "ERR";
    if (rc == CT_OK) ct_decimal_json(d, got, sizeof got);
    if (strcmp(got, f[1]) != 0) {
        fprintf(stderr, "numbers.tsv:%d: %s: want %s got %s\n", line, f[0], f[1], got);
        failures++;
    }
}

static void test_table(void **state)
{
    (void)state;
    int n = each_case("numbers.tsv", num_case);
    assert_true(n > 30);
    assert_int_equal(failures, 0);
}

static void test_precision(void **state)
{
    (void)state;
    ct_decimal d;
    assert_int_equal(ct_num_parse("46,8", 4, &d), CT_OK);
    assert_true(ct_decimal_halfulp(d) > 0.0499 && ct_decimal_halfulp(d) < 0.0501);
    assert_int_equal(ct_num_parse("548", 3, &d), CT_OK);
    d = ct_decimal_scale(d, 9);
    assert_true(ct_decimal_halfulp(d) > 0.49e9 && ct_decimal_halfulp(d) < 0.51e9);
    char big[401];
    memset(big, '9', 400);
    big[400] = '\0';
    assert_int_equal(ct_num_parse(big, 400, &d), CT_EINVAL);
}

static void test_format(void **state)
{
    (void)state;
    char out[64];
    ct_num_format_vi(1812, 0, out, sizeof out);
    assert_string_equal(out, "1.812");
    ct_num_format_vi(46.8, 2, out, sizeof out);
    assert_string_equal(out, "46,8");
    ct_num_format_vi(33536.37, 2, out, sizeof out);
    assert_string_equal(out, "33.536,37");
    ct_num_format_vi(-38, 0, out, sizeof out);
    assert_string_equal(out, "-38");
    ct_num_format_vi(7916979, 0, out, sizeof out);
    assert_string_equal(out, "7.916.979");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_precision),
        cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
