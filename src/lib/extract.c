/* extract.c — assembly: sentences in, indicator records out.
 *
 * The extractor is a stream: bytes are validated as they come, cut into
 * sentences (a line break, or . ! ? … before a space), and each sentence
 * is folded (text.c), tokenised (lex.c) and assembled here:
 *
 *  1. classify each figure: a level, a change (tăng/giảm X%), a share of
 *     plan (đạt X% kế hoạch), a share of a whole (chiếm X%), a baseline
 *     (in parentheses after a comparison), a second currency reading, or
 *     nothing (absolute changes, multiples, ratios);
 *  2. give each level an indicator: the catalogue phrase before it in the
 *     sentence, unless one follows it directly ("71.836 Tổ công nghệ số
 *     cộng đồng") or the units disagree; generic measures ("doanh thu")
 *     take the sector in force;
 *  3. give it a period: the last one before it in the sentence, else one
 *     just after it, else the document's reporting period (read from its
 *     first lines), else the month before publication; flows read "tính
 *     đến tháng N" as January..N, stocks as month N;
 *  4. attach changes to the nearest level, with basis and reference period;
 *  5. decide observation or target (a goal cue, or a period that ends after
 *     publication).
 *
 * Document state: the reporting period, the sector in force, the last
 * indicator, and a short queue of records held back so that a later
 * sentence can add a change to them or void them ("kể từ khi khai trương"
 * totals). Memory is bounded: one sentence (at most CT_MAX_SENTENCE bytes),
 * the head of the document (HEAD_BYTES) and the queue. */
#include "chitieu/extract.h"
#include "catalog_int.h"
#include "chitieu/buf.h"
#include "chitieu/text.h"
#include "lex.h"

#include <math.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HEAD_BYTES 2000
#define HEAD_SENTENCES 6
#define QUEUE_MAX 64
#define QUEUE_AGE 12
#define VOIDS_MAX 32

typedef struct pending {
    ct_record rec;
    long sentno;
} pending;

typedef struct head_sent {
    size_t off, len; /* into ex->head */
    long long start; /* document offset */
    int heading;
    int line_start;
} head_sent;

struct ct_extractor {
    const ct_catalog *cat;
    ct_extract_opts opts;
    ct_record_fn fn;
    void *ud;
    ct_buf sent; /* pending text: sent.data[sent_off..sent.len) */
    size_t sent_off;
    long long sent_start, off;
    int line_start; /* the current sentence starts a line */
    int title_zone; /* still in the leading lines without final punctuation */
    char tail[4];
    size_t ntail;
    /* head */
    int head_done;
    ct_buf head;
    head_sent hs[64];
    int nhs;
    /* document state */
    int have_doc;
    ct_period docper;
    int docflags;
    const char *sector;
    const ct_indicator *last_ind;
    ct_period prev_per; /* the period the previous sentence's figures read */
    int prev_pflags, have_prev_per;
    /* the period in force in the current paragraph: a sentence that names
     * none reads the last one named earlier in its line */
    ct_period line_per;
    int line_pflags, have_line_per;
    int sent_line_start; /* the sentence being processed starts a line */
    int line_offperiod; /* the paragraph speaks of a span the grammar has no
                           period for (a holiday): its figures are no
                           observations of a reporting period */
    const ct_indicator *prev_inds[8]; /* the levels of the previous sentence */
    int nprev_inds;
    const char *docarea; /* the document's own area: --area, or the provincial
                            department whose report it is; NULL: national */
    pending queue[QUEUE_MAX];
    int nq;
    struct {
        const ct_indicator *ind;
        double v;
    } voids[VOIDS_MAX];
    int nvoids;
    long sentno;
    int stopped;
    int debug;
    ct_fold fold;
    tk_list toks;
    void *scratch; /* per-sentence work arrays, reused */
    size_t capscratch;
};

const char *ct_approx_name(ct_approx a)
{
    switch (a) {
    case CT_APPROX_ESTIMATE:
        return "estimate";
    case CT_APPROX_ABOUT:
        return "about";
    case CT_APPROX_OVER:
        return "over";
    case CT_APPROX_UNDER:
        return "under";
    default:
        return NULL;
    }
}

const char *ct_basis_name(ct_basis b)
{
    return b == CT_BASIS_PREV ? "prev" : b == CT_BASIS_PLAN ? "plan" : "yoy";
}

ct_extractor *ct_extractor_new(const ct_catalog *cat, const ct_extract_opts *opts, ct_record_fn fn,
                               void *ud)
{
    ct_extractor *ex = calloc(1, sizeof *ex);
    if (!ex) return NULL;
    ex->cat = cat;
    if (opts) ex->opts = *opts;
    ex->fn = fn;
    ex->ud = ud;
    ex->debug = getenv("CHITIEU_DEBUG") != NULL;
    ct_fold_init(&ex->fold);
    ct_extractor_reset(ex);
    return ex;
}

void ct_extractor_free(ct_extractor *ex)
{
    if (!ex) return;
    ct_buf_free(&ex->sent);
    ct_buf_free(&ex->head);
    ct_fold_free(&ex->fold);
    free(ex->toks.v);
    free(ex->scratch);
    free(ex);
}

void ct_extractor_reset(ct_extractor *ex)
{
    ct_buf_reset(&ex->sent);
    ex->sent_off = 0;
    ct_buf_reset(&ex->head);
    ex->sent_start = ex->off = 0;
    ex->line_start = 1;
    ex->title_zone = 1;
    ex->ntail = 0;
    ex->head_done = 0;
    ex->nhs = 0;
    ex->have_doc = 0;
    memset(&ex->docper, 0, sizeof ex->docper);
    ex->docflags = 0;
    ex->sector = NULL;
    ex->last_ind = NULL;
    ex->have_prev_per = 0;
    ex->have_line_per = 0;
    ex->nprev_inds = 0;
    ex->sent_line_start = 1;
    ex->docarea = ex->opts.area && *ex->opts.area ? ex->opts.area : NULL;
    ex->nq = 0;
    ex->nvoids = 0;
    ex->sentno = 0;
    ex->stopped = 0;
}

/* ---- periods ------------------------------------------------------------- */

static int pub_month(const ct_extractor *ex)
{
    return ex->opts.pub_year
               ? CT_MONTH(ex->opts.pub_year, ex->opts.pub_month ? ex->opts.pub_month : 1)
               : 0;
}

/* Give a year to a period written without one. */
static ct_period fix_year(const ct_extractor *ex, ct_period p, int flags)
{
    if (!(flags & PF_NOYEAR)) return p;
    int y =
        ex->have_doc ? CT_YEAR_OF(ex->docper.last) : (ex->opts.pub_year ? ex->opts.pub_year : 2000);
    p.first += y * 12;
    p.last += y * 12;
    int pm = pub_month(ex);
    if (pm && p.last > pm + 1) {
        p.first -= 12;
        p.last -= 12;
    }
    return p;
}

/* The period a figure of `ind` reads from a period token. */
static ct_period apply_period(const ct_extractor *ex, ct_period p, int flags,
                              const ct_indicator *ind)
{
    int stock = ind && ind->measure == CT_STOCK;
    if (flags & PF_YTD_OPEN) {
        int y = CT_YEAR_OF(p.last);
        if (flags & PF_NOYEAR)
            y = ex->opts.pub_year ? ex->opts.pub_year : CT_YEAR_OF(ex->docper.last);
        int end =
            pub_month(ex) ? pub_month(ex) - 1 : (ex->have_doc ? ex->docper.last : CT_MONTH(y, 12));
        if (CT_YEAR_OF(end) != y) end = CT_MONTH(y, 12);
        ct_period r = {CT_MONTH(y, 1), end, 0};
        if (stock) r.first = r.last;
        return r;
    }
    p = fix_year(ex, p, flags);
    if ((flags & PF_UPTO) && !stock) {
        p.first = CT_MONTH(CT_YEAR_OF(p.last), 1);
        p.day = 0;
    }
    if (!stock && p.day && p.first == p.last) p.day = 0; /* a flow on a day: its month */
    return p;
}

static ct_period default_period(const ct_extractor *ex, const ct_indicator *ind)
{
    if (ex->have_doc) return apply_period(ex, ex->docper, ex->docflags & ~PF_NOYEAR, ind);
    int pm = pub_month(ex);
    ct_period p = {pm ? pm - 1 : 0, pm ? pm - 1 : 0, 0};
    return p;
}

/* ---- sentence assembly --------------------------------------------------- */

enum { R_NONE, R_LEVEL, R_CHANGE, R_PLAN, R_SHARE, R_BASELINE, R_ALT, R_DROP, R_PLANVALUE };

