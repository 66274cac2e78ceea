/* date.c — calendar dates (ct_date in chitieu/record.h): the one parser of
 * a publication date given on a command line, in an index or a request,
 * and the one formatter every output (JSON, CSV, tables, the store's
 * column) writes it with. No calendar arithmetic: a day is 1..31 whatever
 * the month, as the inputs have always been taken. */
#include "chitieu/record.h"
#include "chitieu/error.h"

#include <stdio.h>
#include <string.h>

int ct_date_parse(const char *s, ct_date *d)
{
    int n = 0, y, m, dd;
    d->d = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &dd, &n) == 3 && s[n] == '\0' && n == 10) {
        if (m < 1 || m > 12 || dd < 1 || dd > 31 || y < 1900 || y > 2200) return CT_EPARSE;
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
