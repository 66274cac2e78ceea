/* doc_html.c — the article text of a web page (libxml2's HTML parser).
 *
 * A saved news page holds much besides the article: menus, the header and
 * footer, related links, share buttons, scripts. The article is chosen the
 * way Readability does it:
 *   1. drop what is never content: script, style, noscript, template, nav,
 *      header, footer, aside, form, iframe, svg, button, select, hidden
 *      elements, and elements whose class or id says menu, footer,
 *      related, share, comment, sidebar, breadcrumb, banner, advert,
 *      social, tags (also the Vietnamese "lien-quan", "tin-khac") unless it
 *      also says article, content, main, body, detail, post, entry, story
 *      or "noi-dung", "chi-tiet";
 *   2. score every paragraph (p, pre, td, and a div holding no block) of
 *      at least 25 characters: 1 + its commas + one per 100 characters (at
 *      most 3), added in full to its parent and in half to its grandparent,
 *      whose own weight starts from their tag (div +5, td and blockquote
 *      +3, lists -3, headings -5, article and main +10) and class (+25 for
 *      the words above that say content, -25 for those that say not);
 *   3. multiply each candidate's score by 1 - its link density (the share
 *      of its text inside links) and take the best; then the nearest
 *      ancestor (up to body, wrappers passed through) that holds at least
 *      twice its paragraphs (their scores less their links), and again
 *      from there: a report in sections, a div each, is one article; the
 *      siblings of the choice join it when they score at least a fifth of
 *      it (and 10), or are paragraphs of more than 80 characters with few
 *      links;
 *   4. a row or table chosen (a layout table: a menu cell beside the
 *      article cell) gives way to its cell holding at least half of its
 *      text outside links;
 *   5. the page's first h1, when outside the chosen block, is its first
 *      line (the headline often states the main figure).
 * The publication date comes from the page's metadata: a meta or element
 * named article:published_time, datePublished, pubdate, publishdate,
 * date, dc.date(.issued) or og:published_time, content YYYY-MM-DD... or
 * DD/MM/YYYY.
 * The chosen block is written one line per paragraph, heading, list item
 * and table row (cells joined by " | "), entities decoded, white space
 * collapsed. Input is UTF-8 (doc.c decodes the bytes first). */
#include "doc_int.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int name_in(const xmlNode *n, const char *const *names)
{
    if (n->type != XML_ELEMENT_NODE) return 0;
    for (int i = 0; names[i]; i++)
        if (!strcasecmp((const char *)n->name, names[i])) return 1;
    return 0;
}

static int is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name);
}

static const char *const never_content[] = {
    "script", "style",  "noscript", "template", "nav",    "header", "footer", "aside",
    "form",   "iframe", "svg",      "button",   "select", "input",  "object", "embed",
    "canvas", "video",  "audio",    "map",      "head",   "menu",   "dialog", NULL};

static const char *const blocks[] = {
    "p",       "div",        "section", "article", "main",       "h1",      "h2",
    "h3",      "h4",         "h5",      "h6",      "li",         "ul",      "ol",
    "dl",      "dt",         "dd",      "table",   "tr",         "tbody",   "thead",
    "tfoot",   "blockquote", "pre",     "figure",  "figcaption", "address", "center",
    "caption", "hr",         "body",    "html",    NULL};

/* a class or id word: 1 content, -1 not content, 0 neither */
static int class_weight(const xmlNode *n)
{
    static const char *const neg[] = {
        "nav",     "menu",       "footer",   "header",   "related", "share",  "comment",
        "sidebar", "breadcrumb", "banner",   "advert",   "ads",     "social", "tags",
        "widget",  "lien-quan",  "lienquan", "tin-khac", "tinkhac", "popup",  "cookie",
        "login",   "subscribe",  "promo",    "sponsor",  NULL};
    static const char *const pos[] = {"article", "content",  "main",    "body", "detail",
                                      "post",    "entry",    "story",   "text", "noi-dung",
                                      "noidung", "chi-tiet", "chitiet", NULL};
    int w = 0;
    static const char *const attrs[] = {"class", "id", NULL};
    for (int a = 0; attrs[a]; a++) {
        xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[a]);
        if (!v) continue;
        for (char *p = (char *)v; *p; p++)
            if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
        int isneg = 0, ispos = 0;
        for (int i = 0; neg[i]; i++)
            if (strstr((char *)v, neg[i])) isneg = 1;
        for (int i = 0; pos[i]; i++)
            if (strstr((char *)v, pos[i])) ispos = 1;
        if (ispos) w += 1;
        if (isneg) w -= 1;
        xmlFree(v);
    }
    return w;
}

