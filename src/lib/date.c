/* date.c — calendar dates (ct_date in chitieu/record.h): the one parser of
 * a publication date given on a command line, in an index or a request,
 * and the one formatter every output (JSON, CSV, tables, the store's
 * column) writes it with. A day is one the month has (2026-02-29 and
 * 2026-04-31 are refused; 2024-02-29 is a day). */
#include "chitieu/record.h"
#include "chitieu/error.h"

#include <stdio.h>
#include <string.h>

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

int ct_date_parse(const char *s, ct_date *d)
{
    int n = 0, y, m, dd;
    d->d = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &dd, &n) == 3 && s[n] == '\0' && n == 10) {
        if (m < 1 || m > 12 || dd < 1 || dd > month_days(y, m) || y < 1900 || y > 2200)
            return CT_EPARSE;
        d->y = y, d->m = m, d->d = dd;
        return CT_OK;
    }
    n = 0;
    if (sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && s[n] == '\0' && n == 7 && m >= 1 && m <= 12 &&
        y >= 1900 && y <= 2200) {
        d->y = y, d->m = m, d->d = 0;
        return CT_OK;
    }
    return CT_EPARSE;
}

char *ct_date_format(ct_date d, char *out, size_t n)
{
    if (d.y > 0 && d.d > 0)
        snprintf(out, n, "%04d-%02d-%02d", d.y, d.m, d.d);
    else if (d.y > 0 && d.m > 0)
        snprintf(out, n, "%04d-%02d", d.y, d.m);
    else if (d.y > 0)
        snprintf(out, n, "%04d", d.y);
    else if (n)
        out[0] = '\0';
    return out;
}
