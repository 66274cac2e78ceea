/* test_stream.c — the extractor as a stream: any chunking gives the same
 * records; NFD input gives the same records as NFC; bad bytes are
 * reported at their document offset after the text before them. */
#include "harness.h"

static const char *doc =
    "Báo cáo quý 1/2024\n"
    "Doanh thu lĩnh vực an toàn thông tin mạng ước đạt 804 tỷ đồng, tăng 46,8% so với cùng kỳ "
    "năm 2023 (548 tỷ đồng). Số IP botnet tính đến tháng 2/2024 là 432.437 địa chỉ.\n"
    "Tổng số chứng thư số công cộng đang hoạt động tháng 2/2024 là 3.126.968 chứng thư số.\n";

static void chunked(ct_buf *out, const char *text, size_t step)
{
    ct_extract_opts o = {.pub_year = 2024, .pub_month = 3, .pub_day = 11};
    ct_buf_init(out);
    ct_buf_puts(out, "");
    ct_extractor *ex = ct_extractor_new(test_catalog(), &o, collect, out);
    assert_non_null(ex);
    ct_error err;
    size_t n = strlen(text);
    for (size_t i = 0; i < n; i += step) {
        size_t k = n - i < step ? n - i : step;
        assert_int_equal(ct_extractor_feed(ex, text + i, k, &err), CT_OK);
    }
    assert_int_equal(ct_extractor_finish(ex, &err), CT_OK);
    ct_extractor_free(ex);
}

static void test_chunking(void **state)
{
    (void)state;
    ct_buf whole;
    chunked(&whole, doc, 1 << 20);
    assert_non_null(strstr(whole.data, "infosec.revenue 2024-Q1 804000000000 VND yoy=46.8@2023-Q1"));
    assert_non_null(strstr(whole.data, "infosec.revenue 2023-Q1 548000000000 VND baseline"));
    assert_non_null(strstr(whole.data, "infosec.botnet_ips 2024-02 432437 addresses"));
    size_t steps[] = {1, 2, 3, 5, 7, 64};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        ct_buf b;
        chunked(&b, doc, steps[i]);
        assert_string_equal(b.data, whole.data);
        ct_buf_free(&b);
    }
    ct_buf_free(&whole);
}

static void test_nfd_same_records(void **state)
{
    (void)state;
    const char *nfc = "Doanh thu toàn ngành tháng 2/2024 ước đạt 313.475 tỷ đồng, tăng 6% so với tháng trước.";
    /* the same with "à" "ư" "ớ" "đ" "ạ" decomposed */
    const char *nfd = "Doanh thu toa\xCC\x80n nga\xCC\x80nh tha\xCC\x81ng 2/2024 \xC6\xB0\xCC\x9B"
                      "\xCC\x81" "c \xC4\x91" "a\xCC\xA3t 313.475 ty\xCC\x89 \xC4\x91o\xCC\x82\xCC\x80ng, "
                      "ta\xCC\x86ng 6% so v\xC6\xA1\xCC\x81i tha\xCC\x81ng tr\xC6\xB0\xC6\xA1\xCC\x81" "c.";
    ct_buf a, b;
    run_extract(&a, "2024-03-10", nfc);
    run_extract(&b, "2024-03-10", nfd);
    assert_string_equal(a.data, "sector.revenue 2024-02 313475000000000 VND prev=6@2024-01");
    assert_string_equal(a.data, b.data);
    ct_buf_free(&a);
    ct_buf_free(&b);
}

static int count_rec(void *ud, const ct_record *r)
{
    (void)r;
    (*(int *)ud)++;
    return 0;
}

/* One feed of more than 64 KiB: the extractor validates it in inner blocks,
 * and a character cut by an inner block boundary is no error. Shift a
 * 2-, 3- and 4-byte character across every position around the 65,536-byte
 * boundary, and feed documents several blocks long in one call. */
static void test_large_feed(void **state)
{
    (void)state;
    const char *chars[] = {"\xc3\xa1", "\xe1\xbb\x87", "\xf0\x9f\x98\x80"};
    size_t cap = 3 * 65536 + 64;
    char *text = malloc(cap);
    assert_non_null(text);
    for (size_t c = 0; c < 3; c++) {
        size_t cl = strlen(chars[c]);
        for (size_t pos = 65536 - 5; pos <= 65536 + 1; pos++) {
            size_t n = 0;
            for (; n < pos; n++) text[n] = (n % 61 == 60) ? '\n' : 'a';
            memcpy(text + n, chars[c], cl);
            n += cl;
            while (n + 4 < cap - 8) { memcpy(text + n, "\xe1\xbb\x87 ", 4); n += 4; }
            ct_extract_opts o = {.pub_year = 2024, .pub_month = 3, .pub_day = 11};
            ct_buf out;
            ct_buf_init(&out);
            ct_error err;
            ct_extractor *ex = ct_extractor_new(test_catalog(), &o, collect, &out);
            assert_non_null(ex);
            assert_int_equal(ct_extractor_feed(ex, text, n, &err), CT_OK);
            assert_int_equal(ct_extractor_finish(ex, &err), CT_OK);
            ct_extractor_free(ex);
            ct_buf_free(&out);
            ct_buf_init(&out);
            assert_int_equal(ct_extract_buffer(test_catalog(), &o, text, n, collect, &out, &err),
                             CT_OK);
            ct_buf_free(&out);
        }
    }
    free(text);
}

