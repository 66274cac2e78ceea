/* report.c — a Vietnamese report for one period (see report.h).
 *
 * Each stated figure is the chosen value of its indicator's series row for
 * the period (series.h), written as the ministry writes it: the
 * indicator's own name (an alias in the catalogue), the period spelled out
 * ("quý 1/2024", "6 tháng đầu năm 2024"), "ước đạt" for an estimate, the
 * year-on-year change (stated, else computed) "so với cùng kỳ năm 2023",
 * and the value a year before in parentheses when the database has it.
 * Tables, target lines, findings and sources are written so that they
 * state no figure of their own to `extract` (table rows are short lines
 * without final punctuation, which the extractor reads as headings;
 * findings name codes, not indicators). */
#include "chitieu/report.h"
#include "chitieu/chart.h"
#include "chitieu/check.h"
#include "chitieu/render.h"
#include "chitieu/series.h"
#include "chitieu/targets.h"
#include "chitieu/xlsx.h"
#include "alloc_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *prefix, *title;
} sectors[] = {{"sector", "Toàn ngành"},
               {"postal", "Bưu chính"},
               {"telecom", "Viễn thông"},
               {"ict", "Công nghiệp công nghệ thông tin"},
               {"infosec", "An toàn thông tin mạng"},
               {"esign", "Chữ ký số"},
               {"egov", "Chính phủ số"},
               {"digital", "Kinh tế số"}};
#define NSECTORS (sizeof sectors / sizeof sectors[0])

typedef struct rep {
    ct_store *st;
    const ct_catalog *cat;
    const ct_report_opts *o;
    ct_buf *out;
    ct_period P;
    int nfig;
    char **docs; /* documents cited, for the sources */
    size_t ndocs;
    int oom;
    ct_xlsx *x;             /* CT_REPORT_XLSX: the tables go here, the text is dropped */
    int cols;               /* the section table's optional columns (COL_*) */
    ct_buf *csv;            /* CT_REPORT_CSV: the tables' rows go here */
    const char *sector_vi; /* the section being written */
} rep;

/* "" for the whole country */
#define AREA(r) ((r)->o->area ? (r)->o->area : "")

static void esc(rep *r, const char *s)
{
    if (r->o->format != CT_REPORT_HTML) {
        ct_buf_puts(r->out, s);
        return;
    }
    for (; *s; s++) {
        if (*s == '<')
            ct_buf_puts(r->out, "&lt;");
        else if (*s == '>')
            ct_buf_puts(r->out, "&gt;");
        else if (*s == '&')
            ct_buf_puts(r->out, "&amp;");
        else if (*s == '"')
            ct_buf_puts(r->out, "&quot;");
        else
            ct_buf_putc(r->out, *s);
    }
}

static void cite(rep *r, const char *doc)
{
    for (size_t i = 0; i < r->ndocs; i++)
        if (!strcmp(r->docs[i], doc)) return;
    char **v = ct__realloc(r->docs, (r->ndocs + 1) * sizeof *v);
    if (!v || !(v[r->ndocs] = ct__strdup(doc))) {
        if (v) r->docs = v;
        r->oom = 1;
        return;
    }
    r->docs = v;
    r->ndocs++;
}

/* the number of a cited document in the sources, from 1 */
static int cite_no(const rep *r, const char *doc)
{
    for (size_t i = 0; i < r->ndocs; i++)
        if (!strcmp(r->docs[i], doc)) return (int)i + 1;
    return 0;
}

/* its mark in the tables and the list: [a], [b] ... [z], [aa] — letters,
 * as a digit there would read back as a figure */
static const char *cite_mark(const rep *r, const char *doc, char out[16])
{
    int n = cite_no(r, doc);
    char tmp[8];
    int k = 0;
    for (; n > 0 && k < 7; n = (n - 1) / 26)
        tmp[k++] = (char)('a' + (n - 1) % 26);
    int o = 0;
    out[o++] = '[';
    while (k)
        out[o++] = tmp[--k];
    out[o++] = ']';
    out[o] = '\0';
    return out;
}

static int row_is(const ct_series_row *row, const ct_period *p, int stock)
{
    if (stock) return row->period.last == p->last;
    return row->period.first == p->first && row->period.last == p->last && !row->period.day;
}

static const ct_series_row *find_row(const ct_series *s, const ct_period *p, int stock)
{
    const ct_series_row *best = NULL;
    for (size_t i = 0; i < s->n; i++)
        if (row_is(&s->rows[i], p, stock) && (!best || best->period.day)) best = &s->rows[i];
    return best;
}

/* The latest period with figures: the interval most rows ending in the
 * latest month have. */
static int latest_period(rep *r, ct_period *out, ct_error *err)
{
    int last = 0;
    ct_period cand[64];
    int count[64], nc = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < ct_catalog_count(r->cat); i++) {
            ct_series s;
            int rc = ct_series_build(r->st, r->cat, ct_catalog_at(r->cat, i)->code, AREA(r), NULL, NULL,
                                     &s, err);
            if (rc != CT_OK) return rc;
            for (size_t k = 0; k < s.n; k++) {
                const ct_period *p = &s.rows[k].period;
                if (pass == 0 && p->last > last) last = p->last;
                if (pass == 1 && p->last == last && !p->day) {
                    int j;
                    for (j = 0; j < nc && !ct_period_eq(&cand[j], p); j++) {
                    }
                    if (j == nc && nc < 64) cand[nc] = *p, count[nc++] = 0;
                    if (j < 64) count[j]++;
                }
            }
            ct_series_free(&s);
        }
    }
    int best = -1;
    for (int j = 0; j < nc; j++)
        if (best < 0 || count[j] > count[best] ||
            (count[j] == count[best] && ct_period_len(&cand[j]) > ct_period_len(&cand[best])))
            best = j;
    if (best < 0) return CT_ENOENT;
    *out = cand[best];
    return CT_OK;
}

/* The year-on-year change a row is reported with: the one stated with the
 * figure when it agrees with the value a year before that is quoted (a
 * source may have compared with another figure), else the one computed,
 * to one decimal. 0 when there is none. */
