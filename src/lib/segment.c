/* segment.c — the byte stream into sentences.
 *
 * Bytes are validated as UTF-8 as they come, in blocks (a character cut by
 * a block or by the caller's buffer end is carried over, never an error); a
 * NUL byte ends the text as binary. Sentences end at a line break, or at
 * . ! ? … before a space (not after an abbreviation such as "TP."); one
 * longer than CT_MAX_SENTENCE is cut at a space. A line without final
 * punctuation is a heading. The first sentences are held in the head until
 * the document's reporting period is known (extract.c). */
#include "extract_int.h"

#include <string.h>

/* A table row as the document readers write it ("Hà Nam | 68,54%") or as
 * it is pasted (cells between tabs). Such a line is data or a table's
 * header, not a heading, however short. *figure: a cell opens with a
 * figure ("68,54%", "+2%"); a header's cells open with words ("Tăng so
 * với 2023"). */
int ct__table_cells(const char *s, size_t n, int *figure)
{
    if (figure) *figure = 0;
    if (!memchr(s, '|', n) && !memchr(s, '\t', n)) return 1; /* prose: most lines */
    int cells = 1, f = 0, open = 1; /* open: at a cell's first byte */
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\t' || (s[i] == '|' && i > 0 && s[i - 1] == ' ' && i + 1 < n && s[i + 1] == ' ')) {
            cells++;
            open = 1;
        } else if (open && (s[i] == ' ' || s[i] == '|' || s[i] == '+' || s[i] == '-')) {
            continue;
        } else {
            if (open && s[i] >= '0' && s[i] <= '9') f = 1;
            open = 0;
        }
    }
    if (figure) *figure = f;
    return cells;
}


