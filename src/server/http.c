/* http.c — `chitieu serve`: the HTTP side of the server on libmicrohttpd.
 *
 * Threads: MHD's internal thread pool over epoll, one store connection per
 * worker thread (opened on its first request, closed when it exits). The
 * catalogue is shared read-only.
 *
 * Limits: connections (total, per client address), bytes of request
 * header (MHD's per-connection memory: 431/414 beyond it), bytes of body
 * (413, checked on Content-Length before any byte is read and again as
 * bytes arrive), idle time per connection (MHD closes a silent client),
 * whole time of a request's headers (a connection is cut --timeout after it
 * opened or after its last answer if no request has started by then: MHD
 * resets its idle timer on every byte, so headers trickled a byte at a time
 * would hold it forever) and whole time of an upload (a trickling body is
 * cut). Framing a proxy could read another way (Content-Length twice, or
 * beside Transfer-Encoding; a transfer coding other than chunked) is
 * refused before the body is read, and the connection closed.
 *
 * Cache: a GET whose handler says its body depends only on the URL and the
 * data is kept as a ready MHD response under the URL, tagged with the data
 * generation. The generation moves on every write in this process and
 * whenever a worker's connection sees a commit from elsewhere (SQLite's
 * data_version), so a cached body is never older than the data a fresh
 * query would read. Every cacheable response carries an ETag (a hash of
 * its body); If-None-Match gets 304.
 *
 * Shutdown: SIGTERM or SIGINT stops accepting connections, waits for the
 * requests in flight (a POST being stored finishes and is answered), then
 * stops the workers; --grace bounds the wait.
 *
 * Access log: one line per request (time, client, method, path, status,
 * bytes, milliseconds, token name), written with one write(2). The query
 * string and headers are not logged; tokens only travel in headers. */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CACHE_BUCKETS 4096
/* The cache holds at most CACHE_BUDGET bytes of answers (bodies, keys and
 * bookkeeping), least recently used first out; an answer over
 * CACHE_MAX_ENTRY is sent and never kept. */
#define CACHE_BUDGET (64u << 20)
#define CACHE_MAX_ENTRY (1u << 20)
#define CACHE_OVERHEAD 256u
/* how long a request waits for another's rebuild of the same entry */
#define CACHE_WAIT_MS 30000

typedef struct centry {
    struct centry *hnext;       /* the bucket's chain */
    struct centry *prev, *next; /* the LRU list, most recent first */
    char *key;                  /* path + escaped, sorted arguments */
    unsigned long long h;
    long long gen;      /* the generation resp belongs to */
    long long building; /* a worker builds it at this generation (0 none) */
    size_t len, cost;
    char etag[24];
    struct MHD_Response *resp; /* NULL while only being built */
} centry;

/* An open connection, for the header deadline: its socket and the time by
 * which a request must have started on it (0: one has, no deadline). */
typedef struct conn {
    struct conn *prev, *next;
    int fd;
    double deadline;
} conn;

/* Everything of the HTTP side, reached from the srv libmicrohttpd hands
 * every callback. */
struct srv_http {
    atomic_int inflight;
    pthread_mutex_t conn_mu; /* conns, and each conn's deadline */
    conn conns;              /* sentinel of the open connections */
    pthread_key_t worker_key;
    pthread_mutex_t cache_mu;
    pthread_cond_t cache_cv; /* a rebuild finished */
    centry *bucket[CACHE_BUCKETS];
    centry lru; /* sentinel */
    size_t bytes;
};

/* ---- per-thread store ---------------------------------------------------- */

typedef struct worker {
    ct_store *st;
    long long dv;
    int have_dv;
} worker;

static void worker_free(void *p)
{
    worker *w = p;
    if (!w) return;
    ct_store_close(w->st);
    free(w);
}

static worker *this_worker(srv *s, ct_error *err)
{
    worker *w = pthread_getspecific(s->http->worker_key);
    if (w) return w;
    w = calloc(1, sizeof *w);
    if (!w) {
        ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
        return NULL;
    }
    if (ct_store_open(s->db_path, &w->st, err) != CT_OK) {
        free(w);
        return NULL;
    }
    pthread_setspecific(s->http->worker_key, w);
    return w;
}

