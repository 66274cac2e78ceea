/* cmd_ingest.c — `chitieu ingest`: extract documents and store them, one
 * transaction per document (all of it or none), skipping content already
 * stored; `--reextract` reads the stored documents again after a grammar
 * or catalogue change. Per-file errors are reported and the others go on;
 * the summary gives documents, records and the findings about the new
 * documents. */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu ingest [--db PATH] [--published DATE] [--source NAME|URL]\n"
          "                      [--index FILE.tsv] [--catalog FILE] [--reextract]\n"
          "                      [--no-check] [--quiet] FILE|DIR...\n"
          "\n"
          "Extract each document and store it with its records in the database, one\n"
          "transaction per document. Content already stored is skipped (same SHA-256).\n"
          "A DIR stands for its regular files, in name order.\n"
          "\n"
          "  --db PATH         database (default $CHITIEU_DB, else ./chitieu.db)\n"
          "  --published DATE  publication date of the documents, YYYY-MM-DD or YYYY-MM\n"
          "  --source S        where they come from (default: the path read)\n"
          "  --index FILE.tsv  per-document dates and sources: lines 'doc<TAB>published\n"
          "                    [<TAB>source]', doc being the file name without extension\n"
          "  --catalog FILE    load FILE over the default indicator catalogue\n"
          "  --reextract       extract every stored document again (after a catalogue or\n"
          "                    grammar change); FILEs may be given too\n"
          "  --no-check        do not check the new documents at the end\n"
          "  --quiet           no summary\n"
          "\n"
          "Exit statuses: 0 all stored, 64 usage, 65 some input is not valid UTF-8 text,\n"
          "66 some input is missing, 71 out of memory, 74 I/O or database error,\n"
          "78 bad catalogue. The others are stored even when one fails.\n",
          fp);
}

void cli_progress(const char *label, long long done, long long total)
{
    static int tty = -1;
    if (tty < 0) tty = isatty(STDERR_FILENO);
    if (!tty || total < 2) return;
    int w = 30, fill = (int)(w * done / total);
    fprintf(stderr, "\r%s [", label);
    for (int i = 0; i < w; i++)
        fputc(i < fill ? '#' : ' ', stderr);
    fprintf(stderr, "] %lld/%lld", done, total);
    if (done >= total) fputc('\n', stderr);
    fflush(stderr);
}

typedef struct idx_entry {
    char *doc, *published, *source;
} idx_entry;

typedef struct ingest {
    ct_store *st;
    const ct_catalog *cat;
    const char *published, *source;
    idx_entry *idx;
    size_t nidx;
    long long *ids; /* documents stored (or re-extracted) in this run */
    size_t nids, capids;
    long long nnew, nsame, nfail, nobs, ntargets;
    int status;
    /* the open transaction: documents since its start, each in its own
     * savepoint; committed every BATCH_DOCS documents or BATCH_SECONDS */
    int in_tx;
    double tx_start;
    long long pend_docs, pend_obs, pend_targets;
    size_t pend_ids; /* ids[pend_ids..nids) are not committed yet */
} ingest;

#define BATCH_DOCS 200
#define BATCH_SECONDS 0.5

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void worse(ingest *g, int st)
{
    if (st > g->status) g->status = st;
}

static int load_index(ingest *g, const char *path)
{
    ct_buf b;
    ct_buf_init(&b);
    int rc = cli_slurp(path, &b);
    if (rc) {
        ct_buf_free(&b);
        return rc;
    }
    char *s = b.data ? b.data : "";
    long line = 0;
    while (*s) {
        char *nl = strchr(s, '\n');
        if (nl) *nl = '\0';
        line++;
        size_t len = strlen(s);
        if (len && s[len - 1] == '\r') s[len - 1] = '\0';
        char *f[3] = {s, NULL, NULL};
        for (int k = 1; k < 3; k++) {
            char *t = f[k - 1] ? strchr(f[k - 1], '\t') : NULL;
            if (!t) break;
            *t = '\0';
            f[k] = t + 1;
        }
        int y, m, d;
        if (*s && *s != '#' && strcmp(f[0], "doc") != 0) {
            if (!f[1] || cli_parse_date(f[1], &y, &m, &d)) {
                fprintf(stderr, "%s:%ld: expected 'doc<TAB>YYYY-MM-DD[<TAB>source]'\n", path, line);
                ct_buf_free(&b);
                return EXIT_DATAERR;
            }
            idx_entry *v = realloc(g->idx, (g->nidx + 1) * sizeof *v);
            if (!v) {
                ct_buf_free(&b);
                return EXIT_OSERR;
            }
            g->idx = v;
            v[g->nidx].doc = strdup(f[0]);
            v[g->nidx].published = strdup(f[1]);
            v[g->nidx].source = f[2] && *f[2] ? strdup(f[2]) : NULL;
            g->nidx++;
        }
        if (!nl) break;
        s = nl + 1;
    }
    ct_buf_free(&b);
    return 0;
}

