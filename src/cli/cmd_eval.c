/* cmd_eval.c — `chitieu eval --gold DIR FILE...`: extract each FILE and
 * score its records against the gold of its document in DIR (DOC.jsonl,
 * the record contract: ../shared/corpus/gold, or what `chitieu review
 * export --gold` writes), with the rules and the output of
 * ../shared/tools/eval-extract (eval.h). */
#include "chitieu/chitieu.h"
#include "chitieu/eval.h"
#include "cli.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu eval --gold DIR [--index FILE.tsv] [--published DATE] [--area NAME]\n"
          "                    [--min-confidence C] [--min-f1 X] [--format table|json]\n"
          "                    [--catalog FILE] FILE...\n"
          "\n"
          "Extract each FILE and score its records against the gold records of its\n"
          "document (the file name without extension) in DIR/*.jsonl, as\n"
          "../shared/tools/eval-extract scores them: precision, recall and F1 of the\n"
          "observations per document and in total, of their changes and of targets.\n"
          "\n"
          "  --index FILE.tsv  per-document dates (and areas): 'doc<TAB>published\n"
          "                    [<TAB>source[<TAB>area]]', as review export --gold writes\n"
          "  --published DATE  the publication date of documents the index lacks\n"
          "  --area NAME       their area\n"
          "  --min-confidence C  score only records whose confidence is at least C\n"
          "  --min-f1 X        exit 1 when the observation F1 is below X\n"
          "  --format F        table (default) or json (the totals as one object)\n"
          "\n"
          "Exit statuses: 0 scored, 1 below --min-f1, 64 usage, 65 a gold line or a\n"
          "text that does not read, 66 a missing file or directory, 78 bad catalogue.\n",
          fp);
}

typedef struct entry {
    char *doc, *published, *area;
} entry;

typedef struct index {
    entry *v;
    size_t n;
} index_t;

static void index_free(index_t *x)
{
    for (size_t i = 0; i < x->n; i++) {
        free(x->v[i].doc);
        free(x->v[i].published);
        free(x->v[i].area);
    }
    free(x->v);
}

/* doc<TAB>published[<TAB>source[<TAB>area]] lines; 0 or an exit status */
static int load_index(const char *path, index_t *x)
{
    ct_buf b;
    ct_buf_init(&b);
    int rc = cli_slurp(path, &b);
    char *s = b.data ? b.data : "";
    long line = 0;
    while (rc == 0 && *s) {
        char *nl = strchr(s, '\n');
        if (nl) *nl = '\0';
        line++;
        size_t len = strlen(s);
        if (len && s[len - 1] == '\r') s[len - 1] = '\0';
        char *f[4] = {s, NULL, NULL, NULL};
        for (int k = 1; k < 4; k++) {
            char *t = f[k - 1] ? strchr(f[k - 1], '\t') : NULL;
            if (!t) break;
            *t = '\0';
            f[k] = t + 1;
        }
        ct_date dt;
        if (*s && *s != '#' && strcmp(f[0], "doc")) {
            if (!f[1] || ct_date_parse(f[1], &dt)) {
                fprintf(stderr, "%s:%ld: expected 'doc<TAB>YYYY-MM-DD[<TAB>source[<TAB>area]]'\n",
                        path, line);
                rc = EXIT_DATAERR;
                break;
            }
            entry *v = realloc(x->v, (x->n + 1) * sizeof *v);
            if (!v) {
                rc = EXIT_OSERR;
                break;
            }
            x->v = v;
            v[x->n].doc = strdup(f[0]);
            v[x->n].published = strdup(f[1]);
            v[x->n].area = f[3] && *f[3] ? strdup(f[3]) : NULL;
            x->n++;
        }
        if (!nl) break;
        s = nl + 1;
    }
    ct_buf_free(&b);
    return rc;
}

/* Every .jsonl and .json file of DIR, as eval-extract reads a gold directory:
 * the records (strict) and the names of the files (an empty gold file is a
 * document that must yield nothing). */
static int load_gold(const ct_catalog *cat, const char *dir, ct_buf *all, char ***stems,
                     size_t *nstems)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "chitieu eval: %s: cannot read the gold directory\n", dir);
        return EXIT_NOINPUT;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) && !rc) {
        size_t l = strlen(e->d_name);
        int jsonl = l > 6 && !strcmp(e->d_name + l - 6, ".jsonl");
        if (!jsonl && !(l > 5 && !strcmp(e->d_name + l - 5, ".json"))) continue;
        char **v = realloc(names, (n + 1) * sizeof *v);
        if (!v) {
            rc = EXIT_OSERR;
            break;
        }
        names = v;
        if (!(names[n] = strdup(e->d_name))) {
            rc = EXIT_OSERR;
            break;
        }
        n++;
    }
    closedir(d);
    for (size_t i = 0; i < n && !rc; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        ct_buf one;
        ct_buf_init(&one);
        rc = cli_slurp(path, &one);
        /* each file checked on its own, for its lines in the messages */
        if (!rc) {
            ct_eval_set *s;
            ct_error err;
            if (ct_eval_read(cat, one.data ? one.data : "", one.len, path, 1, &s, NULL, &err) !=
                CT_OK) {
                fprintf(stderr, "%s\n", err.msg);
                rc = err.code == CT_ENOMEM ? EXIT_OSERR : EXIT_DATAERR;
            }
            ct_eval_set_free(s);
            ct_buf_append(all, one.data ? one.data : "", one.len);
            ct_buf_putc(all, '\n');
        }
        ct_buf_free(&one);
        size_t l = strlen(names[i]);
        if (l > 6 && !strcmp(names[i] + l - 6, ".jsonl"))
            names[i][l - 6] = '\0';
        else
            names[i][0] = '\0'; /* a .json file names no document */
    }
    *stems = names;
    *nstems = n;
    return rc;
}

