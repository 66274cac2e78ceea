/* compare.c — two periods side by side (see compare.h). Each indicator's
 * series (series.h) gives the chosen value of each period; nothing is
 * summed or converted here, so a row shows what the series shows. The
 * periods offered are those of the rows seen, so that a page can offer
 * only periods that have figures. */
#include "chitieu/compare.h"
#include "chitieu/json.h"
#include "chitieu/render.h"
#include "chitieu/xlsx.h"
#include "alloc_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sectors[] = {"sector",  "postal", "telecom", "ict",
                                      "infosec", "esign",  "egov",    "digital"};

static int in_sector(const char *code, const char *sector)
{
    size_t n = strlen(sector);
    return !n || (!strncmp(code, sector, n) && code[n] == '.');
}

/* a row of period p: a stock's by its end month, a flow's by its interval */
static const ct_series_row *row_of(const ct_series *s, const ct_period *p, int stock)
{
    const ct_series_row *best = NULL;
    for (size_t i = 0; i < s->n; i++) {
        const ct_series_row *r = &s->rows[i];
        int hit = stock
                      ? r->period.last == p->last
                      : r->period.first == p->first && r->period.last == p->last && !r->period.day;
        if (hit && (!best || best->period.day)) best = r;
    }
    return best;
}

typedef struct pcount {
    ct_period p;
    int n;
} pcount;

static int add_period(pcount **v, size_t *n, size_t *cap, const ct_period *p)
{
    for (size_t i = 0; i < *n; i++)
        if (ct_period_eq(&(*v)[i].p, p)) {
            (*v)[i].n++;
            return 0;
        }
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        pcount *w = ct__realloc(*v, c * sizeof *w);
        if (!w) return -1;
        *v = w;
        *cap = c;
    }
    (*v)[*n].p = *p;
    (*v)[(*n)++].n = 1;
    return 0;
}

static int cmp_pcount(const void *x, const void *y)
{
    const ct_period *a = &((const pcount *)x)->p, *b = &((const pcount *)y)->p;
    if (a->last != b->last) return a->last > b->last ? -1 : 1;
    int la = ct_period_len(a), lb = ct_period_len(b);
    if (la != lb) return la > lb ? -1 : 1; /* a year before its last quarter */
    return 0;
}

int ct_compare_build(ct_store *st, const ct_catalog *cat, const char *sector, const char *area,
                     const ct_period *a, const ct_period *b, ct_compare *out, ct_error *err)
{
    memset(out, 0, sizeof *out);
    ct_error_clear(err);
    if (!sector) sector = "";
    if (!area) area = "";
    if (*sector) {
        size_t k = 0;
        while (k < sizeof sectors / sizeof *sectors && strcmp(sector, sectors[k]))
            k++;
        if (k == sizeof sectors / sizeof *sectors)
            return ct_error_set(
                err, CT_EINVAL, -1, 0,
                "unknown sector '%s' (sector, postal, telecom, ict, infosec, esign, "
                "egov, digital)",
                sector);
    }
    snprintf(out->sector, sizeof out->sector, "%s", sector);
    snprintf(out->area, sizeof out->area, "%s", area);
    size_t ni = ct_catalog_count(cat), nser = 0;
    ct_series *ss = ct__calloc(ni + 1, sizeof *ss);
    pcount *pv = NULL;
    size_t np = 0, pcap = 0;
    int rc = ss ? CT_OK : ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    for (size_t i = 0; i < ni && rc == CT_OK; i++) {
        const ct_indicator *ind = ct_catalog_at(cat, i);
        if (!in_sector(ind->code, sector)) continue;
        rc = ct_series_build(st, cat, ind->code, area, NULL, NULL, &ss[i], err);
        nser = i + 1;
        for (size_t k = 0; rc == CT_OK && k < ss[i].n; k++)
            if (!ss[i].rows[k].chosen.period.day &&
                add_period(&pv, &np, &pcap, &ss[i].rows[k].chosen.period))
                rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    }
    if (rc == CT_OK && np) {
        qsort(pv, np, sizeof *pv, cmp_pcount);
        out->periods = ct__malloc(np * sizeof *out->periods);
        if (!out->periods) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
        for (size_t k = 0; out->periods && k < np; k++)
            out->periods[k] = pv[k].p;
        out->nperiods = out->periods ? np : 0;
    }
    if (rc == CT_OK) {
        if (b && ct_period_is_set(b)) {
            out->b = *b;
        } else if (np) { /* the latest month's commonest interval */
            size_t best = 0;
            for (size_t k = 1; k < np && pv[k].p.last == pv[0].p.last; k++)
                if (pv[k].n > pv[best].n) best = k;
            out->b = pv[best].p;
        }
        out->a = a && ct_period_is_set(a) ? *a : ct_period_shift(out->b, -12);
    }
    if (rc == CT_OK && ct_period_is_set(&out->b)) {
        out->rows = ct__calloc(ni + 1, sizeof *out->rows);
        if (!out->rows) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
        for (size_t i = 0; out->rows && i < nser; i++) {
            if (!ss[i].ind) continue;
            int stock = ss[i].ind->measure == CT_STOCK;
            const ct_series_row *ra = row_of(&ss[i], &out->a, stock),
                                *rb = row_of(&ss[i], &out->b, stock);
            if (!ra && !rb) continue;
            ct_compare_row *r = &out->rows[out->n++];
            r->ind = ss[i].ind;
            snprintf(r->unit, sizeof r->unit, "%s", rb ? rb->unit : ra->unit);
            if (ra && (!rb || !strcmp(ra->unit, rb->unit))) {
                r->has_a = 1;
                r->a = ra->chosen;
                r->conflict_a = ra->conflict;
            }
            if (rb) {
                r->has_b = 1;
                r->b = rb->chosen;
                r->conflict_b = rb->conflict;
            }
        }
    }
    for (size_t i = 0; ss && i < nser; i++)
        ct_series_free(&ss[i]);
    ct__free(ss);
    ct__free(pv);
    if (rc != CT_OK) ct_compare_free(out);
    return rc;
}

