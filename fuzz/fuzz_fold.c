/* fuzz_fold — the text layer: validation, lossy repair and folding, with
 * the byte map always inside the input and non-decreasing; and the fast
 * paths of folding (cached plain code points, nomap) giving exactly what
 * the general path gives. */
#include "chitieu/chitieu.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* RFC 3629 validation spelled out, to hold the DFA of text.c to. */
static size_t ref_valid(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i], len, lo = 0x80, hi = 0xBF;
        if (c < 0x80)
            len = 1;
        else if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c == 0xE0)
            len = 3, lo = 0xA0;
        else if (c == 0xED)
            len = 3, hi = 0x9F;
        else if (c >= 0xE1 && c <= 0xEF)
            len = 3;
        else if (c == 0xF0)
            len = 4, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3)
            len = 4;
        else if (c == 0xF4)
            len = 4, hi = 0x8F;
        else
            return i;
        if (i + len > n) return i;
        for (unsigned k = 1; k < len; k++) {
            unsigned d = p[i + k];
            if (k == 1 ? (d < lo || d > hi) : (d < 0x80 || d > 0xBF)) return i;
        }
        i += len;
    }
    return n;
}
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    const char *s = (const char *)data;
    ct_buf fixed;
    ct_buf_init(&fixed);
    size_t ok = ct_utf8_valid_prefix(s, size);
    if (ok != ref_valid(data, size)) abort();
    /* and across the DFA's 4 KiB blocks */
    if (size < 2048) {
        unsigned char *big = malloc(4096 + size);
        if (big) {
            memset(big, 'a', 4096 - size / 2);
            memcpy(big + 4096 - size / 2, data, size);
            size_t bn = 4096 - size / 2 + size;
            if (ct_utf8_valid_prefix((const char *)big, bn) != ref_valid(big, bn)) abort();
            free(big);
        }
    }
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
            for (size_t i = 0; i < 0x10000; i++)
                g.fast[i] = 1;
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
