/* cmd_import.c — `chitieu import FILE.csv|FILE.jsonl`: structured records
 * (the fields of the record contract) from spreadsheets or other systems.
 *
 * Every row is validated first; a bad row is reported as FILE:LINE and why,
 * and a file with bad rows commits nothing unless --skip-bad. Rows are
 * grouped by their `doc` (default: the file name): each group is stored as
 * one document whose text is its rows, under the source "import:FILE", so
 * that importing the same rows again adds nothing. Spans given in the rows
 * are kept as given (they point into the original publication); rows
 * without them get their own place in the stored text.
 *
 * Values are read from their written digits, so precision survives: a
 * `precision` field (the power of ten of the last written digit, 9 for
 * "804 tỷ") is used when present; else a money value's trailing zeros are
 * taken as unwritten (804000000000 reads as 804 tỷ), other values as exact.
 *
 * CSV columns (header row, any order, unknown ones ignored): type, doc,
 * indicator, period, value, unit, approx, role, area, changes (as
 * "yoy:46.8:2023-Q1;plan:39.35"), precision, span_start, span_end, min, max,
 * growth_min, growth_max. CSV is read with libcsv. */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <csv.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu import [--db PATH] [--format csv|jsonl] [--skip-bad]\n"
          "                      [--catalog FILE] FILE...\n"
          "\n"
          "Store structured observations and targets (the fields of the record contract,\n"
          "docs/chitieu.1.md) from CSV or JSON Lines. Each bad row is reported with its line\n"
          "and why; a file with bad rows stores nothing unless --skip-bad.\n"
          "\n"
          "Exit statuses: 0 ok, 64 usage, 65 bad rows, 66 missing input, 74 database error,\n"
          "78 bad catalogue.\n",
          fp);
}

/* A JSON-style number ("-46.8", "804000000000", "1e9") with its written
 * digits: mantissa and exponent. */
static int parse_jnum(const char *s, ct_decimal *d)
{
    const char *p = s;
    int neg = 0;
    if (*p == '-')
        neg = 1, p++;
    else if (*p == '+')
        p++;
    long long m = 0;
    int exp = 0, nd = 0, frac = 0;
    while ((*p >= '0' && *p <= '9') || (*p == '.' && !frac)) {
        if (*p == '.') {
            frac = 1;
            p++;
            continue;
        }
        if (nd >= 18) return -1;
        m = m * 10 + (*p - '0');
        if (m) nd++;
        if (frac) exp--;
        p++;
    }
    if (p == s || (p == s + 1 && (neg || *s == '+'))) return -1;
    if (*p == 'e' || *p == 'E') {
        char *end;
        long e = strtol(p + 1, &end, 10);
        if (end == p + 1 || e < -30 || e > 30) return -1;
        exp += (int)e;
        p = end;
    }
    if (*p) return -1;
    d->mant = neg ? -m : m;
    d->exp = exp;
    return 0;
}

static ct_decimal with_precision(ct_decimal d, int precision, int have, const char *unit)
{
    if (have) {
        while (d.exp < precision && d.mant % 10 == 0 && d.mant)
            d.mant /= 10, d.exp++;
        return d;
    }
    if (unit && (!strcmp(unit, "VND") || !strcmp(unit, "USD")))
        while (d.mant && d.mant % 10 == 0)
            d.mant /= 10, d.exp++;
    return d;
}

/* One row's fields, as strings (NULL when absent). */
enum {
    F_TYPE,
    F_DOC,
    F_IND,
    F_PERIOD,
    F_VALUE,
    F_UNIT,
    F_APPROX,
    F_ROLE,
    F_AREA,
    F_CHANGES,
    F_PRECISION,
    F_SPAN0,
    F_SPAN1,
    F_MIN,
    F_MAX,
    F_GMIN,
    F_GMAX,
    F_N
};
static const char *const field_names[F_N] = {
    "type",     "doc",  "indicator", "period",     "value",     "unit",
    "approx",   "role", "area",      "changes",    "precision", "span_start",
    "span_end", "min",  "max",       "growth_min", "growth_max"};

