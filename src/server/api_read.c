/* api_read.c — the API's reads: health, indicators with their latest
 * figure, series and charts, observations, documents, findings with the
 * sentences they quote, targets, reports, areas. Each answer is written
 * with the library's JSON writer; a read whose body depends only on the
 * URL and the data says so (rs->cacheable) for http.c's cache. */
#include "api_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- records, documents and findings as JSON --------------------------------- */

/* {"obs_id":..,"doc_id":..,"published":.., then the record contract}. */
static void obs_json(ct_json *j, const ct_obs *o)
{
    ct_json_obj(j);
    ct_json_kll(j, "obs_id", o->id);
    ct_json_kll(j, "doc_id", o->doc_id);
    ct_json_key(j, "published");
    ct_json_date(j, o->pub);
    ct_render_json_fields(j, &o->rec, o->doc, 0);
    ct_json_end(j);
}

typedef struct fout {
    ct_json *j; /* inside the findings array */
    ct_quoter q;
    long long n;
    const char *indicator; /* only this one's findings, or NULL */
    int status;            /* only those of this ct_finding_status, or -1 */
} fout;

static int on_finding(void *ud, const ct_finding *f)
{
    fout *o = ud;
    if (o->indicator && strcmp(o->indicator, f->indicator)) return 0;
    if (o->status >= 0 && (int)f->status != o->status) return 0;
    ct_json_obj(o->j);
    ct_finding_json_fields(o->j, f);
    ct_finding_json_quotes(o->j, &o->q, f, 0);
    ct_json_end(o->j);
    o->n++;
    return 0;
}

/* The findings as a JSON array; status >= 0: only those of that status,
 * dismissed ones included (the default leaves them out). */
static int findings_json(srv *s, ct_store *st, const ct_check_opts *cso, const char *indicator,
                         int status, ct_json *j, ct_error *err, long long *count)
{
    fout o;
    memset(&o, 0, sizeof o);
    o.j = j;
    o.indicator = indicator;
    o.status = status;
    ct_quoter_init(&o.q, st, cso->fresh, cso->nfresh);
    ct_json_arr(j);
    int n = ct_check_store_marked(st, s->cat, cso, 0, status >= 0, NULL, on_finding, &o, err);
    ct_json_end(j);
    if (n >= 0 && o.q.failed)
        n = ct_error_set(err, CT_EIO, -1, 0, "database: reading the documents findings quote");
    ct_quoter_free(&o.q);
    if (count) *count = o.n;
    return n < 0 ? n : CT_OK;
}

int srv__findings_json(srv *s, ct_store *st, const ct_check_opts *cso, const char *indicator,
                       ct_json *j, ct_error *err, long long *count)
{
    return findings_json(s, st, cso, indicator, -1, j, err, count);
}

typedef struct oq {
    ct_json *j;
    ct_buf *csv; /* format=csv: rows here instead of JSON */
    ct_xlsx *xlsx; /* format=xlsx: rows here */
    ct_period per;
    int has_per;
    const char *area;
    long long n, limit;
} oq;

static int on_obs(void *ud, const ct_obs *o)
{
    oq *q = ud;
    if (q->has_per && !ct_period_eq(&q->per, &o->rec.period)) return 0;
    if (q->area && strcmp(q->area, o->rec.area)) return 0;
    if (q->n == q->limit) return 1;
    q->n++;
    if (q->csv) {
        if (o->rec.type == CT_REC_OBSERVATION) ct_obs_csv_row(q->csv, o);
    } else if (q->xlsx) {
        if (o->rec.type == CT_REC_OBSERVATION) ct_obs_xlsx_row(q->xlsx, o);
    } else {
        obs_json(q->j, o);
    }
    return 0;
}

static int on_docref(void *ud, const ct_docinfo *d)
{
    srv_docref *r = ud;
    r->id = d->id;
    snprintf(r->name, sizeof r->name, "%s", d->name ? d->name : "");
    snprintf(r->source, sizeof r->source, "%s", d->source ? d->source : "");
    snprintf(r->sha, sizeof r->sha, "%s", d->sha256);
    snprintf(r->ingested, sizeof r->ingested, "%s", d->ingested ? d->ingested : "");
    r->pub = d->pub;
    if (r->text) ct_buf_append(r->text, d->text ? d->text : "", d->text_len);
    return 1;
}

