/* db.c — what the database commands share: where the database is, the
 * catalogue, reading a whole document, extracting it into memory, and
 * running the checker over stored and fresh records indicator by
 * indicator (so that memory holds one indicator at a time). */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

const char *cli_db_path(const char *opt)
{
    if (opt && *opt) return opt;
    const char *e = getenv("CHITIEU_DB");
    return e && *e ? e : "chitieu.db";
}

int cli_open_store(const char *path, ct_store **st)
{
    ct_error err;
    int rc = ct_store_open(path, st, &err);
    if (rc == CT_OK) return EXIT_OK;
    fprintf(stderr, "%s: %s\n", cli_prog, err.msg);
    return rc == CT_ENOMEM ? EXIT_OSERR : rc == CT_EIO ? EXIT_IOERR : EXIT_DATAERR;
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
        status = cli_open_store(cli_db_path(db), st);
    }
    if (status) {
        ct_catalog_free(*cat);
        *cat = NULL;
    }
    return status;
}

int cli_as_of(const char *cmd, const char *asof, int *month)
{
    int y, m, d;
    if (asof) {
        if (cli_parse_date(asof, &y, &m, &d)) {
            fprintf(stderr, "chitieu %s: --as-of '%s': expected YYYY-MM\n", cmd, asof);
            return EXIT_USAGE;
        }
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

/* ---- extraction into memory ---------------------------------------------- */

static int keep_record(void *ud, const ct_record *r)
{
    cli_doc *d = ud;
    if (d->nrecs == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        ct_record *v = realloc(d->recs, cap * sizeof *v);
        if (!v) return 1;
        d->recs = v;
        d->cap = cap;
    }
    d->recs[d->nrecs++] = *r;
    return 0;
}

int cli_extract_doc(const ct_catalog *cat, cli_doc *d, ct_error *err)
{
    ct_extract_opts o = {.pub_year = d->pub_y, .pub_month = d->pub_m, .pub_day = d->pub_d};
    d->nrecs = 0;
    return ct_extract_buffer(cat, &o, d->text.data ? d->text.data : "", d->text.len, keep_record, d,
                             err);
}

void cli_doc_free(cli_doc *d)
{
    free(d->name);
    ct_buf_free(&d->text);
    free(d->recs);
    memset(d, 0, sizeof *d);
}

/* ---- checking ------------------------------------------------------------ */

typedef struct codes {
    char **v;
    size_t n, cap;
} codes;

static int codes_add(codes *c, const char *s)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i], s)) return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        char **v = realloc(c->v, cap * sizeof *v);
        if (!v) return -1;
        c->v = v;
        c->cap = cap;
    }
    if (!(c->v[c->n] = strdup(s))) return -1;
    c->n++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int on_code(void *ud, const char *code, long long n)
{
    (void)n;
    return codes_add(ud, code) != 0;
}

static int on_obs_code(void *ud, const ct_obs *ob)
{
    return codes_add(ud, ob->indicator) != 0;
}

typedef struct feed {
    ct_checker *ck;
    const cli_check_opts *o;
    int oom;
} feed;

static int judged_id(const cli_check_opts *o, long long id)
{
    if (o->all) return 1;
    for (size_t i = 0; i < o->njudged; i++)
        if (o->judged[i] == id) return 1;
    return 0;
}

static int on_stored(void *ud, const ct_obs *ob)
{
    feed *f = ud;
    /* a document being checked from its file replaces its stored copy */
    for (size_t i = 0; i < f->o->nfresh; i++)
        if (!strcmp(f->o->fresh[i].name, ob->doc)) return 0;
    if (ct_checker_add(f->ck, ob, judged_id(f->o, ob->doc_id)) != CT_OK) f->oom = 1;
    return f->oom;
}

static int wanted(const ct_indicator *focus, const char *code)
{
    if (!strcmp(focus->code, code)) return 1;
    for (int p = 0; p < 8 && focus->parts[p]; p++)
        if (!strcmp(focus->parts[p], code)) return 1;
    return 0;
}

