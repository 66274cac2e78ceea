/* test_catalog.c — loading the catalogue, merging, errors with line
 * numbers, and coverage of every code of the shared specification. */
#include "harness.h"

static void test_default_covers_spec(void **state)
{
    (void)state;
    ct_catalog *cat = test_catalog();
    assert_true(ct_catalog_count(cat) >= 50);
    const char *codes[] = {"sector.revenue", "infosec.attacks", "esign.gov_certs_active",
                           "egov.community_tech_members", "digital.economy_gdp_share", NULL};
    for (int i = 0; codes[i]; i++) assert_non_null(ct_catalog_find(cat, codes[i]));
    const ct_indicator *a = ct_catalog_find(cat, "infosec.attacks");
    assert_string_equal(a->parts[0], "infosec.attacks_phishing");
    assert_int_equal(ct_catalog_find(cat, "telecom.fixed_bb_subs")->measure, CT_STOCK);
    /* the spec file, where present, is fully covered */
    FILE *fp = fopen(CT_TEST_DATA "/../../../shared/spec/indicators.tsv", "r");
    if (fp) {
        char line[1024];
        int first = 1;
        while (fgets(line, sizeof line, fp)) {
            if (first) {
                first = 0;
                continue;
            }
            char *tab = strchr(line, '\t');
            if (!tab) continue;
            *tab = '\0';
            if (!ct_catalog_find(cat, line)) fail_msg("spec code %s not in catalogue", line);
        }
        fclose(fp);
    }
}

static void test_merge_and_errors(void **state)
{
    (void)state;
    ct_catalog *cat = ct_catalog_new();
    ct_error err;
    const char *ok = "indicator\tx.a\tVND\tflow\t-\tA\nalias\tx.a\tchỉ tiêu thử\n";
    assert_int_equal(ct_catalog_merge_mem(cat, ok, strlen(ok), "mem", &err), CT_OK);
    assert_int_equal(ct_catalog_count(cat), 1);
    const char *repl = "# replace\nindicator\tx.a\tUSD\tstock\t-\tA2\n";
    assert_int_equal(ct_catalog_merge_mem(cat, repl, strlen(repl), "mem", &err), CT_OK);
    assert_int_equal(ct_catalog_count(cat), 1);
    assert_string_equal(ct_catalog_find(cat, "x.a")->unit, "USD");
    const char *bad = "indicator\tx.b\tVND\tflow\t-\tB\nalias\tx.zzz\tcụm\n";
    assert_int_equal(ct_catalog_merge_mem(cat, bad, strlen(bad), "extra.tsv", &err), CT_EPARSE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "extra.tsv:2"));
    const char *kind = "nonsense\tline\n";
    assert_int_equal(ct_catalog_merge_mem(cat, kind, strlen(kind), "k", &err), CT_EPARSE);
    const char *utf = "alias\tx.a\t\xFF\n";
    assert_int_equal(ct_catalog_merge_mem(cat, utf, strlen(utf), "u", &err), CT_EUTF8);
    ct_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_covers_spec),
        cmocka_unit_test(test_merge_and_errors),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    ct_catalog_free(test_catalog());
    return rc;
}