/* Move the generation on when this connection sees data committed elsewhere. */
static void notice_changes(srv *s, worker *w)
{
    long long v;
    ct_error err;
    if (ct_store_data_version(w->st, &v, &err) != CT_OK) {
        atomic_fetch_add(&s->gen, 1); /* cannot tell: assume changed */
        return;
    }
    /* a connection's first look counts as a change: the cache may hold
     * answers older than a commit made before this connection opened */
    if (!w->have_dv || v != w->dv) atomic_fetch_add(&s->gen, 1);
    w->dv = v;
    w->have_dv = 1;
}

/* ---- response cache ------------------------------------------------------- */

static unsigned long long fnv(const void *p, size_t n, unsigned long long h)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ULL;
    return h;
}

static centry *cache_find(struct srv_http *h, const char *key, unsigned long long hash)
{
    for (centry *e = h->bucket[hash % CACHE_BUCKETS]; e; e = e->hnext)
        if (e->h == hash && !strcmp(e->key, key)) return e;
    return NULL;
}

static void lru_unlink(centry *e)
{
    e->prev->next = e->next;
    e->next->prev = e->prev;
}

static void lru_front(struct srv_http *h, centry *e)
{
    e->next = h->lru.next;
    e->prev = &h->lru;
    h->lru.next->prev = e;
    h->lru.next = e;
}

static void cache_drop(struct srv_http *h, centry *e)
{
    centry **pp = &h->bucket[e->h % CACHE_BUCKETS];
    while (*pp != e)
        pp = &(*pp)->hnext;
    *pp = e->hnext;
    lru_unlink(e);
    h->bytes -= e->cost;
    /* a dropped response stays alive while its queued uses last: MHD
     * frees it at the last MHD_destroy_response */
    if (e->resp) MHD_destroy_response(e->resp);
    free(e->key);
    free(e);
}

/* Drop the least recently used entries (not those being built) until
 * the cache fits its budget. */
static void cache_trim(struct srv_http *h)
{
    centry *e = h->lru.prev;
    while (h->bytes > CACHE_BUDGET && e != &h->lru) {
        centry *p = e->prev;
        if (!e->building) cache_drop(h, e);
        e = p;
    }
}

/* The end of a rebuild claimed by cache_serve: resp (NULL when the answer
 * is not to be kept) becomes the entry of key at gen; waiters wake. */
static void cache_put(srv *s, const char *key, long long gen, const char etag[24], size_t len,
                      struct MHD_Response *resp)
{
    struct srv_http *h = s->http;
    unsigned long long hash = fnv(key, strlen(key), 1469598103934665603ULL);
    pthread_mutex_lock(&h->cache_mu);
    centry *e = cache_find(h, key, hash);
    if (e && e->building == gen) e->building = 0;
    if (e && resp && gen >= e->gen) {
        if (e->resp) MHD_destroy_response(e->resp);
        h->bytes -= e->cost;
        e->resp = resp;
        resp = NULL;
        e->gen = gen;
        e->len = len;
        e->cost = len + strlen(key) + CACHE_OVERHEAD;
        h->bytes += e->cost;
        memcpy(e->etag, etag, 24);
        lru_unlink(e);
        lru_front(h, e);
    }
    if (e && !e->resp && !e->building) cache_drop(h, e);
    cache_trim(h);
    pthread_cond_broadcast(&h->cache_cv);
    pthread_mutex_unlock(&h->cache_mu);
    if (resp) MHD_destroy_response(resp);
}

static void cache_clear(srv *s)
{
    struct srv_http *h = s->http;
    pthread_mutex_lock(&h->cache_mu);
    while (h->lru.next != &h->lru)
        cache_drop(h, h->lru.next);
    pthread_mutex_unlock(&h->cache_mu);
}

/* ---- connections and the header deadline ------------------------------------- */

static double mono_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* MHD_OPTION_NOTIFY_CONNECTION: a connection is tracked from its opening
 * (deadline --timeout away) to its closing. Closing unlinks it under the
 * lock before MHD closes its socket, so the reaper never touches a socket
 * number that another connection may reuse. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    srv *s = cls;
    struct srv_http *h = s->http;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        conn *k = ci ? calloc(1, sizeof *k) : NULL;
        *socket_context = k;
        if (!k) return; /* untracked: MHD's idle timeout alone bounds it */
        k->fd = ci->connect_fd;
        k->deadline = mono_s() + s->conf->timeout;
        pthread_mutex_lock(&h->conn_mu);
        k->next = h->conns.next;
        k->prev = &h->conns;
        h->conns.next->prev = k;
        h->conns.next = k;
        pthread_mutex_unlock(&h->conn_mu);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
        conn *k = *socket_context;
        pthread_mutex_lock(&h->conn_mu);
        k->prev->next = k->next;
        k->next->prev = k->prev;
        pthread_mutex_unlock(&h->conn_mu);
        free(k);
        *socket_context = NULL;
    }
}

