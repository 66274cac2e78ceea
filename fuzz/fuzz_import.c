/* fuzz_import — structured records in: the first byte picks CSV or JSON
 * Lines, the rest is the file. Every good row must hold a catalogue
 * indicator, a set period and a unit; nothing may crash or leak. */
#include "chitieu/chitieu.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void ignore(void *ud, long line, const char *why)
{
    (void)ud;
    if (line < 1 || !why || !*why) abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static ct_catalog *cat;
    if (!cat) {
        ct_error err;
        cat = ct_catalog_load(CT_CATALOG, &err);
        if (!cat) abort();
    }
    if (size < 1) return 0;
    ct_import im;
    if (ct_import_read(cat, (const char *)data + 1, size - 1, data[0] & 1, "fuzz", ignore, NULL,
                       &im) == CT_OK) {
        for (size_t i = 0; i < im.n; i++) {
            const ct_import_row *r = &im.rows[i];
            if (!r->rec.ind || !ct_period_is_set(&r->rec.period) || !r->doc) abort();
            if (r->rec.type == CT_REC_OBSERVATION && !r->rec.unit) abort();
        }
    }
    ct_import_free(&im);
    return 0;
}
