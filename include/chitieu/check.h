/* chitieu — the checker: a spell-checker for official statistics.
 *
 * Given stored records (ct_obs) of one indicator (and of its parts, for the
 * parts check), it recomputes what the texts state and reports findings:
 *
 *   arithmetic        a stated change against its own value and the
 *                     baseline quoted in the same document;
 *   ref_period        a "cùng kỳ" comparison whose reference is not the
 *                     same period one year before;
 *   conflict          one indicator, area and period with values from
 *                     different documents that differ beyond rounding;
 *   stated_vs_stored  a stated change that no stored value of the
 *                     reference period agrees with;
 *   parts             parts that do not add up to their whole in a document;
 *   plan              the annual plan implied by "đạt X% kế hoạch" against
 *                     the plan stated, or against another implied plan;
 *   cumulative        a year-to-date figure against the previous
 *                     year-to-date figure plus the month;
 *   plausibility      a figure whose order of magnitude breaks its series,
 *                     or a share above 100%;
 *   points            a change of a rate written in % that is really the
 *                     difference in points (info);
 *   self_conflict     one document giving two values for one indicator,
 *                     area and period.
 *
 * Tolerances come from the precision as written: a figure is an interval
 * (548 tỷ is [547,5; 548,5] tỷ, 46,8% is [46,75; 46,85]), widened for
 * "khoảng" (±5%) and opened on one side for "hơn"/"dưới"; two figures
 * disagree only when their intervals do not meet. The rules and severities
 * are documented in docs/check.md. */
#ifndef CHITIEU_CHECK_H
#define CHITIEU_CHECK_H

#include "chitieu/buf.h"
#include "chitieu/catalog.h"
#include "chitieu/json.h"
#include "chitieu/store.h"

typedef enum {
    CT_FIND_ARITHMETIC = 0,
    CT_FIND_REF_PERIOD,
    CT_FIND_CONFLICT,
    CT_FIND_STATED_VS_STORED,
    CT_FIND_PARTS,
    CT_FIND_PLAN,
    CT_FIND_CUMULATIVE,
    CT_FIND_PLAUSIBILITY,
    CT_FIND_POINTS,
    CT_FIND_SELF_CONFLICT,
    CT_FIND_NKINDS
} ct_finding_kind;
#define CT_FIND_BIT(k) (1u << (k))

typedef enum { CT_SEV_INFO = 0, CT_SEV_MINOR, CT_SEV_MAJOR } ct_severity;

#define CT_FIND_MAX 4

typedef struct ct_finding {
    char id[17]; /* stable: a hash of kind, indicator, area, period and documents */
    ct_finding_kind kind;
    ct_severity severity;
    char indicator[64];
    char area[64];
    ct_period period;
    int nvalues;
    ct_decimal values[CT_FIND_MAX];
    char unit[32];
    int ndocs;
    char docs[CT_FIND_MAX][96];      /* document names */
    long long spans[CT_FIND_MAX][2]; /* the quoted sentences, per doc */
    long long doc_ids[CT_FIND_MAX];  /* 0 for a document not stored */
    char message[640];               /* Vietnamese, figures in Vietnamese format */
    char explain[640];               /* one Vietnamese sentence a journalist can quote */
    ct_finding_status status;        /* its latest mark (store.h); open when none */
    char status_by[64];              /* who marked it, and the note (explained) */
    char status_note[256];
    char status_at[32];              /* when it was marked (UTC, ISO 8601) */
} ct_finding;

typedef struct ct_checker ct_checker;

/* Caller frees with ct_checker_free. */
ct_checker *ct_checker_new(const ct_catalog *cat);
void ct_checker_free(ct_checker *ck);
/* Add a record (copied). judged: findings must involve at least one
 * judged record (the documents being checked); stored context is not. */
int ct_checker_add(ct_checker *ck, const ct_obs *o, int judged);
/* Forget all records (to reuse the checker for the next indicator). */
void ct_checker_clear(ct_checker *ck);
/* Run only the rules whose kinds are in mask (CT_FIND_BIT(CT_FIND_CONFLICT)
 * for `chitieu conflicts`); 0, the default, runs them all. */
void ct_checker_only(ct_checker *ck, unsigned mask);
typedef int (*ct_finding_fn)(void *ud, const ct_finding *f);
/* Run every check; report only findings about indicator `focus` (all when
 * NULL). Returns the number of findings reported, or a CT_E* code. */
int ct_checker_run(ct_checker *ck, const char *focus, ct_finding_fn fn, void *ud);

const char *ct_finding_kind_name(ct_finding_kind k); /* "arithmetic"... */
const char *ct_severity_name(ct_severity s);         /* "info", "minor", "major" */
/* One finding as a JSON object and a newline. */
int ct_finding_json(ct_buf *out, const ct_finding *f);

/* ---- per-document summary, as a linter gives it ----
 * Each document is green (no finding, or notes only: info), yellow (its
 * worst finding is minor) or red (a major one). A finding counts for every
 * document it names. */
