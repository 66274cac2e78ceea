/* doc_pdf.c — the text of a PDF (poppler-glib), as lines the grammar reads.
 *
 * Poppler gives each page's text in reading order, one '\n' per printed
 * line, and a box per character. From the boxes:
 *   - a table row's cells, which poppler glues together ("Hà Nam68,54%"),
 *     are parted where two characters on a line stand further apart than
 *     0.6 line heights with no space between them (2.5 with a space, which
 *     justified text stretches), and joined with " | ";
 *   - printed lines are joined into one paragraph line when they continue
 *     each other: the earlier line reaches its column's right margin (70 %
 *     of the way to the furthest right edge of the lines about it that
 *     start where it starts and are as tall), the next starts within 0.6
 *     line heights below it (or at the top of the next column: to the
 *     right of it and above) with about the same height (a heading is
 *     taller), and neither is a table row;
 *   - a line ending in a hyphen after a letter ('-', U+2010, or a soft
 *     hyphen, which is dropped inside lines) is a word broken at the
 *     margin when a lower-case letter follows (a soft one: always) and is
 *     joined without the hyphen; before anything else ("E-" "Government")
 *     and after a digit ("tháng 3-" "2022") the hyphen stays, with no
 *     space. Other joins put a space.
 * A paragraph runs on across a page break by the same rule (the earlier
 * line full, the next page's first line as tall). Output is one line per
 * paragraph and table row. */
#include "doc_int.h"

#include <glib.h>
#include <math.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

typedef struct pline {
    size_t start; /* offset of its text in the page buffer */
    size_t len;
    double x1, y1, x2, y2;
    int row; /* holds a cell break: a table row */
} pline;

typedef struct plines {
    pline *v;
    size_t n, cap;
    int oom;
} plines;

static pline *add_line(plines *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        pline *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->oom = 1;
            return NULL;
        }
        l->v = v;
        l->cap = cap;
    }
    pline *p = &l->v[l->n++];
    memset(p, 0, sizeof *p);
    p->x1 = p->y1 = INFINITY;
    p->x2 = p->y2 = -INFINITY;
    return p;
}

/* Split one page's text into lines with their boxes and cell breaks. */
static void page_lines(const char *text, const PopplerRectangle *r, guint nr, ct_buf *buf,
                       plines *out)
{
    const char *p = text;
    guint i = 0;
    pline *cur = NULL;
    double prev_x2 = 0, prev_h = 0;
    int have_prev = 0, space_between = 0;
    while (*p) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        const char *next = g_utf8_next_char(p);
        if (c == (gunichar)-1 || c == (gunichar)-2) break;
        const PopplerRectangle *box = i < nr ? &r[i] : NULL;
        i++;
        if (c == '\n') {
            cur = NULL;
            p = next;
            continue;
        }
        if (!cur) {
            cur = add_line(out);
            if (!cur) return;
            cur->start = buf->len;
            have_prev = 0;
        }
        if (c == 0xAD && *next != '\n' && *next) {
            p = next; /* a soft hyphen inside a line is invisible */
            continue;
        }
        if (c == ' ' || c == '\t') {
            space_between = 1;
            ct_buf_putc(buf, ' ');
        } else {
            double h = box ? box->y2 - box->y1 : 0;
            if (have_prev && box) {
                double gap = box->x1 - prev_x2, lh = h > prev_h ? h : prev_h;
                if (lh > 0 && ((!space_between && gap > 0.6 * lh) || gap > 2.5 * lh)) {
                    while (buf->len > cur->start && buf->data[buf->len - 1] == ' ')
                        buf->len--;
                    ct_buf_puts(buf, " | ");
                    cur->row = 1;
                } else if (space_between) {
                    /* the space was written already */
                }
            }
            ct_buf_append(buf, p, (size_t)(next - p));
            if (box) {
                if (box->x1 < cur->x1) cur->x1 = box->x1;
                if (box->y1 < cur->y1) cur->y1 = box->y1;
                if (box->x2 > cur->x2) cur->x2 = box->x2;
                if (box->y2 > cur->y2) cur->y2 = box->y2;
                prev_x2 = box->x2;
                prev_h = h;
                have_prev = 1;
            }
            space_between = 0;
        }
        cur->len = buf->len - cur->start;
        p = next;
    }
}

/* Bytes of a hyphen ending s after a letter ('-', U+2010, a soft hyphen)
 * or a digit ("tháng 3-" then "2022": kept), 0 when none; *soft is 1 for
 * the soft one, -1 after a digit. */