/* A request started on c (its headers are in): no deadline until its
 * answer is done; then (again) --timeout for the next one. */
static void set_deadline(srv *s, struct MHD_Connection *c, int start)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    conn *k = ci ? ci->socket_context : NULL;
    if (!k) return;
    pthread_mutex_lock(&s->http->conn_mu);
    k->deadline = start ? 0 : mono_s() + s->conf->timeout;
    pthread_mutex_unlock(&s->http->conn_mu);
}

/* Cut every connection past its deadline: shutdown(2) wakes its worker,
 * which reads the end of the stream and closes it (the socket stays MHD's
 * to close). */
static void reap(srv *s)
{
    struct srv_http *h = s->http;
    double now = mono_s();
    pthread_mutex_lock(&h->conn_mu);
    for (conn *k = h->conns.next; k != &h->conns; k = k->next) {
        if (k->deadline > 0 && now > k->deadline) {
            shutdown(k->fd, SHUT_RDWR);
            k->deadline = 0;
        }
    }
    pthread_mutex_unlock(&h->conn_mu);
}

/* ---- per-request state ------------------------------------------------------ */

/* The con_cls of a request whose URL holds more than SRV_MAX_ARGS
 * arguments (a marker, not an allocation: nothing to free if the request
 * dies before the handler sees it). */
static const char too_many_args;

typedef struct req {
    struct timespec t0;
    ct_buf body;
    int too_big;
    int status;
    size_t bytes;
    char who[80];
    char method[8];
    char path[160];
} req;

static double ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static void access_log(const srv *s, struct MHD_Connection *c, const req *r)
{
    if (s->conf->log_fd < 0) return;
    char addr[64] = "-";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr,
                      sizeof addr);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr,
                      sizeof addr);
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char line[512], when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    /* the path is printed with control bytes and quotes escaped */
    char path[200];
    size_t o = 0;
    for (const char *p = r->path; *p && o + 5 < sizeof path; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch < 0x20 || ch == 0x7f || ch == '"' || ch == '\\')
            o += (size_t)snprintf(path + o, sizeof path - o, "\\x%02x", ch);
        else
            path[o++] = (char)ch;
    }
    path[o] = '\0';
    int n = snprintf(line, sizeof line, "%s %s %s \"%s\" %d %zu %.3fms %s\n", when, addr,
                     r->method[0] ? r->method : "-", path, r->status, r->bytes, ms_since(&r->t0),
                     r->who[0] ? r->who : "-");
    if (n > 0) {
        size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
        ssize_t w = write(s->conf->log_fd, line, len);
        (void)w; /* a log that cannot be written must not stop the service */
    }
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    srv *s = cls;
    (void)toe;
    req *r = *con_cls;
    if (!r || *con_cls == &too_many_args) return;
    set_deadline(s, c, 0);
    access_log(s, c, r);
    ct_buf_free(&r->body);
    free(r);
    *con_cls = NULL;
    atomic_fetch_sub(&s->http->inflight, 1);
}

/* ---- responses -------------------------------------------------------------- */

static void common_headers(struct MHD_Response *resp, const char *type)
{
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    if (!strncmp(type, "text/html", 9)) {
        MHD_add_response_header(resp, "X-Frame-Options", "DENY");
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; "
                                "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    }
}

static enum MHD_Result reply(struct MHD_Connection *c, req *r, int status,
                             struct MHD_Response *resp, size_t len)
{
    r->status = status;
    r->bytes = len;
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, resp);
    return ok;
}

static enum MHD_Result send_error(struct MHD_Connection *c, req *r, int status, const char *msg,
                                  int close)
{
    ct_buf body;
    ct_buf_init(&body);
    ct_json j;
    ct_json_init(&j, &body);
    ct_json_obj(&j);
    ct_json_key(&j, "error");
    ct_json_obj(&j);
    ct_json_kll(&j, "status", status);
    ct_json_kstr(&j, "message", msg);
    ct_json_end(&j);
    ct_json_end(&j);
    ct_json_nl(&j);
    struct MHD_Response *resp =
        body.oom ? NULL
                 : MHD_create_response_from_buffer(body.len, body.data, MHD_RESPMEM_MUST_COPY);
    size_t n = body.len;
    ct_buf_free(&body);
    if (!resp) return MHD_NO;
    common_headers(resp, "application/json");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (close) MHD_add_response_header(resp, "Connection", "close");
    enum MHD_Result ok = reply(c, r, status, resp, n);
    MHD_destroy_response(resp);
    return ok;
}

