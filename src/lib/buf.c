/* buf.c — growable byte buffer (see chitieu/buf.h). An allocation failure
 * sets b->oom and turns later appends into no-ops, so a caller can build a
 * whole line and check once. */
#include "chitieu/buf.h"
#include "chitieu/error.h"
#include "alloc_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ct_buf_init(ct_buf *b)
{
    memset(b, 0, sizeof *b);
}

void ct_buf_free(ct_buf *b)
{
    ct__free(b->data);
    memset(b, 0, sizeof *b);
}

void ct_buf_reset(ct_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

int ct_buf_reserve(ct_buf *b, size_t extra)
{
    if (b->oom) return CT_ENOMEM;
    if (extra > ((size_t)-1) / 2 - b->len) {
        b->oom = 1;
        return CT_ENOMEM;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return CT_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = ct__realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return CT_ENOMEM;
    }
    b->data = p;
    b->cap = cap;
    return CT_OK;
}

int ct_buf_append(ct_buf *b, const void *p, size_t n)
{
    if (ct_buf_reserve(b, n)) return CT_ENOMEM;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return CT_OK;
}

int ct_buf_puts(ct_buf *b, const char *s)
{
    return ct_buf_append(b, s, strlen(s));
}

int ct_buf_putc(ct_buf *b, char c)
{
    return ct_buf_append(b, &c, 1);
}

int ct_buf_printf(ct_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return CT_EINVAL;
    if ((size_t)n < sizeof tmp) return ct_buf_append(b, tmp, (size_t)n);
    if (ct_buf_reserve(b, (size_t)n)) return CT_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return CT_OK;
}

int ct_buf_json_str(ct_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (ct_buf_reserve(b, n + 2)) return CT_ENOMEM;
    ct_buf_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        ct_buf_append(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            ct_buf_append(b, "\\\"", 2);
            break;
        case '\\':
            ct_buf_append(b, "\\\\", 2);
            break;
        case '\n':
            ct_buf_append(b, "\\n", 2);
            break;
        case '\r':
            ct_buf_append(b, "\\r", 2);
            break;
        case '\t':
            ct_buf_append(b, "\\t", 2);
            break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            ct_buf_append(b, u, 6);
        }
        }
    }
    ct_buf_append(b, s + run, n - run);
    return ct_buf_putc(b, '"');
}

int ct_buf_put_ll(ct_buf *b, long long v)
{
    char tmp[24];
    size_t p = sizeof tmp;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[--p] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) tmp[--p] = '-';
    return ct_buf_append(b, tmp + p, sizeof tmp - p);
}
