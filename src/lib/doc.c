/* doc.c — a document in: which format a file is (by its bytes, the name's
 * extension breaking ties), its text layer (encoding.c) and the format's
 * reader (doc_html.c, doc_pdf.c, doc_docx.c), behind ct_doc_decode.
 *
 * Guarantees: the returned text is valid UTF-8; it is the input unchanged
 * for UTF-8 plain text, NFC for everything else; a file that is none of the
 * formats is refused with what it looks like. Nothing here reads files or
 * prints: the caller hands the bytes in. */
#include "doc_int.h"
#include "chitieu/text.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *ct_doc_type_name(ct_doc_type t)
{
    static const char *const names[] = {"text", "html", "pdf", "docx", "unknown"};
    return t >= CT_DOC_TEXT && t <= CT_DOC_UNKNOWN ? names[t] : "unknown";
}

void ct__put_text(ct_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { /* NBSP */
            space = 1;
            i++;
        }
        if (space) {
            if (out->len && out->data[out->len - 1] != ' ' && out->data[out->len - 1] != '\n')
                ct_buf_putc(out, ' ');
        } else {
            ct_buf_putc(out, (char)c);
        }
    }
}

void ct__end_line(ct_buf *out)
{
    while (out->len && out->data[out->len - 1] == ' ')
        out->data[--out->len] = '\0';
    if (out->len && out->data[out->len - 1] != '\n') ct_buf_putc(out, '\n');
}

static int has_ext(const char *name, const char *ext)
{
    if (!name) return 0;
    const char *dot = strrchr(name, '.');
    return dot && !strcasecmp(dot + 1, ext);
}

static int starts(const char *b, size_t n, const char *magic, size_t k)
{
    return n >= k && !memcmp(b, magic, k);
}

/* Markup: the first non-blank byte is '<' and an HTML element appears in
 * the first 4 KB (or the name says .html). */
