/* import.c — structured records in: CSV (read with libcsv), XLSX
 * (import_xlsx.c) and JSON Lines (jansson) rows with the fields of the record
 * contract, validated into ct_record (see import.h). Bad rows are reported
 * through a callback with their line; nothing here prints or stores.
 *
 * Spreadsheets as people keep them: CSV is separated by ',' or ';' (the
 * one the header line uses most; a Vietnamese Excel writes ';'), in any
 * encoding the text layer tells (encoding.c: UTF-8 with or without BOM,
 * UTF-16, Windows-1258...); headers are the contract's names or their
 * Vietnamese ones ("Chỉ tiêu", "Kỳ", "Giá trị", "Đơn vị" — the columns
 * `export --format xlsx` writes, see vi_headers); an indicator may be given
 * by its code or its Vietnamese name, a period as "2025-Q1" or as reports
 * write it ("Quý 1/2025"). In a Vietnamese sheet (';' or Vietnamese
 * headers) a text value is read by the grammar's own number reader
 * (lex.c), so "127.300.000", "46,8", "85.400 tỷ đồng" and a value "71,9"
 * with the unit "triệu thuê bao" mean what a report means by them, written
 * precision included; a contract CSV keeps its strict forms (JSON numbers,
 * "2025-Q1"), as before.
 * XLSX number cells are exact numbers in any sheet.
 *
 * Values are read from their written digits, so precision survives: a
 * `precision` field (the power of ten of the last written digit, 9 for
 * "804 tỷ") is used when present; else a money value's trailing zeros are
 * taken as unwritten (804000000000 reads as 804 tỷ), other values as exact. */
#include "chitieu/import.h"
#include "chitieu/buf.h"
#include "chitieu/store.h"
#include "chitieu/render.h"
#include "chitieu/text.h"
#include "doc_int.h"
#include "import_int.h"
#include "lex.h"

#include <csv.h>
#include <jansson.h>
#include <stdint.h>
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
    int exp = 0, nd = 0, frac = 0, digits = 0;
    while ((*p >= '0' && *p <= '9') || (*p == '.' && !frac)) {
        if (*p == '.') {
            frac = 1;
            p++;
            continue;
        }
        digits++;
        if (nd >= 18) return -1;
        m = m * 10 + (*p - '0');
        if (m) nd++;
        if (frac) exp--;
        p++;
    }
    if (!digits) return -1; /* ".", "-", "-." are no numbers */
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1 + (p[1] == '+' || p[1] == '-');
        if (*q < '0' || *q > '9') return -1;
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

static const char *const field_names[F_N] = {
    "type",           "doc",       "indicator", "period",     "value",      "unit",
    "approx",         "role",      "area",      "changes",    "precision",  "span_start",
    "span_end",       "min",       "max",       "growth_min", "growth_max", "value_span_start",
    "value_span_end", "alt_value", "alt_unit",  "published",  "source",     "indicator_name",
    "kind",           "yoy_pct",   "span_bytes", "confidence"};

/* Vietnamese headers (folded: lower case, NFC), for spreadsheets. */
static const struct {
    const char *name;
    int field;
} vi_headers[] = {
    {"chỉ tiêu", F_IND},
    {"mã chỉ tiêu", F_IND},
    {"tên chỉ tiêu", F_NAME},
    {"kỳ", F_PERIOD},
    {"kỳ báo cáo", F_PERIOD},
    {"thời gian", F_PERIOD},
    {"thời kỳ", F_PERIOD},
    {"loại", F_KIND},
    {"giá trị", F_VALUE},
    {"số liệu", F_VALUE},
    {"đơn vị", F_UNIT},
    {"đơn vị tính", F_UNIT},
    {"đvt", F_UNIT},
    {"ước tính", F_APPROX},
    {"khu vực", F_AREA},
    {"tỉnh", F_AREA},
    {"tỉnh/thành phố", F_AREA},
    {"địa bàn", F_AREA},
    {"tài liệu", F_DOC},
    {"văn bản", F_DOC},
    {"ngày công bố", F_PUBLISHED},
    {"nguồn", F_SOURCE},
    {"vị trí (byte)", F_SPAN},
    {"tối thiểu", F_MIN},
    {"tối đa", F_MAX},
    {"tăng/giảm so với cùng kỳ (%)", F_YOY},
    {"so với cùng kỳ (%)", F_YOY},
    {"tăng trưởng (%)", F_YOY},
};

