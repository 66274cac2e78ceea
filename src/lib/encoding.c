/* encoding.c — the text layer of a file that is not (only) UTF-8: byte-order
 * marks, UTF-16, and the legacy Vietnamese encodings VISCII, Windows-1258
 * (CP1258) and TCVN3, decoded into NFC UTF-8.
 *
 * Detection. A forced encoding wins; then a byte-order mark (UTF-8,
 * UTF-16LE, UTF-16BE); then UTF-8 when the bytes are valid UTF-8 (they are
 * returned unchanged). Otherwise each legacy encoding decodes the bytes and
 * the result is scored as Vietnamese (ct__vi_score): a word that holds a
 * non-ASCII letter must be a Vietnamese syllable — an onset, a vowel group
 * Vietnamese has (of a ă â e ê i o ô ơ u ư y: "oa", "ươi"...), a coda, at
 * most one tone mark, one case pattern — and no control characters may
 * appear. The wrong encodings of Vietnamese text give words such as "Ðång"
 * or "HÀ½": a decoding is plausible when at least nine in ten of its words
 * are syllables (and two at least). Exactly one plausible decoding (or
 * several that give the same text) is accepted; otherwise the caller is
 * told the likeliest and to say --encoding.
 *
 * TCVN3. glibc's "TCVN5712-1" is the VN1 variant of TCVN 5712:1993, which
 * puts upper-case toned letters in 0x80-0x9F and in C0 controls. The
 * documents written with the .Vn fonts (TCVN3, the VN3 variant) have no
 * such letters (the fonts drew capitals from the lower-case codes) and
 * carry Windows-1252 punctuation there instead (“ ” – … from Word). So
 * TCVN3 is our own table: VN1's upper half from 0xA0 (letters agree with
 * glibc's byte for byte) and Windows-1252 in 0x80-0x9F. "TCVN5712-1"
 * still names glibc's converter for those who want VN1. */
#include "doc_int.h"
#include "chitieu/text.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* TCVN3, bytes 0x80..0xFF (0: not in the encoding). */
static const uint16_t tcvn3_hi[128] = {
    0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 0x80 */
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x0000, 0x017D, 0x0000, /* 0x88 */
    0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 0x90 */
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x0000, 0x017E, 0x0178, /* 0x98 */
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110, /* 0xA0 */
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0, /* 0xA8 */
    0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3, /* 0xB0 */
    0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4, /* 0xB8 */
    0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7, /* 0xC0 */
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD, /* 0xC8 */
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC, /* 0xD0 */
    0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2, /* 0xD8 */
    0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7, /* 0xE0 */
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9, /* 0xE8 */
    0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF, /* 0xF0 */
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0, /* 0xF8 */
};

/* The legacy encodings detection tries, in the order ties are named. */
static const char *const legacy[] = {"VISCII", "CP1258", "TCVN3"};
#define NLEGACY 3

int ct__nfc(ct_buf *b)
{
    if (!b->len) return CT_OK;
    /* ASCII needs nothing */
    size_t i = 0;
    while (i < b->len && (unsigned char)b->data[i] < 0x80)
        i++;
    if (i == b->len) return CT_OK;
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)b->data, (utf8proc_ssize_t)b->len,
                                      &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (m < 0) return m == UTF8PROC_ERROR_NOMEM ? CT_ENOMEM : CT_EUTF8;
    ct_buf_reset(b);
    int rc = ct_buf_append(b, out, (size_t)m);
    free(out);
    return rc;
}

static int decode_tcvn3(const char *bytes, size_t len, ct_buf *out, ct_error *err)
{
    if (ct_buf_reserve(out, len * 3)) return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (c < 0x80) {
            out->data[out->len++] = (char)c;
            continue;
        }
        uint16_t u = tcvn3_hi[c - 0x80];
        if (!u)
            return ct_error_set(err, CT_EUTF8, (long long)i, 0,
                                "TCVN3: byte %zu (0x%02X) is not in this encoding", i, c);
        utf8proc_uint8_t tmp[4];
        utf8proc_ssize_t k = utf8proc_encode_char(u, tmp);
        memcpy(out->data + out->len, tmp, (size_t)k);
        out->len += (size_t)k;
    }
    out->data[out->len] = '\0';
    return CT_OK;
}

