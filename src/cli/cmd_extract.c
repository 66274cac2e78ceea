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
    int explain; /* --explain: each record's evidence */
    ct_buf fixed;
    ct_error err;
    int failed; /* the current file failed: skip its remaining chunks */
    long long done, total;
    int progress;
    int wrc;
    /* a file's first chunk decides: plain UTF-8 text streams as it comes;
     * anything else (a web page, PDF, DOCX, another encoding, --encoding)
     * is read whole and decoded by ct_doc_decode */
    const char *path;
    const char *encoding;
    int mode; /* 0 undecided, 1 streaming, 2 whole */
    ct_buf whole;
    int too_big;
    int shown;     /* the current file's failure was reported already */
    int text_only; /* --text: print the text read, not records */
    const ct_catalog *cat;
    const ct_extract_opts *opts;
    int have_published; /* --published given: a page's own date is not used */
} run;

/* A document read whole is decoded in memory: past this it is refused. */
#define WHOLE_MAX (512LL << 20)

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

static int feed(run *r, const char *buf, size_t n);

static int on_chunk(void *ud, const char *buf, size_t n)
{
    run *r = ud;
    if (r->failed) return 0;
    if (r->mode == 0)
        r->mode = !r->encoding && ct_doc_sniff(buf, n, r->path) == CT_DOC_TEXT ? 1 : 2;
    if (r->mode == 2) {
        if ((long long)(r->whole.len + n) > WHOLE_MAX) {
            r->too_big = r->failed = 1;
            return 0;
        }
        if (ct_buf_append(&r->whole, buf, n)) {
            r->failed = 1;
            ct_error_set(&r->err, CT_ENOMEM, -1, 0, "out of memory");
        }
        return 0;
    }
    return feed(r, buf, n);
}

static int feed(run *r, const char *buf, size_t n)
{
    if (r->text_only) {
        int rc = cli_write(buf, n);
        if (rc) r->wrc = rc;
        return r->wrc;
    }
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

/* The document id of a URL: its last path segment without extension,
 * else its host ("https://a.vn/tin/bao-cao.html" -> "bao-cao"). */
static char *url_doc_id(const char *url)
{
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    size_t hn = strcspn(h, "/?#");
    const char *path = h + hn;
    size_t pn = strcspn(path, "?#");
    while (pn > 0 && path[pn - 1] == '/')
        pn--;
    const char *seg = path + pn;
    while (seg > path && seg[-1] != '/')
        seg--;
    size_t sn = (size_t)(path + pn - seg);
    const char *dot = memchr(seg, '.', sn);
    if (dot && dot != seg) sn = (size_t)(dot - seg);
    const char *b = sn ? seg : h;
    size_t n = sn ? sn : hn;
    char *s = malloc(n + 1);
    if (!s) return NULL;
    memcpy(s, b, n);
    s[n] = '\0';
    return s;
}

/* An http(s) URL: its body becomes the whole document (fetch.h). */
static int fetch_whole(run *r, const char *url)
{
    ct_fetched fe;
    ct_error e;
    int rc = ct_fetch(url, NULL, &fe, &e);
    if (rc != CT_OK) {
        fprintf(stderr, "%s\n", e.msg);
        r->failed = r->shown = 1;
        return rc == CT_ENOMEM ? EXIT_OSERR : rc == CT_EINVAL ? EXIT_USAGE : EXIT_NOINPUT;
    }
    r->mode = 2;
    ct_buf_free(&r->whole);
    r->whole = fe.body; /* the run owns the body now */
    return 0;
}

/* The file read whole: decode it (doc.h) and extract its text. Returns an
 * EXIT_* status; a failure is reported here (r->failed set). */
static int decode_whole(run *r, const char *path)
{
    ct_doc_opts o = {r->encoding};
    ct_doc d;
    ct_error e;
    int rc = ct_doc_decode(r->whole.data, r->whole.len, path, &o, &d, &e);
    if (rc == CT_EUTF8 && r->lossy && !r->encoding) {
        /* --lossy: UTF-8 with the bad bytes replaced, as before */
        r->failed = 0;
        feed(r, r->whole.data, r->whole.len);
        return r->failed ? EXIT_DATAERR : 0;
    }
    if (rc != CT_OK) {
        r->failed = r->shown = 1;
        /* the message says "at byte N" itself where it matters */
        fprintf(stderr, "%s: %s\n", path, e.msg);
        return rc == CT_ENOMEM ? EXIT_OSERR : rc == CT_EINVAL ? EXIT_USAGE : EXIT_DATAERR;
    }
    if (d.note[0]) fprintf(stderr, "%s: %s\n", path, d.note);
    int lossy = r->lossy;
    r->lossy = 0; /* decoded text is valid UTF-8 */
    if (d.published.y && !r->have_published && !r->text_only) {
        /* a web page that states its date: read it as --published would */
        ct_extract_opts po = *r->opts;
        po.pub_year = d.published.y;
        po.pub_month = d.published.m;
        po.pub_day = d.published.d;
        if (ct_extract_buffer(r->cat, &po, d.text.data, d.text.len, on_record, r, &r->err) != CT_OK)
            r->failed = 1;
    } else {
        feed(r, d.text.data, d.text.len);
    }
    r->lossy = lossy;
    ct_doc_free(&d);
    return 0;
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
          "                       [--area NAME] [--catalog FILE] [--encoding NAME] [--lossy]\n"
          "                       [--explain] [--text] FILE...\n"
          "\n"
          "Read a Vietnamese report (FILE, - for stdin, or an http(s) URL: text, a web\n"
          "page, PDF or DOCX; docs/formats.md) and print every indicator observation and\n"
          "target in it.\n"
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
          "  --encoding NAME   the text's encoding, not detected: UTF-8, UTF-16, VISCII,\n"
          "                    CP1258 (Windows-1258), TCVN3 or another iconv name\n"
          "  --lossy           replace invalid UTF-8 by U+FFFD instead of failing\n"
          "  --explain         with each record, why it was read so: the rule that chose\n"
          "                    its indicator, where its period and area came from, and\n"
          "                    the candidates weighed (JSON: \"evidence\"; table: a line)\n"
          "  --text            print the text read from each FILE (what spans count in),\n"
          "                    not records\n"
          "\n"
          "Exit statuses: 0 ok, 64 usage, 65 unreadable input (not text in a known\n"
          "encoding, not a supported format), 66 missing\n"
          "input, 71 out of memory, 74 I/O error, 78 bad catalogue.\n",
          fp);
}

