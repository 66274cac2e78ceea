/* catalog.c — the indicator catalogue: loading data/catalog.tsv and
 * matching its phrases in folded text.
 *
 * Lines are TAB-separated; '#' starts a comment line. Kinds:
 *   indicator CODE UNIT flow|stock FAMILY NAME_VI
 *   alias     CODE phrase|phrase...
 *   generic   MEASURE phrase|...      ("doanh thu" → SECTOR.MEASURE)
 *   sector    PREFIX phrase|...       (PREFIX "-" marks a sub-sector
 *                                      with no indicators of its own)
 *   variant   CODE NEWCODE phrase|... (after CODE's alias: NEWCODE; "-": a
 *             subset outside the catalogue, not CODE)
 *   unit      UNIT noun|...
 *   blocker   - phrase|...
 *   measure   SECTOR MEASURE CODE     (a generic measure's irregular code)
 *   parts     CODE CODE|CODE...
 *   facet     FAMILY OTHER phrase|... (after FAMILY's indicator, the word
 *             for its counterpart in OTHER: "..., di động 48 Mbps")
 *   spelling  - word|word        (one word written two ways: every phrase
 *                                  is matched in both)
 *   filler    - word|...          (may stand inside any phrase or be left
 *                                  out: "tốc độ [truy cập] [internet] di
 *                                  động"; read before the file's phrases)
 * Phrases are folded (NFC, lower case) when loaded, and kept in a byte
 * trie whose nodes are first-child/next-sibling lists: small, and a
 * longest match costs one step per byte. All strings live in one arena
 * owned by the catalogue. */
#include "catalog_int.h"
#include "chitieu/buf.h"
#include "chitieu/text.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CT__MAX_FILLERS 32
#define CT__MAX_SPELLINGS 64
#define CT_ERANGE_SPELL (-100) /* internal: too many spellings */

typedef struct node {
    int child, sibling; /* indexes into nodes, -1 for none */
    unsigned char byte;
    unsigned short run; /* nodes below with one child each and no phrase:
                           a walk may compare their bytes at once (set by
                           compact_trie; 0 = none) */
    ct__phrase *phrases;
} node;

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[];
} chunk;

struct ct_catalog {
    ct_indicator *inds;
    size_t ninds, capinds;
    node *nodes;
    size_t nnodes, capnodes;
    int root[256];           /* the root's children by byte: every lookup starts here */
    unsigned char *label;    /* label[k] = nodes[k].byte, for run comparisons */
    size_t *byname, nbyname; /* indicator indexes sorted by code */
    /* the first words of all phrases, open addressing on their hash: most
     * words of a text start no phrase and are turned away here */
    struct head {
        const char *w;
        uint32_t h, len;
        int node; /* the trie node after the word's bytes, or -1: a walk
                     starts there, not at the root */
    } * heads;
    size_t nheads, capheads; /* capheads: a power of two */
    size_t nphrases;
    struct measure_map {
        const char *sector, *measure, *code;
    } * measures;
    size_t nmeasures;
    /* words a phrase may hold or lack inside it: dropped from phrases when
     * they are loaded, stepped over in the text when the trie has no path
     * through them */
    struct filler {
        const char *w;
        size_t len;
    } fillers[CT__MAX_FILLERS];
    int nfillers;
    unsigned char filler_first[256]; /* first bytes of the fillers */
    /* words written two ways ("tỷ"/"tỉ", "hoá"/"hóa"): every phrase is
     * put in the trie in both */
    struct spelling {
        const char *a, *b;
        size_t alen, blen;
    } spellings[CT__MAX_SPELLINGS];
    int nspellings;
    chunk *arena;
    char *path;
};

static void *arena_alloc(ct_catalog *c, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (!c->arena || c->arena->cap - c->arena->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        chunk *k = malloc(sizeof *k + cap);
        if (!k) return NULL;
        k->next = c->arena;
        k->used = 0;
        k->cap = cap;
        c->arena = k;
    }
    void *p = c->arena->data + c->arena->used;
    c->arena->used += n;
    return p;
}

