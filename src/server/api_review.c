/* api_review.c — the review API (review.h): GET /api/reviews lists the
 * audit, POST /api/reviews stores one review under the token's name
 * (editor role). Arguments are query arguments, as the other writes take
 * them: action=accept|correct|reject|add, id (the record), doc, indicator,
 * period, value (Vietnamese notation with its unit, or base units), area,
 * note. */
#include "api_int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static int on_review(void *ud, const ct_review *r)
{
    ct_json *j = ud;
    ct_json_obj(j);
    ct_json_kll(j, "review", r->id);
    ct_json_kstr(j, "action", ct_review_action_name(r->action));
    ct_json_kstr(j, "doc", r->doc);
    ct_json_kstr(j, "indicator", r->indicator);
    ct_json_key(j, "span");
    ct_json_arr(j);
    ct_json_ll(j, r->span[0]);
    ct_json_ll(j, r->span[1]);
    ct_json_end(j);
    ct_json_kstr(j, "by", r->who);
    ct_json_kstr(j, "at", r->at);
    ct_json_key(j, "before");
    if (r->before)
        ct_json_raw(j, r->before, strlen(r->before));
    else
        ct_json_null(j);
    ct_json_key(j, "after");
    if (r->after)
        ct_json_raw(j, r->after, strlen(r->after));
    else
        ct_json_null(j);
    ct_json_key(j, "note");
    ct_json_str(j, r->note);
    ct_json_kbool(j, "attached", r->attached);
    ct_json_end(j);
    return 0;
}

void srv__get_reviews(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    (void)s;
    const char *doc = srv_arg_get(rq, "doc");
    ct_json j;
    srv__ok_json(rs, 200, &j);
    ct_json_obj(&j);
    ct_json_key(&j, "reviews");
    ct_json_arr(&j);
    ct_error err;
    int rc = ct_store_reviews(st, doc && *doc ? doc : NULL, on_review, &j, &err);
    if (rc != CT_OK) {
        ct_buf_reset(&rs->body);
        srv__keep_err(rs, &err);
        return;
    }
    ct_json_end(&j);
    ct_json_end(&j);
    ct_json_nl(&j);
}

void srv__post_review(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    if (srv__authorize(s, st, rq, rs, 1)) return;
    const char *act = srv_arg_get(rq, "action"), *id = srv_arg_get(rq, "id");
    static const char *const acts[] = {"accept", "correct", "reject", "add"};
    int a = -1;
    for (int k = 0; act && k < 4; k++)
        if (!strcmp(act, acts[k])) a = k;
    if (a < 0) {
        srv__fail(rs, 400, "action: expected accept, correct, reject or add");
        return;
    }
    long long obs = 0;
    if (a != 3) {
        char *end;
        obs = id ? strtoll(id, &end, 10) : 0;
        if (!id || *end || obs <= 0) {
            srv__fail(rs, 400, "id: the record's id is required");
            return;
        }
    }
    ct_review_edit e = {.indicator = srv_arg_get(rq, "indicator"),
                        .period = srv_arg_get(rq, "period"),
                        .value = srv_arg_get(rq, "value"),
                        .area = srv_arg_get(rq, "area"),
                        .note = srv_arg_get(rq, "note"),
                        .who = rs->who};
    ct_error err;
    long long rid = 0;
    int rc;
    pthread_mutex_lock(&s->writing);
    if (a == 0)
        rc = ct_review_accept(st, s->cat, obs, e.who, e.note, &rid, &err);
    else if (a == 1)
        rc = ct_review_correct(st, s->cat, obs, &e, &rid, &err);
    else if (a == 2)
        rc = ct_review_reject(st, s->cat, obs, e.who, e.note, &rid, &err);
    else
        rc = ct_review_add(st, s->cat, srv_arg_get(rq, "doc"), &e, &rid, &err);
    if (rc == CT_OK) {
        rs->changed = 1;
        atomic_fetch_add(&s->gen, 1);
    }
    pthread_mutex_unlock(&s->writing);
    if (rc == CT_ENOENT) {
        srv__fail(rs, 404, "%s", err.msg);
    } else if (rc == CT_EINVAL || rc == CT_EPARSE) {
        srv__fail(rs, 400, "%s", err.msg);
    } else if (rc != CT_OK) {
        srv__keep_err(rs, &err);
    } else {
        ct_json j;
        srv__ok_json(rs, 201, &j);
        ct_json_obj(&j);
        ct_json_kll(&j, "review", rid);
        ct_json_kstr(&j, "action", acts[a]);
        ct_json_kstr(&j, "by", e.who);
        ct_json_end(&j);
        ct_json_nl(&j);
    }
}