/* A line without final punctuation: a title, a byline, a date line. */
static int is_heading(ct_extractor *ex, const char *s, size_t n, int whole_line)
{
    if (!whole_line) return 0;
    size_t e = n;
    while (e > 0 && (s[e - 1] == '\n' || s[e - 1] == '\r' || s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    if (e == 0) return 1;
    unsigned char last = (unsigned char)s[e - 1];
    int punct =
        strchr(".!?:;\")", last) != NULL || (e >= 3 && (memcmp(s + e - 3, "\xe2\x80\xa6", 3) == 0 ||
                                                        memcmp(s + e - 3, "\xe2\x80\x9d", 3) == 0));
    if (punct) {
        ex->title_zone = 0;
        return 0;
    }
    if (ct__table_cells(s, e, NULL) > 1) return 0;
    if (ex->title_zone) return 1;
    if (s[0] == '-' || s[0] == '+' || s[0] == '*' || (unsigned char)s[0] == 0xE2) return 0;
    return e < 160;
}

void ct__sentence_done(ct_extractor *ex, size_t len, int ends_line)
{
    const char *s = ex->sent.data + ex->sent_off;
    int heading = is_heading(ex, s, len, ex->line_start && ends_line);
    int blank = 1;
    for (size_t i = 0; i < len && blank; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t') blank = 0;
    if (!blank) {
        if (!ex->head_done) {
            if (ex->nhs < 64 && ex->head.len + len < 2 * CT_MAX_SENTENCE) {
                ex->hs[ex->nhs].off = ex->head.len;
                ex->hs[ex->nhs].len = len;
                ex->hs[ex->nhs].start = ex->sent_start;
                ex->hs[ex->nhs].heading = heading;
                ex->hs[ex->nhs].line_start = ex->line_start;
                ex->nhs++;
                ct_buf_append(&ex->head, s, len);
            }
            if (ex->head.len >= HEAD_BYTES || ex->nhs >= 64 || ex->head.oom) ct__close_head(ex);
        } else {
            ct__process_sentence(ex, s, len, ex->sent_start, heading, ex->line_start);
        }
    }
    ex->line_start = ends_line;
    /* consume the bytes; compact the buffer only now and then */
    ex->sent_off += len;
    ex->sent_start += (long long)len;
    if (ex->sent_off == ex->sent.len) {
        ex->sent_off = 0;
        ex->sent.len = 0;
    } else if (ex->sent_off > 32768) {
        size_t rest = ex->sent.len - ex->sent_off;
        memmove(ex->sent.data, ex->sent.data + ex->sent_off, rest);
        ex->sent.len = rest;
        ex->sent_off = 0;
    }
    ex->sent.data[ex->sent.len] = '\0';
}

static int is_abbrev_before(const char *s, size_t dot)
{
    /* TP. Hồ Chí Minh, ThS. Nguyễn: a short capitalised word before '.' */
    size_t b = dot;
    while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '\n' && s[b - 1] != '(')
        b--;
    size_t len = dot - b;
    static const char *const ab[] = {"TP", "Tp", "tp", "ThS", "TS",  "PGS", "GS", "Th.S", "ông",
                                     "bà", "St", "Mr", "Dr",  "v.v", "KS",  "BS", "NXB",  NULL};
    for (int i = 0; ab[i]; i++)
        if (strlen(ab[i]) == len && memcmp(s + b, ab[i], len) == 0) return 1;
    return 0;
}

/* Bytes that may end a sentence: '\n', '.', '!', '?' and the lead byte
 * of U+2026 (…). */
static const unsigned char ends_sentence[256] = {
    ['\n'] = 1, ['.'] = 1, ['!'] = 1, ['?'] = 1, [0xE2] = 1};

/* Cut complete sentences out of ex->sent, scanning from `from`. */
void ct__split(ct_extractor *ex, size_t from, int final)
{
    size_t i = from < ex->sent_off ? 0 : from - ex->sent_off;
    /* a possible end that waited for the bytes after it is looked at again,
     * wherever the caller resumes: the cut must not depend on the chunking */
    if (ex->rescan_set && ex->rescan < i) i = ex->rescan;
    ex->rescan_set = 0;
    while (i < ex->sent.len - ex->sent_off && !ex->stopped) {
        const char *s = ex->sent.data + ex->sent_off;
        size_t n = ex->sent.len - ex->sent_off;
        /* skip to the next byte that may end a sentence, or to the
         * length at which an endless sentence is cut */
        size_t lim = n < CT_MAX_SENTENCE ? n : CT_MAX_SENTENCE;
        while (i < lim && !ends_sentence[(unsigned char)s[i]])
            i++;
        if (i >= n) break;
        char c = s[i];
        size_t cut = 0;
        int eol = 0;
        if (c == '\n') {
            cut = i + 1;
            eol = 1;
        } else if (c == '.' || c == '!' || c == '?') {
            size_t j = i + 1;
            while (j < n && (s[j] == '.' || s[j] == '"' || s[j] == ')' || s[j] == '\''))
                j++;
            if (j >= n) {
                if (!final) { /* need to see what follows */
                    ex->rescan = i;
                    ex->rescan_set = 1;
                    break;
                }
            } else if (s[j] == ' ' || s[j] == '\t') {
                if (!(c == '.' && is_abbrev_before(s, i))) {
                    while (j < n && (s[j] == ' ' || s[j] == '\t'))
                        j++;
                    cut = j;
                }
            }
        } else if ((unsigned char)c == 0xE2) {
            /* "… ": wait for the bytes after the lead byte when they have
             * not come yet, so that the chunking cannot move the cut */
            if (i + 3 >= n && !final) {
                ex->rescan = i;
                ex->rescan_set = 1;
                break;
            }
            if (i + 3 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0xA6 &&
                s[i + 3] == ' ')
                cut = i + 4;
        }
        if (!cut && i >= CT_MAX_SENTENCE) {
            /* an endless sentence: cut at the last space, else at a code
             * point boundary */
            size_t b = i;
            while (b > CT_MAX_SENTENCE / 2 && s[b] != ' ')
                b--;
            if (s[b] != ' ') {
                b = i;
                while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
                    b--;
            }
            cut = b ? b : i;
        }
        if (cut) {
            if (cut > n) cut = n;
            ct__sentence_done(ex, cut, eol);
            i = 0;
            continue;
        }
        i++;
    }
}

int ct_extractor_feed(ct_extractor *ex, const char *buf, size_t len, ct_error *err)
{
    ct_error_clear(err);
    while (len > 0 && !ex->stopped) {
        /* complete a code point cut at the previous chunk's end */
        if (ex->ntail) {
            char tmp[4];
            size_t tn = ex->ntail, old = ex->ntail;
            memcpy(tmp, ex->tail, tn);
            while (tn < 4 && len > 0 && ct_utf8_valid_prefix(tmp, tn) != tn &&
                   ct_utf8_tail(tmp, tn) == tn) {
                tmp[tn++] = *buf++;
                len--;
            }
            if (ct_utf8_valid_prefix(tmp, tn) == tn) {
                size_t from = ex->sent.len;
                if (ct_buf_append(&ex->sent, tmp, tn) != CT_OK)
                    return ct_error_set(err, CT_ENOMEM, ex->off, 0, "out of memory");
                ex->off += (long long)(tn - old);
                ex->ntail = 0;
                ct__split(ex, from ? from - 1 : 0, 0);
                continue;
            }
            if (len == 0 && ct_utf8_tail(tmp, tn) == tn) {
                memcpy(ex->tail, tmp, tn);
                ex->off += (long long)(tn - old);
                ex->ntail = tn;
                return CT_OK;
            }
            return ct_error_set(err, CT_EUTF8, ex->off - (long long)old, 0, "invalid UTF-8");
        }
        size_t chunk = len > 65536 ? 65536 : len;
        size_t ok = ct_utf8_valid_prefix(buf, chunk);
        size_t nul = ct_find_nul(buf, ok);
        if (nul < ok) {
            ok = nul;
        }
        if (ok < chunk && nul == ok && nul < chunk && buf[nul] == '\0') {
            /* deliver the text before the NUL, then fail */
            size_t from = ex->sent.len;
            ct_buf_append(&ex->sent, buf, ok);
            ct__split(ex, from ? from - 1 : 0, 0);
            return ct_error_set(err, CT_EBINARY, ex->off + (long long)ok, 0,
                                "NUL byte: not a text file");
        }
        size_t step = chunk;
        if (ok < chunk) {
            size_t t = ct_utf8_tail(buf + ok, chunk - ok);
            if (t == chunk - ok && chunk < len) {
                /* a code point cut by this loop's own chunk boundary, not by
                 * the caller's: the next chunk starts with it */
                step = ok;
                t = 0;
            } else if (t != chunk - ok) {
                size_t from = ex->sent.len;
                ct_buf_append(&ex->sent, buf, ok);
                ct__split(ex, from ? from - 1 : 0, 0);
                return ct_error_set(err, CT_EUTF8, ex->off + (long long)ok, 0, "invalid UTF-8");
            }
            /* a code point cut by the end of this buffer: keep it */
            if (t) {
                memcpy(ex->tail, buf + ok, t);
                ex->ntail = t;
            }
        }
        size_t from = ex->sent.len;
        if (ct_buf_append(&ex->sent, buf, ok) != CT_OK)
            return ct_error_set(err, CT_ENOMEM, ex->off, 0, "out of memory");
        ex->off += (long long)ok + (long long)ex->ntail;
        ct__split(ex, from ? from - 1 : 0, 0);
        buf += step;
        len -= step;
        if (ex->failed)
            return ct_error_set(err, ex->failed, ex->off, 0, "out of memory: a sentence was not read");
    }
    return CT_OK;
}

