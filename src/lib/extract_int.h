/* extract_int.h — the extractor's state, shared by its three files:
 * segment.c (the byte stream cut into sentences), assemble.c (one
 * sentence's figures into records) and extract.c (the document: its
 * reporting period and area, sections, the record queue). Not public. */
#ifndef CHITIEU_EXTRACT_INT_H
#define CHITIEU_EXTRACT_INT_H

#include "catalog_int.h"
#include "chitieu/buf.h"
#include "chitieu/extract.h"
#include "chitieu/text.h"
#include "lex.h"

#include <math.h>
#include <stddef.h>

#define HEAD_BYTES 2000
#define HEAD_SENTENCES 6
#define QUEUE_MAX 64
#define QUEUE_AGE 12
#define VOIDS_MAX 32

typedef struct pending {
    ct_record rec;
    long sentno;
} pending;

typedef struct head_sent {
    size_t off, len; /* into ex->head */
    long long start; /* document offset */
    int heading;
    int line_start;
} head_sent;

struct ct_extractor {
    const ct_catalog *cat;
    ct_extract_opts opts;
    ct_record_fn fn;
    void *ud;
    ct_buf sent; /* pending text: sent.data[sent_off..sent.len) */
    size_t sent_off;
    long long sent_start, off;
    int line_start; /* the current sentence starts a line */
    size_t rescan;  /* where split stopped to wait for more bytes (from sent_off) */
    int rescan_set;
    int title_zone; /* still in the leading lines without final punctuation */
    char tail[4];
    size_t ntail;
    /* head */
    int head_done;
    ct_buf head;
    head_sent hs[64];
    int nhs;
    /* document state */
    int have_doc;
    ct_period docper;
    int docflags;
    const char *sector;
    const ct_indicator *last_ind;
    ct_period prev_per; /* the period the previous sentence's figures read */
    int prev_pflags, have_prev_per;
    /* the period in force in the current paragraph: a sentence that names
     * none reads the last one named earlier in its line */
    ct_period line_per;
    int line_pflags, have_line_per;
    int sent_line_start; /* the sentence being processed starts a line */
    /* a caption ("Tỷ lệ ... năm 2023 của các tỉnh:") gives its period to
     * the table rows and list lines under it */
    ct_period cap_per;
    int cap_pflags, have_cap_per;
    const ct_indicator *table_ind; /* what the caption or the header row names */
    int sent_row;                  /* the sentence is a table row or list line */
    int sent_cells;                /* the sentence is a table row */
    int line_offperiod; /* the paragraph speaks of a span the grammar has no
                           period for (a holiday): its figures are no
                           observations of a reporting period */
    const ct_indicator *prev_inds[8]; /* the levels of the previous sentence */
    int nprev_inds;
    const char *docarea; /* the document's own area: --area, or the provincial
                            department whose report it is; NULL: national */
    pending queue[QUEUE_MAX];
    int nq;
    struct {
        const ct_indicator *ind;
        double v;
    } voids[VOIDS_MAX];
    int nvoids;
    long sentno;
    int stopped;
    int failed; /* a CT_E code: a sentence could not be assembled */
    ct_fold fold;
    tk_list toks;
    void *scratch; /* per-sentence work arrays, reused */
    size_t capscratch;
};

static inline int is_cue(const tk *t, int cue)
{
    return t->kind == TK_CUE && t->cue == cue;
}

static inline int is_punct(const tk *t, char c)
{
    return t->kind == TK_PUNCT && t->ch == c;
}

static inline int near_equal(double a, double b)
{
    return fabs(a - b) <= 1e-6 * fmax(fabs(a), fabs(b)) + 1e-9;
}

/* extract.c: periods against the document's state */
int ct__pub_month(const ct_extractor *ex); /* publication month index, 0 if unknown */
/* Give a year to a period written without one. */
ct_period ct__fix_year(const ct_extractor *ex, ct_period p, int flags);
/* The period a figure of `ind` reads from a period token. */
ct_period ct__apply_period(const ct_extractor *ex, ct_period p, int flags, const ct_indicator *ind);
/* The reporting period, for a figure whose sentence names none. */
ct_period ct__default_period(const ct_extractor *ex, const ct_indicator *ind);
/* extract.c: the record queue */
void ct__emit_or_queue(ct_extractor *ex, const ct_record *r);
void ct__flush_queue(ct_extractor *ex, long older_than, int all);
/* Drop queued records of ind with value v and remember v as void. */
void ct__add_void(ct_extractor *ex, const ct_indicator *ind, double v);
/* extract.c: one sentence (after the head is known) */
void ct__process_sentence(ct_extractor *ex, const char *s, size_t n, long long start, int heading,
                          int line_start);
void ct__close_head(ct_extractor *ex);
/* segment.c */
void ct__split(ct_extractor *ex, size_t from, int final);
void ct__sentence_done(ct_extractor *ex, size_t len, int ends_line);
int ct__table_cells(const char *s, size_t n, int *digit);
/* assemble.c */
int ct__has_digit(const char *s, size_t n);
/* One sentence's records, to the queue; CT_ENOMEM when it could not be
 * assembled (the extractor then fails: no sentence is dropped silently). */
int ct__assemble(ct_extractor *ex, const char *raw, size_t rawlen, long long start);

#endif
