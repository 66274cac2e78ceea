/* db.c — what the database commands share: where the database is, the
 * catalogue, the month a command judges as of, and reading a whole
 * document. (Extracting, storing and checking are the library's: ingest.h,
 * check.h.) */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *cli_db_path(const char *opt)
{
    if (opt && *opt) return opt;
    const char *e = getenv("CHITIEU_DB");
    return e && *e ? e : "chitieu.db";
}

int cli_open_store(const char *path, ct_store **st)
{
    ct_error err;
    if (ct_store_open(path, st, &err) == CT_OK) return EXIT_OK;
    return cli_fail(CLI_OPEN, NULL, &err);
}

ct_catalog *cli_catalog(const char *extra, int *status)
{
    ct_error err;
    ct_catalog *cat = ct_catalog_load_default(&err);
    if (cat && extra && ct_catalog_merge(cat, extra, &err) != CT_OK) {
        ct_catalog_free(cat);
        cat = NULL;
    }
    if (!cat) {
        fprintf(stderr, "%s: %s\n", cli_prog, err.msg);
        *status = EXIT_CONFIG;
    }
    return cat;
}

int cli_open_existing(const char *cmd, const char *path, ct_store **st)
{
    /* a read command on a mistyped path would otherwise create an empty
     * database there and report nothing, successfully */
    struct stat sb;
    *st = NULL;
    /* (a PostgreSQL URL names a database the server has or refuses) */
    if (strcmp(path, ":memory:") && !ct_store_is_url(path) && stat(path, &sb) != 0) {
        fprintf(stderr, "chitieu %s: %s: no such database (chitieu ingest creates one)\n", cmd,
                path);
        return EXIT_NOINPUT;
    }
    return cli_open_store(path, st);
}

int cli_open(const char *cmd, const char *catalog, const char *db, const char *code,
             ct_catalog **cat, ct_store **st)
{
    int status = EXIT_OK;
    *st = NULL;
    if (!(*cat = cli_catalog(catalog, &status))) return status;
    if (code && !ct_catalog_find(*cat, code)) {
        fprintf(stderr, "chitieu %s: unknown indicator '%s' (chitieu catalog lists them)\n", cmd,
                code);
        status = EXIT_NOINPUT;
    } else {
        status = cli_open_existing(cmd, cli_db_path(db), st);
    }
    if (status) {
        ct_catalog_free(*cat);
        *cat = NULL;
    }
    return status;
}

int cli_periods(const char *cmd, const ct_catalog *cat, const char *from, const char *to,
                ct_period *pf, ct_period *pt)
{
    const char *v[2] = {from, to};
    ct_period *p[2] = {pf, pt};
    for (int i = 0; i < 2; i++) {
        if (!v[i]) continue;
        int rc = ct_period_parse_text(cat, v[i], strlen(v[i]), p[i]);
        if (rc == CT_ENOMEM) return EXIT_OSERR;
        if (rc != CT_OK) {
            fprintf(stderr,
                    "chitieu %s: bad period '%s' (2023, 2023-Q1, 2023-S1, 2023-02, \"quý "
                    "1/2024\", \"6 tháng đầu năm 2024\"...)\n",
                    cmd, v[i]);
            return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

int cli_as_of(const char *cmd, const char *asof, int *month)
{
    int y, m;
    if (asof) {
        ct_date dt;
        if (ct_date_parse(asof, &dt)) {
            fprintf(stderr, "chitieu %s: --as-of '%s': expected YYYY-MM\n", cmd, asof);
            return EXIT_USAGE;
        }
        y = dt.y, m = dt.m;
    } else {
        time_t now = time(NULL);
        struct tm tmv;
        gmtime_r(&now, &tmv);
        y = tmv.tm_year + 1900;
        m = tmv.tm_mon + 1;
    }
    *month = CT_MONTH(y, m);
    return EXIT_OK;
}

char *cli_doc_id(const char *path)
{
    if (!strcmp(path, "-")) return strdup("stdin");
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    char *s = malloc(n + 1);
    if (!s) return NULL;
    memcpy(s, b, n);
    s[n] = '\0';
    return s;
}

static int slurp_chunk(void *ud, const char *buf, size_t n)
{
    return ct_buf_append(ud, buf, n) == CT_OK ? 0 : EXIT_OSERR;
}

int cli_slurp(const char *path, ct_buf *out)
{
    ct_buf_reset(out);
    return cli_read(path, slurp_chunk, out, NULL);
}

typedef struct docref {
    long long *id;
    char *name;
    size_t size;
} docref;

static int take_ref(void *ud, const ct_docinfo *d)
{
    docref *r = ud;
    *r->id = d->id;
    snprintf(r->name, r->size, "%s", d->name);
    return 1;
}

int cli_doc_ref(ct_store *st, const char *name_or_id, long long *id, char *name, size_t size,
                ct_error *err)
{
    docref r = {id, name, size};
    return ct_store_doc_get(st, name_or_id, take_ref, &r, err);
}

const char *cli_who(const char *by)
{
    if (by && *by) return by;
    const char *u = getenv("USER");
    if (u && *u) return u;
    u = getlogin();
    return u && *u ? u : "unknown";
}
