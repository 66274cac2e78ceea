/* api.c — the JSON API of `chitieu serve`: one request in, one response
 * out, no sockets (http.c carries them; fuzz_api calls this directly).
 *
 * Reads (GET, HEAD) are open unless the server runs with --read-token;
 * writes need a bearer token: editor to add documents and records, admin
 * to delete. A token is looked up by its SHA-256, never stored or logged.
 * Every error is a JSON object {"error": {"status", "message"}} with the
 * status that says what went wrong (400 malformed, 401 no or bad token,
 * 403 role, 404 unknown, 405 method, 413 body too large, 415 type, 422 a
 * body that parses but cannot be taken, 500 database).
 *
 * Writes run one at a time (srv.writing) in one transaction each: a
 * posted document and its records are stored whole or not at all, and a
 * text stored already (same SHA-256) is answered with the stored one, so
 * a retried POST never stores a document twice. dry_run=1 runs the same
 * transaction and the checks, then rolls back: the data-entry page checks
 * figures as they are typed this way. */
#include "server.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

const char *srv_arg_get(const srv_req *rq, const char *key)
{
    for (int i = 0; i < rq->nargs; i++)
        if (!strcmp(rq->args[i].key, key)) return rq->args[i].value ? rq->args[i].value : "";
    return NULL;
}

