/* fuzz_docx — ZIP containers in: the same bytes as a DOCX (its text) and
 * as an XLSX to import (its rows). Text valid UTF-8, rows well formed;
 * nothing may crash or leak. */
#include "chitieu/chitieu.h"
#include "doc_int.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void ignore(void *ud, long line, const char *why)
{
    (void)ud;
    if (line < 1 || !why || !*why) abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static ct_catalog *cat;
    if (!cat) {
        ct_error err;
        cat = ct_catalog_load(CT_CATALOG, &err);
        if (!cat) abort();
    }
    ct_buf out;
    ct_buf_init(&out);
    ct_error err;
    ct_error_clear(&err);
    if (ct__docx_text((const char *)data, size, &out, &err) == CT_OK) {
        if (!out.data || ct_utf8_valid_prefix(out.data, out.len) != out.len) abort();
    } else if (!err.msg[0]) {
        abort();
    }
    ct_buf_free(&out);
    ct_import im;
    if (ct_import_read(cat, (const char *)data, size, CT_IMPORT_XLSX, "fuzz", ignore, NULL, &im) ==
        CT_OK) {
        for (size_t i = 0; i < im.n; i++) {
            const ct_import_row *r = &im.rows[i];
            if (!r->rec.ind || !ct_period_is_set(&r->rec.period) || !r->doc) abort();
        }
    }
    ct_import_free(&im);
    return 0;
}