int cli_check(ct_store *st, const ct_catalog *cat, const cli_check_opts *o, ct_finding_fn fn,
              void *ud, ct_error *err)
{
    codes c = {0};
    int rc = CT_OK, total = 0;
    ct_error_clear(err);
    if (o->all && st) rc = ct_store_indicators(st, on_code, &c, err);
    for (size_t i = 0; i < o->nfresh && rc == CT_OK; i++)
        for (size_t k = 0; k < o->fresh[i].nrecs; k++)
            if (codes_add(&c, o->fresh[i].recs[k].ind->code)) rc = CT_ENOMEM;
    for (size_t i = 0; i < o->njudged && rc == CT_OK && st && !o->all; i++) {
        /* the indicators of documents just stored */
        ct_obs_query q = {NULL, o->judged[i], 0};
        rc = ct_store_records(st, NULL, &q, on_obs_code, &c, err);
    }
    /* wholes whose parts are checked */
    size_t n0 = c.n;
    for (size_t k = 0; k < ct_catalog_count(cat) && rc == CT_OK; k++) {
        const ct_indicator *ind = ct_catalog_at(cat, k);
        for (int p = 0; p < 8 && ind->parts[p]; p++)
            for (size_t i = 0; i < n0; i++)
                if (!strcmp(c.v[i], ind->parts[p]) && codes_add(&c, ind->code)) rc = CT_ENOMEM;
    }
    if (c.n) qsort(c.v, c.n, sizeof *c.v, cmp_str);
    ct_checker *ck = ct_checker_new(cat);
    if (!ck) rc = CT_ENOMEM;
    for (size_t i = 0; i < c.n && rc == CT_OK; i++) {
        const ct_indicator *focus = ct_catalog_find(cat, c.v[i]);
        if (!focus) continue;
        ct_checker_clear(ck);
        feed f = {ck, o, 0};
        const char *load[9] = {focus->code};
        int nl = 1;
        for (int p = 0; p < 8 && focus->parts[p]; p++)
            load[nl++] = focus->parts[p];
        for (int l = 0; l < nl && st && rc == CT_OK; l++) {
            ct_obs_query q = {load[l], 0, 0};
            rc = ct_store_records(st, cat, &q, on_stored, &f, err);
            q.targets = 1;
            if (rc == CT_OK) rc = ct_store_records(st, cat, &q, on_stored, &f, err);
        }
        for (size_t d = 0; d < o->nfresh && rc == CT_OK; d++) {
            for (size_t k = 0; k < o->fresh[d].nrecs; k++) {
                const ct_record *r = &o->fresh[d].recs[k];
                if (!wanted(focus, r->ind->code)) continue;
                ct_obs ob;
                memset(&ob, 0, sizeof ob);
                ob.doc = o->fresh[d].name;
                ob.indicator = r->ind->code;
                ob.pub_y = o->fresh[d].pub_y;
                ob.pub_m = o->fresh[d].pub_m;
                ob.pub_d = o->fresh[d].pub_d;
                ob.rec = *r;
                if (ct_checker_add(ck, &ob, 1) != CT_OK) f.oom = 1;
            }
        }
        if (rc == CT_OK && f.oom) rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
        if (rc != CT_OK) break;
        int n = ct_checker_run(ck, focus->code, fn, ud);
        if (n < 0)
            rc = ct_error_set(err, n, -1, 0, "out of memory");
        else
            total += n;
    }
    ct_checker_free(ck);
    for (size_t i = 0; i < c.n; i++)
        free(c.v[i]);
    free(c.v);
    if (rc == CT_ENOMEM && err->code == CT_OK) ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    return rc == CT_OK ? total : rc;
}

/* ---- storing imported rows ------------------------------------------------ */

int cli_import_store(ct_import *im, const char *source, ct_store *st, cli_import_counts *c,
                     long long **ids, size_t *nids, ct_error *err)
{
    int rc = CT_OK;
    int *done = calloc(im->n + 1, sizeof *done);
    long long *off = malloc((im->n + 1) * sizeof *off);
    if (!done || !off) {
        free(done);
        free(off);
        return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    }
    for (size_t i = 0; i < im->n && rc == CT_OK; i++) {
        if (done[i]) continue;
        ct_buf text;
        ct_buf_init(&text);
        for (size_t j = i; j < im->n; j++)
            if (!done[j] && !strcmp(im->rows[j].doc, im->rows[i].doc)) {
                off[j] = (long long)text.len;
                ct_buf_append(&text, im->rows[j].raw, im->rows[j].raw_len);
            }
        if (text.oom) {
            ct_buf_free(&text);
            rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
            break;
        }
        ct_docinfo d;
        memset(&d, 0, sizeof d);
        d.name = im->rows[i].doc;
        d.source = im->rows[i].source ? im->rows[i].source : source;
        d.pub_y = im->rows[i].pub_y;
        d.pub_m = im->rows[i].pub_m;
        d.pub_d = im->rows[i].pub_d;
        d.text = text.data ? text.data : "";
        d.text_len = text.len;
        ct_store_hash(d.text, d.text_len, d.sha256);
        long long id;
        rc = ct_store_doc_find(st, d.sha256, &id, err);
        if (rc == CT_OK) {
            c->same++;
            for (size_t j = i; j < im->n; j++)
                if (!strcmp(im->rows[j].doc, im->rows[i].doc)) done[j] = 1;
        } else if (rc == CT_ENOENT) {
            rc = ct_store_doc_add(st, &d, err);
            for (size_t j = i; j < im->n && rc == CT_OK; j++) {
                if (done[j] || strcmp(im->rows[j].doc, im->rows[i].doc)) continue;
                done[j] = 1;
                ct_record *r = &im->rows[j].rec;
                if (!r->span[1]) { /* no span given: the row in the stored text */
                    r->span[0] = r->value_span[0] = off[j];
                    r->span[1] = r->value_span[1] = off[j] + (long long)im->rows[j].raw_len - 1;
                }
                rc = ct_store_record_add(st, d.id, r, err);
                c->records++;
            }
            if (rc == CT_OK) {
                c->docs++;
                if (ids) {
                    long long *v = realloc(*ids, (*nids + 1) * sizeof *v);
                    if (!v)
                        rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
                    else {
                        *ids = v;
                        v[(*nids)++] = d.id;
                    }
                }
            }
        }
        ct_buf_free(&text);
    }
    free(off);
    free(done);
    return rc;
}
