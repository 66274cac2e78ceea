/* export.c — the database out: CSV and JSON Lines of every record with its
 * provenance (the columns `chitieu import` reads back, so an export
 * imports losslessly), an XLSX workbook (libxlsxwriter) with a sheet per
 * sector, frozen headers, number formats and a sources sheet, and
 * SDMX-CSV of the chosen value of every period (series.h) with TIME_PERIOD
 * in SDMX notation and OBS_STATUS E for estimates. */
#include "chitieu/export.h"
#include "chitieu/render.h"
#include "chitieu/series.h"
#include "alloc_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

typedef struct docrow {
    long long id;
    char *name, *source, published[16];
} docrow;

typedef struct ex {
    ct_export_format fmt;
    FILE *fp;
    ct_buf b;
    docrow *docs;
    size_t ndocs, cap;
    int oom, io;
    /* xlsx */
    lxw_workbook *wb;
    lxw_worksheet *ws; /* the current sheet and its next row */
    lxw_row_t *row;
    struct sheet {
        char sector[32];
        lxw_worksheet *ws;
        lxw_row_t row;
    } sheets[64];
    int nsheets;
    lxw_format *hdr, *f_int, *f_dec, *f_pct;
} ex;

static int on_doc(void *ud, const ct_docinfo *d)
{
    ex *e = ud;
    if (e->ndocs == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 64;
        docrow *v = ct__realloc(e->docs, cap * sizeof *v);
        if (!v) return e->oom = 1;
        e->docs = v;
        e->cap = cap;
    }
    docrow *r = &e->docs[e->ndocs];
    r->id = d->id;
    r->name = ct__strdup(d->name);
    r->source = ct__strdup(d->source);
    if (!r->name || !r->source) {
        ct__free(r->name);
        ct__free(r->source);
        return e->oom = 1;
    }
    ct_date_format(d->pub, r->published, sizeof r->published);
    e->ndocs++;
    return 0;
}