void ct_compare_free(ct_compare *c)
{
    ct__free(c->rows);
    ct__free(c->periods);
    c->rows = NULL;
    c->periods = NULL;
    c->n = c->nperiods = 0;
}

int ct_compare_change(const ct_compare_row *r, ct_decimal *diff, int *has_pct, double *pct)
{
    *has_pct = 0;
    if (!r->has_a || !r->has_b) return 0;
    /* exact: both at the finer of the two written precisions */
    ct_decimal a = r->a.value, b = r->b.value;
    int e = a.exp < b.exp ? a.exp : b.exp;
    long long ma = a.mant, mb = b.mant;
    for (int k = a.exp; k > e; k--)
        ma *= 10;
    for (int k = b.exp; k > e; k--)
        mb *= 10;
    diff->mant = mb - ma;
    diff->exp = e;
    double va = ct_decimal_value(a), vb = ct_decimal_value(b);
    if (va != 0 && strcmp(r->unit, "percent") && strcmp(r->unit, "per100") &&
        strcmp(r->unit, "rank")) {
        *has_pct = 1;
        *pct = (vb / va - 1) * 100;
    }
    return 1;
}

static const char *sector_of(const char *code, char out[32])
{
    snprintf(out, 32, "%.*s", (int)strcspn(code, "."), code);
    return out;
}

static void side_json(ct_json *j, const char *k, int has, const ct_series_value *v, int conflict)
{
    ct_json_key(j, k);
    if (!has) {
        ct_json_null(j);
        return;
    }
    ct_json_obj(j);
    ct_json_key(j, "period");
    ct_json_period(j, &v->period);
    ct_json_kdec(j, "value", v->value);
    ct_json_key(j, "approx");
    ct_json_str_or_null(j, ct_approx_name(v->approx));
    ct_json_kstr(j, "doc", v->doc);
    ct_json_key(j, "published");
    ct_json_date(j, v->pub);
    ct_json_kbool(j, "conflict", conflict);
    ct_json_end(j);
}

