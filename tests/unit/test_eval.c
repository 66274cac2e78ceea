/* test_eval.c — the scoring rules of chitieu eval (eval.h), from
 * tests/data/eval.tsv: gold and predicted records, and the tallies
 * ../shared/tools/eval-extract gives on them. */
#include "harness.h"

#include <math.h>

static int failures;

/* " ;; " between records -> one per line */
static void lines(const char *in, ct_buf *out)
{
    ct_buf_reset(out);
    for (const char *p = in; *p;) {
        const char *q = strstr(p, " ;; ");
        size_t n = q ? (size_t)(q - p) : strlen(p);
        ct_buf_append(out, p, n);
        ct_buf_putc(out, '\n');
        p += n + (q ? 4 : 0);
    }
}

static void eval_case(char **f, int nf, int line)
{
    assert_int_equal(nf, 4);
    ct_buf g, p;
    ct_buf_init(&g);
    ct_buf_init(&p);
    lines(f[1], &g);
    lines(f[2], &p);
    ct_eval_set *gs = NULL, *ps = NULL;
    ct_error err;
    assert_int_equal(ct_eval_read(test_catalog(), g.data, g.len, "gold", 1, &gs, NULL, &err),
                     CT_OK);
    assert_int_equal(
        ct_eval_read(test_catalog(), p.data ? p.data : "", p.len, "pred", 0, &ps, NULL, &err),
        CT_OK);
    ct_eval_tally t[3];
    assert_int_equal(ct_eval_score(test_catalog(), gs, ps, "d", -1, t), CT_OK);
    char got[128];
    snprintf(got, sizeof got, "%lld %lld %lld | %lld %lld %lld | %lld %lld %lld", t[0].tp, t[0].fp,
             t[0].fn, t[1].tp, t[1].fp, t[1].fn, t[2].tp, t[2].fp, t[2].fn);
    if (strcmp(got, f[3])) {
        fprintf(stderr, "eval.tsv:%d: %s: want %s got %s\n", line, f[0], f[3], got);
        failures++;
    }
    ct_eval_set_free(gs);
    ct_eval_set_free(ps);
    ct_buf_free(&g);
    ct_buf_free(&p);
}

static void test_table(void **state)
{
    (void)state;
    int n = each_case("eval.tsv", eval_case);
    assert_true(n >= 20);
    assert_int_equal(failures, 0);
}

/* gold is read strictly (file and line in the message); predictions are not */
static void test_read(void **state)
{
    (void)state;
    const char *text = "{\"doc\":\"d\",\"indicator\":\"infosec.revenue\",\"period\":\"2024\"}\n\n"
                       "not json\n";
    ct_eval_set *s = NULL;
    ct_error err;
    assert_int_equal(
        ct_eval_read(test_catalog(), text, strlen(text), "g/d.jsonl", 1, &s, NULL, &err),
        CT_EPARSE);
    assert_null(s);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "g/d.jsonl:3: not a JSON object");
    long long bad = 0;
    assert_int_equal(ct_eval_read(test_catalog(), text, strlen(text), "p", 0, &s, &bad, &err),
                     CT_OK);
    assert_int_equal(bad, 1);
    assert_int_equal(ct_eval_set_count(s), 1);
    ct_eval_set_free(s);
    const char *unknown = "{\"doc\":\"d\",\"indicator\":\"khong.co\",\"period\":\"2024\"}\n";
    assert_int_equal(
        ct_eval_read(test_catalog(), unknown, strlen(unknown), "g/d.jsonl", 1, &s, NULL, &err),
        CT_EPARSE);
    assert_string_equal(err.msg, "g/d.jsonl:1: indicator not in the catalogue");
    /* P, R, F1 as the tool gives them: nothing predicted and nothing to find is 1 */
    ct_eval_tally none = {0, 0, 0}, some = {1, 2, 2};
    double pr, rc, f1;
    ct_eval_prf(&none, &pr, &rc, &f1);
    assert_true(pr == 1 && rc == 1 && f1 == 1);
    ct_eval_prf(&some, &pr, &rc, &f1);
    assert_true(fabs(pr - 1.0 / 3) < 1e-12 && fabs(rc - 1.0 / 3) < 1e-12 &&
                fabs(f1 - 1.0 / 3) < 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
