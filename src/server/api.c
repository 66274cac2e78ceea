/* api.c — the JSON API of `chitieu serve`: one request in, one response
 * out, no sockets (http.c carries them; fuzz_api and the data-file tests
 * call srv_api directly). This file routes, checks tokens and writes
 * errors; api_read.c answers the reads, api_write.c the writes.
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
 * a retried POST never stores a document twice. dry_run=1 checks the
 * documents as if stored, writing nothing and holding no lock: the
 * data-entry page checks figures as they are typed this way. */
#include "api_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *srv_arg_get(const srv_req *rq, const char *key)
{
    for (int i = 0; i < rq->nargs; i++)
        if (!strcmp(rq->args[i].key, key)) return rq->args[i].value ? rq->args[i].value : "";
    return NULL;
}

void srv__fail_open(srv_resp *rs, ct_json *j, int status, const char *msg)
{
    ct_buf_reset(&rs->body);
    rs->status = status;
    rs->type = "application/json";
    rs->cacheable = 0;
    ct_json_init(j, &rs->body);
    ct_json_obj(j);
    ct_json_key(j, "error");
    ct_json_obj(j);
    ct_json_kll(j, "status", status);
    ct_json_kstr(j, "message", msg);
}

void srv__fail(srv_resp *rs, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ct_json j;
    srv__fail_open(rs, &j, status, msg);
    ct_json_end(&j);
    ct_json_end(&j);
    ct_json_nl(&j);
}

int srv__keep_err(srv_resp *rs, const ct_error *err)
{
    srv__fail(rs, err->code == CT_ENOMEM ? 503 : 500, "%s", err->msg);
    return -1;
}

void srv__ok_json(srv_resp *rs, int status, ct_json *j)
{
    rs->status = status;
    rs->type = "application/json";
    if (j) ct_json_init(j, &rs->body);
}

int srv__flag(const srv_req *rq, const char *key, int *on, srv_resp *rs)
{
    const char *v = srv_arg_get(rq, key);
    *on = 0;
    if (!v) return 0;
    if (!*v || !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes")) {
        *on = 1;
        return 0;
    }
    if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no")) return 0;
    srv__fail(rs, 400, "%s=%.20s: expected 1, true, yes (or 0, false, no)", key, v);
    return -1;
}

int srv__check_label(const char *field, const char *v, int name, srv_resp *rs)
{
    const char *why = ct_store_label_why(v, name);
    if (!why) return 0;
    srv__fail(rs, 400, "%s: %s", field, why);
    return -1;
}

int srv__int_arg(const srv_req *rq, const char *key, long long lo, long long hi, long long dflt,
                 long long *v, srv_resp *rs)
{
    const char *a = srv_arg_get(rq, key);
    *v = dflt;
    if (!a) return 0;
    long long n = 0;
    const char *p = a;
    for (; *p >= '0' && *p <= '9' && n <= hi; p++)
        n = n * 10 + (*p - '0');
    if (p == a || *p || n < lo || n > hi) {
        srv__fail(rs, 400, "%s=%.20s: expected a whole number from %lld to %lld", key, a, lo, hi);
        return -1;
    }
    *v = n;
    return 0;
}