static enum MHD_Result send_simple(struct MHD_Connection *c, req *r, int status, const char *msg)
{
    return send_error(c, r, status, msg, 0);
}

/* A 413 written straight to the socket, then the connection closed:
 * libmicrohttpd (0.9.75) cannot queue an answer while a body is still
 * arriving, and would otherwise read a chunked body of any size before
 * answering. The answer is small enough for the socket's send buffer. */
static enum MHD_Result send_413_and_close(struct MHD_Connection *c, req *r)
{
    static const char msg[] =
        "HTTP/1.1 413 Content Too Large\r\n"
        "Content-Type: application/json\r\n"
        "Cache-Control: no-store\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Connection: close\r\n"
        "Content-Length: 60\r\n\r\n"
        "{\"error\":{\"status\":413,\"message\":\"request body too large\"}}\n";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (ci) {
        ssize_t w = send(ci->connect_fd, msg, sizeof msg - 1, MSG_NOSIGNAL);
        (void)w; /* a client gone already is no error */
        shutdown(ci->connect_fd, SHUT_WR);
    }
    r->status = 413;
    r->bytes = 60;
    return MHD_NO;
}

/* 405 with the methods the path allows. */
static enum MHD_Result send_405(struct MHD_Connection *c, req *r, const char *allow)
{
    char msg[80];
    snprintf(msg, sizeof msg, "method not allowed here (allowed: %s)", allow);
    ct_buf body;
    ct_buf_init(&body);
    ct_json j;
    ct_json_init(&j, &body);
    ct_json_obj(&j);
    ct_json_key(&j, "error");
    ct_json_obj(&j);
    ct_json_kll(&j, "status", 405);
    ct_json_kstr(&j, "message", msg);
    ct_json_end(&j);
    ct_json_end(&j);
    ct_json_nl(&j);
    struct MHD_Response *resp =
        body.oom ? NULL
                 : MHD_create_response_from_buffer(body.len, body.data, MHD_RESPMEM_MUST_COPY);
    size_t n = body.len;
    ct_buf_free(&body);
    if (!resp) return MHD_NO;
    common_headers(resp, "application/json");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "Allow", allow);
    enum MHD_Result ok = reply(c, r, 405, resp, n);
    MHD_destroy_response(resp);
    return ok;
}

static int etag_matches(struct MHD_Connection *c, const char *etag)
{
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    return inm && (strstr(inm, etag) || !strcmp(inm, "*"));
}

static enum MHD_Result send_not_modified(struct MHD_Connection *c, req *r, const char *etag,
                                         const char *cache_control)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, "ETag", etag);
    MHD_add_response_header(resp, "Cache-Control", cache_control);
    enum MHD_Result ok = reply(c, r, 304, resp, 0);
    MHD_destroy_response(resp);
    return ok;
}

/* Answer from the cache when key is there at generation gen: 1 (and
 * *ok). Else 0 with the rebuild claimed: the caller builds the answer and
 * hands it to cache_put (NULL when it is not kept), so however many
 * requests ask for one entry after a write, one builds it and the others
 * wait for it (single flight; a wait is bounded by CACHE_WAIT_MS, then the
 * waiter builds too). -1 when it cannot claim (out of memory): build
 * without the cache. The response is queued under the lock, so a writer
 * that replaces the entry cannot free it first (MHD holds its own
 * reference from the moment it is queued). */
static int cache_serve(srv *s, struct MHD_Connection *c, req *r, const char *key, long long gen,
                       const char *cc, enum MHD_Result *ok)
{
    struct srv_http *h = s->http;
    unsigned long long hash = fnv(key, strlen(key), 1469598103934665603ULL);
    int served = 0;
    char etag[24];
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += CACHE_WAIT_MS / 1000;
    pthread_mutex_lock(&h->cache_mu);
    for (;;) {
        centry *e = cache_find(h, key, hash);
        if (e && e->resp && e->gen == gen) {
            lru_unlink(e);
            lru_front(h, e);
            served = 1;
            memcpy(etag, e->etag, sizeof etag);
            if (!etag_matches(c, etag)) {
                *ok = reply(c, r, 200, e->resp, e->len);
                served = 2;
            }
            break;
        }
        if (e && e->building >= gen) {
            if (pthread_cond_timedwait(&h->cache_cv, &h->cache_mu, &until) == ETIMEDOUT) {
                served = -1;
                break;
            }
            continue;
        }
        if (!e) {
            e = calloc(1, sizeof *e);
            if (e && !(e->key = strdup(key))) {
                free(e);
                e = NULL;
            }
            if (!e) {
                served = -1;
                break;
            }
            e->h = hash;
            e->cost = strlen(key) + CACHE_OVERHEAD;
            e->hnext = h->bucket[hash % CACHE_BUCKETS];
            h->bucket[hash % CACHE_BUCKETS] = e;
            lru_front(h, e);
            h->bytes += e->cost;
        }
        e->building = gen;
        break;
    }
    pthread_mutex_unlock(&h->cache_mu);
    if (served == 1) *ok = send_not_modified(c, r, etag, cc);
    return served > 0 ? 1 : served;
}