static char *arena_strndup(ct_catalog *c, const char *s, size_t n)
{
    char *p = arena_alloc(c, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

ct_catalog *ct_catalog_new(void)
{
    ct_catalog *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->nodes = malloc(64 * sizeof *c->nodes);
    if (!c->nodes) {
        free(c);
        return NULL;
    }
    c->capnodes = 64;
    c->nnodes = 1;
    c->nodes[0] = (node){-1, -1, 0, 0, NULL};
    for (int i = 0; i < 256; i++)
        c->root[i] = -1;
    return c;
}

void ct_catalog_free(ct_catalog *c)
{
    if (!c) return;
    for (chunk *k = c->arena, *nx; k; k = nx) {
        nx = k->next;
        free(k);
    }
    free(c->inds);
    free(c->nodes);
    free(c->heads);
    free(c->label);
    free(c->byname);
    free(c->measures);
    free(c->path);
    free(c);
}

size_t ct_catalog_count(const ct_catalog *c)
{
    return c->ninds;
}

const ct_indicator *ct_catalog_at(const ct_catalog *c, size_t i)
{
    return i < c->ninds ? &c->inds[i] : NULL;
}

const ct_indicator *ct_catalog_find(const ct_catalog *c, const char *code)
{
    if (c->byname && c->nbyname == c->ninds) { /* binary search on the index */
        size_t lo = 0, hi = c->nbyname;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            int r = strcmp(c->inds[c->byname[mid]].code, code);
            if (r == 0) return &c->inds[c->byname[mid]];
            if (r < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return NULL;
    }
    for (size_t i = 0; i < c->ninds; i++)
        if (strcmp(c->inds[i].code, code) == 0) return &c->inds[i];
    return NULL;
}

/* The index of indicators by code, rebuilt after each merge. */
static void index_codes(ct_catalog *c)
{
    c->nbyname = 0;
    size_t *v = realloc(c->byname, (c->ninds + 1) * sizeof *v);
    if (!v) return; /* find falls back to a scan */
    c->byname = v;
    /* insertion sort: a catalogue has some hundred codes, and qsort would
     * need global state for its comparison */
    for (size_t i = 0; i < c->ninds; i++) {
        size_t j = i;
        while (j > 0 && strcmp(c->inds[v[j - 1]].code, c->inds[i].code) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = i;
    }
    c->nbyname = c->ninds;
}

size_t ct_catalog_phrase_count(const ct_catalog *c)
{
    return c->nphrases;
}

const char *ct_catalog_path(const ct_catalog *c)
{
    return c->path;
}

const ct_indicator *ct__catalog_in_family(const ct_catalog *c, const char *family,
                                          const char *unit)
{
    if (!family || !*family || strcmp(family, "-") == 0 || !unit) return NULL;
    for (size_t i = 0; i < c->ninds; i++) {
        const ct_indicator *o = &c->inds[i];
        if (o->family && strcmp(o->family, family) == 0 && strcmp(o->unit, unit) == 0) return o;
    }
    return NULL;
}

const ct_indicator *ct__catalog_sibling(const ct_catalog *c, const ct_indicator *ind,
                                        const char *unit)
{
    return ind ? ct__catalog_in_family(c, ind->family, unit) : NULL;
}

static int has_family(const ct_catalog *c, const char *family)
{
    for (size_t i = 0; i < c->ninds; i++)
        if (c->inds[i].family && strcmp(c->inds[i].family, family) == 0) return 1;
    return 0;
}

/* ---- trie ---------------------------------------------------------------- */

static int child_of(const ct_catalog *c, int n, unsigned char b)
{
    if (n == 0) return c->root[b];
    for (int k = c->nodes[n].child; k >= 0; k = c->nodes[k].sibling)
        if (c->nodes[k].byte == b) return k;
    return -1;
}

static int add_child(ct_catalog *c, int n, unsigned char b)
{
    if (c->nnodes == c->capnodes) {
        node *nn = realloc(c->nodes, c->capnodes * 2 * sizeof *nn);
        if (!nn) return -1;
        c->nodes = nn;
        c->capnodes *= 2;
    }
    int k = (int)c->nnodes++;
    c->nodes[k] = (node){-1, c->nodes[n].child, b, 0, NULL};
    c->nodes[n].child = k;
    if (n == 0) c->root[b] = k;
    return k;
}

static int is_sep(unsigned char b)
{
    return b == ' ' || b == ',' || b == '-';
}

static int is_word_byte(unsigned char b)
{
    return b >= 0x80 || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || b == '&';
}

/* Equality of short byte strings (words): inline, where a call to
 * memcmp costs more than the comparison. */
static inline int same_bytes(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t k = 0; k < n; k++)
        if (x[k] != y[k]) return 0;
    return 1;
}

/* FNV-1a of the word at s (its bytes up to the first non-word byte, or
 * one byte when s starts with none); its length in *wlen. */
static uint32_t first_word(const unsigned char *s, size_t n, size_t *wlen)
{
    uint32_t h = 2166136261u;
    size_t j = 0;
    while (j < n && is_word_byte(s[j]))
        h = (h ^ s[j++]) * 16777619u;
    if (j == 0 && n > 0) h = (h ^ s[j++]) * 16777619u;
    *wlen = j;
    return h;
}

static int head_find(const ct_catalog *c, uint32_t h, const unsigned char *w, size_t len)
{
    if (!c->capheads) return -1;
    for (size_t s = h & (c->capheads - 1); c->heads[s].w; s = (s + 1) & (c->capheads - 1))
        if (c->heads[s].h == h && c->heads[s].len == len && same_bytes(c->heads[s].w, w, len))
            return (int)s;
    return -1;
}

static int head_add(ct_catalog *c, const unsigned char *w, size_t n)
{
    size_t len;
    uint32_t h = first_word(w, n, &len);
    if (head_find(c, h, w, len) >= 0) return CT_OK;
    if ((c->nheads + 1) * 2 > c->capheads) {
        size_t cap = c->capheads ? c->capheads * 2 : 256;
        struct head *v = calloc(cap, sizeof *v);
        if (!v) return CT_ENOMEM;
        for (size_t k = 0; k < c->capheads; k++) {
            if (!c->heads[k].w) continue;
            size_t s = c->heads[k].h & (cap - 1);
            while (v[s].w)
                s = (s + 1) & (cap - 1);
            v[s] = c->heads[k];
        }
        free(c->heads);
        c->heads = v;
        c->capheads = cap;
    }
    char *copy = arena_alloc(c, len);
    if (!copy) return CT_ENOMEM;
    memcpy(copy, w, len);
    size_t s = h & (c->capheads - 1);
    while (c->heads[s].w)
        s = (s + 1) & (c->capheads - 1);
    c->heads[s] = (struct head){copy, h, (uint32_t)len, -1};
    c->nheads++;
    return CT_OK;
}

/* The filler that the text s[i..n) starts with, ending at a word end;
 * its length, or 0. */
static size_t filler_at(const ct_catalog *c, const unsigned char *s, size_t i, size_t n)
{
    if (!c->filler_first[s[i]]) return 0;
    for (int k = 0; k < c->nfillers; k++) {
        size_t l = c->fillers[k].len;
        if (i + l <= n && same_bytes(s + i, c->fillers[k].w, l) &&
            (i + l == n || !is_word_byte(s[i + l])))
            return l;
    }
    return 0;
}

/* Drop the fillers inside a folded phrase (words 2 to n-1: a phrase
 * neither starts nor ends with one); the new length. */
static size_t drop_fillers(const ct_catalog *c, char *p, size_t len)
{
    if (!c->nfillers) return len;
    unsigned char *t = (unsigned char *)p;
    size_t first = 0;
    while (first < len && t[first] != ' ')
        first++;
    size_t out = first, i = first;
    while (i < len) { /* t[i] == ' ': a word follows */
        size_t l = filler_at(c, t, i + 1, len);
        if (l && i + 1 + l < len) { /* not the last word */
            i += 1 + l;
            continue;
        }
        size_t e = i + 1;
        while (e < len && t[e] != ' ')
            e++;
        memmove(t + out, t + i, e - i);
        out += e - i;
        i = e;
    }
    return out;
}

/* Fold a phrase of the file as the matcher reads text: NFC, lower case,
 * each run of separators one ' ', none at the end; its length in f->text
 * (0 for none), or (size_t)-1 for no memory. */
static size_t fold_phrase(const char *raw, size_t n, ct_fold *f)
{
    if (ct_fold_text(f, raw, n) != CT_OK) return (size_t)-1;
    size_t len = 0;
    for (size_t i = 0; i < f->len; i++) {
        unsigned char b = (unsigned char)f->text[i];
        if (is_sep(b)) {
            if (len && f->text[len - 1] != ' ') f->text[len++] = ' ';
        } else {
            f->text[len++] = (char)b;
        }
    }
    while (len && f->text[len - 1] == ' ')
        len--;
    return len;
}

static int add_filler(ct_catalog *c, const char *raw, size_t n, ct_fold *f)
{
    size_t len = fold_phrase(raw, n, f);
    if (len == (size_t)-1) return CT_ENOMEM;
    if (!len) return CT_OK;
    for (int k = 0; k < c->nfillers; k++)
        if (c->fillers[k].len == len && same_bytes(c->fillers[k].w, f->text, len)) return CT_OK;
    if (c->nfillers == CT__MAX_FILLERS) return CT_EINVAL;
    char *w = arena_strndup(c, f->text, len);
    if (!w) return CT_ENOMEM;
    c->fillers[c->nfillers++] = (struct filler){w, len};
    c->filler_first[(unsigned char)w[0]] = 1;
    return CT_OK;
}

/* A folded copy of one word in the arena; its length in *n, NULL for no
 * memory; *n is 0 when the text is not one word. */
static char *fold_word(ct_catalog *c, const char *raw, size_t len, ct_fold *f, size_t *n)
{
    *n = 0;
    if (ct_fold_text(f, raw, len) != CT_OK) return NULL;
    for (size_t i = 0; i < f->len; i++)
        if (!is_word_byte((unsigned char)f->text[i])) return arena_strndup(c, "", 0);
    *n = f->len;
    return arena_strndup(c, f->text, f->len);
}

/* spelling - A|B: the word A is also written B. */
static int add_spelling(ct_catalog *c, const char *raw, size_t n, ct_fold *f)
{
    const char *bar = memchr(raw, '|', n);
    if (!bar) return CT_EINVAL;
    size_t al, bl;
    char *a = fold_word(c, raw, (size_t)(bar - raw), f, &al);
    char *b = a ? fold_word(c, bar + 1, n - (size_t)(bar + 1 - raw), f, &bl) : NULL;
    if (!a || !b) return CT_ENOMEM;
    if (!al || !bl || memchr(bar + 1, '|', n - (size_t)(bar + 1 - raw))) return CT_EINVAL;
    if (c->nspellings == CT__MAX_SPELLINGS) return CT_ERANGE_SPELL;
    c->spellings[c->nspellings++] = (struct spelling){a, b, al, bl};
    return CT_OK;
}

/* Add one phrase (raw text from the file) with its meaning. */
/* Put one folded phrase in the trie; `spelled`: a spelling variant of a
 * phrase of the file (not listed as an alias of its own). */
static int insert_phrase(ct_catalog *c, const char *text, size_t len, ct__phkind kind,
                         const char *arg, const char *arg2, int spelled)
{
    if (head_add(c, (const unsigned char *)text, len) != CT_OK) return CT_ENOMEM;
    int at = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)text[i];
        int k = child_of(c, at, b);
        if (k < 0) k = add_child(c, at, b);
        if (k < 0) return CT_ENOMEM;
        at = k;
    }
    ct__phrase **tail = &c->nodes[at].phrases;
    for (; *tail; tail = &(*tail)->next)
        if (spelled && (*tail)->kind == kind && (*tail)->arg == arg && (*tail)->arg2 == arg2)
            return CT_OK; /* the variant is written out in the file too */
    ct__phrase *p = arena_alloc(c, sizeof *p);
    if (!p) return CT_ENOMEM;
    p->kind = kind;
    p->arg = arg;
    p->arg2 = arg2;
    p->spelled = (unsigned char)spelled;
    p->next = NULL; /* keep file order: append */
    *tail = p;
    c->nphrases++;
    return CT_OK;
}

/* The spelling that word w[0..n) may also be written in, or NULL. */
static const struct spelling *spelling_of(const ct_catalog *c, const char *w, size_t n,
                                          int *other)
{
    for (int k = 0; k < c->nspellings; k++) {
        const struct spelling *sp = &c->spellings[k];
        if (sp->alen == n && same_bytes(sp->a, w, n)) {
            *other = 1;
            return sp;
        }
        if (sp->blen == n && same_bytes(sp->b, w, n)) {
            *other = 0;
            return sp;
        }
    }
    return NULL;
}

/* Insert the phrase and its spelling variants: each word of a `spelling`
 * pair written the other way too ("tỷ lệ" / "tỉ lệ"), all combinations of
 * up to four such words. */
static int insert_spellings(ct_catalog *c, const char *text, size_t len, ct__phkind kind,
                            const char *arg, const char *arg2)
{
    if (insert_phrase(c, text, len, kind, arg, arg2, 0) != CT_OK) return CT_ENOMEM;
    if (!c->nspellings) return CT_OK;
    size_t ws[4], wl[4];
    const struct spelling *sp[4];
    int to[4], nw = 0;
    for (size_t i = 0; i < len && nw < 4;) {
        size_t e = i;
        while (e < len && text[e] != ' ')
            e++;
        int other;
        const struct spelling *s1 = spelling_of(c, text + i, e - i, &other);
        if (s1) {
            ws[nw] = i;
            wl[nw] = e - i;
            sp[nw] = s1;
            to[nw++] = other;
        }
        i = e + 1;
    }
    char buf[1024];
    for (int mask = 1; mask < (1 << nw); mask++) {
        size_t o = 0, at = 0;
        for (int w = 0; w <= nw; w++) {
            size_t upto = w < nw ? ws[w] : len;
            if (o + (upto - at) > sizeof buf) return CT_OK;
            memcpy(buf + o, text + at, upto - at);
            o += upto - at;
            if (w == nw) break;
            const char *rep = text + ws[w];
            size_t rl = wl[w];
            if (mask & (1 << w)) {
                rep = to[w] ? sp[w]->b : sp[w]->a;
                rl = to[w] ? sp[w]->blen : sp[w]->alen;
            }
            if (o + rl > sizeof buf) return CT_OK;
            memcpy(buf + o, rep, rl);
            o += rl;
            at = ws[w] + wl[w];
        }
        if (insert_phrase(c, buf, o, kind, arg, arg2, 1) != CT_OK) return CT_ENOMEM;
    }
    return CT_OK;
}

/* Add one phrase (raw text from the file) with its meaning. */
static int add_phrase(ct_catalog *c, const char *raw, size_t n, ct__phkind kind, const char *arg,
                      const char *arg2, ct_fold *f)
{
    size_t len = fold_phrase(raw, n, f);
    if (len == (size_t)-1) return CT_ENOMEM;
    len = drop_fillers(c, f->text, len);
    if (!len) return CT_OK;
    return insert_spellings(c, f->text, len, kind, arg, arg2);
}

/* One walk for the longest phrase of any kind (*any) and the longest of
 * kind `kind` (*of_kind, its length in *kind_len); kind < 0: any only. */
/* The longest phrase a walk has ended on, and the longest of one kind. */
typedef struct {
    size_t best, bestk;
    const ct__phrase *bestp, *bestkp;
} walk_best;

/* A walk reached i at a node with phrases p: they are the longest so far. */
static void take(walk_best *m, const ct__phrase *p, size_t i, int kind)
{
    if (i > m->best) { /* a walk that stepped over a filler may end sooner */
        m->best = i;
        m->bestp = p;
    }
    if (kind < 0) return;
    while (p && (int)p->kind != kind)
        p = p->next;
    if (p && i > m->bestk) {
        m->bestk = i;
        m->bestkp = p;
    }
}

/* Does the trie go on from node `at` through the bytes w[0..n)? */
static int trie_has(const ct_catalog *c, int at, const unsigned char *w, size_t n)
{
    for (size_t j = 0; j < n && at >= 0; j++)
        at = child_of(c, at, w[j] == ',' || w[j] == '-' ? ' ' : w[j]);
    return at >= 0;
}

/* Walk the trie from node `at` along t[i..n), recording in *m the
 * phrases it ends on. A filler in the text that the trie also goes
 * through is tried both ways (depth bounds the branching). */
static void walk(const ct_catalog *c, const unsigned char *t, size_t n, int at, size_t i,
                 int kind, walk_best *m, int depth)
{
    const node *nodes = c->nodes;
    while (i < n) {
        unsigned char b = t[i];
        size_t step = 1;
        if (nodes[at].byte == ' ' && at != 0 && c->filler_first[b]) {
            /* a filler the trie has no path through: step over it */
            size_t fl = filler_at(c, t, i, n);
            if (fl) {
                size_t j = i + fl;
                while (j < n && is_sep(t[j]))
                    j++;
                if (!trie_has(c, at, t + i, fl)) {
                    i = j;
                    continue;
                }
                /* the trie goes through it too: try both, keep the longer */
                if (depth < 4) walk(c, t, n, at, j, kind, m, depth + 1);
            }
        }
        if (b == ' ' || b == ',' || b == '-') {
            b = ' ';
            while (i + step < n && is_sep(t[i + step]))
                step++;
        }
        size_t r = nodes[at].run;
        if (r && i + r <= n && same_bytes(t + i, c->label + at + 1, r)) {
            /* a chain of single children: all its bytes at once */
            at += (int)r;
            i += r;
            if (c->label[at] == ' ')
                while (i < n && is_sep(t[i]))
                    i++;
            continue;
        }
        int k;
        if (at == 0) {
            k = c->root[b];
        } else {
            k = nodes[at].child;
            while (k >= 0 && nodes[k].byte != b)
                k = nodes[k].sibling;
        }
        if (k < 0) break;
        at = k;
        i += step;
        if (nodes[at].phrases && (i >= n || !is_word_byte(t[i]) || !is_word_byte(t[i - 1])))
            take(m, nodes[at].phrases, i, kind);
    }
}

static size_t match_impl(const ct_catalog *c, const char *s, size_t n, size_t pos, int kind,
                         const ct__phrase **any, size_t *kind_len, const ct__phrase **of_kind,
                         const uint32_t *hash, size_t hash_wl)
{
    const unsigned char *t = (const unsigned char *)s;
    if (kind_len) *kind_len = 0;
    if (pos >= n || (pos > 0 && is_word_byte(t[pos - 1]) && is_word_byte(t[pos]))) return 0;
    /* a phrase can only match where the text's word is its first word */
    size_t wl = hash_wl;
    uint32_t h = hash ? *hash : first_word(t + pos, n - pos, &wl);
    if (hash && wl == 0) wl = 1; /* a lone non-word byte, as first_word counts it */
    int hs = head_find(c, h, t + pos, wl);
    if (hs < 0) return 0;
    int at = 0;
    size_t i = pos;
    walk_best m = {0, 0, NULL, NULL};
    const node *nodes = c->nodes;
    if (c->heads[hs].node > 0) { /* the first word is walked already */
        at = c->heads[hs].node;
        i = pos + wl;
        if (nodes[at].phrases) take(&m, nodes[at].phrases, i, kind);
    }
    walk(c, t, n, at, i, kind, &m, 0);
    /* do not swallow trailing separators */
    while (m.best > pos && is_sep(t[m.best - 1]))
        m.best--;
    while (m.bestk > pos && is_sep(t[m.bestk - 1]))
        m.bestk--;
    if (m.bestkp) {
        *of_kind = m.bestkp;
        *kind_len = m.bestk - pos;
    }
    if (!m.bestp) return 0;
    *any = m.bestp;
    return m.best - pos;
}

size_t ct__catalog_match(const ct_catalog *c, const char *s, size_t n, size_t pos,
                         const ct__phrase **out)
{
    return match_impl(c, s, n, pos, -1, out, NULL, NULL, NULL, 0);
}

size_t ct__catalog_match_hashed(const ct_catalog *c, const char *s, size_t n, size_t pos,
                                uint32_t hash, size_t wlen, const ct__phrase **out)
{
    return match_impl(c, s, n, pos, -1, out, NULL, NULL, &hash, wlen);
}

size_t ct__catalog_match_kind(const ct_catalog *c, const char *s, size_t n, size_t pos,
                              ct__phkind kind, const ct__phrase **out)
{
    const ct__phrase *any = NULL;
    size_t kl = 0;
    match_impl(c, s, n, pos, (int)kind, &any, &kl, out, NULL, 0);
    return kl;
}

size_t ct__catalog_match2(const ct_catalog *c, const char *s, size_t n, size_t pos, ct__phkind kind,
                          const ct__phrase **any, size_t *kind_len, const ct__phrase **of_kind)
{
    return match_impl(c, s, n, pos, (int)kind, any, kind_len, of_kind, NULL, 0);
}

const ct_indicator *ct__catalog_generic(const ct_catalog *c, const char *sector,
                                        const char *measure)
{
    if (!sector || !measure || strcmp(sector, "-") == 0) return NULL;
    size_t sl = strcspn(sector, "."); /* a code stands for its sector */
    for (size_t i = 0; i < c->nmeasures; i++)
        if (strlen(c->measures[i].sector) == sl && memcmp(c->measures[i].sector, sector, sl) == 0 &&
            strcmp(c->measures[i].measure, measure) == 0)
            return ct_catalog_find(c, c->measures[i].code);
    char code[128];
    snprintf(code, sizeof code, "%.*s.%s", (int)sl, sector, measure);
    return ct_catalog_find(c, code);
}

void ct_catalog_each_alias(const ct_catalog *c, const char *code,
                           void (*fn)(void *ud, const char *phrase), void *ud)
{
    /* walk the trie depth-first, rebuilding phrase text */
    char buf[512];
    int stack[512];
    int depth = 0;
    stack[0] = c->nodes[0].child;
    while (depth >= 0) {
        int k = stack[depth];
        if (k < 0) {
            depth--;
            if (depth >= 0) stack[depth] = c->nodes[stack[depth]].sibling;
            continue;
        }
        buf[depth] = (char)c->nodes[k].byte;
        for (ct__phrase *p = c->nodes[k].phrases; p; p = p->next) {
            /* the name is an alias too, and a merged catalogue may repeat
             * one: each phrase once */
            int seen = 0;
            for (ct__phrase *q = c->nodes[k].phrases; q != p && !seen; q = q->next)
                seen = q->kind == CT_PH_ALIAS && strcmp(q->arg, code) == 0;
            if (!seen && !p->spelled && p->kind == CT_PH_ALIAS && strcmp(p->arg, code) == 0) {
                buf[depth + 1] = '\0';
                fn(ud, buf);
            }
        }
        if (c->nodes[k].child >= 0 && depth + 2 < (int)sizeof buf) {
            stack[++depth] = c->nodes[k].child;
        } else {
            stack[depth] = c->nodes[k].sibling;
        }
    }
}

/* ---- file parsing -------------------------------------------------------- */

#define MAXF 8

static int split_tabs(char *line, char **f)
{
    int n = 0;
    char *p = line;
    while (n < MAXF) {
        f[n++] = p;
        char *t = strchr(p, '\t');
        if (!t) break;
        *t = '\0';
        p = t + 1;
        while (*p == '\t')
            p++; /* tolerate aligned columns */
    }
    return n;
}

static int add_phrase_list(ct_catalog *c, const char *list, ct__phkind kind, const char *arg,
                           const char *arg2, ct_fold *f)
{
    const char *p = list;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        while (n && (*p == ' '))
            p++, n--;
        while (n && p[n - 1] == ' ')
            n--;
        if (n && add_phrase(c, p, n, kind, arg, arg2, f) != CT_OK) return CT_ENOMEM;
        if (!bar) break;
        p = bar + 1;
    }
    return CT_OK;
}

