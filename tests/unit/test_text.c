/* test_text.c — UTF-8 validation and folding: NFD input folds to the
 * same text as NFC, white space collapses, the byte map points back into
 * the input. */
#include "harness.h"

static void test_valid(void **state)
{
    (void)state;
    const char *ok = "Doanh thu đạt 804 tỷ đồng";
    assert_int_equal(ct_utf8_valid_prefix(ok, strlen(ok)), strlen(ok));
    const char bad[] = "abc\xC3\x28xyz";
    assert_int_equal(ct_utf8_valid_prefix(bad, sizeof bad - 1), 3);
    const char over[] = "a\xC0\xAF";
    assert_int_equal(ct_utf8_valid_prefix(over, 3), 1);
    const char sur[] = "a\xED\xA0\x80";
    assert_int_equal(ct_utf8_valid_prefix(sur, 4), 1);
    const char cut[] = "ab\xE1\xBB";
    assert_int_equal(ct_utf8_tail(cut, 4), 2);
    assert_int_equal(ct_utf8_tail("abc", 3), 0);
    assert_int_equal(ct_find_nul("ab\0c", 4), 2);
}

static void test_nfd(void **state)
{
    (void)state;
    /* "Đạt tăng" in NFC and NFD (a + combining dot below, etc.) */
    const char *nfc = "\xC4\x90\xE1\xBA\xA1t t\xC4\x83ng";
    const char *nfd = "\xC4\x90" "a\xCC\xA3" "t ta\xCC\x86ng";
    ct_fold a, b;
    ct_fold_init(&a);
    ct_fold_init(&b);
    assert_int_equal(ct_fold_text(&a, nfc, strlen(nfc)), CT_OK);
    assert_int_equal(ct_fold_text(&b, nfd, strlen(nfd)), CT_OK);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.text, b.text, a.len);
    assert_memory_equal(a.text, "\xC4\x91\xE1\xBA\xA1t t\xC4\x83ng", a.len); /* lower case */
    /* the map points into the NFD bytes */
    assert_int_equal(b.map[b.len], strlen(nfd));
    assert_int_equal(b.map[0], 0);
    ct_fold_free(&a);
    ct_fold_free(&b);
}

static void test_spaces(void **state)
{
    (void)state;
    const char *s = "  T\xE1\xBB\x95ng\xC2\xA0s\xE1\xBB\x91\t\r\n 5\xE2\x80\x89%\xE2\x80\x8B ";
    ct_fold f;
    ct_fold_init(&f);
    assert_int_equal(ct_fold_text(&f, s, strlen(s)), CT_OK);
    assert_string_equal(f.text, "t\xE1\xBB\x95ng s\xE1\xBB\x91 5 %");
    ct_fold_free(&f);
}

static void test_lossy(void **state)
{
    (void)state;
    ct_buf b;
    ct_buf_init(&b);
    assert_int_equal(ct_utf8_lossy(&b, "a\xFF" "b", 3), CT_OK);
    assert_string_equal(b.data, "a\xEF\xBF\xBD" "b");
    ct_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_nfd),
        cmocka_unit_test(test_spaces),
        cmocka_unit_test(test_lossy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