static int row_change(const ct_series_row *row, const ct_series_row *prev, ct_decimal *g)
{
    if (row->has_stated_yoy &&
        (!prev || !row->has_computed_yoy ||
         fabs(ct_decimal_value(row->stated_yoy) - row->computed_yoy) < 0.15)) {
        *g = row->stated_yoy;
        return 1;
    }
    if (row->has_computed_yoy && isfinite(row->computed_yoy)) {
        g->mant = llround(row->computed_yoy * 10);
        g->exp = -1;
        return g->mant != 0;
    }
    return 0;
}

static const ct_series_row *row_before(const ct_series *s, const ct_series_row *row, int stock)
{
    ct_period before = ct_period_shift(row->chosen.period, -12);
    const ct_series_row *prev = find_row(s, &before, stock);
    return prev && !strcmp(prev->unit, row->unit) ? prev : NULL;
}

static void value_text(ct_buf *b, ct_decimal v, const char *unit)
{
    ct_render_value_vi(b, v, unit);
}

/* An approximate figure (khoảng, hơn, dưới) to three significant digits:
 * "khoảng 6.000.564 triệu đồng" is no more exact than "khoảng 6.000 tỷ
 * đồng", and the report should not pretend otherwise. "hơn" rounds down
 * and "dưới" up, so that the words stay true. An estimate (ước) is a
 * figure the source computed, shown as written. */
static ct_decimal approx_round(ct_decimal v, ct_approx ap)
{
    if (ap != CT_APPROX_ABOUT && ap != CT_APPROX_OVER && ap != CT_APPROX_UNDER) return v;
    int neg = v.mant < 0;
    long long m = neg ? -v.mant : v.mant, p = 1;
    int drop = 0;
    while (m / p >= 1000) {
        p *= 10;
        drop++;
    }
    if (!drop) return v;
    long long q = m / p, rem = m % p;
    if (ap == CT_APPROX_ABOUT ? rem * 2 >= p : rem && (ap == CT_APPROX_UNDER) != neg) q++;
    v.mant = neg ? -q : q;
    v.exp += drop;
    return v;
}

/* The comparisons other than year on year (so với quý trước, đạt X% kế
 * hoạch) that the chosen figure was stated with: the series keeps only
 * the year-on-year one, so they are read from the observation itself. */
typedef struct chosen_q {
    const ct_series_value *c;
    const char *unit, *area;
    ct_change ch[CT_MAX_CHANGES];
    int n, found;
} chosen_q;

static int on_chosen(void *ud, const ct_obs *o)
{
    chosen_q *q = ud;
    const ct_record *r = &o->rec;
    if (q->found || r->type != CT_REC_OBSERVATION || r->baseline || strcmp(r->area, q->area) ||
        strcmp(o->doc, q->c->doc) || !ct_period_eq(&r->period, &q->c->period) ||
        !r->unit || strcmp(r->unit, q->unit) ||
        ct_decimal_value(r->value) != ct_decimal_value(q->c->value))
        return 0;
    q->found = 1;
    for (int k = 0; k < r->nchanges && q->n < CT_MAX_CHANGES; k++)
        if (r->changes[k].basis != CT_BASIS_YOY) q->ch[q->n++] = r->changes[k];
    return 0;
}

static int chosen_changes(rep *r, const ct_indicator *ind, const ct_series_row *row, chosen_q *q)
{
    memset(q, 0, sizeof *q);
    q->c = &row->chosen;
    q->unit = row->unit;
    q->area = AREA(r);
    ct_obs_query oq = {ind->code, 0, 0, 0};
    ct_error err;
    if (ct_store_records(r->st, r->cat, &oq, on_chosen, q, &err) != CT_OK) q->n = 0;
    return q->n;
}

/* ", tăng 5,2% so với quý trước" / ", đạt 25,1% kế hoạch năm 2024" */
static void other_change(ct_buf *b, const ct_change *c, const ct_period *P)
{
    char num[48];
    double v = ct_decimal_value(c->pct);
    int dec = c->pct.exp < 0 ? -c->pct.exp : 0;
    if (c->basis == CT_BASIS_PLAN) {
        ct_num_format_vi(v, dec, num, sizeof num);
        ct_buf_printf(b, ", đạt %s%% kế hoạch", num);
        char per[64];
        if (ct_period_is_set(&c->ref))
            ct_period_format_vi(&c->ref, per, sizeof per);
        else /* "kế hoạch năm": the plan of the figure's year */
            snprintf(per, sizeof per, "năm %d", CT_YEAR_OF(P->last));
        ct_buf_printf(b, " %s", per);
        return;
    }
    int len = ct_period_is_set(&c->ref) ? ct_period_len(&c->ref) : ct_period_len(P);
    ct_num_format_vi(fabs(v), dec, num, sizeof num);
    ct_buf_printf(b, ", %s %s%% so với %s", v < 0 ? "giảm" : "tăng", num,
                  len == 1 ? "tháng trước" : len == 3 ? "quý trước" : "kỳ trước");
}

