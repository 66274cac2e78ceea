/* lex.c — the Vietnamese grammar of figures, periods and cue words.
 *
 * Input is one folded sentence (NFC, lower case, single spaces). The lexer
 * walks it word by word and emits tokens: a figure with its scale,
 * currency or count noun and qualifier; a period (month interval) with
 * how it was introduced (tính đến, lũy kế, so với...); a cue word; a
 * catalogue phrase (longest match); punctuation. It decides nothing about
 * which indicator a figure belongs to: that is extract.c's business.
 *
 * Rules worth knowing (tests/data/grammar.tsv has the cases):
 *  - "1.812" is 1812, "46,8" is 46.8 (num.c); "tháng 1.2022" is a month,
 *    never the number 1,2022; "20.1.2022", "20/1/2022", "20-1-2022" are days.
 *  - "54/63" (a fraction), "số 129/2024/QH15" (a document number), "4.0"
 *    after "công nghiệp", "thứ 8", "mức độ 3, 4" are not figures.
 *  - a bare four-digit number 1990..2100 is a year;
 *  - "N tháng (đầu năm)" is January..N; "N quý đầu năm" likewise;
 *  - a range "25-30", "20 - 30%" is one figure with an upper end;
 *  - "14,1% %" is 14,1%. */
#include "lex.h"

#include <stdlib.h>
#include <string.h>

typedef struct lx {
    const ct_catalog *cat;
    const char *t;
    size_t n, i;
    tk_list *out;
    int depth;
    /* pending context from words just read */
    ct_approx approx;
    int approx_at; /* token count when set */
    int bound;
    int pflags;      /* PF_UPTO / PF_END waiting for a period */
    size_t pflags_at;
    int cmp;         /* after so với / cùng kỳ: periods are references */
    int goal;        /* after mục tiêu: periods are target periods */
    int suppress;    /* numbers after "thứ", "mức độ": not figures */
    int rank;        /* after "thứ hạng", "xếp thứ" */
    int oom;
    size_t wl_at, wl; /* cached length of the word at wl_at */
} lx;

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_wordb(unsigned char c)
{
    return c >= 0x80 || is_digit(c) || (c >= 'a' && c <= 'z') || c == '&';
}

/* Length of literal w at t[i] ending at a word end, else 0. */
static size_t word_len(lx *L, size_t i)
{
    if (L->wl_at == i + 1) return L->wl; /* wl_at is i + 1 so 0 means unset */
    size_t j = i;
    while (j < L->n && is_wordb((unsigned char)L->t[j])) j++;
    L->wl_at = i + 1;
    L->wl = j - i;
    return j - i;
}

static size_t lit(lx *L, size_t i, const char *w)
{
    if (i >= L->n || L->t[i] != w[0]) return 0; /* most calls end here */
    /* compare the first word before anything longer: "tăng" vs "tháng" */
    size_t wl = word_len(L, i);
    if (wl) {
        if (strncmp(w, L->t + i, wl) != 0) return 0;
        if (w[wl] != '\0' && w[wl] != ' ') return 0;
    }
    size_t k = strlen(w);
    if (i + k > L->n || memcmp(L->t + i, w, k) != 0) return 0;
    if (i + k < L->n && is_wordb((unsigned char)L->t[i + k]) &&
        is_wordb((unsigned char)w[k - 1]))
        return 0;
    return k;
}

static size_t skip_sp(lx *L, size_t i)
{
    while (i < L->n && L->t[i] == ' ') i++;
    return i;
}

/* Longest of a list of literals at i. */
static size_t lit_any(lx *L, size_t i, const char *const *ws, int *which)
{
    size_t best = 0;
    for (int k = 0; ws[k]; k++) {
        size_t m = lit(L, i, ws[k]);
        if (m > best) {
            best = m;
            if (which) *which = k;
        }
    }
    return best;
}

static tk *emit(lx *L, tk_kind kind, size_t s, size_t e)
{
    tk_list *o = L->out;
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 64;
        tk *v = realloc(o->v, cap * sizeof *v);
        if (!v) {
            L->oom = 1;
            return NULL;
        }
        o->v = v;
        o->cap = cap;
    }
    tk *k = &o->v[o->n++];
    memset(k, 0, sizeof *k);
    k->kind = kind;
    k->s = s;
    k->e = e;
    k->depth = L->depth;
    return k;
}

/* Read digits at i: returns end, value in *v (integer), digit count. */
static size_t read_uint(lx *L, size_t i, int *v, int *ndig)
{
    int x = 0, k = 0;
    while (i < L->n && is_digit((unsigned char)L->t[i]) && k < 9) {
        x = x * 10 + (L->t[i] - '0');
        i++;
        k++;
    }
    if (i < L->n && is_digit((unsigned char)L->t[i])) k = 99; /* too long */
    *v = x;
    *ndig = k;
    return i;
}