static void fail(srv_resp *rs, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(srv_resp *rs, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ct_buf_reset(&rs->body);
    rs->status = status;
    rs->type = "application/json";
    rs->cacheable = 0;
    ct_buf_printf(&rs->body, "{\"error\":{\"status\":%d,\"message\":", status);
    ct_buf_json_str(&rs->body, msg, strlen(msg));
    ct_buf_puts(&rs->body, "}}\n");
}

static void ok_json(srv_resp *rs, int status)
{
    rs->status = status;
    rs->type = "application/json";
}

static void jstr(ct_buf *b, const char *s)
{
    if (s)
        ct_buf_json_str(b, s, strlen(s));
    else
        ct_buf_puts(b, "null");
}

static void jdate(ct_buf *b, ct_date d)
{
    char s[CT_DATE_SIZE];
    ct_date_format(d, s, sizeof s);
    if (s[0])
        ct_buf_printf(b, "\"%s\"", s);
    else
        ct_buf_puts(b, "null");
}

static int is_true(const char *v)
{
    return v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes") || !*v);
}

/* ---- tokens -------------------------------------------------------------- */

typedef struct who {
    char name[80];
    int admin;
} who;

static int on_token(void *ud, const ct_token *t)
{
    who *w = ud;
    snprintf(w->name, sizeof w->name, "%s", t->name);
    w->admin = !strcmp(t->role, "admin");
    return 1;
}

/* need: 0 read, 1 editor, 2 admin. Returns 0 when allowed (rs->who set),
 * else -1 with the error response filled. */
static int authorize(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs, int need)
{
    if (need == 0 && !s->read_token) return 0;
    const char *a = rq->authorization;
    if (!a || !*a) {
        fail(rs, 401,
             need ? "this request changes data: it needs a token "
                    "(Authorization: Bearer ...; chitieu token create)"
                  : "this server requires a token for reads");
        return -1;
    }
    if (strncasecmp(a, "Bearer ", 7)) {
        fail(rs, 401, "Authorization: expected 'Bearer TOKEN'");
        return -1;
    }
    a += 7;
    while (*a == ' ')
        a++;
    size_t n = strlen(a);
    while (n && a[n - 1] == ' ')
        n--;
    if (n == 0 || n > 200) {
        fail(rs, 401, "unknown or revoked token");
        return -1;
    }
    char h[65];
    ct_store_hash(a, n, h);
    who w;
    memset(&w, 0, sizeof w);
    ct_error err;
    int rc = ct_store_token_find(st, h, on_token, &w, &err);
    if (rc == CT_ENOENT) {
        fail(rs, 401, "unknown or revoked token");
        return -1;
    }
    if (rc != CT_OK) {
        fail(rs, 500, "%s", err.msg);
        return -1;
    }
    snprintf(rs->who, sizeof rs->who, "%s", w.name);
    if (need == 2 && !w.admin) {
        fail(rs, 403, "token '%s' is an editor's: this needs an admin token", w.name);
        return -1;
    }
    return 0;
}

/* ---- records and findings as JSON ----------------------------------------- */

/* {"obs_id":..,"doc_id":..,"published":..., then the record contract}. */
static void obs_json(ct_buf *b, const ct_obs *o, ct_buf *tmp)
{
    ct_buf_reset(tmp);
    ct_render_json(tmp, &o->rec, o->doc);
    ct_buf_printf(b, "{\"obs_id\":%lld,\"doc_id\":%lld,\"published\":", o->id, o->doc_id);
    jdate(b, o->pub);
    if (tmp->len > 2 && tmp->data[0] == '{') {
        size_t n = tmp->len;
        while (n && (tmp->data[n - 1] == '\n'))
            n--;
        ct_buf_putc(b, ',');
        ct_buf_append(b, tmp->data + 1, n - 1);
    } else {
        ct_buf_putc(b, '}');
    }
}

typedef struct fout {
    ct_buf *b;
    ct_quoter q;
    long long n;
    const char *indicator; /* only this one's findings, or NULL */
} fout;

static int on_finding(void *ud, const ct_finding *f)
{
    fout *o = ud;
    if (o->indicator && strcmp(o->indicator, f->indicator)) return 0;
    size_t mark = o->b->len;
    if (o->n) ct_buf_putc(o->b, ',');
    ct_finding_json(o->b, f);
    /* drop its "}\n" to add the quoted sentences */
    if (o->b->len > mark && o->b->data[o->b->len - 1] == '\n') o->b->len--;
    if (o->b->len > mark && o->b->data[o->b->len - 1] == '}') o->b->len--;
    ct_buf_puts(o->b, ",\"quotes\":[");
    for (int k = 0; k < f->ndocs; k++) {
        const char *t;
        size_t tl;
        if (k) ct_buf_putc(o->b, ',');
        if (ct_quoter_get(&o->q, f, k, &t, &tl))
            ct_buf_json_str(o->b, t, tl);
        else
            ct_buf_puts(o->b, "null");
    }
    ct_buf_puts(o->b, "]}");
    o->n++;
    return 0;
}

/* The findings of the checker over cso as a JSON array appended to b. */
static int findings_json(srv *s, ct_store *st, const ct_check_opts *cso, const char *indicator,
                         ct_buf *b, ct_error *err, long long *count)
{
    fout o;
    memset(&o, 0, sizeof o);
    o.b = b;
    o.indicator = indicator;
    ct_quoter_init(&o.q, st, cso->fresh, cso->nfresh);
    ct_buf_putc(b, '[');
    int n = ct_check_store(st, s->cat, cso, on_finding, &o, err);
    ct_buf_putc(b, ']');
    ct_quoter_free(&o.q);
    if (count) *count = o.n;
    return n < 0 ? n : CT_OK;
}

/* ---- GET handlers ----------------------------------------------------------- */

static void get_health(srv *s, ct_store *st, srv_resp *rs)
{
    long long d = 0, o = 0, t = 0;
    ct_error err;
    if (ct_store_counts(st, &d, &o, &t, &err) != CT_OK) {
        fail(rs, 503, "database: %s", err.msg);
        return;
    }
    (void)s;
    ok_json(rs, 200);
    ct_buf_printf(&rs->body,
                  "{\"status\":\"ok\",\"schema\":%d,\"documents\":%lld,\"observations\":%lld,"
                  "\"targets\":%lld}\n",
                  ct_store_schema_version(st), d, o, t);
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

static void get_indicators(srv *s, ct_store *st, srv_resp *rs)
{
    counts c;
    memset(&c, 0, sizeof c);
    ct_error err;
    if (ct_store_indicators(st, on_ind, &c, &err) != CT_OK) {
        fail(rs, 500, "%s", err.msg);
        goto done;
    }
    ok_json(rs, 200);
    rs->cacheable = 1;
    ct_buf *b = &rs->body;
    ct_buf_puts(b, "{\"indicators\":[");
    char tmp[64], per[48];
    for (size_t i = 0; i < ct_catalog_count(s->cat); i++) {
        const ct_indicator *ind = ct_catalog_at(s->cat, i);
        long long n = 0;
        for (int k = 0; k < c.k; k++)
            if (!strcmp(c.code[k], ind->code)) n = c.n[k];
        if (i) ct_buf_putc(b, ',');
        const char *dot = strchr(ind->code, '.');
        ct_buf_puts(b, "{\"code\":");
        jstr(b, ind->code);
        ct_buf_puts(b, ",\"sector\":");
        ct_buf_json_str(b, ind->code, dot ? (size_t)(dot - ind->code) : strlen(ind->code));
        ct_buf_puts(b, ",\"name\":");
        jstr(b, ind->name_vi);
        ct_buf_puts(b, ",\"unit\":");
        jstr(b, ind->unit);
        ct_buf_printf(b, ",\"measure\":\"%s\",\"parts\":[",
                      ind->measure == CT_STOCK ? "stock" : "flow");
        for (int p = 0; p < 8 && ind->parts[p]; p++) {
            if (p) ct_buf_putc(b, ',');
            jstr(b, ind->parts[p]);
        }
        ct_buf_printf(b, "],\"observations\":%lld,\"latest\":", n);
        ct_series se;
        ct_period none = {0, 0, 0};
        if (n && ct_series_build(st, s->cat, ind->code, "", &none, &none, &se, &err) == CT_OK) {
            if (se.n) {
                const ct_series_row *r = &se.rows[se.n - 1];
                ct_period_format(&r->period, per, sizeof per);
                ct_decimal_json(r->chosen.value, tmp, sizeof tmp);
                ct_buf_printf(b, "{\"period\":\"%s\",\"value\":%s,\"unit\":", per, tmp);
                jstr(b, r->unit);
                const char *ap = ct_approx_name(r->chosen.approx);
                ct_buf_puts(b, ",\"approx\":");
                jstr(b, ap);
                ct_buf_puts(b, ",\"yoy\":");
                if (r->has_stated_yoy) {
                    ct_decimal_json(r->stated_yoy, tmp, sizeof tmp);
                    ct_buf_puts(b, tmp);
                } else if (r->has_computed_yoy)
                    ct_buf_printf(b, "%.2f", r->computed_yoy);
                else
                    ct_buf_puts(b, "null");
                ct_buf_printf(b, ",\"yoy_stated\":%s,\"conflict\":%s,\"doc\":",
                              r->has_stated_yoy ? "true" : "false", r->conflict ? "true" : "false");
                jstr(b, r->chosen.doc);
                ct_buf_putc(b, '}');
            } else
                ct_buf_puts(b, "null");
            ct_series_free(&se);
        } else
            ct_buf_puts(b, "null");
        ct_buf_putc(b, '}');
    }
    ct_buf_puts(b, "]}\n");
done:
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
        fail(rs, 400, "from=%.40s: expected a period (2023, 2023-Q1, 2023-S1, 2023-02...)", from);
        return -1;
    }
    if (to && *to && ct_period_parse(to, strlen(to), pt) != CT_OK) {
        fail(rs, 400, "to=%.40s: expected a period (2023, 2023-Q1, 2023-S1, 2023-02...)", to);
        return -1;
    }
    *area = srv_arg_get(rq, "area");
    if (!*area) *area = "";
    return 0;
}

static const ct_indicator *known(srv *s, const char *code, srv_resp *rs)
{
    const ct_indicator *ind = ct_catalog_find(s->cat, code);
    if (!ind) fail(rs, 404, "unknown indicator '%.80s' (GET /api/indicators lists them)", code);
    return ind;
}

static void get_series(srv *s, ct_store *st, const srv_req *rq, const char *code, srv_resp *rs)
{
    ct_period pf, pt;
    const char *area;
    if (!known(s, code, rs) || series_args(rq, rs, &pf, &pt, &area)) return;
    ct_series se;
    ct_error err;
    if (ct_series_build(st, s->cat, code, area, &pf, &pt, &se, &err) != CT_OK) {
        fail(rs, 500, "%s", err.msg);
        return;
    }
    ok_json(rs, 200);
    rs->cacheable = 1;
    ct_series_json(&rs->body, &se, area);
    ct_buf_putc(&rs->body, '\n');
    ct_series_free(&se);
}

static void get_chart(srv *s, ct_store *st, const srv_req *rq, const char *code, srv_resp *rs)
{
    ct_period pf, pt;
    const char *area;
    if (!known(s, code, rs) || series_args(rq, rs, &pf, &pt, &area)) return;
    const char *mo = srv_arg_get(rq, "months");
    int months = mo ? atoi(mo) : 0;
    if (months < 0 || months > 12) {
        fail(rs, 400, "months=%.20s: expected 1 to 12", mo);
        return;
    }
    ct_series se;
    ct_error err;
    ct_chart_band bands[16];
    int nb = 0;
    if (ct_series_build(st, s->cat, code, area, &pf, &pt, &se, &err) != CT_OK) {
        fail(rs, 500, "%s", err.msg);
        return;
    }
    if (!*area && (nb = ct_chart_bands(st, s->cat, code, bands, 16, &err)) < 0) nb = 0;
    ct_chart_opts o = {0, 0, months, bands, nb};
    rs->status = 200;
    rs->type = "image/svg+xml";
    rs->cacheable = 1;
    if (ct_chart_svg(&rs->body, &se, &o) < 0) fail(rs, 500, "out of memory");
    ct_series_free(&se);
}

typedef struct oq {
    ct_buf *b, tmp;
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
    if (q->n++) ct_buf_putc(q->b, ',');
    obs_json(q->b, o, &q->tmp);
    return 0;
}

typedef struct docref {
    long long id;
    char name[128];
    char source[256];
    char sha[65];
    char ingested[32];
    ct_date pub;
    ct_buf *text; /* filled when not NULL */
} docref;

static int on_docref(void *ud, const ct_docinfo *d)
{
    docref *r = ud;
    r->id = d->id;
    snprintf(r->name, sizeof r->name, "%s", d->name ? d->name : "");
    snprintf(r->source, sizeof r->source, "%s", d->source ? d->source : "");
    snprintf(r->sha, sizeof r->sha, "%s", d->sha256);
    snprintf(r->ingested, sizeof r->ingested, "%s", d->ingested ? d->ingested : "");
    r->pub = d->pub;
    if (r->text) ct_buf_append(r->text, d->text ? d->text : "", d->text_len);
    return 1;
}

/* The document named key (name or id): 0, or -1 after a 404 / 500. */
static int find_doc(ct_store *st, const char *key, docref *r, srv_resp *rs)
{
    ct_error err;
    if (!key || !*key || strlen(key) > 120) {
        fail(rs, 404, "no such document");
        return -1;
    }
    int rc = ct_store_doc_get(st, key, on_docref, r, &err);
    if (rc == CT_ENOENT || (rc == CT_OK && !r->id)) {
        fail(rs, 404, "no document '%.120s'", key);
        return -1;
    }
    if (rc != CT_OK) {
        fail(rs, 500, "%s", err.msg);
        return -1;
    }
    return 0;
}

static void get_observations(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    const char *ind = srv_arg_get(rq, "indicator"), *per = srv_arg_get(rq, "period"),
               *doc = srv_arg_get(rq, "doc"), *lim = srv_arg_get(rq, "limit");
    oq q;
    memset(&q, 0, sizeof q);
    q.b = &rs->body;
    q.area = srv_arg_get(rq, "area");
    q.limit = lim ? atoll(lim) : 10000;
    if (q.limit <= 0 || q.limit > 100000) {
        fail(rs, 400, "limit=%.20s: expected 1 to 100000", lim);
        return;
    }
    if (ind && *ind && !known(s, ind, rs)) return;
    if (per && *per) {
        if (ct_period_parse(per, strlen(per), &q.per) != CT_OK) {
            fail(rs, 400, "period=%.40s: expected a period (2023, 2023-Q1, 2023-02...)", per);
            return;
        }
        q.has_per = 1;
    }
    ct_obs_query oq_ = {ind && *ind ? ind : NULL, 0, 0};
    if (doc && *doc) {
        docref r;
        memset(&r, 0, sizeof r);
        if (find_doc(st, doc, &r, rs)) return;
        oq_.doc_id = r.id;
    }
    ok_json(rs, 200);
    rs->cacheable = 1;
    ct_buf_puts(&rs->body, "{\"observations\":[");
    ct_error err;
    int rc = ct_store_records(st, s->cat, &oq_, on_obs, &q, &err);
    ct_buf_free(&q.tmp);
    if (rc != CT_OK) {
        fail(rs, 500, "%s", err.msg);
        return;
    }
    ct_buf_printf(&rs->body, "],\"count\":%lld,\"truncated\":%s}\n", q.n,
                  q.n == q.limit ? "true" : "false");
}

/* The fields every document answer starts with (the object left open). */
static void doc_head(ct_buf *b, long long id, const char *name, const char *source, ct_date pub,
                     const char *ingested, const char *sha)
{
    ct_buf_printf(b, "{\"id\":%lld,\"name\":", id);
    jstr(b, name);
    ct_buf_puts(b, ",\"source\":");
    jstr(b, source);
    ct_buf_puts(b, ",\"published\":");
    jdate(b, pub);
    ct_buf_puts(b, ",\"ingested\":");
    jstr(b, ingested);
    ct_buf_printf(b, ",\"sha256\":\"%s\"", sha);
}

static int on_doc_row(void *ud, const ct_docinfo *d)
{
    srv_resp *rs = ud;
    ct_buf *b = &rs->body;
    if (b->data && b->data[b->len - 1] != '[') ct_buf_putc(b, ',');
    doc_head(b, d->id, d->name, d->source, d->pub, d->ingested, d->sha256);
    ct_buf_printf(b, ",\"observations\":%lld,\"targets\":%lld}", d->nobs, d->ntargets);
    return 0;
}

static void get_documents(ct_store *st, srv_resp *rs)
{
    ok_json(rs, 200);
    rs->cacheable = 1;
    ct_buf_puts(&rs->body, "{\"documents\":[");
    ct_error err;
    if (ct_store_docs(st, 0, on_doc_row, rs, &err) != CT_OK) {
        fail(rs, 500, "%s", err.msg);
        return;
    }
    ct_buf_puts(&rs->body, "]}\n");
}

/* {"document": {...}, "records": [...]} of a stored document. */
static int doc_json(srv *s, ct_store *st, const docref *r, const ct_buf *text, ct_buf *b,
                    ct_error *err)
{
    doc_head(b, r->id, r->name, r->source, r->pub, r->ingested, r->sha);
    if (text) {
        ct_buf_puts(b, ",\"text\":");
        ct_buf_json_str(b, text->data ? text->data : "", text->len);
    }
    ct_buf_puts(b, ",\"records\":[");
    oq q;
    memset(&q, 0, sizeof q);
    q.b = b;
    q.limit = -1;
    int rc = CT_OK;
    for (int t = 0; t < 2 && rc == CT_OK; t++) {
        ct_obs_query oq_ = {NULL, r->id, t};
        rc = ct_store_records(st, s->cat, &oq_, on_obs, &q, err);
    }
    ct_buf_free(&q.tmp);
    ct_buf_puts(b, "]}");
    return rc;
}

static void get_document(srv *s, ct_store *st, const char *key, srv_resp *rs)
{
    ct_buf text;
    ct_buf_init(&text);
    docref r;
    memset(&r, 0, sizeof r);
    r.text = &text;
    if (find_doc(st, key, &r, rs) == 0) {
        ok_json(rs, 200);
        rs->cacheable = 1;
        ct_error err;
        if (doc_json(s, st, &r, &text, &rs->body, &err) != CT_OK)
            fail(rs, 500, "%s", err.msg);
        else
            ct_buf_putc(&rs->body, '\n');
    }
    ct_buf_free(&text);
}

static void get_findings(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    const char *ind = srv_arg_get(rq, "indicator"), *doc = srv_arg_get(rq, "doc");
    if (ind && *ind && !known(s, ind, rs)) return;
    ct_check_opts co = {1, NULL, 0, NULL, 0};
    long long id = 0;
    if (doc && *doc) {
        docref r;
        memset(&r, 0, sizeof r);
        if (find_doc(st, doc, &r, rs)) return;
        id = r.id;
        co.all = 0;
        co.judged = &id;
        co.njudged = 1;
    }
    ok_json(rs, 200);
    rs->cacheable = 1;
    ct_buf_puts(&rs->body, "{\"findings\":");
    ct_error err;
    long long n = 0;
    if (findings_json(s, st, &co, ind && *ind ? ind : NULL, &rs->body, &err, &n) != CT_OK) {
        fail(rs, 500, "%s", err.msg);
        return;
    }
    ct_buf_printf(&rs->body, ",\"count\":%lld}\n", n);
}

typedef struct tq {
    ct_buf *b;
    int n;
} tq;

static int on_target_eval(void *ud, const ct_target_eval *e)
{
    tq *q = ud;
    if (q->n++) ct_buf_putc(q->b, ',');
    ct_target_eval_json(q->b, e);
    return 0;
}

static void get_targets(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    const char *year = srv_arg_get(rq, "year"), *asof = srv_arg_get(rq, "as_of");
    int y = 0, m;
    if (year && *year && ((y = atoi(year)) < 1900 || y > 2200)) {
        fail(rs, 400, "year=%.20s: expected a year", year);
        return;
    }
    ct_date ad;
    if (asof && *asof) {
        if (ct_date_parse(asof, &ad)) {
            fail(rs, 400, "as_of=%.20s: expected YYYY-MM", asof);
            return;
        }
        m = CT_MONTH(ad.y, ad.m);
    } else {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        m = CT_MONTH(tm.tm_year + 1900, tm.tm_mon + 1);
    }
    ok_json(rs, 200);
    rs->cacheable = 1;
    ct_buf_printf(&rs->body, "{\"as_of\":\"%04d-%02d\",\"targets\":[", CT_YEAR_OF(m), CT_MON_OF(m));
    tq q = {&rs->body, 0};
    ct_error err;
    if (ct_targets_eval(st, s->cat, y, m, on_target_eval, &q, &err) != CT_OK) {
        fail(rs, 500, "%s", err.msg);
        return;
    }
    ct_buf_puts(&rs->body, "]}\n");
}

static void get_report(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    const char *per = srv_arg_get(rq, "period"), *fmt = srv_arg_get(rq, "format"),
               *sector = srv_arg_get(rq, "sector");
    ct_report_opts o;
    memset(&o, 0, sizeof o);
    if (per && *per && ct_period_parse(per, strlen(per), &o.period) != CT_OK) {
        fail(rs, 400, "period=%.40s: expected a period (2024-Q1, 2024-S1, 2024...)", per);
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
    } else {
        fail(rs, 400, "format=%.20s: expected html, md or txt", fmt);
        return;
    }
    o.sector = sector && *sector ? sector : NULL;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    o.as_of = CT_MONTH(tm.tm_year + 1900, tm.tm_mon + 1);
    ct_error err;
    rs->status = 200;
    rs->cacheable = 1;
    if (ct_report(st, s->cat, &o, &rs->body, &err) < 0) fail(rs, 500, "%s", err.msg);
}

static void get_areas(srv *s, srv_resp *rs)
{
    ok_json(rs, 200);
    rs->cacheable = 1;
    ct_buf *b = &rs->body;
    ct_buf_puts(b, "{\"areas\":[");
    const char *p = s->areas, *end = s->areas + s->areas_len;
    int n = 0, header = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *tab = memchr(p, '\t', (size_t)(e - p));
        if (*p != '#' && tab && e > tab + 1) {
            if (!header && !strncmp(p, "kind\t", 5))
                header = 1;
            else {
                if (n++) ct_buf_putc(b, ',');
                ct_buf_puts(b, "{\"kind\":");
                ct_buf_json_str(b, p, (size_t)(tab - p));
                ct_buf_puts(b, ",\"name\":");
                size_t nl_ = (size_t)(e - tab - 1);
                if (nl_ && tab[nl_] == '\r') nl_--;
                ct_buf_json_str(b, tab + 1, nl_);
                ct_buf_putc(b, '}');
            }
        }
        p = e + 1;
    }
    ct_buf_puts(b, "]}\n");
}

