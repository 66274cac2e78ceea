/* test_doc.c — documents in (doc.h): what a file is, the text layer's
 * encodings and its Vietnamese test, the article text of web pages, and
 * the fixtures' PDF and DOCX. Cases are tables: input, expected text. */
#include "harness.h"
#include "doc_int.h"

static void decode_ok(const char *in, size_t n, const char *name, const char *enc, ct_doc *d)
{
    ct_doc_opts o = {enc};
    ct_error err;
    int rc = ct_doc_decode(in, n, name, &o, d, &err);
    if (rc != CT_OK) fprintf(stderr, "decode: %s\n", err.msg);
    assert_int_equal(rc, CT_OK);
}

static void test_sniff(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t n;
        const char *name;
        ct_doc_type want;
    } cases[] = {
        {"Doanh thu đạt 85.400 tỷ đồng.", 32, "a.txt", CT_DOC_TEXT},
        {"%PDF-1.7\n", 9, "a.txt", CT_DOC_PDF},
        {"PK\x03\x04", 4, NULL, CT_DOC_DOCX},
        {"  <!DOCTYPE html><p>x", 21, NULL, CT_DOC_HTML},
        {"<b>x</b>", 8, "a.htm", CT_DOC_HTML},
        {"<b>x</b>", 8, "a.txt", CT_DOC_TEXT}, /* no HTML element: text */
        {"\xEF\xBB\xBF"
         "abc",
         6, NULL, CT_DOC_UNKNOWN},
        {"\xFF\xFE"
         "a\0",
         4, NULL, CT_DOC_UNKNOWN},
        {"caf\xE9 x", 6, NULL, CT_DOC_UNKNOWN},
        {"Doanh thu \xE1\xBB", 12, NULL, CT_DOC_TEXT}, /* a sequence cut by the chunk */
        {"\x89PNG\r\n", 6, NULL, CT_DOC_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ct_doc_type t = ct_doc_sniff(cases[i].bytes, cases[i].n, cases[i].name);
        if (t != cases[i].want) fprintf(stderr, "case %zu: %s\n", i, ct_doc_type_name(t));
        assert_int_equal(t, cases[i].want);
    }
}

static void test_encodings(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *bytes;
        size_t n;
        const char *want; /* NFC UTF-8 */
    } cases[] = {
        {"CP1258", "Vi\xea\xf2t Nam", 9, "Việt Nam"}, /* a combining tone, composed */
        {"windows-1258", "Vi\xea\xf2t", 5, "Việt"},
        {"VISCII", "Vi\xae t", 5, "Việ t"},
        {"TCVN3", "\x93Vi\xd6t\x94 \xae\xe5ng", 11, "“Việt” đồng"}, /* Word's quotes */
        {"tcvn", "\xb5", 1, "à"},
        {"UTF-16", "\xFE\xFF\x00V\x1E\xC7", 6, "Vệ"}, /* big-endian by its BOM */
        {"UTF-16", "V\x00", 2, "V"},                  /* no BOM: little-endian */
        {"UTF-8", "Vie\xcc\x82\xcc\xa3t", 8, "Việt"}, /* NFD in, NFC out */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ct_buf out;
        ct_buf_init(&out);
        ct_error err;
        assert_int_equal(ct_encoding_decode(cases[i].name, cases[i].bytes, cases[i].n, &out, &err),
                         CT_OK);
        assert_string_equal(out.data, cases[i].want);
        ct_buf_free(&out);
    }
    ct_buf out;
    ct_buf_init(&out);
    ct_error err;
    assert_int_equal(ct_encoding_decode("no-such-thing", "x", 1, &out, &err), CT_EINVAL);
    assert_string_equal(err.msg, "unknown encoding 'no-such-thing' (VISCII, CP1258, TCVN3, "
                                 "UTF-16LE...)");
    assert_int_equal(ct_encoding_decode("UTF-8", "ab\xff", 3, &out, &err), CT_EUTF8);
    assert_int_equal(err.offset, 2);
    assert_int_equal(ct_encoding_decode("TCVN3", "a\x81", 2, &out, &err), CT_EUTF8);
    assert_int_equal(err.offset, 1);
    ct_buf_free(&out);
}

