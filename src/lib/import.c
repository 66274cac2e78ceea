/* import.c — structured records in: CSV (read with libcsv) and JSON Lines
 * (jansson) rows with the fields of the record contract, validated into
 * ct_record (see import.h). Bad rows are reported through a callback with
 * their line; nothing here prints or stores.
 *
 * Values are read from their written digits, so precision survives: a
 * `precision` field (the power of ten of the last written digit, 9 for
 * "804 tỷ") is used when present; else a money value's trailing zeros are
 * taken as unwritten (804000000000 reads as 804 tỷ), other values as exact. */
#include "chitieu/import.h"
#include "chitieu/buf.h"
#include "alloc_int.h"

#include <csv.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    F_VSPAN0,
    F_VSPAN1,
    F_ALTV,
    F_ALTU,
    F_PUBLISHED,
    F_SOURCE,
    F_CONFIDENCE,
    F_N
};
static const char *const field_names[F_N] = {
    "type",           "doc",       "indicator", "period",     "value",      "unit",
    "approx",         "role",      "area",      "changes",    "precision",  "span_start",
    "span_end",       "min",       "max",       "growth_min", "growth_max", "value_span_start",
    "value_span_end", "alt_value", "alt_unit",  "published",  "source",     "confidence"};

typedef struct row {
    long line;
    ct_date pub;
    char *f[F_N];
    ct_record rec;
    char *doc;
    ct_buf raw; /* the row as read, for the stored text */
} row;