static int read_file(const char *path, ct_buf *out, ct_error *err);

/* One gazetteer entry: its name, the forms derived from it (tỉnh NAME,
 * thành phố NAME, TP NAME, TP. NAME, Sở TT&TT NAME) and its variants. The
 * sector's own agencies are kept out of texts: they report national
 * figures. */
static int add_area(ct_catalog *c, const char *kind, const char *name, const char *variants,
                    ct_fold *fo)
{
    if (!strcmp(kind, "agency") || !*name) return CT_OK;
    const char *arg = arena_strndup(c, name, strlen(name));
    const char *arg2 = arena_strndup(c, kind, strlen(kind));
    if (!arg || !arg2) return CT_ENOMEM;
    if (add_phrase(c, name, strlen(name), CT_PH_AREA, arg, arg2, fo) != CT_OK) return CT_ENOMEM;
    if (!strcmp(kind, "city") || !strcmp(kind, "province") || !strcmp(kind, "former")) {
        static const char *const pre[] = {"tỉnh ",    "thành phố ",  "tp ",
                                          "tp. ",     "tp.",         "sở tt&tt ",
                                          "sở tttt ", "sở thông tin và truyền thông ", NULL};
        char buf[512];
        for (int i = 0; pre[i]; i++) {
            int n = snprintf(buf, sizeof buf, "%s%s", pre[i], name);
            if (n > 0 && (size_t)n < sizeof buf &&
                add_phrase(c, buf, (size_t)n, CT_PH_AREA, arg, arg2, fo) != CT_OK)
                return CT_ENOMEM;
        }
        /* "Sở Thông tin và Truyền thông tỉnh X" */
        static const char *const sp[] = {"sở tt&tt tỉnh ", "sở tt&tt thành phố ",
                                         "sở thông tin và truyền thông tỉnh ",
                                         "sở thông tin và truyền thông thành phố ", NULL};
        for (int i = 0; sp[i]; i++) {
            int n = snprintf(buf, sizeof buf, "%s%s", sp[i], name);
            if (n > 0 && (size_t)n < sizeof buf &&
                add_phrase(c, buf, (size_t)n, CT_PH_AREA, arg, arg2, fo) != CT_OK)
                return CT_ENOMEM;
        }
    }
    return add_phrase_list(c, variants, CT_PH_AREA, arg, arg2, fo);
}