const ct_indicator *srv__known(srv *s, const char *code, srv_resp *rs)
{
    const ct_indicator *ind = ct_catalog_find(s->cat, code);
    if (!ind)
        srv__fail(rs, 404, "unknown indicator '%.80s' (GET /api/indicators lists them)", code);
    return ind;
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

int srv__authorize(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs, int need)
{
    if (need == 0 && !s->read_token) return 0;
    const char *a = rq->authorization;
    if (!a || !*a) {
        srv__fail(rs, 401,
                  need ? "this request changes data: it needs a token "
                         "(Authorization: Bearer ...; chitieu token create)"
                       : "this server requires a token for reads");
        return -1;
    }
    if (strncasecmp(a, "Bearer ", 7)) {
        srv__fail(rs, 401, "Authorization: expected 'Bearer TOKEN'");
        return -1;
    }
    a += 7;
    while (*a == ' ')
        a++;
    size_t n = strlen(a);
    while (n && a[n - 1] == ' ')
        n--;
    if (n == 0 || n > 200) {
        srv__fail(rs, 401, "unknown or revoked token");
        return -1;
    }
    char h[65];
    ct_store_hash(a, n, h);
    who w;
    memset(&w, 0, sizeof w);
    ct_error err;
    int rc = ct_store_token_find(st, h, on_token, &w, &err);
    if (rc == CT_ENOENT) {
        srv__fail(rs, 401, "unknown or revoked token");
        return -1;
    }
    if (rc != CT_OK) {
        srv__fail(rs, 500, "%s", err.msg);
        return -1;
    }
    snprintf(rs->who, sizeof rs->who, "%s", w.name);
    if (need == 2 && !w.admin) {
        srv__fail(rs, 403, "token '%s' is an editor's: this needs an admin token", w.name);
        return -1;
    }
    return 0;
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
    srv__fail(rs, 405, "method not allowed here (allowed: %s)", allow);
    snprintf(rs->allow, sizeof rs->allow, "%s", allow);
}

/* ---- arguments ----------------------------------------------------------------
 * The query arguments each endpoint takes: any other, or one given twice,
 * is a 400, so that a typo is not silently ignored and the cache keeps
 * only answers to requests that mean something. A new argument joins its
 * endpoint's line. "format" of the data reads is json or csv. */

static const char *const args_none[] = {NULL};
static const char *const args_indicators[] = {"format", NULL};
static const char *const args_series[] = {"from", "to", "area", "format", NULL};
static const char *const args_chart[] = {"from", "to", "area", "months", NULL};
static const char *const args_observations[] = {"indicator", "period", "doc", "area",
                                                "limit",     "format", NULL};
static const char *const args_documents_get[] = {"format", NULL};
static const char *const args_documents_post[] = {"name", "published", "source", "dry_run",
                                                  "area", "replace",   NULL};
static const char *const args_document[] = {NULL};
static const char *const args_findings[] = {"indicator", "doc", "status", "format", NULL};
static const char *const args_targets[] = {"year", "as_of", "format", NULL};
static const char *const args_report[] = {"period", "format", "sector", "area", NULL};
static const char *const args_compare[] = {"a", "b", "sector", "area", "format", NULL};
static const char *const args_reviews_get[] = {"doc", NULL};
static const char *const args_reviews_post[] = {"action", "id",   "indicator", "period", "value",
                                                "area",   "note", "doc",       NULL};
static const char *const args_findings_post[] = {"id", "status", "note", NULL};
static const char *const args_marks[] = {"finding", NULL};
static const char *const args_versions[] = {"name", NULL};
static const char *const args_queue[] = {"below", "doc", "limit", NULL};
static const char *const args_import[] = {"format", "doc", "dry_run", "skip_bad", "area", NULL};

/* 0 when every argument of rq is in allowed, once; else -1 after a 400.
 * data_format: "format" takes json or csv. */
static int args_ok(const srv_req *rq, const char *const *allowed, int data_format, srv_resp *rs)
{
    for (int i = 0; i < rq->nargs; i++) {
        const char *k = rq->args[i].key;
        int known = 0;
        for (const char *const *a = allowed; *a && !known; a++)
            known = !strcmp(*a, k);
        if (!known) {
            char list[160] = "";
            size_t o = 0;
            for (const char *const *a = allowed; *a && o < sizeof list; a++)
                o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", o ? ", " : "", *a);
            srv__fail(rs, 400, "unknown argument '%.40s' (this endpoint takes: %s)", k,
                      *list ? list : "none");
            return -1;
        }
        for (int j = 0; j < i; j++)
            if (!strcmp(rq->args[j].key, k)) {
                srv__fail(rs, 400, "argument '%.40s' given twice", k);
                return -1;
            }
    }
    /* data_format 2: a table that a spreadsheet takes as XLSX too */
    const char *f = data_format ? srv_arg_get(rq, "format") : NULL;
    if (f && strcmp(f, "json") && strcmp(f, "csv") && (data_format < 2 || strcmp(f, "xlsx"))) {
        srv__fail(rs, 400, "format=%.20s: expected json%s", f,
                  data_format < 2 ? " or csv" : ", csv or xlsx");
        return -1;
    }
    return 0;
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
        if (args_ok(rq, args_none, 0, rs)) return;
        return srv__get_health(s, st, rq, rs);
    }
    if (strncmp(p, "/api/", 5)) {
        srv__fail(rs, 404, "no such page");
        return;
    }
    if (get && srv__authorize(s, st, rq, rs, 0)) return;
    if (!strcmp(p, "/api/indicators")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        if (args_ok(rq, args_indicators, 1, rs)) return;
        srv__get_indicators(s, st, rs);
    } else if ((seg = segment(p, "/api/series/"))) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        if (args_ok(rq, args_series, 2, rs)) return;
        srv__get_series(s, st, rq, seg, rs);
    } else if ((seg = segment(p, "/api/chart/"))) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        if (args_ok(rq, args_chart, 0, rs)) return;
        size_t n = strlen(seg);
        if (n < 5 || strcmp(seg + n - 4, ".svg")) {
            srv__fail(rs, 404, "charts are /api/chart/CODE.svg");
            return;
        }
        char code[128];
        snprintf(code, sizeof code, "%.*s", (int)(n - 4 < 127 ? n - 4 : 127), seg);
        srv__get_chart(s, st, rq, code, rs);
    } else if (!strcmp(p, "/api/observations")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        if (args_ok(rq, args_observations, 2, rs)) return;
        srv__get_observations(s, st, rq, rs);
    } else if (!strcmp(p, "/api/documents")) {
        if (get) {
            if (args_ok(rq, args_documents_get, 1, rs)) return;
            srv__get_documents(st, rs);
        } else if (!strcmp(rq->method, "POST")) {
            if (args_ok(rq, args_documents_post, 0, rs)) return;
            srv__post_document(s, st, rq, rs);
        } else
            wrong_method(rs, "GET, HEAD, POST");
    } else if ((seg = segment(p, "/api/documents/"))) {
        if (args_ok(rq, args_document, 0, rs)) return;
        if (get)
            srv__get_document(s, st, seg, rs);
        else if (!strcmp(rq->method, "DELETE"))
            srv__delete_document(s, st, rq, seg, rs);
        else
            wrong_method(rs, "GET, HEAD, DELETE");
    } else if (!strcmp(p, "/api/findings")) {
        if (get) {
            if (args_ok(rq, args_findings, 1, rs)) return;
            srv__get_findings(s, st, rq, rs);
        } else if (!strcmp(rq->method, "POST")) {
            if (args_ok(rq, args_findings_post, 0, rs)) return;
            srv__post_mark(s, st, rq, rs);
        } else
            wrong_method(rs, "GET, HEAD, POST");
    } else if (!strcmp(p, "/api/review-queue")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        if (args_ok(rq, args_queue, 0, rs)) return;
        srv__get_queue(s, st, rq, rs);
    } else if (!strcmp(p, "/api/finding-marks")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        if (args_ok(rq, args_marks, 0, rs)) return;
        srv__get_marks(s, st, rq, rs);
    } else if (!strcmp(p, "/api/document-versions")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        if (args_ok(rq, args_versions, 0, rs)) return;
        srv__get_versions(s, st, rq, rs);
    } else if (!strcmp(p, "/api/targets")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        if (args_ok(rq, args_targets, 1, rs)) return;
        srv__get_targets(s, st, rq, rs);
    } else if (!strcmp(p, "/api/report")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        if (args_ok(rq, args_report, 0, rs)) return;
        srv__get_report(s, st, rq, rs);
    } else if (!strcmp(p, "/api/compare")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        if (args_ok(rq, args_compare, 2, rs)) return;
        srv__get_compare(s, st, rq, rs);
    } else if (!strcmp(p, "/api/areas")) {
        if (!get) return wrong_method(rs, "GET, HEAD");
        if (args_ok(rq, args_none, 0, rs)) return;
        srv__get_areas(s, rs);
    } else if (!strcmp(p, "/api/reviews")) {
        if (get) {
            if (args_ok(rq, args_reviews_get, 0, rs)) return;
            srv__get_reviews(s, st, rq, rs);
        } else if (!strcmp(rq->method, "POST")) {
            if (args_ok(rq, args_reviews_post, 0, rs)) return;
            srv__post_review(s, st, rq, rs);
        }
        else
            wrong_method(rs, "GET, HEAD, POST");
    } else if (!strcmp(p, "/api/import")) {
        if (strcmp(rq->method, "POST")) return wrong_method(rs, "POST");
        if (args_ok(rq, args_import, 0, rs)) return;
        srv__post_import(s, st, rq, rs);
    } else {
        srv__fail(rs, 404, "no such API endpoint: %.100s", p);
    }
    if (rs->body.oom) srv__fail(rs, 503, "out of memory");
}