static int is_year(int y, int nd)
{
    return nd == 4 && y >= 1990 && y <= 2100;
}

/* "/2024", ".2022", "-2022", " - 2022", " năm 2024" after a month or
 * quarter number: returns the end and the year, or i and 0. */
static size_t read_year_suffix(lx *L, size_t i, int *year)
{
    *year = 0;
    size_t j = i;
    if (j < L->n && (L->t[j] == '/' || L->t[j] == '.' || L->t[j] == '-')) {
        int y, nd;
        size_t e = read_uint(L, j + 1, &y, &nd);
        if (is_year(y, nd) && (e >= L->n || !is_wordb((unsigned char)L->t[e]))) {
            *year = y;
            return e;
        }
        return i;
    }
    j = skip_sp(L, i);
    size_t m;
    if ((m = lit(L, j, "-")) || (m = lit(L, j, "/"))) {
        size_t k = skip_sp(L, j + m);
        int y, nd;
        size_t e = read_uint(L, k, &y, &nd);
        if (is_year(y, nd)) {
            *year = y;
            return e;
        }
        return i;
    }
    if ((m = lit(L, j, "năm"))) {
        size_t k = skip_sp(L, j + m);
        int y, nd;
        size_t e = read_uint(L, k, &y, &nd);
        if (is_year(y, nd)) {
            *year = y;
            return e;
        }
    }
    return i;
}

static void emit_period(lx *L, size_t s, size_t e, int y1, int m1, int y2, int m2, int day,
                        int flags)
{
    tk *k = emit(L, TK_PERIOD, s, e);
    if (!k) return;
    k->per.first = CT_MONTH(y1, m1);
    k->per.last = CT_MONTH(y2, m2);
    k->per.day = day;
    k->pflags = flags;
    if (L->pflags && L->out->n - L->pflags_at <= 3) k->pflags |= L->pflags;
    L->pflags = 0;
    if (L->cmp) k->pflags |= PF_CMP;
    if (L->goal) k->pflags |= PF_TARGET;
}

/* A date D[./-]M[./-]YYYY (or D/M when allow_short) at i. */
static size_t read_date(lx *L, size_t i, int *d, int *m, int *y, int allow_short)
{
    int nd;
    size_t j = read_uint(L, i, d, &nd);
    if (nd < 1 || nd > 2 || *d < 1 || *d > 31 || j >= L->n) return 0;
    char sep = L->t[j];
    if (sep != '/' && sep != '.' && sep != '-') return 0;
    size_t k = read_uint(L, j + 1, m, &nd);
    if (nd < 1 || nd > 2 || *m < 1 || *m > 12) return 0;
    if (k < L->n && L->t[k] == sep) {
        size_t e = read_uint(L, k + 1, y, &nd);
        if (is_year(*y, nd) && (e >= L->n || !is_wordb((unsigned char)L->t[e]))) return e - i;
        return 0;
    }
    if (!allow_short || (k < L->n && is_wordb((unsigned char)L->t[k]))) return 0;
    if (k < L->n && (L->t[k] == '/' || L->t[k] == '.') && k + 1 < L->n &&
        is_digit((unsigned char)L->t[k + 1]))
        return 0;
    *y = 0;
    return k - i;
}

