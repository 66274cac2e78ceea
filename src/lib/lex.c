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

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

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
    int pflags; /* PF_UPTO / PF_END waiting for a period */
    size_t pflags_at;
    int cmp;      /* after so với / cùng kỳ: periods are references */
    int goal;     /* after mục tiêu: periods are target periods */
    int suppress; /* numbers after "thứ", "mức độ": not figures */
    int rank;     /* after "thứ hạng", "xếp thứ" */
    int oom;
    size_t wl_at, wl;   /* cached word at wl_at - 1: its length, its hash and */
    uint32_t wh, wmask; /* the keyword lists that have it as first word */
    int wslot;          /* its slot in words[], or -1 */
    int wcut;           /* the word was cut before its glued digits */
} lx;

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_wordb(unsigned char c)
{
    return c >= 0x80 || is_digit(c) || (c >= 'a' && c <= 'z') || c == '&';
}

/* Grammar phrases live in keyword lists. Each literal carries its
 * byte length and the hash of its first word, filled once, so that trying
 * a list at a position costs an integer compare per entry; a word that
 * starts no phrase of any list is recognised by one lookup (head_set). */
typedef struct kw {
    const char *w;
    int a, b;   /* the list's payload: cue, qualifier and bound, exponent */
    uint32_t h; /* hash of the first word (set by kw_init) */
    uint32_t len;
    int next; /* the list's next entry with the same first word, or -1 */
} kw;

/* Equality of short byte strings (words): inline, where a call to
 * memcmp costs more than the comparison. */
static inline int same_bytes(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t k = 0; k < n; k++)
        if (x[k] != y[k]) return 0;
    return 1;
}

static uint32_t hash_word(const char *s, size_t n, size_t *wlen)
{
    uint32_t h = 2166136261u;
    size_t j = 0;
    while (j < n && is_wordb((unsigned char)s[j]))
        h = (h ^ (unsigned char)s[j++]) * 16777619u;
    *wlen = j;
    if (j == 0 && n > 0) h = (h ^ (unsigned char)s[0]) * 16777619u; /* "~", "-" */
    return h;
}

static size_t skip_sp(lx *L, size_t i)
{
    while (i < L->n && L->t[i] == ' ')
        i++;
    return i;
}

/* The keyword lists. Order does not matter: the longest match wins. */
static kw roman[] = {{.w = "iv", .a = 4},
                     {.w = "iii", .a = 3},
                     {.w = "ii", .a = 2},
                     {.w = "i", .a = 1},
                     {.w = NULL}};

static kw scales[] = {
    {.w = "nghìn tỷ", .a = 12}, {.w = "nghìn tỉ", .a = 12}, {.w = "ngàn tỷ", .a = 12},
    {.w = "ngàn tỉ", .a = 12},  {.w = "triệu tỷ", .a = 15}, {.w = "triệu tỉ", .a = 15},
    {.w = "tỷ", .a = 9},        {.w = "tỉ", .a = 9},        {.w = "triệu", .a = 6},
    {.w = "nghìn", .a = 3},     {.w = "ngàn", .a = 3},      {.w = NULL}};

/* a = 0 đồng, 1 US dollar */
static kw currencies[] = {{.w = "đồng"},          {.w = "vnđ"},
                          {.w = "vnd"},           {.w = "đ"},
                          {.w = "usd", .a = 1},   {.w = "đô la mỹ", .a = 1},
                          {.w = "đô la", .a = 1}, {.w = "đôla", .a = 1},
                          {.w = "đô", .a = 1},    {.w = NULL}};

/* words that may follow a bare count without being its unit */
static kw function_words[] = {
    {.w = "tăng"},  {.w = "giảm"}, {.w = "so"},   {.w = "và"},    {.w = "là"},    {.w = "trong"},
    {.w = "của"},   {.w = "tại"},  {.w = "với"},  {.w = "đạt"},   {.w = "cho"},   {.w = "từ"},
    {.w = "lên"},   {.w = "đến"},  {.w = "tới"},  {.w = "thì"},   {.w = "nhưng"}, {.w = "khi"},
    {.w = "được"},  {.w = "đã"},   {.w = "vào"},  {.w = "chiếm"}, {.w = "hay"},   {.w = "hoặc"},
    {.w = "theo"},  {.w = "ước"},  {.w = "còn"},  {.w = "sau"},   {.w = "trước"}, {.w = "trên"},
    {.w = "tương"}, {.w = "cùng"}, {.w = "nhằm"}, {.w = "nên"},   {.w = "mà"},    {.w = "do"},
    {.w = "bằng"},  {.w = "như"},  {.w = "ở"},    {.w = "về"},    {.w = "kể"},    {.w = "tính"},
    {.w = "hiện"},  {.w = "năm"},  {.w = "vượt"}, {.w = "gồm"},   {.w = "bao"},   {.w = "đều"},
    {.w = "cũng"},  {.w = "sẽ"},   {.w = "vẫn"},  {.w = NULL}};

/* durations and multiples after a number: not figures */
static kw durations[] = {{.w = "năm"},    {.w = "ngày"}, {.w = "lần"},
                         {.w = "giờ"},    {.w = "phút"}, {.w = "tuần"},
                         {.w = "tháng"},  {.w = "quý"},  {.w = "điểm phần trăm"},
                         {.w = "điểm %"}, {.w = NULL}};

