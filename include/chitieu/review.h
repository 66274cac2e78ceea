/* chitieu — review: people accept, correct, reject and add records, and
 * the store keeps what they did.
 *
 * The extractor's records stay as extracted. A review is a separate,
 * audited row (who, when, before, after, note) attached to its record by
 * document, span and indicator, never by row id: `ingest --reextract`
 * re-attaches every review to the record extracted again at the same place
 * (ct_review_reattach) and reports those it cannot. A correction hides the
 * raw record and stores the corrected one beside it; a rejection hides it;
 * an addition stores a record of its own. Everything that reads the
 * store's records or points (series, checks, targets, reports, charts,
 * exports) sees this reviewed view; ct_obs_query.raw asks for the records
 * as extracted.
 *
 * Each call is one transaction: a review is stored whole or not at all. */
#ifndef CHITIEU_REVIEW_H
#define CHITIEU_REVIEW_H

#include "chitieu/catalog.h"
#include "chitieu/error.h"
#include "chitieu/store.h"

/* What a correction or an addition sets; NULL keeps the record's own. */
typedef struct ct_review_edit {
    const char *indicator; /* a catalogue code */
    const char *period;    /* "2026-Q1", "2026-03", "2026", "2026-01..2026-06" */
    const char *value;     /* Vietnamese notation with its unit ("1,33 triệu thuê bao",
                              "548 tỷ đồng", "46,8%") or base units ("1330000") */
    const char *area;      /* a gazetteer name; "" national */
    const char *who;       /* the reviewer (required) */
    const char *note;
} ct_review_edit;

/* Read a reviewed value for indicator ind with the library's number
 * grammar: its value in base units into *out; CT_EPARSE when there is no
 * number, CT_EINVAL when its unit is not the indicator's. */
int ct_review_value(const ct_catalog *cat, const ct_indicator *ind, const char *text,
                    ct_decimal *out, ct_error *err);

/* Review stored record obs_id (an id of the reviewed view). CT_ENOENT: no
 * such record; CT_EINVAL: a bad edit. *review_id gets the review's id
 * (may be NULL). */
int ct_review_accept(ct_store *st, const ct_catalog *cat, long long obs_id, const char *who,
                     const char *note, long long *review_id, ct_error *err);
int ct_review_reject(ct_store *st, const ct_catalog *cat, long long obs_id, const char *who,
                     const char *note, long long *review_id, ct_error *err);
int ct_review_correct(ct_store *st, const ct_catalog *cat, long long obs_id,
                      const ct_review_edit *e, long long *review_id, ct_error *err);
/* Add a record the extractor missed to document doc (name or id); the
 * indicator, period and value are required. */
int ct_review_add(ct_store *st, const ct_catalog *cat, const char *doc, const ct_review_edit *e,
                  long long *review_id, ct_error *err);

/* After document doc_id was extracted again (inside the same transaction):
 * attach each of its reviews to the record now at the same span with the
 * same indicator and apply it again; a review whose record is gone is
 * marked detached and passed to lost (may be NULL). *nlost counts them. */
int ct_review_reattach(ct_store *st, const ct_catalog *cat, long long doc_id,
                       ct_review_fn lost, void *ud, long long *nlost, ct_error *err);

/* The action's name: "accept", "correct", "reject", "add". */
const char *ct_review_action_name(ct_review_action a);

/* The review queue: the records of the reviewed view that nobody has
 * reviewed (an accepted record leaves it; a record a review made is not in
 * it) whose confidence is below `below`, of document doc_id (0: all),
 * lowest confidence first, then by id (`chitieu review list`, GET
 * /api/review-queue). fn returns non-zero to stop. */
int ct_review_queue(ct_store *st, const ct_catalog *cat, long long doc_id, double below,
                    ct_obs_fn fn, void *ud, ct_error *err);

/* ---- replaced documents ---- */

/* Document new_id replaces old_id (same name, inside the transaction that
 * stored new_id): each review of the name is moved to the record of the
 * new text with its indicator whose sentence and figure are written the
 * same (else, the one record of that indicator whose figure is written
 * the same), then attached there as re-extraction does
 * (ct_review_reattach); those with no such record are detached, passed
 * to lost and counted in *nlost. */
int ct_review_carry(ct_store *st, const ct_catalog *cat, long long old_id, long long new_id,
                    ct_review_fn lost, void *ud, long long *nlost, ct_error *err);

/* ---- finding status (review_findings.c) ---- */

/* "open", "confirmed", "explained", "dismissed". */
const char *ct_finding_status_name(ct_finding_status s);
/* The status named by s (those words); CT_EINVAL when none. */
int ct_finding_status_parse(const char *s, ct_finding_status *out);
/* A person's word on finding id (one of the store's current findings,
 * dismissed ones included: else CT_ENOENT): stored as an audited mark in
 * its own transaction. "explained" needs a note; who is required
 * (CT_EINVAL). *mark_id gets the mark's id (may be NULL). */
int ct_finding_mark_set(ct_store *st, const ct_catalog *cat, const char *id,
                        ct_finding_status status, const char *who, const char *note,
                        long long *mark_id, ct_error *err);

#endif
