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

/* The validator works in 4 KiB blocks: sequences, stray continuation
 * bytes and cut sequences placed across every block boundary position. */
static void test_valid_blocks(void **state)
{
    (void)state;
    static const struct {
        const char *tail;
        size_t bad; /* offset of the first bad byte in tail, or its length */
    } cases[] = {
        {"\xe1\xaf\xaf", 3},     /* a whole three-byte letter */
        {"\xe1\xaf\xaf\xaf", 3}, /* then a stray continuation */
        {"\xe1\xaf\xaf\xaf\xaf\xaf", 3},
        {"\xf0\x9f\x98\x80x", 5}, /* four bytes */
        {"\xc3\xa1\xc3", 2},      /* cut at the end */
        {"\xed\xa0\x80", 0},      /* a surrogate */
        {"\xe0\x80\xaf", 0},      /* overlong */
        {"ab\xff", 2},
    };
    char buf[4200];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t tl = strlen(cases[c].tail);
        for (size_t k = 4086; k <= 4097; k++) {
            memset(buf, 'a', k);
            memcpy(buf + k, cases[c].tail, tl);
            size_t got = ct_utf8_valid_prefix(buf, k + tl);
            if (got != k + cases[c].bad)
                fail_msg("case %zu at %zu: %zu, want %zu", c, k, got, k + cases[c].bad);
        }
    }
}

static void test_nfd(void **state)
{
    (void)state;
    /* "Đạt tăng" in NFC and NFD (a + combining dot below, etc.) */
    const char *nfc = "\xC4\x90\xE1\xBA\xA1t t\xC4\x83ng";
    const char *nfd = "\xC4\x90"
                      "a\xCC\xA3"
                      "t ta\xCC\x86ng";
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
    assert_int_equal(ct_utf8_lossy(&b,
                                   "a\xFF"
                                   "b",
                                   3),
                     CT_OK);
    assert_string_equal(b.data, "a\xEF\xBF\xBD"
                                "b");
    ct_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid), cmocka_unit_test(test_valid_blocks),
        cmocka_unit_test(test_nfd),   cmocka_unit_test(test_spaces),
        cmocka_unit_test(test_lossy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
