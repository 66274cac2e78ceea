/* fuzz_html — a saved web page in: ct_doc_decode with a .html name, so the
 * text layer (charset, encodings) and the article chooser both run. The
 * text must be valid UTF-8 and NFC with no empty line; nothing may crash
 * or leak. */
#include "chitieu/chitieu.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    ct_doc d;
    ct_error err;
    if (ct_doc_decode((const char *)data, size, "page.html", NULL, &d, &err) == CT_OK) {
        const char *t = d.text.data;
        size_t n = d.text.len;
        if (!t || ct_utf8_valid_prefix(t, n) != n) abort();
        if (d.type == CT_DOC_HTML) {
            if (strstr(t, "\n\n") || (n && t[0] == '\n')) abort();
            utf8proc_uint8_t *nfc = NULL;
            utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)t, (utf8proc_ssize_t)n,
                                              &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
            if (m >= 0 && ((size_t)m != n || memcmp(nfc, t, n))) abort();
            free(nfc);
        }
    } else if (!err.msg[0] || strchr(err.msg, '\n')) {
        abort();
    }
    ct_doc_free(&d);
    return 0;
}
