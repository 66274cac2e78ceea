/* api_int.h — what the API's files share: answers and errors, the token
 * check, documents by name, and the JSON of records, documents and
 * findings. api.c routes; api_read.c answers the reads; api_write.c the
 * writes (POST, DELETE). */
#ifndef CHITIEU_API_INT_H
#define CHITIEU_API_INT_H

#include "server.h"

/* The Content-Type of a workbook (format=xlsx). */
#define SRV_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* An error answer {"error":{"status":..,"message":..}} replacing the body. */
void srv__fail(srv_resp *rs, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same left open inside "error" (for the caller's members), in j. */
void srv__fail_open(srv_resp *rs, ct_json *j, int status, const char *msg);
/* 500 (503 when out of memory) with err's message; returns -1. */
int srv__keep_err(srv_resp *rs, const ct_error *err);
/* A JSON answer with status; j writes into the body. */
void srv__ok_json(srv_resp *rs, int status, ct_json *j);
/* A boolean argument: *on set for "1", "true", "yes" or "" (a bare flag),
 * cleared for "0", "false", "no" or no argument; anything else is a 400
 * (then -1). */
int srv__flag(const srv_req *rq, const char *key, int *on, srv_resp *rs);
/* The integer argument key (absent: *v = dflt): decimal digits only, lo to
 * hi; anything else ("1e5", "2025abc", "+3", "") is a 400 naming the range
 * (then -1). */
int srv__int_arg(const srv_req *rq, const char *key, long long lo, long long hi, long long dflt,
                 long long *v, srv_resp *rs);
/* A label from a request (field names it in the message): UTF-8 without
 * control characters (C0, DEL, C1), at most 255 bytes. A document name
 * (name set) also: at most 100 bytes, no '/' or '\\', not all digits or
 * id:DIGITS (those are ids), not "." or "..". 0, or -1 after a 400. */
int srv__check_label(const char *field, const char *v, int name, srv_resp *rs);
/* need: 0 read, 1 editor, 2 admin. 0 when allowed (rs->who set), else -1
 * with the error answer filled. */
int srv__authorize(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs, int need);
/* The indicator code, or NULL after a 404. */
const ct_indicator *srv__known(srv *s, const char *code, srv_resp *rs);

/* A stored document's leading fields. */
typedef struct srv_docref {
    long long id;
    char name[128];
    char source[256];
    char sha[65];
    char ingested[32];
    ct_date pub;
    ct_buf *text; /* filled when not NULL */
} srv_docref;
/* The document named key (name or id): 0, or -1 after a 404 / 500. */
int srv__find_doc(ct_store *st, const char *key, srv_docref *r, srv_resp *rs);
int srv__get_doc(ct_store *st, long long id, srv_docref *r, ct_error *err);
/* The document as an object: its fields, text (when not NULL) and records. */
int srv__doc_json(srv *s, ct_store *st, const srv_docref *r, const ct_buf *text, ct_json *j,
                  ct_error *err);
/* The findings of the checker over cso as a JSON array (the next value in
 * j); only indicator's when not NULL; their number in *count. */
int srv__findings_json(srv *s, ct_store *st, const ct_check_opts *cso, const char *indicator,
                       ct_json *j, ct_error *err, long long *count);

/* the handlers */
void srv__get_health(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);
void srv__get_indicators(srv *s, ct_store *st, srv_resp *rs);
void srv__get_series(srv *s, ct_store *st, const srv_req *rq, const char *code, srv_resp *rs);
void srv__get_chart(srv *s, ct_store *st, const srv_req *rq, const char *code, srv_resp *rs);
void srv__get_observations(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);
void srv__get_documents(ct_store *st, srv_resp *rs);
void srv__get_document(srv *s, ct_store *st, const char *key, srv_resp *rs);
void srv__get_findings(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);
void srv__get_targets(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);
void srv__get_report(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);
void srv__get_areas(srv *s, srv_resp *rs);
void srv__post_document(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);
void srv__post_import(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);
void srv__delete_document(srv *s, ct_store *st, const srv_req *rq, const char *key, srv_resp *rs);
/* api_compare.c */
void srv__get_compare(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);
/* api_review.c */
void srv__get_reviews(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);
void srv__post_review(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);
void srv__get_queue(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);
void srv__get_marks(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);
void srv__get_versions(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);
void srv__post_mark(srv *s, ct_store *st, const srv_req *rq, srv_resp *rs);

#endif