typedef struct row {
    long line;
    char *f[F_N];
    ct_record rec;
    char *doc;
    ct_buf raw; /* the row as read, for the stored text */
} row;

typedef struct imp {
    const ct_catalog *cat;
    const char *path;
    row *rows;
    size_t n, cap;
    long bad;
    /* CSV state */
    int col_of[64]; /* column -> field */
    int ncols, header_done;
    row cur;
    long line;
    int oom;
} imp;

static int set_err(imp *im, const row *r, const char *why, const char *what)
{
    fprintf(stderr, "%s:%ld: %s%s%s\n", im->path, r->line, why, what ? ": " : "", what ? what : "");
    im->bad++;
    return -1;
}

static const char *unit_default(const ct_indicator *ind)
{
    static char buf[32];
    size_t n = strcspn(ind->unit, "|");
    if (n >= sizeof buf) n = sizeof buf - 1;
    memcpy(buf, ind->unit, n);
    buf[n] = '\0';
    return buf;
}

/* Units are stored as the extractor's static strings where they exist. */
static const char *unit_intern(const ct_indicator *ind, const char *u)
{
    static const char *const fixed[] = {"VND", "USD", "percent", "per100", "rank", NULL};
    for (int i = 0; fixed[i]; i++)
        if (!strcmp(fixed[i], u)) return fixed[i];
    if (!strcmp(ind->unit, u)) return ind->unit;
    return NULL;
}

static int parse_changes(imp *im, row *r, const char *s)
{
    /* "yoy:46.8:2023-Q1;plan:39.35" */
    char *copy = strdup(s);
    if (!copy) return set_err(im, r, "out of memory", NULL);
    int rc = 0;
    for (char *save = NULL, *c = strtok_r(copy, ";", &save); c && !rc;
         c = strtok_r(NULL, ";", &save)) {
        char *b = c, *pct = strchr(c, ':');
        if (!pct) {
            rc = set_err(im, r, "bad change (basis:pct[:ref_period])", c);
            break;
        }
        *pct++ = '\0';
        char *ref = strchr(pct, ':');
        if (ref) *ref++ = '\0';
        if (r->rec.nchanges >= CT_MAX_CHANGES) {
            rc = set_err(im, r, "too many changes", NULL);
            break;
        }
        ct_change *ch = &r->rec.changes[r->rec.nchanges];
        memset(ch, 0, sizeof *ch);
        if (!strcmp(b, "yoy"))
            ch->basis = CT_BASIS_YOY;
        else if (!strcmp(b, "prev"))
            ch->basis = CT_BASIS_PREV;
        else if (!strcmp(b, "plan"))
            ch->basis = CT_BASIS_PLAN;
        else {
            rc = set_err(im, r, "change basis must be yoy, prev or plan", b);
            break;
        }
        if (parse_jnum(pct, &ch->pct)) {
            rc = set_err(im, r, "change pct is not a number", pct);
            break;
        }
        if (ref && *ref && ct_period_parse(ref, strlen(ref), &ch->ref) != CT_OK) {
            rc = set_err(im, r, "bad ref_period", ref);
            break;
        }
        r->rec.nchanges++;
    }
    free(copy);
    return rc;
}