int ct__import_bad(imp *im, long line, const char *why, const char *what)
{
    char msg[400];
    snprintf(msg, sizeof msg, "%s%s%.200s", why, what ? ": " : "", what ? what : "");
    if (im->badfn) im->badfn(im->ud, line, msg);
    im->bad++;
    return -1;
}

static int set_err(imp *im, const row *r, const char *why, const char *what)
{
    return ct__import_bad(im, r->line, why, what);
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
    if (f[F_PUBLISHED] && *f[F_PUBLISHED] && ct_date_parse(f[F_PUBLISHED], &r->pub) != CT_OK)
        return set_err(im, r, "published must be a date YYYY-MM-DD or YYYY-MM", f[F_PUBLISHED]);
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
    /* spans given point into the document the row was taken from (an
     * export's rows keep their report's), so only their shape is checked:
     * a sentence's bytes in order, the figure's inside them */
    if (rec->span[1] &&
        (rec->span[0] < 0 || rec->span[0] > rec->span[1] || rec->value_span[0] < rec->span[0] ||
         rec->value_span[0] > rec->value_span[1] || rec->value_span[1] > rec->span[1]))
        return set_err(im, r, "span_start/span_end: a reversed span, or the figure's outside it",
                       NULL);
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
        if (rec->has_min && rec->has_max && ct_decimal_value(rec->min) > ct_decimal_value(rec->max))
            return set_err(
                im, r, rec->growth ? "growth_min is above growth_max" : "min is above max", NULL);
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
        /* the contract's words, or the export's Vietnamese ones */
        static const char *const names[] = {"estimate", "about", "over", "under"};
        static const char *const vi[] = {"ước", "khoảng", "hơn", "dưới"};
        int k;
        for (k = 0; k < 4 && strcmp(names[k], ap) && strcmp(vi[k], ap); k++) {
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

void ct__import_row_free(row *r)
{
    for (int k = 0; k < F_N; k++)
        free(r->f[k]);
    free(r->doc);
    ct_buf_free(&r->raw);
    memset(r, 0, sizeof *r);
}

/* ---- spreadsheet cells (Vietnamese notation) ------------------------------ */

/* Fold s (lower case, NFC, spaces collapsed) into im->fold; NULL on failure. */
static const char *fold(imp *im, const char *s)
{
    if (ct_utf8_valid_prefix(s, strlen(s)) != strlen(s)) return NULL;
    im->fold.nomap = 1;
    if (ct_fold_text(&im->fold, s, strlen(s)) != CT_OK) {
        im->oom = 1;
        return NULL;
    }
    return im->fold.text ? im->fold.text : "";
}

static void set_field(imp *im, row *r, int f, const char *v)
{
    char *c = strdup(v);
    if (!c) {
        im->oom = 1;
        return;
    }
    free(r->f[f]);
    r->f[f] = c;
}

static int header_field(imp *im, const char *s, size_t len)
{
    for (int f = 0; f < F_N; f++)
        if (strlen(field_names[f]) == len && !memcmp(field_names[f], s, len)) return f;
    char tmp[128];
    if (len >= sizeof tmp) return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    const char *h = fold(im, tmp);
    if (!h) return -1;
    for (size_t k = 0; k < sizeof vi_headers / sizeof vi_headers[0]; k++)
        if (!strcmp(vi_headers[k].name, h)) {
            im->vi = 1;
            return vi_headers[k].field;
        }
    return -1;
}

/* Lex a folded cell with the grammar; the tokens are in im->toks. */
static int lex_cell(imp *im, const char *text)
{
    const char *t = fold(im, text);
    if (!t) return -1;
    if (ct__lex(im->cat, t, strlen(t), &im->toks) != CT_OK) {
        im->oom = 1;
        return -1;
    }
    return 0;
}

/* The indicator of a name (its catalogue name, any case). */
static const ct_indicator *by_name(imp *im, const char *name)
{
    const char *n = fold(im, name);
    if (!n || !*n) return NULL;
    char *want = strdup(n);
    if (!want) return NULL;
    const ct_indicator *hit = NULL;
    for (size_t i = 0; i < ct_catalog_count(im->cat) && !hit; i++) {
        const ct_indicator *ind = ct_catalog_at(im->cat, i);
        const char *f = ind->name_vi ? fold(im, ind->name_vi) : NULL;
        if (f && !strcmp(f, want)) hit = ind;
    }
    free(want);
    return hit;
}

/* A value cell in Vietnamese notation, with the unit cell's words when they
 * are not a contract unit: the first figure the grammar reads in it. */
static int vi_number(imp *im, const char *cell, const char *unit_words, ct_decimal *d,
                     const char **unit, int *cur_implied)
{
    ct_buf b;
    ct_buf_init(&b);
    const char *p = cell;
    while (*p == ' ')
        p++;
    int neg = 0;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    else if (!strncmp(p, "\xE2\x88\x92", 3))
        neg = 1, p += 3; /* U+2212 minus */
    ct_buf_puts(&b, p);
    if (unit_words && *unit_words) {
        ct_buf_putc(&b, ' ');
        ct_buf_puts(&b, unit_words);
    }
    int rc = b.oom ? -1 : lex_cell(im, b.data);
    ct_buf_free(&b);
    if (rc) return -1;
    for (size_t i = 0; i < im->toks.n; i++) {
        const tk *k = &im->toks.v[i];
        if (k->kind == TK_CUE && k->cue == CUE_DOWN) neg = !neg;
        if (k->kind != TK_NUM) continue;
        *d = k->v;
        if (neg) d->mant = -d->mant;
        *unit = k->unit && strcmp(k->unit, "?") ? k->unit : NULL;
        *cur_implied = k->cur_implied;
        return 0;
    }
    return -1;
}

/* Bring a spreadsheet row's cells to the contract's forms. */
static int norm_row(imp *im, row *r)
{
    char **f = r->f;
    char tmp[64];
    if (f[F_KIND] && *f[F_KIND]) {
        const char *k = fold(im, f[F_KIND]);
        if (!k) return set_err(im, r, "bad Loại", f[F_KIND]);
        if (!strcmp(k, "mục tiêu") || !strcmp(k, "target") || !strcmp(k, "kế hoạch"))
            set_field(im, r, F_TYPE, "target");
        else if (!strcmp(k, "số gốc") || !strcmp(k, "baseline"))
            set_field(im, r, F_ROLE, "baseline");
        else if (strcmp(k, "số liệu") && strcmp(k, "observation") && strcmp(k, "thực hiện"))
            return set_err(im, r, "Loại must be số liệu, số gốc or mục tiêu", f[F_KIND]);
    }
    const ct_indicator *ind = f[F_IND] && *f[F_IND] ? ct_catalog_find(im->cat, f[F_IND]) : NULL;
    if (!ind && f[F_IND] && *f[F_IND]) ind = by_name(im, f[F_IND]);
    if (!ind && (!f[F_IND] || !*f[F_IND]) && f[F_NAME] && *f[F_NAME]) ind = by_name(im, f[F_NAME]);
    if (ind) set_field(im, r, F_IND, ind->code);
    /* a contract sheet keeps its strict forms: only a Vietnamese one is
     * read as reports are written */
    if (im->vi && f[F_PERIOD] && *f[F_PERIOD] &&
        ct_period_parse(f[F_PERIOD], strlen(f[F_PERIOD]), &(ct_period){0}) != CT_OK &&
        !lex_cell(im, f[F_PERIOD])) {
        for (size_t i = 0; i < im->toks.n; i++) {
            const tk *k = &im->toks.v[i];
            if (k->kind != TK_PERIOD || (k->pflags & PF_NOYEAR) || !ct_period_is_set(&k->per))
                continue;
            char per[40];
            if (ct_period_format(&k->per, per, sizeof per) > 0 || per[0])
                set_field(im, r, F_PERIOD, per);
            break;
        }
    }
    /* "% tăng": the export's unit of a growth target */
    if (f[F_UNIT] && !strcmp(f[F_UNIT], "% tăng")) {
        set_field(im, r, F_UNIT, "");
        if (f[F_VALUE] && *f[F_VALUE] && !(f[F_MIN] && *f[F_MIN]) && !(f[F_MAX] && *f[F_MAX]))
            set_field(im, r, F_GMIN, f[F_VALUE]);
        else {
            if (f[F_MIN]) set_field(im, r, F_GMIN, f[F_MIN]);
            if (f[F_MAX]) set_field(im, r, F_GMAX, f[F_MAX]);
            set_field(im, r, F_MIN, "");
            set_field(im, r, F_MAX, "");
        }
        set_field(im, r, F_VALUE, "");
    }
    int target = f[F_TYPE] && !strcmp(f[F_TYPE], "target");
    if (target && f[F_VALUE] && *f[F_VALUE] && !(f[F_MIN] && *f[F_MIN]) &&
        !(f[F_MAX] && *f[F_MAX])) {
        set_field(im, r, F_MIN, f[F_VALUE]); /* a sheet's one value of a target: its floor */
        set_field(im, r, F_VALUE, "");
    }
    /* the unit cell: a contract unit ("VND") or its Vietnamese name as the
     * export writes it ("đồng", "thuê bao": the same unit, the number exact),
     * or words the figures are read with ("tỷ đồng", "%", "triệu thuê bao") */
    if (im->vi && ind && f[F_UNIT] && *f[F_UNIT] && !unit_intern(ind, f[F_UNIT])) {
        char cand[8][32];
        int nc = 0;
        static const char *const fixed[] = {"VND", "USD", "percent", "per100", "rank"};
        for (int k = 0; k < 5; k++)
            snprintf(cand[nc++], sizeof cand[0], "%s", fixed[k]);
        for (const char *u = ind->unit; *u && nc < 8; u += strcspn(u, "|"), u += *u == '|') {
            int n = (int)strcspn(u, "|");
            snprintf(cand[nc++], sizeof cand[0], "%.*s", n < 31 ? n : 31, u);
        }
        for (int k = 0; k < nc; k++)
            if (!strcmp(ct_render_unit_vi(cand[k]), f[F_UNIT]) && unit_intern(ind, cand[k])) {
                set_field(im, r, F_UNIT, cand[k]);
                break;
            }
    }
    int contract_unit = !im->vi || !f[F_UNIT] || !*f[F_UNIT] || !ind || unit_intern(ind, f[F_UNIT]);
    char *words = contract_unit ? NULL : strdup(f[F_UNIT]);
    if (!contract_unit && !words) im->oom = 1;
    static const int numeric[] = {F_VALUE, F_MIN, F_MAX, F_GMIN, F_GMAX, F_YOY};
    for (size_t q = 0; q < sizeof numeric / sizeof numeric[0] && !im->oom; q++) {
        int fi = numeric[q];
        const char *v = f[fi];
        ct_decimal d;
        if (!v || !*v) continue;
        const char *w = fi == F_YOY ? NULL : words;
        char vi[64];
        if (r->exact >> fi & 1) {
            /* an XLSX number: exact as it is, unless the unit cell's words
             * scale it ("85400" "tỷ đồng"): then in Vietnamese notation */
            if (!w || parse_jnum(v, &d) || d.exp > 0 || d.exp < -15) continue;
            char digits[40];
            int neg = d.mant < 0;
            int nd = snprintf(digits, sizeof digits, "%lld", (long long)(neg ? -d.mant : d.mant));
            int frac = -d.exp, k = 0;
            if (neg) vi[k++] = '-';
            if (frac >= nd) { /* 0,0046 */
                vi[k++] = '0';
                vi[k++] = ',';
                for (int z = 0; z < frac - nd; z++)
                    vi[k++] = '0';
                memcpy(vi + k, digits, (size_t)nd);
                k += nd;
            } else {
                memcpy(vi + k, digits, (size_t)(nd - frac));
                k += nd - frac;
                if (frac) {
                    vi[k++] = ',';
                    memcpy(vi + k, digits + nd - frac, (size_t)frac);
                    k += frac;
                }
            }
            vi[k] = '\0';
            v = vi;
        } else if (!im->vi || (!strpbrk(v, ".,") && !w && !parse_jnum(v, &d))) {
            continue; /* a contract sheet, or a plain integer: JSON numbers as before */
        }
        const char *unit = NULL;
        int implied = 0;
        if (vi_number(im, v, w, &d, &unit, &implied)) {
            free(words);
            return set_err(im, r, "not a number", v);
        }
        ct_decimal_json(d, tmp, sizeof tmp);
        if (fi != F_YOY) {
            if (implied && ind && !strncmp(ind->unit, "VND", 3)) unit = "VND";
            if (unit) set_field(im, r, F_UNIT, unit);
        }
        if (fi == F_VALUE && (!f[F_PRECISION] || !*f[F_PRECISION])) {
            char pr[16];
            snprintf(pr, sizeof pr, "%d", d.exp);
            set_field(im, r, F_PRECISION, pr);
        }
        set_field(im, r, fi, tmp);
    }
    free(words);
    if (f[F_YOY] && *f[F_YOY] && !(f[F_CHANGES] && *f[F_CHANGES])) {
        snprintf(tmp, sizeof tmp, "yoy:%s", f[F_YOY]);
        set_field(im, r, F_CHANGES, tmp);
    }
    if (f[F_SPAN] && *f[F_SPAN]) {
        long long a = 0, b = 0;
        if (sscanf(f[F_SPAN], "%lld-%lld", &a, &b) == 2 && a >= 0 && b >= a) {
            snprintf(tmp, sizeof tmp, "%lld", a);
            set_field(im, r, F_SPAN0, tmp);
            snprintf(tmp, sizeof tmp, "%lld", b);
            set_field(im, r, F_SPAN1, tmp);
        }
    }
    if (f[F_APPROX] && *f[F_APPROX]) {
        static const struct {
            const char *vi, *name;
        } ap[] = {{"ước", "estimate"}, {"ước tính", "estimate"}, {"ước đạt", "estimate"},
                  {"có", "estimate"},  {"x", "estimate"},        {"khoảng", "about"},
                  {"hơn", "over"},     {"trên", "over"},         {"dưới", "under"},
                  {"không", ""}};
        const char *a = fold(im, f[F_APPROX]);
        for (size_t k = 0; a && k < sizeof ap / sizeof ap[0]; k++)
            if (!strcmp(a, ap[k].vi)) {
                set_field(im, r, F_APPROX, ap[k].name);
                break;
            }
    }
    if (f[F_PUBLISHED] && (r->exact >> F_PUBLISHED & 1)) {
        /* an Excel date cell: days since 1899-12-30 */
        long serial = strtol(f[F_PUBLISHED], NULL, 10);
        if (serial > 0 && serial < 200000) {
            long z = serial - 25569 + 719468; /* days since 0000-03-01 */
            long era = z / 146097, doe = z - era * 146097;
            long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
            long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
            long y = yoe + era * 400 + (m <= 2);
            snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", y, m, d);
            set_field(im, r, F_PUBLISHED, tmp);
        }
    } else if (f[F_PUBLISHED] && strchr(f[F_PUBLISHED], '/')) { /* 20/07/2025 */
        int d = 0, m = 0, y = 0, n = 0;
        if (sscanf(f[F_PUBLISHED], "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 && !f[F_PUBLISHED][n]) {
            snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
            set_field(im, r, F_PUBLISHED, tmp);
        }
    }
    return im->oom ? set_err(im, r, "out of memory", NULL) : 0;
}

/* The fields that become names and labels (a document's name, its source,
 * an area) pass the store's one rule, ct_store_label_why, as the server's
 * arguments do; an area also fits its record. 0, or -1 after set_err (the
 * value is not quoted: it may be what must not be printed). */
static int check_labels(imp *im, row *r)
{
    static const struct {
        int f, name;
        const char *what;
    } lab[] = {{F_DOC, 1, "doc"}, {F_SOURCE, 0, "source"}, {F_AREA, 0, "area"}};
    for (size_t k = 0; k < sizeof lab / sizeof lab[0]; k++) {
        const char *v = r->f[lab[k].f];
        if (!v || !*v) continue;
        const char *why = ct_store_label_why(v, lab[k].name);
        if (!why && lab[k].f == F_AREA && strlen(v) >= sizeof r->rec.area) why = "at most 63 bytes";
        if (why) return set_err(im, r, lab[k].what, why);
    }
    return 0;
}

static void keep_row(imp *im, row *r, const char *default_doc)
{
    if (check_labels(im, r) != 0 || norm_row(im, r) != 0 || build(im, r) != 0) {
        ct__import_row_free(r);
        return;
    }
    r->doc = strdup(r->f[F_DOC] && *r->f[F_DOC] ? r->f[F_DOC] : default_doc);
    if (!r->doc) im->oom = 1;
    if (im->n == im->cap) {
        size_t cap = im->cap ? im->cap * 2 : 64;
        row *v = realloc(im->rows, cap * sizeof *v);
        if (!v) {
            im->oom = 1;
            ct__import_row_free(r);
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
    size_t i = len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3) ? 3 : 0; /* a BOM, as in a CSV */
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
                json_t *vs = json_object_get(o, "value_span");
                if (json_is_array(vs) && json_array_size(vs) == 2) {
                    free(r.f[F_VSPAN0]);
                    free(r.f[F_VSPAN1]);
                    r.f[F_VSPAN0] = jstr(json_array_get(vs, 0));
                    r.f[F_VSPAN1] = jstr(json_array_get(vs, 1));
                }
                json_t *alt = json_object_get(o, "alt");
                if (json_is_array(alt) && json_array_size(alt) >= 1) {
                    free(r.f[F_ALTV]);
                    free(r.f[F_ALTU]);
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
        ct__import_row_free(&r);
        i += n + (nl ? 1 : 0);
    }
}

/* ---- CSV (libcsv) and XLSX rows ------------------------------------------ */

void ct__import_field(void *s, size_t len, void *ud)
{
    csvs *c = ud;
    imp *im = c->im;
    if (!im->header_done) {
        int which = header_field(im, s, len);
        if (c->col < 64) im->col_of[c->col] = which;
    } else if (c->col < 64 && im->col_of[c->col] >= 0) {
        int f = im->col_of[c->col];
        char *v = malloc(len + 1);
        if (v) {
            memcpy(v, s, len);
            v[len] = '\0';
        } else
            im->oom = 1;
        free(im->cur.f[f]);
        im->cur.f[f] = v;
        if (im->cell_exact)
            im->cur.exact |= (uint64_t)1 << f;
        else
            im->cur.exact &= ~((uint64_t)1 << f);
        ct_buf_append(&im->cur.raw, s, len);
        ct_buf_putc(&im->cur.raw, ',');
    }
    c->col++;
}

/* A row of the sheet that lists documents (the export's "nguồn"). */
static void keep_source(imp *im, row *r)
{
    if (!r->f[F_DOC] || !*r->f[F_DOC] || !r->f[F_SOURCE] || !*r->f[F_SOURCE]) return;
    r->line = im->line;
    if (check_labels(im, r) != 0) return;
    if (im->nsrc == im->capsrc) {
        size_t cap = im->capsrc ? im->capsrc * 2 : 16;
        char **a = realloc(im->src_doc, cap * sizeof *a);
        if (a) im->src_doc = a;
        char **b = a ? realloc(im->src_val, cap * sizeof *b) : NULL;
        if (b) im->src_val = b;
        if (!a || !b) {
            im->oom = 1;
            return;
        }
        im->capsrc = cap;
    }
    im->src_doc[im->nsrc] = r->f[F_DOC];
    im->src_val[im->nsrc] = r->f[F_SOURCE];
    r->f[F_DOC] = r->f[F_SOURCE] = NULL;
    im->nsrc++;
}

void ct__import_row(int term, void *ud)
{
    (void)term;
    csvs *c = ud;
    imp *im = c->im;
    im->line++;
    if (!im->header_done) {
        im->ncols = c->col;
        im->header_done = 1;
        int have = 0, doc = 0, src = 0;
        for (int k = 0; k < c->col && k < 64; k++) {
            have |= im->col_of[k] == F_IND || im->col_of[k] == F_NAME;
            doc |= im->col_of[k] == F_DOC;
            src |= im->col_of[k] == F_SOURCE;
        }
        im->have_ind |= have;
        im->sheet_ind = have;
        im->sources = !have && doc && src;
        if (!have && !im->xlsx) ct__import_bad(im, 1, "no 'indicator' column in the header", NULL);
    } else if (im->sources) {
        keep_source(im, &im->cur);
        ct__import_row_free(&im->cur);
    } else if (!im->xlsx || im->sheet_ind) {
        im->cur.line = im->line;
        ct_buf_putc(&im->cur.raw, '\n');
        keep_row(im, &im->cur, c->doc);
        ct__import_row_free(&im->cur);
    } else {
        ct__import_row_free(&im->cur);
    }
    c->col = 0;
}

/* ';' or ',' (or a tab): the one the header line uses most, outside quotes. */
static unsigned char csv_delim(const char *data, size_t len)
{
    size_t n[3] = {0, 0, 0};
    int q = 0;
    for (size_t i = 0; i < len && (q || (data[i] != '\n' && data[i] != '\r')); i++) {
        if (data[i] == '"') q = !q;
        if (q) continue;
        n[0] += data[i] == ',';
        n[1] += data[i] == ';';
        n[2] += data[i] == '\t';
    }
    if (n[1] > n[0] && n[1] >= n[2]) return ';';
    if (n[2] > n[0] && n[2] > n[1]) return '\t';
    return ',';
}

/* The end of the record that starts at data[i]: its line end outside
 * quotes (a quoted cell may hold line breaks), or len. */
static size_t record_end(const char *data, size_t len, size_t i)
{
    int q = 0;
    for (; i < len; i++) {
        if (data[i] == '"')
            q = !q;
        else if (!q && (data[i] == '\n' || data[i] == '\r'))
            return i;
    }
    return len;
}

static size_t line_end(const char *data, size_t len, size_t i)
{
    while (i < len && data[i] != '\n' && data[i] != '\r')
        i++;
    return i;
}

/* Past the line break at data[i] (CR, LF or CR LF), counting it. */
static size_t past_break(const char *data, size_t len, size_t i, long *line)
{
    if (i < len && data[i] == '\r') i++;
    if (i < len && data[i] == '\n') i++;
    (*line)++;
    return i;
}

/* One record (data[from..to)) through libcsv; 0, or -1 when libcsv refuses
 * it (the parser is then made anew: one that failed is not reusable). */
static int parse_record(imp *im, struct csv_parser *p, csvs *c, const char *data, size_t from,
                        size_t to, const char **why)
{
    if (csv_parse(p, data + from, to - from, ct__import_field, ct__import_row, c) == to - from &&
        csv_fini(p, ct__import_field, ct__import_row, c) == 0)
        return 0;
    *why = csv_strerror(csv_error(p));
    unsigned char delim = csv_get_delim(p);
    csv_free(p);
    if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        im->oom = 1;
    else
        csv_set_delim(p, delim);
    ct__import_row_free(&im->cur);
    c->col = 0;
    return -1;
}

/* Record by record, so that a malformed one (a stray '"') is one bad row:
 * the rows after it are read as if it were not there. A record that libcsv
 * refuses is its first line only: a quote opened and never closed would
 * otherwise take every line after it into one cell. Lines are physical
 * lines of the file (a cell's line breaks count). */
static void read_csv(imp *im, const char *data, size_t len, const char *doc)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        im->oom = 1;
        return;
    }
    unsigned char delim = csv_delim(data, len);
    csv_set_delim(&p, delim);
    if (delim == ';') im->vi = 1; /* the list separator of a Vietnamese Windows */
    for (int k = 0; k < 64; k++)
        im->col_of[k] = -1;
    csvs c = {im, doc, 0};
    long line = 1;
    size_t i = 0;
    while (i < len && !im->oom) {
        size_t end = record_end(data, len, i);
        const char *why = NULL;
        long first = line;
        im->line = first - 1; /* ct__import_row counts the record */
        if (end > i && parse_record(im, &p, &c, data, i, end, &why) != 0) {
            ct__import_bad(im, first, "malformed CSV", why);
            if (!im->header_done) break; /* no header, no rows */
            end = line_end(data, len, i);
        } else {
            for (size_t k = i; k < end; k++) /* a quoted cell's line breaks */
                if (data[k] == '\n' || (data[k] == '\r' && (k + 1 >= end || data[k + 1] != '\n')))
                    line++;
        }
        i = end < len ? past_break(data, len, end, &line) : len;
    }
    ct__import_row_free(&im->cur);
    csv_free(&p);
}

int ct_import_read(const ct_catalog *cat, const char *data, size_t len, int format,
                   const char *default_doc, ct_import_bad_fn bad, void *ud, ct_import *out)
{
    memset(out, 0, sizeof *out);
    imp *im = calloc(1, sizeof *im);
    if (!im) return CT_ENOMEM;
    im->cat = cat;
    im->badfn = bad;
    im->ud = ud;
    ct_fold_init(&im->fold);
    if (format == CT_IMPORT_CSV) {
        /* the text layer first: a CSV may come in UTF-16 or Windows-1258 */
        ct_buf text;
        ct_buf_init(&text);
        char enc[24];
        int same;
        ct_error e;
        int rc = ct__enc_text(data, len, NULL, &text, enc, out->note, &same, &e);
        if (rc == CT_ENOMEM)
            im->oom = 1;
        else if (rc != CT_OK)
            ct__import_bad(im, 1, e.msg, NULL);
        else
            read_csv(im, text.data ? text.data : "", text.len, default_doc);
        ct_buf_free(&text);
    } else if (format == CT_IMPORT_XLSX) {
        ct__import_xlsx(im, data, len, default_doc);
    } else {
        read_jsonl(im, data, len, default_doc);
    }
    int rc = im->oom ? CT_ENOMEM : CT_OK;
    out->bad = im->bad;
    out->rows = calloc(im->n + 1, sizeof *out->rows);
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
            ct__import_row_free(&im->rows[i]);
        free(im->rows);
        ct__import_row_free(&im->cur);
        for (size_t i = 0; i < im->nsrc; i++) {
            free(im->src_doc[i]);
            free(im->src_val[i]);
        }
        free(im->src_doc);
        free(im->src_val);
        ct_fold_free(&im->fold);
        free(im->toks.v);
        free(im);
    }
    free(in->rows);
    memset(in, 0, sizeof *in);
}

int ct_import_format(const char *data, size_t len, const char *name)
{
    if (len >= 4 && !memcmp(data, "PK\x03\x04", 4)) return CT_IMPORT_XLSX;
    const char *ext = name ? strrchr(name, '.') : NULL;
    if (ext && (!strcmp(ext, ".jsonl") || !strcmp(ext, ".json") || !strcmp(ext, ".ndjson")))
        return CT_IMPORT_JSONL;
    if (ext && (!strcmp(ext, ".xlsx") || !strcmp(ext, ".xlsm"))) return CT_IMPORT_XLSX;
    return CT_IMPORT_CSV;
}
