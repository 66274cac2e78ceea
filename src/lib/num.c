/* num.c — Vietnamese numbers as exact decimals (see chitieu/num.h).
 *
 * Separator rules, in order:
 *   1. a ',' is the decimal mark (the last one; several commas with
 *      three-digit groups and no dot, "1,234,567", are English thousands);
 *   2. with no ',' the dots are thousands separators when every group after
 *      the first is exactly three digits ("1.812", "7.916.979");
 *   3. a single dot before a group that is not three digits is a decimal
 *      point ("2.5"); anything else is malformed.
 * So "11,496" is 11.496 and "1.812" is 1812: Vietnamese first. */
#include "chitieu/num.h"
#include "chitieu/error.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static int all_groups_three(const char *s, size_t n, char sep)
{
    size_t run = 0, groups = 0;
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == sep) {
            if (run == 0 || (!first && run != 3) || (first && run > 3)) return 0;
            first = 0;
            groups++;
            run = 0;
        } else {
            run++;
        }
    }
    return groups > 0 && run == 3;
}

int ct_num_parse(const char *s, size_t n, ct_decimal *out)
{
    if (n == 0) return CT_EPARSE;
    size_t ndots = 0, ncommas = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.')
            ndots++;
        else if (c == ',')
            ncommas++;
        else if (c < '0' || c > '9')
            return CT_EPARSE;
    }
    if (s[0] < '0' || s[0] > '9' || s[n - 1] < '0' || s[n - 1] > '9') return CT_EPARSE;
    char thou = 0, dec = 0;
    if (ncommas == 1) {
        dec = ',';
        thou = '.';
        /* the dots must all be before the comma, in three-digit groups */
        const char *comma = memchr(s, ',', n);
        if (ndots && !all_groups_three(s, (size_t)(comma - s), '.')) return CT_EPARSE;
        if (memchr(comma, '.', n - (size_t)(comma - s))) return CT_EPARSE;
    } else if (ncommas > 1) {
        if (ndots > 1 ||
            !all_groups_three(s, ndots ? (size_t)((const char *)memchr(s, '.', n) - s) : n, ','))
            return CT_EPARSE;
        thou = ',';
        dec = '.';
    } else if (ndots > 0) {
        if (all_groups_three(s, n, '.'))
            thou = '.';
        else if (ndots == 1)
            dec = '.';
        else
            return CT_EPARSE;
    }
    int64_t mant = 0;
    int exp = 0, seen_dec = 0, sig = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == thou) continue;
        if (c == dec) {
            seen_dec = 1;
            continue;
        }
        int d = c - '0';
        if (sig == 0 && d == 0 && !seen_dec) continue; /* leading zeros: "04" */
        if (seen_dec && exp <= -18) continue;          /* beyond any statistic's precision */
        if (sig >= 18) {
            if (seen_dec) continue; /* decimals beyond 18 digits: dropped */
            return CT_EINVAL;       /* an integer part that large is no statistic */
        }
        mant = mant * 10 + d;
        if (mant) sig++;
        if (seen_dec) exp--;
    }
    /* "0,50" keeps its written precision: mant 50, exp -2 */
    out->mant = mant;
    out->exp = exp;
    return CT_OK;
}

/* 10^e: the powers that are exact doubles from a table (pow gives the
 * same exact value for them, so results are unchanged), others by pow.
 * Series and checks call this for every value they compare. */
static double pow10i(int e)
{
    static const double p[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    return e >= 0 && e <= 22 ? p[e] : pow(10.0, e);
}

double ct_decimal_value(ct_decimal d)
{
    return (double)d.mant * pow10i(d.exp);
}

ct_decimal ct_decimal_scale(ct_decimal d, int k)
{
    /* the exponent moves, the digits stay: "548 tỷ" keeps its ±0,5 tỷ */
    d.exp += k;
    return d;
}

double ct_decimal_halfulp(ct_decimal d)
{
    return 0.5 * pow10i(d.exp);
}

int ct_decimal_json(ct_decimal d, char *out, size_t size)
{
    char digits[32];
    int64_t m = d.mant;
    int neg = m < 0;
    uint64_t um = neg ? (uint64_t)(-(m + 1)) + 1 : (uint64_t)m;
    int nd = 0;
    {
        char rev[24];
        uint64_t u = um;
        do {
            rev[nd++] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        for (int k = 0; k < nd; k++)
            digits[k] = rev[nd - 1 - k];
        digits[nd] = '\0';
    }
    char tmp[96];
    size_t p = 0;
    if (neg) tmp[p++] = '-';
    if (d.exp >= 0 || um == 0) {
        if (um == 0) {
            tmp[p++] = '0';
        } else {
            memcpy(tmp + p, digits, (size_t)nd);
            p += (size_t)nd;
            for (int i = 0; i < d.exp && p < sizeof tmp - 2; i++)
                tmp[p++] = '0';
        }
    } else {
        int frac = -d.exp;
        if (frac > 40) frac = 40; /* cannot come from ct_num_parse; keeps tmp in bounds */
        /* strip trailing zeros of the fraction */
        while (frac > 0 && nd > 1 && digits[nd - 1] == '0') {
            nd--;
            frac--;
        }
        if (frac >= nd) {
            tmp[p++] = '0';
            if (frac > 0) {
                tmp[p++] = '.';
                for (int i = 0; i < frac - nd; i++)
                    tmp[p++] = '0';
                memcpy(tmp + p, digits, (size_t)nd);
                p += (size_t)nd;
            }
        } else {
            memcpy(tmp + p, digits, (size_t)(nd - frac));
            p += (size_t)(nd - frac);
            if (frac > 0) {
                tmp[p++] = '.';
                memcpy(tmp + p, digits + nd - frac, (size_t)frac);
                p += (size_t)frac;
            }
        }
    }
    if (p == 2 && tmp[0] == '-' && tmp[1] == '0') p = 0, tmp[p++] = '0';
    tmp[p] = '\0';
    return snprintf(out, size, "%s", tmp);
}

int ct_num_format_vi(double v, int decimals, char *out, size_t size)
{
    char raw[64];
    if (decimals < 0) decimals = 0;
    if (decimals > 6) decimals = 6;
    if (!isfinite(v)) return snprintf(out, size, "?");
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    char *dot = strchr(raw, '.');
    size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw);
    char res[96];
    size_t p = 0;
    int neg = v < 0 && strspn(raw, "0.") != strlen(raw);
    if (neg) res[p++] = '-';
    for (size_t i = 0; i < intlen; i++) {
        if (i && (intlen - i) % 3 == 0) res[p++] = '.';
        res[p++] = raw[i];
    }
    if (dot) {
        size_t flen = strlen(dot + 1);
        while (flen && dot[flen] == '0')
            flen--;
        if (flen) {
            res[p++] = ',';
            memcpy(res + p, dot + 1, flen);
            p += flen;
        }
    }
    res[p] = '\0';
    return snprintf(out, size, "%s", res);
}