typedef struct fig {
    int role;
    int sign; /* changes: +1 / -1 */
    int main; /* baseline/alt/change: token index of its level */
    const ct_indicator *ind;
    int blocked, since, among;
    const char *area; /* gazetteer name, NULL for the whole country */
    int per_explicit; /* the sentence names its period */
    int target;
    int growth;
    ct_period per;
    int has_ref_tok; /* baseline: the comparison token before '(' */
    int ref_tok;
    int nch;
    ct_change ch[CT_MAX_CHANGES]; /* last: only ch[0..nch) is ever set or read */
} fig;

static const ct_indicator BLOCKED_IND = {"-", "-", CT_FLOW, "-", "-", {NULL}};

static int is_cue(const tk *t, int cue)
{
    return t->kind == TK_CUE && t->cue == cue;
}

static int is_punct(const tk *t, char c)
{
    return t->kind == TK_PUNCT && t->ch == c;
}

static int unit_is_count(const char *u)
{
    return u && strcmp(u, "VND") && strcmp(u, "USD") && strcmp(u, "percent") &&
           strcmp(u, "per100") && strcmp(u, "rank") && strcmp(u, "?");
}

/* Can figure k be a value of ind? */
static int compatible(const ct_indicator *ind, const tk *k)
{
    if (!ind || ind == &BLOCKED_IND) return 0;
    const char *iu = ind->unit, *u = k->unit;
    if (strstr(iu, "VND") || strstr(iu, "USD")) {
        if (!u) return k->cur_implied && strstr(iu, "VND") != NULL;
        return strstr(iu, u) != NULL && (!strcmp(u, "VND") || !strcmp(u, "USD"));
    }
    if (!strcmp(iu, "percent") || !strcmp(iu, "per100")) return u && !strcmp(u, iu);
    if (!strcmp(iu, "rank")) return !u || !strcmp(u, "rank");
    /* a count: a bare number ("là 132", "91,32 triệu") or the same noun */
    if (!u) return 1;
    return !strcmp(u, iu);
}

/* The indicator a generic phrase at token g names. */
static const ct_indicator *resolve_generic(const ct_extractor *ex, const tk *toks, int n, int g,
                                           const char **sector_io, int *consumed)
{
    const char *sector = *sector_io;
    for (int j = g + 1; j < n && j <= g + 3; j++) {
        const tk *t = &toks[j];
        if (t->s > toks[g].e + 48) break;
        if (t->kind == TK_PHRASE && t->ph->kind == CT_PH_SECTOR) {
            sector = t->ph->arg;
            if (consumed && j > g + 1) *consumed = j; /* "của doanh nghiệp ... ATTT" */
            break;
        }
        /* "nộp ngân sách của doanh nghiệp hoạt động ATTT": the enterprises
         * or workers a measure is of give their sector */
        if (j == g + 1 && t->kind == TK_PHRASE && t->ph->kind == CT_PH_ALIAS) {
            const ct_indicator *of = ct_catalog_find(ex->cat, t->ph->arg);
            if (of && (!strcmp(of->unit, "enterprises") || !strcmp(of->unit, "persons"))) {
                sector = of->code;
                if (consumed) *consumed = j;
                break;
            }
        }
        if (t->kind != TK_PHRASE && !(t->kind == TK_CUE && t->cue == CUE_FROM)) break;
    }
    *sector_io = sector;
    const ct_indicator *ind = ct__catalog_generic(ex->cat, sector, toks[g].ph->arg);
    return ind ? ind : &BLOCKED_IND;
}

static int sector_eq_prefix(const char *sector, const char *prefix_or_code)
{
    /* sector may be a bare name ("postal") or a code ("postal.revenue") */
    size_t a = strcspn(sector, ".");
    size_t b = strcspn(prefix_or_code, ".");
    return a == b && memcmp(sector, prefix_or_code, a) == 0;
}

/* A count figure whose unit names a measure of the sector in force:
 * "3.600 lao động" in the information-security context. */
static const ct_indicator *by_unit(const ct_extractor *ex, const char *sector, const tk *k)
{
    if (!sector || !unit_is_count(k->unit)) return NULL;
    const ct_indicator *found = NULL;
    for (size_t i = 0; i < ct_catalog_count(ex->cat); i++) {
        const ct_indicator *o = ct_catalog_at(ex->cat, i);
        if (sector_eq_prefix(sector, o->code) && !strcmp(o->unit, k->unit)) {
            if (found) return NULL; /* ambiguous */
            found = o;
        }
    }
    return found;
}

static void emit_or_queue(ct_extractor *ex, const ct_record *r);

static int near_equal(double a, double b)
{
    return fabs(a - b) <= 1e-6 * fmax(fabs(a), fabs(b)) + 1e-9;
}

static void add_void(ct_extractor *ex, const ct_indicator *ind, double v)
{
    for (int i = 0; i < ex->nq;) {
        if (ex->queue[i].rec.ind == ind && ex->queue[i].rec.type == CT_REC_OBSERVATION &&
            near_equal(ct_decimal_value(ex->queue[i].rec.value), v)) {
            memmove(&ex->queue[i], &ex->queue[i + 1],
                    (size_t)(ex->nq - i - 1) * sizeof ex->queue[0]);
            ex->nq--;
        } else {
            i++;
        }
    }
    if (ex->nvoids < VOIDS_MAX) {
        ex->voids[ex->nvoids].ind = ind;
        ex->voids[ex->nvoids].v = v;
        ex->nvoids++;
    }
}

/* The period token a figure at k reads, or -1. */
static int period_for(const tk *toks, int n, int k, const fig *figs)
{
    int best = -1, crossed = 0;
    for (int j = k - 1; j >= 0; j--) {
        const tk *t = &toks[j];
        if (is_punct(t, ';') && t->depth == 0) crossed = 1;
        if (t->kind == TK_PERIOD && !(t->pflags & (PF_CMP | PF_PLAN))) {
            /* skip a period inside a parenthesis that holds another figure,
             * a meeting date ("ngày 11/3"), a goal's period in an earlier
             * clause */
            int skip =
                (t->per.day && !(t->pflags & PF_UPTO)) || (crossed && (t->pflags & PF_TARGET));
            if (t->depth > 0) {
                for (int q = j + 1; q < k && toks[q].depth >= t->depth; q++)
                    if (toks[q].kind == TK_NUM && figs[q].role == R_LEVEL) skip = 1;
                for (int q = j - 1; q >= 0 && toks[q].depth >= t->depth && !is_punct(&toks[q], '(');
                     q--)
                    if (toks[q].kind == TK_NUM && figs[q].role == R_LEVEL) skip = 1;
            }
            if (j > 0 && is_cue(&toks[j - 1], CUE_FROM)) skip = 1;
            if (!skip) {
                best = j;
                break;
            }
        }
    }
    /* a period written just after the figure, in its clause: "đạt 69,43% vào
     * tháng 3-2022", "(tính đến 20-3-2022)"; a parenthesised one overrides */
    for (int j = k + 1; j < n; j++) {
        const tk *t = &toks[j];
        if (t->kind == TK_NUM && figs[j].role == R_LEVEL) break;
        if (t->kind == TK_PUNCT && (t->ch == ';' || (t->ch == ',' && t->depth == 0))) break;
        if (t->kind == TK_CUE &&
            (t->cue == CUE_UP || t->cue == CUE_DOWN || t->cue == CUE_SOVOI || t->cue == CUE_CUNGKY))
            break;
        if (t->kind == TK_PERIOD && !(t->pflags & (PF_CMP | PF_PLAN))) {
            if (best < 0 || (t->depth > toks[k].depth && j == k + 2 && is_punct(&toks[k + 1], '(')))
                return j;
            break;
        }
    }
    return best;
}

/* Reference period of a comparison token cmp for a figure of period P. */
static ct_period ref_period(const ct_extractor *ex, const tk *toks, int cmp, ct_period P,
                            const ct_indicator *ind)
{
    const tk *t = &toks[cmp];
    if (t->kind == TK_PERIOD) {
        ct_period q = fix_year(ex, t->per, t->pflags);
        int is_year = CT_MON_OF(q.first) == 1 && CT_MON_OF(q.last) == 12 &&
                      CT_YEAR_OF(q.first) == CT_YEAR_OF(q.last);
        int p_is_year = CT_MON_OF(P.first) == 1 && CT_MON_OF(P.last) == 12 && P.first != P.last;
        /* a year against a shorter period means its same months */
        if (is_year && !p_is_year)
            return ct_period_shift(P, 12 * (CT_YEAR_OF(q.last) - CT_YEAR_OF(P.last)));
        return apply_period(ex, q, t->pflags & ~PF_NOYEAR, ind);
    }
    if (is_cue(t, CUE_PREV)) {
        int len = ct_period_len(&P);
        if (len > 3 && len != 6) len = 1; /* year to date: against last month */
        return ct_period_shift(P, -len);
    }
    return ct_period_shift(P, -12);
}

