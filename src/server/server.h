/* server.h — `chitieu serve`: the pieces of the HTTP server.
 *
 * http.c   libmicrohttpd glue: listening, limits, request bodies, the
 *          response cache, the access log, graceful shutdown;
 * api.c    the JSON API: a request in, a response out, no sockets (so the
 *          fuzzer and the tests can call it directly);
 * files.c  the dashboard's files (web/) and the area list (data/areas.tsv),
 *          compiled into the binary.
 *
 * The server formats; the library decides (store, ingest, series, check,
 * targets, chart, report). Each worker thread has its own store
 * connection. Everything the server holds lives in one srv, passed to
 * libmicrohttpd as its context: no process globals. Option parsing and
 * the exit statuses are the command line's (src/cli/cmd_serve.c). */
#ifndef CHITIEU_SERVER_H
#define CHITIEU_SERVER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "chitieu/chitieu.h"

#include <sys/socket.h>

/* ---- how to run: filled by the command line ---- */
typedef struct srv_conf {
    struct sockaddr_storage addr; /* where to listen (srv_parse_listen) */
    socklen_t addr_len;
    const char *listen; /* as given, for messages */
    const ct_catalog *cat;
    const char *db_path;
    int read_token; /* reads need a token too */
    unsigned threads, max_conn, per_ip, timeout, request_time, grace;
    size_t max_body, max_header; /* bytes */
    int log_fd;                  /* access log, -1 for none */
    const char *areas;           /* the area list (TSV) */
    size_t areas_len;
} srv_conf;

/* "HOST:PORT" or "[V6]:PORT" into conf->addr: 0, or -1 when it does not parse. */
int srv_parse_listen(const char *s, srv_conf *conf);
/* Serve until SIGTERM or SIGINT, then finish the requests in flight (at
 * most conf->grace seconds). CT_OK after a signal; CT_EIO when it cannot
 * listen, CT_ENOMEM (err filled). Prints its address on stdout and its
 * notices on stderr. */
int srv_run(const srv_conf *conf, ct_error *err);

/* ---- shared state ---- */
struct srv_http; /* http.c: the response cache, workers, requests in flight */
typedef struct srv {
    const ct_catalog *cat;
    const char *db_path;
    int read_token;          /* reads need a token too */
    size_t max_body;         /* bytes */
    pthread_mutex_t writing; /* one writer at a time in this process */
    atomic_llong gen;        /* bumped on every change of the data */
    const char *areas;       /* the area list (TSV) */
    size_t areas_len;
    const srv_conf *conf;  /* NULL without sockets (tests, fuzzer) */
    struct srv_http *http; /* NULL without sockets */
} srv;

/* ---- one request, as the API sees it ---- */
typedef struct srv_arg {
    const char *key, *value;
} srv_arg;

#define SRV_MAX_ARGS 16

typedef struct srv_req {
    const char *method; /* "GET", "POST", "DELETE", "HEAD" */
    const char *path;   /* decoded, without the query */
    srv_arg args[SRV_MAX_ARGS];
    int nargs;
    const char *body;
    size_t body_len;
    const char *content_type;  /* or NULL */
    const char *authorization; /* the Authorization header, or NULL */
} srv_req;

typedef struct srv_resp {
    int status;
    const char *type; /* Content-Type */
    ct_buf body;
    int cacheable; /* a read whose body depends only on the URL and the data */
    int changed;   /* the request changed the data */
    char who[80];  /* the token's name, for the access log ("" none) */
    char allow[32];
} srv_resp;

/* Handle rq with store st (this thread's); fills rs (caller frees rs->body). */
void srv_api(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);

/* The value of query argument key, or NULL. */
const char *srv_arg_get(const srv_req *rq, const char *key);

/* ---- files.c ---- */
typedef struct srv_file {
    const char *path; /* "/index.html" */
    const char *type;
    const unsigned char *data;
    size_t len;
} srv_file;
/* The compiled-in dashboard file at path, or NULL. */
const srv_file *srv_file_find(const char *path);
/* The compiled-in data/areas.tsv. */
const srv_file *srv_areas_file(void);

#endif
