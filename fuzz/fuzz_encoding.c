/* fuzz_encoding — the text layer: the first byte forces an encoding (or
 * none: detection), the rest is the file. A decoded text is valid UTF-8;
 * UTF-8 given as such comes back byte for byte; the Vietnamese score never
 * counts more words than there are bytes. */
#include "chitieu/chitieu.h"
#include "doc_int.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static const char *const forced[] = {NULL,     "VISCII",   "CP1258",     "TCVN3",
                                         "UTF-16", "UTF-16BE", "TCVN5712-1", "UTF-8"};
    if (size < 1) return 0;
    const char *enc = forced[data[0] & 7];
    const char *b = (const char *)data + 1;
    size_t n = size - 1;
    ct_doc_opts o = {enc};
    ct_doc d;
    ct_error err;
    if (ct_doc_decode(b, n, "x.txt", &o, &d, &err) == CT_OK) {
        if (!d.text.data || ct_utf8_valid_prefix(d.text.data, d.text.len) != d.text.len) abort();
        if (d.type == CT_DOC_TEXT && d.identical && (d.text.len != n || memcmp(d.text.data, b, n)))
            abort();
        long good, bad, ctrl;
        ct__vi_score(d.text.data, d.text.len, &good, &bad, &ctrl);
        if (good < 0 || bad < 0 || ctrl < 0 || (size_t)(good + bad) > d.text.len) abort();
    } else if (!err.msg[0] || strchr(err.msg, '\n')) {
        abort();
    }
    ct_doc_free(&d);
    long good, bad, ctrl;
    ct__vi_score(b, n, &good, &bad, &ctrl); /* any bytes, valid or not */
    if ((size_t)(good + bad) > n) abort();
    return 0;
}