/* Words after "tháng"/"quý"/"năm"... Returns bytes consumed (0: none). */
static size_t lex_period_word(lx *L, size_t i)
{
    size_t m, j;
    int v, nd, y;
    /* tháng M[/Y] */
    if ((m = lit(L, i, "tháng"))) {
        j = skip_sp(L, i + m);
        size_t e = read_uint(L, j, &v, &nd);
        if (nd >= 1 && nd <= 2 && v >= 1 && v <= 12 &&
            (e >= L->n || !is_wordb((unsigned char)L->t[e]))) {
            size_t e2 = read_year_suffix(L, e, &y);
            if (y) emit_period(L, i, e2, y, v, y, v, 0, 0);
            else emit_period(L, i, e, 0, v, 0, v, 0, PF_NOYEAR);
            return (y ? e2 : e) - i;
        }
        return 0;
    }
    /* T2/2024 */
    if (L->t[i] == 't' && i + 1 < L->n && is_digit((unsigned char)L->t[i + 1])) {
        size_t e = read_uint(L, i + 1, &v, &nd);
        if (nd <= 2 && v >= 1 && v <= 12 && e < L->n && L->t[e] == '/') {
            int yy, nd2;
            size_t e2 = read_uint(L, e + 1, &yy, &nd2);
            if (is_year(yy, nd2) && (e2 >= L->n || !is_wordb((unsigned char)L->t[e2]))) {
                emit_period(L, i, e2, yy, v, yy, v, 0, 0);
                return e2 - i;
            }
        }
        return 0;
    }
    /* quý N|I..IV[/Y] */
    if ((m = lit(L, i, "quý"))) {
        j = skip_sp(L, i + m);
        int q = 0;
        size_t e = j;
        static const char *const roman[] = {"iv", "iii", "ii", "i", NULL};
        int w = -1;
        size_t rm = lit_any(L, j, roman, &w);
        if (rm) {
            q = w == 0 ? 4 : 4 - w; /* iv, iii, ii, i */
            e = j + rm;
        } else {
            e = read_uint(L, j, &v, &nd);
            if (nd == 1 && v >= 1 && v <= 4 && (e >= L->n || !is_wordb((unsigned char)L->t[e])))
                q = v;
        }
        if (!q) return 0;
        size_t e2 = read_year_suffix(L, e, &y);
        if (y) emit_period(L, i, e2, y, q * 3 - 2, y, q * 3, 0, 0);
        else emit_period(L, i, e, 0, q * 3 - 2, 0, q * 3, 0, PF_NOYEAR);
        return (y ? e2 : e) - i;
    }
    /* nửa đầu năm [Y], nửa cuối năm [Y] */
    if ((m = lit(L, i, "nửa đầu năm")) || (m = lit(L, i, "nửa cuối năm"))) {
        int first = lit(L, i, "nửa đầu năm") ? 1 : 7;
        j = skip_sp(L, i + m);
        size_t e = read_uint(L, j, &y, &nd);
        if (is_year(y, nd)) {
            emit_period(L, i, e, y, first, y, first + 5, 0, 0);
            return e - i;
        }
        emit_period(L, i, i + m, 0, first, 0, first + 5, 0, PF_NOYEAR);
        return m;
    }
    /* cuối năm [Y] */
    if ((m = lit(L, i, "cuối năm"))) {
        j = skip_sp(L, i + m);
        size_t e = read_uint(L, j, &y, &nd);
        if (is_year(y, nd)) {
            emit_period(L, i, e, y, 1, y, 12, 0, PF_END);
            return e - i;
        }
        if (lit(L, j, "ngoái") || lit(L, j, "trước")) return 0;
        emit_period(L, i, i + m, 0, 1, 0, 12, 0, PF_END | PF_NOYEAR);
        return m;
    }
    /* năm Y, năm nay */
    if ((m = lit(L, i, "năm"))) {
        j = skip_sp(L, i + m);
        size_t e = read_uint(L, j, &y, &nd);
        if (is_year(y, nd) && (e >= L->n || !is_wordb((unsigned char)L->t[e]))) {
            emit_period(L, i, e, y, 1, y, 12, 0, 0);
            return e - i;
        }
        size_t k;
        if ((k = lit(L, j, "nay"))) {
            emit_period(L, i, j + k, 0, 1, 0, 12, 0, PF_NOYEAR);
            return j + k - i;
        }
        return 0;
    }
    /* ngày D/M[/Y], ngày D tháng M năm Y */
    if ((m = lit(L, i, "ngày"))) {
        j = skip_sp(L, i + m);
        int d, mo;
        size_t k = read_date(L, j, &d, &mo, &y, 1);
        if (k) {
            emit_period(L, i, j + k, y, mo, y, mo, d, y ? 0 : PF_NOYEAR);
            return j + k - i;
        }
        size_t e = read_uint(L, j, &d, &nd);
        if (nd >= 1 && nd <= 2 && d >= 1 && d <= 31) {
            size_t t2 = skip_sp(L, e);
            size_t tm = lit(L, t2, "tháng");
            if (tm) {
                size_t e2 = read_uint(L, skip_sp(L, t2 + tm), &mo, &nd);
                if (nd >= 1 && nd <= 2 && mo >= 1 && mo <= 12) {
                    size_t e3 = read_year_suffix(L, e2, &y);
                    emit_period(L, i, y ? e3 : e2, y, mo, y, mo, d, y ? 0 : PF_NOYEAR);
                    return (y ? e3 : e2) - i;
                }
            }
        }
        return 0;
    }
    /* giai đoạn Y1-Y2 */
    if ((m = lit(L, i, "giai đoạn"))) {
        j = skip_sp(L, i + m);
        int y1, y2, nd2;
        size_t e = read_uint(L, j, &y1, &nd);
        if (!is_year(y1, nd)) return 0;
        size_t k = skip_sp(L, e);
        if (k < L->n && L->t[k] == '-') {
            size_t e2 = read_uint(L, skip_sp(L, k + 1), &y2, &nd2);
            if (is_year(y2, nd2) && y2 >= y1) {
                emit_period(L, i, e2, y1, 1, y2, 12, 0, 0);
                return e2 - i;
            }
        }
        emit_period(L, i, e, y1, 1, y1, 12, 0, 0);
        return e - i;
    }
    return 0;
}