const char *ct_catalog_area(const ct_catalog *c, const char *text)
{
    ct_fold fo;
    ct_fold_init(&fo);
    const char *found = NULL;
    if (ct_fold_text(&fo, text, strlen(text)) == CT_OK) {
        const ct__phrase *ph = NULL;
        size_t m = ct__catalog_match_kind(c, fo.text, fo.len, 0, CT_PH_AREA, &ph);
        if (m == fo.len && ph) found = ph->arg;
    }
    ct_fold_free(&fo);
    return found;
}

int ct_catalog_merge_areas(ct_catalog *c, const char *path, ct_error *err)
{
    ct_buf b;
    ct_buf_init(&b);
    int rc = read_file(path, &b, err);
    ct_fold fo;
    ct_fold_init(&fo);
    long lineno = 0;
    char *p = b.data;
    while (rc == CT_OK && p && *p) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        lineno++;
        size_t n = strlen(p);
        if (n && p[n - 1] == '\r') p[--n] = '\0';
        if (n && p[0] != '#' && strncmp(p, "kind\t", 5)) {
            char *f[MAXF];
            int nf = split_tabs(p, f);
            if (nf < 2)
                rc = ct_error_set(err, CT_EPARSE, -1, lineno, "%s:%ld: an area needs KIND and NAME",
                                  path, lineno);
            else
                rc = add_area(c, f[0], f[1], nf > 2 ? f[2] : "", &fo);
        }
        p = nl ? nl + 1 : NULL;
    }
    ct_fold_free(&fo);
    ct_buf_free(&b);
    return rc;
}

