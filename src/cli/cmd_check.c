/* cmd_check.c — `chitieu check`, `chitieu conflicts` and `chitieu
 * documents`: findings as a table or JSON Lines, with the quoted sentence
 * of each document involved; and the list of stored documents.
 * Exit statuses as linters have them: 0 clean, 1 findings, 2 errors. */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct out {
    int jsonl;
    ct_store *st;
    const cli_doc *fresh;
    size_t nfresh;
    ct_buf b, quote, raw;
    ct_check_summary sum;
    long long n;
    int wrc;
} out;

/* ---- per-document summary (table) ---------------------------------------- */

static int on_doc_known(void *ud, const ct_docinfo *d)
{
    return ct_check_summary_doc(ud, d->name, d->id) != CT_OK;
}

/* A line per document as a linter gives it, worst first; on the whole
 * database the green ones are only counted. */
static void put_summary(out *o, int all)
{
    size_t n[3] = {0, 0, 0};
    static const char *const colors[3] = {"red", "yellow", "green"};
    for (size_t i = 0; i < o->sum.n; i++) {
        const char *c = ct_doc_status_color(&o->sum.v[i]);
        n[!strcmp(c, "red") ? 0 : !strcmp(c, "yellow") ? 1 : 2]++;
    }
    ct_buf_printf(&o->b, "\ndocuments: %zu checked, %zu red, %zu yellow, %zu green\n", o->sum.n,
                  n[0], n[1], n[2]);
    for (int c = 0; c < 3; c++) {
        if (c == 2 && all) break;
        for (size_t i = 0; i < o->sum.n; i++) {
            const ct_doc_status *d = &o->sum.v[i];
            if (strcmp(ct_doc_status_color(d), colors[c])) continue;
            ct_buf_printf(&o->b, "%-6s  %-28s %lld major, %lld minor, %lld info\n", colors[c],
                          d->doc, d->counts[CT_SEV_MAJOR], d->counts[CT_SEV_MINOR],
                          d->counts[CT_SEV_INFO]);
        }
    }
}