int srv__find_doc(ct_store *st, const char *key, srv_docref *r, srv_resp *rs)
{
    ct_error err;
    if (!key || !*key || strlen(key) > 120) {
        srv__fail(rs, 404, "no such document");
        return -1;
    }
    int rc = ct_store_doc_get(st, key, on_docref, r, &err);
    if (rc == CT_ENOENT || (rc == CT_OK && !r->id)) {
        srv__fail(rs, 404, "no document '%.120s'", key);
        return -1;
    }
    if (rc != CT_OK) {
        srv__fail(rs, 500, "%s", err.msg);
        return -1;
    }
    return 0;
}

int srv__get_doc(ct_store *st, long long id, srv_docref *r, ct_error *err)
{
    char key[32];
    snprintf(key, sizeof key, "%lld", id);
    return ct_store_doc_get(st, key, on_docref, r, err);
}

/* The fields every document answer starts with (the object left open). */
static void doc_head(ct_json *j, long long id, const char *name, const char *source, ct_date pub,
                     const char *ingested, const char *sha)
{
    ct_json_obj(j);
    ct_json_kll(j, "id", id);
    ct_json_kstr(j, "name", name);
    ct_json_kstr(j, "source", source);
    ct_json_key(j, "published");
    ct_json_date(j, pub);
    ct_json_kstr(j, "ingested", ingested);
    ct_json_kstr(j, "sha256", sha);
}

int srv__doc_json(srv *s, ct_store *st, const srv_docref *r, const ct_buf *text, ct_json *j,
                  ct_error *err)
{
    doc_head(j, r->id, r->name, r->source, r->pub, r->ingested, r->sha);
    if (text) {
        ct_json_key(j, "text");
        ct_json_strn(j, text->data ? text->data : "", text->len);
    }
    ct_json_key(j, "records");
    ct_json_arr(j);
    oq q;
    memset(&q, 0, sizeof q);
    q.j = j;
    q.limit = -1;
    int rc = CT_OK;
    for (int t = 0; t < 2 && rc == CT_OK; t++) {
        ct_obs_query oq_ = {NULL, r->id, t, 0};
        rc = ct_store_records(st, s->cat, &oq_, on_obs, &q, err);
    }
    ct_json_end(j);
    ct_json_end(j);
    return rc;
}

/* ---- the handlers ------------------------------------------------------------ */

void srv__get_health(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    long long d = 0, o = 0, t = 0;
    ct_error err;
    if (ct_store_counts(st, &d, &o, &t, &err) != CT_OK) {
        srv__fail(rs, 503, "%s", err.msg); /* "database: counting: ..." */
        return;
    }
    /* under --read-token the counts are data: only a token sees them (a
     * probe without one learns that the server is up, not what it holds) */
    int counts = !s->read_token;
    if (!counts && rq->authorization) {
        srv_resp probe;
        memset(&probe, 0, sizeof probe);
        ct_buf_init(&probe.body);
        counts = srv__authorize(s, st, rq, &probe, 0) == 0;
        ct_buf_free(&probe.body);
        if (counts) snprintf(rs->who, sizeof rs->who, "%s", probe.who);
    }
    ct_json j;
    srv__ok_json(rs, 200, &j);
    ct_json_obj(&j);
    ct_json_kstr(&j, "status", "ok");
    if (counts) {
        ct_json_kll(&j, "schema", ct_store_schema_version(st));
        ct_json_kll(&j, "documents", d);
        ct_json_kll(&j, "observations", o);
        ct_json_kll(&j, "targets", t);
    }
    ct_json_end(&j);
    ct_json_nl(&j);
}

typedef struct counts {
    const char *code[256];
    long long n[256];
    int k;
} counts;

static int on_ind(void *ud, const char *code, long long n)
{
    counts *c = ud;
    if (c->k < 256 && (c->code[c->k] = strdup(code))) c->n[c->k++] = n;
    return 0;
}