/* Scale words after a number: exponent, 0 for none. */
static size_t read_scale(lx *L, size_t i, int *exp10)
{
    static const struct {
        const char *w;
        int e;
    } sc[] = {{"nghìn tỷ", 12}, {"nghìn tỉ", 12}, {"ngàn tỷ", 12}, {"ngàn tỉ", 12},
              {"triệu tỷ", 15}, {"triệu tỉ", 15}, {"tỷ", 9},       {"tỉ", 9},
              {"triệu", 6},     {"nghìn", 3},     {"ngàn", 3},      {NULL, 0}};
    size_t best = 0;
    for (int k = 0; sc[k].w; k++) {
        size_t m = lit(L, i, sc[k].w);
        if (m > best) {
            best = m;
            *exp10 = sc[k].e;
        }
    }
    return best;
}

static size_t read_currency(lx *L, size_t i, const char **cur)
{
    static const char *const vnd[] = {"đồng", "vnđ", "vnd", "đ", NULL};
    static const char *const usd[] = {"usd", "đô la mỹ", "đô la", "đôla", "đô", NULL};
    size_t m;
    if ((m = lit_any(L, i, vnd, NULL))) {
        *cur = "VND";
        return m;
    }
    if ((m = lit_any(L, i, usd, NULL))) {
        *cur = "USD";
        return m;
    }
    return 0;
}

/* Words that may follow a bare count without being its unit. */
static int is_function_word(lx *L, size_t i)
{
    static const char *const fw[] = {
        "tăng", "giảm", "so", "và", "là", "trong", "của", "tại", "với", "đạt", "cho", "từ",
        "lên", "đến", "tới", "thì", "nhưng", "khi", "được", "đã", "vào", "chiếm", "hay",
        "hoặc", "theo", "ước", "còn", "sau", "trước", "trên", "tương", "cùng", "nhằm", "nên",
        "mà", "do", "bằng", "như", "ở", "về", "kể", "tính", "hiện", "năm", "vượt", "gồm",
        "bao", "đều", "cũng", "sẽ", "vẫn", NULL};
    return lit_any(L, i, fw, NULL) > 0;
}

