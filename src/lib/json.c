/* json.c — the JSON writer (chitieu/json.h). The only state is the depth
 * and, per level, whether a member was written (so a comma is due): a
 * producer can stop at any point inside an object and another continue.
 * Nesting deeper than CT_JSON_DEPTH is not tracked (no producer nests
 * more than four). */
#include "chitieu/json.h"
#include "chitieu/error.h"

#include <stdio.h>
#include <string.h>

void ct_json_init(ct_json *j, ct_buf *b)
{
    memset(j, 0, sizeof *j);
    j->b = b;
}

/* Before a value or a key: the comma when one is due. */
static void sep(ct_json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (j->had[j->depth]) ct_buf_putc(j->b, ',');
    j->had[j->depth] = 1;
}

static void open_(ct_json *j, char c)
{
    sep(j);
    ct_buf_putc(j->b, c);
    if (j->depth + 1 < CT_JSON_DEPTH) j->depth++;
    j->had[j->depth] = 0;
    j->close[j->depth] = c == '{' ? '}' : ']';
}

void ct_json_obj(ct_json *j)
{
    open_(j, '{');
}

void ct_json_arr(ct_json *j)
{
    open_(j, '[');
}

void ct_json_end(ct_json *j)
{
    ct_buf_putc(j->b, j->close[j->depth] ? j->close[j->depth] : '}');
    if (j->depth > 0) j->depth--;
    j->after_key = 0;
}

void ct_json_key(ct_json *j, const char *k)
{
    /* keys are the producers' own plain names: written as they are, no
     * escaping pass (the hot path of extract's JSON Lines) */
    size_t n = strlen(k);
    sep(j);
    if (ct_buf_reserve(j->b, n + 3) != CT_OK) return;
    char *p = j->b->data + j->b->len;
    p[0] = '"';
    memcpy(p + 1, k, n);
    p[n + 1] = '"';
    p[n + 2] = ':';
    j->b->len += n + 3;
    j->b->data[j->b->len] = '\0';
    j->after_key = 1;
}

void ct_json_strn(ct_json *j, const char *s, size_t n)
{
    sep(j);
    ct_buf_json_str(j->b, s, n);
}

void ct_json_str(ct_json *j, const char *s)
{
    if (!s)
        ct_json_null(j);
    else
        ct_json_strn(j, s, strlen(s));
}

void ct_json_str_or_null(ct_json *j, const char *s)
{
    ct_json_str(j, s && *s ? s : NULL);
}

void ct_json_ll(ct_json *j, long long v)
{
    sep(j);
    ct_buf_put_ll(j->b, v);
}

void ct_json_dec(ct_json *j, ct_decimal d)
{
    char tmp[64];
    ct_decimal_json(d, tmp, sizeof tmp);
    sep(j);
    ct_buf_puts(j->b, tmp);
}

void ct_json_fixed(ct_json *j, double v, int decimals)
{
    sep(j);
    ct_buf_printf(j->b, "%.*f", decimals, v);
}

void ct_json_bool(ct_json *j, int v)
{
    sep(j);
    ct_buf_puts(j->b, v ? "true" : "false");
}

void ct_json_null(ct_json *j)
{
    sep(j);
    ct_buf_puts(j->b, "null");
}

void ct_json_period(ct_json *j, const ct_period *p)
{
    char tmp[48];
    ct_period_format(p, tmp, sizeof tmp);
    ct_json_str(j, tmp);
}

void ct_json_date(ct_json *j, ct_date d)
{
    char tmp[CT_DATE_SIZE];
    ct_date_format(d, tmp, sizeof tmp);
    ct_json_str_or_null(j, tmp);
}

void ct_json_raw(ct_json *j, const char *s, size_t n)
{
    sep(j);
    ct_buf_append(j->b, s, n);
}

void ct_json_nl(ct_json *j)
{
    ct_buf_putc(j->b, '\n');
}

void ct_json_kstr(ct_json *j, const char *k, const char *s)
{
    ct_json_key(j, k);
    ct_json_str(j, s);
}

void ct_json_kll(ct_json *j, const char *k, long long v)
{
    ct_json_key(j, k);
    ct_json_ll(j, v);
}

void ct_json_kdec(ct_json *j, const char *k, ct_decimal d)
{
    ct_json_key(j, k);
    ct_json_dec(j, d);
}

void ct_json_kbool(ct_json *j, const char *k, int v)
{
    ct_json_key(j, k);
    ct_json_bool(j, v);
}

void ct_json_kdec_opt(ct_json *j, const char *k, int has, ct_decimal d)
{
    ct_json_key(j, k);
    if (has)
        ct_json_dec(j, d);
    else
        ct_json_null(j);
}

int ct_json_ok(const ct_json *j)
{
    return j->b->oom ? CT_ENOMEM : CT_OK;
}