int cmd_extract(int argc, char **argv)
{
    const char *published = NULL, *doc = NULL, *format = NULL, *catalog = NULL, *area = NULL,
               *encoding = NULL;
    int lossy = 0, text_only = 0, explain = 0;
    const cli_opt opts_[] = {{"--published", NULL, &published, NULL},
                             {"--doc", NULL, &doc, NULL},
                             {"--format", NULL, &format, NULL},
                             {"--area", NULL, &area, NULL},
                             {"--catalog", NULL, &catalog, NULL},
                             {"--encoding", NULL, &encoding, NULL},
                             {"--lossy", NULL, NULL, &lossy},
                             {"--text", NULL, NULL, &text_only},
                             {"--explain", NULL, NULL, &explain},
                             {NULL, NULL, NULL, NULL}};
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
    if (format && !(format = cli_format("extract", format, NULL, "table,jsonl"))) {
        free(files);
        return EXIT_USAGE;
    }
    int table = format ? !strcmp(format, "table") : isatty(STDOUT_FILENO);
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
    r.encoding = encoding;
    r.text_only = text_only;
    r.cat = cat;
    r.opts = &opts;
    r.have_published = published != NULL;
    r.progress = isatty(STDERR_FILENO);
    r.ex = ct_extractor_new(cat, &opts, on_record, &r);
    if (!r.ex) {
        ct_catalog_free(cat);
        free(files);
        return EXIT_OSERR;
    }
    if (table && !text_only) ct_render_table_header(&r.out);
    int status = EXIT_OK;
    for (int f = 0; f < nfiles; f++) {
        char *id = doc                         ? strdup(doc)
                   : ct_fetch_is_url(files[f]) ? url_doc_id(files[f])
                                               : cli_doc_id(files[f]);
        if (!id) {
            status = EXIT_OSERR;
            break;
        }
        r.doc = id;
        r.failed = 0;
        r.done = 0;
        ct_error_clear(&r.err);
        ct_extractor_reset(r.ex);
        r.path = files[f];
        r.mode = 0;
        r.too_big = 0;
        ct_buf_reset(&r.whole);
        r.shown = 0;
        int rc = ct_fetch_is_url(files[f]) ? fetch_whole(&r, files[f])
                                           : cli_read(files[f], on_chunk, &r, &r.total);
        if (!rc && r.mode == 2 && !r.failed) {
            rc = decode_whole(&r, files[f]);
        } else if (r.too_big) {
            fprintf(stderr, "%s: over %lld MB: too large to read as a document\n", files[f],
                    WHOLE_MAX >> 20);
            r.shown = 1;
            if (EXIT_DATAERR > status) status = EXIT_DATAERR;
        }
        ct_error ferr;
        int frc = ct_extractor_finish(r.ex, &ferr);
        if (r.progress && r.total > (1 << 24)) fputc('\n', stderr);
        if (!r.failed && frc != CT_OK) {
            r.failed = 1;
            r.err = ferr;
        }
        flush_out(&r);
        if (rc && rc > status) status = rc;
        if (r.failed && !r.shown) {
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
    ct_buf_free(&r.whole);
    ct_catalog_free(cat);
    free(files);
    return status;
}
