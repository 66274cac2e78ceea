/* chitieu — the text layer: UTF-8 validation and Unicode normalization.
 *
 * Input is kept as given; the extractor works on a folded copy of each
 * sentence (NFC, lower case, spaces collapsed) that maps every byte back
 * to the input, so record spans always point into the bytes the user gave.
 * Text that is already NFC pays no normalization cost. */
#ifndef CHITIEU_TEXT_H
#define CHITIEU_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Length of the longest valid UTF-8 prefix of buf[0..len). Equal to len
 * when the whole buffer is valid. A sequence cut at the very end counts as
 * invalid; callers that stream use ct_utf8_tail() to hold it back. */
size_t ct_utf8_valid_prefix(const char *buf, size_t len);
/* Bytes at the end of buf[0..len) that start an incomplete but so far
 * valid UTF-8 sequence (0..3). */
size_t ct_utf8_tail(const char *buf, size_t len);
/* Position of the first NUL byte, or len when there is none. */
size_t ct_find_nul(const char *buf, size_t len);

/* Folded text: out[i] came from input byte map[i] (an offset relative to
 * the start of the folded slice); map has len+1 entries, the last one
 * being the end of the slice. */
typedef struct ct_fold {
    char *text;
    uint32_t *map;
    size_t len, cap;
    unsigned char *inert; /* lazily built: 2 bits per BMP code point */
    uint16_t *fast;       /* lazily built: per BMP code point, its folded
                             form when inert and plain, 1 when not, 0 unknown */
    int nomap;            /* set by the caller: map[] is not needed (its
                             contents are then unspecified); faster */
} ct_fold;

void ct_fold_init(ct_fold *f);
void ct_fold_free(ct_fold *f);
/* Fold src[0..n) (valid UTF-8): NFC, simple lower case, every run of
 * white space (including NBSP and other Unicode spaces, tabs, CR, LF) to
 * one ASCII space, leading/trailing space dropped. Returns CT_OK or
 * CT_ENOMEM. */
int ct_fold_text(ct_fold *f, const char *src, size_t n);

/* Replace each invalid UTF-8 sequence of buf by U+FFFD into out (for
 * --lossy). Returns CT_OK or CT_ENOMEM; out is reset first. */
struct ct_buf;
/* The columns s takes on a terminal (utf8proc's character widths: a
 * combining mark takes none, a wide character two); invalid bytes count
 * one each. */
int ct_text_width(const char *s);
int ct_utf8_lossy(struct ct_buf *out, const char *buf, size_t len);

#endif