/* The sentence at a span: newlines and tabs read as spaces. */
static void cut_quote(ct_buf *q, const char *text, size_t len, long long s, long long e)
{
    ct_buf_reset(q);
    if (s < 0 || e > (long long)len || s >= e) return;
    for (long long i = s; i < e; i++) {
        char c = text[i];
        ct_buf_putc(q, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    }
}

/* The quoted sentence of a finding's document k: from a checked file, else
 * the stored text's bytes at the span (not the whole text). */
static void quote_of(out *o, const ct_finding *f, int k)
{
    ct_buf_reset(&o->quote);
    for (size_t i = 0; i < o->nfresh; i++)
        if (!strcmp(o->fresh[i].name, f->docs[k])) {
            cut_quote(&o->quote, o->fresh[i].text.data ? o->fresh[i].text.data : "",
                      o->fresh[i].text.len, f->spans[k][0], f->spans[k][1]);
            return;
        }
    ct_error err;
    if (o->st && f->doc_ids[k] &&
        ct_store_doc_span(o->st, f->doc_ids[k], f->spans[k][0], f->spans[k][1], &o->raw, &err) ==
            CT_OK)
        cut_quote(&o->quote, o->raw.data ? o->raw.data : "", o->raw.len, 0, (long long)o->raw.len);
}

static void flush(out *o)
{
    if (o->b.len && !o->wrc) o->wrc = cli_write(o->b.data, o->b.len);
    ct_buf_reset(&o->b);
}

static int on_finding(void *ud, const ct_finding *f)
{
    out *o = ud;
    o->n++;
    ct_check_summary_add(&o->sum, f);
    if (o->jsonl) {
        /* the object of ct_finding_json with the quotes added before its end */
        ct_finding_json(&o->b, f);
        o->b.len -= 2; /* "}\n" */
        ct_buf_puts(&o->b, ",\"quotes\":[");
        for (int k = 0; k < f->ndocs; k++) {
            quote_of(o, f, k);
            if (k) ct_buf_putc(&o->b, ',');
            ct_buf_json_str(&o->b, o->quote.data ? o->quote.data : "", o->quote.len);
        }
        ct_buf_puts(&o->b, "]}\n");
    } else {
        char per[40];
        ct_period_format(&f->period, per, sizeof per);
        ct_buf_printf(&o->b, "%-5s %-16s %-34s %-8s %s\n", ct_severity_name(f->severity),
                      ct_finding_kind_name(f->kind), f->indicator, per, f->message);
        ct_buf_printf(&o->b, "      %s → %s\n", f->id, f->explain);
        for (int k = 0; k < f->ndocs; k++) {
            quote_of(o, f, k);
            ct_buf_printf(&o->b, "      %s [%lld, %lld): «%s»\n", f->docs[k], f->spans[k][0],
                          f->spans[k][1], o->quote.data ? o->quote.data : "");
        }
    }
    if (o->b.len > 65536) flush(o);
    return o->wrc != 0;
}

static void usage(FILE *fp, int conflicts)
{
    if (conflicts)
        fputs("usage: chitieu conflicts [--db PATH] [--format table|jsonl] [--catalog FILE]\n"
              "\n"
              "List the cross-source conflicts in the database: one indicator, area and\n"
              "period with values from different documents that differ beyond the precision\n"
              "they were written with.\n",
              fp);
    else
        fputs("usage: chitieu check [--db PATH] [--format table|jsonl] [--published DATE]\n"
              "                     [--catalog FILE] [FILE...]\n"
              "\n"
              "Judge documents (FILE..., not stored) against themselves and the database, or\n"
              "without FILE the whole database: stated changes recomputed (arithmetic,\n"
              "points), reference periods (ref_period), values of other documents (conflict)\n"
              "and of the same one (self_conflict), stored values against stated changes\n"
              "(stated_vs_stored), year-to-date sums (cumulative), figures out of their series\n"
              "(plausibility), parts against their whole (parts) and implied annual plans\n"
              "(plan). The table ends with each document green, yellow or red by its worst\n"
              "finding. See docs/check.md.\n",
              fp);
    fputs("\n"
          "  --db PATH       database (default $CHITIEU_DB, else ./chitieu.db)\n"
          "  --format F      table (default on a terminal) or jsonl\n"
          "\n"
          "Exit statuses: 0 no findings, 1 findings, 2 errors.\n",
          fp);
}

static int run_check(int argc, char **argv, int conflicts)
{
    const char *db = NULL, *format = NULL, *catalog = NULL, *published = NULL;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0;
    if (!files) return 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout, conflicts);
            free(files);
            return 0;
        } else if (!strcmp(a, "--db"))
            slot = &db;
        else if (!strcmp(a, "--format"))
            slot = &format;
        else if (!strcmp(a, "--catalog"))
            slot = &catalog;
        else if (!strcmp(a, "--published") && !conflicts)
            slot = &published;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "chitieu %s: unknown option '%s'\n", argv[0], a);
            usage(stderr, conflicts);
            free(files);
            return 2;
        } else if (conflicts) {
            fprintf(stderr, "chitieu conflicts: takes no files (see chitieu check)\n");
            free(files);
            return 2;
        } else
            files[nfiles++] = a;
        if (slot) {
            if (i + 1 >= argc) {
                fprintf(stderr, "chitieu %s: %s needs a value\n", argv[0], a);
                free(files);
                return 2;
            }
            *slot = argv[++i];
        }
    }
    if (format && strcmp(format, "table") && strcmp(format, "jsonl")) {
        fprintf(stderr, "chitieu %s: --format '%s': expected table or jsonl\n", argv[0], format);
        free(files);
        return 2;
    }
    int py = 0, pm = 0, pd = 0;
    if (published && cli_parse_date(published, &py, &pm, &pd)) {
        fprintf(stderr, "chitieu check: --published '%s': expected YYYY-MM-DD or YYYY-MM\n",
                published);
        free(files);
        return 2;
    }
    int status = 0, st_rc = 0;
    ct_catalog *cat = cli_catalog(catalog, &st_rc);
    if (!cat) {
        free(files);
        return 2;
    }
    out o;
    memset(&o, 0, sizeof o);
    o.jsonl = format ? !strcmp(format, "jsonl") : !isatty(STDOUT_FILENO);
    ct_check_summary_init(&o.sum, nfiles > 0);
    cli_doc *docs = calloc((size_t)nfiles + 1, sizeof *docs);
    size_t ndocs = 0;
    for (int f = 0; f < nfiles && docs; f++) {
        cli_doc *d = &docs[ndocs];
        d->name = cli_doc_id(files[f]);
        d->pub_y = py, d->pub_m = pm, d->pub_d = pd;
        ct_error err;
        if (!d->name || cli_slurp(files[f], &d->text)) {
            status = 2;
            cli_doc_free(d);
            continue;
        }
        if (cli_extract_doc(cat, d, &err) != CT_OK) {
            fprintf(stderr, "%s:%lld: %s\n", files[f], err.offset,
                    err.code == CT_EBINARY ? "binary file (NUL byte), not text" : err.msg);
            status = 2;
            cli_doc_free(d);
            continue;
        }
        ndocs++;
    }
    /* the database takes part when it exists (checking files needs none) */
    const char *path = cli_db_path(db);
    struct stat sb;
    if (nfiles == 0 || db || stat(path, &sb) == 0) {
        if (cli_open_store(path, &o.st) != 0) status = 2;
    }
    if (docs && (status == 0 || ndocs)) {
        o.fresh = docs;
        o.nfresh = ndocs;
        cli_check_opts co = {nfiles == 0, NULL, 0, docs, ndocs};
        ct_error err;
        for (size_t i = 0; i < ndocs; i++)
            ct_check_summary_doc(&o.sum, docs[i].name, 0);
        if (nfiles == 0 && o.st && !o.jsonl && !conflicts)
            ct_store_docs(o.st, 0, on_doc_known, &o.sum, &err);
        int n = (nfiles == 0 && !o.st)
                    ? 0
                    : cli_check_only(o.st, cat, &co, conflicts ? CT_FIND_BIT(CT_FIND_CONFLICT) : 0,
                                     on_finding, &o, &err);
        if (n < 0) {
            fprintf(stderr, "chitieu %s: %s\n", argv[0], err.msg);
            status = 2;
        }
        if (n >= 0 && !o.jsonl && !conflicts) put_summary(&o, nfiles == 0);
    }
    flush(&o);
    if (o.wrc) status = 2;
    if (status == 0 && o.n) status = 1;
    if (!o.jsonl && isatty(STDOUT_FILENO)) printf("%lld finding%s\n", o.n, o.n == 1 ? "" : "s");
    for (size_t i = 0; i < ndocs; i++)
        cli_doc_free(&docs[i]);
    free(docs);
    ct_buf_free(&o.b);
    ct_buf_free(&o.quote);
    ct_buf_free(&o.raw);
    ct_check_summary_free(&o.sum);
    ct_store_close(o.st);
    ct_catalog_free(cat);
    free(files);
    return status;
}

