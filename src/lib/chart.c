/* chart.c — a series as SVG (see chart.h).
 *
 * Layout: title on top, the value axis on the left with "nice" ticks (1, 2,
 * 5 × 10^k) in the unit's display scale (tỷ đồng, nghìn tỷ đồng, triệu
 * thuê bao, %), period labels under the plot (rotated when crowded). A flow
 * is drawn as bars, a stock as a line with points. Each point carries a
 * <title> with its value, period and document; a period with disagreeing
 * sources gets a red ring and the other values in its <title>. All text is
 * escaped; the document is self-contained (no external fonts or scripts). */
#include "chitieu/chart.h"
#include "chitieu/render.h"
#include "alloc_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void esc(ct_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            ct_buf_puts(b, "&lt;");
            break;
        case '>':
            ct_buf_puts(b, "&gt;");
            break;
        case '&':
            ct_buf_puts(b, "&amp;");
            break;
        case '"':
            ct_buf_puts(b, "&quot;");
            break;
        default:
            ct_buf_putc(b, *s);
        }
    }
}

/* The display scale of a unit: divisor and name ("tỷ đồng"). */
static double scale_of(const char *unit, double maxv, const char **name)
{
    int money = !strcmp(unit, "VND") || !strcmp(unit, "USD");
    const char *cur = !strcmp(unit, "USD") ? "USD" : "đồng";
    static char buf[64];
    if (!strcmp(unit, "percent")) {
        *name = "%";
        return 1;
    }
    if (!strcmp(unit, "per100")) {
        *name = "/100 dân";
        return 1;
    }
    /* money in tỷ however large, as the tables and the reports write it:
     * an axis in nghìn tỷ beside a table in tỷ reads as a factor of 1.000 */
    if (money && maxv >= 1e9) {
        snprintf(buf, sizeof buf, "tỷ %s", cur);
        *name = buf;
        return 1e9;
    }
    if (money) {
        snprintf(buf, sizeof buf, "triệu %s", cur);
        *name = buf;
        return 1e6;
    }
    if (maxv >= 1e6) {
        snprintf(buf, sizeof buf, "triệu %s", ct_render_unit_vi(unit));
        *name = buf;
        return 1e6;
    }
    *name = ct_render_unit_vi(unit);
    return 1;
}

