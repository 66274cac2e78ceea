/* cmd_review.c — `chitieu review list|accept|correct|reject|add|log`: a
 * person confirms, fixes, rejects and adds records; the library keeps each
 * review audited and attached to its record by place (review.h). */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu review list [--doc ID] [--below C] [--format table|jsonl]\n"
          "       chitieu review accept ID... [--note TEXT] [--by NAME]\n"
          "       chitieu review correct ID [--indicator CODE] [--period P] [--value V]\n"
          "                              [--area A] [--note TEXT] [--by NAME]\n"
          "       chitieu review reject ID [--note TEXT] [--by NAME]\n"
          "       chitieu review add --doc ID --indicator CODE --period P --value V [--area A]\n"
          "                          [--note TEXT] [--by NAME]\n"
          "       chitieu review log [--doc ID] [--format table|jsonl]\n"
          "       chitieu review export --gold DIR [--doc ID]\n"
          "  (every form takes --db PATH and --catalog FILE)\n"
          "\n"
          "list shows the records no one has reviewed whose confidence is below C\n"
          "(default 0.9), lowest first, with their id, sentence and span. V is written\n"
          "the Vietnamese way with its unit ('1,33 triệu thuê bao', '548 tỷ đồng',\n"
          "'46,8%') or in base units ('1330000'). --by defaults to the login name.\n"
          "Series, checks, targets, reports, charts and exports read the reviewed records.\n"
          "export --gold writes each reviewed document's records as gold (DIR/DOC.jsonl),\n"
          "its text (DIR/DOC.txt) and DIR/docs.tsv, for chitieu eval.\n"
          "\n"
          "Exit statuses: 0 ok, 64 usage, 65 bad value or no such record, 74 database\n"
          "error, 78 bad catalogue.\n",
          fp);
}

/* ---- list ---- */

typedef struct item {
    long long id, doc_id;
    double conf;
    char doc[128], ind[128], unit[64], area[64], period[32], value[48];
    long long span[2], vspan[2];
} item;

typedef struct listing {
    item *v;
    size_t n, cap;
    int oom;
} listing;

/* one record of the queue (ct_review_queue gives them lowest confidence first) */
static int on_rec(void *ud, const ct_obs *o)
{
    listing *l = ud;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        item *v = realloc(l->v, cap * sizeof *v);
        if (!v) return l->oom = 1;
        l->v = v;
        l->cap = cap;
    }
    item *it = &l->v[l->n++];
    memset(it, 0, sizeof *it);
    it->id = o->id;
    it->doc_id = o->doc_id;
    it->conf = o->rec.confidence;
    snprintf(it->doc, sizeof it->doc, "%s", o->doc);
    snprintf(it->ind, sizeof it->ind, "%s", o->indicator);
    snprintf(it->unit, sizeof it->unit, "%s", o->rec.unit ? o->rec.unit : "");
    snprintf(it->area, sizeof it->area, "%s", o->rec.area);
    ct_period_format(&o->rec.period, it->period, sizeof it->period);
    ct_decimal_json(o->rec.value, it->value, sizeof it->value);
    memcpy(it->span, o->rec.span, sizeof it->span);
    memcpy(it->vspan, o->rec.value_span, sizeof it->vspan);
    return 0;
}