/* One sentence (and its records) for a row; returns 1 when written. */
static int sentence(rep *r, const ct_indicator *ind, const ct_series *s, const ct_series_row *row)
{
    int stock = ind->measure == CT_STOCK;
    const ct_series_value *c = &row->chosen;
    ct_period before = ct_period_shift(c->period, -12);
    const ct_series_row *prev = find_row(s, &before, stock);
    if (prev && strcmp(prev->unit, row->unit)) prev = NULL;
    ct_buf *b = r->out;
    char per[80];
    if (c->period.day) /* a stock at a day: "tính đến ngày 20/1/2022" */
        snprintf(per, sizeof per, "tính đến ngày %d/%d/%d", c->period.day,
                 CT_MON_OF(c->period.last), CT_YEAR_OF(c->period.last));
    else if (stock) { /* a stock is a level at the period's end, not a sum over it */
        char p2[56];
        ct_period_format_vi(&c->period, p2, sizeof p2);
        snprintf(per, sizeof per, "tính đến hết %s", p2);
    } else
        ct_period_format_vi(&c->period, per, sizeof per);
    if (r->o->format == CT_REPORT_HTML) ct_buf_printf(b, "<p data-indicator=\"%s\">", ind->code);
    esc(r, ind->name_vi);
    ct_buf_printf(b, " %s ", per);
    /* "đạt" is said of what is achieved (revenue, a rate); a level is
     * "là", and attacks are recorded, not achieved */
    int count = !stock && strcmp(row->unit, "VND") && strcmp(row->unit, "USD") &&
                strcmp(row->unit, "percent") && strcmp(row->unit, "per100");
    const char *verb = c->approx == CT_APPROX_ESTIMATE ? (count ? "ước ghi nhận" : "ước đạt")
                       : c->approx == CT_APPROX_ABOUT
                           ? (stock ? "là khoảng" : count ? "ghi nhận khoảng" : "đạt khoảng")
                       : c->approx == CT_APPROX_OVER
                           ? (stock ? "là hơn" : count ? "ghi nhận hơn" : "đạt hơn")
                       : c->approx == CT_APPROX_UNDER
                           ? (stock ? "là dưới" : count ? "ghi nhận dưới" : "đạt dưới")
                           : (stock ? "là" : count ? "ghi nhận" : "đạt");
    ct_buf_puts(b, verb);
    ct_buf_putc(b, ' ');
    ct_decimal shown = approx_round(c->value, c->approx);
    value_text(b, shown, row->unit);
    ct_record rec;
    memset(&rec, 0, sizeof rec);
    rec.type = CT_REC_OBSERVATION;
    rec.ind = ind;
    rec.period = c->period;
    rec.unit = row->unit;
    rec.value = shown;
    rec.approx = c->approx;
    ct_decimal g = {0, 0};
    int has_g = row_change(row, prev, &g);
    if (has_g) {
        char num[48];
        double gv = ct_decimal_value(g);
        ct_num_format_vi(fabs(gv), g.exp < 0 ? -g.exp : 0, num, sizeof num);
        ct_buf_printf(b, ", %s %s%% so với cùng kỳ năm %d", gv < 0 ? "giảm" : "tăng", num,
                      CT_YEAR_OF(c->period.last) - 1);
        rec.nchanges = 1;
        rec.changes[0].basis = CT_BASIS_YOY;
        rec.changes[0].pct = g;
        rec.changes[0].ref = before;
        if (prev) {
            ct_buf_puts(b, " (");
            value_text(b, approx_round(prev->chosen.value, prev->chosen.approx), prev->unit);
            ct_buf_putc(b, ')');
        }
    }
    /* the source's other comparisons, kept: "so với quý trước", "đạt X% kế hoạch" */
    chosen_q cq;
    chosen_changes(r, ind, row, &cq);
    for (int k = 0; k < cq.n; k++) {
        other_change(b, &cq.ch[k], &c->period);
        if (rec.nchanges < CT_MAX_CHANGES) rec.changes[rec.nchanges++] = cq.ch[k];
    }
    ct_buf_puts(b, r->o->format == CT_REPORT_HTML ? ".</p>\n" : ".\n");
    if (r->o->format != CT_REPORT_HTML) ct_buf_putc(b, '\n');
    cite(r, c->doc);
    r->nfig++;
    if (r->o->records) {
        r->o->records(r->o->ud, &rec);
        if (has_g && prev) {
            ct_record br = rec;
            br.nchanges = 0;
            br.baseline = 1;
            br.period = before;
            br.value = approx_round(prev->chosen.value, prev->chosen.approx);
            br.unit = prev->unit;
            br.approx = CT_APPROX_NONE;
            r->o->records(r->o->ud, &br);
        }
    }
    return 1;
}

/* A table's optional columns, shown only when a row of the section fills
 * them: a column nobody's figure has is a column of blanks. */
enum { COL_YOY = 1, COL_PREV = 2, COL_PLAN = 4, COL_NOTE = 8 };

static int row_cols(rep *r, const ct_indicator *ind, const ct_series *s, const ct_series_row *row)
{
    int c = row->conflict ? COL_NOTE : 0;
    ct_decimal ch;
    if (row_change(row, row_before(s, row, ind->measure == CT_STOCK), &ch)) c |= COL_YOY;
    chosen_q cq;
    chosen_changes(r, ind, row, &cq);
    for (int k = 0; k < cq.n; k++)
        c |= cq.ch[k].basis == CT_BASIS_PLAN ? COL_PLAN : COL_PREV;
    return c;
}

static void csv_cell(ct_buf *b, const char *s, int last)
{
    if (!s) s = "";
    if (!strpbrk(s, ",\"\n\r")) {
        ct_buf_puts(b, s);
    } else {
        ct_buf_putc(b, '"');
        for (; *s; s++) {
            if (*s == '"') ct_buf_putc(b, '"');
            ct_buf_putc(b, *s);
        }
        ct_buf_putc(b, '"');
    }
    ct_buf_puts(b, last ? "\r\n" : ",");
}

static void csv_dec(ct_buf *b, int has, ct_decimal d)
{
    char num[64] = "";
    if (has) ct_decimal_json(d, num, sizeof num);
    csv_cell(b, num, 0);
}

static const char *const csv_head =
    "\xEF\xBB\xBFLĩnh vực,Chỉ tiêu,Mã chỉ tiêu,Kỳ,Mã kỳ,Giá trị,Đơn vị,Số liệu như ghi,"
    "So với cùng kỳ (%),So với kỳ trước (%),So với kế hoạch (%),Văn bản nguồn,Ngày công bố,"
    "Ghi chú\r\n";