static int decode_iconv(const char *name, const char *bytes, size_t len, ct_buf *out, ct_error *err)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return ct_error_set(err, CT_EINVAL, -1, 0,
                            "unknown encoding '%s' (VISCII, CP1258, TCVN3, UTF-16LE...)", name);
    char *in = (char *)bytes;
    size_t left = len;
    int rc = CT_OK, flushed = 0;
    /* convert, then flush: CP1258's converter holds back the last letter
     * until it knows no combining mark follows */
    while (rc == CT_OK && !flushed) {
        if (ct_buf_reserve(out, left * 2 + 64)) {
            rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
            break;
        }
        char *o = out->data + out->len;
        size_t room = out->cap - out->len - 1, room0 = room;
        int flush = left == 0;
        size_t r = flush ? iconv(cd, NULL, NULL, &o, &room) : iconv(cd, &in, &left, &o, &room);
        out->len += room0 - room;
        out->data[out->len] = '\0';
        if (r != (size_t)-1) {
            flushed = flush;
            continue;
        }
        if (errno == E2BIG) continue;
        long long off = (long long)(in - bytes);
        rc = ct_error_set(err, CT_EUTF8, off, 0,
                          errno == EINVAL ? "%s: a character is cut at the end (byte %lld)"
                                          : "%s: byte %lld is not in this encoding",
                          name, off);
    }
    iconv_close(cd);
    return rc;
}

/* The canonical name of an encoding as the user wrote it (case-insensitive
 * aliases), or the name itself for iconv. */
static const char *canonical(const char *name)
{
    static const struct {
        const char *alias, *name;
    } names[] = {{"utf8", "UTF-8"},
                 {"utf-8", "UTF-8"},
                 {"utf-16", "UTF-16"},
                 {"utf16", "UTF-16"},
                 {"utf-16le", "UTF-16LE"},
                 {"utf-16be", "UTF-16BE"},
                 {"viscii", "VISCII"},
                 {"cp1258", "CP1258"},
                 {"windows-1258", "CP1258"},
                 {"win1258", "CP1258"},
                 {"tcvn3", "TCVN3"},
                 {"tcvn", "TCVN3"},
                 {"vn3", "TCVN3"},
                 {"abc", "TCVN3"},
                 {"tcvn5712", "TCVN3"},
                 {"tcvn-5712", "TCVN3"},
                 {"tcvn5712-1", "TCVN5712-1"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(names[i].alias, name)) return names[i].name;
    return name;
}

int ct_encoding_decode(const char *name, const char *bytes, size_t len, ct_buf *out, ct_error *err)
{
    ct_error_clear(err);
    const char *cn = canonical(name);
    ct_buf tmp;
    ct_buf_init(&tmp);
    int rc;
    if (!strcmp(cn, "UTF-8")) {
        size_t ok = ct_utf8_valid_prefix(bytes, len);
        rc = ok == len
                 ? ct_buf_append(&tmp, bytes, len)
                 : ct_error_set(err, CT_EUTF8, (long long)ok, 0, "invalid UTF-8 at byte %zu", ok);
    } else if (!strcmp(cn, "TCVN3")) {
        rc = decode_tcvn3(bytes, len, &tmp, err);
    } else if (!strcmp(cn, "UTF-16")) {
        /* a BOM says the byte order; without one, little-endian (Windows) */
        int be = len >= 2 && (unsigned char)bytes[0] == 0xFE && (unsigned char)bytes[1] == 0xFF;
        int bom =
            be || (len >= 2 && (unsigned char)bytes[0] == 0xFF && (unsigned char)bytes[1] == 0xFE);
        rc = decode_iconv(be ? "UTF-16BE" : "UTF-16LE", bytes + (bom ? 2 : 0), len - (bom ? 2 : 0),
                          &tmp, err);
    } else {
        rc = decode_iconv(cn, bytes, len, &tmp, err);
    }
    if (rc == CT_OK && tmp.oom) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    if (rc == CT_OK && (rc = ct__nfc(&tmp)) != CT_OK)
        ct_error_set(err, rc, -1, 0, rc == CT_ENOMEM ? "out of memory" : "invalid UTF-8");
    if (rc == CT_OK && ct_buf_append(out, tmp.data ? tmp.data : "", tmp.len))
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    ct_buf_free(&tmp);
    return rc;
}

/* ---- plausible Vietnamese ------------------------------------------------ */

enum { T_NONE = 0, T_TONE = 1 };

/* One letter of a word reduced to its skeleton: a lower-case ASCII base
 * ('0' for đ; '1' ă, '2' â, '3' ê, '4' ô, '5' ơ, '6' ư), its tone count and
 * case. Returns 0 when the letter cannot be Vietnamese. */
static int skeleton(int32_t cp, char *base, int *tones, int *upper)
{
    utf8proc_int32_t d[8];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE, &last);
    if (n < 1 || n > 3) return 0;
    int32_t b = d[0];
    *upper = 0;
    if (b == 0x110 || b == 0x111) {
        *upper = b == 0x110;
        *base = '0';
    } else if (b >= 'A' && b <= 'Z') {
        *upper = 1;
        *base = (char)(b - 'A' + 'a');
    } else if (b >= 'a' && b <= 'z') {
        *base = (char)b;
    } else {
        return 0;
    }
    if (strchr("fjwz", *base)) return 0;
    for (utf8proc_ssize_t k = 1; k < n; k++) {
        int32_t m = d[k];
        if (m == 0x300 || m == 0x301 || m == 0x303 || m == 0x309 || m == 0x323) {
            if (!strchr("aeiouy123456", *base)) return 0;
            (*tones)++;
        } else if (m == 0x302 && strchr("aeo", *base)) {
            *base = *base == 'a' ? '2' : *base == 'e' ? '3' : '4';
        } else if (m == 0x306 && *base == 'a') {
            *base = '1';
        } else if (m == 0x31B && (*base == 'o' || *base == 'u')) {
            *base = *base == 'o' ? '5' : '6';
        } else {
            return 0;
        }
    }
    return 1;
}