/* ---- finding marks ---- */

static int on_mark(void *ud, const ct_finding_mark *m)
{
    ct_json *j = ud;
    ct_json_obj(j);
    ct_json_kll(j, "mark", m->id);
    ct_json_kstr(j, "finding", m->finding);
    ct_json_kstr(j, "status", ct_finding_status_name(m->status));
    ct_json_kstr(j, "by", m->who);
    ct_json_kstr(j, "at", m->at);
    ct_json_key(j, "note");
    ct_json_str_or_null(j, m->note);
    ct_json_end(j);
    return 0;
}

void srv__get_marks(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    (void)s;
    const char *f = srv_arg_get(rq, "finding");
    ct_json j;
    srv__ok_json(rs, 200, &j);
    ct_json_obj(&j);
    ct_json_key(&j, "marks");
    ct_json_arr(&j);
    ct_error err;
    int rc = ct_store_marks(st, f && *f ? f : NULL, 1, on_mark, &j, &err);
    if (rc != CT_OK) {
        ct_buf_reset(&rs->body);
        srv__keep_err(rs, &err);
        return;
    }
    ct_json_end(&j);
    ct_json_end(&j);
    ct_json_nl(&j);
}

void srv__post_mark(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    if (srv__authorize(s, st, rq, rs, 1)) return;
    const char *id = srv_arg_get(rq, "id"), *status = srv_arg_get(rq, "status"),
               *note = srv_arg_get(rq, "note");
    ct_finding_status fs;
    if (ct_finding_status_parse(status, &fs) != CT_OK) {
        srv__fail(rs, 400, "status: expected open, confirmed, explained or dismissed");
        return;
    }
    if (note && srv__check_label("note", note, 0, rs)) return;
    ct_error err;
    long long mid = 0;
    pthread_mutex_lock(&s->writing);
    int rc = ct_finding_mark_set(st, s->cat, id, fs, rs->who, note, &mid, &err);
    if (rc == CT_OK) {
        rs->changed = 1;
        atomic_fetch_add(&s->gen, 1);
    }
    pthread_mutex_unlock(&s->writing);
    if (rc == CT_ENOENT) {
        srv__fail(rs, 404, "%s", err.msg);
    } else if (rc == CT_EINVAL) {
        srv__fail(rs, 400, "%s", err.msg);
    } else if (rc != CT_OK) {
        srv__keep_err(rs, &err);
    } else {
        ct_json j;
        srv__ok_json(rs, 201, &j);
        ct_json_obj(&j);
        ct_json_kll(&j, "mark", mid);
        ct_json_kstr(&j, "finding", id);
        ct_json_kstr(&j, "status", ct_finding_status_name(fs));
        ct_json_kstr(&j, "by", rs->who);
        ct_json_end(&j);
        ct_json_nl(&j);
    }
}

/* ---- the review queue ---- */

typedef struct qout {
    ct_store *st;
    ct_json *j;
    ct_buf sent;
    long long n, limit;
    int failed;
} qout;

static int on_queued(void *ud, const ct_obs *o)
{
    qout *q = ud;
    if (q->n >= q->limit) return 1;
    q->n++;
    const ct_record *r = &o->rec;
    ct_error err;
    if (ct_store_doc_span(q->st, o->doc_id, r->span[0], r->span[1], &q->sent, &err) != CT_OK) {
        ct_buf_reset(&q->sent);
        if (err.code != CT_ENOENT) q->failed = 1;
    }
    ct_json *j = q->j;
    ct_json_obj(j);
    ct_json_kll(j, "id", o->id);
    ct_json_kll(j, "doc_id", o->doc_id);
    ct_render_json_fields(j, r, o->doc, 0);
    /* the sentence cut around the figure (byte spans: a browser counts
     * UTF-16 units), so that the page marks the figure without arithmetic */
    const char *s = q->sent.data ? q->sent.data : "";
    long long n = (long long)q->sent.len, a = r->value_span[0] - r->span[0],
              b = r->value_span[1] - r->span[0];
    if (a < 0 || b < a || b > n) a = b = n;
    ct_json_key(j, "sentence");
    ct_json_obj(j);
    ct_json_key(j, "before");
    ct_json_strn(j, s, (size_t)a);
    ct_json_key(j, "figure");
    ct_json_strn(j, s + a, (size_t)(b - a));
    ct_json_key(j, "after");
    ct_json_strn(j, s + b, (size_t)(n - b));
    ct_json_end(j);
    ct_json_end(j);
    return 0;
}