static void table_row(rep *r, const ct_indicator *ind, const ct_series *s, const ct_series_row *row)
{
    ct_buf v, g;
    ct_buf_init(&v);
    ct_buf_init(&g);
    /* the qualifier as written: "hơn 105,13 triệu" is not 105,13 triệu */
    ct_approx ap = row->chosen.approx;
    if (ap == CT_APPROX_OVER || ap == CT_APPROX_UNDER || ap == CT_APPROX_ABOUT)
        ct_buf_puts(&v, ap == CT_APPROX_OVER ? "hơn " : ap == CT_APPROX_UNDER ? "dưới " : "khoảng ");
    value_text(&v, approx_round(row->chosen.value, ap), row->unit);
    if (ap == CT_APPROX_ESTIMATE) ct_buf_puts(&v, " (ước)");
    ct_decimal ch;
    if (row_change(row, row_before(s, row, ind->measure == CT_STOCK), &ch)) {
        char num[48];
        double gv = ct_decimal_value(ch);
        ct_num_format_vi(gv, ch.exp < 0 ? -ch.exp : 0, num, sizeof num);
        ct_buf_printf(&g, "%s%s%%", gv >= 0 ? "+" : "", num);
    }
    /* the period before and the plan, as the source stated them */
    char pv[48] = "", pl[80] = "";
    chosen_q cq;
    chosen_changes(r, ind, row, &cq);
    for (int k = 0; k < cq.n; k++) {
        char num[40];
        double x = ct_decimal_value(cq.ch[k].pct);
        ct_num_format_vi(x, cq.ch[k].pct.exp < 0 ? -cq.ch[k].pct.exp : 0, num, sizeof num);
        if (cq.ch[k].basis == CT_BASIS_PLAN && !pl[0])
            snprintf(pl, sizeof pl, "%s%% kế hoạch", num); /* a bare 94,2% reads back as a figure */
        else if (cq.ch[k].basis == CT_BASIS_PREV && !pv[0])
            snprintf(pv, sizeof pv, "%s%s%%", x >= 0 ? "+" : "", num);
    }
    char per[64];
    ct_period_format_vi(&row->chosen.period, per, sizeof per);
    ct_buf *b = r->out;
    if (r->x) { /* the same row for a spreadsheet: numbers as numbers */
        char mk[16], code[40];
        const ct_decimal sv = approx_round(row->chosen.value, ap);
        ct_xlsx_str(r->x, 0, r->sector_vi);
        ct_xlsx_str(r->x, 1, ind->name_vi);
        ct_xlsx_str(r->x, 2, ind->code);
        ct_xlsx_str(r->x, 3, per);
        ct_period_format(&row->chosen.period, code, sizeof code);
        ct_xlsx_str(r->x, 4, code);
        ct_xlsx_num(r->x, 5, ct_decimal_value(sv), sv.exp < 0 ? -sv.exp : 0);
        ct_xlsx_str(r->x, 6, ct_render_unit_vi(row->unit));
        ct_xlsx_str(r->x, 7, v.data);
        if (g.len) ct_xlsx_num(r->x, 8, ct_decimal_value(ch), ch.exp < 0 ? -ch.exp : 0);
        for (int k = 0, seen[3] = {0, 0, 0}; k < cq.n; k++) {
            int col = cq.ch[k].basis == CT_BASIS_PREV ? 9 : 10;
            if (seen[col - 8]++) continue;
            ct_xlsx_num(r->x, col, ct_decimal_value(cq.ch[k].pct),
                        cq.ch[k].pct.exp < 0 ? -cq.ch[k].pct.exp : 0);
        }
        ct_xlsx_str(r->x, 11, cite_mark(r, row->chosen.doc, mk));
        ct_xlsx_str(r->x, 12, row->conflict ? "không khớp" : "");
        ct_xlsx_row(r->x);
    }
    if (r->csv) { /* the same row for a spreadsheet, as CSV */
        char code[40], pub[CT_DATE_SIZE];
        ct_decimal pvd = {0, 0}, pld = {0, 0};
        int has_pv = 0, has_pl = 0;
        for (int k = 0; k < cq.n; k++) {
            if (cq.ch[k].basis == CT_BASIS_PREV && !has_pv) pvd = cq.ch[k].pct, has_pv = 1;
            if (cq.ch[k].basis == CT_BASIS_PLAN && !has_pl) pld = cq.ch[k].pct, has_pl = 1;
        }
        csv_cell(r->csv, r->sector_vi, 0);
        csv_cell(r->csv, ind->name_vi, 0);
        csv_cell(r->csv, ind->code, 0);
        csv_cell(r->csv, per, 0);
        ct_period_format(&row->chosen.period, code, sizeof code);
        csv_cell(r->csv, code, 0);
        csv_dec(r->csv, 1, approx_round(row->chosen.value, ap));
        csv_cell(r->csv, ct_render_unit_vi(row->unit), 0);
        csv_cell(r->csv, v.data, 0);
        csv_dec(r->csv, g.len > 0, ch);
        csv_dec(r->csv, has_pv, pvd);
        csv_dec(r->csv, has_pl, pld);
        csv_cell(r->csv, row->chosen.doc, 0);
        ct_date_format(row->chosen.pub, pub, sizeof pub);
        csv_cell(r->csv, pub, 0);
        csv_cell(r->csv, row->conflict ? "không khớp" : "", 1);
    }
    if (r->o->format == CT_REPORT_HTML) {
        ct_buf_puts(b, "<tr><td>");
        esc(r, ind->name_vi);
        ct_buf_printf(b, "</td><td>%s</td><td class=\"num\">", per);
        esc(r, v.data ? v.data : "");
        ct_buf_puts(b, "</td>");
        if (r->cols & COL_YOY) ct_buf_printf(b, "<td class=\"num\">%s</td>", g.data ? g.data : "");
        if (r->cols & COL_PREV) ct_buf_printf(b, "<td class=\"num\">%s</td>", pv);
        if (r->cols & COL_PLAN) ct_buf_printf(b, "<td class=\"num\">%s</td>", pl);
        /* the document by its mark in the sources: its name holds digits
         * that are no figure */
        ct_buf_puts(b, "<td><a href=\"#src-");
        esc(r, row->chosen.doc);
        char mk[16];
        ct_buf_printf(b, "\">%s</a></td>", cite_mark(r, row->chosen.doc, mk));
        if (r->cols & COL_NOTE) ct_buf_printf(b, "<td>%s</td>", row->conflict ? "không khớp" : "");
        ct_buf_puts(b, "</tr>\n");
    } else if (r->o->format == CT_REPORT_MD) {
        char mk[16];
        ct_buf_printf(b, "| %s | %s | %s |", ind->name_vi, per, v.data ? v.data : "");
        if (r->cols & COL_YOY) ct_buf_printf(b, " %s |", g.data ? g.data : "");
        if (r->cols & COL_PREV) ct_buf_printf(b, " %s |", pv);
        if (r->cols & COL_PLAN) ct_buf_printf(b, " %s |", pl);
        ct_buf_printf(b, " %s |", cite_mark(r, row->chosen.doc, mk));
        if (r->cols & COL_NOTE) ct_buf_puts(b, row->conflict ? " không khớp |" : " |");
        ct_buf_putc(b, '\n');
    } else {
        ct_buf_puts(b, "  ");
        ct_render_pad(b, ind->name_vi, 58);
        ct_render_pad(b, per, 22);
        ct_render_pad(b, v.data ? v.data : "", 26);
        /* a row stays under 160 bytes, so that it reads as a heading, not
         * prose: the other comparisons are in the sentence above */
        ct_buf_puts(b, g.data ? g.data : "");
        if (row->conflict) ct_buf_puts(b, "  (không khớp)");
        ct_buf_putc(b, '\n');
    }
    ct_buf_free(&v);
    ct_buf_free(&g);
}

