/* render.c — records as JSON Lines (the contract of
 * ../shared/spec/observations.md) and as an aligned Vietnamese table. */
#include "chitieu/render.h"
#include "chitieu/num.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void put_dec(ct_buf *out, ct_decimal d)
{
    char tmp[64];
    ct_decimal_json(d, tmp, sizeof tmp);
    ct_buf_puts(out, tmp);
}

static void put_period(ct_buf *out, const ct_period *p)
{
    char tmp[32];
    ct_period_format(p, tmp, sizeof tmp);
    ct_buf_json_str(out, tmp, strlen(tmp));
}

static void put_evidence(ct_buf *out, const ct_evidence *ev)
{
    ct_buf_puts(out, ",\"evidence\":{\"indicator\":");
    ct_buf_json_str(out, ev->indicator ? ev->indicator : "", ev->indicator ? strlen(ev->indicator) : 0);
    ct_buf_puts(out, ",\"period\":");
    ct_buf_json_str(out, ev->period ? ev->period : "", ev->period ? strlen(ev->period) : 0);
    ct_buf_puts(out, ",\"area\":");
    ct_buf_json_str(out, ev->area ? ev->area : "", ev->area ? strlen(ev->area) : 0);
    ct_buf_puts(out, ",\"candidates\":[");
    for (int i = 0; i < ev->ncand; i++) {
        if (i) ct_buf_putc(out, ',');
        ct_buf_puts(out, "{\"indicator\":");
        ct_buf_json_str(out, ev->cand[i].ind->code, strlen(ev->cand[i].ind->code));
        ct_buf_puts(out, ",\"why\":");
        ct_buf_json_str(out, ev->cand[i].why, strlen(ev->cand[i].why));
        ct_buf_putc(out, '}');
    }
    ct_buf_puts(out, "]}");
}

int ct_render_json(ct_buf *out, const ct_record *r, const char *doc)
{
    return ct_render_json_flags(out, r, doc, 0);
}

int ct_render_json_flags(ct_buf *out, const ct_record *r, const char *doc, int flags)
{
    ct_buf_puts(out, r->type == CT_REC_TARGET ? "{\"type\":\"target\",\"doc\":"
                                              : "{\"type\":\"observation\",\"doc\":");
    ct_buf_json_str(out, doc, strlen(doc));
    ct_buf_puts(out, ",\"indicator\":");
    ct_buf_json_str(out, r->ind->code, strlen(r->ind->code));
    ct_buf_puts(out, ",\"period\":");
    put_period(out, &r->period);
    if (r->type == CT_REC_TARGET) {
        if (r->growth) {
            ct_buf_puts(out, ",\"growth_min\":");
            if (r->has_min)
                put_dec(out, r->min);
            else
                ct_buf_puts(out, "null");
            ct_buf_puts(out, ",\"growth_max\":");
            if (r->has_max)
                put_dec(out, r->max);
            else
                ct_buf_puts(out, "null");
        } else {
            ct_buf_puts(out, ",\"min\":");
            if (r->has_min)
                put_dec(out, r->min);
            else
                ct_buf_puts(out, "null");
            ct_buf_puts(out, ",\"max\":");
            if (r->has_max)
                put_dec(out, r->max);
            else
                ct_buf_puts(out, "null");
            ct_buf_puts(out, ",\"unit\":");
            ct_buf_json_str(out, r->unit, strlen(r->unit));
        }
    } else {
        ct_buf_puts(out, ",\"value\":");
        put_dec(out, r->value);
        ct_buf_puts(out, ",\"unit\":");
        ct_buf_json_str(out, r->unit, strlen(r->unit));
        const char *ap = ct_approx_name(r->approx);
        ct_buf_puts(out, ",\"approx\":");
        if (ap)
            ct_buf_json_str(out, ap, strlen(ap));
        else
            ct_buf_puts(out, "null");
        ct_buf_puts(out, r->baseline ? ",\"role\":\"baseline\"" : ",\"role\":\"reported\"");
        ct_buf_puts(out, ",\"changes\":[");
        for (int i = 0; i < r->nchanges; i++) {
            const ct_change *c = &r->changes[i];
            if (i) ct_buf_putc(out, ',');
            ct_buf_puts(out, "{\"basis\":\"");
            ct_buf_puts(out, ct_basis_name(c->basis));
            ct_buf_puts(out, "\",\"pct\":");
            put_dec(out, c->pct);
            ct_buf_puts(out, ",\"ref_period\":");
            if (ct_period_is_set(&c->ref))
                put_period(out, &c->ref);
            else
                ct_buf_puts(out, "null");
            ct_buf_putc(out, '}');
        }
        ct_buf_putc(out, ']');
        if (r->has_alt) {
            ct_buf_puts(out, ",\"alt\":[{\"value\":");
            put_dec(out, r->alt_value);
            ct_buf_puts(out, ",\"unit\":");
            ct_buf_json_str(out, r->alt_unit, strlen(r->alt_unit));
            ct_buf_puts(out, "}]");
        }
    }
    ct_buf_puts(out, ",\"area\":");
    if (r->area[0])
        ct_buf_json_str(out, r->area, strlen(r->area));
    else
        ct_buf_puts(out, "null");
    /* confidence with two decimals, without printf on the hot path */
    int c100 = (int)(r->confidence * 100 + 0.5);
    if (c100 < 0) c100 = 0;
    if (c100 > 100) c100 = 100;
    char cb[8] = {'0', '.', (char)('0' + c100 / 10 % 10), (char)('0' + c100 % 10), 0};
    if (c100 == 100) cb[0] = '1', cb[2] = '0', cb[3] = '0';
    ct_buf_puts(out, ",\"confidence\":");
    ct_buf_puts(out, cb);
    if (flags & CT_RENDER_EVIDENCE) put_evidence(out, &r->evidence);
    ct_buf_puts(out, ",\"span\":[");
    ct_buf_put_ll(out, r->span[0]);
    ct_buf_putc(out, ',');
    ct_buf_put_ll(out, r->span[1]);
    ct_buf_puts(out, "],\"value_span\":[");
    ct_buf_put_ll(out, r->value_span[0]);
    ct_buf_putc(out, ',');
    ct_buf_put_ll(out, r->value_span[1]);
    ct_buf_puts(out, "]}\n");
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
    int chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) chars++;
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