static const char *const onsets[] = {"ngh", "ng", "gh", "gi", "kh", "nh", "ph", "qu", "th", "tr",
                                     "ch",  "b",  "c",  "d",  "0",  "g",  "h",  "k",  "l",  "m",
                                     "n",   "p",  "r",  "s",  "t",  "v",  "x",  ""};
static const char *const codas[] = {"ch", "ng", "nh", "c", "m", "n", "p", "t", ""};

/* The vowel groups of Vietnamese syllables (after the onset; qu and gi are
 * onsets), in skeleton letters. */
static const char *const nuclei[] = {
    "a",   "1",   "2",   "e",   "3",   "i",   "o",   "4",   "5",   "u",   "6",   "y",
    "ai",  "ao",  "au",  "ay",  "2u",  "2y",  "eo",  "3u",  "ia",  "i3",  "iu",  "oa",
    "o1",  "oe",  "oi",  "4i",  "5i",  "oo",  "ua",  "u2",  "u3",  "ui",  "u4",  "u5",
    "65",  "6a",  "6i",  "6u",  "uy",  "y3",  "i3u", "y3u", "oai", "oao", "oay", "oeo",
    "u2y", "u4i", "65i", "65u", "uya", "uy3", "uyu", "u3u", "6o"};

static int rest_ok(const char *s)
{
    size_t v = strspn(s, "a12e3io45u6y");
    if (v < 1 || v > 3) return 0;
    int nuc = 0;
    for (size_t k = 0; k < sizeof nuclei / sizeof nuclei[0] && !nuc; k++)
        nuc = strlen(nuclei[k]) == v && !strncmp(s, nuclei[k], v);
    if (!nuc) return 0;
    for (size_t k = 0; k < sizeof codas / sizeof codas[0]; k++)
        if (!strcmp(s + v, codas[k])) return 1;
    return 0;
}

static int syllable_ok(const char *sk)
{
    for (size_t k = 0; k < sizeof onsets / sizeof onsets[0]; k++) {
        size_t n = strlen(onsets[k]);
        if (!strncmp(sk, onsets[k], n) && rest_ok(sk + n)) return 1;
    }
    return 0;
}