static void lex_number(lx *L)
{
    size_t i = L->i;
    const char *t = L->t;
    /* dates first: 20.1.2022, 20/2/2023, 28/02/2023, 21-3-2022 */
    int d, mo, y;
    size_t k = read_date(L, i, &d, &mo, &y, 0);
    if (k) {
        emit_period(L, i, i + k, y, mo, y, mo, d, 0);
        L->i = i + k;
        return;
    }
    /* month/year: 2/2024 (after "cùng kỳ tháng" the lexer already took it) */
    size_t j = i;
    while (j < L->n && (is_digit((unsigned char)t[j]) ||
                        ((t[j] == '.' || t[j] == ',') && j + 1 < L->n &&
                         is_digit((unsigned char)t[j + 1]))))
        j++;
    /* glued to letters: 5g, 4k, kt1 handled as words */
    if (j < L->n && is_wordb((unsigned char)t[j]) && !is_digit((unsigned char)t[j])) {
        while (j < L->n && is_wordb((unsigned char)t[j])) j++;
        L->i = j;
        return;
    }
    /* a slash run: fractions 54/63, document numbers 129/2024/qh15, M/YYYY */
    if (j < L->n && t[j] == '/' && j + 1 < L->n && L->t[j + 1] != ' ') {
        size_t e = j;
        int letters = 0;
        while (e < L->n && t[e] != ' ' && t[e] != ',' && t[e] != ';' && t[e] != ')' &&
               t[e] != '(') {
            if ((unsigned char)t[e] >= 'a' || (unsigned char)t[e] >= 0x80) letters = 1;
            e++;
        }
        while (e > j && (t[e - 1] == '.' || t[e - 1] == ':')) e--;
        int mm, ndm, yy, ndy;
        size_t e1 = read_uint(L, i, &mm, &ndm);
        if (!letters && e1 == j && ndm <= 2 && mm >= 1 && mm <= 12) {
            size_t e2 = read_uint(L, j + 1, &yy, &ndy);
            if (is_year(yy, ndy) && e2 == e) {
                emit_period(L, i, e, yy, mm, yy, mm, 0, 0);
                L->i = e;
                return;
            }
        }
        L->i = e;
        return; /* not a figure */
    }
    ct_decimal v;
    int rc = ct_num_parse(t + i, j - i, &v);
    size_t num_end = j;
    if (rc != CT_OK) {
        L->i = j;
        return;
    }
    if (L->suppress) {
        L->suppress = 1; /* "mức độ 3, 4": a number after a comma too */
        L->i = j;
        return;
    }
    /* bare year 1990..2100: a period */
    int yv, ynd;
    size_t ye = read_uint(L, i, &yv, &ynd);
    if (ye == j && is_year(yv, ynd)) {
        size_t a = skip_sp(L, j);
        int e10 = 0;
        const char *cur = NULL;
        if (!(a < L->n && t[a] == '%') && !read_scale(L, a, &e10) && !read_currency(L, a, &cur)) {
            /* 2021-2025, 2022 - 2024 */
            if (a < L->n && t[a] == '-') {
                int y2, nd2;
                size_t b = skip_sp(L, a + 1);
                size_t e2 = read_uint(L, b, &y2, &nd2);
                if (is_year(y2, nd2) && y2 >= yv) {
                    emit_period(L, i, e2, yv, 1, y2, 12, 0, 0);
                    L->i = e2;
                    return;
                }
            }
            emit_period(L, i, j, yv, 1, yv, 12, 0, 0);
            L->i = j;
            return;
        }
    }
    /* N tháng (đầu năm) [Y], N tháng qua, N tháng cuối năm, N quý đầu năm */
    size_t a = skip_sp(L, j);
    size_t m;
    int iv, ind;
    size_t ie = read_uint(L, i, &iv, &ind);
    if (ie == j && (m = lit(L, a, "tháng"))) {
        size_t b = skip_sp(L, a + m);
        if (iv >= 1 && iv <= 12) {
            size_t c;
            int first = 1, last = iv;
            size_t end = a + m;
            if ((c = lit(L, b, "đầu năm"))) end = b + c;
            else if ((c = lit(L, b, "cuối năm"))) end = b + c, first = 13 - iv, last = 12;
            else if ((c = lit(L, b, "qua"))) end = b + c;
            else if ((c = lit(L, b, "năm"))) end = b; /* "6 tháng năm 2024": year read below */
            int yy = 0;
            size_t e2 = skip_sp(L, end);
            int y2, nd2;
            size_t e3 = read_uint(L, e2, &y2, &nd2);
            if (is_year(y2, nd2)) {
                yy = y2;
                end = e3;
            } else if (lit(L, e2, "năm")) {
                size_t e4 = read_uint(L, skip_sp(L, e2 + 3 + 1), &y2, &nd2);
                if (is_year(y2, nd2)) {
                    yy = y2;
                    end = e4;
                }
            }
            emit_period(L, i, end, yy, first, yy, last, 0, yy ? 0 : PF_NOYEAR);
            L->i = end;
            return;
        }
        L->i = a + m;
        return;
    }
    if (ie == j && (m = lit(L, a, "quý"))) {
        size_t b = skip_sp(L, a + m);
        size_t c;
        if (iv >= 1 && iv <= 4 && (c = lit(L, b, "đầu năm"))) {
            size_t end = b + c;
            int y2, nd2;
            size_t e3 = read_uint(L, skip_sp(L, end), &y2, &nd2);
            int yy = 0;
            if (is_year(y2, nd2)) yy = y2, end = e3;
            emit_period(L, i, end, yy, 1, yy, iv * 3, 0, yy ? 0 : PF_NOYEAR);
            L->i = end;
            return;
        }
    }
    /* durations and multiples: N năm, N ngày, N lần, N giờ */
    static const char *const dur[] = {"năm", "ngày", "lần", "giờ", "phút", "tuần", "tháng",
                                      "quý", "điểm phần trăm", "điểm %", NULL};
    if ((m = lit_any(L, a, dur, NULL))) {
        L->i = a + m;
        return;
    }
    tk *k2 = emit(L, TK_NUM, i, num_end);
    if (!k2) return;
    L->cmp = 0; /* a figure ends the comparison phrase before it */
    k2->v = v;
    if ((int)L->out->n - L->approx_at <= 1) k2->approx = L->approx;
    k2->bound = L->bound;
    if (k2->approx == CT_APPROX_OVER && !k2->bound) k2->bound = -1;
    if (k2->approx == CT_APPROX_UNDER && !k2->bound) k2->bound = 1;
    L->approx = CT_APPROX_NONE;
    L->bound = 0;
    size_t p = num_end;
    /* range: 25-30, 20 - 30%, 04-04 */
    size_t r = skip_sp(L, p);
    if (r < L->n && t[r] == '-') {
        size_t r2 = skip_sp(L, r + 1);
        size_t r3 = r2;
        while (r3 < L->n && (is_digit((unsigned char)t[r3]) ||
                             ((t[r3] == '.' || t[r3] == ',') && r3 + 1 < L->n &&
                              is_digit((unsigned char)t[r3 + 1]))))
            r3++;
        ct_decimal v2;
        if (r3 > r2 && (r3 >= L->n || !is_wordb((unsigned char)t[r3]) || t[r3] == ' ') &&
            ct_num_parse(t + r2, r3 - r2, &v2) == CT_OK &&
            ct_decimal_value(v2) >= ct_decimal_value(v)) {
            k2->range = 1;
            k2->v2 = v2;
            p = r3;
        }
    }
    /* percent, with storms */
    size_t q = skip_sp(L, p);
    if (q < L->n && t[q] == '%') {
        while (q < L->n && (t[q] == '%' || t[q] == ' ')) {
            if (t[q] == '%') p = q + 1;
            q++;
        }
        k2->unit = "percent";
        if (p < L->n && t[p] == '/') k2->drop = 1; /* 25%/năm */
        k2->e = p;
        L->i = p;
        return;
    }
    int e10 = 0;
    size_t sm = read_scale(L, q, &e10);
    if (sm) {
        k2->v = ct_decimal_scale(k2->v, e10);
        if (k2->range) k2->v2 = ct_decimal_scale(k2->v2, e10);
        p = q + sm;
        q = skip_sp(L, p);
    }
    const char *cur = NULL;
    size_t cm = read_currency(L, q, &cur);
    if (cm) {
        k2->unit = cur;
        p = q + cm;
        q = skip_sp(L, p);
    } else if (sm && e10 >= 9) {
        k2->cur_implied = 1; /* "9.900 tỷ": đồng when the indicator is */
    }
    if (L->rank && !k2->unit) {
        k2->unit = "rank";
        L->rank = 0;
    }
    k2->e = p;
    if (!cm) {
        /* a count noun, unless a longer catalogue phrase starts here */
        const ct__phrase *up = NULL, *any = NULL;
        size_t um = ct__catalog_match_kind(L->cat, t, L->n, q, CT_PH_UNIT, &up);
        size_t am = ct__catalog_match(L->cat, t, L->n, q, &any);
        if (um) {
            k2->unit = up->arg;
            k2->cur_implied = 0;
            if (am <= um) {
                p = q + um;
                k2->e = p;
            }
        } else if (am == 0 && q < L->n && is_wordb((unsigned char)t[q]) &&
                   !is_function_word(L, q) && !read_scale(L, q, &e10)) {
            k2->unit = "?"; /* an unknown noun: Mbps, km, hộ... */
            k2->cur_implied = 0;
        }
    }
    /* per 100 inhabitants; other ratios drop the figure */
    size_t s2 = skip_sp(L, k2->e);
    if (s2 < L->n && t[s2] == '/') {
        size_t s3 = skip_sp(L, s2 + 1);
        if (lit(L, s3, "100 dân") || lit(L, s3, "100 người dân")) {
            k2->unit = "per100";
            k2->e = s3 + (lit(L, s3, "100 dân") ? lit(L, s3, "100 dân") : lit(L, s3, "100 người dân"));
        } else {
            k2->drop = 1;
            while (s3 < L->n && t[s3] != ' ' && t[s3] != ',' && t[s3] != ';' && t[s3] != ')') s3++;
            k2->e = s3;
        }
    }
    if (lit(L, skip_sp(L, k2->e), "lần")) k2->drop = 1;
    L->i = k2->e;
}