/* The latest row of an indicator's national series, or null. */
static void latest_json(srv *s, ct_store *st, const ct_indicator *ind, long long n, ct_json *j)
{
    ct_series se;
    ct_period none = {0, 0, 0};
    ct_error err;
    if (!n || ct_series_build(st, s->cat, ind->code, "", &none, &none, &se, &err) != CT_OK) {
        ct_json_null(j);
        return;
    }
    if (se.n) {
        const ct_series_row *r = &se.rows[se.n - 1];
        ct_json_obj(j);
        ct_json_key(j, "period");
        ct_json_period(j, &r->period);
        ct_json_kdec(j, "value", r->chosen.value);
        ct_json_kstr(j, "unit", r->unit);
        ct_json_kstr(j, "approx", ct_approx_name(r->chosen.approx));
        ct_json_key(j, "yoy");
        if (r->has_stated_yoy)
            ct_json_dec(j, r->stated_yoy);
        else if (r->has_computed_yoy)
            ct_json_fixed(j, r->computed_yoy, 2);
        else
            ct_json_null(j);
        ct_json_kbool(j, "yoy_stated", r->has_stated_yoy);
        ct_json_kbool(j, "conflict", r->conflict);
        ct_json_kstr(j, "doc", r->chosen.doc);
        ct_json_end(j);
    } else {
        ct_json_null(j);
    }
    ct_series_free(&se);
}

static void put_alias(void *ud, const char *phrase)
{
    ct_json_str(ud, phrase);
}

static void indicator_json(srv *s, ct_store *st, const ct_indicator *ind, long long n, ct_json *j)
{
    const char *dot = strchr(ind->code, '.');
    ct_json_obj(j);
    ct_json_kstr(j, "code", ind->code);
    ct_json_key(j, "sector");
    ct_json_strn(j, ind->code, dot ? (size_t)(dot - ind->code) : strlen(ind->code));
    ct_json_kstr(j, "name", ind->name_vi);
    ct_json_kstr(j, "unit", ind->unit);
    ct_json_kstr(j, "measure", ind->measure == CT_STOCK ? "stock" : "flow");
    ct_json_key(j, "parts");
    ct_json_arr(j);
    for (int p = 0; p < 8 && ind->parts[p]; p++)
        ct_json_str(j, ind->parts[p]);
    ct_json_end(j);
    /* the phrases that name it, for finding an indicator by any of them */
    ct_json_key(j, "aliases");
    ct_json_arr(j);
    ct_catalog_each_alias(s->cat, ind->code, put_alias, j);
    ct_json_end(j);
    ct_json_kll(j, "observations", n);
    ct_json_key(j, "latest");
    latest_json(s, st, ind, n, j);
    ct_json_end(j);
}

void srv__get_indicators(srv *s, ct_store *st, srv_resp *rs)
{
    counts c;
    memset(&c, 0, sizeof c);
    ct_error err;
    if (ct_store_indicators(st, on_ind, &c, &err) != CT_OK) {
        srv__fail(rs, 500, "%s", err.msg);
    } else {
        ct_json j;
        srv__ok_json(rs, 200, &j);
        rs->cacheable = 1;
        ct_json_obj(&j);
        ct_json_key(&j, "indicators");
        ct_json_arr(&j);
        for (size_t i = 0; i < ct_catalog_count(s->cat); i++) {
            const ct_indicator *ind = ct_catalog_at(s->cat, i);
            long long n = 0;
            for (int k = 0; k < c.k; k++)
                if (!strcmp(c.code[k], ind->code)) n = c.n[k];
            indicator_json(s, st, ind, n, &j);
        }
        ct_json_end(&j);
        ct_json_end(&j);
        ct_json_nl(&j);
    }
    for (int k = 0; k < c.k; k++)
        free((char *)c.code[k]);
}

/* from, to and area arguments of a series; -1 after an error response */
static int series_args(const srv_req *rq, srv_resp *rs, ct_period *pf, ct_period *pt,
                       const char **area)
{
    const char *from = srv_arg_get(rq, "from"), *to = srv_arg_get(rq, "to");
    memset(pf, 0, sizeof *pf);
    memset(pt, 0, sizeof *pt);
    if (from && *from && ct_period_parse(from, strlen(from), pf) != CT_OK) {
        srv__fail(rs, 400, "from=%.40s: expected a period (2023, 2023-Q1, 2023-S1, 2023-02...)",
                  from);
        return -1;
    }
    if (to && *to && ct_period_parse(to, strlen(to), pt) != CT_OK) {
        srv__fail(rs, 400, "to=%.40s: expected a period (2023, 2023-Q1, 2023-S1, 2023-02...)", to);
        return -1;
    }
    *area = srv_arg_get(rq, "area");
    if (!*area) *area = "";
    return 0;
}