/* cue words, a = tk_cue */
static kw cues[] = {{.w = "tăng trưởng", .a = CUE_UP},
                    {.w = "tăng", .a = CUE_UP},
                    {.w = "tăng thêm", .a = CUE_ABS},
                    {.w = "lần lượt", .a = CUE_RESPECTIVE},
                    {.w = "thêm", .a = CUE_ABS},
                    {.w = "có thêm", .a = CUE_ABS},
                    {.w = "nâng tổng số lên", .a = CUE_NEWTOTAL},
                    {.w = "nâng tổng số", .a = CUE_NEWTOTAL},
                    {.w = "nâng lên", .a = CUE_NEWTOTAL},
                    {.w = "đưa tổng số lên", .a = CUE_NEWTOTAL},
                    {.w = "nâng con số lên", .a = CUE_NEWTOTAL},
                    {.w = "sụt giảm", .a = CUE_DOWN},
                    {.w = "suy giảm", .a = CUE_DOWN},
                    {.w = "giảm", .a = CUE_DOWN},
                    {.w = "so với", .a = CUE_SOVOI},
                    {.w = "so", .a = CUE_SOVOI},
                    {.w = "cùng kỳ", .a = CUE_CUNGKY},
                    {.w = "cùng kì", .a = CUE_CUNGKY},
                    {.w = "tháng trước", .a = CUE_PREV},
                    {.w = "tháng trước đó", .a = CUE_PREV},
                    {.w = "quý trước", .a = CUE_PREV},
                    {.w = "kỳ trước", .a = CUE_PREV},
                    {.w = "trước đó", .a = CUE_PREV},
                    {.w = "năm ngoái", .a = CUE_LASTYEAR},
                    {.w = "năm trước", .a = CUE_LASTYEAR},
                    {.w = "kế hoạch", .a = CUE_PLAN},
                    {.w = "mục tiêu", .a = CUE_GOAL},
                    {.w = "phấn đấu", .a = CUE_GOAL},
                    {.w = "chỉ tiêu", .a = CUE_GOAL},
                    {.w = "đặt mục tiêu", .a = CUE_GOAL},
                    {.w = "sẽ", .a = CUE_FUTURE},
                    {.w = "tối thiểu", .a = CUE_MIN},
                    {.w = "ít nhất", .a = CUE_MIN},
                    {.w = "tối đa", .a = CUE_MAX},
                    {.w = "không quá", .a = CUE_MAX},
                    {.w = "chỉ còn", .a = CUE_MAX},
                    {.w = "không vượt quá", .a = CUE_MAX},
                    {.w = "chiếm", .a = CUE_SHARE},
                    {.w = "tương ứng", .a = CUE_EQUIV},
                    {.w = "tương đương", .a = CUE_EQUIV},
                    {.w = "gấp", .a = CUE_TIMES},
                    {.w = "trong số", .a = CUE_AMONG},
                    {.w = "từ", .a = CUE_FROM},
                    {.w = "lên", .a = CUE_TO},
                    {.w = "xuống", .a = CUE_TO},
                    {.w = "xuống còn", .a = CUE_TO},
                    {.w = "bằng", .a = CUE_RATIO},
                    {.w = "ước tính", .a = CUE_ESTIMATE},
                    {.w = "tốc độ tăng trưởng", .a = CUE_GROWTHRATE},
                    {.w = "cả nước", .a = CUE_NATIONAL},
                    {.w = "toàn quốc", .a = CUE_NATIONAL},
                    {.w = "trên cả nước", .a = CUE_NATIONAL},
                    {.w = "trong đó", .a = CUE_OFWHICH},
                    {.w = "tỷ lệ này", .a = CUE_ANAPHOR},
                    {.w = "tỉ lệ này", .a = CUE_ANAPHOR},
                    {.w = "con số này", .a = CUE_ANAPHOR},
                    {.w = "chỉ số này", .a = CUE_ANAPHOR},
                    {.w = "tỷ lệ", .a = CUE_ANAPHOR},
                    {.w = "tỉ lệ", .a = CUE_ANAPHOR},
                    {.w = NULL}};

/* qualifiers, a = ct_approx, b = bound */
static kw approxes[] = {{.w = "ước đạt", .a = CT_APPROX_ESTIMATE},
                        {.w = "ước tính đạt", .a = CT_APPROX_ESTIMATE},
                        {.w = "ước", .a = CT_APPROX_ESTIMATE},
                        {.w = "ước khoảng", .a = CT_APPROX_ABOUT},
                        {.w = "dự kiến", .a = CT_APPROX_ESTIMATE},
                        {.w = "khoảng", .a = CT_APPROX_ABOUT},
                        {.w = "gần", .a = CT_APPROX_ABOUT},
                        {.w = "xấp xỉ", .a = CT_APPROX_ABOUT},
                        {.w = "~", .a = CT_APPROX_ABOUT},
                        {.w = "hơn", .a = CT_APPROX_OVER, .b = -1},
                        {.w = "trên", .a = CT_APPROX_OVER, .b = -1},
                        {.w = "vượt", .a = CT_APPROX_OVER, .b = -1},
                        {.w = "dưới", .a = CT_APPROX_UNDER, .b = 1},
                        {.w = "chưa đến", .a = CT_APPROX_UNDER, .b = 1},
                        {.w = "chưa tới", .a = CT_APPROX_UNDER, .b = 1},
                        {.w = NULL}};

/* words that keep a pending qualifier alive: "ước đạt khoảng", "đạt hơn" */
static kw neutral_words[] = {{.w = "đạt"},  {.w = "là"},      {.w = "có"},    {.w = "đã"},
                             {.w = "được"}, {.w = "tới"},     {.w = "mức"},   {.w = "con số"},
                             {.w = "với"},  {.w = "lên mức"}, {.w = "ở mức"}, {.w = "nhẹ"},
                             {.w = NULL}};

/* period modifiers: a flow read up to the period that follows */
static kw upto[] = {
    {.w = "tính đến hết"},  {.w = "tính đến"}, {.w = "đến hết"},        {.w = "hết"},
    {.w = "tính đến cuối"}, {.w = "đến cuối"}, {.w = "lũy kế đến hết"}, {.w = "lũy kế đến"},
    {.w = "đến"},           {.w = "tới"},      {.w = "cuối"},           {.w = "tính tới"},
    {.w = "tính tới hết"},  {.w = "luỹ kế đến hết"}, {.w = "luỹ kế đến"}, {.w = NULL}};

/* year to date with no end written */
static kw ytd[] = {{.w = "lũy kế từ đầu năm"}, {.w = "từ đầu năm"},         {.w = "lũy kế"},
                   {.w = "tính từ đầu năm"},   {.w = "từ đầu năm đến nay"}, {.w = "luỹ kế"},
                   {.w = "luỹ kế từ đầu năm"}, {.w = NULL}};

/* suppressors of the next number, and rank words */
static kw suppressors[] = {
    {.w = "thứ"},    {.w = "mức độ"},  {.w = "cấp độ"},      {.w = "phiên bản"},
    {.w = "kỳ họp"}, {.w = "lần thứ"}, {.w = "công nghiệp"}, {.w = "cách mạng công nghiệp"},
    {.w = "top"},    {.w = "điều"},    {.w = "khoản"},       {.w = "nhóm"},
    {.w = "đề án"},  {.w = NULL}};
static kw ranks[] = {{.w = "thứ hạng"},     {.w = "xếp thứ"},      {.w = "xếp hạng"},
                     {.w = "hạng"},         {.w = "đứng thứ"},     {.w = "vị trí thứ"},
                     {.w = "lên vị trí"},   {.w = "ở vị trí"},     {.w = "xếp vị trí"},
                     {.w = "đứng vị trí"},  {.w = "hạng thứ"},     {.w = NULL}};