static int do_list(ct_store *st, const ct_catalog *cat, const char *doc, const char *below,
                   int jsonl)
{
    listing l = {NULL, 0, 0, 0};
    double lim = 0.9;
    if (below) {
        char *end;
        lim = strtod(below, &end);
        if (*end || end == below || lim < 0) {
            fprintf(stderr, "chitieu review list: --below '%s': expected a number in [0,1]\n",
                    below);
            return EXIT_USAGE;
        }
    }
    ct_error err;
    ct_obs_query q = {0};
    char docname[128] = "";
    int rc = CT_OK;
    if (doc) rc = cli_doc_ref(st, doc, &q.doc_id, docname, sizeof docname, &err);
    if (rc == CT_OK) rc = ct_review_queue(st, cat, q.doc_id, lim, on_rec, &l, &err);
    if (rc == CT_OK && l.oom) rc = ct_error_set(&err, CT_ENOMEM, -1, 0, "out of memory");
    int status = EXIT_OK;
    if (rc != CT_OK) {
        err.code = rc;
        status = cli_fail(rc == CT_ENOENT ? CLI_REFUSED : CLI_STORE, "chitieu review list", &err);
    } else {
        ct_buf out, quote;
        ct_buf_init(&out);
        ct_buf_init(&quote);
        for (size_t k = 0; k < l.n && status == EXIT_OK; k++) {
            item *it = &l.v[k];
            ct_buf_reset(&out);
            if (ct_store_doc_span(st, it->doc_id, it->span[0], it->span[1], &quote, &err) != CT_OK)
                ct_buf_reset(&quote);
            if (jsonl) {
                ct_json j;
                ct_json_init(&j, &out);
                ct_json_obj(&j);
                ct_json_kll(&j, "id", it->id);
                ct_json_key(&j, "confidence");
                ct_json_fixed(&j, it->conf, 2);
                ct_json_kstr(&j, "doc", it->doc);
                ct_json_kstr(&j, "indicator", it->ind);
                ct_json_kstr(&j, "period", it->period);
                ct_json_key(&j, "value");
                ct_json_raw(&j, it->value, strlen(it->value));
                ct_json_kstr(&j, "unit", it->unit);
                ct_json_kstr(&j, "area", it->area);
                ct_json_key(&j, "span");
                ct_json_arr(&j);
                ct_json_ll(&j, it->span[0]);
                ct_json_ll(&j, it->span[1]);
                ct_json_end(&j);
                ct_json_key(&j, "value_span");
                ct_json_arr(&j);
                ct_json_ll(&j, it->vspan[0]);
                ct_json_ll(&j, it->vspan[1]);
                ct_json_end(&j);
                ct_json_key(&j, "sentence");
                ct_json_strn(&j, quote.data ? quote.data : "", quote.len);
                ct_json_end(&j);
                ct_json_nl(&j);
                status = cli_write(out.data, out.len);
            } else {
                printf("%-6lld %.2f  %-28s %-10s %16s %-12s %s\n       %.*s\n", it->id, it->conf,
                       it->ind, it->period, it->value, it->unit, it->area[0] ? it->area : "-",
                       (int)quote.len, quote.data ? quote.data : "");
            }
        }
        ct_buf_free(&out);
        ct_buf_free(&quote);
    }
    free(l.v);
    return status;
}

/* ---- log ---- */

typedef struct logger {
    int jsonl, status;
    ct_buf out;
} logger;

static int on_log(void *ud, const ct_review *r)
{
    logger *g = ud;
    ct_buf_reset(&g->out);
    if (g->jsonl) {
        ct_json j;
        ct_json_init(&j, &g->out);
        ct_json_obj(&j);
        ct_json_kll(&j, "review", r->id);
        ct_json_kstr(&j, "action", ct_review_action_name(r->action));
        ct_json_kstr(&j, "doc", r->doc);
        ct_json_kstr(&j, "indicator", r->indicator);
        ct_json_key(&j, "span");
        ct_json_arr(&j);
        ct_json_ll(&j, r->span[0]);
        ct_json_ll(&j, r->span[1]);
        ct_json_end(&j);
        ct_json_kstr(&j, "by", r->who);
        ct_json_kstr(&j, "at", r->at);
        ct_json_key(&j, "before");
        if (r->before)
            ct_json_raw(&j, r->before, strlen(r->before));
        else
            ct_json_null(&j);
        ct_json_key(&j, "after");
        if (r->after)
            ct_json_raw(&j, r->after, strlen(r->after));
        else
            ct_json_null(&j);
        ct_json_key(&j, "note");
        ct_json_str(&j, r->note);
        ct_json_kbool(&j, "attached", r->attached);
        ct_json_end(&j);
        ct_json_nl(&j);
        g->status = cli_write(g->out.data, g->out.len);
    } else {
        printf("%-5lld %s %-7s %-16s %-24s %s%s%s%s\n", r->id, r->at,
               ct_review_action_name(r->action), r->who, r->indicator, r->doc,
               r->attached ? "" : "  (detached: record gone after re-extraction)",
               r->note ? "  — " : "", r->note ? r->note : "");
    }
    return g->status != EXIT_OK;
}

