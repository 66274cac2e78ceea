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
    ct_quoter quotes;
    ct_buf b, quote;
    ct_check_summary sum;
    long long n, ndismissed;
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
        /* the finding's object with its quotes, on one line */
        ct_json j;
        ct_json_init(&j, &o->b);
        ct_json_obj(&j);
        ct_finding_json_fields(&j, f);
        ct_finding_json_quotes(&j, &o->quotes, f, 1);
        ct_json_end(&j);
        ct_json_nl(&j);
    } else {
        char per[40];
        ct_period_format(&f->period, per, sizeof per);
        ct_buf_printf(&o->b, "%-5s %-16s %-34s %-8s %s\n", ct_severity_name(f->severity),
                      ct_finding_kind_name(f->kind), f->indicator, per, f->message);
        ct_buf_printf(&o->b, "      %s → %s\n", f->id, f->explain);
        if (f->status != CT_FSTATUS_OPEN)
            ct_buf_printf(&o->b, "      trạng thái: %s (%s)%s%s\n",
                          f->status == CT_FSTATUS_CONFIRMED   ? "đã xác nhận"
                          : f->status == CT_FSTATUS_EXPLAINED ? "đã giải thích"
                                                              : "đã bỏ qua",
                          f->status_by, f->status_note[0] ? ": " : "", f->status_note);
        for (int k = 0; k < f->ndocs; k++) {
            ct_quoter_line(&o->quotes, f, k, &o->quote);
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
              "                     [--area NAME] [--catalog FILE] [FILE...]\n"
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
          "  --dismissed     list the dismissed findings too (chitieu findings)\n"
          "\n"
          "Exit statuses: 0 no findings, 1 findings, 2 errors.\n",
          fp);
}

static void usage_check(FILE *fp)
{
    usage(fp, 0);
}

static void usage_conflicts(FILE *fp)
{
    usage(fp, 1);
}

/* Read and extract the files to check (not stored); 0, or 2 when one failed. */
static int read_fresh(const ct_catalog *cat, const char **files, int nfiles, ct_date pub,
                      const char *area, ct_textdoc *docs, size_t *ndocs)
{
    int status = 0;
    ct_buf text;
    ct_buf_init(&text);
    for (int f = 0; f < nfiles; f++) {
        ct_textdoc *d = &docs[*ndocs];
        char *name = cli_doc_id(files[f]);
        ct_error err;
        /* any document format or encoding (docs/formats.md) */
        ct_doc dec;
        memset(&dec, 0, sizeof dec);
        int rc = !name || cli_slurp(files[f], &text) ? -1 : 0;
        if (rc == 0 &&
            ct_doc_decode(text.data ? text.data : "", text.len, files[f], NULL, &dec, &err) != CT_OK) {
            if (err.offset >= 0)
                fprintf(stderr, "%s:%lld: %s\n", files[f], err.offset, err.msg);
            else
                fprintf(stderr, "%s: %s\n", files[f], err.msg);
            rc = -1;
        }
        if (rc == 0 && dec.note[0]) fprintf(stderr, "%s: %s\n", files[f], dec.note);
        if (rc != 0 || ct_textdoc_set(d, name, dec.text.data ? dec.text.data : "", dec.text.len,
                                      pub) != CT_OK) {
            status = 2;
            free(name);
            ct_doc_free(&dec);
            ct_textdoc_free(d);
            continue;
        }
        ct_doc_free(&dec);
        d->area = area;
        free(name);
        if (ct_textdoc_extract(cat, d, &err) != CT_OK) {
            fprintf(stderr, "%s:%lld: %s\n", files[f], err.offset,
                    err.code == CT_EBINARY ? "binary file (NUL byte), not text" : err.msg);
            status = 2;
            ct_textdoc_free(d);
            continue;
        }
        (*ndocs)++;
    }
    ct_buf_free(&text);
    return status;
}

