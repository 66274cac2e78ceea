/* fuzz_extract — the whole extractor on arbitrary bytes: no crash, no leak,
 * no UB, spans always inside the input, and the same records and the same
 * verdict whatever the chunking.
 *
 * The input's first two bytes choose how the document is built and fed:
 * data[0] picks the piece sizes (small odd ones, or large ones around the
 * extractor's 64 KiB inner block), data[1] how many times the rest is
 * repeated (so that a few kilobytes of input make documents of hundreds of
 * kilobytes whose multi-byte characters fall on every block boundary).
 * The document is then extracted in one feed and in pieces; a verdict or a
 * record that differs between the two aborts. */
#include "chitieu/chitieu.h"

#include <stdlib.h>
#include <string.h>

static ct_catalog *cat;

typedef struct sink {
    size_t len;
    ct_buf out;
} sink;

static int check(void *ud, const ct_record *r)
{
    sink *s = ud;
    if (r->span[0] < 0 || r->span[1] > (long long)s->len || r->span[0] > r->span[1]) abort();
    if (r->value_span[0] < r->span[0] || r->value_span[1] > r->span[1]) abort();
    if (!r->ind) abort();
    if (!(r->confidence >= 0 && r->confidence <= 1)) abort();
    ct_render_json_flags(&s->out, r, "fuzz", CT_RENDER_EVIDENCE);
    ct_render_table_row(&s->out, r, "fuzz");
    ct_render_table_explain(&s->out, r);
    return 0;
}

/* Extract doc[0..n) fed in pieces of the given sizes (cycled; 0: whole). */
static int run(const char *doc, size_t n, const size_t *sizes, size_t nsizes, ct_buf *out,
               long long *err_at)
{
    ct_extract_opts o = {.pub_year = 2024, .pub_month = 3, .pub_day = 15};
    sink s = {n, {0}};
    ct_buf_init(&s.out);
    ct_extractor *ex = ct_extractor_new(cat, &o, check, &s);
    if (!ex) abort();
    ct_error err;
    int rc = CT_OK;
    size_t i = 0, p = 0;
    while (i < n && rc == CT_OK) {
        size_t step = sizes[p++ % nsizes];
        if (step == 0 || step > n - i) step = n - i;
        rc = ct_extractor_feed(ex, doc + i, step, &err);
        i += step;
    }
    ct_error ferr;
    int frc = ct_extractor_finish(ex, &ferr);
    if (rc == CT_OK && frc != CT_OK) rc = frc, err = ferr;
    *err_at = rc == CT_OK ? -1 : err.offset;
    ct_extractor_free(ex);
    *out = s.out;
    return rc;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (!cat) {
        ct_error err;
        cat = ct_catalog_load(CT_CATALOG, &err);
        if (!cat) abort();
    }
    if (size < 2) return 0;
    static const size_t small[] = {1, 2, 3, 5, 7, 13, 17, 61};
    static const size_t large[] = {65535, 65536, 65537, 4095, 131071, 3};
    int big = data[0] & 1;
    size_t reps = 1 + (size_t)(data[1] % 48);
    const unsigned char *body = data + 2;
    size_t blen = size - 2;
    if (blen == 0) return 0;
    size_t n = blen * reps;
    if (n > (4u << 20)) n = blen, reps = 1;
    char *doc = malloc(n);
    if (!doc) return 0;
    for (size_t r = 0; r < reps; r++)
        memcpy(doc + r * blen, body, blen);

    ct_buf whole, pieces;
    long long at_whole, at_pieces;
    size_t zero = 0;
    int rw = run(doc, n, &zero, 1, &whole, &at_whole);
    int rp = big ? run(doc, n, large, sizeof large / sizeof large[0], &pieces, &at_pieces)
                 : run(doc, n, small + (data[0] >> 1) % 8, 8 - (data[0] >> 1) % 8, &pieces,
                       &at_pieces);
    /* the same verdict, at the same byte, and the same records */
    if (rw != rp || at_whole != at_pieces) abort();
    if (whole.len != pieces.len || (whole.len && memcmp(whole.data, pieces.data, whole.len)))
        abort();
    ct_buf_free(&whole);
    ct_buf_free(&pieces);
    free(doc);
    return 0;
}