/* ---- export --gold ---- */

typedef struct names {
    char **v;
    size_t n;
    int oom;
} names;

static int on_reviewed_doc(void *ud, const ct_review *r)
{
    names *x = ud;
    for (size_t k = 0; k < x->n; k++)
        if (!strcmp(x->v[k], r->doc)) return 0;
    char **v = realloc(x->v, (x->n + 1) * sizeof *v);
    if (!v || !(v[x->n] = strdup(r->doc))) {
        if (v) x->v = v;
        return x->oom = 1;
    }
    x->v = v;
    x->n++;
    return 0;
}

typedef struct golddoc {
    long long id;
    char published[CT_DATE_SIZE], source[512], area[128];
    ct_buf text;
} golddoc;

static int take_golddoc(void *ud, const ct_docinfo *d)
{
    golddoc *g = ud;
    g->id = d->id;
    ct_date_format(d->pub, g->published, sizeof g->published);
    /* one line of the index: no tabs or newlines in its fields */
    snprintf(g->source, sizeof g->source, "%s", d->source ? d->source : "");
    snprintf(g->area, sizeof g->area, "%s", d->area ? d->area : "");
    for (char *c = g->source; *c; c++)
        if (*c == '\t' || *c == '\n' || *c == '\r') *c = ' ';
    ct_buf_append(&g->text, d->text ? d->text : "", d->text_len);
    return 1;
}

typedef struct goldout {
    const char *doc;
    ct_buf b;
} goldout;

static int on_gold_rec(void *ud, const ct_obs *o)
{
    goldout *g = ud;
    if (!o->rec.ind) return 0; /* outside the catalogue: no gold for it */
    return ct_render_json(&g->b, &o->rec, g->doc) != CT_OK;
}

static int write_file(const char *path, const char *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    if (!fp || (n && fwrite(data, 1, n, fp) != n) || fclose(fp)) {
        if (fp) fclose(fp);
        fprintf(stderr, "chitieu review export: %s: cannot write\n", path);
        return EXIT_IOERR;
    }
    return EXIT_OK;
}

/* Every document with a review: DIR/DOC.jsonl (its reviewed records in the
 * record contract), DIR/DOC.txt (its text) and DIR/docs.tsv (doc,
 * published, source, area) for chitieu eval --index. */
