/* chitieu — the domain's core types: a record (observation or target), a
 * stated change, the qualifier of a figure, the basis of a comparison, and
 * a calendar date. Every other header that speaks of records includes this
 * one, not the extractor's.
 *
 * A record's strings (unit, alt_unit) point into the catalogue or to
 * static storage; its indicator is owned by the catalogue. */
#ifndef CHITIEU_RECORD_H
#define CHITIEU_RECORD_H

#include <stddef.h>
#include "chitieu/catalog.h"
#include "chitieu/num.h"
#include "chitieu/period.h"

#define CT_MAX_CHANGES 4
#define CT_MAX_CANDIDATES 4

typedef enum { CT_REC_OBSERVATION = 0, CT_REC_TARGET = 1 } ct_rec_type;
typedef enum {
    CT_APPROX_NONE = 0,
    CT_APPROX_ESTIMATE, /* ước, ước đạt, ước tính, dự kiến */
    CT_APPROX_ABOUT,    /* khoảng, gần, xấp xỉ, ~ */
    CT_APPROX_OVER,     /* hơn, trên, vượt */
    CT_APPROX_UNDER,    /* dưới, chưa đến */
} ct_approx;
typedef enum { CT_BASIS_YOY = 0, CT_BASIS_PREV, CT_BASIS_PLAN } ct_basis;

typedef struct ct_change {
    ct_basis basis;
    ct_decimal pct; /* signed: giảm is negative; for plan, the share reached */
    ct_period ref;  /* unset when the text names no reference period */
} ct_change;

/* Why the extractor read a figure as it did: the rule that chose its
 * indicator, where its period and area came from, and the indicators the
 * candidate rules named, the chosen one first. Strings are static. */
typedef struct ct_evidence {
    const char *indicator, *period, *area;
    int ncand;
    struct {
        const ct_indicator *ind;
        const char *why;
    } cand[CT_MAX_CANDIDATES];
} ct_evidence;

typedef struct ct_record {
    ct_rec_type type;
    const ct_indicator *ind;
    ct_period period;
    const char *unit; /* "VND", "USD", "percent", "per100", "rank", or a count unit */
    /* observation */
    ct_decimal value;
    ct_approx approx;
    int baseline; /* role: 1 = quoted as the base of a comparison */
    int nchanges;
    ct_change changes[CT_MAX_CHANGES];
    int has_alt; /* a second reading in another currency: "(~ 9,6 tỉ USD)" */
    ct_decimal alt_value;
    const char *alt_unit;
    /* target: a level [min, max] or a growth rate [growth_min, growth_max] */
    int growth;
    int has_min, has_max;
    ct_decimal min, max;
    char area[64];     /* "" for the whole country */
    double confidence; /* in [0,1]: how sure the extractor is (docs/confidence.md) */
    ct_evidence evidence; /* set by the extractor; zero for imported records */
    /* provenance: byte offsets into the document as given */
    long long span[2];       /* the sentence */
    long long value_span[2]; /* the figure itself */
} ct_record;

/* A calendar date; fields are 0 where unknown (y alone, y-m, or y-m-d). */
typedef struct ct_date {
    int y, m, d;
} ct_date;

/* "YYYY-MM-DD" or "YYYY-MM" (years 1900..2200) into d (d->d = 0 when the
 * day is absent): CT_OK, or CT_EPARSE leaving d unspecified. */
int ct_date_parse(const char *s, ct_date *d);
/* d as "YYYY-MM-DD", "YYYY-MM", "YYYY" as far as it is known, or "" when
 * unknown: the one spelling of a date in every output. Returns out. */
char *ct_date_format(ct_date d, char *out, size_t n);
#define CT_DATE_SIZE 16

const char *ct_approx_name(ct_approx a); /* "estimate"... or NULL */
const char *ct_basis_name(ct_basis b);   /* "yoy", "prev", "plan" */

#endif
