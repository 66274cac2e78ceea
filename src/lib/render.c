/* render.c — records as JSON Lines (the contract of
 * ../shared/spec/observations.md) and as an aligned Vietnamese table. */
#include "chitieu/render.h"
#include "chitieu/num.h"
#include "chitieu/text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void target_fields(ct_json *j, const ct_record *r)
{
    if (r->growth) {
        ct_json_kdec_opt(j, "growth_min", r->has_min, r->min);
        ct_json_kdec_opt(j, "growth_max", r->has_max, r->max);
    } else {
        ct_json_kdec_opt(j, "min", r->has_min, r->min);
        ct_json_kdec_opt(j, "max", r->has_max, r->max);
        ct_json_kstr(j, "unit", r->unit);
    }
}

static void observation_fields(ct_json *j, const ct_record *r)
{
    ct_json_kdec(j, "value", r->value);
    ct_json_kstr(j, "unit", r->unit);
    ct_json_kstr(j, "approx", ct_approx_name(r->approx));
    ct_json_kstr(j, "role", r->baseline ? "baseline" : "reported");
    ct_json_key(j, "changes");
    ct_json_arr(j);
    for (int i = 0; i < r->nchanges; i++) {
        const ct_change *c = &r->changes[i];
        ct_json_obj(j);
        ct_json_kstr(j, "basis", ct_basis_name(c->basis));
        ct_json_kdec(j, "pct", c->pct);
        ct_json_key(j, "ref_period");
        if (ct_period_is_set(&c->ref))
            ct_json_period(j, &c->ref);
        else
            ct_json_null(j);
        ct_json_end(j);
    }
    ct_json_end(j);
    if (r->has_alt) {
        ct_json_key(j, "alt");
        ct_json_arr(j);
        ct_json_obj(j);
        ct_json_kdec(j, "value", r->alt_value);
        ct_json_kstr(j, "unit", r->alt_unit);
        ct_json_end(j);
        ct_json_end(j);
    }
}

static void span(ct_json *j, const char *k, const long long s[2])
{
    ct_json_key(j, k);
    ct_json_arr(j);
    ct_json_ll(j, s[0]);
    ct_json_ll(j, s[1]);
    ct_json_end(j);
}

static void evidence(ct_json *j, const ct_evidence *ev)
{
    ct_json_key(j, "evidence");
    ct_json_obj(j);
    ct_json_kstr(j, "indicator", ev->indicator ? ev->indicator : "");
    ct_json_kstr(j, "period", ev->period ? ev->period : "");
    ct_json_kstr(j, "area", ev->area ? ev->area : "");
    ct_json_key(j, "candidates");
    ct_json_arr(j);
    for (int i = 0; i < ev->ncand; i++) {
        ct_json_obj(j);
        ct_json_kstr(j, "indicator", ev->cand[i].ind->code);
        ct_json_kstr(j, "why", ev->cand[i].why);
        ct_json_end(j);
    }
    ct_json_end(j);
    ct_json_end(j);
}

/* confidence with two decimals, without printf on the hot path */
static void confidence(ct_json *j, double c)
{
    int c100 = (int)(c * 100 + 0.5);
    if (c100 < 0) c100 = 0;
    if (c100 > 100) c100 = 100;
    char cb[8] = {'0', '.', (char)('0' + c100 / 10 % 10), (char)('0' + c100 % 10), 0};
    if (c100 == 100) cb[0] = '1', cb[2] = '0', cb[3] = '0';
    ct_json_key(j, "confidence");
    ct_json_raw(j, cb, 4);
}

void ct_render_json_fields(ct_json *j, const ct_record *r, const char *doc, int flags)
{
    ct_json_kstr(j, "type", r->type == CT_REC_TARGET ? "target" : "observation");
    ct_json_kstr(j, "doc", doc);
    ct_json_kstr(j, "indicator", r->ind->code);
    ct_json_key(j, "period");
    ct_json_period(j, &r->period);
    if (r->type == CT_REC_TARGET)
        target_fields(j, r);
    else
        observation_fields(j, r);
    ct_json_key(j, "area");
    ct_json_str_or_null(j, r->area);
    confidence(j, r->confidence);
    if (flags & CT_RENDER_EVIDENCE) evidence(j, &r->evidence);
    span(j, "span", r->span);
    span(j, "value_span", r->value_span);
}