/* Validate the string fields of r into r->rec. */
static int build(imp *im, row *r)
{
    char **f = r->f;
    ct_record *rec = &r->rec;
    memset(rec, 0, sizeof *rec);
    const char *type = f[F_TYPE] && *f[F_TYPE] ? f[F_TYPE] : "observation";
    if (!strcmp(type, "target"))
        rec->type = CT_REC_TARGET;
    else if (strcmp(type, "observation"))
        return set_err(im, r, "type must be observation or target", type);
    if (!f[F_IND] || !*f[F_IND]) return set_err(im, r, "no indicator", NULL);
    rec->ind = ct_catalog_find(im->cat, f[F_IND]);
    if (!rec->ind)
        return set_err(im, r, "unknown indicator (chitieu catalog lists them)", f[F_IND]);
    if (!f[F_PERIOD] || ct_period_parse(f[F_PERIOD], strlen(f[F_PERIOD]), &rec->period) != CT_OK)
        return set_err(im, r, "bad or missing period (2024, 2024-Q1, 2024-02...)", f[F_PERIOD]);
    const char *u = f[F_UNIT] && *f[F_UNIT] ? f[F_UNIT] : unit_default(rec->ind);
    rec->unit = unit_intern(rec->ind, u);
    if (!rec->unit) return set_err(im, r, "unit does not fit the indicator", u);
    int prec = 0, have_prec = 0;
    if (f[F_PRECISION] && *f[F_PRECISION]) {
        char *end;
        prec = (int)strtol(f[F_PRECISION], &end, 10);
        if (*end || prec < -12 || prec > 15) return set_err(im, r, "bad precision", f[F_PRECISION]);
        have_prec = 1;
    }
    if (f[F_AREA]) snprintf(rec->area, sizeof rec->area, "%s", f[F_AREA]);
    if (f[F_SPAN0] && *f[F_SPAN0]) rec->span[0] = atoll(f[F_SPAN0]);
    if (f[F_SPAN1] && *f[F_SPAN1]) rec->span[1] = atoll(f[F_SPAN1]);
    rec->value_span[0] = rec->span[0];
    rec->value_span[1] = rec->span[1];
    if (rec->type == CT_REC_TARGET) {
        const char *lo = f[F_MIN], *hi = f[F_MAX];
        if ((f[F_GMIN] && *f[F_GMIN]) || (f[F_GMAX] && *f[F_GMAX])) {
            rec->growth = 1;
            lo = f[F_GMIN], hi = f[F_GMAX];
        }
        if (lo && *lo) {
            if (parse_jnum(lo, &rec->min)) return set_err(im, r, "min is not a number", lo);
            rec->has_min = 1;
        }
        if (hi && *hi) {
            if (parse_jnum(hi, &rec->max)) return set_err(im, r, "max is not a number", hi);
            rec->has_max = 1;
        }
        if (!rec->has_min && !rec->has_max)
            return set_err(im, r, "a target needs min/max or growth_min/growth_max", NULL);
        return 0;
    }
    if (!f[F_VALUE] || parse_jnum(f[F_VALUE], &rec->value))
        return set_err(im, r, "value is not a number", f[F_VALUE]);
    rec->value = with_precision(rec->value, prec, have_prec, rec->unit);
    const char *ap = f[F_APPROX];
    if (ap && *ap && strcmp(ap, "null")) {
        static const char *const names[] = {"estimate", "about", "over", "under"};
        int k;
        for (k = 0; k < 4 && strcmp(names[k], ap); k++) {
        }
        if (k == 4)
            return set_err(im, r, "approx must be estimate, about, over, under or empty", ap);
        rec->approx = (ct_approx)(k + 1);
    }
    if (f[F_ROLE] && *f[F_ROLE]) {
        if (!strcmp(f[F_ROLE], "baseline"))
            rec->baseline = 1;
        else if (strcmp(f[F_ROLE], "reported"))
            return set_err(im, r, "role must be reported or baseline", f[F_ROLE]);
    }
    if (f[F_CHANGES] && *f[F_CHANGES] && parse_changes(im, r, f[F_CHANGES])) return -1;
    return 0;
}

static void row_free(row *r)
{
    for (int k = 0; k < F_N; k++)
        free(r->f[k]);
    free(r->doc);
    ct_buf_free(&r->raw);
    memset(r, 0, sizeof *r);
}

static void keep_row(imp *im, row *r, const char *default_doc)
{
    if (build(im, r) != 0) {
        row_free(r);
        return;
    }
    r->doc = strdup(r->f[F_DOC] && *r->f[F_DOC] ? r->f[F_DOC] : default_doc);
    if (im->n == im->cap) {
        size_t cap = im->cap ? im->cap * 2 : 64;
        row *v = realloc(im->rows, cap * sizeof *v);
        if (!v) {
            im->oom = 1;
            row_free(r);
            return;
        }
        im->rows = v;
        im->cap = cap;
    }
    im->rows[im->n++] = *r;
    memset(r, 0, sizeof *r);
}

