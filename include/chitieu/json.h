/* chitieu — the one JSON writer: every JSON the library, the CLI and the
 * server produce is written through it, into a ct_buf.
 *
 * It keeps the nesting and whether a comma is due, so that a producer can
 * write the fields of an object it did not open and leave it open for its
 * caller to extend (as Redis leaves a reply open with addReplyDeferredLen):
 * ct_render_json_fields writes a record's fields into the caller's object,
 * the API adds obs_id and published before them and closes it; nobody
 * cuts bytes off another's output.
 *
 * Written directly, without building a tree: extraction emits a record
 * every few hundred bytes and a general JSON library would cost more than
 * the extraction itself. Errors: the buffer's oom flag (ct_json_ok). */
#ifndef CHITIEU_JSON_H
#define CHITIEU_JSON_H

#include <stddef.h>
#include "chitieu/buf.h"
#include "chitieu/num.h"
#include "chitieu/period.h"
#include "chitieu/record.h"

#define CT_JSON_DEPTH 32

typedef struct ct_json {
    ct_buf *b;
    int depth;
    unsigned char had[CT_JSON_DEPTH]; /* a member was written at this level */
    char close[CT_JSON_DEPTH];        /* what ends this level: '}' or ']' */
    int after_key;                    /* a key is written: its value follows */
} ct_json;

/* Write into b (appending). */
void ct_json_init(ct_json *j, ct_buf *b);

void ct_json_obj(ct_json *j); /* { */
void ct_json_arr(ct_json *j); /* [ */
void ct_json_end(ct_json *j); /* } or ] (the one opened last) */
/* A key of the open object; the next call writes its value. k is a
 * plain name (letters, digits, '_'): it is written without escaping. */
void ct_json_key(ct_json *j, const char *k);

void ct_json_str(ct_json *j, const char *s); /* NULL: null */
void ct_json_strn(ct_json *j, const char *s, size_t n);
void ct_json_str_or_null(ct_json *j, const char *s); /* "" or NULL: null */
void ct_json_ll(ct_json *j, long long v);
void ct_json_dec(ct_json *j, ct_decimal d);
void ct_json_fixed(ct_json *j, double v, int decimals); /* "%.Nf" */
void ct_json_bool(ct_json *j, int v);
void ct_json_null(ct_json *j);
void ct_json_period(ct_json *j, const ct_period *p); /* "2024-Q1" */
void ct_json_date(ct_json *j, ct_date d);            /* "2024-03-15", null when unknown */
/* A value that is JSON already (s[0..n)). */
void ct_json_raw(ct_json *j, const char *s, size_t n);
/* A newline after a finished top-level value (JSON Lines). */
void ct_json_nl(ct_json *j);

/* key + value in one call */
void ct_json_kstr(ct_json *j, const char *k, const char *s);
void ct_json_kll(ct_json *j, const char *k, long long v);
void ct_json_kdec(ct_json *j, const char *k, ct_decimal d);
void ct_json_kbool(ct_json *j, const char *k, int v);
/* k and d when has, else null */
void ct_json_kdec_opt(ct_json *j, const char *k, int has, ct_decimal d);

/* CT_OK, or CT_ENOMEM when the buffer ran out of memory. */
int ct_json_ok(const ct_json *j);

#endif