/* ---- writes ---------------------------------------------------------------- */

static int keep_err(srv_resp *rs, const ct_error *err)
{
    fail(rs, err->code == CT_ENOMEM ? 503 : 500, "%s", err->msg);
    return -1;
}

/* Bodies of POST /api/documents: the text itself (text/plain, with name,
 * published and source as query arguments) or a JSON object with text,
 * name, published, source. */
typedef struct upload {
    const char *text;
    size_t len;
    char name[128], source[256];
    ct_date pub;
    json_t *json;
} upload;

static int read_upload(const srv_req *rq, srv_resp *rs, upload *u)
{
    memset(u, 0, sizeof *u);
    const char *ct = rq->content_type ? rq->content_type : "";
    const char *name = srv_arg_get(rq, "name"), *pub = srv_arg_get(rq, "published"),
               *source = srv_arg_get(rq, "source");
    if (!strncasecmp(ct, "application/json", 16)) {
        json_error_t je;
        u->json = json_loadb(rq->body ? rq->body : "", rq->body_len, JSON_REJECT_DUPLICATES, &je);
        if (!u->json) {
            fail(rs, 400, "body:%d:%d: %s", je.line, je.column, je.text);
            return -1;
        }
        if (!json_is_object(u->json)) {
            fail(rs, 400, "body: expected a JSON object with \"text\"");
            return -1;
        }
        json_t *t = json_object_get(u->json, "text");
        if (!json_is_string(t)) {
            fail(rs, 422, "body: \"text\" must be a string");
            return -1;
        }
        u->text = json_string_value(t);
        u->len = json_string_length(t);
        json_t *v;
        if ((v = json_object_get(u->json, "name")) && json_is_string(v))
            name = json_string_value(v);
        if ((v = json_object_get(u->json, "published")) && json_is_string(v))
            pub = json_string_value(v);
        if ((v = json_object_get(u->json, "source")) && json_is_string(v))
            source = json_string_value(v);
    } else if (!*ct || !strncasecmp(ct, "text/plain", 10)) {
        u->text = rq->body ? rq->body : "";
        u->len = rq->body_len;
    } else {
        fail(rs, 415, "Content-Type %.60s: send text/plain or application/json", ct);
        return -1;
    }
    if (u->len == 0) {
        fail(rs, 422, "empty document");
        return -1;
    }
    if (pub && *pub && ct_date_parse(pub, &u->pub)) {
        fail(rs, 400, "published=%.20s: expected YYYY-MM-DD or YYYY-MM", pub);
        return -1;
    }
    if (name && *name) {
        /* a name is a label: printable, no path */
        size_t n = strlen(name);
        if (n > 100 || strpbrk(name, "/\\\r\n\t")) {
            fail(rs, 400, "name: at most 100 bytes, no '/', '\\' or control characters");
            return -1;
        }
        snprintf(u->name, sizeof u->name, "%s", name);
    }
    if (source && *source) snprintf(u->source, sizeof u->source, "%.255s", source);
    return 0;
}