static void heading(rep *r, int level, const char *text)
{
    ct_buf *b = r->out;
    if (r->o->format == CT_REPORT_HTML) {
        ct_buf_printf(b, "<h%d>", level);
        esc(r, text);
        ct_buf_printf(b, "</h%d>\n", level);
    } else if (r->o->format == CT_REPORT_MD) {
        ct_buf_printf(b, "%s %s\n\n", level == 1 ? "#" : level == 2 ? "##" : "###", text);
    } else {
        ct_buf_printf(b, "%s\n\n", text);
    }
}

static int section(rep *r, size_t si, ct_error *err)
{
    const char *prefix = sectors[si].prefix;
    size_t pl = strlen(prefix);
    ct_series *ss = ct__calloc(ct_catalog_count(r->cat) + 1, sizeof *ss);
    const ct_series_row **rows = ct__calloc(ct_catalog_count(r->cat) + 1, sizeof *rows);
    if (!ss || !rows) {
        ct__free(ss);
        ct__free(rows);
        return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    }
    int n = 0, rc = CT_OK;
    for (size_t i = 0; i < ct_catalog_count(r->cat) && rc == CT_OK; i++) {
        const ct_indicator *ind = ct_catalog_at(r->cat, i);
        if (strncmp(ind->code, prefix, pl) || ind->code[pl] != '.') continue;
        rc = ct_series_build(r->st, r->cat, ind->code, AREA(r), NULL, NULL, &ss[i], err);
        if (rc == CT_OK) rows[i] = find_row(&ss[i], &r->P, ind->measure == CT_STOCK);
        if (rows[i]) n++;
    }
    if (rc == CT_OK && n) {
        char title[160];
        snprintf(title, sizeof title, "%s", sectors[si].title);
        r->sector_vi = sectors[si].title;
        if (r->o->format == CT_REPORT_HTML) ct_buf_puts(r->out, "<section>\n");
        heading(r, 2, title);
        const ct_indicator *chart_ind = NULL;
        for (size_t i = 0; i < ct_catalog_count(r->cat); i++)
            if (rows[i]) {
                sentence(r, ct_catalog_at(r->cat, i), &ss[i], rows[i]);
                /* a chart of the first indicator with two periods of the
                 * report's length or more */
                const ct_indicator *ci = ct_catalog_at(r->cat, i);
                int same = 0;
                for (size_t k = 0; k < ss[i].n; k++)
                    same += ci->measure == CT_STOCK ||
                            ct_period_len(&ss[i].rows[k].period) == ct_period_len(&r->P);
                if (!chart_ind && same >= 2) chart_ind = ci;
            }
        r->cols = 0;
        for (size_t i = 0; i < ct_catalog_count(r->cat); i++)
            if (rows[i]) r->cols |= row_cols(r, ct_catalog_at(r->cat, i), &ss[i], rows[i]);
        static const struct {
            int bit;
            const char *name, *align;
        } hcols[] = {{0, "Chỉ tiêu", "---"},
                     {0, "Kỳ", "---"},
                     {0, "Giá trị", "---:"},
                     {COL_YOY, "So với cùng kỳ", "---:"},
                     {COL_PREV, "So với kỳ trước", "---:"},
                     {COL_PLAN, "So với kế hoạch", "---:"},
                     {0, "Nguồn", "---"},
                     {COL_NOTE, "Ghi chú", "---"}};
        if (r->o->format == CT_REPORT_HTML || r->o->format == CT_REPORT_MD) {
            int html = r->o->format == CT_REPORT_HTML;
            ct_buf_puts(r->out, html ? "<table><thead><tr>" : "|");
            for (size_t k = 0; k < sizeof hcols / sizeof hcols[0]; k++)
                if (!hcols[k].bit || (r->cols & hcols[k].bit))
                    ct_buf_printf(r->out, html ? "<th>%s</th>" : " %s |", hcols[k].name);
            ct_buf_puts(r->out, html ? "</tr></thead><tbody>\n" : "\n|");
            for (size_t k = 0; !html && k < sizeof hcols / sizeof hcols[0]; k++)
                if (!hcols[k].bit || (r->cols & hcols[k].bit))
                    ct_buf_printf(r->out, "%s|", hcols[k].align);
            if (!html) ct_buf_putc(r->out, '\n');
        } else {
            ct_buf_puts(r->out, "  ");
            ct_render_pad(r->out, "Chỉ tiêu", 58);
            ct_render_pad(r->out, "Kỳ", 22);
            ct_render_pad(r->out, "Giá trị", 26);
            ct_buf_puts(r->out, "So với cùng kỳ\n");
        }
        for (size_t i = 0; i < ct_catalog_count(r->cat); i++)
            if (rows[i]) table_row(r, ct_catalog_at(r->cat, i), &ss[i], rows[i]);
        if (r->o->format == CT_REPORT_HTML) {
            ct_buf_puts(r->out, "</tbody></table>\n");
            if (chart_ind) {
                size_t ci = 0;
                while (ct_catalog_at(r->cat, ci) != chart_ind)
                    ci++;
                ct_buf_puts(r->out, "<figure>");
                /* the series up to the report's period: a quarter's report
                 * does not chart what came after it */
                ct_series upto = ss[ci];
                upto.n = 0;
                upto.rows = ct__calloc(ss[ci].n, sizeof *upto.rows);
                for (size_t k = 0; upto.rows && k < ss[ci].n; k++)
                    if (ss[ci].rows[k].period.last <= r->P.last) upto.rows[upto.n++] = ss[ci].rows[k];
                ct_chart_opts co = {720, 340, ct_period_len(&r->P), NULL, 0};
                if (!upto.rows || ct_chart_svg(r->out, &upto, &co) < 0) r->oom = 1;
                ct__free(upto.rows);
                ct_buf_puts(r->out, "</figure>\n");
            }
            ct_buf_puts(r->out, "</section>\n");
        } else {
            ct_buf_putc(r->out, '\n');
        }
    }
    for (size_t i = 0; i < ct_catalog_count(r->cat); i++)
        ct_series_free(&ss[i]);
    ct__free(ss);
    ct__free(rows);
    return rc;
}