static int nfigs_sentence(const tk *toks, const fig *figs, int n)
{
    int c = 0;
    for (int k = 0; k < n; k++)
        if (toks[k].kind == TK_NUM && figs[k].role == R_LEVEL && figs[k].ind) c++;
    return c;
}

/* A sentence without digits: only the sector and indicator in force can
 * change (the last catalogue phrase of the sentence decides). */
static void skim_context(ct_extractor *ex, const char *raw, size_t rawlen)
{
    ct_fold *fo = &ex->fold;
    fo->nomap = 1; /* no spans come out of a skim */
    int rc = ct_fold_text(fo, raw, rawlen);
    fo->nomap = 0;
    if (rc != CT_OK) return;
    const char *t = fo->text;
    size_t n = fo->len;
    for (size_t i = 0; i < n;) {
        if (i > 0 && t[i - 1] != ' ' && t[i - 1] != ',' && t[i - 1] != '(' && t[i - 1] != ':') {
            i++;
            continue;
        }
        const ct__phrase *ph = NULL;
        size_t m = ct__catalog_match(ex->cat, t, n, i, &ph);
        if (m && ph) {
            if (ph->kind == CT_PH_SECTOR)
                ex->sector = ph->arg;
            else if (ph->kind == CT_PH_ALIAS) {
                const ct_indicator *ind = ct_catalog_find(ex->cat, ph->arg);
                if (ind) ex->sector = ind->code;
                if (ind) ex->last_ind = ind; /* "Tỷ lệ hồ sơ ... là một chỉ số quan trọng." */
            }
            i += m;
        } else {
            i++;
        }
    }
}

/* CHITIEU_DEBUG=1 prints each sentence's tokens on stderr (a grammar
 * developer's aid; never on in normal runs). */
static void dump_tokens(const char *text, const tk *toks, int n)
{
    static const char *kinds[] = {"NUM", "PER", "PHR", "CUE", "PUN"};
    fprintf(stderr, "## %s\n", text);
    for (int k = 0; k < n; k++) {
        const tk *t = &toks[k];
        char per[40] = "";
        if (t->kind == TK_PERIOD) ct_period_format(&t->per, per, sizeof per);
        fprintf(stderr, "  %d %s d%d [%.*s] unit=%s cue=%d pf=%d %s ph=%s\n", k, kinds[t->kind],
                t->depth, (int)(t->e - t->s), text + t->s, t->unit ? t->unit : "-", t->cue,
                t->pflags, per, t->kind == TK_PHRASE ? t->ph->arg : "");
    }
}

static void record_from(ct_extractor *ex, ct_record *r, const tk *k, const fig *f, long long ss,
                        long long se, const ct_fold *fo)
{
    memset(r, 0, sizeof *r);
    r->ind = f->ind;
    if (f->area) snprintf(r->area, sizeof r->area, "%s", f->area);
    r->period = f->per;
    r->span[0] = ss;
    r->span[1] = se;
    r->value_span[0] = ss + fo->map[k->s];
    r->value_span[1] = ss + fo->map[k->e];
    if (r->value_span[1] > se) r->value_span[1] = se; /* the figure ends the sentence */
    const char *iu = f->ind->unit;
    if (strstr(iu, "VND") || strstr(iu, "USD"))
        r->unit = k->unit ? k->unit : "VND";
    else
        r->unit = iu;
    (void)ex;
}

/* Whether s[0..n) holds an ASCII digit, eight bytes at a time: per byte,
 * with the top bit cleared (no carries), +0x50 sets it from '0' up and
 * +0x46 from ':' up; bytes >= 0x80 are left out. */
static int has_digit(const char *s, size_t n)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL, hi = 0x8080808080808080ULL;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t t = x & lo7;
        uint64_t ge0 = t + 0x5050505050505050ULL, gtnine = t + 0x4646464646464646ULL;
        if (ge0 & ~gtnine & ~x & hi) return 1;
    }
    for (; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9') return 1;
    return 0;
}

static int has_level_phrase(const tk *toks, int n)
{
    for (int k = 0; k < n; k++)
        if (toks[k].kind == TK_PHRASE &&
            (toks[k].ph->kind == CT_PH_ALIAS || toks[k].ph->kind == CT_PH_GENERIC))
            return 1;
    return 0;
}

static int is_part_of(const ct_indicator *part, const ct_indicator *whole)
{
    if (!part || !whole) return 0;
    for (int i = 0; i < 8 && whole->parts[i]; i++)
        if (!strcmp(whole->parts[i], part->code)) return 1;
    return 0;
}

/* "6.641 cuộc tấn công: 1.696 phishing, 859 deface, 4.086 malware, giảm
 * 2,54% so với ...": a change after a list of two or more parts, past a
 * comma, is the whole's. Returns the level the change at c belongs to,
 * given the nearest one before it (t). */
static int whole_of_list(const tk *toks, const fig *figs, int t, int c)
{
    if (t >= c || !figs[t].ind) return t;
    int comma = 0;
    for (int j = t + 1; j < c; j++)
        if (is_punct(&toks[j], ',') && toks[j].depth == 0) comma = 1;
    if (!comma) return t;
    int parts = 1;
    for (int w = t - 1; w >= 0; w--) {
        if (toks[w].kind != TK_NUM || figs[w].role != R_LEVEL || !figs[w].ind) continue;
        if (is_part_of(figs[t].ind, figs[w].ind)) return parts >= 2 ? w : t;
        if (!is_part_of(figs[w].ind, NULL) && figs[w].ind != figs[t].ind) {
            /* another part of the same list, or the list ends here */
            int sibling = 0;
            for (int u = w - 1; u >= 0 && !sibling; u--)
                if (toks[u].kind == TK_NUM && figs[u].role == R_LEVEL && figs[u].ind &&
                    is_part_of(figs[w].ind, figs[u].ind) && is_part_of(figs[t].ind, figs[u].ind))
                    sibling = 1;
            if (!sibling) return t;
            parts++;
        }
    }
    return t;
}

/* "712 địa chỉ IP ..., trong đó có 160 địa chỉ IP của cơ quan nhà nước
 * (13 ..., 147 ...)": after "trong đó", a figure the catalogue reads as
 * the same indicator as the whole before it is a breakdown the catalogue
 * lacks, not another figure of the whole; a part the catalogue has
 * (phishing of attacks, smartphones of subscribers) has its own code and
 * stays. A sentence that opens with "Trong đó" breaks down the previous
 * sentence's figures. Also remembers this sentence's levels for the next. */
static void drop_breakdowns(ct_extractor *ex, const tk *toks, int n, fig *figs)
{
    const ct_indicator *whole[16];
    int nw = 0, o = -1;
    for (int k = 0; k < n && o < 0; k++) {
        if (is_cue(&toks[k], CUE_OFWHICH) && toks[k].depth == 0) o = k;
        else if (toks[k].kind == TK_NUM && figs[k].role == R_LEVEL && figs[k].ind && nw < 16)
            whole[nw++] = figs[k].ind;
    }
    if (o >= 0 && nw == 0)
        for (int i = 0; i < ex->nprev_inds && nw < 16; i++)
            whole[nw++] = ex->prev_inds[i];
    if (o >= 0)
        for (int k = o + 1; k < n; k++) {
            if (toks[k].kind != TK_NUM || !figs[k].ind) continue;
            for (int i = 0; i < nw; i++)
                if (figs[k].ind == whole[i]) {
                    figs[k].ind = NULL;
                    figs[k].role = R_DROP;
                    break;
                }
        }
    int np = 0;
    for (int k = 0; k < n; k++)
        if (toks[k].kind == TK_NUM && figs[k].role == R_LEVEL && figs[k].ind && np < 8)
            ex->prev_inds[np++] = figs[k].ind;
    if (np || has_level_phrase(toks, n)) ex->nprev_inds = np;
}

/* A marker in area_at: the clause names several areas and no figure of
 * its own for each, so its figure belongs to none of them alone. */
static const char AREA_SEVERAL[] = "";

static int is_area(const tk *t)
{
    return t->kind == TK_PHRASE && t->ph->kind == CT_PH_AREA;
}

/* Areas. A figure belongs to
 *  - the area right before its parenthesis: "Đà Nẵng (58,89%)";
 *  - else the last area named before it in the sentence ("Hà Nam đã xử lý
 *    ... 68,54%", "Số thuê bao tại Hà Nội đạt 1,3 triệu"), unless "cả
 *    nước" / "toàn quốc" comes between; two areas in one clause with no
 *    figure of their own share one figure: it is neither's (AREA_SEVERAL);
 *  - else the document's area (a provincial department's report), unless
 *    the sentence says "cả nước".
 * *anaphor: the sentence refers back to the rate in force ("tỷ lệ này"). */
