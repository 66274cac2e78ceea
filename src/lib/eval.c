/* eval.c — extraction scored against gold records (eval.h), rule for rule
 * as ../shared/tools/eval-extract scores them, so that `chitieu eval` and
 * that tool give the same figures on the same inputs (tests/cli/eval.sh
 * checks it on the shared corpus). Each function below names the tool's
 * function it follows. Records are read with jansson into flat structs:
 * a JSON number is a value, anything else (null, absent, a string) is none. */
#include "chitieu/eval.h"
#include "alloc_int.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define EV_ALT 4
#define EV_CHG 8

typedef struct optnum {
    int set;
    double v;
} optnum;

typedef struct ev_rec {
    int type; /* 0 none given, 1 observation, 2 target, 3 another word */
    char doc[128], indicator[64], area[128], unit[32];
    int has_area;
    const ct_indicator *ind; /* NULL: not in the catalogue (never scored) */
    char period[8][48];      /* the period, then the gold's alt_periods ("" none) */
    int nperiods;
    optnum value, conf, min, max, gmin, gmax;
    int nalt;
    optnum alt_value[EV_ALT];
    char alt_unit[EV_ALT][32];
    int nchg;
    char chg_basis[EV_CHG][16];
    int chg_has_basis[EV_CHG];
    optnum chg_pct[EV_CHG];
} ev_rec;

struct ct_eval_set {
    ev_rec *v;
    size_t n, cap;
};

void ct_eval_prf(const ct_eval_tally *t, double *p, double *r, double *f)
{
    *p = t->tp + t->fp ? (double)t->tp / (double)(t->tp + t->fp) : (t->fn ? 0.0 : 1.0);
    *r = t->tp + t->fn ? (double)t->tp / (double)(t->tp + t->fn) : 1.0;
    *f = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}

/* ---- reading ---- */

/* num(): a finite JSON number, else none */
static optnum num(json_t *v)
{
    optnum o = {0, 0};
    if (v && json_is_number(v)) {
        double d = json_number_value(v);
        if (isfinite(d)) o.set = 1, o.v = d;
    }
    return o;
}

static void str(json_t *v, char *out, size_t size)
{
    out[0] = '\0';
    if (v && json_is_string(v)) snprintf(out, size, "%s", json_string_value(v));
}