static void test_vietnamese(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        long good, bad, ctrl;
    } cases[] = {
        {"Doanh thu dịch vụ viễn thông ước đạt 85.400 tỷ đồng", 8, 0, 0},
        {"Sở Thông tin và Truyền thông; NGHỆ AN; Quảng Ngãi; gìn giữ", 10, 0, 0},
        {"Ðåi hôòi", 0, 2, 0},         /* the wrong encoding of "Đại hội" */
        {"ViỆt", 0, 1, 0},             /* mixed case */
        {"tiếnģ", 0, 1, 0},            /* a mark Vietnamese has not */
        {"hoàá", 0, 1, 0},             /* two tones */
        {"café façade", 0, 2, 0},      /* not Vietnamese: f, ç */
        {"abc\x01 \xc2\x85", 0, 0, 2}, /* controls, C1 too */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long g, b, c;
        ct__vi_score(cases[i].text, strlen(cases[i].text), &g, &b, &c);
        if (g != cases[i].good || b != cases[i].bad || c != cases[i].ctrl)
            fprintf(stderr, "case %zu: %ld %ld %ld\n", i, g, b, c);
        assert_int_equal(g, cases[i].good);
        assert_int_equal(b, cases[i].bad);
        assert_int_equal(c, cases[i].ctrl);
    }
}