static void assign_areas(ct_extractor *ex, const tk *toks, int n, const fig *figs,
                         const char **area_at, int *anaphor)
{
    const char *fotext = ex->fold.text;
    int national = 0;
    for (int k = 0; k < n; k++)
        if (toks[k].kind == TK_CUE && toks[k].cue == CUE_NATIONAL) national = 1;
    const char *in_force = national ? NULL : ex->docarea;
    const char *last = NULL;
    int clause_areas = 0, last_has_fig = 0;
    for (int k = 0; k < n; k++) {
        const tk *t = &toks[k];
        if (t->kind == TK_CUE && t->cue == CUE_ANAPHOR) *anaphor = 1;
        if (t->kind == TK_CUE && t->cue == CUE_NATIONAL) {
            last = NULL;
            in_force = NULL;
            clause_areas = 0;
        }
        if (is_area(t)) {
            if (!last || strcmp(last, t->ph->arg)) clause_areas++;
            last = t->ph->arg;
            last_has_fig = 0;
            continue;
        }
        if (t->kind == TK_PUNCT && t->depth == 0 && (t->ch == ';' || t->ch == ':')) clause_areas = 0;
        if (t->kind == TK_PUNCT && t->ch == ',' && t->depth == 0 && last_has_fig) clause_areas = 0;
        if (t->kind != TK_NUM) continue;
        if (k >= 2 && is_punct(&toks[k - 1], '(') && is_area(&toks[k - 2])) {
            area_at[k] = toks[k - 2].ph->arg;
            last_has_fig = 1;
            clause_areas = 0;
            continue;
        }
        if (last) {
            area_at[k] = clause_areas >= 2 && !last_has_fig ? AREA_SEVERAL : last;
            if (figs[k].role == R_LEVEL) last_has_fig = 1;
        } else {
            area_at[k] = in_force;
        }
    }
    (void)fotext;
}