/* the words lex_period_word starts on */
/* numeral words before "tháng" or "quý": "hai tháng đầu năm", a = value */
static kw numwords[] = {{.w = "hai", .a = 2},      {.w = "ba", .a = 3},        {.w = "bốn", .a = 4},
                        {.w = "năm", .a = 5},      {.w = "sáu", .a = 6},       {.w = "bảy", .a = 7},
                        {.w = "tám", .a = 8},      {.w = "chín", .a = 9},      {.w = "mười", .a = 10},
                        {.w = "mười một", .a = 11}, {.w = "mười hai", .a = 12}, {.w = NULL}};

static kw period_heads[] = {{.w = "tháng"},        {.w = "quý"},       {.w = "nửa đầu năm"},
                            {.w = "nửa cuối năm"}, {.w = "cuối năm"},  {.w = "năm"},
                            {.w = "ngày"},         {.w = "giai đoạn"}, {.w = "hai"},
                            {.w = "ba"},           {.w = "bốn"},       {.w = "sáu"},
                            {.w = "bảy"},          {.w = "tám"},       {.w = "chín"},
                            {.w = "mười"},         {.w = "cả năm"},    {.w = NULL}};

enum {
    K_ROMAN,
    K_SCALES,
    K_CURRENCIES,
    K_FUNCTION,
    K_DURATIONS,
    K_CUES,
    K_APPROXES,
    K_NEUTRAL,
    K_UPTO,
    K_YTD,
    K_SUPPRESSORS,
    K_RANKS,
    K_PERIOD_HEADS,
    K_NUMWORDS,
    K_NLISTS
};
static kw *const lists[K_NLISTS] = {[K_ROMAN] = roman,
                                    [K_SCALES] = scales,
                                    [K_CURRENCIES] = currencies,
                                    [K_FUNCTION] = function_words,
                                    [K_DURATIONS] = durations,
                                    [K_CUES] = cues,
                                    [K_APPROXES] = approxes,
                                    [K_NEUTRAL] = neutral_words,
                                    [K_UPTO] = upto,
                                    [K_YTD] = ytd,
                                    [K_SUPPRESSORS] = suppressors,
                                    [K_RANKS] = ranks,
                                    [K_PERIOD_HEADS] = period_heads, [K_NUMWORDS] = numwords};
/* Lists whose first words make a word a grammar head: a word in none of
 * them skips the grammar and goes to the catalogue. Function and duration
 * words and roman numerals only matter after a number or "quý". */
#define HEAD_LISTS                                                                                 \
    (((1u << K_NLISTS) - 1) & ~((1u << K_FUNCTION) | (1u << K_DURATIONS) | (1u << K_ROMAN)))

/* Every first word of every list, with the set of lists it starts a
 * phrase in (open addressing on the hash). Built once from the lists
 * themselves, so it cannot fall out of step with them. */
#define WORD_SLOTS 512
static struct {
    const char *w;
    uint32_t h, len, mask;
    short first[K_NLISTS]; /* each list's first entry with this first word */
} words[WORD_SLOTS];
static once_flag kw_once = ONCE_FLAG_INIT;

static void kw_init(void)
{
    for (int l = 0; l < K_NLISTS; l++) {
        for (kw *k = lists[l]; k->w; k++) {
            size_t wl;
            k->h = hash_word(k->w, strlen(k->w), &wl);
            k->len = (uint32_t)strlen(k->w);
            if (!wl) wl = 1;
            uint32_t s = k->h % WORD_SLOTS;
            while (words[s].w && !(words[s].len == wl && memcmp(words[s].w, k->w, wl) == 0))
                s = (s + 1) % WORD_SLOTS;
            if (!words[s].w)
                for (int m = 0; m < K_NLISTS; m++)
                    words[s].first[m] = -1;
            words[s].w = k->w;
            words[s].h = k->h;
            words[s].len = (uint32_t)wl;
            words[s].mask |= 1u << l;
            /* chain the entries of one first word, in list order */
            k->next = -1;
            int idx = (int)(k - lists[l]);
            if (words[s].first[l] < 0) {
                words[s].first[l] = (short)idx;
            } else {
                int e = words[s].first[l];
                while (lists[l][e].next >= 0)
                    e = lists[l][e].next;
                lists[l][e].next = idx;
            }
        }
    }
}

/* Look the word t[i..i+wl) up in words[]: its lists and slot in L. */
static int find_word(lx *L, size_t i, size_t wl)
{
    for (uint32_t s = L->wh % WORD_SLOTS; words[s].w; s = (s + 1) % WORD_SLOTS)
        if (words[s].h == L->wh && words[s].len == wl && i + wl <= L->n &&
            same_bytes(words[s].w, L->t + i, wl)) {
            L->wmask = words[s].mask;
            L->wslot = (int)s;
            return 1;
        }
    return 0;
}

/* Press text drops the space between a grammar word and its figure
 * ("đạt47,5 tỷ đồng", "tăng12%", "khoảng30%"): a word of letters then
 * digits whose letters are a cue, qualifier or neutral word ends where
 * its digits begin, and the figure is read on its own. Other such words
 * ("ipv6", "5g", "t10") are left whole. */
#define GLUE_LISTS ((1u << K_CUES) | (1u << K_APPROXES) | (1u << K_NEUTRAL))
static void cut_glued(lx *L, size_t i, size_t wl)
{
    size_t j = 0;
    while (j < wl && !is_digit((unsigned char)L->t[i + j]))
        j++;
    if (j == 0 || j == wl) return;
    for (size_t k = j; k < wl; k++)
        if (!is_digit((unsigned char)L->t[i + k])) return; /* "ipv6x": a name */
    size_t pl;
    uint32_t h = hash_word(L->t + i, j, &pl);
    if (pl != j) return;
    uint32_t save = L->wh;
    L->wh = h;
    if (find_word(L, i, j) && (L->wmask & GLUE_LISTS)) {
        L->wl = j;
        L->wcut = 1;
        return;
    }
    L->wh = save;
    L->wmask = 0;
    L->wslot = -1;
}

/* The word at t[i] (i < n): its length (0 when t[i] is no word byte),
 * its hash, and the lists it starts a phrase in. */