static int do_export(ct_store *st, const ct_catalog *cat, const char *dir, const char *only)
{
    if (mkdir(dir, 0777) && errno != EEXIST) {
        fprintf(stderr, "chitieu review export: %s: cannot create the directory\n", dir);
        return EXIT_IOERR;
    }
    ct_error err;
    names x = {NULL, 0, 0};
    int rc = ct_store_reviews(st, only, on_reviewed_doc, &x, &err);
    if (rc == CT_OK && x.oom) rc = ct_error_set(&err, CT_ENOMEM, -1, 0, "out of memory");
    int status = rc == CT_OK ? EXIT_OK : cli_fail(CLI_STORE, "chitieu review export", &err);
    ct_buf index;
    ct_buf_init(&index);
    ct_buf_puts(&index, "doc\tpublished\tsource\tarea\n");
    long long nrec = 0;
    size_t ndocs = 0;
    for (size_t k = 0; k < x.n && status == EXIT_OK; k++) {
        golddoc g;
        memset(&g, 0, sizeof g);
        ct_buf_init(&g.text);
        goldout o = {x.v[k], {0}};
        ct_buf_init(&o.b);
        rc = ct_store_doc_get(st, x.v[k], take_golddoc, &g, &err);
        if (rc == CT_ENOENT) { /* removed (documents rm): its reviews name nothing */
            ct_buf_free(&g.text);
            continue;
        }
        ct_obs_query q = {.doc_id = g.id};
        if (rc == CT_OK) rc = ct_store_records(st, cat, &q, on_gold_rec, &o, &err);
        q.targets = 1;
        if (rc == CT_OK) rc = ct_store_records(st, cat, &q, on_gold_rec, &o, &err);
        if (rc == CT_OK && (o.b.oom || g.text.oom))
            rc = ct_error_set(&err, CT_ENOMEM, -1, 0, "out of memory");
        if (rc != CT_OK) {
            err.code = rc;
            status = cli_fail(CLI_STORE, "chitieu review export", &err);
        }
        char path[4096];
        if (status == EXIT_OK) {
            snprintf(path, sizeof path, "%s/%s.jsonl", dir, x.v[k]);
            status = write_file(path, o.b.data, o.b.len);
        }
        if (status == EXIT_OK) {
            snprintf(path, sizeof path, "%s/%s.txt", dir, x.v[k]);
            status = write_file(path, g.text.data, g.text.len);
        }
        for (size_t i = 0; i < o.b.len; i++)
            nrec += o.b.data[i] == '\n';
        ct_buf_printf(&index, "%s\t%s\t%s\t%s\n", x.v[k], g.published, g.source, g.area);
        ndocs++;
        ct_buf_free(&g.text);
        ct_buf_free(&o.b);
    }
    if (status == EXIT_OK) {
        char path[4096];
        snprintf(path, sizeof path, "%s/docs.tsv", dir);
        status = index.oom ? EXIT_OSERR : write_file(path, index.data, index.len);
    }
    if (status == EXIT_OK)
        fprintf(stderr,
                "chitieu review export: %zu reviewed document%s, %lld records, in %s"
                " (chitieu eval --gold %s --index %s/docs.tsv %s/*.txt)\n",
                ndocs, ndocs == 1 ? "" : "s", nrec, dir, dir, dir, dir);
    ct_buf_free(&index);
    for (size_t k = 0; k < x.n; k++)
        free(x.v[k]);
    free(x.v);
    return status;
}

/* ---- the verbs ---- */

static int parse_id(const char *s, long long *id)
{
    char *end;
    *id = strtoll(s, &end, 10);
    return *s && !*end && *id > 0;
}