/* cue words: longest match wins */
static const struct cue_word {
    const char *w;
    int cue;
} cues[] = {
    {"tăng trưởng", CUE_UP},        {"tăng", CUE_UP},           {"tăng thêm", CUE_ABS},
    {"sụt giảm", CUE_DOWN},         {"suy giảm", CUE_DOWN},     {"giảm", CUE_DOWN},
    {"so với", CUE_SOVOI},          {"so", CUE_SOVOI},          {"cùng kỳ", CUE_CUNGKY},
    {"cùng kì", CUE_CUNGKY},        {"tháng trước", CUE_PREV},  {"tháng trước đó", CUE_PREV},
    {"quý trước", CUE_PREV},        {"kỳ trước", CUE_PREV},     {"trước đó", CUE_PREV},
    {"năm ngoái", CUE_LASTYEAR},    {"năm trước", CUE_LASTYEAR}, {"kế hoạch", CUE_PLAN},
    {"mục tiêu", CUE_GOAL},         {"phấn đấu", CUE_GOAL},     {"chỉ tiêu", CUE_GOAL},
    {"đặt mục tiêu", CUE_GOAL},     {"sẽ", CUE_FUTURE},         {"tối thiểu", CUE_MIN},
    {"ít nhất", CUE_MIN},           {"tối đa", CUE_MAX},        {"không quá", CUE_MAX},
    {"chỉ còn", CUE_MAX},           {"không vượt quá", CUE_MAX}, {"chiếm", CUE_SHARE},
    {"tương ứng", CUE_EQUIV},       {"tương đương", CUE_EQUIV}, {"gấp", CUE_TIMES},
    {"trong số", CUE_AMONG},        {"từ", CUE_FROM},           {"lên", CUE_TO},
    {"ước tính", CUE_ESTIMATE},     {"tốc độ tăng trưởng", CUE_GROWTHRATE},
    {NULL, 0}};