static void process_tokens(ct_extractor *ex, const char *raw, size_t rawlen, long long start)
{
    ct_fold *fo = &ex->fold;
    /* no digit, no figure: such a sentence can still name a sector
     * ("Về lĩnh vực viễn thông:"), which a digit-free scan of the
     * catalogue phrases would find; the full grammar is not needed */
    int digit = has_digit(raw, rawlen);
    if (!digit) {
        skim_context(ex, raw, rawlen);
        return;
    }
    if (ct_fold_text(fo, raw, rawlen) != CT_OK) return;
    if (ct__lex(ex->cat, fo->text, fo->len, &ex->toks) != CT_OK) return;
    tk *toks = ex->toks.v;
    int n = (int)ex->toks.n;
    if (n == 0) return;
    if (ex->debug) dump_tokens(fo->text, toks, n);
    /* figs and cur_at live in one reused, zeroed block */
    size_t need = (size_t)n * (sizeof(fig) + sizeof(const ct_indicator *) + sizeof(const char *));
    if (need > ex->capscratch) {
        void *p = realloc(ex->scratch, need);
        if (!p) return;
        ex->scratch = p;
        ex->capscratch = need;
    }
    fig *figs = ex->scratch;
    for (int k = 0; k < n; k++)
        memset(&figs[k], 0, offsetof(fig, ch));
    memset(figs + n, 0, (size_t)n * (sizeof(const ct_indicator *) + sizeof(const char *)));
    long long ss = start, se = start + (long long)rawlen;
    while (se > ss &&
           (raw[se - ss - 1] == '\n' || raw[se - ss - 1] == '\r' || raw[se - ss - 1] == ' '))
        se--;

    /* 1. classify figures */
    for (int k = 0; k < n; k++) {
        tk *t = &toks[k];
        if (t->kind != TK_NUM) continue;
        fig *f = &figs[k];
        f->main = -1;
        if (t->drop) {
            f->role = R_DROP;
            continue;
        }
        int p = k - 1;
        while (p >= 0 && is_punct(&toks[p], '('))
            p--;
        const tk *pt = p >= 0 ? &toks[p] : NULL;
        const tk *nt = k + 1 < n ? &toks[k + 1] : NULL;
        int pct = t->unit && !strcmp(t->unit, "percent");
        /* a signed percentage in a table row ("22 triệu  -15,4%"): a change */
        if (pct && k > 0 && (is_punct(&toks[k - 1], '-') || is_punct(&toks[k - 1], '+')) &&
            toks[k - 1].e == t->s && !(k > 1 && toks[k - 2].e == toks[k - 1].s)) {
            f->role = R_CHANGE;
            f->sign = is_punct(&toks[k - 1], '-') ? -1 : 1;
            continue;
        }
        if (pt && (is_cue(pt, CUE_UP) || is_cue(pt, CUE_DOWN))) {
            f->role = pct ? R_CHANGE : R_DROP;
            f->sign = is_cue(pt, CUE_DOWN) ? -1 : 1;
            /* "giảm" after "tăng" in one phrase: the last verb decides */
            continue;
        }
        /* "tăng 4,1 triệu thuê bao (4,25%)": the absolute change again, in percent */
        if (pct && p == k - 2 && p >= 1 && pt->kind == TK_NUM && figs[p].role == R_DROP &&
            figs[p].sign) {
            f->role = R_CHANGE;
            f->sign = figs[p].sign;
            continue;
        }
        if (pt && (is_cue(pt, CUE_ABS) || is_cue(pt, CUE_TIMES) || is_cue(pt, CUE_TO))) {
            f->role = R_DROP;
            continue;
        }
        if (pt && is_cue(pt, CUE_FROM) && p > 0 &&
            (is_cue(&toks[p - 1], CUE_UP) || is_cue(&toks[p - 1], CUE_DOWN))) {
            f->role = R_DROP;
            continue;
        }
        if (pt && is_cue(pt, CUE_SHARE)) {
            f->role = pct ? R_SHARE : R_DROP;
            continue;
        }
        int after = k + 1; /* "so với so với kế hoạch": a doubled cue */
        while (after < n && is_cue(&toks[after], CUE_SOVOI))
            after++;
        if (pct && nt &&
            (is_cue(nt, CUE_PLAN) ||
             (after > k + 1 && after < n &&
              (is_cue(&toks[after], CUE_GOAL) || is_cue(&toks[after], CUE_PLAN))))) {
            f->role = R_PLAN;
            continue;
        }
        f->role = R_LEVEL;
    }
    /* 2a. "đạt X so với Y năm A": a level right after "so với" is the base
     * of the comparison, of the period written after it */
    for (int k = 1; k < n; k++) {
        tk *t = &toks[k];
        if (t->kind != TK_NUM || figs[k].role != R_LEVEL || !is_cue(&toks[k - 1], CUE_SOVOI))
            continue;
        int rt = -1;
        for (int j = k + 1; j < n && j <= k + 2; j++)
            if (toks[j].kind == TK_PERIOD || is_cue(&toks[j], CUE_CUNGKY) ||
                is_cue(&toks[j], CUE_LASTYEAR) || is_cue(&toks[j], CUE_PREV)) {
                rt = j;
                break;
            }
        int mainfig = -1;
        for (int j = k - 2; j >= 0; j--) {
            if (is_punct(&toks[j], ';') && toks[j].depth == 0) break;
            if (toks[j].kind == TK_NUM && figs[j].role == R_LEVEL) {
                mainfig = j;
                break;
            }
        }
        if (rt < 0 || mainfig < 0) continue;
        const char *mu = toks[mainfig].unit;
        if (!(!t->unit || (mu && !strcmp(t->unit, mu)) || (t->cur_implied && (!mu || !strcmp(mu, "VND")))))
            continue;
        figs[k].role = R_BASELINE;
        figs[k].main = mainfig;
        figs[k].ref_tok = rt;
        figs[k].has_ref_tok = 1;
    }
    /* 2. parenthesised figures: baselines, second currencies, plan values */
    for (int k = 0; k < n; k++) {
        tk *t = &toks[k];
        if (t->kind != TK_NUM || figs[k].role != R_LEVEL || t->depth == 0) continue;
        if (k == 0 || !is_punct(&toks[k - 1], '(')) continue;
        int o = k - 1;
        if (o == 0) continue;
        const tk *bt = &toks[o - 1];
        int cmp = (bt->kind == TK_PERIOD && (bt->pflags & PF_CMP)) || is_cue(bt, CUE_CUNGKY) ||
                  is_cue(bt, CUE_LASTYEAR) || is_cue(bt, CUE_PREV);
        /* nearest level before the parenthesis */
        int mainfig = -1;
        for (int j = o - 1; j >= 0; j--)
            if (toks[j].kind == TK_NUM && figs[j].role == R_LEVEL && toks[j].depth < t->depth) {
                mainfig = j;
                break;
            }
        const char *mu = mainfig >= 0 ? toks[mainfig].unit : NULL;
        int unit_ok =
            !t->unit || (mu && !strcmp(t->unit, mu)) ||
            (mainfig >= 0 && !mu && !toks[mainfig].cur_implied && unit_is_count(t->unit)) ||
            (t->cur_implied && (!mu || !strcmp(mu, "VND")));
        if (cmp && mainfig >= 0 && unit_ok) {
            figs[k].role = R_BASELINE;
            figs[k].main = mainfig;
            figs[k].ref_tok = o - 1;
            figs[k].has_ref_tok = 1;
            continue;
        }
        if (bt->kind == TK_NUM && o - 1 == mainfig && bt->unit && t->unit &&
            (!strcmp(bt->unit, "VND") || !strcmp(bt->unit, "USD") || bt->cur_implied) &&
            (!strcmp(t->unit, "VND") || !strcmp(t->unit, "USD")) && strcmp(bt->unit, t->unit)) {
            figs[k].role = R_ALT;
            figs[k].main = mainfig;
            continue;
        }
        if (bt->kind == TK_NUM && o - 1 == mainfig && !bt->unit && bt->cur_implied && t->unit &&
            !strcmp(t->unit, "USD")) {
            figs[k].role = R_ALT;
            figs[k].main = mainfig;
            continue;
        }
        /* (đạt X% kế hoạch năm Y (V)) */
        if ((bt->kind == TK_PERIOD && o >= 2 && is_cue(&toks[o - 2], CUE_PLAN)) ||
            is_cue(bt, CUE_PLAN)) {
            figs[k].role = R_PLANVALUE;
            figs[k].ref_tok = bt->kind == TK_PERIOD ? o - 1 : -1;
            continue;
        }
    }
    /* out of scope: from the clause of a blocker to the end of its part of
     * the sentence (the next ';' outside parentheses); "since" totals to
     * the end. An average ("trung bình", "bình quân") blocks counts and
     * amounts only: a per-100 ratio, a rate or a speed is an average by
     * its nature ("đạt trung bình 91,9 trên 100 dân"). */
    int since_from = n;
    for (int k = 0; k < n; k++) {
        if (toks[k].kind != TK_PHRASE || toks[k].ph->kind != CT_PH_BLOCKER) continue;
        int c = k;
        while (c > 0 &&
               !(toks[c - 1].kind == TK_PUNCT && (toks[c - 1].ch == ',' || toks[c - 1].ch == ';' ||
                                                  toks[c - 1].ch == ':' || toks[c - 1].ch == '(')))
            c--;
        if (!strcmp(toks[k].ph->arg, "since")) {
            if (c < since_from) since_from = c;
            continue;
        }
        int clause = !strcmp(toks[k].ph->arg, "clause");
        if (!strcmp(toks[k].ph->arg, "period")) ex->line_offperiod = 1;
        int e = k + 1;
        while (e < n && !(toks[e].kind == TK_PUNCT && toks[e].depth == 0 &&
                          (toks[e].ch == ';' || (clause && toks[e].ch == ','))))
            e++;
        int avg = !strcmp(toks[k].ph->arg, "avg");
        for (int q = c; q < e; q++) {
            const tk *u = &toks[q];
            if (u->kind != TK_NUM) continue;
            if (avg && u->unit &&
                (!strcmp(u->unit, "per100") || !strcmp(u->unit, "Mbps") ||
                 (!strcmp(u->unit, "percent") && figs[q].role == R_LEVEL)))
                continue;
            figs[q].blocked = 1;
        }
    }
    int growth_at = n, estimate = 0, has_goal = 0;
    for (int k = 0; k < n; k++) {
        if (is_cue(&toks[k], CUE_GOAL) || is_cue(&toks[k], CUE_FUTURE)) has_goal = 1;
        if (is_cue(&toks[k], CUE_GROWTHRATE) && growth_at == n) growth_at = k;
        if (is_cue(&toks[k], CUE_ESTIMATE)) estimate = 1;
    }

    /* 3a. areas: which area each figure belongs to (see assign_areas) */
    const char **area_at = (const char **)(void *)((const ct_indicator **)(void *)(figs + n) + n);
    int anaphor = 0;
    assign_areas(ex, toks, n, figs, area_at, &anaphor);

    /* 3. indicators */
    const ct_indicator *cur = NULL, *cur_outer = NULL;
    const ct_indicator **cur_at = (const ct_indicator **)(void *)(figs + n);
    int cur_among = 0, any_phrase = 0, skip_to = -1;
    const char *sector = ex->sector;
    for (int k = 0; k < n; k++) {
        tk *t = &toks[k];
        cur_at[k] = cur;
        /* what a parenthesis names stays inside it */
        if (is_punct(t, '(') && t->depth == 1) cur_outer = cur;
        if (is_punct(t, ')') && t->depth == 0) cur = cur_outer;
        if (t->kind == TK_PHRASE && k <= skip_to) continue; /* a measure's complement */
        if (t->kind == TK_PHRASE) {
            const ct__phrase *ph = t->ph;
            const ct_indicator *pa =
                ph->kind == CT_PH_ALIAS ? ct_catalog_find(ex->cat, ph->arg) : NULL;
            if (pa && t->e < fo->len && fo->text[t->e] == '/' && strcmp(pa->unit, "percent")) {
                cur = &BLOCKED_IND; /* "doanh nghiệp công nghệ số/1.000 dân": a ratio */
                any_phrase = 1;
            } else if (ph->kind == CT_PH_ALIAS) {
                cur = ct_catalog_find(ex->cat, ph->arg);
                cur_among = k > 0 && is_cue(&toks[k - 1], CUE_AMONG);
                /* the code stands for its sector ("postal.revenue" → postal) */
                sector = cur->code;
                any_phrase = 1;
            } else if (ph->kind == CT_PH_GENERIC) {
                const char *s2 = sector;
                cur = resolve_generic(ex, toks, n, k, &s2, &skip_to);
                sector = s2;
                cur_among = k > 0 && is_cue(&toks[k - 1], CUE_AMONG);
                any_phrase = 1;
            } else if (ph->kind == CT_PH_SECTOR) {
                sector = ph->arg;
            } else if (ph->kind == CT_PH_VARIANT) {
                /* "-": a subset the catalogue lacks ("chuyển mạng giữ số") */
                const ct_indicator *to = strcmp(ph->arg2, "-") ? ct_catalog_find(ex->cat, ph->arg2)
                                                                : &BLOCKED_IND;
                if (cur && !strcmp(cur->code, ph->arg)) cur = to;
                for (int j = k - 1; j >= 0 && j >= k - 2; j--)
                    if (toks[j].kind == TK_NUM && figs[j].ind &&
                        !strcmp(figs[j].ind->code, ph->arg))
                        figs[j].ind = to == &BLOCKED_IND ? NULL : to;
            }
            continue;
        }
        if (t->kind != TK_NUM) continue;
        fig *f = &figs[k];
        if (f->role != R_LEVEL && f->role != R_SHARE && f->role != R_PLANVALUE) continue;
        const ct_indicator *ind = NULL;
        int from_cur = 0;
        /* a phrase right after the figure names it */
        if (k + 1 < n && toks[k + 1].kind == TK_PHRASE && toks[k + 1].s <= t->e + 2 &&
            f->role != R_SHARE) {
            const ct__phrase *ph = toks[k + 1].ph;
            const ct_indicator *after = NULL;
            const char *s2 = sector;
            if (ph->kind == CT_PH_ALIAS)
                after = ct_catalog_find(ex->cat, ph->arg);
            else if (ph->kind == CT_PH_GENERIC)
                after = resolve_generic(ex, toks, n, k + 1, &s2, NULL);
            int rate = after && (!strcmp(after->unit, "percent") || !strcmp(after->unit, "per100"));
            if (after && (compatible(after, t) ||
                          (!rate && ((t->unit && !strcmp(t->unit, "?")) || (!t->unit && !t->cur_implied)))))
                ind = after;
        }
        if (!ind && f->role == R_SHARE) {
            if (cur && !strcmp(cur->unit, "percent"))
                ind = cur;
            else
                ind = ct__catalog_sibling(ex->cat, cur, "percent");
            from_cur = 1;
        }
        if (!ind && k > growth_at && cur && cur != &BLOCKED_IND && t->unit &&
            !strcmp(t->unit, "percent") && strcmp(cur->unit, "percent"))
            ind = cur; /* "tốc độ tăng trưởng doanh thu ...: 20-30%" */
        if (!ind && f->role != R_SHARE && cur) {
            if (compatible(cur, t))
                ind = cur, from_cur = 1;
            else if (t->unit && ct__catalog_sibling(ex->cat, cur, t->unit))
                ind = ct__catalog_sibling(ex->cat, cur, t->unit), from_cur = 1;
        }
        if (!ind && f->role != R_SHARE && cur && cur != &BLOCKED_IND && sector)
            ind = by_unit(ex, sector, t);
        if (!ind && f->role != R_SHARE) {
            /* the next phrase in the clause, past a restatement of the
             * figure in another unit (", tương đương 1,488 triệu hồ sơ ...") */
            for (int j = k + 1; j < n; j++) {
                const tk *u = &toks[j];
                if (u->kind == TK_NUM && figs[j].role == R_LEVEL &&
                    !(j > 0 && is_cue(&toks[j - 1], CUE_EQUIV)))
                    break;
                if (u->kind == TK_PUNCT && (u->ch == ';' || u->ch == ':')) break;
                if (u->kind == TK_PHRASE && u->ph->kind == CT_PH_ALIAS) {
                    const ct_indicator *a = ct_catalog_find(ex->cat, u->ph->arg);
                    if (compatible(a, t)) ind = a;
                    break;
                }
            }
        }
        if (!ind && !any_phrase && ex->last_ind && f->role == R_LEVEL && t->unit &&
            unit_is_count(t->unit) && !strcmp(t->unit, ex->last_ind->unit))
            ind = ex->last_ind;
        if (!ind && !any_phrase && ex->last_ind && f->role == R_LEVEL && t->unit &&
            (has_goal || anaphor || area_at[k]) &&
            (!strcmp(t->unit, "per100") || !strcmp(t->unit, "percent")))
            ind = !strcmp(ex->last_ind->unit, t->unit)
                      ? ex->last_ind
                      : ct__catalog_sibling(ex->cat, ex->last_ind, t->unit);
        if (ind == &BLOCKED_IND) ind = NULL;
        if (ind && from_cur && cur_among) ind = NULL;
        f->ind = ind;
        f->area = area_at[k] == AREA_SEVERAL ? NULL : area_at[k];
        if (area_at[k] == AREA_SEVERAL) f->ind = NULL; /* "Hà Nội và TP HCM ... dưới 10%" */
        f->since = k >= since_from;
    }
    drop_breakdowns(ex, toks, n, figs);
    if (cur && cur != &BLOCKED_IND)
        ex->last_ind = cur;
    else if (any_phrase)
        ex->last_ind = NULL;
    ex->sector = sector;

    /* 4. periods and targets of levels */
    int of_which =
        fo->len >= strlen("trong đó") && !memcmp(fo->text, "trong đó", strlen("trong đó"));
    ct_period sent_per = {0, 0, 0};
    int sent_pflags = 0, have_sent_per = 0;
    for (int k = 0; k < n; k++) {
        fig *f = &figs[k];
        if (toks[k].kind != TK_NUM || !f->ind) continue;
        if (f->role != R_LEVEL && f->role != R_SHARE && f->role != R_PLANVALUE) continue;
        int pj =
            f->role == R_PLANVALUE && f->ref_tok >= 0 ? f->ref_tok : period_for(toks, n, k, figs);
        f->per_explicit = pj >= 0;
        if (pj >= 0) {
            f->per = apply_period(ex, toks[pj].per, toks[pj].pflags, f->ind);
        } else if (of_which && ex->have_prev_per) {
            /* "Trong đó, ..." : a part of the previous sentence's figure */
            f->per = apply_period(ex, ex->prev_per, ex->prev_pflags, f->ind);
        } else if (ex->have_line_per) {
            /* a later sentence of the paragraph: the period it set */
            f->per = apply_period(ex, ex->line_per, ex->line_pflags, f->ind);
        } else {
            f->per = default_period(ex, f->ind);
        }
        int pm = pub_month(ex);
        int in_goal = 0;
        for (int j = k - 1; j >= 0; j--) {
            if (is_punct(&toks[j], ';') && toks[j].depth == 0) break;
            if (is_cue(&toks[j], CUE_GOAL) && !(j > 0 && is_cue(&toks[j - 1], CUE_SOVOI)))
                in_goal = 1;
            if (is_cue(&toks[j], CUE_FUTURE)) in_goal = 1;
        }
        f->target = in_goal || f->role == R_PLANVALUE ||
                    (pj >= 0 && (toks[pj].pflags & PF_TARGET)) ||
                    (pm && ct_period_is_set(&f->per) && f->per.last > pm + 1);
        if (k > growth_at && toks[k].unit && !strcmp(toks[k].unit, "percent") &&
            strcmp(f->ind->unit, "percent")) {
            f->growth = 1;
            f->target = 1;
        }
        /* the period an observation names is in force for the sentences
         * after it in the paragraph; a goal's is not */
        if (pj >= 0 && f->role == R_LEVEL && !f->target) {
            sent_per = toks[pj].per;
            sent_pflags = toks[pj].pflags;
            have_sent_per = 1;
        }
        if (f->role == R_PLANVALUE && f->ref_tok < 0) {
            /* "kế hoạch năm (4.171.172 tỷ đồng)": the year's plan */
            int y = ct_period_is_set(&f->per) ? CT_YEAR_OF(f->per.last) : pm ? CT_YEAR_OF(pm) : 0;
            if (y) f->per = (ct_period){CT_MONTH(y, 1), CT_MONTH(y, 12), 0};
        }
    }

    if (have_sent_per) {
        ex->prev_per = sent_per;
        ex->prev_pflags = sent_pflags;
        ex->have_prev_per = 1;
        ex->line_per = sent_per;
        ex->line_pflags = sent_pflags & ~PF_NOYEAR;
        if (sent_pflags & PF_NOYEAR) ex->line_per = fix_year(ex, sent_per, sent_pflags);
        ex->have_line_per = 1;
    } else if (nfigs_sentence(toks, figs, n) && !of_which) {
        ex->have_prev_per = 0;
    }

    /* 5. changes */
    int nlevels = 0;
    for (int k = 0; k < n; k++)
        if (toks[k].kind == TK_NUM && figs[k].role == R_LEVEL && figs[k].ind && !figs[k].target)
            nlevels++;
    for (int c = 0; c < n; c++) {
        fig *cf = &figs[c];
        if (toks[c].kind != TK_NUM || (cf->role != R_CHANGE && cf->role != R_PLAN)) continue;
        if (cf->blocked) continue;
        /* the level it belongs to */
        int target = -1;
        for (int j = c - 1; j >= 0; j--) {
            if (is_punct(&toks[j], ';') && toks[j].depth == 0) break;
            if (toks[j].kind == TK_NUM && figs[j].role == R_LEVEL && figs[j].ind &&
                !figs[j].target && toks[j].depth <= toks[c].depth) {
                target = j;
                break;
            }
        }
        if (target < 0)
            for (int j = c + 1; j < n; j++) {
                if (is_punct(&toks[j], ';') && toks[j].depth == 0) break;
                if (toks[j].kind == TK_NUM && figs[j].role == R_LEVEL && figs[j].ind &&
                    !figs[j].target) {
                    target = j;
                    break;
                }
            }
        if (target >= 0) target = whole_of_list(toks, figs, target, c);
        ct_change ch;
        memset(&ch, 0, sizeof ch);
        ch.pct = toks[c].v;
        if (cf->role == R_PLAN) {
            ch.basis = CT_BASIS_PLAN;
            for (int j = c + 1; j < n && j <= c + 4; j++)
                if (toks[j].kind == TK_PERIOD) {
                    ch.ref = fix_year(ex, toks[j].per, toks[j].pflags);
                    break;
                }
        } else {
            if (cf->sign < 0) ch.pct.mant = -ch.pct.mant;
            ch.basis = CT_BASIS_YOY;
        }
        /* the comparison that follows */
        int cmp_tok = -1, cungky = 0, prev = 0;
        if (cf->role == R_CHANGE) {
            for (int j = c + 1; j < n; j++) {
                const tk *u = &toks[j];
                if (u->kind == TK_NUM) break;
                if (u->kind == TK_PUNCT &&
                    (u->ch == ';' || u->ch == '(' || (u->ch == ',' && u->depth == 0 && j > c + 1)))
                    break;
                if (is_cue(u, CUE_UP) || is_cue(u, CUE_DOWN)) break;
                if (is_cue(u, CUE_CUNGKY)) {
                    cungky = 1;
                    if (cmp_tok < 0) cmp_tok = j;
                }
                if (is_cue(u, CUE_LASTYEAR)) cungky = 1, cmp_tok = j;
                if (is_cue(u, CUE_PREV)) {
                    prev = 1;
                    if (cmp_tok < 0 || toks[cmp_tok].kind != TK_PERIOD) cmp_tok = j;
                }
                if (u->kind == TK_PERIOD && (u->pflags & PF_CMP)) cmp_tok = j;
            }
        }
        if (cf->role == R_CHANGE && cmp_tok < 0) {
            /* a comparison that opens the sentence: "Nếu so với tháng 6
             * trước đó, ... đã giảm 7,48%" */
            for (int j = c - 1; j >= 0; j--) {
                const tk *u = &toks[j];
                if (u->kind == TK_NUM) break;
                if (is_cue(u, CUE_CUNGKY) || is_cue(u, CUE_LASTYEAR)) cungky = 1, cmp_tok = j;
                if (is_cue(u, CUE_PREV)) {
                    prev = 1;
                    if (cmp_tok < 0) cmp_tok = j;
                }
                if (u->kind == TK_PERIOD && (u->pflags & PF_CMP)) {
                    cmp_tok = j;
                    break;
                }
            }
        }
        if (target >= 0) {
            fig *tf = &figs[target];
            if (cf->role == R_CHANGE) {
                ct_period P = tf->per;
                if (cmp_tok >= 0) {
                    ch.ref = ref_period(ex, toks, cmp_tok, P, tf->ind);
                    if (cungky)
                        ch.basis = CT_BASIS_YOY;
                    else if (prev && toks[cmp_tok].kind != TK_PERIOD)
                        ch.basis = CT_BASIS_PREV;
                    else
                        ch.basis =
                            ct_period_eq(&ch.ref, &(ct_period){P.first - 12, P.last - 12, P.day})
                                ? CT_BASIS_YOY
                                : CT_BASIS_PREV;
                } else {
                    ch.ref = ct_period_shift(P, -12);
                }
            }
            int dup = 0;
            for (int q = 0; q < tf->nch; q++)
                if (tf->ch[q].basis == ch.basis) dup = 1;
            if (!dup && tf->nch < CT_MAX_CHANGES) tf->ch[tf->nch++] = ch;
            /* baselines in parentheses after this change's comparison */
            for (int j = c + 1; j < n; j++) {
                if (toks[j].kind == TK_NUM && figs[j].role == R_BASELINE && figs[j].main >= 0) {
                    figs[j].main = target;
                    figs[j].per = ch.ref;
                    break;
                }
                if (toks[j].kind == TK_NUM && figs[j].role != R_BASELINE) break;
            }
        } else if (nlevels == 0 && cf->role == R_CHANGE && cur_at[c] && cur_at[c] != &BLOCKED_IND) {
            const ct_indicator *ci = cur_at[c];
            /* a change with no figure: add it to the latest record of the
             * same indicator, if the sentence names no other period */
            int explicit_per = -1;
            for (int j = 0; j < n; j++)
                if (toks[j].kind == TK_PERIOD && !(toks[j].pflags & PF_CMP)) explicit_per = j;
            for (int q = ex->nq - 1; q >= 0; q--) {
                ct_record *r = &ex->queue[q].rec;
                if (r->ind != ci || r->type != CT_REC_OBSERVATION || r->baseline) continue;
                if (explicit_per >= 0) {
                    ct_period ep =
                        apply_period(ex, toks[explicit_per].per, toks[explicit_per].pflags, ci);
                    if (!ct_period_eq(&ep, &r->period)) break;
                }
                if (cmp_tok >= 0) {
                    ch.ref = ref_period(ex, toks, cmp_tok, r->period, ci);
                    if (cungky)
                        ch.basis = CT_BASIS_YOY;
                    else if (prev && toks[cmp_tok].kind != TK_PERIOD)
                        ch.basis = CT_BASIS_PREV;
                    else
                        ch.basis =
                            ct_period_eq(&ch.ref, &(ct_period){r->period.first - 12,
                                                               r->period.last - 12, r->period.day})
                                ? CT_BASIS_YOY
                                : CT_BASIS_PREV;
                    if (prev) ch.basis = CT_BASIS_PREV;
                } else {
                    ch.ref = ct_period_shift(r->period, -12);
                }
                int dup = 0;
                for (int z = 0; z < r->nchanges; z++)
                    if (r->changes[z].basis == ch.basis) dup = 1;
                if (!dup && r->nchanges < CT_MAX_CHANGES) r->changes[r->nchanges++] = ch;
                break;
            }
        }
    }
    /* baselines whose comparison had no change ("tăng nhẹ so với tháng 1 (68,31%)") */
    for (int k = 0; k < n; k++) {
        fig *f = &figs[k];
        if (toks[k].kind != TK_NUM || f->role != R_BASELINE || f->main < 0) continue;
        fig *mf = &figs[f->main];
        if (!mf->ind) continue;
        if (!ct_period_is_set(&f->per)) f->per = ref_period(ex, toks, f->ref_tok, mf->per, mf->ind);
        f->ind = mf->ind;
        f->area = mf->area;
        /* "giai đoạn 2016-2020 ... đạt X so với Y năm 2016": X is the end
         * year's, not the five years' */
        int years = ct_period_len(&mf->per) / 12;
        if (years > 1 && ct_period_len(&mf->per) % 12 == 0 && CT_MON_OF(mf->per.first) == 1 &&
            ct_period_len(&f->per) == 12 && f->per.first == mf->per.first)
            mf->per.first = mf->per.last - 11;
    }

    /* 6. records */
    for (int k = 0; k < n; k++) {
        fig *f = &figs[k];
        tk *t = &toks[k];
        if (t->kind != TK_NUM || !f->ind) continue;
        if (f->role != R_LEVEL && f->role != R_SHARE && f->role != R_BASELINE &&
            f->role != R_PLANVALUE)
            continue;
        if (f->role == R_BASELINE && (figs[f->main].blocked || figs[f->main].target)) continue;
        if (f->blocked && f->role != R_BASELINE) continue;
        if (ex->line_offperiod && !f->per_explicit) continue; /* the holiday's figures */
        if (f->since) {
            add_void(ex, f->ind, ct_decimal_value(t->v));
            continue;
        }
        ct_record r;
        record_from(ex, &r, t, f, ss, se, fo);
        if (f->role == R_BASELINE) {
            r.baseline = 1;
            if (!t->unit && !t->cur_implied &&
                (strstr(f->ind->unit, "VND") || strstr(f->ind->unit, "USD")))
                r.unit = toks[f->main].unit ? toks[f->main].unit : "VND";
            if (t->cur_implied || !t->unit) {
                /* "(4.014.701)": the unit of its figure */
                const char *mu = toks[f->main].unit;
                if (mu && (strstr(f->ind->unit, mu))) r.unit = mu;
            }
            r.value = t->v;
            r.approx = t->approx;
        } else if (f->target) {
            r.type = CT_REC_TARGET;
            if (f->growth) {
                r.growth = 1;
                r.unit = NULL;
            }
            if (t->bound <= 0) {
                r.has_min = 1;
                r.min = t->v;
            }
            if (t->bound >= 0) {
                r.has_max = 1;
                r.max = t->range ? t->v2 : t->v;
            }
            if (t->bound < 0 && t->range) {
                r.has_max = 1;
                r.max = t->v2;
            }
        } else {
            r.value = t->v;
            r.approx = t->approx ? t->approx : (estimate ? CT_APPROX_ESTIMATE : CT_APPROX_NONE);
            r.nchanges = f->nch;
            memcpy(r.changes, f->ch, (size_t)f->nch * sizeof f->ch[0]);
            if (t->range) continue; /* a range is not an observed value */
        }
        /* a second currency reading */
        for (int j = k + 1; j < n && j <= k + 3; j++)
            if (toks[j].kind == TK_NUM && figs[j].role == R_ALT && figs[j].main == k) {
                r.has_alt = 1;
                r.alt_value = toks[j].v;
                r.alt_unit = toks[j].unit;
            }
        if (r.type == CT_REC_OBSERVATION) {
            int voided = 0;
            for (int v = 0; v < ex->nvoids; v++)
                if (ex->voids[v].ind == r.ind &&
                    near_equal(ex->voids[v].v, ct_decimal_value(r.value)))
                    voided = 1;
            if (voided) continue;
        }
        emit_or_queue(ex, &r);
    }
}

