/* chitieu — extraction: Vietnamese report text in, indicator records out.
 *
 * The extractor reads a document as a stream (any chunking), splits it
 * into sentences, reads figures, periods, changes and indicators with the
 * grammar of lex.c, and assembles records (extract.c). Memory stays
 * bounded whatever the input size: sentences longer than
 * CT_MAX_SENTENCE bytes are cut, and records are handed to the sink in
 * order, at the latest a bounded number of sentences after they appear. */
#ifndef CHITIEU_EXTRACT_H
#define CHITIEU_EXTRACT_H

#include <stddef.h>
#include "chitieu/catalog.h"
#include "chitieu/error.h"
#include "chitieu/num.h"
#include "chitieu/period.h"

#define CT_MAX_SENTENCE (64 * 1024)
#define CT_MAX_CHANGES 4

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
    char area[64]; /* "" for the whole country */
    /* provenance: byte offsets into the document as given */
    long long span[2];       /* the sentence */
    long long value_span[2]; /* the figure itself */
} ct_record;

typedef struct ct_extract_opts {
    int pub_year, pub_month, pub_day; /* publication date; 0 when unknown */
} ct_extract_opts;

/* Receives each record; return non-zero to stop extraction. The record is
 * only valid during the call. */
typedef int (*ct_record_fn)(void *ud, const ct_record *rec);

typedef struct ct_extractor ct_extractor;

/* cat must outlive the extractor. Caller frees with ct_extractor_free. */
ct_extractor *ct_extractor_new(const ct_catalog *cat, const ct_extract_opts *opts, ct_record_fn fn,
                               void *ud);
void ct_extractor_free(ct_extractor *ex);
/* Start a new document (same options). */
void ct_extractor_reset(ct_extractor *ex);
/* Feed the next bytes of the document. Fails with CT_EUTF8 or CT_EBINARY
 * (err->offset is the document offset of the bad byte) or CT_ENOMEM; the
 * records of the text before the bad byte have been delivered. */
int ct_extractor_feed(ct_extractor *ex, const char *buf, size_t len, ct_error *err);
/* End of document: process what is buffered and deliver all records. */
int ct_extractor_finish(ct_extractor *ex, ct_error *err);

/* One call for a whole buffer. */
int ct_extract_buffer(const ct_catalog *cat, const ct_extract_opts *opts, const char *buf,
                      size_t len, ct_record_fn fn, void *ud, ct_error *err);

const char *ct_approx_name(ct_approx a); /* "estimate"... or NULL */
const char *ct_basis_name(ct_basis b);   /* "yoy", "prev", "plan" */

#endif