static int looks_html(const char *b, size_t n, const char *name)
{
    size_t i = 0;
    if (starts(b, n, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
        i++;
    if (i >= n || b[i] != '<') return 0;
    if (has_ext(name, "html") || has_ext(name, "htm") || has_ext(name, "xhtml")) return 1;
    static const char *const tags[] = {
        "<!doctype html", "<html", "<head",  "<body",    "<p>", "<p ", "<div",
        "<title",         "<meta", "<table", "<article", "<h1", "<br", "<span"};
    size_t lim = n - i < 4096 ? n - i : 4096;
    for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++) {
        size_t tl = strlen(tags[k]);
        for (size_t j = i; j + tl <= i + lim; j++)
            if (!strncasecmp(b + j, tags[k], tl)) return 1;
    }
    return 0;
}

/* What a binary that is none of ours looks like, or NULL. */
static const char *binary_kind(const char *b, size_t n)
{
    static const struct {
        const char *magic;
        size_t len;
        const char *what;
    } kinds[] = {
        {"\x89PNG", 4, "a PNG image"},
        {"\xFF\xD8\xFF", 3, "a JPEG image"},
        {"GIF8", 4, "a GIF image"},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8,
         "a legacy Office file (.doc/.xls): save it as DOCX, PDF or text"},
        {"{\\rtf", 5, "an RTF document: save it as DOCX, PDF or text"},
        {"\x1F\x8B", 2, "a gzip archive"},
        {"\x7F"
         "ELF",
         4, "a program (ELF)"},
        {"SQLite format 3", 16, "an SQLite database"},
        {"7z\xBC\xAF\x27\x1C", 6, "a 7-Zip archive"},
        {"Rar!", 4, "a RAR archive"},
        {"OggS", 4, "an Ogg media file"},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (starts(b, n, kinds[k].magic, kinds[k].len)) return kinds[k].what;
    return NULL;
}

static int is_pdf(const char *b, size_t n)
{
    /* the header may follow some junk within the first 1024 bytes */
    size_t lim = n < 1024 ? n : 1024;
    for (size_t i = 0; i + 5 <= lim; i++)
        if (!memcmp(b + i, "%PDF-", 5)) return 1;
    return 0;
}

ct_doc_type ct_doc_sniff(const char *bytes, size_t len, const char *name_hint)
{
    if (is_pdf(bytes, len)) return CT_DOC_PDF;
    if (starts(bytes, len, "PK\x03\x04", 4)) return CT_DOC_DOCX; /* or another ZIP: decode says */
    if (binary_kind(bytes, len)) return CT_DOC_UNKNOWN;
    if (looks_html(bytes, len, name_hint)) return CT_DOC_HTML;
    if (starts(bytes, len, "\xEF\xBB\xBF", 3) || starts(bytes, len, "\xFF\xFE", 2) ||
        starts(bytes, len, "\xFE\xFF", 2))
        return CT_DOC_UNKNOWN;
    /* a sequence cut at the end of a prefix is not invalid yet */
    size_t t = ct_utf8_tail(bytes, len);
    if (ct_utf8_valid_prefix(bytes, len - t) != len - t) return CT_DOC_UNKNOWN;
    return CT_DOC_TEXT;
}

/* The charset a page declares (<meta charset>, http-equiv, <?xml
 * encoding>) in its first 4 KB, or "" . */
static void declared_charset(const char *b, size_t n, char *cs, size_t size)
{
    cs[0] = '\0';
    size_t lim = n < 4096 ? n : 4096;
    static const char *const keys[] = {"charset=", "encoding="};
    for (size_t j = 0; j < lim; j++)
        for (int k = 0; k < 2; k++) {
            size_t kl = strlen(keys[k]);
            if (j + kl > lim || strncasecmp(b + j, keys[k], kl)) continue;
            size_t p = j + kl, o = 0;
            while (p < lim && (b[p] == '"' || b[p] == '\'' || b[p] == ' '))
                p++;
            while (p < lim && o + 1 < size &&
                   ((b[p] >= 'a' && b[p] <= 'z') || (b[p] >= 'A' && b[p] <= 'Z') ||
                    (b[p] >= '0' && b[p] <= '9') || b[p] == '-' || b[p] == '_' || b[p] == ':'))
                cs[o++] = b[p++];
            cs[o] = '\0';
            if (o) return;
        }
}

static void sha256_hex(const char *bytes, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    out[0] = '\0';
    if (!EVP_Digest(bytes, len, md, &mdlen, EVP_sha256(), NULL)) return;
    for (unsigned i = 0; i < mdlen && i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

void ct_doc_free(ct_doc *d)
{
    if (!d) return;
    ct_buf_free(&d->text);
    memset(d, 0, sizeof *d);
}

int ct_doc_decode(const char *bytes, size_t len, const char *name_hint, const ct_doc_opts *opts,
                  ct_doc *out, ct_error *err)
{
    ct_error_clear(err);
    memset(out, 0, sizeof *out);
    if (!bytes) bytes = "";
    sha256_hex(bytes, len, out->sha256);
    const char *forced = opts && opts->encoding && *opts->encoding ? opts->encoding : NULL;
    int rc;
    if (is_pdf(bytes, len)) {
        out->type = CT_DOC_PDF;
        rc = ct__pdf_text(bytes, len, &out->text, err);
    } else if (starts(bytes, len, "PK\x03\x04", 4)) {
        if (ct__zip_has(bytes, len, "word/document.xml")) {
            out->type = CT_DOC_DOCX;
            rc = ct__docx_text(bytes, len, &out->text, err);
        } else if (ct__zip_has(bytes, len, "xl/workbook.xml")) {
            rc = ct_error_set(err, CT_EBINARY, 0, 0,
                              "looks like an Excel workbook (XLSX): chitieu import reads it");
        } else if (ct__zip_has(bytes, len, "content.xml")) {
            rc = ct_error_set(err, CT_EBINARY, 0, 0,
                              "looks like an OpenDocument file: save it as DOCX, PDF or text");
        } else {
            rc = ct_error_set(err, CT_EBINARY, 0, 0, "looks like a ZIP archive, not a DOCX");
        }
    } else if (binary_kind(bytes, len)) {
        rc = ct_error_set(err, CT_EBINARY, 0, 0, "looks like %s", binary_kind(bytes, len));
    } else {
        int html = looks_html(bytes, len, name_hint);
        char cs[40] = "";
        const char *enc = forced;
        if (html && !forced && ct_utf8_valid_prefix(bytes, len) != len) {
            declared_charset(bytes, len, cs, sizeof cs);
            if (cs[0]) enc = cs;
        }
        ct_buf text;
        ct_buf_init(&text);
        rc = ct__enc_text(bytes, len, enc, &text, out->encoding, out->note, &out->identical, err);
        if (rc != CT_OK && rc != CT_ENOMEM && cs[0]) {
            /* the page's charset is wrong about it: tell it by its bytes */
            cs[0] = '\0';
            ct_buf_reset(&text);
            rc = ct__enc_text(bytes, len, NULL, &text, out->encoding, out->note, &out->identical,
                              err);
        }
        if (rc == CT_OK && cs[0])
            snprintf(out->note, sizeof out->note, "decoded as %s (the page's charset)",
                     out->encoding);
        if (rc == CT_OK && !html && !out->identical)
            html = looks_html(text.data, text.len, name_hint);
        if (rc == CT_OK && html) {
            out->type = CT_DOC_HTML;
            out->identical = 0;
            rc = ct__html_text(text.data, text.len, &out->text, &out->published, err);
            ct_buf_free(&text);
        } else {
            out->type = CT_DOC_TEXT;
            out->text = text;
        }
    }
    if (rc == CT_OK && out->text.oom) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    if (rc == CT_OK && !out->identical && (rc = ct__nfc(&out->text)) != CT_OK)
        ct_error_set(err, rc, -1, 0, rc == CT_ENOMEM ? "out of memory" : "invalid UTF-8");
    if (rc == CT_OK && !out->text.data) rc = ct_buf_puts(&out->text, "");
    if (rc != CT_OK) {
        char keep[sizeof out->sha256];
        memcpy(keep, out->sha256, sizeof keep);
        ct_doc_free(out);
        memcpy(out->sha256, keep, sizeof keep);
    }
    return rc;
}
