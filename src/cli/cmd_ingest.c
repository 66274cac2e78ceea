/* cmd_ingest.c — `chitieu ingest`: read documents (files, directories,
 * an index of dates and sources) and hand each to the library's ingest
 * session (ingest.h), which extracts and stores it whole or not at all,
 * skipping content already stored; `--reextract` has the session read the
 * stored documents again after a grammar or catalogue change. Per-file
 * errors are reported and the others go on; the summary gives documents,
 * records and the findings about the new documents (ct_check_store). */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu ingest [--db PATH] [--published DATE] [--source NAME|URL] [--area NAME]\n"
          "                      [--index FILE.tsv] [--catalog FILE] [--reextract]\n"
          "                      [--no-check] [--quiet] FILE|DIR...\n"
          "       chitieu ingest --replace NAME|ID [options] FILE\n"
          "\n"
          "Extract each document and store it with its records in the database, one\n"
          "transaction per document. Content already stored is skipped (same SHA-256).\n"
          "A DIR stands for its regular files, in name order.\n"
          "\n"
          "  --db PATH         database (default $CHITIEU_DB, else ./chitieu.db)\n"
          "  --published DATE  publication date of the documents, YYYY-MM-DD or YYYY-MM\n"
          "  --area NAME       the documents' area (a province, city, ministry or\n"
          "                    enterprise of data/areas.tsv) when known\n"
          "  --source S        where they come from (default: the path read)\n"
          "  --index FILE.tsv  per-document dates and sources: lines 'doc<TAB>published\n"
          "                    [<TAB>source]', doc being the file name without extension\n"
          "  --catalog FILE    load FILE over the default indicator catalogue\n"
          "  --reextract       extract every stored document again (after a catalogue or\n"
          "                    grammar change); FILEs may be given too\n"
          "  --replace NAME    store FILE as the new version of document NAME (a\n"
          "                    corrected report): same name, the old version kept in\n"
          "                    history without records, its reviews carried over\n"
          "  --no-check        do not check the new documents at the end\n"
          "  --quiet           no summary\n"
          "\n"
          "Exit statuses: 0 all stored, 64 usage, 65 some input is not valid UTF-8 text\n"
          "(or --replace names no current document, or the text is another document's),\n"
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
    ct_ingest *g;
    const char *published, *source;
    const char *area;    /* --area, as the user wrote it */
    const char *replace; /* --replace NAME|ID */
    idx_entry *idx;
    size_t nidx;
    long long nfail; /* failures before the library saw the document */
    int status;
} ingest;

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
        ct_date dt;
        if (*s && *s != '#' && strcmp(f[0], "doc") != 0) {
            if (!f[1] || ct_date_parse(f[1], &dt)) {
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

/* What a failed document says on stderr, and the status it leaves. */
static void report(ingest *g, int rc, const ct_ingest_result *res, const ct_error *err,
                   const char *path)
{
    if (rc == CT_OK) return;
    if (res->stage == CT_INGEST_COMMIT) {
        fprintf(stderr, "%s: %s: %lld documents not stored\n", cli_prog, err->msg, res->lost);
        worse(g, EXIT_IOERR);
    } else if (res->stage == CT_INGEST_EXTRACT) {
        worse(g, cli_text_error(path, err));
    } else if (res->stage == CT_INGEST_READ) {
        fprintf(stderr, "%s: document %lld: %s\n", cli_prog, res->id, err->msg);
        worse(g, EXIT_IOERR);
    } else {
        ct_error e = *err;
        if (e.code == CT_OK) e.code = rc;
        worse(g, cli_fail(CLI_STORE, path, &e));
    }
}

static void ingest_file(ingest *g, const char *path)
{
    char *name = cli_doc_id(path);
    ct_buf text;
    ct_buf_init(&text);
    int rc = name ? cli_slurp(path, &text) : EXIT_OSERR;
    if (rc) {
        worse(g, rc);
        g->nfail++;
        free(name);
        ct_buf_free(&text);
        return;
    }
    const char *pub = g->published, *source = path;
    if (g->source) source = g->source;
    for (size_t i = 0; i < g->nidx; i++)
        if (!strcmp(g->idx[i].doc, name)) {
            pub = g->idx[i].published;
            if (g->idx[i].source && !g->source) source = g->idx[i].source;
        }
    ct_date dt = {0, 0, 0};
    if (pub) ct_date_parse(pub, &dt);
    ct_ingest_result res;
    ct_error err;
    /* web pages, PDF, DOCX and legacy encodings in (docs/formats.md): the
     * text extracted is what is stored and what spans refer to */
    ct_doc dec;
    memset(&dec, 0, sizeof dec);
    if (ct_doc_decode(text.data ? text.data : "", text.len, path, NULL, &dec, &err) != CT_OK) {
        if (err.offset >= 0)
            fprintf(stderr, "%s:%lld: %s\n", path, err.offset, err.msg);
        else
            fprintf(stderr, "%s: %s\n", path, err.msg);
        worse(g, err.code == CT_ENOMEM ? EXIT_OSERR : EXIT_DATAERR);
        g->nfail++;
        free(name);
        ct_buf_free(&text);
        return;
    }
    if (dec.note[0]) fprintf(stderr, "%s: %s\n", path, dec.note);
    if (!pub && dec.published.y) dt = dec.published; /* a web page's own date */
    if (g->replace) {
        rc = ct_ingest_replace(g->g, g->replace, dec.text.data ? dec.text.data : "", dec.text.len,
                               dt, source, cli_who(NULL), &res, &err);
        if ((rc == CT_ENOENT || rc == CT_EINVAL) && res.stage != CT_INGEST_EXTRACT) {
            err.code = rc;
            worse(g, cli_fail(CLI_REFUSED, "chitieu ingest --replace", &err));
        } else {
            report(g, rc, &res, &err, path);
        }
        if (rc == CT_OK && !res.same)
            fprintf(stderr, "chitieu ingest: %s: document %lld replaces %lld\n", res.name, res.id,
                    res.replaced);
        if (rc == CT_OK && res.reviews_lost)
            fprintf(stderr,
                    "chitieu ingest: %s: %lld review%s no longer attach to a record"
                    " (chitieu review log --doc %s)\n",
                    res.name, res.reviews_lost, res.reviews_lost == 1 ? "" : "s", res.name);
    } else {
        rc = ct_ingest_text(g->g, name, dec.text.data ? dec.text.data : "", dec.text.len, dt,
                            source, &res, &err);
        report(g, rc, &res, &err, path);
    }
    ct_doc_free(&dec);
    free(name);
    ct_buf_free(&text);
}

typedef struct ids {
    long long *v;
    size_t n, cap;
    int oom;
} ids_t;

static int collect_id(void *ud, const ct_docinfo *d)
{
    ids_t *x = ud;
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 64;
        long long *v = realloc(x->v, cap * sizeof *v);
        if (!v) return x->oom = 1;
        x->v = v;
        x->cap = cap;
    }
    x->v[x->n++] = d->id;
    return 0;
}

static void reextract_all(ingest *g, ct_store *st)
{
    ct_error err;
    ids_t ids = {NULL, 0, 0, 0};
    if (ct_store_docs(st, 0, collect_id, &ids, &err) != CT_OK || ids.oom) {
        fprintf(stderr, "%s: %s\n", cli_prog, ids.oom ? "out of memory" : err.msg);
        worse(g, ids.oom ? EXIT_OSERR : EXIT_IOERR);
        free(ids.v);
        return;
    }
    for (size_t i = 0; i < ids.n; i++) {
        ct_ingest_result res;
        int rc = ct_ingest_reextract(g->g, ids.v[i], &res, &err);
        report(g, rc, &res, &err, res.name);
        if (rc == CT_OK && res.reviews_lost)
            fprintf(stderr,
                    "chitieu ingest: %s: %lld review%s no longer attach to a record"
                    " (chitieu review log --doc %s)\n",
                    res.name, res.reviews_lost, res.reviews_lost == 1 ? "" : "s", res.name);
        cli_progress("re-extract", (long long)i + 1, (long long)ids.n);
    }
    free(ids.v);
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

/* A DIR stands for its regular files, in name order. */
static int expand(const char *a, char ***paths, size_t *npaths, size_t *cap)
{
    struct stat sb;
    if (!strcmp(a, "-") || stat(a, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return add_path(paths, npaths, cap, a) ? EXIT_OSERR : 0;
    DIR *dir = opendir(a);
    if (!dir) {
        fprintf(stderr, "%s: cannot read directory\n", a);
        return EXIT_NOINPUT;
    }
    size_t from = *npaths;
    struct dirent *e;
    int status = 0;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.') continue;
        char p[4096];
        size_t al = strlen(a);
        while (al > 0 && a[al - 1] == '/') /* "corpus/" joins as corpus/FILE, not corpus//FILE */
            al--;
        snprintf(p, sizeof p, "%.*s/%s", (int)al, a, e->d_name);
        if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode) && add_path(paths, npaths, cap, p)) {
            status = EXIT_OSERR;
            break;
        }
    }
    closedir(dir);
    qsort(*paths + from, *npaths - from, sizeof **paths, cmp_path);
    return status;
}

static int count_finding(void *ud, const ct_finding *f)
{
    (void)f;
    (*(long long *)ud)++;
    return 0;
}

/* Check the documents the session stored; the number of findings. */
static long long check_new(ingest *g, ct_store *st, const ct_catalog *cat)
{
    size_t nids;
    const long long *ids = ct_ingest_ids(g->g, &nids);
    long long nfind = 0;
    if (!nids) return 0;
    ct_check_opts co = {.judged = ids, .njudged = nids};
    ct_error err;
    if (ct_check_store(st, cat, &co, count_finding, &nfind, &err) < 0) {
        fprintf(stderr, "%s: check: %s\n", cli_prog, err.msg);
        worse(g, EXIT_IOERR);
    }
    return nfind;
}

static void summary(const ingest *g, int nocheck, long long nfind)
{
    ct_ingest_counts c = ct_ingest_totals(g->g);
    fprintf(stderr,
            "chitieu ingest: %lld document%s stored, %lld unchanged, %lld failed; "
            "%lld observations, %lld targets",
            c.docs, c.docs == 1 ? "" : "s", c.same, c.failed + g->nfail, c.obs, c.targets);
    if (!nocheck) fprintf(stderr, "; %lld finding%s (chitieu check)", nfind, nfind == 1 ? "" : "s");
    fputc('\n', stderr);
}

static int run(ingest *g, const char *db, const char *catalog, const char *index, char **paths,
               size_t npaths, int reextract, int nocheck, int quiet)
{
    int status = 0;
    if (index && (status = load_index(g, index)) != 0) return status;
    ct_catalog *cat = cli_catalog(catalog, &status);
    if (!cat) return status;
    ct_store *st;
    if ((status = cli_open_store(cli_db_path(db), &st)) != 0) {
        ct_catalog_free(cat);
        return status;
    }
    ct_error err;
    ct_ingest_opts io = {0};
    if (g->area && !(io.area = ct_catalog_area(cat, g->area))) {
        fprintf(stderr, "chitieu ingest: --area '%s': not an area of data/areas.tsv\n", g->area);
        ct_store_close(st);
        ct_catalog_free(cat);
        return EXIT_USAGE;
    }
    if (ct_ingest_new(st, cat, &io, &g->g, &err) != CT_OK) {
        worse(g, EXIT_OSERR);
    } else {
        if (reextract) reextract_all(g, st);
        for (size_t i = 0; i < npaths; i++) {
            ingest_file(g, paths[i]);
            cli_progress("ingest", (long long)i + 1, (long long)npaths);
        }
        ct_ingest_result res;
        memset(&res, 0, sizeof res);
        res.stage = CT_INGEST_COMMIT;
        report(g, ct_ingest_commit(g->g, &res.lost, &err), &res, &err, NULL);
        long long nfind = nocheck ? 0 : check_new(g, st, cat);
        if (!quiet) summary(g, nocheck, nfind);
    }
    ct_ingest_free(g->g);
    ct_store_close(st);
    ct_catalog_free(cat);
    return g->status;
}

int cmd_ingest(int argc, char **argv)
{
    const char *db = NULL, *published = NULL, *source = NULL, *index = NULL, *catalog = NULL,
               *area = NULL, *replace = NULL;
    int reextract = 0, quiet = 0, nocheck = 0, npos = 0;
    const cli_opt opts[] = {{"--db", NULL, &db, NULL},
                            {"--published", NULL, &published, NULL},
                            {"--source", NULL, &source, NULL},
                            {"--area", NULL, &area, NULL},
                            {"--index", NULL, &index, NULL},
                            {"--catalog", NULL, &catalog, NULL},
                            {"--reextract", NULL, NULL, &reextract},
                            {"--replace", NULL, &replace, NULL},
                            {"--quiet", NULL, NULL, &quiet},
                            {"--no-check", NULL, NULL, &nocheck},
                            {NULL, NULL, NULL, NULL}};
    const char **pos = calloc((size_t)argc + 1, sizeof *pos);
    if (!pos) return EXIT_OSERR;
    int status = cli_parse("ingest", argc, argv, opts, pos, argc, &npos, usage);
    char **paths = NULL;
    size_t npaths = 0, cap = 0;
    for (int i = 0; i < npos && status == 0; i++) {
        int rc = expand(pos[i], &paths, &npaths, &cap);
        if (rc > status) status = rc;
        if (rc == EXIT_OSERR) break;
    }
    ct_date dt;
    if (status == 0 && published && ct_date_parse(published, &dt)) {
        fprintf(stderr, "chitieu ingest: --published '%s': expected YYYY-MM-DD or YYYY-MM\n",
                published);
        status = EXIT_USAGE;
    } else if (status == 0 && replace && (npaths != 1 || reextract)) {
        fprintf(stderr, "chitieu ingest: --replace NAME takes one FILE (and no --reextract)\n");
        status = EXIT_USAGE;
    } else if (status == 0 && npaths == 0 && !reextract) {
        fprintf(stderr, "chitieu ingest: no input (give FILE or DIR, or --reextract)\n");
        status = EXIT_USAGE;
    }
    if (status == 0 || status == EXIT_NOINPUT) {
        ingest g;
        memset(&g, 0, sizeof g);
        g.published = published;
        g.source = source;
        g.area = area;
        g.replace = replace;
        g.status = status;
        status = run(&g, db, catalog, index, paths, npaths, reextract, nocheck, quiet);
        for (size_t i = 0; i < g.nidx; i++) {
            free(g.idx[i].doc);
            free(g.idx[i].published);
            free(g.idx[i].source);
        }
        free(g.idx);
    }
    for (size_t i = 0; i < npaths; i++)
        free(paths[i]);
    free(paths);
    free(pos);
    return status < 0 ? EXIT_OK : status;
}