int ct_render_json(ct_buf *out, const ct_record *r, const char *doc)
{
    return ct_render_json_flags(out, r, doc, 0);
}

int ct_render_json_flags(ct_buf *out, const ct_record *r, const char *doc, int flags)
{
    ct_json j;
    ct_json_init(&j, out);
    ct_json_obj(&j);
    ct_render_json_fields(&j, r, doc, flags);
    ct_json_end(&j);
    ct_json_nl(&j);
    return out->oom ? -1 : 0;
}

static const char *unit_vi(const char *unit)
{
    static const struct {
        const char *code, *vi;
    } names[] = {{"VND", "đồng"},
                 {"USD", "USD"},
                 {"subscribers", "thuê bao"},
                 {"certificates", "chứng thư số"},
                 {"incidents", "cuộc"},
                 {"addresses", "địa chỉ"},
                 {"enterprises", "doanh nghiệp"},
                 {"persons", "người"},
                 {"transactions", "giao dịch"},
                 {"items", "bưu gửi"},
                 {"visits", "lượt truy cập"},
                 {"teams", "tổ"},
                 {"products", "sản phẩm"},
                 {"websites", "website"},
                 {"systems", "hệ thống"},
                 {"services", "dịch vụ"},
                 {"households", "hộ"},
                 {"procedures", "thủ tục"},
                 {"customers", "khách hàng"},
                 {"projects", "dự án"},
                 {NULL, NULL}};
    for (int i = 0; names[i].code; i++)
        if (!strcmp(names[i].code, unit)) return names[i].vi;
    return unit;
}

const char *ct_render_unit_vi(const char *unit)
{
    if (!unit) return "";
    if (!strcmp(unit, "percent")) return "%";
    if (!strcmp(unit, "per100")) return "thuê bao/100 dân";
    if (!strcmp(unit, "rank")) return "hạng";
    return unit_vi(unit);
}

int ct_render_value_vi(ct_buf *out, ct_decimal v, const char *unit)
{
    char num[64];
    double x = ct_decimal_value(v);
    int decimals = v.exp < 0 ? -v.exp : 0;
    if (!unit) unit = "";
    if (!strcmp(unit, "percent")) {
        ct_num_format_vi(x, decimals, num, sizeof num);
        return ct_buf_printf(out, "%s%%", num);
    }
    if (!strcmp(unit, "per100")) {
        ct_num_format_vi(x, decimals, num, sizeof num);
        return ct_buf_printf(out, "%s thuê bao/100 dân", num); /* as the ministry writes it */
    }
    if (!strcmp(unit, "rank")) {
        ct_num_format_vi(x, 0, num, sizeof num);
        return ct_buf_printf(out, "hạng %s", num);
    }
    /* sensible scale words, as the ministry writes them: money in tỷ
     * ("33.536,37 tỷ đồng", "2.067.389 tỷ đồng") or triệu below a tỷ;
     * counts in triệu only when the figure is round there ("91,32 triệu
     * thuê bao"), else in full ("7.916.979 chứng thư số") */
    int money = !strcmp(unit, "VND") || !strcmp(unit, "USD");
    double f = 0;
    const char *w = NULL;
    if (money && x >= 1e9)
        f = 1e9, w = "tỷ";
    else if (money && x >= 1e6)
        f = 1e6, w = "triệu";
    else if (!money && x >= 1e6) {
        double y = x / 1e6 * 1000;
        if (fabs(y - floor(y + 0.5)) < 1e-6) f = 1e6, w = "triệu";
    }
    /* every written digit is shown: a scale that would need more than
     * three decimals for it ("1,618764150 tỷ") gives way to the full number */
    int need = 0;
    if (w) {
        int scale_dec = 0;
        for (double g = f; g > 1 && scale_dec < 12; g /= 10)
            scale_dec++;
        need = scale_dec - v.exp; /* decimals to reach the last written digit */
        if (need < 0) need = 0;
        if (!money) need = 3; /* a count is only scaled when round in thousands */
        if (need > 3) w = NULL;
    }
    if (w) {
        int dec = need;
        ct_num_format_vi(x / f, dec, num, sizeof num);
        return ct_buf_printf(out, "%s %s %s", num, w, unit_vi(unit));
    }
    ct_num_format_vi(x, decimals, num, sizeof num);
    return ct_buf_printf(out, "%s %s", num, unit_vi(unit));
}