static size_t word_at(lx *L, size_t i, uint32_t *h)
{
    if (L->wl_at != i + 1) { /* wl_at is i + 1 so that 0 means unset */
        size_t wl;
        L->wh = hash_word(L->t + i, L->n - i, &wl);
        L->wl = wl;
        L->wl_at = i + 1;
        L->wmask = 0;
        L->wslot = -1;
        L->wcut = 0;
        if (!wl) wl = 1;
        if (!find_word(L, i, wl) && wl > 1 && is_digit((unsigned char)L->t[i + wl - 1]))
            cut_glued(L, i, wl);
    }
    if (h) *h = L->wh;
    return L->wl;
}

static size_t word_len(lx *L, size_t i)
{
    return word_at(L, i, NULL);
}

static int is_head(lx *L, size_t i)
{
    word_at(L, i, NULL);
    return (L->wmask & HEAD_LISTS) != 0;
}

/* A literal ends at a word end of the text. */
static int ends_word(lx *L, size_t i, const char *w, size_t k)
{
    if (L->wcut && L->wl_at == i + 1 && k == L->wl) return 1; /* "đạt|47,5" */
    return !(i + k < L->n && is_wordb((unsigned char)L->t[i + k]) &&
             is_wordb((unsigned char)w[k - 1]));
}