/* ---- static files ------------------------------------------------------------- */

static enum MHD_Result serve_file(struct MHD_Connection *c, req *r, const srv_file *f)
{
    char etag[24];
    snprintf(etag, sizeof etag, "\"%016llx\"", fnv(f->data, f->len, 1469598103934665603ULL));
    /* revalidated on every load (cheap: 304), so a new binary's dashboard
     * is seen at once */
    const char *cc = "no-cache";
    if (etag_matches(c, etag)) return send_not_modified(c, r, etag, cc);
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(f->len, (void *)f->data, MHD_RESPMEM_PERSISTENT);
    if (!resp) return MHD_NO;
    common_headers(resp, f->type);
    MHD_add_response_header(resp, "ETag", etag);
    MHD_add_response_header(resp, "Cache-Control", cc);
    enum MHD_Result ok = reply(c, r, 200, resp, f->len);
    MHD_destroy_response(resp);
    return ok;
}

/* ---- the handler ------------------------------------------------------------------ */

typedef struct argv_ {
    srv_req *rq;
    int overflow;
} argv_;

static enum MHD_Result on_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                              const char *value)
{
    (void)kind;
    argv_ *a = cls;
    if (!key) return MHD_YES;
    if (a->rq->nargs == SRV_MAX_ARGS) {
        a->overflow = 1;
        return MHD_NO;
    }
    a->rq->args[a->rq->nargs].key = key;
    a->rq->args[a->rq->nargs].value = value;
    a->rq->nargs++;
    return MHD_YES;
}

static void put_escaped(ct_buf *b, const char *v)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '.' || *p == '-' || *p == '_' || *p == '~') {
            ct_buf_putc(b, (char)*p);
        } else {
            ct_buf_putc(b, '%');
            ct_buf_putc(b, hex[*p >> 4]);
            ct_buf_putc(b, hex[*p & 15]);
        }
    }
}

static int arg_cmp(const void *a, const void *b)
{
    const srv_arg *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->value ? x->value : "", y->value ? y->value : "");
}

/* The cache key of a request: its path and its decoded arguments, sorted,
 * each name and value percent-encoded (every byte but [A-Za-z0-9._~-]),
 * so no value can pass for a separator: "?limit=5%26x%3Dy" and
 * "?limit=5&x=y" have different keys. (The handlers refuse unknown and
 * repeated arguments, so only answers to valid requests are kept.) */
static void cache_key(ct_buf *key, const char *url, const srv_req *rq)
{
    srv_arg sorted[SRV_MAX_ARGS];
    memcpy(sorted, rq->args, sizeof(srv_arg) * (size_t)rq->nargs);
    qsort(sorted, (size_t)rq->nargs, sizeof *sorted, arg_cmp);
    put_escaped(key, url);
    for (int i = 0; i < rq->nargs; i++) {
        ct_buf_putc(key, i ? '&' : '?');
        put_escaped(key, sorted[i].key);
        ct_buf_putc(key, '=');
        put_escaped(key, sorted[i].value ? sorted[i].value : "");
    }
}

/* Send what srv_api answered: kept in the cache (claimed says this request
 * holds the entry's rebuild) when it says its body depends only on the URL
 * and the data (public reads) and it is small enough, with an ETag. */