/* ---- JSON Lines (jansson) ------------------------------------------------ */

static char *jstr(json_t *v)
{
    if (!v || json_is_null(v)) return NULL;
    if (json_is_string(v)) return strdup(json_string_value(v));
    if (json_is_integer(v)) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return strdup(tmp);
    }
    if (json_is_real(v)) {
        char tmp[40];
        snprintf(tmp, sizeof tmp, "%.15g", json_real_value(v));
        return strdup(tmp);
    }
    return NULL;
}

static void read_jsonl(imp *im, const char *data, size_t len, const char *doc)
{
    long line = 0;
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (data + i)) : len - i;
        line++;
        row r;
        memset(&r, 0, sizeof r);
        r.line = line;
        size_t k = 0;
        while (k < n && (data[i + k] == ' ' || data[i + k] == '\r' || data[i + k] == '\t'))
            k++;
        if (k < n) {
            json_error_t je;
            json_t *o = json_loadb(data + i, n, 0, &je);
            if (!o || !json_is_object(o)) {
                set_err(im, &r, "not a JSON object", o ? NULL : je.text);
            } else {
                ct_buf_append(&r.raw, data + i, n);
                ct_buf_putc(&r.raw, '\n');
                for (int f = 0; f < F_N; f++)
                    r.f[f] = jstr(json_object_get(o, field_names[f]));
                json_t *span = json_object_get(o, "span");
                if (json_is_array(span) && json_array_size(span) == 2) {
                    free(r.f[F_SPAN0]);
                    free(r.f[F_SPAN1]);
                    r.f[F_SPAN0] = jstr(json_array_get(span, 0));
                    r.f[F_SPAN1] = jstr(json_array_get(span, 1));
                }
                json_t *ch = json_object_get(o, "changes");
                if (json_is_array(ch) && json_array_size(ch)) {
                    ct_buf cb;
                    ct_buf_init(&cb);
                    size_t q;
                    json_t *c;
                    json_array_foreach(ch, q, c)
                    {
                        char *b = jstr(json_object_get(c, "basis"));
                        char *p = jstr(json_object_get(c, "pct"));
                        char *rp = jstr(json_object_get(c, "ref_period"));
                        ct_buf_printf(&cb, "%s%s:%s:%s", q ? ";" : "", b ? b : "?", p ? p : "?",
                                      rp ? rp : "");
                        free(b);
                        free(p);
                        free(rp);
                    }
                    free(r.f[F_CHANGES]);
                    r.f[F_CHANGES] = strdup(cb.data ? cb.data : "");
                    ct_buf_free(&cb);
                } else if (ch && !json_is_array(ch)) {
                    free(r.f[F_CHANGES]);
                    r.f[F_CHANGES] = NULL;
                }
                keep_row(im, &r, doc);
            }
            json_decref(o);
        }
        row_free(&r);
        i += n + (nl ? 1 : 0);
    }
}

/* ---- CSV (libcsv) --------------------------------------------------------- */

typedef struct csvs {
    imp *im;
    const char *doc;
    int col;
} csvs;

static void on_field(void *s, size_t len, void *ud)
{
    csvs *c = ud;
    imp *im = c->im;
    if (!im->header_done) {
        int which = -1;
        for (int f = 0; f < F_N; f++)
            if (strlen(field_names[f]) == len && !memcmp(field_names[f], s, len)) which = f;
        if (c->col < 64) im->col_of[c->col] = which;
    } else if (c->col < 64 && im->col_of[c->col] >= 0) {
        char *v = malloc(len + 1);
        if (v) {
            memcpy(v, s, len);
            v[len] = '\0';
        } else
            im->oom = 1;
        free(im->cur.f[im->col_of[c->col]]);
        im->cur.f[im->col_of[c->col]] = v;
        ct_buf_append(&im->cur.raw, s, len);
        ct_buf_putc(&im->cur.raw, ',');
    }
    c->col++;
}