/* ---- targets, findings, sources ---------------------------------------- */

typedef struct tctx {
    rep *r;
    int n;
} tctx;

static int on_target(void *ud, const ct_target_eval *e)
{
    tctx *t = ud;
    rep *r = t->r;
    const ct_record *tg = &e->target->rec;
    char per[64];
    ct_period_format_vi(&tg->period, per, sizeof per);
    ct_buf *b = r->out;
    if (!t->n++) {
        heading(r, 2, "Mục tiêu");
        if (r->o->format == CT_REPORT_HTML) ct_buf_puts(b, "<ul class=\"targets\">\n");
    }
    ct_buf_puts(b, r->o->format == CT_REPORT_HTML ? "<li>" : "- ");
    /* by name, with the goal in Vietnamese units (6.500 tỷ đồng, not
     * 6500000000000), its status and the figure it was judged on */
    const ct_indicator *ind = ct_catalog_find(r->cat, e->target->indicator);
    esc(r, ind && ind->name_vi ? ind->name_vi : e->target->indicator);
    ct_buf_printf(b, " %s: mục tiêu ", per);
    ct_buf goal;
    ct_buf_init(&goal);
    const char *u = tg->growth ? "percent" : tg->unit;
    if (tg->growth) ct_buf_puts(&goal, "tăng ");
    if (tg->has_min && tg->has_max &&
        (tg->min.mant != tg->max.mant || tg->min.exp != tg->max.exp)) {
        ct_render_value_vi(&goal, tg->min, u);
        ct_buf_puts(&goal, " – ");
        ct_render_value_vi(&goal, tg->max, u);
    } else if (tg->has_min && tg->has_max) {
        ct_render_value_vi(&goal, tg->min, u);
    } else if (tg->has_min) {
        ct_buf_puts(&goal, "tối thiểu ");
        ct_render_value_vi(&goal, tg->min, u);
    } else if (tg->has_max) {
        ct_buf_puts(&goal, "tối đa ");
        ct_render_value_vi(&goal, tg->max, u);
    }
    esc(r, goal.data ? goal.data : "");
    ct_buf_free(&goal);
    ct_buf_printf(b, " — %s", ct_target_status_vi(e->status));
    if (e->has_actual && !tg->growth) {
        /* the judged figure, written so that it reads back as itself */
        char ap[64];
        ct_period_format_vi(&e->actual_period, ap, sizeof ap);
        ct_buf act;
        ct_buf_init(&act);
        ct_render_value_vi(&act, e->actual, tg->unit);
        ct_buf_printf(b, " (số liệu %s: ", ap);
        esc(r, act.data ? act.data : "");
        ct_buf_puts(b, ")");
        ct_buf_free(&act);
    }
    ct_buf_puts(b, r->o->format == CT_REPORT_HTML ? "</li>\n" : "\n");
    return 0;
}

typedef struct fctx {
    rep *r;
    int n;
} fctx;

static const char *kind_vi(ct_finding_kind k)
{
    static const char *const n[] = {
        "tăng trưởng ghi không khớp với số liệu",  "kỳ so sánh không đúng",
        "số liệu không thống nhất giữa các nguồn", "tăng trưởng ghi không khớp với số đã lưu",
        "tổng các thành phần không khớp",          "kế hoạch không thống nhất"};
    return (unsigned)k < 6 ? n[k] : "?";
}

static int on_finding(void *ud, const ct_finding *f)
{
    fctx *c = ud;
    rep *r = c->r;
    if (f->period.last != r->P.last) return 0;
    ct_buf *b = r->out;
    if (!c->n++) {
        heading(r, 2, "Kiểm tra số liệu");
        if (r->o->format == CT_REPORT_HTML) ct_buf_puts(b, "<ul class=\"findings\">\n");
    }
    char per[64];
    ct_period_format_vi(&f->period, per, sizeof per);
    ct_buf_puts(b, r->o->format == CT_REPORT_HTML ? "<li>" : "- ");
    static const char *const sev_vi[] = {"lưu ý", "nhỏ", "nghiêm trọng"};
    ct_buf_printf(b, "[%s] %s: %s, %s", (unsigned)f->severity < 3 ? sev_vi[f->severity] : "?",
                  kind_vi(f->kind),
                  f->indicator, per);
    ct_buf_puts(b, r->o->format == CT_REPORT_HTML ? "</li>\n" : "\n");
    return 0;
}

static int add_to_checker(void *ud, const ct_obs *o)
{
    return ct_checker_add(ud, o, 1) != CT_OK;
}

/* The sources as a reader of the printed page can look them up: numbered
 * in the order the text cites them ([1] in the tables), by the document's
 * name when it is one a person gave (not a file's hash or a crawler's
 * number), its publisher (a web address's site, or the label given at
 * ingest; never a local path), its date, and the address of a web page. */
typedef struct sctx {
    rep *r;
    ct_buf *lines; /* one per cited document, in citation order */
} sctx;

/* a name a person gave: two or more words of letters only
 * ("bao-cao-quy-1-2026", "Báo cáo Sở Huế"), not "p039" or
 * "000_d4d94a2416069bdf" */
