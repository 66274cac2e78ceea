/* error.c — the ct_error record and result-code names. */
#include "chitieu/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ct_error_clear(ct_error *e)
{
    if (!e) return;
    e->code = CT_OK;
    e->offset = -1;
    e->line = 0;
    e->msg[0] = '\0';
}

int ct_error_set(ct_error *e, int code, long long offset, long line, const char *fmt, ...)
{
    if (!e) return code;
    e->code = code;
    e->offset = offset;
    e->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    /* keep it one line whatever was formatted in */
    for (char *p = e->msg; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    return code;
}

const char *ct_strerror(int code)
{
    switch (code) {
    case CT_OK:
        return "success";
    case CT_ENOMEM:
        return "out of memory";
    case CT_EIO:
        return "input/output error";
    case CT_EUTF8:
        return "invalid UTF-8";
    case CT_EPARSE:
        return "parse error";
    case CT_EINVAL:
        return "invalid argument";
    case CT_ENOENT:
        return "not found";
    case CT_EBINARY:
        return "binary data (NUL byte)";
    default:
        return "unknown error";
    }
}