static int remember(ingest *g, long long id)
{
    if (g->nids == g->capids) {
        size_t cap = g->capids ? g->capids * 2 : 64;
        long long *v = realloc(g->ids, cap * sizeof *v);
        if (!v) return -1;
        g->ids = v;
        g->capids = cap;
    }
    g->ids[g->nids++] = id;
    return 0;
}

/* Commit the open transaction; on failure its documents count as failed. */
static int flush_tx(ingest *g)
{
    if (!g->in_tx) return CT_OK;
    ct_error err;
    g->in_tx = 0;
    if (ct_store_commit(g->st, &err) != CT_OK) {
        ct_store_rollback(g->st);
        fprintf(stderr, "%s: %s: %lld documents not stored\n", cli_prog, err.msg, g->pend_docs);
        worse(g, EXIT_IOERR);
        g->nfail += g->pend_docs;
        g->nids = g->pend_ids;
        g->pend_docs = g->pend_obs = g->pend_targets = 0;
        return CT_EIO;
    }
    g->nnew += g->pend_docs;
    g->nobs += g->pend_obs;
    g->ntargets += g->pend_targets;
    g->pend_docs = g->pend_obs = g->pend_targets = 0;
    g->pend_ids = g->nids;
    return CT_OK;
}

/* Store doc (already extracted) whole or not at all: its own savepoint in
 * the open transaction, which is committed every BATCH_DOCS documents or
 * BATCH_SECONDS (a commit costs far more than a document). A crash loses
 * at most the documents of the open transaction, each entirely; ingesting
 * again stores them. */
static int store_doc(ingest *g, cli_doc *d, const char *source, long long reuse_id,
                     const char *path)
{
    ct_error err;
    int rc = CT_OK;
    if (!g->in_tx) {
        rc = ct_store_begin(g->st, &err);
        if (rc == CT_OK) {
            g->in_tx = 1;
            g->tx_start = now_s();
            g->pend_ids = g->nids;
        }
    }
    int marked = 0;
    if (rc == CT_OK && (rc = ct_store_mark(g->st, &err)) == CT_OK) marked = 1;
    ct_docinfo di;
    memset(&di, 0, sizeof di);
    di.id = reuse_id;
    if (rc == CT_OK && reuse_id) {
        rc = ct_store_doc_clear(g->st, reuse_id, &err);
    } else if (rc == CT_OK) {
        di.name = d->name;
        di.source = source;
        di.pub_y = d->pub_y;
        di.pub_m = d->pub_m;
        di.pub_d = d->pub_d;
        di.text = d->text.data ? d->text.data : "";
        di.text_len = d->text.len;
        rc = ct_store_doc_add(g->st, &di, &err);
    }
    long long nobs = 0, ntg = 0;
    for (size_t k = 0; k < d->nrecs && rc == CT_OK; k++) {
        rc = ct_store_record_add(g->st, di.id, &d->recs[k], &err);
        if (d->recs[k].type == CT_REC_TARGET)
            ntg++;
        else
            nobs++;
    }
    if (rc == CT_OK) rc = ct_store_release(g->st, &err);
    if (rc != CT_OK) {
        if (marked) ct_store_undo(g->st);
        fprintf(stderr, "%s: %s\n", path, err.msg);
        worse(g, rc == CT_ENOMEM ? EXIT_OSERR : EXIT_IOERR);
        g->nfail++;
        return rc;
    }
    g->pend_docs++;
    g->pend_obs += nobs;
    g->pend_targets += ntg;
    if (remember(g, di.id)) worse(g, EXIT_OSERR);
    if (g->pend_docs >= BATCH_DOCS || now_s() - g->tx_start >= BATCH_SECONDS) return flush_tx(g);
    return CT_OK;
}

