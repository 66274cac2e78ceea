/* chitieu — ingest: a document in, stored whole or not at all.
 *
 * One session (ct_ingest) over an open store does what `chitieu ingest`,
 * `chitieu import` and the server's POSTs need: a document's text in,
 * extracted, stored with its records in its own savepoint (all or
 * nothing); a text stored already (same SHA-256) answered with the
 * existing id and not extracted again; re-extraction of a stored document
 * (its records replaced, the document kept); imported rows grouped into
 * documents; and the ids of the documents stored in the session, for the
 * check of what is new (ct_check_store).
 *
 * Commits are batched: the session opens a transaction at its first
 * write and commits every batch_docs documents or batch_seconds (a commit
 * costs far more than a document), so a crash loses at most the documents
 * of the open transaction, each entirely; ingesting again stores them.
 * With hold set, it never commits on its own: the caller ends the single
 * transaction with ct_ingest_commit or ct_ingest_rollback (the server's
 * writes, an import file stored whole or not at all). With dry set, it
 * writes nothing and opens no transaction (a dry run never holds the
 * write lock, however long its check): the documents that would be stored
 * are kept in memory (ct_ingest_fresh), to be checked as fresh documents
 * beside the stored ones.
 *
 * The session prints nothing: every failure comes back as a code with
 * err filled and, in ct_ingest_result, the stage it happened at. */
#ifndef CHITIEU_INGEST_H
#define CHITIEU_INGEST_H

#include <stddef.h>
#include "chitieu/buf.h"
#include "chitieu/catalog.h"
#include "chitieu/error.h"
#include "chitieu/import.h"
#include "chitieu/record.h"
#include "chitieu/store.h"

/* A document held in memory with its records (extracted, not stored).
 * A zeroed ct_textdoc is empty; ct_textdoc_free releases what it holds. */
typedef struct ct_textdoc {
    char *name; /* owned */
    ct_buf text;
    ct_date pub;
    const char *area; /* the document's area when the user gives it (a gazetteer
                         name owned by the catalogue), else NULL */
    ct_record *recs;
    size_t nrecs, cap;
} ct_textdoc;

/* Set d's name (copied) and text (copied); CT_ENOMEM. */
int ct_textdoc_set(ct_textdoc *d, const char *name, const char *text, size_t len, ct_date pub);
/* Extract d's text into d->recs (replacing them). CT_EUTF8 / CT_EBINARY
 * with err->offset at the bad byte, or CT_ENOMEM. */
int ct_textdoc_extract(const ct_catalog *cat, ct_textdoc *d, ct_error *err);
void ct_textdoc_free(ct_textdoc *d);

typedef struct ct_ingest_opts {
    int batch_docs;       /* documents per commit; 0: 200 */
    double batch_seconds; /* or seconds per commit; 0: 0.5 */
    int hold;             /* never commit: the caller ends the transaction */
    int dry;              /* write nothing: keep the documents (ct_ingest_fresh) */
    const char *area;     /* the texts' area when the user knows it (a gazetteer
                             name, ct_catalog_area), else NULL */
} ct_ingest_opts;

typedef enum {
    CT_INGEST_READ = 1, /* reading the stored document (re-extraction) */
    CT_INGEST_EXTRACT,  /* the text does not extract (err->offset) */
    CT_INGEST_STORE,    /* the store refused the document: nothing of it kept */
    CT_INGEST_COMMIT,   /* the batch's commit failed: `lost` documents not stored */
} ct_ingest_stage;

typedef struct ct_ingest_result {
    long long id;             /* the document's id (the existing one when same) */
    int same;                 /* the content is stored already: nothing written */
    long long nobs, ntargets; /* records stored */
    ct_ingest_stage stage;    /* where it failed (0 on success) */
    long long lost;           /* CT_INGEST_COMMIT: documents of the batch lost */
    char name[128];           /* re-extraction: the stored document's name */
    long long reviews_lost;   /* re-extraction, replacement: reviews whose record is gone
                                 (review.h) */
    long long replaced;       /* replacement: the id of the version replaced */
} ct_ingest_result;

/* Documents and records of the session, committed ones only (in hold
 * mode: counted when ct_ingest_commit succeeds). */
typedef struct ct_ingest_counts {
    long long docs, same, failed, obs, targets;
} ct_ingest_counts;

typedef struct ct_ingest ct_ingest;

/* A session over st with cat (both must outlive it); opts may be NULL.
 * Caller commits what is pending with ct_ingest_commit, then ends the
 * session with ct_ingest_free, which rolls back anything not committed
 * (so an error path can never leave half a batch behind). */
int ct_ingest_new(ct_store *st, const ct_catalog *cat, const ct_ingest_opts *opts, ct_ingest **out,
                  ct_error *err);
/* Commit what is pending (the batch, or the held transaction). On failure
 * its documents count as failed and *lost (when not NULL) says how many. */
int ct_ingest_commit(ct_ingest *g, long long *lost, ct_error *err);
/* Undo what is pending. */
void ct_ingest_rollback(ct_ingest *g);
void ct_ingest_free(ct_ingest *g);

/* Store a document's text: same content → res->same and its id; else
 * extracted and stored. source may be NULL. */
int ct_ingest_text(ct_ingest *g, const char *name, const char *text, size_t len, ct_date pub,
                   const char *source, ct_ingest_result *res, ct_error *err);
/* Store a document extracted already (ct_textdoc_extract: the work done
 * outside a writer's lock); same content → res->same. */
int ct_ingest_doc(ct_ingest *g, const ct_textdoc *d, const char *source, ct_ingest_result *res,
                  ct_error *err);
/* Extract stored document id again and replace its records (an old
 * version, replaced by another, has none: res->same, nothing done). */
int ct_ingest_reextract(ct_ingest *g, long long id, ct_ingest_result *res, ct_error *err);
/* Store text as the new version of the document named key (a name or an
 * id: its current version), under the same name: the old version stays
 * with its text, replaced (ct_store_doc_versions), its records cleared;
 * its reviews carry over to the records of the new text (ct_review_carry;
 * res->reviews_lost those that no longer attach). pub 0 and no session
 * area keep the old version's. The same text as the current version:
 * res->same. CT_ENOENT no such document; CT_EINVAL an old version named,
 * or a text stored already as another document. who: for the history
 * (may be NULL). */
int ct_ingest_replace(ct_ingest *g, const char *key, const char *text, size_t len, ct_date pub,
                      const char *source, const char *who, ct_ingest_result *res, ct_error *err);

/* Store imported rows grouped by their `doc` (one document each, its text
 * the rows; a group whose text is stored already counts as same). source:
 * for rows without one. Rows without spans get their place in the stored
 * text (im's rows are updated). c (may be NULL) receives this call's
 * counts: docs, records (in obs), same. */
int ct_ingest_rows(ct_ingest *g, ct_import *im, const char *source, ct_ingest_counts *c,
                   ct_error *err);

/* The documents stored or re-extracted in the session (pending included),
 * in order; valid until the next call on g. */
const long long *ct_ingest_ids(const ct_ingest *g, size_t *n);
ct_ingest_counts ct_ingest_totals(const ct_ingest *g);
/* In a dry session: the documents that would have been stored, in order,
 * with their records (rows' spans placed as a store would place them);
 * owned by g, valid until the next call on g. */
const ct_textdoc *ct_ingest_fresh(const ct_ingest *g, size_t *n);

#endif