/* a period as str(p).strip() gives it: a string, or a number's digits */
static void period_str(json_t *v, char *out, size_t size)
{
    out[0] = '\0';
    if (json_is_string(v))
        snprintf(out, size, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(out, size, "%lld", (long long)json_integer_value(v));
}

/* norm_area(): NFC, case folded, stripped, without a leading tỉnh, thành
 * phố or tp(.), runs of white space as one space; "" for none */
static void norm_area(const char *a, char *out, size_t size)
{
    out[0] = '\0';
    if (!a || !*a) return;
    utf8proc_uint8_t *m = NULL;
    if (utf8proc_map((const utf8proc_uint8_t *)a, 0, &m,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) <
        0) {
        snprintf(out, size, "%s", a);
        return;
    }
    const char *s = (const char *)m;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
        s++;
    static const char *const prefix[] = {"tỉnh", "thành phố", "tp.", "tp"};
    for (int k = 0; k < 4; k++) {
        size_t n = strlen(prefix[k]);
        if (!strncmp(s, prefix[k], n) && s[n] && strchr(" \t\n\r\f\v", s[n])) {
            s += n;
            while (*s && strchr(" \t\n\r\f\v", *s))
                s++;
            break;
        }
    }
    size_t o = 0;
    int space = 0;
    for (; *s && o + 1 < size; s++) {
        if (strchr(" \t\n\r\f\v", *s)) {
            space = 1;
            continue;
        }
        if (space && o) out[o++] = ' ';
        space = 0;
        if (o + 1 < size) out[o++] = *s;
    }
    out[o] = '\0';
    free(m);
}

static int read_rec(const ct_catalog *cat, json_t *o, ev_rec *r)
{
    memset(r, 0, sizeof *r);
    json_t *t = json_object_get(o, "type");
    r->type = !t || json_is_null(t)                                               ? 0
              : json_is_string(t) && !strcmp(json_string_value(t), "observation") ? 1
              : json_is_string(t) && !strcmp(json_string_value(t), "target")      ? 2
                                                                                  : 3;
    str(json_object_get(o, "doc"), r->doc, sizeof r->doc);
    str(json_object_get(o, "indicator"), r->indicator, sizeof r->indicator);
    r->ind = r->indicator[0] ? ct_catalog_find(cat, r->indicator) : NULL;
    json_t *a = json_object_get(o, "area");
    char area[128];
    str(a, area, sizeof area);
    norm_area(area, r->area, sizeof r->area);
    str(json_object_get(o, "unit"), r->unit, sizeof r->unit);
    period_str(json_object_get(o, "period"), r->period[0], sizeof r->period[0]);
    r->nperiods = 1;
    json_t *ap = json_object_get(o, "alt_periods");
    for (size_t k = 0; json_is_array(ap) && k < json_array_size(ap) && r->nperiods < 8; k++)
        period_str(json_array_get(ap, k), r->period[r->nperiods++], sizeof r->period[0]);
    r->value = num(json_object_get(o, "value"));
    r->conf = num(json_object_get(o, "confidence"));
    r->min = num(json_object_get(o, "min"));
    r->max = num(json_object_get(o, "max"));
    r->gmin = num(json_object_get(o, "growth_min"));
    r->gmax = num(json_object_get(o, "growth_max"));
    json_t *alt = json_object_get(o, "alt");
    for (size_t k = 0; json_is_array(alt) && k < json_array_size(alt) && r->nalt < EV_ALT; k++) {
        json_t *x = json_array_get(alt, k), *u = json_object_get(x, "unit");
        r->alt_value[r->nalt] = num(json_object_get(x, "value"));
        if (u)
            str(u, r->alt_unit[r->nalt], sizeof r->alt_unit[0]);
        else
            snprintf(r->alt_unit[r->nalt], sizeof r->alt_unit[0], "%s", r->unit);
        r->nalt++;
    }
    json_t *ch = json_object_get(o, "changes");
    for (size_t k = 0; json_is_array(ch) && k < json_array_size(ch) && r->nchg < EV_CHG; k++) {
        json_t *x = json_array_get(ch, k);
        if (!json_is_object(x)) continue;
        json_t *b = json_object_get(x, "basis");
        r->chg_has_basis[r->nchg] = b && json_is_string(b);
        str(b, r->chg_basis[r->nchg], sizeof r->chg_basis[0]);
        optnum p = num(json_object_get(x, "pct"));
        if (p.set) { /* round(pct, 2): correctly rounded, as printf rounds */
            char s[64];
            snprintf(s, sizeof s, "%.2f", p.v);
            p.v = strtod(s, NULL);
        }
        r->chg_pct[r->nchg++] = p;
    }
    return 0;
}

int ct_eval_read(const ct_catalog *cat, const char *text, size_t len, const char *name, int strict,
                 ct_eval_set **out, long long *bad, ct_error *err)
{
    ct_error_clear(err);
    *out = NULL;
    ct_eval_set *s = ct__calloc(1, sizeof *s);
    if (!s) return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    long line = 0;
    int rc = CT_OK;
    for (size_t i = 0; i < len && rc == CT_OK;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        line++;
        size_t a = i, b = e;
        while (a < b && strchr(" \t\r\f\v", text[a]))
            a++;
        while (b > a && strchr(" \t\r\f\v", text[b - 1]))
            b--;
        i = e + 1;
        if (a == b) continue;
        json_error_t je;
        json_t *o = json_loadb(text + a, b - a, JSON_DECODE_ANY, &je);
        if (!o || !json_is_object(o)) {
            json_decref(o);
            if (strict)
                rc = ct_error_set(err, CT_EPARSE, (long long)a, line, "%s:%ld: not a JSON object",
                                  name, line);
            else if (bad)
                (*bad)++;
            continue;
        }
        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 64;
            ev_rec *v = ct__realloc(s->v, cap * sizeof *v);
            if (!v) {
                json_decref(o);
                rc = ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
                break;
            }
            s->v = v;
            s->cap = cap;
        }
        ev_rec *r = &s->v[s->n];
        read_rec(cat, o, r);
        json_decref(o);
        if (strict && (!r->ind || !r->doc[0]))
            rc = ct_error_set(err, CT_EPARSE, (long long)a, line, "%s:%ld: %s", name, line,
                              !r->doc[0] ? "a gold record needs its \"doc\""
                                         : "indicator not in the catalogue");
        else
            s->n++;
    }
    if (rc != CT_OK) {
        ct_eval_set_free(s);
        return rc;
    }
    *out = s;
    return CT_OK;
}

void ct_eval_set_free(ct_eval_set *s)
{
    if (!s) return;
    ct__free(s->v);
    ct__free(s);
}

size_t ct_eval_set_count(const ct_eval_set *s)
{
    return s ? s->n : 0;
}

/* ---- matching ---- */

static int month_index(int y, int m)
{
    return y * 12 + m - 1;
}

