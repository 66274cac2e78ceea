/* fuzz_period — contract period notation: parse, then format and parse
 * again must give the same interval. */
#include "chitieu/chitieu.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    ct_period p, q;
    if (ct_period_parse((const char *)data, size, &p) != CT_OK) return 0;
    char out[64];
    int n = ct_period_format(&p, out, sizeof out);
    if (n <= 0 || ct_period_parse(out, (size_t)n, &q) != CT_OK) abort();
    if (p.first != q.first || p.last != q.last || p.day != q.day) abort();
    ct_period r = ct_period_shift(p, -12);
    ct_period_format(&r, out, sizeof out);
    return 0;
}