static void test_detect(void **state)
{
    (void)state;
    ct_doc d;
    /* UTF-8 text stays byte for byte, NFD included */
    const char *nfd = "Vie\xcc\x82\xcc\xa3t Nam\n";
    decode_ok(nfd, strlen(nfd), "a.txt", NULL, &d);
    assert_int_equal(d.type, CT_DOC_TEXT);
    assert_true(d.identical);
    assert_string_equal(d.text.data, nfd);
    assert_string_equal(d.encoding, "UTF-8");
    assert_string_equal(d.note, "");
    ct_doc_free(&d);
    /* a BOM is dropped; the SHA-256 is of the bytes given */
    decode_ok("\xEF\xBB\xBF"
              "abc",
              6, NULL, NULL, &d);
    assert_false(d.identical);
    assert_string_equal(d.text.data, "abc");
    ct_doc_free(&d);
    decode_ok("abc", 3, NULL, NULL, &d);
    assert_string_equal(d.sha256,
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ct_doc_free(&d);
    /* Windows-1258, told apart from VISCII and TCVN3 */
    const char *cp = "Doanh thu di\xf2"
                     "ch vu\xf2 vi\xea\xden th\xf4ng \xfd\xf5\xec"
                     "c \xf0"
                     "a\xf2t "
                     "85.400 ty\xd2 \xf0\xf4\xccng";
    decode_ok(cp, strlen(cp), "x.txt", NULL, &d);
    assert_string_equal(d.text.data, "Doanh thu dịch vụ viễn thông ước đạt 85.400 tỷ đồng");
    assert_string_equal(d.encoding, "CP1258");
    assert_string_equal(d.note, "not UTF-8: decoded as CP1258");
    ct_doc_free(&d);
    /* two alike: an error that names them and --encoding */
    ct_error err;
    assert_int_equal(ct_doc_decode("B\xe1o c\xe1o", 7, NULL, NULL, &d, &err), CT_EUTF8);
    assert_string_equal(err.msg, "invalid UTF-8 at byte 1; reads as Vietnamese in VISCII or "
                                 "CP1258 or TCVN3 alike: give --encoding NAME");
    /* UTF-8 with a bad byte is not a legacy text: --lossy is the way */
    const char *dmg = "Doanh thu d\xe1\xbb\x8b"
                      "ch v\xe1\xbb\xa5 vi\xe1\xbb\x85n th\xc3\xb4ng \xc6\xb0\xe1\xbb\x9b"
                      "c \xc4\x91\xe1\xba\xa1t \xff"
                      " 85.400 tỷ đồng";
    assert_int_equal(ct_doc_decode(dmg, strlen(dmg), NULL, NULL, &d, &err), CT_EUTF8);
    assert_string_equal(err.msg, "invalid UTF-8 at byte 50 (1 bad byte in UTF-8 text: --lossy "
                                 "puts U+FFFD in its place)");
    assert_int_equal(ct_doc_decode("a\0b\0c\0d\0", 8, NULL, NULL, &d, &err), CT_EBINARY);
    assert_string_equal(err.msg,
                        "looks like UTF-16 without a byte-order mark: give --encoding UTF-16LE");
    assert_int_equal(ct_doc_decode("\x7f"
                                   "ELF\2\1",
                                   6, NULL, NULL, &d, &err),
                     CT_EBINARY);
    assert_string_equal(err.msg, "looks like a program (ELF)");
}

static void test_html(void **state)
{
    (void)state;
    static const struct {
        const char *html, *want;
    } cases[] = {
        {"<table><tr><td>Hà Nam</td><td> 68,54% </td></tr><tr><td></td><td>x</td></tr></table>",
         "Hà Nam | 68,54%\nx\n"},
        {"<p>a &amp; b&nbsp;c &#7897; &ocirc;</p>", "a & b c ộ ô\n"},
        {"<p>dòng một<br>dòng <b>hai</b></p><ul><li>ba</li><li>bốn</li></ul>",
         "dòng một\ndòng hai\nba\nbốn\n"},
        {"<div><p>giữ</p><div style=\"display: none\">ẩn</div><p hidden>ẩn</p><script>x</script>"
         "<!-- chú thích --></div>",
         "giữ\n"},
        /* the article over the menu, the related links and the footer */
        {"<body><nav><a href=/>Trang chủ</a></nav><div class=\"main-menu\">Viễn thông</div>"
         "<h1>Tiêu đề bài</h1><div class=\"article-body\"><p>Đoạn một, dài hơn hai mươi lăm ký "
         "tự, có dấu phẩy.</p><p>Đoạn hai, cũng đủ dài để được tính điểm.</p></div>"
         "<div class=\"tin-lien-quan\"><p>Tin khác, một đoạn đủ dài có dấu phẩy.</p></div>"
         "<footer>Bản quyền</footer></body>",
         "Tiêu đề bài\nĐoạn một, dài hơn hai mươi lăm ký tự, có dấu phẩy.\nĐoạn hai, cũng đủ dài "
         "để được tính điểm.\n"},
        /* an old site's layout table: the menu cell is not the article */
        {"<table><tr><td><a href=/>Trang chủ</a><br><a href=/a>Tin tức</a></td><td>SỞ THÔNG "
         "TIN<br>Doanh thu quý 1/2025 ước đạt 85.400 tỷ đồng, tăng 5,2%.<br>Dòng hai, đủ "
         "dài, có dấu phẩy.</td></tr></table>",
         "SỞ THÔNG TIN\nDoanh thu quý 1/2025 ước đạt 85.400 tỷ đồng, tăng 5,2%.\nDòng hai, đủ dài, "
         "có dấu phẩy.\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ct_doc d;
        decode_ok(cases[i].html, strlen(cases[i].html), "p.html", NULL, &d);
        assert_int_equal(d.type, CT_DOC_HTML);
        if (strcmp(d.text.data, cases[i].want)) fprintf(stderr, "case %zu:\n%s", i, d.text.data);
        assert_string_equal(d.text.data, cases[i].want);
        ct_doc_free(&d);
    }
    /* a report in sections is one article; a page nested too deep is refused */
    {
        ct_buf pg;
        ct_buf_init(&pg);
        ct_buf_puts(&pg, "<html><body><nav><a href=/>Trang chủ</a></nav><div id=wrap>");
        for (int k = 1; k <= 3; k++)
            ct_buf_printf(&pg,
                          "<div class=sec><div><h2>Phần %d</h2><p>Đoạn thứ nhất của phần %d, "
                          "đủ dài, có dấu phẩy.</p><p>Đoạn thứ hai của phần %d, cũng đủ "
                          "dài.</p></div></div>",
                          k, k, k);
        ct_buf_puts(&pg, "</div></body></html>");
        ct_doc d;
        decode_ok(pg.data, pg.len, NULL, NULL, &d);
        assert_non_null(strstr(d.text.data, "Phần 1\nĐoạn thứ nhất của phần 1"));
        assert_non_null(strstr(d.text.data, "Đoạn thứ hai của phần 3, cũng đủ dài.\n"));
        assert_null(strstr(d.text.data, "Trang chủ"));
        ct_doc_free(&d);
        ct_buf_reset(&pg);
        ct_buf_puts(&pg, "<html><body>");
        for (int k = 0; k < 300; k++)
            ct_buf_puts(&pg, "<div>");
        ct_buf_puts(&pg, "<p>sâu</p></body></html>");
        ct_error err;
        assert_int_equal(ct_doc_decode(pg.data, pg.len, NULL, NULL, &d, &err), CT_EPARSE);
        assert_string_equal(err.msg, "the page's markup nests deeper than 256 elements");
        ct_buf_free(&pg);
    }
    /* a page whose charset is wrong about it is told by its bytes */
    {
        const char *pg = "<html><head><meta charset=\"utf-8\"></head><body><p>Doanh thu di\xf2"
                         "ch vu\xf2 vi\xea\xden th\xf4ng</p></body></html>";
        ct_doc d;
        decode_ok(pg, strlen(pg), NULL, NULL, &d);
        assert_string_equal(d.text.data, "Doanh thu dịch vụ viễn thông\n");
        assert_string_equal(d.encoding, "CP1258");
        ct_doc_free(&d);
    }
    /* a page's date from its metadata */
    {
        const char *pg =
            "<html><head><meta property=\"article:published_time\" "
            "content=\"2025-04-03T09:15:00+07:00\"></head><body><p>x</p></body></html>";
        ct_doc d;
        decode_ok(pg, strlen(pg), NULL, NULL, &d);
        assert_int_equal(d.published.y, 2025);
        assert_int_equal(d.published.m, 4);
        assert_int_equal(d.published.d, 3);
        ct_doc_free(&d);
        pg = "<p itemprop=\"datePublished\" content=\"10/04/2025\">x</p>";
        decode_ok(pg, strlen(pg), "p.html", NULL, &d);
        assert_int_equal(d.published.y, 2025);
        assert_int_equal(d.published.m, 4);
        assert_int_equal(d.published.d, 10);
        ct_doc_free(&d);
    }
    /* a page in Windows-1258 that says so */
    const char *cp = "<html><head><meta charset=\"windows-1258\"></head><body><p>H\xe0 N\xf4\xf2i"
                     "</p></body></html>";
    ct_doc d;
    decode_ok(cp, strlen(cp), NULL, NULL, &d);
    assert_string_equal(d.text.data, "Hà Nội\n");
    assert_string_equal(d.encoding, "CP1258");
    assert_string_equal(d.note, "decoded as CP1258 (the page's charset)");
    ct_doc_free(&d);
}

static void read_fixture(const char *name, ct_buf *b)
{
    char path[512];
    snprintf(path, sizeof path, "%s/formats/%s", CT_TEST_DATA, name);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        ct_buf_append(b, chunk, n);
    fclose(fp);
}

static void test_pdf_docx(void **state)
{
    (void)state;
    static const char *const files[] = {"report.pdf", "report.docx"};
    for (int i = 0; i < 2; i++) {
        ct_buf b;
        ct_buf_init(&b);
        read_fixture(files[i], &b);
        ct_doc d;
        decode_ok(b.data, b.len, files[i], NULL, &d);
        assert_int_equal(d.type, i ? CT_DOC_DOCX : CT_DOC_PDF);
        assert_string_equal(d.encoding, "");
        /* the headline's two printed lines are one; a paragraph is a line */
        assert_true(!strncmp(d.text.data,
                             "Sở Thông tin và Truyền thông tổng kết quý 1/2025\n"
                             "Doanh thu dịch vụ viễn thông quý 1/2025 ước đạt 85.400 "
                             "tỷ đồng, tăng 5,2% so với cùng kỳ năm 2024. Tổng số",
                             150));
        assert_non_null(strstr(d.text.data, "\nHà Nam | 68,54%\nNinh Bình | 71,20%\n"));
        ct_doc_free(&d);
        ct_buf_free(&b);
    }
    /* a word broken at the margin is whole again; a paragraph runs on
     * over the page break */
    ct_buf b;
    ct_buf_init(&b);
    read_fixture("hyphen.pdf", &b);
    ct_doc d;
    decode_ok(b.data, b.len, NULL, NULL, &d);
    assert_string_equal(d.text.data,
                        "Các hệ thống ghi nhận 1.245 cuộc tấn công vào mạng "
                        "botnetworksinternationalization trong quý 1/2025.\n"
                        "Doanh thu lĩnh vực bưu chính quý 1/2025 đạt 13.270 tỷ đồng, tăng 9,1% so "
                        "với cùng kỳ năm trước; nộp ngân sách nhà nước của toàn ngành đạt 21.650 "
                        "tỷ đồng.\n");
    ct_doc_free(&d);
    ct_buf_free(&b);
    ct_error err;
    assert_int_equal(ct_doc_decode("%PDF-1.4\nxx", 11, NULL, NULL, &d, &err), CT_EPARSE);
    assert_non_null(strstr(err.msg, "the PDF does not open"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff),      cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_vietnamese), cmocka_unit_test(test_detect),
        cmocka_unit_test(test_html),       cmocka_unit_test(test_pdf_docx),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
