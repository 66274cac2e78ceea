/* fuzz_catalog — catalogue lines from arbitrary bytes, merged over an
 * empty catalogue; then a lookup over the input text. */
#include "catalog_int.h"
#include "chitieu/chitieu.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    ct_catalog *c = ct_catalog_new();
    if (!c) return 0;
    ct_error err;
    ct_catalog_merge_mem(c, (const char *)data, size, "fuzz", &err);
    const ct__phrase *ph;
    for (size_t i = 0; i < size; i++) ct__catalog_match(c, (const char *)data, size, i, &ph);
    ct_catalog_free(c);
    return 0;
}
