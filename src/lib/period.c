/* period.c — month intervals and their contract notation (see period.h). */
#include "chitieu/period.h"
#include "chitieu/error.h"

#include <stdio.h>
#include <string.h>

int ct_period_is_set(const ct_period *p)
{
    return p->last > 0;
}

ct_period ct_period_month(int y, int m)
{
    ct_period p = {CT_MONTH(y, m), CT_MONTH(y, m), 0};
    return p;
}

ct_period ct_period_range(int y1, int m1, int y2, int m2)
{
    ct_period p = {CT_MONTH(y1, m1), CT_MONTH(y2, m2), 0};
    if (p.first > p.last) p.first = p.last;
    return p;
}

ct_period ct_period_shift(ct_period p, int months)
{
    if (!ct_period_is_set(&p)) return p;
    p.first += months;
    p.last += months;
    if (p.day) {
        static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int md = mdays[CT_MON_OF(p.last) - 1];
        if (p.day > md) p.day = md;
    }
    return p;
}

int ct_period_len(const ct_period *p)
{
    return ct_period_is_set(p) ? p->last - p->first + 1 : 0;
}

/* Digits of 0 <= v < 10^w, zero-padded to w, at o: the common periods are
 * written without snprintf (one per record and change on the hot path). */
static char *put_digits(char *o, int v, int w)
{
    for (int k = w - 1; k >= 0; k--, v /= 10)
        o[k] = (char)('0' + v % 10);
    return o + w;
}

int ct_period_format(const ct_period *p, char *out, size_t size)
{
    if (!ct_period_is_set(p)) return snprintf(out, size, "%s", "");
    if (size >= 16 && p->first == p->last && CT_YEAR_OF(p->first) >= 1000 &&
        CT_YEAR_OF(p->first) <= 9999 && p->day >= 0 && p->day <= 31) {
        char *o = put_digits(out, CT_YEAR_OF(p->first), 4);
        *o++ = '-';
        o = put_digits(o, CT_MON_OF(p->first), 2);
        if (p->day) {
            *o++ = '-';
            o = put_digits(o, p->day, 2);
        }
        *o = '\0';
        return (int)(o - out);
    }
    int ya = CT_YEAR_OF(p->first), ma = CT_MON_OF(p->first), mb = CT_MON_OF(p->last);
    if (size >= 16 && ya == CT_YEAR_OF(p->last) && ya >= 1000 && ya <= 9999) {
        char *o = put_digits(out, ya, 4);
        if (ma == 1 && mb == 12) {
            *o = '\0';
            return 4;
        }
        if ((ma - 1) % 3 == 0 && mb == ma + 2) {
            *o++ = '-';
            *o++ = 'Q';
            *o++ = (char)('1' + (ma - 1) / 3);
            *o = '\0';
            return 7;
        }
    }
    int y1 = CT_YEAR_OF(p->first), m1 = CT_MON_OF(p->first);
    int y2 = CT_YEAR_OF(p->last), m2 = CT_MON_OF(p->last);
    if (p->first == p->last) {
        if (p->day) return snprintf(out, size, "%04d-%02d-%02d", y2, m2, p->day);
        return snprintf(out, size, "%04d-%02d", y2, m2);
    }
    if (y1 == y2) {
        if (m1 == 1 && m2 == 12) return snprintf(out, size, "%04d", y1);
        if (m1 == 1 && m2 == 6) return snprintf(out, size, "%04d-S1", y1);
        if (m1 == 7 && m2 == 12) return snprintf(out, size, "%04d-S2", y1);
        if ((m1 - 1) % 3 == 0 && m2 == m1 + 2)
            return snprintf(out, size, "%04d-Q%d", y1, (m1 - 1) / 3 + 1);
    }
    return snprintf(out, size, "%04d-%02d/%04d-%02d", y1, m1, y2, m2);
}

static int read_int(const char *s, size_t n, size_t *i, int digits, int *out)
{
    int v = 0, k = 0;
    while (*i < n && k < digits && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    if (k != digits) return 0;
    *out = v;
    return 1;
}

/* One side of the notation: "2024", "2024-S1", "2024-Q1", "2024-02",
 * "2024-02-20". */
static int parse_one(const char *s, size_t n, ct_period *out)
{
    size_t i = 0;
    int y, m, d;
    if (!read_int(s, n, &i, 4, &y) || y < 1900 || y > 2200) return CT_EPARSE;
    if (i == n) {
        *out = ct_period_range(y, 1, y, 12);
        return CT_OK;
    }
    if (s[i++] != '-' || i >= n) return CT_EPARSE;
    char c = s[i];
    if (c == 'S' || c == 'H') {
        if (n != i + 2 || (s[i + 1] != '1' && s[i + 1] != '2')) return CT_EPARSE;
        int h = s[i + 1] - '0';
        *out = ct_period_range(y, h * 6 - 5, y, h * 6);
        return CT_OK;
    }
    if (c == 'Q') {
        if (n != i + 2 || s[i + 1] < '1' || s[i + 1] > '4') return CT_EPARSE;
        int q = s[i + 1] - '0';
        *out = ct_period_range(y, q * 3 - 2, y, q * 3);
        return CT_OK;
    }
    if (!read_int(s, n, &i, 2, &m) || m < 1 || m > 12) return CT_EPARSE;
    *out = ct_period_month(y, m);
    if (i == n) return CT_OK;
    if (s[i++] != '-' || !read_int(s, n, &i, 2, &d) || d < 1 || d > 31 || i != n) return CT_EPARSE;
    out->day = d;
    return CT_OK;
}

int ct_period_parse(const char *s, size_t n, ct_period *out)
{
    const char *slash = memchr(s, '/', n);
    if (!slash) return parse_one(s, n, out);
    ct_period a, b;
    if (parse_one(s, (size_t)(slash - s), &a) != CT_OK) return CT_EPARSE;
    if (parse_one(slash + 1, n - (size_t)(slash - s) - 1, &b) != CT_OK) return CT_EPARSE;
    if (a.first > b.last) return CT_EPARSE;
    out->first = a.first;
    out->last = b.last;
    out->day = 0; /* an interval ends with its month: "2020-Q1/2022-01-20" is 2020-01/2022-01 */
    return CT_OK;
}

int ct_period_eq(const ct_period *a, const ct_period *b)
{
    return a->first == b->first && a->last == b->last && a->day == b->day;
}

int ct_period_format_vi(const ct_period *p, char *out, size_t size)
{
    if (!ct_period_is_set(p)) return snprintf(out, size, "%s", "");
    int y1 = CT_YEAR_OF(p->first), m1 = CT_MON_OF(p->first);
    int y2 = CT_YEAR_OF(p->last), m2 = CT_MON_OF(p->last);
    if (p->first == p->last) {
        if (p->day) return snprintf(out, size, "ngày %d/%d/%d", p->day, m2, y2);
        return snprintf(out, size, "tháng %d/%d", m2, y2);
    }
    if (y1 == y2) {
        if (m1 == 1 && m2 == 12) return snprintf(out, size, "năm %d", y1);
        if (m1 == 7 && m2 == 12) return snprintf(out, size, "6 tháng cuối năm %d", y1);
        if ((m1 - 1) % 3 == 0 && m2 == m1 + 2)
            return snprintf(out, size, "quý %d/%d", (m1 - 1) / 3 + 1, y1);
        if (m1 == 1) return snprintf(out, size, "%d tháng đầu năm %d", m2, y1);
    }
    return snprintf(out, size, "từ tháng %d/%d đến tháng %d/%d", m1, y1, m2, y2);
}