typedef struct ct_doc_status {
    char doc[96];
    long long doc_id;
    long long counts[3]; /* findings by severity: info, minor, major */
} ct_doc_status;

typedef struct ct_check_summary {
    ct_doc_status *v; /* in the order documents were first seen */
    size_t n, cap;
    size_t *slot; /* hash of names to v indexes + 1 */
    size_t nslot;
    int only_known; /* findings count only for documents added with _doc */
    int oom;
} ct_check_summary;

/* only_known: 1 to summarize only the documents named with
 * ct_check_summary_doc (the ones being checked), 0 for every document a
 * finding names. Caller frees with ct_check_summary_free. */
void ct_check_summary_init(ct_check_summary *s, int only_known);
void ct_check_summary_free(ct_check_summary *s);
/* A document that is judged, with or without findings. CT_OK or CT_ENOMEM. */
int ct_check_summary_doc(ct_check_summary *s, const char *doc, long long doc_id);
int ct_check_summary_add(ct_check_summary *s, const ct_finding *f);
/* "green", "yellow" or "red". */
const char *ct_doc_status_color(const ct_doc_status *d);

/* ---- check_run.c: the checker over a store ---- */
struct ct_textdoc; /* chitieu/ingest.h */
typedef struct ct_check_opts {
    int all;                 /* judge every stored record */
    const long long *judged; /* or these stored documents */
    size_t njudged;
    const struct ct_textdoc *fresh; /* and these documents, not stored (they
                                   replace stored ones of the same name) */
    size_t nfresh;
    int fresh_last; /* the fresh documents come after every stored one, in
                       their order, as a write would store them (a dry run
                       then finds what the write would): their findings'
                       doc_ids are CT_CHECK_FRESH_ID + their index */
} ct_check_opts;
#define CT_CHECK_FRESH_ID (0x7FFFFFFFFFFFFFFFLL / 2)
/* Each finding carries its status (its latest mark in st, ct_store_marks);
 * a dismissed one is not reported (see ct_check_store_marked). */
/* Run the checker indicator by indicator over st (may be NULL: fresh
 * documents only) and the fresh documents, so that memory holds one
 * indicator (and its parts) at a time. Returns the number of findings
 * reported or a CT_E* code (err filled). */
int ct_check_store(ct_store *st, const ct_catalog *cat, const ct_check_opts *o, ct_finding_fn fn,
                   void *ud, ct_error *err);
/* The same with only the rules in the kinds mask (ct_checker_only; 0: all):
 * `conflicts` runs the conflict rule alone. */
int ct_check_store_only(ct_store *st, const ct_catalog *cat, const ct_check_opts *o, unsigned kinds,
                        ct_finding_fn fn, void *ud, ct_error *err);
/* The same; dismissed: report the dismissed findings too; *ndismissed
 * (may be NULL) counts those left out. */
int ct_check_store_marked(ct_store *st, const ct_catalog *cat, const ct_check_opts *o,
                          unsigned kinds, int dismissed, long long *ndismissed, ct_finding_fn fn,
                          void *ud, ct_error *err);

/* The sentences findings quote: from the fresh documents by name, else
 * from the store by id and span (the sentence's bytes, never the whole
 * text: a whole-database check quotes hundreds of thousands).
 * Zero it with ct_quoter_init; caller frees with ct_quoter_free. */
typedef struct ct_quoter {
    ct_store *st;
    const struct ct_textdoc *fresh;
    size_t nfresh;
    ct_buf span; /* the last stored quote */
    int failed;  /* a stored text could not be read (out of memory, database
                    error): its quotes were given as not to be had */
} ct_quoter;
void ct_quoter_init(ct_quoter *q, ct_store *st, const struct ct_textdoc *fresh, size_t nfresh);
void ct_quoter_free(ct_quoter *q);
/* The quoted bytes of f's k-th document: 1 with *s, *n set (valid until
 * the next call on q), or 0 when its text or the span is not to be had. */
int ct_quoter_get(ct_quoter *q, const ct_finding *f, int k, const char **s, size_t *n);
/* The same on one line (tabs and newlines as spaces) in out (reset
 * first; empty when not to be had): 1 when found, else 0. */
int ct_quoter_line(ct_quoter *q, const ct_finding *f, int k, ct_buf *out);

/* A finding's fields into the object open in j (left open for the caller,
 * e.g. to add its quotes); ct_finding_json (above) is the whole object. */
void ct_finding_json_fields(ct_json *j, const ct_finding *f);
/* "quotes": the sentence of each of f's documents, as a member of the
 * object open in j. flat: on one line (tabs and newlines as spaces), ""
 * when not to be had (the CLI's JSON Lines); else as stored, or null. */
void ct_finding_json_quotes(ct_json *j, ct_quoter *q, const ct_finding *f, int flat);

#endif
