/* lex.h — the grammar of one folded sentence: figures, periods, cue words,
 * catalogue phrases and punctuation, as a flat token array that extract.c
 * assembles into records. Offsets are into the folded text. */
#ifndef CHITIEU_LEX_H
#define CHITIEU_LEX_H

#include <stddef.h>
#include "catalog_int.h"
#include "chitieu/extract.h"
#include "chitieu/num.h"
#include "chitieu/period.h"

typedef enum { TK_NUM, TK_PERIOD, TK_PHRASE, TK_CUE, TK_PUNCT } tk_kind;

typedef enum {
    CUE_UP = 1,     /* tăng, tăng trưởng */
    CUE_DOWN,       /* giảm, sụt giảm */
    CUE_ABS,        /* tăng thêm: an absolute change follows */
    CUE_SOVOI,      /* so với, so */
    CUE_CUNGKY,     /* cùng kỳ */
    CUE_PREV,       /* tháng trước, quý trước, trước đó */
    CUE_LASTYEAR,   /* năm ngoái, năm trước */
    CUE_PLAN,       /* kế hoạch */
    CUE_GOAL,       /* mục tiêu, phấn đấu, chỉ tiêu */
    CUE_FUTURE,     /* dự kiến, sẽ */
    CUE_MIN,        /* tối thiểu, ít nhất */
    CUE_MAX,        /* tối đa, không quá, chỉ còn */
    CUE_SHARE,      /* chiếm */
    CUE_EQUIV,      /* tương ứng, tương đương */
    CUE_TIMES,      /* gấp, lần */
    CUE_AMONG,      /* trong số */
    CUE_FROM,       /* từ (tăng từ X lên Y) */
    CUE_TO,         /* lên */
    CUE_ESTIMATE,   /* ước tính (sentence level) */
    CUE_GROWTHRATE, /* tốc độ tăng trưởng */
    CUE_NATIONAL,   /* cả nước, toàn quốc: the whole country */
    CUE_ANAPHOR,    /* tỷ lệ này, con số này, tỷ lệ: the rate in force */
    CUE_OFWHICH,    /* trong đó: a breakdown of what came before follows */
    CUE_RATIO,      /* bằng: "bằng 112% so với cùng kỳ", a ratio to the base */
    CUE_NEWTOTAL,   /* nâng tổng số lên: the new total follows, a level */
    CUE_RESPECTIVE, /* lần lượt: the figures that follow pair with the names before */
} tk_cue;

/* period token flags */
enum {
    PF_UPTO = 1,     /* tính đến, đến hết: a flow reads year to date */
    PF_YTD_OPEN = 2, /* lũy kế / từ đầu năm with no end: to the report month */
    PF_NOYEAR = 4,   /* the year was not written */
    PF_CMP = 8,      /* a comparison's reference (so với, cùng kỳ) */
    PF_RELPREV = 16, /* with PF_RELYEAR: one year back (năm ngoái) */
    PF_RELYEAR = 32, /* năm nay, năm ngoái: relative to publication */
    PF_END = 64,     /* cuối năm: the end of the period */
    PF_TARGET = 128, /* after a goal cue */
    PF_HEAD = 256,   /* a figure-less date such as a meeting day */
    PF_PLAN = 512,   /* right after "kế hoạch": the plan's year, not a figure's */
    PF_PAST_Y = 1024, /* "năm qua": the year just past, from publication */
    PF_PAST_Q = 2048, /* "quý vừa qua": the last quarter ended before publication */
    PF_PAST_M = 4096, /* "tháng qua": the month before publication */
    PF_DOCYEAR = 8192, /* "cả năm": the year of the report, never moved back */
};

typedef struct tk {
    tk_kind kind;
    size_t s, e; /* folded offsets */
    int depth;   /* parenthesis depth */
    /* TK_NUM */
    ct_decimal v, v2; /* v2: the upper end of a range */
    int range;
    const char *unit; /* "VND", "USD", "percent", "per100", "rank", count unit, NULL */
    int cur_implied;  /* "tỷ" with no currency word: đồng if the indicator is */
    int drop;         /* a ratio, a multiple, a level number: never a figure */
    ct_approx approx;
    int bound; /* -1 min only (tối thiểu), 1 max only (chỉ còn), 0 both */
    size_t noun_at; /* a percentage's next word when no grammar list holds it
                       ("100% xã có ..."), else 0 */
    /* TK_PERIOD */
    ct_period per;
    int pflags;
    /* TK_PHRASE */
    const ct__phrase *ph;
    /* TK_CUE, TK_PUNCT */
    int cue;
    char ch;
} tk;

typedef struct tk_list {
    tk *v;
    size_t n, cap;
} tk_list;

/* Tokenise text[0..n) (folded). Years left unwritten get year 0 and
 * PF_NOYEAR; extract.c resolves them. Returns CT_OK or CT_ENOMEM. */
int ct__lex(const ct_catalog *cat, const char *text, size_t n, tk_list *out);

#endif