int cmd_review(int argc, char **argv)
{
    const char *doc = NULL, *below = NULL, *format = NULL, *db = NULL, *catalog = NULL,
               *indicator = NULL, *period = NULL, *value = NULL, *area = NULL, *note = NULL,
               *by = NULL, *gold = NULL, *pos[64];
    int npos = 0;
    const cli_opt opts[] = {{"--doc", NULL, &doc, NULL},
                            {"--below", NULL, &below, NULL},
                            {"--format", NULL, &format, NULL},
                            {"--db", NULL, &db, NULL},
                            {"--catalog", NULL, &catalog, NULL},
                            {"--indicator", NULL, &indicator, NULL},
                            {"--period", NULL, &period, NULL},
                            {"--value", NULL, &value, NULL},
                            {"--area", NULL, &area, NULL},
                            {"--note", NULL, &note, NULL},
                            {"--by", NULL, &by, NULL},
                            {"--gold", NULL, &gold, NULL},
                            {NULL, NULL, NULL, NULL}};
    int prc = cli_parse("review", argc, argv, opts, pos, 64, &npos, usage);
    if (prc) return prc < 0 ? EXIT_OK : prc;
    const char *verb = npos ? pos[0] : NULL;
    static const char *const verbs[] = {"list", "accept", "correct", "reject",
                                        "add",  "log",    "export",  NULL};
    int v = -1;
    for (int k = 0; verb && verbs[k]; k++)
        if (!strcmp(verb, verbs[k])) v = k;
    if (v < 0) {
        fprintf(stderr,
                "chitieu review: expected list, accept, correct, reject, add, log or export\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    int jsonl = 0;
    if (format && strcmp(format, "table") && strcmp(format, "jsonl")) {
        fprintf(stderr, "chitieu review %s: --format '%s': expected table or jsonl\n", verb,
                format);
        return EXIT_USAGE;
    }
    if (format && !strcmp(format, "jsonl")) jsonl = 1;
    if (v == 6 && !gold) {
        fprintf(stderr, "chitieu review export: give --gold DIR\n");
        return EXIT_USAGE;
    }
    if ((v == 0 || v == 4 || v == 5 || v == 6) && npos != 1) {
        fprintf(stderr, "chitieu review %s: takes no record ids\n", verb);
        return EXIT_USAGE;
    }
    if ((v == 2 || v == 3) && npos != 2) {
        fprintf(stderr, "chitieu review %s: give one record id (chitieu review list)\n", verb);
        return EXIT_USAGE;
    }
    if (v == 1 && npos < 2) {
        fprintf(stderr, "chitieu review accept: which records? (chitieu review list)\n");
        return EXIT_USAGE;
    }
    long long ids[64];
    for (int k = 1; k < npos; k++)
        if (!parse_id(pos[k], &ids[k])) {
            fprintf(stderr, "chitieu review %s: '%s' is not a record id\n", verb, pos[k]);
            return EXIT_USAGE;
        }
    if (v == 4 && (!doc || !indicator || !period || !value)) {
        fprintf(stderr, "chitieu review add: give --doc, --indicator, --period and --value\n");
        return EXIT_USAGE;
    }
    if (v == 2 && !indicator && !period && !value && !area) {
        fprintf(stderr,
                "chitieu review correct: give --indicator, --period, --value or --area\n");
        return EXIT_USAGE;
    }
    ct_catalog *cat;
    ct_store *st;
    int status = cli_open("review", catalog, db, NULL, &cat, &st);
    if (status) return status;
    ct_error err;
    ct_error_clear(&err);
    int rc = CT_OK;
    const char *who = cli_who(by);
    ct_review_edit e = {.indicator = indicator, .period = period, .value = value, .area = area,
                        .who = who, .note = note};
    long long rid = 0;
    if (v == 0) {
        status = do_list(st, cat, doc, below, jsonl);
    } else if (v == 6) {
        char docname[128];
        long long did;
        if (doc) rc = cli_doc_ref(st, doc, &did, docname, sizeof docname, &err);
        if (rc == CT_OK) status = do_export(st, cat, gold, doc ? docname : NULL);
    } else if (v == 5) {
        logger g = {.jsonl = jsonl};
        ct_buf_init(&g.out);
        char docname[128];
        long long did;
        if (doc) rc = cli_doc_ref(st, doc, &did, docname, sizeof docname, &err);
        if (rc == CT_OK) rc = ct_store_reviews(st, doc ? docname : NULL, on_log, &g, &err);
        ct_buf_free(&g.out);
        if (rc == CT_OK) status = g.status;
    } else if (v == 1) {
        for (int k = 1; k < npos && rc == CT_OK; k++) {
            rc = ct_review_accept(st, cat, ids[k], who, note, &rid, &err);
            if (rc == CT_OK) printf("review %lld: accepted record %lld\n", rid, ids[k]);
        }
    } else if (v == 2) {
        rc = ct_review_correct(st, cat, ids[1], &e, &rid, &err);
        if (rc == CT_OK) printf("review %lld: corrected record %lld\n", rid, ids[1]);
    } else if (v == 3) {
        rc = ct_review_reject(st, cat, ids[1], who, note, &rid, &err);
        if (rc == CT_OK) printf("review %lld: rejected record %lld\n", rid, ids[1]);
    } else {
        rc = ct_review_add(st, cat, doc, &e, &rid, &err);
        if (rc == CT_OK) printf("review %lld: added a record to %s\n", rid, doc);
    }
    if (rc != CT_OK) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "chitieu review %s", verb);
        err.code = rc;
        status = cli_fail(rc == CT_EINVAL || rc == CT_ENOENT || rc == CT_EPARSE ? CLI_REFUSED
                                                                                : CLI_STORE,
                          prefix, &err);
    }
    ct_store_close(st);
    ct_catalog_free(cat);
    return status;
}