static enum MHD_Result send_api(srv *s, struct MHD_Connection *c, req *r, int get, srv_resp *rs,
                                const ct_buf *key, int claimed, long long gen, const char *cc)
{
    enum MHD_Result ok = MHD_NO;
    size_t len = rs->body.len;
    /* the body moves into the response (MHD frees it, with the library's allocator) */
    struct MHD_Response *resp =
        rs->body.data
            ? MHD_create_response_from_buffer_with_free_callback(len, rs->body.data, ct_free)
            : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    char etag[24] = "";
    if (!resp) {
        ct_buf_free(&rs->body);
        if (claimed) cache_put(s, key->data, gen, etag, 0, NULL);
        return MHD_NO;
    }
    common_headers(resp, rs->type ? rs->type : "application/json");
    if (rs->allow[0]) MHD_add_response_header(resp, "Allow", rs->allow);
    if (rs->status == 401) MHD_add_response_header(resp, "WWW-Authenticate", "Bearer");
    int keep = 0;
    if (get && rs->status == 200 && rs->cacheable) {
        snprintf(etag, sizeof etag, "\"%016llx\"",
                 fnv(rs->body.data ? rs->body.data : "", len, 1469598103934665603ULL));
        MHD_add_response_header(resp, "ETag", etag);
        MHD_add_response_header(resp, "Cache-Control", cc);
        if (etag_matches(c, etag)) {
            ok = send_not_modified(c, r, etag, cc);
            r->bytes = 0;
        } else
            ok = reply(c, r, 200, resp, len);
        keep = claimed && len <= CACHE_MAX_ENTRY;
    } else {
        MHD_add_response_header(resp, "Cache-Control", "no-store");
        ok = reply(c, r, rs->status, resp, len);
    }
    if (claimed) {
        cache_put(s, key->data, gen, etag, len, keep ? resp : NULL); /* owns our reference */
        if (keep) resp = NULL;
    }
    if (resp) MHD_destroy_response(resp);
    return ok;
}

/* An API request whose body has arrived: from the cache, or srv_api. */
static enum MHD_Result answer_api(srv *s, struct MHD_Connection *c, req *r, const char *url,
                                  const char *method, int get)
{
    srv_req rq;
    memset(&rq, 0, sizeof rq);
    rq.method = method;
    rq.path = url;
    argv_ av = {&rq, 0};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_arg, &av);
    if (av.overflow) return send_simple(c, r, 400, "too many query arguments");
    rq.body = r->body.data;
    rq.body_len = r->body.len;
    rq.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    rq.authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");

    ct_error err;
    worker *w = this_worker(s, &err);
    if (!w) {
        fprintf(stderr, "chitieu serve: %s\n", err.msg);
        return send_simple(c, r, 503, "database unavailable");
    }
    notice_changes(s, w);
    long long gen = atomic_load(&s->gen);
    const char *cc = s->read_token ? "private, no-cache" : "no-cache";

    /* a cached read (public reads only: with --read-token the token is checked each time) */
    ct_buf key;
    ct_buf_init(&key);
    int claimed = 0;
    if (get && !s->read_token) {
        cache_key(&key, url, &rq);
        enum MHD_Result ok;
        int got = key.oom ? -1 : cache_serve(s, c, r, key.data, gen, cc, &ok);
        if (got == 1) {
            ct_buf_free(&key);
            return ok;
        }
        claimed = got == 0;
    }
    srv_resp rs;
    memset(&rs, 0, sizeof rs);
    ct_buf_init(&rs.body);
    srv_api(s, w->st, &rq, &rs);
    snprintf(r->who, sizeof r->who, "%s", rs.who);
    if (rs.changed) notice_changes(s, w); /* our own commit is not "elsewhere" */
    enum MHD_Result ok = send_api(s, c, r, get, &rs, &key, claimed, gen, cc);
    ct_buf_free(&key);
    return ok;
}

/* Called with the raw URI before libmicrohttpd splits its arguments into
 * the connection's memory pool: 400 arguments in a short URL used to
 * exhaust the pool, and the 431 it then logs was never sent (the client
 * waited for --timeout). A URL with too many arguments has them cut off
 * here (after the first SRV_MAX_ARGS) and is answered 400 by the handler. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    char *q = strchr(uri, '?');
    if (!q) return NULL;
    int n = 1;
    for (q++; *q; q++)
        if ((*q == '&' || *q == ';') && ++n > SRV_MAX_ARGS) break;
    if (!*q) return NULL;
    *q = '\0'; /* the URI is the connection's own buffer, its arguments not yet parsed */
    return (void *)&too_many_args;
}

typedef struct framing {
    int cl, te, te_other;
} framing;

static enum MHD_Result on_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    framing *f = cls;
    if (!key) return MHD_YES;
    if (!strcasecmp(key, "Content-Length")) f->cl++;
    if (!strcasecmp(key, "Transfer-Encoding")) {
        f->te++;
        if (!value || strcasecmp(value, "chunked")) f->te_other = 1;
    }
    return MHD_YES;
}