static int parse_line(ct_catalog *c, char *line, const char *name, long lineno, ct_fold *fo,
                      ct_error *err)
{
    char *f[MAXF];
    int nf = split_tabs(line, f);
    const char *kind = f[0];
#define NEED(k)                                                                                    \
    do {                                                                                           \
        if (nf < (k))                                                                              \
            return ct_error_set(err, CT_EPARSE, -1, lineno,                                        \
                                "%s:%ld: '%s' needs %d tab-separated fields", name, lineno, kind,  \
                                (k));                                                              \
    } while (0)
    if (strcmp(kind, "indicator") == 0) {
        NEED(6);
        if (strcmp(f[3], "flow") != 0 && strcmp(f[3], "stock") != 0)
            return ct_error_set(err, CT_EPARSE, -1, lineno,
                                "%s:%ld: measure must be flow or stock, not '%s'", name, lineno,
                                f[3]);
        ct_indicator ind = {0};
        ind.code = arena_strndup(c, f[1], strlen(f[1]));
        ind.unit = arena_strndup(c, f[2], strlen(f[2]));
        ind.measure = strcmp(f[3], "stock") == 0 ? CT_STOCK : CT_FLOW;
        ind.family = arena_strndup(c, f[4], strlen(f[4]));
        ind.name_vi = arena_strndup(c, f[5], strlen(f[5]));
        if (!ind.code || !ind.unit || !ind.family || !ind.name_vi) return CT_ENOMEM;
        for (size_t i = 0; i < c->ninds; i++) {
            if (strcmp(c->inds[i].code, ind.code) == 0) {
                memcpy(ind.parts, c->inds[i].parts, sizeof ind.parts);
                c->inds[i] = ind; /* replace: pointers to it stay valid */
                return add_phrase(c, ind.name_vi, strlen(ind.name_vi), CT_PH_ALIAS, ind.code, NULL, fo);
            }
        }
        if (c->ninds == c->capinds) {
            /* the array must not move once phrases point at codes, but
             * phrases keep code strings, not indicator pointers */
            size_t cap = c->capinds ? c->capinds * 2 : 64;
            ct_indicator *ni = realloc(c->inds, cap * sizeof *ni);
            if (!ni) return CT_ENOMEM;
            c->inds = ni;
            c->capinds = cap;
        }
        c->inds[c->ninds++] = ind;
        /* the indicator's own name names it too (reports generated by
         * chitieu use it, and so do many others) */
        return add_phrase(c, ind.name_vi, strlen(ind.name_vi), CT_PH_ALIAS, ind.code, NULL, fo);
    }
    if (strcmp(kind, "alias") == 0 || strcmp(kind, "generic") == 0 || strcmp(kind, "sector") == 0 ||
        strcmp(kind, "unit") == 0 || strcmp(kind, "blocker") == 0) {
        NEED(3);
        ct__phkind k = kind[0] == 'a'   ? CT_PH_ALIAS
                       : kind[0] == 'g' ? CT_PH_GENERIC
                       : kind[0] == 's' ? CT_PH_SECTOR
                       : kind[0] == 'u' ? CT_PH_UNIT
                                        : CT_PH_BLOCKER;
        if (k == CT_PH_ALIAS && !ct_catalog_find(c, f[1]))
            return ct_error_set(err, CT_EPARSE, -1, lineno,
                                "%s:%ld: alias of unknown indicator '%s'", name, lineno, f[1]);
        const char *arg = arena_strndup(c, f[1], strlen(f[1]));
        if (!arg) return CT_ENOMEM;
        return add_phrase_list(c, f[2], k, arg, NULL, fo);
    }
    if (strcmp(kind, "filler") == 0 || strcmp(kind, "spelling") == 0) {
        NEED(3); /* read by the first pass (read_fillers) */
        return CT_OK;
    }
    if (strcmp(kind, "frame") == 0) {
        /* frame CODE NOUNS VERBS */
        NEED(4);
        if (!ct_catalog_find(c, f[1]))
            return ct_error_set(err, CT_EPARSE, -1, lineno,
                                "%s:%ld: frame of unknown indicator '%s'", name, lineno, f[1]);
        const char *a = arena_strndup(c, f[1], strlen(f[1]));
        if (ct_fold_text(fo, f[3], strlen(f[3])) != CT_OK) return CT_ENOMEM;
        const char *verbs = arena_strndup(c, fo->text, fo->len);
        if (!a || !verbs) return CT_ENOMEM;
        return add_phrase_list(c, f[2], CT_PH_FRAME, a, verbs, fo);
    }
    if (strcmp(kind, "area") == 0) {
        /* area KIND NAME [VARIANTS]: as a line of data/areas.tsv */
        NEED(3);
        return add_area(c, f[1], f[2], nf > 3 ? f[3] : "", fo);
    }
    if (strcmp(kind, "variant") == 0) {
        NEED(4);
        if (!ct_catalog_find(c, f[1]) || (strcmp(f[2], "-") && !ct_catalog_find(c, f[2])))
            return ct_error_set(err, CT_EPARSE, -1, lineno,
                                "%s:%ld: variant names an unknown indicator", name, lineno);
        const char *a = arena_strndup(c, f[1], strlen(f[1]));
        const char *b = arena_strndup(c, f[2], strlen(f[2]));
        if (!a || !b) return CT_ENOMEM;
        return add_phrase_list(c, f[3], CT_PH_VARIANT, a, b, fo);
    }
    if (strcmp(kind, "facet") == 0) {
        /* facet FAMILY OTHER PHRASES */
        NEED(4);
        if (!has_family(c, f[1]) || !has_family(c, f[2]))
            return ct_error_set(err, CT_EPARSE, -1, lineno,
                                "%s:%ld: facet names a family no indicator has", name, lineno);
        const char *a = arena_strndup(c, f[1], strlen(f[1]));
        const char *b = arena_strndup(c, f[2], strlen(f[2]));
        if (!a || !b) return CT_ENOMEM;
        return add_phrase_list(c, f[3], CT_PH_FACET, a, b, fo);
    }
    if (strcmp(kind, "measure") == 0) {
        NEED(4);
        if (!ct_catalog_find(c, f[3]))
            return ct_error_set(err, CT_EPARSE, -1, lineno,
                                "%s:%ld: measure maps to unknown indicator '%s'", name, lineno,
                                f[3]);
        struct measure_map *m = realloc(c->measures, (c->nmeasures + 1) * sizeof *m);
        if (!m) return CT_ENOMEM;
        c->measures = m;
        m[c->nmeasures].sector = arena_strndup(c, f[1], strlen(f[1]));
        m[c->nmeasures].measure = arena_strndup(c, f[2], strlen(f[2]));
        m[c->nmeasures].code = arena_strndup(c, f[3], strlen(f[3]));
        if (!m[c->nmeasures].sector || !m[c->nmeasures].measure || !m[c->nmeasures].code)
            return CT_ENOMEM;
        c->nmeasures++;
        return CT_OK;
    }
    if (strcmp(kind, "parts") == 0) {
        NEED(3);
        ct_indicator *ind = (ct_indicator *)ct_catalog_find(c, f[1]);
        if (!ind)
            return ct_error_set(err, CT_EPARSE, -1, lineno,
                                "%s:%ld: parts of unknown indicator '%s'", name, lineno, f[1]);
        int np = 0;
        char *save = f[2];
        while (save && *save) {
            if (np == 7)
                return ct_error_set(err, CT_EPARSE, -1, lineno,
                                    "%s:%ld: at most 7 parts of '%s'", name, lineno, f[1]);
            char *bar = strchr(save, '|');
            size_t n = bar ? (size_t)(bar - save) : strlen(save);
            const ct_indicator *part = NULL;
            char tmp[128];
            if (n < sizeof tmp) {
                memcpy(tmp, save, n);
                tmp[n] = '\0';
                part = ct_catalog_find(c, tmp);
            }
            if (!part)
                return ct_error_set(err, CT_EPARSE, -1, lineno, "%s:%ld: unknown part '%.*s'", name,
                                    lineno, (int)n, save);
            ind->parts[np++] = part->code;
            save = bar ? bar + 1 : NULL;
        }
        ind->parts[np] = NULL;
        return CT_OK;
    }
    return ct_error_set(err, CT_EPARSE, -1, lineno, "%s:%ld: unknown line kind '%s'", name, lineno,
                        kind);
#undef NEED
}

