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
    int ind_rule;     /* the rule that chose ind (IR_...) */
    int per_rule;     /* where its period came from (PR_...) */
    int area_rule;    /* where its area came from (AR_...) */
    int ncand;        /* candidates weighed for ind, the chosen first */
    int from_to;      /* "tăng từ X năm A lên Y năm B": 1 for X, 2 for Y */
    int ratio;        /* a change written as the ratio to its base (bằng 112%) */
    int goal_growth;  /* "mục tiêu ... tăng 12-15%": a growth-rate target */
    int reach;        /* how far the deciding phrase is: 0 next to the figure or in its
                         clause, 1 past a comma, 2 past more (see confidence_of) */
    int target;
    int growth;
    ct_period per;
    int has_ref_tok; /* baseline: the comparison token before '(' */
    int ref_tok;
    int nch;
    /* not zeroed per sentence: only ch[0..nch) and cand[0..ncand) are ever
     * set or read */
    ct_change ch[CT_MAX_CHANGES];
    struct {
        const ct_indicator *ind;
        int rule;
    } cand[CT_MAX_CANDIDATES];
} fig;

static const ct_indicator BLOCKED_IND = {"-", "-", CT_FLOW, "-", "-", {NULL}};

/* The rules that may name a figure's indicator, strongest first: the first
 * that gives a candidate decides, the others are kept as the evidence
 * weighed (--explain), and a disagreement lowers the confidence. */
enum {
    IR_NONE,
    IR_AFTER,      /* the phrase right after the figure: "71.836 Tổ công nghệ số" */
    IR_SHARE,      /* "chiếm X%": the rate of the indicator in force */
    IR_GROWTH,     /* "tốc độ tăng trưởng doanh thu ...: 20-30%" */
    IR_CUR,        /* the phrase in force before the figure */
    IR_SIBLING,    /* the phrase in force, in the family member of the figure's unit */
    IR_UNIT,       /* the only indicator of the sector in the figure's count unit */
    IR_NEXT,       /* the next phrase in the figure's clause */
    IR_LAST_COUNT, /* the indicator in force from an earlier sentence, same count unit */
    IR_LAST_RATE,  /* the rate in force, referred back to ("tỷ lệ này", a goal, an area list) */
    IR_CAPTION,    /* a table row or list line under its caption's indicator */
    IR_N
};
static const struct {
    const char *why;
    double conf;
} ind_rules[IR_N] = {
    [IR_NONE] = {"không có", 0},
    [IR_AFTER] = {"tên chỉ tiêu ngay sau số liệu", 0.96},
    [IR_SHARE] = {"tỷ lệ của chỉ tiêu đang nói đến", 0.88},
    [IR_GROWTH] = {"tốc độ tăng trưởng của chỉ tiêu đang nói đến", 0.85},
    [IR_CUR] = {"tên chỉ tiêu đứng trước số liệu", 0.96},
    [IR_SIBLING] = {"chỉ tiêu đứng trước, theo đơn vị của số liệu", 0.9},
    [IR_UNIT] = {"chỉ tiêu duy nhất của lĩnh vực có đơn vị này", 0.78},
    [IR_NEXT] = {"tên chỉ tiêu ở sau, cùng vế câu", 0.82},
    [IR_LAST_COUNT] = {"chỉ tiêu của câu trước, cùng đơn vị", 0.72},
    [IR_LAST_RATE] = {"tỷ lệ được nhắc lại (tỷ lệ này, mục tiêu, danh sách địa phương)", 0.78},
    [IR_CAPTION] = {"dòng bảng hoặc danh sách dưới tiêu đề nêu chỉ tiêu", 0.8},
};

/* Where a figure's period came from. */
enum { PR_SENTENCE, PR_PLAN, PR_OFWHICH, PR_LINE, PR_DOC, PR_PUB, PR_N };
static const struct {
    const char *why;
    double conf;
} per_rules[PR_N] = {
    [PR_SENTENCE] = {"ghi trong câu", 1.0},
    [PR_PLAN] = {"năm của kế hoạch", 0.97},
    [PR_OFWHICH] = {"kỳ của câu trước (trong đó)", 0.95},
    [PR_LINE] = {"kỳ đang nói đến trong đoạn", 0.95},
    [PR_DOC] = {"kỳ báo cáo của văn bản", 0.93},
    [PR_PUB] = {"tháng trước ngày đăng", 0.8},
};

/* Where a figure's area came from (none: national). */
enum { AR_NATIONAL, AR_LIST, AR_CLAUSE, AR_DOC, AR_N };
static const struct {
    const char *why;
    double conf;
} area_rules[AR_N] = {
    [AR_NATIONAL] = {"toàn quốc", 1.0},
    [AR_LIST] = {"địa phương đứng trước ngoặc", 0.97},
    [AR_CLAUSE] = {"địa phương câu nhắc đến", 0.9},
    [AR_DOC] = {"địa phương của văn bản", 0.95},
};


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
/* A sector phrase's sector: "của ngành" (catalogue "@") is the sector in
 * force, the whole sector when none is ("Lợi nhuận của ngành" after "Trong
 * lĩnh vực an ninh mạng" is that sector's). */
static const char *sector_of(const ct__phrase *ph, const char *in_force)
{
    if (strcmp(ph->arg, "@")) return ph->arg;
    return in_force ? in_force : "sector";
}

static int sector_eq_prefix(const char *sector, const char *prefix_or_code);

/* "doanh thu bưu chính, viễn thông đạt 1.520 tỷ đồng": a measure of two
 * sectors joined (by a comma, a dash, "và" or "&") is their sum, which no
 * indicator of either is; "lần lượt" or figures side by side still pair
 * the sectors with their own figures (pair_respectively). */
static int sectors_joined(const ct_extractor *ex, const tk *toks, int n, int j)
{
    const char *t = ex->fold.text;
    int k = j + 1;
    if (k < n && toks[k].kind == TK_PUNCT && (toks[k].ch == ',' || toks[k].ch == '-' ||
                                              toks[k].ch == '&' || toks[k].ch == '/'))
        k++;
    if (k >= n || toks[k].kind != TK_PHRASE || toks[k].ph->kind != CT_PH_SECTOR ||
        !strcmp(toks[k].ph->arg, "-") || !strcmp(toks[k].ph->arg, "@") ||
        sector_eq_prefix(toks[j].ph->arg, toks[k].ph->arg))
        return 0;
    /* between them: separators and at most the word "và" */
    size_t a = toks[j].e, b = toks[k].s;
    while (a < b && (t[a] == ' ' || t[a] == ',' || t[a] == '-' || t[a] == '&' || t[a] == '/'))
        a++;
    if (b - a >= strlen("và") && !strncmp(t + a, "và", strlen("và"))) a += strlen("và");
    while (a < b && t[a] == ' ')
        a++;
    return a == b;
}