static const struct approx_word {
    const char *w;
    ct_approx a;
    int bound;
} approxes[] = {{"ước đạt", CT_APPROX_ESTIMATE, 0}, {"ước tính đạt", CT_APPROX_ESTIMATE, 0},
                {"ước", CT_APPROX_ESTIMATE, 0},     {"ước khoảng", CT_APPROX_ABOUT, 0},
                {"dự kiến", CT_APPROX_ESTIMATE, 0}, {"khoảng", CT_APPROX_ABOUT, 0},
                {"gần", CT_APPROX_ABOUT, 0},        {"xấp xỉ", CT_APPROX_ABOUT, 0},
                {"~", CT_APPROX_ABOUT, 0},          {"hơn", CT_APPROX_OVER, -1},
                {"trên", CT_APPROX_OVER, -1},       {"vượt", CT_APPROX_OVER, -1},
                {"dưới", CT_APPROX_UNDER, 1},       {"chưa đến", CT_APPROX_UNDER, 1},
                {"chưa tới", CT_APPROX_UNDER, 1},   {NULL, 0, 0}};

/* Words that keep a pending qualifier alive: "ước đạt khoảng", "đạt hơn". */
static size_t neutral_word(lx *L, size_t i)
{
    static const char *const nw[] = {"đạt", "là", "có", "đã", "được", "tới", "mức", "con số",
                                     "với", "lên mức", "ở mức", "nhẹ", NULL};
    return lit_any(L, i, nw, NULL);
}

/* First words of every grammar phrase above, sorted by bytes: a word not
 * in this list skips all the grammar tables (most words of a sentence).
 * Keep it in step with the tables; tests/data fail when it is not. */
static const char *const first_words[] = {
    "chiếm", "chưa", "chỉ", "con", "cuối", "cách", "có", "công",
    "cùng", "cấp", "dưới", "dự", "giai", "giảm", "gấp", "gần",
    "hơn", "hạng", "hết", "khoản", "khoảng", "không", "kế", "kỳ",
    "là", "lên", "lũy", "lần", "mục", "mức", "ngày", "nhóm",
    "nhẹ", "năm", "nửa", "phiên", "phấn", "quý", "so", "suy",
    "sẽ", "sụt", "tháng", "thứ", "top", "trong", "trên", "trước",
    "tính", "tăng", "tương", "tốc", "tối", "tới", "từ", "vượt",
    "với", "xấp", "xếp", "~", "ít", "điều", "đã", "được",
    "đạt", "đặt", "đến", "đề", "ước", "ở"};