int ct_compare_json(ct_buf *out, const ct_compare *c)
{
    ct_json j;
    ct_json_init(&j, out);
    ct_json_obj(&j);
    /* no figures at all: no period to compare, null */
    ct_json_key(&j, "a");
    if (ct_period_is_set(&c->a))
        ct_json_period(&j, &c->a);
    else
        ct_json_null(&j);
    ct_json_key(&j, "b");
    if (ct_period_is_set(&c->b))
        ct_json_period(&j, &c->b);
    else
        ct_json_null(&j);
    ct_json_key(&j, "sector");
    ct_json_str_or_null(&j, c->sector);
    ct_json_key(&j, "area");
    ct_json_str_or_null(&j, c->area);
    ct_json_key(&j, "periods");
    ct_json_arr(&j);
    for (size_t k = 0; k < c->nperiods; k++)
        ct_json_period(&j, &c->periods[k]);
    ct_json_end(&j);
    ct_json_key(&j, "rows");
    ct_json_arr(&j);
    for (size_t i = 0; i < c->n; i++) {
        const ct_compare_row *r = &c->rows[i];
        char sec[32];
        ct_json_obj(&j);
        ct_json_kstr(&j, "indicator", r->ind->code);
        ct_json_kstr(&j, "name", r->ind->name_vi);
        ct_json_kstr(&j, "sector", sector_of(r->ind->code, sec));
        ct_json_kstr(&j, "measure", r->ind->measure == CT_STOCK ? "stock" : "flow");
        ct_json_kstr(&j, "unit", r->unit);
        side_json(&j, "a", r->has_a, &r->a, r->conflict_a);
        side_json(&j, "b", r->has_b, &r->b, r->conflict_b);
        ct_decimal d;
        double p;
        int hp;
        int has = ct_compare_change(r, &d, &hp, &p);
        ct_json_kdec_opt(&j, "change", has, d);
        ct_json_key(&j, "change_pct");
        if (hp)
            ct_json_fixed(&j, p, 1);
        else
            ct_json_null(&j);
        ct_json_end(&j);
    }
    ct_json_end(&j);
    ct_json_end(&j);
    return ct_json_ok(&j);
}

static void csv_cell(ct_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        ct_buf_puts(b, s);
        return;
    }
    ct_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"') ct_buf_putc(b, '"');
        ct_buf_putc(b, *s);
    }
    ct_buf_putc(b, '"');
}

/* the value as written, with its qualifier ("hơn 2.000 cuộc") */
static void shown(ct_buf *t, const ct_series_value *v, const char *unit)
{
    ct_buf_reset(t);
    const char *q = v->approx == CT_APPROX_OVER    ? "hơn "
                    : v->approx == CT_APPROX_UNDER ? "dưới "
                    : v->approx == CT_APPROX_ABOUT ? "khoảng "
                                                   : "";
    ct_buf_puts(t, q);
    ct_render_value_vi(t, v->value, unit);
    if (v->approx == CT_APPROX_ESTIMATE) ct_buf_puts(t, " (ước)");
}

static void headers(const ct_compare *c, char h[8][96])
{
    char pa[64] = "Kỳ gốc", pb[64] = "Kỳ so sánh";
    if (ct_period_is_set(&c->a)) ct_period_format_vi(&c->a, pa, sizeof pa);
    if (ct_period_is_set(&c->b)) ct_period_format_vi(&c->b, pb, sizeof pb);
    snprintf(h[0], 96, "Lĩnh vực");
    snprintf(h[1], 96, "Chỉ tiêu");
    snprintf(h[2], 96, "Mã chỉ tiêu");
    snprintf(h[3], 96, "Đơn vị");
    snprintf(h[4], 96, "%s", pa);
    snprintf(h[5], 96, "%s", pb);
    snprintf(h[6], 96, "Thay đổi");
    snprintf(h[7], 96, "Thay đổi (%%)");
}

static const char *sector_vi(const char *code)
{
    static const char *const vi[] = {
        "Toàn ngành", "Bưu chính",    "Viễn thông", "Công nghiệp ICT", "An toàn thông tin mạng",
        "Chữ ký số",  "Chính phủ số", "Kinh tế số"};
    char sec[32];
    sector_of(code, sec);
    for (size_t k = 0; k < sizeof sectors / sizeof *sectors; k++)
        if (!strcmp(sec, sectors[k])) return vi[k];
    return "";
}

