/* chitieu — result codes and the error record every library call fills.
 *
 * Library functions return 0 (CT_OK) or a negative CT_E* code and, where
 * they take a ct_error *, describe the failure there with the position
 * (byte offset, line) it was found at. The library never prints or exits. */
#ifndef CHITIEU_ERROR_H
#define CHITIEU_ERROR_H

#include <stddef.h>

enum {
    CT_OK = 0,
    CT_ENOMEM = -1,  /* out of memory */
    CT_EIO = -2,     /* a read or write failed */
    CT_EUTF8 = -3,   /* input is not valid UTF-8 */
    CT_EPARSE = -4,  /* a data file or value does not parse */
    CT_EINVAL = -5,  /* bad argument */
    CT_ENOENT = -6,  /* file or entry not found */
    CT_EBINARY = -7, /* input holds NUL bytes: not text */
};

typedef struct ct_error {
    int code;         /* a CT_E* code, CT_OK when nothing failed */
    long long offset; /* byte offset into the input, -1 when unknown */
    long line;        /* 1-based line, 0 when unknown */
    char msg[256];    /* one line, no trailing newline */
} ct_error;

/* Reset e to "no error". */
void ct_error_clear(ct_error *e);
/* Record a failure; returns code so callers can `return ct_error_set(...)`. */
int ct_error_set(ct_error *e, int code, long long offset, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* A short English name of a CT_E* code ("invalid UTF-8"). */
const char *ct_strerror(int code);

#endif