/* How the body is framed, when a proxy in front could read it otherwise
 * (and so pass a second request inside this one's body): the status and
 * why, else 0. libmicrohttpd itself takes the first Content-Length and
 * waits for the end of the stream on an unknown transfer coding. */
static int bad_framing(struct MHD_Connection *c, const char **why)
{
    framing f = {0, 0, 0};
    MHD_get_connection_values(c, MHD_HEADER_KIND, on_header, &f);
    if (f.te_other || f.te > 1) {
        *why = "Transfer-Encoding: only chunked is taken";
        return 501;
    }
    if (f.cl > 1) {
        *why = "Content-Length given more than once";
        return 400;
    }
    if (f.cl && f.te) {
        *why = "Content-Length and Transfer-Encoding together";
        return 400;
    }
    return 0;
}

/* The first call of a request: its state, and a declared body too large
 * or framed ambiguously refused before it is read. */
static enum MHD_Result start(srv *s, struct MHD_Connection *c, const char *url, const char *method,
                             void **con_cls)
{
    int too_many = *con_cls == &too_many_args;
    req *r = calloc(1, sizeof *r);
    if (!r) return MHD_NO;
    clock_gettime(CLOCK_MONOTONIC, &r->t0);
    snprintf(r->method, sizeof r->method, "%s", method);
    snprintf(r->path, sizeof r->path, "%s", url);
    *con_cls = r;
    atomic_fetch_add(&s->http->inflight, 1);
    set_deadline(s, c, 1);
    const char *why;
    int bad = bad_framing(c, &why);
    if (bad) return send_error(c, r, bad, why, 1); /* the body unread: close */
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (cl) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        if (errno || *end || n > s->max_body) r->too_big = 1;
    }
    if (r->too_big) return send_simple(c, r, 413, "request body too large");
    if (too_many) return send_simple(c, r, 400, "too many query arguments");
    return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    srv *s = cls;
    (void)version;
    req *r = *con_cls;
    if (!r || *con_cls == &too_many_args) return start(s, c, url, method, con_cls);
    if (*upload_size) {
        if (ms_since(&r->t0) > s->conf->request_time * 1000.0) return MHD_NO; /* trickling body */
        if (r->body.len + *upload_size > s->max_body) {
            /* a chunked body passes the limit: answer now and close, rather
             * than read the rest of a body of any size */
            *upload_size = 0;
            ct_buf_free(&r->body);
            r->too_big = 1;
            return send_413_and_close(c, r);
        }
        ct_buf_append(&r->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->status) return MHD_YES; /* answered already (413 on Content-Length) */
    if (r->too_big) return send_simple(c, r, 413, "request body too large");
    if (r->body.oom) return send_simple(c, r, 503, "out of memory");

    int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");

    /* the dashboard; the API answers every method itself (405 with Allow) */
    if (strncmp(url, "/api/", 5) && strcmp(url, "/healthz")) {
        if (!get) return send_405(c, r, "GET, HEAD");
        const srv_file *f = srv_file_find(!strcmp(url, "/") ? "/index.html" : url);
        if (!f) return send_simple(c, r, 404, "no such page");
        return serve_file(c, r, f);
    }
    return answer_api(s, c, r, url, method, get);
}

/* ---- running ------------------------------------------------------------------------ */

int srv_parse_listen(const char *s, srv_conf *conf)
{
    char host[128];
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || !colon[1]) return -1;
    size_t hl = (size_t)(colon - s);
    if (s[0] == '[' && hl >= 2 && s[hl - 1] == ']') {
        s++;
        hl -= 2;
    }
    if (hl >= sizeof host) return -1;
    memcpy(host, s, hl);
    host[hl] = '\0';
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    if (getaddrinfo(host, colon + 1, &hints, &ai) || !ai) return -1;
    memcpy(&conf->addr, ai->ai_addr, ai->ai_addrlen);
    conf->addr_len = ai->ai_addrlen;
    freeaddrinfo(ai);
    return 0;
}

static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[400];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    fprintf(stderr, "chitieu serve: %s\n", msg);
}