static int hidden(const xmlNode *n)
{
    if (xmlHasProp(n, (const xmlChar *)"hidden")) return 1;
    int h = 0;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)"aria-hidden");
    if (v && !strcasecmp((char *)v, "true")) h = 1;
    xmlFree(v);
    v = xmlGetProp(n, (const xmlChar *)"style");
    if (v) {
        char *s = (char *)v, *q = s;
        for (; *s; s++)
            if (*s != ' ') *q++ = *s;
        *q = '\0';
        if (strstr((char *)v, "display:none") || strstr((char *)v, "visibility:hidden")) h = 1;
        xmlFree(v);
    }
    return h;
}

/* ---- step 1: what is never content ------------------------------------- */

typedef struct nodes {
    xmlNode **v;
    size_t n, cap;
    int oom;
} nodes;

static void push(nodes *l, xmlNode *n)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        xmlNode **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->oom = 1;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = n;
}

static void collect_junk(xmlNode *n, nodes *junk)
{
    static const char *const keep[] = {"html",  "body", "article", "main", "table",
                                       "tbody", "tr",   "td",      "th",   NULL};
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
            push(junk, c);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE) continue;
        if (name_in(c, never_content) || hidden(c) || (!name_in(c, keep) && class_weight(c) < 0))
            push(junk, c);
        else
            collect_junk(c, junk);
    }
}

/* ---- text measures ------------------------------------------------------- */

/* Bytes of non-blank text under n, and of it inside links. */
static void measure(const xmlNode *n, size_t *all, size_t *links, int in_link)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            size_t k = 0;
            for (const xmlChar *p = c->content; p && *p; p++)
                if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') k++;
            *all += k;
            if (in_link) *links += k;
        } else if (c->type == XML_ELEMENT_NODE) {
            measure(c, all, links, in_link || is(c, "a"));
        }
    }
}

static size_t commas(const xmlNode *n)
{
    size_t k = 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE)
            for (const xmlChar *p = c->content; p && *p; p++)
                k += *p == ',';
        else if (c->type == XML_ELEMENT_NODE)
            k += commas(c);
    }
    return k;
}

static int has_block(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && (name_in(c, blocks) || has_block(c))) return 1;
    return 0;
}

/* ---- step 2 and 3: scores ------------------------------------------------ */

typedef struct cand {
    xmlNode *node;
    double score;   /* Readability's: its own weight and its paragraphs' */
    double content; /* the paragraphs anywhere under it, less their links */
    int scored;     /* a parent or grandparent of a paragraph */
} cand;

typedef struct scoring {
    cand *v;
    size_t n, cap;
    int oom;
} scoring;

static cand *cand_of(scoring *s, xmlNode *n)
{
    if (!n || n->type != XML_ELEMENT_NODE) return NULL;
    if (n->_private) return &s->v[(uintptr_t)n->_private - 1];
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        cand *v = realloc(s->v, cap * sizeof *v);
        if (!v) {
            s->oom = 1;
            return NULL;
        }
        s->v = v;
        s->cap = cap;
    }
    cand *c = &s->v[s->n++];
    n->_private = (void *)(uintptr_t)s->n;
    c->node = n;
    double w = 0;
    static const char *const lists[] = {"address", "ol", "ul",   "dl", "dd",
                                        "dt",      "li", "form", NULL};
    static const char *const heads[] = {"h1", "h2", "h3", "h4", "h5", "h6", "th", NULL};
    if (is(n, "div"))
        w = 5;
    else if (is(n, "pre") || is(n, "td") || is(n, "blockquote"))
        w = 3;
    else if (is(n, "article") || is(n, "main"))
        w = 10;
    else if (name_in(n, lists))
        w = -3;
    else if (name_in(n, heads))
        w = -5;
    w += 25.0 * class_weight(n);
    c->score = w;
    c->content = 0;
    c->scored = 0;
    return c;
}

static int is_paragraph(const xmlNode *n)
{
    return is(n, "p") || is(n, "pre") || is(n, "td") || (is(n, "div") && !has_block(n));
}

static void score_paragraphs(xmlNode *n, scoring *s)
{
    for (xmlNode *c = n->children; c && !s->oom; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (is_paragraph(c)) {
            size_t all = 0, links = 0;
            measure(c, &all, &links, 0);
            if (all >= 25) {
                double sc = 1 + (double)commas(c) + (all / 100 < 3 ? (double)(all / 100) : 3);
                cand *p = cand_of(s, c->parent);
                if (p) p->score += sc, p->scored = 1;
                cand *g = c->parent ? cand_of(s, c->parent->parent) : NULL;
                if (g) g->score += sc / 2, g->scored = 1;
                double own = sc * (1 - (double)links / (double)all);
                for (xmlNode *a = c->parent; a && a->type == XML_ELEMENT_NODE && !s->oom;
                     a = a->parent) {
                    cand *ca = cand_of(s, a);
                    if (ca) ca->content += own;
                }
            }
        }
        score_paragraphs(c, s);
    }
}