static double nice_step(double range)
{
    double raw = range / 5, p = pow(10, floor(log10(raw > 0 ? raw : 1)));
    double f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/* Short period labels: T2/2024, Q1/2024, 6T/2024, 2024. */
static void short_period(const ct_period *p, char *out, size_t n)
{
    int y = CT_YEAR_OF(p->last), m = CT_MON_OF(p->last), len = ct_period_len(p);
    int m1 = CT_MON_OF(p->first);
    if (len <= 1)
        snprintf(out, n, "T%d/%d", m, y);
    else if (len == 12 && m1 == 1)
        snprintf(out, n, "%d", y);
    else if (len == 3 && (m1 - 1) % 3 == 0)
        snprintf(out, n, "Q%d/%d", (m1 - 1) / 3 + 1, y);
    else if (m1 == 1)
        snprintf(out, n, "%dT/%d", len, y);
    else
        snprintf(out, n, "T%d-%d/%d", m1, m, y);
}

/* The drawing's geometry: the rows drawn, the plot area and the value
 * scale (values divided by div, from bottom to top in steps). */
typedef struct plot {
    const ct_series_row **rows;
    int n, stock;
    int W, H, L, R, T, B;
    double pw, ph;
    double div, top, bottom, step;
    const char *sname; /* the scale's unit name */
    int nslots, tstep, m0; /* time axis: slots of tstep months from month m0 */
} plot;

/* Where row i goes: spaced by time, not by row, so that 2016 and 2020
 * are four slots apart and a missing year shows as a gap. */
static int slot_of(const plot *p, int i)
{
    return p->tstep > 0 ? (p->rows[i]->period.last - p->m0) / p->tstep : i;
}

static double px(const plot *p, double i)
{
    int n = p->nslots > 0 ? p->nslots : p->n;
    return p->L + p->pw * (slot_of(p, (int)i) + 0.5) / (n > 0 ? n : 1);
}

static double slot_w(const plot *p)
{
    int n = p->nslots > 0 ? p->nslots : p->n;
    return p->pw / (n > 0 ? n : 1);
}

static void time_axis(plot *p)
{
    p->nslots = p->n, p->tstep = 0, p->m0 = 0;
    if (p->n < 2) return;
    int step = 0;
    for (int i = 1; i < p->n; i++) {
        int d = p->rows[i]->period.last - p->rows[i - 1]->period.last;
        if (d > 0 && (!step || d < step)) step = d;
    }
    if (step <= 0) return;
    int span = (p->rows[p->n - 1]->period.last - p->rows[0]->period.last) / step + 1;
    for (int i = 1; i < p->n; i++) /* irregular spacing (a 5-month gap in months of 3) */
        if ((p->rows[i]->period.last - p->rows[0]->period.last) % step) return;
    if (span > 120) return; /* too sparse to draw by time: by row */
    p->tstep = step, p->m0 = p->rows[0]->period.last, p->nslots = span;
}

static double py(const plot *p, double v)
{
    return p->T + p->ph * (1 - (v / p->div - p->bottom) / (p->top - p->bottom));
}

/* The rows of one length: the one most rows have, unless asked. */
static int pick_rows(plot *p, const ct_series *s, const ct_chart_opts *o)
{
    int want = o ? o->months : 0;
    if (!want && !p->stock) {
        int counts[13] = {0};
        for (size_t i = 0; i < s->n; i++) {
            int l = ct_period_len(&s->rows[i].period);
            if (l >= 1 && l <= 12) counts[l]++;
        }
        for (int l = 1; l <= 12; l++)
            if (counts[l] > counts[want]) want = l;
    }
    p->rows = ct__malloc((s->n + 1) * sizeof *p->rows);
    if (!p->rows) return CT_ENOMEM;
    p->n = 0;
    for (size_t i = 0; i < s->n; i++)
        if (p->stock || !want || ct_period_len(&s->rows[i].period) == want)
            p->rows[p->n++] = &s->rows[i];
    return CT_OK;
}

/* The value scale over the rows and the target bands, and the plot area. */
static void scale(plot *p, const ct_series *s, const ct_chart_opts *o)
{
    const ct_indicator *ind = s->ind;
    const char *unit = p->n ? p->rows[0]->unit : (ind ? ind->unit : "");
    double maxv = 0, minv = 0;
    for (int i = 0; i < p->n; i++) {
        double v = ct_decimal_value(p->rows[i]->chosen.value);
        if (v > maxv) maxv = v;
        if (v < minv) minv = v;
    }
    for (int k = 0; o && k < o->nbands; k++) {
        if (o->bands[k].has_hi && o->bands[k].hi > maxv) maxv = o->bands[k].hi;
        if (o->bands[k].has_lo && o->bands[k].lo > maxv) maxv = o->bands[k].lo;
    }
    p->div = scale_of(unit, maxv, &p->sname);
    double top = maxv / p->div, bottom = minv / p->div;
    p->step = nice_step(top - bottom > 0 ? top - bottom : 1);
    top = ceil(top * 1.08 / p->step) * p->step; /* room for the labels over the tallest */
    if (top <= bottom) top = bottom + p->step;
    p->bottom = floor(bottom / p->step) * p->step;
    p->top = top;
    p->L = 90, p->R = 24, p->T = 52, p->B = p->n > 12 ? 78 : 56;
    p->pw = p->W - p->L - p->R, p->ph = p->H - p->T - p->B;
}

static void draw_head(ct_buf *out, const plot *p, const ct_indicator *ind)
{
    ct_buf_printf(out,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                  "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Arial, sans-serif\" "
                  "font-size=\"12\" role=\"img\">\n",
                  p->W, p->H, p->W, p->H);
    ct_buf_puts(out, "<title>");
    if (ind) esc(out, ind->name_vi ? ind->name_vi : ind->code);
    ct_buf_puts(out, "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    ct_buf_printf(out,
                  "<text class=\"title\" x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">",
                  p->L);
    if (ind) esc(out, ind->name_vi ? ind->name_vi : ind->code);
    ct_buf_printf(out,
                  "</text>\n<text class=\"unit\" x=\"%d\" y=\"40\" fill=\"#555\">Đơn vị: ", p->L);
    esc(out, p->sname);
    ct_buf_puts(out, p->stock ? " (số tại cuối kỳ)" : " (số trong kỳ)");
    ct_buf_puts(out, "</text>\n");
}

static void draw_axis(ct_buf *out, const plot *p)
{
    ct_buf_puts(out, "<g class=\"y-axis\">\n");
    for (double v = p->bottom; v <= p->top + p->step / 2; v += p->step) {
        double y = p->T + p->ph * (1 - (v - p->bottom) / (p->top - p->bottom));
        char lab[48];
        ct_num_format_vi(v, p->step < 1 ? (p->step < 0.1 ? 2 : 1) : 0, lab, sizeof lab);
        ct_buf_printf(out,
                      "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                      "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#333\">%s</text>\n",
                      p->L, p->L + p->pw, y, y, p->L - 8, y + 4, lab);
    }
    ct_buf_printf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%.1f\" stroke=\"#888\"/>\n</g>\n",
                  p->L, p->L, p->T, p->T + p->ph);
}

