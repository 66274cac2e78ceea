/* cmd_extract.c — `chitieu extract`: report text in, records out (JSON
 * Lines for programs, an aligned table for people). Every input is
 * processed even when an earlier one fails; the exit status is the worst
 * seen. */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct run {
    ct_extractor *ex;
    ct_buf out;
    const char *doc;
    int table;
    int lossy;
    ct_buf fixed;
    ct_error err;
    int failed; /* the current file failed: skip its remaining chunks */
    long long done, total;
    int progress;
    int wrc;
    int explain; /* --explain: each record's evidence */
} run;

static void flush_out(run *r)
{
    if (r->out.len) {
        int rc = cli_write(r->out.data, r->out.len);
        if (rc) r->wrc = rc;
        ct_buf_reset(&r->out);
    }
}

static int on_record(void *ud, const ct_record *rec)
{
    run *r = ud;
    if (r->table) {
        ct_render_table_row(&r->out, rec, r->doc);
        if (r->explain) ct_render_table_explain(&r->out, rec);
    } else {
        ct_render_json_flags(&r->out, rec, r->doc, r->explain ? CT_RENDER_EVIDENCE : 0);
    }
    if (r->out.len > (1 << 16)) flush_out(r);
    return r->wrc != 0;
}

static int on_chunk(void *ud, const char *buf, size_t n)
{
    run *r = ud;
    if (r->failed) return 0;
    if (r->lossy && ct_utf8_valid_prefix(buf, n) != n) {
        /* a sequence cut at the chunk end is not invalid yet */
        size_t t = ct_utf8_tail(buf, n);
        ct_utf8_lossy(&r->fixed, buf, n - t);
        if (ct_extractor_feed(r->ex, r->fixed.data, r->fixed.len, &r->err) != CT_OK) r->failed = 1;
        if (!r->failed && t && ct_extractor_feed(r->ex, buf + n - t, t, &r->err) != CT_OK)
            r->failed = 1;
    } else if (ct_extractor_feed(r->ex, buf, n, &r->err) != CT_OK) {
        r->failed = 1;
    }
    r->done += (long long)n;
    if (r->progress && r->total > 0 && (r->done & ((1 << 24) - 1)) < (long long)n) {
        fprintf(stderr, "\r%s: %lld/%lld MB (%d%%)", r->doc, r->done >> 20, r->total >> 20,
                (int)(100 * r->done / r->total));
        fflush(stderr);
    }
    return r->wrc;
}

/* CHITIEU_DEBUG=1: the grammar's trace on stderr (a developer's aid). */
static void debug_line(void *ud, const char *line)
{
    (void)ud;
    fprintf(stderr, "%s\n", line);
}

static void usage(FILE *fp)
{
    fputs("usage: chitieu extract [--published DATE] [--doc ID] [--format jsonl|table]\n"
          "                       [--area NAME] [--catalog FILE] [--lossy] [--explain] FILE...\n"
          "\n"
          "Read Vietnamese report text (FILE, or - for stdin) and print every indicator\n"
          "observation and target found in it.\n"
          "\n"
          "  --published DATE  publication date, YYYY-MM-DD or YYYY-MM: resolves periods\n"
          "                    written without a year and tells targets from observations\n"
          "  --doc ID          document id in the records (default: the file name without\n"
          "                    directory and extension); only with a single FILE\n"
          "  --format F        jsonl (default when output is not a terminal) or table\n"
          "  --area NAME       the documents' area when known (a province, city or\n"
          "                    ministry of data/areas.tsv: \"Hà Nam\", \"TP.HCM\"); figures\n"
          "                    a sentence gives to the whole country (cả nước) stay national\n"
          "  --catalog FILE    load FILE over the default indicator catalogue\n"
          "  --lossy           replace invalid UTF-8 by U+FFFD instead of failing\n"
          "  --explain         with each record, why it was read so: the rule that chose\n"
          "                    its indicator, where its period and area came from, and\n"
          "                    the candidates weighed (JSON: \"evidence\"; table: a line)\n"
          "\n"
          "Exit statuses: 0 ok, 64 usage, 65 invalid UTF-8 or binary input, 66 missing\n"
          "input, 71 out of memory, 74 I/O error, 78 bad catalogue.\n",
          fp);
}

