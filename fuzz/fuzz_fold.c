/* fuzz_fold — the text layer: validation, lossy repair and folding, with
 * the byte map always inside the input and non-decreasing. */
#include "chitieu/chitieu.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    const char *s = (const char *)data;
    ct_buf fixed;
    ct_buf_init(&fixed);
    size_t ok = ct_utf8_valid_prefix(s, size);
    if (ok < size) {
        ct_utf8_lossy(&fixed, s, size);
        if (ct_utf8_valid_prefix(fixed.data, fixed.len) != fixed.len) abort();
        s = fixed.data;
        size = fixed.len;
    }
    ct_fold f;
    ct_fold_init(&f);
    if (ct_fold_text(&f, s, size) == CT_OK) {
        for (size_t i = 0; i < f.len; i++)
            if (f.map[i] > size || (i && f.map[i] < f.map[i - 1])) abort();
        if (ct_utf8_valid_prefix(f.text, f.len) != f.len) abort();
    }
    ct_fold_free(&f);
    ct_buf_free(&fixed);
    return 0;
}
