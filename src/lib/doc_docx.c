/* doc_docx.c — the text of a Word document (DOCX: a ZIP of XML, read with
 * libzip and libxml2), and the ZIP member reader the XLSX import shares.
 *
 * word/document.xml is walked in order: each paragraph (w:p) is a line,
 * its runs' text (w:t) joined as written — Word cuts runs anywhere, even
 * inside a word — with w:tab and w:br as spaces, w:noBreakHyphen as '-'
 * and w:softHyphen as nothing; each table row (w:tr) is one line of its
 * cells' text joined by " | ", paragraphs inside a cell joined by spaces.
 * Deleted text (w:delText, inside w:del) is left out, inserted text kept;
 * field codes (w:instrText) are left out; a text box is read once (its
 * mc:Fallback copy is not). Headers, footers, footnotes and comments live
 * in other members and are not read. */
#include "doc_int.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <string.h>
#include <zip.h>

#define MAX_MEMBER (256u << 20)

static zip_t *open_zip(const char *bytes, size_t n)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(bytes, n, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        return NULL;
    }
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!z) zip_source_free(src);
    zip_error_fini(&ze);
    return z;
}

int ct__zip_has(const char *bytes, size_t n, const char *name)
{
    zip_t *z = open_zip(bytes, n);
    if (!z) return 0;
    int has = zip_name_locate(z, name, 0) >= 0;
    zip_discard(z);
    return has;
}

int ct__zip_member(const char *bytes, size_t n, const char *name, ct_buf *out)
{
    zip_t *z = open_zip(bytes, n);
    if (!z) return CT_EPARSE;
    int rc = CT_OK;
    zip_int64_t idx = zip_name_locate(z, name, 0);
    zip_stat_t st;
    zip_file_t *f = NULL;
    if (idx < 0) {
        rc = CT_ENOENT;
    } else if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
               st.size > MAX_MEMBER) {
        rc = CT_EPARSE;
    } else if (!(f = zip_fopen_index(z, (zip_uint64_t)idx, 0))) {
        rc = CT_EPARSE;
    } else {
        char chunk[16384];
        zip_int64_t k;
        size_t total = 0;
        while ((k = zip_fread(f, chunk, sizeof chunk)) > 0) {
            total += (size_t)k;
            if (total > MAX_MEMBER) { /* the size in the directory lied */
                rc = CT_EPARSE;
                break;
            }
            if (ct_buf_append(out, chunk, (size_t)k)) {
                rc = CT_ENOMEM;
                break;
            }
        }
        if (k < 0 && rc == CT_OK) rc = CT_EPARSE;
        zip_fclose(f);
    }
    zip_discard(z);
    return rc;
}

static int is_w(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name) && n->ns &&
           n->ns->href &&
           !strcmp((const char *)n->ns->href,
                   "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
}

static void walk(const xmlNode *n, ct_buf *out, int in_cell);

static void put_row(const xmlNode *tr, ct_buf *out)
{
    ct__end_line(out);
    int first = 1;
    for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
        if (!is_w(tc, "tc")) continue;
        size_t before = out->len;
        if (!first) ct_buf_puts(out, " | ");
        size_t mark = out->len;
        walk(tc, out, 1);
        while (out->len > mark && out->data[out->len - 1] == ' ')
            out->data[--out->len] = '\0';
        if (out->len == mark) {
            out->len = before;
            if (out->data) out->data[out->len] = '\0';
            continue;
        }
        first = 0;
    }
    ct__end_line(out);
}

static void walk(const xmlNode *n, ct_buf *out, int in_cell)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (is_w(c, "t")) {
            for (const xmlNode *t = c->children; t; t = t->next)
                if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
                    ct__put_text(out, (const char *)t->content, strlen((const char *)t->content));
        } else if (is_w(c, "tab") || is_w(c, "br") || is_w(c, "cr")) {
            ct__put_text(out, " ", 1);
        } else if (is_w(c, "noBreakHyphen")) {
            ct__put_text(out, "-", 1);
        } else if (!strcmp((const char *)c->name, "Fallback")) {
            /* mc:AlternateContent: the Choice holds the same text box */
        } else if (is_w(c, "del") || is_w(c, "delText") || is_w(c, "instrText") || is_w(c, "rPr") ||
                   is_w(c, "pPr") || is_w(c, "sectPr")) {
            /* not text */
        } else if (is_w(c, "tr") && !in_cell) {
            put_row(c, out);
        } else if (is_w(c, "p")) {
            if (!in_cell) ct__end_line(out);
            walk(c, out, in_cell);
            if (in_cell)
                ct__put_text(out, " ", 1);
            else
                ct__end_line(out);
        } else {
            walk(c, out, in_cell);
        }
    }
}

int ct__docx_text(const char *bytes, size_t n, ct_buf *out, ct_error *err)
{
    ct_buf xml;
    ct_buf_init(&xml);
    int rc = ct__zip_member(bytes, n, "word/document.xml", &xml);
    if (rc == CT_ENOMEM) {
        ct_buf_free(&xml);
        return ct_error_set(err, rc, -1, 0, "out of memory");
    }
    if (rc != CT_OK || xml.len > INT_MAX) {
        ct_buf_free(&xml);
        return ct_error_set(err, CT_EPARSE, -1, 0, "the DOCX does not open (word/document.xml)");
    }
    xmlDocPtr doc = xmlReadMemory(xml.data, (int)xml.len, NULL, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                      XML_PARSE_COMPACT);
    ct_buf_free(&xml);
    if (!doc || !xmlDocGetRootElement(doc)) {
        if (doc) xmlFreeDoc(doc);
        return ct_error_set(err, CT_EPARSE, -1, 0, "the DOCX's document.xml is not XML");
    }
    walk(xmlDocGetRootElement(doc), out, 0);
    ct__end_line(out);
    xmlFreeDoc(doc);
    if (!out->data) ct_buf_puts(out, "");
    return out->oom ? ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory") : CT_OK;
}
