/* fuzz_pdf — PDF bytes in (poppler and our line joining): the text must be
 * valid UTF-8 with no empty line; a broken file is a one-line error. */
#include "chitieu/chitieu.h"
#include "doc_int.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    ct_buf out;
    ct_buf_init(&out);
    ct_error err;
    ct_error_clear(&err);
    if (ct__pdf_text((const char *)data, size, &out, &err) == CT_OK) {
        if (!out.data || ct_utf8_valid_prefix(out.data, out.len) != out.len) abort();
        if (strstr(out.data, "\n\n") || (out.len && out.data[0] == '\n')) abort();
    } else if (!err.msg[0] || strchr(err.msg, '\n')) {
        abort();
    }
    ct_buf_free(&out);
    return 0;
}
