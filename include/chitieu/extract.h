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
#include "chitieu/record.h"

#define CT_MAX_SENTENCE (64 * 1024)
typedef struct ct_extract_opts {
    int pub_year, pub_month, pub_day; /* publication date; 0 when unknown */
    const char *area; /* the document's area when the user knows it (a gazetteer
                         name, see ct_catalog_area); NULL: found in the text */
    /* the grammar's trace (each sentence's tokens), one line a call; NULL:
     * none. The library never prints: a front end may pass a printer. */
    void (*debug)(void *ud, const char *line);
    void *debug_ud;
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

/* A period given by a person: contract notation ("2024-Q1"), or a period
 * the way the reports write it, read with the extractor's own grammar
 * ("quý 1/2024", "6 tháng đầu năm 2025", "tháng 5/2025", "năm 2024"). The
 * text must be that one period, with its year. CT_OK, CT_EPARSE or
 * CT_ENOMEM. */
int ct_period_parse_text(const ct_catalog *cat, const char *s, size_t n, ct_period *out);

#endif
