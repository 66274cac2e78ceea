/* assemble.c — one sentence's figures into records.
 *
 * The sentence is folded (text.c) and tokenised (lex.c); its figures are
 * then assembled in phases over one per-sentence context:
 *
 *  1. classify each figure: a level, a change (tăng/giảm X%), a share of
 *     plan (đạt X% kế hoạch), a share of a whole (chiếm X%), a baseline
 *     (in parentheses after a comparison, or after "so với"), a second
 *     currency reading, or nothing (absolute changes, multiples, ratios);
 *  2. scope: blockers (the world, averages, aggregates, holidays) and the
 *     sentence's cues (goals, growth rates, estimates);
 *  3. give each figure its area (the area list, the clause's subject, the
 *     document's area) and its indicator, weighing the candidates (the
 *     phrase right after it, the phrase in force before it, the sector's
 *     measure, the next phrase in its clause, the indicator in force);
 *     breakdowns the catalogue lacks are dropped;
 *  4. give each level a period (the sentence's, the paragraph's, the
 *     document's) and decide observation or target;
 *  5. attach each change to its level, with basis and reference period;
 *  6. emit the records, each with its confidence.
 *
 * Nothing here keeps state across sentences but what the extractor holds
 * (extract_int.h): the sector and indicator in force, the paragraph's
 * period, the previous sentence's levels. */
#include "extract_int.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
        ct_period q = ct__fix_year(ex, t->per, t->pflags);
        int is_year = CT_MON_OF(q.first) == 1 && CT_MON_OF(q.last) == 12 &&
                      CT_YEAR_OF(q.first) == CT_YEAR_OF(q.last);
        int p_is_year = CT_MON_OF(P.first) == 1 && CT_MON_OF(P.last) == 12 && P.first != P.last;
        /* a year against a shorter period means its same months */
        if (is_year && !p_is_year)
            return ct_period_shift(P, 12 * (CT_YEAR_OF(q.last) - CT_YEAR_OF(P.last)));
        return ct__apply_period(ex, q, t->pflags & ~PF_NOYEAR, ind);
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
int ct__has_digit(const char *s, size_t n)
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

void ct__assemble(ct_extractor *ex, const char *raw, size_t rawlen, long long start)
{
    ct_fold *fo = &ex->fold;
    /* no digit, no figure: such a sentence can still name a sector
     * ("Về lĩnh vực viễn thông:"), which a digit-free scan of the
     * catalogue phrases would find; the full grammar is not needed */
    int digit = ct__has_digit(raw, rawlen);
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
            f->per = ct__apply_period(ex, toks[pj].per, toks[pj].pflags, f->ind);
        } else if (of_which && ex->have_prev_per) {
            /* "Trong đó, ..." : a part of the previous sentence's figure */
            f->per = ct__apply_period(ex, ex->prev_per, ex->prev_pflags, f->ind);
        } else if (ex->have_line_per) {
            /* a later sentence of the paragraph: the period it set */
            f->per = ct__apply_period(ex, ex->line_per, ex->line_pflags, f->ind);
        } else {
            f->per = ct__default_period(ex, f->ind);
        }
        int pm = ct__pub_month(ex);
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
        if (sent_pflags & PF_NOYEAR) ex->line_per = ct__fix_year(ex, sent_per, sent_pflags);
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
                    ch.ref = ct__fix_year(ex, toks[j].per, toks[j].pflags);
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
                        ct__apply_period(ex, toks[explicit_per].per, toks[explicit_per].pflags, ci);
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
            ct__add_void(ex, f->ind, ct_decimal_value(t->v));
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
        ct__emit_or_queue(ex, &r);
    }
}

