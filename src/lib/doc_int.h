/* doc_int.h — what the format readers (doc.c, doc_html.c, doc_pdf.c,
 * doc_docx.c), the encodings (encoding.c) and the spreadsheet import share
 * inside the library. */
#ifndef CHITIEU_DOC_INT_H
#define CHITIEU_DOC_INT_H

#include "chitieu/buf.h"
#include "chitieu/doc.h"
#include "chitieu/error.h"

/* The text layer of a byte string: forced encoding, else BOM, else UTF-8,
 * else the one legacy Vietnamese encoding that reads plausibly. Writes the
 * UTF-8 text to out (the input unchanged when it is UTF-8 without BOM:
 * *identical = 1; NFC otherwise), the encoding's name to enc and a note
 * for the user (or "") to note. Errors as ct_doc_decode's. */
int ct__enc_text(const char *bytes, size_t len, const char *forced, ct_buf *out, char enc[24],
                 char note[200], int *identical, ct_error *err);
/* Normalize b (valid UTF-8) to NFC in place. CT_OK or CT_ENOMEM. */
int ct__nfc(ct_buf *b);
/* How much s[0..n) (UTF-8) reads as Vietnamese: the words holding a
 * non-ASCII letter that are Vietnamese syllables (*good) and those that
 * are not (*bad), and control or replacement characters (*ctrl). */
void ct__vi_score(const char *s, size_t n, long *good, long *bad, long *ctrl);

/* The article text of an HTML page (UTF-8 in): one line per paragraph,
 * heading, list item or table row (cells joined by " | "); its
 * publication date from its metadata into *published (may be NULL; left
 * zero when the page has none). */
int ct__html_text(const char *html, size_t n, ct_buf *out, ct_date *published, ct_error *err);
/* The text of a PDF, page by page, lines of a paragraph joined. */
int ct__pdf_text(const char *bytes, size_t n, ct_buf *out, ct_error *err);
/* The text of a DOCX: paragraphs and table rows as lines. */
int ct__docx_text(const char *bytes, size_t n, ct_buf *out, ct_error *err);

/* The member `name` of the ZIP archive in bytes[0..n), appended to out.
 * CT_ENOENT when absent, CT_EPARSE when bytes are not a ZIP, CT_ENOMEM.
 * A member over 256 MB is refused (CT_EPARSE): a zip bomb. */
int ct__zip_member(const char *bytes, size_t n, const char *name, ct_buf *out);
/* Whether bytes hold a ZIP with that member. */
int ct__zip_has(const char *bytes, size_t n, const char *name);

/* Append text to out with every run of white space as one space, and no
 * space at the start of a line. */
void ct__put_text(ct_buf *out, const char *s, size_t n);
/* End the current line of out (drop trailing spaces; nothing when the
 * line is empty). */
void ct__end_line(ct_buf *out);

#endif