/* Sentence ends that need the bytes after them ("… ", '." ', '.) ') cut at
 * the same place whatever the chunking: the records' spans are the same. */
static int collect_json(void *ud, const ct_record *r)
{
    return ct_render_json(ud, r, "t") != 0;
}

static void test_chunked_spans(void **state)
{
    (void)state;
    const char *text =
        "Doanh thu viễn thông tháng 1/2024 đạt 30.000 tỷ đồng… Doanh thu bưu chính tháng 1/2024 "
        "đạt 5.000 tỷ đồng.\" Số thuê bao di động tháng 1/2024 đạt 127 triệu thuê bao.) Số thuê "
        "bao băng rộng cố định tháng 1/2024 đạt 23 triệu thuê bao… tiếp theo.";
    size_t n = strlen(text);
    ct_extract_opts o = {.pub_year = 2024, .pub_month = 3, .pub_day = 1};
    ct_buf whole;
    ct_buf_init(&whole);
    ct_error err;
    assert_int_equal(ct_extract_buffer(test_catalog(), &o, text, n, collect_json, &whole, &err), CT_OK);
    assert_non_null(strstr(whole.data, "\"span\":[0,"));
    for (size_t step = 1; step <= 9; step++) {
        ct_buf b;
        ct_buf_init(&b);
        ct_extractor *ex = ct_extractor_new(test_catalog(), &o, collect_json, &b);
        assert_non_null(ex);
        for (size_t i = 0; i < n; i += step)
            assert_int_equal(ct_extractor_feed(ex, text + i, n - i < step ? n - i : step, &err), CT_OK);
        assert_int_equal(ct_extractor_finish(ex, &err), CT_OK);
        ct_extractor_free(ex);
        assert_string_equal(b.data, whole.data);
        ct_buf_free(&b);
    }
    ct_buf_free(&whole);
}

static void test_bad_bytes(void **state)
{
    (void)state;
    const char text[] = "Doanh thu toàn ngành tháng 2/2024 đạt 100 tỷ đồng.\nRác \xFF ở đây.";
    ct_extract_opts o = {.pub_year = 2024, .pub_month = 3, .pub_day = 1};
    int n = 0;
    ct_error err;
    int rc = ct_extract_buffer(test_catalog(), &o, text, sizeof text - 1, count_rec, &n, &err);
    assert_int_equal(rc, CT_EUTF8);
    assert_int_equal(err.offset, (long long)(strchr(text, '\xFF') - text));
    assert_int_equal(n, 1);
    const char bin[] = "Doanh thu toàn ngành tháng 2/2024 đạt 100 tỷ đồng.\n\0\0\0";
    n = 0;
    rc = ct_extract_buffer(test_catalog(), &o, bin, sizeof bin - 1, count_rec, &n, &err);
    assert_int_equal(rc, CT_EBINARY);
    assert_int_equal(err.offset, (long long)strlen(bin));
    /* a code point cut between two feeds is fine; cut at the end is not */
    ct_extractor *ex = ct_extractor_new(test_catalog(), &o, count_rec, &n);
    assert_int_equal(ct_extractor_feed(ex, "\xC4", 1, &err), CT_OK);
    assert_int_equal(ct_extractor_feed(ex, "\x90", 1, &err), CT_OK);
    assert_int_equal(ct_extractor_feed(ex, "\xE1\xBA", 2, &err), CT_OK);
    assert_int_equal(ct_extractor_finish(ex, &err), CT_EUTF8);
    assert_int_equal(err.offset, 2);
    ct_extractor_free(ex);
    /* found by fuzz_extract: sentences consumed, then a cut code point at
     * the end — the rest of the text is still read, the error reported */
    const char cut2[] = "Doanh thu toàn ngành tháng 2/2024 đạt 100 tỷ đồng. Nộp ngân sách "
                        "toàn ngành tháng 2/2024 đạt 9 tỷ đồng. Và \xE1\xBB";
    n = 0;
    rc = ct_extract_buffer(test_catalog(), &o, cut2, sizeof cut2 - 1, count_rec, &n, &err);
    assert_int_equal(rc, CT_EUTF8);
    assert_int_equal(err.offset, (long long)(sizeof cut2 - 3));
    assert_int_equal(n, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunking),
        cmocka_unit_test(test_nfd_same_records),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_large_feed),
        cmocka_unit_test(test_chunked_spans),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    ct_catalog_free(test_catalog());
    return rc;
}
