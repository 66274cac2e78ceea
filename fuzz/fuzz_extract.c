/* fuzz_extract — the whole extractor on arbitrary bytes, fed in chunks
 * whose sizes come from the input itself: no crash, no leak, no UB, and
 * spans always inside the input. */
#include "chitieu/chitieu.h"

#include <stdlib.h>

static ct_catalog *cat;

static int check(void *ud, const ct_record *r)
{
    size_t len = *(size_t *)ud;
    if (r->span[0] < 0 || r->span[1] > (long long)len || r->span[0] > r->span[1]) abort();
    if (r->value_span[0] < r->span[0] || r->value_span[1] > r->span[1]) abort();
    if (!r->ind) abort();
    ct_buf b;
    ct_buf_init(&b);
    ct_render_json(&b, r, "fuzz");
    ct_render_table_row(&b, r, "fuzz");
    ct_buf_free(&b);
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (!cat) {
        ct_error err;
        cat = ct_catalog_load(CT_CATALOG, &err);
        if (!cat) abort();
    }
    ct_extract_opts o = {.pub_year = 2024, .pub_month = 3, .pub_day = 15};
    size_t len = size;
    ct_extractor *ex = ct_extractor_new(cat, &o, check, &len);
    if (!ex) return 0;
    ct_error err;
    size_t i = 0, step = size ? (size_t)data[0] % 17 + 1 : 1;
    int rc = CT_OK;
    while (i < size && rc == CT_OK) {
        size_t k = size - i < step ? size - i : step;
        rc = ct_extractor_feed(ex, (const char *)data + i, k, &err);
        i += k;
        step = step * 3 % 61 + 1;
    }
    ct_extractor_finish(ex, &err);
    ct_extractor_free(ex);
    return 0;
}