void srv__get_series(srv *s, ct_store *st, const srv_req *rq, const char *code, srv_resp *rs)
{
    ct_period pf, pt;
    const char *area;
    if (!srv__known(s, code, rs) || series_args(rq, rs, &pf, &pt, &area)) return;
    const char *fmt = srv_arg_get(rq, "format");
    if (fmt && *fmt && strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "xlsx")) {
        srv__fail(rs, 400, "format=%.20s: expected json, csv or xlsx", fmt);
        return;
    }
    ct_series se;
    ct_error err;
    if (ct_series_build(st, s->cat, code, area, &pf, &pt, &se, &err) != CT_OK) {
        srv__fail(rs, 500, "%s", err.msg);
        return;
    }
    if (fmt && !strcmp(fmt, "csv")) { /* for a spreadsheet: BOM, Vietnamese headers */
        rs->status = 200;
        rs->type = "text/csv; charset=utf-8";
        rs->cacheable = 1;
        if (ct_series_csv(&rs->body, &se) != CT_OK) srv__fail(rs, 500, "out of memory");
        ct_series_free(&se);
        return;
    }
    if (fmt && !strcmp(fmt, "xlsx")) { /* the same table as a workbook */
        rs->status = 200;
        rs->type = SRV_XLSX_TYPE;
        rs->cacheable = 1;
        if (ct_series_xlsx(&rs->body, &se, &err) != CT_OK) srv__keep_err(rs, &err);
        ct_series_free(&se);
        return;
    }
    srv__ok_json(rs, 200, NULL);
    rs->cacheable = 1;
    ct_series_json(&rs->body, &se, area);
    ct_buf_putc(&rs->body, '\n');
    ct_series_free(&se);
}

void srv__get_chart(srv *s, ct_store *st, const srv_req *rq, const char *code, srv_resp *rs)
{
    ct_period pf, pt;
    const char *area;
    if (!srv__known(s, code, rs) || series_args(rq, rs, &pf, &pt, &area)) return;
    long long months;
    if (srv__int_arg(rq, "months", 0, 12, 0, &months, rs)) return;
    ct_series se;
    ct_error err;
    ct_chart_band bands[16];
    int nb = 0;
    if (ct_series_build(st, s->cat, code, area, &pf, &pt, &se, &err) != CT_OK) {
        srv__fail(rs, 500, "%s", err.msg);
        return;
    }
    if (!*area && (nb = ct_chart_bands(st, s->cat, code, bands, 16, &err)) < 0) nb = 0;
    ct_chart_opts o = {0, 0, (int)months, bands, nb};
    rs->status = 200;
    rs->type = "image/svg+xml";
    rs->cacheable = 1;
    if (ct_chart_svg(&rs->body, &se, &o) < 0) srv__fail(rs, 500, "out of memory");
    ct_series_free(&se);
}

void srv__get_observations(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    const char *ind = srv_arg_get(rq, "indicator"), *per = srv_arg_get(rq, "period"),
               *doc = srv_arg_get(rq, "doc");
    oq q;
    memset(&q, 0, sizeof q);
    q.area = srv_arg_get(rq, "area");
    if (srv__int_arg(rq, "limit", 1, 100000, 10000, &q.limit, rs)) return;
    if (ind && *ind && !srv__known(s, ind, rs)) return;
    if (per && *per) {
        if (ct_period_parse(per, strlen(per), &q.per) != CT_OK) {
            srv__fail(rs, 400, "period=%.40s: expected a period (2023, 2023-Q1, 2023-02...)", per);
            return;
        }
        q.has_per = 1;
    }
    ct_obs_query oq_ = {ind && *ind ? ind : NULL, 0, 0, 0};
    if (doc && *doc) {
        srv_docref r;
        memset(&r, 0, sizeof r);
        if (srv__find_doc(st, doc, &r, rs)) return;
        oq_.doc_id = r.id;
    }
    const char *fmt = srv_arg_get(rq, "format");
    if (fmt && *fmt && strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "xlsx")) {
        srv__fail(rs, 400, "format=%.20s: expected json, csv or xlsx", fmt);
        return;
    }
    if (fmt && !strcmp(fmt, "xlsx")) { /* the table as a workbook */
        ct_error err;
        if (!(q.xlsx = ct_obs_xlsx_head())) {
            srv__fail(rs, 500, "cannot make a workbook");
            return;
        }
        int rc = ct_store_records(st, s->cat, &oq_, on_obs, &q, &err);
        int xrc = ct_xlsx_finish(q.xlsx, &rs->body, rc == CT_OK ? &err : &(ct_error){0});
        if (rc != CT_OK || xrc != CT_OK) {
            ct_buf_reset(&rs->body);
            srv__keep_err(rs, &err);
            return;
        }
        rs->status = 200;
        rs->type = SRV_XLSX_TYPE;
        rs->cacheable = 1;
        return;
    }
    if (fmt && !strcmp(fmt, "csv")) { /* the table for a spreadsheet */
        ct_error err;
        rs->status = 200;
        rs->type = "text/csv; charset=utf-8";
        rs->cacheable = 1;
        q.csv = &rs->body;
        ct_obs_csv_head(&rs->body);
        if (ct_store_records(st, s->cat, &oq_, on_obs, &q, &err) != CT_OK)
            srv__fail(rs, 500, "%s", err.msg);
        else if (rs->body.oom)
            srv__fail(rs, 503, "out of memory");
        return;
    }
    ct_json j;
    srv__ok_json(rs, 200, &j);
    rs->cacheable = 1;
    q.j = &j;
    ct_json_obj(&j);
    ct_json_key(&j, "observations");
    ct_json_arr(&j);
    ct_error err;
    int rc = ct_store_records(st, s->cat, &oq_, on_obs, &q, &err);
    if (rc != CT_OK) {
        srv__fail(rs, 500, "%s", err.msg);
        return;
    }
    ct_json_end(&j);
    ct_json_kll(&j, "count", q.n);
    ct_json_kbool(&j, "truncated", q.n == q.limit);
    ct_json_end(&j);
    ct_json_nl(&j);
}

