/* test_catalog.c — loading the catalogue, merging, errors with line
 * numbers, and coverage of every code of the shared specification. */
#include "harness.h"
#include "catalog_int.h"

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

/* The phrase matched at the start of s, folded already: its code and
 * length (0 and "" for none). */
static size_t code_at(const ct_catalog *cat, const char *s, const char **code)
{
    const ct__phrase *p = NULL;
    size_t n = ct__catalog_match(cat, s, strlen(s), 0, &p);
    *code = n && p ? p->arg : "";
    return n;
}

static void test_fillers(void **state)
{
    (void)state;
    ct_catalog *cat = ct_catalog_new();
    ct_error err;
    /* the filler line stands after the phrases it applies to: the file
     * is read for fillers first */
    const char *cfg = "indicator\tt.speed\tMbps\tstock\t-\tTốc độ mạng đo thử\n"
                      "alias\tt.speed\ttốc độ truy cập mạng di động\n"
                      "indicator\tt.users\tpercent\tstock\t-\tTỷ lệ người dùng internet\n"
                      "indicator\tt.aware\tpercent\tstock\t-\tNgười dùng internet hiểu biết\n"
                      "unit\tvisits\tlượt truy cập|lượt\n"
                      "indicator\tt.visits\tvisits\tstock\t-\tLượt truy cập vào cổng thử\n"
                      "filler\t-\tinternet|truy cập|Truy Nhập\n";
    assert_int_equal(ct_catalog_merge_mem(cat, cfg, strlen(cfg), "mem", &err), CT_OK);
    const char *code;
    /* the phrase's filler may be left out, and others put in */
    assert_int_equal(code_at(cat, "tốc độ mạng di động đạt", &code), strlen("tốc độ mạng di động"));
    assert_string_equal(code, "t.speed");
    const char *t2 = "tốc độ truy cập mạng di động";
    assert_int_equal(code_at(cat, t2, &code), strlen(t2));
    const char *t3 = "tốc độ truy nhập internet, mạng di động";
    assert_int_equal(code_at(cat, t3, &code), strlen(t3));
    assert_string_equal(code, "t.speed");
    /* a filler that ends a phrase is kept: it is the phrase's own word */
    assert_int_equal(code_at(cat, "tỷ lệ người dùng đạt", &code), 0);
    const char *t4 = "tỷ lệ người dùng internet";
    assert_int_equal(code_at(cat, t4, &code), strlen(t4));
    assert_string_equal(code, "t.users");
    /* where the trie goes through the filler too, the longer reading wins */
    const char *t5 = "người dùng internet hiểu biết";
    assert_int_equal(code_at(cat, t5, &code), strlen(t5));
    assert_string_equal(code, "t.aware");
    const char *t6 = "lượt truy cập vào cổng thử";
    assert_int_equal(code_at(cat, t6, &code), strlen(t6));
    assert_string_equal(code, "t.visits");
    assert_int_equal(code_at(cat, "lượt truy cập", &code), strlen("lượt truy cập"));
    assert_string_equal(code, "visits");
    /* never skipped as the first word */
    assert_int_equal(code_at(cat, "internet tốc độ mạng di động", &code), 0);
    ct_catalog_free(cat);
}

static void count_alias(void *ud, const char *phrase)
{
    (void)phrase;
    (*(int *)ud)++;
}

static void test_spellings(void **state)
{
    (void)state;
    ct_catalog *cat = ct_catalog_new();
    ct_error err;
    const char *cfg = "indicator\tt.rate\tpercent\tstock\t-\tTỷ lệ hộ hoà mạng\n"
                      "alias\tt.rate\ttỉ lệ thuê bao hòa mạng\n"
                      "spelling\t-\tTỷ|tỉ\n"
                      "spelling\t-\thoà|hòa\n";
    assert_int_equal(ct_catalog_merge_mem(cat, cfg, strlen(cfg), "mem", &err), CT_OK);
    const char *code;
    /* each phrase in every spelling of its words, whichever the file used */
    const char *v[] = {"tỷ lệ hộ hoà mạng", "tỉ lệ hộ hoà mạng", "tỷ lệ hộ hòa mạng",
                       "tỉ lệ hộ hòa mạng", "tỷ lệ thuê bao hoà mạng", "tỉ lệ thuê bao hòa mạng",
                       NULL};
    for (int i = 0; v[i]; i++) {
        assert_int_equal(code_at(cat, v[i], &code), strlen(v[i]));
        assert_string_equal(code, "t.rate");
    }
    /* the listing shows the file's phrases, not the variants */
    int n = 0;
    ct_catalog_each_alias(cat, "t.rate", count_alias, &n);
    assert_int_equal(n, 2);
    const char *bad = "spelling\t-\ttỷ lệ|tỉ lệ\n";
    assert_int_equal(ct_catalog_merge_mem(cat, bad, strlen(bad), "s.tsv", &err), CT_EPARSE);
    assert_non_null(strstr(err.msg, "s.tsv:1"));
    const char *bad2 = "spelling\t-\ttỷ\n";
    assert_int_equal(ct_catalog_merge_mem(cat, bad2, strlen(bad2), "s.tsv", &err), CT_EPARSE);
    ct_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_covers_spec),
        cmocka_unit_test(test_merge_and_errors),
        cmocka_unit_test(test_fillers),
        cmocka_unit_test(test_spellings),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    ct_catalog_free(test_catalog());
    return rc;
}