/* Renumber the trie in depth-first order, so that a walk down a phrase
 * reads consecutive nodes (a node's first child is the next node) instead
 * of jumping across an array that is larger than the cache. */
static int compact_trie(ct_catalog *c)
{
    size_t nn = c->nnodes;
    int *newid = malloc(nn * sizeof *newid);
    int *stack = malloc(nn * sizeof *stack);
    node *v = malloc(c->capnodes * sizeof *v);
    if (!newid || !stack || !v) {
        free(newid);
        free(stack);
        free(v);
        return CT_ENOMEM;
    }
    /* preorder: pop a node, give it the next number, push its sibling
     * then its first child (so the child comes out first) */
    size_t next = 0, sp = 0;
    stack[sp++] = 0;
    while (sp) {
        int k = stack[--sp];
        newid[k] = (int)next;
        v[next++] = c->nodes[k];
        if (k != 0 && c->nodes[k].sibling >= 0) stack[sp++] = c->nodes[k].sibling;
        if (c->nodes[k].child >= 0) stack[sp++] = c->nodes[k].child;
    }
    for (size_t k = 0; k < next; k++) {
        if (v[k].child >= 0) v[k].child = newid[v[k].child];
        if (v[k].sibling >= 0) v[k].sibling = newid[v[k].sibling];
    }
    for (int b = 0; b < 256; b++)
        if (c->root[b] >= 0) c->root[b] = newid[c->root[b]];
    free(c->nodes);
    c->nodes = v;
    free(newid);
    free(stack);
    /* runs: in preorder a node's first child is the next node */
    unsigned char *label = realloc(c->label, next + 1);
    if (!label) return CT_ENOMEM;
    c->label = label;
    for (size_t k = next; k-- > 0;) {
        label[k] = v[k].byte;
        v[k].run = 0;
        if (k == 0 || v[k].child != (int)k + 1 || v[k + 1].sibling >= 0 || v[k + 1].phrases)
            continue;
        v[k].run = (unsigned short)(v[k + 1].run < 60000 ? v[k + 1].run + 1 : 1);
    }
    /* each first word's node: what every walk from that word begins with */
    for (size_t s = 0; s < c->capheads; s++) {
        struct head *hd = &c->heads[s];
        if (!hd->w) continue;
        hd->node = -1;
        int at = 0;
        for (uint32_t j = 0; j < hd->len && at >= 0; j++) {
            unsigned char b = (unsigned char)hd->w[j];
            if (!is_word_byte(b)) {
                at = -1;
                break;
            }
            int k = at == 0 ? c->root[b] : v[at].child;
            if (at != 0)
                while (k >= 0 && v[k].byte != b)
                    k = v[k].sibling;
            at = k;
        }
        if (at > 0) hd->node = at;
    }
    return CT_OK;
}