static struct MHD_Daemon *start_daemon(srv *s)
{
    const srv_conf *c = s->conf;
    return MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
            (c->addr.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
        /* the logger first: libmicrohttpd says so on stderr otherwise */
        0, NULL, NULL, handle, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&c->addr,
        MHD_OPTION_THREAD_POOL_SIZE, c->threads, MHD_OPTION_CONNECTION_LIMIT, c->max_conn,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, c->per_ip, MHD_OPTION_CONNECTION_TIMEOUT, c->timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(c->max_header + 4096),
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, MHD_OPTION_NOTIFY_COMPLETED, completed, s,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_END);
}

static void print_address(const srv *s, struct MHD_Daemon *d)
{
    const srv_conf *c = s->conf;
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = di ? di->port : 0;
    char host[80];
    if (c->addr.ss_family == AF_INET6) {
        char a[64];
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)&c->addr)->sin6_addr, a,
                  sizeof a);
        snprintf(host, sizeof host, "[%s]", a);
    } else {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)&c->addr)->sin_addr, host,
                  sizeof host);
    }
    printf("chitieu serve: http://%s:%u/ (database %s, %u threads)\n", host, port, s->db_path,
           c->threads);
    fflush(stdout);
}

/* Wait for a stop signal, then for the requests in flight: at most grace,
 * and a second signal ends the wait. 0 when every request finished (the
 * workers are stopped), else the number cut: the workers are still busy
 * and the caller ends the process (a write cut that way is rolled back by
 * SQLite, never half stored). */
static int wait_and_drain(srv *s, struct MHD_Daemon *d, sigset_t *set)
{
    int sig;
    do { /* the header deadline is kept meanwhile */
        struct timespec tick = {0, 200 * 1000 * 1000};
        sig = sigtimedwait(set, NULL, &tick);
        if (sig < 0) reap(s);
    } while (sig < 0);
    fprintf(stderr, "chitieu serve: %s: finishing the requests in flight\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT");
    MHD_socket ls = MHD_quiesce_daemon(d); /* no new connections */
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (atomic_load(&s->http->inflight) > 0 && ms_since(&t0) < s->conf->grace * 1000.0) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        if (sigtimedwait(set, NULL, &ts) > 0) {
            fprintf(stderr, "chitieu serve: a second signal: stopping now\n");
            break;
        }
    }
    int left = atomic_load(&s->http->inflight);
    if (left) {
        fprintf(stderr, "chitieu serve: %d request(s) cut after --grace\n", left);
        return left;
    }
    MHD_stop_daemon(d);
    if (ls != MHD_INVALID_SOCKET) close(ls);
    return 0;
}

int srv_run(const srv_conf *conf, ct_error *err)
{
    ct_error_clear(err);
    srv *s = calloc(1, sizeof *s);
    struct srv_http *h = calloc(1, sizeof *h);
    if (!s || !h) {
        free(s);
        free(h);
        return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    }
    s->cat = conf->cat;
    s->db_path = conf->db_path;
    s->read_token = conf->read_token;
    s->max_body = conf->max_body;
    s->areas = conf->areas;
    s->areas_len = conf->areas_len;
    s->conf = conf;
    s->http = h;
    pthread_mutex_init(&s->writing, NULL);
    pthread_mutex_init(&h->cache_mu, NULL);
    pthread_mutex_init(&h->conn_mu, NULL);
    h->conns.next = h->conns.prev = &h->conns;
    pthread_cond_init(&h->cache_cv, NULL);
    h->lru.next = h->lru.prev = &h->lru;
    atomic_store(&s->gen, 1);
    int rc = CT_OK, keyed = 0;
    if (pthread_key_create(&h->worker_key, worker_free)) {
        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
        goto out;
    }
    keyed = 1;
    /* workers inherit a mask without the stop signals: only this thread waits for them */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = start_daemon(s);
    if (!d) {
        rc = ct_error_set(err, CT_EIO, -1, 0, "cannot listen on %s: %s", conf->listen,
                          errno ? strerror(errno) : "address in use or not available");
        goto out;
    }
    print_address(s, d);
    if (wait_and_drain(s, d, &set)) {
        /* MHD_stop_daemon would wait for the cut requests: --grace bounds the stop */
        fprintf(stderr, "chitieu serve: stopped\n");
        fflush(NULL);
        _exit(0);
    }
    cache_clear(s);
    fprintf(stderr, "chitieu serve: stopped\n");
out:
    if (keyed) pthread_key_delete(h->worker_key);
    pthread_cond_destroy(&h->cache_cv);
    pthread_mutex_destroy(&h->cache_mu);
    pthread_mutex_destroy(&h->conn_mu);
    pthread_mutex_destroy(&s->writing);
    free(h);
    free(s);
    return rc;
}