static int is_first_word(const char *t, size_t len)
{
    size_t lo = 0, hi = sizeof first_words / sizeof first_words[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *w = first_words[mid];
        size_t wl = strlen(w);
        int c = memcmp(t, w, len < wl ? len : wl);
        if (c == 0) c = (len > wl) - (len < wl);
        if (c == 0) return 1;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

int ct__lex(const ct_catalog *cat, const char *text, size_t n, tk_list *out)
{
    lx L;
    memset(&L, 0, sizeof L);
    L.cat = cat;
    L.t = text;
    L.n = n;
    L.out = out;
    L.approx_at = -10;
    out->n = 0;
    while (L.i < n && !L.oom) {
        size_t i = L.i;
        unsigned char c = (unsigned char)text[i];
        if (c == ' ') {
            L.i++;
            continue;
        }
        if (!is_wordb(c) && c != '~') {
            if (c == '(') L.depth++;
            tk *k = emit(&L, TK_PUNCT, i, i + 1);
            if (k) k->ch = (char)c;
            if (c == ')' && L.depth > 0) L.depth--;
            if (c == ')' && k) k->depth = L.depth;
            if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '.') {
                L.cmp = 0;
                L.pflags = 0;
            }
            if (c == ';' || c == '.') L.goal = 0;
            if (c != ',') L.suppress = 0;
            L.i++;
            continue;
        }
        if (is_digit(c)) {
            int was = L.suppress;
            lex_number(&L);
            if (!was) L.suppress = 0;
            continue;
        }
        /* any word ends a suppression ("mức độ 3, 4 đạt 84.286") */
        L.suppress = 0;
        size_t m;
        size_t wend = i;
        while (wend < n && (is_wordb((unsigned char)text[wend]) || text[wend] == '~')) wend++;
        if (wend == i) wend = i + 1;
        int t_month = c == 't' && i + 1 < n && is_digit((unsigned char)text[i + 1]);
        if (!t_month && !is_first_word(text + i, wend - i)) {
            const ct__phrase *ph0 = NULL;
            size_t pm0 = ct__catalog_match(cat, text, n, i, &ph0);
            const ct__phrase *p = ph0;
            while (p && p->kind == CT_PH_UNIT) p = p->next;
            if (pm0 && p) {
                tk *k = emit(&L, TK_PHRASE, i, i + pm0);
                if (k) k->ph = p;
                L.i = i + pm0;
            } else {
                L.i = pm0 ? i + pm0 : wend;
            }
            continue;
        }
        int w = -1;
        /* period modifiers */
        static const char *const upto[] = {"tính đến hết", "tính đến", "đến hết", "hết",
                                           "tính đến cuối", "đến cuối", "lũy kế đến hết",
                                           "lũy kế đến", "đến", "tới", "cuối", "tính tới",
                                           "tính tới hết", NULL};
        if ((m = lit_any(&L, i, upto, &w)) && !lit(&L, i, "cuối năm")) {
            L.pflags = PF_UPTO;
            L.pflags_at = L.out->n;
            L.i = i + m;
            continue;
        }
        /* lũy kế / từ đầu năm [Y] [đến nay]: year to date, end unknown */
        static const char *const ytd[] = {"lũy kế từ đầu năm", "từ đầu năm", "lũy kế",
                                          "tính từ đầu năm", "từ đầu năm đến nay", NULL};
        if ((m = lit_any(&L, i, ytd, NULL))) {
            size_t j = skip_sp(&L, i + m);
            int y = 0, nd = 0;
            size_t e = read_uint(&L, j, &y, &nd);
            if (!is_year(y, nd)) {
                y = 0;
                e = i + m;
            }
            size_t nay = lit(&L, skip_sp(&L, e), "đến nay");
            if (nay) e = skip_sp(&L, e) + nay;
            emit_period(&L, i, e, y, 1, y, 1, 0, PF_YTD_OPEN | (y ? 0 : PF_NOYEAR));
            L.i = e;
            continue;
        }
        if ((m = lex_period_word(&L, i))) {
            L.i = i + m;
            continue;
        }
        /* suppressors of the next number */
        static const char *const sup[] = {"thứ", "mức độ", "cấp độ", "phiên bản", "kỳ họp",
                                          "lần thứ", "công nghiệp", "cách mạng công nghiệp",
                                          "top", "điều", "khoản", "nhóm", "đề án", NULL};
        static const char *const rank[] = {"thứ hạng", "xếp thứ", "xếp hạng", "hạng", NULL};
        if ((m = lit_any(&L, i, rank, NULL))) {
            L.rank = 1;
            L.i = i + m;
            continue;
        }
        /* catalogue phrases */
        const ct__phrase *ph = NULL;
        size_t pm = ct__catalog_match(cat, text, n, i, &ph);
        /* cue words */
        int cw = -1;
        size_t cm = 0;
        for (int k = 0; cues[k].w; k++) {
            size_t mm = lit(&L, i, cues[k].w);
            if (mm > cm) {
                cm = mm;
                cw = k;
            }
        }
        int aw = -1;
        size_t am = 0;
        for (int k = 0; approxes[k].w; k++) {
            size_t mm = lit(&L, i, approxes[k].w);
            if (mm > am) {
                am = mm;
                aw = k;
            }
        }
        if (pm && pm >= cm && pm >= am) {
            /* a unit-only phrase between words is just a word */
            const ct__phrase *p = ph;
            while (p && p->kind == CT_PH_UNIT) p = p->next;
            if (p) {
                tk *k = emit(&L, TK_PHRASE, i, i + pm);
                if (k) k->ph = p;
            }
            L.i = i + pm;
            continue;
        }
        size_t nm = neutral_word(&L, i);
        if (nm && nm > cm && nm > am) {
            L.approx_at = (int)L.out->n; /* keep the qualifier alive */
            L.i = i + nm;
            continue;
        }
        if (am && am >= cm) {
            L.approx = approxes[aw].a;
            L.bound = approxes[aw].bound ? approxes[aw].bound : L.bound;
            L.approx_at = (int)L.out->n;
            if (lit(&L, i, "dự kiến")) {
                tk *k = emit(&L, TK_CUE, i, i + am);
                if (k) k->cue = CUE_ESTIMATE;
                L.approx_at = (int)L.out->n;
            }
            L.i = i + am;
            continue;
        }
        if (cm) {
            int cue = cues[cw].cue;
            tk *k = emit(&L, TK_CUE, i, i + cm);
            if (k) k->cue = cue;
            if (cue == CUE_SOVOI || cue == CUE_CUNGKY) L.cmp = 1;
            if (cue == CUE_GOAL) {
                L.goal = 1;
                L.cmp = 0;
            }
            if (cue == CUE_PLAN) L.cmp = 0;
            if (cue == CUE_MIN) L.bound = -1;
            if (cue == CUE_MAX) L.bound = 1;
            /* keep a qualifier across "tăng khoảng", "(chỉ còn" */
            if (L.approx_at == (int)L.out->n - 1) L.approx_at = (int)L.out->n;
            L.i = i + cm;
            continue;
        }
        if ((m = lit_any(&L, i, sup, NULL))) {
            L.suppress = 1;
            L.i = i + m;
            continue;
        }
        /* any other word */
        size_t j = i;
        while (j < n && text[j] != ' ' && (is_wordb((unsigned char)text[j]) || text[j] == '~')) j++;
        if (j == i) j = i + 1;
        L.i = j;
        L.suppress = 0;
    }
    return L.oom ? CT_ENOMEM : CT_OK;
}