static void print_tally(const char *label, const ct_eval_tally *t)
{
    double p, r, f;
    ct_eval_prf(t, &p, &r, &f);
    printf("%s P=%.3f R=%.3f F1=%.3f (tp=%lld fp=%lld fn=%lld)\n", label, p, r, f, t->tp, t->fp,
           t->fn);
}

/* a double as JSON's shortest form that reads back the same */
static void put_num(const char *key, double v, int last)
{
    char s[64];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(s, sizeof s, "%.*g", prec, v);
        if (strtod(s, NULL) == v) break;
    }
    if (!strchr(s, '.') && !strchr(s, 'e')) strcat(s, ".0");
    printf("\"%s\": %s%s", key, s, last ? "" : ", ");
}

int cmd_eval(int argc, char **argv)
{
    const char *gold = NULL, *index = NULL, *published = NULL, *area = NULL, *catalog = NULL,
               *minconf = NULL, *minf1 = NULL, *format = NULL;
    const cli_opt opts[] = {{"--gold", NULL, &gold, NULL},
                            {"--index", NULL, &index, NULL},
                            {"--published", NULL, &published, NULL},
                            {"--area", NULL, &area, NULL},
                            {"--catalog", NULL, &catalog, NULL},
                            {"--min-confidence", NULL, &minconf, NULL},
                            {"--min-f1", NULL, &minf1, NULL},
                            {"--format", NULL, &format, NULL},
                            {NULL, NULL, NULL, NULL}};
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return EXIT_OSERR;
    int nfiles = 0;
    int status = cli_parse("eval", argc, argv, opts, files, argc, &nfiles, usage);
    if (status) {
        free(files);
        return status < 0 ? EXIT_OK : status;
    }
    double mc = -1, mf = -1;
    char *end;
    ct_date pub = {0, 0, 0};
    int json = 0;
    if (!gold || !nfiles) {
        fprintf(stderr, "chitieu eval: give --gold DIR and the FILEs to extract\n");
        status = EXIT_USAGE;
    } else if (minconf && (mc = strtod(minconf, &end), *end || end == minconf || mc < 0)) {
        fprintf(stderr, "chitieu eval: --min-confidence '%s': expected a number in [0,1]\n",
                minconf);
        status = EXIT_USAGE;
    } else if (minf1 && (mf = strtod(minf1, &end), *end || end == minf1 || mf < 0)) {
        fprintf(stderr, "chitieu eval: --min-f1 '%s': expected a number in [0,1]\n", minf1);
        status = EXIT_USAGE;
    } else if (published && ct_date_parse(published, &pub)) {
        fprintf(stderr, "chitieu eval: --published '%s': expected YYYY-MM-DD or YYYY-MM\n",
                published);
        status = EXIT_USAGE;
    } else if (format && !cli_format("eval", format, NULL, "table,jsonl")) {
        status = EXIT_USAGE;
    }
    if (format && !status) json = !strcmp(cli_format("eval", format, NULL, "table,jsonl"), "jsonl");
    if (status) {
        free(files);
        return status;
    }
    ct_catalog *cat = cli_catalog(catalog, &status);
    if (!cat) {
        free(files);
        return status;
    }
    const char *area_name = NULL;
    if (area && !(area_name = ct_catalog_area(cat, area))) {
        fprintf(stderr, "chitieu eval: --area '%s': not an area of data/areas.tsv\n", area);
        ct_catalog_free(cat);
        free(files);
        return EXIT_USAGE;
    }
    index_t idx = {NULL, 0};
    if (index) status = load_index(index, &idx);
    ct_buf gtext;
    ct_buf_init(&gtext);
    char **stems = NULL;
    size_t nstems = 0;
    if (!status) status = load_gold(cat, gold, &gtext, &stems, &nstems);
    ct_eval_set *gs = NULL;
    ct_error err;
    if (!status && ct_eval_read(cat, gtext.data ? gtext.data : "", gtext.len, gold, 1, &gs, NULL,
                                &err) != CT_OK) {
        fprintf(stderr, "chitieu eval: %s\n", err.msg);
        status = EXIT_OSERR;
    }
    ct_eval_tally tot[3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
    long long ndocs = 0;
    ct_buf text, pred;
    ct_buf_init(&text);
    ct_buf_init(&pred);
    for (int i = 0; i < nfiles && !status; i++) {
        char *doc = cli_doc_id(files[i]);
        if (!doc) {
            status = EXIT_OSERR;
            break;
        }
        int known = 0;
        for (size_t k = 0; k < nstems && !known; k++)
            known = !strcmp(stems[k], doc);
        ct_textdoc d;
        memset(&d, 0, sizeof d);
        if (!known) {
            fprintf(stderr, "chitieu eval: %s: no gold %s/%s.jsonl: not scored\n", files[i], gold,
                    doc);
            free(doc);
            continue;
        }
        ct_date dp = pub;
        const char *da = area_name;
        for (size_t k = 0; k < idx.n; k++)
            if (!strcmp(idx.v[k].doc, doc)) {
                ct_date_parse(idx.v[k].published, &dp);
                if (idx.v[k].area) da = ct_catalog_area(cat, idx.v[k].area);
            }
        int rc = cli_slurp(files[i], &text);
        ct_doc dec;
        memset(&dec, 0, sizeof dec);
        if (!rc && ct_doc_decode(text.data ? text.data : "", text.len, files[i], NULL, &dec,
                                 &err) != CT_OK) {
            if (err.offset >= 0)
                fprintf(stderr, "%s:%lld: %s\n", files[i], err.offset, err.msg);
            else
                fprintf(stderr, "%s: %s\n", files[i], err.msg);
            rc = err.code == CT_ENOMEM ? EXIT_OSERR : EXIT_DATAERR;
        }
        if (!rc && ct_textdoc_set(&d, doc, dec.text.data ? dec.text.data : "", dec.text.len, dp))
            rc = EXIT_OSERR;
        d.area = da;
        if (!rc && ct_textdoc_extract(cat, &d, &err) != CT_OK) rc = cli_text_error(files[i], &err);
        ct_doc_free(&dec);
        /* the records as extract --format jsonl prints them, read back */
        ct_buf_reset(&pred);
        for (size_t k = 0; !rc && k < d.nrecs; k++)
            ct_render_json(&pred, &d.recs[k], doc);
        ct_eval_set *ps = NULL;
        if (!rc && (pred.oom || ct_eval_read(cat, pred.data ? pred.data : "", pred.len, files[i], 0,
                                             &ps, NULL, &err) != CT_OK))
            rc = EXIT_OSERR;
        ct_eval_tally t[3];
        if (!rc && ct_eval_score(cat, gs, ps, doc, mc, t) != CT_OK) rc = EXIT_OSERR;
        if (!rc) {
            for (int k = 0; k < 3; k++) {
                tot[k].tp += t[k].tp;
                tot[k].fp += t[k].fp;
                tot[k].fn += t[k].fn;
            }
            ndocs++;
            if (!json) {
                char label[160];
                snprintf(label, sizeof label, "%-28s observations", doc);
                print_tally(label, &t[0]);
            }
        }
        ct_eval_set_free(ps);
        ct_textdoc_free(&d);
        free(doc);
        status = rc;
    }
    if (!status && !ndocs) {
        fprintf(stderr, "chitieu eval: no FILE has gold in %s\n", gold);
        status = EXIT_NOINPUT;
    }
    double p, r, f = 0;
    if (!status) {
        ct_eval_prf(&tot[0], &p, &r, &f);
        if (json) {
            double cp, cr, cf, tp, tr, tf;
            ct_eval_prf(&tot[1], &cp, &cr, &cf);
            ct_eval_prf(&tot[2], &tp, &tr, &tf);
            printf("{\"docs\": %lld, ", ndocs);
            put_num("obs_p", p, 0);
            put_num("obs_r", r, 0);
            put_num("obs_f1", f, 0);
            put_num("change_p", cp, 0);
            put_num("change_r", cr, 0);
            put_num("change_f1", cf, 0);
            put_num("target_p", tp, 0);
            put_num("target_r", tr, 0);
            put_num("target_f1", tf, 0);
            printf("\"bad_lines\": 0}\n");
        } else {
            char label[64];
            snprintf(label, sizeof label, "TOTAL %lld docs  observations", ndocs);
            print_tally(label, &tot[0]);
            print_tally("TOTAL changes     ", &tot[1]);
            print_tally("TOTAL targets     ", &tot[2]);
            printf("observation F1 %.3f\n", f);
        }
        if (fflush(stdout)) status = EXIT_IOERR;
        if (!status && mf >= 0 && f < mf) status = 1;
    }
    for (size_t k = 0; k < nstems; k++)
        free(stems[k]);
    free(stems);
    ct_eval_set_free(gs);
    ct_buf_free(&gtext);
    ct_buf_free(&text);
    ct_buf_free(&pred);
    index_free(&idx);
    ct_catalog_free(cat);
    free(files);
    return status;
}