static void draw_band(ct_buf *out, const plot *p, const ct_chart_band *bd)
{
    int a = -1, z = -1, n = p->n;
    /* a year's target is no bar of a quarter: a flow's band is drawn only
     * against bars of its own length */
    if (!p->stock && n && ct_period_len(&bd->period) != ct_period_len(&p->rows[0]->period)) return;
    for (int i = 0; i < n; i++)
        if (p->rows[i]->period.last >= bd->period.first &&
            p->rows[i]->period.last <= bd->period.last) {
            if (a < 0) a = i;
            z = i;
        }
    double x1 = a >= 0 ? px(p, a) - slot_w(p) / 2 : p->L + p->pw - 30,
           x2 = a >= 0 ? px(p, z) + slot_w(p) / 2 : p->L + p->pw;
    double lo = bd->has_lo ? bd->lo : p->bottom * p->div,
           hi = bd->has_hi ? bd->hi : p->top * p->div;
    double ylo = py(p, lo), yhi = py(p, hi);
    ct_buf_printf(out, "<g class=\"target\"><title>Mục tiêu: ");
    esc(out, bd->label);
    ct_buf_printf(out,
                  "</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                  "fill=\"#2e9e5b\" fill-opacity=\"0.12\"/><line x1=\"%.1f\" x2=\"%.1f\" "
                  "y1=\"%.1f\" y2=\"%.1f\" stroke=\"#2e9e5b\" stroke-dasharray=\"5,4\"/>"
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#2e7d4f\" "
                  "font-size=\"11\">mục tiêu ",
                  x1, yhi, x2 - x1, ylo - yhi, x1, x2, bd->has_lo ? ylo : yhi,
                  bd->has_lo ? ylo : yhi, x2 - 2, (bd->has_lo ? ylo : yhi) - 4);
    esc(out, bd->label);
    ct_buf_puts(out, "</text></g>\n");
}