/* Longest entry of list `id` at i; its index in *which. */
static size_t kw_any(lx *L, size_t i, int id, int *which)
{
    size_t best = 0;
    uint32_t h;
    if (i >= L->n) return 0;
    word_at(L, i, &h);
    if (!(L->wmask & (1u << id))) return 0;
    const kw *ws = lists[id];
    for (int k = words[L->wslot].first[id]; k >= 0; k = ws[k].next) {
        if (ws[k].h != h || ws[k].len <= best || i + ws[k].len > L->n ||
            !same_bytes(L->t + i, ws[k].w, ws[k].len) || !ends_word(L, i, ws[k].w, ws[k].len))
            continue;
        best = ws[k].len;
        if (which) *which = k;
    }
    return best;
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
    return ends_word(L, i, w, k) ? k : 0;
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
    /* a bare year: "quý I 2024", "tháng 3 2024" (not "2.000", "2024%") */
    if (j > i) {
        int y, nd;
        size_t e = read_uint(L, j, &y, &nd);
        if (is_year(y, nd) &&
            (e >= L->n || (!is_wordb((unsigned char)L->t[e]) && L->t[e] != '%' &&
                           !((L->t[e] == '.' || L->t[e] == ',') && e + 1 < L->n &&
                             is_digit((unsigned char)L->t[e + 1]))))) {
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
    if (L->out->n >= 2 && L->out->v[L->out->n - 2].kind == TK_CUE &&
        L->out->v[L->out->n - 2].cue == CUE_PLAN)
        k->pflags |= PF_PLAN;
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
static int lex_n_months(lx *L, size_t i, size_t a, int iv);

/* Where a period can open a clause or follow a name ("Năm ngoái, ...",
 * "doanh thu quý trước đạt ..."): at the start, after a phrase, or after
 * , ; : ( */
static int opens_clause(const lx *L)
{
    if (L->out->n == 0) return 1;
    const tk *p = &L->out->v[L->out->n - 1];
    return p->kind == TK_PHRASE || (p->kind == TK_PUNCT && strchr(",;:(", p->ch));
}

static size_t lex_period_word(lx *L, size_t i)
{
    size_t m, j;
    int v, nd, y;
    /* "hai tháng đầu năm 2024", "sáu tháng cuối năm" */
    int nw = -1;
    if ((m = kw_any(L, i, K_NUMWORDS, &nw))) {
        size_t a = skip_sp(L, i + m);
        if (lit(L, a, "tháng") || lit(L, a, "quý")) {
            size_t at = L->i;
            if (lex_n_months(L, i, a, lists[K_NUMWORDS][nw].a) && L->out->n &&
                L->out->v[L->out->n - 1].kind == TK_PERIOD && L->out->v[L->out->n - 1].s == i) {
                size_t e = L->i;
                L->i = at;
                return e - i;
            }
            L->i = at;
        }
    }
    /* "doanh thu cả năm", "cả năm 2024", "cả năm nay", "cả năm qua" */
    if ((m = lit(L, i, "cả năm"))) {
        size_t e2 = read_year_suffix(L, i + 3, &y); /* past "cả": "năm 2024" */
        if (y) {
            emit_period(L, i, e2, y, 1, y, 12, 0, 0);
            return e2 - i;
        }
        size_t a = skip_sp(L, i + m), k;
        if ((k = lit(L, a, "nay"))) {
            emit_period(L, i, a + k, 0, 1, 0, 12, 0, PF_NOYEAR | PF_RELYEAR);
            return a + k - i;
        }
        if ((k = lit(L, a, "qua"))) {
            emit_period(L, i, a + k, 0, 1, 0, 12, 0, PF_NOYEAR | PF_PAST_Y);
            return a + k - i;
        }
        emit_period(L, i, i + m, 0, 1, 0, 12, 0, PF_NOYEAR | PF_DOCYEAR);
        return m;
    }
    /* tháng M[/Y] */
    if ((m = lit(L, i, "tháng"))) {
        j = skip_sp(L, i + m);
        size_t e = read_uint(L, j, &v, &nd);
        if (nd >= 1 && nd <= 2 && v >= 1 && v <= 12 &&
            (e >= L->n || !is_wordb((unsigned char)L->t[e]))) {
            size_t e2 = read_year_suffix(L, e, &y);
            if (y)
                emit_period(L, i, e2, y, v, y, v, 0, 0);
            else
                emit_period(L, i, e, 0, v, 0, v, 0, PF_NOYEAR);
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
        int w = -1;
        size_t rm = kw_any(L, j, K_ROMAN, &w);
        size_t om = lit(L, j, "đầu tư") ? 0 : lit(L, j, "đầu"), lm = lit(L, j, "cuối");
        size_t om2 = lit(L, j, "đầu tiên"), lm2 = lit(L, j, "cuối cùng");
        if (om2) om = om2;
        if (lm2) lm = lm2;
        if (rm) {
            q = lists[K_ROMAN][w].a;
            e = j + rm;
        } else if (om || lm) {
            /* "quý đầu năm 2024", "quý đầu tiên của năm 2023", "quý cuối
             * năm" */
            q = om ? 1 : 4;
            e = j + (om ? om : lm);
            size_t c = skip_sp(L, e), cm = lit(L, c, "của");
            if (cm) c = skip_sp(L, c + cm);
            size_t nm = lit(L, c, "năm");
            int yy = 0;
            size_t ye = nm ? read_year_suffix(L, c, &yy) : c;
            if (yy) {
                emit_period(L, i, ye, yy, q * 3 - 2, yy, q * 3, 0, 0);
                return ye - i;
            }
            /* "quý đầu năm nay": of the publication's year; "quý đầu
             * năm": of the year in force */
            if (nm) {
                size_t a = skip_sp(L, c + nm), nay = lit(L, a, "nay");
                size_t end = nay ? a + nay : c + nm;
                emit_period(L, i, end, 0, q * 3 - 2, 0, q * 3, 0,
                            PF_NOYEAR | (nay ? PF_RELYEAR : 0));
                return end - i;
            }
        } else {
            e = read_uint(L, j, &v, &nd);
            if (nd == 1 && v >= 1 && v <= 4 && (e >= L->n || !is_wordb((unsigned char)L->t[e])))
                q = v;
        }
        if (!q) return 0;
        size_t e2 = read_year_suffix(L, e, &y);
        if (y)
            emit_period(L, i, e2, y, q * 3 - 2, y, q * 3, 0, 0);
        else
            emit_period(L, i, e, 0, q * 3 - 2, 0, q * 3, 0, PF_NOYEAR);
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
        if ((k = lit(L, j, "nay"))) { /* this year: the publication's */
            emit_period(L, i, j + k, 0, 1, 0, 12, 0, PF_NOYEAR | PF_RELYEAR);
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
    int w = -1;
    size_t m = kw_any(L, i, K_SCALES, &w);
    if (m) *exp10 = lists[K_SCALES][w].a;
    return m;
}

static size_t read_currency(lx *L, size_t i, const char **cur)
{
    int w = -1;
    size_t m = kw_any(L, i, K_CURRENCIES, &w);
    if (m) *cur = lists[K_CURRENCIES][w].a ? "USD" : "VND";
    return m;
}

/* A scale, currency or count noun that starts right at i and ends at a
 * word boundary. */
static int glued_unit(lx *L, size_t i, const char **unit)
{
    int e10;
    const char *cur;
    size_t m = read_scale(L, i, &e10);
    if (!m) m = read_currency(L, i, &cur);
    if (!m) {
        /* the catalogue matches at word starts only: look the glued word
         * up on its own */
        char w[48];
        size_t wl = 0;
        while (i + wl < L->n && wl < sizeof w && is_wordb((unsigned char)L->t[i + wl])) {
            w[wl] = L->t[i + wl];
            wl++;
        }
        if (wl == 0 || wl == sizeof w) return 0;
        const ct__phrase *up = NULL, *any = NULL;
        size_t um = 0;
        ct__catalog_match2(L->cat, w, wl, 0, CT_PH_UNIT, &any, &um, &up);
        if (um != wl || !up) return 0;
        if (unit) *unit = up->arg;
        return 1;
    }
    return m && (i + m >= L->n || !is_wordb((unsigned char)L->t[i + m]));
}

/* Words that may follow a bare count without being its unit. */
static int is_function_word(lx *L, size_t i)
{
    return kw_any(L, i, K_FUNCTION, NULL) > 0;
}

/* "N tháng (đầu năm) [Y]", "N tháng qua", "N tháng cuối năm", "N quý đầu
 * năm [Y]" where the count N (iv) ends before a (digits or a numeral word:
 * "hai tháng đầu năm 2024"). Emits the period and returns 1; 0 if none. */
/* A year written at i, past spaces. */
static int year_at(lx *L, size_t i)
{
    int y, nd;
    read_uint(L, skip_sp(L, i), &y, &nd);
    return is_year(y, nd);
}

static int lex_n_months(lx *L, size_t i, size_t a, int iv)
{
    size_t m;
    if ((m = lit(L, a, "tháng"))) {
        size_t b = skip_sp(L, a + m);
        if (iv >= 1 && iv <= 12) {
            size_t c;
            int first = 1, last = iv;
            size_t end = a + m;
            if ((c = lit(L, b, "đầu năm")))
                end = b + c;
            else if ((c = lit(L, b, "cuối năm")))
                end = b + c, first = 13 - iv, last = 12;
            else if ((c = lit(L, b, "đầu")) && year_at(L, b + c))
                end = b + c; /* "6 tháng đầu 2024" */
            else if ((c = lit(L, b, "cuối")) && year_at(L, b + c))
                end = b + c, first = 13 - iv, last = 12;
            else if ((c = lit(L, b, "qua")))
                end = b + c;
            else if ((c = lit(L, b, "năm")))
                end = b; /* "6 tháng năm 2024": year read below */
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
            return 1;
        }
        L->i = a + m;
        return 1;
    }
    if ((m = lit(L, a, "quý"))) {
        size_t b = skip_sp(L, a + m);
        size_t c;
        if (iv >= 1 && iv <= 4 &&
            ((c = lit(L, b, "đầu năm")) || ((c = lit(L, b, "đầu")) && year_at(L, b + c)))) {
            size_t end = b + c;
            int y2, nd2;
            size_t e3 = read_uint(L, skip_sp(L, end), &y2, &nd2);
            int yy = 0;
            if (is_year(y2, nd2)) yy = y2, end = e3;
            emit_period(L, i, end, yy, 1, yy, iv * 3, 0, yy ? 0 : PF_NOYEAR);
            L->i = end;
            return 1;
        }
    }
    return 0;
}

/* What follows a figure's digits: the upper end of a range, a percent
 * sign, a scale word, a currency, a count noun, "trên 100 dân" or another
 * ratio; sets k2's unit, value and end, and moves the lexer past them. */
static void lex_figure_rest(lx *L, tk *k2, size_t num_end)
{
    const char *t = L->t;
    size_t p = num_end;
    /* range: 25-30, 20 - 30%, 04-04; "từ 4,3 đến 4,5 triệu tỷ đồng" (not
     * after tăng/giảm: "tăng từ 20 đến 23" is read by the change rules) */
    size_t r = skip_sp(L, p);
    size_t den = 0;
    if (r < L->n && t[r] != '-' && L->out->n >= 2 &&
        L->out->v[L->out->n - 2].kind == TK_CUE && L->out->v[L->out->n - 2].cue == CUE_FROM &&
        !(L->out->n >= 3 && L->out->v[L->out->n - 3].kind == TK_CUE &&
          (L->out->v[L->out->n - 3].cue == CUE_UP || L->out->v[L->out->n - 3].cue == CUE_DOWN)))
        den = lit(L, r, "đến") ? lit(L, r, "đến") : lit(L, r, "tới");
    if (r < L->n && (t[r] == '-' || den)) {
        size_t r2 = skip_sp(L, r + (den ? den : 1));
        size_t r3 = r2;
        while (r3 < L->n && (is_digit((unsigned char)t[r3]) ||
                             ((t[r3] == '.' || t[r3] == ',') && r3 + 1 < L->n &&
                              is_digit((unsigned char)t[r3 + 1]))))
            r3++;
        ct_decimal v2;
        if (r3 > r2 && (r3 >= L->n || !is_wordb((unsigned char)t[r3]) || t[r3] == ' ') &&
            ct_num_parse(t + r2, r3 - r2, &v2) == CT_OK &&
            ct_decimal_value(v2) >= ct_decimal_value(k2->v)) {
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
        size_t a = skip_sp(L, p);
        if (!k2->drop && a > p && a < L->n && is_wordb((unsigned char)t[a]) &&
            !is_digit((unsigned char)t[a])) {
            word_at(L, a, NULL);
            if (!L->wmask) k2->noun_at = a;
        }
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
    const char *gu = NULL;
    if (!cm && q == num_end && glued_unit(L, q, &gu) && gu) {
        /* "62,04mbps": a count noun glued to its figure */
        k2->unit = gu;
        k2->cur_implied = 0;
        while (q < L->n && is_wordb((unsigned char)t[q]))
            q++;
        k2->e = p = q;
    } else if (!cm && !(k2->unit && !strcmp(k2->unit, "rank"))) {
        /* a count noun, unless a longer catalogue phrase starts here (a
         * rank keeps its unit: "nhóm 30 nước", "thứ 2 khu vực") */
        const ct__phrase *up = NULL, *any = NULL;
        size_t um = 0;
        size_t am = ct__catalog_match2(L->cat, t, L->n, q, CT_PH_UNIT, &any, &um, &up);
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
    size_t per = lit(L, s2, "trên");
    if (per && (!k2->unit || !strcmp(k2->unit, "subscribers"))) {
        /* "23,5 trên 100 dân", "91,9 thuê bao trên 100 người dân" */
        size_t s3 = skip_sp(L, s2 + per);
        size_t h = lit(L, s3, "100 dân") ? lit(L, s3, "100 dân") : lit(L, s3, "100 người dân");
        if (h) {
            k2->unit = "per100";
            k2->e = s3 + h;
        }
    }
    if (s2 < L->n && t[s2] == '/' && k2->unit && !strcmp(k2->unit, "rank")) {
        /* "xếp thứ 17/194 quốc gia": a place out of a field */
        size_t s3 = s2 + 1;
        while (s3 < L->n && is_digit((unsigned char)t[s3]))
            s3++;
        if (s3 > s2 + 1) k2->e = s3;
    } else if (s2 < L->n && t[s2] == '/') {
        size_t s3 = skip_sp(L, s2 + 1);
        if (lit(L, s3, "100 dân") || lit(L, s3, "100 người dân")) {
            k2->unit = "per100";
            k2->e =
                s3 + (lit(L, s3, "100 dân") ? lit(L, s3, "100 dân") : lit(L, s3, "100 người dân"));
        } else {
            k2->drop = 1;
            while (s3 < L->n && t[s3] != ' ' && t[s3] != ',' && t[s3] != ';' && t[s3] != ')')
                s3++;
            k2->e = s3;
        }
    }
    if (lit(L, skip_sp(L, k2->e), "lần")) k2->drop = 1;
    L->i = k2->e;
}

/* "/194" at j, then no more slashes or letters: the field of a rank. */
static int rank_field(const lx *L, size_t j)
{
    size_t e = j + 1;
    while (e < L->n && is_digit((unsigned char)L->t[e]))
        e++;
    return e > j + 1 && e - j <= 4 && (e >= L->n || !is_wordb((unsigned char)L->t[e]) ||
                                       L->t[e] == ' ') &&
           (e >= L->n || L->t[e] != '/');
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
    while (j < L->n &&
           (is_digit((unsigned char)t[j]) ||
            ((t[j] == '.' || t[j] == ',') && j + 1 < L->n && is_digit((unsigned char)t[j + 1]))))
        j++;
    /* glued to letters: 5g, 4k, kt1 handled as words; a figure glued to
     * its scale, currency or unit ("92,51mbps", "804tỷ", "3.000đ") is read */
    if (j < L->n && is_wordb((unsigned char)t[j]) && !is_digit((unsigned char)t[j]) &&
        !glued_unit(L, j, NULL)) {
        while (j < L->n && is_wordb((unsigned char)t[j]))
            j++;
        L->i = j;
        return;
    }
    /* a slash run: fractions 54/63, document numbers 129/2024/qh15, M/YYYY;
     * after a rank word a place out of a field ("thứ 17/194") */
    if (j < L->n && t[j] == '/' && j + 1 < L->n && L->t[j + 1] != ' ' &&
        !(L->rank && rank_field(L, j))) {
        size_t e = j;
        int letters = 0;
        while (e < L->n && t[e] != ' ' && t[e] != ',' && t[e] != ';' && t[e] != ')' &&
               t[e] != '(') {
            if ((unsigned char)t[e] >= 'a' || (unsigned char)t[e] >= 0x80) letters = 1;
            e++;
        }
        while (e > j && (t[e - 1] == '.' || t[e - 1] == ':'))
            e--;
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
    if (ie == j && lex_n_months(L, i, a, iv)) return;
    /* durations and multiples: N năm, N ngày, N lần, N giờ */
    if ((m = kw_any(L, a, K_DURATIONS, NULL))) {
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
    lex_figure_rest(L, k2, num_end);
    /* "80% trở lên": at least; "5% trở xuống": at most */
    size_t a2 = skip_sp(L, k2->e), tl;
    if ((tl = lit(L, a2, "trở lên"))) {
        k2->bound = -1;
        L->i = a2 + tl;
    } else if ((tl = lit(L, a2, "trở xuống"))) {
        k2->bound = 1;
        L->i = a2 + tl;
    }
}

/* "9.900 tỷ đồng (ước)", "(ước tính)", "(sơ bộ)": a parenthesis of one
 * qualifier right after a figure makes it an estimate and is consumed. */
static int estimate_note(lx *L, size_t i)
{
    if (!L->out->n || L->out->v[L->out->n - 1].kind != TK_NUM) return 0;
    static const char *const notes[] = {"ước tính", "số ước", "ước", "sơ bộ", "dự kiến", NULL};
    size_t j = skip_sp(L, i + 1);
    for (int k = 0; notes[k]; k++) {
        size_t m = lit(L, j, notes[k]);
        if (!m) continue;
        size_t e = skip_sp(L, j + m);
        if (e >= L->n || L->t[e] != ')') return 0;
        tk *f = &L->out->v[L->out->n - 1];
        if (f->approx == CT_APPROX_NONE) f->approx = CT_APPROX_ESTIMATE;
        L->i = e + 1;
        return 1;
    }
    return 0;
}

/* Words that keep a pending qualifier alive: "ước đạt khoảng", "đạt hơn". */
static size_t neutral_word(lx *L, size_t i)
{
    return kw_any(L, i, K_NEUTRAL, NULL);
}

/* "doanh thu của ngành bưu chính", "toàn ngành viễn thông": the word of
 * the whole or of the sector in force (catalogue sector "sector" or "@")
 * right before a sector's name is that sector; one token spans both. */
static void narrow_sectors(tk_list *out, const char *text)
{
    size_t w = 0;
    for (size_t r = 0; r < out->n; r++) {
        tk *a = &out->v[r];
        if (r + 1 < out->n && a->kind == TK_PHRASE && a->ph->kind == CT_PH_SECTOR &&
            (!strcmp(a->ph->arg, "sector") || !strcmp(a->ph->arg, "@"))) {
            tk *b = &out->v[r + 1];
            size_t g = a->e;
            while (g < b->s && text[g] == ' ')
                g++;
            if (b->kind == TK_PHRASE && b->ph->kind == CT_PH_SECTOR && g == b->s &&
                strcmp(b->ph->arg, "sector") && strcmp(b->ph->arg, "@")) {
                b->s = a->s;
                continue;
            }
        }
        if (w != r) out->v[w] = *a;
        w++;
    }
    out->n = w;
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
    call_once(&kw_once, kw_init);
    while (L.i < n && !L.oom) {
        size_t i = L.i;
        unsigned char c = (unsigned char)text[i];
        if (c == ' ') {
            L.i++;
            continue;
        }
        if (!is_wordb(c) && c != '~') {
            if (c == '(' && estimate_note(&L, i)) continue;
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
            /* "ước đạt: 372.463 tỷ đồng": a colon keeps the qualifier */
            if (c == ':' && L.approx_at == (int)L.out->n - 1) L.approx_at = (int)L.out->n;
            if (c != ',') L.suppress = 0;
            L.i++;
            continue;
        }
        /* "Sách Trắng (Công nghệ thông tin và Truyền thông Việt Nam) năm
         * 2020": a book's name; its year is no period of the figures (the
         * book of 2020 holds the figures of 2019) */
        size_t sm;
        if (c == 's' && (sm = lit(&L, i, "sách trắng"))) {
            size_t e = i + sm, yend = 0;
            while (e < n && e < i + sm + 100 && !yend) {
                if (is_digit((unsigned char)text[e])) {
                    int yy, nd;
                    size_t ye = read_uint(&L, e, &yy, &nd);
                    if (is_year(yy, nd) && (ye >= n || !is_wordb((unsigned char)text[ye])))
                        yend = ye;
                    else
                        break;
                } else if (!is_wordb((unsigned char)text[e]) && text[e] != ' ' &&
                           text[e] != '-' && text[e] != '&') {
                    break;
                }
                e++;
            }
            if (yend) {
                L.i = yend;
                continue;
            }
        }
        /* a web address is a name, never words or figures: up to a space */
        if ((c == 'h' || c == 'w') &&
            ((i + 7 <= n && !memcmp(text + i, "http://", 7)) ||
             (i + 8 <= n && !memcmp(text + i, "https://", 8)) ||
             (i + 4 <= n && !memcmp(text + i, "www.", 4)))) {
            while (L.i < n && text[L.i] != ' ')
                L.i++;
            while (L.i > i && strchr(".,;:)", text[L.i - 1]))
                L.i--; /* the sentence's own punctuation after it */
            if (L.i == i) L.i++;
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
        int t_month = c == 't' && i + 1 < n && is_digit((unsigned char)text[i + 1]);
        if (!t_month && !is_head(&L, i)) {
            const ct__phrase *ph0 = NULL;
            size_t pm0 = ct__catalog_match_hashed(cat, text, n, i, L.wh, L.wl, &ph0);
            const ct__phrase *p = ph0;
            while (p && p->kind == CT_PH_UNIT)
                p = p->next;
            if (pm0 && p) {
                tk *k = emit(&L, TK_PHRASE, i, i + pm0);
                if (k) k->ph = p;
                L.i = i + pm0;
            } else if (pm0) {
                L.i = i + pm0;
            } else {
                size_t wend = i + L.wl;
                while (wend < n && (is_wordb((unsigned char)text[wend]) || text[wend] == '~'))
                    wend++;
                L.i = wend == i ? i + 1 : wend;
            }
            continue;
        }
        int w = -1;
        /* period modifiers */
        if ((m = kw_any(&L, i, K_UPTO, &w)) && !lit(&L, i, "cuối năm")) {
            L.pflags = PF_UPTO;
            L.pflags_at = L.out->n;
            L.i = i + m;
            continue;
        }
        /* lũy kế / từ đầu năm [Y] [đến nay]: year to date, end unknown */
        if ((m = kw_any(&L, i, K_YTD, NULL))) {
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
        if ((t_month || (L.wmask & (1u << K_PERIOD_HEADS))) && (m = lex_period_word(&L, i))) {
            L.i = i + m;
            continue;
        }
        /* suppressors of the next number */
        if ((m = kw_any(&L, i, K_RANKS, NULL))) {
            L.rank = 1;
            /* unless a longer catalogue phrase starts with it ("xếp hạng
             * GCI"): then the phrase is read, and the rank stays set */
            const ct__phrase *rp = NULL;
            word_at(&L, i, NULL);
            if (ct__catalog_match_hashed(cat, text, n, i, L.wh, L.wl, &rp) <= m) {
                /* "xếp vị trí thứ 17": the ordinal is the rank's */
                size_t q = skip_sp(&L, i + m), th = lit(&L, q, "thứ");
                L.i = th ? q + th : i + m;
                continue;
            }
        }
        /* catalogue phrases */
        const ct__phrase *ph = NULL;
        word_at(&L, i, NULL); /* the first word's hash, for the catalogue too */
        size_t pm = ct__catalog_match_hashed(cat, text, n, i, L.wh, L.wl, &ph);
        /* cue words */
        int cw = -1, aw = -1;
        size_t cm = kw_any(&L, i, K_CUES, &cw);
        size_t am = kw_any(&L, i, K_APPROXES, &aw);
        if (pm && pm >= cm && pm >= am) {
            /* a unit-only phrase between words is just a word */
            const ct__phrase *p = ph;
            while (p && p->kind == CT_PH_UNIT)
                p = p->next;
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
        if (am && am >= cm && lists[K_APPROXES][aw].a != CT_APPROX_ESTIMATE) {
            /* "khoảng", "hơn", "trên", "gần" qualify the figure they stand
             * before, past "đạt" and the like; not "trên địa bàn", "gần
             * đây", "vượt kế hoạch" */
            size_t a = skip_sp(&L, i + am);
            if (!(a >= n || is_digit((unsigned char)text[a]) || !is_wordb((unsigned char)text[a]) ||
                  neutral_word(&L, a) || kw_any(&L, a, K_APPROXES, NULL) ||
                  kw_any(&L, a, K_NUMWORDS, NULL)))
                am = 0;
        }
        if (am && am >= cm) {
            L.approx = (ct_approx)lists[K_APPROXES][aw].a;
            L.bound = lists[K_APPROXES][aw].b ? lists[K_APPROXES][aw].b : L.bound;
            L.approx_at = (int)L.out->n;
            if (lit(&L, i, "dự kiến")) {
                tk *k = emit(&L, TK_CUE, i, i + am);
                if (k) k->cue = CUE_ESTIMATE;
                L.approx_at = (int)L.out->n;
            }
            L.i = i + am;
            continue;
        }
        /* "năm qua", "quý vừa qua", "tháng qua": the span just past */
        {
            static const struct {
                const char *w;
                int flag;
            } past[] = {{"năm vừa qua", PF_PAST_Y}, {"năm qua", PF_PAST_Y},
                        {"quý vừa qua", PF_PAST_Q}, {"quý qua", PF_PAST_Q},
                        {"tháng vừa qua", PF_PAST_M}, {"tháng qua", PF_PAST_M}};
            size_t pmatch = 0;
            int pflag = 0;
            for (size_t q = 0; q < sizeof past / sizeof past[0] && !pmatch; q++)
                if ((pmatch = lit(&L, i, past[q].w))) pflag = past[q].flag;
            if (pmatch && !L.cmp) {
                emit_period(&L, i, i + pmatch, 0, 1, 0, 12, 0, PF_NOYEAR | pflag);
                L.i = i + pmatch;
                continue;
            }
        }
        /* "năm ngoái" / "năm trước" outside a comparison: last year, from
         * publication ("năm nay" is read with the other "năm" periods) */
        if (cm && lists[K_CUES][cw].a == CUE_LASTYEAR && !L.cmp &&
            opens_clause(&L)) {
            /* only where a period can open a clause or follow a name:
             * "Năm ngoái, doanh thu ...", "doanh thu năm ngoái đạt ..." */
            emit_period(&L, i, i + cm, 0, 1, 0, 12, 0, PF_NOYEAR | PF_RELYEAR | PF_RELPREV);
            L.i = i + cm;
            continue;
        }
        /* "Tháng trước, ...", "doanh thu quý trước đạt ...": outside a
         * comparison, the month or quarter before publication */
        if (cm && lists[K_CUES][cw].a == CUE_PREV && !L.cmp &&
            (lit(&L, i, "tháng trước") == cm || lit(&L, i, "quý trước") == cm) &&
            opens_clause(&L)) {
            emit_period(&L, i, i + cm, 0, 1, 0, 12, 0,
                        PF_NOYEAR | (text[i] == 'q' ? PF_PAST_Q : PF_PAST_M));
            L.i = i + cm;
            continue;
        }
        if (cm) {
            int cue = lists[K_CUES][cw].a;
            if (cue == CUE_ANAPHOR && (lit(&L, i, "tỷ lệ") == cm || lit(&L, i, "tỉ lệ") == cm)) {
                /* a bare "tỷ lệ" refers back only when no noun follows it:
                 * "với tỷ lệ 83,48%", "tỷ lệ đạt 45%", not "tỷ lệ ký số" */
                size_t a = skip_sp(&L, i + cm);
                if (!(a >= n || is_digit((unsigned char)text[a]) || !is_wordb((unsigned char)text[a]) ||
                      neutral_word(&L, a) || kw_any(&L, a, K_APPROXES, NULL))) {
                    L.i = i + cm;
                    continue;
                }
            }
            tk *k = emit(&L, TK_CUE, i, i + cm);
            if (k) k->cue = cue;
            if (cue == CUE_SOVOI || cue == CUE_CUNGKY) L.cmp = 1;
            if (cue == CUE_GOAL) {
                L.goal = 1;
                L.cmp = 0;
                /* "vượt mục tiêu 80%": the qualifier was the comparison's */
                L.approx = CT_APPROX_NONE;
                L.bound = 0;
            }
            if (cue == CUE_PLAN) L.cmp = 0;
            if (cue == CUE_MIN) L.bound = -1;
            if (cue == CUE_MAX) L.bound = 1;
            /* keep a qualifier across "tăng khoảng", "(chỉ còn" */
            if (L.approx_at == (int)L.out->n - 1) L.approx_at = (int)L.out->n;
            L.i = i + cm;
            continue;
        }
        if ((m = kw_any(&L, i, K_SUPPRESSORS, NULL))) {
            /* "top 30", "nhóm 30 nước dẫn đầu": a rank of at most 30 */
            size_t a = skip_sp(&L, i + m), e = a;
            while (e < n && is_digit((unsigned char)text[e]))
                e++;
            int top = e > a && e - a <= 3 && (e >= n || text[e] == ' ' || text[e] == ',') &&
                      (lit(&L, i, "top") == m ||
                       (lit(&L, i, "nhóm") == m &&
                        (lit(&L, skip_sp(&L, e), "nước") || lit(&L, skip_sp(&L, e), "quốc gia"))));
            if (top) {
                L.rank = 1;
                L.bound = 1;
                L.i = a;
                continue;
            }
            L.suppress = 1;
            L.i = i + m;
            continue;
        }
        /* any other word */
        size_t j = i;
        while (j < n && text[j] != ' ' && (is_wordb((unsigned char)text[j]) || text[j] == '~'))
            j++;
        if (j == i) j = i + 1;
        L.i = j;
        L.suppress = 0;
    }
    if (!L.oom) narrow_sectors(out, text);
    return L.oom ? CT_ENOMEM : CT_OK;
}