static void pad(ct_buf *out, const char *s, int width);

int ct_render_table_header(ct_buf *out)
{
    pad(out, "loại", 8);
    pad(out, "chỉ tiêu", 34);
    pad(out, "kỳ", 17);
    pad(out, "giá trị", 28);
    ct_buf_puts(out, "so sánh\n");
    return out->oom ? -1 : 0;
}

/* printf pads by bytes; Vietnamese needs padding by characters */
void ct_render_pad(ct_buf *out, const char *s, int width)
{
    pad(out, s, width);
}

static void pad(ct_buf *out, const char *s, int width)
{
    int chars = ct_text_width(s);
    ct_buf_puts(out, s);
    for (int i = chars; i < width; i++)
        ct_buf_putc(out, ' ');
    ct_buf_putc(out, ' ');
}

int ct_render_table_explain(ct_buf *out, const ct_record *r)
{
    const ct_evidence *ev = &r->evidence;
    char c[16];
    ct_num_format_vi(r->confidence, 2, c, sizeof c);
    ct_buf_printf(out, "         độ tin cậy %s — chỉ tiêu: %s; kỳ: %s; địa bàn: %s", c,
                  ev->indicator ? ev->indicator : "-", ev->period ? ev->period : "-",
                  ev->area ? ev->area : "-");
    for (int i = 0; i < ev->ncand; i++)
        ct_buf_printf(out, "%s%s (%s)", i ? ", " : "; ứng viên: ", ev->cand[i].ind->code,
                      ev->cand[i].why);
    return ct_buf_puts(out, "\n");
}

int ct_render_table_row(ct_buf *out, const ct_record *r, const char *doc)
{
    (void)doc;
    char per[32];
    ct_period_format(&r->period, per, sizeof per);
    ct_buf val;
    ct_buf_init(&val);
    if (r->type == CT_REC_TARGET) {
        if (r->has_min && r->has_max && r->min.mant == r->max.mant && r->min.exp == r->max.exp)
            ct_render_value_vi(&val, r->min, r->growth ? "percent" : r->unit);
        else {
            if (r->has_min) {
                ct_buf_puts(&val, "≥ ");
                ct_render_value_vi(&val, r->min, r->growth ? "percent" : r->unit);
            }
            if (r->has_max) {
                ct_buf_puts(&val, r->has_min ? " … ≤ " : "≤ ");
                ct_render_value_vi(&val, r->max, r->growth ? "percent" : r->unit);
            }
        }
        if (r->growth) ct_buf_puts(&val, " /năm");
    } else {
        ct_render_value_vi(&val, r->value, r->unit);
    }
    pad(out, r->type == CT_REC_TARGET ? "mục tiêu" : r->baseline ? "gốc" : "số liệu", 8);
    pad(out, r->ind->code, 34);
    pad(out, per, 17);
    pad(out, val.data ? val.data : "", 28);
    for (int i = 0; i < r->nchanges; i++) {
        const ct_change *c = &r->changes[i];
        char pct[32];
        ct_num_format_vi(ct_decimal_value(c->pct), c->pct.exp < 0 ? -c->pct.exp : 0, pct,
                         sizeof pct);
        if (i) ct_buf_puts(out, "; ");
        if (c->basis == CT_BASIS_PLAN)
            ct_buf_printf(out, "đạt %s%% kế hoạch", pct);
        else {
            char ref[32];
            ct_period_format(&c->ref, ref, sizeof ref);
            ct_buf_printf(out, "%s%s%% so với %s", c->pct.mant < 0 ? "" : "+", pct,
                          ct_period_is_set(&c->ref)  ? ref
                          : c->basis == CT_BASIS_YOY ? "cùng kỳ"
                                                     : "kỳ trước");
        }
    }
    ct_buf_putc(out, '\n');
    ct_buf_free(&val);
    return out->oom ? -1 : 0;
}