/* The end of a write made under s->writing in session g (rc its outcome
 * so far): a dry run is checked as if stored, then rolled back; else
 * committed, and the new documents checked after the lock is let go. The
 * findings of the judged documents go to out as a JSON array; changed
 * says new data was committed (the caches' generation moves). The ids
 * of the documents stored are copied to *ids (caller frees). */
static int end_write(srv *s, ct_store *st, srv_resp *rs, ct_ingest *g, int rc, int dry,
                     long long **ids, size_t *nids, ct_buf *out, ct_error *err)
{
    size_t n = 0;
    const long long *v = g ? ct_ingest_ids(g, &n) : NULL;
    *ids = NULL;
    *nids = 0;
    if (n && !(*ids = malloc(n * sizeof **ids)))
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    if (*ids) memcpy(*ids, v, n * sizeof **ids), *nids = n;
    ct_check_opts co = {0, *ids, *nids, NULL, 0};
    if (rc == CT_OK && dry) {
        rc = *nids ? findings_json(s, st, &co, NULL, out, err, NULL)
                   : (ct_buf_puts(out, "[]"), CT_OK);
        ct_ingest_rollback(g);
    } else if (rc == CT_OK) {
        rc = ct_ingest_commit(g, NULL, err);
    } else if (g) {
        ct_ingest_rollback(g);
    }
    if (rc == CT_OK && *nids && !dry) {
        rs->changed = 1;
        atomic_fetch_add(&s->gen, 1);
    }
    ct_ingest_free(g);
    pthread_mutex_unlock(&s->writing);
    if (rc == CT_OK && !dry)
        rc = *nids ? findings_json(s, st, &co, NULL, out, err, NULL)
                   : (ct_buf_puts(out, "[]"), CT_OK);
    return rc;
}