static int readable_name(const char *s)
{
    int words = 0;
    while (*s) {
        size_t n = strcspn(s, "-_ .");
        int letters = n >= 2;
        for (size_t k = 0; k < n && letters; k++)
            letters = !((unsigned char)s[k] < 0x80 && !((s[k] | 32) >= 'a' && (s[k] | 32) <= 'z'));
        words += letters;
        s += n;
        if (*s) s++;
    }
    return words >= 2;
}

static int on_source(void *ud, const ct_docinfo *d)
{
    sctx *c = ud;
    rep *r = c->r;
    int no = cite_no(r, d->name);
    if (!no) return 0;
    ct_buf *b = &c->lines[no - 1];
    ct_buf *out = r->out;
    r->out = b; /* esc() writes to r->out */
    const char *src = d->source ? d->source : "";
    int url = !strncmp(src, "http://", 7) || !strncmp(src, "https://", 8);
    int path = !url && (strchr(src, '/') || strchr(src, '\\') || strrchr(src, '.') > src);
    int parts = 0;
    if (r->o->format == CT_REPORT_HTML) {
        ct_buf_puts(b, "<li id=\"src-");
        esc(r, d->name);
        ct_buf_puts(b, "\">");
    } else {
        ct_buf_puts(b, "- ");
    }
    char mk[16];
    ct_buf_printf(b, "%s ", cite_mark(r, d->name, mk));
    if (readable_name(d->name)) {
        ct_buf_puts(b, "«");
        esc(r, d->name);
        ct_buf_puts(b, "»");
        parts++;
    }
    if (url) {
        const char *h = strstr(src, "://") + 3;
        if (!strncmp(h, "www.", 4)) h += 4;
        char host[128];
        snprintf(host, sizeof host, "%.*s", (int)strcspn(h, "/?#"), h);
        ct_buf_puts(b, parts++ ? ", bài đăng trên " : "Bài đăng trên ");
        esc(r, host);
    } else if (!strncmp(src, "token:", 6) && src[6]) { /* sent from the dashboard */
        ct_buf_puts(b, parts++ ? ", tải lên bởi " : "Tải lên bởi ");
        esc(r, src + 6);
    } else if (!path && *src) {
        if (parts++) ct_buf_puts(b, ", ");
        esc(r, src);
    }
    if (!parts) ct_buf_puts(b, "Văn bản");
    if (d->pub.y && d->pub.d)
        ct_buf_printf(b, ", công bố ngày %d/%d/%d", d->pub.d, d->pub.m, d->pub.y);
    else if (d->pub.y)
        ct_buf_printf(b, ", công bố tháng %d/%d", d->pub.m, d->pub.y);
    if (url && r->o->format == CT_REPORT_HTML) {
        ct_buf_puts(b, ", <a href=\"");
        esc(r, src);
        ct_buf_puts(b, "\">");
        esc(r, src);
        ct_buf_puts(b, "</a>");
    } else if (url) {
        ct_buf_puts(b, ", ");
        esc(r, src);
    }
    ct_buf_puts(b, r->o->format == CT_REPORT_HTML ? "</li>\n" : "\n");
    r->out = out;
    return 0;
}

static const char *const css =
    "@page{size:A4;margin:18mm 16mm}body{font-family:'DejaVu Serif','Times New "
    "Roman',serif;font-size:11pt;line-height:1.45;color:#111;max-width:180mm;margin:auto}"
    "h1{font-size:16pt;text-align:center;margin:0 0 4mm}h2{font-size:13pt;border-bottom:1px "
    "solid #999;margin:6mm 0 2mm;break-after:avoid}p{margin:0 0 2mm;text-align:justify}"
    "table{border-collapse:collapse;width:100%;font-size:9.5pt;margin:2mm 0 4mm;"
    "break-inside:avoid}th,td{border:1px solid #bbb;padding:1.2mm 2mm;vertical-align:top}"
    "th{background:#eef2f7}td.num{text-align:right;white-space:nowrap}figure{margin:2mm 0;"
    "break-inside:avoid}figure svg{max-width:100%;height:auto}.meta{text-align:center;"
    "color:#555;margin-bottom:6mm}ul{margin:0 0 3mm;padding-left:6mm}";