static int is_letter_or_mark(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) || c == UTF8PROC_CATEGORY_MN ||
           c == UTF8PROC_CATEGORY_MC;
}

/* Judge one word (code points w[0..n)); 1 syllable, 0 not, -1 ASCII only. */
static int judge_word(const int32_t *w, int n)
{
    int ascii = 1;
    for (int i = 0; i < n; i++)
        if (w[i] >= 0x80) ascii = 0;
    if (ascii) return -1;
    if (n > 8) return 0;
    char sk[16];
    int tones = 0, ups = 0, first_up = 0, len = 0;
    for (int i = 0; i < n; i++) {
        int up = 0;
        char b;
        if (!skeleton(w[i], &b, &tones, &up)) return 0;
        sk[len++] = b;
        ups += up;
        if (i == 0) first_up = up;
    }
    sk[len] = '\0';
    if (tones > 1) return 0;
    if (!(ups == 0 || ups == n || (ups == 1 && first_up))) return 0;
    return syllable_ok(sk);
}

void ct__vi_score(const char *s, size_t n, long *good, long *bad, long *ctrl)
{
    *good = *bad = *ctrl = 0;
    int32_t w[16];
    int wn = 0, wlong = 0;
    size_t i = 0;
    for (;;) {
        int32_t cp = -1;
        if (i < n) {
            utf8proc_ssize_t k =
                utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
            if (k < 1) {
                (*ctrl)++;
                i++;
                continue;
            }
            i += (size_t)k;
        }
        if (cp >= 0 && is_letter_or_mark(cp)) {
            if (wn < 16)
                w[wn++] = cp;
            else
                wlong = 1;
            continue;
        }
        if (wn) {
            int j = -1;
            if (!wlong)
                j = judge_word(w, wn);
            else /* too long for a syllable: counts when it is not ASCII */
                for (int q = 0; q < wn; q++)
                    if (w[q] >= 0x80) j = 0;
            if (j == 1)
                (*good)++;
            else if (j == 0)
                (*bad)++;
            wn = 0;
            wlong = 0;
        }
        if (cp < 0) break;
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' && cp != '\f') ||
            (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFD)
            (*ctrl)++;
    }
}

static int plausible(long good, long bad, long ctrl)
{
    return ctrl == 0 && good >= 2 && bad * 10 <= good + bad;
}

/* ---- the text layer ------------------------------------------------------ */