/* Begin a write: the lock, and a session holding one transaction. */
static int begin_write(srv *s, ct_store *st, ct_ingest **g, ct_error *err)
{
    ct_ingest_opts io = {0, 0, 1};
    pthread_mutex_lock(&s->writing);
    return ct_ingest_new(st, s->cat, &io, g, err);
}

/* The records of a document extracted but not stored, as JSON. */
static void dry_doc_json(ct_buf *b, const ct_doc *d, const char *sha)
{
    ct_buf_printf(b, "{\"id\":null,\"name\":");
    jstr(b, d->name);
    ct_buf_printf(b, ",\"sha256\":\"%s\",\"records\":[", sha);
    ct_buf tmp;
    ct_buf_init(&tmp);
    for (size_t k = 0; k < d->nrecs; k++) {
        if (k) ct_buf_putc(b, ',');
        ct_buf_reset(&tmp);
        ct_render_json(&tmp, &d->recs[k], d->name);
        if (tmp.len) ct_buf_append(b, tmp.data, tmp.len - 1);
    }
    ct_buf_free(&tmp);
    ct_buf_puts(b, "]}");
}

/* The answer to a POSTed document: stored (or found), with its findings. */
static void doc_answer(srv *s, ct_store *st, srv_resp *rs, const ct_doc *d, const char *sha,
                       long long id, int fresh, int dry, const ct_buf *out)
{
    ok_json(rs, fresh && !dry ? 201 : 200);
    ct_buf *b = &rs->body;
    ct_buf_printf(b,
                  "{\"stored\":%s,\"dry_run\":%s,\"document\":", fresh && !dry ? "true" : "false",
                  dry ? "true" : "false");
    ct_error err;
    if (dry) {
        /* the records as extracted: nothing in the database to point at */
        dry_doc_json(b, d, sha);
    } else {
        docref r;
        memset(&r, 0, sizeof r);
        char key[32];
        snprintf(key, sizeof key, "%lld", id);
        if (ct_store_doc_get(st, key, on_docref, &r, &err) != CT_OK ||
            doc_json(s, st, &r, NULL, b, &err) != CT_OK)
            keep_err(rs, &err);
    }
    if (rs->status < 300) {
        ct_buf_append(b, out->data ? out->data : "", out->len);
        ct_buf_puts(b, "}\n");
    }
}