void srv__get_queue(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    const char *below = srv_arg_get(rq, "below"), *doc = srv_arg_get(rq, "doc"),
               *limit = srv_arg_get(rq, "limit");
    double lim = 0.9;
    char *end;
    if (below && (lim = strtod(below, &end), *end || end == below || lim < 0 || lim > 2)) {
        srv__fail(rs, 400, "below=%.20s: expected a confidence in [0,1]", below);
        return;
    }
    long long max = 500;
    if (limit && (max = strtoll(limit, &end, 10), *end || end == limit || max <= 0)) {
        srv__fail(rs, 400, "limit=%.20s: expected a positive count", limit);
        return;
    }
    srv_docref d;
    memset(&d, 0, sizeof d);
    if (doc && *doc && srv__find_doc(st, doc, &d, rs)) return;
    ct_json j;
    srv__ok_json(rs, 200, &j);
    ct_json_obj(&j);
    ct_json_key(&j, "queue");
    ct_json_arr(&j);
    qout q = {st, &j, {0}, 0, max, 0};
    ct_buf_init(&q.sent);
    ct_error err;
    int rc = ct_review_queue(st, s->cat, d.id, lim, on_queued, &q, &err);
    if (rc == CT_OK && q.failed)
        rc = ct_error_set(&err, CT_EIO, -1, 0, "database: reading the queue's sentences");
    ct_buf_free(&q.sent);
    if (rc != CT_OK) {
        ct_buf_reset(&rs->body);
        srv__keep_err(rs, &err);
        return;
    }
    ct_json_end(&j);
    ct_json_kll(&j, "count", q.n);
    ct_json_end(&j);
    ct_json_nl(&j);
}

/* GET /api/document-versions?name=NAME: `documents versions NAME` for the
 * dashboard and scripts; 400 without a name, 404 when no document has it. */
typedef struct vlist {
    ct_json *j;
    long long n;
} vlist;

static int on_version(void *ud, const ct_version *v)
{
    vlist *l = ud;
    l->n++;
    ct_json_obj(l->j);
    ct_json_kll(l->j, "id", v->id);
    ct_json_kstr(l->j, "sha256", v->sha256 ? v->sha256 : "");
    ct_json_kbool(l->j, "current", !v->replaced_by);
    ct_json_key(l->j, "replaced_by");
    if (v->replaced_by)
        ct_json_ll(l->j, v->replaced_by);
    else
        ct_json_null(l->j);
    ct_json_key(l->j, "at");
    ct_json_str_or_null(l->j, v->at);
    ct_json_key(l->j, "by");
    ct_json_str_or_null(l->j, v->who);
    ct_json_end(l->j);
    return 0;
}

void srv__get_versions(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs)
{
    (void)s;
    const char *name = srv_arg_get(rq, "name");
    if (!name || !*name) {
        srv__fail(rs, 400, "document-versions needs name=");
        return;
    }
    ct_json j;
    srv__ok_json(rs, 200, &j);
    ct_json_obj(&j);
    ct_json_kstr(&j, "name", name);
    ct_json_key(&j, "versions");
    ct_json_arr(&j);
    vlist l = {&j, 0};
    ct_error err;
    int rc = ct_store_doc_versions(st, name, on_version, &l, &err);
    if (rc != CT_OK) {
        ct_buf_reset(&rs->body);
        srv__keep_err(rs, &err);
        return;
    }
    if (!l.n) {
        ct_buf_reset(&rs->body);
        srv__fail(rs, 404, "no document '%.120s'", name);
        return;
    }
    ct_json_end(&j);
    ct_json_end(&j);
    ct_json_nl(&j);
}