/* The first pass: a file's filler lines, wherever they stand, hold for
 * all its phrases. */
static int read_fillers(ct_catalog *c, const char *buf, size_t len, const char *name,
                        ct_fold *fo, ct_error *err)
{
    long lineno = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (buf + i)) : len - i;
        lineno++;
        const char *l = buf + i;
        i += n + (nl ? 1 : 0);
        int spell = n >= 9 && memcmp(l, "spelling\t", 9) == 0;
        if (!spell && (n < 7 || memcmp(l, "filler\t", 7) != 0)) continue;
        size_t k0 = spell ? 9 : 7;
        while (k0 < n && l[k0] == '\t')
            k0++;
        const char *tab = memchr(l + k0, '\t', n - k0);
        if (!tab) continue; /* the second pass names the error */
        const char *p = tab + 1, *end = l + n;
        while (p < end && *p == '\t')
            p++;
        while (end > p && (end[-1] == '\r' || end[-1] == ' '))
            end--;
        if (spell) {
            int rc = add_spelling(c, p, (size_t)(end - p), fo);
            if (rc == CT_EINVAL)
                return ct_error_set(err, CT_EPARSE, -1, lineno,
                                    "%s:%ld: a spelling is two words, 'A|B'", name, lineno);
            if (rc == CT_ERANGE_SPELL)
                return ct_error_set(err, CT_EPARSE, -1, lineno, "%s:%ld: more than %d spellings",
                                    name, lineno, CT__MAX_SPELLINGS);
            if (rc != CT_OK)
                return ct_error_set(err, CT_ENOMEM, -1, lineno, "%s:%ld: out of memory", name,
                                    lineno);
            continue;
        }
        while (p < end) {
            const char *bar = memchr(p, '|', (size_t)(end - p));
            const char *e = bar ? bar : end;
            while (e > p && (e[-1] == ' ' || e[-1] == '\r'))
                e--;
            while (p < e && *p == ' ')
                p++;
            int rc = p < e ? add_filler(c, p, (size_t)(e - p), fo) : CT_OK;
            if (rc == CT_EINVAL)
                return ct_error_set(err, CT_EPARSE, -1, lineno,
                                    "%s:%ld: more than %d fillers", name, lineno,
                                    CT__MAX_FILLERS);
            if (rc != CT_OK)
                return ct_error_set(err, CT_ENOMEM, -1, lineno, "%s:%ld: out of memory", name,
                                    lineno);
            if (!bar) break;
            p = bar + 1;
        }
    }
    return CT_OK;
}