static void post_document(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    if (authorize(s, st, rq, rs, 1)) return;
    upload u;
    int dry = is_true(srv_arg_get(rq, "dry_run"));
    if (read_upload(rq, rs, &u)) {
        json_decref(u.json);
        return;
    }
    char sha[65];
    ct_store_hash(u.text, u.len, sha);
    if (!u.name[0]) snprintf(u.name, sizeof u.name, "upload-%.12s", sha);
    if (!u.source[0]) snprintf(u.source, sizeof u.source, "token:%s", rs->who);
    /* extract first, outside the write lock: it is the CPU's work */
    ct_doc d;
    memset(&d, 0, sizeof d);
    int rc = ct_doc_set(&d, u.name, u.text, u.len, u.pub);
    json_decref(u.json);
    ct_error err;
    if (rc != CT_OK) {
        fail(rs, 503, "out of memory");
        ct_doc_free(&d);
        return;
    }
    rc = ct_doc_extract(s->cat, &d, &err);
    if (rc != CT_OK) {
        if (rc == CT_EUTF8 || rc == CT_EBINARY)
            fail(rs, 422, "body:%lld: %s", err.offset,
                 rc == CT_EBINARY ? "binary data (NUL byte), not text" : "invalid UTF-8");
        else
            keep_err(rs, &err);
        ct_doc_free(&d);
        return;
    }
    ct_ingest *g = NULL;
    ct_ingest_result res;
    memset(&res, 0, sizeof res);
    rc = begin_write(s, st, &g, &err);
    if (rc == CT_OK) rc = ct_ingest_doc(g, &d, u.source, &res, &err);
    long long *ids = NULL, id = res.id;
    size_t nids = 0;
    ct_buf out;
    ct_buf_init(&out);
    ct_buf_puts(&out, ",\"findings\":");
    if (rc == CT_OK && res.same) {
        /* stored already: the findings of the stored document */
        ct_ingest_free(g);
        pthread_mutex_unlock(&s->writing);
        ct_check_opts co = {0, &id, 1, NULL, 0};
        rc = findings_json(s, st, &co, NULL, &out, &err, NULL);
    } else {
        rc = end_write(s, st, rs, g, rc, dry, &ids, &nids, &out, &err);
    }
    if (rc != CT_OK)
        keep_err(rs, &err);
    else
        doc_answer(s, st, rs, &d, sha, id, !res.same, dry, &out);
    free(ids);
    ct_buf_free(&out);
    ct_doc_free(&d);
}