int ct__enc_text(const char *bytes, size_t len, const char *forced, ct_buf *out, char enc[24],
                 char note[200], int *identical, ct_error *err)
{
    ct_error_clear(err);
    const unsigned char *u = (const unsigned char *)bytes;
    *identical = 0;
    note[0] = '\0';
    if (forced) {
        const char *cn = canonical(forced);
        snprintf(enc, 24, "%s", cn);
        if (!strcmp(cn, "UTF-8") && len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
            bytes += 3, len -= 3;
        else if (!strcmp(cn, "UTF-8"))
            *identical = 1;
        int rc = ct_encoding_decode(cn, bytes, len, out, err);
        if (rc == CT_OK && *identical) {
            /* UTF-8 as given stays byte for byte what the user has */
            ct_buf_reset(out);
            if (ct_buf_append(out, bytes, len)) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "oom");
        }
        return rc;
    }
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        snprintf(enc, 24, "UTF-8");
        return ct_encoding_decode("UTF-8", bytes + 3, len - 3, out, err);
    }
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        snprintf(enc, 24, "%s", u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");
        snprintf(note, 200, "decoded from %s", enc);
        return ct_encoding_decode("UTF-16", bytes, len, out, err);
    }
    size_t ok = ct_utf8_valid_prefix(bytes, len);
    size_t nul = ct_find_nul(bytes, len);
    if (nul < len) {
        /* UTF-16 without a BOM has a NUL beside every ASCII letter */
        size_t even = 0, odd = 0;
        for (size_t i = 0; i < len && i < 4096; i++)
            if (!u[i]) *(i & 1 ? &odd : &even) += 1;
        size_t half = (len < 4096 ? len : 4096) / 2;
        if (odd > half / 2 || even > half / 2)
            return ct_error_set(err, CT_EBINARY, (long long)nul, 0,
                                "looks like UTF-16 without a byte-order mark: give --encoding %s",
                                odd > even ? "UTF-16LE" : "UTF-16BE");
    }
    if (ok == len) {
        /* NUL bytes included: the extractor refuses them where they are */
        snprintf(enc, 24, "UTF-8");
        *identical = 1;
        if (ct_buf_append(out, bytes, len)) return ct_error_set(err, CT_ENOMEM, -1, 0, "oom");
        return CT_OK;
    }
    if (nul < len)
        return ct_error_set(err, CT_EBINARY, (long long)nul, 0, "binary file (NUL byte), not text");
    /* UTF-8 with a few bad bytes (a damaged file, a cut-and-paste) is no
     * legacy text: say so, and how to read it anyway */
    size_t good8 = 0, bad8 = 0;
    for (size_t i = 0; i < len;) {
        size_t k = ct_utf8_valid_prefix(bytes + i, len - i);
        for (size_t j = i; j < i + k; j++)
            good8 += ((unsigned char)bytes[j] & 0xC0) == 0xC0; /* a lead byte */
        i += k;
        if (i < len) bad8++, i++;
    }
    if (good8 >= 2 && bad8 * 10 <= good8)
        return ct_error_set(err, CT_EUTF8, (long long)ok, 0,
                            "invalid UTF-8 at byte %zu (%zu bad byte%s in UTF-8 text: --lossy "
                            "puts U+FFFD in %s place)",
                            ok, bad8, bad8 == 1 ? "" : "s", bad8 == 1 ? "its" : "their");
    ct_buf cand[NLEGACY];
    long score[NLEGACY];
    int ok_enc[NLEGACY], nok = 0, best = -1, rc = CT_OK;
    for (int k = 0; k < NLEGACY; k++) {
        ct_buf_init(&cand[k]);
        ok_enc[k] = 0;
        score[k] = -1000000000L;
        ct_error e2;
        int r = ct_encoding_decode(legacy[k], bytes, len, &cand[k], &e2);
        if (r == CT_ENOMEM) rc = CT_ENOMEM;
        if (r != CT_OK) continue;
        long good, bad, ctrl;
        ct__vi_score(cand[k].data, cand[k].len, &good, &bad, &ctrl);
        score[k] = good - 3 * bad - 10 * ctrl;
        if (best < 0 || score[k] > score[best]) best = k;
        if (!plausible(good, bad, ctrl)) continue;
        /* two encodings that read the bytes the same are one answer */
        int same = 0;
        for (int j = 0; j < k; j++)
            if (ok_enc[j] && cand[j].len == cand[k].len &&
                !memcmp(cand[j].data, cand[k].data, cand[k].len))
                same = 1;
        ok_enc[k] = 1;
        if (!same) nok++;
    }
    if (rc == CT_OK && nok == 1) {
        int k = 0;
        while (!ok_enc[k])
            k++;
        snprintf(enc, 24, "%s", legacy[k]);
        snprintf(note, 200, "not UTF-8: decoded as %s", legacy[k]);
        if (ct_buf_append(out, cand[k].data, cand[k].len))
            rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    } else if (rc == CT_ENOMEM) {
        ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    } else {
        char names[64] = "";
        for (int k = 0; k < NLEGACY; k++)
            if (ok_enc[k] && k != best)
                snprintf(names + strlen(names), sizeof names - strlen(names), " or %s", legacy[k]);
        if (nok > 1)
            rc = ct_error_set(err, CT_EUTF8, (long long)ok, 0,
                              "invalid UTF-8 at byte %zu; reads as Vietnamese in %s%s alike: "
                              "give --encoding NAME",
                              ok, legacy[best], names);
        else
            rc = ct_error_set(err, CT_EUTF8, (long long)ok, 0,
                              "invalid UTF-8 at byte %zu; not plausible Vietnamese in VISCII, "
                              "CP1258 or TCVN3 either (closest: %s): give --encoding NAME",
                              ok, best >= 0 ? legacy[best] : "none");
    }
    for (int k = 0; k < NLEGACY; k++)
        ct_buf_free(&cand[k]);
    return rc;
}