static int on_doc_row(void *ud, const ct_docinfo *d)
{
    ct_json *j = ud;
    doc_head(j, d->id, d->name, d->source, d->pub, d->ingested, d->sha256);
    ct_json_kll(j, "observations", d->nobs);
    ct_json_kll(j, "targets", d->ntargets);
    ct_json_end(j);
    return 0;
}

void srv__get_documents(ct_store *st, srv_resp *rs)
{
    ct_json j;
    srv__ok_json(rs, 200, &j);
    rs->cacheable = 1;
    ct_json_obj(&j);
    ct_json_key(&j, "documents");
    ct_json_arr(&j);
    ct_error err;
    if (ct_store_docs(st, 0, on_doc_row, &j, &err) != CT_OK) {
        srv__fail(rs, 500, "%s", err.msg);
        return;
    }
    ct_json_end(&j);
    ct_json_end(&j);
    ct_json_nl(&j);
}

void srv__get_document(srv *s, ct_store *st, const char *key, srv_resp *rs)
{
    ct_buf text;
    ct_buf_init(&text);
    srv_docref r;
    memset(&r, 0, sizeof r);
    r.text = &text;
    if (srv__find_doc(st, key, &r, rs) == 0) {
        ct_json j;
        srv__ok_json(rs, 200, &j);
        rs->cacheable = 1;
        ct_error err;
        if (srv__doc_json(s, st, &r, &text, &j, &err) != CT_OK)
            srv__fail(rs, 500, "%s", err.msg);
        else
            ct_json_nl(&j);
    }
    ct_buf_free(&text);
}

void srv__get_findings(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    const char *ind = srv_arg_get(rq, "indicator"), *doc = srv_arg_get(rq, "doc"),
               *status = srv_arg_get(rq, "status");
    if (ind && *ind && !srv__known(s, ind, rs)) return;
    int want = -1;
    if (status && *status) {
        ct_finding_status fs;
        if (ct_finding_status_parse(status, &fs) != CT_OK) {
            srv__fail(rs, 400, "status: expected open, confirmed, explained or dismissed");
            return;
        }
        want = (int)fs;
    }
    ct_check_opts co = {.all = 1};
    long long id = 0;
    if (doc && *doc) {
        srv_docref r;
        memset(&r, 0, sizeof r);
        if (srv__find_doc(st, doc, &r, rs)) return;
        id = r.id;
        co.all = 0;
        co.judged = &id;
        co.njudged = 1;
    }
    ct_json j;
    srv__ok_json(rs, 200, &j);
    rs->cacheable = 1;
    ct_json_obj(&j);
    ct_json_key(&j, "findings");
    ct_error err;
    long long n = 0;
    if (findings_json(s, st, &co, ind && *ind ? ind : NULL, want, &j, &err, &n) != CT_OK) {
        srv__fail(rs, 500, "%s", err.msg);
        return;
    }
    ct_json_kll(&j, "count", n);
    ct_json_end(&j);
    ct_json_nl(&j);
}

static int on_target_eval(void *ud, const ct_target_eval *e)
{
    ct_target_eval_json(ud, e);
    return 0;
}