typedef struct bad {
    ct_buf *b;
    long n;
} bad;

static void on_bad(void *ud, long line, const char *why)
{
    bad *x = ud;
    if (x->n++ >= 100) return;
    if (x->n > 1) ct_buf_putc(x->b, ',');
    ct_buf_printf(x->b, "{\"line\":%ld,\"why\":", line);
    jstr(x->b, why);
    ct_buf_putc(x->b, '}');
}

static void post_import(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    if (authorize(s, st, rq, rs, 1)) return;
    const char *fmt = srv_arg_get(rq, "format"), *ct = rq->content_type ? rq->content_type : "";
    int csv;
    if (fmt && *fmt)
        csv = !strcmp(fmt, "csv") ? 1 : !strcmp(fmt, "jsonl") ? 0 : -1;
    else if (!strncasecmp(ct, "text/csv", 8))
        csv = 1;
    else if (!strncasecmp(ct, "application/x-ndjson", 20) ||
             !strncasecmp(ct, "application/jsonl", 17) || !strncasecmp(ct, "application/json", 16))
        csv = 0;
    else
        csv = -2;
    if (csv == -1) {
        fail(rs, 400, "format=%.20s: expected csv or jsonl", fmt);
        return;
    }
    if (csv == -2) {
        fail(rs, 415, "Content-Type %.60s: send text/csv or application/x-ndjson (or format=)",
             *ct ? ct : "(none)");
        return;
    }
    const char *body = rq->body ? rq->body : "";
    size_t vl = ct_utf8_valid_prefix(body, rq->body_len);
    if (vl != rq->body_len) {
        fail(rs, 422, "body:%zu: invalid UTF-8", vl);
        return;
    }
    int dry = is_true(srv_arg_get(rq, "dry_run")), skip = is_true(srv_arg_get(rq, "skip_bad"));
    char sha[65], doc[64], source[128];
    ct_store_hash(body, rq->body_len, sha);
    const char *dn = srv_arg_get(rq, "doc");
    if (dn && (strlen(dn) > 60 || strpbrk(dn, "/\\\r\n\t"))) {
        fail(rs, 400, "doc: at most 60 bytes, no '/', '\\' or control characters");
        return;
    }
    snprintf(doc, sizeof doc, "%s", dn && *dn ? dn : "");
    if (!doc[0]) snprintf(doc, sizeof doc, "import-%.12s", sha);
    snprintf(source, sizeof source, "token:%s", rs->who);
    ct_buf bads;
    ct_buf_init(&bads);
    bad bx = {&bads, 0};
    ct_import im;
    memset(&im, 0, sizeof im);
    if (ct_import_read(s->cat, body, rq->body_len, csv, doc, on_bad, &bx, &im) != CT_OK) {
        fail(rs, 503, "out of memory");
        ct_buf_free(&bads);
        return;
    }
    if (im.bad && !skip) {
        fail(rs, 422, "%ld bad row%s: nothing stored (skip_bad=1 stores the others)", im.bad,
             im.bad == 1 ? "" : "s");
        /* the refused rows, line by line, inside the error object */
        rs->body.len -= 3; /* "}}\n" */
        ct_buf_puts(&rs->body, ",\"rows\":[");
        ct_buf_append(&rs->body, bads.data ? bads.data : "", bads.len);
        ct_buf_puts(&rs->body, "]}}\n");
        ct_buf_free(&bads);
        ct_import_free(&im);
        return;
    }
    if (im.n == 0) {
        fail(rs, 422, "no rows");
        ct_buf_free(&bads);
        ct_import_free(&im);
        return;
    }
    ct_error err;
    ct_ingest_counts c = {0, 0, 0, 0, 0};
    long long *ids = NULL;
    size_t nids = 0;
    ct_buf out;
    ct_buf_init(&out);
    ct_ingest *g = NULL;
    int rc = begin_write(s, st, &g, &err);
    if (rc == CT_OK) rc = ct_ingest_rows(g, &im, source, &c, &err);
    rc = end_write(s, st, rs, g, rc, dry, &ids, &nids, &out, &err);
    if (rc != CT_OK)
        keep_err(rs, &err);
    else {
        ok_json(rs, c.docs && !dry ? 201 : 200);
        ct_buf *b = &rs->body;
        ct_buf_printf(b,
                      "{\"dry_run\":%s,\"documents\":%lld,\"records\":%lld,\"unchanged\":%lld,"
                      "\"bad\":%ld,\"doc_ids\":[",
                      dry ? "true" : "false", c.docs, c.obs, c.same, im.bad);
        for (size_t i = 0; i < nids && !dry; i++)
            ct_buf_printf(b, "%s%lld", i ? "," : "", ids[i]);
        ct_buf_puts(b, "],\"bad_rows\":[");
        ct_buf_append(b, bads.data ? bads.data : "", bads.len);
        ct_buf_puts(b, "],\"findings\":");
        ct_buf_append(b, out.data ? out.data : "[]", out.data ? out.len : 2);
        ct_buf_puts(b, "}\n");
    }
    free(ids);
    ct_buf_free(&out);
    ct_buf_free(&bads);
    ct_import_free(&im);
}