static const docrow *doc_of(const ex *e, long long id)
{
    size_t lo = 0, hi = e->ndocs; /* documents come in id order */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (e->docs[mid].id == id) return &e->docs[mid];
        if (e->docs[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static void flush(ex *e)
{
    if (e->b.len && fwrite(e->b.data, 1, e->b.len, e->fp) != e->b.len) e->io = 1;
    ct_buf_reset(&e->b);
}

static void csv_field(ct_buf *b, const char *s)
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

static void put_dec(ct_buf *b, ct_decimal d)
{
    char tmp[64];
    ct_decimal_json(d, tmp, sizeof tmp);
    ct_buf_puts(b, tmp);
}

static void changes_text(ct_buf *b, const ct_record *r)
{
    for (int k = 0; k < r->nchanges; k++) {
        const ct_change *c = &r->changes[k];
        char per[40] = "";
        if (ct_period_is_set(&c->ref)) ct_period_format(&c->ref, per, sizeof per);
        if (k) ct_buf_putc(b, ';');
        ct_buf_puts(b, ct_basis_name(c->basis));
        ct_buf_putc(b, ':');
        put_dec(b, c->pct);
        ct_buf_putc(b, ':');
        ct_buf_puts(b, per);
    }
}

static const char *const csv_header =
    "type,doc,indicator,period,value,precision,unit,approx,role,area,changes,alt_value,"
    "alt_unit,min,max,growth_min,growth_max,span_start,span_end,value_span_start,"
    "value_span_end,published,source\n";

static void csv_row(ex *e, const ct_obs *o, const docrow *d)
{
    const ct_record *r = &o->rec;
    ct_buf *b = &e->b;
    char per[40];
    ct_period_format(&r->period, per, sizeof per);
    ct_buf_puts(b, r->type == CT_REC_TARGET ? "target," : "observation,");
    csv_field(b, o->doc);
    ct_buf_printf(b, ",%s,%s,", o->indicator, per);
    if (r->type == CT_REC_OBSERVATION) {
        put_dec(b, r->value);
        ct_buf_printf(b, ",%d,", r->value.exp);
    } else {
        ct_buf_puts(b, ",,");
    }
    csv_field(b, r->unit ? r->unit : "");
    const char *ap = r->type == CT_REC_OBSERVATION ? ct_approx_name(r->approx) : NULL;
    ct_buf_printf(b, ",%s,%s,", ap ? ap : "",
                  r->type == CT_REC_TARGET ? ""
                  : r->baseline            ? "baseline"
                                           : "reported");
    csv_field(b, r->area);
    ct_buf_putc(b, ',');
    ct_buf tmp;
    ct_buf_init(&tmp);
    changes_text(&tmp, r);
    csv_field(b, tmp.data ? tmp.data : "");
    ct_buf_free(&tmp);
    ct_buf_putc(b, ',');
    if (r->has_alt) {
        put_dec(b, r->alt_value);
        ct_buf_putc(b, ',');
        csv_field(b, r->alt_unit ? r->alt_unit : "");
    } else {
        ct_buf_putc(b, ',');
    }
    ct_buf_putc(b, ',');
    int lvl = r->type == CT_REC_TARGET && !r->growth, gr = r->type == CT_REC_TARGET && r->growth;
    if (lvl && r->has_min) put_dec(b, r->min);
    ct_buf_putc(b, ',');
    if (lvl && r->has_max) put_dec(b, r->max);
    ct_buf_putc(b, ',');
    if (gr && r->has_min) put_dec(b, r->min);
    ct_buf_putc(b, ',');
    if (gr && r->has_max) put_dec(b, r->max);
    ct_buf_printf(b, ",%lld,%lld,%lld,%lld,%s,", r->span[0], r->span[1], r->value_span[0],
                  r->value_span[1], d ? d->published : "");
    csv_field(b, d ? d->source : "");
    ct_buf_putc(b, '\n');
}

static void jsonl_row(ex *e, const ct_obs *o, const docrow *d)
{
    ct_json j;
    ct_json_init(&j, &e->b);
    ct_json_obj(&j);
    ct_render_json_fields(&j, &o->rec, o->doc, 0);
    /* provenance and precision follow the record contract */
    if (o->rec.type == CT_REC_OBSERVATION) ct_json_kll(&j, "precision", o->rec.value.exp);
    ct_json_key(&j, "published");
    ct_json_str_or_null(&j, d ? d->published : NULL);
    ct_json_kstr(&j, "source", d ? d->source : "");
    ct_json_end(&j);
    ct_json_nl(&j);
}

/* ---- XLSX ---------------------------------------------------------------- */

static const char *approx_vi(ct_approx a);

/* a sector's sheet by its Vietnamese name (Excel allows 31 characters) */
static const char *sector_sheet(const char *sector)
{
    static const char *const map[][2] = {{"sector", "Toàn ngành"},
                                         {"postal", "Bưu chính"},
                                         {"telecom", "Viễn thông"},
                                         {"ict", "Công nghiệp ICT"},
                                         {"infosec", "An toàn thông tin mạng"},
                                         {"esign", "Chữ ký số"},
                                         {"egov", "Chính phủ số"},
                                         {"digital", "Kinh tế số"}};
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
        if (!strcmp(sector, map[k][0])) return map[k][1];
    return sector;
}

static void xlsx_sheet(ex *e, const char *code)
{
    size_t n = strcspn(code, ".");
    char sector[32];
    snprintf(sector, sizeof sector, "%.*s", (int)(n < 31 ? n : 31), code);
    for (int i = 0; i < e->nsheets; i++)
        if (!strcmp(e->sheets[i].sector, sector)) {
            e->ws = e->sheets[i].ws;
            e->row = &e->sheets[i].row;
            return;
        }
    if (e->nsheets == 64 || !(e->ws = workbook_add_worksheet(e->wb, sector_sheet(sector)))) {
        e->ws = NULL;
        e->io = 1;
        return;
    }
    struct sheet *sh = &e->sheets[e->nsheets++];
    snprintf(sh->sector, sizeof sh->sector, "%s", sector);
    sh->ws = e->ws;
    e->row = &sh->row;
    /* a target's bounds are in their own columns so that the sheet reads
     * back (import.c) to the same records */
    static const char *const cols[] = {
        "Chỉ tiêu",  "Tên chỉ tiêu", "Kỳ",           "Loại",
        "Giá trị",   "Đơn vị",       "Ước tính",     "Tăng/giảm so với cùng kỳ (%)",
        "Khu vực",   "Tài liệu",     "Ngày công bố", "Vị trí (byte)",
        "Tối thiểu", "Tối đa"};
    static const double widths[] = {30, 48, 16, 10, 20, 14, 10, 16, 14, 26, 14, 16, 16, 16};
    for (int c = 0; c < 14; c++) {
        worksheet_write_string(e->ws, 0, (lxw_col_t)c, cols[c], e->hdr);
        worksheet_set_column(e->ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    }
    worksheet_freeze_panes(e->ws, 1, 0);
    worksheet_autofilter(e->ws, 0, 0, 0, 13);
    *e->row = 1;
}

static void xlsx_row(ex *e, const ct_obs *o, const docrow *d)
{
    const ct_record *r = &o->rec;
    xlsx_sheet(e, o->indicator);
    if (!e->ws) return;
    lxw_worksheet *ws = e->ws;
    lxw_row_t y = (*e->row)++;
    char per[40];
    ct_period_format(&r->period, per, sizeof per);
    worksheet_write_string(ws, y, 0, o->indicator, NULL);
    worksheet_write_string(ws, y, 1, r->ind && r->ind->name_vi ? r->ind->name_vi : "", NULL);
    worksheet_write_string(ws, y, 2, per, NULL);
    const char *kind = r->type == CT_REC_TARGET ? "mục tiêu" : r->baseline ? "số gốc" : "số liệu";
    worksheet_write_string(ws, y, 3, kind, NULL);
    ct_decimal v = r->type == CT_REC_TARGET ? (r->has_min ? r->min : r->max) : r->value;
    if (r->type == CT_REC_OBSERVATION || r->has_min || r->has_max)
        worksheet_write_number(ws, y, 4, ct_decimal_value(v), v.exp < 0 ? e->f_dec : e->f_int);
    /* the unit and the qualifier in Vietnamese; import reads both back */
    worksheet_write_string(ws, y, 5,
                           r->type == CT_REC_TARGET && r->growth ? "% tăng"
                           : r->unit                             ? ct_render_unit_vi(r->unit)
                                                                 : "",
                           NULL);
    if (r->type == CT_REC_OBSERVATION && r->approx)
        worksheet_write_string(ws, y, 6, approx_vi(r->approx), NULL);
    for (int k = 0; k < r->nchanges; k++)
        if (r->changes[k].basis == CT_BASIS_YOY) {
            worksheet_write_number(ws, y, 7, ct_decimal_value(r->changes[k].pct), e->f_pct);
            break;
        }
    if (r->area[0]) worksheet_write_string(ws, y, 8, r->area, NULL);
    worksheet_write_string(ws, y, 9, o->doc, NULL);
    if (d && d->published[0]) worksheet_write_string(ws, y, 10, d->published, NULL);
    char span[48];
    snprintf(span, sizeof span, "%lld-%lld", r->span[0], r->span[1]);
    worksheet_write_string(ws, y, 11, span, NULL);
    if (r->type == CT_REC_TARGET && r->has_min)
        worksheet_write_number(ws, y, 12, ct_decimal_value(r->min),
                               r->min.exp < 0 ? e->f_dec : e->f_int);
    if (r->type == CT_REC_TARGET && r->has_max)
        worksheet_write_number(ws, y, 13, ct_decimal_value(r->max),
                               r->max.exp < 0 ? e->f_dec : e->f_int);
}

static void xlsx_sources(ex *e)
{
    lxw_worksheet *ws = workbook_add_worksheet(e->wb, "nguồn");
    if (!ws) {
        e->io = 1;
        return;
    }
    static const char *const cols[] = {"Mã", "Tài liệu", "Nguồn", "Ngày công bố"};
    static const double widths[] = {8, 30, 60, 14};
    for (int c = 0; c < 4; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c], e->hdr);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t i = 0; i < e->ndocs; i++) {
        lxw_row_t y = (lxw_row_t)(i + 1);
        worksheet_write_number(ws, y, 0, (double)e->docs[i].id, NULL);
        worksheet_write_string(ws, y, 1, e->docs[i].name, NULL);
        worksheet_write_string(ws, y, 2, e->docs[i].source, NULL);
        worksheet_write_string(ws, y, 3, e->docs[i].published, NULL);
    }
}

static int on_record(void *ud, const ct_obs *o)
{
    ex *e = ud;
    const docrow *d = doc_of(e, o->doc_id);
    if (e->fmt == CT_EXPORT_CSV)
        csv_row(e, o, d);
    else if (e->fmt == CT_EXPORT_JSONL)
        jsonl_row(e, o, d);
    else
        xlsx_row(e, o, d);
    if (e->b.len > 65536) flush(e);
    return e->io || e->b.oom;
}

/* ---- SDMX-CSV -------------------------------------------------------------- */

/* SDMX reporting periods: 2024, 2024-S1, 2024-Q1, 2024-02, 2024-02-20, and
 * other intervals as an ISO 8601 range "2024-01/P7M". */
static void sdmx_period(ct_buf *b, const ct_period *p)
{
    char tmp[40];
    ct_period_format(p, tmp, sizeof tmp);
    if (!strchr(tmp, '/')) {
        ct_buf_puts(b, tmp);
        return;
    }
    ct_buf_printf(b, "%04d-%02d/P%dM", CT_YEAR_OF(p->first), CT_MON_OF(p->first), ct_period_len(p));
}

static int export_sdmx(ex *e, ct_store *st, const ct_catalog *cat, ct_error *err)
{
    ct_buf_puts(&e->b, "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,"
                       "SOURCE\n");
    for (size_t i = 0; i < ct_catalog_count(cat); i++) {
        const ct_indicator *ind = ct_catalog_at(cat, i);
        ct_series s;
        int rc = ct_series_build(st, cat, ind->code, "", NULL, NULL, &s, err);
        if (rc != CT_OK) return rc;
        for (size_t k = 0; k < s.n; k++) {
            const ct_series_row *r = &s.rows[k];
            ct_buf_printf(&e->b, "CHITIEU:VN_ICT(1.0),VN,%s,", ind->code);
            sdmx_period(&e->b, &r->period);
            ct_buf_putc(&e->b, ',');
            put_dec(&e->b, r->chosen.value);
            ct_buf_printf(&e->b, ",%s,%s,", r->unit,
                          r->chosen.approx == CT_APPROX_ESTIMATE ? "E" : "A");
            csv_field(&e->b, r->chosen.doc);
            ct_buf_putc(&e->b, '\n');
        }
        ct_series_free(&s);
        if (e->b.len > 65536) flush(e);
        if (e->io) break;
    }
    return CT_OK;
}

int ct_export(ct_store *st, const ct_catalog *cat, ct_export_format fmt, const char *path, FILE *fp,
              ct_error *err)
{
    return ct_export_view(st, cat, fmt, path, fp, 0, err);
}

int ct_export_view(ct_store *st, const ct_catalog *cat, ct_export_format fmt, const char *path,
                   FILE *fp, int raw, ct_error *err)
{
    ct_error_clear(err);
    if (raw && fmt == CT_EXPORT_SDMX)
        return ct_error_set(err, CT_EINVAL, -1, 0,
                            "sdmx-csv gives each period's chosen value: there is no raw one");
    ex e;
    memset(&e, 0, sizeof e);
    e.fmt = fmt;
    e.fp = fp;
    int rc = ct_store_docs(st, 0, on_doc, &e, err);
    if (rc == CT_OK && e.oom) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    if (rc == CT_OK && fmt == CT_EXPORT_XLSX) {
        if (!path)
            rc = ct_error_set(err, CT_EINVAL, -1, 0, "xlsx needs an output file (-o)");
        else if (!(e.wb = workbook_new(path)))
            rc = ct_error_set(err, CT_EIO, -1, 0, "%s: cannot create workbook", path);
        else {
            e.hdr = workbook_add_format(e.wb);
            format_set_bold(e.hdr);
            format_set_bg_color(e.hdr, 0xDDE6F0);
            e.f_int = workbook_add_format(e.wb);
            format_set_num_format(e.f_int, "#,##0");
            e.f_dec = workbook_add_format(e.wb);
            format_set_num_format(e.f_dec, "#,##0.00");
            e.f_pct = workbook_add_format(e.wb);
            format_set_num_format(e.f_pct, "0.00");
        }
    }
    if (rc == CT_OK && fmt == CT_EXPORT_SDMX) {
        rc = export_sdmx(&e, st, cat, err);
    } else if (rc == CT_OK) {
        if (fmt == CT_EXPORT_CSV) ct_buf_puts(&e.b, csv_header);
        ct_obs_query q = {NULL, 0, 0, raw};
        rc = ct_store_records(st, cat, &q, on_record, &e, err);
        q.targets = 1;
        if (rc == CT_OK) rc = ct_store_records(st, cat, &q, on_record, &e, err);
        if (rc == CT_OK && fmt == CT_EXPORT_XLSX) xlsx_sources(&e);
    }
    if (e.wb) {
        lxw_error x = workbook_close(e.wb);
        if (x != LXW_NO_ERROR && rc == CT_OK)
            rc = ct_error_set(err, CT_EIO, -1, 0, "%s: %s", path, lxw_strerror(x));
    }
    if (fmt != CT_EXPORT_XLSX) flush(&e);
    if (rc == CT_OK && (e.io || e.b.oom))
        rc = ct_error_set(err, e.b.oom ? CT_ENOMEM : CT_EIO, -1, 0, "write error");
    for (size_t i = 0; i < e.ndocs; i++) {
        ct__free(e.docs[i].name);
        ct__free(e.docs[i].source);
    }
    ct__free(e.docs);
    ct_buf_free(&e.b);
    return rc;
}

/* ---- one series for a spreadsheet ------------------------------------- */

static const char *approx_vi(ct_approx a)
{
    return a == CT_APPROX_ESTIMATE ? "ước"
           : a == CT_APPROX_ABOUT  ? "khoảng"
           : a == CT_APPROX_OVER   ? "hơn"
           : a == CT_APPROX_UNDER  ? "dưới"
                                   : "";
}

int ct_series_csv(ct_buf *b, const ct_series *s)
{
    ct_buf_puts(b, "\xEF\xBB\xBF"); /* the BOM: Excel takes the file for UTF-8 then */
    ct_buf_puts(b, "Chỉ tiêu,Mã chỉ tiêu,Kỳ,Mã kỳ,Giá trị,Đơn vị,Số liệu như ghi,Ghi chú số liệu,"
                   "Tăng so với cùng kỳ (ghi; %),Tăng so với cùng kỳ (tính; %),Văn bản nguồn,"
                   "Ngày công bố,Các nguồn không khớp\r\n");
    ct_buf tmp;
    ct_buf_init(&tmp);
    for (size_t i = 0; i < s->n; i++) {
        const ct_series_row *r = &s->rows[i];
        char per[64], num[64], pub[CT_DATE_SIZE];
        csv_field(b, s->ind && s->ind->name_vi ? s->ind->name_vi : "");
        ct_buf_putc(b, ',');
        csv_field(b, s->ind ? s->ind->code : "");
        ct_buf_putc(b, ',');
        ct_period_format_vi(&r->chosen.period, per, sizeof per);
        csv_field(b, per);
        ct_buf_putc(b, ',');
        ct_period_format(&r->chosen.period, per, sizeof per);
        csv_field(b, per);
        ct_buf_putc(b, ',');
        put_dec(b, r->chosen.value);
        ct_buf_putc(b, ',');
        csv_field(b, ct_render_unit_vi(r->unit));
        ct_buf_putc(b, ',');
        /* the qualifier stays with the figure: "hơn 2.000" is not 2.000 */
        ct_buf_reset(&tmp);
        ct_approx ap = r->chosen.approx;
        if (ap == CT_APPROX_OVER || ap == CT_APPROX_UNDER || ap == CT_APPROX_ABOUT) {
            ct_buf_puts(&tmp, approx_vi(ap));
            ct_buf_putc(&tmp, ' ');
        }
        ct_render_value_vi(&tmp, r->chosen.value, r->unit);
        csv_field(b, tmp.data ? tmp.data : "");
        ct_buf_putc(b, ',');
        csv_field(b, approx_vi(ap));
        ct_buf_putc(b, ',');
        if (r->has_stated_yoy) put_dec(b, r->stated_yoy);
        ct_buf_putc(b, ',');
        if (r->has_computed_yoy) {
            snprintf(num, sizeof num, "%.1f", r->computed_yoy);
            ct_buf_puts(b, num);
        }
        ct_buf_putc(b, ',');
        csv_field(b, r->chosen.doc);
        ct_buf_putc(b, ',');
        ct_date_format(r->chosen.pub, pub, sizeof pub);
        csv_field(b, pub);
        ct_buf_puts(b, r->conflict ? ",có\r\n" : ",\r\n");
    }
    int oom = tmp.oom || b->oom;
    ct_buf_free(&tmp);
    return oom ? CT_ENOMEM : CT_OK;
}

void ct_obs_csv_head(ct_buf *b)
{
    ct_buf_puts(b, "\xEF\xBB\xBF");
    ct_buf_puts(b, "Chỉ tiêu,Mã chỉ tiêu,Kỳ,Mã kỳ,Địa bàn,Giá trị,Đơn vị,Số liệu như ghi,Ghi chú số liệu,"
                   "Vai trò,Văn bản nguồn,Ngày công bố\r\n");
}

void ct_obs_csv_row(ct_buf *b, const ct_obs *o)
{
    const ct_record *r = &o->rec;
    char per[64], pub[CT_DATE_SIZE];
    csv_field(b, r->ind && r->ind->name_vi ? r->ind->name_vi : "");
    ct_buf_putc(b, ',');
    csv_field(b, o->indicator ? o->indicator : "");
    ct_buf_putc(b, ',');
    ct_period_format_vi(&r->period, per, sizeof per);
    csv_field(b, per);
    ct_buf_putc(b, ',');
    ct_period_format(&r->period, per, sizeof per);
    csv_field(b, per);
    ct_buf_putc(b, ',');
    csv_field(b, r->area[0] ? r->area : "Toàn quốc");
    ct_buf_putc(b, ',');
    put_dec(b, r->value);
    ct_buf_putc(b, ',');
    csv_field(b, ct_render_unit_vi(r->unit));
    ct_buf_putc(b, ',');
    ct_buf tmp;
    ct_buf_init(&tmp);
    if (r->approx == CT_APPROX_OVER || r->approx == CT_APPROX_UNDER || r->approx == CT_APPROX_ABOUT) {
        ct_buf_puts(&tmp, approx_vi(r->approx));
        ct_buf_putc(&tmp, ' ');
    }
    ct_render_value_vi(&tmp, r->value, r->unit);
    csv_field(b, tmp.data ? tmp.data : "");
    ct_buf_free(&tmp);
    ct_buf_putc(b, ',');
    csv_field(b, approx_vi(r->approx));
    ct_buf_puts(b, r->baseline ? ",số gốc được trích," : ",số báo cáo,");
    csv_field(b, o->doc ? o->doc : "");
    ct_buf_putc(b, ',');
    ct_date_format(o->pub, pub, sizeof pub);
    csv_field(b, pub);
    ct_buf_puts(b, "\r\n");
}

/* ---- the same tables as XLSX ------------------------------------------- */

static int dec_of(ct_decimal d)
{
    return d.exp < 0 ? -d.exp : 0;
}

/* the value as written, with its qualifier: "hơn 2.000 cuộc" */
static void written(ct_buf *tmp, ct_decimal v, const char *unit, ct_approx ap)
{
    ct_buf_reset(tmp);
    if (ap == CT_APPROX_OVER || ap == CT_APPROX_UNDER || ap == CT_APPROX_ABOUT) {
        ct_buf_puts(tmp, approx_vi(ap));
        ct_buf_putc(tmp, ' ');
    }
    ct_render_value_vi(tmp, v, unit);
}

int ct_series_xlsx(ct_buf *out, const ct_series *s, ct_error *err)
{
    ct_xlsx *x = ct_xlsx_new();
    if (!x) return ct_error_set(err, CT_EIO, -1, 0, "xlsx: cannot make a workbook");
    static const char *const cols[] = {"Chỉ tiêu", "Mã chỉ tiêu", "Kỳ", "Mã kỳ", "Giá trị",
                                       "Đơn vị", "Số liệu như ghi", "Ghi chú số liệu",
                                       "Tăng so với cùng kỳ (ghi; %)",
                                       "Tăng so với cùng kỳ (tính; %)", "Văn bản nguồn",
                                       "Ngày công bố", "Các nguồn không khớp"};
    static const double widths[] = {40, 24, 20, 12, 20, 14, 28, 12, 16, 16, 28, 14, 12};
    ct_xlsx_sheet(x, "Chuỗi số liệu", cols, 13, widths);
    ct_buf tmp;
    ct_buf_init(&tmp);
    for (size_t i = 0; i < s->n; i++) {
        const ct_series_row *r = &s->rows[i];
        char per[64], pub[CT_DATE_SIZE];
        ct_xlsx_str(x, 0, s->ind && s->ind->name_vi ? s->ind->name_vi : "");
        ct_xlsx_str(x, 1, s->ind ? s->ind->code : "");
        ct_period_format_vi(&r->chosen.period, per, sizeof per);
        ct_xlsx_str(x, 2, per);
        ct_period_format(&r->chosen.period, per, sizeof per);
        ct_xlsx_str(x, 3, per);
        ct_xlsx_num(x, 4, ct_decimal_value(r->chosen.value), dec_of(r->chosen.value));
        ct_xlsx_str(x, 5, ct_render_unit_vi(r->unit));
        written(&tmp, r->chosen.value, r->unit, r->chosen.approx);
        ct_xlsx_str(x, 6, tmp.data);
        ct_xlsx_str(x, 7, approx_vi(r->chosen.approx));
        if (r->has_stated_yoy)
            ct_xlsx_num(x, 8, ct_decimal_value(r->stated_yoy), dec_of(r->stated_yoy));
        if (r->has_computed_yoy) ct_xlsx_num(x, 9, r->computed_yoy, 1);
        ct_xlsx_str(x, 10, r->chosen.doc);
        ct_date_format(r->chosen.pub, pub, sizeof pub);
        ct_xlsx_str(x, 11, pub);
        ct_xlsx_str(x, 12, r->conflict ? "có" : "");
        ct_xlsx_row(x);
    }
    int oom = tmp.oom;
    ct_buf_free(&tmp);
    int rc = ct_xlsx_finish(x, out, err);
    if (rc == CT_OK && oom) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    return rc;
}

ct_xlsx *ct_obs_xlsx_head(void)
{
    ct_xlsx *x = ct_xlsx_new();
    if (!x) return NULL;
    static const char *const cols[] = {"Chỉ tiêu", "Mã chỉ tiêu", "Kỳ", "Mã kỳ", "Địa bàn",
                                       "Giá trị", "Đơn vị", "Số liệu như ghi", "Ghi chú số liệu",
                                       "Vai trò", "Văn bản nguồn", "Ngày công bố"};
    static const double widths[] = {40, 24, 20, 12, 16, 20, 14, 28, 12, 20, 28, 14};
    ct_xlsx_sheet(x, "Số liệu theo nguồn", cols, 12, widths);
    return x;
}

void ct_obs_xlsx_row(ct_xlsx *x, const ct_obs *o)
{
    const ct_record *r = &o->rec;
    char per[64], pub[CT_DATE_SIZE];
    ct_xlsx_str(x, 0, r->ind && r->ind->name_vi ? r->ind->name_vi : "");
    ct_xlsx_str(x, 1, o->indicator);
    ct_period_format_vi(&r->period, per, sizeof per);
    ct_xlsx_str(x, 2, per);
    ct_period_format(&r->period, per, sizeof per);
    ct_xlsx_str(x, 3, per);
    ct_xlsx_str(x, 4, r->area[0] ? r->area : "Toàn quốc");
    ct_xlsx_num(x, 5, ct_decimal_value(r->value), dec_of(r->value));
    ct_xlsx_str(x, 6, ct_render_unit_vi(r->unit));
    ct_buf tmp;
    ct_buf_init(&tmp);
    written(&tmp, r->value, r->unit, r->approx);
    ct_xlsx_str(x, 7, tmp.data);
    ct_buf_free(&tmp);
    ct_xlsx_str(x, 8, approx_vi(r->approx));
    ct_xlsx_str(x, 9, r->baseline ? "số gốc được trích" : "số báo cáo");
    ct_xlsx_str(x, 10, o->doc);
    ct_date_format(o->pub, pub, sizeof pub);
    ct_xlsx_str(x, 11, pub);
    ct_xlsx_row(x);
}