static double link_density(const xmlNode *n)
{
    size_t all = 0, links = 0;
    measure(n, &all, &links, 0);
    return all ? (double)links / (double)all : 0;
}

static void clear_private(xmlNode *n)
{
    for (xmlNode *c = n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        c->_private = NULL;
        clear_private(c->children);
    }
}

/* ---- writing ------------------------------------------------------------- */

static void put_node(ct_buf *out, const xmlNode *n, int in_cell);

static void put_row(ct_buf *out, const xmlNode *tr)
{
    ct__end_line(out);
    int first = 1;
    for (const xmlNode *c = tr->children; c; c = c->next) {
        if (!is(c, "td") && !is(c, "th")) continue;
        size_t before = out->len;
        if (!first) ct_buf_puts(out, " | ");
        size_t mark = out->len;
        put_node(out, c, 1);
        while (out->len > mark && out->data[out->len - 1] == ' ')
            out->data[--out->len] = '\0';
        if (out->len == mark) { /* an empty cell: no separator for it */
            out->len = before;
            if (out->data) out->data[out->len] = '\0';
            continue;
        }
        first = 0;
    }
    ct__end_line(out);
}

static void put_children(ct_buf *out, const xmlNode *n, int in_cell)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        put_node(out, c, in_cell);
}

static void put_node(ct_buf *out, const xmlNode *n, int in_cell)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            ct__put_text(out, (const char *)n->content, strlen((const char *)n->content));
        return;
    }
    if (n->type != XML_ELEMENT_NODE) return;
    if (is(n, "tr") && !in_cell) {
        put_row(out, n);
        return;
    }
    if (is(n, "br")) {
        if (in_cell)
            ct__put_text(out, " ", 1);
        else
            ct__end_line(out);
        return;
    }
    int block = name_in(n, blocks) || is(n, "td") || is(n, "th");
    if (block && !in_cell) ct__end_line(out);
    if (block && in_cell) ct__put_text(out, " ", 1);
    put_children(out, n, in_cell);
    if (block && !in_cell) ct__end_line(out);
    if (block && in_cell) ct__put_text(out, " ", 1);
}

/* The cell under n (rows of this table, not of tables inside cells) with
 * the most text outside links. */
static xmlNode *best_cell(xmlNode *n, size_t *best_len)
{
    size_t dummy = 0;
    if (!best_len) best_len = &dummy;
    xmlNode *best = NULL;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (is(c, "td") || is(c, "th")) {
            size_t all = 0, links = 0;
            measure(c, &all, &links, 0);
            if (!best || all - links > *best_len) best = c, *best_len = all - links;
        } else if (is(c, "tr") || is(c, "tbody") || is(c, "thead") || is(c, "tfoot")) {
            size_t l = *best_len;
            xmlNode *b = best_cell(c, &l);
            if (b && (!best || l > *best_len)) best = b, *best_len = l;
        }
    }
    return best;
}

static int contains(const xmlNode *outer, const xmlNode *n)
{
    for (; n; n = n->parent)
        if (n == outer) return 1;
    return 0;
}

static xmlNode *find_first(xmlNode *n, const char *name)
{
    for (xmlNode *c = n; c; c = c->next) {
        if (is(c, name)) return c;
        if (c->type == XML_ELEMENT_NODE) {
            xmlNode *f = find_first(c->children, name);
            if (f) return f;
        }
    }
    return NULL;
}

/* "2025-04-03T09:15:00+07:00", "2025-04-03", "03/04/2025 09:15" */
static int parse_date(const char *s, ct_date *d)
{
    int y, m, day, k = 0;
    while (*s == ' ')
        s++;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &day, &k) == 3 && k == 10) {
    } else if (sscanf(s, "%2d/%2d/%4d%n", &day, &m, &y, &k) == 3 && k >= 8) {
    } else {
        return 0;
    }
    if (y < 1990 || y > 2200 || m < 1 || m > 12 || day < 1 || day > 31) return 0;
    d->y = y, d->m = m, d->d = day;
    return 1;
}

static void find_date(const xmlNode *n, ct_date *d)
{
    static const char *const names[] = {
        "article:published_time", "datepublished", "pubdate", "publishdate", "og:published_time",
        "dc.date.issued",         "dc.date",       "date",    NULL};
    static const char *const keys[] = {"property", "name", "itemprop", NULL};
    for (const xmlNode *c = n; c && !d->y; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        for (int k = 0; keys[k] && !d->y; k++) {
            xmlChar *v = xmlGetProp(c, (const xmlChar *)keys[k]);
            if (!v) continue;
            for (int i = 0; names[i]; i++)
                if (!strcasecmp((char *)v, names[i])) {
                    xmlChar *val = xmlGetProp(c, (const xmlChar *)"content");
                    if (!val) val = xmlGetProp(c, (const xmlChar *)"datetime");
                    if (val) parse_date((char *)val, d);
                    xmlFree(val);
                    break;
                }
            xmlFree(v);
        }
        find_date(c->children, d);
    }
}