int ct_catalog_merge_mem(ct_catalog *c, const char *buf, size_t len, const char *name,
                         ct_error *err)
{
    ct_error_clear(err);
    size_t bad = ct_utf8_valid_prefix(buf, len);
    if (bad < len)
        return ct_error_set(err, CT_EUTF8, (long long)bad, 0, "%s:%zu: invalid UTF-8", name, bad);
    if (ct_find_nul(buf, len) < len)
        return ct_error_set(err, CT_EBINARY, (long long)ct_find_nul(buf, len), 0,
                            "%s:%zu: NUL byte in catalogue", name, ct_find_nul(buf, len));
    /* new phrases invalidate the runs until compact_trie sets them again */
    for (size_t k = 0; k < c->nnodes; k++)
        c->nodes[k].run = 0;
    for (size_t k = 0; k < c->capheads; k++)
        c->heads[k].node = -1;
    ct_fold fo;
    ct_fold_init(&fo);
    ct_buf line;
    ct_buf_init(&line);
    long lineno = 0;
    size_t i = 0;
    int rc = read_fillers(c, buf, len, name, &fo, err);
    while (i < len && rc == CT_OK) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (buf + i)) : len - i;
        lineno++;
        ct_buf_reset(&line);
        ct_buf_append(&line, buf + i, n);
        if (line.oom) {
            rc = CT_ENOMEM;
            break;
        }
        while (line.len && (line.data[line.len - 1] == '\r' || line.data[line.len - 1] == ' '))
            line.data[--line.len] = '\0';
        i += n + (nl ? 1 : 0);
        if (line.len == 0 || line.data[0] == '#') continue;
        rc = parse_line(c, line.data, name, lineno, &fo, err);
        if (rc == CT_ENOMEM && err->code == CT_OK)
            ct_error_set(err, CT_ENOMEM, -1, lineno, "%s:%ld: out of memory", name, lineno);
    }
    ct_buf_free(&line);
    ct_fold_free(&fo);
    index_codes(c);
    /* also after an error: the phrases added before it stay in the trie */
    if (compact_trie(c) != CT_OK && rc == CT_OK)
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "%s: out of memory", name);
    return rc;
}

static int read_file(const char *path, ct_buf *out, ct_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return ct_error_set(err, CT_ENOENT, -1, 0, "%s: cannot open", path);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0)
        ct_buf_append(out, tmp, n);
    int bad = ferror(fp);
    fclose(fp);
    if (bad) return ct_error_set(err, CT_EIO, -1, 0, "%s: read error", path);
    if (out->oom) return ct_error_set(err, CT_ENOMEM, -1, 0, "%s: out of memory", path);
    return CT_OK;
}

int ct_catalog_merge(ct_catalog *c, const char *path, ct_error *err)
{
    ct_buf b;
    ct_buf_init(&b);
    int rc = read_file(path, &b, err);
    if (rc == CT_OK) rc = ct_catalog_merge_mem(c, b.data ? b.data : "", b.len, path, err);
    ct_buf_free(&b);
    return rc;
}

ct_catalog *ct_catalog_load(const char *path, ct_error *err)
{
    ct_catalog *c = ct_catalog_new();
    if (!c) {
        ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
        return NULL;
    }
    if (ct_catalog_merge(c, path, err) != CT_OK) {
        ct_catalog_free(c);
        return NULL;
    }
    /* the gazetteer beside the catalogue (data/areas.tsv), when there */
    char apath[4096];
    const char *slash = strrchr(path, '/');
    int dl = slash ? (int)(slash - path + 1) : 0;
    snprintf(apath, sizeof apath, "%.*sareas.tsv", dl, path);
    FILE *fp = fopen(apath, "rb");
    if (fp) {
        fclose(fp);
        if (ct_catalog_merge_areas(c, apath, err) != CT_OK) {
            ct_catalog_free(c);
            return NULL;
        }
    }
    c->path = strdup(path);
    return c;
}

#ifndef CT_DATA_INSTALL
#define CT_DATA_INSTALL "/usr/local/share/chitieu"
#endif
#ifndef CT_DATA_SOURCE
#define CT_DATA_SOURCE "data"
#endif

ct_catalog *ct_catalog_load_default(ct_error *err)
{
    const char *env = getenv("CHITIEU_CATALOG");
    if (env && *env) return ct_catalog_load(env, err);
    const char *dirs[] = {CT_DATA_SOURCE, CT_DATA_INSTALL};
    char path[4096];
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/catalog.tsv", dirs[i]);
        FILE *fp = fopen(path, "rb");
        if (fp) {
            fclose(fp);
            return ct_catalog_load(path, err);
        }
    }
    ct_error_set(err, CT_ENOENT, -1, 0,
                 "no catalogue found (set CHITIEU_CATALOG or install data/catalog.tsv)");
    return NULL;
}