static const ct_indicator *resolve_generic(const ct_extractor *ex, const tk *toks, int n, int g,
                                           const char **sector_io, int *consumed)
{
    const char *sector = *sector_io;
    for (int j = g + 1; j < n && j <= g + 3; j++) {
        const tk *t = &toks[j];
        if (t->s > toks[g].e + 48) break;
        if (t->kind == TK_PHRASE && t->ph->kind == CT_PH_SECTOR) {
            sector = sector_of(t->ph, sector);
            if (consumed && j > g + 1) *consumed = j; /* "của doanh nghiệp ... ATTT" */
            if (sectors_joined(ex, toks, n, j)) return &BLOCKED_IND;
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
    const ct_indicator *ind = ct__catalog_generic(ex->cat, sector, toks[g].ph->arg);
    if (!ind && g + 1 < n && toks[g + 1].kind == TK_PHRASE && toks[g + 1].ph->kind == CT_PH_ALIAS &&
        toks[g + 1].s <= toks[g].e + 8) {
        /* "doanh thu và lợi nhuận lĩnh vực ATTT": coordinated with a name
         * that has its sector */
        const ct_indicator *next = ct_catalog_find(ex->cat, toks[g + 1].ph->arg);
        if (next && (ind = ct__catalog_generic(ex->cat, next->code, toks[g].ph->arg))) sector = next->code;
    }
    *sector_io = sector;
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
static int is_part_of(const ct_indicator *part, const ct_indicator *whole);

static const ct_indicator *by_unit(const ct_extractor *ex, const char *sector, const tk *k)
{
    if (!sector || !unit_is_count(k->unit)) return NULL;
    const ct_indicator *found[8];
    int nf = 0;
    for (size_t i = 0; i < ct_catalog_count(ex->cat) && nf < 8; i++) {
        const ct_indicator *o = ct_catalog_at(ex->cat, i);
        if (!strcmp(o->unit, k->unit) && sector_eq_prefix(sector, o->code)) found[nf++] = o;
    }
    if (nf == 1) return found[0];
    /* several: the whole, when the others are its parts ("1.200 cuộc tấn
     * công" in the information-security context is attacks, not phishing) */
    for (int w = 0; w < nf; w++) {
        int all = 1;
        for (int q = 0; q < nf && all; q++)
            if (q != w && !is_part_of(found[q], found[w])) all = 0;
        if (all) return found[w];
    }
    return NULL; /* ambiguous */
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
            int cell = j > 0 && is_punct(&toks[j - 1], '|') && j + 1 < n &&
                       is_punct(&toks[j + 1], '|'); /* a table's period column */
            int skip = (t->per.day && !(t->pflags & PF_UPTO) && !cell) ||
                       (crossed && (t->pflags & PF_TARGET));
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
            /* "(tính đến 20-3-2022)" right after the figure dates it; "(năm
             * 2023 đạt 365.000 tỷ đồng)" is another figure's period */
            int inner = 0; /* the parenthesis holds a figure of its own */
            for (int q = j + 1; t->depth > toks[k].depth && q < n && toks[q].depth >= t->depth; q++)
                if (toks[q].kind == TK_NUM && figs[q].role == R_LEVEL) inner = 1;
            if (inner) break;
            int own = t->depth > toks[k].depth && j == k + 2 && is_punct(&toks[k + 1], '(');
            if (best < 0 || own) return j;
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
static int skim_context(ct_extractor *ex, const char *raw, size_t rawlen)
{
    ct_fold *fo = &ex->fold;
    fo->nomap = 1; /* no spans come out of a skim */
    int rc = ct_fold_text(fo, raw, rawlen);
    fo->nomap = 0;
    if (rc != CT_OK) return rc;
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
                ex->sector = sector_of(ph, ex->sector);
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
    return CT_OK;
}

/* The grammar developer's aid: each sentence's tokens, one line each, to
 * the debug callback of the options (the CLI sets it for CHITIEU_DEBUG). */
static void dump_tokens(const ct_extractor *ex, const char *text, const tk *toks, int n)
{
    static const char *kinds[] = {"NUM", "PER", "PHR", "CUE", "PUN"};
    char line[1024];
    snprintf(line, sizeof line, "## %s", text);
    ex->opts.debug(ex->opts.debug_ud, line);
    for (int k = 0; k < n; k++) {
        const tk *t = &toks[k];
        char per[40] = "";
        if (t->kind == TK_PERIOD) ct_period_format(&t->per, per, sizeof per);
        snprintf(line, sizeof line, "  %d %s d%d [%.*s] unit=%s cue=%d pf=%d %s ph=%s", k,
                 kinds[t->kind], t->depth, (int)(t->e - t->s), text + t->s,
                 t->unit ? t->unit : "-", t->cue, t->pflags, per,
                 t->kind == TK_PHRASE ? t->ph->arg : "");
        ex->opts.debug(ex->opts.debug_ud, line);
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
static void drop_breakdowns(ct_extractor *ex, const tk *toks, int n, fig *figs,
                            const ct_indicator *const *cur_at)
{
    const ct_indicator *whole[16];
    const char *whole_area[16];
    int nw = 0, o = -1;
    for (int k = 0; k < n && o < 0; k++) {
        if (is_cue(&toks[k], CUE_OFWHICH) && toks[k].depth == 0) o = k;
        else if (toks[k].kind == TK_NUM && figs[k].role == R_LEVEL && figs[k].ind && nw < 16) {
            whole_area[nw] = figs[k].area;
            whole[nw++] = figs[k].ind;
        }
    }
    if (o >= 0 && nw == 0)
        for (int i = 0; i < ex->nprev_inds && nw < 16; i++) {
            whole_area[nw] = NULL;
            whole[nw++] = ex->prev_inds[i];
        }
    if (o >= 0)
        for (int k = o + 1; k < n; k++) {
            if (toks[k].kind != TK_NUM || !figs[k].ind) continue;
            /* "trong đó thuê bao cáp quang chiếm 99%": a part's share of the
             * whole, not the rate of the whole's family */
            int of_whole = 0;
            for (int i = 0; i < nw; i++)
                if (cur_at[k] == whole[i]) of_whole = 1;
            if (figs[k].role == R_SHARE && figs[k].ind_rule == IR_SHARE && of_whole) {
                figs[k].ind = NULL;
                figs[k].role = R_DROP;
                continue;
            }
            for (int i = 0; i < nw; i++)
                if (figs[k].ind == whole[i] &&
                    /* "trong đó TP Hồ Chí Minh có 15,2 triệu": an area's own figure */
                    !(figs[k].area && figs[k].area_rule != AR_DOC &&
                      (!whole_area[i] || strcmp(figs[k].area, whole_area[i])))) {
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

/* ---- one sentence, in phases ---------------------------------------------- */

/* One sentence being assembled. figs, cur_at and area_at are indexed by
 * token and live in the extractor's reused scratch block. */
typedef struct sent {
    ct_extractor *ex;
    ct_fold *fo;
    tk *toks;
    int n;
    fig *figs;
    const ct_indicator **cur_at; /* the phrase in force at each token */
    const char **area_at;        /* the area each figure's sentence gives it */
    int *area_how;               /* AR_ for each figure */
    long long ss, se;            /* the sentence's span in the document */
    int since_from;              /* "kể từ khi khai trương": totals from here */
    int growth_at;               /* "tốc độ tăng trưởng": growth targets after it */
    int estimate, has_goal, anaphor;
    int *num, nnum; /* the figures' token indexes, in order */
} sent;

/* Fold and lex one sentence and set up its context; 0 when it holds no
 * figure to assemble, a CT_E code on failure. */
static int sent_begin(sent *S, ct_extractor *ex, const char *raw, size_t rawlen, long long start)
{
    memset(S, 0, sizeof *S);
    S->ex = ex;
    S->fo = &ex->fold;
    int rc = ct_fold_text(S->fo, raw, rawlen);
    if (rc == CT_OK) rc = ct__lex(ex->cat, S->fo->text, S->fo->len, &ex->toks);
    if (rc != CT_OK) return rc;
    S->toks = ex->toks.v;
    S->n = (int)ex->toks.n;
    if (S->n == 0) return 0;
    if (ex->opts.debug) dump_tokens(ex, S->fo->text, S->toks, S->n);
    size_t n = (size_t)S->n;
    size_t need =
        n * (sizeof(fig) + sizeof(const ct_indicator *) + sizeof(const char *) + 2 * sizeof(int));
    if (need > ex->capscratch) {
        void *p = realloc(ex->scratch, need);
        if (!p) return CT_ENOMEM;
        ex->scratch = p;
        ex->capscratch = need;
    }
    S->figs = ex->scratch;
    /* only a figure's own entry is ever read (every phase looks at the
     * token's kind first), so only figures are cleared */

    S->cur_at = (const ct_indicator **)(void *)(S->figs + n);
    S->area_at = (const char **)(void *)(S->cur_at + n);
    S->area_how = (int *)(void *)(S->area_at + n);
    S->num = S->area_how + n;
    memset(S->cur_at, 0, n * (sizeof(const ct_indicator *) + sizeof(const char *) + sizeof(int)));
    for (size_t k = 0; k < n; k++)
        if (S->toks[k].kind == TK_NUM) {
            memset(&S->figs[k], 0, offsetof(fig, ch));
            S->num[S->nnum++] = (int)k;
        }
    S->ss = start;
    S->se = start + (long long)rawlen;
    while (S->se > S->ss && (raw[S->se - S->ss - 1] == '\n' || raw[S->se - S->ss - 1] == '\r' ||
                             raw[S->se - S->ss - 1] == ' '))
        S->se--;
    S->since_from = S->n;
    S->growth_at = S->n;
    return 1;
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
static void assign_areas(sent *S)
{
    ct_extractor *ex = S->ex;
    const tk *toks = S->toks;
    const fig *figs = S->figs;
    int n = S->n;
    const char **area_at = S->area_at;
    int *anaphor = &S->anaphor;
    /* "cả nước" makes its clause national, and what follows it */
    int national_from = n;
    for (int k = 0; k < n && national_from == n; k++)
        if (toks[k].kind == TK_CUE && toks[k].cue == CUE_NATIONAL) {
            national_from = k;
            while (national_from > 0 &&
                   !(toks[national_from - 1].kind == TK_PUNCT && toks[national_from - 1].depth == 0 &&
                     strchr(",;:", toks[national_from - 1].ch)))
                national_from--;
        }
    const char *in_force = ex->docarea;
    const char *last = NULL;
    int clause_areas = 0, last_has_fig = 0;
    for (int k = 0; k < n; k++) {
        const tk *t = &toks[k];
        if (t->kind == TK_CUE && t->cue == CUE_ANAPHOR) *anaphor = 1;
        if (k == national_from) in_force = NULL;
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
            S->area_how[k] = AR_LIST;
            last_has_fig = 1;
            clause_areas = 0;
            continue;
        }
        if (last) {
            area_at[k] = clause_areas >= 2 && !last_has_fig ? AREA_SEVERAL : last;
            S->area_how[k] = AR_CLAUSE;
            if (figs[k].role == R_LEVEL) last_has_fig = 1;
        } else {
            area_at[k] = in_force;
            S->area_how[k] = in_force ? AR_DOC : AR_NATIONAL;
        }
    }
}

/* A goal cue (mục tiêu, phấn đấu) before token k in its part of the
 * sentence, not "so với mục tiêu". */
static int in_goal_clause(const sent *S, int k)
{
    for (int j = k - 1; j >= 0; j--) {
        const tk *u = &S->toks[j];
        if (is_punct(u, ';') && u->depth == 0) return 0;
        if (u->kind == TK_NUM && S->figs[j].role == R_LEVEL) return 0;
        if (is_cue(u, CUE_GOAL) && !(j > 0 && is_cue(&S->toks[j - 1], CUE_SOVOI))) return 1;
    }
    return 0;
}

/* Whether figure k is in a goal's scope: after "mục tiêu", "phấn đấu",
 * "sẽ", "dự kiến", or a plan that sets a figure ("Kế hoạch năm 2025 ...
 * doanh thu 4,5 triệu tỷ đồng"; not "đạt X% kế hoạch"), within its part of
 * the sentence, or across the ';' of a list the goal opens with ':'. *gp:
 * the goal's period token (written after the cue), or -1. */
static int goal_scope(const sent *S, int k, int *gp)
{
    const tk *toks = S->toks;
    int crossed = 0;
    *gp = -1;
    for (int j = k - 1; j >= 0; j--) {
        const tk *u = &toks[j];
        if (is_punct(u, ';') && u->depth == 0) crossed = 1;
        int cue = (is_cue(u, CUE_GOAL) && !(j > 0 && is_cue(&toks[j - 1], CUE_SOVOI))) ||
                  is_cue(u, CUE_FUTURE) ||
                  (is_cue(u, CUE_PLAN) && !(j > 0 && (toks[j - 1].kind == TK_NUM ||
                                                      is_cue(&toks[j - 1], CUE_SOVOI))));
        if (!cue) continue;
        if (is_cue(u, CUE_PLAN)) {
            /* a plan sets the figure only when nothing comes between but its
             * own year: "triển khai kế hoạch 6 tháng cuối năm, ... trong 6
             * tháng đầu năm ... là 704.939" is no plan's figure */
            int periods = 0, comma = 0;
            for (int q = j + 1; q < k; q++) {
                if (toks[q].kind == TK_PERIOD) periods++;
                if (toks[q].kind == TK_PUNCT && toks[q].depth == 0 && toks[q].ch == ',') comma = 1;
            }
            /* "Kế hoạch năm 2024, doanh thu ... là X": a plan that opens
             * the sentence sets its figures past the comma */
            if (periods > 1 || (comma && j > 0) || crossed) return 0;
        }
        int list = 0;
        for (int q = j + 1; q < k; q++) {
            if (is_punct(&toks[q], ':') && toks[q].depth == 0) list = 1;
            if (toks[q].kind == TK_PERIOD && *gp < 0 && !(toks[q].pflags & PF_CMP)) *gp = q;
            if (is_punct(&toks[q], ';') && toks[q].depth == 0) break;
        }
        if (crossed && !list) return 0;
        return 1;
    }
    return 0;
}

/* The word right before figure k in the folded text is w. */
static int word_before(const sent *S, int k, const char *w)
{
    size_t e = S->toks[k].s, n = strlen(w);
    while (e > 0 && S->fo->text[e - 1] == ' ')
        e--;
    return e >= n && !memcmp(S->fo->text + e - n, w, n) &&
           (e == n || S->fo->text[e - n - 1] == ' ');
}

/* One of the '|'-separated folded verbs ends within the 24 bytes before
 * figure k ("đã xử lý hơn 8.558": the qualifier may come between). */
static int verb_before(const sent *S, int k, const char *verbs)
{
    size_t s = S->toks[k].s, from = s > 24 ? s - 24 : 0;
    const char *t = S->fo->text;
    for (const char *v = verbs; *v;) {
        const char *bar = strchr(v, '|');
        size_t vl = bar ? (size_t)(bar - v) : strlen(v);
        for (size_t i = from; vl && i + vl <= s; i++)
            if (!memcmp(t + i, v, vl) && (i == 0 || t[i - 1] == ' ') &&
                (i + vl == s || t[i + vl] == ' '))
                return 1;
        if (!bar) break;
        v = bar + 1;
    }
    return 0;
}

static int ratio_before(const sent *S, int k)
{
    return (k > 0 && is_cue(&S->toks[k - 1], CUE_RATIO)) || word_before(S, k, "đạt");
}

/* "so với cùng kỳ", "so với tháng trước", "so với năm 2023" after k. */
static int after_is_comparison(const sent *S, int k)
{
    int j = k + 1;
    if (j >= S->n || !is_cue(&S->toks[j], CUE_SOVOI)) return 0;
    while (j < S->n && is_cue(&S->toks[j], CUE_SOVOI))
        j++;
    if (j >= S->n) return 0;
    const tk *u = &S->toks[j];
    return is_cue(u, CUE_CUNGKY) || is_cue(u, CUE_PREV) || is_cue(u, CUE_LASTYEAR) ||
           (u->kind == TK_PERIOD && (u->pflags & PF_CMP));
}

/* 1. What each figure is: a level, a change, a share of plan or of a whole,
 * or nothing. */
static void classify_figures(sent *S)
{
    tk *toks = S->toks;
    int n = S->n;
    fig *figs = S->figs;
    for (int ki = 0; ki < S->nnum; ki++) {
        int k = S->num[ki];
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
        /* "mục tiêu doanh thu tăng 12-15%": a goal's growth rate, a target */
        if (pt && is_cue(pt, CUE_UP) && pct && in_goal_clause(S, p)) {
            f->role = R_LEVEL;
            f->goal_growth = 1;
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
        /* "bằng 112% so với cùng kỳ", "đạt 95,2% so với tháng trước": the
         * ratio to the base, a change of 12% or -4,8% */
        if (pct && ratio_before(S, k) && after_is_comparison(S, k)) {
            f->role = R_CHANGE;
            f->ratio = 1;
            f->sign = 1;
            continue;
        }
        /* "tăng từ 20 triệu năm 2022 lên 23 triệu năm 2024": two levels of
         * their periods */
        if (pt && is_cue(pt, CUE_TO) && p >= 2 && toks[p - 2].kind == TK_NUM &&
            figs[p - 2].from_to == 1 &&
            k + 1 < n && toks[k + 1].kind == TK_PERIOD) {
            f->role = R_LEVEL;
            f->from_to = 2;
            continue;
        }
        /* "tăng từ 120 triệu lên 127 triệu thuê bao": the new level, of the
         * sentence's period */
        if (pt && is_cue(pt, CUE_TO) && p >= 1 && toks[p - 1].kind == TK_NUM &&
            figs[p - 1].from_to == 3) {
            f->role = R_LEVEL;
            continue;
        }
        /* "tăng 4% so với tháng trước, lên 1.100 cuộc", "giảm 9,5%, xuống
         * còn 8.850 cuộc": the new level after its change */
        if (pt && is_cue(pt, CUE_TO) && !pct) {
            int chg = 0;
            for (int j = p - 1; j >= 0 && !chg; j--) {
                if (toks[j].kind == TK_PUNCT && toks[j].ch == ';') break;
                if (toks[j].kind != TK_NUM) continue;
                if (figs[j].role == R_CHANGE && toks[j].unit && !strcmp(toks[j].unit, "percent"))
                    chg = 1;
                else
                    break;
            }
            if (chg) {
                f->role = R_LEVEL;
                continue;
            }
        }
        if (pt && (is_cue(pt, CUE_ABS) || is_cue(pt, CUE_TIMES) || is_cue(pt, CUE_TO))) {
            f->role = R_DROP;
            continue;
        }
        if (pt && is_cue(pt, CUE_FROM) && p > 0 &&
            (is_cue(&toks[p - 1], CUE_UP) || is_cue(&toks[p - 1], CUE_DOWN))) {
            /* "tăng từ X năm A lên ...": X is a level of A when A follows it */
            int own = k + 1 < n && toks[k + 1].kind == TK_PERIOD && k + 2 < n &&
                      is_cue(&toks[k + 2], CUE_TO);
            f->role = own ? R_LEVEL : R_DROP;
            f->from_to = own ? 1 : 3; /* 3: the base, of a period not written */
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
}

/* 2. Baselines ("so với Y năm A", "(548 tỷ đồng)" after a comparison), a
 * second currency reading, a plan's value. */
static void find_baselines(sent *S)
{
    tk *toks = S->toks;
    int n = S->n;
    fig *figs = S->figs;
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
    for (int ki = 0; ki < S->nnum; ki++) {
        int k = S->num[ki];
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
}

/* Scope: blockers, and the cues that hold for the whole sentence. */
static void scope(sent *S)
{
    ct_extractor *ex = S->ex;
    tk *toks = S->toks;
    int n = S->n;
    fig *figs = S->figs;
    /* out of scope: from the clause of a blocker to the end of its part of
     * the sentence (the next ';' outside parentheses); "since" totals to
     * the end. An average ("trung bình", "bình quân") blocks counts and
     * amounts only: a per-100 ratio, a rate or a speed is an average by
     * its nature ("đạt trung bình 91,9 trên 100 dân"). */
    for (int k = 0; k < n; k++) {
        if (toks[k].kind != TK_PHRASE || toks[k].ph->kind != CT_PH_BLOCKER) continue;
        int c = k;
        while (c > 0 &&
               !(toks[c - 1].kind == TK_PUNCT && (toks[c - 1].ch == ',' || toks[c - 1].ch == ';' ||
                                                  toks[c - 1].ch == ':' || toks[c - 1].ch == '(')))
            c--;
        if (!strcmp(toks[k].ph->arg, "since")) {
            if (c < S->since_from) S->since_from = c;
            continue;
        }
        int clause = !strcmp(toks[k].ph->arg, "clause");
        if (!strcmp(toks[k].ph->arg, "period")) ex->line_offperiod = 1;
        /* a ';' ends the scope when the next part names its own indicator
         * ("...; tốc độ băng rộng di động đạt ..."), not when it goes on
         * with a measure ("...; tổng doanh thu đạt ...") */
        int e = k + 1;
        while (e < n && !(toks[e].kind == TK_PUNCT && toks[e].depth == 0 &&
                          ((toks[e].ch == ';' && e + 1 < n && toks[e + 1].kind == TK_PHRASE &&
                            toks[e + 1].ph->kind == CT_PH_ALIAS) ||
                           (clause && toks[e].ch == ','))))
            e++;
        int avg = !strcmp(toks[k].ph->arg, "avg");
        for (int q = c; q < e; q++) {
            const tk *u = &toks[q];
            if (u->kind != TK_NUM) continue;
            /* a rank is a place in the world: "xếp thứ 17 trên thế giới" */
            if (u->unit && !strcmp(u->unit, "rank") && !avg) continue;
            if (avg && u->unit &&
                (!strcmp(u->unit, "per100") || !strcmp(u->unit, "Mbps") ||
                 (!strcmp(u->unit, "percent") && figs[q].role == R_LEVEL)))
                continue;
            figs[q].blocked = 1;
        }
    }
    /* "10 địa phương đạt doanh thu trên 1 tỷ USD": after a count of areas,
     * a bound in its clause is a threshold the areas pass, not a level */
    for (int k = 0; k < n; k++) {
        if (toks[k].kind != TK_NUM || !toks[k].unit || strcmp(toks[k].unit, "areas")) continue;
        for (int q = k + 1; q < n; q++) {
            if (toks[q].kind == TK_PUNCT && toks[q].depth == 0 && strchr(";.", toks[q].ch)) break;
            if (toks[q].kind == TK_NUM && toks[q].bound) figs[q].blocked = 1;
        }
    }
    for (int k = 0; k < n; k++) {
        if (is_cue(&toks[k], CUE_GOAL) || is_cue(&toks[k], CUE_FUTURE)) S->has_goal = 1;
        if (is_cue(&toks[k], CUE_GROWTHRATE) && S->growth_at == n) S->growth_at = k;
        if (is_cue(&toks[k], CUE_ESTIMATE)) S->estimate = 1;
    }

}

/* The candidates one rule at a time, strongest first (see IR_); the first
 * decides. `st` is the phrase state at the figure. */
typedef struct ind_state {
    const ct_indicator *cur; /* the phrase in force */
    const char *sector;      /* the sector in force */
    int cur_among;           /* cur came after "trong số" */
    int any_phrase;          /* the sentence named an indicator before the figure */
    int cur_tok;             /* the token of the phrase in force, -1 if none */
    int sector_here;         /* the sentence named a sector before the figure */
    const char *family;      /* a family named with no measure ("băng rộng cố định
                                đạt 98 Mbps"): its member in the figure's unit */
} ind_state;

static void add_cand(fig *f, const ct_indicator *ind, int rule)
{
    if (!ind || f->ncand >= CT_MAX_CANDIDATES) return;
    for (int i = 0; i < f->ncand; i++)
        if (f->cand[i].ind == ind) return;
    f->cand[f->ncand].ind = ind;
    f->cand[f->ncand].rule = rule;
    f->ncand++;
}

static void weigh_indicator(sent *S, int k, const ind_state *st)
{
    ct_extractor *ex = S->ex;
    tk *toks = S->toks;
    int n = S->n;
    fig *figs = S->figs;
    const tk *t = &toks[k];
    fig *f = &figs[k];
    const ct_indicator *cur = st->cur;
    int share = f->role == R_SHARE;
    f->ncand = 0;
    /* a phrase right after the figure names it */
    if (k + 1 < n && toks[k + 1].kind == TK_PHRASE && toks[k + 1].s <= t->e + 2 && !share) {
        const ct__phrase *ph = toks[k + 1].ph;
        const ct_indicator *after = NULL;
        const char *s2 = st->sector;
        if (ph->kind == CT_PH_ALIAS)
            after = ct_catalog_find(ex->cat, ph->arg);
        else if (ph->kind == CT_PH_GENERIC)
            after = resolve_generic(ex, toks, n, k + 1, &s2, NULL);
        int rate = after && (!strcmp(after->unit, "percent") || !strcmp(after->unit, "per100"));
        /* "40 thuê bao băng rộng cố định/100 dân": the name holds the ratio */
        int per100_name = after && !strcmp(after->unit, "per100") && !t->cur_implied &&
                          (!t->unit || !strcmp(t->unit, "subscribers"));
        if (after && (compatible(after, t) || per100_name ||
                      (!rate && ((t->unit && !strcmp(t->unit, "?")) || (!t->unit && !t->cur_implied)))))
            add_cand(f, after, IR_AFTER);
    }
    /* "đã xử lý 8.558 website lừa đảo": a noun that names it after a verb;
     * "chiếm 18,3% GDP": a share of what the noun names */
    if (k + 1 < n && toks[k + 1].kind == TK_PHRASE && toks[k + 1].s <= t->e + 2) {
        for (const ct__phrase *ph = toks[k + 1].ph; ph; ph = ph->next) {
            if (ph->kind != CT_PH_FRAME || !verb_before(S, k, ph->arg2)) continue;
            const ct_indicator *fi = ct_catalog_find(ex->cat, ph->arg);
            /* a share names the frame's indicator only where nothing else
             * is named ("doanh thu ngành chiếm 14% GDP" is no such share) */
            if (share && (!(fi && !strcmp(fi->unit, "percent")) || st->any_phrase || st->sector_here))
                continue;
            add_cand(f, fi, IR_AFTER);
            break;
        }
    }
    if (share)
        add_cand(f, cur && !strcmp(cur->unit, "percent") ? cur
                                                         : ct__catalog_sibling(ex->cat, cur, "percent"),
                 IR_SHARE);
    if ((k > S->growth_at || f->goal_growth) && cur && cur != &BLOCKED_IND && t->unit &&
        !strcmp(t->unit, "percent") && strcmp(cur->unit, "percent"))
        add_cand(f, cur, IR_GROWTH);
    if (!share && !cur && st->family && t->unit)
        add_cand(f, ct__catalog_in_family(ex->cat, st->family, t->unit), IR_SIBLING);
    if (!share && cur) {
        if (compatible(cur, t))
            add_cand(f, cur, IR_CUR);
        else if (t->unit)
            add_cand(f, ct__catalog_sibling(ex->cat, cur, t->unit), IR_SIBLING);
    }
    /* (a scan of the whole catalogue: only when no stronger rule named one) */
    if (!share && !f->ncand && ((cur && cur != &BLOCKED_IND) || (!cur && st->sector_here)) &&
        st->sector)
        add_cand(f, by_unit(ex, st->sector, t), IR_UNIT);
    if (!share) {
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
                if (compatible(a, t)) add_cand(f, a, IR_NEXT);
                break;
            }
        }
    }
    if (!st->any_phrase && ex->table_ind && ex->sent_row && f->role == R_LEVEL && t->unit &&
        S->area_at[k] && S->area_at[k] != AREA_SEVERAL) {
        /* "Doanh thu bưu chính quý 3 ở một số địa phương:\n- Đà Nẵng: 120 tỷ đồng" */
        if (!strcmp(t->unit, ex->table_ind->unit))
            add_cand(f, ex->table_ind, IR_CAPTION);
        else
            add_cand(f, ct__catalog_sibling(ex->cat, ex->table_ind, t->unit), IR_CAPTION);
    }
    /* a table row reads its own cells, its caption or its header, never the
     * prose before the table */
    if (!st->any_phrase && ex->last_ind && f->role == R_LEVEL && t->unit && !ex->sent_cells) {
        if (unit_is_count(t->unit) && !strcmp(t->unit, ex->last_ind->unit))
            add_cand(f, ex->last_ind, IR_LAST_COUNT);
        if ((S->has_goal || S->anaphor || S->area_at[k]) &&
            (!strcmp(t->unit, "per100") || !strcmp(t->unit, "percent")))
            add_cand(f,
                     !strcmp(ex->last_ind->unit, t->unit)
                         ? ex->last_ind
                         : ct__catalog_sibling(ex->cat, ex->last_ind, t->unit),
                     IR_LAST_RATE);
    }
    const ct_indicator *ind = f->ncand ? f->cand[0].ind : NULL;
    f->ind_rule = f->ncand ? f->cand[0].rule : IR_NONE;
    f->reach = 0;
    if ((f->ind_rule == IR_CUR || f->ind_rule == IR_SIBLING || f->ind_rule == IR_SHARE ||
         f->ind_rule == IR_GROWTH) && st->cur_tok >= 0) {
        int commas = 0, far = t->s > toks[st->cur_tok].e + 60;
        for (int j = st->cur_tok + 1; j < k; j++)
            if (toks[j].kind == TK_PUNCT && toks[j].depth == 0 &&
                (toks[j].ch == ',' || toks[j].ch == ';' || toks[j].ch == ':'))
                commas++;
        f->reach = commas == 0 ? far : commas == 1 ? 1 : 2;
    } else if (f->ind_rule >= IR_UNIT) {
        f->reach = 2;
    }
    int from_cur = f->ind_rule == IR_SHARE || f->ind_rule == IR_CUR || f->ind_rule == IR_SIBLING;
    if (ind == &BLOCKED_IND) ind = NULL;
    if (ind && from_cur && st->cur_among) ind = NULL;
    f->ind = ind;
}

/* "doanh thu và lợi nhuận ... lần lượt đạt 6.000 tỷ đồng và 900 tỷ đồng":
 * the names before "lần lượt" pair, in order, with the figures after it,
 * when there are as many of each (two or more) and each fits its figure. */
static void pair_respectively(sent *S)
{
    const tk *toks = S->toks;
    fig *figs = S->figs;
    int n = S->n;
    int any_resp = 0, first_fig = -1;
    for (int r = 0; r < n; r++) {
        any_resp |= is_cue(&toks[r], CUE_RESPECTIVE);
        if (first_fig < 0 && toks[r].kind == TK_NUM) first_fig = r;
    }
    for (int r = 0; r < n; r++) {
        /* without "lần lượt": the sentence's first figure, a level, when
         * names stand before it and figures side by side after ("doanh thu
         * và lợi nhuận lĩnh vực ATTT đạt 6.000 tỷ đồng và 700 tỷ đồng") */
        int implicit = !any_resp && r == first_fig && figs[r].role == R_LEVEL;
        if (!is_cue(&toks[r], CUE_RESPECTIVE) && !implicit) continue;
        const ct_indicator *names[8];
        const char *measure[8]; /* a generic's measure, NULL for an alias */
        int own[8];             /* the generic has its own complement */
        int nn = 0, nf = 0, at[8];
        /* the names: the indicator in force after each name of the clause;
         * a sector after a measure names the measure in it too ("doanh thu
         * viễn thông và bưu chính"), a facet the family's counterpart
         * ("thuê bao băng rộng cố định và băng rộng di động") */
        for (int j = 0; j < r; j++) {
            const tk *u = &toks[j];
            if (u->kind == TK_PUNCT && u->depth == 0 && strchr(";:", u->ch)) nn = 0;
            if (u->kind != TK_PHRASE) continue;
            const ct_indicator *c = NULL;
            const char *m = NULL;
            int o = 0;
            if (u->ph->kind == CT_PH_ALIAS || u->ph->kind == CT_PH_GENERIC) {
                c = j + 1 < n ? S->cur_at[j + 1] : NULL;
                if (c == &BLOCKED_IND) /* "doanh thu bưu chính, viễn thông": its own name */
                    c = u->ph->kind == CT_PH_ALIAS ? ct_catalog_find(S->ex->cat, u->ph->arg) : NULL;
                if (u->ph->kind == CT_PH_GENERIC) {
                    m = u->ph->arg;
                    o = j + 1 < n && toks[j + 1].kind == TK_PHRASE &&
                        toks[j + 1].ph->kind == CT_PH_SECTOR;
                    if (o) /* its own complement: "nộp ngân sách của lĩnh vực ATTT" */
                        c = ct__catalog_generic(S->ex->cat, sector_of(toks[j + 1].ph, S->ex->sector), m);
                    else if (c && (!strchr(c->code, '.') || strcmp(strchr(c->code, '.') + 1, m)))
                        c = NULL; /* the measure before it, still in force */
                    if (!c && nn < 8) { /* a measure with no sector yet */
                        measure[nn] = m;
                        own[nn] = 0;
                        names[nn++] = NULL;
                        continue;
                    }
                } else if (c && strchr(c->code, '.')) {
                    m = strchr(c->code, '.') + 1; /* "telecom.revenue": revenue */
                    o = 1;
                }
            } else if (u->ph->kind == CT_PH_SECTOR && nn > 0 && measure[nn - 1]) {
                c = ct__catalog_generic(S->ex->cat, sector_of(u->ph, S->ex->sector), measure[nn - 1]);
                m = measure[nn - 1];
                o = 1;
            } else if (u->ph->kind == CT_PH_FACET && nn > 0 && names[nn - 1] &&
                       names[nn - 1]->family &&
                       !strcmp(names[nn - 1]->family, u->ph->arg)) {
                c = ct__catalog_in_family(S->ex->cat, u->ph->arg2, names[nn - 1]->unit);
            }
            if (c && c != &BLOCKED_IND && nn < 8 && (nn == 0 || names[nn - 1] != c)) {
                measure[nn] = m;
                own[nn] = o;
                names[nn++] = c;
            }
        }
        /* "doanh thu, lợi nhuận và nộp ngân sách của lĩnh vực ATTT": the
         * last measure's complement holds for the measures before it */
        if (nn >= 2 && names[nn - 1] && measure[nn - 1] && own[nn - 1]) {
            for (int i = 0; i < nn - 1; i++) {
                if (!measure[i] || own[i]) continue;
                const ct_indicator *c =
                    ct__catalog_generic(S->ex->cat, names[nn - 1]->code, measure[i]);
                if (c) names[i] = c;
            }
        }

        for (int j = implicit ? r : r + 1; j < n && nf < 8; j++) {
            if (is_punct(&toks[j], ';') && toks[j].depth == 0) break;
            if (implicit && nf > 0 && j > at[nf - 1] + 1 &&
                !(toks[j].kind == TK_PUNCT && toks[j].ch == ',' && toks[j].depth == 0) &&
                toks[j].kind != TK_NUM)
                break; /* side by side: only commas between */
            if (toks[j].kind == TK_NUM && figs[j].role == R_LEVEL) at[nf++] = j;
            else if (implicit && toks[j].kind == TK_NUM) break;
        }
        if (implicit && (nn < 2 || nn != nf)) continue;
        if (nf >= 2 && nn < nf) {
            /* fewer names than figures ("cố định và di động lần lượt là 24
             * triệu và 98 triệu"): the first pairs with the first name; the
             * others belong to names the catalogue did not read */
            for (int i = 1; i < nf; i++) figs[at[i]].ind = NULL;
            continue;
        }
        if (nn < 2 || nn != nf) continue;
        /* a measure the catalogue lacks in its sector ("lợi nhuận lĩnh vực
         * bưu chính") names its figure, which then is no record */
        int fits = 1, named = 0;
        for (int i = 0; i < nf && fits; i++) {
            if (names[i] && !compatible(names[i], &toks[at[i]])) fits = 0;
            named += names[i] != NULL;
        }
        if (!fits || !named) continue;
        for (int i = 0; i < nf; i++) {
            fig *f = &figs[at[i]];
            if (!names[i]) {
                f->ind = NULL;
                f->ncand = 0;
                continue;
            }
            f->ind = names[i];
            f->ind_rule = IR_CUR;
            f->ncand = 1;
            f->cand[0].ind = names[i];
            f->cand[0].rule = IR_CUR;
        }
    }
}

/* 3. Each figure's indicator, walking the phrases in order: the phrase in
 * force changes at each alias or measure; a parenthesis keeps its own. */
static void choose_indicators(sent *S)
{
    ct_extractor *ex = S->ex;
    tk *toks = S->toks;
    int n = S->n;
    fig *figs = S->figs;
    ct_fold *fo = S->fo;
    ind_state st = {NULL, ex->sector, 0, 0, -1, 0, NULL};
    const ct_indicator *cur_outer = NULL;
    int skip_to = -1;
    for (int k = 0; k < n; k++) {
        tk *t = &toks[k];
        S->cur_at[k] = st.cur;
        /* what a parenthesis names stays inside it */
        if (is_punct(t, '(') && t->depth == 1) cur_outer = st.cur;
        if (is_punct(t, ')') && t->depth == 0) st.cur = cur_outer;
        if (t->kind == TK_PHRASE && k <= skip_to) continue; /* a measure's complement */
        if (t->kind == TK_PHRASE) {
            const ct__phrase *ph = t->ph;
            const ct_indicator *pa =
                ph->kind == CT_PH_ALIAS ? ct_catalog_find(ex->cat, ph->arg) : NULL;
            if (pa && t->e < fo->len && fo->text[t->e] == '/' && strcmp(pa->unit, "percent")) {
                st.cur = &BLOCKED_IND; /* "doanh nghiệp công nghệ số/1.000 dân": a ratio */
                st.any_phrase = 1;
            } else if (ph->kind == CT_PH_ALIAS) {
                st.cur = sectors_joined(ex, toks, n, k) ? &BLOCKED_IND : pa;
                st.family = NULL;
                st.cur_tok = k;
                st.cur_among = k > 0 && is_cue(&toks[k - 1], CUE_AMONG);
                /* the code stands for its sector ("postal.revenue" → postal) */
                st.sector = pa->code;
                st.any_phrase = 1;
            } else if (ph->kind == CT_PH_GENERIC) {
                const char *s2 = st.sector;
                st.cur = resolve_generic(ex, toks, n, k, &s2, &skip_to);
                st.family = NULL;
                st.cur_tok = k;
                st.sector = s2;
                st.cur_among = k > 0 && is_cue(&toks[k - 1], CUE_AMONG);
                st.any_phrase = 1;
            } else if (ph->kind == CT_PH_SECTOR) {
                st.sector = sector_of(ph, st.sector);
                st.sector_here = 1;
                /* "doanh thu bưu chính đạt 310 tỷ đồng, viễn thông đạt 1.210
                 * tỷ đồng": a sector opening a clause after a figure takes
                 * over the measure in force */
                int fig_since = 0;
                for (int j = st.cur_tok + 1; j < k && !fig_since; j++)
                    fig_since = j >= 0 && toks[j].kind == TK_NUM;
                const char *dot = st.cur && st.cur != &BLOCKED_IND ? strchr(st.cur->code, '.') : NULL;
                if (fig_since && dot && k > 0 && toks[k - 1].kind == TK_PUNCT &&
                    toks[k - 1].depth == 0 && (toks[k - 1].ch == ',' || toks[k - 1].ch == ';') &&
                    !sector_eq_prefix(st.sector, st.cur->code) &&
                    k + 1 < n && toks[k + 1].kind == TK_NUM) {
                    const ct_indicator *to = ct__catalog_generic(ex->cat, st.sector, dot + 1);
                    st.cur = to ? to : &BLOCKED_IND;
                    st.cur_tok = k;
                }
            } else if (ph->kind == CT_PH_FACET) {
                /* "băng rộng cố định đạt 98 Mbps, di động 48 Mbps": a
                 * new clause after a figure, not "cố định và di động lần
                 * lượt là ..." */
                int fig_since = 0;
                for (int j = st.cur_tok + 1; j < k && !fig_since; j++)
                    fig_since = j >= 0 && toks[j].kind == TK_NUM;
                const ct_indicator *to =
                    fig_since && st.cur && st.cur != &BLOCKED_IND && st.cur->family &&
                            !strcmp(st.cur->family, ph->arg)
                        ? ct__catalog_in_family(ex->cat, ph->arg2, st.cur->unit)
                        : NULL;
                if (to) {
                    st.cur = to;
                    st.cur_tok = k;
                } else if (!st.cur) {
                    st.family = ph->arg2;
                    st.cur_tok = k;
                }
            } else if (ph->kind == CT_PH_VARIANT) {
                /* "-": a subset the catalogue lacks ("chuyển mạng giữ số") */
                const ct_indicator *to = strcmp(ph->arg2, "-") ? ct_catalog_find(ex->cat, ph->arg2)
                                                                : &BLOCKED_IND;
                if (st.cur && !strcmp(st.cur->code, ph->arg)) st.cur = to;
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
        weigh_indicator(S, k, &st);
        f->area = S->area_at[k] == AREA_SEVERAL ? NULL : S->area_at[k];
        f->area_rule = S->area_how[k];
        if (S->area_at[k] == AREA_SEVERAL) f->ind = NULL; /* "Hà Nội và TP HCM ... dưới 10%" */
        f->since = k >= S->since_from;
    }
    pair_respectively(S);
    drop_breakdowns(ex, toks, n, figs, S->cur_at);
    if (st.cur && st.cur != &BLOCKED_IND)
        ex->last_ind = st.cur;
    else if (st.any_phrase)
        ex->last_ind = NULL;
    ex->sector = st.sector;
}

/* 112% of the base is a change of +12%; 95,2% is -4,8%. */
static ct_decimal ratio_change(ct_decimal r)
{
    long long hundred = 100;
    for (int e = r.exp; e < 0; e++)
        hundred *= 10;
    for (int e = r.exp; e > 0; e--)
        hundred /= 10;
    r.mant -= hundred;
    return r;
}

/* The level a change at c belongs to: the nearest before it in its part of
 * the sentence, else the next after it; a list's whole (whole_of_list). */
static int change_level(const sent *S, int c)
{
    const tk *toks = S->toks;
    const fig *figs = S->figs;
    int n = S->n, target = -1;
    for (int j = c - 1; j >= 0; j--) {
        if (is_punct(&toks[j], ';') && toks[j].depth == 0) break;
        if (toks[j].kind == TK_NUM && figs[j].role == R_LEVEL && figs[j].ind && !figs[j].target &&
            toks[j].depth <= toks[c].depth) {
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
    return target >= 0 ? whole_of_list(toks, figs, target, c) : -1;
}

/* The comparison a change at c makes: the token that names it (a period,
 * cùng kỳ, tháng trước) in *cmp_tok, or -1. */
static void change_comparison(const sent *S, int c, int *cmp_tok, int *cungky, int *prev)
{
    const tk *toks = S->toks;
    int n = S->n;
    *cmp_tok = -1;
    *cungky = *prev = 0;
    for (int j = c + 1; j < n; j++) {
        const tk *u = &toks[j];
        if (u->kind == TK_NUM) break;
        if (u->kind == TK_PUNCT &&
            (u->ch == ';' || u->ch == '(' || (u->ch == ',' && u->depth == 0 && j > c + 1)))
            break;
        if (is_cue(u, CUE_UP) || is_cue(u, CUE_DOWN)) break;
        if (is_cue(u, CUE_CUNGKY)) {
            *cungky = 1;
            if (*cmp_tok < 0) *cmp_tok = j;
        }
        if (is_cue(u, CUE_LASTYEAR)) *cungky = 1, *cmp_tok = j;
        if (is_cue(u, CUE_PREV)) {
            *prev = 1;
            if (*cmp_tok < 0 || toks[*cmp_tok].kind != TK_PERIOD) *cmp_tok = j;
        }
        if (u->kind == TK_PERIOD && (u->pflags & PF_CMP)) *cmp_tok = j;
    }
    if (*cmp_tok >= 0) return;
    /* a comparison that opens the sentence: "Nếu so với tháng 6 trước đó,
     * ... đã giảm 7,48%" */
    for (int j = c - 1; j >= 0; j--) {
        const tk *u = &toks[j];
        if (u->kind == TK_NUM) break;
        if (is_cue(u, CUE_CUNGKY) || is_cue(u, CUE_LASTYEAR)) *cungky = 1, *cmp_tok = j;
        if (is_cue(u, CUE_PREV)) {
            *prev = 1;
            if (*cmp_tok < 0) *cmp_tok = j;
        }
        if (u->kind == TK_PERIOD && (u->pflags & PF_CMP)) {
            *cmp_tok = j;
            break;
        }
    }
}

/* The reference period and basis of a change of a figure of period P:
 * cùng kỳ is year on year; tháng trước the period before; a period named
 * is year on year when it is P a year earlier. prev_wins: "tháng trước"
 * decides even against a named period (a change added to a queued record). */
static void change_basis(const sent *S, ct_change *ch, int cmp_tok, int cungky, int prev,
                         ct_period P, const ct_indicator *ind, int prev_wins)
{
    if (cmp_tok < 0) {
        ch->ref = ct_period_shift(P, -12);
        return;
    }
    if (ind && ind->measure == CT_STOCK && prev && !cungky && S->toks[cmp_tok].kind != TK_PERIOD)
        P.first = P.last; /* a stock against the month before: a point */
    ch->ref = ref_period(S->ex, S->toks, cmp_tok, P, ind);
    if (cungky)
        ch->basis = CT_BASIS_YOY;
    else if (prev && S->toks[cmp_tok].kind != TK_PERIOD)
        ch->basis = CT_BASIS_PREV;
    else
        ch->basis = ct_period_eq(&ch->ref, &(ct_period){P.first - 12, P.last - 12, P.day})
                        ? CT_BASIS_YOY
                        : CT_BASIS_PREV;
    if (prev_wins && prev) ch->basis = CT_BASIS_PREV;
}

static void add_change(ct_change *list, int *nlist, const ct_change *ch)
{
    for (int q = 0; q < *nlist; q++)
        if (list[q].basis == ch->basis) return;
    if (*nlist < CT_MAX_CHANGES) list[(*nlist)++] = *ch;
}

/* A change with no figure of its own ("Doanh thu tăng 5% so với cùng
 * kỳ."): add it to the latest queued record of the indicator in force, if
 * the sentence names no other period. */
static void change_to_queue(const sent *S, int c, ct_change ch, int cmp_tok, int cungky, int prev)
{
    ct_extractor *ex = S->ex;
    const tk *toks = S->toks;
    const ct_indicator *ci = S->cur_at[c];
    int explicit_per = -1;
    for (int j = 0; j < S->n; j++)
        if (toks[j].kind == TK_PERIOD && !(toks[j].pflags & PF_CMP)) explicit_per = j;
    for (int q = ex->nq - 1; q >= 0; q--) {
        ct_record *r = &ex->queue[q].rec;
        if (r->ind != ci || r->type != CT_REC_OBSERVATION || r->baseline) continue;
        if (explicit_per >= 0) {
            ct_period ep =
                ct__apply_period(ex, toks[explicit_per].per, toks[explicit_per].pflags, ci);
            if (!ct_period_eq(&ep, &r->period)) break;
        }
        change_basis(S, &ch, cmp_tok, cungky, prev, r->period, ci, 1);
        add_change(r->changes, &r->nchanges, &ch);
        break;
    }
}

/* 5. Each change to its level, with basis and reference period; the
 * baselines in parentheses after its comparison take that period. */
static void attach_changes(sent *S)
{
    ct_extractor *ex = S->ex;
    tk *toks = S->toks;
    int n = S->n;
    fig *figs = S->figs;
    int nlevels = 0;
    for (int ki = 0; ki < S->nnum; ki++) {
        int k = S->num[ki];
        if (figs[k].role == R_LEVEL && figs[k].ind && !figs[k].target) nlevels++;
    }
    for (int ci = 0; ci < S->nnum; ci++) {
        int c = S->num[ci];
        fig *cf = &figs[c];
        if (toks[c].kind != TK_NUM || (cf->role != R_CHANGE && cf->role != R_PLAN)) continue;
        if (cf->blocked) continue;
        int target = change_level(S, c);
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
            if (cf->ratio) ch.pct = ratio_change(ch.pct);
            if (cf->sign < 0) ch.pct.mant = -ch.pct.mant;
            ch.basis = CT_BASIS_YOY;
        }
        int cmp_tok = -1, cungky = 0, prev = 0;
        if (cf->role == R_CHANGE) change_comparison(S, c, &cmp_tok, &cungky, &prev);
        if (target >= 0) {
            fig *tf = &figs[target];
            if (cf->role == R_CHANGE && (tf->per_rule == PR_DOC || tf->per_rule == PR_PUB) &&
                cmp_tok >= 0 && toks[cmp_tok].kind == TK_PERIOD && !cungky && !prev) {
                /* "doanh thu hơn 112 tỷ USD, tăng 9,3% so với năm 2018" in a
                 * text of no period of its own: the figure is 2019's */
                ct_period r = ct__fix_year(ex, toks[cmp_tok].per, toks[cmp_tok].pflags);
                int pm = ct__pub_month(ex);
                if (r.first == CT_MONTH(CT_YEAR_OF(r.first), 1) &&
                    r.last == CT_MONTH(CT_YEAR_OF(r.first), 12) && !r.day &&
                    (!pm || r.last + 12 <= pm + 1)) {
                    tf->per = ct_period_shift(r, 12);
                    if (tf->ind && tf->ind->measure == CT_STOCK) tf->per.first = tf->per.last;
                }
            }
            if (cf->role == R_CHANGE) change_basis(S, &ch, cmp_tok, cungky, prev, tf->per, tf->ind, 0);
            add_change(tf->ch, &tf->nch, &ch);
            /* baselines in parentheses after this change's comparison */
            for (int j = c + 1; j < n; j++) {
                if (toks[j].kind == TK_NUM && figs[j].role == R_BASELINE && figs[j].main >= 0) {
                    figs[j].main = target;
                    figs[j].per = ch.ref;
                    break;
                }
                if (toks[j].kind == TK_NUM && figs[j].role != R_BASELINE) break;
            }
        } else if (nlevels == 0 && cf->role == R_CHANGE && S->cur_at[c] &&
                   S->cur_at[c] != &BLOCKED_IND) {
            change_to_queue(S, c, ch, cmp_tok, cungky, prev);
        }
    }
}

/* 4. Each level's period (the sentence's, the previous sentence's after
 * "Trong đó", the paragraph's, the document's) and whether it is a target;
 * the period an observation names stays in force in its paragraph. */
static void choose_periods(sent *S)
{
    ct_extractor *ex = S->ex;
    tk *toks = S->toks;
    int n = S->n;
    fig *figs = S->figs;
    ct_fold *fo = S->fo;
    int of_which =
        fo->len >= strlen("trong đó") && !memcmp(fo->text, "trong đó", strlen("trong đó"));
    ct_period sent_per = {0, 0, 0};
    int sent_pflags = 0, have_sent_per = 0;
    for (int ki = 0; ki < S->nnum; ki++) {
        int k = S->num[ki];
        fig *f = &figs[k];
        if (toks[k].kind != TK_NUM || !f->ind) continue;
        if (f->role != R_LEVEL && f->role != R_SHARE && f->role != R_PLANVALUE) continue;
        int pj = f->role == R_PLANVALUE && f->ref_tok >= 0 ? f->ref_tok
                 : f->from_to && k + 1 < n && toks[k + 1].kind == TK_PERIOD
                     ? k + 1
                     : period_for(toks, n, k, figs);
        f->per_explicit = pj >= 0;
        if (pj >= 0) {
            f->per = ct__apply_period(ex, toks[pj].per, toks[pj].pflags, f->ind);
            f->per_rule = f->role == R_PLANVALUE && f->ref_tok >= 0 ? PR_PLAN : PR_SENTENCE;
        } else if (of_which && ex->have_prev_per) {
            /* "Trong đó, ..." : a part of the previous sentence's figure */
            f->per = ct__apply_period(ex, ex->prev_per, ex->prev_pflags, f->ind);
            f->per_rule = PR_OFWHICH;
        } else if (ex->have_line_per) {
            /* a later sentence of the paragraph: the period it set */
            f->per = ct__apply_period(ex, ex->line_per, ex->line_pflags, f->ind);
            f->per_rule = PR_LINE;
        } else {
            f->per = ct__default_period(ex, f->ind);
            f->per_rule = ex->have_doc ? PR_DOC : PR_PUB;
        }
        int pm = ct__pub_month(ex);
        int gp = -1, in_goal = goal_scope(S, k, &gp);
        /* an item of a goal's list takes the goal's period ("Mục tiêu năm
         * 2025: A đạt ...; B đạt 80%") */
        if (in_goal && gp >= 0 && (pj < 0 || !(toks[pj].pflags & PF_TARGET) || pj < gp) &&
            (pj < 0 || f->per_rule != PR_SENTENCE || pj < gp)) {
            pj = gp;
            f->per = ct__apply_period(ex, toks[gp].per, toks[gp].pflags, f->ind);
            f->per_rule = PR_SENTENCE;
            f->per_explicit = 1;
        }
        f->target = in_goal || f->role == R_PLANVALUE ||
                    (pj >= 0 && (toks[pj].pflags & PF_TARGET)) ||
                    (pm && ct_period_is_set(&f->per) && f->per.last > pm + 1);
        if ((k > S->growth_at || f->goal_growth) && toks[k].unit && !strcmp(toks[k].unit, "percent") &&
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

}

/* Baselines take their level's indicator, area and comparison period. */
static void resolve_baselines(sent *S)
{
    ct_extractor *ex = S->ex;
    tk *toks = S->toks;
    int n = S->n;
    fig *figs = S->figs;
    /* also those whose comparison had no change ("tăng nhẹ so với tháng 1 (68,31%)") */
    for (int ki = 0; ki < S->nnum; ki++) {
        int k = S->num[ki];
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
    (void)n;
}

/* How sure the record of figure f is: the rule that chose its indicator,
 * lowered when another rule named another indicator, times where its period
 * and area came from, and a little less for a target or a qualified
 * figure. Calibrated on ../shared/corpus (docs/confidence.md). */
static double confidence_of(const sent *S, const fig *f, const tk *t, int levels)
{
    double c = f->role == R_BASELINE ? 0.93 : ind_rules[f->ind_rule].conf;
    static const double reach[3] = {1.0, 0.93, 0.86};
    c *= reach[f->reach < 0 ? 0 : f->reach > 2 ? 2 : f->reach];
    for (int i = 1; i < f->ncand; i++)
        if (f->cand[i].ind != f->cand[0].ind && f->cand[i].ind != &BLOCKED_IND) {
            c *= 0.9;
            break;
        }
    /* a bare number is read on the phrase's word alone */
    if (!t->unit && !t->cur_implied) c *= 0.95;
    c *= per_rules[f->per_rule].conf;
    c *= area_rules[f->area_rule].conf;
    if (f->target) c *= 0.97;
    if (t->approx == CT_APPROX_OVER || t->approx == CT_APPROX_UNDER) c *= 0.98;
    (void)S;
    /* a sentence dense with figures is where readings go wrong */
    if (levels > 4)
        c *= 0.95;
    else if (levels > 2)
        c *= 0.98;
    return c < 0 ? 0 : c > 1 ? 1 : c;
}

static void evidence_of(const fig *f, ct_record *r)
{
    ct_evidence *ev = &r->evidence;
    ev->indicator = f->role == R_BASELINE ? "số gốc của phép so sánh"
                                           : ind_rules[f->ind_rule].why;
    ev->period = per_rules[f->per_rule].why;
    ev->area = area_rules[f->area_rule].why;
    ev->ncand = 0;
    for (int i = 0; i < f->ncand && ev->ncand < CT_MAX_CANDIDATES; i++) {
        if (f->cand[i].ind == &BLOCKED_IND) continue;
        ev->cand[ev->ncand].ind = f->cand[i].ind;
        ev->cand[ev->ncand].why = ind_rules[f->cand[i].rule].why;
        ev->ncand++;
    }
}

/* One record out of figure k: a baseline, a target or an observation. */
static int make_record(sent *S, int k, ct_record *r, int levels)
{
    ct_extractor *ex = S->ex;
    tk *toks = S->toks;
    fig *figs = S->figs;
    fig *f = &figs[k];
    tk *t = &toks[k];
    record_from(ex, r, t, f, S->ss, S->se, S->fo);
    if (f->role == R_BASELINE) {
        r->baseline = 1;
        if (!t->unit && !t->cur_implied &&
            (strstr(f->ind->unit, "VND") || strstr(f->ind->unit, "USD")))
            r->unit = toks[f->main].unit ? toks[f->main].unit : "VND";
        if (t->cur_implied || !t->unit) {
            /* "(4.014.701)": the unit of its figure */
            const char *mu = toks[f->main].unit;
            if (mu && (strstr(f->ind->unit, mu))) r->unit = mu;
        }
        r->value = t->v;
        r->approx = t->approx;
    } else if (f->target) {
        r->type = CT_REC_TARGET;
        if (f->growth) {
            r->growth = 1;
            r->unit = NULL;
        }
        if (t->bound <= 0) {
            r->has_min = 1;
            r->min = t->v;
        }
        if (t->bound >= 0) {
            r->has_max = 1;
            r->max = t->range ? t->v2 : t->v;
        }
        if (t->bound < 0 && t->range) {
            r->has_max = 1;
            r->max = t->v2;
        }
    } else {
        r->value = t->v;
        r->approx = t->approx ? t->approx : (S->estimate ? CT_APPROX_ESTIMATE : CT_APPROX_NONE);
        r->nchanges = f->nch;
        memcpy(r->changes, f->ch, (size_t)f->nch * sizeof f->ch[0]);
        if (t->range) return 0; /* a range is not an observed value */
    }
    /* a second currency reading */
    for (int j = k + 1; j < S->n && j <= k + 3; j++)
        if (toks[j].kind == TK_NUM && figs[j].role == R_ALT && figs[j].main == k) {
            r->has_alt = 1;
            r->alt_value = toks[j].v;
            r->alt_unit = toks[j].unit;
        }
    if (r->type == CT_REC_OBSERVATION)
        for (int v = 0; v < ex->nvoids; v++)
            if (ex->voids[v].ind == r->ind && near_equal(ex->voids[v].v, ct_decimal_value(r->value)))
                return 0;
    r->confidence = confidence_of(S, f, t, levels);
    evidence_of(f, r);
    return 1;
}

/* 6. The records, in the order of their figures. */
static void emit_records(sent *S)
{
    ct_extractor *ex = S->ex;
    tk *toks = S->toks;
    fig *figs = S->figs;
    int levels = 0;
    for (int ki = 0; ki < S->nnum; ki++)
        if (figs[S->num[ki]].role == R_LEVEL) levels++;
    for (int ki = 0; ki < S->nnum; ki++) {
        int k = S->num[ki];
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
        if (make_record(S, k, &r, levels)) ct__emit_or_queue(ex, &r);
    }
}

/* "...; 100% cơ quan nhà nước cấp tỉnh sử dụng chữ ký số", "95% xã có
 * điểm phục vụ": a percentage opening its clause with a noun the grammar
 * does not know is the share of that noun, whose name follows; it is the
 * catalogue's rate named later in the clause, or no record. */
static void own_subjects(sent *S)
{
    const tk *toks = S->toks;
    for (int ki = 0; ki < S->nnum; ki++) {
        int k = S->num[ki];
        const tk *t = &toks[k];
        fig *f = &S->figs[k];
        if (!t->noun_at || (k + 1 < S->n && toks[k + 1].s == t->noun_at)) continue;
        if (k > 0 && !(toks[k - 1].kind == TK_PUNCT && toks[k - 1].depth == 0 &&
                       strchr(",;:", toks[k - 1].ch)))
            continue;
        size_t g = k > 0 ? toks[k - 1].e : 0; /* nothing between: not "..., đạt 70% tổng số" */
        while (g < t->s && S->fo->text[g] == ' ')
            g++;
        if (g != t->s) continue;
        const ct_indicator *named = NULL;
        for (int j = k + 1; j < S->n && !named; j++) {
            if (toks[j].kind == TK_PUNCT && toks[j].depth == 0 && strchr(",;:.", toks[j].ch)) break;
            if (toks[j].kind == TK_NUM) break;
            if (toks[j].kind == TK_PHRASE && toks[j].ph->kind == CT_PH_ALIAS)
                named = ct_catalog_find(S->ex->cat, toks[j].ph->arg);
        }
        if (named && strcmp(named->unit, "percent")) named = NULL;
        f->ind = named;
        f->ncand = 0;
        if (named) {
            f->ind_rule = IR_NEXT;
            f->ncand = 1;
            f->cand[0].ind = named;
            f->cand[0].rule = IR_NEXT;
        }
    }
}

int ct__assemble(ct_extractor *ex, const char *raw, size_t rawlen, long long start)
{
    /* no digit, no figure: such a sentence can still name a sector
     * ("Về lĩnh vực viễn thông:"), which a digit-free scan of the
     * catalogue phrases would find; the full grammar is not needed */
    if (!ct__has_digit(raw, rawlen)) return skim_context(ex, raw, rawlen);
    sent S;
    int rc = sent_begin(&S, ex, raw, rawlen, start);
    if (rc <= 0) return rc;
    classify_figures(&S);
    find_baselines(&S);
    scope(&S);
    assign_areas(&S);
    choose_indicators(&S);
    own_subjects(&S);
    choose_periods(&S);
    attach_changes(&S);
    resolve_baselines(&S);
    emit_records(&S);
    return CT_OK;
}
