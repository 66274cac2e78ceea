/* chitieu — the growable byte buffer used everywhere instead of ad-hoc
 * char arrays (as Redis uses sds). Always NUL-terminated; len excludes the
 * NUL. A zeroed ct_buf is a valid empty buffer. */
#ifndef CHITIEU_BUF_H
#define CHITIEU_BUF_H

#include <stddef.h>

typedef struct ct_buf {
    char *data;
    size_t len, cap;
    int oom; /* set once an allocation failed; later appends are no-ops */
} ct_buf;

void ct_buf_init(ct_buf *b);
void ct_buf_free(ct_buf *b);
void ct_buf_reset(ct_buf *b); /* len = 0, memory kept */
int ct_buf_reserve(ct_buf *b, size_t extra);
int ct_buf_append(ct_buf *b, const void *p, size_t n);
int ct_buf_puts(ct_buf *b, const char *s);
int ct_buf_putc(ct_buf *b, char c);
/* Decimal digits of v (the hot path of JSON output; no printf). */
int ct_buf_put_ll(ct_buf *b, long long v);
int ct_buf_printf(ct_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Append s as a JSON string literal, quotes included. */
int ct_buf_json_str(ct_buf *b, const char *s, size_t n);

#endif