static size_t ends_hyphen(const char *s, size_t n, int *soft)
{
    size_t k = 0;
    *soft = 0;
    if (n >= 1 && s[n - 1] == '-')
        k = 1;
    else if (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\x90", 3))
        k = 3;
    else if (n >= 2 && !memcmp(s + n - 2, "\xC2\xAD", 2))
        k = 2, *soft = 1;
    if (!k || n == k) return 0;
    unsigned char b = (unsigned char)s[n - k - 1];
    int letter = b >= 0x80 || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
    if (!letter && b >= '0' && b <= '9' && !*soft) *soft = -1; /* "tháng 3-" "2022" */
    return letter || *soft == -1 ? k : 0;
}

static int starts_lower(const char *s, size_t n)
{
    if (!n) return 0;
    gunichar c = g_utf8_get_char_validated(s, (gssize)n);
    return c != (gunichar)-1 && c != (gunichar)-2 && g_unichar_islower(c);
}

/* Write the lines of one page, continuing the paragraph *open from the
 * previous page (its last line's height, 0 when closed). */
/* Whether line i reaches its column's right margin: 70 % of the way from
 * its left edge to the furthest right edge among the lines near it in
 * reading order (50 either side) that start where it starts (within three
 * line heights: an indented first line too) and are as tall (a heading is
 * not its column). Two columns are two margins. */
static int reaches_margin(const plines *l, size_t i)
{
    const pline *p = &l->v[i];
    double h = p->y2 - p->y1, right = p->x2;
    size_t lo = i > 50 ? i - 50 : 0, hi = i + 50 < l->n ? i + 50 : l->n;
    for (size_t k = lo; k < hi; k++) {
        const pline *q = &l->v[k];
        double qh = q->y2 - q->y1;
        if (fabs(q->x1 - p->x1) <= 3 * h && fabs(qh - h) <= 0.25 * h && q->x2 > right)
            right = q->x2;
    }
    return p->x2 - p->x1 >= 0.7 * (right - p->x1);
}

static void write_lines(const char *buf, plines *l, ct_buf *out, double *open_h)
{
    for (size_t i = 0; i < l->n; i++) {
        pline *ln = &l->v[i];
        const char *s = buf + ln->start;
        size_t n = ln->len;
        while (n && s[0] == ' ')
            s++, n--;
        while (n && s[n - 1] == ' ')
            n--;
        if (!n) continue;
        double h = ln->y2 - ln->y1;
        int join = 0;
        if (i > 0 && *open_h == 0) {
            const pline *pv = &l->v[i - 1];
            double ph = pv->y2 - pv->y1;
            int full = reaches_margin(l, i - 1);
            /* the next line below, or at the top of the next column */
            int near = (ln->y1 - pv->y2 < 0.6 * ph && ln->y1 >= pv->y1) ||
                       (ln->x1 >= pv->x2 && ln->y1 < pv->y1);
            int same = fabs(h - ph) <= 0.25 * ph;
            join = full && near && same && !pv->row && !ln->row && out->len &&
                   out->data[out->len - 1] != '\n';
        } else if (*open_h > 0) {
            join = fabs(h - *open_h) <= 0.25 * *open_h && !ln->row;
        }
        *open_h = 0;
        if (join) {
            int soft;
            size_t hy = ends_hyphen(out->data, out->len, &soft);
            if (hy && soft >= 0 && (soft || starts_lower(s, n))) {
                /* a word broken at the margin: whole again */
                out->len -= hy;
                out->data[out->len] = '\0';
            } else if (!hy) {
                ct_buf_putc(out, ' ');
            } /* "E-" then "Government": the hyphen stays, no space */
        } else {
            ct__end_line(out);
        }
        ct__put_text(out, s, n);
        if (i + 1 == l->n) {
            /* may run on over the page break */
            if (reaches_margin(l, i) && !ln->row) *open_h = h;
        }
    }
}

int ct__pdf_text(const char *bytes, size_t n, ct_buf *out, ct_error *err)
{
    GBytes *gb = g_bytes_new_static(bytes, n);
    GError *ge = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(gb, NULL, &ge);
    if (!doc) {
        int enc = ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED;
        int rc = ct_error_set(err, CT_EPARSE, -1, 0,
                              enc ? "the PDF is password-protected" : "the PDF does not open: %s",
                              ge ? ge->message : "unknown error");
        if (ge) g_error_free(ge);
        g_bytes_unref(gb);
        return rc;
    }
    int pages = poppler_document_get_n_pages(doc);
    ct_buf buf;
    ct_buf_init(&buf);
    plines l = {NULL, 0, 0, 0};
    double open_h = 0;
    for (int i = 0; i < pages && !out->oom && !l.oom; i++) {
        PopplerPage *pg = poppler_document_get_page(doc, i);
        if (!pg) continue;
        char *text = poppler_page_get_text(pg);
        PopplerRectangle *rects = NULL;
        guint nr = 0;
        if (text && !poppler_page_get_text_layout(pg, &rects, &nr)) nr = 0;
        ct_buf_reset(&buf);
        l.n = 0;
        if (text) page_lines(text, rects, nr, &buf, &l);
        if (buf.data) write_lines(buf.data, &l, out, &open_h);
        g_free(rects);
        g_free(text);
        g_object_unref(pg);
    }
    ct__end_line(out);
    int oom = out->oom || buf.oom || l.oom;
    free(l.v);
    ct_buf_free(&buf);
    g_object_unref(doc);
    g_bytes_unref(gb);
    if (!out->data) ct_buf_puts(out, "");
    return oom ? ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory") : CT_OK;
}