int ct_report(ct_store *st, const ct_catalog *cat, const ct_report_opts *o, ct_buf *out,
              ct_error *err)
{
    rep r;
    memset(&r, 0, sizeof r);
    r.st = st;
    r.cat = cat;
    r.o = o;
    r.out = out;
    ct_error_clear(err);
    int rc = CT_OK;
    /* targets and the checker's findings are the country's */
    int national = !o->area || !*o->area;
    if (o->sector) {
        size_t si = 0;
        while (si < NSECTORS && strcmp(o->sector, sectors[si].prefix))
            si++;
        if (si == NSECTORS)
            return ct_error_set(err, CT_EINVAL, -1, 0,
                                "unknown sector '%s' (sector, postal, telecom, ict, infosec, esign, "
                                "egov, digital)",
                                o->sector);
    }
    if (ct_period_is_set(&o->period))
        r.P = o->period;
    else if ((rc = latest_period(&r, &r.P, err)) != CT_OK)
        return rc == CT_ENOENT ? ct_error_set(err, CT_ENOENT, -1, 0, "no figures in the database")
                               : rc;
    /* XLSX: the report's tables as a workbook; the text is written as
     * plain text to a scratch buffer (it decides what is cited) and
     * dropped */
    ct_report_opts as_txt;
    ct_buf scratch;
    ct_buf_init(&scratch);
    if (o->format == CT_REPORT_CSV) { /* the same, the rows as CSV */
        as_txt = *o;
        as_txt.format = CT_REPORT_TXT;
        r.o = o = &as_txt;
        r.out = &scratch;
        r.csv = out;
        ct_buf_puts(out, csv_head);
    } else if (o->format == CT_REPORT_XLSX) {
        as_txt = *o;
        as_txt.format = CT_REPORT_TXT;
        r.o = o = &as_txt;
        r.out = &scratch;
        if (!(r.x = ct_xlsx_new()))
            return ct_error_set(err, CT_EIO, -1, 0, "xlsx: cannot make a workbook");
        static const char *const cols[] = {
            "Lĩnh vực",        "Chỉ tiêu",           "Mã chỉ tiêu",
            "Kỳ",              "Mã kỳ",              "Giá trị",
            "Đơn vị",          "Số liệu như ghi",    "So với cùng kỳ (%)",
            "So với kỳ trước (%)", "So với kế hoạch (%)", "Nguồn",
            "Ghi chú"};
        static const double widths[] = {24, 48, 26, 18, 12, 20, 14, 30, 14, 14, 14, 8, 12};
        ct_xlsx_sheet(r.x, "Bảng số liệu", cols, 13, widths);
    }
    char per[64], title[200];
    ct_period_format_vi(&r.P, per, sizeof per);
    if (r.o->area && *r.o->area)
        snprintf(title, sizeof title, "Báo cáo số liệu Thông tin và Truyền thông của %s %s",
                 r.o->area, per);
    else
        snprintf(title, sizeof title, "Báo cáo số liệu ngành Thông tin và Truyền thông %s", per);
    if (o->format == CT_REPORT_HTML) {
        ct_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
                         "<title>");
        esc(&r, title);
        ct_buf_printf(out, "</title><style>%s</style></head><body>\n", css);
    }
    heading(&r, 1, title);
    for (size_t si = 0; si < NSECTORS && rc == CT_OK; si++)
        if (!o->sector || !strcmp(o->sector, sectors[si].prefix)) rc = section(&r, si, err);
    if (rc == CT_OK && r.nfig == 0) {
        /* a report of nothing is a mistyped period, not a report */
        ct_period_format(&r.P, per, sizeof per);
        rc = ct_error_set(err, CT_ENOENT, -1, 0, "no figures of %s%s%s%s%s in the database", per,
                          o->sector ? " in sector " : "", o->sector ? o->sector : "",
                          national ? "" : " for ", national ? "" : o->area);
    }
    if (rc == CT_OK && national) {
        tctx t = {&r, 0};
        /* judged as of the report's period unless told otherwise: a past
         * report's targets are judged on the figures it had */
        int as_of = o->as_of ? o->as_of : r.P.last;
        rc = ct_targets_eval(st, cat, CT_YEAR_OF(r.P.last), as_of, on_target, &t, err);
        if (t.n) {
            if (o->format == CT_REPORT_HTML)
                ct_buf_puts(out, "</ul>\n");
            else
                ct_buf_putc(out, '\n');
        }
    }
    if (rc == CT_OK && national) { /* findings of the period, indicator by indicator */
        fctx f = {&r, 0};
        ct_checker *ck = ct_checker_new(cat);
        if (!ck) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
        for (size_t i = 0; ck && i < ct_catalog_count(cat) && rc == CT_OK; i++) {
            const ct_indicator *ind = ct_catalog_at(cat, i);
            if (o->sector && (strncmp(ind->code, o->sector, strlen(o->sector)) ||
                              ind->code[strlen(o->sector)] != '.'))
                continue;
            ct_checker_clear(ck);
            const char *load[9] = {ind->code};
            int nl = 1;
            for (int p = 0; p < 8 && ind->parts[p]; p++)
                load[nl++] = ind->parts[p];
            for (int l = 0; l < nl && rc == CT_OK; l++)
                for (int tg = 0; tg < 2 && rc == CT_OK; tg++) {
                    ct_obs_query q = {load[l], 0, tg, 0};
                    rc = ct_store_records(st, cat, &q, add_to_checker, ck, err);
                }
            if (rc == CT_OK && ct_checker_run(ck, ind->code, on_finding, &f) < 0)
                rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
        }
        ct_checker_free(ck);
        if (f.n) ct_buf_puts(out, o->format == CT_REPORT_HTML ? "</ul>\n" : "\n");
    }
    if (rc == CT_OK && r.ndocs) {
        heading(&r, 2, "Nguồn số liệu");
        if (o->format == CT_REPORT_HTML) ct_buf_puts(out, "<ul class=\"sources\">\n");
        sctx s = {&r, ct__calloc(r.ndocs, sizeof(ct_buf))};
        if (!s.lines) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
        if (rc == CT_OK) rc = ct_store_docs(st, 0, on_source, &s, err);
        static const char *const scols[] = {"Ký hiệu", "Nguồn"};
        static const double swidths[] = {10, 120};
        if (r.x) ct_xlsx_sheet(r.x, "Nguồn số liệu", scols, 2, swidths);
        for (size_t i = 0; s.lines && i < r.ndocs; i++) {
            if (s.lines[i].oom) r.oom = 1;
            if (r.x && s.lines[i].len > 2) { /* "- [a] ...\n" */
                char *ln = s.lines[i].data + 2, *sp = strchr(ln, ' ');
                if (sp) *sp = '\0';
                if (s.lines[i].data[s.lines[i].len - 1] == '\n') s.lines[i].data[--s.lines[i].len] = 0;
                ct_xlsx_str(r.x, 0, ln);
                ct_xlsx_str(r.x, 1, sp ? sp + 1 : "");
                ct_xlsx_row(r.x);
            } else if (s.lines[i].len) {
                ct_buf_append(out, s.lines[i].data, s.lines[i].len);
            }
            ct_buf_free(&s.lines[i]);
        }
        ct__free(s.lines);
        if (o->format == CT_REPORT_HTML) ct_buf_puts(out, "</ul>\n");
    }
    if (o->format == CT_REPORT_HTML) ct_buf_puts(out, "</body></html>\n");
    if (r.csv) {
        if (scratch.oom) r.oom = 1;
        ct_buf_free(&scratch);
    }
    if (r.x) {
        if (scratch.oom) r.oom = 1;
        ct_buf_free(&scratch);
        int xrc = ct_xlsx_finish(r.x, out, rc == CT_OK ? err : &(ct_error){0});
        if (rc == CT_OK) rc = xrc;
    }
    for (size_t i = 0; i < r.ndocs; i++)
        ct__free(r.docs[i]);
    ct__free(r.docs);
    if (rc == CT_OK && (r.oom || out->oom))
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    return rc == CT_OK ? r.nfig : rc;
}