static void delete_document(srv *s, ct_store *st, const srv_req *rq, const char *key, srv_resp *rs)
{
    if (authorize(s, st, rq, rs, 2)) return;
    docref r;
    memset(&r, 0, sizeof r);
    if (find_doc(st, key, &r, rs)) return;
    ct_error err;
    pthread_mutex_lock(&s->writing);
    int rc = ct_store_begin(st, &err);
    if (rc == CT_OK) rc = ct_store_doc_delete(st, r.id, &err);
    if (rc == CT_OK)
        rc = ct_store_commit(st, &err);
    else
        ct_store_rollback(st);
    if (rc == CT_OK) {
        rs->changed = 1;
        atomic_fetch_add(&s->gen, 1);
    }
    pthread_mutex_unlock(&s->writing);
    if (rc == CT_ENOENT)
        fail(rs, 404, "no document '%.120s'", key);
    else if (rc != CT_OK)
        keep_err(rs, &err);
    else {
        ok_json(rs, 200);
        ct_buf_printf(&rs->body, "{\"deleted\":%lld,\"name\":", r.id);
        jstr(&rs->body, r.name);
        ct_buf_puts(&rs->body, "}\n");
    }
}

/* ---- routing ----------------------------------------------------------------- */

/* path after prefix, when path starts with it and the rest is one segment */
static const char *segment(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) || !path[n] || strchr(path + n, '/')) return NULL;
    return path + n;
}

static int method_is(const srv_req *rq, const char *m)
{
    return !strcmp(rq->method, m) || (!strcmp(m, "GET") && !strcmp(rq->method, "HEAD"));
}

static void wrong_method(srv_resp *rs, const char *allow)
{
    fail(rs, 405, "method not allowed here (allowed: %s)", allow);
    snprintf(rs->allow, sizeof rs->allow, "%s", allow);
}

void srv_api(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    const char *p = rq->path, *seg;
    rs->status = 0;
    rs->cacheable = 0;
    rs->changed = 0;
    rs->who[0] = rs->allow[0] = '\0';
    int get = method_is(rq, "GET");
    if (!strcmp(p, "/healthz")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        return get_health(s, st, rs);
    }
    if (strncmp(p, "/api/", 5)) {
        fail(rs, 404, "no such page");
        return;
    }
    if (get && authorize(s, st, rq, rs, 0)) return;
    if (!strcmp(p, "/api/indicators")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        get_indicators(s, st, rs);
    } else if ((seg = segment(p, "/api/series/"))) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        get_series(s, st, rq, seg, rs);
    } else if ((seg = segment(p, "/api/chart/"))) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        size_t n = strlen(seg);
        if (n < 5 || strcmp(seg + n - 4, ".svg")) {
            fail(rs, 404, "charts are /api/chart/CODE.svg");
            return;
        }
        char code[128];
        snprintf(code, sizeof code, "%.*s", (int)(n - 4 < 127 ? n - 4 : 127), seg);
        get_chart(s, st, rq, code, rs);
    } else if (!strcmp(p, "/api/observations")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        get_observations(s, st, rq, rs);
    } else if (!strcmp(p, "/api/documents")) {
        if (get)
            get_documents(st, rs);
        else if (!strcmp(rq->method, "POST"))
            post_document(s, st, rq, rs);
        else
            wrong_method(rs, "GET, HEAD, POST");
    } else if ((seg = segment(p, "/api/documents/"))) {
        if (get)
            get_document(s, st, seg, rs);
        else if (!strcmp(rq->method, "DELETE"))
            delete_document(s, st, rq, seg, rs);
        else
            wrong_method(rs, "GET, HEAD, DELETE");
    } else if (!strcmp(p, "/api/findings")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        get_findings(s, st, rq, rs);
    } else if (!strcmp(p, "/api/targets")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        get_targets(s, st, rq, rs);
    } else if (!strcmp(p, "/api/report")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        get_report(s, st, rq, rs);
    } else if (!strcmp(p, "/api/areas")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        get_areas(s, rs);
    } else if (!strcmp(p, "/api/import")) {
        if (strcmp(rq->method, "POST")) return wrong_method(rs, "POST");
        post_import(s, st, rq, rs);
    } else {
        fail(rs, 404, "no such API endpoint: %.100s", p);
    }
    if (rs->body.oom) fail(rs, 503, "out of memory");
}
