/* fuzz_fold — the text layer: validation, lossy repair and folding, with
 * the byte map always inside the input and non-decreasing; and the fast
 * paths of folding (cached plain code points, nomap) giving exactly what
 * the general path gives. */
#include "chitieu/chitieu.h"

#include <stdlib.h>
#include <string.h>

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
        /* the same fold with every code point sent to the general path */
        ct_fold g;
        ct_fold_init(&g);
        g.fast = malloc(0x10000 * sizeof *g.fast);
        if (g.fast) {
            for (size_t i = 0; i < 0x10000; i++) g.fast[i] = 1;
            if (ct_fold_text(&g, s, size) == CT_OK &&
                (g.len != f.len || memcmp(g.text, f.text, f.len) != 0 ||
                 memcmp(g.map, f.map, (f.len + 1) * sizeof *f.map) != 0))
                abort();
        }
        ct_fold_free(&g);
        /* without the map, the same text */
        f.nomap = 1;
        ct_fold h;
        ct_fold_init(&h);
        h.nomap = 1;
        if (ct_fold_text(&h, s, size) == CT_OK && ct_fold_text(&f, s, size) == CT_OK &&
            (h.len != f.len || memcmp(h.text, f.text, f.len) != 0))
            abort();
        ct_fold_free(&h);
    }
    ct_fold_free(&f);
    ct_buf_free(&fixed);
    return 0;
}
