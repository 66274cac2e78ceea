/* import_xlsx.c — the sheets of an XLSX workbook (a ZIP of XML: libzip
 * through doc_docx.c's member reader, libxml2) fed row by row, cell by cell,
 * into the same sink as CSV (import.c), so headers, Vietnamese cells and
 * validation are the same.
 *
 * Every sheet with an indicator column gives rows (line numbers count rows
 * across sheets); a sheet of documents and sources (the export's "nguồn")
 * lends rows their source; other sheets are passed over. Strings come from
 * the shared string table or inline; number cells are exact numbers, read
 * to the 15 digits a double holds. */
#include "doc_int.h"
#include "import_int.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static xmlDocPtr zip_xml(const char *data, size_t len, const char *name, int *rc)
{
    ct_buf b;
    ct_buf_init(&b);
    *rc = ct__zip_member(data, len, name, &b);
    xmlDocPtr d = NULL;
    if (*rc == CT_OK && b.len <= INT_MAX)
        d = xmlReadMemory(b.data ? b.data : "", (int)b.len, NULL, NULL,
                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                              XML_PARSE_COMPACT | XML_PARSE_HUGE);
    if (*rc == CT_OK && !d) *rc = CT_EPARSE;
    ct_buf_free(&b);
    return d;
}

static int el(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* All text under n, phonetic runs (rPh) left out. */
static void text_of(const xmlNode *n, ct_buf *out)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content) ct_buf_puts(out, (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE && !el(c, "rPh")) {
            text_of(c, out);
        }
    }
}

typedef struct strtab {
    char **v;
    size_t n;
} strtab;

static void read_shared(imp *im, const char *data, size_t len, strtab *st)
{
    int rc;
    xmlDocPtr d = zip_xml(data, len, "xl/sharedStrings.xml", &rc);
    if (!d) return; /* a workbook of numbers has none */
    xmlNode *root = xmlDocGetRootElement(d);
    size_t cap = 0;
    for (xmlNode *si = root ? root->children : NULL; si; si = si->next) {
        if (!el(si, "si")) continue;
        if (st->n == cap) {
            cap = cap ? cap * 2 : 256;
            char **v = realloc(st->v, cap * sizeof *v);
            if (!v) {
                im->oom = 1;
                break;
            }
            st->v = v;
        }
        ct_buf b;
        ct_buf_init(&b);
        text_of(si, &b);
        st->v[st->n] = strdup(b.data ? b.data : "");
        if (!st->v[st->n])
            im->oom = 1;
        else
            st->n++;
        ct_buf_free(&b);
    }
    xmlFreeDoc(d);
}

/* Column index of a cell reference ("C12" -> 2), -1 when none. */
static int col_index(const char *ref)
{
    int c = 0, k = 0;
    for (; ref[k] >= 'A' && ref[k] <= 'Z'; k++) {
        c = c * 26 + (ref[k] - 'A' + 1);
        if (c > 16384) return -1;
    }
    return k ? c - 1 : -1;
}