/* A point's tooltip: its period, value and document, and the others. */
static void point_title(ct_buf *out, const ct_series_row *r)
{
    char per[48];
    ct_period_format_vi(&r->period, per, sizeof per);
    ct_buf_puts(out, "<title>");
    esc(out, per);
    ct_buf_puts(out, ": ");
    ct_buf vb;
    ct_buf_init(&vb);
    ct_render_value_vi(&vb, r->chosen.value, r->unit);
    esc(out, vb.data ? vb.data : "");
    ct_buf_puts(out, " (");
    esc(out, r->chosen.doc);
    ct_buf_puts(out, ")");
    for (int k = 0; k < r->nothers && k < CT_SERIES_OTHERS; k++) {
        ct_buf_reset(&vb);
        ct_render_value_vi(&vb, r->others[k].value, r->unit);
        ct_buf_puts(out, "; khác: ");
        esc(out, vb.data ? vb.data : "");
        ct_buf_puts(out, " (");
        esc(out, r->others[k].doc);
        ct_buf_puts(out, ")");
    }
    if (vb.oom) out->oom = 1;
    ct_buf_free(&vb);
    ct_buf_puts(out, "</title>");
}

/* Its year-on-year change (stated, else computed) and its period label. */
static void point_labels(ct_buf *out, const plot *p, const ct_series_row *r, double x, double y)
{
    if (p->n <= 24 && (r->has_stated_yoy || r->has_computed_yoy)) {
        double g = r->has_stated_yoy ? ct_decimal_value(r->stated_yoy) : r->computed_yoy;
        char gs[32];
        ct_num_format_vi(g, 1, gs, sizeof gs);
        ct_buf_printf(out,
                      "<text class=\"yoy\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                      "font-size=\"10\" fill=\"%s\">%s%s%%</text>",
                      x, y - 12, g >= 0 ? "#2e7d4f" : "#b23b3b", g >= 0 ? "+" : "", gs);
    }
    char lab[32];
    short_period(&r->period, lab, sizeof lab);
    if (p->n > 12)
        ct_buf_printf(out,
                      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#333\" "
                      "transform=\"rotate(-45 %.1f %.1f)\">%s</text>",
                      x, p->T + p->ph + 14, x, p->T + p->ph + 14, lab);
    else
        ct_buf_printf(out,
                      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#333\">%s</text>",
                      x, p->T + p->ph + 18, lab);
}

static void draw_point(ct_buf *out, const plot *p, int i)
{
    const ct_series_row *r = p->rows[i];
    double v = ct_decimal_value(r->chosen.value), x = px(p, i), y = py(p, v);
    double bw = slot_w(p) * 0.62;
    ct_buf_printf(out, "<g class=\"point%s\" data-period=\"", r->conflict ? " conflict" : "");
    char cper[40];
    ct_period_format(&r->period, cper, sizeof cper);
    ct_buf_puts(out, cper);
    ct_buf_puts(out, "\" data-doc=\"");
    esc(out, r->chosen.doc);
    ct_buf_puts(out, "\">");
    point_title(out, r);
    if (p->stock)
        ct_buf_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1f5fa8\"/>", x, y);
    else
        ct_buf_printf(out,
                      "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                      "fill=\"%s\"/>",
                      x - bw / 2, v >= 0 ? y : py(p, 0), bw, fabs(py(p, 0) - y),
                      r->chosen.approx == CT_APPROX_ESTIMATE ? "#7fa6d4" : "#1f5fa8");
    if (r->conflict)
        ct_buf_printf(out,
                      "<circle class=\"conflict-mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"9\" "
                      "fill=\"none\" stroke=\"#d62728\" stroke-width=\"2.5\"/>",
                      x, y);
    point_labels(out, p, r, x, y);
    ct_buf_puts(out, "</g>\n");
}

static void draw_series(ct_buf *out, const plot *p)
{
    ct_buf_puts(out, "<g class=\"series\">\n");
    if (p->stock && p->n > 1) {
        ct_buf_puts(out, "<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" points=\"");
        for (int i = 0; i < p->n; i++)
            ct_buf_printf(out, "%s%.1f,%.1f", i ? " " : "", px(p, i),
                          py(p, ct_decimal_value(p->rows[i]->chosen.value)));
        ct_buf_puts(out, "\"/>\n");
    }
    for (int i = 0; i < p->n; i++)
        draw_point(out, p, i);
    ct_buf_printf(out,
                  "</g>\n<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>\n",
                  p->L, p->L + p->pw, py(p, 0), py(p, 0));
}