static int run_check(int argc, char **argv, int conflicts)
{
    const char *db = NULL, *format = NULL, *catalog = NULL, *published = NULL, *area = NULL;
    int dismissed = 0;
    const cli_opt opts[] = {{"--db", NULL, &db, NULL},
                            {"--dismissed", NULL, NULL, &dismissed},
                            {"--format", NULL, &format, NULL},
                            {"--catalog", NULL, &catalog, NULL},
                            {conflicts ? "" : "--published", NULL, &published, NULL},
                            {conflicts ? "" : "--area", NULL, &area, NULL},
                            {NULL, NULL, NULL, NULL}};
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0;
    if (!files) return 2;
    int prc = cli_parse(argv[0], argc, argv, opts, files, argc, &nfiles,
                        conflicts ? usage_conflicts : usage_check);
    if (prc) {
        free(files);
        return prc < 0 ? 0 : 2;
    }
    if (conflicts && nfiles) {
        fprintf(stderr, "chitieu conflicts: takes no files (see chitieu check)\n");
        free(files);
        return 2;
    }
    if (format && !(format = cli_format(argv[0], format, NULL, "table,jsonl"))) {
        free(files);
        return 2;
    }
    ct_date pub = {0, 0, 0};
    if (published && ct_date_parse(published, &pub)) {
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
    const char *area_name = NULL;
    if (area && !(area_name = ct_catalog_area(cat, area))) {
        fprintf(stderr, "chitieu check: --area '%s': not an area of data/areas.tsv\n", area);
        ct_catalog_free(cat);
        free(files);
        return 2;
    }
    out o;
    memset(&o, 0, sizeof o);
    o.jsonl = format ? !strcmp(format, "jsonl") : !isatty(STDOUT_FILENO);
    ct_check_summary_init(&o.sum, nfiles > 0);
    ct_textdoc *docs = calloc((size_t)nfiles + 1, sizeof *docs);
    size_t ndocs = 0;
    if (docs) status = read_fresh(cat, files, nfiles, pub, area_name, docs, &ndocs);
    /* the database takes part when it exists (checking files needs none) */
    const char *path = cli_db_path(db);
    struct stat sb;
    ct_store *st = NULL;
    if (nfiles == 0 || db || ct_store_is_url(path) || stat(path, &sb) == 0) {
        int rc = cli_open_existing(argv[0], path, &st);
        if (rc == EXIT_NOINPUT) status = EXIT_NOINPUT; /* a mistyped --db: not created */
        else if (rc) status = 2;
    }
    ct_quoter_init(&o.quotes, st, docs, ndocs);
    if (docs && (status == 0 || ndocs)) {
        ct_check_opts co = {.all = nfiles == 0, .fresh = docs, .nfresh = ndocs};
        ct_error err;
        for (size_t i = 0; i < ndocs; i++)
            ct_check_summary_doc(&o.sum, docs[i].name, 0);
        if (nfiles == 0 && st && !o.jsonl && !conflicts)
            ct_store_docs(st, 0, on_doc_known, &o.sum, &err);
        int n = (nfiles == 0 && !st)
                    ? 0
                    : ct_check_store_marked(st, cat, &co,
                                            conflicts ? CT_FIND_BIT(CT_FIND_CONFLICT) : 0,
                                            dismissed, &o.ndismissed, on_finding, &o, &err);
        if (n >= 0 && o.quotes.failed)
            n = ct_error_set(&err, CT_EIO, -1, 0, "database: reading the documents findings quote");
        if (n < 0) {
            fprintf(stderr, "chitieu %s: %s\n", argv[0], err.msg);
            status = 2;
        }
        if (n >= 0 && !o.jsonl && !conflicts) put_summary(&o, nfiles == 0);
        if (n >= 0 && o.ndismissed)
            fprintf(stderr, "chitieu %s: %lld dismissed finding%s not shown (--dismissed)\n",
                    argv[0], o.ndismissed, o.ndismissed == 1 ? "" : "s");
    }
    flush(&o);
    if (o.wrc) status = 2;
    if (status == 0 && o.n) status = 1;
    if (!o.jsonl && status == 0 && o.n == 0) {
        /* silence reads as a crash or a filter; say that the check ran */
        if (cli_write("không có phát hiện\n", strlen("không có phát hiện\n"))) status = 2;
    } else if (!o.jsonl && isatty(STDOUT_FILENO)) {
        printf("%lld phát hiện\n", o.n);
    }
    for (size_t i = 0; i < ndocs; i++)
        ct_textdoc_free(&docs[i]);
    free(docs);
    ct_buf_free(&o.b);
    ct_buf_free(&o.quote);
    ct_quoter_free(&o.quotes);
    ct_check_summary_free(&o.sum);
    ct_store_close(st);
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
    char pub[CT_DATE_SIZE];
    ct_date_format(d->pub, pub, sizeof pub);
    if (l->csv)
        ct_buf_printf(&l->b, "%lld,%s,%s,%lld,%lld,%s\n", d->id, d->name, pub, d->nobs, d->ntargets,
                      d->sha256);
    else
    {
        ct_buf_printf(&l->b, "%6lld  ", d->id);
        ct_render_pad(&l->b, d->name, 28);
        ct_render_pad(&l->b, pub, 10);
        ct_buf_printf(&l->b, "%7lld %8lld  %.12s  %s\n", d->nobs, d->ntargets, d->sha256,
                      d->source);
    }
    if (l->b.len > 65536) {
        cli_write(l->b.data, l->b.len);
        ct_buf_reset(&l->b);
    }
    return 0;
}

static void usage_documents(FILE *fp)
{
    fputs("usage: chitieu documents [--db PATH] [--format table|csv]\n"
          "       chitieu documents rm NAME|ID [--db PATH]\n"
          "       chitieu documents versions NAME [--db PATH] [--format table|jsonl]\n\n"
          "List the stored documents: id, name, publication date, observations,\n"
          "targets, content hash (and source in the table). rm deletes a document with\n"
          "its records (its reviews stay in the review log, detached). versions lists\n"
          "the versions of document NAME, oldest first: id, content hash, and for a\n"
          "replaced one the version that replaced it, when and by whom.\n",
          fp);
}

typedef struct vl {
    int jsonl;
    long long n;
    ct_buf b;
} vl;

static int on_version(void *ud, const ct_version *v)
{
    vl *l = ud;
    l->n++;
    if (l->jsonl) {
        ct_json j;
        ct_json_init(&j, &l->b);
        ct_json_obj(&j);
        ct_json_kll(&j, "id", v->id);
        ct_json_kstr(&j, "sha256", v->sha256 ? v->sha256 : "");
        ct_json_kbool(&j, "current", !v->replaced_by);
        ct_json_key(&j, "replaced_by");
        if (v->replaced_by)
            ct_json_ll(&j, v->replaced_by);
        else
            ct_json_null(&j);
        ct_json_key(&j, "at");
        ct_json_str_or_null(&j, v->at);
        ct_json_key(&j, "by");
        ct_json_str_or_null(&j, v->who);
        ct_json_end(&j);
        ct_json_nl(&j);
    } else if (v->replaced_by) {
        ct_buf_printf(&l->b, "%6lld  %.12s  thay bằng %lld  %s  %s\n", v->id,
                      v->sha256 ? v->sha256 : "", v->replaced_by, v->at ? v->at : "",
                      v->who ? v->who : "");
    } else {
        ct_buf_printf(&l->b, "%6lld  %.12s  hiện hành\n", v->id, v->sha256 ? v->sha256 : "");
    }
    return 0;
}

static int list_versions(ct_store *st, const char *name, const char *format)
{
    const char *fmt = NULL;
    if (format && !(fmt = cli_format("documents", format, "table", "table,jsonl")))
        return EXIT_USAGE;
    vl l;
    memset(&l, 0, sizeof l);
    l.jsonl = fmt && !strcmp(fmt, "jsonl");
    if (!l.jsonl) ct_buf_puts(&l.b, "    id  sha256        phiên bản\n");
    ct_error err;
    int rc = EXIT_OK;
    int c = ct_store_doc_versions(st, name, on_version, &l, &err);
    if (c != CT_OK) {
        err.code = c;
        rc = cli_fail(CLI_STORE, "chitieu documents versions", &err);
    } else if (!l.n) {
        fprintf(stderr, "chitieu documents versions: no document '%s'\n", name);
        rc = EXIT_DATAERR;
    } else if (cli_write(l.b.data, l.b.len)) {
        rc = EXIT_IOERR;
    }
    ct_buf_free(&l.b);
    return rc;
}

int cmd_documents(int argc, char **argv)
{
    const char *db = NULL, *format = NULL;
    const cli_opt opts[] = {
        {"--db", NULL, &db, NULL}, {"--format", NULL, &format, NULL}, {NULL, NULL, NULL, NULL}};
    const char *pos[2] = {NULL, NULL};
    int npos = 0;
    int prc = cli_parse("documents", argc, argv, opts, pos, 2, &npos, usage_documents);
    if (prc) return prc < 0 ? EXIT_OK : prc;
    if (npos && ((strcmp(pos[0], "rm") && strcmp(pos[0], "versions")) || npos != 2)) {
        fprintf(stderr,
                "chitieu documents: expected no argument, rm NAME|ID or versions NAME\n");
        return EXIT_USAGE;
    }
    ct_store *st;
    int rc = cli_open_existing("documents", cli_db_path(db), &st);
    if (rc) return rc;
    if (npos && !strcmp(pos[0], "versions")) {
        rc = list_versions(st, pos[1], format);
        ct_store_close(st);
        return rc;
    }
    if (npos) {
        ct_error err;
        long long id = 0;
        char name[128];
        int c = ct_store_begin(st, &err);
        if (c == CT_OK) c = cli_doc_ref(st, pos[1], &id, name, sizeof name, &err);
        if (c == CT_OK) c = ct_store_doc_delete(st, id, &err);
        if (c == CT_OK) c = ct_store_commit(st, &err);
        if (c != CT_OK) {
            ct_store_rollback(st);
            err.code = c;
            rc = cli_fail(c == CT_ENOENT ? CLI_REFUSED : CLI_STORE, "chitieu documents rm", &err);
        } else {
            fprintf(stderr, "chitieu documents: %s (%lld) removed with its records\n", name, id);
        }
        ct_store_close(st);
        return rc;
    }
    dl l;
    memset(&l, 0, sizeof l);
    if (format && !(format = cli_format("documents", format, NULL, "table,csv"))) {
        ct_store_close(st);
        return EXIT_USAGE;
    }
    l.csv = format ? !strcmp(format, "csv") : !isatty(STDOUT_FILENO);
    if (l.csv)
        ct_buf_puts(&l.b, "id,name,published,observations,targets,sha256\n");
    else
    {
        /* Vietnamese headers, padded by display width like the rows */
        ct_buf_puts(&l.b, "    id  ");
        ct_render_pad(&l.b, "văn bản", 28);
        ct_render_pad(&l.b, "công bố", 10);
        ct_buf_puts(&l.b, "số liệu mục tiêu  ");
        ct_render_pad(&l.b, "sha256", 13);
        ct_buf_puts(&l.b, "nguồn\n");
    }
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