/* ---- record queue -------------------------------------------------------- */

static void deliver(ct_extractor *ex, const ct_record *r)
{
    if (ex->stopped) return;
    if (ex->fn(ex->ud, r)) ex->stopped = 1;
}

/* Deliver queued records of sentences before `older_than` (all if all). */
static void flush_queue(ct_extractor *ex, long older_than, int all)
{
    int i = 0;
    while (i < ex->nq && (all || ex->queue[i].sentno < older_than)) {
        deliver(ex, &ex->queue[i].rec);
        i++;
    }
    if (i) {
        memmove(ex->queue, ex->queue + i, (size_t)(ex->nq - i) * sizeof ex->queue[0]);
        ex->nq -= i;
    }
}

static void emit_or_queue(ct_extractor *ex, const ct_record *r)
{
    if (ex->nq == QUEUE_MAX) {
        deliver(ex, &ex->queue[0].rec);
        memmove(ex->queue, ex->queue + 1, (size_t)(ex->nq - 1) * sizeof ex->queue[0]);
        ex->nq--;
    }
    ex->queue[ex->nq].rec = *r;
    ex->queue[ex->nq].sentno = ex->sentno;
    ex->nq++;
}

/* ---- sentences ----------------------------------------------------------- */

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
    if (ex->title_zone) return 1;
    if (s[0] == '-' || s[0] == '+' || s[0] == '*' || (unsigned char)s[0] == 0xE2) return 0;
    return e < 160;
}