static int digits(const char *s, int n)
{
    for (int k = 0; k < n; k++)
        if (s[k] < '0' || s[k] > '9') return 0;
    return 1;
}

/* period_interval(): the first and last month of p; 0 when it is none */
static int interval(const char *p, int *first, int *last)
{
    char buf[64];
    const char *s = p;
    while (*s && strchr(" \t\n\r\f\v", *s))
        s++;
    snprintf(buf, sizeof buf, "%s", s);
    size_t n = strlen(buf);
    while (n && strchr(" \t\n\r\f\v", buf[n - 1]))
        buf[--n] = '\0';
    char *slash = strchr(buf, '/');
    if (slash) {
        *slash = '\0';
        int f1, l1, f2, l2;
        if (!interval(buf, &f1, &l1) || !interval(slash + 1, &f2, &l2)) return 0;
        *first = f1;
        *last = l2;
        return 1;
    }
    if (n < 4 || !digits(buf, 4)) return 0;
    int y = atoi(buf);
    if (n == 4) {
        *first = month_index(y, 1);
        *last = month_index(y, 12);
        return 1;
    }
    if (buf[4] != '-') return 0;
    if (n == 7 && (buf[5] == 'S' || buf[5] == 'H') && (buf[6] == '1' || buf[6] == '2')) {
        int s0 = buf[6] == '1' ? 1 : 7;
        *first = month_index(y, s0);
        *last = month_index(y, s0 + 5);
        return 1;
    }
    if (n == 7 && buf[5] == 'Q' && buf[6] >= '1' && buf[6] <= '4') {
        int s0 = 3 * (buf[6] - '0') - 2;
        *first = month_index(y, s0);
        *last = month_index(y, s0 + 2);
        return 1;
    }
    if ((n == 7 || (n == 10 && buf[7] == '-' && digits(buf + 8, 2))) && digits(buf + 5, 2)) {
        int m = atoi(buf + 5);
        if (m < 1 || m > 12) return 0;
        *first = *last = month_index(y, m);
        return 1;
    }
    return 0;
}

typedef struct pkey {
    int set, stock, a, b;
} pkey;

/* period_key() */
static pkey period_key(const char *p, ct_measure measure)
{
    pkey k = {0, 0, 0, 0};
    int f, l;
    if (!p[0] || !interval(p, &f, &l)) return k;
    k.set = 1;
    k.stock = measure == CT_STOCK;
    k.a = k.stock ? l : f;
    k.b = l;
    return k;
}

static int pkey_eq(pkey x, pkey y)
{
    return x.set && y.set && x.stock == y.stock && x.a == y.a && x.b == y.b;
}

static int level_unit(const char *u)
{
    return !strcmp(u, "percent") || !strcmp(u, "per100") || !strcmp(u, "rank");
}

/* value_eq() */
static int value_eq(optnum a, optnum b, const char *unit)
{
    if (!a.set || !b.set) return !a.set && !b.set;
    if (level_unit(unit)) return fabs(a.v - b.v) <= 0.01 + 1e-9;
    return fabs(a.v - b.v) <= 1e-3 * fmax(fabs(a.v), fabs(b.v)) + 1e-9;
}

/* obs_match() */
static int obs_match(const ev_rec *g, const ev_rec *p)
{
    if (strcmp(p->indicator, g->indicator)) return 0;
    if (strcmp(g->area, p->area)) return 0;
    ct_measure m = g->ind->measure;
    pkey pk = period_key(p->period[0], m);
    if (!pk.set) return 0;
    int hit = 0;
    for (int k = 0; k < g->nperiods && !hit; k++)
        hit = pkey_eq(period_key(g->period[k], m), pk);
    if (!hit) return 0;
    for (int k = -1; k < g->nalt; k++) {
        optnum v = k < 0 ? g->value : g->alt_value[k];
        const char *u = k < 0 ? g->unit : g->alt_unit[k];
        if (p->unit[0] && u[0] && strcmp(p->unit, u) && strcmp(u, "VND|USD")) continue;
        if (value_eq(v, p->value, u[0] ? u : p->unit)) return 1;
    }
    return 0;
}

/* target_match() */
static int target_match(const ev_rec *g, const ev_rec *p)
{
    if (strcmp(p->indicator, g->indicator)) return 0;
    ct_measure m = g->ind->measure;
    pkey pg = period_key(g->period[0], m);
    if (!pg.set || !pkey_eq(period_key(p->period[0], m), pg)) return 0;
    const char *unit = g->unit[0] ? g->unit : g->ind->unit ? g->ind->unit : "";
    return value_eq(g->min, p->min, unit) && value_eq(g->max, p->max, unit) &&
           value_eq(g->gmin, p->gmin, "percent") && value_eq(g->gmax, p->gmax, "percent");
}