static void on_row(int term, void *ud)
{
    (void)term;
    csvs *c = ud;
    imp *im = c->im;
    im->line++;
    if (!im->header_done) {
        im->ncols = c->col;
        im->header_done = 1;
        int have = 0;
        for (int k = 0; k < c->col && k < 64; k++)
            have |= im->col_of[k] == F_IND;
        if (!have) {
            fprintf(stderr, "%s:1: no 'indicator' column in the header\n", im->path);
            im->bad++;
        }
    } else {
        im->cur.line = im->line;
        ct_buf_putc(&im->cur.raw, '\n');
        keep_row(im, &im->cur, c->doc);
        row_free(&im->cur);
    }
    c->col = 0;
}

static void read_csv(imp *im, const char *data, size_t len, const char *doc)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        im->oom = 1;
        return;
    }
    for (int k = 0; k < 64; k++)
        im->col_of[k] = -1;
    csvs c = {im, doc, 0};
    if (csv_parse(&p, data, len, on_field, on_row, &c) != len ||
        csv_fini(&p, on_field, on_row, &c)) {
        fprintf(stderr, "%s:%ld: malformed CSV: %s\n", im->path, im->line + 1,
                csv_strerror(csv_error(&p)));
        im->bad++;
    }
    row_free(&im->cur);
    csv_free(&p);
}

/* ---- storing ---------------------------------------------------------------- */

static int store_groups(imp *im, ct_store *st, long long *ndocs, long long *nrecs, long long *nsame)
{
    ct_error err;
    int *done = calloc(im->n + 1, sizeof *done);
    if (!done) return EXIT_OSERR;
    char source[600];
    snprintf(source, sizeof source, "import:%s", im->path);
    int status = 0;
    for (size_t i = 0; i < im->n && !status; i++) {
        if (done[i]) continue;
        ct_buf text;
        ct_buf_init(&text);
        long long *off = malloc(im->n * sizeof *off);
        if (!off) {
            status = EXIT_OSERR;
            break;
        }
        for (size_t j = i; j < im->n; j++)
            if (!done[j] && !strcmp(im->rows[j].doc, im->rows[i].doc)) {
                off[j] = (long long)text.len;
                ct_buf_append(&text, im->rows[j].raw.data ? im->rows[j].raw.data : "",
                              im->rows[j].raw.len);
            }
        ct_docinfo d;
        memset(&d, 0, sizeof d);
        d.name = im->rows[i].doc;
        d.source = source;
        d.text = text.data ? text.data : "";
        d.text_len = text.len;
        ct_store_hash(d.text, d.text_len, d.sha256);
        long long id;
        int rc = ct_store_doc_find(st, d.sha256, &id, &err);
        if (rc == CT_OK) {
            (*nsame)++;
            for (size_t j = i; j < im->n; j++)
                if (!strcmp(im->rows[j].doc, im->rows[i].doc)) done[j] = 1;
        } else if (rc == CT_ENOENT) {
            rc = ct_store_begin(st, &err);
            if (rc == CT_OK) rc = ct_store_doc_add(st, &d, &err);
            for (size_t j = i; j < im->n && rc == CT_OK; j++) {
                if (done[j] || strcmp(im->rows[j].doc, im->rows[i].doc)) continue;
                done[j] = 1;
                ct_record *r = &im->rows[j].rec;
                if (!r->span[1]) { /* no span given: the row in the stored text */
                    r->span[0] = r->value_span[0] = off[j];
                    r->span[1] = r->value_span[1] = off[j] + (long long)im->rows[j].raw.len - 1;
                }
                rc = ct_store_record_add(st, d.id, r, &err);
                (*nrecs)++;
            }
            if (rc == CT_OK) rc = ct_store_commit(st, &err);
            if (rc != CT_OK) {
                ct_store_rollback(st);
                fprintf(stderr, "%s: %s\n", im->path, err.msg);
                status = EXIT_IOERR;
            } else {
                (*ndocs)++;
            }
        } else {
            fprintf(stderr, "%s: %s\n", im->path, err.msg);
            status = EXIT_IOERR;
        }
        free(off);
        ct_buf_free(&text);
    }
    free(done);
    return status;
}