int cmd_check(int argc, char **argv)
{
    return run_check(argc, argv, 0);
}

int cmd_conflicts(int argc, char **argv)
{
    return run_check(argc, argv, 1);
}

/* ---- documents ----------------------------------------------------------- */

typedef struct dl {
    int csv;
    ct_buf b;
} dl;

static int on_document(void *ud, const ct_docinfo *d)
{
    dl *l = ud;
    char pub[16] = "";
    if (d->pub_y && d->pub_d)
        snprintf(pub, sizeof pub, "%04d-%02d-%02d", d->pub_y, d->pub_m, d->pub_d);
    else if (d->pub_y)
        snprintf(pub, sizeof pub, "%04d-%02d", d->pub_y, d->pub_m);
    if (l->csv)
        ct_buf_printf(&l->b, "%lld,%s,%s,%lld,%lld,%s\n", d->id, d->name, pub, d->nobs, d->ntargets,
                      d->sha256);
    else
        ct_buf_printf(&l->b, "%6lld  %-28s %-10s %5lld %5lld  %.12s  %s\n", d->id, d->name, pub,
                      d->nobs, d->ntargets, d->sha256, d->source);
    if (l->b.len > 65536) {
        cli_write(l->b.data, l->b.len);
        ct_buf_reset(&l->b);
    }
    return 0;
}

int cmd_documents(int argc, char **argv)
{
    const char *db = NULL, *format = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            puts("usage: chitieu documents [--db PATH] [--format table|csv]\n\n"
                 "List the stored documents: id, name, publication date, observations,\n"
                 "targets, content hash (and source in the table).");
            return EXIT_OK;
        } else if (!strcmp(argv[i], "--db") && i + 1 < argc)
            db = argv[++i];
        else if (!strcmp(argv[i], "--format") && i + 1 < argc)
            format = argv[++i];
        else {
            fprintf(stderr, "chitieu documents: unexpected '%s'\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    ct_store *st;
    int rc = cli_open_store(cli_db_path(db), &st);
    if (rc) return rc;
    dl l;
    memset(&l, 0, sizeof l);
    l.csv = format ? !strcmp(format, "csv") : !isatty(STDOUT_FILENO);
    if (l.csv)
        ct_buf_puts(&l.b, "id,name,published,observations,targets,sha256\n");
    else
        ct_buf_puts(
            &l.b,
            "    id  name                         published    obs   tgt  sha256        source\n");
    ct_error err;
    if (ct_store_docs(st, 0, on_document, &l, &err) != CT_OK) {
        fprintf(stderr, "chitieu: %s\n", err.msg);
        rc = EXIT_IOERR;
    }
    if (l.b.len && cli_write(l.b.data, l.b.len)) rc = EXIT_IOERR;
    ct_buf_free(&l.b);
    ct_store_close(st);
    return rc;
}