static int extract_or_report(ingest *g, cli_doc *d, const char *path)
{
    ct_error err;
    if (cli_extract_doc(g->cat, d, &err) == CT_OK) return 0;
    const char *what = err.code == CT_EBINARY  ? "binary file (NUL byte), not text"
                       : err.code == CT_ENOMEM ? "out of memory"
                                               : "invalid UTF-8";
    fprintf(stderr, "%s:%lld: %s\n", path, err.offset, what);
    worse(g, err.code == CT_ENOMEM ? EXIT_OSERR : EXIT_DATAERR);
    g->nfail++;
    return -1;
}

static void ingest_file(ingest *g, const char *path)
{
    cli_doc d;
    memset(&d, 0, sizeof d);
    d.name = cli_doc_id(path);
    if (!d.name) {
        worse(g, EXIT_OSERR);
        g->nfail++;
        return;
    }
    int rc = cli_slurp(path, &d.text);
    if (rc) {
        worse(g, rc);
        g->nfail++;
        cli_doc_free(&d);
        return;
    }
    const char *pub = g->published, *source = path;
    if (g->source) source = g->source;
    for (size_t i = 0; i < g->nidx; i++)
        if (!strcmp(g->idx[i].doc, d.name)) {
            pub = g->idx[i].published;
            if (g->idx[i].source && !g->source) source = g->idx[i].source;
        }
    if (pub) cli_parse_date(pub, &d.pub_y, &d.pub_m, &d.pub_d);
    char hash[65];
    ct_store_hash(d.text.data ? d.text.data : "", d.text.len, hash);
    long long id;
    ct_error err;
    int f = ct_store_doc_find(g->st, hash, &id, &err);
    if (f == CT_OK) {
        g->nsame++;
    } else if (f != CT_ENOENT) {
        fprintf(stderr, "%s: %s\n", path, err.msg);
        worse(g, EXIT_IOERR);
        g->nfail++;
    } else if (extract_or_report(g, &d, path) == 0) {
        store_doc(g, &d, source, 0, path);
    }
    cli_doc_free(&d);
}

static int collect_id(void *ud, const ct_docinfo *d)
{
    ingest *g = ud;
    return remember(g, d->id);
}

static int take_doc(void *ud, const ct_docinfo *di)
{
    cli_doc *d = ud;
    d->name = strdup(di->name);
    d->pub_y = di->pub_y;
    d->pub_m = di->pub_m;
    d->pub_d = di->pub_d;
    ct_buf_append(&d->text, di->text, di->text_len);
    return 0;
}

static void reextract_all(ingest *g)
{
    ct_error err;
    size_t mark = g->nids;
    if (ct_store_docs(g->st, 0, collect_id, g, &err) != CT_OK) {
        fprintf(stderr, "%s: %s\n", cli_prog, err.msg);
        worse(g, EXIT_IOERR);
        return;
    }
    size_t n = g->nids - mark;
    long long *ids = malloc((n ? n : 1) * sizeof *ids);
    if (!ids) {
        worse(g, EXIT_OSERR);
        return;
    }
    memcpy(ids, g->ids + mark, n * sizeof *ids);
    g->nids = mark;
    for (size_t i = 0; i < n; i++) {
        char key[32];
        snprintf(key, sizeof key, "%lld", ids[i]);
        cli_doc d;
        memset(&d, 0, sizeof d);
        if (ct_store_doc_get(g->st, key, take_doc, &d, &err) != CT_OK || !d.name || d.text.oom) {
            fprintf(stderr, "%s: document %lld: %s\n", cli_prog, ids[i],
                    err.code ? err.msg : "out of memory");
            worse(g, EXIT_IOERR);
            g->nfail++;
        } else if (extract_or_report(g, &d, d.name) == 0) {
            store_doc(g, &d, NULL, ids[i], d.name);
        }
        cli_doc_free(&d);
        cli_progress("re-extract", (long long)i + 1, (long long)n);
    }
    free(ids);
}

static int add_path(char ***v, size_t *n, size_t *cap, const char *p)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        char **nv = realloc(*v, c * sizeof *nv);
        if (!nv) return -1;
        *v = nv;
        *cap = c;
    }
    if (!((*v)[*n] = strdup(p))) return -1;
    (*n)++;
    return 0;
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int count_finding(void *ud, const ct_finding *f)
{
    (void)f;
    (*(long long *)ud)++;
    return 0;
}