int cmd_extract(int argc, char **argv)
{
    const char *published = NULL, *doc = NULL, *format = NULL, *catalog = NULL, *area = NULL;
    int lossy = 0, explain = 0;
    const cli_opt opts_[] = {
        {"--published", NULL, &published, NULL}, {"--doc", NULL, &doc, NULL},
        {"--format", NULL, &format, NULL},       {"--area", NULL, &area, NULL},
        {"--catalog", NULL, &catalog, NULL},     {"--lossy", NULL, NULL, &lossy},
        {"--explain", NULL, NULL, &explain},     {NULL, NULL, NULL, NULL}};
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0;
    if (!files) return EXIT_OSERR;
    int prc = cli_parse("extract", argc, argv, opts_, files, argc, &nfiles, usage);
    if (prc) {
        free(files);
        return prc < 0 ? EXIT_OK : prc;
    }
    ct_extract_opts opts = {.pub_year = 0, .pub_month = 0, .pub_day = 0};
    ct_date pub = {0, 0, 0};
    if (published && ct_date_parse(published, &pub) == CT_OK) {
        opts.pub_year = pub.y, opts.pub_month = pub.m, opts.pub_day = pub.d;
    } else if (published) {
        fprintf(stderr, "chitieu extract: --published '%s': expected YYYY-MM-DD or YYYY-MM\n",
                published);
        free(files);
        return EXIT_USAGE;
    }
    if (getenv("CHITIEU_DEBUG")) opts.debug = debug_line;
    int table = format ? !strcmp(format, "table") : isatty(STDOUT_FILENO);
    if (format && strcmp(format, "table") && strcmp(format, "jsonl")) {
        fprintf(stderr, "chitieu extract: --format '%s': expected jsonl or table\n", format);
        free(files);
        return EXIT_USAGE;
    }
    if (nfiles == 0) {
        fprintf(stderr, "chitieu extract: no input (give FILE or - for stdin)\n");
        free(files);
        return EXIT_USAGE;
    }
    if (doc && nfiles > 1) {
        fprintf(stderr, "chitieu extract: --doc names one document; %d files given\n", nfiles);
        free(files);
        return EXIT_USAGE;
    }
    ct_error err;
    ct_catalog *cat = ct_catalog_load_default(&err);
    if (cat && catalog && ct_catalog_merge(cat, catalog, &err) != CT_OK) {
        ct_catalog_free(cat);
        cat = NULL;
    }
    if (!cat) {
        fprintf(stderr, "chitieu: %s\n", err.msg);
        free(files);
        return EXIT_CONFIG;
    }
    if (area && !(opts.area = ct_catalog_area(cat, area))) {
        fprintf(stderr, "chitieu extract: --area '%s': not an area of data/areas.tsv\n", area);
        ct_catalog_free(cat);
        free(files);
        return EXIT_USAGE;
    }
    run r;
    memset(&r, 0, sizeof r);
    r.table = table;
    r.lossy = lossy;
    r.explain = explain;
    r.progress = isatty(STDERR_FILENO);
    r.ex = ct_extractor_new(cat, &opts, on_record, &r);
    if (!r.ex) {
        ct_catalog_free(cat);
        free(files);
        return EXIT_OSERR;
    }
    if (table) ct_render_table_header(&r.out);
    int status = EXIT_OK;
    for (int f = 0; f < nfiles; f++) {
        char *id = doc ? strdup(doc) : cli_doc_id(files[f]);
        if (!id) {
            status = EXIT_OSERR;
            break;
        }
        r.doc = id;
        r.failed = 0;
        r.done = 0;
        ct_error_clear(&r.err);
        ct_extractor_reset(r.ex);
        int rc = cli_read(files[f], on_chunk, &r, &r.total);
        ct_error ferr;
        int frc = ct_extractor_finish(r.ex, &ferr);
        if (r.progress && r.total > (1 << 24)) fputc('\n', stderr);
        if (!r.failed && frc != CT_OK) {
            r.failed = 1;
            r.err = ferr;
        }
        flush_out(&r);
        if (rc && rc > status) status = rc;
        if (r.failed) {
            int st = cli_text_error(files[f], &r.err);
            if (st > status) status = st;
        }
        free(id);
        if (r.wrc) {
            status = r.wrc;
            break;
        }
    }
    flush_out(&r);
    if (r.wrc) status = r.wrc;
    if (fflush(stdout) != 0 && !status) status = EXIT_IOERR;
    ct_extractor_free(r.ex);
    ct_buf_free(&r.out);
    ct_buf_free(&r.fixed);
    ct_catalog_free(cat);
    free(files);
    return status;
}