/* Pick the reporting period from the head sentences. */
static void find_doc_period(ct_extractor *ex)
{
    int counted = 0;
    int pm = pub_month(ex);
    for (int i = 0; i < ex->nhs && !ex->have_doc; i++) {
        head_sent *h = &ex->hs[i];
        if (!h->heading && ++counted > HEAD_SENTENCES) break;
        if (ct_fold_text(&ex->fold, ex->head.data + h->off, h->len) != CT_OK) return;
        if (ct__lex(ex->cat, ex->fold.text, ex->fold.len, &ex->toks) != CT_OK) return;
        for (size_t k = 0; k < ex->toks.n; k++) {
            tk *t = &ex->toks.v[k];
            if (t->kind != TK_PERIOD) continue;
            if (t->pflags & (PF_CMP | PF_TARGET | PF_YTD_OPEN | PF_PLAN)) continue;
            if (t->per.day) continue;
            if (k > 0 && is_cue(&ex->toks.v[k - 1], CUE_FROM)) continue;
            ct_period p = t->per;
            if (t->pflags & PF_NOYEAR) {
                int y = ex->opts.pub_year;
                if (!y) continue;
                p.first += y * 12;
                p.last += y * 12;
                if (pm && p.last > pm + 1) p.first -= 12, p.last -= 12;
            }
            if (pm && p.last > pm + 1) continue;
            if (pm && p.last < pm - 36) continue;
            ex->have_doc = 1;
            ex->docper = p;
            ex->docflags = t->pflags & PF_UPTO;
            break;
        }
    }
}