int cmd_ingest(int argc, char **argv)
{
    const char *db = NULL, *published = NULL, *source = NULL, *index = NULL, *catalog = NULL;
    int reextract = 0, quiet = 0, nocheck = 0;
    char **paths = NULL;
    size_t npaths = 0, cap = 0;
    int status = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            goto out;
        } else if (!strcmp(a, "--db"))
            slot = &db;
        else if (!strcmp(a, "--published"))
            slot = &published;
        else if (!strcmp(a, "--source"))
            slot = &source;
        else if (!strcmp(a, "--index"))
            slot = &index;
        else if (!strcmp(a, "--catalog"))
            slot = &catalog;
        else if (!strcmp(a, "--reextract"))
            reextract = 1;
        else if (!strcmp(a, "--quiet"))
            quiet = 1;
        else if (!strcmp(a, "--no-check"))
            nocheck = 1;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "chitieu ingest: unknown option '%s'\n", a);
            usage(stderr);
            status = EXIT_USAGE;
            goto out;
        } else {
            struct stat sb;
            if (strcmp(a, "-") && stat(a, &sb) == 0 && S_ISDIR(sb.st_mode)) {
                DIR *dir = opendir(a);
                if (!dir) {
                    fprintf(stderr, "%s: cannot read directory\n", a);
                    status = EXIT_NOINPUT;
                    continue;
                }
                size_t from = npaths;
                struct dirent *e;
                while ((e = readdir(dir))) {
                    if (e->d_name[0] == '.') continue;
                    char p[4096];
                    snprintf(p, sizeof p, "%s/%s", a, e->d_name);
                    if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode) &&
                        add_path(&paths, &npaths, &cap, p)) {
                        status = EXIT_OSERR;
                        break;
                    }
                }
                closedir(dir);
                qsort(paths + from, npaths - from, sizeof *paths, cmp_path);
            } else if (add_path(&paths, &npaths, &cap, a)) {
                status = EXIT_OSERR;
                goto out;
            }
        }
        if (slot) {
            if (i + 1 >= argc) {
                fprintf(stderr, "chitieu ingest: %s needs a value\n", a);
                status = EXIT_USAGE;
                goto out;
            }
            *slot = argv[++i];
        }
    }
    int y, m, d;
    if (published && cli_parse_date(published, &y, &m, &d)) {
        fprintf(stderr, "chitieu ingest: --published '%s': expected YYYY-MM-DD or YYYY-MM\n",
                published);
        status = EXIT_USAGE;
        goto out;
    }
    if (npaths == 0 && !reextract && status == EXIT_OK) {
        fprintf(stderr, "chitieu ingest: no input (give FILE or DIR, or --reextract)\n");
        status = EXIT_USAGE;
        goto out;
    }
    ingest g;
    memset(&g, 0, sizeof g);
    g.published = published;
    g.source = source;
    g.status = status;
    if (index && (status = load_index(&g, index)) != 0) goto done;
    ct_catalog *cat = cli_catalog(catalog, &status);
    if (!cat) goto done;
    g.cat = cat;
    if ((status = cli_open_store(cli_db_path(db), &g.st)) != 0) {
        ct_catalog_free(cat);
        goto done;
    }
    status = g.status;
    if (reextract) reextract_all(&g);
    for (size_t i = 0; i < npaths; i++) {
        ingest_file(&g, paths[i]);
        cli_progress("ingest", (long long)i + 1, (long long)npaths);
    }
    flush_tx(&g);
    long long nfind = 0;
    if (!nocheck && g.nids) {
        cli_check_opts co = {0, g.ids, g.nids, NULL, 0};
        ct_error err;
        if (cli_check(g.st, cat, &co, count_finding, &nfind, &err) < 0) {
            fprintf(stderr, "%s: check: %s\n", cli_prog, err.msg);
            worse(&g, EXIT_IOERR);
        }
    }
    if (!quiet) {
        fprintf(stderr,
                "chitieu ingest: %lld document%s stored, %lld unchanged, %lld failed; "
                "%lld observations, %lld targets",
                g.nnew, g.nnew == 1 ? "" : "s", g.nsame, g.nfail, g.nobs, g.ntargets);
        if (!nocheck)
            fprintf(stderr, "; %lld finding%s (chitieu check)", nfind, nfind == 1 ? "" : "s");
        fputc('\n', stderr);
    }
    status = g.status;
    ct_store_close(g.st);
    ct_catalog_free(cat);
done:
    for (size_t i = 0; i < g.nidx; i++) {
        free(g.idx[i].doc);
        free(g.idx[i].published);
        free(g.idx[i].source);
    }
    free(g.idx);
    free(g.ids);
out:
    for (size_t i = 0; i < npaths; i++)
        free(paths[i]);
    free(paths);
    return status;
}