int ct_compare_csv(ct_buf *out, const ct_compare *c)
{
    char h[8][96];
    headers(c, h);
    ct_buf_puts(out, "\xEF\xBB\xBF");
    for (int k = 0; k < 8; k++) {
        if (k) ct_buf_putc(out, ',');
        csv_cell(out, h[k]);
    }
    ct_buf_puts(out, "\r\n");
    ct_buf t;
    ct_buf_init(&t);
    for (size_t i = 0; i < c->n; i++) {
        const ct_compare_row *r = &c->rows[i];
        csv_cell(out, sector_vi(r->ind->code));
        ct_buf_putc(out, ',');
        csv_cell(out, r->ind->name_vi);
        ct_buf_printf(out, ",%s,", r->ind->code);
        csv_cell(out, ct_render_unit_vi(r->unit));
        ct_buf_putc(out, ',');
        if (r->has_a) shown(&t, &r->a, r->unit), csv_cell(out, t.data);
        ct_buf_putc(out, ',');
        if (r->has_b) shown(&t, &r->b, r->unit), csv_cell(out, t.data);
        ct_buf_putc(out, ',');
        ct_decimal d;
        double p;
        int hp;
        if (ct_compare_change(r, &d, &hp, &p)) {
            ct_buf_reset(&t);
            ct_buf_putc(&t, d.mant < 0 ? '-' : '+');
            if (d.mant < 0) d.mant = -d.mant;
            ct_render_value_vi(&t, d, r->unit);
            csv_cell(out, t.data);
        }
        ct_buf_putc(out, ',');
        if (hp) {
            char num[48];
            ct_num_format_vi(p, 1, num, sizeof num);
            ct_buf_puts(out, num);
        }
        ct_buf_puts(out, "\r\n");
    }
    int oom = t.oom || out->oom;
    ct_buf_free(&t);
    return oom ? CT_ENOMEM : CT_OK;
}

int ct_compare_xlsx(ct_buf *out, const ct_compare *c, ct_error *err)
{
    ct_xlsx *x = ct_xlsx_new();
    if (!x) return ct_error_set(err, CT_EIO, -1, 0, "xlsx: cannot make a workbook");
    char h[8][96];
    headers(c, h);
    const char *pa = h[4], *pb = h[5];
    /* the values as numbers and as written, each period twice */
    char wa[128], wb[128];
    snprintf(wa, sizeof wa, "%s (như ghi)", pa);
    snprintf(wb, sizeof wb, "%s (như ghi)", pb);
    const char *cols[] = {h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], wa, wb};
    static const double widths[] = {24, 48, 26, 14, 20, 20, 20, 14, 26, 26};
    ct_xlsx_sheet(x, "So sánh hai kỳ", cols, 10, widths);
    ct_buf t;
    ct_buf_init(&t);
    for (size_t i = 0; i < c->n; i++) {
        const ct_compare_row *r = &c->rows[i];
        ct_xlsx_str(x, 0, sector_vi(r->ind->code));
        ct_xlsx_str(x, 1, r->ind->name_vi);
        ct_xlsx_str(x, 2, r->ind->code);
        ct_xlsx_str(x, 3, ct_render_unit_vi(r->unit));
        int da = r->a.value.exp < 0 ? -r->a.value.exp : 0,
            db = r->b.value.exp < 0 ? -r->b.value.exp : 0;
        if (r->has_a) ct_xlsx_num(x, 4, ct_decimal_value(r->a.value), da);
        if (r->has_b) ct_xlsx_num(x, 5, ct_decimal_value(r->b.value), db);
        ct_decimal d;
        double p;
        int hp;
        if (ct_compare_change(r, &d, &hp, &p))
            ct_xlsx_num(x, 6, ct_decimal_value(d), da > db ? da : db);
        if (hp) ct_xlsx_num(x, 7, p, 1);
        if (r->has_a) shown(&t, &r->a, r->unit), ct_xlsx_str(x, 8, t.data);
        if (r->has_b) shown(&t, &r->b, r->unit), ct_xlsx_str(x, 9, t.data);
        ct_xlsx_row(x);
    }
    int oom = t.oom;
    ct_buf_free(&t);
    int rc = ct_xlsx_finish(x, out, err);
    if (rc == CT_OK && oom) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    return rc;
}
