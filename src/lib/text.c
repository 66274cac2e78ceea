/* text.c — UTF-8 validation and folding (NFC, lower case, white space).
 *
 * Folding is the one pass every input byte goes through, so it is built
 * for text that is already NFC, which is almost all of it: a code point
 * that is "inert" (starts no composition as a second element, has
 * combining class 0 and is its own NFC) is lower-cased and copied; only a
 * run that holds a non-inert code point is handed to utf8proc_map, from the
 * last inert code point before it to the next one after it. Inertness of
 * BMP code points is cached per ct_fold (no global state).
 *
 * Invariant: map[i] is the offset in the source of the code point that
 * produced output byte i; a normalized run maps all its bytes to the run's
 * first source byte. map[len] is the source length. */
#include "chitieu/text.h"
#include "chitieu/buf.h"
#include "chitieu/error.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- validation ---------------------------------------------------------- */

/* Length of a valid sequence at p (1..4), 0 when invalid, -1 when it is
 * valid so far but cut by the end of the buffer. */
static int seq_len(const unsigned char *p, size_t avail)
{
    unsigned c = p[0];
    if (c < 0x80) return 1;
    int n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c == 0xE0)
        n = 3, lo = 0xA0;
    else if (c == 0xED)
        n = 3, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF)
        n = 3;
    else if (c == 0xF0)
        n = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3)
        n = 4;
    else if (c == 0xF4)
        n = 4, hi = 0x8F;
    else
        return 0;
    for (int i = 1; i < n; i++) {
        if ((size_t)i >= avail) return -1;
        unsigned d = p[i];
        if (i == 1 ? (d < lo || d > hi) : (d < 0x80 || d > 0xBF)) return 0;
    }
    return n;
}