static void read_sheet(imp *im, xmlDocPtr d, const strtab *st, const char *doc)
{
    for (int k = 0; k < 64; k++)
        im->col_of[k] = -1;
    im->header_done = 0;
    im->sources = 0;
    im->sheet_ind = 0;
    csvs c = {im, doc, 0};
    xmlNode *root = xmlDocGetRootElement(d);
    xmlNode *data = NULL;
    for (xmlNode *n = root ? root->children : NULL; n; n = n->next)
        if (el(n, "sheetData")) data = n;
    for (xmlNode *rw = data ? data->children : NULL; rw && !im->oom; rw = rw->next) {
        if (!el(rw, "row")) continue;
        c.col = 0;
        int any = 0;
        for (xmlNode *cell = rw->children; cell; cell = cell->next) {
            if (!el(cell, "c")) continue;
            xmlChar *ref = xmlGetProp(cell, (const xmlChar *)"r");
            xmlChar *t = xmlGetProp(cell, (const xmlChar *)"t");
            int want = ref ? col_index((const char *)ref) : c.col;
            xmlFree(ref);
            if (want < 0 || want >= 64) {
                xmlFree(t);
                continue;
            }
            im->cell_exact = 0;
            while (c.col < want)
                ct__import_field((void *)"", 0, &c);
            ct_buf v;
            ct_buf_init(&v);
            const char *type = t ? (const char *)t : "n";
            for (xmlNode *x = cell->children; x; x = x->next) {
                if (el(x, "v") && !strcmp(type, "s")) {
                    ct_buf tmp;
                    ct_buf_init(&tmp);
                    text_of(x, &tmp);
                    char *end;
                    long i = strtol(tmp.data ? tmp.data : "", &end, 10);
                    if (tmp.data && end != tmp.data && i >= 0 && (size_t)i < st->n)
                        ct_buf_puts(&v, st->v[i]);
                    ct_buf_free(&tmp);
                } else if (el(x, "v")) {
                    text_of(x, &v);
                    im->cell_exact = !strcmp(type, "n");
                } else if (el(x, "is")) {
                    text_of(x, &v);
                }
            }
            xmlFree(t);
            if (im->cell_exact && v.data) {
                /* a double written with 17 digits (82.15000000000001): the
                 * 15 a double holds are the number */
                char *end;
                double dv = strtod(v.data, &end);
                char tmp[40];
                if (end != v.data && !*end) {
                    snprintf(tmp, sizeof tmp, "%.15g", dv);
                    ct_buf_reset(&v);
                    ct_buf_puts(&v, tmp);
                }
            }
            ct__import_field(v.data ? v.data : (void *)"", v.len, &c);
            im->cell_exact = 0;
            any |= v.len > 0;
            ct_buf_free(&v);
        }
        if (!any && im->header_done) {
            ct__import_row_free(&im->cur);
            c.col = 0;
            im->line++;
            continue;
        }
        ct__import_row(0, &c);
    }
    ct__import_row_free(&im->cur);
}

void ct__import_xlsx(imp *im, const char *data, size_t len, const char *doc)
{
    int rc;
    xmlDocPtr wb = zip_xml(data, len, "xl/workbook.xml", &rc);
    xmlDocPtr rels = wb ? zip_xml(data, len, "xl/_rels/workbook.xml.rels", &rc) : NULL;
    if (!wb || !rels) {
        if (rc == CT_ENOMEM) im->oom = 1;
        ct__import_bad(im, 1, "not an XLSX workbook (xl/workbook.xml)", NULL);
        if (wb) xmlFreeDoc(wb);
        return;
    }
    strtab st = {NULL, 0};
    read_shared(im, data, len, &st);
    im->xlsx = 1;
    xmlNode *sheets = NULL;
    for (xmlNode *n = xmlDocGetRootElement(wb)->children; n; n = n->next)
        if (el(n, "sheets")) sheets = n;
    for (xmlNode *sh = sheets ? sheets->children : NULL; sh && !im->oom; sh = sh->next) {
        if (!el(sh, "sheet")) continue;
        xmlChar *id = xmlGetNsProp(
            sh, (const xmlChar *)"id",
            (const xmlChar *)"http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        char path[512] = "";
        for (xmlNode *r = id ? xmlDocGetRootElement(rels)->children : NULL; r; r = r->next) {
            if (!el(r, "Relationship")) continue;
            xmlChar *rid = xmlGetProp(r, (const xmlChar *)"Id");
            xmlChar *target = xmlGetProp(r, (const xmlChar *)"Target");
            if (rid && target && !strcmp((char *)rid, (char *)id))
                snprintf(path, sizeof path, "%s%s", target[0] == '/' ? "" : "xl/",
                         (char *)target + (target[0] == '/'));
            xmlFree(rid);
            xmlFree(target);
        }
        xmlFree(id);
        if (!path[0]) continue;
        xmlDocPtr d = zip_xml(data, len, path, &rc);
        if (!d) {
            if (rc == CT_ENOMEM) im->oom = 1;
            continue;
        }
        read_sheet(im, d, &st, doc);
        xmlFreeDoc(d);
    }
    if (!im->have_ind) ct__import_bad(im, 1, "no sheet has an 'indicator' (Chỉ tiêu) column", NULL);
    /* rows take their document's source from the sources sheet */
    for (size_t i = 0; i < im->n; i++) {
        row *r = &im->rows[i];
        if (r->f[F_SOURCE] && *r->f[F_SOURCE]) continue;
        for (size_t k = 0; k < im->nsrc; k++)
            if (r->doc && !strcmp(im->src_doc[k], r->doc)) {
                free(r->f[F_SOURCE]);
                r->f[F_SOURCE] = strdup(im->src_val[k]);
                break;
            }
    }
    for (size_t i = 0; i < st.n; i++)
        free(st.v[i]);
    free(st.v);
    xmlFreeDoc(rels);
    xmlFreeDoc(wb);
}