/* "Nguồn: …" under the plot: the documents of the values drawn, so that
 * a chart copied out of the page still says where its figures come from. */
static void draw_sources(ct_buf *out, const plot *p)
{
    if (!p->n) return;
    const char *seen[4];
    int ns = 0, more = 0;
    for (int i = 0; i < p->n; i++) {
        const char *d = p->rows[i]->chosen.doc;
        int k = 0;
        while (k < ns && strcmp(seen[k], d))
            k++;
        if (k < ns) continue;
        if (ns < 4)
            seen[ns++] = d;
        else {
            int dup = 0;
            for (int j = 0; j < i && !dup; j++)
                dup = !strcmp(p->rows[j]->chosen.doc, d);
            more += !dup;
        }
    }
    ct_buf_printf(out,
                  "<text class=\"sources\" x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\">Nguồn: ",
                  p->L, p->H - 6);
    for (int k = 0; k < ns; k++) {
        if (k) ct_buf_puts(out, "; ");
        esc(out, seen[k]);
    }
    if (more) ct_buf_printf(out, " và %d văn bản khác", more);
    ct_buf_puts(out, "</text>\n");
}

int ct_chart_svg(ct_buf *out, const ct_series *s, const ct_chart_opts *o)
{
    plot p;
    memset(&p, 0, sizeof p);
    p.W = o && o->width > 0 ? o->width : 800;
    p.H = o && o->height > 0 ? o->height : 420;
    p.stock = s->ind && s->ind->measure == CT_STOCK;
    if (pick_rows(&p, s, o) != CT_OK) return CT_ENOMEM;
    time_axis(&p);
    scale(&p, s, o);
    draw_head(out, &p, s->ind);
    draw_axis(out, &p);
    for (int k = 0; o && k < o->nbands; k++)
        draw_band(out, &p, &o->bands[k]);
    draw_series(out, &p);
    if (!p.n)
        ct_buf_printf(out,
                      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#777\">Chưa có số "
                      "liệu</text>\n",
                      p.L + p.pw / 2, p.T + p.ph / 2);
    draw_sources(out, &p);
    ct_buf_puts(out, "</svg>\n");
    ct__free(p.rows);
    return out->oom ? CT_ENOMEM : p.n;
}

/* ---- target bands ---------------------------------------------------------- */

typedef struct bands {
    ct_chart_band *v;
    int max;
    int n;
} bands;

static int on_target(void *ud, const ct_obs *o)
{
    bands *b = ud;
    const ct_record *r = &o->rec;
    if (r->growth || b->n == b->max || (!r->has_min && !r->has_max)) return 0;
    for (int k = 0; k < b->n; k++)
        if (b->v[k].period.first == r->period.first && b->v[k].period.last == r->period.last)
            return 0;
    ct_chart_band *d = &b->v[b->n++];
    memset(d, 0, sizeof *d);
    d->period = r->period;
    d->has_lo = r->has_min;
    d->has_hi = r->has_max && (!r->has_min || ct_decimal_value(r->max) != ct_decimal_value(r->min));
    d->lo = ct_decimal_value(r->min);
    d->hi = ct_decimal_value(r->max);
    ct_buf t;
    ct_buf_init(&t);
    ct_render_value_vi(&t, r->has_min ? r->min : r->max, r->unit);
    char per[40];
    ct_period_format_vi(&r->period, per, sizeof per);
    snprintf(d->label, sizeof d->label, "%s%s (%s)", r->has_min ? "" : "≤ ", t.data ? t.data : "",
             per);
    ct_buf_free(&t);
    return 0;
}

int ct_chart_bands(ct_store *st, const ct_catalog *cat, const char *code, ct_chart_band *out,
                   int max, ct_error *err)
{
    bands b = {out, max, 0};
    ct_obs_query q = {code, 0, 1, 0};
    int rc = ct_store_records(st, cat, &q, on_target, &b, err);
    return rc == CT_OK ? b.n : rc;
}