size_t ct_utf8_valid_prefix(const char *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *)buf;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        if (c < 0x80) {
            /* ASCII runs eight bytes at a time, once one has started */
            i++;
            while (i + 8 <= len) {
                uint64_t w;
                memcpy(&w, p + i, 8);
                if (w & 0x8080808080808080ULL) break;
                i += 8;
            }
            continue;
        }
        /* the two- and three-byte forms of Vietnamese inline */
        if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (p[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        if (c >= 0xE1 && c <= 0xEC && i + 2 < len && (p[i + 1] & 0xC0) == 0x80 &&
            (p[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        int n = seq_len(p + i, len - i);
        if (n <= 0) return i;
        i += (size_t)n;
    }
    return len;
}

size_t ct_utf8_tail(const char *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *)buf;
    for (size_t back = 1; back <= 3 && back <= len; back++) {
        unsigned c = p[len - back];
        if (c < 0x80) return 0;
        if (c >= 0xC0) return seq_len(p + len - back, back) == -1 ? back : 0;
    }
    return 0;
}

size_t ct_find_nul(const char *buf, size_t len)
{
    const char *z = memchr(buf, 0, len);
    return z ? (size_t)(z - buf) : len;
}

int ct_utf8_lossy(ct_buf *out, const char *buf, size_t len)
{
    ct_buf_reset(out);
    size_t i = 0;
    while (i < len) {
        size_t ok = ct_utf8_valid_prefix(buf + i, len - i);
        ct_buf_append(out, buf + i, ok);
        i += ok;
        if (i < len) {
            int n = seq_len((const unsigned char *)buf + i, len - i);
            ct_buf_append(out, "\xEF\xBF\xBD", 3);
            /* skip the bad lead byte and any continuation bytes after it */
            i += 1;
            while (n != 0 && i < len && ((unsigned char)buf[i] & 0xC0) == 0x80)
                i++;
        }
    }
    return out->oom ? CT_ENOMEM : CT_OK;
}

/* ---- folding ------------------------------------------------------------- */

void ct_fold_init(ct_fold *f)
{
    memset(f, 0, sizeof *f);
}

void ct_fold_free(ct_fold *f)
{
    free(f->text);
    free(f->map);
    free(f->inert);
    free(f->fast);
    memset(f, 0, sizeof *f);
}

static int fold_reserve(ct_fold *f, size_t extra)
{
    size_t need = f->len + extra + 1;
    if (need <= f->cap) return CT_OK;
    size_t cap = f->cap ? f->cap : 256;
    while (cap < need)
        cap *= 2;
    char *t = realloc(f->text, cap);
    if (!t) return CT_ENOMEM;
    f->text = t;
    uint32_t *m = realloc(f->map, (cap + 1) * sizeof *m);
    if (!m) return CT_ENOMEM;
    f->map = m;
    f->cap = cap;
    return CT_OK;
}

static int is_space_cp(int32_t c)
{
    if (c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
        (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
        c == 0x3000)
        return 1;
    return 0;
}

/* Code points dropped outright: zero-width characters, soft hyphen, BOM. */
static int is_dropped_cp(int32_t c)
{
    return c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

/* Dashes and minus signs read as '-', fullwidth percent as '%'. */
static int32_t ascii_alias(int32_t c)
{
    if (c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013 || c == 0x2014 || c == 0x2212)
        return '-';
    if (c == 0xFF05) return '%';
    if (c == 0x2019 || c == 0x2018) return '\'';
    if (c == 0x201C || c == 0x201D) return '"';
    return c;
}

static int compute_inert(int32_t c)
{
    const utf8proc_property_t *p = utf8proc_get_property(c);
    if (p->combining_class != 0) return 0;
    if (p->comb_index != 0xFFFF && (p->comb_index & 0x8000)) return 0;
    if (c >= 0x1100 && c <= 0x11FF) return 0;
    if (c >= 0xAC00 && c <= 0xD7A3) return 0; /* Hangul syllables compose with jamo */
    utf8proc_uint8_t in[4], *out = NULL;
    utf8proc_ssize_t n = utf8proc_encode_char(c, in);
    utf8proc_ssize_t m = utf8proc_map(in, n, &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    int same = m == n && out && memcmp(in, out, (size_t)n) == 0;
    free(out);
    return same;
}

static int is_inert(ct_fold *f, int32_t c)
{
    if (c < 0x80) return 1;
    if (c > 0xFFFF) return compute_inert(c);
    if (!f->inert) {
        f->inert = calloc(0x10000 / 4, 1);
        if (!f->inert) return compute_inert(c);
    }
    unsigned byte = (unsigned)c >> 2, sh = ((unsigned)c & 3) * 2;
    unsigned v = (f->inert[byte] >> sh) & 3;
    if (!v) {
        v = compute_inert(c) ? 2 : 1;
        f->inert[byte] |= (unsigned char)(v << sh);
    }
    return v == 2;
}

static void put_cp(ct_fold *f, int32_t c, uint32_t src)
{
    utf8proc_uint8_t tmp[4];
    utf8proc_ssize_t n = utf8proc_encode_char(c, tmp);
    for (utf8proc_ssize_t k = 0; k < n; k++) {
        f->text[f->len] = (char)tmp[k];
        f->map[f->len] = src;
        f->len++;
    }
}

static int32_t lower_cp(int32_t c)
{
    c = ascii_alias(c);
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    return utf8proc_tolower(c);
}

/* The folded form of BMP code point c when folding it is a plain copy of
 * its lower case (inert, not a space, not dropped, no alias, lower case
 * in the BMP beyond ASCII and no longer in UTF-8); 1 when it needs the
 * general path. */
static uint16_t fast_fold(ct_fold *f, int32_t c)
{
    uint16_t v = f->fast[c];
    if (v) return v;
    int32_t lc = utf8proc_tolower(c);
    v = 1;
    if (!is_space_cp(c) && !is_dropped_cp(c) && ascii_alias(c) == c && is_inert(f, c) &&
        lc >= 0x80 && lc <= 0xFFFF && !(lc >= 0xD800 && lc <= 0xDFFF) && (lc < 0x800 || c >= 0x800))
        v = (uint16_t)lc;
    f->fast[c] = v;
    return v;
}

int ct_fold_text(ct_fold *f, const char *src, size_t n)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)src;
    f->len = 0;
    /* Most text folds to at most its own length; every write below still
     * reserves its own room (lower-casing can lengthen a code point). */
    if (fold_reserve(f, n + 4) != CT_OK) return CT_ENOMEM;
    int pending_space = 0;
    size_t last_inert_out = (size_t)-1; /* output offset of the last inert cp */
    size_t last_inert_src = 0;
    size_t i = 0;
    if (!f->fast) f->fast = calloc(0x10000, sizeof *f->fast); /* NULL: no fast path */
    while (i < n) {
        unsigned char b = s[i];
        if (b == ' ' || (b >= 0x09 && b <= 0x0D)) {
            pending_space = 1;
            i++;
            last_inert_out = (size_t)-1;
            continue;
        }
        /* The fast loop: a word's ASCII and its two- and three-byte code
         * points with a cached plain fold (all of Vietnamese in NFC), up to
         * a space or anything else. Its output is never longer than its
         * input (fast_fold keeps only lower cases that are no longer), so
         * one reservation covers it. */
        if (f->fast && (b < 0x80 ? b > ' ' : 1)) {
            if (fold_reserve(f, n - i + 2) != CT_OK) return CT_ENOMEM;
            char *o = f->text;
            uint32_t *mp = f->map;
            size_t len = f->len, start_len = len;
            if (pending_space && len) {
                o[len] = ' ';
                mp[len++] = (uint32_t)i;
            }
            size_t after_space = len;
            size_t lo = (size_t)-1, ls = 0; /* the last code point, out and source */
            int nomap = f->nomap;
            while (i < n) {
                b = s[i];
                if (b < 0x80) {
                    if (b <= ' ' || b == 0x7F) break;
                    lo = len;
                    ls = i;
                    o[len] = (char)((b >= 'A' && b <= 'Z') ? b + 32 : b);
                    if (!nomap) mp[len] = (uint32_t)i;
                    len++;
                    i++;
                    continue;
                }
                int32_t c;
                size_t k;
                if (b >= 0xC2 && b <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
                    c = ((b & 0x1F) << 6) | (s[i + 1] & 0x3F);
                    k = 2;
                } else if (b >= 0xE0 && b <= 0xEF && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
                           (s[i + 2] & 0xC0) == 0x80) {
                    c = ((b & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
                    k = 3;
                    if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) break;
                } else {
                    break;
                }
                uint16_t v = fast_fold(f, c);
                if (v <= 1) break;
                lo = len;
                ls = i;
                uint32_t at = (uint32_t)i;
                if (v < 0x800) {
                    o[len] = (char)(0xC0 | (v >> 6));
                    o[len + 1] = (char)(0x80 | (v & 0x3F));
                    if (!nomap) mp[len] = mp[len + 1] = at;
                    len += 2;
                } else {
                    o[len] = (char)(0xE0 | (v >> 12));
                    o[len + 1] = (char)(0x80 | ((v >> 6) & 0x3F));
                    o[len + 2] = (char)(0x80 | (v & 0x3F));
                    if (!nomap) mp[len] = mp[len + 1] = mp[len + 2] = at;
                    len += 3;
                }
                i += k;
            }
            if (len > after_space) { /* took something */
                f->len = len;
                pending_space = 0;
                last_inert_out = lo;
                last_inert_src = ls;
                continue;
            }
            f->len = start_len; /* nothing: the general path below */
            b = s[i];
        }
        int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0) { /* invalid: callers validate first; skip the byte */
            i++;
            continue;
        }
        if (is_space_cp(c)) {
            pending_space = 1;
            i += (size_t)k;
            last_inert_out = (size_t)-1;
            continue;
        }
        if (is_dropped_cp(c)) {
            i += (size_t)k;
            continue;
        }
        if (pending_space && f->len) {
            if (fold_reserve(f, 1) != CT_OK) return CT_ENOMEM;
            f->text[f->len] = ' ';
            f->map[f->len++] = (uint32_t)i;
        }
        pending_space = 0;
        if (is_inert(f, c)) {
            if (fold_reserve(f, 4) != CT_OK) return CT_ENOMEM;
            last_inert_out = f->len;
            last_inert_src = i;
            put_cp(f, lower_cp(c), (uint32_t)i);
            i += (size_t)k;
            continue;
        }
        /* A run needing normalization: from the last inert code point
         * (which may compose with what follows) to the next inert one. */
        size_t run_src = i, run_out = f->len;
        if (last_inert_out != (size_t)-1) {
            run_src = last_inert_src;
            run_out = last_inert_out;
        }
        size_t j = i + (size_t)k;
        while (j < n) {
            int32_t d;
            utf8proc_ssize_t kk = utf8proc_iterate(s + j, (utf8proc_ssize_t)(n - j), &d);
            if (kk <= 0 || is_space_cp(d) || is_inert(f, d)) break;
            j += (size_t)kk;
        }
        utf8proc_uint8_t *norm = NULL;
        utf8proc_ssize_t m = utf8proc_map(s + run_src, (utf8proc_ssize_t)(j - run_src), &norm,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        f->len = run_out;
        if (m < 0) { /* cannot happen on valid input; copy as is */
            free(norm);
            return CT_ENOMEM;
        }
        if (fold_reserve(f, (size_t)m * 2 + 8) != CT_OK) {
            free(norm);
            return CT_ENOMEM;
        }
        utf8proc_ssize_t q = 0;
        while (q < m) {
            int32_t d;
            utf8proc_ssize_t kk = utf8proc_iterate(norm + q, m - q, &d);
            if (kk <= 0) break;
            if (!is_dropped_cp(d)) put_cp(f, lower_cp(d), (uint32_t)run_src);
            q += kk;
        }
        free(norm);
        last_inert_out = (size_t)-1;
        i = j;
    }
    f->text[f->len] = '\0';
    f->map[f->len] = (uint32_t)n;
    return CT_OK;
}