int ct__html_text(const char *html, size_t n, ct_buf *out, ct_date *published, ct_error *err)
{
    if (n > INT_MAX) return ct_error_set(err, CT_EPARSE, -1, 0, "page too large");
    /* libxml2 stops at 256 levels of nesting (real pages use a few dozen);
     * the walks below recurse as deep, so that bound is kept, and a page
     * past it is refused rather than read in part */
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    htmlDocPtr doc =
        htmlCtxtReadMemory(ctxt, html, (int)n, NULL, "UTF-8",
                           HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_NONET | HTML_PARSE_COMPACT);
    int deep = ctxt->lastError.code == XML_ERR_INTERNAL_ERROR && ctxt->lastError.message &&
               strstr(ctxt->lastError.message, "depth");
    htmlFreeParserCtxt(ctxt);
    if (deep) {
        if (doc) xmlFreeDoc(doc);
        return ct_error_set(err, CT_EPARSE, -1, 0,
                            "the page's markup nests deeper than 256 elements");
    }
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        if (doc) xmlFreeDoc(doc);
        ct_buf_puts(out, "");
        return out->oom ? ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory") : CT_OK;
    }
    if (published) find_date(root, published); /* before the head goes */
    nodes junk = {NULL, 0, 0, 0};
    collect_junk(root, &junk);
    for (size_t i = 0; i < junk.n; i++) {
        xmlUnlinkNode(junk.v[i]);
        xmlFreeNode(junk.v[i]);
    }
    free(junk.v);
    xmlNode *body = find_first(root, "body");
    if (!body) body = root;
    scoring s = {NULL, 0, 0, 0};
    score_paragraphs(body, &s);
    cand *best = NULL;
    for (size_t i = 0; i < s.n; i++) {
        if (!s.v[i].scored) continue;
        s.v[i].score *= 1 - link_density(s.v[i].node);
        if (!best || s.v[i].score > best->score) best = &s.v[i];
    }
    xmlNode *top = best && best->score > 0 ? best->node : body;
    double top_score = best ? best->score : 0;
    /* a report in sections (a div each) is one article: climb while an
     * ancestor holds twice the paragraphs of the choice */
    if (top != body && top->_private) {
        xmlNode *cur = top;
        for (xmlNode *a = top->parent; a && a->type == XML_ELEMENT_NODE && a->_private;
             a = a->parent) {
            if (s.v[(uintptr_t)a->_private - 1].content >=
                2 * s.v[(uintptr_t)cur->_private - 1].content)
                cur = a; /* wrappers between are passed through */
            if (a == body) break;
        }
        if (cur != top) top_score = s.v[(uintptr_t)cur->_private - 1].score;
        top = cur;
    }
    /* a layout table (old sites: a menu cell beside the article cell):
     * the cell that holds most of its unlinked text, not the row */
    if (is(top, "tr") || is(top, "tbody") || is(top, "table") || is(top, "thead")) {
        size_t all = 0, links = 0;
        measure(top, &all, &links, 0);
        xmlNode *cell = best_cell(top, NULL);
        if (cell) {
            size_t ca = 0, cl = 0;
            measure(cell, &ca, &cl, 0);
            if (2 * (ca - cl) >= all - links) top = cell;
        }
    }
    xmlNode *h1 = find_first(root, "h1");
    if (h1 && !contains(top, h1)) put_node(out, h1, 0);
    if (top == body || !top->parent) {
        put_node(out, top, 0);
    } else {
        double bar = top_score * 0.2 > 10 ? top_score * 0.2 : 10;
        for (xmlNode *c = top->parent->children; c; c = c->next) {
            int take = c == top;
            if (!take && c->type == XML_ELEMENT_NODE) {
                if (c->_private && s.v[(uintptr_t)c->_private - 1].score >= bar) take = 1;
                if (is(c, "p") || is(c, "table")) {
                    size_t all = 0, links = 0;
                    measure(c, &all, &links, 0);
                    if (all > 80 && links * 4 < all) take = 1;
                }
            }
            if (take) put_node(out, c, 0);
        }
    }
    ct__end_line(out);
    clear_private(root);
    int oom = s.oom || junk.oom || out->oom;
    free(s.v);
    xmlFreeDoc(doc);
    if (!out->data) ct_buf_puts(out, "");
    return oom ? ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory") : CT_OK;
}