int cmd_import(int argc, char **argv)
{
    const char *db = NULL, *format = NULL, *catalog = NULL;
    int skip_bad = 0, status = EXIT_OK;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0;
    if (!files) return EXIT_OSERR;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            free(files);
            return EXIT_OK;
        } else if (!strcmp(a, "--db"))
            slot = &db;
        else if (!strcmp(a, "--format"))
            slot = &format;
        else if (!strcmp(a, "--catalog"))
            slot = &catalog;
        else if (!strcmp(a, "--skip-bad"))
            skip_bad = 1;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "chitieu import: unknown option '%s'\n", a);
            usage(stderr);
            free(files);
            return EXIT_USAGE;
        } else
            files[nfiles++] = a;
        if (slot) {
            if (i + 1 >= argc) {
                fprintf(stderr, "chitieu import: %s needs a value\n", a);
                free(files);
                return EXIT_USAGE;
            }
            *slot = argv[++i];
        }
    }
    if (format && strcmp(format, "csv") && strcmp(format, "jsonl")) {
        fprintf(stderr, "chitieu import: --format '%s': expected csv or jsonl\n", format);
        free(files);
        return EXIT_USAGE;
    }
    if (!nfiles) {
        fprintf(stderr, "chitieu import: no input (FILE.csv or FILE.jsonl)\n");
        free(files);
        return EXIT_USAGE;
    }
    ct_catalog *cat = cli_catalog(catalog, &status);
    if (!cat) {
        free(files);
        return status;
    }
    ct_store *st;
    if ((status = cli_open_store(cli_db_path(db), &st)) != 0) {
        ct_catalog_free(cat);
        free(files);
        return status;
    }
    long long ndocs = 0, nrecs = 0, nsame = 0, nbad = 0;
    for (int f = 0; f < nfiles; f++) {
        ct_buf data;
        ct_buf_init(&data);
        int rc = cli_slurp(files[f], &data);
        if (rc) {
            if (rc > status) status = rc;
            ct_buf_free(&data);
            continue;
        }
        if (ct_utf8_valid_prefix(data.data ? data.data : "", data.len) != data.len) {
            fprintf(stderr, "%s:%zu: invalid UTF-8\n", files[f],
                    ct_utf8_valid_prefix(data.data, data.len));
            if (EXIT_DATAERR > status) status = EXIT_DATAERR;
            ct_buf_free(&data);
            continue;
        }
        imp im;
        memset(&im, 0, sizeof im);
        im.cat = cat;
        im.path = files[f];
        char *doc = cli_doc_id(files[f]);
        const char *ext = strrchr(files[f], '.');
        int csv = format ? !strcmp(format, "csv")
                         : !(ext && (!strcmp(ext, ".jsonl") || !strcmp(ext, ".json")));
        if (doc) {
            if (csv)
                read_csv(&im, data.data ? data.data : "", data.len, doc);
            else
                read_jsonl(&im, data.data ? data.data : "", data.len, doc);
        }
        if (im.oom || !doc) {
            fprintf(stderr, "%s: out of memory\n", files[f]);
            status = EXIT_OSERR;
        } else if (im.bad && !skip_bad) {
            fprintf(stderr, "%s: %ld bad row%s: nothing stored (--skip-bad stores the others)\n",
                    files[f], im.bad, im.bad == 1 ? "" : "s");
            if (EXIT_DATAERR > status) status = EXIT_DATAERR;
        } else {
            rc = store_groups(&im, st, &ndocs, &nrecs, &nsame);
            if (rc > status) status = rc;
            if (im.bad && EXIT_DATAERR > status) status = EXIT_DATAERR;
        }
        nbad += im.bad;
        for (size_t i = 0; i < im.n; i++)
            row_free(&im.rows[i]);
        free(im.rows);
        free(doc);
        ct_buf_free(&data);
    }
    fprintf(stderr,
            "chitieu import: %lld document%s stored, %lld unchanged, %lld records, %lld bad rows\n",
            ndocs, ndocs == 1 ? "" : "s", nsame, nrecs, nbad);
    ct_store_close(st);
    ct_catalog_free(cat);
    free(files);
    return status;
}