typedef struct imp {
    const ct_catalog *cat;
    ct_import_bad_fn badfn;
    void *ud;
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

static int bad_line(imp *im, long line, const char *why, const char *what)
{
    char msg[400];
    snprintf(msg, sizeof msg, "%s%s%.200s", why, what ? ": " : "", what ? what : "");
    if (im->badfn) im->badfn(im->ud, line, msg);
    im->bad++;
    return -1;
}

static int set_err(imp *im, const row *r, const char *why, const char *what)
{
    return bad_line(im, r->line, why, what);
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
    char *copy = ct__strdup(s);
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
    ct__free(copy);
    return rc;
}

/* Validate the string fields of r into r->rec. */
static int build(imp *im, row *r)
{
    char **f = r->f;
    ct_record *rec = &r->rec;
    memset(rec, 0, sizeof *rec);
    /* a row without type is a target when it has no value but bounds (a
     * targets file: indicator, period, min, max or growth_min, growth_max) */
    int bounds = (f[F_MIN] && *f[F_MIN]) || (f[F_MAX] && *f[F_MAX]) || (f[F_GMIN] && *f[F_GMIN]) ||
                 (f[F_GMAX] && *f[F_GMAX]);
    const char *type = f[F_TYPE] && *f[F_TYPE]                   ? f[F_TYPE]
                       : (!f[F_VALUE] || !*f[F_VALUE]) && bounds ? "target"
                                                                 : "observation";
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
    int growth_target =
        !strcmp(type, "target") && ((f[F_GMIN] && *f[F_GMIN]) || (f[F_GMAX] && *f[F_GMAX]));
    const char *u = f[F_UNIT] && *f[F_UNIT] ? f[F_UNIT]
                    : growth_target         ? ""
                                            : unit_default(rec->ind);
    rec->unit = *u ? unit_intern(rec->ind, u) : ""; /* a growth rate has no unit */
    if (!rec->unit) return set_err(im, r, "unit does not fit the indicator", u);
    int prec = 0, have_prec = 0;
    if (f[F_PRECISION] && *f[F_PRECISION]) {
        char *end;
        prec = (int)strtol(f[F_PRECISION], &end, 10);
        if (*end || prec < -12 || prec > 15) return set_err(im, r, "bad precision", f[F_PRECISION]);
        have_prec = 1;
    }
    if (f[F_AREA]) snprintf(rec->area, sizeof rec->area, "%s", f[F_AREA]);
    if (f[F_PUBLISHED] && *f[F_PUBLISHED]) {
        int y = 0, m = 0, d = 0, n = 0;
        const char *pv = f[F_PUBLISHED];
        if (!((sscanf(pv, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && !pv[n]) ||
              (d = 0, n = 0, sscanf(pv, "%4d-%2d%n", &y, &m, &n) == 2 && !pv[n])) ||
            m < 1 || m > 12 || d < 0 || d > 31 || y < 1900 || y > 2200)
            return set_err(im, r, "published must be YYYY-MM-DD or YYYY-MM", pv);
        r->pub.y = y, r->pub.m = m, r->pub.d = d;
    }
    if (f[F_CONFIDENCE] && *f[F_CONFIDENCE]) {
        char *end;
        double c = strtod(f[F_CONFIDENCE], &end);
        if (*end || !(c >= 0 && c <= 1))
            return set_err(im, r, "confidence must be a number from 0 to 1", f[F_CONFIDENCE]);
        rec->confidence = c;
    }
    if (f[F_SPAN0] && *f[F_SPAN0]) rec->span[0] = atoll(f[F_SPAN0]);
    if (f[F_SPAN1] && *f[F_SPAN1]) rec->span[1] = atoll(f[F_SPAN1]);
    rec->value_span[0] = rec->span[0];
    rec->value_span[1] = rec->span[1];
    if (f[F_VSPAN0] && *f[F_VSPAN0]) rec->value_span[0] = atoll(f[F_VSPAN0]);
    if (f[F_VSPAN1] && *f[F_VSPAN1]) rec->value_span[1] = atoll(f[F_VSPAN1]);
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
    if (f[F_ALTV] && *f[F_ALTV]) {
        const char *au = f[F_ALTU] && *f[F_ALTU] ? f[F_ALTU] : "USD";
        if (parse_jnum(f[F_ALTV], &rec->alt_value))
            return set_err(im, r, "alt_value is not a number", f[F_ALTV]);
        if (strcmp(au, "USD") && strcmp(au, "VND"))
            return set_err(im, r, "alt_unit must be VND or USD", au);
        rec->alt_unit = !strcmp(au, "USD") ? "USD" : "VND";
        rec->alt_value = with_precision(rec->alt_value, 0, 0, rec->alt_unit);
        rec->has_alt = 1;
    }
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
        ct__free(r->f[k]);
    ct__free(r->doc);
    ct_buf_free(&r->raw);
    memset(r, 0, sizeof *r);
}

static void keep_row(imp *im, row *r, const char *default_doc)
{
    if (build(im, r) != 0) {
        row_free(r);
        return;
    }
    r->doc = ct__strdup(r->f[F_DOC] && *r->f[F_DOC] ? r->f[F_DOC] : default_doc);
    if (im->n == im->cap) {
        size_t cap = im->cap ? im->cap * 2 : 64;
        row *v = ct__realloc(im->rows, cap * sizeof *v);
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
    if (json_is_string(v)) return ct__strdup(json_string_value(v));
    if (json_is_integer(v)) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return ct__strdup(tmp);
    }
    if (json_is_real(v)) {
        char tmp[40];
        snprintf(tmp, sizeof tmp, "%.15g", json_real_value(v));
        return ct__strdup(tmp);
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
                    ct__free(r.f[F_SPAN0]);
                    ct__free(r.f[F_SPAN1]);
                    r.f[F_SPAN0] = jstr(json_array_get(span, 0));
                    r.f[F_SPAN1] = jstr(json_array_get(span, 1));
                }
                json_t *vs = json_object_get(o, "value_span");
                if (json_is_array(vs) && json_array_size(vs) == 2) {
                    ct__free(r.f[F_VSPAN0]);
                    ct__free(r.f[F_VSPAN1]);
                    r.f[F_VSPAN0] = jstr(json_array_get(vs, 0));
                    r.f[F_VSPAN1] = jstr(json_array_get(vs, 1));
                }
                json_t *alt = json_object_get(o, "alt");
                if (json_is_array(alt) && json_array_size(alt) >= 1) {
                    ct__free(r.f[F_ALTV]);
                    ct__free(r.f[F_ALTU]);
                    r.f[F_ALTV] = jstr(json_object_get(json_array_get(alt, 0), "value"));
                    r.f[F_ALTU] = jstr(json_object_get(json_array_get(alt, 0), "unit"));
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
                        ct__free(b);
                        ct__free(p);
                        ct__free(rp);
                    }
                    ct__free(r.f[F_CHANGES]);
                    r.f[F_CHANGES] = ct__strdup(cb.data ? cb.data : "");
                    ct_buf_free(&cb);
                } else if (ch && !json_is_array(ch)) {
                    ct__free(r.f[F_CHANGES]);
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
        char *v = ct__malloc(len + 1);
        if (v) {
            memcpy(v, s, len);
            v[len] = '\0';
        } else
            im->oom = 1;
        ct__free(im->cur.f[im->col_of[c->col]]);
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
        if (!have) bad_line(im, 1, "no 'indicator' column in the header", NULL);
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
        bad_line(im, im->line + 1, "malformed CSV", csv_strerror(csv_error(&p)));
    }
    row_free(&im->cur);
    csv_free(&p);
}

int ct_import_read(const ct_catalog *cat, const char *data, size_t len, int csv,
                   const char *default_doc, ct_import_bad_fn bad, void *ud, ct_import *out)
{
    memset(out, 0, sizeof *out);
    imp *im = ct__calloc(1, sizeof *im);
    if (!im) return CT_ENOMEM;
    im->cat = cat;
    im->badfn = bad;
    im->ud = ud;
    if (csv)
        read_csv(im, data, len, default_doc);
    else
        read_jsonl(im, data, len, default_doc);
    int rc = im->oom ? CT_ENOMEM : CT_OK;
    out->bad = im->bad;
    out->rows = ct__calloc(im->n + 1, sizeof *out->rows);
    if (!out->rows) rc = CT_ENOMEM;
    for (size_t i = 0; i < im->n && out->rows; i++) {
        ct_import_row *r = &out->rows[i];
        r->line = im->rows[i].line;
        r->doc = im->rows[i].doc;
        r->rec = im->rows[i].rec;
        r->raw = im->rows[i].raw.data ? im->rows[i].raw.data : "";
        r->raw_len = im->rows[i].raw.len;
        r->pub = im->rows[i].pub;
        r->source =
            im->rows[i].f[F_SOURCE] && *im->rows[i].f[F_SOURCE] ? im->rows[i].f[F_SOURCE] : NULL;
        if (!r->doc) rc = CT_ENOMEM;
    }
    out->n = out->rows ? im->n : 0;
    out->priv = im;
    return rc;
}

void ct_import_free(ct_import *in)
{
    imp *im = in->priv;
    if (im) {
        for (size_t i = 0; i < im->n; i++)
            row_free(&im->rows[i]);
        ct__free(im->rows);
        row_free(&im->cur);
        ct__free(im);
    }
    ct__free(in->rows);
    memset(in, 0, sizeof *in);
}