static int this_month(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    return CT_MONTH(tm.tm_year + 1900, tm.tm_mon + 1);
}

void srv__get_targets(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    const char *year = srv_arg_get(rq, "year"), *asof = srv_arg_get(rq, "as_of");
    int y = 0, m;
    long long yv = 0;
    if (year && *year && srv__int_arg(rq, "year", 1900, 2200, 0, &yv, rs)) return;
    y = (int)yv;
    ct_date ad;
    if (asof && *asof) {
        if (ct_date_parse(asof, &ad)) {
            srv__fail(rs, 400, "as_of=%.20s: expected YYYY-MM", asof);
            return;
        }
        m = CT_MONTH(ad.y, ad.m);
    } else {
        m = this_month();
    }
    ct_json j;
    srv__ok_json(rs, 200, &j);
    rs->cacheable = 1;
    ct_targets_json_open(&j, m);
    ct_error err;
    if (ct_targets_eval(st, s->cat, y, m, on_target_eval, &j, &err) != CT_OK) {
        srv__fail(rs, 500, "%s", err.msg);
        return;
    }
    ct_json_end(&j);
    ct_json_end(&j);
    ct_json_nl(&j);
}

void srv__get_report(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    const char *per = srv_arg_get(rq, "period"), *fmt = srv_arg_get(rq, "format"),
               *sector = srv_arg_get(rq, "sector"), *area = srv_arg_get(rq, "area");
    ct_report_opts o;
    memset(&o, 0, sizeof o);
    if (per && *per && ct_period_parse(per, strlen(per), &o.period) != CT_OK) {
        srv__fail(rs, 400, "period=%.40s: expected a period (2024-Q1, 2024-S1, 2024...)", per);
        return;
    }
    if (!fmt || !strcmp(fmt, "html")) {
        o.format = CT_REPORT_HTML;
        rs->type = "text/html; charset=utf-8";
    } else if (!strcmp(fmt, "md")) {
        o.format = CT_REPORT_MD;
        rs->type = "text/markdown; charset=utf-8";
    } else if (!strcmp(fmt, "txt")) {
        o.format = CT_REPORT_TXT;
        rs->type = "text/plain; charset=utf-8";
    } else if (!strcmp(fmt, "xlsx")) { /* the report's tables */
        o.format = CT_REPORT_XLSX;
        rs->type = SRV_XLSX_TYPE;
    } else if (!strcmp(fmt, "csv")) {
        o.format = CT_REPORT_CSV;
        rs->type = "text/csv; charset=utf-8";
    } else {
        srv__fail(rs, 400, "format=%.20s: expected html, md, txt, xlsx or csv", fmt);
        return;
    }
    o.sector = sector && *sector ? sector : NULL;
    o.area = area && *area ? area : NULL;
    if (o.area && srv__check_label("area", o.area, 0, rs)) return;
    o.as_of = 0; /* judged as of the report's period, as the CLI does */
    ct_error err;
    rs->status = 200;
    rs->cacheable = 1;
    int n = ct_report(st, s->cat, &o, &rs->body, &err);
    if (n < 0) srv__fail(rs, n == CT_ENOENT ? 404 : n == CT_EINVAL ? 400 : 500, "%s", err.msg);
}

void srv__get_areas(srv *s, srv_resp *rs)
{
    ct_json j;
    srv__ok_json(rs, 200, &j);
    rs->cacheable = 1;
    ct_json_obj(&j);
    ct_json_key(&j, "areas");
    ct_json_arr(&j);
    const char *p = s->areas, *end = s->areas + s->areas_len;
    int header = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *tab = memchr(p, '\t', (size_t)(e - p));
        if (*p != '#' && tab && e > tab + 1) {
            if (!header && !strncmp(p, "kind\t", 5)) {
                header = 1;
            } else {
                size_t nl_ = (size_t)(e - tab - 1);
                if (nl_ && tab[nl_] == '\r') nl_--;
                const char *tab2 = memchr(tab + 1, '\t', nl_); /* variants follow */
                if (tab2) nl_ = (size_t)(tab2 - tab - 1);
                ct_json_obj(&j);
                ct_json_key(&j, "kind");
                ct_json_strn(&j, p, (size_t)(tab - p));
                ct_json_key(&j, "name");
                ct_json_strn(&j, tab + 1, nl_);
                ct_json_end(&j);
            }
        }
        p = e + 1;
    }
    ct_json_end(&j);
    ct_json_end(&j);
    ct_json_nl(&j);
}