static int chg_eq(const ev_rec *a, int i, const ev_rec *b, int j)
{
    if (a->chg_has_basis[i] != b->chg_has_basis[j]) return 0;
    if (a->chg_has_basis[i] && strcmp(a->chg_basis[i], b->chg_basis[j])) return 0;
    if (a->chg_pct[i].set != b->chg_pct[j].set) return 0;
    return !a->chg_pct[i].set || a->chg_pct[i].v == b->chg_pct[j].v;
}

static int optnum_eq(optnum a, optnum b)
{
    return a.set == b.set && (!a.set || a.v == b.v);
}

/* dedupe(): the key (type, indicator, area, period key, value to 6
 * significant digits, min, max, growth_min, growth_max) */
static int same_key(const ev_rec *a, const ev_rec *b)
{
    if (a->type != b->type || strcmp(a->indicator, b->indicator) || strcmp(a->area, b->area))
        return 0;
    pkey x = period_key(a->period[0], a->ind->measure),
         y = period_key(b->period[0], b->ind->measure);
    if (x.set != y.set || (x.set && !pkey_eq(x, y))) return 0;
    if (a->value.set != b->value.set) return 0;
    if (a->value.set) {
        char s[64], t[64];
        snprintf(s, sizeof s, "%.6g", a->value.v);
        snprintf(t, sizeof t, "%.6g", b->value.v);
        if (strtod(s, NULL) != strtod(t, NULL)) return 0;
    }
    return optnum_eq(a->min, b->min) && optnum_eq(a->max, b->max) && optnum_eq(a->gmin, b->gmin) &&
           optnum_eq(a->gmax, b->gmax);
}

static int is_obs(const ev_rec *r)
{
    return r->type == 0 || r->type == 1;
}

int ct_eval_score(const ct_catalog *cat, const ct_eval_set *gold, const ct_eval_set *pred,
                  const char *doc, double min_conf, ct_eval_tally t[3])
{
    (void)cat;
    memset(t, 0, 3 * sizeof *t);
    size_t np = pred ? pred->n : 0, ng = gold ? gold->n : 0;
    const ev_rec **p = ct__calloc(np + 1, sizeof *p);
    char *used = ct__calloc(np + 1, 1);
    if (!p || !used) {
        ct__free(p);
        ct__free(used);
        return CT_ENOMEM;
    }
    /* the document's predictions of the catalogue, confident enough, once each */
    size_t n = 0;
    for (size_t i = 0; i < np; i++) {
        const ev_rec *r = &pred->v[i];
        if (!r->ind || strcmp(r->doc, doc)) continue;
        if (min_conf >= 0 && (!r->conf.set || r->conf.v < min_conf)) continue;
        int dup = 0;
        for (size_t j = 0; j < n && !dup; j++)
            dup = same_key(p[j], r);
        if (!dup) p[n++] = r;
    }
    for (int pass = 0; pass < 2; pass++) { /* observations, then targets */
        memset(used, 0, np + 1);
        for (size_t i = 0; i < ng; i++) {
            const ev_rec *g = &gold->v[i];
            if (strcmp(g->doc, doc) || (pass == 0 ? !is_obs(g) : g->type != 2)) continue;
            size_t hit = n;
            for (size_t j = 0; j < n && hit == n; j++)
                if (!used[j] && (pass == 0 ? is_obs(p[j]) : p[j]->type == 2) &&
                    (pass == 0 ? obs_match(g, p[j]) : target_match(g, p[j])))
                    hit = j;
            if (hit == n) {
                t[pass ? 2 : 0].fn++;
                if (!pass) t[1].fn += g->nchg;
                continue;
            }
            used[hit] = 1;
            t[pass ? 2 : 0].tp++;
            if (pass) continue;
            /* the gold's changes among the prediction's */
            char taken[EV_CHG] = {0};
            const ev_rec *q = p[hit];
            for (int a = 0; a < g->nchg; a++) {
                int b = 0;
                while (b < q->nchg && (taken[b] || !chg_eq(g, a, q, b)))
                    b++;
                if (b < q->nchg) {
                    taken[b] = 1;
                    t[1].tp++;
                } else {
                    t[1].fn++;
                }
            }
            for (int b = 0; b < q->nchg; b++)
                if (!taken[b]) t[1].fp++;
        }
        for (size_t j = 0; j < n; j++)
            if (!used[j] && (pass == 0 ? is_obs(p[j]) : p[j]->type == 2)) t[pass ? 2 : 0].fp++;
    }
    ct__free(p);
    ct__free(used);
    return CT_OK;
}
