/* http.c — `chitieu serve`: the HTTP side of the server on libmicrohttpd.
 *
 * Threads: MHD's internal thread pool over epoll, one store connection per
 * worker thread (opened on its first request, closed when it exits). The
 * catalogue is shared read-only.
 *
 * Limits: connections (total, per client address), bytes of request
 * header (MHD's per-connection memory: 431/414 beyond it), bytes of body
 * (413, checked on Content-Length before any byte is read and again as
 * bytes arrive), idle time per connection (MHD closes a silent client) and
 * whole time of an upload (a trickling body is cut).
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
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CACHE_SLOTS 1024

typedef struct centry {
    char *key;
    long long gen;
    int status;
    size_t len;
    char etag[24];
    struct MHD_Response *resp;
} centry;

/* Everything of the HTTP side, reached from the srv libmicrohttpd hands
 * every callback. */
struct srv_http {
    atomic_int inflight;
    pthread_key_t worker_key;
    pthread_rwlock_t cache_lock;
    centry cache[CACHE_SLOTS];
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
    if (w->have_dv && v != w->dv) atomic_fetch_add(&s->gen, 1);
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

static void cache_put(srv *s, const char *key, long long gen, const char etag[24], int status,
                      size_t len, struct MHD_Response *resp)
{
    unsigned long long h = fnv(key, strlen(key), 1469598103934665603ULL);
    centry *e = &s->http->cache[h % CACHE_SLOTS];
    char *k = strdup(key);
    if (!k) return;
    pthread_rwlock_wrlock(&s->http->cache_lock);
    /* a replaced response stays alive while its queued uses last: MHD
     * frees it at the last MHD_destroy_response */
    if (e->resp) MHD_destroy_response(e->resp);
    free(e->key);
    e->key = k;
    e->gen = gen;
    e->status = status;
    e->len = len;
    memcpy(e->etag, etag, 24);
    e->resp = resp;
    pthread_rwlock_unlock(&s->http->cache_lock);
}

static void cache_clear(srv *s)
{
    pthread_rwlock_wrlock(&s->http->cache_lock);
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (s->http->cache[i].resp) MHD_destroy_response(s->http->cache[i].resp);
        free(s->http->cache[i].key);
        memset(&s->http->cache[i], 0, sizeof s->http->cache[i]);
    }
    pthread_rwlock_unlock(&s->http->cache_lock);
}

/* ---- per-request state ------------------------------------------------------ */

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
    if (!r) return;
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

static enum MHD_Result send_simple(struct MHD_Connection *c, req *r, int status, const char *msg)
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
    enum MHD_Result ok = reply(c, r, status, resp, n);
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

/* Answer from the cache when key is there at generation gen: 1 (and *ok),
 * else 0. The response is queued under the read lock, so a writer that
 * replaces the entry cannot free it first (MHD holds its own reference
 * from the moment it is queued). */
static int cache_serve(srv *s, struct MHD_Connection *c, req *r, const char *key, long long gen,
                       const char *cc, enum MHD_Result *ok)
{
    unsigned long long h = fnv(key, strlen(key), 1469598103934665603ULL);
    centry *e = &s->http->cache[h % CACHE_SLOTS];
    int served = 0;
    char etag[24];
    pthread_rwlock_rdlock(&s->http->cache_lock);
    if (e->key && e->gen == gen && !strcmp(e->key, key)) {
        served = 1;
        memcpy(etag, e->etag, sizeof etag);
        if (!etag_matches(c, etag)) {
            *ok = reply(c, r, e->status, e->resp, e->len);
            served = 2;
        }
    }
    pthread_rwlock_unlock(&s->http->cache_lock);
    if (served == 1) *ok = send_not_modified(c, r, etag, cc);
    return served != 0;
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
    ct_buf *key;
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
    ct_buf_putc(a->key, a->rq->nargs == 1 ? '?' : '&');
    ct_buf_puts(a->key, key);
    ct_buf_putc(a->key, '=');
    if (value) ct_buf_puts(a->key, value);
    return MHD_YES;
}

/* Send what srv_api answered: cached when it says its body depends only
 * on the URL and the data (public reads), with an ETag. */
