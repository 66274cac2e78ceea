/* cmd_serve.c — `chitieu serve`: the options of the HTTP server, checked
 * and turned into a srv_conf, the catalogue and the database opened (and
 * migrated) before the first request, then srv_run (src/server) until a
 * signal. The exit statuses are decided here. */
#include "chitieu/chitieu.h"
#include "cli.h"
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu serve [--listen HOST:PORT] [--db PATH] [--catalog FILE]\n"
          "                     [--threads N] [--max-connections N] [--max-per-ip N]\n"
          "                     [--max-body BYTES] [--max-header BYTES] [--timeout S]\n"
          "                     [--request-time S] [--grace S] [--read-token]\n"
          "                     [--access-log FILE|-|off] [--areas FILE]\n"
          "\n"
          "Serve the JSON API (/api/...) and the dashboard (/) on the database.\n"
          "Reads are open (--read-token: they need a token too); writes need a bearer\n"
          "token made with `chitieu token create`. SIGTERM or SIGINT: stop accepting,\n"
          "finish the requests in flight (at most --grace seconds), exit 0.\n"
          "\n"
          "  --listen A      address and port (default 127.0.0.1:8080; port 0: any free)\n"
          "  --threads N     worker threads (default: the number of CPUs, at least 2)\n"
          "  --max-connections N  open connections (default 1024); --max-per-ip N (0: no limit)\n"
          "  --max-body N    request body bytes (default 8388608): 413 beyond\n"
          "  --max-header N  request line and header bytes (default 16384): 431 beyond\n"
          "  --timeout S     idle seconds before a connection is closed, and the time a\n"
          "                  request's headers may take (default 15)\n"
          "  --request-time S  seconds to send a whole request body (default 60)\n"
          "  --access-log F  one line per request to F (default -, stderr; off: none)\n"
          "  --areas FILE    areas of the data-entry page (default: the built-in data/areas.tsv)\n"
          "\n"
          "Exit statuses: 0 stopped by a signal, 64 usage, 65 not a database chitieu can\n"
          "read, 71 cannot listen, 74 database error, 78 bad catalogue.\n",
          fp);
}

static int parse_uint(const char *opt, const char *v, unsigned long long lo, unsigned long long hi,
                      unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long n = v ? strtoull(v, &end, 10) : 0;
    if (!v || errno || *end || !*v || n < lo || n > hi) {
        fprintf(stderr, "chitieu serve: %s '%s': expected a number from %llu to %llu\n", opt,
                v ? v : "", lo, hi);
        return -1;
    }
    *out = n;
    return 0;
}

/* The numeric options, each against its range. */
typedef struct limits {
    const char *threads, *max_conn, *per_ip, *max_body, *max_header, *timeout, *request_time,
        *grace;
} limits;

static int parse_limits(const limits *l, srv_conf *c)
{
    unsigned long long v;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    c->threads = ncpu < 2 ? 2 : ncpu > 64 ? 64 : (unsigned)ncpu;
    if (l->threads) {
        if (parse_uint("--threads", l->threads, 1, 256, &v)) return -1;
        c->threads = (unsigned)v;
    }
    if (parse_uint("--max-connections", l->max_conn, 1, 100000, &v)) return -1;
    c->max_conn = (unsigned)v;
    if (parse_uint("--max-per-ip", l->per_ip, 0, 100000, &v)) return -1;
    c->per_ip = (unsigned)v;
    if (parse_uint("--max-body", l->max_body, 1, 1ULL << 32, &v)) return -1;
    c->max_body = (size_t)v;
    if (parse_uint("--max-header", l->max_header, 1024, 1 << 20, &v)) return -1;
    c->max_header = (size_t)v;
    if (parse_uint("--timeout", l->timeout, 1, 3600, &v)) return -1;
    c->timeout = (unsigned)v;
    if (parse_uint("--request-time", l->request_time, 1, 86400, &v)) return -1;
    c->request_time = (unsigned)v;
    if (parse_uint("--grace", l->grace, 0, 3600, &v)) return -1;
    c->grace = (unsigned)v;
    return 0;
}

static int open_log(const char *logp, srv_conf *c)
{
    if (!strcmp(logp, "off"))
        c->log_fd = -1;
    else if (!strcmp(logp, "-"))
        c->log_fd = STDERR_FILENO;
    else if ((c->log_fd = open(logp, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640)) < 0) {
        fprintf(stderr, "chitieu serve: --access-log %s: %s\n", logp, strerror(errno));
        return EXIT_IOERR;
    }
    return 0;
}

/* Open the catalogue and check that the database opens (and migrates)
 * before the first request; then serve. */
static int serve(srv_conf *c, const char *catalog, const char *db)
{
    int status = 0;
    ct_catalog *cat = cli_catalog(catalog, &status);
    if (!cat) return status;
    c->cat = cat;
    c->db_path = cli_db_path(db);
    ct_store *st;
    if ((status = cli_open_store(c->db_path, &st)) != 0) {
        ct_catalog_free(cat);
        return status;
    }
    ct_store_close(st);
    ct_error err;
    int rc = srv_run(c, &err);
    if (rc != CT_OK) {
        fprintf(stderr, "chitieu serve: %s\n", err.msg);
        status = EXIT_OSERR;
    }
    ct_catalog_free(cat);
    return status;
}

int cmd_serve(int argc, char **argv)
{
    const char *listen = "127.0.0.1:8080", *db = NULL, *catalog = NULL, *logp = "-", *areas = NULL;
    limits l = {NULL, "1024", "0", "8388608", "16384", "15", "60", "10"};
    srv_conf c;
    memset(&c, 0, sizeof c);
    const cli_opt opts[] = {{"--listen", NULL, &listen, NULL},
                            {"--db", NULL, &db, NULL},
                            {"--catalog", NULL, &catalog, NULL},
                            {"--threads", NULL, &l.threads, NULL},
                            {"--max-connections", NULL, &l.max_conn, NULL},
                            {"--max-per-ip", NULL, &l.per_ip, NULL},
                            {"--max-body", NULL, &l.max_body, NULL},
                            {"--max-header", NULL, &l.max_header, NULL},
                            {"--timeout", NULL, &l.timeout, NULL},
                            {"--request-time", NULL, &l.request_time, NULL},
                            {"--grace", NULL, &l.grace, NULL},
                            {"--access-log", NULL, &logp, NULL},
                            {"--areas", NULL, &areas, NULL},
                            {"--read-token", NULL, NULL, &c.read_token},
                            {NULL, NULL, NULL, NULL}};
    int prc = cli_parse("serve", argc, argv, opts, NULL, 0, NULL, usage);
    if (prc) return prc < 0 ? EXIT_OK : prc;
    if (parse_limits(&l, &c)) return EXIT_USAGE;
    c.listen = listen;
    if (srv_parse_listen(listen, &c)) {
        fprintf(stderr,
                "chitieu serve: --listen '%s': expected HOST:PORT (127.0.0.1:8080, "
                "[::1]:8080)\n",
                listen);
        return EXIT_USAGE;
    }
    int status = open_log(logp, &c);
    if (status) return status;
    ct_buf area_buf;
    ct_buf_init(&area_buf);
    if (areas) {
        status = cli_slurp(areas, &area_buf);
        c.areas = area_buf.data ? area_buf.data : "";
        c.areas_len = area_buf.len;
    } else {
        const srv_file *af = srv_areas_file();
        c.areas = (const char *)af->data;
        c.areas_len = af->len;
    }
    if (!status) status = serve(&c, catalog, db);
    if (c.log_fd > STDERR_FILENO) close(c.log_fd);
    ct_buf_free(&area_buf);
    return status;
}