/* A heading after the head that names a period ("Tổng quan ngành trong
 * tháng 10/2023", "6 tháng đầu năm 2024:") opens a section: its period is
 * the reporting period of what follows. */
static void section_period(ct_extractor *ex, const char *s, size_t n)
{
    if (!has_digit(s, n) || ct_fold_text(&ex->fold, s, n) != CT_OK) return;
    if (ct__lex(ex->cat, ex->fold.text, ex->fold.len, &ex->toks) != CT_OK) return;
    int pm = pub_month(ex);
    for (size_t k = 0; k < ex->toks.n; k++) {
        const tk *t = &ex->toks.v[k];
        if (t->kind == TK_NUM) return; /* a headline with a figure: no section */
        if (t->kind != TK_PERIOD || (t->pflags & (PF_CMP | PF_TARGET | PF_YTD_OPEN)) || t->per.day)
            continue;
        ct_period p = fix_year(ex, t->per, t->pflags);
        if (pm && p.last > pm + 1) continue;
        ex->have_doc = 1;
        ex->docper = p;
        ex->docflags = t->pflags & PF_UPTO;
        return;
    }
}

static void process_sentence(ct_extractor *ex, const char *s, size_t n, long long start,
                             int heading, int line_start)
{
    ex->sentno++;
    if (line_start) ex->have_line_per = 0, ex->line_offperiod = 0;
    ex->sent_line_start = line_start;
    if (heading && ex->head_done) section_period(ex, s, n);
    if (!heading) process_tokens(ex, s, n, start);
    flush_queue(ex, ex->sentno - QUEUE_AGE, 0);
}

/* The document's own area: a provincial department or province that a
 * head sentence opens with ("Sở TT&TT tỉnh Nghệ An cho biết ...", "Tỉnh
 * Hà Nam: ...") or a heading names with its title word ("Viễn thông tỉnh
 * Nghệ An 6 tháng đầu năm"). A bare place name is not enough: "Hội nghị tại
 * Hà Nội" says where, not whose. --area wins over all of this. */
static void find_doc_area(ct_extractor *ex)
{
    if (ex->docarea) return;
    int counted = 0;
    for (int i = 0; i < ex->nhs && !ex->docarea; i++) {
        head_sent *h = &ex->hs[i];
        if (!h->heading && ++counted > HEAD_SENTENCES) break;
        if (ct_fold_text(&ex->fold, ex->head.data + h->off, h->len) != CT_OK) return;
        if (ct__lex(ex->cat, ex->fold.text, ex->fold.len, &ex->toks) != CT_OK) return;
        const char *t = ex->fold.text;
        for (size_t k = 0; k < ex->toks.n; k++) {
            const tk *a = &ex->toks.v[k];
            if (a->kind != TK_PHRASE || a->ph->kind != CT_PH_AREA) continue;
            int titled = !strncmp(t + a->s, "sở ", strlen("sở ")) ||
                         !strncmp(t + a->s, "tỉnh ", strlen("tỉnh ")) ||
                         !strncmp(t + a->s, "thành phố ", strlen("thành phố "));
            int opens = k == 0 || (k == 1 && ex->toks.v[0].kind == TK_PUNCT);
            if (titled && (opens || h->heading) && strcmp(a->ph->arg2, "ministry")) {
                ex->docarea = a->ph->arg;
                break;
            }
        }
    }
}

static void close_head(ct_extractor *ex)
{
    if (ex->head_done) return;
    ex->head_done = 1;
    find_doc_period(ex);
    find_doc_area(ex);
    for (int i = 0; i < ex->nhs; i++)
        process_sentence(ex, ex->head.data + ex->hs[i].off, ex->hs[i].len, ex->hs[i].start,
                         ex->hs[i].heading, ex->hs[i].line_start);
    ct_buf_reset(&ex->head);
    ex->nhs = 0;
}

static void sentence_done(ct_extractor *ex, size_t len, int ends_line)
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
            if (ex->head.len >= HEAD_BYTES || ex->nhs >= 64 || ex->head.oom) close_head(ex);
        } else {
            process_sentence(ex, s, len, ex->sent_start, heading, ex->line_start);
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
static void split(ct_extractor *ex, size_t from, int final)
{
    size_t i = from < ex->sent_off ? 0 : from - ex->sent_off;
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
                if (!final) break; /* need to see what follows */
            } else if (s[j] == ' ' || s[j] == '\t') {
                if (!(c == '.' && is_abbrev_before(s, i))) {
                    while (j < n && (s[j] == ' ' || s[j] == '\t'))
                        j++;
                    cut = j;
                }
            }
        } else if ((unsigned char)c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                   (unsigned char)s[i + 2] == 0xA6 && i + 3 < n && s[i + 3] == ' ') {
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
            sentence_done(ex, cut, eol);
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
                split(ex, from ? from - 1 : 0, 0);
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
            split(ex, from ? from - 1 : 0, 0);
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
                split(ex, from ? from - 1 : 0, 0);
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
        split(ex, from ? from - 1 : 0, 0);
        buf += step;
        len -= step;
    }
    return CT_OK;
}

int ct_extractor_finish(ct_extractor *ex, ct_error *err)
{
    ct_error_clear(err);
    if (ex->ntail) {
        long long at = ex->off - (long long)ex->ntail;
        ex->ntail = 0;
        split(ex, 0, 1);
        if (ex->sent.len > ex->sent_off) sentence_done(ex, ex->sent.len - ex->sent_off, 1);
        close_head(ex);
        flush_queue(ex, 0, 1);
        return ct_error_set(err, CT_EUTF8, at, 0, "invalid UTF-8 (truncated sequence)");
    }
    split(ex, 0, 1);
    if (ex->sent.len > ex->sent_off) sentence_done(ex, ex->sent.len - ex->sent_off, 1);
    close_head(ex);
    flush_queue(ex, 0, 1);
    return CT_OK;
}

int ct_extract_buffer(const ct_catalog *cat, const ct_extract_opts *opts, const char *buf,
                      size_t len, ct_record_fn fn, void *ud, ct_error *err)
{
    ct_extractor *ex = ct_extractor_new(cat, opts, fn, ud);
    if (!ex) return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    int rc = ct_extractor_feed(ex, buf, len, err);
    if (rc == CT_OK)
        rc = ct_extractor_finish(ex, err);
    else {
        ct_error saved = *err;
        ct_extractor_finish(ex, err);
        *err = saved;
    }
    ct_extractor_free(ex);
    return rc;
}