static enum MHD_Result send_api(srv *s, struct MHD_Connection *c, req *r, int get, srv_resp *rs,
                                const ct_buf *key, long long gen, const char *cc)
{
    enum MHD_Result ok = MHD_NO;
    size_t len = rs->body.len;
    /* the body moves into the response (MHD frees it, with the library's allocator) */
    struct MHD_Response *resp =
        rs->body.data
            ? MHD_create_response_from_buffer_with_free_callback(len, rs->body.data, ct_free)
            : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        ct_buf_free(&rs->body);
        return MHD_NO;
    }
    common_headers(resp, rs->type ? rs->type : "application/json");
    if (rs->allow[0]) MHD_add_response_header(resp, "Allow", rs->allow);
    if (rs->status == 401) MHD_add_response_header(resp, "WWW-Authenticate", "Bearer");
    if (get && rs->status == 200 && rs->cacheable) {
        char etag[24];
        snprintf(etag, sizeof etag, "\"%016llx\"",
                 fnv(rs->body.data ? rs->body.data : "", len, 1469598103934665603ULL));
        MHD_add_response_header(resp, "ETag", etag);
        MHD_add_response_header(resp, "Cache-Control", cc);
        if (etag_matches(c, etag)) {
            ok = send_not_modified(c, r, etag, cc);
            r->bytes = 0;
        } else
            ok = reply(c, r, 200, resp, len);
        if (!s->read_token && !key->oom) {
            cache_put(s, key->data, gen, etag, 200, len, resp); /* the cache owns our reference */
            resp = NULL;
        }
    } else {
        MHD_add_response_header(resp, "Cache-Control", "no-store");
        ok = reply(c, r, rs->status, resp, len);
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
    ct_buf key;
    ct_buf_init(&key);
    ct_buf_puts(&key, url);
    argv_ av = {&rq, &key, 0};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_arg, &av);
    if (av.overflow) {
        ct_buf_free(&key);
        return send_simple(c, r, 400, "too many query arguments");
    }
    rq.body = r->body.data;
    rq.body_len = r->body.len;
    rq.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    rq.authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");

    ct_error err;
    worker *w = this_worker(s, &err);
    if (!w) {
        ct_buf_free(&key);
        fprintf(stderr, "chitieu serve: %s\n", err.msg);
        return send_simple(c, r, 503, "database unavailable");
    }
    notice_changes(s, w);
    long long gen = atomic_load(&s->gen);
    const char *cc = s->read_token ? "private, no-cache" : "no-cache";

    /* a cached read (public reads only: with --read-token the token is checked each time) */
    if (get && !s->read_token && !key.oom) {
        enum MHD_Result ok;
        if (cache_serve(s, c, r, key.data, gen, cc, &ok)) {
            ct_buf_free(&key);
            return ok;
        }
    }
    srv_resp rs;
    memset(&rs, 0, sizeof rs);
    ct_buf_init(&rs.body);
    srv_api(s, w->st, &rq, &rs);
    snprintf(r->who, sizeof r->who, "%s", rs.who);
    if (rs.changed) notice_changes(s, w); /* our own commit is not "elsewhere" */
    enum MHD_Result ok = send_api(s, c, r, get, &rs, &key, gen, cc);
    ct_buf_free(&key);
    return ok;
}

/* The first call of a request: its state, and a declared body too large
 * refused before it is read. */
static enum MHD_Result start(srv *s, struct MHD_Connection *c, const char *url, const char *method,
                             void **con_cls)
{
    req *r = calloc(1, sizeof *r);
    if (!r) return MHD_NO;
    clock_gettime(CLOCK_MONOTONIC, &r->t0);
    snprintf(r->method, sizeof r->method, "%s", method);
    snprintf(r->path, sizeof r->path, "%s", url);
    *con_cls = r;
    atomic_fetch_add(&s->http->inflight, 1);
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (cl) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        if (errno || *end || n > s->max_body) r->too_big = 1;
    }
    if (r->too_big) return send_simple(c, r, 413, "request body too large");
    return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    srv *s = cls;
    (void)version;
    req *r = *con_cls;
    if (!r) return start(s, c, url, method, con_cls);
    if (*upload_size) {
        if (ms_since(&r->t0) > s->conf->request_time * 1000.0) return MHD_NO; /* trickling body */
        if (!r->too_big) {
            if (r->body.len + *upload_size > s->max_body)
                r->too_big = 1;
            else
                ct_buf_append(&r->body, upload, *upload_size);
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->status) return MHD_YES; /* answered already (413 on Content-Length) */
    if (r->too_big) return send_simple(c, r, 413, "request body too large");
    if (r->body.oom) return send_simple(c, r, 503, "out of memory");

    int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    if (!get && strcmp(method, "POST") && strcmp(method, "DELETE"))
        return send_simple(c, r, 405, "method not allowed");

    /* the dashboard */
    if (get && strncmp(url, "/api/", 5) && strcmp(url, "/healthz")) {
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

/* Wait for a stop signal, then for the requests in flight (at most grace). */
static void wait_and_drain(srv *s, struct MHD_Daemon *d, sigset_t *set)
{
    int sig = 0;
    sigwait(set, &sig);
    fprintf(stderr, "chitieu serve: %s: finishing the requests in flight\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT");
    MHD_socket ls = MHD_quiesce_daemon(d); /* no new connections */
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (atomic_load(&s->http->inflight) > 0 && ms_since(&t0) < s->conf->grace * 1000.0) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    int left = atomic_load(&s->http->inflight);
    MHD_stop_daemon(d);
    if (ls != MHD_INVALID_SOCKET) close(ls);
    if (left) fprintf(stderr, "chitieu serve: %d request(s) cut after --grace\n", left);
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
    pthread_rwlock_init(&h->cache_lock, NULL);
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
    wait_and_drain(s, d, &set);
    cache_clear(s);
    fprintf(stderr, "chitieu serve: stopped\n");
out:
    if (keyed) pthread_key_delete(h->worker_key);
    pthread_rwlock_destroy(&h->cache_lock);
    pthread_mutex_destroy(&s->writing);
    free(h);
    free(s);
    return rc;
}
